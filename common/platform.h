/*
 * The platform seam: everything Linux and Windows do differently, as one
 * contract. Code above this header is the same C on both. Each concern is a
 * pair of files, <concern>_unix.c and <concern>_win.c (paths.c is portable
 * through libuv):
 *
 *   directories, endpoint, peers   platform_unix.c / platform_win.c
 *   accounts and access checks     account_unix.c / account_win.c
 *   the process                    process_unix.c / process_win.c (process.c: the channel)
 *   a host's confinement           confine_unix.c / confine_win.c
 *   a host's group (reflector)     host_group_unix.c / host_group_win.c
 *   keeping other processes out    protect_unix.c / protect_win.c
 *   shared memory and wake-ups     shared_memory_unix.c / shared_memory_win.c
 *   libusb's events on a loop      usb_events_unix.c / usb_events_win.c  (library wudf_common_usb)
 *
 * One seam lives above common/ because it is a whole component: the
 * reflector's kernel-facing endpoint (reflector/kernel.h: FUSE on Linux,
 * reflector.sys on Windows). docs/architecture.md, "The platform seam", says
 * what each side does.
 *
 * Functions returning int return 0 on success, else a wudf_errc with err set.
 */
#ifndef OPENWUDF_COMMON_PLATFORM_H
#define OPENWUDF_COMMON_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "error.h"

#define WUDF_PATH_MAX 1024

/* ==== Paths and files (paths.c) ==== */

/* Joins dir and name with the platform separator. */
int wudf_path_join(char *buf, size_t size, const char *dir, const char *name, wudf_error *err);
/* Makes path absolute against the current directory. */
int wudf_path_absolute(const char *path, char *buf, size_t size, wudf_error *err);
/* Directory of the running executable. */
int wudf_exe_dir(char *buf, size_t size, wudf_error *err);
/* A program next to the running executable ("wudfhost" -> ".../wudfhost[.exe]"). */
int wudf_sibling_program(const char *name, char *buf, size_t size, wudf_error *err);
/* What openwudf keeps apart from its programs. */
typedef enum wudf_install_item {
    WUDF_INSTALL_HOST,       /* the wudfhost program */
    WUDF_INSTALL_DRIVER_DIR, /* the driver directory: %12% of INF files, the modules under UMDF */
    WUDF_INSTALL_INF_DIR     /* the sample drivers' INF files */
} wudf_install_item;
/* Where item is for the running program: beside it in a build tree, else where the install put it,
 * found relative to the program, so that a moved install still works. The first that exists; the
 * installed place when neither does (err then unset, the caller's own open says what is missing). */
int wudf_install_path(wudf_install_item item, char *buf, size_t size, wudf_error *err);
/* version.c: the release, and --version: prints "program (openwudf) X.Y.Z" and returns 1 when argv
 * asks for it. */
const char *wudf_version(void);
int wudf_version_asked(int argc, char **argv, const char *program);
/* Writes a file atomically: temporary file, flushed to disk, renamed over path. */
int wudf_write_file_atomic(const char *path, const void *data, size_t length, wudf_error *err);
/* Reads a whole file (at most max bytes) into a malloc'd NUL-terminated buffer. */
int wudf_read_file(const char *path, size_t max, char **data, size_t *length, wudf_error *err);
/* Milliseconds of a monotonic clock. */
uint64_t wudf_now_ms(void);

/* ==== Directories, the endpoint, the reflector's instance (platform_*.c) ==== */

/* The default runtime directory (Linux: /run/openwudf for root, else $XDG_RUNTIME_DIR/openwudf;
 * Windows: a name, "default"); WUDF_RUNTIME_DIR overrides. */
int wudf_default_runtime_dir(char *buf, size_t size, wudf_error *err);
/* The default device store (Linux: /var/lib/openwudf or ~/.local/state/openwudf;
 * Windows: %LOCALAPPDATA%\openwudf); WUDF_STATE_DIR overrides. */
int wudf_default_state_dir(char *buf, size_t size, wudf_error *err);
/* Creates dir and its parents if missing; the last one gets mode (ignored on Windows). An existing dir
 * is refused when others may write to it, when it belongs to another user, or when a directory above
 * it lets another user replace it (Linux). */
int wudf_make_dir(const char *path, int mode, wudf_error *err);
/* Creates the runtime directory, 0750, if it is a directory here (Linux); Windows: nothing. */
int wudf_runtime_dir_create(const char *runtime_dir, wudf_error *err);
/* The endpoint of a runtime directory: a socket path, or \\.\pipe\openwudf-<name> on Windows. */
int wudf_endpoint_name(const char *runtime_dir, char *buf, size_t size, wudf_error *err);
/* Holds dir (the runtime directory, the device store) for this process until it exits, one reflector
 * each, by a lock on dir/file (Windows: a named mutex); what names dir in the message. */
int wudf_instance_lock(const char *dir, const char *file, const char *what, wudf_error *err);
/* Before binding, with the instance lock held: removes a socket file a dead reflector left. */
void wudf_endpoint_remove_stale(const char *endpoint);
/* Once listening: socket 0660, and group (if not NULL) owns it and its directory. */
int wudf_endpoint_secure(const char *endpoint, const char *group, wudf_error *err);

/* ==== Peers: who is at the other end of a connection (platform_*.c) ==== */

#define WUDF_PEER_GROUPS 64
/* Taken when the peer connects; -1 fields when unknown. groups: its supplementary groups (Linux);
 * token: its access token (Windows), released by wudf_peer_release. */
typedef struct wudf_peer {
    int64_t pid;
    int64_t uid;
    int64_t gid;
    uint32_t group_count;
    int64_t groups[WUDF_PEER_GROUPS];
    void *token;
} wudf_peer;

/* The identity of the process connected to pipe (SO_PEERCRED, or the pipe client's token). */
void wudf_peer_identity(uv_pipe_t *pipe, wudf_peer *peer);
#ifdef _WIN32
/* The identity of a process the kernel named (reflector.sys's opener; Windows only). */
void wudf_peer_from_pid(uint32_t pid, wudf_peer *peer);
#endif
void wudf_peer_release(wudf_peer *peer);

/* ==== Accounts and access checks (account_*.c) ==== */

typedef enum wudf_account_kind { WUDF_ACCOUNT_USER, WUDF_ACCOUNT_GROUP, WUDF_ACCOUNT_EVERYONE } wudf_account_kind;

/* 0 if the user or group exists; WUDF_ENOTFOUND with a message if not. */
int wudf_account_exists(wudf_account_kind kind, const char *name, wudf_error *err);
/* 1 if all of an access entry's accounts can reach the endpoint (Linux: the socket is 0660, its group
 * endpoint_group, or this process's group when NULL; root and this user always can); 0 if some or all
 * cannot (a group other than the endpoint's, everyone); Windows: 1. */
int wudf_account_may_connect(wudf_account_kind kind, const char *name, const char *endpoint_group);
/* 1 if the peer is that user / a member of that group; 0 otherwise, also when unknown. */
int wudf_peer_is_user(const wudf_peer *peer, const char *name);
int wudf_peer_in_group(const wudf_peer *peer, const char *name);
/* 1 if the peer may install drivers and open any device: root, Administrators or SYSTEM, or the
 * user this process runs as. */
int wudf_peer_is_admin(const wudf_peer *peer);
/* The peer's user name for logs ("uid 1000", or "?" when unknown). */
void wudf_peer_user_name(const wudf_peer *peer, char *buf, size_t size);
/* The ids hosts run as: *drop = 1 with user's uid and primary group when this process is root
 * (Linux); *drop = 0 otherwise (not root, user is root, or Windows). */
int wudf_account_host_ids(const char *user, int *drop, int64_t *uid, int64_t *gid, wudf_error *err);
/* 1 when hosts can get identities of their own, each a uid/gid pair from a range: this process is
 * root (Linux). Windows: 0, hosts keep the reflector's token. */
int wudf_account_can_give_ids(void);
/* 1 when id belongs to a user or a group of the account databases: never given to a host. */
int wudf_account_id_exists(int64_t id);
/* 0 if uid/gid can read and search every existing path of the NULL-terminated list; otherwise an
 * error naming the first it cannot reach (checked before any host starts as that user). */
int wudf_account_can_reach(int64_t uid, int64_t gid, const char *const *paths, wudf_error *err);
/* Gives a USB device's node to a host's user, so that the host opens it itself
 * (Linux: /dev/bus/usb/BBB/DDD, owner uid, mode 0600; Windows: nothing to do). */
int wudf_account_give_usb_device(unsigned bus, unsigned address, int64_t uid, int64_t gid, wudf_error *err);

/* ==== The process (process.c, process_*.c) ==== */

/* First thing in main: a write to a peer that closed fails with an error instead of ending the
 * process (Linux: SIGPIPE ignored); the process's standard handles reach what it starts only as
 * the standard handles it is given (Windows: not inheritable otherwise). */
void wudf_process_init(void);
/* Raises this process's open-descriptor limit to its hard limit; returns the limit now in force, or 0
 * where there is none worth counting (Windows). */
uint64_t wudf_raise_descriptor_limit(void);
/* The host: opens the channel the reflector passed as inherited descriptor fd (stdio[fd] of uv_spawn). */
int wudf_host_channel_open(uv_loop_t *loop, uv_pipe_t *pipe, int fd, wudf_error *err);
/* The file to load for the module an INF names. Linux: a missing "X.dll" is looked for as "X.so" at the
 * same path, so INF files stay as they are. */
int wudf_host_module_path(const char *binary, char *out, size_t size, wudf_error *err);

/* ==== A host's confinement (confine_*.c; docs/security.md, "How a host is confined") ==== */

/* Host (resident_*.c): drops the clean code and constant pages start-up faulted in around what it
 * ran (Linux; elsewhere nothing). Called once the device has started; the seccomp filter allows it. */
void wudf_host_trim_resident(void);
/* The host, before any driver code loads: an address-space limit of memory_mb MiB (0: none), no core
 * dumps, no descriptor left from the parent but stdio and fd. Linux: not dumpable, no_new_privs, and
 * (filter != 0) a seccomp filter: no ptrace, no reading or signalling another process, no new
 * processes (threads only). applied: what was done, as logfmt fields for the host's log line. */
int wudf_host_confine(int fd, uint64_t memory_mb, int filter, char *applied, size_t size, wudf_error *err);

/* Keeping other processes out (protect_*.c). Windows: this process object and its threads, those
 * it has and those it will start, get owner SYSTEM and a DACL that lets any other process only wait
 * for it and query it, and, with host != 0, end it (kills by pid); Wine checks nothing else between
 * processes of one user (docs/security.md). Unix: nothing (a host's uid and filter do it). applied:
 * logfmt fields that say what was done. */
void wudf_process_protect(int host, char *applied, size_t size);
/* The reflector, right after spawning a host: the same through the creation handle, before the host
 * has protected itself. 0, or the system's error code when it could not be done. */
int wudf_process_protect_child(uv_process_t *process);

/* The reflector's side (host_group_*.c): everything a host starts dies with it. Linux: a cgroup v2
 * of its own where the reflector can make one (killed whole with cgroup.kill, which a setsid()
 * cannot leave), and always a session and process group of its own, killed as a whole (both behind
 * the seccomp filter, which already stops new processes). Windows: a job object per host, killed
 * when closed, one active process. */
typedef struct wudf_host_group {
    int64_t leader; /* the host's pid, 0 when there is no group */
    void *job;      /* Windows: the job's handle */
    int cgroup;     /* Linux: 1 when the host has a cgroup of its own */
} wudf_host_group;
/* Once, before any host starts: finds where the hosts' cgroups can go (Linux: a group named after
 * state_dir below the reflector's own cgroup; what an earlier reflector of that state directory
 * left there is killed and removed). Never fails: without cgroups, process groups remain. applied:
 * logfmt fields that say which (mode=cgroup path=... or mode=process-group reason=...). */
void wudf_host_groups_open(const char *state_dir, char *applied, size_t size);
/* After the last host has exited: kills what is left in the hosts' cgroups and removes them. */
void wudf_host_groups_close(void);
/* uv_spawn flags that give a host its group (Linux: UV_PROCESS_DETACHED, a new session). */
unsigned wudf_host_group_spawn_flags(void);
/* Right after uv_spawn, before the host can load a driver: the host's group (Windows: its job,
 * which the host is assigned to). */
int wudf_host_group_attach(wudf_host_group *group, uv_process_t *process, wudf_error *err);
/* Kills every process of the group, the host included. */
void wudf_host_group_kill(wudf_host_group *group);
/* Once the host has exited: kills whatever is left of the group, and lets it go. */
void wudf_host_group_release(wudf_host_group *group);

/* ==== Shared memory and wake-ups: the fast path (shared_memory_*.c, docs/fast-path.md) ==== */

/* 1 where the fast path exists (Linux); elsewhere 0, the rest fails, and requests take the socket. */
int wudf_fast_path_supported(void);
/* A new zero-filled shared memory object of size bytes, as a descriptor (name: for debugging). */
int wudf_shared_memory_create(size_t size, const char *name, int *fd, wudf_error *err);
/* Maps fd read-write. Its size must be exactly size: a peer cannot make us map more or less. */
int wudf_shared_memory_map(int fd, size_t size, void **base, wudf_error *err);
void wudf_shared_memory_unmap(void *base, size_t size);
/* A wake-up descriptor (an eventfd): signalling it makes the loop that polls it run. */
int wudf_wakeup_create(int *fd, wudf_error *err);
/* Adds one to the counter; never blocks. */
void wudf_wakeup_signal(int fd);
/* Reads the counter back to zero. */
void wudf_wakeup_drain(int fd);
/* 1 when fd is a wake-up descriptor (checked on one a peer passed). */
int wudf_is_wakeup(int fd);
/* The oldest descriptor that arrived on an ipc pipe and was not taken yet (the caller owns it), or -1. */
int wudf_pipe_take_descriptor(uv_pipe_t *pipe);
int wudf_descriptor_dup(int fd);
void wudf_descriptor_close(int fd);
/* Wakes up to count threads of any process waiting on a word of shared memory. */
void wudf_shared_word_wake(uint32_t *word, int count);
/* Waits while *word == expected, at most timeout_ms. */
void wudf_shared_word_wait(uint32_t *word, uint32_t expected, uint32_t timeout_ms);

/* ==== libusb's events on a libuv loop (usb_events_*.c, library wudf_common_usb) ==== */

/* Linux: a uv_poll per descriptor libusb lists, on the loop's thread; Windows, where libusb offers no
 * descriptors: a thread of its own. Transfer and hotplug callbacks run there and must only hand work on. */
typedef struct wudf_usb_events wudf_usb_events;
struct libusb_context;

/* On the loop's thread, before the loop runs. after(arg), if not NULL, runs on the loop's thread
 * whenever libusb's events were handled or wudf_usb_events_changed was called. */
int wudf_usb_events_create(wudf_usb_events **out, uv_loop_t *loop, void (*after)(void *), void *arg,
                           wudf_error *err);
/* Starts handling ctx's events; from any thread. */
int wudf_usb_events_attach(wudf_usb_events *events, struct libusb_context *ctx, wudf_error *err);
/* Something changed (a transfer submitted, a device opened, a hotplug callback queued work): look at
 * libusb's state again, and run after. From any thread. */
void wudf_usb_events_changed(wudf_usb_events *events);
/* Runs fn(arg) where libusb may close a descriptor the events code watches; returns 1 once it ran,
 * 0 if it did not run within timeout_ms. */
int wudf_usb_events_run(wudf_usb_events *events, void (*fn)(void *), void *arg, unsigned timeout_ms);
/* 1 when the calling thread must handle libusb's events itself to see its transfers finish. */
int wudf_usb_events_must_pump(wudf_usb_events *events);
/* Stops handling the attached context's events; returns when no thread handles them any more. */
void wudf_usb_events_detach(wudf_usb_events *events);
/* On the loop's thread: releases everything (freed once the loop ran the close callbacks). */
void wudf_usb_events_destroy(wudf_usb_events *events);

#endif
