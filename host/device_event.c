/*
 * IWDFDevice::PostEvent: a custom PnP event of the device (on Windows a
 * target device change that applications registered on the device's handle
 * with RegisterDeviceNotification get as DBT_CUSTOMEVENT). The host checks
 * what Microsoft Learn documents and sends the event to the reflector as a
 * HOST_EVENT (event=custom); the reflector checks it again and delivers it
 * (reflector/custom_event.c). As on Windows, the driver learns nothing of
 * the delivery: S_OK means the event left.
 */
#include "framework.h"

#include <stdlib.h>

#include "log.h"

/* 0xFFFF - FIELD_OFFSET(TARGET_DEVICE_CUSTOM_NOTIFICATION, CustomDataBuffer), the bound Microsoft Learn
 * gives; the offset is 36 on 64-bit Windows. reflector/custom_event.c checks the same bound. */
#define POST_EVENT_MAX_DATA (0xFFFFu - 36u)
/* Bytes of data per "data" value: their hex digits stay well under a kv value's 64 KiB. */
#define POST_EVENT_CHUNK 16384u

static int add_data(wudf_kv *kv, const BYTE *data, DWORD size)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = malloc(2 * (size_t)POST_EVENT_CHUNK + 1);
    int rc = hex ? 0 : -1;
    for (DWORD at = 0; !rc && at < size; at += POST_EVENT_CHUNK) {
        DWORD n = size - at < POST_EVENT_CHUNK ? size - at : POST_EVENT_CHUNK;
        for (DWORD i = 0; i < n; i++) {
            hex[2 * i] = digits[data[at + i] >> 4];
            hex[2 * i + 1] = digits[data[at + i] & 15];
        }
        hex[2 * n] = '\0';
        rc = wudf_kv_add(kv, "data", hex, NULL);
    }
    free(hex);
    return rc;
}

HRESULT wudf_device_post_event(wudf_device *d, const GUID *guid, WDF_EVENT_TYPE type, const BYTE *data, DWORD size)
{
    /* "In the current version of UMDF, the driver must set EventType to WdfEventBroadcast." */
    if (type != WdfEventBroadcast || !guid || (size && !data))
        return E_INVALIDARG;
    if (size > POST_EVENT_MAX_DATA)
        return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY); /* what PostEvent answers to too much data */
    char text[39];
    wudf_guid_format(guid, text);
    wudf_kv kv;
    wudf_kv_init(&kv);
    int rc = wudf_kv_add(&kv, "event", "custom", NULL) || wudf_kv_add(&kv, "guid", text, NULL) ||
             wudf_kv_add(&kv, "type", "broadcast", NULL) || wudf_kv_addf(&kv, NULL, "size", "%lu", (unsigned long)size) ||
             add_data(&kv, data, size);
    if (!rc)
        wudf_host_send_event(d->obj.host, &kv);
    wudf_kv_free(&kv);
    if (rc)
        return E_OUTOFMEMORY;
    wudf_log(WUDF_LOG_INFO, "post-event", "guid=%s type=broadcast size=%lu", text, (unsigned long)size);
    return S_OK;
}
