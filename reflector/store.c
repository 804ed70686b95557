/*
 * The device store: every devnode's installed configuration in one text file
 * (`devices.db` in the state directory), rewritten atomically on each change
 * so a crash at any moment leaves either the old or the new store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_interface.h"
#include "driver_store.h"
#include "inf.h"
#include "log.h"
#include "property.h"
#include "reflector.h"

#define STORE_MAGIC "openwudf-store 1"
#define STORE_MAX (16u * 1024u * 1024u)

typedef struct strbuf {
    char *data;
    size_t length, capacity;
    int failed;
} strbuf;

static void sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->length + n + 1 > b->capacity) {
        size_t cap = b->capacity ? b->capacity : 4096;
        while (b->length + n + 1 > cap)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->capacity = cap;
    }
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
}

/* key=value with %, CR and LF percent-encoded. */
static void sb_field(strbuf *b, const char *key, const char *value)
{
    sb_add(b, key, strlen(key));
    sb_add(b, "=", 1);
    for (const char *p = value; *p; p++) {
        if (*p == '%' || *p == '\n' || *p == '\r') {
            char esc[4];
            snprintf(esc, sizeof esc, "%%%02X", (unsigned char)*p);
            sb_add(b, esc, 3);
        } else {
            sb_add(b, p, 1);
        }
    }
    sb_add(b, "\n", 1);
}

/* The lowest service keeps the keys of a one-driver store (an older openwudf still loads the file);
 * the others are service.<i>.name, .clsid, .binary and .library_version. */
static void save_services(strbuf *b, const wudf_devnode *d)
{
    for (unsigned i = 0; i < d->service_count; i++) {
        const wudf_service *sv = &d->services[i];
        char key[32];
        const char *prefix = i ? key : "";
        snprintf(key, sizeof key, "service.%u.", i);
        const char *fields[][2] = {
            {i ? "name" : "service", sv->name}, {"clsid", sv->clsid}, {"binary", sv->binary},
            {"library_version", sv->library_version},
        };
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            char name[64];
            snprintf(name, sizeof name, "%s%s", prefix, fields[f][0]);
            sb_field(b, name, fields[f][1]);
        }
    }
}

/* service.<i>.<field> of a store (1 <= i < WUDF_MAX_SERVICES); 1 when key is not one. */
static int set_service_field(wudf_devnode *d, const char *key, const char *value, wudf_error *err)
{
    if (strncmp(key, "service.", 8) != 0 || key[8] < '1' || key[8] > '9' || key[9] != '.')
        return 1;
    unsigned i = (unsigned)(key[8] - '0');
    if (i >= WUDF_MAX_SERVICES)
        return wudf_error_set(err, WUDF_ETOOBIG, "%s: more than %u services in one device stack", key,
                              WUDF_MAX_SERVICES);
    wudf_service *sv = &d->services[i];
    struct {
        const char *name;
        char *dest;
        size_t size;
    } fields[] = {
        {"name", sv->name, sizeof sv->name},
        {"clsid", sv->clsid, sizeof sv->clsid},
        {"binary", sv->binary, sizeof sv->binary},
        {"library_version", sv->library_version, sizeof sv->library_version},
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        if (strcmp(key + 10, fields[f].name) != 0)
            continue;
        if (strlen(value) >= fields[f].size)
            return wudf_error_set(err, WUDF_ETOOBIG, "value of %s is too long", key);
        strcpy(fields[f].dest, value);
        if (d->service_count < i + 1)
            d->service_count = i + 1;
    }
    return 0; /* an unknown field is from a newer version */
}

static int store_path(const wudf_reflector *r, char *buf, size_t size, wudf_error *err)
{
    return wudf_path_join(buf, size, r->config.state_dir, "devices.db", err);
}

int wudf_store_save(wudf_reflector *r, wudf_error *err)
{
    strbuf b = {0};
    sb_add(&b, STORE_MAGIC "\n", strlen(STORE_MAGIC) + 1);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->packages) {
        wudf_package *p = WUDF_CONTAINER_OF(pos, wudf_package, link);
        sb_add(&b, "[package]\n", 10);
        sb_field(&b, "inf", p->inf_name);
        sb_field(&b, "inf_origin", p->inf_origin);
        sb_field(&b, "hardware_id", p->hardware_id);
        sb_field(&b, "hardware_ids", p->hardware_ids);
        sb_field(&b, "acl", p->acl);
        if (p->has_copy)
            sb_field(&b, "copy", "1");
    }
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        sb_add(&b, "[device]\n", 9);
        sb_field(&b, "instance_id", d->instance_id);
        sb_field(&b, "hardware_id", d->hardware_id);
        sb_field(&b, "description", d->description);
        sb_field(&b, "manufacturer", d->manufacturer);
        sb_field(&b, "provider", d->provider);
        sb_field(&b, "class", d->class_name);
        sb_field(&b, "class_guid", d->class_guid);
        sb_field(&b, "inf", d->inf_name);
        sb_field(&b, "inf_origin", d->inf_origin);
        sb_field(&b, "install_section", d->install_section);
        sb_field(&b, "driver_version", d->driver_version);
        sb_field(&b, "driver_date", d->driver_date);
        save_services(&b, d);
        sb_field(&b, "enabled", d->enabled ? "1" : "0");
        sb_field(&b, "acl", d->acl);
        sb_field(&b, "wdf.method_neither_action", d->method_neither_action);
        sb_field(&b, "wdf.file_object_policy", d->file_object_policy);
        sb_field(&b, "wdf.impersonation_level", d->impersonation_level);
        if (d->usb) {
            char ids[16];
            sb_field(&b, "usb", "1");
            snprintf(ids, sizeof ids, "%04x", d->usb_vid);
            sb_field(&b, "usb.vid", ids);
            snprintf(ids, sizeof ids, "%04x", d->usb_pid);
            sb_field(&b, "usb.pid", ids);
            sb_field(&b, "usb.ids", d->usb_ids);
            if (d->usbip_server[0]) {
                sb_field(&b, "usb.usbip", d->usbip_server);
                sb_field(&b, "usb.busid", d->usb_busid);
            }
        }
        for (size_t i = 0; i < d->settings.count; i++)
            if (wudf_property_persistent(d, i))
                sb_field(&b, d->settings.keys[i], d->settings.values[i]);
        char itf[WUDF_INF_GUID_SIZE + WUDF_INTERFACE_REFERENCE_SIZE];
        for (unsigned i = 0; wudf_interface_stored(d, i, itf, sizeof itf); i++)
            sb_field(&b, "interface", itf);
    }
    if (b.failed) {
        free(b.data);
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory writing the device store");
    }
    char path[WUDF_PATH_MAX];
    int rc = store_path(r, path, sizeof path, err);
    if (!rc)
        rc = wudf_write_file_atomic(path, b.data, b.length, err);
    free(b.data);
    return rc;
}

static int unescape(char *s)
{
    char *w = s;
    for (char *p = s; *p; p++) {
        if (*p == '%') {
            unsigned v;
            if (!p[1] || !p[2] || sscanf(p + 1, "%2X", &v) != 1)
                return -1;
            *w++ = (char)v;
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return 0;
}

static int set_field(wudf_devnode *d, const char *key, const char *value, wudf_error *err)
{
    struct {
        const char *key;
        char *dest;
        size_t size;
    } fields[] = {
        {"instance_id", d->instance_id, sizeof d->instance_id},
        {"hardware_id", d->hardware_id, sizeof d->hardware_id},
        {"description", d->description, sizeof d->description},
        {"manufacturer", d->manufacturer, sizeof d->manufacturer},
        {"provider", d->provider, sizeof d->provider},
        {"class", d->class_name, sizeof d->class_name},
        {"class_guid", d->class_guid, sizeof d->class_guid},
        {"inf", d->inf_name, sizeof d->inf_name},
        {"inf_origin", d->inf_origin, sizeof d->inf_origin},
        {"install_section", d->install_section, sizeof d->install_section},
        {"driver_version", d->driver_version, sizeof d->driver_version},
        {"driver_date", d->driver_date, sizeof d->driver_date},
        {"service", d->services[0].name, sizeof d->services[0].name},
        {"clsid", d->services[0].clsid, sizeof d->services[0].clsid},
        {"binary", d->services[0].binary, sizeof d->services[0].binary},
        {"acl", d->acl, sizeof d->acl},
        {"usb.ids", d->usb_ids, sizeof d->usb_ids},
        {"usb.usbip", d->usbip_server, sizeof d->usbip_server},
        {"usb.busid", d->usb_busid, sizeof d->usb_busid},
        {"library_version", d->services[0].library_version, sizeof d->services[0].library_version},
        {"wdf.method_neither_action", d->method_neither_action, sizeof d->method_neither_action},
        {"wdf.file_object_policy", d->file_object_policy, sizeof d->file_object_policy},
        {"wdf.impersonation_level", d->impersonation_level, sizeof d->impersonation_level},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(key, fields[i].key) == 0) {
            if (strlen(value) >= fields[i].size)
                return wudf_error_set(err, WUDF_ETOOBIG, "value of %s is too long", key);
            strcpy(fields[i].dest, value);
            /* The keys of a one-driver store are the lowest service's. */
            char *base = (char *)&d->services[0];
            if (fields[i].dest >= base && fields[i].dest < base + sizeof d->services[0] && !d->service_count)
                d->service_count = 1;
            return 0;
        }
    }
    int service = set_service_field(d, key, value, err);
    if (service <= 0)
        return service;
    if (strcmp(key, "enabled") == 0) {
        d->enabled = strcmp(value, "0") != 0;
        return 0;
    }
    if (strcmp(key, "usb") == 0) {
        d->usb = strcmp(value, "0") != 0;
        return 0;
    }
    if (strcmp(key, "usb.vid") == 0 || strcmp(key, "usb.pid") == 0) {
        unsigned long v = strtoul(value, NULL, 16);
        *(key[4] == 'v' ? &d->usb_vid : &d->usb_pid) = (unsigned)(v & 0xffff);
        return 0;
    }
    if (strcmp(key, "interface") == 0) /* one its driver registered (device_interface.c) */
        return wudf_interface_load(d, value, err);
    wudf_reg_root root;
    if (wudf_reg_root_from_key(key, &root) == 0 || (strncmp(key, "setting.", 8) == 0 && key[8]))
        return wudf_property_load_field(d, key, value, err);
    return 0; /* a key from a newer version: keep going */
}

static int set_package_field(wudf_package *p, const char *key, const char *value, wudf_error *err)
{
    struct {
        const char *key;
        char *dest;
        size_t size;
    } fields[] = {
        {"inf", p->inf_name, sizeof p->inf_name},
        {"inf_origin", p->inf_origin, sizeof p->inf_origin},
        {"hardware_id", p->hardware_id, sizeof p->hardware_id},
        {"hardware_ids", p->hardware_ids, sizeof p->hardware_ids},
        {"acl", p->acl, sizeof p->acl},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(key, fields[i].key) == 0) {
            if (strlen(value) >= fields[i].size)
                return wudf_error_set(err, WUDF_ETOOBIG, "value of %s is too long", key);
            strcpy(fields[i].dest, value);
        }
    /* Its own copy of its files (a package of an older store has none: its devices load the INF's). */
    if (strcmp(key, "copy") == 0)
        p->has_copy = strcmp(value, "0") != 0;
    return 0; /* a key from a newer version: keep going */
}

void wudf_store_free_packages(wudf_reflector *r)
{
    wudf_driver_store_jobs_free();
    while (!wudf_list_empty(&r->packages)) {
        wudf_list *l = r->packages.next;
        wudf_list_remove(l);
        free(WUDF_CONTAINER_OF(l, wudf_package, link));
    }
}

int wudf_store_load(wudf_reflector *r, wudf_error *err)
{
    char path[WUDF_PATH_MAX];
    int rc = store_path(r, path, sizeof path, err);
    if (rc)
        return rc;
    char *data;
    size_t length;
    rc = wudf_read_file(path, STORE_MAX, &data, &length, err);
    if (rc == WUDF_ENOTFOUND)
        return 0; /* first start */
    if (rc)
        return rc;
    wudf_devnode *d = NULL;
    wudf_package *p = NULL;
    unsigned line_no = 0;
    char *save = data, *line;
    rc = 0;
    while (!rc && (line = save) != NULL && *line) {
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        line_no++;
        if (line_no == 1) {
            if (strcmp(line, STORE_MAGIC) != 0)
                rc = wudf_error_set(err, WUDF_EPARSE, "%s:1: not an openwudf device store", path);
            continue;
        }
        if (strcmp(line, "[package]") == 0) {
            p = calloc(1, sizeof *p);
            if (!p) {
                rc = wudf_error_set(err, WUDF_ENOMEM, "out of memory loading %s", path);
                break;
            }
            wudf_list_add_tail(&r->packages, &p->link);
            d = NULL;
            continue;
        }
        if (strcmp(line, "[device]") == 0) {
            p = NULL;
            d = wudf_devnode_new(r);
            if (!d) {
                rc = wudf_error_set(err, WUDF_ENOMEM, "out of memory loading %s", path);
                break;
            }
            wudf_list_add_tail(&r->devnodes, &d->link);
            continue;
        }
        char *eq = strchr(line, '=');
        if ((!d && !p) || !eq || unescape(eq + 1)) {
            rc = wudf_error_set(err, WUDF_EPARSE, "%s:%u: malformed line", path, line_no);
            break;
        }
        *eq = '\0';
        if (p ? set_package_field(p, line, eq + 1, err) : set_field(d, line, eq + 1, err)) {
            char msg[sizeof err->message];
            snprintf(msg, sizeof msg, "%s", err->message);
            rc = wudf_error_set(err, WUDF_EPARSE, "%s:%u: %s", path, line_no, msg);
        }
    }
    free(data);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *dn = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (!rc && (!dn->instance_id[0] || !dn->service_count))
            rc = wudf_error_set(err, WUDF_EPARSE, "%s: device entry without instance id or service", path);
        for (unsigned i = 0; !rc && i < dn->service_count; i++)
            if (!dn->services[i].binary[0] || !dn->services[i].clsid[0])
                rc = wudf_error_set(err, WUDF_EPARSE, "%s: device %s: service %u of its stack without binary or CLSID",
                                    path, dn->instance_id, i);
        if (!rc && !dn->enabled)
            wudf_devnode_set_state(dn, WUDF_DN_DISABLED, CM_PROB_DISABLED);
    }
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->packages) {
        wudf_package *pk = WUDF_CONTAINER_OF(pos, wudf_package, link);
        if (!rc && (!pk->inf_name[0] || !pk->hardware_id[0]))
            rc = wudf_error_set(err, WUDF_EPARSE, "%s: package entry without INF or hardware id", path);
        /* A store from before packages listed their ids: the one it was installed for. */
        if (!rc && !pk->hardware_ids[0])
            snprintf(pk->hardware_ids, sizeof pk->hardware_ids, "%s", pk->hardware_id);
    }
    if (!rc)
        wudf_driver_store_rebind_all(r);
    if (rc) {
        while (!wudf_list_empty(&r->devnodes))
            wudf_devnode_free(WUDF_CONTAINER_OF(r->devnodes.next, wudf_devnode, link));
        wudf_store_free_packages(r);
    }
    return rc;
}
