/*++

Module Name:

    device.cpp

Abstract:

    The device of the transfer-type test driver. Before CreateDevice it states its buffer access
    preference with IWDFDeviceInitialize2::SetIoTypePreference when the device's settings name one
    (XferRetrieval, XferReadWrite, XferIoctl: WDF_DEVICE_IO_BUFFER_RETRIEVAL and WDF_DEVICE_IO_TYPE
    numbers, as a vendor puts them in the hardware key); without XferReadWrite it states none.

--*/

#include "internal.h"
#include "device.tmh"

//
// A setting of the device as a number; Default when it is absent or not a decimal number.
//
static
ULONG
ReadSetting(
    _In_ IWDFNamedPropertyStore *Store,
    _In_ PCWSTR Name,
    _In_ ULONG Default
    )
{
    PROPVARIANT value;
    PropVariantInit(&value);
    ULONG result = Default;
    if (SUCCEEDED(Store->GetNamedValue(Name, &value))) {
        if (value.vt == VT_UI4) {
            result = value.ulVal;
        } else if (value.vt == VT_LPWSTR && value.pwszVal != NULL && value.pwszVal[0] != L'\0') {
            ULONG number = 0;
            PCWSTR p = value.pwszVal;
            for (; *p >= L'0' && *p <= L'9' && number < 100000; p++) {
                number = number * 10 + (ULONG)(*p - L'0');
            }
            if (*p == L'\0') {
                result = number;
            }
        }
    }
    PropVariantClear(&value);
    return result;
}

HRESULT
CMyDevice::ApplyIoTypePreference(
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    IWDFNamedPropertyStore *store = NULL;
    HRESULT hr = FxDeviceInit->RetrieveDevicePropertyStore(NULL, WdfPropertyStoreNormal, &store, NULL);
    if (FAILED(hr)) {
        return hr;
    }
    ULONG retrieval = ReadSetting(store, L"XferRetrieval", WdfDeviceIoBufferRetrievalDeferred);
    ULONG readWrite = ReadSetting(store, L"XferReadWrite", WdfDeviceIoUndefined);
    ULONG ioctl = ReadSetting(store, L"XferIoctl", WdfDeviceIoBuffered);
    store->Release();
    if (readWrite == WdfDeviceIoUndefined) {
        return S_OK;
    }

    IWDFDeviceInitialize2 *init2 = NULL;
    hr = FxDeviceInit->QueryInterface(__uuidof(IWDFDeviceInitialize2), (PVOID *)&init2);
    if (SUCCEEDED(hr)) {
        init2->SetIoTypePreference((WDF_DEVICE_IO_BUFFER_RETRIEVAL)retrieval, (WDF_DEVICE_IO_TYPE)readWrite,
                                   (WDF_DEVICE_IO_TYPE)ioctl);
        init2->Release();
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "io type preference: retrieval %lu, read/write %lu, "
                    "ioctl %lu", retrieval, readWrite, ioctl);
    }
    return hr;
}

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CMyDevice *device = new CMyDevice();
    IWDFDevice *fxDevice = NULL;

    HRESULT hr = ApplyIoTypePreference(FxDeviceInit);
    if (SUCCEEDED(hr)) {
        hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IUnknown *>(device), &fxDevice);
    }
    if (SUCCEEDED(hr)) {
        hr = CMyQueue::CreateInstance(fxDevice);
    }
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "%!FUNC! failed: %!HRESULT!", hr);
    }
    if (fxDevice != NULL) {
        fxDevice->Release();
    }
    device->Release();
    return hr;
}
