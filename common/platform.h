/*
 * The platform seam: the few things Linux and Windows do differently
 * (endpoint naming, default directories, private directories, peer identity,
 * driver module names). platform_unix.c and platform_win.c implement it;
 * everything above it is the same C.
 */
#ifndef OPENWUDF_COMMON_PLATFORM_H
#define OPENWUDF_COMMON_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "error.h"

#define WUDF_PATH_MAX 1024

/* Default directory for the endpoint (Linux: $XDG_RUNTIME_DIR/openwudf, /run/openwudf for root). */
int wudf_default_runtime_dir(char *buf, size_t size, wudf_error *err);
/* Default directory for the device store (Linux: /var/lib/openwudf or ~/.local/state/openwudf). */
int wudf_default_state_dir(char *buf, size_t size, wudf_error *err);
/* Endpoint name for a runtime directory (a socket path, or \\.\pipe\openwudf-… on Windows). */
int wudf_endpoint_name(const char *runtime_dir, char *buf, size_t size, wudf_error *err);
/* Creates dir and its parents if missing; the last component gets mode (ignored on Windows). */
int wudf_make_dir(const char *path, int mode, wudf_error *err);
/* Makes sure one reflector serves a runtime directory: held until the process exits. */
int wudf_instance_lock(const char *runtime_dir, wudf_error *err);
/* Restricts the endpoint once it listens (socket file 0660 on Linux); group, if not NULL, becomes
 * the group of the socket and of its directory so that its members can connect. */
int wudf_endpoint_secure(const char *endpoint, const char *group, wudf_error *err);
/* Identity of the process at the other end of a connected pipe, taken when it connects; -1
 * fields when unknown. groups: its supplementary groups (Linux); token: its access token
 * (Windows), released by wudf_peer_release. Access checks on it are in account.h. */
#define WUDF_PEER_GROUPS 64
typedef struct wudf_peer {
    int64_t pid;
    int64_t uid;
    int64_t gid;
    uint32_t group_count;
    int64_t groups[WUDF_PEER_GROUPS];
    void *token;
} wudf_peer;
void wudf_peer_identity(uv_pipe_t *pipe, wudf_peer *peer);
#ifdef _WIN32
/* The identity of a process the kernel named (reflector.sys's opener). */
void wudf_peer_from_pid(uint32_t pid, wudf_peer *peer);
#endif
void wudf_peer_release(wudf_peer *peer);
/* Writes a file atomically: temp file, flush to disk, rename over path. */
int wudf_write_file_atomic(const char *path, const void *data, size_t length, wudf_error *err);
/* Reads a whole file (up to max bytes) into a malloc'd NUL-terminated buffer. */
int wudf_read_file(const char *path, size_t max, char **data, size_t *length, wudf_error *err);
/* Joins dir and name with the platform separator. */
int wudf_path_join(char *buf, size_t size, const char *dir, const char *name, wudf_error *err);
/* Makes path absolute against the current directory. */
int wudf_path_absolute(const char *path, char *buf, size_t size, wudf_error *err);
/* Directory of the running executable. */
int wudf_exe_dir(char *buf, size_t size, wudf_error *err);
/* Name of a program next to the running executable ("wudfhost" -> ".../wudfhost[.exe]"). */
int wudf_sibling_program(const char *name, char *buf, size_t size, wudf_error *err);

#endif
