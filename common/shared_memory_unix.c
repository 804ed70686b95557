/* Shared memory and wake-ups for the fast path, Linux: memfd, eventfd, futex (platform.h). */
#define _GNU_SOURCE
#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int wudf_fast_path_supported(void)
{
    return 1;
}

int wudf_shared_memory_create(size_t size, const char *name, int *fd, wudf_error *err)
{
    int m = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (m < 0)
        return wudf_error_set(err, WUDF_EIO, "memfd_create: %s", strerror(errno));
    /* Sealed at its size: nobody can shrink it under a peer's mapping (SIGBUS) or grow it. */
    if (ftruncate(m, (off_t)size) != 0 ||
        fcntl(m, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
        int e = errno;
        close(m);
        return wudf_error_set(err, WUDF_EIO, "shared memory of %zu bytes: %s", size, strerror(e));
    }
    *fd = m;
    return 0;
}

int wudf_shared_memory_map(int fd, size_t size, void **base, wudf_error *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return wudf_error_set(err, WUDF_EIO, "shared memory: fstat: %s", strerror(errno));
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size != size)
        return wudf_error_set(err, WUDF_EPROTO, "shared memory is %lld bytes, expected %zu",
                              (long long)st.st_size, size);
    int seals = fcntl(fd, F_GET_SEALS);
    if (seals < 0 || !(seals & F_SEAL_SHRINK))
        return wudf_error_set(err, WUDF_EPROTO, "shared memory is not sealed against shrinking");
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        return wudf_error_set(err, WUDF_EIO, "mmap of %zu bytes: %s", size, strerror(errno));
    *base = p;
    return 0;
}

void wudf_shared_memory_unmap(void *base, size_t size)
{
    if (base)
        munmap(base, size);
}

int wudf_wakeup_create(int *fd, wudf_error *err)
{
    int e = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (e < 0)
        return wudf_error_set(err, WUDF_EIO, "eventfd: %s", strerror(errno));
    *fd = e;
    return 0;
}

void wudf_wakeup_signal(int fd)
{
    uint64_t one = 1;
    /* EAGAIN means the counter is full: the reader is due to wake anyway. */
    while (write(fd, &one, sizeof one) < 0 && errno == EINTR)
        ;
}

void wudf_wakeup_drain(int fd)
{
    uint64_t value;
    while (read(fd, &value, sizeof value) < 0 && errno == EINTR)
        ;
}

int wudf_is_wakeup(int fd)
{
    char link[64], target[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return 0;
    target[n] = '\0';
    return strcmp(target, "anon_inode:[eventfd]") == 0;
}

int wudf_descriptor_dup(int fd)
{
    return fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

static void on_carrier_closed(uv_handle_t *handle)
{
    free(handle);
}

int wudf_pipe_take_descriptor(uv_pipe_t *pipe)
{
    if (uv_pipe_pending_count(pipe) <= 0)
        return -1;
    uv_pipe_t *carrier = malloc(sizeof *carrier);
    if (!carrier)
        return -1;
    uv_pipe_init(pipe->loop, carrier, 0);
    uv_os_fd_t fd = -1;
    int copy = -1;
    /* libuv hands a passed descriptor over as a stream handle; we keep a copy of the descriptor. */
    if (uv_accept((uv_stream_t *)pipe, (uv_stream_t *)carrier) == 0 && uv_fileno((uv_handle_t *)carrier, &fd) == 0)
        copy = wudf_descriptor_dup(fd);
    uv_close((uv_handle_t *)carrier, on_carrier_closed);
    return copy;
}

void wudf_descriptor_close(int fd)
{
    if (fd >= 0)
        close(fd);
}

void wudf_shared_word_wake(uint32_t *word, int count)
{
    syscall(SYS_futex, word, FUTEX_WAKE, count, NULL, NULL, 0);
}

void wudf_shared_word_wait(uint32_t *word, uint32_t expected, uint32_t timeout_ms)
{
    struct timespec ts = {(time_t)(timeout_ms / 1000u), (long)(timeout_ms % 1000u) * 1000000L};
    syscall(SYS_futex, word, FUTEX_WAIT, expected, &ts, NULL, 0);
}
