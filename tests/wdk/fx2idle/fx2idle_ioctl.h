/*++

Module Name:

    fx2idle_ioctl.h

Abstract:

    The control code of the FX2 selective-suspend sample driver (tests/wdk/fx2idle) and what it
    reports of its power callbacks, its switch reader and its forwarded I/O, shared with its test.
    LONG is the driver's; a test without the Windows headers defines it as a 32-bit integer.

--*/

#pragma once

//
// CTL_CODE(0x8A13, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS), as a plain integer so that the test needs
// no Windows header. Out: FX2IDLE_COUNTS. It goes to a queue that is not power-managed, so asking never
// brings an idle device back to D0.
//
#define IOCTL_FX2IDLE_COUNTS 0x8A132400u

#define FX2IDLE_IDLE_TIMEOUT_MS 300

//
// The interrupt pipe's reader: 1-byte switch reports, this many reads kept at the device.
//
#define FX2IDLE_READER_PENDING_READS 2

//
// WDF_IO_TARGET_STATE values the counts report.
//
#define FX2IDLE_TARGET_STARTED 1
#define FX2IDLE_TARGET_STOPPED 2

//
// Counts and last values; the HRESULTs are what the framework answered the driver.
//
typedef struct _FX2IDLE_COUNTS {
    LONG D0Entry;
    LONG D0Exit;
    LONG LastEntryFrom;         // WDF_POWER_DEVICE_STATE
    LONG LastExitTo;            // WDF_POWER_DEVICE_STATE
    LONG IdleHr;                // AssignS0IdleSettings(IdleUsbSelectiveSuspend, ...)
    LONG ReaderConfigHr;        // ConfigureContinuousReader on the interrupt pipe
    LONG StartHr;               // the interrupt pipe's Start in the last OnD0Entry
    LONG StopHr;                // its Stop(WdfIoTargetCancelSentIo) in the last OnD0Exit
    LONG StateAfterStart;       // the pipe's WDF_IO_TARGET_STATE after that Start
    LONG StateAfterStop;        // and after that Stop
    LONG ReadComplete;          // OnReaderCompletion calls
    LONG ReadersFailed;         // OnReaderFailure calls
    LONG LastFailureHr;         // what the last one was told
    LONG LastSwitches;          // the last switch byte the reader got, -1 before any
    LONG SwitchesAtD0Entry;     // LastSwitches when the last OnD0Entry began
    LONG ReadCompleteOutsideD0; // reports that came while the reader should have been stopped
    LONG Reads;                 // reads forwarded to bulk IN 0x86
    LONG Writes;                // writes forwarded to bulk OUT 0x02
    LONG LastIoHr;              // the last forwarded request's completion status
    LONG PowerPolicyOwner;      // 1: it owns the power policy; 0: it leaves it to WinUSB (below)
    LONG PolicyHr;              // WinUSB mode: SetPowerPolicy(AUTO_SUSPEND, SUSPEND_DELAY)
    LONG SuspendDelay;          // WinUSB mode: RetrievePowerPolicy(SUSPEND_DELAY) afterwards
} FX2IDLE_COUNTS;

//
// A DWORD in the device's hardware key (the INF's HW AddReg): 0 makes the driver leave the power policy
// to WinUSB, as UMDF USB drivers do by default: no SetPowerPolicyOwnership, no idle settings, a queue
// that is not power-managed (Learn: a driver that is not the owner must not use one), and WinUSB's
// AUTO_SUSPEND with a SUSPEND_DELAY of FX2IDLE_IDLE_TIMEOUT_MS. WinUSB idles the device only when the
// hardware key also holds DeviceIdleEnabled = 1.
//
#define FX2IDLE_OWNER_VALUE L"Fx2IdlePowerPolicyOwner"
#define FX2IDLE_OWNER_VALUE_A "Fx2IdlePowerPolicyOwner"

//
// A DWORD in the hardware key: 1 makes the I/O queue power-managed even when the driver leaves the
// power policy to WinUSB, the mistake Learn warns of, so that the test sees what Windows would do.
//
#define FX2IDLE_MANAGED_QUEUE_VALUE L"Fx2IdlePowerManagedQueue"
#define FX2IDLE_MANAGED_QUEUE_VALUE_A "Fx2IdlePowerManagedQueue"
