/*
 * IWDFPropertyStoreFactory and IWDFUnifiedPropertyStoreFactory, answered by the device object as
 * tear-offs that forward identity to it (as IWDFUsbTargetFactory is): the hardware key's Device
 * Parameters (read-only at its root, the driver's service subkey by default), the software key,
 * a key of HKLM\HARDWARE\DEVICEMAP, the key of a device interface the device created, subkeys with
 * create flags and dispositions, and the unified property stores of the device and of its
 * interfaces.
 */
#include "property.h"
#include "stack.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"

/* REGSAM bits (winnt.h). */
#define WUDF_KEY_SET_VALUE 0x0002u
#define WUDF_KEY_CREATE_SUB_KEY 0x0004u
#define WUDF_WRITE_DAC 0x00040000u
#define WUDF_MAXIMUM_ALLOWED 0x02000000u
#define WUDF_GENERIC_ALL 0x10000000u
#define WUDF_GENERIC_WRITE 0x40000000u

typedef struct property_factory {
    const void *vtbl;         /* IWDFPropertyStoreFactoryVtbl or IWDFUnifiedPropertyStoreFactoryVtbl */
    atomic_long refs;
    const IID *iid;
    wudf_device *device;      /* referenced */
} property_factory;

static property_factory *factory_of(void *This)
{
    return (property_factory *)This;
}

static HRESULT factory_query(void *This, REFIID riid, void **ppv)
{
    property_factory *f = factory_of(This);
    if (ppv && riid && IsEqualIID(riid, f->iid)) {
        atomic_fetch_add(&f->refs, 1);
        *ppv = This;
        return S_OK;
    }
    /* Everything else, IUnknown included, is the device's: one object identity. */
    return wudf_object_query(&f->device->obj, riid, ppv);
}

static ULONG factory_addref(void *This)
{
    return (ULONG)(atomic_fetch_add(&factory_of(This)->refs, 1) + 1);
}

static ULONG factory_release(void *This)
{
    property_factory *f = factory_of(This);
    long left = atomic_fetch_sub(&f->refs, 1) - 1;
    if (left == 0) {
        wudf_object_release(&f->device->obj);
        free(f);
    }
    return (ULONG)(left > 0 ? left : 0);
}

/* IUnknown of each factory interface, with the interface's own types. */
#define FACTORY_UNKNOWN(prefix, type)                                                                        \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(type *This, REFIID riid, void **ppv)           \
    {                                                                                                        \
        return factory_query(This, riid, ppv);                                                              \
    }                                                                                                        \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(type *This)                                               \
    {                                                                                                        \
        return factory_addref(This);                                                                         \
    }                                                                                                        \
    static ULONG STDMETHODCALLTYPE prefix##_Release(type *This)                                              \
    {                                                                                                        \
        return factory_release(This);                                                                        \
    }

FACTORY_UNKNOWN(named, IWDFPropertyStoreFactory)
FACTORY_UNKNOWN(unified, IWDFUnifiedPropertyStoreFactory)

/*
 * The key of an interface the device created, "{GUID}\#REF" in WUDF_REG_ROOT_IF: the interface instance's key
 * as Windows names it under DeviceClasses\{GUID} ("#" and the reference string). Learn
 * (WDF_PROPERTY_STORE_ROOT): the driver "must have previously called IWDFDevice::CreateDeviceInterface", with
 * the same reference string, or NULL if it gave none. An interface the device did not create is
 * STATUS_OBJECT_NAME_NOT_FOUND, WDF's answer for it (WdfDeviceRetrieveDeviceInterfaceString). *reference gets
 * the reference string ("" for none).
 */
static HRESULT interface_key(wudf_device *d, const WDF_PROPERTY_STORE_ROOT *spec, char **path, char **reference)
{
    LPCGUID guid = spec->Qualifier.DeviceInterfaceKey.InterfaceGUID;
    PCWSTR wide = spec->Qualifier.DeviceInterfaceKey.ReferenceString;
    *path = NULL;
    if (!guid)
        return E_INVALIDARG;
    char *ref = wide && wide[0] ? wudf_utf16_to_utf8(wide) : wudf_text_copy("");
    if (!ref)
        return E_OUTOFMEMORY;
    char g[39];
    wudf_guid_format(guid, g);
    HRESULT hr = S_OK;
    if (wudf_device_interface_state(d, guid, ref) < 0) {
        char q[300];
        wudf_log(WUDF_LOG_WARN, "interface-key-refused",
                 "guid=%s reference=%s reason=\"the device created no such interface\"", g,
                 wudf_log_quote(q, sizeof q, ref));
        hr = HRESULT_FROM_NT(STATUS_OBJECT_NAME_NOT_FOUND);
    } else if (strpbrk(ref, "\\/")) {
        hr = E_INVALIDARG; /* a reference string has no path separators (IoRegisterDeviceInterface) */
    } else {
        size_t n = sizeof g + 1 + strlen(ref) + 1;
        *path = malloc(n);
        if (*path)
            snprintf(*path, n, "%s\\#%s", g, ref);
        hr = !*path ? E_OUTOFMEMORY : wudf_reg_check_path(*path, NULL) ? E_INVALIDARG : S_OK;
    }
    if (FAILED(hr)) {
        free(*path);
        *path = NULL;
        free(ref);
        return hr;
    }
    *reference = ref;
    return S_OK;
}

/* The interface's Device Parameters, which exists once the interface does (IoOpenDeviceInterfaceRegistryKey
 * creates it): the root of its named store. */
static HRESULT interface_parameters(wudf_device *d, const WDF_PROPERTY_STORE_ROOT *spec, char **path)
{
    char *itf, *ref;
    HRESULT hr = interface_key(d, spec, &itf, &ref);
    if (FAILED(hr))
        return hr;
    free(ref);
    size_t n = strlen(itf) + sizeof "\\Device Parameters";
    *path = malloc(n);
    if (*path)
        snprintf(*path, n, "%s\\Device Parameters", itf);
    free(itf);
    if (!*path)
        return E_OUTOFMEMORY;
    hr = wudf_props_open_key(d->obj.host, WUDF_REG_ROOT_IF, *path, WdfPropertyStoreCreateIfMissing, NULL);
    if (FAILED(hr)) {
        free(*path);
        *path = NULL;
    }
    return hr;
}

/* The key a root specifier names, and whether the driver may write there. */
static HRESULT root_key(wudf_device *d, const WDF_PROPERTY_STORE_ROOT *spec, wudf_reg_root *root, char **path,
                        int *writable)
{
    const char *service = wudf_device_service_name(d);
    if (!spec || spec->LengthCb != sizeof *spec)
        return E_INVALIDARG;
    *writable = 1;
    switch (spec->RootClass) {
    case WdfPropertyStoreRootClassHardwareKey: {
        PCWSTR name = spec->Qualifier.HardwareKey.ServiceName;
        *root = WUDF_REG_ROOT_HW;
        if (name && name[0] == '\\' && name[1] == 0) {
            /* WDF_PROPERTY_STORE_HARDWARE_KEY_ROOT: Device Parameters itself, read-only. */
            *writable = 0;
            *path = wudf_text_copy("");
            return *path ? S_OK : E_OUTOFMEMORY;
        }
        if (!name) {
            /* WDF_PROPERTY_STORE_HARDWARE_KEY_DEFAULT: the subkey named after the driver's service
             * (each driver of a stack its own). */
            *path = wudf_text_copy(service);
            return *path ? S_OK : E_OUTOFMEMORY;
        }
        return wudf_props_path(name, path);
    }
    case WdfPropertyStoreRootClassSoftwareKey:
        *root = WUDF_REG_ROOT_SW;
        *path = wudf_text_copy("");
        return *path ? S_OK : E_OUTOFMEMORY;
    case WdfPropertyStoreRootClassDeviceInterfaceKey:
        /* Read or write access (Learn: "The driver can obtain read or write access to the device interface key"). */
        *root = WUDF_REG_ROOT_IF;
        return interface_parameters(d, spec, path);
    case WdfPropertyStoreRootClassLegacyHardwareKey: {
        /* HKLM\HARDWARE\DEVICEMAP\<LegacyMapName>, read and write (WDF_PROPERTY_STORE_ROOT's remarks
         * on Learn): one key name, as SERIALCOMM is. */
        PCWSTR name = spec->Qualifier.LegacyHardwareKey.LegacyMapName;
        *root = WUDF_REG_ROOT_MAP;
        if (!name || !name[0])
            return E_INVALIDARG;
        HRESULT hr = wudf_props_path(name, path);
        if (SUCCEEDED(hr) && strchr(*path, '\\')) {
            free(*path);
            *path = NULL;
            hr = E_INVALIDARG;
        }
        return hr;
    }
    default:
        return E_INVALIDARG;
    }
}

/* What RegCreateKeyEx answers for a non-volatile key under a volatile one (winerror.h). */
#define WUDF_ERROR_CHILD_MUST_BE_VOLATILE 1021L

/*
 * The rules of the DEVICEMAP root. WDF_PROPERTY_STORE_ROOT's remarks (Learn): the driver may create
 * the map key if it is missing, but then must ask for WdfPropertyStoreCreateVolatile, because
 * Windows drops DEVICEMAP at each restart. HKLM\HARDWARE is volatile, and the registry refuses a
 * non-volatile key below a volatile one with ERROR_CHILD_MUST_BE_VOLATILE; an existing key opens
 * whatever the flags. The map keys hold values only: no SubkeyPath.
 */
static HRESULT check_map_open(wudf_host *host, const char *path, WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags,
                              PCWSTR subkey)
{
    if (subkey && subkey[0])
        return E_INVALIDARG;
    if (!(flags & WdfPropertyStoreCreateIfMissing) || (flags & WdfPropertyStoreCreateVolatile))
        return S_OK;
    wudf_reg_store *s = wudf_props_lock(host);
    if (!s)
        return E_UNEXPECTED;
    int exists = wudf_reg_store_key_exists(s, WUDF_REG_ROOT_MAP, path);
    wudf_props_unlock(host);
    return exists ? S_OK : HRESULT_FROM_WIN32(WUDF_ERROR_CHILD_MUST_BE_VOLATILE);
}

/* root's path with the subkey below it. */
static HRESULT join_subkey(char **path, PCWSTR subkey)
{
    if (!subkey || !subkey[0])
        return S_OK;
    char *sub;
    HRESULT hr = wudf_props_path(subkey, &sub);
    if (FAILED(hr))
        return hr;
    size_t n = strlen(*path), m = strlen(sub);
    char *joined = malloc(n + m + 2);
    if (!joined) {
        free(sub);
        return E_OUTOFMEMORY;
    }
    memcpy(joined, *path, n);
    joined[n] = '\\';
    memcpy(joined + (n ? n + 1 : 0), sub, m + 1);
    free(sub);
    free(*path);
    *path = joined;
    return wudf_reg_check_path(joined, NULL) ? E_INVALIDARG : S_OK;
}

static HRESULT STDMETHODCALLTYPE factory_RetrieveDevicePropertyStore(IWDFPropertyStoreFactory *This,
                                                                     PWDF_PROPERTY_STORE_ROOT spec,
                                                                     WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags,
                                                                     REGSAM access, PCWSTR subkey,
                                                                     IWDFNamedPropertyStore2 **store,
                                                                     WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    wudf_host *host = factory_of(This)->device->obj.host;
    if (!store)
        return E_INVALIDARG;
    *store = NULL;
    /* The access the documentation forbids asking for (a store creates its subkeys itself). */
    if (access & (WUDF_GENERIC_WRITE | WUDF_KEY_CREATE_SUB_KEY | WUDF_WRITE_DAC))
        return E_INVALIDARG;
    wudf_reg_root root = WUDF_REG_ROOT_HW;
    char *path = NULL;
    int writable;
    HRESULT hr = root_key(factory_of(This)->device, spec, &root, &path, &writable);
    if (SUCCEEDED(hr) && root == WUDF_REG_ROOT_MAP)
        hr = check_map_open(host, path, flags, subkey);
    if (SUCCEEDED(hr))
        hr = join_subkey(&path, subkey);
    int wants_write = (access & (WUDF_KEY_SET_VALUE | WUDF_GENERIC_ALL)) != 0;
    if (SUCCEEDED(hr) && wants_write && !writable)
        hr = E_ACCESSDENIED;
    if (SUCCEEDED(hr)) {
        wudf_reg_entry probe = {root, path, (char *)"", 0, NULL, 0, 0};
        if (!wudf_reg_driver_may_write(&probe))
            hr = E_ACCESSDENIED; /* Device Parameters\WDF and \WUDF are the framework's */
    }
    if (SUCCEEDED(hr))
        hr = wudf_props_open_key(host, root, path, flags, disposition);
    if (SUCCEEDED(hr))
        hr = wudf_named_store_create(host, root, path, writable && (wants_write || (access & WUDF_MAXIMUM_ALLOWED)),
                                     store);
    free(path);
    return hr;
}

static const IWDFPropertyStoreFactoryVtbl named_factory_vtbl = {
    .QueryInterface = named_QueryInterface,
    .AddRef = named_AddRef,
    .Release = named_Release,
    .RetrieveDevicePropertyStore = factory_RetrieveDevicePropertyStore,
};

static HRESULT STDMETHODCALLTYPE factory_RetrieveUnifiedDevicePropertyStore(IWDFUnifiedPropertyStoreFactory *This,
                                                                            PWDF_PROPERTY_STORE_ROOT spec,
                                                                            IWDFUnifiedPropertyStore **store)
{
    if (!store)
        return E_INVALIDARG;
    *store = NULL;
    if (!spec || spec->LengthCb != sizeof *spec)
        return E_INVALIDARG;
    wudf_device *d = factory_of(This)->device;
    if (spec->RootClass == WdfPropertyStoreRootClassDeviceInterfaceKey) {
        char *itf = NULL, *ref = NULL;
        HRESULT hr = interface_key(d, spec, &itf, &ref);
        if (SUCCEEDED(hr))
            hr = wudf_unified_interface_store_create(d, spec->Qualifier.DeviceInterfaceKey.InterfaceGUID, ref, itf,
                                                     store);
        free(itf);
        free(ref);
        return hr;
    }
    /* The unified model has the device's properties and its interfaces' (Learn); for the device's, the
     * hardware key's class with no service name. */
    if (spec->RootClass != WdfPropertyStoreRootClassHardwareKey || spec->Qualifier.HardwareKey.ServiceName)
        return E_INVALIDARG;
    return wudf_unified_store_create(d->obj.host, store);
}

static const IWDFUnifiedPropertyStoreFactoryVtbl unified_factory_vtbl = {
    .QueryInterface = unified_QueryInterface,
    .AddRef = unified_AddRef,
    .Release = unified_Release,
    .RetrieveUnifiedDevicePropertyStore = factory_RetrieveUnifiedDevicePropertyStore,
};

HRESULT wudf_property_factory_query(wudf_device *device, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    int unified = IsEqualIID(riid, &IID_IWDFUnifiedPropertyStoreFactory);
    if (!unified && !IsEqualIID(riid, &IID_IWDFPropertyStoreFactory))
        return E_NOINTERFACE;
    property_factory *f = calloc(1, sizeof *f);
    if (!f)
        return E_OUTOFMEMORY;
    f->vtbl = unified ? (const void *)&unified_factory_vtbl : (const void *)&named_factory_vtbl;
    f->iid = unified ? &IID_IWDFUnifiedPropertyStoreFactory : &IID_IWDFPropertyStoreFactory;
    atomic_init(&f->refs, 1);
    f->device = device;
    wudf_object_addref(&device->obj);
    *ppv = f;
    return S_OK;
}
