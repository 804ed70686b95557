/*
 * Binding an identified USB device to the device tree, for every source of
 * devices (libusb in usb_pnp.c, USB/IP servers in usbip_pnp.c): the
 * installed package that matches its most specific id, a devnode bound to
 * it, the device's location on that devnode, its arrival and its departure.
 * Nothing here speaks libusb or the network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_store.h"
#include "events.h"
#include "inf.h"
#include "log.h"
#include "reflector.h"
#include "usb_pnp.h"

/* The package and install section for the most specific id that has one; NULL if none. */
static wudf_package *match(const char ids[][WUDF_USB_ID_MAX], size_t count, wudf_inf_install *ins)
{
    wudf_reflector *r = g_reflector;
    wudf_inf_dirs dirs = {r->config.driver_dir, NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < count; i++) {
        wudf_list *pos, *tmp;
        WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->packages) {
            wudf_package *p = WUDF_CONTAINER_OF(pos, wudf_package, link);
            char path[WUDF_PATH_MAX], dir[WUDF_PATH_MAX];
            wudf_inf *inf = NULL;
            wudf_error err;
            if (wudf_path_join(dir, sizeof dir, r->config.state_dir, "inf", &err) ||
                wudf_path_join(path, sizeof path, dir, p->inf_name, &err) || wudf_inf_parse_file(path, &inf, &err))
                continue;
            int rc = wudf_inf_find_install(inf, ids[i], WUDF_INF_PLATFORM, &dirs, ins, &err);
            wudf_inf_free(inf);
            if (rc == 0 && ins->service_count >= 1 && ins->service_count <= WUDF_MAX_SERVICES)
                return p;
        }
    }
    return NULL;
}

static void set_location(wudf_devnode *d, const wudf_usb_identity *u, const char ids[][WUDF_USB_ID_MAX],
                         size_t count)
{
    d->usb = 1;
    d->usb_bus = u->bus;
    d->usb_address = u->address;
    d->usb_vid = u->vid;
    d->usb_pid = u->pid;
    snprintf(d->usb_port, sizeof d->usb_port, "%s", u->port_path);
    snprintf(d->usbip_server, sizeof d->usbip_server, "%s", u->usbip_server);
    snprintf(d->usb_busid, sizeof d->usb_busid, "%s", u->busid);
    size_t w = 0;
    d->usb_ids[0] = '\0';
    for (size_t i = 0; i < count && w < sizeof d->usb_ids; i++)
        w += (size_t)snprintf(d->usb_ids + w, sizeof d->usb_ids - w, "%s%s", i ? "; " : "", ids[i]);
}

/* A new devnode for a device no devnode knows, from the package that matches it; NULL if none. */
static wudf_devnode *bind_device(const wudf_usb_identity *u, const char *instance_id, const char ids[][WUDF_USB_ID_MAX],
                                 size_t count, int quiet_no_driver)
{
    wudf_inf_install *ins = calloc(1, sizeof *ins);
    wudf_package *p = ins ? match(ids, count, ins) : NULL;
    wudf_devnode *d = p ? wudf_devnode_new(g_reflector) : NULL;
    if (!d) {
        free(ins);
        if (!quiet_no_driver)
            wudf_log(WUDF_LOG_INFO, "usb-no-driver", "device=%s port=%s ids=\"%s; %s\"", instance_id, u->port_path,
                     ids[0], ids[count - 1]);
        return NULL;
    }
    snprintf(d->instance_id, sizeof d->instance_id, "%s", instance_id);
    snprintf(d->inf_name, sizeof d->inf_name, "%s", p->inf_name);
    snprintf(d->acl, sizeof d->acl, "%s", p->acl);
    wudf_devnode_fill(d, ins, p->inf_origin);
    wudf_driver_store_bind(d, p); /* its driver from the package's copy, as a root device's */
    free(ins);
    d->enabled = 1;
    wudf_list_add_tail(&g_reflector->devnodes, &d->link);
    char stack[WUDF_MAX_SERVICES * 258];
    wudf_devnode_stack_names(d, stack, sizeof stack);
    wudf_log(WUDF_LOG_INFO, "device-installed", "device=%s inf=%s service=%s stack=%s hardware_id=%s", d->instance_id,
             d->inf_name, wudf_devnode_top_service(d)->name, stack, d->hardware_id);
    wudf_events_installed(d);
    return d;
}

static void log_arrival(const wudf_devnode *d, const char *seen_by)
{
    char where[WUDF_USBIP_SERVER_MAX + 64] = "";
    if (d->usbip_server[0])
        snprintf(where, sizeof where, " usbip=%s busid=%s", d->usbip_server, d->usb_busid);
    wudf_log(WUDF_LOG_INFO, "usb-arrived", "device=%s bus=%u address=%u port=%s seen_by=%s%s", d->instance_id,
             d->usb_bus, d->usb_address, d->usb_port, seen_by, where);
}

wudf_usb_arrival wudf_usb_arrive(const wudf_usb_identity *u, const char *seen_by, int quiet_no_driver)
{
    char ids[WUDF_USB_IDS][WUDF_USB_ID_MAX], instance_id[300];
    size_t count = wudf_usb_ids(u, ids, WUDF_USB_IDS);
    wudf_usb_instance_id(u, instance_id, sizeof instance_id);
    wudf_devnode *d = wudf_devnode_find(g_reflector, instance_id);
    int created = 0;
    if (!d) {
        d = bind_device(u, instance_id, ids, count, quiet_no_driver);
        if (!d)
            return WUDF_USB_NO_DRIVER;
        created = 1;
    }
    if (d->present)
        return WUDF_USB_KNOWN;
    if (d->host)
        return WUDF_USB_BUSY;
    set_location(d, u, ids, count);
    d->present = 1;
    d->gone_until_replug = 0; /* whatever was listed before, this is the device now */
    d->restart_count = 0;     /* a replugged device starts afresh */
    d->last_failure_ms = 0;
    wudf_error err;
    if ((created || d->usb_ids[0]) && wudf_store_save(g_reflector, &err))
        wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
    log_arrival(d, seen_by);
    if (d->enabled) {
        wudf_devnode_set_state(d, WUDF_DN_STOPPED, CM_PROB_NONE);
        wudf_supervisor_start(d);
    } else {
        wudf_devnode_set_state(d, WUDF_DN_DISABLED, CM_PROB_DISABLED);
    }
    return WUDF_USB_ARRIVED;
}

void wudf_usb_pnp_gone(wudf_devnode *d, const char *reason)
{
    if (!d->usb || !d->present)
        return;
    d->present = 0;
    char q[200];
    wudf_log(WUDF_LOG_INFO, "usb-removed", "device=%s bus=%u address=%u reason=%s", d->instance_id, d->usb_bus,
             d->usb_address, wudf_log_quote(q, sizeof q, reason));
    /* The host lets go in order (the driver already had OnSurpriseRemoval if it saw it first). */
    wudf_supervisor_stop(d, WUDF_STOP_THEN_NOT_PRESENT);
}
