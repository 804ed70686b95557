/*
 * The simulated FX2 kit over USB/IP (fx2_sim_usbip.c), driven by a client written here: a libuv TCP
 * connection on a private loop, each wait bounded, speaking the codec of common/usbip.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uv.h>

#include "fx2_sim.h"
#include "usbip.h"

#define TIMEOUT_MS 5000u
#define INBOX_SIZE (64u * 1024u)

typedef struct client {
    uv_loop_t loop;
    uv_tcp_t tcp;
    uv_timer_t timer;
    uv_connect_t connect;
    int connected; /* 1 connected, <0 failed */
    int expired;
    int eof;
    unsigned writes;
    uint8_t inbox[INBOX_SIZE];
    size_t have;
} client;

typedef struct test_world {
    fx2_sim *sim;
    client *c;
} test_world;

static void on_expired(uv_timer_t *timer)
{
    ((client *)timer->data)->expired = 1;
}

/* Runs the loop until *flag is set or the timeout expires; 1 when the flag was set. */
static int run_until(client *c, const int *flag, unsigned timeout_ms)
{
    c->expired = 0;
    uv_timer_start(&c->timer, on_expired, timeout_ms, 0);
    while (!*flag && !c->expired)
        uv_run(&c->loop, UV_RUN_ONCE);
    uv_timer_stop(&c->timer);
    return *flag != 0;
}

static void on_connected(uv_connect_t *req, int status)
{
    client *c = req->data;
    c->connected = status ? -1 : 1;
}

static client *client_connect(fx2_sim *sim)
{
    char host[64];
    unsigned port;
    const char *server = fx2_sim_usbip_server(sim);
    assert_non_null(server);
    assert_int_equal(wudf_usbip_parse_server(server, host, sizeof host, &port, NULL), 0);
    assert_string_equal(host, "127.0.0.1");
    client *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(uv_loop_init(&c->loop), 0);
    uv_tcp_init(&c->loop, &c->tcp);
    uv_timer_init(&c->loop, &c->timer);
    c->tcp.data = c->timer.data = c->connect.data = c;
    struct sockaddr_in address;
    assert_int_equal(uv_ip4_addr(host, (int)port, &address), 0);
    assert_int_equal(uv_tcp_connect(&c->connect, &c->tcp, (const struct sockaddr *)&address, on_connected), 0);
    assert_true(run_until(c, &c->connected, TIMEOUT_MS));
    assert_int_equal(c->connected, 1);
    return c;
}

static void client_close(client *c)
{
    if (!c)
        return;
    uv_close((uv_handle_t *)&c->tcp, NULL);
    uv_close((uv_handle_t *)&c->timer, NULL);
    uv_run(&c->loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(&c->loop), 0);
    free(c);
}

typedef struct write_req {
    uv_write_t req;
    client *c;
    uint8_t bytes[];
} write_req;

static void on_written(uv_write_t *req, int status)
{
    write_req *w = (write_req *)req;
    if (!status)
        w->c->writes++;
    free(w);
}

static void client_send(client *c, const uint8_t *bytes, size_t length)
{
    write_req *w = malloc(sizeof *w + length);
    assert_non_null(w);
    w->c = c;
    memcpy(w->bytes, bytes, length);
    uv_buf_t buf = uv_buf_init((char *)w->bytes, (unsigned)length);
    unsigned before = c->writes;
    assert_int_equal(uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_written), 0);
    int done = 0;
    c->expired = 0;
    uv_timer_start(&c->timer, on_expired, TIMEOUT_MS, 0);
    while (!(done = c->writes != before) && !c->expired)
        uv_run(&c->loop, UV_RUN_ONCE);
    uv_timer_stop(&c->timer);
    assert_true(done);
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    client *c = handle->data;
    *buf = uv_buf_init((char *)c->inbox + c->have, (unsigned)(INBOX_SIZE - c->have));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    client *c = stream->data;
    if (nread < 0)
        c->eof = 1;
    else
        c->have += (size_t)nread;
}

/* Waits until more bytes than have arrived, or the end; 1 when they did. */
static int client_receive_more(client *c, size_t have)
{
    int more = 0;
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
    c->expired = 0;
    uv_timer_start(&c->timer, on_expired, TIMEOUT_MS, 0);
    while (!(more = c->have > have) && !c->eof && !c->expired)
        uv_run(&c->loop, UV_RUN_ONCE);
    uv_timer_stop(&c->timer);
    uv_read_stop((uv_stream_t *)&c->tcp);
    return more;
}

static void client_consume(client *c, size_t used)
{
    memmove(c->inbox, c->inbox + used, c->have - used);
    c->have -= used;
}

/* 1 when the server closed the connection (and sent nothing more). */
static int client_sees_end(client *c)
{
    while (!c->eof)
        if (!client_receive_more(c, c->have) && !c->eof)
            return 0;
    return c->have == 0;
}

static void devlist(client *c, wudf_usbip_device *devices, size_t max, size_t *count)
{
    uint8_t request[WUDF_USBIP_OP_HEADER_SIZE];
    client_send(c, request, wudf_usbip_devlist_request_encode(request, sizeof request));
    size_t used;
    wudf_error err;
    int rc;
    while ((rc = wudf_usbip_devlist_reply_decode(c->inbox, c->have, devices, max, count, &used, &err)) == 1)
        assert_true(client_receive_more(c, c->have));
    if (rc)
        fail_msg("%s", err.message);
    client_consume(c, used);
}

static uint32_t import(client *c, wudf_usbip_device *device)
{
    uint8_t request[WUDF_USBIP_IMPORT_REQUEST_SIZE];
    client_send(c, request, wudf_usbip_import_request_encode(request, sizeof request, FX2_SIM_PORT_PATH));
    uint32_t status;
    size_t used;
    wudf_error err;
    int rc;
    while ((rc = wudf_usbip_import_reply_decode(c->inbox, c->have, &status, device, &used, &err)) == 1)
        assert_true(client_receive_more(c, c->have));
    if (rc)
        fail_msg("%s", err.message);
    client_consume(c, used);
    return status;
}

static void submit(client *c, uint32_t seqnum, uint32_t direction, uint32_t ep, const uint8_t setup[8],
                   const uint8_t *data, uint32_t length)
{
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_CMD_SUBMIT;
    h.seqnum = seqnum;
    h.devid = FX2_SIM_BUS << 16 | FX2_SIM_ADDRESS;
    h.direction = direction;
    h.ep = ep;
    h.transfer_flags = direction == WUDF_USBIP_DIR_IN ? WUDF_USBIP_URB_DIR_IN : 0;
    h.transfer_length = length;
    h.number_of_packets = WUDF_USBIP_NOT_ISO;
    if (setup)
        memcpy(h.setup, setup, 8);
    uint8_t message[WUDF_USBIP_HEADER_SIZE + 256];
    wudf_usbip_header_encode(message, &h);
    size_t out = direction == WUDF_USBIP_DIR_OUT ? length : 0;
    assert_true(out <= 256);
    if (out)
        memcpy(message + WUDF_USBIP_HEADER_SIZE, data, out);
    client_send(c, message, WUDF_USBIP_HEADER_SIZE + out);
}

static void unlink_urb(client *c, uint32_t seqnum, uint32_t victim)
{
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_CMD_UNLINK;
    h.seqnum = seqnum;
    h.unlink_seqnum = victim;
    uint8_t message[WUDF_USBIP_HEADER_SIZE];
    wudf_usbip_header_encode(message, &h);
    client_send(c, message, sizeof message);
}

/* The next reply; IN data (in_direction) lands in data, up to size bytes. */
static wudf_usbip_header reply(client *c, int in_direction, uint8_t *data, size_t size)
{
    while (c->have < WUDF_USBIP_HEADER_SIZE)
        assert_true(client_receive_more(c, c->have));
    wudf_usbip_header h;
    wudf_error err;
    if (wudf_usbip_header_decode(c->inbox, &h, &err))
        fail_msg("%s", err.message);
    size_t length = h.command == WUDF_USBIP_RET_SUBMIT && in_direction ? h.actual_length : 0;
    assert_true(length <= size);
    while (c->have < WUDF_USBIP_HEADER_SIZE + length)
        assert_true(client_receive_more(c, c->have));
    if (length)
        memcpy(data, c->inbox + WUDF_USBIP_HEADER_SIZE, length);
    client_consume(c, WUDF_USBIP_HEADER_SIZE + length);
    return h;
}

static void setup_packet(uint8_t out[8], uint8_t type, uint8_t request, uint16_t value, uint16_t index, uint16_t length)
{
    const uint8_t packet[8] = {type, request, (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)index,
                               (uint8_t)(index >> 8), (uint8_t)length, (uint8_t)(length >> 8)};
    memcpy(out, packet, 8);
}

static int setup(void **state)
{
    test_world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    w->sim = fx2_sim_new(NULL);
    assert_non_null(w->sim);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    test_world *w = *state;
    client_close(w->c);
    fx2_sim_free(w->sim);
    free(w);
    return 0;
}

/* A client that has imported the kit. */
static client *imported(test_world *w)
{
    w->c = client_connect(w->sim);
    wudf_usbip_device device;
    assert_int_equal(import(w->c, &device), WUDF_USBIP_ST_OK);
    return w->c;
}

static void the_device_list_shows_the_kit(void **state)
{
    test_world *w = *state;
    assert_string_equal(fx2_sim_busid(w->sim), "1-2");
    w->c = client_connect(w->sim);
    wudf_usbip_device devices[4];
    size_t count;
    devlist(w->c, devices, 4, &count);
    assert_int_equal(count, 1);
    assert_string_equal(devices[0].busid, FX2_SIM_PORT_PATH);
    assert_int_equal(devices[0].busnum, FX2_SIM_BUS);
    assert_int_equal(devices[0].devnum, FX2_SIM_ADDRESS);
    assert_int_equal(devices[0].speed, WUDF_USBIP_SPEED_HIGH);
    assert_int_equal(devices[0].vendor, 0x0547);
    assert_int_equal(devices[0].product, 0x1002);
    assert_int_equal(devices[0].configuration_value, 1);
    assert_int_equal(devices[0].interface_count, 1);
    assert_int_equal(devices[0].interfaces[0].cls, 0xff);
}

static void an_imported_kit_gives_its_device_descriptor(void **state)
{
    test_world *w = *state;
    w->c = client_connect(w->sim);
    wudf_usbip_device device;
    assert_int_equal(import(w->c, &device), WUDF_USBIP_ST_OK);
    assert_int_equal(device.devnum, FX2_SIM_ADDRESS);
    assert_int_equal(wudf_usbip_devid(&device), FX2_SIM_BUS << 16 | FX2_SIM_ADDRESS);
    uint8_t s[8], data[64];
    setup_packet(s, 0x80, 0x06, 0x0100, 0, 18);
    submit(w->c, 1, WUDF_USBIP_DIR_IN, 0, s, NULL, 18);
    wudf_usbip_header h = reply(w->c, 1, data, sizeof data);
    assert_int_equal(h.command, WUDF_USBIP_RET_SUBMIT);
    assert_int_equal(h.seqnum, 1);
    assert_int_equal(h.status, 0);
    assert_int_equal(h.actual_length, 18);
    assert_int_equal(data[0], 18);
    assert_int_equal(data[1], 1);
    assert_int_equal(data[8] | data[9] << 8, 0x0547);
    assert_int_equal(data[10] | data[11] << 8, 0x1002);
}

static void the_bar_graph_request_lights_the_bar_graph(void **state)
{
    test_world *w = *state;
    client *c = imported(w);
    uint8_t s[8], data[8] = {0xa5};
    setup_packet(s, 0x40, 0xd8, 0, 0, 1);
    submit(c, 1, WUDF_USBIP_DIR_OUT, 0, s, data, 1);
    wudf_usbip_header h = reply(c, 0, data, sizeof data);
    assert_int_equal(h.seqnum, 1);
    assert_int_equal(h.status, 0);
    assert_int_equal(fx2_sim_bar_graph(w->sim), 0xa5);
    setup_packet(s, 0xc0, 0xd7, 0, 0, 1);
    submit(c, 2, WUDF_USBIP_DIR_IN, 0, s, NULL, 1);
    memset(data, 0, sizeof data);
    h = reply(c, 1, data, sizeof data);
    assert_int_equal(h.actual_length, 1);
    assert_int_equal(data[0], 0xa5);
}

static void bulk_out_loops_back_to_bulk_in(void **state)
{
    test_world *w = *state;
    client *c = imported(w);
    static const char text[] = "over usbip";
    submit(c, 1, WUDF_USBIP_DIR_OUT, 2, NULL, (const uint8_t *)text, sizeof text);
    uint8_t data[64];
    wudf_usbip_header h = reply(c, 0, data, sizeof data);
    assert_int_equal(h.status, 0);
    assert_int_equal(h.actual_length, sizeof text);
    submit(c, 2, WUDF_USBIP_DIR_IN, 6, NULL, NULL, 64);
    h = reply(c, 1, data, sizeof data);
    assert_int_equal(h.seqnum, 2);
    assert_int_equal(h.status, 0);
    assert_int_equal(h.actual_length, sizeof text);
    assert_memory_equal(data, text, sizeof text);
}

static void an_interrupt_read_completes_when_the_switches_change(void **state)
{
    test_world *w = *state;
    client *c = imported(w);
    submit(c, 1, WUDF_USBIP_DIR_IN, 1, NULL, NULL, 1);
    assert_int_equal(fx2_sim_wait_pending(w->sim, 0x81, 1, TIMEOUT_MS), 0);
    fx2_sim_set_switches(w->sim, 0x5a);
    uint8_t data[4];
    wudf_usbip_header h = reply(c, 1, data, sizeof data);
    assert_int_equal(h.seqnum, 1);
    assert_int_equal(h.status, 0);
    assert_int_equal(h.actual_length, 1);
    assert_int_equal(data[0], 0x5a);
}

static void an_unlinked_read_gets_no_answer(void **state)
{
    test_world *w = *state;
    client *c = imported(w);
    submit(c, 10, WUDF_USBIP_DIR_IN, 6, NULL, NULL, 64);
    assert_int_equal(fx2_sim_wait_pending(w->sim, 0x86, 1, TIMEOUT_MS), 0);
    unlink_urb(c, 11, 10);
    uint8_t data[64];
    wudf_usbip_header h = reply(c, 0, data, sizeof data);
    assert_int_equal(h.command, WUDF_USBIP_RET_UNLINK);
    assert_int_equal(h.seqnum, 11);
    assert_int_equal(h.status, WUDF_USBIP_ECONNRESET);
    assert_int_equal(fx2_sim_discard_count(w->sim), 1);
    /* The next answer is the write's, not the unlinked read's; the write's data stays in the FIFO. */
    submit(c, 12, WUDF_USBIP_DIR_OUT, 2, NULL, (const uint8_t *)"x", 1);
    h = reply(c, 0, data, sizeof data);
    assert_int_equal(h.command, WUDF_USBIP_RET_SUBMIT);
    assert_int_equal(h.seqnum, 12);
    /* Unlinking what was answered already: status 0. */
    unlink_urb(c, 13, 12);
    h = reply(c, 0, data, sizeof data);
    assert_int_equal(h.command, WUDF_USBIP_RET_UNLINK);
    assert_int_equal(h.seqnum, 13);
    assert_int_equal(h.status, 0);
    assert_int_equal(fx2_sim_discard_count(w->sim), 1);
    submit(c, 14, WUDF_USBIP_DIR_IN, 6, NULL, NULL, 64);
    h = reply(c, 1, data, sizeof data);
    assert_int_equal(h.seqnum, 14);
    assert_int_equal(h.actual_length, 1);
    assert_int_equal(data[0], 'x');
}

static void a_halted_endpoint_stalls_until_cleared(void **state)
{
    test_world *w = *state;
    client *c = imported(w);
    fx2_sim_halt(w->sim, 0x86);
    submit(c, 1, WUDF_USBIP_DIR_IN, 6, NULL, NULL, 64);
    uint8_t data[64], s[8];
    wudf_usbip_header h = reply(c, 1, data, sizeof data);
    assert_int_equal(h.status, WUDF_USBIP_EPIPE);
    assert_int_equal(h.actual_length, 0);
    /* CLEAR_FEATURE(ENDPOINT_HALT) arrives as an ordinary control request. */
    setup_packet(s, 0x02, 0x01, 0, 0x86, 0);
    submit(c, 2, WUDF_USBIP_DIR_OUT, 0, s, NULL, 0);
    h = reply(c, 0, data, sizeof data);
    assert_int_equal(h.seqnum, 2);
    assert_int_equal(h.status, 0);
    assert_false(fx2_sim_is_halted(w->sim, 0x86));
    assert_int_equal(fx2_sim_clear_halt_count(w->sim, 0x86), 1);
    /* So do SET_INTERFACE and SET_CONFIGURATION. */
    setup_packet(s, 0x01, 0x0b, 1, 0, 0);
    submit(c, 3, WUDF_USBIP_DIR_OUT, 0, s, NULL, 0);
    assert_int_equal(reply(c, 0, data, sizeof data).status, 0);
    assert_int_equal(fx2_sim_alternate_setting(w->sim), 1);
    setup_packet(s, 0x00, 0x09, 1, 0, 0);
    submit(c, 4, WUDF_USBIP_DIR_OUT, 0, s, NULL, 0);
    assert_int_equal(reply(c, 0, data, sizeof data).status, 0);
}

/* Imports on c until the server has let go of the previous importer; each attempt is a round trip. */
static uint32_t import_when_free(client *c)
{
    wudf_usbip_device device;
    uint32_t status = WUDF_USBIP_ST_NA;
    uint64_t deadline = uv_hrtime() + (uint64_t)TIMEOUT_MS * 1000000u;
    while (status == WUDF_USBIP_ST_NA && uv_hrtime() < deadline)
        status = import(c, &device);
    return status;
}

static void a_second_import_is_refused_until_the_first_closes(void **state)
{
    test_world *w = *state;
    client *first = imported(w);
    submit(first, 1, WUDF_USBIP_DIR_IN, 6, NULL, NULL, 64);
    assert_int_equal(fx2_sim_wait_pending(w->sim, 0x86, 1, TIMEOUT_MS), 0);
    client *second = client_connect(w->sim);
    wudf_usbip_device device;
    assert_int_equal(import(second, &device), WUDF_USBIP_ST_NA);
    w->c = second;
    client_close(first);
    assert_int_equal(import_when_free(second), WUDF_USBIP_ST_OK);
    /* The first client's read went with it: the data is the second's. */
    submit(second, 1, WUDF_USBIP_DIR_OUT, 2, NULL, (const uint8_t *)"y", 1);
    uint8_t data[64];
    assert_int_equal(reply(second, 0, data, sizeof data).status, 0);
    submit(second, 2, WUDF_USBIP_DIR_IN, 6, NULL, NULL, 64);
    wudf_usbip_header h = reply(second, 1, data, sizeof data);
    assert_int_equal(h.seqnum, 2);
    assert_int_equal(h.actual_length, 1);
    assert_int_equal(data[0], 'y');
    assert_int_equal(fx2_sim_discard_count(w->sim), 0);
}

static void unplugging_fails_what_waits_and_closes_the_connection(void **state)
{
    test_world *w = *state;
    client *c = imported(w);
    submit(c, 7, WUDF_USBIP_DIR_IN, 6, NULL, NULL, 64);
    assert_int_equal(fx2_sim_wait_pending(w->sim, 0x86, 1, TIMEOUT_MS), 0);
    fx2_sim_unplug(w->sim);
    uint8_t data[64];
    wudf_usbip_header h = reply(c, 1, data, sizeof data);
    assert_int_equal(h.seqnum, 7);
    assert_int_equal(h.status, WUDF_USBIP_ESHUTDOWN);
    assert_true(client_sees_end(c));
    client_close(c);
    /* Still listed, but not importable. */
    w->c = client_connect(w->sim);
    wudf_usbip_device devices[2];
    size_t count;
    devlist(w->c, devices, 2, &count);
    assert_int_equal(count, 1);
    assert_int_equal(import(w->c, devices), WUDF_USBIP_ST_NA);
}

static void remove_and_plug_change_the_device_list(void **state)
{
    test_world *w = *state;
    w->c = client_connect(w->sim);
    fx2_sim_remove(w->sim);
    wudf_usbip_device devices[2];
    size_t count;
    devlist(w->c, devices, 2, &count);
    assert_int_equal(count, 0);
    assert_int_equal(import(w->c, devices), WUDF_USBIP_ST_NA);
    assert_int_equal(fx2_sim_plug(w->sim, 9), 0);
    assert_int_not_equal(fx2_sim_plug(w->sim, 9), 0); /* plugged in already */
    devlist(w->c, devices, 2, &count);
    assert_int_equal(count, 1);
    assert_int_equal(devices[0].devnum, 9);
    assert_int_equal(import(w->c, devices), WUDF_USBIP_ST_OK);
    assert_int_equal(devices[0].devnum, 9);
    uint8_t s[8], data[8];
    setup_packet(s, 0xc0, 0xd7, 0, 0, 1);
    submit(w->c, 1, WUDF_USBIP_DIR_IN, 0, s, NULL, 1);
    wudf_usbip_header h = reply(w->c, 1, data, sizeof data);
    assert_int_equal(h.status, 0);
    assert_int_equal(data[0], 0); /* freshly powered: LEDs off */
}

static void bad_input_closes_only_that_connection(void **state)
{
    test_world *w = *state;
    /* An old protocol version in the setup phase. */
    client *c = client_connect(w->sim);
    const uint8_t old[8] = {0x01, 0x06, 0x80, 0x05, 0, 0, 0, 0};
    client_send(c, old, sizeof old);
    assert_true(client_sees_end(c));
    client_close(c);
    /* A reply where a command belongs, in the URB phase. */
    c = imported(w);
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_RET_SUBMIT;
    uint8_t message[WUDF_USBIP_HEADER_SIZE];
    wudf_usbip_header_encode(message, &h);
    client_send(c, message, sizeof message);
    assert_true(client_sees_end(c));
    client_close(c);
    w->c = NULL;
    /* An isochronous transfer. */
    c = client_connect(w->sim);
    w->c = c;
    assert_int_equal(import_when_free(c), WUDF_USBIP_ST_OK);
    h.command = WUDF_USBIP_CMD_SUBMIT;
    h.number_of_packets = 4;
    wudf_usbip_header_encode(message, &h);
    client_send(c, message, sizeof message);
    assert_true(client_sees_end(c));
    client_close(c);
    w->c = NULL;
    /* The server goes on. */
    w->c = client_connect(w->sim);
    wudf_usbip_device devices[2];
    size_t count;
    devlist(w->c, devices, 2, &count);
    assert_int_equal(count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_device_list_shows_the_kit, setup, teardown),
        cmocka_unit_test_setup_teardown(an_imported_kit_gives_its_device_descriptor, setup, teardown),
        cmocka_unit_test_setup_teardown(the_bar_graph_request_lights_the_bar_graph, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_out_loops_back_to_bulk_in, setup, teardown),
        cmocka_unit_test_setup_teardown(an_interrupt_read_completes_when_the_switches_change, setup, teardown),
        cmocka_unit_test_setup_teardown(an_unlinked_read_gets_no_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(a_halted_endpoint_stalls_until_cleared, setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_import_is_refused_until_the_first_closes, setup, teardown),
        cmocka_unit_test_setup_teardown(unplugging_fails_what_waits_and_closes_the_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_and_plug_change_the_device_list, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_closes_only_that_connection, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
