/*
 * wudfrd under a service manager: with NOTIFY_SOCKET set, it sends READY=1 once its endpoint accepts
 * connections and STOPPING=1 when its orderly stop begins (the protocol of sd_notify(3), which
 * wudfrd.service's Type=notify relies on). A variable that names no usable socket changes nothing
 * else. The test plays the service manager: a datagram socket of its own, read with bounded waits.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "platform.h"

#define WAIT_MS 30000
#define ECHO_ID "ROOT\\ECHO\\0000"

typedef struct manager {
    char dir[512];      /* temporary directory of a socket path, "" for an abstract name */
    char address[600];  /* what NOTIFY_SOCKET says */
    int fd;
} manager;

/* Binds the service manager's socket: a path in a temporary directory, or an abstract name. */
static void manager_open(manager *m, int abstract)
{
    static unsigned serial;
    struct sockaddr_un sa;
    socklen_t length;
    memset(m, 0, sizeof *m);
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (abstract) {
        snprintf(m->address, sizeof m->address, "@openwudf-test-notify-%ld-%u-%llu", (long)getpid(), serial++,
                 (unsigned long long)uv_hrtime());
        size_t n = strlen(m->address);
        memcpy(sa.sun_path + 1, m->address + 1, n - 1);
        length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    } else {
        char tmp[400];
        size_t size = sizeof tmp;
        assert_int_equal(uv_os_tmpdir(tmp, &size), 0);
        snprintf(m->dir, sizeof m->dir, "%s/wudf-notify-XXXXXX", tmp);
        assert_non_null(mkdtemp(m->dir));
        snprintf(m->address, sizeof m->address, "%s/notify.sock", m->dir);
        assert_true(strlen(m->address) < sizeof sa.sun_path);
        memcpy(sa.sun_path, m->address, strlen(m->address) + 1);
        length = (socklen_t)sizeof sa;
    }
    m->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(m->fd >= 0);
    assert_int_equal(bind(m->fd, (struct sockaddr *)&sa, length), 0);
}

static void manager_close(manager *m)
{
    close(m->fd);
    if (m->dir[0]) {
        unlink(m->address);
        rmdir(m->dir);
    }
}

/* The next message, within timeout_ms: 0 and the text in buf, or -1. */
static int manager_receive(manager *m, char *buf, size_t size, unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    for (;;) {
        uint64_t now = uv_hrtime();
        if (now >= deadline)
            return -1;
        struct pollfd p = {.fd = m->fd, .events = POLLIN};
        int ready = poll(&p, 1, (int)((deadline - now) / 1000000u) + 1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return -1;
        ssize_t n = recv(m->fd, buf, size - 1, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n < 0)
            return -1;
        buf[n] = '\0';
        return 0;
    }
}

/* 1 when line (e.g. "READY=1") is one of the message's lines. */
static int has_line(const char *message, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = message; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return 1;
    return 0;
}

/* What a test started, which its teardown stops and removes even when an assertion failed. */
typedef struct world {
    manager m;
    harness h;
    int have_manager;
    int have_harness;
} world;

static world the_world;

static int setup(void **state)
{
    memset(&the_world, 0, sizeof the_world);
    the_world.m.fd = -1;
    *state = &the_world;
    return 0;
}

static void world_end_harness(world *w)
{
    if (w->have_harness)
        harness_cleanup(&w->h);
    w->have_harness = 0;
}

static int teardown(void **state)
{
    world *w = *state;
    world_end_harness(w);
    if (w->have_manager)
        manager_close(&w->m);
    w->have_manager = 0;
    return 0;
}

static void world_open_manager(world *w, int abstract)
{
    manager_open(&w->m, abstract);
    w->have_manager = 1;
}

/* wudfrd started with NOTIFY_SOCKET=value (the variable is the test's only while wudfrd starts). */
static void start_with_notify_socket(world *w, const char *value, const harness_options *options)
{
    assert_int_equal(setenv("NOTIFY_SOCKET", value, 1), 0);
    w->have_harness = 1;
    int rc = harness_start(&w->h, options);
    unsetenv("NOTIFY_SOCKET");
    assert_int_equal(rc, 0);
}

/* The endpoint takes a connection and answers a tool's status request. */
static void assert_endpoint_answers(harness *h)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_true(harness_tool(h, "status", NULL, &reply) >= 0);
    wudf_kv_free(&reply);
}

/* READY=1 with wudfrd's pid and a status; then SIGTERM brings STOPPING=1 and an exit with 0. */
static void ready_then_stopping(manager *m, harness *h)
{
    char message[1024], line[64];
    assert_int_equal(manager_receive(m, message, sizeof message, WAIT_MS), 0);
    assert_true(has_line(message, "READY=1"));
    snprintf(line, sizeof line, "MAINPID=%lld", (long long)h->pid);
    assert_true(has_line(message, line));
    assert_non_null(strstr(message, "\nSTATUS="));
    assert_non_null(strstr(message, h->endpoint));
    assert_endpoint_answers(h);

    assert_int_equal(uv_kill((int)h->pid, SIGTERM), 0);
    assert_int_equal(manager_receive(m, message, sizeof message, WAIT_MS), 0);
    assert_true(has_line(message, "STOPPING=1"));
    assert_false(has_line(message, "READY=1"));
    assert_int_equal(harness_wait_exit(h, WAIT_MS), 0);
    /* One of each: wudfrd has exited, so whatever it sent is queued already, and nothing is. */
    errno = 0;
    assert_true(recv(m->fd, message, sizeof message, MSG_DONTWAIT) < 0);
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
}

/* The environment a process started with, '\n' between its entries; -1 if it cannot be read. */
static int read_environment(long long pid, char *buf, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld/environ", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t length = 0;
    ssize_t n;
    while (length + 1 < size && (n = read(fd, buf + length, size - 1 - length)) > 0)
        length += (size_t)n;
    close(fd);
    for (size_t i = 0; i < length; i++)
        if (buf[i] == '\0')
            buf[i] = '\n';
    buf[length] = '\0';
    return 0;
}

static void ready_and_stopping_reach_a_socket_path(void **state)
{
    world *w = *state;
    world_open_manager(w, 0);
    start_with_notify_socket(w, w->m.address, NULL);
    ready_then_stopping(&w->m, &w->h);
}

static void ready_and_stopping_reach_an_abstract_socket(void **state)
{
    world *w = *state;
    world_open_manager(w, 1);
    start_with_notify_socket(w, w->m.address, NULL);
    ready_then_stopping(&w->m, &w->h);
}

/* Even a host given the reflector's NOTIFY_SOCKET by name (--host-env) does not get it: wudfrd took
 * it out of its environment before starting any host. */
static void hosts_never_see_notify_socket(void **state)
{
    world *w = *state;
    world_open_manager(w, 0);
    const char *const extra[] = {"--host-env", "NOTIFY_SOCKET", NULL};
    harness_options options = {.extra_args = extra};
    start_with_notify_socket(w, w->m.address, &options);
    size_t mark = harness_log_mark(&w->h);
    char id[300];
    assert_int_equal(harness_install(&w->h, "echo.inf", NULL, id, sizeof id), 0);
    assert_int_equal(harness_wait_state(&w->h, ECHO_ID, "started", mark, WAIT_MS), 0);
    long long pid = harness_field_number(&w->h, ECHO_ID, "host_pid");
    assert_true(pid > 0);
    static char environment[1 << 16];
    if (read_environment(pid, environment, sizeof environment) == 0) {
        assert_non_null(strstr(environment, "PATH="));      /* the environment was read, */
        assert_null(strstr(environment, "NOTIFY_SOCKET=")); /* and it lacks the variable */
    } else {
        /* The host is not dumpable: only root reads its /proc entries. */
        fprintf(stderr, "note: /proc/%lld/environ is not readable (%s): the host's environment goes unchecked\n",
                pid, strerror(errno));
    }
    ready_then_stopping(&w->m, &w->h);
}

/* Values that name no socket wudfrd may use: it says so once, and serves as it would without them. */
static void an_invalid_notify_socket_is_ignored(void **state)
{
    world *w = *state;
    char too_long_path[200], too_long_name[200];
    too_long_path[0] = '/';
    memset(too_long_path + 1, 'p', sizeof too_long_path - 2);
    too_long_path[sizeof too_long_path - 1] = '\0';
    too_long_name[0] = '@';
    memset(too_long_name + 1, 'n', sizeof too_long_name - 2);
    too_long_name[sizeof too_long_name - 1] = '\0';
    const char *values[] = {"notify.sock", "./notify.sock", too_long_path, too_long_name, "@", "", "vsock:2:1234"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        start_with_notify_socket(w, values[i], NULL);
        assert_endpoint_answers(&w->h);
        assert_int_equal(harness_stop(&w->h, WAIT_MS), 0);
        assert_int_equal(harness_log_count(&w->h, "event=notify-socket-invalid", 0), 1);
        assert_int_equal(harness_log_count(&w->h, "event=notify-failed", 0), 0);
        world_end_harness(w);
    }
}

/* A valid address nobody listens at: one warning for the two messages that could not be sent. */
static void an_absent_service_manager_is_logged_once(void **state)
{
    world *w = *state;
    world_open_manager(w, 0);
    char address[sizeof w->m.address];
    snprintf(address, sizeof address, "%s", w->m.address);
    teardown(state); /* the socket and its directory are gone: nobody listens there */
    start_with_notify_socket(w, address, NULL);
    assert_endpoint_answers(&w->h);
    assert_int_equal(harness_stop(&w->h, WAIT_MS), 0);
    assert_int_equal(harness_log_count(&w->h, "event=notify-failed", 0), 1);
    assert_int_equal(harness_log_count(&w->h, "event=notify-socket-invalid", 0), 0);
    assert_int_equal(harness_log_count(&w->h, "event=exit status=0", 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ready_and_stopping_reach_a_socket_path, setup, teardown),
        cmocka_unit_test_setup_teardown(ready_and_stopping_reach_an_abstract_socket, setup, teardown),
        cmocka_unit_test_setup_teardown(hosts_never_see_notify_socket, setup, teardown),
        cmocka_unit_test_setup_teardown(an_invalid_notify_socket_is_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(an_absent_service_manager_is_logged_once, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
