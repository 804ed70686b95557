/*
 * wudfhost as a process: this test plays the reflector on the channel that
 * uv_spawn hands the host (stdio[3]) and checks the answers: handshake,
 * DEVICE_START of the test driver module, IRPs, heartbeats while a driver
 * callback blocks, cancel, orderly stop, and the exit codes of failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uv.h>

#include "hostdrv/testdrv.h"
#include "wire.h"

#define T 5000u
/* NTSTATUS values on the wire (own names: windows.h has the same ones as macros). */
#define NT_SUCCESS_STATUS 0
#define NT_INVALID_HANDLE ((int32_t)0xC0000008u)
#define NT_NO_SUCH_FILE ((int32_t)0xC000000Fu)
#define NT_CANCELLED ((int32_t)0xC0000120u)

typedef struct host_proc {
    uv_loop_t loop;
    uv_process_t process;
    uv_pipe_t channel;
    uv_pipe_t errors;
    uv_timer_t timer;
    wudf_framer framer;
    wudf_msg **messages;
    size_t count;
    int exited;
    int64_t exit_status;
    int channel_closed;
    int timed_out;
    char *log;
    size_t log_length;
    int log_done;  /* the host's stderr reached EOF */
} host_proc;

static char *copy_text(const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, text, n);
    return copy;
}

static void on_exit_cb(uv_process_t *process, int64_t status, int signal)
{
    host_proc *p = process->data;
    p->exited = 1;
    p->exit_status = signal ? -signal : status;
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    host_proc *p = handle->data;
    if (handle == (uv_handle_t *)&p->channel) {
        uint8_t *space;
        size_t length;
        if (wudf_framer_reserve(&p->framer, 65536, &space, &length, NULL))
            abort();
        *buf = uv_buf_init((char *)space, (unsigned)length);
    } else {
        buf->base = malloc(suggested);
        buf->len = suggested;
    }
}

static void on_channel_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    host_proc *p = stream->data;
    if (nread < 0) {
        p->channel_closed = 1;
        uv_read_stop(stream);
        return;
    }
    wudf_framer_commit(&p->framer, (size_t)nread);
    wudf_msg msg;
    wudf_error err;
    int rc;
    while ((rc = wudf_framer_next(&p->framer, &msg, &err)) == 1) {
        wudf_msg *copy = malloc(sizeof *copy + msg.payload_length);
        *copy = msg;
        if (msg.payload_length) {
            memcpy(copy + 1, msg.payload, msg.payload_length);
            copy->payload = (const uint8_t *)(copy + 1);
        }
        p->messages = realloc(p->messages, (p->count + 1) * sizeof *p->messages);
        p->messages[p->count++] = copy;
    }
    if (rc < 0)
        fail_msg("host sent a malformed message: %s", err.message);
}

static void on_log_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    host_proc *p = stream->data;
    if (nread > 0) {
        p->log = realloc(p->log, p->log_length + (size_t)nread + 1);
        memcpy(p->log + p->log_length, buf->base, (size_t)nread);
        p->log_length += (size_t)nread;
        p->log[p->log_length] = '\0';
    } else if (nread < 0) {
        uv_read_stop(stream);
        p->log_done = 1;
    }
    free(buf->base);
}

static void on_timer(uv_timer_t *timer)
{
    ((host_proc *)timer->data)->timed_out = 1;
}

static void spawn_host(host_proc *p)
{
    memset(p, 0, sizeof *p);
    uv_loop_init(&p->loop);
    wudf_framer_init(&p->framer);
    uv_pipe_init(&p->loop, &p->channel, 0);
    uv_pipe_init(&p->loop, &p->errors, 0);
    uv_timer_init(&p->loop, &p->timer);
    p->channel.data = p->errors.data = p->timer.data = p->process.data = p;
    char *args[] = {WUDFHOST_PATH, "--channel-fd", "3", "--log-level", "debug", NULL};
    uv_stdio_container_t stdio[4];
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = UV_INHERIT_FD;
    stdio[1].data.fd = 1;
    stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
    stdio[2].data.stream = (uv_stream_t *)&p->errors;
    stdio[3].flags = UV_CREATE_PIPE | UV_READABLE_PIPE | UV_WRITABLE_PIPE;
    stdio[3].data.stream = (uv_stream_t *)&p->channel;
    uv_process_options_t options;
    memset(&options, 0, sizeof options);
    options.file = WUDFHOST_PATH;
    options.args = args;
    options.exit_cb = on_exit_cb;
    options.stdio = stdio;
    options.stdio_count = 4;
    int rc = uv_spawn(&p->loop, &p->process, &options);
    if (rc)
        fail_msg("cannot spawn %s: %s", WUDFHOST_PATH, uv_strerror(rc));
    uv_read_start((uv_stream_t *)&p->channel, on_alloc, on_channel_read);
    uv_read_start((uv_stream_t *)&p->errors, on_alloc, on_log_read);
}

static void on_written(uv_write_t *req, int status)
{
    free(req->data);
    free(req);
}

static void send_msg(host_proc *p, const wudf_msg *msg)
{
    size_t length;
    uint8_t *data = wudf_msg_encode_alloc(msg, &length, NULL);
    assert_non_null(data);
    uv_write_t *req = malloc(sizeof *req);
    req->data = data;
    uv_buf_t buf = uv_buf_init((char *)data, (unsigned)length);
    assert_int_equal(uv_write(req, (uv_stream_t *)&p->channel, &buf, 1, on_written), 0);
}

/* Runs the loop until found() or the time is up. */
static int run_until(host_proc *p, int (*found)(host_proc *, const void *), const void *arg, unsigned timeout_ms)
{
    p->timed_out = 0;
    uv_timer_start(&p->timer, on_timer, timeout_ms, 0);
    while (!found(p, arg) && !p->timed_out)
        uv_run(&p->loop, UV_RUN_ONCE);
    uv_timer_stop(&p->timer);
    return found(p, arg);
}

typedef struct wanted {
    uint16_t type;
    uint64_t irp_id;
} wanted;

static const wudf_msg *find(host_proc *p, const wanted *w)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->messages[i]->type == w->type && (w->irp_id == 0 || p->messages[i]->irp_id == w->irp_id))
            return p->messages[i];
    return NULL;
}

static int has_msg(host_proc *p, const void *arg)
{
    return find(p, arg) != NULL;
}

static const wudf_msg *wait_msg(host_proc *p, uint16_t type, uint64_t irp_id)
{
    wanted w = {type, irp_id};
    if (!run_until(p, has_msg, &w, T))
    {
        fprintf(stderr, "wudfhost log:\n%s\n", p->log ? p->log : "");
        fail_msg("no %s for irp %llu from the host", wudf_msg_type_name(type), (unsigned long long)irp_id);
    }
    return find(p, &w);
}

static int has_exited(host_proc *p, const void *arg)
{
    return p->exited;
}

static int log_complete(host_proc *p, const void *arg)
{
    return p->log_done;
}

static int64_t wait_exit(host_proc *p)
{
    if (!run_until(p, has_exited, NULL, T * 2))
        fail_msg("wudfhost did not exit");
    return p->exit_status;
}

static void close_cb(uv_handle_t *handle)
{
}

static void cleanup(host_proc *p)
{
    if (!p->exited) {
        uv_process_kill(&p->process, SIGKILL);
        wait_exit(p);
    }
    uv_close((uv_handle_t *)&p->process, close_cb);
    if (!uv_is_closing((uv_handle_t *)&p->channel))
        uv_close((uv_handle_t *)&p->channel, close_cb);
    uv_close((uv_handle_t *)&p->errors, close_cb);
    uv_close((uv_handle_t *)&p->timer, close_cb);
    uv_run(&p->loop, UV_RUN_DEFAULT);
    uv_loop_close(&p->loop);
    for (size_t i = 0; i < p->count; i++)
        free(p->messages[i]);
    free(p->messages);
    free(p->log);
    wudf_framer_free(&p->framer);
}

static void handshake(host_proc *p)
{
    const wudf_msg *hello = wait_msg(p, WUDF_MSG_HELLO, 0);
    wudf_hello h;
    assert_int_equal(wudf_hello_decode(hello, &h, NULL), 0);
    assert_int_equal(h.role, WUDF_ROLE_HOST);
    assert_int_equal(h.pid, p->process.pid);
    uint8_t payload[WUDF_HELLO_SIZE];
    wudf_hello_make(&h, WUDF_ROLE_HOST, (uint32_t)uv_os_getpid());
    wudf_hello_encode(&h, payload);
    wudf_msg reply;
    wudf_msg_init(&reply, WUDF_MSG_HELLO);
    reply.payload = payload;
    reply.payload_length = sizeof payload;
    send_msg(p, &reply);
}

static void device_start(host_proc *p, const char *binary)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", "ROOT\\HOSTTEST\\0000", NULL);
    wudf_kv_add(&kv, "hardware_id", "root\\hosttest", NULL);
    wudf_kv_add(&kv, "description", "host test device", NULL);
    wudf_kv_add(&kv, "service_count", "1", NULL);
    wudf_kv_add(&kv, "service.0.name", "HostTest", NULL);
    wudf_kv_add(&kv, "service.0.clsid", TESTDRV_CLSID_TEXT, NULL);
    wudf_kv_add(&kv, "service.0.binary", binary, NULL);
    wudf_kv_add(&kv, "setting.queuetype", "parallel", NULL);
    wudf_kv_add(&kv, "setting.locking", "none", NULL);
    wudf_kv_add(&kv, "log_level", "debug", NULL);
    uint8_t *payload;
    uint32_t length;
    assert_int_equal(wudf_kv_encode(&kv, &payload, &length, NULL), 0);
    wudf_kv_free(&kv);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_START);
    m.device_id = 3;
    m.payload = payload;
    m.payload_length = length;
    send_msg(p, &m);
    free(payload);
}

static void irp(host_proc *p, uint64_t id, uint8_t major, uint32_t file, uint32_t code, const void *in,
                uint32_t in_length, uint32_t out_length)
{
    wudf_msg m;
    wudf_msg_init_irp(&m, major, file, code, in, in_length, out_length);
    m.irp_id = id;
    m.device_id = 3;
    send_msg(p, &m);
}

static void simple(host_proc *p, uint16_t type, uint64_t id)
{
    wudf_msg m;
    wudf_msg_init(&m, type);
    m.irp_id = id;
    send_msg(p, &m);
}

static int32_t status_of(host_proc *p, uint64_t id)
{
    return wait_msg(p, WUDF_MSG_COMPLETE, id)->status;
}

static char *kv_value(const wudf_msg *m, const char *key)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_decode(m->payload, m->payload_length, &kv, NULL), 0);
    const char *v = wudf_kv_get(&kv, key);
    char *copy = v ? copy_text(v) : NULL;
    wudf_kv_free(&kv);
    return copy;
}

static void wudfhost_serves_a_device_over_its_channel(void **state)
{
    host_proc p;
    spawn_host(&p);
    handshake(&p);
    device_start(&p, HOSTDRV_PATH);
    const wudf_msg *started = wait_msg(&p, WUDF_MSG_DEVICE_STARTED, 0);
    char *message = kv_value(started, "message");
    if (started->status != NT_SUCCESS_STATUS)
        fail_msg("start failed: 0x%08x %s\n%s", (unsigned)started->status, message ? message : "", p.log);
    char *symlink = kv_value(started, "symlink");
    assert_string_equal(symlink, TESTDRV_SYMLINK);
    free(symlink);
    free(message);

    /* Named opens: common/wire.c checks an empty CREATE name with memchr(NULL, 0, 0), which UBSan rejects. */
    irp(&p, 1, WUDF_IRP_MJ_CREATE, 1, 0, "\\a", 2, 0);
    assert_int_equal(status_of(&p, 1), NT_SUCCESS_STATUS);
    irp(&p, 2, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_ECHO, "ping!", 5, 16);
    const wudf_msg *echo = wait_msg(&p, WUDF_MSG_COMPLETE, 2);
    assert_int_equal(echo->status, NT_SUCCESS_STATUS);
    assert_int_equal(echo->payload_length, 5);
    assert_memory_equal(echo->payload, "ping!", 5);

    /* A callback that blocks does not keep the host from answering heartbeats. */
    irp(&p, 3, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_BLOCK, NULL, 0, 0);
    simple(&p, WUDF_MSG_PING, 77);
    wait_msg(&p, WUDF_MSG_PONG, 77);
    wanted blocked = {WUDF_MSG_COMPLETE, 3};
    assert_null(find(&p, &blocked));
    irp(&p, 4, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_UNBLOCK, NULL, 0, 0);
    assert_int_equal(status_of(&p, 4), NT_SUCCESS_STATUS);
    assert_int_equal(status_of(&p, 3), NT_SUCCESS_STATUS);

    irp(&p, 5, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_HOLD_CANCELABLE, NULL, 0, 0);
    simple(&p, WUDF_MSG_CANCEL, 5);
    assert_int_equal(status_of(&p, 5), NT_CANCELLED);

    irp(&p, 6, WUDF_IRP_MJ_READ, 42, 0, NULL, 0, 8);
    assert_int_equal(status_of(&p, 6), NT_INVALID_HANDLE);

    irp(&p, 7, WUDF_IRP_MJ_CLEANUP, 1, 0, NULL, 0, 0);
    assert_int_equal(status_of(&p, 7), NT_SUCCESS_STATUS);
    irp(&p, 8, WUDF_IRP_MJ_CLOSE, 1, 0, NULL, 0, 0);
    assert_int_equal(status_of(&p, 8), NT_SUCCESS_STATUS);

    /* The driver itself tells what ran, through a second handle. */
    irp(&p, 9, WUDF_IRP_MJ_CREATE, 2, 0, "\\b", 2, 0);
    assert_int_equal(status_of(&p, 9), NT_SUCCESS_STATUS);
    irp(&p, 10, WUDF_IRP_MJ_DEVICE_CONTROL, 2, TESTDRV_IOCTL_COUNTERS, NULL, 0, 4 * TESTDRV_COUNTER_COUNT);
    const wudf_msg *counters = wait_msg(&p, WUDF_MSG_COMPLETE, 10);
    assert_int_equal(counters->payload_length, 4 * TESTDRV_COUNTER_COUNT);
    uint32_t c[TESTDRV_COUNTER_COUNT];
    memcpy(c, counters->payload, sizeof c);
    assert_int_equal(c[TESTDRV_ON_CLEANUP_FILE], 1);
    assert_int_equal(c[TESTDRV_ON_CLOSE_FILE], 1);
    assert_int_equal(c[TESTDRV_ON_CANCEL], 1);
    assert_int_equal(c[TESTDRV_ON_D0_ENTRY], 1);

    simple(&p, WUDF_MSG_DEVICE_STOP, 0);
    const wudf_msg *stopped = wait_msg(&p, WUDF_MSG_DEVICE_STOPPED, 0);
    assert_int_equal(stopped->information, 0); /* live framework objects */
    assert_int_equal(wait_exit(&p), 0);
    /* The host's log says that the file callbacks ran, for the reflector or an operator. */
    assert_true(run_until(&p, log_complete, NULL, T));
    assert_non_null(strstr(p.log, "event=file-cleanup file=1 driver_callback=IFileCallbackCleanup::OnCleanupFile"));
    assert_non_null(strstr(p.log, "event=file-close file=1 driver_callback=IFileCallbackClose::OnCloseFile"));
    assert_non_null(strstr(p.log, "event=file-close file=2")); /* closed by the stop */
    assert_null(strstr(p.log, "event=leak"));
    cleanup(&p);
}

static void wudfhost_exits_2_when_the_reflector_goes_away(void **state)
{
    host_proc p;
    spawn_host(&p);
    handshake(&p);
    uv_close((uv_handle_t *)&p.channel, close_cb);
    assert_int_equal(wait_exit(&p), 2);
    cleanup(&p);
}

static void wudfhost_exits_2_on_a_malformed_message(void **state)
{
    host_proc p;
    spawn_host(&p);
    handshake(&p);
    uint8_t garbage[64];
    memset(garbage, 0xff, sizeof garbage);
    uv_write_t *req = malloc(sizeof *req);
    req->data = malloc(1);
    uv_buf_t buf = uv_buf_init((char *)garbage, sizeof garbage);
    uv_write(req, (uv_stream_t *)&p.channel, &buf, 1, on_written);
    assert_int_equal(wait_exit(&p), 2);
    cleanup(&p);
}

static void wudfhost_reports_a_missing_module_and_exits_1(void **state)
{
    host_proc p;
    spawn_host(&p);
    handshake(&p);
    device_start(&p, "/nonexistent/openwudf/missing.dll");
    const wudf_msg *started = wait_msg(&p, WUDF_MSG_DEVICE_STARTED, 0);
    assert_int_equal(started->status, NT_NO_SUCH_FILE);
    char *message = kv_value(started, "message");
    assert_non_null(message);
    assert_non_null(strstr(message, "missing"));
    free(message);
    assert_int_equal(wait_exit(&p), 1);
    cleanup(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wudfhost_serves_a_device_over_its_channel),
        cmocka_unit_test(wudfhost_exits_2_when_the_reflector_goes_away),
        cmocka_unit_test(wudfhost_exits_2_on_a_malformed_message),
        cmocka_unit_test(wudfhost_reports_a_missing_module_and_exits_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
