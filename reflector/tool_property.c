/*
 * op=property (wudfctl property): a device's registry values and device properties, listed, set or
 * deleted by an administrator, as regedit and Device Manager's property pages change them on
 * Windows. Request keys: device; action list (the default), set, delete or delete-key; root hw, sw
 * or dp; path; name; for a set, entry (the text form of reg_store.h). The driver reads a change
 * at its next start, as drivers read their settings when they start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "property.h"

static void answer(wudf_conn *c, uint64_t irp_id, int32_t status, const char *message, wudf_kv *kv)
{
    wudf_kv empty;
    wudf_kv_init(&empty);
    wudf_kv *out = kv ? kv : &empty;
    if (message)
        wudf_kv_add(out, "message", message, NULL);
    wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, status, irp_id, out);
    wudf_kv_free(&empty);
}

static void list(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const wudf_reg_store *s, const char *root_text,
                 const char *path, const char *name)
{
    wudf_reg_root root = WUDF_REG_ROOT_HW;
    int one_root = root_text && wudf_reg_root_parse(root_text, &root) == 0;
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    int rc = wudf_kv_add(&kv, "device", d->instance_id, &err);
    size_t shown = 0;
    for (size_t i = 0; !rc && i < s->count; i++) {
        const wudf_reg_entry *e = &s->entries[i];
        if ((one_root && e->root != root) || (path && !wudf_reg_path_within(e->path, path)) ||
            (name && (!e->name || !wudf_reg_equal_nocase(e->name, name) ||
                      !wudf_reg_equal_nocase(e->path, path ? path : ""))))
            continue;
        char *text = wudf_reg_entry_format(e);
        rc = text ? wudf_kv_add(&kv, wudf_reg_root_key(e->root), text, &err)
                  : wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
        free(text);
        shown++;
    }
    char msg[1400];
    if (rc) {
        answer(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message, NULL);
    } else if (name && !shown) {
        snprintf(msg, sizeof msg, "%s has no value '%.200s' in %s:\\%.300s", d->instance_id, name,
                 one_root ? root_text : "hw", path ? path : "");
        answer(c, irp_id, WUDF_STATUS_OBJECT_NAME_NOT_FOUND, msg, NULL);
    } else {
        answer(c, irp_id, WUDF_STATUS_SUCCESS, NULL, &kv);
    }
    wudf_kv_free(&kv);
}

/* Applies the change to s; a message and a status for the tool. */
static int32_t change(wudf_devnode *d, wudf_reg_store *s, const char *action, const wudf_kv *req, char *msg,
                      size_t size)
{
    const char *root_text = wudf_kv_get(req, "root"), *path = wudf_kv_get(req, "path");
    const char *name = wudf_kv_get(req, "name");
    wudf_reg_root root = WUDF_REG_ROOT_HW;
    wudf_error err;
    if (root_text && wudf_reg_root_parse(root_text, &root)) {
        snprintf(msg, size, "unknown key '%.20s': hw, sw, dp, if or map", root_text);
        return WUDF_STATUS_INVALID_PARAMETER;
    }
    if (!path)
        path = "";
    if (strcmp(action, "set") == 0) {
        const char *text = wudf_kv_get(req, "entry");
        wudf_reg_entry e;
        if (!text || wudf_reg_entry_parse(root, text, &e, &err)) {
            snprintf(msg, size, "set: %s", text ? err.message : "no entry given");
            return WUDF_STATUS_INVALID_PARAMETER;
        }
        int32_t status = WUDF_STATUS_SUCCESS;
        if (root == WUDF_REG_ROOT_DP && !wudf_reg_driver_may_write(&e)) {
            snprintf(msg, size, "set: property %.60s %.20s is the system's, read-only", e.path, e.name ? e.name : "");
            status = WUDF_STATUS_ACCESS_DENIED;
        } else if (wudf_reg_store_set(s, &e, &err)) {
            snprintf(msg, size, "set: %s", err.message);
            status = WUDF_STATUS_INSUFFICIENT_RESOURCES;
        } else {
            snprintf(msg, size, "%s: %s:\\%.300s %.200s set", d->instance_id, wudf_reg_root_name(root), e.path,
                     e.name ? e.name : "(key)");
        }
        wudf_reg_entry_free(&e);
        return status;
    }
    if (wudf_reg_check_path(path, &err) || (name && wudf_reg_check_name(name, &err))) {
        snprintf(msg, size, "%s: %s", action, err.message);
        return WUDF_STATUS_INVALID_PARAMETER;
    }
    int rc;
    if (strcmp(action, "delete") == 0 && name)
        rc = wudf_reg_store_delete(s, root, path, name);
    else if (strcmp(action, "delete-key") == 0 && path[0])
        rc = wudf_reg_store_delete_key(s, root, path);
    else {
        const char *wants = strcmp(action, "delete") == 0       ? "a value name"
                            : strcmp(action, "delete-key") == 0 ? "a subkey"
                                                                : "to be list, set, delete or delete-key";
        snprintf(msg, size, "property: action '%.30s' wants %s", action, wants);
        return WUDF_STATUS_INVALID_PARAMETER;
    }
    if (rc) {
        snprintf(msg, size, "%s has no %s '%.200s' in %s:\\%.300s", d->instance_id, name ? "value" : "key",
                 name ? name : path, wudf_reg_root_name(root), path);
        return WUDF_STATUS_OBJECT_NAME_NOT_FOUND;
    }
    snprintf(msg, size, "%s: %s:\\%.300s %.200s deleted", d->instance_id, wudf_reg_root_name(root), path,
             name ? name : "");
    return WUDF_STATUS_SUCCESS;
}

void wudf_tool_property(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const wudf_kv *req)
{
    const char *action = wudf_kv_get(req, "action");
    wudf_reg_store s;
    wudf_error err;
    if (wudf_property_read(d, &s, &err)) {
        answer(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, err.message, NULL);
        return;
    }
    if (!action || strcmp(action, "list") == 0) {
        list(c, irp_id, d, &s, wudf_kv_get(req, "root"), wudf_kv_get(req, "path"), wudf_kv_get(req, "name"));
        wudf_reg_store_free(&s);
        return;
    }
    char msg[1600];
    int32_t status = change(d, &s, action, req, msg, sizeof msg);
    if (status == WUDF_STATUS_SUCCESS && wudf_property_write(d, &s, &err)) {
        snprintf(msg, sizeof msg, "%s", err.message);
        status = WUDF_STATUS_INSUFFICIENT_RESOURCES;
    }
    wudf_reg_store_free(&s);
    if (status == WUDF_STATUS_SUCCESS && wudf_store_save(g_reflector, &err)) {
        wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
        snprintf(msg, sizeof msg, "%s", err.message);
        status = WUDF_STATUS_UNSUCCESSFUL;
    }
    if (status == WUDF_STATUS_SUCCESS) {
        char q[300];
        wudf_log(WUDF_LOG_INFO, "property-changed", "device=%s by=tool action=%s what=%s", d->instance_id, action,
                 wudf_log_quote(q, sizeof q, msg));
        if (d->host) {
            size_t n = strlen(msg);
            snprintf(msg + n, sizeof msg - n, "; the driver sees it when the device starts again (wudfctl restart)");
        }
    }
    answer(c, irp_id, status, msg, NULL);
}
