/* UTF-8 <-> UTF-16 conversions for names crossing the UMDF boundary. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

size_t wudf_utf16_length(const uint16_t *text)
{
    size_t n = 0;
    while (text[n])
        n++;
    return n;
}

/* Decodes one code point at s (n bytes left); returns bytes used (>= 1). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xe0) == 0xc0) {
        need = 1, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        need = 2, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        need = 3, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    if (need >= n) {
        *cp = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return i;
        }
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        v = 0xfffd;
    *cp = v;
    return need + 1;
}

uint16_t *wudf_utf8_to_utf16(const char *text, size_t length, size_t *units)
{
    /* One UTF-16 unit per byte at most, plus the NUL. */
    uint16_t *out = malloc((length + 1) * sizeof *out);
    if (!out)
        return NULL;
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < length;) {
        uint32_t cp;
        i += utf8_next(s + i, length - i, &cp);
        if (cp == 0)
            break;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[o++] = (uint16_t)(0xd800 | (cp >> 10));
            out[o++] = (uint16_t)(0xdc00 | (cp & 0x3ff));
        } else {
            out[o++] = (uint16_t)cp;
        }
    }
    out[o] = 0;
    if (units)
        *units = o;
    return out;
}

char *wudf_utf16_to_utf8(const uint16_t *text)
{
    size_t n = wudf_utf16_length(text);
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = text[i];
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n && text[i + 1] >= 0xdc00 && text[i + 1] <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (text[i + 1] - 0xdc00u);
            i++;
        } else if (cp >= 0xd800 && cp <= 0xdfff) {
            cp = 0xfffd;
        }
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else if (cp < 0x800) {
            out[o++] = (char)(0xc0 | (cp >> 6));
            out[o++] = (char)(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out[o++] = (char)(0xe0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
            out[o++] = (char)(0x80 | (cp & 0x3f));
        } else {
            out[o++] = (char)(0xf0 | (cp >> 18));
            out[o++] = (char)(0x80 | ((cp >> 12) & 0x3f));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
            out[o++] = (char)(0x80 | (cp & 0x3f));
        }
    }
    out[o] = '\0';
    return out;
}

int wudf_utf16_equal_nocase(const uint16_t *a, const uint16_t *b)
{
    for (;; a++, b++) {
        uint16_t x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (uint16_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint16_t)(y + 32);
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

char *wudf_text_copy(const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, text, n);
    return copy;
}
