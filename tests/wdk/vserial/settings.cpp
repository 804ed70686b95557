/*++

Module Name:

    settings.cpp

Abstract:

    The settings of the virtual serial port driver's port, as the serial I/O controls change and
    describe them: line control, flow control, timeouts, the DTR and RTS lines of its loop, its
    properties and status. The checks are those of the WDK's serial sample (serial/serial/ioctl.c,
    Windows' serial.sys ported to KMDF).

--*/

#include "internal.h"
#include "settings.tmh"

#define STATUS_AS_HRESULT_INVALID_PARAMETER HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)

//
// 5 to 8 data bits; one and a half stop bits only with 5 data bits, two stop bits not with 5, as a
// 16550 UART (and serial.sys) allows.
//
HRESULT
CMyQueue::SetLineControl(
    _In_ const VSERIAL_LINE_CONTROL *Line
    )
{
    if (Line->WordLength < 5 || Line->WordLength > 8 || Line->Parity > 4 || Line->StopBits > 2 ||
        (Line->StopBits == 1 && Line->WordLength != 5) || (Line->StopBits == 2 && Line->WordLength == 5)) {
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
    m_Line = *Line;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "line control: %u data bits, parity %u, stop bits %u",
                static_cast<unsigned int>(m_Line.WordLength), static_cast<unsigned int>(m_Line.Parity),
                static_cast<unsigned int>(m_Line.StopBits));
    return S_OK;
}

HRESULT
CMyQueue::SetHandFlow(
    _In_ const VSERIAL_HANDFLOW *HandFlow
    )
{
    if ((HandFlow->ControlHandShake & VSERIAL_CONTROL_INVALID) != 0 ||
        (HandFlow->FlowReplace & VSERIAL_FLOW_INVALID) != 0 ||
        (HandFlow->ControlHandShake & VSERIAL_DTR_MASK) == VSERIAL_DTR_MASK || HandFlow->XonLimit < 0 ||
        HandFlow->XoffLimit < 0 || HandFlow->XonLimit > (LONG)VSERIAL_BUFFER_SIZE ||
        HandFlow->XoffLimit > (LONG)VSERIAL_BUFFER_SIZE) {
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
    ULONG before = ModemStatus();
    m_HandFlow = *HandFlow;
    //
    // DTR_CONTROL and RTS_CONTROL raise their line, no control drops it; the handshakes leave it.
    //
    ULONG dtr = m_HandFlow.ControlHandShake & VSERIAL_DTR_MASK, rts = m_HandFlow.FlowReplace & VSERIAL_RTS_MASK;
    if (dtr == VSERIAL_DTR_CONTROL) {
        m_Lines |= VSERIAL_DTR_STATE;
    } else if (dtr == 0) {
        m_Lines &= ~VSERIAL_DTR_STATE;
    }
    if (rts == VSERIAL_RTS_CONTROL) {
        m_Lines |= VSERIAL_RTS_STATE;
    } else if (rts == 0) {
        m_Lines &= ~VSERIAL_RTS_STATE;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "handflow: control 0x%08x, replace 0x%08x, xon %d, xoff %d",
                static_cast<unsigned int>(m_HandFlow.ControlHandShake), static_cast<unsigned int>(m_HandFlow.FlowReplace),
                static_cast<int>(m_HandFlow.XonLimit), static_cast<int>(m_HandFlow.XoffLimit));
    ULONG changed = before ^ ModemStatus();
    SignalEvents(((changed & VSERIAL_MSR_CTS) ? VSERIAL_EV_CTS : 0) | ((changed & VSERIAL_MSR_DSR) ? VSERIAL_EV_DSR : 0) |
                 ((changed & VSERIAL_MSR_DCD) ? VSERIAL_EV_RLSD : 0));
    return S_OK;
}

HRESULT
CMyQueue::SetTimeouts(
    _In_ const VSERIAL_TIMEOUTS *Timeouts
    )
{
    //
    // All three read timeouts MAXULONG mean nothing a serial driver can do.
    //
    if (Timeouts->ReadIntervalTimeout == 0xffffffffu && Timeouts->ReadTotalTimeoutMultiplier == 0xffffffffu &&
        Timeouts->ReadTotalTimeoutConstant == 0xffffffffu) {
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
    m_Timeouts = *Timeouts;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "timeouts: read interval %u, multiplier %u, constant %u; "
                "write multiplier %u, constant %u", static_cast<unsigned int>(m_Timeouts.ReadIntervalTimeout),
                static_cast<unsigned int>(m_Timeouts.ReadTotalTimeoutMultiplier),
                static_cast<unsigned int>(m_Timeouts.ReadTotalTimeoutConstant),
                static_cast<unsigned int>(m_Timeouts.WriteTotalTimeoutMultiplier),
                static_cast<unsigned int>(m_Timeouts.WriteTotalTimeoutConstant));
    return S_OK;
}

//
// EscapeCommFunction's DTR and RTS; a line its handshake drives is not the caller's to set.
//
HRESULT
CMyQueue::SetLines(
    _In_ ULONG ControlCode
    )
{
    BOOL dtr = ControlCode == VSERIAL_IOCTL_SET_DTR || ControlCode == VSERIAL_IOCTL_CLR_DTR;
    BOOL raise = ControlCode == VSERIAL_IOCTL_SET_DTR || ControlCode == VSERIAL_IOCTL_SET_RTS;
    if (dtr ? (m_HandFlow.ControlHandShake & VSERIAL_DTR_MASK) == VSERIAL_DTR_HANDSHAKE
            : (m_HandFlow.FlowReplace & VSERIAL_RTS_MASK) != 0 &&
                  (m_HandFlow.FlowReplace & VSERIAL_RTS_MASK) != VSERIAL_RTS_CONTROL) {
        return STATUS_AS_HRESULT_INVALID_PARAMETER;
    }
    ULONG line = dtr ? VSERIAL_DTR_STATE : VSERIAL_RTS_STATE;
    ULONG before = m_Lines;
    m_Lines = raise ? (m_Lines | line) : (m_Lines & ~line);
    //
    // The loop: DTR is the other end's DSR and DCD, RTS its CTS.
    //
    if (before != m_Lines) {
        SignalEvents(dtr ? (VSERIAL_EV_DSR | VSERIAL_EV_RLSD) : VSERIAL_EV_CTS);
    }
    return S_OK;
}

ULONG
CMyQueue::ModemStatus() const
{
    return ((m_Lines & VSERIAL_RTS_STATE) ? VSERIAL_MSR_CTS : 0) |
           ((m_Lines & VSERIAL_DTR_STATE) ? (VSERIAL_MSR_DSR | VSERIAL_MSR_DCD) : 0);
}

void
CMyQueue::GetProperties(
    _Out_ VSERIAL_COMMPROP *Properties
    ) const
{
    ZeroMemory(Properties, sizeof(*Properties));
    Properties->PacketLength = sizeof(*Properties);
    Properties->PacketVersion = 2;
    Properties->ServiceMask = VSERIAL_SP_SERIALCOMM;
    Properties->MaxRxQueue = VSERIAL_BUFFER_SIZE;
    Properties->MaxBaud = VSERIAL_BAUD_USER;
    Properties->ProvSubType = VSERIAL_SP_RS232;
    Properties->ProvCapabilities = 0x003f;   // DTR/DSR, RTS/CTS, CD, parity check, XON/XOFF, settable XON/XOFF
    Properties->SettableParams = 0x007f;     // parity, baud, data bits, stop bits, handshaking, parity check, CD
    Properties->SettableBaud = 0x1007ffff;   // 75 to 57600 baud, and any rate (SERIAL_BAUD_USER)
    Properties->SettableData = 0x000f;       // 5, 6, 7, 8 data bits
    Properties->SettableStopParity = 0x1f07; // 1, 1.5, 2 stop bits; none, odd, even, mark, space parity
    Properties->CurrentRxQueue = m_QueueSize.InSize;
}

void
CMyQueue::GetStatus(
    _Out_ VSERIAL_STATUS *Status
    )
{
    ZeroMemory(Status, sizeof(*Status));
    Status->Errors = m_Errors;
    Status->AmountInInQueue = m_Count;
    m_Errors = 0;
}
