/* The in-process reflector stand-in for host tests (test_host_harness.h). */
#include "test_host_harness.h"

#include <stdlib.h>
#include <string.h>

#include "hostdrv/testdrv_api.h"

#define BARRIER_FILE_ID 0xfffffff0u
#define BARRIER_IRP_BASE 0xb000000000000000ull

static char *copy_text(const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, text, n);
    return copy;
}

static void record(void *ctx, const wudf_msg *msg)
{
    host_harness *h = ctx;
    wudf_msg *copy = malloc(sizeof *copy + msg->payload_length);
    if (!copy)
        abort();
    *copy = *msg;
    if (msg->payload_length) {
        memcpy(copy + 1, msg->payload, msg->payload_length);
        copy->payload = (const uint8_t *)(copy + 1);
    }
    uv_mutex_lock(&h->lock);
    if (h->count == h->capacity) {
        h->capacity = h->capacity ? h->capacity * 2 : 64;
        h->messages = realloc(h->messages, h->capacity * sizeof *h->messages);
        if (!h->messages)
            abort();
    }
    h->messages[h->count++] = copy;
    uv_cond_broadcast(&h->changed);
    uv_mutex_unlock(&h->lock);
}

static void finish(void *ctx, const wudf_msg *final, int exit_code)
{
    host_harness *h = ctx;
    if (final)
        record(ctx, final);
    uv_mutex_lock(&h->lock);
    h->finished = 1;
    h->exit_code = exit_code;
    uv_cond_broadcast(&h->changed);
    uv_mutex_unlock(&h->lock);
}

static int matches(const wudf_msg *m, uint16_t type, uint64_t irp_id)
{
    return m->type == type && (irp_id == 0 || m->irp_id == irp_id);
}

const wudf_msg *harness_wait(host_harness *h, uint16_t type, uint64_t irp_id, unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    const wudf_msg *found = NULL;
    uv_mutex_lock(&h->lock);
    for (;;) {
        for (size_t i = 0; i < h->count && !found; i++)
            if (matches(h->messages[i], type, irp_id))
                found = h->messages[i];
        uint64_t now = uv_hrtime();
        if (found || now >= deadline || uv_cond_timedwait(&h->changed, &h->lock, deadline - now))
            break;
    }
    for (size_t i = 0; i < h->count && !found; i++)
        if (matches(h->messages[i], type, irp_id))
            found = h->messages[i];
    uv_mutex_unlock(&h->lock);
    return found;
}

size_t harness_count(host_harness *h, uint16_t type, uint64_t irp_id)
{
    size_t n = 0;
    uv_mutex_lock(&h->lock);
    for (size_t i = 0; i < h->count; i++)
        n += matches(h->messages[i], type, irp_id);
    uv_mutex_unlock(&h->lock);
    return n;
}

static void create_host(host_harness *h)
{
    memset(h, 0, sizeof *h);
    uv_mutex_init(&h->lock);
    uv_cond_init(&h->changed);
    h->next_barrier = BARRIER_IRP_BASE;
    wudf_outbox outbox = {record, finish, h};
    wudf_host_options options;
    memset(&options, 0, sizeof options);
    options.get_class_object = DllGetClassObject;
    options.stop_timeout_ms = 2000;
    wudf_error err;
    if (wudf_host_create_with(&h->host, &outbox, &options, &err))
        abort();
}

int32_t harness_start_kv(host_harness *h, wudf_kv *kv)
{
    create_host(h);
    uint8_t *payload;
    uint32_t length;
    wudf_error err;
    if (wudf_kv_encode(kv, &payload, &length, &err))
        abort();
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_START);
    m.device_id = 7;
    m.payload = payload;
    m.payload_length = length;
    wudf_host_submit(h->host, &m);
    free(payload);
    const wudf_msg *started = harness_wait(h, WUDF_MSG_DEVICE_STARTED, 0, HARNESS_TIMEOUT_MS);
    return started ? started->status : -1;
}

int32_t harness_start(host_harness *h, const char *const *settings)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", "ROOT\\HOSTTEST\\0000", NULL);
    wudf_kv_add(&kv, "hardware_id", "root\\hosttest", NULL);
    wudf_kv_add(&kv, "service_count", "1", NULL);
    wudf_kv_add(&kv, "service.0.name", "HostTest", NULL);
    wudf_kv_add(&kv, "service.0.clsid", TESTDRV_CLSID_TEXT, NULL);
    wudf_kv_add(&kv, "service.0.binary", "unused.dll", NULL);
    for (size_t i = 0; settings && settings[i]; i += 2) {
        char key[80];
        snprintf(key, sizeof key, "setting.%s", settings[i]);
        wudf_kv_add(&kv, key, settings[i + 1], NULL);
    }
    int32_t status = harness_start_kv(h, &kv);
    wudf_kv_free(&kv);
    return status;
}

void harness_irp(host_harness *h, uint64_t irp_id, uint8_t major, uint32_t file_id, uint32_t ioctl,
                 const void *input, uint32_t input_length, uint32_t output_length)
{
    wudf_msg m;
    wudf_msg_init_irp(&m, major, file_id, ioctl, input, input_length, output_length);
    m.irp_id = irp_id;
    m.device_id = 7;
    wudf_host_submit(h->host, &m);
}

void harness_cancel(host_harness *h, uint64_t irp_id)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_CANCEL);
    m.irp_id = irp_id;
    wudf_host_submit(h->host, &m);
}

int32_t harness_open(host_harness *h, uint64_t irp_id, uint32_t file_id, const char *name)
{
    harness_irp(h, irp_id, WUDF_IRP_MJ_CREATE, file_id, 0, name, (uint32_t)strlen(name), 0);
    const wudf_msg *done = harness_wait(h, WUDF_MSG_COMPLETE, irp_id, HARNESS_TIMEOUT_MS);
    return done ? done->status : -1;
}

void harness_barrier(host_harness *h)
{
    uint64_t id = h->next_barrier++;
    harness_irp(h, id, WUDF_IRP_MJ_READ, BARRIER_FILE_ID, 0, NULL, 0, 1);
    if (!harness_wait(h, WUDF_MSG_COMPLETE, id, HARNESS_TIMEOUT_MS))
        abort();
}

static void free_harness(host_harness *h)
{
    for (size_t i = 0; i < h->count; i++)
        free(h->messages[i]);
    free(h->messages);
    uv_cond_destroy(&h->changed);
    uv_mutex_destroy(&h->lock);
}

void harness_destroy(host_harness *h)
{
    wudf_host_destroy(h->host);
    free_harness(h);
}

long harness_stop_only(host_harness *h)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOP);
    wudf_host_submit(h->host, &m);
    const wudf_msg *stopped = harness_wait(h, WUDF_MSG_DEVICE_STOPPED, 0, HARNESS_TIMEOUT_MS * 2);
    return stopped ? (long)stopped->information : -1;
}

long harness_stop(host_harness *h)
{
    long live = harness_stop_only(h);
    harness_destroy(h);
    return live;
}

char *harness_kv_get(const wudf_msg *msg, const char *key, size_t index)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    char *value = NULL;
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, NULL) == 0) {
        size_t seen = 0;
        for (size_t i = 0; i < kv.count && !value; i++)
            if (strcmp(kv.keys[i], key) == 0 && seen++ == index)
                value = copy_text(kv.values[i]);
    }
    wudf_kv_free(&kv);
    return value;
}

int harness_wait_finished(host_harness *h, unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    uv_mutex_lock(&h->lock);
    while (!h->finished) {
        uint64_t now = uv_hrtime();
        if (now >= deadline || uv_cond_timedwait(&h->changed, &h->lock, deadline - now))
            break;
    }
    int code = h->finished ? h->exit_code : -1;
    uv_mutex_unlock(&h->lock);
    return code;
}
