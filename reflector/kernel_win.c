/*
 * wudfrd's side of reflector.sys (Windows, --kernel): the transport.
 * Two receiver threads keep a TRANSACT without input pending each; a sender
 * hands completions and device changes down as the input of another. They
 * only move bytes: the loop thread puts the outputs back in the kernel's
 * order (their BATCH numbers) and kernel_win_files.c acts on them.
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "kernel.h"
#include "kernel_win.h"
#include "log.h"
#include "openwudf/kbridge.h"
#include "reflector.h"
#include "wire_bytes.h"

#define RECEIVERS 2

typedef struct inbox_item {
    struct inbox_item *next;
    uint64_t seq;             /* of its batch, once read */
    DWORD length;
    uint8_t data[];
} inbox_item;

static struct {
    int active;
    HANDLE device;
    uv_async_t wake;
    uv_mutex_t lock;          /* inbox, outbox, stopping */
    uv_cond_t outbox_ready;
    inbox_item *inbox_head, *inbox_tail;
    inbox_item *early;        /* batches ahead of next_batch, by sequence (loop thread) */
    uint64_t next_batch;
    uint8_t *outbox;
    size_t out_length, out_capacity;
    uint64_t out_seq;         /* messages put in the outbox so far */
    uint64_t done_seq;        /* all messages up to this one are in reflector.sys */
    int stopping;
    uv_thread_t threads[RECEIVERS + 1];
    int thread_count;
} kb;

/* ---- threads: bytes to and from reflector.sys ---------------------------------------------- */

static BOOL transact(const void *in, DWORD in_length, void *out, DWORD out_length, DWORD *got)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!ov.hEvent)
        return FALSE;
    *got = 0;
    BOOL ok = DeviceIoControl(kb.device, WUDF_KBRIDGE_IOCTL_TRANSACT, (void *)in, in_length, out, out_length, got,
                              &ov);
    if (!ok && GetLastError() == ERROR_IO_PENDING)
        ok = GetOverlappedResult(kb.device, &ov, got, TRUE);
    DWORD error = GetLastError();
    CloseHandle(ov.hEvent);
    SetLastError(error);
    return ok;
}

static void push_inbox(const uint8_t *data, DWORD length)
{
    inbox_item *item = malloc(sizeof *item + length);
    if (!item) {
        wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=no-memory dropped_bytes=%lu", (unsigned long)length);
        return;
    }
    item->next = NULL;
    item->length = length;
    memcpy(item->data, data, length);
    uv_mutex_lock(&kb.lock);
    if (kb.inbox_tail)
        kb.inbox_tail->next = item;
    else
        kb.inbox_head = item;
    kb.inbox_tail = item;
    uv_mutex_unlock(&kb.lock);
    uv_async_send(&kb.wake);
}

static int stopping(void)
{
    uv_mutex_lock(&kb.lock);
    int s = kb.stopping;
    uv_mutex_unlock(&kb.lock);
    return s;
}

static void receiver_main(void *arg)
{
    (void)arg;
    uint8_t *buffer = malloc(WUDF_KBRIDGE_MIN_OUTPUT);
    while (buffer && !stopping()) {
        DWORD got;
        if (!transact(NULL, 0, buffer, WUDF_KBRIDGE_MIN_OUTPUT, &got)) {
            if (!stopping())
                wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=transact-failed error=%lu", GetLastError());
            break;
        }
        if (got)
            push_inbox(buffer, got);
    }
    free(buffer);
}

/* Whole messages from the front of the outbox, at most WUDF_KBRIDGE_MAX_INPUT bytes. */
static size_t batch_length(void)
{
    size_t at = 0;
    while (at < kb.out_length) {
        size_t size = wudf_le32(kb.outbox + at);
        if (at + size > WUDF_KBRIDGE_MAX_INPUT)
            break;
        at += size;
    }
    return at;
}

static void sender_main(void *arg)
{
    (void)arg;
    uint8_t *reply = malloc(WUDF_KBRIDGE_MIN_OUTPUT);
    for (;;) {
        uv_mutex_lock(&kb.lock);
        while (!kb.out_length && !kb.stopping)
            uv_cond_wait(&kb.outbox_ready, &kb.lock);
        /* At shutdown the last completions still go down. */
        if ((kb.stopping && !kb.out_length) || !reply) {
            uv_mutex_unlock(&kb.lock);
            break;
        }
        size_t n = batch_length();
        uint64_t batch_seq = n == kb.out_length ? kb.out_seq : 0;
        uint8_t *batch = malloc(n);
        if (batch) {
            memcpy(batch, kb.outbox, n);
            memmove(kb.outbox, kb.outbox + n, kb.out_length - n);
            kb.out_length -= n;
        }
        uv_mutex_unlock(&kb.lock);
        if (!batch)
            continue;
        DWORD got;
        BOOL ok = transact(batch, (DWORD)n, reply, WUDF_KBRIDGE_MIN_OUTPUT, &got);
        free(batch);
        if (!ok) {
            if (!stopping())
                wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=transact-failed error=%lu", GetLastError());
            continue;
        }
        if (batch_seq) {
            uv_mutex_lock(&kb.lock);
            kb.done_seq = batch_seq;
            uv_mutex_unlock(&kb.lock);
        }
        if (got)
            push_inbox(reply, got);
        else if (batch_seq)
            uv_async_send(&kb.wake);
    }
    free(reply);
}

/* ---- the loop thread's side --------------------------------------------------------------------- */

int kwin_active(void)
{
    return kb.active;
}

void kwin_wake(void)
{
    uv_async_send(&kb.wake);
}

uint64_t kwin_done_seq(void)
{
    uv_mutex_lock(&kb.lock);
    uint64_t done = kb.done_seq;
    uv_mutex_unlock(&kb.lock);
    return done;
}

/* Returns the message's sequence number, 0 if it was dropped. */
uint64_t kwin_put(const uint8_t *data, size_t length)
{
    uv_mutex_lock(&kb.lock);
    if (kb.out_length + length > kb.out_capacity) {
        size_t cap = kb.out_capacity ? kb.out_capacity : 65536;
        while (cap < kb.out_length + length)
            cap *= 2;
        uint8_t *p = realloc(kb.outbox, cap);
        if (!p) {
            uv_mutex_unlock(&kb.lock);
            wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=no-memory dropped_bytes=%zu", length);
            return 0;
        }
        kb.outbox = p;
        kb.out_capacity = cap;
    }
    memcpy(kb.outbox + kb.out_length, data, length);
    kb.out_length += length;
    uint64_t seq = ++kb.out_seq;
    uv_cond_signal(&kb.outbox_ready);
    uv_mutex_unlock(&kb.lock);
    return seq;
}

/* The batch's sequence number (its first message), 0 if it has none. */
static uint64_t batch_seq(const inbox_item *item)
{
    if (item->length < WUDF_MSG_HEADER_SIZE || wudf_le16(item->data + WUDF_HDR_OFF_TYPE) != WUDF_KMSG_BATCH ||
        wudf_le32(item->data + WUDF_HDR_OFF_SIZE) != WUDF_MSG_HEADER_SIZE)
        return 0;
    return wudf_le64(item->data + WUDF_HDR_OFF_IRP_ID);
}

static void on_wake(uv_async_t *async)
{
    (void)async;
    uv_mutex_lock(&kb.lock);
    inbox_item *item = kb.inbox_head;
    kb.inbox_head = kb.inbox_tail = NULL;
    uv_mutex_unlock(&kb.lock);
    /* Batches are acted on in the kernel's order, whichever thread brought them. */
    while (item) {
        inbox_item *next = item->next;
        item->seq = batch_seq(item);
        if (!item->seq) {
            wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=malformed-packet reason=\"no batch header\"");
            free(item);
        } else {
            inbox_item **at = &kb.early;
            while (*at && (*at)->seq < item->seq)
                at = &(*at)->next;
            item->next = *at;
            *at = item;
        }
        item = next;
    }
    while (kb.early && kb.early->seq == kb.next_batch) {
        inbox_item *b = kb.early;
        kb.early = b->next;
        kb.next_batch++;
        kwin_take_packets(b->data + WUDF_MSG_HEADER_SIZE, b->length - WUDF_MSG_HEADER_SIZE);
        free(b);
    }
    kwin_after_packets();
}

/* ---- start and stop ------------------------------------------------------------------------------ */

static HANDLE open_control(DWORD *error)
{
    HANDLE h = CreateFileA(WUDF_KBRIDGE_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_FLAG_OVERLAPPED, NULL);
    *error = h == INVALID_HANDLE_VALUE ? GetLastError() : 0;
    return h;
}

/* Starts the installed service when its control device is not there yet. */
static void start_service(void)
{
    SC_HANDLE scm = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    SC_HANDLE svc = scm ? OpenServiceA(scm, WUDF_KBRIDGE_SERVICE, SERVICE_START) : NULL;
    if (svc && StartServiceA(svc, 0, NULL))
        wudf_log(WUDF_LOG_INFO, "kernel-bridge", "status=service-started service=%s", WUDF_KBRIDGE_SERVICE);
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

int wudf_kernel_start(wudf_reflector *r, wudf_error *err)
{
    if (r->config.kernel_mount[0])
        return wudf_error_set(err, WUDF_EINVAL, "--mount is the Linux endpoint; on Windows use --kernel");
    if (!r->config.kernel_bridge)
        return 0;
    DWORD error;
    HANDLE h = open_control(&error);
    if (h == INVALID_HANDLE_VALUE && (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)) {
        start_service();
        h = open_control(&error);
    }
    if (h == INVALID_HANDLE_VALUE) {
        if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
            return wudf_error_set(err, WUDF_ENOTFOUND,
                                  "--kernel: reflector.sys is not running (install it with: wudfctl kernel install)");
        if (error == ERROR_SHARING_VIOLATION || error == ERROR_ACCESS_DENIED)
            return wudf_error_set(err, WUDF_EACCESS, "--kernel: another wudfrd is attached to reflector.sys (error %lu)",
                                  error);
        return wudf_error_set(err, WUDF_EIO, "--kernel: cannot open %s: error %lu", WUDF_KBRIDGE_PATH, error);
    }
    kb.device = h;
    kb.next_batch = 1;
    kwin_files_init();
    uv_mutex_init(&kb.lock);
    uv_cond_init(&kb.outbox_ready);
    uv_async_init(r->loop, &kb.wake, on_wake);
    for (int i = 0; i < RECEIVERS; i++)
        if (uv_thread_create(&kb.threads[kb.thread_count], receiver_main, NULL) == 0)
            kb.thread_count++;
    if (uv_thread_create(&kb.threads[kb.thread_count], sender_main, NULL) == 0)
        kb.thread_count++;
    kb.active = 1;
    wudf_log(WUDF_LOG_INFO, "kernel-bridge", "status=attached device=%s threads=%d", WUDF_KBRIDGE_PATH,
             kb.thread_count);
    /* The devnodes read from the store enter the device tree now, running or not. */
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_kernel_devnode_changed(WUDF_CONTAINER_OF(pos, wudf_devnode, link));
    }
    return 0;
}

void wudf_kernel_stop(void)
{
}

void wudf_kernel_exit(void)
{
    if (!kb.active)
        return;
    /* Connections are closed by now; the sender hands their last completions down, then the
     * receivers' waiting TRANSACTs are cancelled. */
    on_wake(&kb.wake);
    uv_mutex_lock(&kb.lock);
    kb.stopping = 1;
    uv_cond_broadcast(&kb.outbox_ready);
    uv_mutex_unlock(&kb.lock);
    if (kb.thread_count > RECEIVERS)
        uv_thread_join(&kb.threads[kb.thread_count - 1]);
    CancelIoEx(kb.device, NULL);
    for (int i = 0; i < kb.thread_count && i < RECEIVERS; i++)
        uv_thread_join(&kb.threads[i]);
    /* Closing the handle makes reflector.sys fail whatever it still holds. */
    CloseHandle(kb.device);
    kb.active = 0;
    for (inbox_item **list = &kb.inbox_head; list; list = list == &kb.inbox_head ? &kb.early : NULL)
        while (*list) {
            inbox_item *next = (*list)->next;
            free(*list);
            *list = next;
        }
    free(kb.outbox);
    kwin_files_exit();
    uv_close((uv_handle_t *)&kb.wake, NULL);
    uv_cond_destroy(&kb.outbox_ready);
    uv_mutex_destroy(&kb.lock);
    wudf_log(WUDF_LOG_INFO, "kernel-bridge", "status=detached");
}
