/*
 * libusb's events on Windows: a thread of its own. libusb's Windows backend
 * waits on overlapped I/O handles and offers no descriptors to poll
 * (libusb_get_pollfds is not available there), so a loop cannot watch them;
 * the thread runs libusb_handle_events_timeout_completed until detached
 * (libusb_interrupt_event_handler wakes it). Transfer and hotplug callbacks
 * run on that thread and, as on Unix, only hand work on; the owner's after
 * callback runs on the loop's thread, woken by a uv_async.
 */
/* platform.h first: on Windows, libuv's winsock2.h must come before libusb's windows.h. */
#include "platform.h"
#include "usb_lib.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "log.h"

struct wudf_usb_events {
    uv_thread_t thread;
    int running;
    atomic_int stop;
    libusb_context *ctx;
    void (*after)(void *);
    void *after_arg;
    uv_async_t wake; /* only with an after callback */
};

static void on_wake(uv_async_t *async)
{
    wudf_usb_events *ev = async->data;
    ev->after(ev->after_arg);
}

int wudf_usb_events_create(wudf_usb_events **out, uv_loop_t *loop, void (*after)(void *), void *arg,
                           wudf_error *err)
{
    wudf_usb_events *ev = calloc(1, sizeof *ev);
    if (!ev)
        return wudf_error_set(err, WUDF_ENOMEM, "usb events: out of memory");
    atomic_init(&ev->stop, 0);
    ev->after = after;
    ev->after_arg = arg;
    if (after) {
        int rc = uv_async_init(loop, &ev->wake, on_wake);
        if (rc) {
            free(ev);
            return wudf_error_set(err, WUDF_EIO, "usb events: %s", uv_strerror(rc));
        }
        ev->wake.data = ev;
        uv_unref((uv_handle_t *)&ev->wake);
    }
    *out = ev;
    return 0;
}

static void event_thread(void *arg)
{
    wudf_usb_events *ev = arg;
    while (!atomic_load(&ev->stop)) {
        struct timeval tv = {1, 0};
        int rc = libusb_handle_events_timeout_completed(ev->ctx, &tv, NULL);
        if (rc < 0 && rc != LIBUSB_ERROR_INTERRUPTED) {
            wudf_log(WUDF_LOG_WARN, "usb-events", "reason=\"%s\"", libusb_strerror(rc));
            break;
        }
        if (ev->after)
            uv_async_send(&ev->wake);
    }
}

int wudf_usb_events_attach(wudf_usb_events *ev, struct libusb_context *ctx, wudf_error *err)
{
    ev->ctx = ctx;
    atomic_store(&ev->stop, 0);
    int rc = uv_thread_create(&ev->thread, event_thread, ev);
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "usb events: cannot start a thread: %s", uv_strerror(rc));
    ev->running = 1;
    return 0;
}

void wudf_usb_events_changed(wudf_usb_events *ev)
{
    /* The thread sees libusb's timeouts and handles itself; only the owner needs telling. */
    if (ev->after)
        uv_async_send(&ev->wake);
}

int wudf_usb_events_run(wudf_usb_events *ev, void (*fn)(void *), void *arg, unsigned timeout_ms)
{
    fn(arg); /* no watched descriptors: libusb may close handles from any thread */
    return 1;
}

int wudf_usb_events_must_pump(wudf_usb_events *ev)
{
    return !ev->running;
}

void wudf_usb_events_detach(wudf_usb_events *ev)
{
    if (!ev->running)
        return;
    atomic_store(&ev->stop, 1);
    libusb_interrupt_event_handler(ev->ctx);
    uv_thread_join(&ev->thread);
    ev->running = 0;
    ev->ctx = NULL;
}

static void on_closed(uv_handle_t *handle)
{
    free(handle->data);
}

void wudf_usb_events_destroy(wudf_usb_events *ev)
{
    if (!ev)
        return;
    wudf_usb_events_detach(ev);
    if (ev->after)
        uv_close((uv_handle_t *)&ev->wake, on_closed);
    else
        free(ev);
}
