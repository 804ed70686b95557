/*
 * What a host writes to its stdout and stderr: one pipe that the reflector reads and re-logs line by
 * line (host_line.c) with the host's device and pid. A host no longer writes to the reflector's own
 * log, so it can neither pass a line off as the reflector's nor flood it: a host may log
 * --host-log-rate lines a second (after a burst of WUDF_HOST_LOG_BURST seconds' worth), each of at
 * most WUDF_HOST_LINE_MAX bytes; lines over the rate are dropped, and a second after the first of
 * them, one line says how many. The pipe outlives the host record: it is read until every copy of its
 * writing end has closed, so that a dying host's last words are logged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "log.h"
#include "reflector.h"

#define MILLI 1000u /* tokens are counted in thousandths of a line */

struct wudf_host_output {
    wudf_list link;         /* in the reflector's host_outputs while read */
    uv_pipe_t pipe;
    uv_timer_t report;      /* one second after the first unreported drop */
    int handles;            /* pipe and timer, until closed */
    uv_file child_end;      /* the writing end, until the host has its copies */
    char device[300];
    int64_t pid;
    char line[WUDF_HOST_LINE_MAX];
    size_t length;
    int overlong;           /* the line passed WUDF_HOST_LINE_MAX: its rest is dropped */
    uint64_t rate;          /* lines a second, 0: no limit */
    uint64_t tokens;
    uint64_t refilled_ms;
    uint64_t dropped;       /* since the last report */
};

static void on_output_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    /* One loop thread: each read is consumed before the next buffer is asked for. */
    static char chunk[65536];
    (void)handle;
    (void)suggested;
    *buf = uv_buf_init(chunk, sizeof chunk);
}

static void report_dropped(wudf_host_output *o)
{
    if (!o->dropped)
        return;
    wudf_log(WUDF_LOG_WARN, "host-output-dropped", "device=%s pid=%lld lines=%llu reason=rate-limit", o->device,
             (long long)o->pid, (unsigned long long)o->dropped);
    o->dropped = 0;
}

static void on_report(uv_timer_t *timer)
{
    report_dropped(timer->data);
}

static int take_token(wudf_host_output *o, uint64_t now)
{
    uint64_t full = o->rate * WUDF_HOST_LOG_BURST * MILLI;
    if (!o->rate)
        return 1;
    o->tokens += (now - o->refilled_ms) * o->rate; /* lines a second = thousandths a ms */
    if (o->tokens > full)
        o->tokens = full;
    o->refilled_ms = now;
    if (o->tokens < MILLI)
        return 0;
    o->tokens -= MILLI;
    return 1;
}

static void relay_line(wudf_host_output *o)
{
    size_t n = o->length;
    if (n && o->line[n - 1] == '\r')
        n--;
    if (take_token(o, wudf_now_ms())) {
        char fields[WUDF_LOG_RELAY_MAX];
        wudf_log_level level;
        wudf_host_line_format(o->line, n, o->device, o->pid, o->overlong, &level, fields, sizeof fields);
        wudf_log_relay(level, "wudfhost", fields);
        wudf_events_host_line(o->device, fields);
    } else if (!o->dropped++) {
        uv_timer_start(&o->report, on_report, 1000, 0);
    }
    o->length = 0;
    o->overlong = 0;
}

static void take_bytes(wudf_host_output *o, const char *bytes, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (bytes[i] == '\n')
            relay_line(o);
        else if (o->length < sizeof o->line)
            o->line[o->length++] = bytes[i];
        else
            o->overlong = 1;
    }
}

static void close_child_end(wudf_host_output *o)
{
    if (o->child_end < 0)
        return;
    uv_fs_t req;
    uv_fs_close(NULL, &req, o->child_end, NULL);
    uv_fs_req_cleanup(&req);
    o->child_end = -1;
}

static void on_closed(uv_handle_t *handle)
{
    wudf_host_output *o = handle->data;
    if (--o->handles == 0)
        free(o);
}

static void output_close(wudf_host_output *o)
{
    wudf_list_remove(&o->link);
    close_child_end(o);
    uv_close((uv_handle_t *)&o->pipe, on_closed);
    uv_close((uv_handle_t *)&o->report, on_closed);
}

static void on_output(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    wudf_host_output *o = stream->data;
    if (nread > 0) {
        take_bytes(o, buf->base, (size_t)nread);
        return;
    }
    if (nread == 0)
        return;
    /* End of output: the host, and whatever else held its pipe, have gone. */
    if (o->length)
        relay_line(o);
    report_dropped(o);
    output_close(o);
}

wudf_host_output *wudf_host_output_new(uv_loop_t *loop, const char *device, uv_stdio_container_t *out,
                                       uv_stdio_container_t *err_out, int *uv_error, wudf_error *err)
{
    wudf_host_output *o = calloc(1, sizeof *o);
    uv_file fds[2];
    int rc = o ? uv_pipe(fds, UV_NONBLOCK_PIPE, 0) : UV_ENOMEM;
    *uv_error = rc;
    if (rc) {
        free(o);
        wudf_error_set(err, WUDF_EIO, "cannot make the host's output pipe: %s", uv_strerror(rc));
        return NULL;
    }
    snprintf(o->device, sizeof o->device, "%s", device);
    wudf_list_init(&o->link);
    o->child_end = fds[1];
    o->handles = 2;
    uv_pipe_init(loop, &o->pipe, 0);
    uv_timer_init(loop, &o->report);
    o->pipe.data = o->report.data = o;
    rc = uv_pipe_open(&o->pipe, fds[0]);
    *uv_error = rc;
    if (rc) {
        uv_fs_t req;
        uv_fs_close(NULL, &req, fds[0], NULL);
        uv_fs_req_cleanup(&req);
        output_close(o);
        wudf_error_set(err, WUDF_EIO, "cannot read the host's output pipe: %s", uv_strerror(rc));
        return NULL;
    }
    /* stdout and stderr are one pipe: the host's lines arrive whole and in the order written. */
    out->flags = err_out->flags = UV_INHERIT_FD;
    out->data.fd = err_out->data.fd = fds[1];
    return o;
}

void wudf_host_output_start(wudf_host_output *o, int64_t pid)
{
    close_child_end(o); /* the host has its copies now */
    if (pid <= 0) {
        output_close(o);
        return;
    }
    o->pid = pid;
    o->rate = g_reflector->config.host_log_rate;
    o->tokens = o->rate * WUDF_HOST_LOG_BURST * MILLI;
    o->refilled_ms = wudf_now_ms();
    wudf_list_add_tail(&g_reflector->host_outputs, &o->link);
    uv_read_start((uv_stream_t *)&o->pipe, on_output_alloc, on_output);
}

void wudf_host_output_close_all(wudf_reflector *r)
{
    while (!wudf_list_empty(&r->host_outputs)) {
        wudf_host_output *o = WUDF_CONTAINER_OF(r->host_outputs.next, wudf_host_output, link);
        if (o->length)
            relay_line(o);
        report_dropped(o);
        output_close(o);
    }
}
