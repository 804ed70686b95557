/*
 * The device's registry keys and unified device properties in the host (property_*.c): the copy
 * DEVICE_START brought (reg.* entries, common/reg_store.h), read and written by the driver through
 * the property stores; every write also goes to the reflector as a HOST_EVENT, which keeps it in
 * the device store.
 */
#ifndef OPENWUDF_HOST_PROPERTY_H
#define OPENWUDF_HOST_PROPERTY_H

#include "framework.h"
#include "reg_store.h"

struct wudf_host_props {
    uv_mutex_t lock;        /* the store, and the order of the events that report its changes */
    wudf_reg_store store;
};

/* ---- property_keys.c ---- */
/* The store, locked; NULL (unlocked) before DEVICE_START brought one. */
wudf_reg_store *wudf_props_lock(wudf_host *host);
void wudf_props_unlock(wudf_host *host);
/* The REG_DWORD name under key path of root, as the framework reads a setting: 1 and *value when it is
 * one, 0 when it is absent (or no store came), -1 when the value is of another type. */
int wudf_props_get_dword(wudf_host *host, wudf_reg_root root, const char *path, const char *name, uint32_t *value);
/* Sets or deletes (e->name NULL: a key; for a delete, only root, path and name count), and tells
 * the reflector. HRESULTs as the registry gives them: ERROR_FILE_NOT_FOUND for a delete of what
 * is not there. */
HRESULT wudf_props_set(wudf_host *host, const wudf_reg_entry *e);
HRESULT wudf_props_delete(wudf_host *host, const wudf_reg_entry *e);
/* Opens key (root, path) for a store: it must exist, or is created with WdfPropertyStoreCreateIfMissing
 * (volatile with WdfPropertyStoreCreateVolatile); disposition as UMDF reports it. */
HRESULT wudf_props_open_key(wudf_host *host, wudf_reg_root root, const char *path,
                            WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags, WDF_PROPERTY_STORE_DISPOSITION *disposition);
/* A driver's UTF-16 subkey path as UTF-8, checked (E_INVALIDARG when it is no key path). */
HRESULT wudf_props_path(const WCHAR *wide, char **out);

/* ---- property_store.c: IWDFNamedPropertyStore(2) over key (root, path) ---- */
HRESULT wudf_named_store_create(wudf_host *host, wudf_reg_root root, const char *path, int writable,
                                IWDFNamedPropertyStore2 **out);

/* ---- property_unified.c: IWDFUnifiedPropertyStore over the device's properties ---- */
HRESULT wudf_unified_store_create(wudf_host *host, IWDFUnifiedPropertyStore **out);
/* ... or over the properties of device's interface (guid, reference "" for none), whose key is
 * interface_path ("{GUID}\#REF") in WUDF_REG_ROOT_IF. */
HRESULT wudf_unified_interface_store_create(wudf_device *device, const GUID *guid, const char *reference,
                                            const char *interface_path, IWDFUnifiedPropertyStore **out);

#endif
