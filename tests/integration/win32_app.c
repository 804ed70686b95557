/*
 * An unmodified Win32 program: it reaches the echo driver through
 * reflector.sys with kernel32 calls only (CreateFile, ReadFile, WriteFile,
 * DeviceIoControl, CancelIo, CloseHandle), as a vendor's application does.
 * test_kernel runs it; it prints what it saw and exits 0 when all was right.
 *
 *   win32_app io NAME        write/read round trips, every ioctl transfer method
 *   win32_app unknown        a name no device has is not found
 *   win32_app cancel NAME    a pending ioctl cancelled with CancelIo
 *   win32_app crash NAME     prints "pending" with a request held by the driver, expects it to fail
 *                            with ERROR_DRIVER_PROCESS_TERMINATED, then waits for a line on stdin
 *                            and opens the device again
 *   win32_app bench NAME N   N loopback round trips; prints their median and 99th percentile
 *   win32_app name NAME      opens NAME (a link of the requests sample driver, with what follows it)
 *                            and prints "name=" and the file name the driver got
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "echo_ioctl.h"
#include "openwudf/status.h"
#include "requests_ioctl.h"

#ifndef ERROR_DRIVER_PROCESS_TERMINATED
#define ERROR_DRIVER_PROCESS_TERMINATED 1291L /* winerror.h of newer SDKs; mingw-w64 lacks it */
#endif

static int failures;

static void check(int ok, const char *what, DWORD error)
{
    printf("%s %s", ok ? "ok" : "FAILED", what);
    if (!ok)
        printf(" (error %lu)", (unsigned long)error), failures++;
    printf("\n");
    fflush(stdout);
}

static HANDLE open_device(const char *name, DWORD flags)
{
    char path[300];
    snprintf(path, sizeof path, "\\\\.\\%s", name);
    return CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, flags, NULL);
}

/* A synchronous call on an overlapped handle: start it, then wait for it. */
static BOOL wait_io(HANDLE h, OVERLAPPED *ov, BOOL started, DWORD *done)
{
    if (!started && GetLastError() != ERROR_IO_PENDING)
        return FALSE;
    return GetOverlappedResult(h, ov, done, TRUE);
}

static int io(const char *name)
{
    HANDLE h = open_device(name, 0);
    check(h != INVALID_HANDLE_VALUE, "open", GetLastError());
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    static const DWORD sizes[] = {1, 4096, 65536, 1024 * 1024};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        DWORD n = sizes[i], done = 0;
        unsigned char *out = malloc(n), *in = malloc(n);
        for (DWORD k = 0; k < n; k++)
            out[k] = (unsigned char)(k * 7 + i);
        char what[64];
        BOOL ok = WriteFile(h, out, n, &done, NULL);
        snprintf(what, sizeof what, "write %lu bytes", (unsigned long)n);
        check(ok && done == n, what, GetLastError());
        memset(in, 0, n);
        ok = ReadFile(h, in, n, &done, NULL);
        snprintf(what, sizeof what, "read %lu bytes back", (unsigned long)n);
        check(ok && done == n && memcmp(in, out, n) == 0, what, GetLastError());
        free(out);
        free(in);
    }
    static const struct {
        DWORD code;
        const char *name;
    } methods[] = {{IOCTL_ECHO_LOOPBACK, "buffered"},
                   {IOCTL_ECHO_LOOPBACK_IN_DIRECT, "in-direct"},
                   {IOCTL_ECHO_LOOPBACK_OUT_DIRECT, "out-direct"},
                   {IOCTL_ECHO_LOOPBACK_NEITHER, "neither"}};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        char in[300], out[300] = {0}, what[64];
        DWORD done = 0;
        snprintf(in, sizeof in, "loopback through the kernel, method %s", methods[i].name);
        DWORD len = (DWORD)strlen(in) + 1;
        BOOL ok = DeviceIoControl(h, methods[i].code, in, len, out, sizeof out, &done, NULL);
        snprintf(what, sizeof what, "ioctl %s", methods[i].name);
        check(ok && done == len && strcmp(in, out) == 0, what, GetLastError());
    }
    /* A short output buffer: the driver returns what fits. */
    char out[4] = {0};
    DWORD done = 0;
    char eight[] = "abcdefgh"; /* DeviceIoControl takes a writable input buffer */
    BOOL ok = DeviceIoControl(h, IOCTL_ECHO_LOOPBACK, eight, 8, out, sizeof out, &done, NULL);
    check(ok && done == 4 && memcmp(out, "abcd", 4) == 0, "ioctl into a short buffer", GetLastError());
    DWORD status = (DWORD)WUDF_STATUS_ACCESS_DENIED;
    ok = DeviceIoControl(h, IOCTL_ECHO_FAIL_WITH, &status, sizeof status, NULL, 0, &done, NULL);
    check(!ok && GetLastError() == ERROR_ACCESS_DENIED, "a driver's failure status reaches GetLastError",
          GetLastError());
    struct echo_stats stats;
    ok = DeviceIoControl(h, IOCTL_ECHO_GET_STATS, NULL, 0, &stats, sizeof stats, &done, NULL);
    check(ok && done == sizeof stats && stats.writes >= 4 && stats.reads >= 4, "stats count the requests",
          GetLastError());
    check(CloseHandle(h), "close", GetLastError());
    return failures ? 1 : 0;
}

static int unknown(void)
{
    HANDLE bad = open_device("NoSuchDevice0", 0);
    check(bad == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "an unknown name is not found",
          GetLastError());
    return failures ? 1 : 0;
}

/* The driver's counters, through h (opened overlapped); nonzero when they came back whole. */
static int query_stats(HANDLE h, struct echo_stats *stats)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD done = 0;
    BOOL ok = wait_io(h, &ov, DeviceIoControl(h, IOCTL_ECHO_GET_STATS, NULL, 0, stats, sizeof *stats, &done, &ov),
                      &done);
    CloseHandle(ov.hEvent);
    return ok && done == sizeof *stats;
}

/* Asks the driver (each ask a round trip) until it holds want requests; bounded. */
static int driver_holds(HANDLE h, uint32_t want)
{
    int held = 0;
    for (int i = 0; i < 1000 && !held; i++) {
        struct echo_stats stats;
        held = query_stats(h, &stats) && stats.pended == want;
    }
    return held;
}

/* Opens name overlapped and starts a PEND that the driver holds, its completion signalled on
 * ov's new event; the handle, or INVALID_HANDLE_VALUE. */
static HANDLE open_and_pend(const char *name, OVERLAPPED *ov, char *out, DWORD size)
{
    HANDLE h = open_device(name, FILE_FLAG_OVERLAPPED);
    check(h != INVALID_HANDLE_VALUE, "open overlapped", GetLastError());
    if (h == INVALID_HANDLE_VALUE)
        return h;
    memset(ov, 0, sizeof *ov);
    ov->hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD done = 0;
    BOOL ok = DeviceIoControl(h, IOCTL_ECHO_PEND, NULL, 0, out, size, &done, ov);
    /* test_kernel waits for "ok pending" before it kills the host or the reflector. */
    check(!ok && GetLastError() == ERROR_IO_PENDING && driver_holds(h, 1), "pending", GetLastError());
    return h;
}

static int cancel(const char *name)
{
    OVERLAPPED ov;
    char out[16];
    HANDLE h = open_and_pend(name, &ov, out, sizeof out);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    DWORD done = 0;
    check(CancelIo(h), "CancelIo", GetLastError());
    BOOL ok = GetOverlappedResult(h, &ov, &done, TRUE);
    check(!ok && GetLastError() == ERROR_OPERATION_ABORTED, "it completes as cancelled", GetLastError());
    struct echo_stats stats;
    ok = query_stats(h, &stats);
    check(ok && stats.cancels >= 1 && stats.pended == 0, "the driver's cancel routine ran", GetLastError());
    CloseHandle(ov.hEvent);
    check(CloseHandle(h), "close", GetLastError());
    return failures ? 1 : 0;
}

static int crash(const char *name)
{
    OVERLAPPED ov;
    char out[16];
    HANDLE h = open_and_pend(name, &ov, out, sizeof out);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    DWORD done = 0;
    BOOL ok;
    /* The test kills the host now; the request must end, not hang. */
    DWORD waited = WaitForSingleObject(ov.hEvent, 60000);
    ok = GetOverlappedResult(h, &ov, &done, FALSE);
    DWORD error = GetLastError();
    check(waited == WAIT_OBJECT_0 && !ok && error == ERROR_DRIVER_PROCESS_TERMINATED,
          "the pending request failed with ERROR_DRIVER_PROCESS_TERMINATED", error);
    /* The file belonged to the dead host: it is closed, and a new one is opened once the test
     * says the device is back. */
    check(CloseHandle(h), "close", GetLastError());
    char line[32];
    if (!fgets(line, sizeof line, stdin))
        return 1;
    h = open_device(name, 0);
    check(h != INVALID_HANDLE_VALUE, "open again", GetLastError());
    char again[] = "again";
    ok = h != INVALID_HANDLE_VALUE && DeviceIoControl(h, IOCTL_ECHO_LOOPBACK, again, 6, out, sizeof out, &done, NULL);
    check(ok && done == 6 && strcmp(out, "again") == 0, "the new host answers", GetLastError());
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    return failures ? 1 : 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int bench(const char *name, int count)
{
    HANDLE h = open_device(name, 0);
    double *us = count > 0 ? malloc(sizeof *us * (size_t)count) : NULL;
    if (h == INVALID_HANDLE_VALUE || !us) {
        printf("FAILED open (error %lu)\n", GetLastError());
        return 1;
    }
    LARGE_INTEGER freq, t0, t1;
    QueryPerformanceFrequency(&freq);
    char in[64] = "ping", out[64];
    for (int i = 0; i < count; i++) {
        DWORD done;
        QueryPerformanceCounter(&t0);
        BOOL ok = DeviceIoControl(h, IOCTL_ECHO_LOOPBACK, in, sizeof in, out, sizeof out, &done, NULL);
        QueryPerformanceCounter(&t1);
        if (!ok) {
            printf("FAILED ioctl (error %lu)\n", GetLastError());
            return 1;
        }
        us[i] = (double)(t1.QuadPart - t0.QuadPart) * 1e6 / (double)freq.QuadPart;
    }
    qsort(us, (size_t)count, sizeof *us, by_value);
    printf("round trips %d p50_us %.1f p99_us %.1f\n", count, us[count / 2], us[count * 99 / 100]);
    free(us);
    CloseHandle(h);
    return 0;
}

static int file_name(const char *name)
{
    HANDLE h = open_device(name, 0);
    check(h != INVALID_HANDLE_VALUE, "open", GetLastError());
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    REQUESTS_FILE_OUT out;
    DWORD done = 0;
    memset(&out, 0, sizeof out);
    BOOL ok = DeviceIoControl(h, IOCTL_REQUESTS_FILE, NULL, 0, &out, sizeof out, &done, NULL);
    check(ok && done == sizeof out && out.NameHr == 0, "the driver names the file", GetLastError());
    out.Name[sizeof out.Name - 1] = '\0';
    if (ok)
        printf("name=%s\n", out.Name);
    CloseHandle(h);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 3 && strcmp(argv[1], "io") == 0)
        return io(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "unknown") == 0)
        return unknown();
    if (argc >= 3 && strcmp(argv[1], "cancel") == 0)
        return cancel(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "crash") == 0)
        return crash(argv[2]);
    if (argc >= 4 && strcmp(argv[1], "bench") == 0)
        return bench(argv[2], atoi(argv[3]));
    if (argc >= 3 && strcmp(argv[1], "name") == 0)
        return file_name(argv[2]);
    fprintf(stderr, "usage: win32_app io|cancel|crash|name NAME | unknown | bench NAME COUNT\n");
    return 2;
}
