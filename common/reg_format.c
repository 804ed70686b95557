/* wudf_reg_entry's text form out (reg_store.h): the escaped form of the wire and the store, and
 * the plain form wudfctl shows; copies. */
#include "reg_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

typedef struct text_buf {
    char *data;
    size_t length, capacity;
    int failed;
} text_buf;

static void put(text_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->length + n + 1 > b->capacity) {
        size_t cap = b->capacity ? b->capacity : 128;
        while (b->length + n + 1 > cap)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->capacity = cap;
    }
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
}

static void put_escaped(text_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' || c == ';' || c == ',' || c < 0x20 || c == 0x7f) {
            char esc[4];
            snprintf(esc, sizeof esc, "%%%02X", c);
            put(b, esc, 3);
        } else {
            put(b, s + i, 1);
        }
    }
}

static unsigned long long number_of(const wudf_reg_entry *e)
{
    unsigned long long v = 0;
    for (size_t i = e->size; i > 0; i--)
        v = (v << 8) | e->data[i - 1];
    return v;
}

/* The data part; escape: the text form, else as wudfctl shows it. */
static void put_data(text_buf *b, const wudf_reg_entry *e, int escape)
{
    wudf_reg_kind k = wudf_reg_kind_of(e);
    char num[32];
    if (k == WUDF_REG_KIND_KEY) {
        if (e->is_volatile)
            put(b, "volatile", 8);
    } else if (k == WUDF_REG_KIND_TEXT) {
        if (escape)
            put_escaped(b, (const char *)e->data, e->size);
        else
            put(b, (const char *)e->data, e->size);
    } else if (k == WUDF_REG_KIND_LIST) {
        for (size_t at = 0; at < e->size;) {
            const char *item = (const char *)e->data + at;
            size_t len = strlen(item);
            if (at)
                put(b, escape ? "," : ", ", escape ? 1 : 2);
            if (escape)
                put_escaped(b, item, len);
            else
                put(b, item, len);
            at += len + 1;
        }
    } else if (k == WUDF_REG_KIND_NUMBER && (e->size == 4 || e->size == 8)) {
        int n = snprintf(num, sizeof num, escape ? "%llu" : "%llu (0x%llx)", number_of(e), number_of(e));
        put(b, num, (size_t)n);
    } else {
        for (size_t i = 0; i < e->size; i++) {
            snprintf(num, sizeof num, "%02x", e->data[i]);
            put(b, num, 2);
        }
    }
}

char *wudf_reg_entry_format(const wudf_reg_entry *e)
{
    text_buf b = {0};
    char type[12];
    put_escaped(&b, e->path, strlen(e->path));
    put(&b, ";", 1);
    if (e->name)
        put_escaped(&b, e->name, strlen(e->name));
    put(&b, ";", 1);
    const char *t = wudf_reg_type_name(e, type);
    put(&b, t, strlen(t));
    put(&b, ";", 1);
    put_data(&b, e, 1);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    return b.data;
}

void wudf_reg_data_text(const wudf_reg_entry *e, char *buf, size_t size)
{
    text_buf b = {0};
    put(&b, "", 0);
    put_data(&b, e, 0);
    snprintf(buf, size, "%s", b.failed || !b.data ? "" : b.data);
    free(b.data);
}

void wudf_reg_entry_free(wudf_reg_entry *e)
{
    free(e->path);
    free(e->name);
    free(e->data);
    memset(e, 0, sizeof *e);
}

int wudf_reg_entry_copy(wudf_reg_entry *dst, const wudf_reg_entry *src)
{
    *dst = *src;
    dst->path = dup_text(src->path);
    dst->name = src->name ? dup_text(src->name) : NULL;
    dst->data = src->size ? malloc(src->size) : NULL;
    if (!dst->path || (src->name && !dst->name) || (src->size && !dst->data)) {
        wudf_reg_entry_free(dst);
        return -1;
    }
    if (src->size)
        memcpy(dst->data, src->data, src->size);
    return 0;
}
