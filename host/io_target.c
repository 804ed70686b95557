/*
 * IWDFIoTarget(2): the device's default I/O target. Below a device with a
 * lower layer in its stack is that layer's device (stack_send.c); below the
 * lowest one of a root-enumerated device is nothing, so formatting succeeds
 * and every send that goes out completes with STATUS_INVALID_DEVICE_REQUEST
 * (request_send.c). Its state (IWDFIoTargetStateManagement) is real: while
 * it is stopped, sends wait in its queue until Start, as on Windows
 * (io_target_state.c).
 */
#include "io_target_state.h"
#include "stack.h"

#include <stdlib.h>

static const IWDFIoTarget2Vtbl target_vtbl;

static wudf_io_target *target_of(IWDFIoTarget2 *This)
{
    return (wudf_io_target *)(void *)This;
}

WUDF_OBJECT_METHODS(target, IWDFIoTarget2)

static HRESULT STDMETHODCALLTYPE target_QueryInterfaceWithState(IWDFIoTarget2 *This, REFIID riid, void **ppv)
{
    if (riid && IsEqualIID(riid, &IID_IWDFIoTargetStateManagement))
        return wudf_target_state_query(target_of(This)->state, ppv);
    return target_QueryInterface(This, riid, ppv);
}

static void STDMETHODCALLTYPE target_GetTargetFile(IWDFIoTarget2 *This, IWDFFile **file)
{
    if (file)
        *file = NULL;
}

static void STDMETHODCALLTYPE target_CancelSentRequestsForFile(IWDFIoTarget2 *This, IWDFFile *file)
{
    /* What went out completed at once; only sends waiting while the target is stopped are left. */
    wudf_file *f = wudf_file_from(file);
    if (f) {
        wudf_target_cancel_pended_for_file(target_of(This)->state, f);
        wudf_stack_cancel_target(target_of(This), f, 1); /* and what a lower layer holds */
    }
}

/* A local target: pFile is required for Query/SetInformation (Learn). */
WUDF_IO_TARGET_FORMAT_METHODS(target, IWDFIoTarget2, 1)

static const IWDFIoTarget2Vtbl target_vtbl = {
    .QueryInterface = target_QueryInterfaceWithState,
    .AddRef = target_AddRef,
    .Release = target_Release,
    .DeleteWdfObject = target_DeleteWdfObject,
    .AssignContext = target_AssignContext,
    .RetrieveContext = target_RetrieveContext,
    .AcquireLock = target_AcquireLock,
    .ReleaseLock = target_ReleaseLock,
    .GetTargetFile = target_GetTargetFile,
    .CancelSentRequestsForFile = target_CancelSentRequestsForFile,
    WUDF_IO_TARGET_FORMAT_VTBL(target),
};

/* To the next layer of the stack; below the lowest, nothing: a send that goes out comes back at once. */
static HRESULT default_submit(wudf_object *target, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    wudf_io_target *t = (wudf_io_target *)(void *)target;
    if (wudf_stack_target_has_lower(t))
        return wudf_stack_submit(t, r, flags, timeout);
    wudf_sent_complete(r, target, flags, STATUS_INVALID_DEVICE_REQUEST, 0);
    wudf_target_sent_done(t->state, flags);
    return S_OK;
}

static void default_cancel_sent(wudf_object *target, int all)
{
    /* Only what went down the stack stays in flight. */
    wudf_stack_cancel_target((wudf_io_target *)(void *)target, NULL, all);
}

static uint64_t default_expire(wudf_object *target, uint64_t now)
{
    return wudf_stack_expire((wudf_io_target *)(void *)target, now);
}

static const wudf_target_ops default_ops = {
    .submit = default_submit,
    .cancel_sent = default_cancel_sent,
    .expire = default_expire,
};

static void target_cleanup(wudf_object *obj)
{
    wudf_target_state_cleanup(((wudf_io_target *)(void *)obj)->state);
}

static void target_destroy(wudf_object *obj)
{
    wudf_io_target *t = (wudf_io_target *)(void *)obj;
    wudf_target_state_destroy(t->state);
    free(t->state);
}

static const IID *const target_iids[] = {&IID_IWDFIoTarget, &IID_IWDFIoTarget2, NULL};
static const wudf_object_type target_type = {
    .name = "IWDFIoTarget",
    .iids = target_iids,
    .wdf_object = 1,
    .cleanup = target_cleanup,
    .destroy = target_destroy,
};

wudf_io_target *wudf_io_target_from(IWDFIoTarget *target)
{
    return wudf_object_has_vtbl(target, &target_vtbl) ? (wudf_io_target *)(void *)target : NULL;
}

wudf_io_target *wudf_io_target_create(wudf_device *device)
{
    wudf_io_target *t = calloc(1, sizeof *t);
    wudf_target_state *ts = calloc(1, sizeof *ts);
    if (!t || !ts) {
        free(t);
        free(ts);
        return NULL;
    }
    t->device = device;
    t->state = ts;
    wudf_target_state_init(ts, &t->obj, &default_ops, "default");
    wudf_object_init(&t->obj, &target_vtbl, &target_type, device->obj.host, &device->obj, NULL);
    return t;
}
