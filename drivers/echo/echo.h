/*
 * The echo driver's internal declarations: its COM objects (driver, device callback, two queue
 * callbacks) and the device state they share. Only the driver's own files include this header.
 */
#ifndef OPENWUDF_ECHO_H
#define OPENWUDF_ECHO_H

#define COBJMACROS
#include <wudfddi.h>

#include "com_module.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "echo_ioctl.h"

/* A write larger than this is refused with HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) (the driver's
 * buffer is too small for it) and leaves the stored bytes unchanged; the bound keeps a client from
 * making the host allocate without limit. */
#define ECHO_MAX_STORED_BYTES (1024u * 1024u)

/* Back from an interface pointer to the object that embeds it. */
#define ECHO_CONTAINER(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* The three IUnknown slots of one interface of a multi-interface object, forwarding to the object's
 * own QueryInterface / AddRef / Release (which take the object pointer). */
#define ECHO_IUNKNOWN_THUNKS(prefix, itf, type, member, query, addref, release)                          \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(itf *This, REFIID riid, void **ppv)       \
    {                                                                                                  \
        return query(ECHO_CONTAINER(This, type, member), riid, ppv);                                   \
    }                                                                                                  \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(itf *This) { return addref(ECHO_CONTAINER(This, type, member)); } \
    static ULONG STDMETHODCALLTYPE prefix##_Release(itf *This) { return release(ECHO_CONTAINER(This, type, member)); }

/* --- module.c: what DllCanUnloadNow looks at ---------------------------------------------------- */


/* --- A short spin lock -----------------------------------------------------------------------------
 * Not IWDFObject::AcquireLock on the device: with the default device-level locking constraint the
 * framework already holds that lock around our callbacks, and UMDF documents it for unsynchronized code
 * only. Critical sections here are a few stores and never call into the framework, so spinning is
 * cheap, and C11 atomics keep the driver free of platform calls. */
typedef struct echo_lock {
    atomic_flag flag;
} echo_lock;

static inline void echo_lock_init(echo_lock *lock)
{
    atomic_flag_clear_explicit(&lock->flag, memory_order_relaxed);
}

static inline void echo_lock_acquire(echo_lock *lock)
{
    while (atomic_flag_test_and_set_explicit(&lock->flag, memory_order_acquire))
        ;
}

static inline void echo_lock_release(echo_lock *lock)
{
    atomic_flag_clear_explicit(&lock->flag, memory_order_release);
}

/* --- device.c: the device callback object and the state every queue shares ------------------------ */

/* A PEND request the driver holds until it is cancelled or its file is cleaned up. */
typedef struct echo_held {
    struct echo_held *next;
    IWDFIoRequest *request;
    /* Identity only, not a reference: the framework keeps a pending request's file alive, and every
     * entry of a file leaves the list at that file's cleanup, before the file can go away. */
    IWDFFile *file;
} echo_held;

typedef struct echo_device {
    IPnpCallbackHardware hardware; /* first: the object's IUnknown identity */
    IPnpCallback pnp;
    IFileCallbackCleanup cleanup;
    IFileCallbackClose close;
    atomic_uint_least32_t refs;

    echo_lock lock;          /* guards counters, held, held_count and stored_size */
    struct echo_stats counts; /* creates..cancels; the derived fields are filled in by a snapshot */
    echo_held *held;
    uint32_t held_count;

    /* Written by OnWrite, read by OnRead: both run on the sequential default queue, which delivers one
     * request at a time, and each completes before returning; so only stored_size (read by GET_STATS
     * on the parallel queue) needs the lock. */
    unsigned char *stored;
    uint32_t stored_size;
    uint32_t stored_capacity; /* the buffer is reused while writes fit in it */
} echo_device;

/* The counters a request bumps. */
typedef enum echo_counter {
    ECHO_COUNT_CREATES,
    ECHO_COUNT_CLEANUPS,
    ECHO_COUNT_CLOSES,
    ECHO_COUNT_READS,
    ECHO_COUNT_WRITES,
    ECHO_COUNT_IOCTLS,
    ECHO_COUNT_CANCELS,
} echo_counter;

HRESULT echo_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init);
ULONG echo_device_addref(echo_device *dev);
ULONG echo_device_release(echo_device *dev);
void echo_device_count(echo_device *dev, echo_counter counter);
void echo_device_snapshot(echo_device *dev, struct echo_stats *out);
/* Replaces the stored bytes with size bytes of memory; on failure they stay as they were. */
HRESULT echo_device_store(echo_device *dev, IWDFMemory *memory, uint32_t size);

/* --- held.c: PEND requests, their cancellation and their cleanup ---------------------------------- */

void echo_held_add(echo_device *dev, IWDFIoRequest *request, IRequestCallbackCancel *cancel);
void echo_held_cancel(echo_device *dev, IWDFIoRequest *request);
void echo_held_complete_file(echo_device *dev, IWDFFile *file);
void echo_held_free_all(echo_device *dev);

/* --- io_queue.c / ioctl_queue.c: the two queues ---------------------------------------------------- */

HRESULT echo_io_queue_create(echo_device *dev, IWDFDevice *device);
HRESULT echo_ioctl_queue_create(echo_device *dev, IWDFDevice *device);

#endif
