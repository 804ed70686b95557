/*
 * A simulated OSR USB-FX2 learning kit for tests: a umockdev testbed holding the device's sysfs
 * attributes (busnum, devnum, descriptors ...) and a usbdevfs ioctl handler that answers what libusb
 * asks of /dev/bus/usb/BBB/DDD: control transfers (descriptors and the kit's vendor requests), bulk
 * loopback 0x02 -> 0x86, switch reports on interrupt endpoint 0x81, halted endpoints, alternate settings,
 * unplugging and plugging back in.
 *
 * The tested program runs in another process with libumockdev-preload and $UMOCKDEV_DIR (set by the
 * testbed in this process's environment); this process answers its ioctls on umockdev's thread.
 */
#ifndef OPENWUDF_TESTS_FX2_SIM_H
#define OPENWUDF_TESTS_FX2_SIM_H

#include <stddef.h>
#include <stdint.h>

#define FX2_SIM_BUS 1
#define FX2_SIM_ADDRESS 5
#define FX2_SIM_PORT_PATH "1-2"

typedef struct fx2_sim fx2_sim;

typedef struct fx2_sim_options {
    /* Answer GET_DESCRIPTOR(CONFIGURATION) with these bytes instead of the kit's (sysfs keeps the
     * kit's, so libusb still enumerates the device). */
    const uint8_t *config_override;
    size_t config_override_length;
} fx2_sim_options;

/* NULL with a message on stderr when the testbed cannot be built. */
fx2_sim *fx2_sim_new(const fx2_sim_options *options);
void fx2_sim_free(fx2_sim *sim);

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
/* URBs the program cancelled (DISCARDURB). */
unsigned fx2_sim_discard_count(fx2_sim *sim);
/* The device goes away: pending URBs complete with -ESHUTDOWN, every later ioctl fails with ENODEV. It
 * stays in sysfs, so libusb still lists it, until fx2_sim_remove. */
void fx2_sim_unplug(fx2_sim *sim);
/*
 * The rest of an unplug (unplugs first if needed): the device leaves sysfs and its node, and libudev
 * monitors (libusb's hotplug) get a "remove" uevent. fx2_sim_plug brings it back at a new address on the
 * same port, as a freshly powered kit (LEDs off, FIFO empty, setting 0) on a node of its own, and sends
 * "add"; ioctls on the old node keep failing with ENODEV. Sending uevents reads the testbed's sysfs
 * through libudev in this process: it needs umockdev's preload here too (libumockdev-preload.so.0).
 */
void fx2_sim_remove(fx2_sim *sim);
int fx2_sim_plug(fx2_sim *sim, unsigned address);

/* The alternate setting of interface 0 the program last selected (SETINTERFACE). */
unsigned fx2_sim_alternate_setting(fx2_sim *sim);
/* Zero-length packets that ended bulk OUT transfers (URBs asking for one whose length is a multiple of
 * the current setting's packet size: 512, or 64 in setting 1). */
unsigned fx2_sim_zero_packet_count(fx2_sim *sim);

/* Waits up to timeout_ms until count URBs wait on endpoint; 0 when they do. */
int fx2_sim_wait_pending(fx2_sim *sim, uint8_t endpoint, unsigned count, unsigned timeout_ms);

#endif
