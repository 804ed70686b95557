/*
 * op=events: the event history of one device or of all, and its followers. Request keys: device
 * (an instance id or a link; left out: every device), since_ms (UTC milliseconds since 1970: only
 * events from then on), follow ("1": after the history the connection stays subscribed and gets
 * each new event as it is recorded). The answer comes in parts, TOOL_REPLYs with the request's id
 * whose information is 1 while more parts follow and 0 on the last (a follower's answer has no
 * last part). Each record starts with seq (an event) or dropped (how many older events of device
 * the bounds let go).
 *
 * Who sees what: the devices whose access list admits the caller (wudf_access_may_see, as
 * `interfaces` lists them); a removed device's history, whose list went with it, administrators
 * only. A follower that does not read is never waited for: once what is queued for it passes its
 * history plus FOLLOW_BACKLOG, its connection is closed and logged (events-follower-dropped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

#define FOLLOW_BACKLOG (64u * 1024u)
#define FOLLOWERS_MAX 128u
#define PART_RECORDS 256u

typedef struct follower {
    wudf_list link;
    wudf_conn *conn;
    uint64_t irp_id;
    char device[300];             /* "" for every device */
    size_t allowance;             /* what may be queued for it: its history, until read, and the backlog */
} follower;

static wudf_list followers = {&followers, &followers};
static unsigned follower_count;

static follower *follower_of(const wudf_conn *c)
{
    wudf_list *pos;
    for (pos = followers.next; pos != &followers; pos = pos->next)
        if (WUDF_CONTAINER_OF(pos, follower, link)->conn == c)
            return WUDF_CONTAINER_OF(pos, follower, link);
    return NULL;
}

static int may_see(const wudf_conn *c, const wudf_event_log *log)
{
    wudf_devnode *d = log->removed ? NULL : wudf_devnode_find(g_reflector, log->device);
    return d ? wudf_access_may_see(c, d) : wudf_peer_is_admin(&c->peer);
}

static int add_event(wudf_kv *kv, const char *device, const wudf_event *e, wudf_error *err)
{
    char when[40];
    wudf_events_time_text(e->time_ms, 1, when, sizeof when);
    int rc = wudf_kv_addf(kv, err, "seq", "%llu", (unsigned long long)e->seq);
    rc = rc ? rc : wudf_kv_add(kv, "time", when, err);
    rc = rc ? rc : wudf_kv_addf(kv, err, "time_ms", "%llu", (unsigned long long)e->time_ms);
    rc = rc ? rc : wudf_kv_add(kv, "device", device, err);
    rc = rc ? rc : wudf_kv_add(kv, "type", wudf_event_type_name(e->type), err);
    rc = rc ? rc : wudf_kv_add(kv, "state", e->state, err);
    rc = rc ? rc : wudf_kv_addf(kv, err, "problem", "%d", (int)e->problem);
    if (e->fields & WUDF_EVF_PID)
        rc = rc ? rc : wudf_kv_addf(kv, err, "pid", "%lld", (long long)e->pid);
    if (e->cause[0])
        rc = rc ? rc : wudf_kv_add(kv, "cause", e->cause, err);
    if (e->fields & WUDF_EVF_SIGNAL)
        rc = rc ? rc : wudf_kv_addf(kv, err, "signal", "%d", (int)e->signal);
    if (e->fields & WUDF_EVF_EXIT)
        rc = rc ? rc : wudf_kv_addf(kv, err, "exit_code", "%lld", (long long)e->exit_code);
    if (e->fields & WUDF_EVF_FAILED_REQUESTS)
        rc = rc ? rc : wudf_kv_addf(kv, err, "failed_requests", "%u", (unsigned)e->failed_requests);
    if (e->fields & WUDF_EVF_RESTARTS) {
        rc = rc ? rc : wudf_kv_addf(kv, err, "restarts", "%u", (unsigned)e->restarts);
        rc = rc ? rc : wudf_kv_addf(kv, err, "restart_limit", "%u", (unsigned)e->restart_limit);
    }
    if (e->fields & WUDF_EVF_POWER) {
        rc = rc ? rc : wudf_kv_add(kv, "power_state", e->power_state, err);
        rc = rc ? rc : wudf_kv_add(kv, "system_state", e->system_state, err);
    }
    if (e->text[0])
        rc = rc ? rc : wudf_kv_add(kv, e->type == WUDF_EVENT_INSTALLED ? "inf" : "reason", e->text, err);
    return rc;
}

/* One part of the answer; its encoded size, or 0 when it could not be sent. */
static size_t send_part(wudf_conn *c, uint64_t irp_id, const wudf_kv *kv, int more)
{
    wudf_error err;
    uint8_t *payload;
    uint32_t length;
    if (wudf_kv_encode(kv, &payload, &length, &err))
        return 0;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_TOOL_REPLY);
    m.irp_id = irp_id;
    m.information = (uint64_t)more;
    m.payload = payload;
    m.payload_length = length;
    int rc = wudf_conn_send(c, &m);
    free(payload);
    return rc ? 0 : wudf_msg_encoded_size(&m);
}

static void refuse(wudf_conn *c, uint64_t irp_id, int32_t status, const char *message)
{
    wudf_tool_reply(c, irp_id, status, message, NULL);
}

typedef struct entry {
    const wudf_event *event;
    const char *device;
} entry;

static int by_seq(const void *a, const void *b)
{
    const wudf_event *x = ((const entry *)a)->event, *y = ((const entry *)b)->event;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The history as parts of PART_RECORDS records: the drop counts, then the events by seq. Returns the
 * bytes sent, or 0 after a refusal. */
static size_t send_history(wudf_conn *c, uint64_t irp_id, const char *device, uint64_t since, int follow)
{
    wudf_list *all = wudf_events_logs(), *pos;
    entry *entries = calloc(wudf_events_total() + 1, sizeof *entries);
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    size_t n = 0, records = 0, sent = 0;
    int rc = entries ? 0 : wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
    for (pos = all->next; pos != all && !rc; pos = pos->next) {
        const wudf_event_log *log = WUDF_CONTAINER_OF(pos, wudf_event_log, link);
        if ((device && strcmp(device, log->device) != 0) || !may_see(c, log))
            continue;
        for (unsigned i = 0; i < log->count && n < wudf_events_total(); i++)
            if (wudf_event_at(log, i)->time_ms >= since)
                entries[n++] = (entry){wudf_event_at(log, i), log->device};
        if (log->dropped) {
            rc = wudf_kv_addf(&kv, &err, "dropped", "%llu", (unsigned long long)log->dropped);
            rc = rc ? rc : wudf_kv_add(&kv, "device", log->device, &err);
            records++;
        }
    }
    if (entries)
        qsort(entries, n, sizeof *entries, by_seq);
    for (size_t i = 0; i <= n && !rc; i++) {
        if (i == n || records == PART_RECORDS) {
            size_t bytes = send_part(c, irp_id, &kv, follow || i < n);
            rc = bytes ? 0 : wudf_error_set(&err, WUDF_EIO, "the answer could not be sent");
            sent += bytes;
            wudf_kv_free(&kv);
            wudf_kv_init(&kv);
            records = 0;
        }
        if (i < n && !rc) {
            rc = add_event(&kv, entries[i].device, entries[i].event, &err);
            records++;
        }
    }
    free(entries);
    wudf_kv_free(&kv);
    if (rc && !sent)
        refuse(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message);
    return rc ? 0 : sent;
}

/* The device a request names: its instance id in name, "" for every device; 0, or a refusal sent. */
static int which_device(wudf_conn *c, uint64_t irp_id, const char *id, char *name, size_t size)
{
    char msg[700];
    name[0] = '\0';
    if (!id)
        return 0;
    const char *rest;
    wudf_devnode *d = wudf_devnode_find(g_reflector, id);
    d = d ? d : wudf_devnode_find_by_link(g_reflector, id, &rest, NULL);
    snprintf(name, size, "%s", d ? d->instance_id : id);
    const wudf_event_log *log = wudf_events_find(name);
    if (!d && !log) {
        snprintf(msg, sizeof msg, "events: no device %.300s (see `wudfctl list`)", id);
        refuse(c, irp_id, WUDF_STATUS_OBJECT_NAME_NOT_FOUND, msg);
        return -1;
    }
    if (d ? wudf_access_may_see(c, d) : wudf_peer_is_admin(&c->peer))
        return 0;
    /* denied_by tells the tool which remedy to name: the device's access list, or an administrator. */
    wudf_kv kv;
    wudf_kv_init(&kv);
    if (d)
        snprintf(msg, sizeof msg, "events: %.300s", name);
    else
        snprintf(msg, sizeof msg, "events: %.300s was removed; its history is for administrators", name);
    wudf_kv_add(&kv, "message", msg, NULL);
    wudf_kv_add(&kv, "denied_by", d ? "device" : "role", NULL);
    wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, WUDF_STATUS_ACCESS_DENIED, irp_id, &kv);
    wudf_kv_free(&kv);
    return -1;
}

void wudf_tool_events(wudf_conn *c, uint64_t irp_id, const wudf_kv *req)
{
    const char *follow = wudf_kv_get(req, "follow");
    uint64_t since = 0;
    wudf_error err;
    char name[300];
    if (wudf_kv_get(req, "since_ms") && wudf_kv_get_u64(req, "since_ms", &since, &err)) {
        refuse(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, "events: since_ms is not a number of milliseconds");
        return;
    }
    if (follow && strcmp(follow, "0") != 0 && strcmp(follow, "1") != 0) {
        refuse(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, "events: follow is 0 or 1");
        return;
    }
    int following = follow && follow[0] == '1';
    if (following && follower_count >= FOLLOWERS_MAX) {
        refuse(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, "events: too many followers; try again later");
        return;
    }
    /* One a connection: closing a connection then lets go of exactly the follower being served. */
    if (following && follower_of(c)) {
        refuse(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, "events: this connection follows events already");
        return;
    }
    if (which_device(c, irp_id, wudf_kv_get(req, "device"), name, sizeof name))
        return;
    size_t sent = send_history(c, irp_id, name[0] ? name : NULL, since, following);
    /* A connection that closed while its history was sent has no follower to keep. */
    follower *f = following && sent && !c->closing ? calloc(1, sizeof *f) : NULL;
    if (!f)
        return;
    f->conn = c;
    f->irp_id = irp_id;
    snprintf(f->device, sizeof f->device, "%s", name);
    f->allowance = sent + FOLLOW_BACKLOG;
    wudf_list_add_tail(&followers, &f->link);
    follower_count++;
}

static void follower_free(follower *f)
{
    wudf_list_remove(&f->link);
    follower_count--;
    free(f);
}

void wudf_events_push(const wudf_event_log *log, const wudf_event *e)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &followers) {
        follower *f = WUDF_CONTAINER_OF(pos, follower, link);
        if ((f->device[0] && strcmp(f->device, log->device) != 0) || !may_see(f->conn, log))
            continue;
        size_t queued = f->conn->sink ? 0 : uv_stream_get_write_queue_size((uv_stream_t *)&f->conn->pipe);
        if (queued > f->allowance) {
            wudf_log(WUDF_LOG_WARN, "events-follower-dropped", "conn=%llu pid=%lld queued=%zu limit=%zu",
                     (unsigned long long)f->conn->serial, (long long)f->conn->peer.pid, queued, f->allowance);
            wudf_conn_close(f->conn, "event follower does not read its events"); /* frees f */
            continue;
        }
        if (queued <= FOLLOW_BACKLOG)
            f->allowance = FOLLOW_BACKLOG; /* its history has been read */
        wudf_kv kv;
        wudf_error err;
        wudf_kv_init(&kv);
        if (add_event(&kv, log->device, e, &err) == 0)
            send_part(f->conn, f->irp_id, &kv, 1);
        wudf_kv_free(&kv);
    }
}

void wudf_events_conn_gone(wudf_conn *c)
{
    follower *f = follower_of(c);
    if (f)
        follower_free(f);
}
