/*
 * Host framework objects: memory bounds, UMDF string size semantics, the
 * object tree and its cleanup order, reference counts back to zero, the
 * property store, files, published names, and how a failed start reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "framework.h"
#include "hostdrv/testdrv_api.h"
#include "test_host_harness.h"

#define T HARNESS_TIMEOUT_MS
#define INSTANCE "ROOT\\HOSTTEST\\0000"

static const char *const defaults[] = {"queuetype", "sequential", "greeting", "hello", NULL};

static void start(host_harness *h, const char *const *settings)
{
    testdrv_reset();
    assert_int_equal(harness_start(h, settings), STATUS_SUCCESS);
}

static void stop(host_harness *h)
{
    assert_int_equal(harness_stop(h), 0);
    assert_int_equal(testdrv_callback_references(), 0);
}

static void memory_copies_are_bounds_checked(void **state)
{
    host_harness h;
    start(&h, defaults);
    long live = wudf_host_live_objects(h.host);
    IWDFMemory *m = NULL, *big = NULL;
    assert_int_equal(IWDFDriver_CreateWdfMemory(testdrv_driver(), 16, NULL, NULL, &m), S_OK);
    assert_int_equal(IWDFDriver_CreateWdfMemory(testdrv_driver(), 32, NULL, NULL, &big), S_OK);
    unsigned char in[32], out[32];
    for (int i = 0; i < 32; i++)
        in[i] = (unsigned char)i;
    assert_int_equal(IWDFMemory_GetSize(m), 16);
    assert_int_equal(IWDFMemory_CopyFromBuffer(m, 0, in, 16), S_OK);
    assert_int_equal(IWDFMemory_CopyFromBuffer(m, 10, in, 8), HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    assert_int_equal(IWDFMemory_CopyFromBuffer(m, 17, in, 0), E_INVALIDARG);
    assert_int_equal(IWDFMemory_CopyFromBuffer(m, 0, NULL, 4), E_INVALIDARG);
    assert_int_equal(IWDFMemory_CopyToBuffer(m, 8, out, 9), HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    assert_int_equal(IWDFMemory_CopyToBuffer(m, (ULONG_PTR)-1, out, 2), E_INVALIDARG);
    assert_int_equal(IWDFMemory_CopyToBuffer(m, 4, out, 4), S_OK);
    assert_memory_equal(out, in + 4, 4);

    assert_int_equal(IWDFMemory_CopyFromBuffer(big, 0, in, 32), S_OK);
    assert_int_equal(IWDFMemory_CopyFromMemory(m, big, NULL), HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    WDFMEMORY_OFFSET part = {4, 8};
    assert_int_equal(IWDFMemory_CopyFromMemory(m, big, &part), S_OK);
    SIZE_T size = 0;
    unsigned char *data = IWDFMemory_GetDataBuffer(m, &size);
    assert_int_equal(size, 16);
    assert_memory_equal(data, in + 4, 8);
    WDFMEMORY_OFFSET outside = {30, 8};
    assert_int_equal(IWDFMemory_CopyFromMemory(m, big, &outside), E_INVALIDARG);

    /* Lent memory can be re-pointed; framework memory cannot. */
    unsigned char lent[4] = {9, 9, 9, 9};
    IWDFMemory *pre = NULL;
    assert_int_equal(IWDFDriver_CreatePreallocatedWdfMemory(testdrv_driver(), lent, 4, NULL, NULL, &pre), S_OK);
    assert_int_equal(IWDFMemory_CopyToBuffer(pre, 0, out, 4), S_OK);
    assert_memory_equal(out, lent, 4);
    IWDFMemory_SetBuffer(pre, in, 2);
    assert_int_equal(IWDFMemory_GetSize(pre), 2);
    long bugs = wudf_driver_bug_count();
    IWDFMemory_SetBuffer(m, in, 2);
    assert_int_equal(IWDFMemory_GetSize(m), 16);
    assert_int_equal(wudf_driver_bug_count(), bugs + 1);

    assert_int_equal(IWDFMemory_DeleteWdfObject(m), S_OK);
    IWDFMemory_Release(m);
    IWDFMemory_Release(big); /* the driver object (its default parent) still holds it */
    IWDFMemory_Release(pre);
    assert_int_equal(wudf_host_live_objects(h.host), live + 2);
    stop(&h);
}

static void retrieve_device_instance_id_follows_umdf_size_semantics(void **state)
{
    host_harness h;
    start(&h, defaults);
    /* What OnDeviceAdd saw through IWDFDeviceInitialize. */
    assert_int_equal(testdrv_instance_id_size(), strlen(INSTANCE) + 1);
    assert_string_equal(testdrv_instance_id(), INSTANCE);

    IWDFDevice *device = testdrv_device();
    DWORD size = 0;
    assert_int_equal(IWDFDevice_RetrieveDeviceInstanceId(device, NULL, &size), S_OK);
    assert_int_equal(size, strlen(INSTANCE) + 1);
    WCHAR small[5];
    size = 5;
    assert_int_equal(IWDFDevice_RetrieveDeviceInstanceId(device, small, &size),
                     HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    assert_int_equal(size, strlen(INSTANCE) + 1);
    WCHAR exact[32];
    size = (DWORD)strlen(INSTANCE) + 1;
    assert_int_equal(IWDFDevice_RetrieveDeviceInstanceId(device, exact, &size), S_OK);
    for (size_t i = 0; i <= strlen(INSTANCE); i++)
        assert_int_equal(exact[i], (WCHAR)INSTANCE[i]);
    stop(&h);
}

/* PostEvent and CreateWdfFile of a root-enumerated device (tests/wdk/test_requests.c has the rest). */
static void post_event_and_create_wdf_file_answer_as_umdf(void **state)
{
    host_harness h;
    start(&h, defaults);
    assert_int_equal(harness_open(&h, 1, 10, ""), STATUS_SUCCESS);
    static const GUID event = {1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 11}};
    assert_int_equal(IWDFDevice_PostEvent(testdrv_device(), &event, WdfEventBroadcast, NULL, 0), S_OK);
    assert_int_equal(IWDFDevice_PostEvent(testdrv_device(), &event, WdfEventReserved, NULL, 0), E_INVALIDARG);
    /* The root PDO below refuses the create. */
    IWDFDriverCreatedFile *file = (IWDFDriverCreatedFile *)1;
    assert_int_equal(IWDFDevice_CreateWdfFile(testdrv_device(), u"x", &file),
                     HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
    assert_null(file);
    /* PostEvent from inside a driver callback (the test driver's TESTDRV_IOCTL_NOT_IMPLEMENTED). */
    harness_irp(&h, 2, WUDF_IRP_MJ_DEVICE_CONTROL, 10, TESTDRV_IOCTL_NOT_IMPLEMENTED, NULL, 0, sizeof(HRESULT));
    const wudf_msg *m = harness_wait(&h, WUDF_MSG_COMPLETE, 2, T);
    assert_non_null(m);
    assert_int_equal(m->payload_length, sizeof(HRESULT));
    HRESULT hr;
    memcpy(&hr, m->payload, sizeof hr);
    assert_int_equal(hr, S_OK);
    stop(&h);
}

/* An IObjectCleanup that records the order objects are cleaned up in. */
typedef struct recorder {
    IObjectCleanup itf;
    long refs;
    char name;
} recorder;
static char cleanup_order[8];
static size_t cleanup_count;

static HRESULT STDMETHODCALLTYPE rec_QueryInterface(IObjectCleanup *This, REFIID riid, void **ppv)
{
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &IID_IObjectCleanup)) {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    ((recorder *)(void *)This)->refs++;
    *ppv = This;
    return S_OK;
}
static ULONG STDMETHODCALLTYPE rec_AddRef(IObjectCleanup *This)
{
    return (ULONG)++((recorder *)(void *)This)->refs;
}
static ULONG STDMETHODCALLTYPE rec_Release(IObjectCleanup *This)
{
    return (ULONG)--((recorder *)(void *)This)->refs;
}
static void STDMETHODCALLTYPE rec_OnCleanup(IObjectCleanup *This, IWDFObject *object)
{
    if (cleanup_count < sizeof cleanup_order - 1)
        cleanup_order[cleanup_count++] = ((recorder *)(void *)This)->name;
}
static const IObjectCleanupVtbl rec_vtbl = {rec_QueryInterface, rec_AddRef, rec_Release, rec_OnCleanup};

static void objects_clean_up_children_before_parents(void **state)
{
    host_harness h;
    start(&h, defaults);
    long live = wudf_host_live_objects(h.host);
    recorder parent_cb = {{&rec_vtbl}, 0, 'P'}, child_cb = {{&rec_vtbl}, 0, 'C'}, ctx_cb = {{&rec_vtbl}, 0, 'X'};
    cleanup_count = 0;
    memset(cleanup_order, 0, sizeof cleanup_order);
    IWDFObject *parent = NULL, *child = NULL;
    assert_int_equal(IWDFDriver_CreateWdfObject(testdrv_driver(), (IUnknown *)&parent_cb.itf,
                                                (IWDFObject *)testdrv_device(), &parent), S_OK);
    assert_int_equal(IWDFDriver_CreateWdfObject(testdrv_driver(), (IUnknown *)&child_cb.itf, parent, &child), S_OK);
    int context = 42;
    assert_int_equal(IWDFObject_AssignContext(child, &ctx_cb.itf, &context), S_OK);
    assert_int_equal(IWDFObject_AssignContext(child, NULL, NULL), HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS));
    void *got = NULL;
    assert_int_equal(IWDFObject_RetrieveContext(child, &got), S_OK);
    assert_ptr_equal(got, &context);
    IWDFObject_AcquireLock(child);
    IWDFObject_ReleaseLock(child);

    assert_int_equal(IWDFObject_DeleteWdfObject(parent), S_OK);
    assert_string_equal(cleanup_order, "CXP");
    IWDFObject_Release(child);
    IWDFObject_Release(parent);
    assert_int_equal(wudf_host_live_objects(h.host), live);
    assert_int_equal(parent_cb.refs + child_cb.refs + ctx_cb.refs, 0);

    /* Framework-owned objects refuse deletion by the driver. */
    assert_int_equal(IWDFDevice_DeleteWdfObject(testdrv_device()), HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED));
    stop(&h);
}

static void query_interface_answers_the_implemented_interfaces(void **state)
{
    host_harness h;
    start(&h, defaults);
    IWDFDevice *device = testdrv_device();
    void *itf = NULL;
    assert_int_equal(IWDFDevice_QueryInterface(device, &IID_IWDFDevice2, &itf), S_OK);
    assert_ptr_equal(itf, device);
    IWDFDevice_Release(device);
    assert_int_equal(IWDFDevice_QueryInterface(device, &IID_IWDFObject, &itf), S_OK);
    IWDFDevice_Release(device);
    assert_int_equal(IWDFDevice_QueryInterface(device, &IID_IUnknown, &itf), S_OK);
    IWDFDevice_Release(device);
    assert_int_equal(IWDFDevice_QueryInterface(device, &IID_IWDFIoQueue, &itf), E_NOINTERFACE);
    assert_null(itf);
    IWDFDriver *driver = NULL;
    IWDFDevice_GetDriver(device, &driver);
    assert_ptr_equal(driver, testdrv_driver());
    IWDFDriver_Release(driver);
    IWDFIoTarget *target = NULL;
    IWDFDevice_GetDefaultIoTarget(device, &target);
    assert_non_null(target);
    IWDFIoTarget_Release(target);
    IWDFIoQueue *queue = NULL;
    IWDFDevice_GetDefaultIoQueue(device, &queue);
    assert_ptr_equal(queue, testdrv_queue());
    IWDFIoQueue_Release(queue);

    UMDF_VERSION_DATA v111 = {1, 11, 0}, v112 = {1, 12, 0}, v2 = {2, 0, 0}, v15 = {1, 5, 0};
    assert_true(IWDFDriver_IsVersionAvailable(driver, &v111));
    assert_true(IWDFDriver_IsVersionAvailable(driver, &v15));
    assert_false(IWDFDriver_IsVersionAvailable(driver, &v112));
    assert_false(IWDFDriver_IsVersionAvailable(driver, &v2));
    DWORD size = 0;
    assert_int_equal(IWDFDriver_RetrieveVersionString(driver, NULL, &size), S_OK);
    assert_int_equal(size, 7); /* "1.11.0" */
    stop(&h);
}

static void property_store_reads_device_settings(void **state)
{
    host_harness h;
    start(&h, defaults);
    IWDFNamedPropertyStore *store = NULL;
    WDF_PROPERTY_STORE_DISPOSITION disposition = 0;
    assert_int_equal(IWDFDevice_RetrieveDevicePropertyStore(testdrv_device(), NULL, WdfPropertyStoreNormal, &store,
                                                            &disposition), S_OK);
    assert_int_equal(disposition, OpenedExistingStore);
    PROPVARIANT pv;
    PropVariantInit(&pv);
    assert_int_equal(IWDFNamedPropertyStore_GetNamedValue(store, u"GREETING", &pv), S_OK);
    assert_int_equal(pv.vt, VT_LPWSTR);
    assert_int_equal(pv.pwszVal[0], 'h');
    assert_int_equal(pv.pwszVal[5], 0);
    PropVariantClear(&pv);
    assert_int_equal(IWDFNamedPropertyStore_GetNamedValue(store, u"missing", &pv),
                     HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
    DWORD count = 0;
    assert_int_equal(IWDFNamedPropertyStore_GetNameCount(store, &count), S_OK);
    assert_int_equal(count, 2);
    PWSTR name = NULL;
    assert_int_equal(IWDFNamedPropertyStore_GetNameAt(store, 1, &name), S_OK);
    assert_int_equal(name[0], 'g'); /* names arrive lower-case from the wire */
    CoTaskMemFree(name);
    assert_int_equal(IWDFNamedPropertyStore_GetNameAt(store, 2, &name), HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS));
    PropVariantInit(&pv);
    pv.vt = VT_UI4;
    pv.ulVal = 17;
    assert_int_equal(IWDFNamedPropertyStore_SetNamedValue(store, u"Answer", &pv), S_OK);
    PropVariantInit(&pv);
    assert_int_equal(IWDFNamedPropertyStore_GetNamedValue(store, u"answer", &pv), S_OK);
    assert_int_equal(pv.vt, VT_UI4); /* a REG_DWORD now, as UMDF stores it */
    assert_int_equal(pv.ulVal, 17);
    PropVariantClear(&pv);
    IWDFNamedPropertyStore_Release(store);
    stop(&h);
}

/* Starts the test driver with registry entries of DEVICE_START (key, entry, ..., NULL). */
static int32_t start_with_entries(host_harness *h, const char *const *entries)
{
    testdrv_reset();
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", INSTANCE, NULL);
    wudf_kv_add(&kv, "service_count", "1", NULL);
    wudf_kv_add(&kv, "service.0.name", "HostTest", NULL);
    wudf_kv_add(&kv, "service.0.clsid", TESTDRV_CLSID_TEXT, NULL);
    wudf_kv_add(&kv, "service.0.binary", "unused.dll", NULL);
    for (size_t i = 0; entries[i]; i += 2)
        wudf_kv_add(&kv, entries[i], entries[i + 1], NULL);
    int32_t status = harness_start_kv(h, &kv);
    wudf_kv_free(&kv);
    return status;
}

static HRESULT open_store(IWDFPropertyStoreFactory *f, WDF_PROPERTY_STORE_ROOT_CLASS root_class, PCWSTR service,
                          ULONG flags, REGSAM access, PCWSTR subkey, IWDFNamedPropertyStore2 **store,
                          WDF_PROPERTY_STORE_DISPOSITION *disposition)
{
    WDF_PROPERTY_STORE_ROOT root;
    memset(&root, 0, sizeof root);
    root.LengthCb = sizeof root;
    root.RootClass = root_class;
    root.Qualifier.HardwareKey.ServiceName = service;
    return IWDFPropertyStoreFactory_RetrieveDevicePropertyStore(f, &root, (WDF_PROPERTY_STORE_RETRIEVE_FLAGS)flags,
                                                                access, subkey, store, disposition);
}

static void property_factory_opens_keys_with_their_rights_and_reports_writes(void **state)
{
    static const char *const entries[] = {"reg.hw", ";Baud;dword;9600", "reg.sw", "Modes;Default;sz;8N1", NULL};
    host_harness h;
    assert_int_equal(start_with_entries(&h, entries), STATUS_SUCCESS);
    IWDFPropertyStoreFactory *f = NULL;
    assert_int_equal(IWDFDevice_QueryInterface(testdrv_device(), &IID_IWDFPropertyStoreFactory, (void **)&f), S_OK);
    IWDFNamedPropertyStore2 *store = NULL;
    WDF_PROPERTY_STORE_DISPOSITION disposition = 0;
    PROPVARIANT pv;
    /* Device Parameters itself: read-only */
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassHardwareKey, u"\\", 0, 0x2, NULL, &store, NULL),
                     E_ACCESSDENIED);
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassHardwareKey, u"\\", 0, 0x1, NULL, &store, &disposition),
                     S_OK);
    assert_int_equal(disposition, OpenedExistingStore);
    PropVariantInit(&pv);
    assert_int_equal(IWDFNamedPropertyStore2_GetNamedValue(store, u"BAUD", &pv), S_OK);
    assert_int_equal(pv.vt, VT_UI4);
    assert_int_equal(pv.ulVal, 9600);
    assert_int_equal(IWDFNamedPropertyStore2_SetNamedValue(store, u"Baud", &pv), E_ACCESSDENIED);
    IWDFNamedPropertyStore2_Release(store);
    /* what may not be asked for, and what is the framework's */
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassHardwareKey, NULL, 0, 0x4, NULL, &store, NULL),
                     E_INVALIDARG);
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassHardwareKey, u"WUDF", 1, 0x1, NULL, &store, NULL),
                     E_ACCESSDENIED);
    /* the software key's subkey; a missing one is not made without CreateIfMissing */
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassSoftwareKey, NULL, 0, 0x1, u"Modes", &store, NULL), S_OK);
    IWDFNamedPropertyStore2_Release(store);
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassSoftwareKey, NULL, 0, 0x1, u"None", &store, NULL),
                     HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
    /* the driver's default subkey: made once, then opened; its writes go to the reflector */
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassHardwareKey, NULL, 1, 0x3, NULL, &store, &disposition), S_OK);
    assert_int_equal(disposition, CreatedNewStore);
    IWDFNamedPropertyStore2_Release(store);
    assert_int_equal(open_store(f, WdfPropertyStoreRootClassHardwareKey, NULL, 1, 0x3, NULL, &store, &disposition), S_OK);
    assert_int_equal(disposition, OpenedExistingStore);
    LPWSTR items[] = {(LPWSTR)u"a", (LPWSTR)u"bc"};
    PropVariantInit(&pv);
    pv.vt = VT_VECTOR | VT_LPWSTR;
    pv.calpwstr.cElems = 2;
    pv.calpwstr.pElems = items;
    assert_int_equal(IWDFNamedPropertyStore2_SetNamedValue(store, u"List", &pv), S_OK);
    PropVariantInit(&pv);
    assert_int_equal(IWDFNamedPropertyStore2_GetNamedValue(store, u"list", &pv), S_OK);
    assert_int_equal(pv.vt, VT_VECTOR | VT_LPWSTR);
    assert_int_equal(pv.calpwstr.cElems, 2);
    assert_int_equal(pv.calpwstr.pElems[1][1], 'c');
    PropVariantClear(&pv);
    assert_non_null(harness_wait(&h, WUDF_MSG_HOST_EVENT, 0, T));
    assert_int_equal(IWDFNamedPropertyStore2_DeleteNamedValue(store, u"List"), S_OK);
    assert_int_equal(IWDFNamedPropertyStore2_DeleteNamedValue(store, u"List"), HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
    DWORD count = 1;
    assert_int_equal(IWDFNamedPropertyStore2_GetNameCount(store, &count), S_OK);
    assert_int_equal(count, 0);
    IWDFNamedPropertyStore2_Release(store);
    IWDFPropertyStoreFactory_Release(f);

    /* the unified store */
    IWDFUnifiedPropertyStoreFactory *uf = NULL;
    IWDFUnifiedPropertyStore *u = NULL;
    assert_int_equal(IWDFDevice_QueryInterface(testdrv_device(), &IID_IWDFUnifiedPropertyStoreFactory, (void **)&uf),
                     S_OK);
    WDF_PROPERTY_STORE_ROOT root;
    memset(&root, 0, sizeof root);
    root.LengthCb = sizeof root;
    root.RootClass = WdfPropertyStoreRootClassSoftwareKey;
    assert_int_equal(IWDFUnifiedPropertyStoreFactory_RetrieveUnifiedDevicePropertyStore(uf, &root, &u), E_INVALIDARG);
    root.RootClass = WdfPropertyStoreRootClassHardwareKey;
    assert_int_equal(IWDFUnifiedPropertyStoreFactory_RetrieveUnifiedDevicePropertyStore(uf, &root, &u), S_OK);
    static const DEVPROPKEY mine = {{0x5c7e3a10, 0x2b64, 0x4f0d, {0x9e, 0x83, 0x71, 0xa2, 0xc4, 0xd6, 0xb8, 0xf1}}, 7};
    ULONG value = 42, got = 0, required = 0;
    DEVPROPTYPE type = 99;
    assert_int_equal(IWDFUnifiedPropertyStore_GetPropertyData(u, &mine, 0, 0, sizeof got, &got, &required, &type),
                     HRESULT_FROM_WIN32(ERROR_NOT_FOUND));
    assert_int_equal(type, 0); /* DEVPROP_TYPE_EMPTY */
    assert_int_equal(IWDFUnifiedPropertyStore_SetPropertyData(u, &mine, 0x0400, 0, 7, sizeof value, &value),
                     E_INVALIDARG); /* LOCALE_USER_DEFAULT */
    assert_int_equal(IWDFUnifiedPropertyStore_SetPropertyData(u, &mine, 0, 0, 7, sizeof value, &value), S_OK);
    assert_int_equal(IWDFUnifiedPropertyStore_GetPropertyData(u, &mine, 0, 0, 0, NULL, &required, &type),
                     HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    assert_int_equal(required, 4);
    assert_int_equal(IWDFUnifiedPropertyStore_GetPropertyData(u, &mine, 0, 0, sizeof got, &got, &required, &type), S_OK);
    assert_int_equal(got, 42);
    assert_int_equal(type, 7);
    assert_int_equal(IWDFUnifiedPropertyStore_SetPropertyData(u, &mine, 0, 0, 7, 0, NULL), S_OK);
    assert_int_equal(IWDFUnifiedPropertyStore_SetPropertyData(u, &mine, 0, 0, 7, 0, NULL),
                     HRESULT_FROM_WIN32(ERROR_NOT_FOUND));
    IWDFUnifiedPropertyStore_Release(u);
    IWDFUnifiedPropertyStoreFactory_Release(uf);
    stop(&h);
}

static void files_get_create_cleanup_and_close_callbacks(void **state)
{
    host_harness h;
    start(&h, defaults);
    assert_int_equal(harness_open(&h, 1, 10, "\\stream"), STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_ON_CREATE_FILE), 1);
    assert_string_equal(testdrv_last_file_name(), "\\stream");
    assert_int_equal(harness_open(&h, 2, 10, ""), STATUS_OBJECT_NAME_COLLISION); /* id in use */
    harness_irp(&h, 3, WUDF_IRP_MJ_CLEANUP, 10, 0, NULL, 0, 0);
    const wudf_msg *m = harness_wait(&h, WUDF_MSG_COMPLETE, 3, T);
    assert_non_null(m);
    assert_int_equal(m->status, STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_ON_CLEANUP_FILE), 1);
    harness_irp(&h, 4, WUDF_IRP_MJ_CLOSE, 10, 0, NULL, 0, 0);
    m = harness_wait(&h, WUDF_MSG_COMPLETE, 4, T);
    assert_non_null(m);
    assert_int_equal(m->status, STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_ON_CLOSE_FILE), 1);
    harness_irp(&h, 5, WUDF_IRP_MJ_READ, 10, 0, NULL, 0, 4);
    m = harness_wait(&h, WUDF_MSG_COMPLETE, 5, T);
    assert_non_null(m);
    assert_int_equal(m->status, STATUS_INVALID_HANDLE);
    stop(&h);
}

static void a_refused_create_leaves_no_file(void **state)
{
    static const char *const refuse[] = {"failcreate", "1", NULL};
    host_harness h;
    start(&h, refuse);
    assert_int_equal(harness_open(&h, 1, 10, "x"), STATUS_ACCESS_DENIED);
    harness_irp(&h, 2, WUDF_IRP_MJ_READ, 10, 0, NULL, 0, 4);
    const wudf_msg *m = harness_wait(&h, WUDF_MSG_COMPLETE, 2, T);
    assert_non_null(m);
    assert_int_equal(m->status, STATUS_INVALID_HANDLE);
    stop(&h);
}

/* The index-th HOST_EVENT about names (the power reports the host also sends are skipped), or NULL. */
static const wudf_msg *name_event(host_harness *h, size_t index)
{
    const wudf_msg *found = NULL;
    uv_mutex_lock(&h->lock);
    for (size_t i = 0; i < h->count && !found; i++) {
        if (h->messages[i]->type != WUDF_MSG_HOST_EVENT)
            continue;
        char *event = harness_kv_get(h->messages[i], "event", 0);
        if (event && strcmp(event, "power") != 0 && index-- == 0)
            found = h->messages[i];
        free(event);
    }
    uv_mutex_unlock(&h->lock);
    return found;
}

static void device_started_reports_names_and_later_names_become_events(void **state)
{
    host_harness h;
    start(&h, defaults);
    const wudf_msg *started = harness_wait(&h, WUDF_MSG_DEVICE_STARTED, 0, T);
    char *symlink = harness_kv_get(started, "symlink", 0);
    char *itf = harness_kv_get(started, "interface", 0);
    char *live = harness_kv_get(started, "live_objects", 0);
    assert_string_equal(symlink, TESTDRV_SYMLINK);
    assert_string_equal(itf, TESTDRV_INTERFACE_TEXT);
    assert_non_null(live);
    assert_true(atoi(live) > 0);
    free(symlink);
    free(itf);
    free(live);

    assert_int_equal(IWDFDevice_CreateSymbolicLink(testdrv_device(), u"\\??\\Later"), S_OK);
    assert_int_equal(IWDFDevice_CreateSymbolicLink(testdrv_device(), u"\\??\\Later"),
                     HRESULT_FROM_NT(STATUS_OBJECT_NAME_COLLISION));
    GUID guid;
    assert_int_equal(wudf_guid_parse(TESTDRV_INTERFACE_TEXT, &guid), 0);
    assert_int_equal(IWDFDevice_AssignDeviceInterfaceState(testdrv_device(), &guid, NULL, FALSE), S_OK);
    uint64_t deadline = uv_hrtime() + (uint64_t)T * 1000000u;
    while (!name_event(&h, 1) && uv_hrtime() < deadline)
        harness_barrier(&h);
    const wudf_msg *e1 = name_event(&h, 0), *e2 = name_event(&h, 1);
    assert_non_null(e1);
    assert_non_null(e2);
    assert_null(name_event(&h, 2));
    char *event = harness_kv_get(e1, "event", 0), *name = harness_kv_get(e1, "name", 0);
    assert_string_equal(event, "symlink");
    assert_string_equal(name, "\\??\\Later");
    free(event);
    free(name);
    char *kind = harness_kv_get(e2, "event", 0), *enabled = harness_kv_get(e2, "enabled", 0);
    char *g = harness_kv_get(e2, "guid", 0);
    assert_string_equal(kind, "interface");
    assert_string_equal(enabled, "0");
    assert_string_equal(g, TESTDRV_INTERFACE_TEXT);
    free(kind);
    free(enabled);
    free(g);
    stop(&h);
}

static void expect_failed_start(host_harness *h, int32_t status, const char *message)
{
    const wudf_msg *started = harness_wait(h, WUDF_MSG_DEVICE_STARTED, 0, T);
    assert_non_null(started);
    assert_int_equal(started->status, status);
    char *text = harness_kv_get(started, "message", 0);
    assert_non_null(text);
    if (!strstr(text, message))
        fail_msg("message '%s' does not say '%s'", text, message);
    free(text);
    char *live = harness_kv_get(started, "live_objects", 0);
    assert_string_equal(live, "0");
    free(live);
    assert_int_equal(harness_wait_finished(h, T), 1);
    harness_destroy(h);
    assert_int_equal(testdrv_callback_references(), 0);
}

static void a_failing_on_device_add_is_reported_with_its_hresult(void **state)
{
    static const char *const fail[] = {"failstep", "deviceadd", NULL};
    host_harness h;
    testdrv_reset();
    assert_int_equal(harness_start(&h, fail), STATUS_UNSUCCESSFUL);
    assert_int_equal(testdrv_count(TESTDRV_ON_DEINITIALIZE), 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_PREPARE_HARDWARE), 0);
    expect_failed_start(&h, STATUS_UNSUCCESSFUL, "OnDeviceAdd failed with 0x80004005");
}

static void a_failing_d0_entry_releases_the_hardware(void **state)
{
    static const char *const fail[] = {"failstep", "d0entry", NULL};
    host_harness h;
    testdrv_reset();
    assert_int_equal(harness_start(&h, fail), STATUS_UNSUCCESSFUL);
    assert_int_equal(testdrv_count(TESTDRV_ON_RELEASE_HARDWARE), 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_D0_EXIT), 0);
    expect_failed_start(&h, STATUS_UNSUCCESSFUL, "OnD0Entry failed with 0x80004005");
}

/* OnD0Entry succeeded, so the device leaves D0 again; its interrupts were never enabled, so no
 * OnD0ExitPreInterruptsDisabled (WDF's D0 entry undone from where it failed). */
static void a_failing_post_interrupts_enabled_leaves_d0(void **state)
{
    static const char *const fail[] = {"failstep", "postinterrupts", NULL};
    host_harness h;
    testdrv_reset();
    assert_int_equal(harness_start(&h, fail), STATUS_UNSUCCESSFUL);
    assert_int_equal(testdrv_count(TESTDRV_ON_POST_INTERRUPTS_ENABLED), 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_SELF_MANAGED_IO_INIT), 0);
    assert_int_equal(testdrv_count(TESTDRV_ON_PRE_INTERRUPTS_DISABLED), 0);
    assert_int_equal(testdrv_count(TESTDRV_ON_D0_EXIT), 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_RELEASE_HARDWARE), 1);
    expect_failed_start(&h, STATUS_UNSUCCESSFUL, "OnD0EntryPostInterruptsEnabled failed with 0x80004005");
}

static void a_failing_on_initialize_is_reported(void **state)
{
    host_harness h;
    testdrv_reset();
    testdrv_set_failstep("initialize");
    assert_int_equal(harness_start(&h, NULL), STATUS_UNSUCCESSFUL);
    assert_int_equal(testdrv_count(TESTDRV_ON_DEVICE_ADD), 0);
    assert_int_equal(testdrv_count(TESTDRV_ON_DEINITIALIZE), 0);
    expect_failed_start(&h, STATUS_UNSUCCESSFUL, "OnInitialize failed with 0x80004005");
}

static void more_services_than_a_stack_holds_are_refused(void **state)
{
    host_harness h;
    testdrv_reset();
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", INSTANCE, NULL);
    wudf_kv_add(&kv, "service_count", "9", NULL);
    for (int i = 0; i < 9; i++) {
        char key[32];
        snprintf(key, sizeof key, "service.%d.clsid", i);
        wudf_kv_add(&kv, key, TESTDRV_CLSID_TEXT, NULL);
    }
    assert_int_equal(harness_start_kv(&h, &kv), STATUS_NOT_SUPPORTED);
    wudf_kv_free(&kv);
    assert_int_equal(testdrv_count(TESTDRV_ON_INITIALIZE), 0);
    expect_failed_start(&h, STATUS_NOT_SUPPORTED, "a device stack has 1 to 8 services");
}

static void device_start_refuses_malformed_registry_entries(void **state)
{
    static const char *const entries[] = {"reg.hw", "no;fields", NULL};
    host_harness h;
    assert_int_equal(start_with_entries(&h, entries), STATUS_INVALID_PARAMETER);
    expect_failed_start(&h, STATUS_INVALID_PARAMETER, "reg.hw entry");
}

static void a_leaked_reference_shows_in_live_objects(void **state)
{
    host_harness h;
    start(&h, defaults);
    IWDFMemory *kept = NULL;
    assert_int_equal(IWDFDriver_CreateWdfMemory(testdrv_driver(), 8, NULL, NULL, &kept), S_OK);
    /* The driver never releases its reference: the stop reports one live object. */
    assert_int_equal(harness_stop_only(&h), 1);
    IWDFMemory_Release(kept);
    assert_int_equal(wudf_host_live_objects(h.host), 0);
    harness_destroy(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memory_copies_are_bounds_checked),
        cmocka_unit_test(retrieve_device_instance_id_follows_umdf_size_semantics),
        cmocka_unit_test(post_event_and_create_wdf_file_answer_as_umdf),
        cmocka_unit_test(objects_clean_up_children_before_parents),
        cmocka_unit_test(query_interface_answers_the_implemented_interfaces),
        cmocka_unit_test(property_store_reads_device_settings),
        cmocka_unit_test(property_factory_opens_keys_with_their_rights_and_reports_writes),
        cmocka_unit_test(device_start_refuses_malformed_registry_entries),
        cmocka_unit_test(files_get_create_cleanup_and_close_callbacks),
        cmocka_unit_test(a_refused_create_leaves_no_file),
        cmocka_unit_test(device_started_reports_names_and_later_names_become_events),
        cmocka_unit_test(a_failing_on_device_add_is_reported_with_its_hresult),
        cmocka_unit_test(a_failing_d0_entry_releases_the_hardware),
        cmocka_unit_test(a_failing_post_interrupts_enabled_leaves_d0),
        cmocka_unit_test(a_failing_on_initialize_is_reported),
        cmocka_unit_test(more_services_than_a_stack_holds_are_refused),
        cmocka_unit_test(a_leaked_reference_shows_in_live_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
