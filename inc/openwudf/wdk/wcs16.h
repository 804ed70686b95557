/*
 * The wide C library functions UMDF drivers call, for 16-bit wchar_t on Linux (-fshort-wchar, which
 * openwudf_add_driver(... WDK ...) sets so that L"text" is UTF-16 like WCHAR).
 *
 * glibc's wcs* functions are compiled for its 32-bit wchar_t: called on 16-bit strings they read
 * pairs of characters as one and run past the terminator, silently. So wdk.h, which every WDK source
 * reads first, includes <wchar.h> (C) or <cwchar> (C++) and then turns each name below into a macro
 * for a 16-bit implementation here. A later #include <wchar.h> is then a no-op, so the macros never
 * rename glibc's own declarations. In C++ the implementations are also declared in namespace std,
 * so std::wcslen(s) compiles and calls the 16-bit one too; wcschr, wcsrchr, wcsstr, wcspbrk and
 * wmemchr have the const and non-const overloads, and wcscpy_s, wcscat_s and wcsncpy_s the
 * array-template forms, as MSVC's C++ headers do.
 *
 * Covered: wcslen wcsnlen wcscmp wcsncmp _wcsicmp _wcsnicmp (and the old names wcsicmp, wcsnicmp)
 * wcscpy wcsncpy wcscat wcsncat wcschr wcsrchr wcsstr wcsspn wcscspn wcspbrk wcscpy_s wcsncpy_s
 * wcscat_s wcsncat_s wmemcpy wmemmove wmemset wmemcmp wmemchr _wcsdup wcsdup wcstol wcstoul
 * wcstoll wcstoull _wtoi _wtol _wtoi64 swprintf vswprintf _snwprintf _vsnwprintf (MSVC's printf
 * rules, msvcfmt.h) and, for narrow output with MSVC's rules, _snprintf _vsnprintf. mbstowcs and
 * wcstombs convert between UTF-8 and UTF-16.
 *   - The _s functions return EINVAL, ERANGE or STRUNCATE and empty the destination as MSVC's do,
 *     but call no invalid-parameter handler (MSVC's default one ends the process).
 *   - _wcsicmp and _wcsnicmp fold ASCII letters only, as MSVC's do in the "C" locale.
 * Refused at compile time (the call is an error that names the function): glibc's wide I/O and the
 * rest of its wide string functions (wprintf, fwprintf, vwprintf, vfwprintf, wscanf, fwscanf,
 * swscanf, vswscanf, fputws, fgetws, putwc, fputwc, getwc, fgetwc, putwchar, getwchar, wcstok,
 * wcstod, wcstof, wcscoll, wcsxfrm, wcsftime, wcswidth, mbsrtowcs, wcsrtombs, mbrtowc, wcrtomb).
 * Not covered and NOT caught: std::wstring, std::wstring_view, wide iostreams (std::wcout,
 * std::wostringstream...), std::to_wstring and the wide <locale> and <regex> facets. libstdc++
 * compiled them for 32-bit wchar_t and they misbehave with -fshort-wchar: use WCHAR buffers and the
 * functions here, or std::basic_string<WCHAR> with char traits of your own.
 * The narrow printf family (printf, snprintf, sprintf) stays glibc's: there %S, %ls and %I64d are
 * not MSVC's; use _snprintf or the StringCch*A functions of <strsafe.h> for those.
 */
#ifndef OPENWUDF_WDK_WCS16_H
#define OPENWUDF_WDK_WCS16_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#ifdef __cplusplus
#include <cstdlib>
#include <cwchar>
#include <cwctype>
#else
#include <wchar.h>
#include <wctype.h>
#endif

#include "msvcfmt.h"

#if !defined(__SIZEOF_WCHAR_T__) || __SIZEOF_WCHAR_T__ != 2
#error "openwudf/wdk/wcs16.h is for a 16-bit wchar_t (-fshort-wchar)"
#endif

#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef STRUNCATE
#define STRUNCATE 80
#endif
#ifndef _TRUNCATE
#define _TRUNCATE ((size_t)-1)
#endif

#ifdef __cplusplus
extern "C" {
#endif

static inline size_t wudf_wdk_wcsnlen(const wchar_t *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

static inline size_t wudf_wdk_wcslen(const wchar_t *s)
{
    return wudf_wdk_wcsnlen(s, (size_t)-1);
}

static inline int wudf_wdk_wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return (unsigned)a[i] < (unsigned)b[i] ? -1 : 1;
        if (!a[i])
            break;
    }
    return 0;
}

static inline int wudf_wdk_wcscmp(const wchar_t *a, const wchar_t *b)
{
    return wudf_wdk_wcsncmp(a, b, (size_t)-1);
}

static inline unsigned wudf_wdk_fold(wchar_t c)
{
    return c >= L'A' && c <= L'Z' ? (unsigned)c + 32 : (unsigned)c;
}

static inline int wudf_wdk_wcsnicmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned x = wudf_wdk_fold(a[i]), y = wudf_wdk_fold(b[i]);
        if (x != y)
            return (int)x - (int)y;
        if (!x)
            break;
    }
    return 0;
}

static inline int wudf_wdk_wcsicmp(const wchar_t *a, const wchar_t *b)
{
    return wudf_wdk_wcsnicmp(a, b, (size_t)-1);
}

static inline wchar_t *wudf_wdk_wcscpy(wchar_t *dest, const wchar_t *src)
{
    size_t i = 0;
    while ((dest[i] = src[i]) != 0)
        i++;
    return dest;
}

/* Pads with NULs to n, and leaves dest unterminated when src is n units or longer, as C says. */
static inline wchar_t *wudf_wdk_wcsncpy(wchar_t *dest, const wchar_t *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dest[i] = src[i];
    for (; i < n; i++)
        dest[i] = 0;
    return dest;
}

static inline wchar_t *wudf_wdk_wcscat(wchar_t *dest, const wchar_t *src)
{
    wudf_wdk_wcscpy(dest + wudf_wdk_wcslen(dest), src);
    return dest;
}

static inline wchar_t *wudf_wdk_wcsncat(wchar_t *dest, const wchar_t *src, size_t n)
{
    wchar_t *end = dest + wudf_wdk_wcslen(dest);
    size_t i = 0;
    for (; i < n && src[i]; i++)
        end[i] = src[i];
    end[i] = 0;
    return dest;
}

static inline wchar_t *wudf_wdk_wcschr_impl(const wchar_t *s, wchar_t c)
{
    for (;; s++) {
        if (*s == c)
            return (wchar_t *)s;
        if (!*s)
            return NULL;
    }
}

static inline wchar_t *wudf_wdk_wcsrchr_impl(const wchar_t *s, wchar_t c)
{
    const wchar_t *last = NULL;
    for (;; s++) {
        if (*s == c)
            last = s;
        if (!*s)
            return (wchar_t *)last;
    }
}

static inline wchar_t *wudf_wdk_wcsstr_impl(const wchar_t *s, const wchar_t *find)
{
    size_t n = wudf_wdk_wcslen(find);
    for (; *s; s++)
        if (wudf_wdk_wcsncmp(s, find, n) == 0)
            return (wchar_t *)s;
    return n == 0 ? (wchar_t *)s : NULL;
}

static inline size_t wudf_wdk_wcsspn(const wchar_t *s, const wchar_t *accept)
{
    size_t n = 0;
    while (s[n] && wudf_wdk_wcschr_impl(accept, s[n]))
        n++;
    return n;
}

static inline size_t wudf_wdk_wcscspn(const wchar_t *s, const wchar_t *reject)
{
    size_t n = 0;
    while (s[n] && !wudf_wdk_wcschr_impl(reject, s[n]))
        n++;
    return n;
}

static inline wchar_t *wudf_wdk_wcspbrk_impl(const wchar_t *s, const wchar_t *accept)
{
    s += wudf_wdk_wcscspn(s, accept);
    return *s ? (wchar_t *)s : NULL;
}

static inline wchar_t *wudf_wdk_wmemcpy(wchar_t *dest, const wchar_t *src, size_t n)
{
    return (wchar_t *)memcpy(dest, src, n * sizeof(wchar_t));
}

static inline wchar_t *wudf_wdk_wmemmove(wchar_t *dest, const wchar_t *src, size_t n)
{
    return (wchar_t *)memmove(dest, src, n * sizeof(wchar_t));
}

static inline wchar_t *wudf_wdk_wmemset(wchar_t *dest, wchar_t c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dest[i] = c;
    return dest;
}

static inline int wudf_wdk_wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return (unsigned)a[i] < (unsigned)b[i] ? -1 : 1;
    return 0;
}

static inline wchar_t *wudf_wdk_wmemchr_impl(const wchar_t *s, wchar_t c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return (wchar_t *)(s + i);
    return NULL;
}

/* free() what it returns. */
static inline wchar_t *wudf_wdk_wcsdup(const wchar_t *s)
{
    size_t size = (wudf_wdk_wcslen(s) + 1) * sizeof(wchar_t);
    wchar_t *copy = (wchar_t *)malloc(size);
    return copy ? (wchar_t *)memcpy(copy, s, size) : NULL;
}

/* ---- the _s functions: error codes, destination emptied on failure, no handler ---- */

static inline errno_t wudf_wdk_wcsncpy_s(wchar_t *dest, size_t size, const wchar_t *src, size_t count)
{
    if (!dest || size == 0)
        return EINVAL;
    if (!src) {
        dest[0] = 0;
        return EINVAL;
    }
    size_t n = wudf_wdk_wcsnlen(src, count);
    errno_t rc = 0;
    if (n >= size) {
        if (count != _TRUNCATE) {
            dest[0] = 0;
            return ERANGE;
        }
        n = size - 1;
        rc = STRUNCATE;
    }
    wudf_wdk_wmemmove(dest, src, n);
    dest[n] = 0;
    return rc;
}

static inline errno_t wudf_wdk_wcscpy_s(wchar_t *dest, size_t size, const wchar_t *src)
{
    if (!dest || size == 0)
        return EINVAL;
    if (src && wudf_wdk_wcsnlen(src, size) >= size) {
        dest[0] = 0;
        return ERANGE;
    }
    return wudf_wdk_wcsncpy_s(dest, size, src, (size_t)-2);
}

static inline errno_t wudf_wdk_wcsncat_s(wchar_t *dest, size_t size, const wchar_t *src, size_t count)
{
    if (!dest || size == 0)
        return EINVAL;
    size_t used = wudf_wdk_wcsnlen(dest, size);
    if (!src || used == size) {
        dest[0] = 0;
        return EINVAL;
    }
    errno_t rc = wudf_wdk_wcsncpy_s(dest + used, size - used, src, count);
    if (rc == ERANGE)
        dest[0] = 0;
    return rc;
}

static inline errno_t wudf_wdk_wcscat_s(wchar_t *dest, size_t size, const wchar_t *src)
{
    if (!dest || size == 0)
        return EINVAL;
    size_t used = wudf_wdk_wcsnlen(dest, size);
    if (!src || used == size) {
        dest[0] = 0;
        return EINVAL;
    }
    if (wudf_wdk_wcsnlen(src, size - used) >= size - used) {
        dest[0] = 0;
        return ERANGE;
    }
    return wudf_wdk_wcsncpy_s(dest + used, size - used, src, (size_t)-2);
}

/* ---- numbers: the ASCII prefix is parsed by the C library ---- */

static inline size_t wudf_wdk_ascii_prefix(const wchar_t *s, char *out, size_t size)
{
    size_t n = 0;
    while (n + 1 < size && s[n] > 0 && s[n] < 0x80) {
        out[n] = (char)s[n];
        n++;
    }
    out[n] = '\0';
    return n;
}

#define WUDF_WDK_WCSTO(name, type, parse)                                               \
    static inline type name(const wchar_t *s, wchar_t **end, int base)                  \
    {                                                                                   \
        char ascii[256], *stop = ascii;                                                 \
        wudf_wdk_ascii_prefix(s, ascii, sizeof ascii);                                  \
        type value = parse(ascii, &stop, base);                                         \
        if (end)                                                                        \
            *end = (wchar_t *)(s + (stop - ascii));                                     \
        return value;                                                                   \
    }
WUDF_WDK_WCSTO(wudf_wdk_wcstol, long, strtol)
WUDF_WDK_WCSTO(wudf_wdk_wcstoul, unsigned long, strtoul)
WUDF_WDK_WCSTO(wudf_wdk_wcstoll, long long, strtoll)
WUDF_WDK_WCSTO(wudf_wdk_wcstoull, unsigned long long, strtoull)
#undef WUDF_WDK_WCSTO

static inline int wudf_wdk_wtoi(const wchar_t *s)
{
    return (int)wudf_wdk_wcstol(s, NULL, 10);
}

static inline long wudf_wdk_wtol(const wchar_t *s)
{
    return wudf_wdk_wcstol(s, NULL, 10);
}

static inline long long wudf_wdk_wtoi64(const wchar_t *s)
{
    return wudf_wdk_wcstoll(s, NULL, 10);
}

/* ---- printf with MSVC's rules (msvcfmt.h) ---- */

/* C's swprintf: at most count units with the terminator; -1 (output truncated, terminated) when
 * the text did not fit, or for an invalid format. */
static inline int wudf_wdk_vswprintf(wchar_t *buffer, size_t count, const wchar_t *format, va_list args)
{
    wudf_fmt_sink out;
    va_list copy;
    va_copy(copy, args);
    wudf_fmt_sink_init(&out, buffer, count, 1);
    int rc = wudf_fmt_vformat(&out, format, 1, &copy, NULL, NULL);
    va_end(copy);
    int fit = wudf_fmt_sink_finish(&out);
    return rc == WUDF_FMT_OK && fit ? (int)out.length : -1;
}

static inline int wudf_wdk_swprintf(wchar_t *buffer, size_t count, const wchar_t *format, ...)
{
    va_list args;
    va_start(args, format);
    int rc = wudf_wdk_vswprintf(buffer, count, format, args);
    va_end(args);
    return rc;
}

/* MSVC's _snwprintf and _snprintf: the text's length when it fits (terminated if there is room
 * left), else -1 with `count` units written and NO terminator. */
static inline int wudf_wdk_vsnprintf_msvc(void *buffer, size_t count, const void *format, int wide, va_list args)
{
    wudf_fmt_sink out;
    va_list copy;
    va_copy(copy, args);
    wudf_fmt_sink_init(&out, buffer, count + 1, wide);
    int rc = wudf_fmt_vformat(&out, format, wide, &copy, NULL, NULL);
    va_end(copy);
    if (rc != WUDF_FMT_OK || out.length > count)
        return -1;
    if (out.length < count)
        wudf_fmt_sink_finish(&out);
    return (int)out.length;
}

static inline int wudf_wdk_vsnwprintf(wchar_t *buffer, size_t count, const wchar_t *format, va_list args)
{
    return wudf_wdk_vsnprintf_msvc(buffer, count, format, 1, args);
}

static inline int wudf_wdk_snwprintf(wchar_t *buffer, size_t count, const wchar_t *format, ...)
{
    va_list args;
    va_start(args, format);
    int rc = wudf_wdk_vsnprintf_msvc(buffer, count, format, 1, args);
    va_end(args);
    return rc;
}

static inline int wudf_wdk_vsnprintf(char *buffer, size_t count, const char *format, va_list args)
{
    return wudf_wdk_vsnprintf_msvc(buffer, count, format, 0, args);
}

static inline int wudf_wdk_snprintf(char *buffer, size_t count, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int rc = wudf_wdk_vsnprintf_msvc(buffer, count, format, 0, args);
    va_end(args);
    return rc;
}

/* ---- multibyte: UTF-8 ---- */

/* UTF-8 to UTF-16: with dest, at most n units (terminated if room is left); the unit count. */
static inline size_t wudf_wdk_mbstowcs(wchar_t *dest, const char *src, size_t n)
{
    wudf_fmt_sink out;
    wudf_fmt_sink_init(&out, dest, dest ? n + 1 : 0, 1);
    wudf_fmt_put_text(&out, src, 0, strlen(src));
    if (dest && out.length < n)
        wudf_fmt_sink_finish(&out);
    return dest && out.length > n ? n : out.length;
}

/* UTF-16 to UTF-8: with dest, at most n bytes, never a partial character (terminated if room is
 * left); the byte count. */
static inline size_t wudf_wdk_wcstombs(char *dest, const wchar_t *src, size_t n)
{
    size_t length = wudf_wdk_wcslen(src), written = 0;
    for (size_t i = 0; i < length;) {
        char bytes[8];
        wudf_fmt_sink one;
        wudf_fmt_sink_init(&one, bytes, sizeof bytes, 0);
        wudf_fmt_put_code_point(&one, wudf_fmt_next_code_point(src, 1, &i, length));
        if (dest && written + one.length > n)
            return written;
        if (dest)
            memcpy(dest + written, bytes, one.length);
        written += one.length;
    }
    if (dest && written < n)
        dest[written] = '\0';
    return written;
}

/* ---- refused: declared unusable, so a call fails to compile with this message ---- */
#if defined(__has_attribute)
#if __has_attribute(unavailable)
#define WUDF_WDK_REFUSED(message) __attribute__((unavailable(message)))
#endif
#endif
#ifndef WUDF_WDK_REFUSED
#define WUDF_WDK_REFUSED(message) __attribute__((error(message)))
#endif
#define WUDF_WDK_REFUSE(name)                                                                           \
    int wudf_wdk_refused_##name(void) WUDF_WDK_REFUSED(                                                   \
        #name " is glibc's, built for a 32-bit wchar_t: unsupported with -fshort-wchar (openwudf/wdk/wcs16.h)")
WUDF_WDK_REFUSE(wprintf);
WUDF_WDK_REFUSE(fwprintf);
WUDF_WDK_REFUSE(vwprintf);
WUDF_WDK_REFUSE(vfwprintf);
WUDF_WDK_REFUSE(wscanf);
WUDF_WDK_REFUSE(fwscanf);
WUDF_WDK_REFUSE(swscanf);
WUDF_WDK_REFUSE(vswscanf);
WUDF_WDK_REFUSE(fputws);
WUDF_WDK_REFUSE(fgetws);
WUDF_WDK_REFUSE(putwc);
WUDF_WDK_REFUSE(fputwc);
WUDF_WDK_REFUSE(getwc);
WUDF_WDK_REFUSE(fgetwc);
WUDF_WDK_REFUSE(putwchar);
WUDF_WDK_REFUSE(getwchar);
WUDF_WDK_REFUSE(wcstok);
WUDF_WDK_REFUSE(wcstod);
WUDF_WDK_REFUSE(wcstof);
WUDF_WDK_REFUSE(wcscoll);
WUDF_WDK_REFUSE(wcsxfrm);
WUDF_WDK_REFUSE(wcsftime);
WUDF_WDK_REFUSE(wcswidth);
WUDF_WDK_REFUSE(mbsrtowcs);
WUDF_WDK_REFUSE(wcsrtombs);
WUDF_WDK_REFUSE(mbrtowc);
WUDF_WDK_REFUSE(wcrtomb);
#undef WUDF_WDK_REFUSE

#ifdef __cplusplus
} /* extern "C" */

/* C++: const-correct overloads and the array forms of the _s functions, as MSVC's headers have. */
extern "C++" {
inline const wchar_t *wudf_wdk_wcschr(const wchar_t *s, wchar_t c) { return wudf_wdk_wcschr_impl(s, c); }
inline wchar_t *wudf_wdk_wcschr(wchar_t *s, wchar_t c) { return wudf_wdk_wcschr_impl(s, c); }
inline const wchar_t *wudf_wdk_wcsrchr(const wchar_t *s, wchar_t c) { return wudf_wdk_wcsrchr_impl(s, c); }
inline wchar_t *wudf_wdk_wcsrchr(wchar_t *s, wchar_t c) { return wudf_wdk_wcsrchr_impl(s, c); }
inline const wchar_t *wudf_wdk_wcsstr(const wchar_t *s, const wchar_t *f) { return wudf_wdk_wcsstr_impl(s, f); }
inline wchar_t *wudf_wdk_wcsstr(wchar_t *s, const wchar_t *f) { return wudf_wdk_wcsstr_impl(s, f); }
inline const wchar_t *wudf_wdk_wcspbrk(const wchar_t *s, const wchar_t *a) { return wudf_wdk_wcspbrk_impl(s, a); }
inline wchar_t *wudf_wdk_wcspbrk(wchar_t *s, const wchar_t *a) { return wudf_wdk_wcspbrk_impl(s, a); }
inline const wchar_t *wudf_wdk_wmemchr(const wchar_t *s, wchar_t c, size_t n) { return wudf_wdk_wmemchr_impl(s, c, n); }
inline wchar_t *wudf_wdk_wmemchr(wchar_t *s, wchar_t c, size_t n) { return wudf_wdk_wmemchr_impl(s, c, n); }
template <size_t N> inline errno_t wudf_wdk_wcscpy_s(wchar_t (&dest)[N], const wchar_t *src)
{
    return wudf_wdk_wcscpy_s(dest, N, src);
}
template <size_t N> inline errno_t wudf_wdk_wcscat_s(wchar_t (&dest)[N], const wchar_t *src)
{
    return wudf_wdk_wcscat_s(dest, N, src);
}
template <size_t N> inline errno_t wudf_wdk_wcsncpy_s(wchar_t (&dest)[N], const wchar_t *src, size_t count)
{
    return wudf_wdk_wcsncpy_s(dest, N, src, count);
}
template <size_t N> inline errno_t wudf_wdk_wcsncat_s(wchar_t (&dest)[N], const wchar_t *src, size_t count)
{
    return wudf_wdk_wcsncat_s(dest, N, src, count);
}

/* std::wcslen(s) and `using std::wcslen;` reach the same functions once the macros rename them. */
namespace std {
using ::wudf_wdk_wcslen;
using ::wudf_wdk_wcsnlen;
using ::wudf_wdk_wcscmp;
using ::wudf_wdk_wcsncmp;
using ::wudf_wdk_wcscpy;
using ::wudf_wdk_wcsncpy;
using ::wudf_wdk_wcscat;
using ::wudf_wdk_wcsncat;
using ::wudf_wdk_wcschr;
using ::wudf_wdk_wcsrchr;
using ::wudf_wdk_wcsstr;
using ::wudf_wdk_wcsspn;
using ::wudf_wdk_wcscspn;
using ::wudf_wdk_wcspbrk;
using ::wudf_wdk_wmemcpy;
using ::wudf_wdk_wmemmove;
using ::wudf_wdk_wmemset;
using ::wudf_wdk_wmemcmp;
using ::wudf_wdk_wmemchr;
using ::wudf_wdk_wcstol;
using ::wudf_wdk_wcstoul;
using ::wudf_wdk_wcstoll;
using ::wudf_wdk_wcstoull;
using ::wudf_wdk_swprintf;
using ::wudf_wdk_vswprintf;
using ::wudf_wdk_mbstowcs;
using ::wudf_wdk_wcstombs;
} // namespace std
}
#else
#define wudf_wdk_wcschr wudf_wdk_wcschr_impl
#define wudf_wdk_wcsrchr wudf_wdk_wcsrchr_impl
#define wudf_wdk_wcsstr wudf_wdk_wcsstr_impl
#define wudf_wdk_wcspbrk wudf_wdk_wcspbrk_impl
#define wudf_wdk_wmemchr wudf_wdk_wmemchr_impl
#endif

#define wcslen wudf_wdk_wcslen
#define wcsnlen wudf_wdk_wcsnlen
#define wcscmp wudf_wdk_wcscmp
#define wcsncmp wudf_wdk_wcsncmp
#define _wcsicmp wudf_wdk_wcsicmp
#define _wcsnicmp wudf_wdk_wcsnicmp
#define wcsicmp wudf_wdk_wcsicmp
#define wcsnicmp wudf_wdk_wcsnicmp
#define wcscpy wudf_wdk_wcscpy
#define wcsncpy wudf_wdk_wcsncpy
#define wcscat wudf_wdk_wcscat
#define wcsncat wudf_wdk_wcsncat
#define wcschr wudf_wdk_wcschr
#define wcsrchr wudf_wdk_wcsrchr
#define wcsstr wudf_wdk_wcsstr
#define wcsspn wudf_wdk_wcsspn
#define wcscspn wudf_wdk_wcscspn
#define wcspbrk wudf_wdk_wcspbrk
#define wcscpy_s wudf_wdk_wcscpy_s
#define wcsncpy_s wudf_wdk_wcsncpy_s
#define wcscat_s wudf_wdk_wcscat_s
#define wcsncat_s wudf_wdk_wcsncat_s
#define wmemcpy wudf_wdk_wmemcpy
#define wmemmove wudf_wdk_wmemmove
#define wmemset wudf_wdk_wmemset
#define wmemcmp wudf_wdk_wmemcmp
#define wmemchr wudf_wdk_wmemchr
#define _wcsdup wudf_wdk_wcsdup
#define wcsdup wudf_wdk_wcsdup
#define wcstol wudf_wdk_wcstol
#define wcstoul wudf_wdk_wcstoul
#define wcstoll wudf_wdk_wcstoll
#define wcstoull wudf_wdk_wcstoull
#define _wtoi wudf_wdk_wtoi
#define _wtol wudf_wdk_wtol
#define _wtoi64 wudf_wdk_wtoi64
#define swprintf wudf_wdk_swprintf
#define vswprintf wudf_wdk_vswprintf
#define _snwprintf wudf_wdk_snwprintf
#define _vsnwprintf wudf_wdk_vsnwprintf
#define _snprintf wudf_wdk_snprintf
#define _vsnprintf wudf_wdk_vsnprintf
#define mbstowcs wudf_wdk_mbstowcs
#define wcstombs wudf_wdk_wcstombs

#define wprintf(...) wudf_wdk_refused_wprintf()
#define fwprintf(...) wudf_wdk_refused_fwprintf()
#define vwprintf(...) wudf_wdk_refused_vwprintf()
#define vfwprintf(...) wudf_wdk_refused_vfwprintf()
#define wscanf(...) wudf_wdk_refused_wscanf()
#define fwscanf(...) wudf_wdk_refused_fwscanf()
#define swscanf(...) wudf_wdk_refused_swscanf()
#define vswscanf(...) wudf_wdk_refused_vswscanf()
#define fputws(...) wudf_wdk_refused_fputws()
#define fgetws(...) wudf_wdk_refused_fgetws()
#define putwc(...) wudf_wdk_refused_putwc()
#define fputwc(...) wudf_wdk_refused_fputwc()
#define getwc(...) wudf_wdk_refused_getwc()
#define fgetwc(...) wudf_wdk_refused_fgetwc()
#define putwchar(...) wudf_wdk_refused_putwchar()
#define getwchar(...) wudf_wdk_refused_getwchar()
#define wcstok(...) wudf_wdk_refused_wcstok()
#define wcstod(...) wudf_wdk_refused_wcstod()
#define wcstof(...) wudf_wdk_refused_wcstof()
#define wcscoll(...) wudf_wdk_refused_wcscoll()
#define wcsxfrm(...) wudf_wdk_refused_wcsxfrm()
#define wcsftime(...) wudf_wdk_refused_wcsftime()
#define wcswidth(...) wudf_wdk_refused_wcswidth()
#define mbsrtowcs(...) wudf_wdk_refused_mbsrtowcs()
#define wcsrtombs(...) wudf_wdk_refused_wcsrtombs()
#define mbrtowc(...) wudf_wdk_refused_mbrtowc()
#define wcrtomb(...) wudf_wdk_refused_wcrtomb()

#endif /* OPENWUDF_WDK_WCS16_H */
