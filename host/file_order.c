/*
 * The order of a file's requests. A file with a fast-path ring sends each
 * read, write and ioctl by its ring or, when it does not fit, by the socket,
 * numbered 1, 2, ... (openwudf/ring.h); the two ways arrive in any order, and
 * here they are handed to the driver's queues in the order the client issued
 * them, as one stream of IRPs would reach a UMDF queue. A request that comes
 * early is parked on its file until the ones before it have arrived. Guarded
 * by the host lock; one thread at a time hands a file's requests over.
 */
#include "framework.h"

#include "log.h"
#include "ring_slots.h"

/* Host lock held: puts r among f's parked requests, by sequence. */
static void park_locked(wudf_file *f, wudf_request *r)
{
    wudf_list *pos = f->parked.prev;
    while (pos != &f->parked && WUDF_CONTAINER_OF(pos, wudf_request, queue_link)->sequence > r->sequence)
        pos = pos->prev;
    r->state = REQUEST_PARKED;
    /* After pos: wudf_list_add_tail(next, x) links x before next. */
    wudf_list_add_tail(pos->next, &r->queue_link);
}

static int parked_locked(const wudf_file *f, uint64_t sequence)
{
    const wudf_list *pos;
    for (pos = f->parked.next; pos != &f->parked; pos = pos->next)
        if (WUDF_CONTAINER_OF(pos, wudf_request, queue_link)->sequence == sequence)
            return 1;
    return 0;
}

/* Host lock held: the parked request whose turn it is, taken off the list, or NULL. */
static wudf_request *next_locked(wudf_file *f)
{
    if (wudf_list_empty(&f->parked))
        return NULL;
    wudf_request *r = WUDF_CONTAINER_OF(f->parked.next, wudf_request, queue_link);
    if (r->sequence != f->next_sequence)
        return NULL;
    wudf_list_remove(&r->queue_link);
    wudf_list_init(&r->queue_link);
    f->next_sequence++;
    if (!r->parked_cancelled)
        r->state = REQUEST_NEW;
    return r;
}

/* A request that was parked and is no longer: handed over, or let go if it was cancelled meanwhile. */
static void hand_over(wudf_host *host, wudf_request *r)
{
    if (r->parked_cancelled)
        wudf_object_release(&r->obj); /* completed at its cancel; only its place was kept */
    else
        wudf_dispatch_request(host, r);
}

void wudf_order_dispatch(wudf_host *host, wudf_request *r, uint64_t sequence)
{
    wudf_file *f = r->file;
    if (!sequence || !f) {
        wudf_dispatch_request(host, r);
        return;
    }
    uv_mutex_lock(&host->lock);
    if (f->order_closed) {
        /* After the cleanup nothing is waited for any more. */
        uv_mutex_unlock(&host->lock);
        wudf_dispatch_request(host, r);
        return;
    }
    uint64_t next = f->next_sequence;
    if (sequence < next || sequence - next >= WUDF_SEQUENCE_WINDOW || parked_locked(f, sequence)) {
        uv_mutex_unlock(&host->lock);
        wudf_log(WUDF_LOG_WARN, "order-violation", "file=%lu sequence=%llu expected=%llu status=STATUS_INVALID_PARAMETER",
                 (unsigned long)f->file_id, (unsigned long long)sequence, (unsigned long long)next);
        wudf_request_complete_nt(r, STATUS_INVALID_PARAMETER);
        return;
    }
    r->sequence = sequence;
    if (sequence != next || f->ordering) {
        park_locked(f, r);
        uv_mutex_unlock(&host->lock);
        return;
    }
    f->ordering = 1;
    f->next_sequence++;
    uv_mutex_unlock(&host->lock);
    wudf_dispatch_request(host, r);
    for (;;) {
        uv_mutex_lock(&host->lock);
        wudf_request *more = next_locked(f);
        if (!more)
            f->ordering = 0;
        uv_mutex_unlock(&host->lock);
        if (!more)
            return;
        hand_over(host, more);
    }
}

int wudf_order_cancel_locked(wudf_request *r)
{
    if (r->state != REQUEST_PARKED || r->parked_cancelled)
        return 0;
    /* It stays parked to keep its place; the reference keeps it there once completed. */
    r->parked_cancelled = 1;
    r->state = REQUEST_NEW;
    wudf_object_addref(&r->obj);
    return 1;
}

void wudf_order_close(wudf_file *f)
{
    wudf_host *host = f->obj.host;
    wudf_list taken;
    wudf_list_init(&taken);
    uv_mutex_lock(&host->lock);
    f->order_closed = 1;
    while (!wudf_list_empty(&f->parked)) {
        wudf_request *r = WUDF_CONTAINER_OF(f->parked.next, wudf_request, queue_link);
        wudf_list_remove(&r->queue_link);
        if (!r->parked_cancelled)
            r->state = REQUEST_NEW;
        wudf_list_add_tail(&taken, &r->queue_link);
    }
    uv_mutex_unlock(&host->lock);
    unsigned cancelled = 0;
    while (!wudf_list_empty(&taken)) {
        wudf_request *r = WUDF_CONTAINER_OF(taken.next, wudf_request, queue_link);
        wudf_list_remove(&r->queue_link);
        wudf_list_init(&r->queue_link);
        if (r->parked_cancelled) {
            wudf_object_release(&r->obj);
        } else {
            wudf_request_complete_nt(r, STATUS_CANCELLED);
            cancelled++;
        }
    }
    if (cancelled)
        wudf_log(WUDF_LOG_INFO, "order-closed", "file=%lu parked_cancelled=%u status=STATUS_CANCELLED",
                 (unsigned long)f->file_id, cancelled);
}

void wudf_order_close_all(wudf_host *host)
{
    for (;;) {
        wudf_file *f = NULL;
        uv_mutex_lock(&host->lock);
        wudf_list *pos;
        for (pos = host->files.next; pos != &host->files && !f; pos = pos->next) {
            wudf_file *each = WUDF_CONTAINER_OF(pos, wudf_file, host_link);
            if (!each->order_closed) {
                f = each;
                wudf_object_addref(&f->obj);
            }
        }
        uv_mutex_unlock(&host->lock);
        if (!f)
            return;
        wudf_order_close(f);
        wudf_object_release(&f->obj);
    }
}
