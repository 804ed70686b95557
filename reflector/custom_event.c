/*
 * Custom device events: a host's HOST_EVENT event=custom, sent when its driver
 * calls IWDFDevice::PostEvent. Windows hands such an event to applications
 * that registered for notifications on the device's handle (DBT_CUSTOMEVENT).
 * The reflector has no such registrations (yet), so an event is checked,
 * logged with the device and its GUID, and counted in the device's status;
 * a malformed one is logged as refused. The host is untrusted: every field is
 * checked against what PostEvent allows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inf.h"
#include "reflector.h"

/* PostEvent's bound on the data: 0xFFFF - FIELD_OFFSET(TARGET_DEVICE_CUSTOM_NOTIFICATION, CustomDataBuffer),
 * 36 on 64-bit Windows (host/device_event.c checks the same before sending). */
#define CUSTOM_EVENT_MAX_DATA (0xFFFFu - 36u)

static int hex_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return 1;
}

/* The event's size, or a reason it is refused. */
static const char *check(const wudf_kv *kv, char guid[WUDF_INF_GUID_SIZE], unsigned long *size)
{
    const char *g = wudf_kv_get(kv, "guid"), *type = wudf_kv_get(kv, "type"), *text = wudf_kv_get(kv, "size");
    if (!g || !wudf_inf_parse_guid(g, guid))
        return "no {GUID}";
    if (!type || strcmp(type, "broadcast") != 0)
        return "not a broadcast event";
    char *end = NULL;
    *size = text && text[0] >= '0' && text[0] <= '9' ? strtoul(text, &end, 10) : 0;
    if (!end || *end || *size > CUSTOM_EVENT_MAX_DATA)
        return "size missing or beyond PostEvent's bound";
    size_t digits = 0;
    for (size_t i = 0; i < kv->count; i++) {
        if (strcmp(kv->keys[i], "data") != 0)
            continue;
        size_t n = strlen(kv->values[i]);
        if (n % 2 || !hex_digits(kv->values[i], n))
            return "data is not hex bytes";
        digits += n;
        if (digits / 2 > *size)
            break;
    }
    return digits == 2 * (size_t)*size ? NULL : "data does not have size bytes";
}

void wudf_custom_event(wudf_devnode *d, const wudf_kv *kv)
{
    char guid[WUDF_INF_GUID_SIZE];
    unsigned long size = 0;
    const char *refused = check(kv, guid, &size);
    if (refused) {
        wudf_log(WUDF_LOG_WARN, "custom-event-refused", "device=%s reason=\"%s\"", d->instance_id, refused);
        return;
    }
    d->custom_events++;
    snprintf(d->last_custom_event, sizeof d->last_custom_event, "%s", guid);
    /* Nobody registers for a device's notifications here: the event goes to the log and the status. */
    wudf_log(WUDF_LOG_INFO, "custom-event", "device=%s guid=%s type=broadcast size=%lu delivered=0", d->instance_id,
             guid, size);
}

int wudf_custom_event_status(const wudf_devnode *d, wudf_kv *kv, wudf_error *err)
{
    int rc = wudf_kv_addf(kv, err, "custom_events", "%u", d->custom_events);
    return rc ? rc : wudf_kv_add(kv, "last_custom_event", d->last_custom_event, err);
}
