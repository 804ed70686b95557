/*
 * The reflector's side of remote I/O targets (reflector/remote*.c), with two played hosts whose channels
 * are captured: a monitor host (A) and an echo host (B). What A's driver asks for reaches B as a client's
 * request would, B's answers come back to A as REMOTE_COMPLETE; interface arrivals and removals reach
 * the hosts registered for them; everything a host could send beyond its bounds (files, requests,
 * registrations), its own device and malformed events are refused; an orderly removal asks A first and
 * tells it the end, a veto keeps B; A's end closes its files at B. A link's reference string starts the
 * file name B gets; one with a separator or too long is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reflector.h"

#define ITF_GUID "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}"
#define ITF_LINK "\\\\?\\ROOT#ECHO#0000#" ITF_GUID

#define MAX_SEEN 4096

/* What the reflector sent on one played host's channel. */
typedef struct seen {
    size_t count;
    uint16_t type[MAX_SEEN];
    uint8_t major[MAX_SEEN];
    uint64_t irp_id[MAX_SEEN];
    int32_t status[MAX_SEEN];
    char text[MAX_SEEN][160]; /* an event's "event" and "file"/"link", or an IRP's payload */
} seen;

static void capture(wudf_conn *c, void *ctx, const wudf_msg *msg)
{
    (void)c;
    seen *s = ctx;
    if (s->count >= MAX_SEEN)
        return;
    size_t i = s->count++;
    s->type[i] = msg->type;
    s->major[i] = msg->major;
    s->irp_id[i] = msg->irp_id;
    s->status[i] = msg->status;
    s->text[i][0] = '\0';
    if (msg->type == WUDF_MSG_REMOTE_EVENT) {
        wudf_kv kv;
        wudf_kv_init(&kv);
        assert_int_equal(wudf_kv_decode(msg->payload, msg->payload_length, &kv, NULL), 0);
        const char *event = wudf_kv_get(&kv, "event"), *file = wudf_kv_get(&kv, "file"),
                   *link = wudf_kv_get(&kv, "link");
        snprintf(s->text[i], sizeof s->text[i], "%s %s", event ? event : "", file ? file : link ? link : "");
        wudf_kv_free(&kv);
    } else if (msg->payload_length && msg->type == WUDF_MSG_IRP) {
        snprintf(s->text[i], sizeof s->text[i], "%.*s", (int)msg->payload_length, (const char *)msg->payload);
    }
}

static void gone(wudf_conn *c, void *ctx)
{
    (void)c, (void)ctx;
}

static const wudf_conn_sink capture_sink = {capture, gone};

typedef struct world {
    wudf_reflector r;
    wudf_devnode *monitor, *echo;
    wudf_host *a, *b;
    seen at_a, at_b, at_tool;
} world;

static world *w;

static wudf_host *played_host(wudf_devnode *d, seen *s, const char *link)
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
    snprintf(d->symlinks[0], sizeof d->symlinks[0], "%s", link);
    d->symlink_count = 1;
    return h;
}

static wudf_devnode *devnode(const char *id)
{
    wudf_devnode *d = wudf_devnode_new(&w->r);
    assert_non_null(d);
    snprintf(d->instance_id, sizeof d->instance_id, "%s", id);
    wudf_list_add_tail(&w->r.devnodes, &d->link);
    return d;
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
    w->monitor = devnode("ROOT\\MONITOR\\0000");
    w->echo = devnode("ROOT\\ECHO\\0000");
    w->a = played_host(w->monitor, &w->at_a, "\\DosDevices\\Monitor0");
    w->b = played_host(w->echo, &w->at_b, "\\DosDevices\\Echo0");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wudf_remote_host_gone(w->a);
    /* What B still holds ends, the files it was for with it. */
    wudf_io_fail_host_pending(w->b, WUDF_STATUS_CANCELLED);
    wudf_io_forget_devnode_files(w->echo);
    wudf_remote_host_gone(w->b);
    wudf_conn_close(w->a->conn, NULL);
    wudf_conn_close(w->b->conn, NULL);
    uv_run(w->r.loop, UV_RUN_DEFAULT);
    free(w->a);
    free(w->b);
    wudf_list_remove(&w->monitor->link);
    wudf_list_remove(&w->echo->link);
    wudf_kv_free(&w->monitor->settings);
    wudf_kv_free(&w->echo->settings);
    free(w->monitor);
    free(w->echo);
    free(w->r.pending_hash);
    free(w);
    g_reflector = NULL;
    return 0;
}

static void send_kv(wudf_host *h, wudf_msg_type type, const char *const *pairs)
{
    wudf_kv kv;
    uint8_t *payload;
    uint32_t length;
    wudf_kv_init(&kv);
    for (size_t i = 0; pairs[i]; i += 2)
        assert_int_equal(wudf_kv_add(&kv, pairs[i], pairs[i + 1], NULL), 0);
    assert_int_equal(wudf_kv_encode(&kv, &payload, &length, NULL), 0);
    wudf_msg m;
    wudf_msg_init(&m, type);
    m.payload = payload;
    m.payload_length = length;
    if (type == WUDF_MSG_DEVICE_STARTED)
        wudf_remote_device_started(h, &m);
    else
        wudf_supervisor_host_message(h, &m);
    free(payload);
    wudf_kv_free(&kv);
}

static void remote_irp(wudf_host *h, uint64_t id, uint8_t major, uint32_t file, const char *name, uint32_t out)
{
    wudf_msg m;
    wudf_msg_init_irp(&m, major, file, major == WUDF_IRP_MJ_DEVICE_CONTROL ? 0x222008 : 0, name,
                      name ? (uint32_t)strlen(name) : 0, out);
    m.type = WUDF_MSG_REMOTE_IRP;
    m.irp_id = id;
    wudf_supervisor_host_message(h, &m);
}

/* B completes the last request it was given. */
static void b_completes_last(int32_t status)
{
    seen *s = &w->at_b;
    assert_true(s->count > 0);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = s->irp_id[s->count - 1];
    m.status = status;
    wudf_supervisor_host_message(w->b, &m);
}

static size_t count_of(const seen *s, uint16_t type, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++)
        if (s->type[i] == type && (!text || strcmp(s->text[i], text) == 0))
            n++;
    return n;
}

static void last_is_complete(const seen *s, uint64_t id, int32_t status)
{
    assert_true(s->count > 0);
    assert_int_equal(s->type[s->count - 1], WUDF_MSG_REMOTE_COMPLETE);
    assert_int_equal(s->irp_id[s->count - 1], id);
    assert_int_equal(s->status[s->count - 1], status);
}

static void echo_started_with_its_interface(void)
{
    const char *started[] = {"interface", ITF_GUID, NULL};
    send_kv(w->b, WUDF_MSG_DEVICE_STARTED, started);
}

static void register_for_echo(int existing)
{
    const char *reg[] = {"event", "register", "guid", ITF_GUID, "existing", existing ? "1" : "0", NULL};
    send_kv(w->a, WUDF_MSG_REMOTE_EVENT, reg);
}

/* A opens B (by name) and B accepts: A's file 1 is open. */
static void a_opens_b(const char *name)
{
    size_t before = w->at_b.count;
    remote_irp(w->a, 1, WUDF_IRP_MJ_CREATE, 1, name, 0);
    assert_int_equal(w->at_b.count, before + 1);
    assert_int_equal(w->at_b.type[w->at_b.count - 1], WUDF_MSG_IRP);
    assert_int_equal(w->at_b.major[w->at_b.count - 1], WUDF_IRP_MJ_CREATE);
    b_completes_last(WUDF_STATUS_SUCCESS);
    last_is_complete(&w->at_a, 1, WUDF_STATUS_SUCCESS);
}

static void arrivals_reach_registered_hosts_and_a_link_opens_the_device(void **state)
{
    (void)state;
    register_for_echo(1);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, NULL), 0);
    echo_started_with_its_interface();
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "arrival " ITF_LINK), 1);
    /* a registration made later with existing interfaces hears of it at once; without, it does not */
    register_for_echo(1);
    register_for_echo(0);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "arrival " ITF_LINK), 2);

    a_opens_b(ITF_LINK);
    /* what follows the interface's name goes to B as the file name, through its link */
    remote_irp(w->a, 2, WUDF_IRP_MJ_CREATE, 2, ITF_LINK "\\sub", 0);
    assert_string_equal(w->at_b.text[w->at_b.count - 1], "\\sub");
    b_completes_last(WUDF_STATUS_SUCCESS);
    remote_irp(w->a, 3, WUDF_IRP_MJ_DEVICE_CONTROL, 1, "abc", 16);
    assert_int_equal(w->at_b.type[w->at_b.count - 1], WUDF_MSG_IRP);
    b_completes_last(WUDF_STATUS_SUCCESS);
    last_is_complete(&w->at_a, 3, WUDF_STATUS_SUCCESS);

    /* the interface goes: its removal reaches A, and the link opens nothing */
    const char *off[] = {"event", "interface", "guid", ITF_GUID, "reference", "", "enabled", "0", NULL};
    send_kv(w->b, WUDF_MSG_HOST_EVENT, off);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "interface-removal " ITF_LINK), 3); /* per registration */
    remote_irp(w->a, 4, WUDF_IRP_MJ_CREATE, 3, ITF_LINK, 0);
    last_is_complete(&w->at_a, 4, WUDF_STATUS_OBJECT_NAME_NOT_FOUND);
}

static void what_a_host_may_not_do_is_refused(void **state)
{
    (void)state;
    /* its own device, by link or instance id */
    remote_irp(w->a, 1, WUDF_IRP_MJ_CREATE, 1, "\\\\.\\Monitor0", 0);
    last_is_complete(&w->at_a, 1, WUDF_STATUS_INVALID_DEVICE_REQUEST);
    remote_irp(w->a, 2, WUDF_IRP_MJ_CREATE, 1, "ROOT\\MONITOR\\0000", 0);
    last_is_complete(&w->at_a, 2, WUDF_STATUS_INVALID_DEVICE_REQUEST);
    /* an internal ioctl, which no handle sends */
    remote_irp(w->a, 3, WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL, 1, NULL, 0);
    last_is_complete(&w->at_a, 3, WUDF_STATUS_INVALID_DEVICE_REQUEST);

    /* more files than allowed, open or opening */
    size_t before = w->at_b.count;
    for (uint32_t i = 0; i < 64; i++)
        remote_irp(w->a, 100 + i, WUDF_IRP_MJ_CREATE, 10 + i, "\\\\.\\Echo0", 0);
    assert_int_equal(w->at_b.count - before, 64);
    remote_irp(w->a, 200, WUDF_IRP_MJ_CREATE, 99, "\\\\.\\Echo0", 0);
    last_is_complete(&w->at_a, 200, WUDF_STATUS_INSUFFICIENT_RESOURCES);
    assert_int_equal(w->at_b.count - before, 64);
}

static void requests_in_flight_are_bounded(void **state)
{
    (void)state;
    remote_irp(w->a, 1, WUDF_IRP_MJ_CREATE, 1, "\\DosDevices\\Echo0", 0);
    b_completes_last(WUDF_STATUS_SUCCESS);
    size_t before = w->at_b.count;
    for (uint64_t i = 0; i < 1024; i++)
        remote_irp(w->a, 1000 + i, WUDF_IRP_MJ_READ, 1, NULL, 8);
    assert_int_equal(w->at_b.count - before, 1024);
    remote_irp(w->a, 5000, WUDF_IRP_MJ_READ, 1, NULL, 8);
    last_is_complete(&w->at_a, 5000, WUDF_STATUS_INSUFFICIENT_RESOURCES);
    /* a cancel goes to B; closing needs no room */
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_REMOTE_CANCEL);
    m.irp_id = 1000;
    wudf_supervisor_host_message(w->a, &m);
    assert_int_equal(w->at_b.type[w->at_b.count - 1], WUDF_MSG_CANCEL);
    remote_irp(w->a, 6000, WUDF_IRP_MJ_CLEANUP, 1, NULL, 0);
    assert_int_equal(w->at_b.major[w->at_b.count - 1], WUDF_IRP_MJ_CLEANUP);

    /* A's end: its requests are cancelled and its file closed at B, as for a dead client */
    before = w->at_b.count;
    wudf_remote_host_gone(w->a);
    assert_true(count_of(&w->at_b, WUDF_MSG_CANCEL, NULL) >= 1000);
    assert_int_equal(w->at_b.major[w->at_b.count - 1], WUDF_IRP_MJ_CLOSE);
}

static void registrations_are_bounded_and_malformed_events_ignored(void **state)
{
    (void)state;
    for (int i = 0; i < 40; i++)
        register_for_echo(0);
    const char *bad_guid[] = {"event", "register", "guid", "{nope}", "existing", "1", NULL};
    send_kv(w->a, WUDF_MSG_REMOTE_EVENT, bad_guid);
    const char *bad_existing[] = {"event", "register", "guid", ITF_GUID, "existing", "yes", NULL};
    send_kv(w->a, WUDF_MSG_REMOTE_EVENT, bad_existing);
    const char *unknown[] = {"event", "teleport", NULL};
    send_kv(w->a, WUDF_MSG_REMOTE_EVENT, unknown);
    const char *answer[] = {"event", "query-remove-answer", "file", "x", "allow", "1", NULL};
    send_kv(w->a, WUDF_MSG_REMOTE_EVENT, answer);
    echo_started_with_its_interface();
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "arrival " ITF_LINK), 32);
    assert_int_equal(w->a->state, WUDF_HOST_RUNNING);
}

static void an_orderly_removal_asks_the_holder_first_then_tells_it_the_end(void **state)
{
    (void)state;
    echo_started_with_its_interface();
    a_opens_b("\\\\.\\Echo0");
    assert_int_equal(wudf_remote_query_remove(w->echo, WUDF_STOP_THEN_DISABLE), 1);
    assert_int_equal(w->echo->state, WUDF_DN_STOPPING);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "query-remove 1"), 1);
    /* while it waits, the stop does not go out, and new opens are refused */
    assert_int_equal(count_of(&w->at_b, WUDF_MSG_DEVICE_STOP, NULL), 0);
    remote_irp(w->a, 7, WUDF_IRP_MJ_CREATE, 7, "\\\\.\\Echo0", 0);
    last_is_complete(&w->at_a, 7, WUDF_STATUS_DEVICE_NOT_READY);
    /* A closes for the query (cleanup, close) and agrees: the stop goes to B */
    remote_irp(w->a, 8, WUDF_IRP_MJ_CLEANUP, 1, NULL, 0);
    remote_irp(w->a, 9, WUDF_IRP_MJ_CLOSE, 1, NULL, 0);
    const char *yes[] = {"event", "query-remove-answer", "file", "1", "allow", "1", NULL};
    send_kv(w->a, WUDF_MSG_REMOTE_EVENT, yes);
    assert_int_equal(count_of(&w->at_b, WUDF_MSG_DEVICE_STOP, NULL), 1);
    assert_int_equal(w->echo->stop_then, WUDF_STOP_THEN_DISABLE);
    /* B leaves: A hears that the removal is complete, and of the interface's removal */
    wudf_remote_host_gone(w->b);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "remove-complete 1"), 1);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "remove-canceled 1"), 0);
}

static void a_veto_cancels_the_removal(void **state)
{
    (void)state;
    a_opens_b("\\\\.\\Echo0");
    w->echo->enabled = 0; /* as `disable` leaves it before the stop */
    w->echo->started_ms = 1234;
    assert_int_equal(wudf_remote_query_remove(w->echo, WUDF_STOP_THEN_RESTART), 1);
    /* A tool waits for the restart: it hears the veto, as for a driver's refusal. */
    wudf_peer peer;
    memset(&peer, 0, sizeof peer);
    wudf_conn *tool = wudf_conn_new_internal(&w->r, &peer, &capture_sink, &w->at_tool);
    wudf_tool_wait(tool, 77, w->echo, "restart", NULL);
    assert_int_equal(w->at_tool.count, 0);
    const char *no[] = {"event", "query-remove-answer", "file", "1", "allow", "0", NULL};
    send_kv(w->a, WUDF_MSG_REMOTE_EVENT, no);
    assert_int_equal(w->echo->state, WUDF_DN_STARTED);
    assert_int_equal(w->echo->started_ms, 1234); /* the same host runs on */
    assert_int_equal(w->echo->stop_then, WUDF_STOP_THEN_NOTHING);
    assert_int_equal(w->at_tool.count, 1);
    assert_int_equal(w->at_tool.type[0], WUDF_MSG_TOOL_REPLY);
    assert_int_equal(w->at_tool.irp_id[0], 77);
    assert_int_equal(w->at_tool.status[0], WUDF_STATUS_PLUGPLAY_QUERY_VETOED);
    wudf_conn_close(tool, NULL);
    assert_int_equal(count_of(&w->at_b, WUDF_MSG_DEVICE_STOP, NULL), 0);
    /* the next stop asks again */
    assert_int_equal(wudf_remote_query_remove(w->echo, WUDF_STOP_THEN_RESTART), 1);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "query-remove 1"), 2);
    /* an unplugged device is not asked: the stop goes on at once */
    assert_int_equal(wudf_remote_query_remove(w->echo, WUDF_STOP_THEN_NOT_PRESENT), 0);
    uv_run(w->r.loop, UV_RUN_NOWAIT);
}

/* B's host reports its links in DEVICE_STARTED, as the supervisor takes it from a starting host. */
static void echo_started_through_the_supervisor(const char *const *pairs)
{
    w->b->state = WUDF_HOST_STARTING;
    wudf_kv kv;
    uint8_t *payload;
    uint32_t length;
    wudf_kv_init(&kv);
    for (size_t i = 0; pairs[i]; i += 2)
        assert_int_equal(wudf_kv_add(&kv, pairs[i], pairs[i + 1], NULL), 0);
    assert_int_equal(wudf_kv_encode(&kv, &payload, &length, NULL), 0);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STARTED);
    m.payload = payload;
    m.payload_length = length;
    wudf_supervisor_host_message(w->b, &m);
    assert_int_equal(w->b->state, WUDF_HOST_RUNNING);
    free(payload);
    wudf_kv_free(&kv);
}

/* A opens name; B gets file_name, and accepts. */
static void a_opens_b_as(uint64_t id, uint32_t file, const char *name, const char *file_name)
{
    size_t before = w->at_b.count;
    remote_irp(w->a, id, WUDF_IRP_MJ_CREATE, file, name, 0);
    assert_int_equal(w->at_b.count, before + 1);
    assert_int_equal(w->at_b.major[w->at_b.count - 1], WUDF_IRP_MJ_CREATE);
    assert_string_equal(w->at_b.text[w->at_b.count - 1], file_name);
    b_completes_last(WUDF_STATUS_SUCCESS);
    last_is_complete(&w->at_a, id, WUDF_STATUS_SUCCESS);
}

static void a_link_reference_string_starts_the_file_name_and_a_bad_one_is_refused(void **state)
{
    (void)state;
    char too_long[WUDF_LINK_REFERENCE_MAX + 2];
    memset(too_long, 'r', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    const char *started[] = {"symlink", "\\DosDevices\\EchoRef", "symlink-reference", "Inst",
                             "symlink", "\\DosDevices\\Echo0",
                             "symlink", "\\DosDevices\\EchoSlash", "symlink-reference", "a/b",
                             "symlink", "\\DosDevices\\EchoLong", "symlink-reference", too_long,
                             "interface", ITF_GUID, NULL};
    echo_started_through_the_supervisor(started);
    assert_int_equal(w->echo->symlink_count, 2);

    /* the link with a reference string: \reference, then what follows the link */
    a_opens_b_as(1, 1, "\\\\.\\EchoRef", "\\Inst");
    a_opens_b_as(2, 2, "\\\\.\\EchoRef\\sub", "\\Inst\\sub");
    a_opens_b_as(3, 3, "\\\\.\\Echo0\\sub", "\\sub");
    /* an interface's file name goes through the link without a reference string, unchanged */
    a_opens_b_as(4, 4, ITF_LINK "\\sub", "\\sub");
    /* the refused links open nothing */
    remote_irp(w->a, 5, WUDF_IRP_MJ_CREATE, 5, "\\\\.\\EchoSlash", 0);
    last_is_complete(&w->at_a, 5, WUDF_STATUS_OBJECT_NAME_NOT_FOUND);
    remote_irp(w->a, 6, WUDF_IRP_MJ_CREATE, 6, "\\\\.\\EchoLong", 0);
    last_is_complete(&w->at_a, 6, WUDF_STATUS_OBJECT_NAME_NOT_FOUND);

    /* a link made after the start: the same bounds */
    const char *later_bad[] = {"event", "symlink", "name", "\\DosDevices\\EchoLater", "reference", "x\\y", NULL};
    send_kv(w->b, WUDF_MSG_HOST_EVENT, later_bad);
    assert_int_equal(w->echo->symlink_count, 2);
    remote_irp(w->a, 7, WUDF_IRP_MJ_CREATE, 7, "\\\\.\\EchoLater", 0);
    last_is_complete(&w->at_a, 7, WUDF_STATUS_OBJECT_NAME_NOT_FOUND);
    const char *later[] = {"event", "symlink", "name", "\\DosDevices\\EchoLater", "reference", "Two", NULL};
    send_kv(w->b, WUDF_MSG_HOST_EVENT, later);
    assert_int_equal(w->echo->symlink_count, 3);
    a_opens_b_as(8, 8, "\\\\.\\EchoLater\\x", "\\Two\\x");
}

static void a_crash_gives_remove_complete_only(void **state)
{
    (void)state;
    a_opens_b("\\\\.\\Echo0");
    remote_irp(w->a, 2, WUDF_IRP_MJ_READ, 1, NULL, 4);
    /* B dies: what A sent it ends as for any client, then A hears the removal is complete */
    wudf_io_fail_host_pending(w->b, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    last_is_complete(&w->at_a, 2, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    wudf_remote_host_gone(w->b);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "remove-complete 1"), 1);
    assert_int_equal(count_of(&w->at_a, WUDF_MSG_REMOTE_EVENT, "query-remove 1"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(arrivals_reach_registered_hosts_and_a_link_opens_the_device, setup, teardown),
        cmocka_unit_test_setup_teardown(what_a_host_may_not_do_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(requests_in_flight_are_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(registrations_are_bounded_and_malformed_events_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(an_orderly_removal_asks_the_holder_first_then_tells_it_the_end, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_veto_cancels_the_removal, setup, teardown),
        cmocka_unit_test_setup_teardown(a_crash_gives_remove_complete_only, setup, teardown),
        cmocka_unit_test_setup_teardown(a_link_reference_string_starts_the_file_name_and_a_bad_one_is_refused, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
