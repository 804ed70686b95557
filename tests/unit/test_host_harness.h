/*
 * Plays the reflector for in-process host tests: a wudf_host whose outbox
 * records every message, the test driver's DllGetClassObject instead of a
 * module file, and bounded waits for the answers.
 */
#ifndef OPENWUDF_TESTS_HOST_HARNESS_H
#define OPENWUDF_TESTS_HOST_HARNESS_H

#include "host.h"

#define HARNESS_TIMEOUT_MS 5000u

typedef struct host_harness {
    wudf_host *host;
    uv_mutex_t lock;
    uv_cond_t changed;
    wudf_msg **messages;  /* copies, payload right after each header */
    size_t count;
    size_t capacity;
    int finished;
    int exit_code;
    uint64_t next_barrier;
} host_harness;

/*
 * Creates the host and starts the test driver with settings (name, value,
 * ..., NULL). Returns the DEVICE_STARTED status, or -1 when none came.
 */
int32_t harness_start(host_harness *h, const char *const *settings);
/* Same with a raw DEVICE_START kv (for configuration errors). */
int32_t harness_start_kv(host_harness *h, wudf_kv *kv);
/* Message of type for irp_id (any id for types without one: pass 0), waiting up to timeout_ms. */
const wudf_msg *harness_wait(host_harness *h, uint16_t type, uint64_t irp_id, unsigned timeout_ms);
size_t harness_count(host_harness *h, uint16_t type, uint64_t irp_id);
void harness_irp(host_harness *h, uint64_t irp_id, uint8_t major, uint32_t file_id, uint32_t ioctl,
                 const void *input, uint32_t input_length, uint32_t output_length);
void harness_cancel(host_harness *h, uint64_t irp_id);
/* CREATE of file_id named name; the COMPLETE's status. */
int32_t harness_open(host_harness *h, uint64_t irp_id, uint32_t file_id, const char *name);
/* Returns once the host handled everything submitted before (an IRP it refuses at once). */
void harness_barrier(host_harness *h);
/* DEVICE_STOP; returns DEVICE_STOPPED's live object count (-1 when none came) and destroys the host. */
long harness_stop(host_harness *h);
/* DEVICE_STOP without destroying, so the answers can still be read. */
long harness_stop_only(host_harness *h);
/* Destroys the host without DEVICE_STOP (after a failed start). */
void harness_destroy(host_harness *h);
/* The exit code the host asked its outbox for (finish), or -1 when it did not in time. */
int harness_wait_finished(host_harness *h, unsigned timeout_ms);
/* kv value of key in a recorded kv message, or NULL. */
char *harness_kv_get(const wudf_msg *msg, const char *key, size_t index);

#endif
