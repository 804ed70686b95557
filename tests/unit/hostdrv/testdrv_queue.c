/*
 * The host tests' driver, queue side: one callback object for the default
 * queue (create, read, write, ioctl, cancel, state change, cleanup). The
 * ioctls of testdrv.h make it echo, hold, block, fail or misbehave on demand.
 */
#include "testdrv_internal.h"

#include <string.h>

typedef struct queue_callback {
    IQueueCallbackCreate create; /* also the object's IUnknown */
    IQueueCallbackRead read;
    IQueueCallbackWrite write;
    IQueueCallbackDeviceIoControl ioctl;
    IRequestCallbackCancel cancel;
    IQueueCallbackStateChange state;
    IObjectCleanup cleanup;
    atomic_long refs;
} queue_callback;

static queue_callback qc;

static HRESULT qc_query(REFIID riid, void **ppv)
{
    void *itf = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IQueueCallbackCreate))
        itf = &qc.create;
    else if (IsEqualIID(riid, &IID_IQueueCallbackRead))
        itf = &qc.read;
    else if (IsEqualIID(riid, &IID_IQueueCallbackWrite))
        itf = &qc.write;
    else if (IsEqualIID(riid, &IID_IQueueCallbackDeviceIoControl))
        itf = &qc.ioctl;
    else if (IsEqualIID(riid, &IID_IRequestCallbackCancel))
        itf = &qc.cancel;
    else if (IsEqualIID(riid, &IID_IQueueCallbackStateChange))
        itf = &qc.state;
    else if (IsEqualIID(riid, &IID_IObjectCleanup))
        itf = &qc.cleanup;
    *ppv = itf;
    if (!itf)
        return E_NOINTERFACE;
    atomic_fetch_add(&qc.refs, 1);
    return S_OK;
}

#define QC_UNKNOWN(prefix, Itf)                                                                          \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(Itf *This, REFIID riid, void **ppv)         \
    {                                                                                                   \
        return qc_query(riid, ppv);                                                                     \
    }                                                                                                   \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(Itf *This) { return (ULONG)(atomic_fetch_add(&qc.refs, 1) + 1); } \
    static ULONG STDMETHODCALLTYPE prefix##_Release(Itf *This) { return (ULONG)(atomic_fetch_sub(&qc.refs, 1) - 1); }

QC_UNKNOWN(create, IQueueCallbackCreate)

static void STDMETHODCALLTYPE create_OnCreateFile(IQueueCallbackCreate *This, IWDFIoQueue *queue,
                                                  IWDFIoRequest *request, IWDFFile *file)
{
    testdrv_enter();
    testdrv_bump(TESTDRV_ON_CREATE_FILE);
    WCHAR name[128];
    DWORD size = sizeof name / sizeof name[0];
    if (SUCCEEDED(IWDFFile_RetrieveFileName(file, name, &size))) {
        testdrv_lock();
        testdrv_ascii(name, testdrv_s.last_file, sizeof testdrv_s.last_file);
        testdrv_unlock();
    }
    IWDFIoRequest_Complete(request, testdrv_s.fail_create ? E_ACCESSDENIED : S_OK);
    testdrv_leave();
}

QC_UNKNOWN(read, IQueueCallbackRead)

static void STDMETHODCALLTYPE read_OnRead(IQueueCallbackRead *This, IWDFIoQueue *queue, IWDFIoRequest *request,
                                          SIZE_T length)
{
    testdrv_enter();
    testdrv_bump(TESTDRV_ON_READ);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetOutputMemory(request, &memory);
    testdrv_lock();
    size_t n = testdrv_s.data_length < length ? testdrv_s.data_length : length;
    HRESULT hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, testdrv_s.data, n) : S_OK;
    testdrv_unlock();
    if (memory)
        IWDFMemory_Release(memory);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? n : 0);
    testdrv_leave();
}

QC_UNKNOWN(write, IQueueCallbackWrite)

static void STDMETHODCALLTYPE write_OnWrite(IQueueCallbackWrite *This, IWDFIoQueue *queue, IWDFIoRequest *request,
                                            SIZE_T length)
{
    testdrv_enter();
    testdrv_bump(TESTDRV_ON_WRITE);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetInputMemory(request, &memory);
    HRESULT hr = S_OK;
    size_t n = length < sizeof testdrv_s.data ? length : sizeof testdrv_s.data;
    testdrv_lock();
    if (memory)
        hr = IWDFMemory_CopyToBuffer(memory, 0, testdrv_s.data, n);
    testdrv_s.data_length = SUCCEEDED(hr) ? n : 0;
    testdrv_unlock();
    if (memory)
        IWDFMemory_Release(memory);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? n : 0);
    testdrv_leave();
}

/* Copies min(size, output) bytes of data to the request's output and completes it. */
static void complete_with(IWDFIoRequest *request, const void *data, SIZE_T size, SIZE_T output)
{
    SIZE_T n = size < output ? size : output;
    IWDFMemory *memory = NULL;
    HRESULT hr = S_OK;
    if (n) {
        IWDFIoRequest_GetOutputMemory(request, &memory);
        hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, (void *)data, n) : E_UNEXPECTED;
        if (memory)
            IWDFMemory_Release(memory);
    }
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? n : 0);
}

static void echo(IWDFIoRequest *request, SIZE_T input, SIZE_T output)
{
    unsigned char buffer[4096];
    SIZE_T n = input < sizeof buffer ? input : sizeof buffer;
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetInputMemory(request, &memory);
    HRESULT hr = memory ? IWDFMemory_CopyToBuffer(memory, 0, buffer, n) : S_OK;
    if (memory)
        IWDFMemory_Release(memory);
    if (FAILED(hr))
        IWDFIoRequest_Complete(request, hr);
    else
        complete_with(request, buffer, memory ? n : 0, output);
}

static void block(IWDFIoRequest *request)
{
    uint64_t deadline = uv_hrtime() + 10000u * 1000000u;
    testdrv_lock();
    while (!testdrv_s.unblocked) {
        uint64_t now = uv_hrtime();
        if (now >= deadline || uv_cond_timedwait(&testdrv_s.changed, &testdrv_s.lock, deadline - now))
            break;
    }
    testdrv_unlock();
    IWDFIoRequest_Complete(request, S_OK);
}

static void release_held(void)
{
    for (;;) {
        IWDFIoRequest *held = testdrv_take_held();
        if (!held)
            return;
        IWDFIoRequest_UnmarkCancelable(held);
        IWDFIoRequest_Complete(held, S_OK);
    }
}

QC_UNKNOWN(ioctl, IQueueCallbackDeviceIoControl)

static void STDMETHODCALLTYPE ioctl_OnDeviceIoControl(IQueueCallbackDeviceIoControl *This, IWDFIoQueue *queue,
                                                      IWDFIoRequest *request, ULONG code, SIZE_T input, SIZE_T output)
{
    testdrv_enter();
    testdrv_bump(TESTDRV_ON_IOCTL);
    switch (code) {
    case TESTDRV_IOCTL_ECHO:
        echo(request, input, output);
        break;
    case TESTDRV_IOCTL_HOLD:
        testdrv_hold(request);
        break;
    case TESTDRV_IOCTL_HOLD_CANCELABLE:
        /* Held before marking: a cancel routine running at once must find it. */
        testdrv_hold(request);
        IWDFIoRequest_MarkCancelable(request, &qc.cancel);
        break;
    case TESTDRV_IOCTL_DOUBLE_COMPLETE:
        IWDFIoRequest_CompleteWithInformation(request, S_OK, 0);
        IWDFIoRequest_CompleteWithInformation(request, E_FAIL, 0);
        break;
    case TESTDRV_IOCTL_COUNTERS: {
        uint32_t counters[TESTDRV_COUNTER_COUNT];
        testdrv_lock();
        memcpy(counters, testdrv_s.counters, sizeof counters);
        testdrv_unlock();
        complete_with(request, counters, sizeof counters, output);
        break;
    }
    case TESTDRV_IOCTL_BLOCK:
        block(request);
        break;
    case TESTDRV_IOCTL_UNBLOCK:
        testdrv_unblock();
        IWDFIoRequest_Complete(request, S_OK);
        break;
    case TESTDRV_IOCTL_NOT_IMPLEMENTED: {
        static const GUID event = {0x1, 0x2, 0x3, {4, 5, 6, 7, 8, 9, 10, 11}};
        IWDFDevice *device = NULL;
        IWDFIoQueue_GetDevice(queue, &device);
        HRESULT hr = IWDFDevice_PostEvent(device, &event, WdfEventBroadcast, NULL, 0);
        IWDFDevice_Release(device);
        complete_with(request, &hr, sizeof hr, output);
        break;
    }
    case TESTDRV_IOCTL_SEND: {
        IWDFDevice *device = NULL;
        IWDFIoTarget *target = NULL;
        IWDFIoQueue_GetDevice(queue, &device);
        IWDFDevice_GetDefaultIoTarget(device, &target);
        IWDFDevice_Release(device);
        IWDFIoRequest_FormatUsingCurrentType(request);
        HRESULT hr = IWDFIoRequest_Send(request, target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
        if (SUCCEEDED(hr)) {
            IWDFRequestCompletionParams *params = NULL;
            IWDFIoRequest_GetCompletionParams(request, &params);
            hr = params ? IWDFRequestCompletionParams_GetCompletionStatus(params) : E_UNEXPECTED;
            if (params)
                IWDFRequestCompletionParams_Release(params);
        }
        IWDFIoTarget_Release(target);
        IWDFIoRequest_Complete(request, hr);
        break;
    }
    case TESTDRV_IOCTL_FAIL:
        IWDFIoRequest_Complete(request, HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER));
        break;
    case TESTDRV_IOCTL_RELEASE_HELD:
        release_held();
        IWDFIoRequest_Complete(request, S_OK);
        break;
    default:
        IWDFIoRequest_Complete(request, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        break;
    }
    testdrv_leave();
}

QC_UNKNOWN(cancel, IRequestCallbackCancel)

static void STDMETHODCALLTYPE cancel_OnCancel(IRequestCallbackCancel *This, IWDFIoRequest *request)
{
    testdrv_enter();
    testdrv_bump(TESTDRV_ON_CANCEL);
    testdrv_lock();
    int completes = testdrv_s.cancel_completes;
    testdrv_unlock();
    if (completes && testdrv_unhold(request))
        IWDFIoRequest_Complete(request, HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
    testdrv_leave();
}

QC_UNKNOWN(state, IQueueCallbackStateChange)

static void STDMETHODCALLTYPE state_OnStateChange(IQueueCallbackStateChange *This, IWDFIoQueue *queue,
                                                  WDF_IO_QUEUE_STATE state)
{
    testdrv_bump(TESTDRV_ON_STATE_CHANGE);
}

QC_UNKNOWN(cleanup, IObjectCleanup)

static void STDMETHODCALLTYPE cleanup_OnCleanup(IObjectCleanup *This, IWDFObject *object)
{
    testdrv_bump(TESTDRV_ON_OBJECT_CLEANUP);
}

static const IQueueCallbackCreateVtbl create_vtbl = {create_QueryInterface, create_AddRef, create_Release,
                                                     create_OnCreateFile};
static const IQueueCallbackReadVtbl read_vtbl = {read_QueryInterface, read_AddRef, read_Release, read_OnRead};
static const IQueueCallbackWriteVtbl write_vtbl = {write_QueryInterface, write_AddRef, write_Release, write_OnWrite};
static const IQueueCallbackDeviceIoControlVtbl ioctl_vtbl = {ioctl_QueryInterface, ioctl_AddRef, ioctl_Release,
                                                             ioctl_OnDeviceIoControl};
static const IRequestCallbackCancelVtbl cancel_vtbl = {cancel_QueryInterface, cancel_AddRef, cancel_Release,
                                                       cancel_OnCancel};
static const IQueueCallbackStateChangeVtbl state_vtbl = {state_QueryInterface, state_AddRef, state_Release,
                                                         state_OnStateChange};
static const IObjectCleanupVtbl cleanup_vtbl = {cleanup_QueryInterface, cleanup_AddRef, cleanup_Release,
                                                cleanup_OnCleanup};

static queue_callback qc = {
    .create = {&create_vtbl},
    .read = {&read_vtbl},
    .write = {&write_vtbl},
    .ioctl = {&ioctl_vtbl},
    .cancel = {&cancel_vtbl},
    .state = {&state_vtbl},
    .cleanup = {&cleanup_vtbl},
};

IUnknown *testdrv_queue_callback(void)
{
    return (IUnknown *)&qc.create;
}

long testdrv_queue_callback_refs(void)
{
    return atomic_load(&qc.refs);
}

void testdrv_queue_callback_reset(void)
{
    atomic_store(&qc.refs, 0);
}

IRequestCallbackCancel *testdrv_cancel_callback(void)
{
    return &qc.cancel;
}

IQueueCallbackStateChange *testdrv_queue_callback_state(void)
{
    return &qc.state;
}
