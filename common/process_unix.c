/* The process, Linux and other Unix systems: SIGPIPE, the host's confinement, channel and module files (platform.h). */
#include "platform.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

void wudf_process_init(void)
{
    signal(SIGPIPE, SIG_IGN);
}

uint64_t wudf_raise_descriptor_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl); /* kept as it was when refused */
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return rl.rlim_cur == RLIM_INFINITY ? 0 : (uint64_t)rl.rlim_cur;
}

static int file_exists(const char *path)
{
    uv_fs_t req;
    int rc = uv_fs_stat(NULL, &req, path, NULL);
    uv_fs_req_cleanup(&req);
    return rc == 0;
}

int wudf_host_module_path(const char *binary, char *out, size_t size, wudf_error *err)
{
    size_t n = strlen(binary);
    if (n + 1 > size)
        return wudf_error_set(err, WUDF_ETOOBIG, "module path of %lu bytes is too long", (unsigned long)n);
    memcpy(out, binary, n + 1);
    if (file_exists(out))
        return 0;
    if (n >= 4 && (strcmp(out + n - 4, ".dll") == 0 || strcmp(out + n - 4, ".DLL") == 0)) {
        memcpy(out + n - 4, ".so", 4);
        if (file_exists(out))
            return 0;
        return wudf_error_set(err, WUDF_ENOTFOUND, "module %s not found (nor %s)", binary, out);
    }
    return wudf_error_set(err, WUDF_ENOTFOUND, "module %s not found", binary);
}

/* gcc says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer). */
#if defined(__SANITIZE_ADDRESS__)
#define HOST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOST_ASAN 1
#endif
#endif

/* Closes every descriptor above 2 except keep: listed from /proc where there is one. */
static void close_inherited(int keep)
{
    DIR *dir = opendir("/proc/self/fd");
    if (dir) {
        int fds[1024], count = 0, self = dirfd(dir);
        struct dirent *e;
        while ((e = readdir(dir)) != NULL && count < 1024) {
            int fd = atoi(e->d_name);
            if (e->d_name[0] != '.' && fd > 2 && fd != keep && fd != self)
                fds[count++] = fd;
        }
        closedir(dir);
        for (int i = 0; i < count; i++)
            close(fds[i]);
        return;
    }
    struct rlimit files;
    rlim_t max = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536 ? files.rlim_cur : 65536;
    for (int fd = 3; fd < (int)max; fd++)
        if (fd != keep)
            close(fd);
}

int wudf_host_confine(int fd, uint64_t memory_mb, wudf_error *err)
{
    /* A driver's memory holds other people's data: no core files of it. */
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
#ifndef HOST_ASAN
    /* AddressSanitizer reserves terabytes of shadow address space; its builds use malloc_limit_mb. */
    if (memory_mb) {
        struct rlimit limit = {(rlim_t)memory_mb << 20, (rlim_t)memory_mb << 20};
        if (setrlimit(RLIMIT_AS, &limit) != 0)
            return wudf_error_set(err, WUDF_EIO, "cannot limit the address space to %llu MiB: %s",
                                  (unsigned long long)memory_mb, strerror(errno));
    }
#else
    (void)memory_mb;
    (void)err;
#endif
    /* Whatever the parent leaked to us is not the driver's to use. */
    close_inherited(fd);
    return 0;
}
