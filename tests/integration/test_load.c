/*
 * Load: 64 clients on 4 devices at once, mixed sizes, cancels, graceful
 * disconnects with requests in flight and clients killed with requests
 * pending. Every request a client still waits for completes exactly once
 * with the right data; afterwards no device holds a file or a request, and
 * the reflector exits clean (the ASan build checks leaks at its exit).
 * WUDF_LOAD_REQUESTS sets the requests per client (default 120).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "echo_ioctl.h"
#include "fixture.h"
#include "platform.h"

#define CLIENTS 64
#define DEVICES 4
#define WINDOW 8
#define KILLED 8

typedef struct slot {
    int kind;              /* 0 loopback, 1 write, 2 read, 3 pend (cancelled) */
    uint32_t size;
    uint8_t *in, *out;
    unsigned done;
    wudf_status status;
    uint64_t information;
    wudf_request_id id;
} slot;

typedef struct worker {
    harness *h;
    unsigned index;
    unsigned requests;
    unsigned completed, abandoned, reconnects;
    char failure[256];
} worker;

static unsigned next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

static void on_done(wudf_client *c, wudf_request_id id, wudf_status status, uint64_t information, void *context)
{
    (void)c;
    (void)id;
    slot *s = context;
    s->done++;
    s->status = status;
    s->information = information;
}

/* Checks one completed request; 0, or -1 with the failure written. */
static int check(worker *w, const slot *s)
{
    const char *why = NULL;
    if (s->done != 1)
        why = "completed more than once";
    else if (s->kind == 3 && s->status != WUDF_STATUS_CANCELLED)
        why = "cancelled request did not end with STATUS_CANCELLED";
    else if (s->kind != 3 && s->status != 0)
        why = "request failed";
    else if ((s->kind == 0 || s->kind == 1) && s->information != s->size)
        why = "wrong byte count";
    else if (s->kind == 0 && memcmp(s->in, s->out, s->size) != 0)
        why = "loopback returned other data";
    if (why)
        snprintf(w->failure, sizeof w->failure, "client %u: %s (kind %d, size %u, status 0x%08x)", w->index, why,
                 s->kind, s->size, (unsigned)s->status);
    return why ? -1 : 0;
}

static void slot_free(slot *s)
{
    free(s->in);
    free(s->out);
    free(s);
}

static wudf_status issue(wudf_client *c, wudf_handle f, slot *s)
{
    switch (s->kind) {
    case 0:
        return wudf_ioctl_async(c, f, IOCTL_ECHO_LOOPBACK, s->in, s->size, s->out, s->size, on_done, s, &s->id);
    case 1:
        return wudf_write_async(c, f, s->in, s->size, 0, on_done, s, &s->id);
    case 2:
        return wudf_read_async(c, f, s->out, s->size, 0, on_done, s, &s->id);
    default: {
        wudf_status st = wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, on_done, s, &s->id);
        return st < 0 ? st : wudf_cancel(c, s->id);
    }
    }
}

static slot *new_slot(uint32_t *rng)
{
    slot *s = calloc(1, sizeof *s);
    unsigned r = next_random(rng) % 10;
    s->kind = r < 6 ? 0 : r < 8 ? 1 : r < 9 ? 2 : 3;
    s->size = s->kind == 0 ? 1 + next_random(rng) % 4096 : s->kind == 3 ? 0 : 1 + next_random(rng) % 65536;
    s->in = malloc(s->size + 1);
    s->out = malloc(s->size + 1);
    for (uint32_t i = 0; i < s->size; i++)
        s->in[i] = (uint8_t)next_random(rng);
    return s;
}

static void client_main(void *arg)
{
    worker *w = arg;
    uint32_t rng = 0x9e3779b9u * (w->index + 1);
    char device[32];
    snprintf(device, sizeof device, "ROOT\\ECHO\\%04u", w->index % DEVICES);
    slot *window[WINDOW] = {0};
    unsigned issued = 0;
    while (issued < w->requests && !w->failure[0]) {
        wudf_client *c;
        wudf_handle f;
        if (wudf_connect(w->h->endpoint, &c) < 0 || wudf_open(c, device, 30000, &f) < 0) {
            snprintf(w->failure, sizeof w->failure, "client %u: cannot open %s: %s", w->index, device,
                     wudf_client_error(c));
            wudf_disconnect(c);
            break;
        }
        /* A third of the clients leave once midway with requests in flight. */
        unsigned leave_at = w->index % 3 == 0 && !w->reconnects ? issued + w->requests / 2 : w->requests;
        while (issued < leave_at && !w->failure[0]) {
            for (unsigned i = 0; i < WINDOW && issued < leave_at; i++)
                if (!window[i]) {
                    window[i] = new_slot(&rng);
                    if (issue(c, f, window[i]) < 0) {
                        snprintf(w->failure, sizeof w->failure, "client %u: cannot send: %s", w->index,
                                 wudf_client_error(c));
                        break;
                    }
                    issued++;
                }
            if (wudf_poll(c, 1000) < 0)
                snprintf(w->failure, sizeof w->failure, "client %u: connection lost", w->index);
            for (unsigned i = 0; i < WINDOW; i++)
                if (window[i] && window[i]->done) {
                    if (check(w, window[i]) == 0)
                        w->completed++;
                    slot_free(window[i]);
                    window[i] = NULL;
                }
        }
        int leaving = issued < w->requests;
        /* Drain what is left, unless this is the midway departure. */
        uint64_t deadline = uv_hrtime() + 30000ull * 1000000u;
        while (!leaving && wudf_outstanding(c) && uv_hrtime() < deadline && wudf_poll(c, 1000) >= 0)
            ;
        wudf_disconnect(c);
        for (unsigned i = 0; i < WINDOW; i++)
            if (window[i]) {
                if (leaving && window[i]->done == 1 && window[i]->status == WUDF_STATUS_CANCELLED) {
                    w->abandoned++; /* still queued when its file was cleaned up: cancelled, as UMDF does */
                } else if (window[i]->done) {
                    if (check(w, window[i]) == 0)
                        w->completed++;
                } else if (leaving) {
                    w->abandoned++;
                } else if (!w->failure[0]) {
                    snprintf(w->failure, sizeof w->failure, "client %u: a request never completed", w->index);
                }
                slot_free(window[i]);
                window[i] = NULL;
            }
        if (leaving)
            w->reconnects++;
    }
}

static unsigned env_requests(void)
{
    const char *v = getenv("WUDF_LOAD_REQUESTS");
    return v && atoi(v) > 0 ? (unsigned)atoi(v) : 120;
}

static void sixty_four_clients_on_four_devices_lose_nothing(void **state)
{
    harness *h = *state;
    char id[300];
    for (unsigned i = 1; i < DEVICES; i++) {
        assert_true(harness_install(h, "echo.inf", NULL, id, sizeof id) >= 0);
        assert_int_equal(harness_wait_state(h, id, "started", 0, 20000), 0);
    }
    /* Clients killed with a request pending, on every device. */
    harness_child killed[KILLED];
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/hold_open%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    for (unsigned i = 0; i < KILLED; i++) {
        snprintf(id, sizeof id, "ROOT\\ECHO\\%04u", i % DEVICES);
        const char *args[] = {prog, h->endpoint, id, NULL};
        assert_true(harness_child_start(&killed[i], args, "ready", 20000) > 0);
    }
    worker workers[CLIENTS];
    uv_thread_t threads[CLIENTS];
    unsigned requests = env_requests();
    for (unsigned i = 0; i < CLIENTS; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].h = h;
        workers[i].index = i;
        workers[i].requests = requests;
        assert_int_equal(uv_thread_create(&threads[i], client_main, &workers[i]), 0);
    }
    for (unsigned i = 0; i < KILLED; i++)
        assert_int_equal(harness_child_kill(&killed[i]), 0);
    unsigned completed = 0, abandoned = 0;
    for (unsigned i = 0; i < CLIENTS; i++) {
        uv_thread_join(&threads[i]);
        completed += workers[i].completed;
        abandoned += workers[i].abandoned;
    }
    for (unsigned i = 0; i < CLIENTS; i++)
        if (workers[i].failure[0])
            fail_msg("%s", workers[i].failure);
    print_message("%u requests completed and checked, %u cancelled or dropped by departing clients\n", completed,
                  abandoned);
    assert_true(completed + abandoned >= CLIENTS * requests - CLIENTS * WINDOW);

    /* Nothing held anywhere once the departed clients' files are torn down. */
    wudf_client *c = harness_client(h);
    for (unsigned d = 0; d < DEVICES; d++) {
        snprintf(id, sizeof id, "ROOT\\ECHO\\%04u", d);
        uint64_t deadline = uv_hrtime() + 20000ull * 1000000u;
        long long files = -1, pending = -1;
        while (uv_hrtime() < deadline) {
            files = harness_field_number(h, id, "open_files");
            pending = harness_field_number(h, id, "pending");
            if (files == 0 && pending == 0)
                break;
            harness_wait_log(h, "event=file-close", harness_log_mark(h), 200);
        }
        assert_int_equal(files, 0);
        assert_int_equal(pending, 0);
        wudf_handle f;
        struct echo_stats s;
        uint32_t n;
        assert_int_equal(wudf_open(c, id, 10000, &f), 0);
        assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, &s, sizeof s, &n, 10000), 0);
        assert_int_equal(s.pended, 0);
        assert_int_equal(s.open_files, 1);
        assert_int_equal(wudf_close(c, f), 0);
        assert_int_equal(harness_field_number(h, id, "restarts"), 0);
    }
    wudf_disconnect(c);
}

static int start(void **state)
{
    return fixture_start_with_echo(state, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sixty_four_clients_on_four_devices_lose_nothing, start, fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
