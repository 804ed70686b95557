/*
 * The device through libusb-1.0 (wudf_usb_libusb_backend): found by bus and
 * address among the devices libusb lists, opened, its interfaces claimed
 * (the kernel's driver detached on Linux), its transfers submitted with
 * libusb's asynchronous API. libusb's events run on the host's loop
 * (usb_events_*, platform.h); its hotplug reports the device leaving.
 */
#include "usb_internal.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

/* libusb's own messages go to the host's log. */
static void LIBUSB_CALL libusb_log(libusb_context *ctx, enum libusb_log_level level, const char *text)
{
    (void)ctx;
    char line[400], q[420];
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        n--;
    snprintf(line, sizeof line, "%.*s", (int)n, text);
    wudf_log(level == LIBUSB_LOG_LEVEL_ERROR ? WUDF_LOG_ERROR : level == LIBUSB_LOG_LEVEL_WARNING ? WUDF_LOG_WARN
                                                                                                   : WUDF_LOG_DEBUG,
             "libusb", "message=%s", wudf_log_quote(q, sizeof q, line));
}

static void format_port_path(libusb_device *dev, char *out, size_t size)
{
    uint8_t ports[8];
    int n = libusb_get_port_numbers(dev, ports, (int)sizeof ports);
    int used = snprintf(out, size, "%u", (unsigned)libusb_get_bus_number(dev));
    for (int i = 0; i < n && used > 0 && (size_t)used < size; i++)
        used += snprintf(out + used, size - (size_t)used, "%c%u", i == 0 ? '-' : '.', (unsigned)ports[i]);
    if (n <= 0)
        out[0] = '\0'; /* the backend does not know: nothing to compare */
}

/* The device at keys' bus and address, referenced, or NULL (message says why). */
static libusb_device *find_device(wudf_usb *usb, const usb_keys *keys, NTSTATUS *status, char *message, size_t size)
{
    libusb_device **list = NULL;
    ssize_t n = libusb_get_device_list(usb->ctx, &list);
    libusb_device *found = NULL;
    for (ssize_t i = 0; i < n && !found; i++)
        if (libusb_get_bus_number(list[i]) == keys->bus && libusb_get_device_address(list[i]) == keys->address)
            found = libusb_ref_device(list[i]);
    if (n >= 0)
        libusb_free_device_list(list, 1);
    *status = STATUS_NO_SUCH_DEVICE;
    if (!found) {
        snprintf(message, size, "USB device %s is not present (%s)", usb->name,
                 n < 0 ? libusb_strerror((int)n) : "no device at that bus and address");
        return NULL;
    }
    struct libusb_device_descriptor d;
    if (libusb_get_device_descriptor(found, &d) == 0 && (d.idVendor != keys->vid || d.idProduct != keys->pid)) {
        snprintf(message, size, "USB device %s is not present: bus %u address %u holds %04x:%04x", usb->name,
                 keys->bus, keys->address, d.idVendor, d.idProduct);
        libusb_unref_device(found);
        return NULL;
    }
    char port[64];
    format_port_path(found, port, sizeof port);
    if (keys->port_path && port[0] && strcmp(port, keys->port_path) != 0) {
        snprintf(message, size, "USB device %s is not present: it sits on port %s, not %s", usb->name, port,
                 keys->port_path);
        libusb_unref_device(found);
        return NULL;
    }
    return found;
}

static int LIBUSB_CALL on_hotplug(libusb_context *ctx, libusb_device *dev, libusb_hotplug_event event, void *user)
{
    (void)ctx;
    (void)event;
    wudf_usb *usb = user;
    if (libusb_get_bus_number(dev) != usb->bus || libusb_get_device_address(dev) != usb->address)
        return 0;
    wudf_usb_device_lost(usb, "hotplug");
    return 0; /* stays registered until shut_down deregisters it */
}

static void close_handle(void *arg)
{
    wudf_usb *usb = arg;
    libusb_close(usb->handle);
    usb->handle = NULL;
}

static void lu_shut_down(wudf_usb *usb)
{
    if (usb->hotplug_registered)
        libusb_hotplug_deregister_callback(usb->ctx, usb->hotplug);
    usb->hotplug_registered = 0;
    /* On the loop thread: the poll handle of the descriptor goes before the descriptor does. */
    if (usb->handle && !wudf_usb_events_run(usb->events, close_handle, usb, 5000)) {
        wudf_log(WUDF_LOG_ERROR, "usb-close", "device=\"%s\" reason=\"the event loop did not run the close\"",
                 usb->name);
        return; /* leave libusb as it is rather than free what the loop may still use */
    }
    if (usb->ctx) {
        wudf_usb_events_detach(usb->events);
        libusb_exit(usb->ctx);
        usb->ctx = NULL;
    }
}

static int lu_open(wudf_usb *usb, const usb_keys *keys, NTSTATUS *status, char *message, size_t size)
{
    wudf_error err;
    if (!usb->events) {
        *status = STATUS_NOT_SUPPORTED;
        snprintf(message, size, "this host has no event loop to run USB devices on");
        return -1;
    }
    if (wudf_libusb_load(message, size)) {
        *status = STATUS_NOT_SUPPORTED;
        return -1;
    }
    int rc = libusb_init(&usb->ctx);
    if (rc < 0) {
        usb->ctx = NULL;
        *status = STATUS_NOT_SUPPORTED;
        snprintf(message, size, "USB device %s: libusb cannot start: %s", usb->name, libusb_strerror(rc));
        return -1;
    }
    libusb_set_log_cb(usb->ctx, libusb_log, LIBUSB_LOG_CB_CONTEXT);
    libusb_set_option(usb->ctx, LIBUSB_OPTION_LOG_LEVEL, LIBUSB_LOG_LEVEL_WARNING);
    if (wudf_usb_events_attach(usb->events, usb->ctx, &err)) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        snprintf(message, size, "USB device %s: %s", usb->name, err.message);
        libusb_exit(usb->ctx);
        usb->ctx = NULL;
        return -1;
    }
    libusb_device *dev = find_device(usb, keys, status, message, size);
    if (!dev)
        return -1;
    int before[WUDF_LIBUSB_PM_FDS];
    size_t count = wudf_libusb_pm_snapshot(usb->ctx, before, WUDF_LIBUSB_PM_FDS);
    rc = libusb_open(dev, &usb->handle);
    if (rc < 0) {
        usb->handle = NULL;
        *status = wudf_usb_status_of_open_error(rc);
        snprintf(message, size, "USB device %s: cannot open it: %s%s", usb->name, libusb_strerror(rc),
                 rc == LIBUSB_ERROR_ACCESS ? " (no permission on its device node)" : "");
        libusb_unref_device(dev);
        return -1;
    }
    wudf_libusb_pm_found(usb, before, count);
    usb->speed = (enum libusb_speed)libusb_get_device_speed(dev);
    libusb_set_auto_detach_kernel_driver(usb->handle, 1); /* Linux only; elsewhere nothing to detach */
    if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) &&
        libusb_hotplug_register_callback(usb->ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0, keys->vid, keys->pid,
                                         LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, usb, &usb->hotplug) == 0)
        usb->hotplug_registered = 1;
    libusb_unref_device(dev);
    return 0;
}

static int lu_control(wudf_usb *usb, uint8_t request_type, uint8_t request, uint16_t value, uint16_t index,
                      unsigned char *data, uint16_t length, unsigned timeout_ms)
{
    return libusb_control_transfer(usb->handle, request_type, request, value, index, data, length, timeout_ms);
}

static int lu_get_configuration(wudf_usb *usb, int *value)
{
    return libusb_get_configuration(usb->handle, value);
}

static int lu_claim_interface(wudf_usb *usb, uint8_t number)
{
    return libusb_claim_interface(usb->handle, number);
}

static void lu_release_interface(wudf_usb *usb, uint8_t number)
{
    if (usb->handle)
        libusb_release_interface(usb->handle, number);
}

static int lu_set_configuration(wudf_usb *usb, uint8_t value)
{
    return libusb_set_configuration(usb->handle, value);
}

static int lu_set_alt_setting(wudf_usb *usb, uint8_t number, uint8_t setting)
{
    return libusb_set_interface_alt_setting(usb->handle, number, setting);
}

static int lu_clear_halt(wudf_usb *usb, uint8_t endpoint)
{
    return libusb_clear_halt(usb->handle, endpoint);
}

static struct libusb_transfer *lu_alloc_transfer(void)
{
    return libusb_alloc_transfer(0);
}

static void lu_free_transfer(struct libusb_transfer *x)
{
    libusb_free_transfer(x);
}

static int lu_submit(wudf_usb *usb, struct libusb_transfer *x)
{
    x->dev_handle = usb->handle;
    return libusb_submit_transfer(x);
}

static int lu_cancel(wudf_usb *usb, struct libusb_transfer *x)
{
    (void)usb;
    return libusb_cancel_transfer(x);
}

static void lu_pump(wudf_usb *usb, unsigned ms)
{
    if (!usb->ctx)
        return;
    struct timeval tv = {0, (long)ms * 1000};
    libusb_handle_events_timeout_completed(usb->ctx, &tv, NULL);
}

const wudf_usb_backend wudf_usb_libusb_backend = {
    .open = lu_open,
    .control = lu_control,
    .get_configuration = lu_get_configuration,
    .claim_interface = lu_claim_interface,
    .release_interface = lu_release_interface,
    .set_configuration = lu_set_configuration,
    .set_alt_setting = lu_set_alt_setting,
    .clear_halt = lu_clear_halt,
    .alloc_transfer = lu_alloc_transfer,
    .free_transfer = lu_free_transfer,
    .submit = lu_submit,
    .cancel = lu_cancel,
    .pump = lu_pump,
    .shut_down = lu_shut_down,
    .bus_power = wudf_libusb_bus_power,
};
