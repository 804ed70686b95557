/*
 * The host's end of the channel to the reflector, run by the libuv loop
 * thread: HELLO handshake, framing, heartbeats (PING answered right here, so
 * a driver callback that blocks cannot silence the host), and the ordered
 * write queue that every other thread feeds through the outbox.
 */
#ifndef OPENWUDF_HOST_CHANNEL_H
#define OPENWUDF_HOST_CHANNEL_H

#include <uv.h>

#include "outbox.h"

typedef struct wudf_channel wudf_channel;

/* Messages for the framework (DEVICE_START, IRP, CANCEL, DEVICE_STOP, RING), on the loop thread.
 * fd: the descriptor that came with a RING (the callee owns it), else -1. */
typedef void (*wudf_channel_deliver_fn)(void *ctx, const wudf_msg *msg, int fd);

/*
 * Opens the channel on inherited descriptor fd and sends HELLO. Messages
 * after the reflector's HELLO go to deliver(ctx, msg).
 */
int wudf_channel_start(wudf_channel **out, uv_loop_t *loop, int fd, wudf_error *err);
void wudf_channel_set_deliver(wudf_channel *channel, wudf_channel_deliver_fn deliver, void *ctx);
/* The outbox that writes to this channel (valid while the channel lives). */
wudf_outbox wudf_channel_outbox(wudf_channel *channel);
/*
 * After uv_run returned: the exit code the process should end with. The
 * channel handles are closed by then; free with wudf_channel_free once the
 * loop has run the close callbacks.
 */
int wudf_channel_exit_code(const wudf_channel *channel);
void wudf_channel_free(wudf_channel *channel);

#endif
