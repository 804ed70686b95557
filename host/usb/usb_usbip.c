/*
 * The device over USB/IP (wudf_usb_usbip_backend): how a USB device reaches
 * a host that runs under Wine, where libusb finds none — a real device
 * exported by Linux's usbip-host, or the simulated kit of the tests. The
 * connection is usb_usbip_link.c; here, what the targets ask of the device
 * in terms of it: synchronous control transfers, and the standard requests
 * that configure it. The import gave the whole device to this host, so
 * there are no interfaces to claim.
 */
#include "usb_usbip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Synchronous control transfers ---- */

typedef struct sync_wait {
    uv_mutex_t lock;
    uv_cond_t done_cond;
    int done;
} sync_wait;

static void LIBUSB_CALL on_sync_done(struct libusb_transfer *x)
{
    sync_wait *w = x->user_data;
    uv_mutex_lock(&w->lock);
    w->done = 1;
    uv_cond_signal(&w->done_cond);
    uv_mutex_unlock(&w->lock);
}

static int error_of(int transfer_status)
{
    switch (transfer_status) {
    case LIBUSB_TRANSFER_COMPLETED: return 0;
    case LIBUSB_TRANSFER_STALL: return LIBUSB_ERROR_PIPE;
    case LIBUSB_TRANSFER_NO_DEVICE: return LIBUSB_ERROR_NO_DEVICE;
    case LIBUSB_TRANSFER_TIMED_OUT: return LIBUSB_ERROR_TIMEOUT;
    case LIBUSB_TRANSFER_CANCELLED: return LIBUSB_ERROR_INTERRUPTED;
    case LIBUSB_TRANSFER_OVERFLOW: return LIBUSB_ERROR_OVERFLOW;
    default: return LIBUSB_ERROR_IO;
    }
}

static void LIBUSB_CALL on_forgotten_done(struct libusb_transfer *x)
{
    free(x->buffer);
    wudf_usbip_transfer_free(x);
}

static int ip_control(wudf_usb *usb, uint8_t request_type, uint8_t request, uint16_t value, uint16_t index,
                      unsigned char *data, uint16_t length, unsigned timeout_ms)
{
    /* From a completion (a stalled pipe's automatic clear) the link cannot wait for itself: the request goes out
     * in order with what follows, and its result is not waited for. */
    int forget = wudf_usbip_link_on_own_thread(usb);
    struct libusb_transfer *x = wudf_usbip_transfer_alloc();
    unsigned char *buffer = malloc(LIBUSB_CONTROL_SETUP_SIZE + (size_t)length);
    if (!x || !buffer) {
        wudf_usbip_transfer_free(x);
        free(buffer);
        return LIBUSB_ERROR_NO_MEM;
    }
    libusb_fill_control_setup(buffer, request_type, request, value, index, length);
    if (!(request_type & 0x80) && length)
        memcpy(buffer + LIBUSB_CONTROL_SETUP_SIZE, data, length);
    sync_wait w;
    w.done = 0;
    if (!forget) {
        uv_mutex_init(&w.lock);
        uv_cond_init(&w.done_cond);
    }
    libusb_fill_control_transfer(x, NULL, buffer, forget ? on_forgotten_done : on_sync_done, &w, timeout_ms);
    int rc = wudf_usbip_link_submit(usb, x);
    if (forget) {
        if (rc == 0)
            return 0;
    } else {
        if (rc == 0) {
            /* The link ends the transfer: by its reply, its timeout's unlink, or the connection ending. */
            uv_mutex_lock(&w.lock);
            while (!w.done)
                uv_cond_wait(&w.done_cond, &w.lock);
            uv_mutex_unlock(&w.lock);
        }
        uv_cond_destroy(&w.done_cond);
        uv_mutex_destroy(&w.lock);
    }
    if (rc == 0) {
        rc = error_of(x->status);
        if (rc == 0) {
            rc = x->actual_length;
            if ((request_type & 0x80) && rc > 0)
                memcpy(data, buffer + LIBUSB_CONTROL_SETUP_SIZE, (size_t)rc);
        }
    }
    wudf_usbip_transfer_free(x);
    free(buffer);
    return rc;
}

static int ip_get_configuration(wudf_usb *usb, int *value)
{
    *value = wudf_usbip_link_configuration(usb); /* the import reply's */
    return 0;
}

static int ip_claim_interface(wudf_usb *usb, uint8_t number)
{
    (void)usb;
    (void)number;
    return 0; /* the import gave the whole device to this host */
}

static void ip_release_interface(wudf_usb *usb, uint8_t number)
{
    (void)usb;
    (void)number;
}

/* The standard requests the server's stub acts on itself (usbip-host: set configuration, set interface,
 * clear halt), sent as what they are. */
static int ip_set_configuration(wudf_usb *usb, uint8_t value)
{
    int rc = ip_control(usb, 0x00, LIBUSB_REQUEST_SET_CONFIGURATION, value, 0, NULL, 0, 5000);
    return rc < 0 ? rc : 0;
}

static int ip_set_alt_setting(wudf_usb *usb, uint8_t number, uint8_t setting)
{
    int rc = ip_control(usb, LIBUSB_RECIPIENT_INTERFACE, LIBUSB_REQUEST_SET_INTERFACE, setting, number, NULL, 0, 5000);
    return rc < 0 ? rc : 0;
}

static int ip_clear_halt(wudf_usb *usb, uint8_t endpoint)
{
    int rc = ip_control(usb, LIBUSB_RECIPIENT_ENDPOINT, LIBUSB_REQUEST_CLEAR_FEATURE, 0 /* ENDPOINT_HALT */, endpoint,
                        NULL, 0, 5000);
    return rc < 0 ? rc : 0;
}

/* USB/IP has no message for it: the device stays powered on its server's bus, as Linux's vhci keeps a
 * port's suspend to itself. */
static int ip_bus_power(wudf_usb *usb, int suspend, char *why, size_t size)
{
    (void)usb;
    (void)suspend;
    snprintf(why, size, "USB/IP carries no suspend (the device stays powered on its server)");
    return 0;
}

const wudf_usb_backend wudf_usb_usbip_backend = {
    .open = wudf_usbip_link_open,
    .control = ip_control,
    .get_configuration = ip_get_configuration,
    .claim_interface = ip_claim_interface,
    .release_interface = ip_release_interface,
    .set_configuration = ip_set_configuration,
    .set_alt_setting = ip_set_alt_setting,
    .clear_halt = ip_clear_halt,
    .alloc_transfer = wudf_usbip_transfer_alloc,
    .free_transfer = wudf_usbip_transfer_free,
    .submit = wudf_usbip_link_submit,
    .cancel = wudf_usbip_link_cancel,
    .pump = NULL,
    .shut_down = wudf_usbip_link_close,
    .bus_power = ip_bus_power,
};
