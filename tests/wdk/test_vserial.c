/*
 * A virtual serial port end to end: the driver of tests/wdk/vserial, written the way vendors write a
 * UMDF 1 virtual COM port, installed from its stamped INF into the real reflector and opened as
 * \\.\COM7 (the PortName its INF put in Device Parameters) through the client library:
 *   - the settings a program's SetCommState, SetCommTimeouts and SetupComm send come back as set,
 *     wrong ones are refused as serial.sys refuses them, an unknown control with
 *     STATUS_INVALID_PARAMETER;
 *   - what is written is read back; a read with nothing to read waits for the next write, and is
 *     cancelled by a cancel or a PURGE; WAIT_ON_MASK waits for EV_RXCHAR;
 *   - the port is listed in HARDWARE\DEVICEMAP\SERIALCOMM while it runs (wudfctl property --key map),
 *     not after it stopped, again after a restart, and never in the device store; a host that
 *     crashed left it for the next one; a second device writing the same value name takes it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "vserial_ioctl.h"

#define T 15000
#define DEVICE "ROOT\\VSERIAL\\0000"
#define SECOND "ROOT\\VSERIAL\\0001"
#define PORT "\\\\.\\COM7"
#define LISTED "SERIALCOMM;\\Device\\VSerial0;sz;COM7"

_Static_assert(sizeof(VSERIAL_STATUS) == 20, "SERIAL_STATUS is 20 bytes");
_Static_assert(sizeof(VSERIAL_COMMPROP) == 64, "SERIAL_COMMPROP is 64 bytes");

static harness the_harness;

static int32_t install(harness *h, const char *const *entries, char *device, size_t size)
{
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", VSERIAL_INF, NULL);
    for (size_t i = 0; entries && entries[i]; i++)
        wudf_kv_add(&req, "reg.hw", entries[i], NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", VSERIAL_INF, wudf_kv_get(&reply, "message"));
    snprintf(device, size, "%s", wudf_kv_get(&reply, "device") ? wudf_kv_get(&reply, "device") : "");
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return st;
}

static int start(void **state)
{
    harness_options options;
    memset(&options, 0, sizeof options);
    if (harness_start(&the_harness, &options))
        return -1;
    char device[64];
    if (install(&the_harness, NULL, device, sizeof device) < 0 || strcmp(device, DEVICE) != 0)
        return -1;
    *state = &the_harness;
    return 0;
}

static int stop(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000);
    harness_cleanup(h);
    return rc == 0 ? 0 : -1;
}

typedef struct port {
    wudf_client *c;
    wudf_handle f;
} port;

static port open_port(harness *h)
{
    port p = {harness_client(h), 0};
    assert_int_equal(wudf_open(p.c, PORT, T, &p.f), 0);
    return p;
}

static void close_port(port *p)
{
    wudf_close(p->c, p->f);
    wudf_disconnect(p->c);
}

static int32_t control(port *p, uint32_t code, const void *in, uint32_t in_size, void *out, uint32_t out_size,
                       uint32_t *returned)
{
    uint32_t n = 0;
    int32_t st = wudf_ioctl(p->c, p->f, code, in, in_size, out, out_size, &n, T);
    if (returned)
        *returned = n;
    return st;
}

static void set(port *p, uint32_t code, const void *in, uint32_t size)
{
    assert_int_equal(control(p, code, in, size, NULL, 0, NULL), 0);
}

static void get(port *p, uint32_t code, void *out, uint32_t size)
{
    uint32_t n = 0;
    assert_int_equal(control(p, code, NULL, 0, out, size, &n), 0);
    assert_int_equal(n, size);
}

static void timeouts(port *p, uint32_t interval)
{
    VSERIAL_TIMEOUTS t = {interval, 0, 0, 0, 0};
    set(p, VSERIAL_IOCTL_SET_TIMEOUTS, &t, sizeof t);
}

static uint32_t in_queue(port *p)
{
    VSERIAL_STATUS s;
    get(p, VSERIAL_IOCTL_GET_COMMSTATUS, &s, sizeof s);
    return s.AmountInInQueue;
}

static void write_text(port *p, const char *text)
{
    uint32_t n = 0;
    assert_int_equal(wudf_write(p->c, p->f, text, (uint32_t)strlen(text), 0, &n, T), 0);
    assert_int_equal(n, strlen(text));
}

/* An asynchronous request's outcome. */
typedef struct outcome {
    int done;
    int32_t status;
    uint64_t information;
} outcome;

static void on_done(wudf_client *c, wudf_request_id id, wudf_status status, uint64_t information, void *context)
{
    (void)c;
    (void)id;
    outcome *o = context;
    o->done = 1;
    o->status = status;
    o->information = information;
}

/* The driver traced that it keeps the request waiting (requests of a parallel queue may reach it
 * in another order than they were sent: this one is waiting before the next is sent). */
static void waiting(size_t mark, const char *trace)
{
    char needle[200];
    snprintf(needle, sizeof needle, "msg=\"%s", trace);
    assert_int_equal(harness_wait_log(&the_harness, needle, mark, T), 0);
}

static void wait_done(port *p, outcome *o)
{
    for (int i = 0; i < T / 100 && !o->done; i++)
        assert_true(wudf_poll(p->c, 100) >= 0);
    assert_true(o->done);
}

static void settings_come_back_as_set(void **state)
{
    port p = open_port(*state);
    VSERIAL_BAUD_RATE baud = {0};
    get(&p, VSERIAL_IOCTL_GET_BAUD_RATE, &baud, sizeof baud);
    assert_int_equal(baud.BaudRate, 9600);
    baud.BaudRate = 115200;
    set(&p, VSERIAL_IOCTL_SET_BAUD_RATE, &baud, sizeof baud);
    memset(&baud, 0, sizeof baud);
    get(&p, VSERIAL_IOCTL_GET_BAUD_RATE, &baud, sizeof baud);
    assert_int_equal(baud.BaudRate, 115200);

    /* 7 data bits, even parity, 2 stop bits */
    VSERIAL_LINE_CONTROL line = {2, 2, 7}, back;
    set(&p, VSERIAL_IOCTL_SET_LINE_CONTROL, &line, sizeof line);
    get(&p, VSERIAL_IOCTL_GET_LINE_CONTROL, &back, sizeof back);
    assert_memory_equal(&back, &line, sizeof line);

    VSERIAL_CHARS chars = {0x1a, 0, 0, 0x0d, 0x11, 0x13}, chars_back;
    set(&p, VSERIAL_IOCTL_SET_CHARS, &chars, sizeof chars);
    get(&p, VSERIAL_IOCTL_GET_CHARS, &chars_back, sizeof chars_back);
    assert_memory_equal(&chars_back, &chars, sizeof chars);

    VSERIAL_HANDFLOW flow = {VSERIAL_DTR_CONTROL | 0x08, VSERIAL_RTS_HANDSHAKE, 512, 1024}, flow_back;
    set(&p, VSERIAL_IOCTL_SET_HANDFLOW, &flow, sizeof flow);
    get(&p, VSERIAL_IOCTL_GET_HANDFLOW, &flow_back, sizeof flow_back);
    assert_memory_equal(&flow_back, &flow, sizeof flow);

    VSERIAL_TIMEOUTS t = {0xffffffffu, 0, 0, 10, 200}, t_back;
    set(&p, VSERIAL_IOCTL_SET_TIMEOUTS, &t, sizeof t);
    get(&p, VSERIAL_IOCTL_GET_TIMEOUTS, &t_back, sizeof t_back);
    assert_memory_equal(&t_back, &t, sizeof t);

    VSERIAL_QUEUE_SIZE queues = {8192, 1024};
    set(&p, VSERIAL_IOCTL_SET_QUEUE_SIZE, &queues, sizeof queues);
    VSERIAL_COMMPROP props;
    get(&p, VSERIAL_IOCTL_GET_PROPERTIES, &props, sizeof props);
    assert_int_equal(props.PacketLength, sizeof props);
    assert_int_equal(props.ServiceMask, VSERIAL_SP_SERIALCOMM);
    assert_int_equal(props.ProvSubType, VSERIAL_SP_RS232);
    assert_int_equal(props.MaxBaud, VSERIAL_BAUD_USER);
    assert_int_equal(props.CurrentRxQueue, 8192);

    uint32_t mask = VSERIAL_EV_RXCHAR | VSERIAL_EV_TXEMPTY, mask_back = 0;
    set(&p, VSERIAL_IOCTL_SET_WAIT_MASK, &mask, sizeof mask);
    get(&p, VSERIAL_IOCTL_GET_WAIT_MASK, &mask_back, sizeof mask_back);
    assert_int_equal(mask_back, mask);

    /* The loop's modem lines: DTR is its DSR and DCD, RTS (here the handshake's, raised) its CTS. */
    uint32_t modem = 0, lines = 0;
    set(&p, VSERIAL_IOCTL_CLR_DTR, NULL, 0);
    get(&p, VSERIAL_IOCTL_GET_MODEMSTATUS, &modem, sizeof modem);
    assert_int_equal(modem & (VSERIAL_MSR_DSR | VSERIAL_MSR_DCD), 0);
    set(&p, VSERIAL_IOCTL_SET_DTR, NULL, 0);
    get(&p, VSERIAL_IOCTL_GET_MODEMSTATUS, &modem, sizeof modem);
    assert_int_equal(modem & (VSERIAL_MSR_DSR | VSERIAL_MSR_DCD), VSERIAL_MSR_DSR | VSERIAL_MSR_DCD);
    get(&p, VSERIAL_IOCTL_GET_DTRRTS, &lines, sizeof lines);
    assert_true(lines & VSERIAL_DTR_STATE);
    /* RTS belongs to the handshake now */
    assert_int_equal(control(&p, VSERIAL_IOCTL_SET_RTS, NULL, 0, NULL, 0, NULL), WUDF_STATUS_INVALID_PARAMETER);
    close_port(&p);
}

static void wrong_settings_are_refused(void **state)
{
    port p = open_port(*state);
    VSERIAL_BAUD_RATE zero = {0};
    assert_int_equal(control(&p, VSERIAL_IOCTL_SET_BAUD_RATE, &zero, sizeof zero, NULL, 0, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    VSERIAL_LINE_CONTROL five_two = {2, 0, 5}, nine = {0, 0, 9};
    assert_int_equal(control(&p, VSERIAL_IOCTL_SET_LINE_CONTROL, &five_two, sizeof five_two, NULL, 0, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(control(&p, VSERIAL_IOCTL_SET_LINE_CONTROL, &nine, sizeof nine, NULL, 0, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    VSERIAL_TIMEOUTS all_max = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0, 0};
    assert_int_equal(control(&p, VSERIAL_IOCTL_SET_TIMEOUTS, &all_max, sizeof all_max, NULL, 0, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    uint32_t bad_mask = 0x10000;
    assert_int_equal(control(&p, VSERIAL_IOCTL_SET_WAIT_MASK, &bad_mask, sizeof bad_mask, NULL, 0, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    /* short buffers */
    uint8_t small[8];
    assert_int_equal(control(&p, VSERIAL_IOCTL_SET_BAUD_RATE, small, 2, NULL, 0, NULL), WUDF_STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(control(&p, VSERIAL_IOCTL_GET_PROPERTIES, NULL, 0, small, sizeof small, NULL),
                     WUDF_STATUS_BUFFER_TOO_SMALL);
    /* a control the port does not know, as serial.sys answers it */
    assert_int_equal(control(&p, VSERIAL_IOCTL(200), NULL, 0, NULL, 0, NULL), WUDF_STATUS_INVALID_PARAMETER);
    close_port(&p);
    /* each control leaves a readable trace */
    /* (HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER) is E_INVALIDARG) */
    assert_int_equal(harness_wait_log(*state, "msg=\"IOCTL_SERIAL_SET_BAUD_RATE (0x001b0004), in 4 out 0: E_INVALIDARG, "
                                              "0 bytes\"", 0, T), 0);
    assert_int_equal(harness_wait_log(*state, "msg=\"baud rate 115200\"", 0, T), 0);
    assert_int_equal(harness_wait_log(*state, "msg=\"unknown I/O control (0x001b0320)", 0, T), 0);
}

static void what_is_written_is_read_back(void **state)
{
    port p = open_port(*state);
    timeouts(&p, 0); /* reads wait for data */
    write_text(&p, "hello");
    assert_int_equal(in_queue(&p), 5);
    char buffer[32] = "";
    uint32_t n = 0;
    assert_int_equal(wudf_read(p.c, p.f, buffer, sizeof buffer, 0, &n, T), 0);
    assert_int_equal(n, 5);
    assert_memory_equal(buffer, "hello", 5);
    assert_int_equal(in_queue(&p), 0);

    /* nothing to read: the read waits for the next write */
    outcome read = {0};
    wudf_request_id id;
    memset(buffer, 0, sizeof buffer);
    size_t mark = harness_log_mark(*state);
    assert_int_equal(wudf_read_async(p.c, p.f, buffer, 8, 0, on_done, &read, &id), 0);
    waiting(mark, "read of 8 bytes waits for data: S_OK");
    assert_int_equal(in_queue(&p), 0);
    assert_false(read.done);
    write_text(&p, "later");
    wait_done(&p, &read);
    assert_int_equal(read.status, 0);
    assert_int_equal(read.information, 5);
    assert_memory_equal(buffer, "later", 5);

    /* a waiting read can be cancelled */
    outcome cancelled = {0};
    mark = harness_log_mark(*state);
    assert_int_equal(wudf_read_async(p.c, p.f, buffer, 8, 0, on_done, &cancelled, &id), 0);
    waiting(mark, "read of 8 bytes waits for data: S_OK");
    assert_int_equal(wudf_cancel(p.c, id), 0);
    wait_done(&p, &cancelled);
    assert_int_equal(cancelled.status, WUDF_STATUS_CANCELLED);

    /* ReadIntervalTimeout MAXDWORD and no totals: a read returns at once, empty */
    timeouts(&p, 0xffffffffu);
    assert_int_equal(wudf_read(p.c, p.f, buffer, sizeof buffer, 0, &n, T), 0);
    assert_int_equal(n, 0);
    close_port(&p);
}

static void wait_on_mask_completes_when_data_arrives(void **state)
{
    port p = open_port(*state);
    uint32_t events = 0, mask = 0;
    /* no mask: nothing to wait for */
    set(&p, VSERIAL_IOCTL_SET_WAIT_MASK, &mask, sizeof mask);
    assert_int_equal(control(&p, VSERIAL_IOCTL_WAIT_ON_MASK, NULL, 0, &events, sizeof events, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    mask = VSERIAL_EV_RXCHAR;
    set(&p, VSERIAL_IOCTL_SET_WAIT_MASK, &mask, sizeof mask);

    outcome wait = {0};
    wudf_request_id id;
    size_t mark = harness_log_mark(*state);
    assert_int_equal(wudf_ioctl_async(p.c, p.f, VSERIAL_IOCTL_WAIT_ON_MASK, NULL, 0, &events, sizeof events, on_done,
                                      &wait, &id), 0);
    waiting(mark, "IOCTL_SERIAL_WAIT_ON_MASK (0x001b0048) waits");
    assert_int_equal(in_queue(&p), 0);
    assert_false(wait.done);
    /* one wait at a time */
    uint32_t other = 0;
    assert_int_equal(control(&p, VSERIAL_IOCTL_WAIT_ON_MASK, NULL, 0, &other, sizeof other, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    write_text(&p, "x");
    wait_done(&p, &wait);
    assert_int_equal(wait.status, 0);
    assert_int_equal(wait.information, sizeof events);
    assert_int_equal(events, VSERIAL_EV_RXCHAR);

    /* an event with no wait waiting is kept for the next one */
    write_text(&p, "y");
    events = 0;
    uint32_t n = 0;
    assert_int_equal(control(&p, VSERIAL_IOCTL_WAIT_ON_MASK, NULL, 0, &events, sizeof events, &n), 0);
    assert_int_equal(n, sizeof events);
    assert_int_equal(events, VSERIAL_EV_RXCHAR);

    /* a new mask ends the waiting wait with no events */
    outcome ended = {0};
    events = 0xffff;
    mark = harness_log_mark(*state);
    assert_int_equal(wudf_ioctl_async(p.c, p.f, VSERIAL_IOCTL_WAIT_ON_MASK, NULL, 0, &events, sizeof events, on_done,
                                      &ended, &id), 0);
    waiting(mark, "IOCTL_SERIAL_WAIT_ON_MASK (0x001b0048) waits");
    mask = VSERIAL_EV_RXCHAR | VSERIAL_EV_BREAK;
    set(&p, VSERIAL_IOCTL_SET_WAIT_MASK, &mask, sizeof mask);
    wait_done(&p, &ended);
    assert_int_equal(ended.status, 0);
    assert_int_equal(events, 0);
    close_port(&p);
}

static void purge_drops_data_and_cancels_waiting_reads(void **state)
{
    port p = open_port(*state);
    timeouts(&p, 0);
    write_text(&p, "abc");
    assert_int_equal(in_queue(&p), 3);
    uint32_t flags = VSERIAL_PURGE_RXCLEAR;
    set(&p, VSERIAL_IOCTL_PURGE, &flags, sizeof flags);
    assert_int_equal(in_queue(&p), 0);

    char buffer[8];
    outcome read = {0};
    wudf_request_id id;
    size_t mark = harness_log_mark(*state);
    assert_int_equal(wudf_read_async(p.c, p.f, buffer, sizeof buffer, 0, on_done, &read, &id), 0);
    waiting(mark, "read of 8 bytes waits for data: S_OK");
    flags = VSERIAL_PURGE_RXABORT | VSERIAL_PURGE_TXABORT;
    set(&p, VSERIAL_IOCTL_PURGE, &flags, sizeof flags);
    wait_done(&p, &read);
    assert_int_equal(read.status, WUDF_STATUS_CANCELLED);

    flags = 0;
    assert_int_equal(control(&p, VSERIAL_IOCTL_PURGE, &flags, sizeof flags, NULL, 0, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    flags = 0x10;
    assert_int_equal(control(&p, VSERIAL_IOCTL_PURGE, &flags, sizeof flags, NULL, 0, NULL),
                     WUDF_STATUS_INVALID_PARAMETER);
    close_port(&p);
    assert_int_equal(harness_wait_log(*state, "msg=\"purge 0x3: 1 reads cancelled, 0 bytes dropped\"", 0, T), 0);
}

/* The device's DEVICEMAP values as the tool lists them: 1 when entry is among them. */
static int listed(harness *h, const char *device, const char *entry)
{
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "property", NULL);
    wudf_kv_add(&req, "device", device, NULL);
    wudf_kv_add(&req, "root", "map", NULL);
    assert_int_equal(harness_tool_kv(h, &req, &reply), 0);
    int found = 0;
    for (size_t i = 0; i < reply.count; i++) {
        assert_true(strcmp(reply.keys[i], "device") == 0 || strcmp(reply.keys[i], "reg.map") == 0);
        found |= strcmp(reply.keys[i], "reg.map") == 0 && strcmp(reply.values[i], entry) == 0;
    }
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return found;
}

static char *read_store(harness *h)
{
    char path[700];
    snprintf(path, sizeof path, "%s/devices.db", h->state);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *text = calloc(1, 1 << 20);
    assert_non_null(text);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void serialcomm_lists_the_port_while_it_runs(void **state)
{
    harness *h = *state;
    assert_true(listed(h, DEVICE, LISTED));

    /* wudfctl shows it where Windows keeps it */
    harness_child out;
    char prog[1024];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--endpoint", h->endpoint, "property", DEVICE, "--key", "map", NULL};
    assert_int_equal(harness_run(&out, args, 30000), 0);
    assert_non_null(strstr(out.buffer, "map:\\SERIALCOMM"));
    assert_non_null(strstr(out.buffer, "\\Device\\VSerial0"));
    assert_non_null(strstr(out.buffer, "COM7"));

    /* Never in the device store: a write there (the tool's) saves the store, without it. */
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "property", NULL);
    wudf_kv_add(&req, "device", DEVICE, NULL);
    wudf_kv_add(&req, "action", "set", NULL);
    wudf_kv_add(&req, "root", "hw", NULL);
    wudf_kv_add(&req, "entry", ";Spare;dword;1", NULL);
    assert_int_equal(harness_tool_kv(h, &req, &reply), 0);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    char *store = read_store(h);
    assert_non_null(strstr(store, "Spare"));
    assert_null(strstr(store, "reg.map"));
    assert_null(strstr(store, "SERIALCOMM"));
    free(store);

    /* stopped: OnReleaseHardware took it out */
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "disable", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    assert_false(listed(h, DEVICE, LISTED));
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "enable", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    assert_true(listed(h, DEVICE, LISTED));

    /* a restart takes it out and puts it back */
    size_t mark = harness_log_mark(h);
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "restart", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    assert_true(listed(h, DEVICE, LISTED));
    assert_int_equal(harness_wait_log(h, "event=property-changed device=" DEVICE " op=delete key=reg.map", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "event=property-changed device=" DEVICE " op=set key=reg.map", mark, T), 0);

    /* a host that died kept no OnReleaseHardware: its successor finds the entry, as it was */
    mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, DEVICE) > 0);
    assert_int_equal(harness_wait_state(h, DEVICE, "started", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"SERIALCOMM already lists \\\\Device\\\\VSerial0 as COM7\"", mark, T), 0);
    assert_true(listed(h, DEVICE, LISTED));

    /* a new reflector starts with an empty map, which the driver fills again */
    assert_int_equal(harness_stop(h, 15000), 0);
    store = read_store(h);
    assert_null(strstr(store, "reg.map"));
    free(store);
    mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, DEVICE, "started", mark, T), 0);
    assert_true(listed(h, DEVICE, LISTED));
    assert_int_equal(harness_log_count(h, "already lists", mark), 0);
}

static void a_later_device_takes_a_value_name(void **state)
{
    harness *h = *state;
    /* a second port, COM8, whose Device Parameters give it the first one's device name */
    const char *entries[] = {";PortName;sz;COM8", ";DeviceName;sz;\\Device\\VSerial0", NULL};
    char device[64];
    size_t mark = harness_log_mark(h);
    assert_int_equal(install(h, entries, device, sizeof device), 0);
    assert_string_equal(device, SECOND);
    assert_int_equal(harness_wait_log(h, "event=devicemap-replaced device=" SECOND " previous=" DEVICE
                                         " map=SERIALCOMM", mark, T), 0);
    assert_true(listed(h, SECOND, "SERIALCOMM;\\Device\\VSerial0;sz;COM8"));
    assert_false(listed(h, DEVICE, LISTED));

    /* removed, it takes its values with it; the first device's value stays overwritten, as in one key */
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "remove", SECOND, &reply), 0);
    wudf_kv_free(&reply);
    assert_false(listed(h, DEVICE, LISTED));
    /* until the first device writes it again */
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "restart", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    assert_true(listed(h, DEVICE, LISTED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(settings_come_back_as_set),
        cmocka_unit_test(wrong_settings_are_refused),
        cmocka_unit_test(what_is_written_is_read_back),
        cmocka_unit_test(wait_on_mask_completes_when_data_arrives),
        cmocka_unit_test(purge_drops_data_and_cancels_waiting_reads),
        cmocka_unit_test(serialcomm_lists_the_port_while_it_runs),
        cmocka_unit_test(a_later_device_takes_a_value_name),
    };
    return cmocka_run_group_tests_name("vserial", tests, start, stop);
}
