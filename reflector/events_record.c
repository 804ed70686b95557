/*
 * Transitions as events: the hooks the device tree, the supervisor, the tool and the power reports
 * call, each turning what just happened into one event of the device's history.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"

/* The exit of the host whose loss comes next (on_host_exit calls both, in that order). */
static struct {
    const wudf_host *host;
    int64_t exit_status;
    int signal;
} exit_note;

static void event_init(wudf_event *e, wudf_event_type type, const wudf_devnode *d)
{
    memset(e, 0, sizeof *e);
    e->type = (uint8_t)type;
    snprintf(e->state, sizeof e->state, "%s", wudf_devnode_state_name(d));
    e->problem = d->problem;
}

/* A host-lost waits for the transition it leads to: d (NULL when gone) gives its state. */
void wudf_events_flush_pending(wudf_event_log *log, const wudf_devnode *d)
{
    if (!log->has_pending)
        return;
    log->has_pending = 0;
    wudf_event *e = &log->pending;
    if (d) {
        snprintf(e->state, sizeof e->state, "%s", wudf_devnode_state_name(d));
        e->problem = d->problem;
        if (d->state == WUDF_DN_RESTARTING) {
            e->fields |= WUDF_EVF_RESTARTS;
            e->restarts = d->restart_count;
            e->restart_limit = g_reflector->config.restart_limit;
        }
    }
    wudf_events_record(log->device, e);
}

static int had_host(int state)
{
    return state == WUDF_DN_STARTING || state == WUDF_DN_STARTED || state == WUDF_DN_RESTARTING ||
           state == WUDF_DN_STOPPING;
}

void wudf_events_state(wudf_devnode *d)
{
    wudf_event_log *log = wudf_events_log_for(d->instance_id);
    if (!log)
        return;
    int before = log->last_state;
    log->last_state = (int)d->state;
    wudf_events_flush_pending(log, d);
    wudf_event e;
    switch (d->state) {
    case WUDF_DN_STARTED:
        event_init(&e, WUDF_EVENT_STARTED, d);
        e.fields = WUDF_EVF_PID;
        e.pid = d->host ? d->host->pid : 0;
        break;
    case WUDF_DN_RESTARTING:
        event_init(&e, WUDF_EVENT_RESTARTING, d);
        e.fields = WUDF_EVF_RESTARTS;
        e.restarts = d->restart_count;
        e.restart_limit = g_reflector->config.restart_limit;
        break;
    case WUDF_DN_FAILED:
        event_init(&e, WUDF_EVENT_FAILED, d);
        snprintf(e.text, sizeof e.text, "%.255s", d->last_failure);
        break;
    case WUDF_DN_DISABLED:
        event_init(&e, WUDF_EVENT_DISABLED, d);
        break;
    case WUDF_DN_STOPPED:
        if (d->problem == CM_PROB_DEVICE_NOT_THERE)
            event_init(&e, WUDF_EVENT_NOT_PRESENT, d);
        else if (had_host(before))
            event_init(&e, WUDF_EVENT_STOPPED, d);
        else
            return;
        break;
    default:
        return; /* starting, stopping: the outcome is the event */
    }
    wudf_events_record(d->instance_id, &e);
}

static void simple(wudf_devnode *d, wudf_event_type type)
{
    wudf_event_log *log = wudf_events_log_for(d->instance_id);
    if (!log)
        return;
    wudf_events_flush_pending(log, d);
    wudf_event e;
    event_init(&e, type, d);
    if (type == WUDF_EVENT_INSTALLED)
        snprintf(e.text, sizeof e.text, "%.255s", d->inf_name);
    if (type == WUDF_EVENT_REMOVED) {
        snprintf(e.state, sizeof e.state, "removed");
        e.problem = 0;
    }
    wudf_events_record(d->instance_id, &e);
}

void wudf_events_installed(wudf_devnode *d)
{
    simple(d, WUDF_EVENT_INSTALLED);
}

void wudf_events_enabled(wudf_devnode *d)
{
    simple(d, WUDF_EVENT_ENABLED);
}

void wudf_events_removed(wudf_devnode *d)
{
    simple(d, WUDF_EVENT_REMOVED);
}

void wudf_events_driver_updated(wudf_devnode *d, const char *from)
{
    wudf_event_log *log = wudf_events_log_for(d->instance_id);
    if (!log)
        return;
    wudf_events_flush_pending(log, d);
    wudf_event e;
    event_init(&e, WUDF_EVENT_DRIVER_UPDATED, d);
    snprintf(e.text, sizeof e.text, "%.110s -> %.64s %.60s", from, d->inf_name, d->driver_version);
    wudf_events_record(d->instance_id, &e);
}

void wudf_events_host_exit(const wudf_host *h, int64_t exit_status, int term_signal)
{
    /* A host already lost (killed for a hang, a violation) exits because of that: the cause stands. */
    if (h->state == WUDF_HOST_DEAD)
        return;
    exit_note.host = h;
    exit_note.exit_status = exit_status;
    exit_note.signal = term_signal;
}

/* What the reason says, in one word; the exit's own numbers when the host exited. */
static void classify(wudf_event *e, const wudf_host *h, const char *reason)
{
    const char *cause = "protocol-violation"; /* the rest: the host broke the wire's rules */
    if (exit_note.host == h && exit_note.signal) {
        cause = "signal";
        e->fields |= WUDF_EVF_SIGNAL;
        e->signal = exit_note.signal;
    } else if (exit_note.host == h) {
        cause = "exit";
        e->fields |= WUDF_EVF_EXIT;
        e->exit_code = exit_note.exit_status;
    } else if (strstr(reason, "heartbeat")) {
        cause = "heartbeat";
    } else if (strstr(reason, "critical timeout")) {
        cause = "critical-timeout";
    } else if (strstr(reason, "closed its channel")) {
        cause = "channel-closed";
    } else if (strstr(reason, "power up")) {
        cause = "power-failure";
    } else if (strstr(reason, "stopped while starting") || strstr(reason, "shutting down")) {
        cause = "stopped";
    }
    snprintf(e->cause, sizeof e->cause, "%s", cause);
    exit_note.host = NULL;
}

void wudf_events_host_lost(wudf_host *h, const char *reason)
{
    wudf_devnode *d = h->devnode;
    wudf_event_log *log = d ? wudf_events_log_for(d->instance_id) : NULL;
    if (!log) {
        exit_note.host = NULL;
        return;
    }
    wudf_events_flush_pending(log, d);
    wudf_event *e = &log->pending;
    event_init(e, WUDF_EVENT_HOST_LOST, d);
    e->fields = WUDF_EVF_PID | WUDF_EVF_FAILED_REQUESTS;
    e->pid = h->pid;
    unsigned failed = wudf_fast_path_in_flight(h);
    wudf_list *pos;
    for (pos = h->pending.next; pos != &h->pending; pos = pos->next)
        failed++;
    e->failed_requests = failed;
    classify(e, h, reason);
    snprintf(e->text, sizeof e->text, "%s", reason);
    log->has_pending = 1;
}

void wudf_events_power(wudf_devnode *d, const wudf_kv *kv)
{
    wudf_event_log *log = wudf_events_log_for(d->instance_id);
    if (!log)
        return;
    const char *request = wudf_kv_get(kv, "request"), *status = wudf_kv_get(kv, "status");
    const char *reason = wudf_kv_get(kv, "reason");
    unsigned long long code = 1;
    int ok = status && sscanf(status, "0x%8llx", &code) == 1 && (int32_t)(uint32_t)code >= 0;
    char now[sizeof log->power_seen];
    snprintf(now, sizeof now, "%.3s/%.3s", d->power_state, d->system_state);
    int changed = log->power_seen[0] && strcmp(log->power_seen, now) != 0;
    snprintf(log->power_seen, sizeof log->power_seen, "%s", now);
    wudf_event_type type = WUDF_EVENT_POWER;
    if (request && ok && strcmp(request, "suspend") == 0)
        type = WUDF_EVENT_SUSPENDED;
    else if (request && ok && strcmp(request, "resume") == 0)
        type = WUDF_EVENT_RESUMED;
    else if (!changed)
        return; /* a host's first report, or no change: nothing happened */
    wudf_event e;
    event_init(&e, type, d);
    e.fields = WUDF_EVF_POWER;
    snprintf(e.power_state, sizeof e.power_state, "%.3s", d->power_state);
    snprintf(e.system_state, sizeof e.system_state, "%.3s", d->system_state);
    if (type == WUDF_EVENT_POWER && reason)
        snprintf(e.text, sizeof e.text, "%s", reason);
    wudf_events_record(d->instance_id, &e);
}

void wudf_events_forget_exit(void)
{
    exit_note.host = NULL;
}
