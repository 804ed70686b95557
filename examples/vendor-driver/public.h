/*++

Module Name:

    public.h

Abstract:

    The Thermo sample's interface to applications: its I/O control codes and what they carry. Shared
    by the driver and by any program that talks to \\.\Thermo0.

--*/

#pragma once

//
// CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + n, METHOD_BUFFERED, FILE_ANY_ACCESS), written out so an
// application needs no driver headers.
//

//
// Output: THERMO_READING. Each reading is taken by the driver's sampling thread after the request
// arrives; Sequence grows by one with every reading of the device.
//
#define IOCTL_THERMO_READ      0x00222400

//
// Output: the sensor's name, UTF-16LE without a terminating NUL.
//
#define IOCTL_THERMO_GET_NAME  0x00222404

//
// Input: a new name, UTF-16LE (a terminating NUL is allowed), 1 to THERMO_MAX_NAME characters.
// The name "default" (any case) restores the name the device started with.
//
#define IOCTL_THERMO_SET_NAME  0x00222408

#define THERMO_MAX_NAME        63

typedef struct _THERMO_READING {
    unsigned int Sequence;
    int          MilliCelsius;
} THERMO_READING, *PTHERMO_READING;
