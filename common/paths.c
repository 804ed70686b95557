/* Seam parts that libuv already makes portable: paths, files, the executable's directory, the clock. */
#include "platform.h"

#include "build_info.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#define SEP '\\'
#define EXE_SUFFIX ".exe"
#else
#define SEP '/'
#define EXE_SUFFIX ""
#endif

static int is_sep(char c)
{
    return c == '/' || c == SEP;
}

int wudf_path_join(char *buf, size_t size, const char *dir, const char *name, wudf_error *err)
{
    size_t dl = strlen(dir);
    int n = snprintf(buf, size, "%s%s%s", dir, dl && is_sep(dir[dl - 1]) ? "" : (char[]){SEP, 0}, name);
    if (n < 0 || (size_t)n >= size)
        return wudf_error_set(err, WUDF_ETOOBIG, "path too long: %s + %s", dir, name);
    return 0;
}

int wudf_path_absolute(const char *path, char *buf, size_t size, wudf_error *err)
{
    int absolute = is_sep(path[0]);
#ifdef _WIN32
    if (path[0] && path[1] == ':')
        absolute = 1;
#endif
    if (absolute) {
        if (strlen(path) >= size)
            return wudf_error_set(err, WUDF_ETOOBIG, "path too long: %s", path);
        strcpy(buf, path);
        return 0;
    }
    char cwd[WUDF_PATH_MAX];
    size_t len = sizeof cwd;
    int rc = uv_cwd(cwd, &len);
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "cannot read the current directory: %s", uv_strerror(rc));
    return wudf_path_join(buf, size, cwd, path, err);
}

int wudf_exe_dir(char *buf, size_t size, wudf_error *err)
{
    size_t len = size;
    int rc = uv_exepath(buf, &len);
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "cannot find the running program's path: %s", uv_strerror(rc));
    while (len > 0 && !is_sep(buf[len - 1]))
        len--;
    if (len > 1)
        len--;
    buf[len] = '\0';
    return 0;
}

int wudf_sibling_program(const char *name, char *buf, size_t size, wudf_error *err)
{
    char dir[WUDF_PATH_MAX], file[256];
    int rc = wudf_exe_dir(dir, sizeof dir, err);
    if (rc)
        return rc;
    snprintf(file, sizeof file, "%s%s", name, EXE_SUFFIX);
    return wudf_path_join(buf, size, dir, file, err);
}

static int exists(const char *path)
{
    uv_fs_t req;
    int rc = uv_fs_stat(NULL, &req, path, NULL);
    uv_fs_req_cleanup(&req);
    return rc == 0;
}

int wudf_install_path(wudf_install_item item, char *buf, size_t size, wudf_error *err)
{
    static const struct {
        const char *in_build, *installed_dir, *name;
    } places[] = {
        [WUDF_INSTALL_HOST] = {"wudfhost" EXE_SUFFIX, WUDF_RELATIVE_HOST_DIR, "wudfhost" EXE_SUFFIX},
        [WUDF_INSTALL_DRIVER_DIR] = {"drivers", WUDF_RELATIVE_DRIVER_DIR, NULL},
        [WUDF_INSTALL_INF_DIR] = {NULL, WUDF_RELATIVE_INF_DIR, NULL},
    };
    char dir[WUDF_PATH_MAX], installed[WUDF_PATH_MAX];
    int rc = wudf_exe_dir(dir, sizeof dir, err);
    if (!rc && places[item].in_build) {
        rc = wudf_path_join(buf, size, dir, places[item].in_build, err);
        if (!rc && exists(buf))
            return 0;
    }
    rc = rc ? rc : wudf_path_join(installed, sizeof installed, dir, places[item].installed_dir, err);
    if (rc)
        return rc;
    if (places[item].name)
        rc = wudf_path_join(buf, size, installed, places[item].name, err);
    else if (strlen(installed) >= size)
        rc = wudf_error_set(err, WUDF_ETOOBIG, "path too long: %s", installed);
    else
        strcpy(buf, installed);
    /* Without the "bin/.." the status and the logs would show. */
    uv_fs_t req;
    if (!rc && uv_fs_realpath(NULL, &req, buf, NULL) == 0 && strlen(req.ptr) < size)
        strcpy(buf, req.ptr);
    if (!rc)
        uv_fs_req_cleanup(&req);
    return rc;
}

int wudf_write_file_atomic(const char *path, const void *data, size_t length, wudf_error *err)
{
    char tmp[WUDF_PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return wudf_error_set(err, WUDF_ETOOBIG, "path too long: %s", path);
    uv_fs_t req;
    int fd = uv_fs_open(NULL, &req, tmp, UV_FS_O_WRONLY | UV_FS_O_CREAT | UV_FS_O_TRUNC, 0600, NULL);
    uv_fs_req_cleanup(&req);
    if (fd < 0)
        return wudf_error_set(err, WUDF_EIO, "cannot create %s: %s", tmp, uv_strerror(fd));
    size_t done = 0;
    int rc = 0;
    while (done < length) {
        uv_buf_t b = uv_buf_init((char *)data + done, (unsigned)(length - done > 1u << 30 ? 1u << 30 : length - done));
        rc = uv_fs_write(NULL, &req, fd, &b, 1, -1, NULL);
        uv_fs_req_cleanup(&req);
        if (rc <= 0)
            break;
        done += (size_t)rc;
        rc = 0;
    }
    if (rc == 0) {
        rc = uv_fs_fsync(NULL, &req, fd, NULL);
        uv_fs_req_cleanup(&req);
    }
    uv_fs_close(NULL, &req, fd, NULL);
    uv_fs_req_cleanup(&req);
    if (rc < 0) {
        uv_fs_unlink(NULL, &req, tmp, NULL);
        uv_fs_req_cleanup(&req);
        return wudf_error_set(err, WUDF_EIO, "cannot write %s: %s", tmp, uv_strerror(rc));
    }
    rc = uv_fs_rename(NULL, &req, tmp, path, NULL);
    uv_fs_req_cleanup(&req);
    if (rc < 0)
        return wudf_error_set(err, WUDF_EIO, "cannot rename %s to %s: %s", tmp, path, uv_strerror(rc));
#ifndef _WIN32
    /* The rename itself must reach the disk: sync the directory. */
    char dir[WUDF_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = slash == dir ? (slash[1] = '\0', '/') : '\0';
        int dfd = uv_fs_open(NULL, &req, dir, UV_FS_O_RDONLY, 0, NULL);
        uv_fs_req_cleanup(&req);
        if (dfd >= 0) {
            uv_fs_fsync(NULL, &req, dfd, NULL);
            uv_fs_req_cleanup(&req);
            uv_fs_close(NULL, &req, dfd, NULL);
            uv_fs_req_cleanup(&req);
        }
    }
#endif
    return 0;
}

int wudf_read_file(const char *path, size_t max, char **data, size_t *length, wudf_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return wudf_error_set(err, WUDF_ENOTFOUND, "cannot open %s", path);
    char *buf = malloc(max + 1);
    if (!buf) {
        fclose(f);
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory reading %s", path);
    }
    size_t n = fread(buf, 1, max + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return wudf_error_set(err, WUDF_EIO, "cannot read %s", path);
    }
    if (n > max) {
        free(buf);
        return wudf_error_set(err, WUDF_ETOOBIG, "%s is larger than %zu bytes", path, max);
    }
    buf[n] = '\0';
    *data = buf;
    *length = n;
    return 0;
}

uint64_t wudf_now_ms(void)
{
    return uv_hrtime() / 1000000u;
}
