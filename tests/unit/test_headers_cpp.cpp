/*
 * Specification of the C++ binding of the UMDF 1 headers: C++ classes that implement the interfaces
 * are called correctly through the C binding (the framework is C), every method sits in the vtable
 * slot umdf1-abi.md gives it, and __uuidof(IFoo) is IID_IFoo.
 *
 * The C calls are made by the WUDF_HEADERS_TEST_SECOND_TU build of test_headers_c.c, a C translation
 * unit linked into this program, exactly as the host calls a driver written in C++.
 */
#include <wudfddi.h>
#include <wudfusb.h>
#include <openwudf/client.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cstring>
extern "C" { /* cmocka.h declares print_error without C linkage */
#include <cmocka.h>
}

extern "C" {
const IID *wudf_test_second_tu_iid_iwdfdriver(void);
HRESULT wudf_test_c_query_interface(IUnknown *object, const IID *riid, void **ppv);
ULONG wudf_test_c_add_ref(IUnknown *object);
ULONG wudf_test_c_release(IUnknown *object);
void wudf_test_c_on_device_io_control(IQueueCallbackDeviceIoControl *callback, IWDFIoQueue *queue,
                                      IWDFIoRequest *request, ULONG code, SIZE_T in_size, SIZE_T out_size);
void wudf_test_c_on_read(IQueueCallbackRead *callback, IWDFIoQueue *queue, IWDFIoRequest *request, SIZE_T size);
SIZE_T wudf_test_c_memory_size(IWDFMemory *memory);
void *wudf_test_c_memory_buffer(IWDFMemory *memory, SIZE_T *size);
HRESULT wudf_test_c_memory_copy_to_buffer(IWDFMemory *memory, ULONG_PTR offset, void *buffer, SIZE_T size);
void wudf_test_c_memory_acquire_lock(IWDFMemory *memory);
}

/* Stand-ins for framework objects: the callbacks only pass these pointers along. */
static int fake_queue_storage, fake_request_storage;
#define FAKE_QUEUE reinterpret_cast<IWDFIoQueue *>(&fake_queue_storage)
#define FAKE_REQUEST reinterpret_cast<IWDFIoRequest *>(&fake_request_storage)

/* --- A queue callback with real reference counting ------------------------------------------------ */

class CIoctlCallback final : public IQueueCallbackDeviceIoControl {
public:
    explicit CIoctlCallback(int *destroyed) : m_destroyed(destroyed) {}

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (ppv == nullptr)
            return E_POINTER;
        if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IQueueCallbackDeviceIoControl))) {
            *ppv = static_cast<IQueueCallbackDeviceIoControl *>(this);
            AddRef();
            return S_OK;
        }
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return ++m_refs; }
    ULONG STDMETHODCALLTYPE Release() override
    {
        ULONG refs = --m_refs;
        if (refs == 0) {
            ++*m_destroyed;
            delete this;
        }
        return refs;
    }
    void STDMETHODCALLTYPE OnDeviceIoControl(IWDFIoQueue *queue, IWDFIoRequest *request, ULONG code,
                                             SIZE_T in_size, SIZE_T out_size) override
    {
        m_queue = queue;
        m_request = request;
        m_code = code;
        m_in_size = in_size;
        m_out_size = out_size;
        m_calls++;
    }

    IWDFIoQueue *m_queue = nullptr;
    IWDFIoRequest *m_request = nullptr;
    ULONG m_code = 0;
    SIZE_T m_in_size = 0, m_out_size = 0;
    int m_calls = 0;

private:
    ULONG m_refs = 1;
    int *m_destroyed;
};

static void a_cpp_callback_is_called_and_counted_through_the_c_binding(void **state)
{
    int destroyed = 0;
    CIoctlCallback *callback = new CIoctlCallback(&destroyed);
    IUnknown *unknown = callback;
    void *found = nullptr;
    const ULONG code = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS);

    (void)state;
    assert_int_equal(wudf_test_c_add_ref(unknown), 2);
    assert_int_equal(wudf_test_c_query_interface(unknown, &IID_IQueueCallbackDeviceIoControl, &found), S_OK);
    assert_ptr_equal(found, static_cast<IQueueCallbackDeviceIoControl *>(callback));
    assert_int_equal(wudf_test_c_query_interface(unknown, &IID_IWDFDriver, &found), E_NOINTERFACE);
    assert_null(found);

    wudf_test_c_on_device_io_control(callback, FAKE_QUEUE, FAKE_REQUEST, code, 17, 4096);
    assert_int_equal(callback->m_calls, 1);
    assert_ptr_equal(callback->m_queue, FAKE_QUEUE);
    assert_ptr_equal(callback->m_request, FAKE_REQUEST);
    assert_int_equal(callback->m_code, code);
    assert_int_equal(callback->m_in_size, 17);
    assert_int_equal(callback->m_out_size, 4096);

    assert_int_equal(wudf_test_c_release(unknown), 2);
    assert_int_equal(wudf_test_c_release(unknown), 1);
    assert_int_equal(destroyed, 0);
    assert_int_equal(wudf_test_c_release(unknown), 0);
    assert_int_equal(destroyed, 1);
}

static void a_cpp_object_can_be_viewed_through_its_c_vtable(void **state)
{
    int destroyed = 0;
    CIoctlCallback *callback = new CIoctlCallback(&destroyed);
    IQueueCallbackDeviceIoControl *itf = callback;
    /* The C binding's view of the object: a pointer to IQueueCallbackDeviceIoControlVtbl first. */
    struct c_view {
        const IQueueCallbackDeviceIoControlVtbl *lpVtbl;
    };
    const c_view *view = reinterpret_cast<const c_view *>(itf);

    (void)state;
    view->lpVtbl->OnDeviceIoControl(itf, FAKE_QUEUE, FAKE_REQUEST, 0x222004, 1, 2);
    assert_int_equal(callback->m_calls, 1);
    assert_int_equal(callback->m_code, 0x222004);
    assert_int_equal(view->lpVtbl->AddRef(itf), 2);
    assert_int_equal(view->lpVtbl->Release(itf), 1);
    assert_int_equal(view->lpVtbl->Release(itf), 0);
    assert_int_equal(destroyed, 1);
}

/* --- A device callback implementing several interfaces (multiple inheritance) ------------------- */

class CDeviceCallbacks final : public IPnpCallbackHardware, public IQueueCallbackRead, public IObjectCleanup {
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override
    {
        if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IPnpCallbackHardware)))
            *ppv = static_cast<IPnpCallbackHardware *>(this);
        else if (IsEqualIID(riid, __uuidof(IQueueCallbackRead)))
            *ppv = static_cast<IQueueCallbackRead *>(this);
        else if (IsEqualIID(riid, __uuidof(IObjectCleanup)))
            *ppv = static_cast<IObjectCleanup *>(this);
        else {
            *ppv = nullptr;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return ++m_refs; }
    ULONG STDMETHODCALLTYPE Release() override { return --m_refs; } /* lives on the stack */
    HRESULT STDMETHODCALLTYPE OnPrepareHardware(IWDFDevice *) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnReleaseHardware(IWDFDevice *) override { return S_OK; }
    void STDMETHODCALLTYPE OnRead(IWDFIoQueue *queue, IWDFIoRequest *request, SIZE_T size) override
    {
        m_self_seen = this;
        m_queue = queue;
        m_request = request;
        m_size = size;
    }
    void STDMETHODCALLTYPE OnCleanup(IWDFObject *) override {}

    ULONG m_refs = 1;
    CDeviceCallbacks *m_self_seen = nullptr;
    IWDFIoQueue *m_queue = nullptr;
    IWDFIoRequest *m_request = nullptr;
    SIZE_T m_size = 0;
};

static void a_secondary_interface_of_a_cpp_object_works_through_the_c_binding(void **state)
{
    CDeviceCallbacks device;
    void *read = nullptr;

    (void)state;
    assert_int_equal(wudf_test_c_query_interface(static_cast<IPnpCallbackHardware *>(&device),
                                                 &IID_IQueueCallbackRead, &read),
                     S_OK);
    assert_ptr_equal(read, static_cast<IQueueCallbackRead *>(&device));
    assert_ptr_not_equal(read, static_cast<void *>(static_cast<IPnpCallbackHardware *>(&device)));
    assert_int_equal(device.m_refs, 2);

    wudf_test_c_on_read(static_cast<IQueueCallbackRead *>(read), FAKE_QUEUE, FAKE_REQUEST, 512);
    assert_ptr_equal(device.m_self_seen, &device);
    assert_ptr_equal(device.m_queue, FAKE_QUEUE);
    assert_ptr_equal(device.m_request, FAKE_REQUEST);
    assert_int_equal(device.m_size, 512);
    /* Release through the secondary interface's vtable reaches the same counter. */
    assert_int_equal(wudf_test_c_release(static_cast<IQueueCallbackRead *>(read)), 1);
}

/* --- An IWDFObject-derived interface implemented in C++ ----------------------------------------- */

class CMemory final : public IWDFMemory {
public:
    CMemory(void *buffer, SIZE_T size) : m_buffer(buffer), m_size(size) {}

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **ppv) override
    {
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return 1; }
    ULONG STDMETHODCALLTYPE Release() override { return 1; }
    HRESULT STDMETHODCALLTYPE DeleteWdfObject() override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE AssignContext(IObjectCleanup *, void *) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE RetrieveContext(void **) override { return E_NOTIMPL; }
    void STDMETHODCALLTYPE AcquireLock() override { m_locks++; }
    void STDMETHODCALLTYPE ReleaseLock() override { m_locks--; }
    HRESULT STDMETHODCALLTYPE CopyFromMemory(IWDFMemory *, PWDFMEMORY_OFFSET) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE CopyToBuffer(ULONG_PTR offset, void *target, SIZE_T size) override
    {
        if (offset > m_size || size > m_size - offset)
            return E_INVALIDARG;
        memcpy(target, static_cast<char *>(m_buffer) + offset, size);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE CopyFromBuffer(ULONG_PTR, void *, SIZE_T) override { return E_NOTIMPL; }
    SIZE_T STDMETHODCALLTYPE GetSize() override { return m_size; }
    void *STDMETHODCALLTYPE GetDataBuffer(SIZE_T *size) override
    {
        if (size != nullptr)
            *size = m_size;
        return m_buffer;
    }
    void STDMETHODCALLTYPE SetBuffer(void *buffer, SIZE_T size) override
    {
        m_buffer = buffer;
        m_size = size;
    }

    int m_locks = 0;

private:
    void *m_buffer;
    SIZE_T m_size;
};

static void an_iwdfobject_based_cpp_class_has_the_c_vtable_layout(void **state)
{
    char data[] = "0123456789";
    CMemory memory(data, 10);
    SIZE_T size = 0;
    char copy[4] = { 0 };
    struct c_view {
        const IWDFMemoryVtbl *lpVtbl;
    };
    const c_view *view = reinterpret_cast<const c_view *>(static_cast<IWDFMemory *>(&memory));

    (void)state;
    /* GetSize is slot 11: after IUnknown (3), IWDFObject (5), CopyFromMemory/ToBuffer/FromBuffer. */
    assert_int_equal(offsetof(IWDFMemoryVtbl, GetSize), 11 * sizeof(void *));
    assert_int_equal(wudf_test_c_memory_size(&memory), 10);
    assert_int_equal(view->lpVtbl->GetSize(&memory), 10);
    assert_ptr_equal(wudf_test_c_memory_buffer(&memory, &size), data);
    assert_int_equal(size, 10);
    assert_int_equal(wudf_test_c_memory_copy_to_buffer(&memory, 3, copy, 3), S_OK);
    assert_string_equal(copy, "345");
    assert_int_equal(wudf_test_c_memory_copy_to_buffer(&memory, 8, copy, 3), E_INVALIDARG);
    wudf_test_c_memory_acquire_lock(&memory);
    assert_int_equal(memory.m_locks, 1);
}

/* --- __uuidof ------------------------------------------------------------------------------------- */

struct uuid_fact {
    const char *name;
    const GUID *uuidof;
    const IID *iid;
    size_t object_size;
};

#define UUID(itf) { #itf, &__uuidof(itf), &IID_##itf, sizeof(itf) }

static const struct uuid_fact uuids[] = {
    UUID(IUnknown),
    UUID(IClassFactory),
    UUID(IWDFObject),
    UUID(IWDFDriver),
    UUID(IWDFDeviceInitialize),
    UUID(IWDFDevice),
    UUID(IWDFNamedPropertyStore),
    UUID(IWDFIoQueue),
    UUID(IWDFIoRequest),
    UUID(IWDFRequestCompletionParams),
    UUID(IWDFIoRequestCompletionParams),
    UUID(IWDFFile),
    UUID(IWDFDriverCreatedFile),
    UUID(IWDFIoTarget),
    UUID(IWDFIoTargetStateManagement),
    UUID(IWDFFileHandleTargetFactory),
    UUID(IWDFMemory),
    UUID(IObjectCleanup),
    UUID(IDriverEntry),
    UUID(IPnpCallback),
    UUID(IPnpCallbackSelfManagedIo),
    UUID(IPnpCallbackHardware),
    UUID(IQueueCallbackCreate),
    UUID(IQueueCallbackRead),
    UUID(IQueueCallbackWrite),
    UUID(IQueueCallbackDeviceIoControl),
    UUID(IQueueCallbackDefaultIoHandler),
    UUID(IQueueCallbackStateChange),
    UUID(IQueueCallbackIoStop),
    UUID(IQueueCallbackIoResume),
    UUID(IRequestCallbackCancel),
    UUID(IRequestCallbackRequestCompletion),
    UUID(IFileCallbackCleanup),
    UUID(IFileCallbackClose),
    UUID(IImpersonateCallback),
    UUID(IWDFUsbTargetFactory),
    UUID(IWDFUsbTargetDevice),
    UUID(IWDFUsbInterface),
    UUID(IWDFUsbTargetPipe),
    UUID(IWDFUsbRequestCompletionParams),
    UUID(IUsbTargetPipeContinuousReaderCallbackReadComplete),
    UUID(IUsbTargetPipeContinuousReaderCallbackReadersFailed),
    UUID(IWDFUsbTargetPipe2),
    UUID(IWDFDeviceInitialize2),
    UUID(IWDFDevice2),
    UUID(IWDFDevice3),
    UUID(IWDFIoRequest2),
    UUID(IWDFIoRequest3),
    UUID(IWDFFile2),
    UUID(IWDFFile3),
    UUID(IWDFIoTarget2),
    UUID(IWDFRemoteTarget),
    UUID(IWDFWorkItem),
    UUID(IWDFInterrupt),
    UUID(IQueueCallbackIoCanceledOnQueue),
    UUID(IPnpCallbackHardware2),
    UUID(IWDFNamedPropertyStore2),
    UUID(IWDFPropertyStoreFactory),
    UUID(IWDFUnifiedPropertyStore),
    UUID(IWDFUnifiedPropertyStoreFactory),
    UUID(IWDFCmResourceList),
    UUID(IWDFRemoteInterfaceInitialize),
    UUID(IWDFRemoteInterface),
    UUID(IPnpCallbackHardwareInterrupt),
    UUID(IPnpCallbackRemoteInterfaceNotification),
    UUID(IRemoteInterfaceCallbackEvent),
    UUID(IRemoteInterfaceCallbackRemoval),
    UUID(IRemoteTargetCallbackRemoval),
    UUID(IPowerPolicyCallbackWakeFromS0),
    UUID(IPowerPolicyCallbackWakeFromSx),
};

static void uuidof_every_interface_is_its_iid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof uuids / sizeof uuids[0]; i++) {
        if (!IsEqualIID(*uuids[i].uuidof, *uuids[i].iid))
            fail_msg("__uuidof(%s) differs from IID_%s", uuids[i].name, uuids[i].name);
        /* Single inheritance from IUnknown: one vtable pointer, nothing else. */
        assert_int_equal(uuids[i].object_size, sizeof(void *));
    }
}

static void uuidof_accepts_pointers_and_objects(void **state)
{
    IWDFDriver *driver = nullptr;
    IWDFUsbTargetPipe2 *pipe = nullptr;
    CIoctlCallback *unused = nullptr;
    IQueueCallbackDeviceIoControl *callback = unused;
    void *found = nullptr;
    int destroyed = 0;

    (void)state;
    assert_true(IsEqualIID(__uuidof(IWDFDriver), IID_IWDFDriver));
    assert_true(IsEqualIID(__uuidof(driver), IID_IWDFDriver));
    assert_true(IsEqualIID(__uuidof(*driver), IID_IWDFDriver));
    assert_true(IsEqualIID(__uuidof(*pipe), IID_IWDFUsbTargetPipe2));
    assert_false(IsEqualIID(__uuidof(IWDFDriver), IID_IWDFDevice));
    assert_true(__uuidof(IWDFDriver) == *wudf_test_second_tu_iid_iwdfdriver());
#ifndef _WIN32
    {
        const IWDFDevice *const device = nullptr;
        assert_true(IsEqualIID(__uuidof(device), IID_IWDFDevice));
        assert_true(IsEqualIID(__uuidof(*device), IID_IWDFDevice));
    }
#endif
    callback = new CIoctlCallback(&destroyed);
    assert_int_equal(callback->QueryInterface(IID_PPV_ARGS(&callback)), S_OK);
    assert_int_equal(callback->QueryInterface(__uuidof(IWDFDriver), &found), E_NOINTERFACE);
    assert_int_equal(callback->Release(), 1);
    assert_int_equal(callback->Release(), 0);
    assert_int_equal(destroyed, 1);
}

/* --- Slots of the C++ binding --------------------------------------------------------------------- */

#if defined(__GNUC__)
/* The vtable slot a pointer to a virtual member function designates, read from its Itanium C++ ABI
 * representation (g++ and clang++ on Linux and mingw-w64): {1 + byte offset, this adjustment}; on ARM
 * the virtual flag is the low bit of the adjustment instead. Returns -1 for a non-virtual function. */
template <typename Pmf> static long vtable_slot(Pmf pmf)
{
    struct {
        uintptr_t ptr;
        ptrdiff_t adj;
    } rep;
    static_assert(sizeof(Pmf) == sizeof(rep), "Itanium C++ ABI member function pointer");
    memcpy(&rep, &pmf, sizeof rep);
#if defined(__arm__) || defined(__aarch64__)
    if (!(rep.adj & 1))
        return -1;
    return (long)(rep.ptr / sizeof(void *));
#else
    if (!(rep.ptr & 1))
        return -1;
    return (long)((rep.ptr - 1) / sizeof(void *));
#endif
}

struct cxx_slot_fact {
    const char *itf_name;
    const char *method;
    long slot;
    long documented;
};

#define SLOT(itf, method, slot) { #itf, #method, vtable_slot(&itf::method), slot }

static void every_cpp_method_sits_in_its_documented_slot(void **state)
{
    /* Every method an interface adds, at the slot umdf1-abi.md gives it. */
    const struct cxx_slot_fact slots[] = {
#include "abi_slots.h"
};

    (void)state;
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        if (slots[i].slot != slots[i].documented)
            fail_msg("%s::%s is in C++ vtable slot %ld, the ABI has %ld", slots[i].itf_name, slots[i].method,
                     slots[i].slot, slots[i].documented);
    }
}
#endif

/* The client API and its status names, from C++: the same values as ntstatus.h's. */
static_assert(WUDF_STATUS_DRIVER_PROCESS_TERMINATED == STATUS_DRIVER_PROCESS_TERMINATED, "public status value");
static_assert(WUDF_STATUS_CANCELLED == STATUS_CANCELLED, "public status value");
static_assert(!WUDF_SUCCEEDED(WUDF_STATUS_BUFFER_OVERFLOW) && WUDF_SUCCEEDED(WUDF_STATUS_PENDING), "severity");

static void status_names_are_usable_from_cpp(void **state)
{
    (void)state;
    wudf_status status = WUDF_STATUS_DRIVER_PROCESS_TERMINATED;
    assert_string_equal(wudf_status_name(status), "STATUS_DRIVER_PROCESS_TERMINATED");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_cpp_callback_is_called_and_counted_through_the_c_binding),
        cmocka_unit_test(a_cpp_object_can_be_viewed_through_its_c_vtable),
        cmocka_unit_test(a_secondary_interface_of_a_cpp_object_works_through_the_c_binding),
        cmocka_unit_test(an_iwdfobject_based_cpp_class_has_the_c_vtable_layout),
        cmocka_unit_test(uuidof_every_interface_is_its_iid),
        cmocka_unit_test(uuidof_accepts_pointers_and_objects),
        cmocka_unit_test(status_names_are_usable_from_cpp),
#if defined(__GNUC__)
        cmocka_unit_test(every_cpp_method_sits_in_its_documented_slot),
#endif
    };
    return cmocka_run_group_tests_name("headers_cpp", tests, nullptr, nullptr);
}
