/*
 * A devnode's registry keys and device properties (property.h): applied at install, loaded from
 * and saved to the device store, and changed by what the device's driver writes; its DEVICEMAP
 * values, kept in memory only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "log.h"
#include "property.h"

#define FMTID_DEVICE WUDF_DEVPKEY_FMTID_DEVICE
#define FMTID_DRIVER WUDF_DEVPKEY_FMTID_DRIVER
#define FMTID_INSTANCE WUDF_DEVPKEY_FMTID_INSTANCE

int wudf_property_read(const wudf_devnode *d, wudf_reg_store *store, wudf_error *err)
{
    wudf_reg_store_init(store);
    int rc = wudf_reg_store_from_kv(store, &d->settings, err);
    if (rc)
        wudf_reg_store_free(store);
    return rc;
}

/* Whether a and b hold the same reg.map entries in the same order. */
static int same_map(const wudf_kv *a, const wudf_kv *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < a->count && strcmp(a->keys[i], "reg.map") != 0)
            i++;
        while (j < b->count && strcmp(b->keys[j], "reg.map") != 0)
            j++;
        if (i == a->count || j == b->count)
            return i == a->count && j == b->count;
        if (strcmp(a->values[i++], b->values[j++]) != 0)
            return 0;
    }
}

int wudf_property_replace(wudf_devnode *d, const wudf_reg_store *store)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_reg_store_to_kv(store, &kv, 0, &err)) {
        wudf_kv_free(&kv);
        return -1;
    }
    wudf_kv_free(&d->settings);
    d->settings = kv;
    return 0;
}

int wudf_property_write(wudf_devnode *d, const wudf_reg_store *store, wudf_error *err)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    int rc = wudf_reg_store_to_kv(store, &kv, 0, err);
    if (rc) {
        wudf_kv_free(&kv);
        return rc;
    }
    int map_changed = !same_map(&d->settings, &kv);
    wudf_kv before = d->settings;
    d->settings = kv;
    /* What the keys were goes along, for the platform's registry to take only the change. */
    wudf_kernel_registry_changed(d, &before, store);
    wudf_kv_free(&before);
    if (map_changed)
        wudf_kernel_devicemap_changed(d);
    return 0;
}

static int add(wudf_reg_store *s, wudf_reg_root root, const char *path, const char *name, const char *type,
               const char *data, wudf_error *err)
{
    wudf_reg_entry e;
    int rc = wudf_reg_entry_make(root, path, name, type, data, &e, err);
    if (!rc) {
        rc = wudf_reg_store_set(s, &e, err);
        wudf_reg_entry_free(&e);
    }
    return rc;
}

/* DEVPROP_TYPE_GUID: the GUID's bytes as Windows lays it out in memory. */
static int add_guid(wudf_reg_store *s, const char *path, const char *name, const char *text, wudf_error *err)
{
    unsigned long a;
    unsigned b, c, x[8];
    if (sscanf(text, "{%8lx-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &a, &b, &c, &x[0], &x[1], &x[2], &x[3], &x[4],
               &x[5], &x[6], &x[7]) != 11)
        return 0;
    uint8_t g[16] = {(uint8_t)a, (uint8_t)(a >> 8), (uint8_t)(a >> 16), (uint8_t)(a >> 24),
                     (uint8_t)b, (uint8_t)(b >> 8), (uint8_t)c, (uint8_t)(c >> 8)};
    for (int i = 0; i < 8; i++)
        g[8 + i] = (uint8_t)x[i];
    wudf_reg_entry e;
    int rc = wudf_reg_entry_from_data(WUDF_REG_ROOT_DP, path, name, WUDF_DEVPROP_TYPE_GUID, g, sizeof g, &e, err);
    if (!rc) {
        rc = wudf_reg_store_set(s, &e, err);
        wudf_reg_entry_free(&e);
    }
    return rc;
}

/* What PnP records of a device when its driver is installed, as unified device properties. */
static int add_system_properties(wudf_devnode *d, const wudf_inf *inf, const wudf_inf_install *ins,
                                 wudf_reg_store *s, wudf_error *err)
{
    char hardware[WUDF_INF_MAX_LINE], compatible[WUDF_INF_MAX_LINE];
    int rc = wudf_inf_model_ids(inf, ins, hardware, sizeof hardware, compatible, sizeof compatible, err);
    if (rc == WUDF_ENOTFOUND) {
        snprintf(hardware, sizeof hardware, "%s", ins->hardware_id);
        compatible[0] = '\0';
        rc = 0;
    }
    struct {
        const char *path, *name, *type, *value;
    } props[] = {
        {FMTID_DEVICE, "2", "string", ins->description},     /* DeviceDesc */
        {FMTID_DEVICE, "3", "string_list", hardware},        /* HardwareIds */
        {FMTID_DEVICE, "4", "string_list", compatible},      /* CompatibleIds */
        {FMTID_DEVICE, "6", "string", ins->services[0].name}, /* Service */
        {FMTID_DEVICE, "9", "string", ins->class_name},      /* Class */
        {FMTID_DEVICE, "13", "string", ins->manufacturer},   /* Manufacturer */
        {FMTID_DRIVER, "3", "string", ins->driver_version},  /* DriverVersion */
        {FMTID_DRIVER, "9", "string", ins->provider},        /* DriverProvider */
        {FMTID_INSTANCE, "256", "string", d->instance_id},   /* InstanceId */
    };
    for (size_t i = 0; !rc && i < sizeof props / sizeof props[0]; i++)
        if (props[i].value[0])
            rc = add(s, WUDF_REG_ROOT_DP, props[i].path, props[i].name, props[i].type, props[i].value, err);
    if (!rc)
        rc = add_guid(s, FMTID_DEVICE, "10", ins->class_guid, err); /* ClassGuid */
    return rc;
}

static void log_skipped(void *context, const char *message)
{
    char q[600];
    wudf_log(WUDF_LOG_WARN, "addreg-skipped", "device=%s reason=%s", (const char *)context,
             wudf_log_quote(q, sizeof q, message));
}

int wudf_property_install(wudf_devnode *d, const wudf_inf *inf, const wudf_inf_install *ins, const wudf_kv *req,
                          wudf_error *err)
{
    wudf_reg_store s;
    wudf_reg_store_init(&s);
    int rc = wudf_inf_apply_addreg(inf, ins->install_section, &s, log_skipped, d->instance_id, err);
    if (!rc)
        rc = add_system_properties(d, inf, ins, &s, err);
    /* The installer's values (wudfctl install --setting) go to the hardware key, over the INF's. */
    for (size_t i = 0; !rc && i < req->count; i++) {
        wudf_reg_entry e;
        if (strcmp(req->keys[i], "reg.hw") == 0)
            rc = wudf_reg_entry_parse(WUDF_REG_ROOT_HW, req->values[i], &e, err);
        else if (strncmp(req->keys[i], "setting.", 8) == 0 && req->keys[i][8])
            rc = wudf_reg_entry_make(WUDF_REG_ROOT_HW, "", req->keys[i] + 8, "sz", req->values[i], &e, err);
        else
            continue;
        if (!rc) {
            rc = wudf_reg_store_set(&s, &e, err);
            wudf_reg_entry_free(&e);
        }
    }
    if (!rc)
        rc = wudf_property_write(d, &s, err);
    wudf_reg_store_free(&s);
    return rc;
}

int wudf_property_persistent(const wudf_devnode *d, size_t i)
{
    wudf_reg_root root;
    wudf_reg_entry e;
    if (wudf_reg_root_from_key(d->settings.keys[i], &root))
        return 1;
    if (root == WUDF_REG_ROOT_MAP)
        return 0; /* DEVICEMAP lives as long as the reflector, as Windows rebuilds it at each boot */
    if (wudf_reg_entry_parse(root, d->settings.values[i], &e, NULL))
        return 0;
    int keep = 1;
    for (size_t j = 0; keep && j < d->settings.count; j++) {
        wudf_reg_entry k;
        wudf_reg_root kr;
        /* Keys are few: checking each volatile key entry against this path is cheap enough. */
        if (wudf_reg_root_from_key(d->settings.keys[j], &kr) || kr != root ||
            !strstr(d->settings.values[j], ";key;volatile"))
            continue;
        if (wudf_reg_entry_parse(kr, d->settings.values[j], &k, NULL) == 0) {
            keep = !(k.is_volatile && wudf_reg_path_within(e.path, k.path));
            wudf_reg_entry_free(&k);
        }
    }
    wudf_reg_entry_free(&e);
    return keep;
}

int wudf_property_load_field(wudf_devnode *d, const char *key, const char *value, wudf_error *err)
{
    wudf_reg_root root;
    wudf_reg_entry e;
    int rc;
    if (wudf_reg_root_from_key(key, &root) == 0) {
        if (root == WUDF_REG_ROOT_MAP)
            return 0; /* never stored: a store that has one was written by someone else, ignored */
        rc = wudf_reg_entry_parse(root, value, &e, err);
        if (!rc)
            wudf_reg_entry_free(&e);
        return rc ? rc : wudf_kv_add(&d->settings, key, value, err);
    }
    /* An older store: setting.NAME was a string of the hardware key. */
    rc = wudf_reg_entry_make(WUDF_REG_ROOT_HW, "", key + 8, "sz", value, &e, err);
    if (rc)
        return rc;
    char *text = wudf_reg_entry_format(&e);
    wudf_reg_entry_free(&e);
    if (!text)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    rc = wudf_kv_add(&d->settings, "reg.hw", text, err);
    free(text);
    return rc;
}

/* A driver may write in a loop: the store is written at most every WUDF_PROPERTY_SAVE_MS, the
 * last change a moment later, so that a busy driver costs one fsync a period, not one a write. */
#define WUDF_PROPERTY_SAVE_MS 100

static uv_timer_t save_timer;
static uv_loop_t *save_loop;
static uint64_t last_save_ms;
static int save_pending;

static void save_now(void)
{
    wudf_error err;
    save_pending = 0;
    last_save_ms = wudf_now_ms();
    if (wudf_store_save(g_reflector, &err))
        wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
}

static void on_save_timer(uv_timer_t *timer)
{
    (void)timer;
    save_now();
}

static void save_soon(void)
{
    uv_loop_t *loop = g_reflector->loop;
    if (save_loop != loop || uv_is_closing((uv_handle_t *)&save_timer)) {
        /* A new loop (the reflector's teardown closes every handle): a new timer, not kept alive by it. */
        uv_timer_init(loop, &save_timer);
        uv_unref((uv_handle_t *)&save_timer);
        save_loop = loop;
        save_pending = 0;
    }
    if (save_pending)
        return;
    uint64_t now = wudf_now_ms(), since = now - last_save_ms;
    if (since >= WUDF_PROPERTY_SAVE_MS) {
        save_now();
        return;
    }
    save_pending = 1;
    uv_timer_start(&save_timer, on_save_timer, WUDF_PROPERTY_SAVE_MS - since, 0);
}

void wudf_property_flush(void)
{
    if (save_pending && save_loop == g_reflector->loop && !uv_is_closing((uv_handle_t *)&save_timer)) {
        uv_timer_stop(&save_timer);
        save_now();
    }
}

static void refuse(const wudf_devnode *d, const char *what, const char *why)
{
    char q1[200], q2[300];
    wudf_log(WUDF_LOG_WARN, "property-refused", "device=%s entry=%s reason=%s", d->instance_id,
             wudf_log_quote(q1, sizeof q1, what), wudf_log_quote(q2, sizeof q2, why));
}

static void take_map_value(wudf_devnode *d, const wudf_reg_entry *e);

/* event=property op=set|delete|create-key|delete-key key=reg.hw|reg.sw|reg.dp|reg.map|reg.if entry=TEXT:
 * for a delete, TEXT names the value (its type and data are not looked at). */
void wudf_property_host_event(wudf_devnode *d, const wudf_kv *event)
{
    const char *op = wudf_kv_get(event, "op"), *key = wudf_kv_get(event, "key");
    const char *text = wudf_kv_get(event, "entry");
    wudf_reg_root root;
    wudf_reg_entry e;
    wudf_error err;
    if (!op || !key || !text || wudf_reg_root_from_key(key, &root)) {
        refuse(d, text ? text : "-", "a property event without op, key or entry");
        return;
    }
    if (wudf_reg_entry_parse(root, text, &e, &err)) {
        refuse(d, text, err.message);
        return;
    }
    int is_set = strcmp(op, "set") == 0, is_delete = strcmp(op, "delete") == 0;
    int is_key_op = strcmp(op, "create-key") == 0 || strcmp(op, "delete-key") == 0;
    if ((!is_set && !is_delete && !is_key_op) || is_key_op != !e.name) {
        refuse(d, text, "unknown property operation");
        wudf_reg_entry_free(&e);
        return;
    }
    if (!wudf_reg_driver_may_write(&e)) {
        refuse(d, text, "drivers may not write there");
        wudf_reg_entry_free(&e);
        return;
    }
    /* The other device's value goes first: whoever mirrors the map sees it leave, then d's come. */
    if (root == WUDF_REG_ROOT_MAP && is_set)
        take_map_value(d, &e);
    wudf_reg_store s;
    int rc = wudf_property_read(d, &s, &err);
    if (!rc) {
        if (is_set || strcmp(op, "create-key") == 0)
            rc = wudf_reg_store_set(&s, &e, &err);
        else if (is_delete)
            wudf_reg_store_delete(&s, root, e.path, e.name);
        else
            wudf_reg_store_delete_key(&s, root, e.path);
        if (!rc)
            rc = wudf_property_write(d, &s, &err);
        wudf_reg_store_free(&s);
    }
    if (rc) {
        refuse(d, text, err.message);
    } else {
        char q1[200], q2[300];
        wudf_log(WUDF_LOG_INFO, "property-changed", "device=%s op=%s key=%s path=%s name=%s", d->instance_id, op, key,
                 wudf_log_quote(q1, sizeof q1, e.path), wudf_log_quote(q2, sizeof q2, e.name ? e.name : ""));
        if (root != WUDF_REG_ROOT_MAP)
            save_soon();
    }
    wudf_reg_entry_free(&e);
}

/* ---- HKLM\HARDWARE\DEVICEMAP ---- */

/* Removes the values of d that match (root map, path, name NULL: all of them); d's hook runs if any
 * went. */
static void drop_map_values(wudf_devnode *d, const char *path, const char *name)
{
    wudf_reg_store s;
    wudf_error err;
    if (wudf_property_read(d, &s, &err)) {
        wudf_log(WUDF_LOG_ERROR, "devicemap-failed", "device=%s reason=\"%s\"", d->instance_id, err.message);
        return;
    }
    int found = name ? wudf_reg_store_delete(&s, WUDF_REG_ROOT_MAP, path, name) == 0
                     : wudf_reg_store_delete_key(&s, WUDF_REG_ROOT_MAP, "") == 0;
    if (found && wudf_property_write(d, &s, &err))
        wudf_log(WUDF_LOG_ERROR, "devicemap-failed", "device=%s reason=\"%s\"", d->instance_id, err.message);
    wudf_reg_store_free(&s);
}

/* Windows has one DEVICEMAP for the machine: a value d's driver wrote replaces the one of that name
 * another device's driver wrote before (the later write wins, as in the registry). */
static void take_map_value(wudf_devnode *d, const wudf_reg_entry *e)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *other = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        int held = 0;
        /* Only the other device's reg.map entries are parsed: a driver may write often. */
        for (size_t i = 0; other != d && !held && i < other->settings.count; i++) {
            wudf_reg_entry o;
            if (strcmp(other->settings.keys[i], "reg.map") != 0 ||
                wudf_reg_entry_parse(WUDF_REG_ROOT_MAP, other->settings.values[i], &o, NULL))
                continue;
            held = o.name && wudf_reg_equal_nocase(o.path, e->path) && wudf_reg_equal_nocase(o.name, e->name);
            wudf_reg_entry_free(&o);
        }
        if (!held)
            continue;
        char q1[200], q2[300];
        wudf_log(WUDF_LOG_WARN, "devicemap-replaced", "device=%s previous=%s map=%s name=%s", d->instance_id,
                 other->instance_id, wudf_log_quote(q1, sizeof q1, e->path), wudf_log_quote(q2, sizeof q2, e->name));
        drop_map_values(other, e->path, e->name);
    }
}

void wudf_property_devnode_removed(wudf_devnode *d)
{
    drop_map_values(d, "", NULL);
}

int wudf_property_devicemap_each(const wudf_devnode *d, wudf_devicemap_visit visit, void *context)
{
    for (size_t i = 0; i < d->settings.count; i++) {
        wudf_reg_entry e;
        if (strcmp(d->settings.keys[i], "reg.map") != 0 ||
            wudf_reg_entry_parse(WUDF_REG_ROOT_MAP, d->settings.values[i], &e, NULL))
            continue;
        int rc = 0;
        if (e.name) {
            wudf_devicemap_value v = {e.path, e.name, e.type, e.data, e.size};
            rc = visit(context, &v);
        }
        wudf_reg_entry_free(&e);
        if (rc)
            return rc;
    }
    return 0;
}
