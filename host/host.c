/*
 * The host object: threads, the framework lock, the outbox, the device's
 * settings, and small helpers every framework file uses (string copies
 * with UMDF size semantics, GUID text, one-time logs).
 */
#include "ring_server.h"
#include "stack.h"
#include "usb_hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"

int wudf_host_create(wudf_host **out, const wudf_outbox *outbox, wudf_error *err)
{
    wudf_host_options options;
    memset(&options, 0, sizeof options);
    return wudf_host_create_with(out, outbox, &options, err);
}

int wudf_host_create_with(wudf_host **out, const wudf_outbox *outbox, const wudf_host_options *options,
                          wudf_error *err)
{
    wudf_host *host = calloc(1, sizeof *host);
    if (!host)
        return wudf_error_set(err, WUDF_ENOMEM, "host: out of memory");
    host->outbox = *outbox;
    host->options = *options;
    if (!host->options.worker_threads)
        host->options.worker_threads = 4;
    if (!host->options.stop_timeout_ms)
        host->options.stop_timeout_ms = 5000;
    uv_mutex_init(&host->lock);
    uv_cond_init(&host->changed);
    atomic_init(&host->live_objects, 0);
    wudf_list_init(&host->files);
    wudf_list_init(&host->pending);
    wudf_list_init(&host->stack_sent);
    host->state = WUDF_HOST_IDLE;
    int rc = wudf_workers_start(&host->dispatcher, 1, "dispatcher", err);
    if (!rc)
        rc = wudf_workers_start(&host->workers, host->options.worker_threads, "workers", err);
    if (!rc)
        rc = wudf_usb_host_init(host, err);
    if (rc) {
        wudf_host_destroy(host);
        return rc;
    }
    *out = host;
    return 0;
}

typedef struct submitted {
    wudf_host *host;
    wudf_msg msg;
    uint8_t payload[];
} submitted;

static void run_submitted(void *arg)
{
    submitted *s = arg;
    wudf_dispatch_message(s->host, &s->msg);
    free(s);
}

void wudf_host_submit(wudf_host *host, const wudf_msg *msg)
{
    submitted *s = malloc(sizeof *s + msg->payload_length);
    if (!s) {
        wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=drop-message type=%s", wudf_msg_type_name(msg->type));
        if (msg->type == WUDF_MSG_IRP)
            wudf_host_complete_irp(host, msg->irp_id, STATUS_INSUFFICIENT_RESOURCES);
        return;
    }
    s->host = host;
    s->msg = *msg;
    if (msg->payload_length) {
        memcpy(s->payload, msg->payload, msg->payload_length);
        s->msg.payload = s->payload;
    }
    wudf_workers_post(host->dispatcher, run_submitted, s);
}

void wudf_host_destroy(wudf_host *host)
{
    if (!host)
        return;
    /* The ring threads first: they dispatch to the queues and post to the workers. */
    wudf_ring_stop(host);
    /* The dispatcher first: it may still post to the workers. */
    wudf_workers_stop(host->dispatcher);
    if (host->state == WUDF_HOST_STARTED && host->workers) {
        /* Destroyed without DEVICE_STOP (tests, a lost channel): still give the driver its teardown. */
        host->state = WUDF_HOST_STOPPED;
        wudf_pnp_teardown(host);
    }
    wudf_workers_stop(host->workers);
    for (size_t i = 0; i < host->abandoned_count; i++)
        wudf_object_release(host->abandoned[i]);
    free(host->abandoned);
    wudf_usb_host_cleanup(host);
    wudf_stack_free(host);
    wudf_property_free(host);
    free(host->instance_id);
    free(host->hardware_id);
    uv_cond_destroy(&host->changed);
    uv_mutex_destroy(&host->lock);
    free(host);
}

long wudf_host_live_objects(const wudf_host *host)
{
    return atomic_load(&host->live_objects);
}

void wudf_host_send(wudf_host *host, const wudf_msg *msg)
{
    /* Every message of this host names its devnode, so the reflector can check it. */
    wudf_msg m = *msg;
    if (!m.device_id)
        m.device_id = host->device_id;
    host->outbox.send(host->outbox.ctx, &m);
}

void wudf_host_send_final(wudf_host *host, const wudf_msg *msg, int exit_code)
{
    wudf_msg m = *msg;
    if (!m.device_id)
        m.device_id = host->device_id;
    host->outbox.finish(host->outbox.ctx, &m, exit_code);
}

void wudf_host_send_event(wudf_host *host, const wudf_kv *kv)
{
    wudf_error err;
    uint8_t *payload;
    uint32_t length;
    if (wudf_kv_encode(kv, &payload, &length, &err)) {
        wudf_log(WUDF_LOG_ERROR, "host-event-failed", "device=%s reason=\"%s\"", host->instance_id, err.message);
        return;
    }
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_HOST_EVENT);
    m.payload = payload;
    m.payload_length = length;
    wudf_host_send(host, &m);
    free(payload);
}

void wudf_host_complete_irp(wudf_host *host, uint64_t irp_id, NTSTATUS status)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = irp_id;
    m.status = status;
    wudf_host_send(host, &m);
}

static atomic_long driver_bugs;

long wudf_driver_bug_count(void)
{
    return atomic_load(&driver_bugs);
}

void wudf_driver_bug(const char *what, const char *detail)
{
    char q[256];
    atomic_fetch_add(&driver_bugs, 1);
    wudf_log(WUDF_LOG_ERROR, "driver-bug", "bug=%s detail=%s", what, wudf_log_quote(q, sizeof q, detail));
}

HRESULT wudf_copy_string_out(const WCHAR *source, PWSTR buffer, DWORD *size_in_chars)
{
    if (!size_in_chars)
        return E_POINTER;
    size_t needed = wudf_utf16_length(source) + 1;
    if (!buffer) {
        /* The driver asks how much to allocate. */
        *size_in_chars = (DWORD)needed;
        return S_OK;
    }
    if (*size_in_chars < needed) {
        *size_in_chars = (DWORD)needed;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    memcpy(buffer, source, needed * sizeof(WCHAR));
    *size_in_chars = (DWORD)needed;
    return S_OK;
}

HRESULT wudf_copy_utf8_out(const char *source, PWSTR buffer, DWORD *size_in_chars)
{
    WCHAR *wide = wudf_utf8_to_utf16(source, strlen(source), NULL);
    if (!wide)
        return E_OUTOFMEMORY;
    HRESULT hr = wudf_copy_string_out(wide, buffer, size_in_chars);
    free(wide);
    return hr;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads digits hex digits at *p into *value. */
static int read_hex(const char **p, int digits, uint64_t *value)
{
    uint64_t v = 0;
    for (int i = 0; i < digits; i++) {
        int h = hex_value((*p)[i]);
        if (h < 0)
            return -1;
        v = (v << 4) | (uint64_t)h;
    }
    *p += digits;
    *value = v;
    return 0;
}

int wudf_guid_parse(const char *text, GUID *guid)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    uint64_t v[5];
    const char *p = text;
    if (strlen(text) != 38 || *p++ != '{')
        return -1;
    for (int i = 0; i < 5; i++) {
        if (read_hex(&p, groups[i], &v[i]))
            return -1;
        if (*p++ != (i == 4 ? '}' : '-'))
            return -1;
    }
    guid->Data1 = (uint32_t)v[0];
    guid->Data2 = (uint16_t)v[1];
    guid->Data3 = (uint16_t)v[2];
    guid->Data4[0] = (uint8_t)(v[3] >> 8);
    guid->Data4[1] = (uint8_t)v[3];
    for (int i = 0; i < 6; i++)
        guid->Data4[2 + i] = (uint8_t)(v[4] >> (40 - 8 * i));
    return 0;
}

void wudf_guid_format(const GUID *g, char out[39])
{
    snprintf(out, 39, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", (unsigned)g->Data1, g->Data2, g->Data3,
             g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6],
             g->Data4[7]);
}
