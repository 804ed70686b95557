/*
 * WPP's format extensions, %!NAME! in a trace message (openwudf/wdk/wpp.h lists them): what a trace
 * knows of itself (%!FUNC!, %!FILE!, %!LINE!, %!LEVEL!, %!FLAGS!, %!COMPNAME!), and how its arguments
 * of the WDK's types print: status codes by name where common (a small table of our own: a driver
 * links nothing of openwudf), GUIDs, SIDs, times, booleans, IRQLs. msvcfmt.h calls
 * wudf_wpp_extension for each.
 */
#ifndef OPENWUDF_WDK_WPP_FORMAT_H
#define OPENWUDF_WDK_WPP_FORMAT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "msvcfmt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The names WPP_CONTROL_GUIDS gives, as a table: each control's name (is_control) followed by its
 * bits' names (wpp_control.h builds it). */
typedef struct wudf_wpp_name {
    const char *name;
    int is_control;
} wudf_wpp_name;

/* text[0, n) is name, ignoring the case of ASCII letters. */
static inline int wudf_wpp_same(const char *text, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        char x = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 32) : text[i];
        char y = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 32) : name[i];
        if (!y || x != y)
            return 0;
    }
    return name[n] == '\0';
}

/* What a trace knows of itself: for the extensions, and the fields of its line. */
typedef struct wudf_wpp_site {
    const wudf_wpp_name *names;
    int level;         /* -1: the call has no level (DoTraceMessage) */
    const char *flag;  /* "" when the call names none */
    const char *component;
    char function[256];
    const char *file;  /* base name */
    int line;
} wudf_wpp_site;

typedef struct wudf_wpp_code {
    uint32_t value;
    const char *name;
} wudf_wpp_code;

static inline const char *wudf_wpp_code_name(const wudf_wpp_code *codes, uint32_t value)
{
    for (; codes->name; codes++)
        if (codes->value == value)
            return codes->name;
    return NULL;
}

static inline const char *wudf_wpp_status_name(uint32_t value)
{
    static const wudf_wpp_code codes[] = {
        {0x00000000u, "STATUS_SUCCESS"}, {0x00000102u, "STATUS_TIMEOUT"}, {0x00000103u, "STATUS_PENDING"},
        {0x80000005u, "STATUS_BUFFER_OVERFLOW"}, {0x8000001Au, "STATUS_NO_MORE_ENTRIES"},
        {0xC0000001u, "STATUS_UNSUCCESSFUL"}, {0xC0000002u, "STATUS_NOT_IMPLEMENTED"},
        {0xC0000008u, "STATUS_INVALID_HANDLE"}, {0xC000000Du, "STATUS_INVALID_PARAMETER"},
        {0xC000000Eu, "STATUS_NO_SUCH_DEVICE"}, {0xC0000010u, "STATUS_INVALID_DEVICE_REQUEST"},
        {0xC0000011u, "STATUS_END_OF_FILE"}, {0xC0000016u, "STATUS_MORE_PROCESSING_REQUIRED"},
        {0xC0000017u, "STATUS_NO_MEMORY"}, {0xC0000022u, "STATUS_ACCESS_DENIED"},
        {0xC0000023u, "STATUS_BUFFER_TOO_SMALL"}, {0xC0000034u, "STATUS_OBJECT_NAME_NOT_FOUND"},
        {0xC0000035u, "STATUS_OBJECT_NAME_COLLISION"}, {0xC000009Au, "STATUS_INSUFFICIENT_RESOURCES"},
        {0xC000009Du, "STATUS_DEVICE_NOT_CONNECTED"}, {0xC00000A3u, "STATUS_DEVICE_NOT_READY"},
        {0xC00000B5u, "STATUS_IO_TIMEOUT"}, {0xC00000BBu, "STATUS_NOT_SUPPORTED"},
        {0xC0000120u, "STATUS_CANCELLED"}, {0xC0000184u, "STATUS_INVALID_DEVICE_STATE"},
        {0xC0000185u, "STATUS_IO_DEVICE_ERROR"}, {0xC0000206u, "STATUS_INVALID_BUFFER_SIZE"},
        {0xC0000225u, "STATUS_NOT_FOUND"}, {0xC00002B6u, "STATUS_DEVICE_REMOVED"},
        {0xC0000450u, "STATUS_DRIVER_PROCESS_TERMINATED"}, {0, NULL}};
    return wudf_wpp_code_name(codes, value);
}

static inline const char *wudf_wpp_winerror_name(uint32_t value)
{
    static const wudf_wpp_code codes[] = {
        {0, "ERROR_SUCCESS"}, {1, "ERROR_INVALID_FUNCTION"}, {2, "ERROR_FILE_NOT_FOUND"},
        {3, "ERROR_PATH_NOT_FOUND"}, {5, "ERROR_ACCESS_DENIED"}, {6, "ERROR_INVALID_HANDLE"},
        {8, "ERROR_NOT_ENOUGH_MEMORY"}, {13, "ERROR_INVALID_DATA"}, {14, "ERROR_OUTOFMEMORY"},
        {21, "ERROR_NOT_READY"}, {22, "ERROR_BAD_COMMAND"}, {23, "ERROR_CRC"}, {24, "ERROR_BAD_LENGTH"},
        {31, "ERROR_GEN_FAILURE"}, {32, "ERROR_SHARING_VIOLATION"}, {38, "ERROR_HANDLE_EOF"},
        {50, "ERROR_NOT_SUPPORTED"}, {87, "ERROR_INVALID_PARAMETER"}, {109, "ERROR_BROKEN_PIPE"},
        {121, "ERROR_SEM_TIMEOUT"}, {122, "ERROR_INSUFFICIENT_BUFFER"}, {123, "ERROR_INVALID_NAME"},
        {170, "ERROR_BUSY"}, {183, "ERROR_ALREADY_EXISTS"}, {234, "ERROR_MORE_DATA"},
        {259, "ERROR_NO_MORE_ITEMS"}, {995, "ERROR_OPERATION_ABORTED"}, {996, "ERROR_IO_INCOMPLETE"},
        {997, "ERROR_IO_PENDING"}, {998, "ERROR_NOACCESS"}, {1117, "ERROR_IO_DEVICE"},
        {1167, "ERROR_DEVICE_NOT_CONNECTED"}, {1168, "ERROR_NOT_FOUND"}, {1223, "ERROR_CANCELLED"},
        {1450, "ERROR_NO_SYSTEM_RESOURCES"}, {1460, "ERROR_TIMEOUT"}, {1617, "ERROR_DEVICE_REMOVED"},
        {0, NULL}};
    return wudf_wpp_code_name(codes, value);
}

static inline void wudf_wpp_put_hresult(wudf_fmt_sink *out, uint32_t hr)
{
    static const wudf_wpp_code codes[] = {
        {0x00000000u, "S_OK"}, {0x00000001u, "S_FALSE"}, {0x80004001u, "E_NOTIMPL"},
        {0x80004002u, "E_NOINTERFACE"}, {0x80004003u, "E_POINTER"}, {0x80004004u, "E_ABORT"},
        {0x80004005u, "E_FAIL"}, {0x8000000Au, "E_PENDING"}, {0x8000FFFFu, "E_UNEXPECTED"},
        {0x80070005u, "E_ACCESSDENIED"}, {0x80070006u, "E_HANDLE"}, {0x8007000Eu, "E_OUTOFMEMORY"},
        {0x80070057u, "E_INVALIDARG"}, {0x80040110u, "CLASS_E_NOAGGREGATION"},
        {0x80040111u, "CLASS_E_CLASSNOTAVAILABLE"}, {0, NULL}};
    char text[96];
    const char *name = wudf_wpp_code_name(codes, hr);
    if (name) {
        wudf_fmt_put_utf8(out, name);
        return;
    }
    if ((hr & 0xFFFF0000u) == 0x80070000u) { /* HRESULT_FROM_WIN32 */
        name = wudf_wpp_winerror_name(hr & 0xFFFF);
        if (name)
            snprintf(text, sizeof text, "HRESULT_FROM_WIN32(%s)", name);
        else
            snprintf(text, sizeof text, "HRESULT_FROM_WIN32(%u)", (unsigned)(hr & 0xFFFF));
    } else if ((hr & 0x10000000u) && (name = wudf_wpp_status_name(hr & ~0x10000000u)) != NULL) {
        snprintf(text, sizeof text, "HRESULT_FROM_NT(%s)", name);
    } else {
        snprintf(text, sizeof text, "0x%08X", (unsigned)hr);
    }
    wudf_fmt_put_utf8(out, text);
}

/* 100-ns units since 1601 (FILETIME) as "YYYY-MM-DD HH:MM:SS.mmm" UTC. */
static inline void wudf_wpp_put_time(wudf_fmt_sink *out, long long filetime)
{
    if (filetime < 0)
        filetime = 0;
    long long seconds = filetime / 10000000, ms = filetime % 10000000 / 10000;
    long long z = seconds / 86400 - 134774 + 719468; /* days since 1970, shifted to 0000-03-01 */
    long long rest = seconds % 86400;
    long long era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long long day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    long long year = yoe + era * 400 + (month <= 2);
    char text[160];
    snprintf(text, sizeof text, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld.%03lld", year, month, day, rest / 3600,
             rest / 60 % 60, rest % 60, ms);
    wudf_fmt_put_utf8(out, text);
}

/* Milliseconds as WPP's "day~h:m:s" form. */
static inline void wudf_wpp_put_duration(wudf_fmt_sink *out, long long ms)
{
    char text[128];
    const char *sign = ms < 0 ? "-" : "";
    unsigned long long m = ms < 0 ? 0ull - (unsigned long long)ms : (unsigned long long)ms;
    snprintf(text, sizeof text, "%s%llu~%02llu:%02llu:%02llu.%03llu", sign, m / 86400000, m / 3600000 % 24,
             m / 60000 % 60, m / 1000 % 60, m % 1000);
    wudf_fmt_put_utf8(out, text);
}

static inline void wudf_wpp_put_guid(wudf_fmt_sink *out, const void *guid)
{
    char text[48];
    if (!guid) {
        wudf_fmt_put_utf8(out, "(null)");
        return;
    }
    const unsigned char *g = (const unsigned char *)guid;
    uint32_t d1;
    uint16_t d2, d3;
    memcpy(&d1, g, 4);
    memcpy(&d2, g + 4, 2);
    memcpy(&d3, g + 6, 2);
    snprintf(text, sizeof text, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", (unsigned)d1, (unsigned)d2,
             (unsigned)d3, g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
    wudf_fmt_put_utf8(out, text);
}

/* A SID as S-R-I-S-S... */
static inline void wudf_wpp_put_sid(wudf_fmt_sink *out, const void *sid)
{
    char text[32];
    if (!sid) {
        wudf_fmt_put_utf8(out, "(null)");
        return;
    }
    const unsigned char *s = (const unsigned char *)sid;
    unsigned long long authority = 0;
    for (int i = 2; i < 8; i++)
        authority = authority << 8 | s[i];
    snprintf(text, sizeof text, "S-%u-%llu", s[0], authority);
    wudf_fmt_put_utf8(out, text);
    for (unsigned i = 0; i < s[1] && i < 15; i++) {
        uint32_t sub;
        memcpy(&sub, s + 8 + 4 * i, 4);
        snprintf(text, sizeof text, "-%u", (unsigned)sub);
        wudf_fmt_put_utf8(out, text);
    }
}

/* %!NAME! (msvcfmt.h's extension hook). */
static inline int wudf_wpp_extension(void *context, wudf_fmt_sink *out, const char *name, size_t n, va_list *args)
{
    const wudf_wpp_site *site = (const wudf_wpp_site *)context;
    char text[64];
#define WUDF_WPP_IS(s) wudf_wpp_same(name, n, s)
    if (WUDF_WPP_IS("FUNC")) {
        wudf_fmt_put_utf8(out, site->function);
    } else if (WUDF_WPP_IS("FILE")) {
        wudf_fmt_put_utf8(out, site->file);
    } else if (WUDF_WPP_IS("LINE")) {
        snprintf(text, sizeof text, "%d", site->line);
        wudf_fmt_put_utf8(out, text);
    } else if (WUDF_WPP_IS("LEVEL")) {
        static const char *const names[] = {"TRACE_LEVEL_NONE", "TRACE_LEVEL_CRITICAL", "TRACE_LEVEL_ERROR",
                                            "TRACE_LEVEL_WARNING", "TRACE_LEVEL_INFORMATION", "TRACE_LEVEL_VERBOSE"};
        snprintf(text, sizeof text, "%d", site->level);
        wudf_fmt_put_utf8(out, site->level >= 0 && site->level <= 5 ? names[site->level] : text);
    } else if (WUDF_WPP_IS("FLAGS")) {
        wudf_fmt_put_utf8(out, site->flag);
    } else if (WUDF_WPP_IS("COMPNAME")) {
        wudf_fmt_put_utf8(out, site->component);
    } else if (WUDF_WPP_IS("STDPREFIX")) {
        /* the reflector's line has the time, process and device */
    } else if (WUDF_WPP_IS("STATUS")) {
        uint32_t v = (uint32_t)va_arg(*args, int);
        const char *s = wudf_wpp_status_name(v);
        snprintf(text, sizeof text, "0x%08X", (unsigned)v);
        wudf_fmt_put_utf8(out, s ? s : text);
    } else if (WUDF_WPP_IS("HRESULT")) {
        wudf_wpp_put_hresult(out, (uint32_t)va_arg(*args, int));
    } else if (WUDF_WPP_IS("WINERROR")) {
        uint32_t v = va_arg(*args, unsigned int);
        const char *s = wudf_wpp_winerror_name(v);
        snprintf(text, sizeof text, "%u", (unsigned)v);
        wudf_fmt_put_utf8(out, s ? s : text);
    } else if (WUDF_WPP_IS("GUID") || WUDF_WPP_IS("CLSID") || WUDF_WPP_IS("IID") || WUDF_WPP_IS("LIBID")) {
        wudf_wpp_put_guid(out, va_arg(*args, const void *));
    } else if (WUDF_WPP_IS("bool") || WUDF_WPP_IS("BOOLEAN")) {
        wudf_fmt_put_utf8(out, va_arg(*args, int) ? "TRUE" : "FALSE");
    } else if (WUDF_WPP_IS("irql")) {
        static const char *const names[] = {"PASSIVE_LEVEL", "APC_LEVEL", "DISPATCH_LEVEL"};
        int v = va_arg(*args, int);
        snprintf(text, sizeof text, "%d", v);
        wudf_fmt_put_utf8(out, v >= 0 && v <= 2 ? names[v] : text);
    } else if (WUDF_WPP_IS("TIME") || WUDF_WPP_IS("TIMESTAMP") || WUDF_WPP_IS("datetime")) {
        wudf_wpp_put_time(out, va_arg(*args, long long));
    } else if (WUDF_WPP_IS("delta") || WUDF_WPP_IS("WAITTIME") || WUDF_WPP_IS("due")) {
        wudf_wpp_put_duration(out, va_arg(*args, long long));
    } else if (WUDF_WPP_IS("sid")) {
        wudf_wpp_put_sid(out, va_arg(*args, const void *));
    } else {
        return WUDF_FMT_INVALID;
    }
#undef WUDF_WPP_IS
    return WUDF_FMT_OK;
}

#ifdef __cplusplus
}
#endif

#endif /* OPENWUDF_WDK_WPP_FORMAT_H */
