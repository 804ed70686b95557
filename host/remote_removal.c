/*
 * The removal of a remote target's device, as the reflector tells it (reflector/remote_removal.c), given
 * to the target's IRemoteTargetCallbackRemoval on a worker: OnRemoteTargetQueryRemove (its answer goes
 * back), OnRemoteTargetRemoveCanceled, OnRemoteTargetRemoveComplete. A driver without the interface
 * gets what the framework does for it: CloseForQueryRemove and consent, Reopen, Close ("Controlling a
 * General I/O Target's State in UMDF").
 */
#include "remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

enum removal_kind { QUERY_REMOVE, REMOVE_CANCELED, REMOVE_COMPLETE };

typedef struct removal_item {
    wudf_list link;             /* hub->removals */
    wudf_remote_target *target; /* referenced */
    uint32_t file_id;
    int kind;
} removal_item;

static void answer(wudf_host *host, uint32_t file_id, BOOL allow)
{
    char file[16];
    snprintf(file, sizeof file, "%u", (unsigned)file_id);
    const char *pairs[] = {"event", "query-remove-answer", "file", file, "allow", allow ? "1" : "0", NULL};
    wudf_remote_send_event(host, pairs);
}

static void tell_driver(removal_item *item)
{
    wudf_remote_target *t = item->target;
    IWDFRemoteTarget *itf = (IWDFRemoteTarget *)(void *)t;
    uv_mutex_lock(&t->obj.host->lock);
    IRemoteTargetCallbackRemoval *callback = t->removal;
    if (callback)
        IRemoteTargetCallbackRemoval_AddRef(callback);
    uv_mutex_unlock(&t->obj.host->lock);
    static const char *const names[] = {"OnRemoteTargetQueryRemove", "OnRemoteTargetRemoveCanceled",
                                        "OnRemoteTargetRemoveComplete"};
    wudf_log(WUDF_LOG_INFO, "remote-target-removal", "callback=IRemoteTargetCallbackRemoval::%s file=%u driver=%d",
             names[item->kind], (unsigned)item->file_id, callback != NULL);
    BOOL allow = TRUE;
    switch (item->kind) {
    case QUERY_REMOVE:
        if (callback)
            allow = IRemoteTargetCallbackRemoval_OnRemoteTargetQueryRemove(callback, itf);
        else
            wudf_remote_target_close(t, WdfIoTargetClosedForQueryRemove);
        answer(t->obj.host, item->file_id, allow);
        break;
    case REMOVE_CANCELED:
        if (callback)
            IRemoteTargetCallbackRemoval_OnRemoteTargetRemoveCanceled(callback, itf);
        else
            wudf_remote_target_reopen(t);
        break;
    default:
        if (callback)
            IRemoteTargetCallbackRemoval_OnRemoteTargetRemoveComplete(callback, itf);
        else
            wudf_remote_target_close(t, WdfIoTargetClosed);
        break;
    }
    WUDF_RELEASE(callback);
    wudf_object_release(&t->obj);
    free(item);
}

/* One at a time, in the order they came: a query's close comes before the cancel's reopen. */
static void run_removals(void *arg)
{
    wudf_remote_hub *hub = arg;
    wudf_host *host = hub->obj.host;
    for (;;) {
        uv_mutex_lock(&host->lock);
        removal_item *item = NULL;
        if (!wudf_list_empty(&hub->removals)) {
            item = WUDF_CONTAINER_OF(hub->removals.next, removal_item, link);
            wudf_list_remove(&item->link);
        } else {
            hub->removals_running = 0;
        }
        uv_mutex_unlock(&host->lock);
        if (!item)
            return;
        tell_driver(item);
    }
}

void wudf_remote_removal_event(wudf_remote_hub *hub, const char *event, const wudf_kv *kv)
{
    uint64_t file = 0;
    if (wudf_kv_get_u64(kv, "file", &file, NULL) || file == 0 || file > UINT32_MAX) {
        wudf_log(WUDF_LOG_ERROR, "remote-event-malformed", "event=%s reason=\"no file\"", event);
        return;
    }
    int kind = strcmp(event, "query-remove") == 0 ? QUERY_REMOVE
               : strcmp(event, "remove-canceled") == 0 ? REMOVE_CANCELED
                                                       : REMOVE_COMPLETE;
    wudf_host *host = hub->obj.host;
    wudf_remote_target *found = NULL;
    uv_mutex_lock(&host->lock);
    for (wudf_list *pos = hub->targets.next; pos != &hub->targets && !found; pos = pos->next) {
        wudf_remote_target *t = WUDF_CONTAINER_OF(pos, wudf_remote_target, hub_link);
        if (t->last_file_id == (uint32_t)file && !t->obj.cleaned) {
            found = t;
            wudf_object_addref(&t->obj);
        }
    }
    uv_mutex_unlock(&host->lock);
    removal_item *item = found ? malloc(sizeof *item) : NULL;
    if (!item) {
        /* Nothing holds that file any more (or no memory to ask): the removal may go on. */
        if (found)
            wudf_object_release(&found->obj);
        if (kind == QUERY_REMOVE)
            answer(host, (uint32_t)file, TRUE);
        return;
    }
    item->target = found;
    item->file_id = (uint32_t)file;
    item->kind = kind;
    uv_mutex_lock(&host->lock);
    wudf_list_add_tail(&hub->removals, &item->link);
    int start = !hub->removals_running;
    hub->removals_running = 1;
    uv_mutex_unlock(&host->lock);
    if (start)
        wudf_remote_callback(hub, run_removals, hub);
}
