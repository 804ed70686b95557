/*
 * wudfctl kernel install|remove|status: the reflector.sys service, which
 * gives unmodified Win32 programs \\.\ names for started devices (wudfrd
 * --kernel serves them). Windows only; Linux has wudfrd --mount.
 */
#include <stdio.h>
#include <string.h>

#include "platform.h"
#include "wudfctl.h"
#include "wudfctl_json.h"

#ifdef _WIN32
#include <windows.h>

#include "openwudf/kbridge.h"

static const char *state_name(DWORD state)
{
    switch (state) {
    case SERVICE_STOPPED: return "stopped";
    case SERVICE_START_PENDING: return "starting";
    case SERVICE_STOP_PENDING: return "stopping";
    case SERVICE_RUNNING: return "running";
    default: return "changing";
    }
}

/* The service as it is now: a line, or the kernel document of --json (docs/json.md). */
static void report(int json, const char *state, const char *path)
{
    if (json) {
        wudfctl_json j;
        wudfctl_json_begin(&j, 0, NULL, NULL);
        wudfctl_json_key(&j, "service");
        wudfctl_json_text(&j, WUDF_KBRIDGE_SERVICE);
        wudfctl_json_key(&j, "state");
        wudfctl_json_text(&j, state);
        wudfctl_json_key(&j, "binary");
        wudfctl_json_text(&j, *path ? path : NULL);
        wudfctl_json_end(&j);
        return;
    }
    printf("%s: %s%s%s", WUDF_KBRIDGE_SERVICE, state, *path ? " (" : "", path);
    printf("%s\n", *path ? ")" : "");
}

static int fail(const char *what)
{
    DWORD e = GetLastError();
    if (e == ERROR_ACCESS_DENIED)
        return wudfctl_fail(WUDFCTL_EXIT_DENIED, NULL, "run wudfctl as an administrator",
                            "kernel: %s: permission denied", what);
    return wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "kernel: %s: error %lu", what, (unsigned long)e);
}

/* The installed service, opened for access; NULL with *rc the exit code (0 when reported as not
 * installed). */
static SC_HANDLE open_service(SC_HANDLE scm, DWORD access, int json, int *rc)
{
    SC_HANDLE svc = OpenServiceA(scm, WUDF_KBRIDGE_SERVICE, access);
    if (!svc) {
        if (GetLastError() != ERROR_SERVICE_DOES_NOT_EXIST) {
            *rc = fail("cannot open the service");
        } else {
            report(json, "not installed", "");
            *rc = 0;
        }
    }
    return svc;
}

static int status(int json, SC_HANDLE scm)
{
    int rc;
    SC_HANDLE svc = open_service(scm, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG, json, &rc);
    if (!svc)
        return rc;
    SERVICE_STATUS st;
    char buffer[8192];
    QUERY_SERVICE_CONFIGA *config = (QUERY_SERVICE_CONFIGA *)buffer;
    DWORD needed;
    const char *path = QueryServiceConfigA(svc, config, sizeof buffer, &needed) ? config->lpBinaryPathName : "";
    rc = QueryServiceStatus(svc, &st) ? (report(json, state_name(st.dwCurrentState), path), 0)
                                      : fail("cannot query the service");
    CloseServiceHandle(svc);
    return rc;
}

static int install(int json, SC_HANDLE scm, const char *given)
{
    char path[WUDF_PATH_MAX];
    wudf_error err;
    if (given) {
        if (wudf_path_absolute(given, path, sizeof path, &err))
            return wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "kernel install: %s", err.message);
    } else {
        char dir[WUDF_PATH_MAX];
        if (wudf_exe_dir(dir, sizeof dir, &err) || wudf_path_join(path, sizeof path, dir, WUDF_KBRIDGE_DRIVER_FILE, &err))
            return wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "kernel install: %s", err.message);
    }
    DWORD attributes = GetFileAttributesA(path);
    if (attributes == INVALID_FILE_ATTRIBUTES || (attributes & FILE_ATTRIBUTE_DIRECTORY))
        return wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "kernel install: %s is not a driver file", path);
    SC_HANDLE svc = CreateServiceA(scm, WUDF_KBRIDGE_SERVICE, "openwudf reflector", SERVICE_ALL_ACCESS,
                                   SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path, NULL, NULL,
                                   NULL, NULL, NULL);
    if (!svc && GetLastError() == ERROR_SERVICE_EXISTS) {
        svc = OpenServiceA(scm, WUDF_KBRIDGE_SERVICE, SERVICE_ALL_ACCESS);
        if (svc && !ChangeServiceConfigA(svc, SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path,
                                         NULL, NULL, NULL, NULL, NULL, NULL)) {
            CloseServiceHandle(svc);
            return fail("cannot update the service");
        }
    }
    if (!svc)
        return fail("cannot create the service");
    if (!StartServiceA(svc, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        CloseServiceHandle(svc);
        return fail("the driver did not start");
    }
    CloseServiceHandle(svc);
    return status(json, scm);
}

static int remove_service(int json, SC_HANDLE scm)
{
    int rc;
    SC_HANDLE svc = open_service(scm, SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE, json, &rc);
    if (!svc)
        return rc;
    SERVICE_STATUS st;
    /* A driver that cannot stop now (wudfrd attached) is removed when it next stops. */
    ControlService(svc, SERVICE_CONTROL_STOP, &st);
    rc = DeleteService(svc) || GetLastError() == ERROR_SERVICE_MARKED_FOR_DELETE ? 0 : fail("cannot delete");
    CloseServiceHandle(svc);
    if (!rc)
        report(json, "removed", "");
    return rc;
}

int wudfctl_kernel(const wudfctl_options *o, const wudfctl_args *a)
{
    int json = o->json, n = a->count;
    char **args = a->operands;
    const char *op = args[0];
    if (strcmp(op, "install") != 0 && strcmp(op, "remove") != 0 && strcmp(op, "status") != 0)
        return wudfctl_usage_error(o->verb, "'%s' is not install, remove or status", op);
    if (n == 2 && strcmp(op, "install") != 0)
        return wudfctl_usage_error(o->verb, "unexpected argument '%s'", args[1]);
    SC_HANDLE scm = OpenSCManagerA(NULL, NULL, strcmp(op, "status") == 0 ? SC_MANAGER_CONNECT : SC_MANAGER_ALL_ACCESS);
    if (!scm)
        return fail("cannot open the service control manager");
    int rc = strcmp(op, "install") == 0  ? install(json, scm, n == 2 ? args[1] : NULL)
             : strcmp(op, "remove") == 0 ? remove_service(json, scm)
                                         : status(json, scm);
    CloseServiceHandle(scm);
    return rc;
}

#else

int wudfctl_kernel(const wudfctl_options *o, const wudfctl_args *a)
{
    (void)o;
    (void)a;
    return wudfctl_fail(WUDFCTL_EXIT_USAGE, NULL, "on Linux run wudfrd --mount DIR (docs/fuse.md)",
                        "kernel: reflector.sys is the Windows endpoint");
}

#endif
