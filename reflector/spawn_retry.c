/*
 * A host that could not be started for want of a resource (descriptors, processes, memory) is
 * started again a moment later, for as long as the shortage lasts: a flood that ends, or a limit
 * raised, must not leave the device failed for good. The devnode keeps its state (starting or
 * restarting) meanwhile, and its last failure says why and when the next attempt comes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "reflector.h"

#define FIRST_RETRY_MS 100u
#define LAST_RETRY_MS 5000u

typedef struct spawn_retry {
    uv_timer_t timer;
    wudf_list link;
    char instance_id[300]; /* looked up again when it fires: the devnode may be gone by then */
} spawn_retry;

static wudf_list retries = {&retries, &retries};

static int is_shortage(int uv_error)
{
    return uv_error == UV_EMFILE || uv_error == UV_ENFILE || uv_error == UV_EAGAIN || uv_error == UV_ENOMEM;
}

static void on_closed(uv_handle_t *handle)
{
    free(handle->data);
}

static void end(spawn_retry *s)
{
    wudf_list_remove(&s->link);
    uv_close((uv_handle_t *)&s->timer, on_closed);
}

static void on_due(uv_timer_t *timer)
{
    spawn_retry *s = timer->data;
    wudf_devnode *d = wudf_devnode_find(g_reflector, s->instance_id);
    end(s);
    if (d)
        wudf_supervisor_spawn_again(d);
}

int wudf_spawn_retry(wudf_devnode *d, int uv_error, const char *why)
{
    if (!is_shortage(uv_error) || g_reflector->shutting_down)
        return 0;
    spawn_retry *s = calloc(1, sizeof *s);
    if (!s)
        return 0;
    d->spawn_retry_ms = d->spawn_retry_ms ? d->spawn_retry_ms * 2 : FIRST_RETRY_MS;
    if (d->spawn_retry_ms > LAST_RETRY_MS)
        d->spawn_retry_ms = LAST_RETRY_MS;
    snprintf(s->instance_id, sizeof s->instance_id, "%s", d->instance_id);
    uv_timer_init(g_reflector->loop, &s->timer);
    s->timer.data = s;
    wudf_list_add_tail(&retries, &s->link);
    uv_timer_start(&s->timer, on_due, d->spawn_retry_ms, 0);
    snprintf(d->last_failure, sizeof d->last_failure, "%s; starting again in %u ms", why, d->spawn_retry_ms);
    wudf_utc_time(d->last_failure_time, sizeof d->last_failure_time, 0);
    char q[400];
    wudf_log(WUDF_LOG_WARN, "host-spawn-retry", "device=%s state=%s status=%s retry_ms=%u reason=%s", d->instance_id,
             wudf_devnode_state_name(d), uv_err_name(uv_error), d->spawn_retry_ms, wudf_log_quote(q, sizeof q, why));
    return 1;
}

void wudf_spawn_retry_stop_all(void)
{
    while (!wudf_list_empty(&retries))
        end(WUDF_CONTAINER_OF(retries.next, spawn_retry, link));
}
