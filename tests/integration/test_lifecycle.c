/* Lifecycle around the request path: dead clients, malformed clients, reflector restarts,
 * enable/disable/remove, and INF files that must not install. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "echo_ioctl.h"
#include "faulty_ioctl.h"
#include "fixture.h"
#include "platform.h"

#define T 10000
#define ECHO_ID "ROOT\\ECHO\\0000"

static int get_stats(wudf_client *c, wudf_handle f, struct echo_stats *s)
{
    uint32_t n;
    return wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, s, sizeof *s, &n, T);
}

static void killed_client_has_its_files_cleaned_up_and_closed(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    struct echo_stats before, now;
    assert_int_equal(get_stats(c, f, &before), 0);

    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/hold_open%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, h->endpoint, ECHO_ID, NULL};
    harness_child child;
    assert_true(harness_child_start(&child, args, "ready", T) > 0);
    assert_int_equal(get_stats(c, f, &now), 0);
    assert_int_equal(now.open_files, before.open_files + 1);
    assert_int_equal(now.pended, before.pended + 1);

    assert_int_equal(harness_child_kill(&child), 0);
    uint64_t deadline = uv_hrtime() + 10000ull * 1000000u;
    do {
        assert_int_equal(get_stats(c, f, &now), 0);
    } while (now.closes < before.closes + 1 && uv_hrtime() < deadline);
    assert_int_equal(now.cleanups, before.cleanups + 1);
    assert_int_equal(now.closes, before.closes + 1);
    assert_int_equal(now.open_files, before.open_files);
    assert_int_equal(now.pended, before.pended);
    wudf_disconnect(c);
}

typedef struct raw {
    uv_loop_t loop;
    uv_pipe_t pipe;
    uv_connect_t connect;
    uv_write_t write;
    int connected, closed;
} raw;

static void raw_connected(uv_connect_t *req, int status)
{
    raw *r = req->data;
    r->connected = status == 0 ? 1 : -1;
}

static void raw_alloc(uv_handle_t *h, size_t s, uv_buf_t *b)
{
    static char buf[4096];
    (void)h;
    (void)s;
    *b = uv_buf_init(buf, sizeof buf);
}

static void raw_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
    raw *r = s->data;
    (void)b;
    if (n < 0)
        r->closed = 1;
}

static void raw_timer(uv_timer_t *t)
{
    (void)t;
}

static void malformed_bytes_close_only_that_connection(void **state)
{
    harness *h = *state;
    wudf_client *good = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(good, ECHO_ID, T, &f), 0);

    raw r;
    memset(&r, 0, sizeof r);
    uv_loop_init(&r.loop);
    uv_pipe_init(&r.loop, &r.pipe, 0);
    r.pipe.data = &r;
    r.connect.data = &r;
    uv_pipe_connect(&r.connect, &r.pipe, h->endpoint, raw_connected);
    uv_timer_t timer;
    uv_timer_init(&r.loop, &timer);
    uv_timer_start(&timer, raw_timer, 100, 100);
    uint64_t start = uv_hrtime();
    while (!r.connected && uv_hrtime() - start < 10000ull * 1000000u)
        uv_run(&r.loop, UV_RUN_ONCE);
    assert_int_equal(r.connected, 1);
    size_t mark = harness_log_mark(h);
    /* a header announcing 64 bytes of something that is no message */
    static char junk[64] = {64, 0, 0, 0, 0x7f, 0x7f};
    uv_buf_t b = uv_buf_init(junk, sizeof junk);
    uv_write(&r.write, (uv_stream_t *)&r.pipe, &b, 1, NULL);
    uv_read_start((uv_stream_t *)&r.pipe, raw_alloc, raw_read);
    start = uv_hrtime();
    while (!r.closed && uv_hrtime() - start < 10000ull * 1000000u)
        uv_run(&r.loop, UV_RUN_ONCE);
    assert_int_equal(r.closed, 1);
    assert_int_equal(harness_wait_log(h, "event=protocol-error", mark, T), 0);
    uv_close((uv_handle_t *)&timer, NULL);
    uv_close((uv_handle_t *)&r.pipe, NULL);
    uv_run(&r.loop, UV_RUN_DEFAULT);
    uv_loop_close(&r.loop);

    /* everyone else is still served */
    uint32_t in = 7, out = 0, n = 0;
    assert_int_equal(wudf_ioctl(good, f, IOCTL_ECHO_LOOPBACK, &in, 4, &out, 4, &n, T), 0);
    assert_int_equal(out, 7);
    wudf_disconnect(good);
}

static void disable_enable_and_states(void **state)
{
    harness *h = *state;
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "disable", ECHO_ID, &reply), 0);
    assert_string_equal(wudf_kv_get(&reply, "state"), "disabled");
    assert_string_equal(wudf_kv_get(&reply, "problem"), "22");
    wudf_kv_free(&reply);

    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), WUDF_STATUS_NO_SUCH_DEVICE);

    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "enable", ECHO_ID, &reply), 0);
    assert_string_equal(wudf_kv_get(&reply, "state"), "started");
    wudf_kv_free(&reply);
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    wudf_disconnect(c);

    wudf_kv_init(&reply);
    assert_true(harness_tool(h, "restart", "ROOT\\NOPE\\0000", &reply) < 0);
    assert_non_null(strstr(wudf_kv_get(&reply, "message"), "no device ROOT\\NOPE\\0000"));
    wudf_kv_free(&reply);
}

static void reflector_restart_brings_devices_back(void **state)
{
    harness *h = *state;
    /* an orderly stop, then a kill -9: the store survives both */
    assert_int_equal(harness_stop(h, 15000), 0);
    assert_int_equal(harness_restart(h), 0);
    size_t mark = 0;
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    assert_true(harness_kill(h) > 0); /* 137 on Linux, 1 from TerminateProcess on Windows */
    mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    char v[256];
    harness_field(h, ECHO_ID, "service", v, sizeof v);
    assert_string_equal(v, "WudfEcho");
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\Echo0", T, &f), 0);
    wudf_disconnect(c);
}

static void bad_inf_installs_nothing_and_says_why(void **state)
{
    harness *h = *state;
    char path[WUDF_PATH_MAX];
    snprintf(path, sizeof path, "%s/bad.inf", h->root);
    static const char bad[] = "[Version]\nSignature=\"$Windows NT$\"\n[Manufacturer\n";
    assert_int_equal(wudf_write_file_atomic(path, bad, sizeof bad - 1, NULL), 0);
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", path, NULL);
    assert_true(harness_tool_kv(h, &req, &reply) < 0);
    const char *m = wudf_kv_get(&reply, "message");
    assert_non_null(m);
    assert_non_null(strstr(m, "bad.inf:3"));
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "status", NULL, &reply), 0);
    assert_null(wudf_kv_get_from(&reply, 0, "device") ? wudf_kv_get_from(&reply, 1, "device") : NULL);
    wudf_kv_free(&reply);
}

static int32_t tool(harness *h, const char *op, const char *device, char *message, size_t size)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    int32_t st = harness_tool(h, op, device, &reply);
    const char *m = wudf_kv_get(&reply, "message");
    snprintf(message, size, "%s", m ? m : "");
    wudf_kv_free(&reply);
    return st;
}

/* A symbolic link belongs to one running device. A disabled one holds none, and a second device's claim
 * of a name another holds fails its start, as IoCreateSymbolicLink fails with STATUS_OBJECT_NAME_COLLISION. */
static void a_link_another_device_holds_fails_the_start(void **state)
{
    harness *h = *state;
    char message[400], faulty[300];
    assert_int_equal(tool(h, "disable", ECHO_ID, message, sizeof message), 0);
    const char *settings[] = {"setting.extralink", "Echo0", NULL};
    assert_int_equal(harness_install(h, "faulty.inf", settings, faulty, sizeof faulty), 0);
    /* \\.\Echo0 is the faulty device's now: its statistics answer there. */
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\Echo0", T, &f), 0);
    struct faulty_stats stats;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FAULTY_GET_STATS, NULL, 0, &stats, sizeof stats, &n, T), 0);
    assert_int_equal(n, sizeof stats);
    assert_int_equal((long long)stats.generation_pid, harness_field_number(h, faulty, "host_pid"));
    wudf_disconnect(c);

    size_t mark = harness_log_mark(h);
    assert_true(tool(h, "enable", ECHO_ID, message, sizeof message) < 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "failed", mark, T), 0);
    assert_int_equal(harness_field_number(h, ECHO_ID, "problem"), 10);
    char failure[400];
    harness_field(h, ECHO_ID, "last_failure", failure, sizeof failure);
    if (!strstr(failure, "\\DosDevices\\Echo0 is held by ROOT\\FAULTY\\0000 (STATUS_OBJECT_NAME_COLLISION)"))
        fail_msg("last failure: %s", failure);
    assert_int_equal(harness_wait_log(h, "event=symlink-refused device=" ECHO_ID, mark, T), 0);

    /* Once the name is free, the echo device takes it again. */
    assert_int_equal(tool(h, "remove", faulty, message, sizeof message), 0);
    assert_int_equal(tool(h, "restart", ECHO_ID, message, sizeof message), 0);
    c = harness_client(h);
    assert_int_equal(wudf_open(c, "\\\\.\\Echo0", T, &f), 0);
    struct echo_stats es;
    assert_int_equal(get_stats(c, f, &es), 0);
    wudf_disconnect(c);
}

static void remove_forgets_the_device(void **state)
{
    harness *h = *state;
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "remove", ECHO_ID, &reply), 0);
    wudf_kv_free(&reply);
    wudf_kv_init(&reply);
    assert_true(harness_tool(h, "status", ECHO_ID, &reply) < 0);
    wudf_kv_free(&reply);
    /* and it stays removed across a reflector restart */
    assert_int_equal(harness_stop(h, 15000), 0);
    assert_int_equal(harness_restart(h), 0);
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "status", NULL, &reply), 0);
    assert_null(wudf_kv_get(&reply, "device"));
    wudf_kv_free(&reply);
}

/* Runs a second wudfrd on runtime and state; it must exit 1 saying why (said). */
static void second_reflector_refused(harness *h, const char *runtime, const char *state_dir, const char *said)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfrd%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--runtime-dir", runtime, "--state-dir", state_dir, NULL};
    harness_child second;
    assert_int_equal(harness_run_capture(&second, args, 30000), 1);
    if (!strstr(second.buffer, said))
        fail_msg("expected '%s' in: %s", said, second.buffer);
    /* the first one still serves */
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "status", NULL, &reply), 0);
    wudf_kv_free(&reply);
}

static void a_second_reflector_does_not_take_over_the_endpoint(void **state)
{
    harness *h = *state;
    second_reflector_refused(h, h->runtime, h->state, "another wudfrd already uses the runtime directory");
}

/* Two reflectors on one store would start a second host for every device and both rewrite it. */
static void a_second_reflector_on_the_same_store_is_refused(void **state)
{
    harness *h = *state;
    char runtime[WUDF_PATH_MAX];
    snprintf(runtime, sizeof runtime, "%s/run2", h->root);
    second_reflector_refused(h, runtime, h->state, "another wudfrd already uses the device store");
}

#ifndef _WIN32
static void make_dir(const char *path, int mode)
{
    uv_fs_t req;
    assert_int_equal(uv_fs_mkdir(NULL, &req, path, mode, NULL), 0);
    uv_fs_req_cleanup(&req);
    assert_int_equal(uv_fs_chmod(NULL, &req, path, mode, NULL), 0);
    uv_fs_req_cleanup(&req);
}
#endif

/* Whoever owns the store or the runtime directory could swap wudfrd.sock or devices.db under root. */
static void a_directory_of_another_user_is_refused(void **state)
{
#ifdef _WIN32
    skip(); /* Windows names a pipe, and the store's security is its ACL */
#else
    harness *h = *state;
    if (!harness_as_root("giving a directory to another user"))
        skip();
    char theirs[WUDF_PATH_MAX];
    snprintf(theirs, sizeof theirs, "%s/theirs", h->root);
    make_dir(theirs, 0700);
    uv_fs_t req;
    assert_int_equal(uv_fs_chown(NULL, &req, theirs, 65534, 65534, NULL), 0);
    uv_fs_req_cleanup(&req);
    second_reflector_refused(h, h->runtime, theirs, "belongs to uid 65534, not to this wudfrd's user");
#endif
}

/* A private directory inside one that others may write to can be renamed away and replaced. */
static void a_directory_others_could_replace_is_refused(void **state)
{
#ifdef _WIN32
    skip();
#else
    harness *h = *state;
    char open_parent[WUDF_PATH_MAX], inside[WUDF_PATH_MAX + 16];
    snprintf(open_parent, sizeof open_parent, "%s/open-parent", h->root);
    snprintf(inside, sizeof inside, "%s/state", open_parent);
    make_dir(open_parent, 0777);
    make_dir(inside, 0700);
    second_reflector_refused(h, h->runtime, inside, "which others may write to (mode 777)");
#endif
}

static void a_runtime_directory_others_can_write_is_refused(void **state)
{
#ifdef _WIN32
    skip(); /* Windows names a pipe, not a directory */
#else
    harness *h = *state;
    char open_dir[WUDF_PATH_MAX], prog[WUDF_PATH_MAX];
    snprintf(open_dir, sizeof open_dir, "%s/open", h->root);
    uv_fs_t req;
    assert_int_equal(uv_fs_mkdir(NULL, &req, open_dir, 0777, NULL), 0);
    uv_fs_req_cleanup(&req);
    assert_int_equal(uv_fs_chmod(NULL, &req, open_dir, 01777, NULL), 0);
    uv_fs_req_cleanup(&req);
    snprintf(prog, sizeof prog, "%s/wudfrd%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--runtime-dir", open_dir, "--state-dir", h->state, NULL};
    harness_child second;
    assert_int_equal(harness_run(&second, args, 30000), 1);
    /* and its mode was left alone */
    assert_int_equal(uv_fs_stat(NULL, &req, open_dir, NULL), 0);
    assert_int_equal(req.statbuf.st_mode & 07777, 01777);
    uv_fs_req_cleanup(&req);
#endif
}

static void shutdown_request_stops_hosts_then_the_reflector(void **state)
{
    harness *h = *state;
    char id[300];
    assert_int_equal(harness_install(h, "echo.inf", NULL, id, sizeof id), 0);
    size_t mark = harness_log_mark(h);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "shutdown", NULL, &reply), 0);
    wudf_kv_free(&reply);
    assert_int_equal(harness_wait_exit(h, 15000), 0);
    assert_int_equal(harness_wait_log(h, "prog=wudfrd event=exit status=0", mark, 1), 0);
    /* the host was stopped in order, with every framework object released */
    assert_int_equal(harness_wait_log(h, "event=device-stopped device=ROOT\\ECHO\\0000", mark, 1), 0);
    assert_true(harness_log_count(h, "live_objects=0", mark) >= 1);
    assert_int_equal(harness_log_count(h, "event=leak", mark), 0);
    assert_int_equal(harness_restart(h), 0);
}

static int setup(void **state)
{
    return fixture_start_with_echo(state, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(killed_client_has_its_files_cleaned_up_and_closed),
        cmocka_unit_test(malformed_bytes_close_only_that_connection),
        cmocka_unit_test(disable_enable_and_states),
        cmocka_unit_test(reflector_restart_brings_devices_back),
        cmocka_unit_test(bad_inf_installs_nothing_and_says_why),
        cmocka_unit_test(a_link_another_device_holds_fails_the_start),
        cmocka_unit_test(remove_forgets_the_device),
        cmocka_unit_test(a_second_reflector_does_not_take_over_the_endpoint),
        cmocka_unit_test(a_second_reflector_on_the_same_store_is_refused),
        cmocka_unit_test(a_directory_of_another_user_is_refused),
        cmocka_unit_test(a_directory_others_could_replace_is_refused),
        cmocka_unit_test(a_runtime_directory_others_can_write_is_refused),
        cmocka_unit_test(shutdown_request_stops_hosts_then_the_reflector),
    };
    return cmocka_run_group_tests(tests, setup, fixture_stop);
}
