/*
 * wudfctl against a stand-in reflector (a socket in this process that speaks the protocol as a
 * script says) for what a real one does not do on demand: drop the connection mid-reply (wudfctl
 * says so and exits 5, never dies of SIGPIPE), refuse a user (exit 4), never answer (a timeout),
 * and answer with device ids as long as USB instance ids (the table's columns follow them) and with
 * fields missing; with --json each is one document. POSIX: Unix sockets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "harness.h"
#include "json_check.h"
#include "platform.h"
#include "wire.h"

#define USB_ID "USB\\VID_0547&PID_1002\\5&1A2B3C4D&0&12" /* 37 characters, as Windows makes them */

typedef enum script {
    CUT_AFTER_OPEN, /* completes the open, stops reading, hangs up: the client's next write meets a closed peer */
    CUT_MID_REPLY,  /* sends half a tool reply, hangs up */
    DENY_HELLO,     /* answers the hello with STATUS_ACCESS_DENIED */
    DENY_TOOL,      /* answers the tool request with STATUS_ACCESS_DENIED */
    LONG_IDS,       /* answers status with a USB device and a root device */
    NO_ANSWER,      /* reads the tool request, answers nothing, waits for the client to give up */
    SPARSE          /* answers status with records that lack fields, a restart count in a state */
} script;

typedef struct fake {
    char dir[512];
    char path[600];
    int listener;
    script what;
    uv_thread_t thread;
    int failed; /* the script could not run: the test fails */
} fake;

/* Bounded reads and writes: the stand-in never holds the test up. */
static int wait_fd(int fd, short events)
{
    struct pollfd p = {fd, events, 0};
    return poll(&p, 1, 10000) == 1 ? 0 : -1;
}

static int read_exactly(int fd, uint8_t *buf, size_t n)
{
    for (size_t got = 0; got < n;) {
        if (wait_fd(fd, POLLIN))
            return -1;
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

/* One message into buf (at least WUDF_MSG_HEADER_SIZE + 4096 bytes). */
static int read_msg(int fd, uint8_t *buf, size_t cap, wudf_msg *m)
{
    uint32_t size;
    if (read_exactly(fd, buf, WUDF_MSG_HEADER_SIZE) || wudf_msg_peek_size(buf, WUDF_MSG_HEADER_SIZE, &size, NULL) ||
        size > cap || read_exactly(fd, buf + WUDF_MSG_HEADER_SIZE, size - WUDF_MSG_HEADER_SIZE))
        return -1;
    return wudf_msg_decode(buf, size, m, NULL);
}

/* Sends m, or its first `part` bytes when part is not 0. */
static int send_msg(int fd, const wudf_msg *m, size_t part)
{
    size_t length;
    uint8_t *data = wudf_msg_encode_alloc(m, &length, NULL);
    if (!data)
        return -1;
    size_t n = part ? part : length;
    int rc = write(fd, data, n) == (ssize_t)n ? 0 : -1;
    free(data);
    return rc;
}

static int send_hello(int fd, int32_t status)
{
    uint8_t p[WUDF_HELLO_SIZE];
    wudf_hello h;
    wudf_hello_make(&h, WUDF_ROLE_TOOL, (uint32_t)getpid());
    wudf_hello_encode(&h, p);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_HELLO);
    m.status = status;
    m.payload = p;
    m.payload_length = sizeof p;
    return send_msg(fd, &m, 0);
}

static int send_reply(int fd, uint64_t irp_id, int32_t status, const wudf_kv *kv, size_t part)
{
    uint8_t *payload;
    uint32_t length;
    if (wudf_kv_encode(kv, &payload, &length, NULL))
        return -1;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_TOOL_REPLY);
    m.irp_id = irp_id;
    m.status = status;
    m.payload = payload;
    m.payload_length = length;
    int rc = send_msg(fd, &m, part);
    free(payload);
    return rc;
}

static void add_device(wudf_kv *kv, const char *id, const char *state, const char *problem, const char *pid)
{
    wudf_kv_add(kv, "device", id, NULL);
    wudf_kv_add(kv, "state", state, NULL);
    wudf_kv_add(kv, "problem", problem, NULL);
    wudf_kv_add(kv, "service", "WudfOsrFx2", NULL);
    wudf_kv_add(kv, "host_pid", pid, NULL);
    wudf_kv_add(kv, "restarts", "0", NULL);
    wudf_kv_add(kv, "open_files", "0", NULL);
    wudf_kv_add(kv, "pending", "0", NULL);
    wudf_kv_add(kv, "description", "a device", NULL);
}

static int play(fake *f, int fd)
{
    static uint8_t buf[WUDF_MSG_HEADER_SIZE + 65536];
    wudf_msg m;
    if (read_msg(fd, buf, sizeof buf, &m) || m.type != WUDF_MSG_HELLO)
        return -1;
    if (f->what == DENY_HELLO)
        return send_hello(fd, (int32_t)WUDF_STATUS_ACCESS_DENIED);
    if (send_hello(fd, 0) || read_msg(fd, buf, sizeof buf, &m))
        return -1;
    wudf_kv kv;
    wudf_kv_init(&kv);
    int rc = -1;
    if (f->what == CUT_AFTER_OPEN && m.type == WUDF_MSG_IRP && m.major == WUDF_IRP_MJ_CREATE) {
        wudf_msg done;
        wudf_msg_init(&done, WUDF_MSG_COMPLETE);
        done.irp_id = m.irp_id;
        shutdown(fd, SHUT_RD);
        rc = send_msg(fd, &done, 0);
        /* Open until wudfctl has gone: its next write meets a peer that reads no more, never an end
         * of file it could have noticed first. */
        struct pollfd p = {fd, 0, 0};
        rc = rc ? rc : poll(&p, 1, 10000) == 1 && (p.revents & POLLHUP) ? 0 : -1;
    } else if (m.type == WUDF_MSG_TOOL_REQUEST && f->what == CUT_MID_REPLY) {
        add_device(&kv, USB_ID, "started", "0", "4242");
        rc = send_reply(fd, m.irp_id, 0, &kv, WUDF_MSG_HEADER_SIZE + 10);
    } else if (m.type == WUDF_MSG_TOOL_REQUEST && f->what == DENY_TOOL) {
        wudf_kv_add(&kv, "message", "remove: only administrators may change devices", NULL);
        rc = send_reply(fd, m.irp_id, (int32_t)WUDF_STATUS_ACCESS_DENIED, &kv, 0);
    } else if (m.type == WUDF_MSG_TOOL_REQUEST && f->what == LONG_IDS) {
        add_device(&kv, USB_ID, "started", "0", "4242");
        add_device(&kv, "ROOT\\ECHO\\0000", "failed", "43", "");
        rc = send_reply(fd, m.irp_id, 0, &kv, 0);
    } else if (m.type == WUDF_MSG_TOOL_REQUEST && f->what == SPARSE) {
        add_device(&kv, "ROOT\\ECHO\\0000", "restarting 2/5", "0", "");
        add_device(&kv, USB_ID, "not present", "24", "0");
        rc = send_reply(fd, m.irp_id, 0, &kv, 0);
    } else if (m.type == WUDF_MSG_TOOL_REQUEST && f->what == NO_ANSWER) {
        /* The client's hang-up is the end: an end of file, within the bound of wait_fd. */
        rc = wait_fd(fd, POLLIN) == 0 && read(fd, buf, sizeof buf) == 0 ? 0 : -1;
    }
    wudf_kv_free(&kv);
    return rc;
}

static void serve(void *arg)
{
    fake *f = arg;
    int fd = wait_fd(f->listener, POLLIN) ? -1 : accept(f->listener, NULL, NULL);
    f->failed = fd < 0 || play(f, fd) != 0;
    if (fd >= 0)
        close(fd);
}

static void fake_start(fake *f, script what)
{
    memset(f, 0, sizeof *f);
    f->what = what;
    snprintf(f->dir, sizeof f->dir, "/tmp/wudf-cli-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/wudfrd.sock", f->dir);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    assert_true(strlen(f->path) < sizeof a.sun_path);
    memcpy(a.sun_path, f->path, strlen(f->path) + 1);
    f->listener = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(f->listener >= 0);
    assert_int_equal(bind(f->listener, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(f->listener, 1), 0);
    assert_int_equal(uv_thread_create(&f->thread, serve, f), 0);
}

static void fake_finish(fake *f)
{
    uv_thread_join(&f->thread);
    close(f->listener);
    unlink(f->path);
    rmdir(f->dir);
    assert_false(f->failed);
}

static int wudfctl(fake *f, harness_child *out, const char *a1, const char *a2, const char *a3)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl", WUDF_BIN_DIR);
    const char *args[] = {prog, "--endpoint", f->path, a1, a2, a3, NULL};
    return harness_run_capture(out, args, 30000);
}

/* wudfctl --json: stdout alone, which must be one document. */
static int wudfctl_json(fake *f, harness_child *out, const char *a1, const char *a2, const char *a3)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl", WUDF_BIN_DIR);
    const char *args[] = {prog, "--endpoint", f->path, "--json", a1, a2, a3, NULL};
    return harness_run(out, args, 30000);
}

/* Without SIGPIPE ignored, the read request written to a peer that stopped reading kills wudfctl
 * (exit 141). */
static void a_dropped_connection_is_reported_not_a_sigpipe(void **state)
{
    (void)state;
    fake f;
    harness_child out;
    fake_start(&f, CUT_AFTER_OPEN);
    int rc = wudfctl(&f, &out, "read", "\\\\.\\Fake0", "16");
    fake_finish(&f);
    if (rc != 5 || !strstr(out.buffer, "wudfctl: read: connection to the reflector lost"))
        fail_msg("exit %d: %s", rc, out.buffer);
}

static void a_reply_cut_short_is_reported_as_a_lost_connection(void **state)
{
    (void)state;
    fake f;
    harness_child out;
    fake_start(&f, CUT_MID_REPLY);
    int rc = wudfctl(&f, &out, "status", NULL, NULL);
    fake_finish(&f);
    if (rc != 5 || !strstr(out.buffer, "wudfctl: status: connection to the reflector lost: the reflector closed"))
        fail_msg("exit %d: %s", rc, out.buffer);
}

static void a_refused_user_is_told_permission_denied(void **state)
{
    (void)state;
    fake f;
    harness_child out;
    fake_start(&f, DENY_HELLO);
    int rc = wudfctl(&f, &out, "list", NULL, NULL);
    fake_finish(&f);
    if (rc != 4 || !strstr(out.buffer, "wudfctl: permission denied: this user may not connect to the reflector at") ||
        !strstr(out.buffer, "--device-group"))
        fail_msg("exit %d: %s", rc, out.buffer);
    fake_start(&f, DENY_TOOL);
    rc = wudfctl(&f, &out, "remove", "ROOT\\ECHO\\0000", NULL);
    fake_finish(&f);
    if (rc != 4 || !strstr(out.buffer, "wudfctl: remove: only administrators may change devices: permission denied"))
        fail_msg("exit %d: %s", rc, out.buffer);
}

/* The column after the id starts where the longest id ends, on every line of the table. */
static void tables_are_as_wide_as_their_content(void **state)
{
    (void)state;
    fake f;
    harness_child out;
    const char *verbs[] = {"status", "list"};
    assert_int_equal(strlen(USB_ID), 37);
    for (size_t v = 0; v < 2; v++) {
        fake_start(&f, LONG_IDS);
        assert_int_equal(wudfctl(&f, &out, verbs[v], NULL, NULL), 0);
        fake_finish(&f);
        const char *usb = strstr(out.buffer, USB_ID " started "), *root = strstr(out.buffer, "ROOT\\ECHO\\0000");
        if (!usb || !root || strncmp(root + strlen(USB_ID) + 1, "failed ", 7) != 0)
            fail_msg("%s: columns out of line:\n%s", verbs[v], out.buffer);
        char titles[200];
        snprintf(titles, sizeof titles, "%-37s %-7s %-7s %-10s %-4s RESTARTS", "DEVICE", "STATE", "PROBLEM", "DRIVER",
                 "PID");
        if (v == 0 && !strstr(out.buffer, titles))
            fail_msg("status: titles out of line:\n%s", out.buffer);
    }
}

/* What the connection does to a command is said in --json's failure shape, with the same exit codes. */
static void connection_failures_are_json_failure_documents(void **state)
{
    (void)state;
    static const struct {
        script what;
        const char *words[3], *command;
        int exit_code;
        const char *kind;
    } cases[] = {
        {CUT_AFTER_OPEN, {"read", "\\\\.\\Fake0", "16"}, "read", 5, "lost"},
        {CUT_MID_REPLY, {"status", NULL, NULL}, "status", 5, "lost"},
        {DENY_HELLO, {"list", NULL, NULL}, "list", 4, "denied"},
        {DENY_TOOL, {"remove", "ROOT\\ECHO\\0000", NULL}, "remove", 4, "denied"},
        {NO_ANSWER, {"--timeout-ms", "300", "list"}, "list", 1, "timeout"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fake f;
        harness_child out;
        fake_start(&f, cases[i].what);
        int rc = wudfctl_json(&f, &out, cases[i].words[0], cases[i].words[1], cases[i].words[2]);
        fake_finish(&f);
        if (rc != cases[i].exit_code)
            fail_msg("%s: exit %d: %s", cases[i].command, rc, out.buffer);
        json_value *doc = json_document(out.buffer);
        json_assert_failure(doc, cases[i].command, cases[i].exit_code, cases[i].kind);
        const json_value *e = json_get(doc, "error");
        json_assert_member(e, "status", JSON_STRING, 0);
        /* A refusal says what to do about it. */
        if (cases[i].exit_code == 4)
            json_assert_member(e, "remedy", JSON_STRING, 0);
        json_free(doc);
    }
}

/* A reply that lacks fields, or has them empty: null, never "" or a number in a string; a state
 * without the count the text shows after it. */
static void missing_fields_are_null_and_numbers_are_numbers(void **state)
{
    (void)state;
    fake f;
    harness_child out;
    fake_start(&f, SPARSE);
    int rc = wudfctl_json(&f, &out, "status", NULL, NULL);
    fake_finish(&f);
    assert_int_equal(rc, 0);
    json_value *doc = json_document(out.buffer);
    json_assert_envelope(doc, "status", 0);
    const json_value *list = json_get(doc, "devices");
    assert_non_null(list);
    assert_int_equal(list->count, 2);
    const json_value *echo = list->items[0], *usb = list->items[1];
    assert_string_equal(json_get(echo, "state")->string, "restarting");
    assert_int_equal(json_get(echo, "restarts")->type, JSON_NUMBER);
    assert_int_equal(json_get(echo, "host_pid")->type, JSON_NULL);
    assert_string_equal(json_get(usb, "state")->string, "not present");
    assert_int_equal(json_get(usb, "problem")->type, JSON_NUMBER);
    assert_int_equal(json_get(usb, "problem")->as_integer, 24);
    assert_int_equal(json_get(usb, "host_pid")->type, JSON_NULL);
    assert_int_equal(json_get(usb, "enabled")->type, JSON_NULL);
    assert_int_equal(json_get(usb, "inf")->type, JSON_NULL);
    assert_int_equal(json_get(usb, "symlinks")->type, JSON_ARRAY);
    assert_int_equal(json_get(usb, "symlinks")->count, 0);
    json_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_dropped_connection_is_reported_not_a_sigpipe),
        cmocka_unit_test(a_reply_cut_short_is_reported_as_a_lost_connection),
        cmocka_unit_test(a_refused_user_is_told_permission_denied),
        cmocka_unit_test(tables_are_as_wide_as_their_content),
        cmocka_unit_test(connection_failures_are_json_failure_documents),
        cmocka_unit_test(missing_fields_are_null_and_numbers_are_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
