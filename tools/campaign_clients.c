/*
 * The campaign's clients. Background clients keep a few loopbacks and one
 * held request in flight on a faulty device and reopen it whenever its host
 * dies; each request must complete exactly once, within the bound. Healthy
 * clients run checked loopbacks on the echo device: not one may fail.
 */
#include <stdlib.h>
#include <string.h>

#include "campaign_internal.h"
#include "echo_ioctl.h"

#define WINDOW 4

typedef struct request {
    unsigned done;
    wudf_status status;
    uint64_t information;
    uint64_t sent_ns;
    uint32_t size;
    int held;
    wudf_request_id id;
    uint8_t in[256], out[256];
} request;

double campaign_ms_since(uint64_t start_ns)
{
    return (double)(uv_hrtime() - start_ns) / 1e6;
}

static void on_done(wudf_client *client, wudf_request_id id, wudf_status status, uint64_t information, void *ctx)
{
    (void)client;
    (void)id;
    request *r = ctx;
    r->done++;
    r->status = status;
    r->information = information;
}

static unsigned next_random(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void fail(campaign_client *c, const char *what, wudf_status status)
{
    if (!c->failure[0])
        snprintf(c->failure, sizeof c->failure, "%s client %u on %s: %s (status 0x%08x)",
                 c->healthy ? "healthy" : "background", c->index, c->device, what, (unsigned)status);
}

/* Accounts for a finished request; 1 if its file is no longer usable. */
static int settle(campaign_client *c, request *r)
{
    double ms = (double)(uv_hrtime() - r->sent_ns) / 1e6;
    if (ms > c->max_call_ms)
        c->max_call_ms = ms;
    if (r->done > 1) {
        c->duplicated++;
        fail(c, "a request completed twice", r->status);
    }
    c->completed++;
    if (r->status == 0 && !r->held && (r->information != r->size || memcmp(r->in, r->out, r->size) != 0))
        fail(c, "a loopback returned other data", r->status);
    return r->status != 0 && !(r->held && r->status == WUDF_STATUS_CANCELLED);
}

/* One session on one open file: until its host dies or the campaign stops. */
static void session(campaign_client *c, wudf_client *client, wudf_handle file, uint32_t *rng)
{
    request *window[WINDOW] = {0};
    int broken = 0;
    while (!c->stop && !broken) {
        for (unsigned i = 0; i < WINDOW && !broken; i++) {
            if (window[i])
                continue;
            request *r = calloc(1, sizeof *r);
            r->held = !c->healthy && i == 0;
            r->size = r->held ? 0 : 1 + next_random(rng) % sizeof r->in;
            for (uint32_t k = 0; k < r->size; k++)
                r->in[k] = (uint8_t)next_random(rng);
            r->sent_ns = uv_hrtime();
            uint32_t code = r->held ? IOCTL_FAULTY_HOLD : c->healthy ? IOCTL_ECHO_LOOPBACK : IOCTL_FAULTY_LOOPBACK;
            wudf_status st = wudf_ioctl_async(client, file, code, r->in, r->size, r->out, r->size, on_done, r, &r->id);
            if (st < 0) {
                free(r);
                broken = 1;
                if (c->healthy)
                    fail(c, "cannot send", st);
                break;
            }
            window[i] = r;
        }
        if (wudf_poll(client, 200) < 0)
            break;
        for (unsigned i = 0; i < WINDOW; i++)
            if (window[i] && window[i]->done) {
                if (settle(c, window[i])) {
                    broken = 1;
                    if (c->healthy) {
                        c->errors++;
                        fail(c, "a request failed", window[i]->status);
                    }
                }
                free(window[i]);
                window[i] = NULL;
            }
    }
    /* Let go of the held request, then every request still out must complete, within the bound. */
    for (unsigned i = 0; i < WINDOW; i++)
        if (window[i] && window[i]->held && !window[i]->done)
            wudf_cancel(client, window[i]->id);
    uint64_t start = uv_hrtime();
    while (wudf_outstanding(client) && campaign_ms_since(start) < c->options->bound_ms)
        if (wudf_poll(client, 200) < 0)
            break;
    for (unsigned i = 0; i < WINDOW; i++) {
        if (!window[i])
            continue;
        if (window[i]->done)
            settle(c, window[i]);
        else {
            c->lost++;
            fail(c, "a request never completed", 0);
        }
        free(window[i]);
    }
}

static void client_main(void *arg)
{
    campaign_client *c = arg;
    uint32_t rng = c->options->seed * 2654435761u + c->index;
    while (!c->stop) {
        wudf_client *client = NULL;
        wudf_handle file;
        uint64_t start = uv_hrtime();
        wudf_status st = wudf_connect(c->options->endpoint, &client);
        if (st >= 0)
            st = wudf_open(client, c->device, c->options->bound_ms, &file);
        double ms = campaign_ms_since(start);
        if (ms > c->max_call_ms)
            c->max_call_ms = ms;
        if (st < 0) {
            /* A faulty device between hosts refuses opens for a moment. */
            if (c->healthy)
                fail(c, "cannot open", st);
            wudf_disconnect(client);
            if (c->healthy)
                return;
            uv_sleep(2); /* pacing, not synchronisation: the next attempt is a fresh open */
            continue;
        }
        session(c, client, file, &rng);
        wudf_disconnect(client);
        if (c->healthy && c->failure[0])
            return;
    }
}

void campaign_client_start(campaign_client *c)
{
    uv_thread_create(&c->thread, client_main, c);
}

void campaign_client_join(campaign_client *c)
{
    c->stop = 1;
    uv_thread_join(&c->thread);
}
