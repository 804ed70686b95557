/*
 * Unit test of the WudfFaulty module without a host: loads it the way the host does, then runs
 * OnDeviceAdd, OnPrepareHardware with various settings and the non-fatal faults through the stand-in
 * framework of drivers/echo/test_fake_framework.c. The fatal and stuck faults end or block the process
 * that commits them, so they are exercised against the real host and reflector only.
 */
#include "test_fake_framework.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "faulty_ioctl.h"

static const CLSID faulty_clsid = { 0x8519cd3f, 0xa049, 0x4085, { 0xbc, 0x17, 0x6a, 0x67, 0x18, 0x58, 0x99, 0x50 } };
static const CLSID echo_clsid = { 0xa1b8e9f2, 0x0c4d, 0x4e5a, { 0x9f, 0x61, 0x2b, 0x7c, 0x3d, 0x8e, 0x4f, 0x50 } };
#define ABORTED HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)
#define INVALID_PARAMETER HRESULT_FROM_NT(STATUS_INVALID_PARAMETER)

static int load(void **state)
{
    return fake_module_setup(state, WUDF_TEST_MODULE_NAME);
}

static void the_module_exports_its_entry_points_and_its_own_clsid(void **state)
{
    fake_module *m = *state;
    void *symbol = NULL;
    assert_int_equal(uv_dlsym(&m->lib, "Microsoft_WDF_UMDF_Version", &symbol), 0);
    assert_int_equal(((const UMDF_VERSION_DATA *)symbol)->MajorNumber, 1);
    IClassFactory *factory = NULL;
    assert_int_equal(m->get_class_object(&echo_clsid, &IID_IClassFactory, (void **)&factory),
                     CLASS_E_CLASSNOTAVAILABLE);
    assert_null(factory);
    assert_int_equal(m->get_class_object(&faulty_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(m->can_unload_now(), S_FALSE);
    assert_int_equal(IClassFactory_Release(factory), 0);
    assert_int_equal(m->can_unload_now(), S_OK);
}

/* --- The device, through the stand-in framework ----------------------------------------------- */

typedef struct test_rig {
    fake_module *m;
    IDriverEntry *entry;
    fake_framework fw;
} test_rig;

/* OnDeviceAdd, then OnPrepareHardware with settings (NULL: none); returns OnPrepareHardware's result. */
static HRESULT rig_start(test_rig *rig, fake_module *m, const char *const *settings)
{
    IClassFactory *factory = NULL;
    rig->m = m;
    rig->entry = NULL;
    assert_int_equal(m->get_class_object(&faulty_clsid, &IID_IClassFactory, (void **)&factory), S_OK);
    assert_int_equal(IClassFactory_CreateInstance(factory, NULL, &IID_IDriverEntry, (void **)&rig->entry), S_OK);
    assert_int_equal(IClassFactory_Release(factory), 0);
    fake_framework_init(&rig->fw, "ROOT\\FAULTY\\0000");
    fake_framework_set_settings(&rig->fw, settings);
    assert_int_equal(IDriverEntry_OnInitialize(rig->entry, &rig->fw.driver), S_OK);
    assert_int_equal(IDriverEntry_OnDeviceAdd(rig->entry, &rig->fw.driver, &rig->fw.init), S_OK);
    HRESULT hr = fake_prepare_hardware(&rig->fw);
    assert_int_equal(rig->fw.device.store.refs, 0); /* the store went back, whatever the outcome */
    return hr;
}

/* Tears down as the framework does and checks that every reference went back where it came from. */
static void rig_stop(test_rig *rig)
{
    fake_device *d = &rig->fw.device;
    assert_int_equal(fake_release_hardware(&rig->fw), S_OK);
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

/* Checks r completed once and the driver gave back every reference it took on it. */
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

static fake_request *run_ioctl(test_rig *rig, fake_file *f, ULONG code, const void *in, SIZE_T in_size, SIZE_T out_size)
{
    fake_request *r = fake_request_new(WdfRequestDeviceIoControl, f, in, in_size, out_size);
    fake_ioctl(&rig->fw, r, code);
    return r;
}

static fake_request *inject(test_rig *rig, fake_file *f, uint32_t kind, uint32_t arg, SIZE_T out_size)
{
    unsigned char in[8];
    for (int i = 0; i < 4; i++) {
        in[i] = (unsigned char)(kind >> (8 * i));
        in[4 + i] = (unsigned char)(arg >> (8 * i));
    }
    return run_ioctl(rig, f, IOCTL_FAULTY_INJECT, in, sizeof in, out_size);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static struct faulty_stats stats(test_rig *rig, fake_file *f)
{
    struct faulty_stats s;
    fake_request *r = finished(run_ioctl(rig, f, IOCTL_FAULTY_GET_STATS, NULL, 0, sizeof s));
    assert_int_equal(r->status, S_OK);
    assert_int_equal(r->information, sizeof s);
    s.requests = le32(r->out->data + offsetof(struct faulty_stats, requests));
    s.injected = le32(r->out->data + offsetof(struct faulty_stats, injected));
    s.held = le32(r->out->data + offsetof(struct faulty_stats, held));
    s.cancels = le32(r->out->data + offsetof(struct faulty_stats, cancels));
    s.generation_pid = le32(r->out->data + offsetof(struct faulty_stats, generation_pid));
    fake_request_free(r);
    return s;
}

static fake_file *open_file(test_rig *rig)
{
    fake_file *f = fake_file_new();
    fake_request *r = fake_request_new(WdfRequestCreate, f, NULL, 0, 0);
    fake_create(&rig->fw, r);
    assert_int_equal(finished(r)->status, S_OK);
    fake_request_free(r);
    return f;
}

static void close_file(test_rig *rig, fake_file *f)
{
    fake_cleanup(&rig->fw, f);
    fake_close(&rig->fw, f);
    assert_int_equal(f->refs, 1);
    fake_file_free(f);
}

static void device_add_creates_link_and_one_parallel_default_queue(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_device *d = &rig.fw.device;
    assert_string_equal(d->symbolic_link, "\\DosDevices\\Faulty0");
    assert_int_equal(rig.fw.locking, WdfDeviceLevel);
    assert_int_equal(d->queue_count, 1);
    assert_true(d->queues[0].is_default);
    assert_int_equal(d->queues[0].dispatch, WdfIoQueueDispatchParallel);
    rig_stop(&rig);
}

static void loopback_stats_and_malformed_requests(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *f = open_file(&rig);

    static const char msg[] = "still alive";
    fake_request *r = finished(run_ioctl(&rig, f, IOCTL_FAULTY_LOOPBACK, msg, sizeof msg, 64));
    assert_int_equal(r->status, S_OK);
    assert_int_equal(r->information, sizeof msg);
    assert_memory_equal(r->out->data, msg, sizeof msg);
    fake_request_free(r);
    r = finished(run_ioctl(&rig, f, IOCTL_FAULTY_LOOPBACK, msg, sizeof msg, 5)); /* up to the output length */
    assert_int_equal(r->information, 5);
    fake_request_free(r);

    r = finished(run_ioctl(&rig, f, IOCTL_FAULTY_GET_STATS, NULL, 0, sizeof(struct faulty_stats) - 1));
    assert_int_equal(r->status, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
    fake_request_free(r);
    r = finished(run_ioctl(&rig, f, 0x00222FFCu, NULL, 0, 0));
    assert_int_equal(r->status, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
    fake_request_free(r);
    r = finished(run_ioctl(&rig, f, IOCTL_FAULTY_INJECT, "\x08\0\0", 3, 0)); /* shorter than faulty_inject */
    assert_int_equal(r->status, INVALID_PARAMETER);
    fake_request_free(r);
    r = finished(inject(&rig, f, FAULTY_KIND_COUNT, 0, 0));
    assert_int_equal(r->status, INVALID_PARAMETER);
    fake_request_free(r);
    r = finished(inject(&rig, f, FAULTY_SLOW_START, 0, 0)); /* a start fault only */
    assert_int_equal(r->status, INVALID_PARAMETER);
    fake_request_free(r);
    r = finished(inject(&rig, f, FAULTY_NONE, 0, 0));
    assert_int_equal(r->status, S_OK);
    fake_request_free(r);

    struct faulty_stats s = stats(&rig, f);
    assert_int_equal(s.requests, 10); /* the open, eight ioctls and this GET_STATS */
    assert_int_equal(s.injected, 0);
    assert_int_equal(s.held, 0);
    assert_int_equal(s.generation_pid, (uint32_t)uv_os_getpid());
    close_file(&rig, f);
    rig_stop(&rig);
}

static void hold_is_held_until_cancel_which_completes_it_aborted(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *f = open_file(&rig);

    fake_request *held = run_ioctl(&rig, f, IOCTL_FAULTY_HOLD, NULL, 0, 0);
    assert_int_equal(held->completions, 0);
    assert_non_null(held->cancel);
    assert_int_equal(stats(&rig, f).held, 1);

    assert_int_equal(fake_cancel(held), 1);
    assert_int_equal(finished(held)->status, ABORTED);
    struct faulty_stats s = stats(&rig, f);
    assert_int_equal(s.held, 0);
    assert_int_equal(s.cancels, 1);
    fake_request_free(held);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void cleanup_completes_only_that_files_held_requests(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *a = open_file(&rig), *b = open_file(&rig);
    fake_request *a1 = run_ioctl(&rig, a, IOCTL_FAULTY_HOLD, NULL, 0, 0);
    fake_request *b1 = run_ioctl(&rig, b, IOCTL_FAULTY_HOLD, NULL, 0, 0);
    assert_int_equal(stats(&rig, b).held, 2);

    fake_cleanup(&rig.fw, a);
    assert_int_equal(finished(a1)->status, ABORTED);
    assert_int_equal(b1->completions, 0);
    struct faulty_stats s = stats(&rig, b);
    assert_int_equal(s.held, 1);
    assert_int_equal(s.cancels, 0);
    fake_close(&rig.fw, a);

    /* A cancel already under way owns the request: cleanup leaves it to OnCancel. */
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
    assert_int_equal(s.held, 0);
    assert_int_equal(s.cancels, 1);

    assert_int_equal(a->refs, 1);
    assert_int_equal(b->refs, 1);
    fake_request_free(a1);
    fake_request_free(b1);
    fake_file_free(a);
    fake_file_free(b);
    rig_stop(&rig);
}

static void complete_twice_completes_the_request_twice(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *f = open_file(&rig);
    fake_request *r = inject(&rig, f, FAULTY_COMPLETE_TWICE, 0, 0);
    assert_int_equal(r->completions, 2);
    assert_int_equal(r->status, S_OK);
    assert_int_equal(r->refs, 1);
    fake_request_free(r);
    assert_int_equal(stats(&rig, f).injected, 1);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void oversize_claims_more_bytes_than_the_output_buffer_holds(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *f = open_file(&rig);
    fake_request *r = finished(inject(&rig, f, FAULTY_OVERSIZE, 5, 16));
    assert_int_equal(r->status, S_OK);
    assert_int_equal(r->information, 16 + 5 + 1);
    fake_request_free(r);
    r = finished(inject(&rig, f, FAULTY_OVERSIZE, 0, 0));
    assert_int_equal(r->information, 1);
    fake_request_free(r);
    assert_int_equal(stats(&rig, f).injected, 2);
    close_file(&rig, f);
    rig_stop(&rig);
}

#define FLOODED 8

static void flood_completes_every_held_request_from_its_threads(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *a = open_file(&rig), *b = open_file(&rig);
    fake_request *held[FLOODED];
    for (int i = 0; i < FLOODED; i++)
        held[i] = run_ioctl(&rig, i % 2 ? b : a, IOCTL_FAULTY_HOLD, NULL, 0, 0);
    assert_int_equal(stats(&rig, a).held, FLOODED);

    fake_request *r = finished(inject(&rig, a, FAULTY_FLOOD, 4, 0));
    assert_int_equal(r->status, S_OK);
    uv_thread_t self = uv_thread_self();
    uv_thread_t seen[FLOODED];
    int distinct = 0;
    for (int i = 0; i < FLOODED; i++) {
        assert_int_equal(finished(held[i])->status, S_OK);
        assert_false(uv_thread_equal(&held[i]->completed_on, &self));
        int known = 0;
        for (int k = 0; k < distinct; k++)
            known |= uv_thread_equal(&seen[k], &held[i]->completed_on);
        if (!known)
            seen[distinct++] = held[i]->completed_on;
        assert_int_equal(fake_cancel(held[i]), 0); /* no longer cancelable */
        fake_request_free(held[i]);
    }
    assert_int_equal(distinct, 4);
    fake_request_free(r);

    struct faulty_stats s = stats(&rig, a);
    assert_int_equal(s.held, 0);
    assert_int_equal(s.injected, 1);
    assert_int_equal(s.cancels, 0);

    /* Nothing held: the flood is a no-op that still completes. */
    r = finished(inject(&rig, a, FAULTY_FLOOD, 0, 0));
    assert_int_equal(r->status, S_OK);
    fake_request_free(r);
    assert_int_equal(stats(&rig, a).injected, 2);
    close_file(&rig, a);
    close_file(&rig, b);
    rig_stop(&rig);
}

static void never_complete_leaves_the_request_neither_completed_nor_cancelable(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *f = open_file(&rig);
    fake_request *r = inject(&rig, f, FAULTY_NEVER_COMPLETE, 0, 0);
    assert_int_equal(r->completions, 0);
    assert_null(r->cancel);
    assert_int_equal(fake_cancel(r), 0);
    assert_int_equal(r->refs, 1); /* and the driver does not keep it either */
    assert_int_equal(r->in->refs, 1);
    struct faulty_stats s = stats(&rig, f);
    assert_int_equal(s.injected, 1);
    assert_int_equal(s.held, 0);
    fake_request_free(r);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void channel_faults_are_refused_outside_a_host(void **state)
{
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, NULL), S_OK);
    fake_file *f = open_file(&rig);
    fake_request *r = finished(inject(&rig, f, FAULTY_FOREIGN_COMPLETE, 0, 0));
    assert_int_equal(r->status, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));
    fake_request_free(r);
    r = finished(inject(&rig, f, FAULTY_GARBAGE, 16, 0));
    assert_int_equal(r->status, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));
    fake_request_free(r);
    assert_int_equal(stats(&rig, f).injected, 0);
    close_file(&rig, f);
    rig_stop(&rig);
}

/* --- Settings ---------------------------------------------------------------------------------- */

static void fault_after_strikes_the_nth_request_only(void **state)
{
    static const char *const settings[] = {"faultafter", "3", "FAULTKIND", "Complete-Twice", NULL};
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, settings), S_OK);
    fake_file *f = open_file(&rig); /* request 1 */
    static const char msg[] = "abc";
    fake_request *r = finished(run_ioctl(&rig, f, IOCTL_FAULTY_LOOPBACK, msg, sizeof msg, 8)); /* 2 */
    assert_int_equal(r->information, sizeof msg);
    fake_request_free(r);
    r = run_ioctl(&rig, f, IOCTL_FAULTY_LOOPBACK, msg, sizeof msg, 8); /* 3: the fault, not a loopback */
    assert_int_equal(r->completions, 2);
    assert_int_equal(r->information, 0);
    fake_request_free(r);
    r = finished(run_ioctl(&rig, f, IOCTL_FAULTY_LOOPBACK, msg, sizeof msg, 8)); /* 4 */
    assert_int_equal(r->information, sizeof msg);
    fake_request_free(r);
    struct faulty_stats s = stats(&rig, f);
    assert_int_equal(s.requests, 5);
    assert_int_equal(s.injected, 1);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void fault_after_one_strikes_the_open(void **state)
{
    static const char *const settings[] = {"FaultAfter", "1", "FaultKind", "oversize", NULL};
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, settings), S_OK);
    fake_file *f = fake_file_new();
    fake_request *r = fake_request_new(WdfRequestCreate, f, NULL, 0, 0);
    fake_create(&rig.fw, r);
    assert_int_equal(finished(r)->status, S_OK);
    assert_int_equal(r->information, 1);
    fake_request_free(r);
    assert_int_equal(stats(&rig, f).injected, 1);
    close_file(&rig, f);
    rig_stop(&rig);
}

static void fault_on_start_none_starts_normally(void **state)
{
    static const char *const settings[] = {"FaultOnStart", "NONE", "Unrelated", "value", NULL};
    test_rig rig;
    assert_int_equal(rig_start(&rig, *state, settings), S_OK);
    rig_stop(&rig);
}

static void settings_that_make_no_sense_fail_the_start(void **state)
{
    static const char *const bad[][7] = {
        {"FaultOnStart", "meltdown", NULL},
        {"FaultOnStart", "complete-twice", NULL}, /* needs a request */
        {"FaultOnStart", "flood", NULL},
        {"FaultOnStart", "foreign-complete", NULL}, /* no host channel in this process */
        {"FaultAfter", "2", NULL},
        {"FaultKind", "abort", NULL},
        {"FaultAfter", "0", "FaultKind", "abort", NULL},
        {"FaultAfter", "12x", "FaultKind", "abort", NULL},
        {"FaultAfter", "99999999999", "FaultKind", "abort", NULL},
        {"FaultAfter", "2", "FaultKind", "slow-start", NULL},
        {"FaultAfter", "2", "FaultKind", "everything", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        test_rig rig;
        HRESULT hr = rig_start(&rig, *state, bad[i]);
        if (!FAILED(hr))
            fail_msg("%s=%s%s%s%s started", bad[i][0], bad[i][1], bad[i][2] ? " " : "", bad[i][2] ? bad[i][2] : "",
                     bad[i][2] ? "=..." : "");
        rig_stop(&rig);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_module_exports_its_entry_points_and_its_own_clsid),
        cmocka_unit_test(device_add_creates_link_and_one_parallel_default_queue),
        cmocka_unit_test(loopback_stats_and_malformed_requests),
        cmocka_unit_test(hold_is_held_until_cancel_which_completes_it_aborted),
        cmocka_unit_test(cleanup_completes_only_that_files_held_requests),
        cmocka_unit_test(complete_twice_completes_the_request_twice),
        cmocka_unit_test(oversize_claims_more_bytes_than_the_output_buffer_holds),
        cmocka_unit_test(flood_completes_every_held_request_from_its_threads),
        cmocka_unit_test(never_complete_leaves_the_request_neither_completed_nor_cancelable),
        cmocka_unit_test(channel_faults_are_refused_outside_a_host),
        cmocka_unit_test(fault_after_strikes_the_nth_request_only),
        cmocka_unit_test(fault_after_one_strikes_the_open),
        cmocka_unit_test(fault_on_start_none_starts_normally),
        cmocka_unit_test(settings_that_make_no_sense_fail_the_start),
    };
    return cmocka_run_group_tests(tests, load, fake_module_teardown);
}
