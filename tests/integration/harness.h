/*
 * Integration-test harness: runs the real reflector (which runs real hosts)
 * in a private temporary directory, collects its event log on a thread of
 * its own, and lets a test wait for log events with a bounded timeout.
 */
#ifndef OPENWUDF_TEST_HARNESS_H
#define OPENWUDF_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "client_internal.h"

typedef struct harness_options {
    unsigned restart_limit;        /* 0: the default of 5 */
    unsigned critical_timeout_ms;  /* 0: 10000 */
    unsigned heartbeat_ms;         /* 0: 200 */
    unsigned heartbeat_timeout_ms; /* 0: 5000 */
    unsigned restart_reset_sec;    /* 0: 1800 */
    const char *host_user;         /* NULL: hosts run as the test's own user; "": wudfrd's default */
    const char *device_group;      /* wudfrd --device-group, NULL for none */
    unsigned host_memory_mb;       /* 0: wudfrd's default */
    /* Run wudfrd, wudfhost, wudfctl and the drivers from copies in a directory every user can
     * read (<root>/bin), for hosts and clients that run as another user. */
    int shared_bin;
    const char *const *extra_args; /* up to 4 more wudfrd options, NULL-terminated */
    /* wudfrd --log-level, NULL: debug. A run of a million requests logs more at debug than the
     * harness reads in time, and the reflector then waits on its log; harness_log_sync needs debug. */
    const char *log_level;
} harness_options;

typedef struct harness {
    char root[512];
    char bin[600];                 /* where wudfrd, wudfhost, wudfctl and drivers/ are */
    char runtime[600];
    char state[600];
    char endpoint[700];
    harness_options options;
    uv_loop_t loop;
    uv_thread_t thread;
    uv_async_t wake;
    uv_process_t process;
    uv_pipe_t log_pipe;
    uv_timer_t log_grace; /* after the reflector's exit: how long its log may still be written */
    int log_grace_started;
    uv_mutex_t lock;
    uv_cond_t changed;
    char *log;
    size_t log_length, log_capacity;
    int64_t pid;
    int running;
    int exited;
    int64_t exit_status;
    int term_signal;
    int stop_thread;
    int thread_started;
} harness;

/* Creates the temporary directory and starts the reflector; 0 when it is ready. */
int harness_start(harness *h, const harness_options *options);
/* Starts the reflector again on the same directories (after a stop or kill). */
int harness_restart(harness *h);
/* SIGTERM, then waits for the exit; returns the exit status or -1 on timeout. */
int harness_stop(harness *h, unsigned timeout_ms);
/* Waits for the reflector to exit by itself; its exit status, or -1 on timeout. */
int harness_wait_exit(harness *h, unsigned timeout_ms);
/* kill -9 of the reflector, then waits for the exit. */
int harness_kill(harness *h);
/* Stops everything and removes the temporary directory. */
void harness_cleanup(harness *h);

/* Current end of the log: waits can start looking from there. */
size_t harness_log_mark(harness *h);
/* Waits until the log after `from` contains needle; returns 0, or -1 after timeout_ms. */
int harness_wait_log(harness *h, const char *needle, size_t from, unsigned timeout_ms);
/* The log is read as the reflector writes it, a moment later: this makes the reflector log a line
 * of its own and waits for it, so that every line logged before the call is in. Returns the mark
 * after it (-1 cast to size_t if the line never came). */
size_t harness_log_sync(harness *h);
/* Counts occurrences of needle in the log after from. */
unsigned harness_log_count(harness *h, const char *needle, size_t from);

/* Tool request built by the caller; reply entries appended. Returns the status. */
int32_t harness_tool_kv(harness *h, const wudf_kv *req, wudf_kv *reply);
/* Tool request with op and device; reply entries appended. Returns the status. */
int32_t harness_tool(harness *h, const char *op, const char *device, wudf_kv *reply);
/* Installs inf/NAME.inf (from the source tree), or the INF a full path names (a stamped one in the
 * build tree), and waits for the outcome; returns the status. */
int32_t harness_install(harness *h, const char *inf_name, const char *const *settings, char *instance_id,
                        size_t size);
/* One status field of a device, "" if absent. */
void harness_field(harness *h, const char *device, const char *key, char *out, size_t size);
long long harness_field_number(harness *h, const char *device, const char *key);
/* Waits for `event=state device=D state=S`; 0 or -1. */
int harness_wait_state(harness *h, const char *device, const char *state, size_t from, unsigned timeout_ms);
/* kill -9 of the device's host; returns its pid, or -1. */
long long harness_kill_host(harness *h, const char *device);

/* 1 when the test runs as root; otherwise 0, after printing that what needs it is skipped. */
int harness_as_root(const char *needed_for);

/* Client connected to this harness's reflector (asserts on failure). */
wudf_client *harness_client(harness *h);

/* Starts a program with stdout on a pipe, waits for a line containing ready; returns its pid or -1. */
typedef struct harness_child {
    uv_loop_t loop;
    uv_process_t process;
    uv_pipe_t in;
    uv_pipe_t out;
    uv_pipe_t err;       /* with harness_run_capture only: stderr into the same buffer */
    int capture_stderr;
    uv_timer_t timer;
    char buffer[16384]; /* a command's whole output: `wudfctl help` passes 4 KiB */
    size_t length;
    int exited;
    int64_t exit_status;
    int64_t pid;
} harness_child;
int harness_child_start(harness_child *c, const char *const *args, const char *ready, unsigned timeout_ms);
/* Waits until the output contains text (or the child exits); 0 when it does. */
int harness_child_wait_output(harness_child *c, const char *text, unsigned timeout_ms);
/* Writes text to the child's standard input. */
int harness_child_write(harness_child *c, const char *text);
/* Closes the child's standard input: it reads its end. */
void harness_child_end_input(harness_child *c);
/* Waits for the exit (bounded; killed after), closes everything; the exit status or -1. */
int harness_child_finish(harness_child *c, unsigned timeout_ms);
/* kill -9 and wait for the exit. */
int harness_child_kill(harness_child *c);
/* Runs a program to its end (bounded); its output is in c->buffer. Returns its exit status or -1. */
int harness_run(harness_child *c, const char *const *args, unsigned timeout_ms);
/* The same with its standard error in c->buffer too, for messages a test checks. */
int harness_run_capture(harness_child *c, const char *const *args, unsigned timeout_ms);

#endif
