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

/* Output: the name the file was opened by after the device's (IWDFFile::RetrieveFileName) in
 * UTF-8, without a terminator: "\wdk" for a file opened by the path of the driver's interface,
 * whose reference string is "wdk". */
#define IOCTL_WDKSAMPLE_FILE_NAME 0x0022240Cu

/* The driver's device interface class, with the reference string "wdk". */
#define WDKSAMPLE_INTERFACE_GUID_TEXT "{B1E7D5A2-3C84-4E9F-8A6B-0D2F4C6E8A10}"

#endif
