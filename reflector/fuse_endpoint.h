/*
 * The FUSE endpoint's parts: fuse_endpoint.c mounts the file system and
 * answers the directory side (lookup, getattr, readdir) from the live device
 * tree, fuse_interface.c its by-interface/ view; fuse_io.c turns opens, reads,
 * writes and ioctls into IRPs on one internal client connection per open file.
 */
#ifndef OPENWUDF_FUSE_ENDPOINT_H
#define OPENWUDF_FUSE_ENDPOINT_H

#define FUSE_USE_VERSION 35
#include <fuse_lowlevel.h>

#include "inf.h"
#include "reflector.h"

/* The longest file name the kernel takes (NAME_MAX). */
#define WUDF_FUSE_NAME_MAX 255

/* fuse_endpoint.c */
/* What opening file ino opens: in name, what the CREATE names (a link's base name "Echo0", or an
 * interface's path \\?\ROOT#ECHO#0000#{GUID}), in *device the devnode serving it now (NULL if none,
 * for log lines); 0, or EISDIR for a directory, ENOENT for an unknown inode. */
int wudf_fuse_node_target(fuse_ino_t ino, char *name, size_t size, wudf_devnode **device);
/* Shutdown has begun: no new opens. */
int wudf_fuse_stopping(void);

/* fuse_interface.c: by-interface/{GUID}/ROOT#ECHO#0000#{GUID}[\reference], the interfaces enabled on
 * started devices. fn gets each name once and stops the walk by returning non-zero. */
void wudf_fuse_interface_classes(int (*fn)(const char *name, void *ctx), void *ctx);
void wudf_fuse_interface_files(const char *guid, int (*fn)(const char *name, void *ctx), void *ctx);
/* 0 with the class's GUID when name ("{GUID}", any case) is a directory of by-interface/ now. */
int wudf_fuse_interface_class(const char *name, char guid[WUDF_INF_GUID_SIZE]);
/* The started devnode whose interface file of class guid is name (any case), its spelling in spelling. */
wudf_devnode *wudf_fuse_interface_find(const char *guid, const char *name, char *spelling, size_t size);

/* fuse_io.c */
/* The errno a Linux caller sees for an NTSTATUS (0 for success and warnings). */
int wudf_fuse_errno(int32_t status);
void wudf_fuse_io_init(uv_loop_t *loop);
void wudf_fuse_io_exit(void);
void wudf_fuse_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void wudf_fuse_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi);
void wudf_fuse_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
                     struct fuse_file_info *fi);
void wudf_fuse_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd, void *arg, struct fuse_file_info *fi,
                     unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz);
void wudf_fuse_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void wudf_fuse_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);

#endif
