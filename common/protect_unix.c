/*
 * Keeping other processes out of the reflector and the hosts (platform.h): on Unix systems a host's
 * own uid, non-dumpability and system-call filter do it (confine_unix.c), so nothing is left here.
 */
#include "platform.h"

#include <stdio.h>

void wudf_process_protect(int host, char *applied, size_t size)
{
    (void)host;
    snprintf(applied, size, "protected=by-uid");
}

int wudf_process_protect_child(uv_process_t *process)
{
    (void)process;
    return 0;
}
