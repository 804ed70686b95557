/*
 * Unit test of the WudfCppSample module without a host: a C program loads the C++ module as the host
 * does and drives its objects through the C binding of wudfddi.h (so C++ objects and C vtables agree),
 * using the stand-in framework of drivers/echo/test_fake_framework.c.
 */
#include "test_fake_framework.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cppsample_ioctl.h"

static const CLSID cppsample_clsid = { 0x5c3e1a7b, 0x9d2f, 0x4b6e, { 0x8a, 0x1c, 0x7f, 0x0e, 0x2d, 0x4b, 0x6a, 0x93 } };
static const CLSID echo_clsid = { 0xa1b8e9f2, 0x0c4d, 0x4e5a, { 0x9f, 0x61, 0x2b, 0x7c, 0x3d, 0x8e, 0x4f, 0x50 } };

static int load(void **state)
{
    return fake_module_setup(state, WUDF_TEST_MODULE_NAME);
}

static void entry_points_serve_only_the_cppsample_clsid_and_count_references(void **state)
{
    fake_module *m = *state;
    void *symbol = NULL;
    assert_int_equal(uv_dlsym(&m->lib, "Microsoft_WDF_UMDF_Version", &symbol), 0);
    assert_int_equal(((const UMDF_VERSION_DATA *)symbol)->MinorNumber, 11);

    IClassFactory *factory = (IClassFactory *)(void *)&factory;
    assert_int_equal(m->get_class_object(&echo_clsid, &IID_IClassFactory, (void **)&factory), CLASS_E_CLASSNOTAVAILABLE);
    assert_null(factory);
    assert_int_equal(m->get_class_object(&cppsample_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(m->can_unload_now(), S_FALSE);

    IDriverEntry *entry = NULL;
    IUnknown *unknown = NULL;
    assert_int_equal(IClassFactory_CreateInstance(factory, NULL, &IID_IWDFDevice, (void **)&entry), E_NOINTERFACE);
    assert_null(entry);
    assert_int_equal(IClassFactory_CreateInstance(factory, NULL, &IID_IDriverEntry, (void **)&entry), S_OK);
    assert_int_equal(IClassFactory_LockServer(factory, TRUE), S_OK);
    assert_int_equal(IClassFactory_Release(factory), 0);
    assert_int_equal(IDriverEntry_QueryInterface(entry, &IID_IUnknown, (void **)&unknown), S_OK);
    assert_ptr_equal(unknown, entry); /* IDriverEntry is the identity of the driver object */
    assert_int_equal(IUnknown_Release(unknown), 1);
    assert_int_equal(IDriverEntry_Release(entry), 0);
    assert_int_equal(m->can_unload_now(), S_FALSE); /* still locked */
    assert_int_equal(m->get_class_object(&cppsample_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(IClassFactory_LockServer(factory, FALSE), S_OK);
    assert_int_equal(IClassFactory_Release(factory), 0);
    assert_int_equal(m->can_unload_now(), S_OK);
}

typedef struct rig {
    fake_module *m;
    IDriverEntry *entry;
    fake_framework fw;
} rig;

static void rig_start(rig *r, fake_module *m)
{
    IClassFactory *factory = NULL;
    r->m = m;
    assert_int_equal(m->get_class_object(&cppsample_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(IClassFactory_CreateInstance(factory, NULL, &IID_IDriverEntry, (void **)&r->entry), S_OK);
    IClassFactory_Release(factory);
    fake_framework_init(&r->fw, "ROOT\\CPPSAMPLE\\0000");
    assert_int_equal(IDriverEntry_OnInitialize(r->entry, &r->fw.driver), S_OK);
    assert_int_equal(IDriverEntry_OnDeviceAdd(r->entry, &r->fw.driver, &r->fw.init), S_OK);
}

static void rig_stop(rig *r)
{
    assert_int_equal(r->fw.device.refs, 1);
    assert_int_equal(r->fw.device.queues[0].refs, 1);
    fake_framework_release_callbacks(&r->fw);
    IDriverEntry_OnDeinitialize(r->entry, &r->fw.driver);
    assert_int_equal(IDriverEntry_Release(r->entry), 0);
    assert_int_equal(r->m->can_unload_now(), S_OK);
}

static fake_request *finished(fake_request *r)
{
    assert_int_equal(r->completions, 1);
    assert_int_equal(r->refs, 1);
    if (r->in)
        assert_int_equal(r->in->refs, 1);
    if (r->out)
        assert_int_equal(r->out->refs, 1);
    return r;
}

static fake_request *run_ioctl(rig *r, ULONG code, const void *in, SIZE_T in_size, SIZE_T out_size)
{
    fake_request *req = fake_request_new(WdfRequestDeviceIoControl, NULL, in, in_size, out_size);
    fake_ioctl(&r->fw, req, code);
    return finished(req);
}

static void device_add_creates_the_link_and_one_sequential_default_queue(void **state)
{
    rig r;
    rig_start(&r, *state);
    assert_string_equal(r.fw.device.symbolic_link, "\\DosDevices\\CppSample0");
    assert_int_equal(r.fw.device.queue_count, 1);
    assert_true(r.fw.device.queues[0].is_default);
    assert_int_equal(r.fw.device.queues[0].dispatch, WdfIoQueueDispatchSequential);
    rig_stop(&r);
}

static void identify_returns_the_magic_then_the_instance_id_in_utf8(void **state)
{
    static const char id[] = "ROOT\\CPPSAMPLE\\0000";
    rig r;
    rig_start(&r, *state);
    fake_request *req = run_ioctl(&r, IOCTL_CPPSAMPLE_IDENTIFY, NULL, 0, 64);
    assert_int_equal(req->status, S_OK);
    assert_int_equal(req->information, 4 + strlen(id));
    const unsigned char *out = req->out->data;
    assert_int_equal((uint32_t)out[0] | (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16 | (uint32_t)out[3] << 24,
                     CPPSAMPLE_MAGIC);
    assert_memory_equal(out + 4, id, strlen(id));
    fake_request_free(req);
    req = run_ioctl(&r, IOCTL_CPPSAMPLE_IDENTIFY, NULL, 0, 4 + strlen(id) - 1);
    assert_int_equal(req->status, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    assert_int_equal(req->information, 0);
    fake_request_free(req);
    rig_stop(&r);
}

static void reverse_and_unknown_ioctls(void **state)
{
    rig r;
    rig_start(&r, *state);
    fake_request *req = run_ioctl(&r, IOCTL_CPPSAMPLE_REVERSE, "abcdef", 6, 8);
    assert_int_equal(req->status, S_OK);
    assert_int_equal(req->information, 6);
    assert_memory_equal(req->out->data, "fedcba", 6);
    fake_request_free(req);
    req = run_ioctl(&r, IOCTL_CPPSAMPLE_REVERSE, "abcdef", 6, 5);
    assert_int_equal(req->status, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    fake_request_free(req);
    req = run_ioctl(&r, 0x00222008u, NULL, 0, 0);
    assert_int_equal(req->status, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
    fake_request_free(req);
    rig_stop(&r);
}

static void write_then_read_returns_the_stored_bytes(void **state)
{
    static const char msg[] = "written through C++";
    rig r;
    rig_start(&r, *state);
    fake_request *req = fake_request_new(WdfRequestWrite, NULL, msg, sizeof msg, 0);
    fake_write(&r.fw, req);
    assert_int_equal(finished(req)->status, S_OK);
    assert_int_equal(req->information, sizeof msg);
    fake_request_free(req);
    req = fake_request_new(WdfRequestRead, NULL, NULL, 0, 100);
    fake_read(&r.fw, req);
    assert_int_equal(finished(req)->status, S_OK);
    assert_int_equal(req->information, sizeof msg);
    assert_memory_equal(req->out->data, msg, sizeof msg);
    fake_request_free(req);
    rig_stop(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entry_points_serve_only_the_cppsample_clsid_and_count_references),
        cmocka_unit_test(device_add_creates_the_link_and_one_sequential_default_queue),
        cmocka_unit_test(identify_returns_the_magic_then_the_instance_id_in_utf8),
        cmocka_unit_test(reverse_and_unknown_ioctls),
        cmocka_unit_test(write_then_read_returns_the_stored_bytes),
    };
    return cmocka_run_group_tests(tests, load, fake_module_teardown);
}
