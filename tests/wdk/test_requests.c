/*
 * The requests sample driver (tests/wdk/requests), written for the WDK and installed from its
 * stamped INF (UmdfImpersonationLevel = Impersonation) into the real reflector:
 *   - Impersonate runs OnImpersonate before it returns at Identification and Impersonation, and
 *     refuses Delegation with ERROR_BAD_IMPERSONATION_LEVEL, a bad level or no callback with
 *     E_INVALIDARG and a driver-created request with STATUS_INVALID_DEVICE_REQUEST; the host logs
 *     that the identity did not change;
 *   - a request of CreateRequest sent to the default target, reused in its OnCompletion (status,
 *     completion params reset; activity id kept) and sent again: both completions seen, with the
 *     root PDO's STATUS_INVALID_DEVICE_REQUEST; a Reuse of a request not yet completed is a logged
 *     driver bug that changes nothing; IWDFIoRequest3's marks read back;
 *   - CreateWdfFile below a root-enumerated device is refused as the root PDO refuses a create;
 *     a name with a path separator is an invalid argument;
 *   - PostEvent: the reflector logs and counts each broadcast event (one of the largest size
 *     allowed included); WdfEventReserved and too much data are refused in the host;
 *   - work items: with AutomaticSerialization the item runs only after the ioctl callback that
 *     enqueued it returns, and completes that request; without it, the item runs meanwhile; Flush
 *     waits for the item; a deleted item does not run again; an item dies with its parent; a bad
 *     config or parent is refused;
 *   - IPnpCallbackHardware2 is called instead of IPnpCallbackHardware, with empty resource lists,
 *     and gets OnReleaseHardware when the device is disabled;
 *   - the client's file object answers IWDFFile2 and IWDFFile3 and has no related file object;
 *   - PnP capabilities set before CreateDevice and PnP states read back as set (WdfUseDefault when
 *     never set); CommitPnpState logs them; RetrieveDeviceName gives a \Device\ name; a link made
 *     with a reference string opens the device, which gets \<reference> (and what follows the link)
 *     as the file name, and one whose reference string holds a backslash is refused; the last
 *     AutoForwardCreateCleanupClose (WdfFalse) keeps opens in the framework;
 *   - SetInformation's count is what Complete returns to the client;
 *   - the completion parameters of a driver-created read, write, I/O control and flush (IWDFIoTarget2)
 *     name the memory and code each was formatted with; GetTargetFile of the default target is NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "requests_ioctl.h"

#define T 10000
#define DEVICE "ROOT\\WDKREQUESTS\\0000"
#define LINK "\\\\.\\WdkRequests0"
#define HR_S_OK 0
#define HR_S_FALSE 1
#define HR_E_INVALIDARG ((int32_t)0x80070057u)
#define HR_BAD_IMPERSONATION_LEVEL ((int32_t)0x80070542u) /* HRESULT_FROM_WIN32(ERROR_BAD_IMPERSONATION_LEVEL) */
#define HR_NOT_FOUND ((int32_t)0x80070490u)               /* HRESULT_FROM_WIN32(ERROR_NOT_FOUND) */
#define HR_NOT_ENOUGH_MEMORY ((int32_t)0x80070008u)       /* HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY) */
#define HR_INVALID_DEVICE_REQUEST ((int32_t)0xD0000010u)  /* HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST) */
/* WDF_TRI_STATE and WDF_REQUEST_TYPE (wudfddi.h's numbers). */
#define TRI_USE_DEFAULT 0
#define TRI_FALSE 1
#define TRI_TRUE 2
#define WDF_REQUEST_READ 3
#define WDF_REQUEST_WRITE 4
#define WDF_REQUEST_DEVICE_IO_CONTROL 5
#define WDF_REQUEST_FLUSH_BUFFERS 11

static harness the_harness;

static int start(void **state)
{
    if (harness_start(&the_harness, NULL))
        return -1;
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", REQUESTS_INF, NULL);
    int32_t st = harness_tool_kv(&the_harness, &req, &reply);
    const char *device = wudf_kv_get(&reply, "device");
    if (st < 0 || !device || strcmp(device, DEVICE) != 0)
        fprintf(stderr, "install %s: 0x%08x %s\n", REQUESTS_INF, (unsigned)st, wudf_kv_get(&reply, "message"));
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    *state = &the_harness;
    return st < 0 ? -1 : 0;
}

static int stop(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000);
    harness_cleanup(h);
    return rc == 0 ? 0 : -1;
}

/* One ioctl on a fresh handle; asserts that it succeeded and filled out exactly. */
static void call(harness *h, uint32_t code, const void *in, uint32_t in_size, void *out, uint32_t out_size)
{
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, LINK, T, &f), 0);
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, code, in, in_size, out, out_size, &n, T), 0);
    assert_int_equal(n, out_size);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static REQUESTS_IMPERSONATE_OUT impersonate(harness *h, uint32_t level)
{
    REQUESTS_IMPERSONATE_OUT out;
    memset(&out, 0xAA, sizeof out);
    call(h, IOCTL_REQUESTS_IMPERSONATE, &level, sizeof level, &out, sizeof out);
    return out;
}

static void impersonate_runs_the_callback_up_to_the_inf_level(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    REQUESTS_IMPERSONATE_OUT out = impersonate(h, 1); /* SecurityIdentification */
    assert_int_equal(out.Hr, HR_S_OK);
    assert_int_equal(out.CalledBeforeReturn, 1);
    out = impersonate(h, 2); /* SecurityImpersonation: what the INF allows */
    assert_int_equal(out.Hr, HR_S_OK);
    assert_int_equal(out.CalledBeforeReturn, 1);
    assert_int_equal(harness_wait_log(h, "level=Impersonation allowed=Impersonation identity=host-unchanged", mark, T),
                     0);
    out = impersonate(h, 3); /* SecurityDelegation: beyond it */
    assert_int_equal(out.Hr, HR_BAD_IMPERSONATION_LEVEL);
    assert_int_equal(out.CalledBeforeReturn, 0);
    assert_int_equal(harness_wait_log(h, "event=impersonate-refused", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "level=Delegation allowed=Impersonation", mark, T), 0);

    REQUESTS_IMPERSONATE_MISUSE_OUT misuse;
    call(h, IOCTL_REQUESTS_IMPERSONATE_MISUSE, NULL, 0, &misuse, sizeof misuse);
    assert_int_equal(misuse.NoCallbackHr, HR_E_INVALIDARG);
    assert_int_equal(misuse.BadLevelHr, HR_E_INVALIDARG);
    assert_int_equal(misuse.DriverCreatedHr, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(misuse.Called, 0);
}

static void a_driver_created_request_is_sent_reused_and_sent_again(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    REQUESTS_REUSE_OUT out;
    call(h, IOCTL_REQUESTS_REUSE, NULL, 0, &out, sizeof out);
    /* Nothing lies below a root-enumerated device: each send completes with the root PDO's answer. */
    assert_int_equal(out.FirstSendHr, HR_S_OK);
    assert_int_equal(out.FirstStatus, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(out.SecondSendHr, HR_S_OK);
    assert_int_equal(out.SecondStatus, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(out.Contexts, 0x12);
    /* Reuse(S_FALSE): the new status, no completion params left; the activity id stays. */
    assert_int_equal(out.StatusAfterReuse, HR_S_FALSE);
    assert_int_equal(out.ParamsAfterReuse, 0);
    assert_int_equal(out.ActivityBeforeSetHr, HR_NOT_FOUND);
    assert_int_equal(out.ActivityAfterReuseHr, HR_S_OK);
    assert_int_equal(out.ActivitySame, 1);
    assert_int_equal(out.UmdfInitiated, 1);
    /* The Reuse of the client's request before its completion was refused, and it completed anyway. */
    assert_int_equal(harness_wait_log(h, "bug=reuse-before-completion", mark, T), 0);
}

static void a_file_below_a_root_device_is_refused_as_the_root_pdo_refuses_a_create(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    REQUESTS_CREATE_FILE_OUT out;
    call(h, IOCTL_REQUESTS_CREATE_FILE, NULL, 0, &out, sizeof out);
    assert_int_equal(out.BadNameHr, HR_E_INVALIDARG);
    assert_int_equal(out.CreateHr, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(out.FileReturned, 0);
    assert_int_equal(harness_wait_log(h, "below=root-pdo status=STATUS_INVALID_DEVICE_REQUEST", mark, T), 0);
}

static void posted_events_are_logged_and_counted_by_the_reflector(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    REQUESTS_POST_EVENT_OUT out;
    call(h, IOCTL_REQUESTS_POST_EVENT, "hello", 5, &out, sizeof out);
    assert_int_equal(out.PostHr, HR_S_OK);
    assert_int_equal(out.MaxSizeHr, HR_S_OK);
    assert_int_equal(out.ReservedTypeHr, HR_E_INVALIDARG);
    assert_int_equal(out.TooBigHr, HR_NOT_ENOUGH_MEMORY);
    assert_int_equal(harness_wait_log(h, "event=custom-event device=" DEVICE " guid=" REQUESTS_EVENT_GUID_TEXT
                                         " type=broadcast size=5 ", mark, T),
                     0);
    assert_int_equal(harness_wait_log(h, "event=custom-event device=" DEVICE " guid=" REQUESTS_EVENT_GUID_TEXT
                                         " type=broadcast size=65499 ", mark, T),
                     0);
    harness_log_sync(h);
    assert_int_equal(harness_log_count(h, "event=custom-event-refused", 0), 0);
    assert_int_equal(harness_field_number(h, DEVICE, "custom_events"), 2);
    char guid[64];
    harness_field(h, DEVICE, "last_custom_event", guid, sizeof guid);
    assert_string_equal(guid, REQUESTS_EVENT_GUID_TEXT);
}

static void a_serialized_work_item_runs_after_the_callback_and_completes_its_request(void **state)
{
    harness *h = *state;
    REQUESTS_WORKITEM_OUT out;
    call(h, IOCTL_REQUESTS_WORKITEM_SERIALIZED, NULL, 0, &out, sizeof out);
    assert_int_equal(out.RanInsideIoctl, 0);
    assert_int_equal(out.WaitTimedOut, 1);
    assert_int_equal(out.ParentIsDevice, 1);
    assert_int_equal(out.ContextFound, 1);
}

static void a_work_item_without_serialization_runs_beside_the_callback(void **state)
{
    harness *h = *state;
    REQUESTS_WORKITEM_OUT out;
    call(h, IOCTL_REQUESTS_WORKITEM_CONCURRENT, NULL, 0, &out, sizeof out);
    assert_int_equal(out.RanInsideIoctl, 1);
    assert_int_equal(out.WaitTimedOut, 0);
    assert_int_equal(out.ParentIsDevice, 1);
    assert_int_equal(out.ContextFound, 1);
}

static void flush_waits_for_the_item_and_an_item_dies_with_its_parent(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    REQUESTS_FLUSH_OUT out;
    call(h, IOCTL_REQUESTS_WORKITEM_FLUSH, NULL, 0, &out, sizeof out);
    assert_int_equal(out.RunsBeforeEnqueue, 0);
    assert_int_equal(out.RunsAfterFirst, 1);
    assert_int_equal(out.RunsAfterSecond, 2);
    assert_int_equal(out.RunsAfterDelete, 2);
    assert_int_equal(out.ParentIsRequest, 1);
    assert_int_equal(out.CleanedWithParent, 1);
    assert_int_equal(out.BadSizeHr, HR_E_INVALIDARG);
    assert_int_equal(out.BadParentHr, HR_E_INVALIDARG);
    assert_int_equal(harness_wait_log(h, "bug=workitem-enqueue-after-delete", mark, T), 0);
}

static void the_client_file_answers_iwdffile2_and_iwdffile3(void **state)
{
    harness *h = *state;
    REQUESTS_FILE_OUT out;
    call(h, IOCTL_REQUESTS_FILE, NULL, 0, &out, sizeof out);
    assert_int_equal(out.File2, 1);
    assert_int_equal(out.File3, 1);
    assert_int_equal(out.InitiatorProcessId, (uint32_t)uv_os_getpid()); /* the reflector passes the opener's on */
    assert_true(out.CountedNameLength >= 1);
    assert_int_equal(out.RelatedIsNull, 1); /* a plain open has no related file */
}

static void the_device_keeps_its_pnp_capabilities_and_has_a_name(void **state)
{
    harness *h = *state;
    REQUESTS_DEVICE_OUT out;
    call(h, IOCTL_REQUESTS_DEVICE, NULL, 0, &out, sizeof out);
    assert_int_equal(out.CapSurpriseRemovalOk, TRI_TRUE);
    assert_int_equal(out.CapRemovable, TRI_FALSE);
    assert_int_equal(out.CapNoDisplayInUI, TRI_USE_DEFAULT);
    assert_int_equal(out.CapInvalid, TRI_USE_DEFAULT);
    assert_int_equal(out.NameHr, HR_S_OK);
    out.Name[sizeof out.Name - 1] = '\0';
    assert_int_equal(strncmp(out.Name, "\\Device\\", 8), 0);
    assert_int_equal(out.NameLength, strlen(out.Name) + 1);
    /* A size query (NULL buffer, length 0) succeeds with the characters needed, NUL included (Learn). */
    assert_int_equal(out.SizeQueryHr, HR_S_OK);
    assert_int_equal(out.SizeQueryLength, out.NameLength);
    assert_int_equal(out.ReferenceLinkHr, HR_S_OK);
    assert_int_equal(out.SecondReferenceLinkHr, HR_S_OK);
    /* A reference string is one name under the device: one with a backslash is refused. */
    assert_int_equal(out.BadReferenceHr, HR_E_INVALIDARG);
}

/* The file name the driver's IWDFFile gives for an open of name. */
static void file_name_of_open(harness *h, const char *name, char *file_name, size_t size)
{
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, name, T, &f), 0);
    REQUESTS_FILE_OUT out;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_REQUESTS_FILE, NULL, 0, &out, sizeof out, &n, T), 0);
    assert_int_equal(n, sizeof out);
    assert_int_equal(out.File2, 1);
    assert_int_equal(out.NameHr, HR_S_OK);
    out.Name[sizeof out.Name - 1] = '\0';
    snprintf(file_name, size, "%s", out.Name);
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* A link made with a reference string opens \Device\<name>\<reference>: the driver gets \<reference>,
 * and what follows the link after it, as the file name (Learn, CreateSymbolicLinkWithReferenceString);
 * each link its own. The plain link and the instance id give no name. */
static void a_link_with_a_reference_string_opens_the_device(void **state)
{
    harness *h = *state;
    char name[REQUESTS_FILE_NAME_CHARS];
    file_name_of_open(h, "\\\\.\\" REQUESTS_REFERENCE_LINK, name, sizeof name);
    assert_string_equal(name, "\\" REQUESTS_REFERENCE);
    file_name_of_open(h, "\\\\.\\" REQUESTS_REFERENCE_LINK "\\sub", name, sizeof name);
    assert_string_equal(name, "\\" REQUESTS_REFERENCE "\\sub");
    file_name_of_open(h, "\\\\.\\" REQUESTS_SECOND_REFERENCE_LINK "\\sub", name, sizeof name);
    assert_string_equal(name, "\\" REQUESTS_SECOND_REFERENCE "\\sub");
    file_name_of_open(h, LINK "\\sub", name, sizeof name);
    assert_string_equal(name, "\\sub");
    file_name_of_open(h, LINK, name, sizeof name);
    assert_string_equal(name, "");
    file_name_of_open(h, DEVICE, name, sizeof name);
    assert_string_equal(name, "");
}

static void pnp_states_are_kept_and_committed_to_the_log(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    REQUESTS_PNP_STATE_OUT out;
    call(h, IOCTL_REQUESTS_PNP_STATE, NULL, 0, &out, sizeof out);
    assert_int_equal(out.NotDisableable, TRI_TRUE);
    assert_int_equal(out.DontDisplayInUI, TRI_FALSE);
    assert_int_equal(out.Failed, TRI_USE_DEFAULT);
    assert_int_equal(out.Invalid, TRI_USE_DEFAULT);
    assert_int_equal(harness_wait_log(h, "event=pnp-state", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "failed=0 removed=0 resources_changed=0 dont_display_in_ui=1 not_disableable=2",
                                      mark, T),
                     0);
}

/* SetInformation then Complete: the client gets that many bytes. */
static void set_information_gives_the_bytes_complete_returns(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, LINK, T, &f), 0);
    uint8_t out[16];
    memset(out, 0, sizeof out);
    uint32_t count = 5, n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_REQUESTS_SET_INFORMATION, &count, sizeof count, out, sizeof out, &n, T), 0);
    assert_int_equal(n, 5);
    for (unsigned i = 0; i < 5; i++)
        assert_int_equal(out[i], REQUESTS_FILL);
    count = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_REQUESTS_SET_INFORMATION, &count, sizeof count, out, sizeof out, &n, T), 0);
    assert_int_equal(n, 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* Below a root-enumerated device nothing takes I/O: each send ends with STATUS_INVALID_DEVICE_REQUEST,
 * and its completion parameters name what it was formatted with. */
static void completion_params_give_back_what_each_request_was_formatted_with(void **state)
{
    harness *h = *state;
    REQUESTS_PARAMS_OUT out;
    call(h, IOCTL_REQUESTS_COMPLETION_PARAMS, NULL, 0, &out, sizeof out);
    assert_int_equal(out.ReadStatus, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(out.ReadType, WDF_REQUEST_READ);
    assert_int_equal(out.ReadMemorySame, 1);
    assert_int_equal(out.ReadBytes, 0);
    assert_int_equal(out.WriteStatus, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(out.WriteType, WDF_REQUEST_WRITE);
    assert_int_equal(out.WriteMemorySame, 1);
    assert_int_equal(out.WriteBytes, 0);
    assert_int_equal(out.IoctlStatus, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(out.IoctlType, WDF_REQUEST_DEVICE_IO_CONTROL);
    assert_int_equal(out.IoctlCode, IOCTL_REQUESTS_COMPLETION_PARAMS);
    assert_int_equal(out.IoctlInputSame, 1);
    assert_int_equal(out.IoctlOutputSame, 1);
    assert_int_equal(out.IoctlBytes, 0);
    assert_int_equal(out.OtherTypesEmpty, 1);
    assert_int_equal(out.FlushFormatHr, HR_S_OK);
    assert_int_equal(out.FlushStatus, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(out.FlushType, WDF_REQUEST_FLUSH_BUFFERS);
    assert_int_equal(out.TargetFileIsNull, 1);
}

/* Last: it disables the device. */
static void hardware2_gets_empty_resource_lists_and_the_release(void **state)
{
    harness *h = *state;
    REQUESTS_HARDWARE_OUT out;
    call(h, IOCTL_REQUESTS_HARDWARE, NULL, 0, &out, sizeof out);
    assert_int_equal(out.Prepare2Calls, 1);
    assert_int_equal(out.Prepare1Calls, 0);
    assert_int_equal(out.RawCount, 0);
    assert_int_equal(out.TranslatedCount, 0);
    assert_int_equal(out.DescriptorIsNull, 1);
    assert_int_equal(out.InstanceIdRead, 1);
    assert_int_equal(harness_wait_log(h, "msg=\"prepared hardware: 0 raw, 0 translated resources\"", 0, T), 0);
    size_t mark = harness_log_mark(h);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "disable", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    assert_int_equal(harness_wait_log(h, "msg=\"released hardware: 0 translated resources\"", mark, T), 0);
    assert_int_equal(harness_log_count(h, "IPnpCallbackHardware::OnReleaseHardware called", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(impersonate_runs_the_callback_up_to_the_inf_level),
        cmocka_unit_test(a_driver_created_request_is_sent_reused_and_sent_again),
        cmocka_unit_test(a_file_below_a_root_device_is_refused_as_the_root_pdo_refuses_a_create),
        cmocka_unit_test(posted_events_are_logged_and_counted_by_the_reflector),
        cmocka_unit_test(a_serialized_work_item_runs_after_the_callback_and_completes_its_request),
        cmocka_unit_test(a_work_item_without_serialization_runs_beside_the_callback),
        cmocka_unit_test(flush_waits_for_the_item_and_an_item_dies_with_its_parent),
        cmocka_unit_test(the_client_file_answers_iwdffile2_and_iwdffile3),
        cmocka_unit_test(the_device_keeps_its_pnp_capabilities_and_has_a_name),
        cmocka_unit_test(a_link_with_a_reference_string_opens_the_device),
        cmocka_unit_test(pnp_states_are_kept_and_committed_to_the_log),
        cmocka_unit_test(set_information_gives_the_bytes_complete_returns),
        cmocka_unit_test(completion_params_give_back_what_each_request_was_formatted_with),
        cmocka_unit_test(hardware2_gets_empty_resource_lists_and_the_release),
    };
    return cmocka_run_group_tests_name("wdk_requests", tests, start, stop);
}
