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
