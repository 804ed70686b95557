/* Test helper: opens a device, leaves a request pending, says "ready", then waits to be killed. */
#include <stdio.h>

#include "echo_ioctl.h"
#include "openwudf/client.h"

static void on_done(wudf_client *c, wudf_request_id id, wudf_status st, uint64_t info, void *context)
{
    (void)c;
    (void)id;
    (void)st;
    (void)info;
    (void)context;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hold_open ENDPOINT DEVICE\n");
        return 2;
    }
    wudf_client *c;
    wudf_handle f;
    if (wudf_connect(argv[1], &c) < 0 || wudf_open(c, argv[2], 10000, &f) < 0) {
        fprintf(stderr, "hold_open: %s\n", wudf_client_error(c));
        return 1;
    }
    wudf_request_id id;
    if (wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, on_done, NULL, &id) < 0)
        return 1;
    /* The pended request has reached the driver once a later round trip on the same file completes. */
    struct echo_stats s;
    uint32_t n;
    do {
        if (wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, &s, sizeof s, &n, 10000) < 0)
            return 1;
    } while (s.pended == 0);
    printf("ready\n");
    fflush(stdout);
    char line[16];
    while (fgets(line, sizeof line, stdin))
        ;
    return 0;
}
