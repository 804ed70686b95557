// The C++ sample module's COM entry points and its class factory: DllGetClassObject serves the INF's
// DriverCLSID, the factory makes the driver object, DllCanUnloadNow reports live objects and locks.
#include "cppsample.h"

#include <new>

// {5C3E1A7B-9D2F-4B6E-8A1C-7F0E2D4B6A93}, the DriverCLSID of inf/cppsample.inf.
static const CLSID CLSID_CppSampleDriver = { 0x5c3e1a7b, 0x9d2f, 0x4b6e, { 0x8a, 0x1c, 0x7f, 0x0e, 0x2d, 0x4b, 0x6a, 0x93 } };

std::atomic<long> CClassFactory::s_cLocks{ 0 };

HRESULT CClassFactory::QueryInterface(REFIID riid, void **ppv)
{
    if (ppv == nullptr)
        return E_POINTER;
    if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IClassFactory))) {
        AddRef();
        *ppv = static_cast<IClassFactory *>(this);
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

HRESULT CClassFactory::CreateInstance(IUnknown *pUnkOuter, REFIID riid, void **ppv)
{
    if (ppv == nullptr)
        return E_POINTER;
    *ppv = nullptr;
    if (pUnkOuter != nullptr)
        return CLASS_E_NOAGGREGATION;
    CMyDriver *driver = new (std::nothrow) CMyDriver();
    if (driver == nullptr)
        return E_OUTOFMEMORY;
    // QueryInterface adds the caller's reference; ours goes, which frees the driver if riid is refused.
    HRESULT hr = driver->QueryInterface(riid, ppv);
    driver->Release();
    return hr;
}

HRESULT CClassFactory::LockServer(BOOL fLock)
{
    s_cLocks.fetch_add(fLock ? 1 : -1);
    return S_OK;
}

bool CClassFactory::Locked() noexcept
{
    return s_cLocks.load() != 0;
}

STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    if (ppv == nullptr)
        return E_POINTER;
    *ppv = nullptr;
    if (!IsEqualCLSID(rclsid, CLSID_CppSampleDriver))
        return CLASS_E_CLASSNOTAVAILABLE;
    CClassFactory *factory = new (std::nothrow) CClassFactory();
    if (factory == nullptr)
        return E_OUTOFMEMORY;
    HRESULT hr = factory->QueryInterface(riid, ppv);
    factory->Release();
    return hr;
}

STDAPI DllCanUnloadNow(void)
{
    return CUnknown::ObjectsAlive() || CClassFactory::Locked() ? S_FALSE : S_OK;
}
