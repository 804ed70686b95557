/*
 * test_idl: inc/wudfddi.idl as a driver's IDL file imports it.
 *  - A driver's C++ source against the header widl made of its IDL file (acme.idl; that header
 *    includes wudfddi.h for the import): its class implements its own interface, whose methods take
 *    UMDF types (`override` checks each signature), and __uuidof finds the IIDs and its coclass's
 *    CLSID.
 *  - The same from C (test_idl_c.c), and the probe interfaces' slots and types (test_idl_c.c,
 *    test_idl_types.cpp: compile time).
 *  - wudfddi.h against widl's reading of wudfddi.idl (facts.h): every interface's IID and vtable size,
 *    every slot, every enumerator's value, the structs' sizes.
 */
#include <windows.h>

#include "acme.h"

#include <cstdio>
#include <cstring>

#include "facts.h"

namespace {

class CAcmeQueueSink : public IAcmeQueueSink {
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IAcmeQueueSink))) {
            AddRef();
            *ppv = static_cast<IAcmeQueueSink *>(this);
            return S_OK;
        }
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return static_cast<ULONG>(++m_refs); }
    ULONG STDMETHODCALLTYPE Release() override { return static_cast<ULONG>(--m_refs); }
    HRESULT STDMETHODCALLTYPE OnQueueCreated(IWDFIoQueue *pQueue, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType) override
    {
        m_dispatch = DispatchType;
        return pQueue ? S_OK : E_POINTER;
    }
    WDF_REQUEST_TYPE STDMETHODCALLTYPE Classify(IWDFIoRequest *pRequest, WDFMEMORY_OFFSET *pOffset) override
    {
        pOffset->BufferOffset = 2;
        pOffset->BufferLength = 6;
        return pRequest ? WdfRequestWrite : WdfRequestUndefined;
    }
    void STDMETHODCALLTYPE AttachDevice(IWDFDevice *pDevice, WDF_TRI_STATE Exclusive) override
    {
        m_exclusive = Exclusive;
    }
    HRESULT STDMETHODCALLTYPE GetStore(IWDFDevice *pDevice, IWDFNamedPropertyStore **ppStore) override
    {
        *ppStore = nullptr;
        return pDevice ? E_NOTIMPL : E_POINTER;
    }

    LONG m_refs = 1;
    WDF_IO_QUEUE_DISPATCH_TYPE m_dispatch = WdfIoQueueDispatchSequential;
    WDF_TRI_STATE m_exclusive = WdfUseDefault;
};

int failed = 0;

void check(bool ok, int line, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "test_idl.cpp:%d: %s\n", line, what);
        failed++;
    }
}
#define CHECK(cond) check((cond), __LINE__, #cond)

void vendor_cpp_checks()
{
    CHECK(IsEqualIID(__uuidof(IAcmeQueueSink), IID_IAcmeQueueSink));
    CHECK(IsEqualCLSID(__uuidof(AcmeDriver), CLSID_AcmeDriver));
    CHECK(IsEqualIID(__uuidof(IDriverEntry), IID_IDriverEntry));

    CAcmeQueueSink sink;
    IUnknown *unknown = &sink;
    IAcmeQueueSink *itf = nullptr;
    CHECK(unknown->QueryInterface(IID_PPV_ARGS(&itf)) == S_OK && itf == &sink && sink.m_refs == 2);
    WDFMEMORY_OFFSET offset = {};
    CHECK(itf->OnQueueCreated(reinterpret_cast<IWDFIoQueue *>(&sink), WdfIoQueueDispatchManual) == S_OK);
    CHECK(sink.m_dispatch == WdfIoQueueDispatchManual);
    CHECK(itf->Classify(reinterpret_cast<IWDFIoRequest *>(&sink), &offset) == WdfRequestWrite);
    CHECK(offset.BufferOffset == 2 && offset.BufferLength == 6);
    itf->AttachDevice(nullptr, WdfFalse);
    CHECK(sink.m_exclusive == WdfFalse);
    IWDFNamedPropertyStore *store = reinterpret_cast<IWDFNamedPropertyStore *>(&sink);
    CHECK(itf->GetStore(nullptr, &store) == E_POINTER && store == nullptr);
    CHECK(itf->Release() == 1);
}

void differs(const char *what, const char *name, long long header, long long widl)
{
    std::fprintf(stderr, "test_idl: %s %s: %ld in wudfddi.h, %ld in widl's reading of wudfddi.idl\n", name, what,
                 (long)header, (long)widl);
    failed++;
}

/* Both tables come from the same name lists, in the same order. */
void compare_facts()
{
    const idl_facts &h = idl_facts_header;
    const idl_facts &w = idl_facts_widl;
    CHECK(h.n_interfaces > 0 && h.n_slots > 0 && h.n_enumerators > 0 && h.n_sizes > 0);
    CHECK(h.n_interfaces == w.n_interfaces && h.n_slots == w.n_slots && h.n_enumerators == w.n_enumerators &&
          h.n_sizes == w.n_sizes);
    if (failed)
        return;
    for (size_t i = 0; i < h.n_interfaces; i++) {
        CHECK(std::strcmp(h.interfaces[i].name, w.interfaces[i].name) == 0);
        if (!IsEqualIID(*h.interfaces[i].iid, *w.interfaces[i].iid)) {
            std::fprintf(stderr, "test_idl: %s: another IID in wudfddi.idl\n", h.interfaces[i].name);
            failed++;
        }
        if (h.interfaces[i].slots != w.interfaces[i].slots)
            differs("vtable entries", h.interfaces[i].name, (long long)h.interfaces[i].slots,
                    (long long)w.interfaces[i].slots);
    }
    for (size_t i = 0; i < h.n_slots; i++)
        if (h.slots[i].slot != w.slots[i].slot)
            differs("slot", h.slots[i].name, (long long)h.slots[i].slot, (long long)w.slots[i].slot);
    for (size_t i = 0; i < h.n_enumerators; i++)
        if (h.enumerators[i].value != w.enumerators[i].value)
            differs("value", h.enumerators[i].name, h.enumerators[i].value, w.enumerators[i].value);
    for (size_t i = 0; i < h.n_sizes; i++)
        if (h.sizes[i].size != w.sizes[i].size)
            differs("size", h.sizes[i].name, (long long)h.sizes[i].size, (long long)w.sizes[i].size);
}

} // namespace

int main()
{
    vendor_cpp_checks();
    failed += idl_vendor_c_checks();
    compare_facts();
    std::printf("test_idl: %u interfaces, %u slots, %u enumerators, %u structs compared; %d failed\n",
                (unsigned)idl_facts_header.n_interfaces, (unsigned)idl_facts_header.n_slots,
                (unsigned)idl_facts_header.n_enumerators, (unsigned)idl_facts_header.n_sizes, failed);
    return failed ? 1 : 0;
}
