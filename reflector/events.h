/*
 * The event history of each device (docs/architecture.md, "Event history"): what happened to it and
 * when, kept by the reflector in <state>/events.log across restarts, shown by `wudfctl events` and
 * followed live. Only state transitions are recorded, never requests: the hooks below are called
 * from the places that change a device's state, once per transition.
 */
#ifndef OPENWUDF_REFLECTOR_EVENTS_H
#define OPENWUDF_REFLECTOR_EVENTS_H

#include <stdint.h>

#include "reflector.h"

/* Bounds: the newest events of each device, of all devices together, and how many removed devices
 * keep their history (the machine-level history of what is gone). */
#define WUDF_EVENTS_PER_DEVICE 256u
#define WUDF_EVENTS_TOTAL 16384u
#define WUDF_EVENTS_REMOVED_DEVICES 64u

/* ---- hooks (one call each where the transition happens) ---- */

/* reflector.c: after the device store, the history from the state directory; at teardown. */
void wudf_events_load(wudf_reflector *r);
void wudf_events_close(void);
/* devnode.c: d's state has just changed (started, restarting, failed, disabled, stopped). */
void wudf_events_state(wudf_devnode *d);
/* tool.c, usb_pnp.c: a new device; enable of a disabled one. supervisor.c: d is being removed. */
void wudf_events_installed(wudf_devnode *d);
void wudf_events_enabled(wudf_devnode *d);
void wudf_events_removed(wudf_devnode *d);
/* driver_store_update.c: d was moved onto another driver package (from: what it had, "oem0.inf 1.0.0.1"). */
void wudf_events_driver_updated(wudf_devnode *d, const char *from);
/* supervisor.c: the host's process exited (before wudf_supervisor_host_exited), and a host is lost
 * (before its pending requests fail). The loss is recorded with the state it leads to. */
void wudf_events_host_exit(const wudf_host *h, int64_t exit_status, int term_signal);
void wudf_events_host_lost(wudf_host *h, const char *reason);
/* power.c: the host reported d's power (HOST_EVENT event=power), d's fields already updated. */
void wudf_events_power(wudf_devnode *d, const wudf_kv *kv);
/* host_output.c: a host's line as the reflector logs it (fields start with event=); io.c: a bug the
 * reflector found itself. Driver bugs are counted for the status, not recorded as events. */
void wudf_events_host_line(const char *device, const char *fields);
void wudf_events_driver_bug(const wudf_devnode *d, const char *bug);
/* devnode.c: heartbeat age, last event, driver bugs, whether the last failure is still current. */
int wudf_events_status(const wudf_devnode *d, wudf_kv *kv, wudf_error *err);
/* tool.c: op=events (tool_events.c), and a tool connection that closed. */
void wudf_tool_events(wudf_conn *c, uint64_t irp_id, const wudf_kv *req);
void wudf_events_conn_gone(wudf_conn *c);

/* ---- what events.c, events_store.c and tool_events.c share ---- */

typedef enum wudf_event_type {
    WUDF_EVENT_INSTALLED,
    WUDF_EVENT_STARTED,
    WUDF_EVENT_HOST_LOST,
    WUDF_EVENT_RESTARTING,
    WUDF_EVENT_FAILED,
    WUDF_EVENT_STOPPED,
    WUDF_EVENT_NOT_PRESENT,
    WUDF_EVENT_ENABLED,
    WUDF_EVENT_DISABLED,
    WUDF_EVENT_REMOVED,
    WUDF_EVENT_POWER,
    WUDF_EVENT_SUSPENDED,
    WUDF_EVENT_RESUMED,
    WUDF_EVENT_DRIVER_UPDATED,
    WUDF_EVENT_TYPE_COUNT
} wudf_event_type;

/* Which of the optional fields an event has. */
#define WUDF_EVF_PID 0x01u
#define WUDF_EVF_SIGNAL 0x02u
#define WUDF_EVF_EXIT 0x04u
#define WUDF_EVF_FAILED_REQUESTS 0x08u
#define WUDF_EVF_RESTARTS 0x10u
#define WUDF_EVF_POWER 0x20u

typedef struct wudf_event {
    uint64_t seq;                 /* increasing, also across reflector restarts */
    uint64_t time_ms;             /* UTC, milliseconds since 1970 */
    uint8_t type;                 /* wudf_event_type */
    uint8_t fields;               /* WUDF_EVF_* */
    char state[12];               /* the device's state after the event ("removed" once gone) */
    int32_t problem;
    int64_t pid;
    int32_t signal;
    int64_t exit_code;
    uint32_t failed_requests;     /* requests that completed with STATUS_DRIVER_PROCESS_TERMINATED */
    uint32_t restarts, restart_limit;
    char cause[20];               /* host-lost: signal, exit, heartbeat, critical-timeout, ... */
    char power_state[4], system_state[4];
    char text[256];               /* installed: the INF; driver-updated: from and to; others: the reason */
} wudf_event;

/* The history of one instance id. */
typedef struct wudf_event_log {
    wudf_list link;
    char device[300];
    wudf_event *ring;
    unsigned capacity, head, count; /* head: the oldest */
    uint64_t dropped;             /* older events let go for the bounds */
    int removed;                  /* its last event is `removed`: the device is gone */
    int last_state;               /* wudf_devnode_state at its last transition, -1 unknown */
    char power_seen[8];           /* "D0/S0": the power its host last reported */
    uint64_t failure_ms, recovered_ms; /* last host-lost or failed, and the start that followed it */
    uint64_t driver_bugs;         /* this reflector run */
    char last_driver_bug[48];
    uint64_t last_driver_bug_ms;
    int has_pending;              /* a host-lost waiting for the transition it leads to */
    wudf_event pending;
} wudf_event_log;

const char *wudf_event_type_name(unsigned type);
int wudf_event_type_from_name(const char *name);
/* The i-th event of a log, oldest first. */
const wudf_event *wudf_event_at(const wudf_event_log *log, unsigned i);
wudf_event_log *wudf_events_find(const char *device);
/* The log of device, made if needed; NULL before the history is loaded (or out of memory). */
wudf_event_log *wudf_events_log_for(const char *device);
/* Every log, for the tool and the store. */
wudf_list *wudf_events_logs(void);
/* Adds e (seq and time given) to the history under the bounds; NULL when memory ran out. */
const wudf_event *wudf_events_insert(const char *device, const wudf_event *e);
/* Counts n events of device dropped before (a line of the file); 0, or -1 out of memory. */
int wudf_events_add_dropped(const char *device, uint64_t n);
/* Events kept, all devices together. */
unsigned wudf_events_total(void);
/* Stamps e (seq, UTC time), keeps it, writes it to the file and pushes it to the followers. */
void wudf_events_record(const char *device, wudf_event *e);
uint64_t wudf_events_now_ms(void); /* UTC */
/* events_record.c: a host-lost waiting in log is recorded, with d's state (d NULL: as it was); the
 * exit noted for the next loss is forgotten (teardown). */
void wudf_events_flush_pending(wudf_event_log *log, const wudf_devnode *d);
void wudf_events_forget_exit(void);
/* UTC "2026-12-07T05:01:02.345Z" (with_ms) or without the milliseconds. */
void wudf_events_time_text(uint64_t time_ms, int with_ms, char *out, size_t size);

/* events_store.c: the file. load replays it into memory with wudf_events_insert (and the counts of
 * events dropped before into the logs) and returns the last seq; append writes one new event
 * (compacting the file now and then); close lets go of it. */
uint64_t wudf_events_store_load(const char *state_dir);
void wudf_events_store_append(const char *device, const wudf_event *e);
void wudf_events_store_close(void);

/* tool_events.c: a new event for the followers. */
void wudf_events_push(const wudf_event_log *log, const wudf_event *e);

#endif
