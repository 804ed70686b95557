/*
 * Remote targets inside the host (host/remote*.c), with the reflector played by the harness: an open
 * goes out as REMOTE_IRP CREATE and returns what CreateFile would (the answer's status as a Win32 error),
 * a target is closed until opened and cannot be started then, Close sends the file's cleanup and close,
 * a removal event for a file nobody holds is agreed to at once, and what a driver may not do is refused:
 * registering without IPnpCallbackRemoteInterfaceNotification, a remote interface from anything but an
 * arrival's IWDFRemoteInterfaceInitialize.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "framework.h"
#include "test_host_harness.h"

static host_harness the_harness;

static int setup(void **state)
{
    memset(&the_harness, 0, sizeof the_harness);
    if (harness_start(&the_harness, NULL) != 0)
        return -1;
    *state = &the_harness;
    return 0;
}

static int teardown(void **state)
{
    host_harness *h = *state;
    return harness_stop(h) == 0 ? 0 : -1;
}

static IWDFDevice3 *device_of(host_harness *h)
{
    return (IWDFDevice3 *)(void *)h->host->device;
}

/* The n-th REMOTE_IRP the host sent (1 = the first), waiting for it. */
static const wudf_msg *nth_remote(host_harness *h, size_t n)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)HARNESS_TIMEOUT_MS * 1000000u;
    while (harness_count(h, WUDF_MSG_REMOTE_IRP, 0) < n && uv_hrtime() < deadline)
        harness_wait(h, 0xFFFF, 0, 10); /* a message that never comes: a bounded wait for the next */
    const wudf_msg *found = NULL;
    uv_mutex_lock(&h->lock);
    for (size_t i = 0, seen = 0; i < h->count && !found; i++)
        if (h->messages[i]->type == WUDF_MSG_REMOTE_IRP && ++seen == n)
            found = h->messages[i];
    uv_mutex_unlock(&h->lock);
    return found;
}

typedef struct open_call {
    IWDFRemoteTarget *target;
    const WCHAR *name;
    HRESULT hr;
} open_call;

static void run_open(void *arg)
{
    open_call *call = arg;
    call->hr = IWDFRemoteTarget_OpenFileByName(call->target, call->name, GENERIC_READ | GENERIC_WRITE, NULL);
}

/* OpenFileByName on a thread of its own; the reflector's answer is status. */
static HRESULT open_answered(host_harness *h, IWDFRemoteTarget *target, size_t nth, int32_t status)
{
    static const WCHAR name[] = {'\\', '\\', '.', '\\', 'E', 'c', 'h', 'o', '0', 0};
    open_call call = {target, name, E_FAIL};
    uv_thread_t thread;
    assert_int_equal(uv_thread_create(&thread, run_open, &call), 0);
    const wudf_msg *create = nth_remote(h, nth);
    assert_non_null(create);
    assert_int_equal(create->major, WUDF_IRP_MJ_CREATE);
    assert_int_equal(create->payload_length, 9);
    assert_memory_equal(create->payload, "\\\\.\\Echo0", 9);
    assert_true(create->file_id != 0);
    wudf_msg answer;
    wudf_msg_init(&answer, WUDF_MSG_REMOTE_COMPLETE);
    answer.irp_id = create->irp_id;
    answer.status = status;
    wudf_remote_message(h->host, &answer);
    uv_thread_join(&thread);
    return call.hr;
}

static void a_target_opens_as_createfile_would_and_closes_its_file(void **state)
{
    host_harness *h = *state;
    IWDFRemoteTarget *target = NULL;
    assert_int_equal(IWDFDevice3_CreateRemoteTarget(device_of(h), NULL, NULL, &target), S_OK);
    assert_int_equal(IWDFRemoteTarget_GetState(target), WdfIoTargetClosed);
    /* "Closed: cannot be started or stopped" */
    assert_int_equal(IWDFRemoteTarget_Start(target), HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));
    assert_int_equal(IWDFRemoteTarget_Stop(target, WdfIoTargetCancelSentIo), S_OK);
    assert_int_equal(IWDFRemoteTarget_GetState(target), WdfIoTargetClosed);
    IWDFIoTargetStateManagement *sm = NULL;
    assert_int_equal(IWDFRemoteTarget_QueryInterface(target, &IID_IWDFIoTargetStateManagement, (void **)&sm), S_OK);
    assert_int_equal(IWDFIoTargetStateManagement_GetState(sm), WdfIoTargetClosed);
    IWDFIoTargetStateManagement_Release(sm);

    assert_int_equal(open_answered(h, target, 1, STATUS_OBJECT_NAME_NOT_FOUND),
                     HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND));
    assert_int_equal(IWDFRemoteTarget_GetState(target), WdfIoTargetClosed);
    assert_int_equal(open_answered(h, target, 2, STATUS_ACCESS_DENIED), E_ACCESSDENIED);
    assert_int_equal(open_answered(h, target, 3, STATUS_SUCCESS), S_OK);
    assert_int_equal(IWDFRemoteTarget_GetState(target), WdfIoTargetStarted);
    uint32_t file = nth_remote(h, 3)->file_id;
    /* an open target is not opened again */
    static const WCHAR other[] = {'R', 'O', 'O', 'T', 0};
    assert_int_equal(IWDFRemoteTarget_OpenFileByName(target, other, 0, NULL), HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));

    /* a removal event for a file nobody holds is agreed to at once */
    wudf_kv kv;
    uint8_t *payload;
    uint32_t length;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "event", "query-remove", NULL);
    wudf_kv_add(&kv, "file", "4000", NULL);
    assert_int_equal(wudf_kv_encode(&kv, &payload, &length, NULL), 0);
    wudf_kv_free(&kv);
    wudf_msg event;
    wudf_msg_init(&event, WUDF_MSG_REMOTE_EVENT);
    event.payload = payload;
    event.payload_length = length;
    wudf_remote_message(h->host, &event);
    free(payload);
    const wudf_msg *agreed = harness_wait(h, WUDF_MSG_REMOTE_EVENT, 0, HARNESS_TIMEOUT_MS);
    assert_non_null(agreed);
    char *value = harness_kv_get(agreed, "event", 0);
    assert_string_equal(value, "query-remove-answer");
    free(value);
    value = harness_kv_get(agreed, "allow", 0);
    assert_string_equal(value, "1");
    free(value);

    assert_int_equal(IWDFRemoteTarget_Close(target), S_OK);
    assert_int_equal(IWDFRemoteTarget_GetState(target), WdfIoTargetClosed);
    const wudf_msg *cleanup = nth_remote(h, 4), *close = nth_remote(h, 5);
    assert_non_null(close);
    assert_int_equal(cleanup->major, WUDF_IRP_MJ_CLEANUP);
    assert_int_equal(close->major, WUDF_IRP_MJ_CLOSE);
    assert_int_equal(close->file_id, file);
    assert_int_equal(IWDFRemoteTarget_DeleteWdfObject(target), S_OK);
    IWDFRemoteTarget_Release(target);
}

static void what_a_driver_may_not_do_is_refused(void **state)
{
    host_harness *h = *state;
    /* the test driver's device callback has no IPnpCallbackRemoteInterfaceNotification */
    static const GUID guid = {0x6e3b2a9c, 0x41d7, 0x4f0b, {0x9a, 0x35, 0x7c, 0x18, 0xe2, 0xd4, 0xb6, 0xf1}};
    assert_int_equal(IWDFDevice3_RegisterRemoteInterfaceNotification(device_of(h), &guid, TRUE), E_INVALIDARG);
    assert_int_equal(IWDFDevice3_RegisterRemoteInterfaceNotification(device_of(h), NULL, TRUE), E_INVALIDARG);
    assert_int_equal(harness_count(h, WUDF_MSG_REMOTE_EVENT, 0), 0);
    /* a remote interface only from an arrival's IWDFRemoteInterfaceInitialize */
    IWDFRemoteInterface *itf = (IWDFRemoteInterface *)(void *)1;
    long bugs = wudf_driver_bug_count();
    assert_int_equal(IWDFDevice3_CreateRemoteInterface(device_of(h), (IWDFRemoteInterfaceInitialize *)(void *)device_of(h),
                                                       NULL, &itf),
                     E_INVALIDARG);
    assert_null(itf);
    assert_int_equal(wudf_driver_bug_count(), bugs + 1);
    IWDFRemoteTarget *target = NULL;
    assert_int_equal(IWDFDevice3_CreateRemoteTarget(device_of(h), NULL, NULL, &target), S_OK);
    assert_int_equal(IWDFRemoteTarget_OpenRemoteInterface(target, NULL, NULL, 0, NULL), E_INVALIDARG);
    assert_int_equal(IWDFRemoteTarget_OpenFileByName(target, NULL, 0, NULL), E_INVALIDARG);
    assert_int_equal(IWDFRemoteTarget_Reopen(target), HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));
    assert_int_equal(harness_count(h, WUDF_MSG_REMOTE_IRP, 0), 0);
    /* left to the device: its deletion takes the target with it */
    IWDFRemoteTarget_Release(target);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_target_opens_as_createfile_would_and_closes_its_file, setup, teardown),
        cmocka_unit_test_setup_teardown(what_a_driver_may_not_do_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
