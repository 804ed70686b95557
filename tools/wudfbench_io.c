/*
 * wudfbench: I/O figures through the whole request path, using only the
 * public client API, so the figures are what an application sees: first the
 * fast path (client and wudfhost share a ring, docs/fast-path.md), then, for
 * reference, the socket path (client library -> reflector -> wudfhost -> echo
 * driver -> back). Every request's result is checked: a fast wrong answer
 * must not count as a fast answer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "echo_ioctl.h"
#include "wudfbench.h"

/* Set while the socket path is measured for reference: its groups say so and carry no targets. */
static int socket_reference;

static bench_row *io_add(const char *group, const char *name, double value, const char *unit, double ratio,
                         const char *ratio_of)
{
    char g[80];
    bench_why(g, sizeof g, "%s%s", group, socket_reference ? ", socket path" : "");
    return bench_add(g, name, value, unit, ratio, ratio_of);
}

static void io_target(bench_row *row, int at_most, double target)
{
    if (!socket_reference)
        bench_target(row, BENCH_TARGET_RATIO, at_most, target);
}

static int open_device(bench_env *e, unsigned index, wudf_client **c, wudf_handle *f, char *why, size_t why_size)
{
    char name[64];
    bench_device_name(index, name, sizeof name);
    *c = NULL;
    wudf_status st = wudf_connect(e->endpoint, c);
    if (st < 0) {
        bench_why(why, why_size, "connect: %s", wudf_client_error(*c));
        wudf_disconnect(*c);
        *c = NULL;
        return -1;
    }
    st = wudf_open(*c, name, BENCH_IO_TIMEOUT_MS, f);
    if (st < 0) {
        bench_why(why, why_size, "open %s: status 0x%08x", name, (unsigned)st);
        wudf_disconnect(*c);
        *c = NULL;
        return -1;
    }
    return 0;
}

/* One synchronous 16-byte loopback; 0 when it came back whole and unchanged. */
static int loopback(wudf_client *c, wudf_handle f, const uint8_t *in, uint8_t *out)
{
    uint32_t got = 0;
    wudf_status st = wudf_ioctl(c, f, IOCTL_ECHO_LOOPBACK, in, BENCH_IOCTL_BYTES, out, BENCH_IOCTL_BYTES, &got,
                                BENCH_IO_TIMEOUT_MS);
    return st >= 0 && got == BENCH_IOCTL_BYTES && memcmp(in, out, BENCH_IOCTL_BYTES) == 0 ? 0 : -1;
}

static void failed_row(const char *group, const char *name, const char *unit, const char *why)
{
    bench_note(io_add(group, name, NAN, unit, NAN, NULL), "%s", why);
    bench_failed = 1;
}

static double round_trip(const bench_opts *o, wudf_client *c, wudf_handle f, const bench_baseline *b)
{
    double result = NAN;
    const char *g = "small IOCTL round trip (16 B loopback)";
    size_t warm = o->quick ? 500 : 2000, count = o->quick ? 3000 : 30000;
    uint8_t in[BENCH_IOCTL_BYTES], out[BENCH_IOCTL_BYTES];
    bench_samples s = {0};
    size_t errors = 0;
    for (size_t i = 0; i < warm + count; i++) {
        memset(in, (int)(i & 0xff), sizeof in);
        uint64_t t0 = uv_hrtime();
        if (loopback(c, f, in, out)) {
            errors++;
            continue;
        }
        uint64_t t1 = uv_hrtime();
        if (i >= warm && bench_samples_add(&s, bench_us(t0, t1)))
            break;
    }
    if (errors || s.n == 0) {
        failed_row(g, "round trip", "us", "requests failed");
    } else {
        double p50 = bench_percentile(&s, 50), p99 = bench_percentile(&s, 99);
        bench_row *r = io_add(g, "round trip p50", p50, "us", p50 / b->pingpong_p50_us, "ping-pong p50");
        io_target(r, 1, 1.5);
        bench_note(r, "%zu requests after %zu warm-up, wudf_ioctl (synchronous)", count, warm);
        io_add(g, "round trip p99", p99, "us", p99 / b->pingpong_p99_us, "ping-pong p99");
        result = p50;
    }
    bench_samples_free(&s);
    return result;
}

/* --- pipelined: the completion routine issues the next request, keeping depth requests in flight --- */

typedef struct pipeline pipeline;
typedef struct pipe_slot {
    pipeline *p;
    uint8_t out[BENCH_IOCTL_BYTES];
} pipe_slot;

struct pipeline {
    wudf_client *c;
    wudf_handle f;
    uint8_t in[BENCH_IOCTL_BYTES];
    size_t issued, completed, target, errors;
    int stop;
    uint64_t last_ns;
};

static void pipe_issue(pipe_slot *s);

static void pipe_done(wudf_client *c, wudf_request_id id, wudf_status st, uint64_t information, void *context)
{
    pipe_slot *s = context;
    pipeline *p = s->p;
    p->completed++;
    p->last_ns = uv_hrtime();
    if (st < 0 || information != BENCH_IOCTL_BYTES || memcmp(s->out, p->in, BENCH_IOCTL_BYTES) != 0)
        p->errors++;
    if (p->issued < p->target && !p->stop)
        pipe_issue(s);
}

static void pipe_issue(pipe_slot *s)
{
    pipeline *p = s->p;
    memset(s->out, 0, sizeof s->out);
    wudf_status st = wudf_ioctl_async(p->c, p->f, IOCTL_ECHO_LOOPBACK, p->in, BENCH_IOCTL_BYTES, s->out,
                                      BENCH_IOCTL_BYTES, pipe_done, s, NULL);
    if (st < 0) {
        p->errors++;
        p->stop = 1;
    } else {
        p->issued++;
    }
}

/* Runs count requests with depth outstanding; returns requests per second, NAN on failure. */
static double pipe_run(pipeline *p, pipe_slot *slots, unsigned depth, size_t count)
{
    p->issued = p->completed = p->errors = 0;
    p->target = count;
    p->stop = 0;
    uint64_t t0 = uv_hrtime(), deadline = t0 + 60ull * 1000000000u;
    p->last_ns = t0;
    for (unsigned i = 0; i < depth && p->issued < count && !p->stop; i++)
        pipe_issue(&slots[i]);
    while (p->completed < p->issued && uv_hrtime() < deadline)
        if (wudf_poll(p->c, 2) < 0)
            break;
    if (p->errors || p->completed != count)
        return NAN;
    return (double)count / (bench_us(t0, p->last_ns) / 1e6);
}

static void pipelined(const bench_opts *o, wudf_client *c, wudf_handle f, const bench_baseline *b)
{
    const char *g = "pipelined small IOCTLs (wudf_ioctl_async + wudf_poll)";
    static const unsigned depths[] = {1, 8, 64};
    double base_rate = 1e6 / b->pingpong_p50_us;
    pipeline p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.f = f;
    memset(p.in, 0xa5, sizeof p.in);
    pipe_slot *slots = calloc(64, sizeof *slots);
    if (!slots) {
        failed_row(g, "pipelined", "req/s", "out of memory");
        return;
    }
    for (unsigned i = 0; i < 64; i++)
        slots[i].p = &p;
    for (size_t d = 0; d < sizeof depths / sizeof *depths; d++) {
        char name[80];
        snprintf(name, sizeof name, "%u outstanding", depths[d]);
        size_t count = o->quick ? 3000 : 30000;
        pipe_run(&p, slots, depths[d], count / 10); /* warm-up at the same depth */
        double rate = pipe_run(&p, slots, depths[d], count);
        if (isnan(rate)) {
            failed_row(g, name, "req/s", "requests failed or did not complete");
            continue;
        }
        bench_row *r = io_add(g, name, rate, "req/s", rate / base_rate, "baseline msg/s");
        if (depths[d] == 64)
            io_target(r, 0, 3.0);
    }
    free(slots);
}

/* --- throughput: echo keeps the last write (up to 1 MiB) and a read returns it --- */

static void throughput(const bench_opts *o, wudf_client *c, wudf_handle f, const bench_baseline *b)
{
    const char *g = "throughput (synchronous wudf_write / wudf_read)";
    static const uint32_t sizes[] = {4096, 65536, BENCH_MIB};
    uint8_t *wbuf = malloc(BENCH_MIB), *rbuf = malloc(BENCH_MIB);
    if (!wbuf || !rbuf) {
        failed_row(g, "throughput", "MB/s", "out of memory");
        free(wbuf);
        free(rbuf);
        return;
    }
    for (size_t i = 0; i < BENCH_MIB; i++)
        wbuf[i] = (uint8_t)(i * 7 + 3);
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        uint32_t size = sizes[k], n = 0;
        char label[16], name[80];
        snprintf(label, sizeof label, size >= BENCH_MIB ? "%u MiB" : "%u KiB",
                 size >= BENCH_MIB ? size / BENCH_MIB : size / 1024);
        /* About the same bytes per size, within bounds so small sizes do not take minutes. */
        size_t bytes = o->quick ? 32u * BENCH_MIB : 256u * BENCH_MIB;
        size_t iters = bytes / size, lo = o->quick ? 20 : 100, hi = o->quick ? 1500 : 10000;
        iters = iters < lo ? lo : iters > hi ? hi : iters;
        /* Once untimed, and checked: the bytes read back must be the bytes written. */
        wudf_status st = wudf_write(c, f, wbuf, size, 0, &n, BENCH_IO_TIMEOUT_MS);
        int ok = st >= 0 && n == size;
        if (ok) {
            st = wudf_read(c, f, rbuf, size, 0, &n, BENCH_IO_TIMEOUT_MS);
            ok = st >= 0 && n == size && memcmp(wbuf, rbuf, size) == 0;
        }
        for (int dir = 0; dir < 2; dir++) {
            snprintf(name, sizeof name, "%s %s", dir ? "read" : "write", label);
            uint64_t t0 = uv_hrtime();
            for (size_t i = 0; i < iters && ok; i++) {
                st = dir ? wudf_read(c, f, rbuf, size, 0, &n, BENCH_IO_TIMEOUT_MS)
                         : wudf_write(c, f, wbuf, size, 0, &n, BENCH_IO_TIMEOUT_MS);
                ok = st >= 0 && n == size;
            }
            double us = bench_us(t0, uv_hrtime());
            if (!ok) {
                failed_row(g, name, "MB/s", "a request failed or moved fewer bytes");
                continue;
            }
            double mbs = (double)size * (double)iters / us;
            bench_row *r = io_add(g, name, mbs, "MB/s", mbs / b->memcpy_mb_s, "memcpy bandwidth");
            if (size == BENCH_MIB)
                io_target(r, 0, 0.5);
            bench_note(r, "%zu requests, %.1f us each", iters, us / (double)iters);
        }
    }
    free(wbuf);
    free(rbuf);
}

/* --- 1 MiB transfers with BULK_DEPTH in flight: the client's copy overlaps the driver's --- */

#define BULK_DEPTH 3 /* 3 MiB in flight: fits a fast-path ring's 4 MiB arena */

typedef struct bulk {
    size_t completed, errors;
    uint64_t last_ns;
} bulk;

static void bulk_done(wudf_client *c, wudf_request_id id, wudf_status st, uint64_t information, void *context)
{
    bulk *k = context;
    (void)c, (void)id;
    k->completed++;
    k->last_ns = uv_hrtime();
    if (st < 0 || information != BENCH_MIB)
        k->errors++;
}

/* MB/s of count 1 MiB writes (dir 0) or reads (dir 1), BULK_DEPTH at a time; NAN on failure. */
static double bulk_run(wudf_client *c, wudf_handle f, uint8_t *bufs[BULK_DEPTH], int dir, size_t count)
{
    bulk k = {0, 0, 0};
    size_t issued = 0;
    uint64_t t0 = uv_hrtime(), deadline = t0 + 60ull * 1000000000u;
    while (k.completed < count && !k.errors && uv_hrtime() < deadline) {
        while (issued < count && issued - k.completed < BULK_DEPTH) {
            uint8_t *buf = bufs[issued % BULK_DEPTH];
            wudf_status st = dir ? wudf_read_async(c, f, buf, BENCH_MIB, 0, bulk_done, &k, NULL)
                                 : wudf_write_async(c, f, buf, BENCH_MIB, 0, bulk_done, &k, NULL);
            if (st < 0)
                return NAN;
            issued++;
        }
        if (wudf_poll(c, 100) < 0)
            return NAN;
    }
    if (k.errors || k.completed != count)
        return NAN;
    return (double)count * BENCH_MIB / bench_us(t0, k.last_ns);
}

static void bulk_pipelined(const bench_opts *o, wudf_client *c, wudf_handle f, const bench_baseline *b)
{
    const char *g = "throughput, 3 requests in flight (wudf_*_async)";
    uint8_t *bufs[BULK_DEPTH];
    int ok = 1;
    for (unsigned i = 0; i < BULK_DEPTH; i++)
        ok &= (bufs[i] = malloc(BENCH_MIB)) != NULL;
    for (unsigned i = 0; ok && i < BULK_DEPTH; i++)
        memset(bufs[i], 0x5a + (int)i, BENCH_MIB);
    size_t count = o->quick ? 32 : 256;
    for (int dir = 0; ok && dir < 2; dir++) {
        const char *name = dir ? "read 1 MiB" : "write 1 MiB";
        bulk_run(c, f, bufs, dir, count / 8); /* warm-up */
        double mbs = bulk_run(c, f, bufs, dir, count);
        if (isnan(mbs)) {
            failed_row(g, name, "MB/s", "a request failed or moved fewer bytes");
            continue;
        }
        bench_note(io_add(g, name, mbs, "MB/s", mbs / b->memcpy_mb_s, "memcpy bandwidth"), "%zu requests", count);
    }
    if (!ok)
        failed_row(g, "1 MiB", "MB/s", "out of memory");
    for (unsigned i = 0; i < BULK_DEPTH; i++)
        free(bufs[i]);
}

void bench_run_io(const bench_opts *o, bench_env *e, const bench_baseline *b, int socket_path)
{
    wudf_client *c;
    wudf_handle f;
    char why[400];
    socket_reference = socket_path;
    /* The client library reads WUDF_FAST_PATH when it connects. */
    if (socket_path)
        uv_os_setenv("WUDF_FAST_PATH", "0");
    int rc = open_device(e, 0, &c, &f, why, sizeof why);
    if (socket_path)
        uv_os_setenv("WUDF_FAST_PATH", "1");
    if (rc) {
        failed_row("I/O on ROOT\\ECHO\\0000", "open", "", why);
        return;
    }
    bench_progress("I/O%s: round trip", socket_path ? " by socket" : "");
    double p50 = round_trip(o, c, f, b);
    if (o->kernel && !socket_path) {
        bench_progress("I/O: round trip through reflector.sys");
        bench_run_kernel(o, p50);
    }
    bench_progress("I/O: pipelined");
    pipelined(o, c, f, b);
    bench_progress("I/O: throughput");
    throughput(o, c, f, b);
    bulk_pipelined(o, c, f, b);
    wudf_disconnect(c);
}

int bench_round_trip_loop(bench_env *e, unsigned seconds)
{
    wudf_client *c;
    wudf_handle f;
    char why[400];
    uint8_t in[BENCH_IOCTL_BYTES], out[BENCH_IOCTL_BYTES];
    if (open_device(e, 0, &c, &f, why, sizeof why)) {
        fprintf(stderr, "wudfbench: %s\n", why);
        return -1;
    }
    memset(in, 0x42, sizeof in);
    uint64_t t0 = uv_hrtime(), end = t0 + (uint64_t)seconds * 1000000000u, now = t0;
    size_t n = 0;
    int rc = 0;
    while ((now = uv_hrtime()) < end && !rc) {
        rc = loopback(c, f, in, out);
        n += !rc;
    }
    wudf_disconnect(c);
    printf("%zu round trips in %.3f s: %.1f us each\n", n, bench_us(t0, now) / 1e6, n ? bench_us(t0, now) / n : 0.0);
    return rc;
}

/* --- scaling: cost per request with devices x clients, one thread and one connection per client --- */

typedef struct scale_thread {
    bench_env *e;
    unsigned ndev, index;
    size_t requests, done;
    uv_barrier_t *start;
    uv_thread_t tid;
    uint64_t end_ns;
    int failed;
    char why[400];
} scale_thread;

static void scale_main(void *arg)
{
    scale_thread *t = arg;
    wudf_client *c = NULL;
    wudf_handle *files = calloc(t->ndev, sizeof *files);
    uint8_t in[BENCH_IOCTL_BYTES], out[BENCH_IOCTL_BYTES];
    unsigned opened = 0;
    memset(in, (int)t->index, sizeof in);
    if (!files) {
        t->failed = 1;
        bench_why(t->why, sizeof t->why, "out of memory");
    } else if (wudf_connect(t->e->endpoint, &c) < 0) {
        t->failed = 1;
        bench_why(t->why, sizeof t->why, "connect: %s", wudf_client_error(c));
    }
    /* Opening and one request per file happen before the clock starts: we time steady state. */
    for (; !t->failed && opened < t->ndev; opened++) {
        char name[64];
        bench_device_name(opened, name, sizeof name);
        wudf_status st = wudf_open(c, name, BENCH_IO_TIMEOUT_MS, &files[opened]);
        if (st < 0 || loopback(c, files[opened], in, out)) {
            t->failed = 1;
            bench_why(t->why, sizeof t->why, "open or first request on %s failed (0x%08x)", name, (unsigned)st);
        }
    }
    /* Every thread reaches the barrier, failed or not, or the others would wait for ever. */
    uv_barrier_wait(t->start);
    for (size_t j = 0; !t->failed && j < t->requests; j++) {
        /* Spread: client i starts at device i, then walks all of them. */
        if (loopback(c, files[(t->index + j) % t->ndev], in, out)) {
            t->failed = 1;
            bench_why(t->why, sizeof t->why, "request %zu failed", j);
        } else {
            t->done++;
        }
    }
    t->end_ns = uv_hrtime();
    wudf_disconnect(c);
    free(files);
}

/* Cost per request in us for one cell of the grid, NAN with why on failure. */
static double scale_cell(const bench_opts *o, bench_env *e, unsigned ndev, unsigned clients, char *why,
                         size_t why_size)
{
    size_t total = o->quick ? 2000 : 20000, per = total / clients;
    if (per < (o->quick ? 20u : 100u))
        per = o->quick ? 20u : 100u;
    scale_thread *t = calloc(clients, sizeof *t);
    uv_barrier_t start;
    if (!t || uv_barrier_init(&start, clients + 1)) {
        free(t);
        bench_why(why, why_size, "out of memory");
        return NAN;
    }
    unsigned created = 0;
    for (; created < clients; created++) {
        t[created] = (scale_thread){.e = e, .ndev = ndev, .index = created, .requests = per, .start = &start};
        if (uv_thread_create(&t[created].tid, scale_main, &t[created]))
            break;
    }
    if (created < clients) {
        /* Cannot happen in practice; exit rather than leave created threads at the barrier for ever. */
        fprintf(stderr, "wudfbench: cannot create thread %u of %u\n", created, clients);
        exit(1);
    }
    uv_barrier_wait(&start);
    uint64_t t0 = uv_hrtime(), end = t0;
    size_t done = 0;
    int failed = 0;
    for (unsigned i = 0; i < clients; i++) {
        uv_thread_join(&t[i].tid);
        if (t[i].failed && !failed) {
            failed = 1;
            bench_why(why, why_size, "client %u: %s", i, t[i].why);
        }
        done += t[i].done;
        if (t[i].end_ns > end)
            end = t[i].end_ns;
    }
    uv_barrier_destroy(&start);
    free(t);
    return failed || !done ? NAN : bench_us(t0, end) / (double)done;
}

void bench_run_scaling(const bench_opts *o, bench_env *e, const bench_baseline *b)
{
    static const unsigned devs[] = {1, 10, 100}, clients[] = {1, 8, 64};
    for (size_t d = 0; d < sizeof devs / sizeof *devs; d++) {
        for (size_t k = 0; k < sizeof clients / sizeof *clients; k++) {
            char name[80], why[400];
            snprintf(name, sizeof name, "%u device%s, %u client%s", devs[d], devs[d] > 1 ? "s" : "", clients[k],
                     clients[k] > 1 ? "s" : "");
            if (devs[d] > e->devices) {
                failed_row("scaling: wall time / requests (sync IOCTLs)", name, "us", "not enough devices installed");
                continue;
            }
            bench_progress("scaling: %s", name);
            double us = scale_cell(o, e, devs[d], clients[k], why, sizeof why);
            if (isnan(us))
                failed_row("scaling: wall time / requests (sync IOCTLs)", name, "us", why);
            else
                bench_add("scaling: wall time / requests (sync IOCTLs)", name, us, "us", us / b->pingpong_p50_us,
                          "ping-pong p50");
        }
    }
}
