/*
 * The driver store's files. Each package keeps its INF (<state>/inf/oemN.inf, as Windows keeps
 * oemNN.inf) and its own copy of the files the INF installs (<state>/driverstore/oemN/, laid out as
 * below %12%), as Windows' driver store keeps what CopyFiles copies: the hosts of its devices load
 * the driver from there, so a binary overwritten where the INF found it never reaches a running host.
 * A deleted copy goes at once; on Windows a DLL a host still has loaded is moved out of it first
 * (<state>/driverstore/.deleted) and deleted later, once it can be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_store.h"
#include "log.h"

#define DRIVER_FILE_MAX (64u * 1024u * 1024u)

/* Keeps a copy of the INF in the state directory, as Windows keeps oemNN.inf. */
int wudf_store_inf_data(const char *data, size_t length, char *name, size_t size, wudf_error *err)
{
    char dir[WUDF_PATH_MAX], path[WUDF_PATH_MAX];
    int rc = wudf_path_join(dir, sizeof dir, g_reflector->config.state_dir, "inf", err);
    if (!rc)
        rc = wudf_make_dir(dir, 0700, err);
    if (rc)
        return rc;
    rc = WUDF_EEXIST;
    for (unsigned n = 0; n < 100000 && rc == WUDF_EEXIST; n++) {
        snprintf(name, size, "oem%u.inf", n);
        rc = wudf_path_join(path, sizeof path, dir, name, err);
        if (rc)
            break;
        uv_fs_t req;
        int exists = uv_fs_stat(NULL, &req, path, NULL) == 0;
        uv_fs_req_cleanup(&req);
        rc = exists ? WUDF_EEXIST : wudf_write_file_atomic(path, data, length, err);
    }
    return rc;
}

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return 0;
    return *a == *b;
}

static int separator(char c)
{
    return c == '/' || c == '\\';
}

/* The length of dir's part of path when path is below dir, else 0: wudf_inf_path_in_dir, where either
 * separator stands for the other on both sides, as a binary in the device store may have been written
 * with Windows' (the INF parser gives '/'). */
static size_t below(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && separator(dir[n - 1]))
        n--;
    for (size_t i = 0; i < n; i++)
        if (path[i] != dir[i] && !(separator(path[i]) && separator(dir[i])))
            return 0;
    return n && (separator(dir[n - 1]) || separator(path[n])) ? n : 0; /* "/" ends in its separator */
}

wudf_package *wudf_package_find(const char *name)
{
    wudf_list *pos;
    for (pos = g_reflector->packages.next; pos != &g_reflector->packages; pos = pos->next) {
        wudf_package *p = WUDF_CONTAINER_OF(pos, wudf_package, link);
        if (same_name(p->inf_name, name))
            return p;
    }
    return NULL;
}

unsigned wudf_package_users(const wudf_package *p)
{
    unsigned n = 0;
    wudf_list *pos;
    for (pos = g_reflector->devnodes.next; pos != &g_reflector->devnodes; pos = pos->next) {
        const wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        n += !d->removed && strcmp(d->inf_name, p->inf_name) == 0;
    }
    return n;
}

/* <state>/driverstore[/oemN]: the package's name without ".inf" (p NULL: the store's own directory). */
static int copy_dir(const wudf_package *p, char *buf, size_t size, wudf_error *err)
{
    char store[WUDF_PATH_MAX], name[sizeof p->inf_name];
    int rc = wudf_path_join(p ? store : buf, p ? sizeof store : size, g_reflector->config.state_dir, "driverstore", err);
    if (rc || !p)
        return rc;
    snprintf(name, sizeof name, "%s", p->inf_name);
    size_t n = strlen(name);
    if (n > 4 && same_name(name + n - 4, ".inf"))
        name[n - 4] = '\0';
    return wudf_path_join(buf, size, store, name, err);
}

/* <state>/driverstore/.deleted: the files of deleted copies that a running host still holds. */
static int deleted_dir(char *buf, size_t size)
{
    char store[WUDF_PATH_MAX];
    return copy_dir(NULL, store, sizeof store, NULL) || wudf_path_join(buf, size, store, ".deleted", NULL) ? -1 : 0;
}

/* Windows refuses to delete a DLL that a process has loaded, and lets it be renamed: such a file
 * leaves the copy for the deleted files' directory (a copy goes at once all the same), from which
 * it goes once no host holds it any more. 0 when it was moved. */
static int move_aside(const char *path)
{
    char dir[WUDF_PATH_MAX], name[64], to[WUDF_PATH_MAX];
    if (deleted_dir(dir, sizeof dir) || wudf_make_dir(dir, 0755, NULL))
        return -1;
    for (unsigned n = 0; n < 1000; n++) {
        uv_fs_t req;
        snprintf(name, sizeof name, "file%u", n);
        if (wudf_path_join(to, sizeof to, dir, name, NULL))
            return -1;
        int exists = uv_fs_lstat(NULL, &req, to, NULL) == 0;
        uv_fs_req_cleanup(&req);
        if (exists)
            continue;
        int rc = uv_fs_rename(NULL, &req, path, to, NULL);
        uv_fs_req_cleanup(&req);
        if (rc == 0)
            wudf_log(WUDF_LOG_INFO, "driver-store-file-in-use", "path=%s moved_to=%s", path, to);
        return rc == 0 ? 0 : -1;
    }
    return -1;
}

static void remove_file(const char *path)
{
    uv_fs_t req;
    int rc = uv_fs_unlink(NULL, &req, path, NULL);
    uv_fs_req_cleanup(&req);
    if (rc < 0 && rc != UV_ENOENT && move_aside(path) != 0)
        wudf_log(WUDF_LOG_WARN, "driver-store-file-kept", "path=%s status=\"%s\"", path, uv_strerror(rc));
}

/* Deletes the files moved aside whose hosts have gone; those still loaded wait for the next time. */
static void purge_deleted(void)
{
    char dir[WUDF_PATH_MAX], path[WUDF_PATH_MAX];
    uv_fs_t req;
    uv_dirent_t entry;
    if (deleted_dir(dir, sizeof dir))
        return;
    if (uv_fs_scandir(NULL, &req, dir, 0, NULL) < 0) {
        uv_fs_req_cleanup(&req);
        return;
    }
    while (uv_fs_scandir_next(&req, &entry) != UV_EOF) {
        uv_fs_t un;
        if (wudf_path_join(path, sizeof path, dir, entry.name, NULL) == 0) {
            uv_fs_unlink(NULL, &un, path, NULL);
            uv_fs_req_cleanup(&un);
        }
    }
    uv_fs_req_cleanup(&req);
    uv_fs_rmdir(NULL, &req, dir, NULL); /* fails while a file is left: kept for the next time */
    uv_fs_req_cleanup(&req);
}

/* Removes directory path and what is in it (a few levels: the layout below %12%); a negative
 * libuv error when path is not a directory. */
static int remove_tree(const char *path, int depth)
{
    uv_fs_t req;
    uv_dirent_t entry;
    int rc = uv_fs_scandir(NULL, &req, path, 0, NULL);
    if (rc < 0) {
        uv_fs_req_cleanup(&req);
        return rc;
    }
    while (uv_fs_scandir_next(&req, &entry) != UV_EOF) {
        char child[WUDF_PATH_MAX];
        if (wudf_path_join(child, sizeof child, path, entry.name, NULL))
            continue;
        if (depth >= 8 || remove_tree(child, depth + 1) < 0)
            remove_file(child);
    }
    uv_fs_req_cleanup(&req);
    rc = uv_fs_rmdir(NULL, &req, path, NULL);
    uv_fs_req_cleanup(&req);
    if (rc < 0 && rc != UV_ENOENT)
        wudf_log(WUDF_LOG_WARN, "driver-store-file-kept", "path=%s status=\"%s\"", path, uv_strerror(rc));
    return 0;
}

/* The directories of rel ("UMDF/x.so": UMDF) below base, each readable by the hosts. */
static int make_dirs(const char *base, const char *rel, wudf_error *err)
{
    char path[WUDF_PATH_MAX];
    snprintf(path, sizeof path, "%s", base);
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/\\");
        if (!p[n])
            break; /* the file itself */
        size_t used = strlen(path);
        if (n && used + n + 2 > sizeof path)
            return wudf_error_set(err, WUDF_ETOOBIG, "path too long below %s", base);
        if (n) {
            snprintf(path + used, sizeof path - used, "/%.*s", (int)n, p);
            int rc = wudf_make_dir(path, 0755, err);
            if (rc)
                return rc;
        }
        p += n + 1;
    }
    return 0;
}

/* Copies the file a service binary names (X.dll, or the X.so that stands for it) to dir, at the
 * place it has below %12%. 0 also when it is not there (its devices keep the INF's path). */
static int copy_binary(const char *binary, const char *dir, wudf_error *err)
{
    const char *drivers = g_reflector->config.driver_dir;
    char from[WUDF_PATH_MAX], to[WUDF_PATH_MAX];
    size_t n = below(binary, drivers);
    if (!n || wudf_host_module_path(binary, from, sizeof from, NULL)) {
        wudf_log(WUDF_LOG_WARN, "driver-file-missing", "binary=%s", binary);
        return 0;
    }
    /* The module path is the binary's with Windows' separators (or a .so for a .dll): the directory
     * part has the same length. */
    const char *rel = from + n;
    while (*rel == '/' || *rel == '\\')
        rel++;
    int w = snprintf(to, sizeof to, "%s/%s", dir, rel);
    if (w < 0 || (size_t)w >= sizeof to)
        return wudf_error_set(err, WUDF_ETOOBIG, "path too long: %s/%s", dir, rel);
    uv_fs_t req;
    int exists = uv_fs_stat(NULL, &req, to, NULL) == 0;
    uv_fs_req_cleanup(&req);
    if (exists)
        return 0; /* another models line's service */
    char *data;
    size_t length;
    int rc = make_dirs(dir, rel, err);
    if (!rc)
        rc = wudf_read_file(from, DRIVER_FILE_MAX, &data, &length, err);
    if (rc)
        return rc;
    rc = wudf_write_file_atomic(to, data, length, err);
    free(data);
    if (!rc) {
        uv_fs_chmod(NULL, &req, to, 0644, NULL); /* the hosts' users read it */
        uv_fs_req_cleanup(&req);
    }
    return rc;
}

/* The service binaries of every models line of inf, each copied once. */
static int copy_services(const wudf_inf *inf, const char *dir, wudf_error *err)
{
    wudf_inf_dirs dirs = {g_reflector->config.driver_dir, NULL, NULL, NULL, NULL};
    wudf_inf_install *ins = calloc(1, sizeof *ins);
    if (!ins)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    char id[256];
    int rc = 0;
    for (size_t i = 0; !rc && wudf_inf_hardware_id(inf, WUDF_INF_PLATFORM, i, id, sizeof id, NULL) == 0; i++) {
        if (wudf_inf_find_install(inf, id, WUDF_INF_PLATFORM, &dirs, ins, NULL))
            continue; /* a line install refuses says so when it is installed */
        for (size_t s = 0; !rc && s < ins->service_count; s++)
            rc = copy_binary(ins->services[s].binary, dir, err);
    }
    free(ins);
    return rc;
}

int wudf_driver_store_copy(wudf_package *p, const wudf_inf *inf, wudf_error *err)
{
    if (p->has_copy)
        return 0;
    char store[WUDF_PATH_MAX], dir[WUDF_PATH_MAX];
    int rc = copy_dir(NULL, store, sizeof store, err);
    rc = rc ? rc : copy_dir(p, dir, sizeof dir, err);
    rc = rc ? rc : wudf_make_dir(store, 0755, err);
    if (rc)
        return rc;
    purge_deleted();
    remove_tree(dir, 0); /* a deleted package's, whose name this one has now */
    rc = wudf_make_dir(dir, 0755, err);
    rc = rc ? rc : copy_services(inf, dir, err);
    if (rc) {
        remove_tree(dir, 0);
        return rc;
    }
    p->has_copy = 1;
    wudf_log(WUDF_LOG_INFO, "package-files-copied", "inf=%s dir=%s", p->inf_name, dir);
    return 0;
}

/* Whether the hosts' users can read p's copy (a reflector that runs as root starts its hosts as
 * other users, who must be able to search the state directory). Checked and said once per package. */
static int hosts_reach(wudf_package *p, const char *dir)
{
    const wudf_reflector *r = g_reflector;
    if (!r->host_drop)
        return 1;
    if (p->hosts_reach)
        return p->hosts_reach > 0;
    int64_t uid = r->host_ids_each ? r->host_ids.first : r->host_uid;
    int64_t gid = r->host_ids_each ? r->host_ids.first : r->host_gid;
    const char *paths[] = {dir, NULL};
    wudf_error err;
    p->hosts_reach = wudf_account_can_reach(uid, gid, paths, &err) == 0 ? 1 : -1;
    if (p->hosts_reach < 0) {
        char q[sizeof err.message * 2];
        wudf_log(WUDF_LOG_WARN, "driver-store-unreachable", "inf=%s reason=%s", p->inf_name,
                 wudf_log_quote(q, sizeof q, err.message));
    }
    return p->hosts_reach > 0;
}

/* Each service binary of d below from is pointed below to instead, when the file is there. */
static void move_binaries(wudf_devnode *d, const char *from, const char *to)
{
    for (unsigned i = 0; i < d->service_count; i++) {
        wudf_service *sv = &d->services[i];
        size_t n = below(sv->binary, from);
        char moved[sizeof sv->binary], module[WUDF_PATH_MAX];
        if (!n)
            continue;
        /* Binaries are '/'-separated, as the INF parser resolves them. */
        int w = snprintf(moved, sizeof moved, "%s%s", to, sv->binary + n);
        for (char *c = moved; w > 0 && *c; c++)
            if (*c == '\\')
                *c = '/';
        if (w > 0 && (size_t)w < sizeof moved && wudf_host_module_path(moved, module, sizeof module, NULL) == 0)
            memcpy(sv->binary, moved, (size_t)w + 1);
    }
}

void wudf_driver_store_bind(wudf_devnode *d, wudf_package *p)
{
    char dir[WUDF_PATH_MAX];
    if (!p || !p->has_copy || copy_dir(p, dir, sizeof dir, NULL) || !hosts_reach(p, dir))
        return;
    move_binaries(d, g_reflector->config.driver_dir, dir);
}

void wudf_driver_store_unbind(wudf_devnode *d, const wudf_package *p)
{
    char dir[WUDF_PATH_MAX];
    if (copy_dir(p, dir, sizeof dir, NULL) == 0)
        move_binaries(d, dir, g_reflector->config.driver_dir);
}

void wudf_driver_store_rebind_all(wudf_reflector *r)
{
    purge_deleted(); /* the hosts that held them were of an earlier reflector */
    wudf_list *pos;
    for (pos = r->devnodes.next; pos != &r->devnodes; pos = pos->next) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        wudf_package *p = d->inf_name[0] ? wudf_package_find(d->inf_name) : NULL;
        if (!p || !p->has_copy)
            continue;
        wudf_driver_store_unbind(d, p);
        wudf_driver_store_bind(d, p);
    }
}

void wudf_driver_store_delete_files(const wudf_package *p)
{
    char dir[WUDF_PATH_MAX], path[WUDF_PATH_MAX];
    purge_deleted();
    if (wudf_path_join(dir, sizeof dir, g_reflector->config.state_dir, "inf", NULL) == 0 &&
        wudf_path_join(path, sizeof path, dir, p->inf_name, NULL) == 0)
        remove_file(path);
    if (copy_dir(p, dir, sizeof dir, NULL) == 0)
        remove_tree(dir, 0);
}
