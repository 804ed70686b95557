/* Devnodes: the device tree's entries, their states, problem codes and status records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_interface.h"
#include "events.h"
#include "inf.h"
#include "kernel.h"
#include "log.h"
#include "reflector.h"

_Static_assert(WUDF_MAX_SERVICES == WUDF_INF_MAX_SERVICES, "a devnode holds every service an INF may list");

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return *a == *b;
}

const char *wudf_devnode_state_name(const wudf_devnode *d)
{
    if (d->usb && !d->present && d->state == WUDF_DN_STOPPED)
        return "not present";
    switch (d->state) {
    case WUDF_DN_STOPPED: return "stopped";
    case WUDF_DN_STARTING: return "starting";
    case WUDF_DN_STARTED: return "started";
    case WUDF_DN_RESTARTING: return "restarting";
    case WUDF_DN_STOPPING: return "stopping";
    case WUDF_DN_DISABLED: return "disabled";
    case WUDF_DN_FAILED: return "failed";
    }
    return "unknown";
}

wudf_devnode *wudf_devnode_find(wudf_reflector *r, const char *instance_id)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (ieq(d->instance_id, instance_id))
            return d;
    }
    return NULL;
}

/* Strips the prefixes a Win32 or kernel name may carry: \\.\, \\?\, \??\, \DosDevices\, \GLOBAL??\. */
static const char *link_base(const char *name)
{
    static const char *const prefixes[] = {"\\\\.\\", "\\\\?\\", "\\??\\", "\\DosDevices\\", "\\GLOBAL??\\"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strlen(name) >= n) {
            char head[16];
            memcpy(head, name, n);
            head[n] = '\0';
            if (ieq(head, prefixes[i]))
                return name + n;
        }
    }
    return name;
}

const char *wudf_link_base(const char *name)
{
    return link_base(name);
}

/* The devnode other than except that holds the link named by the first wl bytes of want (a base name);
 * *index (when not NULL) is that link's. */
static wudf_devnode *link_holder(wudf_reflector *r, const char *want, size_t wl, const wudf_devnode *except,
                                 unsigned *index)
{
    char a[128];
    memcpy(a, want, wl < sizeof a - 1 ? wl : sizeof a - 1);
    a[wl < sizeof a - 1 ? wl : sizeof a - 1] = '\0';
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d == except)
            continue;
        for (unsigned i = 0; i < d->symlink_count; i++) {
            const char *have = link_base(d->symlinks[i]);
            if (strlen(have) == wl && ieq(a, have)) {
                if (index)
                    *index = i;
                return d;
            }
        }
    }
    return NULL;
}

wudf_devnode *wudf_devnode_find_by_link(wudf_reflector *r, const char *name, const char **rest,
                                        const char **reference)
{
    const char *want = link_base(name);
    size_t wl = strcspn(want, "\\/");
    unsigned i = 0;
    wudf_devnode *d = link_holder(r, want, wl, NULL, &i);
    if (d) {
        *rest = want + wl;
        if (reference)
            *reference = d->symlink_references[i];
    }
    return d;
}

const char *wudf_devnode_plain_link(const wudf_devnode *d)
{
    for (unsigned i = 0; i < d->symlink_count && i < WUDF_MAX_SYMLINKS; i++)
        if (!d->symlink_references[i][0])
            return d->symlinks[i];
    return NULL;
}

wudf_devnode *wudf_devnode_link_taken(wudf_reflector *r, const char *name, const wudf_devnode *claimer)
{
    const char *want = link_base(name);
    return link_holder(r, want, strlen(want), claimer, NULL);
}

wudf_devnode *wudf_devnode_new(wudf_reflector *r)
{
    wudf_devnode *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->handle = ++r->next_devnode_handle;
    d->enabled = 1;
    d->state = WUDF_DN_STOPPED;
    wudf_kv_init(&d->settings);
    wudf_list_init(&d->waiters);
    wudf_list_init(&d->link);
    return d;
}

void wudf_devnode_free(wudf_devnode *d)
{
    d->removed = 1;
    wudf_devnode_notify_waiters(d);
    wudf_kernel_devnode_changed(d);
    wudf_list_remove(&d->link);
    wudf_interface_forget(d);
    wudf_kv_free(&d->settings);
    free(d);
}

void wudf_devnode_set_state(wudf_devnode *d, wudf_devnode_state state, int problem)
{
    if (d->state == state && d->problem == problem)
        return;
    d->state = state;
    d->problem = problem;
    if (state == WUDF_DN_STARTED)
        d->started_ms = wudf_now_ms();
    /* A device's links live while it runs (a restart keeps them until its new host reports its own);
     * one that stopped, failed or was disabled holds no name another device may claim. */
    if (state == WUDF_DN_STOPPED || state == WUDF_DN_DISABLED || state == WUDF_DN_FAILED)
        d->symlink_count = 0;
    wudf_log(WUDF_LOG_INFO, "state", "device=%s state=%s problem=%d restarts=%u", d->instance_id,
             wudf_devnode_state_name(d), problem, d->restart_count);
    wudf_events_state(d);
    wudf_devnode_notify_waiters(d);
    wudf_kernel_devnode_changed(d);
}

void wudf_devnode_fail(wudf_devnode *d, int problem, const char *reason)
{
    snprintf(d->last_failure, sizeof d->last_failure, "%s", reason);
    wudf_utc_time(d->last_failure_time, sizeof d->last_failure_time, 0);
    wudf_devnode_set_state(d, WUDF_DN_FAILED, problem);
}

static const char *problem_text(int problem)
{
    switch (problem) {
    case CM_PROB_NONE: return "";
    case CM_PROB_FAILED_START: return "This device cannot start. (Code 10)";
    case CM_PROB_DISABLED: return "This device is disabled. (Code 22)";
    case CM_PROB_DEVICE_NOT_THERE: return "This device is not present. (Code 24)";
    case CM_PROB_FAILED_INSTALL: return "The drivers for this device are not installed. (Code 28)";
    case CM_PROB_FAILED_ADD: return "The driver failed to add this device. (Code 31)";
    case CM_PROB_FAILED_POST_START:
        return "Windows has stopped this device because it has reported problems. (Code 43)";
    default: return "Unknown problem";
    }
}

int wudf_devnode_status_kv(const wudf_devnode *d, wudf_kv *kv, wudf_error *err)
{
    const wudf_config *cfg = &g_reflector->config;
    char state[64];
    if (d->state == WUDF_DN_RESTARTING)
        snprintf(state, sizeof state, "restarting %u/%u", d->restart_count, cfg->restart_limit);
    else
        snprintf(state, sizeof state, "%s", wudf_devnode_state_name(d));
    uint64_t uptime = d->state == WUDF_DN_STARTED ? wudf_now_ms() - d->started_ms : 0;
    int rc = 0;
    rc = rc ? rc : wudf_kv_add(kv, "device", d->instance_id, err);
    rc = rc ? rc : wudf_kv_add(kv, "description", d->description, err);
    rc = rc ? rc : wudf_kv_add(kv, "hardware_id", d->hardware_id, err);
    rc = rc ? rc : wudf_kv_add(kv, "manufacturer", d->manufacturer, err);
    rc = rc ? rc : wudf_kv_add(kv, "provider", d->provider, err);
    rc = rc ? rc : wudf_kv_add(kv, "inf", d->inf_name, err);
    rc = rc ? rc : wudf_kv_add(kv, "inf_origin", d->inf_origin, err);
    const wudf_service *top = wudf_devnode_top_service(d);
    char stack[WUDF_MAX_SERVICES * 258];
    wudf_devnode_stack_names(d, stack, sizeof stack);
    rc = rc ? rc : wudf_kv_add(kv, "service", top->name, err);
    rc = rc ? rc : wudf_kv_add(kv, "stack", stack, err);
    rc = rc ? rc : wudf_kv_add(kv, "driver_clsid", top->clsid, err);
    rc = rc ? rc : wudf_kv_add(kv, "binary", top->binary, err);
    rc = rc ? rc : wudf_kv_add(kv, "driver_version", d->driver_version, err);
    rc = rc ? rc : wudf_kv_add(kv, "driver_date", d->driver_date, err);
    rc = rc ? rc : wudf_kv_addf(kv, err, "framework", "UMDF 1.x-compatible (library %s)",
                                top->library_version[0] ? top->library_version : "1.11.0");
    rc = rc ? rc : wudf_kv_add(kv, "state", state, err);
    if (d->power_state[0]) {
        rc = rc ? rc : wudf_kv_add(kv, "power_state", d->power_state, err);
        rc = rc ? rc : wudf_kv_add(kv, "system_state", d->system_state, err);
        rc = rc ? rc : wudf_kv_add(kv, "idle", d->power_idle, err);
        rc = rc ? rc : wudf_kv_add(kv, "wake", d->power_wake, err);
        rc = rc ? rc : wudf_kv_addf(kv, err, "idle_downs", "%u", d->idle_downs);
        rc = rc ? rc : wudf_kv_addf(kv, err, "wakeups", "%u", d->wakeups);
    }
    if (d->usb) {
        rc = rc ? rc : wudf_kv_add(kv, "ids", d->usb_ids, err);
        if (d->usb_bus_power[0])
            rc = rc ? rc : wudf_kv_add(kv, "usb_bus", d->usb_bus_power, err);
        if (d->usbip_server[0]) {
            rc = rc ? rc : wudf_kv_add(kv, "usbip_server", d->usbip_server, err);
            rc = rc ? rc : wudf_kv_add(kv, "usbip_busid", d->usb_busid, err);
        }
        if (d->present && d->usbip_server[0])
            rc = rc ? rc : wudf_kv_addf(kv, err, "location", "usbip %s busid %s (bus %u address %u there)",
                                       d->usbip_server, d->usb_busid, d->usb_bus, d->usb_address);
        else if (d->present)
            rc = rc ? rc : wudf_kv_addf(kv, err, "location", "bus %u address %u port %s", d->usb_bus,
                                       d->usb_address, d->usb_port);
    }
    char access[WUDF_ACL_MAX + 64];
    wudf_access_describe(d, access, sizeof access);
    rc = rc ? rc : wudf_kv_add(kv, "access", access, err);
    rc = rc ? rc : wudf_kv_add(kv, "enabled", d->enabled ? "yes" : "no", err);
    rc = rc ? rc : wudf_kv_addf(kv, err, "problem", "%d", d->problem);
    rc = rc ? rc : wudf_kv_add(kv, "problem_text", problem_text(d->problem), err);
    rc = rc ? rc : wudf_kv_addf(kv, err, "host_pid", "%lld", d->host && d->host->pid > 0 ? (long long)d->host->pid : 0LL);
    rc = rc ? rc : wudf_kv_addf(kv, err, "uptime_ms", "%llu", (unsigned long long)uptime);
    rc = rc ? rc : wudf_kv_addf(kv, err, "restarts", "%u", d->restart_count);
    rc = rc ? rc : wudf_kv_addf(kv, err, "restart_limit", "%u", cfg->restart_limit);
    rc = rc ? rc : wudf_kv_addf(kv, err, "open_files", "%u", d->open_files);
    unsigned ring_pending = d->host ? wudf_fast_path_in_flight(d->host) : 0;
    rc = rc ? rc : wudf_kv_addf(kv, err, "pending", "%u", d->pending + ring_pending);
    rc = rc ? rc : wudf_kv_addf(kv, err, "pending_fast_path", "%u", ring_pending);
    rc = rc ? rc : wudf_kv_add(kv, "last_failure", d->last_failure, err);
    rc = rc ? rc : wudf_kv_add(kv, "last_failure_time", d->last_failure_time, err);
    rc = rc ? rc : wudf_custom_event_status(d, kv, err);
    rc = rc ? rc : wudf_events_status(d, kv, err);
    for (unsigned i = 0; !rc && i < d->symlink_count; i++)
        rc = wudf_kv_add(kv, "symlink", d->symlinks[i], err);
    return rc;
}

void wudf_devnode_fill(wudf_devnode *d, const struct wudf_inf_install *ins, const char *inf_origin)
{
    snprintf(d->hardware_id, sizeof d->hardware_id, "%s", ins->hardware_id);
    snprintf(d->description, sizeof d->description, "%s", ins->description);
    snprintf(d->manufacturer, sizeof d->manufacturer, "%s", ins->manufacturer);
    snprintf(d->provider, sizeof d->provider, "%s", ins->provider);
    snprintf(d->class_name, sizeof d->class_name, "%.63s", ins->class_name);
    snprintf(d->class_guid, sizeof d->class_guid, "%.39s", ins->class_guid);
    snprintf(d->inf_origin, sizeof d->inf_origin, "%s", inf_origin);
    snprintf(d->install_section, sizeof d->install_section, "%s", ins->install_section);
    snprintf(d->driver_version, sizeof d->driver_version, "%s", ins->driver_version);
    snprintf(d->driver_date, sizeof d->driver_date, "%s", ins->driver_date);
    /* The parser keeps UmdfServiceOrder's order and bounds the count by WUDF_INF_MAX_SERVICES. */
    d->service_count = 0;
    for (size_t i = 0; i < ins->service_count && i < WUDF_MAX_SERVICES; i++) {
        wudf_service *s = &d->services[d->service_count++];
        snprintf(s->name, sizeof s->name, "%s", ins->services[i].name);
        snprintf(s->clsid, sizeof s->clsid, "%s", ins->services[i].clsid);
        snprintf(s->binary, sizeof s->binary, "%s", ins->services[i].binary);
        snprintf(s->library_version, sizeof s->library_version, "%s", ins->services[i].library_version);
    }
    /* Canonical spellings (inf_install.c): the longest fits. */
    snprintf(d->method_neither_action, sizeof d->method_neither_action, "%.15s", ins->method_neither_action);
    snprintf(d->file_object_policy, sizeof d->file_object_policy, "%.39s", ins->file_object_policy);
    snprintf(d->impersonation_level, sizeof d->impersonation_level, "%.15s", ins->impersonation_level);
    /* Lines Windows passes over are reported, not refused (inf_install.c says why). */
    size_t kept = sizeof ins->warnings / sizeof ins->warnings[0];
    for (size_t i = 0; i < ins->warning_count && i < kept; i++) {
        char q[2 * sizeof ins->warnings[0]];
        wudf_log(WUDF_LOG_WARN, "inf-line-ignored", "device=%s message=%s", d->instance_id,
                 wudf_log_quote(q, sizeof q, ins->warnings[i]));
    }
    if (ins->warning_count > kept)
        wudf_log(WUDF_LOG_WARN, "inf-line-ignored", "device=%s more=%zu", d->instance_id, ins->warning_count - kept);
}

const wudf_service *wudf_devnode_top_service(const wudf_devnode *d)
{
    return &d->services[d->service_count ? d->service_count - 1 : 0];
}

void wudf_devnode_stack_names(const wudf_devnode *d, char *out, size_t size)
{
    size_t w = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < d->service_count && w < size; i++)
        w += (size_t)snprintf(out + w, size - w, "%s%s", i ? "," : "", d->services[i].name);
}
