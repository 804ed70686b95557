/*
 * The fast path's part of the platform seam: shared memory passed as a
 * descriptor, eventfds and futex words. Linux has them; elsewhere
 * wudf_fast_path_supported() is 0, the rest fails, and everything takes the
 * socket path (docs/fast-path.md).
 */
#ifndef OPENWUDF_COMMON_SHM_H
#define OPENWUDF_COMMON_SHM_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "error.h"

int wudf_fast_path_supported(void);

/* A new anonymous shared memory file of size bytes, zero-filled. */
int wudf_shm_create(size_t size, const char *name, int *fd, wudf_error *err);
/* Maps fd read-write. Its size must be exactly size: a peer cannot make us map more or less. */
int wudf_shm_map(int fd, size_t size, void **base, wudf_error *err);
void wudf_shm_unmap(void *base, size_t size);

int wudf_eventfd_create(int *fd, wudf_error *err);
/* Adds one to the counter: the owner's loop wakes. Never blocks. */
void wudf_eventfd_signal(int fd);
/* Reads the counter back to zero. */
void wudf_eventfd_drain(int fd);
/* Nonzero when fd is an eventfd. */
int wudf_fd_is_eventfd(int fd);
int wudf_fd_dup(int fd);
/* The oldest descriptor that arrived on an ipc pipe and was not taken yet (the caller owns it), or -1. */
int wudf_pipe_take_fd(uv_pipe_t *pipe);
void wudf_fd_close(int fd);

/* Wakes up to count threads of any process sleeping on word. */
void wudf_futex_wake(uint32_t *word, int count);
/* Sleeps while *word == expected, at most timeout_ms. */
void wudf_futex_wait(uint32_t *word, uint32_t expected, uint32_t timeout_ms);

static inline uint32_t wudf_load_acquire(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void wudf_store_release(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Compare-and-swap, sequentially consistent; nonzero when *p was expected and is now desired. */
static inline int wudf_cas(uint32_t *p, uint32_t expected, uint32_t desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

#endif
