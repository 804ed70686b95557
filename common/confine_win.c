/*
 * A host's confinement on Windows (platform.h): no error box or debugger for a crash, and the
 * memory limit as a job object. The reflector's side, a job per host, is host_group_win.c.
 */
#include "platform.h"

#include <stdio.h>
#include <string.h>
#include <windows.h>

/* A crash ends the process at once with the exception code: no debugger, no error box. */
static LONG WINAPI on_unhandled_exception(EXCEPTION_POINTERS *info)
{
    TerminateProcess(GetCurrentProcess(), info->ExceptionRecord->ExceptionCode);
    return EXCEPTION_EXECUTE_HANDLER;
}

static int limit_memory(uint64_t memory_mb, wudf_error *err)
{
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

int wudf_host_confine(int fd, uint64_t memory_mb, int filter, char *applied, size_t size, wudf_error *err)
{
    (void)fd;     /* handles are inherited only when the reflector says so */
    (void)filter; /* no system-call filter on Windows */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    SetUnhandledExceptionFilter(on_unhandled_exception);
    int rc = memory_mb ? limit_memory(memory_mb, err) : 0;
    if (rc)
        return rc;
    /* Before the driver loads: no other host can open this one from then on. */
    char protected_as[96];
    wudf_process_protect(1, protected_as, sizeof protected_as);
    snprintf(applied, size, "error_box=off memory_job=%s seccomp=unsupported-system %s", memory_mb ? "on" : "off",
             protected_as);
    return 0;
}
