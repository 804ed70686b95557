/*
 * A host's group on Windows (platform.h): a job object per host that ends everything in it when it
 * is terminated or closed. docs/security.md says what Wine enforces of it.
 */
#include "platform.h"

#include "log.h"

#include <stdio.h>
#include <string.h>
#include <windows.h>

void wudf_host_groups_open(const char *state_dir, char *applied, size_t size)
{
    (void)state_dir;
    snprintf(applied, size, "mode=job");
}

void wudf_host_groups_close(void)
{
}

unsigned wudf_host_group_spawn_flags(void)
{
    return 0; /* the job comes after the spawn */
}

int wudf_host_group_attach(wudf_host_group *group, uv_process_t *process, wudf_error *err)
{
    group->leader = process->pid;
    group->job = NULL;
    group->cgroup = 0;
    /* Kill on close: whatever the host started ends when the reflector lets the job go, or dies.
     * One active process: the host cannot start another (Wine 8 does not enforce this limit; kill
     * on close it does, docs/security.md). No breakaway: a child cannot leave the job. */
    HANDLE job = CreateJobObjectA(NULL, NULL);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    memset(&limits, 0, sizeof limits);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    limits.BasicLimitInformation.ActiveProcessLimit = 1;
    if (!job || !SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits) ||
        !AssignProcessToJobObject(job, process->process_handle)) {
        DWORD error = GetLastError();
        if (job)
            CloseHandle(job);
        return wudf_error_set(err, WUDF_EIO, "cannot put the host in a job object: error %lu", error);
    }
    group->job = job;
    int error = wudf_process_protect_child(process);
    if (error)
        wudf_log(WUDF_LOG_WARN, "host-unprotected", "pid=%lld error=%d", (long long)process->pid, error);
    return 0;
}

void wudf_host_group_kill(wudf_host_group *group)
{
    if (group->job)
        TerminateJobObject(group->job, 1);
}

void wudf_host_group_release(wudf_host_group *group)
{
    if (group->job)
        CloseHandle(group->job); /* kills what is left */
    group->job = NULL;
    group->leader = 0;
}
