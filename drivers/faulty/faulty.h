/*
 * The faulty driver's internal declarations: its COM objects (driver, device callback, one queue
 * callback), the device state they share, the fault catalogue and the platform seam. Only the driver's
 * own files include this header.
 */
#ifndef OPENWUDF_FAULTY_H
#define OPENWUDF_FAULTY_H

#define COBJMACROS
#include <wudfddi.h>

#include "com_module.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "faulty_ioctl.h"

/* Back from an interface pointer to the object that embeds it. */
#define FAULTY_CONTAINER(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* The three IUnknown slots of one interface of a multi-interface object, forwarding to the object's
 * own QueryInterface / AddRef / Release (which take the object pointer). */
#define FAULTY_IUNKNOWN_THUNKS(prefix, itf, type, member, query, addref, release)                        \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(itf *This, REFIID riid, void **ppv)       \
    {                                                                                                  \
        return query(FAULTY_CONTAINER(This, type, member), riid, ppv);                                 \
    }                                                                                                  \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(itf *This) { return addref(FAULTY_CONTAINER(This, type, member)); } \
    static ULONG STDMETHODCALLTYPE prefix##_Release(itf *This) { return release(FAULTY_CONTAINER(This, type, member)); }

/* The status of a request the driver gives back unfinished (cancel, file cleanup). */
#define FAULTY_ABORTED HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)

/* --- module.c: what DllCanUnloadNow looks at ---------------------------------------------------- */


/* --- A short spin lock -----------------------------------------------------------------------------
 * Critical sections are a few stores and never call into the framework (the framework's own device lock
 * is held around our callbacks already), so spinning is cheap and keeps platform calls out. */
typedef struct faulty_lock {
    atomic_flag flag;
} faulty_lock;

static inline void faulty_lock_init(faulty_lock *lock)
{
    atomic_flag_clear_explicit(&lock->flag, memory_order_relaxed);
}

static inline void faulty_lock_acquire(faulty_lock *lock)
{
    while (atomic_flag_test_and_set_explicit(&lock->flag, memory_order_acquire))
        ;
}

static inline void faulty_lock_release(faulty_lock *lock)
{
    atomic_flag_clear_explicit(&lock->flag, memory_order_release);
}

/* --- settings.c: the device's FaultOnStart / FaultAfter / FaultKind settings ----------------------- */

typedef struct faulty_settings {
    uint32_t on_start;   /* enum faulty_kind; FAULTY_NONE = start normally */
    uint32_t after;      /* the request number that gets after_kind; 0 = none scheduled */
    uint32_t after_kind; /* enum faulty_kind */
    char extra_link[48]; /* ExtraLink=<name>: \DosDevices\<name> too, made in OnPrepareHardware; "" = none */
    uint32_t on_cleanup; /* FaultOnCleanup=hang|busy-loop: OnCleanupFile never returns; FAULTY_NONE = none */
} faulty_settings;

/* FAULTY_KIND_COUNT for a name that is not a kind (names compare without regard to ASCII case). */
uint32_t faulty_kind_from_name(const char *name);
/* "unknown" for a number that is not a kind. */
const char *faulty_kind_name(uint32_t kind);
/* Reads and checks the settings; on a failure, why says what is wrong in words a user can act on. */
HRESULT faulty_settings_read(IWDFNamedPropertyStore *store, faulty_settings *out, char *why, size_t why_size);

/* --- device.c: the device callback object and the state the queue shares ------------------------- */

/* An IOCTL_FAULTY_HOLD request the driver holds until it is cancelled, its file is cleaned up or a
 * flood releases it. */
typedef struct faulty_held {
    struct faulty_held *next;
    IWDFIoRequest *request;
    /* Identity only, not a reference: the framework keeps a pending request's file alive, and every
     * entry of a file leaves the list at that file's cleanup, before the file can go away. */
    IWDFFile *file;
} faulty_held;

typedef struct faulty_device {
    IPnpCallbackHardware hardware; /* first: the object's IUnknown identity */
    IFileCallbackCleanup cleanup;
    atomic_uint_least32_t refs;

    faulty_lock lock;          /* guards counts, held and settings */
    struct faulty_stats counts; /* held and generation_pid are filled in by a snapshot */
    faulty_held *held;
    faulty_settings settings; /* set by OnPrepareHardware, before the queue delivers anything */
} faulty_device;

HRESULT faulty_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init);
ULONG faulty_device_addref(faulty_device *dev);
ULONG faulty_device_release(faulty_device *dev);
/* Counts a request presented to the queue; returns the fault FaultAfter scheduled for it, else FAULTY_NONE. */
uint32_t faulty_device_begin_request(faulty_device *dev);
void faulty_device_count_injected(faulty_device *dev);
void faulty_device_snapshot(faulty_device *dev, struct faulty_stats *out);

/* --- held.c: HOLD requests, their cancellation, cleanup and flood --------------------------------- */

void faulty_held_add(faulty_device *dev, IWDFIoRequest *request, IRequestCallbackCancel *cancel);
void faulty_held_cancel(faulty_device *dev, IWDFIoRequest *request);
void faulty_held_complete_file(faulty_device *dev, IWDFFile *file);
/* Completes every held request with S_OK from threads (at most threads of them, 0 = 4) and returns once
 * all are done; returns how many it completed. */
uint32_t faulty_held_flood(faulty_device *dev, uint32_t threads);
void faulty_held_free_all(faulty_device *dev);

/* --- fault.c: committing faults -------------------------------------------------------------------- */

/* Commits kind with request in hand and settles the request as faulty_ioctl.h says (fatal and stuck
 * kinds never return). trigger names what asked for it, for the log line. */
void faulty_fault_commit(faulty_device *dev, IWDFIoRequest *request, uint32_t kind, uint32_t arg, SIZE_T out_size,
                         const char *trigger);
/* FaultOnStart inside OnPrepareHardware: S_OK once the fault is committed, or a failure the start
 * reports when kind needs a request or cannot be committed here. */
HRESULT faulty_fault_at_start(uint32_t kind);
/* FaultOnCleanup's stuck kind, in OnCleanupFile: never returns. */
_Noreturn void faulty_fault_at_cleanup(uint32_t kind);
/* One line on stderr (the reflector's log); printf-style fields after "event=". */
void faulty_log(const char *level, const char *event, const char *fields, ...);

/* --- queue.c: the default queue -------------------------------------------------------------------- */

HRESULT faulty_queue_create(faulty_device *dev, IWDFDevice *device);

/* --- platform.c: the only place Windows and POSIX differ ------------------------------------------ */

uint32_t faulty_process_id(void);
/* Runs body(context, i) for i < count on count threads at once and returns when all have finished; a
 * thread that cannot be created runs its share on the calling thread. */
void faulty_run_threads(uint32_t count, void (*body)(void *context, uint32_t index), void *context);
/* Waits on something nothing ever signals. */
_Noreturn void faulty_block_forever(void);
/* Writes all n bytes into the host's channel to the reflector; -1 when this process is not a host
 * (no --channel-fd on its command line) or the write fails. */
int faulty_channel_write(const void *bytes, size_t n);
/* The start of the fast-path ring mapping that holds p (Linux), or NULL. */
unsigned char *faulty_ring_of(const void *p);
/* Writes 1 to every eventfd this process holds: each client hears of a completion (Linux). */
void faulty_signal_eventfds(void);
/* A hostile driver's attempts beyond its host (FAULTY_SPAWN_CHILD ...): fills out with what happened. */
void faulty_reach_out(uint32_t kind, uint32_t arg, struct faulty_outcome *out);
/* The current UTC time as 2024-06-21T10:00:00Z. */
void faulty_utc_stamp(char *buffer, size_t size);

#endif
