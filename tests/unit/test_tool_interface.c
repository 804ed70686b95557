/*
 * Device interfaces as applications list and open them (reflector/device_interface.c,
 * reflector/tool_interface.c), with played hosts whose channels are captured: an echo device and a
 * WDK-style device with a reference string, each in its host, and a device the requester may not open.
 * The list by class, present or all registered, after the interface is disabled, after the host is
 * gone and across the device store; the GUID's forms and malformed requests; a client's open of an
 * interface path reaching the host with the reference string as the file name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "device_interface.h"
#include "remote.h"

#define ECHO_GUID "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}"
#define WDK_GUID "{B1E7D5A2-3C84-4E9F-8A6B-0D2F4C6E8A10}"
#define ECHO_LINK "\\\\?\\ROOT#ECHO#0000#" ECHO_GUID
#define WDK_LINK "\\\\?\\ROOT#WDKSAMPLE#0000#" WDK_GUID "\\wdk"

/* What one peer was sent: a host's IRPs, the requester's replies. */
typedef struct seen {
    size_t count;
    uint16_t type;
    uint8_t major;
    uint64_t irp_id;
    int32_t status;
    char payload[600];
    wudf_kv reply;
} seen;

static void capture(wudf_conn *c, void *ctx, const wudf_msg *msg)
{
    (void)c;
    seen *s = ctx;
    s->count++;
    s->type = msg->type;
    s->major = msg->major;
    s->irp_id = msg->irp_id;
    s->status = msg->status;
    snprintf(s->payload, sizeof s->payload, "%.*s", (int)msg->payload_length, (const char *)msg->payload);
    wudf_kv_free(&s->reply);
    wudf_kv_init(&s->reply);
    if (msg->type == WUDF_MSG_TOOL_REPLY)
        assert_int_equal(wudf_kv_decode(msg->payload, msg->payload_length, &s->reply, NULL), 0);
}

static void gone(wudf_conn *c, void *ctx)
{
    (void)c, (void)ctx;
}

static const wudf_conn_sink capture_sink = {capture, gone};

typedef struct world {
    wudf_reflector r;
    wudf_devnode *echo, *wdk, *secret;
    wudf_host *echo_host, *wdk_host, *secret_host;
    seen at_echo, at_wdk, at_secret, at_app;
    wudf_conn *app; /* an application of a user who is not an administrator */
} world;

static world *w;

static wudf_devnode *devnode(const char *id, const char *acl)
{
    wudf_devnode *d = wudf_devnode_new(&w->r);
    assert_non_null(d);
    snprintf(d->instance_id, sizeof d->instance_id, "%s", id);
    snprintf(d->acl, sizeof d->acl, "%s", acl);
    /* what the device store wants of a device */
    snprintf(d->services[0].name, sizeof d->services[0].name, "Test");
    snprintf(d->services[0].binary, sizeof d->services[0].binary, "test.dll");
    snprintf(d->services[0].clsid, sizeof d->services[0].clsid, "{00000000-0000-0000-0000-000000000001}");
    d->service_count = 1;
    wudf_list_add_tail(&w->r.devnodes, &d->link);
    return d;
}

static wudf_host *played_host(wudf_devnode *d, seen *s)
{
    wudf_host *h = wudf_host_new(d);
    assert_non_null(h);
    wudf_peer peer;
    memset(&peer, 0, sizeof peer);
    h->conn = wudf_conn_new_internal(&w->r, &peer, &capture_sink, s);
    h->exited = 1;
    h->state = WUDF_HOST_RUNNING;
    d->host = h;
    d->state = WUDF_DN_STARTED;
    return h;
}

static void started_with(wudf_host *h, const char *interface)
{
    wudf_kv kv;
    uint8_t *payload;
    uint32_t length;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "interface", interface, NULL), 0);
    assert_int_equal(wudf_kv_encode(&kv, &payload, &length, NULL), 0);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STARTED);
    m.payload = payload;
    m.payload_length = length;
    wudf_remote_device_started(h, &m);
    free(payload);
    wudf_kv_free(&kv);
}

static int setup(void **state)
{
    (void)state;
    w = calloc(1, sizeof *w);
    w->r.loop = uv_default_loop();
    wudf_config_defaults(&w->r.config);
    wudf_list_init(&w->r.devnodes);
    wudf_list_init(&w->r.conns);
    wudf_list_init(&w->r.files);
    wudf_list_init(&w->r.packages);
    wudf_list_init(&w->r.host_outputs);
    g_reflector = &w->r;
    w->r.config.device_group[0] = '\0'; /* the default access list admits administrators only */
    w->echo = devnode("ROOT\\ECHO\\0000", "everyone");
    w->wdk = devnode("ROOT\\WDKSAMPLE\\0000", "everyone");
    w->secret = devnode("ROOT\\SECRET\\0000", "");
    w->echo_host = played_host(w->echo, &w->at_echo);
    w->wdk_host = played_host(w->wdk, &w->at_wdk);
    w->secret_host = played_host(w->secret, &w->at_secret);
    started_with(w->echo_host, ECHO_GUID);
    started_with(w->wdk_host, WDK_GUID "\\wdk");
    started_with(w->secret_host, ECHO_GUID);
    wudf_peer peer;
    memset(&peer, 0, sizeof peer);
    peer.uid = peer.gid = 12345; /* not root, not the reflector's user (Windows: no token, no administrator) */
    w->app = wudf_conn_new_internal(&w->r, &peer, &capture_sink, &w->at_app);
    assert_non_null(w->app);
    return 0;
}

static void host_gone(wudf_devnode *d)
{
    wudf_host *h = d->host;
    if (!h)
        return;
    wudf_io_fail_host_pending(h, WUDF_STATUS_CANCELLED);
    wudf_io_forget_devnode_files(d);
    wudf_remote_host_gone(h);
    wudf_conn_close(h->conn, NULL);
    d->host = NULL;
    d->state = WUDF_DN_STOPPED;
    uv_run(w->r.loop, UV_RUN_DEFAULT);
    free(h);
}

static int teardown(void **state)
{
    (void)state;
    wudf_conn_close(w->app, NULL);
    while (!wudf_list_empty(&w->r.devnodes)) {
        wudf_devnode *d = WUDF_CONTAINER_OF(w->r.devnodes.next, wudf_devnode, link);
        host_gone(d);
        wudf_devnode_free(d);
    }
    uv_run(w->r.loop, UV_RUN_DEFAULT);
    wudf_kv_free(&w->at_echo.reply);
    wudf_kv_free(&w->at_wdk.reply);
    wudf_kv_free(&w->at_secret.reply);
    wudf_kv_free(&w->at_app.reply);
    free(w->r.pending_hash);
    free(w);
    g_reflector = NULL;
    return 0;
}

/* op=interfaces from the application (as the client library asks: on its client connection; tool: as
 * wudfctl asks), guid and all as given (NULL: left out); the status of the answer. */
static int32_t ask(const char *guid, const char *all, int tool)
{
    wudf_kv kv;
    uint8_t *payload;
    uint32_t length;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "op", "interfaces", NULL), 0);
    if (guid)
        assert_int_equal(wudf_kv_add(&kv, "guid", guid, NULL), 0);
    if (all)
        assert_int_equal(wudf_kv_add(&kv, "all", all, NULL), 0);
    assert_int_equal(wudf_kv_encode(&kv, &payload, &length, NULL), 0);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_TOOL_REQUEST);
    m.irp_id = 77;
    m.payload = payload;
    m.payload_length = length;
    size_t before = w->at_app.count;
    if (tool)
        wudf_tool_message(w->app, &m);
    else
        wudf_io_client_message(w->app, &m);
    free(payload);
    wudf_kv_free(&kv);
    assert_int_equal(w->at_app.count, before + 1);
    assert_int_equal(w->at_app.type, WUDF_MSG_TOOL_REPLY);
    assert_int_equal(w->at_app.irp_id, 77);
    return w->at_app.status;
}

/* The answer's interfaces as "path device state enabled" lines. */
static const char *listed(void)
{
    static char text[4096];
    const wudf_kv *r = &w->at_app.reply;
    text[0] = '\0';
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(r->keys[i], "interface") != 0)
            continue;
        size_t n = strlen(text);
        snprintf(text + n, sizeof text - n, "%s%s %s %s %s", n ? "\n" : "", r->values[i],
                 wudf_kv_get_from(r, i, "device"), wudf_kv_get_from(r, i, "state"),
                 wudf_kv_get_from(r, i, "enabled"));
    }
    return text;
}

static void a_class_lists_the_interfaces_the_caller_may_open(void **state)
{
    (void)state;
    assert_int_equal(ask(ECHO_GUID, NULL, 0), WUDF_STATUS_SUCCESS);
    /* the secret device publishes the same class, but this user may not open it */
    assert_string_equal(listed(), ECHO_LINK " ROOT\\ECHO\\0000 started 1");
    assert_string_equal(wudf_kv_get(&w->at_app.reply, "guid"), ECHO_GUID);
    /* braces optional, any case; the tool's request the same */
    assert_int_equal(ask("6e3b2a9c-41d7-4f0b-9a35-7c18e2d4b6f1", "0", 1), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), ECHO_LINK " ROOT\\ECHO\\0000 started 1");
    assert_int_equal(ask(WDK_GUID, NULL, 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), WDK_LINK " ROOT\\WDKSAMPLE\\0000 started 1");
    /* every class */
    assert_int_equal(ask(NULL, NULL, 1), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(),
                        ECHO_LINK " ROOT\\ECHO\\0000 started 1\n" WDK_LINK " ROOT\\WDKSAMPLE\\0000 started 1");
    /* a class nobody publishes */
    assert_int_equal(ask("{00000000-0000-0000-0000-000000000000}", "1", 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), "");
}

static void malformed_requests_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1", "6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}",
        "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6FZ}", "{6E3B2A9C41D7-4F0B-9A35-7C18E2D4B6F1-}", "ROOT\\ECHO\\0000",
        "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(ask(bad[i], NULL, 0), WUDF_STATUS_INVALID_PARAMETER);
        assert_non_null(strstr(wudf_kv_get(&w->at_app.reply, "message"), "not an interface class GUID"));
        assert_string_equal(listed(), "");
    }
    assert_int_equal(ask(ECHO_GUID, "yes", 0), WUDF_STATUS_INVALID_PARAMETER);
    /* a client connection asks for nothing else */
    wudf_kv kv;
    uint8_t *payload;
    uint32_t length;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "op", "remove", NULL), 0);
    assert_int_equal(wudf_kv_add(&kv, "device", "ROOT\\ECHO\\0000", NULL), 0);
    assert_int_equal(wudf_kv_encode(&kv, &payload, &length, NULL), 0);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_TOOL_REQUEST);
    m.irp_id = 9;
    m.payload = payload;
    m.payload_length = length;
    wudf_io_client_message(w->app, &m);
    assert_int_equal(w->at_app.status, WUDF_STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(w->echo->state, WUDF_DN_STARTED);
    free(payload);
    wudf_kv_free(&kv);
}

static void a_disabled_interface_and_a_stopped_device_are_only_registered(void **state)
{
    (void)state;
    wudf_kv off;
    wudf_kv_init(&off);
    assert_int_equal(wudf_kv_add(&off, "event", "interface", NULL), 0);
    assert_int_equal(wudf_kv_add(&off, "guid", WDK_GUID, NULL), 0);
    assert_int_equal(wudf_kv_add(&off, "reference", "wdk", NULL), 0);
    assert_int_equal(wudf_kv_add(&off, "enabled", "0", NULL), 0);
    wudf_remote_interface_event(w->wdk_host, &off);
    wudf_kv_free(&off);
    assert_int_equal(ask(WDK_GUID, NULL, 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), "");
    assert_int_equal(ask(WDK_GUID, "1", 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), WDK_LINK " ROOT\\WDKSAMPLE\\0000 started 0");

    host_gone(w->echo);
    w->echo->state = WUDF_DN_DISABLED;
    assert_int_equal(ask(ECHO_GUID, NULL, 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), "");
    assert_int_equal(ask(ECHO_GUID, "1", 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), ECHO_LINK " ROOT\\ECHO\\0000 disabled 0");
    /* removed: nothing is left of it */
    wudf_devnode_free(w->echo);
    assert_int_equal(ask(ECHO_GUID, "1", 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), "");
}

static void registrations_are_kept_in_the_device_store(void **state)
{
    (void)state;
    uv_fs_t req;
    char tmpl[WUDF_PATH_MAX];
    size_t len = sizeof tmpl;
    assert_int_equal(uv_os_tmpdir(tmpl, &len), 0);
    snprintf(tmpl + len, sizeof tmpl - len, "/wudf-itf-XXXXXX");
    assert_int_equal(uv_fs_mkdtemp(NULL, &req, tmpl, NULL), 0);
    snprintf(w->r.config.state_dir, sizeof w->r.config.state_dir, "%s", req.path);
    uv_fs_req_cleanup(&req);
    assert_int_equal(wudf_store_save(&w->r, NULL), 0);
    /* the reflector starts again: devnodes from the store, no host yet */
    while (!wudf_list_empty(&w->r.devnodes)) {
        wudf_devnode *d = WUDF_CONTAINER_OF(w->r.devnodes.next, wudf_devnode, link);
        host_gone(d);
        wudf_devnode_free(d);
    }
    assert_int_equal(wudf_store_load(&w->r, NULL), 0);
    assert_int_equal(ask(NULL, "1", 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(),
                        ECHO_LINK " ROOT\\ECHO\\0000 stopped 0\n" WDK_LINK " ROOT\\WDKSAMPLE\\0000 stopped 0");
    assert_int_equal(ask(NULL, NULL, 0), WUDF_STATUS_SUCCESS);
    assert_string_equal(listed(), "");
    char path[WUDF_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/devices.db", w->r.config.state_dir);
    assert_int_equal(uv_fs_unlink(NULL, &req, path, NULL), 0);
    uv_fs_req_cleanup(&req);
    assert_int_equal(uv_fs_rmdir(NULL, &req, w->r.config.state_dir, NULL), 0);
    uv_fs_req_cleanup(&req);
}

static void an_interface_path_opens_its_device_with_the_reference_string_as_file_name(void **state)
{
    (void)state;
    wudf_msg m;
    static const char name[] = WDK_LINK "\\pipe1";
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_CREATE, 1, 0, name, (uint32_t)strlen(name), 0);
    m.irp_id = 5;
    size_t before = w->at_wdk.count;
    wudf_io_client_message(w->app, &m);
    assert_int_equal(w->at_wdk.count, before + 1);
    assert_int_equal(w->at_wdk.type, WUDF_MSG_IRP);
    assert_int_equal(w->at_wdk.major, WUDF_IRP_MJ_CREATE);
    assert_string_equal(w->at_wdk.payload, "\\wdk\\pipe1");
    /* any case, and without a reference string: the echo device, with no file name */
    static const char lower[] = "\\\\?\\root#echo#0000#{6e3b2a9c-41d7-4f0b-9a35-7c18e2d4b6f1}";
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_CREATE, 2, 0, lower, (uint32_t)strlen(lower), 0);
    m.irp_id = 6;
    wudf_io_client_message(w->app, &m);
    assert_int_equal(w->at_echo.major, WUDF_IRP_MJ_CREATE);
    assert_string_equal(w->at_echo.payload, "");
    /* the device the caller may not open, by its interface */
    static const char secret[] = "\\\\?\\ROOT#SECRET#0000#" ECHO_GUID;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_CREATE, 3, 0, secret, (uint32_t)strlen(secret), 0);
    m.irp_id = 7;
    size_t at_secret = w->at_secret.count;
    wudf_io_client_message(w->app, &m);
    assert_int_equal(w->at_secret.count, at_secret);
    assert_int_equal(w->at_app.type, WUDF_MSG_COMPLETE);
    assert_int_equal(w->at_app.status, WUDF_STATUS_ACCESS_DENIED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_class_lists_the_interfaces_the_caller_may_open, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_requests_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(a_disabled_interface_and_a_stopped_device_are_only_registered, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(registrations_are_kept_in_the_device_store, setup, teardown),
        cmocka_unit_test_setup_teardown(an_interface_path_opens_its_device_with_the_reference_string_as_file_name,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
