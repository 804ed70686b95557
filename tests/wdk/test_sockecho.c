/*
 * The socket-backed WDK-style driver (tests/wdk/sockecho) in the real reflector and host, against an
 * echo server in this process (sock_server.c): its OnPrepareHardware connects to the server's port
 * (device setting Port) and makes a file-handle I/O target of the socket.
 *   - bytes cross the socket both ways through the target, small and large, and an I/O control goes
 *     to the socket (Linux: FIONREAD with the descriptor);
 *   - a read waiting on the socket ends as cancelled when its client cancels it or closes its handle;
 *   - IWDFIoTargetStateManagement on that target: Stop cancelling, waiting for or leaving sent I/O,
 *     sends waiting in a stopped target until Start, IGNORE_TARGET_STATE, timeouts (asynchronous,
 *     synchronous, and while queued), Remove; SEND_AND_FORGET refused;
 *   - the same on the device's default I/O target, where nothing lies below;
 *   - file information through IWDFIoTarget2 (FormatRequestForQueryInformation, ...SetInformation): a
 *     file-handle target over a file answers its size, times and position and changes them (the file
 *     on disk changes), refuses what NtQueryInformationFile / NtSetInformationFile refuse; the format
 *     refuses a NULL request, a region past the memory and a missing file on the default target; the
 *     default target of a root-enumerated device answers as the root PDO, STATUS_INVALID_DEVICE_REQUEST.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/stat.h>

#include "fixture.h"
#include "harness.h"
#include "sock_server.h"
#include "sockecho_ioctl.h"

#define T 10000
#define DEVICE "ROOT\\SOCKECHO\\0000"
#define LINK "\\\\.\\SockEcho0"
/* WDF_IO_TARGET_SENT_IO_ACTION */
#define CANCEL_SENT_IO 1u
#define WAIT_FOR_SENT_IO 2u
#define LEAVE_SENT_IO_PENDING 3u

typedef struct fixture {
    harness h;
    sock_server server;
    wudf_client *client;
    wudf_handle file;
} fixture;

static fixture the_fixture;
/* The tests' asynchronous results are static: a failed test's request may still complete in its teardown. */

static int setup(void **state)
{
    fixture *fx = &the_fixture;
    memset(fx, 0, sizeof *fx);
    if (sock_server_start(&fx->server))
        return -1;
    if (harness_start(&fx->h, NULL))
        return -1;
    char port[16];
    snprintf(port, sizeof port, "%d", fx->server.port);
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", SOCKECHO_INF, NULL);
    wudf_kv_add(&req, "setting.port", port, NULL);
    int32_t st = harness_tool_kv(&fx->h, &req, &reply);
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", SOCKECHO_INF, wudf_kv_get(&reply, "message"));
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    if (st < 0 || harness_wait_log(&fx->h, "msg=\"socket target ready on port", 0, T))
        return -1;
    fx->client = harness_client(&fx->h);
    if (!fx->client || wudf_open(fx->client, LINK, T, &fx->file))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    if (fx->client)
        wudf_disconnect(fx->client);
    int rc = harness_stop(&fx->h, 15000);
    harness_cleanup(&fx->h);
    sock_server_stop(&fx->server);
    return rc == 0 ? 0 : -1;
}

/* IOCTL_SOCKECHO_TARGET; *target_state gets the state after it (when the driver wrote one). */
static wudf_status target_op(fixture *fx, uint32_t target, uint32_t op, uint32_t arg, uint32_t *target_state)
{
    SOCKECHO_TARGET_OP in = {target, op, arg};
    uint32_t out = 0, n = 0;
    wudf_status st = wudf_ioctl(fx->client, fx->file, IOCTL_SOCKECHO_TARGET, &in, sizeof in, &out, sizeof out, &n, T);
    if (target_state)
        *target_state = n == sizeof out ? out : 0xffffffffu;
    return st;
}

/* Reads until want bytes came (a stream read ends with what is there). */
static void read_all(fixture *fx, char *buffer, uint32_t want)
{
    uint32_t got = 0;
    while (got < want) {
        uint32_t n = 0;
        assert_int_equal(wudf_read(fx->client, fx->file, buffer + got, want - got, 0, &n, T), 0);
        assert_true(n > 0);
        got += n;
    }
}

/* Starts an asynchronous read and waits until it went to the socket's target; the log mark before it. */
static size_t pending_read(fixture *fx, char *buffer, uint32_t length, fixture_result *r, wudf_request_id *id)
{
    size_t mark = harness_log_sync(&fx->h);
    assert_int_equal(wudf_read_async(fx->client, fx->file, buffer, length, 0, fixture_on_done, r, id), 0);
    assert_int_equal(harness_wait_log(&fx->h, "event=file-target-send ", mark, T), 0);
    return mark;
}

/* r has not completed: with everything the host logged so far in, the host completed only the
 * `completed` requests the test knows of since mark. */
static void still_pending(fixture *fx, const fixture_result *r, size_t mark, unsigned completed)
{
    assert_true(harness_log_sync(&fx->h) != (size_t)-1);
    assert_int_equal(harness_log_count(&fx->h, "event=request-complete device=", mark), completed);
    assert_int_equal(r->done, 0);
}

static void bytes_cross_the_socket_both_ways(void **state)
{
    fixture *fx = *state;
    char in[64] = {0};
    uint32_t n = 0;
    assert_int_equal(wudf_write(fx->client, fx->file, "hello socket", 12, 0, &n, T), 0);
    assert_int_equal(n, 12);
    read_all(fx, in, 12);
    assert_memory_equal(in, "hello socket", 12);

    /* 256 KiB: more than a socket buffer, so the target's write waits for room on the socket. */
    const uint32_t size = 256u * 1024u;
    char *out = malloc(size), *back = malloc(size);
    assert_non_null(out);
    assert_non_null(back);
    for (uint32_t i = 0; i < size; i++)
        out[i] = (char)(i * 7u + 3u);
    static fixture_result w;
    memset(&w, 0, sizeof w);
    wudf_request_id id;
    assert_int_equal(wudf_write_async(fx->client, fx->file, out, size, 0, fixture_on_done, &w, &id), 0);
    read_all(fx, back, size);
    assert_int_equal(fixture_wait_done(fx->client, &w, T), 0);
    assert_int_equal(w.status, 0);
    assert_int_equal(w.information, size);
    assert_memory_equal(back, out, size);
    assert_int_equal(sock_server_received(&fx->server), 12 + size);
    free(out);
    free(back);
}

static void an_ioctl_goes_to_the_socket(void **state)
{
    fixture *fx = *state;
    uint32_t n = 0;
    assert_int_equal(wudf_write(fx->client, fx->file, "abc", 3, 0, &n, T), 0);
    assert_int_equal(sock_server_wait_echoed(&fx->server, 3, T), 0);
#ifdef _WIN32
    /* A Winsock socket takes no FIONREAD as DeviceIoControl: the socket's refusal comes back. */
    uint32_t in[1] = {0x4004667Fu}, out = 0;
    assert_true(wudf_ioctl(fx->client, fx->file, IOCTL_SOCKECHO_FORWARD, in, sizeof in, &out, sizeof out, &n, T) < 0);
#else
    /* FIONREAD on the descriptor: the 3 echoed bytes wait to be read (the echo is on its way until then). */
    uint32_t in[1] = {0x541Bu}, out = 0;
    uint64_t deadline = uv_hrtime() + (uint64_t)T * 1000000u;
    do
        assert_int_equal(wudf_ioctl(fx->client, fx->file, IOCTL_SOCKECHO_FORWARD, in, sizeof in, &out, sizeof out, &n,
                                    T),
                         0);
    while (out < 3 && uv_hrtime() < deadline);
    assert_int_equal(n, 4);
    assert_int_equal(out, 3);
    assert_int_equal(harness_wait_log(&fx->h, "msg=\"forwarded I/O control 0x0000541b: S_OK\"", 0, T), 0);
#endif
    char back[3];
    read_all(fx, back, 3);
    assert_memory_equal(back, "abc", 3);
}

static void a_pending_read_ends_cancelled_when_the_client_cancels_it(void **state)
{
    fixture *fx = *state;
    char buffer[16];
    static fixture_result r;
    memset(&r, 0, sizeof r);
    wudf_request_id id;
    size_t mark = pending_read(fx, buffer, sizeof buffer, &r, &id);
    still_pending(fx, &r, mark, 0);
    assert_int_equal(wudf_cancel(fx->client, id), 0);
    assert_int_equal(fixture_wait_done(fx->client, &r, T), 0);
    assert_int_equal(r.status, WUDF_STATUS_CANCELLED);
    assert_int_equal(r.information, 0);
    /* The socket still works: the cancelled read took nothing. */
    uint32_t n = 0;
    assert_int_equal(wudf_write(fx->client, fx->file, "after", 5, 0, &n, T), 0);
    read_all(fx, buffer, 5);
    assert_memory_equal(buffer, "after", 5);
}

static void a_pending_read_ends_cancelled_when_the_client_closes(void **state)
{
    fixture *fx = *state;
    char buffer[16];
    static fixture_result r;
    memset(&r, 0, sizeof r);
    wudf_request_id id;
    pending_read(fx, buffer, sizeof buffer, &r, &id);
    size_t mark = harness_log_sync(&fx->h);
    assert_int_equal(wudf_close(fx->client, fx->file), 0);
    assert_int_equal(fixture_wait_done(fx->client, &r, T), 0);
    assert_int_equal(r.status, WUDF_STATUS_CANCELLED);
    assert_int_equal(harness_wait_log(&fx->h, "msg=\"CMyDevice::OnCleanupFile cancelled the file's sent requests\"",
                                      mark, T),
                     0);
    assert_int_equal(wudf_open(fx->client, LINK, T, &fx->file), 0);
}

static void stop_cancelling_sent_io_and_sends_that_wait_for_start(void **state)
{
    fixture *fx = *state;
    uint32_t ts = 0;
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_STATE, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STARTED);
    char buffer[16];
    static fixture_result r;
    memset(&r, 0, sizeof r);
    wudf_request_id id;
    pending_read(fx, buffer, sizeof buffer, &r, &id);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_STOP, CANCEL_SENT_IO, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STOPPED);
    assert_int_equal(fixture_wait_done(fx->client, &r, T), 0);
    assert_int_equal(r.status, WUDF_STATUS_CANCELLED);

    /* A write to the stopped target waits in its queue: nothing reaches the socket. */
    size_t mark = harness_log_sync(&fx->h);
    static fixture_result w;
    memset(&w, 0, sizeof w);
    assert_int_equal(wudf_write_async(fx->client, fx->file, "ping", 4, 0, fixture_on_done, &w, &id), 0);
    assert_int_equal(harness_wait_log(&fx->h, "event=target-send-pended device=", mark, T), 0);
    still_pending(fx, &w, mark, 0);
    assert_int_equal(sock_server_received(&fx->server), 0);

    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_START, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STARTED);
    assert_int_equal(fixture_wait_done(fx->client, &w, T), 0);
    assert_int_equal(w.status, 0);
    assert_int_equal(w.information, 4);
    read_all(fx, buffer, 4);
    assert_memory_equal(buffer, "ping", 4);
}

static void stop_leaving_sent_io_pending_and_a_write_that_ignores_the_state(void **state)
{
    fixture *fx = *state;
    uint32_t ts = 0, n = 0;
    char buffer[16];
    static fixture_result r;
    memset(&r, 0, sizeof r);
    wudf_request_id id;
    size_t mark = pending_read(fx, buffer, sizeof buffer, &r, &id);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_STOP, LEAVE_SENT_IO_PENDING, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STOPPED);
    still_pending(fx, &r, mark, 1); /* the Stop only */
    /* IGNORE_TARGET_STATE: the write goes out although the target is stopped; the echo ends the read. */
    assert_int_equal(wudf_ioctl(fx->client, fx->file, IOCTL_SOCKECHO_WRITE_IGNORING_STATE, "pong", 4, NULL, 0, &n, T),
                     0);
    assert_int_equal(n, 0); /* an I/O control's information counts output bytes: none */
    assert_int_equal(fixture_wait_done(fx->client, &r, T), 0);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.information, 4);
    assert_memory_equal(buffer, "pong", 4);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_START, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STARTED);
}

static void stop_waiting_for_sent_io_returns_once_it_completed(void **state)
{
    fixture *fx = *state;
    uint32_t n = 0;
    char buffer[16];
    static fixture_result r, stop;
    memset(&r, 0, sizeof r);
    memset(&stop, 0, sizeof stop);
    wudf_request_id id;
    sock_server_hold(&fx->server);
    pending_read(fx, buffer, sizeof buffer, &r, &id);
    assert_int_equal(wudf_write(fx->client, fx->file, "wait", 4, 0, &n, T), 0);
    assert_int_equal(sock_server_wait_received(&fx->server, 4, T), 0);

    size_t mark = harness_log_sync(&fx->h);
    SOCKECHO_TARGET_OP op = {SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_STOP, WAIT_FOR_SENT_IO};
    uint32_t ts = 0;
    assert_int_equal(wudf_ioctl_async(fx->client, fx->file, IOCTL_SOCKECHO_TARGET, &op, sizeof op, &ts, sizeof ts,
                                      fixture_on_done, &stop, &id),
                     0);
    /* Stop waits: the read is still at the socket, its echo held by the server. */
    assert_int_equal(harness_wait_log(&fx->h, "event=target-stopping device=", mark, T), 0);
    still_pending(fx, &stop, mark, 0);
    still_pending(fx, &r, mark, 0);
    assert_int_equal(harness_log_count(&fx->h, "event=target-stopped device=", mark), 0);

    sock_server_release(&fx->server);
    assert_int_equal(fixture_wait_done(fx->client, &r, T), 0);
    assert_int_equal(r.status, 0);
    assert_memory_equal(buffer, "wait", 4);
    assert_int_equal(fixture_wait_done(fx->client, &stop, T), 0);
    assert_int_equal(stop.status, 0);
    assert_int_equal(ts, SOCKECHO_STATE_STOPPED);
    assert_int_equal(harness_wait_log(&fx->h, "event=target-stopped device=", mark, T), 0);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_START, 0, NULL), 0);
}

static wudf_status timed_read(fixture *fx, uint32_t ms, uint32_t synchronous)
{
    SOCKECHO_TIMED_READ in = {ms, synchronous};
    char out[8];
    uint32_t n = 0;
    return wudf_ioctl(fx->client, fx->file, IOCTL_SOCKECHO_TIMED_READ, &in, sizeof in, out, sizeof out, &n, T);
}

static void reads_with_a_timeout_end_with_io_timeout(void **state)
{
    fixture *fx = *state;
    /* At the socket, nothing to read: asynchronous, then synchronous. */
    assert_int_equal(timed_read(fx, 200, 0), WUDF_STATUS_IO_TIMEOUT);
    assert_int_equal(timed_read(fx, 200, 1), WUDF_STATUS_IO_TIMEOUT);
    /* Waiting in a stopped target: the timeout runs there too. */
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_STOP, LEAVE_SENT_IO_PENDING, NULL), 0);
    size_t mark = harness_log_sync(&fx->h);
    assert_int_equal(timed_read(fx, 200, 0), WUDF_STATUS_IO_TIMEOUT);
    assert_int_equal(timed_read(fx, 200, 1), WUDF_STATUS_IO_TIMEOUT);
    assert_true(harness_log_sync(&fx->h) != (size_t)-1);
    assert_int_equal(harness_log_count(&fx->h, "event=target-send-pended device=", mark), 2);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_START, 0, NULL), 0);
    /* The socket still works. */
    uint32_t n = 0;
    char buffer[4];
    assert_int_equal(wudf_write(fx->client, fx->file, "ok", 2, 0, &n, T), 0);
    read_all(fx, buffer, 2);
    assert_memory_equal(buffer, "ok", 2);
}

static void remove_cancels_sent_io_and_fails_later_sends(void **state)
{
    fixture *fx = *state;
    uint32_t ts = 0, n = 0;
    char buffer[16];
    static fixture_result r;
    memset(&r, 0, sizeof r);
    wudf_request_id id;
    pending_read(fx, buffer, sizeof buffer, &r, &id);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_REMOVE, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_DELETED);
    assert_int_equal(fixture_wait_done(fx->client, &r, T), 0);
    assert_int_equal(r.status, WUDF_STATUS_CANCELLED);
    assert_int_equal(wudf_write(fx->client, fx->file, "late", 4, 0, &n, T), WUDF_STATUS_INVALID_DEVICE_STATE);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_START, 0, NULL), WUDF_STATUS_INVALID_DEVICE_STATE);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_SOCKET, SOCKECHO_OP_STATE, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_DELETED);
    assert_int_equal(sock_server_received(&fx->server), 0);
}

static void send_and_forget_is_refused_by_a_file_handle_target(void **state)
{
    fixture *fx = *state;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(fx->client, fx->file, IOCTL_SOCKECHO_SEND_AND_FORGET, "x", 1, NULL, 0, &n, T),
                     WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(harness_wait_log(&fx->h, "file-target-send-and-forget", 0, T), 0);
    /* The default target takes it: the framework completes the request with what the send saw. */
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_SEND_SELF_FORGET, 0, NULL),
                     WUDF_STATUS_INVALID_DEVICE_REQUEST);
}

static void the_default_target_stops_starts_and_is_removed(void **state)
{
    fixture *fx = *state;
    uint32_t ts = 0;
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_STATE, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STARTED);
    /* Nothing lies below a root-enumerated device: a send comes back at once. */
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_SEND_SELF, 0, NULL),
                     WUDF_STATUS_INVALID_DEVICE_REQUEST);

    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_STOP, CANCEL_SENT_IO, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STOPPED);
    SOCKECHO_TARGET_OP op = {SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_SEND_SELF, 0};
    static fixture_result queued, dropped;
    memset(&queued, 0, sizeof queued);
    memset(&dropped, 0, sizeof dropped);
    wudf_request_id id;
    size_t mark = harness_log_sync(&fx->h);
    assert_int_equal(wudf_ioctl_async(fx->client, fx->file, IOCTL_SOCKECHO_TARGET, &op, sizeof op, NULL, 0,
                                      fixture_on_done, &queued, &id),
                     0);
    assert_int_equal(harness_wait_log(&fx->h, "event=target-send-pended device=", mark, T), 0);
    still_pending(fx, &queued, mark, 0);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_START, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_STARTED);
    assert_int_equal(fixture_wait_done(fx->client, &queued, T), 0);
    assert_int_equal(queued.status, WUDF_STATUS_INVALID_DEVICE_REQUEST);

    /* Remove: what waits in the stopped target is cancelled, and the target takes nothing any more. */
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_STOP, LEAVE_SENT_IO_PENDING, NULL), 0);
    mark = harness_log_sync(&fx->h);
    assert_int_equal(wudf_ioctl_async(fx->client, fx->file, IOCTL_SOCKECHO_TARGET, &op, sizeof op, NULL, 0,
                                      fixture_on_done, &dropped, &id),
                     0);
    assert_int_equal(harness_wait_log(&fx->h, "event=target-send-pended device=", mark, T), 0);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_REMOVE, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_DELETED);
    assert_int_equal(fixture_wait_done(fx->client, &dropped, T), 0);
    assert_int_equal(dropped.status, WUDF_STATUS_CANCELLED);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_SEND_SELF, 0, NULL),
                     WUDF_STATUS_INVALID_DEVICE_STATE);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_START, 0, NULL),
                     WUDF_STATUS_INVALID_DEVICE_STATE);
    assert_int_equal(target_op(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_OP_STATE, 0, &ts), 0);
    assert_int_equal(ts, SOCKECHO_STATE_DELETED);
}

/* ---- file information ---- */

/* 2001-01-01T00:00:00Z as an NT time (100 ns since 1601) and as a Unix one. */
#define NT_TIME_2001 126227808000000000ull
#define UNIX_TIME_2001 978307200
#define ATTRIBUTE_ARCHIVE 0x20u

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A file of size bytes in the harness's directory, where the host may open it. */
static void make_file(fixture *fx, const char *name, char *path, size_t size, long bytes)
{
    snprintf(path, size, "%s/%s", fx->h.root, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (long i = 0; i < bytes; i++)
        assert_int_equal(fputc('a' + (int)(i % 26), f), 'a' + (int)(i % 26));
    assert_int_equal(fclose(f), 0);
}

static long long file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (long long)st.st_size;
}

static SOCKECHO_FILE_INFO info_request(uint32_t target, uint32_t set, uint32_t klass, uint32_t length,
                                       const char *path)
{
    SOCKECHO_FILE_INFO in;
    memset(&in, 0, sizeof in);
    in.Target = target;
    in.Set = set;
    in.Class = klass;
    in.Length = length;
    if (path) {
        size_t n = strlen(path);
        assert_true(n < sizeof in.Path); /* the test's own files: short paths */
        memcpy(in.Path, path, n + 1);
    }
    return in;
}

/* IOCTL_SOCKECHO_FILE_INFO; out gets the information queried, *n its size. */
static wudf_status file_info(fixture *fx, const SOCKECHO_FILE_INFO *in, void *out, uint32_t out_size, uint32_t *n)
{
    *n = 0;
    return wudf_ioctl(fx->client, fx->file, IOCTL_SOCKECHO_FILE_INFO, in, sizeof *in, out, out_size, n, T);
}

/* A set of one LARGE_INTEGER class (end of file, position) through a file-handle target over path. */
static wudf_status set_large(fixture *fx, const char *path, uint32_t klass, uint64_t value)
{
    SOCKECHO_FILE_INFO in = info_request(SOCKECHO_TARGET_PATH, 1, klass, 8, path);
    put_le64(in.Data, value);
    uint32_t n = 1;
    wudf_status st = file_info(fx, &in, NULL, 0, &n);
    assert_int_equal(n, 0);
    return st;
}

static void a_file_handle_target_queries_and_sets_file_information(void **state)
{
    fixture *fx = *state;
    char path[700];
    uint8_t out[64];
    uint32_t n = 0;
    make_file(fx, "info.dat", path, sizeof path, 1234);

    /* FileStandardInformation: the size, one link, no directory. The send's completion parameters name its
     * type, WdfRequestQueryInformation (12). */
    size_t mark = harness_log_sync(&fx->h);
    SOCKECHO_FILE_INFO in = info_request(SOCKECHO_TARGET_PATH, 0, SOCKECHO_CLASS_STANDARD, 24, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, 24);
    assert_int_equal(le64(out + 8), 1234);
    assert_int_equal(out[16], 1);
    assert_int_equal(out[21], 0);
    assert_int_equal(
        harness_wait_log(&fx->h, "msg=\"file information: target 3, type 12, class 5: S_OK, 24 bytes\"", mark, T), 0);

    /* FileEndOfFileInformation cuts the file on disk, then grows it; a query sees the new size. */
    assert_int_equal(set_large(fx, path, SOCKECHO_CLASS_END_OF_FILE, 100), WUDF_STATUS_SUCCESS);
    assert_int_equal(file_size(path), 100);
    assert_int_equal(set_large(fx, path, SOCKECHO_CLASS_END_OF_FILE, 5000), WUDF_STATUS_SUCCESS);
    assert_int_equal(file_size(path), 5000);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_SUCCESS);
    assert_int_equal(le64(out + 8), 5000);

    /* FileBasicInformation: a file is FILE_ATTRIBUTE_ARCHIVE; a last-write time set is the file's. Zero times
     * and attributes leave those alone. */
    in = info_request(SOCKECHO_TARGET_PATH, 0, SOCKECHO_CLASS_BASIC, 40, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, 40);
    assert_true(out[32] & ATTRIBUTE_ARCHIVE);
    assert_true(le64(out + 16) > NT_TIME_2001);
    SOCKECHO_FILE_INFO set = info_request(SOCKECHO_TARGET_PATH, 1, SOCKECHO_CLASS_BASIC, 40, path);
    put_le64(set.Data + 16, NT_TIME_2001);
    assert_int_equal(file_info(fx, &set, NULL, 0, &n), WUDF_STATUS_SUCCESS);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal((long long)st.st_mtime, UNIX_TIME_2001);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_SUCCESS);
    assert_int_equal(le64(out + 16), NT_TIME_2001);
    assert_int_equal(file_size(path), 5000);

    /* FilePositionInformation: a fresh handle is at 0; what is set on a handle is what a query of it finds. */
    in = info_request(SOCKECHO_TARGET_PATH, 0, SOCKECHO_CLASS_POSITION, 8, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, 8);
    assert_int_equal(le64(out), 0);
    in.Set = 2;
    put_le64(in.Data, 7);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, 8);
    assert_int_equal(le64(out), 7);
    remove(path);
}

static wudf_status misuse(fixture *fx, uint32_t target, uint32_t how, const char *path)
{
    SOCKECHO_FILE_INFO in = info_request(target, 0, SOCKECHO_CLASS_STANDARD, 24, path);
    in.Misuse = how;
    uint8_t out[24];
    uint32_t n = 0;
    return file_info(fx, &in, out, sizeof out, &n);
}

static void file_information_refusals_have_windows_statuses(void **state)
{
    fixture *fx = *state;
    char path[700];
    uint8_t out[64];
    uint32_t n = 0;
    make_file(fx, "refused.dat", path, sizeof path, 10);

    /* No class, none of WDF's or none of NT's: STATUS_INVALID_INFO_CLASS; a buffer shorter than the class's
     * structure: STATUS_INFO_LENGTH_MISMATCH; a set-only class queried or a query-only class set:
     * STATUS_INVALID_INFO_CLASS (NtQueryInformationFile's and NtSetInformationFile's checks, which the host
     * makes itself where Wine's ntdll answers otherwise). */
    SOCKECHO_FILE_INFO in = info_request(SOCKECHO_TARGET_PATH, 0, 0, 24, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_INFO_CLASS);
    in.Class = SOCKECHO_CLASS_MAXIMUM;
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_INFO_CLASS);
    in.Class = SOCKECHO_CLASS_NONE;
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_INFO_CLASS);
    in = info_request(SOCKECHO_TARGET_PATH, 0, SOCKECHO_CLASS_BASIC, 4, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(n, 0);
    in = info_request(SOCKECHO_TARGET_PATH, 1, SOCKECHO_CLASS_BASIC, 4, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INFO_LENGTH_MISMATCH);
    in = info_request(SOCKECHO_TARGET_PATH, 0, SOCKECHO_CLASS_END_OF_FILE, 8, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_INFO_CLASS);
    in = info_request(SOCKECHO_TARGET_PATH, 1, SOCKECHO_CLASS_STANDARD, 24, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_INFO_CLASS);
#ifndef _WIN32
    /* Where Linux answers for the OS: a class a descriptor cannot answer (FileNameInformation), and a socket,
     * which has no times or attributes. */
    in = info_request(SOCKECHO_TARGET_PATH, 0, 9, 64, path);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_NOT_SUPPORTED);
    in = info_request(SOCKECHO_TARGET_SOCKET, 0, SOCKECHO_CLASS_BASIC, 40, NULL);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_INFO_CLASS);
#endif

    /* Wrong calls the format refuses with E_INVALIDARG, which reaches the client as STATUS_INVALID_PARAMETER. */
    size_t mark = harness_log_sync(&fx->h);
    assert_int_equal(misuse(fx, SOCKECHO_TARGET_PATH, SOCKECHO_MISUSE_NULL_REQUEST, path),
                     WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(harness_wait_log(&fx->h, "msg=\"file information format (misuse 1): E_INVALIDARG\"", mark, T),
                     0);
    assert_int_equal(misuse(fx, SOCKECHO_TARGET_PATH, SOCKECHO_MISUSE_BAD_OFFSET, path),
                     WUDF_STATUS_INVALID_PARAMETER);
    /* pFile: required by a local target, optional for a file-handle target (Learn). */
    assert_int_equal(misuse(fx, SOCKECHO_TARGET_DEFAULT, SOCKECHO_MISUSE_NO_FILE, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(harness_wait_log(&fx->h, "bug=format-information-file", mark, T), 0);
    assert_int_equal(misuse(fx, SOCKECHO_TARGET_PATH, SOCKECHO_MISUSE_NO_FILE, path), WUDF_STATUS_SUCCESS);

    /* No memory given: the request's own output takes the information. */
    in = info_request(SOCKECHO_TARGET_PATH, 0, SOCKECHO_CLASS_STANDARD, 0, path);
    in.Misuse = SOCKECHO_MISUSE_OWN_BUFFER;
    assert_int_equal(file_info(fx, &in, out, 24, &n), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, 24);
    assert_int_equal(le64(out + 8), 10);

    /* Below a root-enumerated device nothing serves it: the root PDO's STATUS_INVALID_DEVICE_REQUEST. */
    in = info_request(SOCKECHO_TARGET_DEFAULT, 0, SOCKECHO_CLASS_STANDARD, 24, NULL);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_DEVICE_REQUEST);
    in = info_request(SOCKECHO_TARGET_DEFAULT, 1, SOCKECHO_CLASS_END_OF_FILE, 8, NULL);
    assert_int_equal(file_info(fx, &in, out, sizeof out, &n), WUDF_STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(file_size(path), 10);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(bytes_cross_the_socket_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(an_ioctl_goes_to_the_socket, setup, teardown),
        cmocka_unit_test_setup_teardown(a_pending_read_ends_cancelled_when_the_client_cancels_it, setup, teardown),
        cmocka_unit_test_setup_teardown(a_pending_read_ends_cancelled_when_the_client_closes, setup, teardown),
        cmocka_unit_test_setup_teardown(stop_cancelling_sent_io_and_sends_that_wait_for_start, setup, teardown),
        cmocka_unit_test_setup_teardown(stop_leaving_sent_io_pending_and_a_write_that_ignores_the_state, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(stop_waiting_for_sent_io_returns_once_it_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(reads_with_a_timeout_end_with_io_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_cancels_sent_io_and_fails_later_sends, setup, teardown),
        cmocka_unit_test_setup_teardown(send_and_forget_is_refused_by_a_file_handle_target, setup, teardown),
        cmocka_unit_test_setup_teardown(the_default_target_stops_starts_and_is_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_handle_target_queries_and_sets_file_information, setup, teardown),
        cmocka_unit_test_setup_teardown(file_information_refusals_have_windows_statuses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
