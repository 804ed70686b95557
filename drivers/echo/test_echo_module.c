/*
 * Unit test of the WudfEcho module without a host: loads it the way the host does (uv_dlopen from
 * bin/drivers/UMDF), checks its COM entry points and reference counting, then runs OnDeviceAdd and
 * single requests through the stand-in framework of test_fake_framework.c. The full request path is
 * tested end to end by tests/integration/test_echo.c.
 */
#include "test_fake_framework.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "echo_ioctl.h"

static const CLSID echo_clsid = { 0xa1b8e9f2, 0x0c4d, 0x4e5a, { 0x9f, 0x61, 0x2b, 0x7c, 0x3d, 0x8e, 0x4f, 0x50 } };
#define ABORTED HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)
#define WRITE_LIMIT (1024u * 1024u) /* ECHO_MAX_STORED_BYTES of echo.h */

typedef fake_module module;

static int load(void **state)
{
    return fake_module_setup(state, WUDF_TEST_MODULE_NAME);
}

static IDriverEntry *new_driver(module *m)
{
    IClassFactory *factory = NULL;
    IDriverEntry *entry = NULL;
    assert_int_equal(m->get_class_object(&echo_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(IClassFactory_CreateInstance(factory, NULL, &IID_IDriverEntry, (void **)&entry), S_OK);
    assert_int_equal(IClassFactory_Release(factory), 0);
    return entry;
}

static void the_module_exports_its_entry_points_and_umdf_version(void **state)
{
    module *m = *state;
    void *symbol = NULL;
    assert_int_equal(uv_dlsym(&m->lib, "Microsoft_WDF_UMDF_Version", &symbol), 0);
    const UMDF_VERSION_DATA *version = symbol;
    assert_int_equal(version->MajorNumber, 1);
    assert_int_equal(version->MinorNumber, 11);
    assert_int_not_equal(uv_dlsym(&m->lib, "IID_IDriverEntry", &symbol), 0);
    assert_int_equal(m->can_unload_now(), S_OK);
}

static void another_clsid_is_not_available(void **state)
{
    module *m = *state;
    IClassFactory *factory = (IClassFactory *)(void *)&factory;
    assert_int_equal(m->get_class_object(&IID_IDriverEntry, &IID_IClassFactory, (void **)&factory),
                     CLASS_E_CLASSNOTAVAILABLE);
    assert_null(factory);
    assert_int_equal(m->get_class_object(&echo_clsid, &IID_IDriverEntry, (void **)&factory), E_NOINTERFACE);
    assert_null(factory);
    assert_int_equal(m->can_unload_now(), S_OK);
}

static void factory_and_driver_are_freed_when_released(void **state)
{
    module *m = *state;
    IClassFactory *factory = NULL;
    IUnknown *unknown = NULL;
    IDriverEntry *entry = NULL;
    assert_int_equal(m->get_class_object(&echo_clsid, &IID_IUnknown, (void **)&unknown), S_OK);
    assert_int_equal(IUnknown_QueryInterface(unknown, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(IUnknown_Release(unknown), 1);
    assert_int_equal(m->can_unload_now(), S_FALSE);

    assert_int_equal(IClassFactory_CreateInstance(factory, (IUnknown *)(void *)factory, &IID_IDriverEntry,
                                                  (void **)&entry), CLASS_E_NOAGGREGATION);
    assert_null(entry);
    assert_int_equal(IClassFactory_CreateInstance(factory, NULL, &IID_IWDFDriver, (void **)&entry), E_NOINTERFACE);
    assert_null(entry);
    assert_int_equal(IClassFactory_CreateInstance(factory, NULL, &IID_IDriverEntry, (void **)&entry), S_OK);
    assert_int_equal(IClassFactory_Release(factory), 0);
    assert_int_equal(m->can_unload_now(), S_FALSE); /* the driver object still lives */

    assert_int_equal(IDriverEntry_QueryInterface(entry, &IID_IUnknown, (void **)&unknown), S_OK);
    assert_ptr_equal(unknown, entry);
    assert_int_equal(IDriverEntry_AddRef(entry), 3);
    assert_int_equal(IUnknown_Release(unknown), 2);
    assert_int_equal(IDriverEntry_Release(entry), 1);
    assert_int_equal(IDriverEntry_Release(entry), 0);
    assert_int_equal(m->can_unload_now(), S_OK);
}

static void lock_server_keeps_the_module_loaded(void **state)
{
    module *m = *state;
    IClassFactory *factory = NULL;
    assert_int_equal(m->get_class_object(&echo_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(IClassFactory_LockServer(factory, TRUE), S_OK);
    assert_int_equal(IClassFactory_Release(factory), 0);
    assert_int_equal(m->can_unload_now(), S_FALSE);
    assert_int_equal(m->get_class_object(&echo_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(IClassFactory_LockServer(factory, FALSE), S_OK);
    assert_int_equal(IClassFactory_Release(factory), 0);
    assert_int_equal(m->can_unload_now(), S_OK);
}

/* --- The device, through the stand-in framework ----------------------------------------------- */

typedef struct echo_rig {
    module *m;
    IDriverEntry *entry;
    fake_framework fw;
} echo_rig;

static void rig_start(echo_rig *rig, module *m)
{
    rig->m = m;
    rig->entry = new_driver(m);
    fake_framework_init(&rig->fw, "ROOT\\ECHO\\0000");
    assert_int_equal(IDriverEntry_OnInitialize(rig->entry, &rig->fw.driver), S_OK);
    assert_int_equal(IDriverEntry_OnDeviceAdd(rig->entry, &rig->fw.driver, &rig->fw.init), S_OK);
}

/* Tears down as the framework does and checks that every reference went back where it came from. */
static void rig_stop(echo_rig *rig)
{
    fake_device *d = &rig->fw.device;
    assert_int_equal(d->refs, 1);
    for (int i = 0; i < d->queue_count; i++)
        assert_int_equal(d->queues[i].refs, 1);
    fake_framework_release_callbacks(&rig->fw);
    IDriverEntry_OnDeinitialize(rig->entry, &rig->fw.driver);
    assert_int_equal(IDriverEntry_Release(rig->entry), 0);
    assert_int_equal(rig->m->can_unload_now(), S_OK);
    assert_int_equal(rig->fw.driver_refs, 1);
    assert_int_equal(rig->fw.init_refs, 1);
}

/* Runs one request to completion and checks the references the driver took on it were returned. */
static fake_request *finished(fake_request *r)
{
    assert_int_equal(r->completions, 1);
    assert_int_equal(r->refs, 1);
    if (r->in)
        assert_int_equal(r->in->refs, 1);
    if (r->out)
        assert_int_equal(r->out->refs, 1);
    assert_null(r->cancel);
    return r;
}

static fake_request *run_ioctl(echo_rig *rig, fake_file *f, ULONG code, const void *in, SIZE_T in_size, SIZE_T out_size)
{
    fake_request *r = fake_request_new(WdfRequestDeviceIoControl, f, in, in_size, out_size);
    fake_ioctl(&rig->fw, r, code);
    return r;
}

static struct echo_stats stats(echo_rig *rig, fake_file *f)
{
    struct echo_stats s;
    fake_request *r = finished(run_ioctl(rig, f, IOCTL_ECHO_GET_STATS, NULL, 0, sizeof s));
    assert_int_equal(r->status, S_OK);
    assert_int_equal(r->information, sizeof s);
    memcpy(&s, r->out->data, sizeof s);
    fake_request_free(r);
    return s;
}

static fake_file *open_file(echo_rig *rig)
{
    fake_file *f = fake_file_new();
    fake_request *r = fake_request_new(WdfRequestCreate, f, NULL, 0, 0);
    fake_create(&rig->fw, r);
    assert_int_equal(finished(r)->status, S_OK);
    fake_request_free(r);
    return f;
}

static void close_file(echo_rig *rig, fake_file *f)
{
    fake_cleanup(&rig->fw, f);
    fake_close(&rig->fw, f);
    assert_int_equal(f->refs, 1);
    fake_file_free(f);
}

static void device_add_creates_link_and_two_queues_with_default_locking(void **state)
{
    echo_rig rig;
    rig_start(&rig, *state);
    fake_device *d = &rig.fw.device;
    assert_string_equal(d->symbolic_link, "\\DosDevices\\Echo0");
    assert_int_equal(rig.fw.locking, WdfDeviceLevel);
    assert_int_equal(d->queue_count, 2);
    assert_true(d->queues[0].is_default);
    assert_int_equal(d->queues[0].dispatch, WdfIoQueueDispatchSequential);
    assert_false(d->queues[1].is_default);
    assert_int_equal(d->queues[1].dispatch, WdfIoQueueDispatchParallel);
    assert_ptr_equal(d->ioctl_queue, &d->queues[1]);
    rig_stop(&rig);
}

static void write_then_read_returns_the_stored_bytes(void **state)
{
    echo_rig rig;
    rig_start(&rig, *state);
    fake_file *f = open_file(&rig);

    fake_request *r = fake_request_new(WdfRequestRead, f, NULL, 0, 16);
    fake_read(&rig.fw, r);
    assert_int_equal(finished(r)->status, S_OK);
    assert_int_equal(r->information, 0); /* nothing stored yet */
    fake_request_free(r);

    static const char msg[] = "the quick brown fox";
    r = fake_request_new(WdfRequestWrite, f, msg, sizeof msg, 0);
    fake_write(&rig.fw, r);
    assert_int_equal(finished(r)->status, S_OK);
    assert_int_equal(r->information, sizeof msg);
    fake_request_free(r);

    r = fake_request_new(WdfRequestRead, f, NULL, 0, 256);
    fake_read(&rig.fw, r);
    assert_int_equal(finished(r)->status, S_OK);
    assert_int_equal(r->information, sizeof msg);
    assert_memory_equal(r->out->data, msg, sizeof msg);
    fake_request_free(r);

    r = fake_request_new(WdfRequestRead, f, NULL, 0, 5); /* a short read gets the first bytes */
    fake_read(&rig.fw, r);
    assert_int_equal(finished(r)->information, 5);
    assert_memory_equal(r->out->data, msg, 5);
    fake_request_free(r);

    static char big[WRITE_LIMIT + 1];
    r = fake_request_new(WdfRequestWrite, f, big, sizeof big, 0);
    fake_write(&rig.fw, r);
    assert_int_equal(finished(r)->status, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    assert_int_equal(r->information, 0);
    fake_request_free(r);

    struct echo_stats s = stats(&rig, f);
    assert_int_equal(s.reads, 3);
    assert_int_equal(s.writes, 2);
    assert_int_equal(s.stored_bytes, sizeof msg); /* the refused write changed nothing */
    assert_int_equal(s.creates, 1);
    assert_int_equal(s.open_files, 1);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void ioctls_loop_back_fail_and_refuse_unknown_codes(void **state)
{
    echo_rig rig;
    rig_start(&rig, *state);
    fake_file *f = open_file(&rig);

    uint32_t in[4] = { 1, 2, 3, 0xabcdef01u };
    fake_request *r = finished(run_ioctl(&rig, f, IOCTL_ECHO_LOOPBACK, in, sizeof in, sizeof in));
    assert_int_equal(r->status, S_OK);
    assert_int_equal(r->information, sizeof in);
    assert_memory_equal(r->out->data, in, sizeof in);
    fake_request_free(r);
    r = finished(run_ioctl(&rig, f, IOCTL_ECHO_LOOPBACK, in, sizeof in, 6)); /* up to the output length */
    assert_int_equal(r->information, 6);
    fake_request_free(r);
    r = finished(run_ioctl(&rig, f, IOCTL_ECHO_LOOPBACK, NULL, 0, 0));
    assert_int_equal(r->status, S_OK);
    assert_int_equal(r->information, 0);
    fake_request_free(r);

    uint32_t status = 0xC0000010u;
    r = finished(run_ioctl(&rig, f, IOCTL_ECHO_FAIL_WITH, &status, sizeof status, 0));
    assert_int_equal(r->status, HRESULT_FROM_NT(0xC0000010u));
    fake_request_free(r);
    r = finished(run_ioctl(&rig, f, IOCTL_ECHO_FAIL_WITH, NULL, 0, 0));
    assert_int_equal(r->status, HRESULT_FROM_NT(STATUS_INVALID_PARAMETER));
    fake_request_free(r);

    r = finished(run_ioctl(&rig, f, 0x00229999u, NULL, 0, 0));
    assert_int_equal(r->status, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
    fake_request_free(r);

    r = finished(run_ioctl(&rig, f, IOCTL_ECHO_GET_STATS, NULL, 0, sizeof(struct echo_stats) - 1));
    assert_int_equal(r->status, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    fake_request_free(r);

    assert_int_equal(stats(&rig, f).ioctls, 8);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void pend_holds_until_cancel_which_completes_it_aborted(void **state)
{
    echo_rig rig;
    rig_start(&rig, *state);
    fake_file *f = open_file(&rig);

    fake_request *held = run_ioctl(&rig, f, IOCTL_ECHO_PEND, NULL, 0, 0);
    assert_int_equal(held->completions, 0);
    assert_non_null(held->cancel);
    assert_int_equal(stats(&rig, f).pended, 1);

    assert_int_equal(fake_cancel(held), 1);
    assert_int_equal(finished(held)->status, ABORTED);
    struct echo_stats s = stats(&rig, f);
    assert_int_equal(s.pended, 0);
    assert_int_equal(s.cancels, 1);
    fake_request_free(held);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void cleanup_completes_only_that_files_held_requests(void **state)
{
    echo_rig rig;
    rig_start(&rig, *state);
    fake_file *a = open_file(&rig), *b = open_file(&rig);
    fake_request *a1 = run_ioctl(&rig, a, IOCTL_ECHO_PEND, NULL, 0, 0);
    fake_request *a2 = run_ioctl(&rig, a, IOCTL_ECHO_PEND, NULL, 0, 0);
    fake_request *b1 = run_ioctl(&rig, b, IOCTL_ECHO_PEND, NULL, 0, 0);
    struct echo_stats s = stats(&rig, b);
    assert_int_equal(s.pended, 3);
    assert_int_equal(s.open_files, 2);

    fake_cleanup(&rig.fw, a);
    assert_int_equal(finished(a1)->status, ABORTED);
    assert_int_equal(finished(a2)->status, ABORTED);
    assert_int_equal(b1->completions, 0);
    fake_close(&rig.fw, a);
    s = stats(&rig, b);
    assert_int_equal(s.pended, 1);
    assert_int_equal(s.cleanups, 1);
    assert_int_equal(s.closes, 1);
    assert_int_equal(s.open_files, 1);
    assert_int_equal(s.cancels, 0);

    /* A cancel already under way owns the request: cleanup must leave it to OnCancel, which then runs
     * (on another thread in a real framework) and no longer finds it held. */
    IRequestCallbackCancel *cancel = b1->cancel;
    b1->cancel = NULL;
    b1->cancel_started = 1;
    fake_cleanup(&rig.fw, b);
    assert_int_equal(b1->completions, 0);
    IRequestCallbackCancel_OnCancel(cancel, &b1->iface);
    IRequestCallbackCancel_Release(cancel);
    assert_int_equal(finished(b1)->status, ABORTED);
    fake_close(&rig.fw, b);
    s = stats(&rig, NULL);
    assert_int_equal(s.pended, 0);
    assert_int_equal(s.cancels, 1);
    assert_int_equal(s.open_files, 0);

    assert_int_equal(a->refs, 1);
    assert_int_equal(b->refs, 1);
    fake_request_free(a1);
    fake_request_free(a2);
    fake_request_free(b1);
    fake_file_free(a);
    fake_file_free(b);
    rig_stop(&rig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_module_exports_its_entry_points_and_umdf_version),
        cmocka_unit_test(another_clsid_is_not_available),
        cmocka_unit_test(factory_and_driver_are_freed_when_released),
        cmocka_unit_test(lock_server_keeps_the_module_loaded),
        cmocka_unit_test(device_add_creates_link_and_two_queues_with_default_locking),
        cmocka_unit_test(write_then_read_returns_the_stored_bytes),
        cmocka_unit_test(ioctls_loop_back_fail_and_refuse_unknown_codes),
        cmocka_unit_test(pend_holds_until_cancel_which_completes_it_aborted),
        cmocka_unit_test(cleanup_completes_only_that_files_held_requests),
    };
    return cmocka_run_group_tests(tests, load, fake_module_teardown);
}
