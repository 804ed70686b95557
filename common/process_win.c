/* The process on Windows: module files (platform.h); the host's confinement is in confine_win.c. */
#include "platform.h"

#include <string.h>
#include <windows.h>

void wudf_process_init(void)
{
    /* Nothing: a broken pipe is an error code on Windows, never a signal. */
}

uint64_t wudf_raise_descriptor_limit(void)
{
    return 0; /* handles are limited by memory, in the millions */
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
