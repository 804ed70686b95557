/* The drivers' stand-in framework (see test_fake_framework.h). Unused vtable slots stay NULL: a driver
 * that calls one crashes the test, which is what such a surprise deserves. */
#include "test_fake_framework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTAINER(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

int fake_module_load(fake_module *m, const char *file_name)
{
    char path[4096];
    size_t size = sizeof path;
    if (uv_exepath(path, &size) != 0)
        return -1;
    char *slash = strrchr(path, '/');
    char *backslash = strrchr(path, '\\');
    if (backslash && (!slash || backslash > slash))
        slash = backslash;
    if (!slash)
        return -1;
    snprintf(slash + 1, sizeof path - (size_t)(slash + 1 - path), "drivers/UMDF/%s", file_name);
    if (uv_dlopen(path, &m->lib) != 0) {
        fprintf(stderr, "cannot load %s: %s\n", path, uv_dlerror(&m->lib));
        return -1;
    }
    void *symbol;
    if (uv_dlsym(&m->lib, "DllGetClassObject", &symbol) != 0 || uv_dlsym(&m->lib, "DllCanUnloadNow", &symbol) != 0) {
        fprintf(stderr, "%s lacks DllGetClassObject or DllCanUnloadNow\n", path);
        uv_dlclose(&m->lib);
        return -1;
    }
    memcpy(&m->can_unload_now, &symbol, sizeof symbol);
    uv_dlsym(&m->lib, "DllGetClassObject", &symbol);
    memcpy(&m->get_class_object, &symbol, sizeof symbol);
    return 0;
}

int fake_module_setup(void **state, const char *file_name)
{
    static fake_module m;
    if (fake_module_load(&m, file_name) != 0)
        return -1;
    *state = &m;
    return 0;
}

int fake_module_teardown(void **state)
{
    uv_dlclose(&((fake_module *)*state)->lib);
    return 0;
}

/* --- IWDFMemory -------------------------------------------------------------------------------- */

static HRESULT STDMETHODCALLTYPE memory_QueryInterface(IWDFMemory *This, REFIID riid, void **ppv)
{
    *ppv = NULL;
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &IID_IWDFObject) && !IsEqualIID(riid, &IID_IWDFMemory))
        return E_NOINTERFACE;
    IWDFMemory_AddRef(This);
    *ppv = This;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE memory_AddRef(IWDFMemory *This)
{
    return (ULONG)++((fake_memory *)(void *)This)->refs;
}

static ULONG STDMETHODCALLTYPE memory_Release(IWDFMemory *This)
{
    return (ULONG)--((fake_memory *)(void *)This)->refs;
}

static HRESULT STDMETHODCALLTYPE memory_CopyToBuffer(IWDFMemory *This, ULONG_PTR offset, void *target, SIZE_T n)
{
    fake_memory *m = (fake_memory *)(void *)This;
    if (offset > m->size || n > m->size - offset)
        return E_INVALIDARG;
    memcpy(target, m->data + offset, n);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE memory_CopyFromBuffer(IWDFMemory *This, ULONG_PTR offset, void *source, SIZE_T n)
{
    fake_memory *m = (fake_memory *)(void *)This;
    if (offset > m->size || n > m->size - offset)
        return E_INVALIDARG;
    memcpy(m->data + offset, source, n);
    return S_OK;
}

static SIZE_T STDMETHODCALLTYPE memory_GetSize(IWDFMemory *This)
{
    return ((fake_memory *)(void *)This)->size;
}

static void *STDMETHODCALLTYPE memory_GetDataBuffer(IWDFMemory *This, SIZE_T *size)
{
    fake_memory *m = (fake_memory *)(void *)This;
    if (size)
        *size = m->size;
    return m->data;
}

static const IWDFMemoryVtbl memory_vtbl = {
    .QueryInterface = memory_QueryInterface,
    .AddRef = memory_AddRef,
    .Release = memory_Release,
    .CopyToBuffer = memory_CopyToBuffer,
    .CopyFromBuffer = memory_CopyFromBuffer,
    .GetSize = memory_GetSize,
    .GetDataBuffer = memory_GetDataBuffer,
};

static fake_memory *memory_new(const void *data, SIZE_T size)
{
    if (size == 0)
        return NULL;
    fake_memory *m = calloc(1, sizeof *m);
    m->iface.lpVtbl = &memory_vtbl;
    m->refs = 1;
    m->data = calloc(1, size);
    m->size = size;
    if (data)
        memcpy(m->data, data, size);
    return m;
}

/* --- IWDFFile ---------------------------------------------------------------------------------- */

static ULONG STDMETHODCALLTYPE file_AddRef(IWDFFile *This)
{
    return (ULONG)++((fake_file *)(void *)This)->refs;
}

static ULONG STDMETHODCALLTYPE file_Release(IWDFFile *This)
{
    return (ULONG)--((fake_file *)(void *)This)->refs;
}

static const IWDFFileVtbl file_vtbl = {
    .AddRef = file_AddRef,
    .Release = file_Release,
};

fake_file *fake_file_new(void)
{
    fake_file *f = calloc(1, sizeof *f);
    f->iface.lpVtbl = &file_vtbl;
    f->refs = 1;
    return f;
}

void fake_file_free(fake_file *f)
{
    free(f);
}

/* --- IWDFIoRequest ----------------------------------------------------------------------------- */

static fake_request *req(IWDFIoRequest *This)
{
    return (fake_request *)(void *)This;
}

static ULONG STDMETHODCALLTYPE request_AddRef(IWDFIoRequest *This)
{
    return (ULONG)++req(This)->refs;
}

static ULONG STDMETHODCALLTYPE request_Release(IWDFIoRequest *This)
{
    return (ULONG)--req(This)->refs;
}

static void STDMETHODCALLTYPE request_CompleteWithInformation(IWDFIoRequest *This, HRESULT status, SIZE_T information)
{
    fake_request *r = req(This);
    r->completed_on = uv_thread_self();
    r->completions++;
    r->status = status;
    r->information = information;
}

static void STDMETHODCALLTYPE request_SetInformation(IWDFIoRequest *This, ULONG_PTR information)
{
    req(This)->information = information;
}

static void STDMETHODCALLTYPE request_Complete(IWDFIoRequest *This, HRESULT status)
{
    request_CompleteWithInformation(This, status, req(This)->information);
}

static WDF_REQUEST_TYPE STDMETHODCALLTYPE request_GetType(IWDFIoRequest *This)
{
    return req(This)->type;
}

static void STDMETHODCALLTYPE request_GetDeviceIoControlParameters(IWDFIoRequest *This, ULONG *code, SIZE_T *in,
                                                                   SIZE_T *out)
{
    /* The code is not kept: the tests pass it to the callback directly. */
    if (code)
        *code = 0;
    if (in)
        *in = req(This)->in ? req(This)->in->size : 0;
    if (out)
        *out = req(This)->out ? req(This)->out->size : 0;
}

static IWDFMemory *referenced(fake_memory *m)
{
    if (!m)
        return NULL;
    m->refs++;
    return &m->iface;
}

static void STDMETHODCALLTYPE request_GetOutputMemory(IWDFIoRequest *This, IWDFMemory **memory)
{
    *memory = referenced(req(This)->out);
}

static void STDMETHODCALLTYPE request_GetInputMemory(IWDFIoRequest *This, IWDFMemory **memory)
{
    *memory = referenced(req(This)->in);
}

static void STDMETHODCALLTYPE request_MarkCancelable(IWDFIoRequest *This, IRequestCallbackCancel *cancel)
{
    IRequestCallbackCancel_AddRef(cancel);
    req(This)->cancel = cancel;
}

static HRESULT STDMETHODCALLTYPE request_UnmarkCancelable(IWDFIoRequest *This)
{
    fake_request *r = req(This);
    if (r->cancel_started)
        return HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED);
    if (r->cancel)
        IRequestCallbackCancel_Release(r->cancel);
    r->cancel = NULL;
    return S_OK;
}

static void STDMETHODCALLTYPE request_GetFileObject(IWDFIoRequest *This, IWDFFile **file)
{
    fake_file *f = req(This)->file;
    if (f)
        f->refs++;
    *file = f ? &f->iface : NULL;
}

static const IWDFIoRequestVtbl request_vtbl = {
    .AddRef = request_AddRef,
    .Release = request_Release,
    .CompleteWithInformation = request_CompleteWithInformation,
    .SetInformation = request_SetInformation,
    .Complete = request_Complete,
    .GetType = request_GetType,
    .GetDeviceIoControlParameters = request_GetDeviceIoControlParameters,
    .GetOutputMemory = request_GetOutputMemory,
    .GetInputMemory = request_GetInputMemory,
    .MarkCancelable = request_MarkCancelable,
    .UnmarkCancelable = request_UnmarkCancelable,
    .GetFileObject = request_GetFileObject,
};

fake_request *fake_request_new(WDF_REQUEST_TYPE type, fake_file *file, const void *in, SIZE_T in_size, SIZE_T out_size)
{
    fake_request *r = calloc(1, sizeof *r);
    r->iface.lpVtbl = &request_vtbl;
    r->refs = 1;
    r->type = type;
    r->file = file;
    r->in = memory_new(in, in_size);
    r->out = memory_new(NULL, out_size);
    return r;
}

void fake_request_free(fake_request *r)
{
    if (r->in)
        free(r->in->data);
    if (r->out)
        free(r->out->data);
    free(r->in);
    free(r->out);
    free(r);
}

/* --- IWDFIoQueue ------------------------------------------------------------------------------- */

static ULONG STDMETHODCALLTYPE queue_AddRef(IWDFIoQueue *This)
{
    return (ULONG)++((fake_queue *)(void *)This)->refs;
}

static ULONG STDMETHODCALLTYPE queue_Release(IWDFIoQueue *This)
{
    return (ULONG)--((fake_queue *)(void *)This)->refs;
}

static void STDMETHODCALLTYPE queue_GetDevice(IWDFIoQueue *This, IWDFDevice **device)
{
    fake_device *d = ((fake_queue *)(void *)This)->device;
    d->refs++;
    *device = &d->iface;
}

static const IWDFIoQueueVtbl queue_vtbl = {
    .AddRef = queue_AddRef,
    .Release = queue_Release,
    .GetDevice = queue_GetDevice,
};

/* --- IWDFNamedPropertyStore -------------------------------------------------------------------- */

static fake_property_store *store_of(IWDFNamedPropertyStore *This)
{
    return (fake_property_store *)(void *)This;
}

static ULONG STDMETHODCALLTYPE store_AddRef(IWDFNamedPropertyStore *This)
{
    return (ULONG)++store_of(This)->refs;
}

static ULONG STDMETHODCALLTYPE store_Release(IWDFNamedPropertyStore *This)
{
    return (ULONG)--store_of(This)->refs;
}

/* Registry names compare without regard to case. */
static int name_equal(const char *ascii, LPCWSTR wide)
{
    for (; *ascii && *wide; ascii++, wide++) {
        WCHAR a = (WCHAR)(unsigned char)*ascii, b = *wide;
        if (a >= 'A' && a <= 'Z')
            a = (WCHAR)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (WCHAR)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return !*ascii && !*wide;
}

static HRESULT STDMETHODCALLTYPE store_GetNamedValue(IWDFNamedPropertyStore *This, LPCWSTR name, PROPVARIANT *pv)
{
    const char *const *settings = store_of(This)->settings;
    if (!name || !pv)
        return E_INVALIDARG;
    for (size_t i = 0; settings && settings[i] && settings[i + 1]; i += 2) {
        if (!name_equal(settings[i], name))
            continue;
        size_t n = strlen(settings[i + 1]);
        WCHAR *value = CoTaskMemAlloc((n + 1) * sizeof(WCHAR));
        if (!value)
            return E_OUTOFMEMORY;
        for (size_t k = 0; k <= n; k++)
            value[k] = (WCHAR)(unsigned char)settings[i + 1][k];
        PropVariantInit(pv);
        pv->vt = VT_LPWSTR;
        pv->pwszVal = value;
        return S_OK;
    }
    return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
}

static const IWDFNamedPropertyStoreVtbl store_vtbl = {
    .AddRef = store_AddRef,
    .Release = store_Release,
    .GetNamedValue = store_GetNamedValue,
};

/* --- IWDFDevice -------------------------------------------------------------------------------- */

static fake_device *dev(IWDFDevice *This)
{
    return (fake_device *)(void *)This;
}

static ULONG STDMETHODCALLTYPE device_AddRef(IWDFDevice *This)
{
    return (ULONG)++dev(This)->refs;
}

static ULONG STDMETHODCALLTYPE device_Release(IWDFDevice *This)
{
    return (ULONG)--dev(This)->refs;
}

static HRESULT copy_out(const char *text, PWSTR buffer, DWORD *size)
{
    DWORD needed = (DWORD)strlen(text) + 1;
    if (buffer && *size < needed) {
        *size = needed;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    if (buffer)
        for (DWORD i = 0; i < needed; i++)
            buffer[i] = (WCHAR)(unsigned char)text[i];
    *size = needed;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_RetrieveDeviceInstanceId(IWDFDevice *This, PWSTR buffer, DWORD *size)
{
    return copy_out(dev(This)->instance_id, buffer, size);
}

static HRESULT STDMETHODCALLTYPE device_CreateIoQueue(IWDFDevice *This, IUnknown *callback, BOOL is_default,
                                                      WDF_IO_QUEUE_DISPATCH_TYPE dispatch, BOOL power_managed,
                                                      BOOL zero_length, IWDFIoQueue **out)
{
    fake_device *d = dev(This);
    if (d->queue_count == FAKE_MAX_QUEUES)
        return E_OUTOFMEMORY;
    fake_queue *q = &d->queues[d->queue_count++];
    q->iface.lpVtbl = &queue_vtbl;
    q->refs = 1;
    q->device = d;
    q->is_default = is_default;
    q->dispatch = dispatch;
    if (callback)
        IUnknown_QueryInterface(callback, &IID_IUnknown, (void **)&q->callback);
    if (out) {
        q->refs++;
        *out = &q->iface;
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_ConfigureRequestDispatching(IWDFDevice *This, IWDFIoQueue *queue,
                                                                    WDF_REQUEST_TYPE type, BOOL forward)
{
    if (type != WdfRequestDeviceIoControl || !forward)
        return E_NOTIMPL;
    dev(This)->ioctl_queue = (fake_queue *)(void *)queue;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_CreateSymbolicLink(IWDFDevice *This, PCWSTR link)
{
    fake_device *d = dev(This);
    size_t i = 0;
    for (; link[i] && i + 1 < sizeof d->symbolic_link; i++)
        d->symbolic_link[i] = link[i] < 0x80 ? (char)link[i] : '?';
    d->symbolic_link[i] = '\0';
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_CreateDeviceInterface(IWDFDevice *This, LPCGUID guid, PCWSTR reference)
{
    return guid ? S_OK : E_INVALIDARG;
}

static HRESULT STDMETHODCALLTYPE device_RetrieveDevicePropertyStore(IWDFDevice *This, PCWSTR service,
                                                                    WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags,
                                                                    IWDFNamedPropertyStore **store,
                                                                    WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    if (!store)
        return E_POINTER;
    fake_property_store *s = &dev(This)->store;
    s->refs++;
    *store = &s->iface;
    if (disposition)
        *disposition = OpenedExistingStore;
    return S_OK;
}

static const IWDFDeviceVtbl device_vtbl = {
    .AddRef = device_AddRef,
    .Release = device_Release,
    .RetrieveDeviceInstanceId = device_RetrieveDeviceInstanceId,
    .RetrieveDevicePropertyStore = device_RetrieveDevicePropertyStore,
    .CreateIoQueue = device_CreateIoQueue,
    .ConfigureRequestDispatching = device_ConfigureRequestDispatching,
    .CreateSymbolicLink = device_CreateSymbolicLink,
    .CreateDeviceInterface = device_CreateDeviceInterface,
};

/* --- IWDFDeviceInitialize and IWDFDriver ------------------------------------------------------- */

static ULONG STDMETHODCALLTYPE init_AddRef(IWDFDeviceInitialize *This)
{
    return (ULONG)++CONTAINER(This, fake_framework, init)->init_refs;
}

static ULONG STDMETHODCALLTYPE init_Release(IWDFDeviceInitialize *This)
{
    return (ULONG)--CONTAINER(This, fake_framework, init)->init_refs;
}

static void STDMETHODCALLTYPE init_SetLockingConstraint(IWDFDeviceInitialize *This, WDF_CALLBACK_CONSTRAINT locking)
{
    CONTAINER(This, fake_framework, init)->locking = locking;
}

static HRESULT STDMETHODCALLTYPE init_RetrieveDeviceInstanceId(IWDFDeviceInitialize *This, PWSTR buffer, DWORD *size)
{
    return copy_out(CONTAINER(This, fake_framework, init)->device.instance_id, buffer, size);
}

static const IWDFDeviceInitializeVtbl init_vtbl = {
    .AddRef = init_AddRef,
    .Release = init_Release,
    .SetLockingConstraint = init_SetLockingConstraint,
    .RetrieveDeviceInstanceId = init_RetrieveDeviceInstanceId,
};

static ULONG STDMETHODCALLTYPE driver_AddRef(IWDFDriver *This)
{
    return (ULONG)++CONTAINER(This, fake_framework, driver)->driver_refs;
}

static ULONG STDMETHODCALLTYPE driver_Release(IWDFDriver *This)
{
    return (ULONG)--CONTAINER(This, fake_framework, driver)->driver_refs;
}

static HRESULT STDMETHODCALLTYPE driver_CreateDevice(IWDFDriver *This, IWDFDeviceInitialize *init, IUnknown *callback,
                                                     IWDFDevice **out)
{
    fake_framework *fw = CONTAINER(This, fake_framework, driver);
    if (fw->device_created || init != &fw->init)
        return E_INVALIDARG;
    fw->device_created = 1;
    fake_device *d = &fw->device;
    if (callback)
        IUnknown_QueryInterface(callback, &IID_IUnknown, (void **)&d->callback);
    d->refs = 2; /* the framework's and the one handed out */
    *out = &d->iface;
    return S_OK;
}

static const IWDFDriverVtbl driver_vtbl = {
    .AddRef = driver_AddRef,
    .Release = driver_Release,
    .CreateDevice = driver_CreateDevice,
};

void fake_framework_init(fake_framework *fw, const char *instance_id)
{
    memset(fw, 0, sizeof *fw);
    fw->driver.lpVtbl = &driver_vtbl;
    fw->init.lpVtbl = &init_vtbl;
    fw->driver_refs = 1;
    fw->init_refs = 1;
    fw->locking = WdfDeviceLevel;
    fw->device.iface.lpVtbl = &device_vtbl;
    fw->device.instance_id = instance_id;
    fw->device.store.iface.lpVtbl = &store_vtbl;
}

void fake_framework_set_settings(fake_framework *fw, const char *const *settings)
{
    fw->device.store.settings = settings;
}

static HRESULT hardware_call(fake_framework *fw, int prepare)
{
    IPnpCallbackHardware *callback = NULL;
    if (!fw->device.callback ||
        FAILED(IUnknown_QueryInterface(fw->device.callback, &IID_IPnpCallbackHardware, (void **)&callback)))
        return S_OK;
    HRESULT hr = prepare ? IPnpCallbackHardware_OnPrepareHardware(callback, &fw->device.iface)
                         : IPnpCallbackHardware_OnReleaseHardware(callback, &fw->device.iface);
    IPnpCallbackHardware_Release(callback);
    return hr;
}

HRESULT fake_prepare_hardware(fake_framework *fw)
{
    return hardware_call(fw, 1);
}

HRESULT fake_release_hardware(fake_framework *fw)
{
    return hardware_call(fw, 0);
}

void fake_framework_release_callbacks(fake_framework *fw)
{
    for (int i = 0; i < fw->device.queue_count; i++) {
        if (fw->device.queues[i].callback)
            IUnknown_Release(fw->device.queues[i].callback);
        fw->device.queues[i].callback = NULL;
    }
    if (fw->device.callback)
        IUnknown_Release(fw->device.callback);
    fw->device.callback = NULL;
}

/* --- Dispatch ---------------------------------------------------------------------------------- */

static fake_queue *default_queue(fake_framework *fw)
{
    for (int i = 0; i < fw->device.queue_count; i++)
        if (fw->device.queues[i].is_default)
            return &fw->device.queues[i];
    return NULL;
}

/* The queue's callback object as the interface iid, referenced; NULL if it lacks it. */
static void *queue_callback(fake_queue *q, REFIID iid)
{
    void *callback = NULL;
    if (q && q->callback && FAILED(IUnknown_QueryInterface(q->callback, iid, &callback)))
        callback = NULL;
    return callback;
}

void fake_create(fake_framework *fw, fake_request *r)
{
    fake_queue *q = default_queue(fw);
    IQueueCallbackCreate *callback = queue_callback(q, &IID_IQueueCallbackCreate);
    if (!callback) {
        request_Complete(&r->iface, S_OK); /* UMDF opens the file itself */
        return;
    }
    IQueueCallbackCreate_OnCreateFile(callback, &q->iface, &r->iface, &r->file->iface);
    IQueueCallbackCreate_Release(callback);
}

void fake_read(fake_framework *fw, fake_request *r)
{
    fake_queue *q = default_queue(fw);
    IQueueCallbackRead *callback = queue_callback(q, &IID_IQueueCallbackRead);
    if (!callback) {
        request_Complete(&r->iface, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        return;
    }
    IQueueCallbackRead_OnRead(callback, &q->iface, &r->iface, r->out ? r->out->size : 0);
    IQueueCallbackRead_Release(callback);
}

void fake_write(fake_framework *fw, fake_request *r)
{
    fake_queue *q = default_queue(fw);
    IQueueCallbackWrite *callback = queue_callback(q, &IID_IQueueCallbackWrite);
    if (!callback) {
        request_Complete(&r->iface, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        return;
    }
    IQueueCallbackWrite_OnWrite(callback, &q->iface, &r->iface, r->in ? r->in->size : 0);
    IQueueCallbackWrite_Release(callback);
}

void fake_ioctl(fake_framework *fw, fake_request *r, ULONG code)
{
    fake_queue *q = fw->device.ioctl_queue ? fw->device.ioctl_queue : default_queue(fw);
    IQueueCallbackDeviceIoControl *callback = queue_callback(q, &IID_IQueueCallbackDeviceIoControl);
    if (!callback) {
        request_Complete(&r->iface, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        return;
    }
    IQueueCallbackDeviceIoControl_OnDeviceIoControl(callback, &q->iface, &r->iface, code, r->in ? r->in->size : 0,
                                                    r->out ? r->out->size : 0);
    IQueueCallbackDeviceIoControl_Release(callback);
}

int fake_cancel(fake_request *r)
{
    IRequestCallbackCancel *cancel = r->cancel;
    if (!cancel || r->cancel_started)
        return 0;
    r->cancel_started = 1;
    r->cancel = NULL;
    IRequestCallbackCancel_OnCancel(cancel, &r->iface);
    IRequestCallbackCancel_Release(cancel);
    return 1;
}

void fake_cleanup(fake_framework *fw, fake_file *f)
{
    IFileCallbackCleanup *callback = NULL;
    if (fw->device.callback &&
        SUCCEEDED(IUnknown_QueryInterface(fw->device.callback, &IID_IFileCallbackCleanup, (void **)&callback))) {
        IFileCallbackCleanup_OnCleanupFile(callback, &f->iface);
        IFileCallbackCleanup_Release(callback);
    }
}

void fake_close(fake_framework *fw, fake_file *f)
{
    IFileCallbackClose *callback = NULL;
    if (fw->device.callback &&
        SUCCEEDED(IUnknown_QueryInterface(fw->device.callback, &IID_IFileCallbackClose, (void **)&callback))) {
        IFileCallbackClose_OnCloseFile(callback, &f->iface);
        IFileCallbackClose_Release(callback);
    }
}
