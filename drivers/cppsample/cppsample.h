/*
 * The C++ sample driver's classes, written the way Microsoft's UMDF 1 C++ samples are: a small CUnknown
 * base holds the reference count, and each class derives from the framework callback interfaces it
 * implements (the C++ binding of wudfddi.h) and answers QueryInterface for them.
 */
#ifndef OPENWUDF_CPPSAMPLE_H
#define OPENWUDF_CPPSAMPLE_H

#include <wudfddi.h>

#include <atomic>
#include <string>
#include <vector>

#include "cppsample_ioctl.h"

/* Reference counting and the module's object count (DllCanUnloadNow). Not an IUnknown itself: the
 * classes derive from several interfaces, and each forwards its IUnknown slots here
 * (CPPSAMPLE_IUNKNOWN). Its virtual destructor lands after the interfaces' slots, so `delete this`
 * reaches the most-derived destructor without disturbing any COM vtable. */
class CUnknown {
public:
    CUnknown() noexcept;
    CUnknown(const CUnknown &) = delete;
    CUnknown &operator=(const CUnknown &) = delete;
    virtual ~CUnknown();

    ULONG InternalAddRef() noexcept;
    ULONG InternalRelease() noexcept;
    static bool ObjectsAlive() noexcept;

private:
    std::atomic<ULONG> m_cRefs;
    static std::atomic<long> s_cObjects;
};

#define CPPSAMPLE_IUNKNOWN                                                             \
    STDMETHOD(QueryInterface)(REFIID riid, void **ppv) override;                       \
    STDMETHOD_(ULONG, AddRef)() override { return CUnknown::InternalAddRef(); }        \
    STDMETHOD_(ULONG, Release)() override { return CUnknown::InternalRelease(); }

/* The module's class factory, for CLSID_CppSampleDriver. */
class CClassFactory final : public CUnknown, public IClassFactory {
public:
    CPPSAMPLE_IUNKNOWN
    STDMETHOD(CreateInstance)(IUnknown *pUnkOuter, REFIID riid, void **ppv) override;
    STDMETHOD(LockServer)(BOOL fLock) override;

    static bool Locked() noexcept;

private:
    static std::atomic<long> s_cLocks;
};

/* The driver object: the framework's entry into the module. */
class CMyDriver final : public CUnknown, public IDriverEntry {
public:
    CPPSAMPLE_IUNKNOWN
    STDMETHOD(OnInitialize)(IWDFDriver *pWdfDriver) override;
    STDMETHOD(OnDeviceAdd)(IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit) override;
    STDMETHOD_(void, OnDeinitialize)(IWDFDriver *pWdfDriver) override;
};

/* The device callback object; CreateInstance makes the framework device, its link and its queue. */
class CMyDevice final : public CUnknown, public IPnpCallbackHardware {
public:
    static HRESULT CreateInstance(IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit);

    CPPSAMPLE_IUNKNOWN
    STDMETHOD(OnPrepareHardware)(IWDFDevice *pWdfDevice) override;
    STDMETHOD(OnReleaseHardware)(IWDFDevice *pWdfDevice) override;
};

/* The default queue's callback object: I/O controls, reads and writes. The queue is sequential, so
 * its callbacks never overlap and m_Buffer needs no lock. */
class CMyQueue final : public CUnknown,
                       public IQueueCallbackDeviceIoControl,
                       public IQueueCallbackRead,
                       public IQueueCallbackWrite {
public:
    static HRESULT CreateInstance(IWDFDevice *pWdfDevice);

    CPPSAMPLE_IUNKNOWN
    STDMETHOD_(void, OnDeviceIoControl)(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ControlCode,
                                        SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes) override;
    STDMETHOD_(void, OnRead)(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToRead) override;
    STDMETHOD_(void, OnWrite)(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToWrite) override;

private:
    void Identify(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T OutputBufferSizeInBytes);
    void Reverse(IWDFIoRequest *pWdfRequest, SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes);

    std::vector<BYTE> m_Buffer; /* what the last write stored */
};

/* UTF-16 (unpaired surrogates become U+FFFD) to UTF-8. May throw std::bad_alloc. */
std::string Utf16ToUtf8(const WCHAR *text, size_t length);

#endif
