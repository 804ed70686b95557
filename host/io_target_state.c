/*
 * An I/O target's state and the sends it decides on (io_target_state.h).
 * Sends to a stopped target wait in its queue: an asynchronous one on the
 * list (its deadline watched by the state's timer thread), a synchronous one
 * on its sender's stack, which sleeps until Start, its timeout, a cancel or
 * Remove. The semantics are WDF's (the open Windows-Driver-Frameworks
 * FxIoTarget: Started sends, Stopped queues, Deleted fails with
 * STATUS_INVALID_DEVICE_STATE; Stop waits only for I/O that did not ignore
 * the state; Remove cancels everything).
 */
#include "io_target_state.h"

#include <stdlib.h>

#include "hresult.h"
#include "log.h"

enum pended_outcome { PENDED_WAITING, PENDED_GO, PENDED_FAILED };

struct wudf_pended_send {
    wudf_list link;
    wudf_target_state *ts;
    wudf_request *request; /* referenced */
    ULONG flags;
    uint64_t deadline;     /* 0: none */
    int synchronous;
    int outcome;
    NTSTATUS status;
};

static void timer_main(void *arg);
static void resolve_all(wudf_list *list);

void wudf_target_state_init(wudf_target_state *ts, wudf_object *target, const wudf_target_ops *ops, const char *kind)
{
    ts->target = target;
    ts->ops = ops;
    ts->kind = kind;
    ts->state = WdfIoTargetStarted; /* the framework opens and starts a target as it makes it */
    wudf_list_init(&ts->pended);
    uv_cond_init(&ts->changed);
}

void wudf_target_state_destroy(wudf_target_state *ts)
{
    uv_cond_destroy(&ts->changed);
}

uint64_t wudf_send_deadline(ULONG flags, LONGLONG timeout)
{
    if (!(flags & WDF_REQUEST_SEND_OPTION_TIMEOUT) || timeout == 0)
        return 0;
    uint64_t units;
    if (timeout < 0) {
        units = timeout == INT64_MIN ? (uint64_t)INT64_MAX : (uint64_t)(-timeout);
    } else {
        uv_timeval64_t tv;
        uv_gettimeofday(&tv);
        /* FILETIME: 100 ns intervals since 1601-01-01. */
        uint64_t now = ((uint64_t)tv.tv_sec + 11644473600ull) * 10000000ull + (uint64_t)tv.tv_usec * 10u;
        units = (uint64_t)timeout > now ? (uint64_t)timeout - now : 1;
    }
    uint64_t ms = (units + 9999u) / 10000u;
    if (ms > UINT64_MAX / 4)
        ms = UINT64_MAX / 4;
    return wudf_now_ms() + (ms ? ms : 1);
}

/* What is left of a deadline as Send's timeout, for a send that waited. */
static LONGLONG remaining_timeout(uint64_t deadline, ULONG *flags)
{
    if (!deadline)
        return 0;
    uint64_t now = wudf_now_ms();
    uint64_t left = deadline > now ? deadline - now : 1;
    *flags |= WDF_REQUEST_SEND_OPTION_TIMEOUT;
    return -(LONGLONG)(left * 10000u);
}

static int ignores_state(ULONG flags)
{
    return (flags & (WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE | WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET)) != 0;
}

void wudf_target_sent_done_locked(wudf_target_state *ts, ULONG flags)
{
    if (ignores_state(flags))
        ts->sent_ignoring--;
    else
        ts->sent--;
    uv_cond_broadcast(&ts->changed);
}

void wudf_target_sent_done(wudf_target_state *ts, ULONG flags)
{
    wudf_host *host = ts->target->host;
    uv_mutex_lock(&host->lock);
    wudf_target_sent_done_locked(ts, flags);
    uv_mutex_unlock(&host->lock);
}

/* Host lock held: starts the timer thread once. */
static void timer_needed_locked(wudf_target_state *ts)
{
    if (ts->timer_started || ts->timer_quit)
        return;
    int rc = uv_thread_create(&ts->timer, timer_main, ts);
    if (rc)
        wudf_log(WUDF_LOG_ERROR, "target-timer-failed", "target=%s reason=\"%s\"", ts->kind, uv_strerror(rc));
    else
        ts->timer_started = 1;
}

void wudf_target_state_deadline_added(wudf_target_state *ts)
{
    wudf_host *host = ts->target->host;
    uv_mutex_lock(&host->lock);
    timer_needed_locked(ts);
    ts->timer_kick++;
    uv_cond_broadcast(&ts->changed);
    uv_mutex_unlock(&host->lock);
}

/* Sends an admitted (counted) request; a failure to submit ends it as the driver would see it. */
static HRESULT submit(wudf_target_state *ts, wudf_request *r, ULONG flags, LONGLONG timeout, int report_failure)
{
    HRESULT hr = ts->ops->submit(ts->target, r, flags, timeout);
    if (SUCCEEDED(hr))
        return hr;
    wudf_target_sent_done(ts, flags);
    wudf_log(WUDF_LOG_WARN, "target-send-failed", "target=%s irp=%llu hr=0x%08lX", ts->kind,
             (unsigned long long)r->irp_id, (unsigned long)(ULONG)hr);
    if (report_failure)
        wudf_sent_complete(r, ts->target, flags, wudf_ntstatus_from_hresult(hr), 0);
    return hr;
}

/* A send that waited in an asynchronous pended record: sent now or ended with p->status. */
static void resolve_async(wudf_pended_send *p)
{
    wudf_target_state *ts = p->ts;
    if (p->outcome == PENDED_GO) {
        ULONG flags = p->flags & ~(ULONG)WDF_REQUEST_SEND_OPTION_TIMEOUT;
        LONGLONG timeout = remaining_timeout(p->deadline, &flags);
        submit(ts, p->request, flags, timeout, 1);
    } else {
        wudf_log(WUDF_LOG_INFO, "target-pended-ended", "target=%s irp=%llu status=0x%08lX", ts->kind,
                 (unsigned long long)p->request->irp_id, (unsigned long)(ULONG)p->status);
        wudf_sent_complete(p->request, ts->target, p->flags, p->status, 0);
    }
    wudf_object_release(&p->request->obj);
    free(p);
}

/* Host lock held: takes p off its target's queue with an outcome. */
static void unpend_locked(wudf_pended_send *p, int outcome, NTSTATUS status)
{
    wudf_list_remove(&p->link);
    p->request->pended = NULL;
    p->outcome = outcome;
    p->status = status;
    if (outcome == PENDED_GO)
        p->ts->sent++;
    uv_cond_broadcast(&p->ts->changed);
}

/* A synchronous send to a stopped target: waits on its own stack until the target decides. */
static HRESULT pend_synchronous(wudf_target_state *ts, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    wudf_host *host = r->obj.host;
    wudf_pended_send p = {.ts = ts, .request = r, .flags = flags, .synchronous = 1};
    p.deadline = wudf_send_deadline(flags, timeout);
    wudf_list_add_tail(&ts->pended, &p.link);
    r->pended = &p;
    wudf_log(WUDF_LOG_DEBUG, "target-send-pended", "target=%s irp=%llu sync=1", ts->kind, (unsigned long long)r->irp_id);
    while (p.outcome == PENDED_WAITING) {
        uint64_t now = wudf_now_ms();
        if (p.deadline && now >= p.deadline)
            unpend_locked(&p, PENDED_FAILED, STATUS_IO_TIMEOUT);
        else if (p.deadline)
            uv_cond_timedwait(&ts->changed, &host->lock, (p.deadline - now) * 1000000u);
        else
            uv_cond_wait(&ts->changed, &host->lock);
    }
    uv_mutex_unlock(&host->lock);
    if (p.outcome == PENDED_GO) {
        ULONG resend = flags & ~(ULONG)WDF_REQUEST_SEND_OPTION_TIMEOUT;
        LONGLONG left = remaining_timeout(p.deadline, &resend);
        HRESULT hr = submit(ts, r, resend, left, 0);
        return hr;
    }
    wudf_sent_complete(r, ts->target, flags, p.status, 0);
    return S_OK; /* the request went to the target and came back; its status is in the parameters */
}

HRESULT wudf_target_state_send(wudf_target_state *ts, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    wudf_host *host = r->obj.host;
    int synchronous = (flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) != 0;
    wudf_pended_send *p = synchronous ? NULL : calloc(1, sizeof *p);
    if (!synchronous && !p)
        return E_OUTOFMEMORY;
    uv_mutex_lock(&host->lock);
    int state = ts->state;
    if (r->state != REQUEST_DRIVER || r->pended || r->file_io) {
        uv_mutex_unlock(&host->lock);
        free(p);
        wudf_driver_bug("send-not-owned", "Send of a request the driver does not own or already sent");
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    if (state == WdfIoTargetDeleted || state == WdfIoTargetClosed || state == WdfIoTargetClosedForQueryRemove) {
        uv_mutex_unlock(&host->lock);
        free(p);
        wudf_log(WUDF_LOG_WARN, "target-send-refused", "target=%s irp=%llu state=%d reason=\"the target was removed\"",
                 ts->kind, (unsigned long long)r->irp_id, state);
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    if (state == WdfIoTargetStarted || ignores_state(flags)) {
        if (ignores_state(flags))
            ts->sent_ignoring++;
        else
            ts->sent++;
        uv_mutex_unlock(&host->lock);
        free(p);
        return submit(ts, r, flags, timeout, 0);
    }
    if (synchronous)
        return pend_synchronous(ts, r, flags, timeout); /* unlocks */
    p->ts = ts;
    p->request = r;
    p->flags = flags;
    p->deadline = wudf_send_deadline(flags, timeout);
    wudf_object_addref(&r->obj);
    wudf_list_add_tail(&ts->pended, &p->link);
    r->pended = p;
    if (p->deadline) {
        timer_needed_locked(ts);
        ts->timer_kick++;
        uv_cond_broadcast(&ts->changed);
    }
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_DEBUG, "target-send-pended", "target=%s irp=%llu sync=0", ts->kind, (unsigned long long)r->irp_id);
    return S_OK;
}

int wudf_target_cancel_pended(wudf_request *r)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_pended_send *p = r->pended;
    if (p)
        unpend_locked(p, PENDED_FAILED, STATUS_CANCELLED);
    uv_mutex_unlock(&host->lock);
    if (p && !p->synchronous)
        resolve_async(p); /* a synchronous sender finishes its own */
    return p != NULL;
}

void wudf_target_cancel_pended_for_file(wudf_target_state *ts, wudf_file *file)
{
    wudf_host *host = ts->target->host;
    wudf_list cancelled;
    wudf_list_init(&cancelled);
    uv_mutex_lock(&host->lock);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &ts->pended) {
        wudf_pended_send *p = WUDF_CONTAINER_OF(pos, wudf_pended_send, link);
        if (p->request->file != file)
            continue;
        unpend_locked(p, PENDED_FAILED, STATUS_CANCELLED);
        if (!p->synchronous)
            wudf_list_add_tail(&cancelled, &p->link);
    }
    uv_mutex_unlock(&host->lock);
    resolve_all(&cancelled);
}

/* Host lock held: every pended send gets outcome; asynchronous ones are moved to out. */
static void take_pended_locked(wudf_target_state *ts, int outcome, NTSTATUS status, wudf_list *out)
{
    while (!wudf_list_empty(&ts->pended)) {
        wudf_pended_send *p = WUDF_CONTAINER_OF(ts->pended.next, wudf_pended_send, link);
        unpend_locked(p, outcome, status);
        if (!p->synchronous)
            wudf_list_add_tail(out, &p->link);
    }
}

static void resolve_all(wudf_list *list)
{
    while (!wudf_list_empty(list)) {
        wudf_pended_send *p = WUDF_CONTAINER_OF(list->next, wudf_pended_send, link);
        wudf_list_remove(&p->link);
        resolve_async(p);
    }
}

WDF_IO_TARGET_STATE wudf_target_state_get(wudf_target_state *ts)
{
    wudf_host *host = ts->target->host;
    uv_mutex_lock(&host->lock);
    WDF_IO_TARGET_STATE state = (WDF_IO_TARGET_STATE)ts->state;
    uv_mutex_unlock(&host->lock);
    return state;
}

HRESULT wudf_target_state_start(wudf_target_state *ts)
{
    wudf_host *host = ts->target->host;
    wudf_list go;
    wudf_list_init(&go);
    uv_mutex_lock(&host->lock);
    if (ts->state == WdfIoTargetDeleted || ts->state == WdfIoTargetClosed ||
        ts->state == WdfIoTargetClosedForQueryRemove) {
        uv_mutex_unlock(&host->lock);
        wudf_log(WUDF_LOG_WARN, "target-start-refused", "target=%s reason=\"the target was removed or closed\"",
                 ts->kind);
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    if (ts->stopping)
        wudf_driver_bug("target-start-during-stop", "Start called while Stop waits on another thread");
    ts->state = WdfIoTargetStarted;
    take_pended_locked(ts, PENDED_GO, STATUS_SUCCESS, &go);
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_INFO, "target-started", "target=%s", ts->kind);
    resolve_all(&go);
    if (ts->ops->started)
        ts->ops->started(ts->target);
    return S_OK;
}

/* Waits until nothing counted by all (1: ignoring the state too) is in flight. */
static void wait_sent(wudf_target_state *ts, int all)
{
    wudf_host *host = ts->target->host;
    uint64_t warn_at = wudf_now_ms() + 5000;
    uv_mutex_lock(&host->lock);
    ts->stopping++;
    while (ts->sent || (all && ts->sent_ignoring)) {
        uint64_t now = wudf_now_ms();
        if (warn_at && now >= warn_at) {
            wudf_log(WUDF_LOG_WARN, "target-stop-waiting", "target=%s in_flight=%u", ts->kind,
                     ts->sent + (all ? ts->sent_ignoring : 0));
            warn_at = 0;
        }
        if (warn_at)
            uv_cond_timedwait(&ts->changed, &host->lock, (warn_at - now) * 1000000u);
        else
            uv_cond_wait(&ts->changed, &host->lock);
    }
    ts->stopping--;
    uv_mutex_unlock(&host->lock);
}

HRESULT wudf_target_state_stop(wudf_target_state *ts, WDF_IO_TARGET_SENT_IO_ACTION action)
{
    wudf_host *host = ts->target->host;
    if (action <= WdfIoTargetSentIoUndefined || action >= WdfIoTargetSentIoMaximum) {
        wudf_driver_bug("target-stop-action", "Stop with an undefined WDF_IO_TARGET_SENT_IO_ACTION (left pending)");
        action = WdfIoTargetLeaveSentIoPending;
    }
    const char *name = action == WdfIoTargetCancelSentIo ? "cancel"
                       : action == WdfIoTargetWaitForSentIoToComplete ? "wait" : "leave";
    wudf_log(WUDF_LOG_DEBUG, "target-stopping", "target=%s action=%s", ts->kind, name);
    uv_mutex_lock(&host->lock);
    int state = ts->state;
    if (state == WdfIoTargetStarted)
        ts->state = WdfIoTargetStopped;
    uv_mutex_unlock(&host->lock);
    if (state != WdfIoTargetStarted && state != WdfIoTargetStopped) {
        /* Stop always returns S_OK (UMDF's reference); a removed target stays removed. */
        wudf_log(WUDF_LOG_INFO, "target-stop-ignored", "target=%s state=%d", ts->kind, state);
        return S_OK;
    }
    if (ts->ops->stopping)
        ts->ops->stopping(ts->target, 0);
    if (action == WdfIoTargetCancelSentIo)
        ts->ops->cancel_sent(ts->target, 0);
    if (action != WdfIoTargetLeaveSentIoPending)
        wait_sent(ts, 0);
    wudf_log(WUDF_LOG_INFO, "target-stopped", "target=%s action=%s", ts->kind, name);
    return S_OK;
}

HRESULT wudf_target_state_remove(wudf_target_state *ts)
{
    wudf_host *host = ts->target->host;
    wudf_list cancelled;
    wudf_list_init(&cancelled);
    uv_mutex_lock(&host->lock);
    int was = ts->state;
    ts->state = WdfIoTargetDeleted;
    /* "cancels all I/O requests in the target's queue" (Controlling a General I/O Target's State in UMDF). */
    take_pended_locked(ts, PENDED_FAILED, STATUS_CANCELLED, &cancelled);
    uv_mutex_unlock(&host->lock);
    resolve_all(&cancelled);
    if (ts->ops->stopping)
        ts->ops->stopping(ts->target, 1);
    ts->ops->cancel_sent(ts->target, 1);
    wait_sent(ts, 1);
    if (was != WdfIoTargetDeleted)
        wudf_log(WUDF_LOG_INFO, "target-removed", "target=%s", ts->kind);
    return S_OK;
}

void wudf_target_state_cleanup(wudf_target_state *ts)
{
    wudf_host *host = ts->target->host;
    wudf_target_state_remove(ts);
    uv_mutex_lock(&host->lock);
    ts->timer_quit = 1;
    int started = ts->timer_started;
    uv_cond_broadcast(&ts->changed);
    uv_mutex_unlock(&host->lock);
    if (started)
        uv_thread_join(&ts->timer);
}

/* Host lock held: asynchronous pended sends past their deadline go to out; returns the next deadline. */
static uint64_t expire_pended_locked(wudf_target_state *ts, uint64_t now, wudf_list *out)
{
    uint64_t next = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &ts->pended) {
        wudf_pended_send *p = WUDF_CONTAINER_OF(pos, wudf_pended_send, link);
        if (p->synchronous || !p->deadline)
            continue;
        if (p->deadline <= now) {
            unpend_locked(p, PENDED_FAILED, STATUS_IO_TIMEOUT);
            wudf_list_add_tail(out, &p->link);
        } else if (!next || p->deadline < next) {
            next = p->deadline;
        }
    }
    return next;
}

/* The deadlines of a target: its pended asynchronous sends, and what ops->expire reports. */
static void timer_main(void *arg)
{
    wudf_target_state *ts = arg;
    wudf_host *host = ts->target->host;
    uv_mutex_lock(&host->lock);
    while (!ts->timer_quit) {
        wudf_list expired;
        wudf_list_init(&expired);
        unsigned kick = ts->timer_kick;
        uint64_t now = wudf_now_ms();
        uint64_t next = expire_pended_locked(ts, now, &expired);
        uv_mutex_unlock(&host->lock);
        resolve_all(&expired);
        uint64_t other = ts->ops->expire ? ts->ops->expire(ts->target, now) : 0;
        if (other && (!next || other < next))
            next = other;
        uv_mutex_lock(&host->lock);
        if (ts->timer_quit || kick != ts->timer_kick)
            continue; /* a deadline came while the lock was free: look again */
        now = wudf_now_ms();
        if (!next)
            uv_cond_wait(&ts->changed, &host->lock);
        else if (next > now)
            uv_cond_timedwait(&ts->changed, &host->lock, (next - now) * 1000000u);
    }
    uv_mutex_unlock(&host->lock);
}
