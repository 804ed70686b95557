/*
 * The host's side of the fast path (docs/fast-path.md): the rings of its open
 * files, served by two ring threads that sleep on the host's bell. A ring
 * thread that takes a request presents it to the driver itself, so a request
 * costs one wake-up each way; completions go straight back into the ring and
 * ring the client's eventfd.
 */
#ifndef OPENWUDF_HOST_RING_SERVER_H
#define OPENWUDF_HOST_RING_SERVER_H

#include "host.h"

typedef struct wudf_ring wudf_ring;

/* A WUDF_MSG_RING from the reflector with the descriptor that came with it (-1 if none); loop thread. */
void wudf_ring_message(wudf_host *host, const wudf_msg *msg, int fd);
/* CREATE of file: its ring, if the reflector sent one, starts being served. */
void wudf_ring_bind(wudf_host *host, wudf_file *file);
/* CLOSE (or a refused CREATE): the file's ring is no longer served. */
void wudf_ring_unbind(wudf_host *host, uint32_t file_id);
/* Before CLEANUP: every request the client put in the file's ring is taken and dispatched. */
void wudf_ring_drain(wudf_host *host, uint32_t file_id);
/* CANCEL of the ring request the client calls tag. */
void wudf_ring_cancel(wudf_host *host, uint32_t file_id, uint64_t tag);
/* Completion of a ring request: status and information into its slot, then the client's eventfd. */
void wudf_ring_complete(wudf_request *request, NTSTATUS status, uint64_t information);
/* Called by wudf_request_present: nonzero when the calling ring thread will present request itself. */
int wudf_ring_present_inline(wudf_request *request);
void wudf_ring_hold(wudf_ring *ring);
void wudf_ring_release(wudf_ring *ring);
/* Stops the ring threads (host teardown). */
void wudf_ring_stop(wudf_host *host);

#endif
