/*
 * The event history of each device in memory: one bounded ring of events per instance id, the
 * bounds across devices, and the recording of a new event (kept, written by events_store.c, pushed
 * to the followers by tool_events.c). events_record.c turns transitions into events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

static wudf_list logs = {&logs, &logs};
static unsigned total;
static uint64_t next_seq = 1;
static int started; /* recording begins once the history is loaded */

static const char *const type_names[WUDF_EVENT_TYPE_COUNT] = {
    "installed", "started", "host-lost", "restarting", "failed", "stopped", "not-present",
    "enabled", "disabled", "removed", "power", "suspended", "resumed", "driver-updated",
};

const char *wudf_event_type_name(unsigned type)
{
    return type < WUDF_EVENT_TYPE_COUNT ? type_names[type] : "unknown";
}

int wudf_event_type_from_name(const char *name)
{
    for (int i = 0; i < WUDF_EVENT_TYPE_COUNT; i++)
        if (strcmp(type_names[i], name) == 0)
            return i;
    return -1;
}

wudf_list *wudf_events_logs(void)
{
    return &logs;
}

const wudf_event *wudf_event_at(const wudf_event_log *log, unsigned i)
{
    return &log->ring[(log->head + i) % log->capacity];
}

wudf_event_log *wudf_events_find(const char *device)
{
    wudf_list *pos;
    for (pos = logs.next; pos != &logs; pos = pos->next) {
        wudf_event_log *log = WUDF_CONTAINER_OF(pos, wudf_event_log, link);
        if (strcmp(log->device, device) == 0)
            return log;
    }
    return NULL;
}

static wudf_event_log *find_or_add(const char *device)
{
    wudf_event_log *log = wudf_events_find(device);
    if (log || strlen(device) >= sizeof log->device)
        return log;
    log = calloc(1, sizeof *log);
    if (!log)
        return NULL;
    snprintf(log->device, sizeof log->device, "%s", device);
    log->last_state = -1;
    wudf_list_add_tail(&logs, &log->link);
    return log;
}

static void log_free(wudf_event_log *log)
{
    total -= log->count;
    wudf_list_remove(&log->link);
    free(log->ring);
    free(log);
}

static void drop_oldest(wudf_event_log *log)
{
    log->head = (log->head + 1) % log->capacity;
    log->count--;
    log->dropped++;
    total--;
}

/* The ring grows by doubling up to the bound, so that a quiet device holds little. */
static int make_room(wudf_event_log *log)
{
    if (log->count < log->capacity)
        return 0;
    if (log->capacity >= WUDF_EVENTS_PER_DEVICE) {
        drop_oldest(log);
        return 0;
    }
    unsigned capacity = log->capacity ? log->capacity * 2 : 16;
    if (capacity > WUDF_EVENTS_PER_DEVICE)
        capacity = WUDF_EVENTS_PER_DEVICE;
    wudf_event *ring = malloc(capacity * sizeof *ring);
    if (!ring)
        return -1;
    for (unsigned i = 0; i < log->count; i++)
        ring[i] = *wudf_event_at(log, i);
    free(log->ring);
    log->ring = ring;
    log->capacity = capacity;
    log->head = 0;
    return 0;
}

/* All devices together: the oldest event anywhere goes first (except keep's newest). */
static void keep_total_bound(const wudf_event_log *keep)
{
    while (total > WUDF_EVENTS_TOTAL) {
        wudf_event_log *oldest = NULL;
        wudf_list *pos;
        for (pos = logs.next; pos != &logs; pos = pos->next) {
            wudf_event_log *log = WUDF_CONTAINER_OF(pos, wudf_event_log, link);
            if (log->count > (log == keep) && (!oldest || wudf_event_at(log, 0)->seq < wudf_event_at(oldest, 0)->seq))
                oldest = log;
        }
        if (!oldest)
            return;
        drop_oldest(oldest);
    }
}

/* Removed devices: the histories of the last WUDF_EVENTS_REMOVED_DEVICES are kept. */
static void keep_removed_bound(void)
{
    for (;;) {
        unsigned removed = 0;
        wudf_event_log *oldest = NULL;
        wudf_list *pos;
        for (pos = logs.next; pos != &logs; pos = pos->next) {
            wudf_event_log *log = WUDF_CONTAINER_OF(pos, wudf_event_log, link);
            if (!log->removed)
                continue;
            removed++;
            if (!oldest || wudf_event_at(log, log->count - 1)->seq < wudf_event_at(oldest, oldest->count - 1)->seq)
                oldest = log;
        }
        if (removed <= WUDF_EVENTS_REMOVED_DEVICES)
            return;
        log_free(oldest);
    }
}

const wudf_event *wudf_events_insert(const char *device, const wudf_event *e)
{
    wudf_event_log *log = find_or_add(device);
    if (!log || make_room(log))
        return NULL;
    wudf_event *slot = &log->ring[(log->head + log->count) % log->capacity];
    *slot = *e;
    log->count++;
    total++;
    if (e->seq >= next_seq)
        next_seq = e->seq + 1;
    log->removed = e->type == WUDF_EVENT_REMOVED;
    if (e->type == WUDF_EVENT_INSTALLED)
        log->failure_ms = log->recovered_ms = 0; /* a new device under this id */
    if (e->type == WUDF_EVENT_HOST_LOST || e->type == WUDF_EVENT_FAILED) {
        log->failure_ms = e->time_ms;
        log->recovered_ms = 0;
    }
    if (e->type == WUDF_EVENT_STARTED && log->failure_ms && !log->recovered_ms)
        log->recovered_ms = e->time_ms;
    keep_total_bound(log);
    if (log->removed)
        keep_removed_bound();
    return slot;
}

int wudf_events_add_dropped(const char *device, uint64_t n)
{
    wudf_event_log *log = find_or_add(device);
    if (!log)
        return -1;
    log->dropped += n;
    return 0;
}

unsigned wudf_events_total(void)
{
    return total;
}

uint64_t wudf_events_now_ms(void)
{
    uv_timeval64_t tv;
    if (uv_gettimeofday(&tv) != 0)
        return 0;
    return (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
}

void wudf_events_time_text(uint64_t time_ms, int with_ms, char *out, size_t size)
{
    /* Days since 1970 to a civil date (proleptic Gregorian), so that no platform's gmtime is needed. */
    int64_t days = (int64_t)(time_ms / 86400000u), rest = (int64_t)(time_ms % 86400000u);
    int64_t z = days + 719468, era = z / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    int n = snprintf(out, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld", (long long)year, (long long)month,
                     (long long)day, (long long)(rest / 3600000), (long long)(rest / 60000 % 60),
                     (long long)(rest / 1000 % 60));
    if (n > 0 && (size_t)n < size)
        snprintf(out + n, size - (size_t)n, with_ms ? ".%03lldZ" : "Z", (long long)(rest % 1000));
}

/* Stamps e, keeps it, writes it to the file and to the followers. */
void wudf_events_record(const char *device, wudf_event *e)
{
    e->seq = next_seq;
    e->time_ms = wudf_events_now_ms();
    const wudf_event *kept = wudf_events_insert(device, e);
    if (!kept) {
        wudf_log(WUDF_LOG_WARN, "event-not-kept", "device=%s type=%s reason=\"out of memory\"", device,
                 wudf_event_type_name(e->type));
        return;
    }
    wudf_events_store_append(device, kept);
    wudf_event_log *log = wudf_events_find(device);
    if (log)
        wudf_events_push(log, kept);
}

wudf_event_log *wudf_events_log_for(const char *device)
{
    return started ? find_or_add(device) : NULL;
}

/* The last failure of each device, from its history, where the store has none (a restart forgot it). */
static void restore_failures(wudf_reflector *r)
{
    wudf_list *pos;
    for (pos = r->devnodes.next; pos != &r->devnodes; pos = pos->next) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        const wudf_event_log *log = wudf_events_find(d->instance_id);
        for (unsigned i = log ? log->count : 0; i-- > 0 && !d->last_failure[0];) {
            const wudf_event *e = wudf_event_at(log, i);
            if (e->type == WUDF_EVENT_INSTALLED)
                break; /* an earlier device under the same id */
            if (e->type != WUDF_EVENT_HOST_LOST && e->type != WUDF_EVENT_FAILED)
                continue;
            snprintf(d->last_failure, sizeof d->last_failure, "%s", e->text);
            wudf_events_time_text(e->time_ms, 0, d->last_failure_time, sizeof d->last_failure_time);
        }
    }
}

void wudf_events_load(wudf_reflector *r)
{
    wudf_events_close();
    uint64_t last = wudf_events_store_load(r->config.state_dir);
    if (last >= next_seq)
        next_seq = last + 1;
    restore_failures(r);
    started = 1;
}

void wudf_events_close(void)
{
    wudf_list *pos;
    for (pos = logs.next; pos != &logs && started; pos = pos->next)
        wudf_events_flush_pending(WUDF_CONTAINER_OF(pos, wudf_event_log, link), NULL);
    wudf_events_forget_exit();
    started = 0;
    wudf_events_store_close();
    while (!wudf_list_empty(&logs))
        log_free(WUDF_CONTAINER_OF(logs.next, wudf_event_log, link));
    next_seq = 1;
}
