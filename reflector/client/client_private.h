/* What client.c and client_ring.c share inside the client library. */
#ifndef OPENWUDF_CLIENT_PRIVATE_H
#define OPENWUDF_CLIENT_PRIVATE_H

#include <uv.h>

#include "client_internal.h"
#include "openwudf/client.h"
#include "wire.h"

/* After a timeout the request is cancelled; the driver gets this long to complete it. */
#define CANCEL_GRACE_MS 5000

typedef struct cring cring;

typedef struct creq {
    struct creq *next;
    uint64_t id;
    uint8_t major;
    void *buffer;                /* where output bytes go */
    uint32_t length;
    wudf_completion done;
    void *context;
    int completed;
    int abandoned;               /* a sync caller gave up: drop the completion */
    int32_t status;
    uint64_t information;
    wudf_kv *reply;              /* tool requests */
    /* Fast path: the ring, slot and arena bytes it holds until its slot is done. */
    cring *ring;
    uint32_t file;
    uint32_t slot;
    uint32_t arena_offset, arena_length;
    uint32_t input_length;       /* what a write's information may say at most */
    uint32_t output_offset;
} creq;

/* An open file; ring is its fast-path ring, or NULL when it goes by socket. */
typedef struct cfile {
    wudf_handle id;
    cring *ring;
    uint64_t last_sequence;      /* of its reads, writes and ioctls, when it has a ring */
} cfile;

/* A descriptor the reflector passed, until the file it is for is opened. */
typedef struct passed_fd {
    struct passed_fd *next;
    uint32_t file_id;
    uint8_t kind;
    int fd;
} passed_fd;

struct wudf_client {
    uv_loop_t loop;
    uv_pipe_t pipe;
    uv_connect_t connect;
    uv_timer_t timer;
    wudf_framer framer;
    int connect_status;
    int connect_done;
    int hello_done;
    int32_t hello_status;
    int lost;
    int role;
    char error[400];
    uint64_t next_id;
    uint32_t next_file;
    uint32_t outstanding;
    creq *requests;
    cfile *open_files;
    size_t open_count, open_capacity;
    /* Fast path (client_ring.c) */
    int fast_path;               /* ask for rings at open */
    passed_fd *passed;
    cring *closed_rings;         /* of closed files, until their last request is done */
    int reaping;                 /* completions are being run: rings are not freed meanwhile */
    int notify_fd;               /* the eventfd hosts ring, -1 until the reflector sends it */
    uv_poll_t notify_poll;
    struct wudf_tool_stream *streams; /* tool requests answered in parts (client_stream.c) */
    struct custom_events *custom_events; /* registrations and events waiting (client_event.c), or NULL */
};

/* client.c */
creq *wudf_client_take(wudf_client *c, uint64_t id);
void wudf_client_finish(wudf_client *c, creq *r, int32_t status, uint64_t information, const uint8_t *data,
                        uint32_t length);
/* Sends m (0, or -1 once the connection is lost); runs the loop until *flag is set, the connection is
 * lost or timeout_ms passes, and returns *flag. */
int wudf_client_send(wudf_client *c, const wudf_msg *m);
int wudf_client_wait(wudf_client *c, const int *flag, uint32_t timeout_ms);

/* A kv message answered with a COMPLETE of its id (REMOTE_EVENT registrations): the status, or
 * WUDF_STATUS_IO_TIMEOUT / WUDF_STATUS_PIPE_BROKEN. */
wudf_status wudf_client_request_kv(wudf_client *c, wudf_msg_type type, const wudf_kv *kv, uint32_t timeout_ms);
/* Whether file is one of c's open files. */
int wudf_client_has_file(wudf_client *c, wudf_handle file);

/* client_event.c: a REMOTE_EVENT from the reflector (a device's custom event); the file was closed
 * (its registration and waiting events go); everything goes (disconnect). */
void wudf_client_custom_event(wudf_client *c, const wudf_msg *m);
void wudf_client_events_forget(wudf_client *c, wudf_handle file);
void wudf_client_events_free(wudf_client *c);

/* client_stream.c: 1 when m is a part of a streamed answer (kept for its reader), else 0. */
int wudf_client_stream_part(wudf_client *c, const wudf_msg *m);

/* client_ring.c: the fast path (docs/fast-path.md) */
void wudf_cring_init(wudf_client *c);
/* A RING message: keeps the descriptor that came with it. */
void wudf_cring_passed(wudf_client *c, const wudf_msg *m);
/* After a successful open: the file's ring from what the reflector passed, or NULL. */
cring *wudf_cring_attach(wudf_client *c, uint32_t file_id);
/* Reads, writes and ioctls: what a ring carries, and what a file with a ring numbers. */
int wudf_cring_io(uint8_t major);
/* Puts r in the ring: 0, or -1 when it does not fit now (the caller sends it by socket). */
int wudf_cring_submit(wudf_client *c, cring *g, creq *r, const wudf_msg *m);
/* The file is closed: the ring goes once its last request is done. */
void wudf_cring_close(wudf_client *c, cring *g);
/* Forgets r's slot (connection lost). */
void wudf_cring_forget(creq *r);
void wudf_cring_free_all(wudf_client *c);

#endif
