/* The process on Windows: module files (platform.h); the host's confinement is in confine_win.c. */
#include "platform.h"

#include <string.h>
#include <windows.h>

void wudf_process_init(void)
{
    /* A broken pipe is an error code on Windows, never a signal. What this process starts gets its
     * standard handles only as the ones it is given (libuv duplicates those): a child that outlives
     * it (a host whose reflector was killed) must not hold the caller's pipe open, or a caller
     * waiting for the pipe's end (ctest, a CI job) waits for that child. */
    static const DWORD std_handles[] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
    for (size_t i = 0; i < sizeof std_handles / sizeof std_handles[0]; i++) {
        HANDLE h = GetStdHandle(std_handles[i]);
        if (h && h != INVALID_HANDLE_VALUE)
            SetHandleInformation(h, HANDLE_FLAG_INHERIT, 0);
    }
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
