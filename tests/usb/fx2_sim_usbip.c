/*
 * The simulated FX2 (fx2_sim.h) as a USB/IP server, on every platform: a libuv loop on a thread of its
 * own listens on 127.0.0.1, answers device lists and imports, and hands an importing connection's URBs
 * to the kit (fx2_model.h). The model answers on whichever thread made the data arrive; answers wait
 * in `outbox` until the loop thread writes them.
 *
 * A client is untrusted: anything it sends that is not USB/IP is logged as a refusal and its
 * connection closed.
 */
#include "fx2_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "fx2_model.h"
#include "log.h"
#include "usbip.h"

#define SYSPATH "/sys/devices/pci0000:00/0000:00:14.0/usb1/" FX2_SIM_PORT_PATH
#define READ_CHUNK 65536u
#define MESSAGE_LIMIT (WUDF_USBIP_HEADER_SIZE + WUDF_USBIP_MAX_TRANSFER)

typedef struct connection connection;

/* A URB a client submitted: owner is its connection, id its seqnum. */
typedef struct usbip_urb {
    fx2_urb urb;
    struct usbip_urb *next_out; /* in the outbox */
    uint32_t direction;
} usbip_urb;

struct connection {
    uv_tcp_t tcp;
    uv_shutdown_t shutdown;
    fx2_sim *sim;
    connection *next;
    uint8_t *in; /* received, not yet taken */
    size_t in_length, in_capacity;
    int imported;
    unsigned generation; /* of the plug it imported */
    int closing;
};

struct fx2_sim {
    fx2_model *model;
    uv_loop_t loop;
    uv_tcp_t listener;
    uv_async_t wake; /* answers to write, the importer of an unplugged device to cut off, the end */
    uv_thread_t thread;
    int running;
    char server[32];
    /* Taken inside the model's lock (its answers), so never held while calling the model. */
    uv_mutex_t lock;
    usbip_urb *outbox, **outbox_tail;
    int listed;
    unsigned devnum;
    unsigned generation; /* bumped by each unplug: an importer of an earlier one is cut off */
    int stopping;
    /* The loop thread's. */
    connection *connections;
    connection *importer;
};

typedef struct write_req {
    uv_write_t req;
    uint8_t bytes[];
} write_req;

static void refuse(const char *what, const char *message)
{
    char quoted[400];
    wudf_log(WUDF_LOG_WARN, "usbip-refused", "what=%s reason=%s", what,
             wudf_log_quote(quoted, sizeof quoted, message));
}

static usbip_urb *urb_of(fx2_urb *u)
{
    return (usbip_urb *)(void *)u;
}

static void urb_free(usbip_urb *u)
{
    if (u) {
        free(u->urb.data);
        free(u);
    }
}

static void free_model_list(fx2_urb *list)
{
    while (list) {
        fx2_urb *next = list->next;
        urb_free(urb_of(list));
        list = next;
    }
}

/* The model answered a URB (under its lock, on any thread): the loop thread writes it. */
static void on_answer(void *context, fx2_urb *u)
{
    fx2_sim *sim = context;
    usbip_urb *r = urb_of(u);
    r->next_out = NULL;
    uv_mutex_lock(&sim->lock);
    *sim->outbox_tail = r;
    sim->outbox_tail = &r->next_out;
    uv_mutex_unlock(&sim->lock);
    uv_async_send(&sim->wake);
}

static void on_written(uv_write_t *req, int status)
{
    (void)status; /* a failed write shows as a read error on the same connection */
    free(req);
}

/* Queues length bytes (copied) on c. */
static void send_bytes(connection *c, const uint8_t *bytes, size_t length)
{
    if (c->closing)
        return;
    write_req *w = malloc(sizeof *w + length);
    if (!w)
        return;
    memcpy(w->bytes, bytes, length);
    uv_buf_t buf = uv_buf_init((char *)w->bytes, (unsigned)length);
    if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_written))
        free(w);
}

static void send_header(connection *c, const wudf_usbip_header *h, const uint8_t *data, size_t length)
{
    write_req *w = malloc(sizeof *w + WUDF_USBIP_HEADER_SIZE + length);
    if (!w || c->closing) {
        free(w);
        return;
    }
    wudf_usbip_header_encode(w->bytes, h);
    if (length)
        memcpy(w->bytes + WUDF_USBIP_HEADER_SIZE, data, length);
    uv_buf_t buf = uv_buf_init((char *)w->bytes, (unsigned)(WUDF_USBIP_HEADER_SIZE + length));
    if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_written))
        free(w);
}

static void send_ret_submit(connection *c, uint32_t seqnum, int32_t status, const uint8_t *data, size_t actual,
                            size_t sent_data)
{
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_RET_SUBMIT;
    h.seqnum = seqnum;
    h.status = status;
    h.actual_length = (uint32_t)actual;
    send_header(c, &h, data, sent_data);
}

/* The answer to a URB: IN data follows the header (a control transfer's after its setup packet). */
static void send_answer(connection *c, usbip_urb *r)
{
    const fx2_urb *u = &r->urb;
    const uint8_t *data = u->endpoint == 0 ? u->data + 8 : u->data;
    size_t sent = r->direction == WUDF_USBIP_DIR_IN ? u->actual : 0;
    send_ret_submit(c, (uint32_t)u->id, u->status, data, u->actual, sent);
}

/* Loop thread: writes the answers waiting in the outbox. */
static void drain_outbox(fx2_sim *sim)
{
    uv_mutex_lock(&sim->lock);
    usbip_urb *list = sim->outbox;
    sim->outbox = NULL;
    sim->outbox_tail = &sim->outbox;
    uv_mutex_unlock(&sim->lock);
    while (list) {
        usbip_urb *next = list->next_out;
        send_answer((connection *)(uintptr_t)list->urb.owner, list);
        urb_free(list);
        list = next;
    }
}

/* Lock held: drops the answers waiting for c. */
static void purge_outbox(fx2_sim *sim, const connection *c)
{
    usbip_urb **link = &sim->outbox;
    while (*link) {
        usbip_urb *r = *link;
        if (r->urb.owner == c) {
            *link = r->next_out;
            urb_free(r);
        } else {
            link = &r->next_out;
        }
    }
    sim->outbox_tail = link;
}

static void on_connection_closed(uv_handle_t *handle)
{
    connection *c = handle->data;
    free(c->in);
    free(c);
}

static void on_shut_down(uv_shutdown_t *req, int status)
{
    (void)status;
    connection *c = req->data;
    uv_close((uv_handle_t *)&c->tcp, on_connection_closed);
}

/* Loop thread: c goes, and with it the URBs it had waiting; gracefully lets what was written go out first. */
static void close_connection(connection *c, int graceful)
{
    fx2_sim *sim = c->sim;
    if (c->closing)
        return;
    c->closing = 1;
    uv_read_stop((uv_stream_t *)&c->tcp);
    for (connection **link = &sim->connections; *link; link = &(*link)->next)
        if (*link == c) {
            *link = c->next;
            break;
        }
    if (sim->importer == c)
        sim->importer = NULL;
    free_model_list(fx2_model_take_pending(sim->model, c));
    uv_mutex_lock(&sim->lock);
    purge_outbox(sim, c);
    uv_mutex_unlock(&sim->lock);
    c->shutdown.data = c;
    if (!graceful || uv_shutdown(&c->shutdown, (uv_stream_t *)&c->tcp, on_shut_down))
        uv_close((uv_handle_t *)&c->tcp, on_connection_closed);
}

/* The kit as the device list and an import reply describe it, from its own descriptors. */
static void describe(fx2_sim *sim, wudf_usbip_device *d)
{
    size_t device_length, config_length;
    const uint8_t *device = fx2_model_device_descriptor(&device_length);
    const uint8_t *config = fx2_model_config_descriptor(&config_length);
    memset(d, 0, sizeof *d);
    snprintf(d->path, sizeof d->path, "%s", SYSPATH);
    snprintf(d->busid, sizeof d->busid, "%s", FX2_SIM_PORT_PATH);
    d->busnum = FX2_SIM_BUS;
    uv_mutex_lock(&sim->lock);
    d->devnum = sim->devnum;
    uv_mutex_unlock(&sim->lock);
    d->speed = WUDF_USBIP_SPEED_HIGH;
    d->vendor = (uint16_t)(device[8] | device[9] << 8);
    d->product = (uint16_t)(device[10] | device[11] << 8);
    d->bcd_device = (uint16_t)(device[12] | device[13] << 8);
    d->device_class = device[4];
    d->device_subclass = device[5];
    d->device_protocol = device[6];
    d->configuration_count = device[17];
    d->configuration_value = config[5];
    d->interface_count = config[4];
    /* Each interface's class from its first setting (the kit's config has interface 0 only). */
    for (size_t at = config[0]; at + 8 < config_length && config[at]; at += config[at])
        if (config[at + 1] == 0x04 && config[at + 3] == 0 && config[at + 2] < d->interface_count) {
            wudf_usbip_interface *i = &d->interfaces[config[at + 2]];
            i->cls = config[at + 5];
            i->subclass = config[at + 6];
            i->protocol = config[at + 7];
        }
}

static int is_listed(fx2_sim *sim)
{
    uv_mutex_lock(&sim->lock);
    int listed = sim->listed;
    uv_mutex_unlock(&sim->lock);
    return listed;
}

static void answer_devlist(connection *c)
{
    wudf_usbip_device device;
    describe(c->sim, &device);
    uint8_t out[WUDF_USBIP_OP_HEADER_SIZE + 4 + WUDF_USBIP_DEVICE_SIZE +
                WUDF_USBIP_MAX_INTERFACES * WUDF_USBIP_INTERFACE_SIZE];
    size_t n = wudf_usbip_devlist_reply_encode(out, sizeof out, &device, is_listed(c->sim) ? 1 : 0);
    send_bytes(c, out, n);
}

static void answer_import(connection *c, const char *busid)
{
    fx2_sim *sim = c->sim;
    uv_mutex_lock(&sim->lock);
    int listed = sim->listed;
    unsigned generation = sim->generation;
    uv_mutex_unlock(&sim->lock);
    uint32_t status = WUDF_USBIP_ST_OK;
    if (strcmp(busid, FX2_SIM_PORT_PATH) != 0 || !listed || fx2_model_is_unplugged(sim->model) ||
        sim->importer)
        status = WUDF_USBIP_ST_NA;
    wudf_usbip_device device;
    describe(sim, &device);
    uint8_t out[WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_DEVICE_SIZE];
    send_bytes(c, out, wudf_usbip_import_reply_encode(out, sizeof out, status, &device));
    if (status == WUDF_USBIP_ST_OK) {
        c->imported = 1;
        c->generation = generation;
        sim->importer = c;
    }
}

/* The setup phase: one operation, or 0 when more bytes are needed; -1 closes the connection. */
static long take_operation(connection *c, const uint8_t *in, size_t length)
{
    wudf_error err;
    uint16_t code;
    uint32_t status;
    if (length < WUDF_USBIP_OP_HEADER_SIZE)
        return 0;
    if (wudf_usbip_op_decode(in, &code, &status, &err)) {
        refuse("operation", err.message);
        return -1;
    }
    if (code == WUDF_USBIP_OP_REQ_DEVLIST) {
        answer_devlist(c);
        return WUDF_USBIP_OP_HEADER_SIZE;
    }
    if (code != WUDF_USBIP_OP_REQ_IMPORT) {
        char message[64];
        snprintf(message, sizeof message, "operation 0x%04x is not a request", code);
        refuse("operation", message);
        return -1;
    }
    if (length < WUDF_USBIP_IMPORT_REQUEST_SIZE)
        return 0;
    char busid[WUDF_USBIP_BUSID_SIZE];
    if (wudf_usbip_import_request_decode(in, length, busid, &err)) {
        refuse("import", err.message);
        return -1;
    }
    answer_import(c, busid);
    return WUDF_USBIP_IMPORT_REQUEST_SIZE;
}

static void submit(connection *c, const wudf_usbip_header *h, const uint8_t *out_data)
{
    fx2_sim *sim = c->sim;
    usbip_urb *r = calloc(1, sizeof *r);
    int control = h->ep == 0;
    size_t length = (size_t)h->transfer_length + (control ? 8 : 0);
    uint8_t *data = malloc(length ? length : 1);
    if (!r || !data) {
        free(r);
        free(data);
        send_ret_submit(c, h->seqnum, FX2_MODEL_ENOMEM, NULL, 0, 0);
        return;
    }
    if (control)
        memcpy(data, h->setup, 8);
    if (h->direction == WUDF_USBIP_DIR_OUT)
        memcpy(data + (control ? 8 : 0), out_data, h->transfer_length);
    r->direction = h->direction;
    r->urb.owner = c;
    r->urb.id = h->seqnum;
    r->urb.endpoint = control ? 0 : (uint8_t)(h->ep | (h->direction == WUDF_USBIP_DIR_IN ? 0x80u : 0u));
    r->urb.zero_packet = (h->transfer_flags & WUDF_USBIP_URB_ZERO_PACKET) != 0;
    r->urb.data = data;
    r->urb.length = length;
    uv_mutex_lock(&sim->lock);
    int stale = c->generation != sim->generation;
    uv_mutex_unlock(&sim->lock);
    int rc = stale ? WUDF_USBIP_ENODEV : fx2_model_submit(sim->model, &r->urb);
    if (rc) {
        send_ret_submit(c, h->seqnum, rc, NULL, 0, 0);
        urb_free(r);
    }
}

static void unlink_urb(connection *c, const wudf_usbip_header *h)
{
    /* An answer already given goes out before the unlink's, as it would from a real server. */
    drain_outbox(c->sim);
    fx2_urb *u = fx2_model_cancel(c->sim->model, c, h->unlink_seqnum);
    wudf_usbip_header reply;
    memset(&reply, 0, sizeof reply);
    reply.command = WUDF_USBIP_RET_UNLINK;
    reply.seqnum = h->seqnum;
    reply.status = u ? WUDF_USBIP_ECONNRESET : 0;
    if (u)
        urb_free(urb_of(u));
    send_header(c, &reply, NULL, 0);
}

/* The URB phase: one command, or 0 when more bytes are needed; -1 closes the connection. */
static long take_command(connection *c, const uint8_t *in, size_t length)
{
    wudf_error err;
    wudf_usbip_header h;
    if (length < WUDF_USBIP_HEADER_SIZE)
        return 0;
    if (wudf_usbip_header_decode(in, &h, &err)) {
        refuse("urb", err.message);
        return -1;
    }
    if (h.command == WUDF_USBIP_CMD_UNLINK) {
        unlink_urb(c, &h);
        return WUDF_USBIP_HEADER_SIZE;
    }
    if (h.command != WUDF_USBIP_CMD_SUBMIT) {
        char message[64];
        snprintf(message, sizeof message, "seqnum %u: command %u comes from a server", h.seqnum, h.command);
        refuse("urb", message);
        return -1;
    }
    size_t out_length = h.direction == WUDF_USBIP_DIR_OUT ? h.transfer_length : 0;
    if (length < WUDF_USBIP_HEADER_SIZE + out_length)
        return 0;
    submit(c, &h, in + WUDF_USBIP_HEADER_SIZE);
    return (long)(WUDF_USBIP_HEADER_SIZE + out_length);
}

/* Takes the whole messages received; -1 when the connection must go. */
static int take_messages(connection *c)
{
    size_t at = 0;
    int rc = 0;
    while (!c->closing) {
        const uint8_t *in = c->in + at;
        size_t length = c->in_length - at;
        long used = c->imported ? take_command(c, in, length) : take_operation(c, in, length);
        if (used <= 0) {
            rc = used < 0 ? -1 : 0;
            break;
        }
        at += (size_t)used;
    }
    if (at) {
        memmove(c->in, c->in + at, c->in_length - at);
        c->in_length -= at;
    }
    return rc;
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    connection *c = handle->data;
    *buf = uv_buf_init(NULL, 0);
    if (c->in_capacity - c->in_length < READ_CHUNK) {
        size_t capacity = c->in_length + READ_CHUNK;
        if (capacity > MESSAGE_LIMIT + READ_CHUNK)
            return;
        uint8_t *in = realloc(c->in, capacity);
        if (!in)
            return;
        c->in = in;
        c->in_capacity = capacity;
    }
    *buf = uv_buf_init((char *)c->in + c->in_length, READ_CHUNK);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    connection *c = stream->data;
    if (nread == UV_ENOBUFS) {
        refuse("read", "a message larger than any USB/IP message");
        close_connection(c, 0);
        return;
    }
    if (nread < 0) {
        close_connection(c, 0);
        return;
    }
    c->in_length += (size_t)nread;
    if (take_messages(c))
        close_connection(c, 0);
}

static void on_connection(uv_stream_t *listener, int status)
{
    fx2_sim *sim = listener->data;
    if (status < 0)
        return;
    connection *c = calloc(1, sizeof *c);
    if (!c || uv_tcp_init(&sim->loop, &c->tcp)) {
        free(c);
        return;
    }
    c->sim = sim;
    c->tcp.data = c;
    if (uv_accept(listener, (uv_stream_t *)&c->tcp)) {
        uv_close((uv_handle_t *)&c->tcp, on_connection_closed);
        return;
    }
    uv_tcp_nodelay(&c->tcp, 1);
    c->next = sim->connections;
    sim->connections = c;
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

static void on_wake(uv_async_t *async)
{
    fx2_sim *sim = async->data;
    drain_outbox(sim);
    uv_mutex_lock(&sim->lock);
    unsigned generation = sim->generation;
    int stopping = sim->stopping;
    uv_mutex_unlock(&sim->lock);
    if (sim->importer && sim->importer->generation != generation)
        close_connection(sim->importer, 1);
    if (stopping) {
        while (sim->connections)
            close_connection(sim->connections, 0);
        uv_close((uv_handle_t *)&sim->listener, NULL);
        uv_close((uv_handle_t *)&sim->wake, NULL);
    }
}

static void run(void *arg)
{
    fx2_sim *sim = arg;
    uv_run(&sim->loop, UV_RUN_DEFAULT);
}

/* Binds the listener to an ephemeral port of 127.0.0.1 and names it in sim->server. */
static int listen_locally(fx2_sim *sim)
{
    struct sockaddr_in address;
    struct sockaddr_storage bound;
    int length = (int)sizeof bound;
    int rc = uv_ip4_addr("127.0.0.1", 0, &address);
    if (!rc)
        rc = uv_tcp_bind(&sim->listener, (const struct sockaddr *)&address, 0);
    if (!rc)
        rc = uv_listen((uv_stream_t *)&sim->listener, 16, on_connection);
    if (!rc)
        rc = uv_tcp_getsockname(&sim->listener, (struct sockaddr *)&bound, &length);
    if (rc) {
        fprintf(stderr, "fx2_sim: cannot listen on 127.0.0.1: %s\n", uv_strerror(rc));
        return -1;
    }
    const uint8_t *port = (const uint8_t *)&((const struct sockaddr_in *)&bound)->sin_port; /* network order */
    snprintf(sim->server, sizeof sim->server, "127.0.0.1:%u", (unsigned)(port[0] << 8 | port[1]));
    return 0;
}

fx2_sim *fx2_sim_new(const fx2_sim_options *options)
{
    fx2_sim *sim = calloc(1, sizeof *sim);
    if (!sim || uv_mutex_init(&sim->lock)) {
        free(sim);
        fprintf(stderr, "fx2_sim: out of memory\n");
        return NULL;
    }
    sim->outbox_tail = &sim->outbox;
    sim->listed = 1;
    sim->devnum = FX2_SIM_ADDRESS;
    const uint8_t *config = options ? options->config_override : NULL;
    sim->model = fx2_model_new(config, config ? options->config_override_length : 0, on_answer, sim);
    int loop_ok = sim->model && !uv_loop_init(&sim->loop);
    if (loop_ok) {
        uv_tcp_init(&sim->loop, &sim->listener);
        uv_async_init(&sim->loop, &sim->wake, on_wake);
        sim->listener.data = sim->wake.data = sim;
    }
    if (!loop_ok || listen_locally(sim) || uv_thread_create(&sim->thread, run, sim)) {
        if (loop_ok) {
            uv_close((uv_handle_t *)&sim->listener, NULL);
            uv_close((uv_handle_t *)&sim->wake, NULL);
            uv_run(&sim->loop, UV_RUN_DEFAULT);
            uv_loop_close(&sim->loop);
        }
        fx2_model_free(sim->model);
        uv_mutex_destroy(&sim->lock);
        free(sim);
        fprintf(stderr, "fx2_sim: cannot start the USB/IP server\n");
        return NULL;
    }
    sim->running = 1;
    return sim;
}

void fx2_sim_free(fx2_sim *sim)
{
    if (!sim)
        return;
    uv_mutex_lock(&sim->lock);
    sim->stopping = 1;
    uv_mutex_unlock(&sim->lock);
    uv_async_send(&sim->wake);
    uv_thread_join(&sim->thread);
    uv_loop_close(&sim->loop);
    free_model_list(fx2_model_take_pending(sim->model, NULL));
    while (sim->outbox) {
        usbip_urb *next = sim->outbox->next_out;
        urb_free(sim->outbox);
        sim->outbox = next;
    }
    fx2_model_free(sim->model);
    uv_mutex_destroy(&sim->lock);
    free(sim);
}

const char *fx2_sim_usbip_server(fx2_sim *sim)
{
    return sim->server;
}

fx2_model *fx2_sim_model(fx2_sim *sim)
{
    return sim->model;
}

void fx2_sim_unplug(fx2_sim *sim)
{
    /* The answers (-ESHUTDOWN) reach the outbox first, so they go out before the connection closes. */
    fx2_model_unplug(sim->model);
    uv_mutex_lock(&sim->lock);
    sim->generation++;
    uv_mutex_unlock(&sim->lock);
    uv_async_send(&sim->wake);
}

void fx2_sim_remove(fx2_sim *sim)
{
    if (!fx2_model_is_unplugged(sim->model))
        fx2_sim_unplug(sim);
    uv_mutex_lock(&sim->lock);
    sim->listed = 0;
    uv_mutex_unlock(&sim->lock);
}

int fx2_sim_plug(fx2_sim *sim, unsigned address)
{
    uv_mutex_lock(&sim->lock);
    int listed = sim->listed;
    uv_mutex_unlock(&sim->lock);
    if (listed || address < 1 || address > 127) {
        fprintf(stderr, "fx2_sim: cannot plug the kit in at address %u\n", address);
        return -1;
    }
    fx2_model_plug(sim->model);
    uv_mutex_lock(&sim->lock);
    sim->devnum = address;
    sim->listed = 1;
    uv_mutex_unlock(&sim->lock);
    return 0;
}

