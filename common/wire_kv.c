/* Key/value payloads: configuration, events and tool records on the wire. */
#include "wire.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire_bytes.h"

void wudf_kv_init(wudf_kv *kv)
{
    memset(kv, 0, sizeof *kv);
}

void wudf_kv_free(wudf_kv *kv)
{
    for (size_t i = 0; i < kv->count; i++) {
        free(kv->keys[i]);
        free(kv->values[i]);
    }
    free(kv->keys);
    free(kv->values);
    wudf_kv_init(kv);
}

static int check_key(const char *key, size_t length, wudf_error *err)
{
    if (length == 0 || length > WUDF_KV_MAX_KEY)
        return wudf_error_set(err, WUDF_EPROTO, "kv: key length %zu outside 1..%u", length, WUDF_KV_MAX_KEY);
    for (size_t i = 0; i < length; i++) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return wudf_error_set(err, WUDF_EPROTO, "kv: key has character 0x%02x outside [a-z0-9_.-]",
                                  (unsigned char)c);
    }
    return 0;
}

static int check_value(const char *value, size_t length, wudf_error *err)
{
    if (length > WUDF_KV_MAX_VALUE)
        return wudf_error_set(err, WUDF_ETOOBIG, "kv: value of %zu bytes exceeds %u", length, WUDF_KV_MAX_VALUE);
    if (memchr(value, 0, length))
        return wudf_error_set(err, WUDF_EPROTO, "kv: value contains a NUL byte");
    return 0;
}

static int append(wudf_kv *kv, const char *key, size_t key_length, const char *value, size_t value_length,
                  wudf_error *err)
{
    if (kv->count >= WUDF_KV_MAX_ENTRIES)
        return wudf_error_set(err, WUDF_ETOOBIG, "kv: more than %u entries", WUDF_KV_MAX_ENTRIES);
    if (kv->count == kv->capacity) {
        size_t cap = kv->capacity ? kv->capacity * 2 : 16;
        char **keys = realloc(kv->keys, cap * sizeof *keys);
        if (!keys)
            return wudf_error_set(err, WUDF_ENOMEM, "kv: out of memory");
        kv->keys = keys;
        char **values = realloc(kv->values, cap * sizeof *values);
        if (!values)
            return wudf_error_set(err, WUDF_ENOMEM, "kv: out of memory");
        kv->values = values;
        kv->capacity = cap;
    }
    char *k = malloc(key_length + 1);
    char *v = malloc(value_length + 1);
    if (!k || !v) {
        free(k);
        free(v);
        return wudf_error_set(err, WUDF_ENOMEM, "kv: out of memory");
    }
    memcpy(k, key, key_length);
    k[key_length] = '\0';
    memcpy(v, value, value_length);
    v[value_length] = '\0';
    kv->keys[kv->count] = k;
    kv->values[kv->count] = v;
    kv->count++;
    return 0;
}

int wudf_kv_add(wudf_kv *kv, const char *key, const char *value, wudf_error *err)
{
    size_t kl = strlen(key), vl = strlen(value);
    int rc = check_key(key, kl, err);
    if (!rc)
        rc = check_value(value, vl, err);
    return rc ? rc : append(kv, key, kl, value, vl, err);
}

int wudf_kv_addf(wudf_kv *kv, wudf_error *err, const char *key, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return wudf_error_set(err, WUDF_EINVAL, "kv: bad format for key %s", key);
    if ((size_t)n < sizeof small)
        return wudf_kv_add(kv, key, small, err);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return wudf_error_set(err, WUDF_ENOMEM, "kv: out of memory");
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = wudf_kv_add(kv, key, big, err);
    free(big);
    return rc;
}

const char *wudf_kv_get_from(const wudf_kv *kv, size_t from, const char *key)
{
    for (size_t i = from; i < kv->count; i++)
        if (strcmp(kv->keys[i], key) == 0)
            return kv->values[i];
    return NULL;
}

const char *wudf_kv_get(const wudf_kv *kv, const char *key)
{
    return wudf_kv_get_from(kv, 0, key);
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int wudf_kv_get_hex(const wudf_kv *kv, const char *key, uint8_t *out, size_t size)
{
    size_t at = 0;
    for (size_t i = 0; i < kv->count; i++) {
        if (strcmp(kv->keys[i], key) != 0)
            continue;
        const char *v = kv->values[i];
        size_t n = strlen(v);
        if (n % 2 || n / 2 > size - at)
            return -1;
        for (size_t k = 0; k < n; k += 2) {
            int hi = hex_digit(v[k]), lo = hex_digit(v[k + 1]);
            if (hi < 0 || lo < 0)
                return -1;
            out[at++] = (uint8_t)(hi << 4 | lo);
        }
    }
    return at == size ? 0 : -1;
}

int wudf_kv_get_u64(const wudf_kv *kv, const char *key, uint64_t *value, wudf_error *err)
{
    const char *s = wudf_kv_get(kv, key);
    if (!s)
        return wudf_error_set(err, WUDF_ENOTFOUND, "kv: missing key %s", key);
    if (!*s || strlen(s) > 20)
        return wudf_error_set(err, WUDF_EPROTO, "kv: %s is not a number: '%s'", key, s);
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return wudf_error_set(err, WUDF_EPROTO, "kv: %s is not a number: '%s'", key, s);
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return wudf_error_set(err, WUDF_EPROTO, "kv: %s overflows: '%s'", key, s);
        v = v * 10 + d;
    }
    *value = v;
    return 0;
}

size_t wudf_kv_encoded_size(const wudf_kv *kv)
{
    size_t n = 4;
    for (size_t i = 0; i < kv->count; i++)
        n += 6 + strlen(kv->keys[i]) + strlen(kv->values[i]);
    return n;
}

int wudf_kv_encode(const wudf_kv *kv, uint8_t **out, uint32_t *length, wudf_error *err)
{
    size_t n = wudf_kv_encoded_size(kv);
    if (n > WUDF_MSG_MAX_PAYLOAD)
        return wudf_error_set(err, WUDF_ETOOBIG, "kv: %zu bytes exceed the payload maximum %u", n,
                              WUDF_MSG_MAX_PAYLOAD);
    uint8_t *buf = malloc(n), *p = buf;
    if (!buf)
        return wudf_error_set(err, WUDF_ENOMEM, "kv: out of memory");
    wudf_put32(p, (uint32_t)kv->count);
    p += 4;
    for (size_t i = 0; i < kv->count; i++) {
        size_t kl = strlen(kv->keys[i]), vl = strlen(kv->values[i]);
        wudf_put16(p, (uint16_t)kl);
        wudf_put32(p + 2, (uint32_t)vl);
        memcpy(p + 6, kv->keys[i], kl);
        memcpy(p + 6 + kl, kv->values[i], vl);
        p += 6 + kl + vl;
    }
    *out = buf;
    *length = (uint32_t)n;
    return 0;
}

/* Walks a payload; with kv, copies the entries out. */
static int walk(const uint8_t *data, size_t length, wudf_kv *kv, wudf_error *err)
{
    if (length < 4)
        return wudf_error_set(err, WUDF_EPROTO, "kv: payload of %zu bytes has no entry count", length);
    uint32_t count = wudf_le32(data);
    if (count > WUDF_KV_MAX_ENTRIES)
        return wudf_error_set(err, WUDF_ETOOBIG, "kv: %u entries exceed the maximum %u", (unsigned)count,
                              WUDF_KV_MAX_ENTRIES);
    size_t pos = 4;
    for (uint32_t i = 0; i < count; i++) {
        if (length - pos < 6)
            return wudf_error_set(err, WUDF_EPROTO, "kv: entry %u truncated at byte %zu", (unsigned)i, pos);
        size_t kl = wudf_le16(data + pos), vl = wudf_le32(data + pos + 2);
        pos += 6;
        if (kl > length - pos || vl > length - pos - kl)
            return wudf_error_set(err, WUDF_EPROTO,
                                  "kv: entry %u claims %zu+%zu bytes but only %zu remain", (unsigned)i, kl, vl,
                                  length - pos);
        const char *k = (const char *)data + pos, *v = k + kl;
        int rc = check_key(k, kl, err);
        if (!rc)
            rc = check_value(v, vl, err);
        if (!rc && kv)
            rc = append(kv, k, kl, v, vl, err);
        if (rc)
            return rc;
        pos += kl + vl;
    }
    if (pos != length)
        return wudf_error_set(err, WUDF_EPROTO, "kv: %zu trailing bytes after %u entries", length - pos,
                              (unsigned)count);
    return 0;
}

int wudf_kv_decode(const uint8_t *data, size_t length, wudf_kv *kv, wudf_error *err)
{
    size_t before = kv->count;
    int rc = walk(data, length, kv, err);
    if (rc) {
        /* Never leave a half-decoded list behind. */
        while (kv->count > before) {
            kv->count--;
            free(kv->keys[kv->count]);
            free(kv->values[kv->count]);
        }
    }
    return rc;
}

int wudf_kv_validate(const uint8_t *data, size_t length, wudf_error *err)
{
    return walk(data, length, NULL, err);
}
