/*
 * IOCTL_FAULTY_HOLD requests: held by the driver, cancelable, until the client cancels them
 * (IRequestCallbackCancel::OnCancel, completed aborted), their file is cleaned up (aborted) or a FLOOD
 * releases them all at once from several threads (S_OK).
 *
 * Ownership rule: whoever takes an entry out of the list decides its completion. Cleanup and flood
 * complete a request only if UnmarkCancelable succeeds; if it fails, the framework has started (or will
 * start) OnCancel, which completes the request whether or not it still finds it in the list.
 */
#include "faulty.h"

#include <stdlib.h>

/* More threads than this add nothing but thread creation to a flood. */
#define FAULTY_FLOOD_MAX_THREADS 64u
#define FAULTY_FLOOD_DEFAULT_THREADS 4u

void faulty_held_add(faulty_device *dev, IWDFIoRequest *request, IRequestCallbackCancel *cancel)
{
    faulty_held *held = malloc(sizeof *held);
    if (!held) {
        IWDFIoRequest_Complete(request, E_OUTOFMEMORY);
        return;
    }
    IWDFFile *file = NULL;
    IWDFIoRequest_GetFileObject(request, &file);
    held->request = request;
    held->file = file;
    if (file)
        IWDFFile_Release(file); /* kept for identity only (see faulty.h) */
    /* In the list before MarkCancelable: if the request is already cancelled, MarkCancelable calls
     * OnCancel at once (on this thread), which must find it. The lock is not held across the call. */
    faulty_lock_acquire(&dev->lock);
    held->next = dev->held;
    dev->held = held;
    faulty_lock_release(&dev->lock);
    IWDFIoRequest_MarkCancelable(request, cancel);
}

void faulty_held_cancel(faulty_device *dev, IWDFIoRequest *request)
{
    faulty_held *found = NULL;
    faulty_lock_acquire(&dev->lock);
    for (faulty_held **link = &dev->held; *link; link = &(*link)->next) {
        if ((*link)->request == request) {
            found = *link;
            *link = found->next;
            break;
        }
    }
    dev->counts.cancels++;
    faulty_lock_release(&dev->lock);
    free(found);
    IWDFIoRequest_Complete(request, FAULTY_ABORTED);
}

/* Completes the entries of a detached list that are still ours, frees the list, returns how many. */
static uint32_t complete_detached(faulty_held *list, HRESULT status)
{
    uint32_t completed = 0;
    while (list) {
        faulty_held *held = list;
        list = held->next;
        if (SUCCEEDED(IWDFIoRequest_UnmarkCancelable(held->request))) {
            IWDFIoRequest_CompleteWithInformation(held->request, status, 0);
            completed++;
        }
        free(held);
    }
    return completed;
}

void faulty_held_complete_file(faulty_device *dev, IWDFFile *file)
{
    faulty_held *mine = NULL;
    faulty_lock_acquire(&dev->lock);
    for (faulty_held **link = &dev->held; *link;) {
        faulty_held *held = *link;
        if (held->file == file) {
            *link = held->next;
            held->next = mine;
            mine = held;
        } else {
            link = &held->next;
        }
    }
    faulty_lock_release(&dev->lock);
    complete_detached(mine, FAULTY_ABORTED);
}

/* --- Flood: every held request at once, from several threads ------------------------------------- */

typedef struct flood {
    faulty_held **entries;
    uint32_t count;
    uint32_t threads;
    atomic_uint_least32_t completed;
} flood;

static void flood_share(void *context, uint32_t index)
{
    flood *f = context;
    for (uint32_t i = index; i < f->count; i += f->threads) {
        IWDFIoRequest *request = f->entries[i]->request;
        if (SUCCEEDED(IWDFIoRequest_UnmarkCancelable(request))) {
            IWDFIoRequest_CompleteWithInformation(request, S_OK, 0);
            atomic_fetch_add(&f->completed, 1);
        }
    }
}

uint32_t faulty_held_flood(faulty_device *dev, uint32_t threads)
{
    faulty_lock_acquire(&dev->lock);
    faulty_held *all = dev->held;
    dev->held = NULL;
    faulty_lock_release(&dev->lock);

    flood f = {.entries = NULL, .count = 0};
    atomic_init(&f.completed, 0);
    for (faulty_held *h = all; h; h = h->next)
        f.count++;
    if (f.count == 0)
        return 0;
    f.entries = malloc(f.count * sizeof *f.entries);
    if (!f.entries) {
        /* No room to share the work out: release them one by one rather than keep them. */
        return complete_detached(all, S_OK);
    }
    uint32_t i = 0;
    for (faulty_held *h = all; h; h = h->next)
        f.entries[i++] = h;
    f.threads = threads ? threads : FAULTY_FLOOD_DEFAULT_THREADS;
    if (f.threads > FAULTY_FLOOD_MAX_THREADS)
        f.threads = FAULTY_FLOOD_MAX_THREADS;
    if (f.threads > f.count)
        f.threads = f.count;
    faulty_run_threads(f.threads, flood_share, &f);
    for (i = 0; i < f.count; i++)
        free(f.entries[i]);
    free(f.entries);
    return (uint32_t)atomic_load(&f.completed);
}

void faulty_held_free_all(faulty_device *dev)
{
    while (dev->held) {
        faulty_held *held = dev->held;
        dev->held = held->next;
        free(held);
    }
}
