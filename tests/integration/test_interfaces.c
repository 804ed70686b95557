/*
 * Finding a device by its interface class, as a Windows program does with SetupDiGetClassDevs or
 * CM_Get_Device_Interface_List and CreateFile: the real reflector with echo (which publishes its
 * interface), the C++ sample (none) and the WDK-style sample (its own class, with the reference
 * string "wdk") installed. The client library lists by GUID, present only or every registered one
 * (after a disable, and after the reflector starts again), the path opens the device for I/O, a
 * malformed GUID is refused, wudfctl shows the list as a table and as JSON, and another user does
 * not see the interfaces of a device it may not open (as root on Linux).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "echo_ioctl.h"
#include "fixture.h"
#include "platform.h"
#include "wdksample_ioctl.h"

#ifndef _WIN32
#include <pwd.h>
#include <unistd.h>
#endif

#define T 10000
#define ECHO_ID "ROOT\\ECHO\\0000"
#define WDK_GUID "{B1E7D5A2-3C84-4E9F-8A6B-0D2F4C6E8A10}"
#define ECHO_PATH "\\\\?\\ROOT#ECHO#0000#" ECHO_INTERFACE_GUID_TEXT
#define WDK_PATH "\\\\?\\ROOT#WDKSAMPLE#0000#" WDK_GUID "\\wdk"

static harness the_harness;

/* The multi-string of wudf_get_device_interface_list as lines ("" for an empty list); the status. */
static wudf_status list(wudf_client *c, const char *guid, uint32_t flags, char *text, size_t size)
{
    char buffer[4096];
    uint32_t required = 0;
    wudf_status st = wudf_get_device_interface_list(c, guid, flags, NULL, 0, &required, T);
    if (st < 0)
        return st;
    assert_true(required >= 1 && required <= sizeof buffer);
    uint32_t again = 0;
    st = wudf_get_device_interface_list(c, guid, flags, buffer, sizeof buffer, &again, T);
    assert_int_equal(st, WUDF_STATUS_SUCCESS);
    assert_int_equal(again, required);
    assert_int_equal(buffer[required - 1], '\0');
    text[0] = '\0';
    for (const char *p = buffer; *p; p += strlen(p) + 1) {
        size_t n = strlen(text);
        snprintf(text + n, size - n, "%s%s", n ? "\n" : "", p);
    }
    return st;
}

/* Runs wudfctl against this harness's reflector; its exit status, its output in child->buffer. */
static int wudfctl(harness *h, harness_child *child, const char *a1, const char *a2, const char *a3)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", h->bin, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--endpoint", h->endpoint, a1, a2, a3, NULL};
    return harness_run_capture(child, args, 30000);
}

static void the_present_interfaces_of_a_class_and_their_paths_open_the_devices(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    char text[4096];
    assert_int_equal(list(c, ECHO_INTERFACE_GUID_TEXT, WUDF_INTERFACE_LIST_PRESENT, text, sizeof text), 0);
    assert_string_equal(text, ECHO_PATH);
    /* braces left out, lower case: the same class */
    assert_int_equal(list(c, "6e3b2a9c-41d7-4f0b-9a35-7c18e2d4b6f1", WUDF_INTERFACE_LIST_PRESENT, text, sizeof text),
                     0);
    assert_string_equal(text, ECHO_PATH);
    assert_int_equal(list(c, WDK_GUID, WUDF_INTERFACE_LIST_PRESENT, text, sizeof text), 0);
    assert_string_equal(text, WDK_PATH);

    /* too small a buffer: the size it needs, and an empty list in it */
    char small[8] = "xxxxxxx";
    uint32_t required = 0;
    assert_int_equal(wudf_get_device_interface_list(c, ECHO_INTERFACE_GUID_TEXT, 0, small, sizeof small, &required, T),
                     WUDF_STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(required, strlen(ECHO_PATH) + 2);
    assert_int_equal(small[0], '\0');

    /* the path opens echo: bytes written come back */
    wudf_handle f;
    uint32_t n = 0;
    char back[16] = "";
    assert_int_equal(wudf_open(c, ECHO_PATH, T, &f), 0);
    assert_int_equal(wudf_write(c, f, "by-interface", 12, 0, &n, T), 0);
    assert_int_equal(n, 12);
    assert_int_equal(wudf_read(c, f, back, sizeof back, 0, &n, T), 0);
    assert_int_equal(n, 12);
    assert_memory_equal(back, "by-interface", 12);
    assert_int_equal(wudf_close(c, f), 0);
    /* and the WDK-style sample's, through its reference string (the driver's file name: test_tool_interface) */
    char id[64];
    assert_int_equal(wudf_open(c, WDK_PATH, T, &f), 0);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_WDKSAMPLE_IDENTIFY, NULL, 0, id, sizeof id, &n, T), 0);
    assert_int_equal(n, strlen("ROOT\\WDKSAMPLE\\0000"));
    assert_memory_equal(id, "ROOT\\WDKSAMPLE\\0000", n);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void a_malformed_guid_is_refused(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    static const char *const bad[] = {"not-a-guid", "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F}",
                                      "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6FG}", ECHO_ID, ""};
    char buffer[64];
    uint32_t required = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(wudf_get_device_interface_list(c, bad[i], 0, buffer, sizeof buffer, &required, T),
                         WUDF_STATUS_INVALID_PARAMETER);
    /* unknown flags, a length without a buffer */
    assert_int_equal(
        wudf_get_device_interface_list(c, ECHO_INTERFACE_GUID_TEXT, 2, buffer, sizeof buffer, &required, T),
        WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(wudf_get_device_interface_list(c, ECHO_INTERFACE_GUID_TEXT, 0, NULL, 8, &required, T),
                     WUDF_STATUS_INVALID_PARAMETER);
    /* the connection is still good */
    char text[512];
    assert_int_equal(list(c, ECHO_INTERFACE_GUID_TEXT, 0, text, sizeof text), 0);
    assert_string_equal(text, ECHO_PATH);
    wudf_disconnect(c);
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "interfaces", "{6E3B2A9C}", NULL), 2);
    assert_non_null(strstr(out.buffer, "is not like {"));
}

static void wudfctl_shows_the_interfaces_as_a_table_and_as_json(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "interfaces", ECHO_INTERFACE_GUID_TEXT, NULL), 0);
    assert_non_null(strstr(out.buffer, "INTERFACE"));
    assert_non_null(strstr(out.buffer, ECHO_PATH "  " ECHO_ID "  started  yes"));
    assert_null(strstr(out.buffer, "WDKSAMPLE"));
    /* every class: echo's and the WDK sample's, nothing of the C++ sample's */
    assert_int_equal(wudfctl(h, &out, "interfaces", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, ECHO_PATH));
    assert_non_null(strstr(out.buffer, WDK_PATH));
    assert_null(strstr(out.buffer, "CPPSAMPLE"));
    assert_int_equal(wudfctl(h, &out, "--json", "interfaces", ECHO_INTERFACE_GUID_TEXT), 0);
    assert_non_null(strstr(out.buffer, "{\"version\":1,\"command\":\"interfaces\",\"ok\":true,"));
    assert_non_null(strstr(out.buffer, "\"status\":\"0x00000000\",\"status_name\":\"STATUS_SUCCESS\""));
    assert_non_null(strstr(out.buffer, "\"interfaces\":[{"
                                       "\"interface\":\"\\\\\\\\?\\\\ROOT#ECHO#0000#" ECHO_INTERFACE_GUID_TEXT "\","
                                       "\"guid\":\"" ECHO_INTERFACE_GUID_TEXT "\",\"device\":\"ROOT\\\\ECHO\\\\0000\","
                                       "\"state\":\"started\",\"enabled\":true}]}"));
    assert_int_equal(wudfctl(h, &out, "interfaces", "{00000000-0000-0000-0000-000000000000}", NULL), 0);
    assert_non_null(strstr(out.buffer, "no device interface of class {00000000-0000-0000-0000-000000000000}"));
}

static void a_disabled_device_is_listed_only_among_all_registered_also_after_a_restart(void **state)
{
    harness *h = *state;
    assert_int_equal(harness_tool(h, "disable", ECHO_ID, NULL), 0);
    wudf_client *c = harness_client(h);
    char text[1024];
    assert_int_equal(list(c, ECHO_INTERFACE_GUID_TEXT, WUDF_INTERFACE_LIST_PRESENT, text, sizeof text), 0);
    assert_string_equal(text, "");
    assert_int_equal(list(c, ECHO_INTERFACE_GUID_TEXT, WUDF_INTERFACE_LIST_ALL_DEVICES, text, sizeof text), 0);
    assert_string_equal(text, ECHO_PATH);
    /* the path names no device now, as a CreateFile on a path that is not present fails */
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_PATH, T, &f), WUDF_STATUS_OBJECT_NAME_NOT_FOUND);
    wudf_disconnect(c);
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "interfaces", ECHO_INTERFACE_GUID_TEXT, NULL), 0);
    assert_non_null(strstr(out.buffer, "is enabled on a running device"));
    assert_int_equal(wudfctl(h, &out, "interfaces", ECHO_INTERFACE_GUID_TEXT, "--all"), 0);
    assert_non_null(strstr(out.buffer, ECHO_PATH "  " ECHO_ID "  disabled  no"));

    /* kept in the device store: the next reflector knows it before echo ever starts again */
    assert_int_equal(harness_stop(h, 15000), 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, "ROOT\\WDKSAMPLE\\0000", "started", mark, 20000), 0);
    c = harness_client(h);
    assert_int_equal(list(c, ECHO_INTERFACE_GUID_TEXT, WUDF_INTERFACE_LIST_ALL_DEVICES, text, sizeof text), 0);
    assert_string_equal(text, ECHO_PATH);
    wudf_disconnect(c);

    assert_int_equal(harness_tool(h, "enable", ECHO_ID, NULL), 0);
    c = harness_client(h);
    assert_int_equal(list(c, ECHO_INTERFACE_GUID_TEXT, WUDF_INTERFACE_LIST_PRESENT, text, sizeof text), 0);
    assert_string_equal(text, ECHO_PATH);
    assert_int_equal(wudf_open(c, ECHO_PATH, T, &f), 0);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

#ifdef _WIN32
static void another_user_does_not_see_what_it_may_not_open(void **state)
{
    (void)state;
    print_message("skipped: Wine runs every process as the same administrator\n");
    skip();
}
#else
static void another_user_does_not_see_what_it_may_not_open(void **state)
{
    harness *h = *state;
    if (geteuid() != 0 || !getpwnam("nobody")) {
        print_message("skipped: needs root and a user 'nobody' to act as another user\n");
        skip();
        return;
    }
    /* a second echo only root may open */
    static const char *const root_only[] = {"acl", "user:root", NULL};
    char id[64];
    assert_int_equal(harness_install(h, "echo.inf", root_only, id, sizeof id), 0);
    assert_string_equal(id, "ROOT\\ECHO\\0001");
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "interfaces", ECHO_INTERFACE_GUID_TEXT, NULL), 0);
    assert_non_null(strstr(out.buffer, "ROOT#ECHO#0001#"));
    char as_user[WUDF_PATH_MAX], prog[WUDF_PATH_MAX];
    snprintf(as_user, sizeof as_user, "%s/as_user", WUDF_BIN_DIR);
    snprintf(prog, sizeof prog, "%s/wudfctl", h->bin);
    const char *args[] = {as_user, "nobody", prog, "--endpoint", h->endpoint, "interfaces", "--all",
                          ECHO_INTERFACE_GUID_TEXT, NULL};
    assert_int_equal(harness_run_capture(&out, args, 30000), 0);
    assert_non_null(strstr(out.buffer, ECHO_PATH "  " ECHO_ID "  started  yes"));
    assert_null(strstr(out.buffer, "ROOT#ECHO#0001#"));
}
#endif

static int setup(void **state)
{
    harness_options o;
    memset(&o, 0, sizeof o);
#ifndef _WIN32
    o.device_group = "nogroup"; /* nobody's primary group on Debian: the default access list lets it in */
    o.shared_bin = 1;           /* a wudfctl that nobody may run */
#endif
    *state = &the_harness;
    if (harness_start(&the_harness, &o) != 0)
        return -1;
    char id[300];
    if (harness_install(&the_harness, "echo.inf", NULL, id, sizeof id) != 0 || strcmp(id, ECHO_ID) != 0 ||
        harness_install(&the_harness, "cppsample.inf", NULL, id, sizeof id) != 0)
        return -1;
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", WDKSAMPLE_INF, NULL);
    int32_t st = harness_tool_kv(&the_harness, &req, &reply);
    if (st != 0)
        fprintf(stderr, "install %s: %s\n", WDKSAMPLE_INF, wudf_kv_get(&reply, "message"));
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return st == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000) == 0 ? 0 : -1;
    harness_cleanup(h);
    return rc;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_present_interfaces_of_a_class_and_their_paths_open_the_devices),
        cmocka_unit_test(a_malformed_guid_is_refused),
        cmocka_unit_test(wudfctl_shows_the_interfaces_as_a_table_and_as_json),
        cmocka_unit_test(a_disabled_device_is_listed_only_among_all_registered_also_after_a_restart),
        cmocka_unit_test(another_user_does_not_see_what_it_may_not_open),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
