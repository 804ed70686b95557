/*
 * IWDFCmResourceList, and the hardware callbacks of a device: those of
 * IPnpCallbackHardware2 (UMDF 1.11), which receive the raw and translated
 * resources the PnP manager assigned, or else those of IPnpCallbackHardware.
 * A root-enumerated or USB devnode is given no port, memory or interrupt
 * resources (a USB device's I/O goes through its USB target), so both lists
 * are empty: GetCount 0, GetDescriptor NULL.
 */
#include "framework.h"

#include <stdlib.h>

#include "log.h"

typedef struct cm_list {
    wudf_object obj;
    int translated;
} cm_list;

WUDF_OBJECT_METHODS(cm, IWDFCmResourceList)

static ULONG STDMETHODCALLTYPE cm_GetCount(IWDFCmResourceList *This)
{
    return 0;
}

static PCM_PARTIAL_RESOURCE_DESCRIPTOR STDMETHODCALLTYPE cm_GetDescriptor(IWDFCmResourceList *This, ULONG index)
{
    return NULL; /* past the end, as every index of an empty list is */
}

static const IWDFCmResourceListVtbl cm_vtbl = {
    WUDF_OBJECT_VTBL(cm),
    .GetCount = cm_GetCount,
    .GetDescriptor = cm_GetDescriptor,
};

static const IID *const cm_iids[] = {&IID_IWDFCmResourceList, NULL};
static const wudf_object_type cm_type = {
    .name = "IWDFCmResourceList",
    .iids = cm_iids,
    .wdf_object = 1,
};

/*
 * The lists are the device's children until it goes: OnReleaseHardware gets
 * the translated list OnPrepareHardware got, as the PnP manager keeps one
 * assignment for the whole start.
 */
static IWDFCmResourceList *list_of(wudf_device *d, int translated)
{
    wudf_host *host = d->obj.host;
    cm_list *found = NULL;
    uv_mutex_lock(&host->lock);
    for (wudf_list *pos = d->obj.children.next; pos != &d->obj.children; pos = pos->next) {
        wudf_object *child = WUDF_CONTAINER_OF(pos, wudf_object, sibling);
        if (child->type == &cm_type && ((cm_list *)(void *)child)->translated == translated) {
            found = (cm_list *)(void *)child;
            break;
        }
    }
    uv_mutex_unlock(&host->lock);
    if (found)
        return (IWDFCmResourceList *)(void *)found;
    cm_list *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->translated = translated;
    wudf_object_init(&l->obj, &cm_vtbl, &cm_type, host, &d->obj, NULL); /* the device's reference */
    return (IWDFCmResourceList *)(void *)l;
}

/* The driver's IPnpCallbackHardware2, referenced, or NULL. */
static IPnpCallbackHardware2 *hardware2_of(wudf_device *d)
{
    return wudf_object_query_callback(&d->obj, &IID_IPnpCallbackHardware2);
}

HRESULT wudf_device_prepare_hardware(wudf_device *d)
{
    IPnpCallbackHardware2 *h2 = hardware2_of(d);
    if (!h2)
        return d->hardware ? IPnpCallbackHardware_OnPrepareHardware(d->hardware, (IWDFDevice *)(void *)d) : S_OK;
    /* A driver that implements both gets the UMDF 1.11 callback, which carries the resources. */
    IWDFCmResourceList *raw = list_of(d, 0), *translated = list_of(d, 1);
    HRESULT hr = E_OUTOFMEMORY;
    if (raw && translated)
        hr = IPnpCallbackHardware2_OnPrepareHardware(h2, (IWDFDevice3 *)(void *)d, raw, translated);
    wudf_log(WUDF_LOG_INFO, "driver-callback", "callback=IPnpCallbackHardware2::OnPrepareHardware resources=0 hr=0x%08lX",
             (unsigned long)(ULONG)hr);
    IPnpCallbackHardware2_Release(h2);
    return hr;
}

HRESULT wudf_device_release_hardware(wudf_device *d)
{
    IPnpCallbackHardware2 *h2 = hardware2_of(d);
    if (!h2)
        return d->hardware ? IPnpCallbackHardware_OnReleaseHardware(d->hardware, (IWDFDevice *)(void *)d) : S_OK;
    IWDFCmResourceList *translated = list_of(d, 1);
    HRESULT hr = E_OUTOFMEMORY;
    if (translated)
        hr = IPnpCallbackHardware2_OnReleaseHardware(h2, (IWDFDevice3 *)(void *)d, translated);
    wudf_log(WUDF_LOG_INFO, "driver-callback", "callback=IPnpCallbackHardware2::OnReleaseHardware hr=0x%08lX",
             (unsigned long)(ULONG)hr);
    IPnpCallbackHardware2_Release(h2);
    return hr;
}
