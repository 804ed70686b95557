/*
 * wudfrd --kernel (Windows): a devnode's hardware key (Device Parameters) and
 * software key are the machine's registry keys, where SetupAPI opens them
 * (SetupDiOpenDevRegKey DIREG_DEV, DIREG_DRV) and programs and drivers may
 * write too. The registry is then their source of truth; the devnode's
 * settings (property.h) are a copy: read from the registry before each host
 * start, since drivers read their settings when they start, and every
 * change the reflector takes (a driver's write, wudfctl property) written
 * through. A devnode entering the tree for the first time brings its INF's
 * AddReg values (or what the device store had) into keys that do not exist yet,
 * and a devnode installed now replaces whatever an earlier one of that id left.
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <devpropdef.h>
#include <setupapi.h>

#include "kernel.h"
#include "kernel_win.h"
#include "log.h"
#include "property.h"
#include "reflector.h"

#define DEPTH_MAX 16

static const wudf_reg_root roots[] = {WUDF_REG_ROOT_HW, WUDF_REG_ROOT_SW};

/* The devnode's hardware (DIREG_DEV) or software (DIREG_DRV) key; created when asked. NULL when it
 * has none (or is not in the tree). */
static HKEY open_root(const wudf_devnode *d, wudf_reg_root root, int create)
{
    SP_DEVINFO_DATA data;
    HDEVINFO set = kwin_open_devinfo(d, &data);
    if (set == INVALID_HANDLE_VALUE)
        return NULL;
    DWORD which = root == WUDF_REG_ROOT_HW ? DIREG_DEV : DIREG_DRV;
    HKEY key = create ? SetupDiCreateDevRegKeyW(set, &data, DICS_FLAG_GLOBAL, 0, which, NULL, NULL)
                      : SetupDiOpenDevRegKey(set, &data, DICS_FLAG_GLOBAL, 0, which, KEY_ALL_ACCESS);
    SetupDiDestroyDeviceInfoList(set);
    return key == INVALID_HANDLE_VALUE ? NULL : key;
}

/* path below root (components joined with '\', as the registry joins them), created when asked. */
static HKEY open_path(HKEY root, const char *path, int create, int is_volatile)
{
    WCHAR wpath[WUDF_REG_PATH_MAX + 1];
    if (!kwin_widen(path, wpath, WUDF_REG_PATH_MAX + 1))
        return NULL;
    HKEY key = NULL;
    LONG rc = create ? RegCreateKeyExW(root, wpath, 0, NULL, is_volatile ? REG_OPTION_VOLATILE : 0, KEY_ALL_ACCESS,
                                       NULL, &key, NULL)
                     : RegOpenKeyExW(root, wpath, 0, KEY_ALL_ACCESS, &key);
    return rc == ERROR_SUCCESS ? key : NULL;
}

static int is_text(uint32_t type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

static LONG set_value(HKEY root, const wudf_reg_store *s, const wudf_reg_entry *e)
{
    HKEY key = open_path(root, e->path, 1, wudf_reg_store_key_volatile(s, e->root, e->path));
    WCHAR name[WUDF_REG_NAME_MAX + 1];
    if (!key)
        return ERROR_PATH_NOT_FOUND;
    LONG rc = ERROR_INVALID_DATA;
    if (kwin_widen(e->name, name, WUDF_REG_NAME_MAX + 1)) {
        if (is_text(e->type)) {
            DWORD bytes;
            WCHAR *text = kwin_registry_text(e->data, e->size, &bytes);
            if (text)
                rc = RegSetValueExW(key, name, 0, e->type, (const BYTE *)text, bytes);
            free(text);
        } else {
            rc = RegSetValueExW(key, name, 0, e->type, e->data, (DWORD)e->size);
        }
    }
    RegCloseKey(key);
    return rc;
}

static LONG delete_entry(HKEY root, const wudf_reg_entry *e)
{
    if (!e->name) {
        WCHAR path[WUDF_REG_PATH_MAX + 1];
        return kwin_widen(e->path, path, WUDF_REG_PATH_MAX + 1) ? RegDeleteTreeW(root, path)
                                                                              : ERROR_INVALID_DATA;
    }
    HKEY key = open_path(root, e->path, 0, 0);
    if (!key)
        return ERROR_SUCCESS; /* its key went already */
    WCHAR name[WUDF_REG_NAME_MAX + 1];
    LONG rc = kwin_widen(e->name, name, WUDF_REG_NAME_MAX + 1) ? RegDeleteValueW(key, name)
                                                                            : ERROR_INVALID_DATA;
    RegCloseKey(key);
    return rc == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : rc;
}

static int same_value(const wudf_reg_entry *a, const wudf_reg_entry *b)
{
    return a->type == b->type && a->size == b->size && (!a->size || memcmp(a->data, b->data, a->size) == 0);
}

/* Writes what changed from before to after in one root: deletions first. */
static void write_changes(const wudf_devnode *d, wudf_reg_root root, const wudf_reg_store *before,
                          const wudf_reg_store *after)
{
    HKEY key = open_root(d, root, 1);
    if (!key) {
        wudf_log(WUDF_LOG_WARN, "registry-failed", "device=%s key=%s step=open error=%lu", d->instance_id,
                 wudf_reg_root_name(root), GetLastError());
        return;
    }
    unsigned written = 0, failed = 0;
    for (size_t i = 0; before && i < before->count; i++) {
        const wudf_reg_entry *e = &before->entries[i];
        if (e->root != root || (!e->name && !e->path[0]))
            continue; /* another root's, or the root key itself */
        int gone = e->name ? wudf_reg_store_find(after, root, e->path, e->name) < 0
                           : !wudf_reg_store_key_exists(after, root, e->path);
        if (gone)
            failed += delete_entry(key, e) != ERROR_SUCCESS;
    }
    for (size_t i = 0; i < after->count; i++) {
        const wudf_reg_entry *e = &after->entries[i];
        if (e->root != root)
            continue;
        long was = before ? wudf_reg_store_find(before, root, e->path, e->name) : -1;
        if (was >= 0 && (!e->name || same_value(&before->entries[was], e)))
            continue;
        if (e->name) {
            failed += set_value(key, after, e) != ERROR_SUCCESS;
        } else {
            HKEY sub = open_path(key, e->path, 1, e->is_volatile);
            failed += !sub;
            if (sub)
                RegCloseKey(sub);
        }
        written++;
    }
    RegCloseKey(key);
    if (failed)
        wudf_log(WUDF_LOG_WARN, "registry-failed", "device=%s key=%s step=write entries=%u", d->instance_id,
                 wudf_reg_root_name(root), failed);
    else if (written)
        wudf_log(WUDF_LOG_DEBUG, "registry-written", "device=%s key=%s entries=%u", d->instance_id,
                 wudf_reg_root_name(root), written);
}

/* One device property a driver wrote (IWDFUnifiedPropertyStore), or its deletion (e NULL), where
 * SetupDiGetDeviceProperty reads it; the friendly name also where SPDRP_FRIENDLYNAME reads it. The
 * system's other properties come from the install and the tree. */
static int set_property(HDEVINFO set, SP_DEVINFO_DATA *data, const char *fmtid, const char *pid,
                        const wudf_reg_entry *e)
{
    DEVPROPKEY key;
    if (kwin_parse_guid(fmtid, &key.fmtid))
        return -1;
    key.pid = (DEVPROPID)strtoul(pid, NULL, 10);
    int device = _stricmp(fmtid, WUDF_DEVPKEY_FMTID_DEVICE) == 0;
    int system = device || _stricmp(fmtid, WUDF_DEVPKEY_FMTID_DRIVER) == 0 ||
                 _stricmp(fmtid, WUDF_DEVPKEY_FMTID_INSTANCE) == 0;
    int friendly = device && key.pid == 14;
    if (system && !friendly)
        return 0;
    WCHAR *text = NULL;
    const BYTE *bytes = e ? e->data : NULL;
    DWORD size = e ? (DWORD)e->size : 0;
    if (e && (e->type == WUDF_DEVPROP_TYPE_STRING || e->type == WUDF_DEVPROP_TYPE_STRING_LIST)) {
        if (!(text = kwin_registry_text(e->data, e->size, &size)))
            return -1;
        bytes = (const BYTE *)text;
    }
    BOOL ok = SetupDiSetDevicePropertyW(set, data, &key, e ? e->type : DEVPROP_TYPE_EMPTY, bytes, size, 0);
    if (ok && friendly)
        ok = SetupDiSetDeviceRegistryPropertyW(set, data, SPDRP_FRIENDLYNAME, bytes, size);
    free(text);
    return ok ? 0 : -1;
}

static void write_property_changes(const wudf_devnode *d, const wudf_reg_store *before, const wudf_reg_store *after)
{
    SP_DEVINFO_DATA data;
    HDEVINFO set = kwin_open_devinfo(d, &data);
    if (set == INVALID_HANDLE_VALUE)
        return;
    unsigned failed = 0;
    for (size_t i = 0; before && i < before->count; i++) {
        const wudf_reg_entry *e = &before->entries[i];
        if (e->root == WUDF_REG_ROOT_DP && e->name && wudf_reg_store_find(after, e->root, e->path, e->name) < 0)
            failed += set_property(set, &data, e->path, e->name, NULL) != 0;
    }
    for (size_t i = 0; i < after->count; i++) {
        const wudf_reg_entry *e = &after->entries[i];
        if (e->root != WUDF_REG_ROOT_DP || !e->name)
            continue;
        long was = before ? wudf_reg_store_find(before, e->root, e->path, e->name) : -1;
        if (was < 0 || !same_value(&before->entries[was], e))
            failed += set_property(set, &data, e->path, e->name, e) != 0;
    }
    SetupDiDestroyDeviceInfoList(set);
    if (failed)
        wudf_log(WUDF_LOG_WARN, "registry-failed", "device=%s key=dp step=write entries=%u", d->instance_id, failed);
}

void wudf_kernel_registry_changed(wudf_devnode *d, const wudf_kv *before, const wudf_reg_store *after)
{
    if (!kwin_active() || !kwin_devtree_has(d->handle))
        return;
    wudf_reg_store was;
    wudf_error err;
    wudf_reg_store_init(&was);
    /* Unreadable, the settings before count as none: everything is written. */
    int known = wudf_reg_store_from_kv(&was, before, &err) == 0;
    for (size_t r = 0; r < sizeof roots / sizeof roots[0]; r++)
        write_changes(d, roots[r], known ? &was : NULL, after);
    write_property_changes(d, known ? &was : NULL, after);
    wudf_reg_store_free(&was);
}

void kwin_registry_adopt(const wudf_devnode *d)
{
    wudf_reg_store s;
    wudf_error err;
    if (wudf_property_read(d, &s, &err))
        return;
    for (size_t r = 0; r < sizeof roots / sizeof roots[0]; r++) {
        HKEY existing = open_root(d, roots[r], 0);
        if (existing && !d->installed_now) {
            RegCloseKey(existing); /* the registry's, from an earlier session: it wins */
            continue;
        }
        if (existing) {
            /* A new install of an id an uninstalled devnode had: what it left is not this one's. */
            RegDeleteTreeW(existing, NULL);
            RegCloseKey(existing);
        }
        write_changes(d, roots[r], NULL, &s);
    }
    write_property_changes(d, NULL, &s);
    wudf_reg_store_free(&s);
}

/* UTF-8 of count WCHARs into a new buffer; its size in *size. */
static char *narrow(const WCHAR *text, int count, size_t *size)
{
    int n = count ? WideCharToMultiByte(CP_UTF8, 0, text, count, NULL, 0, NULL, NULL) : 0;
    char *out = malloc((size_t)n + 1);
    if (out && n)
        WideCharToMultiByte(CP_UTF8, 0, text, count, out, n, NULL, NULL);
    if (out)
        out[n] = '\0';
    *size = (size_t)n;
    return out;
}

/* A registry value's data in the store's form: strings without their terminator, lists with one
 * after each string. */
static int add_value(wudf_reg_store *s, wudf_reg_root root, const char *path, const WCHAR *wname, DWORD type,
                     const BYTE *data, DWORD size, wudf_error *err)
{
    size_t name_size, data_size = size;
    char *name = narrow(wname, (int)wcslen(wname), &name_size);
    char *text = NULL;
    if (name && is_text(type)) {
        int count = (int)(size / sizeof(WCHAR));
        const WCHAR *w = (const WCHAR *)data;
        while (count > 0 && w[count - 1] == 0)
            count--;
        if (type == REG_MULTI_SZ && count > 0)
            count++; /* the last string's own terminator */
        text = narrow(w, count, &data_size);
    }
    wudf_reg_entry e;
    int rc = !name || (is_text(type) && !text)
                 ? wudf_error_set(err, WUDF_ENOMEM, "out of memory")
                 : wudf_reg_entry_from_data(root, path, name, type, text ? (const void *)text : data, data_size, &e, err);
    if (!rc) {
        rc = wudf_reg_store_set(s, &e, err);
        wudf_reg_entry_free(&e);
    }
    free(name);
    free(text);
    return rc;
}

static int read_tree(HKEY key, wudf_reg_root root, const char *path, int depth, wudf_reg_store *s, wudf_error *err)
{
    if (depth > DEPTH_MAX)
        return wudf_error_set(err, WUDF_ETOOBIG, "keys nested deeper than %d", DEPTH_MAX);
    BYTE *data = malloc(WUDF_REG_DATA_MAX + 4);
    int rc = data ? 0 : wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    for (DWORD i = 0; !rc; i++) {
        WCHAR name[WUDF_REG_NAME_MAX + 1];
        DWORD name_count = WUDF_REG_NAME_MAX + 1, size = WUDF_REG_DATA_MAX + 2, type;
        LONG r = RegEnumValueW(key, i, name, &name_count, NULL, &type, data, &size);
        if (r == ERROR_NO_MORE_ITEMS)
            break;
        rc = r == ERROR_SUCCESS ? add_value(s, root, path, name, type, data, size, err)
                                : wudf_error_set(err, WUDF_ETOOBIG, "a value larger than %u bytes", WUDF_REG_DATA_MAX);
    }
    free(data);
    for (DWORD i = 0; !rc; i++) {
        WCHAR wsub[WUDF_REG_COMPONENT_MAX + 1];
        DWORD count = WUDF_REG_COMPONENT_MAX + 1;
        if (RegEnumKeyExW(key, i, wsub, &count, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        size_t n;
        char *sub = narrow(wsub, (int)count, &n);
        char child[WUDF_REG_PATH_MAX + 1];
        int len = sub ? snprintf(child, sizeof child, "%s%s%s", path, path[0] ? "\\" : "", sub) : -1;
        free(sub);
        HKEY k = NULL;
        if (len < 0 || (size_t)len >= sizeof child || RegOpenKeyExW(key, wsub, 0, KEY_READ, &k) != ERROR_SUCCESS) {
            rc = wudf_error_set(err, WUDF_ETOOBIG, "a key path longer than %u bytes", WUDF_REG_PATH_MAX);
            break;
        }
        /* A key entry (no name): the store keeps a copy. */
        wudf_reg_entry e;
        memset(&e, 0, sizeof e);
        e.root = root;
        e.path = child;
        rc = wudf_reg_check_path(child, err) ? -1 : wudf_reg_store_set(s, &e, err);
        if (!rc)
            rc = read_tree(k, root, child, depth + 1, s, err);
        RegCloseKey(k);
    }
    return rc;
}

void wudf_kernel_registry_load(wudf_devnode *d)
{
    if (!kwin_active() || !kwin_devtree_has(d->handle))
        return;
    wudf_reg_store old, s;
    wudf_error err;
    if (wudf_property_read(d, &old, &err))
        return;
    wudf_reg_store_init(&s);
    int rc = 0;
    /* What is not in these keys stays as it is: device properties, the DEVICEMAP. */
    for (size_t i = 0; !rc && i < old.count; i++)
        if (old.entries[i].root != WUDF_REG_ROOT_HW && old.entries[i].root != WUDF_REG_ROOT_SW)
            rc = wudf_reg_store_set(&s, &old.entries[i], &err);
    for (size_t r = 0; !rc && r < sizeof roots / sizeof roots[0]; r++) {
        HKEY key = open_root(d, roots[r], 0);
        if (key) {
            rc = read_tree(key, roots[r], "", 0, &s, &err);
            RegCloseKey(key);
        }
    }
    if (rc)
        wudf_log(WUDF_LOG_WARN, "registry-failed", "device=%s step=read reason=\"%s\" kept=device-store", d->instance_id,
                 err.message);
    else
        wudf_property_replace(d, &s);
    wudf_reg_store_free(&old);
    wudf_reg_store_free(&s);
}
