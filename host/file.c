/*
 * IWDFFile(2, 3): the framework file object of one open handle (a CREATE from
 * the reflector, named by the reflector's file id). CLEANUP cancels what the
 * handle still has waiting in queues and calls IFileCallbackCleanup; CLOSE
 * calls IFileCallbackClose and deletes the object. Each layer of a device
 * stack that the open's create reached has a file object of its own for it
 * (wudf_file.lower); cleanup and close reach every one of them, top first.
 */
#include "ring_server.h"
#include "stack.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"

static wudf_file *file_of(IWDFFile3 *This)
{
    return (wudf_file *)(void *)This;
}

WUDF_OBJECT_METHODS(file, IWDFFile3)

static HRESULT STDMETHODCALLTYPE file_RetrieveFileName(IWDFFile3 *This, PWSTR name, DWORD *length)
{
    return wudf_copy_string_out(file_of(This)->name, name, length);
}

static void STDMETHODCALLTYPE file_GetDevice(IWDFFile3 *This, IWDFDevice **device)
{
    if (!device)
        return;
    wudf_object_addref(&file_of(This)->device->obj);
    *device = (IWDFDevice *)(void *)file_of(This)->device;
}

static HRESULT STDMETHODCALLTYPE file_RetrieveCountedFileName(IWDFFile3 *This, WCHAR *name, DWORD *length)
{
    /* Names from the wire hold no NULs, so the counted name is the plain one. */
    return wudf_copy_string_out(file_of(This)->name, name, length);
}

static void STDMETHODCALLTYPE file_GetRelatedFileObject(IWDFFile3 *This, IWDFFile **related)
{
    if (related)
        *related = NULL;
}

static void STDMETHODCALLTYPE file_GetInitiatorProcessId(IWDFFile3 *This, DWORD *pid)
{
    if (pid)
        *pid = file_of(This)->initiator_pid;
}

static const IWDFFile3Vtbl file_vtbl = {
    WUDF_OBJECT_VTBL(file),
    .RetrieveFileName = file_RetrieveFileName,
    .GetDevice = file_GetDevice,
    .RetrieveCountedFileName = file_RetrieveCountedFileName,
    .GetRelatedFileObject = file_GetRelatedFileObject,
    .GetInitiatorProcessId = file_GetInitiatorProcessId,
};

static void file_cleanup_object(wudf_object *obj)
{
    wudf_file *f = (wudf_file *)(void *)obj;
    uv_mutex_lock(&obj->host->lock);
    wudf_list_remove(&f->host_link);
    wudf_list_init(&f->host_link);
    if (f->upper && f->upper->lower == f) {
        f->upper->lower = NULL;
        f->upper = NULL;
        uv_mutex_unlock(&obj->host->lock);
        wudf_object_release(obj); /* the upper file's reference */
        return;
    }
    uv_mutex_unlock(&obj->host->lock);
}

static void file_destroy(wudf_object *obj)
{
    wudf_file *f = (wudf_file *)(void *)obj;
    if (f->lower)
        wudf_object_release(&f->lower->obj);
    free(f->name);
}

static const IID *const file_iids[] = {&IID_IWDFFile, &IID_IWDFFile2, &IID_IWDFFile3, NULL};
static const wudf_object_type file_type = {
    .name = "IWDFFile",
    .iids = file_iids,
    .wdf_object = 1,
    .cleanup = file_cleanup_object,
    .destroy = file_destroy,
};

wudf_file *wudf_file_from(IWDFFile *file)
{
    return wudf_object_has_vtbl(file, &file_vtbl) ? (wudf_file *)(void *)file : NULL;
}

wudf_file *wudf_file_create(wudf_device *d, uint32_t file_id, const char *name, size_t name_length)
{
    wudf_host *host = d->obj.host;
    wudf_file *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->name = wudf_utf8_to_utf16(name ? name : "", name ? name_length : 0, &f->name_length);
    if (!f->name) {
        free(f);
        return NULL;
    }
    f->device = d;
    f->file_id = file_id;
    wudf_list_init(&f->parked);
    f->next_sequence = 1;
    wudf_object_init(&f->obj, &file_vtbl, &file_type, host, &d->obj, NULL);
    uv_mutex_lock(&host->lock);
    wudf_list_add_tail(&host->files, &f->host_link);
    uv_mutex_unlock(&host->lock);
    return f;
}

wudf_file *wudf_file_create_lower(wudf_device *lower, wudf_file *upper)
{
    wudf_host *host = lower->obj.host;
    wudf_file *f = calloc(1, sizeof *f);
    size_t units = upper->name_length;
    WCHAR *name = calloc(units + 1, sizeof *name);
    if (!f || !name) {
        free(f);
        free(name);
        return NULL;
    }
    memcpy(name, upper->name, units * sizeof *name);
    f->name = name;
    f->name_length = units;
    f->device = lower;
    f->file_id = upper->file_id;
    f->initiator_pid = upper->initiator_pid;
    wudf_list_init(&f->parked);
    wudf_list_init(&f->host_link); /* only the top's files are looked up by id */
    f->next_sequence = 1;
    wudf_object_init(&f->obj, &file_vtbl, &file_type, host, &lower->obj, NULL);
    uv_mutex_lock(&host->lock);
    int taken = upper->lower != NULL;
    if (!taken) {
        wudf_object_addref(&f->obj);
        upper->lower = f;
        f->upper = upper;
    }
    uv_mutex_unlock(&host->lock);
    if (taken) {
        /* The open's create went down once already. */
        wudf_object_delete(&f->obj);
        return NULL;
    }
    return f;
}

/* The file below f (referenced), taken off f when take is set. */
static wudf_file *lower_of(wudf_file *f, int take)
{
    wudf_host *host = f->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_file *lower = f->lower;
    if (lower && take) {
        f->lower = NULL;
        lower->upper = NULL;
    } else if (lower) {
        wudf_object_addref(&lower->obj);
    }
    uv_mutex_unlock(&host->lock);
    return lower;
}

wudf_file *wudf_file_lookup(wudf_host *host, uint32_t file_id)
{
    wudf_file *found = NULL;
    uv_mutex_lock(&host->lock);
    wudf_list *pos;
    for (pos = host->files.next; pos != &host->files; pos = pos->next) {
        wudf_file *f = WUDF_CONTAINER_OF(pos, wudf_file, host_link);
        if (f->file_id == file_id) {
            found = f;
            wudf_object_addref(&f->obj);
            break;
        }
    }
    uv_mutex_unlock(&host->lock);
    return found;
}

void wudf_file_cleanup(wudf_file *f)
{
    if (f->cleaned_up)
        return;
    f->cleaned_up = 1;
    wudf_device *d = f->device;
    wudf_queue_cancel_waiting(d, f);
    int called = d->file_cleanup != NULL;
    if (called) {
        wudf_device_enter(d);
        IFileCallbackCleanup_OnCleanupFile(d->file_cleanup, (IWDFFile *)(void *)f);
        wudf_device_leave(d);
    }
    wudf_log(WUDF_LOG_INFO, "file-cleanup", "file=%lu driver_callback=%s service=%s", (unsigned long)f->file_id,
             called ? "IFileCallbackCleanup::OnCleanupFile" : "none", wudf_device_service_name(d));
    /* Then the layers below that saw the open, as IRP_MJ_CLEANUP goes down a stack. */
    wudf_file *lower = lower_of(f, 0);
    if (lower) {
        wudf_file_cleanup(lower);
        wudf_object_release(&lower->obj);
    }
}

void wudf_file_close(wudf_file *f)
{
    wudf_device *d = f->device;
    wudf_file_cleanup(f); /* a CLOSE without CLEANUP still cleans up first, as Windows would */
    int called = d->file_close != NULL;
    if (called) {
        wudf_device_enter(d);
        IFileCallbackClose_OnCloseFile(d->file_close, (IWDFFile *)(void *)f);
        wudf_device_leave(d);
    }
    wudf_log(WUDF_LOG_INFO, "file-close", "file=%lu driver_callback=%s service=%s", (unsigned long)f->file_id,
             called ? "IFileCallbackClose::OnCloseFile" : "none", wudf_device_service_name(d));
    wudf_file *lower = lower_of(f, 1);
    wudf_object_delete(&f->obj);
    if (lower) {
        wudf_file_close(lower);
        wudf_object_release(&lower->obj);
    }
}

void wudf_file_discard(wudf_file *f)
{
    uv_mutex_lock(&f->obj.host->lock);
    int top = f->upper == NULL && !wudf_list_empty(&f->host_link);
    uv_mutex_unlock(&f->obj.host->lock);
    if (top)
        wudf_ring_unbind(f->obj.host, f->file_id);
    wudf_log(WUDF_LOG_DEBUG, "file-discard", "file=%lu reason=create-failed service=%s", (unsigned long)f->file_id,
             wudf_device_service_name(f->device));
    /* A layer below accepted the open its upper layer refused: it is closed, so that its driver sees
     * as many closes as creates. */
    wudf_file *lower = lower_of(f, 1);
    wudf_object_delete(&f->obj);
    if (lower) {
        wudf_file_close(lower);
        wudf_object_release(&lower->obj);
    }
}
