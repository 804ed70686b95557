/*
 * The device's keys in the host (property.h): loaded from DEVICE_START and checked there (the
 * reflector's word is input like any other), changed by the driver's stores with each change sent
 * to the reflector, and IWDFDevice(Initialize)::RetrieveDevicePropertyStore.
 */
#include "property.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"
#include "wire_bytes.h"

/* What the registry answers past its quota (winerror.h), here past the store's limits. */
#define WUDF_ERROR_NOT_ENOUGH_QUOTA 1816L

int wudf_property_load(wudf_host *host, const wudf_kv *kv, wudf_error *err)
{
    struct wudf_host_props *p = calloc(1, sizeof *p);
    if (!p)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory for the device's registry values");
    uv_mutex_init(&p->lock);
    wudf_reg_store_init(&p->store);
    host->props = p;
    return wudf_reg_store_from_kv(&p->store, kv, err);
}

void wudf_property_free(wudf_host *host)
{
    if (!host->props)
        return;
    wudf_reg_store_free(&host->props->store);
    uv_mutex_destroy(&host->props->lock);
    free(host->props);
    host->props = NULL;
}

wudf_reg_store *wudf_props_lock(wudf_host *host)
{
    if (!host->props)
        return NULL;
    uv_mutex_lock(&host->props->lock);
    return &host->props->store;
}

void wudf_props_unlock(wudf_host *host)
{
    uv_mutex_unlock(&host->props->lock);
}

int wudf_props_get_dword(wudf_host *host, wudf_reg_root root, const char *path, const char *name, uint32_t *value)
{
    wudf_reg_store *store = wudf_props_lock(host);
    if (!store)
        return 0;
    long at = wudf_reg_store_find(store, root, path, name);
    int rc = at < 0 ? 0 : store->entries[at].type == WUDF_REG_DWORD && store->entries[at].size == 4 ? 1 : -1;
    if (rc > 0)
        *value = wudf_le32(store->entries[at].data);
    wudf_props_unlock(host);
    return rc;
}

/* Props lock held: the events leave in the order the changes were made. */
static void send_change(wudf_host *host, const char *op, const wudf_reg_entry *e)
{
    char *text = wudf_reg_entry_format(e);
    wudf_kv kv;
    wudf_kv_init(&kv);
    if (text && !wudf_kv_add(&kv, "event", "property", NULL) && !wudf_kv_add(&kv, "op", op, NULL) &&
        !wudf_kv_add(&kv, "key", wudf_reg_root_key(e->root), NULL) && !wudf_kv_add(&kv, "entry", text, NULL))
        wudf_host_send_event(host, &kv);
    else
        wudf_log(WUDF_LOG_ERROR, "property-event-failed", "reason=out-of-memory");
    wudf_kv_free(&kv);
    free(text);
}

HRESULT wudf_props_set(wudf_host *host, const wudf_reg_entry *e)
{
    wudf_error err;
    wudf_reg_store *s = wudf_props_lock(host);
    if (!s)
        return E_UNEXPECTED;
    HRESULT hr = S_OK;
    int rc = wudf_reg_store_set(s, e, &err);
    if (rc == 0)
        send_change(host, e->name ? "set" : "create-key", e);
    else
        hr = rc == WUDF_ETOOBIG ? HRESULT_FROM_WIN32(WUDF_ERROR_NOT_ENOUGH_QUOTA) : E_OUTOFMEMORY;
    wudf_props_unlock(host);
    if (rc == WUDF_ETOOBIG)
        wudf_log(WUDF_LOG_WARN, "property-refused", "reason=\"%s\"", err.message);
    return hr;
}

HRESULT wudf_props_delete(wudf_host *host, const wudf_reg_entry *e)
{
    wudf_reg_store *s = wudf_props_lock(host);
    if (!s)
        return E_UNEXPECTED;
    int rc = e->name ? wudf_reg_store_delete(s, e->root, e->path, e->name)
                     : wudf_reg_store_delete_key(s, e->root, e->path);
    if (rc == 0)
        send_change(host, e->name ? "delete" : "delete-key", e);
    wudf_props_unlock(host);
    /* RegDeleteValue's answer for a value that is not there. */
    return rc ? HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) : S_OK;
}

HRESULT wudf_props_open_key(wudf_host *host, wudf_reg_root root, const char *path,
                            WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags, WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    if ((unsigned)flags & ~(unsigned)WdfPropertyStoreRetrieveFlagsMask)
        return E_INVALIDARG;
    wudf_reg_store *s = wudf_props_lock(host);
    if (!s)
        return E_UNEXPECTED;
    int exists = wudf_reg_store_key_exists(s, root, path);
    wudf_props_unlock(host);
    if (exists) {
        if (disposition)
            *disposition = OpenedExistingStore;
        return S_OK;
    }
    /* Either create flag creates (WDF_PROPERTY_STORE_RETRIEVE_FLAGS on Learn: CreateVolatile
     * "Create the registry key if it does not exist. The key will be volatile"). */
    if (!(flags & (WdfPropertyStoreCreateIfMissing | WdfPropertyStoreCreateVolatile)))
        return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND); /* RegOpenKeyEx's answer */
    wudf_reg_entry key;
    wudf_error err;
    if (wudf_reg_entry_make(root, path, NULL, "key", (flags & WdfPropertyStoreCreateVolatile) ? "volatile" : "",
                            &key, &err))
        return E_INVALIDARG;
    HRESULT hr = wudf_props_set(host, &key);
    wudf_reg_entry_free(&key);
    if (SUCCEEDED(hr) && disposition)
        *disposition = CreatedNewStore;
    return hr;
}

HRESULT wudf_props_path(const WCHAR *wide, char **out)
{
    *out = wudf_utf16_to_utf8(wide ? wide : (const WCHAR *)u"");
    if (!*out)
        return E_OUTOFMEMORY;
    if (wudf_reg_check_path(*out, NULL)) {
        free(*out);
        *out = NULL;
        return E_INVALIDARG;
    }
    return S_OK;
}

/*
 * IWDFDevice(Initialize)::RetrieveDevicePropertyStore: the hardware key's Device Parameters, or
 * with a service name its subkey of that name (UMDF 1.5's per-driver store), which
 * WdfPropertyStoreCreateIfMissing creates. Values there may be written, as UMDF 1.5 drivers do.
 */
HRESULT wudf_property_store_create(wudf_host *host, PCWSTR service, WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags,
                                   IWDFNamedPropertyStore **store, WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    if (!store)
        return E_POINTER;
    *store = NULL;
    char *path;
    HRESULT hr = wudf_props_path(service, &path);
    if (FAILED(hr))
        return hr;
    wudf_reg_entry probe = {WUDF_REG_ROOT_HW, path, (char *)"", 0, NULL, 0, 0};
    if (!wudf_reg_driver_may_write(&probe))
        hr = E_ACCESSDENIED;
    if (SUCCEEDED(hr))
        hr = wudf_props_open_key(host, WUDF_REG_ROOT_HW, path, flags, disposition);
    if (SUCCEEDED(hr))
        hr = wudf_named_store_create(host, WUDF_REG_ROOT_HW, path, 1, (IWDFNamedPropertyStore2 **)store);
    free(path);
    return hr;
}
