/*
 * libusb's events on Windows: a thread of its own. libusb's Windows backend
 * waits on overlapped I/O handles and offers no descriptors to poll
 * (libusb_get_pollfds is not available there), so the host's loop cannot
 * watch them; the thread runs libusb_handle_events_timeout_completed until
 * detached (libusb_interrupt_event_handler wakes it). Transfer callbacks run
 * on that thread and, as on Unix, only hand work to the framework's threads.
 */
#include "usb_framework.h"

#include <stdlib.h>

#include "log.h"

struct wudf_usb_events {
    uv_thread_t thread;
    int running;
    atomic_int stop;
    libusb_context *ctx;
};

int wudf_usb_events_create(wudf_usb_events **out, uv_loop_t *loop, wudf_error *err)
{
    wudf_usb_events *ev = calloc(1, sizeof *ev);
    if (!ev)
        return wudf_error_set(err, WUDF_ENOMEM, "usb events: out of memory");
    atomic_init(&ev->stop, 0);
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
    }
}

int wudf_usb_events_attach(wudf_usb_events *ev, libusb_context *ctx, wudf_error *err)
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
    /* The thread sees libusb's timeouts and handles itself. */
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

void wudf_usb_events_destroy(wudf_usb_events *ev)
{
    if (!ev)
        return;
    wudf_usb_events_detach(ev);
    free(ev);
}
