/*
 * wudfctl events [DEVICE] [--since T] [-f|--follow]: what happened to a device (or to every device
 * this user may see), one line per event as journalctl prints them; with --json one document that
 * holds them, or with -f one object per line. -f prints the history, then each new event as the
 * reflector records it, until interrupted (SIGINT, SIGTERM: exit 0) or until the reflector goes away
 * (exit 5).
 *
 * --since takes a UTC time, 2026-12-07T05:01:02Z (the date alone, minutes, seconds and milliseconds
 * are optional; Z may be left out, no other zone is taken), or an age: a number and s, m, h or d
 * ("10m": the last ten minutes).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "wudfctl.h"
#include "wudfctl_json.h"

/* A follower wakes this often to see whether it was asked to stop. */
#define FOLLOW_SLICE_MS 200u

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signum)
{
    (void)signum;
    stop_requested = 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* n digits at *p into *out (advancing p); 0, or -1. */
static int digits(const char **p, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return -1;
        v = v * 10 + (unsigned)(**p - '0');
    }
    *out = v;
    return 0;
}

static int parse_utc(const char *p, uint64_t *out)
{
    static const unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, mo, d, h = 0, mi = 0, s = 0, ms = 0;
    if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
        return -1;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
            return -1;
        if (*p == ':' && (p++, digits(&p, 2, &s)))
            return -1;
        if (*p == '.') {
            int n = 0;
            for (p++; *p >= '0' && *p <= '9'; p++, n++)
                if (n < 3)
                    ms = ms * 10 + (unsigned)(*p - '0');
            if (!n)
                return -1;
            for (; n < 3; n++)
                ms *= 10;
        }
    }
    if (*p == 'Z' || *p == 'z')
        p++;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (*p || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] || (mo == 2 && d == 29 && !leap) ||
        h > 23 || mi > 59 || s > 59)
        return -1;
    int64_t days = days_from_civil(y, mo, d);
    *out = (uint64_t)days * 86400000u + ((uint64_t)h * 3600u + mi * 60u + s) * 1000u + ms;
    return 0;
}

static int parse_since(const char *text, uint64_t *out)
{
    static const struct {
        char unit;
        uint64_t ms;
    } units[] = {{'s', 1000u}, {'m', 60000u}, {'h', 3600000u}, {'d', 86400000u}};
    size_t n = strspn(text, "0123456789");
    if (n && n <= 9 && text[n] && !text[n + 1]) {
        uv_timeval64_t tv;
        uint64_t now = uv_gettimeofday(&tv) == 0 ? (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u : 0;
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (text[n] == units[i].unit) {
                uint64_t age = strtoull(text, NULL, 10) * units[i].ms;
                *out = age < now ? now - age : 0;
                return 0;
            }
    }
    return parse_utc(text, out);
}

static const char *field(const wudf_kv *r, size_t s, size_t e, const char *key)
{
    for (size_t i = s; i < e; i++)
        if (strcmp(r->keys[i], key) == 0)
            return r->values[i];
    return NULL;
}

/* value, quoted as logfmt quotes it when it has a space or a quote. */
static void print_value(const char *v)
{
    if (!*v || strpbrk(v, " \"\\=")) {
        fputc('"', stdout);
        for (; *v; v++)
            printf(*v == '"' || *v == '\\' ? "\\%c" : "%c", *v);
        fputc('"', stdout);
    } else {
        fputs(v, stdout);
    }
}

static void print_text(const wudf_kv *r, size_t s, size_t e)
{
    static const char *const fields[] = {"pid", "cause", "signal", "exit_code", "failed_requests", "power_state",
                                         "system_state", "inf"};
    if (strcmp(r->keys[s], "dropped") == 0) {
        const char *device = field(r, s, e, "device");
        printf("-- %s: %s earlier events dropped --\n", device ? device : "?", r->values[s]);
        return;
    }
    const char *time = field(r, s, e, "time"), *device = field(r, s, e, "device"), *type = field(r, s, e, "type");
    printf("%s %s %s", time ? time : "?", device ? device : "?", type ? type : "?");
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = field(r, s, e, fields[i]);
        if (v) {
            printf(" %s=", fields[i]);
            print_value(v);
        }
    }
    const char *state = field(r, s, e, "state"), *problem = field(r, s, e, "problem");
    const char *restarts = field(r, s, e, "restarts"), *limit = field(r, s, e, "restart_limit");
    const char *reason = field(r, s, e, "reason");
    if (state) {
        fputs(" state=", stdout);
        print_value(state);
    }
    if (problem && strcmp(problem, "0") != 0)
        printf(" problem=%s", problem);
    if (restarts)
        printf(" restarts=%s/%s", restarts, limit ? limit : "?");
    if (reason) {
        fputs(" reason=", stdout);
        print_value(reason);
    }
    fputc('\n', stdout);
}

/* Each record of a part as a line: an event starts at seq, a count of dropped events at dropped. */
static void print_part(const wudf_kv *part)
{
    size_t start = part->count;
    for (size_t i = 0; i <= part->count; i++) {
        if (i < part->count && strcmp(part->keys[i], "seq") != 0 && strcmp(part->keys[i], "dropped") != 0)
            continue;
        if (start < i)
            print_text(part, start, i);
        start = i;
    }
}

/* A part as --json shows it: following, each event a line as it comes; otherwise kept for the one
 * document printed at the end. 0, or -1 when out of memory. */
static int json_part(int follow, const wudf_kv *part, wudf_kv *all)
{
    if (follow) {
        wudfctl_json_record_lines(stdout, WUDFCTL_RECORD_EVENT, part);
        return 0;
    }
    for (size_t i = 0; i < part->count; i++)
        if (wudf_kv_add(all, part->keys[i], part->values[i], NULL))
            return -1;
    return 0;
}

static int request(const wudfctl_options *o, const wudfctl_args *a, int follow, wudf_kv *req)
{
    wudf_error err;
    const char *since = wudfctl_option(a, "--since");
    uint64_t since_ms = 0;
    if (since && parse_since(since, &since_ms))
        return wudfctl_usage_error(o->verb, "--since '%s' is not a time: give a UTC time such as "
                                   "2026-12-07T05:01:02Z or an age such as 10m (s, m, h or d)", since);
    int rc = wudf_kv_add(req, "op", "events", &err);
    if (!rc && a->count)
        rc = wudf_kv_add(req, "device", a->operands[0], &err);
    if (!rc && since)
        rc = wudf_kv_addf(req, &err, "since_ms", "%llu", (unsigned long long)since_ms);
    if (!rc && follow)
        rc = wudf_kv_add(req, "follow", "1", &err);
    return rc ? wudfctl_usage_error(o->verb, "%s", err.message) : 0;
}

/* The parts until the last one (or, following, until stopped); the exit code. all: the events for
 * --json without -f. */
static int show(const wudfctl_options *o, wudf_client *c, wudf_tool_stream *s, int follow, wudf_kv *all)
{
    uint32_t waited = 0;
    int got_part = 0;
    for (;;) {
        wudf_kv part;
        int32_t status = 0;
        int last = 0;
        wudf_kv_init(&part);
        int n = wudf_client_stream_next(s, follow ? FOLLOW_SLICE_MS : o->timeout_ms, &status, &part, &last);
        if (n > 0 && status < 0) {
            const char *message = wudf_kv_get(&part, "message"), *by = wudf_kv_get(&part, "denied_by");
            int device = by && strcmp(by, "device") == 0;
            int rc = wudfctl_failed(NULL, o->verb, status, message, device);
            wudf_kv_free(&part);
            return rc;
        }
        int kept = 0;
        if (n > 0) {
            got_part = 1;
            if (o->json)
                kept = json_part(follow, &part, all);
            else
                print_part(&part);
        }
        wudf_kv_free(&part);
        if (kept)
            return wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "events: out of memory");
        /* A reader that went away (| head) is the end, as for journalctl. */
        if (fflush(stdout) != 0 || stop_requested || (n > 0 && last))
            return WUDFCTL_EXIT_OK;
        if (n < 0)
            return wudf_client_lost(c) ? wudfctl_failed(c, o->verb, WUDF_STATUS_PIPE_BROKEN, NULL, 0)
                                       : wudfctl_failed(c, o->verb, WUDF_STATUS_UNSUCCESSFUL, wudf_client_error(c), 0);
        waited = n == 0 ? waited + (follow ? FOLLOW_SLICE_MS : o->timeout_ms) : 0;
        if (n == 0 && (!follow || (!got_part && waited >= o->timeout_ms)))
            return wudfctl_failed(c, o->verb, WUDF_STATUS_IO_TIMEOUT, "events: the reflector did not answer in time",
                                  0);
    }
}

int wudfctl_events(const wudfctl_options *o, const wudfctl_args *a)
{
    int follow = wudfctl_option(a, "-f") || wudfctl_option(a, "--follow");
    wudf_kv req;
    wudf_kv_init(&req);
    int rc = request(o, a, follow, &req);
    wudf_client *c = NULL;
    if (!rc)
        rc = wudfctl_connect(o, WUDF_ROLE_TOOL, &c);
    wudf_tool_stream *s = rc ? NULL : wudf_client_stream_open(c, &req);
    wudf_kv_free(&req);
    if (!rc && !s)
        rc = wudfctl_failed(c, o->verb, WUDF_STATUS_PIPE_BROKEN, NULL, 0);
    if (s) {
        if (follow) {
            signal(SIGINT, on_stop_signal);
            signal(SIGTERM, on_stop_signal);
        }
        if (follow && o->json)
            wudfctl_json_stream();
        wudf_kv all;
        wudf_kv_init(&all);
        rc = show(o, c, s, follow, &all);
        if (!rc && o->json && !follow)
            wudfctl_json_reply(rc, WUDF_STATUS_SUCCESS, &all, "events", WUDFCTL_RECORD_EVENT);
        wudf_kv_free(&all);
        wudf_client_stream_close(s);
    }
    if (c)
        wudf_disconnect(c);
    return rc;
}
