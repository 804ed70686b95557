/* Cuts a byte stream into whole messages, refusing impossible sizes early. */
#include "wire.h"

#include <stdlib.h>
#include <string.h>

void wudf_framer_init(wudf_framer *f)
{
    memset(f, 0, sizeof *f);
}

void wudf_framer_free(wudf_framer *f)
{
    free(f->buffer);
    wudf_framer_init(f);
}

int wudf_framer_reserve(wudf_framer *f, size_t want, uint8_t **space, size_t *space_length, wudf_error *err)
{
    if (f->start) {
        /* Consumed bytes are dropped before growing. */
        memmove(f->buffer, f->buffer + f->start, f->length - f->start);
        f->length -= f->start;
        f->start = 0;
    }
    /* A fresh framer gets a buffer even for want 0: the space returned is never NULL. */
    if (!f->buffer || f->capacity - f->length < want) {
        size_t cap = f->capacity ? f->capacity : 4096;
        while (cap - f->length < want)
            cap *= 2;
        if (cap > WUDF_MSG_MAX_SIZE * 2 + want)
            return wudf_error_set(err, WUDF_ETOOBIG, "framer: buffer would exceed %zu bytes", cap);
        uint8_t *b = realloc(f->buffer, cap);
        if (!b)
            return wudf_error_set(err, WUDF_ENOMEM, "framer: out of memory for %zu bytes", cap);
        f->buffer = b;
        f->capacity = cap;
    }
    *space = f->buffer + f->length;
    *space_length = f->capacity - f->length;
    return 0;
}

void wudf_framer_commit(wudf_framer *f, size_t length)
{
    f->length += length;
}

size_t wudf_framer_pending(const wudf_framer *f)
{
    return f->length - f->start;
}

void wudf_framer_shrink(wudf_framer *f, size_t keep)
{
    if (f->length == f->start && f->capacity > keep) {
        free(f->buffer);
        wudf_framer_init(f);
    }
}

int wudf_framer_push(wudf_framer *f, const void *data, size_t length, wudf_error *err)
{
    if (length == 0)
        return 0; /* data may be NULL then */
    uint8_t *space = NULL;
    size_t cap = 0;
    int rc = wudf_framer_reserve(f, length, &space, &cap, err);
    if (rc)
        return rc;
    memcpy(space, data, length);
    wudf_framer_commit(f, length);
    return 0;
}

int wudf_framer_next(wudf_framer *f, wudf_msg *msg, wudf_error *err)
{
    size_t avail = f->length - f->start;
    if (avail < 4)
        return 0;
    uint32_t size = 0;
    if (wudf_msg_peek_size(f->buffer + f->start, avail, &size, err))
        return -1;
    if (avail < size)
        return 0;
    if (wudf_msg_decode(f->buffer + f->start, size, msg, err))
        return -1;
    f->start += size;
    if (f->start == f->length)
        f->start = f->length = 0;
    return 1;
}
