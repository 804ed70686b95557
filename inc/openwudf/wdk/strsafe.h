/*
 * <strsafe.h> for WDK driver sources on Linux (mingw-w64 ships its own, which the Windows build uses).
 *
 * The StringCch (counts in characters) and StringCb (counts in bytes) functions, A (char) and W
 * (WCHAR) forms, and the generic names that pick W when UNICODE is defined:
 *   Copy, CopyN, Cat, CatN, Length, Printf, VPrintf.
 * Results as the Windows SDK's:
 *   S_OK                            the whole result fit, NUL-terminated;
 *   STRSAFE_E_INSUFFICIENT_BUFFER   it did not: the destination holds what fit, NUL-terminated;
 *   STRSAFE_E_INVALID_PARAMETER     a size of 0 or over STRSAFE_MAX_CCH characters (the destination
 *                                   is emptied when it has room), a Cat destination that is not
 *                                   terminated within its size (left as it is), a Length string with
 *                                   no terminator within cchMax (*pcchLength = 0); here also a NULL
 *                                   source (the SDK's dereferences it) and an invalid printf format.
 * Printf and VPrintf format with MSVC's rules (openwudf/wdk/msvcfmt.h): in the W functions %s is a
 * WCHAR string and %S a char string, the other way round in the A functions; %ls/%ws and %hs say it
 * outright; %I64d, %Iu, %p as 16 hex digits, width, precision and flags. char strings are UTF-8.
 * Not here: the Ex forms, and the SDK's deprecation of strcpy and friends.
 */
#ifndef OPENWUDF_WDK_STRSAFE_H
#define OPENWUDF_WDK_STRSAFE_H

#include <stdarg.h>
#include <stddef.h>

#include "../wintypes.h"
#include "msvcfmt.h"

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef WCHAR *STRSAFE_LPWSTR;
typedef const WCHAR *STRSAFE_LPCWSTR;

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the workers: one for char and 16-bit units (unit = 1 or 2 bytes) ---- */

static inline void wudf_strsafe_put(void *s, size_t i, unsigned value, size_t unit)
{
    if (unit == 2) {
        uint16_t u = (uint16_t)value;
        memcpy((char *)s + i * 2, &u, 2);
    } else {
        ((char *)s)[i] = (char)value;
    }
}

static inline HRESULT wudf_strsafe_validate(void *dest, size_t cch, size_t unit)
{
    if (cch == 0 || cch > STRSAFE_MAX_CCH) {
        if (cch > 0 && dest)
            wudf_strsafe_put(dest, 0, 0, unit);
        return STRSAFE_E_INVALID_PARAMETER;
    }
    return dest ? S_OK : STRSAFE_E_INVALID_PARAMETER;
}

/* Copies at most max units of src into dest (cch units, terminator included). */
static inline HRESULT wudf_strsafe_copy(void *dest, size_t cch, const void *src, size_t max, size_t unit)
{
    HRESULT hr = wudf_strsafe_validate(dest, cch, unit);
    if (FAILED(hr))
        return hr;
    if (!src || max > STRSAFE_MAX_CCH) {
        wudf_strsafe_put(dest, 0, 0, unit);
        return STRSAFE_E_INVALID_PARAMETER;
    }
    size_t i = 0;
    for (; i < max && i + 1 < cch; i++) {
        unsigned u = wudf_fmt_unit(src, i, unit == 2);
        if (u == 0)
            break;
        wudf_strsafe_put(dest, i, u, unit);
    }
    wudf_strsafe_put(dest, i, 0, unit);
    return i < max && wudf_fmt_unit(src, i, unit == 2) != 0 ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

static inline HRESULT wudf_strsafe_cat(void *dest, size_t cch, const void *src, size_t max, size_t unit)
{
    if (cch == 0 || cch > STRSAFE_MAX_CCH || !dest)
        return STRSAFE_E_INVALID_PARAMETER;
    size_t used = wudf_fmt_length(dest, unit == 2, cch);
    if (used == cch)
        return STRSAFE_E_INVALID_PARAMETER;
    return wudf_strsafe_copy((char *)dest + used * unit, cch - used, src, max, unit);
}

static inline HRESULT wudf_strsafe_length(const void *s, size_t max, size_t *length, size_t unit)
{
    HRESULT hr = STRSAFE_E_INVALID_PARAMETER;
    size_t n = 0;
    if (s && max <= STRSAFE_MAX_CCH) {
        n = wudf_fmt_length(s, unit == 2, max);
        if (n < max)
            hr = S_OK;
    }
    if (length)
        *length = SUCCEEDED(hr) ? n : 0;
    return hr;
}

static inline HRESULT wudf_strsafe_vprintf(void *dest, size_t cch, const void *format, va_list args, size_t unit)
{
    HRESULT hr = wudf_strsafe_validate(dest, cch, unit);
    if (FAILED(hr))
        return hr;
    if (!format) {
        wudf_strsafe_put(dest, 0, 0, unit);
        return STRSAFE_E_INVALID_PARAMETER;
    }
    wudf_fmt_sink out;
    va_list copy;
    va_copy(copy, args);
    wudf_fmt_sink_init(&out, dest, cch, unit == 2);
    int rc = wudf_fmt_vformat(&out, format, unit == 2, &copy, NULL, NULL);
    va_end(copy);
    int fit = wudf_fmt_sink_finish(&out);
    if (rc != WUDF_FMT_OK)
        return STRSAFE_E_INVALID_PARAMETER;
    return fit ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
}

/* A byte count as a character count; over the maximum it stays over. */
static inline size_t wudf_strsafe_cb(size_t cb, size_t unit)
{
    return cb > (size_t)STRSAFE_MAX_CCH * unit ? (size_t)STRSAFE_MAX_CCH + 1 : cb / unit;
}

/* ---- StringCch ---- */

static inline HRESULT StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return wudf_strsafe_copy(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 1);
}
static inline HRESULT StringCchCopyW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return wudf_strsafe_copy(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 2);
}
static inline HRESULT StringCchCopyNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToCopy)
{
    return wudf_strsafe_copy(pszDest, cchDest, pszSrc, cchToCopy, 1);
}
static inline HRESULT StringCchCopyNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, size_t cchToCopy)
{
    return wudf_strsafe_copy(pszDest, cchDest, pszSrc, cchToCopy, 2);
}
static inline HRESULT StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return wudf_strsafe_cat(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 1);
}
static inline HRESULT StringCchCatW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return wudf_strsafe_cat(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 2);
}
static inline HRESULT StringCchCatNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToAppend)
{
    return wudf_strsafe_cat(pszDest, cchDest, pszSrc, cchToAppend, 1);
}
static inline HRESULT StringCchCatNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, size_t cchToAppend)
{
    return wudf_strsafe_cat(pszDest, cchDest, pszSrc, cchToAppend, 2);
}
static inline HRESULT StringCchLengthA(STRSAFE_LPCSTR psz, size_t cchMax, size_t *pcchLength)
{
    return wudf_strsafe_length(psz, cchMax, pcchLength, 1);
}
static inline HRESULT StringCchLengthW(STRSAFE_LPCWSTR psz, size_t cchMax, size_t *pcchLength)
{
    return wudf_strsafe_length(psz, cchMax, pcchLength, 2);
}
static inline HRESULT StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, va_list argList)
{
    return wudf_strsafe_vprintf(pszDest, cchDest, pszFormat, argList, 1);
}
static inline HRESULT StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    return wudf_strsafe_vprintf(pszDest, cchDest, pszFormat, argList, 2);
}
static inline HRESULT StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = wudf_strsafe_vprintf(pszDest, cchDest, pszFormat, args, 1);
    va_end(args);
    return hr;
}
static inline HRESULT StringCchPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = wudf_strsafe_vprintf(pszDest, cchDest, pszFormat, args, 2);
    va_end(args);
    return hr;
}

/* ---- StringCb: sizes in bytes ---- */

static inline HRESULT StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return wudf_strsafe_copy(pszDest, wudf_strsafe_cb(cbDest, 1), pszSrc, STRSAFE_MAX_CCH, 1);
}
static inline HRESULT StringCbCopyW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return wudf_strsafe_copy(pszDest, wudf_strsafe_cb(cbDest, 2), pszSrc, STRSAFE_MAX_CCH, 2);
}
static inline HRESULT StringCbCopyNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToCopy)
{
    return wudf_strsafe_copy(pszDest, wudf_strsafe_cb(cbDest, 1), pszSrc, wudf_strsafe_cb(cbToCopy, 1), 1);
}
static inline HRESULT StringCbCopyNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToCopy)
{
    return wudf_strsafe_copy(pszDest, wudf_strsafe_cb(cbDest, 2), pszSrc, wudf_strsafe_cb(cbToCopy, 2), 2);
}
static inline HRESULT StringCbCatA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return wudf_strsafe_cat(pszDest, wudf_strsafe_cb(cbDest, 1), pszSrc, STRSAFE_MAX_CCH, 1);
}
static inline HRESULT StringCbCatW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return wudf_strsafe_cat(pszDest, wudf_strsafe_cb(cbDest, 2), pszSrc, STRSAFE_MAX_CCH, 2);
}
static inline HRESULT StringCbCatNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToAppend)
{
    return wudf_strsafe_cat(pszDest, wudf_strsafe_cb(cbDest, 1), pszSrc, wudf_strsafe_cb(cbToAppend, 1), 1);
}
static inline HRESULT StringCbCatNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToAppend)
{
    return wudf_strsafe_cat(pszDest, wudf_strsafe_cb(cbDest, 2), pszSrc, wudf_strsafe_cb(cbToAppend, 2), 2);
}
static inline HRESULT StringCbLengthA(STRSAFE_LPCSTR psz, size_t cbMax, size_t *pcbLength)
{
    return wudf_strsafe_length(psz, wudf_strsafe_cb(cbMax, 1), pcbLength, 1);
}
static inline HRESULT StringCbLengthW(STRSAFE_LPCWSTR psz, size_t cbMax, size_t *pcbLength)
{
    HRESULT hr = wudf_strsafe_length(psz, wudf_strsafe_cb(cbMax, 2), pcbLength, 2);
    if (pcbLength)
        *pcbLength *= 2;
    return hr;
}
static inline HRESULT StringCbVPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszFormat, va_list argList)
{
    return wudf_strsafe_vprintf(pszDest, wudf_strsafe_cb(cbDest, 1), pszFormat, argList, 1);
}
static inline HRESULT StringCbVPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    return wudf_strsafe_vprintf(pszDest, wudf_strsafe_cb(cbDest, 2), pszFormat, argList, 2);
}
static inline HRESULT StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = wudf_strsafe_vprintf(pszDest, wudf_strsafe_cb(cbDest, 1), pszFormat, args, 1);
    va_end(args);
    return hr;
}
static inline HRESULT StringCbPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = wudf_strsafe_vprintf(pszDest, wudf_strsafe_cb(cbDest, 2), pszFormat, args, 2);
    va_end(args);
    return hr;
}

#ifdef __cplusplus
}
#endif

/* ---- the generic names ---- */
#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCchCat StringCchCatW
#define StringCchCatN StringCchCatNW
#define StringCchLength StringCchLengthW
#define StringCchPrintf StringCchPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCbCopy StringCbCopyW
#define StringCbCopyN StringCbCopyNW
#define StringCbCat StringCbCatW
#define StringCbCatN StringCbCatNW
#define StringCbLength StringCbLengthW
#define StringCbPrintf StringCbPrintfW
#define StringCbVPrintf StringCbVPrintfW
#else
#define StringCchCopy StringCchCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCchCat StringCchCatA
#define StringCchCatN StringCchCatNA
#define StringCchLength StringCchLengthA
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCbCopy StringCbCopyA
#define StringCbCopyN StringCbCopyNA
#define StringCbCat StringCbCatA
#define StringCbCatN StringCbCatNA
#define StringCbLength StringCbLengthA
#define StringCbPrintf StringCbPrintfA
#define StringCbVPrintf StringCbVPrintfA
#endif

#endif /* OPENWUDF_WDK_STRSAFE_H */
