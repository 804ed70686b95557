/*
 * Host framework, queues and requests: dispatch types present requests as
 * UMDF does, every IRP is answered exactly once, cancellation reaches the
 * driver the documented way.
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
#include "ring_slots.h"
#include "test_host_harness.h"

#define T HARNESS_TIMEOUT_MS

static const char *const sequential[] = {"queuetype", "sequential", NULL};
static const char *const parallel_unlocked[] = {"queuetype", "parallel", "locking", "none", NULL};
static const char *const parallel_locked[] = {"queuetype", "parallel", NULL};
static const char *const manual[] = {"queuetype", "manual", NULL};

static void start(host_harness *h, const char *const *settings)
{
    testdrv_reset();
    assert_int_equal(harness_start(h, settings), STATUS_SUCCESS);
    assert_int_equal(harness_open(h, 1, 10, "\\x"), STATUS_SUCCESS);
    /* OnCreateFile completes before it returns: let it return before counting callbacks. */
    assert_int_equal(testdrv_wait_idle(T), 0);
}

static void stop(host_harness *h)
{
    assert_int_equal(harness_stop(h), 0);
    assert_int_equal(testdrv_callback_references(), 0);
}

static void ioctl(host_harness *h, uint64_t irp, uint32_t code)
{
    harness_irp(h, irp, WUDF_IRP_MJ_DEVICE_CONTROL, 10, code, NULL, 0, 0);
}

static int32_t status_of(host_harness *h, uint64_t irp)
{
    const wudf_msg *m = harness_wait(h, WUDF_MSG_COMPLETE, irp, T);
    assert_non_null(m);
    return m->status;
}

static void queue_counts(ULONG *waiting, ULONG *in_driver)
{
    IWDFIoQueue_GetState(testdrv_queue(), waiting, in_driver);
}

static void sequential_queue_presents_one_request_at_a_time(void **state)
{
    host_harness h;
    start(&h, sequential);
    ioctl(&h, 100, TESTDRV_IOCTL_HOLD);
    assert_int_equal(testdrv_wait_held(1, T), 0);
    ioctl(&h, 101, TESTDRV_IOCTL_ECHO);
    harness_barrier(&h);
    ULONG waiting, in_driver;
    queue_counts(&waiting, &in_driver);
    assert_int_equal(waiting, 1);
    assert_int_equal(in_driver, 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 1);
    assert_int_equal(harness_count(&h, WUDF_MSG_COMPLETE, 101), 0);

    /* Completing from a thread of the test (not a callback) lets the next one through. */
    IWDFIoRequest *held = testdrv_take_held(); /* COBJMACROS evaluate the object twice */
    IWDFIoRequest_Complete(held, S_OK);
    assert_int_equal(status_of(&h, 100), STATUS_SUCCESS);
    assert_int_equal(status_of(&h, 101), STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 2);
    stop(&h);
}

static void parallel_queue_presents_requests_as_they_arrive(void **state)
{
    host_harness h;
    start(&h, parallel_unlocked);
    for (uint64_t i = 0; i < 3; i++)
        ioctl(&h, 200 + i, TESTDRV_IOCTL_HOLD);
    assert_int_equal(testdrv_wait_held(3, T), 0);
    ULONG waiting, in_driver;
    queue_counts(&waiting, &in_driver);
    assert_int_equal(waiting, 0);
    assert_int_equal(in_driver, 3);
    for (IWDFIoRequest *held; (held = testdrv_take_held()) != NULL;)
        IWDFIoRequest_CompleteWithInformation(held, S_OK, 0);
    for (uint64_t i = 0; i < 3; i++)
        assert_int_equal(status_of(&h, 200 + i), STATUS_SUCCESS);
    stop(&h);
}

static void no_locking_lets_callbacks_run_at_once(void **state)
{
    host_harness h;
    start(&h, parallel_unlocked);
    ioctl(&h, 300, TESTDRV_IOCTL_BLOCK);
    ioctl(&h, 301, TESTDRV_IOCTL_BLOCK);
    assert_int_equal(testdrv_wait_running(2, T), 0);
    testdrv_unblock();
    assert_int_equal(status_of(&h, 300), STATUS_SUCCESS);
    assert_int_equal(status_of(&h, 301), STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_MAX_CONCURRENT), 2);
    stop(&h);
}

static void device_level_locking_runs_one_callback_at_a_time(void **state)
{
    host_harness h;
    start(&h, parallel_locked);
    ioctl(&h, 310, TESTDRV_IOCTL_BLOCK);
    ioctl(&h, 311, TESTDRV_IOCTL_BLOCK);
    assert_int_equal(testdrv_wait_running(1, T), 0);
    harness_barrier(&h);
    ULONG waiting, in_driver;
    queue_counts(&waiting, &in_driver);
    assert_int_equal(in_driver, 2); /* both presented: the second waits for the device lock */
    assert_int_equal(testdrv_running(), 1);
    testdrv_unblock();
    assert_int_equal(status_of(&h, 310), STATUS_SUCCESS);
    assert_int_equal(status_of(&h, 311), STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_MAX_CONCURRENT), 1);
    stop(&h);
}

static void manual_queue_holds_requests_until_retrieved(void **state)
{
    host_harness h;
    start(&h, manual);
    ioctl(&h, 400, TESTDRV_IOCTL_ECHO);
    ioctl(&h, 401, TESTDRV_IOCTL_ECHO);
    harness_barrier(&h);
    ULONG waiting, in_driver;
    queue_counts(&waiting, &in_driver);
    assert_int_equal(waiting, 2);
    assert_int_equal(in_driver, 0);
    assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 0);

    IWDFIoRequest *r = NULL;
    assert_int_equal(IWDFIoQueue_RetrieveNextRequest(testdrv_queue(), &r), S_OK);
    ULONG code = 0;
    IWDFIoRequest_GetDeviceIoControlParameters(r, &code, NULL, NULL);
    assert_int_equal(code, TESTDRV_IOCTL_ECHO);
    IWDFIoRequest_CompleteWithInformation(r, S_OK, 0);
    IWDFIoRequest_Release(r);
    assert_int_equal(status_of(&h, 400), STATUS_SUCCESS);
    assert_int_equal(harness_count(&h, WUDF_MSG_COMPLETE, 401), 0);

    assert_int_equal(IWDFIoQueue_RetrieveNextRequest(testdrv_queue(), &r), S_OK);
    IWDFIoRequest_Complete(r, HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER));
    IWDFIoRequest_Release(r);
    assert_int_equal(status_of(&h, 401), STATUS_INVALID_PARAMETER);
    assert_int_equal(IWDFIoQueue_RetrieveNextRequest(testdrv_queue(), &r), HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS));
    assert_null(r);
    stop(&h);
}

static void retrieve_next_request_on_a_parallel_queue_is_refused(void **state)
{
    host_harness h;
    start(&h, parallel_unlocked);
    IWDFIoRequest *r = NULL;
    assert_int_equal(IWDFIoQueue_RetrieveNextRequest(testdrv_queue(), &r),
                     HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));
    stop(&h);
}

static void completion_reaches_the_channel_once_with_output(void **state)
{
    host_harness h;
    start(&h, sequential);
    const char text[] = "hello, driver";
    harness_irp(&h, 500, WUDF_IRP_MJ_DEVICE_CONTROL, 10, TESTDRV_IOCTL_ECHO, text, sizeof text, 5);
    const wudf_msg *m = harness_wait(&h, WUDF_MSG_COMPLETE, 500, T);
    assert_non_null(m);
    assert_int_equal(m->status, STATUS_SUCCESS);
    assert_int_equal(m->information, 5);
    assert_int_equal(m->payload_length, 5); /* never more than the caller's output buffer */
    assert_memory_equal(m->payload, "hello", 5);
    harness_barrier(&h);
    assert_int_equal(harness_count(&h, WUDF_MSG_COMPLETE, 500), 1);
    stop(&h);
}

static void double_completion_is_ignored_and_logged(void **state)
{
    host_harness h;
    start(&h, sequential);
    long bugs = wudf_driver_bug_count();
    ioctl(&h, 600, TESTDRV_IOCTL_DOUBLE_COMPLETE);
    assert_int_equal(status_of(&h, 600), STATUS_SUCCESS);
    assert_int_equal(testdrv_wait_idle(T), 0); /* the second completion has happened by then */
    harness_barrier(&h);
    assert_int_equal(harness_count(&h, WUDF_MSG_COMPLETE, 600), 1);
    assert_int_equal(wudf_driver_bug_count(), bugs + 1);
    /* The host carries on. */
    ioctl(&h, 601, TESTDRV_IOCTL_ECHO);
    assert_int_equal(status_of(&h, 601), STATUS_SUCCESS);
    stop(&h);
}

static void cancel_of_a_queued_request_completes_it_cancelled(void **state)
{
    host_harness h;
    start(&h, manual);
    ioctl(&h, 700, TESTDRV_IOCTL_ECHO);
    harness_barrier(&h);
    harness_cancel(&h, 700);
    assert_int_equal(status_of(&h, 700), STATUS_CANCELLED);
    assert_int_equal(testdrv_count(TESTDRV_ON_CANCEL), 0);
    ULONG waiting, in_driver;
    queue_counts(&waiting, &in_driver);
    assert_int_equal(waiting, 0);
    harness_cancel(&h, 700);      /* already answered: ignored */
    harness_cancel(&h, 123456);   /* never seen: ignored */
    harness_barrier(&h);
    assert_int_equal(harness_count(&h, WUDF_MSG_COMPLETE, 700), 1);
    stop(&h);
}

static void cancel_of_a_cancelable_request_runs_on_cancel(void **state)
{
    host_harness h;
    start(&h, sequential);
    ioctl(&h, 800, TESTDRV_IOCTL_HOLD_CANCELABLE);
    assert_int_equal(testdrv_wait_held(1, T), 0);
    harness_cancel(&h, 800);
    assert_int_equal(status_of(&h, 800), STATUS_CANCELLED);
    assert_int_equal(testdrv_count(TESTDRV_ON_CANCEL), 1);
    stop(&h);
}

static void unmark_cancelable_after_cancel_reports_operation_aborted(void **state)
{
    host_harness h;
    start(&h, sequential);
    testdrv_set_cancel_completes(0);
    ioctl(&h, 900, TESTDRV_IOCTL_HOLD_CANCELABLE);
    assert_int_equal(testdrv_wait_held(1, T), 0);
    harness_cancel(&h, 900);
    assert_int_equal(testdrv_wait_count(TESTDRV_ON_CANCEL, 1, T), 0);
    IWDFIoRequest *r = testdrv_take_held();
    assert_int_equal(IWDFIoRequest_UnmarkCancelable(r), HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
    IWDFIoRequest2 *r2 = NULL;
    assert_int_equal(IWDFIoRequest_QueryInterface(r, &IID_IWDFIoRequest2, (void **)&r2), S_OK);
    assert_true(IWDFIoRequest2_IsCanceled(r2));
    IWDFIoRequest2_Release(r2);
    IWDFIoRequest_Complete(r, HRESULT_FROM_NT(STATUS_CANCELLED));
    assert_int_equal(status_of(&h, 900), STATUS_CANCELLED);
    stop(&h);
}

static void mark_cancelable_after_cancel_runs_on_cancel_at_once(void **state)
{
    host_harness h;
    start(&h, sequential);
    ioctl(&h, 1000, TESTDRV_IOCTL_HOLD);
    assert_int_equal(testdrv_wait_held(1, T), 0);
    harness_cancel(&h, 1000);
    harness_barrier(&h);
    assert_int_equal(harness_count(&h, WUDF_MSG_COMPLETE, 1000), 0); /* remembered, not completed */
    IWDFIoRequest *r = testdrv_peek_held(0);
    IWDFIoRequest_MarkCancelable(r, testdrv_cancel_callback());
    assert_int_equal(testdrv_count(TESTDRV_ON_CANCEL), 1); /* ran inside MarkCancelable */
    assert_int_equal(status_of(&h, 1000), STATUS_CANCELLED);
    stop(&h);
}

static void zero_length_reads_complete_without_the_driver(void **state)
{
    host_harness h;
    start(&h, sequential);
    harness_irp(&h, 1100, WUDF_IRP_MJ_READ, 10, 0, NULL, 0, 0);
    harness_irp(&h, 1101, WUDF_IRP_MJ_WRITE, 10, 0, NULL, 0, 0);
    assert_int_equal(status_of(&h, 1100), STATUS_SUCCESS);
    assert_int_equal(status_of(&h, 1101), STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_ON_READ) + testdrv_count(TESTDRV_ON_WRITE), 0);
    stop(&h);

    static const char *const zero[] = {"zerolength", "1", NULL};
    start(&h, zero);
    harness_irp(&h, 1102, WUDF_IRP_MJ_READ, 10, 0, NULL, 0, 0);
    assert_int_equal(status_of(&h, 1102), STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_ON_READ), 1);
    stop(&h);
}

static void write_then_read_round_trips_through_request_memory(void **state)
{
    host_harness h;
    start(&h, sequential);
    harness_irp(&h, 1200, WUDF_IRP_MJ_WRITE, 10, 0, "abcdef", 6, 0);
    const wudf_msg *w = harness_wait(&h, WUDF_MSG_COMPLETE, 1200, T);
    assert_non_null(w);
    assert_int_equal(w->information, 6);
    assert_int_equal(w->payload_length, 0);
    harness_irp(&h, 1201, WUDF_IRP_MJ_READ, 10, 0, NULL, 0, 4);
    const wudf_msg *r = harness_wait(&h, WUDF_MSG_COMPLETE, 1201, T);
    assert_non_null(r);
    assert_int_equal(r->information, 4);
    assert_int_equal(r->payload_length, 4);
    assert_memory_equal(r->payload, "abcd", 4);
    stop(&h);
}

static void requests_for_unknown_files_or_without_queue_are_refused(void **state)
{
    host_harness h;
    start(&h, sequential);
    harness_irp(&h, 1300, WUDF_IRP_MJ_READ, 99, 0, NULL, 0, 4);
    assert_int_equal(status_of(&h, 1300), STATUS_INVALID_HANDLE);
    harness_irp(&h, 1301, WUDF_IRP_MJ_CLOSE, 99, 0, NULL, 0, 0);
    assert_int_equal(status_of(&h, 1301), STATUS_INVALID_HANDLE);
    ioctl(&h, 1302, 0x99999);
    assert_int_equal(status_of(&h, 1302), STATUS_INVALID_DEVICE_REQUEST);
    ioctl(&h, 1303, TESTDRV_IOCTL_FAIL);
    assert_int_equal(status_of(&h, 1303), STATUS_INVALID_PARAMETER);
    stop(&h);
}

static void send_to_the_default_target_completes_invalid_device_request(void **state)
{
    host_harness h;
    start(&h, sequential);
    ioctl(&h, 1400, TESTDRV_IOCTL_SEND);
    assert_int_equal(status_of(&h, 1400), STATUS_INVALID_DEVICE_REQUEST);
    stop(&h);
}

static void purge_cancels_waiting_requests_and_reports_state_change(void **state)
{
    host_harness h;
    start(&h, manual);
    ioctl(&h, 1500, TESTDRV_IOCTL_ECHO);
    ioctl(&h, 1501, TESTDRV_IOCTL_ECHO);
    harness_barrier(&h);
    IWDFIoQueue_PurgeSynchronously(testdrv_queue());
    assert_int_equal(status_of(&h, 1500), STATUS_CANCELLED);
    assert_int_equal(status_of(&h, 1501), STATUS_CANCELLED);
    /* A purged queue takes nothing new until started again. */
    ioctl(&h, 1502, TESTDRV_IOCTL_ECHO);
    assert_int_equal(status_of(&h, 1502), STATUS_INVALID_DEVICE_STATE);
    IWDFIoQueue_Start(testdrv_queue());
    IWDFIoQueue_Stop(testdrv_queue(), testdrv_queue_callback_state());
    assert_int_equal(testdrv_wait_count(TESTDRV_ON_STATE_CHANGE, 1, T), 0);
    stop(&h);
}

static void stop_cancels_what_waits_and_completes_what_the_driver_holds(void **state)
{
    host_harness h;
    start(&h, sequential);
    ioctl(&h, 1600, TESTDRV_IOCTL_HOLD_CANCELABLE);
    assert_int_equal(testdrv_wait_held(1, T), 0);
    ioctl(&h, 1601, TESTDRV_IOCTL_ECHO); /* waits behind the held one */
    harness_barrier(&h);
    assert_int_equal(harness_stop_only(&h), 0);
    assert_int_equal(status_of(&h, 1601), STATUS_CANCELLED);
    assert_int_equal(status_of(&h, 1600), STATUS_CANCELLED);
    assert_int_equal(testdrv_count(TESTDRV_ON_CANCEL), 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_D0_EXIT), 1);
    /* WDF's D0 entry and exit call the interrupt callbacks though there are no interrupts. */
    assert_int_equal(testdrv_count(TESTDRV_ON_POST_INTERRUPTS_ENABLED), 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_PRE_INTERRUPTS_DISABLED), 1);
    assert_int_equal(testdrv_count(TESTDRV_ON_CLOSE_FILE), 1); /* the file left open */
    harness_destroy(&h);
    assert_int_equal(testdrv_callback_references(), 0);
}

/* An ioctl of file with its place in the file's order, as a file with a ring sends it. */
static void numbered_ioctl_of(host_harness *h, uint32_t file, uint64_t irp, uint64_t sequence)
{
    wudf_msg m;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_DEVICE_CONTROL, file, TESTDRV_IOCTL_ECHO, NULL, 0, 0);
    m.irp_id = irp;
    m.device_id = 7;
    m.information = sequence;
    wudf_host_submit(h->host, &m);
}

/* The same for file 10, the one start() opens. */
static void numbered_ioctl(host_harness *h, uint64_t irp, uint64_t sequence)
{
    numbered_ioctl_of(h, 10, irp, sequence);
}

/* The next request of the manual queue, once what was sent has been dispatched; completed. */
static uint64_t retrieve_irp(host_harness *h)
{
    harness_barrier(h);
    IWDFIoRequest *r = NULL;
    assert_int_equal(IWDFIoQueue_RetrieveNextRequest(testdrv_queue(), &r), S_OK);
    uint64_t irp = wudf_request_from(r)->irp_id;
    IWDFIoRequest_CompleteWithInformation(r, S_OK, 0);
    IWDFIoRequest_Release(r);
    return irp;
}

static void numbered_requests_reach_the_queue_in_their_files_order(void **state)
{
    host_harness h;
    start(&h, manual);
    numbered_ioctl(&h, 1703, 3);
    numbered_ioctl(&h, 1702, 2);
    harness_barrier(&h);
    ULONG waiting, in_driver;
    queue_counts(&waiting, &in_driver);
    assert_int_equal(waiting, 0); /* parked until the first arrives */
    numbered_ioctl(&h, 1701, 1);
    harness_barrier(&h);
    queue_counts(&waiting, &in_driver);
    assert_int_equal(waiting, 3);
    for (uint64_t irp = 1701; irp <= 1703; irp++) {
        assert_int_equal(retrieve_irp(&h), irp);
        assert_int_equal(status_of(&h, irp), STATUS_SUCCESS);
    }
    /* A place already taken, or one too far ahead, is refused. */
    numbered_ioctl(&h, 1704, 2);
    numbered_ioctl(&h, 1705, 4 + WUDF_SEQUENCE_WINDOW);
    assert_int_equal(status_of(&h, 1704), STATUS_INVALID_PARAMETER);
    assert_int_equal(status_of(&h, 1705), STATUS_INVALID_PARAMETER);
    numbered_ioctl(&h, 1706, 4);
    assert_int_equal(retrieve_irp(&h), 1706);
    stop(&h);
}

static void parked_requests_complete_at_their_cancel_the_cleanup_and_the_stop(void **state)
{
    host_harness h;
    start(&h, manual);
    numbered_ioctl(&h, 1802, 2);
    numbered_ioctl(&h, 1803, 3);
    harness_barrier(&h);
    harness_cancel(&h, 1802);
    assert_int_equal(status_of(&h, 1802), STATUS_CANCELLED);
    /* Its place is kept: the first comes, and the third follows it. */
    numbered_ioctl(&h, 1801, 1);
    assert_int_equal(retrieve_irp(&h), 1801);
    assert_int_equal(retrieve_irp(&h), 1803);
    assert_int_equal(harness_count(&h, WUDF_MSG_COMPLETE, 1802), 1);

    /* The cleanup cancels what is still parked; what comes after it goes straight to the queue. */
    numbered_ioctl(&h, 1806, 6);
    harness_irp(&h, 1807, WUDF_IRP_MJ_CLEANUP, 10, 0, NULL, 0, 0);
    assert_int_equal(status_of(&h, 1807), STATUS_SUCCESS);
    assert_int_equal(status_of(&h, 1806), STATUS_CANCELLED);
    numbered_ioctl(&h, 1809, 9);
    assert_int_equal(retrieve_irp(&h), 1809);

    /* A stop does not wait for a request parked on a file still open. */
    assert_int_equal(harness_open(&h, 1810, 11, "\\y"), STATUS_SUCCESS);
    numbered_ioctl_of(&h, 11, 1812, 2);
    harness_barrier(&h);
    assert_int_equal(harness_stop_only(&h), 0);
    assert_int_equal(status_of(&h, 1812), STATUS_CANCELLED);
    assert_int_equal(h.host->abandoned_count, 0); /* not left to the stop timeout */
    harness_destroy(&h);
    assert_int_equal(testdrv_callback_references(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sequential_queue_presents_one_request_at_a_time),
        cmocka_unit_test(parallel_queue_presents_requests_as_they_arrive),
        cmocka_unit_test(no_locking_lets_callbacks_run_at_once),
        cmocka_unit_test(device_level_locking_runs_one_callback_at_a_time),
        cmocka_unit_test(manual_queue_holds_requests_until_retrieved),
        cmocka_unit_test(retrieve_next_request_on_a_parallel_queue_is_refused),
        cmocka_unit_test(completion_reaches_the_channel_once_with_output),
        cmocka_unit_test(double_completion_is_ignored_and_logged),
        cmocka_unit_test(cancel_of_a_queued_request_completes_it_cancelled),
        cmocka_unit_test(cancel_of_a_cancelable_request_runs_on_cancel),
        cmocka_unit_test(unmark_cancelable_after_cancel_reports_operation_aborted),
        cmocka_unit_test(mark_cancelable_after_cancel_runs_on_cancel_at_once),
        cmocka_unit_test(zero_length_reads_complete_without_the_driver),
        cmocka_unit_test(write_then_read_round_trips_through_request_memory),
        cmocka_unit_test(requests_for_unknown_files_or_without_queue_are_refused),
        cmocka_unit_test(send_to_the_default_target_completes_invalid_device_request),
        cmocka_unit_test(purge_cancels_waiting_requests_and_reports_state_change),
        cmocka_unit_test(stop_cancels_what_waits_and_completes_what_the_driver_holds),
        cmocka_unit_test(numbered_requests_reach_the_queue_in_their_files_order),
        cmocka_unit_test(parked_requests_complete_at_their_cancel_the_cleanup_and_the_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
