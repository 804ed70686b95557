/*
 * USB plug and play over USB/IP, end to end: the real reflector, started
 * with --usbip, asks small servers in this process (a loop thread of their
 * own, answering OP_REQ_DEVLIST with the codec of common/usbip.h) for their
 * device lists. The FX2 kit one of them exports binds to the package
 * installed from inf/fx2.inf and its devnode names the server and bus id;
 * taken off the list while its devnode has no host it is not present
 * (problem 24), and listed again it is back, also after a restart of the
 * reflector. A server that refuses connections is logged as unreachable
 * once, and one that answers with garbage (or not at all) costs the
 * reflector nothing.
 *
 * Those servers only list devices: a host cannot import the kit from them,
 * so its start fails and the checks are made with the device disabled. The
 * last test serves the simulated kit over USB/IP (fx2_sim_usbip.c): its host
 * imports it and a client drives it, its removal while the host holds it
 * comes from the host, and plugged back in it starts afresh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "fx2_ioctl.h"
#include "fx2_sim.h"
#include "platform.h"
#include "usbip.h"

#define KIT_BUSID "3-1"
#define KIT_BUSNUM 3  /* a bus and address no local device is likely to have */
#define KIT_DEVNUM 42

/* ---- The servers ---- */

typedef enum server_mode {
    MODE_LIST,    /* the device list: the kit while listed, else none */
    MODE_CLOSE,   /* accepts and closes at once */
    MODE_GARBAGE  /* a different wrong answer each time, or none */
} server_mode;

typedef struct fake_server {
    uv_tcp_t listener;
    unsigned port;
    /* Under lock: set by the test, read by the loop thread. */
    server_mode mode;
    int kit_listed;
    unsigned served; /* connections answered (or closed) */
} fake_server;

typedef struct fake_conn {
    uv_tcp_t tcp;
    fake_server *server;
    uint8_t in[64];
    size_t received;
    uint8_t out[1024];
    uv_write_t write;
    int answered;
} fake_conn;

enum { GOOD, GARBAGE, SERVERS };
static fake_server servers[SERVERS];
static unsigned dead_port; /* nothing listens there */
static uv_loop_t server_loop;
static uv_thread_t server_thread;
static uv_async_t server_stop;
static uv_mutex_t lock;
static uv_cond_t served_changed;

static void conn_closed(uv_handle_t *h)
{
    free(h->data);
}

static void conn_close(fake_conn *c)
{
    if (!uv_is_closing((uv_handle_t *)&c->tcp))
        uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

static void count_served(fake_server *s)
{
    uv_mutex_lock(&lock);
    s->served++;
    uv_cond_broadcast(&served_changed);
    uv_mutex_unlock(&lock);
}

static void written(uv_write_t *req, int status)
{
    (void)status;
    conn_close(req->data);
}

static void send_bytes(fake_conn *c, size_t length)
{
    uv_buf_t b = uv_buf_init((char *)c->out, (unsigned)length);
    c->write.data = c;
    if (uv_write(&c->write, (uv_stream_t *)&c->tcp, &b, 1, written))
        conn_close(c);
}

static size_t kit_list(uint8_t *out, size_t size, int listed)
{
    wudf_usbip_device kit;
    memset(&kit, 0, sizeof kit);
    snprintf(kit.path, sizeof kit.path, "/sys/devices/pci0000:00/0000:00:14.0/usb3/" KIT_BUSID);
    snprintf(kit.busid, sizeof kit.busid, KIT_BUSID);
    kit.busnum = KIT_BUSNUM;
    kit.devnum = KIT_DEVNUM;
    kit.speed = WUDF_USBIP_SPEED_HIGH;
    kit.vendor = 0x0547;
    kit.product = 0x1002;
    kit.bcd_device = 0x0000;
    kit.configuration_value = 1;
    kit.configuration_count = 1;
    kit.interface_count = 1;
    kit.interfaces[0].cls = 0xff; /* the device leaves its class to its interface */
    return wudf_usbip_devlist_reply_encode(out, size, &kit, listed ? 1 : 0);
}

/* Wrong answers in turn: junk, a wrong version, too many devices, half a list, silence (the reflector's
 * deadline ends it). */
static void answer_garbage(fake_conn *c, unsigned n)
{
    size_t length;
    switch (n % 5) {
    case 0:
        for (size_t i = 0; i < 200; i++)
            c->out[i] = (uint8_t)(i * 37 + 11);
        send_bytes(c, 200);
        return;
    case 1:
        length = kit_list(c->out, sizeof c->out, 1);
        c->out[1] = 0x99; /* version 0x0199 */
        send_bytes(c, length);
        return;
    case 2:
        wudf_usbip_op_encode(c->out, WUDF_USBIP_OP_REP_DEVLIST, WUDF_USBIP_ST_OK);
        memcpy(c->out + 8, "\x00\x01\x00\x00", 4); /* 65536 devices */
        send_bytes(c, 12);
        return;
    case 3:
        length = kit_list(c->out, sizeof c->out, 1);
        send_bytes(c, length / 2);
        return;
    default:
        return; /* silence: the connection stays open until the reflector gives up */
    }
}

static void answer(fake_conn *c)
{
    fake_server *s = c->server;
    uint16_t code;
    uint32_t status;
    c->answered = 1;
    uv_mutex_lock(&lock);
    server_mode mode = s->mode;
    int listed = s->kit_listed;
    unsigned n = s->served;
    uv_mutex_unlock(&lock);
    count_served(s);
    if (wudf_usbip_op_decode(c->in, &code, &status, NULL) || code != WUDF_USBIP_OP_REQ_DEVLIST) {
        conn_close(c); /* these servers only list devices */
        return;
    }
    if (mode == MODE_GARBAGE)
        answer_garbage(c, n);
    else
        send_bytes(c, kit_list(c->out, sizeof c->out, listed));
}

static void conn_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    fake_conn *c = h->data;
    *buf = uv_buf_init((char *)c->in + c->received, (unsigned)(sizeof c->in - c->received));
}

static void conn_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    fake_conn *c = stream->data;
    if (nread < 0 || c->received + (size_t)(nread > 0 ? nread : 0) >= sizeof c->in) {
        conn_close(c);
        return;
    }
    c->received += (size_t)nread;
    if (!c->answered && c->received >= WUDF_USBIP_OP_HEADER_SIZE)
        answer(c);
}

static void on_connection(uv_stream_t *listener, int status)
{
    fake_server *s = listener->data;
    fake_conn *c = calloc(1, sizeof *c);
    if (status < 0 || !c) {
        free(c);
        return;
    }
    c->server = s;
    uv_tcp_init(&server_loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept(listener, (uv_stream_t *)&c->tcp)) {
        conn_close(c);
        return;
    }
    uv_mutex_lock(&lock);
    server_mode mode = s->mode;
    uv_mutex_unlock(&lock);
    if (mode == MODE_CLOSE) {
        count_served(s);
        conn_close(c);
        return;
    }
    uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read);
}

static int is_listener(const uv_handle_t *h)
{
    for (int i = 0; i < SERVERS; i++)
        if (h == (const uv_handle_t *)&servers[i].listener)
            return 1;
    return 0;
}

static void close_any(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (uv_is_closing(h))
        return;
    /* A connection's handle is the first member of its fake_conn, which goes with it. */
    uv_close(h, h->type == UV_TCP && !is_listener(h) ? conn_closed : NULL);
}

static void on_stop(uv_async_t *a)
{
    uv_walk(a->loop, close_any, NULL);
}

static void run_servers(void *arg)
{
    (void)arg;
    uv_run(&server_loop, UV_RUN_DEFAULT);
}

/* A port of 127.0.0.1 bound on loop, the listener's when listener is given (else closed again). */
static unsigned bind_local(uv_loop_t *loop, uv_tcp_t *listener)
{
    uv_tcp_t spare;
    uv_tcp_t *t = listener ? listener : &spare;
    struct sockaddr_in addr;
    struct sockaddr_storage bound;
    int length = (int)sizeof bound;
    uv_ip4_addr("127.0.0.1", 0, &addr);
    uv_tcp_init(loop, t);
    if (uv_tcp_bind(t, (const struct sockaddr *)&addr, 0) ||
        uv_tcp_getsockname(t, (struct sockaddr *)&bound, &length))
        return 0;
    unsigned port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
    if (!listener) {
        uv_close((uv_handle_t *)t, NULL);
        uv_run(loop, UV_RUN_NOWAIT);
    }
    return port;
}

static int servers_start(void)
{
    uv_mutex_init(&lock);
    uv_cond_init(&served_changed);
    uv_loop_init(&server_loop);
    for (int i = 0; i < SERVERS; i++) {
        fake_server *s = &servers[i];
        memset(s, 0, sizeof *s);
        s->mode = i == GARBAGE ? MODE_GARBAGE : MODE_LIST;
        s->kit_listed = 1;
        s->port = bind_local(&server_loop, &s->listener);
        s->listener.data = s;
        if (!s->port || uv_listen((uv_stream_t *)&s->listener, 16, on_connection))
            return -1;
    }
    dead_port = bind_local(&server_loop, NULL);
    uv_async_init(&server_loop, &server_stop, on_stop);
    return dead_port && uv_thread_create(&server_thread, run_servers, NULL) == 0 ? 0 : -1;
}

static void servers_stop(void)
{
    uv_async_send(&server_stop);
    uv_thread_join(&server_thread);
    uv_loop_close(&server_loop);
    uv_cond_destroy(&served_changed);
    uv_mutex_destroy(&lock);
}

static void set_mode(fake_server *s, server_mode mode, int kit_listed)
{
    uv_mutex_lock(&lock);
    s->mode = mode;
    s->kit_listed = kit_listed;
    uv_mutex_unlock(&lock);
}

static unsigned served(fake_server *s)
{
    uv_mutex_lock(&lock);
    unsigned n = s->served;
    uv_mutex_unlock(&lock);
    return n;
}

/* Waits until s has answered count more connections than it had at from; 0, or -1 after timeout_ms. */
static int wait_served(fake_server *s, unsigned from, unsigned count, unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    int rc = 0;
    uv_mutex_lock(&lock);
    while (s->served < from + count && rc == 0) {
        uint64_t now = uv_hrtime();
        rc = now >= deadline ? -1 : uv_cond_timedwait(&served_changed, &lock, deadline - now) ? -1 : 0;
        if (rc && s->served >= from + count)
            rc = 0;
    }
    uv_mutex_unlock(&lock);
    return rc;
}

/* ---- The reflector ---- */

static char args[4][96];
static const char *extra[5];
static char kit_id[300], good_server[40];

static int start(void **state, int with_bad_servers)
{
    if (servers_start())
        return -1;
    snprintf(good_server, sizeof good_server, "127.0.0.1:%u", servers[GOOD].port);
    snprintf(kit_id, sizeof kit_id, "USB\\VID_0547&PID_1002\\USBIP_127.0.0.1_%u_" KIT_BUSID, servers[GOOD].port);
    size_t n = 0;
    if (with_bad_servers) {
        snprintf(args[n++], sizeof args[0], "--usbip=127.0.0.1:%u", dead_port);
        snprintf(args[n++], sizeof args[0], "--usbip=127.0.0.1:%u", servers[GARBAGE].port);
    }
    snprintf(args[n++], sizeof args[0], "--usbip=%s", good_server);
    snprintf(args[n++], sizeof args[0], "--usbip-poll-ms=200");
    for (size_t i = 0; i < n; i++)
        extra[i] = args[i];
    extra[n] = NULL;
    harness_options o = {0};
    o.critical_timeout_ms = 5000;
    o.restart_limit = 1;
    o.extra_args = extra;
    return fixture_start_with(state, &o);
}

static int start_one(void **state)
{
    return start(state, 0);
}

static int start_three(void **state)
{
    return start(state, 1);
}

static int stop(void **state)
{
    int rc = fixture_stop(state);
    servers_stop();
    return rc;
}

/* The kit's devnode, installed from fx2.inf once the reflector has seen the kit listed, then disabled:
 * its host (which cannot import the kit from these servers) is out of the way. */
static void install_and_disable(harness *h)
{
    size_t mark = harness_log_mark(h);
    char id[300];
    harness_install(h, "fx2.inf", NULL, id, sizeof id); /* the host's start fails: any outcome */
    char arrived[600];
    snprintf(arrived, sizeof arrived, "event=usb-arrived device=%s bus=%u address=%u port=" KIT_BUSID
             " seen_by=usbip usbip=%s busid=" KIT_BUSID, kit_id, KIT_BUSNUM, KIT_DEVNUM, good_server);
    assert_int_equal(harness_wait_log(h, arrived, mark, 20000), 0);
    /* Its host may be on its way out (a failed start): a stopping device is disabled once it has stopped. */
    int32_t status = -1;
    for (int tries = 0; tries < 20 && status < 0; tries++) {
        wudf_kv reply;
        wudf_kv_init(&reply);
        mark = harness_log_mark(h);
        status = harness_tool(h, "disable", kit_id, &reply);
        wudf_kv_free(&reply);
        if (status < 0) {
            char state_line[400];
            snprintf(state_line, sizeof state_line, "event=state device=%s", kit_id);
            harness_wait_log(h, state_line, mark, 10000);
        }
    }
    assert_true(status >= 0);
    char field[400];
    harness_field(h, kit_id, "state", field, sizeof field);
    assert_string_equal(field, "disabled");
}

static void the_exported_kit_is_a_devnode_named_by_its_server_and_bus_id(void **state)
{
    harness *h = *state;
    install_and_disable(h);
    char field[400], want[300];
    harness_field(h, kit_id, "hardware_id", field, sizeof field);
    assert_string_equal(field, "USB\\VID_0547&PID_1002");
    harness_field(h, kit_id, "ids", field, sizeof field);
    assert_non_null(strstr(field, "USB\\VID_0547&PID_1002&REV_0000"));
    assert_non_null(strstr(field, "USB\\Class_FF&SubClass_00&Prot_00"));
    harness_field(h, kit_id, "usbip_server", field, sizeof field);
    assert_string_equal(field, good_server);
    harness_field(h, kit_id, "usbip_busid", field, sizeof field);
    assert_string_equal(field, KIT_BUSID);
    harness_field(h, kit_id, "location", field, sizeof field);
    snprintf(want, sizeof want, "usbip %s busid " KIT_BUSID " (bus %u address %u there)", good_server, KIT_BUSNUM,
             KIT_DEVNUM);
    assert_string_equal(field, want);

    /* wudfctl status shows where the kit is, as text and as JSON. */
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    harness_child out;
    const char *text_args[] = {prog, "status", kit_id, "--endpoint", h->endpoint, NULL};
    assert_int_equal(harness_run_capture(&out, text_args, 30000), 0);
    snprintf(want, sizeof want, "USB/IP server      %s", good_server);
    assert_non_null(strstr(out.buffer, want));
    assert_non_null(strstr(out.buffer, "USB/IP bus id      " KIT_BUSID));
    const char *json_args[] = {prog, "status", kit_id, "--json", "--endpoint", h->endpoint, NULL};
    assert_int_equal(harness_run_capture(&out, json_args, 30000), 0);
    snprintf(want, sizeof want, "\"usbip_server\":\"%s\"", good_server);
    assert_non_null(strstr(out.buffer, want));
    assert_non_null(strstr(out.buffer, "\"usbip_busid\":\"" KIT_BUSID "\""));
}

static void a_kit_taken_off_the_list_is_not_present_until_listed_again(void **state)
{
    harness *h = *state;
    install_and_disable(h);
    char field[400], needle[600];

    /* Off the list while its devnode has no host: gone. */
    size_t mark = harness_log_mark(h);
    set_mode(&servers[GOOD], MODE_LIST, 0);
    snprintf(needle, sizeof needle, "event=usb-removed device=%s bus=%u address=%u reason=\"usbip: not exported\"",
             kit_id, KIT_BUSNUM, KIT_DEVNUM);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "not present", mark, 20000), 0);
    assert_int_equal(harness_field_number(h, kit_id, "problem"), 24);
    harness_field(h, kit_id, "location", field, sizeof field);
    assert_string_equal(field, "");
    /* Not present, the devnode still belongs to its server. */
    harness_field(h, kit_id, "usbip_server", field, sizeof field);
    assert_string_equal(field, good_server);

    /* Listed again: back, and still disabled. */
    mark = harness_log_mark(h);
    set_mode(&servers[GOOD], MODE_LIST, 1);
    snprintf(needle, sizeof needle, "event=usb-arrived device=%s", kit_id);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "disabled", mark, 20000), 0);

    /* The server stops answering: the kit is gone with it, and that is logged once. */
    mark = harness_log_mark(h);
    set_mode(&servers[GOOD], MODE_CLOSE, 1);
    snprintf(needle, sizeof needle,
             "event=usb-removed device=%s bus=%u address=%u reason=\"usbip: server unreachable\"", kit_id,
             KIT_BUSNUM, KIT_DEVNUM);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    snprintf(needle, sizeof needle, "event=usbip-unreachable server=%s", good_server);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "not present", mark, 20000), 0);

    /* A reflector started again knows the devnode as its server's, not present until the server lists it. */
    assert_int_equal(harness_stop(h, 20000), 0);
    assert_int_equal(harness_restart(h), 0);
    mark = harness_log_mark(h);
    assert_int_equal(wait_served(&servers[GOOD], served(&servers[GOOD]), 2, 20000), 0);
    harness_field(h, kit_id, "state", field, sizeof field);
    assert_string_equal(field, "not present");
    harness_field(h, kit_id, "usbip_busid", field, sizeof field);
    assert_string_equal(field, KIT_BUSID);
    set_mode(&servers[GOOD], MODE_LIST, 1);
    snprintf(needle, sizeof needle, "event=usbip-reachable server=%s devices=1", good_server);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    snprintf(needle, sizeof needle, "event=usb-arrived device=%s", kit_id);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "disabled", mark, 20000), 0);
}

static void servers_that_refuse_or_talk_garbage_are_logged_once_and_do_no_harm(void **state)
{
    harness *h = *state;
    char needle[200];
    /* Both are found wanting at their first poll... */
    snprintf(needle, sizeof needle, "event=usbip-unreachable server=127.0.0.1:%u", dead_port);
    assert_int_equal(harness_wait_log(h, needle, 0, 20000), 0);
    char garbage[200];
    snprintf(garbage, sizeof garbage, "event=usbip-unreachable server=127.0.0.1:%u", servers[GARBAGE].port);
    assert_int_equal(harness_wait_log(h, garbage, 0, 20000), 0);
    /* ...and asked again and again (every kind of garbage, silence too) without another line. */
    assert_int_equal(wait_served(&servers[GARBAGE], 0, 11, 60000), 0);
    assert_int_equal(harness_log_count(h, needle, 0), 1);
    assert_int_equal(harness_log_count(h, garbage, 0), 1);
    assert_int_equal(harness_log_count(h, "event=usbip-reachable server=127.0.0.1", 0), 1);

    /* The reflector serves the good server's kit all the while. */
    install_and_disable(h);
    assert_int_equal(harness_log_count(h, needle, 0), 1);
}

/* ---- The simulated kit ---- */

static fx2_sim *sim;

static int start_sim(void **state)
{
    sim = fx2_sim_new(NULL);
    if (!sim)
        return -1;
    snprintf(good_server, sizeof good_server, "%s", fx2_sim_usbip_server(sim));
    fx2_sim_usbip_instance_id(sim, kit_id, sizeof kit_id);
    snprintf(args[0], sizeof args[0], "--usbip=%s", good_server);
    snprintf(args[1], sizeof args[1], "--usbip-poll-ms=200");
    extra[0] = args[0];
    extra[1] = args[1];
    extra[2] = NULL;
    harness_options o = {0};
    o.critical_timeout_ms = 5000;
    o.extra_args = extra;
    return fixture_start_with(state, &o);
}

static int stop_sim(void **state)
{
    int rc = fixture_stop(state);
    fx2_sim_free(sim);
    return rc;
}

static void the_simulated_kit_is_imported_serves_leaves_and_comes_back(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    char id[300], field[400], want[300];
    assert_true(harness_install(h, "fx2.inf", NULL, id, sizeof id) >= 0);
    assert_int_equal(harness_wait_state(h, kit_id, "started", mark, 20000), 0);
    snprintf(want, sizeof want, "usbip %s busid %s (bus %u address %u there)", good_server, fx2_sim_busid(sim),
             FX2_SIM_BUS, FX2_SIM_ADDRESS);
    harness_field(h, kit_id, "location", field, sizeof field);
    assert_string_equal(field, want);

    /* Its host imported the kit with the DEVICE_START keys the reflector sent: a client reaches it. */
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\OsrUsbFx2_0", 10000, &f), 0);
    uint8_t bars = 0xA5;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY, &bars, 1, NULL, 0, &n, 10000), 0);
    assert_int_equal(fx2_sim_bar_graph(sim), 0xA5);
    wudf_close(c, f);
    wudf_disconnect(c);

    /* Removed while its host holds it: the host sees its connection go and reports the removal. */
    mark = harness_log_mark(h);
    fx2_sim_remove(sim);
    char needle[400];
    snprintf(needle, sizeof needle, "event=usb-removed device=%s", kit_id);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "not present", mark, 20000), 0);
    assert_int_equal(harness_field_number(h, kit_id, "problem"), 24);
    assert_int_equal(harness_field_number(h, kit_id, "host_pid"), 0);

    /* Plugged back in at another device number: listed, it arrives and starts afresh. */
    mark = harness_log_mark(h);
    assert_int_equal(fx2_sim_plug(sim, 6), 0);
    snprintf(needle, sizeof needle, "event=usb-arrived device=%s bus=%u address=6", kit_id, FX2_SIM_BUS);
    assert_int_equal(harness_wait_log(h, needle, mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "started", mark, 20000), 0);
    assert_int_equal(harness_field_number(h, kit_id, "restarts"), 0);
    assert_true(harness_field_number(h, kit_id, "host_pid") > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_exported_kit_is_a_devnode_named_by_its_server_and_bus_id, start_one, stop),
        cmocka_unit_test_setup_teardown(a_kit_taken_off_the_list_is_not_present_until_listed_again, start_one, stop),
        cmocka_unit_test_setup_teardown(servers_that_refuse_or_talk_garbage_are_logged_once_and_do_no_harm, start_three,
                                        stop),
        cmocka_unit_test_setup_teardown(the_simulated_kit_is_imported_serves_leaves_and_comes_back, start_sim,
                                        stop_sim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
