/*
 * The reflector's data model: devnodes (the device tree), host instances,
 * connections (clients, tools, hosts), open files and pending IRPs, and the
 * functions the reflector's files offer each other.
 */
#ifndef OPENWUDF_REFLECTOR_H
#define OPENWUDF_REFLECTOR_H

#include <stdint.h>

#include <uv.h>

#include <openwudf/status.h>

#include "error.h"
#include "list.h"
#include "log.h"
#include "platform.h"
#include "usb_pnp.h"
#include "wire.h"

/* The INF decoration of this build's architecture ([Models.NTamd64] ...). */
#if defined(_M_ARM64) || defined(__aarch64__)
#define WUDF_INF_PLATFORM "NTarm64"
#elif defined(_M_IX86) || defined(__i386__)
#define WUDF_INF_PLATFORM "NTx86"
#else
#define WUDF_INF_PLATFORM "NTamd64"
#endif

/* The ids hosts get one pair each from, by default (systemd's DynamicUser range). */
#define WUDF_HOST_UID_FIRST 61184
#define WUDF_HOST_UID_LAST 65519
#define WUDF_HOST_IDS_MAX (1 << 20)

/* A host's output (host_output.c): its longest line, and how many lines it may log in a second
 * (--host-log-rate) after a burst of WUDF_HOST_LOG_BURST seconds' worth. */
#define WUDF_HOST_LINE_MAX 2048
#define WUDF_HOST_LOG_RATE 200
#define WUDF_HOST_LOG_BURST 5

/* Configuration Manager problem codes shown in the status. */
#define CM_PROB_NONE 0
#define CM_PROB_FAILED_START 10
#define CM_PROB_DISABLED 22
#define CM_PROB_DEVICE_NOT_THERE 24
#define CM_PROB_FAILED_INSTALL 28
#define CM_PROB_FAILED_ADD 31
#define CM_PROB_FAILED_POST_START 43

/* --usbip servers at most. */
#define WUDF_USBIP_SERVERS_MAX 8

typedef struct wudf_config {
    char runtime_dir[WUDF_PATH_MAX];
    char state_dir[WUDF_PATH_MAX];
    char driver_dir[WUDF_PATH_MAX]; /* %12%: INF ServiceBinary paths resolve below it */
    char host_path[WUDF_PATH_MAX];
    char endpoint[WUDF_PATH_MAX];
    unsigned restart_limit;         /* restarts allowed before problem 43 (UMDF: 5) */
    uint64_t restart_reset_ms;      /* quiet time that resets the count (UMDF: 30 min) */
    uint64_t critical_timeout_ms;   /* start, stop and cancel (UMDF: 60 s) */
    uint64_t heartbeat_ms;          /* ping period */
    uint64_t heartbeat_timeout_ms;  /* no pong for this long: the host is stuck */
    char log_level[16];
    char device_group[64];          /* may connect, and open devices without their own ACL */
    char host_user[64];             /* every host runs as this user when the reflector runs as root;
                                       "" = one uid/gid pair each, from host_uid_first..host_uid_last */
    int64_t host_uid_first, host_uid_last; /* 0, 0: WUDF_HOST_UID_FIRST..WUDF_HOST_UID_LAST */
    char host_env[512];             /* more variables hosts get, comma-separated names */
    uint64_t host_log_rate;         /* lines a second a host may log (host_output.c), 0 = no limit */
    int host_no_seccomp;            /* hosts run without their system-call filter */
    uint64_t host_memory_mb;        /* address-space limit of a host, 0 = none */
    char kernel_mount[WUDF_PATH_MAX]; /* FUSE mount point of the device files (Linux), "" = none */
    int kernel_bridge;              /* serve reflector.sys's device objects (Windows) */
    int no_fast_path;               /* every request takes the socket path (fast_path.c) */
    unsigned max_connections;       /* clients and tools at once (admission.c) */
    unsigned max_connections_per_user; /* of one uid that is not an administrator */
    uint64_t hello_timeout_ms;      /* a new connection must say hello by then */
    uint64_t message_timeout_ms;    /* a message started must be finished by then */
    uint64_t max_partial_mb;        /* buffers of unfinished messages, all connections together */
    /* USB/IP servers whose exported devices become devnodes (usbip_pnp.c), "HOST:PORT" each */
    char usbip_servers[WUDF_USBIP_SERVERS_MAX][WUDF_USBIP_SERVER_MAX];
    unsigned usbip_server_count;
    uint64_t usbip_poll_ms;         /* how often each is asked for its device list */
} wudf_config;

/* Connections administrators may open beyond --max-connections, so that wudfctl works in a flood. */
#define WUDF_ADMIN_RESERVE 16u
/* Descriptors kept back from the connection cap for hosts, their channels, rings and the store. */
#define WUDF_DESCRIPTOR_RESERVE 256u

typedef enum wudf_devnode_state {
    WUDF_DN_STOPPED,    /* enabled, no host yet */
    WUDF_DN_STARTING,   /* host spawned, driver starting */
    WUDF_DN_STARTED,
    WUDF_DN_RESTARTING, /* host died; a new one is starting */
    WUDF_DN_STOPPING,   /* orderly removal in progress */
    WUDF_DN_DISABLED,
    WUDF_DN_FAILED      /* problem code says why */
} wudf_devnode_state;

typedef struct wudf_host wudf_host;
typedef struct wudf_conn wudf_conn;

/* Where the messages of a connection the reflector made for a kernel-facing endpoint go. */
typedef struct wudf_conn_sink {
    void (*deliver)(wudf_conn *c, void *ctx, const wudf_msg *msg); /* runs synchronously, inside the send */
    void (*gone)(wudf_conn *c, void *ctx);                          /* once, when the connection closes */
} wudf_conn_sink;

typedef struct wudf_service {
    char name[256];
    char clsid[40];
    char binary[WUDF_PATH_MAX];
    char library_version[32];
} wudf_service;

/* UMDF services of one device stack, as the INF parser allows (WUDF_INF_MAX_SERVICES). */
#define WUDF_MAX_SERVICES 8u

#define WUDF_MAX_SYMLINKS 8
#define WUDF_ACL_MAX 1024

typedef struct wudf_devnode {
    wudf_list link;
    uint32_t handle;              /* device_id on host channels */
    char instance_id[300];
    char hardware_id[256];
    char description[256];
    char manufacturer[256];
    char provider[256];
    char class_name[64];          /* the INF's Class and ClassGuid ("{...}"), "" when it has none */
    char class_guid[40];
    char inf_name[256];           /* stored copy in the state directory */
    char inf_origin[WUDF_PATH_MAX];
    char install_section[256];
    char driver_version[64];
    char driver_date[32];
    /* The drivers of its stack in UmdfServiceOrder order: services[0] is the lowest, the last is the
     * top, where requests enter. At least one once installed or loaded. */
    wudf_service services[WUDF_MAX_SERVICES];
    unsigned service_count;
    wudf_kv settings;             /* setting.<name> entries sent to the host */
    /* [DDInstall.Wdf] rules the host applies (wdf.* keys of DEVICE_START); "" = the INF default. */
    char method_neither_action[16];
    char file_object_policy[40];
    char impersonation_level[16];    /* UmdfImpersonationLevel: the most IWDFIoRequest::Impersonate gets */
    char acl[WUDF_ACL_MAX];       /* who may open it besides administrators; "" = the default */
    int installed_now;            /* installed by this reflector (not loaded): its registry keys are
                                   * its INF's, whatever a devnode of that id left in the registry */
    int enabled;
    /* USB devnodes (usb_pnp.c): where the device is while it is present */
    int usb;
    int present;
    int gone_until_replug;        /* the host saw it vanish; libusb may list it a moment longer */
    unsigned spawn_retry_ms;      /* spawn_retry.c: the last wait before starting its host again, 0 if none */
    unsigned usb_bus, usb_address;
    char usb_port[32];
    unsigned usb_vid, usb_pid;
    char usb_ids[320];            /* hardware and compatible ids, "; "-separated */
    /* A device a USB/IP server exports (usbip_pnp.c): "HOST:PORT" and its bus id there; "" for a local one.
     * Kept in the store, so that the devnode stays the server's while it is not present. */
    char usbip_server[WUDF_USBIP_SERVER_MAX];
    char usb_busid[32];

    /* runtime */
    wudf_devnode_state state;
    int problem;
    wudf_host *host;              /* current host instance, or NULL */
    uint32_t generation;          /* increments with every host instance */
    unsigned restart_count;
    uint64_t last_failure_ms;     /* uv_now of the last crash, 0 if none */
    char last_failure[512];
    char last_failure_time[40];
    uint64_t started_ms;
    char symlinks[WUDF_MAX_SYMLINKS][128];
    char symlink_references[WUDF_MAX_SYMLINKS][WUDF_LINK_REFERENCE_MAX + 1]; /* per link; "" for none */
    unsigned symlink_count;
    unsigned custom_events;          /* IWDFDevice::PostEvent events (custom_event.c) */
    char last_custom_event[40];      /* the last one's GUID */
    uint32_t open_files;
    uint32_t pending;
    int stop_then;                /* after an orderly stop: 0 none, 1 restart, 2 disable, 3 remove */
    wudf_list waiters;            /* tool requests waiting for the state to settle */
    int removed;
    /* power.c: what the host last said of the device's power, "" while it has no host */
    char power_state[8];          /* D0..D3 */
    char system_state[8];         /* S0, or S3 while the system sleeps (wudfctl suspend) */
    char power_idle[128];         /* its idle settings (AssignS0IdleSettings) */
    char power_wake[96];          /* its wake settings (AssignSxWakeSettings) */
    char usb_bus_power[240];          /* a USB device's bus: active, suspended, or not suspended and why */
    unsigned idle_downs, wakeups;
} wudf_devnode;

/* An open file: a client's handle on a devnode, bound to one host generation. */
typedef struct wudf_file {
    wudf_list conn_link;
    wudf_list all_link;
    uint32_t id;                  /* file_id on the host channel */
    uint32_t client_file_id;      /* file_id on the client's connection */
    wudf_conn *conn;              /* NULL once the client is gone */
    wudf_devnode *devnode;
    uint32_t generation;
    int open;                     /* create completed successfully */
    int closing;
    int wants_ring;               /* the CREATE asked for the fast path */
    struct wudf_ring_rec *ring;   /* its fast-path ring (fast_path.c), or NULL */
} wudf_file;

/* An IRP sent to a host and not yet completed. */
typedef struct wudf_pending wudf_pending;
struct wudf_pending {
    wudf_list host_link;
    wudf_list conn_link;
    wudf_pending *hash_next;
    uint64_t id;                  /* irp_id on the host channel */
    uint64_t client_irp_id;
    wudf_conn *conn;              /* NULL: orphaned (client gone) or internal */
    wudf_host *host;
    wudf_file *file;
    uint8_t major;
    uint32_t input_length;
    uint32_t output_length;
    uint64_t sent_ms;
    uint64_t cancel_ms;           /* when a cancel was forwarded, 0 if none */
};

typedef enum wudf_host_state {
    WUDF_HOST_HANDSHAKE,
    WUDF_HOST_STARTING,
    WUDF_HOST_RUNNING,
    WUDF_HOST_STOPPING,
    WUDF_HOST_DEAD
} wudf_host_state;

struct wudf_host {
    uv_process_t process;
    uv_timer_t timer;             /* start/stop deadline, heartbeat, cancel checks */
    wudf_conn *conn;              /* the channel */
    wudf_devnode *devnode;        /* NULL once detached */
    wudf_host_state state;
    uint32_t generation;
    int64_t pid;
    uint64_t deadline_ms;         /* start or stop must finish by then */
    uint64_t ping_sent_ms;        /* outstanding ping, 0 if none */
    uint64_t ping_id;
    uint64_t last_pong_ms;
    wudf_list pending;
    int handles_open;             /* process + timer close callbacks outstanding */
    int exited;
    uint64_t channel_closed_ms;   /* the host closed its channel; its exit is due */
    int stopped;                  /* it answered DEVICE_STOP: what it left was abandoned, not lost */
    int querying;                 /* its drivers are asked whether the device may go (pnp_query.c) */
    int bell_fd;                  /* the bell page its clients ring (fast_path.c), -1 until the first ring */
    wudf_list rings;              /* wudf_ring_rec.host_link: kept until the host has exited */
    wudf_host_group group;        /* everything it starts, killed with it */
    int64_t uid, gid;             /* what it runs as; -1: the reflector's own */
    int own_ids;                  /* uid/gid came from the range and go back when it has exited */
    struct wudf_remote *remote;   /* its remote files and interface notifications (remote.c), NULL until used */
};

typedef enum wudf_conn_kind { WUDF_CONN_NEW, WUDF_CONN_CLIENT, WUDF_CONN_TOOL, WUDF_CONN_HOST } wudf_conn_kind;

struct wudf_conn {
    wudf_list link;
    uv_pipe_t pipe;
    wudf_framer framer;
    wudf_conn_kind kind;
    wudf_peer peer;
    int pid_claimed;              /* peer.pid is what the HELLO said, the system could not tell: logs only */
    uint64_t serial;              /* for log lines */
    wudf_host *host;              /* WUDF_CONN_HOST */
    wudf_list files;
    wudf_list pending;
    int closing;
    const wudf_conn_sink *sink;   /* internal connections: no pipe, messages go to the sink */
    void *sink_ctx;
    struct wudf_notify *notify;   /* the client's fast-path eventfd (fast_path.c), or NULL */
    uint64_t accepted_ms;         /* admission.c: when it connected (external connections) */
    uint64_t partial_since_ms;    /* since when it holds an unfinished message, 0 if none */
    size_t counted_buffer;        /* its part of the partial-message budget */
    int quiet_close;              /* its refusal was logged already */
    int over_budget;              /* its buffer may not grow: close it at the next read callback */
};

/* A driver package in the store (pnputil /add-driver): each install adds its INF, once for the same
 * bytes (tool_package.c). USB devices bind to it when they are present, through any models line. */
#define WUDF_PACKAGE_IDS_MAX 8192
typedef struct wudf_package {
    wudf_list link;
    char inf_name[256];           /* stored copy in the state directory */
    char inf_origin[WUDF_PATH_MAX];
    char hardware_id[256];        /* the id the install that added it was for (--hwid, else the first) */
    char hardware_ids[WUDF_PACKAGE_IDS_MAX]; /* every models line's hardware id, comma-separated */
    char acl[WUDF_ACL_MAX];       /* for the USB devices bound to it */
    int has_copy;                 /* its files are in <state>/driverstore/<oemN> (driver_store.c) */
    int hosts_reach;              /* the hosts can read that copy: 1, they cannot: -1, not checked yet: 0 */
} wudf_package;

/* The ids of --host-uid-range and which of them running hosts hold (host_ids.c). */
typedef struct wudf_host_ids {
    int64_t first, last;
    int64_t next;                 /* where the search for a free id starts */
    uint8_t *taken;               /* one byte per id of the range */
    unsigned in_use;
} wudf_host_ids;

typedef struct wudf_reflector {
    uv_loop_t *loop;
    wudf_config config;
    wudf_list packages;
    uv_pipe_t listener;
    uv_signal_t sigint, sigterm;
    wudf_list devnodes;
    wudf_list conns;
    wudf_list files;
    wudf_pending **pending_hash;
    size_t pending_buckets;
    size_t pending_count;
    uint64_t next_irp_id;
    uint32_t next_file_id;
    uint32_t next_devnode_handle;
    uint64_t next_conn_serial;
    int shutting_down;
    int host_drop;                /* hosts run as another user: host_uid/host_gid, or their own */
    int host_ids_each;            /* each host gets its own pair from host_ids */
    int64_t host_uid, host_gid;   /* the shared user's, -1 when hosts get their own */
    wudf_host_ids host_ids;
    wudf_list host_outputs;       /* hosts' output pipes still read (host_output.c) */
} wudf_reflector;

extern wudf_reflector *g_reflector;

/* endpoint.c */
int wudf_endpoint_listen(wudf_reflector *r, wudf_error *err);
int wudf_conn_send(wudf_conn *c, const wudf_msg *msg);
/* Sends msg with a copy of descriptor fd riding along (Unix sockets only). */
int wudf_conn_send_fd(wudf_conn *c, const wudf_msg *msg, int fd);
int wudf_conn_send_kv(wudf_conn *c, wudf_msg_type type, int32_t status, uint64_t irp_id, const wudf_kv *kv);
void wudf_conn_close(wudf_conn *c, const char *reason);
wudf_conn *wudf_conn_adopt_host_channel(wudf_reflector *r, wudf_host *host);
/* A client connection for one caller of a kernel-facing endpoint (FUSE, reflector.sys): it sends
 * its IRPs with wudf_io_client_message, and what the reflector sends back goes to sink. It takes
 * over peer (the caller's identity, checked at open). Close it with wudf_conn_close. */
wudf_conn *wudf_conn_new_internal(wudf_reflector *r, wudf_peer *peer, const wudf_conn_sink *sink, void *ctx);
int wudf_conn_start_reading(wudf_conn *c);

/* admission.c: caps on connections, deadlines for the hello and for each message, and the memory
 * partial messages may hold (clients and tools; hosts and kernel connections are not counted). */
/* Right after accept: 0 if c may stay; otherwise c is closed and the refusal logged. */
int wudf_admission_accept(wudf_reflector *r, wudf_conn *c);
/* c's read buffer has this capacity now: 0, or -1 when that would pass the budget (c->over_budget is set,
 * and the caller closes c where it may: not inside libuv's allocation callback). */
int wudf_admission_buffer(wudf_conn *c, size_t capacity);
/* The reason an over-budget connection is closed with. */
void wudf_admission_over_budget(const wudf_conn *c, char *why, size_t size);
/* After a read: whether c holds the start of a message it has not finished. */
void wudf_admission_progress(wudf_conn *c, int partial);
void wudf_admission_closed(wudf_conn *c);
size_t wudf_admission_partial_bytes(void);
/* 1 when a line about a misbehaving client or tool may be written now (a few a second), with the count
 * of those held back to report on it. */
int wudf_admission_may_log(unsigned *dropped);
void wudf_admission_start(wudf_reflector *r);
void wudf_admission_stop(void);

/* devnode.c */
const char *wudf_devnode_state_name(const wudf_devnode *d);
wudf_devnode *wudf_devnode_find(wudf_reflector *r, const char *instance_id);
/* The devnode with the link name starts with; *rest is what follows the link's base name, *reference
 * (when not NULL) the link's reference string ("" for none). */
wudf_devnode *wudf_devnode_find_by_link(wudf_reflector *r, const char *name, const char **rest,
                                        const char **reference);
/* The devnode other than claimer that holds symbolic link name (prefixes and case do not count), or NULL. */
wudf_devnode *wudf_devnode_link_taken(wudf_reflector *r, const char *name, const wudf_devnode *claimer);
/* A link of d without a reference string (its name as the driver gave it), or NULL. */
const char *wudf_devnode_plain_link(const wudf_devnode *d);
/* A symbolic link's name without its \DosDevices\, \??\ or \\.\ prefix ("Echo0"). */
const char *wudf_link_base(const char *name);
wudf_devnode *wudf_devnode_new(wudf_reflector *r);
void wudf_devnode_free(wudf_devnode *d);
void wudf_devnode_set_state(wudf_devnode *d, wudf_devnode_state state, int problem);
void wudf_devnode_notify_waiters(wudf_devnode *d);
void wudf_devnode_fail(wudf_devnode *d, int problem, const char *reason);
struct wudf_inf_install;
/* Copies what the INF's install section says (ids, strings, services) into d. */
void wudf_devnode_fill(wudf_devnode *d, const struct wudf_inf_install *ins, const char *inf_origin);
/* The top of d's stack: the driver requests enter (the only one of a one-driver stack). */
const wudf_service *wudf_devnode_top_service(const wudf_devnode *d);
/* The stack's service names, lowest first, comma-separated ("LowerFilter,Echo,UpperFilter"). */
void wudf_devnode_stack_names(const wudf_devnode *d, char *out, size_t size);
int wudf_devnode_status_kv(const wudf_devnode *d, wudf_kv *kv, wudf_error *err);
/* custom_event.c: a host's event=custom (IWDFDevice::PostEvent), and its count in the status. */
void wudf_custom_event(wudf_devnode *d, const wudf_kv *kv);
int wudf_custom_event_status(const wudf_devnode *d, wudf_kv *kv, wudf_error *err);

/* store.c */
int wudf_store_load(wudf_reflector *r, wudf_error *err);
int wudf_store_save(wudf_reflector *r, wudf_error *err);
void wudf_store_free_packages(wudf_reflector *r);
/* driver_store.c: stores a copy of an INF's bytes in the state directory (oemN.inf), its name in name. */
int wudf_store_inf_data(const char *data, size_t length, char *name, size_t size, wudf_error *err);

/* tool_package.c: driver packages. struct wudf_inf is the INF read from inf_path. */
struct wudf_inf;
/* The package of the INF at inf_path: one already in the store with the same bytes, or a new one
 * (its copy written, its hardware ids read, listed but not saved; *added set), for hwid. */
int wudf_package_stage(const char *inf_path, const struct wudf_inf *inf, const char *hwid, wudf_package **out,
                       int *added, wudf_error *err);
/* p's hardware ids for a message, ", "-separated ("Root\A, USB\VID_…"), ending in "..." when cut short. */
void wudf_package_ids_text(const wudf_package *p, char *buf, size_t size);
/* op=packages: each package, its hardware ids and the devices installed from it. */
void wudf_tool_packages(wudf_conn *c, uint64_t irp_id);
/* tool.c: answers the tool request once d's state settles, note (may be NULL) after the outcome. */
void wudf_tool_wait(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const char *op, const char *note);

/* supervisor.c; what follows an orderly stop (wudf_supervisor_stop's then) */
#define WUDF_STOP_THEN_NOTHING 0
#define WUDF_STOP_THEN_RESTART 1
#define WUDF_STOP_THEN_DISABLE 2
#define WUDF_STOP_THEN_REMOVE 3
#define WUDF_STOP_THEN_NOT_PRESENT 4
#define WUDF_STOP_THEN_FAIL 5 /* problem 10, d->last_failure says why */

/* The close callback of a host record's handles: the record goes with the last of them. */
void wudf_host_handle_closed(uv_handle_t *handle);
/* A host record for d in the handshake state, as a spawn begins it (tests build theirs with it too). */
wudf_host *wudf_host_new(wudf_devnode *d);
void wudf_supervisor_start(wudf_devnode *d);
void wudf_supervisor_stop(wudf_devnode *d, int then);
/* pnp_query.c: an orderly stop for remove, disable or restart that asks the device's drivers first
 * (IPnpCallback::OnQueryRemove): the stop goes on once they agree; a refusal is a veto
 * (wudf_pnp_removal_vetoed). Any other stop goes on at once. */
void wudf_supervisor_query_stop(wudf_devnode *d, int then);
/* The host's answer to the query (DEVICE_STOPPED, minor WUDF_STOP_MINOR_QUERY_REMOVE). */
void wudf_pnp_query_answer(wudf_host *h, const wudf_msg *msg);
/* The removal of d (then: what its stop was for) was vetoed, by its driver or by a host holding a
 * remote file on it: d is started again with the same host, a disable is undone, its waiters hear
 * STATUS_PLUGPLAY_QUERY_VETOED with message (wudfctl exits 6) and the driver store's jobs that wait on
 * d hear that by (who vetoed, for their answer) kept it. */
void wudf_pnp_removal_vetoed(wudf_devnode *d, int then, const char *by, const char *message);
/* driver_store_job.c: the jobs waiting on d hear of its vetoed removal (by: who vetoed). */
void wudf_driver_store_removal_vetoed(const wudf_devnode *d, const char *by);
/* driver_store_job.c: d's stop for a restart goes ahead (all asked agreed): a job waiting to move d
 * onto another package moves it now, so that the restart loads the new driver. */
void wudf_driver_store_restart_agreed(wudf_devnode *d);
void wudf_supervisor_host_message(wudf_host *h, const wudf_msg *msg);
void wudf_supervisor_host_lost(wudf_host *h, const char *reason);
void wudf_supervisor_channel_closed(wudf_host *h); /* EOF on the channel: the exit names the cause */
/* The host's process has exited (tests' played hosts end through it too). */
void wudf_supervisor_host_exited(wudf_host *h, const char *reason);
void wudf_supervisor_shutdown(wudf_reflector *r);
/* A starting or restarting devnode whose host could not be started: try again (spawn_retry.c). */
void wudf_supervisor_spawn_again(wudf_devnode *d);

/* spawn_retry.c: when a host could not be started for want of a resource (uv_error EMFILE, ENFILE,
 * EAGAIN, ENOMEM), its start is tried again later and 1 returned; 0 for any other failure. */
int wudf_spawn_retry(wudf_devnode *d, int uv_error, const char *why);
void wudf_spawn_retry_stop_all(void);

/* host_ids.c: who hosts run as */
/* At startup: the shared --host-user, or the range each host takes its own ids from; checks that
 * they can reach the host program and the drivers. */
int wudf_host_ids_setup(wudf_reflector *r, wudf_error *err);
void wudf_host_ids_free(wudf_reflector *r);
/* Before the spawn: h->uid/gid (its own pair from the range, or the shared user's, or -1); an error
 * that says why when none is free or the host could not reach its program as that pair. */
int wudf_host_ids_take(wudf_reflector *r, wudf_host *h, wudf_error *err);
/* The host's process has exited: its own pair is free again. */
void wudf_host_ids_give_back(wudf_reflector *r, wudf_host *h);

/* host_output.c: a host's stdout and stderr, re-logged by the reflector */
typedef struct wudf_host_output wudf_host_output;
/* Before the spawn: the pipe both go to, as stdio entries out and err_out; NULL with err set and
 * *uv_error the libuv error (UV_EMFILE and the like are worth trying again). */
wudf_host_output *wudf_host_output_new(uv_loop_t *loop, const char *device, uv_stdio_container_t *out,
                                       uv_stdio_container_t *err_out, int *uv_error, wudf_error *err);
/* After uv_spawn: reads the pipe until the host's copies of it close (pid <= 0: the spawn failed,
 * the pipe is closed). The output frees itself. */
void wudf_host_output_start(wudf_host_output *o, int64_t pid);
/* Teardown: closes the pipes still read (their hosts are gone or killed). */
void wudf_host_output_close_all(wudf_reflector *r);
/* host_line.c: one line of a host's output as logfmt fields for wudf_log_relay (event= first, then
 * device= and pid= as given, then the host's fields; what the host claims of itself as host_*=;
 * text="…" when the line is not logfmt; truncated=1 when the line was cut). level: the line's. */
void wudf_host_line_format(const char *text, size_t length, const char *device, int64_t pid, int truncated,
                           wudf_log_level *level, char *out, size_t size);
/* host_env.c: the environment a host starts with (a NULL-terminated array to free with
 * wudf_host_env_free): PATH, the sanitizers' options, and the names of --host-env. */
char **wudf_host_env_new(const wudf_config *cfg);
void wudf_host_env_free(char **env);

/* pending.c */
wudf_pending *wudf_pending_new(wudf_reflector *r, wudf_host *h, wudf_conn *c, uint64_t client_irp_id);
wudf_pending *wudf_pending_find(wudf_reflector *r, uint64_t id);
wudf_pending *wudf_pending_find_client(wudf_conn *c, uint64_t client_irp_id);
void wudf_pending_free(wudf_reflector *r, wudf_pending *p);

/* io.c */
void wudf_io_client_message(wudf_conn *c, const wudf_msg *msg);
void wudf_io_host_complete(wudf_host *h, const wudf_msg *msg);
void wudf_io_complete_to_client(wudf_pending *p, int32_t status, uint64_t information, const uint8_t *data,
                                uint32_t length);
void wudf_io_fail_host_pending(wudf_host *h, int32_t status);
void wudf_io_client_gone(wudf_conn *c);
void wudf_io_forget_devnode_files(wudf_devnode *d);
void wudf_io_check_cancels(wudf_host *h, uint64_t now);

/* ---- fast_path.c: shared-memory rings between a client and a host (docs/fast-path.md) ---- */
/* A CREATE that asks for it: the ring goes to the host ahead of the CREATE. */
void wudf_fast_path_create(wudf_file *f);
/* The host's RING answer: it mapped the file's ring (status >= 0) or could not. */
void wudf_fast_path_host_ack(wudf_host *h, const wudf_msg *msg);
/* The create succeeded: the client gets its share of the ring, before the COMPLETE. */
void wudf_fast_path_open(wudf_file *f);
/* The reflector forgets the file; its ring stays watched while requests are in it. */
void wudf_fast_path_file_gone(wudf_file *f);
/* CANCEL of the ring request tag of f: goes to the host as a CANCEL naming the file's ring. */
void wudf_fast_path_cancel(wudf_file *f, uint64_t tag);
void wudf_fast_path_conn_gone(wudf_conn *c);
/* The host's word that a cancelled ring request is no longer held. */
void wudf_fast_path_cancel_done(wudf_host *h, const wudf_msg *msg);
/* Nonzero when a cancel forwarded to h has waited longer than limit. */
int wudf_fast_path_cancel_overdue(wudf_host *h, uint64_t now, uint64_t limit);
/* The host process has exited: what it left in its rings completes with status. */
void wudf_fast_path_host_exited(wudf_host *h, int32_t status);
/* Frees the rings of forgotten files once the host has completed what was in them. */
void wudf_fast_path_sweep(wudf_host *h);
/* Requests in the rings of a host. */
unsigned wudf_fast_path_in_flight(wudf_host *h);

/* access.c */
int wudf_acl_normalize(const char *text, char *out, size_t size, wudf_error *err);
int wudf_access_may_open(const wudf_conn *c, const wudf_devnode *d);   /* logs a denial */
int wudf_access_may_see(const wudf_conn *c, const wudf_devnode *d);    /* the same check, silent (listings) */
int wudf_access_may_change(const wudf_conn *c, const char *op);        /* logs a denial */
void wudf_access_describe(const wudf_devnode *d, char *buf, size_t size);
/* At install: a warning line for each access entry whose accounts cannot reach the endpoint. */
void wudf_access_log_unreachable(const wudf_devnode *d);

/* usb_pnp.c */
void wudf_usb_pnp_start(wudf_reflector *r);
void wudf_usb_pnp_stop(void);   /* no more rescans (shutdown) */
void wudf_usb_pnp_exit(void);   /* libusb let go (teardown) */
void wudf_usb_pnp_rescan(void);
/* usb_bind.c: the devnode's device went away (unplugged, no longer exported, or the host saw it vanish). */
void wudf_usb_pnp_gone(wudf_devnode *d, const char *reason);

/* usbip_pnp.c: the devices the --usbip servers export, asked for every --usbip-poll-ms */
void wudf_usbip_pnp_start(wudf_reflector *r);
void wudf_usbip_pnp_stop(void);   /* no more polls; connections in progress are closed (shutdown) */
/* The device lists last received are matched again (after a package install). */
void wudf_usbip_pnp_rescan(void);

/* tool.c */
void wudf_tool_message(wudf_conn *c, const wudf_msg *msg);
void wudf_tool_conn_gone(wudf_conn *c);
/* Answers a tool request (kv: message, then the device's status when d is given). */
void wudf_tool_reply(wudf_conn *c, uint64_t irp_id, int32_t status, const char *message, const wudf_devnode *d);
/* Answers every tool request waiting on d with status and message (a removal that did not happen). */
void wudf_tool_answer_waiters(wudf_devnode *d, int32_t status, const char *message);

/* power.c: simulated system sleep of a device and its wake signal (wudfctl suspend/resume/wake) and what its host reports
 * of its power (HOST_EVENT event=power). */
void wudf_power_tool(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const char *op);
void wudf_power_host_event(wudf_host *h, const wudf_kv *kv);
/* The devnode's state changed (its host went or came): power requests waiting on it are answered. */
void wudf_power_devnode_changed(wudf_devnode *d);
void wudf_power_conn_gone(wudf_conn *c);

/* reflector.c: wudfrd's defaults, as the options document them. */
void wudf_config_defaults(wudf_config *cfg);
/* reflector.c: start everything from r->config (0, or -1 with err set and logged); run the loop
 * until shutdown, then tear down. */
int wudf_reflector_init(wudf_reflector *r, wudf_error *err);
void wudf_reflector_run(wudf_reflector *r);
/* Orderly stop of every host, then exit (SIGINT, SIGTERM, or a tool's request). */
void wudf_reflector_shutdown(const char *why);

/* notify.c: readiness for a service manager (systemd's NOTIFY_SOCKET; nothing on Windows). init reads
 * the variable and removes it from the environment, before any host starts; ready once the endpoint
 * accepts connections; stopping when the orderly stop begins. status: one line for the manager to show.
 * Failures are logged once and otherwise ignored. */
void wudf_notify_init(void);
void wudf_notify_ready(const char *status);
void wudf_notify_stopping(const char *status);

/* ---- remote.c, remote_interface.c, remote_removal.c: a host's requests to other devices (remote I/O
 * targets) and device interface notifications between hosts (docs/architecture.md) ---- */
/* REMOTE_IRP, REMOTE_CANCEL and REMOTE_EVENT from a host. */
void wudf_remote_host_message(wudf_host *h, const wudf_msg *msg);
/* h's device started (DEVICE_STARTED, state now started): its interfaces become available, and the
 * arrivals its driver registered for while starting go to it. */
void wudf_remote_device_started(wudf_host *h, const wudf_msg *started);
/* HOST_EVENT event=interface from h. */
void wudf_remote_interface_event(wudf_host *h, const wudf_kv *kv);
/* h leaves its devnode (lost, stopped, failed start), before the devnode lets go of it: its remote files
 * are closed and its requests cancelled, its interfaces go, and the hosts holding remote files on its
 * device hear of the removal. */
void wudf_remote_host_gone(wudf_host *h);
/* Before an orderly stop of d: 1 when the hosts holding remote files on d are asked first (the stop is
 * made again once they agree); 0 to stop now. */
int wudf_remote_query_remove(wudf_devnode *d, int then);
/* access.c: c is a host's connection for its remote targets (checked with the host's account, never an
 * administrator's). */
int wudf_remote_conn_is_host(const wudf_conn *c);

#endif
