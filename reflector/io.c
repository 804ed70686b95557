/*
 * The request path: a client's IRP is checked, bound to a file and a host,
 * given a reflector-wide id and forwarded; the host's completion is checked
 * against what was sent and returned to the client that asked, exactly once.
 */
#include <stdlib.h>
#include <string.h>

#include <openwudf/ring.h>

#include "device_interface.h"
#include "events.h"
#include "log.h"
#include "remote.h"
#include "reflector.h"

#define WUDF_MAX_OPEN_NAME 1024

static void complete_client(wudf_conn *c, uint64_t client_irp_id, int32_t status, uint64_t information,
                            const uint8_t *data, uint32_t length)
{
    if (!c || c->closing)
        return;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = client_irp_id;
    m.status = status;
    m.information = information;
    m.payload = length ? data : NULL;
    m.payload_length = length;
    wudf_conn_send(c, &m);
}

static wudf_file *find_file(wudf_conn *c, uint32_t client_file_id)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &c->files) {
        wudf_file *f = WUDF_CONTAINER_OF(pos, wudf_file, conn_link);
        if (f->client_file_id == client_file_id)
            return f;
    }
    return NULL;
}

static void file_free(wudf_file *f)
{
    wudf_fast_path_file_gone(f);
    if (f->open && f->devnode && f->devnode->open_files)
        f->devnode->open_files--;
    wudf_list_remove(&f->conn_link);
    wudf_list_remove(&f->all_link);
    free(f);
}

static int host_usable(const wudf_devnode *d, const wudf_file *f, int for_teardown)
{
    const wudf_host *h = d->host;
    if (!h || !h->conn || f->generation != d->generation)
        return 0;
    return h->state == WUDF_HOST_RUNNING || (for_teardown && h->state == WUDF_HOST_STOPPING);
}

/* Sends msg (an IRP) to the devnode's host as a new pending IRP. */
static wudf_pending *forward(wudf_conn *c, const wudf_msg *msg, wudf_file *f, uint64_t client_irp_id)
{
    wudf_host *h = f->devnode->host;
    wudf_pending *p = wudf_pending_new(g_reflector, h, c, client_irp_id);
    if (!p)
        return NULL;
    p->file = f;
    p->major = msg->major;
    p->output_length = msg->output_length;
    p->input_length = msg->input_length;
    wudf_msg out = *msg;
    out.irp_id = p->id;
    out.file_id = f->id;
    out.device_id = f->devnode->handle;
    wudf_conn_send(h->conn, &out);
    return p;
}

/* Cleanup then close of a file whose client is gone, as the I/O manager does for a dead process. */
static void teardown_orphan(wudf_file *f)
{
    if (!f->open || !host_usable(f->devnode, f, 1)) {
        file_free(f);
        return;
    }
    if (f->closing)
        return;
    f->closing = 1;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_IRP);
    m.major = WUDF_IRP_MJ_CLEANUP;
    forward(NULL, &m, f, 0);
    m.major = WUDF_IRP_MJ_CLOSE;
    forward(NULL, &m, f, 0);
}

static int32_t not_ready_status(const wudf_devnode *d)
{
    if (d->state == WUDF_DN_STARTING || d->state == WUDF_DN_RESTARTING || d->state == WUDF_DN_STOPPING)
        return WUDF_STATUS_DEVICE_NOT_READY;
    return WUDF_STATUS_NO_SUCH_DEVICE;
}

static void on_create(wudf_conn *c, const wudf_msg *msg)
{
    char name[WUDF_MAX_OPEN_NAME + 1];
    if (msg->payload_length == 0 || msg->payload_length > WUDF_MAX_OPEN_NAME) {
        complete_client(c, msg->irp_id, WUDF_STATUS_OBJECT_NAME_NOT_FOUND, 0, NULL, 0);
        return;
    }
    memcpy(name, msg->payload, msg->payload_length);
    name[msg->payload_length] = '\0';
    if (msg->file_id == 0 || find_file(c, msg->file_id)) {
        complete_client(c, msg->irp_id, WUDF_STATUS_INVALID_HANDLE, 0, NULL, 0);
        return;
    }
    const char *rest = "", *reference = "";
    wudf_devnode *d = wudf_devnode_find(g_reflector, name);
    /* A device interface's path (\\?\ROOT#ECHO#0000#{GUID}\ref) as SetupAPI gives it: the driver gets
     * the reference string and what follows as the file name, as on Windows. */
    if (!d)
        d = wudf_remote_interface_lookup(name, &rest);
    if (!d)
        d = wudf_devnode_find_by_link(g_reflector, name, &rest, &reference);
    if (!d) {
        complete_client(c, msg->irp_id, WUDF_STATUS_OBJECT_NAME_NOT_FOUND, 0, NULL, 0);
        return;
    }
    /* A link made with a reference string names \Device\<name>\<reference>: the driver gets
     * \<reference> and what follows the link as the file name, as on Windows. */
    char file_name[WUDF_MAX_OPEN_NAME + 1];
    if (reference[0]) {
        int n = snprintf(file_name, sizeof file_name, "\\%s%s", reference, rest);
        if (n < 0 || (size_t)n > WUDF_MAX_OPEN_NAME) {
            complete_client(c, msg->irp_id, WUDF_STATUS_OBJECT_NAME_INVALID, 0, NULL, 0);
            return;
        }
        rest = file_name;
    }
    if (!wudf_access_may_open(c, d)) {
        complete_client(c, msg->irp_id, WUDF_STATUS_ACCESS_DENIED, 0, NULL, 0);
        return;
    }
    if (d->state != WUDF_DN_STARTED || !d->host || !d->host->conn) {
        complete_client(c, msg->irp_id, not_ready_status(d), 0, NULL, 0);
        return;
    }
    wudf_file *f = calloc(1, sizeof *f);
    if (!f) {
        complete_client(c, msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
        return;
    }
    f->id = ++g_reflector->next_file_id;
    f->client_file_id = msg->file_id;
    f->conn = c;
    f->devnode = d;
    f->generation = d->generation;
    f->wants_ring = msg->minor == WUDF_CREATE_MINOR_FAST_PATH;
    wudf_list_add_tail(&c->files, &f->conn_link);
    wudf_list_add_tail(&g_reflector->files, &f->all_link);
    wudf_msg out = *msg;
    out.minor = 0;
    /* The opener's process id, as the system vouched for it (a HELLO's claim is not passed on). */
    out.information = !c->pid_claimed && c->peer.pid > 0 && c->peer.pid <= UINT32_MAX ? (uint64_t)c->peer.pid : 0;
    out.payload = (const uint8_t *)rest;
    out.payload_length = out.input_length = (uint32_t)strlen(rest);
    if (!out.payload_length)
        out.payload = NULL;
    wudf_fast_path_create(f);
    if (!forward(c, &out, f, msg->irp_id)) {
        file_free(f);
        complete_client(c, msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
    }
}

static void on_irp(wudf_conn *c, const wudf_msg *msg)
{
    if (wudf_pending_find_client(c, msg->irp_id)) {
        wudf_conn_close(c, "reused the id of a request still pending");
        return;
    }
    if (msg->major == WUDF_IRP_MJ_CREATE) {
        on_create(c, msg);
        return;
    }
    wudf_file *f = find_file(c, msg->file_id);
    if (!f || !f->open || f->closing) {
        complete_client(c, msg->irp_id, WUDF_STATUS_INVALID_HANDLE, 0, NULL, 0);
        return;
    }
    int teardown = msg->major == WUDF_IRP_MJ_CLEANUP || msg->major == WUDF_IRP_MJ_CLOSE;
    if (!host_usable(f->devnode, f, teardown)) {
        if (teardown) {
            /* The driver that knew this file is gone: closing it needs nobody's help. */
            if (msg->major == WUDF_IRP_MJ_CLOSE)
                file_free(f);
            complete_client(c, msg->irp_id, WUDF_STATUS_SUCCESS, 0, NULL, 0);
        } else {
            int32_t st = f->generation != f->devnode->generation ? WUDF_STATUS_DRIVER_PROCESS_TERMINATED
                                                                 : not_ready_status(f->devnode);
            complete_client(c, msg->irp_id, st, 0, NULL, 0);
        }
        return;
    }
    if (msg->major == WUDF_IRP_MJ_CLOSE)
        f->closing = 1;
    if (!forward(c, msg, f, msg->irp_id))
        complete_client(c, msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
}

static void on_cancel(wudf_conn *c, const wudf_msg *msg)
{
    if (msg->minor == WUDF_CANCEL_MINOR_FAST_PATH) {
        wudf_file *f = find_file(c, msg->file_id);
        if (f)
            wudf_fast_path_cancel(f, msg->irp_id);
        return;
    }
    wudf_pending *p = wudf_pending_find_client(c, msg->irp_id);
    if (!p || p->cancel_ms || !p->host->conn)
        return;
    p->cancel_ms = wudf_now_ms();
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_CANCEL);
    m.irp_id = p->id;
    wudf_conn_send(p->host->conn, &m);
}

void wudf_io_client_message(wudf_conn *c, const wudf_msg *msg)
{
    switch (msg->type) {
    case WUDF_MSG_IRP:
        on_irp(c, msg);
        break;
    case WUDF_MSG_CANCEL:
        on_cancel(c, msg);
        break;
    case WUDF_MSG_TOOL_REQUEST: /* the interface list (wudf_get_device_interface_list), nothing else */
        wudf_tool_interfaces_client(c, msg);
        break;
    case WUDF_MSG_REMOTE_EVENT: /* registrations for a device's custom events (custom_event.c) */
        wudf_custom_event_client(c, msg);
        break;
    default:
        wudf_conn_close(c, "message type not allowed from a client");
        break;
    }
}

/* What a completion means for the file it concerns. */
static void settle_file(wudf_pending *p, int32_t status)
{
    wudf_file *f = p->file;
    if (!f)
        return;
    if (p->major == WUDF_IRP_MJ_CREATE) {
        if (status >= 0 && p->host->state != WUDF_HOST_DEAD) {
            f->open = 1;
            f->devnode->open_files++;
            if (!f->conn)
                teardown_orphan(f);
            else
                wudf_fast_path_open(f);
        } else {
            file_free(f);
        }
    } else if (p->major == WUDF_IRP_MJ_CLOSE) {
        file_free(f);
    }
}

void wudf_io_complete_to_client(wudf_pending *p, int32_t status, uint64_t information, const uint8_t *data,
                                uint32_t length)
{
    wudf_conn *c = p->conn;
    uint64_t client_id = p->client_irp_id;
    settle_file(p, status);
    wudf_pending_free(g_reflector, p);
    complete_client(c, client_id, status, information, data, length);
}

void wudf_io_host_complete(wudf_host *h, const wudf_msg *msg)
{
    wudf_pending *p = wudf_pending_find(g_reflector, msg->irp_id);
    if (!p || p->host != h) {
        wudf_supervisor_host_lost(h, "host completed an IRP it was not given");
        return;
    }
    if (msg->payload_length > p->output_length) {
        wudf_supervisor_host_lost(h, "host returned more data than the output buffer holds");
        return;
    }
    uint64_t information = msg->information;
    uint64_t limit = p->major == WUDF_IRP_MJ_WRITE ? p->input_length
                     : (p->major == WUDF_IRP_MJ_READ || p->major == WUDF_IRP_MJ_DEVICE_CONTROL ||
                        p->major == WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL)
                         ? p->output_length
                         : 0;
    if (information > limit && (p->major != WUDF_IRP_MJ_CREATE && p->major != WUDF_IRP_MJ_CLEANUP &&
                                p->major != WUDF_IRP_MJ_CLOSE)) {
        wudf_log(WUDF_LOG_WARN, "driver-bug", "device=%s pid=%lld irp=%s information=%llu limit=%llu",
                 h->devnode ? h->devnode->instance_id : "-", (long long)h->pid, wudf_irp_major_name(p->major),
                 (unsigned long long)information, (unsigned long long)limit);
        if (h->devnode)
            wudf_events_driver_bug(h->devnode, "information-beyond-buffer");
        information = limit;
    }
    if (msg->payload_length > information)
        information = msg->payload_length;
    wudf_io_complete_to_client(p, msg->status, information, msg->payload, msg->payload_length);
}

void wudf_io_fail_host_pending(wudf_host *h, int32_t status)
{
    while (!wudf_list_empty(&h->pending)) {
        wudf_pending *p = WUDF_CONTAINER_OF(h->pending.next, wudf_pending, host_link);
        wudf_io_complete_to_client(p, status, 0, NULL, 0);
    }
}

void wudf_io_client_gone(wudf_conn *c)
{
    while (!wudf_list_empty(&c->pending)) {
        wudf_pending *p = WUDF_CONTAINER_OF(c->pending.next, wudf_pending, conn_link);
        wudf_list_remove(&p->conn_link);
        p->conn = NULL;
        /* The driver should let go of the dead client's requests. */
        if (p->host->conn && !p->cancel_ms && p->major != WUDF_IRP_MJ_CLEANUP && p->major != WUDF_IRP_MJ_CLOSE) {
            p->cancel_ms = wudf_now_ms();
            wudf_msg m;
            wudf_msg_init(&m, WUDF_MSG_CANCEL);
            m.irp_id = p->id;
            wudf_conn_send(p->host->conn, &m);
        }
    }
    while (!wudf_list_empty(&c->files)) {
        wudf_file *f = WUDF_CONTAINER_OF(c->files.next, wudf_file, conn_link);
        wudf_list_remove(&f->conn_link);
        f->conn = NULL;
        if (f->open)
            teardown_orphan(f);
        /* A create still in flight finishes in settle_file, which tears it down. */
    }
}

void wudf_io_forget_devnode_files(wudf_devnode *d)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->files) {
        wudf_file *f = WUDF_CONTAINER_OF(pos, wudf_file, all_link);
        /* A client's handle on a removed device becomes invalid. */
        if (f->devnode == d)
            file_free(f);
    }
}

void wudf_io_check_cancels(wudf_host *h, uint64_t now)
{
    uint64_t limit = g_reflector->config.critical_timeout_ms;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &h->pending) {
        wudf_pending *p = WUDF_CONTAINER_OF(pos, wudf_pending, host_link);
        if (p->cancel_ms && now - p->cancel_ms > limit) {
            wudf_supervisor_host_lost(h, "a cancelled request was not completed within the critical timeout");
            return;
        }
        /* As in UMDF, cleanup and close are critical: a file's end cannot wait on the driver forever. */
        if ((p->major == WUDF_IRP_MJ_CLEANUP || p->major == WUDF_IRP_MJ_CLOSE) && now - p->sent_ms > limit) {
            wudf_supervisor_host_lost(h, p->major == WUDF_IRP_MJ_CLEANUP
                                             ? "a file's cleanup was not completed within the critical timeout"
                                             : "a file's close was not completed within the critical timeout");
            return;
        }
    }
    if (wudf_fast_path_cancel_overdue(h, now, limit)) {
        wudf_supervisor_host_lost(h, "a cancelled request was not completed within the critical timeout");
        return;
    }
    wudf_fast_path_sweep(h);
}
