/*
 * The IRPs applications send to the devices: each becomes a packet in the
 * wire format (its input captured now, in the caller's context), waits in
 * the queue for a TRANSACT of wudfrd, and stays pending until wudfrd
 * completes it. A cancel completes a queued IRP here and is forwarded for
 * one wudfrd holds. Nothing waits for user mode.
 */
#include <string.h>

#include "bridge.h"

#define KB_MAX_NAME 1024

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static void header(uint8_t *h, uint32_t size, uint16_t type, uint64_t irp_id)
{
    memset(h, 0, WUDF_MSG_HEADER_SIZE);
    put32(h + WUDF_HDR_OFF_SIZE, size);
    put16(h + WUDF_HDR_OFF_TYPE, type);
    put64(h + WUDF_HDR_OFF_IRP_ID, irp_id);
}

static void complete_irp(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static void *system_address(PMDL mdl)
{
    return mdl ? MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority) : NULL;
}

/* The caller's output buffer and its size, by major function and transfer method. */
static uint8_t *output_buffer(PIRP irp, ULONG *length)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    *length = 0;
    switch (sp->MajorFunction) {
    case IRP_MJ_READ:
        *length = sp->Parameters.Read.Length;
        return system_address(irp->MdlAddress);
    case IRP_MJ_DEVICE_CONTROL:
    case IRP_MJ_INTERNAL_DEVICE_CONTROL: {
        ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
        *length = sp->Parameters.DeviceIoControl.OutputBufferLength;
        switch (code & 3) {
        case METHOD_BUFFERED:
            return irp->AssociatedIrp.SystemBuffer;
        case METHOD_IN_DIRECT:
        case METHOD_OUT_DIRECT:
            return system_address(irp->MdlAddress);
        default:
            /* Wine runs drivers in winedevice.exe with the caller's buffers copied there, so the
             * user buffer of METHOD_NEITHER stays valid outside the caller's context. */
            return irp->UserBuffer;
        }
    }
    default:
        return NULL;
    }
}

/* The input the IRP carries, read in the caller's context. */
static const uint8_t *input_buffer(PIRP irp, ULONG *length)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    *length = 0;
    switch (sp->MajorFunction) {
    case IRP_MJ_WRITE:
        *length = sp->Parameters.Write.Length;
        return system_address(irp->MdlAddress);
    case IRP_MJ_DEVICE_CONTROL:
    case IRP_MJ_INTERNAL_DEVICE_CONTROL:
        *length = sp->Parameters.DeviceIoControl.InputBufferLength;
        if ((sp->Parameters.DeviceIoControl.IoControlCode & 3) == METHOD_NEITHER)
            return sp->Parameters.DeviceIoControl.Type3InputBuffer;
        return irp->AssociatedIrp.SystemBuffer;
    default:
        return NULL;
    }
}

/* The rest of the opened name after the device (\\.\Echo0\a\b -> "\a\b") in UTF-8. */
static ULONG name_utf8(const UNICODE_STRING *name, uint8_t *out, ULONG capacity)
{
    ULONG n = 0;
    for (USHORT i = 0; name && name->Buffer && i < name->Length / sizeof(WCHAR); i++) {
        unsigned c = name->Buffer[i];
        uint8_t b[3];
        ULONG k;
        if (c < 0x80) {
            b[0] = (uint8_t)c;
            k = 1;
        } else if (c < 0x800) {
            b[0] = (uint8_t)(0xC0 | (c >> 6));
            b[1] = (uint8_t)(0x80 | (c & 0x3F));
            k = 2;
        } else {
            b[0] = (uint8_t)(0xE0 | (c >> 12));
            b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            b[2] = (uint8_t)(0x80 | (c & 0x3F));
            k = 3;
        }
        if (n + k > capacity)
            return (ULONG)-1;
        memcpy(out + n, b, k);
        n += k;
    }
    return n;
}

static void free_kirp(kb_irp *k)
{
    if (k->packet.data)
        ExFreePoolWithTag(k->packet.data, KB_TAG);
    ExFreePoolWithTag(k, KB_TAG);
}

/* Finishes an IRP whose outcome is settled. The file of a failed CREATE stays until its CLOSE:
 * Wine has given the application a handle already (its IRPs fail with the CREATE's status). */
static void finish(kb_irp *k)
{
    PIRP irp = k->irp;
    NTSTATUS status = k->status;
    ULONG_PTR information = k->information;
    free_kirp(k);
    complete_irp(irp, status, information);
}

/* Under the lock: k leaves every list; 1 if the caller completes it, 0 if its cancel routine,
 * which is starting now, will (it finds k DONE). */
static int claim_locked(kb_irp *k, NTSTATUS status, ULONG_PTR information)
{
    if (k->packet.queued) {
        RemoveEntryList(&k->packet.link);
        k->packet.queued = 0;
    }
    if (k->cancel.queued) {
        RemoveEntryList(&k->cancel.link);
        k->cancel.queued = 0;
    }
    if (k->state == KB_DELIVERED)
        RemoveEntryList(&k->link);
    k->status = status;
    k->information = information;
    if (IoSetCancelRoutine(k->irp, NULL) != NULL || k->cancel_ran)
        return 1;
    k->state = KB_DONE;
    return 0;
}

static VOID irp_cancel(PDEVICE_OBJECT dev, PIRP irp)
{
    UNREFERENCED_PARAMETER(dev);
    IoReleaseCancelSpinLock(irp->CancelIrql);
    kb_irp *k = irp->Tail.Overlay.DriverContext[0];
    KIRQL old;
    PIRP transact = NULL;
    int complete = 0;
    KeAcquireSpinLock(&g_kb.lock, &old);
    if (k->state == KB_QUEUED || k->state == KB_HELD) {
        RemoveEntryList(&k->packet.link);
        k->packet.queued = 0;
        k->status = STATUS_CANCELLED;
        k->information = 0;
        complete = 1;
    } else if (k->state == KB_DELIVERED) {
        /* wudfrd completes it once the driver has let go. */
        k->cancel_ran = 1;
        header(k->cancel_header, WUDF_MSG_HEADER_SIZE, WUDF_MSG_CANCEL, k->id);
        k->cancel.data = k->cancel_header;
        k->cancel.size = WUDF_MSG_HEADER_SIZE;
        k->cancel.is_cancel = 1;
        k->cancel.owner = k;
        k->cancel.queued = 1;
        InsertTailList(&g_kb.out, &k->cancel.link);
        transact = kb_take_waiting_locked();
    } else {
        complete = 1;
    }
    KeReleaseSpinLock(&g_kb.lock, old);
    if (complete)
        finish(k);
    if (transact)
        IoCompleteRequest(transact, IO_NO_INCREMENT);
}

/* Queues the IRP's packet for wudfrd. Returns STATUS_PENDING, or a status to complete it with.
 * A detached IRP is completed at once with STATUS_SUCCESS and its packet goes up on its own. */
/* Lock held (old: the IRQL to go back to): puts k's packet out for wudfrd, or on the held list
 * behind its file's CREATE, and hands a waiting TRANSACT what is out. */
static void queue_and_unlock(kb_irp *k, int hold, KIRQL old)
{
    k->packet.queued = 1;
    InsertTailList(hold ? &g_kb.held : &g_kb.out, &k->packet.link);
    PIRP transact = hold ? NULL : kb_take_waiting_locked();
    KeReleaseSpinLock(&g_kb.lock, old);
    if (transact)
        IoCompleteRequest(transact, IO_NO_INCREMENT);
}

static NTSTATUS forward(PIRP irp, kb_file *f, uint32_t handle, int detached)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    ULONG in_length = 0, out_length = 0;
    const uint8_t *in = input_buffer(irp, &in_length);
    output_buffer(irp, &out_length);
    uint8_t name[KB_MAX_NAME];
    if (sp->MajorFunction == IRP_MJ_CREATE) {
        /* Through a reference string's device object (reference.c), a link's or an interface's, the
         * name starts with that string, as it does on Windows. */
        const kb_device *x = sp->DeviceObject->DeviceExtension;
        WCHAR reference[WUDF_KBRIDGE_MAX_REFERENCE + 1];
        KIRQL old;
        KeAcquireSpinLock(&g_kb.lock, &old);
        memcpy(reference, x->reference, sizeof reference);
        KeReleaseSpinLock(&g_kb.lock, old);
        ULONG prefix = 0;
        for (ULONG i = 0; i < WUDF_KBRIDGE_MAX_REFERENCE && reference[i] && prefix + 2 < sizeof name; i++) {
            if (!prefix)
                name[prefix++] = '\\';
            name[prefix++] = (uint8_t)reference[i];
        }
        in_length = name_utf8(&sp->FileObject->FileName, name + prefix, sizeof name - prefix);
        if (in_length == (ULONG)-1)
            return STATUS_OBJECT_NAME_INVALID;
        in_length += prefix;
        in = name;
    }
    if (in_length > WUDF_KBRIDGE_MAX_DATA || out_length > WUDF_KBRIDGE_MAX_DATA)
        return STATUS_INVALID_BUFFER_SIZE;
    if (in_length && !in)
        return STATUS_INVALID_USER_BUFFER;
    kb_irp *k = ExAllocatePoolWithTag(NonPagedPool, sizeof *k, KB_TAG);
    if (!k)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(k, 0, sizeof *k);
    k->packet.size = WUDF_MSG_HEADER_SIZE + in_length;
    k->packet.data = ExAllocatePoolWithTag(NonPagedPool, k->packet.size, KB_TAG);
    if (!k->packet.data) {
        ExFreePoolWithTag(k, KB_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    k->packet.owner = k;
    k->irp = detached ? NULL : irp;
    k->file = f;
    k->major = sp->MajorFunction;
    k->state = KB_QUEUED;
    if (!detached)
        irp->Tail.Overlay.DriverContext[0] = k;
    uint8_t *h = k->packet.data;
    if (in_length)
        memcpy(h + WUDF_MSG_HEADER_SIZE, in, in_length);

    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    if (!g_kb.owner || f->session != g_kb.session) {
        KeReleaseSpinLock(&g_kb.lock, old);
        free_kirp(k);
        return WUDF_STATUS_DRIVER_PROCESS_TERMINATED;
    }
    k->id = ++g_kb.next_irp_id;
    header(h, k->packet.size, WUDF_MSG_IRP, k->id);
    put32(h + WUDF_HDR_OFF_DEVICE_ID, handle);
    put32(h + WUDF_HDR_OFF_FILE_ID, f->id);
    h[WUDF_HDR_OFF_MAJOR] = k->major;
    put32(h + WUDF_HDR_OFF_INPUT_LENGTH, in_length);
    put32(h + WUDF_HDR_OFF_OUTPUT_LENGTH, out_length);
    if (k->major == IRP_MJ_DEVICE_CONTROL || k->major == IRP_MJ_INTERNAL_DEVICE_CONTROL)
        put32(h + WUDF_HDR_OFF_IOCTL, sp->Parameters.DeviceIoControl.IoControlCode);
    if (k->major == IRP_MJ_READ)
        put64(h + WUDF_HDR_OFF_OFFSET, (uint64_t)sp->Parameters.Read.ByteOffset.QuadPart);
    if (k->major == IRP_MJ_WRITE)
        put64(h + WUDF_HDR_OFF_OFFSET, (uint64_t)sp->Parameters.Write.ByteOffset.QuadPart);
    /* Wine lets CreateFile return while the CREATE is pending here: the file's next IRPs wait
     * for its outcome, in order. */
    int hold = k->major != IRP_MJ_CREATE && f->state == KB_FILE_CREATING;
    if (hold)
        k->state = KB_HELD;
    if (detached) {
        queue_and_unlock(k, hold, old);
        return STATUS_SUCCESS;
    }
    IoMarkIrpPending(irp);
    IoSetCancelRoutine(irp, irp_cancel);
    if (irp->Cancel && IoSetCancelRoutine(irp, NULL)) {
        KeReleaseSpinLock(&g_kb.lock, old);
        k->status = STATUS_CANCELLED;
        finish(k);
        return STATUS_PENDING;
    }
    queue_and_unlock(k, hold, old);
    return STATUS_PENDING;
}

/* Under the lock: the CREATE of f is settled; the IRPs that waited for it go on, or fail with
 * its status (moved to *failed for the caller to complete). */
static void release_held_locked(kb_file *f, LIST_ENTRY *failed)
{
    LIST_ENTRY *e = g_kb.held.Flink;
    while (e != &g_kb.held) {
        kb_irp *k = CONTAINING_RECORD(e, kb_irp, packet.link);
        e = e->Flink;
        if (k->file != f)
            continue;
        RemoveEntryList(&k->packet.link);
        if (f->state == KB_FILE_OPEN) {
            k->state = KB_QUEUED;
            InsertTailList(&g_kb.out, &k->packet.link);
        } else {
            k->state = KB_QUEUED; /* claimed by the caller like a queued one */
            InsertTailList(failed, &k->packet.link);
        }
    }
}

static kb_file *new_file(uint32_t slot, uint32_t handle)
{
    kb_file *f = ExAllocatePoolWithTag(NonPagedPool, sizeof *f, KB_TAG);
    if (!f)
        return NULL;
    memset(f, 0, sizeof *f);
    f->state = KB_FILE_CREATING;
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    f->id = ++g_kb.next_file_id;
    f->session = g_kb.session;
    f->handle = handle;
    f->slot = slot;
    KeReleaseSpinLock(&g_kb.lock, old);
    return f;
}

/* Whether the file's device still is the one it was opened on, in this session of wudfrd. */
static int file_current(const kb_file *f)
{
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    const kb_slot *s = &g_kb.slots[f->slot];
    int ok = g_kb.owner && f->session == g_kb.session && s->live && s->handle == f->handle;
    KeReleaseSpinLock(&g_kb.lock, old);
    return ok;
}

NTSTATUS kb_device_dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
    kb_device *x = dev->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    PFILE_OBJECT fo = sp->FileObject;
    NTSTATUS status;
    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE: {
        KIRQL old;
        KeAcquireSpinLock(&g_kb.lock, &old);
        const kb_slot *s = &g_kb.slots[x->slot];
        uint32_t handle = s->live && g_kb.owner ? s->handle : 0;
        KeReleaseSpinLock(&g_kb.lock, old);
        if (!handle || !fo) {
            status = STATUS_NO_SUCH_DEVICE;
            break;
        }
        kb_file *f = new_file(x->slot, handle);
        if (!f) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        fo->FsContext = f;
        /* Wine cannot keep a CREATE pending (CreateFile returns at once and the file object is
         * not bound yet), so it completes here; wudfrd's answer decides the file's fate, and its
         * IRPs wait for that answer (KB_FILE_CREATING). A refused open shows at the first call. */
        status = forward(irp, f, handle, 1);
        if (status != STATUS_SUCCESS) {
            fo->FsContext = NULL;
            ExFreePoolWithTag(f, KB_TAG);
        }
        complete_irp(irp, status, status == STATUS_SUCCESS ? FILE_OPENED : 0);
        return status;
        break;
    }
    case IRP_MJ_CLEANUP:
    case IRP_MJ_CLOSE: {
        kb_file *f = fo ? fo->FsContext : NULL;
        /* A close cannot fail, and Wine lets go of the file object when its CLOSE is dispatched:
         * it completes now, and its packet tells wudfrd. */
        int close = sp->MajorFunction == IRP_MJ_CLOSE;
        status = f && f->state != KB_FILE_FAILED && file_current(f) ? forward(irp, f, f->handle, close)
                                                                     : STATUS_SUCCESS;
        if (f && sp->MajorFunction == IRP_MJ_CLOSE) {
            fo->FsContext = NULL;
            KIRQL old;
            KeAcquireSpinLock(&g_kb.lock, &old);
            int creating = f->state == KB_FILE_CREATING;
            f->closed = creating;
            KeReleaseSpinLock(&g_kb.lock, old);
            if (!creating)
                ExFreePoolWithTag(f, KB_TAG);
        }
        if (status == STATUS_PENDING)
            return status;
        /* The reflector that knew the file is gone: letting go of it needs nobody's help. */
        status = STATUS_SUCCESS;
        break;
    }
    case IRP_MJ_READ:
    case IRP_MJ_WRITE:
    case IRP_MJ_DEVICE_CONTROL:
    case IRP_MJ_INTERNAL_DEVICE_CONTROL: {
        kb_file *f = fo ? fo->FsContext : NULL;
        /* Not STATUS_INVALID_HANDLE, which Wine uses: each failure says whose it is. */
        if (!fo)
            status = STATUS_INVALID_DEVICE_STATE;
        else if (!f)
            status = STATUS_FILE_INVALID;
        else if (f->state == KB_FILE_FAILED)
            status = f->create_status;
        else if (!file_current(f))
            status = WUDF_STATUS_DRIVER_PROCESS_TERMINATED;
        else
            status = forward(irp, f, f->handle, 0);
        break;
    }
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    if (status == STATUS_PENDING)
        return status;
    complete_irp(irp, status, 0);
    return status;
}

static kb_irp *find_delivered_locked(uint64_t id)
{
    for (LIST_ENTRY *e = g_kb.delivered.Flink; e != &g_kb.delivered; e = e->Flink) {
        kb_irp *k = CONTAINING_RECORD(e, kb_irp, link);
        if (k->id == id)
            return k;
    }
    return NULL;
}

/* Completes every IRP on a private list with status (a cancel routine may take one first). */
static void fail_list(LIST_ENTRY *mine, NTSTATUS status)
{
    for (;;) {
        KIRQL old;
        KeAcquireSpinLock(&g_kb.lock, &old);
        if (IsListEmpty(mine)) {
            KeReleaseSpinLock(&g_kb.lock, old);
            return;
        }
        kb_irp *k = CONTAINING_RECORD(mine->Flink, kb_irp, packet.link);
        if (!k->irp) {
            /* A CLOSE that waited: nothing to answer. */
            RemoveEntryList(&k->packet.link);
            KeReleaseSpinLock(&g_kb.lock, old);
            free_kirp(k);
            continue;
        }
        int me = claim_locked(k, status, 0);
        KeReleaseSpinLock(&g_kb.lock, old);
        if (me)
            finish(k);
    }
}

void kb_complete_from_user(uint64_t id, NTSTATUS status, ULONG_PTR information, const uint8_t *data,
                           uint32_t length)
{
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    kb_irp *k = find_delivered_locked(id);
    if (!k) {
        KeReleaseSpinLock(&g_kb.lock, old);
        return;
    }
    if (!k->irp) {
        /* A CREATE answered: the file is open or failed; what waited for it goes on. */
        RemoveEntryList(&k->link);
        kb_file *f = k->file;
        LIST_ENTRY failed;
        InitializeListHead(&failed);
        f->state = status >= 0 ? KB_FILE_OPEN : KB_FILE_FAILED;
        f->create_status = status;
        release_held_locked(f, &failed);
        PIRP transact = kb_take_waiting_locked();
        kb_file *gone = f->closed ? f : NULL;
        KeReleaseSpinLock(&g_kb.lock, old);
        free_kirp(k);
        if (gone)
            ExFreePoolWithTag(gone, KB_TAG);
        if (transact)
            IoCompleteRequest(transact, IO_NO_INCREMENT);
        fail_list(&failed, status);
        return;
    }
    /* The IRP is alive while it is on the delivered list: only this path completes it. */
    ULONG capacity = 0;
    uint8_t *out = output_buffer(k->irp, &capacity);
    if (length > capacity)
        length = capacity;
    if (length && out)
        memcpy(out, data, length);
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(k->irp);
    ULONG limit = sp->MajorFunction == IRP_MJ_WRITE ? sp->Parameters.Write.Length : capacity;
    if (k->major == IRP_MJ_CREATE || k->major == IRP_MJ_CLEANUP || k->major == IRP_MJ_CLOSE)
        information = k->major == IRP_MJ_CREATE && status >= 0 ? FILE_OPENED : 0;
    else if (information > limit)
        information = limit;
    int mine = claim_locked(k, status, information);
    KeReleaseSpinLock(&g_kb.lock, old);
    if (mine)
        finish(k);
}

PIRP kb_take_waiting_locked(void)
{
    while (!IsListEmpty(&g_kb.out) && !IsListEmpty(&g_kb.waiting)) {
        LIST_ENTRY *e = RemoveHeadList(&g_kb.waiting);
        PIRP t = CONTAINING_RECORD(e, IRP, Tail.Overlay.ListEntry);
        if (IoSetCancelRoutine(t, NULL) == NULL) {
            /* Its cancel routine is starting: it completes it; mark it taken. */
            InitializeListHead(&t->Tail.Overlay.ListEntry);
            continue;
        }
        PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(t);
        uint8_t *buffer = t->AssociatedIrp.SystemBuffer;
        ULONG used = buffer ? kb_fill_locked(buffer, sp->Parameters.DeviceIoControl.OutputBufferLength) : 0;
        t->IoStatus.Status = buffer ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
        t->IoStatus.Information = used;
        return t;
    }
    return NULL;
}

ULONG kb_fill_locked(uint8_t *buffer, ULONG capacity)
{
    if (IsListEmpty(&g_kb.out) || capacity < WUDF_MSG_HEADER_SIZE)
        return 0;
    header(buffer, WUDF_MSG_HEADER_SIZE, WUDF_KMSG_BATCH, ++g_kb.batch_seq);
    ULONG used = WUDF_MSG_HEADER_SIZE;
    while (!IsListEmpty(&g_kb.out)) {
        kb_out *o = CONTAINING_RECORD(g_kb.out.Flink, kb_out, link);
        if (o->size > capacity - used)
            break;
        memcpy(buffer + used, o->data, o->size);
        used += o->size;
        RemoveEntryList(&o->link);
        o->queued = 0;
        if (!o->is_cancel) {
            /* An IRP's packet: wudfrd has it now. A detached one has nothing left to wait for. */
            kb_irp *k = o->owner;
            if (!k->irp && k->major != IRP_MJ_CREATE) {
                free_kirp(k);
                continue;
            }
            ExFreePoolWithTag(k->packet.data, KB_TAG);
            k->packet.data = NULL;
            k->state = KB_DELIVERED;
            InsertTailList(&g_kb.delivered, &k->link);
        }
    }
    return used;
}

void kb_fail_all(void)
{
    LIST_ENTRY mine;
    InitializeListHead(&mine);
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    /* Queued packets and delivered IRPs move to a private list; cancels for them are dropped. A
     * cancel routine that starts meanwhile finds its IRP there, under the same lock. */
    while (!IsListEmpty(&g_kb.out)) {
        kb_out *o = CONTAINING_RECORD(g_kb.out.Flink, kb_out, link);
        RemoveEntryList(&o->link);
        o->queued = 0;
        if (!o->is_cancel && !o->owner->irp)
            free_kirp(o->owner);
        else if (!o->is_cancel) {
            o->queued = 1;
            InsertTailList(&mine, &o->link);
        }
    }
    while (!IsListEmpty(&g_kb.held)) {
        LIST_ENTRY *e = RemoveHeadList(&g_kb.held);
        InsertTailList(&mine, e);
        CONTAINING_RECORD(e, kb_irp, packet.link)->state = KB_QUEUED;
    }
    while (!IsListEmpty(&g_kb.delivered)) {
        kb_irp *k = CONTAINING_RECORD(g_kb.delivered.Flink, kb_irp, link);
        RemoveEntryList(&k->link);
        k->state = KB_QUEUED; /* off the delivered list; claimed below like a queued one */
        k->packet.queued = 1;
        InsertTailList(&mine, &k->packet.link);
    }
    KeReleaseSpinLock(&g_kb.lock, old);
    fail_list(&mine, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
}
