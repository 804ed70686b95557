/*
 * IWDFUnifiedPropertyStore: the device's properties of the unified device property model, by
 * DEVPROPKEY. The system's (hardware and compatible ids, description, manufacturer, class,
 * service, instance id, driver provider and version) came from the install and are read-only;
 * the friendly name and driver-defined keys may be written, and persist. Strings cross as
 * UTF-16 (DEVPROP_TYPE_STRING with its terminator, DEVPROP_TYPE_STRING_LIST double-terminated),
 * as SetupDiGetDeviceProperty hands them out. Properties are language-neutral: every LCID but the
 * forbidden defaults reads and writes the same value.
 * Over a device interface (WdfPropertyStoreRootClassDeviceInterfaceKey), the store has that
 * interface's properties: DEVPKEY_DeviceInterface_Enabled and _ClassGuid, read-only and answered
 * from the interface itself, and whatever the driver sets (the friendly name, its own keys), kept
 * in the interface's key as Windows keeps them: under Properties\{fmtid}, typed
 * 0xFFFF0000 | DEVPROPTYPE, the driver's bytes as they came.
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

/* DEVPKEY_DeviceInterface_* (devpkey.h): FriendlyName 2, Enabled 3, ClassGuid 4. */
#define WUDF_DEVPKEY_FMTID_INTERFACE "{026E516E-B814-414B-83CD-856D6FEF4822}"
#define WUDF_DEVPROP_TYPE_BOOLEAN 0x11u
#define WUDF_DEVPROP_TRUE 0xFFu
/* How Windows types a property kept in the registry. */
#define WUDF_REG_DEVPROP_BASE 0xFFFF0000u

typedef struct unified_store {
    wudf_object obj;
    wudf_device *device;  /* an interface's store: the device that created it (referenced); else NULL */
    GUID interface_guid;
    char *reference;      /* the interface's reference string, "" for none */
    char *interface_path; /* "{GUID}\#REF" in WUDF_REG_ROOT_IF */
} unified_store;

static unified_store *store_of(IWDFUnifiedPropertyStore *This)
{
    return (unified_store *)(void *)This;
}

/* Where key lives: (DP, "{fmtid}", pid) for the device, (IF, "{GUID}\#REF\Properties\{fmtid}", pid) for an
 * interface. path is malloc'd. */
static HRESULT key_place(const unified_store *s, const DEVPROPKEY *key, wudf_reg_root *root, char **path,
                         char name[12])
{
    char fmtid[39];
    wudf_guid_format(&key->fmtid, fmtid);
    snprintf(name, 12, "%lu", (unsigned long)key->pid);
    size_t n = (s->device ? strlen(s->interface_path) + sizeof "\\Properties\\" : 0) + sizeof fmtid;
    *path = malloc(n);
    if (!*path)
        return E_OUTOFMEMORY;
    if (s->device)
        snprintf(*path, n, "%s\\Properties\\%s", s->interface_path, fmtid);
    else
        snprintf(*path, n, "%s", fmtid);
    *root = s->device ? WUDF_REG_ROOT_IF : WUDF_REG_ROOT_DP;
    return S_OK;
}

/* An interface's properties the system answers: Enabled and ClassGuid (0 when key is another). */
static int interface_system_key(const unified_store *s, const DEVPROPKEY *key)
{
    char fmtid[39];
    wudf_guid_format(&key->fmtid, fmtid);
    return s->device && strcmp(fmtid, WUDF_DEVPKEY_FMTID_INTERFACE) == 0 && (key->pid == 3 || key->pid == 4);
}

/* Enabled (DEVPROP_TYPE_BOOLEAN) or ClassGuid (DEVPROP_TYPE_GUID, the GUID's bytes as laid out in memory). */
static HRESULT interface_system_value(const unified_store *s, const DEVPROPKEY *key, uint8_t **out, size_t *size,
                                      DEVPROPTYPE *type)
{
    *out = malloc(sizeof(GUID));
    if (!*out)
        return E_OUTOFMEMORY;
    if (key->pid == 3) {
        int state = wudf_device_interface_state(s->device, &s->interface_guid, s->reference);
        (*out)[0] = state > 0 ? WUDF_DEVPROP_TRUE : 0;
        *size = 1;
        *type = WUDF_DEVPROP_TYPE_BOOLEAN;
    } else {
        memcpy(*out, &s->interface_guid, sizeof(GUID));
        *size = sizeof(GUID);
        *type = WUDF_DEVPROP_TYPE_GUID;
    }
    return S_OK;
}

WUDF_UNKNOWN_METHODS(unified, IWDFUnifiedPropertyStore)

static HRESULT check_call(const DEVPROPKEY *key, LCID lcid, ULONG flags)
{
    /* Learn: Flags is reserved (0); Lcid is not LOCALE_SYSTEM_DEFAULT or LOCALE_USER_DEFAULT. */
    if (!key || flags || lcid == WUDF_LOCALE_USER_DEFAULT || lcid == WUDF_LOCALE_SYSTEM_DEFAULT)
        return E_INVALIDARG;
    return S_OK;
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

/* The stored data as the driver sees it: strings in UTF-16 (malloc'd); an interface's, as the driver gave it. */
static HRESULT driver_bytes(const wudf_reg_entry *e, uint8_t **out, size_t *size)
{
    wudf_reg_kind kind = e->root == WUDF_REG_ROOT_DP ? wudf_reg_kind_of(e) : WUDF_REG_KIND_BYTES;
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
    unified_store *s = store_of(This);
    wudf_reg_root root;
    char *path, name[12];
    uint8_t *bytes = NULL;
    size_t n = 0;
    *type = WUDF_DEVPROP_TYPE_EMPTY;
    *required = 0;
    if (interface_system_key(s, key))
        hr = interface_system_value(s, key, &bytes, &n, type);
    else if (SUCCEEDED(hr = key_place(s, key, &root, &path, name))) {
        hr = HRESULT_FROM_WIN32(ERROR_NOT_FOUND); /* with DEVPROP_TYPE_EMPTY, as SetupAPI answers */
        wudf_reg_store *reg = wudf_props_lock(s->obj.host);
        if (reg) {
            long at = wudf_reg_store_find(reg, root, path, name);
            if (at >= 0) {
                hr = driver_bytes(&reg->entries[at], &bytes, &n);
                if (SUCCEEDED(hr))
                    *type = reg->entries[at].type & ~(root == WUDF_REG_ROOT_IF ? WUDF_REG_DEVPROP_BASE : 0u);
            }
            wudf_props_unlock(s->obj.host);
        }
        free(path);
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

/* The write itself: data NULL (or DEVPROP_TYPE_EMPTY) deletes. */
static HRESULT set_at(wudf_host *host, wudf_reg_root root, char *path, char *name, DEVPROPTYPE type,
                      const void *data, ULONG size)
{
    int itf = root == WUDF_REG_ROOT_IF;
    wudf_reg_entry probe = {root, path, name, type, NULL, 0, 0};
    if (!wudf_reg_driver_may_write(&probe))
        return E_ACCESSDENIED;
    if (!data || type == WUDF_DEVPROP_TYPE_EMPTY) {
        /* NULL data deletes (Learn); a delete of a missing property is ERROR_NOT_FOUND. */
        HRESULT hr = wudf_props_delete(host, &probe);
        return hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) ? HRESULT_FROM_WIN32(ERROR_NOT_FOUND) : hr;
    }
    uint8_t *bytes = NULL;
    size_t n = 0;
    wudf_reg_entry e;
    /* Strings are checked for their terminators either way; an interface's keep their UTF-16. */
    HRESULT hr = stored_bytes(type, data, size, &bytes, &n);
    if (SUCCEEDED(hr) && wudf_reg_entry_from_data(root, path, name, itf ? WUDF_REG_DEVPROP_BASE | type : type,
                                                  itf ? data : bytes, itf ? size : n, &e, NULL))
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    free(bytes);
    if (FAILED(hr))
        return hr;
    hr = wudf_props_set(host, &e);
    wudf_reg_entry_free(&e);
    return hr;
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
    unified_store *s = store_of(This);
    if (interface_system_key(s, key))
        return E_ACCESSDENIED; /* the interface's state and class are the system's */
    wudf_reg_root root;
    char *path, name[12];
    hr = key_place(s, key, &root, &path, name);
    if (FAILED(hr))
        return hr;
    hr = set_at(s->obj.host, root, path, name, type, data, size);
    free(path);
    return hr;
}

static const IWDFUnifiedPropertyStoreVtbl unified_vtbl = {
    WUDF_UNKNOWN_VTBL(unified),
    .SetPropertyData = unified_SetPropertyData,
    .GetPropertyData = unified_GetPropertyData,
};

static void unified_destroy(wudf_object *obj)
{
    unified_store *s = (unified_store *)(void *)obj;
    if (s->device)
        wudf_object_release(&s->device->obj);
    free(s->reference);
    free(s->interface_path);
}

static const IID *const unified_iids[] = {&IID_IWDFUnifiedPropertyStore, NULL};
static const wudf_object_type unified_type = {
    .name = "IWDFUnifiedPropertyStore",
    .iids = unified_iids,
    .destroy = unified_destroy,
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

HRESULT wudf_unified_interface_store_create(wudf_device *device, const GUID *guid, const char *reference,
                                            const char *interface_path, IWDFUnifiedPropertyStore **out)
{
    unified_store *s = calloc(1, sizeof *s);
    if (!s)
        return E_OUTOFMEMORY;
    s->reference = wudf_text_copy(reference);
    s->interface_path = wudf_text_copy(interface_path);
    if (!s->reference || !s->interface_path) {
        free(s->reference);
        free(s->interface_path);
        free(s);
        return E_OUTOFMEMORY;
    }
    s->interface_guid = *guid;
    s->device = device;
    wudf_object_addref(&device->obj);
    wudf_object_init(&s->obj, &unified_vtbl, &unified_type, device->obj.host, NULL, NULL);
    *out = (IWDFUnifiedPropertyStore *)(void *)s;
    return S_OK;
}
