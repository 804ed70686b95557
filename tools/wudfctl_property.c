/*
 * wudfctl property: a device's registry values (hardware key's Device Parameters, software key,
 * their subkeys, what its driver wrote in DEVICEMAP) and its unified device properties, shown like
 * `reg query`, set and deleted like `reg add` and `reg delete`. The driver reads a change when the
 * device starts again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_store.h"
#include "wudfctl.h"
#include "wudfctl_format.h"
#include "wudfctl_json.h"

/* Names of the system's device properties, so that a listing reads as Device Manager's details. */
const char *wudfctl_devpkey_name(const char *fmtid, const char *pid)
{
    static const struct {
        const char *fmtid, *pid, *name;
    } known[] = {
        {WUDF_DEVPKEY_FMTID_DEVICE, "2", "DeviceDesc"},    {WUDF_DEVPKEY_FMTID_DEVICE, "3", "HardwareIds"},
        {WUDF_DEVPKEY_FMTID_DEVICE, "4", "CompatibleIds"}, {WUDF_DEVPKEY_FMTID_DEVICE, "6", "Service"},
        {WUDF_DEVPKEY_FMTID_DEVICE, "9", "Class"},         {WUDF_DEVPKEY_FMTID_DEVICE, "10", "ClassGuid"},
        {WUDF_DEVPKEY_FMTID_DEVICE, "13", "Manufacturer"}, {WUDF_DEVPKEY_FMTID_DEVICE, "14", "FriendlyName"},
        {WUDF_DEVPKEY_FMTID_DRIVER, "3", "DriverVersion"}, {WUDF_DEVPKEY_FMTID_DRIVER, "9", "DriverProvider"},
        {WUDF_DEVPKEY_FMTID_INSTANCE, "256", "InstanceId"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(fmtid, known[i].fmtid) == 0 && strcmp(pid, known[i].pid) == 0)
            return known[i].name;
    return "";
}

typedef struct listed {
    wudf_reg_entry e;
    size_t order;
} listed;

static int compare_listed(const void *a, const void *b)
{
    const listed *x = a, *y = b;
    if (x->e.root != y->e.root)
        return x->e.root < y->e.root ? -1 : 1;
    for (const char *p = x->e.path, *q = y->e.path;; p++, q++) {
        int c = (*p >= 'A' && *p <= 'Z' ? *p + 32 : *p) - (*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
        if (c || !*p)
            return c ? c : (x->order < y->order ? -1 : 1);
    }
}

/* One line per value under a line per key, keys in order, values in the order they were set. */
static void print_entries(const wudf_kv *reply)
{
    listed *all = calloc(reply->count + 1, sizeof *all);
    size_t n = 0;
    for (size_t i = 0; all && i < reply->count; i++) {
        wudf_reg_root root;
        if (wudf_reg_root_from_key(reply->keys[i], &root) == 0 &&
            wudf_reg_entry_parse(root, reply->values[i], &all[n].e, NULL) == 0)
            all[n].order = n, n++;
    }
    if (all)
        qsort(all, n, sizeof *all, compare_listed);
    /* The name column as wide as the longest name. */
    int width = (int)strlen("(default)");
    for (size_t i = 0; i < n; i++)
        if (all[i].e.name && all[i].e.root != WUDF_REG_ROOT_DP && (int)strlen(all[i].e.name) > width)
            width = (int)strlen(all[i].e.name);
    char last[WUDF_REG_PATH_MAX + 8] = "\001";
    for (size_t i = 0; i < n; i++) {
        wudf_reg_entry *e = &all[i].e;
        char key[WUDF_REG_PATH_MAX + 8], type[12], data[2048];
        snprintf(key, sizeof key, "%s:\\%s", wudf_reg_root_name(e->root), e->root == WUDF_REG_ROOT_DP ? "" : e->path);
        if (strcmp(key, last) != 0)
            printf("%s\n", key);
        snprintf(last, sizeof last, "%s", key);
        if (!e->name && e->is_volatile)
            printf("    (volatile key)\n");
        if (e->name) {
            wudf_reg_data_text(e, data, sizeof data);
            if (e->root == WUDF_REG_ROOT_DP)
                printf("    %s,%-4s %-14s %-11s %s\n", e->path, e->name, wudfctl_devpkey_name(e->path, e->name),
                       wudf_reg_type_name(e, type), data);
            else
                printf("    %-*s %-10s %s\n", width, e->name[0] ? e->name : "(default)", wudf_reg_type_name(e, type),
                       data);
        }
        wudf_reg_entry_free(e);
    }
    free(all);
}

/* NAME=TYPE:VALUE as an entry; a VALUE with no known TYPE: before it is a string (sz, or string). */
static int make_entry(wudf_reg_root root, const char *path, const char *assignment, char **text, wudf_error *err)
{
    const char *eq = strchr(assignment, '=');
    char name[WUDF_REG_NAME_MAX + 2], type[24];
    size_t n = (size_t)(eq - assignment);
    if (n >= sizeof name)
        return wudf_error_set(err, WUDF_ETOOBIG, "value name too long");
    memcpy(name, assignment, n);
    name[n] = '\0';
    const char *value = eq + 1, *colon = strchr(value, ':');
    wudf_reg_entry e;
    int rc = -1;
    if (colon && (size_t)(colon - value) < sizeof type) {
        memcpy(type, value, (size_t)(colon - value));
        type[colon - value] = '\0';
        rc = wudf_reg_entry_make(root, path, name, type, colon + 1, &e, err);
        if (rc && strstr(err->message, "unknown value type") == NULL)
            return rc;
    }
    if (rc)
        rc = wudf_reg_entry_make(root, path, name, root == WUDF_REG_ROOT_DP ? "string" : "sz", value, &e, err);
    if (rc)
        return rc;
    *text = wudf_reg_entry_format(&e);
    wudf_reg_entry_free(&e);
    return *text ? 0 : wudf_error_set(err, WUDF_ENOMEM, "out of memory");
}

/* The property document of --json: the device, and the values listed (none after a change). */
static void print_json(int rc, int32_t status, const char *device, const wudf_kv *reply)
{
    wudfctl_json j;
    const char *named = wudf_kv_get(reply, "device");
    wudfctl_json_begin(&j, rc, &status, wudf_kv_get(reply, "message"));
    wudfctl_json_key(&j, "device");
    wudfctl_json_text(&j, named ? named : device);
    wudfctl_json_reg_entries(&j, "entries", reply);
    wudfctl_json_end(&j);
}

static int property_request(const wudfctl_options *o, const char *device, const wudf_kv *req, int listing)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    int32_t status = 0;
    int rc = wudfctl_tool_request(o, req, &status, &reply);
    if (!rc && o->json) {
        rc = wudfctl_reply_exit(o, status, &reply);
        print_json(rc, status, device, &reply);
    } else if (!rc) {
        const char *message = wudf_kv_get(&reply, "message");
        if (message && status >= 0)
            printf("%s\n", message);
        if (listing && status >= 0)
            print_entries(&reply);
        rc = wudfctl_reply_exit(o, status, &reply);
    }
    wudf_kv_free(&reply);
    return rc;
}

int wudfctl_property(const wudfctl_options *o, const wudfctl_args *a)
{
    const char *device = a->operands[0], *name = a->count > 1 ? a->operands[1] : NULL;
    const char *root_name = wudfctl_option(a, "--key"), *path = wudfctl_option(a, "--subkey");
    const char *delete_name = wudfctl_option(a, "--delete");
    int delete_key = wudfctl_option(a, "--delete-key") != NULL;
    wudf_reg_root root = WUDF_REG_ROOT_HW;
    if (root_name && wudf_reg_root_parse(root_name, &root))
        return wudfctl_usage_error(o->verb, "--key '%s' is not hw, sw, dp, if or map", root_name);
    if ((delete_name != NULL) + (delete_key != 0) + (name && strchr(name, '=') != NULL) > 1)
        return wudfctl_usage_error(o->verb, "set, --delete and --delete-key go one at a time");
    if (delete_key && (!path || !path[0]))
        return wudfctl_usage_error(o->verb, "--delete-key needs --subkey PATH");
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    int rc = wudf_kv_add(&req, "op", "property", &err);
    rc = rc ? rc : wudf_kv_add(&req, "device", device, &err);
    if (!rc && (root_name || delete_name || delete_key || (name && strchr(name, '='))))
        rc = wudf_kv_add(&req, "root", wudf_reg_root_name(root), &err);
    if (!rc && path)
        rc = wudf_kv_add(&req, "path", path, &err);
    int listing = 0;
    if (rc) {
    } else if (delete_name) {
        rc = wudf_kv_add(&req, "action", "delete", &err);
        rc = rc ? rc : wudf_kv_add(&req, "name", delete_name, &err);
    } else if (delete_key) {
        rc = wudf_kv_add(&req, "action", "delete-key", &err);
    } else if (name && strchr(name, '=')) {
        char *text = NULL;
        rc = make_entry(root, path ? path : "", name, &text, &err);
        rc = rc ? rc : wudf_kv_add(&req, "action", "set", &err);
        rc = rc ? rc : wudf_kv_add(&req, "entry", text, &err);
        free(text);
    } else {
        listing = 1;
        if (name) {
            rc = wudf_kv_add(&req, "name", name, &err);
            if (!rc && !path)
                rc = wudf_kv_add(&req, "path", "", &err);
        }
    }
    if (rc) {
        wudf_kv_free(&req);
        return wudfctl_usage_error(o->verb, "%s", err.message);
    }
    rc = property_request(o, device, &req, listing);
    wudf_kv_free(&req);
    return rc;
}
