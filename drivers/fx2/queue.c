/*
 * The FX2 device's default queue (parallel): reads go to the bulk IN pipe, writes to the bulk OUT pipe
 * (the kit loops one back to the other), I/O controls become vendor requests, and GET_INTERRUPT_MESSAGE
 * waits in the manual queue until the switches change.
 */
#include "fx2.h"

#include <stdlib.h>
#include <string.h>

typedef struct fx2_queue {
    IQueueCallbackRead read; /* first: the object's IUnknown identity */
    IQueueCallbackWrite write;
    IQueueCallbackDeviceIoControl ioctl;
    atomic_uint_least32_t refs;
    fx2_device *dev; /* referenced */
} fx2_queue;

static HRESULT queue_query(fx2_queue *q, REFIID riid, void **ppv);

static ULONG queue_addref(fx2_queue *q)
{
    return atomic_fetch_add(&q->refs, 1) + 1;
}

static ULONG queue_release(fx2_queue *q)
{
    ULONG left = atomic_fetch_sub(&q->refs, 1) - 1;
    if (left == 0) {
        fx2_device_release(q->dev);
        free(q);
        wudf_module_object_destroyed();
    }
    return left;
}

/* --- Reads and writes: the bulk pipes --------------------------------------------------------------- */

FX2_IUNKNOWN(read, IQueueCallbackRead, fx2_queue, read, queue_query, queue_addref, queue_release)

static void STDMETHODCALLTYPE read_OnRead(IQueueCallbackRead *This, IWDFIoQueue *queue, IWDFIoRequest *request,
                                          SIZE_T length)
{
    fx2_bulk_send(FX2_CONTAINER(This, fx2_queue, read)->dev, request, 1);
}

static const IQueueCallbackReadVtbl read_vtbl = {
    read_QueryInterface, read_AddRef, read_Release, read_OnRead,
};

FX2_IUNKNOWN(write, IQueueCallbackWrite, fx2_queue, write, queue_query, queue_addref, queue_release)

static void STDMETHODCALLTYPE write_OnWrite(IQueueCallbackWrite *This, IWDFIoQueue *queue, IWDFIoRequest *request,
                                            SIZE_T length)
{
    fx2_bulk_send(FX2_CONTAINER(This, fx2_queue, write)->dev, request, 0);
}

static const IQueueCallbackWriteVtbl write_vtbl = {
    write_QueryInterface, write_AddRef, write_Release, write_OnWrite,
};

/* --- I/O controls ------------------------------------------------------------------------------------- */

FX2_IUNKNOWN(ioctl, IQueueCallbackDeviceIoControl, fx2_queue, ioctl, queue_query, queue_addref, queue_release)

/* Reads one byte with a vendor request into the request's output. */
static void get_byte(fx2_device *dev, IWDFIoRequest *request, UCHAR vendor_request, SIZE_T out_size)
{
    UCHAR value = 0;
    ULONG got = 0;
    HRESULT hr = out_size < 1 ? HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)
                              : fx2_vendor_request(dev, 1, vendor_request, &value, 1, &got);
    if (SUCCEEDED(hr) && got != 1)
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
    IWDFMemory *memory = NULL;
    if (SUCCEEDED(hr)) {
        IWDFIoRequest_GetOutputMemory(request, &memory);
        hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, &value, 1) : E_POINTER;
        if (memory)
            IWDFMemory_Release(memory);
    }
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? 1 : 0);
}

/* Writes the request's first input byte with a vendor request. */
static void set_byte(fx2_device *dev, IWDFIoRequest *request, UCHAR vendor_request, SIZE_T in_size)
{
    UCHAR value = 0;
    IWDFMemory *memory = NULL;
    HRESULT hr = in_size < 1 ? HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) : S_OK;
    if (SUCCEEDED(hr)) {
        IWDFIoRequest_GetInputMemory(request, &memory);
        hr = memory ? IWDFMemory_CopyToBuffer(memory, 0, &value, 1) : E_POINTER;
        if (memory)
            IWDFMemory_Release(memory);
    }
    ULONG sent = 0;
    if (SUCCEEDED(hr))
        hr = fx2_vendor_request(dev, 0, vendor_request, &value, 1, &sent);
    IWDFIoRequest_Complete(request, hr); /* nothing comes back: no output bytes */
}

static void get_config_descriptor(fx2_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    BYTE descriptor[512];
    ULONG length = sizeof descriptor;
    HRESULT hr = IWDFUsbTargetDevice_RetrieveDescriptor(dev->usb, USB_CONFIGURATION_DESCRIPTOR_TYPE, 0, 0, &length,
                                                        descriptor);
    if (SUCCEEDED(hr) && length > out_size)
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    IWDFMemory *memory = NULL;
    if (SUCCEEDED(hr)) {
        IWDFIoRequest_GetOutputMemory(request, &memory);
        hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, descriptor, length) : E_POINTER;
        if (memory)
            IWDFMemory_Release(memory);
    }
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? length : 0);
}

/* The request's first length input bytes; fails unless there are that many. */
static HRESULT read_input(IWDFIoRequest *request, SIZE_T in_size, void *buffer, SIZE_T length)
{
    if (in_size < length)
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetInputMemory(request, &memory);
    HRESULT hr = memory ? IWDFMemory_CopyToBuffer(memory, 0, buffer, length) : E_POINTER;
    if (memory)
        IWDFMemory_Release(memory);
    return hr;
}

/* Completes the request with length output bytes, or with hr when that failed. */
static void complete_with_output(IWDFIoRequest *request, HRESULT hr, const void *data, SIZE_T length, SIZE_T out_size)
{
    if (SUCCEEDED(hr) && out_size < length)
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    IWDFMemory *memory = NULL;
    if (SUCCEEDED(hr) && length) {
        IWDFIoRequest_GetOutputMemory(request, &memory);
        hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, (void *)data, length) : E_POINTER;
        if (memory)
            IWDFMemory_Release(memory);
    }
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? length : 0);
}

static void select_setting(fx2_device *dev, IWDFIoRequest *request, SIZE_T in_size)
{
    UCHAR setting = 0;
    HRESULT hr = read_input(request, in_size, &setting, 1);
    if (SUCCEEDED(hr))
        hr = fx2_select_setting(dev, setting);
    IWDFIoRequest_Complete(request, hr);
}

static void get_interface_information(fx2_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    UCHAR info[2 + 4 * 30]; /* at most 30 endpoints in a setting */
    ULONG length = 0;
    HRESULT hr = fx2_interface_information(dev, info, sizeof info, &length);
    complete_with_output(request, hr, info, length, out_size);
}

static void get_device_information(fx2_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    UCHAR info[FX2_DEVICE_INFORMATION_SIZE];
    HRESULT hr = fx2_device_information(dev, info);
    complete_with_output(request, hr, info, sizeof info, out_size);
}

/* Input: endpoint, policy type, then for a set the value (a UCHAR, or a ULONG for the ULONG policies). */
static void pipe_policy(fx2_device *dev, IWDFIoRequest *request, int set, SIZE_T in_size, SIZE_T out_size)
{
    UCHAR input[2 + sizeof(ULONG)] = {0};
    SIZE_T wanted = set ? in_size : 2;
    if (wanted > sizeof input)
        wanted = sizeof input;
    HRESULT hr = read_input(request, in_size, input, wanted < 2 ? 2 : wanted);
    UCHAR value[sizeof(ULONG)] = {0};
    ULONG length = sizeof value;
    if (set) {
        length = SUCCEEDED(hr) ? (ULONG)(wanted - 2) : 0; /* read_input failed unless wanted >= 2 */
        memcpy(value, input + 2, length);
        if (SUCCEEDED(hr))
            hr = fx2_set_pipe_policy(dev, input[0], input[1], value, length);
        IWDFIoRequest_Complete(request, hr);
        return;
    }
    if (SUCCEEDED(hr))
        hr = fx2_get_pipe_policy(dev, input[0], input[1], value, &length);
    complete_with_output(request, hr, value, length, out_size);
}

static void get_reader_state(fx2_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    UCHAR state[FX2_READER_STATE_SIZE];
    fx2_reader_state(dev, state);
    complete_with_output(request, S_OK, state, sizeof state, out_size);
}

static void set_reader_state(fx2_device *dev, IWDFIoRequest *request, SIZE_T in_size)
{
    UCHAR start = 0;
    HRESULT hr = read_input(request, in_size, &start, 1);
    if (SUCCEEDED(hr) && start > 1)
        hr = HRESULT_FROM_NT(STATUS_INVALID_PARAMETER);
    if (SUCCEEDED(hr) && start)
        hr = fx2_reader_start(dev);
    else if (SUCCEEDED(hr))
        fx2_reader_stop(dev);
    IWDFIoRequest_Complete(request, hr);
}

static void configure_reader_errors(fx2_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    HRESULT results[3] = {S_OK, S_OK, S_OK};
    HRESULT hr = fx2_reader_configure_errors(dev, results);
    UCHAR out[12];
    for (int i = 0; i < 3; i++)
        for (int b = 0; b < 4; b++)
            out[4 * i + b] = (UCHAR)((ULONG)results[i] >> (8 * b));
    complete_with_output(request, hr, out, sizeof out, out_size);
}

static void wait_for_interrupt(fx2_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    fx2_lock_acquire(&dev->lock);
    HRESULT gone = dev->gone ? dev->gone_status : S_OK;
    fx2_lock_release(&dev->lock);
    HRESULT hr = out_size < 1 ? HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) : gone;
    if (SUCCEEDED(hr))
        hr = IWDFIoRequest_ForwardToIoQueue(request, dev->interrupt_queue);
    if (FAILED(hr)) {
        IWDFIoRequest_Complete(request, hr);
        return;
    }
    fx2_deliver_report(dev); /* a change already seen and not yet told completes it at once */
    /* A removal between the check above and the forward found the queue empty: fail it here. */
    fx2_lock_acquire(&dev->lock);
    gone = dev->gone ? dev->gone_status : S_OK;
    fx2_lock_release(&dev->lock);
    if (FAILED(gone))
        fx2_fail_interrupt_requests(dev, gone);
}

static void STDMETHODCALLTYPE ioctl_OnDeviceIoControl(IQueueCallbackDeviceIoControl *This, IWDFIoQueue *queue,
                                                      IWDFIoRequest *request, ULONG code, SIZE_T in_size,
                                                      SIZE_T out_size)
{
    fx2_device *dev = FX2_CONTAINER(This, fx2_queue, ioctl)->dev;
    switch (code) {
    case IOCTL_OSRUSBFX2_GET_CONFIG_DESCRIPTOR:
        get_config_descriptor(dev, request, out_size);
        break;
    case IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY:
        get_byte(dev, request, FX2_REQUEST_READ_BAR_GRAPH, out_size);
        break;
    case IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY:
        set_byte(dev, request, FX2_REQUEST_SET_BAR_GRAPH, in_size);
        break;
    case IOCTL_OSRUSBFX2_READ_SWITCHES:
        get_byte(dev, request, FX2_REQUEST_READ_SWITCHES, out_size);
        break;
    case IOCTL_OSRUSBFX2_GET_7_SEGMENT_DISPLAY:
        get_byte(dev, request, FX2_REQUEST_READ_7_SEGMENT, out_size);
        break;
    case IOCTL_OSRUSBFX2_SET_7_SEGMENT_DISPLAY:
        set_byte(dev, request, FX2_REQUEST_SET_7_SEGMENT, in_size);
        break;
    case IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE:
        wait_for_interrupt(dev, request, out_size);
        break;
    case IOCTL_OSRUSBFX2_ABORT_PIPES:
        IWDFIoRequest_Complete(request, fx2_abort_bulk_pipes(dev));
        break;
    case IOCTL_OSRUSBFX2_SELECT_ALTERNATE_SETTING:
        select_setting(dev, request, in_size);
        break;
    case IOCTL_OSRUSBFX2_GET_INTERFACE_INFORMATION:
        get_interface_information(dev, request, out_size);
        break;
    case IOCTL_OSRUSBFX2_GET_DEVICE_INFORMATION:
        get_device_information(dev, request, out_size);
        break;
    case IOCTL_OSRUSBFX2_GET_PIPE_POLICY:
        pipe_policy(dev, request, 0, in_size, out_size);
        break;
    case IOCTL_OSRUSBFX2_SET_PIPE_POLICY:
        pipe_policy(dev, request, 1, in_size, out_size);
        break;
    case IOCTL_OSRUSBFX2_GET_READER_STATE:
        get_reader_state(dev, request, out_size);
        break;
    case IOCTL_OSRUSBFX2_SET_READER_STATE:
        set_reader_state(dev, request, in_size);
        break;
    case IOCTL_OSRUSBFX2_CONFIGURE_READER_ERRORS:
        configure_reader_errors(dev, request, out_size);
        break;
    default:
        IWDFIoRequest_Complete(request, HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION));
        break;
    }
}

static const IQueueCallbackDeviceIoControlVtbl ioctl_vtbl = {
    ioctl_QueryInterface, ioctl_AddRef, ioctl_Release, ioctl_OnDeviceIoControl,
};

static HRESULT queue_query(fx2_queue *q, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IQueueCallbackRead))
        *ppv = &q->read;
    else if (IsEqualIID(riid, &IID_IQueueCallbackWrite))
        *ppv = &q->write;
    else if (IsEqualIID(riid, &IID_IQueueCallbackDeviceIoControl))
        *ppv = &q->ioctl;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    queue_addref(q);
    return S_OK;
}

HRESULT fx2_queue_create(fx2_device *dev, IWDFDevice *device)
{
    fx2_queue *q = calloc(1, sizeof *q);
    if (!q)
        return E_OUTOFMEMORY;
    q->read.lpVtbl = &read_vtbl;
    q->write.lpVtbl = &write_vtbl;
    q->ioctl.lpVtbl = &ioctl_vtbl;
    atomic_init(&q->refs, 1);
    fx2_device_addref(dev);
    q->dev = dev;
    wudf_module_object_created();
    IWDFIoQueue *queue = NULL;
    HRESULT hr = IWDFDevice_CreateIoQueue(device, (IUnknown *)(void *)&q->read, TRUE, WdfIoQueueDispatchParallel, TRUE,
                                          FALSE, &queue);
    if (queue)
        IWDFIoQueue_Release(queue);
    queue_release(q); /* the framework's queue holds the callbacks now */
    return hr;
}
