/*
 * Device interfaces between hosts. The reflector keeps the interfaces each device publishes
 * (DEVICE_STARTED's "interface" entries, then HOST_EVENT event=interface) and the GUIDs each host's
 * driver registered for (RegisterRemoteInterfaceNotification), and joins them: an arrival when an
 * interface becomes available on a running device (and, when asked, for those already available), a
 * removal when it goes. A link names an interface as Windows' do, \\?\ROOT#ECHO#0000#{GUID}[\ref], and
 * opens the device that published it (remote.c). A device's custom event (PostEvent) goes to the
 * remote files other hosts hold open on it (wudf_remote_custom_event).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_interface.h"
#include "kernel.h"
#include "log.h"
#include "remote.h"

static uint64_t available_count; /* interfaces made available so far: orders arrivals and registrations */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* \\?\ROOT#ECHO#0000#{GUID}, then \reference when the interface has one. */
static void make_link(const wudf_devnode *d, const wudf_remote_itf *itf, char *out, size_t size, int with_reference)
{
    char device[sizeof d->instance_id];
    snprintf(device, sizeof device, "%s", d->instance_id);
    for (char *p = device; *p; p++)
        if (*p == '\\')
            *p = '#';
    int reference = with_reference && itf->reference[0];
    snprintf(out, size, "\\\\?\\%s#%s%s%s", device, itf->guid, reference ? "\\" : "", reference ? itf->reference : "");
}

/* How much of name (after its 4-character prefix) the link without its prefix covers: a whole path
 * component, case-insensitively; 0 when it does not. */
static size_t covers(const char *link, const char *name)
{
    size_t n = strlen(link);
    for (size_t i = 0; i < n; i++)
        if (!name[i] || lower(name[i]) != lower(link[i]))
            return 0;
    return name[n] == '\0' || name[n] == '\\' ? n : 0;
}

wudf_devnode *wudf_remote_interface_lookup(const char *name, const char **rest)
{
    if (strncmp(name, "\\\\?\\", 4) != 0 && strncmp(name, "\\??\\", 4) != 0)
        return NULL;
    /* An interface with a reference string first: its link is the longer one. */
    for (int with_reference = 1; with_reference >= 0; with_reference--) {
        for (wudf_list *pos = wudf_remote_all.next; pos != &wudf_remote_all; pos = pos->next) {
            wudf_remote *r = WUDF_CONTAINER_OF(pos, wudf_remote, link);
            if (!wudf_remote_host_ready(r->host))
                continue;
            for (wudf_list *i = r->interfaces.next; i != &r->interfaces; i = i->next) {
                wudf_remote_itf *itf = WUDF_CONTAINER_OF(i, wudf_remote_itf, link);
                if (!itf->enabled || (with_reference && !itf->reference[0]))
                    continue;
                char link[sizeof r->host->devnode->instance_id + 200];
                make_link(r->host->devnode, itf, link, sizeof link, with_reference);
                size_t n = covers(link + 4, name + 4);
                if (n) {
                    /* What follows the interface's own name is the file name, reference string included,
                     * as the device's driver sees it on Windows. */
                    make_link(r->host->devnode, itf, link, sizeof link, 0);
                    *rest = name + strlen(link);
                    return r->host->devnode;
                }
            }
        }
    }
    return NULL;
}

static void notify(wudf_host *to, const char *event, const char *guid, const char *link)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    if (!wudf_kv_add(&kv, "event", event, NULL) && !wudf_kv_add(&kv, "guid", guid, NULL) &&
        !wudf_kv_add(&kv, "link", link, NULL))
        wudf_remote_send_event(to, &kv);
    wudf_kv_free(&kv);
}

/* itf of target's device became available or went: every running host registered for its GUID hears of it,
 * once per registration, as each registration is a notification entry of its own on Windows. */
static void announce(wudf_remote *target, const wudf_remote_itf *itf, const char *event)
{
    char link[sizeof target->host->devnode->instance_id + 200];
    make_link(target->host->devnode, itf, link, sizeof link, 1);
    unsigned told = 0;
    wudf_list *pos;
    for (pos = wudf_remote_all.next; pos != &wudf_remote_all; pos = pos->next) {
        wudf_remote *r = WUDF_CONTAINER_OF(pos, wudf_remote, link);
        if (!wudf_remote_host_ready(r->host))
            continue;
        for (wudf_list *g = r->registrations.next; g != &r->registrations; g = g->next)
            if (strcmp(WUDF_CONTAINER_OF(g, wudf_remote_reg, link)->guid, itf->guid) == 0) {
                notify(r->host, event, itf->guid, link);
                told++;
            }
    }
    wudf_kernel_interface_changed(target->host->devnode, itf->guid, itf->reference, strcmp(event, "arrival") == 0);
    char q[400];
    wudf_log(WUDF_LOG_INFO, strcmp(event, "arrival") == 0 ? "interface-arrival" : "interface-removal",
             "device=%s guid=%s link=%s notified=%u", target->host->devnode->instance_id, itf->guid,
             wudf_log_quote(q, sizeof q, link), told);
}

/* Arrivals for reg of what is available now: all of it, or what came after the registration. */
static void send_available(wudf_remote *to, const wudf_remote_reg *reg)
{
    wudf_list *pos;
    for (pos = wudf_remote_all.next; pos != &wudf_remote_all; pos = pos->next) {
        wudf_remote *t = WUDF_CONTAINER_OF(pos, wudf_remote, link);
        if (!wudf_remote_host_ready(t->host))
            continue;
        for (wudf_list *i = t->interfaces.next; i != &t->interfaces; i = i->next) {
            wudf_remote_itf *itf = WUDF_CONTAINER_OF(i, wudf_remote_itf, link);
            if (!itf->enabled || strcmp(itf->guid, reg->guid) != 0 || (!reg->existing && itf->serial <= reg->since))
                continue;
            char link[sizeof t->host->devnode->instance_id + 200];
            make_link(t->host->devnode, itf, link, sizeof link, 1);
            notify(to->host, "arrival", itf->guid, link);
        }
    }
}

void wudf_remote_register(wudf_host *h, const wudf_kv *kv)
{
    char guid[WUDF_INF_GUID_SIZE];
    const char *g = wudf_kv_get(kv, "guid"), *existing = wudf_kv_get(kv, "existing");
    const char *device = h->devnode ? h->devnode->instance_id : "-";
    wudf_remote *r = wudf_remote_get(h);
    const char *refused = !g || !wudf_inf_parse_guid(g, guid) ? "no {GUID}"
                          : !existing || (strcmp(existing, "0") != 0 && strcmp(existing, "1") != 0) ? "existing is not 0 or 1"
                          : !r ? "out of memory"
                          : r->registration_count >= WUDF_REMOTE_MAX_REGISTRATIONS ? "too many registrations"
                                                                                     : NULL;
    wudf_remote_reg *reg = refused ? NULL : calloc(1, sizeof *reg);
    if (!reg) {
        wudf_log(WUDF_LOG_WARN, "remote-register-refused", "device=%s reason=\"%s\" limit=%u", device,
                 refused ? refused : "out of memory", WUDF_REMOTE_MAX_REGISTRATIONS);
        return;
    }
    snprintf(reg->guid, sizeof reg->guid, "%s", guid);
    reg->existing = existing[0] == '1';
    reg->since = available_count;
    wudf_list_add_tail(&r->registrations, &reg->link);
    r->registration_count++;
    wudf_log(WUDF_LOG_INFO, "remote-register", "device=%s guid=%s existing=%d", device, guid, reg->existing);
    /* A host still starting hears of them once it runs (wudf_remote_device_started). */
    if (reg->existing && wudf_remote_host_ready(h))
        send_available(r, reg);
}

/* "{GUID}" or "{GUID}\reference", as device_names.c reports them. */
static int parse_interface(const char *text, char guid[WUDF_INF_GUID_SIZE], char *reference, size_t size)
{
    char head[WUDF_INF_GUID_SIZE];
    size_t n = strcspn(text, "\\");
    if (n >= sizeof head)
        return -1;
    memcpy(head, text, n);
    head[n] = '\0';
    const char *ref = text[n] ? text + n + 1 : "";
    if (!wudf_inf_parse_guid(head, guid) || strlen(ref) >= size)
        return -1;
    for (const char *p = ref; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\' || *p == '/')
            return -1;
    snprintf(reference, size, "%s", ref);
    return 0;
}

/* The record of r's interface, made when absent (NULL beyond the limit or out of memory, logged). */
static wudf_remote_itf *interface_of(wudf_remote *r, const char *guid, const char *reference, int create)
{
    for (wudf_list *i = r->interfaces.next; i != &r->interfaces; i = i->next) {
        wudf_remote_itf *itf = WUDF_CONTAINER_OF(i, wudf_remote_itf, link);
        if (strcmp(itf->guid, guid) == 0 && strcmp(itf->reference, reference) == 0)
            return itf;
    }
    wudf_remote_itf *itf = create && r->interface_count < WUDF_REMOTE_MAX_INTERFACES ? calloc(1, sizeof *itf) : NULL;
    if (!itf) {
        if (create)
            wudf_log(WUDF_LOG_WARN, "interface-ignored", "device=%s guid=%s reason=\"more than %u interfaces\"",
                     r->host->devnode ? r->host->devnode->instance_id : "-", guid, WUDF_REMOTE_MAX_INTERFACES);
        return NULL;
    }
    snprintf(itf->guid, sizeof itf->guid, "%s", guid);
    snprintf(itf->reference, sizeof itf->reference, "%s", reference);
    wudf_list_add_tail(&r->interfaces, &itf->link);
    r->interface_count++;
    return itf;
}

void wudf_remote_device_started(wudf_host *h, const wudf_msg *started)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_remote *r = wudf_remote_get(h);
    if (!r || wudf_kv_decode(started->payload, started->payload_length, &kv, NULL)) {
        wudf_kv_free(&kv);
        return;
    }
    /* As a holder first: what it registered for while starting, so its own interfaces below reach it once. */
    for (wudf_list *g = r->registrations.next; g != &r->registrations; g = g->next)
        send_available(r, WUDF_CONTAINER_OF(g, wudf_remote_reg, link));
    for (size_t k = 0; k < kv.count; k++) {
        char guid[WUDF_INF_GUID_SIZE], reference[128];
        if (strcmp(kv.keys[k], "interface") != 0)
            continue;
        wudf_remote_itf *itf = parse_interface(kv.values[k], guid, reference, sizeof reference) == 0
                                   ? interface_of(r, guid, reference, 1)
                                   : NULL;
        if (itf && h->devnode)
            wudf_interface_register(h->devnode, guid, reference); /* for listings, beyond this host */
        if (!itf || itf->enabled)
            continue;
        /* Enabled with the device, as UMDF enables the interfaces made before the start. */
        itf->enabled = 1;
        itf->serial = ++available_count;
        announce(r, itf, "arrival");
    }
    wudf_kv_free(&kv);
}

void wudf_remote_interface_event(wudf_host *h, const wudf_kv *kv)
{
    char guid[WUDF_INF_GUID_SIZE], reference[128];
    const char *g = wudf_kv_get(kv, "guid"), *ref = wudf_kv_get(kv, "reference"), *enabled = wudf_kv_get(kv, "enabled");
    char text[WUDF_INF_GUID_SIZE + 130];
    snprintf(text, sizeof text, "%s%s%s", g ? g : "", ref && ref[0] ? "\\" : "", ref ? ref : "");
    wudf_remote *r = wudf_remote_get(h);
    if (!r || !g || !enabled || (strcmp(enabled, "0") != 0 && strcmp(enabled, "1") != 0) ||
        parse_interface(text, guid, reference, sizeof reference)) {
        wudf_log(WUDF_LOG_WARN, "interface-ignored", "device=%s reason=\"malformed interface event\"",
                 h->devnode ? h->devnode->instance_id : "-");
        return;
    }
    int on = enabled[0] == '1';
    wudf_remote_itf *itf = interface_of(r, guid, reference, on);
    if (itf && on && h->devnode)
        wudf_interface_register(h->devnode, guid, reference);
    if (!itf || itf->enabled == on)
        return;
    itf->enabled = on;
    if (on)
        itf->serial = ++available_count;
    if (wudf_remote_host_ready(h))
        announce(r, itf, on ? "arrival" : "interface-removal");
}

void wudf_remote_interfaces_gone(wudf_host *h)
{
    wudf_remote *r = h->remote;
    if (!r)
        return;
    while (!wudf_list_empty(&r->interfaces)) {
        wudf_remote_itf *itf = WUDF_CONTAINER_OF(r->interfaces.next, wudf_remote_itf, link);
        if (itf->enabled && h->devnode)
            announce(r, itf, "interface-removal");
        wudf_list_remove(&itf->link);
        free(itf);
    }
    r->interface_count = 0;
    while (!wudf_list_empty(&r->registrations)) {
        wudf_remote_reg *reg = WUDF_CONTAINER_OF(r->registrations.next, wudf_remote_reg, link);
        wudf_list_remove(&reg->link);
        free(reg);
    }
    r->registration_count = 0;
}

/* event=custom for the holder of file: the checked event's GUID, size and data. */
static int custom_event_for(wudf_kv *kv, uint32_t file_id, const wudf_kv *event)
{
    int rc = wudf_kv_add(kv, "event", "custom", NULL) || wudf_kv_addf(kv, NULL, "file", "%u", (unsigned)file_id);
    for (size_t i = 0; !rc && i < event->count; i++)
        if (strcmp(event->keys[i], "guid") == 0 || strcmp(event->keys[i], "size") == 0 ||
            strcmp(event->keys[i], "data") == 0)
            rc = wudf_kv_add(kv, event->keys[i], event->values[i], NULL);
    return rc;
}

unsigned wudf_remote_custom_event(wudf_devnode *d, const wudf_kv *event)
{
    unsigned told = 0;
    for (wudf_list *pos = wudf_remote_all.next; pos != &wudf_remote_all; pos = pos->next) {
        wudf_remote *r = WUDF_CONTAINER_OF(pos, wudf_remote, link);
        if (!r->conn || r->host == d->host || !wudf_remote_host_ready(r->host))
            continue;
        for (wudf_list *f = r->conn->files.next; f != &r->conn->files; f = f->next) {
            wudf_file *file = WUDF_CONTAINER_OF(f, wudf_file, conn_link);
            if (file->devnode != d || !file->open || file->closing || file->generation != d->generation)
                continue;
            wudf_kv kv;
            wudf_kv_init(&kv);
            if (custom_event_for(&kv, file->client_file_id, event) == 0) {
                wudf_remote_send_event(r->host, &kv);
                told++;
            } else {
                wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=drop-custom-event device=%s", d->instance_id);
            }
            wudf_kv_free(&kv);
        }
    }
    return told;
}
