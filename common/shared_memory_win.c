/* Shared memory and wake-ups on Windows: no fast path yet, so every request takes the socket path (platform.h). */
#include "platform.h"

int wudf_fast_path_supported(void)
{
    return 0;
}

int wudf_shared_memory_create(size_t size, const char *name, int *fd, wudf_error *err)
{
    (void)size, (void)name, (void)fd;
    return wudf_error_set(err, WUDF_ESTATE, "shared-memory rings are not available on Windows");
}

int wudf_shared_memory_map(int fd, size_t size, void **base, wudf_error *err)
{
    (void)fd, (void)size, (void)base;
    return wudf_error_set(err, WUDF_ESTATE, "shared-memory rings are not available on Windows");
}

void wudf_shared_memory_unmap(void *base, size_t size)
{
    (void)base, (void)size;
}

int wudf_wakeup_create(int *fd, wudf_error *err)
{
    (void)fd;
    return wudf_error_set(err, WUDF_ESTATE, "eventfd is not available on Windows");
}

void wudf_wakeup_signal(int fd)
{
    (void)fd;
}

void wudf_wakeup_drain(int fd)
{
    (void)fd;
}

int wudf_is_wakeup(int fd)
{
    (void)fd;
    return 0;
}

int wudf_descriptor_dup(int fd)
{
    (void)fd;
    return -1;
}

int wudf_pipe_take_descriptor(uv_pipe_t *pipe)
{
    (void)pipe;
    return -1;
}

void wudf_descriptor_close(int fd)
{
    (void)fd;
}

void wudf_shared_word_wake(uint32_t *word, int count)
{
    (void)word, (void)count;
}

void wudf_shared_word_wait(uint32_t *word, uint32_t expected, uint32_t timeout_ms)
{
    (void)word, (void)expected, (void)timeout_ms;
}
