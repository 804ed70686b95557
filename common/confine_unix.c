/*
 * A host's confinement on Linux (platform.h): the host's own limits, descriptors, dumpability,
 * no_new_privs and system-call filter, applied before any driver code loads (the reflector's
 * side, a host's group, is host_group_unix.c). docs/security.md, "How a host is confined", says
 * what each stops.
 */
#include "platform.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* gcc says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer). */
#if defined(__SANITIZE_ADDRESS__)
#define HOST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOST_ASAN 1
#endif
#endif

/* Closes every descriptor above 2 except keep: listed from /proc where there is one. */
static void close_inherited(int keep)
{
    DIR *dir = opendir("/proc/self/fd");
    if (dir) {
        int fds[1024], count = 0, self = dirfd(dir);
        struct dirent *e;
        while ((e = readdir(dir)) != NULL && count < 1024) {
            int fd = atoi(e->d_name);
            if (e->d_name[0] != '.' && fd > 2 && fd != keep && fd != self)
                fds[count++] = fd;
        }
        closedir(dir);
        for (int i = 0; i < count; i++)
            close(fds[i]);
        return;
    }
    struct rlimit files;
    rlim_t max = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536 ? files.rlim_cur : 65536;
    for (int fd = 3; fd < (int)max; fd++)
        if (fd != keep)
            close(fd);
}

static int set_limits(uint64_t memory_mb, wudf_error *err)
{
    /* A driver's memory holds other people's data: no core files of it. */
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
#ifndef HOST_ASAN
    /* AddressSanitizer reserves terabytes of shadow address space; its builds use malloc_limit_mb. */
    if (memory_mb) {
        struct rlimit limit = {(rlim_t)memory_mb << 20, (rlim_t)memory_mb << 20};
        if (setrlimit(RLIMIT_AS, &limit) != 0)
            return wudf_error_set(err, WUDF_EIO, "cannot limit the address space to %llu MiB: %s",
                                  (unsigned long long)memory_mb, strerror(errno));
    }
#else
    (void)memory_mb;
    (void)err;
#endif
    return 0;
}

#ifdef __linux__

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "syscall_numbers.h"

#if defined(__x86_64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#ifdef HOST_AUDIT_ARCH

#define FILTER_MAX 96
#define DENY(error) (SECCOMP_RET_ERRNO | ((error) & SECCOMP_RET_DATA))

typedef struct filter_program {
    struct sock_filter code[FILTER_MAX];
    unsigned length;
} filter_program;

static void put(filter_program *p, struct sock_filter insn)
{
    if (p->length < FILTER_MAX)
        p->code[p->length] = insn;
    p->length++; /* past FILTER_MAX: refused when installed */
}

static void load(filter_program *p, uint32_t offset)
{
    put(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offset));
}

static void ret(filter_program *p, uint32_t action)
{
    put(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action));
}

static void jump(filter_program *p, uint16_t op, uint32_t k, uint8_t if_true, uint8_t if_false)
{
    put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K, k, if_true, if_false));
}

/* The low 32 bits of argument n: pids and flags are ints, and the kernel ignores the upper half. */
static uint32_t arg_low(unsigned n)
{
    uint32_t at = (uint32_t)offsetof(struct seccomp_data, args) + 8u * n;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    at += 4;
#endif
    return at;
}

/* A rule for one system call: what follows runs for that call only (the accumulator holds its
 * number until then), and every path through it returns. */
static unsigned rule_begin(filter_program *p, uint32_t nr)
{
    jump(p, BPF_JEQ, nr, 0, 0);
    return p->length - 1;
}

static void rule_end(filter_program *p, unsigned at)
{
    if (at < FILTER_MAX)
        p->code[at].jf = (uint8_t)(p->length - at - 1);
}

static void deny(filter_program *p, uint32_t nr, int error)
{
    unsigned rule = rule_begin(p, nr);
    ret(p, DENY(error));
    rule_end(p, rule);
}

/* Allowed when argument n names this very process (or, with zero_too, when it is 0: "myself"). */
static void only_self(filter_program *p, uint32_t nr, unsigned n, uint32_t pid, int zero_too)
{
    unsigned rule = rule_begin(p, nr);
    load(p, arg_low(n));
    jump(p, BPF_JEQ, pid, zero_too ? 2 : 1, 0);
    if (zero_too)
        jump(p, BPF_JEQ, 0, 1, 0);
    ret(p, DENY(EPERM));
    ret(p, SECCOMP_RET_ALLOW);
    rule_end(p, rule);
}

/* clone makes threads (CLONE_THREAD) and processes; only threads pass. LeakSanitizer's tracer is a
 * CLONE_VM process without CLONE_VFORK, so sanitizer builds let that shape through too. */
static void only_threads(filter_program *p)
{
    unsigned rule = rule_begin(p, __NR_clone);
    load(p, arg_low(0));
#ifdef HOST_ASAN
    jump(p, BPF_JSET, CLONE_THREAD, 3, 0);
    jump(p, BPF_JSET, CLONE_VFORK, 1, 0);
    jump(p, BPF_JSET, CLONE_VM, 1, 0);
#else
    jump(p, BPF_JSET, CLONE_THREAD, 1, 0);
#endif
    ret(p, DENY(EPERM));
    ret(p, SECCOMP_RET_ALLOW);
    rule_end(p, rule);
}

#ifndef HOST_ASAN
/* The driver may not make itself dumpable again. */
static void keep_undumpable(filter_program *p)
{
    unsigned rule = rule_begin(p, __NR_prctl);
    load(p, arg_low(0));
    jump(p, BPF_JEQ, PR_SET_DUMPABLE, 0, 1);
    ret(p, DENY(EPERM));
    ret(p, SECCOMP_RET_ALLOW);
    rule_end(p, rule);
}
#endif

static void build_filter(filter_program *p, uint32_t pid)
{
    load(p, (uint32_t)offsetof(struct seccomp_data, arch));
    jump(p, BPF_JEQ, HOST_AUDIT_ARCH, 1, 0);
    ret(p, DENY(EPERM)); /* another ABI's numbers (int 0x80 on x86_64) mean other calls */
    load(p, (uint32_t)offsetof(struct seccomp_data, nr));
#ifdef __x86_64__
    jump(p, BPF_JGE, 0x40000000u, 0, 1); /* the x32 ABI's numbers, same story */
    ret(p, DENY(EPERM));
#endif
    /* Reading or steering another process. */
    deny(p, __NR_process_vm_readv, EPERM);
    deny(p, __NR_process_vm_writev, EPERM);
    deny(p, __NR_pidfd_getfd, EPERM);
    only_self(p, __NR_pidfd_open, 0, pid, 0);
#ifndef HOST_ASAN
    deny(p, __NR_ptrace, EPERM);
    keep_undumpable(p);
#endif
    /* Signals for anyone else: kill(0) and negative pids (groups, everyone) included. A pidfd may
     * name any process (a /proc/<pid> directory is one), so pidfd_send_signal goes altogether. */
    only_self(p, __NR_kill, 0, pid, 0);
    only_self(p, __NR_tkill, 0, pid, 0);
    only_self(p, __NR_tgkill, 0, pid, 0);
    only_self(p, __NR_rt_sigqueueinfo, 0, pid, 0);
    only_self(p, __NR_rt_tgsigqueueinfo, 0, pid, 0);
    deny(p, __NR_pidfd_send_signal, EPERM);
    only_self(p, __NR_prlimit64, 0, pid, 1);
    /* New processes: a driver's children would outlive its recycle. clone3's flags sit in memory
     * the filter cannot read; ENOSYS makes glibc create threads with clone instead. */
#ifdef __NR_fork
    deny(p, __NR_fork, EPERM);
#endif
#ifdef __NR_vfork
    deny(p, __NR_vfork, EPERM);
#endif
    only_threads(p);
    deny(p, __NR_clone3, ENOSYS);
    ret(p, SECCOMP_RET_ALLOW);
}
#endif /* HOST_AUDIT_ARCH */

/* Installs the filter for every thread; "on", or why not in applied. */
static const char *install_filter(void)
{
#ifndef HOST_AUDIT_ARCH
    return "unsupported-architecture";
#else
    filter_program p;
    memset(&p, 0, sizeof p);
    build_filter(&p, (uint32_t)getpid());
    if (p.length > FILTER_MAX)
        return "failed-too-long";
    struct sock_fprog prog = {(unsigned short)p.length, p.code};
    long rc = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog);
    if (rc != 0 && errno == ENOSYS)
        rc = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
    if (rc != 0)
        return "failed";
#ifdef HOST_ASAN
    return "on-sanitizer"; /* ptrace, dumpable and CLONE_VM processes left to LeakSanitizer */
#else
    return "on";
#endif
#endif
}

/* Non-dumpable: no core file, and no ptrace, /proc/<pid>/mem or pidfd_getfd by its own user.
 * LeakSanitizer's tracer must ptrace the process, so sanitizer builds stay dumpable. */
static int set_undumpable(void)
{
#ifdef HOST_ASAN
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
#else
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
#endif
}

static void lock_down(int filter, char *applied, size_t size)
{
    int dumpable = set_undumpable();
    /* No set-uid program or file capability can give the driver more than it has now. */
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    int no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    const char *seccomp = filter ? install_filter() : "off";
    snprintf(applied, size, "dumpable=%d no_new_privs=%d seccomp=%s", dumpable, no_new_privs, seccomp);
}

#else /* other Unix systems */

static void lock_down(int filter, char *applied, size_t size)
{
    (void)filter;
    snprintf(applied, size, "dumpable=? no_new_privs=? seccomp=unsupported-system");
}

#endif

int wudf_host_confine(int fd, uint64_t memory_mb, int filter, char *applied, size_t size, wudf_error *err)
{
    int rc = set_limits(memory_mb, err);
    if (rc)
        return rc;
    /* Whatever the parent leaked to us is not the driver's to use. */
    close_inherited(fd);
    lock_down(filter, applied, size);
    return 0;
}
