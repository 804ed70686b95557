/*
 * The fault campaign's injector: one fault at a time on a faulty device,
 * checked against what the framework promises for its kind, then the time
 * until the device serves again (or its failure with problem 43, which the
 * campaign answers with a restart, as an operator would).
 */
#include <stdlib.h>
#include <string.h>

#include "campaign_internal.h"
#include "client_internal.h"

typedef enum outcome { ENDS_HOST, ABSORBED } outcome;

static outcome expected(unsigned kind)
{
    switch (kind) {
    case FAULTY_COMPLETE_TWICE:
    case FAULTY_OVERSIZE:
    case FAULTY_FLOOD:
        return ABSORBED;
    default:
        return ENDS_HOST;
    }
}

/* A tool request; status, reply in out (caller frees). */
static int32_t tool(const campaign_options *o, const char *op, const char *device, wudf_kv *out)
{
    wudf_client *c;
    wudf_kv req;
    wudf_kv_init(&req);
    wudf_kv_init(out);
    wudf_kv_add(&req, "op", op, NULL);
    if (device)
        wudf_kv_add(&req, "device", device, NULL);
    int32_t status = WUDF_STATUS_UNSUCCESSFUL;
    if (wudf_client_connect_role(o->endpoint, WUDF_ROLE_TOOL, &c) >= 0)
        wudf_client_tool(c, &req, 60000, &status, out);
    wudf_disconnect(c);
    wudf_kv_free(&req);
    return status;
}

static long long tool_number(const campaign_options *o, const char *op, const char *device, const char *key)
{
    wudf_kv out;
    long long v = -1;
    if (tool(o, op, device, &out) >= 0 && wudf_kv_get(&out, key))
        v = atoll(wudf_kv_get(&out, key));
    wudf_kv_free(&out);
    return v;
}

/* One request on a fresh open; its status (the open's if that failed). */
static wudf_status one_request(const campaign_options *o, const char *device, uint32_t code, const void *in,
                               uint32_t in_len, void *out, uint32_t out_len, uint32_t *information,
                               uint32_t timeout_ms)
{
    wudf_client *c;
    wudf_handle f;
    wudf_status st = wudf_connect(o->endpoint, &c);
    if (st >= 0)
        st = wudf_open(c, device, o->bound_ms, &f);
    if (st >= 0)
        st = wudf_ioctl(c, f, code, in, in_len, out, out_len, information, timeout_ms);
    wudf_disconnect(c);
    return st;
}

/* Waits until the device serves a loopback again; ms from start, or -1 (with *failed if problem 43). */
static double wait_serving(const campaign_options *o, const char *device, uint64_t start, int *failed)
{
    *failed = 0;
    while (campaign_ms_since(start) < o->bound_ms) {
        uint32_t probe = 0x5eed, back = 0, n = 0;
        if (one_request(o, device, IOCTL_FAULTY_LOOPBACK, &probe, 4, &back, 4, &n, o->bound_ms) >= 0 && back == probe)
            return campaign_ms_since(start);
        wudf_kv out;
        if (tool(o, "status", device, &out) >= 0 && wudf_kv_get(&out, "problem") &&
            atoi(wudf_kv_get(&out, "problem")) == 43) {
            wudf_kv_free(&out);
            *failed = 1;
            return -1;
        }
        wudf_kv_free(&out);
        uv_sleep(1); /* pacing between fresh probes */
    }
    return -1;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Protocol violations on the host channel. A fast-path request completes through its ring, not
 * that channel, so the request that triggered one may complete before the reflector reads the
 * violation: success is then a fair answer, but the host must still be recycled. */
static int channel_violation(unsigned kind)
{
    return kind == FAULTY_GARBAGE || kind == FAULTY_FOREIGN_COMPLETE;
}

/* Waits until device's host is no longer pid: 0, or -1 after the bound. */
static int wait_recycled(const campaign_options *o, const char *device, long long pid)
{
    uint64_t start = uv_hrtime();
    while (campaign_ms_since(start) < o->bound_ms) {
        if (tool_number(o, "status", device, "host_pid") != pid)
            return 0;
        uv_sleep(1); /* pacing between status queries */
    }
    return -1;
}

static int stuck(unsigned kind)
{
    return kind == FAULTY_HANG || kind == FAULTY_BUSY_LOOP || kind == FAULTY_NEVER_COMPLETE;
}

/* Uniform over the chosen kinds, except that the stuck ones, which cost a client timeout plus the
 * reflector's critical timeout each, come a third as often when every kind is chosen. */
static unsigned pick_kind(const campaign_options *o, uint32_t *rng)
{
    unsigned mask = o->kinds_mask ? o->kinds_mask : ((1u << FAULTY_SLOW_START) - 2u);
    for (;;) {
        *rng = *rng * 1664525u + 1013904223u;
        unsigned k = 1 + (*rng >> 8) % (FAULTY_KIND_COUNT - 1);
        if (!(mask & (1u << k)))
            continue;
        if (!o->kinds_mask && stuck(k) && (*rng >> 4) % 3 != 0)
            continue;
        return k;
    }
}

static int fault(const campaign_options *o, campaign_result *r, double *recovery, unsigned i, uint32_t *rng,
                 char *failure, size_t size)
{
    const char *device = o->faulty[i % o->faulty_count];
    unsigned kind = pick_kind(o, rng);
    struct faulty_inject inject = {kind, 0};
    if (kind == FAULTY_EXIT)
        inject.arg = 3;
    if (kind == FAULTY_ALLOC_UNBOUNDED)
        inject.arg = 64; /* MiB: the bound keeps CI quick; the limit path is in docs/security.md */
    uint8_t out[64];
    uint32_t n = 0;
    long long pid = channel_violation(kind) ? tool_number(o, "status", device, "host_pid") : 0;
    uint64_t start = uv_hrtime();
    wudf_status st = one_request(o, device, IOCTL_FAULTY_INJECT, &inject, sizeof inject, out, 16, &n,
                                 o->request_timeout_ms);
    double call_ms = campaign_ms_since(start);
    if (call_ms > r->max_call_ms)
        r->max_call_ms = call_ms;
    r->injected[kind]++;
    static const char *const names[] = FAULTY_KIND_NAMES;
    if (call_ms > o->bound_ms) {
        snprintf(failure, size, "fault %u (%s on %s): the client waited %.0f ms", i, names[kind], device, call_ms);
        return -1;
    }
    if (expected(kind) == ABSORBED) {
        if (st != 0 || n > 16) {
            snprintf(failure, size, "fault %u (%s on %s): status 0x%08x, %u bytes", i, names[kind], device,
                     (unsigned)st, n);
            return -1;
        }
        r->absorbed++;
        return 0;
    }
    if (st == 0 && channel_violation(kind)) {
        if (wait_recycled(o, device, pid)) {
            snprintf(failure, size, "fault %u (%s on %s): the host was not recycled", i, names[kind], device);
            return -1;
        }
    } else if (st != WUDF_STATUS_DRIVER_PROCESS_TERMINATED) {
        snprintf(failure, size, "fault %u (%s on %s): status 0x%08x, not STATUS_DRIVER_PROCESS_TERMINATED", i,
                 names[kind], device, (unsigned)st);
        return -1;
    }
    int failed;
    double ms = wait_serving(o, device, start, &failed);
    if (failed) {
        /* The restart policy gave up on it (problem 43): an operator's restart brings it back. */
        r->policy_failures++;
        wudf_kv out_kv;
        int32_t rs = tool(o, "restart", device, &out_kv);
        wudf_kv_free(&out_kv);
        if (rs < 0 || wait_serving(o, device, uv_hrtime(), &failed) < 0) {
            snprintf(failure, size, "fault %u (%s on %s): no service after a restart from problem 43", i,
                     names[kind], device);
            return -1;
        }
        return 0;
    }
    if (ms < 0) {
        snprintf(failure, size, "fault %u (%s on %s): not serving again after %u ms", i, names[kind], device,
                 o->bound_ms);
        return -1;
    }
    recovery[r->recoveries++] = ms;
    return 0;
}

int campaign_run(const campaign_options *o, campaign_result *r, char *failure, size_t size)
{
    memset(r, 0, sizeof *r);
    failure[0] = '\0';
    unsigned nclients = o->faulty_count * o->clients_per_device + o->healthy_clients;
    campaign_client *clients = calloc(nclients ? nclients : 1, sizeof *clients);
    double *recovery = calloc(o->faults ? o->faults : 1, sizeof *recovery);
    for (unsigned i = 0; i < nclients; i++) {
        campaign_client *c = &clients[i];
        c->options = o;
        c->index = i;
        c->healthy = i >= o->faulty_count * o->clients_per_device;
        c->device = c->healthy ? o->healthy : o->faulty[i % o->faulty_count];
        campaign_client_start(c);
    }
    uint64_t start = uv_hrtime();
    uint32_t rng = o->seed ? o->seed : 1;
    int rc = 0;
    for (unsigned i = 0; i < o->faults && !rc; i++) {
        if (o->budget_ms && campaign_ms_since(start) >= o->budget_ms) {
            r->budget_spent = 1;
            break;
        }
        if (i == (o->faults < 20 ? 0 : 20))
            r->rss_start_kib = tool_number(o, "info", NULL, "rss_kib");
        rc = fault(o, r, recovery, i, &rng, failure, size);
        if (o->verbose && (i + 1) % 100 == 0)
            fprintf(stderr, "wudffault: %u faults, %u recoveries, %.1f s\n", i + 1, r->recoveries,
                    campaign_ms_since(start) / 1000);
        for (unsigned k = 0; k < nclients && !rc; k++)
            if (clients[k].healthy && clients[k].failure[0]) {
                snprintf(failure, size, "%s", clients[k].failure);
                rc = -1;
            }
    }
    for (unsigned i = 0; i < nclients; i++) {
        campaign_client *c = &clients[i];
        campaign_client_join(c);
        r->lost += c->lost;
        r->duplicated += c->duplicated;
        r->healthy_errors += c->errors;
        if (c->healthy)
            r->healthy_requests += c->completed;
        else
            r->background_requests += c->completed;
        if (c->max_call_ms > r->max_call_ms)
            r->max_call_ms = c->max_call_ms;
        if (!rc && (c->lost || c->duplicated || (c->healthy && c->failure[0]))) {
            snprintf(failure, size, "%s", c->failure);
            rc = -1;
        }
    }
    r->rss_end_kib = tool_number(o, "info", NULL, "rss_kib");
    r->seconds = campaign_ms_since(start) / 1000;
    if (r->recoveries) {
        qsort(recovery, r->recoveries, sizeof *recovery, by_value);
        r->median_recovery_ms = recovery[r->recoveries / 2];
        r->p99_recovery_ms = recovery[(r->recoveries * 99) / 100 < r->recoveries ? (r->recoveries * 99) / 100 : r->recoveries - 1];
        r->max_recovery_ms = recovery[r->recoveries - 1];
    }
    free(recovery);
    free(clients);
    return rc;
}

unsigned campaign_injected(const campaign_result *r)
{
    unsigned total = 0;
    for (unsigned k = 1; k < FAULTY_KIND_COUNT; k++)
        total += r->injected[k];
    return total;
}

void campaign_print(const campaign_options *o, const campaign_result *r, FILE *out)
{
    static const char *const names[] = FAULTY_KIND_NAMES;
    unsigned total = campaign_injected(r);
    fprintf(out, "fault campaign: %u faults on %u faulty devices in %.1f s (seed %u)\n", total, o->faulty_count,
            r->seconds, o->seed);
    if (r->budget_spent)
        fprintf(out, "  stopped at its time budget of %.0f s, before the %u faults asked\n", o->budget_ms / 1000.0,
                o->faults);
    for (unsigned k = 1; k < FAULTY_KIND_COUNT; k++)
        if (r->injected[k])
            fprintf(out, "  %-18s %6u\n", names[k], r->injected[k]);
    fprintf(out, "recoveries (host recycled, device serving again): %u\n", r->recoveries);
    fprintf(out, "  fault to serving again: median %.2f ms, p99 %.2f ms, max %.2f ms\n", r->median_recovery_ms,
            r->p99_recovery_ms, r->max_recovery_ms);
    fprintf(out, "failed with problem 43 by the restart policy, then restarted: %u\n", r->policy_failures);
    fprintf(out, "driver bugs absorbed by the host (no recycle): %u\n", r->absorbed);
    fprintf(out, "background requests completed on faulty devices: %llu\n", (unsigned long long)r->background_requests);
    fprintf(out, "healthy device: %llu requests, %u errors\n", (unsigned long long)r->healthy_requests,
            r->healthy_errors);
    fprintf(out, "lost completions: %u, duplicated completions: %u\n", r->lost, r->duplicated);
    fprintf(out, "slowest client call: %.0f ms (bound %u ms)\n", r->max_call_ms, o->bound_ms);
    fprintf(out, "reflector resident memory: %lld KiB after warm-up, %lld KiB at the end\n", r->rss_start_kib,
            r->rss_end_kib);
}
