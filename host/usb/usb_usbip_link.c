/*
 * The USB/IP connection of a device (usb_usbip.h): the host connects to the
 * server DEVICE_START names (usb.usbip), imports the device by busid, and
 * from then on its transfers are CMD_SUBMIT / RET_SUBMIT on that connection.
 *
 * The connection has a thread and a libuv loop of its own (the link), so
 * synchronous calls may come from any framework thread and a driver that
 * blocks never holds up a completion. Other threads hand the link work
 * through lists under its lock and wake it with an async handle; completions
 * run on the link's thread, as libusb runs them on its event thread.
 * Cancelling, and a transfer's timeout, send CMD_UNLINK; the transfer ends
 * with whichever of RET_SUBMIT or RET_UNLINK comes back. The server is
 * untrusted: a reply that names no transfer in flight, carries more data
 * than asked, or breaks the protocol ends the connection, which is the
 * device leaving (surprise removal), as is the server closing it.
 */
#include "usb_usbip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "usbip.h"

#define OPEN_TIMEOUT_MS 5000u    /* connect and import */
#define UNLINK_GRACE_MS 5000u    /* an unlink unanswered this long: the connection is broken */

enum link_phase { LINK_CONNECTING, LINK_RUNNING, LINK_CLOSED };

/* A transfer as the link tracks it; the struct libusb_transfer follows it in the same allocation. */
typedef struct urb {
    wudf_list link;          /* to_send, in_flight or (after completion) none */
    uint32_t seqnum;
    uint32_t unlink_seqnum;  /* 0 until a CMD_UNLINK was sent */
    uint32_t direction;
    uint64_t deadline;       /* ms; 0: none */
    uint64_t unlink_deadline;
    int cancel_status;       /* LIBUSB_TRANSFER_CANCELLED or _TIMED_OUT once asked; 0 otherwise */
    int listed;
} urb;

#define URB_SPACE ((sizeof(urb) + 15u) & ~(size_t)15u)

static urb *urb_of(struct libusb_transfer *x)
{
    return (urb *)(void *)((char *)x - URB_SPACE);
}

static struct libusb_transfer *transfer_of(urb *u)
{
    return (struct libusb_transfer *)(void *)((char *)u + URB_SPACE);
}

typedef struct wudf_usbip_link {
    wudf_usb *usb;
    char server[256];
    unsigned port;
    char busid[WUDF_USBIP_BUSID_SIZE];
    uint16_t vid, pid;

    uv_loop_t loop;
    uv_async_t wake;
    uv_tcp_t tcp;
    uv_timer_t timer;
    uv_connect_t connect;
    uv_thread_t thread;
    int thread_started;

    uv_mutex_t lock;      /* everything below */
    uv_cond_t changed;    /* the import ended; a synchronous transfer finished */
    int phase;
    int stopping;
    int import_done;      /* 1: imported; -1: failed (message says why) */
    NTSTATUS import_status;
    char message[400];
    wudf_usbip_device device;
    uint32_t devid;
    uint32_t next_seqnum;
    wudf_list to_send;    /* urb.link: submitted, CMD_SUBMIT not yet written */
    wudf_list in_flight;  /* urb.link: written, no reply yet */

    /* The link thread's own. */
    uint8_t *rx;
    size_t rx_length, rx_capacity;
} wudf_usbip_link;

/* ---- Writing ---- */

typedef struct write_req {
    uv_write_t req;
    uint8_t bytes[];
} write_req;

static void on_written(uv_write_t *req, int status)
{
    (void)status; /* a failed write shows up as the read side ending */
    free(req);
}

/* Link thread. */
static int send_bytes(wudf_usbip_link *l, const uint8_t *head, size_t head_length, const uint8_t *data,
                      size_t data_length)
{
    write_req *w = malloc(sizeof *w + head_length + data_length);
    if (!w)
        return -1;
    memcpy(w->bytes, head, head_length);
    if (data_length)
        memcpy(w->bytes + head_length, data, data_length);
    uv_buf_t buf = uv_buf_init((char *)w->bytes, (unsigned)(head_length + data_length));
    if (uv_write(&w->req, (uv_stream_t *)&l->tcp, &buf, 1, on_written) < 0) {
        free(w);
        return -1;
    }
    return 0;
}

/* ---- Completing ---- */

static int transfer_status_of(int32_t status)
{
    switch (status) {
    case 0:
    case WUDF_USBIP_EREMOTEIO: return LIBUSB_TRANSFER_COMPLETED; /* a short packet: the bytes that came */
    case WUDF_USBIP_EPIPE: return LIBUSB_TRANSFER_STALL;
    case WUDF_USBIP_ENOENT:
    case WUDF_USBIP_ECONNRESET: return LIBUSB_TRANSFER_CANCELLED;
    case WUDF_USBIP_ENODEV:
    case WUDF_USBIP_ESHUTDOWN: return LIBUSB_TRANSFER_NO_DEVICE;
    case WUDF_USBIP_ETIMEDOUT: return LIBUSB_TRANSFER_TIMED_OUT;
    case WUDF_USBIP_EOVERFLOW: return LIBUSB_TRANSFER_OVERFLOW;
    default: return LIBUSB_TRANSFER_ERROR;
    }
}

/* Link thread, link lock not held: the transfer's callback, once. */
static void finish(struct libusb_transfer *x, int status, int actual)
{
    x->status = (enum libusb_transfer_status)status;
    x->actual_length = actual;
    x->callback(x);
}

/* Takes every transfer off the lists and completes them with status. Link thread. */
static void finish_all(wudf_usbip_link *l, int status)
{
    wudf_list done;
    wudf_list_init(&done);
    uv_mutex_lock(&l->lock);
    wudf_list *lists[2] = {&l->to_send, &l->in_flight};
    for (int i = 0; i < 2; i++)
        while (!wudf_list_empty(lists[i])) {
            wudf_list *pos = lists[i]->next;
            wudf_list_remove(pos);
            wudf_list_add_tail(&done, pos);
        }
    uv_mutex_unlock(&l->lock);
    while (!wudf_list_empty(&done)) {
        urb *u = WUDF_CONTAINER_OF(done.next, urb, link);
        wudf_list_remove(&u->link);
        u->listed = 0;
        finish(transfer_of(u), status, 0);
    }
}

static void on_closed(uv_handle_t *h)
{
    (void)h;
}

/* The connection ends: everything in flight fails as the device being gone. Link thread. */
static void disconnect(wudf_usbip_link *l, const char *reason)
{
    uv_mutex_lock(&l->lock);
    int was = l->phase;
    l->phase = LINK_CLOSED;
    if (!l->import_done) {
        l->import_done = -1;
        l->import_status = STATUS_NO_SUCH_DEVICE;
        snprintf(l->message, sizeof l->message, "USB device %s: %s", l->usb->name, reason);
    }
    uv_cond_broadcast(&l->changed);
    int stopping = l->stopping;
    uv_mutex_unlock(&l->lock);
    if (was == LINK_CLOSED)
        return;
    if (!uv_is_closing((uv_handle_t *)&l->tcp))
        uv_close((uv_handle_t *)&l->tcp, on_closed);
    uv_timer_stop(&l->timer);
    if (was == LINK_RUNNING && !stopping) {
        char q[200];
        wudf_log(WUDF_LOG_WARN, "usbip-disconnected", "device=\"%s\" reason=%s", l->usb->name,
                 wudf_log_quote(q, sizeof q, reason));
    }
    finish_all(l, LIBUSB_TRANSFER_NO_DEVICE);
    if (was == LINK_RUNNING && !stopping)
        wudf_usb_device_lost(l->usb, "usbip");
}

/* ---- Sending what other threads queued ---- */

/* The interval a CMD_SUBMIT carries for an interrupt endpoint: frames, or microframes at high speed and above,
 * as Linux's URBs count it. */
static uint32_t interval_of(wudf_usb *usb, uint8_t endpoint)
{
    for (size_t i = 0; i < usb->config.endpoint_count; i++)
        if (usb->config.endpoints[i].address == endpoint) {
            unsigned b = usb->config.endpoints[i].interval;
            if (usb->speed >= LIBUSB_SPEED_HIGH) {
                b = b < 1 ? 1 : b > 16 ? 16 : b;
                return 1u << (b - 1);
            }
            return b ? b : 1;
        }
    return 1;
}

static int submit_one(wudf_usbip_link *l, urb *u)
{
    struct libusb_transfer *x = transfer_of(u);
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    int control = x->type == LIBUSB_TRANSFER_TYPE_CONTROL;
    const uint8_t *data = x->buffer + (control ? LIBUSB_CONTROL_SETUP_SIZE : 0);
    uint32_t length = (uint32_t)x->length - (control ? LIBUSB_CONTROL_SETUP_SIZE : 0);
    h.command = WUDF_USBIP_CMD_SUBMIT;
    h.seqnum = u->seqnum;
    h.devid = l->devid;
    h.direction = u->direction;
    h.ep = x->endpoint & 0x0f;
    h.transfer_flags = (u->direction == WUDF_USBIP_DIR_IN ? WUDF_USBIP_URB_DIR_IN : 0) |
                       ((x->flags & LIBUSB_TRANSFER_ADD_ZERO_PACKET) ? WUDF_USBIP_URB_ZERO_PACKET : 0);
    h.transfer_length = length;
    h.number_of_packets = x->type == LIBUSB_TRANSFER_TYPE_INTERRUPT || x->type == LIBUSB_TRANSFER_TYPE_BULK ||
                                  control ? 0 : WUDF_USBIP_NOT_ISO;
    h.interval = x->type == LIBUSB_TRANSFER_TYPE_INTERRUPT ? interval_of(l->usb, x->endpoint) : 0;
    if (control)
        memcpy(h.setup, x->buffer, 8);
    uint8_t head[WUDF_USBIP_HEADER_SIZE];
    wudf_usbip_header_encode(head, &h);
    return send_bytes(l, head, sizeof head, data, u->direction == WUDF_USBIP_DIR_OUT ? length : 0);
}

static void send_unlink(wudf_usbip_link *l, urb *u)
{
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_CMD_UNLINK;
    h.seqnum = u->unlink_seqnum;
    h.devid = l->devid;
    h.direction = u->direction;
    h.ep = transfer_of(u)->endpoint & 0x0f;
    h.unlink_seqnum = u->seqnum;
    uint8_t head[WUDF_USBIP_HEADER_SIZE];
    wudf_usbip_header_encode(head, &h);
    send_bytes(l, head, sizeof head, NULL, 0);
}

static uint32_t next_seqnum(wudf_usbip_link *l)
{
    if (++l->next_seqnum == 0)
        l->next_seqnum = 1;
    return l->next_seqnum;
}

static void arm_timer(wudf_usbip_link *l);

/* Link thread: writes what was submitted, unlinks what was cancelled or timed out, ends cancelled ones that
 * never left. */
static void work(wudf_usbip_link *l)
{
    uint64_t now = wudf_now_ms();
    wudf_list cancelled;
    wudf_list_init(&cancelled);
    uv_mutex_lock(&l->lock);
    if (l->phase != LINK_RUNNING) {
        uv_mutex_unlock(&l->lock);
        return;
    }
    int broken = 0;
    while (!wudf_list_empty(&l->to_send)) {
        urb *u = WUDF_CONTAINER_OF(l->to_send.next, urb, link);
        wudf_list_remove(&u->link);
        if (u->cancel_status) {
            wudf_list_add_tail(&cancelled, &u->link);
            continue;
        }
        wudf_list_add_tail(&l->in_flight, &u->link);
        if (submit_one(l, u))
            broken = 1;
    }
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &l->in_flight) {
        urb *u = WUDF_CONTAINER_OF(pos, urb, link);
        if (!u->cancel_status && u->deadline && now >= u->deadline)
            u->cancel_status = LIBUSB_TRANSFER_TIMED_OUT;
        if (u->cancel_status && !u->unlink_seqnum) {
            u->unlink_seqnum = next_seqnum(l);
            u->unlink_deadline = now + UNLINK_GRACE_MS;
            send_unlink(l, u);
        } else if (u->unlink_seqnum && now >= u->unlink_deadline) {
            broken = 2;
        }
    }
    uv_mutex_unlock(&l->lock);
    while (!wudf_list_empty(&cancelled)) {
        urb *u = WUDF_CONTAINER_OF(cancelled.next, urb, link);
        wudf_list_remove(&u->link);
        u->listed = 0;
        finish(transfer_of(u), u->cancel_status, 0);
    }
    if (broken)
        disconnect(l, broken == 2 ? "the server did not answer an unlink within 5 s" : "cannot write to the server");
    else
        arm_timer(l);
}

static void on_timer(uv_timer_t *t)
{
    work(t->data);
}

/* Link thread: the timer fires at the earliest deadline of a transfer or an unlink. */
static void arm_timer(wudf_usbip_link *l)
{
    uint64_t earliest = 0;
    uv_mutex_lock(&l->lock);
    wudf_list *pos;
    for (pos = l->in_flight.next; pos != &l->in_flight; pos = pos->next) {
        urb *u = WUDF_CONTAINER_OF(pos, urb, link);
        uint64_t d = u->unlink_seqnum ? u->unlink_deadline : u->deadline;
        if (d && (!earliest || d < earliest))
            earliest = d;
    }
    uv_mutex_unlock(&l->lock);
    if (!earliest) {
        uv_timer_stop(&l->timer);
        return;
    }
    uint64_t now = wudf_now_ms();
    uv_timer_start(&l->timer, on_timer, earliest > now ? earliest - now : 0, 0);
}

static void on_wake(uv_async_t *a)
{
    wudf_usbip_link *l = a->data;
    uv_mutex_lock(&l->lock);
    int stopping = l->stopping;
    uv_mutex_unlock(&l->lock);
    if (stopping) {
        disconnect(l, "closed");
        uv_close((uv_handle_t *)&l->wake, on_closed);
        if (!uv_is_closing((uv_handle_t *)&l->timer))
            uv_close((uv_handle_t *)&l->timer, on_closed);
        return;
    }
    work(l);
}

/* ---- Reading ---- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    wudf_usbip_link *l = h->data;
    if (l->rx_capacity - l->rx_length < 4096) {
        size_t cap = l->rx_capacity ? l->rx_capacity * 2 : 65536;
        uint8_t *rx = realloc(l->rx, cap);
        if (!rx) {
            *buf = uv_buf_init(NULL, 0);
            return;
        }
        l->rx = rx;
        l->rx_capacity = cap;
    }
    *buf = uv_buf_init((char *)l->rx + l->rx_length, (unsigned)(l->rx_capacity - l->rx_length));
}

/* The in-flight transfer with that seqnum (unlink: its CMD_UNLINK's seqnum), or NULL. Only the link's thread
 * takes transfers off in_flight, so on that thread what this finds stays there until it does. */
static urb *find_in_flight(wudf_usbip_link *l, uint32_t seqnum, int unlink)
{
    urb *found = NULL;
    uv_mutex_lock(&l->lock);
    wudf_list *pos;
    for (pos = l->in_flight.next; pos != &l->in_flight && !found; pos = pos->next) {
        urb *u = WUDF_CONTAINER_OF(pos, urb, link);
        if (unlink ? u->unlink_seqnum == seqnum : u->seqnum == seqnum)
            found = u;
    }
    uv_mutex_unlock(&l->lock);
    return found;
}

static void take_off(wudf_usbip_link *l, urb *u)
{
    uv_mutex_lock(&l->lock);
    wudf_list_remove(&u->link);
    u->listed = 0;
    uv_mutex_unlock(&l->lock);
}

/* One URB-phase message at the front of bytes: its size when whole, 0 when more bytes are needed, -1 (why set)
 * when it breaks the protocol. */
static long take_message(wudf_usbip_link *l, const uint8_t *bytes, size_t length, const char **why)
{
    if (length < WUDF_USBIP_HEADER_SIZE)
        return 0;
    wudf_usbip_header h;
    wudf_error err;
    if (wudf_usbip_header_decode(bytes, &h, &err)) {
        *why = "a malformed message";
        return -1;
    }
    if (h.command == WUDF_USBIP_RET_UNLINK) {
        /* Status 0: the transfer completed first, and its RET_SUBMIT ends it. */
        urb *u = h.status != 0 ? find_in_flight(l, h.seqnum, 1) : NULL;
        if (u) {
            take_off(l, u);
            finish(transfer_of(u), u->cancel_status ? u->cancel_status : LIBUSB_TRANSFER_CANCELLED, 0);
        }
        return WUDF_USBIP_HEADER_SIZE;
    }
    if (h.command != WUDF_USBIP_RET_SUBMIT) {
        *why = "a command where a reply belongs";
        return -1;
    }
    urb *u = find_in_flight(l, h.seqnum, 0);
    if (!u) {
        *why = "a reply to no transfer in flight";
        return -1;
    }
    struct libusb_transfer *x = transfer_of(u);
    int control = x->type == LIBUSB_TRANSFER_TYPE_CONTROL;
    size_t asked = (size_t)x->length - (control ? LIBUSB_CONTROL_SETUP_SIZE : 0);
    size_t actual = h.actual_length, payload = u->direction == WUDF_USBIP_DIR_IN ? actual : 0;
    if (actual > asked) {
        *why = "more data than the transfer asked for";
        return -1;
    }
    if (length < WUDF_USBIP_HEADER_SIZE + payload)
        return 0;
    take_off(l, u);
    if (payload)
        memcpy(x->buffer + (control ? LIBUSB_CONTROL_SETUP_SIZE : 0), bytes + WUDF_USBIP_HEADER_SIZE, payload);
    int status = transfer_status_of(h.status);
    if (status == LIBUSB_TRANSFER_CANCELLED && u->cancel_status)
        status = u->cancel_status; /* the unlink was for a timeout */
    finish(x, status, (int)actual);
    return (long)(WUDF_USBIP_HEADER_SIZE + payload);
}

/* The import reply, once whole: 1 imported, 0 more bytes needed, -1 refused (message set). */
static int take_import(wudf_usbip_link *l, size_t *used)
{
    uint32_t status = 0;
    wudf_usbip_device d;
    wudf_error err;
    int rc = wudf_usbip_import_reply_decode(l->rx, l->rx_length, &status, &d, used, &err);
    if (rc == 1)
        return 0;
    NTSTATUS st = STATUS_NO_SUCH_DEVICE;
    char why[200] = "";
    if (rc < 0)
        snprintf(why, sizeof why, "the server's import reply is invalid: %.140s", err.message);
    else if (status != WUDF_USBIP_ST_OK)
        snprintf(why, sizeof why, "the server refused the import of busid %s: %s%s", l->busid,
                 wudf_usbip_op_status_name(status),
                 status == WUDF_USBIP_ST_NA ? " (not exported, or imported by someone else)" : "");
    else if (d.vendor != l->vid || d.product != l->pid)
        snprintf(why, sizeof why, "busid %s on the server holds %04x:%04x", l->busid, d.vendor, d.product);
    uv_mutex_lock(&l->lock);
    if (why[0]) {
        l->import_done = -1;
        l->import_status = st;
        snprintf(l->message, sizeof l->message, "USB device %s is not present: %s", l->usb->name, why);
    } else {
        l->import_done = 1;
        l->device = d;
        l->devid = wudf_usbip_devid(&d);
        l->phase = LINK_RUNNING;
    }
    uv_cond_broadcast(&l->changed);
    uv_mutex_unlock(&l->lock);
    return why[0] ? -1 : 1;
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    (void)buf;
    wudf_usbip_link *l = s->data;
    if (n < 0) {
        disconnect(l, n == UV_EOF ? "the server closed the connection" : uv_strerror((int)n));
        return;
    }
    l->rx_length += (size_t)n;
    size_t consumed = 0; /* moved out of rx once, after every whole message was taken */
    const char *why = NULL;
    uv_mutex_lock(&l->lock);
    int phase = l->phase;
    uv_mutex_unlock(&l->lock);
    if (phase == LINK_CONNECTING) {
        size_t used = 0;
        int rc = take_import(l, &used);
        if (rc < 0) {
            disconnect(l, "import refused");
            return;
        }
        consumed = rc ? used : 0;
        phase = rc ? LINK_RUNNING : LINK_CONNECTING;
    }
    while (phase == LINK_RUNNING) {
        long taken = take_message(l, l->rx + consumed, l->rx_length - consumed, &why);
        if (taken < 0) {
            char reason[160];
            snprintf(reason, sizeof reason, "protocol violation: %s", why);
            disconnect(l, reason);
            return;
        }
        if (taken == 0)
            break;
        consumed += (size_t)taken;
    }
    if (consumed) {
        memmove(l->rx, l->rx + consumed, l->rx_length - consumed);
        l->rx_length -= consumed;
    }
    /* A message bigger than any transfer may be is refused before it is buffered whole. */
    if (l->rx_length > WUDF_USBIP_HEADER_SIZE + WUDF_USBIP_MAX_TRANSFER)
        disconnect(l, "protocol violation: an oversized message");
    else if (phase == LINK_RUNNING)
        arm_timer(l);
}

/* ---- Connecting ---- */

static void on_connected(uv_connect_t *c, int status)
{
    wudf_usbip_link *l = c->data;
    if (status < 0) {
        char why[200];
        snprintf(why, sizeof why, "cannot connect to USB/IP server %.100s port %u: %s", l->server, l->port,
                 uv_strerror(status));
        disconnect(l, why);
        return;
    }
    uv_tcp_nodelay(&l->tcp, 1);
    uint8_t request[WUDF_USBIP_IMPORT_REQUEST_SIZE];
    size_t n = wudf_usbip_import_request_encode(request, sizeof request, l->busid);
    if (!n || send_bytes(l, request, n, NULL, 0) || uv_read_start((uv_stream_t *)&l->tcp, on_alloc, on_read) < 0)
        disconnect(l, "cannot send the import request");
}

static void on_open_timeout(uv_timer_t *t)
{
    wudf_usbip_link *l = t->data;
    uv_mutex_lock(&l->lock);
    int waiting = l->phase == LINK_CONNECTING;
    uv_mutex_unlock(&l->lock);
    if (waiting)
        disconnect(l, "the server did not answer the import within 5 s");
}

static void run_link(void *arg)
{
    wudf_usbip_link *l = arg;
    char port[16];
    snprintf(port, sizeof port, "%u", l->port);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    uv_getaddrinfo_t resolve;
    int rc = uv_getaddrinfo(&l->loop, &resolve, NULL, l->server, port, &hints);
    if (rc == 0) {
        rc = uv_tcp_connect(&l->connect, &l->tcp, resolve.addrinfo->ai_addr, on_connected);
        uv_freeaddrinfo(resolve.addrinfo);
    }
    if (rc < 0) {
        char why[200];
        snprintf(why, sizeof why, "cannot reach USB/IP server %.100s port %u: %s", l->server, l->port, uv_strerror(rc));
        disconnect(l, why);
    } else {
        uv_timer_start(&l->timer, on_open_timeout, OPEN_TIMEOUT_MS, 0);
    }
    uv_run(&l->loop, UV_RUN_DEFAULT);
}

static void link_free(wudf_usbip_link *l)
{
    uv_loop_close(&l->loop);
    uv_cond_destroy(&l->changed);
    uv_mutex_destroy(&l->lock);
    free(l->rx);
    free(l);
}

int wudf_usbip_link_open(wudf_usb *usb, const usb_keys *keys, NTSTATUS *status, char *message, size_t size)
{
    wudf_usbip_link *l = calloc(1, sizeof *l);
    *status = STATUS_INSUFFICIENT_RESOURCES;
    if (!l) {
        snprintf(message, size, "out of memory for the USB/IP connection");
        return -1;
    }
    l->usb = usb;
    l->vid = keys->vid;
    l->pid = keys->pid;
    snprintf(l->busid, sizeof l->busid, "%s", keys->busid);
    snprintf(l->server, sizeof l->server, "%s", keys->usbip_host); /* checked by usb_open.c's read_keys */
    l->port = keys->usbip_port;
    wudf_list_init(&l->to_send);
    wudf_list_init(&l->in_flight);
    uv_mutex_init(&l->lock);
    uv_cond_init(&l->changed);
    if (uv_loop_init(&l->loop) < 0) {
        snprintf(message, size, "USB device %s: cannot start an event loop for it", usb->name);
        uv_cond_destroy(&l->changed);
        uv_mutex_destroy(&l->lock);
        free(l);
        return -1;
    }
    uv_async_init(&l->loop, &l->wake, on_wake);
    uv_timer_init(&l->loop, &l->timer);
    uv_tcp_init(&l->loop, &l->tcp);
    l->wake.data = l->timer.data = l->tcp.data = l->connect.data = l;
    usb->usbip = l;
    if (uv_thread_create(&l->thread, run_link, l) < 0) {
        snprintf(message, size, "USB device %s: cannot start the thread of its connection", usb->name);
        uv_close((uv_handle_t *)&l->wake, NULL);
        uv_close((uv_handle_t *)&l->timer, NULL);
        uv_close((uv_handle_t *)&l->tcp, NULL);
        uv_run(&l->loop, UV_RUN_DEFAULT);
        usb->usbip = NULL;
        link_free(l);
        return -1;
    }
    l->thread_started = 1;
    /* The link's timer bounds the import; this wait only adds a margin. */
    uint64_t deadline = wudf_now_ms() + OPEN_TIMEOUT_MS + 2000;
    uv_mutex_lock(&l->lock);
    while (!l->import_done && wudf_now_ms() < deadline)
        uv_cond_timedwait(&l->changed, &l->lock, 100 * 1000000ull);
    int done = l->import_done;
    uv_mutex_unlock(&l->lock);
    if (done != 1) {
        *status = done ? l->import_status : STATUS_IO_TIMEOUT;
        snprintf(message, size, "%s", done ? l->message : "the USB/IP connection did not come up");
        return -1; /* shut_down stops the link */
    }
    static const enum libusb_speed speeds[] = {LIBUSB_SPEED_UNKNOWN, LIBUSB_SPEED_LOW,   LIBUSB_SPEED_FULL,
                                               LIBUSB_SPEED_HIGH,    LIBUSB_SPEED_HIGH,  LIBUSB_SPEED_SUPER,
                                               LIBUSB_SPEED_SUPER_PLUS};
    usb->speed = l->device.speed < sizeof speeds / sizeof speeds[0] ? speeds[l->device.speed] : LIBUSB_SPEED_HIGH;
    wudf_log(WUDF_LOG_INFO, "usbip-imported", "device=\"%s\" devid=0x%08x path=\"%.100s\"", usb->name,
             (unsigned)l->devid, l->device.path);
    return 0;
}

void wudf_usbip_link_close(wudf_usb *usb)
{
    wudf_usbip_link *l = usb->usbip;
    if (!l)
        return;
    uv_mutex_lock(&l->lock);
    l->stopping = 1;
    uv_mutex_unlock(&l->lock);
    uv_async_send(&l->wake);
    uv_thread_join(&l->thread);
    usb->usbip = NULL;
    link_free(l);
}

/* ---- Transfers ---- */

struct libusb_transfer *wudf_usbip_transfer_alloc(void)
{
    urb *u = calloc(1, URB_SPACE + sizeof(struct libusb_transfer));
    if (!u)
        return NULL;
    wudf_list_init(&u->link);
    return transfer_of(u);
}

void wudf_usbip_transfer_free(struct libusb_transfer *x)
{
    if (x)
        free(urb_of(x));
}

int wudf_usbip_link_submit(wudf_usb *usb, struct libusb_transfer *x)
{
    wudf_usbip_link *l = usb->usbip;
    urb *u = urb_of(x);
    int control = x->type == LIBUSB_TRANSFER_TYPE_CONTROL;
    if (x->length < (control ? (int)LIBUSB_CONTROL_SETUP_SIZE : 0) ||
        (size_t)x->length > WUDF_USBIP_MAX_TRANSFER + LIBUSB_CONTROL_SETUP_SIZE)
        return LIBUSB_ERROR_INVALID_PARAM;
    if (!control && x->type != LIBUSB_TRANSFER_TYPE_BULK && x->type != LIBUSB_TRANSFER_TYPE_INTERRUPT)
        return LIBUSB_ERROR_NOT_SUPPORTED;
    u->direction = (control ? x->buffer[0] : x->endpoint) & 0x80 ? WUDF_USBIP_DIR_IN : WUDF_USBIP_DIR_OUT;
    u->cancel_status = 0;
    u->unlink_seqnum = 0;
    u->deadline = x->timeout ? wudf_now_ms() + x->timeout : 0;
    uv_mutex_lock(&l->lock);
    if (l->phase != LINK_RUNNING) {
        uv_mutex_unlock(&l->lock);
        return LIBUSB_ERROR_NO_DEVICE;
    }
    u->seqnum = next_seqnum(l);
    u->listed = 1;
    wudf_list_add_tail(&l->to_send, &u->link);
    uv_mutex_unlock(&l->lock);
    uv_async_send(&l->wake);
    return 0;
}

int wudf_usbip_link_cancel(wudf_usb *usb, struct libusb_transfer *x)
{
    wudf_usbip_link *l = usb->usbip;
    urb *u = urb_of(x);
    uv_mutex_lock(&l->lock);
    int listed = u->listed && !u->cancel_status;
    if (listed)
        u->cancel_status = LIBUSB_TRANSFER_CANCELLED;
    uv_mutex_unlock(&l->lock);
    if (!listed)
        return LIBUSB_ERROR_NOT_FOUND;
    uv_async_send(&l->wake);
    return 0;
}

int wudf_usbip_link_on_own_thread(wudf_usb *usb)
{
    uv_thread_t self = uv_thread_self();
    return uv_thread_equal(&self, &usb->usbip->thread);
}

uint8_t wudf_usbip_link_configuration(wudf_usb *usb)
{
    return usb->usbip->device.configuration_value;
}
