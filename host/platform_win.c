/* Host platform seam, Windows (see platform.h). */
#include "platform.h"

#include <string.h>
#include <windows.h>

void wudf_host_platform_init(void)
{
    /* Nothing: a broken pipe is an error code on Windows, never a signal. */
}

int wudf_host_channel_open(uv_loop_t *loop, uv_pipe_t *pipe, int fd, wudf_error *err)
{
    /* libuv hands stdio[fd] to the child through the CRT's inherited-handle table. */
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

int wudf_host_module_path(const char *binary, char *out, size_t size, wudf_error *err)
{
    size_t n = strlen(binary);
    if (n + 1 > size)
        return wudf_error_set(err, WUDF_ETOOBIG, "module path of %lu bytes is too long", (unsigned long)n);
    memcpy(out, binary, n + 1);
    /* INF paths come with '/' separators: Windows wants its own. */
    for (char *p = out; *p; p++)
        if (*p == '/')
            *p = '\\';
    if (GetFileAttributesA(out) == INVALID_FILE_ATTRIBUTES)
        return wudf_error_set(err, WUDF_ENOTFOUND, "module %s not found", binary);
    return 0;
}
