/*
 * The reflector's kernel-facing endpoint: the part of the platform seam that is
 * a whole component (common/platform.h lists the rest). Unmodified programs
 * reach started devices through the kernel, each opened file becoming an
 * internal client connection (wudf_conn_new_internal). One implementation per
 * platform:
 *   Linux    fuse_endpoint.c, fuse_io.c   a FUSE mount (wudfrd --mount DIR, docs/fuse.md)
 *   Windows  kernel_win.c, kernel_win_files.c   reflector.sys (wudfrd --kernel, docs/reflector-sys.md)
 *   neither  kernel_none.c   Linux without libfuse3: asking for a mount says so
 */
#ifndef OPENWUDF_REFLECTOR_KERNEL_H
#define OPENWUDF_REFLECTOR_KERNEL_H

#include "reflector.h"

/* Starts what r->config asks for (--mount, --kernel); 0 also when it asks for none. */
int wudf_kernel_start(wudf_reflector *r, wudf_error *err);
/* d's state, symbolic links, or existence changed: its kernel-side names follow. */
void wudf_kernel_devnode_changed(wudf_devnode *d);
/* Shutdown: no new opens. */
void wudf_kernel_stop(void);
/* Teardown, once the loop is done. */
void wudf_kernel_exit(void);

#endif
