/*
 * wudfrd --kernel (Windows): what drivers write under HKLM\HARDWARE\DEVICEMAP
 * (a serial port's SERIALCOMM value, through the LegacyHardwareKey property
 * store) goes to the machine's registry, where programs list serial ports.
 * The reflector holds the values (property.h); this mirrors each devnode's,
 * removing what it wrote before. The keys are volatile, as Windows' DEVICEMAP
 * is.
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "kernel.h"
#include "kernel_win.h"
#include "log.h"
#include "property.h"
#include "reflector.h"

#define MIRRORED_MAX 16
#define NODES_MAX 256

typedef struct mirrored {
    char map[64];
    char name[128];
} mirrored;

/* What one devnode's values put in the registry, to be taken out at its next change. */
typedef struct node_map {
    uint32_t handle;
    unsigned count;
    mirrored values[MIRRORED_MAX];
} node_map;

static node_map nodes[NODES_MAX];
static size_t node_count;

static node_map *node_of(uint32_t handle, int create)
{
    for (size_t i = 0; i < node_count; i++)
        if (nodes[i].handle == handle)
            return &nodes[i];
    if (!create || node_count >= NODES_MAX)
        return NULL;
    node_map *n = &nodes[node_count++];
    memset(n, 0, sizeof *n);
    n->handle = handle;
    return n;
}

static HKEY open_map(const char *map, REGSAM access, int create)
{
    char path[128];
    snprintf(path, sizeof path, "HARDWARE\\DEVICEMAP\\%s", map);
    HKEY key = NULL;
    LONG rc = create ? RegCreateKeyExA(HKEY_LOCAL_MACHINE, path, 0, NULL, REG_OPTION_VOLATILE, access, NULL, &key, NULL)
                     : RegOpenKeyExA(HKEY_LOCAL_MACHINE, path, 0, access, &key);
    return rc == ERROR_SUCCESS ? key : NULL;
}

static int write_value(const wudf_devicemap_value *v)
{
    HKEY key = open_map(v->map, KEY_SET_VALUE, 1);
    if (!key)
        return -1;
    LONG rc;
    if (v->type == REG_SZ || v->type == REG_EXPAND_SZ || v->type == REG_MULTI_SZ) {
        DWORD bytes;
        WCHAR wname[128];
        WCHAR *text = kwin_registry_text(v->data, v->size, &bytes);
        rc = !text || !kwin_widen(v->name, wname, 128) ? ERROR_INVALID_DATA
                                                        : RegSetValueExW(key, wname, 0, v->type, (const BYTE *)text, bytes);
        free(text);
    } else {
        rc = RegSetValueExA(key, v->name, 0, v->type, v->data, (DWORD)v->size);
    }
    RegCloseKey(key);
    return rc == ERROR_SUCCESS ? 0 : -1;
}

typedef struct visit_state {
    const wudf_devnode *d;
    node_map *node;
} visit_state;

static int on_value(void *context, const wudf_devicemap_value *v)
{
    visit_state *s = context;
    char q[200];
    if (strlen(v->map) >= sizeof s->node->values[0].map || strlen(v->name) >= sizeof s->node->values[0].name ||
        s->node->count >= MIRRORED_MAX) {
        wudf_log(WUDF_LOG_WARN, "devicemap-skipped", "device=%s map=%s name=%s reason=\"too long or too many\"",
                 s->d->instance_id, v->map, wudf_log_quote(q, sizeof q, v->name));
        return 0;
    }
    if (write_value(v)) {
        wudf_log(WUDF_LOG_WARN, "devicemap-failed", "device=%s map=%s name=%s error=%lu", s->d->instance_id, v->map,
                 wudf_log_quote(q, sizeof q, v->name), GetLastError());
        return 0;
    }
    mirrored *m = &s->node->values[s->node->count++];
    snprintf(m->map, sizeof m->map, "%s", v->map);
    snprintf(m->name, sizeof m->name, "%s", v->name);
    wudf_log(WUDF_LOG_INFO, "devicemap-value", "device=%s map=%s name=%s", s->d->instance_id, v->map,
             wudf_log_quote(q, sizeof q, v->name));
    return 0;
}

void wudf_kernel_devicemap_changed(wudf_devnode *d)
{
    if (!kwin_active())
        return;
    node_map *node = node_of(d->handle, 1);
    if (!node) {
        wudf_log(WUDF_LOG_WARN, "devicemap-skipped", "device=%s reason=\"more than %d devices\"", d->instance_id,
                 NODES_MAX);
        return;
    }
    /* What it wrote before goes first: a value it deleted, or lost to another device, is gone. */
    for (unsigned i = 0; i < node->count; i++) {
        HKEY key = open_map(node->values[i].map, KEY_SET_VALUE, 0);
        if (key) {
            RegDeleteValueA(key, node->values[i].name);
            RegCloseKey(key);
        }
    }
    node->count = 0;
    visit_state s = {d, node};
    wudf_property_devicemap_each(d, on_value, &s);
}
