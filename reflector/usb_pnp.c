/*
 * USB plug and play of the devices libusb lists. A new device is identified
 * (Windows-style ids), matched to the installed packages (the most specific
 * id first) and bound to a devnode (usb_bind.c, shared with USB/IP), which
 * starts a host that opens the device by bus and address. A device that
 * leaves has its host stopped and its devnode shown as not present (problem
 * 24) until it comes back, with a fresh restart count, as Windows does. A
 * host that sees its device vanish first says so (HOST_EVENT
 * surprise-removal). Devnodes of USB/IP devices are usbip_pnp.c's: libusb's
 * list says nothing of them.
 *
 * Where libusb has hotplug (Linux, and other Unix backends) its arrival and
 * departure callbacks say when; libusb's events are handled on the
 * reflector's loop by the code the host uses too (wudf_usb_events_*,
 * platform.h), so the reflector never waits inside libusb for an event. On
 * Linux libusb is loaded when USB plug and play starts (usb_lib.h). A callback only queues
 * the device: it runs inside libusb's event handling, where reading
 * descriptors or opening the device is not allowed; the queue is worked off
 * once libusb has returned. The device list is still read at start, after
 * a package install, and every 30 s in case an event was lost. Without
 * hotplug (Windows) the list is read every second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "reflector.h"
#include "usb_pnp.h"

/* After reflector.h: on Windows, libuv's winsock2.h must come before libusb's windows.h. */
#include "usb_lib.h"

#define RESCAN_MS 1000          /* without hotplug */
#define SAFETY_RESCAN_MS 30000  /* with hotplug: a lost event is made up for within this */
#define RETRY_MS 100            /* a device back while its devnode's previous host still stops */
#define MAX_UNBOUND 64

static libusb_context *usb;
static uv_timer_t rescan_timer, retry_timer;
static int timer_started;
static int retry_pending;
/* Devices present without a driver, logged once each (bus << 8 | address). */
static unsigned unbound[MAX_UNBOUND];
static size_t unbound_count;

static void local_rescan(void);

static void port_path(libusb_device *dev, char *buf, size_t size)
{
    uint8_t ports[8];
    int n = libusb_get_port_numbers(dev, ports, (int)sizeof ports);
    int w = snprintf(buf, size, "%u", libusb_get_bus_number(dev));
    for (int i = 0; i < n && w > 0 && (size_t)w < size; i++)
        w += snprintf(buf + w, size - (size_t)w, "%c%u", i ? '.' : '-', ports[i]);
}

/* Class codes from the device, or from its first interface when the device leaves them to it. */
static void class_codes(libusb_device *dev, const struct libusb_device_descriptor *dd, wudf_usb_identity *u)
{
    u->cls = dd->bDeviceClass;
    u->subclass = dd->bDeviceSubClass;
    u->protocol = dd->bDeviceProtocol;
    struct libusb_config_descriptor *config = NULL;
    if (u->cls != 0 || libusb_get_config_descriptor(dev, 0, &config) != 0)
        return;
    if (config->bNumInterfaces > 0 && config->interface && config->interface[0].num_altsetting > 0) {
        const struct libusb_interface_descriptor *alt = &config->interface[0].altsetting[0];
        u->cls = alt->bInterfaceClass;
        u->subclass = alt->bInterfaceSubClass;
        u->protocol = alt->bInterfaceProtocol;
    }
    libusb_free_config_descriptor(config);
}

static int identify(libusb_device *dev, wudf_usb_identity *u)
{
    struct libusb_device_descriptor dd;
    memset(u, 0, sizeof *u);
    if (libusb_get_device_descriptor(dev, &dd) != 0)
        return -1;
    u->vid = dd.idVendor;
    u->pid = dd.idProduct;
    u->rev = dd.bcdDevice;
    u->bus = libusb_get_bus_number(dev);
    u->address = libusb_get_device_address(dev);
    port_path(dev, u->port_path, sizeof u->port_path);
    class_codes(dev, &dd, u);
    libusb_device_handle *h = NULL;
    if (dd.iSerialNumber && libusb_open(dev, &h) == 0) {
        unsigned char serial[sizeof u->serial];
        int n = libusb_get_string_descriptor_ascii(h, dd.iSerialNumber, serial, sizeof serial - 1);
        if (n > 0) {
            serial[n] = '\0';
            snprintf(u->serial, sizeof u->serial, "%s", (const char *)serial);
        }
        libusb_close(h);
    }
    return 0;
}

static void on_retry(uv_timer_t *t)
{
    (void)t;
    retry_pending = 0;
    if (!g_reflector->shutting_down)
        local_rescan();
}

/* A device came back while its devnode's previous host still lets go of the old one: look again soon
 * (the host stops within the critical timeout, or is killed). */
static void retry_later(void)
{
    if (retry_pending || !timer_started)
        return;
    retry_pending = 1;
    uv_timer_start(&retry_timer, on_retry, RETRY_MS, 0);
}

/* Devices without a driver are logged once each, until they leave (unbound). */
static int is_unbound(unsigned key)
{
    for (size_t i = 0; i < unbound_count; i++)
        if (unbound[i] == key)
            return 1;
    return 0;
}

static void arrived(libusb_device *dev, const char *seen_by)
{
    wudf_usb_identity u;
    if (identify(dev, &u))
        return;
    unsigned key = (unsigned)u.bus << 8 | u.address;
    switch (wudf_usb_arrive(&u, seen_by, is_unbound(key))) {
    case WUDF_USB_NO_DRIVER:
        if (!is_unbound(key) && unbound_count < MAX_UNBOUND)
            unbound[unbound_count++] = key;
        break;
    case WUDF_USB_BUSY:
        retry_later();
        break;
    default:
        break;
    }
}

/* A devnode of a device libusb lists (not one a USB/IP server exports: usbip_pnp.c has those). */
static int local_usb(const wudf_devnode *d)
{
    return d->usb && !d->usbip_server[0];
}

static void local_rescan(void)
{
    if (!usb)
        return;
    libusb_device **list = NULL;
    ssize_t n = libusb_get_device_list(usb, &list);
    if (n < 0)
        return;
    wudf_list *pos, *tmp;
    /* Devices that left: their devnode's bus and address are no longer listed. */
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (!local_usb(d) || (!d->present && !d->gone_until_replug))
            continue;
        int listed = 0;
        for (ssize_t i = 0; i < n && !listed; i++)
            listed = libusb_get_bus_number(list[i]) == d->usb_bus && libusb_get_device_address(list[i]) == d->usb_address;
        if (!listed) {
            d->gone_until_replug = 0;
            wudf_usb_pnp_gone(d, "unplugged");
        }
    }
    for (ssize_t i = 0; i < n; i++) {
        unsigned bus = libusb_get_bus_number(list[i]), address = libusb_get_device_address(list[i]);
        int known = 0;
        WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
            wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
            if (local_usb(d) && (d->present || d->gone_until_replug) && d->usb_bus == bus && d->usb_address == address)
                known = 1;
        }
        if (!known)
            arrived(list[i], "rescan");
    }
    /* A device without a driver that left is logged again if it comes back. */
    for (size_t k = unbound_count; k-- > 0;) {
        int listed = 0;
        for (ssize_t i = 0; i < n && !listed; i++)
            listed = ((unsigned)libusb_get_bus_number(list[i]) << 8 | libusb_get_device_address(list[i])) == unbound[k];
        if (!listed)
            unbound[k] = unbound[--unbound_count];
    }
    libusb_free_device_list(list, 1);
}

/* After a package install or update: the devices of both sources are matched again. */
void wudf_usb_pnp_rescan(void)
{
    wudf_usbip_pnp_rescan();
    local_rescan();
}

static void on_rescan(uv_timer_t *t)
{
    (void)t;
    if (!g_reflector->shutting_down)
        local_rescan();
}

/* A hotplug callback's device, waiting for the loop to act on it once libusb has returned. */
typedef struct hotplug_item {
    struct hotplug_item *next;
    libusb_device *dev;  /* referenced */
    int arrived;
} hotplug_item;

static wudf_usb_events *events; /* libusb's events on the loop, while hotplug is armed */
static libusb_hotplug_callback_handle hotplug_handle;
static hotplug_item *queue_head, **queue_tail = &queue_head;

static void forget_unbound(unsigned bus, unsigned address)
{
    unsigned key = bus << 8 | address;
    for (size_t i = 0; i < unbound_count; i++)
        if (unbound[i] == key) {
            unbound[i] = unbound[--unbound_count];
            return;
        }
}

/* The device of an arrival or departure, in the order libusb reported them. */
static void act_on(const hotplug_item *item)
{
    unsigned bus = libusb_get_bus_number(item->dev), address = libusb_get_device_address(item->dev);
    wudf_list *pos, *tmp;
    if (!item->arrived) {
        forget_unbound(bus, address);
        WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
            wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
            if (local_usb(d) && (d->present || d->gone_until_replug) && d->usb_bus == bus && d->usb_address == address) {
                d->gone_until_replug = 0;
                wudf_usb_pnp_gone(d, "unplugged");
            }
        }
        return;
    }
    /* A devnode already present there: the arrival was also in the device list read at start. */
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (local_usb(d) && d->present && d->usb_bus == bus && d->usb_address == address)
            return;
    }
    arrived(item->dev, "hotplug");
}

static hotplug_item *dequeue(void)
{
    hotplug_item *item = queue_head;
    if (item) {
        queue_head = item->next;
        if (!queue_head)
            queue_tail = &queue_head;
        item->next = NULL;
    }
    return item;
}

/* On the loop, once libusb's events have been handled (wudf_usb_events' after callback). */
static void work_off_queue(void *arg)
{
    (void)arg;
    hotplug_item *item;
    /* Acting may run libusb's events again (opening a device to read its serial number), which can queue more. */
    while ((item = dequeue())) {
        if (!g_reflector->shutting_down)
            act_on(item);
        libusb_unref_device(item->dev);
        free(item);
    }
}

static int LIBUSB_CALL on_hotplug(libusb_context *ctx, libusb_device *dev, libusb_hotplug_event event, void *user)
{
    (void)ctx;
    (void)user;
    int arrived_now = event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED;
    wudf_log(WUDF_LOG_DEBUG, "usb-hotplug", "action=%s bus=%u address=%u", arrived_now ? "arrived" : "left",
             libusb_get_bus_number(dev), libusb_get_device_address(dev));
    hotplug_item *item = calloc(1, sizeof *item);
    if (!item) {
        wudf_log(WUDF_LOG_ERROR, "usb-hotplug", "reason=out-of-memory");
        return 0; /* the next rescan finds what this would have told */
    }
    item->dev = libusb_ref_device(dev);
    item->arrived = arrived_now;
    *queue_tail = item;
    queue_tail = &item->next;
    /* Also when libusb ran its events inside a call made from the queue: the loop comes back to it. */
    wudf_usb_events_changed(events);
    return 0;
}

/* 0 when libusb's hotplug callbacks are armed and its events run on the loop (libusb's Windows
 * backend has no hotplug: the device list is read every second instead). */
static int hotplug_start(wudf_reflector *r)
{
    if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG))
        return -1;
    wudf_error err;
    if (wudf_usb_events_create(&events, r->loop, work_off_queue, NULL, &err) ||
        wudf_usb_events_attach(events, usb, &err)) {
        wudf_log(WUDF_LOG_WARN, "usb-hotplug", "reason=\"%s\"", err.message);
        wudf_usb_events_destroy(events);
        events = NULL;
        return -1;
    }
    /* Devices present before this are taken from the device list read next. */
    int rc = libusb_hotplug_register_callback(usb, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                                              0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                                              LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, NULL, &hotplug_handle);
    if (rc != LIBUSB_SUCCESS) {
        wudf_log(WUDF_LOG_WARN, "usb-hotplug", "reason=\"%s\"", libusb_strerror(rc));
        wudf_usb_events_detach(events);
        wudf_usb_events_destroy(events);
        events = NULL;
        return -1;
    }
    return 0;
}

/* On the loop, while it still runs: the events code closes its handles. */
static void hotplug_stop(void)
{
    if (!events)
        return;
    libusb_hotplug_deregister_callback(usb, hotplug_handle);
    wudf_usb_events_detach(events);
    wudf_usb_events_destroy(events);
    events = NULL;
    hotplug_item *item;
    while ((item = dequeue())) {
        libusb_unref_device(item->dev);
        free(item);
    }
}

void wudf_usb_pnp_start(wudf_reflector *r)
{
    /* Until seen, a USB devnode from the store is not present. */
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->usb)
            wudf_devnode_set_state(d, WUDF_DN_STOPPED, CM_PROB_DEVICE_NOT_THERE);
    }
    char why[256];
    if (wudf_libusb_load(why, sizeof why)) {
        wudf_log(WUDF_LOG_WARN, "usb-unavailable", "reason=\"%s\"", why);
        return;
    }
    int rc = libusb_init(&usb);
    if (rc != 0) {
        usb = NULL;
        wudf_log(WUDF_LOG_WARN, "usb-unavailable", "reason=\"%s\"", libusb_strerror(rc));
        return;
    }
    int with_hotplug = hotplug_start(r) == 0;
    uv_timer_init(r->loop, &rescan_timer);
    uv_timer_init(r->loop, &retry_timer);
    uv_unref((uv_handle_t *)&retry_timer);
    timer_started = 1;
    local_rescan();
    unsigned period = with_hotplug ? SAFETY_RESCAN_MS : RESCAN_MS;
    uv_timer_start(&rescan_timer, on_rescan, period, period);
    uv_unref((uv_handle_t *)&rescan_timer);
    wudf_log(WUDF_LOG_INFO, "usb-pnp", "hotplug=%s rescan_ms=%u", with_hotplug ? "yes" : "no", period);
}

void wudf_usb_pnp_stop(void)
{
    hotplug_stop();
    if (timer_started) {
        if (!uv_is_closing((uv_handle_t *)&rescan_timer))
            uv_close((uv_handle_t *)&rescan_timer, NULL);
        if (!uv_is_closing((uv_handle_t *)&retry_timer))
            uv_close((uv_handle_t *)&retry_timer, NULL);
    }
    timer_started = 0;
}

void wudf_usb_pnp_exit(void)
{
    if (usb)
        libusb_exit(usb);
    usb = NULL;
}
