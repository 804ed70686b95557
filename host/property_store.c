/*
 * IWDFNamedPropertyStore over the device's settings (the setting.<name>
 * entries of DEVICE_START, i.e. the INF's hardware-key values). Values are
 * strings (VT_LPWSTR); names compare case-insensitively like registry names.
 * SetNamedValue changes the running host's copy only.
 */
#include "framework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct wudf_property_store {
    wudf_object obj;
} wudf_property_store;

int wudf_setting_add(wudf_host *host, const char *name, const char *value)
{
    char **names = realloc(host->setting_names, (host->setting_count + 1) * sizeof *names);
    if (!names)
        return -1;
    host->setting_names = names;
    char **values = realloc(host->setting_values, (host->setting_count + 1) * sizeof *values);
    if (!values)
        return -1;
    host->setting_values = values;
    char *n = wudf_text_copy(name), *v = wudf_text_copy(value);
    if (!n || !v) {
        free(n);
        free(v);
        return -1;
    }
    names[host->setting_count] = n;
    values[host->setting_count] = v;
    host->setting_count++;
    return 0;
}

/* Host lock held. */
static long find_setting(wudf_host *host, const WCHAR *name)
{
    for (size_t i = 0; i < host->setting_count; i++) {
        WCHAR *wide = wudf_utf8_to_utf16(host->setting_names[i], strlen(host->setting_names[i]), NULL);
        int equal = wide && wudf_utf16_equal_nocase(wide, name);
        free(wide);
        if (equal)
            return (long)i;
    }
    return -1;
}

static WCHAR *task_string(const char *utf8)
{
    size_t units;
    WCHAR *wide = wudf_utf8_to_utf16(utf8, strlen(utf8), &units);
    if (!wide)
        return NULL;
    WCHAR *out = CoTaskMemAlloc((units + 1) * sizeof(WCHAR));
    if (out)
        memcpy(out, wide, (units + 1) * sizeof(WCHAR));
    free(wide);
    return out;
}

HRESULT wudf_setting_get(wudf_host *host, const WCHAR *name, WCHAR **value)
{
    uv_mutex_lock(&host->lock);
    long i = find_setting(host, name);
    WCHAR *v = i >= 0 ? task_string(host->setting_values[i]) : NULL;
    uv_mutex_unlock(&host->lock);
    if (i < 0)
        return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    if (!v)
        return E_OUTOFMEMORY;
    *value = v;
    return S_OK;
}

HRESULT wudf_setting_set(wudf_host *host, const WCHAR *name, const char *value_utf8)
{
    char *name_utf8 = wudf_utf16_to_utf8(name);
    char *copy = wudf_text_copy(value_utf8);
    if (!name_utf8 || !copy) {
        free(name_utf8);
        free(copy);
        return E_OUTOFMEMORY;
    }
    HRESULT hr = S_OK;
    uv_mutex_lock(&host->lock);
    long i = find_setting(host, name);
    if (i >= 0) {
        free(host->setting_values[i]);
        host->setting_values[i] = copy;
        copy = NULL;
    } else if (wudf_setting_add(host, name_utf8, value_utf8)) {
        hr = E_OUTOFMEMORY;
    }
    uv_mutex_unlock(&host->lock);
    free(copy);
    free(name_utf8);
    return hr;
}

HRESULT wudf_setting_name_at(wudf_host *host, DWORD index, WCHAR **name)
{
    uv_mutex_lock(&host->lock);
    int found = index < host->setting_count;
    WCHAR *n = found ? task_string(host->setting_names[index]) : NULL;
    uv_mutex_unlock(&host->lock);
    if (!found)
        return HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS);
    if (!n)
        return E_OUTOFMEMORY;
    *name = n;
    return S_OK;
}

DWORD wudf_setting_count(wudf_host *host)
{
    uv_mutex_lock(&host->lock);
    DWORD n = (DWORD)host->setting_count;
    uv_mutex_unlock(&host->lock);
    return n;
}

WUDF_UNKNOWN_METHODS(store, IWDFNamedPropertyStore)

static HRESULT STDMETHODCALLTYPE store_GetNamedValue(IWDFNamedPropertyStore *This, LPCWSTR name, PROPVARIANT *pv)
{
    if (!name || !pv)
        return E_INVALIDARG;
    WCHAR *value;
    HRESULT hr = wudf_setting_get(((wudf_object *)(void *)This)->host, name, &value);
    if (FAILED(hr))
        return hr;
    PropVariantInit(pv);
    pv->vt = VT_LPWSTR;
    pv->pwszVal = value;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_SetNamedValue(IWDFNamedPropertyStore *This, LPCWSTR name,
                                                     const PROPVARIANT *pv)
{
    if (!name || !pv)
        return E_INVALIDARG;
    wudf_host *host = ((wudf_object *)(void *)This)->host;
    char number[32];
    switch (pv->vt) {
    case VT_LPWSTR: {
        if (!pv->pwszVal)
            return E_INVALIDARG;
        char *utf8 = wudf_utf16_to_utf8(pv->pwszVal);
        if (!utf8)
            return E_OUTOFMEMORY;
        HRESULT hr = wudf_setting_set(host, name, utf8);
        free(utf8);
        return hr;
    }
    case VT_UI4:
        snprintf(number, sizeof number, "%lu", (unsigned long)pv->ulVal);
        return wudf_setting_set(host, name, number);
    case VT_I4:
        snprintf(number, sizeof number, "%ld", (long)pv->lVal);
        return wudf_setting_set(host, name, number);
    default:
        /* Settings are text on the wire; other types have no place to live yet. */
        return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED);
    }
}

static HRESULT STDMETHODCALLTYPE store_GetNameCount(IWDFNamedPropertyStore *This, DWORD *count)
{
    if (!count)
        return E_POINTER;
    *count = wudf_setting_count(((wudf_object *)(void *)This)->host);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_GetNameAt(IWDFNamedPropertyStore *This, DWORD index, PWSTR *name)
{
    if (!name)
        return E_POINTER;
    return wudf_setting_name_at(((wudf_object *)(void *)This)->host, index, name);
}

static const IWDFNamedPropertyStoreVtbl store_vtbl = {
    WUDF_UNKNOWN_VTBL(store),
    .GetNamedValue = store_GetNamedValue,
    .SetNamedValue = store_SetNamedValue,
    .GetNameCount = store_GetNameCount,
    .GetNameAt = store_GetNameAt,
};

static const IID *const store_iids[] = {&IID_IWDFNamedPropertyStore, NULL};
static const wudf_object_type store_type = {
    .name = "IWDFNamedPropertyStore",
    .iids = store_iids,
};

HRESULT wudf_property_store_create(wudf_host *host, IWDFNamedPropertyStore **store,
                                   WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    if (!store)
        return E_POINTER;
    wudf_property_store *s = calloc(1, sizeof *s);
    if (!s)
        return E_OUTOFMEMORY;
    /* The driver's reference is the only one: the store dies with its last Release. */
    wudf_object_init(&s->obj, &store_vtbl, &store_type, host, NULL, NULL);
    *store = (IWDFNamedPropertyStore *)(void *)s;
    if (disposition)
        *disposition = OpenedExistingStore;
    return S_OK;
}
