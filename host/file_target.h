/*
 * File-handle I/O targets (IWDFFileHandleTargetFactory::CreateFileHandleTarget):
 * the target object (file_target.c), and the contract with the platform part
 * that moves the bytes (file_target_unix.c: a descriptor cast to HANDLE, on
 * a libuv loop thread of the target; file_target_win.c: an overlapped Win32
 * handle on an I/O completion port thread of the target). Neither blocks the
 * host's dispatcher or its workers; the driver's completion callbacks run on
 * the workers, as for every other target.
 */
#ifndef OPENWUDF_HOST_FILE_TARGET_H
#define OPENWUDF_HOST_FILE_TARGET_H

#include "io_target_state.h"

typedef struct wudf_file_target wudf_file_target;
typedef struct wudf_file_io wudf_file_io;
typedef struct wudf_file_backend wudf_file_backend;

struct wudf_file_target {
    wudf_object obj; /* IWDFIoTarget2 */
    wudf_target_state state;
    wudf_device *device;
    HANDLE handle;   /* the driver's */
    wudf_file_backend *backend;
    wudf_list in_flight; /* wudf_file_io.link, host lock */
};

/* CreateFileHandleTarget (file_target_factory.c): a new target of device over handle, the caller's reference. */
HRESULT wudf_file_target_create(wudf_device *device, HANDLE handle, IWDFIoTarget **out);

/* request_send.c: the state of a file-handle target, or NULL when target is not one. */
wudf_target_state *wudf_file_target_state(IWDFIoTarget *target);
/* CancelSentRequest and a client's cancel: 1 when the request was in flight at a file-handle target. */
int wudf_file_target_cancel_sent(wudf_request *request);

/* One send in flight: the bytes it moves are its own copies. */
struct wudf_file_io {
    wudf_list link;           /* its target's in-flight list (host lock) */
    wudf_list backend_link;   /* the backend's own queues (backend's thread only) */
    wudf_file_target *target; /* referenced */
    wudf_request *request;    /* referenced */
    WDF_REQUEST_TYPE type;    /* Read, Write, DeviceIoControl, FlushBuffers, Query/SetInformation */
    ULONG ioctl_code;
    WDF_FILE_INFORMATION_CLASS information_class; /* Query/SetInformation */
    ULONG flags;              /* Send's */
    wudf_io_format format;    /* what the send moves (references held): output is copied back into it */
    uint8_t *input;           /* what goes out (Write, ioctl input, the information set) */
    size_t input_length;
    uint8_t *output;          /* what comes in (Read, ioctl output, the information queried) */
    size_t output_length;
    size_t done;              /* a write's bytes already out */
    LONGLONG device_offset;
    uint64_t deadline;        /* 0: none */
    int cancel_requested;     /* host lock; the backend reads it on its thread under the lock too */
    int timed_out;
    int finished;             /* host lock: the backend reported the end */
    NTSTATUS status;          /* set by the backend at the end */
    size_t information;
    void *platform;           /* the backend's per-send state */
};

/* ---- the platform part ---- */

/* Takes handle as the target's. The handle must be what UMDF requires (overlapped on Windows); else
 * a failure HRESULT with why filled in for the log. */
HRESULT wudf_file_backend_open(wudf_file_backend **out, wudf_file_target *target, HANDLE handle, char *why,
                               size_t why_size);
/* Starts io on the backend's thread (any thread may call, the host lock not held). The backend ends it
 * with wudf_file_io_done, exactly once, unless this returns a failure status (then nothing ran). */
NTSTATUS wudf_file_backend_submit(wudf_file_backend *backend, wudf_file_io *io);
/* io->cancel_requested was set: end it early with STATUS_CANCELLED if it has not ended (host lock held:
 * must not block). */
void wudf_file_backend_cancel(wudf_file_backend *backend, wudf_file_io *io);
/* Nothing is in flight any more: stops the backend's thread. The handle stays the driver's. */
void wudf_file_backend_close(wudf_file_backend *backend);

/* ---- file_target.c, for the platform part ---- */

/* io ended (io->status, io->information set): on the backend's thread. */
void wudf_file_io_done(wudf_file_io *io);
/* For logs: the target's handle as a number. */
unsigned long long wudf_file_target_handle_id(const wudf_file_target *target);

#endif
