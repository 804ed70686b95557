/*
 * Everything the faulty driver needs from the OS, for Windows and for POSIX systems: the process id,
 * threads for a flood, a wait that never ends, the host's channel descriptor (the host is started
 * as "wudfhost --channel-fd N"; on Windows N is a C runtime descriptor), and a hostile driver's
 * attempts beyond its host.
 */
#include "faulty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct thread_start {
    void (*body)(void *context, uint32_t index);
    void *context;
    uint32_t index;
} thread_start;

/* The value of --channel-fd in a command line whose arguments are separated by sep; -1 without one. */
static int channel_fd_in(const char *args, size_t length, char sep)
{
    static const char option[] = "--channel-fd";
    const char *end = args + length;
    for (const char *p = args; p < end;) {
        const char *stop = memchr(p, sep, (size_t)(end - p));
        size_t n = stop ? (size_t)(stop - p) : (size_t)(end - p);
        if (n == sizeof option - 1 && memcmp(p, option, n) == 0 && stop) {
            const char *value = stop + 1;
            while (value < end && (*value == sep || *value == '"'))
                value++;
            long fd = 0;
            int digits = 0;
            for (; value < end && *value >= '0' && *value <= '9' && fd < 65536; value++, digits++)
                fd = fd * 10 + (*value - '0');
            return digits && fd < 65536 ? (int)fd : -1;
        }
        if (!stop)
            break;
        p = stop + 1;
    }
    return -1;
}

static void utc_stamp(char *buffer, size_t size, const struct tm *tm, int ok)
{
    if (!ok || !strftime(buffer, size, "%Y-%m-%dT%H:%M:%SZ", tm))
        snprintf(buffer, size, "?");
}

#ifdef _WIN32

#include <io.h>
#include <windows.h>
#include <tlhelp32.h>

uint32_t faulty_process_id(void)
{
    return (uint32_t)GetCurrentProcessId();
}

static DWORD WINAPI thread_main(LPVOID arg)
{
    thread_start *start = arg;
    start->body(start->context, start->index);
    return 0;
}

void faulty_run_threads(uint32_t count, void (*body)(void *context, uint32_t index), void *context)
{
    thread_start *starts = calloc(count, sizeof *starts);
    HANDLE *threads = calloc(count, sizeof *threads);
    for (uint32_t i = 0; i < count; i++) {
        if (starts && threads) {
            starts[i] = (thread_start){body, context, i};
            threads[i] = CreateThread(NULL, 0, thread_main, &starts[i], 0, NULL);
        }
        if (!starts || !threads || !threads[i])
            body(context, i);
    }
    for (uint32_t i = 0; threads && i < count; i++) {
        if (threads[i]) {
            WaitForSingleObject(threads[i], INFINITE);
            CloseHandle(threads[i]);
        }
    }
    free(threads);
    free(starts);
}

_Noreturn void faulty_block_forever(void)
{
    HANDLE never = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (;;) {
        if (never)
            WaitForSingleObject(never, INFINITE);
        else
            Sleep(INFINITE);
    }
}

int faulty_channel_write(const void *bytes, size_t n)
{
    const char *line = GetCommandLineA();
    int fd = line ? channel_fd_in(line, strlen(line), ' ') : -1;
    if (fd < 0)
        return -1;
    intptr_t handle = _get_osfhandle(fd);
    if (handle == -1 || handle == -2)
        return -2;
    const char *p = bytes;
    while (n) {
        DWORD chunk = n > 65536 ? 65536 : (DWORD)n, written = 0;
        if (!WriteFile((HANDLE)handle, p, chunk, &written, NULL) || written == 0)
            return -2;
        p += written;
        n -= written;
    }
    return 0;
}

void faulty_utc_stamp(char *buffer, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    utc_stamp(buffer, size, &tm, gmtime_s(&tm, &now) == 0);
}

unsigned char *faulty_ring_of(const void *p)
{
    (void)p;
    return NULL; /* no fast path on Windows */
}

void faulty_signal_eventfds(void)
{
}

/* The host's own program, suspended: it waits forever without running a line. An escapee asks to
 * leave the host's job, which the job does not allow. */
static void spawn_child(struct faulty_outcome *out, int escape)
{
    char program[MAX_PATH];
    STARTUPINFOA startup;
    PROCESS_INFORMATION child;
    memset(&startup, 0, sizeof startup);
    startup.cb = sizeof startup;
    DWORD n = GetModuleFileNameA(NULL, program, sizeof program);
    if (!n || n >= sizeof program ||
        !CreateProcessA(program, NULL, NULL, NULL, FALSE, CREATE_SUSPENDED | (escape ? CREATE_BREAKAWAY_FROM_JOB : 0),
                        NULL, NULL, &startup, &child)) {
        out->error = (uint32_t)GetLastError();
        return;
    }
    out->value = (uint32_t)child.dwProcessId;
    CloseHandle(child.hThread);
    CloseHandle(child.hProcess);
}

/* Another process's handles: PROCESS_DUP_HANDLE is enough to copy any of them, its own full-access
 * process handle (the pseudo-handle, seen from it) first. */
static void steal_handle(DWORD victim, struct faulty_outcome *out)
{
    HANDLE process = OpenProcess(PROCESS_DUP_HANDLE, FALSE, victim), copy = NULL;
    if (!process || !DuplicateHandle(process, GetCurrentProcess(), GetCurrentProcess(), &copy, 0, FALSE,
                                     DUPLICATE_SAME_ACCESS))
        out->error = (uint32_t)GetLastError();
    else
        out->value = (uint32_t)(uintptr_t)copy;
    if (copy)
        CloseHandle(copy);
    if (process)
        CloseHandle(process);
}

/* Reading its memory (the program's image: the same address in every host), or taking one of its
 * threads over (a thread whose context can be set runs what the attacker wants). */
static void trace_process(DWORD victim, struct faulty_outcome *out)
{
    HANDLE process = OpenProcess(PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION, FALSE, victim);
    char header[2];
    SIZE_T done = 0;
    if (process && ReadProcessMemory(process, GetModuleHandleA(NULL), header, sizeof header, &done)) {
        out->value = (uint32_t)done;
        CloseHandle(process);
        return;
    }
    out->error = (uint32_t)GetLastError();
    if (process)
        CloseHandle(process);
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    THREADENTRY32 entry;
    entry.dwSize = sizeof entry;
    for (BOOL more = snap != INVALID_HANDLE_VALUE && Thread32First(snap, &entry); more;
         more = Thread32Next(snap, &entry)) {
        if (entry.th32OwnerProcessID != victim)
            continue;
        HANDLE thread = OpenThread(THREAD_SET_CONTEXT | THREAD_SUSPEND_RESUME, FALSE, entry.th32ThreadID);
        if (thread) {
            out->error = 0;
            out->value = entry.th32ThreadID;
            CloseHandle(thread);
            break;
        }
    }
    if (snap != INVALID_HANDLE_VALUE)
        CloseHandle(snap);
}

static void end_process(DWORD victim, struct faulty_outcome *out)
{
    HANDLE process = OpenProcess(PROCESS_TERMINATE, FALSE, victim);
    if (!process || !TerminateProcess(process, 9))
        out->error = (uint32_t)GetLastError();
    if (process)
        CloseHandle(process);
}

void faulty_reach_out(uint32_t kind, uint32_t arg, struct faulty_outcome *out)
{
    switch (kind) {
    case FAULTY_SPAWN_CHILD:
    case FAULTY_SPAWN_ESCAPEE:
        spawn_child(out, kind == FAULTY_SPAWN_ESCAPEE);
        break;
    case FAULTY_STEAL_DESCRIPTOR:
        steal_handle((DWORD)arg, out);
        break;
    case FAULTY_TRACE_HOST:
        trace_process((DWORD)arg, out);
        break;
    case FAULTY_KILL_HOST:
        end_process((DWORD)arg, out);
        break;
    default:
        out->error = ERROR_NOT_SUPPORTED;
        break;
    }
}

#else /* POSIX */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/ptrace.h>
#endif

uint32_t faulty_process_id(void)
{
    return (uint32_t)getpid();
}

static void *thread_main(void *arg)
{
    thread_start *start = arg;
    start->body(start->context, start->index);
    return NULL;
}

void faulty_run_threads(uint32_t count, void (*body)(void *context, uint32_t index), void *context)
{
    thread_start *starts = calloc(count, sizeof *starts);
    pthread_t *threads = calloc(count, sizeof *threads);
    unsigned char *started = calloc(count, 1);
    int ready = starts && threads && started;
    for (uint32_t i = 0; i < count; i++) {
        if (ready) {
            starts[i] = (thread_start){body, context, i};
            started[i] = pthread_create(&threads[i], NULL, thread_main, &starts[i]) == 0;
        }
        if (!ready || !started[i])
            body(context, i);
    }
    for (uint32_t i = 0; ready && i < count; i++)
        if (started[i])
            pthread_join(threads[i], NULL);
    free(started);
    free(threads);
    free(starts);
}

_Noreturn void faulty_block_forever(void)
{
    static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
    pthread_mutex_lock(&mutex);
    for (;;)
        pthread_cond_wait(&never, &mutex);
}

/* The host's own arguments, from /proc (Linux); other systems have no such file and no host channel. */
static int channel_fd(void)
{
    char args[4096];
    int file = open("/proc/self/cmdline", O_RDONLY);
    if (file < 0)
        return -1;
    ssize_t n = read(file, args, sizeof args);
    close(file);
    return n > 0 ? channel_fd_in(args, (size_t)n, '\0') : -1;
}

int faulty_channel_write(const void *bytes, size_t n)
{
    int fd = channel_fd();
    if (fd < 0)
        return -1;
    const char *p = bytes;
    while (n) {
        ssize_t written = write(fd, p, n);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return -2;
        p += written;
        n -= (size_t)written;
    }
    return 0;
}

void faulty_utc_stamp(char *buffer, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    utc_stamp(buffer, size, &tm, gmtime_r(&now, &tm) != NULL);
}

unsigned char *faulty_ring_of(const void *p)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return NULL;
    char line[512];
    unsigned char *found = NULL;
    uintptr_t at = (uintptr_t)p;
    while (!found && fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) == 2 && at >= start && at < end &&
            strstr(line, "openwudf-ring"))
            found = (unsigned char *)(uintptr_t)start;
    }
    fclose(maps);
    return found;
}

void faulty_signal_eventfds(void)
{
    for (int fd = 0; fd < 1024; fd++) {
        char link[64], target[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        uint64_t one = 1;
        if (strcmp(target, "anon_inode:[eventfd]") == 0 && write(fd, &one, sizeof one) < 0)
            continue; /* a full counter: that client is due to look anyway */
    }
}

/* A child that waits forever: it would outlive the host unless something ends it. An escapee first
 * leaves the host's session and process group, and says so before its pid is reported. */
static void spawn_child(struct faulty_outcome *out, int escape)
{
    int ready[2];
    if (pipe(ready) != 0) {
        out->error = (uint32_t)errno;
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        char done = escape && setsid() < 0 ? 'n' : 'y';
        if (write(ready[1], &done, 1) < 0)
            _exit(1);
        for (;;)
            pause();
    }
    close(ready[1]);
    char done = 0;
    struct pollfd p = {ready[0], POLLIN, 0};
    if (pid > 0 && (poll(&p, 1, 5000) != 1 || read(ready[0], &done, 1) != 1 || done != 'y'))
        out->error = EAGAIN; /* the child did not get where it was going */
    close(ready[0]);
    if (pid < 0)
        out->error = (uint32_t)errno;
    else
        out->value = (uint32_t)pid;
}

/* Another host's channel (its descriptor 3), copied out of it: with it, its I/O could be forged. */
static void steal_descriptor(pid_t victim, struct faulty_outcome *out)
{
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
    long pidfd = syscall(SYS_pidfd_open, victim, 0);
    long copy = pidfd < 0 ? -1 : syscall(SYS_pidfd_getfd, (int)pidfd, 3, 0);
    if (copy < 0)
        out->error = (uint32_t)errno;
    else
        out->value = (uint32_t)copy;
    if (copy >= 0)
        close((int)copy);
    if (pidfd >= 0)
        close((int)pidfd);
#else
    (void)victim;
    out->error = ENOSYS;
#endif
}

/* Attaching is the breach: a tracer reads and writes its tracee at will. PTRACE_SEIZE leaves it running. */
static void trace_host(pid_t victim, struct faulty_outcome *out)
{
#ifdef __linux__
    if (ptrace((enum __ptrace_request)0x4206 /* PTRACE_SEIZE */, victim, NULL, NULL) != 0)
        out->error = (uint32_t)errno;
#else
    (void)victim;
    out->error = ENOSYS;
#endif
}

void faulty_reach_out(uint32_t kind, uint32_t arg, struct faulty_outcome *out)
{
    pid_t victim = (pid_t)arg;
    switch (kind) {
    case FAULTY_SPAWN_CHILD:
    case FAULTY_SPAWN_ESCAPEE:
        spawn_child(out, kind == FAULTY_SPAWN_ESCAPEE);
        break;
    case FAULTY_STEAL_DESCRIPTOR:
        steal_descriptor(victim, out);
        break;
    case FAULTY_TRACE_HOST:
        trace_host(victim, out);
        break;
    case FAULTY_KILL_HOST:
        if (kill(victim, SIGKILL) != 0)
            out->error = (uint32_t)errno;
        break;
    default:
        out->error = ENOSYS;
        break;
    }
}

#endif
