/*++

Module Name:

    internal.h

Abstract:

    Declarations shared by the Thermo sample's sources: a UMDF 1 driver for a simulated
    thermometer. A sampling thread of the driver's own takes each reading a request asks for;
    the device also has a name applications may read and change.

Environment:

    Windows User-Mode Driver Framework 1.x

--*/

#pragma once

#include <windows.h>
#include <wudfddi.h>
#include <strsafe.h>

#ifndef _WIN32
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

#include "public.h"
#include "trace.h"

#define THERMO_DEFAULT_NAME     L"Thermo sensor"
#define THERMO_SYMBOLIC_LINK    L"\\DosDevices\\Thermo0"

//
// Reference counting shared by every class of the driver; each class forwards its IUnknown
// methods here with __super.
//
class CUnknown : public IUnknown
{
public:
    CUnknown();
    virtual ~CUnknown();

    STDMETHOD_(ULONG, AddRef)(VOID);
    STDMETHOD_(ULONG, Release)(VOID);
    STDMETHOD(QueryInterface)(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object);

    static bool ObjectsAlive();

protected:
    IUnknown *QueryIUnknown() { AddRef(); return static_cast<IUnknown *>(this); }

private:
    LONG m_cRefs;
    static LONG s_cObjects;
};

class CClassFactory : public CUnknown, public IClassFactory
{
public:
    STDMETHOD_(ULONG, AddRef)(VOID) { return __super::AddRef(); }
    STDMETHOD_(ULONG, Release)(VOID) { return __super::Release(); }
    STDMETHOD(QueryInterface)(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object);

    STDMETHOD(CreateInstance)(_In_opt_ IUnknown *OuterObject, _In_ REFIID InterfaceId, _Outptr_ PVOID *Object);
    STDMETHOD(LockServer)(_In_ BOOL Lock);

    static bool Locked();

private:
    static LONG s_cLocks;
};

class CMyDriver : public CUnknown, public IDriverEntry
{
public:
    STDMETHOD_(ULONG, AddRef)(VOID) { return __super::AddRef(); }
    STDMETHOD_(ULONG, Release)(VOID) { return __super::Release(); }
    STDMETHOD(QueryInterface)(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object);

    STDMETHOD(OnInitialize)(_In_ IWDFDriver *FxWdfDriver);
    STDMETHOD(OnDeviceAdd)(_In_ IWDFDriver *FxWdfDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);
    STDMETHOD_(VOID, OnDeinitialize)(_In_ IWDFDriver *FxWdfDriver);
};

//
// The sampling thread. Requests for a reading wait in its list; the thread takes one reading per
// request and completes it. On Windows it is a Win32 thread guarded by a critical section and
// woken by an auto-reset event, as a driver written for Windows has it.
//
class CSampler
{
public:
    CSampler();
    ~CSampler();

    _Must_inspect_result_ HRESULT Start();
    VOID Stop();
    VOID Submit(_In_ IWDFIoRequest *FxRequest);

private:
    VOID Run();
    bool TakeNext(_Out_ IWDFIoRequest **FxRequest, _Out_ bool *Stopping);
    VOID Complete(_In_ IWDFIoRequest *FxRequest);

    ULONG m_Sequence;
    bool m_Stop;
    IWDFIoRequest *m_Pending[64];
    ULONG m_PendingCount;
#ifdef _WIN32
    static DWORD WINAPI ThreadMain(_In_ LPVOID Context);
    CRITICAL_SECTION m_Lock;
    HANDLE m_Wake;
    HANDLE m_Thread;
#else
    std::mutex m_Lock;
    std::condition_variable m_Wake;
    std::thread m_Thread;
#endif
};

class CMyDevice : public CUnknown, public IPnpCallbackHardware
{
public:
    static HRESULT CreateInstance(_In_ IWDFDriver *FxWdfDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    STDMETHOD_(ULONG, AddRef)(VOID) { return __super::AddRef(); }
    STDMETHOD_(ULONG, Release)(VOID) { return __super::Release(); }
    STDMETHOD(QueryInterface)(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object);

    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);

    CSampler &Sampler() { return m_Sampler; }
    VOID GetName(_Out_writes_(Count) PWSTR Name, _In_ size_t Count);
    HRESULT SetName(_In_reads_(Count) PCWSTR Name, _In_ size_t Count);

private:
    CMyDevice();
    ~CMyDevice();

    CSampler m_Sampler;
    WCHAR m_Name[THERMO_MAX_NAME + 1];
#ifdef _WIN32
    CRITICAL_SECTION m_NameLock;
#else
    std::mutex m_NameLock;
#endif
};

//
// The default queue, parallel: readings go to the sampler, names are answered at once.
//
class CMyQueue : public CUnknown, public IQueueCallbackDeviceIoControl
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice, _In_ CMyDevice *Device);

    STDMETHOD_(ULONG, AddRef)(VOID) { return __super::AddRef(); }
    STDMETHOD_(ULONG, Release)(VOID) { return __super::Release(); }
    STDMETHOD(QueryInterface)(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object);

    STDMETHOD_(VOID, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);

private:
    explicit CMyQueue(_In_ CMyDevice *Device) : m_Device(Device) {}

    VOID GetName(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T OutputBufferSizeInBytes);
    VOID SetName(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputBufferSizeInBytes);

    CMyDevice *m_Device; // the device outlives its queue
};
