/*
 * The FUSE endpoint end to end: the real reflector mounts its device files on a temporary
 * directory (wudfrd --mount), echo is installed, and this process uses the file with plain
 * open/read/write/ioctl/close, as an unmodified Linux program would, by its link or by its device
 * interface (by-interface/{GUID}/). Skipped, with a message,
 * where /dev/fuse is missing or mounting is not permitted.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "echo_ioctl.h"
#include "harness.h"
#include "openwudf/devctl.h"

#define T 10000 /* ms: bound on any single wait in these tests */
#define ECHO_DEV "ROOT\\ECHO\\0000"
#define SKIP_CODE 77 /* SKIP_RETURN_CODE in CMakeLists.txt */

static harness the_harness;
static char mount_dir[512];
static char echo_path[600];
static char skip_reason[400];

static uint64_t now_ms(void)
{
    return uv_hrtime() / 1000000u;
}

static void pause_briefly(void)
{
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

/* Waits (bounded) until path exists (want 1) or not (want 0). */
static int wait_path(const char *path, int want, unsigned timeout_ms)
{
    uint64_t deadline = now_ms() + timeout_ms;
    struct stat st;
    while ((stat(path, &st) == 0) != want) {
        if (now_ms() >= deadline)
            return -1;
        pause_briefly();
    }
    return 0;
}

static int open_echo(void)
{
    return open(echo_path, O_RDWR);
}

/* One DeviceIoControl through the devctl ioctl; returns ioctl()'s result, errno as it left it. */
static int devctl(int fd, uint32_t code, const void *in, uint32_t in_len, uint32_t out_len, uint32_t flags,
                  struct wudf_devctl *d)
{
    memset(d, 0, sizeof *d);
    d->ioctl_code = code;
    d->input_length = in_len;
    d->output_length = out_len;
    d->flags = flags;
    if (in)
        memcpy(d->data, in, in_len < sizeof d->data ? in_len : sizeof d->data);
    return ioctl(fd, WUDF_DEVCTL, d);
}

static struct echo_stats stats(int fd)
{
    static struct wudf_devctl d;
    struct echo_stats s;
    memset(&s, 0, sizeof s);
    if (devctl(fd, IOCTL_ECHO_GET_STATS, NULL, 0, sizeof s, 0, &d) != 0 || d.information != sizeof s)
        fail_msg("GET_STATS failed: %s", strerror(errno));
    memcpy(&s, d.data, sizeof s);
    return s;
}

/* Polls the driver until it holds want pended requests; 0, or -1 after T. */
static int wait_pended(int fd, uint32_t want)
{
    uint64_t deadline = now_ms() + T;
    while (now_ms() < deadline) {
        if (stats(fd).pended == want)
            return 0;
        pause_briefly();
    }
    return -1;
}

/* --- a call that blocks, on a thread of its own --------------------------------------------------- */

typedef struct blocked {
    pthread_t thread;
    int fd;
    int rc;
    int error;
    int done;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct wudf_devctl d;
} blocked;

static void *pend_thread(void *arg)
{
    blocked *b = arg;
    int rc = devctl(b->fd, IOCTL_ECHO_PEND, NULL, 0, 0, 0, &b->d);
    int e = errno;
    pthread_mutex_lock(&b->lock);
    b->rc = rc;
    b->error = e;
    b->done = 1;
    pthread_cond_signal(&b->cond);
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* Starts a PEND on fd in a thread and waits until the driver holds it (seen through probe). */
static void blocked_start(blocked *b, int fd, int probe)
{
    memset(b, 0, sizeof *b);
    b->fd = fd;
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->cond, NULL);
    assert_int_equal(pthread_create(&b->thread, NULL, pend_thread, b), 0);
    assert_int_equal(wait_pended(probe, 1), 0);
}

/* Waits (bounded) for the blocked call to return, then joins its thread. */
static int blocked_finish(blocked *b, unsigned timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)(timeout_ms / 1000);
    pthread_mutex_lock(&b->lock);
    while (!b->done && pthread_cond_timedwait(&b->cond, &b->lock, &until) == 0)
        ;
    int done = b->done;
    pthread_mutex_unlock(&b->lock);
    if (!done)
        return -1;
    pthread_join(b->thread, NULL);
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->cond);
    return 0;
}

static void on_sigusr1(int sig)
{
    (void)sig;
}

/* --- tests ------------------------------------------------------------------------------------ */

static void the_root_lists_the_started_device(void **state)
{
    (void)state;
    if (skip_reason[0])
        skip();
    DIR *dir = opendir(mount_dir);
    assert_non_null(dir);
    int found = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL;)
        if (strcmp(e->d_name, "Echo0") == 0)
            found = 1;
    closedir(dir);
    assert_true(found);
    struct stat st;
    assert_int_equal(stat(echo_path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0666);
    assert_int_equal(st.st_size, 0);
    char other[700];
    snprintf(other, sizeof other, "%s/NoSuchDevice", mount_dir);
    assert_int_equal(stat(other, &st), -1);
    assert_int_equal(errno, ENOENT);
}

static void write_then_read_returns_the_same_bytes_one_irp_per_call(void **state)
{
    (void)state;
    if (skip_reason[0])
        skip();
    int fd = open_echo();
    assert_true(fd >= 0);
    static const size_t sizes[] = {1, 100, 4096, 65536, 200000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        unsigned char *out = malloc(n), *back = calloc(1, n + 16);
        assert_non_null(out);
        assert_non_null(back);
        for (size_t j = 0; j < n; j++)
            out[j] = (unsigned char)(j * 31 + i);
        struct echo_stats before = stats(fd);
        assert_int_equal(write(fd, out, n), (ssize_t)n);
        /* a bigger buffer than stored: the driver returns what it has */
        assert_int_equal(read(fd, back, n + 16), (ssize_t)n);
        assert_memory_equal(out, back, n);
        struct echo_stats after = stats(fd);
        assert_int_equal(after.writes - before.writes, 1);
        assert_int_equal(after.reads - before.reads, 1);
        free(out);
        free(back);
    }
    int second = open_echo();
    assert_true(second >= 0);
    uint32_t opened = stats(fd).open_files;
    assert_int_equal(close(second), 0);
    /* release ran cleanup then close in the driver (the close is seen by the next request) */
    uint64_t deadline = now_ms() + T;
    while (stats(fd).open_files != opened - 1 && now_ms() < deadline)
        pause_briefly();
    assert_int_equal(stats(fd).open_files, opened - 1);
    assert_int_equal(close(fd), 0);
}

static void ioctl_loopback_and_driver_status(void **state)
{
    (void)state;
    if (skip_reason[0])
        skip();
    int fd = open_echo();
    assert_true(fd >= 0);
    static struct wudf_devctl d;
    unsigned char in[WUDF_DEVCTL_DATA_MAX];
    for (size_t j = 0; j < sizeof in; j++)
        in[j] = (unsigned char)(j ^ 0x5a);
    assert_int_equal(devctl(fd, IOCTL_ECHO_LOOPBACK, in, sizeof in, sizeof in, 0, &d), 0);
    assert_int_equal(d.status, 0);
    assert_int_equal(d.information, sizeof in);
    assert_memory_equal(d.data, in, sizeof in);
    /* a shorter output buffer: the first bytes, the rest zeroed */
    assert_int_equal(devctl(fd, IOCTL_ECHO_LOOPBACK, "abcdef", 6, 3, 0, &d), 0);
    assert_int_equal(d.information, 3);
    assert_memory_equal(d.data, "abc\0\0\0", 6);

    /* an error status: errno by default, the NTSTATUS itself on request */
    uint32_t want = (uint32_t)WUDF_STATUS_INVALID_DEVICE_REQUEST;
    assert_int_equal(devctl(fd, IOCTL_ECHO_FAIL_WITH, &want, 4, 0, 0, &d), -1);
    assert_int_equal(errno, EOPNOTSUPP);
    want = (uint32_t)WUDF_STATUS_ACCESS_DENIED;
    assert_int_equal(devctl(fd, IOCTL_ECHO_FAIL_WITH, &want, 4, 0, 0, &d), -1);
    assert_int_equal(errno, EACCES);
    assert_int_equal(devctl(fd, IOCTL_ECHO_FAIL_WITH, &want, 4, 0, WUDF_DEVCTL_F_STATUS, &d), 0);
    assert_int_equal((uint32_t)d.status, want);

    /* what the caller says is checked */
    assert_int_equal(devctl(fd, IOCTL_ECHO_LOOPBACK, NULL, WUDF_DEVCTL_DATA_MAX + 1, 4, 0, &d), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(devctl(fd, IOCTL_ECHO_LOOPBACK, NULL, 0, 0xFFFFFFFFu, 0, &d), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(devctl(fd, IOCTL_ECHO_LOOPBACK, NULL, 0, 4, 0x80, &d), -1);
    assert_int_equal(errno, EINVAL);
    memset(&d, 0, sizeof d);
    d.reserved = 1;
    assert_int_equal(ioctl(fd, WUDF_DEVCTL, &d), -1);
    assert_int_equal(errno, EINVAL);
    int other = 0;
    assert_int_equal(ioctl(fd, _IOR('W', 0xA2, int), &other), -1);
    assert_int_equal(errno, ENOTTY);
    assert_int_equal(close(fd), 0);
}

/* Whether directory path lists name. */
static int lists(const char *path, const char *name)
{
    DIR *dir = opendir(path);
    int found = 0;
    for (struct dirent *e; dir && (e = readdir(dir)) != NULL;)
        found = found || strcmp(e->d_name, name) == 0;
    if (dir)
        closedir(dir);
    return found;
}

static void the_by_interface_view_lists_echo_by_class_and_opens_it(void **state)
{
    harness *h = *state;
    if (skip_reason[0])
        skip();
    char by[700], class_dir[800], file[900], other[900];
    snprintf(by, sizeof by, "%s/by-interface", mount_dir);
    snprintf(class_dir, sizeof class_dir, "%s/" ECHO_INTERFACE_GUID_TEXT, by);
    snprintf(file, sizeof file, "%s/ROOT#ECHO#0000#" ECHO_INTERFACE_GUID_TEXT, class_dir);
    assert_true(lists(mount_dir, "by-interface"));
    assert_true(lists(by, ECHO_INTERFACE_GUID_TEXT));
    assert_true(lists(class_dir, "ROOT#ECHO#0000#" ECHO_INTERFACE_GUID_TEXT));
    struct stat st;
    assert_int_equal(stat(class_dir, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(stat(file, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    /* names are matched without regard to case, as Windows matches interface paths */
    snprintf(other, sizeof other, "%s/{6e3b2a9c-41d7-4f0b-9a35-7c18e2d4b6f1}/root#echo#0000#{6e3b2a9c-41d7-4f0b-9a35-7c18e2d4b6f1}",
             by);
    assert_int_equal(stat(other, &st), 0);
    snprintf(other, sizeof other, "%s/{00000000-0000-0000-0000-000000000000}", by);
    assert_int_equal(stat(other, &st), -1);
    assert_int_equal(errno, ENOENT);

    /* opening the interface's file opens echo, through the interface's path */
    size_t mark = harness_log_mark(h);
    int fd = open(file, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "itf", 3), 3);
    char back[8];
    assert_int_equal(read(fd, back, sizeof back), 3);
    assert_memory_equal(back, "itf", 3);
    assert_int_equal(close(fd), 0);
    assert_int_equal(harness_wait_log(h, "event=fuse-open device=" ECHO_DEV " name=\\\\?\\ROOT#ECHO#0000#", mark, T), 0);

    /* a disabled device's interface is not present: its class goes with it, and comes back */
    assert_int_equal(harness_tool(h, "disable", ECHO_DEV, NULL), 0);
    assert_int_equal(wait_path(class_dir, 0, T), 0);
    assert_false(lists(by, ECHO_INTERFACE_GUID_TEXT));
    assert_int_equal(harness_tool(h, "enable", ECHO_DEV, NULL), 0);
    assert_int_equal(wait_path(file, 1, T), 0);
    assert_int_equal(wait_path(echo_path, 1, T), 0);
}

static void another_user_is_denied_by_the_device_acl(void **state)
{
    harness *h = *state;
    if (skip_reason[0])
        skip();
    if (geteuid() != 0) {
        fprintf(stderr, "test_fuse: not root, cannot run a program as another user: skipped\n");
        skip();
    }
    size_t mark = harness_log_mark(h);
    char as_user[1024], input[700];
    snprintf(as_user, sizeof as_user, "%s/as_user", WUDF_BIN_DIR);
    snprintf(input, sizeof input, "if=%s", echo_path);
    const char *args[] = {as_user, "nobody", "/bin/dd", input, "of=/dev/null", "count=1", NULL};
    harness_child child;
    int rc = harness_run(&child, args, 30000);
    assert_true(rc != 0 && rc != 125 && rc != 126);
    assert_int_equal(harness_wait_log(h, "event=open-denied device=" ECHO_DEV, mark, T), 0);
    assert_int_equal(harness_wait_log(h, "event=fuse-open device=" ECHO_DEV " name=Echo0 status=0xc0000022 errno=13",
                                      mark, T),
                     0);
}

static void a_signal_cancels_the_blocked_request_in_the_driver(void **state)
{
    harness *h = *state;
    if (skip_reason[0])
        skip();
    int fd = open_echo(), probe = open_echo();
    assert_true(fd >= 0 && probe >= 0);
    uint32_t cancels = stats(probe).cancels;
    size_t mark = harness_log_mark(h);
    blocked b;
    blocked_start(&b, fd, probe);
    assert_int_equal(pthread_kill(b.thread, SIGUSR1), 0);
    assert_int_equal(blocked_finish(&b, T), 0);
    assert_int_equal(b.rc, -1);
    assert_int_equal(b.error, EINTR);
    assert_int_equal(harness_wait_log(h, "event=fuse-cancel device=" ECHO_DEV, mark, T), 0);
    struct echo_stats s = stats(probe);
    assert_int_equal(s.pended, 0);
    assert_int_equal(s.cancels, cancels + 1);
    /* the file is still good */
    static struct wudf_devctl d;
    assert_int_equal(devctl(fd, IOCTL_ECHO_LOOPBACK, "ok", 2, 2, 0, &d), 0);
    assert_int_equal(close(fd), 0);
    assert_int_equal(close(probe), 0);
}

static void a_host_crash_fails_the_pending_request_and_the_device_comes_back(void **state)
{
    harness *h = *state;
    if (skip_reason[0])
        skip();
    int fd = open_echo(), probe = open_echo();
    assert_true(fd >= 0 && probe >= 0);
    blocked b;
    blocked_start(&b, fd, probe);
    size_t mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, ECHO_DEV) > 0);
    assert_int_equal(blocked_finish(&b, T), 0);
    assert_int_equal(b.rc, -1);
    assert_int_equal(b.error, ECONNABORTED);
    assert_int_equal(harness_wait_state(h, ECHO_DEV, "started", mark, 20000), 0);
    assert_int_equal(wait_path(echo_path, 1, T), 0);
    /* a descriptor opened on the dead host stays dead; a new open reaches the new one */
    static struct wudf_devctl d;
    assert_int_equal(devctl(fd, IOCTL_ECHO_LOOPBACK, "x", 1, 1, 0, &d), -1);
    assert_int_equal(errno, ECONNABORTED);
    int again = open_echo();
    assert_true(again >= 0);
    assert_int_equal(devctl(again, IOCTL_ECHO_LOOPBACK, "back", 4, 4, 0, &d), 0);
    assert_memory_equal(d.data, "back", 4);
    assert_int_equal(close(fd), 0);
    assert_int_equal(close(probe), 0);
    assert_int_equal(close(again), 0);
}

static void a_killed_reflector_leaves_a_stale_mount_that_the_next_one_reuses(void **state)
{
    harness *h = *state;
    if (skip_reason[0])
        skip();
    assert_true(harness_kill(h) >= 0);
    struct stat st;
    assert_int_equal(stat(mount_dir, &st), -1);
    assert_int_equal(errno, ENOTCONN);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_true(harness_log_count(h, "event=fuse-stale-mount", mark) >= 1);
    assert_int_equal(harness_wait_state(h, ECHO_DEV, "started", mark, 20000), 0);
    assert_int_equal(wait_path(echo_path, 1, T), 0);
    int fd = open_echo();
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "again", 5), 5);
    assert_int_equal(close(fd), 0);
}

static int mounted(const char *path)
{
    char line[1200], needle[600];
    snprintf(needle, sizeof needle, " %s ", path);
    FILE *f = fopen("/proc/self/mounts", "r");
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f))
        found = strstr(line, needle) != NULL;
    if (f)
        fclose(f);
    return found;
}

static void an_orderly_stop_fails_what_is_pending_and_unmounts(void **state)
{
    harness *h = *state;
    if (skip_reason[0])
        skip();
    int fd = open_echo(), probe = open_echo();
    assert_true(fd >= 0 && probe >= 0);
    blocked b;
    blocked_start(&b, fd, probe);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_stop(h, 15000), 0);
    assert_int_equal(blocked_finish(&b, T), 0);
    assert_int_equal(b.rc, -1);
    assert_true(harness_log_count(h, "event=fuse-unmounted", mark) == 1);
    assert_false(mounted(mount_dir));
    /* the descriptors outlive the file system: calls fail (ENOTCONN); close frees them (kernels
     * before 5.13 ignore noflush and report the dead connection there too, so its result is not
     * checked) */
    char c;
    assert_int_equal(read(probe, &c, 1), -1);
    assert_int_equal(errno, ENOTCONN);
    close(fd);
    close(probe);
}

/* Runs wudfrd on its own directories below dir with --mount mount; returns its exit status,
 * what it printed in out. */
static int run_wudfrd(const char *dir, const char *mount, char *out, size_t size)
{
    /* Hosts as the test's own user, as the harness runs them: the checkout may be in a directory
     * that wudfrd's default host user (nobody) cannot reach, which would fail the start first. */
    char user[256] = "";
    uv_passwd_t pw;
    if (uv_os_get_passwd(&pw) == 0) {
        snprintf(user, sizeof user, "%s", pw.username);
        uv_os_free_passwd(&pw);
    }
    char cmd[2400];
    snprintf(cmd, sizeof cmd,
             "'%s/wudfrd' --runtime-dir '%s/rt' --state-dir '%s/st' --host-user '%s' --mount '%s' 2>&1",
             WUDF_BIN_DIR, dir, dir, user, mount);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void bad_mount_points_are_refused_with_a_clear_message(void **state)
{
    (void)state;
    if (skip_reason[0])
        skip();
    char dir[600], missing[700], file[700], out[4096];
    snprintf(dir, sizeof dir, "%s.bad", mount_dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_equal(run_wudfrd(dir, missing, out, sizeof out), 1);
    /* said once: in the startup-failed line */
    assert_non_null(strstr(out, "event=startup-failed status=notfound reason=\"--mount: mount point"));
    assert_null(strstr(strstr(out, "mount point") + 1, "mount point"));
    assert_non_null(strstr(out, "does not exist"));
    snprintf(file, sizeof file, "%s/file", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(run_wudfrd(dir, file, out, sizeof out), 1);
    assert_non_null(strstr(out, "reason=\"--mount: mount point"));
    assert_null(strstr(strstr(out, "mount point") + 1, "mount point"));
    assert_non_null(strstr(out, "is not a directory"));
    char cleanup[2048];
    snprintf(cleanup, sizeof cleanup, "rm -rf '%s'", dir);
    assert_int_equal(system(cleanup), 0);
}

static int setup(void **state)
{
    *state = &the_harness;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigusr1; /* no SA_RESTART: the interrupted call returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(skip_reason, sizeof skip_reason, "/dev/fuse cannot be opened (%s)", strerror(errno));
        return 0;
    }
    close(fd);
    char tmp[400];
    size_t len = sizeof tmp;
    uv_os_tmpdir(tmp, &len);
    snprintf(mount_dir, sizeof mount_dir, "%s/wudf-fuse-XXXXXX", tmp);
    if (!mkdtemp(mount_dir))
        return -1;
    chmod(mount_dir, 0755); /* another user's program must reach the files */
    snprintf(echo_path, sizeof echo_path, "%s/Echo0", mount_dir);
    static const char *extra[] = {"--mount", mount_dir, NULL}; /* kept: harness_restart uses it again */
    harness_options opts;
    memset(&opts, 0, sizeof opts);
    opts.extra_args = extra;
    if (harness_start(&the_harness, &opts) != 0) {
        if (harness_log_count(&the_harness, "cannot mount FUSE", 0)) {
            snprintf(skip_reason, sizeof skip_reason, "mounting FUSE is not permitted here (see wudfrd's message)");
            return 0;
        }
        return -1;
    }
    char id[300];
    if (harness_install(&the_harness, "echo.inf", NULL, id, sizeof id) != 0 || strcmp(id, ECHO_DEV) != 0)
        return -1;
    return wait_path(echo_path, 1, T);
}

static int teardown(void **state)
{
    harness *h = *state;
    int rc = 0;
    if (h->root[0]) {
        /* Not running: stopped by the last test, or it refused the mount (skipped). */
        if (h->running)
            rc = harness_stop(h, 15000) == 0 ? 0 : -1;
        harness_cleanup(h);
    }
    if (mount_dir[0]) {
        /* An orderly stop unmounts; a failed test may have left a mount behind. */
        struct stat st;
        if (stat(mount_dir, &st) != 0 && errno == ENOTCONN)
            umount2(mount_dir, MNT_DETACH);
        if (rmdir(mount_dir) != 0) {
            fprintf(stderr, "test_fuse: %s is still busy after the reflector stopped (%s)\n", mount_dir,
                    strerror(errno));
            umount2(mount_dir, MNT_DETACH);
            rmdir(mount_dir);
            rc = -1;
        }
    }
    return rc;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_root_lists_the_started_device),
        cmocka_unit_test(write_then_read_returns_the_same_bytes_one_irp_per_call),
        cmocka_unit_test(ioctl_loopback_and_driver_status),
        cmocka_unit_test(the_by_interface_view_lists_echo_by_class_and_opens_it),
        cmocka_unit_test(another_user_is_denied_by_the_device_acl),
        cmocka_unit_test(a_signal_cancels_the_blocked_request_in_the_driver),
        cmocka_unit_test(a_host_crash_fails_the_pending_request_and_the_device_comes_back),
        cmocka_unit_test(a_killed_reflector_leaves_a_stale_mount_that_the_next_one_reuses),
        cmocka_unit_test(bad_mount_points_are_refused_with_a_clear_message),
        cmocka_unit_test(an_orderly_stop_fails_what_is_pending_and_unmounts),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    if (skip_reason[0]) {
        fprintf(stderr, "test_fuse: skipped: %s\n", skip_reason);
        return failed ? failed : SKIP_CODE;
    }
    return failed;
}
