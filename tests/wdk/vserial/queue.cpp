/*++

Module Name:

    queue.cpp

Abstract:

    The default queue of the virtual serial port driver and its loop: what a program writes is
    received by the port, as if its transmit line were wired to its receive line. Reads take what
    is buffered; a read that finds nothing waits in a manual queue until a write brings data, or
    until it is cancelled (the framework completes a cancelled request of a manual queue by itself).
    A read returns at once, possibly empty, only with the timeouts COMMTIMEOUTS documents for it
    (ReadIntervalTimeout MAXDWORD, both read totals 0); the port keeps the other timeouts it is
    given without timing reads out. Each received byte is an EV_RXCHAR for WAIT_ON_MASK.

--*/

#include "internal.h"

#include <string.h>

#include "queue.tmh"

CMyQueue::CMyQueue() :
    m_ReadQueue(NULL), m_WaitQueue(NULL), m_Head(0), m_Count(0), m_WaitMask(0), m_History(0), m_Errors(0),
    m_Lines(VSERIAL_DTR_STATE | VSERIAL_RTS_STATE), m_Break(FALSE)
{
    //
    // 9600 baud, 8 data bits, no parity, one stop bit; DTR and RTS raised, XON/XOFF characters.
    //
    ZeroMemory(m_Buffer, sizeof(m_Buffer));
    ZeroMemory(&m_Chars, sizeof(m_Chars));
    ZeroMemory(&m_Timeouts, sizeof(m_Timeouts));
    m_Baud.BaudRate = 9600;
    m_Line.StopBits = 0;
    m_Line.Parity = 0;
    m_Line.WordLength = 8;
    m_Chars.XonChar = 0x11;
    m_Chars.XoffChar = 0x13;
    m_HandFlow.ControlHandShake = VSERIAL_DTR_CONTROL;
    m_HandFlow.FlowReplace = VSERIAL_RTS_CONTROL;
    m_HandFlow.XonLimit = VSERIAL_BUFFER_SIZE / 4;
    m_HandFlow.XoffLimit = VSERIAL_BUFFER_SIZE / 4;
    m_QueueSize.InSize = VSERIAL_BUFFER_SIZE;
    m_QueueSize.OutSize = 0;
}

HRESULT
CMyQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice,
    _Out_ CMyQueue **Queue
    )
{
    CMyQueue *queue = new CMyQueue();
    IWDFIoQueue *fxQueue = NULL;

    *Queue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackRead *>(queue), TRUE, WdfIoQueueDispatchParallel,
                                         TRUE, FALSE, &fxQueue);
    if (fxQueue != NULL) {
        fxQueue->Release();
    }
    //
    // The manual queues hold requests only: no callback object (UMDF 1.9 and later allow none).
    // The device keeps them; the port's pointers are weak.
    //
    if (SUCCEEDED(hr)) {
        hr = FxDevice->CreateIoQueue(NULL, FALSE, WdfIoQueueDispatchManual, FALSE, FALSE, &queue->m_ReadQueue);
    }
    if (queue->m_ReadQueue != NULL) {
        queue->m_ReadQueue->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = FxDevice->CreateIoQueue(NULL, FALSE, WdfIoQueueDispatchManual, FALSE, FALSE, &queue->m_WaitQueue);
    }
    if (queue->m_WaitQueue != NULL) {
        queue->m_WaitQueue->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "queues created: %!HRESULT!", hr);
    if (FAILED(hr)) {
        queue->Release();
        return hr;
    }
    *Queue = queue;
    return S_OK;
}

HRESULT
CMyQueue::QueryInterface(
    _In_ REFIID InterfaceId,
    _Out_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackRead))) {
        *Object = static_cast<IQueueCallbackRead *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackWrite))) {
        *Object = static_cast<IQueueCallbackWrite *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
        *Object = static_cast<IQueueCallbackDeviceIoControl *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

BOOL
CMyQueue::ReturnsAtOnce() const
{
    return m_Timeouts.ReadIntervalTimeout == 0xffffffffu && m_Timeouts.ReadTotalTimeoutMultiplier == 0 &&
           m_Timeouts.ReadTotalTimeoutConstant == 0;
}

//
// Takes up to Size bytes of Memory (from Offset) into the receive buffer. What does not fit is
// lost, as a receiver's overrun loses it, and reported by GET_COMMSTATUS.
//
_Must_inspect_result_
HRESULT
CMyQueue::Receive(
    _In_ IWDFMemory *Memory,
    _In_ SIZE_T Offset,
    _In_ SIZE_T Size,
    _Out_ ULONG *Events
    )
{
    SIZE_T room = VSERIAL_BUFFER_SIZE - m_Count;
    SIZE_T take = Size < room ? Size : room;
    SIZE_T done = 0;
    HRESULT hr = S_OK;

    *Events = 0;
    while (done < take) {
        ULONG tail = (m_Head + m_Count) % VSERIAL_BUFFER_SIZE;
        SIZE_T chunk = VSERIAL_BUFFER_SIZE - tail;
        if (chunk > take - done) {
            chunk = take - done;
        }
        hr = Memory->CopyToBuffer(Offset + done, &m_Buffer[tail], chunk);
        if (FAILED(hr)) {
            return hr;
        }
        if (memchr(&m_Buffer[tail], m_Chars.EventChar, chunk) != NULL) {
            *Events |= VSERIAL_EV_RXFLAG;
        }
        m_Count += static_cast<ULONG>(chunk);
        done += chunk;
    }
    if (take > 0) {
        *Events |= VSERIAL_EV_RXCHAR;
    }
    if (take < Size) {
        m_Errors |= VSERIAL_ERROR_QUEUEOVERRUN;
        *Events |= 0x0080; // EV_ERR
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_QUEUE, "receive buffer full: %Iu bytes lost", Size - take);
    }
    return S_OK;
}

//
// Copies up to Length buffered bytes into the read request's buffer; returns how many.
//
SIZE_T
CMyQueue::Deliver(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T Length
    )
{
    IWDFMemory *memory = NULL;
    SIZE_T done = 0;

    FxRequest->GetOutputMemory(&memory);
    while (memory != NULL && done < Length && m_Count > 0) {
        SIZE_T chunk = VSERIAL_BUFFER_SIZE - m_Head;
        if (chunk > m_Count) {
            chunk = m_Count;
        }
        if (chunk > Length - done) {
            chunk = Length - done;
        }
        if (FAILED(memory->CopyFromBuffer(done, &m_Buffer[m_Head], chunk))) {
            break;
        }
        m_Head = static_cast<ULONG>((m_Head + chunk) % VSERIAL_BUFFER_SIZE);
        m_Count -= static_cast<ULONG>(chunk);
        done += chunk;
    }
    if (memory != NULL) {
        memory->Release();
    }
    return done;
}

void
CMyQueue::ServePendingReads()
{
    while (m_Count > 0) {
        IWDFIoRequest *read = NULL;
        if (FAILED(m_ReadQueue->RetrieveNextRequest(&read))) {
            break;
        }
        SIZE_T length = 0;
        read->GetReadParameters(&length, NULL, NULL);
        SIZE_T got = Deliver(read, length);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "waiting read of %Iu bytes completed with %Iu", length, got);
        read->CompleteWithInformation(S_OK, got);
        read->Release();
    }
}

//
// Events in the wait mask complete the waiting WAIT_ON_MASK; with none waiting they are kept for
// the next one, as serial drivers keep them.
//
void
CMyQueue::SignalEvents(
    _In_ ULONG Events
    )
{
    uint32_t hit = Events & m_WaitMask;
    IWDFIoRequest *wait = NULL;
    IWDFMemory *memory = NULL;

    if (hit == 0) {
        return;
    }
    if (FAILED(m_WaitQueue->RetrieveNextRequest(&wait))) {
        m_History |= hit;
        return;
    }
    wait->GetOutputMemory(&memory);
    HRESULT hr = memory != NULL ? memory->CopyFromBuffer(0, &hit, sizeof(hit)) : E_UNEXPECTED;
    if (memory != NULL) {
        memory->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "%s completed with events 0x%04x: %!HRESULT!",
                IoctlName(VSERIAL_IOCTL_WAIT_ON_MASK), static_cast<unsigned int>(hit), hr);
    wait->CompleteWithInformation(hr, SUCCEEDED(hr) ? sizeof(hit) : 0);
    wait->Release();
}

//
// Completes every request of a manual queue as cancelled; returns how many.
//
ULONG
CMyQueue::CancelPending(
    _In_ IWDFIoQueue *FxQueue
    )
{
    ULONG count = 0;
    IWDFIoRequest *request = NULL;
    while (SUCCEEDED(FxQueue->RetrieveNextRequest(&request))) {
        request->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
        request->Release();
        count++;
    }
    return count;
}

VOID
CMyQueue::OnRead(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToRead
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    if (m_Count > 0 || ReturnsAtOnce()) {
        SIZE_T got = Deliver(FxRequest, NumOfBytesToRead);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "read of %Iu bytes: %Iu at once", NumOfBytesToRead, got);
        FxRequest->CompleteWithInformation(S_OK, got);
        return;
    }
    HRESULT hr = FxRequest->ForwardToIoQueue(m_ReadQueue);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "read of %Iu bytes waits for data: %!HRESULT!",
                NumOfBytesToRead, hr);
    if (FAILED(hr)) {
        FxRequest->Complete(hr);
    }
}

//
// A write is sent at once: it completes whole, and what it sent is received.
//
VOID
CMyQueue::OnWrite(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToWrite
    )
{
    IWDFMemory *memory = NULL;
    ULONG events = 0;

    UNREFERENCED_PARAMETER(FxQueue);
    FxRequest->GetInputMemory(&memory);
    HRESULT hr = memory != NULL ? Receive(memory, 0, NumOfBytesToWrite, &events) : E_UNEXPECTED;
    if (memory != NULL) {
        memory->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "write of %Iu bytes: %!HRESULT!, %u bytes buffered",
                NumOfBytesToWrite, hr, static_cast<unsigned int>(m_Count));
    if (SUCCEEDED(hr)) {
        ServePendingReads();
        SignalEvents(events | VSERIAL_EV_TXEMPTY);
    }
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? NumOfBytesToWrite : 0);
}

//
// The handle's waiting requests were cancelled by the framework before this; what the port keeps
// for one open (wait mask, events, received data) goes with it, as a serial port starts clean.
//
void
CMyQueue::OnFileCleanup()
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "handle closed: %u bytes dropped, wait mask 0x%04x cleared",
                static_cast<unsigned int>(m_Count), static_cast<unsigned int>(m_WaitMask));
    m_WaitMask = 0;
    m_History = 0;
    m_Head = 0;
    m_Count = 0;
}
