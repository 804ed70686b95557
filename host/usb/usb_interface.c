/*
 * IWDFUsbInterface: one interface of the active configuration, its alternate
 * settings (from the checked configuration descriptor) and the pipes of the
 * selected one. SelectSetting replaces the pipe objects, as UMDF does: the
 * driver retrieves them again afterwards.
 */
#include "usb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

static const IWDFUsbInterfaceVtbl interface_vtbl;
static const wudf_object_type interface_type;

static wudf_usb_interface *itf_of(IWDFUsbInterface *This)
{
    return (wudf_usb_interface *)(void *)This;
}

wudf_usb_interface *wudf_usb_interface_from(const void *itf)
{
    return wudf_object_has_vtbl(itf, &interface_vtbl) ? (wudf_usb_interface *)(void *)itf : NULL;
}

static const wudf_usb_setting *selected(const wudf_usb_interface *i)
{
    return &i->target->usb->config.settings[i->first_setting + i->current];
}

WUDF_OBJECT_METHODS(interface, IWDFUsbInterface)

static void STDMETHODCALLTYPE interface_GetInterfaceDescriptor(IWDFUsbInterface *This,
                                                               PUSB_INTERFACE_DESCRIPTOR descriptor)
{
    if (!descriptor)
        return;
    wudf_usb *usb = itf_of(This)->target->usb;
    uv_mutex_lock(&usb->lock);
    memcpy(descriptor, selected(itf_of(This))->descriptor, WUDF_USB_INTERFACE_DESCRIPTOR_SIZE);
    uv_mutex_unlock(&usb->lock);
}

static UCHAR STDMETHODCALLTYPE interface_GetInterfaceNumber(IWDFUsbInterface *This)
{
    return itf_of(This)->number;
}

static UCHAR STDMETHODCALLTYPE interface_GetNumEndPoints(IWDFUsbInterface *This)
{
    wudf_usb *usb = itf_of(This)->target->usb;
    uv_mutex_lock(&usb->lock);
    UCHAR n = selected(itf_of(This))->endpoint_count;
    uv_mutex_unlock(&usb->lock);
    return n;
}

static UCHAR STDMETHODCALLTYPE interface_GetConfiguredSettingIndex(IWDFUsbInterface *This)
{
    wudf_usb *usb = itf_of(This)->target->usb;
    uv_mutex_lock(&usb->lock);
    UCHAR n = selected(itf_of(This))->alternate_setting;
    uv_mutex_unlock(&usb->lock);
    return n;
}

/* Takes the pipes out of i (the caller drops them). */
static wudf_usb_pipe **take_pipes(wudf_usb_interface *i, size_t *count)
{
    uv_mutex_lock(&i->target->usb->lock);
    wudf_usb_pipe **pipes = i->pipes;
    *count = i->pipe_count;
    i->pipes = NULL;
    i->pipe_count = 0;
    uv_mutex_unlock(&i->target->usb->lock);
    return pipes;
}

static void drop_pipes(wudf_usb_pipe **pipes, size_t count, int delete_them)
{
    for (size_t n = 0; n < count; n++) {
        if (!pipes[n])
            continue;
        if (delete_them)
            wudf_object_delete(&pipes[n]->obj);
        wudf_object_release(&pipes[n]->obj);
    }
    free(pipes);
}

static HRESULT STDMETHODCALLTYPE interface_SelectSetting(IWDFUsbInterface *This, UCHAR setting)
{
    wudf_usb_interface *i = itf_of(This);
    wudf_usb *usb = i->target->usb;
    size_t wanted = i->setting_count;
    for (size_t n = 0; n < i->setting_count; n++)
        if (usb->config.settings[i->first_setting + n].alternate_setting == setting)
            wanted = n;
    if (wanted == i->setting_count)
        return E_INVALIDARG;
    uv_mutex_lock(&usb->lock);
    int state = usb->state;
    uv_mutex_unlock(&usb->lock);
    if (state != USB_OPEN)
        return HRESULT_FROM_NT(state == USB_GONE ? STATUS_DEVICE_NOT_CONNECTED : STATUS_INVALID_DEVICE_STATE);
    /* I/O on the old pipes ends before their endpoints change. */
    size_t old_count;
    wudf_usb_pipe **old = take_pipes(i, &old_count);
    for (size_t n = 0; n < old_count; n++)
        wudf_usb_abort(usb, &old[n]->obj, 5000);
    int rc = usb->backend->set_alt_setting(usb, i->number, setting);
    if (rc < 0) {
        uv_mutex_lock(&usb->lock);
        i->pipes = old; /* still the device's setting */
        i->pipe_count = old_count;
        uv_mutex_unlock(&usb->lock);
        return HRESULT_FROM_NT(wudf_usb_status_from_error(rc));
    }
    drop_pipes(old, old_count, 1);
    uv_mutex_lock(&usb->lock);
    i->current = wanted;
    uv_mutex_unlock(&usb->lock);
    wudf_log(WUDF_LOG_INFO, "usb-select-setting", "interface=%u setting=%u", i->number, setting);
    return wudf_usb_pipes_create(i);
}

static WINUSB_INTERFACE_HANDLE STDMETHODCALLTYPE interface_GetWinUsbHandle(IWDFUsbInterface *This)
{
    return (WINUSB_INTERFACE_HANDLE)itf_of(This)->target->usb;
}

static HRESULT STDMETHODCALLTYPE interface_RetrieveUsbPipeObject(IWDFUsbInterface *This, UCHAR index,
                                                                 IWDFUsbTargetPipe **out)
{
    wudf_usb_interface *i = itf_of(This);
    if (!out)
        return E_POINTER;
    *out = NULL;
    uv_mutex_lock(&i->target->usb->lock);
    wudf_usb_pipe *p = index < i->pipe_count ? i->pipes[index] : NULL;
    if (p)
        wudf_object_addref(&p->obj);
    uv_mutex_unlock(&i->target->usb->lock);
    if (!p)
        return E_INVALIDARG;
    *out = (IWDFUsbTargetPipe *)(void *)p;
    return S_OK;
}

static const IWDFUsbInterfaceVtbl interface_vtbl = {
    WUDF_OBJECT_VTBL(interface),
    .GetInterfaceDescriptor = interface_GetInterfaceDescriptor,
    .GetInterfaceNumber = interface_GetInterfaceNumber,
    .GetNumEndPoints = interface_GetNumEndPoints,
    .GetConfiguredSettingIndex = interface_GetConfiguredSettingIndex,
    .SelectSetting = interface_SelectSetting,
    .GetWinUsbHandle = interface_GetWinUsbHandle,
    .RetrieveUsbPipeObject = interface_RetrieveUsbPipeObject,
};

static void interface_destroy(wudf_object *obj)
{
    wudf_usb_interface *i = (wudf_usb_interface *)(void *)obj;
    drop_pipes(i->pipes, i->pipe_count, 0); /* cleaned up with the tree already */
}

static const IID *const interface_iids[] = {&IID_IWDFUsbInterface, NULL};
static const wudf_object_type interface_type = {
    .name = "IWDFUsbInterface",
    .iids = interface_iids,
    .wdf_object = 1,
    .destroy = interface_destroy,
};

HRESULT wudf_usb_interfaces_create(wudf_usb_target *t)
{
    wudf_usb *usb = t->usb;
    size_t count = usb->config.interface_count;
    t->interfaces = calloc(count ? count : 1, sizeof *t->interfaces);
    if (!t->interfaces)
        return E_OUTOFMEMORY;
    for (size_t n = 0; n < count; n++) {
        size_t first, settings;
        if (wudf_usb_config_interface(&usb->config, n, &first, &settings))
            return HRESULT_FROM_NT(STATUS_DEVICE_DATA_ERROR); /* the parser counted them: cannot happen */
        wudf_usb_interface *i = calloc(1, sizeof *i);
        if (!i)
            return E_OUTOFMEMORY;
        i->target = t;
        i->number = usb->config.settings[first].interface_number;
        i->first_setting = first;
        i->setting_count = settings;
        /* A claimed interface starts in alternate setting 0 (the first listed if there is no 0). */
        for (size_t s = 0; s < settings; s++)
            if (usb->config.settings[first + s].alternate_setting == 0) {
                i->current = s;
                break;
            }
        wudf_object_init(&i->obj, &interface_vtbl, &interface_type, t->obj.host, &t->obj, NULL);
        t->interfaces[n] = wudf_usb_referenced(&i->obj);
        t->interface_count = n + 1;
        HRESULT hr = wudf_usb_pipes_create(i);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}
