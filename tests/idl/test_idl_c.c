/*
 * test_idl: a driver's C source against the header widl made of the driver's IDL file (acme.idl,
 * which imports wudfddi.idl: the header includes wudfddi.h for it).
 *  - At compile time: the vtables widl wrote for the probe interfaces, i.e. IWDFDevice, IWDFIoQueue,
 *    IWDFIoRequest, IWDFDriver and IDriverEntry as widl read them in wudfddi.idl, have wudfddi.h's
 *    slots and size.
 *  - At run time (idl_vendor_c_checks): the driver's own interface implemented in C, its vtable
 *    typed by the generated header, called through its COBJMACROS; the IIDs and CLSID it defines.
 * Also wudfddi.h's tables for test_idl.cpp (facts.inc).
 */
#define COBJMACROS
#define CONST_VTABLE /* lpVtbl points to const, so a const vtable can be used */
#include <windows.h>
#include <ole2.h>
#include <oaidl.h>
#include <ocidl.h>
#include <wudfddi.h>
/* This source defines the GUIDs acme.h declares, as one source of a driver does: INITGUID after the
 * headers acme.h includes, so that it reaches only acme.h's own. */
#include <initguid.h>

#include "acme.h"

#include <stdio.h>

#include "facts.h"

#define IDL_FACTS idl_facts_header
#define IDL_IID(itf) IID_##itf
#include "facts.inc"

#define SAME_SLOT(probe, itf, method)                                                              \
    _Static_assert(offsetof(probe##Vtbl, method) == offsetof(itf##Vtbl, method),                  \
                   #itf "::" #method ": widl's slot (wudfddi.idl) differs from wudfddi.h's");
#define SAME_SIZE(probe, itf)                                                                      \
    _Static_assert(sizeof(probe##Vtbl) == sizeof(itf##Vtbl), #itf ": widl's vtable has another size");

#define PROBE_DEVICE(itf, method) SAME_SLOT(IAcmeProbeDevice, itf, method)
#define PROBE_QUEUE(itf, method) SAME_SLOT(IAcmeProbeIoQueue, itf, method)
#define PROBE_REQUEST(itf, method) SAME_SLOT(IAcmeProbeIoRequest, itf, method)
#define PROBE_DRIVER(itf, method) SAME_SLOT(IAcmeProbeDriver, itf, method)
#define PROBE_ENTRY(itf, method) SAME_SLOT(IAcmeProbeDriverEntry, itf, method)
UMDF_SLOTS_IWDFDevice(PROBE_DEVICE)
UMDF_SLOTS_IWDFIoQueue(PROBE_QUEUE)
UMDF_SLOTS_IWDFIoRequest(PROBE_REQUEST)
UMDF_SLOTS_IWDFDriver(PROBE_DRIVER)
UMDF_SLOTS_IDriverEntry(PROBE_ENTRY)
SAME_SIZE(IAcmeProbeDevice, IWDFDevice)
SAME_SIZE(IAcmeProbeIoQueue, IWDFIoQueue)
SAME_SIZE(IAcmeProbeIoRequest, IWDFIoRequest)
SAME_SIZE(IAcmeProbeDriver, IWDFDriver)
SAME_SIZE(IAcmeProbeDriverEntry, IDriverEntry)
/* A few slots as the UMDF 1 ABI numbers them, in case both sides moved together. */
_Static_assert(offsetof(IAcmeProbeDeviceVtbl, CreateIoQueue) / sizeof(void *) == 14, "IWDFDevice::CreateIoQueue");
_Static_assert(offsetof(IAcmeProbeIoQueueVtbl, RetrieveNextRequest) / sizeof(void *) == 11,
               "IWDFIoQueue::RetrieveNextRequest");
_Static_assert(offsetof(IAcmeProbeIoRequestVtbl, Send) / sizeof(void *) == 23, "IWDFIoRequest::Send");

/* ---- the driver's own interface, implemented in C ---- */

struct acme_sink {
    IAcmeQueueSink iface;
    LONG refs;
    WDF_IO_QUEUE_DISPATCH_TYPE dispatch;
    WDF_TRI_STATE exclusive;
};

static HRESULT STDMETHODCALLTYPE sink_query_interface(IAcmeQueueSink *This, REFIID riid, void **ppv)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAcmeQueueSink)) {
        IAcmeQueueSink_AddRef(This);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE sink_add_ref(IAcmeQueueSink *This)
{
    return (ULONG)++((struct acme_sink *)This)->refs;
}

static ULONG STDMETHODCALLTYPE sink_release(IAcmeQueueSink *This)
{
    return (ULONG)--((struct acme_sink *)This)->refs;
}

static HRESULT STDMETHODCALLTYPE sink_on_queue_created(IAcmeQueueSink *This, IWDFIoQueue *pQueue,
                                                       WDF_IO_QUEUE_DISPATCH_TYPE DispatchType)
{
    ((struct acme_sink *)This)->dispatch = DispatchType;
    return pQueue ? S_OK : E_POINTER;
}

static WDF_REQUEST_TYPE STDMETHODCALLTYPE sink_classify(IAcmeQueueSink *This, IWDFIoRequest *pRequest,
                                                        WDFMEMORY_OFFSET *pOffset)
{
    pOffset->BufferOffset = 4;
    pOffset->BufferLength = 12;
    return pRequest ? WdfRequestDeviceIoControl : WdfRequestUndefined;
}

static void STDMETHODCALLTYPE sink_attach_device(IAcmeQueueSink *This, IWDFDevice *pDevice, WDF_TRI_STATE Exclusive)
{
    ((struct acme_sink *)This)->exclusive = Exclusive;
}

static HRESULT STDMETHODCALLTYPE sink_get_store(IAcmeQueueSink *This, IWDFDevice *pDevice,
                                                IWDFNamedPropertyStore **ppStore)
{
    *ppStore = NULL;
    return pDevice ? E_NOTIMPL : E_POINTER;
}

/* Any slot whose type the generated header declares differently fails to compile here. */
static const IAcmeQueueSinkVtbl sink_vtbl = {
    sink_query_interface, sink_add_ref, sink_release, sink_on_queue_created, sink_classify, sink_attach_device,
    sink_get_store,
};

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "test_idl_c.c:%d: %s\n", __LINE__, #cond);                             \
            failed++;                                                                              \
        }                                                                                          \
    } while (0)

int idl_vendor_c_checks(void)
{
    /* The GUIDs of acme.idl, written out. */
    static const GUID sink_iid = { 0x5d3c7a10, 0x4e1b, 0x4c7e, { 0x9a, 0x53, 0x2f, 0x8e, 0x61, 0xb0, 0xc4, 0xd1 } };
    static const GUID driver_clsid = { 0x5d3c7a20, 0x4e1b, 0x4c7e, { 0x9a, 0x53, 0x2f, 0x8e, 0x61, 0xb0, 0xc4, 0xd1 } };
    static const GUID lib_id = { 0x5d3c7a1f, 0x4e1b, 0x4c7e, { 0x9a, 0x53, 0x2f, 0x8e, 0x61, 0xb0, 0xc4, 0xd1 } };
    int failed = 0;
    struct acme_sink sink = { { &sink_vtbl }, 1, WdfIoQueueDispatchSequential, WdfUseDefault };
    IAcmeQueueSink *itf = NULL;
    WDFMEMORY_OFFSET offset = { 0, 0 };
    IWDFNamedPropertyStore *store = (IWDFNamedPropertyStore *)&sink;

    CHECK(IsEqualIID(&IID_IAcmeQueueSink, &sink_iid));
    CHECK(IsEqualCLSID(&CLSID_AcmeDriver, &driver_clsid));
    CHECK(IsEqualGUID(&LIBID_AcmeDriverLib, &lib_id));

    CHECK(IAcmeQueueSink_QueryInterface(&sink.iface, &IID_IAcmeQueueSink, (void **)&itf) == S_OK);
    CHECK(itf == &sink.iface && sink.refs == 2);
    CHECK(IAcmeQueueSink_QueryInterface(&sink.iface, &IID_IWDFDevice, (void **)&itf) == E_NOINTERFACE);
    CHECK(IAcmeQueueSink_OnQueueCreated(&sink.iface, (IWDFIoQueue *)&sink, WdfIoQueueDispatchParallel) == S_OK);
    CHECK(sink.dispatch == WdfIoQueueDispatchParallel);
    CHECK(IAcmeQueueSink_Classify(&sink.iface, (IWDFIoRequest *)&sink, &offset) == WdfRequestDeviceIoControl);
    CHECK(offset.BufferOffset == 4 && offset.BufferLength == 12);
    IAcmeQueueSink_AttachDevice(&sink.iface, NULL, WdfTrue);
    CHECK(sink.exclusive == WdfTrue);
    CHECK(IAcmeQueueSink_GetStore(&sink.iface, NULL, &store) == E_POINTER && store == NULL);
    CHECK(IAcmeQueueSink_Release(&sink.iface) == 1);
    return failed;
}
