/*
 * A small thread pool on libuv threads. Items are plain (fn, arg) pairs kept
 * in a linked FIFO under one mutex; a thread that finds the FIFO empty sleeps
 * on a condition variable.
 */
#include "workers.h"

#include <stdlib.h>

#include <uv.h>

#include "log.h"

typedef struct work_item {
    struct work_item *next;
    wudf_work_fn fn;
    void *arg;
} work_item;

struct wudf_workers {
    uv_mutex_t mutex;
    uv_cond_t wake;
    work_item *head;
    work_item *tail;
    int stopping;
    unsigned running;  /* items being run right now */
    uv_cond_t idle;    /* signalled when nothing is queued or running */
    unsigned count;
    uv_thread_t *threads;
    const char *name;
};

static void worker_main(void *arg)
{
    wudf_workers *w = arg;
    uv_mutex_lock(&w->mutex);
    for (;;) {
        while (!w->head && !w->stopping)
            uv_cond_wait(&w->wake, &w->mutex);
        work_item *item = w->head;
        if (!item)
            break; /* stopping and nothing left */
        w->head = item->next;
        if (!w->head)
            w->tail = NULL;
        w->running++;
        uv_mutex_unlock(&w->mutex);
        item->fn(item->arg);
        free(item);
        uv_mutex_lock(&w->mutex);
        w->running--;
        if (!w->head && !w->running)
            uv_cond_broadcast(&w->idle);
    }
    uv_mutex_unlock(&w->mutex);
}

int wudf_workers_start(wudf_workers **out, unsigned threads, const char *name, wudf_error *err)
{
    wudf_workers *w = calloc(1, sizeof *w);
    if (!w || !(w->threads = calloc(threads, sizeof *w->threads))) {
        free(w);
        return wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory for %u threads", name, threads);
    }
    w->name = name;
    if (uv_mutex_init(&w->mutex) || uv_cond_init(&w->wake) || uv_cond_init(&w->idle)) {
        free(w->threads);
        free(w);
        return wudf_error_set(err, WUDF_EIO, "%s: cannot create a mutex", name);
    }
    for (unsigned i = 0; i < threads; i++) {
        int rc = uv_thread_create(&w->threads[i], worker_main, w);
        if (rc) {
            wudf_workers_stop(w);
            return wudf_error_set(err, WUDF_EIO, "%s: cannot start thread %u: %s", name, i, uv_strerror(rc));
        }
        w->count++;
    }
    *out = w;
    return 0;
}

void wudf_workers_post(wudf_workers *w, wudf_work_fn fn, void *arg)
{
    work_item *item = malloc(sizeof *item);
    if (!item) {
        /* Losing an item would leave an IRP unanswered; running it here is the lesser evil. */
        wudf_log(WUDF_LOG_ERROR, "out-of-memory", "pool=%s action=run-inline", w->name);
        fn(arg);
        return;
    }
    item->next = NULL;
    item->fn = fn;
    item->arg = arg;
    uv_mutex_lock(&w->mutex);
    if (w->tail)
        w->tail->next = item;
    else
        w->head = item;
    w->tail = item;
    uv_cond_signal(&w->wake);
    uv_mutex_unlock(&w->mutex);
}

void wudf_workers_stop(wudf_workers *w)
{
    if (!w)
        return;
    uv_mutex_lock(&w->mutex);
    w->stopping = 1;
    uv_cond_broadcast(&w->wake);
    uv_mutex_unlock(&w->mutex);
    for (unsigned i = 0; i < w->count; i++)
        uv_thread_join(&w->threads[i]);
    uv_cond_destroy(&w->wake);
    uv_cond_destroy(&w->idle);
    uv_mutex_destroy(&w->mutex);
    free(w->threads);
    free(w);
}

int wudf_workers_is_current(const wudf_workers *w)
{
    uv_thread_t self = uv_thread_self();
    for (unsigned i = 0; i < w->count; i++)
        if (uv_thread_equal(&self, &w->threads[i]))
            return 1;
    return 0;
}

int wudf_workers_wait_idle(wudf_workers *w, uint64_t deadline_ms)
{
    int idle = 1;
    uv_mutex_lock(&w->mutex);
    while (w->head || w->running) {
        uint64_t now = wudf_now_ms();
        if (now >= deadline_ms || uv_cond_timedwait(&w->idle, &w->mutex, (deadline_ms - now) * 1000000u) != 0) {
            idle = !w->head && !w->running;
            break;
        }
    }
    uv_mutex_unlock(&w->mutex);
    return idle ? 0 : -1;
}
