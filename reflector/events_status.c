/*
 * What `wudfctl status DEVICE` shows beside the state, from the supervisor and the event history:
 * how long ago the host last answered a heartbeat, the last event, the driver bugs counted this run,
 * and whether the last failure is still the device's state or a restart has succeeded since.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"

/* The bug's name from the fields of a driver-bug line ("bug=double-complete"), else what found it. */
static void bug_name(const char *fields, char *out, size_t size)
{
    const char *at = strstr(fields, " bug=");
    if (!at) {
        snprintf(out, size, "unnamed");
        return;
    }
    at += 5;
    if (*at == '"')
        at++;
    size_t n = strcspn(at, "\" ");
    snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), at);
}

static void count_bug(const char *device, const char *name)
{
    wudf_event_log *log = wudf_events_log_for(device);
    if (!log)
        return;
    log->driver_bugs++;
    snprintf(log->last_driver_bug, sizeof log->last_driver_bug, "%s", name);
    uv_timeval64_t tv;
    log->last_driver_bug_ms = uv_gettimeofday(&tv) == 0 ? (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u
                                                       : 0;
}

void wudf_events_host_line(const char *device, const char *fields)
{
    static const char prefix[] = "event=driver-bug";
    if (strncmp(fields, prefix, sizeof prefix - 1) != 0 || (fields[sizeof prefix - 1] && fields[sizeof prefix - 1] != ' '))
        return;
    char name[48];
    bug_name(fields, name, sizeof name);
    count_bug(device, name);
}

void wudf_events_driver_bug(const wudf_devnode *d, const char *bug)
{
    count_bug(d->instance_id, bug);
}

int wudf_events_status(const wudf_devnode *d, wudf_kv *kv, wudf_error *err)
{
    int rc = 0;
    const wudf_host *h = d->host;
    if (h && h->state != WUDF_HOST_DEAD)
        rc = wudf_kv_addf(kv, err, "heartbeat_age_ms", "%llu", (unsigned long long)(wudf_now_ms() - h->last_pong_ms));
    const wudf_event_log *log = wudf_events_find(d->instance_id);
    char when[40];
    if (log && log->count) {
        const wudf_event *e = wudf_event_at(log, log->count - 1);
        wudf_events_time_text(e->time_ms, 1, when, sizeof when);
        rc = rc ? rc : wudf_kv_add(kv, "last_event", wudf_event_type_name(e->type), err);
        rc = rc ? rc : wudf_kv_add(kv, "last_event_time", when, err);
    }
    rc = rc ? rc : wudf_kv_addf(kv, err, "driver_bugs", "%llu", (unsigned long long)(log ? log->driver_bugs : 0));
    if (log && log->driver_bugs) {
        wudf_events_time_text(log->last_driver_bug_ms, 1, when, sizeof when);
        rc = rc ? rc : wudf_kv_add(kv, "last_driver_bug", log->last_driver_bug, err);
        rc = rc ? rc : wudf_kv_add(kv, "last_driver_bug_time", when, err);
    }
    /* The last failure stays in the status; once a host has started after it, it is history. */
    int current = d->last_failure[0] && !(log && log->recovered_ms);
    rc = rc ? rc : wudf_kv_addf(kv, err, "last_failure_current", "%d", current);
    if (d->last_failure[0] && log && log->recovered_ms) {
        wudf_events_time_text(log->recovered_ms, 1, when, sizeof when);
        rc = rc ? rc : wudf_kv_add(kv, "last_failure_recovered_at", when, err);
    }
    return rc;
}
