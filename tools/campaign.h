/*
 * The fault campaign: faults injected into faulty devices while clients use
 * them and a healthy echo device, with every promise of the framework
 * checked on the way (see docs/reliability.md). tools/wudffault runs long
 * campaigns; tests/integration/test_faults.c runs a short one in CI.
 */
#ifndef OPENWUDF_CAMPAIGN_H
#define OPENWUDF_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "faulty_ioctl.h"

#define CAMPAIGN_MAX_FAULTY 8

typedef struct campaign_options {
    const char *endpoint;
    const char *faulty[CAMPAIGN_MAX_FAULTY]; /* instance ids of installed faulty devices */
    unsigned faulty_count;
    const char *healthy;          /* instance id of an installed echo device */
    unsigned faults;              /* how many to inject */
    uint32_t budget_ms;           /* no fault begins after this long (0: none): a loaded machine injects fewer */
    uint32_t seed;
    uint32_t request_timeout_ms;  /* a client's own timeout on the inject request */
    uint32_t bound_ms;            /* every client call must return within this */
    unsigned clients_per_device;  /* background clients on each faulty device */
    unsigned healthy_clients;
    unsigned kinds_mask;          /* bit per enum faulty_kind; 0 = every kind a client can inject */
    int verbose;
} campaign_options;

typedef struct campaign_result {
    unsigned injected[FAULTY_KIND_COUNT];
    unsigned recoveries;          /* host recycled and the device served again */
    unsigned policy_failures;     /* device failed with problem 43, then restarted by the campaign */
    unsigned absorbed;            /* driver bugs the host absorbed without a recycle */
    double median_recovery_ms, p99_recovery_ms, max_recovery_ms;
    double max_call_ms;           /* slowest client call of all */
    uint64_t background_requests; /* completed on the faulty devices */
    uint64_t healthy_requests;    /* completed on the healthy device, every one checked */
    unsigned lost;                /* requests that never completed */
    unsigned duplicated;          /* requests completed more than once */
    unsigned healthy_errors;
    long long rss_start_kib, rss_end_kib; /* the reflector's, after warm-up and at the end */
    int budget_spent;             /* the time budget ended the campaign before o->faults */
    double seconds;
} campaign_result;

/* Runs the campaign; 0 when every check held, else -1 with the first broken promise in failure. */
int campaign_run(const campaign_options *o, campaign_result *r, char *failure, size_t size);
void campaign_print(const campaign_options *o, const campaign_result *r, FILE *out);
/* The faults injected, of every kind. */
unsigned campaign_injected(const campaign_result *r);

#endif
