/*
 * wudfbench: figures about hosts and the reflector rather than about one
 * request: what an idle host costs in memory, how long a device is gone when
 * its host is killed, and what a status query costs with many devices.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "echo_ioctl.h"
#include "wudfbench.h"

/* The recycle target of DESIGN.md, and how long one recycle may take before we call it failed. */
#define RECYCLE_LIMIT_MS 5000u

/* Waits (bounded) for a device's host to be up, since a recycle or install may still be settling. */
static int64_t wait_host(bench_env *e, const char *device, unsigned ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)ms * 1000000u;
    int64_t pid;
    while ((pid = bench_host_pid(e, device)) < 0 && uv_hrtime() < deadline)
        uv_sleep(5);
    return pid;
}

void bench_run_rss(bench_env *e, const char *when)
{
    char name[80];
    snprintf(name, sizeof name, "idle host RSS, %s", when);
    int64_t pid = wait_host(e, "ROOT\\ECHO\\0000", 5000);
    long kib = pid > 0 ? bench_rss_kib(pid) : -1;
    bench_row *r = bench_add("memory", name, kib < 0 ? NAN : (double)kib, "KiB", NAN, NULL);
    if (kib < 0)
        bench_note(r, pid > 0 ? "no /proc here" : "no host running");
    else if (strstr(when, "fresh"))
        bench_target(r, BENCH_TARGET_VALUE, 1, 2048);
    if (kib < 0 || !strstr(when, "fresh"))
        return;
    /* RSS counts every resident page of libc and the other shared libraries in full; what one more
     * host costs is closer to its proportional share (PSS) and to the pages that are its own. */
    long pss = bench_proc_kib(pid, "smaps_rollup", "Pss:");
    long clean = bench_proc_kib(pid, "smaps_rollup", "Private_Clean:");
    long dirty = bench_proc_kib(pid, "smaps_rollup", "Private_Dirty:");
    if (pss >= 0)
        bench_note(bench_add("memory", "idle host PSS, fresh after start", (double)pss, "KiB", NAN, NULL),
                   "shared pages divided among the processes that map them");
    if (clean >= 0 && dirty >= 0)
        bench_note(bench_add("memory", "idle host private memory, fresh", (double)(clean + dirty), "KiB", NAN, NULL),
                   "pages no other process maps");
}

/* One kill -9 and the time until a request succeeds again; NAN when it never does in time. */
static double recycle_once(bench_env *e, wudf_client *c, wudf_handle *f, int *open, int64_t pid)
{
    const char *dev = "ROOT\\ECHO\\0000";
    uint8_t in[BENCH_IOCTL_BYTES], out[BENCH_IOCTL_BYTES];
    memset(in, 0x3c, sizeof in);
    uint64_t t0 = uv_hrtime(), deadline = t0 + (uint64_t)RECYCLE_LIMIT_MS * 1000000u;
    if (uv_kill((int)pid, SIGKILL))
        return NAN;
    /* Tight on purpose: the figure is the time the device is unusable, not our polling period.
     * The first successes can only come from a new host: a SIGKILLed process never runs again. */
    while (uv_hrtime() < deadline) {
        if (!*open) {
            if (wudf_open(c, dev, 1000, f) < 0)
                continue;
            *open = 1;
        }
        uint32_t got = 0;
        wudf_status st = wudf_ioctl(c, *f, IOCTL_ECHO_LOOPBACK, in, sizeof in, out, sizeof out, &got, 1000);
        if (st >= 0 && got == sizeof in && memcmp(in, out, sizeof in) == 0)
            return bench_us(t0, uv_hrtime());
        /* The file belonged to the dead host: its generation is gone for good, open a new one. */
        wudf_close(c, *f);
        *open = 0;
    }
    return NAN;
}

void bench_run_recycle(const bench_opts *o, bench_env *e)
{
    const char *g = "host recycle";
    const char *name = "kill -9 -> first successful request";
    unsigned rounds = o->quick ? 5 : 20;
    bench_samples s = {0};
    wudf_client *c = NULL;
    wudf_handle f = 0;
    int open = 0, same_pid = 0;
    char why[400] = "";
    if (wudf_connect(e->endpoint, &c) < 0)
        bench_why(why, sizeof why, "connect: %s", wudf_client_error(c));
    for (unsigned i = 0; i < rounds && !why[0]; i++) {
        int64_t pid = wait_host(e, "ROOT\\ECHO\\0000", RECYCLE_LIMIT_MS);
        if (pid < 0) {
            bench_why(why, sizeof why, "round %u: the device has no running host", i);
            break;
        }
        double us = recycle_once(e, c, &f, &open, pid);
        if (isnan(us)) {
            bench_why(why, sizeof why, "round %u: no successful request within %u ms", i, RECYCLE_LIMIT_MS);
            break;
        }
        same_pid += wait_host(e, "ROOT\\ECHO\\0000", RECYCLE_LIMIT_MS) == pid;
        bench_samples_add(&s, us / 1000.0);
    }
    wudf_disconnect(c);
    if (why[0] || same_pid) {
        bench_note(bench_add(g, name, NAN, "ms", NAN, NULL), "%s",
                   why[0] ? why : "the host pid did not change after a kill");
        bench_failed = 1;
    } else {
        double med = bench_percentile(&s, 50), lo = s.v[0], hi = s.v[s.n - 1];
        bench_row *r = bench_add(g, name, med, "ms", NAN, NULL);
        bench_target(r, BENCH_TARGET_VALUE, 1, 20);
        bench_note(r, "median of %zu kills; min %.2f ms, max %.2f ms", s.n, lo, hi);
    }
    bench_samples_free(&s);
}

void bench_run_status(const bench_opts *o, bench_env *e)
{
    const char *g = "status";
    char name[80], why[400] = "";
    snprintf(name, sizeof name, "op=status of all %u devices, median", e->devices);
    unsigned warm = 3, rounds = 20;
    bench_samples s = {0};
    wudf_kv reply;
    wudf_kv_init(&reply);
    for (unsigned i = 0; i < warm + rounds && !why[0]; i++) {
        int32_t st = 0;
        wudf_kv_free(&reply);
        wudf_kv_init(&reply);
        uint64_t t0 = uv_hrtime();
        if (bench_tool(e, "status", NULL, &st, &reply, why, sizeof why) || st < 0)
            break;
        double ms = bench_us(t0, uv_hrtime()) / 1000.0;
        size_t records = 0;
        for (size_t k = 0; k < reply.count; k++)
            records += strcmp(reply.keys[k], "device") == 0;
        if (records != e->devices)
            bench_why(why, sizeof why, "the reply listed %zu devices, not %u", records, e->devices);
        else if (i >= warm)
            bench_samples_add(&s, ms);
    }
    if (why[0] || !s.n) {
        bench_note(bench_add(g, name, NAN, "ms", NAN, NULL), "%s", why[0] ? why : "no reply");
        bench_failed = 1;
    } else {
        bench_row *r = bench_add(g, name, bench_percentile(&s, 50), "ms", NAN, NULL);
        if (e->devices >= BENCH_MAX_DEVICES)
            bench_target(r, BENCH_TARGET_VALUE, 1, 10);
        bench_note(r, "one tool connection kept open; reply holds %zu key/value entries", reply.count);
    }
    /* With every device listed, the hosts' memory comes for free: the mean over all idle hosts. */
    double sum = 0;
    unsigned hosts = 0;
    for (size_t k = 0; k < reply.count; k++) {
        uint64_t pid = 0;
        if (strcmp(reply.keys[k], "host_pid") == 0 && (pid = strtoull(reply.values[k], NULL, 10)) > 0) {
            long kib = bench_rss_kib((int64_t)pid);
            if (kib >= 0) {
                sum += (double)kib;
                hosts++;
            }
        }
    }
    snprintf(name, sizeof name, "host RSS, mean of %u idle hosts", hosts);
    bench_row *r = bench_add("memory", name, hosts ? sum / hosts : NAN, "KiB", NAN, NULL);
    if (!hosts)
        bench_note(r, "no /proc here");
    long refl = bench_rss_kib((int64_t)e->process.pid);
    snprintf(name, sizeof name, "reflector RSS with %u devices", e->devices);
    bench_add("memory", name, refl < 0 ? NAN : (double)refl, "KiB", NAN, NULL);
    wudf_kv_free(&reply);
    bench_samples_free(&s);
    (void)o;
}
