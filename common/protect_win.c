/*
 * Keeping other processes out of the reflector and the hosts on Windows (platform.h). Every process
 * of wudfrd's runs under one token, and Wine checks no token for a process or thread object that has
 * no security descriptor of its own, which by default none has: any host could open another, or the
 * reflector, to read its memory or copy its handles. Each is given one: owner SYSTEM (no token of a
 * user holds it, so no one gets the owner's implied rights) and a DACL that lets others only wait,
 * query and, for hosts, end it. The threads get the same, those started later too (a TLS callback
 * runs in each new thread before its code). docs/security.md says what this does and does not stop.
 */
#include "platform.h"

#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <tlhelp32.h>

/* Everyone: SYNCHRONIZE and PROCESS_QUERY_(LIMITED_)INFORMATION, which Wine's kernel asks for on the
 * process and threads of a caller into a driver (ntoskrnl.exe's KeGetCurrentThread, reflector.sys's
 * callers); hosts also PROCESS_TERMINATE, which a kill by pid asks for (libuv's uv_kill, taskkill).
 * Not one right to read or write memory, copy handles, or change a thread. */
#define PROCESS_RIGHTS_HOST L"0x101401"
#define PROCESS_RIGHTS_REFLECTOR L"0x101400"
/* Everyone: SYNCHRONIZE, THREAD_QUERY_(LIMITED_)INFORMATION. */
#define THREAD_RIGHTS L"0x100840"

static volatile LONG protect_new_threads;
static int owner_system = 1;

/* Owner SYSTEM where it can be set (Wine; on Windows only with SeRestorePrivilege); else the DACL
 * alone, with OWNER RIGHTS taking the owner's implied rights away (Windows honours it, Wine not). */
static DWORD protect_object(HANDLE object, const wchar_t *rights)
{
    wchar_t text[128];
    DWORD rc = ERROR_INVALID_OWNER;
    for (int with_owner = owner_system; with_owner >= 0 && rc; with_owner--) {
        if (with_owner)
            _snwprintf(text, 127, L"O:SYG:SYD:(A;;%ls;;;WD)", rights);
        else
            _snwprintf(text, 127, L"D:(A;;%ls;;;WD)(A;;%ls;;;OW)", rights, rights);
        text[127] = 0;
        PSECURITY_DESCRIPTOR sd = NULL;
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(text, SDDL_REVISION_1, &sd, NULL))
            return GetLastError();
        BOOL present = FALSE, defaulted = FALSE;
        PACL dacl = NULL;
        PSID owner = NULL, group = NULL;
        GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
        GetSecurityDescriptorOwner(sd, &owner, &defaulted);
        GetSecurityDescriptorGroup(sd, &group, &defaulted);
        SECURITY_INFORMATION what = DACL_SECURITY_INFORMATION;
        if (with_owner)
            what |= OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION;
        rc = SetSecurityInfo(object, SE_KERNEL_OBJECT, what, owner, group, dacl, NULL);
        LocalFree(sd);
        if (rc && with_owner)
            owner_system = 0; /* not allowed here: every later object goes without it */
    }
    return rc;
}

/* A thread of a protected process is protected before its start routine runs. */
static void NTAPI on_tls(PVOID module, DWORD reason, PVOID reserved)
{
    (void)module;
    (void)reserved;
    if (reason == DLL_THREAD_ATTACH && protect_new_threads)
        protect_object(GetCurrentThread(), THREAD_RIGHTS);
}

/* The C runtime's TLS directory calls every pointer in the .CRT$XL? sections. */
__attribute__((used, section(".CRT$XLP"))) const PIMAGE_TLS_CALLBACK wudf_protect_tls = on_tls;

/* The threads the process already has (libuv's, the C runtime's). */
static unsigned protect_threads(DWORD process_id)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return 0;
    unsigned failed = 0;
    THREADENTRY32 entry;
    entry.dwSize = sizeof entry;
    for (BOOL more = Thread32First(snap, &entry); more; more = Thread32Next(snap, &entry)) {
        if (entry.th32OwnerProcessID != process_id)
            continue;
        HANDLE thread = OpenThread(WRITE_DAC | WRITE_OWNER, FALSE, entry.th32ThreadID);
        if (!thread || protect_object(thread, THREAD_RIGHTS))
            failed++;
        if (thread)
            CloseHandle(thread);
    }
    CloseHandle(snap);
    return failed;
}

void wudf_process_protect(int host, char *applied, size_t size)
{
    InterlockedExchange(&protect_new_threads, 1);
    DWORD rc = protect_object(GetCurrentProcess(), host ? PROCESS_RIGHTS_HOST : PROCESS_RIGHTS_REFLECTOR);
    unsigned failed = protect_threads(GetCurrentProcessId());
    if (rc)
        snprintf(applied, size, "protected=no error=%lu", (unsigned long)rc);
    else
        snprintf(applied, size, "protected=%s threads_unprotected=%u", owner_system ? "owner-system" : "dacl",
                 failed);
}

int wudf_process_protect_child(uv_process_t *process)
{
    /* The reflector holds the creation handle, with every right: the host is closed to others from
     * here on, whatever it has run of its own start yet. */
    return (int)protect_object(process->process_handle, PROCESS_RIGHTS_HOST);
}
