/*
 * Channel to the reflector (see channel.h). Outgoing messages are encoded by
 * the sending thread, queued under a mutex and handed to uv_write by the loop
 * thread after a uv_async wake-up; streams keep write order, so COMPLETEs
 * leave in the order the framework produced them.
 */
#include "channel.h"
#include "watchdog.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "platform.h"

enum { CHANNEL_AWAIT_HELLO, CHANNEL_READY, CHANNEL_CLOSED };

typedef struct out_item {
    struct out_item *next;
    uv_write_t req;
    uv_buf_t buf;
    int finish;      /* a marker: end the process after what is before it */
    int exit_code;
    wudf_channel *channel;
} out_item;

struct wudf_channel {
    uv_loop_t *loop;
    uv_pipe_t pipe;
    uv_async_t wake;
    uv_mutex_t mutex;
    out_item *head;
    out_item *tail;
    unsigned in_flight;  /* writes handed to libuv, not yet completed */
    int finishing;
    int lingering;       /* the final message is written: waiting for the reflector to close */
    uv_timer_t linger;
    int exit_code;
    int state;
    int closed_handles;
    wudf_framer framer;
    wudf_channel_deliver_fn deliver;
    void *deliver_ctx;
};

static void close_all(wudf_channel *ch, int exit_code);

static void channel_fatal(wudf_channel *ch, const char *reason)
{
    char q[400];
    wudf_log(WUDF_LOG_ERROR, "channel-lost", "reason=%s exit=2", wudf_log_quote(q, sizeof q, reason));
    /*
     * The reflector is gone or speaks nonsense: nobody is left to answer to.
     * Exit at once; a driver callback may be blocked and must not hold us up.
     */
    exit(2);
}

static void free_items(out_item *item)
{
    while (item) {
        out_item *next = item->next;
        free(item->buf.base);
        free(item);
        item = next;
    }
}

/* Queues the chain first..last in one step. */
static void queue_items(wudf_channel *ch, out_item *first, out_item *last)
{
    last->next = NULL;
    uv_mutex_lock(&ch->mutex);
    if (ch->state == CHANNEL_CLOSED) {
        /* A late completion after the final message (a driver thread): nobody reads it. */
        uv_mutex_unlock(&ch->mutex);
        free_items(first);
        return;
    }
    if (ch->tail)
        ch->tail->next = first;
    else
        ch->head = first;
    ch->tail = last;
    /* Sent under the mutex so close_all cannot close the handle in between. */
    uv_async_send(&ch->wake);
    uv_mutex_unlock(&ch->mutex);
}

static out_item *encode_item(wudf_channel *ch, const wudf_msg *msg)
{
    wudf_error err;
    size_t length;
    out_item *item = calloc(1, sizeof *item);
    uint8_t *data = item ? wudf_msg_encode_alloc(msg, &length, &err) : NULL;
    if (!data) {
        /* Only a framework bug breaks encoding; say so rather than send garbage. */
        wudf_log(WUDF_LOG_ERROR, "send-failed", "type=%s irp=%llu reason=%s", wudf_msg_type_name(msg->type),
                 (unsigned long long)msg->irp_id, item ? err.message : "out-of-memory");
        free(item);
        return NULL;
    }
    item->buf = uv_buf_init((char *)data, (unsigned)length);
    item->channel = ch;
    return item;
}

static void channel_send(void *ctx, const wudf_msg *msg)
{
    wudf_channel *ch = ctx;
    out_item *item = encode_item(ch, msg);
    if (item)
        queue_items(ch, item, item);
}

static void channel_finish(void *ctx, const wudf_msg *final, int exit_code)
{
    wudf_channel *ch = ctx;
    out_item *message = final ? encode_item(ch, final) : NULL;
    out_item *end = calloc(1, sizeof *end);
    if (!end)
        exit(exit_code);
    end->finish = 1;
    end->exit_code = exit_code;
    end->channel = ch;
    /* With the message in the same step, the loop sees the end no later than the message is written:
     * a reflector that reads it and closes is then the expected end, not a lost channel. */
    if (message)
        message->next = end;
    queue_items(ch, message ? message : end, end);
}

wudf_outbox wudf_channel_outbox(wudf_channel *ch)
{
    wudf_outbox box = {channel_send, channel_finish, ch};
    return box;
}

/* How long a host waits, after its final message, for the reflector to close the channel. */
#define LINGER_MS 5000

static void on_linger(uv_timer_t *timer)
{
    wudf_channel *ch = timer->data;
    wudf_log(WUDF_LOG_WARN, "channel-linger-timeout", "ms=%u", LINGER_MS);
    close_all(ch, ch->exit_code);
}

/* Once the final message is written the process may end, but not by closing its end first: a pipe
 * closed by its writer may lose what the reader has not read yet (Windows). The reflector closes
 * the channel when it has read the message; a reflector that does not is waited for a bounded time. */
static void maybe_finish(wudf_channel *ch)
{
    if (!ch->finishing || ch->in_flight || ch->state == CHANNEL_CLOSED || ch->lingering)
        return;
    ch->lingering = 1;
    uv_timer_start(&ch->linger, on_linger, LINGER_MS, 0);
}

static void on_write(uv_write_t *req, int status)
{
    out_item *item = req->data;
    wudf_channel *ch = item->channel;
    free(item->buf.base);
    free(item);
    ch->in_flight--;
    if (status < 0 && ch->state != CHANNEL_CLOSED) {
        if (!ch->finishing)
            channel_fatal(ch, uv_strerror(status));
        close_all(ch, ch->exit_code); /* the reflector is gone: nobody is left to read the rest */
        return;
    }
    maybe_finish(ch);
}

static void on_wake(uv_async_t *handle)
{
    wudf_channel *ch = handle->data;
    uv_mutex_lock(&ch->mutex);
    out_item *list = ch->head;
    ch->head = ch->tail = NULL;
    uv_mutex_unlock(&ch->mutex);
    while (list) {
        out_item *item = list;
        list = item->next;
        if (ch->state == CHANNEL_CLOSED || ch->finishing) {
            /* Nothing may follow the final message. */
            free(item->buf.base);
            free(item);
            continue;
        }
        if (item->finish) {
            ch->finishing = 1;
            ch->exit_code = item->exit_code;
            free(item);
            continue;
        }
        item->req.data = item;
        int rc = uv_write(&item->req, (uv_stream_t *)&ch->pipe, &item->buf, 1, on_write);
        if (rc) {
            free(item->buf.base);
            free(item);
            channel_fatal(ch, uv_strerror(rc));
        }
        ch->in_flight++;
    }
    maybe_finish(ch);
}

static void send_pong(wudf_channel *ch, uint64_t irp_id)
{
    wudf_msg pong;
    wudf_msg_init(&pong, WUDF_MSG_PONG);
    pong.irp_id = irp_id;
    /* The reflector recycles a host whose driver has not returned from a callback in time. */
    pong.information = wudf_watchdog_oldest_ms();
    channel_send(ch, &pong);
}

static void handle_hello(wudf_channel *ch, const wudf_msg *msg)
{
    wudf_hello hello;
    wudf_error err;
    if (msg->type != WUDF_MSG_HELLO) {
        char reason[128];
        snprintf(reason, sizeof reason, "expected hello, got %s", wudf_msg_type_name(msg->type));
        channel_fatal(ch, reason);
    }
    if (wudf_hello_decode(msg, &hello, &err))
        channel_fatal(ch, err.message);
    if (msg->status != 0) {
        wudf_log(WUDF_LOG_ERROR, "hello-refused", "status=0x%08x exit=1", (unsigned)msg->status);
        exit(1);
    }
    wudf_log(WUDF_LOG_DEBUG, "hello", "peer_pid=%u version=%u.%u", (unsigned)hello.pid,
             (unsigned)hello.version_major, (unsigned)hello.version_minor);
    uv_mutex_lock(&ch->mutex);
    ch->state = CHANNEL_READY;
    uv_mutex_unlock(&ch->mutex);
}

static void handle_message(wudf_channel *ch, const wudf_msg *msg)
{
    if (ch->state == CHANNEL_AWAIT_HELLO) {
        handle_hello(ch, msg);
        return;
    }
    switch (msg->type) {
    case WUDF_MSG_PING:
        send_pong(ch, msg->irp_id);
        return;
    case WUDF_MSG_DEVICE_START:
    case WUDF_MSG_DEVICE_STOP:
    case WUDF_MSG_IRP:
    case WUDF_MSG_CANCEL:
    case WUDF_MSG_POWER:
    case WUDF_MSG_REMOTE_COMPLETE:
    case WUDF_MSG_REMOTE_EVENT:
        if (ch->deliver)
            ch->deliver(ch->deliver_ctx, msg, -1);
        return;
    case WUDF_MSG_RING: {
        /* The descriptor arrived with the first bytes of this message, so it is queued by now. */
        int fd = wudf_pipe_take_descriptor(&ch->pipe);
        if (ch->deliver)
            ch->deliver(ch->deliver_ctx, msg, fd);
        else
            wudf_descriptor_close(fd);
        return;
    }
    default: {
        char reason[128];
        snprintf(reason, sizeof reason, "unexpected %s message from the reflector", wudf_msg_type_name(msg->type));
        channel_fatal(ch, reason);
    }
    }
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    wudf_channel *ch = handle->data;
    uint8_t *space;
    size_t length;
    wudf_error err;
    if (wudf_framer_reserve(&ch->framer, suggested < 65536 ? 65536 : suggested, &space, &length, &err)) {
        *buf = uv_buf_init(NULL, 0); /* libuv reports UV_ENOBUFS to on_read */
        return;
    }
    *buf = uv_buf_init((char *)space, (unsigned)length);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    wudf_channel *ch = stream->data;
    (void)buf;
    if (ch->finishing) {
        /* After the final message: the reflector's close ends the process; what it sent is moot. The
         * close may be read before the final write's callback has run: the reflector read it. */
        if (nread < 0) {
            if (ch->state != CHANNEL_CLOSED)
                close_all(ch, ch->exit_code);
        } else {
            wudf_framer_commit(&ch->framer, (size_t)nread);
            wudf_msg msg;
            wudf_error err;
            while (wudf_framer_next(&ch->framer, &msg, &err) > 0)
                ;
        }
        return;
    }
    if (nread == UV_EOF)
        channel_fatal(ch, "reflector closed the channel");
    if (nread < 0)
        channel_fatal(ch, uv_strerror((int)nread));
    wudf_framer_commit(&ch->framer, (size_t)nread);
    for (;;) {
        wudf_msg msg;
        wudf_error err;
        int rc = wudf_framer_next(&ch->framer, &msg, &err);
        if (rc == 0)
            break;
        if (rc < 0)
            channel_fatal(ch, err.message);
        handle_message(ch, &msg);
    }
}

static void on_closed(uv_handle_t *handle)
{
    (void)handle;
}

static void close_all(wudf_channel *ch, int exit_code)
{
    uv_mutex_lock(&ch->mutex);
    ch->state = CHANNEL_CLOSED;
    uv_mutex_unlock(&ch->mutex);
    ch->exit_code = exit_code;
    uv_read_stop((uv_stream_t *)&ch->pipe);
    uv_close((uv_handle_t *)&ch->pipe, on_closed);
    uv_close((uv_handle_t *)&ch->wake, on_closed);
    uv_timer_stop(&ch->linger);
    uv_close((uv_handle_t *)&ch->linger, on_closed);
}

int wudf_channel_start(wudf_channel **out, uv_loop_t *loop, int fd, wudf_error *err)
{
    wudf_channel *ch = calloc(1, sizeof *ch);
    if (!ch)
        return wudf_error_set(err, WUDF_ENOMEM, "channel: out of memory");
    ch->loop = loop;
    wudf_framer_init(&ch->framer);
    if (uv_mutex_init(&ch->mutex)) {
        free(ch);
        return wudf_error_set(err, WUDF_EIO, "channel: cannot create a mutex");
    }
    int rc = wudf_host_channel_open(loop, &ch->pipe, fd, err);
    if (rc) {
        uv_mutex_destroy(&ch->mutex);
        free(ch);
        return rc;
    }
    ch->pipe.data = ch;
    uv_async_init(loop, &ch->wake, on_wake);
    ch->wake.data = ch;
    uv_timer_init(loop, &ch->linger);
    ch->linger.data = ch;
    rc = uv_read_start((uv_stream_t *)&ch->pipe, on_alloc, on_read);
    if (rc) {
        close_all(ch, 2);
        return wudf_error_set(err, WUDF_EIO, "channel: cannot read descriptor %d: %s", fd, uv_strerror(rc));
    }
    wudf_msg hello;
    wudf_hello h;
    uint8_t payload[WUDF_HELLO_SIZE];
    wudf_hello_make(&h, WUDF_ROLE_HOST, (uint32_t)uv_os_getpid());
    wudf_hello_encode(&h, payload);
    wudf_msg_init(&hello, WUDF_MSG_HELLO);
    hello.payload = payload;
    hello.payload_length = WUDF_HELLO_SIZE;
    channel_send(ch, &hello);
    *out = ch;
    return 0;
}

void wudf_channel_set_deliver(wudf_channel *ch, wudf_channel_deliver_fn deliver, void *ctx)
{
    ch->deliver = deliver;
    ch->deliver_ctx = ctx;
}

int wudf_channel_exit_code(const wudf_channel *ch)
{
    return ch->exit_code;
}

void wudf_channel_free(wudf_channel *ch)
{
    if (!ch)
        return;
    while (ch->head) {
        out_item *item = ch->head;
        ch->head = item->next;
        free(item->buf.base);
        free(item);
    }
    wudf_framer_free(&ch->framer);
    uv_mutex_destroy(&ch->mutex);
    free(ch);
}
