/*
 * The outgoing side of the host channel as the framework sees it: a place to
 * drop messages from any thread. The real host plugs in channel.c; unit
 * tests plug in a recorder.
 */
#ifndef OPENWUDF_HOST_OUTBOX_H
#define OPENWUDF_HOST_OUTBOX_H

#include "wire.h"

typedef struct wudf_outbox {
    /* Queues a copy of msg (payload included) for the reflector. Thread-safe. */
    void (*send)(void *ctx, const wudf_msg *msg);
    /* Queues final, the last message, and ends the process with exit_code once it and every message
     * sent before are written. One step, so nothing can see final written before the end is known. */
    void (*finish)(void *ctx, const wudf_msg *final, int exit_code);
    void *ctx;
} wudf_outbox;

#endif
