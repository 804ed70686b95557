/*
 * IWDFDeviceInitialize(2): what OnDeviceAdd configures before CreateDevice
 * (locking constraint, filter, PnP capabilities ...). Lives for the
 * duration of OnDeviceAdd plus whatever references the driver keeps.
 */
#include "framework.h"

#include <stdlib.h>

#include "log.h"

WUDF_UNKNOWN_METHODS(init, IWDFDeviceInitialize2)

static wudf_device_init *init_of(IWDFDeviceInitialize2 *This)
{
    return (wudf_device_init *)(void *)This;
}

static void STDMETHODCALLTYPE init_SetFilter(IWDFDeviceInitialize2 *This)
{
    /* The device passes request types it has no callback for down the stack, and auto-forwards
     * creates, cleanups and closes (stack.c). */
    init_of(This)->filter = TRUE;
}

static void STDMETHODCALLTYPE init_SetLockingConstraint(IWDFDeviceInitialize2 *This, WDF_CALLBACK_CONSTRAINT type)
{
    if (type != None && type != WdfDeviceLevel) {
        wudf_driver_bug("invalid-locking-constraint", "SetLockingConstraint takes None or WdfDeviceLevel");
        return;
    }
    init_of(This)->locking = type;
}

static HRESULT STDMETHODCALLTYPE init_RetrieveDevicePropertyStore(IWDFDeviceInitialize2 *This, PCWSTR service,
                                                                  WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags,
                                                                  IWDFNamedPropertyStore **store,
                                                                  WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    return wudf_property_store_create(init_of(This)->obj.host, service, flags, store, disposition);
}

static void STDMETHODCALLTYPE init_SetPowerPolicyOwnership(IWDFDeviceInitialize2 *This, BOOL owner)
{
    init_of(This)->power_policy_owner = owner;
}

static void STDMETHODCALLTYPE init_AutoForwardCreateCleanupClose(IWDFDeviceInitialize2 *This, WDF_TRI_STATE state)
{
    init_of(This)->auto_forward = state;
}

static HRESULT STDMETHODCALLTYPE init_RetrieveDeviceInstanceId(IWDFDeviceInitialize2 *This, PWSTR buffer,
                                                               DWORD *size)
{
    return wudf_copy_utf8_out(init_of(This)->obj.host->instance_id, buffer, size);
}

static void STDMETHODCALLTYPE init_SetPnpCapability(IWDFDeviceInitialize2 *This, WDF_PNP_CAPABILITY capability,
                                                    WDF_TRI_STATE value)
{
    if (capability <= WdfPnpCapInvalid || capability >= WdfPnpCapMaximum)
        return;
    init_of(This)->pnp_capabilities[capability] = value;
}

static WDF_TRI_STATE STDMETHODCALLTYPE init_GetPnpCapability(IWDFDeviceInitialize2 *This,
                                                             WDF_PNP_CAPABILITY capability)
{
    if (capability <= WdfPnpCapInvalid || capability >= WdfPnpCapMaximum)
        return WdfUseDefault;
    return init_of(This)->pnp_capabilities[capability];
}

static void STDMETHODCALLTYPE init_SetIoTypePreference(IWDFDeviceInitialize2 *This,
                                                       WDF_DEVICE_IO_BUFFER_RETRIEVAL retrieval,
                                                       WDF_DEVICE_IO_TYPE read_write, WDF_DEVICE_IO_TYPE ioctl)
{
    wudf_device_init *di = init_of(This);
    /* "it must do so from its OnDeviceAdd callback function, before the driver calls CreateDevice". */
    if (di->device_created) {
        wudf_driver_bug("io-type-preference-after-create-device", "SetIoTypePreference after CreateDevice: ignored");
        return;
    }
    wudf_io_set_preference(di->obj.host, retrieval, read_write, ioctl);
}

static const IWDFDeviceInitialize2Vtbl init_vtbl = {
    WUDF_UNKNOWN_VTBL(init),
    .SetFilter = init_SetFilter,
    .SetLockingConstraint = init_SetLockingConstraint,
    .RetrieveDevicePropertyStore = init_RetrieveDevicePropertyStore,
    .SetPowerPolicyOwnership = init_SetPowerPolicyOwnership,
    .AutoForwardCreateCleanupClose = init_AutoForwardCreateCleanupClose,
    .RetrieveDeviceInstanceId = init_RetrieveDeviceInstanceId,
    .SetPnpCapability = init_SetPnpCapability,
    .GetPnpCapability = init_GetPnpCapability,
    .SetIoTypePreference = init_SetIoTypePreference,
};

static const IID *const init_iids[] = {&IID_IWDFDeviceInitialize, &IID_IWDFDeviceInitialize2, NULL};
static const wudf_object_type init_type = {
    .name = "IWDFDeviceInitialize",
    .iids = init_iids,
};

wudf_device_init *wudf_device_init_create(wudf_host *host)
{
    wudf_device_init *di = calloc(1, sizeof *di);
    if (!di)
        return NULL;
    wudf_object_init(&di->obj, &init_vtbl, &init_type, host, NULL, NULL);
    di->locking = WdfDeviceLevel; /* the UMDF default */
    /* "By default, UMDF drivers are not registered as power-policy owners" (SetPowerPolicyOwnership):
     * AssignS0IdleSettings and the rest need the explicit call, as on Windows. */
    di->power_policy_owner = FALSE;
    return di;
}

wudf_device_init *wudf_device_init_from(IWDFDeviceInitialize *init)
{
    return wudf_object_has_vtbl(init, &init_vtbl) ? (wudf_device_init *)(void *)init : NULL;
}
