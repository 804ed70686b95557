/*
 * IWDFMemory: a buffer the framework owns (request buffers, CreateWdfMemory)
 * or one the driver lends (CreatePreallocatedWdfMemory). Every copy is
 * bounds-checked: an offset outside the buffer is E_INVALIDARG, a copy that
 * does not fit is HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER).
 */
#include "framework.h"
#include "ring_server.h"

#include <stdlib.h>
#include <string.h>

static wudf_memory *mem_of(IWDFMemory *This)
{
    return (wudf_memory *)(void *)This;
}

/* Checks that [offset, offset + length) lies in a buffer of size bytes. */
static HRESULT check_range(SIZE_T size, ULONG_PTR offset, SIZE_T length)
{
    if (offset > size)
        return E_INVALIDARG;
    if (length > size - offset)
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    return S_OK;
}

WUDF_OBJECT_METHODS(memory, IWDFMemory)

static const IWDFMemoryVtbl memory_vtbl;

wudf_memory *wudf_memory_from(IWDFMemory *memory)
{
    return wudf_object_has_vtbl(memory, &memory_vtbl) ? mem_of(memory) : NULL;
}

static HRESULT STDMETHODCALLTYPE memory_CopyFromMemory(IWDFMemory *This, IWDFMemory *source,
                                                       PWDFMEMORY_OFFSET source_offset)
{
    wudf_memory *dst = mem_of(This), *src = wudf_memory_from(source);
    if (!src)
        return E_INVALIDARG;
    SIZE_T offset = 0, length = src->size;
    if (source_offset) {
        offset = source_offset->BufferOffset;
        length = source_offset->BufferLength;
        if (offset > src->size || length > src->size - offset)
            return E_INVALIDARG;
    }
    HRESULT hr = check_range(dst->size, 0, length);
    if (FAILED(hr))
        return hr;
    if (length)
        memmove(dst->buffer, src->buffer + offset, length);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE memory_CopyToBuffer(IWDFMemory *This, ULONG_PTR source_offset, void *target,
                                                     SIZE_T count)
{
    wudf_memory *m = mem_of(This);
    if (!target && count)
        return E_INVALIDARG;
    HRESULT hr = check_range(m->size, source_offset, count);
    if (FAILED(hr))
        return hr;
    if (count)
        memmove(target, m->buffer + source_offset, count);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE memory_CopyFromBuffer(IWDFMemory *This, ULONG_PTR dest_offset, void *source,
                                                       SIZE_T count)
{
    wudf_memory *m = mem_of(This);
    if (!source && count)
        return E_INVALIDARG;
    HRESULT hr = check_range(m->size, dest_offset, count);
    if (FAILED(hr))
        return hr;
    if (count)
        memmove(m->buffer + dest_offset, source, count);
    return S_OK;
}

static SIZE_T STDMETHODCALLTYPE memory_GetSize(IWDFMemory *This)
{
    return mem_of(This)->size;
}

static void *STDMETHODCALLTYPE memory_GetDataBuffer(IWDFMemory *This, SIZE_T *size)
{
    if (size)
        *size = mem_of(This)->size;
    return mem_of(This)->buffer;
}

static void STDMETHODCALLTYPE memory_SetBuffer(IWDFMemory *This, void *buffer, SIZE_T size)
{
    wudf_memory *m = mem_of(This);
    if (!m->preallocated || m->backing || (!buffer && size)) {
        /* Only lent buffers can be swapped; a request's buffer must stay what the sender gave. */
        wudf_driver_bug("set-buffer", "IWDFMemory::SetBuffer on memory the framework allocated");
        return;
    }
    m->buffer = buffer;
    m->size = size;
}

static const IWDFMemoryVtbl memory_vtbl = {
    WUDF_OBJECT_VTBL(memory),
    .CopyFromMemory = memory_CopyFromMemory,
    .CopyToBuffer = memory_CopyToBuffer,
    .CopyFromBuffer = memory_CopyFromBuffer,
    .GetSize = memory_GetSize,
    .GetDataBuffer = memory_GetDataBuffer,
    .SetBuffer = memory_SetBuffer,
};

static void memory_destroy(wudf_object *obj)
{
    wudf_memory *m = (wudf_memory *)(void *)obj;
    if (!m->preallocated)
        free(m->buffer);
    wudf_ring_release(m->ring);
    if (m->backing)
        wudf_object_release(&m->backing->obj);
}

static const IID *const memory_iids[] = {&IID_IWDFMemory, NULL};
static const wudf_object_type memory_type = {
    .name = "IWDFMemory",
    .iids = memory_iids,
    .wdf_object = 1,
    .deletable = 1,
    .destroy = memory_destroy,
};

/* A request's buffers: the driver may not delete them while the request still needs them. */
static const wudf_object_type request_memory_type = {
    .name = "IWDFMemory",
    .iids = memory_iids,
    .wdf_object = 1,
    .destroy = memory_destroy,
};

static wudf_memory *create(wudf_host *host, wudf_object *parent, IUnknown *callback, SIZE_T size, const void *data,
                           const wudf_object_type *type)
{
    wudf_memory *m = calloc(1, sizeof *m);
    /* One byte at least, so GetDataBuffer of an empty memory is still a valid pointer. */
    BYTE *buffer = m ? calloc(size ? size : 1, 1) : NULL;
    if (!buffer) {
        free(m);
        return NULL;
    }
    if (data && size)
        memcpy(buffer, data, size);
    m->buffer = buffer;
    m->size = size;
    wudf_object_init(&m->obj, &memory_vtbl, type, host, parent, callback);
    return m;
}

wudf_memory *wudf_memory_create(wudf_host *host, wudf_object *parent, IUnknown *callback, SIZE_T size,
                                const void *data)
{
    return create(host, parent, callback, size, data, &memory_type);
}

wudf_memory *wudf_memory_create_for_request(wudf_request *request, SIZE_T size, const void *data)
{
    return create(request->obj.host, &request->obj, NULL, size, data, &request_memory_type);
}

/* Memory over a buffer somebody else owns. */
static wudf_memory *borrowed(wudf_host *host, wudf_object *parent, IUnknown *callback, BYTE *buffer, SIZE_T size,
                             const wudf_object_type *type)
{
    wudf_memory *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->buffer = buffer;
    m->size = size;
    m->preallocated = 1;
    wudf_object_init(&m->obj, &memory_vtbl, type, host, parent, callback);
    return m;
}

wudf_memory *wudf_memory_create_in_ring(wudf_request *request, struct wudf_ring *ring, BYTE *buffer, SIZE_T size)
{
    wudf_memory *m = borrowed(request->obj.host, &request->obj, NULL, buffer, size, &request_memory_type);
    if (m) {
        m->ring = ring;
        wudf_ring_hold(ring);
    }
    return m;
}

wudf_memory *wudf_memory_create_preallocated(wudf_host *host, wudf_object *parent, IUnknown *callback, BYTE *buffer,
                                             SIZE_T size)
{
    return borrowed(host, parent, callback, buffer, size, &memory_type);
}

wudf_memory *wudf_memory_create_view(wudf_request *request, wudf_memory *backing, size_t offset, size_t length)
{
    if (offset > backing->size || length > backing->size - offset)
        return NULL;
    wudf_memory *m = borrowed(request->obj.host, &request->obj, NULL, backing->buffer + offset, length,
                              &request_memory_type);
    if (m) {
        /* The bytes stay the sender's: the view keeps them alive, whoever lets go first. */
        wudf_object_addref(&backing->obj);
        m->backing = backing;
    }
    return m;
}
