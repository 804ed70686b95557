/* Integration-test harness: see harness.h. */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

#ifdef _WIN32
#include <tlhelp32.h>
#endif

#ifndef SIGKILL
#define SIGKILL 9
#endif

static void fail(const char *what)
{
    fprintf(stderr, "harness: %s\n", what);
}

static void on_log_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    static char chunk[65536];
    (void)handle;
    (void)suggested;
    *buf = uv_buf_init(chunk, sizeof chunk);
}

#define LOG_GRACE_MS 5000

static void stop_reading_log(harness *h)
{
    if (!uv_is_closing((uv_handle_t *)&h->log_pipe))
        uv_close((uv_handle_t *)&h->log_pipe, NULL);
    if (h->log_grace_started && !uv_is_closing((uv_handle_t *)&h->log_grace))
        uv_close((uv_handle_t *)&h->log_grace, NULL);
}

static void on_log_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    harness *h = stream->data;
    if (nread <= 0) {
        if (nread < 0)
            stop_reading_log(h);
        return;
    }
    /* Mirrored so a failing test shows what the reflector and hosts said. */
    fwrite(buf->base, 1, (size_t)nread, stderr);
    uv_mutex_lock(&h->lock);
    if (h->log_length + (size_t)nread + 1 > h->log_capacity) {
        size_t cap = h->log_capacity ? h->log_capacity : 65536;
        while (h->log_length + (size_t)nread + 1 > cap)
            cap *= 2;
        char *n = realloc(h->log, cap);
        if (n) {
            h->log = n;
            h->log_capacity = cap;
        }
    }
    if (h->log_length + (size_t)nread + 1 <= h->log_capacity) {
        memcpy(h->log + h->log_length, buf->base, (size_t)nread);
        h->log_length += (size_t)nread;
        h->log[h->log_length] = '\0';
    }
    uv_cond_broadcast(&h->changed);
    uv_mutex_unlock(&h->lock);
}

static void on_exit_cb(uv_process_t *p, int64_t status, int signal)
{
    harness *h = p->data;
    uv_mutex_lock(&h->lock);
    h->exited = 1;
    h->running = 0;
    h->exit_status = status;
    h->term_signal = signal;
    uv_cond_broadcast(&h->changed);
    uv_mutex_unlock(&h->lock);
    uv_close((uv_handle_t *)p, NULL);
}

#ifdef _WIN32
/* Ends what is left of the processes parent started; returns how many. Windows does not end a process's
 * children with it, and under Wine a host whose start the reflector's death interrupted stays suspended,
 * holding the reflector's log and the test's own output open. */
static unsigned end_children_of(int64_t parent)
{
    unsigned ended = 0;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return 0;
    PROCESSENTRY32 entry = {.dwSize = sizeof entry};
    for (BOOL more = Process32First(snap, &entry); more; more = Process32Next(snap, &entry)) {
        if ((int64_t)entry.th32ParentProcessID != parent)
            continue;
        HANDLE p = OpenProcess(PROCESS_TERMINATE, FALSE, entry.th32ProcessID);
        if (p && TerminateProcess(p, 1))
            ended++;
        if (p)
            CloseHandle(p);
    }
    CloseHandle(snap);
    return ended;
}
#else
/* Hosts end when their channel closes; nothing of the reflector's outlives it here. */
static unsigned end_children_of(int64_t parent)
{
    (void)parent;
    return 0;
}
#endif

static void on_log_grace_over(uv_timer_t *t)
{
    harness *h = t->data;
    unsigned ended = end_children_of(h->pid);
    fprintf(stderr, "harness: the reflector exited but its log stayed open %u ms (a process it started still "
                    "holds it); %u such process(es) ended, log no longer read\n", LOG_GRACE_MS, ended);
    stop_reading_log(h);
}

static void on_wake(uv_async_t *a)
{
    harness *h = a->data;
    if (!h->stop_thread)
        return;
    uv_close((uv_handle_t *)a, NULL);
    /* Hosts write to the same log and end with the reflector; one that does not (under Wine, a host
     * whose start the reflector's death interrupted stays suspended) must not keep the test waiting. */
    if (!uv_is_closing((uv_handle_t *)&h->log_pipe)) {
        uv_timer_init(&h->loop, &h->log_grace);
        h->log_grace.data = h;
        h->log_grace_started = 1;
        uv_timer_start(&h->log_grace, on_log_grace_over, LOG_GRACE_MS, 0);
    }
}

static void thread_main(void *arg)
{
    harness *h = arg;
    uv_run(&h->loop, UV_RUN_DEFAULT);
}

static int copy_file(const char *from_dir, const char *to_dir, const char *name)
{
    char from[WUDF_PATH_MAX + 300], to[WUDF_PATH_MAX + 300];
    snprintf(from, sizeof from, "%s/%s", from_dir, name);
    snprintf(to, sizeof to, "%s/%s", to_dir, name);
    uv_fs_t req;
    int rc = uv_fs_copyfile(NULL, &req, from, to, 0, NULL);
    uv_fs_req_cleanup(&req);
    if (rc)
        fprintf(stderr, "harness: cannot copy %s: %s\n", from, uv_strerror(rc));
    return rc;
}

/* Copies the programs and drivers into <root>/bin, readable by every user. */
static int share_bin(harness *h)
{
    char drivers[sizeof h->bin + 16], umdf[sizeof h->bin + 32], from[WUDF_PATH_MAX];
    snprintf(h->bin, sizeof h->bin, "%s/bin", h->root);
    snprintf(drivers, sizeof drivers, "%s/drivers", h->bin);
    snprintf(umdf, sizeof umdf, "%s/drivers/UMDF", h->bin);
    snprintf(from, sizeof from, "%s/drivers/UMDF", WUDF_BIN_DIR);
    uv_fs_t req;
    const char *dirs[] = {h->root, h->bin, drivers, umdf};
    for (size_t i = 0; i < 4; i++) {
        uv_fs_mkdir(NULL, &req, dirs[i], 0755, NULL);
        uv_fs_req_cleanup(&req);
        uv_fs_chmod(NULL, &req, dirs[i], 0755, NULL); /* mkdtemp made the root 0700 */
        uv_fs_req_cleanup(&req);
    }
    const char *programs[] = {"wudfrd" WUDF_EXE_SUFFIX, "wudfhost" WUDF_EXE_SUFFIX, "wudfctl" WUDF_EXE_SUFFIX};
    for (size_t i = 0; i < 3; i++)
        if (copy_file(WUDF_BIN_DIR, h->bin, programs[i]))
            return -1;
    uv_dirent_t e;
    if (uv_fs_scandir(NULL, &req, from, 0, NULL) < 0) {
        uv_fs_req_cleanup(&req);
        return -1;
    }
    int rc = 0;
    while (!rc && uv_fs_scandir_next(&req, &e) != UV_EOF)
        rc = copy_file(from, umdf, e.name);
    uv_fs_req_cleanup(&req);
    return rc;
}

static int spawn(harness *h)
{
    char bin[sizeof h->bin + 16], drivers[sizeof h->bin + 16], host[sizeof h->bin + 16];
    snprintf(bin, sizeof bin, "%s/wudfrd%s", h->bin, WUDF_EXE_SUFFIX);
    snprintf(host, sizeof host, "%s/wudfhost%s", h->bin, WUDF_EXE_SUFFIX);
    snprintf(drivers, sizeof drivers, "%s/drivers", h->bin);
    char limit[16], crit[16], hb[16], hbt[16], reset[16];
    snprintf(limit, sizeof limit, "%u", h->options.restart_limit ? h->options.restart_limit : 5);
    snprintf(crit, sizeof crit, "%u", h->options.critical_timeout_ms ? h->options.critical_timeout_ms : 10000);
    snprintf(hb, sizeof hb, "%u", h->options.heartbeat_ms ? h->options.heartbeat_ms : 200);
    snprintf(hbt, sizeof hbt, "%u", h->options.heartbeat_timeout_ms ? h->options.heartbeat_timeout_ms : 5000);
    snprintf(reset, sizeof reset, "%u", h->options.restart_reset_sec ? h->options.restart_reset_sec : 1800);
    const char *args[] = {bin, "--runtime-dir", h->runtime, "--state-dir", h->state, "--driver-dir", drivers,
                    "--host", host, "--restart-limit", limit, "--critical-timeout-ms", crit,
                    "--heartbeat-ms", hb, "--heartbeat-timeout-ms", hbt, "--restart-reset-sec", reset,
                    "--log-level", h->options.log_level ? h->options.log_level : "debug", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL};
    size_t n = 0;
    while (args[n])
        n++;
    char user[256], memory[16];
    size_t user_size = sizeof user;
    uv_passwd_t pw;
    if (!h->options.host_user && uv_os_get_passwd(&pw) == 0) {
        snprintf(user, sizeof user, "%s", pw.username);
        uv_os_free_passwd(&pw);
    } else {
        snprintf(user, user_size, "%s", h->options.host_user ? h->options.host_user : "");
    }
    if (user[0]) {
        args[n++] = "--host-user";
        args[n++] = user;
    }
    if (h->options.device_group) {
        args[n++] = "--device-group";
        args[n++] = h->options.device_group;
    }
    if (h->options.host_memory_mb) {
        snprintf(memory, sizeof memory, "%u", h->options.host_memory_mb);
        args[n++] = "--host-memory-mb";
        args[n++] = memory;
    }
    for (size_t i = 0; h->options.extra_args && h->options.extra_args[i] && i < 4; i++)
        args[n++] = h->options.extra_args[i];
    uv_loop_init(&h->loop);
    uv_pipe_init(&h->loop, &h->log_pipe, 0);
    h->log_pipe.data = h;
    uv_async_init(&h->loop, &h->wake, on_wake);
    h->wake.data = h;
    uv_stdio_container_t stdio[3];
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = UV_INHERIT_FD;
    stdio[1].data.fd = 2;
    stdio[2].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
    stdio[2].data.stream = (uv_stream_t *)&h->log_pipe;
    uv_process_options_t opts;
    memset(&opts, 0, sizeof opts);
    opts.file = bin;
    opts.args = (char **)args; /* libuv's type; it does not write them */
    /* WUDF_VALGRIND=1: the reflector runs under valgrind's memcheck; an error or leak fails its exit. */
    const char *under_valgrind[sizeof args / sizeof args[0] + 4];
    const char *valgrind = getenv("WUDF_VALGRIND");
    if (valgrind && *valgrind && strcmp(valgrind, "0") != 0) {
        under_valgrind[0] = "valgrind";
        under_valgrind[1] = "--leak-check=full";
        under_valgrind[2] = "--errors-for-leak-kinds=definite";
        under_valgrind[3] = "--error-exitcode=99";
        for (size_t i = 0; i <= n; i++)
            under_valgrind[4 + i] = args[i];
        opts.file = "valgrind";
        opts.args = (char **)under_valgrind;
    }
    opts.stdio = stdio;
    opts.stdio_count = 3;
    opts.exit_cb = on_exit_cb;
    h->process.data = h;
    h->exited = 0;
    h->stop_thread = 0;
    h->log_grace_started = 0;
    int rc = uv_spawn(&h->loop, &h->process, &opts);
    if (rc) {
#ifdef _WIN32
        /* libuv keeps only what it can translate; the system's own code says more ("unknown error"). */
        fprintf(stderr, "harness: cannot start %s: %s (Windows error %lu)\n", bin, uv_strerror(rc),
                (unsigned long)GetLastError());
#else
        fprintf(stderr, "harness: cannot start %s: %s\n", bin, uv_strerror(rc));
#endif
        return -1;
    }
    h->pid = h->process.pid;
    h->running = 1;
    uv_read_start((uv_stream_t *)&h->log_pipe, on_log_alloc, on_log_read);
    uv_thread_create(&h->thread, thread_main, h);
    h->thread_started = 1;
    return 0;
}

/* Joins the log thread once the reflector has exited. */
static void join(harness *h)
{
    if (!h->thread_started)
        return;
    h->stop_thread = 1;
    uv_async_send(&h->wake);
    uv_thread_join(&h->thread);
    h->thread_started = 0;
    uv_loop_close(&h->loop);
}

int harness_start(harness *h, const harness_options *options)
{
    /* A reflector that refuses or drops a test's connection is a write error to check, not SIGPIPE. */
    wudf_process_init();
    memset(h, 0, sizeof *h);
    if (options)
        h->options = *options;
    uv_mutex_init(&h->lock);
    uv_cond_init(&h->changed);
    char tmp[400];
    size_t len = sizeof tmp;
    uv_os_tmpdir(tmp, &len);
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/wudf-XXXXXX", tmp);
    uv_fs_t req;
    if (uv_fs_mkdtemp(NULL, &req, tmpl, NULL) < 0) {
        uv_fs_req_cleanup(&req);
        fail("cannot create a temporary directory");
        return -1;
    }
    snprintf(h->root, sizeof h->root, "%s", req.path);
    uv_fs_req_cleanup(&req);
    snprintf(h->bin, sizeof h->bin, "%s", WUDF_BIN_DIR);
    if (h->options.shared_bin && share_bin(h))
        return -1;
    snprintf(h->runtime, sizeof h->runtime, "%s/run", h->root);
    snprintf(h->state, sizeof h->state, "%s/state", h->root);
    if (wudf_endpoint_name(h->runtime, h->endpoint, sizeof h->endpoint, NULL))
        return -1;
    return harness_restart(h);
}

/* Waits until the log after from contains needle; with until_exit, gives up as soon as the
 * reflector has exited (a refused start). 0 when found. */
static int wait_log(harness *h, const char *needle, size_t from, unsigned timeout_ms, int until_exit)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    int found = 0, exited = 0;
    uv_mutex_lock(&h->lock);
    for (;;) {
        found = h->log && from <= h->log_length && strstr(h->log + from, needle) != NULL;
        exited = until_exit && h->exited;
        uint64_t now = uv_hrtime();
        if (found || exited || now >= deadline)
            break;
        uv_cond_timedwait(&h->changed, &h->lock, deadline - now);
    }
    uv_mutex_unlock(&h->lock);
    if (!found && exited)
        fprintf(stderr, "harness: the reflector exited before it logged '%s'\n", needle);
    else if (!found)
        fprintf(stderr, "harness: timed out after %u ms waiting for '%s'\n", timeout_ms, needle);
    return found ? 0 : -1;
}

int harness_restart(harness *h)
{
    size_t mark = harness_log_mark(h);
    if (spawn(h))
        return -1;
    if (wait_log(h, "event=ready", mark, 20000, 1)) {
        fail("the reflector did not become ready");
        return -1;
    }
    return 0;
}

int harness_wait_exit(harness *h, unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    uv_mutex_lock(&h->lock);
    while (!h->exited) {
        uint64_t now = uv_hrtime();
        if (now >= deadline || uv_cond_timedwait(&h->changed, &h->lock, deadline - now) != 0)
            if (uv_hrtime() >= deadline)
                break;
    }
    int exited = h->exited;
    uv_mutex_unlock(&h->lock);
    if (!exited)
        return -1;
    join(h);
    return h->term_signal ? 128 + h->term_signal : (int)h->exit_status;
}

/* Through the handle the spawn gave (the reflector lets no one open it by pid on Windows), while the
 * process is not yet closed: the exit callback marks it exited, under the lock, before closing it. */
static void kill_reflector(harness *h)
{
    uv_mutex_lock(&h->lock);
    if (!h->exited)
        uv_process_kill(&h->process, SIGKILL);
    uv_mutex_unlock(&h->lock);
}

int harness_stop(harness *h, unsigned timeout_ms)
{
    if (!h->running) {
        join(h); /* it exited by itself: collect the log thread */
        return -1;
    }
#ifdef _WIN32
    /* SIGTERM is TerminateProcess on Windows: ask for the orderly stop instead. */
    wudf_kv reply;
    wudf_kv_init(&reply);
    harness_tool(h, "shutdown", NULL, &reply);
    wudf_kv_free(&reply);
#else
    uv_kill((int)h->pid, SIGTERM);
#endif
    int rc = harness_wait_exit(h, timeout_ms);
    if (rc < 0) {
        kill_reflector(h);
        harness_wait_exit(h, 10000);
    }
    return rc;
}

int harness_kill(harness *h)
{
    if (!h->running)
        return -1;
    kill_reflector(h);
    int rc = harness_wait_exit(h, 10000);
    /* A host the reflector was spawning when it died never ran (libuv creates it suspended, puts it
     * in a job and resumes it): no job ends it (Wine's ends only processes that have run), and it
     * holds the test's output open through the stderr Wine gave it. */
    unsigned ended = end_children_of(h->pid);
    if (ended)
        fprintf(stderr, "harness: %u process(es) the killed reflector had started were ended\n", ended);
    return rc;
}

static void remove_tree(const char *path)
{
    uv_fs_t req;
    if (uv_fs_scandir(NULL, &req, path, 0, NULL) >= 0) {
        uv_dirent_t ent;
        while (uv_fs_scandir_next(&req, &ent) != UV_EOF) {
            char child[WUDF_PATH_MAX];
            snprintf(child, sizeof child, "%s/%s", path, ent.name);
            if (ent.type == UV_DIRENT_DIR)
                remove_tree(child);
            else {
                uv_fs_t r2;
                uv_fs_unlink(NULL, &r2, child, NULL);
                uv_fs_req_cleanup(&r2);
            }
        }
    }
    uv_fs_req_cleanup(&req);
    uv_fs_rmdir(NULL, &req, path, NULL);
    uv_fs_req_cleanup(&req);
}

void harness_cleanup(harness *h)
{
    if (h->running && harness_stop(h, 10000) < 0)
        fail("the reflector did not stop on SIGTERM");
    join(h);
    if (h->root[0])
        remove_tree(h->root);
    free(h->log);
    h->log = NULL;
    uv_cond_destroy(&h->changed);
    uv_mutex_destroy(&h->lock);
}

size_t harness_log_mark(harness *h)
{
    uv_mutex_lock(&h->lock);
    size_t n = h->log_length;
    uv_mutex_unlock(&h->lock);
    return n;
}

int harness_wait_log(harness *h, const char *needle, size_t from, unsigned timeout_ms)
{
    return wait_log(h, needle, from, timeout_ms, 0);
}

size_t harness_log_sync(harness *h)
{
    static unsigned serial;
    char name[48], needle[64];
    snprintf(name, sizeof name, "harness-log-sync-%u", ++serial);
    snprintf(needle, sizeof needle, "device=%s", name);
    size_t mark = harness_log_mark(h);
    harness_tool(h, "status", name, NULL); /* no such device: logged as a tool-request all the same */
    if (wait_log(h, needle, mark, 10000, 0))
        return (size_t)-1;
    return harness_log_mark(h);
}

unsigned harness_log_count(harness *h, const char *needle, size_t from)
{
    unsigned n = 0;
    uv_mutex_lock(&h->lock);
    if (h->log && from <= h->log_length)
        for (const char *p = strstr(h->log + from, needle); p; p = strstr(p + 1, needle))
            n++;
    uv_mutex_unlock(&h->lock);
    return n;
}

int32_t harness_tool_kv(harness *h, const wudf_kv *req, wudf_kv *reply)
{
    wudf_client *c;
    if (wudf_client_connect_role(h->endpoint, WUDF_ROLE_TOOL, &c) < 0) {
        fprintf(stderr, "harness: %s\n", wudf_client_error(c));
        wudf_disconnect(c);
        return WUDF_STATUS_UNSUCCESSFUL;
    }
    int32_t status = WUDF_STATUS_UNSUCCESSFUL;
    if (wudf_client_tool(c, req, 60000, &status, reply))
        fprintf(stderr, "harness: %s\n", wudf_client_error(c));
    wudf_disconnect(c);
    return status;
}

int32_t harness_tool(harness *h, const char *op, const char *device, wudf_kv *reply)
{
    wudf_kv req;
    wudf_kv_init(&req);
    wudf_kv_add(&req, "op", op, NULL);
    if (device)
        wudf_kv_add(&req, "device", device, NULL);
    int32_t st = harness_tool_kv(h, &req, reply);
    wudf_kv_free(&req);
    return st;
}

int32_t harness_install(harness *h, const char *inf_name, const char *const *settings, char *instance_id,
                        size_t size)
{
    char path[WUDF_PATH_MAX];
    if (strchr(inf_name, '/') || strchr(inf_name, '\\'))
        snprintf(path, sizeof path, "%s", inf_name);
    else
        snprintf(path, sizeof path, "%s/inf/%s", WUDF_SOURCE_DIR, inf_name);
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", path, NULL);
    for (size_t i = 0; settings && settings[i]; i += 2)
        wudf_kv_add(&req, settings[i], settings[i + 1], NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    const char *id = wudf_kv_get(&reply, "device");
    if (instance_id)
        snprintf(instance_id, size, "%s", id ? id : "");
    if (st < 0)
        fprintf(stderr, "harness: install %s failed: %s\n", inf_name,
                wudf_kv_get(&reply, "message") ? wudf_kv_get(&reply, "message") : "?");
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return st;
}

void harness_field(harness *h, const char *device, const char *key, char *out, size_t size)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    out[0] = '\0';
    if (harness_tool(h, "status", device, &reply) >= 0) {
        const char *v = wudf_kv_get(&reply, key);
        snprintf(out, size, "%s", v ? v : "");
    }
    wudf_kv_free(&reply);
}

long long harness_field_number(harness *h, const char *device, const char *key)
{
    char v[64];
    harness_field(h, device, key, v, sizeof v);
    return v[0] ? strtoll(v, NULL, 10) : -1;
}

int harness_wait_state(harness *h, const char *device, const char *state, size_t from, unsigned timeout_ms)
{
    char needle[400];
    snprintf(needle, sizeof needle, "event=state device=%s state=%s ", device, state);
    return harness_wait_log(h, needle, from, timeout_ms);
}

long long harness_kill_host(harness *h, const char *device)
{
    long long pid = harness_field_number(h, device, "host_pid");
    if (pid <= 0)
        return -1;
    return uv_kill((int)pid, SIGKILL) == 0 ? pid : -1;
}

int harness_as_root(const char *needed_for)
{
    uv_passwd_t me;
    int root = uv_os_get_passwd(&me) == 0 && me.uid == 0;
    if (root)
        uv_os_free_passwd(&me);
    else
        fprintf(stderr, "skipped: %s needs root\n", needed_for);
    return root;
}

wudf_client *harness_client(harness *h)
{
    wudf_client *c;
    if (wudf_connect(h->endpoint, &c) < 0) {
        fprintf(stderr, "harness: %s\n", wudf_client_error(c));
        wudf_disconnect(c);
        return NULL;
    }
    return c;
}

static void child_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    harness_child *c = handle->data;
    (void)suggested;
    size_t room = sizeof c->buffer - 1 - c->length;
    *buf = uv_buf_init(c->buffer + c->length, (unsigned)room);
}

static void child_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    harness_child *c = s->data;
    (void)buf;
    if (nread > 0) {
        c->length += (size_t)nread;
        c->buffer[c->length] = '\0';
    } else if (nread < 0) {
        uv_close((uv_handle_t *)s, NULL);
    }
}

static void child_exit(uv_process_t *p, int64_t status, int sig)
{
    harness_child *c = p->data;
    c->exited = 1;
    c->exit_status = sig ? 128 + sig : status;
}

static void close_handle(uv_handle_t *handle, void *arg)
{
    (void)arg;
    if (!uv_is_closing(handle))
        uv_close(handle, NULL);
}

static void child_timer(uv_timer_t *t)
{
    (void)t;
}

static int child_start(harness_child *c, const char *const *args, const char *ready, unsigned timeout_ms,
                       int capture_stderr)
{
    memset(c, 0, sizeof *c);
    c->capture_stderr = capture_stderr;
    uv_loop_init(&c->loop);
    uv_pipe_init(&c->loop, &c->out, 0);
    c->out.data = c;
    uv_stdio_container_t stdio[3];
    stdio[0].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_READABLE_PIPE);
    uv_pipe_init(&c->loop, &c->in, 0);
    stdio[0].data.stream = (uv_stream_t *)&c->in;
    stdio[1].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
    stdio[1].data.stream = (uv_stream_t *)&c->out;
    stdio[2].flags = UV_INHERIT_FD;
    stdio[2].data.fd = 2;
    if (capture_stderr) {
        uv_pipe_init(&c->loop, &c->err, 0);
        c->err.data = c;
        stdio[2].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
        stdio[2].data.stream = (uv_stream_t *)&c->err;
    }
    uv_process_options_t opts;
    memset(&opts, 0, sizeof opts);
    opts.file = args[0];
    opts.args = (char **)args; /* libuv's type; it does not write them */
    opts.stdio = stdio;
    opts.stdio_count = 3;
    opts.exit_cb = child_exit;
    c->process.data = c;
    if (uv_spawn(&c->loop, &c->process, &opts))
        return -1;
    c->pid = c->process.pid;
    uv_read_start((uv_stream_t *)&c->out, child_alloc, child_read);
    if (capture_stderr)
        uv_read_start((uv_stream_t *)&c->err, child_alloc, child_read);
    uv_timer_init(&c->loop, &c->timer);
    /* stdin stays open: the child may block on it until killed. */
    return harness_child_wait_output(c, ready, timeout_ms) == 0 ? (int)c->pid : -1;
}

int harness_child_start(harness_child *c, const char *const *args, const char *ready, unsigned timeout_ms)
{
    return child_start(c, args, ready, timeout_ms, 0);
}

/* The loop's clock stands still while the loop does not run: a timer armed on it without an update
 * fires at once, and the next uv_run then waits for I/O with no timer left to end it. */
static void arm_timer(harness_child *c, unsigned timeout_ms)
{
    uv_update_time(&c->loop);
    uv_timer_start(&c->timer, child_timer, timeout_ms, 0);
}

int harness_child_wait_output(harness_child *c, const char *text, unsigned timeout_ms)
{
    arm_timer(c, timeout_ms);
    uint64_t start = uv_hrtime();
    while (!strstr(c->buffer, text) && !c->exited && uv_hrtime() - start < (uint64_t)timeout_ms * 1000000u)
        uv_run(&c->loop, UV_RUN_ONCE);
    uv_timer_stop(&c->timer);
    return strstr(c->buffer, text) ? 0 : -1;
}

static void child_written(uv_write_t *req, int status)
{
    *(int *)req->data = status ? status : 1;
}

int harness_child_write(harness_child *c, const char *text)
{
    uv_buf_t buf = uv_buf_init((char *)text, (unsigned)strlen(text));
    uv_write_t req;
    int done = 0;
    req.data = &done;
    if (uv_write(&req, (uv_stream_t *)&c->in, &buf, 1, child_written))
        return -1;
    while (!done)
        uv_run(&c->loop, UV_RUN_ONCE);
    return done == 1 ? 0 : -1;
}

void harness_child_end_input(harness_child *c)
{
    if (!uv_is_closing((uv_handle_t *)&c->in))
        uv_close((uv_handle_t *)&c->in, NULL);
}

int harness_child_kill(harness_child *c)
{
    uv_kill((int)c->pid, SIGKILL);
    while (!c->exited)
        uv_run(&c->loop, UV_RUN_ONCE);
    uv_walk(&c->loop, close_handle, NULL);
    uv_run(&c->loop, UV_RUN_DEFAULT);
    return uv_loop_close(&c->loop) == 0 ? 0 : -1;
}

int harness_child_finish(harness_child *c, unsigned timeout_ms)
{
    arm_timer(c, timeout_ms);
    uint64_t start = uv_hrtime();
    while (!c->exited && uv_hrtime() - start < (uint64_t)timeout_ms * 1000000u)
        uv_run(&c->loop, UV_RUN_ONCE);
    uv_timer_stop(&c->timer);
    if (!c->exited) {
        harness_child_kill(c);
        return -1;
    }
    /* Everything but stdout closes; stdout is read to its end, then closes itself. */
    if (!uv_is_closing((uv_handle_t *)&c->in))
        uv_close((uv_handle_t *)&c->in, NULL);
    uv_close((uv_handle_t *)&c->timer, NULL);
    uv_close((uv_handle_t *)&c->process, NULL);
    uv_run(&c->loop, UV_RUN_DEFAULT);
    uv_loop_close(&c->loop);
    return (int)c->exit_status;
}

int harness_run(harness_child *c, const char *const *args, unsigned timeout_ms)
{
    if (child_start(c, args, "\x01never\x01", timeout_ms, 0) < 0 && !c->exited && !c->pid)
        return -1;
    return harness_child_finish(c, timeout_ms);
}

int harness_run_capture(harness_child *c, const char *const *args, unsigned timeout_ms)
{
    if (child_start(c, args, "\x01never\x01", timeout_ms, 1) < 0 && !c->exited && !c->pid)
        return -1;
    return harness_child_finish(c, timeout_ms);
}
