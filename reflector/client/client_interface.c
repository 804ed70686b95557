/*
 * wudf_get_device_interface_list: CM_Get_Device_Interface_List for the client library. The reflector
 * answers the request op=interfaces on the client's own connection (reflector/tool_interface.c); the
 * paths of its records become the caller's multi-string.
 */
#include <stdio.h>
#include <string.h>

#include "client_private.h"

#define GUID_TEXT_MAX 64 /* well above "{...}"'s 38: the reflector says what is wrong with a longer one */

static wudf_status ask(wudf_client *c, const char *guid, uint32_t flags, uint32_t timeout_ms, wudf_kv *reply)
{
    wudf_kv req;
    wudf_kv_init(&req);
    int rc = wudf_kv_add(&req, "op", "interfaces", NULL);
    rc = rc ? rc : wudf_kv_add(&req, "guid", guid, NULL);
    rc = rc ? rc : wudf_kv_add(&req, "all", flags & WUDF_INTERFACE_LIST_ALL_DEVICES ? "1" : "0", NULL);
    int32_t status = WUDF_STATUS_INSUFFICIENT_RESOURCES;
    if (!rc && wudf_client_tool(c, &req, timeout_ms, &status, reply))
        status = c->lost ? WUDF_STATUS_PIPE_BROKEN : WUDF_STATUS_IO_TIMEOUT;
    wudf_kv_free(&req);
    if (status < 0 && wudf_kv_get(reply, "message"))
        snprintf(c->error, sizeof c->error, "%s", wudf_kv_get(reply, "message"));
    return status;
}

wudf_status wudf_get_device_interface_list(wudf_client *c, const char *guid, uint32_t flags, char *buffer,
                                           uint32_t length, uint32_t *required, uint32_t timeout_ms)
{
    if (!c || !guid || !guid[0] || strlen(guid) > GUID_TEXT_MAX || (flags & ~WUDF_INTERFACE_LIST_ALL_DEVICES) ||
        (!buffer && length) || (!buffer && !required))
        return WUDF_STATUS_INVALID_PARAMETER;
    wudf_kv reply;
    wudf_kv_init(&reply);
    wudf_status st = ask(c, guid, flags, timeout_ms, &reply);
    uint64_t need = 1;
    for (size_t i = 0; st >= 0 && i < reply.count; i++)
        if (strcmp(reply.keys[i], "interface") == 0)
            need += strlen(reply.values[i]) + 1;
    if (st >= 0 && need > UINT32_MAX)
        st = WUDF_STATUS_INSUFFICIENT_RESOURCES;
    if (st >= 0 && required)
        *required = (uint32_t)need;
    if (st >= 0 && buffer && length < need) {
        if (length)
            buffer[0] = '\0';
        st = WUDF_STATUS_BUFFER_TOO_SMALL;
    } else if (st >= 0 && buffer) {
        size_t used = 0;
        for (size_t i = 0; i < reply.count; i++) {
            if (strcmp(reply.keys[i], "interface") != 0)
                continue;
            size_t n = strlen(reply.values[i]) + 1;
            memcpy(buffer + used, reply.values[i], n);
            used += n;
        }
        buffer[used] = '\0';
    }
    wudf_kv_free(&reply);
    return st;
}
