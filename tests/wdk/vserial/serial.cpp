/*++

Module Name:

    serial.cpp

Abstract:

    The serial I/O controls of the virtual serial port driver: the settings SetCommState,
    SetCommTimeouts, SetCommMask and SetupComm send are kept and answered back, WAIT_ON_MASK waits
    for an event, PURGE drops data and cancels waiting reads, and the port describes itself
    (GET_PROPERTIES, GET_COMMSTATUS, GET_MODEMSTATUS). The checks on what a caller passes are the
    ones the WDK's serial sample (serial/serial/ioctl.c, Windows' serial.sys ported to KMDF) makes;
    a control it does not know it refuses with STATUS_INVALID_PARAMETER, as that sample's dispatch
    does (its default case), which the framework gives from ERROR_INVALID_PARAMETER.

--*/

#include "internal.h"
#include "serial.tmh"

//
// The buffers cross the wire as ntddser.h lays them out.
//
C_ASSERT(sizeof(VSERIAL_LINE_CONTROL) == 3);
C_ASSERT(sizeof(VSERIAL_CHARS) == 6);
C_ASSERT(sizeof(VSERIAL_HANDFLOW) == 16);
C_ASSERT(sizeof(VSERIAL_TIMEOUTS) == 20);
C_ASSERT(sizeof(VSERIAL_STATUS) == 20);
C_ASSERT(sizeof(VSERIAL_COMMPROP) == 64);

#define STATUS_AS_HRESULT_INVALID_PARAMETER HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)
#define STATUS_AS_HRESULT_BUFFER_TOO_SMALL  HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)

static const struct {
    ULONG Code;
    PCSTR Name;
} s_IoctlNames[] = {
    {VSERIAL_IOCTL_SET_BAUD_RATE, "IOCTL_SERIAL_SET_BAUD_RATE"},
    {VSERIAL_IOCTL_SET_QUEUE_SIZE, "IOCTL_SERIAL_SET_QUEUE_SIZE"},
    {VSERIAL_IOCTL_SET_LINE_CONTROL, "IOCTL_SERIAL_SET_LINE_CONTROL"},
    {VSERIAL_IOCTL_SET_BREAK_ON, "IOCTL_SERIAL_SET_BREAK_ON"},
    {VSERIAL_IOCTL_SET_BREAK_OFF, "IOCTL_SERIAL_SET_BREAK_OFF"},
    {VSERIAL_IOCTL_IMMEDIATE_CHAR, "IOCTL_SERIAL_IMMEDIATE_CHAR"},
    {VSERIAL_IOCTL_SET_TIMEOUTS, "IOCTL_SERIAL_SET_TIMEOUTS"},
    {VSERIAL_IOCTL_GET_TIMEOUTS, "IOCTL_SERIAL_GET_TIMEOUTS"},
    {VSERIAL_IOCTL_SET_DTR, "IOCTL_SERIAL_SET_DTR"},
    {VSERIAL_IOCTL_CLR_DTR, "IOCTL_SERIAL_CLR_DTR"},
    {VSERIAL_IOCTL_RESET_DEVICE, "IOCTL_SERIAL_RESET_DEVICE"},
    {VSERIAL_IOCTL_SET_RTS, "IOCTL_SERIAL_SET_RTS"},
    {VSERIAL_IOCTL_CLR_RTS, "IOCTL_SERIAL_CLR_RTS"},
    {VSERIAL_IOCTL_SET_XOFF, "IOCTL_SERIAL_SET_XOFF"},
    {VSERIAL_IOCTL_SET_XON, "IOCTL_SERIAL_SET_XON"},
    {VSERIAL_IOCTL_GET_WAIT_MASK, "IOCTL_SERIAL_GET_WAIT_MASK"},
    {VSERIAL_IOCTL_SET_WAIT_MASK, "IOCTL_SERIAL_SET_WAIT_MASK"},
    {VSERIAL_IOCTL_WAIT_ON_MASK, "IOCTL_SERIAL_WAIT_ON_MASK"},
    {VSERIAL_IOCTL_PURGE, "IOCTL_SERIAL_PURGE"},
    {VSERIAL_IOCTL_GET_BAUD_RATE, "IOCTL_SERIAL_GET_BAUD_RATE"},
    {VSERIAL_IOCTL_GET_LINE_CONTROL, "IOCTL_SERIAL_GET_LINE_CONTROL"},
    {VSERIAL_IOCTL_GET_CHARS, "IOCTL_SERIAL_GET_CHARS"},
    {VSERIAL_IOCTL_SET_CHARS, "IOCTL_SERIAL_SET_CHARS"},
    {VSERIAL_IOCTL_GET_HANDFLOW, "IOCTL_SERIAL_GET_HANDFLOW"},
    {VSERIAL_IOCTL_SET_HANDFLOW, "IOCTL_SERIAL_SET_HANDFLOW"},
    {VSERIAL_IOCTL_GET_MODEMSTATUS, "IOCTL_SERIAL_GET_MODEMSTATUS"},
    {VSERIAL_IOCTL_GET_COMMSTATUS, "IOCTL_SERIAL_GET_COMMSTATUS"},
    {VSERIAL_IOCTL_GET_PROPERTIES, "IOCTL_SERIAL_GET_PROPERTIES"},
    {VSERIAL_IOCTL_GET_DTRRTS, "IOCTL_SERIAL_GET_DTRRTS"},
    {VSERIAL_IOCTL_CONFIG_SIZE, "IOCTL_SERIAL_CONFIG_SIZE"},
};

PCSTR
IoctlName(
    _In_ ULONG ControlCode
    )
{
    for (ULONG i = 0; i < ARRAYSIZE(s_IoctlNames); i++) {
        if (s_IoctlNames[i].Code == ControlCode) {
            return s_IoctlNames[i].Name;
        }
    }
    return "unknown I/O control";
}

static
HRESULT
ReadInput(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_writes_bytes_(Size) void *Buffer,
    _In_ SIZE_T Size
    )
{
    IWDFMemory *memory = NULL;
    if (InputSize < Size) {
        return STATUS_AS_HRESULT_BUFFER_TOO_SMALL;
    }
    FxRequest->GetInputMemory(&memory);
    if (memory == NULL) {
        return STATUS_AS_HRESULT_BUFFER_TOO_SMALL;
    }
    HRESULT hr = memory->CopyToBuffer(0, Buffer, Size);
    memory->Release();
    return hr;
}

static
HRESULT
WriteOutput(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T OutputSize,
    _In_reads_bytes_(Size) const void *Buffer,
    _In_ SIZE_T Size,
    _Out_ SIZE_T *Information
    )
{
    IWDFMemory *memory = NULL;
    if (OutputSize < Size) {
        return STATUS_AS_HRESULT_BUFFER_TOO_SMALL;
    }
    FxRequest->GetOutputMemory(&memory);
    if (memory == NULL) {
        return STATUS_AS_HRESULT_BUFFER_TOO_SMALL;
    }
    HRESULT hr = memory->CopyFromBuffer(0, const_cast<void *>(Buffer), Size);
    memory->Release();
    *Information = SUCCEEDED(hr) ? Size : 0;
    return hr;
}

//
// A new mask completes the waiting WAIT_ON_MASK with no events and forgets the old ones.
//
HRESULT
CMyQueue::SetWaitMask(
    _In_ ULONG Mask
    )
{
    IWDFIoRequest *wait = NULL;
    if ((Mask & ~VSERIAL_EV_ALL) != 0) {
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
    if (SUCCEEDED(m_WaitQueue->RetrieveNextRequest(&wait))) {
        uint32_t none = 0;
        SIZE_T written = 0;
        HRESULT hr = WriteOutput(wait, sizeof(none), &none, sizeof(none), &written);
        wait->CompleteWithInformation(hr, written);
        wait->Release();
    }
    m_WaitMask = Mask;
    m_History = 0;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "wait mask 0x%04x", static_cast<unsigned int>(Mask));
    return S_OK;
}

HRESULT
CMyQueue::WaitOnMask(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T OutputSize,
    _Out_ SIZE_T *Information
    )
{
    ULONG waiting = 0;
    if (OutputSize < sizeof(uint32_t)) {
        return STATUS_AS_HRESULT_BUFFER_TOO_SMALL;
    }
    m_WaitQueue->GetState(&waiting, NULL);
    //
    // No mask to wait on, or one wait already waiting: serial.sys refuses both.
    //
    if (m_WaitMask == 0 || waiting != 0) {
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
    if (m_History != 0) {
        uint32_t events = m_History;
        m_History = 0;
        return WriteOutput(FxRequest, OutputSize, &events, sizeof(events), Information);
    }
    HRESULT hr = FxRequest->ForwardToIoQueue(m_WaitQueue);
    return SUCCEEDED(hr) ? E_PENDING : hr;
}

HRESULT
CMyQueue::Purge(
    _In_ ULONG Flags
    )
{
    ULONG cancelled = 0, dropped = 0;
    if (Flags == 0 || (Flags & ~(VSERIAL_PURGE_TXABORT | VSERIAL_PURGE_RXABORT | VSERIAL_PURGE_TXCLEAR |
                                 VSERIAL_PURGE_RXCLEAR)) != 0) {
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
    //
    // Writes leave at once: there is never a write to abort or transmit data to clear.
    //
    if (Flags & VSERIAL_PURGE_RXABORT) {
        cancelled = CancelPending(m_ReadQueue);
    }
    if (Flags & VSERIAL_PURGE_RXCLEAR) {
        dropped = m_Count;
        m_Head = 0;
        m_Count = 0;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "purge 0x%x: %u reads cancelled, %u bytes dropped",
                static_cast<unsigned int>(Flags), static_cast<unsigned int>(cancelled),
                static_cast<unsigned int>(dropped));
    return S_OK;
}

HRESULT
CMyQueue::Control(
    _In_ IWDFIoRequest *FxRequest,
    _In_ ULONG ControlCode,
    _In_ SIZE_T InputSize,
    _In_ SIZE_T OutputSize,
    _Out_ SIZE_T *Information
    )
{
    HRESULT hr = S_OK;
    uint32_t value = 0;

    *Information = 0;
    switch (ControlCode) {
    case VSERIAL_IOCTL_SET_BAUD_RATE: {
        VSERIAL_BAUD_RATE baud;
        hr = ReadInput(FxRequest, InputSize, &baud, sizeof(baud));
        if (SUCCEEDED(hr) && baud.BaudRate == 0) {
            hr = STATUS_AS_HRESULT_INVALID_PARAMETER;
        }
        if (SUCCEEDED(hr)) {
            m_Baud = baud;
            TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "baud rate %u", static_cast<unsigned int>(baud.BaudRate));
        }
        return hr;
    }
    case VSERIAL_IOCTL_GET_BAUD_RATE:
        return WriteOutput(FxRequest, OutputSize, &m_Baud, sizeof(m_Baud), Information);
    case VSERIAL_IOCTL_SET_LINE_CONTROL: {
        VSERIAL_LINE_CONTROL line;
        hr = ReadInput(FxRequest, InputSize, &line, sizeof(line));
        return SUCCEEDED(hr) ? SetLineControl(&line) : hr;
    }
    case VSERIAL_IOCTL_GET_LINE_CONTROL:
        return WriteOutput(FxRequest, OutputSize, &m_Line, sizeof(m_Line), Information);
    case VSERIAL_IOCTL_SET_CHARS: {
        VSERIAL_CHARS chars;
        hr = ReadInput(FxRequest, InputSize, &chars, sizeof(chars));
        // XON/XOFF flow control cannot tell its two characters apart if they are one.
        if (SUCCEEDED(hr) && chars.XonChar == chars.XoffChar && (m_HandFlow.FlowReplace & 0x3) != 0) {
            hr = STATUS_AS_HRESULT_INVALID_PARAMETER;
        }
        if (SUCCEEDED(hr)) {
            m_Chars = chars;
        }
        return hr;
    }
    case VSERIAL_IOCTL_GET_CHARS:
        return WriteOutput(FxRequest, OutputSize, &m_Chars, sizeof(m_Chars), Information);
    case VSERIAL_IOCTL_SET_HANDFLOW: {
        VSERIAL_HANDFLOW handFlow;
        hr = ReadInput(FxRequest, InputSize, &handFlow, sizeof(handFlow));
        return SUCCEEDED(hr) ? SetHandFlow(&handFlow) : hr;
    }
    case VSERIAL_IOCTL_GET_HANDFLOW:
        return WriteOutput(FxRequest, OutputSize, &m_HandFlow, sizeof(m_HandFlow), Information);
    case VSERIAL_IOCTL_SET_TIMEOUTS: {
        VSERIAL_TIMEOUTS timeouts;
        hr = ReadInput(FxRequest, InputSize, &timeouts, sizeof(timeouts));
        return SUCCEEDED(hr) ? SetTimeouts(&timeouts) : hr;
    }
    case VSERIAL_IOCTL_GET_TIMEOUTS:
        return WriteOutput(FxRequest, OutputSize, &m_Timeouts, sizeof(m_Timeouts), Information);
    case VSERIAL_IOCTL_SET_QUEUE_SIZE: {
        VSERIAL_QUEUE_SIZE size;
        hr = ReadInput(FxRequest, InputSize, &size, sizeof(size));
        if (SUCCEEDED(hr)) {
            m_QueueSize = size;
            TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "queue sizes: in %u, out %u",
                        static_cast<unsigned int>(size.InSize), static_cast<unsigned int>(size.OutSize));
        }
        return hr;
    }
    case VSERIAL_IOCTL_GET_WAIT_MASK:
        value = m_WaitMask;
        return WriteOutput(FxRequest, OutputSize, &value, sizeof(value), Information);
    case VSERIAL_IOCTL_SET_WAIT_MASK:
        hr = ReadInput(FxRequest, InputSize, &value, sizeof(value));
        return SUCCEEDED(hr) ? SetWaitMask(value) : hr;
    case VSERIAL_IOCTL_WAIT_ON_MASK:
        return WaitOnMask(FxRequest, OutputSize, Information);
    case VSERIAL_IOCTL_PURGE:
        hr = ReadInput(FxRequest, InputSize, &value, sizeof(value));
        return SUCCEEDED(hr) ? Purge(value) : hr;
    case VSERIAL_IOCTL_GET_COMMSTATUS: {
        VSERIAL_STATUS status;
        if (OutputSize < sizeof(status)) {
            return STATUS_AS_HRESULT_BUFFER_TOO_SMALL;
        }
        GetStatus(&status);
        return WriteOutput(FxRequest, OutputSize, &status, sizeof(status), Information);
    }
    case VSERIAL_IOCTL_GET_PROPERTIES: {
        VSERIAL_COMMPROP properties;
        GetProperties(&properties);
        return WriteOutput(FxRequest, OutputSize, &properties, sizeof(properties), Information);
    }
    case VSERIAL_IOCTL_GET_MODEMSTATUS:
        value = ModemStatus();
        return WriteOutput(FxRequest, OutputSize, &value, sizeof(value), Information);
    case VSERIAL_IOCTL_GET_DTRRTS:
        value = m_Lines;
        return WriteOutput(FxRequest, OutputSize, &value, sizeof(value), Information);
    case VSERIAL_IOCTL_CONFIG_SIZE:
        return WriteOutput(FxRequest, OutputSize, &value, sizeof(value), Information);
    case VSERIAL_IOCTL_SET_DTR:
    case VSERIAL_IOCTL_CLR_DTR:
    case VSERIAL_IOCTL_SET_RTS:
    case VSERIAL_IOCTL_CLR_RTS:
        return SetLines(ControlCode);
    case VSERIAL_IOCTL_SET_BREAK_ON:
    case VSERIAL_IOCTL_SET_BREAK_OFF:
        // The loop hears its own break.
        if (ControlCode == VSERIAL_IOCTL_SET_BREAK_ON && !m_Break) {
            SignalEvents(VSERIAL_EV_BREAK);
        }
        m_Break = ControlCode == VSERIAL_IOCTL_SET_BREAK_ON;
        return S_OK;
    case VSERIAL_IOCTL_SET_XON:
    case VSERIAL_IOCTL_SET_XOFF:
    case VSERIAL_IOCTL_RESET_DEVICE:
        return S_OK;
    case VSERIAL_IOCTL_IMMEDIATE_CHAR: {
        IWDFMemory *memory = NULL;
        ULONG events = 0;
        if (InputSize < 1) {
            return STATUS_AS_HRESULT_BUFFER_TOO_SMALL;
        }
        FxRequest->GetInputMemory(&memory);
        hr = memory != NULL ? Receive(memory, 0, 1, &events) : E_UNEXPECTED;
        if (memory != NULL) {
            memory->Release();
        }
        if (SUCCEEDED(hr)) {
            ServePendingReads();
            SignalEvents(events | VSERIAL_EV_TXEMPTY);
        }
        return hr;
    }
    default:
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
}

VOID
CMyQueue::OnDeviceIoControl(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ ULONG ControlCode,
    _In_ SIZE_T InputBufferSizeInBytes,
    _In_ SIZE_T OutputBufferSizeInBytes
    )
{
    SIZE_T information = 0;

    UNREFERENCED_PARAMETER(FxQueue);
    HRESULT hr = Control(FxRequest, ControlCode, InputBufferSizeInBytes, OutputBufferSizeInBytes, &information);
    if (hr == E_PENDING) {
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "%s (0x%08x) waits", IoctlName(ControlCode),
                    static_cast<unsigned int>(ControlCode));
        return;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "%s (0x%08x), in %Iu out %Iu: %!HRESULT!, %Iu bytes", IoctlName(ControlCode),
                static_cast<unsigned int>(ControlCode), InputBufferSizeInBytes, OutputBufferSizeInBytes, hr,
                information);
    FxRequest->CompleteWithInformation(hr, information);
}
