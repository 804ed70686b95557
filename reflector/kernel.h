/*
 * The reflector's kernel-facing endpoint: the part of the platform seam that is
 * a whole component (common/platform.h lists the rest). Unmodified programs
 * reach started devices through the kernel, each opened file becoming an
 * internal client connection (wudf_conn_new_internal). One implementation per
 * platform:
 *   Linux    fuse_endpoint.c, fuse_io.c   a FUSE mount (wudfrd --mount DIR, docs/fuse.md)
 *   Windows  kernel_win.c, kernel_win_files.c, kernel_win_devices.c, devtree_win.c
 *            reflector.sys and SetupAPI's device tree (wudfrd --kernel, docs/reflector-sys.md)
 *   neither  kernel_none.c   Linux without libfuse3: asking for a mount says so
 */
#ifndef OPENWUDF_REFLECTOR_KERNEL_H
#define OPENWUDF_REFLECTOR_KERNEL_H

#include "reflector.h"

/* Starts what r->config asks for (--mount, --kernel); 0 also when it asks for none. */
int wudf_kernel_start(wudf_reflector *r, wudf_error *err);
/* d's state, symbolic links, or existence changed: its kernel-side names follow. */
void wudf_kernel_devnode_changed(wudf_devnode *d);
/* An interface of d's driver became available (enable) or went (remote_interface.c). */
void wudf_kernel_interface_changed(wudf_devnode *d, const char *guid, const char *reference, int enable);
/* Where the platform's registry holds d's hardware and software keys (Windows, --kernel): before a
 * host starts, d's copy is read from there; after d's keys changed (before: the settings they were
 * in), the change is written there. */
struct wudf_reg_store;
void wudf_kernel_registry_load(wudf_devnode *d);
void wudf_kernel_registry_changed(wudf_devnode *d, const wudf_kv *before, const struct wudf_reg_store *after);
/* d is being uninstalled: it leaves the machine's device tree where the platform keeps one. */
void wudf_kernel_devnode_uninstalled(wudf_devnode *d);
/* d's HKLM\HARDWARE\DEVICEMAP values changed (property.h: wudf_property_devicemap_each lists them). */
void wudf_kernel_devicemap_changed(wudf_devnode *d);
/* Shutdown: no new opens. */
void wudf_kernel_stop(void);
/* Teardown, once the loop is done. */
void wudf_kernel_exit(void);

#endif
