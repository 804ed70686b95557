/*
 * Hosts kept apart from one another and from the reflector (docs/security.md, "How a host is
 * confined"): each host's own uid/gid from a reserved range; its output re-logged by the reflector
 * under its device and pid; a fixed environment; nothing it starts outliving it. The hostile parts
 * are the faulty driver's (faulty_ioctl.h). The parts that need root, or Linux, say so when they
 * are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "faulty_ioctl.h"
#include "fixture.h"
#include "platform.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define T 10000
#define ECHO_0 "ROOT\\ECHO\\0000"
#define ECHO_1 "ROOT\\ECHO\\0001"
#define FAULTY_0 "ROOT\\FAULTY\\0000"

/* The faulty driver commits a hostile kind (arg: its target) and says how it went. */
static struct faulty_outcome hostile(harness *h, const char *device, uint32_t kind, uint32_t arg)
{
    wudf_client *c = harness_client(h);
    assert_non_null(c);
    wudf_handle f;
    assert_int_equal(wudf_open(c, device, T, &f), 0);
    struct faulty_inject inject = {kind, arg};
    uint8_t out[8] = {0};
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FAULTY_INJECT, &inject, sizeof inject, out, sizeof out, &n, T), 0);
    assert_int_equal(n, sizeof out);
    wudf_close(c, f);
    wudf_disconnect(c);
    struct faulty_outcome outcome;
    outcome.error = (uint32_t)out[0] | (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16 | (uint32_t)out[3] << 24;
    outcome.value = (uint32_t)out[4] | (uint32_t)out[5] << 8 | (uint32_t)out[6] << 16 | (uint32_t)out[7] << 24;
    print_message("%s kind %u: error %u, value %u\n", device, (unsigned)kind, (unsigned)outcome.error,
                  (unsigned)outcome.value);
    return outcome;
}

/* 1 when a loopback round trip to the faulty device returns what it sent. */
static int serves(harness *h, const char *device)
{
    wudf_client *c = harness_client(h);
    wudf_handle f;
    uint32_t v = 0x5eed, back = 0, n = 0;
    int ok = c && wudf_open(c, device, T, &f) == 0 &&
             wudf_ioctl(c, f, IOCTL_FAULTY_LOOPBACK, &v, sizeof v, &back, sizeof back, &n, T) == 0 && back == v;
    if (c)
        wudf_disconnect(c);
    return ok;
}

/* A process that is not the test's child: 1 once it has ended (or is gone), 0 if it still runs after
 * timeout_ms. */
#ifdef _WIN32
static int process_ends_within(long long pid, unsigned timeout_ms)
{
    HANDLE p = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)pid);
    if (!p)
        return 1;
    DWORD w = WaitForSingleObject(p, timeout_ms);
    CloseHandle(p);
    return w == WAIT_OBJECT_0;
}
#else
static int process_ends_within(long long pid, unsigned timeout_ms)
{
    int fd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
    if (fd < 0)
        return errno == ESRCH;
    struct pollfd p = {fd, POLLIN, 0};
    int ended = poll(&p, 1, (int)timeout_ms) == 1; /* readable once it has exited */
    close(fd);
    return ended;
}
#endif

/* Restarts the device and waits until it has started again. */
static void restart(harness *h, const char *device)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "restart", device, &reply), 0);
    wudf_kv_free(&reply);
}

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

/* The number after name in /proc/PID/status ("NoNewPrivs:", "Seccomp:"), -1 if absent. */
static long long proc_status(long long pid, const char *name)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%lld/status", pid);
    FILE *f = fopen(path, "r");
    long long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, name, strlen(name)) == 0)
            v = atoll(line + strlen(name));
    if (f)
        fclose(f);
    return v;
}

/* A host with its own uid: no_new_privs, filtered, and not dumpable, which the kernel shows by giving
 * its /proc files (not the directory, kept for ps) to root instead of to the host's uid. */
static void assert_locked_down(harness *h, const char *device, long long uid)
{
    long long pid = harness_field_number(h, device, "host_pid");
    assert_int_equal(proc_status(pid, "NoNewPrivs:"), 1);
    assert_int_equal(proc_status(pid, "Seccomp:"), 2);
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld/environ", pid);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
#if defined(__SANITIZE_ADDRESS__)
    (void)uid;
    print_message("dumpable: sanitizer builds stay dumpable for LeakSanitizer\n");
#else
    assert_int_equal((long long)st.st_uid, 0);
    assert_int_not_equal(uid, 0);
#endif
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
    assert_locked_down(h, ECHO_0, a);
    assert_locked_down(h, ECHO_1, b);
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

/* Everything a host starts dies with it: the filter stops the start (Linux; a job's process limit on
 * Windows), and what was started anyway ends with the host. */
static void a_driver_cannot_start_a_process_that_outlives_its_host(void **state)
{
    harness *h = *state;
    assert_true(harness_install(h, "faulty.inf", NULL, NULL, 0) >= 0);
    struct faulty_outcome o = hostile(h, FAULTY_0, FAULTY_SPAWN_CHILD, 0);
#ifdef _WIN32
    if (o.error == 0) {
        /* Wine does not enforce a job's process limit; the job still ends the child with its host. */
        print_message("the child started (pid %u): Wine does not enforce the job's process limit\n",
                      (unsigned)o.value);
        assert_int_equal(process_ends_within(o.value, 0), 0);
        restart(h, FAULTY_0);
        assert_true(process_ends_within(o.value, T));
    }
#else
    assert_int_equal(o.error, EPERM);
#endif
    /* and the device goes on serving, without a recycle */
    assert_true(serves(h, FAULTY_0));
    assert_int_equal(harness_field_number(h, FAULTY_0, "restarts"), 0);
}

#ifdef _WIN32
static void process_groups_are_linux_only(void **state)
{
    (void)state;
    print_message("skipped: Linux's process groups and filter; Windows has the job (test above)\n");
    skip();
}
#define without_its_filter_what_a_host_starts_still_dies_with_it process_groups_are_linux_only

/* A child that asks to leave its host's job is refused: the job does not allow breakaway. */
static void a_child_that_leaves_its_process_group_still_dies_with_its_host(void **state)
{
    harness *h = *state;
    assert_true(harness_install(h, "faulty.inf", NULL, NULL, 0) >= 0);
    struct faulty_outcome o = hostile(h, FAULTY_0, FAULTY_SPAWN_ESCAPEE, 0);
    print_message("breakaway: error %u pid %u\n", (unsigned)o.error, (unsigned)o.value);
    assert_int_equal(o.error, ERROR_ACCESS_DENIED);
    assert_true(serves(h, FAULTY_0));
}
#define start_without_filter fixture_start
#else
static int start_without_filter(void **state)
{
    static const char *const args[] = {"--no-host-seccomp", NULL};
    harness_options o = {0};
    o.extra_args = args;
    return fixture_start_with(state, &o);
}

/* Fields 5 and 6 of /proc/PID/stat: its process group and session; 0 when read. */
static int group_and_session(long long pid, long long *group, long long *session)
{
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%lld/stat", pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    const char *after = strrchr(text, ')');
    return after && sscanf(after + 1, " %*c %*d %lld %lld", group, session) == 2 ? 0 : -1;
}

/* The second line of defence: without the filter a driver starts a process, which dies with its host
 * however the host ends, because the host leads a process group of its own. */
static void without_its_filter_what_a_host_starts_still_dies_with_it(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    assert_true(harness_install(h, "faulty.inf", NULL, NULL, 0) >= 0);
    assert_int_equal(harness_wait_log(h, "event=host-confined device=" FAULTY_0, mark, T), 0);
    assert_true(harness_log_count(h, "seccomp=off", mark) >= 1);
    long long host = harness_field_number(h, FAULTY_0, "host_pid"), group = 0, session = 0;
    assert_int_equal(group_and_session(host, &group, &session), 0);
    assert_int_equal(group, host);
    assert_int_equal(session, host);
    /* the host crashes: its child goes with it */
    struct faulty_outcome o = hostile(h, FAULTY_0, FAULTY_SPAWN_CHILD, 0);
    assert_int_equal(o.error, 0);
    assert_int_equal(group_and_session(o.value, &group, &session), 0);
    assert_int_equal(group, host);
    assert_int_equal(process_ends_within(o.value, 0), 0);
    mark = harness_log_sync(h); /* the start's own state=started must not pass for the restart's */
    assert_true(harness_kill_host(h, FAULTY_0) > 0);
    assert_true(process_ends_within(o.value, T));
    assert_int_equal(harness_wait_state(h, FAULTY_0, "started", mark, T), 0);
    /* the host is stopped in order: its child goes with it too */
    o = hostile(h, FAULTY_0, FAULTY_SPAWN_CHILD, 0);
    assert_int_equal(o.error, 0);
    assert_int_equal(process_ends_within(o.value, 0), 0);
    restart(h, FAULTY_0);
    assert_true(process_ends_within(o.value, T));
}

/* 1 when /proc/PID/cgroup puts pid in the cgroup of host (".../host-<host>"). */
static int in_cgroup_of(long long pid, long long host)
{
    char path[64], text[1024], tail[64];
    snprintf(path, sizeof path, "/proc/%lld/cgroup", pid);
    snprintf(tail, sizeof tail, "/host-%lld\n", host);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    return strstr(text, tail) != NULL;
}

/* A child that makes a session of its own has left its host's process group; the host's cgroup
 * still holds it. It dies with its host, and, when the reflector itself was killed, at the start of
 * the next reflector of the same store. */
static void a_child_that_leaves_its_process_group_still_dies_with_its_host(void **state)
{
    harness *h = *state;
    if (!harness_log_count(h, "event=host-groups mode=cgroup", 0)) {
        print_message("skipped: wudfrd has no cgroup v2 it can write here (its host-groups line says why)\n");
        skip();
        return;
    }
    size_t mark = harness_log_mark(h);
    assert_true(harness_install(h, "faulty.inf", NULL, NULL, 0) >= 0);
    assert_int_equal(harness_wait_log(h, "event=host-confined device=" FAULTY_0, mark, T), 0);
    long long host = harness_field_number(h, FAULTY_0, "host_pid"), group = 0, session = 0;
    struct faulty_outcome o = hostile(h, FAULTY_0, FAULTY_SPAWN_ESCAPEE, 0);
    assert_int_equal(o.error, 0);
    assert_int_equal(group_and_session(o.value, &group, &session), 0);
    assert_int_equal(session, (long long)o.value); /* out of the host's session and group */
    assert_int_not_equal(group, host);
    assert_true(in_cgroup_of(o.value, host));
    /* the host crashes: the escapee goes with it */
    mark = harness_log_sync(h);
    assert_true(harness_kill_host(h, FAULTY_0) > 0);
    assert_true(process_ends_within(o.value, T));
    assert_int_equal(harness_wait_state(h, FAULTY_0, "started", mark, T), 0);
    /* the reflector is killed: its host ends of itself, the escapee lives on until the next
     * reflector of this store starts */
    host = harness_field_number(h, FAULTY_0, "host_pid");
    o = hostile(h, FAULTY_0, FAULTY_SPAWN_ESCAPEE, 0);
    assert_int_equal(o.error, 0);
    assert_true(in_cgroup_of(o.value, host));
    assert_true(harness_kill(h) > 0);
    assert_true(process_ends_within(host, T));
    assert_int_equal(process_ends_within(o.value, 0), 0);
    mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_log(h, "event=host-group-stale", mark, T), 0);
    assert_true(process_ends_within(o.value, T));
    assert_true(harness_log_count(h, "killed=1 removed=yes", mark) >= 1);
    assert_int_equal(harness_wait_state(h, FAULTY_0, "started", mark, T), 0);
}
#endif

/* ---- Output: what a host writes cannot pass for the reflector's, nor flood its log ---- */

/* The log after from, copied (the caller frees it). */
static char *log_copy(harness *h, size_t from)
{
    uv_mutex_lock(&h->lock);
    size_t n = h->log && from <= h->log_length ? h->log_length - from : 0;
    char *text = malloc(n + 1);
    if (text && n)
        memcpy(text, h->log + from, n);
    if (text)
        text[n] = '\0';
    uv_mutex_unlock(&h->lock);
    return text;
}

/* Each line of text that holds needle: it must be the reflector's re-logging of the host known as
 * prefix ("prog=wudfhost event=… device=D pid=P"). Returns how many there were. */
static unsigned lines_with(char *text, const char *needle, const char *device, long long pid)
{
    char names_host[200];
    snprintf(names_host, sizeof names_host, " device=%s pid=%lld", device, pid);
    unsigned count = 0;
    for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (strstr(line, needle)) {
            const char *prog = strstr(line, " prog=");
            if (!prog || strncmp(prog, " prog=wudfhost event=", 21) != 0 || strncmp(line, "ts=", 3) != 0 ||
                !strstr(line, names_host)) {
                print_message("not the host's re-logged line: %s\n", line);
                fail();
            }
            count++;
        }
        if (end)
            *end = '\n';
    }
    return count;
}

static void a_hosts_lines_cannot_pass_for_the_reflectors(void **state)
{
    harness *h = *state;
    assert_true(harness_install(h, "faulty.inf", NULL, NULL, 0) >= 0);
    long long pid = harness_field_number(h, FAULTY_0, "host_pid");
    size_t mark = harness_log_mark(h);
    struct faulty_outcome o = hostile(h, FAULTY_0, FAULTY_FORGE_LOG, 4242);
    assert_int_equal(o.value, 4);
    assert_int_equal(harness_wait_log(h, "event=long-line", mark, T), 0);
    assert_true(harness_log_sync(h) != (size_t)-1);
    char *text = log_copy(h, mark);
    assert_non_null(text);
    /* on stderr, on stdout, behind a carriage return: each re-logged as the faulty host's, and the
     * forgery at the end of the 64 KiB line was cut off with the rest of it */
    assert_int_equal(lines_with(text, "forged=4242", FAULTY_0, pid), 3);
    /* nothing in the log reads as the reflector saying the echo device started */
    assert_null(strstr(text, "prog=wudfrd event=device-started device=" ECHO_0));
    assert_null(strstr(text, "event=device-started device=" ECHO_0));
    assert_int_equal(lines_with(text, "event=long-line", FAULTY_0, pid), 1);
    const char *long_line = strstr(text, "event=long-line");
    const char *end = strchr(long_line, '\n');
    assert_non_null(strstr(long_line, " truncated=1"));
    assert_true(strstr(long_line, " truncated=1") < end);
    assert_true((size_t)(end - long_line) < 2 * 2048 + 200);
    free(text);
}

static int start_with_low_log_rate(void **state)
{
    static const char *const args[] = {"--host-log-rate", "50", NULL};
    harness_options o = {0};
    o.extra_args = args;
    return fixture_start_with(state, &o);
}

/* The sum of lines=N of every dropped-lines report on device after from. */
static unsigned long long dropped_lines(harness *h, size_t from, const char *device)
{
    char *text = log_copy(h, from), needle[200];
    snprintf(needle, sizeof needle, "event=host-output-dropped device=%s ", device);
    unsigned long long sum = 0;
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle)) {
        const char *lines = strstr(at, " lines=");
        if (lines)
            sum += strtoull(lines + 7, NULL, 10);
    }
    free(text);
    return sum;
}

static void a_host_that_floods_its_output_is_cut_to_its_rate(void **state)
{
    harness *h = *state;
    enum { LINES = 3000, RATE = 50, BURST = 5 * RATE };
    assert_true(harness_install(h, "faulty.inf", NULL, NULL, 0) >= 0);
    size_t mark = harness_log_mark(h);
    uint64_t start = uv_hrtime();
    assert_int_equal(hostile(h, FAULTY_0, FAULTY_LOG_FLOOD, LINES).value, LINES);
    /* Every line is either in the log or counted as dropped, within a bound. The count of dropped
     * lines may hold a few more of the host's own (its log of the request). */
    const char *relayed = "prog=wudfhost event=flood device=" FAULTY_0;
    uint64_t deadline = start + 15000ull * 1000000u;
    unsigned long long dropped = 0, logged = 0;
    while (uv_hrtime() < deadline) {
        size_t now = harness_log_mark(h);
        dropped = dropped_lines(h, mark, FAULTY_0);
        logged = harness_log_count(h, relayed, mark);
        if (logged + dropped >= LINES)
            break;
        harness_wait_log(h, "event=host-output-dropped device=" FAULTY_0, now, 2000);
    }
    double seconds = (double)(uv_hrtime() - start) / 1e9;
    print_message("%llu lines logged, %llu dropped, in %.1f s\n", logged, dropped, seconds);
    assert_true(logged + dropped >= LINES);
    assert_true(logged + dropped <= LINES + 20);
    assert_true(dropped > 0);
    assert_true(logged <= BURST + (unsigned long long)(RATE * (seconds + 1)));
    assert_true(logged >= BURST / 2); /* the burst, less the lines of the host's start */
}

/* ---- Attacks on another host: each fails, and the other device serves on without a restart ---- */

#ifdef _WIN32
/* Hosts share the reflector's token; what stands in the way is the descriptor each process and
 * thread of theirs, and of the reflector, carries. A host may be ended by pid (tests and tools do),
 * the reflector not. */
#define REFUSED ERROR_ACCESS_DENIED
#else
#define REFUSED EPERM
#endif

static void attacks_on_another_host_fail(harness *h, int trace)
{
    char id[300];
    assert_int_equal(harness_install(h, "echo.inf", NULL, id, sizeof id), 0);
    assert_true(harness_install(h, "faulty.inf", NULL, NULL, 0) >= 0);
    long long victim = harness_field_number(h, ECHO_0, "host_pid");
    assert_true(victim > 0);
    /* a file opened on the victim before: it answers afterwards only if the victim still lives */
    wudf_client *c = harness_client(h);
    assert_non_null(c);
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_0, T, &f), 0);
    assert_int_equal(hostile(h, FAULTY_0, FAULTY_STEAL_DESCRIPTOR, (uint32_t)victim).error, REFUSED);
    if (trace)
        assert_int_equal(hostile(h, FAULTY_0, FAULTY_TRACE_HOST, (uint32_t)victim).error, REFUSED);
    else
        print_message("trace not tried: sanitizer builds leave ptrace to LeakSanitizer\n");
#ifdef _WIN32
    /* the reflector holds every host's channel: it is closed the same way, and cannot be ended */
    assert_int_equal(hostile(h, FAULTY_0, FAULTY_STEAL_DESCRIPTOR, (uint32_t)h->pid).error, REFUSED);
    assert_int_equal(hostile(h, FAULTY_0, FAULTY_TRACE_HOST, (uint32_t)h->pid).error, REFUSED);
    assert_int_equal(hostile(h, FAULTY_0, FAULTY_KILL_HOST, (uint32_t)h->pid).error, REFUSED);
    assert_true(harness_log_count(h, "protected=", 0) >= 3); /* the reflector and both hosts */
#else
    assert_int_equal(hostile(h, FAULTY_0, FAULTY_KILL_HOST, (uint32_t)victim).error, REFUSED);
#endif
    uint8_t stats[64];
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, 0x222000 /* IOCTL_ECHO_GET_STATS */, NULL, 0, stats, sizeof stats, &n, T), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
    assert_int_equal(harness_field_number(h, ECHO_0, "host_pid"), victim);
    assert_int_equal(harness_field_number(h, ECHO_0, "restarts"), 0);
}

/* Each host its own user: the filter and the kernel's user separation both stand in the way. */
static void a_driver_cannot_reach_another_host(void **state)
{
#ifdef _WIN32
    (void)state;
    print_message("skipped: hosts have no user of their own on Windows (the next test covers them)\n");
    skip();
#else
    if (!needs_root()) {
        skip();
        return;
    }
    attacks_on_another_host_fail(*state, 1);
#endif
}

/* Hosts sharing a user (the test's own, root when the tests run as root): the filter alone, and
 * not being dumpable, stand in the way; on Windows, the descriptors. */
static void hosts_sharing_a_user_cannot_reach_each_other_either(void **state)
{
#if defined(__SANITIZE_ADDRESS__)
    attacks_on_another_host_fail(*state, 0);
#else
    attacks_on_another_host_fail(*state, 1);
#endif
}

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
        cmocka_unit_test_setup_teardown(a_driver_cannot_start_a_process_that_outlives_its_host, fixture_start,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(without_its_filter_what_a_host_starts_still_dies_with_it,
                                        start_without_filter, fixture_stop),
        cmocka_unit_test_setup_teardown(a_child_that_leaves_its_process_group_still_dies_with_its_host,
                                        start_without_filter, fixture_stop),
        cmocka_unit_test_setup_teardown(a_driver_cannot_reach_another_host, start_default_identity, fixture_stop),
        cmocka_unit_test_setup_teardown(hosts_sharing_a_user_cannot_reach_each_other_either, fixture_start,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(a_hosts_lines_cannot_pass_for_the_reflectors, fixture_start, fixture_stop),
        cmocka_unit_test_setup_teardown(a_host_that_floods_its_output_is_cut_to_its_rate, start_with_low_log_rate,
                                        fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
