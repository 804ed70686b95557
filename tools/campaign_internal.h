/* What the campaign's files share: the client threads and their counters. */
#ifndef OPENWUDF_CAMPAIGN_INTERNAL_H
#define OPENWUDF_CAMPAIGN_INTERNAL_H

#include <uv.h>

#include "campaign.h"
#include "openwudf/client.h"

/* A thread that uses one device until told to stop. */
typedef struct campaign_client {
    const campaign_options *options;
    const char *device;
    unsigned index;
    int healthy;                  /* every request must succeed with the right data */
    volatile int stop;
    uv_thread_t thread;
    uint64_t completed;
    unsigned lost, duplicated, errors;
    double max_call_ms;
    char failure[256];
} campaign_client;

void campaign_client_start(campaign_client *c);
void campaign_client_join(campaign_client *c);

double campaign_ms_since(uint64_t start_ns);

#endif
