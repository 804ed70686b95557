/*
 * The fast path's shared memory (docs/fast-path.md). After an open, the
 * client and the device's host share one ring per file, which the reflector
 * creates and keeps mapped so that it can complete what a dead host left.
 *
 *   [0, 4096)       wudf_ring_header: the submission queue and the flags
 *   [4096, 8192)    WUDF_RING_SLOTS slots of 64 bytes
 *   [8192, size)    the arena: request buffers, placed by the client
 *
 * Every process computes this layout from the size of the mapping, never from
 * what the header says: each side may be hostile to the other, so every value
 * read from here is copied once and checked before use.
 *
 * A slot moves FREE -> SUBMITTED (client) -> TAKEN (host) -> COMPLETING ->
 * DONE (host, or the reflector once the host is dead) -> FREE (client). The
 * host rings the client's eventfd after each DONE; the client rings the
 * host's bell (a futex word in a separate page shared by the host's clients).
 */
#ifndef OPENWUDF_RING_H
#define OPENWUDF_RING_H

#include <stdint.h>

#define WUDF_RING_MAGIC 0x474e5257u /* "WRNG" */
#define WUDF_RING_VERSION 1u
#define WUDF_RING_SLOTS 64u
#define WUDF_RING_HEADER_SIZE 4096u
#define WUDF_RING_SLOTS_OFFSET 4096u
#define WUDF_RING_ARENA_OFFSET 8192u
/* Larger requests take the socket path: a host maps one ring per open file. */
#define WUDF_RING_ARENA_SIZE (4u * 1024u * 1024u)
#define WUDF_RING_SIZE (WUDF_RING_ARENA_OFFSET + WUDF_RING_ARENA_SIZE)
#define WUDF_RING_BELL_SIZE 4096u

enum wudf_ring_slot_state {
    WUDF_SLOT_FREE = 0,
    WUDF_SLOT_SUBMITTED = 1,
    WUDF_SLOT_TAKEN = 2,
    WUDF_SLOT_COMPLETING = 3,
    WUDF_SLOT_DONE = 4,
};

/* The kinds of WUDF_MSG_RING (its minor field): each message carries one descriptor. */
enum wudf_ring_fd_kind {
    WUDF_RING_FD_BELL = 1,    /* the host's bell page */
    WUDF_RING_FD_RING = 2,    /* the ring of file_id */
    WUDF_RING_FD_NOTIFY = 3,  /* the client's eventfd */
};

/*
 * Minor 1 marks the fast path: a CREATE that asks for a ring; a CANCEL naming the ring request
 * irp_id (the client's tag) of file_id; and, from the host, a COMPLETE without payload saying
 * that such a cancelled ring request is no longer held, so the reflector's critical timeout
 * for cancels covers ring requests too.
 */
#define WUDF_CREATE_MINOR_FAST_PATH 1u
#define WUDF_CANCEL_MINOR_FAST_PATH 1u
#define WUDF_COMPLETE_MINOR_FAST_PATH 1u

/*
 * A file with a ring sends each read, write and ioctl by the ring or, when it does not fit, by the
 * socket; both carry its sequence number (1, 2, ... per file; on the socket, in the IRP's
 * information field), and the host hands them to the driver's queues in that order, whichever
 * way each came. 0 means unordered (files without a ring). A number already used, or more than
 * WUDF_SEQUENCE_WINDOW ahead of the next expected one, is refused with STATUS_INVALID_PARAMETER.
 */
#define WUDF_SEQUENCE_WINDOW 4096u

typedef struct wudf_ring_header {
    uint32_t magic;
    uint32_t version;
    uint32_t slot_count;
    uint32_t arena_offset;
    uint32_t arena_size;
    uint32_t sq_tail;        /* atomic: submissions published by the client */
    uint32_t host_gone;      /* atomic: set by the reflector once the host has exited */
    uint32_t reserved[9];
    uint32_t sq[WUDF_RING_SLOTS]; /* slot indices in submission order */
} wudf_ring_header;

typedef struct wudf_ring_slot {
    uint32_t state;          /* atomic: wudf_ring_slot_state */
    uint8_t major;           /* READ, WRITE, DEVICE_CONTROL, INTERNAL_DEVICE_CONTROL */
    uint8_t reserved0[3];
    uint32_t ioctl_code;
    uint32_t input_offset;   /* in the arena */
    uint32_t input_length;
    uint32_t output_offset;
    uint32_t output_length;
    int32_t status;          /* NTSTATUS, at DONE */
    uint64_t offset;         /* file position of READ/WRITE */
    uint64_t information;    /* at DONE */
    uint64_t tag;            /* the client's request id; names it in a cancel */
    uint64_t sequence;       /* the request's place in its file's order (see WUDF_SEQUENCE_WINDOW) */
} wudf_ring_slot;

typedef struct wudf_ring_bell {
    uint32_t bell;           /* atomic futex word: bumped for each submission */
} wudf_ring_bell;

#endif
