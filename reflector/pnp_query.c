/*
 * The query that comes before an orderly removal (IRP_MN_QUERY_REMOVE_DEVICE): `wudfctl remove`,
 * `disable` and `restart` first ask the device's drivers (IPnpCallback::OnQueryRemove, top of the stack
 * first) whether the device may go, as Windows asks before it removes, disables or restarts a device
 * (CM_Query_And_Remove_SubTree). One refusal keeps the device started with the same host: the tool
 * that asked is told which HRESULT refused, the devnode's waiters with it. An agreement lets the stop
 * go on (wudf_supervisor_stop, which asks the holders of remote files next). The driver store's
 * `update` and `delete-driver --uninstall` ask the same way. Nothing is asked when a device goes
 * without asking: a host that died, a USB device unplugged, the reflector shutting down (a system
 * shutdown sends no query-remove either).
 */
#include <stdio.h>

#include "log.h"
#include "reflector.h"

static int may_ask(const wudf_devnode *d, int then)
{
    const wudf_host *h = d->host;
    if (then != WUDF_STOP_THEN_REMOVE && then != WUDF_STOP_THEN_DISABLE && then != WUDF_STOP_THEN_RESTART)
        return 0;
    return !g_reflector->shutting_down && h && h->conn && h->state == WUDF_HOST_RUNNING && !h->querying;
}

void wudf_supervisor_query_stop(wudf_devnode *d, int then)
{
    if (!may_ask(d, then)) {
        wudf_supervisor_stop(d, then);
        return;
    }
    wudf_host *h = d->host;
    h->querying = 1;
    /* A callback that does not return is a hung host, as with any PnP request (on_tick). */
    h->deadline_ms = wudf_now_ms() + g_reflector->config.critical_timeout_ms;
    /* From now on a crash ends in what was asked for, and the device takes no new opens. */
    d->stop_then = then;
    wudf_devnode_set_state(d, WUDF_DN_STOPPING, d->problem);
    wudf_log(WUDF_LOG_INFO, "query-remove", "device=%s pid=%lld", d->instance_id, (long long)h->pid);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOP);
    m.minor = WUDF_STOP_MINOR_QUERY_REMOVE;
    m.device_id = d->handle;
    if (wudf_conn_send(h->conn, &m)) {
        h->querying = 0;
        h->deadline_ms = 0;
        wudf_supervisor_stop(d, then); /* the channel is going: the host's loss decides */
    }
}

/* The stop was for a disable: the device is enabled again, as it was before the tool asked. */
static void undo_disable(wudf_devnode *d, int then)
{
    wudf_error err;
    if (then != WUDF_STOP_THEN_DISABLE || d->enabled)
        return;
    d->enabled = 1;
    if (wudf_store_save(g_reflector, &err))
        wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
}

static const char *then_name(int then)
{
    return then == WUDF_STOP_THEN_REMOVE ? "remove" : then == WUDF_STOP_THEN_DISABLE ? "disable" : "restart";
}

/* Windows answers a vetoed query-remove with STATUS_PLUGPLAY_QUERY_VETOED (CM_Query_And_Remove_SubTree:
 * CR_REMOVE_VETOED), whoever vetoed: a driver of the device or, here, a host holding a remote file. */
void wudf_pnp_removal_vetoed(wudf_devnode *d, int then, const char *by, const char *message)
{
    d->stop_then = WUDF_STOP_THEN_NOTHING;
    undo_disable(d, then);
    char q[300];
    wudf_log(WUDF_LOG_WARN, "query-remove-vetoed", "device=%s for=%s by=%s", d->instance_id, then_name(then),
             wudf_log_quote(q, sizeof q, by));
    /* Waiters and jobs first: they hear of the veto, not that the device is started. */
    wudf_tool_answer_waiters(d, WUDF_STATUS_PLUGPLAY_QUERY_VETOED, message);
    wudf_driver_store_removal_vetoed(d, by);
    uint64_t started = d->started_ms; /* the same host runs on: its uptime goes on */
    wudf_devnode_set_state(d, WUDF_DN_STARTED, CM_PROB_NONE);
    d->started_ms = started;
}

static void refused(wudf_host *h, const wudf_msg *msg)
{
    wudf_devnode *d = h->devnode;
    char by[64], why[400];
    snprintf(by, sizeof by, "the driver (0x%08X)", (unsigned)(uint32_t)msg->information);
    snprintf(why, sizeof why, "%s: the driver refused the removal (0x%08X)", d->instance_id,
             (unsigned)(uint32_t)msg->information);
    wudf_pnp_removal_vetoed(d, d->stop_then, by, why);
}

void wudf_pnp_query_answer(wudf_host *h, const wudf_msg *msg)
{
    wudf_devnode *d = h->devnode;
    h->querying = 0;
    h->deadline_ms = 0;
    if (!d)
        return;
    if (msg->status < 0) {
        refused(h, msg);
        return;
    }
    wudf_log(WUDF_LOG_INFO, "query-remove-agreed", "device=%s", d->instance_id);
    wudf_supervisor_stop(d, d->stop_then);
}
