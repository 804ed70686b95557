/*
 * The I/O controls of the transfer-type test driver (tests/wdk/xfer), shared with its test. Plain
 * integers, so that the test needs no Windows header: CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + n,
 * method, FILE_ANY_ACCESS), one per transfer method. Each answers a struct xfer_report at the start
 * of its output buffer (information = the output length); reads answer one too.
 */
#ifndef OPENWUDF_XFER_IOCTL_H
#define OPENWUDF_XFER_IOCTL_H

#include <stdint.h>

#define IOCTL_XFER_BUFFERED 0x00222400u   /* METHOD_BUFFERED */
#define IOCTL_XFER_IN_DIRECT 0x00222405u  /* METHOD_IN_DIRECT */
#define IOCTL_XFER_OUT_DIRECT 0x0022240Au /* METHOD_OUT_DIRECT */
#define IOCTL_XFER_NEITHER 0x0022240Fu    /* METHOD_NEITHER */
/* METHOD_BUFFERED; answers a struct xfer_request_info, written through RetrieveOutputBuffer. */
#define IOCTL_XFER_REQUEST_INFO 0x00222410u

/* WDF_DEVICE_IO_TYPE */
#define XFER_IO_BUFFERED 2u
#define XFER_IO_DIRECT 3u

/* What the driver saw of the request that carries the report, and since the device started. */
struct xfer_report {
    uint32_t effective_io_type; /* IWDFIoRequest2::GetEffectiveIoType */
    uint32_t input_length;      /* as the callback was told */
    uint32_t output_length;
    uint32_t input_sum;         /* the input bytes added up, read through RetrieveInputMemory */
    uint32_t has_file;          /* IWDFIoRequest::GetFileObject gave a file */
    uint32_t stack_read_write;  /* IWDFDevice2::GetDeviceStackIoTypePreference */
    uint32_t stack_ioctl;
    uint32_t ioctls[4];         /* the I/O controls above the driver was given, by transfer method */
    uint32_t reads;
    uint32_t writes;
    uint32_t last_write_type;   /* GetEffectiveIoType of the last write */
};

/* What the IOCTL_XFER_REQUEST_INFO request said of itself (IWDFIoRequest, IWDFIoRequest2), and what
 * the driver noted of the last write (GetWriteParameters) and the last create (GetCreateParameters,
 * GetCreateParametersEx) since the device started. */
struct xfer_request_info {
    uint32_t same_queue;        /* GetIoQueue gave the queue that presented it */
    uint32_t requestor_pid;     /* GetRequestorProcessId */
    uint32_t from_32bit;        /* IsFrom32BitProcess */
    uint32_t requestor_mode;    /* GetRequestorMode (WDF_KPROCESSOR_MODE) */
    uint32_t from_umdf;         /* IsFromUserModeDriver */
    uint32_t input_length;      /* what RetrieveInputBuffer gave */
    uint32_t input_sum;         /* its bytes added up */
    uint32_t last_write_size;
    uint32_t last_write_key;
    uint32_t last_write_offset_low;
    uint32_t creates;
    uint32_t create_options;
    uint32_t create_attributes;
    uint32_t create_share;
    uint32_t create_access;
    uint32_t create_same_as_ex; /* GetCreateParameters gave what GetCreateParametersEx gave */
};

#endif
