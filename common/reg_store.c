/* A device's keys and values in memory (reg_store.h): lookups with registry name rules, set and
 * delete within the limits, and the kv entries of the wire and the device store. */
#include "reg_store.h"

#include <stdlib.h>
#include <string.h>

void wudf_reg_store_init(wudf_reg_store *s)
{
    memset(s, 0, sizeof *s);
}

void wudf_reg_store_free(wudf_reg_store *s)
{
    for (size_t i = 0; i < s->count; i++)
        wudf_reg_entry_free(&s->entries[i]);
    free(s->entries);
    wudf_reg_store_init(s);
}

static size_t weight(const wudf_reg_entry *e)
{
    return strlen(e->path) + (e->name ? strlen(e->name) : 0) + e->size + 16;
}

long wudf_reg_store_find(const wudf_reg_store *s, wudf_reg_root root, const char *path, const char *name)
{
    for (size_t i = 0; i < s->count; i++) {
        const wudf_reg_entry *e = &s->entries[i];
        if (e->root != root || !wudf_reg_equal_nocase(e->path, path))
            continue;
        if (name ? e->name && wudf_reg_equal_nocase(e->name, name) : !e->name)
            return (long)i;
    }
    return -1;
}

int wudf_reg_store_key_exists(const wudf_reg_store *s, wudf_reg_root root, const char *path)
{
    if (!path[0])
        return 1;
    for (size_t i = 0; i < s->count; i++)
        if (s->entries[i].root == root && wudf_reg_path_within(s->entries[i].path, path))
            return 1;
    return 0;
}

int wudf_reg_store_key_volatile(const wudf_reg_store *s, wudf_reg_root root, const char *path)
{
    for (size_t i = 0; i < s->count; i++) {
        const wudf_reg_entry *e = &s->entries[i];
        if (e->root == root && !e->name && e->is_volatile && wudf_reg_path_within(path, e->path))
            return 1;
    }
    return 0;
}

int wudf_reg_store_set(wudf_reg_store *s, const wudf_reg_entry *e, wudf_error *err)
{
    long at = wudf_reg_store_find(s, e->root, e->path, e->name);
    if (at >= 0 && !e->name)
        return 0; /* the key is there already; a key keeps how it was created */
    size_t old = at >= 0 ? weight(&s->entries[at]) : 0;
    if (s->bytes - old + weight(e) > WUDF_REG_BYTES_MAX)
        return wudf_error_set(err, WUDF_ETOOBIG, "a device holds at most %u bytes of registry values",
                              WUDF_REG_BYTES_MAX);
    if (at < 0 && s->count >= WUDF_REG_ENTRIES_MAX)
        return wudf_error_set(err, WUDF_ETOOBIG, "a device holds at most %u registry keys and values",
                              WUDF_REG_ENTRIES_MAX);
    wudf_reg_entry copy;
    if (wudf_reg_entry_copy(&copy, e))
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    if (at >= 0) {
        /* The name keeps the spelling it was created with, as the registry keeps it. */
        wudf_reg_entry *slot = &s->entries[at];
        free(copy.name);
        copy.name = slot->name;
        slot->name = NULL;
        free(copy.path);
        copy.path = slot->path;
        slot->path = NULL;
        wudf_reg_entry_free(slot);
        *slot = copy;
        s->bytes = s->bytes - old + weight(&copy);
        return 0;
    }
    if (s->count == s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 16;
        wudf_reg_entry *n = realloc(s->entries, cap * sizeof *n);
        if (!n) {
            wudf_reg_entry_free(&copy);
            return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
        }
        s->entries = n;
        s->capacity = cap;
    }
    s->entries[s->count++] = copy;
    s->bytes += weight(&copy);
    return 0;
}

static void remove_at(wudf_reg_store *s, size_t i)
{
    s->bytes -= weight(&s->entries[i]);
    wudf_reg_entry_free(&s->entries[i]);
    memmove(&s->entries[i], &s->entries[i + 1], (s->count - i - 1) * sizeof s->entries[0]);
    s->count--;
}

int wudf_reg_store_delete(wudf_reg_store *s, wudf_reg_root root, const char *path, const char *name)
{
    long at = wudf_reg_store_find(s, root, path, name);
    if (at < 0)
        return WUDF_ENOTFOUND;
    remove_at(s, (size_t)at);
    return 0;
}

int wudf_reg_store_delete_key(wudf_reg_store *s, wudf_reg_root root, const char *path)
{
    int found = 0;
    for (size_t i = s->count; i > 0; i--)
        if (s->entries[i - 1].root == root && wudf_reg_path_within(s->entries[i - 1].path, path)) {
            remove_at(s, i - 1);
            found = 1;
        }
    return found ? 0 : WUDF_ENOTFOUND;
}

size_t wudf_reg_store_value_count(const wudf_reg_store *s, wudf_reg_root root, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++)
        n += s->entries[i].root == root && s->entries[i].name && wudf_reg_equal_nocase(s->entries[i].path, path);
    return n;
}

const wudf_reg_entry *wudf_reg_store_value_at(const wudf_reg_store *s, wudf_reg_root root, const char *path,
                                              size_t index)
{
    for (size_t i = 0; i < s->count; i++) {
        const wudf_reg_entry *e = &s->entries[i];
        if (e->root == root && e->name && wudf_reg_equal_nocase(e->path, path) && index-- == 0)
            return e;
    }
    return NULL;
}

int wudf_reg_store_from_kv(wudf_reg_store *s, const wudf_kv *kv, wudf_error *err)
{
    for (size_t i = 0; i < kv->count; i++) {
        wudf_reg_root root;
        wudf_reg_entry e;
        int rc;
        if (wudf_reg_root_from_key(kv->keys[i], &root) == 0)
            rc = wudf_reg_entry_parse(root, kv->values[i], &e, err);
        else if (strncmp(kv->keys[i], "setting.", 8) == 0 && kv->keys[i][8])
            rc = wudf_reg_entry_make(WUDF_REG_ROOT_HW, "", kv->keys[i] + 8, "sz", kv->values[i], &e, err);
        else
            continue;
        if (!rc) {
            rc = wudf_reg_store_set(s, &e, err);
            wudf_reg_entry_free(&e);
        }
        if (rc) {
            char why[sizeof err->message];
            memcpy(why, err->message, sizeof why);
            return wudf_error_set(err, rc, "%s entry %zu: %s", kv->keys[i], i, why);
        }
    }
    return 0;
}

int wudf_reg_store_to_kv(const wudf_reg_store *s, wudf_kv *kv, int persistent_only, wudf_error *err)
{
    for (size_t i = 0; i < s->count; i++) {
        const wudf_reg_entry *e = &s->entries[i];
        if (persistent_only && wudf_reg_store_key_volatile(s, e->root, e->path))
            continue;
        char *text = wudf_reg_entry_format(e);
        if (!text)
            return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
        int rc = wudf_kv_add(kv, wudf_reg_root_key(e->root), text, err);
        free(text);
        if (rc)
            return rc;
    }
    return 0;
}

int wudf_reg_driver_may_write(const wudf_reg_entry *e)
{
    if (e->root == WUDF_REG_ROOT_DP) {
        /* The system's properties describe the installed device and driver: Windows keeps them
         * read-only (CM_Set_DevNode_Property answers CR_ACCESS_DENIED), except the friendly name,
         * which class installers and drivers set ("Serial Port (COM5)"). */
        if (strcmp(e->path, WUDF_DEVPKEY_FMTID_DEVICE) == 0)
            return e->name && strcmp(e->name, "14") == 0;
        return strcmp(e->path, WUDF_DEVPKEY_FMTID_DRIVER) != 0 && strcmp(e->path, WUDF_DEVPKEY_FMTID_INSTANCE) != 0;
    }
    /* A DEVICEMAP key is one of the machine's maps (SERIALCOMM, PARALLEL PORTS), each a list of
     * values: openwudf keeps them one key deep, with no subkeys of a driver's own. */
    if (e->root == WUDF_REG_ROOT_MAP)
        return e->path[0] && !strchr(e->path, '\\');
    /* Device Parameters\WDF and \WUDF belong to the framework (Learn: "Using the Registry in UMDF
     * 1.x Drivers"). */
    return !(e->root == WUDF_REG_ROOT_HW &&
             (wudf_reg_path_within(e->path, "WDF") || wudf_reg_path_within(e->path, "WUDF")));
}
