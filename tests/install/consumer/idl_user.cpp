// Uses the header widl made of consumer.idl (openwudf_idl): it includes the installed wudfddi.h.
#include <windows.h>

#include "consumer.h"

#include <cstdio>

class CHook : public IConsumerHook {
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        *ppv = IsEqualIID(riid, __uuidof(IConsumerHook)) ? this : nullptr;
        return *ppv ? S_OK : E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return 1; }
    ULONG STDMETHODCALLTYPE Release() override { return 1; }
    HRESULT STDMETHODCALLTYPE OnRequest(IWDFIoRequest *pRequest, WDF_REQUEST_TYPE Type) override
    {
        return Type == WdfRequestRead ? S_OK : E_INVALIDARG;
    }
};

int main()
{
    CHook hook;
    IConsumerHook *itf = nullptr;
    if (hook.QueryInterface(IID_IConsumerHook, reinterpret_cast<void **>(&itf)) != S_OK ||
        itf->OnRequest(nullptr, WdfRequestRead) != S_OK || !IsEqualCLSID(__uuidof(ConsumerDriver), CLSID_ConsumerDriver) ||
        !IsEqualIID(__uuidof(IDriverEntry), IID_IDriverEntry)) {
        std::puts("idl_user: FAILED");
        return 1;
    }
    std::puts("idl_user: ok");
    return 0;
}
