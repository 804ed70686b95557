/* <openwudf/status.h> on its own: the public status names, their text and the Win32 errors they give.
 * Only the public header is included, so an application needs nothing else to use it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <openwudf/status.h>

#ifdef _WIN32
#include <windows.h>
#endif

typedef struct code {
    wudf_status status;
    const char *name;
} code;

static const code codes[] = {
#define CODE(name, value) {WUDF_STATUS_##name, "STATUS_" #name},
    WUDF_STATUS_CODES(CODE)
#undef CODE
};
#define CODE_COUNT (sizeof codes / sizeof codes[0])

static void every_code_is_named_as_in_ntstatus_h(void **state)
{
    (void)state;
    for (size_t i = 0; i < CODE_COUNT; i++) {
        const char *name = wudf_status_name(codes[i].status);
        if (!name || strcmp(name, codes[i].name) != 0)
            fail_msg("0x%08x is named %s, expected %s", (unsigned)codes[i].status, name ? name : "(null)",
                     codes[i].name);
    }
    assert_int_equal(WUDF_STATUS_DRIVER_PROCESS_TERMINATED, (wudf_status)0xC0000450u);
    assert_string_equal(wudf_status_name(WUDF_STATUS_DRIVER_PROCESS_TERMINATED), "STATUS_DRIVER_PROCESS_TERMINATED");
}

static void a_value_without_a_code_has_no_name(void **state)
{
    (void)state;
    assert_null(wudf_status_name((wudf_status)0xC0DE0001u));
    assert_null(wudf_status_name(1));
}

/* In ascending order without repeats, so that each value has exactly one name. */
static void codes_are_listed_once_in_ascending_order(void **state)
{
    (void)state;
    for (size_t i = 1; i < CODE_COUNT; i++)
        if ((uint32_t)codes[i - 1].status >= (uint32_t)codes[i].status)
            fail_msg("%s listed after %s", codes[i].name, codes[i - 1].name);
}

static void success_and_information_succeed_warnings_and_errors_do_not(void **state)
{
    (void)state;
    assert_true(WUDF_SUCCEEDED(WUDF_STATUS_SUCCESS));
    assert_true(WUDF_SUCCEEDED(WUDF_STATUS_PENDING));
    assert_true(WUDF_SUCCEEDED(WUDF_STATUS_TIMEOUT));
    assert_false(WUDF_SUCCEEDED(WUDF_STATUS_BUFFER_OVERFLOW));
    assert_false(WUDF_SUCCEEDED(WUDF_STATUS_CANCELLED));
    assert_false(WUDF_SUCCEEDED(WUDF_STATUS_DRIVER_PROCESS_TERMINATED));
}

/* What GetLastError says on Windows after a request that completed with each status (winerror.h values). */
static void statuses_give_the_win32_errors_of_windows(void **state)
{
    (void)state;
    assert_int_equal(wudf_status_win32_error(WUDF_STATUS_SUCCESS), 0);
    assert_int_equal(wudf_status_win32_error(WUDF_STATUS_DRIVER_PROCESS_TERMINATED), 1291);
    assert_int_equal(wudf_status_win32_error(WUDF_STATUS_CANCELLED), 995);
    assert_int_equal(wudf_status_win32_error(WUDF_STATUS_INVALID_DEVICE_REQUEST), 1);
    assert_int_equal(wudf_status_win32_error(WUDF_STATUS_ACCESS_DENIED), 5);
    assert_int_equal(wudf_status_win32_error(WUDF_STATUS_IO_TIMEOUT), 121);
    assert_int_equal(wudf_status_win32_error(WUDF_STATUS_CONNECTION_REFUSED), 1225);
    assert_int_equal(wudf_status_win32_error((wudf_status)0xC0070057u), 87); /* facility 7 carries the error */
    assert_int_equal(wudf_status_win32_error((wudf_status)0xC0DE0001u), 317);
}

#ifdef _WIN32
/* Every code against the system's own RtlNtStatusToDosError (Wine's ntdll in CI). */
static void every_code_gives_the_error_ntdll_gives(void **state)
{
    (void)state;
    typedef ULONG(WINAPI * to_dos_error)(LONG);
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    assert_non_null(ntdll);
    to_dos_error convert = (to_dos_error)(void (*)(void))GetProcAddress(ntdll, "RtlNtStatusToDosError");
    assert_non_null(convert);
    int differ = 0;
    for (size_t i = 0; i < CODE_COUNT; i++) {
        ULONG want = convert(codes[i].status);
        uint32_t got = wudf_status_win32_error(codes[i].status);
        if (got != want) {
            print_message("%s: ntdll gives %lu, wudf_status_win32_error %lu\n", codes[i].name, (unsigned long)want,
                          (unsigned long)got);
            differ++;
        }
    }
    assert_int_equal(differ, 0);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_is_named_as_in_ntstatus_h),
        cmocka_unit_test(a_value_without_a_code_has_no_name),
        cmocka_unit_test(codes_are_listed_once_in_ascending_order),
        cmocka_unit_test(success_and_information_succeed_warnings_and_errors_do_not),
        cmocka_unit_test(statuses_give_the_win32_errors_of_windows),
#ifdef _WIN32
        cmocka_unit_test(every_code_gives_the_error_ntdll_gives),
#endif
    };
    return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
