/*
 * The removal of a device other hosts hold remote files on, in the order UMDF's remote targets see
 * it (IRemoteTargetCallbackRemoval). An orderly stop first asks every holder (event=query-remove);
 * each answers once its driver closed the file for the query or refused. When all agree (or the
 * critical timeout passes without an answer) the stop goes on, and once the device's host has left
 * every holder gets remove-complete. One refusal cancels the removal: the holders get
 * remove-canceled, the device stays started and the tool that asked is told why. A device that goes
 * without asking (its host died, a USB device was unplugged) only gives remove-complete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "remote.h"

typedef struct holder_entry {
    wudf_list link;
    wudf_host *holder;
    uint32_t file_id;
    int answered;
    int allowed;
} holder_entry;

typedef struct removal {
    wudf_list link;
    wudf_devnode *devnode;
    int then;          /* what the stop is for (wudf_supervisor_stop) */
    int proceeding;    /* all agreed: the stop goes on; remove-complete follows */
    uint64_t deadline_ms;
    uv_timer_t timer;  /* the deadline, and a look again after a holder left */
    wudf_list entries; /* holder_entry */
} removal;

static wudf_list removals = {&removals, &removals};

static removal *removal_of(const wudf_devnode *d)
{
    for (wudf_list *pos = removals.next; pos != &removals; pos = pos->next) {
        removal *q = WUDF_CONTAINER_OF(pos, removal, link);
        if (q->devnode == d)
            return q;
    }
    return NULL;
}

static void tell_holder(wudf_host *holder, const char *event, uint32_t file_id)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    if (!wudf_kv_add(&kv, "event", event, NULL) && !wudf_kv_addf(&kv, NULL, "file", "%u", (unsigned)file_id))
        wudf_remote_send_event(holder, &kv);
    wudf_kv_free(&kv);
}

static void removal_free(removal *q)
{
    while (!wudf_list_empty(&q->entries)) {
        holder_entry *e = WUDF_CONTAINER_OF(q->entries.next, holder_entry, link);
        wudf_list_remove(&e->link);
        free(e);
    }
    free(q);
}

static void removal_closed(uv_handle_t *handle)
{
    removal_free(handle->data);
}

static void removal_end(removal *q)
{
    wudf_list_remove(&q->link);
    uv_close((uv_handle_t *)&q->timer, removal_closed);
}

static int add_entry(removal *q, wudf_host *holder, uint32_t file_id)
{
    holder_entry *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    e->holder = holder;
    e->file_id = file_id;
    wudf_list_add_tail(&q->entries, &e->link);
    return 0;
}

/* The remote files other hosts hold on d's current host, as entries of q (or each given to fn). */
static unsigned each_holder_file(wudf_devnode *d, removal *q, void (*fn)(wudf_host *, uint32_t, removal *))
{
    unsigned n = 0;
    for (wudf_list *pos = wudf_remote_all.next; pos != &wudf_remote_all; pos = pos->next) {
        wudf_remote *r = WUDF_CONTAINER_OF(pos, wudf_remote, link);
        if (!r->conn)
            continue;
        for (wudf_list *f = r->conn->files.next; f != &r->conn->files; f = f->next) {
            wudf_file *file = WUDF_CONTAINER_OF(f, wudf_file, conn_link);
            if (file->devnode != d || !file->open || file->closing || file->generation != d->generation)
                continue;
            fn(r->host, file->client_file_id, q);
            n++;
        }
    }
    return n;
}

static void collect(wudf_host *holder, uint32_t file_id, removal *q)
{
    if (add_entry(q, holder, file_id))
        wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=query-remove-without-holder file=%u", (unsigned)file_id);
}

static void veto(removal *q, const holder_entry *by)
{
    wudf_devnode *d = q->devnode;
    for (wudf_list *pos = q->entries.next; pos != &q->entries; pos = pos->next) {
        holder_entry *e = WUDF_CONTAINER_OF(pos, holder_entry, link);
        if (!e->answered || e->allowed)
            tell_holder(e->holder, "remove-canceled", e->file_id);
    }
    const char *holder = by->holder->devnode ? by->holder->devnode->instance_id : "-";
    char who[400], why[1100];
    snprintf(who, sizeof who, "%s (its OnRemoteTargetQueryRemove returned FALSE)", holder);
    snprintf(why, sizeof why, "the removal of %s was vetoed by %s", d->instance_id, who);
    int then = q->then;
    removal_end(q);
    wudf_pnp_removal_vetoed(d, then, who, why);
}

static void proceed(removal *q)
{
    q->proceeding = 1;
    uv_timer_stop(&q->timer);
    wudf_log(WUDF_LOG_INFO, "query-remove-agreed", "device=%s", q->devnode->instance_id);
    wudf_supervisor_stop(q->devnode, q->then); /* wudf_remote_query_remove lets it through now */
}

/* Decides once every holder has answered; the first refusal decides at once. */
static void evaluate(removal *q)
{
    if (q->proceeding)
        return;
    for (wudf_list *pos = q->entries.next; pos != &q->entries; pos = pos->next) {
        holder_entry *e = WUDF_CONTAINER_OF(pos, holder_entry, link);
        if (e->answered && !e->allowed) {
            veto(q, e);
            return;
        }
    }
    for (wudf_list *pos = q->entries.next; pos != &q->entries; pos = pos->next)
        if (!WUDF_CONTAINER_OF(pos, holder_entry, link)->answered)
            return;
    proceed(q);
}

static void on_timer(uv_timer_t *timer)
{
    removal *q = timer->data;
    uint64_t now = wudf_now_ms();
    for (wudf_list *pos = q->entries.next; pos != &q->entries && now >= q->deadline_ms; pos = pos->next) {
        holder_entry *e = WUDF_CONTAINER_OF(pos, holder_entry, link);
        if (e->answered)
            continue;
        /* A holder that does not answer in time is taken to agree: its file is closed when the device goes. */
        wudf_log(WUDF_LOG_WARN, "query-remove-unanswered", "device=%s holder=%s file=%u",
                 q->devnode->instance_id, e->holder->devnode ? e->holder->devnode->instance_id : "-",
                 (unsigned)e->file_id);
        e->answered = e->allowed = 1;
    }
    evaluate(q);
    if (!q->proceeding && removal_of(q->devnode) == q && now < q->deadline_ms)
        uv_timer_start(&q->timer, on_timer, q->deadline_ms - now, 0);
}

int wudf_remote_query_remove(wudf_devnode *d, int then)
{
    removal *q = removal_of(d);
    if (q) {
        /* Asking is over when the reflector shuts down or the device is unplugged meanwhile. */
        if (g_reflector->shutting_down || then == WUDF_STOP_THEN_NOT_PRESENT) {
            q->proceeding = 1;
            uv_timer_stop(&q->timer);
        }
        return !q->proceeding;
    }
    wudf_host *h = d->host;
    /* Nobody is asked when the device is already gone (unplugged) or the reflector shuts down. */
    if (g_reflector->shutting_down || then == WUDF_STOP_THEN_NOT_PRESENT || !h || h->state != WUDF_HOST_RUNNING ||
        !h->conn)
        return 0;
    q = calloc(1, sizeof *q);
    if (!q)
        return 0;
    q->devnode = d;
    q->then = then;
    wudf_list_init(&q->entries);
    each_holder_file(d, q, collect);
    if (wudf_list_empty(&q->entries)) {
        removal_free(q);
        return 0;
    }
    uv_timer_init(g_reflector->loop, &q->timer);
    q->timer.data = q;
    q->deadline_ms = wudf_now_ms() + g_reflector->config.critical_timeout_ms;
    uv_timer_start(&q->timer, on_timer, g_reflector->config.critical_timeout_ms, 0);
    wudf_list_add_tail(&removals, &q->link);
    unsigned n = 0;
    for (wudf_list *pos = q->entries.next; pos != &q->entries; pos = pos->next, n++) {
        holder_entry *e = WUDF_CONTAINER_OF(pos, holder_entry, link);
        tell_holder(e->holder, "query-remove", e->file_id);
    }
    wudf_log(WUDF_LOG_INFO, "query-remove", "device=%s holders=%u", d->instance_id, n);
    /* Stopping from now on: no new opens, and a crash meanwhile still ends in what was asked for. */
    d->stop_then = then;
    wudf_devnode_set_state(d, WUDF_DN_STOPPING, d->problem);
    return 1;
}

void wudf_remote_removal_answer(wudf_host *h, const wudf_kv *kv)
{
    uint64_t file = 0;
    const char *allow = wudf_kv_get(kv, "allow");
    if (wudf_kv_get_u64(kv, "file", &file, NULL) || file > UINT32_MAX || !allow ||
        (strcmp(allow, "0") != 0 && strcmp(allow, "1") != 0)) {
        wudf_log(WUDF_LOG_WARN, "remote-event-ignored", "device=%s event=query-remove-answer reason=malformed",
                 h->devnode ? h->devnode->instance_id : "-");
        return;
    }
    for (wudf_list *pos = removals.next; pos != &removals; pos = pos->next) {
        removal *q = WUDF_CONTAINER_OF(pos, removal, link);
        for (wudf_list *i = q->entries.next; i != &q->entries; i = i->next) {
            holder_entry *e = WUDF_CONTAINER_OF(i, holder_entry, link);
            if (e->holder != h || e->file_id != (uint32_t)file || e->answered)
                continue;
            e->answered = 1;
            e->allowed = allow[0] == '1';
            wudf_log(WUDF_LOG_INFO, "query-remove-answer", "device=%s holder=%s file=%u allow=%d",
                     q->devnode->instance_id, h->devnode ? h->devnode->instance_id : "-", (unsigned)file, e->allowed);
            evaluate(q);
            return;
        }
    }
    /* Late (the removal was decided) or about nothing asked: nothing to do. */
}

static void complete_for(wudf_host *holder, uint32_t file_id, removal *q)
{
    for (wudf_list *pos = q ? q->entries.next : NULL; q && pos != &q->entries; pos = pos->next) {
        holder_entry *e = WUDF_CONTAINER_OF(pos, holder_entry, link);
        if (e->holder == holder && e->file_id == file_id)
            return; /* told below with the others asked */
    }
    tell_holder(holder, "remove-complete", file_id);
}

void wudf_remote_removal_gone(wudf_host *h)
{
    /* As a holder: its answers are not waited for any more. */
    for (wudf_list *pos = removals.next, *next; pos != &removals; pos = next) {
        next = pos->next;
        removal *q = WUDF_CONTAINER_OF(pos, removal, link);
        for (wudf_list *i = q->entries.next, *inext; i != &q->entries; i = inext) {
            inext = i->next;
            holder_entry *e = WUDF_CONTAINER_OF(i, holder_entry, link);
            if (e->holder == h) {
                wudf_list_remove(&e->link);
                free(e);
            }
        }
        if (!q->proceeding && q->devnode->host != h)
            uv_timer_start(&q->timer, on_timer, 0, 0); /* decided from the loop, not inside this host's end */
    }
    /* As the device's host: its holders hear that the device is gone, those asked and those not. */
    wudf_devnode *d = h->devnode;
    if (!d || d->host != h)
        return;
    removal *q = removal_of(d);
    unsigned n = each_holder_file(d, q, complete_for);
    for (wudf_list *pos = q ? q->entries.next : NULL; q && pos != &q->entries; pos = pos->next, n++) {
        holder_entry *e = WUDF_CONTAINER_OF(pos, holder_entry, link);
        tell_holder(e->holder, "remove-complete", e->file_id);
    }
    if (n)
        wudf_log(WUDF_LOG_INFO, "remote-remove-complete", "device=%s holders=%u", d->instance_id, n);
    if (q)
        removal_end(q);
}
