/* identify DEVICE: asks the C++ sample device who it is; prints its instance id. Exit 0 on an answer
 * with the sample's magic number. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openwudf/client.h>

#include "cppsample_ioctl.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: identify DEVICE\n");
        return 2;
    }
    wudf_client *client = NULL;
    wudf_status st = wudf_connect(NULL, &client);
    if (st != WUDF_STATUS_SUCCESS) {
        fprintf(stderr, "identify: cannot connect: %s\n", wudf_status_name(st));
        wudf_disconnect(client);
        return 1;
    }
    wudf_handle file;
    uint8_t out[300];
    uint32_t returned = 0;
    st = wudf_open(client, argv[1], 10000, &file);
    if (st == WUDF_STATUS_SUCCESS)
        st = wudf_ioctl(client, file, IOCTL_CPPSAMPLE_IDENTIFY, NULL, 0, out, sizeof out, &returned, 10000);
    if (st != WUDF_STATUS_SUCCESS || returned < 4) {
        fprintf(stderr, "identify: %s: %s\n", argv[1], wudf_status_name(st));
        wudf_disconnect(client);
        return 1;
    }
    uint32_t magic = (uint32_t)out[0] | (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16 | (uint32_t)out[3] << 24;
    printf("%.*s\n", (int)(returned - 4), (const char *)out + 4);
    wudf_close(client, file);
    wudf_disconnect(client);
    return magic == CPPSAMPLE_MAGIC ? 0 : 1;
}
