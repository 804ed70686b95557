/*
 * The OSR USB-FX2 device's I/O controls, shared by the driver, its tests and tools. The numbers are
 * the ones the OSR learning kit's samples publish, so existing clients work unchanged:
 * CTL_CODE(FILE_DEVICE_OSRUSBFX2 = 65500, 0x800 + n, method, access), written out as plain integers so a
 * client needs no Windows headers.
 */
#ifndef OPENWUDF_FX2_IOCTL_H
#define OPENWUDF_FX2_IOCTL_H

/* n = 0, METHOD_BUFFERED, FILE_READ_ACCESS. Output: the active configuration descriptor. */
#define IOCTL_OSRUSBFX2_GET_CONFIG_DESCRIPTOR 0xFFDC6000u
/* n = 4, METHOD_BUFFERED, FILE_READ_ACCESS. Output: 1 byte, one bit per bar graph LED. */
#define IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY 0xFFDC6010u
/* n = 5, METHOD_BUFFERED, FILE_WRITE_ACCESS. Input: 1 byte, one bit per bar graph LED. */
#define IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY 0xFFDCA014u
/* n = 6, METHOD_BUFFERED, FILE_READ_ACCESS. Output: 1 byte, one bit per DIP switch (1 = on). */
#define IOCTL_OSRUSBFX2_READ_SWITCHES 0xFFDC6018u
/* n = 7, METHOD_BUFFERED, FILE_READ_ACCESS. Output: 1 byte, the 7-segment display's segments. */
#define IOCTL_OSRUSBFX2_GET_7_SEGMENT_DISPLAY 0xFFDC601Cu
/* n = 8, METHOD_BUFFERED, FILE_WRITE_ACCESS. Input: 1 byte, the 7-segment display's segments. */
#define IOCTL_OSRUSBFX2_SET_7_SEGMENT_DISPLAY 0xFFDCA020u
/* n = 9, METHOD_OUT_DIRECT, FILE_READ_ACCESS. Output: 1 byte, the switches after a change. The request
 * waits in the driver until the device reports a change on its interrupt endpoint; a change that came
 * while no request waited is kept (the latest one) and completes the next request at once. */
#define IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE 0xFFDC6026u

/*
 * openwudf's additions, not in the OSR samples (n = 16 and up): they exercise the framework's interface and
 * pipe methods through the kit. An endpoint names a pipe of the selected setting by its address (0x81,
 * 0x02, 0x86); an unknown endpoint or policy fails with STATUS_INVALID_PARAMETER.
 */
/* n = 16, METHOD_BUFFERED, FILE_WRITE_ACCESS. No buffers. IWDFUsbTargetPipe::Abort on both bulk pipes: the
 * reads and writes at the device complete with STATUS_CANCELLED. */
#define IOCTL_OSRUSBFX2_ABORT_PIPES 0xFFDCA040u
/* n = 17, METHOD_BUFFERED, FILE_WRITE_ACCESS. Input: 1 byte, the alternate setting of interface 0 to select
 * (the kit's setting 0 has high-speed packet sizes, setting 1 full-speed ones). Transfers on the old pipes
 * complete with STATUS_CANCELLED. */
#define IOCTL_OSRUSBFX2_SELECT_ALTERNATE_SETTING 0xFFDCA044u
/* n = 18, METHOD_BUFFERED, FILE_READ_ACCESS. Output: the selected setting (1 byte), its number of endpoints
 * (1 byte), then per pipe in the setting's order its endpoint address (1 byte), USBD_PIPE_TYPE (1 byte)
 * and maximum packet size (2 bytes, little-endian). */
#define IOCTL_OSRUSBFX2_GET_INTERFACE_INFORMATION 0xFFDC6048u
/* n = 19, METHOD_BUFFERED, FILE_READ_ACCESS. Input: endpoint (1 byte), policy type (1 byte: SHORT_PACKET_
 * TERMINATE ... RESET_PIPE_ON_RESUME of wudfusb.h). Output: the value (1 byte, or 4 little-endian bytes for
 * PIPE_TRANSFER_TIMEOUT and MAXIMUM_TRANSFER_SIZE). */
#define IOCTL_OSRUSBFX2_GET_PIPE_POLICY 0xFFDC604Cu
/* n = 20, METHOD_BUFFERED, FILE_WRITE_ACCESS. Input: endpoint (1 byte), policy type (1 byte), the value. */
#define IOCTL_OSRUSBFX2_SET_PIPE_POLICY 0xFFDCA050u
/* n = 21, METHOD_BUFFERED, FILE_READ_ACCESS. Output: FX2_DEVICE_INFORMATION_SIZE bytes at the FX2_INFO_
 * offsets: what the USB device, interface and pipe objects report, and the device's power policies as
 * found, after a SetPowerPolicy of AUTO_SUSPEND 0 and SUSPEND_DELAY 2000 (then set back). */
#define IOCTL_OSRUSBFX2_GET_DEVICE_INFORMATION 0xFFDC6054u
#define FX2_INFO_INTERFACES 0       /* IWDFUsbTargetDevice::GetNumInterfaces */
#define FX2_INFO_SPEED 1            /* RetrieveDeviceInformation(DEVICE_SPEED) */
#define FX2_INFO_INTERFACE_NUMBER 2 /* IWDFUsbInterface::GetInterfaceNumber */
#define FX2_INFO_DESCRIPTOR 3       /* GetInterfaceDescriptor: bInterfaceNumber, bNumEndpoints, bInterfaceClass */
#define FX2_INFO_HANDLES 6          /* bit 0: the device's GetWinUsbHandle is not NULL; bit 1: the interface's */
#define FX2_INFO_OUT_PIPES 7        /* bit i: pipe i of the setting IsOutEndPoint */
#define FX2_INFO_FLUSHED 8          /* bit i: Flush of pipe i gave S_OK */
#define FX2_INFO_AUTO_SUSPEND 9     /* RetrievePowerPolicy(AUTO_SUSPEND) as found */
#define FX2_INFO_SUSPEND_DELAY 10   /* SUSPEND_DELAY as found, 4 bytes little-endian */
#define FX2_INFO_AUTO_SUSPEND_SET 14
#define FX2_INFO_SUSPEND_DELAY_SET 15
#define FX2_DEVICE_INFORMATION_SIZE 19
/* n = 22, METHOD_BUFFERED, FILE_READ_ACCESS. Output: FX2_READER_STATE_SIZE bytes at the FX2_READER_ offsets,
 * each 4 bytes little-endian: what the switch reader (the interrupt pipe's continuous reader) has seen. */
#define IOCTL_OSRUSBFX2_GET_READER_STATE 0xFFDC6058u
#define FX2_READER_REPORTS 0       /* OnReaderCompletion calls with a switch report */
#define FX2_READER_FAILURES 4      /* OnReaderFailure calls */
#define FX2_READER_LAST_FAILURE 8  /* the HRESULT the last of them was given */
#define FX2_READER_STATE_SIZE 12
/* n = 23, METHOD_BUFFERED, FILE_WRITE_ACCESS. Input: 1 byte, 0 to stop the interrupt pipe's I/O target
 * (IWDFIoTargetStateManagement::Stop, cancelling), 1 to start it: the switch reader stops and starts with it. */
#define IOCTL_OSRUSBFX2_SET_READER_STATE 0xFFDCA05Cu
/* n = 24, METHOD_BUFFERED, FILE_READ_ACCESS. Output: 3 HRESULTs, 4 bytes little-endian each, of
 * IWDFUsbTargetPipe2::ConfigureContinuousReader calls that must fail: on the bulk OUT pipe, on the interrupt
 * pipe a second time, and on the bulk IN pipe with a TransferLength of 0. */
#define IOCTL_OSRUSBFX2_CONFIGURE_READER_ERRORS 0xFFDC6060u

/* The device's vendor requests (bRequest of a vendor, device-recipient control transfer). */
#define FX2_REQUEST_READ_7_SEGMENT 0xD4
#define FX2_REQUEST_READ_SWITCHES 0xD6
#define FX2_REQUEST_READ_BAR_GRAPH 0xD7
#define FX2_REQUEST_SET_BAR_GRAPH 0xD8
#define FX2_REQUEST_SET_7_SEGMENT 0xDB

/* The kit's identity and endpoints. */
#define FX2_VENDOR_ID 0x0547
#define FX2_PRODUCT_ID 0x1002
#define FX2_ENDPOINT_SWITCHES 0x81  /* interrupt IN: 1 byte per switch change */
#define FX2_ENDPOINT_BULK_OUT 0x02
#define FX2_ENDPOINT_BULK_IN 0x86   /* returns what was written to 0x02 */

#endif
