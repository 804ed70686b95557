/*
 * wudfbench: what the parts of the benchmark share. The program measures the
 * cost of today's socket path (client -> reflector -> host -> driver and back)
 * next to baselines taken in the same run on the same machine, so the ratios
 * stay meaningful when the machine changes. It is a program, not a test: it
 * reports figures and never asserts on time.
 */
#ifndef OPENWUDF_TOOLS_WUDFBENCH_H
#define OPENWUDF_TOOLS_WUDFBENCH_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "client_internal.h"
#include "platform.h"

/* Every request of the benchmark gets this long; a healthy path answers in well under a second. */
#define BENCH_IO_TIMEOUT_MS 10000u
/* Tool requests such as install wait for a host to start. */
#define BENCH_TOOL_TIMEOUT_MS 30000u
/* Framing of our messages, so the raw baseline moves the same bytes per message. */
#define BENCH_PINGPONG_PAYLOAD 64u
#define BENCH_IOCTL_BYTES 16u
#define BENCH_MIB (1024u * 1024u)
/* Devices the status and scaling figures use (ROOT\ECHO\0000 .. 0099). */
#define BENCH_MAX_DEVICES 100u

/* wudfbench_place.c: where the run's processes sit on the CPUs. */
typedef enum bench_placement { BENCH_PLACE_SPLIT, BENCH_PLACE_SHARED, BENCH_PLACE_FREE } bench_placement;
const char *bench_placement_name(bench_placement p);
int bench_placement_parse(const char *text, bench_placement *p);
/* Pins the calling thread to the client's CPU and returns the placement used (split needs two CPUs, and
 * only Linux pins); text says where everything sits. */
bench_placement bench_place_init(bench_placement wanted, char *text, size_t size);
/* Around starting a server-side process: what the calling thread starts next goes to the server's CPU. */
void bench_place_server(void);
void bench_place_client(void);

typedef struct bench_opts {
    int quick;
    bench_placement placement;
    int json;
    const char *inf; /* echo.inf */
    unsigned loop_seconds; /* --round-trip-loop: profile mode instead of the figures */
    int kernel;            /* --kernel (Windows): also through reflector.sys, wudfrd --kernel */
} bench_opts;

/* A growing set of samples in microseconds. */
typedef struct bench_samples {
    double *v;
    size_t n, cap;
} bench_samples;

int bench_samples_add(bench_samples *s, double value);
void bench_samples_free(bench_samples *s);
/* Nearest-rank percentile (0 < p <= 100); sorts the set. NAN when empty. */
double bench_percentile(bench_samples *s, double p);
/* Microseconds between two uv_hrtime() readings. */
double bench_us(uint64_t from_ns, uint64_t to_ns);

/* The reflector this run owns, in a temporary directory. */
typedef struct bench_env {
    char bin_dir[WUDF_PATH_MAX];
    char temp_dir[WUDF_PATH_MAX];
    char runtime_dir[WUDF_PATH_MAX];
    char state_dir[WUDF_PATH_MAX];
    char endpoint[WUDF_PATH_MAX];
    char log_path[WUDF_PATH_MAX];
    uv_loop_t loop;       /* only watches the reflector process */
    uv_process_t process;
    int loop_ready;
    int spawned;
    int exited;
    int64_t exit_status;
    int term_signal;
    wudf_client *tool;    /* one tool connection for the whole run */
    unsigned devices;     /* echo devices installed */
    int kernel;           /* wudfrd runs with --kernel */
} bench_env;

/* Makes the temporary directory and starts wudfrd; 0 or -1 with why filled. */
int bench_env_start(bench_env *e, int kernel, char *why, size_t why_size);
/* Asks the reflector to shut down, waits for its exit, removes the directory. */
int bench_env_stop(bench_env *e, char *why, size_t why_size);
/* Sends one tool request (op plus an optional device) on the run's tool connection. */
int bench_tool(bench_env *e, const char *op, const char *device, int32_t *status, wudf_kv *reply, char *why,
               size_t why_size);
/* Installs one more echo device from the INF; it is started when this returns 0. */
int bench_install_echo(bench_env *e, const char *inf, char *why, size_t why_size);
/* Host process of a started device, or -1. */
int64_t bench_host_pid(bench_env *e, const char *device);
/* ROOT\ECHO\NNNN */
void bench_device_name(unsigned index, char *buf, size_t size);
/* Resident set of a process in KiB (Linux), or -1 where the platform cannot say. */
long bench_rss_kib(int64_t pid);
/* A "Key: N kB" line of /proc/<pid>/<file> (Linux), or -1. */
long bench_proc_kib(int64_t pid, const char *file, const char *key);

/* The printed figures. value or ratio NAN = n/a. */
typedef enum bench_target_on { BENCH_TARGET_NONE, BENCH_TARGET_RATIO, BENCH_TARGET_VALUE } bench_target_on;

typedef struct bench_row {
    char group[80];
    char name[80];
    double value;
    const char *unit;
    double ratio;
    const char *ratio_of;  /* what the ratio divides by */
    bench_target_on target_on;
    int target_at_most;    /* 1: met when <= target, 0: when >= target */
    double target;
    char note[120];        /* why a value is n/a, or what it counted */
} bench_row;

/* Adds a row and returns it so a caller can set a target or a note. NULL when out of memory. */
bench_row *bench_add(const char *group, const char *name, double value, const char *unit, double ratio,
                     const char *ratio_of);
void bench_target(bench_row *row, bench_target_on on, int at_most, double target);
void bench_note(bench_row *row, const char *fmt, ...) WUDF_PRINTF(2, 3);
/* Formats into a fixed buffer, cutting what does not fit: for reasons and labels whose parts can be long
 * (a function, not snprintf, because the cut is intended and must not trip -Wformat-truncation). */
void bench_why(char *buf, size_t size, const char *fmt, ...) WUDF_PRINTF(3, 4);
/* Progress on stderr, so stdout holds only the table (or the JSON). */
void bench_progress(const char *fmt, ...) WUDF_PRINTF(1, 2);

/* Baselines measured in this run. NAN where the platform cannot measure. */
typedef struct bench_baseline {
    double pingpong_p50_us;
    double pingpong_p99_us;
    double memcpy_mb_s;
} bench_baseline;

void bench_run_baselines(const bench_opts *o, bench_baseline *b);
/* I/O on ROOT\ECHO\0000: round trip, pipelined, throughput. */
/* socket_path: the socket path, for reference (the client opts out of the fast path). */
void bench_run_io(const bench_opts *o, bench_env *e, const bench_baseline *b, int socket_path);
/* Only synchronous round trips for a while, nothing else: a steady workload to profile (perf, callgrind). */
int bench_round_trip_loop(bench_env *e, unsigned seconds);
/* wudfbench_kernel.c: the round trip of an unmodified program through reflector.sys, against the
 * client library's p50 measured just before (Windows; elsewhere a row saying why not). */
void bench_run_kernel(const bench_opts *o, double library_p50_us);
/* Resident memory of ROOT\ECHO\0000's host; when says at which point of the run. */
void bench_run_rss(bench_env *e, const char *when);
/* kill -9 of the host -> first successful request on the next one. */
void bench_run_recycle(const bench_opts *o, bench_env *e);
/* Needs BENCH_MAX_DEVICES installed: status latency and the device x client grid. */
void bench_run_status(const bench_opts *o, bench_env *e);
void bench_run_scaling(const bench_opts *o, bench_env *e, const bench_baseline *b);

/* Set by any phase that could not measure something it should have. */
extern int bench_failed;

#endif
