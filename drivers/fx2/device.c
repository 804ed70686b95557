/*
 * The FX2 device: OnDeviceAdd creates the framework device with this callback object, its symbolic
 * link, device interface and queues. OnPrepareHardware finds the kit's interface and its three pipes
 * through the USB target device and configures the framework's continuous reader on the interrupt pipe;
 * OnD0Entry starts it (the pipe's I/O target), OnD0Exit stops it;
 * OnSurpriseRemoval fails the requests that wait for a change that can no longer come.
 */
#include "fx2.h"

#include <stdlib.h>
#include <string.h>

/* {573E8C73-0CB4-4471-A1BF-FAB26C31D384}: the OSR USB-FX2 device interface class. */
static const GUID fx2_interface_guid = {0x573e8c73, 0x0cb4, 0x4471, {0xa1, 0xbf, 0xfa, 0xb2, 0x6c, 0x31, 0xd3, 0x84}};

static HRESULT device_query(fx2_device *dev, REFIID riid, void **ppv);

ULONG fx2_device_addref(fx2_device *dev)
{
    return atomic_fetch_add(&dev->refs, 1) + 1;
}

ULONG fx2_device_release(fx2_device *dev)
{
    ULONG left = atomic_fetch_sub(&dev->refs, 1) - 1;
    if (left == 0) {
        if (dev->interrupt_queue)
            IWDFIoQueue_Release(dev->interrupt_queue);
        if (dev->driver)
            IWDFDriver_Release(dev->driver);
        free(dev);
        wudf_module_object_destroyed();
    }
    return left;
}

int fx2_is_cancelled(HRESULT hr)
{
    return hr == HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED) || hr == HRESULT_FROM_WIN32(ERROR_CANCELLED) ||
           hr == HRESULT_FROM_NT(STATUS_CANCELLED);
}

int fx2_is_device_gone(HRESULT hr)
{
    return hr == HRESULT_FROM_WIN32(ERROR_DEVICE_NOT_CONNECTED) || hr == HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST) ||
           hr == HRESULT_FROM_NT(STATUS_DEVICE_NOT_CONNECTED) || hr == HRESULT_FROM_NT(STATUS_NO_SUCH_DEVICE) ||
           hr == HRESULT_FROM_NT(STATUS_DEVICE_REMOVED);
}

/* --- IPnpCallbackHardware: find the kit's pipes --------------------------------------------------- */

FX2_IUNKNOWN(hardware, IPnpCallbackHardware, fx2_device, hardware, device_query, fx2_device_addref,
             fx2_device_release)

static void release_usb(fx2_device *dev)
{
    IWDFUsbTargetPipe *pipes[FX2_PIPES];
    fx2_lock_acquire(&dev->lock);
    for (int i = 0; i < FX2_PIPES; i++) {
        pipes[i] = dev->pipes[i];
        dev->pipes[i] = NULL;
    }
    fx2_lock_release(&dev->lock);
    fx2_pipes_release(pipes);
    if (dev->usb_interface)
        IWDFUsbInterface_Release(dev->usb_interface);
    if (dev->usb)
        IWDFUsbTargetDevice_Release(dev->usb);
    dev->usb_interface = NULL;
    dev->usb = NULL;
}

static HRESULT STDMETHODCALLTYPE hardware_OnPrepareHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    fx2_device *dev = FX2_CONTAINER(This, fx2_device, hardware);
    IWDFUsbTargetFactory *factory = NULL;
    HRESULT hr = IWDFDevice_QueryInterface(device, &IID_IWDFUsbTargetFactory, (void **)&factory);
    if (SUCCEEDED(hr)) {
        hr = IWDFUsbTargetFactory_CreateUsbTargetDevice(factory, &dev->usb);
        IWDFUsbTargetFactory_Release(factory);
    }
    if (SUCCEEDED(hr))
        hr = IWDFUsbTargetDevice_RetrieveUsbInterface(dev->usb, 0, &dev->usb_interface);
    IWDFUsbTargetPipe *pipes[FX2_PIPES] = {NULL, NULL, NULL};
    if (SUCCEEDED(hr))
        hr = fx2_pipes_retrieve(dev, pipes);
    if (SUCCEEDED(hr))
        hr = fx2_reader_configure(dev, pipes[FX2_PIPE_SWITCHES]);
    fx2_lock_acquire(&dev->lock);
    for (int i = 0; i < FX2_PIPES; i++)
        dev->pipes[i] = pipes[i];
    fx2_lock_release(&dev->lock);
    if (FAILED(hr))
        release_usb(dev);
    return hr;
}

static HRESULT STDMETHODCALLTYPE hardware_OnReleaseHardware(IPnpCallbackHardware *This, IWDFDevice *device)
{
    /* The framework deletes the USB objects with the device; only our references go here. */
    release_usb(FX2_CONTAINER(This, fx2_device, hardware));
    return S_OK;
}

static const IPnpCallbackHardwareVtbl hardware_vtbl = {
    hardware_QueryInterface, hardware_AddRef, hardware_Release, hardware_OnPrepareHardware, hardware_OnReleaseHardware,
};

/* --- IPnpCallback: the switch-change reader follows the power state -------------------------------- */

FX2_IUNKNOWN(pnp, IPnpCallback, fx2_device, pnp, device_query, fx2_device_addref, fx2_device_release)

static HRESULT STDMETHODCALLTYPE pnp_OnD0Entry(IPnpCallback *This, IWDFDevice *device, WDF_POWER_DEVICE_STATE previous)
{
    /* The continuous reader is not power-managed by the framework: it reads while the pipe's target runs. */
    return fx2_reader_start(FX2_CONTAINER(This, fx2_device, pnp));
}

static HRESULT STDMETHODCALLTYPE pnp_OnD0Exit(IPnpCallback *This, IWDFDevice *device, WDF_POWER_DEVICE_STATE next)
{
    fx2_reader_stop(FX2_CONTAINER(This, fx2_device, pnp));
    return S_OK;
}

static void STDMETHODCALLTYPE pnp_OnSurpriseRemoval(IPnpCallback *This, IWDFDevice *device)
{
    fx2_device *dev = FX2_CONTAINER(This, fx2_device, pnp);
    fx2_lock_acquire(&dev->lock);
    int already = dev->gone;
    dev->gone = 1;
    if (!already)
        dev->gone_status = HRESULT_FROM_WIN32(ERROR_DEVICE_NOT_CONNECTED);
    HRESULT status = dev->gone_status;
    fx2_lock_release(&dev->lock);
    fx2_reader_stop(dev);
    fx2_fail_interrupt_requests(dev, status);
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

/* --- IRequestCallbackRequestCompletion: bulk requests and the reader ------------------------------ */

FX2_IUNKNOWN(completion, IRequestCallbackRequestCompletion, fx2_device, completion, device_query, fx2_device_addref,
             fx2_device_release)

static void STDMETHODCALLTYPE completion_OnCompletion(IRequestCallbackRequestCompletion *This, IWDFIoRequest *request,
                                                      IWDFIoTarget *target, IWDFRequestCompletionParams *params,
                                                      void *context)
{
    fx2_transfer_completed(FX2_CONTAINER(This, fx2_device, completion), request, target, params, context);
}

static const IRequestCallbackRequestCompletionVtbl completion_vtbl = {
    completion_QueryInterface, completion_AddRef, completion_Release, completion_OnCompletion,
};

/* --- The continuous reader's callbacks ------------------------------------------------------------ */

FX2_IUNKNOWN(reader_completion, IUsbTargetPipeContinuousReaderCallbackReadComplete, fx2_device, reader_completion,
             device_query, fx2_device_addref, fx2_device_release)

static void STDMETHODCALLTYPE reader_completion_OnReaderCompletion(
    IUsbTargetPipeContinuousReaderCallbackReadComplete *This, IWDFUsbTargetPipe *pipe, IWDFMemory *memory, SIZE_T bytes,
    void *context)
{
    fx2_reader_completed(FX2_CONTAINER(This, fx2_device, reader_completion), memory, bytes);
}

static const IUsbTargetPipeContinuousReaderCallbackReadCompleteVtbl reader_completion_vtbl = {
    reader_completion_QueryInterface, reader_completion_AddRef, reader_completion_Release,
    reader_completion_OnReaderCompletion,
};

FX2_IUNKNOWN(reader_failure, IUsbTargetPipeContinuousReaderCallbackReadersFailed, fx2_device, reader_failure,
             device_query, fx2_device_addref, fx2_device_release)

static BOOL STDMETHODCALLTYPE reader_failure_OnReaderFailure(IUsbTargetPipeContinuousReaderCallbackReadersFailed *This,
                                                             IWDFUsbTargetPipe *pipe, HRESULT status)
{
    return fx2_reader_failed(FX2_CONTAINER(This, fx2_device, reader_failure), status);
}

static const IUsbTargetPipeContinuousReaderCallbackReadersFailedVtbl reader_failure_vtbl = {
    reader_failure_QueryInterface, reader_failure_AddRef, reader_failure_Release, reader_failure_OnReaderFailure,
};

/* --- The object -------------------------------------------------------------------------------------- */

static HRESULT device_query(fx2_device *dev, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IPnpCallbackHardware))
        *ppv = &dev->hardware;
    else if (IsEqualIID(riid, &IID_IPnpCallback))
        *ppv = &dev->pnp;
    else if (IsEqualIID(riid, &IID_IRequestCallbackRequestCompletion))
        *ppv = &dev->completion;
    else if (IsEqualIID(riid, &IID_IUsbTargetPipeContinuousReaderCallbackReadComplete))
        *ppv = &dev->reader_completion;
    else if (IsEqualIID(riid, &IID_IUsbTargetPipeContinuousReaderCallbackReadersFailed))
        *ppv = &dev->reader_failure;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    fx2_device_addref(dev);
    return S_OK;
}

/* A decimal setting of the device's hardware key, or fallback. */
static ULONG read_number(IWDFNamedPropertyStore *store, const WCHAR *name, ULONG fallback)
{
    PROPVARIANT pv;
    PropVariantInit(&pv);
    ULONG value = fallback;
    if (store && SUCCEEDED(IWDFNamedPropertyStore_GetNamedValue(store, name, &pv)) && pv.vt == VT_LPWSTR &&
        pv.pwszVal && pv.pwszVal[0]) {
        ULONG v = 0;
        const WCHAR *p = pv.pwszVal;
        while (*p >= '0' && *p <= '9' && v < 100000000u)
            v = v * 10 + (ULONG)(*p++ - '0');
        if (!*p && v)
            value = v;
    }
    PropVariantClear(&pv);
    return value;
}

HRESULT fx2_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    fx2_device *dev = calloc(1, sizeof *dev);
    if (!dev)
        return E_OUTOFMEMORY;
    dev->hardware.lpVtbl = &hardware_vtbl;
    dev->pnp.lpVtbl = &pnp_vtbl;
    dev->completion.lpVtbl = &completion_vtbl;
    dev->reader_completion.lpVtbl = &reader_completion_vtbl;
    dev->reader_failure.lpVtbl = &reader_failure_vtbl;
    atomic_init(&dev->refs, 1);
    fx2_lock_init(&dev->lock);
    wudf_module_object_created();
    IWDFDriver_AddRef(driver);
    dev->driver = driver;

    IWDFNamedPropertyStore *store = NULL;
    if (FAILED(IWDFDeviceInitialize_RetrieveDevicePropertyStore(init, NULL, WdfPropertyStoreNormal, &store, NULL)))
        store = NULL;
    dev->control_timeout_ms = read_number(store, WUDF_WSTR("ControlTimeoutMs"), FX2_DEFAULT_CONTROL_TIMEOUT_MS);
    dev->bulk_timeout_ms = read_number(store, WUDF_WSTR("BulkTimeoutMs"), 0);
    ULONG pending_reads = read_number(store, WUDF_WSTR("ReaderPendingReads"), 0);
    dev->pending_reads = (UCHAR)(pending_reads > 255 ? 255 : pending_reads);
    if (store)
        IWDFNamedPropertyStore_Release(store);

    /* Callbacks run concurrently: a read waiting for data must not hold up an I/O control. */
    IWDFDeviceInitialize_SetLockingConstraint(init, None);
    IWDFDevice *device = NULL;
    HRESULT hr = IWDFDriver_CreateDevice(driver, init, (IUnknown *)(void *)&dev->hardware, &device);
    if (SUCCEEDED(hr)) {
        dev->device = device;
        hr = IWDFDevice_CreateSymbolicLink(device, WUDF_WSTR("\\DosDevices\\OsrUsbFx2_0"));
    }
    if (SUCCEEDED(hr))
        hr = IWDFDevice_CreateDeviceInterface(device, &fx2_interface_guid, NULL);
    if (SUCCEEDED(hr))
        hr = fx2_queue_create(dev, device);
    if (SUCCEEDED(hr))
        hr = IWDFDevice_CreateIoQueue(device, NULL, FALSE, WdfIoQueueDispatchManual, TRUE, FALSE, &dev->interrupt_queue);
    /* The framework owns the device and its queues; the device holds its callbacks. Drop ours, except
     * the manual queue, which the reader completes requests from (released when the device goes). */
    if (device)
        IWDFDevice_Release(device);
    fx2_device_release(dev);
    return hr;
}
