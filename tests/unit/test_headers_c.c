/*
 * Specification of the public UMDF 1 headers (inc/wudfddi.h, inc/wudfusb.h, inc/openwudf/wintypes.h)
 * and of common/status.c: layouts, IIDs and vtable slots exactly as umdf1-abi.md gives them, enum
 * values, and the HRESULT / NTSTATUS / Win32 conversions.
 *
 * headers.cmake compiles this file three times:
 *  - as the test program (the default);
 *  - with WUDF_HEADERS_TEST_SECOND_TU: another translation unit of the C and C++ test programs. It
 *    proves the data every includer defines (IIDs, Microsoft_WDF_UMDF_Version) links from several
 *    files into one copy, and gives the C++ test C-binding calls (COBJMACROS) into C++ objects;
 *  - with WUDF_HEADERS_TEST_DRIVER: a minimal driver module built like the real ones
 *    (-fvisibility=hidden), which the test loads to check what a driver exports.
 */
#define COBJMACROS
#include <wudfddi.h>
#include <wudfusb.h>

/* The test driver's class. */
#define TEST_DRIVER_CLSID_INIT { 0x0b7c3e2a, 0x5d1f, 0x4c8b, { 0x9e, 0x6a, 0x2f, 0x4d, 0x8c, 0x1b, 0x7a, 0x30 } }

/* Defined by the WUDF_HEADERS_TEST_SECOND_TU build of this file. */
const IID *wudf_test_second_tu_iid_iwdfdriver(void);
const IID *wudf_test_second_tu_iid_iwdfusbtargetpipe(void);
const UMDF_VERSION_DATA *wudf_test_second_tu_version(void);
HRESULT wudf_test_c_query_interface(IUnknown *object, REFIID riid, void **ppv);
ULONG wudf_test_c_add_ref(IUnknown *object);
ULONG wudf_test_c_release(IUnknown *object);
void wudf_test_c_on_device_io_control(IQueueCallbackDeviceIoControl *callback, IWDFIoQueue *queue,
                                      IWDFIoRequest *request, ULONG code, SIZE_T in_size, SIZE_T out_size);
void wudf_test_c_on_read(IQueueCallbackRead *callback, IWDFIoQueue *queue, IWDFIoRequest *request, SIZE_T size);
SIZE_T wudf_test_c_memory_size(IWDFMemory *memory);
void *wudf_test_c_memory_buffer(IWDFMemory *memory, SIZE_T *size);
HRESULT wudf_test_c_memory_copy_to_buffer(IWDFMemory *memory, ULONG_PTR offset, void *buffer, SIZE_T size);
void wudf_test_c_memory_acquire_lock(IWDFMemory *memory);

#if defined(WUDF_HEADERS_TEST_SECOND_TU)
/* ====================================================================================================
 * Second translation unit
 * ================================================================================================== */

const IID *wudf_test_second_tu_iid_iwdfdriver(void) { return &IID_IWDFDriver; }
const IID *wudf_test_second_tu_iid_iwdfusbtargetpipe(void) { return &IID_IWDFUsbTargetPipe; }
const UMDF_VERSION_DATA *wudf_test_second_tu_version(void) { return &Microsoft_WDF_UMDF_Version; }

HRESULT wudf_test_c_query_interface(IUnknown *object, REFIID riid, void **ppv)
{
    return IUnknown_QueryInterface(object, riid, ppv);
}

ULONG wudf_test_c_add_ref(IUnknown *object) { return IUnknown_AddRef(object); }
ULONG wudf_test_c_release(IUnknown *object) { return IUnknown_Release(object); }

void wudf_test_c_on_device_io_control(IQueueCallbackDeviceIoControl *callback, IWDFIoQueue *queue,
                                      IWDFIoRequest *request, ULONG code, SIZE_T in_size, SIZE_T out_size)
{
    IQueueCallbackDeviceIoControl_OnDeviceIoControl(callback, queue, request, code, in_size, out_size);
}

void wudf_test_c_on_read(IQueueCallbackRead *callback, IWDFIoQueue *queue, IWDFIoRequest *request, SIZE_T size)
{
    IQueueCallbackRead_OnRead(callback, queue, request, size);
}

SIZE_T wudf_test_c_memory_size(IWDFMemory *memory) { return IWDFMemory_GetSize(memory); }
void *wudf_test_c_memory_buffer(IWDFMemory *memory, SIZE_T *size) { return IWDFMemory_GetDataBuffer(memory, size); }
HRESULT wudf_test_c_memory_copy_to_buffer(IWDFMemory *memory, ULONG_PTR offset, void *buffer, SIZE_T size)
{
    return IWDFMemory_CopyToBuffer(memory, offset, buffer, size);
}
void wudf_test_c_memory_acquire_lock(IWDFMemory *memory) { IWDFMemory_AcquireLock(memory); }

#elif defined(WUDF_HEADERS_TEST_DRIVER)
/* ====================================================================================================
 * Test driver module: a class factory for one CLSID, and the two COM entry points
 * ================================================================================================== */

static LONG factory_locks;

static HRESULT STDMETHODCALLTYPE factory_query_interface(IClassFactory *This, REFIID riid, void **ppv)
{
    if (ppv == NULL)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

/* The factory is a static object: reference counts do not govern its lifetime. */
static ULONG STDMETHODCALLTYPE factory_add_ref(IClassFactory *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE factory_release(IClassFactory *This) { (void)This; return 1; }

static HRESULT STDMETHODCALLTYPE factory_create_instance(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    (void)This;
    (void)riid;
    *ppv = NULL;
    return outer != NULL ? CLASS_E_NOAGGREGATION : E_NOINTERFACE;
}

static HRESULT STDMETHODCALLTYPE factory_lock_server(IClassFactory *This, BOOL lock)
{
    (void)This;
    factory_locks += lock ? 1 : -1;
    return S_OK;
}

static IClassFactoryVtbl factory_vtbl = {
    factory_query_interface, factory_add_ref, factory_release, factory_create_instance, factory_lock_server,
};
static IClassFactory factory = { &factory_vtbl };

STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    static const CLSID clsid = TEST_DRIVER_CLSID_INIT;

    if (ppv == NULL)
        return E_POINTER;
    *ppv = NULL;
    if (!IsEqualCLSID(rclsid, &clsid))
        return CLASS_E_CLASSNOTAVAILABLE;
    return IClassFactory_QueryInterface(&factory, riid, ppv);
}

STDAPI DllCanUnloadNow(void)
{
    return factory_locks == 0 ? S_OK : S_FALSE;
}

#else
/* ====================================================================================================
 * The test program
 * ================================================================================================== */

#include "hresult.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>
#include <uv.h>

#ifdef _WIN32
#include <initguid.h> /* DEFINE_GUID defines only under INITGUID on Windows */
#endif
DEFINE_GUID(GUID_WUDF_HEADERS_TEST, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);

/* Parses the "64275C66-2E71-4060-B5F4-3A76DF96ED3C" form the ABI reference uses. */
static int parse_guid(const char *text, GUID *guid)
{
    static const int groups[] = { 8, 4, 4, 4, 12 };
    unsigned char bytes[16];
    int b = 0;

    for (int g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i += 2) {
            unsigned value;
            if (sscanf(text, "%2x", &value) != 1)
                return -1;
            bytes[b++] = (unsigned char)value;
            text += 2;
        }
        if (g < 4 && *text++ != '-')
            return -1;
    }
    if (*text != '\0')
        return -1;
    guid->Data1 = (ULONG)bytes[0] << 24 | (ULONG)bytes[1] << 16 | (ULONG)bytes[2] << 8 | bytes[3];
    guid->Data2 = (USHORT)(bytes[4] << 8 | bytes[5]);
    guid->Data3 = (USHORT)(bytes[6] << 8 | bytes[7]);
    memcpy(guid->Data4, bytes + 8, 8);
    return 0;
}

/* --- Base types ----------------------------------------------------------------------------------- */

static void base_types_have_the_sizes_and_signs_of_windows_x64(void **state)
{
    (void)state;
    assert_int_equal(sizeof(UCHAR), 1);
    assert_int_equal(sizeof(BOOLEAN), 1);
    assert_int_equal(sizeof(USHORT), 2);
    assert_int_equal(sizeof(WCHAR), 2);
    assert_int_equal(sizeof(ULONG), 4);
    assert_int_equal(sizeof(LONG), 4);
    assert_int_equal(sizeof(DWORD), 4);
    assert_int_equal(sizeof(BOOL), 4);
    assert_int_equal(sizeof(HRESULT), 4);
    assert_int_equal(sizeof(NTSTATUS), 4);
    assert_int_equal(sizeof(LONGLONG), 8);
    assert_int_equal(sizeof(ULONGLONG), 8);
    assert_int_equal(sizeof(ULONG_PTR), sizeof(void *));
    assert_int_equal(sizeof(SIZE_T), sizeof(void *));
    assert_int_equal(sizeof(KAFFINITY), sizeof(void *));
    assert_int_equal(sizeof(LARGE_INTEGER), 8);
    assert_int_equal(sizeof(PHYSICAL_ADDRESS), 8);
    assert_int_equal(sizeof(GUID), 16);
    assert_int_equal(offsetof(GUID, Data4), 8);
    assert_int_equal(sizeof(DEVPROPKEY), 20);
    assert_true((ULONG)-1 > 0);
    assert_true((LONG)-1 < 0);
    assert_true((WCHAR)-1 > 0);
    assert_true((DWORD)-1 > 0);
    /* Enum-typed parameters are 32-bit. */
    assert_int_equal(sizeof(WDF_REQUEST_TYPE), 4);
    assert_int_equal(sizeof(WDF_IO_QUEUE_STATE), 4);
    assert_int_equal(sizeof(USBD_PIPE_TYPE), 4);
}

static void propvariant_has_the_windows_layout(void **state)
{
    PROPVARIANT value;

    (void)state;
    assert_int_equal(sizeof(PROPVARIANT), sizeof(void *) == 8 ? 24 : 16);
    assert_int_equal(offsetof(PROPVARIANT, vt), 0);
    assert_int_equal(offsetof(PROPVARIANT, ulVal), 8);
    assert_int_equal(offsetof(PROPVARIANT, pwszVal), 8);
    assert_int_equal(offsetof(PROPVARIANT, uhVal), 8);
    assert_int_equal(sizeof(value.boolVal), 2);
    assert_int_equal(VT_EMPTY, 0);
    assert_int_equal(VT_I4, 3);
    assert_int_equal(VT_BOOL, 11);
    assert_int_equal(VT_UI4, 19);
    assert_int_equal(VT_LPWSTR, 31);
    assert_int_equal(VT_VECTOR, 0x1000);
}

static void propvariant_clear_frees_a_string_and_empties_the_value(void **state)
{
    PROPVARIANT value;

    (void)state;
    PropVariantInit(&value);
    assert_int_equal(value.vt, VT_EMPTY);
    value.vt = VT_LPWSTR;
    value.pwszVal = (LPWSTR)CoTaskMemAlloc(4 * sizeof(WCHAR));
    assert_non_null(value.pwszVal);
    memcpy(value.pwszVal, WUDF_WSTR("abc"), 4 * sizeof(WCHAR));
    assert_int_equal(PropVariantClear(&value), S_OK);
    assert_int_equal(value.vt, VT_EMPTY);
    assert_null(value.pwszVal);
}

static void wide_string_literals_are_wchar_strings(void **state)
{
    PCWSTR text = WUDF_WSTR("UMDF");

    (void)state;
    assert_int_equal(sizeof(WUDF_WSTR("UMDF")), 5 * sizeof(WCHAR));
    assert_int_equal(text[0], 'U');
    assert_int_equal(text[3], 'F');
    assert_int_equal(text[4], 0);
#ifndef _WIN32
    {
        PCWSTR plain = u"x\u00e9"; /* Linux drivers may write u"..." directly */
        assert_int_equal(plain[1], 0xe9);
    }
#endif
}

static void umdf_structs_have_the_documented_layout(void **state)
{
    (void)state;
    assert_int_equal(sizeof(UMDF_VERSION_DATA), 12);
    assert_int_equal(offsetof(UMDF_VERSION_DATA, ServiceNumber), 8);
    assert_int_equal(sizeof(WDFMEMORY_OFFSET), 2 * sizeof(void *));
    assert_int_equal(offsetof(WDFMEMORY_OFFSET, BufferLength), sizeof(void *));
    assert_int_equal(sizeof(UMDF_IO_TARGET_OPEN_PARAMS), 12);
    assert_int_equal(offsetof(UMDF_IO_TARGET_OPEN_PARAMS, dwCreationDisposition), 4);
    assert_int_equal(offsetof(UMDF_IO_TARGET_OPEN_PARAMS, dwFlagsAndAttributes), 8);
    assert_int_equal(sizeof(WDF_PROPERTY_STORE_ROOT), sizeof(void *) == 8 ? 24 : 16);
    assert_int_equal(offsetof(WDF_PROPERTY_STORE_ROOT, RootClass), 4);
    assert_int_equal(offsetof(WDF_PROPERTY_STORE_ROOT, Qualifier), 8);
    assert_int_equal(offsetof(WDF_PROPERTY_STORE_ROOT, Qualifier.DeviceInterfaceKey.ReferenceString),
                     8 + sizeof(void *));
}

static void winusb_types_have_the_documented_layout(void **state)
{
    (void)state;
    assert_int_equal(sizeof(WINUSB_PIPE_INFORMATION), 12);
    assert_int_equal(offsetof(WINUSB_PIPE_INFORMATION, PipeType), 0);
    assert_int_equal(offsetof(WINUSB_PIPE_INFORMATION, PipeId), 4);
    assert_int_equal(offsetof(WINUSB_PIPE_INFORMATION, MaximumPacketSize), 6);
    assert_int_equal(offsetof(WINUSB_PIPE_INFORMATION, Interval), 8);
    assert_int_equal(sizeof(WINUSB_SETUP_PACKET), 8);
    assert_int_equal(offsetof(WINUSB_SETUP_PACKET, Request), 1);
    assert_int_equal(offsetof(WINUSB_SETUP_PACKET, Value), 2);
    assert_int_equal(offsetof(WINUSB_SETUP_PACKET, Index), 4);
    assert_int_equal(offsetof(WINUSB_SETUP_PACKET, Length), 6);
    assert_int_equal(sizeof(USB_INTERFACE_DESCRIPTOR), 9);
    assert_int_equal(offsetof(USB_INTERFACE_DESCRIPTOR, iInterface), 8);
    assert_int_equal(sizeof(WINUSB_INTERFACE_HANDLE), sizeof(void *));
}

/* --- Interfaces: IIDs, bases, vtable sizes and slots ------------------------------------------- */

struct interface_fact {
    const char *name;
    const IID *iid;
    const char *documented_iid;
    size_t documented_slots;
    size_t vtbl_size;
    size_t base_vtbl_size;
    size_t object_size;
    size_t release_offset;
};

#define IFACE(itf, base, text, slots) \
    { #itf, &IID_##itf, text, slots, sizeof(itf##Vtbl), sizeof(base##Vtbl), sizeof(itf), offsetof(itf##Vtbl, Release) }

/* Every interface of umdf1-abi.md: IID as the document writes it, and its vtable size in slots. */
static const struct interface_fact interfaces[] = {
    IFACE(IWDFObject, IUnknown, "64275C66-2E71-4060-B5F4-3A76DF96ED3C", 8),
    IFACE(IWDFDriver, IWDFObject, "AD368EBE-4139-43E3-A875-69B266A9139C", 14),
    IFACE(IWDFDeviceInitialize, IUnknown, "74CC381C-0871-43C1-878B-3F7C9D16933D", 11),
    IFACE(IWDFDevice, IWDFObject, "D657FE45-460A-49C3-8219-766AE8032A80", 25),
    IFACE(IWDFNamedPropertyStore, IUnknown, "394B48C9-BCA0-498F-8E2C-01225464A932", 7),
    IFACE(IWDFIoQueue, IWDFObject, "AE1162B9-8B11-4714-993D-93DC48CC9E8A", 20),
    IFACE(IWDFIoRequest, IWDFObject, "896DF312-22B4-4A9D-95DD-A364AAF59769", 31),
    IFACE(IWDFRequestCompletionParams, IUnknown, "707A2B42-69B8-4971-A49C-4031861E7AFF", 6),
    IFACE(IWDFIoRequestCompletionParams, IWDFRequestCompletionParams, "723D4F3C-7722-4C49-99AE-195937BD9582", 9),
    IFACE(IWDFFile, IWDFObject, "CC8FE04B-FE8B-4245-AFD6-C31BC830C791", 10),
    IFACE(IWDFDriverCreatedFile, IWDFFile, "B7615D26-494B-47A6-B4CF-0271BCC3DA4B", 11),
    IFACE(IWDFIoTarget, IWDFObject, "CC060D79-C0C2-407F-8B10-A5E900FC3474", 13),
    IFACE(IWDFIoTargetStateManagement, IUnknown, "88B077AA-EFF6-4EBA-9E4D-064C70822B98", 7),
    IFACE(IWDFFileHandleTargetFactory, IUnknown, "1427B7E8-E365-400B-9B92-5ACE55168E25", 4),
    IFACE(IWDFMemory, IWDFObject, "AB098F88-8F16-472A-B0BC-ECA46486C102", 14),
    IFACE(IObjectCleanup, IUnknown, "244ABE3A-ABBC-43B1-A877-F00077550E6A", 4),
    IFACE(IDriverEntry, IUnknown, "1BEC7499-8881-4F2B-B01C-A1A907304AFC", 6),
    IFACE(IPnpCallback, IUnknown, "27C32374-CC45-4840-857E-8E5EF7C0EBFF", 8),
    IFACE(IPnpCallbackSelfManagedIo, IUnknown, "D1C9CA4C-46AA-46F8-BD8C-6CA9DEB13340", 9),
    IFACE(IPnpCallbackHardware, IUnknown, "51433BD3-C7C1-4BD8-B4C1-AB1E034626CC", 5),
    IFACE(IQueueCallbackCreate, IUnknown, "7D8899F0-8DA9-435F-983C-7E17D4356997", 4),
    IFACE(IQueueCallbackRead, IUnknown, "C3072620-1DA6-48FB-B4FE-ED652B16AEB2", 4),
    IFACE(IQueueCallbackWrite, IUnknown, "4888CBC5-3FA2-4EA3-89A3-C20ED6E04778", 4),
    IFACE(IQueueCallbackDeviceIoControl, IUnknown, "C5411408-0F1E-4ED6-A412-36DD15EEE707", 4),
    IFACE(IQueueCallbackDefaultIoHandler, IUnknown, "15FB6D38-FDD8-4005-8E55-EB0B98313499", 4),
    IFACE(IQueueCallbackStateChange, IUnknown, "E7ECE381-7CB1-468A-BC43-ABD5948FFC75", 4),
    IFACE(IQueueCallbackIoStop, IUnknown, "3DE3B961-88FB-435A-9C14-0868FB4FC623", 4),
    IFACE(IQueueCallbackIoResume, IUnknown, "BEE9FD3C-3DDA-4D9D-A8FC-02C38D79F663", 4),
    IFACE(IRequestCallbackCancel, IUnknown, "4E9F1A77-4587-4235-81C4-E6D24545A656", 4),
    IFACE(IRequestCallbackRequestCompletion, IUnknown, "8A7CC8CB-CEB2-46F6-9851-77BD347A15C2", 4),
    IFACE(IFileCallbackCleanup, IUnknown, "35C5F79C-6D81-4819-AA64-D6A8939D94D6", 4),
    IFACE(IFileCallbackClose, IUnknown, "C28FD731-F3F1-4573-97DC-620F72D013A6", 4),
    IFACE(IImpersonateCallback, IUnknown, "99B01D17-9FBD-4AA6-B16D-82DAB6A4107F", 4),
    IFACE(IWDFUsbTargetFactory, IUnknown, "3F7BECF9-3A65-4348-A4F3-339D5734A9C6", 4),
    IFACE(IWDFUsbTargetDevice, IWDFIoTarget, "4CD12E96-900A-44C3-A1B7-05B8954DAB76", 21),
    IFACE(IWDFUsbInterface, IWDFObject, "A6714A4D-C764-498F-B6D2-032F10CA4E36", 15),
    IFACE(IWDFUsbTargetPipe, IWDFIoTarget, "F373216E-8C42-4C5C-95B4-D2A40B99C0FA", 22),
    IFACE(IWDFUsbRequestCompletionParams, IWDFRequestCompletionParams, "5CB1D859-F7EE-411E-9FA5-0159CC118324", 10),
    IFACE(IUsbTargetPipeContinuousReaderCallbackReadComplete, IUnknown, "E44FC7CC-0037-45FE-B27C-3963FDF13997", 4),
    IFACE(IUsbTargetPipeContinuousReaderCallbackReadersFailed, IUnknown, "4B891219-3C53-4A8C-8731-4E1B4BE0E233", 4),
    IFACE(IWDFUsbTargetPipe2, IWDFUsbTargetPipe, "8EFE1AB4-F4A2-42BB-9B2B-BBADA19D8B80", 23),
    IFACE(IWDFDeviceInitialize2, IWDFDeviceInitialize, "424C00BA-FCD0-4C52-BD4A-6C5D3EC0DFD9", 12),
    IFACE(IWDFDevice2, IWDFDevice, "1B0D07B1-F596-4A76-99B3-B9492AD8DF9F", 35),
    IFACE(IWDFDevice3, IWDFDevice2, "863D943A-C9CD-4655-A8D6-C84EF411CC0D", 43),
    IFACE(IWDFIoRequest2, IWDFIoRequest, "1B67F4CD-B278-4085-93E7-57970D98B92B", 46),
    IFACE(IWDFIoRequest3, IWDFIoRequest2, "92795040-B8AA-487A-B110-B80EBBD40B44", 50),
    IFACE(IWDFFile2, IWDFFile, "97893137-CE7F-4918-BC43-A91AEF84B043", 12),
    IFACE(IWDFFile3, IWDFFile2, "7188CA4F-1BD4-4FBC-A34A-2DC7B57F17CC", 13),
    IFACE(IWDFIoTarget2, IWDFIoTarget, "EAEBCBBB-DEB5-4849-8ACF-FB38336B94C7", 16),
    IFACE(IWDFRemoteTarget, IWDFIoTarget2, "D3DDB29D-BB46-48DE-901B-96BED7B1D350", 24),
    IFACE(IWDFWorkItem, IWDFObject, "E3142542-5259-4F20-A1ED-F57055AF9265", 11),
    IFACE(IWDFInterrupt, IWDFObject, "AA2AD894-1C27-4EF4-B648-0D2223526B87", 18),
    IFACE(IQueueCallbackIoCanceledOnQueue, IUnknown, "746383C4-00A7-4200-8073-C02D076976BE", 4),
    IFACE(IPnpCallbackHardware2, IUnknown, "1493CD1B-C546-46BB-BF47-B27465093393", 5),
    IFACE(IWDFNamedPropertyStore2, IWDFNamedPropertyStore, "1464EE0E-8E0F-4FDA-B1A0-B3614C405D56", 8),
    IFACE(IWDFPropertyStoreFactory, IUnknown, "45BE7E06-9B65-434D-A7D6-9572D7F73D53", 4),
    IFACE(IWDFUnifiedPropertyStore, IUnknown, "6B966713-AC73-4975-AC3C-9DF31C68DA73", 5),
    IFACE(IWDFUnifiedPropertyStoreFactory, IUnknown, "6AD8FAC3-8B77-4997-99E4-6B78C5F548D6", 4),
    IFACE(IWDFCmResourceList, IWDFObject, "9F4546E9-FB4F-4DF6-B8B8-B39E5D7D1AD4", 10),
    IFACE(IWDFRemoteInterfaceInitialize, IUnknown, "8073D34C-4A21-4321-B6C7-A963FBECB6AD", 5),
    IFACE(IWDFRemoteInterface, IWDFObject, "49CBAB14-E7CF-490B-8CDD-E0E6B2AC0247", 8),
    IFACE(IPnpCallbackHardwareInterrupt, IUnknown, "3856FEF1-A858-41FD-9BE4-FA90010999B1", 5),
    IFACE(IPnpCallbackRemoteInterfaceNotification, IUnknown, "F9D48F27-BDBE-4A96-AF96-0E53E2A436EC", 4),
    IFACE(IRemoteInterfaceCallbackEvent, IUnknown, "C50A4804-7A31-4C81-9AB7-E66082F79956", 4),
    IFACE(IRemoteInterfaceCallbackRemoval, IUnknown, "EE9BAEED-B8D7-4097-BE80-042DF78FFBFD", 4),
    IFACE(IRemoteTargetCallbackRemoval, IUnknown, "B3A0D163-C4DD-49CC-AED2-FF5205C67CE1", 6),
    IFACE(IPowerPolicyCallbackWakeFromS0, IUnknown, "7EE9F0FA-5A1A-48DF-A35E-8DB42F519B66", 6),
    IFACE(IPowerPolicyCallbackWakeFromSx, IUnknown, "3AB1426D-689C-4220-901E-03C6D909B5F5", 6),
};

static void every_interface_has_its_documented_iid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof interfaces / sizeof interfaces[0]; i++) {
        GUID expected;
        assert_int_equal(parse_guid(interfaces[i].documented_iid, &expected), 0);
        if (!IsEqualIID(interfaces[i].iid, &expected))
            fail_msg("IID_%s differs from %s", interfaces[i].name, interfaces[i].documented_iid);
        for (size_t j = 0; j < i; j++) {
            if (IsEqualIID(interfaces[i].iid, interfaces[j].iid))
                fail_msg("IID_%s equals IID_%s", interfaces[i].name, interfaces[j].name);
        }
    }
}

static void every_interface_has_its_documented_vtable_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof interfaces / sizeof interfaces[0]; i++) {
        const struct interface_fact *f = &interfaces[i];
        if (f->vtbl_size != f->documented_slots * sizeof(void *))
            fail_msg("%sVtbl has %lu slots, the ABI has %lu", f->name, (unsigned long)(f->vtbl_size / sizeof(void *)),
                     (unsigned long)f->documented_slots);
        if (f->base_vtbl_size >= f->vtbl_size && strcmp(f->name, "IWDFRemoteInterface") != 0)
            fail_msg("%sVtbl does not extend its base's vtable", f->name);
        assert_int_equal(f->object_size, sizeof(void *)); /* just the vtable pointer */
        assert_int_equal(f->release_offset, 2 * sizeof(void *));
    }
}

struct slot_fact {
    const char *itf_name;
    const char *method;
    size_t offset;
    size_t slot;
};

#define SLOT(itf, method, slot) { #itf, #method, offsetof(itf##Vtbl, method), slot }

/* Every method an interface adds, at the slot umdf1-abi.md gives it. */
static const struct slot_fact slots[] = {
#include "abi_slots.h"
};

static void every_method_sits_in_its_documented_slot(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        if (slots[i].offset != slots[i].slot * sizeof(void *))
            fail_msg("%s::%s is in slot %lu, the ABI has %lu", slots[i].itf_name, slots[i].method,
                     (unsigned long)(slots[i].offset / sizeof(void *)), (unsigned long)slots[i].slot);
    }
}

struct inherit_fact {
    const char *itf_name;
    const char *base;
    size_t offset;
    size_t base_offset;
    size_t slot;
};

#define INHERIT(itf, base, method, slot) \
    { #itf, #base, offsetof(itf##Vtbl, method), offsetof(base##Vtbl, method), slot }

/* A derived vtable repeats its base's slots: its copy of the base's last method is where the base has it. */
static const struct inherit_fact inherits[] = {
    INHERIT(IWDFDriver, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFDevice, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFIoQueue, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFIoRequest, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFIoRequestCompletionParams, IWDFRequestCompletionParams, GetCompletedRequestType, 5),
    INHERIT(IWDFFile, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFDriverCreatedFile, IWDFFile, GetDevice, 9),
    INHERIT(IWDFIoTarget, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFMemory, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFUsbTargetDevice, IWDFIoTarget, FormatRequestForIoctl, 12),
    INHERIT(IWDFUsbInterface, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFUsbTargetPipe, IWDFIoTarget, FormatRequestForIoctl, 12),
    INHERIT(IWDFUsbRequestCompletionParams, IWDFRequestCompletionParams, GetCompletedRequestType, 5),
    INHERIT(IWDFUsbTargetPipe2, IWDFUsbTargetPipe, SetPipePolicy, 21),
    INHERIT(IWDFDeviceInitialize2, IWDFDeviceInitialize, GetPnpCapability, 10),
    INHERIT(IWDFDevice2, IWDFDevice, CreateSymbolicLink, 24),
    INHERIT(IWDFDevice3, IWDFDevice2, GetSystemPowerAction, 34),
    INHERIT(IWDFIoRequest2, IWDFIoRequest, GetCompletionParams, 30),
    INHERIT(IWDFIoRequest3, IWDFIoRequest2, Requeue, 45),
    INHERIT(IWDFFile2, IWDFFile, GetDevice, 9),
    INHERIT(IWDFFile3, IWDFFile2, GetRelatedFileObject, 11),
    INHERIT(IWDFIoTarget2, IWDFIoTarget, FormatRequestForIoctl, 12),
    INHERIT(IWDFRemoteTarget, IWDFIoTarget2, FormatRequestForQueryInformation, 15),
    INHERIT(IWDFWorkItem, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFInterrupt, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFNamedPropertyStore2, IWDFNamedPropertyStore, GetNameAt, 6),
    INHERIT(IWDFCmResourceList, IWDFObject, ReleaseLock, 7),
    INHERIT(IWDFRemoteInterface, IWDFObject, ReleaseLock, 7),
};

static void derived_vtables_start_with_their_base_vtable(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof inherits / sizeof inherits[0]; i++) {
        if (inherits[i].offset != inherits[i].base_offset || inherits[i].offset != inherits[i].slot * sizeof(void *))
            fail_msg("%sVtbl does not repeat %sVtbl", inherits[i].itf_name, inherits[i].base);
    }
}

static void iunknown_and_iclassfactory_have_the_standard_iids(void **state)
{
    GUID expected;

    (void)state;
    assert_int_equal(parse_guid("00000000-0000-0000-C000-000000000046", &expected), 0);
    assert_true(IsEqualIID(&IID_IUnknown, &expected));
    assert_int_equal(parse_guid("00000001-0000-0000-C000-000000000046", &expected), 0);
    assert_true(IsEqualIID(&IID_IClassFactory, &expected));
    assert_int_equal(sizeof(IUnknownVtbl), 3 * sizeof(void *));
    assert_int_equal(sizeof(IClassFactoryVtbl), 5 * sizeof(void *));
    assert_int_equal(offsetof(IClassFactoryVtbl, CreateInstance), 3 * sizeof(void *));
    assert_int_equal(offsetof(IClassFactoryVtbl, LockServer), 4 * sizeof(void *));
}

static void define_guid_defines_a_guid_with_that_value(void **state)
{
    (void)state;
    assert_int_equal(GUID_WUDF_HEADERS_TEST.Data1, 0x12345678);
    assert_int_equal(GUID_WUDF_HEADERS_TEST.Data2, 0x9abc);
    assert_int_equal(GUID_WUDF_HEADERS_TEST.Data3, 0xdef0);
    assert_int_equal(GUID_WUDF_HEADERS_TEST.Data4[7], 0xef);
    assert_false(IsEqualGUID(&GUID_WUDF_HEADERS_TEST, &IID_IUnknown));
}

/* --- The C binding calls through the right slots ------------------------------------------------- */

struct fake_memory {
    IWDFMemory iface;
    SIZE_T size;
    int locks;
};

static SIZE_T STDMETHODCALLTYPE fake_memory_get_size(IWDFMemory *This)
{
    return ((struct fake_memory *)This)->size;
}

static void STDMETHODCALLTYPE fake_memory_acquire_lock(IWDFMemory *This)
{
    ((struct fake_memory *)This)->locks++;
}

static void c_call_macros_reach_the_object_through_its_vtable(void **state)
{
    static IWDFMemoryVtbl vtbl;
    struct fake_memory memory = { { &vtbl }, 4096, 0 };

    (void)state;
    vtbl.GetSize = fake_memory_get_size;
    vtbl.AcquireLock = fake_memory_acquire_lock;
    assert_int_equal(IWDFMemory_GetSize(&memory.iface), 4096);
    IWDFMemory_AcquireLock(&memory.iface);
    assert_int_equal(memory.locks, 1);
    /* The same object reached through the helpers of the other translation unit. */
    assert_int_equal(wudf_test_c_memory_size(&memory.iface), 4096);
    wudf_test_c_memory_acquire_lock(&memory.iface);
    assert_int_equal(memory.locks, 2);
}

/* --- Data every includer defines ------------------------------------------------------------------ */

static void iids_and_version_data_link_into_one_copy_per_module(void **state)
{
    (void)state;
    assert_ptr_equal(wudf_test_second_tu_iid_iwdfdriver(), &IID_IWDFDriver);
    assert_ptr_equal(wudf_test_second_tu_iid_iwdfusbtargetpipe(), &IID_IWDFUsbTargetPipe);
    assert_ptr_equal(wudf_test_second_tu_version(), &Microsoft_WDF_UMDF_Version);
}

static void version_data_says_umdf_1_11(void **state)
{
    (void)state;
    assert_int_equal(Microsoft_WDF_UMDF_Version.MajorNumber, 1);
    assert_int_equal(Microsoft_WDF_UMDF_Version.MinorNumber, 11);
    assert_int_equal(Microsoft_WDF_UMDF_Version.ServiceNumber, 0);
}

typedef HRESULT(STDAPICALLTYPE *dll_get_class_object_fn)(REFCLSID, REFIID, LPVOID *);
typedef HRESULT(STDAPICALLTYPE *dll_can_unload_now_fn)(void);

static void a_driver_module_exports_its_entry_points_and_version_only(void **state)
{
    static const CLSID clsid = TEST_DRIVER_CLSID_INIT;
    uv_lib_t lib;
    void *symbol = NULL;
    dll_get_class_object_fn get_class_object;
    dll_can_unload_now_fn can_unload_now;
    const UMDF_VERSION_DATA *version;
    IClassFactory *factory = NULL;

    (void)state;
    if (uv_dlopen(WUDF_TEST_DRIVER_PATH, &lib) != 0)
        fail_msg("cannot load %s: %s", WUDF_TEST_DRIVER_PATH, uv_dlerror(&lib));

    assert_int_equal(uv_dlsym(&lib, "DllGetClassObject", &symbol), 0);
    memcpy(&get_class_object, &symbol, sizeof symbol);
    assert_int_equal(uv_dlsym(&lib, "DllCanUnloadNow", &symbol), 0);
    memcpy(&can_unload_now, &symbol, sizeof symbol);
    assert_int_equal(uv_dlsym(&lib, "Microsoft_WDF_UMDF_Version", &symbol), 0);
    version = (const UMDF_VERSION_DATA *)symbol;
    assert_int_equal(version->MajorNumber, 1);
    assert_int_equal(version->MinorNumber, 11);
    assert_int_equal(version->ServiceNumber, 0);
    /* IIDs are private to each module. */
    assert_int_not_equal(uv_dlsym(&lib, "IID_IWDFDriver", &symbol), 0);

    assert_int_equal(get_class_object(&IID_IWDFDriver, &IID_IClassFactory, (void **)&factory),
                     CLASS_E_CLASSNOTAVAILABLE);
    assert_null(factory);
    assert_int_equal(get_class_object(&clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_non_null(factory);
    assert_int_equal(IClassFactory_LockServer(factory, TRUE), S_OK);
    assert_int_equal(can_unload_now(), S_FALSE);
    assert_int_equal(IClassFactory_LockServer(factory, FALSE), S_OK);
    assert_int_equal(can_unload_now(), S_OK);
    uv_dlclose(&lib);
}

/* --- Enums, constants and macros ------------------------------------------------------------------ */

struct enum_fact {
    const char *name;
    long value;
    long documented;
};

#define ENUM(name, value) { #name, (long)(name), (long)(value) }

/* Every enumerator umdf1-abi.md lists, with its documented value. */
static const struct enum_fact enums[] = {
    ENUM(None, 0), /* WDF_CALLBACK_CONSTRAINT */
    ENUM(WdfDeviceLevel, 1), /* WDF_CALLBACK_CONSTRAINT */
    ENUM(WdfLevelReserved, 2), /* WDF_CALLBACK_CONSTRAINT */
    ENUM(WdfLevelMaximum, 3), /* WDF_CALLBACK_CONSTRAINT */
    ENUM(WdfIoQueueDispatchSequential, 1), /* WDF_IO_QUEUE_DISPATCH_TYPE */
    ENUM(WdfIoQueueDispatchParallel, 2), /* WDF_IO_QUEUE_DISPATCH_TYPE */
    ENUM(WdfIoQueueDispatchManual, 3), /* WDF_IO_QUEUE_DISPATCH_TYPE */
    ENUM(WdfIoQueueDispatchMaximum, 4), /* WDF_IO_QUEUE_DISPATCH_TYPE */
    ENUM(WdfIoQueueAcceptRequests, 0x1), /* WDF_IO_QUEUE_STATE */
    ENUM(WdfIoQueueDispatchRequests, 0x2), /* WDF_IO_QUEUE_STATE */
    ENUM(WdfIoQueueNoRequests, 0x4), /* WDF_IO_QUEUE_STATE */
    ENUM(WdfIoQueueDriverNoRequests, 0x8), /* WDF_IO_QUEUE_STATE */
    ENUM(WdfIoQueuePnpHeld, 0x10), /* WDF_IO_QUEUE_STATE */
    ENUM(WdfRequestUndefined, 0), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestCreate, 1), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestCleanup, 2), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestRead, 3), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestWrite, 4), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestDeviceIoControl, 5), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestClose, 6), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestUsb, 7), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestOther, 8), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestInternalIoctl, 9), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestTypeNoFormat, 10), /* WDF_REQUEST_TYPE */
    ENUM(WdfRequestStopActionInvalid, 0), /* WDF_REQUEST_STOP_ACTION_FLAGS */
    ENUM(WdfRequestStopActionSuspend, 0x1), /* WDF_REQUEST_STOP_ACTION_FLAGS */
    ENUM(WdfRequestStopActionPurge, 0x2), /* WDF_REQUEST_STOP_ACTION_FLAGS */
    ENUM(WdfRequestStopRequestCancelable, 0x10000000), /* WDF_REQUEST_STOP_ACTION_FLAGS */
    ENUM(WDF_REQUEST_SEND_OPTION_TIMEOUT, 0x1), /* WDF_REQUEST_SEND_OPTIONS_FLAGS */
    ENUM(WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0x2), /* WDF_REQUEST_SEND_OPTIONS_FLAGS */
    ENUM(WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE, 0x4), /* WDF_REQUEST_SEND_OPTIONS_FLAGS */
    ENUM(WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET, 0x8), /* WDF_REQUEST_SEND_OPTIONS_FLAGS */
    ENUM(WdfIoTargetStateUndefined, 0), /* WDF_IO_TARGET_STATE */
    ENUM(WdfIoTargetStarted, 1), /* WDF_IO_TARGET_STATE */
    ENUM(WdfIoTargetStopped, 2), /* WDF_IO_TARGET_STATE */
    ENUM(WdfIoTargetClosedForQueryRemove, 3), /* WDF_IO_TARGET_STATE */
    ENUM(WdfIoTargetClosed, 4), /* WDF_IO_TARGET_STATE */
    ENUM(WdfIoTargetDeleted, 5), /* WDF_IO_TARGET_STATE */
    ENUM(WdfIoTargetStateMaximum, 6), /* WDF_IO_TARGET_STATE */
    ENUM(WdfIoTargetSentIoUndefined, 0), /* WDF_IO_TARGET_SENT_IO_ACTION */
    ENUM(WdfIoTargetCancelSentIo, 1), /* WDF_IO_TARGET_SENT_IO_ACTION */
    ENUM(WdfIoTargetWaitForSentIoToComplete, 2), /* WDF_IO_TARGET_SENT_IO_ACTION */
    ENUM(WdfIoTargetLeaveSentIoPending, 3), /* WDF_IO_TARGET_SENT_IO_ACTION */
    ENUM(WdfIoTargetSentIoMaximum, 4), /* WDF_IO_TARGET_SENT_IO_ACTION */
    ENUM(WdfUseDefault, 0), /* WDF_TRI_STATE */
    ENUM(WdfFalse, 1), /* WDF_TRI_STATE */
    ENUM(WdfTrue, 2), /* WDF_TRI_STATE */
    ENUM(WdfPnpStateInvalid, 0), /* WDF_PNP_STATE */
    ENUM(WdfPnpStateDisabled, 1), /* WDF_PNP_STATE */
    ENUM(WdfPnpStateFailed, 2), /* WDF_PNP_STATE */
    ENUM(WdfPnpStateRemoved, 3), /* WDF_PNP_STATE */
    ENUM(WdfPnpStateResourcesChanged, 4), /* WDF_PNP_STATE */
    ENUM(WdfPnpStateDontDisplayInUI, 5), /* WDF_PNP_STATE */
    ENUM(WdfPnpStateNotDisableable, 6), /* WDF_PNP_STATE */
    ENUM(WdfPnpStateMaximum, 7), /* WDF_PNP_STATE */
    ENUM(WdfPnpCapInvalid, 0), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPnpCapLockSupported, 1), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPnpCapEjectSupported, 2), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPnpCapRemovable, 3), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPnpCapDockDevice, 4), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPnpCapSurpriseRemovalOk, 5), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPnpCapNoDisplayInUI, 6), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPnpCapMaximum, 7), /* WDF_PNP_CAPABILITY */
    ENUM(WdfPowerDeviceInvalid, 0), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfPowerDeviceD0, 1), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfPowerDeviceD1, 2), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfPowerDeviceD2, 3), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfPowerDeviceD3, 4), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfPowerDeviceD3Final, 5), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfPowerDevicePrepareForHibernation, 6), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfPowerDeviceMaximum, 7), /* WDF_POWER_DEVICE_STATE */
    ENUM(WdfEventReserved, 0), /* WDF_EVENT_TYPE */
    ENUM(WdfEventBroadcast, 1), /* WDF_EVENT_TYPE */
    ENUM(WdfEventMaximum, 2), /* WDF_EVENT_TYPE */
    ENUM(WdfPropertyStoreNormal, 0), /* WDF_PROPERTY_STORE_RETRIEVE_FLAGS */
    ENUM(WdfPropertyStoreCreateIfMissing, 0x1), /* WDF_PROPERTY_STORE_RETRIEVE_FLAGS */
    ENUM(CreatedNewStore, 0x1), /* WDF_PROPERTY_STORE_DISPOSITION */
    ENUM(OpenedExistingStore, 0x2), /* WDF_PROPERTY_STORE_DISPOSITION */
    ENUM(WdfUsbRequestTypeInvalid, 0), /* WDF_USB_REQUEST_TYPE */
    ENUM(WdfUsbRequestTypeNoFormat, 1), /* WDF_USB_REQUEST_TYPE */
    ENUM(WdfUsbRequestTypeDeviceControlTransfer, 2), /* WDF_USB_REQUEST_TYPE */
    ENUM(WdfUsbRequestTypePipeWrite, 3), /* WDF_USB_REQUEST_TYPE */
    ENUM(WdfUsbRequestTypePipeRead, 4), /* WDF_USB_REQUEST_TYPE */
    ENUM(UsbdPipeTypeControl, 0), /* USBD_PIPE_TYPE */
    ENUM(UsbdPipeTypeIsochronous, 1), /* USBD_PIPE_TYPE */
    ENUM(UsbdPipeTypeBulk, 2), /* USBD_PIPE_TYPE */
    ENUM(UsbdPipeTypeInterrupt, 3), /* USBD_PIPE_TYPE */
    ENUM(PowerDeviceUnspecified, 0), /* DEVICE_POWER_STATE */
    ENUM(PowerDeviceD0, 1), /* DEVICE_POWER_STATE */
    ENUM(PowerDeviceD1, 2), /* DEVICE_POWER_STATE */
    ENUM(PowerDeviceD2, 3), /* DEVICE_POWER_STATE */
    ENUM(PowerDeviceD3, 4), /* DEVICE_POWER_STATE */
    ENUM(PowerDeviceMaximum, 5), /* DEVICE_POWER_STATE */
    ENUM(WdfIrqPolicyMachineDefault, 0), /* WDF_INTERRUPT_POLICY */
    ENUM(WdfIrqPolicyAllCloseProcessors, 1), /* WDF_INTERRUPT_POLICY */
    ENUM(WdfIrqPolicyOneCloseProcessor, 2), /* WDF_INTERRUPT_POLICY */
    ENUM(WdfIrqPolicyAllProcessorsInMachine, 3), /* WDF_INTERRUPT_POLICY */
    ENUM(WdfIrqPolicySpecifiedProcessors, 4), /* WDF_INTERRUPT_POLICY */
    ENUM(WdfIrqPolicySpreadMessagesAcrossAllProcessors, 5), /* WDF_INTERRUPT_POLICY */
    ENUM(WdfIrqPriorityUndefined, 0), /* WDF_INTERRUPT_PRIORITY */
    ENUM(WdfIrqPriorityLow, 1), /* WDF_INTERRUPT_PRIORITY */
    ENUM(WdfIrqPriorityNormal, 2), /* WDF_INTERRUPT_PRIORITY */
    ENUM(WdfIrqPriorityHigh, 3), /* WDF_INTERRUPT_PRIORITY */
    ENUM(WdfDeviceIoUndefined, 0), /* WDF_DEVICE_IO_TYPE */
    ENUM(WdfDeviceIoNeither, 1), /* WDF_DEVICE_IO_TYPE */
    ENUM(WdfDeviceIoBuffered, 2), /* WDF_DEVICE_IO_TYPE */
    ENUM(WdfDeviceIoDirect, 3), /* WDF_DEVICE_IO_TYPE */
    ENUM(WdfDeviceIoBufferedOrDirect, 4), /* WDF_DEVICE_IO_TYPE */
    ENUM(WdfDeviceIoMaximum, 5), /* WDF_DEVICE_IO_TYPE */
    ENUM(WdfDeviceIoBufferRetrievalInvalid, 0), /* WDF_DEVICE_IO_BUFFER_RETRIEVAL */
    ENUM(WdfDeviceIoBufferRetrievalCopyImmediately, 1), /* WDF_DEVICE_IO_BUFFER_RETRIEVAL */
    ENUM(WdfDeviceIoBufferRetrievalDeferred, 2), /* WDF_DEVICE_IO_BUFFER_RETRIEVAL */
    ENUM(WdfDeviceIoBufferRetrievalMaximum, 3), /* WDF_DEVICE_IO_BUFFER_RETRIEVAL */
    ENUM(WdfKProcessorModeInvalid, 0), /* WDF_KPROCESSOR_MODE */
    ENUM(WdfKernelMode, 1), /* WDF_KPROCESSOR_MODE */
    ENUM(WdfUserMode, 2), /* WDF_KPROCESSOR_MODE */
    ENUM(WdfKProcessorModeMaximum, 3), /* WDF_KPROCESSOR_MODE */
    ENUM(WdfFileInformationDirectory, 1), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationFullDirectory, 2), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationBothDirectory, 3), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationBasic, 4), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationStandard, 5), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationInternal, 6), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationEa, 7), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationAccess, 8), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationName, 9), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationRename, 10), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationLink, 11), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationNames, 12), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationDisposition, 13), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationPosition, 14), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationFullEa, 15), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationMode, 16), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationAlignment, 17), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationAll, 18), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationAllocation, 19), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationEndOfFile, 20), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationAlternateName, 21), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationStream, 22), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationPipe, 23), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationPipeLocal, 24), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationPipeRemote, 25), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationMailslotQuery, 26), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationMailslotSet, 27), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationCompression, 28), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationObjectId, 29), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationCompletion, 30), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationMoveCluster, 31), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationQuota, 32), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationReparsePoint, 33), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationNetworkOpen, 34), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationAttributeTag, 35), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationTracking, 36), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationIdBothDirectory, 37), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationIdFullDirectory, 38), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationValidDataLength, 39), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationShortName, 40), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationIoCompletionNotification, 41), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationIoStatusBlockRange, 42), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationIoPriorityHint, 43), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationSfioReserve, 44), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationSfioVolume, 45), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationHardLink, 46), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationProcessIdsUsingFile, 47), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationNormalizedName, 48), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationNetworkPhysicalName, 49), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationIdGlobalTxDirectory, 50), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationIsRemoteDevice, 51), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationAttributeCache, 52), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(WdfFileInformationMaximum, 53), /* WDF_FILE_INFORMATION_CLASS */
    ENUM(IdleCapsInvalid, 0), /* WDF_POWER_POLICY_S0_IDLE_CAPABILITIES */
    ENUM(IdleCannotWakeFromS0, 1), /* WDF_POWER_POLICY_S0_IDLE_CAPABILITIES */
    ENUM(IdleCanWakeFromS0, 2), /* WDF_POWER_POLICY_S0_IDLE_CAPABILITIES */
    ENUM(IdleUsbSelectiveSuspend, 3), /* WDF_POWER_POLICY_S0_IDLE_CAPABILITIES */
    ENUM(IdleUserControlInvalid, 0), /* WDF_POWER_POLICY_S0_IDLE_USER_CONTROL */
    ENUM(IdleDoNotAllowUserControl, 1), /* WDF_POWER_POLICY_S0_IDLE_USER_CONTROL */
    ENUM(IdleAllowUserControl, 2), /* WDF_POWER_POLICY_S0_IDLE_USER_CONTROL */
    ENUM(WakeUserControlInvalid, 0), /* WDF_POWER_POLICY_SX_WAKE_USER_CONTROL */
    ENUM(WakeDoNotAllowUserControl, 1), /* WDF_POWER_POLICY_SX_WAKE_USER_CONTROL */
    ENUM(WakeAllowUserControl, 2), /* WDF_POWER_POLICY_SX_WAKE_USER_CONTROL */
    ENUM(WdfRequestFlushBuffers, 11), /* WDF_REQUEST_TYPE, 1.9+ */
    ENUM(WdfRequestQueryInformation, 12), /* WDF_REQUEST_TYPE, 1.9+ */
    ENUM(WdfRequestSetInformation, 13), /* WDF_REQUEST_TYPE, 1.9+ */
    ENUM(WdfRequestMaximum, 14), /* WDF_REQUEST_TYPE, 1.9+ */
    ENUM(WdfPropertyStoreCreateVolatile, 0x2), /* WDF_PROPERTY_STORE_RETRIEVE_FLAGS */
    ENUM(WdfPropertyStoreRetrieveFlagsMask, 0x3), /* WDF_PROPERTY_STORE_RETRIEVE_FLAGS */
    ENUM(WdfPropertyStoreRootClassHardwareKey, 0), /* WDF_PROPERTY_STORE_ROOT_CLASS */
    ENUM(WdfPropertyStoreRootClassSoftwareKey, 1), /* WDF_PROPERTY_STORE_ROOT_CLASS */
    ENUM(WdfPropertyStoreRootClassDeviceInterfaceKey, 2), /* WDF_PROPERTY_STORE_ROOT_CLASS */
    ENUM(WdfPropertyStoreRootClassLegacyHardwareKey, 3), /* WDF_PROPERTY_STORE_ROOT_CLASS */
    ENUM(IdleTimeoutDefaultConstant, 0), /* WDF_POWER_POLICY_IDLE_TIMEOUT_CONSTANTS */
    ENUM(SecurityAnonymous, 0), /* SECURITY_IMPERSONATION_LEVEL */
    ENUM(SecurityIdentification, 1), /* SECURITY_IMPERSONATION_LEVEL */
    ENUM(SecurityImpersonation, 2), /* SECURITY_IMPERSONATION_LEVEL */
    ENUM(SecurityDelegation, 3), /* SECURITY_IMPERSONATION_LEVEL */
    ENUM(PowerActionNone, 0), /* POWER_ACTION */
    ENUM(PowerActionReserved, 1), /* POWER_ACTION */
    ENUM(PowerActionSleep, 2), /* POWER_ACTION */
    ENUM(PowerActionHibernate, 3), /* POWER_ACTION */
    ENUM(PowerActionShutdown, 4), /* POWER_ACTION */
    ENUM(PowerActionShutdownReset, 5), /* POWER_ACTION */
    ENUM(PowerActionShutdownOff, 6), /* POWER_ACTION */
    ENUM(PowerActionWarmEject, 7), /* POWER_ACTION */
};

static void every_enumerator_has_its_documented_value(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++) {
        if (enums[i].value != enums[i].documented)
            fail_msg("%s is %ld, the ABI has %ld", enums[i].name, enums[i].value, enums[i].documented);
    }
}

static void ctl_code_builds_windows_ioctl_codes(void **state)
{
    (void)state;
    assert_int_equal(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS), 0x00222000);
    assert_int_equal(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_OUT_DIRECT, FILE_READ_ACCESS), 0x00226006);
    assert_int_equal(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_IN_DIRECT, FILE_WRITE_ACCESS), 0x0022a009);
    assert_int_equal((ULONG)CTL_CODE(0x8000, 0xfff, METHOD_NEITHER, FILE_READ_ACCESS | FILE_WRITE_ACCESS), 0x8000ffff);
    assert_int_equal(METHOD_FROM_CTL_CODE(0x00226006), METHOD_OUT_DIRECT);
    assert_int_equal(DEVICE_TYPE_FROM_CTL_CODE(0x00226006), FILE_DEVICE_UNKNOWN);
}

static void hresult_macros_match_windows(void **state)
{
    (void)state;
    assert_true(SUCCEEDED(S_OK));
    assert_true(SUCCEEDED(S_FALSE));
    assert_true(FAILED(E_FAIL));
    assert_int_equal((ULONG)E_NOTIMPL, 0x80004001);
    assert_int_equal((ULONG)E_NOINTERFACE, 0x80004002);
    assert_int_equal((ULONG)E_POINTER, 0x80004003);
    assert_int_equal((ULONG)E_UNEXPECTED, 0x8000FFFF);
    assert_int_equal((ULONG)CLASS_E_NOAGGREGATION, 0x80040110);
    assert_int_equal((ULONG)CLASS_E_CLASSNOTAVAILABLE, 0x80040111);
    assert_int_equal(E_OUTOFMEMORY, HRESULT_FROM_WIN32(ERROR_OUTOFMEMORY));
    assert_int_equal(E_INVALIDARG, HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER));
    assert_int_equal(E_ACCESSDENIED, HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED));
    assert_int_equal(E_HANDLE, HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE));
    assert_int_equal((ULONG)HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), 0x8007007A);
    assert_int_equal(HRESULT_FROM_WIN32(ERROR_SUCCESS), S_OK);
    assert_int_equal((ULONG)HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED), 0xD0000450);
    assert_int_equal(FACILITY_NT_BIT, 0x10000000);
}

static void status_values_match_ntstatus_h(void **state)
{
    (void)state;
    assert_int_equal(STATUS_SUCCESS, 0);
    assert_int_equal(STATUS_PENDING, 0x103);
    assert_int_equal((ULONG)STATUS_BUFFER_OVERFLOW, 0x80000005);
    assert_int_equal((ULONG)STATUS_UNSUCCESSFUL, 0xC0000001);
    assert_int_equal((ULONG)STATUS_INVALID_DEVICE_REQUEST, 0xC0000010);
    assert_int_equal((ULONG)STATUS_CANCELLED, 0xC0000120);
    assert_int_equal((ULONG)STATUS_INVALID_DEVICE_STATE, 0xC0000184);
    assert_int_equal((ULONG)STATUS_DRIVER_PROCESS_TERMINATED, 0xC0000450);
    assert_int_equal((ULONG)STATUS_WDF_PAUSED, 0xC0200203);
    assert_int_equal((ULONG)STATUS_WDF_BUSY, 0xC0200204);
    assert_true(NT_SUCCESS(STATUS_PENDING));
    assert_false(NT_SUCCESS(STATUS_BUFFER_OVERFLOW));
}

/* --- common/status.c ------------------------------------------------------------------------------ */

static void hresults_complete_requests_with_the_ntstatus_windows_uses(void **state)
{
    static const struct {
        HRESULT hr;
        NTSTATUS status;
    } cases[] = {
        { S_OK, STATUS_SUCCESS },
        { S_FALSE, STATUS_SUCCESS },
        { HRESULT_FROM_NT(STATUS_BUFFER_OVERFLOW), STATUS_BUFFER_OVERFLOW },
        { HRESULT_FROM_NT(STATUS_DEVICE_REMOVED), STATUS_DEVICE_REMOVED },
        { HRESULT_FROM_NT(STATUS_WDF_BUSY), STATUS_WDF_BUSY },
        { HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), STATUS_BUFFER_TOO_SMALL },
        { HRESULT_FROM_WIN32(ERROR_MORE_DATA), STATUS_BUFFER_OVERFLOW },
        { HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER), STATUS_INVALID_PARAMETER },
        { HRESULT_FROM_WIN32(ERROR_NOT_FOUND), STATUS_NOT_FOUND },
        { HRESULT_FROM_WIN32(ERROR_GEN_FAILURE), STATUS_UNSUCCESSFUL },
        { HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED), STATUS_CANCELLED },
        { HRESULT_FROM_WIN32(ERROR_CANCELLED), STATUS_CANCELLED },
        { HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), STATUS_NOT_SUPPORTED },
        { HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION), STATUS_INVALID_DEVICE_REQUEST },
        { HRESULT_FROM_WIN32(ERROR_DEVICE_NOT_CONNECTED), STATUS_DEVICE_NOT_CONNECTED },
        { HRESULT_FROM_WIN32(ERROR_DRIVER_PROCESS_TERMINATED), STATUS_DRIVER_PROCESS_TERMINATED },
        { HRESULT_FROM_WIN32(ERROR_SEM_TIMEOUT), STATUS_IO_TIMEOUT },
        { HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), STATUS_OBJECT_NAME_NOT_FOUND },
        { HRESULT_FROM_WIN32(ERROR_BAD_COMMAND), STATUS_INVALID_DEVICE_STATE },
        { HRESULT_FROM_WIN32(ERROR_NO_SYSTEM_RESOURCES), STATUS_INSUFFICIENT_RESOURCES },
        { HRESULT_FROM_WIN32(ERROR_NOT_READY), STATUS_DEVICE_NOT_READY },
        { HRESULT_FROM_WIN32(1234), STATUS_UNSUCCESSFUL }, /* a Win32 error with no status */
        { E_OUTOFMEMORY, STATUS_INSUFFICIENT_RESOURCES },
        { E_INVALIDARG, STATUS_INVALID_PARAMETER },
        { E_NOTIMPL, STATUS_NOT_IMPLEMENTED },
        { E_ACCESSDENIED, STATUS_ACCESS_DENIED },
        { E_HANDLE, STATUS_INVALID_HANDLE },
        { E_FAIL, STATUS_UNSUCCESSFUL },
        { E_UNEXPECTED, STATUS_UNSUCCESSFUL },
        { E_NOINTERFACE, STATUS_UNSUCCESSFUL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        NTSTATUS status = wudf_ntstatus_from_hresult(cases[i].hr);
        if (status != cases[i].status)
            fail_msg("HRESULT 0x%08lx gave NTSTATUS 0x%08lx, expected 0x%08lx", (unsigned long)(ULONG)cases[i].hr,
                     (unsigned long)(ULONG)status, (unsigned long)(ULONG)cases[i].status);
    }
}

static void ntstatus_to_hresult_round_trips(void **state)
{
    static const NTSTATUS errors[] = {
        STATUS_UNSUCCESSFUL,     STATUS_CANCELLED,          STATUS_BUFFER_OVERFLOW,
        STATUS_DEVICE_REMOVED,   STATUS_INVALID_DEVICE_STATE, STATUS_DRIVER_PROCESS_TERMINATED,
        STATUS_WDF_PAUSED,       STATUS_INVALID_PARAMETER,  STATUS_BUFFER_TOO_SMALL,
    };

    (void)state;
    assert_int_equal(wudf_hresult_from_ntstatus(STATUS_SUCCESS), S_OK);
    assert_int_equal(wudf_hresult_from_ntstatus(STATUS_PENDING), S_OK);
    assert_int_equal(wudf_hresult_from_ntstatus(STATUS_CANCELLED), HRESULT_FROM_NT(STATUS_CANCELLED));
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        HRESULT hr = wudf_hresult_from_ntstatus(errors[i]);
        assert_true(FAILED(hr));
        assert_int_equal(wudf_ntstatus_from_hresult(hr), errors[i]);
    }
}

static void ntstatus_gives_the_win32_error_a_windows_client_sees(void **state)
{
    static const struct {
        NTSTATUS status;
        DWORD error;
    } cases[] = {
        { STATUS_SUCCESS, ERROR_SUCCESS },
        { STATUS_PENDING, ERROR_IO_PENDING },
        { STATUS_DRIVER_PROCESS_TERMINATED, 1291 },
        { STATUS_CANCELLED, 995 },
        { STATUS_INVALID_DEVICE_REQUEST, 1 },
        { STATUS_NOT_IMPLEMENTED, ERROR_INVALID_FUNCTION },
        { STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA },
        { STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER },
        { STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE },
        { STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER },
        { STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED },
        { STATUS_DELETE_PENDING, ERROR_ACCESS_DENIED },
        { STATUS_NO_SUCH_DEVICE, ERROR_NO_SUCH_DEVICE },
        { STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND },
        { STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES },
        { STATUS_IO_TIMEOUT, ERROR_SEM_TIMEOUT },
        { STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED },
        { STATUS_DEVICE_NOT_CONNECTED, ERROR_DEVICE_NOT_CONNECTED },
        { STATUS_DEVICE_REMOVED, ERROR_DEVICE_REMOVED },
        { STATUS_INVALID_DEVICE_STATE, ERROR_BAD_COMMAND },
        { STATUS_NOT_FOUND, ERROR_NOT_FOUND },
        { STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE },
        { HRESULT_FROM_NT(STATUS_CANCELLED), ERROR_OPERATION_ABORTED },
        { (NTSTATUS)HRESULT_FROM_WIN32(ERROR_NOT_FOUND), ERROR_NOT_FOUND },
        { STATUS_WDF_BUSY, ERROR_MR_MID_NOT_FOUND },
        { (NTSTATUS)0xC0DE0001, ERROR_MR_MID_NOT_FOUND },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        DWORD error = wudf_status_win32_error(cases[i].status);
        if (error != cases[i].error)
            fail_msg("NTSTATUS 0x%08lx gave error %lu, expected %lu", (unsigned long)(ULONG)cases[i].status,
                     (unsigned long)error, (unsigned long)cases[i].error);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base_types_have_the_sizes_and_signs_of_windows_x64),
        cmocka_unit_test(propvariant_has_the_windows_layout),
        cmocka_unit_test(propvariant_clear_frees_a_string_and_empties_the_value),
        cmocka_unit_test(wide_string_literals_are_wchar_strings),
        cmocka_unit_test(umdf_structs_have_the_documented_layout),
        cmocka_unit_test(winusb_types_have_the_documented_layout),
        cmocka_unit_test(every_interface_has_its_documented_iid),
        cmocka_unit_test(every_interface_has_its_documented_vtable_size),
        cmocka_unit_test(every_method_sits_in_its_documented_slot),
        cmocka_unit_test(derived_vtables_start_with_their_base_vtable),
        cmocka_unit_test(iunknown_and_iclassfactory_have_the_standard_iids),
        cmocka_unit_test(define_guid_defines_a_guid_with_that_value),
        cmocka_unit_test(c_call_macros_reach_the_object_through_its_vtable),
        cmocka_unit_test(iids_and_version_data_link_into_one_copy_per_module),
        cmocka_unit_test(version_data_says_umdf_1_11),
        cmocka_unit_test(a_driver_module_exports_its_entry_points_and_version_only),
        cmocka_unit_test(every_enumerator_has_its_documented_value),
        cmocka_unit_test(ctl_code_builds_windows_ioctl_codes),
        cmocka_unit_test(hresult_macros_match_windows),
        cmocka_unit_test(status_values_match_ntstatus_h),
        cmocka_unit_test(hresults_complete_requests_with_the_ntstatus_windows_uses),
        cmocka_unit_test(ntstatus_to_hresult_round_trips),
        cmocka_unit_test(ntstatus_gives_the_win32_error_a_windows_client_sees),
    };
    return cmocka_run_group_tests_name("headers_c", tests, NULL, NULL);
}

#endif
