/*
 * The faulty device: OnDeviceAdd creates the framework device with this callback object (hardware
 * preparation, file cleanup), its symbolic link and its queue. OnPrepareHardware reads the settings and
 * commits FaultOnStart. The object also holds what the queue shares: the counters and the held requests.
 */
#include "faulty.h"
#include "sample_link.h"

#include <stdio.h>
#include <stdlib.h>

static HRESULT device_query(faulty_device *dev, REFIID riid, void **ppv);

ULONG faulty_device_addref(faulty_device *dev)
{
    return atomic_fetch_add(&dev->refs, 1) + 1;
}

ULONG faulty_device_release(faulty_device *dev)
{
    ULONG refs = atomic_fetch_sub(&dev->refs, 1) - 1;
    if (refs == 0) {
        /* The framework completes or cancels every request before it lets go of the device's callbacks;
         * what is left in the list is only bookkeeping. */
        faulty_held_free_all(dev);
        free(dev);
        wudf_module_object_destroyed();
    }
    return refs;
}

/* --- IPnpCallbackHardware: the settings, and the start fault -------------------------------------- */

FAULTY_IUNKNOWN_THUNKS(hardware, IPnpCallbackHardware, faulty_device, hardware, device_query, faulty_device_addref,
                       faulty_device_release)

static HRESULT read_settings(faulty_device *dev, IWDFDevice *device, faulty_settings *out)
{
    IWDFNamedPropertyStore *store = NULL;
    faulty_settings settings;
    char why[400] = "";
    HRESULT hr = IWDFDevice_RetrieveDevicePropertyStore(device, NULL, WdfPropertyStoreNormal, &store, NULL);
    if (FAILED(hr) || !store) {
        snprintf(why, sizeof why, "cannot open the device's property store (0x%08lX)", (unsigned long)(ULONG)hr);
        hr = FAILED(hr) ? hr : E_POINTER;
    } else {
        hr = faulty_settings_read(store, &settings, why, sizeof why);
        IWDFNamedPropertyStore_Release(store);
    }
    if (FAILED(hr)) {
        faulty_log("error", "settings-refused", "reason=\"%s\"", why);
        return hr;
    }
    faulty_lock_acquire(&dev->lock);
    dev->settings = settings;
    faulty_lock_release(&dev->lock);
    *out = settings;
    if (settings.after)
        faulty_log("info", "fault-scheduled", "kind=%s request=%lu", faulty_kind_name(settings.after_kind),
                   (unsigned long)settings.after);
    return S_OK;
}

/* \DosDevices\<name> (ASCII, checked by the settings) as well as the device's own link. */
static HRESULT create_extra_link(IWDFDevice *device, const char *name)
{
    WCHAR link[80];
    const char *prefix = "\\DosDevices\\";
    size_t n = 0;
    for (const char *p = prefix; *p && n + 1 < sizeof link / sizeof link[0]; p++)
        link[n++] = (WCHAR)*p;
    for (const char *p = name; *p && n + 1 < sizeof link / sizeof link[0]; p++)
        link[n++] = (WCHAR)*p;
    link[n] = 0;
    return IWDFDevice_CreateSymbolicLink(device, link);
}

static HRESULT STDMETHODCALLTYPE hardware_OnPrepareHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    faulty_device *dev = FAULTY_CONTAINER(This, faulty_device, hardware);
    faulty_settings settings;
    HRESULT hr = read_settings(dev, device, &settings);
    if (SUCCEEDED(hr) && settings.extra_link[0])
        hr = create_extra_link(device, settings.extra_link);
    if (SUCCEEDED(hr) && settings.on_start != FAULTY_NONE)
        hr = faulty_fault_at_start(settings.on_start);
    return hr;
}

static HRESULT STDMETHODCALLTYPE hardware_OnReleaseHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    return S_OK;
}

static const IPnpCallbackHardwareVtbl hardware_vtbl = {
    hardware_QueryInterface, hardware_AddRef, hardware_Release, hardware_OnPrepareHardware, hardware_OnReleaseHardware,
};

/* --- IFileCallbackCleanup: a file's HOLD requests must not outlive it ---------------------------- */

FAULTY_IUNKNOWN_THUNKS(cleanup, IFileCallbackCleanup, faulty_device, cleanup, device_query, faulty_device_addref,
                       faulty_device_release)

static void STDMETHODCALLTYPE cleanup_OnCleanupFile(IFileCallbackCleanup *This, IWDFFile *file)
{
    faulty_device *dev = FAULTY_CONTAINER(This, faulty_device, cleanup);
    faulty_lock_acquire(&dev->lock);
    uint32_t fault = dev->settings.on_cleanup;
    faulty_lock_release(&dev->lock);
    if (fault != FAULTY_NONE)
        faulty_fault_at_cleanup(fault);
    faulty_held_complete_file(dev, file);
}

static const IFileCallbackCleanupVtbl cleanup_vtbl = {
    cleanup_QueryInterface, cleanup_AddRef, cleanup_Release, cleanup_OnCleanupFile,
};

/* --- The object -------------------------------------------------------------------------------- */

static HRESULT device_query(faulty_device *dev, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IPnpCallbackHardware))
        *ppv = &dev->hardware;
    else if (IsEqualIID(riid, &IID_IFileCallbackCleanup))
        *ppv = &dev->cleanup;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    faulty_device_addref(dev);
    return S_OK;
}

static faulty_device *device_new(void)
{
    faulty_device *dev = calloc(1, sizeof *dev);
    if (!dev)
        return NULL;
    dev->hardware.lpVtbl = &hardware_vtbl;
    dev->cleanup.lpVtbl = &cleanup_vtbl;
    atomic_init(&dev->refs, 1);
    faulty_lock_init(&dev->lock);
    wudf_module_object_created();
    return dev;
}

HRESULT faulty_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    /* The default device-level locking constraint stays, as most UMDF 1 drivers have it: a stuck
     * callback then stalls the whole device, which is the failure the supervisor must see through. */
    faulty_device *dev = device_new();
    if (!dev)
        return E_OUTOFMEMORY;
    IWDFDevice *device = NULL;
    HRESULT hr = IWDFDriver_CreateDevice(driver, init, (IUnknown *)(void *)&dev->hardware, &device);
    if (SUCCEEDED(hr))
        hr = wudf_sample_create_link(device, "Faulty"); /* ROOT\FAULTY\0000: \DosDevices\Faulty0 */
    if (SUCCEEDED(hr))
        hr = faulty_queue_create(dev, device);
    /* The framework owns the device (and deletes it if OnDeviceAdd fails) and holds its own references
     * to our callbacks: drop the ones CreateDevice and device_new gave us. */
    if (device)
        IWDFDevice_Release(device);
    faulty_device_release(dev);
    return hr;
}

uint32_t faulty_device_begin_request(faulty_device *dev)
{
    faulty_lock_acquire(&dev->lock);
    uint32_t number = ++dev->counts.requests;
    uint32_t kind = dev->settings.after && number == dev->settings.after ? dev->settings.after_kind : FAULTY_NONE;
    faulty_lock_release(&dev->lock);
    return kind;
}

void faulty_device_count_injected(faulty_device *dev)
{
    faulty_lock_acquire(&dev->lock);
    dev->counts.injected++;
    faulty_lock_release(&dev->lock);
}

void faulty_device_snapshot(faulty_device *dev, struct faulty_stats *out)
{
    uint32_t held = 0;
    faulty_lock_acquire(&dev->lock);
    *out = dev->counts;
    for (faulty_held *h = dev->held; h; h = h->next)
        held++;
    faulty_lock_release(&dev->lock);
    out->held = held;
    out->generation_pid = faulty_process_id();
}
