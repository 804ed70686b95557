/*
 * The I/O controls of the WDK-style sample driver (tests/wdk/driver), shared with its test. Plain
 * integers, so that the test needs no Windows header: CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + n,
 * METHOD_BUFFERED, FILE_ANY_ACCESS).
 */
#ifndef OPENWUDF_WDKSAMPLE_IOCTL_H
#define OPENWUDF_WDKSAMPLE_IOCTL_H

/* Input: a name in UTF-16LE (no terminator needed). Output: UTF-16LE "Hello, <name>! I am <instance
 * id>." with its terminator; information = its size in bytes. Built with the wide C functions and
 * StringCchPrintfW, so it checks them inside a real driver. */
#define IOCTL_WDKSAMPLE_GREET 0x00222400u

/* Output: the device instance id in UTF-8 (StringCchPrintfA with %S), without a terminator. */
#define IOCTL_WDKSAMPLE_IDENTIFY 0x00222404u

/* Makes the driver trace at every level, with every flag, once, then "trace all: done" at
 * TRACE_LEVEL_CRITICAL with TRACE_QUEUE: once that line is in the log, all the others that were
 * enabled are (a host's lines are relayed in order). */
#define IOCTL_WDKSAMPLE_TRACE_ALL 0x00222408u

#endif
