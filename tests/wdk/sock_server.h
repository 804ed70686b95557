/*
 * A TCP echo server on a libuv loop thread of its own, for the socket-backed driver's tests: it
 * listens on 127.0.0.1 (an ephemeral port), echoes what a connection sends, or holds it until told
 * to let it go, and counts the bytes so that a test can wait for them (bounded, no sleeps).
 */
#ifndef OPENWUDF_TEST_SOCK_SERVER_H
#define OPENWUDF_TEST_SOCK_SERVER_H

#include <stddef.h>

#include <uv.h>

typedef struct sock_server {
    uv_loop_t loop;
    uv_thread_t thread;
    uv_async_t wake;
    uv_tcp_t listener;
    uv_tcp_t *peer;         /* the connection being served (loop thread) */
    int port;
    uv_mutex_t lock;        /* what follows */
    uv_cond_t changed;
    size_t received;        /* bytes that came in, all connections */
    size_t echoed;          /* bytes written back */
    unsigned connections;
    unsigned disconnects;
    int hold;               /* keep what comes in instead of echoing it */
    char *held;
    size_t held_length;
    int release;            /* echo what was held, then go on echoing */
    int quit;
} sock_server;

/* Starts the server; 0 with s->port set, or -1. */
int sock_server_start(sock_server *s);
/* From now on what comes in is held (not echoed) until sock_server_release. */
void sock_server_hold(sock_server *s);
void sock_server_release(sock_server *s);
/* Waits until at least n bytes came in (were echoed; a connection ended, counted by disconnects); 0, or -1
 * after timeout_ms. */
int sock_server_wait_received(sock_server *s, size_t n, unsigned timeout_ms);
int sock_server_wait_echoed(sock_server *s, size_t n, unsigned timeout_ms);
int sock_server_wait_disconnects(sock_server *s, unsigned n, unsigned timeout_ms);
size_t sock_server_received(sock_server *s);
void sock_server_stop(sock_server *s);

#endif
