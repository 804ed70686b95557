/*
 * wudfbench: the reflector the run owns. It lives in a temporary directory
 * (runtime, state, log) so a benchmark never touches a user's devices, is
 * started from the same bin directory as the benchmark so the figures belong
 * to the binaries just built, and is stopped the orderly way (tool request
 * op=shutdown) because that is the only way that also works on Windows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wudfbench.h"

/* How long the reflector gets to listen, and then to exit after shutdown (it stops hosts within 5 s). */
#define START_WAIT_MS 10000u
#define STOP_WAIT_MS 15000u

static void on_exit_cb(uv_process_t *p, int64_t status, int signal)
{
    bench_env *e = p->data;
    e->exited = 1;
    e->exit_status = status;
    e->term_signal = signal;
}

static void on_closed(uv_handle_t *h)
{
    (void)h;
}

static void on_timer(uv_timer_t *t)
{
    *(int *)t->data = 1;
}

/* Prints the end of the reflector's log, which says why it failed better than we can. */
static void show_log_tail(const bench_env *e)
{
    char *data = NULL;
    size_t length = 0;
    if (wudf_read_file(e->log_path, 1u << 20, &data, &length, NULL))
        return;
    size_t from = length > 2000 ? length - 2000 : 0;
    fprintf(stderr, "wudfbench: end of the reflector's log (%s):\n%s\n", e->log_path, data + from);
    free(data);
}

/* Deletes a file or a whole directory tree; what cannot be removed is left (best effort). */
static void remove_tree(const char *path)
{
    uv_fs_t req;
    int n = uv_fs_scandir(NULL, &req, path, 0, NULL);
    if (n < 0) {
        uv_fs_req_cleanup(&req);
        uv_fs_unlink(NULL, &req, path, NULL);
        uv_fs_req_cleanup(&req);
        return;
    }
    uv_dirent_t ent;
    while (uv_fs_scandir_next(&req, &ent) != UV_EOF) {
        char child[WUDF_PATH_MAX];
        if (!wudf_path_join(child, sizeof child, path, ent.name, NULL))
            remove_tree(child);
    }
    uv_fs_req_cleanup(&req);
    uv_fs_rmdir(NULL, &req, path, NULL);
    uv_fs_req_cleanup(&req);
}

static int make_dirs(bench_env *e, char *why, size_t why_size)
{
    wudf_error err;
    char tmp[WUDF_PATH_MAX], pattern[WUDF_PATH_MAX];
    size_t size = sizeof tmp;
    int rc = uv_os_tmpdir(tmp, &size);
    if (rc) {
        bench_why(why, why_size, "no temporary directory: %s", uv_strerror(rc));
        return -1;
    }
    if (wudf_path_join(pattern, sizeof pattern, tmp, "wudfbench-XXXXXX", &err)) {
        bench_why(why, why_size, "%s", err.message);
        return -1;
    }
    uv_fs_t req;
    rc = uv_fs_mkdtemp(NULL, &req, pattern, NULL);
    if (rc == 0)
        snprintf(e->temp_dir, sizeof e->temp_dir, "%s", req.path);
    uv_fs_req_cleanup(&req);
    if (rc) {
        bench_why(why, why_size, "cannot create %s: %s", pattern, uv_strerror(rc));
        return -1;
    }
    /* The reflector creates run/ and state/ itself, with the modes it wants. */
    if (wudf_path_join(e->runtime_dir, sizeof e->runtime_dir, e->temp_dir, "run", &err) ||
        wudf_path_join(e->state_dir, sizeof e->state_dir, e->temp_dir, "state", &err) ||
        wudf_path_join(e->log_path, sizeof e->log_path, e->temp_dir, "wudfrd.log", &err) ||
        wudf_endpoint_name(e->runtime_dir, e->endpoint, sizeof e->endpoint, &err)) {
        bench_why(why, why_size, "%s", err.message);
        return -1;
    }
    return 0;
}

static int spawn_reflector(bench_env *e, char *why, size_t why_size)
{
    wudf_error err;
    char wudfrd[WUDF_PATH_MAX], host[WUDF_PATH_MAX], drivers[WUDF_PATH_MAX];
    if (wudf_exe_dir(e->bin_dir, sizeof e->bin_dir, &err) ||
        wudf_sibling_program("wudfrd", wudfrd, sizeof wudfrd, &err) ||
        wudf_install_path(WUDF_INSTALL_HOST, host, sizeof host, &err) ||
        wudf_install_path(WUDF_INSTALL_DRIVER_DIR, drivers, sizeof drivers, &err)) {
        bench_why(why, why_size, "%s", err.message);
        return -1;
    }
    uv_fs_t req;
    int fd = uv_fs_open(NULL, &req, e->log_path, UV_FS_O_WRONLY | UV_FS_O_CREAT | UV_FS_O_TRUNC, 0600, NULL);
    uv_fs_req_cleanup(&req);
    if (fd < 0) {
        bench_why(why, why_size, "cannot create %s: %s", e->log_path, uv_strerror(fd));
        return -1;
    }
    /* --restart-limit: the recycle figure kills the host 20 times and more; the default policy
     * (5 restarts) would fail the device with problem 43 half-way, which is not what we measure. */
    const char *args[] = {wudfrd, "--runtime-dir", e->runtime_dir, "--state-dir", e->state_dir, "--driver-dir", drivers,
                    "--host", host, "--log-level", "warn", "--restart-limit", "1000", NULL, NULL};
    if (e->kernel)
        args[sizeof args / sizeof args[0] - 2] = "--kernel";
    uv_stdio_container_t stdio[3];
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = UV_INHERIT_FD;
    stdio[1].data.fd = fd;
    stdio[2].flags = UV_INHERIT_FD;
    stdio[2].data.fd = fd;
    uv_process_options_t po;
    memset(&po, 0, sizeof po);
    po.file = wudfrd;
    po.args = (char **)args; /* libuv's type; it does not write them */
    po.exit_cb = on_exit_cb;
    po.stdio = stdio;
    po.stdio_count = 3;
    uv_loop_init(&e->loop);
    e->loop_ready = 1;
    e->process.data = e;
    bench_place_server(); /* the reflector, and so every host it starts */
    int rc = uv_spawn(&e->loop, &e->process, &po);
    bench_place_client();
    uv_fs_close(NULL, &req, fd, NULL);
    uv_fs_req_cleanup(&req);
    if (rc) {
        bench_why(why, why_size, "cannot start %s: %s", wudfrd, uv_strerror(rc));
        /* A failed spawn still initialised the handle: it must be closed before the loop. */
        uv_close((uv_handle_t *)&e->process, on_closed);
        return -1;
    }
    e->spawned = 1;
    return 0;
}

/* Polls the endpoint until it accepts a tool connection, bounded, and notices a reflector that died. */
static int wait_ready(bench_env *e, char *why, size_t why_size)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)START_WAIT_MS * 1000000u;
    for (;;) {
        uv_run(&e->loop, UV_RUN_NOWAIT);
        if (e->exited) {
            bench_why(why, why_size, "the reflector exited during start (status %lld, signal %d)",
                     (long long)e->exit_status, e->term_signal);
            show_log_tail(e);
            return -1;
        }
        wudf_client *c = NULL;
        if (wudf_client_connect_role(e->endpoint, WUDF_ROLE_TOOL, &c) == 0) {
            e->tool = c;
            return 0;
        }
        if (uv_hrtime() > deadline) {
            bench_why(why, why_size, "the reflector did not accept a connection within %u ms: %s", START_WAIT_MS,
                     wudf_client_error(c));
            wudf_disconnect(c);
            show_log_tail(e);
            return -1;
        }
        wudf_disconnect(c);
        uv_sleep(20);
    }
}

int bench_env_start(bench_env *e, int kernel, char *why, size_t why_size)
{
    memset(e, 0, sizeof *e);
    e->kernel = kernel;
    if (make_dirs(e, why, why_size))
        return -1;
    if (spawn_reflector(e, why, why_size) || wait_ready(e, why, why_size)) {
        char ignored[400];
        bench_env_stop(e, ignored, sizeof ignored);
        return -1;
    }
    return 0;
}

/* Runs the process loop until the reflector exits or ms pass; 1 if it exited. */
static int wait_exit(bench_env *e, unsigned ms)
{
    int fired = 0;
    uv_timer_t t;
    uv_timer_init(&e->loop, &t);
    t.data = &fired;
    uv_timer_start(&t, on_timer, ms, 0);
    while (!e->exited && !fired)
        uv_run(&e->loop, UV_RUN_ONCE);
    uv_close((uv_handle_t *)&t, on_closed);
    uv_run(&e->loop, UV_RUN_NOWAIT);
    return e->exited;
}

int bench_env_stop(bench_env *e, char *why, size_t why_size)
{
    int rc = 0;
    why[0] = '\0';
    if (e->tool) {
        int32_t st = 0;
        wudf_kv reply;
        wudf_kv_init(&reply);
        if (bench_tool(e, "shutdown", NULL, &st, &reply, why, why_size) == 0 && st < 0)
            bench_why(why, why_size, "shutdown refused (0x%08x)", (unsigned)st);
        wudf_kv_free(&reply);
        wudf_disconnect(e->tool);
        e->tool = NULL;
    }
    if (e->spawned) {
        if (!wait_exit(e, STOP_WAIT_MS)) {
            bench_why(why, why_size, "the reflector did not exit within %u ms of shutdown; killed", STOP_WAIT_MS);
            uv_process_kill(&e->process, SIGKILL);
            wait_exit(e, STOP_WAIT_MS);
            rc = -1;
        } else if (e->exit_status != 0 || e->term_signal != 0) {
            bench_why(why, why_size, "the reflector exited with status %lld, signal %d", (long long)e->exit_status,
                     e->term_signal);
            show_log_tail(e);
            rc = -1;
        }
        uv_close((uv_handle_t *)&e->process, on_closed);
        e->spawned = 0;
    }
    if (e->loop_ready) {
        uv_run(&e->loop, UV_RUN_DEFAULT);
        uv_loop_close(&e->loop);
        e->loop_ready = 0;
    }
    if (e->temp_dir[0])
        remove_tree(e->temp_dir);
    return rc;
}

static int send_tool(bench_env *e, const wudf_kv *req, int32_t *status, wudf_kv *reply, char *why, size_t why_size)
{
    if (!e->tool) {
        bench_why(why, why_size, "no connection to the reflector");
        return -1;
    }
    if (wudf_client_tool(e->tool, req, BENCH_TOOL_TIMEOUT_MS, status, reply)) {
        bench_why(why, why_size, "%s", wudf_client_error(e->tool));
        return -1;
    }
    if (*status < 0) {
        const char *m = wudf_kv_get(reply, "message");
        bench_why(why, why_size, "%s (0x%08x)", m ? m : "request failed", (unsigned)*status);
    }
    return 0;
}

int bench_tool(bench_env *e, const char *op, const char *device, int32_t *status, wudf_kv *reply, char *why,
               size_t why_size)
{
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    int rc = wudf_kv_add(&req, "op", op, &err);
    if (!rc && device)
        rc = wudf_kv_add(&req, "device", device, &err);
    if (rc)
        bench_why(why, why_size, "%s", err.message);
    else
        rc = send_tool(e, &req, status, reply, why, why_size);
    wudf_kv_free(&req);
    return rc ? -1 : 0;
}

int bench_install_echo(bench_env *e, const char *inf, char *why, size_t why_size)
{
    wudf_kv req, reply;
    wudf_error err;
    char path[WUDF_PATH_MAX];
    int32_t st = 0;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    int rc = wudf_path_absolute(inf, path, sizeof path, &err);
    if (!rc)
        rc = wudf_kv_add(&req, "op", "install", &err);
    if (!rc)
        rc = wudf_kv_add(&req, "inf", path, &err);
    if (rc)
        bench_why(why, why_size, "%s", err.message);
    else if (send_tool(e, &req, &st, &reply, why, why_size) == 0 && st >= 0)
        e->devices++;
    else
        rc = -1;
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return rc ? -1 : 0;
}

int64_t bench_host_pid(bench_env *e, const char *device)
{
    wudf_kv reply;
    char why[400];
    int32_t st = 0;
    int64_t pid = -1;
    wudf_kv_init(&reply);
    if (bench_tool(e, "status", device, &st, &reply, why, sizeof why) == 0 && st >= 0) {
        const char *state = wudf_kv_get(&reply, "state");
        uint64_t v = 0;
        if (state && strcmp(state, "started") == 0 && wudf_kv_get_u64(&reply, "host_pid", &v, NULL) == 0 && v > 0)
            pid = (int64_t)v;
    }
    wudf_kv_free(&reply);
    return pid;
}

void bench_device_name(unsigned index, char *buf, size_t size)
{
    snprintf(buf, size, "ROOT\\ECHO\\%04u", index);
}

long bench_proc_kib(int64_t pid, const char *file, const char *key)
{
#ifdef __linux__
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%lld/%s", (long long)pid, file);
    FILE *f = fopen(path, "r");
    long kib = -1;
    size_t n = strlen(key);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0) {
            kib = strtol(line + n, NULL, 10);
            break;
        }
    fclose(f);
    return kib;
#else
    /* Windows has the working set (GetProcessMemoryInfo) but it is not the same measure; say n/a. */
    (void)pid, (void)file, (void)key;
    return -1;
#endif
}

long bench_rss_kib(int64_t pid)
{
    return bench_proc_kib(pid, "status", "VmRSS:");
}
