/*++

Module Name:

    internal.h

Abstract:

    The requests sample driver: a UMDF 1.11 driver written the WDK way that exercises what a
    driver does with requests beyond completing them (Impersonate, Reuse, IWDFIoRequest3), files
    it opens on its own lower stack (CreateWdfFile), custom events (PostEvent), work items
    (IWDFDevice3::CreateWorkItem) and the resource lists of IPnpCallbackHardware2. Each I/O control
    of requests_ioctl.h runs one of them and answers what the framework did.

--*/

#pragma once

#include <windows.h>
#include <wudfddi.h>
#include <wudfworkitem.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "requests_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\RequestsSample"
#define MYDRIVER_CLASS_ID        {0x2e8b4c71, 0x9a3d, 0x4f62, {0xb8, 0x15, 0x0c, 0x7d, 0x6e, 0x4a, 0x9f, 0x13}}

// {6C1D3A52-8E47-4F09-B2A6-3D5E7F901B24}: REQUESTS_EVENT_GUID_TEXT
DEFINE_GUID(GUID_REQUESTS_EVENT, 0x6c1d3a52, 0x8e47, 0x4f09, 0xb2, 0xa6, 0x3d, 0x5e, 0x7f, 0x90, 0x1b, 0x24);

//
// What the hardware callbacks saw at the start, for IOCTL_REQUESTS_HARDWARE.
//
extern REQUESTS_HARDWARE_OUT g_Hardware;

//
// What the device saw when it was added, for IOCTL_REQUESTS_DEVICE.
//
extern REQUESTS_DEVICE_OUT g_Device;

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

//
// Both hardware interfaces: UMDF 1.11 calls the second, which carries the resource lists.
//
class CMyDevice : public CUnknown, public IPnpCallbackHardware, public IPnpCallbackHardware2
{
public:
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    COMSUP_IUNKNOWN
    // IPnpCallbackHardware
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
    // IPnpCallbackHardware2
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice3 *FxDevice, _In_ IWDFCmResourceList *RawResources,
                                 _In_ IWDFCmResourceList *TranslatedResources);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice3 *FxDevice, _In_ IWDFCmResourceList *TranslatedResources);

private:
    static void NameAndReferenceLink(_In_ IWDFDevice *FxDevice);
};

//
// Records the cleanup of the one object it is assigned to as context cleanup.
//
class CCleanupWatch : public CUnknown, public IObjectCleanup
{
public:
    CCleanupWatch() : m_Cleaned(0) {}
    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnCleanup)(_In_ IWDFObject *FxObject);
    LONG m_Cleaned;
};

//
// The default queue: sequential, under the device-level callback lock.
//
class CMyQueue : public CUnknown, public IQueueCallbackDeviceIoControl, public IImpersonateCallback,
                 public IRequestCallbackRequestCompletion
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);
    STDMETHOD_(void, OnImpersonate)(_In_opt_ PVOID Context);
    STDMETHOD_(void, OnCompletion)(_In_ IWDFIoRequest *FxRequest, _In_ IWDFIoTarget *FxTarget,
                                   _In_ IWDFRequestCompletionParams *Params, _In_ PVOID Context);

    // Work items (workitems.cpp): their callbacks find the queue in the item's context.
    static WUDF_WORKITEM_FUNCTION OnSerializedWorkItem;
    static WUDF_WORKITEM_FUNCTION OnConcurrentWorkItem;
    static WUDF_WORKITEM_FUNCTION OnCountingWorkItem;

private:
    CMyQueue() : m_FxDevice(NULL), m_Pending(NULL), m_DriverRequest(NULL), m_Inside(FALSE), m_ItemRan(FALSE),
                 m_Runs(0)
    {
        ZeroMemory(&m_Reuse, sizeof(m_Reuse));
        ZeroMemory(&m_Item, sizeof(m_Item));
    }

    IWDFDevice *m_FxDevice;           // weak: the device outlives its queue
    IWDFIoRequest *m_Pending;         // the client's request a completion or a work item completes
    IWDFIoRequest *m_DriverRequest;   // IOCTL_REQUESTS_REUSE's request
    REQUESTS_REUSE_OUT m_Reuse;
    REQUESTS_WORKITEM_OUT m_Item;
    BOOL m_Inside;                    // in OnDeviceIoControl, waiting for a work item
    BOOL m_ItemRan;
    LONG m_Runs;                      // OnCountingWorkItem's calls
    std::mutex m_Lock;
    std::condition_variable m_Changed;

    void Impersonate(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize);
    void ImpersonateMisuse(_In_ IWDFIoRequest *FxRequest);
    void StartReuse(_In_ IWDFIoRequest *FxRequest);
    HRESULT SendDriverRequest(_In_ ULONG Context);
    void CreateLowerFile(_In_ IWDFIoRequest *FxRequest);
    void PostEvent(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize);
    void FileObject(_In_ IWDFIoRequest *FxRequest);
    // params.cpp
    void PnpState(_In_ IWDFIoRequest *FxRequest);
    void SetInformation(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize);
    void CompletionParams(_In_ IWDFIoRequest *FxRequest);
    HRESULT SendSynchronously(_In_ IWDFIoTarget *FxTarget, _In_ IWDFIoRequest *FxRequest,
                              _Out_ IWDFIoRequestCompletionParams **Params);
    // workitems.cpp
    void WorkItem(_In_ IWDFIoRequest *FxRequest, _In_ BOOL Serialized);
    void Flush(_In_ IWDFIoRequest *FxRequest);
    void ItemRan(_In_ IWDFWorkItem *FxItem);
};

void CompleteWith(_In_ IWDFIoRequest *FxRequest, _In_ HRESULT Hr, _In_reads_bytes_(Size) const void *Out,
                  _In_ SIZE_T Size);
BOOL SameObject(_In_opt_ IUnknown *A, _In_opt_ IUnknown *B);
