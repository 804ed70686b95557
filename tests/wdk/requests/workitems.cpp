/*++

Module Name:

    workitems.cpp

Abstract:

    Work items of the requests sample driver (UMDF 1.11, IWDFDevice3::CreateWorkItem): one that
    completes the request that enqueued it, with and without AutomaticSerialization, and one that
    counts its runs for Enqueue, Flush and deletion.

--*/

#include "internal.h"
#include "workitems.tmh"

static
CMyQueue *
QueueOf(
    _In_ IWDFWorkItem *FxItem
    )
{
    PVOID context = NULL;
    return SUCCEEDED(FxItem->RetrieveContext(&context)) ? static_cast<CMyQueue *>(context) : NULL;
}

static
HRESULT
CreateItem(
    _In_ IWDFDevice *FxDevice,
    _In_ PFN_WUDF_WORKITEM Callback,
    _In_ BOOL Serialized,
    _In_opt_ IWDFObject *Parent,
    _In_ PVOID Context,
    _Out_ IWDFWorkItem **FxItem
    )
{
    IWDFDevice3 *device3 = NULL;
    WUDF_WORKITEM_CONFIG config;
    *FxItem = NULL;
    HRESULT hr = FxDevice->QueryInterface(IID_PPV_ARGS(&device3));
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "no IWDFDevice3: %!HRESULT!", hr);
        return hr;
    }
    WUDF_WORKITEM_CONFIG_INIT(&config, Callback);
    config.AutomaticSerialization = Serialized ? TRUE : FALSE;
    hr = device3->CreateWorkItem(&config, Parent, FxItem);
    if (SUCCEEDED(hr)) {
        hr = (*FxItem)->AssignContext(NULL, Context);
    }
    device3->Release();
    return hr;
}

//
// Runs with or without the device's callback lock: it notes whether the ioctl callback that
// enqueued it was still running.
//
void
CMyQueue::ItemRan(
    _In_ IWDFWorkItem *FxItem
    )
{
    IWDFObject *parent = FxItem->GetParentObject();
    std::lock_guard<std::mutex> guard(m_Lock);
    m_Item.RanInsideIoctl = m_Inside;
    m_Item.ParentIsDevice = SameObject(parent, m_FxDevice);
    m_Item.ContextFound = TRUE;
    m_ItemRan = TRUE;
    m_Changed.notify_all();
}

VOID
CMyQueue::OnSerializedWorkItem(
    _In_ IWDFWorkItem *FxItem
    )
{
    CMyQueue *queue = QueueOf(FxItem);
    if (queue == NULL) {
        return;
    }
    queue->ItemRan(FxItem);
    IWDFIoRequest *pending = queue->m_Pending;
    queue->m_Pending = NULL;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "serialized work item completes the request");
    CompleteWith(pending, S_OK, &queue->m_Item, sizeof(queue->m_Item));
    pending->Release();
}

VOID
CMyQueue::OnConcurrentWorkItem(
    _In_ IWDFWorkItem *FxItem
    )
{
    CMyQueue *queue = QueueOf(FxItem);
    if (queue != NULL) {
        queue->ItemRan(FxItem);
    }
}

VOID
CMyQueue::OnCountingWorkItem(
    _In_ IWDFWorkItem *FxItem
    )
{
    CMyQueue *queue = QueueOf(FxItem);
    if (queue != NULL) {
        InterlockedIncrement(&queue->m_Runs);
    }
}

void
CMyQueue::WorkItem(
    _In_ IWDFIoRequest *FxRequest,
    _In_ BOOL Serialized
    )
{
    IWDFWorkItem *item = NULL;
    HRESULT hr = CreateItem(m_FxDevice, Serialized ? OnSerializedWorkItem : OnConcurrentWorkItem, Serialized, NULL,
                            this, &item);
    if (FAILED(hr)) {
        FxRequest->Complete(hr);
        return;
    }
    {
        std::lock_guard<std::mutex> guard(m_Lock);
        ZeroMemory(&m_Item, sizeof(m_Item));
        m_Inside = TRUE;
        m_ItemRan = FALSE;
    }
    if (Serialized) {
        m_Pending = FxRequest;
        m_Pending->AddRef();
    }
    item->Enqueue();
    //
    // A serialized item cannot run before this callback returns: the wait must end empty-handed.
    // One without serialization runs meanwhile on another thread.
    //
    auto limit = std::chrono::milliseconds(Serialized ? REQUESTS_SERIALIZED_WAIT_MS : 10000u);
    {
        std::unique_lock<std::mutex> lock(m_Lock);
        BOOL ran = m_Changed.wait_for(lock, limit, [this] { return m_ItemRan != FALSE; });
        m_Item.WaitTimedOut = !ran;
        m_Inside = FALSE;
    }
    //
    // The framework keeps the item until its parent (the device) goes: this reference can go now.
    //
    item->Release();
    if (!Serialized) {
        CompleteWith(FxRequest, S_OK, &m_Item, sizeof(m_Item));
    }
}

void
CMyQueue::Flush(
    _In_ IWDFIoRequest *FxRequest
    )
{
    REQUESTS_FLUSH_OUT out = {};
    IWDFWorkItem *item = NULL;
    IWDFWorkItem *child = NULL;
    IWDFWorkItem *bad = NULL;
    IWDFIoRequest *parent = NULL;
    IWDFDriver *driver = NULL;
    IWDFDevice3 *device3 = NULL;
    CCleanupWatch *watch = new CCleanupWatch();
    WUDF_WORKITEM_CONFIG config;

    m_Runs = 0;
    HRESULT hr = CreateItem(m_FxDevice, OnCountingWorkItem, FALSE, NULL, this, &item);
    if (SUCCEEDED(hr)) {
        item->Flush();
        out.RunsBeforeEnqueue = m_Runs;
        item->Enqueue();
        item->Flush();
        out.RunsAfterFirst = m_Runs;
        item->Enqueue();
        item->Flush();
        out.RunsAfterSecond = m_Runs;
        item->DeleteWdfObject();
        item->Enqueue();
        item->Flush();
        out.RunsAfterDelete = m_Runs;
        item->Release();
        hr = m_FxDevice->QueryInterface(IID_PPV_ARGS(&device3));
    }
    //
    // A request as the parent: deleting the request deletes the item.
    //
    if (SUCCEEDED(hr)) {
        hr = m_FxDevice->CreateRequest(NULL, NULL, &parent);
    }
    if (SUCCEEDED(hr)) {
        WUDF_WORKITEM_CONFIG_INIT(&config, OnCountingWorkItem);
        hr = device3->CreateWorkItem(&config, parent, &child);
    }
    if (SUCCEEDED(hr)) {
        hr = child->AssignContext(static_cast<IObjectCleanup *>(watch), this);
    }
    if (SUCCEEDED(hr)) {
        out.ParentIsRequest = SameObject(child->GetParentObject(), parent);
        parent->DeleteWdfObject();
        out.CleanedWithParent = watch->m_Cleaned == 1;
        config.Size = sizeof(config) + 1;
        out.BadSizeHr = device3->CreateWorkItem(&config, NULL, &bad);
        config.Size = sizeof(config);
        m_FxDevice->GetDriver(&driver);
        out.BadParentHr = device3->CreateWorkItem(&config, driver, &bad);
        driver->Release();
    }
    if (device3 != NULL) {
        device3->Release();
    }
    if (child != NULL) {
        child->Release();
    }
    if (parent != NULL) {
        parent->Release();
    }
    watch->Release();
    CompleteWith(FxRequest, hr, &out, sizeof(out));
}
