/* The process on Windows: the host's channel and module files (platform.h). */
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

/* A crash ends the process at once with the exception code: no debugger, no error box. */
static LONG WINAPI on_unhandled_exception(EXCEPTION_POINTERS *info)
{
    TerminateProcess(GetCurrentProcess(), info->ExceptionRecord->ExceptionCode);
    return EXCEPTION_EXECUTE_HANDLER;
}

int wudf_host_confine(int fd, uint64_t memory_mb, wudf_error *err)
{
    (void)fd; /* handles are inherited only when the reflector says so */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    SetUnhandledExceptionFilter(on_unhandled_exception);
    if (!memory_mb)
        return 0;
    HANDLE job = CreateJobObjectA(NULL, NULL);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    memset(&limits, 0, sizeof limits);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY;
    limits.ProcessMemoryLimit = (SIZE_T)memory_mb << 20;
    if (!job || !SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits) ||
        !AssignProcessToJobObject(job, GetCurrentProcess()))
        return wudf_error_set(err, WUDF_EIO, "cannot limit the memory to %llu MiB: error %lu",
                              (unsigned long long)memory_mb, GetLastError());
    return 0; /* the job handle stays open for the life of the process */
}
