/*
 * A host's requests to other devices (remote I/O targets). The reflector opens the other device for
 * the host through an internal client connection that carries the host's identity, so a host's
 * request takes a client's path (io.c): the name lookup, the device's access list, the pending table,
 * STATUS_DRIVER_PROCESS_TERMINATED when that device's host dies, cleanup and close when the opener
 * dies. What the host sends is checked and bounded here first; the answers go back on its channel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "remote.h"

#define REMOTE_NAME_MAX 1024u /* io.c's bound on an open's name */

wudf_list wudf_remote_all = {&wudf_remote_all, &wudf_remote_all};

static void sink_deliver(wudf_conn *c, void *ctx, const wudf_msg *msg);
static void sink_gone(wudf_conn *c, void *ctx);
static const wudf_conn_sink remote_sink = {sink_deliver, sink_gone};

wudf_remote *wudf_remote_get(wudf_host *h)
{
    if (h->remote)
        return h->remote;
    wudf_remote *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->host = h;
    wudf_list_init(&r->registrations);
    wudf_list_init(&r->interfaces);
    wudf_list_add_tail(&wudf_remote_all, &r->link);
    h->remote = r;
    return r;
}

int wudf_remote_host_ready(const wudf_host *h)
{
    return h && h->conn && h->devnode && h->state == WUDF_HOST_RUNNING;
}

void wudf_remote_send_event(wudf_host *h, const wudf_kv *kv)
{
    if (h && h->conn && h->state != WUDF_HOST_DEAD)
        wudf_conn_send_kv(h->conn, WUDF_MSG_REMOTE_EVENT, 0, 0, kv);
}

int wudf_remote_conn_is_host(const wudf_conn *c)
{
    return c->sink == &remote_sink;
}

/* The identity a host's opens are checked with: the user it runs as (the reflector's own when it has no
 * user of its own), without groups or token. access.c never takes it for an administrator. */
static void host_peer(const wudf_host *h, wudf_peer *peer)
{
    memset(peer, 0, sizeof *peer);
    peer->pid = h->pid;
    peer->uid = h->uid;
    peer->gid = h->gid;
    uv_passwd_t pwd;
    if (h->uid < 0 && uv_os_get_passwd(&pwd) == 0) {
        peer->uid = (int64_t)pwd.uid;
        peer->gid = (int64_t)pwd.gid;
        uv_os_free_passwd(&pwd);
    }
}

static wudf_conn *conn_of(wudf_remote *r)
{
    if (!r->conn) {
        wudf_peer peer;
        host_peer(r->host, &peer);
        r->conn = wudf_conn_new_internal(g_reflector, &peer, &remote_sink, r);
    }
    return r->conn;
}

/* What the reflector answers the internal connection goes back to the host that asked. */
static void sink_deliver(wudf_conn *c, void *ctx, const wudf_msg *msg)
{
    (void)c;
    wudf_remote *r = ctx;
    wudf_host *h = r->host;
    if (msg->type != WUDF_MSG_COMPLETE || !h->conn)
        return;
    wudf_msg m = *msg;
    m.type = WUDF_MSG_REMOTE_COMPLETE;
    m.minor = 0;
    m.device_id = h->devnode ? h->devnode->handle : 0;
    /* Last: a failed write may end this host, and its record with it. */
    wudf_conn_send(h->conn, &m);
}

static void sink_gone(wudf_conn *c, void *ctx)
{
    (void)c, (void)ctx; /* the record closes its connection itself */
}

static unsigned count_to(const wudf_list *head, unsigned limit)
{
    unsigned n = 0;
    for (const wudf_list *pos = head->next; pos != head && n < limit; pos = pos->next)
        n++;
    return n;
}

static void refuse(wudf_host *h, const wudf_msg *msg, int32_t status, const char *why)
{
    char q[200];
    const char *name = wudf_status_name(status);
    wudf_log(WUDF_LOG_WARN, "remote-refused", "device=%s irp=%s status=%s reason=%s",
             h->devnode ? h->devnode->instance_id : "-", wudf_irp_major_name(msg->major), name ? name : "?",
             wudf_log_quote(q, sizeof q, why));
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_REMOTE_COMPLETE);
    m.irp_id = msg->irp_id;
    m.status = status;
    if (h->conn)
        wudf_conn_send(h->conn, &m);
}

/* An open: limits, the name (an interface link the reflector handed out becomes its device), never the
 * host's own device; then the client's path. */
static void on_create(wudf_host *h, wudf_conn *c, const wudf_msg *msg)
{
    if (count_to(&c->files, WUDF_REMOTE_MAX_FILES) >= WUDF_REMOTE_MAX_FILES) {
        char why[96];
        snprintf(why, sizeof why, "more than %u remote files open", WUDF_REMOTE_MAX_FILES);
        refuse(h, msg, WUDF_STATUS_INSUFFICIENT_RESOURCES, why);
        return;
    }
    wudf_msg m = *msg;
    m.type = WUDF_MSG_IRP;
    m.device_id = 0;
    if (msg->payload_length == 0 || msg->payload_length > REMOTE_NAME_MAX) {
        wudf_io_client_message(c, &m); /* io.c answers a name it cannot have */
        return;
    }
    char name[REMOTE_NAME_MAX + 1];
    memcpy(name, msg->payload, msg->payload_length);
    name[msg->payload_length] = '\0';
    const char *rest = "";
    char opened[REMOTE_NAME_MAX + 160];
    wudf_devnode *d = wudf_remote_interface_lookup(name, &rest);
    if (d) {
        /* io.c opens a device by instance id or by link; only a link carries a file name after it, and
         * only one without a reference string carries it unchanged. */
        const char *link = wudf_devnode_plain_link(d);
        if (rest[0] && link)
            snprintf(opened, sizeof opened, "\\\\.\\%s%s", wudf_link_base(link), rest);
        else
            snprintf(opened, sizeof opened, "%s", d->instance_id);
        if (rest[0] && !link)
            wudf_log(WUDF_LOG_WARN, "remote-open-name-dropped", "device=%s target=%s reason=\"the device has no "
                     "symbolic link without a reference string to carry a file name\"", h->devnode->instance_id,
                     d->instance_id);
        m.payload = (const uint8_t *)opened;
        m.payload_length = m.input_length = (uint32_t)strlen(opened);
    } else if (!(d = wudf_devnode_find(g_reflector, name))) {
        d = wudf_devnode_find_by_link(g_reflector, name, &rest, NULL);
    }
    if (d && d == h->devnode) {
        /* OpenFileByName's reference: a driver reaches a device of its own stack with
         * CreateFileHandleTarget, not with a remote target. */
        refuse(h, msg, WUDF_STATUS_INVALID_DEVICE_REQUEST, "a driver may not open its own device as a remote target");
        return;
    }
    char q[300];
    wudf_log(WUDF_LOG_DEBUG, "remote-open", "device=%s target=%s file=%u name=%s", h->devnode->instance_id,
             d ? d->instance_id : "-", (unsigned)msg->file_id, wudf_log_quote(q, sizeof q, name));
    wudf_io_client_message(c, &m);
}

static void on_irp(wudf_host *h, const wudf_msg *msg)
{
    wudf_remote *r = wudf_remote_get(h);
    wudf_conn *c = r ? conn_of(r) : NULL;
    if (!c) {
        refuse(h, msg, WUDF_STATUS_INSUFFICIENT_RESOURCES, "out of memory");
        return;
    }
    if (wudf_pending_find_client(c, msg->irp_id)) {
        wudf_supervisor_host_lost(h, "host reused the id of a remote request still pending");
        return;
    }
    switch (msg->major) {
    case WUDF_IRP_MJ_CREATE:
        on_create(h, c, msg);
        return;
    case WUDF_IRP_MJ_READ:
    case WUDF_IRP_MJ_WRITE:
    case WUDF_IRP_MJ_DEVICE_CONTROL:
        if (count_to(&c->pending, WUDF_REMOTE_MAX_REQUESTS) >= WUDF_REMOTE_MAX_REQUESTS) {
            char why[96];
            snprintf(why, sizeof why, "more than %u remote requests in flight", WUDF_REMOTE_MAX_REQUESTS);
            refuse(h, msg, WUDF_STATUS_INSUFFICIENT_RESOURCES, why);
            return;
        }
        break;
    case WUDF_IRP_MJ_CLEANUP:
    case WUDF_IRP_MJ_CLOSE:
        break; /* a file can always be closed */
    default:
        /* A remote target sends what CreateFile's handle allows: no internal ioctls. */
        refuse(h, msg, WUDF_STATUS_INVALID_DEVICE_REQUEST, "not a request a remote target sends");
        return;
    }
    wudf_msg m = *msg;
    m.type = WUDF_MSG_IRP;
    m.device_id = 0;
    wudf_io_client_message(c, &m);
}

static void on_cancel(wudf_host *h, const wudf_msg *msg)
{
    if (!h->remote || !h->remote->conn)
        return;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_CANCEL);
    m.irp_id = msg->irp_id;
    wudf_io_client_message(h->remote->conn, &m);
}

static void on_event(wudf_host *h, const wudf_msg *msg)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, &err)) {
        wudf_supervisor_host_lost(h, err.message);
        return;
    }
    const char *event = wudf_kv_get(&kv, "event");
    if (event && strcmp(event, "register") == 0) {
        wudf_remote_register(h, &kv);
    } else if (event && strcmp(event, "query-remove-answer") == 0) {
        wudf_remote_removal_answer(h, &kv);
    } else {
        char q[80];
        wudf_log(WUDF_LOG_WARN, "remote-event-ignored", "device=%s event=%s",
                 h->devnode ? h->devnode->instance_id : "-", wudf_log_quote(q, sizeof q, event ? event : ""));
    }
    wudf_kv_free(&kv);
}

void wudf_remote_host_message(wudf_host *h, const wudf_msg *msg)
{
    /* From its driver's OnDeviceAdd to the end of its stop; a host still in its handshake has no driver. */
    if (h->state == WUDF_HOST_HANDSHAKE || !h->devnode) {
        wudf_supervisor_host_lost(h, "host sent a remote request before its device was started");
        return;
    }
    switch (msg->type) {
    case WUDF_MSG_REMOTE_IRP:
        on_irp(h, msg);
        break;
    case WUDF_MSG_REMOTE_CANCEL:
        on_cancel(h, msg);
        break;
    default:
        on_event(h, msg);
        break;
    }
}

void wudf_remote_host_gone(wudf_host *h)
{
    wudf_remote_removal_gone(h);
    wudf_remote_interfaces_gone(h);
    wudf_remote *r = h->remote;
    if (!r)
        return;
    h->remote = NULL;
    wudf_list_remove(&r->link);
    if (r->conn) {
        /* As for a client that died: its requests are cancelled, its files cleaned up and closed. */
        wudf_conn *c = r->conn;
        r->conn = NULL;
        wudf_conn_close(c, "the host that opened these remote files is gone");
    }
    free(r);
}
