/*
 * USB plug and play of the devices USB/IP servers export (wudfrd --usbip):
 * every --usbip-poll-ms each server is asked for its device list over TCP
 * on the reflector's loop, and the list is matched against the devnodes
 * that came from that server (usb_bind.c binds, as for libusb's devices).
 *
 * Presence: a listed device is there. One left out of two lists in a row, or
 * whose server cannot be reached, is gone, but only while its devnode has no
 * host: Linux usbipd lists only the devices nobody has imported, so while a
 * host holds the device, the host says when it is gone (HOST_EVENT
 * surprise-removal when its connection to the server drops).
 *
 * A server is untrusted: its reply is read into a buffer of a fixed size,
 * decoded by common/usbip.c, and the whole exchange has a deadline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "reflector.h"
#include "usb_pnp.h"
#include "usbip.h"

#define DEADLINE_MS 3000 /* connect, request and the whole reply */
/* The longest device list accepted: 64 devices of 32 interfaces each. */
#define REPLY_MAX                                                                                  \
    (WUDF_USBIP_OP_HEADER_SIZE + 4 +                                                               \
     WUDF_USBIP_MAX_DEVICES * (WUDF_USBIP_DEVICE_SIZE + WUDF_USBIP_MAX_INTERFACES * WUDF_USBIP_INTERFACE_SIZE))

typedef enum reach { REACH_UNKNOWN, REACH_YES, REACH_NO } reach;
typedef enum stage { STAGE_IDLE, STAGE_RESOLVING, STAGE_CONNECTING, STAGE_READING } stage;

typedef struct usbip_server {
    char name[WUDF_USBIP_SERVER_MAX]; /* "HOST:PORT", as devnodes and hosts know it */
    char host[256];
    unsigned port;
    uv_timer_t poll_timer;            /* the next poll */
    uv_timer_t deadline;              /* of the poll in progress */
    uv_tcp_t tcp;
    int tcp_open;                     /* initialized, its close callback not run yet */
    uv_connect_t connect;
    uv_write_t write;
    uint8_t request[WUDF_USBIP_OP_HEADER_SIZE];
    uint8_t reply[REPLY_MAX];
    size_t received;
    stage stage;
    uint64_t generation;              /* of the poll in progress: a late name resolution compares it */
    int deadline_passed;              /* its deadline came: one more loop iteration for what arrived */
    struct resolve_request *resolving; /* the name resolution not yet answered, or NULL */
    reach reach;
    int listed;                       /* devices is the list of its last poll, which succeeded */
    wudf_usbip_device devices[WUDF_USBIP_MAX_DEVICES];
    size_t count;
    /* Devnodes (handles) present without a host that the last list left out: gone if the next does too. */
    uint32_t missed[WUDF_USBIP_MAX_DEVICES];
    size_t missed_count;
    /* Bus ids of listed devices no package matches, logged once each while they stay listed. */
    char unbound[WUDF_USBIP_MAX_DEVICES][WUDF_USBIP_BUSID_SIZE];
    size_t unbound_count;
} usbip_server;

/* A name resolution on libuv's thread pool; it may outlive the poll that asked (deadline, shutdown). */
typedef struct resolve_request {
    uv_getaddrinfo_t req;
    usbip_server *server;
    uint64_t generation;
} resolve_request;

static usbip_server servers[WUDF_USBIP_SERVERS_MAX];
static size_t server_count;
static int started, stopping;
static uint64_t poll_ms;
static wudf_usbip_device scratch[WUDF_USBIP_MAX_DEVICES]; /* a reply decoded before it replaces a list */

static void poll_server(uv_timer_t *t);

static int of_server(const wudf_devnode *d, const usbip_server *s)
{
    return d->usb && strcmp(d->usbip_server, s->name) == 0;
}

static void schedule(usbip_server *s)
{
    if (!stopping)
        uv_timer_start(&s->poll_timer, poll_server, poll_ms, 0);
}

static void on_tcp_closed(uv_handle_t *handle)
{
    usbip_server *s = handle->data;
    s->tcp_open = 0;
    schedule(s);
}

/* Devnodes of s that are present without a host leave; those with a host are the host's to report. */
static void gone_unless_held(usbip_server *s, int only_unlisted, const char *reason);

static void unreachable(usbip_server *s, const char *reason)
{
    s->listed = 0;
    s->count = 0;
    s->unbound_count = 0;
    s->missed_count = 0;
    if (s->reach != REACH_NO) {
        char q[600];
        wudf_log(WUDF_LOG_WARN, "usbip-unreachable", "server=%s reason=%s", s->name,
                 wudf_log_quote(q, sizeof q, reason));
        s->reach = REACH_NO;
    }
    gone_unless_held(s, 0, "usbip: server unreachable");
}

static void reconcile(usbip_server *s, int new_list);

/* The poll in progress ends: reason NULL when the list arrived. The next poll follows the close. */
static void finish(usbip_server *s, const char *reason)
{
    s->stage = STAGE_IDLE;
    uv_timer_stop(&s->deadline);
    if (s->tcp_open && !uv_is_closing((uv_handle_t *)&s->tcp))
        uv_close((uv_handle_t *)&s->tcp, on_tcp_closed);
    else if (!s->tcp_open)
        schedule(s);
    if (stopping)
        return;
    if (reason) {
        unreachable(s, reason);
        return;
    }
    if (s->reach != REACH_YES)
        wudf_log(WUDF_LOG_INFO, "usbip-reachable", "server=%s devices=%lu", s->name, (unsigned long)s->count);
    s->reach = REACH_YES;
    s->listed = 1;
    reconcile(s, 1);
}

static void finish_uv(usbip_server *s, const char *what, int status)
{
    char why[160];
    snprintf(why, sizeof why, "%s: %s", what, uv_strerror(status));
    finish(s, why);
}

static void on_deadline(uv_timer_t *t)
{
    usbip_server *s = t->data;
    /* Timers run before I/O in a loop iteration: after a stall of the loop, what has arrived is read
     * first (one more iteration) rather than taken for silence. */
    if (s->stage != STAGE_IDLE && !s->deadline_passed) {
        s->deadline_passed = 1;
        uv_timer_start(&s->deadline, on_deadline, 1, 0);
        return;
    }
    if (s->stage != STAGE_IDLE) {
        char why[80];
        snprintf(why, sizeof why, "no device list within %u ms", DEADLINE_MS);
        finish(s, why);
    }
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    usbip_server *s = handle->data;
    *buf = uv_buf_init((char *)s->reply + s->received, (unsigned)(sizeof s->reply - s->received));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    usbip_server *s = stream->data;
    if (s->stage != STAGE_READING || nread == 0)
        return;
    if (nread == UV_EOF) {
        char why[120];
        snprintf(why, sizeof why, "the server closed the connection %s",
                 s->received ? "in the middle of its device list" : "without a device list");
        finish(s, why);
        return;
    }
    if (nread < 0) {
        finish_uv(s, "reading the device list", (int)nread);
        return;
    }
    s->received += (size_t)nread;
    size_t count = 0, used = 0;
    wudf_error err;
    int rc = wudf_usbip_devlist_reply_decode(s->reply, s->received, scratch, WUDF_USBIP_MAX_DEVICES, &count, &used,
                                             &err);
    if (rc < 0) {
        finish(s, err.message);
    } else if (rc == 0) {
        memcpy(s->devices, scratch, count * sizeof scratch[0]);
        s->count = count;
        finish(s, NULL); /* what follows the list, if anything, is not read */
    } else if (s->received == sizeof s->reply) {
        finish(s, "the device list is longer than 64 devices of 32 interfaces need");
    }
}

static void on_written(uv_write_t *req, int status)
{
    usbip_server *s = req->data;
    if (status < 0 && status != UV_ECANCELED && s->stage == STAGE_READING)
        finish_uv(s, "sending the request", status);
}

static void on_connected(uv_connect_t *req, int status)
{
    usbip_server *s = req->data;
    if (status == UV_ECANCELED || s->stage != STAGE_CONNECTING)
        return;
    if (status < 0) {
        finish_uv(s, "connect", status);
        return;
    }
    s->stage = STAGE_READING;
    size_t n = wudf_usbip_devlist_request_encode(s->request, sizeof s->request);
    uv_buf_t b = uv_buf_init((char *)s->request, (unsigned)n);
    s->write.data = s;
    int rc = uv_write(&s->write, (uv_stream_t *)&s->tcp, &b, 1, on_written);
    if (!rc)
        rc = uv_read_start((uv_stream_t *)&s->tcp, on_alloc, on_read);
    if (rc)
        finish_uv(s, "sending the request", rc);
}

static void connect_to(usbip_server *s, const struct sockaddr *addr)
{
    int rc = uv_tcp_init(g_reflector->loop, &s->tcp);
    if (rc) {
        finish_uv(s, "socket", rc);
        return;
    }
    s->tcp.data = s;
    s->tcp_open = 1;
    s->stage = STAGE_CONNECTING;
    s->connect.data = s;
    rc = uv_tcp_connect(&s->connect, &s->tcp, addr, on_connected);
    if (rc)
        finish_uv(s, "connect", rc);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
    resolve_request *r = WUDF_CONTAINER_OF(req, resolve_request, req);
    usbip_server *s = r->server;
    if (s->resolving == r)
        s->resolving = NULL;
    if (!stopping && s->stage == STAGE_RESOLVING && s->generation == r->generation) {
        if (status < 0)
            finish_uv(s, "resolving the host name", status);
        else if (!res)
            finish(s, "resolving the host name: no address");
        else
            connect_to(s, res->ai_addr);
    }
    uv_freeaddrinfo(res);
    free(r);
}

static void resolve(usbip_server *s)
{
    resolve_request *r = calloc(1, sizeof *r);
    if (!r) {
        finish(s, "out of memory");
        return;
    }
    r->server = s;
    r->generation = s->generation;
    char port[8];
    snprintf(port, sizeof port, "%u", s->port);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    s->stage = STAGE_RESOLVING;
    int rc = uv_getaddrinfo(g_reflector->loop, &r->req, on_resolved, s->host, port, &hints);
    if (rc) {
        free(r);
        finish_uv(s, "resolving the host name", rc);
        return;
    }
    s->resolving = r;
}

static void poll_server(uv_timer_t *t)
{
    usbip_server *s = t->data;
    if (stopping || s->stage != STAGE_IDLE)
        return;
    if (s->tcp_open) { /* the last poll's connection still closes: its close schedules this again */
        return;
    }
    s->generation++;
    s->received = 0;
    s->deadline_passed = 0;
    uv_timer_start(&s->deadline, on_deadline, DEADLINE_MS, 0);
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    /* An address needs no resolution; a name is resolved off the loop. */
    if (uv_ip4_addr(s->host, (int)s->port, &in4) == 0)
        connect_to(s, (const struct sockaddr *)&in4);
    else if (uv_ip6_addr(s->host, (int)s->port, &in6) == 0)
        connect_to(s, (const struct sockaddr *)&in6);
    else
        resolve(s);
}

/* ---- Matching a list against the devnodes ---- */

static int listed(const usbip_server *s, const wudf_devnode *d)
{
    for (size_t i = 0; i < s->count; i++) {
        const wudf_usbip_device *e = &s->devices[i];
        if (strcmp(e->busid, d->usb_busid) == 0 && e->vendor == d->usb_vid && e->product == d->usb_pid &&
            (e->busnum & 0xff) == d->usb_bus && (e->devnum & 0xff) == d->usb_address)
            return 1;
    }
    return 0;
}

static int was_missed(const usbip_server *s, uint32_t handle)
{
    for (size_t i = 0; i < s->missed_count; i++)
        if (s->missed[i] == handle)
            return 1;
    return 0;
}

static void gone_unless_held(usbip_server *s, int only_unlisted, const char *reason)
{
    uint32_t missed[WUDF_USBIP_MAX_DEVICES];
    size_t missed_count = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (!of_server(d, s) || !d->present || d->host || (only_unlisted && listed(s, d)))
            continue;
        /* Left out of one list, it gets one more: usbipd lists a device again only a moment after the host
         * that imported it has let go (a host stopped for a disable or a restart). */
        if (only_unlisted && !was_missed(s, d->handle) && missed_count < WUDF_USBIP_MAX_DEVICES)
            missed[missed_count++] = d->handle;
        else
            wudf_usb_pnp_gone(d, reason);
    }
    memcpy(s->missed, missed, missed_count * sizeof missed[0]);
    s->missed_count = missed_count;
}

/* A bus id as Linux names a device's port ("1-2.3"): nothing else reaches an instance id or a log line. */
static int valid_busid(const char *busid)
{
    if (!busid[0])
        return 0;
    for (const char *p = busid; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-' ||
              *p == '.' || *p == ':' || *p == '_'))
            return 0;
    return 1;
}

static void identity(const usbip_server *s, const wudf_usbip_device *e, wudf_usb_identity *u)
{
    memset(u, 0, sizeof *u);
    u->vid = e->vendor;
    u->pid = e->product;
    u->rev = e->bcd_device;
    u->bus = (uint8_t)e->busnum;
    u->address = (uint8_t)e->devnum;
    u->cls = e->device_class;
    u->subclass = e->device_subclass;
    u->protocol = e->device_protocol;
    /* Class codes left to the interfaces: the first one's, as for a local device. */
    if (u->cls == 0 && e->interface_count > 0) {
        u->cls = e->interfaces[0].cls;
        u->subclass = e->interfaces[0].subclass;
        u->protocol = e->interfaces[0].protocol;
    }
    snprintf(u->port_path, sizeof u->port_path, "%s", e->busid);
    snprintf(u->usbip_server, sizeof u->usbip_server, "%s", s->name);
    snprintf(u->busid, sizeof u->busid, "%s", e->busid);
}

static int was_unbound(const usbip_server *s, const char *busid)
{
    for (size_t i = 0; i < s->unbound_count; i++)
        if (strcmp(s->unbound[i], busid) == 0)
            return 1;
    return 0;
}

/* new_list: a list just received (else the last one again, after a package install: arrivals only). */
static void reconcile(usbip_server *s, int new_list)
{
    /* Devices that left first, so that one back at a new device number arrives anew. */
    if (new_list)
        gone_unless_held(s, 1, "usbip: not exported");
    char unbound[WUDF_USBIP_MAX_DEVICES][WUDF_USBIP_BUSID_SIZE];
    size_t unbound_count = 0;
    for (size_t i = 0; i < s->count && !g_reflector->shutting_down; i++) {
        const wudf_usbip_device *e = &s->devices[i];
        if (!valid_busid(e->busid))
            continue;
        wudf_usb_identity u;
        identity(s, e, &u);
        if (wudf_usb_arrive(&u, "usbip", was_unbound(s, e->busid)) == WUDF_USB_NO_DRIVER)
            snprintf(unbound[unbound_count++], sizeof unbound[0], "%s", e->busid);
        /* WUDF_USB_BUSY: its previous host still stops; the next poll sees it again. */
    }
    memcpy(s->unbound, unbound, unbound_count * sizeof unbound[0]);
    s->unbound_count = unbound_count;
}

void wudf_usbip_pnp_rescan(void)
{
    for (size_t i = 0; i < server_count; i++)
        if (servers[i].listed)
            reconcile(&servers[i], 0);
}

void wudf_usbip_pnp_start(wudf_reflector *r)
{
    poll_ms = r->config.usbip_poll_ms ? r->config.usbip_poll_ms : 1000;
    stopping = 0;
    server_count = 0;
    for (unsigned i = 0; i < r->config.usbip_server_count && i < WUDF_USBIP_SERVERS_MAX; i++) {
        usbip_server *s = &servers[server_count];
        memset(s, 0, sizeof *s);
        wudf_error err;
        if (wudf_usbip_parse_server(r->config.usbip_servers[i], s->host, sizeof s->host, &s->port, &err)) {
            wudf_log(WUDF_LOG_ERROR, "usbip-bad-server", "reason=\"%s\"", err.message);
            continue;
        }
        snprintf(s->name, sizeof s->name, strchr(s->host, ':') ? "[%s]:%u" : "%s:%u", s->host, s->port);
        uv_timer_init(r->loop, &s->poll_timer);
        uv_timer_init(r->loop, &s->deadline);
        s->poll_timer.data = s->deadline.data = s;
        uv_unref((uv_handle_t *)&s->poll_timer);
        uv_unref((uv_handle_t *)&s->deadline);
        uv_timer_start(&s->poll_timer, poll_server, 0, 0);
        server_count++;
        wudf_log(WUDF_LOG_INFO, "usbip-pnp", "server=%s poll_ms=%llu", s->name, (unsigned long long)poll_ms);
    }
    started = server_count > 0;
}

void wudf_usbip_pnp_stop(void)
{
    if (!started)
        return;
    started = 0;
    stopping = 1;
    for (size_t i = 0; i < server_count; i++) {
        usbip_server *s = &servers[i];
        s->stage = STAGE_IDLE;
        uv_close((uv_handle_t *)&s->poll_timer, NULL);
        uv_close((uv_handle_t *)&s->deadline, NULL);
        if (s->tcp_open && !uv_is_closing((uv_handle_t *)&s->tcp))
            uv_close((uv_handle_t *)&s->tcp, on_tcp_closed);
        /* One not started yet is answered with UV_EAI_CANCELED; one running ends by itself. */
        if (s->resolving)
            uv_cancel((uv_req_t *)&s->resolving->req);
    }
}
