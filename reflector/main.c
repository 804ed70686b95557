/*
 * wudfrd, the reflector daemon: owns the device tree and the endpoint, and
 * supervises one host process per started device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "reflector.h"

wudf_reflector *g_reflector;

uint64_t wudf_now_ms(void)
{
    return uv_hrtime() / 1000000u;
}

void wudf_wall_time(char *buf, size_t size)
{
    uv_timeval64_t tv;
    if (uv_gettimeofday(&tv) != 0) {
        snprintf(buf, size, "?");
        return;
    }
    time_t secs = (time_t)tv.tv_sec;
    struct tm tm;
#ifdef _WIN32
    gmtime_s(&tm, &secs);
#else
    gmtime_r(&secs, &tm);
#endif
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void usage(FILE *out)
{
    fputs("usage: wudfrd [options]\n"
          "  --runtime-dir DIR        endpoint directory (env WUDF_RUNTIME_DIR)\n"
          "  --state-dir DIR          device store directory (env WUDF_STATE_DIR)\n"
          "  --driver-dir DIR         what %12% means in INF files (default: drivers/ beside wudfrd)\n"
          "  --host PATH              host program (default: wudfhost beside wudfrd)\n"
          "  --restart-limit N        host restarts before problem 43 (default 5)\n"
          "  --restart-reset-sec N    quiet seconds that reset the restart count (default 1800)\n"
          "  --critical-timeout-ms N  start, stop and cancel deadline (default 60000)\n"
          "  --heartbeat-ms N         host heartbeat period (default 1000)\n"
          "  --heartbeat-timeout-ms N no answer for this long recycles the host (default 10000)\n"
          "  --log-level LEVEL        debug, info, warn or error (default info)\n",
          out);
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end)
        return -1;
    *v = x;
    return 0;
}

static int parse_args(int argc, char **argv, wudf_config *cfg, wudf_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->restart_limit = 5;
    cfg->restart_reset_ms = 30ull * 60 * 1000;
    cfg->critical_timeout_ms = 60000;
    cfg->heartbeat_ms = 1000;
    cfg->heartbeat_timeout_ms = 10000;
    snprintf(cfg->log_level, sizeof cfg->log_level, "info");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n = 0;
        char *dest = NULL;
        size_t size = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (!v)
            return wudf_error_set(err, WUDF_EINVAL, "option %s needs a value", a);
        if (strcmp(a, "--runtime-dir") == 0)
            dest = cfg->runtime_dir, size = sizeof cfg->runtime_dir;
        else if (strcmp(a, "--state-dir") == 0)
            dest = cfg->state_dir, size = sizeof cfg->state_dir;
        else if (strcmp(a, "--driver-dir") == 0)
            dest = cfg->driver_dir, size = sizeof cfg->driver_dir;
        else if (strcmp(a, "--host") == 0)
            dest = cfg->host_path, size = sizeof cfg->host_path;
        else if (strcmp(a, "--log-level") == 0) {
            wudf_log_level level;
            if (wudf_log_level_parse(v, &level))
                return wudf_error_set(err, WUDF_EINVAL, "--log-level: '%s' is not debug, info, warn or error", v);
            dest = cfg->log_level, size = sizeof cfg->log_level;
        } else if (parse_u64(v, &n))
            return wudf_error_set(err, WUDF_EINVAL, "%s: '%s' is not a non-negative number (or unknown option)", a, v);
        else if (strcmp(a, "--restart-limit") == 0 && n <= 1000)
            cfg->restart_limit = (unsigned)n;
        else if (strcmp(a, "--restart-reset-sec") == 0)
            cfg->restart_reset_ms = n * 1000;
        else if (strcmp(a, "--critical-timeout-ms") == 0 && n > 0)
            cfg->critical_timeout_ms = n;
        else if (strcmp(a, "--heartbeat-ms") == 0 && n > 0)
            cfg->heartbeat_ms = n;
        else if (strcmp(a, "--heartbeat-timeout-ms") == 0 && n > 0)
            cfg->heartbeat_timeout_ms = n;
        else
            return wudf_error_set(err, WUDF_EINVAL, "unknown option or value out of range: %s %s", a, v);
        if (dest) {
            if (strlen(v) >= size)
                return wudf_error_set(err, WUDF_ETOOBIG, "%s: path too long", a);
            strcpy(dest, v);
        }
        i++;
    }
    int rc = 0;
    if (!cfg->runtime_dir[0])
        rc = wudf_default_runtime_dir(cfg->runtime_dir, sizeof cfg->runtime_dir, err);
    if (!rc && !cfg->state_dir[0])
        rc = wudf_default_state_dir(cfg->state_dir, sizeof cfg->state_dir, err);
    if (!rc && !cfg->driver_dir[0]) {
        char exe[WUDF_PATH_MAX];
        rc = wudf_exe_dir(exe, sizeof exe, err);
        if (!rc)
            rc = wudf_path_join(cfg->driver_dir, sizeof cfg->driver_dir, exe, "drivers", err);
    }
    if (!rc && !cfg->host_path[0])
        rc = wudf_sibling_program("wudfhost", cfg->host_path, sizeof cfg->host_path, err);
    if (!rc)
        rc = wudf_endpoint_name(cfg->runtime_dir, cfg->endpoint, sizeof cfg->endpoint, err);
    return rc;
}

static uv_timer_t shutdown_timer;
static uint64_t shutdown_deadline;

static void close_any(uv_handle_t *handle, void *arg)
{
    (void)arg;
    if (!uv_is_closing(handle))
        uv_close(handle, NULL);
}

static int hosts_remaining(void)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        if (WUDF_CONTAINER_OF(pos, wudf_devnode, link)->host)
            return 1;
    }
    return 0;
}

static void on_shutdown_tick(uv_timer_t *t)
{
    (void)t;
    if (hosts_remaining() && wudf_now_ms() < shutdown_deadline)
        return;
    uv_stop(g_reflector->loop);
}

static void on_signal(uv_signal_t *sig, int signum)
{
    (void)sig;
    char why[32];
    snprintf(why, sizeof why, "signal-%d", signum);
    wudf_reflector_shutdown(why);
}

void wudf_reflector_shutdown(const char *why)
{
    if (g_reflector->shutting_down)
        return;
    wudf_log(WUDF_LOG_INFO, "shutdown", "reason=%s", why);
    uv_close((uv_handle_t *)&g_reflector->listener, NULL);
    wudf_supervisor_shutdown(g_reflector);
    shutdown_deadline = wudf_now_ms() + 5000;
    uv_timer_init(g_reflector->loop, &shutdown_timer);
    uv_timer_start(&shutdown_timer, on_shutdown_tick, 0, 20);
}

static void teardown(wudf_reflector *r)
{
    /* Hosts still alive after the orderly stop are killed; their channels close. */
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->host)
            wudf_supervisor_host_lost(d->host, "reflector shutting down");
    }
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->conns) {
        wudf_conn_close(WUDF_CONTAINER_OF(pos, wudf_conn, link), "reflector shutting down");
    }
    while (!wudf_list_empty(&r->devnodes))
        wudf_devnode_free(WUDF_CONTAINER_OF(r->devnodes.next, wudf_devnode, link));
    while (!wudf_list_empty(&r->files)) {
        wudf_list *f = r->files.next;
        wudf_list_remove(f);
        free(WUDF_CONTAINER_OF(f, wudf_file, all_link));
    }
    /* Let every close callback run, including those of exiting hosts. */
    uv_walk(r->loop, close_any, NULL);
    uv_run(r->loop, UV_RUN_DEFAULT);
    free(r->pending_hash);
    uv_loop_close(r->loop);
}

int main(int argc, char **argv)
{
    static wudf_reflector reflector;
    wudf_reflector *r = &reflector;
    g_reflector = r;
    wudf_error err;
    wudf_error_clear(&err);
    if (parse_args(argc, argv, &r->config, &err)) {
        fprintf(stderr, "wudfrd: %s\n", err.message);
        usage(stderr);
        return 2;
    }
    wudf_log_level level = WUDF_LOG_INFO;
    wudf_log_level_parse(r->config.log_level, &level);
    wudf_log_setup("wudfrd", level);
    r->loop = uv_default_loop();
    wudf_list_init(&r->devnodes);
    wudf_list_init(&r->conns);
    wudf_list_init(&r->files);
#ifndef _WIN32
    signal(SIGPIPE, SIG_IGN);
#endif
    int rc = wudf_make_dir(r->config.state_dir, 0700, &err);
#ifndef _WIN32
    if (!rc)
        rc = wudf_make_dir(r->config.runtime_dir, 0750, &err);
#endif
    if (!rc)
        rc = wudf_instance_lock(r->config.runtime_dir, &err);
    if (!rc)
        rc = wudf_store_load(r, &err);
    if (!rc)
        rc = wudf_endpoint_listen(r, &err);
    if (rc) {
        char q[400];
        wudf_log(WUDF_LOG_ERROR, "startup-failed", "status=%s reason=%s", wudf_errc_name(err.code),
                 wudf_log_quote(q, sizeof q, err.message));
        fprintf(stderr, "wudfrd: %s\n", err.message);
        return 1;
    }
    uv_signal_init(r->loop, &r->sigint);
    uv_signal_init(r->loop, &r->sigterm);
    uv_signal_start(&r->sigint, on_signal, SIGINT);
    uv_signal_start(&r->sigterm, on_signal, SIGTERM);
    uv_unref((uv_handle_t *)&r->sigint);
    uv_unref((uv_handle_t *)&r->sigterm);

    unsigned count = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_supervisor_start(WUDF_CONTAINER_OF(pos, wudf_devnode, link));
        count++;
    }
    char q1[WUDF_PATH_MAX + 8], q2[WUDF_PATH_MAX + 8];
    wudf_log(WUDF_LOG_INFO, "ready", "endpoint=%s state_dir=%s devices=%u pid=%d",
             wudf_log_quote(q1, sizeof q1, r->config.endpoint), wudf_log_quote(q2, sizeof q2, r->config.state_dir),
             count, (int)uv_os_getpid());
    uv_run(r->loop, UV_RUN_DEFAULT);
    teardown(r);
    wudf_log(WUDF_LOG_INFO, "exit", "status=0");
    return 0;
}
