/*
 * The command lines of wudfctl and wudfrd as a shell user types them: options anywhere, help for
 * every command, --version on every program, numbers and hex checked strictly (exit 2 and one line
 * naming the value, before anything is sent), permission denied with its own exit code and the
 * remedy, and wudfrd's option errors saying what is wrong (the range too) before it creates anything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "json_check.h"
#include "platform.h"

#ifndef _WIN32
#include <pwd.h>
#include <unistd.h>
#endif

#define ECHO_ID "ROOT\\ECHO\\0000"
#define ECHO_LINK "\\\\.\\Echo0"
#define LOOPBACK "0x222008"

/* Runs bin/PROGRAM with the words given (NULL-terminated) to its end; stdout and stderr in out. */
static int run(harness_child *out, const char *program, ...)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/%s%s", WUDF_BIN_DIR, program, WUDF_EXE_SUFFIX);
    const char *args[24] = {prog};
    size_t n = 1;
    va_list ap;
    va_start(ap, program);
    for (const char *w = va_arg(ap, const char *); w && n < 23; w = va_arg(ap, const char *))
        args[n++] = w;
    va_end(ap);
    args[n] = NULL;
    return harness_run_capture(out, args, 30000);
}

/* The output is one line (CR LF on Windows) and holds each of the texts. */
static void assert_one_line(const harness_child *out, const char *text, const char *text2)
{
    const char *nl = strchr(out->buffer, '\n');
    if (!nl || nl[1] != '\0' || !strstr(out->buffer, text) || (text2 && !strstr(out->buffer, text2)))
        fail_msg("want one line with '%s'%s%s, got: %s", text, text2 ? " and " : "", text2 ? text2 : "",
                 out->buffer);
}

static void options_go_anywhere_on_the_line(void **state)
{
    harness *h = *state;
    harness_child out;
    const char *ep = h->endpoint;
    assert_int_equal(run(&out, "wudfctl", "status", "--json", "--endpoint", ep, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"device\":\"ROOT\\\\ECHO\\\\0000\""));
    assert_int_equal(run(&out, "wudfctl", "list", "--json", "--endpoint=", NULL), 2); /* an empty value is no path */
    char endpoint_option[WUDF_PATH_MAX + 16];
    snprintf(endpoint_option, sizeof endpoint_option, "--endpoint=%s", ep);
    assert_int_equal(run(&out, "wudfctl", "list", "--json", endpoint_option, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"state\":\"started\""));
    assert_int_equal(run(&out, "wudfctl", "--json", "list", "--endpoint", ep, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"devices\":["));
    /* -- ends the options: a device name, then text that starts with '-' */
    assert_int_equal(run(&out, "wudfctl", "--endpoint", ep, "status", "--", ECHO_ID, NULL), 0);
    assert_non_null(strstr(out.buffer, "Instance ID"));
    assert_int_equal(run(&out, "wudfctl", "write", "--endpoint", ep, "--", ECHO_LINK, "-dash", NULL), 0);
    assert_non_null(strstr(out.buffer, "write: 5 bytes"));
    assert_int_equal(run(&out, "wudfctl", "read", ECHO_LINK, "5", "--timeout-ms", "5000", "--endpoint", ep, NULL), 0);
    assert_non_null(strstr(out.buffer, "-dash"));
    assert_int_equal(run(&out, "wudfctl", "ioctl", ECHO_LINK, LOOPBACK, "0a0b", "--out=8", "--endpoint", ep, NULL), 0);
    assert_non_null(strstr(out.buffer, "ioctl: 2 bytes"));
    /* a command's own options after the command only, and only its own */
    assert_int_equal(run(&out, "wudfctl", "--endpoint", ep, "status", "--hex", "00", NULL), 2);
    assert_one_line(&out, "status: unknown option '--hex'", "try 'wudfctl help status'");
    assert_int_equal(run(&out, "wudfctl", "--out", "8", "ioctl", ECHO_LINK, LOOPBACK, "--endpoint", ep, NULL), 2);
    assert_one_line(&out, "unknown option '--out'", NULL);
}

static void help_prints_a_commands_usage_and_errors_print_one_line(void **state)
{
    (void)state;
    harness_child out;
    assert_int_equal(run(&out, "wudfctl", "help", NULL), 0);
    assert_non_null(strstr(out.buffer, "commands:"));
    assert_non_null(strstr(out.buffer, "exit status: 0 done, 1 failed, 2 bad usage, 3 no reflector"));
    const char *const forms[][3] = {{"help", "read", NULL}, {"read", "--help", NULL}, {"read", "-h", NULL},
                                    {"--help", "read", NULL}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        assert_int_equal(run(&out, "wudfctl", forms[i][0], forms[i][1], NULL), 0);
        assert_non_null(strstr(out.buffer, "usage: wudfctl read DEVICE LENGTH"));
        assert_null(strstr(out.buffer, "commands:"));
    }
    /* not a device named --help, and no reflector needed to say so */
    assert_int_equal(run(&out, "wudfctl", "--endpoint", "/nowhere/wudfrd.sock", "status", "--help", NULL), 0);
    assert_non_null(strstr(out.buffer, "usage: wudfctl status [DEVICE]"));
    assert_int_equal(run(&out, "wudfctl", "frobnicate", NULL), 2);
    assert_one_line(&out, "wudfctl: unknown command 'frobnicate'", "try 'wudfctl help'");
    assert_int_equal(run(&out, "wudfctl", "help", "frobnicate", NULL), 2);
    assert_one_line(&out, "unknown command 'frobnicate'", NULL);
    assert_int_equal(run(&out, "wudfctl", NULL), 2);
    assert_one_line(&out, "no command given", NULL);
    assert_int_equal(run(&out, "wudfctl", "read", ECHO_LINK, NULL), 2);
    assert_one_line(&out, "read: missing an argument", "try 'wudfctl help read'");
    assert_int_equal(run(&out, "wudfctl", "list", "extra", NULL), 2);
    assert_one_line(&out, "list: unexpected argument 'extra'", NULL);
}

static void every_program_answers_version(void **state)
{
    (void)state;
    const char *programs[] = {"wudfctl", "wudfrd", "wudfhost", "wudfbench", "wudffault"};
    harness_child out;
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s (openwudf) ", programs[i]);
        if (run(&out, programs[i], "--version", NULL) != 0 || strncmp(out.buffer, want, strlen(want)) != 0)
            fail_msg("%s --version said: %s", programs[i], out.buffer);
    }
    assert_int_equal(run(&out, "wudfctl", "status", "--version", NULL), 0);
    assert_non_null(strstr(out.buffer, "wudfctl (openwudf) "));
}

static void bad_numbers_and_hex_are_refused_before_anything_is_sent(void **state)
{
    harness *h = *state;
    const char *ep = h->endpoint;
    static const struct {
        const char *verb, *a1, *a2, *a3, *want;
    } cases[] = {
        {"read", ECHO_LINK, "abc", NULL, "read: LENGTH 'abc' is not a number: give one from 0 to 16777216"},
        {"read", ECHO_LINK, "-5", NULL, "LENGTH '-5' is not a number"},
        {"read", ECHO_LINK, "4294967296", NULL, "LENGTH 4294967296 is out of range: give one from 0 to 16777216"},
        {"read", ECHO_LINK, "16777217", NULL, "LENGTH 16777217 is out of range"},
        {"read", ECHO_LINK, "1x", NULL, "LENGTH '1x' is not a number"},
        {"ioctl", ECHO_LINK, "0g", NULL, "ioctl: CODE '0g' is not a number: give one from 0 to 4294967295"},
        {"ioctl", ECHO_LINK, "0x100000000", NULL, "CODE 0x100000000 is out of range"},
        {"ioctl", ECHO_LINK, "99999999999999999999999", NULL, "CODE 99999999999999999999999 is out of range"},
        {"ioctl", ECHO_LINK, LOOPBACK, "0g", "HEX '0g': 'g' is not a hex digit"},
        {"ioctl", ECHO_LINK, LOOPBACK, "--out=-1", "--out '-1' is not a number"},
        {"write", ECHO_LINK, "--hex", "0g", "write: --hex '0g': 'g' is not a hex digit"},
        {"write", ECHO_LINK, "--hex", "abc", "--hex 'abc' has an odd number of hex digits"},
        {"write", ECHO_LINK, "--hex", "0x0a", "--hex '0x0a': 'x' is not a hex digit"},
    };
    size_t mark = harness_log_mark(h);
    harness_child out;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = run(&out, "wudfctl", "--endpoint", ep, cases[i].verb, cases[i].a1, cases[i].a2, cases[i].a3, NULL);
        if (rc != 2)
            fail_msg("%s %s %s: exit %d: %s", cases[i].verb, cases[i].a2, cases[i].a3 ? cases[i].a3 : "", rc,
                     out.buffer);
        assert_one_line(&out, cases[i].want, "try 'wudfctl help ");
    }
    assert_int_equal(run(&out, "wudfctl", "--timeout-ms", "abc", "--endpoint", ep, "list", NULL), 2);
    assert_one_line(&out, "--timeout-ms 'abc' is not a number: give one from 1 to 2147483647", "try 'wudfctl help'");
    assert_int_equal(run(&out, "wudfctl", "list", "--timeout-ms", "0", "--endpoint", ep, NULL), 2);
    assert_one_line(&out, "--timeout-ms 0 is out of range", NULL);
    assert_int_equal(run(&out, "wudfctl", "list", "--endpoint", ep, "--timeout-ms", NULL), 2);
    assert_one_line(&out, "--timeout-ms needs a value", NULL);
    /* none of them reached the device */
    size_t synced = harness_log_sync(h);
    assert_true(synced != (size_t)-1);
    assert_int_equal(harness_log_count(h, "role=client", mark), 0);
}

static void wudfrd_option_errors_say_what_is_wrong(void **state)
{
    harness *h = *state;
    harness_child out;
    char rt[WUDF_PATH_MAX], st[WUDF_PATH_MAX];
    snprintf(rt, sizeof rt, "%s/cli-run", h->root);
    snprintf(st, sizeof st, "%s/cli-state", h->root);
    assert_int_equal(run(&out, "wudfrd", "--verbose", "--runtime-dir", rt, NULL), 2);
    assert_one_line(&out, "wudfrd: unknown option '--verbose'", "try 'wudfrd --help'");
    assert_int_equal(run(&out, "wudfrd", "--restart-limit", "5000", NULL), 2);
    assert_one_line(&out, "--restart-limit: 5000 is out of range: give 0 to 1000", NULL);
    assert_int_equal(run(&out, "wudfrd", "--heartbeat-ms", "abc", NULL), 2);
    assert_one_line(&out, "--heartbeat-ms: 'abc' is not a number: give 1 to 4294967295", NULL);
    assert_int_equal(run(&out, "wudfrd", "--host-memory-mb=10", NULL), 2);
    assert_one_line(&out, "--host-memory-mb: 10 is out of range: give 0, or 64 to 16777216", NULL);
    assert_int_equal(run(&out, "wudfrd", "--critical-timeout-ms", "99999999999999999999999", NULL), 2);
    assert_one_line(&out, "is out of range: give 1 to 4294967295", NULL);
    assert_int_equal(run(&out, "wudfrd", "--state-dir", st, "--runtime-dir", NULL), 2);
    assert_one_line(&out, "wudfrd: --runtime-dir needs a value", NULL);
    assert_int_equal(run(&out, "wudfrd", "--no-fast-path=1", NULL), 2);
    assert_one_line(&out, "--no-fast-path takes no value", NULL);
    assert_int_equal(run(&out, "wudfrd", "stray", NULL), 2);
    assert_one_line(&out, "unexpected argument 'stray'", NULL);
#ifndef _WIN32
    if (geteuid() == 0) {
        /* a user that does not exist: refused before either directory is made */
        assert_int_equal(run(&out, "wudfrd", "--runtime-dir", rt, "--state-dir", st, "--host-user", "no-such-user-wudf",
                             NULL), 2);
        assert_one_line(&out, "no user named 'no-such-user-wudf'", NULL);
    }
#endif
    uv_fs_t req;
    assert_true(uv_fs_stat(NULL, &req, rt, NULL) < 0);
    uv_fs_req_cleanup(&req);
    assert_true(uv_fs_stat(NULL, &req, st, NULL) < 0);
    uv_fs_req_cleanup(&req);
    /* a start-up error (the directories are this harness's reflector's) is said once */
    assert_int_equal(run(&out, "wudfrd", "--runtime-dir", h->runtime, "--state-dir", h->state, "--log-level", "warn",
                         NULL), 1);
    char *first = strstr(out.buffer, "event=startup-failed");
    if (!first || strstr(first + 1, "event=startup-failed") || strstr(out.buffer, "wudfrd: "))
        fail_msg("want one startup-failed line, got: %s", out.buffer);
}

#ifdef _WIN32
static void other_users_skipped(void **state)
{
    (void)state;
    skip(); /* Wine runs every process as the same administrator */
}
#define permission_denied_to_connect_has_its_exit_code other_users_skipped
#define permission_denied_by_acl_and_role_has_its_exit_code other_users_skipped
#define start_shared fixture_start
#define start_with_device_group fixture_start
#else
static int as_nobody(harness *h, harness_child *out, const char *a1, const char *a2, const char *a3)
{
    char as_user[WUDF_PATH_MAX], prog[WUDF_PATH_MAX];
    snprintf(as_user, sizeof as_user, "%s/as_user", WUDF_BIN_DIR);
    snprintf(prog, sizeof prog, "%s/wudfctl", h->bin);
    const char *args[] = {as_user, "nobody", prog, "--endpoint", h->endpoint, a1, a2, a3, NULL};
    return harness_run_capture(out, args, 30000);
}

/* The same with --json: its stdout alone, one document whose error is the refusal. */
static void as_nobody_json_denied(harness *h, const char *command, const char *a1, const char *a2)
{
    char as_user[WUDF_PATH_MAX], prog[WUDF_PATH_MAX];
    snprintf(as_user, sizeof as_user, "%s/as_user", WUDF_BIN_DIR);
    snprintf(prog, sizeof prog, "%s/wudfctl", h->bin);
    const char *args[] = {as_user, "nobody", prog, "--endpoint", h->endpoint, command, a1, "--json", a2, NULL};
    if (!a1)
        args[6] = "--json", args[7] = NULL;
    harness_child out;
    assert_int_equal(harness_run(&out, args, 30000), 4);
    json_value *doc = json_document(out.buffer);
    json_assert_failure(doc, command, 4, "denied");
    json_assert_member(json_get(doc, "error"), "remedy", JSON_STRING, 0);
    assert_string_equal(json_get(json_get(doc, "error"), "status_name")->string, "STATUS_ACCESS_DENIED");
    json_free(doc);
}

static int can_be_nobody(void)
{
    if (geteuid() != 0 || !getpwnam("nobody")) {
        print_message("skipped: needs root and a user 'nobody' to act as another user\n");
        return 0;
    }
    return 1;
}

static int start_shared(void **state)
{
    harness_options o = {0};
    o.shared_bin = 1;
    return fixture_start_with(state, &o);
}

static int start_with_device_group(void **state)
{
    harness_options o = {0};
    o.device_group = "nogroup"; /* nobody's primary group on Debian */
    o.shared_bin = 1;
    return fixture_start_with(state, &o);
}

/* No --device-group: only administrators may connect. Not "is wudfrd running?", and not exit 3. */
static void permission_denied_to_connect_has_its_exit_code(void **state)
{
    harness *h = *state;
    if (!can_be_nobody()) {
        skip();
        return;
    }
    harness_child out;
    assert_int_equal(as_nobody(h, &out, "status", NULL, NULL), 4);
    assert_one_line(&out, "wudfctl: permission denied: this user may not connect to the reflector at", "--device-group");
    assert_null(strstr(out.buffer, "is wudfrd running"));
    as_nobody_json_denied(h, "status", NULL, NULL);
}

static void permission_denied_by_acl_and_role_has_its_exit_code(void **state)
{
    harness *h = *state;
    if (!can_be_nobody()) {
        skip();
        return;
    }
    static const char *const root_only[] = {"acl", "user:root", NULL};
    assert_int_equal(harness_install(h, "echo.inf", root_only, NULL, 0), 0);
    harness_child out;
    assert_int_equal(as_nobody(h, &out, "status", NULL, NULL), 0);
    assert_int_equal(as_nobody(h, &out, "read", ECHO_ID, "1"), 4);
    assert_one_line(&out, "STATUS_ACCESS_DENIED (0xc0000022): permission denied", "--allow user:NAME");
    assert_int_equal(as_nobody(h, &out, "remove", ECHO_ID, NULL), 4);
    assert_one_line(&out, "only administrators may change devices: permission denied",
                    "run wudfctl as root or as wudfrd's own user");
    as_nobody_json_denied(h, "read", ECHO_ID, "1");
    as_nobody_json_denied(h, "remove", ECHO_ID, NULL);
}
#endif

static int start_with_echo(void **state)
{
    return fixture_start_with_echo(state, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(options_go_anywhere_on_the_line, NULL, NULL),
        cmocka_unit_test_setup_teardown(help_prints_a_commands_usage_and_errors_print_one_line, NULL, NULL),
        cmocka_unit_test_setup_teardown(every_program_answers_version, NULL, NULL),
        cmocka_unit_test_setup_teardown(bad_numbers_and_hex_are_refused_before_anything_is_sent, NULL, NULL),
        cmocka_unit_test_setup_teardown(wudfrd_option_errors_say_what_is_wrong, NULL, NULL),
    };
    const struct CMUnitTest denied[] = {
        cmocka_unit_test_setup_teardown(permission_denied_to_connect_has_its_exit_code, start_shared, fixture_stop),
        cmocka_unit_test_setup_teardown(permission_denied_by_acl_and_role_has_its_exit_code, start_with_device_group,
                                        fixture_stop),
    };
    int failed = cmocka_run_group_tests_name("cli", tests, start_with_echo, fixture_stop);
    return failed + cmocka_run_group_tests_name("cli-denied", denied, NULL, NULL);
}
