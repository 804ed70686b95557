/*
 * The verbs that are tool requests to the reflector (install, remove, list, status, packages,
 * restart, enable, disable, suspend, resume, wake, shutdown): a request of name=value pairs, a reply
 * shown as a message, a table, a property sheet, or a JSON document of device or package records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "reg_store.h"
#include "wudfctl.h"
#include "wudfctl_format.h"
#include "wudfctl_json.h"

typedef enum show { SHOW_MESSAGE, SHOW_TABLE, SHOW_DETAILS, SHOW_LIST, SHOW_PACKAGES } show;

static void print_reply(show how, int32_t status, const wudf_kv *reply)
{
    const char *message = wudf_kv_get(reply, "message");
    if (message && status >= 0)
        printf("%s\n", message);
    if (how == SHOW_TABLE)
        wudfctl_print_table(stdout, reply);
    else if (how == SHOW_DETAILS)
        wudfctl_print_details(stdout, reply);
    else if (how == SHOW_LIST)
        wudfctl_print_list(stdout, reply);
    else if (how == SHOW_PACKAGES && status >= 0 && !wudf_kv_get(reply, "package"))
        fputs("no driver package in the store\n", stdout);
    else if (how == SHOW_PACKAGES)
        wudfctl_print_packages(stdout, reply);
}

/* Sends a tool request, shows the reply; the exit code. */
static int tool(const wudfctl_options *o, const wudf_kv *req, show how)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    int32_t status = 0;
    int rc = wudfctl_tool_request(o, req, &status, &reply);
    if (!rc && o->json) {
        rc = wudfctl_reply_exit(o, status, &reply);
        if (how == SHOW_PACKAGES)
            wudfctl_json_reply(rc, status, &reply, "packages", WUDFCTL_RECORD_PACKAGE);
        else
            wudfctl_json_reply(rc, status, &reply, "devices", WUDFCTL_RECORD_DEVICE);
    } else if (!rc) {
        print_reply(how, status, &reply);
        rc = wudfctl_reply_exit(o, status, &reply);
    }
    wudf_kv_free(&reply);
    return rc;
}

/* A request of op with an optional device. */
static int simple_request(const wudfctl_options *o, const char *op, const char *device, show how)
{
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    int rc = wudf_kv_add(&req, "op", op, &err);
    if (!rc && device)
        rc = wudf_kv_add(&req, "device", device, &err);
    rc = rc ? wudfctl_usage_error(o->verb, "%s", err.message) : tool(o, &req, how);
    wudf_kv_free(&req);
    return rc;
}

int wudfctl_device_op(const wudfctl_options *o, const wudfctl_args *a)
{
    return simple_request(o, o->verb, a->operands[0], SHOW_MESSAGE);
}

int wudfctl_list(const wudfctl_options *o, const wudfctl_args *a)
{
    (void)a;
    return simple_request(o, "status", NULL, SHOW_LIST);
}

int wudfctl_status(const wudfctl_options *o, const wudfctl_args *a)
{
    return a->count ? simple_request(o, "status", a->operands[0], SHOW_DETAILS)
                    : simple_request(o, "status", NULL, SHOW_TABLE);
}

int wudfctl_packages(const wudfctl_options *o, const wudfctl_args *a)
{
    (void)a;
    return simple_request(o, "packages", NULL, SHOW_PACKAGES);
}

int wudfctl_shutdown(const wudfctl_options *o, const wudfctl_args *a)
{
    (void)a;
    return simple_request(o, "shutdown", NULL, SHOW_MESSAGE);
}

/* --setting NAME=VALUE: a string value of the hardware key, as the INF's [DDInstall.HW] AddReg sets it. */
static int add_setting(wudf_kv *req, const char *s, wudf_error *err)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || (size_t)(eq - s) > 80)
        return wudf_error_set(err, WUDF_EINVAL, "--setting wants NAME=VALUE, got '%s'", s);
    char name[96];
    snprintf(name, sizeof name, "%.*s", (int)(eq - s), s);
    wudf_reg_entry e;
    if (wudf_reg_entry_make(WUDF_REG_ROOT_HW, "", name, "sz", eq + 1, &e, err))
        return -1;
    char *text = wudf_reg_entry_format(&e);
    wudf_reg_entry_free(&e);
    int rc = text ? wudf_kv_add(req, "reg.hw", text, err) : wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    free(text);
    return rc;
}

int wudfctl_install(const wudfctl_options *o, const wudfctl_args *a)
{
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    int rc = wudf_kv_add(&req, "op", "install", &err);
    /* A root device of the same hardware id already there is kept (pnputil /add-driver /install),
     * unless --new-device asks for another (devcon install). */
    if (!rc)
        rc = wudf_kv_add(&req, "existing", wudfctl_option(a, "--new-device") ? "new" : "keep", &err);
    char acl[1024] = "";
    for (int i = 0; i < a->option_count && !rc; i++) {
        const char *name = a->options[i], *v = a->values[i];
        if (strcmp(name, "--hwid") == 0) {
            rc = wudf_kv_add(&req, "hwid", v, &err);
        } else if (strcmp(name, "--allow") == 0) {
            size_t used = strlen(acl);
            if (snprintf(acl + used, sizeof acl - used, "%s%s", used ? "," : "", v) >= (int)(sizeof acl - used))
                rc = wudf_error_set(&err, WUDF_ETOOBIG, "--allow: access list too long");
        } else if (strcmp(name, "--setting") == 0) {
            rc = add_setting(&req, v, &err);
        }
    }
    char path[WUDF_PATH_MAX];
    if (!rc && acl[0])
        rc = wudf_kv_add(&req, "acl", acl, &err);
    if (!rc)
        rc = wudf_path_absolute(a->operands[0], path, sizeof path, &err);
    if (!rc)
        rc = wudf_kv_add(&req, "inf", path, &err);
    rc = rc ? wudfctl_usage_error(o->verb, "%s", err.message) : tool(o, &req, SHOW_DETAILS);
    wudf_kv_free(&req);
    return rc;
}
