/*
 * wudfrd, the reflector daemon: owns the device tree and the endpoint, and
 * supervises one host process per started device. This file reads the
 * options; reflector.c runs it.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_info.h"
#include "platform.h"
#include "log.h"
#include "reflector.h"
#include "usbip.h"

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
          "  --usbip HOST[:PORT]      a USB/IP server (usbipd; port 3240 by default) whose exported devices\n"
          "                           become devices here, as plugged-in ones do; up to 8 (repeat it)\n"
          "  --usbip-poll-ms N        how often each USB/IP server is asked for its devices (default 1000)\n"
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

/* Decimal digits only, at most 64 bits: 0, -1 when text is not a number, 1 when it is too big. */
static int parse_u64(const char *s, uint64_t *v)
{
    if (!s || !*s)
        return -1;
    uint64_t x = 0;
    int over = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
            over = 1;
        else
            x = x * 10 + (uint64_t)(*s - '0');
    }
    *v = x;
    return over;
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

/* The options with a number: where it goes, its range, and the unit the field counts in. */
typedef struct number_option {
    const char *name;
    size_t offset;
    int is_unsigned; /* an unsigned field, else uint64_t */
    uint64_t min, max;
    uint64_t scale; /* --restart-reset-sec is kept in ms */
    int zero_too;   /* 0 is accepted below min: "0, or min to max" */
} number_option;

#define FIELD(f) offsetof(wudf_config, f)
static const number_option number_options[] = {
    {"--restart-limit", FIELD(restart_limit), 1, 0, 1000, 1, 0},
    {"--restart-reset-sec", FIELD(restart_reset_ms), 0, 0, UINT32_MAX, 1000, 0},
    {"--critical-timeout-ms", FIELD(critical_timeout_ms), 0, 1, UINT32_MAX, 1, 0},
    {"--heartbeat-ms", FIELD(heartbeat_ms), 0, 1, UINT32_MAX, 1, 0},
    {"--heartbeat-timeout-ms", FIELD(heartbeat_timeout_ms), 0, 1, UINT32_MAX, 1, 0},
    {"--host-log-rate", FIELD(host_log_rate), 0, 0, 1000000, 1, 0},
    {"--host-memory-mb", FIELD(host_memory_mb), 0, 64, 1u << 24, 1, 1},
    {"--max-connections", FIELD(max_connections), 1, 1, 1000000, 1, 0},
    {"--max-connections-per-user", FIELD(max_connections_per_user), 1, 1, 1000000, 1, 0},
    {"--hello-timeout-ms", FIELD(hello_timeout_ms), 0, 10, UINT32_MAX, 1, 0},
    {"--message-timeout-ms", FIELD(message_timeout_ms), 0, 10, UINT32_MAX, 1, 0},
    {"--max-partial-mb", FIELD(max_partial_mb), 0, 1, 1u << 20, 1, 0},
    {"--usbip-poll-ms", FIELD(usbip_poll_ms), 0, 50, 3600000, 1, 0},
};

/* The options with a path or a name, copied as given. */
static const struct {
    const char *name;
    size_t offset, size;
} text_options[] = {
    {"--runtime-dir", FIELD(runtime_dir), sizeof ((wudf_config *)0)->runtime_dir},
    {"--state-dir", FIELD(state_dir), sizeof ((wudf_config *)0)->state_dir},
    {"--driver-dir", FIELD(driver_dir), sizeof ((wudf_config *)0)->driver_dir},
    {"--host", FIELD(host_path), sizeof ((wudf_config *)0)->host_path},
    {"--device-group", FIELD(device_group), sizeof ((wudf_config *)0)->device_group},
    {"--host-user", FIELD(host_user), sizeof ((wudf_config *)0)->host_user},
    {"--mount", FIELD(kernel_mount), sizeof ((wudf_config *)0)->kernel_mount},
    {"--log-level", FIELD(log_level), sizeof ((wudf_config *)0)->log_level},
};

static const struct {
    const char *name;
    size_t offset;
} flag_options[] = {
    {"--kernel", FIELD(kernel_bridge)},
    {"--no-fast-path", FIELD(no_fast_path)},
    {"--no-host-seccomp", FIELD(host_no_seccomp)},
};
#undef FIELD

#define COUNT(a) (sizeof a / sizeof a[0])

static int set_number(const number_option *o, const char *v, wudf_config *cfg, wudf_error *err)
{
    uint64_t n = 0;
    int rc = parse_u64(v, &n);
    char range[64];
    snprintf(range, sizeof range, "%s%llu to %llu", o->zero_too ? "0, or " : "", (unsigned long long)o->min,
             (unsigned long long)o->max);
    if (rc < 0)
        return wudf_error_set(err, WUDF_EINVAL, "%s: '%s' is not a number: give %s (decimal)", o->name, v, range);
    if (rc > 0 || ((n < o->min || n > o->max) && !(o->zero_too && n == 0)))
        return wudf_error_set(err, WUDF_EINVAL, "%s: %s is out of range: give %s", o->name, v, range);
    char *field = (char *)cfg + o->offset;
    if (o->is_unsigned)
        *(unsigned *)(void *)field = (unsigned)n;
    else
        *(uint64_t *)(void *)field = n * o->scale;
    return 0;
}

/* --usbip HOST[:PORT]: kept as "HOST:PORT" ("[IPv6]:PORT"), once each, at most WUDF_USBIP_SERVERS_MAX. */
static int add_usbip_server(const char *v, wudf_config *cfg, wudf_error *err)
{
    char host[256], name[WUDF_USBIP_SERVER_MAX];
    unsigned port;
    wudf_error why;
    if (wudf_usbip_parse_server(v, host, sizeof host, &port, &why))
        return wudf_error_set(err, WUDF_EINVAL, "--usbip: %s", why.message);
    snprintf(name, sizeof name, strchr(host, ':') ? "[%s]:%u" : "%s:%u", host, port);
    for (unsigned i = 0; i < cfg->usbip_server_count; i++)
        if (strcmp(cfg->usbip_servers[i], name) == 0)
            return wudf_error_set(err, WUDF_EINVAL, "--usbip: %s is given twice", name);
    if (cfg->usbip_server_count >= WUDF_USBIP_SERVERS_MAX)
        return wudf_error_set(err, WUDF_EINVAL, "--usbip: at most %u servers", WUDF_USBIP_SERVERS_MAX);
    snprintf(cfg->usbip_servers[cfg->usbip_server_count++], sizeof cfg->usbip_servers[0], "%s", name);
    return 0;
}

/* The option name with a value: the text options, the numbers, and those checked on their own. */
static int set_value(const char *a, const char *v, wudf_config *cfg, wudf_error *err)
{
    for (size_t i = 0; i < COUNT(number_options); i++)
        if (strcmp(a, number_options[i].name) == 0)
            return set_number(&number_options[i], v, cfg, err);
    if (strcmp(a, "--host-env") == 0) {
        if (!valid_names(v) || strlen(cfg->host_env) + strlen(v) + 2 > sizeof cfg->host_env)
            return wudf_error_set(err, WUDF_EINVAL, "--host-env: '%s' is not NAME[,NAME...]", v);
        if (cfg->host_env[0])
            strcat(cfg->host_env, ",");
        strcat(cfg->host_env, v);
        return 0;
    }
    if (strcmp(a, "--usbip") == 0)
        return add_usbip_server(v, cfg, err);
    if (strcmp(a, "--host-uid-range") == 0) {
        if (parse_range(v, &cfg->host_uid_first, &cfg->host_uid_last))
            return wudf_error_set(err, WUDF_EINVAL, "--host-uid-range: '%s' is not FIRST-LAST (1 <= FIRST <= LAST, "
                                  "at most %d ids)", v, WUDF_HOST_IDS_MAX);
        return 0;
    }
    wudf_log_level level;
    if (strcmp(a, "--log-level") == 0 && wudf_log_level_parse(v, &level))
        return wudf_error_set(err, WUDF_EINVAL, "--log-level: '%s' is not debug, info, warn or error", v);
    for (size_t i = 0; i < COUNT(text_options); i++) {
        if (strcmp(a, text_options[i].name) != 0)
            continue;
        if (strlen(v) >= text_options[i].size)
            return wudf_error_set(err, WUDF_ETOOBIG, "%s: '%.40s...' is too long (at most %lu bytes)", a, v,
                                  (unsigned long)text_options[i].size - 1);
        strcpy((char *)cfg + text_options[i].offset, v);
        return 0;
    }
    return wudf_error_set(err, WUDF_EINVAL, "unknown option '%s'", a);
}

/* 1 for a flag (set in cfg when cfg is given). */
static int flag(const char *a, wudf_config *cfg)
{
    for (size_t i = 0; i < COUNT(flag_options); i++)
        if (strcmp(a, flag_options[i].name) == 0) {
            if (cfg)
                *(int *)(void *)((char *)cfg + flag_options[i].offset) = 1;
            return 1;
        }
    return 0;
}

static int takes_value(const char *a)
{
    for (size_t i = 0; i < COUNT(number_options); i++)
        if (strcmp(a, number_options[i].name) == 0)
            return 1;
    for (size_t i = 0; i < COUNT(text_options); i++)
        if (strcmp(a, text_options[i].name) == 0)
            return 1;
    return strcmp(a, "--host-env") == 0 || strcmp(a, "--host-uid-range") == 0 || strcmp(a, "--usbip") == 0;
}

/* The command line into cfg. An option's value is the next argument, or follows '=' ("--x=V"). */
static int parse_options(int argc, char **argv, wudf_config *cfg, wudf_error *err)
{
    for (int i = 1; i < argc; i++) {
        char name[64];
        const char *a = argv[i], *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (a[0] != '-')
            return wudf_error_set(err, WUDF_EINVAL, "unexpected argument '%s' (wudfrd takes options only)", a);
        size_t length = eq ? (size_t)(eq - a) : strlen(a);
        snprintf(name, sizeof name, "%.*s", (int)(length < sizeof name ? length : sizeof name - 1), a);
        if (!eq && flag(name, cfg))
            continue;
        if (flag(name, NULL))
            return wudf_error_set(err, WUDF_EINVAL, "%s takes no value", name);
        if (!takes_value(name))
            return wudf_error_set(err, WUDF_EINVAL, "unknown option '%s'", name);
        const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!v)
            return wudf_error_set(err, WUDF_EINVAL, "%s needs a value", name);
        if (set_value(name, v, cfg, err))
            return -1;
    }
    return 0;
}

/* What the options name must exist, checked before anything is created: the defaults, the host
 * program, the endpoint's name, the device group and the host user (who must reach the host program
 * and the drivers). */
static int check_config(wudf_config *cfg, wudf_error *err)
{
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
    if (!rc && cfg->host_user[0]) {
        int drop = 0;
        int64_t uid, gid;
        rc = wudf_account_host_ids(cfg->host_user, &drop, &uid, &gid, err);
        const char *paths[] = {cfg->host_path, cfg->driver_dir, NULL};
        if (!rc && drop)
            rc = wudf_account_can_reach(uid, gid, paths, err);
    }
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
    wudf_config_defaults(&r->config);
    if (parse_options(argc, argv, &r->config, &err)) {
        fprintf(stderr, "wudfrd: %s; try 'wudfrd --help'\n", err.message);
        return 2;
    }
    if (check_config(&r->config, &err)) {
        fprintf(stderr, "wudfrd: %s\n", err.message);
        return 2;
    }
    wudf_log_level level = WUDF_LOG_INFO;
    wudf_log_level_parse(r->config.log_level, &level);
    wudf_log_setup("wudfrd", level);
    /* The reason is in the startup-failed line the reflector logs (to standard error): once is enough. */
    if (wudf_reflector_init(r, &err))
        return 1;
    wudf_reflector_run(r);
    return 0;
}
