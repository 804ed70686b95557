/*
 * Custom device events: a host's HOST_EVENT event=custom, sent when its driver
 * calls IWDFDevice::PostEvent. Windows hands such an event to applications
 * that registered for notifications on the device's handle (DBT_CUSTOMEVENT).
 * Here an event is checked, counted in the device's status, and sent to the
 * remote files other hosts hold open on the device (their drivers'
 * IRemoteInterfaceCallbackEvent, reflector/remote_interface.c) and to the
 * applications registered on an open file of the device
 * (wudf_register_custom_events, a client's REMOTE_EVENT
 * event=register-custom); the log line says how many it went to. A malformed
 * one is logged as refused. The host is untrusted: every field is checked
 * against what PostEvent allows; so is what a client asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inf.h"
#include "reflector.h"
#include "remote.h"

/* PostEvent's bound on the data: 0xFFFF - FIELD_OFFSET(TARGET_DEVICE_CUSTOM_NOTIFICATION, CustomDataBuffer),
 * 36 on 64-bit Windows (host/device_event.c checks the same before sending). */
#define CUSTOM_EVENT_MAX_DATA (0xFFFFu - 36u)
/* Application registrations: one per open file, at most this many per connection and in all. */
#define CLIENT_REGISTRATIONS_PER_CONN 64u
#define CLIENT_REGISTRATIONS_MAX 4096u

/* An application's registration on one of its open files (RegisterDeviceNotification, DBT_DEVTYP_HANDLE).
 * Its connection and file are looked up again when used: a registration whose connection or file went
 * is dropped then, so nothing has to tell this file when they go. */
typedef struct registration {
    wudf_list link;
    wudf_conn *conn;
    uint64_t serial;   /* conn's: a new connection at the same address is not this one */
    uint32_t file_id;  /* the client's */
} registration;

static wudf_list registrations = {&registrations, &registrations};
static unsigned registration_count;

static int hex_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return 1;
}

/* The event's size, or a reason it is refused. */
static const char *check(const wudf_kv *kv, char guid[WUDF_INF_GUID_SIZE], unsigned long *size)
{
    const char *g = wudf_kv_get(kv, "guid"), *type = wudf_kv_get(kv, "type"), *text = wudf_kv_get(kv, "size");
    if (!g || !wudf_inf_parse_guid(g, guid))
        return "no {GUID}";
    if (!type || strcmp(type, "broadcast") != 0)
        return "not a broadcast event";
    char *end = NULL;
    *size = text && text[0] >= '0' && text[0] <= '9' ? strtoul(text, &end, 10) : 0;
    if (!end || *end || *size > CUSTOM_EVENT_MAX_DATA)
        return "size missing or beyond PostEvent's bound";
    size_t digits = 0;
    for (size_t i = 0; i < kv->count; i++) {
        if (strcmp(kv->keys[i], "data") != 0)
            continue;
        size_t n = strlen(kv->values[i]);
        if (n % 2 || !hex_digits(kv->values[i], n))
            return "data is not hex bytes";
        digits += n;
        if (digits / 2 > *size)
            break;
    }
    return digits == 2 * (size_t)*size ? NULL : "data does not have size bytes";
}

/* The open file a registration names, or NULL when its connection or file went. */
static wudf_file *registered_file(const registration *r)
{
    wudf_list *pos;
    for (pos = g_reflector->conns.next; pos != &g_reflector->conns; pos = pos->next)
        if (WUDF_CONTAINER_OF(pos, wudf_conn, link) == r->conn)
            break;
    if (pos == &g_reflector->conns || r->conn->serial != r->serial || r->conn->closing)
        return NULL;
    for (wudf_list *f = r->conn->files.next; f != &r->conn->files; f = f->next) {
        wudf_file *file = WUDF_CONTAINER_OF(f, wudf_file, conn_link);
        if (file->client_file_id == r->file_id)
            return file->open && !file->closing ? file : NULL;
    }
    return NULL;
}

static void drop(registration *r)
{
    wudf_list_remove(&r->link);
    registration_count--;
    free(r);
}

/* Drops the registrations that outlived their file; counts c's own and finds the one on file_id. */
static registration *sweep(const wudf_conn *c, uint32_t file_id, unsigned *of_conn)
{
    registration *found = NULL;
    *of_conn = 0;
    for (wudf_list *pos = registrations.next, *next; pos != &registrations; pos = next) {
        next = pos->next;
        registration *r = WUDF_CONTAINER_OF(pos, registration, link);
        if (!registered_file(r)) {
            drop(r);
            continue;
        }
        if (r->conn == c) {
            (*of_conn)++;
            if (r->file_id == file_id)
                found = r;
        }
    }
    return found;
}

static void answer(wudf_conn *c, uint64_t irp_id, int32_t status)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = irp_id;
    m.status = status;
    wudf_conn_send(c, &m);
}

void wudf_custom_event_client(wudf_conn *c, const wudf_msg *msg)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, &err)) {
        wudf_kv_free(&kv);
        wudf_conn_close(c, err.message);
        return;
    }
    const char *event = wudf_kv_get(&kv, "event");
    int on = event && strcmp(event, "register-custom") == 0;
    uint64_t file_id = 0;
    if ((!on && (!event || strcmp(event, "unregister-custom") != 0)) || wudf_kv_get_u64(&kv, "file", &file_id, NULL) ||
        file_id > UINT32_MAX) {
        wudf_kv_free(&kv);
        answer(c, msg->irp_id, WUDF_STATUS_INVALID_PARAMETER);
        return;
    }
    wudf_kv_free(&kv);
    unsigned of_conn;
    registration *r = sweep(c, (uint32_t)file_id, &of_conn);
    registration probe = {.conn = c, .serial = c->serial, .file_id = (uint32_t)file_id};
    int32_t status = WUDF_STATUS_SUCCESS;
    if (!on) {
        if (r)
            drop(r);
        else
            status = WUDF_STATUS_INVALID_HANDLE;
    } else if (!r) {
        if (!registered_file(&probe))
            status = WUDF_STATUS_INVALID_HANDLE;
        else if (of_conn >= CLIENT_REGISTRATIONS_PER_CONN || registration_count >= CLIENT_REGISTRATIONS_MAX ||
                 !(r = malloc(sizeof *r)))
            status = WUDF_STATUS_INSUFFICIENT_RESOURCES;
        else {
            *r = probe;
            wudf_list_add_tail(&registrations, &r->link);
            registration_count++;
        }
    }
    wudf_file *file = status == WUDF_STATUS_SUCCESS && on ? registered_file(&probe) : NULL;
    wudf_log(status == WUDF_STATUS_SUCCESS ? WUDF_LOG_INFO : WUDF_LOG_WARN, "custom-event-registration",
             "conn=%llu file=%u device=%s register=%d status=%s", (unsigned long long)c->serial, (unsigned)file_id,
             file ? file->devnode->instance_id : "-", on, wudf_status_name(status));
    answer(c, msg->irp_id, status);
}

/* To every application registered on an open file of d (the device's current host). */
static unsigned to_applications(wudf_devnode *d, const wudf_kv *event)
{
    unsigned told = 0;
    unsigned ignored;
    sweep(NULL, 0, &ignored);
    for (wudf_list *pos = registrations.next; pos != &registrations; pos = pos->next) {
        registration *r = WUDF_CONTAINER_OF(pos, registration, link);
        wudf_file *file = registered_file(r);
        if (!file || file->devnode != d || file->generation != d->generation)
            continue;
        wudf_kv kv;
        wudf_kv_init(&kv);
        /* NameBufferOffset: PostEvent's events carry no string. */
        int rc = wudf_kv_add(&kv, "event", "custom", NULL) ||
                 wudf_kv_addf(&kv, NULL, "file", "%u", (unsigned)r->file_id) ||
                 wudf_kv_add(&kv, "name_offset", "-1", NULL);
        for (size_t i = 0; !rc && i < event->count; i++)
            if (strcmp(event->keys[i], "guid") == 0 || strcmp(event->keys[i], "size") == 0 ||
                strcmp(event->keys[i], "data") == 0)
                rc = wudf_kv_add(&kv, event->keys[i], event->values[i], NULL);
        if (!rc && wudf_conn_send_kv(r->conn, WUDF_MSG_REMOTE_EVENT, 0, 0, &kv) == 0)
            told++;
        wudf_kv_free(&kv);
    }
    return told;
}

void wudf_custom_event(wudf_devnode *d, const wudf_kv *kv)
{
    char guid[WUDF_INF_GUID_SIZE];
    unsigned long size = 0;
    const char *refused = check(kv, guid, &size);
    if (refused) {
        wudf_log(WUDF_LOG_WARN, "custom-event-refused", "device=%s reason=\"%s\"", d->instance_id, refused);
        return;
    }
    d->custom_events++;
    snprintf(d->last_custom_event, sizeof d->last_custom_event, "%s", guid);
    unsigned delivered = wudf_remote_custom_event(d, kv) + to_applications(d, kv);
    wudf_log(WUDF_LOG_INFO, "custom-event", "device=%s guid=%s type=broadcast size=%lu delivered=%u", d->instance_id,
             guid, size, delivered);
}

int wudf_custom_event_status(const wudf_devnode *d, wudf_kv *kv, wudf_error *err)
{
    int rc = wudf_kv_addf(kv, err, "custom_events", "%u", d->custom_events);
    return rc ? rc : wudf_kv_add(kv, "last_custom_event", d->last_custom_event, err);
}
