/*
 * printf formatting with MSVC's rules, for the WDK shims (strsafe.h and the wide printf family on
 * Linux, WPP trace messages everywhere). glibc's printf knows neither %I64d nor MSVC's meaning of %S,
 * and its %ls reads 32-bit wchar_t; this formatter reads and writes 16-bit UTF-16 code units.
 *
 * The rules, as MSVC's printf family has them:
 *   - %s and %c take the function's own character type: char in the A functions (and in WPP
 *     messages), WCHAR in the W functions; %S and %C take the other one. %hs/%hc are always narrow,
 *     %ls/%lc/%ws/%wc always wide. Narrow strings are UTF-8 and are converted to UTF-16 in wide
 *     output and back; a NULL string prints "(null)". A precision counts the argument's code units.
 *   - integer sizes: hh, h, none (int), l (32 bits, as LONG on Windows), ll, I64 and q (64 bits), I32,
 *     I, z, t (pointer-sized), j (intmax_t); conversions d i u o x X; %p prints the pointer as
 *     2 * sizeof(void *) upper-case hex digits without a prefix.
 *   - flags - + space # 0, width and precision (also as *), floating point e E f F g G a A
 *     (L: long double); %% is a percent sign.
 *   - %n is refused (MSVC disables it too), as is any unknown conversion: the call reports an
 *     invalid format and formatting stops there.
 * Only WPP passes an extension callback, which handles %!NAME!.
 *
 * Static functions only: nothing to link; a translation unit keeps only what it calls.
 */
#ifndef OPENWUDF_WDK_MSVCFMT_H
#define OPENWUDF_WDK_MSVCFMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where formatted code units go: a buffer of `capacity` units (char, or 16-bit units when wide), of
 * which the last is kept for the terminator; units past it are counted, not stored. */
typedef struct wudf_fmt_sink {
    void *buffer;
    size_t capacity;
    size_t length; /* units produced so far, stored or not */
    int wide;
} wudf_fmt_sink;

#define WUDF_FMT_OK 0
#define WUDF_FMT_INVALID (-1) /* %n, an unknown conversion, or an unknown %!NAME! */

/* %!NAME! handler: consumes its arguments from *args, writes with wudf_fmt_put_utf8; returns
 * WUDF_FMT_OK, or WUDF_FMT_INVALID for a name it does not know (nothing consumed). */
typedef int (*wudf_fmt_extension)(void *context, wudf_fmt_sink *out, const char *name, size_t name_length,
                                  va_list *args);

static inline void wudf_fmt_sink_init(wudf_fmt_sink *out, void *buffer, size_t capacity, int wide)
{
    out->buffer = buffer;
    out->capacity = capacity;
    out->length = 0;
    out->wide = wide;
}

/* Terminates what was stored; 1 when everything fit. */
static inline int wudf_fmt_sink_finish(wudf_fmt_sink *out)
{
    size_t end = out->length;
    if (out->capacity == 0)
        return out->length == 0;
    if (end > out->capacity - 1)
        end = out->capacity - 1;
    if (out->wide) {
        uint16_t zero = 0;
        memcpy((char *)out->buffer + end * 2, &zero, 2);
    } else {
        ((char *)out->buffer)[end] = '\0';
    }
    return out->length < out->capacity;
}

static inline void wudf_fmt_put_unit(wudf_fmt_sink *out, unsigned unit)
{
    if (out->capacity && out->length < out->capacity - 1) {
        if (out->wide) {
            uint16_t u = (uint16_t)unit;
            memcpy((char *)out->buffer + out->length * 2, &u, 2);
        } else {
            ((char *)out->buffer)[out->length] = (char)unit;
        }
    }
    out->length++;
}

/* One code point, as UTF-8 bytes or UTF-16 units. */
static inline void wudf_fmt_put_code_point(wudf_fmt_sink *out, uint32_t cp)
{
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (out->wide) {
        if (cp >= 0x10000) {
            wudf_fmt_put_unit(out, 0xd800 + ((cp - 0x10000) >> 10));
            wudf_fmt_put_unit(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
        } else {
            wudf_fmt_put_unit(out, cp);
        }
    } else if (cp < 0x80) {
        wudf_fmt_put_unit(out, cp);
    } else if (cp < 0x800) {
        wudf_fmt_put_unit(out, 0xc0 | (cp >> 6));
        wudf_fmt_put_unit(out, 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        wudf_fmt_put_unit(out, 0xe0 | (cp >> 12));
        wudf_fmt_put_unit(out, 0x80 | ((cp >> 6) & 0x3f));
        wudf_fmt_put_unit(out, 0x80 | (cp & 0x3f));
    } else {
        wudf_fmt_put_unit(out, 0xf0 | (cp >> 18));
        wudf_fmt_put_unit(out, 0x80 | ((cp >> 12) & 0x3f));
        wudf_fmt_put_unit(out, 0x80 | ((cp >> 6) & 0x3f));
        wudf_fmt_put_unit(out, 0x80 | (cp & 0x3f));
    }
}

/* Unit i of a string of chars or of 16-bit units (read with memcpy: the caller's type may be
 * wchar_t, char16_t or uint16_t). */
static inline unsigned wudf_fmt_unit(const void *text, size_t i, int wide)
{
    if (wide) {
        uint16_t u;
        memcpy(&u, (const char *)text + i * 2, 2);
        return u;
    }
    return (unsigned char)((const char *)text)[i];
}

/* Decodes the code point at *i of text (at most `limit` units), advancing *i; malformed input gives
 * U+FFFD. */
static inline uint32_t wudf_fmt_next_code_point(const void *text, int wide, size_t *i, size_t limit)
{
    unsigned u = wudf_fmt_unit(text, (*i)++, wide);
    if (wide) {
        if (u >= 0xd800 && u <= 0xdbff && *i < limit) {
            unsigned low = wudf_fmt_unit(text, *i, 1);
            if (low >= 0xdc00 && low <= 0xdfff) {
                (*i)++;
                return 0x10000 + ((uint32_t)(u - 0xd800) << 10) + (low - 0xdc00);
            }
        }
        return (u >= 0xd800 && u <= 0xdfff) ? 0xfffd : u;
    }
    if (u < 0x80)
        return u;
    size_t more = u >= 0xf0 && u < 0xf8 ? 3 : u >= 0xe0 ? 2 : u >= 0xc0 ? 1 : 0;
    if (!more || u >= 0xf8)
        return 0xfffd;
    uint32_t cp = u & (0x3f >> more);
    for (size_t k = 0; k < more; k++) {
        if (*i >= limit)
            return 0xfffd;
        unsigned c = wudf_fmt_unit(text, *i, 0);
        if ((c & 0xc0) != 0x80 || c == 0)
            return 0xfffd;
        cp = (cp << 6) | (c & 0x3f);
        (*i)++;
    }
    return cp;
}

/* Length in units of a NUL-terminated string, at most max. */
static inline size_t wudf_fmt_length(const void *text, int wide, size_t max)
{
    size_t n = 0;
    while (n < max && wudf_fmt_unit(text, n, wide) != 0)
        n++;
    return n;
}

/* Writes units [0, count) of text, converted to the sink's width; with out NULL, only counts. */
static inline size_t wudf_fmt_put_text(wudf_fmt_sink *out, const void *text, int wide, size_t count)
{
    wudf_fmt_sink counter;
    wudf_fmt_sink *to = out;
    if (!to) {
        wudf_fmt_sink_init(&counter, NULL, 0, 0);
        to = &counter;
    }
    size_t start = to->length;
    if (!wide == !to->wide) {
        for (size_t i = 0; i < count; i++)
            wudf_fmt_put_unit(to, wudf_fmt_unit(text, i, wide));
        return to->length - start;
    }
    for (size_t i = 0; i < count;)
        wudf_fmt_put_code_point(to, wudf_fmt_next_code_point(text, wide, &i, count));
    return to->length - start;
}

/* Text as UTF-8 (extensions use this). */
static inline void wudf_fmt_put_utf8(wudf_fmt_sink *out, const char *text)
{
    wudf_fmt_put_text(out, text, 0, strlen(text));
}

typedef struct wudf_fmt_spec {
    int left, plus, space, alt, zero;
    int width;     /* -1: none */
    int precision; /* -1: none */
} wudf_fmt_spec;

static inline void wudf_fmt_pad(wudf_fmt_sink *out, int count, unsigned unit)
{
    for (int i = 0; i < count; i++)
        wudf_fmt_put_unit(out, unit);
}

/* A string argument with width and precision; the counting pass decides the padding. */
static inline void wudf_fmt_put_string(wudf_fmt_sink *out, const wudf_fmt_spec *spec, const void *text, int wide)
{
    if (!text) {
        text = "(null)";
        wide = 0;
    }
    size_t count = wudf_fmt_length(text, wide, spec->precision >= 0 ? (size_t)spec->precision : (size_t)-1);
    wudf_fmt_sink counter;
    wudf_fmt_sink_init(&counter, NULL, 0, out->wide);
    size_t produced = wudf_fmt_put_text(&counter, text, wide, count);
    int pad = spec->width > (int)produced ? spec->width - (int)produced : 0;
    if (!spec->left)
        wudf_fmt_pad(out, pad, spec->zero ? '0' : ' ');
    wudf_fmt_put_text(out, text, wide, count);
    if (spec->left)
        wudf_fmt_pad(out, pad, ' ');
}

static inline void wudf_fmt_put_char(wudf_fmt_sink *out, const wudf_fmt_spec *spec, unsigned value, int wide)
{
    char narrow[2] = {(char)value, 0};
    uint16_t unit[2] = {(uint16_t)value, 0};
    wudf_fmt_spec whole = *spec;
    whole.precision = 1;
    /* A NUL character is still one character of output. */
    if (value == 0) {
        int pad = spec->width > 1 ? spec->width - 1 : 0;
        if (!spec->left)
            wudf_fmt_pad(out, pad, ' ');
        wudf_fmt_put_unit(out, 0);
        if (spec->left)
            wudf_fmt_pad(out, pad, ' ');
        return;
    }
    /* A lone byte >= 0x80 of narrow text is taken as Latin-1: it cannot be UTF-8 by itself. */
    if (!wide && (unsigned char)value >= 0x80) {
        unit[0] = (unsigned char)value;
        wide = 1;
    }
    wudf_fmt_put_string(out, &whole, wide ? (const void *)unit : (const void *)narrow, wide);
}

static inline void wudf_fmt_put_integer(wudf_fmt_sink *out, const wudf_fmt_spec *spec, uint64_t magnitude,
                                        int negative, unsigned base, int upper, int is_signed, int is_pointer)
{
    char digits[72];
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    for (uint64_t v = magnitude; v; v /= base)
        digits[n++] = set[v % base];
    int precision = spec->precision;
    if (is_pointer)
        precision = (int)(2 * sizeof(void *));
    int zeros = precision > n ? precision - n : (precision < 0 && n == 0 ? 1 : 0);
    const char *prefix = "";
    if (is_signed)
        prefix = negative ? "-" : spec->plus ? "+" : spec->space ? " " : "";
    else if (spec->alt && magnitude && base == 16)
        prefix = upper ? "0X" : "0x";
    else if (spec->alt && base == 8 && zeros == 0)
        zeros = 1;
    int size = (int)strlen(prefix) + zeros + n;
    int pad = spec->width > size ? spec->width - size : 0;
    if (spec->zero && !spec->left && spec->precision < 0 && !is_pointer) {
        zeros += pad;
        pad = 0;
    }
    if (!spec->left)
        wudf_fmt_pad(out, pad, ' ');
    for (const char *p = prefix; *p; p++)
        wudf_fmt_put_unit(out, (unsigned char)*p);
    wudf_fmt_pad(out, zeros, '0');
    while (n > 0)
        wudf_fmt_put_unit(out, (unsigned char)digits[--n]);
    if (spec->left)
        wudf_fmt_pad(out, pad, ' ');
}

/* Floating point through the C library (narrow, ASCII output), then widened. */
static inline void wudf_fmt_put_float(wudf_fmt_sink *out, const wudf_fmt_spec *spec, char conversion, int is_long,
                                      va_list *args)
{
    char format[32], small[128];
    int n = 0;
    format[n++] = '%';
    if (spec->left)
        format[n++] = '-';
    if (spec->plus)
        format[n++] = '+';
    if (spec->space)
        format[n++] = ' ';
    if (spec->alt)
        format[n++] = '#';
    if (spec->zero)
        format[n++] = '0';
    format[n++] = '*';
    format[n++] = '.';
    format[n++] = '*';
    if (is_long)
        format[n++] = 'L';
    format[n++] = conversion;
    format[n] = '\0';
    int width = spec->width < 0 ? 0 : spec->width;
    int precision = spec->precision;
    long double ld = 0;
    double d = 0;
    if (is_long)
        ld = va_arg(*args, long double);
    else
        d = va_arg(*args, double);
    /* -Wformat-nonliteral: the format is built above from a fixed set of characters. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int size = is_long ? snprintf(small, sizeof small, format, width, precision, ld)
                       : snprintf(small, sizeof small, format, width, precision, d);
    char *text = small;
    if (size >= (int)sizeof small && (text = (char *)malloc((size_t)size + 1)) != NULL) {
        if (is_long)
            snprintf(text, (size_t)size + 1, format, width, precision, ld);
        else
            snprintf(text, (size_t)size + 1, format, width, precision, d);
    }
#pragma GCC diagnostic pop
    if (!text)
        text = small; /* out of memory: what fit */
    if (size > 0)
        wudf_fmt_put_text(out, text, 0, strlen(text));
    if (text != small)
        free(text);
}

/* Integer argument sizes. */
enum { WUDF_FMT_INT, WUDF_FMT_CHAR, WUDF_FMT_SHORT, WUDF_FMT_32, WUDF_FMT_64, WUDF_FMT_SIZE, WUDF_FMT_MAX };

static inline uint64_t wudf_fmt_unsigned_arg(va_list *args, int size)
{
    switch (size) {
    case WUDF_FMT_CHAR: return (unsigned char)va_arg(*args, unsigned int);
    case WUDF_FMT_SHORT: return (unsigned short)va_arg(*args, unsigned int);
    case WUDF_FMT_64: return (uint64_t)va_arg(*args, unsigned long long);
    case WUDF_FMT_SIZE: return (uint64_t)va_arg(*args, size_t);
    case WUDF_FMT_MAX: return (uint64_t)va_arg(*args, uintmax_t);
    default: return va_arg(*args, unsigned int);
    }
}

static inline int64_t wudf_fmt_signed_arg(va_list *args, int size)
{
    switch (size) {
    case WUDF_FMT_CHAR: return (signed char)va_arg(*args, int);
    case WUDF_FMT_SHORT: return (short)va_arg(*args, int);
    case WUDF_FMT_64: return (int64_t)va_arg(*args, long long);
    case WUDF_FMT_SIZE: return (int64_t)va_arg(*args, ptrdiff_t);
    case WUDF_FMT_MAX: return (int64_t)va_arg(*args, intmax_t);
    default: return va_arg(*args, int);
    }
}

/* Formats `format` (chars, or 16-bit units when format_wide) into out. WUDF_FMT_OK, or
 * WUDF_FMT_INVALID where formatting stopped. */
static inline int wudf_fmt_vformat(wudf_fmt_sink *out, const void *format, int format_wide, va_list *args,
                                   wudf_fmt_extension extension, void *context)
{
    size_t i = 0;
    for (;;) {
        unsigned c = wudf_fmt_unit(format, i++, format_wide);
        if (c == 0)
            return WUDF_FMT_OK;
        if (c != '%') {
            wudf_fmt_put_unit(out, c);
            continue;
        }
        c = wudf_fmt_unit(format, i++, format_wide);
        if (c == '!' && extension) {
            char name[64];
            size_t n = 0;
            while ((c = wudf_fmt_unit(format, i, format_wide)) != 0 && c != '!' && n + 1 < sizeof name)
                name[n++] = (char)c, i++;
            name[n] = '\0';
            if (c != '!' || extension(context, out, name, n, args) != WUDF_FMT_OK)
                return WUDF_FMT_INVALID;
            i++;
            continue;
        }
        wudf_fmt_spec spec = {0, 0, 0, 0, 0, -1, -1};
        for (;; c = wudf_fmt_unit(format, i++, format_wide)) {
            if (c == '-')
                spec.left = 1;
            else if (c == '+')
                spec.plus = 1;
            else if (c == ' ')
                spec.space = 1;
            else if (c == '#')
                spec.alt = 1;
            else if (c == '0')
                spec.zero = 1;
            else
                break;
        }
        if (c == '*') {
            spec.width = va_arg(*args, int);
            if (spec.width < 0) {
                spec.left = 1;
                spec.width = -spec.width;
            }
            c = wudf_fmt_unit(format, i++, format_wide);
        } else {
            for (; c >= '0' && c <= '9'; c = wudf_fmt_unit(format, i++, format_wide))
                spec.width = (spec.width < 0 ? 0 : spec.width) * 10 + (int)(c - '0');
        }
        if (c == '.') {
            spec.precision = 0;
            c = wudf_fmt_unit(format, i++, format_wide);
            if (c == '*') {
                spec.precision = va_arg(*args, int);
                if (spec.precision < 0)
                    spec.precision = -1;
                c = wudf_fmt_unit(format, i++, format_wide);
            } else {
                for (; c >= '0' && c <= '9'; c = wudf_fmt_unit(format, i++, format_wide))
                    spec.precision = spec.precision * 10 + (int)(c - '0');
            }
        }
        int size = WUDF_FMT_INT, narrow = 0, wide = 0, is_long_double = 0;
        if (c == 'h') {
            c = wudf_fmt_unit(format, i++, format_wide);
            size = WUDF_FMT_SHORT;
            narrow = 1;
            if (c == 'h') {
                size = WUDF_FMT_CHAR;
                c = wudf_fmt_unit(format, i++, format_wide);
            }
        } else if (c == 'l') {
            c = wudf_fmt_unit(format, i++, format_wide);
            size = WUDF_FMT_32;
            wide = 1;
            if (c == 'l') {
                size = WUDF_FMT_64;
                c = wudf_fmt_unit(format, i++, format_wide);
            }
        } else if (c == 'w') {
            wide = 1;
            c = wudf_fmt_unit(format, i++, format_wide);
        } else if (c == 'L') {
            is_long_double = 1;
            c = wudf_fmt_unit(format, i++, format_wide);
        } else if (c == 'q') {
            size = WUDF_FMT_64;
            c = wudf_fmt_unit(format, i++, format_wide);
        } else if (c == 'z' || c == 't') {
            size = WUDF_FMT_SIZE;
            c = wudf_fmt_unit(format, i++, format_wide);
        } else if (c == 'j') {
            size = WUDF_FMT_MAX;
            c = wudf_fmt_unit(format, i++, format_wide);
        } else if (c == 'I') {
            unsigned d1 = wudf_fmt_unit(format, i, format_wide);
            unsigned d2 = d1 ? wudf_fmt_unit(format, i + 1, format_wide) : 0;
            if (d1 == '6' && d2 == '4') {
                size = WUDF_FMT_64;
                i += 2;
            } else if (d1 == '3' && d2 == '2') {
                size = WUDF_FMT_32;
                i += 2;
            } else {
                size = WUDF_FMT_SIZE;
            }
            c = wudf_fmt_unit(format, i++, format_wide);
        }
        switch (c) {
        case '%':
            wudf_fmt_put_unit(out, '%');
            break;
        case 'd':
        case 'i': {
            int64_t v = wudf_fmt_signed_arg(args, size);
            uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            wudf_fmt_put_integer(out, &spec, magnitude, v < 0, 10, 0, 1, 0);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            wudf_fmt_put_integer(out, &spec, wudf_fmt_unsigned_arg(args, size), 0,
                                 c == 'u' ? 10 : c == 'o' ? 8 : 16, c == 'X', 0, 0);
            break;
        case 'p':
            wudf_fmt_put_integer(out, &spec, (uint64_t)(uintptr_t)va_arg(*args, void *), 0, 16, 1, 0, 1);
            break;
        case 'c':
        case 'C': {
            /* %c is the function's own character type, %C the other one; h and l/w decide outright. */
            int arg_wide = narrow ? 0 : wide ? 1 : (c == 'c') == (format_wide != 0);
            wudf_fmt_put_char(out, &spec, va_arg(*args, unsigned int) & (arg_wide ? 0xffffu : 0xffu), arg_wide);
            break;
        }
        case 's':
        case 'S': {
            int arg_wide = narrow ? 0 : wide ? 1 : (c == 's') == (format_wide != 0);
            wudf_fmt_put_string(out, &spec, va_arg(*args, const void *), arg_wide);
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            wudf_fmt_put_float(out, &spec, (char)c, is_long_double, args);
            break;
        default: /* %n, unknown conversions, and a format that ends inside a conversion */
            return WUDF_FMT_INVALID;
        }
    }
}

#ifdef __cplusplus
}
#endif

#endif /* OPENWUDF_WDK_MSVCFMT_H */
