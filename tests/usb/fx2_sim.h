/*
 * A simulated OSR USB-FX2 learning kit for tests: control transfers (descriptors and the kit's vendor
 * requests), bulk loopback 0x02 -> 0x86, switch reports on interrupt endpoint 0x81, halted endpoints,
 * alternate settings, unplugging and plugging back in (the kit itself: fx2_model.h). Two transports
 * implement this header:
 *
 * fx2_sim.c, umockdev (Linux): a testbed holding the device's sysfs attributes (busnum, devnum,
 * descriptors ...) and a usbdevfs ioctl handler that answers what libusb asks of /dev/bus/usb/BBB/DDD.
 * The tested program runs in another process with libumockdev-preload and $UMOCKDEV_DIR (set by the
 * testbed in this process's environment); this process answers its ioctls on umockdev's thread.
 *
 * fx2_sim_usbip.c, USB/IP (every platform): a server on 127.0.0.1 (fx2_sim_usbip_server) exporting
 * the kit as busid FX2_SIM_PORT_PATH on bus FX2_SIM_BUS, on a thread and libuv loop of its own. One
 * client at a time imports it; its URBs go to the kit, and those it had waiting are dropped when its
 * connection closes.
 *
 * What only reads or sets the kit's state is one copy for both (fx2_sim_state.c), over the transport's
 * fx2_sim_model.
 */
#ifndef OPENWUDF_TESTS_FX2_SIM_H
#define OPENWUDF_TESTS_FX2_SIM_H

#include <stddef.h>
#include <stdint.h>

#define FX2_SIM_BUS 1
#define FX2_SIM_ADDRESS 5
#define FX2_SIM_PORT_PATH "1-2"

typedef struct fx2_sim fx2_sim;
typedef struct fx2_model fx2_model;

typedef struct fx2_sim_options {
    /* Answer GET_DESCRIPTOR(CONFIGURATION) with these bytes instead of the kit's (sysfs keeps the
     * kit's, so libusb still enumerates the device). */
    const uint8_t *config_override;
    size_t config_override_length;
} fx2_sim_options;

/* NULL with a message on stderr when the testbed cannot be built. */
fx2_sim *fx2_sim_new(const fx2_sim_options *options);
void fx2_sim_free(fx2_sim *sim);

/* "127.0.0.1:PORT" for the USB/IP transport; NULL for umockdev. */
const char *fx2_sim_usbip_server(fx2_sim *sim);
/* The kit's busid on its server ("1-2"). */
const char *fx2_sim_busid(fx2_sim *sim);
/* The kit behind the transport. */
fx2_model *fx2_sim_model(fx2_sim *sim);
/* The instance id a reflector polling the kit's USB/IP server gives it (docs/usb.md's rule, written out here
 * so that a test checks the reflector's): USB\VID_0547&PID_1002\USBIP_127.0.0.1_PORT_1-2. "" for umockdev. */
void fx2_sim_usbip_instance_id(fx2_sim *sim, char *out, size_t size);

/* The device's state, as the kit's LEDs and switches would show it. */
uint8_t fx2_sim_bar_graph(fx2_sim *sim);
uint8_t fx2_sim_seven_segment(fx2_sim *sim);
/* Sets the switches and reports the change on the interrupt endpoint. */
void fx2_sim_set_switches(fx2_sim *sim, uint8_t switches);

/* Halts endpoint: its transfers fail with a stall until a CLEAR_FEATURE(ENDPOINT_HALT). */
void fx2_sim_halt(fx2_sim *sim, uint8_t endpoint);
int fx2_sim_is_halted(fx2_sim *sim, uint8_t endpoint);
unsigned fx2_sim_clear_halt_count(fx2_sim *sim, uint8_t endpoint);
/* Control transfers get no answer while muted (they stay pending until cancelled). */
void fx2_sim_mute_control(fx2_sim *sim, int muted);
/* URBs the program cancelled (DISCARDURB; USB/IP: CMD_UNLINK of a URB still waiting). */
unsigned fx2_sim_discard_count(fx2_sim *sim);
/* The device goes away: pending URBs complete with -ESHUTDOWN, every later ioctl fails with ENODEV. It
 * stays in sysfs, so libusb still lists it, until fx2_sim_remove. USB/IP: the importing connection is
 * closed after those answers; the device stays in the device list, but cannot be imported. */
void fx2_sim_unplug(fx2_sim *sim);
/*
 * The rest of an unplug (unplugs first if needed): the device leaves sysfs and its node, and libudev
 * monitors (libusb's hotplug) get a "remove" uevent. fx2_sim_plug brings it back at a new address on the
 * same port, as a freshly powered kit (LEDs off, FIFO empty, setting 0) on a node of its own, and sends
 * "add"; ioctls on the old node keep failing with ENODEV. The uevents are written from the testbed's
 * files straight to the monitors' sockets, so this process needs no preload, and must not carry one
 * (fx2_sim.c says why).
 * USB/IP: remove takes the kit out of the device list; plug puts it back at devnum address, fresh.
 */
void fx2_sim_remove(fx2_sim *sim);
int fx2_sim_plug(fx2_sim *sim, unsigned address);

/* The alternate setting of interface 0 the program last selected (SETINTERFACE). */
unsigned fx2_sim_alternate_setting(fx2_sim *sim);
/* Zero-length packets that ended bulk OUT transfers (URBs asking for one whose length is a multiple of
 * the current setting's packet size: 512, or 64 in setting 1). */
unsigned fx2_sim_zero_packet_count(fx2_sim *sim);

/* Selective suspend: 1 while the program has let the kit's bus suspend it (umockdev: usbfs
 * USBDEVFS_ALLOW_SUSPEND, until USBDEVFS_FORBID_SUSPEND; a URB submitted meanwhile fails with
 * EHOSTUNREACH). USB/IP carries no suspend: there the kit is never suspended. */
int fx2_sim_suspended(fx2_sim *sim);
unsigned fx2_sim_suspend_count(fx2_sim *sim);
unsigned fx2_sim_resume_count(fx2_sim *sim);
/* 1 while remote wakeup is enabled (SET_FEATURE(DEVICE_REMOTE_WAKEUP), until CLEAR_FEATURE), on any transport. */
int fx2_sim_remote_wakeup(fx2_sim *sim);

/* Waits up to timeout_ms until count URBs wait on endpoint; 0 when they do. */
int fx2_sim_wait_pending(fx2_sim *sim, uint8_t endpoint, unsigned count, unsigned timeout_ms);

#endif
