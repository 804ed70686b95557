/*
 * wudfctl's connection to the reflector, and what a failure is called: a user who may not do
 * something is told so, with the remedy, under an exit code of its own; a reflector that drops the
 * connection is reported as that, not as the request's failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wudfctl.h"
#include "wudfctl_json.h"

#ifndef _WIN32
#include <grp.h>
#include <sys/stat.h>
#endif

/* What lets this user in: the group that owns the endpoint (or its directory, when that is what
 * cannot be searched). Windows has no such file; the device group is all there is to say. */
static void connect_remedy(const char *endpoint, char *out, size_t size)
{
#ifndef _WIN32
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", endpoint);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    struct stat st;
    const struct group *g = NULL;
    if (stat(endpoint, &st) == 0 || (slash && stat(dir, &st) == 0))
        g = getgrgid(st.st_gid);
    if (g && st.st_gid != 0) {
        snprintf(out, size, "ask an administrator to add you to group '%s' (wudfrd --device-group), then log in "
                 "again; or run wudfctl as an administrator", g->gr_name);
        return;
    }
#else
    (void)endpoint;
#endif
    snprintf(out, size, "ask an administrator to start wudfrd with --device-group GROUP and add you to GROUP; "
             "or run wudfctl as an administrator");
}

int wudfctl_fail(int exit_code, const int32_t *status, const char *remedy, const char *format, ...)
{
    char message[1200];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    if (remedy && *remedy)
        fprintf(stderr, "wudfctl: %s; %s\n", message, remedy);
    else
        fprintf(stderr, "wudfctl: %s\n", message);
    wudfctl_json_failure(exit_code, status, message, remedy);
    return exit_code;
}

int wudfctl_connect(const wudfctl_options *o, int role, wudf_client **c)
{
    wudf_status st = wudf_client_connect_role(o->endpoint, role, c);
    if (st >= 0)
        return 0;
    int32_t status = st;
    int rc;
    if (st == WUDF_STATUS_ACCESS_DENIED) {
        const char *endpoint = o->endpoint ? o->endpoint : wudf_default_endpoint();
        char remedy[400];
        connect_remedy(endpoint, remedy, sizeof remedy);
        rc = wudfctl_fail(WUDFCTL_EXIT_DENIED, &status, remedy,
                          "permission denied: this user may not connect to the reflector at %s", endpoint);
    } else {
        rc = wudfctl_fail(WUDFCTL_EXIT_NO_REFLECTOR, &status, NULL, "%s", wudf_client_error(*c));
    }
    wudf_disconnect(*c);
    *c = NULL;
    return rc;
}

int wudfctl_failed(wudf_client *c, const char *what, int32_t status, const char *message, int device)
{
    if (status == WUDF_STATUS_PIPE_BROKEN && wudf_client_lost(c))
        return wudfctl_fail(WUDFCTL_EXIT_LOST, &status, NULL, "%s: %s", what, wudf_client_error(c));
    /* The reflector's messages name what they are about ("install: ..."). */
    char text[700];
    const char *name = wudf_status_name(status);
    if (message && *message)
        snprintf(text, sizeof text, "%s", message);
    else
        snprintf(text, sizeof text, "%s: %s (0x%08x)", what, name ? name : "status", (unsigned)status);
    /* A vetoed removal is a refusal while something uses the device, as a package in use is. */
    int busy = status == WUDF_STATUS_DEVICE_BUSY || status == WUDF_STATUS_PLUGPLAY_QUERY_VETOED;
    if (status != WUDF_STATUS_ACCESS_DENIED)
        return wudfctl_fail(busy ? WUDFCTL_EXIT_BUSY : WUDFCTL_EXIT_FAILED, &status, NULL, "%s", text);
    return wudfctl_fail(WUDFCTL_EXIT_DENIED, &status,
                        device ? "the device's access list does not admit this user: ask an administrator to install "
                                 "it with --allow user:NAME or group:NAME (or to add you to wudfrd's --device-group)"
                               : "only administrators may do this: run wudfctl as root or as wudfrd's own user",
                        "%s: permission denied", text);
}

int wudfctl_tool_request(const wudfctl_options *o, const wudf_kv *req, int32_t *status, wudf_kv *reply)
{
    wudf_client *c;
    int rc = wudfctl_connect(o, WUDF_ROLE_TOOL, &c);
    if (rc)
        return rc;
    const char *op = wudf_kv_get(req, "op");
    if (wudf_client_tool(c, req, o->timeout_ms, status, reply)) {
        int lost = wudf_client_lost(c);
        rc = wudfctl_failed(c, op, lost ? WUDF_STATUS_PIPE_BROKEN : WUDF_STATUS_IO_TIMEOUT,
                            lost ? NULL : wudf_client_error(c), 0);
    } else if (*status == WUDF_STATUS_PIPE_BROKEN && wudf_client_lost(c)) {
        rc = wudfctl_failed(c, op, *status, NULL, 0);
    }
    wudf_disconnect(c);
    return rc;
}

int wudfctl_reply_exit(const wudfctl_options *o, int32_t status, const wudf_kv *reply)
{
    if (status >= 0)
        return 0;
    return wudfctl_failed(NULL, o->verb, status, wudf_kv_get(reply, "message"), 0);
}
