/*
 * The echo server of sock_server.h. Everything on the socket happens on the server's loop thread;
 * the test thread only changes flags under the lock and wakes the loop.
 */
#include "sock_server.h"

#include <stdlib.h>
#include <string.h>

typedef struct echo_write {
    uv_write_t req;
    uv_buf_t buf;
    sock_server *server;
} echo_write;

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    buf->base = malloc(suggested);
    buf->len = buf->base ? (unsigned)suggested : 0;
}

static void on_written(uv_write_t *req, int status)
{
    echo_write *w = (echo_write *)req;
    sock_server *s = w->server;
    uv_mutex_lock(&s->lock);
    if (status == 0)
        s->echoed += w->buf.len;
    uv_cond_broadcast(&s->changed);
    uv_mutex_unlock(&s->lock);
    free(w->buf.base);
    free(w);
}

/* Writes length bytes of data (taken over) back to the peer. */
static void echo(sock_server *s, char *data, size_t length)
{
    echo_write *w = malloc(sizeof *w);
    if (!w || !s->peer) {
        free(w);
        free(data);
        return;
    }
    w->server = s;
    w->buf = uv_buf_init(data, (unsigned)length);
    if (uv_write(&w->req, (uv_stream_t *)s->peer, &w->buf, 1, on_written)) {
        free(data);
        free(w);
    }
}

static void on_closed(uv_handle_t *handle)
{
    free(handle);
}

static void on_read(uv_stream_t *stream, ssize_t n, const uv_buf_t *buf)
{
    sock_server *s = stream->data;
    if (n < 0) {
        free(buf->base);
        if (s->peer == (uv_tcp_t *)stream)
            s->peer = NULL;
        uv_close((uv_handle_t *)stream, on_closed);
        uv_mutex_lock(&s->lock);
        s->disconnects++;
        uv_cond_broadcast(&s->changed);
        uv_mutex_unlock(&s->lock);
        return;
    }
    if (n == 0) {
        free(buf->base);
        return;
    }
    uv_mutex_lock(&s->lock);
    s->received += (size_t)n;
    int hold = s->hold;
    if (hold) {
        char *grown = realloc(s->held, s->held_length + (size_t)n);
        if (grown) {
            memcpy(grown + s->held_length, buf->base, (size_t)n);
            s->held = grown;
            s->held_length += (size_t)n;
        }
    }
    uv_cond_broadcast(&s->changed);
    uv_mutex_unlock(&s->lock);
    if (hold)
        free(buf->base);
    else
        echo(s, buf->base, (size_t)n);
}

static void on_connection(uv_stream_t *listener, int status)
{
    sock_server *s = listener->data;
    uv_tcp_t *peer = malloc(sizeof *peer);
    if (status < 0 || !peer || uv_tcp_init(&s->loop, peer)) {
        free(peer);
        return;
    }
    peer->data = s;
    if (uv_accept(listener, (uv_stream_t *)peer) || uv_read_start((uv_stream_t *)peer, on_alloc, on_read)) {
        uv_close((uv_handle_t *)peer, on_closed);
        return;
    }
    s->peer = peer;
    uv_mutex_lock(&s->lock);
    s->connections++;
    uv_cond_broadcast(&s->changed);
    uv_mutex_unlock(&s->lock);
}

/* At the end: the listener and the wake-up are the server's own, connections were allocated. */
static void close_any(uv_handle_t *handle, void *arg)
{
    sock_server *s = arg;
    if (uv_is_closing(handle))
        return;
    int owned = handle == (uv_handle_t *)&s->listener || handle == (uv_handle_t *)&s->wake;
    uv_close(handle, owned ? NULL : on_closed);
}

static void on_wake(uv_async_t *async)
{
    sock_server *s = async->data;
    uv_mutex_lock(&s->lock);
    int quit = s->quit;
    char *held = NULL;
    size_t held_length = 0;
    if (s->release) {
        s->release = 0;
        s->hold = 0;
        held = s->held;
        held_length = s->held_length;
        s->held = NULL;
        s->held_length = 0;
    }
    uv_mutex_unlock(&s->lock);
    if (held)
        echo(s, held, held_length);
    if (quit)
        uv_walk(&s->loop, close_any, s);
}

static void server_main(void *arg)
{
    sock_server *s = arg;
    uv_run(&s->loop, UV_RUN_DEFAULT);
}

int sock_server_start(sock_server *s)
{
    memset(s, 0, sizeof *s);
    struct sockaddr_in address;
    struct sockaddr_storage bound;
    int length = sizeof bound;
    if (uv_mutex_init(&s->lock) || uv_cond_init(&s->changed) || uv_loop_init(&s->loop))
        return -1;
    uv_async_init(&s->loop, &s->wake, on_wake);
    s->wake.data = s;
    uv_tcp_init(&s->loop, &s->listener);
    s->listener.data = s;
    uv_ip4_addr("127.0.0.1", 0, &address);
    if (uv_tcp_bind(&s->listener, (const struct sockaddr *)&address, 0) ||
        uv_listen((uv_stream_t *)&s->listener, 4, on_connection) ||
        uv_tcp_getsockname(&s->listener, (struct sockaddr *)&bound, &length))
        return -1;
    s->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
    return uv_thread_create(&s->thread, server_main, s) ? -1 : 0;
}

void sock_server_hold(sock_server *s)
{
    uv_mutex_lock(&s->lock);
    s->hold = 1;
    uv_mutex_unlock(&s->lock);
}

void sock_server_release(sock_server *s)
{
    uv_mutex_lock(&s->lock);
    s->release = 1;
    uv_mutex_unlock(&s->lock);
    uv_async_send(&s->wake);
}

static int wait_for(sock_server *s, const size_t *value, size_t n, const unsigned *count, unsigned want,
                    unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    uv_mutex_lock(&s->lock);
    while (value ? *value < n : *count < want) {
        uint64_t now = uv_hrtime();
        if (now >= deadline || uv_cond_timedwait(&s->changed, &s->lock, deadline - now) != 0)
            break;
    }
    int ok = value ? *value >= n : *count >= want;
    uv_mutex_unlock(&s->lock);
    return ok ? 0 : -1;
}

int sock_server_wait_received(sock_server *s, size_t n, unsigned timeout_ms)
{
    return wait_for(s, &s->received, n, NULL, 0, timeout_ms);
}

int sock_server_wait_echoed(sock_server *s, size_t n, unsigned timeout_ms)
{
    return wait_for(s, &s->echoed, n, NULL, 0, timeout_ms);
}

int sock_server_wait_disconnects(sock_server *s, unsigned n, unsigned timeout_ms)
{
    return wait_for(s, NULL, 0, &s->disconnects, n, timeout_ms);
}

size_t sock_server_received(sock_server *s)
{
    uv_mutex_lock(&s->lock);
    size_t n = s->received;
    uv_mutex_unlock(&s->lock);
    return n;
}

void sock_server_stop(sock_server *s)
{
    uv_mutex_lock(&s->lock);
    s->quit = 1;
    uv_mutex_unlock(&s->lock);
    uv_async_send(&s->wake);
    uv_thread_join(&s->thread);
    uv_loop_close(&s->loop);
    free(s->held);
    uv_cond_destroy(&s->changed);
    uv_mutex_destroy(&s->lock);
}
