/*
 * Tool requests (wudfctl): install from an INF, remove, enable, disable,
 * restart, status. Requests that change a device are answered once its state
 * has settled, so the tool can tell the user what happened.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_interface.h"
#include "events.h"
#include "inf.h"
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

static int save_store(wudf_conn *c, uint64_t irp_id)
{
    wudf_error err;
    if (wudf_store_save(g_reflector, &err)) {
        wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
        reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, err.message, NULL);
        return -1;
    }
    return 0;
}

/* ROOT\ECHO -> ROOT\ECHO\0000, the next free number (devcon names root devices the same way). */
static int make_instance_id(const char *hwid, char *buf, size_t size)
{
    char base[300];
    /* Hardware ids are case-insensitive: Root\Thermo is ROOT\THERMO. */
    int root = 1;
    for (size_t i = 0; i < 5 && root; i++)
        root = tolower((unsigned char)hwid[i]) == "root\\"[i];
    if (root) {
        snprintf(base, sizeof base, "ROOT\\%s", hwid + 5);
    } else {
        snprintf(base, sizeof base, "ROOT\\%s", hwid);
        for (char *p = base + 5; *p; p++)
            if (*p == '\\')
                *p = '_';
    }
    for (char *p = base; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    for (unsigned n = 0; n < 10000; n++) {
        int w = snprintf(buf, size, "%s\\%04u", base, n);
        if (w < 0 || (size_t)w >= size)
            return -1;
        if (!wudf_devnode_find(g_reflector, buf))
            return 0;
    }
    return -1;
}

/* "driver package oemN.inf added for A, B" (or "already added"): what an install registered. */
static void package_note(const wudf_package *p, int added, char *buf, size_t size)
{
    char ids[560];
    wudf_package_ids_text(p, ids, sizeof ids);
    snprintf(buf, size, "driver package %.64s %s for %s", p->inf_name, added ? "added" : "(already added)", ids);
}

static void unstage(wudf_package *p, int added)
{
    if (added) {
        wudf_list_remove(&p->link);
        free(p);
    }
}

/* A USB hardware id: the package is what there is to install (pnputil /add-driver /install). The
 * reply waits for a device that binds at once, if one does. */
static void install_usb(wudf_conn *c, uint64_t irp_id, wudf_package *p, int added)
{
    char note[700], msg[800];
    package_note(p, added, note, sizeof note);
    wudf_usb_pnp_rescan();
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->usb && strcmp(d->inf_name, p->inf_name) == 0 && d->state == WUDF_DN_STARTING) {
            wudf_tool_wait(c, irp_id, d, "install", note);
            return;
        }
    }
    snprintf(msg, sizeof msg, "%s; no such device is present: it starts when plugged in", note);
    reply(c, irp_id, WUDF_STATUS_SUCCESS, msg, NULL);
}

/* devcon install INF ID: the INF goes to the store as a package with every models line's hardware
 * id (so a USB device of any of them binds to it, now or when plugged in), and ID (default: the
 * first models line's) gets one root-enumerated device; a USB\ ID gets none, as no root device can
 * stand for USB hardware (pnputil /add-driver /install). */
static void op_install(wudf_conn *c, uint64_t irp_id, const wudf_kv *req)
{
    const char *inf_path = wudf_kv_get(req, "inf"), *hwid = wudf_kv_get(req, "hwid");
    char msg[600];
    if (!inf_path) {
        reply(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, "install: no INF file given", NULL);
        return;
    }
    wudf_error err;
    wudf_inf *inf;
    /* Read on the event loop: a FIFO or a device named here would block every client. */
    uv_fs_t st;
    int regular = uv_fs_stat(NULL, &st, inf_path, NULL) == 0 && (st.statbuf.st_mode & S_IFMT) == S_IFREG;
    uv_fs_req_cleanup(&st);
    if (!regular) {
        snprintf(msg, sizeof msg, "install: %.500s is not a regular file", inf_path);
        reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, msg, NULL);
        return;
    }
    if (wudf_inf_parse_file(inf_path, &inf, &err)) {
        reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, err.message, NULL);
        return;
    }
    char first[256];
    if (!hwid) {
        if (wudf_inf_first_hardware_id(inf, WUDF_INF_PLATFORM, first, sizeof first, &err)) {
            wudf_inf_free(inf);
            reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, err.message, NULL);
            return;
        }
        hwid = first;
    }
    int usb = (hwid[0] == 'U' || hwid[0] == 'u') && (hwid[1] == 'S' || hwid[1] == 's') &&
              (hwid[2] == 'B' || hwid[2] == 'b') && hwid[3] == '\\';
    wudf_inf_dirs dirs = {g_reflector->config.driver_dir, NULL, NULL, NULL, NULL};
    wudf_inf_install *ins = calloc(1, sizeof *ins);
    wudf_package *p = NULL;
    int added = 0;
    int rc = ins ? wudf_inf_find_install(inf, hwid, WUDF_INF_PLATFORM, &dirs, ins, &err)
                 : wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
    /* The parser refuses a stack it cannot describe (no service, more than the maximum, an order
     * that names a service no UmdfService line defines); this only guards the devnode's bound. */
    if (!rc && (ins->service_count == 0 || ins->service_count > WUDF_MAX_SERVICES))
        rc = wudf_error_set(&err, WUDF_EINVAL, "%s: %zu UMDF services in one device stack; openwudf runs 1 to %u",
                            inf_path, ins->service_count, WUDF_MAX_SERVICES);
    char acl[WUDF_ACL_MAX] = "";
    if (!rc && wudf_kv_get(req, "acl"))
        rc = wudf_acl_normalize(wudf_kv_get(req, "acl"), acl, sizeof acl, &err);
    wudf_devnode *d = rc || usb ? NULL : wudf_devnode_new(g_reflector);
    if (!rc && !usb && !d)
        rc = wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
    if (!rc && d && make_instance_id(ins->hardware_id, d->instance_id, sizeof d->instance_id))
        rc = wudf_error_set(&err, WUDF_ETOOBIG, "no free instance id for %s", ins->hardware_id);
    if (!rc && d)
        rc = wudf_property_install(d, inf, ins, req, &err);
    /* Last, so that an install refused above leaves no copy of its INF behind. */
    if (!rc)
        rc = wudf_package_stage(inf_path, inf, hwid, &p, &added, &err);
    wudf_inf_free(inf);
    if (rc) {
        if (d)
            wudf_devnode_free(d);
        if (p)
            unstage(p, added);
        free(ins);
        reply(c, irp_id, rc == WUDF_ENOTFOUND || rc == WUDF_EPARSE || rc == WUDF_EINVAL
                             ? WUDF_STATUS_UNSUCCESSFUL : WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message, NULL);
        return;
    }
    if (usb) {
        /* --allow is for the devices bound to the package; an install without it keeps the package's. */
        if (acl[0] || added)
            snprintf(p->acl, sizeof p->acl, "%s", acl);
        free(ins);
        if (save_store(c, irp_id)) {
            unstage(p, added);
            return;
        }
        install_usb(c, irp_id, p, added);
        return;
    }
    if (acl[0])
        snprintf(d->acl, sizeof d->acl, "%s", acl);
    snprintf(d->inf_name, sizeof d->inf_name, "%s", p->inf_name);
    wudf_devnode_fill(d, ins, inf_path);
    d->installed_now = 1;
    free(ins);
    wudf_list_add_tail(&g_reflector->devnodes, &d->link);
    if (save_store(c, irp_id)) {
        wudf_devnode_free(d);
        unstage(p, added);
        return;
    }
    char note[700];
    package_note(p, added, note, sizeof note);
    char stack[WUDF_MAX_SERVICES * 258];
    wudf_devnode_stack_names(d, stack, sizeof stack);
    wudf_log(WUDF_LOG_INFO, "device-installed", "device=%s inf=%s service=%s stack=%s", d->instance_id, d->inf_name,
             wudf_devnode_top_service(d)->name, stack);
    wudf_access_log_unreachable(d);
    wudf_events_installed(d);
    wudf_supervisor_start(d);
    wudf_tool_wait(c, irp_id, d, "install", note);
    /* Its other models lines may be for USB devices that are present (devcon installs on those too). */
    if (added)
        wudf_usb_pnp_rescan();
}

static void op_device(wudf_conn *c, uint64_t irp_id, const char *op, const wudf_kv *req)
{
    const char *id = wudf_kv_get(req, "device");
    wudf_devnode *d = id ? wudf_devnode_find(g_reflector, id) : NULL;
    if (!d) {
        const char *rest;
        d = id ? wudf_devnode_find_by_link(g_reflector, id, &rest) : NULL;
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
        wudf_supervisor_stop(d, 3);
    } else if (strcmp(op, "disable") == 0) {
        d->enabled = 0;
        if (save_store(c, irp_id))
            return;
        /* The waiter comes after the action, so it sees the new state, not the old one. */
        wudf_supervisor_stop(d, 2);
        wudf_tool_wait(c, irp_id, d, "disable", NULL);
    } else if (strcmp(op, "enable") == 0) {
        int was = d->enabled;
        d->enabled = 1;
        if (!was && save_store(c, irp_id))
            return;
        if (!was)
            wudf_events_enabled(d);
        if (!d->host) {
            d->restart_count = 0;
            wudf_supervisor_start(d);
        }
        wudf_tool_wait(c, irp_id, d, "enable", NULL);
    } else if (strcmp(op, "suspend") == 0 || strcmp(op, "resume") == 0) {
        wudf_power_tool(c, irp_id, d, op);
    } else if (strcmp(op, "restart") == 0) {
        if (!d->enabled) {
            reply(c, irp_id, WUDF_STATUS_INVALID_DEVICE_STATE, "the device is disabled; enable it instead", d);
            return;
        }
        wudf_supervisor_stop(d, 1);
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
        op_install(c, msg->irp_id, &req);
    else if (strcmp(op, "packages") == 0)
        wudf_tool_packages(c, msg->irp_id);
    else if (strcmp(op, "interfaces") == 0)
        wudf_tool_interfaces(c, msg->irp_id, &req);
    else if (strcmp(op, "events") == 0)
        wudf_tool_events(c, msg->irp_id, &req);
    else
        op_device(c, msg->irp_id, op, &req);
    wudf_kv_free(&req);
}
