/* The release every program reports (--version, and the reflector's ready line). */
#include "platform.h"

#include <stdio.h>
#include <string.h>

#include "build_info.h"

const char *wudf_version(void)
{
    return WUDF_VERSION;
}

int wudf_version_asked(int argc, char **argv, const char *program)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--version") == 0) {
            printf("%s (openwudf) %s\n", program, WUDF_VERSION);
            return 1;
        }
    }
    return 0;
}
