/*
 * Power, as the reflector sees it: `wudfctl suspend|resume DEVICE` simulates the system going to
 * sleep and coming back for one device (WUDF_MSG_POWER to its host, which stops its queues with
 * OnIoStop and leaves D0, or comes back), `wudfctl wake DEVICE` the device's own wake signal (the
 * host refuses it unless the device is armed for wake), and every HOST_EVENT event=power the host sends records
 * the device's power state, idle and wake settings for `wudfctl status`. One power request per
 * device at a time; its answer comes with the host's report, or when the host goes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "log.h"
#include "reflector.h"

typedef struct power_waiter {
    wudf_list link;
    wudf_conn *conn;
    wudf_devnode *devnode;
    uint64_t irp_id;
    char op[16];
} power_waiter;

static wudf_list waiters = {&waiters, &waiters};

static power_waiter *waiter_of(const wudf_devnode *d)
{
    wudf_list *pos;
    for (pos = waiters.next; pos != &waiters; pos = pos->next) {
        power_waiter *w = WUDF_CONTAINER_OF(pos, power_waiter, link);
        if (w->devnode == d)
            return w;
    }
    return NULL;
}

static void answer(power_waiter *w, int32_t status, const char *message)
{
    if (w->conn)
        wudf_tool_reply(w->conn, w->irp_id, status, message, w->devnode->removed ? NULL : w->devnode);
    wudf_list_remove(&w->link);
    free(w);
}

void wudf_power_tool(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const char *op)
{
    char msg[400];
    wudf_host *h = d->host;
    if (d->state != WUDF_DN_STARTED || !h || h->state != WUDF_HOST_RUNNING || !h->conn) {
        snprintf(msg, sizeof msg, "%s: %s is not started (state %s)", op, d->instance_id, wudf_devnode_state_name(d));
        wudf_tool_reply(c, irp_id, WUDF_STATUS_INVALID_DEVICE_STATE, msg, d);
        return;
    }
    if (waiter_of(d)) {
        snprintf(msg, sizeof msg, "%s: a power request for %s is in progress; try again", op, d->instance_id);
        wudf_tool_reply(c, irp_id, WUDF_STATUS_DEVICE_BUSY, msg, d);
        return;
    }
    power_waiter *w = calloc(1, sizeof *w);
    if (!w) {
        wudf_tool_reply(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, "out of memory", d);
        return;
    }
    w->conn = c;
    w->devnode = d;
    w->irp_id = irp_id;
    snprintf(w->op, sizeof w->op, "%s", op);
    wudf_list_add_tail(&waiters, &w->link);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_POWER);
    m.device_id = d->handle;
    m.minor = strcmp(op, "suspend") == 0 ? WUDF_POWER_MINOR_SUSPEND
              : strcmp(op, "wake") == 0  ? WUDF_POWER_MINOR_WAKE
                                         : WUDF_POWER_MINOR_RESUME;
    wudf_log(WUDF_LOG_INFO, "power-request", "device=%s request=%s", d->instance_id, op);
    if (wudf_conn_send(h->conn, &m))
        answer(w, WUDF_STATUS_DEVICE_NOT_READY, "the host's channel is closing");
}

/* Copies a host-given value into a devnode field: bounded, printable text only. */
static void take(char *out, size_t size, const char *value)
{
    size_t n = 0;
    for (; value && value[n] && n + 1 < size; n++)
        out[n] = (unsigned char)value[n] >= 0x20 && value[n] != 0x7f ? value[n] : '?';
    out[n] = '\0';
}

static int one_of(const char *value, const char *const *allowed)
{
    for (; value && *allowed; allowed++)
        if (strcmp(value, *allowed) == 0)
            return 1;
    return 0;
}

void wudf_power_host_event(wudf_host *h, const wudf_kv *kv)
{
    static const char *const states[] = {"D0", "D1", "D2", "D3", NULL};
    static const char *const systems[] = {"S0", "S3", NULL};
    wudf_devnode *d = h->devnode;
    const char *state = wudf_kv_get(kv, "power_state"), *system = wudf_kv_get(kv, "system_state");
    const char *request = wudf_kv_get(kv, "request"), *message = wudf_kv_get(kv, "message");
    if (!d)
        return;
    /* Untrusted: only the states there are are recorded. */
    if (state && one_of(state, states) && one_of(system, systems)) {
        uint64_t downs = 0, ups = 0;
        wudf_error err;
        if (wudf_kv_get_u64(kv, "idle_downs", &downs, &err) || downs > UINT32_MAX)
            downs = d->idle_downs;
        if (wudf_kv_get_u64(kv, "wakeups", &ups, &err) || ups > UINT32_MAX)
            ups = d->wakeups;
        take(d->power_state, sizeof d->power_state, state);
        take(d->system_state, sizeof d->system_state, system);
        take(d->power_idle, sizeof d->power_idle, wudf_kv_get(kv, "idle"));
        take(d->power_wake, sizeof d->power_wake, wudf_kv_get(kv, "wake"));
        take(d->usb_bus_power, sizeof d->usb_bus_power, wudf_kv_get(kv, "usb_bus"));
        d->idle_downs = (unsigned)downs;
        d->wakeups = (unsigned)ups;
        char q[160];
        const char *reason = wudf_kv_get(kv, "reason");
        wudf_log(WUDF_LOG_INFO, "power", "device=%s state=%s system=%s reason=%s idle_downs=%u wakeups=%u",
                 d->instance_id, d->power_state, d->system_state,
                 wudf_log_quote(q, sizeof q, reason ? reason : "-"), d->idle_downs, d->wakeups);
        wudf_events_power(d, kv);
    }
    power_waiter *w = waiter_of(d);
    if (!request || !w || strcmp(request, w->op) != 0)
        return;
    unsigned long long status = 0;
    const char *text = wudf_kv_get(kv, "status");
    if (!text || sscanf(text, "0x%8llx", &status) != 1)
        status = (uint32_t)WUDF_STATUS_UNSUCCESSFUL;
    char msg[700];
    if ((int32_t)(uint32_t)status >= 0)
        snprintf(msg, sizeof msg, "%s: %s is in %s, the system in %s%s%s", w->op, d->instance_id, d->power_state,
                 d->system_state, message ? ": " : "", message ? message : "");
    else
        snprintf(msg, sizeof msg, "%s: %s: %s", w->op, d->instance_id, message ? message : "refused by the host");
    answer(w, (int32_t)(uint32_t)status, msg);
}

void wudf_power_devnode_changed(wudf_devnode *d)
{
    if (d->state == WUDF_DN_STARTED && !d->removed)
        return;
    d->power_state[0] = d->system_state[0] = d->power_idle[0] = d->power_wake[0] = '\0';
    power_waiter *w = waiter_of(d);
    if (w) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s: %s left the started state (%s) before it answered", w->op, d->instance_id,
                 d->removed ? "removed" : wudf_devnode_state_name(d));
        answer(w, WUDF_STATUS_DRIVER_PROCESS_TERMINATED, msg);
    }
}

void wudf_power_conn_gone(wudf_conn *c)
{
    wudf_list *pos;
    for (pos = waiters.next; pos != &waiters; pos = pos->next) {
        power_waiter *w = WUDF_CONTAINER_OF(pos, power_waiter, link);
        if (w->conn == c)
            w->conn = NULL; /* the request goes on; nobody hears its answer */
    }
}
