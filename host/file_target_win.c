/*
 * The platform part of file-handle targets on Windows (file_target.h): the
 * HANDLE is a Win32 handle the driver opened (a file, a named pipe, a
 * socket). UMDF requires it to be overlapped (FILE_FLAG_OVERLAPPED;
 * WSASocket's WSA_FLAG_OVERLAPPED, which socket() sets), because the
 * framework binds it to its I/O completion port: so does this part, to a
 * port of the target's own, served by a thread of the target. A handle
 * opened for synchronous I/O, or already bound to another port, is refused
 * with a message saying so. Reads, writes and ioctls are ReadFile,
 * WriteFile and DeviceIoControl with an OVERLAPPED at the send's device
 * offset; a cancel is CancelIoEx; the status and byte count are what the
 * packet carries (OVERLAPPED.Internal and InternalHigh). A flush and a query
 * or set of file information run on the port's thread.
 */
#include "file_target.h"

#include <stdio.h>
#include <stdlib.h>

#include "file_info.h"
#include "hresult.h"
#include "log.h"

enum { KEY_IO = 1, KEY_FLUSH = 2, KEY_QUIT = 3, KEY_INFORMATION = 4 };

/* FileModeInformation's flags for a handle opened for synchronous I/O (wdm.h's names). */
#define MODE_SYNCHRONOUS_IO_ALERT 0x00000010
#define MODE_SYNCHRONOUS_IO_NONALERT 0x00000020
#define CLASS_FILE_MODE_INFORMATION 16

typedef LONG(NTAPI *query_information_file_fn)(HANDLE, void *io_status, void *buffer, ULONG length, int klass);
typedef LONG(NTAPI *set_information_file_fn)(HANDLE, void *io_status, const void *buffer, ULONG length, int klass);

struct wudf_file_backend {
    wudf_file_target *target;
    wudf_host *host;
    HANDLE handle;
    HANDLE port;
    uv_thread_t thread;
};

/* One send's OVERLAPPED; the submitting thread and the port thread each hold a reference. */
typedef struct win_io {
    OVERLAPPED ov;
    wudf_file_io *io;
    LONG refs;
    int started;   /* host lock: the call went out and pends, CancelIoEx may name it */
    int completed; /* host lock: its packet came (or it failed at once): io may be gone */
} win_io;

static void put(win_io *w)
{
    if (InterlockedDecrement(&w->refs) == 0)
        free(w);
}

static void (*ntdll_function(const char *name))(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll ? (void (*)(void))GetProcAddress(ntdll, name) : NULL;
}

/* 1 when the handle is known to be for synchronous I/O (not overlapped). */
static int synchronous_handle(HANDLE handle)
{
    query_information_file_fn query = (query_information_file_fn)ntdll_function("NtQueryInformationFile");
    if (!query)
        return 0;
    ULONG_PTR io_status[2] = {0, 0};
    ULONG mode = 0;
    if (query(handle, io_status, &mode, sizeof mode, CLASS_FILE_MODE_INFORMATION) < 0)
        return 0; /* not answered for this kind of handle: binding it to the port below is the test */
    return (mode & (MODE_SYNCHRONOUS_IO_ALERT | MODE_SYNCHRONOUS_IO_NONALERT)) != 0;
}

static void finish(wudf_file_backend *b, win_io *w, NTSTATUS status, size_t information)
{
    wudf_file_io *io = w->io;
    uv_mutex_lock(&b->host->lock);
    w->completed = 1;
    uv_mutex_unlock(&b->host->lock);
    io->status = status;
    io->information = information;
    wudf_file_io_done(io);
}

/*
 * A query or set of file information: NtQueryInformationFile / NtSetInformationFile, which take the NT class
 * number WDF_FILE_INFORMATION_CLASS has (GetFileInformationByHandleEx numbers its classes otherwise and has no
 * FilePositionInformation). They return once the file system answered, even on an overlapped handle, so they
 * run here, on the port's thread. The status and the byte count are the I/O manager's. NT's checks of the
 * class and the length come first, from the table Linux uses too (file_info.h): Wine's ntdll answers a class
 * it does not know with STATUS_NOT_IMPLEMENTED, and a short buffer for a set with STATUS_INVALID_PARAMETER_3.
 */
static NTSTATUS information(wudf_file_backend *b, wudf_file_io *io, size_t *count)
{
    ULONG_PTR io_status[2] = {0, 0}; /* IO_STATUS_BLOCK: Status (as a pointer-sized union), Information */
    LONG status;
    *count = 0;
    int setting = io->type != WdfRequestQueryInformation;
    NTSTATUS checked =
        wudf_file_info_check(io->information_class, setting ? io->input_length : io->output_length, setting);
    if (checked != STATUS_SUCCESS)
        return checked;
    if (!setting) {
        query_information_file_fn query = (query_information_file_fn)ntdll_function("NtQueryInformationFile");
        if (!query)
            return STATUS_NOT_SUPPORTED;
        status = query(b->handle, io_status, io->output, (ULONG)io->output_length, (int)io->information_class);
    } else {
        set_information_file_fn set = (set_information_file_fn)ntdll_function("NtSetInformationFile");
        if (!set)
            return STATUS_NOT_SUPPORTED;
        status = set(b->handle, io_status, io->input, (ULONG)io->input_length, (int)io->information_class);
    }
    if (!NT_ERROR(status))
        *count = (size_t)io_status[1];
    return (NTSTATUS)status;
}

static void port_main(void *arg)
{
    wudf_file_backend *b = arg;
    for (;;) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        OVERLAPPED *ov = NULL;
        BOOL ok = GetQueuedCompletionStatus(b->port, &bytes, &key, &ov, INFINITE);
        if (!ov) {
            if (key == KEY_QUIT)
                break;
            if (!ok) {
                wudf_log(WUDF_LOG_ERROR, "file-target-port-failed", "error=%lu", (unsigned long)GetLastError());
                break;
            }
            continue;
        }
        win_io *w = CONTAINING_RECORD(ov, win_io, ov);
        if (key == KEY_FLUSH) {
            BOOL flushed = FlushFileBuffers(b->handle);
            NTSTATUS st = flushed ? STATUS_SUCCESS
                                  : wudf_ntstatus_from_hresult(HRESULT_FROM_WIN32(GetLastError()));
            finish(b, w, st, 0);
        } else if (key == KEY_INFORMATION) {
            size_t count;
            NTSTATUS st = information(b, w->io, &count);
            finish(b, w, st, count);
        } else {
            /* The packet's OVERLAPPED carries the NTSTATUS and the byte count the I/O ended with. */
            finish(b, w, (NTSTATUS)ov->Internal, (size_t)ov->InternalHigh);
        }
        put(w);
    }
}

HRESULT wudf_file_backend_open(wudf_file_backend **out, wudf_file_target *target, HANDLE handle, char *why,
                               size_t why_size)
{
    if (synchronous_handle(handle)) {
        snprintf(why, why_size, "the handle was opened for synchronous I/O: UMDF requires an overlapped handle "
                                "(CreateFile with FILE_FLAG_OVERLAPPED, WSASocket with WSA_FLAG_OVERLAPPED)");
        return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    }
    wudf_file_backend *b = calloc(1, sizeof *b);
    if (!b)
        return E_OUTOFMEMORY;
    b->target = target;
    b->host = target->device->obj.host; /* the target's object is initialised after this */
    b->handle = handle;
    b->port = CreateIoCompletionPort(handle, NULL, KEY_IO, 1);
    if (!b->port) {
        DWORD e = GetLastError();
        snprintf(why, why_size, "cannot bind the handle to the target's I/O completion port (error %lu): it must "
                                "be overlapped and not bound to another port", (unsigned long)e);
        free(b);
        return HRESULT_FROM_WIN32(e);
    }
    int rc = uv_thread_create(&b->thread, port_main, b);
    if (rc) {
        snprintf(why, why_size, "cannot start the target's I/O thread: %s", uv_strerror(rc));
        CloseHandle(b->port);
        free(b);
        return E_OUTOFMEMORY;
    }
    *out = b;
    return S_OK;
}

NTSTATUS wudf_file_backend_submit(wudf_file_backend *b, wudf_file_io *io)
{
    if (io->input_length > MAXDWORD || io->output_length > MAXDWORD)
        return STATUS_INVALID_PARAMETER;
    win_io *w = calloc(1, sizeof *w);
    if (!w)
        return STATUS_INSUFFICIENT_RESOURCES;
    w->io = io;
    w->refs = 2;
    io->platform = w;
    ULONGLONG offset = (ULONGLONG)io->device_offset;
    w->ov.Offset = (DWORD)offset;
    w->ov.OffsetHigh = (DWORD)(offset >> 32);
    BOOL ok = FALSE;
    switch (io->type) {
    case WdfRequestRead:
        ok = ReadFile(b->handle, io->output, (DWORD)io->output_length, NULL, &w->ov);
        break;
    case WdfRequestWrite:
        ok = WriteFile(b->handle, io->input, (DWORD)io->input_length, NULL, &w->ov);
        break;
    case WdfRequestDeviceIoControl:
        ok = DeviceIoControl(b->handle, io->ioctl_code, io->input, (DWORD)io->input_length, io->output,
                             (DWORD)io->output_length, NULL, &w->ov);
        break;
    default: /* FlushFileBuffers and the file information calls have no overlapped form: the port thread runs them */
        ok = PostQueuedCompletionStatus(b->port, 0, io->type == WdfRequestFlushBuffers ? KEY_FLUSH : KEY_INFORMATION,
                                        &w->ov);
        if (!ok) {
            free(w);
            io->platform = NULL;
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        break;
    }
    DWORD e = ok ? ERROR_SUCCESS : GetLastError();
    if (!ok && e != ERROR_IO_PENDING) {
        /* Failed at once: no packet comes. The send went to the target and ended, as UMDF reports it. */
        wudf_log(WUDF_LOG_WARN, "file-target-io-failed", "type=%d error=%lu", (int)io->type, (unsigned long)e);
        put(w); /* the port thread's reference: it will never see this one */
        finish(b, w, wudf_ntstatus_from_hresult(HRESULT_FROM_WIN32(e)), 0);
        put(w);
        return STATUS_SUCCESS;
    }
    /* Pending, or done at once (its packet comes all the same). A cancel asked for meanwhile goes out now. */
    uv_mutex_lock(&b->host->lock);
    if (!w->completed) {
        w->started = 1;
        if (io->cancel_requested)
            CancelIoEx(b->handle, &w->ov);
    }
    uv_mutex_unlock(&b->host->lock);
    put(w);
    return STATUS_SUCCESS;
}

void wudf_file_backend_cancel(wudf_file_backend *b, wudf_file_io *io)
{
    win_io *w = io->platform;
    /* Host lock held: w lives until completed is set, which needs the lock. */
    if (w && w->started && !w->completed && !CancelIoEx(b->handle, &w->ov) && GetLastError() != ERROR_NOT_FOUND)
        wudf_log(WUDF_LOG_WARN, "file-target-cancel-failed", "error=%lu", (unsigned long)GetLastError());
}

void wudf_file_backend_close(wudf_file_backend *b)
{
    if (!b)
        return;
    PostQueuedCompletionStatus(b->port, 0, KEY_QUIT, NULL);
    uv_thread_join(&b->thread);
    CloseHandle(b->port);
    free(b);
}
