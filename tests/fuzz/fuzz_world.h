/* An in-process reflector for the wire fuzz targets: the real reflector core, started by
 * wudf_reflector_init in a private directory and listening on its endpoint, driven one loop turn
 * at a time. Hosts are played by the harness over socketpairs: their host records are made as
 * supervisor.c makes them, minus the process. The checks say what a consistent reflector looks
 * like once its peers are gone. */
#ifndef OPENWUDF_FUZZ_WORLD_H
#define OPENWUDF_FUZZ_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "reflector.h"
#include "ring_slots.h"

typedef struct fuzz_peer fuzz_peer;
typedef void (*fuzz_on_message)(fuzz_peer *peer, const wudf_msg *msg);

/* The harness's end of a connection. Every message the reflector sends on it must decode. */
struct fuzz_peer {
    int fd;                   /* -1 once closed */
    wudf_framer in;
    uint8_t *out;             /* bytes not yet written */
    size_t out_start, out_length, out_capacity;
    int shut_wanted, shut_done; /* half-close once everything is written */
    int eof;                  /* the reflector closed its end */
    unsigned received;        /* messages read */
    fuzz_on_message on_message;
    void *context;
};

#define FUZZ_MAX_HELD 16

/* A host process played by the harness. */
typedef struct fuzz_host {
    fuzz_peer peer;
    wudf_host *record;        /* the reflector's record; NULL once the "process" has exited */
    int automatic;            /* answers as a well-behaved host would; otherwise only reads */
    const char *symlink;      /* reported when the device starts */
    uint64_t held[FUZZ_MAX_HELD]; /* requests kept until cancelled */
    size_t held_count;
} fuzz_host;

/* An INF that installs (ROOT\FUZZINST, and USB\VID_0547&PID_1002 as a driver package), written
 * at start; the path the seeds name. */
#define FUZZ_INSTALL_INF "/tmp/openwudf-fuzz.inf"

/* Once per process: a private directory (removed at exit), the reflector started in it with
 * restart_limit. */
wudf_reflector *fuzz_world_start(const char *name, unsigned restart_limit);

/* One turn: the reflector's loop once without blocking, then every peer of the harness. A host
 * whose record the reflector marked dead exits, as its process would. Returns whether any byte
 * moved on the harness's side. */
int fuzz_turn(void);
/* Turns until nothing moves and done(context) holds (done NULL: until nothing moves). A
 * reflector that never settles is a finding: what says what was awaited. */
void fuzz_settle(int (*done)(void *context), void *context, const char *what);

/* A devnode as the device store would load it. */
wudf_devnode *fuzz_devnode_add(const char *instance_id, int enabled);
/* Takes every devnode down (no restarts, as at shutdown) and frees it. */
void fuzz_devnodes_clear(void);

/* A host for d: its record is attached to d in the handshake state. The host speaks first. */
void fuzz_host_start(fuzz_host *host, wudf_devnode *d, int automatic, const char *symlink);
void fuzz_host_send_hello(fuzz_host *host);
/* The process ends: its channel closes and the reflector hears it exit. */
void fuzz_host_exit(fuzz_host *host);
/* Hosts whose record the reflector marked dead exit, as their process would once killed; returns
 * whether any did. */
int fuzz_hosts_reap(void);
/* Hosts started and not exited. */
size_t fuzz_hosts_alive(void);

/* A peer on fd (made non-blocking); on_message sees every message read, already checked. */
void fuzz_peer_open(fuzz_peer *peer, int fd, fuzz_on_message on_message, void *context);
/* A client or tool connection to the endpoint (the role is whatever its hello says). */
void fuzz_peer_connect(fuzz_peer *peer, fuzz_on_message on_message, void *context);
/* The same as an unprivileged user (fuzz_identity.c), when the fuzzer runs as root; otherwise a
 * connection of the fuzzer's own user. */
void fuzz_peer_connect_unprivileged(fuzz_peer *peer, fuzz_on_message on_message, void *context);

/* fuzz_identity.c: picks the unprivileged identity, before the reflector starts (device_group gets
 * its group, so that it may reach the endpoint); returns whether there is one. Then a socket
 * connected with that identity, or -1. */
int fuzz_identity_start(const char *endpoint, char *group, size_t size);
int fuzz_identity_connect(void);
void fuzz_peer_send(fuzz_peer *peer, const wudf_msg *msg);
void fuzz_peer_send_hello(fuzz_peer *peer, wudf_role role);
/* Writes bytes in pieces (a header cut in two, then the rest), turning in between. */
void fuzz_peer_feed(fuzz_peer *peer, const uint8_t *data, size_t size);
/* Half-closes once the queued bytes are written: the reflector reads an end of stream. */
void fuzz_peer_shutdown(fuzz_peer *peer);
void fuzz_peer_close(fuzz_peer *peer);

/* Connections other than host channels the reflector still holds. */
size_t fuzz_open_connections(void);
/* With every client gone and every request settled: no pending IRP, no file, no count left. */
void fuzz_check_quiet(void);

#endif
