/*
 * Least privilege: device ACLs set at install and checked on every open,
 * tool operations for administrators only, and hosts confined (the user
 * --host-user names, limits, no descriptors of the reflector's). The parts that need
 * another user run only as root on Linux; they say so when skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "platform.h"

#ifndef _WIN32
#include <dirent.h>
#include <pwd.h>
#include <unistd.h>
#endif

#define ECHO_ID "ROOT\\ECHO\\0000"
#define GET_STATS "0x222000"

static int32_t install_with_acl(harness *h, const char *acl, char *message, size_t size)
{
    char path[WUDF_PATH_MAX];
    snprintf(path, sizeof path, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", path, NULL);
    if (acl)
        wudf_kv_add(&req, "acl", acl, NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    snprintf(message, size, "%s", wudf_kv_get(&reply, "message") ? wudf_kv_get(&reply, "message") : "");
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return st;
}

static void access_lists_are_checked_at_install_and_shown(void **state)
{
    harness *h = *state;
    char message[600], access[300];
    assert_true(install_with_acl(h, "user:no-such-user-wudf", message, sizeof message) < 0);
    assert_non_null(strstr(message, "no user named 'no-such-user-wudf'"));
    assert_true(install_with_acl(h, "printer:lp", message, sizeof message) < 0);
    assert_non_null(strstr(message, "is not user:NAME, group:NAME or everyone"));
    /* nothing half-installed by the refusals */
    assert_int_equal(install_with_acl(h, NULL, message, sizeof message), 0);
    harness_field(h, ECHO_ID, "access", access, sizeof access);
    assert_string_equal(access, "administrators (default)");
    assert_int_equal(install_with_acl(h, " everyone ", message, sizeof message), 0);
    harness_field(h, "ROOT\\ECHO\\0001", "access", access, sizeof access);
#ifdef _WIN32
    assert_string_equal(access, "administrators,everyone");
#else
    /* The socket is 0660: "everyone" means everyone who can connect, and the status says so. */
    assert_string_equal(access, "administrators,everyone (only those in wudfrd's group can connect)");
#endif
}

#ifdef _WIN32
static void other_users_skipped(void **state)
{
    (void)state;
    skip(); /* Wine runs every process as the same administrator */
}
#define device_acl_is_checked_on_every_open other_users_skipped
#define access_entries_that_cannot_connect_are_shown_as_such other_users_skipped
#define hosts_run_confined other_users_skipped
#define start_with_device_group fixture_start
#define start_with_host_user_nobody fixture_start
#else
/* Runs wudfctl ARGS as user nobody; its exit status, output in child->buffer. */
static int wudfctl_as_nobody(harness *h, harness_child *child, const char *a1, const char *a2, const char *a3,
                             const char *a4)
{
    char as_user[WUDF_PATH_MAX], prog[WUDF_PATH_MAX];
    snprintf(as_user, sizeof as_user, "%s/as_user", WUDF_BIN_DIR);
    snprintf(prog, sizeof prog, "%s/wudfctl", h->bin);
    const char *args[] = {as_user, "nobody", prog, "--endpoint", h->endpoint, a1, a2, a3,
                    a4, NULL};
    return harness_run(child, args, 30000);
}

static int can_be_nobody(void)
{
    if (geteuid() != 0 || !getpwnam("nobody")) {
        print_message("skipped: needs root and a user 'nobody' to act as another user\n");
        return 0;
    }
    return 1;
}

static int start_with_device_group(void **state)
{
    harness_options o = {0};
    o.device_group = "nogroup"; /* nobody's primary group on Debian */
    o.shared_bin = 1;
    return fixture_start_with(state, &o);
}

static void device_acl_is_checked_on_every_open(void **state)
{
    harness *h = *state;
    if (!can_be_nobody()) {
        skip();
        return;
    }
    char message[600];
    assert_int_equal(install_with_acl(h, NULL, message, sizeof message), 0);
    assert_int_equal(install_with_acl(h, "user:root", message, sizeof message), 0);
    harness_child out;
    /* in the device group: the default ACL lets nobody in */
    assert_int_equal(wudfctl_as_nobody(h, &out, "ioctl", "\\\\.\\Echo0", GET_STATS, NULL), 0);
    /* a device only root may open */
    size_t mark = harness_log_mark(h);
    assert_int_not_equal(wudfctl_as_nobody(h, &out, "ioctl", "ROOT\\ECHO\\0001", GET_STATS, NULL), 0);
    assert_int_equal(harness_wait_log(h, "event=open-denied device=ROOT\\ECHO\\0001", mark, 5000), 0);
    assert_int_equal(harness_wait_log(h, "user=nobody", mark, 5000), 0);
    /* status is for everyone who can connect; changes are for administrators */
    assert_int_equal(wudfctl_as_nobody(h, &out, "status", NULL, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "ROOT\\ECHO\\0001"));
    assert_int_not_equal(wudfctl_as_nobody(h, &out, "remove", ECHO_ID, NULL, NULL), 0);
    assert_int_equal(harness_wait_log(h, "event=tool-denied op=remove", mark, 5000), 0);
    char state_text[64];
    harness_field(h, ECHO_ID, "state", state_text, sizeof state_text);
    assert_string_equal(state_text, "started");
}

/* An entry for accounts that cannot reach wudfrd's socket would have no effect: the status says so,
 * and the install logs it. */
static void access_entries_that_cannot_connect_are_shown_as_such(void **state)
{
    harness *h = *state;
    if (!can_be_nobody())
        skip();
    char message[600], access[400];
    size_t mark = harness_log_mark(h);
    assert_int_equal(install_with_acl(h, "user:nobody,user:daemon,group:nogroup,group:daemon,everyone", message,
                                      sizeof message),
                     0);
    harness_field(h, ECHO_ID, "access", access, sizeof access);
    /* nobody's group is the device group; daemon's is not */
    assert_string_equal(access, "administrators,user:nobody,user:daemon (cannot connect: not in group nogroup),"
                                "group:nogroup,group:daemon (only those in group nogroup can connect),"
                                "everyone (only those in group nogroup can connect)");
    assert_int_equal(harness_wait_log(h, "event=access-entry-unreachable device=" ECHO_ID " entry=user:daemon", mark,
                                      5000),
                     0);
}

/* The value of "Name:" in /proc/PID/status or /proc/PID/limits (first field after the name). */
static long long proc_field(long long pid, const char *file, const char *name)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%lld/%s", pid, file);
    FILE *f = fopen(path, "r");
    long long v = -2;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, name, strlen(name)) == 0) {
            const char *p = line + strlen(name);
            while (*p == ' ' || *p == '\t' || *p == ':')
                p++;
            v = strncmp(p, "unlimited", 9) == 0 ? -1 : atoll(p);
            break;
        }
    if (f)
        fclose(f);
    return v;
}

/* The inode of the listening socket bound to path, from /proc/net/unix; 0 if not found. */
static unsigned long listener_inode(const char *path)
{
    FILE *f = fopen("/proc/net/unix", "r");
    char line[1024];
    unsigned long inode = 0;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long ino;
        char name[900] = "";
        if (sscanf(line, "%*s %*s %*s %*s %*s %*s %lu %899s", &ino, name) == 2 && strcmp(name, path) == 0)
            inode = ino;
    }
    if (f)
        fclose(f);
    return inode;
}

static int start_with_host_user_nobody(void **state)
{
    harness_options o = {0};
    o.host_user = "nobody"; /* one user for every host, as --host-user asks (test_isolation: one each) */
    o.host_memory_mb = 1024;
    o.shared_bin = 1;
    return fixture_start_with(state, &o);
}

static void hosts_run_confined(void **state)
{
    harness *h = *state;
    if (!can_be_nobody()) {
        skip();
        return;
    }
    char message[600];
    assert_int_equal(install_with_acl(h, NULL, message, sizeof message), 0);
    long long pid = harness_field_number(h, ECHO_ID, "host_pid");
    assert_true(pid > 0);
    const struct passwd *nobody = getpwnam("nobody");
    assert_int_equal(proc_field(pid, "status", "Uid"), (long long)nobody->pw_uid);
    assert_int_equal(proc_field(pid, "status", "Gid"), (long long)nobody->pw_gid);
    assert_int_equal(proc_field(pid, "limits", "Max core file size"), 0);
#if !defined(__SANITIZE_ADDRESS__)
    assert_int_equal(proc_field(pid, "limits", "Max address space"), 1024ll << 20);
#endif
    /* no descriptor of the reflector's: its listener, its lock, its store */
    unsigned long listener = listener_inode(h->endpoint);
    assert_true(listener != 0);
    char dir[64], link_path[400], target[600], forbidden[64];
    snprintf(dir, sizeof dir, "/proc/%lld/fd", pid);
    snprintf(forbidden, sizeof forbidden, "socket:[%lu]", listener);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    unsigned count = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(link_path, sizeof link_path, "%s/%s", dir, e->d_name);
        ssize_t n = readlink(link_path, target, sizeof target - 1);
        assert_true(n > 0);
        target[n] = '\0';
        assert_string_not_equal(target, forbidden);
        assert_null(strstr(target, h->root));
        count++;
    }
    closedir(d);
    assert_true(count >= 4); /* stdio and the channel at least */
    /* and it still serves */
    harness_child out;
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl", h->bin);
    const char *args[] = {prog, "--endpoint", h->endpoint, "ioctl", ECHO_ID, GET_STATS, NULL};
    assert_int_equal(harness_run(&out, args, 30000), 0);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(access_lists_are_checked_at_install_and_shown, fixture_start, fixture_stop),
        cmocka_unit_test_setup_teardown(device_acl_is_checked_on_every_open, start_with_device_group, fixture_stop),
        cmocka_unit_test_setup_teardown(access_entries_that_cannot_connect_are_shown_as_such, start_with_device_group,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(hosts_run_confined, start_with_host_user_nobody, fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
