/*
 * IWDFUnifiedPropertyStore: the device's properties of the unified device property model, by
 * DEVPROPKEY. The system's (hardware and compatible ids, description, manufacturer, class,
 * service, instance id, driver provider and version) came from the install and are read-only;
 * the friendly name and driver-defined keys may be written, and persist. Strings cross as
 * UTF-16 (DEVPROP_TYPE_STRING with its terminator, DEVPROP_TYPE_STRING_LIST double-terminated),
 * as SetupDiGetDeviceProperty hands them out. Properties are language-neutral: every LCID but the
 * forbidden defaults reads and writes the same value.
 */
#include "property.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define WUDF_LOCALE_USER_DEFAULT 0x0400u
#define WUDF_LOCALE_SYSTEM_DEFAULT 0x0800u
#define WUDF_DEVPROP_TYPEMOD_ARRAY 0x1000u
#define WUDF_DEVPROP_TYPEMOD_LIST 0x2000u
#define WUDF_DEVPROP_TYPE_MAX 0x19u

typedef struct unified_store {
    wudf_object obj;
} unified_store;

WUDF_UNKNOWN_METHODS(unified, IWDFUnifiedPropertyStore)

static HRESULT check_call(const DEVPROPKEY *key, LCID lcid, ULONG flags)
{
    /* Learn: Flags is reserved (0); Lcid is not LOCALE_SYSTEM_DEFAULT or LOCALE_USER_DEFAULT. */
    if (!key || flags || lcid == WUDF_LOCALE_USER_DEFAULT || lcid == WUDF_LOCALE_SYSTEM_DEFAULT)
        return E_INVALIDARG;
    return S_OK;
}

static void key_names(const DEVPROPKEY *key, char path[39], char name[12])
{
    wudf_guid_format(&key->fmtid, path);
    snprintf(name, 12, "%lu", (unsigned long)key->pid);
}

/* Appends text (length bytes of UTF-8) to *d as UTF-16LE with its terminator. */
static int append_utf16(uint8_t **d, size_t *total, const char *text, size_t length)
{
    size_t units;
    uint16_t *wide = wudf_utf8_to_utf16(text, length, &units);
    uint8_t *grown = wide ? realloc(*d, *total + (units + 1) * 2 + 2) : NULL;
    if (!grown) {
        free(wide);
        return -1;
    }
    *d = grown;
    for (size_t i = 0; i <= units; i++) {
        grown[*total + 2 * i] = (uint8_t)wide[i];
        grown[*total + 2 * i + 1] = (uint8_t)(wide[i] >> 8);
    }
    *total += (units + 1) * 2;
    free(wide);
    return 0;
}

/* The stored data as the driver sees it: strings in UTF-16 (malloc'd). */
static HRESULT driver_bytes(const wudf_reg_entry *e, uint8_t **out, size_t *size)
{
    wudf_reg_kind kind = wudf_reg_kind_of(e);
    uint8_t *d = malloc(e->size + 2);
    size_t total = 0;
    if (!d)
        return E_OUTOFMEMORY;
    if (kind == WUDF_REG_KIND_TEXT) {
        if (append_utf16(&d, &total, (const char *)e->data, e->size)) {
            free(d);
            return E_OUTOFMEMORY;
        }
    } else if (kind == WUDF_REG_KIND_LIST) {
        for (size_t at = 0; at < e->size; at += strlen((const char *)e->data + at) + 1)
            if (append_utf16(&d, &total, (const char *)e->data + at, strlen((const char *)e->data + at))) {
                free(d);
                return E_OUTOFMEMORY;
            }
        d[total] = d[total + 1] = 0; /* the list's final terminator */
        total += 2;
    } else {
        memcpy(d, e->data, e->size);
        total = e->size;
    }
    *out = d;
    *size = total;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE unified_GetPropertyData(IWDFUnifiedPropertyStore *This, const DEVPROPKEY *key,
                                                         LCID lcid, ULONG flags, ULONG size, PVOID data,
                                                         ULONG *required, DEVPROPTYPE *type)
{
    HRESULT hr = check_call(key, lcid, flags);
    if (FAILED(hr) || !required || !type)
        return FAILED(hr) ? hr : E_INVALIDARG;
    char path[39], name[12];
    key_names(key, path, name);
    wudf_host *host = ((unified_store *)(void *)This)->obj.host;
    uint8_t *bytes = NULL;
    size_t n = 0;
    *type = WUDF_DEVPROP_TYPE_EMPTY;
    *required = 0;
    hr = HRESULT_FROM_WIN32(ERROR_NOT_FOUND); /* with DEVPROP_TYPE_EMPTY, as SetupAPI answers */
    wudf_reg_store *reg = wudf_props_lock(host);
    if (reg) {
        long at = wudf_reg_store_find(reg, WUDF_REG_ROOT_DP, path, name);
        if (at >= 0) {
            hr = driver_bytes(&reg->entries[at], &bytes, &n);
            if (SUCCEEDED(hr))
                *type = reg->entries[at].type;
        }
        wudf_props_unlock(host);
    }
    if (FAILED(hr))
        return hr;
    *required = (ULONG)n;
    if (!data || size < n)
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    else
        memcpy(data, bytes, n);
    free(bytes);
    return hr;
}

/* UTF-16 units of data (size bytes, maybe unaligned) up to a terminator, as UTF-8 (malloc'd);
 * *used gets the bytes read with the terminator. NULL when there is no terminator. */
static char *utf8_of(const uint8_t *data, size_t size, size_t *used)
{
    size_t units = size / 2, n = 0;
    while (n < units && (data[2 * n] | data[2 * n + 1]))
        n++;
    if (n == units)
        return NULL;
    uint16_t *wide = malloc((n + 1) * sizeof *wide);
    if (!wide)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        wide[i] = (uint16_t)(data[2 * i] | data[2 * i + 1] << 8);
    char *text = wudf_utf16_to_utf8(wide);
    free(wide);
    *used = (n + 1) * 2;
    return text;
}

/* The driver's data as stored: strings from UTF-16 to UTF-8 (malloc'd). */
static HRESULT stored_bytes(DEVPROPTYPE type, const uint8_t *data, size_t size, uint8_t **out, size_t *out_size)
{
    if (type != WUDF_DEVPROP_TYPE_STRING && type != WUDF_DEVPROP_TYPE_STRING_LIST) {
        *out = malloc(size + 1);
        if (!*out)
            return E_OUTOFMEMORY;
        if (size)
            memcpy(*out, data, size);
        *out_size = size;
        return S_OK;
    }
    uint8_t *d = malloc(size * 2 + 2);
    size_t total = 0, at = 0, used = 0;
    if (!d)
        return E_OUTOFMEMORY;
    for (;;) {
        if (type == WUDF_DEVPROP_TYPE_STRING_LIST && at + 2 <= size && !(data[at] | data[at + 1]))
            break; /* the list's final terminator */
        char *item = utf8_of(data + at, size - at, &used);
        if (!item || (type == WUDF_DEVPROP_TYPE_STRING_LIST && !item[0])) {
            free(item);
            free(d);
            return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER); /* unterminated */
        }
        size_t len = strlen(item);
        memcpy(d + total, item, len + (type == WUDF_DEVPROP_TYPE_STRING_LIST));
        total += len + (type == WUDF_DEVPROP_TYPE_STRING_LIST);
        free(item);
        at += used;
        if (type == WUDF_DEVPROP_TYPE_STRING)
            break;
    }
    *out = d;
    *out_size = total;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE unified_SetPropertyData(IWDFUnifiedPropertyStore *This, const DEVPROPKEY *key,
                                                         LCID lcid, ULONG flags, DEVPROPTYPE type, ULONG size,
                                                         PVOID data)
{
    HRESULT hr = check_call(key, lcid, flags);
    if (FAILED(hr))
        return hr;
    unsigned base = type & ~(WUDF_DEVPROP_TYPEMOD_ARRAY | WUDF_DEVPROP_TYPEMOD_LIST);
    if (base > WUDF_DEVPROP_TYPE_MAX || (type & WUDF_DEVPROP_TYPEMOD_ARRAY && type & WUDF_DEVPROP_TYPEMOD_LIST))
        return E_INVALIDARG;
    if (data && size > WUDF_REG_DATA_MAX)
        return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    char path[39], name[12];
    key_names(key, path, name);
    wudf_host *host = ((unified_store *)(void *)This)->obj.host;
    wudf_reg_entry probe = {WUDF_REG_ROOT_DP, path, name, type, NULL, 0, 0};
    if (!wudf_reg_driver_may_write(&probe))
        return E_ACCESSDENIED;
    if (!data || type == WUDF_DEVPROP_TYPE_EMPTY) {
        /* NULL data deletes (Learn); a delete of a missing property is ERROR_NOT_FOUND. */
        hr = wudf_props_delete(host, &probe);
        return hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) ? HRESULT_FROM_WIN32(ERROR_NOT_FOUND) : hr;
    }
    uint8_t *bytes = NULL;
    size_t n = 0;
    wudf_reg_entry e;
    hr = stored_bytes(type, data, size, &bytes, &n);
    if (SUCCEEDED(hr) && wudf_reg_entry_from_data(WUDF_REG_ROOT_DP, path, name, type, bytes, n, &e, NULL))
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    free(bytes);
    if (FAILED(hr))
        return hr;
    hr = wudf_props_set(host, &e);
    wudf_reg_entry_free(&e);
    return hr;
}

static const IWDFUnifiedPropertyStoreVtbl unified_vtbl = {
    WUDF_UNKNOWN_VTBL(unified),
    .SetPropertyData = unified_SetPropertyData,
    .GetPropertyData = unified_GetPropertyData,
};

static const IID *const unified_iids[] = {&IID_IWDFUnifiedPropertyStore, NULL};
static const wudf_object_type unified_type = {
    .name = "IWDFUnifiedPropertyStore",
    .iids = unified_iids,
};

HRESULT wudf_unified_store_create(wudf_host *host, IWDFUnifiedPropertyStore **out)
{
    unified_store *s = calloc(1, sizeof *s);
    if (!s)
        return E_OUTOFMEMORY;
    wudf_object_init(&s->obj, &unified_vtbl, &unified_type, host, NULL, NULL);
    *out = (IWDFUnifiedPropertyStore *)(void *)s;
    return S_OK;
}
