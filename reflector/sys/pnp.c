/*
 * The devices' Plug and Play side. Each device object speaks for one devnode
 * as its PDO would: it answers IRP_MN_QUERY_ID with the devnode's instance id,
 * which is what the kernel asks when a device interface is registered for it.
 * The interfaces themselves are the kernel's (IoRegisterDeviceInterface and
 * IoSetDeviceInterfaceState), so SetupAPI lists them, their paths open the
 * device object, and programs registered for arrivals hear of them.
 */
#include <string.h>

#include "bridge.h"

/* Copies the slot's instance id; its length in characters, 0 when the slot has none. */
static size_t instance_id(const kb_slot *s, WCHAR *out)
{
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    size_t n = 0;
    while (s->instance_id[n]) {
        out[n] = s->instance_id[n];
        n++;
    }
    out[n] = 0;
    KeReleaseSpinLock(&g_kb.lock, old);
    return n;
}

/* A pool copy of count characters of text with extra terminators (2 for a MULTI_SZ). */
static WCHAR *pool_string(const WCHAR *text, size_t count, size_t terminators)
{
    WCHAR *p = ExAllocatePoolWithTag(PagedPool, (count + terminators) * sizeof(WCHAR), KB_TAG);
    if (p) {
        memcpy(p, text, count * sizeof(WCHAR));
        for (size_t i = 0; i < terminators; i++)
            p[count + i] = 0;
    }
    return p;
}

/* ROOT\ECHO\0000: the device id is ROOT\ECHO, the instance id's last part 0000, as the PnP manager
 * joins them back with a backslash. Its only hardware id is its device id. */
static NTSTATUS query_id(const kb_slot *s, BUS_QUERY_ID_TYPE type, PIRP irp)
{
    WCHAR id[WUDF_KBRIDGE_MAX_INSTANCE / 2 + 1];
    size_t n = instance_id(s, id);
    size_t cut = n;
    while (cut > 0 && id[cut - 1] != L'\\')
        cut--;
    if (!n || !cut)
        return STATUS_NO_SUCH_DEVICE;
    WCHAR *answer;
    switch (type) {
    case BusQueryDeviceID:
        answer = pool_string(id, cut - 1, 1);
        break;
    case BusQueryInstanceID:
        answer = pool_string(id + cut, n - cut, 1);
        break;
    case BusQueryHardwareIDs:
        answer = pool_string(id, cut - 1, 2);
        break;
    case BusQueryCompatibleIDs:
        answer = pool_string(id, 0, 2);
        break;
    default:
        return irp->IoStatus.Status;
    }
    if (!answer)
        return STATUS_INSUFFICIENT_RESOURCES;
    irp->IoStatus.Information = (ULONG_PTR)answer;
    return STATUS_SUCCESS;
}

NTSTATUS kb_pnp_dispatch(PDEVICE_OBJECT dev, PIRP irp)
{
    kb_device *x = dev->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    /* A PDO leaves what it does not handle as it found it. */
    NTSTATUS status = irp->IoStatus.Status;
    switch (sp->MinorFunction) {
    case IRP_MN_QUERY_ID:
        status = query_id(&g_kb.slots[x->slot], sp->Parameters.QueryId.IdType, irp);
        break;
    case IRP_MN_QUERY_CAPABILITIES: {
        PDEVICE_CAPABILITIES caps = sp->Parameters.DeviceCapabilities.Capabilities;
        /* The driver runs in its host process: the kernel needs no function driver for it. */
        caps->RawDeviceOK = 1;
        caps->UniqueID = 1;
        caps->SilentInstall = 1;
        caps->SurpriseRemovalOK = 1;
        status = STATUS_SUCCESS;
        break;
    }
    default:
        break;
    }
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static void append(WCHAR *buffer, size_t *at, size_t size, const WCHAR *text, size_t count)
{
    for (size_t i = 0; i < count && *at + 1 < size; i++)
        buffer[(*at)++] = text[i];
    buffer[*at] = 0;
}

/*
 * Wine 8.0 cannot serve an interface that has a reference string the Windows way. Its
 * IoSetDeviceInterfaceState looks for the interface's key as "#\ref" where SetupAPI made "#ref"
 * (dlls/ntoskrnl.exe/pnp.c) and fails; and its object manager opens no name below a device object
 * (server/device.c has no lookup_name), so "<link>\ref" cannot reach the device with "\ref" as the
 * file name. So this does both itself: the volatile Control\Linked value SetupAPI's DIGCF_PRESENT
 * reads, and, in an object directory named as the interface's path without its reference string, a
 * link named by the reference string to the device object of that reference string (reference.c),
 * whose opens reach the driver as opens of "\ref". Programs registered for arrivals do not hear of
 * such an interface.
 */
static NTSTATUS link_by_hand(kb_slot *s, kb_interface *itf, int enable)
{
    static const WCHAR classes[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\DeviceClasses\\";
    const WCHAR *link = itf->symlink.Buffer;
    size_t n = itf->symlink.Length / sizeof(WCHAR), cut = n;
    while (cut > 4 && link[cut - 1] != L'\\')
        cut--;
    if (cut <= 42 || cut == n)
        return STATUS_OBJECT_NAME_INVALID;
    WCHAR path[600];
    size_t at = 0;
    append(path, &at, 600, classes, sizeof classes / sizeof classes[0] - 1);
    append(path, &at, 600, link + cut - 39, 38); /* the GUID before "\ref" */
    append(path, &at, 600, L"\\", 1);
    size_t device_at = at;
    append(path, &at, 600, link, cut - 1);
    path[device_at] = path[device_at + 1] = path[device_at + 3] = L'#';
    append(path, &at, 600, L"\\#", 2);
    append(path, &at, 600, link + cut, n - cut);
    append(path, &at, 600, L"\\Control", 8);
    UNICODE_STRING key_name, value_name;
    RtlInitUnicodeString(&key_name, path);
    RtlInitUnicodeString(&value_name, L"Linked");
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &key_name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    HANDLE key;
    NTSTATUS status = ZwCreateKey(&key, KEY_SET_VALUE, &attributes, 0, NULL, REG_OPTION_VOLATILE, NULL);
    if (!NT_SUCCESS(status))
        return status;
    ULONG linked = enable ? 1 : 0;
    status = ZwSetValueKey(key, &value_name, 0, REG_DWORD, &linked, sizeof linked);
    ZwClose(key);
    if (!NT_SUCCESS(status))
        return status;
    if (!enable) {
        IoDeleteSymbolicLink(&itf->symlink);
        if (itf->directory)
            ZwClose(itf->directory);
        itf->directory = NULL;
        return STATUS_SUCCESS;
    }
    size_t length = 0;
    while (itf->reference[length])
        length++;
    unsigned index;
    status = kb_reference_device(s, itf->reference, length, &index);
    if (!NT_SUCCESS(status))
        return status;
    UNICODE_STRING directory = itf->symlink;
    directory.Length = directory.MaximumLength = (USHORT)((cut - 1) * sizeof(WCHAR));
    InitializeObjectAttributes(&attributes, &directory, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE | OBJ_OPENIF, NULL,
                               NULL);
    status = ZwCreateDirectoryObject(&itf->directory, DIRECTORY_ALL_ACCESS, &attributes);
    if (!NT_SUCCESS(status)) {
        itf->directory = NULL;
        return status;
    }
    WCHAR buffer[48];
    UNICODE_STRING target;
    kb_reference_device_name(s, index, buffer, &target);
    status = IoCreateSymbolicLink(&itf->symlink, &target);
    if (!NT_SUCCESS(status)) {
        ZwClose(itf->directory);
        itf->directory = NULL;
    }
    return status;
}

static int same_reference(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return a[n] == 0;
}

NTSTATUS kb_interface_set(kb_slot *s, const WCHAR *text, ULONG chars, int enable)
{
    /* "{GUID}" then, optionally, "\reference" (no further backslash or slash). */
    if (chars < 38 || (chars > 38 && (chars < 40 || text[38] != L'\\')) || chars > 39 + WUDF_KBRIDGE_MAX_REFERENCE)
        return STATUS_INVALID_PARAMETER;
    WCHAR guid_text[39];
    memcpy(guid_text, text, 38 * sizeof(WCHAR));
    guid_text[38] = 0;
    UNICODE_STRING guid_string;
    RtlInitUnicodeString(&guid_string, guid_text);
    GUID guid;
    if (!NT_SUCCESS(RtlGUIDFromString(&guid_string, &guid)))
        return STATUS_INVALID_PARAMETER;
    const WCHAR *reference = chars > 38 ? text + 39 : text + chars;
    size_t reference_length = chars > 38 ? chars - 39 : 0;
    if (reference_length && !kb_reference_valid(reference, reference_length))
        return STATUS_INVALID_PARAMETER;
    kb_interface *itf = NULL;
    for (unsigned i = 0; i < s->interface_count && !itf; i++)
        if (IsEqualGUID(&s->interfaces[i].guid, &guid) &&
            same_reference(reference, s->interfaces[i].reference, reference_length))
            itf = &s->interfaces[i];
    if (!itf) {
        if (!enable)
            return STATUS_SUCCESS;
        if (s->interface_count >= KB_MAX_INTERFACES)
            return STATUS_INSUFFICIENT_RESOURCES;
        itf = &s->interfaces[s->interface_count];
        memset(itf, 0, sizeof *itf);
        itf->guid = guid;
        memcpy(itf->reference, reference, reference_length * sizeof(WCHAR));
        UNICODE_STRING ref;
        RtlInitUnicodeString(&ref, itf->reference);
        NTSTATUS status = IoRegisterDeviceInterface(s->device, &guid, reference_length ? &ref : NULL, &itf->symlink);
        if (!NT_SUCCESS(status))
            return status;
        s->interface_count++;
    }
    if (itf->enabled == enable)
        return STATUS_SUCCESS;
    NTSTATUS status;
    if (itf->by_hand) {
        status = link_by_hand(s, itf, enable);
    } else {
        status = IoSetDeviceInterfaceState(&itf->symlink, enable ? TRUE : FALSE);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND && enable && reference_length) {
            status = link_by_hand(s, itf, 1);
            itf->by_hand = NT_SUCCESS(status);
        }
    }
    if (NT_SUCCESS(status))
        itf->enabled = enable;
    return status;
}

void kb_interfaces_drop(kb_slot *s)
{
    for (unsigned i = 0; i < s->interface_count; i++) {
        kb_interface *itf = &s->interfaces[i];
        if (itf->enabled && itf->by_hand)
            link_by_hand(s, itf, 0);
        else if (itf->enabled)
            IoSetDeviceInterfaceState(&itf->symlink, FALSE);
        RtlFreeUnicodeString(&itf->symlink);
    }
    s->interface_count = 0;
}
