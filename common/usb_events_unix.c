/*
 * libusb's events on a libuv loop (Unix), for the host's USB targets and the
 * reflector's hotplug: a uv_poll handle per descriptor libusb_get_pollfds
 * lists, and a timer when libusb cannot put its timeouts on a descriptor (no
 * timerfd). A ready descriptor makes the loop thread call
 * libusb_handle_events_timeout_completed with a zero timeout, so transfer and
 * hotplug callbacks run there and only hand work on; the owner's after
 * callback then picks it up, still on the loop thread.
 *
 * libuv handles belong to the loop thread, so other threads only wake the
 * loop (uv_async) and the loop thread compares its handles with libusb's
 * list. Closing a device removes its descriptor: that runs on the loop thread
 * too (wudf_usb_events_run), so no handle ever watches a closed descriptor.
 * Every handle is unreferenced: USB never keeps the loop alive.
 */
/* platform.h first: on Windows, libuv's winsock2.h must come before libusb's windows.h. */
#include "platform.h"
#include "usb_lib.h"

#include <poll.h>
#include <stdlib.h>

#include "list.h"
#include "log.h"

typedef struct watcher {
    uv_poll_t poll;
    struct watcher *next;
    wudf_usb_events *events;
    int fd;
    short wanted;  /* POLLIN/POLLOUT as libusb asked */
    int seen;      /* still in libusb's list */
} watcher;

typedef struct run_item {
    struct run_item *next;
    void (*fn)(void *);
    void *arg;
    int done;
} run_item;

struct wudf_usb_events {
    uv_loop_t *loop;
    uv_thread_t loop_thread;
    uv_async_t wake;
    uv_timer_t timer;
    uv_mutex_t mutex;
    uv_cond_t ran;            /* a run item or a detach was handled */
    libusb_context *ctx;      /* the attached context; guarded by mutex */
    unsigned detach_asked;    /* guarded by mutex */
    unsigned detach_done;
    run_item *runs;           /* guarded by mutex */
    watcher *watchers;        /* loop thread only */
    libusb_context *watched;  /* the context the watchers belong to; loop thread only */
    int open_handles;         /* loop thread only: destroy frees when the last one closed */
    int destroyed;
    void (*after)(void *);    /* the owner's, on the loop thread */
    void *after_arg;
};

static void sync_with_libusb(wudf_usb_events *ev);

static int on_loop_thread(const wudf_usb_events *ev)
{
    uv_thread_t self = uv_thread_self();
    return uv_thread_equal(&self, &ev->loop_thread);
}

static void run_after(wudf_usb_events *ev)
{
    if (ev->after)
        ev->after(ev->after_arg);
}

static void handle_events(wudf_usb_events *ev)
{
    struct timeval zero = {0, 0};
    int rc = libusb_handle_events_timeout_completed(ev->watched, &zero, NULL);
    if (rc < 0 && rc != LIBUSB_ERROR_INTERRUPTED)
        wudf_log(WUDF_LOG_WARN, "usb-events", "reason=\"%s\"", libusb_strerror(rc));
    run_after(ev);
}

static void arm_timer(wudf_usb_events *ev);

static void on_timer(uv_timer_t *timer)
{
    wudf_usb_events *ev = timer->data;
    if (ev->watched) {
        handle_events(ev);
        arm_timer(ev);
    }
}

static void arm_timer(wudf_usb_events *ev)
{
    struct timeval tv;
    /* With a timerfd, timeouts arrive on a descriptor; otherwise libusb says when to come back. */
    if (!ev->watched || libusb_pollfds_handle_timeouts(ev->watched) || libusb_get_next_timeout(ev->watched, &tv) != 1) {
        uv_timer_stop(&ev->timer);
        return;
    }
    uint64_t ms = (uint64_t)tv.tv_sec * 1000u + ((uint64_t)tv.tv_usec + 999u) / 1000u;
    uv_timer_start(&ev->timer, on_timer, ms, 0);
}

static void on_ready(uv_poll_t *poll, int status, int events)
{
    watcher *w = poll->data;
    wudf_usb_events *ev = w->events;
    if (status < 0)
        wudf_log(WUDF_LOG_WARN, "usb-events", "fd=%d reason=\"%s\"", w->fd, uv_strerror(status));
    /* Descriptors that come and go are announced by libusb's notifiers (on_wake syncs then). */
    if (ev->watched) {
        handle_events(ev);
        arm_timer(ev);
    }
}

static void on_handle_closed(uv_handle_t *handle)
{
    wudf_usb_events *ev = handle->data;
    if (handle->type == UV_POLL) {
        watcher *w = WUDF_CONTAINER_OF(handle, watcher, poll);
        ev = w->events;
        free(w);
    }
    if (--ev->open_handles == 0 && ev->destroyed) {
        uv_cond_destroy(&ev->ran);
        uv_mutex_destroy(&ev->mutex);
        free(ev);
    }
}

static int poll_events_of(short wanted)
{
    return ((wanted & POLLIN) ? UV_READABLE : 0) | ((wanted & POLLOUT) ? UV_WRITABLE : 0);
}

static void watch(wudf_usb_events *ev, int fd, short wanted)
{
    for (watcher *w = ev->watchers; w; w = w->next) {
        if (w->fd != fd)
            continue;
        w->seen = 1;
        if (w->wanted != wanted) {
            w->wanted = wanted;
            uv_poll_start(&w->poll, poll_events_of(wanted), on_ready);
        }
        return;
    }
    watcher *w = calloc(1, sizeof *w);
    if (!w) {
        wudf_log(WUDF_LOG_ERROR, "usb-events", "fd=%d reason=out-of-memory", fd);
        return;
    }
    w->events = ev;
    w->fd = fd;
    w->wanted = wanted;
    w->seen = 1;
    int rc = uv_poll_init(ev->loop, &w->poll, fd);
    if (rc) {
        /* A descriptor epoll refuses (a regular file) cannot be watched: say so rather than spin. */
        wudf_log(WUDF_LOG_ERROR, "usb-events", "fd=%d reason=\"cannot poll: %s\"", fd, uv_strerror(rc));
        free(w);
        return;
    }
    w->poll.data = w;
    ev->open_handles++;
    uv_unref((uv_handle_t *)&w->poll);
    uv_poll_start(&w->poll, poll_events_of(wanted), on_ready);
    w->next = ev->watchers;
    ev->watchers = w;
}

/* Loop thread: the handles follow libusb's descriptors (all of them go when detached). */
static void sync_with_libusb(wudf_usb_events *ev)
{
    for (watcher *w = ev->watchers; w; w = w->next)
        w->seen = 0;
    if (ev->watched) {
        const struct libusb_pollfd **fds = libusb_get_pollfds(ev->watched);
        for (size_t i = 0; fds && fds[i]; i++)
            watch(ev, fds[i]->fd, fds[i]->events);
        libusb_free_pollfds(fds);
    }
    watcher **link = &ev->watchers;
    while (*link) {
        watcher *w = *link;
        if (w->seen) {
            link = &w->next;
            continue;
        }
        *link = w->next;
        uv_poll_stop(&w->poll);
        uv_close((uv_handle_t *)&w->poll, on_handle_closed);
    }
    arm_timer(ev);
}

static void on_wake(uv_async_t *async)
{
    wudf_usb_events *ev = async->data;
    uv_mutex_lock(&ev->mutex);
    libusb_context *ctx = ev->ctx;
    unsigned asked = ev->detach_asked;
    run_item *runs = ev->runs;
    ev->runs = NULL;
    uv_mutex_unlock(&ev->mutex);
    ev->watched = ctx;
    for (run_item *r = runs; r; r = r->next)
        r->fn(r->arg);
    sync_with_libusb(ev);
    uv_mutex_lock(&ev->mutex);
    for (run_item *r = runs; r; r = r->next)
        r->done = 1;
    ev->detach_done = asked;
    uv_cond_broadcast(&ev->ran);
    uv_mutex_unlock(&ev->mutex);
    if (ev->watched)
        run_after(ev);
}

int wudf_usb_events_create(wudf_usb_events **out, uv_loop_t *loop, void (*after)(void *), void *arg,
                           wudf_error *err)
{
    wudf_usb_events *ev = calloc(1, sizeof *ev);
    if (!ev)
        return wudf_error_set(err, WUDF_ENOMEM, "usb events: out of memory");
    ev->loop = loop;
    ev->after = after;
    ev->after_arg = arg;
    ev->loop_thread = uv_thread_self();
    uv_mutex_init(&ev->mutex);
    uv_cond_init(&ev->ran);
    int rc = uv_async_init(loop, &ev->wake, on_wake);
    if (!rc)
        rc = uv_timer_init(loop, &ev->timer);
    if (rc) {
        /* Only uv_timer_init can fail after uv_async_init, and neither fails on Unix in practice. */
        uv_cond_destroy(&ev->ran);
        uv_mutex_destroy(&ev->mutex);
        free(ev);
        return wudf_error_set(err, WUDF_EIO, "usb events: %s", uv_strerror(rc));
    }
    ev->wake.data = ev->timer.data = ev;
    ev->open_handles = 2;
    uv_unref((uv_handle_t *)&ev->wake);
    uv_unref((uv_handle_t *)&ev->timer);
    *out = ev;
    return 0;
}

static void LIBUSB_CALL pollfd_added(int fd, short events, void *user)
{
    wudf_usb_events_changed(user);
}

static void LIBUSB_CALL pollfd_removed(int fd, void *user)
{
    wudf_usb_events *ev = user;
    /* On the loop thread (a close run there), drop the handle before libusb closes the descriptor. */
    if (on_loop_thread(ev)) {
        for (watcher **link = &ev->watchers; *link; link = &(*link)->next) {
            watcher *w = *link;
            if (w->fd == fd) {
                *link = w->next;
                uv_poll_stop(&w->poll);
                uv_close((uv_handle_t *)&w->poll, on_handle_closed);
                break;
            }
        }
        return;
    }
    wudf_usb_events_changed(ev);
}

int wudf_usb_events_attach(wudf_usb_events *ev, libusb_context *ctx, wudf_error *err)
{
    uv_mutex_lock(&ev->mutex);
    ev->ctx = ctx;
    uv_mutex_unlock(&ev->mutex);
    libusb_set_pollfd_notifiers(ctx, pollfd_added, pollfd_removed, ev);
    uv_async_send(&ev->wake);
    return 0;
}

void wudf_usb_events_changed(wudf_usb_events *ev)
{
    uv_async_send(&ev->wake);
}

int wudf_usb_events_must_pump(wudf_usb_events *ev)
{
    return on_loop_thread(ev);
}

/* Waits for the loop thread to have handled a request; 0 on time. */
static int wait_for_loop(wudf_usb_events *ev, int (*handled)(wudf_usb_events *, void *), void *arg, unsigned timeout_ms)
{
    uint64_t deadline = wudf_now_ms() + timeout_ms;
    int rc = 0;
    uv_mutex_lock(&ev->mutex);
    while (!handled(ev, arg)) {
        uint64_t now = wudf_now_ms();
        if (now >= deadline || uv_cond_timedwait(&ev->ran, &ev->mutex, (deadline - now) * 1000000u)) {
            rc = handled(ev, arg) ? 0 : -1;
            break;
        }
    }
    uv_mutex_unlock(&ev->mutex);
    return rc;
}

static int run_done(wudf_usb_events *ev, void *arg)
{
    return ((run_item *)arg)->done;
}

int wudf_usb_events_run(wudf_usb_events *ev, void (*fn)(void *), void *arg, unsigned timeout_ms)
{
    if (on_loop_thread(ev)) {
        fn(arg);
        return 1;
    }
    run_item *item = calloc(1, sizeof *item);
    if (!item)
        return 0;
    item->fn = fn;
    item->arg = arg;
    uv_mutex_lock(&ev->mutex);
    item->next = ev->runs;
    ev->runs = item;
    uv_async_send(&ev->wake);
    uv_mutex_unlock(&ev->mutex);
    if (wait_for_loop(ev, run_done, item, timeout_ms) == 0) {
        free(item);
        return 1;
    }
    /* The loop never took it: take it back, unless it started meanwhile (then it is the loop's to finish). */
    uv_mutex_lock(&ev->mutex);
    int taken = 0;
    for (run_item **link = &ev->runs; *link; link = &(*link)->next)
        if (*link == item) {
            *link = item->next;
            taken = 1;
            break;
        }
    uv_mutex_unlock(&ev->mutex);
    if (taken)
        free(item);
    else
        wait_for_loop(ev, run_done, item, 60000); /* started: let it finish, it is short */
    return 0;
}

static int detach_done(wudf_usb_events *ev, void *arg)
{
    return ev->detach_done == *(unsigned *)arg;
}

void wudf_usb_events_detach(wudf_usb_events *ev)
{
    uv_mutex_lock(&ev->mutex);
    libusb_context *ctx = ev->ctx;
    ev->ctx = NULL;
    unsigned asked = ++ev->detach_asked;
    uv_mutex_unlock(&ev->mutex);
    if (ctx)
        libusb_set_pollfd_notifiers(ctx, NULL, NULL, NULL);
    if (on_loop_thread(ev)) {
        ev->watched = NULL;
        sync_with_libusb(ev);
        ev->detach_done = asked;
        return;
    }
    uv_async_send(&ev->wake);
    if (wait_for_loop(ev, detach_done, &asked, 5000))
        wudf_log(WUDF_LOG_ERROR, "usb-events", "reason=\"the loop did not let go of libusb within 5 s\"");
}

void wudf_usb_events_destroy(wudf_usb_events *ev)
{
    if (!ev)
        return;
    ev->watched = NULL;
    sync_with_libusb(ev);
    uv_close((uv_handle_t *)&ev->wake, on_handle_closed);
    uv_close((uv_handle_t *)&ev->timer, on_handle_closed);
    ev->destroyed = 1;
}
