/* libusb-1.0, loaded at its first use (usb_lib.h). */
#define WUDF_USB_LIB_TABLE
#include "usb_lib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <uv.h>

#define WUDF_LIBUSB_SONAME "libusb-1.0.so.0"

struct wudf_libusb_api wudf_libusb;

static uv_once_t once = UV_ONCE_INIT;
static char failure[256];

static void load(void)
{
    void *lib = dlopen(WUDF_LIBUSB_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(failure, sizeof failure, "cannot load %s: %s", WUDF_LIBUSB_SONAME, dlerror());
        return;
    }
    struct wudf_libusb_api api;
#define WUDF_LIBUSB_RESOLVE(name)                                                                   \
    if (!failure[0] && !(*(void **)&api.name = dlsym(lib, "libusb_" #name)))                         \
        snprintf(failure, sizeof failure, "%s has no libusb_" #name, WUDF_LIBUSB_SONAME);
    WUDF_LIBUSB_FUNCTIONS(WUDF_LIBUSB_RESOLVE)
#undef WUDF_LIBUSB_RESOLVE
    if (failure[0]) {
        dlclose(lib);
        return;
    }
    /* Kept loaded for the life of the process: transfers and threads of libusb may outlive any caller. */
    wudf_libusb = api;
}

int wudf_libusb_load(char *message, size_t size)
{
    uv_once(&once, load);
    if (!failure[0])
        return 0;
    snprintf(message, size, "%s", failure);
    return -1;
}
