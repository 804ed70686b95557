/*
 * The registered device interfaces of every devnode. A host's record of its device's interfaces
 * (remote_interface.c) goes with the host; this one stays with the devnode, across stops, disables and
 * reflector restarts (the device store's interface= lines), until the devnode is removed, so that a
 * listing of all registered interfaces names those of a disabled device too, as Windows' does.
 */
#include "device_interface.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remote.h"

typedef struct registered {
    wudf_list link;
    char guid[WUDF_INF_GUID_SIZE];
    char reference[WUDF_INTERFACE_REFERENCE_SIZE];
} registered;

/* A devnode's registrations, found by its handle (they go with it: wudf_interface_forget). */
typedef struct device_regs {
    wudf_list link;
    uint32_t handle;
    wudf_list interfaces; /* registered */
    unsigned count;
} device_regs;

static wudf_list all_devices = {&all_devices, &all_devices};

int wudf_interface_guid_parse(const char *text, char out[WUDF_INF_GUID_SIZE])
{
    char braced[WUDF_INF_GUID_SIZE];
    if (!text)
        return -1;
    size_t n = strlen(text);
    if (n == WUDF_INF_GUID_SIZE - 3 && text[0] != '{') {
        snprintf(braced, sizeof braced, "{%s}", text);
        text = braced;
    }
    return wudf_inf_parse_guid(text, out) ? 0 : -1;
}

void wudf_interface_link(const char *instance_id, const char *guid, const char *reference, char *out, size_t size)
{
    int n = snprintf(out, size, "\\\\?\\%s#%s%s%s", instance_id, guid, reference[0] ? "\\" : "", reference);
    /* Windows writes the instance id's separators as #: ROOT\ECHO\0000 -> ROOT#ECHO#0000. */
    size_t id_end = 4 + strlen(instance_id);
    for (size_t i = 4; n > 0 && i < id_end && i < size; i++)
        if (out[i] == '\\')
            out[i] = '#';
}

static device_regs *regs_of(uint32_t handle, int create)
{
    for (wudf_list *pos = all_devices.next; pos != &all_devices; pos = pos->next) {
        device_regs *r = WUDF_CONTAINER_OF(pos, device_regs, link);
        if (r->handle == handle)
            return r;
    }
    device_regs *r = create ? calloc(1, sizeof *r) : NULL;
    if (!r)
        return NULL;
    r->handle = handle;
    wudf_list_init(&r->interfaces);
    wudf_list_add_tail(&all_devices, &r->link);
    return r;
}

static void regs_free(device_regs *r)
{
    while (!wudf_list_empty(&r->interfaces)) {
        wudf_list *l = r->interfaces.next;
        wudf_list_remove(l);
        free(WUDF_CONTAINER_OF(l, registered, link));
    }
    wudf_list_remove(&r->link);
    free(r);
}

/* 0 registered (or already), -1 refused with err set. */
static int add(const wudf_devnode *d, const char *guid, const char *reference, wudf_error *err)
{
    device_regs *r = regs_of(d->handle, 1);
    if (!r)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    for (wudf_list *pos = r->interfaces.next; pos != &r->interfaces; pos = pos->next) {
        registered *e = WUDF_CONTAINER_OF(pos, registered, link);
        if (strcmp(e->guid, guid) == 0 && strcmp(e->reference, reference) == 0)
            return 0;
    }
    if (strlen(reference) >= WUDF_INTERFACE_REFERENCE_SIZE)
        return wudf_error_set(err, WUDF_ETOOBIG, "reference string longer than %u bytes",
                              WUDF_INTERFACE_REFERENCE_SIZE - 1);
    if (r->count >= WUDF_INTERFACE_MAX_PER_DEVICE)
        return wudf_error_set(err, WUDF_ETOOBIG, "more than %u interfaces", WUDF_INTERFACE_MAX_PER_DEVICE);
    registered *e = calloc(1, sizeof *e);
    if (!e)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    snprintf(e->guid, sizeof e->guid, "%s", guid);
    snprintf(e->reference, sizeof e->reference, "%s", reference);
    wudf_list_add_tail(&r->interfaces, &e->link);
    r->count++;
    return 0;
}

void wudf_interface_register(const wudf_devnode *d, const char *guid, const char *reference)
{
    wudf_error err;
    if (add(d, guid, reference, &err))
        wudf_log(WUDF_LOG_WARN, "interface-not-registered", "device=%s guid=%s reason=\"%s\"", d->instance_id, guid,
                 err.message);
}

int wudf_interface_load(const wudf_devnode *d, const char *text, wudf_error *err)
{
    char head[WUDF_INF_GUID_SIZE], guid[WUDF_INF_GUID_SIZE];
    size_t n = strcspn(text, "\\");
    const char *reference = text[n] ? text + n + 1 : "";
    if (n >= sizeof head)
        return wudf_error_set(err, WUDF_EPARSE, "interface=%.80s: not {GUID} or {GUID}\\reference", text);
    memcpy(head, text, n);
    head[n] = '\0';
    if (!wudf_inf_parse_guid(head, guid))
        return wudf_error_set(err, WUDF_EPARSE, "interface=%.80s: not {GUID} or {GUID}\\reference", text);
    for (const char *p = reference; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\' || *p == '/')
            return wudf_error_set(err, WUDF_EPARSE, "interface=%.80s: a bad reference string", text);
    return add(d, guid, reference, err);
}

const char *wudf_interface_stored(const wudf_devnode *d, unsigned i, char *buf, size_t size)
{
    device_regs *r = regs_of(d->handle, 0);
    wudf_list *pos = r ? r->interfaces.next : NULL;
    for (unsigned k = 0; pos && pos != &r->interfaces; pos = pos->next, k++) {
        registered *e = WUDF_CONTAINER_OF(pos, registered, link);
        if (k == i) {
            snprintf(buf, size, "%s%s%s", e->guid, e->reference[0] ? "\\" : "", e->reference);
            return buf;
        }
    }
    return NULL;
}

/* Whether d's running host has e enabled now. */
static int enabled_now(const wudf_devnode *d, const registered *e)
{
    const wudf_host *h = d->host;
    if (!wudf_remote_host_ready(h) || !h->remote)
        return 0;
    const wudf_list *head = &h->remote->interfaces;
    for (const wudf_list *pos = head->next; pos != head; pos = pos->next) {
        const wudf_remote_itf *itf = WUDF_CONTAINER_OF(pos, wudf_remote_itf, link);
        if (itf->enabled && strcmp(itf->guid, e->guid) == 0 && strcmp(itf->reference, e->reference) == 0)
            return 1;
    }
    return 0;
}

static int each_of(const wudf_devnode *d, device_regs *r, const char *guid, int all, wudf_interface_fn fn,
                   void *ctx)
{
    for (wudf_list *pos = r->interfaces.next; pos != &r->interfaces; pos = pos->next) {
        registered *e = WUDF_CONTAINER_OF(pos, registered, link);
        if (guid && strcmp(e->guid, guid) != 0)
            continue;
        wudf_interface_info info = {d, e->guid, e->reference, NULL, enabled_now(d, e)};
        if (!info.enabled && !all)
            continue;
        char link[WUDF_INTERFACE_LINK_SIZE];
        wudf_interface_link(d->instance_id, e->guid, e->reference, link, sizeof link);
        info.link = link;
        if (fn(&info, ctx))
            return 1;
    }
    return 0;
}

void wudf_interface_forget(const wudf_devnode *d)
{
    device_regs *r = regs_of(d->handle, 0);
    if (r)
        regs_free(r);
}

void wudf_interface_each(const char *guid, int all, wudf_interface_fn fn, void *ctx)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        device_regs *r = d->removed ? NULL : regs_of(d->handle, 0);
        if (r && each_of(d, r, guid, all, fn, ctx))
            return;
    }
}
