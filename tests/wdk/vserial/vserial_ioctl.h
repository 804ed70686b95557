/*
 * The serial port I/O controls the virtual serial port driver (tests/wdk/vserial) answers, and the
 * buffers they carry, shared with its tests. The numbers and layouts are those of the WDK's
 * ntddser.h, written out as plain integers and structures so that a test builds on Linux too:
 * CTL_CODE(FILE_DEVICE_SERIAL_PORT (0x1b), function, METHOD_BUFFERED, FILE_ANY_ACCESS). Which of
 * them a Win32 program's comm functions send: Wine's dlls/kernelbase/file.c (SetCommState sends
 * SET_BAUD_RATE, SET_LINE_CONTROL, SET_HANDFLOW, SET_CHARS; GetCommState the four GETs;
 * SetupComm SET_QUEUE_SIZE; ClearCommError GET_COMMSTATUS; EscapeCommFunction SET/CLR_DTR,
 * SET/CLR_RTS, SET_XON/XOFF, SET_BREAK_ON/OFF, RESET_DEVICE; TransmitCommChar IMMEDIATE_CHAR).
 */
#ifndef OPENWUDF_VSERIAL_IOCTL_H
#define OPENWUDF_VSERIAL_IOCTL_H

#include <stdint.h>

#define VSERIAL_IOCTL(function) (0x001b0000u | ((uint32_t)(function) << 2))

#define VSERIAL_IOCTL_SET_BAUD_RATE     0x001b0004u /* in  VSERIAL_BAUD_RATE */
#define VSERIAL_IOCTL_SET_QUEUE_SIZE    0x001b0008u /* in  VSERIAL_QUEUE_SIZE */
#define VSERIAL_IOCTL_SET_LINE_CONTROL  0x001b000cu /* in  VSERIAL_LINE_CONTROL */
#define VSERIAL_IOCTL_SET_BREAK_ON      0x001b0010u
#define VSERIAL_IOCTL_SET_BREAK_OFF     0x001b0014u
#define VSERIAL_IOCTL_IMMEDIATE_CHAR    0x001b0018u /* in  one byte */
#define VSERIAL_IOCTL_SET_TIMEOUTS      0x001b001cu /* in  VSERIAL_TIMEOUTS */
#define VSERIAL_IOCTL_GET_TIMEOUTS      0x001b0020u /* out VSERIAL_TIMEOUTS */
#define VSERIAL_IOCTL_SET_DTR           0x001b0024u
#define VSERIAL_IOCTL_CLR_DTR           0x001b0028u
#define VSERIAL_IOCTL_RESET_DEVICE      0x001b002cu
#define VSERIAL_IOCTL_SET_RTS           0x001b0030u
#define VSERIAL_IOCTL_CLR_RTS           0x001b0034u
#define VSERIAL_IOCTL_SET_XOFF          0x001b0038u
#define VSERIAL_IOCTL_SET_XON           0x001b003cu
#define VSERIAL_IOCTL_GET_WAIT_MASK     0x001b0040u /* out uint32_t, VSERIAL_EV_* */
#define VSERIAL_IOCTL_SET_WAIT_MASK     0x001b0044u /* in  uint32_t */
#define VSERIAL_IOCTL_WAIT_ON_MASK      0x001b0048u /* out uint32_t: the events that happened */
#define VSERIAL_IOCTL_PURGE             0x001b004cu /* in  uint32_t, VSERIAL_PURGE_* */
#define VSERIAL_IOCTL_GET_BAUD_RATE     0x001b0050u /* out VSERIAL_BAUD_RATE */
#define VSERIAL_IOCTL_GET_LINE_CONTROL  0x001b0054u /* out VSERIAL_LINE_CONTROL */
#define VSERIAL_IOCTL_GET_CHARS         0x001b0058u /* out VSERIAL_CHARS */
#define VSERIAL_IOCTL_SET_CHARS         0x001b005cu /* in  VSERIAL_CHARS */
#define VSERIAL_IOCTL_GET_HANDFLOW      0x001b0060u /* out VSERIAL_HANDFLOW */
#define VSERIAL_IOCTL_SET_HANDFLOW      0x001b0064u /* in  VSERIAL_HANDFLOW */
#define VSERIAL_IOCTL_GET_MODEMSTATUS   0x001b0068u /* out uint32_t, VSERIAL_MSR_* */
#define VSERIAL_IOCTL_GET_COMMSTATUS    0x001b006cu /* out VSERIAL_STATUS */
#define VSERIAL_IOCTL_GET_PROPERTIES    0x001b0074u /* out VSERIAL_COMMPROP */
#define VSERIAL_IOCTL_GET_DTRRTS        0x001b0078u /* out uint32_t, VSERIAL_DTR_STATE | VSERIAL_RTS_STATE */
#define VSERIAL_IOCTL_CONFIG_SIZE       0x001b0080u /* out uint32_t: 0, no provider-specific data */

typedef struct VSERIAL_BAUD_RATE {
    uint32_t BaudRate;
} VSERIAL_BAUD_RATE;

typedef struct VSERIAL_LINE_CONTROL {
    uint8_t StopBits;       /* 0 one, 1 one and a half, 2 two */
    uint8_t Parity;         /* 0 none, 1 odd, 2 even, 3 mark, 4 space */
    uint8_t WordLength;     /* 5 to 8 */
} VSERIAL_LINE_CONTROL;

typedef struct VSERIAL_CHARS {
    uint8_t EofChar;
    uint8_t ErrorChar;
    uint8_t BreakChar;
    uint8_t EventChar;
    uint8_t XonChar;
    uint8_t XoffChar;
} VSERIAL_CHARS;

typedef struct VSERIAL_HANDFLOW {
    uint32_t ControlHandShake;
    uint32_t FlowReplace;
    int32_t XonLimit;
    int32_t XoffLimit;
} VSERIAL_HANDFLOW;

/* VSERIAL_HANDFLOW bits */
#define VSERIAL_DTR_MASK            0x00000003u
#define VSERIAL_DTR_CONTROL         0x00000001u
#define VSERIAL_DTR_HANDSHAKE       0x00000002u
#define VSERIAL_CONTROL_INVALID     0x7fffff84u
#define VSERIAL_RTS_MASK            0x000000c0u
#define VSERIAL_RTS_CONTROL         0x00000040u
#define VSERIAL_RTS_HANDSHAKE       0x00000080u
#define VSERIAL_FLOW_INVALID        0x7fffff20u

/* The layout of COMMTIMEOUTS, which GetCommTimeouts and SetCommTimeouts pass as it is. */
typedef struct VSERIAL_TIMEOUTS {
    uint32_t ReadIntervalTimeout;
    uint32_t ReadTotalTimeoutMultiplier;
    uint32_t ReadTotalTimeoutConstant;
    uint32_t WriteTotalTimeoutMultiplier;
    uint32_t WriteTotalTimeoutConstant;
} VSERIAL_TIMEOUTS;

typedef struct VSERIAL_QUEUE_SIZE {
    uint32_t InSize;
    uint32_t OutSize;
} VSERIAL_QUEUE_SIZE;

typedef struct VSERIAL_STATUS {
    uint32_t Errors;            /* VSERIAL_ERROR_*, cleared by the read */
    uint32_t HoldReasons;
    uint32_t AmountInInQueue;   /* bytes received and not yet read */
    uint32_t AmountInOutQueue;
    uint8_t EofReceived;
    uint8_t WaitForImmediate;
    uint8_t Padding[2];
} VSERIAL_STATUS;

#define VSERIAL_ERROR_QUEUEOVERRUN  0x00000008u

/* SERIAL_COMMPROP, which is COMMPROP's layout: 64 bytes. */
typedef struct VSERIAL_COMMPROP {
    uint16_t PacketLength;
    uint16_t PacketVersion;
    uint32_t ServiceMask;
    uint32_t Reserved1;
    uint32_t MaxTxQueue;
    uint32_t MaxRxQueue;
    uint32_t MaxBaud;
    uint32_t ProvSubType;
    uint32_t ProvCapabilities;
    uint32_t SettableParams;
    uint32_t SettableBaud;
    uint16_t SettableData;
    uint16_t SettableStopParity;
    uint32_t CurrentTxQueue;
    uint32_t CurrentRxQueue;
    uint32_t ProvSpec1;
    uint32_t ProvSpec2;
    uint16_t ProvChar[2];
} VSERIAL_COMMPROP;

#define VSERIAL_SP_SERIALCOMM       0x00000001u /* ServiceMask */
#define VSERIAL_SP_RS232            0x00000001u /* ProvSubType */
#define VSERIAL_BAUD_USER           0x10000000u /* MaxBaud: any rate */

/* Wait masks and events (EV_* of winbase.h have the same values). */
#define VSERIAL_EV_RXCHAR           0x0001u
#define VSERIAL_EV_RXFLAG           0x0002u
#define VSERIAL_EV_TXEMPTY          0x0004u
#define VSERIAL_EV_CTS              0x0008u
#define VSERIAL_EV_DSR              0x0010u
#define VSERIAL_EV_RLSD             0x0020u
#define VSERIAL_EV_BREAK            0x0040u
#define VSERIAL_EV_ALL              0x1fffu

/* PURGE flags (PURGE_* of winbase.h) */
#define VSERIAL_PURGE_TXABORT       0x00000001u
#define VSERIAL_PURGE_RXABORT       0x00000002u
#define VSERIAL_PURGE_TXCLEAR       0x00000004u
#define VSERIAL_PURGE_RXCLEAR       0x00000008u

/* Modem status (MS_*_ON of winbase.h): a null-modem loop, CTS follows RTS, DSR and DCD follow DTR. */
#define VSERIAL_MSR_CTS             0x10u
#define VSERIAL_MSR_DSR             0x20u
#define VSERIAL_MSR_RI              0x40u
#define VSERIAL_MSR_DCD             0x80u

#define VSERIAL_DTR_STATE           0x1u
#define VSERIAL_RTS_STATE           0x2u

/* The receive buffer: what is written and not yet read. */
#define VSERIAL_BUFFER_SIZE         4096u

#endif
