/*
 * The USB device of a devnode: DEVICE_START's usb.* keys name it (usb.bus,
 * usb.address, usb.vid, usb.pid, usb.port_path; usb.usbip and usb.busid for
 * a device imported over USB/IP); the host opens it through its backend
 * (usb_libusb.c or usb_usbip.c), reads and checks its device and active configuration descriptors,
 * claims its interfaces, and keeps it until the device's teardown. A device
 * that goes away is reported once: IPnpCallback::OnSurpriseRemoval and a
 * HOST_EVENT "surprise-removal" to the reflector.
 */
#include "usb_internal.h"
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "usbip.h"

/* ---- The host's hooks ---- */

int wudf_usb_host_init(wudf_host *host, wudf_error *err)
{
    if (!host->options.loop)
        return 0; /* in-process tests: no loop, no USB */
    return wudf_usb_events_create(&host->usb_events, host->options.loop, NULL, NULL, err);
}

void wudf_usb_host_cleanup(wudf_host *host)
{
    wudf_usb_close(host);
    wudf_usb *usb = host->usb;
    if (usb) {
        host->usb = NULL;
        wudf_usb_config_free(&usb->config);
        free(usb->config_bytes);
        uv_cond_destroy(&usb->changed);
        uv_mutex_destroy(&usb->lock);
        free(usb);
    }
    wudf_usb_events_destroy(host->usb_events);
    host->usb_events = NULL;
}

/* ---- Keys ---- */

static int parse_hex16(const char *text, uint16_t *out)
{
    unsigned v = 0;
    if (!text || strlen(text) != 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        char c = text[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (unsigned)d;
    }
    *out = (uint16_t)v;
    return 0;
}

/* 1 when kv has usb.* keys and they parse, 0 when it has none, -1 (message set) when they are wrong. */
static int read_keys(const wudf_kv *kv, usb_keys *keys, char *message, size_t size)
{
    static const char *const names[] = {"usb.bus", "usb.address", "usb.vid", "usb.pid", "usb.port_path", "usb.usbip",
                                        "usb.busid"};
    int any = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        any |= wudf_kv_get(kv, names[i]) != NULL;
    if (!any)
        return 0;
    uint64_t bus, address;
    wudf_error err;
    if (wudf_kv_get_u64(kv, "usb.bus", &bus, &err) || wudf_kv_get_u64(kv, "usb.address", &address, &err)) {
        snprintf(message, size, "DEVICE_START: %s (usb.bus and usb.address are decimal numbers)", err.message);
        return -1;
    }
    if (bus < 1 || bus > 255 || address < 1 || address > 127) {
        snprintf(message, size, "DEVICE_START: usb.bus %llu / usb.address %llu out of range (1..255 / 1..127)",
                 (unsigned long long)bus, (unsigned long long)address);
        return -1;
    }
    const char *vid = wudf_kv_get(kv, "usb.vid"), *pid = wudf_kv_get(kv, "usb.pid");
    if (parse_hex16(vid, &keys->vid) || parse_hex16(pid, &keys->pid)) {
        snprintf(message, size, "DEVICE_START: usb.vid \"%s\" / usb.pid \"%s\" must be 4 hex digits each",
                 vid ? vid : "", pid ? pid : "");
        return -1;
    }
    keys->bus = (unsigned)bus;
    keys->address = (unsigned)address;
    keys->port_path = wudf_kv_get(kv, "usb.port_path");
    if (keys->port_path && !keys->port_path[0])
        keys->port_path = NULL;
    keys->usbip = wudf_kv_get(kv, "usb.usbip");
    keys->busid = wudf_kv_get(kv, "usb.busid");
    if (!keys->usbip && !keys->busid)
        return 1;
    if (!keys->usbip ||
        wudf_usbip_parse_server(keys->usbip, keys->usbip_host, sizeof keys->usbip_host, &keys->usbip_port, &err)) {
        snprintf(message, size, "DEVICE_START: usb.usbip \"%s\": %s", keys->usbip ? keys->usbip : "",
                 keys->usbip ? err.message : "missing (usb.busid names a device on a USB/IP server)");
        return -1;
    }
    size_t n = keys->busid ? strlen(keys->busid) : 0;
    int printable = n > 0 && n < WUDF_USBIP_BUSID_SIZE;
    for (size_t i = 0; i < n && printable; i++)
        printable = keys->busid[i] > ' ' && keys->busid[i] < 0x7f;
    if (!printable) {
        snprintf(message, size, "DEVICE_START: usb.busid \"%.40s\" must be 1 to %u printable characters",
                 keys->busid ? keys->busid : "", WUDF_USBIP_BUSID_SIZE - 1);
        return -1;
    }
    return 1;
}

/* ---- Opening ---- */

NTSTATUS wudf_usb_status_of_open_error(int rc)
{
    switch (rc) {
    case LIBUSB_ERROR_ACCESS: return STATUS_ACCESS_DENIED;
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_NOT_FOUND: return STATUS_NO_SUCH_DEVICE;
    case LIBUSB_ERROR_BUSY: return STATUS_DEVICE_BUSY;
    case LIBUSB_ERROR_NOT_SUPPORTED: return STATUS_NOT_SUPPORTED;
    case LIBUSB_ERROR_NO_MEM: return STATUS_INSUFFICIENT_RESOURCES;
    default: return STATUS_UNSUCCESSFUL;
    }
}

/* GET_DESCRIPTOR, as libusb's inline libusb_get_descriptor sends it, but through the backend. */
static int get_descriptor(wudf_usb *usb, uint8_t type, uint8_t index, unsigned char *data, int length)
{
    return usb->backend->control(usb, LIBUSB_ENDPOINT_IN, LIBUSB_REQUEST_GET_DESCRIPTOR, (uint16_t)(type << 8 | index),
                                 0, data, (uint16_t)length, 1000);
}

/* Reads and checks the device descriptor and the active configuration (selecting one if unconfigured). */
static int read_descriptors(wudf_usb *usb, NTSTATUS *status, char *message, size_t size)
{
    wudf_error err;
    uint8_t header[WUDF_USB_CONFIG_DESCRIPTOR_SIZE];
    int rc = get_descriptor(usb, LIBUSB_DT_DEVICE, 0, usb->device_descriptor,
                            (int)sizeof usb->device_descriptor);
    *status = STATUS_DEVICE_DATA_ERROR;
    if (rc < 0) {
        *status = wudf_usb_status_from_error(rc);
        snprintf(message, size, "USB device %s: cannot read its device descriptor: %s", usb->name, wudf_usb_error_name(rc));
        return -1;
    }
    if (wudf_usb_parse_device_descriptor(usb->device_descriptor, (size_t)rc, &usb->info, &err)) {
        snprintf(message, size, "USB device %s sent an invalid %s", usb->name, err.message);
        return -1;
    }
    int active = 0;
    rc = usb->backend->get_configuration(usb, &active);
    if (rc < 0)
        active = 0;
    /* bNumConfigurations is the device's word: a few are plenty to look through. */
    unsigned count = usb->info.configuration_count < 8 ? usb->info.configuration_count : 8;
    int index = -1;
    for (unsigned i = 0; i < count && index < 0; i++) {
        rc = get_descriptor(usb, LIBUSB_DT_CONFIG, (uint8_t)i, header, (int)sizeof header);
        if (rc == (int)sizeof header && (active == 0 || header[5] == active))
            index = (int)i;
    }
    if (index < 0) {
        snprintf(message, size, "USB device %s: no configuration descriptor for configuration %d", usb->name, active);
        return -1;
    }
    size_t total = (size_t)(header[2] | header[3] << 8);
    usb->config_bytes = malloc(total ? total : 1);
    if (!usb->config_bytes) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        snprintf(message, size, "out of memory for the configuration descriptor of %s", usb->name);
        return -1;
    }
    rc = get_descriptor(usb, LIBUSB_DT_CONFIG, (uint8_t)index, usb->config_bytes, (int)total);
    if (rc < 0) {
        *status = wudf_usb_status_from_error(rc);
        snprintf(message, size, "USB device %s: cannot read configuration %d: %s", usb->name, index, wudf_usb_error_name(rc));
        return -1;
    }
    usb->config_length = (size_t)rc;
    usb->config_index = (uint8_t)index;
    if (wudf_usb_parse_config(usb->config_bytes, usb->config_length, &usb->config, &err)) {
        snprintf(message, size, "USB device %s sent an invalid %s", usb->name, err.message);
        return -1;
    }
    if (active == 0 && (rc = usb->backend->set_configuration(usb, usb->config.value)) < 0) {
        *status = wudf_usb_status_of_open_error(rc);
        snprintf(message, size, "USB device %s: cannot select configuration %u: %s", usb->name, usb->config.value,
                 wudf_usb_error_name(rc));
        return -1;
    }
    return 0;
}

static int claim_interfaces(wudf_usb *usb, NTSTATUS *status, char *message, size_t size)
{
    size_t first, count;
    for (size_t i = 0; wudf_usb_config_interface(&usb->config, i, &first, &count) == 0; i++) {
        uint8_t number = usb->config.settings[first].interface_number;
        int rc = usb->backend->claim_interface(usb, number);
        if (rc < 0) {
            *status = wudf_usb_status_of_open_error(rc);
            snprintf(message, size, "USB device %s: cannot claim interface %u: %s%s", usb->name, number,
                     wudf_usb_error_name(rc), rc == LIBUSB_ERROR_BUSY ? " (another driver or program holds it)" : "");
            return -1;
        }
        usb->claimed[usb->claimed_count++] = number;
    }
    return 0;
}

/* Undoes what open did, in reverse. */
static void shut_down(wudf_usb *usb)
{
    for (size_t i = 0; i < usb->claimed_count; i++)
        usb->backend->release_interface(usb, usb->claimed[i]);
    usb->claimed_count = 0;
    usb->backend->shut_down(usb);
}

int wudf_usb_open(wudf_host *host, const wudf_kv *kv, NTSTATUS *status, char *message, size_t size)
{
    usb_keys keys;
    int have = read_keys(kv, &keys, message, size);
    if (have <= 0) {
        *status = STATUS_INVALID_PARAMETER;
        return have;
    }
    wudf_usb *usb = calloc(1, sizeof *usb);
    if (!usb) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        snprintf(message, size, "out of memory for the USB device");
        return -1;
    }
    usb->host = host;
    usb->events = host->usb_events;
    usb->backend = keys.usbip ? &wudf_usb_usbip_backend : &wudf_usb_libusb_backend;
    usb->state = USB_CLOSED; /* open only once everything below worked */
    usb->usbfs_fd = -1;
    usb->bus = (uint8_t)keys.bus;
    usb->address = (uint8_t)keys.address;
    uv_mutex_init(&usb->lock);
    uv_cond_init(&usb->changed);
    wudf_list_init(&usb->transfers);
    if (keys.usbip)
        snprintf(usb->name, sizeof usb->name, "%04x:%04x at USB/IP server %s busid %s", keys.vid, keys.pid,
                 keys.usbip, keys.busid);
    else
        snprintf(usb->name, sizeof usb->name, "%04x:%04x at bus %u address %u", keys.vid, keys.pid, keys.bus,
                 keys.address);
    host->usb = usb; /* from here on, host cleanup frees it */
    if (usb->backend->open(usb, &keys, status, message, size) || read_descriptors(usb, status, message, size) ||
        claim_interfaces(usb, status, message, size)) {
        shut_down(usb);
        return -1;
    }
    wudf_usb_policy_init(usb);
    usb->state = USB_OPEN;
    wudf_log(WUDF_LOG_INFO, "usb-device-open", "device=\"%s\" speed=%d configuration=%u interfaces=%u",
             usb->name, (int)usb->speed, usb->config.value, usb->config.interface_count);
    return 0;
}

void wudf_usb_cancel_all(wudf_host *host)
{
    /* Waits, so the completions reach the workers before the teardown waits for them to be idle. */
    if (host->usb && wudf_usb_abort(host->usb, NULL, host->options.stop_timeout_ms))
        wudf_log(WUDF_LOG_ERROR, "stop-timeout", "reason=\"USB transfers still in flight after the cancel\"");
}

void wudf_usb_close(wudf_host *host)
{
    wudf_usb *usb = host->usb;
    if (!usb)
        return;
    uv_mutex_lock(&usb->lock);
    int was = usb->state;
    usb->state = USB_CLOSED; /* sends fail from now on */
    uv_mutex_unlock(&usb->lock);
    if (was == USB_CLOSED)
        return;
    if (wudf_usb_abort(usb, NULL, 5000)) {
        /* libusb would write into freed transfers: keep everything rather than close under them. */
        wudf_log(WUDF_LOG_ERROR, "usb-close", "device=\"%s\" reason=\"transfers still in flight after 5 s\"",
                 usb->name);
        return;
    }
    shut_down(usb);
    wudf_log(WUDF_LOG_INFO, "usb-device-closed", "device=\"%s\"", usb->name);
}

/* SET_FEATURE (on) or CLEAR_FEATURE (off) of DEVICE_REMOTE_WAKEUP; 0, or -1 with why. */
static int remote_wakeup(wudf_usb *usb, int on, char *why, size_t size)
{
    int rc = usb->backend->control(usb, LIBUSB_RECIPIENT_DEVICE,
                                   on ? LIBUSB_REQUEST_SET_FEATURE : LIBUSB_REQUEST_CLEAR_FEATURE,
                                   1 /* DEVICE_REMOTE_WAKEUP */, 0, NULL, 0, 5000);
    if (rc < 0)
        snprintf(why, size, "%s(DEVICE_REMOTE_WAKEUP) failed: %s", on ? "SET_FEATURE" : "CLEAR_FEATURE",
                 wudf_usb_error_name(rc));
    return rc < 0 ? -1 : 0;
}

void wudf_usb_bus_power(wudf_host *host, int suspend, int arm_wake, char *state, size_t size)
{
    wudf_usb *usb = host->usb;
    char why[200] = "", wake_error[200] = "";
    if (!usb) {
        state[0] = '\0';
        return;
    }
    uv_mutex_lock(&usb->lock);
    int open = usb->state == USB_OPEN;
    uv_mutex_unlock(&usb->lock);
    /* Armed before the port is suspended (a suspended device takes no request), cleared after it resumed. */
    if (open && suspend && arm_wake && (usb->config.attributes & 0x20) &&
        !remote_wakeup(usb, 1, wake_error, sizeof wake_error))
        usb->remote_wakeup = 1;
    int rc = open ? usb->backend->bus_power(usb, suspend, why, sizeof why) : 0;
    if (!open)
        snprintf(why, sizeof why, "the device is gone");
    wudf_usb_low_power(usb, suspend);
    if (open && !suspend && usb->remote_wakeup) {
        usb->remote_wakeup = 0;
        remote_wakeup(usb, 0, wake_error, sizeof wake_error);
    }
    if (rc > 0 || !suspend)
        snprintf(state, size, "%s%s", suspend ? "suspended" : "active",
                 suspend && usb->remote_wakeup ? ", remote wakeup armed" : "");
    else
        snprintf(state, size, "not suspended: %s", why);
    char q[240], qa[240];
    if (wake_error[0])
        wudf_log(WUDF_LOG_WARN, "usb-remote-wakeup", "device=\"%s\" reason=%s", usb->name,
                 wudf_log_quote(qa, sizeof qa, wake_error));
    if (rc < 0)
        wudf_log(WUDF_LOG_WARN, "usb-bus-power", "device=\"%s\" action=%s status=failed reason=%s", usb->name,
                 suspend ? "suspend" : "resume", wudf_log_quote(q, sizeof q, why));
    else
        wudf_log(WUDF_LOG_INFO, "usb-bus-power", "device=\"%s\" action=%s bus=%s", usb->name,
                 suspend ? "suspend" : "resume", wudf_log_quote(q, sizeof q, state));
}

/* ---- Removal ---- */

static void send_removal_event(wudf_host *host, const char *how)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_kv_add(&kv, "event", "surprise-removal", &err) || wudf_kv_add(&kv, "instance_id", host->instance_id, &err) ||
        wudf_kv_add(&kv, "reason", how, &err))
        wudf_log(WUDF_LOG_ERROR, "host-event-failed", "device=%s reason=\"%s\"", host->instance_id, err.message);
    else
        wudf_host_send_event(host, &kv);
    wudf_kv_free(&kv);
}

typedef struct removal {
    wudf_host *host;
    char how[32];
} removal;

/* Dispatcher thread, in order with the reflector's messages. */
static void report_removal(void *arg)
{
    removal *r = arg;
    wudf_host *host = r->host;
    uv_mutex_lock(&host->lock);
    int started = host->state == WUDF_HOST_STARTED;
    uv_mutex_unlock(&host->lock);
    size_t count = 0;
    wudf_device **devices = started ? wudf_stack_devices(host, &count) : NULL;
    /* Every layer of the stack, top first, as IRP_MN_SURPRISE_REMOVAL goes down it. */
    for (size_t i = 0; i < count; i++) {
        wudf_device *d = devices[i];
        if (d->pnp) {
            wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=IPnpCallback::OnSurpriseRemoval service=%s",
                     wudf_device_service_name(d));
            wudf_device_enter(d);
            IPnpCallback_OnSurpriseRemoval(d->pnp, (IWDFDevice *)(void *)d);
            wudf_device_leave(d);
        }
        wudf_object_release(&d->obj);
    }
    if (count)
        send_removal_event(host, r->how);
    free(devices);
    free(r);
}

void wudf_usb_device_lost(wudf_usb *usb, const char *how)
{
    uv_mutex_lock(&usb->lock);
    int first = usb->state == USB_OPEN && !usb->removal_reported;
    if (first) {
        usb->state = USB_GONE;
        usb->removal_reported = 1;
    }
    uv_mutex_unlock(&usb->lock);
    if (!first)
        return;
    wudf_log(WUDF_LOG_WARN, "usb-device-removed", "device=\"%s\" seen_by=%s", usb->name, how);
    removal *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->host = usb->host;
    snprintf(r->how, sizeof r->how, "%s", how);
    wudf_workers_post(usb->host->dispatcher, report_removal, r);
}
