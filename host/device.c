/*
 * IWDFDevice(2, 3): the device object of the hosted devnode. Owns the queues
 * and the default I/O target, routes request types to queues, holds the
 * device-level callback lock (SetLockingConstraint(WdfDeviceLevel)).
 * Symbolic links and device interfaces are in device_names.c.
 */
#include "stack.h"
#include "usb_hooks.h"
#include "watchdog.h"

#include <wudfusb.h> /* IID_IWDFUsbTargetFactory */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static wudf_device *dev_of(IWDFDevice3 *This)
{
    return (wudf_device *)(void *)This;
}

void wudf_device_enter(wudf_device *device)
{
    if (device && device->locking == WdfDeviceLevel)
        uv_mutex_lock(&device->callback_lock);
    wudf_watchdog_enter();
}

void wudf_device_leave(wudf_device *device)
{
    wudf_watchdog_leave();
    if (device && device->locking == WdfDeviceLevel)
        uv_mutex_unlock(&device->callback_lock);
}

WUDF_OBJECT_METHODS(device, IWDFDevice3)

static HRESULT STDMETHODCALLTYPE device_RetrieveDevicePropertyStore(IWDFDevice3 *This, PCWSTR service,
                                                                    WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags,
                                                                    IWDFNamedPropertyStore **store,
                                                                    WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    return wudf_property_store_create(dev_of(This)->obj.host, service, flags, store, disposition);
}

static void STDMETHODCALLTYPE device_GetDriver(IWDFDevice3 *This, IWDFDriver **driver)
{
    if (!driver)
        return;
    wudf_object_addref(&dev_of(This)->driver->obj);
    *driver = (IWDFDriver *)(void *)dev_of(This)->driver;
}

static HRESULT STDMETHODCALLTYPE device_RetrieveDeviceInstanceId(IWDFDevice3 *This, PWSTR buffer, DWORD *size)
{
    return wudf_copy_utf8_out(dev_of(This)->obj.host->instance_id, buffer, size);
}

static void STDMETHODCALLTYPE device_GetDefaultIoTarget(IWDFDevice3 *This, IWDFIoTarget **target)
{
    if (!target)
        return;
    wudf_io_target *t = dev_of(This)->default_target;
    if (t)
        wudf_object_addref(&t->obj);
    *target = (IWDFIoTarget *)(void *)t;
}

static HRESULT STDMETHODCALLTYPE device_CreateWdfFile(IWDFDevice3 *This, LPCWSTR name, IWDFDriverCreatedFile **file)
{
    return wudf_created_file_create(dev_of(This), name, file);
}

static void STDMETHODCALLTYPE device_GetDefaultIoQueue(IWDFDevice3 *This, IWDFIoQueue **queue)
{
    if (!queue)
        return;
    wudf_device *d = dev_of(This);
    uv_mutex_lock(&d->obj.host->lock);
    wudf_queue *q = d->default_queue;
    if (q)
        wudf_object_addref(&q->obj);
    uv_mutex_unlock(&d->obj.host->lock);
    *queue = (IWDFIoQueue *)(void *)q;
}

static HRESULT STDMETHODCALLTYPE device_CreateIoQueue(IWDFDevice3 *This, IUnknown *callback, BOOL default_queue,
                                                      WDF_IO_QUEUE_DISPATCH_TYPE type, BOOL power_managed,
                                                      BOOL allow_zero_length, IWDFIoQueue **out)
{
    wudf_queue *q;
    HRESULT hr = wudf_queue_create(dev_of(This), callback, default_queue, type, power_managed, allow_zero_length, &q);
    if (FAILED(hr))
        return hr;
    if (out) {
        wudf_object_addref(&q->obj);
        *out = (IWDFIoQueue *)(void *)q;
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE device_RetrieveDeviceName(IWDFDevice3 *This, PWSTR name, DWORD *length)
{
    /* A PDO-style name, unique per devnode: \Device\WUDF<devnode handle>. */
    char text[64];
    snprintf(text, sizeof text, "\\Device\\WUDF%08lx", (unsigned long)dev_of(This)->obj.host->device_id);
    return wudf_copy_utf8_out(text, name, length);
}

static HRESULT STDMETHODCALLTYPE device_PostEvent(IWDFDevice3 *This, REFGUID guid, WDF_EVENT_TYPE type, BYTE *data,
                                                  DWORD size)
{
    return wudf_device_post_event(dev_of(This), guid, type, data, size);
}

static HRESULT STDMETHODCALLTYPE device_ConfigureRequestDispatching(IWDFDevice3 *This, IWDFIoQueue *queue,
                                                                    WDF_REQUEST_TYPE type, BOOL forward)
{
    wudf_queue *q = wudf_queue_from(queue);
    if (!q || q->device != dev_of(This))
        return E_INVALIDARG;
    return wudf_queue_configure(dev_of(This), q, type, forward);
}

static void STDMETHODCALLTYPE device_SetPnpState(IWDFDevice3 *This, WDF_PNP_STATE state, WDF_TRI_STATE value)
{
    if (state > WdfPnpStateInvalid && state < WdfPnpStateMaximum)
        dev_of(This)->pnp_state[state] = value;
}

static WDF_TRI_STATE STDMETHODCALLTYPE device_GetPnpState(IWDFDevice3 *This, WDF_PNP_STATE state)
{
    if (state > WdfPnpStateInvalid && state < WdfPnpStateMaximum)
        return dev_of(This)->pnp_state[state];
    return WdfUseDefault;
}

static void STDMETHODCALLTYPE device_CommitPnpState(IWDFDevice3 *This)
{
    wudf_device *d = dev_of(This);
    /* The reflector has no Device Manager flags to show yet; the log keeps what the driver asked. */
    wudf_log(WUDF_LOG_INFO, "pnp-state",
             "disabled=%d failed=%d removed=%d resources_changed=%d dont_display_in_ui=%d not_disableable=%d",
             (int)d->pnp_state[WdfPnpStateDisabled], (int)d->pnp_state[WdfPnpStateFailed],
             (int)d->pnp_state[WdfPnpStateRemoved], (int)d->pnp_state[WdfPnpStateResourcesChanged],
             (int)d->pnp_state[WdfPnpStateDontDisplayInUI], (int)d->pnp_state[WdfPnpStateNotDisableable]);
}

static HRESULT STDMETHODCALLTYPE device_CreateRequest(IWDFDevice3 *This, IUnknown *callback, IWDFObject *parent,
                                                      IWDFIoRequest **request)
{
    return wudf_request_create_by_driver(dev_of(This), callback, (wudf_object *)(void *)parent, request);
}

static HRESULT STDMETHODCALLTYPE device_AssignS0IdleSettings(IWDFDevice3 *This,
                                                             WDF_POWER_POLICY_S0_IDLE_CAPABILITIES caps,
                                                             DEVICE_POWER_STATE dx, ULONG timeout,
                                                             WDF_POWER_POLICY_S0_IDLE_USER_CONTROL control,
                                                             WDF_TRI_STATE enabled)
{
    return wudf_power_assign_s0_idle(dev_of(This), caps, dx, timeout, control, enabled);
}

static HRESULT STDMETHODCALLTYPE device_StopIdle(IWDFDevice3 *This, BOOL wait_for_d0)
{
    return wudf_power_stop_idle(dev_of(This), wait_for_d0);
}

static void STDMETHODCALLTYPE device_ResumeIdle(IWDFDevice3 *This)
{
    wudf_power_resume_idle(dev_of(This));
}

static HRESULT STDMETHODCALLTYPE device_RegisterRemoteInterfaceNotification(IWDFDevice3 *This, LPCGUID guid,
                                                                            BOOL existing)
{
    return wudf_remote_register_notification(dev_of(This), guid, existing);
}

static HRESULT STDMETHODCALLTYPE device_CreateRemoteInterface(IWDFDevice3 *This, IWDFRemoteInterfaceInitialize *init,
                                                              IUnknown *callback, IWDFRemoteInterface **out)
{
    return wudf_remote_interface_create(dev_of(This), init, callback, out);
}

static HRESULT STDMETHODCALLTYPE device_CreateRemoteTarget(IWDFDevice3 *This, IUnknown *callback, IWDFObject *parent,
                                                           IWDFRemoteTarget **out)
{
    return wudf_remote_target_create(dev_of(This), callback, parent, out);
}

static void STDMETHODCALLTYPE device_GetDeviceStackIoTypePreference(IWDFDevice3 *This, WDF_DEVICE_IO_TYPE *read_write,
                                                                    WDF_DEVICE_IO_TYPE *ioctl)
{
    wudf_io_stack_types(dev_of(This)->obj.host, read_write, ioctl);
}

static HRESULT STDMETHODCALLTYPE device_AssignSxWakeSettings(IWDFDevice3 *This, DEVICE_POWER_STATE dx,
                                                             WDF_POWER_POLICY_SX_WAKE_USER_CONTROL control,
                                                             WDF_TRI_STATE enabled)
{
    return wudf_power_assign_sx_wake(dev_of(This), dx, control, enabled);
}

static POWER_ACTION STDMETHODCALLTYPE device_GetSystemPowerAction(IWDFDevice3 *This)
{
    return wudf_power_action(dev_of(This));
}

/* IWDFUsbTargetFactory is answered by a tear-off of the device (usb_device.c). */
static HRESULT STDMETHODCALLTYPE device_QueryInterfaceWithUsb(IWDFDevice3 *This, REFIID riid, void **ppv)
{
    if (riid && IsEqualIID(riid, &IID_IWDFUsbTargetFactory))
        return wudf_usb_factory_query(dev_of(This), ppv);
    if (riid &&
        (IsEqualIID(riid, &IID_IWDFPropertyStoreFactory) || IsEqualIID(riid, &IID_IWDFUnifiedPropertyStoreFactory)))
        return wudf_property_factory_query(dev_of(This), riid, ppv);
    if (riid && IsEqualIID(riid, &IID_IWDFFileHandleTargetFactory))
        return wudf_file_handle_factory_query(dev_of(This), riid, ppv);
    return device_QueryInterface(This, riid, ppv);
}

static const IWDFDevice3Vtbl device_vtbl = {
    .QueryInterface = device_QueryInterfaceWithUsb,
    .AddRef = device_AddRef,
    .Release = device_Release,
    .DeleteWdfObject = device_DeleteWdfObject,
    .AssignContext = device_AssignContext,
    .RetrieveContext = device_RetrieveContext,
    .AcquireLock = device_AcquireLock,
    .ReleaseLock = device_ReleaseLock,
    .RetrieveDevicePropertyStore = device_RetrieveDevicePropertyStore,
    .GetDriver = device_GetDriver,
    .RetrieveDeviceInstanceId = device_RetrieveDeviceInstanceId,
    .GetDefaultIoTarget = device_GetDefaultIoTarget,
    .CreateWdfFile = device_CreateWdfFile,
    .GetDefaultIoQueue = device_GetDefaultIoQueue,
    .CreateIoQueue = device_CreateIoQueue,
    .CreateDeviceInterface = wudf_device_CreateDeviceInterface,
    .AssignDeviceInterfaceState = wudf_device_AssignDeviceInterfaceState,
    .RetrieveDeviceName = device_RetrieveDeviceName,
    .PostEvent = device_PostEvent,
    .ConfigureRequestDispatching = device_ConfigureRequestDispatching,
    .SetPnpState = device_SetPnpState,
    .GetPnpState = device_GetPnpState,
    .CommitPnpState = device_CommitPnpState,
    .CreateRequest = device_CreateRequest,
    .CreateSymbolicLink = wudf_device_CreateSymbolicLink,
    .AssignS0IdleSettings = device_AssignS0IdleSettings,
    .StopIdle = device_StopIdle,
    .ResumeIdle = device_ResumeIdle,
    .CreateSymbolicLinkWithReferenceString = wudf_device_CreateSymbolicLinkWithReferenceString,
    .RegisterRemoteInterfaceNotification = device_RegisterRemoteInterfaceNotification,
    .CreateRemoteInterface = device_CreateRemoteInterface,
    .CreateRemoteTarget = device_CreateRemoteTarget,
    .GetDeviceStackIoTypePreference = device_GetDeviceStackIoTypePreference,
    .AssignSxWakeSettings = device_AssignSxWakeSettings,
    .GetSystemPowerAction = device_GetSystemPowerAction,
    .MapIoSpace = wudf_device3_MapIoSpace,
    .UnmapIoSpace = wudf_device3_UnmapIoSpace,
    .GetHardwareRegisterMappedAddress = wudf_device3_GetHardwareRegisterMappedAddress,
    .ReadFromHardware = wudf_device3_ReadFromHardware,
    .WriteToHardware = wudf_device3_WriteToHardware,
    .CreateInterrupt = wudf_device3_CreateInterrupt,
    .CreateWorkItem = wudf_device3_CreateWorkItem,
    .AssignS0IdleSettingsEx = wudf_device3_AssignS0IdleSettingsEx,
};

static void device_cleanup(wudf_object *obj)
{
    wudf_device *d = (wudf_device *)(void *)obj;
    WUDF_RELEASE(d->pnp);
    WUDF_RELEASE(d->hardware);
    WUDF_RELEASE(d->self_managed_io);
    WUDF_RELEASE(d->hardware_interrupt);
    WUDF_RELEASE(d->file_cleanup);
    WUDF_RELEASE(d->file_close);
    uv_mutex_lock(&obj->host->lock);
    if (obj->host->device == d)
        obj->host->device = NULL;
    if (d->layer && d->layer->device == d)
        d->layer->device = NULL;
    uv_mutex_unlock(&obj->host->lock);
}

static void device_destroy(wudf_object *obj)
{
    wudf_device *d = (wudf_device *)(void *)obj;
    wudf_device_free_names(d);
    wudf_power_free(d);
    uv_mutex_destroy(&d->names_lock);
    uv_mutex_destroy(&d->callback_lock);
}

static const IID *const device_iids[] = {&IID_IWDFDevice, &IID_IWDFDevice2, &IID_IWDFDevice3, NULL};
static const wudf_object_type device_type = {
    .name = "IWDFDevice",
    .iids = device_iids,
    .wdf_object = 1,
    .cleanup = device_cleanup,
    .destroy = device_destroy,
};

HRESULT wudf_device_create(wudf_driver *driver, wudf_device_init *init, IUnknown *callback, wudf_device **out)
{
    wudf_host *host = driver->obj.host;
    wudf_layer *layer = driver->layer;
    uv_mutex_lock(&host->lock);
    int exists = layer ? layer->device != NULL : host->device != NULL;
    uv_mutex_unlock(&host->lock);
    if (init->device_created || exists)
        return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS); /* one device per driver of the stack */
    wudf_device *d = calloc(1, sizeof *d);
    if (!d)
        return E_OUTOFMEMORY;
    uv_mutex_init_recursive(&d->callback_lock);
    uv_mutex_init(&d->names_lock);
    d->driver = driver;
    d->layer = layer;
    d->filter = init->filter;
    d->auto_forward = init->auto_forward;
    d->locking = init->locking;
    /* A driver owns the power policy only when it asked (SetPowerPolicyOwnership(TRUE)). */
    d->power_policy_owner = init->power_policy_owner;
    memcpy(d->pnp_capabilities, init->pnp_capabilities, sizeof d->pnp_capabilities);
    wudf_list_init(&d->queues);
    wudf_object_init(&d->obj, &device_vtbl, &device_type, host, &driver->obj, callback);
    /* IWDFObject::AcquireLock on the device takes the device-level callback lock, as in UMDF. */
    d->obj.lock = &d->callback_lock;
    d->pnp = wudf_object_query_callback(&d->obj, &IID_IPnpCallback);
    d->hardware = wudf_object_query_callback(&d->obj, &IID_IPnpCallbackHardware);
    d->self_managed_io = wudf_object_query_callback(&d->obj, &IID_IPnpCallbackSelfManagedIo);
    d->hardware_interrupt = wudf_object_query_callback(&d->obj, &IID_IPnpCallbackHardwareInterrupt);
    d->file_cleanup = wudf_object_query_callback(&d->obj, &IID_IFileCallbackCleanup);
    d->file_close = wudf_object_query_callback(&d->obj, &IID_IFileCallbackClose);
    d->default_target = wudf_io_target_create(d);
    if (!d->default_target || wudf_power_create(d)) {
        wudf_object_delete(&d->obj);
        return E_OUTOFMEMORY;
    }
    init->device_created = 1;
    /* Layers add their devices bottom first: the newest is the top, where requests enter. */
    uv_mutex_lock(&host->lock);
    host->device = d;
    if (layer)
        layer->device = d;
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_INFO, "device-created", "instance=%s locking=%s service=%s filter=%d", host->instance_id,
             d->locking == WdfDeviceLevel ? "device" : "none", wudf_device_service_name(d), d->filter ? 1 : 0);
    wudf_object_addref(&d->obj); /* the driver's reference; the driver object holds the other */
    *out = d;
    return S_OK;
}
