/*
 * A host's custom event (IWDFDevice::PostEvent) as the reflector takes it (reflector/custom_event.c):
 * a well-formed broadcast is counted and its GUID kept for the status; anything a host could send
 * wrong (no or bad GUID, another type, a size beyond PostEvent's bound or not matching the data, data
 * that is not hex bytes) is refused and counts for nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reflector.h"

#define GUID_TEXT "{6C1D3A52-8E47-4F09-B2A6-3D5E7F901B24}"

/* event=custom with the given fields; NULL leaves one out. data may repeat: "a|b" gives two values. */
static void post(wudf_devnode *d, const char *guid, const char *type, const char *size, const char *data)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "event", "custom", NULL), 0);
    if (guid)
        assert_int_equal(wudf_kv_add(&kv, "guid", guid, NULL), 0);
    if (type)
        assert_int_equal(wudf_kv_add(&kv, "type", type, NULL), 0);
    if (size)
        assert_int_equal(wudf_kv_add(&kv, "size", size, NULL), 0);
    char copy[256];
    snprintf(copy, sizeof copy, "%s", data ? data : "");
    for (char *part = copy, *next; data && part; part = next) {
        next = strchr(part, '|');
        if (next)
            *next++ = '\0';
        assert_int_equal(wudf_kv_add(&kv, "data", part, NULL), 0);
    }
    wudf_custom_event(d, &kv);
    wudf_kv_free(&kv);
}

static wudf_devnode *devnode(void)
{
    wudf_devnode *d = calloc(1, sizeof *d);
    assert_non_null(d);
    snprintf(d->instance_id, sizeof d->instance_id, "ROOT\\TEST\\0000");
    return d;
}

static void a_broadcast_is_counted_with_its_guid(void **state)
{
    (void)state;
    wudf_devnode *d = devnode();
    post(d, "{6c1d3a52-8e47-4f09-b2a6-3d5e7f901b24}", "broadcast", "3", "0a0B|ff");
    post(d, GUID_TEXT, "broadcast", "0", NULL);
    assert_int_equal(d->custom_events, 2);
    assert_string_equal(d->last_custom_event, GUID_TEXT);
    wudf_kv kv;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_custom_event_status(d, &kv, NULL), 0);
    assert_string_equal(wudf_kv_get(&kv, "custom_events"), "2");
    assert_string_equal(wudf_kv_get(&kv, "last_custom_event"), GUID_TEXT);
    wudf_kv_free(&kv);
    free(d);
}

static void what_postevent_could_not_have_sent_is_refused(void **state)
{
    (void)state;
    wudf_devnode *d = devnode();
    post(d, NULL, "broadcast", "0", NULL);                    /* no GUID */
    post(d, "6C1D3A52-8E47", "broadcast", "0", NULL);         /* not a GUID */
    post(d, GUID_TEXT, "reserved", "0", NULL);                /* WdfEventReserved */
    post(d, GUID_TEXT, NULL, "0", NULL);
    post(d, GUID_TEXT, "broadcast", NULL, NULL);              /* no size */
    post(d, GUID_TEXT, "broadcast", "-1", NULL);
    post(d, GUID_TEXT, "broadcast", "2x", "0a0b");
    post(d, GUID_TEXT, "broadcast", "65500", NULL);           /* beyond 0xFFFF - 36 */
    post(d, GUID_TEXT, "broadcast", "2", "0a");               /* fewer bytes than said */
    post(d, GUID_TEXT, "broadcast", "1", "0a0b");             /* more */
    post(d, GUID_TEXT, "broadcast", "1", "0");                /* half a byte */
    post(d, GUID_TEXT, "broadcast", "1", "zz");               /* not hex */
    assert_int_equal(d->custom_events, 0);
    assert_string_equal(d->last_custom_event, "");
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_broadcast_is_counted_with_its_guid),
        cmocka_unit_test(what_postevent_could_not_have_sent_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
