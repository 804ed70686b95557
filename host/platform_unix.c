/* Host platform seam, Linux and other Unix systems (see platform.h). */
#include "platform.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

void wudf_host_platform_init(void)
{
    signal(SIGPIPE, SIG_IGN);
}

int wudf_host_channel_open(uv_loop_t *loop, uv_pipe_t *pipe, int fd, wudf_error *err)
{
    /* On Linux uv_spawn's UV_CREATE_PIPE is a socketpair; a pipe handle reads it as a stream. */
    int rc = uv_pipe_init(loop, pipe, 0);
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "channel: uv_pipe_init: %s", uv_strerror(rc));
    rc = uv_pipe_open(pipe, fd);
    if (rc) {
        uv_close((uv_handle_t *)pipe, NULL);
        return wudf_error_set(err, WUDF_EIO, "channel: cannot open descriptor %d: %s", fd, uv_strerror(rc));
    }
    return 0;
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
