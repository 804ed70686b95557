/*
 * Opening and closing a remote target's file at the reflector: an open sends REMOTE_IRP CREATE with the
 * name and a fresh file id and waits (bounded) for its answer, which the channel's thread hands over
 * (wudf_remote_target_open_done); Close and CloseForQueryRemove end what the target sent, as the state
 * machine's Remove does, then send the file's cleanup and close; Reopen opens the same name again.
 */
#include "remote.h"

#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "log.h"
#include "text.h"

/* An open waiting for the reflector's answer (hub->opens, host lock). */
typedef struct remote_open {
    wudf_list link;
    uint64_t id;
    uint32_t file_id;
    int done;
    int abandoned; /* its waiter gave up: a success is closed when it comes */
    NTSTATUS status;
} remote_open;

/* Cleanup then close of a file at the reflector; their answers are not waited for. */
void wudf_remote_close_file(wudf_host *host, uint32_t file_id)
{
    wudf_remote_send_irp(host, wudf_remote_next_id(), WUDF_IRP_MJ_CLEANUP, file_id, 0, NULL, 0, 0, 0);
    wudf_remote_send_irp(host, wudf_remote_next_id(), WUDF_IRP_MJ_CLOSE, file_id, 0, NULL, 0, 0, 0);
}

int wudf_remote_target_open_done(wudf_remote_hub *hub, const wudf_msg *msg)
{
    wudf_host *host = hub->obj.host;
    remote_open *op = NULL;
    uv_mutex_lock(&host->lock);
    for (wudf_list *pos = hub->opens.next; pos != &hub->opens && !op; pos = pos->next)
        if (WUDF_CONTAINER_OF(pos, remote_open, link)->id == msg->irp_id)
            op = WUDF_CONTAINER_OF(pos, remote_open, link);
    int abandoned = op && op->abandoned;
    if (abandoned)
        wudf_list_remove(&op->link);
    else if (op) {
        op->done = 1; /* the waiter owns op from here */
        op->status = msg->status;
        uv_cond_broadcast(&hub->changed);
    }
    uv_mutex_unlock(&host->lock);
    if (abandoned) {
        if (NT_SUCCESS(msg->status))
            wudf_remote_close_file(host, op->file_id);
        free(op);
    }
    return op != NULL;
}

/* What CreateFile would have answered: UMDF opens remote targets with it (HRESULT_FROM_WIN32). */
static HRESULT open_result(NTSTATUS status)
{
    return NT_SUCCESS(status) ? S_OK : HRESULT_FROM_WIN32(wudf_status_win32_error(status));
}

HRESULT wudf_remote_target_open(wudf_remote_target *t, const char *name, wudf_remote_interface *itf)
{
    wudf_host *host = t->obj.host;
    wudf_remote_hub *hub = t->hub;
    size_t length = strlen(name);
    if (length == 0 || length > 1024)
        return HRESULT_FROM_WIN32(ERROR_INVALID_NAME);
    char *copy = wudf_text_copy(name);
    remote_open *op = copy ? calloc(1, sizeof *op) : NULL;
    if (!op) {
        free(copy);
        return E_OUTOFMEMORY;
    }
    uv_mutex_lock(&host->lock);
    if (t->busy || t->file_id || t->obj.cleaned) {
        uv_mutex_unlock(&host->lock);
        free(copy);
        free(op);
        wudf_log(WUDF_LOG_WARN, "remote-target-open-refused", "reason=\"the target is open or being opened\"");
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    t->busy = 1;
    if (++hub->next_file_id == 0)
        ++hub->next_file_id;
    op->file_id = hub->next_file_id;
    op->id = wudf_remote_next_id();
    wudf_list_add_tail(&hub->opens, &op->link);
    uv_mutex_unlock(&host->lock);

    wudf_remote_send_irp(host, op->id, WUDF_IRP_MJ_CREATE, op->file_id, 0, name, (uint32_t)length, 0, 0);

    uv_mutex_lock(&host->lock);
    uint64_t deadline = wudf_now_ms() + WUDF_REMOTE_OPEN_TIMEOUT_MS;
    for (uint64_t now = wudf_now_ms(); !op->done && now < deadline; now = wudf_now_ms())
        uv_cond_timedwait(&hub->changed, &host->lock, (deadline - now) * 1000000u);
    int answered = op->done;
    NTSTATUS status = answered ? op->status : STATUS_IO_TIMEOUT;
    uint32_t file_id = op->file_id;
    if (answered)
        wudf_list_remove(&op->link);
    else
        op->abandoned = 1; /* freed by its answer */
    char *old_name = NULL;
    wudf_remote_interface *old_itf = NULL;
    if (NT_SUCCESS(status)) {
        t->file_id = t->last_file_id = file_id;
        old_name = t->name;
        t->name = copy;
        copy = NULL;
        old_itf = t->itf;
        t->itf = itf;
        if (itf)
            wudf_object_addref(&itf->obj);
        t->state.state = WdfIoTargetStarted; /* the framework starts a remote target it opens */
    }
    t->busy = 0;
    uv_mutex_unlock(&host->lock);
    if (answered)
        free(op);
    free(copy);
    free(old_name);
    if (old_itf)
        wudf_object_release(&old_itf->obj);
    char q[1100];
    const char *status_name = wudf_status_name(status);
    wudf_log(NT_SUCCESS(status) ? WUDF_LOG_INFO : WUDF_LOG_WARN, "remote-target-open",
             "name=%s file=%u status=%s", wudf_log_quote(q, sizeof q, name), (unsigned)file_id,
             status_name ? status_name : "other");
    return answered ? open_result(status) : HRESULT_FROM_WIN32(ERROR_TIMEOUT);
}

HRESULT wudf_remote_target_close(wudf_remote_target *t, WDF_IO_TARGET_STATE to)
{
    wudf_host *host = t->obj.host;
    /* As Remove: what waits in the target is cancelled, what was sent is cancelled and waited for. */
    wudf_target_state_remove(&t->state);
    uv_mutex_lock(&host->lock);
    t->state.state = to;
    uint32_t file_id = t->file_id;
    t->file_id = 0;
    uv_mutex_unlock(&host->lock);
    if (file_id)
        wudf_remote_close_file(host, file_id);
    wudf_log(WUDF_LOG_INFO, "remote-target-closed", "file=%u state=%s", (unsigned)file_id,
             to == WdfIoTargetClosedForQueryRemove ? "closed-for-query-remove" : "closed");
    return S_OK; /* "always returns S_OK" (Close, CloseForQueryRemove) */
}

HRESULT wudf_remote_target_reopen(wudf_remote_target *t)
{
    wudf_host *host = t->obj.host;
    uv_mutex_lock(&host->lock);
    int closed = t->state.state == WdfIoTargetClosedForQueryRemove;
    char *name = closed && t->name ? wudf_text_copy(t->name) : NULL;
    wudf_remote_interface *itf = t->itf;
    if (itf)
        wudf_object_addref(&itf->obj);
    uv_mutex_unlock(&host->lock);
    HRESULT hr = !closed ? HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE) : name ? wudf_remote_target_open(t, name, itf) : E_OUTOFMEMORY;
    free(name);
    if (itf)
        wudf_object_release(&itf->obj);
    return hr;
}
