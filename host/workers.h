/*
 * Worker threads: a FIFO of work items served by a fixed set of threads.
 * The host runs every driver callback on one of these, never on the thread
 * that owns the libuv loop and the channel (DESIGN.md "Threads in the host").
 */
#ifndef OPENWUDF_HOST_WORKERS_H
#define OPENWUDF_HOST_WORKERS_H

#include <stdint.h>

#include "error.h"
#include "platform.h"

typedef void (*wudf_work_fn)(void *arg);

typedef struct wudf_workers wudf_workers;

/* Starts threads threads named name (for logs). */
int wudf_workers_start(wudf_workers **out, unsigned threads, const char *name, wudf_error *err);
/* Queues fn(arg); items start in the order they were posted. Any thread may post. */
void wudf_workers_post(wudf_workers *workers, wudf_work_fn fn, void *arg);
/* Runs what is still queued, joins the threads and frees. */
void wudf_workers_stop(wudf_workers *workers);
/* Waits until nothing is queued or running, or until deadline_ms (wudf_now_ms clock): 0 when idle. */
int wudf_workers_wait_idle(wudf_workers *workers, uint64_t deadline_ms);
/* Nonzero when the calling thread is one of workers' threads. */
int wudf_workers_is_current(const wudf_workers *workers);

#endif
