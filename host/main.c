/*
 * wudfhost: the process that hosts one device's UMDF driver (like
 * WUDFHost.exe). The reflector spawns it with the channel on an inherited
 * descriptor:  wudfhost --channel-fd 3 [--memory-mb N] [--log-level debug|info|warn|error] [--no-seccomp]
 * The loop thread owns the channel; the framework runs on its own threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "channel.h"
#include "framework.h" /* wudf_remote_message */
#include "log.h"
#include "platform.h"
#include "ring_server.h"

static void usage(void)
{
    fprintf(stderr, "usage: wudfhost --channel-fd N [--memory-mb N] [--log-level debug|info|warn|error] [--no-seccomp]\n"
                    "       wudfhost --version\n"
                    "(started by wudfrd, not by hand)\n");
}

static int parse_fd(const char *text, int *fd)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || *end || v < 0 || v > 65535)
        return -1;
    *fd = (int)v;
    return 0;
}

static void deliver(void *ctx, const wudf_msg *msg, int fd)
{
    if (msg->type == WUDF_MSG_RING)
        wudf_ring_message(ctx, msg, fd); /* mapped here, ahead of the IRPs that will use it */
    else if (msg->type == WUDF_MSG_REMOTE_COMPLETE || msg->type == WUDF_MSG_REMOTE_EVENT)
        wudf_remote_message(ctx, msg); /* here: a driver waiting on a remote target may hold the dispatcher */
    else
        wudf_host_submit(ctx, msg);
}

int main(int argc, char **argv)
{
    int fd = -1, filter = 1;
    long memory_mb = 0;
    wudf_log_level level = WUDF_LOG_INFO;
    if (wudf_version_asked(argc, argv, "wudfhost"))
        return 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--channel-fd") == 0 && i + 1 < argc) {
            if (parse_fd(argv[++i], &fd)) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "--memory-mb") == 0 && i + 1 < argc) {
            char *end;
            memory_mb = strtol(argv[++i], &end, 10);
            if (*end || memory_mb < 0 || memory_mb > (1L << 24)) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "--no-seccomp") == 0) {
            filter = 0; /* wudfrd --no-host-seccomp */
        } else if (strcmp(argv[i], "--log-level") == 0 && i + 1 < argc) {
            if (wudf_log_level_parse(argv[++i], &level)) {
                usage();
                return 2;
            }
        } else {
            usage();
            return 2;
        }
    }
    if (fd < 0) {
        usage();
        return 2;
    }
    wudf_log_setup("wudfhost", level);
    wudf_process_init();

    uv_loop_t loop;
    wudf_error err;
    char applied[160];
    if (wudf_host_confine(fd, (uint64_t)memory_mb, filter, applied, sizeof applied, &err)) {
        wudf_log(WUDF_LOG_ERROR, "confine-failed", "reason=\"%s\"", err.message);
        return 1;
    }
    wudf_log(WUDF_LOG_INFO, "host-confined", "%s", applied);
    wudf_channel *channel = NULL;
    wudf_host *host = NULL;
    uv_loop_init(&loop);
    if (wudf_channel_start(&channel, &loop, fd, &err)) {
        wudf_log(WUDF_LOG_ERROR, "channel-open-failed", "fd=%d reason=\"%s\"", fd, err.message);
        return 2;
    }
    wudf_outbox outbox = wudf_channel_outbox(channel);
    wudf_host_options options;
    memset(&options, 0, sizeof options);
    options.loop = &loop; /* USB devices' events are handled on this thread's loop */
    if (wudf_host_create_with(&host, &outbox, &options, &err)) {
        wudf_log(WUDF_LOG_ERROR, "host-create-failed", "reason=\"%s\"", err.message);
        return 1;
    }
    wudf_channel_set_deliver(channel, deliver, host);
    wudf_log(WUDF_LOG_INFO, "host-start", "pid=%d channel_fd=%d", (int)uv_os_getpid(), fd);

    uv_run(&loop, UV_RUN_DEFAULT);

    /* The channel finished (DEVICE_STOPPED or a failed start was written): tear down in order. */
    int code = wudf_channel_exit_code(channel);
    wudf_host_destroy(host);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    wudf_channel_free(channel);
    wudf_log(WUDF_LOG_INFO, "host-exit", "code=%d", code);
    return code;
}
