/* Windows side of the platform seam: named pipes and per-user app-data directories. */
#include "platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

int wudf_default_runtime_dir(char *buf, size_t size, wudf_error *err)
{
    const char *v = getenv("WUDF_RUNTIME_DIR");
    int n = snprintf(buf, size, "%s", v && *v ? v : "default");
    return n < 0 || (size_t)n >= size ? wudf_error_set(err, WUDF_ETOOBIG, "runtime name too long") : 0;
}

int wudf_default_state_dir(char *buf, size_t size, wudf_error *err)
{
    const char *v = getenv("WUDF_STATE_DIR");
    if (v && *v)
        return snprintf(buf, size, "%s", v) < (int)size ? 0 : wudf_error_set(err, WUDF_ETOOBIG, "path too long");
    v = getenv("LOCALAPPDATA");
    if (!v || !*v)
        return wudf_error_set(err, WUDF_ENOTFOUND, "no state directory: set WUDF_STATE_DIR or LOCALAPPDATA");
    return snprintf(buf, size, "%s\\openwudf", v) < (int)size ? 0 : wudf_error_set(err, WUDF_ETOOBIG, "path too long");
}

int wudf_endpoint_name(const char *runtime_dir, char *buf, size_t size, wudf_error *err)
{
    /* A pipe name cannot hold path separators: fold the runtime directory into one name. */
    char name[200];
    size_t n = 0;
    for (const char *p = runtime_dir; *p && n + 1 < sizeof name; p++)
        name[n++] = (*p == '\\' || *p == '/' || *p == ':') ? '-' : *p;
    name[n] = '\0';
    int w = snprintf(buf, size, "\\\\.\\pipe\\openwudf-%s", name);
    return w < 0 || (size_t)w >= size ? wudf_error_set(err, WUDF_ETOOBIG, "endpoint name too long") : 0;
}

int wudf_make_dir(const char *path, int mode, wudf_error *err)
{
    (void)mode;
    char tmp[WUDF_PATH_MAX];
    if (strlen(path) >= sizeof tmp)
        return wudf_error_set(err, WUDF_ETOOBIG, "path too long: %s", path);
    strcpy(tmp, path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/' && *p != '\\')
            continue;
        char c = *p;
        *p = '\0';
        if (!(p == tmp + 2 && tmp[1] == ':'))
            CreateDirectoryA(tmp, NULL);
        *p = c;
    }
    if (!CreateDirectoryA(tmp, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return wudf_error_set(err, WUDF_EIO, "cannot create directory %s: error %lu", tmp, GetLastError());
    return 0;
}

int wudf_runtime_dir_create(const char *runtime_dir, wudf_error *err)
{
    /* The runtime directory only names the pipe: nothing to create on disk. */
    (void)runtime_dir, (void)err;
    return 0;
}

void wudf_endpoint_remove_stale(const char *endpoint)
{
    /* A named pipe disappears with its last handle. */
    (void)endpoint;
}

int wudf_endpoint_secure(const char *endpoint, const char *group, wudf_error *err)
{
    /* The pipe keeps Windows' default security; a device group only widens the device ACLs. */
    (void)endpoint;
    (void)group;
    (void)err;
    return 0;
}

void wudf_peer_identity(uv_pipe_t *pipe, wudf_peer *peer)
{
    memset(peer, 0, sizeof *peer);
    peer->pid = peer->uid = peer->gid = -1;
    uv_os_fd_t h;
    ULONG pid = 0;
    if (uv_fileno((uv_handle_t *)pipe, &h) != 0 || !GetNamedPipeClientProcessId(h, &pid))
        return;
    wudf_peer_from_pid(pid, peer);
}

void wudf_peer_from_pid(uint32_t pid, wudf_peer *peer)
{
    memset(peer, 0, sizeof *peer);
    peer->uid = peer->gid = -1;
    peer->pid = pid;
    /* An identification token of the client, for CheckTokenMembership at open time. */
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    HANDLE token = NULL, dup = NULL;
    if (process && OpenProcessToken(process, TOKEN_QUERY | TOKEN_DUPLICATE, &token) &&
        DuplicateToken(token, SecurityIdentification, &dup))
        peer->token = dup;
    if (token)
        CloseHandle(token);
    if (process)
        CloseHandle(process);
}

void wudf_peer_release(wudf_peer *peer)
{
    if (peer->token)
        CloseHandle(peer->token);
    peer->token = NULL;
}

int wudf_instance_lock(const char *dir, const char *file, const char *what, wudf_error *err)
{
    /* A named mutex, kept for the life of the process, marks the directory as taken. */
    char endpoint[WUDF_PATH_MAX], name[WUDF_PATH_MAX + 16];
    int rc = wudf_endpoint_name(dir, endpoint, sizeof endpoint, err);
    if (rc)
        return rc;
    snprintf(name, sizeof name, "Local\\%s-%s", endpoint + strlen("\\\\.\\pipe\\"), file);
    HANDLE mutex = CreateMutexA(NULL, FALSE, name);
    if (!mutex)
        return wudf_error_set(err, WUDF_EIO, "cannot create %s: error %lu", name, GetLastError());
    if (GetLastError() == ERROR_ALREADY_EXISTS) {
        CloseHandle(mutex);
        return wudf_error_set(err, WUDF_EEXIST, "another wudfrd already uses %s %s", what, dir);
    }
    return 0;
}
