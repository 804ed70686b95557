/*
 * IWDFNamedPropertyStore and IWDFNamedPropertyStore2 over one key of the device (a root and a
 * subkey path, property.h). Registry types map to PROPVARIANTs as UMDF maps them: REG_SZ and
 * REG_EXPAND_SZ VT_LPWSTR, REG_DWORD VT_UI4, REG_QWORD VT_UI8, REG_MULTI_SZ VT_VECTOR|VT_LPWSTR,
 * REG_BINARY (and other types) VT_VECTOR|VT_UI1. Names compare case-insensitively, as registry
 * value names do. A store opened for reading refuses writes with E_ACCESSDENIED, as a key opened
 * without KEY_SET_VALUE does.
 */
#include "property.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "wire_bytes.h"

typedef struct wudf_property_store {
    wudf_object obj;
    wudf_reg_root root;
    char *path;
    int writable;
} wudf_property_store;

static wudf_property_store *store_of(IWDFNamedPropertyStore2 *This)
{
    return (wudf_property_store *)(void *)This;
}

static WCHAR *task_string(const char *utf8, size_t length)
{
    size_t units;
    WCHAR *wide = wudf_utf8_to_utf16(utf8, length, &units);
    if (!wide)
        return NULL;
    WCHAR *out = CoTaskMemAlloc((units + 1) * sizeof(WCHAR));
    if (out)
        memcpy(out, wide, (units + 1) * sizeof(WCHAR));
    free(wide);
    return out;
}

/* The value's data as a PROPVARIANT the driver owns (CoTaskMem). */
static HRESULT to_propvariant(const wudf_reg_entry *e, PROPVARIANT *pv)
{
    PropVariantInit(pv);
    switch (wudf_reg_kind_of(e)) {
    case WUDF_REG_KIND_TEXT:
        pv->pwszVal = task_string((const char *)e->data, e->size);
        if (!pv->pwszVal)
            return E_OUTOFMEMORY;
        pv->vt = VT_LPWSTR;
        return S_OK;
    case WUDF_REG_KIND_LIST: {
        ULONG count = 0;
        for (size_t at = 0; at < e->size; at += strlen((const char *)e->data + at) + 1)
            count++;
        LPWSTR *items = CoTaskMemAlloc(count * sizeof *items);
        if (!items)
            return E_OUTOFMEMORY;
        pv->vt = VT_VECTOR | VT_LPWSTR;
        pv->calpwstr.pElems = items;
        for (size_t at = 0; at < e->size; at += strlen((const char *)e->data + at) + 1) {
            items[pv->calpwstr.cElems] = task_string((const char *)e->data + at, strlen((const char *)e->data + at));
            if (!items[pv->calpwstr.cElems]) {
                PropVariantClear(pv);
                return E_OUTOFMEMORY;
            }
            pv->calpwstr.cElems++;
        }
        return S_OK;
    }
    case WUDF_REG_KIND_NUMBER:
        if (e->size == 4) {
            pv->vt = VT_UI4;
            pv->ulVal = wudf_le32(e->data);
            return S_OK;
        }
        pv->vt = VT_UI8;
        pv->uhVal.QuadPart = wudf_le64(e->data);
        return S_OK;
    default:
        pv->caub.pElems = CoTaskMemAlloc(e->size);
        if (!pv->caub.pElems)
            return E_OUTOFMEMORY;
        memcpy(pv->caub.pElems, e->data, e->size);
        pv->caub.cElems = (ULONG)e->size;
        pv->vt = VT_VECTOR | VT_UI1;
        return S_OK;
    }
}

/* A PROPVARIANT's value as registry data: its type and bytes (malloc'd). */
static HRESULT from_propvariant(const PROPVARIANT *pv, uint32_t *type, uint8_t **data, size_t *size)
{
    uint64_t number;
    char *text = NULL;
    *data = NULL;
    *size = 0;
    switch (pv->vt) {
    case VT_LPWSTR:
    case VT_BSTR:
        if (!pv->pwszVal)
            return E_INVALIDARG;
        text = wudf_utf16_to_utf8(pv->pwszVal);
        if (!text)
            return E_OUTOFMEMORY;
        *type = WUDF_REG_SZ;
        *data = (uint8_t *)text;
        *size = strlen(text);
        return S_OK;
    case VT_UI4:
    case VT_I4:
    case VT_UINT:
    case VT_INT:
        *type = WUDF_REG_DWORD;
        number = pv->ulVal;
        *size = 4;
        break;
    case VT_UI8:
    case VT_I8:
        *type = WUDF_REG_QWORD;
        number = pv->uhVal.QuadPart;
        *size = 8;
        break;
    case VT_VECTOR | VT_UI1:
        if (pv->caub.cElems && !pv->caub.pElems)
            return E_INVALIDARG;
        if (pv->caub.cElems > WUDF_REG_DATA_MAX)
            return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        *type = WUDF_REG_BINARY;
        *data = malloc(pv->caub.cElems + 1);
        if (!*data)
            return E_OUTOFMEMORY;
        if (pv->caub.cElems)
            memcpy(*data, pv->caub.pElems, pv->caub.cElems);
        *size = pv->caub.cElems;
        return S_OK;
    case VT_VECTOR | VT_LPWSTR: {
        if (pv->calpwstr.cElems && !pv->calpwstr.pElems)
            return E_INVALIDARG;
        size_t total = 0;
        uint8_t *d = NULL;
        for (ULONG i = 0; i < pv->calpwstr.cElems; i++) {
            char *item = pv->calpwstr.pElems[i] ? wudf_utf16_to_utf8(pv->calpwstr.pElems[i]) : NULL;
            size_t n = item ? strlen(item) : 0;
            uint8_t *grown = item && n && total + n + 1 <= WUDF_REG_DATA_MAX ? realloc(d, total + n + 1) : NULL;
            if (!grown) {
                HRESULT hr = !pv->calpwstr.pElems[i] || (item && !n) ? E_INVALIDARG
                             : item && total + n + 1 > WUDF_REG_DATA_MAX ? HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)
                                                                          : E_OUTOFMEMORY;
                free(item);
                free(d);
                return hr;
            }
            d = grown;
            memcpy(d + total, item, n + 1);
            total += n + 1;
            free(item);
        }
        *type = WUDF_REG_MULTI_SZ;
        *data = d;
        *size = total;
        return S_OK;
    }
    default:
        /* No registry type holds it (the registry keeps strings, numbers and bytes). */
        return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED);
    }
    *data = malloc(8);
    if (!*data)
        return E_OUTOFMEMORY;
    wudf_put64(*data, number); /* little-endian: a REG_DWORD is its first four bytes */
    return S_OK;
}

WUDF_UNKNOWN_METHODS(store, IWDFNamedPropertyStore2)

static HRESULT STDMETHODCALLTYPE store_GetNamedValue(IWDFNamedPropertyStore2 *This, LPCWSTR name, PROPVARIANT *pv)
{
    if (!name || !pv)
        return E_INVALIDARG;
    wudf_property_store *s = store_of(This);
    char *utf8 = wudf_utf16_to_utf8(name);
    if (!utf8)
        return E_OUTOFMEMORY;
    HRESULT hr = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND); /* RegQueryValueEx's answer */
    wudf_reg_store *reg = wudf_props_lock(s->obj.host);
    if (reg) {
        long at = wudf_reg_store_find(reg, s->root, s->path, utf8);
        if (at >= 0)
            hr = to_propvariant(&reg->entries[at], pv);
        wudf_props_unlock(s->obj.host);
    }
    free(utf8);
    return hr;
}

static HRESULT make_entry(wudf_property_store *s, LPCWSTR name, const PROPVARIANT *pv, wudf_reg_entry *e)
{
    if (!name || !pv)
        return E_INVALIDARG;
    if (!s->writable)
        return E_ACCESSDENIED;
    uint32_t type = 0;
    uint8_t *data = NULL;
    size_t size = 0;
    char *utf8 = wudf_utf16_to_utf8(name);
    HRESULT hr = utf8 ? (pv ? from_propvariant(pv, &type, &data, &size) : S_OK) : E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && wudf_reg_entry_from_data(s->root, s->path, utf8, type, data, size, e, NULL))
        hr = E_INVALIDARG;
    free(utf8);
    free(data);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_SetNamedValue(IWDFNamedPropertyStore2 *This, LPCWSTR name,
                                                     const PROPVARIANT *pv)
{
    wudf_reg_entry e;
    HRESULT hr = make_entry(store_of(This), name, pv, &e);
    if (FAILED(hr))
        return hr;
    hr = wudf_props_set(store_of(This)->obj.host, &e);
    wudf_reg_entry_free(&e);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetNameCount(IWDFNamedPropertyStore2 *This, DWORD *count)
{
    if (!count)
        return E_POINTER;
    wudf_property_store *s = store_of(This);
    wudf_reg_store *reg = wudf_props_lock(s->obj.host);
    *count = reg ? (DWORD)wudf_reg_store_value_count(reg, s->root, s->path) : 0;
    if (reg)
        wudf_props_unlock(s->obj.host);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_GetNameAt(IWDFNamedPropertyStore2 *This, DWORD index, PWSTR *name)
{
    if (!name)
        return E_POINTER;
    wudf_property_store *s = store_of(This);
    HRESULT hr = HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS); /* RegEnumValue's answer past the last */
    wudf_reg_store *reg = wudf_props_lock(s->obj.host);
    if (reg) {
        const wudf_reg_entry *e = wudf_reg_store_value_at(reg, s->root, s->path, index);
        if (e) {
            *name = task_string(e->name, strlen(e->name));
            hr = *name ? S_OK : E_OUTOFMEMORY;
        }
        wudf_props_unlock(s->obj.host);
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_DeleteNamedValue(IWDFNamedPropertyStore2 *This, LPCWSTR name)
{
    wudf_property_store *s = store_of(This);
    if (!name)
        return E_INVALIDARG;
    if (!s->writable)
        return E_ACCESSDENIED;
    char *utf8 = wudf_utf16_to_utf8(name);
    if (!utf8)
        return E_OUTOFMEMORY;
    wudf_reg_entry e = {s->root, s->path, utf8, 0, NULL, 0, 0};
    HRESULT hr = wudf_props_delete(s->obj.host, &e);
    free(utf8);
    return hr;
}

static const IWDFNamedPropertyStore2Vtbl store_vtbl = {
    WUDF_UNKNOWN_VTBL(store),
    .GetNamedValue = store_GetNamedValue,
    .SetNamedValue = store_SetNamedValue,
    .GetNameCount = store_GetNameCount,
    .GetNameAt = store_GetNameAt,
    .DeleteNamedValue = store_DeleteNamedValue,
};

static void store_destroy(wudf_object *obj)
{
    free(((wudf_property_store *)(void *)obj)->path);
}

static const IID *const store_iids[] = {&IID_IWDFNamedPropertyStore, &IID_IWDFNamedPropertyStore2, NULL};
static const wudf_object_type store_type = {
    .name = "IWDFNamedPropertyStore",
    .iids = store_iids,
    .destroy = store_destroy,
};

HRESULT wudf_named_store_create(wudf_host *host, wudf_reg_root root, const char *path, int writable,
                                IWDFNamedPropertyStore2 **out)
{
    wudf_property_store *s = calloc(1, sizeof *s);
    char *copy = wudf_text_copy(path);
    if (!s || !copy) {
        free(s);
        free(copy);
        return E_OUTOFMEMORY;
    }
    s->root = root;
    s->path = copy;
    s->writable = writable;
    /* The driver's reference is the only one: the store dies with its last Release. */
    wudf_object_init(&s->obj, &store_vtbl, &store_type, host, NULL, NULL);
    *out = (IWDFNamedPropertyStore2 *)(void *)s;
    return S_OK;
}
