/*
 * The names a device publishes: symbolic links (IWDFDevice::CreateSymbolicLink)
 * and device interfaces (CreateDeviceInterface, AssignDeviceInterfaceState).
 * Until DEVICE_STARTED is sent they are collected for it; afterwards each
 * change goes to the reflector as a HOST_EVENT.
 */
#include "framework.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"

static wudf_device *dev_of(IWDFDevice3 *This)
{
    return (wudf_device *)(void *)This;
}

static void send_interface_event(wudf_host *host, const wudf_device_interface *itf)
{
    char guid[39];
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_guid_format(&itf->guid, guid);
    if (!wudf_kv_add(&kv, "event", "interface", NULL) && !wudf_kv_add(&kv, "guid", guid, NULL) &&
        !wudf_kv_add(&kv, "reference", itf->reference ? itf->reference : "", NULL) &&
        !wudf_kv_add(&kv, "enabled", itf->enabled ? "1" : "0", NULL))
        wudf_host_send_event(host, &kv);
    wudf_kv_free(&kv);
}

static int same_reference(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Host lock held. */
static wudf_device_interface *find_interface(wudf_device *d, const GUID *guid, const char *reference)
{
    for (size_t i = 0; i < d->interface_count; i++)
        if (IsEqualGUID(&d->interfaces[i].guid, guid) && same_reference(d->interfaces[i].reference, reference))
            return &d->interfaces[i];
    return NULL;
}

static char *reference_utf8(PCWSTR reference)
{
    return reference && reference[0] ? wudf_utf16_to_utf8(reference) : NULL;
}

int wudf_device_interface_state(wudf_device *d, const GUID *guid, const char *reference)
{
    uv_mutex_lock(&d->obj.host->lock);
    wudf_device_interface *itf = find_interface(d, guid, reference && reference[0] ? reference : NULL);
    int state = itf ? itf->enabled : -1;
    uv_mutex_unlock(&d->obj.host->lock);
    return state;
}

static HRESULT create_interface(wudf_device *d, LPCGUID guid, PCWSTR reference);
static HRESULT assign_interface_state(wudf_device *d, LPCGUID guid, PCWSTR reference, BOOL enable);
static HRESULT add_symlink(wudf_device *d, PCWSTR name, PCWSTR reference);

/*
 * names_lock spans recording a name and sending its event, and DEVICE_STARTED's
 * report: every name reaches the reflector once, in DEVICE_STARTED or after it.
 */
HRESULT STDMETHODCALLTYPE wudf_device_CreateDeviceInterface(IWDFDevice3 *This, LPCGUID guid, PCWSTR reference)
{
    uv_mutex_lock(&dev_of(This)->names_lock);
    HRESULT hr = create_interface(dev_of(This), guid, reference);
    uv_mutex_unlock(&dev_of(This)->names_lock);
    return hr;
}

HRESULT STDMETHODCALLTYPE wudf_device_AssignDeviceInterfaceState(IWDFDevice3 *This, LPCGUID guid, PCWSTR reference,
                                                                 BOOL enable)
{
    uv_mutex_lock(&dev_of(This)->names_lock);
    HRESULT hr = assign_interface_state(dev_of(This), guid, reference, enable);
    uv_mutex_unlock(&dev_of(This)->names_lock);
    return hr;
}

static HRESULT create_interface(wudf_device *d, LPCGUID guid, PCWSTR reference)
{
    wudf_host *host = d->obj.host;
    if (!guid)
        return E_INVALIDARG;
    char *ref = reference_utf8(reference);
    if (reference && reference[0] && !ref)
        return E_OUTOFMEMORY;
    uv_mutex_lock(&host->lock);
    if (find_interface(d, guid, ref)) {
        uv_mutex_unlock(&host->lock);
        free(ref);
        return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
    }
    wudf_device_interface *list = realloc(d->interfaces, (d->interface_count + 1) * sizeof *list);
    if (!list) {
        uv_mutex_unlock(&host->lock);
        free(ref);
        return E_OUTOFMEMORY;
    }
    d->interfaces = list;
    wudf_device_interface *itf = &list[d->interface_count++];
    itf->guid = *guid;
    itf->reference = ref;
    itf->enabled = 1; /* enabled with the device, as UMDF does */
    wudf_device_interface copy = *itf;
    int reported = d->reported;
    uv_mutex_unlock(&host->lock);
    if (reported)
        send_interface_event(host, &copy);
    return S_OK;
}

static HRESULT assign_interface_state(wudf_device *d, LPCGUID guid, PCWSTR reference, BOOL enable)
{
    wudf_host *host = d->obj.host;
    if (!guid)
        return E_INVALIDARG;
    char *ref = reference_utf8(reference);
    if (reference && reference[0] && !ref)
        return E_OUTOFMEMORY;
    uv_mutex_lock(&host->lock);
    wudf_device_interface *itf = find_interface(d, guid, ref);
    free(ref);
    if (!itf) {
        uv_mutex_unlock(&host->lock);
        return HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
    }
    int changed = itf->enabled != (enable ? 1 : 0);
    itf->enabled = enable ? 1 : 0;
    wudf_device_interface copy = *itf;
    char *copy_ref = itf->reference ? wudf_text_copy(itf->reference) : NULL;
    copy.reference = copy_ref;
    int reported = d->reported;
    uv_mutex_unlock(&host->lock);
    if (reported && changed)
        send_interface_event(host, &copy);
    free(copy_ref);
    return S_OK;
}

/* Host lock held. Room for one more link in both lists. */
static int grow_symlinks(wudf_device *d)
{
    char **names = realloc(d->symlinks, (d->symlink_count + 1) * sizeof *names);
    if (!names)
        return -1;
    d->symlinks = names;
    char **references = realloc(d->symlink_references, (d->symlink_count + 1) * sizeof *references);
    if (!references)
        return -1;
    d->symlink_references = references;
    return 0;
}

static void send_symlink_event(wudf_host *host, const char *name, const char *reference)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    if (!wudf_kv_add(&kv, "event", "symlink", NULL) && !wudf_kv_add(&kv, "name", name, NULL) &&
        !wudf_kv_add(&kv, "reference", reference ? reference : "", NULL))
        wudf_host_send_event(host, &kv);
    wudf_kv_free(&kv);
}

static HRESULT add_symlink(wudf_device *d, PCWSTR name, PCWSTR reference)
{
    wudf_host *host = d->obj.host;
    if (!name || !name[0])
        return E_INVALIDARG;
    char *utf8 = wudf_utf16_to_utf8(name), *ref = reference_utf8(reference);
    if (!utf8 || (reference && reference[0] && !ref)) {
        free(utf8);
        free(ref);
        return E_OUTOFMEMORY;
    }
    /* A reference string names a file under the device: one path component, as the reflector bounds it. */
    if (ref && wudf_link_reference_problem(ref)) {
        free(utf8);
        free(ref);
        return E_INVALIDARG;
    }
    uv_mutex_lock(&host->lock);
    HRESULT hr = S_OK;
    for (size_t i = 0; i < d->symlink_count && hr == S_OK; i++)
        if (strcmp(d->symlinks[i], utf8) == 0)
            hr = HRESULT_FROM_NT(STATUS_OBJECT_NAME_COLLISION);
    if (hr == S_OK && grow_symlinks(d))
        hr = E_OUTOFMEMORY;
    if (hr != S_OK) {
        uv_mutex_unlock(&host->lock);
        free(utf8);
        free(ref);
        return hr;
    }
    d->symlinks[d->symlink_count] = utf8;
    d->symlink_references[d->symlink_count++] = ref;
    int reported = d->reported;
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_INFO, "symlink", "name=%s reference=%s", utf8, ref ? ref : "");
    if (reported)
        send_symlink_event(host, utf8, ref);
    return S_OK;
}

HRESULT STDMETHODCALLTYPE wudf_device_CreateSymbolicLink(IWDFDevice3 *This, PCWSTR name)
{
    uv_mutex_lock(&dev_of(This)->names_lock);
    HRESULT hr = add_symlink(dev_of(This), name, NULL);
    uv_mutex_unlock(&dev_of(This)->names_lock);
    return hr;
}

/* An open of the link reaches the device with \reference (and what follows the link) as the file name. */
HRESULT STDMETHODCALLTYPE wudf_device_CreateSymbolicLinkWithReferenceString(IWDFDevice3 *This, PCWSTR name,
                                                                            PCWSTR reference)
{
    uv_mutex_lock(&dev_of(This)->names_lock);
    HRESULT hr = add_symlink(dev_of(This), name, reference);
    uv_mutex_unlock(&dev_of(This)->names_lock);
    return hr;
}

void wudf_device_names_lock(wudf_device *d)
{
    uv_mutex_lock(&d->names_lock);
}

void wudf_device_names_unlock(wudf_device *d)
{
    uv_mutex_unlock(&d->names_lock);
}

int wudf_device_report(wudf_device *d, wudf_kv *kv, wudf_error *err)
{
    wudf_host *host = d->obj.host;
    int rc = 0;
    uv_mutex_lock(&host->lock);
    for (size_t i = 0; i < d->symlink_count && !rc; i++) {
        rc = wudf_kv_add(kv, "symlink", d->symlinks[i], err);
        if (!rc && d->symlink_references[i])
            rc = wudf_kv_add(kv, "symlink-reference", d->symlink_references[i], err);
    }
    for (size_t i = 0; i < d->interface_count && !rc; i++) {
        char guid[39];
        wudf_guid_format(&d->interfaces[i].guid, guid);
        if (d->interfaces[i].reference)
            rc = wudf_kv_addf(kv, err, "interface", "%s\\%s", guid, d->interfaces[i].reference);
        else
            rc = wudf_kv_add(kv, "interface", guid, err);
    }
    d->reported = 1;
    uv_mutex_unlock(&host->lock);
    return rc;
}

void wudf_device_report_disabled(wudf_device *d)
{
    wudf_host *host = d->obj.host;
    for (size_t i = 0;; i++) {
        uv_mutex_lock(&host->lock);
        if (i >= d->interface_count) {
            uv_mutex_unlock(&host->lock);
            return;
        }
        wudf_device_interface copy = d->interfaces[i];
        char *ref = copy.reference ? wudf_text_copy(copy.reference) : NULL;
        copy.reference = ref;
        uv_mutex_unlock(&host->lock);
        if (!copy.enabled)
            send_interface_event(host, &copy);
        free(ref);
    }
}

void wudf_device_free_names(wudf_device *d)
{
    for (size_t i = 0; i < d->symlink_count; i++) {
        free(d->symlinks[i]);
        free(d->symlink_references[i]);
    }
    free(d->symlinks);
    free(d->symlink_references);
    for (size_t i = 0; i < d->interface_count; i++)
        free(d->interfaces[i].reference);
    free(d->interfaces);
}
