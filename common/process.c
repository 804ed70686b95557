/* The portable part of the process seam (platform.h): the host's channel. */
#include "platform.h"

int wudf_host_channel_open(uv_loop_t *loop, uv_pipe_t *pipe, int fd, wudf_error *err)
{
    /* stdio[fd] of uv_spawn: a socketpair on Linux, whose ipc mode carries the fast path's
     * descriptors; a pipe handle from the CRT's inherited-handle table on Windows. */
    int rc = uv_pipe_init(loop, pipe, wudf_fast_path_supported());
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "channel: uv_pipe_init: %s", uv_strerror(rc));
    rc = uv_pipe_open(pipe, fd);
    if (rc) {
        uv_close((uv_handle_t *)pipe, NULL);
        return wudf_error_set(err, WUDF_EIO, "channel: cannot open descriptor %d: %s", fd, uv_strerror(rc));
    }
    return 0;
}
