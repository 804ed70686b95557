/*
 * IWDFDriverCreatedFile (IWDFDevice::CreateWdfFile): a file object the driver
 * opens on its own lower stack, to send I/O that no client asked for. UMDF
 * sends the create to the next driver down; the file exists only if that
 * driver accepts it. Close ends it (its own cleanup and close go down the
 * same way, and the driver's file callbacks are not called: they are for
 * clients' files). It serves as the IWDFFile of the targets' Format* methods.
 */
#include "framework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"
#include "hresult.h"

/* A name is one component; UNICODE_STRING's limit bounds it. */
#define CREATED_FILE_NAME_MAX 32767u

struct wudf_created_file {
    wudf_object obj;
    wudf_device *device;
    WCHAR *name;  /* "" when the driver gave none */
    int closed;   /* host lock */
};

static const IWDFDriverCreatedFileVtbl created_vtbl;

static wudf_created_file *created_of(IWDFDriverCreatedFile *This)
{
    return (wudf_created_file *)(void *)This;
}

WUDF_OBJECT_METHODS(created, IWDFDriverCreatedFile)

static HRESULT STDMETHODCALLTYPE created_RetrieveFileName(IWDFDriverCreatedFile *This, PWSTR name, DWORD *length)
{
    return wudf_copy_string_out(created_of(This)->name, name, length);
}

static void STDMETHODCALLTYPE created_GetDevice(IWDFDriverCreatedFile *This, IWDFDevice **device)
{
    if (!device)
        return;
    wudf_object_addref(&created_of(This)->device->obj);
    *device = (IWDFDevice *)(void *)created_of(This)->device;
}

static void STDMETHODCALLTYPE created_Close(IWDFDriverCreatedFile *This)
{
    wudf_created_file *f = created_of(This);
    uv_mutex_lock(&f->obj.host->lock);
    int again = f->closed;
    f->closed = 1;
    uv_mutex_unlock(&f->obj.host->lock);
    if (again) {
        wudf_driver_bug("created-file-closed-twice", "IWDFDriverCreatedFile::Close of a closed file (ignored)");
        return;
    }
    wudf_log(WUDF_LOG_INFO, "driver-created-file-close", "file=%p", (void *)f);
    wudf_object_delete(&f->obj); /* the driver's own reference keeps the memory until it releases it */
}

static const IWDFDriverCreatedFileVtbl created_vtbl = {
    WUDF_OBJECT_VTBL(created),
    .RetrieveFileName = created_RetrieveFileName,
    .GetDevice = created_GetDevice,
    .Close = created_Close,
};

static void created_destroy(wudf_object *obj)
{
    free(((wudf_created_file *)(void *)obj)->name);
}

static const IID *const created_iids[] = {&IID_IWDFFile, &IID_IWDFDriverCreatedFile, NULL};
static const wudf_object_type created_type = {
    .name = "IWDFDriverCreatedFile",
    .iids = created_iids,
    .wdf_object = 1,
    .destroy = created_destroy,
};

wudf_created_file *wudf_created_file_from(IWDFFile *file)
{
    return wudf_object_has_vtbl(file, &created_vtbl) ? (wudf_created_file *)(void *)file : NULL;
}

/*
 * What the driver below answers a create with. Below a USB devnode's driver
 * is WinUSB, which opens a file for every create. Below a root-enumerated
 * one is the PnP manager's root PDO, whose driver object dispatches only PnP
 * and power IRPs; every other major function, IRP_MJ_CREATE among them,
 * completes with STATUS_INVALID_DEVICE_REQUEST (the I/O manager's default
 * dispatch routine; ReactOS's pnproot.c sets the same two).
 */
static NTSTATUS create_below(wudf_device *d)
{
    return d->obj.host->usb ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST;
}

/* The name as given, bounded and without path separators (Microsoft Learn: they are not allowed). */
static HRESULT check_name(LPCWSTR name, size_t *units)
{
    *units = 0;
    if (!name)
        return S_OK;
    while (name[*units]) {
        if (name[*units] == '\\' || name[*units] == '/' || *units >= CREATED_FILE_NAME_MAX)
            return E_INVALIDARG;
        (*units)++;
    }
    return S_OK;
}

HRESULT wudf_created_file_create(wudf_device *d, LPCWSTR name, IWDFDriverCreatedFile **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    size_t units;
    HRESULT hr = check_name(name, &units);
    if (FAILED(hr))
        return hr;
    NTSTATUS status = create_below(d);
    const char *status_name = wudf_status_name(status);
    wudf_log(NT_SUCCESS(status) ? WUDF_LOG_INFO : WUDF_LOG_WARN, "driver-created-file",
             "device=%s below=%s status=%s", d->obj.host->instance_id, d->obj.host->usb ? "winusb" : "root-pdo",
             status_name ? status_name : "other");
    if (!NT_SUCCESS(status))
        return wudf_hresult_from_ntstatus(status);
    wudf_created_file *f = calloc(1, sizeof *f);
    WCHAR *copy = calloc(units + 1, sizeof *copy);
    if (!f || !copy) {
        free(f);
        free(copy);
        return E_OUTOFMEMORY;
    }
    if (units)
        memcpy(copy, name, units * sizeof *copy);
    f->name = copy;
    f->device = d;
    wudf_object_init(&f->obj, &created_vtbl, &created_type, d->obj.host, &d->obj, NULL);
    wudf_object_addref(&f->obj); /* the driver's; the device holds the other until Close */
    *out = (IWDFDriverCreatedFile *)(void *)f;
    return S_OK;
}
