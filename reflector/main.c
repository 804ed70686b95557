/*
 * wudfrd, the reflector daemon: owns the device tree and the endpoint, and
 * supervises one host process per started device. This file reads the
 * options; reflector.c runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_info.h"
#include "platform.h"
#include "log.h"
#include "reflector.h"

static void usage(FILE *out)
{
    fputs("usage: wudfrd [options]\n"
          "  --runtime-dir DIR        endpoint directory (env WUDF_RUNTIME_DIR)\n"
          "  --state-dir DIR          device store directory (env WUDF_STATE_DIR)\n"
          "  --driver-dir DIR         what %12% means in INF files (default: drivers/ beside wudfrd in a\n"
          "                           build, " WUDF_RELATIVE_DRIVER_DIR " from wudfrd's directory installed)\n"
          "  --host PATH              host program (default: wudfhost beside wudfrd in a build,\n"
          "                           " WUDF_RELATIVE_HOST_DIR "/wudfhost installed)\n"
          "  --restart-limit N        host restarts before problem 43 (default 5)\n"
          "  --restart-reset-sec N    quiet seconds that reset the restart count (default 1800)\n"
          "  --critical-timeout-ms N  start, stop and cancel deadline (default 60000)\n"
          "  --heartbeat-ms N         host heartbeat period (default 1000)\n"
          "  --heartbeat-timeout-ms N no answer for this long recycles the host (default 10000)\n"
          "  --log-level LEVEL        debug, info, warn or error (default info)\n"
          "  --device-group NAME      members may connect and open devices installed without --allow\n"
          "  --host-user NAME         run every host as this one user (when wudfrd runs as root; by\n"
          "                           default each host runs as a uid/gid pair of its own)\n"
          "  --host-uid-range A-B     the ids hosts get a pair of each, as root on Linux, skipping those\n"
          "                           of accounts and groups (default 61184-65519)\n"
          "  --host-memory-mb N       address-space limit of each host, 0 for none (default 2048)\n"
          "  --host-log-rate N        lines a second each host may log after a burst of 5 s' worth; the\n"
          "                           rest are dropped and counted, 0 for no limit (default 200)\n"
          "  --host-env NAME[,NAME]   pass these variables of wudfrd's to hosts too (they get PATH and\n"
          "                           the sanitizers' ASAN_OPTIONS, UBSAN_OPTIONS, LSAN_OPTIONS only)\n"
          "  --no-fast-path           no shared-memory rings: every request goes through wudfrd\n"
          "  --max-connections N      clients and tools at once; administrators have 16 more (default 1024,\n"
          "                           lowered to fit the descriptor limit)\n"
          "  --max-connections-per-user N  of one user who is not an administrator (default 64)\n"
          "  --hello-timeout-ms N     a new connection that has not said hello by then is closed (default 5000)\n"
          "  --message-timeout-ms N   a message started must be finished by then (default 30000)\n"
          "  --max-partial-mb N       unfinished messages of all connections together (default 256)\n"
          "  --no-host-seccomp        hosts without their system-call filter (Linux): a driver may then\n"
          "                           start processes, which still die with its host\n"
          "  --version                the release, then exit\n"
#ifdef _WIN32
          "  --kernel                 serve the device objects of reflector.sys (wudfctl kernel install)\n",
#else
          "  --mount DIR              show started devices as files under DIR (FUSE)\n",
#endif
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

/* NAME[,NAME...] of environment variables: letters, digits and '_', not starting with a digit. */
static int valid_names(const char *list)
{
    int start = 1;
    for (const char *p = list; *p; p++) {
        int letter = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_';
        if (*p == ',' && !start)
            start = 1;
        else if (letter || (*p >= '0' && *p <= '9' && !start))
            start = 0;
        else
            return 0;
    }
    return list[0] && !start;
}

/* "FIRST-LAST", both decimal. */
static int parse_range(const char *s, int64_t *first, int64_t *last)
{
    char head[24];
    const char *dash = strchr(s, '-');
    uint64_t a, b;
    if (!dash || (size_t)(dash - s) >= sizeof head)
        return -1;
    memcpy(head, s, (size_t)(dash - s));
    head[dash - s] = '\0';
    if (parse_u64(head, &a) || parse_u64(dash + 1, &b) || a < 1 || b < a || b - a >= WUDF_HOST_IDS_MAX ||
        b >= 0x7fffffffu)
        return -1;
    *first = (int64_t)a;
    *last = (int64_t)b;
    return 0;
}

static int parse_args(int argc, char **argv, wudf_config *cfg, wudf_error *err)
{
    wudf_config_defaults(cfg);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n = 0;
        char *dest = NULL;
        size_t size = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--kernel") == 0) {
            cfg->kernel_bridge = 1;
            continue;
        }
        if (strcmp(a, "--no-fast-path") == 0) {
            cfg->no_fast_path = 1;
            continue;
        }
        if (strcmp(a, "--no-host-seccomp") == 0) {
            cfg->host_no_seccomp = 1;
            continue;
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
        else if (strcmp(a, "--device-group") == 0)
            dest = cfg->device_group, size = sizeof cfg->device_group;
        else if (strcmp(a, "--host-user") == 0)
            dest = cfg->host_user, size = sizeof cfg->host_user;
        else if (strcmp(a, "--host-env") == 0) {
            if (!valid_names(v) || strlen(cfg->host_env) + strlen(v) + 2 > sizeof cfg->host_env)
                return wudf_error_set(err, WUDF_EINVAL, "--host-env: '%s' is not NAME[,NAME...]", v);
            if (cfg->host_env[0])
                strcat(cfg->host_env, ",");
            strcat(cfg->host_env, v);
        } else if (strcmp(a, "--host-uid-range") == 0) {
            if (parse_range(v, &cfg->host_uid_first, &cfg->host_uid_last))
                return wudf_error_set(err, WUDF_EINVAL, "--host-uid-range: '%s' is not FIRST-LAST (1 <= FIRST <= LAST, "
                                      "at most %d ids)", v, WUDF_HOST_IDS_MAX);
        } else if (strcmp(a, "--mount") == 0)
            dest = cfg->kernel_mount, size = sizeof cfg->kernel_mount;
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
        else if (strcmp(a, "--host-log-rate") == 0 && n <= 1000000)
            cfg->host_log_rate = n;
        else if (strcmp(a, "--host-memory-mb") == 0 && (n == 0 || (n >= 64 && n <= 1u << 24)))
            cfg->host_memory_mb = n;
        else if (strcmp(a, "--max-connections") == 0 && n >= 1 && n <= 1000000)
            cfg->max_connections = (unsigned)n;
        else if (strcmp(a, "--max-connections-per-user") == 0 && n >= 1 && n <= 1000000)
            cfg->max_connections_per_user = (unsigned)n;
        else if (strcmp(a, "--hello-timeout-ms") == 0 && n >= 10)
            cfg->hello_timeout_ms = n;
        else if (strcmp(a, "--message-timeout-ms") == 0 && n >= 10)
            cfg->message_timeout_ms = n;
        else if (strcmp(a, "--max-partial-mb") == 0 && n >= 1 && n <= 1u << 20)
            cfg->max_partial_mb = n;
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
    if (!rc && !cfg->driver_dir[0])
        rc = wudf_install_path(WUDF_INSTALL_DRIVER_DIR, cfg->driver_dir, sizeof cfg->driver_dir, err);
    if (!rc && !cfg->host_path[0])
        rc = wudf_install_path(WUDF_INSTALL_HOST, cfg->host_path, sizeof cfg->host_path, err);
    if (!rc) {
        uv_fs_t req;
        int found = uv_fs_stat(NULL, &req, cfg->host_path, NULL);
        uv_fs_req_cleanup(&req);
        if (found)
            rc = wudf_error_set(err, WUDF_ENOTFOUND, "no host program at %s (--host): %s", cfg->host_path,
                                uv_strerror(found));
    }
    if (!rc)
        rc = wudf_endpoint_name(cfg->runtime_dir, cfg->endpoint, sizeof cfg->endpoint, err);
    if (!rc && cfg->device_group[0])
        rc = wudf_account_exists(WUDF_ACCOUNT_GROUP, cfg->device_group, err);
    return rc;
}

int main(int argc, char **argv)
{
    static wudf_reflector reflector;
    wudf_reflector *r = &reflector;
    wudf_error err;
    wudf_error_clear(&err);
    if (wudf_version_asked(argc, argv, "wudfrd"))
        return 0;
    if (parse_args(argc, argv, &r->config, &err)) {
        fprintf(stderr, "wudfrd: %s\n", err.message);
        usage(stderr);
        return 2;
    }
    wudf_log_level level = WUDF_LOG_INFO;
    wudf_log_level_parse(r->config.log_level, &level);
    wudf_log_setup("wudfrd", level);
    if (wudf_reflector_init(r, &err)) {
        fprintf(stderr, "wudfrd: %s\n", err.message);
        return 1;
    }
    wudf_reflector_run(r);
    return 0;
}
