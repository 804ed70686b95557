/*
 * IWDFUsbTargetFactory, answered by the device object (a tear-off that
 * forwards identity to it), and IWDFUsbTargetDevice: the USB device as an
 * I/O target of the device, its interfaces, descriptors and control
 * transfers. One target device per device; a second CreateUsbTargetDevice
 * returns the same object.
 */
#include "usb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

void *wudf_usb_referenced(wudf_object *obj)
{
    wudf_object_addref(obj);
    return obj;
}

/* ---- IWDFUsbTargetFactory ---- */

typedef struct usb_factory {
    const IWDFUsbTargetFactoryVtbl *lpVtbl;
    atomic_long refs;
    wudf_device *device;  /* referenced */
} usb_factory;

static HRESULT STDMETHODCALLTYPE factory_QueryInterface(IWDFUsbTargetFactory *This, REFIID riid, void **ppv)
{
    usb_factory *f = (usb_factory *)(void *)This;
    if (ppv && riid && IsEqualIID(riid, &IID_IWDFUsbTargetFactory)) {
        atomic_fetch_add(&f->refs, 1);
        *ppv = This;
        return S_OK;
    }
    /* Everything else, IUnknown included, is the device's: one object identity. */
    return wudf_object_query(&f->device->obj, riid, ppv);
}

static ULONG STDMETHODCALLTYPE factory_AddRef(IWDFUsbTargetFactory *This)
{
    return (ULONG)(atomic_fetch_add(&((usb_factory *)(void *)This)->refs, 1) + 1);
}

static ULONG STDMETHODCALLTYPE factory_Release(IWDFUsbTargetFactory *This)
{
    usb_factory *f = (usb_factory *)(void *)This;
    long left = atomic_fetch_sub(&f->refs, 1) - 1;
    if (left == 0) {
        wudf_object_release(&f->device->obj);
        free(f);
    }
    return (ULONG)(left > 0 ? left : 0);
}

static const IWDFUsbTargetDeviceVtbl device_vtbl;
static const wudf_object_type device_type;

static HRESULT STDMETHODCALLTYPE factory_CreateUsbTargetDevice(IWDFUsbTargetFactory *This, IWDFUsbTargetDevice **out)
{
    usb_factory *f = (usb_factory *)(void *)This;
    wudf_host *host = f->device->obj.host;
    wudf_usb *usb = host->usb;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!usb) {
        wudf_log(WUDF_LOG_ERROR, "usb-target-refused",
                 "reason=\"the devnode is not a USB device (DEVICE_START had no usb.* keys)\"");
        return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED);
    }
    uv_mutex_lock(&usb->lock);
    wudf_usb_target *existing = usb->target;
    if (existing)
        wudf_object_addref(&existing->obj);
    int state = usb->state;
    uv_mutex_unlock(&usb->lock);
    if (existing) {
        *out = (IWDFUsbTargetDevice *)(void *)existing;
        return S_OK;
    }
    if (state != USB_OPEN)
        return HRESULT_FROM_NT(state == USB_GONE ? STATUS_DEVICE_NOT_CONNECTED : STATUS_INVALID_DEVICE_STATE);
    wudf_usb_target *t = calloc(1, sizeof *t);
    if (!t)
        return E_OUTOFMEMORY;
    t->usb = usb;
    t->device = f->device;
    wudf_target_state_init(&t->state, &t->obj, &wudf_usb_target_ops, "usb-device");
    wudf_object_init(&t->obj, &device_vtbl, &device_type, host, &f->device->obj, NULL);
    HRESULT hr = wudf_usb_interfaces_create(t);
    if (FAILED(hr)) {
        wudf_object_delete(&t->obj);
        return hr;
    }
    uv_mutex_lock(&usb->lock);
    usb->target = t;
    uv_mutex_unlock(&usb->lock);
    wudf_log(WUDF_LOG_INFO, "usb-target-created", "device=\"%s\" interfaces=%lu", usb->name,
             (unsigned long)t->interface_count);
    *out = wudf_usb_referenced(&t->obj);
    return S_OK;
}

static const IWDFUsbTargetFactoryVtbl factory_vtbl = {
    .QueryInterface = factory_QueryInterface,
    .AddRef = factory_AddRef,
    .Release = factory_Release,
    .CreateUsbTargetDevice = factory_CreateUsbTargetDevice,
};

HRESULT wudf_usb_factory_query(wudf_device *device, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    usb_factory *f = calloc(1, sizeof *f);
    if (!f) {
        *ppv = NULL;
        return E_OUTOFMEMORY;
    }
    f->lpVtbl = &factory_vtbl;
    atomic_init(&f->refs, 1);
    f->device = device;
    wudf_object_addref(&device->obj);
    *ppv = f;
    return S_OK;
}

/* ---- IWDFUsbTargetDevice ---- */

static wudf_usb_target *target_of(IWDFUsbTargetDevice *This)
{
    return (wudf_usb_target *)(void *)This;
}

wudf_usb_target *wudf_usb_target_from(const void *target)
{
    return wudf_object_has_vtbl(target, &device_vtbl) ? (wudf_usb_target *)(void *)target : NULL;
}

WUDF_OBJECT_METHODS(device, IWDFUsbTargetDevice)

static HRESULT STDMETHODCALLTYPE device_QueryInterfaceWithState(IWDFUsbTargetDevice *This, REFIID riid, void **ppv)
{
    if (riid && IsEqualIID(riid, &IID_IWDFIoTargetStateManagement))
        return wudf_target_state_query(&target_of(This)->state, ppv);
    return device_QueryInterface(This, riid, ppv);
}

static void STDMETHODCALLTYPE device_GetTargetFile(IWDFUsbTargetDevice *This, IWDFFile **file)
{
    if (file)
        *file = NULL;
}

static void STDMETHODCALLTYPE device_CancelSentRequestsForFile(IWDFUsbTargetDevice *This, IWDFFile *file)
{
    wudf_file *f = wudf_file_from(file);
    if (f)
        wudf_target_cancel_pended_for_file(&target_of(This)->state, f);
    wudf_usb_cancel_for_file(target_of(This)->usb, &target_of(This)->obj, file);
}

/* Reads and writes go to pipes; the default pipe takes control transfers only. */
static HRESULT STDMETHODCALLTYPE device_FormatRequestForRead(IWDFUsbTargetDevice *This, IWDFIoRequest *request,
                                                             IWDFFile *file, IWDFMemory *memory,
                                                             PWDFMEMORY_OFFSET memory_offset, PLONGLONG offset)
{
    return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
}

static HRESULT STDMETHODCALLTYPE device_FormatRequestForWrite(IWDFUsbTargetDevice *This, IWDFIoRequest *request,
                                                              IWDFFile *file, IWDFMemory *memory,
                                                              PWDFMEMORY_OFFSET memory_offset, PLONGLONG offset)
{
    return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
}

static HRESULT STDMETHODCALLTYPE device_FormatRequestForIoctl(IWDFUsbTargetDevice *This, IWDFIoRequest *request,
                                                              ULONG code, IWDFFile *file, IWDFMemory *input,
                                                              PWDFMEMORY_OFFSET input_offset, IWDFMemory *output,
                                                              PWDFMEMORY_OFFSET output_offset)
{
    return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
}

static WINUSB_INTERFACE_HANDLE STDMETHODCALLTYPE device_GetWinUsbHandle(IWDFUsbTargetDevice *This)
{
    return (WINUSB_INTERFACE_HANDLE)target_of(This)->usb; /* opaque: there is no WinUSB to call */
}

static UCHAR STDMETHODCALLTYPE device_GetNumInterfaces(IWDFUsbTargetDevice *This)
{
    return (UCHAR)target_of(This)->interface_count;
}

static HRESULT STDMETHODCALLTYPE device_RetrieveUsbInterface(IWDFUsbTargetDevice *This, UCHAR index,
                                                             IWDFUsbInterface **out)
{
    wudf_usb_target *t = target_of(This);
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (index >= t->interface_count || !t->interfaces[index])
        return E_INVALIDARG;
    *out = wudf_usb_referenced(&t->interfaces[index]->obj);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_FormatRequestForControlTransfer(IWDFUsbTargetDevice *This,
                                                                        IWDFIoRequest *request,
                                                                        PWINUSB_SETUP_PACKET setup,
                                                                        IWDFMemory *memory,
                                                                        PWDFMEMORY_OFFSET offset)
{
    return wudf_usb_format_control(target_of(This), request, setup, memory, offset);
}

static HRESULT STDMETHODCALLTYPE device_RetrieveDeviceInformation(IWDFUsbTargetDevice *This, ULONG type,
                                                                  ULONG *length, PVOID buffer)
{
    wudf_usb *usb = target_of(This)->usb;
    if (!length)
        return E_POINTER;
    if (type != DEVICE_SPEED)
        return E_INVALIDARG;
    if (*length < 1 || !buffer) {
        *length = 1;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    /* WinUSB's answer: anything faster than full speed reads as high speed. */
    UCHAR speed = usb->speed == LIBUSB_SPEED_LOW ? LowSpeed : usb->speed == LIBUSB_SPEED_FULL ? FullSpeed : HighSpeed;
    *(UCHAR *)buffer = speed;
    *length = 1;
    return S_OK;
}

/* A descriptor read from the device now: its header must agree with what was asked and received. */
static HRESULT read_live_descriptor(wudf_usb *usb, UCHAR type, UCHAR index, USHORT language, uint8_t *data,
                                    size_t *size)
{
    uv_mutex_lock(&usb->lock);
    int state = usb->state;
    uv_mutex_unlock(&usb->lock);
    if (state != USB_OPEN)
        return HRESULT_FROM_NT(state == USB_GONE ? STATUS_DEVICE_NOT_CONNECTED : STATUS_INVALID_DEVICE_STATE);
    int rc = usb->backend->control(usb, LIBUSB_ENDPOINT_IN, LIBUSB_REQUEST_GET_DESCRIPTOR,
                                   (uint16_t)(type << 8 | index), language, data, (uint16_t)*size, 5000);
    if (rc < 0)
        return HRESULT_FROM_NT(wudf_usb_status_from_error(rc));
    if (rc < 2 || data[0] < 2 || data[0] > rc || data[1] != type) {
        wudf_log(WUDF_LOG_WARN, "usb-bad-descriptor", "device=\"%s\" type=0x%02x index=%u received=%d", usb->name,
                 type, index, rc);
        return HRESULT_FROM_NT(STATUS_DEVICE_DATA_ERROR);
    }
    *size = data[0];
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_RetrieveDescriptor(IWDFUsbTargetDevice *This, UCHAR type, UCHAR index,
                                                           USHORT language, ULONG *length, PVOID buffer)
{
    wudf_usb *usb = target_of(This)->usb;
    if (!length || !buffer)
        return E_POINTER;
    /* The device and active configuration descriptors were checked at the start: hand out those. */
    const uint8_t *source = NULL;
    size_t available = 0;
    uint8_t live[255];
    if (type == USB_DEVICE_DESCRIPTOR_TYPE && index == 0) {
        source = usb->device_descriptor;
        available = sizeof usb->device_descriptor;
    } else if (type == USB_CONFIGURATION_DESCRIPTOR_TYPE && index == usb->config_index) {
        source = usb->config_bytes;
        available = usb->config.total_length;
    } else {
        available = sizeof live;
        HRESULT hr = read_live_descriptor(usb, type, index, language, live, &available);
        if (FAILED(hr))
            return hr;
        source = live;
    }
    size_t n = available < *length ? available : *length;
    memcpy(buffer, source, n);
    *length = (ULONG)n;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_RetrievePowerPolicy(IWDFUsbTargetDevice *This, ULONG type, ULONG *length,
                                                            PVOID value)
{
    wudf_usb_target *t = target_of(This);
    if (!length)
        return E_POINTER;
    ULONG need = type == AUTO_SUSPEND ? 1 : type == SUSPEND_DELAY ? 4 : 0;
    if (!need)
        return E_INVALIDARG;
    if (*length < need || !value) {
        *length = need;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    UCHAR on;
    ULONG delay;
    wudf_usb_policy_get(t->usb, &on, &delay);
    if (type == AUTO_SUSPEND)
        *(UCHAR *)value = on;
    else
        memcpy(value, &delay, 4);
    *length = need;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_SetPowerPolicy(IWDFUsbTargetDevice *This, ULONG type, ULONG length,
                                                       PVOID value)
{
    wudf_usb_target *t = target_of(This);
    /* WinUSB's idle policy (usb_winusb_idle.c): it applies while no driver owns the power policy. */
    ULONG delay;
    if (type == AUTO_SUSPEND && length >= 1 && value) {
        wudf_usb_policy_set(t->usb, *(UCHAR *)value != 0, 0);
    } else if (type == SUSPEND_DELAY && length >= 4 && value) {
        memcpy(&delay, value, 4);
        wudf_usb_policy_set(t->usb, -1, delay);
    } else {
        return E_INVALIDARG;
    }
    return S_OK;
}

static const IWDFUsbTargetDeviceVtbl device_vtbl = {
    WUDF_USB_TARGET_VTBL(device),
    .GetTargetFile = device_GetTargetFile,
    .CancelSentRequestsForFile = device_CancelSentRequestsForFile,
    .FormatRequestForRead = device_FormatRequestForRead,
    .FormatRequestForWrite = device_FormatRequestForWrite,
    .FormatRequestForIoctl = device_FormatRequestForIoctl,
    .GetWinUsbHandle = device_GetWinUsbHandle,
    .GetNumInterfaces = device_GetNumInterfaces,
    .RetrieveUsbInterface = device_RetrieveUsbInterface,
    .FormatRequestForControlTransfer = device_FormatRequestForControlTransfer,
    .RetrieveDeviceInformation = device_RetrieveDeviceInformation,
    .RetrieveDescriptor = device_RetrieveDescriptor,
    .RetrievePowerPolicy = device_RetrievePowerPolicy,
    .SetPowerPolicy = device_SetPowerPolicy,
};

static void device_cleanup(wudf_object *obj)
{
    wudf_usb_target *t = (wudf_usb_target *)(void *)obj;
    /* Control transfers still out; the pipes (children) cancelled theirs already. */
    if (wudf_usb_abort(t->usb, obj, 5000))
        wudf_log(WUDF_LOG_ERROR, "usb-target-cleanup", "reason=\"control transfers did not finish within 5 s\"");
    wudf_target_state_cleanup(&t->state);
    uv_mutex_lock(&t->usb->lock);
    if (t->usb->target == t)
        t->usb->target = NULL;
    uv_mutex_unlock(&t->usb->lock);
}

static void device_destroy(wudf_object *obj)
{
    wudf_usb_target *t = (wudf_usb_target *)(void *)obj;
    for (size_t i = 0; i < t->interface_count; i++)
        if (t->interfaces[i])
            wudf_object_release(&t->interfaces[i]->obj); /* the array's reference; cleaned with the tree */
    free(t->interfaces);
    wudf_target_state_destroy(&t->state);
}

static const IID *const device_iids[] = {&IID_IWDFIoTarget, &IID_IWDFUsbTargetDevice, NULL};
static const wudf_object_type device_type = {
    .name = "IWDFUsbTargetDevice",
    .iids = device_iids,
    .wdf_object = 1,
    .deletable = 1,
    .cleanup = device_cleanup,
    .destroy = device_destroy,
};
