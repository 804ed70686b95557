/*
 * The client library: one connection to the reflector per wudf_client, with
 * a private libuv loop that runs only inside the library's calls, so an
 * application needs no event loop of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openwudf/ring.h>

#include "client_private.h"
#include "platform.h"

static char default_endpoint[WUDF_PATH_MAX];

const char *wudf_default_endpoint(void)
{
    const char *env = getenv("WUDF_ENDPOINT");
    if (env && *env)
        return env;
    char dir[WUDF_PATH_MAX];
    if (wudf_default_runtime_dir(dir, sizeof dir, NULL) ||
        wudf_endpoint_name(dir, default_endpoint, sizeof default_endpoint, NULL))
        return "";
    return default_endpoint;
}

const char *wudf_client_error(const wudf_client *c)
{
    return c ? c->error : "out of memory";
}

int wudf_client_lost(const wudf_client *c)
{
    return c && c->lost;
}

uint32_t wudf_outstanding(const wudf_client *c)
{
    return c->outstanding;
}

static void set_error(wudf_client *c, const char *fmt, const char *arg)
{
    snprintf(c->error, sizeof c->error, fmt, arg);
}

creq *wudf_client_take(wudf_client *c, uint64_t id)
{
    for (creq **pp = &c->requests; *pp; pp = &(*pp)->next) {
        if ((*pp)->id == id) {
            creq *r = *pp;
            *pp = r->next;
            return r;
        }
    }
    return NULL;
}

void wudf_client_finish(wudf_client *c, creq *r, int32_t status, uint64_t information, const uint8_t *data,
                        uint32_t length)
{
    if (!r->abandoned && r->buffer && data && length)
        memcpy(r->buffer, data, length < r->length ? length : r->length);
    r->completed = 1;
    r->status = status;
    r->information = information;
    c->outstanding--;
    if (r->abandoned) {
        if (r->reply) {
            wudf_kv_free(r->reply);
            free(r->reply);
        }
        free(r);
    } else if (r->done) {
        r->done(c, r->id, status, information, r->context);
        free(r);
    }
    /* Synchronous requests are freed by their waiter. */
}

static void lose(wudf_client *c, const char *why)
{
    if (c->lost)
        return;
    c->lost = 1;
    char reason[sizeof c->error];
    snprintf(reason, sizeof reason, "%s", why); /* why may be c->error itself */
    set_error(c, "connection to the reflector lost: %.300s", reason);
    uv_read_stop((uv_stream_t *)&c->pipe);
    while (c->requests) {
        creq *r = c->requests;
        c->requests = r->next;
        wudf_cring_forget(r);
        wudf_client_finish(c, r, WUDF_STATUS_PIPE_BROKEN, 0, NULL, 0);
    }
}

static void on_message(wudf_client *c, const wudf_msg *m)
{
    if (!c->hello_done) {
        wudf_hello h;
        wudf_error err;
        if (wudf_hello_decode(m, &h, &err)) {
            lose(c, err.message);
            return;
        }
        c->hello_done = 1;
        c->hello_status = m->status;
        return;
    }
    if (m->type == WUDF_MSG_RING) {
        wudf_cring_passed(c, m);
        return;
    }
    if (m->type == WUDF_MSG_REMOTE_EVENT) {
        wudf_client_custom_event(c, m); /* a device's custom event (client_event.c) */
        return;
    }
    if (m->type != WUDF_MSG_COMPLETE && m->type != WUDF_MSG_TOOL_REPLY) {
        lose(c, "unexpected message from the reflector");
        return;
    }
    if (m->type == WUDF_MSG_TOOL_REPLY && wudf_client_stream_part(c, m))
        return; /* a part of an answer in parts (client_stream.c) */
    creq *r = wudf_client_take(c, m->irp_id);
    if (!r)
        return; /* a request this client already gave up on */
    if (m->type == WUDF_MSG_TOOL_REPLY && r->reply) {
        wudf_error err;
        if (wudf_kv_decode(m->payload, m->payload_length, r->reply, &err)) {
            wudf_client_finish(c, r, WUDF_STATUS_INVALID_PARAMETER, 0, NULL, 0);
            lose(c, err.message);
            return;
        }
    }
    wudf_client_finish(c, r, m->status, m->information, m->payload, m->payload_length);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    wudf_client *c = h->data;
    uint8_t *space;
    size_t len;
    if (wudf_framer_reserve(&c->framer, suggested < 65536 ? 65536 : suggested, &space, &len, NULL)) {
        *buf = uv_buf_init(NULL, 0);
        return;
    }
    *buf = uv_buf_init((char *)space, (unsigned)(len > 1u << 30 ? 1u << 30 : len));
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    wudf_client *c = s->data;
    (void)buf;
    if (nread < 0) {
        lose(c, nread == UV_EOF ? "the reflector closed the connection" : uv_strerror((int)nread));
        return;
    }
    wudf_framer_commit(&c->framer, (size_t)nread);
    wudf_msg m;
    wudf_error err;
    int rc;
    while (!c->lost && (rc = wudf_framer_next(&c->framer, &m, &err)) != 0) {
        if (rc < 0) {
            lose(c, err.message);
            return;
        }
        on_message(c, &m);
    }
}

typedef struct wreq {
    uv_write_t req;
    uint8_t *data;
} wreq;

static void on_write(uv_write_t *req, int status)
{
    wreq *w = (wreq *)req;
    wudf_client *c = req->handle->data;
    free(w->data);
    free(w);
    /* A reflector that stopped reading (gone, or going) answers nothing more: waiting for the reply
     * would only run out the caller's timeout. A write cancelled by our own close is no news. */
    if (status < 0 && status != UV_ECANCELED)
        lose(c, uv_strerror(status));
}

static int send_msg(wudf_client *c, const wudf_msg *m)
{
    if (c->lost)
        return -1;
    wudf_error err;
    size_t len;
    uint8_t *data = wudf_msg_encode_alloc(m, &len, &err);
    if (!data) {
        set_error(c, "%s", err.message);
        return -1;
    }
    wreq *w = malloc(sizeof *w);
    if (!w) {
        free(data);
        return -1;
    }
    w->data = data;
    uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
    if (uv_write(&w->req, (uv_stream_t *)&c->pipe, &b, 1, on_write)) {
        free(data);
        free(w);
        lose(c, "write failed");
        return -1;
    }
    return 0;
}

/* The wait's time is up. libuv may run a due timer before it polls, in the same turn, and then
 * poll with no timer left to end it: stopping the loop makes that poll return at once. */
static void on_timer(uv_timer_t *t)
{
    uv_stop(t->loop);
}

/* Starts a wait of timeout_ms from now (the loop's clock brought up to date: it may be stale by
 * however long the client did not run it). */
static uint64_t wait_begin(wudf_client *c, uint32_t timeout_ms)
{
    uv_update_time(&c->loop);
    if (timeout_ms != WUDF_INFINITE)
        uv_timer_start(&c->timer, on_timer, timeout_ms, 0);
    return uv_now(&c->loop);
}

/* Runs the loop until *flag is set, the connection is lost, or timeout_ms passes. */
static int run_until(wudf_client *c, const int *flag, uint32_t timeout_ms)
{
    uint64_t start = wait_begin(c, timeout_ms);
    while (!*flag && !c->lost) {
        uv_run(&c->loop, UV_RUN_ONCE);
        uv_update_time(&c->loop);
        if (timeout_ms != WUDF_INFINITE && uv_now(&c->loop) - start >= timeout_ms)
            break;
    }
    uv_timer_stop(&c->timer);
    return *flag;
}

static void on_connect(uv_connect_t *req, int status)
{
    wudf_client *c = req->data;
    c->connect_status = status;
    c->connect_done = 1;
}

wudf_status wudf_client_connect_role(const char *endpoint, int role, wudf_client **out)
{
    wudf_client *c = calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return WUDF_STATUS_INSUFFICIENT_RESOURCES;
    c->role = role;
    wudf_framer_init(&c->framer);
    uv_loop_init(&c->loop);
    wudf_cring_init(c);
    /* Where the fast path exists, its descriptors ride along with messages (ipc). */
    uv_pipe_init(&c->loop, &c->pipe, wudf_fast_path_supported());
    uv_timer_init(&c->loop, &c->timer);
    c->pipe.data = c;
    c->connect.data = c;
    if (!endpoint)
        endpoint = wudf_default_endpoint();
    uv_pipe_connect(&c->connect, &c->pipe, endpoint, on_connect);
    run_until(c, &c->connect_done, 10000);
    if (!c->connect_done || c->connect_status) {
        /* A reflector this user may not reach is not a missing one: the remedy differs. */
        int denied = c->connect_done && (c->connect_status == UV_EACCES || c->connect_status == UV_EPERM);
        snprintf(c->error, sizeof c->error, "cannot connect to the reflector at %s: %s%s", endpoint,
                 denied ? "permission denied" : c->connect_done ? uv_strerror(c->connect_status) : "timed out",
                 denied ? "" : " (is wudfrd running?)");
        c->lost = 1;
        return denied ? WUDF_STATUS_ACCESS_DENIED : WUDF_STATUS_OBJECT_NAME_NOT_FOUND;
    }
    uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
    uint8_t p[WUDF_HELLO_SIZE];
    wudf_hello h;
    wudf_hello_make(&h, (wudf_role)role, (uint32_t)uv_os_getpid());
    wudf_hello_encode(&h, p);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_HELLO);
    m.payload = p;
    m.payload_length = sizeof p;
    send_msg(c, &m);
    if (!run_until(c, &c->hello_done, 10000)) {
        if (!c->lost)
            snprintf(c->error, sizeof c->error, "the reflector at %s did not answer the hello", endpoint);
        c->lost = 1;
        return WUDF_STATUS_CONNECTION_REFUSED;
    }
    if (c->hello_status < 0) {
        snprintf(c->error, sizeof c->error, "the reflector refused this connection (status 0x%08x)",
                 (unsigned)c->hello_status);
        lose(c, c->error);
        return c->hello_status;
    }
    return WUDF_STATUS_SUCCESS;
}

wudf_status wudf_connect(const char *endpoint, wudf_client **client)
{
    return wudf_client_connect_role(endpoint, WUDF_ROLE_CLIENT, client);
}

static void on_close(uv_handle_t *h)
{
    (void)h;
}

void wudf_client_abandon(wudf_client *c)
{
    if (!c)
        return;
    c->lost = 1; /* no cleanup or close of our own: the reflector runs them, as for a client that died */
    wudf_disconnect(c);
}

void wudf_disconnect(wudf_client *c)
{
    if (!c)
        return;
    while (c->open_count && !c->lost)
        wudf_close(c, c->open_files[c->open_count - 1].id);
    wudf_cring_free_all(c);
    uv_close((uv_handle_t *)&c->pipe, on_close);
    uv_close((uv_handle_t *)&c->timer, on_close);
    uv_run(&c->loop, UV_RUN_DEFAULT);
    uv_loop_close(&c->loop);
    while (c->requests) {
        creq *r = c->requests;
        c->requests = r->next;
        if (r->reply) {
            wudf_kv_free(r->reply);
            free(r->reply);
        }
        free(r);
    }
    wudf_framer_free(&c->framer);
    wudf_client_events_free(c);
    free(c->open_files);
    free(c);
}

/* Starts a request; returns it (queued on c->requests) or NULL with *status set. */
static cfile *find_file(wudf_client *c, wudf_handle id)
{
    for (size_t i = 0; i < c->open_count; i++)
        if (c->open_files[i].id == id)
            return &c->open_files[i];
    return NULL;
}

static int send_cancel(wudf_client *c, const creq *r)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_CANCEL);
    m.irp_id = r->id;
    if (r->ring) {
        /* The host knows a ring request by the file and the client's id for it. */
        m.minor = WUDF_CANCEL_MINOR_FAST_PATH;
        m.file_id = r->file;
    }
    return send_msg(c, &m);
}

static creq *start(wudf_client *c, wudf_msg *m, void *buffer, uint32_t length, wudf_completion done, void *context,
                   wudf_status *status)
{
    if (c->lost) {
        *status = WUDF_STATUS_PIPE_BROKEN;
        return NULL;
    }
    creq *r = calloc(1, sizeof *r);
    if (!r) {
        *status = WUDF_STATUS_INSUFFICIENT_RESOURCES;
        return NULL;
    }
    r->id = ++c->next_id;
    r->major = m->major;
    r->buffer = buffer;
    r->length = length;
    r->done = done;
    r->context = context;
    m->irp_id = r->id;
    r->next = c->requests;
    c->requests = r;
    c->outstanding++;
    cfile *f = m->type == WUDF_MSG_IRP ? find_file(c, m->file_id) : NULL;
    if (f && f->ring && wudf_cring_io(m->major)) {
        /* Ring or socket, the host keeps the order the file's requests were issued in. */
        m->information = f->last_sequence + 1;
        if (wudf_cring_submit(c, f->ring, r, m) == 0) {
            f->last_sequence++;
            *status = WUDF_STATUS_SUCCESS;
            return r;
        }
    }
    if (send_msg(c, m)) {
        wudf_client_take(c, r->id);
        c->outstanding--;
        free(r);
        *status = WUDF_STATUS_PIPE_BROKEN;
        return NULL;
    }
    if (f && m->information)
        f->last_sequence++;
    *status = WUDF_STATUS_SUCCESS;
    return r;
}

/* Waits for a synchronous request; on timeout cancels it and waits a grace period. */
static wudf_status wait_sync(wudf_client *c, creq *r, uint32_t timeout_ms, uint64_t *information)
{
    if (!run_until(c, &r->completed, timeout_ms) && !c->lost) {
        send_cancel(c, r);
        run_until(c, &r->completed, CANCEL_GRACE_MS);
    }
    if (!r->completed) {
        /* Keep the record so a late completion is recognised and dropped. */
        r->abandoned = 1;
        r->buffer = NULL;
        snprintf(c->error, sizeof c->error, "request timed out and was not completed after a cancel");
        return WUDF_STATUS_IO_TIMEOUT;
    }
    wudf_status st = r->status;
    if (information)
        *information = r->information;
    free(r);
    return st;
}

static int remember_file(wudf_client *c, wudf_handle f)
{
    if (c->open_count == c->open_capacity) {
        size_t cap = c->open_capacity ? c->open_capacity * 2 : 8;
        cfile *a = realloc(c->open_files, cap * sizeof *a);
        if (!a)
            return -1;
        c->open_files = a;
        c->open_capacity = cap;
    }
    c->open_files[c->open_count].id = f;
    c->open_files[c->open_count].ring = NULL;
    c->open_files[c->open_count].last_sequence = 0;
    c->open_count++;
    return 0;
}

/* Forgets f; its ring, if any, is handed back to be closed. */
static cring *forget_file(wudf_client *c, wudf_handle f)
{
    for (size_t i = 0; i < c->open_count; i++)
        if (c->open_files[i].id == f) {
            cring *ring = c->open_files[i].ring;
            c->open_files[i] = c->open_files[--c->open_count];
            return ring;
        }
    return NULL;
}

wudf_status wudf_open(wudf_client *c, const char *name, uint32_t timeout_ms, wudf_handle *file)
{
    size_t n = strlen(name);
    if (n == 0 || n > 1024)
        return WUDF_STATUS_OBJECT_NAME_NOT_FOUND;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_IRP);
    m.major = WUDF_IRP_MJ_CREATE;
    m.file_id = ++c->next_file;
    m.minor = c->fast_path ? WUDF_CREATE_MINOR_FAST_PATH : 0;
    m.payload = (const uint8_t *)name;
    m.payload_length = m.input_length = (uint32_t)n;
    wudf_status st;
    if (remember_file(c, m.file_id))
        return WUDF_STATUS_INSUFFICIENT_RESOURCES;
    creq *r = start(c, &m, NULL, 0, NULL, NULL, &st);
    if (r)
        st = wait_sync(c, r, timeout_ms, NULL);
    if (st < 0) {
        forget_file(c, m.file_id);
        return st;
    }
    cfile *f = find_file(c, m.file_id);
    if (f && c->fast_path)
        f->ring = wudf_cring_attach(c, m.file_id);
    *file = m.file_id;
    return st;
}

wudf_status wudf_close(wudf_client *c, wudf_handle file)
{
    if (!find_file(c, file))
        return WUDF_STATUS_INVALID_HANDLE;
    cring *ring = forget_file(c, file);
    wudf_client_events_forget(c, file); /* as UnregisterDeviceNotification before CloseHandle */
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_IRP);
    m.file_id = file;
    wudf_status st;
    const uint8_t majors[2] = {WUDF_IRP_MJ_CLEANUP, WUDF_IRP_MJ_CLOSE};
    wudf_status result = WUDF_STATUS_SUCCESS;
    for (int i = 0; i < 2; i++) {
        m.major = majors[i];
        creq *r = start(c, &m, NULL, 0, NULL, NULL, &st);
        /* No timeout of our own: the reflector bounds both by its critical timeout, recycling a host whose
         * driver does not return, as CloseHandle is bounded by UMDF's. */
        if (r)
            st = wait_sync(c, r, WUDF_INFINITE, NULL);
        if (st < 0 && result >= 0)
            result = st;
    }
    if (ring)
        wudf_cring_close(c, ring);
    return result;
}

static void fill_io(wudf_msg *m, uint8_t major, wudf_handle file, uint32_t code, const void *in, uint32_t in_len,
                    uint32_t out_len, uint64_t offset)
{
    wudf_msg_init_irp(m, major, file, code, in, in_len, out_len);
    m->offset = offset;
}

static wudf_status check_sizes(uint32_t in_len, uint32_t out_len)
{
    return in_len > WUDF_MSG_MAX_PAYLOAD || out_len > WUDF_MSG_MAX_PAYLOAD ? WUDF_STATUS_INVALID_BUFFER_SIZE
                                                                            : WUDF_STATUS_SUCCESS;
}

static wudf_status sync_io(wudf_client *c, wudf_msg *m, void *out, uint32_t out_len, uint32_t *transferred,
                           uint32_t timeout_ms)
{
    wudf_status st = check_sizes(m->input_length, out_len);
    uint64_t info = 0;
    if (st < 0)
        return st;
    creq *r = start(c, m, out, out_len, NULL, NULL, &st);
    if (r)
        st = wait_sync(c, r, timeout_ms, &info);
    if (transferred)
        *transferred = (uint32_t)(info > 0xffffffffu ? 0xffffffffu : info);
    return st;
}

wudf_status wudf_read(wudf_client *c, wudf_handle file, void *buffer, uint32_t length, uint64_t offset,
                      uint32_t *transferred, uint32_t timeout_ms)
{
    wudf_msg m;
    fill_io(&m, WUDF_IRP_MJ_READ, file, 0, NULL, 0, length, offset);
    return sync_io(c, &m, buffer, length, transferred, timeout_ms);
}

wudf_status wudf_write(wudf_client *c, wudf_handle file, const void *buffer, uint32_t length, uint64_t offset,
                       uint32_t *transferred, uint32_t timeout_ms)
{
    wudf_msg m;
    fill_io(&m, WUDF_IRP_MJ_WRITE, file, 0, buffer, length, 0, offset);
    return sync_io(c, &m, NULL, 0, transferred, timeout_ms);
}

wudf_status wudf_ioctl(wudf_client *c, wudf_handle file, uint32_t code, const void *input, uint32_t input_length,
                       void *output, uint32_t output_length, uint32_t *returned, uint32_t timeout_ms)
{
    wudf_msg m;
    fill_io(&m, WUDF_IRP_MJ_DEVICE_CONTROL, file, code, input, input_length, output_length, 0);
    return sync_io(c, &m, output, output_length, returned, timeout_ms);
}

static wudf_status async_io(wudf_client *c, wudf_msg *m, void *out, uint32_t out_len, wudf_completion done,
                            void *context, wudf_request_id *id)
{
    wudf_status st = check_sizes(m->input_length, out_len);
    if (st < 0)
        return st;
    if (!done)
        return WUDF_STATUS_INVALID_PARAMETER;
    creq *r = start(c, m, out, out_len, done, context, &st);
    if (r && id)
        *id = r->id;
    return st;
}

wudf_status wudf_read_async(wudf_client *c, wudf_handle file, void *buffer, uint32_t length, uint64_t offset,
                            wudf_completion done, void *context, wudf_request_id *id)
{
    wudf_msg m;
    fill_io(&m, WUDF_IRP_MJ_READ, file, 0, NULL, 0, length, offset);
    return async_io(c, &m, buffer, length, done, context, id);
}

wudf_status wudf_write_async(wudf_client *c, wudf_handle file, const void *buffer, uint32_t length,
                             uint64_t offset, wudf_completion done, void *context, wudf_request_id *id)
{
    wudf_msg m;
    fill_io(&m, WUDF_IRP_MJ_WRITE, file, 0, buffer, length, 0, offset);
    return async_io(c, &m, NULL, 0, done, context, id);
}

wudf_status wudf_ioctl_async(wudf_client *c, wudf_handle file, uint32_t code, const void *input,
                             uint32_t input_length, void *output, uint32_t output_length, wudf_completion done,
                             void *context, wudf_request_id *id)
{
    wudf_msg m;
    fill_io(&m, WUDF_IRP_MJ_DEVICE_CONTROL, file, code, input, input_length, output_length, 0);
    return async_io(c, &m, output, output_length, done, context, id);
}

wudf_status wudf_cancel(wudf_client *c, wudf_request_id id)
{
    creq *found = NULL;
    for (creq *r = c->requests; r && !found; r = r->next)
        if (r->id == id)
            found = r;
    if (!found)
        return WUDF_STATUS_INVALID_PARAMETER;
    return send_cancel(c, found) ? WUDF_STATUS_PIPE_BROKEN : WUDF_STATUS_SUCCESS;
}

int wudf_poll(wudf_client *c, uint32_t timeout_ms)
{
    uint32_t before = c->outstanding;
    if (c->lost)
        return before ? 0 : -1;
    /* Back as soon as a batch of completions has run, or at the timeout. */
    uint64_t start = wait_begin(c, before ? timeout_ms : WUDF_INFINITE);
    while (c->outstanding == before && before && !c->lost) {
        uv_run(&c->loop, UV_RUN_ONCE);
        uv_update_time(&c->loop);
        if (timeout_ms != WUDF_INFINITE && uv_now(&c->loop) - start >= timeout_ms)
            break;
    }
    uv_timer_stop(&c->timer);
    return c->lost && !before ? -1 : (int)(before - c->outstanding);
}

int wudf_client_tool(wudf_client *c, const wudf_kv *request, uint32_t timeout_ms, int32_t *status, wudf_kv *reply)
{
    wudf_error err;
    uint8_t *payload;
    uint32_t length;
    if (wudf_kv_encode(request, &payload, &length, &err)) {
        set_error(c, "%s", err.message);
        return -1;
    }
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_TOOL_REQUEST);
    m.payload = payload;
    m.payload_length = length;
    wudf_status st;
    creq *r = start(c, &m, NULL, 0, NULL, NULL, &st);
    free(payload);
    if (!r) {
        set_error(c, "%s", "cannot send the request to the reflector");
        return -1;
    }
    r->reply = reply;
    if (!run_until(c, &r->completed, timeout_ms)) {
        r->abandoned = 1;
        r->reply = NULL;
        if (!c->lost)
            set_error(c, "%s", "the reflector did not answer in time");
        return -1;
    }
    *status = r->status;
    free(r);
    return 0;
}

int wudf_client_send(wudf_client *c, const wudf_msg *m)
{
    return send_msg(c, m);
}

int wudf_client_wait(wudf_client *c, const int *flag, uint32_t timeout_ms)
{
    return run_until(c, flag, timeout_ms);
}

wudf_status wudf_client_request_kv(wudf_client *c, wudf_msg_type type, const wudf_kv *kv, uint32_t timeout_ms)
{
    wudf_error err;
    uint8_t *payload;
    uint32_t length;
    if (wudf_kv_encode(kv, &payload, &length, &err)) {
        set_error(c, "%s", err.message);
        return WUDF_STATUS_INVALID_PARAMETER;
    }
    wudf_msg m;
    wudf_msg_init(&m, type);
    m.payload = payload;
    m.payload_length = length;
    wudf_status st;
    creq *r = start(c, &m, NULL, 0, NULL, NULL, &st);
    free(payload);
    if (!r)
        return st;
    if (!run_until(c, &r->completed, timeout_ms)) {
        r->abandoned = 1;
        if (c->lost)
            return WUDF_STATUS_PIPE_BROKEN;
        set_error(c, "%s", "the reflector did not answer in time");
        return WUDF_STATUS_IO_TIMEOUT;
    }
    st = r->status;
    free(r);
    return st;
}

int wudf_client_has_file(wudf_client *c, wudf_handle file)
{
    return find_file(c, file) != NULL;
}
