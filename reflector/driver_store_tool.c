/*
 * op=delete-driver: a package leaves the driver store, as pnputil /delete-driver takes it out: its
 * record, its INF (oemN.inf) and its copy of its files. Request keys: inf (the published name,
 * "oem0.inf"), uninstall and force ("1"). While devices use the package it is refused with
 * STATUS_DEVICE_BUSY naming them. uninstall removes them first (Windows takes the driver off them;
 * a devnode here is its driver, so the device goes, and a USB device then binds to whatever other
 * package matches it). force deletes the package under its devices, which keep running and load
 * their driver from where the INF found it (%12%) at their next start, as on Windows they keep the
 * files CopyFiles put in place. With both, uninstall decides. uninstall asks each device's drivers
 * first, as `wudfctl remove` does: a device whose removal is vetoed stays, and so does the package
 * (STATUS_PLUGPLAY_QUERY_VETOED naming it), unless force deletes it under that device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_store.h"
#include "log.h"

/* The devices using p, ", "-separated (cut short with "..."). */
static void users_text(const wudf_package *p, char *buf, size_t size)
{
    size_t w = 0;
    buf[0] = '\0';
    wudf_list *pos;
    for (pos = g_reflector->devnodes.next; pos != &g_reflector->devnodes && w < size; pos = pos->next) {
        const wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->removed || strcmp(d->inf_name, p->inf_name) != 0)
            continue;
        int n = snprintf(buf + w, size - w, "%s%s", w ? ", " : "", d->instance_id);
        if (n < 0 || (size_t)n >= size - w) {
            snprintf(buf + (size > 4 ? size - 4 : 0), size > 4 ? 4 : size, "...");
            return;
        }
        w += (size_t)n;
    }
}

/* Out of the list, the store saved without it, its files gone. 0, or -1 with err (nothing done). */
static int delete_package(wudf_package *p, wudf_error *err)
{
    wudf_list *next = p->link.next;
    wudf_list_remove(&p->link);
    if (wudf_store_save(g_reflector, err)) {
        wudf_list_add_tail(next, &p->link); /* back where it was */
        return -1;
    }
    wudf_driver_store_delete_files(p);
    wudf_log(WUDF_LOG_INFO, "package-deleted", "inf=%s", p->inf_name);
    free(p);
    /* USB devices it served may bind to another package now. */
    wudf_usb_pnp_rescan();
    return 0;
}

/* Answers with status and message when the tool is still there. */
static void answer(wudf_conn *c, uint64_t irp_id, int32_t status, const char *message)
{
    if (c)
        wudf_tool_reply(c, irp_id, status, message, NULL);
}

/* force: each device of p keeps running without it. */
static void let_go(wudf_package *p, char *kept, size_t size)
{
    users_text(p, kept, size);
    wudf_list *pos;
    for (pos = g_reflector->devnodes.next; pos != &g_reflector->devnodes; pos = pos->next) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->removed || strcmp(d->inf_name, p->inf_name) != 0)
            continue;
        wudf_driver_store_unbind(d, p);
        wudf_log(WUDF_LOG_WARN, "package-deleted-under-device", "device=%s inf=%s binary=%s", d->instance_id,
                 p->inf_name, wudf_devnode_top_service(d)->binary);
        d->inf_name[0] = '\0';
    }
}

/* Deletes the package named name now; the answer says what became of it and of its devices. */
static void delete_and_answer(wudf_conn *c, uint64_t irp_id, const char *name, int force, const char *removed)
{
    wudf_package *p = wudf_package_find(name);
    char msg[2400], users[1200] = "";
    wudf_error err;
    if (!p) { /* deleted by another request while its devices went */
        snprintf(msg, sizeof msg, "delete-driver: %s%sdriver package %s is no longer in the store", removed,
                 *removed ? "; " : "", name);
        answer(c, irp_id, WUDF_STATUS_SUCCESS, msg);
        return;
    }
    char published[sizeof p->inf_name];
    snprintf(published, sizeof published, "%s", p->inf_name);
    if (wudf_package_users(p) && !force) { /* one was installed from it meanwhile */
        users_text(p, users, sizeof users);
        snprintf(msg, sizeof msg, "delete-driver: %s%sdriver package %s is in use by %s", removed, *removed ? "; " : "",
                 published, users);
        answer(c, irp_id, WUDF_STATUS_DEVICE_BUSY, msg);
        return;
    }
    if (wudf_package_users(p))
        let_go(p, users, sizeof users);
    if (delete_package(p, &err)) {
        snprintf(msg, sizeof msg, "delete-driver: %s: %s", published, err.message);
        answer(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, msg);
        return;
    }
    int w = snprintf(msg, sizeof msg, "delete-driver: %s%sdriver package %s deleted", removed, *removed ? "; " : "",
                     published);
    if (users[0] && w > 0 && (size_t)w < sizeof msg)
        snprintf(msg + w, sizeof msg - (size_t)w, "; %s keep%s running without it (the next start loads the driver "
                 "from where the INF found it)", users, strchr(users, ',') ? "" : "s");
    answer(c, irp_id, WUDF_STATUS_SUCCESS, msg);
}

static void uninstalled(wudf_store_job *job)
{
    char removed[1400];
    wudf_store_job_message(job, removed, sizeof removed);
    const wudf_package *p = wudf_package_find(job->package);
    if (job->vetoed && !job->force && p && wudf_package_users(p)) {
        /* A kept device still uses the package: deleting it would pull its files from under it. */
        char users[1200], msg[3200];
        users_text(p, users, sizeof users);
        snprintf(msg, sizeof msg, "delete-driver: %s; driver package %s is not deleted: %s still use%s it "
                 "(--force deletes it while %s running)", removed, p->inf_name, users,
                 strchr(users, ',') ? "" : "s", strchr(users, ',') ? "they keep" : "it keeps");
        answer(job->conn, job->irp_id, WUDF_STATUS_PLUGPLAY_QUERY_VETOED, msg);
        return;
    }
    delete_and_answer(job->conn, job->irp_id, job->package, job->force, removed);
}

/* uninstall: every device of p is removed (in order, as `wudfctl remove` does), then p is deleted. */
static void uninstall(wudf_conn *c, uint64_t irp_id, wudf_package *p, int force)
{
    wudf_store_job *job = wudf_store_job_new(c, irp_id, WUDF_STORE_WAIT_REMOVED, uninstalled);
    int rc = job ? 0 : -1;
    if (job) {
        snprintf(job->package, sizeof job->package, "%s", p->inf_name);
        job->force = force;
    }
    wudf_list *pos;
    for (pos = g_reflector->devnodes.next; !rc && pos != &g_reflector->devnodes; pos = pos->next) {
        const wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (!d->removed && strcmp(d->inf_name, p->inf_name) == 0)
            rc = wudf_store_job_add(job, d, d->instance_id);
    }
    if (rc) {
        if (job)
            wudf_store_job_free(job);
        wudf_tool_reply(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, "delete-driver: out of memory", NULL);
        return;
    }
    /* Each by name: a stop may free its devnode (and others') at once. */
    for (size_t i = 0; i < job->count; i++) {
        wudf_devnode *d = wudf_devnode_find(g_reflector, wudf_store_job_device_id(job, i));
        if (d && !d->removed) {
            wudf_log(WUDF_LOG_INFO, "package-uninstall", "device=%s inf=%s", d->instance_id, p->inf_name);
            wudf_supervisor_query_stop(d, WUDF_STOP_THEN_REMOVE); /* its drivers may veto, as for `remove` */
        }
    }
    wudf_store_job_start(job);
}

void wudf_tool_delete_driver(wudf_conn *c, uint64_t irp_id, const wudf_kv *req)
{
    const char *name = wudf_kv_get(req, "inf");
    const char *un = wudf_kv_get(req, "uninstall"), *fo = wudf_kv_get(req, "force");
    int do_uninstall = un && strcmp(un, "1") == 0, force = fo && strcmp(fo, "1") == 0;
    wudf_package *p = name ? wudf_package_find(name) : NULL;
    char msg[1600], users[1200];
    if (!p) {
        snprintf(msg, sizeof msg, "delete-driver: no driver package %.300s in the store (`wudfctl drivers` lists "
                 "them by published name, oemN.inf)", name ? name : "(none given)");
        wudf_tool_reply(c, irp_id, WUDF_STATUS_OBJECT_NAME_NOT_FOUND, msg, NULL);
        return;
    }
    if (wudf_package_users(p) && do_uninstall) {
        uninstall(c, irp_id, p, force);
        return;
    }
    if (wudf_package_users(p) && !force) {
        users_text(p, users, sizeof users);
        snprintf(msg, sizeof msg, "delete-driver: driver package %s is in use by %s: --uninstall removes %s first, "
                 "--force deletes the package while %s running", p->inf_name, users,
                 strchr(users, ',') ? "them" : "it", strchr(users, ',') ? "they keep" : "it keeps");
        wudf_tool_reply(c, irp_id, WUDF_STATUS_DEVICE_BUSY, msg, NULL);
        return;
    }
    delete_and_answer(c, irp_id, p->inf_name, force, "");
}
