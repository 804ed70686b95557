/* State shared by the two files of the host tests' driver (testdrv.c, testdrv_queue.c). */
#ifndef OPENWUDF_TESTS_HOSTDRV_TESTDRV_INTERNAL_H
#define OPENWUDF_TESTS_HOSTDRV_TESTDRV_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>

#include <uv.h>

#include "testdrv_api.h"

#define TESTDRV_MAX_HELD 64

typedef struct testdrv_state {
    uv_mutex_t lock;
    uv_cond_t changed;
    uint32_t counters[TESTDRV_COUNTER_COUNT];
    unsigned running;
    IWDFIoRequest *held[TESTDRV_MAX_HELD];
    unsigned held_count;
    int unblocked;
    int cancel_completes;
    IWDFDriver *driver;
    IWDFDevice *device;
    IWDFIoQueue *queue;
    char instance_id[256];
    unsigned long instance_id_size;
    char last_file[256];
    int fail_create;
    unsigned char data[4096]; /* what writes stored, for reads */
    size_t data_length;
} testdrv_state;

extern testdrv_state testdrv_s;

/* Locks the state (initialising it on first use). */
void testdrv_lock(void);
void testdrv_unlock(void);
void testdrv_bump(enum testdrv_counter counter);
/* A callback starts / ends: tracks how many run at once. */
void testdrv_enter(void);
void testdrv_leave(void);
void testdrv_hold(IWDFIoRequest *request);
/* Removes request from the held list; nonzero if it was there. */
int testdrv_unhold(IWDFIoRequest *request);
void testdrv_ascii(const WCHAR *text, char *out, size_t size);

/* testdrv.c: forgets failure settings and callback references (testdrv_reset). */
void testdrv_reset_driver(void);

/* testdrv_queue.c: the queue callback object. */
IUnknown *testdrv_queue_callback(void);
long testdrv_queue_callback_refs(void);
void testdrv_queue_callback_reset(void);

#endif
