/*
 * A device's custom events (IWDFDevice::PostEvent) for an application, as RegisterDeviceNotification
 * with DBT_DEVTYP_HANDLE delivers them (DBT_CUSTOMEVENT): registered on an open file, kept in arrival
 * order until wudf_get_custom_event takes them. What the reflector sends is checked like any of its
 * messages; a malformed event is dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "client_private.h"

#define MAX_REGISTRATIONS 64u  /* the reflector's bound per connection */
#define MAX_WAITING 256u       /* events kept untaken; later ones are dropped, as Windows may lose them */

typedef struct waiting_event {
    struct waiting_event *next;
    wudf_custom_event event;
    uint8_t data[];
} waiting_event;

typedef struct custom_events {
    wudf_handle files[MAX_REGISTRATIONS];
    unsigned file_count;
    waiting_event *first, *last;
    unsigned waiting;
    int arrived;                 /* set when an event is queued: what wudf_get_custom_event waits on */
} custom_events;

static custom_events *events_of(wudf_client *c)
{
    if (!c->custom_events)
        c->custom_events = calloc(1, sizeof *c->custom_events);
    return c->custom_events;
}

static int registered(const custom_events *e, wudf_handle file)
{
    for (unsigned i = 0; e && i < e->file_count; i++)
        if (e->files[i] == file)
            return 1;
    return 0;
}

static void unregister_locally(custom_events *e, wudf_handle file)
{
    for (unsigned i = 0; e && i < e->file_count; i++)
        if (e->files[i] == file) {
            e->files[i] = e->files[--e->file_count];
            return;
        }
}

static int hex_value(char ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                    : -1;
}

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" */
static int guid_text(const char *g)
{
    if (!g || strlen(g) != 38 || g[0] != '{' || g[37] != '}')
        return 0;
    for (int i = 1; i < 37; i++)
        if ((i == 9 || i == 14 || i == 19 || i == 24) ? g[i] != '-' : hex_value(g[i]) < 0)
            return 0;
    return 1;
}

void wudf_client_custom_event(wudf_client *c, const wudf_msg *m)
{
    custom_events *e = c->custom_events;
    wudf_kv kv;
    wudf_kv_init(&kv);
    uint64_t file = 0, size = 0;
    const char *event = NULL, *guid = NULL, *offset = NULL;
    int ok = !wudf_kv_decode(m->payload, m->payload_length, &kv, NULL);
    if (ok) {
        event = wudf_kv_get(&kv, "event");
        guid = wudf_kv_get(&kv, "guid");
        offset = wudf_kv_get(&kv, "name_offset");
        ok = event && strcmp(event, "custom") == 0 && !wudf_kv_get_u64(&kv, "file", &file, NULL) &&
             file <= UINT32_MAX && guid_text(guid) && !wudf_kv_get_u64(&kv, "size", &size, NULL) &&
             size <= WUDF_CUSTOM_EVENT_MAX_DATA && offset && strcmp(offset, "-1") == 0;
    }
    /* Not registered (any more), or too many waiting: dropped, as an event may be lost on Windows. */
    waiting_event *w = ok && registered(e, (wudf_handle)file) && e->waiting < MAX_WAITING
                           ? malloc(sizeof *w + (size_t)size)
                           : NULL;
    if (w && wudf_kv_get_hex(&kv, "data", w->data, (uint32_t)size)) {
        free(w);
        w = NULL;
    }
    if (w) {
        memset(&w->event, 0, sizeof w->event);
        w->next = NULL;
        w->event.file = (wudf_handle)file;
        memcpy(w->event.guid, guid, 39);
        w->event.name_offset = -1;
        w->event.size = (uint32_t)size;
        if (e->last)
            e->last->next = w;
        else
            e->first = w;
        e->last = w;
        e->waiting++;
        e->arrived = 1;
    }
    wudf_kv_free(&kv);
}

wudf_status wudf_register_custom_events(wudf_client *c, wudf_handle file, uint32_t timeout_ms)
{
    if (!wudf_client_has_file(c, file))
        return WUDF_STATUS_INVALID_HANDLE;
    custom_events *e = events_of(c);
    if (!e)
        return WUDF_STATUS_INSUFFICIENT_RESOURCES;
    if (registered(e, file))
        return WUDF_STATUS_SUCCESS;
    if (e->file_count >= MAX_REGISTRATIONS)
        return WUDF_STATUS_INSUFFICIENT_RESOURCES;
    /* Registered here first: an event posted as soon as the reflector has the registration is kept. */
    e->files[e->file_count++] = file;
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_status st = wudf_kv_add(&kv, "event", "register-custom", NULL) ||
                             wudf_kv_addf(&kv, NULL, "file", "%u", (unsigned)file)
                         ? WUDF_STATUS_INSUFFICIENT_RESOURCES
                         : wudf_client_request_kv(c, WUDF_MSG_REMOTE_EVENT, &kv, timeout_ms);
    wudf_kv_free(&kv);
    if (st < 0)
        unregister_locally(e, file);
    return st;
}

wudf_status wudf_unregister_custom_events(wudf_client *c, wudf_handle file, uint32_t timeout_ms)
{
    if (!registered(c->custom_events, file))
        return WUDF_STATUS_INVALID_HANDLE;
    unregister_locally(c->custom_events, file);
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_status st = wudf_kv_add(&kv, "event", "unregister-custom", NULL) ||
                             wudf_kv_addf(&kv, NULL, "file", "%u", (unsigned)file)
                         ? WUDF_STATUS_INSUFFICIENT_RESOURCES
                         : wudf_client_request_kv(c, WUDF_MSG_REMOTE_EVENT, &kv, timeout_ms);
    wudf_kv_free(&kv);
    return st;
}

wudf_status wudf_get_custom_event(wudf_client *c, wudf_custom_event *event, void *data, uint32_t length,
                                  uint32_t timeout_ms)
{
    custom_events *e = c->custom_events;
    if (!event)
        return WUDF_STATUS_INVALID_PARAMETER;
    if (e && !e->first && !wudf_client_lost(c)) {
        e->arrived = 0;
        wudf_client_wait(c, &e->arrived, timeout_ms);
    }
    waiting_event *w = e ? e->first : NULL;
    if (!w)
        return wudf_client_lost(c) ? WUDF_STATUS_PIPE_BROKEN : WUDF_STATUS_IO_TIMEOUT;
    *event = w->event;
    if (w->event.size > length || (w->event.size && !data))
        return WUDF_STATUS_BUFFER_TOO_SMALL; /* it stays first: ask again with room for event->size bytes */
    if (w->event.size)
        memcpy(data, w->data, w->event.size);
    e->first = w->next;
    if (!e->first)
        e->last = NULL;
    e->waiting--;
    free(w);
    return WUDF_STATUS_SUCCESS;
}

void wudf_client_events_forget(wudf_client *c, wudf_handle file)
{
    custom_events *e = c->custom_events;
    if (!e)
        return;
    unregister_locally(e, file);
    for (waiting_event **pp = &e->first; *pp;) {
        waiting_event *w = *pp;
        if (w->event.file != file) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        e->waiting--;
        free(w);
    }
    e->last = NULL;
    for (waiting_event *w = e->first; w; w = w->next)
        e->last = w;
}

void wudf_client_events_free(wudf_client *c)
{
    custom_events *e = c->custom_events;
    while (e && e->first) {
        waiting_event *w = e->first;
        e->first = w->next;
        free(w);
    }
    free(e);
    c->custom_events = NULL;
}
