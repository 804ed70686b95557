/*
 * Tool requests answered in parts (op=events, and its followers): the parts are kept in the order
 * they arrive until the caller takes them, and a lost connection ends the stream after the parts
 * that came before it.
 */
#include <stdlib.h>
#include <string.h>

#include "client_private.h"

typedef struct part {
    struct part *next;
    int32_t status;
    int last;
    uint32_t length;
    uint8_t data[];
} part;

struct wudf_tool_stream {
    struct wudf_tool_stream *next;
    wudf_client *client;
    uint64_t id;
    part *first, *tail;
    int ready;                    /* a part is waiting */
    int ended;                    /* the last part has arrived */
};

int wudf_client_stream_part(wudf_client *c, const wudf_msg *m)
{
    wudf_tool_stream *s = c->streams;
    while (s && s->id != m->irp_id)
        s = s->next;
    if (!s)
        return 0;
    if (s->ended)
        return 1; /* nothing comes after the last part */
    part *p = malloc(sizeof *p + m->payload_length);
    if (!p)
        return 1; /* the caller sees the stream go quiet; the connection stays usable */
    p->next = NULL;
    p->status = m->status;
    p->last = m->information == 0;
    p->length = m->payload_length;
    if (m->payload_length)
        memcpy(p->data, m->payload, m->payload_length);
    if (s->tail)
        s->tail->next = p;
    else
        s->first = p;
    s->tail = p;
    s->ready = 1;
    s->ended = p->last;
    return 1;
}

wudf_tool_stream *wudf_client_stream_open(wudf_client *c, const wudf_kv *request)
{
    wudf_error err;
    uint8_t *payload;
    uint32_t length;
    if (c->lost)
        return NULL;
    if (wudf_kv_encode(request, &payload, &length, &err)) {
        snprintf(c->error, sizeof c->error, "%s", err.message);
        return NULL;
    }
    wudf_tool_stream *s = calloc(1, sizeof *s);
    if (!s) {
        free(payload);
        snprintf(c->error, sizeof c->error, "out of memory");
        return NULL;
    }
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_TOOL_REQUEST);
    m.irp_id = ++c->next_id;
    m.payload = payload;
    m.payload_length = length;
    s->client = c;
    s->id = m.irp_id;
    s->next = c->streams;
    c->streams = s;
    int rc = wudf_client_send(c, &m);
    free(payload);
    if (rc) {
        wudf_client_stream_close(s);
        return NULL;
    }
    return s;
}

int wudf_client_stream_next(wudf_tool_stream *s, uint32_t timeout_ms, int32_t *status, wudf_kv *out, int *last)
{
    wudf_client *c = s->client;
    if (!s->first) {
        if (s->ended || c->lost)
            return -1;
        s->ready = 0;
        wudf_client_wait(c, &s->ready, timeout_ms);
        if (!s->first)
            return c->lost ? -1 : 0;
    }
    part *p = s->first;
    s->first = p->next;
    if (!s->first)
        s->tail = NULL;
    wudf_error err;
    int rc = wudf_kv_decode(p->data, p->length, out, &err);
    *status = p->status;
    *last = p->last;
    free(p);
    if (rc) {
        snprintf(c->error, sizeof c->error, "a malformed answer from the reflector: %s", err.message);
        return -1;
    }
    return 1;
}

void wudf_client_stream_close(wudf_tool_stream *s)
{
    if (!s)
        return;
    for (wudf_tool_stream **pp = &s->client->streams; *pp; pp = &(*pp)->next)
        if (*pp == s) {
            *pp = s->next;
            break;
        }
    while (s->first) {
        part *p = s->first;
        s->first = p->next;
        free(p);
    }
    free(s);
}
