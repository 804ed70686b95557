/*
 * wudfrd --kernel (Windows), shared by its two files: kernel_win.c moves
 * bytes to and from reflector.sys; kernel_win_files.c turns packets into
 * IRPs on internal client connections and device changes into links.
 */
#ifndef OPENWUDF_REFLECTOR_KERNEL_WIN_H
#define OPENWUDF_REFLECTOR_KERNEL_WIN_H

#include <stddef.h>
#include <stdint.h>

/* kernel_win.c: the transport (loop thread only) */
int kwin_active(void);
/* Queues a message for reflector.sys; its sequence number, 0 if it was dropped. */
uint64_t kwin_put(const uint8_t *data, size_t length);
/* Every message up to this sequence number is in reflector.sys. */
uint64_t kwin_done_seq(void);
/* Runs kwin_after_packets soon, from the loop. */
void kwin_wake(void);

/* kernel_win_files.c: what the packets mean */
void kwin_files_init(void);
void kwin_take_packets(const uint8_t *data, size_t length);
/* After each wake-up: deferred closes, and links now made. */
void kwin_after_packets(void);
void kwin_files_exit(void);

#endif
