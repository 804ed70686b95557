/*
 * The kit's vendor requests (bar graph, switches, 7-segment display): a request the driver creates,
 * formatted as a control transfer on the USB target device over the caller's buffer, sent
 * synchronously with the ControlTimeoutMs timeout, then deleted.
 */
#include "fx2.h"

HRESULT fx2_vendor_request(fx2_device *dev, int in, UCHAR request_code, void *data, ULONG length, ULONG *transferred)
{
    *transferred = 0;
    if (!dev->usb)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    IWDFIoRequest *request = NULL;
    IWDFMemory *memory = NULL;
    IWDFRequestCompletionParams *params = NULL;
    IWDFUsbRequestCompletionParams *usb_params = NULL;
    HRESULT hr = IWDFDevice_CreateRequest(dev->device, NULL, NULL, &request);
    if (SUCCEEDED(hr))
        hr = IWDFDriver_CreatePreallocatedWdfMemory(dev->driver, (BYTE *)data, length, NULL, (IWDFObject *)request,
                                                    &memory);
    if (SUCCEEDED(hr)) {
        WINUSB_SETUP_PACKET setup;
        setup.RequestType = (UCHAR)((in ? 0x80 : 0x00) | 0x40); /* vendor request to the device */
        setup.Request = request_code;
        setup.Value = 0;
        setup.Index = 0;
        setup.Length = (USHORT)length;
        hr = IWDFUsbTargetDevice_FormatRequestForControlTransfer(dev->usb, request, &setup, memory, NULL);
    }
    if (SUCCEEDED(hr)) {
        /* Relative timeouts are negative, in 100 ns units. */
        LONGLONG timeout = -(LONGLONG)dev->control_timeout_ms * 10000;
        hr = IWDFIoRequest_Send(request, (IWDFIoTarget *)dev->usb,
                                WDF_REQUEST_SEND_OPTION_SYNCHRONOUS | WDF_REQUEST_SEND_OPTION_TIMEOUT, timeout);
    }
    if (SUCCEEDED(hr)) {
        IWDFIoRequest_GetCompletionParams(request, &params);
        hr = params ? IWDFRequestCompletionParams_GetCompletionStatus(params) : E_UNEXPECTED;
    }
    if (SUCCEEDED(hr) && SUCCEEDED(IWDFRequestCompletionParams_QueryInterface(
                             params, &IID_IWDFUsbRequestCompletionParams, (void **)&usb_params))) {
        IWDFUsbRequestCompletionParams_GetDeviceControlTransferParameters(usb_params, NULL, transferred, NULL, NULL);
        IWDFUsbRequestCompletionParams_Release(usb_params);
    }
    if (params)
        IWDFRequestCompletionParams_Release(params);
    if (memory)
        IWDFMemory_Release(memory);
    if (request) {
        IWDFIoRequest_DeleteWdfObject(request);
        IWDFIoRequest_Release(request);
    }
    return hr;
}
