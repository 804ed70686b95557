/*
 * Builds without a kernel-facing endpoint (Linux without libfuse3): devices
 * are reached through the client library only, and asking for a mount says so.
 */
#include "kernel.h"
#include "reflector.h"

int wudf_kernel_start(wudf_reflector *r, wudf_error *err)
{
    if (r->config.kernel_mount[0])
        return wudf_error_set(err, WUDF_EINVAL, "--mount: this wudfrd was built without libfuse3");
    if (r->config.kernel_bridge)
        return wudf_error_set(err, WUDF_EINVAL, "--kernel: reflector.sys exists only in the Windows build");
    return 0;
}

void wudf_kernel_devnode_changed(wudf_devnode *d)
{
    (void)d;
}

void wudf_kernel_interface_changed(wudf_devnode *d, const char *guid, const char *reference, int enable)
{
    (void)d;
    (void)guid;
    (void)reference;
    (void)enable;
}

void wudf_kernel_devnode_uninstalled(wudf_devnode *d)
{
    (void)d;
}

void wudf_kernel_registry_load(wudf_devnode *d)
{
    (void)d;
}

void wudf_kernel_registry_changed(wudf_devnode *d, const wudf_kv *before, const struct wudf_reg_store *after)
{
    (void)d;
    (void)before;
    (void)after;
}

void wudf_kernel_devicemap_changed(wudf_devnode *d)
{
    (void)d;
}

void wudf_kernel_stop(void)
{
}

void wudf_kernel_exit(void)
{
}
