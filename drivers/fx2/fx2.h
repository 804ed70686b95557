/*
 * The OSR USB-FX2 driver's internal declarations: its COM objects (driver, device callback, queue
 * callback) and the device state they share. Only the driver's own files include this header.
 */
#ifndef OPENWUDF_FX2_H
#define OPENWUDF_FX2_H

#define COBJMACROS
#include <wudfddi.h>
#include <wudfusb.h>

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "com_module.h"
#include "fx2_ioctl.h"

/* Back from an interface pointer to the object that embeds it. */
#define FX2_CONTAINER(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* The IUnknown slots of one interface of a multi-interface object, forwarded to the object's own
 * query/addref/release. */
#define FX2_IUNKNOWN(prefix, itf, type, member, query, addref, release)                                  \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(itf *This, REFIID riid, void **ppv)        \
    {                                                                                                   \
        return query(FX2_CONTAINER(This, type, member), riid, ppv);                                     \
    }                                                                                                   \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(itf *This)                                          \
    {                                                                                                   \
        return addref(FX2_CONTAINER(This, type, member));                                               \
    }                                                                                                   \
    static ULONG STDMETHODCALLTYPE prefix##_Release(itf *This)                                         \
    {                                                                                                   \
        return release(FX2_CONTAINER(This, type, member));                                              \
    }

/* Control transfers that take longer than this fail with a timeout (setting ControlTimeoutMs). Bulk
 * transfers have no timeout unless the setting BulkTimeoutMs gives one (the pipes' PIPE_TRANSFER_TIMEOUT). */
#define FX2_DEFAULT_CONTROL_TIMEOUT_MS 5000u

/* --- module.c ------------------------------------------------------------------------------------- */


/* A short spin lock: the sections it guards are a few loads and stores and at most an AddRef or a
 * RetrieveNextRequest, framework calls that never wait for the driver. */
typedef struct fx2_lock {
    atomic_flag flag;
} fx2_lock;

static inline void fx2_lock_init(fx2_lock *lock)
{
    atomic_flag_clear(&lock->flag);
}

static inline void fx2_lock_acquire(fx2_lock *lock)
{
    while (atomic_flag_test_and_set_explicit(&lock->flag, memory_order_acquire))
        ;
}

static inline void fx2_lock_release(fx2_lock *lock)
{
    atomic_flag_clear_explicit(&lock->flag, memory_order_release);
}

/* --- device.c: the device callback object and what the queues share ------------------------------ */

/* The kit's three pipes, in the selected setting. */
enum { FX2_PIPE_BULK_IN, FX2_PIPE_BULK_OUT, FX2_PIPE_SWITCHES, FX2_PIPES };

typedef struct fx2_device {
    IPnpCallbackHardware hardware; /* first: the object's IUnknown identity */
    IPnpCallback pnp;
    IRequestCallbackRequestCompletion completion;
    IUsbTargetPipeContinuousReaderCallbackReadComplete reader_completion;
    IUsbTargetPipeContinuousReaderCallbackReadersFailed reader_failure;
    atomic_uint_least32_t refs;

    IWDFDevice *device;               /* not referenced: the framework's, alive while callbacks run */
    IWDFDriver *driver;               /* referenced */
    IWDFUsbTargetDevice *usb;         /* from OnPrepareHardware to OnReleaseHardware, referenced */
    IWDFUsbInterface *usb_interface;
    IWDFIoQueue *interrupt_queue;     /* manual: GET_INTERRUPT_MESSAGE requests wait here, referenced */
    ULONG control_timeout_ms;
    ULONG bulk_timeout_ms;            /* 0: reads wait for data as long as it takes */
    UCHAR pending_reads;              /* the reader's NumPendingReads (setting ReaderPendingReads; 0: default) */

    fx2_lock lock;                    /* guards the fields below */
    IWDFUsbTargetPipe *pipes[FX2_PIPES]; /* referenced; replaced when a setting is selected (fx2_pipe) */
    int reader_failures;              /* consecutive failed reads */
    ULONG reader_reports;             /* for IOCTL_OSRUSBFX2_GET_READER_STATE */
    ULONG reader_failure_calls;
    HRESULT reader_last_failure;
    int gone;                         /* surprise-removed */
    HRESULT gone_status;
    int report_kept;                  /* a switch change no GET_INTERRUPT_MESSAGE has been told yet */
    UCHAR report;
} fx2_device;

HRESULT fx2_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init);
ULONG fx2_device_addref(fx2_device *dev);
ULONG fx2_device_release(fx2_device *dev);
/* Whether hr says the request was cancelled / the device is gone, in the HRESULT forms UMDF uses. */
int fx2_is_cancelled(HRESULT hr);
int fx2_is_device_gone(HRESULT hr);

/* --- queue.c: the default queue (parallel): reads, writes, I/O controls ------------------------------ */

HRESULT fx2_queue_create(fx2_device *dev, IWDFDevice *device);

/* --- control.c: the vendor requests of the kit --------------------------------------------------- */

/* One vendor request to the device, synchronous; *transferred = bytes of the data stage. */
HRESULT fx2_vendor_request(fx2_device *dev, int in, UCHAR request, void *data, ULONG length, ULONG *transferred);

/* --- pipes.c: the interface's settings and pipes -------------------------------------------------- */

/* The pipe of the selected setting (FX2_PIPE_...), referenced, or NULL before OnPrepareHardware. */
IWDFUsbTargetPipe *fx2_pipe(fx2_device *dev, int which);
/* The selected setting's pipes sorted into pipes[] (referenced, NULL where missing); fails unless all three
 * are there. The bulk pipes get the BulkTimeoutMs policy. */
HRESULT fx2_pipes_retrieve(fx2_device *dev, IWDFUsbTargetPipe *pipes[FX2_PIPES]);
void fx2_pipes_release(IWDFUsbTargetPipe *pipes[FX2_PIPES]);
/* IWDFUsbInterface::SelectSetting: transfers on the old pipes end (cancelled), the new pipes replace them,
 * the reader starts again on the new interrupt pipe. */
HRESULT fx2_select_setting(fx2_device *dev, UCHAR setting);
/* IWDFUsbTargetPipe::Abort on both bulk pipes. */
HRESULT fx2_abort_bulk_pipes(fx2_device *dev);
/* Retrieve/SetPipePolicy on the selected setting's pipe with that endpoint address. */
HRESULT fx2_get_pipe_policy(fx2_device *dev, UCHAR endpoint, ULONG policy, void *value, ULONG *length);
HRESULT fx2_set_pipe_policy(fx2_device *dev, UCHAR endpoint, ULONG policy, void *value, ULONG length);
/* The selected setting as IOCTL_OSRUSBFX2_GET_INTERFACE_INFORMATION returns it; *length = bytes written. */
/* IOCTL_OSRUSBFX2_GET_DEVICE_INFORMATION's answer (FX2_DEVICE_INFORMATION_SIZE bytes). */
HRESULT fx2_device_information(fx2_device *dev, UCHAR out[FX2_DEVICE_INFORMATION_SIZE]);
HRESULT fx2_interface_information(fx2_device *dev, UCHAR *out, ULONG size, ULONG *length);

/* --- transfer.c: bulk I/O and the switch-change reader -------------------------------------------- */

/* Sends a read or write request to its bulk pipe; completes it when that fails. */
void fx2_bulk_send(fx2_device *dev, IWDFIoRequest *request, int read);
/* The completion callback of bulk requests. */
void fx2_transfer_completed(fx2_device *dev, IWDFIoRequest *request, IWDFIoTarget *target,
                            IWDFRequestCompletionParams *params, void *context);
/* The framework's continuous reader on the interrupt pipe (IWDFUsbTargetPipe2::ConfigureContinuousReader),
 * configured once per pipe object, started and stopped with the pipe's I/O target. */
HRESULT fx2_reader_configure(fx2_device *dev, IWDFUsbTargetPipe *pipe);
HRESULT fx2_reader_start(fx2_device *dev);
void fx2_reader_stop(fx2_device *dev);
/* The reader's callbacks: a switch report, a failed read (TRUE: reset the pipe and read on). */
void fx2_reader_completed(fx2_device *dev, IWDFMemory *memory, SIZE_T bytes);
BOOL fx2_reader_failed(fx2_device *dev, HRESULT status);
/* IOCTL_OSRUSBFX2_GET_READER_STATE's answer, and IOCTL_OSRUSBFX2_CONFIGURE_READER_ERRORS' three results. */
void fx2_reader_state(fx2_device *dev, UCHAR out[FX2_READER_STATE_SIZE]);
HRESULT fx2_reader_configure_errors(fx2_device *dev, HRESULT results[3]);
/* Completes every waiting GET_INTERRUPT_MESSAGE with status. */
void fx2_fail_interrupt_requests(fx2_device *dev, HRESULT status);
/* Completes the oldest waiting GET_INTERRUPT_MESSAGE with the kept switch change, if both exist. */
void fx2_deliver_report(fx2_device *dev);

#endif
