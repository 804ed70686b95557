/*
 * IOCTL_ECHO_PEND requests: held by the driver, cancelable, until the client cancels them
 * (IRequestCallbackCancel::OnCancel) or their file is cleaned up. Either way they complete with
 * HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED), which the framework reports as STATUS_CANCELLED.
 *
 * Ownership rule: whoever takes an entry out of the list decides its completion. Cleanup completes a
 * request only if UnmarkCancelable succeeds; if it fails, the framework has started (or will start)
 * OnCancel, which completes the request whether or not it still finds it in the list.
 */
#include "echo.h"

#include <stdlib.h>

#define ECHO_ABORTED HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED)

void echo_held_add(echo_device *dev, IWDFIoRequest *request, IRequestCallbackCancel *cancel)
{
    echo_held *held = malloc(sizeof *held);
    if (!held) {
        IWDFIoRequest_Complete(request, E_OUTOFMEMORY);
        return;
    }
    IWDFFile *file = NULL;
    IWDFIoRequest_GetFileObject(request, &file);
    held->request = request;
    held->file = file;
    if (file)
        IWDFFile_Release(file); /* kept for identity only (see echo.h) */
    /* In the list before MarkCancelable: if the request is already cancelled, MarkCancelable calls
     * OnCancel at once (on this thread), which must find it. The lock is not held across the call. */
    echo_lock_acquire(&dev->lock);
    held->next = dev->held;
    dev->held = held;
    dev->held_count++;
    echo_lock_release(&dev->lock);
    IWDFIoRequest_MarkCancelable(request, cancel);
}

void echo_held_cancel(echo_device *dev, IWDFIoRequest *request)
{
    echo_held *found = NULL;
    echo_lock_acquire(&dev->lock);
    for (echo_held **link = &dev->held; *link; link = &(*link)->next) {
        if ((*link)->request == request) {
            found = *link;
            *link = found->next;
            dev->held_count--;
            break;
        }
    }
    dev->counts.cancels++;
    echo_lock_release(&dev->lock);
    free(found);
    IWDFIoRequest_Complete(request, ECHO_ABORTED);
}

void echo_held_complete_file(echo_device *dev, IWDFFile *file)
{
    echo_held *mine = NULL;
    echo_lock_acquire(&dev->lock);
    for (echo_held **link = &dev->held; *link;) {
        echo_held *held = *link;
        if (held->file == file) {
            *link = held->next;
            held->next = mine;
            mine = held;
            dev->held_count--;
        } else {
            link = &held->next;
        }
    }
    echo_lock_release(&dev->lock);
    while (mine) {
        echo_held *held = mine;
        mine = held->next;
        if (SUCCEEDED(IWDFIoRequest_UnmarkCancelable(held->request)))
            IWDFIoRequest_Complete(held->request, ECHO_ABORTED);
        free(held);
    }
}

void echo_held_free_all(echo_device *dev)
{
    while (dev->held) {
        echo_held *held = dev->held;
        dev->held = held->next;
        free(held);
    }
    dev->held_count = 0;
}
