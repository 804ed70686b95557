/*
 * Hosts kept apart from one another and from the reflector (docs/security.md, "How a host is
 * confined"): each host's own uid/gid from a reserved range; its output re-logged by the reflector
 * under its device and pid; a fixed environment. The parts that need root, or Linux, say so when
 * they are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "platform.h"

#ifndef _WIN32
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#endif

#define T 10000
#define ECHO_0 "ROOT\\ECHO\\0000"
#define ECHO_1 "ROOT\\ECHO\\0001"

/* Hosts that change identity must reach the programs: a copy every user can read. */
static int start_shared(void **state, const char *const *extra)
{
    harness_options o = {0};
    o.host_user = ""; /* wudfrd's default: a uid/gid pair for each host */
    o.shared_bin = 1;
    o.extra_args = extra;
    return fixture_start_with(state, &o);
}

static int start_default_identity(void **state)
{
    return start_shared(state, NULL);
}

#ifdef _WIN32
static void hosts_keep_the_reflectors_token(void **state)
{
    (void)state;
    print_message("skipped: hosts keep the reflector's token on Windows\n");
    skip();
}
#define each_host_runs_as_a_uid_of_its_own_from_the_range hosts_keep_the_reflectors_token
#define ids_skip_accounts_run_out_and_come_back_when_the_host_exits hosts_keep_the_reflectors_token
#define start_narrow_range fixture_start
#else
static int needs_root(void)
{
    if (geteuid() == 0)
        return 1;
    print_message("skipped: hosts change identity only when wudfrd runs as root\n");
    return 0;
}

/* The four ids (real, effective, saved, filesystem) of "Uid:" or "Gid:" in /proc/PID/status; 0 if read. */
static int proc_ids(long long pid, const char *name, long long ids[4])
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%lld/status", pid);
    FILE *f = fopen(path, "r");
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f))
        found = strncmp(line, name, strlen(name)) == 0 &&
                sscanf(line + strlen(name), "%lld %lld %lld %lld", &ids[0], &ids[1], &ids[2], &ids[3]) == 4;
    if (f)
        fclose(f);
    return found ? 0 : -1;
}

/* The uid a host runs as, after checking that all its ids, and its gids, are that one number. */
static long long host_identity(harness *h, const char *device)
{
    long long pid = harness_field_number(h, device, "host_pid");
    assert_true(pid > 0);
    long long uids[4], gids[4];
    assert_int_equal(proc_ids(pid, "Uid:", uids), 0);
    assert_int_equal(proc_ids(pid, "Gid:", gids), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(uids[i], uids[0]);
        assert_int_equal(gids[i], uids[0]);
    }
    return uids[0];
}

static int32_t install_echo(harness *h, char *id, size_t size)
{
    return harness_install(h, "echo.inf", NULL, id, size);
}

static void each_host_runs_as_a_uid_of_its_own_from_the_range(void **state)
{
    harness *h = *state;
    if (!needs_root()) {
        skip();
        return;
    }
    char id[300];
    assert_int_equal(install_echo(h, id, sizeof id), 0);
    assert_int_equal(install_echo(h, id, sizeof id), 0);
    long long a = host_identity(h, ECHO_0), b = host_identity(h, ECHO_1);
    assert_true(a >= 61184 && a <= 65519);
    assert_true(b >= 61184 && b <= 65519);
    assert_int_not_equal(a, b);
    assert_null(getpwuid((uid_t)a));
    assert_null(getgrgid((gid_t)b));
    /* a recycled host comes back as another id than the one it replaces */
    size_t mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, ECHO_0) > 0);
    assert_int_equal(harness_wait_state(h, ECHO_0, "started", mark, 15000), 0);
    long long again = host_identity(h, ECHO_0);
    assert_true(again >= 61184 && again <= 65519);
    assert_int_not_equal(again, a);
    assert_int_not_equal(again, b);
}

/* A range of two ids whose first is nobody's: the second is the only one a host may get. */
static char narrow_range[32];
static const char *narrow_args[] = {"--host-uid-range", narrow_range, NULL};

static int start_narrow_range(void **state)
{
    const struct passwd *nobody = getpwnam("nobody");
    long long n = nobody ? (long long)nobody->pw_uid : 65534;
    snprintf(narrow_range, sizeof narrow_range, "%lld-%lld", n, n + 1);
    return start_shared(state, narrow_args);
}

static void ids_skip_accounts_run_out_and_come_back_when_the_host_exits(void **state)
{
    harness *h = *state;
    if (!needs_root()) {
        skip();
        return;
    }
    const struct passwd *nobody = getpwnam("nobody");
    long long free_id = atoll(strchr(narrow_range, '-') + 1);
    if (!nobody || getpwuid((uid_t)free_id) || getgrgid((gid_t)free_id)) {
        print_message("skipped: needs a user nobody whose uid + 1 is no account's or group's\n");
        skip();
        return;
    }
    char id[300];
    assert_int_equal(install_echo(h, id, sizeof id), 0);
    assert_int_equal(host_identity(h, ECHO_0), free_id); /* not nobody's */
    /* the second device finds no id left: it fails to start, and says why */
    assert_true(install_echo(h, id, sizeof id) < 0);
    char state_text[64], why[512];
    harness_field(h, ECHO_1, "state", state_text, sizeof state_text);
    assert_string_equal(state_text, "failed");
    assert_int_equal(harness_field_number(h, ECHO_1, "problem"), 10);
    harness_field(h, ECHO_1, "last_failure", why, sizeof why);
    assert_non_null(strstr(why, "no host identity is free in"));
    assert_non_null(strstr(why, narrow_range));
    /* once the first host has exited, its id is free for the second */
    long long pid = harness_field_number(h, ECHO_0, "host_pid");
    char exited[64];
    snprintf(exited, sizeof exited, "pid=%lld exit_status=", pid);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_tool(h, "disable", ECHO_0, NULL), 0);
    assert_int_equal(harness_wait_log(h, exited, mark, T), 0);
    assert_int_equal(harness_tool(h, "restart", ECHO_1, NULL), 0);
    assert_int_equal(host_identity(h, ECHO_1), free_id);
}
#endif

/* Output through the reflector: every host line names the host's device and pid. */
static void a_hosts_lines_reach_the_log_with_its_device_and_pid(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_install(h, "echo.inf", NULL, NULL, 0), 0);
    char needle[200];
    snprintf(needle, sizeof needle, "prog=wudfhost event=host-start device=" ECHO_0 " pid=%lld ",
             harness_field_number(h, ECHO_0, "host_pid"));
    assert_int_equal(harness_wait_log(h, needle, mark, T), 0);
}

#ifdef _WIN32
static void environ_is_linux_only(void **state)
{
    (void)state;
    print_message("skipped: reads the host's environment from /proc\n");
    skip();
}
#define a_host_starts_with_the_fixed_environment_only environ_is_linux_only
#define start_with_host_env fixture_start
#else
static int start_with_host_env(void **state)
{
    /* Set before the reflector starts, which inherits them: one a host is given by name, one not. */
    static const char *const args[] = {"--host-env", "WUDF_TEST_GIVEN", NULL};
    setenv("WUDF_TEST_GIVEN", "given", 1);
    setenv("WUDF_TEST_SECRET", "the reflector's", 1);
    harness_options o = {0};
    o.extra_args = args;
    return fixture_start_with(state, &o);
}

static void a_host_starts_with_the_fixed_environment_only(void **state)
{
    harness *h = *state;
    assert_int_equal(harness_install(h, "echo.inf", NULL, NULL, 0), 0);
    char path[64], environ_text[65536];
    snprintf(path, sizeof path, "/proc/%lld/environ", harness_field_number(h, ECHO_0, "host_pid"));
    FILE *f = fopen(path, "r");
    if (!f) {
        print_message("skipped: cannot read %s (hosts are not dumpable: only root can)\n", path);
        skip();
        return;
    }
    size_t n = fread(environ_text, 1, sizeof environ_text - 1, f);
    fclose(f);
    environ_text[n] = '\0';
    static const char *const allowed[] = {"PATH=", "ASAN_OPTIONS=", "UBSAN_OPTIONS=", "LSAN_OPTIONS=",
                                          "WUDF_TEST_GIVEN=", NULL};
    int given = 0;
    for (size_t at = 0; at < n; at += strlen(environ_text + at) + 1) {
        const char *entry = environ_text + at;
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            ok |= strncmp(entry, allowed[i], strlen(allowed[i])) == 0;
        if (!ok)
            print_message("not in the fixed set: %s\n", entry);
        assert_true(ok);
        given |= strcmp(entry, "WUDF_TEST_GIVEN=given") == 0;
    }
    assert_true(given);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(each_host_runs_as_a_uid_of_its_own_from_the_range, start_default_identity,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(ids_skip_accounts_run_out_and_come_back_when_the_host_exits,
                                        start_narrow_range, fixture_stop),
        cmocka_unit_test_setup_teardown(a_hosts_lines_reach_the_log_with_its_device_and_pid, fixture_start,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(a_host_starts_with_the_fixed_environment_only, start_with_host_env,
                                        fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
