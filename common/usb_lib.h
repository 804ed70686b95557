/*
 * libusb-1.0 for the host's USB targets and the reflector's USB plug and play.
 * On Linux libusb (and with it libudev) is loaded only when first needed: a
 * host of a device that is not USB never maps them, which keeps an idle host
 * small (docs/performance.md), and a reflector without libusb still serves
 * every other device. Every libusb function called goes through a table filled
 * by dlopen and dlsym at the first wudf_libusb_load (usb_lib_unix.c); the
 * macros below make the calls read as plain libusb calls. On Windows libusb is
 * linked statically and called directly.
 */
#ifndef OPENWUDF_COMMON_USB_LIB_H
#define OPENWUDF_COMMON_USB_LIB_H

#include <stddef.h>

/* libusb.h names a struct member "interface", which the UMDF headers define as a keyword. */
#pragma push_macro("interface")
#undef interface
#include <libusb.h>
#pragma pop_macro("interface")

/* Loads libusb if it is not yet: 0, or -1 with why in message. */
#ifdef _WIN32
static inline int wudf_libusb_load(char *message, size_t size)
{
    (void)message, (void)size;
    return 0;
}
#else
int wudf_libusb_load(char *message, size_t size);

#define WUDF_LIBUSB_FUNCTIONS(X)                                                                     \
    X(alloc_transfer) X(cancel_transfer) X(claim_interface) X(clear_halt) X(close) X(control_transfer) \
    X(exit) X(free_config_descriptor) X(free_device_list) X(free_pollfds) X(free_transfer)           \
    X(get_bus_number) X(get_config_descriptor) X(get_configuration) X(get_device_address)            \
    X(get_device_descriptor) X(get_device_list) X(get_string_descriptor_ascii)                       \
    X(get_device_speed) X(get_next_timeout) X(get_pollfds) X(get_port_numbers)                       \
    X(handle_events_timeout_completed) X(has_capability) X(hotplug_deregister_callback)              \
    X(hotplug_register_callback) X(init) X(interrupt_event_handler) X(open)                          \
    X(pollfds_handle_timeouts) X(ref_device) X(release_interface) X(set_auto_detach_kernel_driver)   \
    X(set_configuration) X(set_interface_alt_setting) X(set_log_cb) X(set_option)                    \
    X(set_pollfd_notifiers) X(strerror) X(submit_transfer) X(unref_device)

#define WUDF_LIBUSB_MEMBER(name) __typeof__(libusb_##name) *name;
struct wudf_libusb_api {
    WUDF_LIBUSB_FUNCTIONS(WUDF_LIBUSB_MEMBER)
};
#undef WUDF_LIBUSB_MEMBER
extern struct wudf_libusb_api wudf_libusb;

#ifndef WUDF_USB_LIB_TABLE
#define libusb_alloc_transfer (wudf_libusb.alloc_transfer)
#define libusb_cancel_transfer (wudf_libusb.cancel_transfer)
#define libusb_claim_interface (wudf_libusb.claim_interface)
#define libusb_clear_halt (wudf_libusb.clear_halt)
#define libusb_close (wudf_libusb.close)
#define libusb_control_transfer (wudf_libusb.control_transfer)
#define libusb_exit (wudf_libusb.exit)
#define libusb_free_config_descriptor (wudf_libusb.free_config_descriptor)
#define libusb_free_device_list (wudf_libusb.free_device_list)
#define libusb_free_pollfds (wudf_libusb.free_pollfds)
#define libusb_free_transfer (wudf_libusb.free_transfer)
#define libusb_get_bus_number (wudf_libusb.get_bus_number)
#define libusb_get_config_descriptor (wudf_libusb.get_config_descriptor)
#define libusb_get_configuration (wudf_libusb.get_configuration)
#define libusb_get_device_address (wudf_libusb.get_device_address)
#define libusb_get_device_descriptor (wudf_libusb.get_device_descriptor)
#define libusb_get_device_list (wudf_libusb.get_device_list)
#define libusb_get_string_descriptor_ascii (wudf_libusb.get_string_descriptor_ascii)
#define libusb_get_device_speed (wudf_libusb.get_device_speed)
#define libusb_get_next_timeout (wudf_libusb.get_next_timeout)
#define libusb_get_pollfds (wudf_libusb.get_pollfds)
#define libusb_get_port_numbers (wudf_libusb.get_port_numbers)
#define libusb_handle_events_timeout_completed (wudf_libusb.handle_events_timeout_completed)
#define libusb_has_capability (wudf_libusb.has_capability)
#define libusb_hotplug_deregister_callback (wudf_libusb.hotplug_deregister_callback)
#define libusb_hotplug_register_callback (wudf_libusb.hotplug_register_callback)
#define libusb_init (wudf_libusb.init)
#define libusb_interrupt_event_handler (wudf_libusb.interrupt_event_handler)
#define libusb_open (wudf_libusb.open)
#define libusb_pollfds_handle_timeouts (wudf_libusb.pollfds_handle_timeouts)
#define libusb_ref_device (wudf_libusb.ref_device)
#define libusb_release_interface (wudf_libusb.release_interface)
#define libusb_set_auto_detach_kernel_driver (wudf_libusb.set_auto_detach_kernel_driver)
#define libusb_set_configuration (wudf_libusb.set_configuration)
#define libusb_set_interface_alt_setting (wudf_libusb.set_interface_alt_setting)
#define libusb_set_log_cb (wudf_libusb.set_log_cb)
#define libusb_set_option (wudf_libusb.set_option)
#define libusb_set_pollfd_notifiers (wudf_libusb.set_pollfd_notifiers)
#define libusb_strerror (wudf_libusb.strerror)
#define libusb_submit_transfer (wudf_libusb.submit_transfer)
#define libusb_unref_device (wudf_libusb.unref_device)
#endif
#endif

#endif
