/*
 * The FUSE endpoint's two halves: fuse_endpoint.c mounts the file system and
 * answers the directory side (lookup, getattr, readdir) from the live device
 * tree; fuse_io.c turns opens, reads, writes and ioctls into IRPs on one
 * internal client connection per open file.
 */
#ifndef OPENWUDF_FUSE_ENDPOINT_H
#define OPENWUDF_FUSE_ENDPOINT_H

#define FUSE_USE_VERSION 35
#include <fuse_lowlevel.h>

#include "reflector.h"

/* fuse_endpoint.c */
/* The device file name a node stands for, or NULL (the root, or an unknown inode). */
const char *wudf_fuse_node_name(fuse_ino_t ino);
/* Shutdown has begun: no new opens. */
int wudf_fuse_stopping(void);
/* The devnode that serves a device file name now, if it is started (for log lines). */
wudf_devnode *wudf_fuse_find_started(const char *name);

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
