/* The process, Linux and other Unix systems: SIGPIPE, the descriptor limit and module files
 * (platform.h); the host's confinement is in confine_unix.c. */
#include "platform.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

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
