/*++

Module Name:

    power_ioctl.h

Abstract:

    The control codes of the power-managed sample driver (tests/wdk/power) and what it reports of
    the power callbacks it got, shared with its test.

--*/

#pragma once

//
// CTL_CODE(0x8A11, 0x900 + n, METHOD_BUFFERED, FILE_ANY_ACCESS), as plain integers so that the
// test needs no Windows header. STOP_IDLE: in ULONG wait-for-D0, out LONG the HRESULT.
// QUERY_REMOVE_ANSWER: in LONG, the HRESULT OnQueryRemove returns from now on (S_OK at first).
// QUEUE_STATES: the park queue is configured, stopped, purged and drained in turn and started
// again; out POWERSAMPLE_QUEUE_STATES.
//
#define IOCTL_POWERSAMPLE_COUNTS      0x8A112400u
#define IOCTL_POWERSAMPLE_STOP_IDLE   0x8A112404u
#define IOCTL_POWERSAMPLE_RESUME_IDLE 0x8A112408u
#define IOCTL_POWERSAMPLE_PARK        0x8A11240Cu
#define IOCTL_POWERSAMPLE_UNPARK      0x8A112410u
#define IOCTL_POWERSAMPLE_QUERY_REMOVE_ANSWER 0x8A112414u
#define IOCTL_POWERSAMPLE_QUEUE_STATES 0x8A112418u

//
// Counts and last values; the HRESULTs are what the framework answered the driver.
//
typedef struct _POWERSAMPLE_COUNTS {
    LONG D0Entry;
    LONG D0Exit;
    LONG LastEntryFrom;     // WDF_POWER_DEVICE_STATE
    LONG LastExitTo;        // WDF_POWER_DEVICE_STATE
    LONG LastExitAction;    // GetSystemPowerAction() in OnD0Exit
    LONG SmioInit;
    LONG SmioSuspend;
    LONG SmioRestart;
    LONG IoStop;
    LONG LastIoStopFlags;
    LONG IoResume;
    LONG ArmWake;
    LONG ReadsHeld;
    LONG Writes;
    LONG StateChange;
    LONG RequeueHr;
    LONG WakeFromS0Hr;      // AssignS0IdleSettings(IdleCanWakeFromS0) on a root device
    LONG SxWakeHr;          // AssignSxWakeSettings on a root device
    LONG D0IdleStateHr;     // AssignS0IdleSettings(DxState = PowerDeviceD0)
    LONG BadCapsHr;         // AssignS0IdleSettings(IdleCapsInvalid)
    LONG IdleHr;            // the settings the driver keeps
    LONG Device3Hr;         // QueryInterface(IWDFDevice3)
    LONG MapIoSpaceHr;      // IWDFDevice3::MapIoSpace: no hardware resources here
    LONG IdleExBadSizeHr;   // IWDFDevice3::AssignS0IdleSettingsEx with a wrong Size
    LONG QueryRemove;       // IPnpCallback::OnQueryRemove calls
    LONG QueryStop;         // IPnpCallback::OnQueryStop calls: no resource rebalancing, never
    LONG CanceledOnQueue;   // IQueueCallbackIoCanceledOnQueue::OnIoCanceledOnQueue calls (park queue)
    LONG QueueOpsDone;      // the park queue's Purge and Drain told the control queue they were done
    LONG DisarmWake;        // OnDisarmWakeFromS0 (ArmWake counts OnArmWakeFromS0)
    LONG WakeFromS0Triggered;
    LONG ArmWakeSx;         // IPowerPolicyCallbackWakeFromSx: a USB device only
    LONG DisarmWakeSx;
    LONG WakeFromSxTriggered;
    LONG PostInterruptsEnabled; // IPnpCallbackHardwareInterrupt, though the device has no interrupts
    LONG PreInterruptsDisabled;
    LONG InterruptOrderErrors;  // one not right after OnD0Entry / right before OnD0Exit, or another state
} POWERSAMPLE_COUNTS;

//
// What IOCTL_POWERSAMPLE_QUEUE_STATES saw of the park queue (states are WDF_IO_QUEUE_STATE).
//
typedef struct _POWERSAMPLE_QUEUE_STATES {
    LONG ConfigureHr;       // ConfigureRequestDispatching(WdfRequestInternalIoctl, TRUE)
    LONG UnconfigureHr;     // the same with FALSE
    LONG ConfigureCleanupHr; // ConfigureRequestDispatching(WdfRequestCleanup, TRUE): not a type it takes
    LONG StoppedState;      // after StopSynchronously
    LONG PausedHr;          // RetrieveNextRequest while stopped
    LONG PurgedState;       // after Purge
    LONG DrainedState;      // after DrainSynchronously
    LONG StartedState;      // after the last Start
} POWERSAMPLE_QUEUE_STATES;

#define POWERSAMPLE_IDLE_TIMEOUT_MS 300
