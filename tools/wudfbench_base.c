/*
 * wudfbench: sample statistics and the two baselines every figure is divided
 * by. The baselines are taken in the same run because the cost of a process
 * wake-up and of a memory copy differ by machine far more than our code does;
 * a ratio to them says what the design costs, an absolute figure does not.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <errno.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "wudfbench.h"

int bench_samples_add(bench_samples *s, double value)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        double *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = value;
    return 0;
}

void bench_samples_free(bench_samples *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_percentile(bench_samples *s, double p)
{
    if (!s->n)
        return NAN;
    qsort(s->v, s->n, sizeof *s->v, cmp_double);
    /* Nearest rank: the smallest sample with at least p% of the samples at or below it. */
    size_t rank = (size_t)ceil(p / 100.0 * (double)s->n);
    if (rank < 1)
        rank = 1;
    if (rank > s->n)
        rank = s->n;
    return s->v[rank - 1];
}

double bench_us(uint64_t from_ns, uint64_t to_ns)
{
    return (double)(to_ns - from_ns) / 1000.0;
}

#ifndef _WIN32
static int write_full(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* 0 when the peer closed before the first byte, 1 when n bytes arrived, -1 on error. */
static int read_full(int fd, uint8_t *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv(fd, p + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r == 0 && got == 0 ? 0 : -1;
        got += (size_t)r;
    }
    return 1;
}

/*
 * The floor for any design that crosses a process boundary by socket: one
 * message of our framing size (64-byte header + 64-byte payload) each way
 * between two processes, blocking reads, no event loop, no encoding.
 */
static int pingpong(size_t warm, size_t count, bench_samples *out)
{
    int sv[2];
    uint8_t buf[WUDF_MSG_HEADER_SIZE + BENCH_PINGPONG_PAYLOAD];
    memset(buf, 0x5a, sizeof buf);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
        return -1;
    fflush(NULL); /* the child must not write our buffered output a second time */
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        bench_place_server();
        close(sv[0]);
        while (read_full(sv[1], buf, sizeof buf) == 1)
            if (write_full(sv[1], buf, sizeof buf))
                break;
        _exit(0);
    }
    close(sv[1]);
    int rc = 0;
    for (size_t i = 0; i < warm + count && !rc; i++) {
        uint64_t t0 = uv_hrtime();
        if (write_full(sv[0], buf, sizeof buf) || read_full(sv[0], buf, sizeof buf) != 1)
            rc = -1;
        else if (i >= warm)
            rc = bench_samples_add(out, bench_us(t0, uv_hrtime()));
    }
    close(sv[0]); /* the child sees EOF and exits */
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return rc;
}
#endif

/*
 * Copies 1 MiB blocks; the median of several trials so one preemption does not
 * decide. blocks = 1 copies between the same two buffers (they stay in the CPU
 * caches: the figure the brief asks for); more blocks rotate through pools
 * larger than any cache, which is what a copy of fresh data costs.
 */
static double memcpy_bandwidth(int trials, int copies, size_t blocks)
{
    size_t n = BENCH_MIB;
    uint8_t *src = malloc(n * blocks), *dst = malloc(n * blocks);
    bench_samples s = {0};
    double result = NAN;
    /* Through a volatile pointer so the compiler cannot drop copies whose result nobody reads. */
    void *(*volatile copy)(void *, const void *, size_t) = memcpy;
    if (src && dst) {
        memset(src, 1, n * blocks);
        memset(dst, 2, n * blocks); /* fault the pages in before timing */
        for (int t = 0; t < trials; t++) {
            uint64_t t0 = uv_hrtime();
            for (int k = 0; k < copies; k++) {
                size_t at = (size_t)k % blocks * n;
                copy(dst + at, src + at, n);
            }
            double us = bench_us(t0, uv_hrtime());
            if (us > 0 && bench_samples_add(&s, (double)n * copies / us) < 0) /* bytes/us = MB/s */
                break;
        }
        result = bench_percentile(&s, 50);
    }
    bench_samples_free(&s);
    free(src);
    free(dst);
    return result;
}

void bench_run_baselines(const bench_opts *o, bench_baseline *b)
{
    b->pingpong_p50_us = b->pingpong_p99_us = NAN;
#ifndef _WIN32
    bench_progress("baseline: raw Unix-socket ping-pong");
    bench_samples s = {0};
    if (pingpong(o->quick ? 500 : 2000, o->quick ? 5000 : 50000, &s) == 0) {
        b->pingpong_p50_us = bench_percentile(&s, 50);
        b->pingpong_p99_us = bench_percentile(&s, 99);
    } else {
        bench_failed = 1;
    }
    bench_samples_free(&s);
#endif
    bench_row *r = bench_add("baselines", "raw socket ping-pong p50 (128 B msgs)", b->pingpong_p50_us, "us", NAN, NULL);
#ifdef _WIN32
    bench_note(r, "no socketpair+fork here");
#else
    bench_note(r, "socketpair + fork, blocking send/recv");
#endif
    bench_add("baselines", "raw socket ping-pong p99", b->pingpong_p99_us, "us", NAN, NULL);
    r = bench_add("baselines", "baseline msg/s (1 / ping-pong p50)", 1e6 / b->pingpong_p50_us, "msg/s", NAN, NULL);

    bench_progress("baseline: memcpy bandwidth");
    b->memcpy_mb_s = memcpy_bandwidth(o->quick ? 5 : 15, o->quick ? 200 : 1000, 1);
    if (isnan(b->memcpy_mb_s))
        bench_failed = 1;
    r = bench_add("baselines", "memcpy 1 MiB, one thread (the baseline)", b->memcpy_mb_s, "MB/s", NAN, NULL);
    bench_note(r, "same two buffers each time: they stay in the CPU caches; MB = 10^6 bytes");
    /* Not a divisor: the context for reading the 1 MiB ratios, since a request's bytes are rarely cached. */
    double cold = memcpy_bandwidth(o->quick ? 3 : 7, 256, 128);
    r = bench_add("baselines", "memcpy 1 MiB blocks over 2 x 128 MiB", cold, "MB/s", cold / b->memcpy_mb_s,
                  "memcpy bandwidth");
    bench_note(r, "for context only: the data comes from memory, not the caches");
}
