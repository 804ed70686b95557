/*
 * Test helper: a peer that uses up what the reflector has, for the tests of its bounds.
 *   raw_peer ENDPOINT connect N      N client connections; prints "connected A refused B", then holds
 *                                    them until its standard input ends
 *   raw_peer ENDPOINT silent         connects and never says hello; prints "closed after N ms" once
 *                                    the reflector lets go ("open" if standard input ends first)
 *   raw_peer ENDPOINT partial MIB    says hello, then starts a message of the largest size and sends
 *                                    MIB MiB of it; prints "sent", then as silent
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "openwudf/client.h"
#include "platform.h"
#include "wire.h"

typedef struct peer {
    uv_loop_t loop;
    uv_pipe_t pipe;
    uv_pipe_t input;
    uv_connect_t connect;
    uint64_t since;
    int connected;
    int done;
} peer;

static char scratch[65536];

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)h;
    (void)suggested;
    *buf = uv_buf_init(scratch, sizeof scratch);
}

static void finish(peer *p, const char *what)
{
    if (p->done)
        return;
    p->done = 1;
    if (strcmp(what, "closed") == 0)
        printf("closed after %llu ms\n", (unsigned long long)((uv_hrtime() - p->since) / 1000000u));
    else
        printf("%s\n", what);
    fflush(stdout);
    uv_stop(&p->loop);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    if (nread < 0)
        finish(s->data, "closed");
}

static void on_input(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    if (nread < 0)
        finish(s->data, "open");
}

static void on_connect(uv_connect_t *req, int status)
{
    peer *p = req->data;
    p->connected = status == 0 ? 1 : -1;
    uv_stop(&p->loop);
}

static void on_written(uv_write_t *req, int status)
{
    (void)status;
    free(req);
}

static int send_bytes(peer *p, const void *data, size_t length)
{
    uv_write_t *req = malloc(sizeof *req + length);
    if (!req)
        return UV_ENOMEM;
    memcpy(req + 1, data, length);
    uv_buf_t buf = uv_buf_init((char *)(req + 1), (unsigned)length);
    return uv_write(req, (uv_stream_t *)&p->pipe, &buf, 1, on_written);
}

static int send_hello(peer *p)
{
    uint8_t payload[WUDF_HELLO_SIZE];
    wudf_hello hello;
    wudf_hello_make(&hello, WUDF_ROLE_CLIENT, (uint32_t)uv_os_getpid());
    wudf_hello_encode(&hello, payload);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_HELLO);
    m.payload = payload;
    m.payload_length = sizeof payload;
    size_t length;
    uint8_t *bytes = wudf_msg_encode_alloc(&m, &length, NULL);
    int rc = bytes ? send_bytes(p, bytes, length) : UV_ENOMEM;
    free(bytes);
    return rc;
}

/* The start of a message that says it is as long as a message may be: the reflector must buffer it. */
static int send_partial(peer *p, size_t mib)
{
    uint8_t header[WUDF_MSG_HEADER_SIZE] = {0};
    uint32_t size = WUDF_MSG_MAX_SIZE;
    for (int i = 0; i < 4; i++)
        header[i] = (uint8_t)(size >> (8 * i));
    int rc = send_bytes(p, header, sizeof header);
    static uint8_t zeros[1 << 20];
    for (size_t i = 0; !rc && i < mib; i++)
        rc = send_bytes(p, zeros, sizeof zeros);
    return rc;
}

static void close_any(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

/* Closes what is left (writes not done are cancelled and freed) so that nothing leaks at exit. */
static int end(peer *p, int rc)
{
    uv_walk(&p->loop, close_any, NULL);
    uv_run(&p->loop, UV_RUN_DEFAULT);
    uv_loop_close(&p->loop);
    return rc;
}

static int raw(const char *endpoint, size_t partial_mib, int say_hello)
{
    peer p;
    memset(&p, 0, sizeof p);
    uv_loop_init(&p.loop);
    uv_pipe_init(&p.loop, &p.pipe, 0);
    p.pipe.data = p.connect.data = &p;
    uv_pipe_connect(&p.connect, &p.pipe, endpoint, on_connect);
    uv_run(&p.loop, UV_RUN_DEFAULT);
    if (p.connected != 1) {
        printf("cannot connect\n");
        return end(&p, 1);
    }
    p.since = uv_hrtime();
    uv_read_start((uv_stream_t *)&p.pipe, on_alloc, on_read);
    int rc = say_hello ? send_hello(&p) : 0;
    if (!rc && say_hello)
        rc = send_partial(&p, partial_mib);
    /* Cut off while still sending: a Windows pipe says so at once, a Unix socket at the next read. */
    if (rc == UV_EPIPE || rc == UV_EOF || rc == UV_ECONNRESET || rc == UV_ENOTCONN) {
        finish(&p, "closed");
        return end(&p, 0);
    }
    if (rc) {
        printf("cannot send: %s\n", uv_strerror(rc));
        return end(&p, 1);
    }
    if (say_hello) {
        printf("sent\n");
        fflush(stdout);
    }
    uv_pipe_init(&p.loop, &p.input, 0);
    p.input.data = &p;
    if (uv_pipe_open(&p.input, 0) == 0)
        uv_read_start((uv_stream_t *)&p.input, on_alloc, on_input);
    uv_run(&p.loop, UV_RUN_DEFAULT);
    return end(&p, 0);
}

static int connect_many(const char *endpoint, unsigned n)
{
    wudf_client **clients = calloc(n, sizeof *clients);
    unsigned connected = 0, refused = 0;
    for (unsigned i = 0; clients && i < n; i++) {
        if (wudf_connect(endpoint, &clients[connected]) == 0) {
            connected++;
        } else {
            wudf_disconnect(clients[connected]);
            clients[connected] = NULL;
            refused++;
        }
    }
    printf("connected %u refused %u\n", connected, refused);
    fflush(stdout);
    char line[16];
    while (fgets(line, sizeof line, stdin))
        ;
    for (unsigned i = 0; i < connected; i++)
        wudf_disconnect(clients[i]);
    free(clients);
    return 0;
}

int main(int argc, char **argv)
{
    wudf_process_init(); /* a refused connection is a write error, not the end of this process */
    if (argc == 4 && strcmp(argv[2], "connect") == 0)
        return connect_many(argv[1], (unsigned)atoi(argv[3]));
    if (argc == 3 && strcmp(argv[2], "silent") == 0)
        return raw(argv[1], 0, 0);
    if (argc == 4 && strcmp(argv[2], "partial") == 0)
        return raw(argv[1], (size_t)atoi(argv[3]), 1);
    fprintf(stderr, "usage: raw_peer ENDPOINT connect N | silent | partial MIB\n");
    return 2;
}
