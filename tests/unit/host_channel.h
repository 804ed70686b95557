/*
 * The reflector's side of one host channel, for tests that run the real wudfhost: spawn it with the
 * channel on its stdio[3] (and its log on a pipe), do the handshake, send DEVICE_START / IRPs /
 * CANCEL / DEVICE_STOP, and wait, with bounded timeouts, for what it answers.
 */
#ifndef OPENWUDF_TESTS_HOST_CHANNEL_H
#define OPENWUDF_TESTS_HOST_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "wire.h"

typedef struct host_proc {
    uv_loop_t loop;
    uv_process_t process;
    uv_pipe_t channel;
    uv_pipe_t errors;
    uv_timer_t timer;
    wudf_framer framer;
    wudf_msg **messages;  /* everything the host sent, in order */
    size_t count;
    int exited;
    int64_t exit_status;
    int timed_out;
    char *log;            /* the host's stderr */
    size_t log_length;
    int log_done;
} host_proc;

/*
 * Starts wudfhost (debug log). extra_env: NULL-terminated "NAME=value" strings set in the child on
 * top of this process's environment; NULL inherits it unchanged. 0, or -1 with a message on stderr.
 */
int host_proc_spawn(host_proc *p, const char *wudfhost, const char *const *extra_env);
/* Waits for the host's HELLO and answers it. 0 on success. */
int host_proc_handshake(host_proc *p);
void host_proc_send(host_proc *p, const wudf_msg *msg);
/* Bytes as they are, well-formed or not. */
void host_proc_send_bytes(host_proc *p, const void *bytes, size_t length);
/* Closes the channel, as a reflector that goes away does. */
void host_proc_hang_up(host_proc *p);
void host_proc_send_kv(host_proc *p, uint16_t type, uint32_t device_id, const wudf_kv *kv);
void host_proc_irp(host_proc *p, uint64_t irp_id, uint8_t major, uint32_t file, uint32_t code, const void *in,
                   uint32_t in_length, uint32_t out_length);
/* CANCEL, PING, DEVICE_STOP: a message with an irp id and nothing else. */
void host_proc_simple(host_proc *p, uint16_t type, uint64_t irp_id);

/* The first message of type (and irp_id, unless 0) received so far, or NULL. */
const wudf_msg *host_proc_find(host_proc *p, uint16_t type, uint64_t irp_id);
/* Waits up to timeout_ms for it. */
const wudf_msg *host_proc_wait(host_proc *p, uint16_t type, uint64_t irp_id, unsigned timeout_ms);
/* Waits for a HOST_EVENT whose "event" key is event. */
const wudf_msg *host_proc_wait_event(host_proc *p, const char *event, unsigned timeout_ms);
/* Runs the loop until nothing is left to do right now (messages already on the way are read). */
void host_proc_poll(host_proc *p);
/* Waits for the process to exit; 0 and its status, or -1 on timeout. */
int host_proc_wait_exit(host_proc *p, unsigned timeout_ms, int64_t *status);
/* Waits until the host's stderr is closed (its last log line written). */
int host_proc_wait_log(host_proc *p, unsigned timeout_ms);
/* Kills the host if it still runs and frees everything. */
void host_proc_cleanup(host_proc *p);

/* A copy of key's value in a kv payload (free it), or NULL. */
char *host_proc_kv_value(const wudf_msg *msg, const char *key);

#endif
