/*
 * wudfbench --kernel: the small IOCTL round trip of an unmodified program
 * (CreateFile + DeviceIoControl on \\.\Echo0, through reflector.sys and
 * wudfrd --kernel), next to the client library's, measured in the same run.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "echo_ioctl.h"
#include "wudfbench.h"

#define GROUP "small IOCTL round trip through reflector.sys"

#ifdef _WIN32
#include <windows.h>

/* The link exists once reflector.sys has taken wudfrd's message: a bounded wait for it. */
static HANDLE open_echo(void)
{
    for (int i = 0; i < 500; i++) {
        HANDLE h = CreateFileA("\\\\.\\Echo0", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (h != INVALID_HANDLE_VALUE || GetLastError() != ERROR_FILE_NOT_FOUND)
            return h;
        Sleep(10);
    }
    return INVALID_HANDLE_VALUE;
}

void bench_run_kernel(const bench_opts *o, double library_p50_us)
{
    HANDLE h = open_echo();
    if (h == INVALID_HANDLE_VALUE) {
        char why[100];
        snprintf(why, sizeof why, "CreateFile(\\\\.\\Echo0) failed with error %lu", GetLastError());
        bench_note(bench_add(GROUP, "round trip", NAN, "us", NAN, NULL), "%s", why);
        return;
    }
    size_t warm = o->quick ? 200 : 1000, count = o->quick ? 2000 : 10000, errors = 0;
    uint8_t in[BENCH_IOCTL_BYTES], out[BENCH_IOCTL_BYTES];
    bench_samples s = {0};
    for (size_t i = 0; i < warm + count; i++) {
        memset(in, (int)(i & 0xff), sizeof in);
        DWORD done = 0;
        uint64_t t0 = uv_hrtime();
        BOOL ok = DeviceIoControl(h, IOCTL_ECHO_LOOPBACK, in, sizeof in, out, sizeof out, &done, NULL);
        uint64_t t1 = uv_hrtime();
        if (!ok || done != sizeof out || memcmp(in, out, sizeof in) != 0) {
            errors++;
            continue;
        }
        if (i >= warm && bench_samples_add(&s, bench_us(t0, t1)))
            break;
    }
    CloseHandle(h);
    if (errors || s.n == 0) {
        bench_note(bench_add(GROUP, "round trip", NAN, "us", NAN, NULL), "%zu requests failed", errors);
    } else {
        double p50 = bench_percentile(&s, 50), p99 = bench_percentile(&s, 99);
        bench_row *r = bench_add(GROUP, "round trip p50", p50, "us", p50 / library_p50_us, "client library p50");
        bench_note(r, "%zu DeviceIoControl calls after %zu warm-up", count, warm);
        bench_add(GROUP, "round trip p99", p99, "us", NAN, NULL);
    }
    bench_samples_free(&s);
}

#else

void bench_run_kernel(const bench_opts *o, double library_p50_us)
{
    (void)o;
    (void)library_p50_us;
    bench_note(bench_add(GROUP, "round trip", NAN, "us", NAN, NULL), "%s",
               "reflector.sys is the Windows build's; on Linux see wudfrd --mount (docs/fuse.md)");
}

#endif
