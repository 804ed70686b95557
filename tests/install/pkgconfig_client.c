/* Built by test_install.sh with nothing but `pkg-config --cflags --libs openwudf`: writes its argument
 * to the echo device and reads it back. */
#include <stdio.h>
#include <string.h>

#include <openwudf/client.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pkgconfig_client DEVICE TEXT\n");
        return 2;
    }
    wudf_client *client = NULL;
    wudf_handle file;
    char back[256] = {0};
    uint32_t done = 0;
    uint32_t length = (uint32_t)strlen(argv[2]);
    wudf_status st = wudf_connect(NULL, &client);
    if (st == WUDF_STATUS_SUCCESS)
        st = wudf_open(client, argv[1], 10000, &file);
    if (st == WUDF_STATUS_SUCCESS)
        st = wudf_write(client, file, argv[2], length, 0, &done, 10000);
    if (st == WUDF_STATUS_SUCCESS)
        st = wudf_read(client, file, back, sizeof back - 1, 0, &done, 10000);
    wudf_disconnect(client);
    if (st != WUDF_STATUS_SUCCESS) {
        fprintf(stderr, "pkgconfig_client: %s\n", wudf_status_name(st));
        return 1;
    }
    printf("%s\n", back);
    return strcmp(back, argv[2]) == 0 ? 0 : 1;
}
