/*
 * Tool requests (wudfctl): remove, enable, disable, restart, status, and the dispatch of the others
 * (install and the driver store's verbs are in driver_store*.c). Requests that change a device are
 * answered once its state has settled, so the tool can tell the user what happened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_interface.h"
#include "driver_store.h"
#include "events.h"
#include "log.h"
#include "property.h"
#include "reflector.h"


typedef struct waiter {
    wudf_list devnode_link;
    wudf_list all_link;
    wudf_conn *conn;
    wudf_devnode *devnode;
    uint64_t irp_id;
    const char *op;
    char *note;                   /* said after the outcome; NULL for none */
} waiter;

static wudf_list all_waiters = {&all_waiters, &all_waiters};

void wudf_tool_reply(wudf_conn *c, uint64_t irp_id, int32_t status, const char *message, const wudf_devnode *d)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (message)
        wudf_kv_add(&kv, "message", message, &err);
    if (d)
        wudf_devnode_status_kv(d, &kv, &err);
    wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, status, irp_id, &kv);
    wudf_kv_free(&kv);
}

#define reply wudf_tool_reply

static void waiter_free(waiter *w)
{
    wudf_list_remove(&w->devnode_link);
    wudf_list_remove(&w->all_link);
    free(w->note);
    free(w);
}

void wudf_tool_wait(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const char *op, const char *note)
{
    waiter *w = calloc(1, sizeof *w);
    char *copy = note ? strdup(note) : NULL;
    if (!w || (note && !copy)) {
        free(w);
        free(copy);
        reply(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, "out of memory", d);
        return;
    }
    w->conn = c;
    w->devnode = d;
    w->irp_id = irp_id;
    w->op = op;
    w->note = copy;
    wudf_list_add_tail(&d->waiters, &w->devnode_link);
    wudf_list_add_tail(&all_waiters, &w->all_link);
    wudf_devnode_notify_waiters(d);
}

void wudf_devnode_notify_waiters(wudf_devnode *d)
{
    wudf_power_devnode_changed(d);
    wudf_driver_store_devnode_changed(d);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &d->waiters) {
        waiter *w = WUDF_CONTAINER_OF(pos, waiter, devnode_link);
        int removing = strcmp(w->op, "remove") == 0;
        char msg[1200];
        const char *sep = w->note ? "; " : "", *note = w->note ? w->note : "";
        if (d->removed) {
            snprintf(msg, sizeof msg, removing ? "%s removed" : "%s was removed", d->instance_id);
            reply(w->conn, w->irp_id, removing ? WUDF_STATUS_SUCCESS : WUDF_STATUS_NO_SUCH_DEVICE, msg, NULL);
        } else if (removing) {
            continue;
        } else if (d->state == WUDF_DN_STARTED) {
            snprintf(msg, sizeof msg, "%s: %s started%s%s", w->op, d->instance_id, sep, note);
            reply(w->conn, w->irp_id, WUDF_STATUS_SUCCESS, msg, d);
        } else if (d->state == WUDF_DN_FAILED) {
            snprintf(msg, sizeof msg, "%s: %s failed to start (problem %d): %s%s%s", w->op, d->instance_id,
                     d->problem, d->last_failure, sep, note);
            reply(w->conn, w->irp_id, WUDF_STATUS_UNSUCCESSFUL, msg, d);
        } else if (d->state == WUDF_DN_DISABLED) {
            snprintf(msg, sizeof msg, "%s: %s is disabled%s%s", w->op, d->instance_id, sep, note);
            reply(w->conn, w->irp_id, strcmp(w->op, "disable") == 0 ? WUDF_STATUS_SUCCESS
                                                                    : WUDF_STATUS_UNSUCCESSFUL, msg, d);
        } else {
            continue;
        }
        waiter_free(w);
    }
}

void wudf_tool_answer_waiters(wudf_devnode *d, int32_t status, const char *message)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &d->waiters) {
        waiter *w = WUDF_CONTAINER_OF(pos, waiter, devnode_link);
        reply(w->conn, w->irp_id, status, message, d);
        waiter_free(w);
    }
}

void wudf_tool_conn_gone(wudf_conn *c)
{
    wudf_power_conn_gone(c);
    wudf_events_conn_gone(c);
    wudf_driver_store_conn_gone(c);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &all_waiters) {
        waiter *w = WUDF_CONTAINER_OF(pos, waiter, all_link);
        if (w->conn == c)
            waiter_free(w);
    }
}

static void status_all(wudf_conn *c, uint64_t irp_id)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    wudf_list *pos, *tmp;
    int rc = 0;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        if (!rc)
            rc = wudf_devnode_status_kv(WUDF_CONTAINER_OF(pos, wudf_devnode, link), &kv, &err);
    }
    if (rc)
        reply(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message, NULL);
    else
        wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, WUDF_STATUS_SUCCESS, irp_id, &kv);
    wudf_kv_free(&kv);
}

/* The reflector's own figures: what an operator (or a fault campaign) watches for growth. */
static void info(wudf_conn *c, uint64_t irp_id)
{
    wudf_reflector *r = g_reflector;
    size_t rss = 0, conns = 0, files = 0, devnodes = 0;
    uv_resident_set_memory(&rss);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->conns) conns++;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->files) files++;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) devnodes++;
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    int rc = wudf_kv_addf(&kv, &err, "pid", "%d", (int)uv_os_getpid());
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "rss_kib", "%zu", rss / 1024);
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "devices", "%zu", devnodes);
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "connections", "%zu", conns);
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "files", "%zu", files);
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "pending", "%zu", r->pending_count);
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "partial_kib", "%zu", wudf_admission_partial_bytes() / 1024);
    if (rc)
        reply(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message, NULL);
    else
        wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, WUDF_STATUS_SUCCESS, irp_id, &kv);
    wudf_kv_free(&kv);
}

int wudf_tool_save_store(wudf_conn *c, uint64_t irp_id)
{
    wudf_error err;
    if (wudf_store_save(g_reflector, &err)) {
        wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
        reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, err.message, NULL);
        return -1;
    }
    return 0;
}

static void op_device(wudf_conn *c, uint64_t irp_id, const char *op, const wudf_kv *req)
{
    const char *id = wudf_kv_get(req, "device");
    wudf_devnode *d = id ? wudf_devnode_find(g_reflector, id) : NULL;
    if (!d) {
        const char *rest;
        d = id ? wudf_devnode_find_by_link(g_reflector, id, &rest, NULL) : NULL;
    }
    if (!d) {
        char msg[300];
        snprintf(msg, sizeof msg, "no device %s (see `wudfctl list`)", id ? id : "(none given)");
        reply(c, irp_id, WUDF_STATUS_OBJECT_NAME_NOT_FOUND, msg, NULL);
        return;
    }
    if (strcmp(op, "status") == 0) {
        reply(c, irp_id, WUDF_STATUS_SUCCESS, NULL, d);
        return;
    }
    if (strcmp(op, "property") == 0) {
        wudf_tool_property(c, irp_id, d, req);
        return;
    }
    if (d->state == WUDF_DN_STOPPING) {
        reply(c, irp_id, WUDF_STATUS_DEVICE_NOT_READY, "the device is stopping; try again", d);
        return;
    }
    if (strcmp(op, "remove") == 0) {
        /* Registered first: the stop may free the devnode at once, replying as it goes. */
        wudf_tool_wait(c, irp_id, d, "remove", NULL);
        wudf_supervisor_query_stop(d, WUDF_STOP_THEN_REMOVE);
    } else if (strcmp(op, "disable") == 0) {
        d->enabled = 0;
        if (wudf_tool_save_store(c, irp_id))
            return;
        /* The waiter comes after the action, so it sees the new state, not the old one. */
        wudf_supervisor_query_stop(d, WUDF_STOP_THEN_DISABLE);
        wudf_tool_wait(c, irp_id, d, "disable", NULL);
    } else if (strcmp(op, "enable") == 0) {
        int was = d->enabled;
        d->enabled = 1;
        if (!was && wudf_tool_save_store(c, irp_id))
            return;
        if (!was)
            wudf_events_enabled(d);
        if (!d->host) {
            d->restart_count = 0;
            wudf_supervisor_start(d);
        }
        wudf_tool_wait(c, irp_id, d, "enable", NULL);
    } else if (strcmp(op, "suspend") == 0 || strcmp(op, "resume") == 0 || strcmp(op, "wake") == 0) {
        wudf_power_tool(c, irp_id, d, op);
    } else if (strcmp(op, "restart") == 0) {
        if (!d->enabled) {
            reply(c, irp_id, WUDF_STATUS_INVALID_DEVICE_STATE, "the device is disabled; enable it instead", d);
            return;
        }
        wudf_supervisor_query_stop(d, WUDF_STOP_THEN_RESTART);
        wudf_tool_wait(c, irp_id, d, "restart", NULL);
    } else {
        char msg[128];
        snprintf(msg, sizeof msg, "unknown operation '%s'", op);
        reply(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, msg, NULL);
    }
}

void wudf_tool_message(wudf_conn *c, const wudf_msg *msg)
{
    if (msg->type != WUDF_MSG_TOOL_REQUEST) {
        wudf_conn_close(c, "message type not allowed from a tool");
        return;
    }
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &req, &err)) {
        wudf_conn_close(c, err.message);
        return;
    }
    const char *op = wudf_kv_get(&req, "op");
    char q[300];
    wudf_log(WUDF_LOG_DEBUG, "tool-request", "op=%s device=%s pid=%lld", op ? op : "-",
             wudf_log_quote(q, sizeof q, wudf_kv_get(&req, "device") ? wudf_kv_get(&req, "device") : "-"),
             (long long)c->peer.pid);
    if (!op)
        reply(c, msg->irp_id, WUDF_STATUS_INVALID_PARAMETER, "request without op", NULL);
    else if (!wudf_access_may_change(c, op)) {
        char why[300];
        snprintf(why, sizeof why, "%.64s: only administrators may change devices", op);
        reply(c, msg->irp_id, WUDF_STATUS_ACCESS_DENIED, why, NULL);
    } else if (strcmp(op, "status") == 0 && !wudf_kv_get(&req, "device"))
        status_all(c, msg->irp_id);
    else if (strcmp(op, "info") == 0)
        info(c, msg->irp_id);
    else if (strcmp(op, "shutdown") == 0) {
        reply(c, msg->irp_id, WUDF_STATUS_SUCCESS, "reflector stopping", NULL);
        wudf_reflector_shutdown("tool-request");
    } else if (strcmp(op, "install") == 0)
        wudf_tool_install(c, msg->irp_id, &req);
    else if (strcmp(op, "packages") == 0)
        wudf_tool_packages(c, msg->irp_id);
    else if (strcmp(op, "delete-driver") == 0)
        wudf_tool_delete_driver(c, msg->irp_id, &req);
    else if (strcmp(op, "update") == 0)
        wudf_tool_update(c, msg->irp_id, &req);
    else if (strcmp(op, "interfaces") == 0)
        wudf_tool_interfaces(c, msg->irp_id, &req);
    else if (strcmp(op, "events") == 0)
        wudf_tool_events(c, msg->irp_id, &req);
    else
        op_device(c, msg->irp_id, op, &req);
    wudf_kv_free(&req);
}
