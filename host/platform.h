/*
 * The host's platform seam: how the channel handed over by the reflector is
 * opened and how an INF module path maps to a loadable file. platform_unix.c
 * and platform_win.c implement it; nothing else in host/ differs by platform.
 */
#ifndef OPENWUDF_HOST_PLATFORM_H
#define OPENWUDF_HOST_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "error.h"

/*
 * Process-wide setup before the channel opens. Unix: a write to a channel
 * the reflector closed must fail with EPIPE (then exit 2), not kill the
 * process with SIGPIPE.
 */
void wudf_host_platform_init(void);

/*
 * Confines the process before any driver code is loaded: an address-space
 * limit of memory_mb MiB (0: none), no core dumps, and no descriptor but
 * stdio and the channel (fd) left open from the parent.
 */
int wudf_host_confine(int fd, uint64_t memory_mb, wudf_error *err);

/* Opens the channel the reflector passed as inherited descriptor fd (stdio[fd] of uv_spawn). */
int wudf_host_channel_open(uv_loop_t *loop, uv_pipe_t *pipe, int fd, wudf_error *err);

/*
 * The file to load for the module an INF names (e.g. C:\...\echo.dll or
 * /usr/lib/openwudf/UMDF/echo.dll). On non-Windows a missing ".dll" is looked
 * for as ".so" at the same path, so INF files stay unchanged.
 */
int wudf_host_module_path(const char *binary, char *out, size_t size, wudf_error *err);

#endif
