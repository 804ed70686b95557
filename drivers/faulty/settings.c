/*
 * The device's settings, from its property store (the INF's hardware-key values and wudfctl install
 * --setting): FaultOnStart=<kind>, FaultAfter=<n> with FaultKind=<kind>, FaultOnCleanup=hang|busy-loop
 * (OnCleanupFile never returns), ExtraLink=<name> (a second symbolic link, for tests of names two
 * devices claim). A setting that cannot be understood fails the
 * start: a fault campaign that silently runs without its fault proves nothing.
 */
#include "faulty.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = FAULTY_KIND_NAMES;

_Static_assert(sizeof kind_names / sizeof kind_names[0] == FAULTY_KIND_COUNT, "one name per fault kind");

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

uint32_t faulty_kind_from_name(const char *name)
{
    for (uint32_t kind = 0; kind < FAULTY_KIND_COUNT; kind++) {
        const char *a = name, *b = kind_names[kind];
        while (*a && ascii_lower((unsigned char)*a) == *b)
            a++, b++;
        if (!*a && !*b)
            return kind;
    }
    return FAULTY_KIND_COUNT;
}

const char *faulty_kind_name(uint32_t kind)
{
    return kind < FAULTY_KIND_COUNT ? kind_names[kind] : "unknown";
}

/* A setting as ASCII text: 1 present, 0 absent (or empty), -1 unreadable (why is filled in). */
static int read_text(IWDFNamedPropertyStore *store, LPCWSTR name, const char *name_utf8, char *out, size_t size,
                     char *why, size_t why_size)
{
    PROPVARIANT pv;
    PropVariantInit(&pv);
    HRESULT hr = IWDFNamedPropertyStore_GetNamedValue(store, name, &pv);
    if (hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND))
        return 0;
    if (FAILED(hr)) {
        snprintf(why, why_size, "cannot read setting %s (0x%08lX)", name_utf8, (unsigned long)(ULONG)hr);
        return -1;
    }
    int rc = 1;
    if (pv.vt == VT_LPWSTR && pv.pwszVal) {
        size_t n = 0;
        for (; pv.pwszVal[n] && n + 1 < size; n++)
            out[n] = pv.pwszVal[n] < 0x80 ? (char)pv.pwszVal[n] : '?';
        out[n] = '\0';
        if (pv.pwszVal[n]) {
            snprintf(why, why_size, "setting %s is too long to be a fault kind or a count", name_utf8);
            rc = -1;
        } else if (n == 0) {
            rc = 0;
        }
    } else if (pv.vt == VT_UI4) {
        snprintf(out, size, "%lu", (unsigned long)pv.ulVal);
    } else if (pv.vt == VT_I4) {
        snprintf(out, size, "%ld", (long)pv.lVal);
    } else {
        snprintf(why, why_size, "setting %s has variant type %u; a string or a number was expected", name_utf8,
                 (unsigned)pv.vt);
        rc = -1;
    }
    PropVariantClear(&pv);
    return rc;
}

/* A count of 1 .. 2^32-1, written in decimal digits only. */
static int parse_count(const char *text, uint32_t *out)
{
    uint64_t v = 0;
    if (!*text)
        return -1;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > UINT32_MAX)
            return -1;
    }
    if (v == 0)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int plain_name(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '_'))
            return 0;
    return 1;
}

static void list_kinds(char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (uint32_t kind = 0; kind < FAULTY_KIND_COUNT && n < size; kind++) {
        int m = snprintf(out + n, size - n, "%s%s", kind ? ", " : "", kind_names[kind]);
        if (m < 0)
            break;
        n += (size_t)m;
    }
}

static HRESULT unknown_kind(const char *setting, const char *value, char *why, size_t why_size)
{
    char kinds[300];
    list_kinds(kinds, sizeof kinds);
    snprintf(why, why_size, "%s=%s is not a fault kind (one of: %s)", setting, value, kinds);
    return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
}

HRESULT faulty_settings_read(IWDFNamedPropertyStore *store, faulty_settings *out, char *why, size_t why_size)
{
    const HRESULT invalid = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    char on_start[64], after[64], kind[64];
    memset(out, 0, sizeof *out);
    int has_start = read_text(store, WUDF_WSTR("FaultOnStart"), "FaultOnStart", on_start, sizeof on_start, why,
                              why_size);
    if (has_start < 0)
        return invalid;
    int has_after = read_text(store, WUDF_WSTR("FaultAfter"), "FaultAfter", after, sizeof after, why, why_size);
    if (has_after < 0)
        return invalid;
    int has_kind = read_text(store, WUDF_WSTR("FaultKind"), "FaultKind", kind, sizeof kind, why, why_size);
    if (has_kind < 0)
        return invalid;
    char on_cleanup[64];
    int has_cleanup = read_text(store, WUDF_WSTR("FaultOnCleanup"), "FaultOnCleanup", on_cleanup, sizeof on_cleanup,
                                why, why_size);
    if (has_cleanup < 0)
        return invalid;
    if (has_cleanup) {
        out->on_cleanup = faulty_kind_from_name(on_cleanup);
        if (out->on_cleanup != FAULTY_HANG && out->on_cleanup != FAULTY_BUSY_LOOP) {
            snprintf(why, why_size, "FaultOnCleanup=%s: only hang and busy-loop are faults of a cleanup", on_cleanup);
            return invalid;
        }
    }
    int has_link = read_text(store, WUDF_WSTR("ExtraLink"), "ExtraLink", out->extra_link, sizeof out->extra_link,
                             why, why_size);
    if (has_link < 0)
        return invalid;
    if (has_link && !plain_name(out->extra_link)) {
        snprintf(why, why_size, "ExtraLink=%s is not a plain name (letters, digits, '-' and '_')", out->extra_link);
        return invalid;
    }

    if (has_start) {
        out->on_start = faulty_kind_from_name(on_start);
        if (out->on_start == FAULTY_KIND_COUNT)
            return unknown_kind("FaultOnStart", on_start, why, why_size);
    }
    if (has_after != has_kind) {
        snprintf(why, why_size,
                 "%s is set without %s: a scheduled fault needs both FaultAfter=<n> and FaultKind=<kind>",
                 has_after ? "FaultAfter" : "FaultKind", has_after ? "FaultKind" : "FaultAfter");
        return invalid;
    }
    if (has_after) {
        if (parse_count(after, &out->after)) {
            snprintf(why, why_size, "FaultAfter=%s is not a request number (1 or more, in decimal)", after);
            return invalid;
        }
        out->after_kind = faulty_kind_from_name(kind);
        if (out->after_kind == FAULTY_KIND_COUNT)
            return unknown_kind("FaultKind", kind, why, why_size);
        if (out->after_kind == FAULTY_SLOW_START) {
            snprintf(why, why_size, "FaultKind=slow-start has no request to delay; use FaultOnStart=slow-start");
            return invalid;
        }
    }
    return S_OK;
}
