/*
 * The reflector's endpoint: accepts connections, frames their bytes into
 * messages, checks the hello, and routes each message by the peer's role.
 * A malformed message closes that one connection; everyone else goes on.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "reflector.h"
#include "platform.h"

/* A peer that stops reading cannot make the reflector buffer without bound. */
#define WUDF_CONN_MAX_QUEUED (64u * 1024u * 1024u)
/* A read buffer bigger than this is given back once it holds nothing (a big message's). */
#define WUDF_CONN_KEPT_BUFFER (64u * 1024u)


typedef struct write_req {
    uv_write_t req;
    uint8_t *data;
    int has_carrier;
    uv_pipe_t carrier;            /* wraps a copy of a descriptor sent along, while it is sent */
} write_req;

static const char *kind_name(wudf_conn_kind k)
{
    static const char *const names[] = {"new", "client", "tool", "host"};
    return names[k];
}

static void on_carrier_closed(uv_handle_t *handle)
{
    free(handle->data);
}

static void write_req_free(write_req *w)
{
    free(w->data);
    if (w->has_carrier)
        uv_close((uv_handle_t *)&w->carrier, on_carrier_closed); /* frees w, closes the copy */
    else
        free(w);
}

static void on_write(uv_write_t *req, int status)
{
    write_req_free((write_req *)req);
    (void)status; /* a failed write shows up as a read error on the same pipe */
}

/* Writes msg to c's pipe, with a copy of descriptor fd riding along unless fd is -1. */
static int conn_write(wudf_conn *c, const wudf_msg *msg, int fd)
{
    wudf_error err;
    size_t len;
    uint8_t *data = wudf_msg_encode_alloc(msg, &len, &err);
    if (!data) {
        wudf_log(WUDF_LOG_ERROR, "encode-failed", "conn=%llu status=%s", (unsigned long long)c->serial, err.message);
        return -1;
    }
    if (uv_stream_get_write_queue_size((uv_stream_t *)&c->pipe) > WUDF_CONN_MAX_QUEUED) {
        free(data);
        wudf_conn_close(c, "peer does not read its messages");
        return -1;
    }
    write_req *w = calloc(1, sizeof *w);
    if (!w) {
        free(data);
        return -1;
    }
    w->data = data;
    if (fd >= 0) {
        int copy = wudf_descriptor_dup(fd);
        if (copy < 0) {
            write_req_free(w);
            return -1;
        }
        w->has_carrier = 1;
        w->carrier.data = w;
        uv_pipe_init(c->pipe.loop, &w->carrier, 0);
        if (uv_pipe_open(&w->carrier, copy) != 0) {
            wudf_descriptor_close(copy);
            write_req_free(w);
            return -1;
        }
    }
    uv_buf_t buf = uv_buf_init((char *)data, (unsigned)len);
    int rc = uv_write2(&w->req, (uv_stream_t *)&c->pipe, &buf, 1,
                       w->has_carrier ? (uv_stream_t *)&w->carrier : NULL, on_write);
    if (rc) {
        write_req_free(w);
        wudf_conn_close(c, uv_strerror(rc));
        return -1;
    }
    return 0;
}

int wudf_conn_send(wudf_conn *c, const wudf_msg *msg)
{
    if (c->closing)
        return -1;
    if (c->sink) {
        c->sink->deliver(c, c->sink_ctx, msg);
        return 0;
    }
    return conn_write(c, msg, -1);
}

int wudf_conn_send_fd(wudf_conn *c, const wudf_msg *msg, int fd)
{
    if (c->closing || c->sink || !c->pipe.ipc)
        return -1;
    return conn_write(c, msg, fd);
}

int wudf_conn_send_kv(wudf_conn *c, wudf_msg_type type, int32_t status, uint64_t irp_id, const wudf_kv *kv)
{
    wudf_error err;
    uint8_t *payload = NULL;
    uint32_t length = 0;
    if (wudf_kv_encode(kv, &payload, &length, &err)) {
        wudf_log(WUDF_LOG_ERROR, "encode-failed", "conn=%llu status=%s", (unsigned long long)c->serial,
                 err.message);
        return -1;
    }
    wudf_msg m;
    wudf_msg_init(&m, type);
    m.status = status;
    m.irp_id = irp_id;
    m.payload = payload;
    m.payload_length = length;
    int rc = wudf_conn_send(c, &m);
    free(payload);
    return rc;
}

static void on_conn_closed(uv_handle_t *handle)
{
    wudf_conn *c = handle->data;
    wudf_admission_closed(c);
    wudf_framer_free(&c->framer);
    wudf_peer_release(&c->peer);
    free(c);
}

void wudf_conn_close(wudf_conn *c, const char *reason)
{
    if (c->closing)
        return;
    c->closing = 1;
    char q[300];
    wudf_log_level level = c->kind == WUDF_CONN_HOST || reason ? WUDF_LOG_INFO : WUDF_LOG_DEBUG;
    unsigned dropped = 0;
    /* A client that keeps getting itself thrown out must not fill the log. */
    int write = !c->quiet_close &&
                (c->kind == WUDF_CONN_HOST || c->sink || !reason ||
                 wudf_admission_may_log(&dropped));
    if (write)
        wudf_log(level, "disconnect", "conn=%llu role=%s pid=%lld reason=%s dropped=%u", (unsigned long long)c->serial,
                 c->sink ? "kernel" : kind_name(c->kind), (long long)c->peer.pid,
                 wudf_log_quote(q, sizeof q, reason ? reason : "closed"), dropped);
    wudf_list_remove(&c->link);
    switch (c->kind) {
    case WUDF_CONN_CLIENT:
        wudf_io_client_gone(c);
        wudf_fast_path_conn_gone(c);
        break;
    case WUDF_CONN_TOOL:
        wudf_tool_conn_gone(c);
        break;
    case WUDF_CONN_HOST:
        if (c->host) {
            wudf_host *h = c->host;
            c->host = NULL;
            h->conn = NULL;
            if (reason)
                wudf_supervisor_host_lost(h, reason);
            else
                wudf_supervisor_channel_closed(h);
        }
        break;
    default:
        break;
    }
    if (c->sink)
        c->sink->gone(c, c->sink_ctx);
    uv_read_stop((uv_stream_t *)&c->pipe);
    uv_close((uv_handle_t *)&c->pipe, on_conn_closed);
}

static void send_hello(wudf_conn *c, int32_t status, wudf_role role)
{
    uint8_t p[WUDF_HELLO_SIZE];
    wudf_hello h;
    wudf_hello_make(&h, role, (uint32_t)uv_os_getpid());
    wudf_hello_encode(&h, p);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_HELLO);
    m.status = status;
    m.payload = p;
    m.payload_length = sizeof p;
    wudf_conn_send(c, &m);
}

static void on_hello(wudf_conn *c, const wudf_msg *msg)
{
    wudf_hello hello;
    wudf_error err;
    if (wudf_hello_decode(msg, &hello, &err)) {
        wudf_conn_close(c, err.message);
        return;
    }
    int from_host_channel = c->kind == WUDF_CONN_HOST;
    if ((hello.role == WUDF_ROLE_HOST) != from_host_channel) {
        send_hello(c, WUDF_STATUS_ACCESS_DENIED, (wudf_role)hello.role);
        wudf_conn_close(c, "host role claimed outside a host channel (or the reverse)");
        return;
    }
    if (!from_host_channel)
        c->kind = hello.role == WUDF_ROLE_TOOL ? WUDF_CONN_TOOL : WUDF_CONN_CLIENT;
    if (c->peer.pid < 0) {
        c->peer.pid = hello.pid;
        c->pid_claimed = 1;
    }
    wudf_log(WUDF_LOG_DEBUG, "connect", "conn=%llu role=%s pid=%lld uid=%lld", (unsigned long long)c->serial,
             kind_name(c->kind), (long long)c->peer.pid, (long long)c->peer.uid);
    send_hello(c, WUDF_STATUS_SUCCESS, (wudf_role)hello.role);
    if (from_host_channel && c->host)
        wudf_supervisor_host_message(c->host, msg);
}

static int hello_done(const wudf_conn *c)
{
    return c->kind == WUDF_CONN_CLIENT || c->kind == WUDF_CONN_TOOL || (c->kind == WUDF_CONN_HOST && c->host &&
                                                                       c->host->state != WUDF_HOST_HANDSHAKE);
}

static void dispatch(wudf_conn *c, const wudf_msg *msg)
{
    if (!hello_done(c)) {
        if (msg->type != WUDF_MSG_HELLO) {
            wudf_conn_close(c, "first message is not a hello");
            return;
        }
        on_hello(c, msg);
        return;
    }
    if (msg->type == WUDF_MSG_HELLO) {
        wudf_conn_close(c, "second hello");
        return;
    }
    switch (c->kind) {
    case WUDF_CONN_CLIENT:
        wudf_io_client_message(c, msg);
        break;
    case WUDF_CONN_TOOL:
        wudf_tool_message(c, msg);
        break;
    case WUDF_CONN_HOST:
        if (c->host)
            wudf_supervisor_host_message(c->host, msg);
        break;
    default:
        break;
    }
}

/* Nobody sends the reflector descriptors: any that arrive are closed unread. */
static void drop_passed_fds(wudf_conn *c)
{
    int fd;
    while ((fd = wudf_pipe_take_descriptor(&c->pipe)) >= 0)
        wudf_descriptor_close(fd);
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    wudf_conn *c = handle->data;
    uint8_t *space;
    size_t len;
    wudf_error err;
    if (c->closing || wudf_framer_reserve(&c->framer, suggested < 65536 ? 65536 : suggested, &space, &len, &err) ||
        wudf_admission_buffer(c, c->framer.capacity)) {
        *buf = uv_buf_init(NULL, 0);
        return;
    }
    *buf = uv_buf_init((char *)space, (unsigned)(len > 1u << 30 ? 1u << 30 : len));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    wudf_conn *c = stream->data;
    (void)buf;
    if (nread < 0 || c->closing) {
        char why[160];
        if (c->over_budget)
            wudf_admission_over_budget(c, why, sizeof why);
        const char *reason = c->over_budget ? why : nread == UV_EOF ? NULL : nread < 0 ? uv_strerror((int)nread) : NULL;
        /* A host's channel that fails to read has ended as one that reached its end does: a killed host's
         * socket is reset rather than closed when it died with bytes unread. Its exit, which follows, names
         * the cause (wudf_supervisor_channel_closed). */
        if (c->kind == WUDF_CONN_HOST && !c->over_budget && nread < 0 && nread != UV_EOF) {
            wudf_log(WUDF_LOG_DEBUG, "host-channel-error", "conn=%llu pid=%lld error=\"%s\"",
                     (unsigned long long)c->serial, (long long)c->peer.pid, uv_strerror((int)nread));
            reason = NULL;
        }
        wudf_conn_close(c, reason);
        return;
    }
    wudf_framer_commit(&c->framer, (size_t)nread);
    drop_passed_fds(c);
    wudf_msg msg;
    wudf_error err;
    int rc;
    /* A message handler may close the connection: stop at once then. */
    while (!c->closing && (rc = wudf_framer_next(&c->framer, &msg, &err)) != 0) {
        if (rc < 0) {
            char reason[400];
            snprintf(reason, sizeof reason, "malformed message: %s", err.message);
            unsigned dropped = 0;
            if (c->kind == WUDF_CONN_HOST || wudf_admission_may_log(&dropped))
                wudf_log(WUDF_LOG_WARN, "protocol-error", "conn=%llu role=%s pid=%lld dropped=%u",
                         (unsigned long long)c->serial, kind_name(c->kind), (long long)c->peer.pid, dropped);
            else
                c->quiet_close = 1;
            wudf_conn_close(c, reason);
            return;
        }
        dispatch(c, &msg);
    }
    if (c->closing)
        return;
    size_t pending = wudf_framer_pending(&c->framer);
    if (!pending) {
        wudf_framer_shrink(&c->framer, WUDF_CONN_KEPT_BUFFER);
        wudf_admission_buffer(c, c->framer.capacity);
    }
    wudf_admission_progress(c, pending > 0);
}

static wudf_conn *conn_new(wudf_reflector *r, wudf_conn_kind kind)
{
    wudf_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->kind = kind;
    c->serial = ++r->next_conn_serial;
    c->peer.pid = c->peer.uid = c->peer.gid = -1;
    wudf_framer_init(&c->framer);
    wudf_list_init(&c->files);
    wudf_list_init(&c->pending);
    wudf_list_init(&c->link);
    /* Where the fast path exists, descriptors may ride along with messages. */
    uv_pipe_init(r->loop, &c->pipe, wudf_fast_path_supported());
    c->pipe.data = c;
    return c;
}

wudf_conn *wudf_conn_adopt_host_channel(wudf_reflector *r, wudf_host *host)
{
    wudf_conn *c = conn_new(r, WUDF_CONN_HOST);
    if (!c)
        return NULL;
    c->host = host;
    wudf_list_add_tail(&r->conns, &c->link);
    return c;
}

wudf_conn *wudf_conn_new_internal(wudf_reflector *r, wudf_peer *peer, const wudf_conn_sink *sink, void *ctx)
{
    wudf_conn *c = conn_new(r, WUDF_CONN_CLIENT);
    if (!c)
        return NULL;
    c->peer = *peer;
    memset(peer, 0, sizeof *peer);
    c->sink = sink;
    c->sink_ctx = ctx;
    wudf_list_add_tail(&r->conns, &c->link);
    wudf_log(WUDF_LOG_DEBUG, "connect", "conn=%llu role=kernel pid=%lld uid=%lld", (unsigned long long)c->serial,
             (long long)c->peer.pid, (long long)c->peer.uid);
    return c;
}

/* Starts reading a host channel once uv_spawn has connected its pipe. */
int wudf_conn_start_reading(wudf_conn *c)
{
    return uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
}

static void on_connection(uv_stream_t *server, int status)
{
    wudf_reflector *r = server->data;
    if (status < 0) {
        /* Out of descriptors the listener fires again at once: its line must not flood the log. */
        unsigned dropped = 0;
        if (wudf_admission_may_log(&dropped))
            wudf_log(WUDF_LOG_WARN, "accept-failed", "status=%s dropped=%u", uv_strerror(status), dropped);
        return;
    }
    wudf_conn *c = conn_new(r, WUDF_CONN_NEW);
    if (!c)
        return;
    if (uv_accept(server, (uv_stream_t *)&c->pipe) != 0) {
        uv_close((uv_handle_t *)&c->pipe, on_conn_closed);
        return;
    }
    wudf_peer_identity(&c->pipe, &c->peer);
    wudf_list_add_tail(&r->conns, &c->link);
    if (wudf_admission_accept(r, c))
        return;
    uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
}

int wudf_endpoint_listen(wudf_reflector *r, wudf_error *err)
{
    int rc = uv_pipe_init(r->loop, &r->listener, 0);
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "cannot create the endpoint: %s", uv_strerror(rc));
    r->listener.data = r;
    wudf_endpoint_remove_stale(r->config.endpoint);
    rc = uv_pipe_bind(&r->listener, r->config.endpoint);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&r->listener, 128, on_connection);
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "cannot listen on %s: %s", r->config.endpoint, uv_strerror(rc));
    return wudf_endpoint_secure(r->config.endpoint, r->config.device_group[0] ? r->config.device_group : NULL, err);
}
