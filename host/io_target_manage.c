/*
 * IWDFIoTargetStateManagement as a driver gets it from QueryInterface on an
 * I/O target: a tear-off that holds the target and forwards identity to it
 * (its QueryInterface for anything else, IUnknown included, is the
 * target's), as IWDFUsbTargetFactory is for the device.
 */
#include "io_target_state.h"

#include <stdlib.h>

typedef struct state_management {
    const IWDFIoTargetStateManagementVtbl *lpVtbl;
    atomic_long refs;
    wudf_target_state *ts; /* its target is referenced */
} state_management;

static state_management *sm_of(IWDFIoTargetStateManagement *This)
{
    return (state_management *)(void *)This;
}

static HRESULT STDMETHODCALLTYPE sm_QueryInterface(IWDFIoTargetStateManagement *This, REFIID riid, void **ppv)
{
    if (ppv && riid && IsEqualIID(riid, &IID_IWDFIoTargetStateManagement)) {
        atomic_fetch_add(&sm_of(This)->refs, 1);
        *ppv = This;
        return S_OK;
    }
    wudf_object *target = sm_of(This)->ts->target;
    /* The target's own QueryInterface (its vtable's first slot), so its other tear-offs answer too. */
    IUnknown *unknown = (IUnknown *)(void *)target;
    return IUnknown_QueryInterface(unknown, riid, ppv);
}

static ULONG STDMETHODCALLTYPE sm_AddRef(IWDFIoTargetStateManagement *This)
{
    return (ULONG)(atomic_fetch_add(&sm_of(This)->refs, 1) + 1);
}

static ULONG STDMETHODCALLTYPE sm_Release(IWDFIoTargetStateManagement *This)
{
    state_management *sm = sm_of(This);
    long left = atomic_fetch_sub(&sm->refs, 1) - 1;
    if (left == 0) {
        wudf_object_release(sm->ts->target);
        free(sm);
    }
    return (ULONG)(left > 0 ? left : 0);
}

static WDF_IO_TARGET_STATE STDMETHODCALLTYPE sm_GetState(IWDFIoTargetStateManagement *This)
{
    return wudf_target_state_get(sm_of(This)->ts);
}

static HRESULT STDMETHODCALLTYPE sm_Start(IWDFIoTargetStateManagement *This)
{
    return wudf_target_state_start(sm_of(This)->ts);
}

static HRESULT STDMETHODCALLTYPE sm_Stop(IWDFIoTargetStateManagement *This, WDF_IO_TARGET_SENT_IO_ACTION action)
{
    return wudf_target_state_stop(sm_of(This)->ts, action);
}

static HRESULT STDMETHODCALLTYPE sm_Remove(IWDFIoTargetStateManagement *This, BOOL surprise)
{
    (void)surprise; /* "the framework ignores this parameter" (UMDF's reference) */
    return wudf_target_state_remove(sm_of(This)->ts);
}

static const IWDFIoTargetStateManagementVtbl sm_vtbl = {
    .QueryInterface = sm_QueryInterface,
    .AddRef = sm_AddRef,
    .Release = sm_Release,
    .GetState = sm_GetState,
    .Start = sm_Start,
    .Stop = sm_Stop,
    .Remove = sm_Remove,
};

HRESULT wudf_target_state_query(wudf_target_state *ts, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    state_management *sm = calloc(1, sizeof *sm);
    if (!sm)
        return E_OUTOFMEMORY;
    sm->lpVtbl = &sm_vtbl;
    atomic_init(&sm->refs, 1);
    sm->ts = ts;
    wudf_object_addref(ts->target);
    *ppv = sm;
    return S_OK;
}
