/*
 * The state of an I/O target (IWDFIoTargetStateManagement) shared by every
 * kind of target the host makes: the device's default target, USB target
 * devices and pipes, file-handle targets. Each kind embeds a
 * wudf_target_state and gives its operations; request_send.c routes every
 * IWDFIoRequest::Send through wudf_target_state_send, which sends, holds the
 * request while the target is stopped, or fails it, as WDF does:
 *   Started   sends go out;
 *   Stopped   sends wait in the target's queue until Start (their timeout
 *             runs meanwhile), unless WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE;
 *   Deleted   (Remove, or the target's deletion) sends fail with
 *             STATUS_INVALID_DEVICE_STATE, the flag notwithstanding.
 */
#ifndef OPENWUDF_HOST_IO_TARGET_STATE_H
#define OPENWUDF_HOST_IO_TARGET_STATE_H

#include "framework.h"

typedef struct wudf_target_state wudf_target_state;
typedef struct wudf_pended_send wudf_pended_send;

typedef struct wudf_target_ops {
    /* Sends request now. S_OK: the target reports the send's end with wudf_target_sent_done (a
     * synchronous send has ended when submit returns); a failure: nothing went out. */
    HRESULT (*submit)(wudf_object *target, wudf_request *request, ULONG flags, LONGLONG timeout);
    /* Cancels what is in flight: sends made with IGNORE_TARGET_STATE only when all is set. */
    void (*cancel_sent)(wudf_object *target, int all);
    /* Optional: cancels sends in flight whose deadline (wudf_now_ms) passed, as timed out; returns the
     * next deadline, 0 for none. Runs on the state's timer thread, without the host lock. */
    uint64_t (*expire)(wudf_object *target, uint64_t now);
    /* Optional: Start has run (the state is Started, the sends it held went out). */
    void (*started)(wudf_object *target);
    /* Optional: Stop or Remove (removed = 1) is under way and the state says so already; what the
     * target sends on its own (a USB pipe's continuous reader) has ended when it returns. */
    void (*stopping)(wudf_object *target, int removed);
} wudf_target_ops;

struct wudf_target_state {
    wudf_object *target; /* the object that embeds this one */
    const wudf_target_ops *ops;
    const char *kind;    /* for logs: "default", "usb-pipe", "file-handle" ... */
    /* Guarded by the host lock. */
    WDF_IO_TARGET_STATE state;
    wudf_list pended;    /* wudf_pended_send.link, in the order sent */
    unsigned sent;       /* in flight, sent without IGNORE_TARGET_STATE */
    unsigned sent_ignoring;
    int stopping;        /* a Stop or Remove waits for sent I/O */
    uv_cond_t changed;   /* with the host lock: counts dropped, a pended send resolved, a deadline came */
    uv_thread_t timer;   /* deadlines of pended sends and of ops->expire, started when first needed */
    int timer_started;
    int timer_quit;
    unsigned timer_kick; /* bumped with each new deadline */
};

void wudf_target_state_init(wudf_target_state *ts, wudf_object *target, const wudf_target_ops *ops,
                            const char *kind);
/* The target goes away: Remove, then the timer thread ends. Called from the target's cleanup. */
void wudf_target_state_cleanup(wudf_target_state *ts);
void wudf_target_state_destroy(wudf_target_state *ts);

/* IWDFIoRequest::Send to the target of ts, for a request the driver owns that is not sent yet. */
HRESULT wudf_target_state_send(wudf_target_state *ts, wudf_request *request, ULONG flags, LONGLONG timeout);
/* A send that submit accepted has ended (before its completion reaches the driver). */
void wudf_target_sent_done(wudf_target_state *ts, ULONG flags);
void wudf_target_sent_done_locked(wudf_target_state *ts, ULONG flags);
/* A target has a new deadline (ops->expire): the timer thread looks again. */
void wudf_target_state_deadline_added(wudf_target_state *ts);
/* CancelSentRequest / a client's cancel of a request waiting in a stopped target: 1 when it was. */
int wudf_target_cancel_pended(wudf_request *request);
/* CancelSentRequestsForFile: the sends of file waiting in a stopped target end as cancelled. */
void wudf_target_cancel_pended_for_file(wudf_target_state *ts, wudf_file *file);

/* The methods of IWDFIoTargetStateManagement. */
WDF_IO_TARGET_STATE wudf_target_state_get(wudf_target_state *ts);
HRESULT wudf_target_state_start(wudf_target_state *ts);
HRESULT wudf_target_state_stop(wudf_target_state *ts, WDF_IO_TARGET_SENT_IO_ACTION action);
HRESULT wudf_target_state_remove(wudf_target_state *ts);

/* QueryInterface(IID_IWDFIoTargetStateManagement) on a target: a tear-off whose other interfaces,
 * IUnknown included, are the target's. */
HRESULT wudf_target_state_query(wudf_target_state *ts, void **ppv);

/* WDF_REQUEST_SEND_OPTIONS' timeout (100 ns units: negative relative, positive absolute since 1601)
 * as a deadline on the wudf_now_ms clock; 0 when the flags set none. */
uint64_t wudf_send_deadline(ULONG flags, LONGLONG timeout);

/* request_send.c: the end of a send as the driver sees it: completion parameters (status,
 * information, the formatted memory), then the completion callback on a worker, or, without one
 * (and for SEND_AND_FORGET), the request's completion to its sender. A synchronous send only gets
 * its parameters. */
void wudf_sent_complete(wudf_request *request, wudf_object *target, ULONG flags, NTSTATUS status,
                        ULONG_PTR information);

/* ---- io_format.c: what IWDFIoTarget::FormatRequestFor* recorded in a request (request->io_format) ---- */
typedef struct wudf_io_format {
    WDF_REQUEST_TYPE type;    /* WdfRequestRead, Write, DeviceIoControl, FlushBuffers, Query/SetInformation */
    wudf_object *target;      /* referenced */
    ULONG ioctl_code;
    WDF_FILE_INFORMATION_CLASS information_class; /* Query/SetInformation: output / input is the information */
    wudf_memory *input;       /* referenced, or NULL: no input */
    size_t input_offset, input_length;
    wudf_memory *output;      /* referenced, or NULL: no output */
    size_t output_offset, output_length;
    LONGLONG device_offset;   /* the DeviceOffset given (0 when none) */
} wudf_io_format;

/* FormatRequestForRead/Write/Ioctl on target: checks the regions against the memory (NULL memory: the
 * request's own buffer of that direction) and records them in the request, replacing an older format. */
HRESULT wudf_io_format_rw(wudf_object *target, IWDFIoRequest *request, WDF_REQUEST_TYPE type, IWDFMemory *memory,
                          PWDFMEMORY_OFFSET memory_offset, PLONGLONG device_offset);
HRESULT wudf_io_format_ioctl(wudf_object *target, IWDFIoRequest *request, ULONG code, IWDFMemory *input,
                             PWDFMEMORY_OFFSET input_offset, IWDFMemory *output, PWDFMEMORY_OFFSET output_offset);
HRESULT wudf_io_format_flush(wudf_object *target, IWDFIoRequest *request);
/* FormatRequestForQuery/SetInformation (IWDFIoTarget2): the information goes to (query) or comes from (set)
 * the memory's region (NULL memory: the request's own output / input buffer). file_required: the target is
 * a local or remote one, for which Learn makes pFile required (a file-handle target's is optional). */
HRESULT wudf_io_format_information(wudf_object *target, IWDFIoRequest *request, WDF_REQUEST_TYPE type,
                                   WDF_FILE_INFORMATION_CLASS information_class, IWDFFile *file, int file_required,
                                   IWDFMemory *memory, PWDFMEMORY_OFFSET memory_offset);
/* A copy of what request's next send to target moves: its format for target, else (FormatUsingCurrentType)
 * its own type and buffers. Host lock held. E_INVALIDARG when neither describes a send. */
HRESULT wudf_io_format_current_locked(wudf_request *request, wudf_object *target, wudf_io_format *out);
/* Drops the references of a copy from wudf_io_format_current_locked. */
void wudf_io_format_clear(wudf_io_format *format);

/* The FormatRequestFor* methods every I/O target type shares (its object starts with a wudf_object),
 * as prefix##_FormatRequestFor*, and their vtable entries; file_required as for wudf_io_format_information. */
#define WUDF_IO_TARGET_FORMAT_METHODS(prefix, Itf, file_required)                                              \
    static HRESULT STDMETHODCALLTYPE prefix##_FormatRequestForRead(Itf *This, IWDFIoRequest *request,          \
                                                                   IWDFFile *file, IWDFMemory *memory,         \
                                                                   PWDFMEMORY_OFFSET memory_offset,            \
                                                                   PLONGLONG offset)                           \
    {                                                                                                          \
        return wudf_io_format_rw((wudf_object *)(void *)This, request, WdfRequestRead, memory, memory_offset,   \
                                 offset);                                                                      \
    }                                                                                                          \
    static HRESULT STDMETHODCALLTYPE prefix##_FormatRequestForWrite(Itf *This, IWDFIoRequest *request,         \
                                                                    IWDFFile *file, IWDFMemory *memory,        \
                                                                    PWDFMEMORY_OFFSET memory_offset,           \
                                                                    PLONGLONG offset)                          \
    {                                                                                                          \
        return wudf_io_format_rw((wudf_object *)(void *)This, request, WdfRequestWrite, memory, memory_offset,  \
                                 offset);                                                                      \
    }                                                                                                          \
    static HRESULT STDMETHODCALLTYPE prefix##_FormatRequestForIoctl(                                          \
        Itf *This, IWDFIoRequest *request, ULONG code, IWDFFile *file, IWDFMemory *input,                      \
        PWDFMEMORY_OFFSET input_offset, IWDFMemory *output, PWDFMEMORY_OFFSET output_offset)                   \
    {                                                                                                          \
        return wudf_io_format_ioctl((wudf_object *)(void *)This, request, code, input, input_offset, output,   \
                                    output_offset);                                                            \
    }                                                                                                          \
    static HRESULT STDMETHODCALLTYPE prefix##_FormatRequestForFlush(Itf *This, IWDFIoRequest *request,         \
                                                                    IWDFFile *file)                            \
    {                                                                                                          \
        return wudf_io_format_flush((wudf_object *)(void *)This, request);                                     \
    }                                                                                                          \
    static HRESULT STDMETHODCALLTYPE prefix##_FormatRequestForSetInformation(                                 \
        Itf *This, IWDFIoRequest *request, WDF_FILE_INFORMATION_CLASS information_class, IWDFFile *file,       \
        IWDFMemory *memory, PWDFMEMORY_OFFSET memory_offset)                                                   \
    {                                                                                                          \
        return wudf_io_format_information((wudf_object *)(void *)This, request, WdfRequestSetInformation,       \
                                          information_class, file, file_required, memory, memory_offset);      \
    }                                                                                                          \
    static HRESULT STDMETHODCALLTYPE prefix##_FormatRequestForQueryInformation(                               \
        Itf *This, IWDFIoRequest *request, WDF_FILE_INFORMATION_CLASS information_class, IWDFFile *file,       \
        IWDFMemory *memory, PWDFMEMORY_OFFSET memory_offset)                                                   \
    {                                                                                                          \
        return wudf_io_format_information((wudf_object *)(void *)This, request, WdfRequestQueryInformation,     \
                                          information_class, file, file_required, memory, memory_offset);      \
    }

#define WUDF_IO_TARGET_FORMAT_VTBL(prefix)                                                                     \
    .FormatRequestForRead = prefix##_FormatRequestForRead, .FormatRequestForWrite = prefix##_FormatRequestForWrite, \
    .FormatRequestForIoctl = prefix##_FormatRequestForIoctl, .FormatRequestForFlush = prefix##_FormatRequestForFlush, \
    .FormatRequestForSetInformation = prefix##_FormatRequestForSetInformation,                                \
    .FormatRequestForQueryInformation = prefix##_FormatRequestForQueryInformation

#endif
