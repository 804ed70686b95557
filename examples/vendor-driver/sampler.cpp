/*++

Module Name:

    sampler.cpp

Abstract:

    The sampling thread. Each IOCTL_THERMO_READ waits in the sampler's list until the thread takes
    a reading for it and completes it: requests completed from a thread of the driver's own, as
    drivers that poll hardware do. Stop completes what is still waiting, then ends the thread.

--*/

#include "internal.h"
#include "sampler.tmh"

CSampler::CSampler() : m_Sequence(0), m_Stop(false), m_PendingCount(0)
{
#ifdef _WIN32
    InitializeCriticalSection(&m_Lock);
    m_Wake = NULL;
    m_Thread = NULL;
#endif
}

CSampler::~CSampler()
{
    Stop();
#ifdef _WIN32
    DeleteCriticalSection(&m_Lock);
#endif
}

#ifdef _WIN32

_Must_inspect_result_
HRESULT CSampler::Start()
{
    m_Stop = false;
    m_Wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (m_Wake == NULL) {
        return HRESULT_FROM_WIN32(GetLastError());
    }
    m_Thread = CreateThread(NULL, 0, ThreadMain, this, 0, NULL);
    if (m_Thread == NULL) {
        HRESULT hr = HRESULT_FROM_WIN32(GetLastError());
        CloseHandle(m_Wake);
        m_Wake = NULL;
        return hr;
    }
    return S_OK;
}

VOID CSampler::Stop()
{
    if (m_Thread == NULL) {
        return;
    }
    EnterCriticalSection(&m_Lock);
    m_Stop = true;
    LeaveCriticalSection(&m_Lock);
    SetEvent(m_Wake);
    WaitForSingleObject(m_Thread, INFINITE);
    CloseHandle(m_Thread);
    CloseHandle(m_Wake);
    m_Thread = NULL;
    m_Wake = NULL;
}

DWORD WINAPI CSampler::ThreadMain(_In_ LPVOID Context)
{
    static_cast<CSampler *>(Context)->Run();
    return 0;
}

VOID CSampler::Submit(_In_ IWDFIoRequest *FxRequest)
{
    bool accepted = false;
    EnterCriticalSection(&m_Lock);
    if (!m_Stop && m_Thread != NULL && m_PendingCount < ARRAYSIZE(m_Pending)) {
        m_Pending[m_PendingCount++] = FxRequest;
        accepted = true;
    }
    LeaveCriticalSection(&m_Lock);
    if (accepted) {
        SetEvent(m_Wake);
    } else {
        FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_BUSY));
    }
}

bool CSampler::TakeNext(_Out_ IWDFIoRequest **FxRequest, _Out_ bool *Stopping)
{
    *FxRequest = NULL;
    for (;;) {
        EnterCriticalSection(&m_Lock);
        if (m_PendingCount > 0) {
            *FxRequest = m_Pending[0];
            MoveMemory(&m_Pending[0], &m_Pending[1], (m_PendingCount - 1) * sizeof(m_Pending[0]));
            m_PendingCount--;
        }
        *Stopping = m_Stop;
        LeaveCriticalSection(&m_Lock);
        if (*FxRequest != NULL || *Stopping) {
            return *FxRequest != NULL;
        }
        WaitForSingleObject(m_Wake, INFINITE);
    }
}

#else // the same sampler with the C++ standard library, for builds without Win32

_Must_inspect_result_
HRESULT CSampler::Start()
{
    try {
        m_Stop = false;
        m_Thread = std::thread(&CSampler::Run, this);
    } catch (const std::exception &) {
        return E_OUTOFMEMORY;
    }
    return S_OK;
}

VOID CSampler::Stop()
{
    if (!m_Thread.joinable()) {
        return;
    }
    {
        std::lock_guard<std::mutex> hold(m_Lock);
        m_Stop = true;
    }
    m_Wake.notify_one();
    m_Thread.join();
}

VOID CSampler::Submit(_In_ IWDFIoRequest *FxRequest)
{
    bool accepted = false;
    {
        std::lock_guard<std::mutex> hold(m_Lock);
        if (!m_Stop && m_Thread.joinable() && m_PendingCount < ARRAYSIZE(m_Pending)) {
            m_Pending[m_PendingCount++] = FxRequest;
            accepted = true;
        }
    }
    if (accepted) {
        m_Wake.notify_one();
    } else {
        FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_BUSY));
    }
}

bool CSampler::TakeNext(_Out_ IWDFIoRequest **FxRequest, _Out_ bool *Stopping)
{
    std::unique_lock<std::mutex> hold(m_Lock);
    m_Wake.wait(hold, [this] { return m_PendingCount > 0 || m_Stop; });
    *FxRequest = NULL;
    if (m_PendingCount > 0) {
        *FxRequest = m_Pending[0];
        MoveMemory(&m_Pending[0], &m_Pending[1], (m_PendingCount - 1) * sizeof(m_Pending[0]));
        m_PendingCount--;
    }
    *Stopping = m_Stop;
    return *FxRequest != NULL;
}

#endif

//
// Takes readings until told to stop, then completes whatever is still waiting.
//
VOID CSampler::Run()
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_SAMPLER, "%!FUNC! sampling thread running");
    for (;;) {
        IWDFIoRequest *request = NULL;
        bool stopping = false;
        if (TakeNext(&request, &stopping)) {
            Complete(request);
        } else if (stopping) {
            break;
        }
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_SAMPLER, "%!FUNC! sampling thread done after %u readings",
                m_Sequence);
}

//
// A reading of the simulated sensor: 21.5 degrees, give or take two tenths, moving with every reading.
//
VOID CSampler::Complete(_In_ IWDFIoRequest *FxRequest)
{
    THERMO_READING reading;
    reading.Sequence = ++m_Sequence;
    reading.MilliCelsius = 21500 + (int)((reading.Sequence * 37) % 400) - 200;

    IWDFMemory *memory = NULL;
    FxRequest->GetOutputMemory(&memory);
    HRESULT hr = (memory == NULL) ? E_UNEXPECTED : memory->CopyFromBuffer(0, &reading, sizeof(reading));
    if (memory != NULL) {
        memory->Release();
    }
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_SAMPLER, "%!FUNC! reading %u: %d mC, %!HRESULT!", reading.Sequence,
                reading.MilliCelsius, hr);
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? sizeof(reading) : 0);
}
