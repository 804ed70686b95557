/*
 * op=update: the INF's package goes to the store (the same bytes are the same package) and every
 * device whose hardware id is one of its models lines' and that another package serves is moved
 * onto it, as devcon update forces the INF's driver onto the devices of an id even when it is
 * older (which is how a driver is rolled back) and pnputil /add-driver /install installs it on
 * every matching device. A moved device takes its description, stack and software key from the
 * new INF and keeps its hardware key (what an operator or its driver wrote there), as Windows
 * keeps the hardware key across a driver update; its hosts load the new package's copy of the
 * files; a `driver-updated` event is recorded and its host is restarted. The package it left stays
 * in the store, as Windows keeps it, until `wudfctl delete-driver`. Request keys: inf, hwid (only
 * the devices of that id). The answer waits for the restarts.
 * A running device is asked first, as `wudfctl restart` asks it (wudf_supervisor_query_stop), and
 * moves only when its removal goes ahead. Windows records an update whose device vetoed the removal
 * and asks for a reboot to finish it (devcon exits 1, pnputil 3010); openwudf has no reboot that
 * would load the new driver, so the device stays on its old package, running, and the answer says
 * who vetoed (STATUS_PLUGPLAY_QUERY_VETOED). The new package stays staged: `update` again moves it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_store.h"
#include "events.h"
#include "log.h"
#include "property.h"

/* The hardware key d had, over the values the new INF gave it: an update replaces the driver's
 * (software) key only. */
static int keep_hardware_key(wudf_devnode *d, const wudf_reg_store *old, wudf_error *err)
{
    wudf_reg_store now;
    wudf_reg_store_init(&now);
    int rc = wudf_property_read(d, &now, err);
    for (size_t i = 0; !rc && i < old->count; i++) {
        const wudf_reg_entry *e = &old->entries[i];
        if (e->root == WUDF_REG_ROOT_HW && wudf_reg_store_find(&now, e->root, e->path, e->name) < 0)
            rc = wudf_reg_store_set(&now, e, err);
    }
    if (!rc)
        rc = wudf_property_write(d, &now, err);
    wudf_reg_store_free(&now);
    return rc;
}

/* d takes p's driver for its hardware id; from gets what it had ("oem0.inf 1.0.0.1"). */
static int move_device(wudf_devnode *d, wudf_package *p, const wudf_inf *inf, const char *inf_path, char *from,
                       size_t size, wudf_error *err)
{
    wudf_inf_dirs dirs = {g_reflector->config.driver_dir, NULL, NULL, NULL, NULL};
    wudf_inf_install *ins = calloc(1, sizeof *ins);
    wudf_reg_store old;
    wudf_kv none;
    wudf_reg_store_init(&old);
    wudf_kv_init(&none);
    int rc = ins ? wudf_inf_find_install(inf, d->hardware_id, WUDF_INF_PLATFORM, &dirs, ins, err)
                 : wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    if (!rc && (ins->service_count == 0 || ins->service_count > WUDF_MAX_SERVICES))
        rc = wudf_error_set(err, WUDF_EINVAL, "%s: %zu UMDF services in one device stack; openwudf runs 1 to %u",
                            inf_path, ins->service_count, WUDF_MAX_SERVICES);
    rc = rc ? rc : wudf_property_read(d, &old, err);
    rc = rc ? rc : wudf_property_install(d, inf, ins, &none, err);
    rc = rc ? rc : keep_hardware_key(d, &old, err);
    if (!rc) {
        snprintf(from, size, "%s %s", d->inf_name[0] ? d->inf_name : "(no package)", d->driver_version);
        wudf_devnode_fill(d, ins, inf_path);
        snprintf(d->inf_name, sizeof d->inf_name, "%s", p->inf_name);
        wudf_driver_store_bind(d, p);
    } else {
        wudf_property_write(d, &old, NULL); /* as it was */
    }
    wudf_reg_store_free(&old);
    free(ins);
    return rc;
}

/* The devices to move: d is one when its id is p's (and hwid's, when given) and p does not serve it. */
static int to_move(const wudf_devnode *d, const wudf_package *p, const char *hwid)
{
    return !d->removed && strcmp(d->inf_name, p->inf_name) != 0 && wudf_package_has_id(p, d->hardware_id) &&
           (!hwid || wudf_hardware_id_equal(d->hardware_id, hwid));
}

/* Starts d again on its new driver; 0 when nothing is to start (the outcome is given now). */
static int restart(wudf_store_job *job, wudf_devnode *d)
{
    switch (d->state) {
    case WUDF_DN_STARTING:
    case WUDF_DN_STARTED:
    case WUDF_DN_RESTARTING:
        wudf_supervisor_stop(d, WUDF_STOP_THEN_RESTART);
        return 1;
    case WUDF_DN_FAILED:
    case WUDF_DN_STOPPED:
        if (d->enabled && (!d->usb || d->present)) {
            d->restart_count = 0;
            wudf_supervisor_start(d);
            if (d->state != WUDF_DN_FAILED && d->state != WUDF_DN_STOPPED)
                return 1;
        }
        break;
    default:
        break;
    }
    char outcome[80];
    snprintf(outcome, sizeof outcome, "%s: it loads the new driver when it starts",
             d->state == WUDF_DN_DISABLED ? "is disabled" : d->state == WUDF_DN_STOPPING ? "is stopping" : "is stopped");
    wudf_store_job_settled(job, d, outcome);
    return 0;
}

/* The packages the devices left, as the answer ends: still used, or to delete when it suits. */
static void left_note(const char *left, char *buf, size_t size)
{
    size_t w = 0;
    for (const char *s = left; *s && w < size;) {
        char name[256];
        size_t n = strcspn(s, ",");
        snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), s);
        s += n + (s[n] == ',');
        const wudf_package *p = wudf_package_find(name);
        if (!p)
            continue;
        unsigned users = wudf_package_users(p);
        int k = users ? snprintf(buf + w, size - w, "; %s stays in the store, used by %u device%s", name, users,
                                 users == 1 ? "" : "s")
                      : snprintf(buf + w, size - w, "; %s stays in the store (no device uses it: `wudfctl "
                                 "delete-driver %s` deletes it)", name, name);
        w += k > 0 ? (size_t)k : 0;
    }
}

static void updated(wudf_store_job *job)
{
    if (!job->conn)
        return;
    char msg[3600];
    wudf_store_job_message(job, msg, sizeof msg);
    size_t w = strlen(msg);
    left_note(job->package, msg + w, sizeof msg - w);
    w = strlen(msg);
    if (job->vetoed)
        snprintf(msg + w, sizeof msg - w, "; %s stays in the store: `wudfctl update` again moves what was kept "
                 "once its drivers agree", job->target);
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    int rc = wudf_kv_add(&kv, "message", msg, &err);
    for (size_t i = 0; !rc && i < job->count; i++) {
        const wudf_devnode *d = wudf_devnode_find(g_reflector, wudf_store_job_device_id(job, i));
        if (d)
            rc = wudf_devnode_status_kv(d, &kv, &err);
    }
    int32_t status = job->vetoed   ? WUDF_STATUS_PLUGPLAY_QUERY_VETOED
                     : job->failed ? WUDF_STATUS_UNSUCCESSFUL
                                   : WUDF_STATUS_SUCCESS;
    if (rc)
        wudf_tool_reply(job->conn, job->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message, NULL);
    else
        wudf_conn_send_kv(job->conn, WUDF_MSG_TOOL_REPLY, status, job->irp_id, &kv);
    wudf_kv_free(&kv);
}

/* Adds name to the comma-separated list of packages left, once. */
static void note_left(wudf_store_job *job, const char *name)
{
    size_t n = strlen(name), used = strlen(job->package);
    for (const char *s = job->package; *s;) {
        size_t k = strcspn(s, ",");
        if (k == n && strncmp(s, name, n) == 0)
            return;
        s += k + (s[k] == ',');
    }
    if (n && used + n + 2 < sizeof job->package)
        snprintf(job->package + used, sizeof job->package - used, "%s%s", used ? "," : "", name);
}

/* Moves d onto the job's package now; its part of the answer says from what. 0, or -1 once its
 * outcome says why it was not moved. */
static int move_now(wudf_store_job *job, wudf_devnode *d)
{
    wudf_package *p = wudf_package_find(job->target);
    char from[400], outcome[700], left[256];
    wudf_error err;
    if (!p)
        wudf_error_set(&err, WUDF_ENOTFOUND, "driver package %.255s left the store meanwhile", job->target);
    snprintf(left, sizeof left, "%s", d->inf_name);
    if (!p || move_device(d, p, job->inf, job->inf_path, from, sizeof from, &err)) {
        snprintf(outcome, sizeof outcome, "not moved: %s", err.message);
        wudf_store_job_settled(job, d, outcome);
        job->failed = 1;
        return -1;
    }
    note_left(job, left);
    char what[1200];
    snprintf(what, sizeof what, "%s moved from %.300s to %.200s %.63s:", d->instance_id, from, d->inf_name,
             d->driver_version);
    wudf_store_job_what(job, d, what);
    wudf_log(WUDF_LOG_INFO, "driver-updated", "device=%s from=\"%s\" inf=%s version=%s binary=%s", d->instance_id,
             from, d->inf_name, d->driver_version, wudf_devnode_top_service(d)->binary);
    wudf_events_driver_updated(d, from);
    return 0;
}

static void save_store(void)
{
    wudf_error err;
    if (wudf_store_save(g_reflector, &err))
        wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
}

/* job->move: d's drivers (and the holders of its remote files) agreed, its host is being stopped. */
static void move_agreed(wudf_store_job *job, wudf_devnode *d)
{
    if (strcmp(d->inf_name, job->target) != 0 && move_now(job, d) == 0)
        save_store();
}

/* A device asked before it moves: one whose drivers run and could refuse. */
static int to_ask(const wudf_devnode *d)
{
    return d->state == WUDF_DN_STARTED && d->host && d->host->state == WUDF_HOST_RUNNING;
}

/* Moves the devices of job (added before) onto its package and restarts them; a running one is asked
 * first and moves once its removal goes ahead (move_agreed). */
static void move_all(wudf_store_job *job)
{
    for (size_t i = 0; i < job->count; i++) {
        wudf_devnode *d = wudf_devnode_find(g_reflector, wudf_store_job_device_id(job, i));
        if (d && to_ask(d))
            wudf_store_job_await(job, d);
        else if (d)
            move_now(job, d);
    }
    save_store();
    for (size_t i = 0; i < job->count; i++) {
        wudf_devnode *d = wudf_devnode_find(g_reflector, wudf_store_job_device_id(job, i));
        if (d && wudf_store_job_awaits(job, d))
            wudf_supervisor_query_stop(d, WUDF_STOP_THEN_RESTART);
        else if (d && strcmp(d->inf_name, job->target) == 0)
            restart(job, d);
    }
}

void wudf_tool_update(wudf_conn *c, uint64_t irp_id, const wudf_kv *req)
{
    const char *inf_path = wudf_kv_get(req, "inf"), *hwid = wudf_kv_get(req, "hwid");
    wudf_inf *inf = wudf_tool_read_inf(c, irp_id, "update", inf_path);
    if (!inf)
        return;
    char first[256], note[800], msg[1200];
    wudf_error err;
    wudf_package *p = NULL;
    int added = 0;
    int rc = hwid ? 0 : wudf_inf_first_hardware_id(inf, WUDF_INF_PLATFORM, first, sizeof first, &err);
    rc = rc ? rc : wudf_package_stage(inf_path, inf, hwid ? hwid : first, &p, &added, &err);
    if (!rc && hwid && !wudf_package_has_id(p, hwid))
        rc = wudf_error_set(&err, WUDF_ENOTFOUND, "update: hardware id '%.255s' not found in %.400s", hwid, inf_path);
    wudf_store_job *job = rc ? NULL : wudf_store_job_new(c, irp_id, WUDF_STORE_WAIT_STARTED, updated);
    if (!rc && !job)
        rc = wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
    wudf_list *pos;
    for (pos = g_reflector->devnodes.next; !rc && pos != &g_reflector->devnodes; pos = pos->next) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (to_move(d, p, hwid) && wudf_store_job_add(job, d, d->instance_id))
            rc = wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
    }
    if (rc) {
        if (job)
            wudf_store_job_free(job);
        if (p)
            wudf_package_unstage(p, added);
        wudf_inf_free(inf);
        wudf_tool_reply(c, irp_id, rc == WUDF_ENOMEM ? WUDF_STATUS_INSUFFICIENT_RESOURCES : WUDF_STATUS_UNSUCCESSFUL,
                        err.message, NULL);
        return;
    }
    wudf_package_note(p, added, note, sizeof note);
    snprintf(job->note, sizeof job->note, "update: %s", note);
    if (!job->count) {
        wudf_store_job_free(job);
        wudf_inf_free(inf);
        if (added && wudf_tool_save_store(c, irp_id)) {
            wudf_package_unstage(p, added);
            return;
        }
        snprintf(msg, sizeof msg, "update: %s; no other package serves a device of %s: nothing to move", note,
                 hwid ? hwid : "its hardware ids");
        wudf_tool_reply(c, irp_id, WUDF_STATUS_SUCCESS, msg, NULL);
        if (added)
            wudf_usb_pnp_rescan();
        return;
    }
    job->inf = inf;
    job->inf_path = strdup(inf_path);
    job->move = move_agreed;
    snprintf(job->target, sizeof job->target, "%s", p->inf_name);
    if (!job->inf_path) {
        wudf_store_job_free(job);
        wudf_package_unstage(p, added);
        wudf_tool_reply(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, "out of memory", NULL);
        return;
    }
    move_all(job);
    wudf_store_job_start(job);
}
