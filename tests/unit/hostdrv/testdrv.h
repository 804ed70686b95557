/*
 * The host tests' driver: a small UMDF 1 function driver written in C that
 * does what a test asks through ioctls and device settings, and counts every
 * callback it gets. Built twice: into the unit tests (which call its
 * DllGetClassObject directly and read its counters) and as a module that the
 * real wudfhost loads in the process-level test.
 *
 * Settings (DEVICE_START setting.<name>, read through the property store):
 *   queuetype  sequential | parallel | manual   (the default queue; sequential)
 *   locking    device | none                    (SetLockingConstraint; device)
 *   zerolength 1                                (queue sees zero-length reads/writes)
 *   failstep   deviceadd | preparehardware | d0entry | postinterrupts | selfmanagedioinit
 *              (initialize: in-process only, testdrv_set_failstep; OnInitialize comes before settings)
 *   failcreate 1                                (OnCreateFile completes with E_ACCESSDENIED)
 */
#ifndef OPENWUDF_TESTS_HOSTDRV_TESTDRV_H
#define OPENWUDF_TESTS_HOSTDRV_TESTDRV_H

#include <stdint.h>

/* {6E3C1D2A-5B7F-4C1E-9A3D-2F8B7C6D5E41} */
#define TESTDRV_CLSID_TEXT "{6E3C1D2A-5B7F-4C1E-9A3D-2F8B7C6D5E41}"
/* The device interface the driver registers in OnDeviceAdd. */
#define TESTDRV_INTERFACE_TEXT "{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}"
#define TESTDRV_SYMLINK "\\DosDevices\\HostTest0"

enum testdrv_ioctl {
    TESTDRV_IOCTL_ECHO = 0x222000,            /* output = input; information = bytes copied */
    TESTDRV_IOCTL_HOLD = 0x222004,            /* kept, not cancelable, until completed from outside */
    TESTDRV_IOCTL_HOLD_CANCELABLE = 0x222008, /* kept and marked cancelable */
    TESTDRV_IOCTL_DOUBLE_COMPLETE = 0x22200c, /* completed twice (a driver bug on purpose) */
    TESTDRV_IOCTL_COUNTERS = 0x222010,        /* output: uint32 counters in testdrv_counter order */
    TESTDRV_IOCTL_BLOCK = 0x222014,           /* blocks in the callback until UNBLOCK (at most 10 s) */
    TESTDRV_IOCTL_UNBLOCK = 0x222018,
    TESTDRV_IOCTL_NOT_IMPLEMENTED = 0x22201c, /* output: HRESULT of IWDFDevice::PostEvent */
    TESTDRV_IOCTL_SEND = 0x222020,            /* synchronous Send to the default target; completes with its status */
    TESTDRV_IOCTL_FAIL = 0x222024,            /* completes with HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER) */
    TESTDRV_IOCTL_RELEASE_HELD = 0x222028,    /* completes every held request (S_OK), then itself */
};

enum testdrv_counter {
    TESTDRV_ON_INITIALIZE,
    TESTDRV_ON_DEVICE_ADD,
    TESTDRV_ON_PREPARE_HARDWARE,
    TESTDRV_ON_D0_ENTRY,
    TESTDRV_ON_SELF_MANAGED_IO_INIT,
    TESTDRV_ON_SELF_MANAGED_IO_CLEANUP,
    TESTDRV_ON_D0_EXIT,
    TESTDRV_ON_RELEASE_HARDWARE,
    TESTDRV_ON_DEINITIALIZE,
    TESTDRV_ON_CREATE_FILE,
    TESTDRV_ON_READ,
    TESTDRV_ON_WRITE,
    TESTDRV_ON_IOCTL,
    TESTDRV_ON_CLEANUP_FILE,
    TESTDRV_ON_CLOSE_FILE,
    TESTDRV_ON_CANCEL,
    TESTDRV_ON_STATE_CHANGE,
    TESTDRV_ON_OBJECT_CLEANUP, /* IObjectCleanup::OnCleanup of device and queue callback objects */
    TESTDRV_ON_POST_INTERRUPTS_ENABLED, /* IPnpCallbackHardwareInterrupt */
    TESTDRV_ON_PRE_INTERRUPTS_DISABLED,
    TESTDRV_MAX_CONCURRENT,    /* most callbacks running at once */
    TESTDRV_COUNTER_COUNT
};

#endif
