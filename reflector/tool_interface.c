/*
 * op=interfaces: the device interfaces of a class, as SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE) and
 * CM_Get_Device_Interface_List find them on Windows. Request keys: guid ("{GUID}" or "GUID", any case;
 * left out: every class), all ("1": every registered interface, also of devices that are disabled,
 * stopped or failed; "0", the default: the enabled ones of running devices). Each interface is a
 * record of the answer: interface (its link, which wudf_open opens), guid, device, state, enabled.
 * Only the devices the caller may open are listed, so that what is listed can be opened.
 */
#include <stdio.h>
#include <string.h>

#include "device_interface.h"
#include "log.h"

typedef struct answer {
    const wudf_conn *conn;
    wudf_kv kv;
    unsigned count;
    int rc;
    wudf_error err;
} answer;

static int add_record(const wudf_interface_info *itf, void *ctx)
{
    answer *a = ctx;
    if (!wudf_access_may_see(a->conn, itf->devnode))
        return 0;
    if (++a->count > WUDF_INTERFACE_LIST_MAX) {
        a->rc = wudf_error_set(&a->err, WUDF_ETOOBIG, "more than %u interfaces match: name one interface class",
                               WUDF_INTERFACE_LIST_MAX);
        return 1;
    }
    wudf_kv *kv = &a->kv;
    a->rc = wudf_kv_add(kv, "interface", itf->link, &a->err);
    a->rc = a->rc ? a->rc : wudf_kv_add(kv, "guid", itf->guid, &a->err);
    a->rc = a->rc ? a->rc : wudf_kv_add(kv, "device", itf->devnode->instance_id, &a->err);
    a->rc = a->rc ? a->rc : wudf_kv_add(kv, "state", wudf_devnode_state_name(itf->devnode), &a->err);
    a->rc = a->rc ? a->rc : wudf_kv_add(kv, "enabled", itf->enabled ? "1" : "0", &a->err);
    return a->rc != 0;
}

static void refuse(wudf_conn *c, uint64_t irp_id, int32_t status, const char *message)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "message", message, NULL);
    wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, status, irp_id, &kv);
    wudf_kv_free(&kv);
}

void wudf_tool_interfaces(wudf_conn *c, uint64_t irp_id, const wudf_kv *req)
{
    const char *text = wudf_kv_get(req, "guid"), *all = wudf_kv_get(req, "all");
    char guid[WUDF_INF_GUID_SIZE], msg[200];
    if (text && wudf_interface_guid_parse(text, guid)) {
        snprintf(msg, sizeof msg, "interfaces: '%.60s' is not an interface class GUID such as "
                 "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}", text);
        refuse(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, msg);
        return;
    }
    if (all && strcmp(all, "0") != 0 && strcmp(all, "1") != 0) {
        refuse(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, "interfaces: all is 0 or 1");
        return;
    }
    answer a;
    memset(&a, 0, sizeof a);
    a.conn = c;
    wudf_kv_init(&a.kv);
    wudf_interface_each(text ? guid : NULL, all && all[0] == '1', add_record, &a);
    if (a.rc)
        refuse(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, a.err.message);
    else
        wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, WUDF_STATUS_SUCCESS, irp_id, &a.kv);
    wudf_kv_free(&a.kv);
}

void wudf_tool_interfaces_client(wudf_conn *c, const wudf_msg *msg)
{
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &req, &err)) {
        wudf_kv_free(&req);
        wudf_conn_close(c, err.message);
        return;
    }
    const char *op = wudf_kv_get(&req, "op");
    /* Answered at once, so its id cannot collide with a request of the connection still pending. */
    if (!op || strcmp(op, "interfaces") != 0)
        refuse(c, msg->irp_id, WUDF_STATUS_INVALID_DEVICE_REQUEST,
               "a client connection asks only for op=interfaces; other tool requests need a tool connection");
    else
        wudf_tool_interfaces(c, msg->irp_id, &req);
    wudf_kv_free(&req);
}
