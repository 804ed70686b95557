/*
 * The platform part of file-handle targets on Linux (file_target.h): the
 * HANDLE a portable driver passes is a file descriptor cast to HANDLE
 * ((HANDLE)(intptr_t)fd, docs/vendor-guide.md). Each target has a thread
 * running a libuv loop of its own: a descriptor that can be polled (socket,
 * pipe, terminal, most character devices) is watched with uv_poll and read
 * or written without blocking, reads and writes each served in the order
 * sent; one that cannot (a regular file) is read and written with
 * pread/pwrite at the send's device offset on that thread. An ioctl is
 * ioctl(2) with the send's code; a query or set of file information is
 * answered from the descriptor (file_info_unix.c). The host's dispatcher and
 * workers never wait on the descriptor.
 */
#include "file_target.h"
#include "file_info_unix.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

struct wudf_file_backend {
    wudf_file_target *target;
    wudf_host *host;
    int fd;
    mode_t mode;       /* S_IFSOCK, S_IFIFO, S_IFREG ... */
    int pollable;
    uv_loop_t loop;
    uv_thread_t thread;
    uv_async_t wake;
    uv_poll_t poll;
    int poll_events;   /* what the poll handle watches now */
    uv_mutex_t lock;   /* inbox and quit */
    wudf_list inbox;   /* wudf_file_io.backend_link: submitted, not taken yet */
    int quit;
    wudf_list reads;   /* the loop thread's: waiting for the descriptor */
    wudf_list writes;
};

/* errno as the NTSTATUS a Windows target would have completed with (nearest public name). */
NTSTATUS wudf_file_status_from_errno(int e)
{
    switch (e) {
    case EBADF: return STATUS_INVALID_HANDLE;
    case EPIPE:
    case ECONNRESET:
    case ENOTCONN: return STATUS_PIPE_BROKEN;
    case ENOTTY:
    case EOPNOTSUPP: return STATUS_INVALID_DEVICE_REQUEST;
    case EINVAL:
    case EFAULT: return STATUS_INVALID_PARAMETER;
    case ENOMEM:
    case ENOBUFS: return STATUS_INSUFFICIENT_RESOURCES;
    case EACCES:
    case EPERM: return STATUS_ACCESS_DENIED;
    case ETIMEDOUT: return STATUS_IO_TIMEOUT;
    case EIO: return STATUS_IO_DEVICE_ERROR;
    default: return STATUS_UNSUCCESSFUL;
    }
}

static void finish(wudf_file_io *io, NTSTATUS status, size_t information)
{
    io->status = status;
    io->information = information;
    wudf_file_io_done(io); /* io may be gone after this */
}

/* ---- the moves themselves (loop thread) ---- */

/* What a read that got no bytes means: a socket's orderly end is a successful empty read (as ReadFile on
 * a socket), a pipe whose writer went is a broken pipe, anything else is the end of the file. */
static NTSTATUS end_status(wudf_file_backend *b)
{
    if (S_ISSOCK(b->mode))
        return STATUS_SUCCESS;
    return S_ISFIFO(b->mode) ? STATUS_PIPE_BROKEN : STATUS_END_OF_FILE;
}

/* 1 when io ended (done called), 0 when the descriptor has nothing yet. */
static int try_read(wudf_file_backend *b, wudf_file_io *io)
{
    if (!io->output_length) {
        finish(io, STATUS_SUCCESS, 0);
        return 1;
    }
    ssize_t n;
    do {
        if (!b->pollable)
            n = pread(b->fd, io->output, io->output_length, (off_t)io->device_offset);
        else if (S_ISSOCK(b->mode))
            n = recv(b->fd, io->output, io->output_length, MSG_DONTWAIT);
        else
            n = read(b->fd, io->output, io->output_length);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (n < 0) {
        int e = errno;
        wudf_log(WUDF_LOG_WARN, "file-target-read-failed", "fd=%d error=\"%s\"", b->fd, strerror(e));
        finish(io, wudf_file_status_from_errno(e), 0);
    } else if (n == 0) {
        finish(io, end_status(b), 0);
    } else {
        finish(io, STATUS_SUCCESS, (size_t)n);
    }
    return 1;
}

/* A write ends when all of it is out (as WriteFile on an overlapped handle), or on an error. */
static int try_write(wudf_file_backend *b, wudf_file_io *io)
{
    while (io->done < io->input_length) {
        const uint8_t *at = io->input + io->done;
        size_t left = io->input_length - io->done;
        ssize_t n;
        if (!b->pollable)
            n = pwrite(b->fd, at, left, (off_t)(io->device_offset + (LONGLONG)io->done));
        else if (S_ISSOCK(b->mode))
            n = send(b->fd, at, left, MSG_DONTWAIT | MSG_NOSIGNAL);
        else
            n = write(b->fd, at, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            wudf_log(WUDF_LOG_WARN, "file-target-write-failed", "fd=%d written=%lu error=\"%s\"", b->fd,
                     (unsigned long)io->done, strerror(e));
            finish(io, wudf_file_status_from_errno(e), io->done);
            return 1;
        }
        io->done += (size_t)n;
    }
    finish(io, STATUS_SUCCESS, io->done);
    return 1;
}

/* ioctl(2) with the send's code, on one buffer that holds the input and has room for the output and for
 * the size the code itself declares (_IOC_SIZE); the output is what the buffer holds afterwards. */
static void do_ioctl(wudf_file_backend *b, wudf_file_io *io)
{
    size_t size = io->input_length > io->output_length ? io->input_length : io->output_length;
    size_t declared = ((size_t)io->ioctl_code >> 16) & 0x3fffu;
    if (declared > size)
        size = declared;
    if (size < 64)
        size = 64; /* older codes declare nothing and take an int or a small struct */
    uint8_t *buffer = calloc(1, size);
    if (!buffer) {
        finish(io, STATUS_INSUFFICIENT_RESOURCES, 0);
        return;
    }
    memcpy(buffer, io->input, io->input_length);
    int rc;
    do
        rc = ioctl(b->fd, (unsigned long)io->ioctl_code, buffer);
    while (rc < 0 && errno == EINTR);
    int e = errno;
    if (rc < 0) {
        wudf_log(WUDF_LOG_WARN, "file-target-ioctl-failed", "fd=%d code=0x%08lx error=\"%s\"", b->fd,
                 (unsigned long)io->ioctl_code, strerror(e));
        free(buffer);
        finish(io, wudf_file_status_from_errno(e), 0);
        return;
    }
    memcpy(io->output, buffer, io->output_length);
    free(buffer);
    finish(io, STATUS_SUCCESS, io->output_length);
}

static void do_flush(wudf_file_backend *b, wudf_file_io *io)
{
    int rc = S_ISREG(b->mode) ? fsync(b->fd) : 0; /* nothing is buffered on our side of a socket or pipe */
    finish(io, rc < 0 ? wudf_file_status_from_errno(errno) : STATUS_SUCCESS, 0);
}

/* A query's information goes to the send's output (copied back into the formatted memory); a set's is its input. */
static void do_information(wudf_file_backend *b, wudf_file_io *io)
{
    size_t written = 0;
    NTSTATUS status = io->type == WdfRequestQueryInformation
                          ? wudf_file_info_query(b->fd, io->information_class, io->output, io->output_length, &written)
                          : wudf_file_info_set(b->fd, io->information_class, io->input, io->input_length);
    wudf_log(WUDF_LOG_DEBUG, "file-target-information", "fd=%d type=%d class=%d status=0x%08lX information=%lu",
             b->fd, (int)io->type, (int)io->information_class, (unsigned long)(ULONG)status, (unsigned long)written);
    finish(io, status, written);
}

/* ---- the loop thread ---- */

static void serve(wudf_file_backend *b);

static void on_poll(uv_poll_t *poll, int status, int events)
{
    wudf_file_backend *b = poll->data;
    if (status < 0)
        wudf_log(WUDF_LOG_WARN, "file-target-poll-failed", "fd=%d error=\"%s\"", b->fd, uv_strerror(status));
    serve(b);
}

/* The sends whose cancel was asked for end now, wherever they wait. */
static void end_cancelled(wudf_file_backend *b, wudf_list *queue)
{
    wudf_list cancelled;
    wudf_list_init(&cancelled);
    uv_mutex_lock(&b->host->lock);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, queue) {
        wudf_file_io *io = WUDF_CONTAINER_OF(pos, wudf_file_io, backend_link);
        if (io->cancel_requested) {
            wudf_list_remove(&io->backend_link);
            wudf_list_add_tail(&cancelled, &io->backend_link);
        }
    }
    uv_mutex_unlock(&b->host->lock);
    while (!wudf_list_empty(&cancelled)) {
        wudf_file_io *io = WUDF_CONTAINER_OF(cancelled.next, wudf_file_io, backend_link);
        wudf_list_remove(&io->backend_link);
        finish(io, STATUS_CANCELLED, io->type == WdfRequestWrite ? io->done : 0);
    }
}

static void progress(wudf_file_backend *b, wudf_list *queue, int (*attempt)(wudf_file_backend *, wudf_file_io *))
{
    while (!wudf_list_empty(queue)) {
        wudf_file_io *io = WUDF_CONTAINER_OF(queue->next, wudf_file_io, backend_link);
        wudf_list_remove(&io->backend_link);
        if (!attempt(b, io)) {
            /* Back at the head: its turn is not over. */
            wudf_list *first = &io->backend_link;
            first->next = queue->next;
            first->prev = queue;
            queue->next->prev = first;
            queue->next = first;
            return;
        }
    }
}

/* Takes what was submitted: ioctls, flushes, file information and moves on an unpollable descriptor run now,
 * the rest waits. */
static void take_inbox(wudf_file_backend *b)
{
    wudf_list fresh;
    wudf_list_init(&fresh);
    uv_mutex_lock(&b->lock);
    while (!wudf_list_empty(&b->inbox)) {
        wudf_list *first = b->inbox.next;
        wudf_list_remove(first);
        wudf_list_add_tail(&fresh, first);
    }
    uv_mutex_unlock(&b->lock);
    while (!wudf_list_empty(&fresh)) {
        wudf_file_io *io = WUDF_CONTAINER_OF(fresh.next, wudf_file_io, backend_link);
        wudf_list_remove(&io->backend_link);
        if (io->type == WdfRequestDeviceIoControl)
            do_ioctl(b, io);
        else if (io->type == WdfRequestFlushBuffers)
            do_flush(b, io);
        else if (io->type == WdfRequestQueryInformation || io->type == WdfRequestSetInformation)
            do_information(b, io);
        else if (io->type == WdfRequestRead)
            wudf_list_add_tail(&b->reads, &io->backend_link);
        else
            wudf_list_add_tail(&b->writes, &io->backend_link);
    }
}

static void serve(wudf_file_backend *b)
{
    take_inbox(b);
    end_cancelled(b, &b->reads);
    end_cancelled(b, &b->writes);
    progress(b, &b->reads, try_read);
    progress(b, &b->writes, try_write);
    if (!b->pollable)
        return;
    int events = (wudf_list_empty(&b->reads) ? 0 : UV_READABLE) | (wudf_list_empty(&b->writes) ? 0 : UV_WRITABLE);
    if (events == b->poll_events)
        return;
    b->poll_events = events;
    int rc = events ? uv_poll_start(&b->poll, events, on_poll) : uv_poll_stop(&b->poll);
    if (rc)
        wudf_log(WUDF_LOG_ERROR, "file-target-poll-failed", "fd=%d error=\"%s\"", b->fd, uv_strerror(rc));
}

static void on_wake(uv_async_t *async)
{
    wudf_file_backend *b = async->data;
    uv_mutex_lock(&b->lock);
    int quit = b->quit;
    uv_mutex_unlock(&b->lock);
    serve(b);
    if (!quit)
        return;
    uv_close((uv_handle_t *)&b->wake, NULL);
    if (b->pollable)
        uv_close((uv_handle_t *)&b->poll, NULL);
}

static void loop_main(void *arg)
{
    wudf_file_backend *b = arg;
    uv_run(&b->loop, UV_RUN_DEFAULT);
}

/* ---- the contract ---- */

HRESULT wudf_file_backend_open(wudf_file_backend **out, wudf_file_target *target, HANDLE handle, char *why,
                               size_t why_size)
{
    intptr_t value = (intptr_t)handle;
    struct stat st;
    if (value < 0 || value > INT32_MAX || fstat((int)value, &st) != 0) {
        snprintf(why, why_size, "the HANDLE is not an open file descriptor cast to HANDLE (fstat: %s)",
                 value < 0 || value > INT32_MAX ? "out of range" : strerror(errno));
        return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    }
    wudf_file_backend *b = calloc(1, sizeof *b);
    if (!b)
        return E_OUTOFMEMORY;
    b->target = target;
    b->host = target->device->obj.host; /* the target's object is initialised after this */
    b->fd = (int)value;
    b->mode = st.st_mode & S_IFMT;
    wudf_list_init(&b->inbox);
    wudf_list_init(&b->reads);
    wudf_list_init(&b->writes);
    uv_mutex_init(&b->lock);
    uv_loop_init(&b->loop);
    uv_async_init(&b->loop, &b->wake, on_wake);
    b->wake.data = b;
    /* epoll refuses regular files: those are read and written at their offsets instead. */
    b->pollable = uv_poll_init(&b->loop, &b->poll, b->fd) == 0;
    if (b->pollable) {
        b->poll.data = b;
        /* Sockets are read and written with MSG_DONTWAIT; other descriptors become non-blocking, as a Windows
         * handle given to a target must be overlapped (vendor-guide.md). */
        if (!S_ISSOCK(b->mode)) {
            int flags = fcntl(b->fd, F_GETFL);
            if (flags >= 0 && !(flags & O_NONBLOCK))
                fcntl(b->fd, F_SETFL, flags | O_NONBLOCK);
        }
    }
    int rc = uv_thread_create(&b->thread, loop_main, b);
    if (rc) {
        snprintf(why, why_size, "cannot start the target's I/O thread: %s", uv_strerror(rc));
        uv_close((uv_handle_t *)&b->wake, NULL);
        if (b->pollable)
            uv_close((uv_handle_t *)&b->poll, NULL);
        uv_run(&b->loop, UV_RUN_DEFAULT);
        uv_loop_close(&b->loop);
        uv_mutex_destroy(&b->lock);
        free(b);
        return E_OUTOFMEMORY;
    }
    wudf_log(WUDF_LOG_DEBUG, "file-target-backend", "fd=%d kind=%s", b->fd,
             S_ISSOCK(b->mode) ? "socket" : S_ISFIFO(b->mode) ? "pipe" : S_ISREG(b->mode) ? "file"
             : b->pollable ? "pollable" : "other");
    *out = b;
    return S_OK;
}

NTSTATUS wudf_file_backend_submit(wudf_file_backend *b, wudf_file_io *io)
{
    uv_mutex_lock(&b->lock);
    int quit = b->quit;
    if (!quit)
        wudf_list_add_tail(&b->inbox, &io->backend_link);
    uv_mutex_unlock(&b->lock);
    if (quit)
        return STATUS_INVALID_DEVICE_STATE;
    uv_async_send(&b->wake);
    return STATUS_SUCCESS;
}

void wudf_file_backend_cancel(wudf_file_backend *b, wudf_file_io *io)
{
    /* The loop thread finds io by its flag (end_cancelled): no pointer that could outlive io is kept. */
    uv_async_send(&b->wake);
}

void wudf_file_backend_close(wudf_file_backend *b)
{
    if (!b)
        return;
    uv_mutex_lock(&b->lock);
    b->quit = 1;
    uv_mutex_unlock(&b->lock);
    uv_async_send(&b->wake);
    uv_thread_join(&b->thread);
    uv_loop_close(&b->loop);
    uv_mutex_destroy(&b->lock);
    free(b);
}
