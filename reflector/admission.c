/*
 * Who gets in, and for how long: the bounds that keep one peer from using up
 * the reflector. A connection is refused when there are --max-connections
 * already (administrators keep a reserve beyond it, so that wudfctl still
 * works during a flood) or its user has --max-connections-per-user; a peer
 * must say hello within --hello-timeout-ms and finish each message it starts
 * within --message-timeout-ms; the buffers of all partial messages together
 * stay under --max-partial-mb. Refusals are logged, a few lines a second at
 * most, with how many were not.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "platform.h"
#include "reflector.h"

/* What every connection may buffer without being counted: a read's first 64 KiB. */
#define FREE_BUFFER (64u * 1024u)
#define SWEEP_MS 250u
#define REFUSAL_LINES_PER_SECOND 5u
#define TROUBLE_LINES_PER_SECOND 20u

static uv_timer_t sweep_timer;
static int sweep_running;
static size_t partial_bytes;  /* buffers of external connections beyond their free 64 KiB */
static wudf_log_limit refusal_limit;
static wudf_log_limit trouble_limit; /* protocol errors and disconnects of clients and tools */

static int is_external(const wudf_conn *c)
{
    return !c->sink && c->kind != WUDF_CONN_HOST;
}

static void count(const wudf_reflector *r, const wudf_conn *c, unsigned *all, unsigned *same_user)
{
    *all = *same_user = 0;
    const wudf_list *pos;
    for (pos = r->conns.next; pos != &r->conns; pos = pos->next) {
        const wudf_conn *o = WUDF_CONTAINER_OF(pos, wudf_conn, link);
        if (o == c || o->closing || !is_external(o))
            continue;
        (*all)++;
        if (o->peer.uid == c->peer.uid)
            (*same_user)++;
    }
}

static void refuse(wudf_conn *c, const char *reason, unsigned connections)
{
    unsigned dropped = 0;
    char q[200];
    if (wudf_log_limit_pass(&refusal_limit, REFUSAL_LINES_PER_SECOND, &dropped))
        wudf_log(WUDF_LOG_WARN, "connection-refused", "conn=%llu pid=%lld uid=%lld connections=%u reason=%s dropped=%u",
                 (unsigned long long)c->serial, (long long)c->peer.pid, (long long)c->peer.uid, connections,
                 wudf_log_quote(q, sizeof q, reason), dropped);
    c->quiet_close = 1; /* the refusal line says it all */
    wudf_conn_close(c, reason);
}

int wudf_admission_accept(wudf_reflector *r, wudf_conn *c)
{
    const wudf_config *cfg = &r->config;
    unsigned all, same_user;
    count(r, c, &all, &same_user);
    char why[160];
    int admin = wudf_peer_is_admin(&c->peer);
    if (all >= cfg->max_connections + (admin ? WUDF_ADMIN_RESERVE : 0)) {
        snprintf(why, sizeof why, "%u connections already (--max-connections %u)", all, cfg->max_connections);
        refuse(c, why, all);
        return -1;
    }
    if (!admin && same_user >= cfg->max_connections_per_user) {
        snprintf(why, sizeof why, "uid %lld has %u connections already (--max-connections-per-user %u)",
                 (long long)c->peer.uid, same_user, cfg->max_connections_per_user);
        refuse(c, why, all);
        return -1;
    }
    c->accepted_ms = wudf_now_ms();
    return 0;
}

void wudf_admission_over_budget(const wudf_conn *c, char *why, size_t size)
{
    (void)c;
    snprintf(why, size, "partial messages would hold more than %llu MiB (--max-partial-mb)",
             (unsigned long long)g_reflector->config.max_partial_mb);
}

int wudf_admission_buffer(wudf_conn *c, size_t capacity)
{
    if (!is_external(c))
        return 0;
    size_t counted = capacity > FREE_BUFFER ? capacity - FREE_BUFFER : 0;
    if (counted <= c->counted_buffer) {
        partial_bytes -= c->counted_buffer - counted;
        c->counted_buffer = counted;
        return 0;
    }
    size_t limit = (size_t)g_reflector->config.max_partial_mb << 20;
    if (partial_bytes + (counted - c->counted_buffer) > limit) {
        unsigned dropped = 0;
        if (wudf_log_limit_pass(&refusal_limit, REFUSAL_LINES_PER_SECOND, &dropped))
            wudf_log(WUDF_LOG_WARN, "memory-refused", "conn=%llu pid=%lld uid=%lld held_mb=%zu limit_mb=%llu dropped=%u",
                     (unsigned long long)c->serial, (long long)c->peer.pid, (long long)c->peer.uid,
                     partial_bytes >> 20, (unsigned long long)g_reflector->config.max_partial_mb, dropped);
        c->over_budget = 1;
        return -1;
    }
    partial_bytes += counted - c->counted_buffer;
    c->counted_buffer = counted;
    return 0;
}

void wudf_admission_progress(wudf_conn *c, int partial)
{
    if (!partial)
        c->partial_since_ms = 0;
    else if (!c->partial_since_ms)
        c->partial_since_ms = wudf_now_ms();
}

void wudf_admission_closed(wudf_conn *c)
{
    partial_bytes -= c->counted_buffer;
    c->counted_buffer = 0;
}

int wudf_admission_may_log(unsigned *dropped)
{
    return wudf_log_limit_pass(&trouble_limit, TROUBLE_LINES_PER_SECOND, dropped);
}

size_t wudf_admission_partial_bytes(void)
{
    return partial_bytes;
}

/* Counts of lines held back, said once their second is over even when no later line carries them. */
static void flush_counts(void)
{
    unsigned dropped;
    if (wudf_log_limit_flush(&refusal_limit, &dropped))
        wudf_log(WUDF_LOG_WARN, "lines-dropped", "kind=refusals count=%u", dropped);
    if (wudf_log_limit_flush(&trouble_limit, &dropped))
        wudf_log(WUDF_LOG_WARN, "lines-dropped", "kind=peer-errors count=%u", dropped);
}

static void on_sweep(uv_timer_t *t)
{
    wudf_reflector *r = t->data;
    uint64_t now = wudf_now_ms();
    flush_counts();
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->conns) {
        wudf_conn *c = WUDF_CONTAINER_OF(pos, wudf_conn, link);
        if (c->closing || !is_external(c) || !c->accepted_ms)
            continue;
        char why[120];
        if (c->kind == WUDF_CONN_NEW && now - c->accepted_ms > r->config.hello_timeout_ms) {
            snprintf(why, sizeof why, "no hello within %llu ms", (unsigned long long)r->config.hello_timeout_ms);
            wudf_conn_close(c, why);
        } else if (c->partial_since_ms && now - c->partial_since_ms > r->config.message_timeout_ms) {
            snprintf(why, sizeof why, "a message left unfinished for %llu ms",
                     (unsigned long long)r->config.message_timeout_ms);
            wudf_conn_close(c, why);
        }
    }
}

void wudf_admission_start(wudf_reflector *r)
{
    uv_timer_init(r->loop, &sweep_timer);
    sweep_timer.data = r;
    uv_timer_start(&sweep_timer, on_sweep, SWEEP_MS, SWEEP_MS);
    uv_unref((uv_handle_t *)&sweep_timer);
    sweep_running = 1;
}

void wudf_admission_stop(void)
{
    if (sweep_running && !uv_is_closing((uv_handle_t *)&sweep_timer))
        uv_close((uv_handle_t *)&sweep_timer, NULL);
    sweep_running = 0;
}
