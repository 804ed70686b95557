/*
 * wudf_host_confine on Linux, in a child process: what a confined host can no longer do (start a
 * process, signal, trace, read or steal from another process, become dumpable again) and what it
 * still can (threads, signals to itself, its own limits). The attacks aim at a victim process of
 * the test's (a trace that succeeds stops it, not the test). The child reports each attempt's errno
 * through a pipe, the descriptor the confinement keeps, as the host keeps its channel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "platform.h"
#include "syscall_numbers.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif

/* One attempt's outcome: 0 when the call succeeded, else its errno. */
typedef struct report {
    char applied[160];
    int confine_rc;
    int dumpable, no_new_privs, seccomp_mode;
    int fork, raw_fork, clone3, thread;
    int kill_victim, kill_self, kill_group, kill_everyone, tgkill_victim, tgkill_self;
    int pidfd_open_victim, pidfd_open_self, pidfd_getfd, pidfd_send_signal;
    int vm_read_victim, ptrace_victim, set_dumpable, prlimit_victim, prlimit_self;
} report;

static int outcome(long rc)
{
    return rc < 0 ? errno : 0;
}

static int seccomp_mode(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int mode = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "Seccomp:", 8) == 0)
            mode = atoi(line + 8);
    if (f)
        fclose(f);
    return mode;
}

static void *thread_body(void *arg)
{
    return arg;
}

static int try_fork(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    if (pid < 0)
        return errno;
    waitpid(pid, NULL, 0);
    return 0;
}

#ifdef SYS_fork
static int try_raw_fork(void)
{
    long pid = syscall(SYS_fork);
    if (pid == 0)
        _exit(0);
    if (pid < 0)
        return errno;
    waitpid((pid_t)pid, NULL, 0);
    return 0;
}
#endif

static int try_thread(void)
{
    pthread_t t;
    int rc = pthread_create(&t, NULL, thread_body, NULL);
    if (rc == 0)
        pthread_join(t, NULL);
    return rc;
}

static void try_signals(report *r, pid_t victim)
{
    r->kill_victim = outcome(kill(victim, 0));
    r->kill_self = outcome(kill(getpid(), 0));
    r->kill_group = outcome(kill(0, 0));
    r->kill_everyone = outcome(kill(-1, 0));
    r->tgkill_victim = outcome(syscall(SYS_tgkill, victim, victim, 0));
    r->tgkill_self = outcome(syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), 0));
}

static void try_pidfds(report *r, pid_t victim)
{
    r->pidfd_open_victim = outcome(syscall(__NR_pidfd_open, victim, 0));
    long self = syscall(__NR_pidfd_open, getpid(), 0);
    r->pidfd_open_self = outcome(self);
    r->pidfd_getfd = outcome(syscall(__NR_pidfd_getfd, self, 0, 0));
    r->pidfd_send_signal = outcome(syscall(__NR_pidfd_send_signal, self, 0, NULL, 0));
}

static void try_other_process(report *r, pid_t victim)
{
    char byte;
    struct iovec local = {&byte, 1}, remote = {&byte, 1};
    r->vm_read_victim = outcome(process_vm_readv(victim, &local, 1, &remote, 1, 0));
#ifndef TEST_ASAN
    /* Sanitizer builds leave ptrace to LeakSanitizer (docs/security.md). */
    r->ptrace_victim = outcome(syscall(SYS_ptrace, 16 /* PTRACE_ATTACH */, victim, 0, 0));
    r->set_dumpable = outcome(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
#endif
    struct rlimit old;
    r->prlimit_victim = outcome(prlimit(victim, RLIMIT_CORE, NULL, &old));
    r->prlimit_self = outcome(prlimit(0, RLIMIT_CORE, NULL, &old));
}

static _Noreturn void confined_child(int out, pid_t victim)
{
    report r;
    memset(&r, 0, sizeof r);
    wudf_error err;
    r.confine_rc = wudf_host_confine(out, 0, 1, r.applied, sizeof r.applied, &err);
    r.dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    r.no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    r.seccomp_mode = seccomp_mode();
    r.fork = try_fork();
#ifdef SYS_fork
    r.raw_fork = try_raw_fork();
#endif
    r.clone3 = outcome(syscall(__NR_clone3, NULL, 0));
    r.thread = try_thread();
    try_signals(&r, victim);
    try_pidfds(&r, victim);
    try_other_process(&r, victim);
    ssize_t n = write(out, &r, sizeof r);
    _exit(n == (ssize_t)sizeof r ? 0 : 1);
}

static void run_confined(report *r)
{
    pid_t victim = fork();
    assert_true(victim >= 0);
    if (victim == 0)
        for (;;)
            pause();
    int fds[2]; /* after the victim: it must not hold the pipe open */
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        confined_child(fds[1], victim);
    }
    close(fds[1]);
    memset(r, 0, sizeof *r);
    ssize_t n = read(fds[0], r, sizeof *r);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    kill(victim, SIGKILL);
    waitpid(victim, NULL, 0);
    assert_int_equal(n, (ssize_t)sizeof *r);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(r->confine_rc, 0);
}

static int filter_on(const report *r)
{
    if (strstr(r->applied, "seccomp=on"))
        return 1;
    print_message("skipped: no system-call filter here (%s)\n", r->applied);
    return 0;
}

static void a_confined_host_is_undumpable_and_cannot_gain_privileges(void **state)
{
    (void)state;
    report r;
    run_confined(&r);
    assert_int_equal(r.no_new_privs, 1);
#ifdef TEST_ASAN
    assert_int_equal(r.dumpable, 1); /* LeakSanitizer must be able to trace it */
    assert_non_null(strstr(r.applied, "dumpable=1"));
#else
    assert_int_equal(r.dumpable, 0);
    assert_non_null(strstr(r.applied, "dumpable=0 no_new_privs=1"));
#endif
    if (!filter_on(&r))
        return;
    assert_int_equal(r.seccomp_mode, 2);
#ifndef TEST_ASAN
    assert_int_equal(r.set_dumpable, EPERM);
#endif
}

static void a_confined_host_starts_threads_but_no_processes(void **state)
{
    (void)state;
    report r;
    run_confined(&r);
    if (!filter_on(&r))
        return;
    assert_int_equal(r.thread, 0);
    assert_int_equal(r.fork, EPERM);
#ifdef SYS_fork
    assert_int_equal(r.raw_fork, EPERM);
#endif
    assert_int_equal(r.clone3, ENOSYS); /* so that glibc falls back to clone for threads */
}

static void a_confined_host_signals_only_itself(void **state)
{
    (void)state;
    report r;
    run_confined(&r);
    if (!filter_on(&r))
        return;
    assert_int_equal(r.kill_self, 0);
    assert_int_equal(r.tgkill_self, 0);
    assert_int_equal(r.kill_victim, EPERM);
    assert_int_equal(r.kill_group, EPERM);
    assert_int_equal(r.kill_everyone, EPERM);
    assert_int_equal(r.tgkill_victim, EPERM);
    assert_int_equal(r.pidfd_send_signal, EPERM);
}

static void a_confined_host_cannot_reach_into_another_process(void **state)
{
    (void)state;
    report r;
    run_confined(&r);
    if (!filter_on(&r))
        return;
    assert_int_equal(r.pidfd_open_victim, EPERM);
    assert_int_equal(r.pidfd_open_self, 0);
    assert_int_equal(r.pidfd_getfd, EPERM);
    assert_int_equal(r.vm_read_victim, EPERM);
#ifndef TEST_ASAN
    assert_int_equal(r.ptrace_victim, EPERM);
#endif
    assert_int_equal(r.prlimit_victim, EPERM);
    assert_int_equal(r.prlimit_self, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_confined_host_is_undumpable_and_cannot_gain_privileges),
        cmocka_unit_test(a_confined_host_starts_threads_but_no_processes),
        cmocka_unit_test(a_confined_host_signals_only_itself),
        cmocka_unit_test(a_confined_host_cannot_reach_into_another_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
