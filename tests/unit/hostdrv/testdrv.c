/*
 * The host tests' driver (testdrv.h): class factory, IDriverEntry and the
 * device callback object (PnP, self-managed I/O, file cleanup/close). COM
 * objects are static and count their references, so a test can check that
 * the framework released every one of them.
 */
#include "testdrv_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char failstep[32];

void testdrv_set_failstep(const char *step)
{
    testdrv_lock();
    snprintf(failstep, sizeof failstep, "%s", step);
    testdrv_unlock();
}

/* ---- Device callback object ---- */

typedef struct device_callback {
    IPnpCallbackHardware hardware; /* also the object's IUnknown */
    IPnpCallback pnp;
    IPnpCallbackSelfManagedIo self_managed_io;
    IPnpCallbackHardwareInterrupt interrupt;
    IFileCallbackCleanup file_cleanup;
    IFileCallbackClose file_close;
    IObjectCleanup object_cleanup;
    atomic_long refs;
} device_callback;

static device_callback dc;

static HRESULT dc_query(REFIID riid, void **ppv)
{
    void *itf = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IPnpCallbackHardware))
        itf = &dc.hardware;
    else if (IsEqualIID(riid, &IID_IPnpCallback))
        itf = &dc.pnp;
    else if (IsEqualIID(riid, &IID_IPnpCallbackSelfManagedIo))
        itf = &dc.self_managed_io;
    else if (IsEqualIID(riid, &IID_IPnpCallbackHardwareInterrupt))
        itf = &dc.interrupt;
    else if (IsEqualIID(riid, &IID_IFileCallbackCleanup))
        itf = &dc.file_cleanup;
    else if (IsEqualIID(riid, &IID_IFileCallbackClose))
        itf = &dc.file_close;
    else if (IsEqualIID(riid, &IID_IObjectCleanup))
        itf = &dc.object_cleanup;
    *ppv = itf;
    if (!itf)
        return E_NOINTERFACE;
    atomic_fetch_add(&dc.refs, 1);
    return S_OK;
}

#define DC_UNKNOWN(prefix, Itf)                                                                           \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(Itf *This, REFIID riid, void **ppv)          \
    {                                                                                                    \
        return dc_query(riid, ppv);                                                                      \
    }                                                                                                    \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(Itf *This) { return (ULONG)(atomic_fetch_add(&dc.refs, 1) + 1); } \
    static ULONG STDMETHODCALLTYPE prefix##_Release(Itf *This) { return (ULONG)(atomic_fetch_sub(&dc.refs, 1) - 1); }

static int failing(const char *step)
{
    return strcmp(failstep, step) == 0;
}

DC_UNKNOWN(hw, IPnpCallbackHardware)

static HRESULT STDMETHODCALLTYPE hw_OnPrepareHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    testdrv_bump(TESTDRV_ON_PREPARE_HARDWARE);
    return failing("preparehardware") ? E_FAIL : S_OK;
}

static HRESULT STDMETHODCALLTYPE hw_OnReleaseHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    testdrv_bump(TESTDRV_ON_RELEASE_HARDWARE);
    return S_OK;
}

static const IPnpCallbackHardwareVtbl hw_vtbl = {hw_QueryInterface, hw_AddRef, hw_Release, hw_OnPrepareHardware,
                                                 hw_OnReleaseHardware};

DC_UNKNOWN(pnp, IPnpCallback)

static HRESULT STDMETHODCALLTYPE pnp_OnD0Entry(IPnpCallback *This, IWDFDevice *device, WDF_POWER_DEVICE_STATE from)
{
    testdrv_bump(TESTDRV_ON_D0_ENTRY);
    return failing("d0entry") || from != WdfPowerDeviceD3Final ? E_FAIL : S_OK;
}

static HRESULT STDMETHODCALLTYPE pnp_OnD0Exit(IPnpCallback *This, IWDFDevice *device, WDF_POWER_DEVICE_STATE to)
{
    testdrv_bump(TESTDRV_ON_D0_EXIT);
    return S_OK;
}

static void STDMETHODCALLTYPE pnp_OnSurpriseRemoval(IPnpCallback *This, IWDFDevice *device)
{
}

static HRESULT STDMETHODCALLTYPE pnp_OnQueryRemove(IPnpCallback *This, IWDFDevice *device)
{
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE pnp_OnQueryStop(IPnpCallback *This, IWDFDevice *device)
{
    return S_OK;
}

static const IPnpCallbackVtbl pnp_vtbl = {pnp_QueryInterface, pnp_AddRef,          pnp_Release,
                                          pnp_OnD0Entry,      pnp_OnD0Exit,        pnp_OnSurpriseRemoval,
                                          pnp_OnQueryRemove,  pnp_OnQueryStop};

DC_UNKNOWN(smio, IPnpCallbackSelfManagedIo)

static void STDMETHODCALLTYPE smio_OnSelfManagedIoCleanup(IPnpCallbackSelfManagedIo *This, IWDFDevice *device)
{
    testdrv_bump(TESTDRV_ON_SELF_MANAGED_IO_CLEANUP);
}

static void STDMETHODCALLTYPE smio_OnSelfManagedIoFlush(IPnpCallbackSelfManagedIo *This, IWDFDevice *device)
{
}

static HRESULT STDMETHODCALLTYPE smio_OnSelfManagedIoInit(IPnpCallbackSelfManagedIo *This, IWDFDevice *device)
{
    testdrv_bump(TESTDRV_ON_SELF_MANAGED_IO_INIT);
    return failing("selfmanagedioinit") ? E_FAIL : S_OK;
}

static HRESULT STDMETHODCALLTYPE smio_OnOther(IPnpCallbackSelfManagedIo *This, IWDFDevice *device)
{
    return S_OK;
}

static const IPnpCallbackSelfManagedIoVtbl smio_vtbl = {
    smio_QueryInterface,      smio_AddRef,  smio_Release, smio_OnSelfManagedIoCleanup, smio_OnSelfManagedIoFlush,
    smio_OnSelfManagedIoInit, smio_OnOther, smio_OnOther, smio_OnOther};

DC_UNKNOWN(hwi, IPnpCallbackHardwareInterrupt)

static HRESULT STDMETHODCALLTYPE hwi_OnD0EntryPostInterruptsEnabled(IPnpCallbackHardwareInterrupt *This,
                                                                    IWDFDevice3 *device, WDF_POWER_DEVICE_STATE from)
{
    testdrv_bump(TESTDRV_ON_POST_INTERRUPTS_ENABLED);
    /* Called after OnD0Entry, from the same state. */
    return failing("postinterrupts") || from != WdfPowerDeviceD3Final || testdrv_count(TESTDRV_ON_D0_ENTRY) == 0
               ? E_FAIL
               : S_OK;
}

static HRESULT STDMETHODCALLTYPE hwi_OnD0ExitPreInterruptsDisabled(IPnpCallbackHardwareInterrupt *This,
                                                                   IWDFDevice3 *device, WDF_POWER_DEVICE_STATE to)
{
    testdrv_bump(TESTDRV_ON_PRE_INTERRUPTS_DISABLED);
    return S_OK;
}

static const IPnpCallbackHardwareInterruptVtbl hwi_vtbl = {hwi_QueryInterface, hwi_AddRef, hwi_Release,
                                                           hwi_OnD0EntryPostInterruptsEnabled,
                                                           hwi_OnD0ExitPreInterruptsDisabled};

DC_UNKNOWN(fcl, IFileCallbackCleanup)

static void STDMETHODCALLTYPE fcl_OnCleanupFile(IFileCallbackCleanup *This, IWDFFile *file)
{
    testdrv_bump(TESTDRV_ON_CLEANUP_FILE);
}

static const IFileCallbackCleanupVtbl fcl_vtbl = {fcl_QueryInterface, fcl_AddRef, fcl_Release, fcl_OnCleanupFile};

DC_UNKNOWN(fcs, IFileCallbackClose)

static void STDMETHODCALLTYPE fcs_OnCloseFile(IFileCallbackClose *This, IWDFFile *file)
{
    testdrv_bump(TESTDRV_ON_CLOSE_FILE);
}

static const IFileCallbackCloseVtbl fcs_vtbl = {fcs_QueryInterface, fcs_AddRef, fcs_Release, fcs_OnCloseFile};

DC_UNKNOWN(oc, IObjectCleanup)

static void STDMETHODCALLTYPE oc_OnCleanup(IObjectCleanup *This, IWDFObject *object)
{
    testdrv_bump(TESTDRV_ON_OBJECT_CLEANUP);
}

static const IObjectCleanupVtbl oc_vtbl = {oc_QueryInterface, oc_AddRef, oc_Release, oc_OnCleanup};

static device_callback dc = {
    .hardware = {&hw_vtbl},
    .pnp = {&pnp_vtbl},
    .self_managed_io = {&smio_vtbl},
    .interrupt = {&hwi_vtbl},
    .file_cleanup = {&fcl_vtbl},
    .file_close = {&fcs_vtbl},
    .object_cleanup = {&oc_vtbl},
};

static atomic_long entry_refs;

long testdrv_callback_references(void)
{
    return atomic_load(&dc.refs) + testdrv_queue_callback_refs() + atomic_load(&entry_refs);
}

/* ---- IDriverEntry ---- */

static IDriverEntry entry;

static HRESULT STDMETHODCALLTYPE entry_QueryInterface(IDriverEntry *This, REFIID riid, void **ppv)
{
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &IID_IDriverEntry)) {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    atomic_fetch_add(&entry_refs, 1);
    *ppv = &entry;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE entry_AddRef(IDriverEntry *This)
{
    return (ULONG)(atomic_fetch_add(&entry_refs, 1) + 1);
}

static ULONG STDMETHODCALLTYPE entry_Release(IDriverEntry *This)
{
    return (ULONG)(atomic_fetch_sub(&entry_refs, 1) - 1);
}

static HRESULT STDMETHODCALLTYPE entry_OnInitialize(IDriverEntry *This, IWDFDriver *driver)
{
    testdrv_bump(TESTDRV_ON_INITIALIZE);
    testdrv_s.driver = driver;
    return failing("initialize") ? E_FAIL : S_OK;
}

/* Reads a string setting into out (empty when missing). */
static void read_setting(IWDFNamedPropertyStore *store, const WCHAR *name, char *out, size_t size)
{
    PROPVARIANT pv;
    PropVariantInit(&pv);
    out[0] = '\0';
    if (SUCCEEDED(IWDFNamedPropertyStore_GetNamedValue(store, name, &pv)) && pv.vt == VT_LPWSTR)
        testdrv_ascii(pv.pwszVal, out, size);
    PropVariantClear(&pv);
}

static HRESULT STDMETHODCALLTYPE entry_OnDeviceAdd(IDriverEntry *This, IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    testdrv_bump(TESTDRV_ON_DEVICE_ADD);
    IWDFNamedPropertyStore *store = NULL;
    char queue_type[32] = "", locking[32] = "", zero[8] = "", fail_create[8] = "";
    HRESULT hr = IWDFDeviceInitialize_RetrieveDevicePropertyStore(init, NULL, WdfPropertyStoreNormal, &store, NULL);
    if (FAILED(hr))
        return hr;
    read_setting(store, u"QueueType", queue_type, sizeof queue_type);
    read_setting(store, u"locking", locking, sizeof locking);
    read_setting(store, u"zerolength", zero, sizeof zero);
    char step[32];
    read_setting(store, u"failstep", step, sizeof step);
    if (step[0])
        memcpy(failstep, step, sizeof step);
    read_setting(store, u"failcreate", fail_create, sizeof fail_create);
    IWDFNamedPropertyStore_Release(store);
    testdrv_s.fail_create = fail_create[0] == '1';

    DWORD size = 0;
    if (SUCCEEDED(IWDFDeviceInitialize_RetrieveDeviceInstanceId(init, NULL, &size)) && size) {
        testdrv_s.instance_id_size = size;
        WCHAR *buffer = calloc(size, sizeof(WCHAR));
        if (buffer && SUCCEEDED(IWDFDeviceInitialize_RetrieveDeviceInstanceId(init, buffer, &size)))
            testdrv_ascii(buffer, testdrv_s.instance_id, sizeof testdrv_s.instance_id);
        free(buffer);
    }
    if (strcmp(locking, "none") == 0)
        IWDFDeviceInitialize_SetLockingConstraint(init, None);

    IWDFDevice *device = NULL;
    atomic_fetch_add(&dc.refs, 1); /* our own reference while we create the device */
    hr = IWDFDriver_CreateDevice(driver, init, (IUnknown *)&dc.hardware, &device);
    atomic_fetch_sub(&dc.refs, 1);
    if (FAILED(hr))
        return hr;
    testdrv_s.device = device;
    static const GUID interface_guid = {0x0b1c2d3e, 0x4f50, 0x6172, {0x83, 0x94, 0xa5, 0xb6, 0xc7, 0xd8, 0xe9, 0xf0}};
    if (SUCCEEDED(hr))
        hr = IWDFDevice_CreateSymbolicLink(device, u"\\DosDevices\\HostTest0");
    if (SUCCEEDED(hr))
        hr = IWDFDevice_CreateDeviceInterface(device, &interface_guid, NULL);
    WDF_IO_QUEUE_DISPATCH_TYPE type = WdfIoQueueDispatchSequential;
    if (strcmp(queue_type, "parallel") == 0)
        type = WdfIoQueueDispatchParallel;
    else if (strcmp(queue_type, "manual") == 0)
        type = WdfIoQueueDispatchManual;
    IWDFIoQueue *queue = NULL;
    if (SUCCEEDED(hr))
        hr = IWDFDevice_CreateIoQueue(device, testdrv_queue_callback(), TRUE, type, TRUE, zero[0] == '1', &queue);
    if (queue) {
        testdrv_s.queue = queue;
        IWDFIoQueue_Release(queue); /* the device keeps it; we keep a weak pointer like UMDF samples */
    }
    if (SUCCEEDED(hr) && type == WdfIoQueueDispatchManual) {
        /* Opens must not wait for RetrieveNextRequest: they get a queue of their own. */
        IWDFIoQueue *creates = NULL;
        hr = IWDFDevice_CreateIoQueue(device, testdrv_queue_callback(), FALSE, WdfIoQueueDispatchSequential, TRUE,
                                      FALSE, &creates);
        if (SUCCEEDED(hr))
            hr = IWDFDevice_ConfigureRequestDispatching(device, creates, WdfRequestCreate, TRUE);
        if (creates)
            IWDFIoQueue_Release(creates);
    }
    IWDFDevice_Release(device);
    if (SUCCEEDED(hr) && failing("deviceadd"))
        hr = E_FAIL;
    return hr;
}

static void STDMETHODCALLTYPE entry_OnDeinitialize(IDriverEntry *This, IWDFDriver *driver)
{
    testdrv_bump(TESTDRV_ON_DEINITIALIZE);
}

static const IDriverEntryVtbl entry_vtbl = {entry_QueryInterface, entry_AddRef, entry_Release, entry_OnInitialize,
                                            entry_OnDeviceAdd, entry_OnDeinitialize};
static IDriverEntry entry = {&entry_vtbl};

/* ---- Class factory and module exports ---- */

static HRESULT STDMETHODCALLTYPE factory_QueryInterface(IClassFactory *This, REFIID riid, void **ppv)
{
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &IID_IClassFactory)) {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    *ppv = This;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE factory_AddRef(IClassFactory *This)
{
    return 1; /* static object */
}

static ULONG STDMETHODCALLTYPE factory_Release(IClassFactory *This)
{
    return 1;
}

static HRESULT STDMETHODCALLTYPE factory_CreateInstance(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return entry_QueryInterface(&entry, riid, ppv);
}

static HRESULT STDMETHODCALLTYPE factory_LockServer(IClassFactory *This, BOOL lock)
{
    return S_OK;
}

/* Not const: Windows' IClassFactory points at a non-const vtable. */
static IClassFactoryVtbl factory_vtbl = {factory_QueryInterface, factory_AddRef, factory_Release,
                                               factory_CreateInstance, factory_LockServer};
static IClassFactory factory = {&factory_vtbl};

static const GUID testdrv_clsid = {0x6e3c1d2a, 0x5b7f, 0x4c1e, {0x9a, 0x3d, 0x2f, 0x8b, 0x7c, 0x6d, 0x5e, 0x41}};

STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    if (!IsEqualCLSID(rclsid, &testdrv_clsid)) {
        *ppv = NULL;
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    return factory_QueryInterface(&factory, riid, ppv);
}

STDAPI DllCanUnloadNow(void)
{
    return S_FALSE;
}

/* A test that failed midway must not leave its references or failures to the next one. */
void testdrv_reset_driver(void)
{
    testdrv_lock();
    failstep[0] = '\0';
    testdrv_unlock();
    atomic_store(&dc.refs, 0);
    atomic_store(&entry_refs, 0);
    testdrv_queue_callback_reset();
}
