/*
 * reflector.sys: the kernel side of the reflector, as UMDF's reflector is a
 * kernel driver. DriverEntry creates the control device wudfrd opens; its
 * TRANSACT requests carry completions and device changes down and IRP
 * packets up. When wudfrd's handle goes, every IRP it held fails with
 * STATUS_DRIVER_PROCESS_TERMINATED and the devices' links go with it.
 */
#include <string.h>

#include "bridge.h"

kb_state g_kb;

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void lock_config(void)
{
    KeWaitForSingleObject(&g_kb.config, Executive, KernelMode, FALSE, NULL);
}

static void unlock_config(void)
{
    KeReleaseMutex(&g_kb.config, FALSE);
}

/* Under the config mutex: the slot of a handle of the current session, a free one for a new
 * handle (new == 1), or NULL. */
static kb_slot *slot_of(uint32_t handle, int new, uint32_t *index)
{
    kb_slot *free_slot = NULL;
    for (uint32_t i = 0; i < KB_MAX_SLOTS; i++) {
        kb_slot *s = &g_kb.slots[i];
        if (s->handle == handle && s->live) {
            *index = i;
            return s;
        }
        if (!free_slot && !s->live) {
            free_slot = s;
            *index = i;
        }
    }
    return new ? free_slot : NULL;
}

static void drop_links(kb_slot *s)
{
    for (unsigned i = 0; i < s->link_count; i++) {
        IoDeleteSymbolicLink(&s->links[i]);
        ExFreePoolWithTag(s->links[i].Buffer, KB_TAG);
    }
    s->link_count = 0;
}

void kb_device_name(uint32_t index, WCHAR *buffer, UNICODE_STRING *name)
{
    static const WCHAR prefix[] = L"\\Device\\OpenWudf";
    size_t n = sizeof prefix / sizeof prefix[0] - 1;
    memcpy(buffer, prefix, n * sizeof(WCHAR));
    WCHAR digits[8];
    size_t d = 0;
    do {
        digits[d++] = (WCHAR)(L'0' + index % 10);
        index /= 10;
    } while (index);
    while (d)
        buffer[n++] = digits[--d];
    buffer[n] = 0;
    name->Buffer = buffer;
    name->Length = (USHORT)(n * sizeof(WCHAR));
    name->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
}

/* Config lock held: the slot's device object, created once; then the slot serves handle. */
static NTSTATUS ensure_device(kb_slot *s, uint32_t index, UNICODE_STRING *dev_name)
{
    if (!s->device) {
        PDEVICE_OBJECT dev;
        NTSTATUS status = IoCreateDevice(g_kb.driver, sizeof(kb_device), dev_name, FILE_DEVICE_UNKNOWN,
                                         FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
        if (!NT_SUCCESS(status))
            return status;
        kb_device *x = dev->DeviceExtension;
        memset(x, 0, sizeof *x);
        x->slot = index;
        dev->Flags |= DO_DIRECT_IO;
        dev->Flags &= ~DO_DEVICE_INITIALIZING;
        s->device = dev;
    }
    return STATUS_SUCCESS;
}

static void make_live(kb_slot *s, uint32_t handle)
{
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    s->handle = handle;
    s->live = 1;
    KeReleaseSpinLock(&g_kb.lock, old);
}

/* The device object of a devnode, named by its instance id for the PnP queries; links and
 * interfaces come after. */
static NTSTATUS device_add(uint32_t handle, const uint8_t *id, uint32_t length)
{
    if (!handle || length < 2 || length > WUDF_KBRIDGE_MAX_INSTANCE || length % 2)
        return STATUS_INVALID_PARAMETER;
    WCHAR text[WUDF_KBRIDGE_MAX_INSTANCE / 2 + 1];
    memcpy(text, id, length);
    text[length / 2] = 0;
    int separators = 0;
    for (uint32_t i = 0; i < length / 2; i++) {
        /* Printable ASCII without spaces or commas, as instance ids are; two separators at least. */
        if (text[i] <= L' ' || text[i] > 0x7E || text[i] == L',')
            return STATUS_INVALID_PARAMETER;
        separators += text[i] == L'\\';
    }
    if (separators < 2 || text[0] == L'\\' || text[length / 2 - 1] == L'\\')
        return STATUS_INVALID_PARAMETER;
    lock_config();
    uint32_t index = 0;
    kb_slot *s = slot_of(handle, 1, &index);
    NTSTATUS status = s ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    WCHAR buffer[40];
    UNICODE_STRING dev_name;
    if (s) {
        kb_device_name(index, buffer, &dev_name);
        status = ensure_device(s, index, &dev_name);
    }
    if (NT_SUCCESS(status)) {
        KIRQL old;
        KeAcquireSpinLock(&g_kb.lock, &old);
        memcpy(s->instance_id, text, length + sizeof(WCHAR));
        KeReleaseSpinLock(&g_kb.lock, old);
        make_live(s, handle);
    }
    unlock_config();
    return status;
}

/* A LINK_ADD's payload (copied into text): the link's name, then, for a link made with a reference
 * string, a NUL and that string (kbridge.h). *reference_length 0 for a plain link. */
#define KB_LINK_PAYLOAD_CHARS (WUDF_KBRIDGE_MAX_LINK / 2 + 1 + WUDF_KBRIDGE_MAX_REFERENCE)
static int parse_link(const uint8_t *payload, uint32_t length, WCHAR *text, size_t *name_length,
                      size_t *reference_length)
{
    if (length == 0 || length % 2 || length > KB_LINK_PAYLOAD_CHARS * sizeof(WCHAR))
        return 0;
    memcpy(text, payload, length);
    size_t chars = length / 2, n = 0;
    while (n < chars && text[n])
        n++;
    if (n == 0 || n * 2 > WUDF_KBRIDGE_MAX_LINK)
        return 0;
    *name_length = n;
    *reference_length = n < chars ? chars - n - 1 : 0;
    return n == chars || kb_reference_valid(text + n + 1, *reference_length);
}

/* The link leads to the slot's device object, or, made with a reference string, to that string's
 * (reference.c), so that its opens are named "\reference" as on Windows. */
static NTSTATUS link_add(uint32_t handle, const uint8_t *payload, uint32_t length)
{
    WCHAR text[KB_LINK_PAYLOAD_CHARS];
    size_t name_length, reference_length;
    if (!handle || !parse_link(payload, length, text, &name_length, &reference_length))
        return STATUS_INVALID_PARAMETER;
    lock_config();
    uint32_t index = 0;
    kb_slot *s = slot_of(handle, 1, &index);
    if (!s || s->link_count >= KB_MAX_LINKS) {
        unlock_config();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    WCHAR buffer[48];
    UNICODE_STRING target;
    kb_device_name(index, buffer, &target);
    NTSTATUS status = ensure_device(s, index, &target);
    if (NT_SUCCESS(status) && reference_length) {
        unsigned reference_index;
        status = kb_reference_device(s, text + name_length + 1, reference_length, &reference_index);
        if (NT_SUCCESS(status))
            kb_reference_device_name(s, reference_index, buffer, &target);
    }
    UNICODE_STRING *link = &s->links[s->link_count];
    if (NT_SUCCESS(status)) {
        link->Buffer = ExAllocatePoolWithTag(PagedPool, name_length * sizeof(WCHAR), KB_TAG);
        if (!link->Buffer)
            status = STATUS_INSUFFICIENT_RESOURCES;
    }
    if (NT_SUCCESS(status)) {
        memcpy(link->Buffer, text, name_length * sizeof(WCHAR));
        link->Length = link->MaximumLength = (USHORT)(name_length * sizeof(WCHAR));
        status = IoCreateSymbolicLink(link, &target);
        if (NT_SUCCESS(status)) {
            s->link_count++;
            make_live(s, handle);
        } else {
            ExFreePoolWithTag(link->Buffer, KB_TAG);
        }
    }
    unlock_config();
    return status;
}

static NTSTATUS interface_set(uint32_t handle, const uint8_t *text, uint32_t length, int enable)
{
    WCHAR buffer[40 + WUDF_KBRIDGE_MAX_REFERENCE + 1];
    if (!handle || length % 2 || length > sizeof buffer)
        return STATUS_INVALID_PARAMETER;
    memcpy(buffer, text, length);
    lock_config();
    uint32_t index;
    kb_slot *s = slot_of(handle, 0, &index);
    NTSTATUS status = s && s->device && s->instance_id[0] ? kb_interface_set(s, buffer, length / 2, enable)
                                                          : STATUS_NO_SUCH_DEVICE;
    unlock_config();
    return status;
}

/* Config lock held: the slot serves no device any more and its links go. */
static void retire_slot(kb_slot *s)
{
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    s->live = 0;
    s->handle = 0;
    KeReleaseSpinLock(&g_kb.lock, old);
    drop_links(s);
    kb_interfaces_drop(s);
    kb_references_drop(s);
    KeAcquireSpinLock(&g_kb.lock, &old);
    s->instance_id[0] = 0;
    KeReleaseSpinLock(&g_kb.lock, old);
}

static void device_remove(uint32_t handle)
{
    lock_config();
    uint32_t index;
    kb_slot *s = slot_of(handle, 0, &index);
    if (s)
        retire_slot(s);
    unlock_config();
}

void kb_remove_all_devices(void)
{
    lock_config();
    for (uint32_t i = 0; i < KB_MAX_SLOTS; i++)
        retire_slot(&g_kb.slots[i]);
    unlock_config();
}

/* Acts on the messages of a TRANSACT's input; STATUS_INVALID_PARAMETER at the first one that
 * does not check out (what came before it stands). */
static NTSTATUS take_input(const uint8_t *in, ULONG length)
{
    ULONG at = 0;
    while (at < length) {
        if (length - at < WUDF_MSG_HEADER_SIZE)
            return STATUS_INVALID_PARAMETER;
        const uint8_t *h = in + at;
        uint32_t size = get32(h + WUDF_HDR_OFF_SIZE);
        uint32_t type = (uint32_t)h[WUDF_HDR_OFF_TYPE] | (uint32_t)h[WUDF_HDR_OFF_TYPE + 1] << 8;
        if (size < WUDF_MSG_HEADER_SIZE || size > length - at)
            return STATUS_INVALID_PARAMETER;
        const uint8_t *payload = h + WUDF_MSG_HEADER_SIZE;
        uint32_t payload_length = size - WUDF_MSG_HEADER_SIZE;
        switch (type) {
        case WUDF_MSG_COMPLETE:
            kb_complete_from_user(get64(h + WUDF_HDR_OFF_IRP_ID), (NTSTATUS)get32(h + WUDF_HDR_OFF_STATUS),
                                  (ULONG_PTR)get64(h + WUDF_HDR_OFF_INFORMATION), payload, payload_length);
            break;
        case WUDF_KMSG_LINK_ADD:
            /* A link that cannot be made leaves the device without it; the rest goes on. */
            link_add(get32(h + WUDF_HDR_OFF_DEVICE_ID), payload, payload_length);
            break;
        case WUDF_KMSG_DEVICE_ADD:
            device_add(get32(h + WUDF_HDR_OFF_DEVICE_ID), payload, payload_length);
            break;
        case WUDF_KMSG_INTERFACE:
            /* An interface that cannot be registered leaves the device without it, as a link. */
            interface_set(get32(h + WUDF_HDR_OFF_DEVICE_ID), payload, payload_length,
                          get32(h + WUDF_HDR_OFF_STATUS) != 0);
            break;
        case WUDF_KMSG_DEVICE_REMOVE:
            device_remove(get32(h + WUDF_HDR_OFF_DEVICE_ID));
            break;
        default:
            return STATUS_INVALID_PARAMETER;
        }
        at += size;
    }
    return STATUS_SUCCESS;
}

static VOID transact_cancel(PDEVICE_OBJECT dev, PIRP irp)
{
    UNREFERENCED_PARAMETER(dev);
    IoReleaseCancelSpinLock(irp->CancelIrql);
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    /* An entry kb_take_waiting_locked skipped points at itself: removing it is harmless. */
    RemoveEntryList(&irp->Tail.Overlay.ListEntry);
    KeReleaseSpinLock(&g_kb.lock, old);
    irp->IoStatus.Status = STATUS_CANCELLED;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static NTSTATUS transact(PIRP irp, PIO_STACK_LOCATION sp)
{
    ULONG in_length = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG out_length = sp->Parameters.DeviceIoControl.OutputBufferLength;
    if (sp->FileObject != g_kb.owner)
        return STATUS_ACCESS_DENIED;
    if (out_length < WUDF_KBRIDGE_MIN_OUTPUT || in_length > WUDF_KBRIDGE_MAX_INPUT)
        return STATUS_INVALID_BUFFER_SIZE;
    uint8_t *out = irp->AssociatedIrp.SystemBuffer;
    if (!out)
        return STATUS_INVALID_USER_BUFFER;
    NTSTATUS status = take_input(irp->AssociatedIrp.SystemBuffer, in_length);
    if (!NT_SUCCESS(status))
        return status;
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    if (!IsListEmpty(&g_kb.out) || in_length) {
        irp->IoStatus.Information = kb_fill_locked(out, out_length);
        KeReleaseSpinLock(&g_kb.lock, old);
        irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoMarkIrpPending(irp);
    IoSetCancelRoutine(irp, transact_cancel);
    if (irp->Cancel && IoSetCancelRoutine(irp, NULL)) {
        KeReleaseSpinLock(&g_kb.lock, old);
        irp->IoStatus.Status = STATUS_CANCELLED;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return STATUS_PENDING;
    }
    InsertTailList(&g_kb.waiting, &irp->Tail.Overlay.ListEntry);
    KeReleaseSpinLock(&g_kb.lock, old);
    return STATUS_PENDING;
}

NTSTATUS kb_control_dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
    UNREFERENCED_PARAMETER(dev);
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL old;
    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE:
        KeAcquireSpinLock(&g_kb.lock, &old);
        if (g_kb.owner) {
            status = STATUS_SHARING_VIOLATION;
        } else {
            g_kb.owner = sp->FileObject;
            g_kb.session++;
            g_kb.batch_seq = 0;
        }
        KeReleaseSpinLock(&g_kb.lock, old);
        break;
    case IRP_MJ_CLEANUP:
    case IRP_MJ_CLOSE: {
        /* Wine sends only IRP_MJ_CLOSE when the last handle goes; Windows sends CLEANUP first. */
        KeAcquireSpinLock(&g_kb.lock, &old);
        int owner = sp->FileObject == g_kb.owner;
        if (owner) {
            g_kb.owner = NULL;
            g_kb.session++;
        }
        KeReleaseSpinLock(&g_kb.lock, old);
        if (owner) {
            kb_fail_all();
            kb_remove_all_devices();
        }
        break;
    }
    case IRP_MJ_DEVICE_CONTROL:
        if (sp->Parameters.DeviceIoControl.IoControlCode != WUDF_KBRIDGE_IOCTL_TRANSACT) {
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        /* transact completes the IRP itself unless it fails it at once. */
        status = transact(irp, sp);
        if (NT_SUCCESS(status))
            return status;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
    kb_device *x = dev->DeviceExtension;
    if (x->control)
        return kb_control_dispatch(dev, irp);
    if (IoGetCurrentIrpStackLocation(irp)->MajorFunction == IRP_MJ_PNP)
        return kb_pnp_dispatch(dev, irp);
    return kb_device_dispatch(dev, irp);
}

static VOID unload(PDRIVER_OBJECT driver)
{
    UNICODE_STRING link;
    RtlInitUnicodeString(&link, WUDF_KBRIDGE_LINK);
    IoDeleteSymbolicLink(&link);
    kb_remove_all_devices();
    for (uint32_t i = 0; i < KB_MAX_SLOTS; i++) {
        if (g_kb.slots[i].device)
            IoDeleteDevice(g_kb.slots[i].device);
        for (uint32_t k = 0; k < KB_MAX_REFERENCES; k++)
            if (g_kb.slots[i].reference_devices[k])
                IoDeleteDevice(g_kb.slots[i].reference_devices[k]);
    }
    if (g_kb.control)
        IoDeleteDevice(g_kb.control);
    UNREFERENCED_PARAMETER(driver);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry)
{
    UNREFERENCED_PARAMETER(registry);
    memset(&g_kb, 0, sizeof g_kb);
    g_kb.driver = driver;
    KeInitializeSpinLock(&g_kb.lock);
    KeInitializeMutex(&g_kb.config, 0);
    InitializeListHead(&g_kb.out);
    InitializeListHead(&g_kb.delivered);
    InitializeListHead(&g_kb.waiting);
    InitializeListHead(&g_kb.held);
    UNICODE_STRING name, link;
    RtlInitUnicodeString(&name, WUDF_KBRIDGE_DEVICE);
    RtlInitUnicodeString(&link, WUDF_KBRIDGE_LINK);
    NTSTATUS status = IoCreateDevice(driver, sizeof(kb_device), &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                     FALSE, &g_kb.control);
    if (!NT_SUCCESS(status))
        return status;
    memset(g_kb.control->DeviceExtension, 0, sizeof(kb_device));
    ((kb_device *)g_kb.control->DeviceExtension)->control = 1;
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_kb.control);
        return status;
    }
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        driver->MajorFunction[i] = dispatch;
    driver->DriverUnload = unload;
    g_kb.control->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
