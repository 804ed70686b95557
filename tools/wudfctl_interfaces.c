/*
 * wudfctl interfaces: the device interfaces of a class, as a Windows program finds them with
 * SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE [| DIGCF_PRESENT]): each interface's path (which wudfctl
 * read/write/ioctl and wudf_open take), its device, the device's state and whether the interface is
 * enabled. Without --all only the enabled interfaces of running devices; with it every registered one.
 */
#include <stdio.h>
#include <string.h>

#include "inf.h"
#include "wudfctl.h"
#include "wudfctl_json.h"

/* The value of key in the record [start, end), "" when absent. */
static const char *field(const wudf_kv *r, size_t start, size_t end, const char *key)
{
    for (size_t i = start; i < end; i++)
        if (strcmp(r->keys[i], key) == 0)
            return r->values[i];
    return "";
}

/* Each record's bounds: an "interface" key starts one. */
static size_t record_end(const wudf_kv *r, size_t start)
{
    size_t i = start + 1;
    while (i < r->count && strcmp(r->keys[i], "interface") != 0)
        i++;
    return i;
}

static size_t first_record(const wudf_kv *r)
{
    size_t i = 0;
    while (i < r->count && strcmp(r->keys[i], "interface") != 0)
        i++;
    return i;
}

static void print_table(FILE *out, const wudf_kv *reply)
{
    static const char *const titles[] = {"INTERFACE", "DEVICE", "STATE", "ENABLED"};
    static const char *const keys[] = {"interface", "device", "state"};
    int width[3];
    for (size_t k = 0; k < 3; k++)
        width[k] = (int)strlen(titles[k]);
    for (size_t s = first_record(reply), e; s < reply->count; s = e) {
        e = record_end(reply, s);
        for (size_t k = 0; k < 3; k++)
            if ((int)strlen(field(reply, s, e, keys[k])) > width[k])
                width[k] = (int)strlen(field(reply, s, e, keys[k]));
    }
    fprintf(out, "%-*s  %-*s  %-*s  %s\n", width[0], titles[0], width[1], titles[1], width[2], titles[2], titles[3]);
    for (size_t s = first_record(reply), e; s < reply->count; s = e) {
        e = record_end(reply, s);
        fprintf(out, "%-*s  %-*s  %-*s  %s\n", width[0], field(reply, s, e, "interface"), width[1],
                field(reply, s, e, "device"), width[2], field(reply, s, e, "state"),
                strcmp(field(reply, s, e, "enabled"), "1") == 0 ? "yes" : "no");
    }
}

/* What the reflector answered: the table, or a line when nothing matches. */
static void show(int32_t status, const wudf_kv *reply, const char *guid, int all)
{
    if (status >= 0 && first_record(reply) == reply->count)
        printf("no %sdevice interface%s%s%s\n", all ? "registered " : "", guid ? " of class " : "", guid ? guid : "",
               all ? "" : " is enabled on a running device (--all: every registered one)");
    else if (status >= 0)
        print_table(stdout, reply);
}

int wudfctl_interfaces(const wudfctl_options *o, const wudfctl_args *a)
{
    const char *given = a->count ? a->operands[0] : NULL;
    int all = wudfctl_option(a, "--all") != NULL;
    char guid[WUDF_INF_GUID_SIZE], braced[WUDF_INF_GUID_SIZE + 2];
    if (given) {
        /* As the reflector takes it: braces optional, any case. */
        snprintf(braced, sizeof braced, given[0] == '{' ? "%.40s" : "{%.36s}", given);
        if (strlen(given) > WUDF_INF_GUID_SIZE - 1 || !wudf_inf_parse_guid(braced, guid))
            return wudfctl_usage_error(o->verb, "GUID '%.60s' is not like {6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}",
                                       given);
    }
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    int rc = wudf_kv_add(&req, "op", "interfaces", NULL) || (given && wudf_kv_add(&req, "guid", guid, NULL)) ||
             wudf_kv_add(&req, "all", all ? "1" : "0", NULL);
    wudf_client *c = NULL;
    if (rc) {
        rc = wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "interfaces: out of memory");
    } else {
        rc = wudfctl_connect(o, WUDF_ROLE_TOOL, &c);
    }
    int32_t status = 0;
    if (c && wudf_client_tool(c, &req, o->timeout_ms, &status, &reply)) {
        int lost = wudf_client_lost(c);
        rc = wudfctl_failed(c, o->verb, lost ? WUDF_STATUS_PIPE_BROKEN : WUDF_STATUS_IO_TIMEOUT,
                            lost ? NULL : wudf_client_error(c), 0);
    } else if (c && o->json) {
        rc = status < 0 ? wudfctl_failed(c, o->verb, status, wudf_kv_get(&reply, "message"), 0) : 0;
        wudfctl_json_reply(rc, status, &reply, "interfaces", WUDFCTL_RECORD_INTERFACE);
    } else if (c) {
        show(status, &reply, given ? guid : NULL, all);
        if (status < 0)
            rc = wudfctl_failed(c, o->verb, status, wudf_kv_get(&reply, "message"), 0);
    }
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    wudf_disconnect(c);
    return rc;
}
