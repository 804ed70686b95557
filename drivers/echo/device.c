/*
 * The echo device: OnDeviceAdd creates the framework device with this callback object (PnP hardware
 * and power callbacks, file cleanup and close), its symbolic link and its two queues. The object also
 * holds what every queue shares: the counters, the held PEND requests and the stored bytes.
 */
#include "echo.h"
#include "sample_link.h"

#include <stdlib.h>
#include <string.h>

static HRESULT device_query(echo_device *dev, REFIID riid, void **ppv);

ULONG echo_device_addref(echo_device *dev)
{
    return atomic_fetch_add(&dev->refs, 1) + 1;
}

ULONG echo_device_release(echo_device *dev)
{
    ULONG refs = atomic_fetch_sub(&dev->refs, 1) - 1;
    if (refs == 0) {
        /* The framework completes or cancels every request before it lets go of the device's
         * callbacks; what is left in the list is only bookkeeping. */
        echo_held_free_all(dev);
        free(dev->stored);
        free(dev);
        wudf_module_object_destroyed();
    }
    return refs;
}

/* --- IPnpCallbackHardware: a virtual device has no hardware to prepare -------------------------- */

ECHO_IUNKNOWN_THUNKS(hardware, IPnpCallbackHardware, echo_device, hardware, device_query, echo_device_addref,
                     echo_device_release)

static HRESULT STDMETHODCALLTYPE hardware_OnPrepareHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE hardware_OnReleaseHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    return S_OK;
}

static const IPnpCallbackHardwareVtbl hardware_vtbl = {
    hardware_QueryInterface, hardware_AddRef, hardware_Release, hardware_OnPrepareHardware, hardware_OnReleaseHardware,
};

/* --- IPnpCallback: power transitions and removal need no work either ----------------------------- */

ECHO_IUNKNOWN_THUNKS(pnp, IPnpCallback, echo_device, pnp, device_query, echo_device_addref, echo_device_release)

static HRESULT STDMETHODCALLTYPE pnp_OnD0Entry(IPnpCallback *This, IWDFDevice *device, WDF_POWER_DEVICE_STATE previous)
{
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE pnp_OnD0Exit(IPnpCallback *This, IWDFDevice *device, WDF_POWER_DEVICE_STATE next)
{
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

static const IPnpCallbackVtbl pnp_vtbl = {
    pnp_QueryInterface, pnp_AddRef, pnp_Release, pnp_OnD0Entry, pnp_OnD0Exit, pnp_OnSurpriseRemoval,
    pnp_OnQueryRemove, pnp_OnQueryStop,
};

/* --- IFileCallbackCleanup / IFileCallbackClose -------------------------------------------------- */

ECHO_IUNKNOWN_THUNKS(cleanup, IFileCallbackCleanup, echo_device, cleanup, device_query, echo_device_addref,
                     echo_device_release)

/* The last handle of the file went away: its PEND requests must not outlive it. */
static void STDMETHODCALLTYPE cleanup_OnCleanupFile(IFileCallbackCleanup *This, IWDFFile *file)
{
    echo_device *dev = ECHO_CONTAINER(This, echo_device, cleanup);
    echo_device_count(dev, ECHO_COUNT_CLEANUPS);
    echo_held_complete_file(dev, file);
}

static const IFileCallbackCleanupVtbl cleanup_vtbl = {
    cleanup_QueryInterface, cleanup_AddRef, cleanup_Release, cleanup_OnCleanupFile,
};

ECHO_IUNKNOWN_THUNKS(close, IFileCallbackClose, echo_device, close, device_query, echo_device_addref,
                     echo_device_release)

static void STDMETHODCALLTYPE close_OnCloseFile(IFileCallbackClose *This, IWDFFile *file)
{
    echo_device_count(ECHO_CONTAINER(This, echo_device, close), ECHO_COUNT_CLOSES);
}

static const IFileCallbackCloseVtbl close_vtbl = {
    close_QueryInterface, close_AddRef, close_Release, close_OnCloseFile,
};

/* --- The object -------------------------------------------------------------------------------- */

static HRESULT device_query(echo_device *dev, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IPnpCallbackHardware))
        *ppv = &dev->hardware;
    else if (IsEqualIID(riid, &IID_IPnpCallback))
        *ppv = &dev->pnp;
    else if (IsEqualIID(riid, &IID_IFileCallbackCleanup))
        *ppv = &dev->cleanup;
    else if (IsEqualIID(riid, &IID_IFileCallbackClose))
        *ppv = &dev->close;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    echo_device_addref(dev);
    return S_OK;
}

static echo_device *device_new(void)
{
    echo_device *dev = calloc(1, sizeof *dev);
    if (!dev)
        return NULL;
    dev->hardware.lpVtbl = &hardware_vtbl;
    dev->pnp.lpVtbl = &pnp_vtbl;
    dev->cleanup.lpVtbl = &cleanup_vtbl;
    dev->close.lpVtbl = &close_vtbl;
    atomic_init(&dev->refs, 1);
    echo_lock_init(&dev->lock);
    wudf_module_object_created();
    return dev;
}

HRESULT echo_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    /* The default device-level locking constraint stays: a PEND request is held outside any callback,
     * so serialized callbacks never wait for it. */
    echo_device *dev = device_new();
    if (!dev)
        return E_OUTOFMEMORY;
    IWDFDevice *device = NULL;
    HRESULT hr = IWDFDriver_CreateDevice(driver, init, (IUnknown *)(void *)&dev->hardware, &device);
    if (SUCCEEDED(hr))
        hr = wudf_sample_create_link(device, "Echo"); /* ROOT\ECHO\0000: \DosDevices\Echo0 */
    if (SUCCEEDED(hr)) {
        static const GUID echo_interface = ECHO_INTERFACE_GUID_INIT;
        hr = IWDFDevice_CreateDeviceInterface(device, &echo_interface, NULL);
    }
    if (SUCCEEDED(hr))
        hr = echo_io_queue_create(dev, device);
    if (SUCCEEDED(hr))
        hr = echo_ioctl_queue_create(dev, device);
    /* The framework owns the device (and deletes it if OnDeviceAdd fails) and holds its own references
     * to our callbacks: drop the ones CreateDevice and device_new gave us. */
    if (device)
        IWDFDevice_Release(device);
    echo_device_release(dev);
    return hr;
}

void echo_device_count(echo_device *dev, echo_counter counter)
{
    echo_lock_acquire(&dev->lock);
    switch (counter) {
    case ECHO_COUNT_CREATES:
        dev->counts.creates++;
        break;
    case ECHO_COUNT_CLEANUPS:
        dev->counts.cleanups++;
        break;
    case ECHO_COUNT_CLOSES:
        dev->counts.closes++;
        break;
    case ECHO_COUNT_READS:
        dev->counts.reads++;
        break;
    case ECHO_COUNT_WRITES:
        dev->counts.writes++;
        break;
    case ECHO_COUNT_IOCTLS:
        dev->counts.ioctls++;
        break;
    case ECHO_COUNT_CANCELS:
        dev->counts.cancels++;
        break;
    }
    echo_lock_release(&dev->lock);
}

void echo_device_snapshot(echo_device *dev, struct echo_stats *out)
{
    echo_lock_acquire(&dev->lock);
    *out = dev->counts;
    out->stored_bytes = dev->stored_size;
    out->open_files = dev->counts.creates - dev->counts.closes;
    out->pended = dev->held_count;
    echo_lock_release(&dev->lock);
}

HRESULT echo_device_store(echo_device *dev, IWDFMemory *memory, uint32_t size)
{
    if (size > dev->stored_capacity) {
        unsigned char *bigger = malloc(size);
        if (!bigger)
            return E_OUTOFMEMORY;
        HRESULT hr = memory ? IWDFMemory_CopyToBuffer(memory, 0, bigger, size) : S_OK;
        if (FAILED(hr)) {
            free(bigger);
            return hr;
        }
        free(dev->stored);
        dev->stored = bigger;
        dev->stored_capacity = size;
    } else if (size > 0) {
        /* Range checks come before any byte moves: a failure leaves the old bytes whole. */
        HRESULT hr = IWDFMemory_CopyToBuffer(memory, 0, dev->stored, size);
        if (FAILED(hr))
            return hr;
    }
    echo_lock_acquire(&dev->lock);
    dev->stored_size = size;
    echo_lock_release(&dev->lock);
    return S_OK;
}
