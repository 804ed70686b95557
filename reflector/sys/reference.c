/*
 * The device objects of a slot's reference strings. On Windows a link or an interface made with a
 * reference string names \Device\<dev>\<reference>, and the driver gets "\reference" and what
 * followed as the file name. Wine's object manager opens no name below a device object, so each
 * reference string of a slot has a device object of its own instead, which links and interfaces
 * with that string target and whose opens io.c names "\reference".
 */
#include <string.h>

#include "bridge.h"

int kb_reference_valid(const WCHAR *reference, size_t length)
{
    if (length == 0 || length > WUDF_KBRIDGE_MAX_REFERENCE)
        return 0;
    for (size_t i = 0; i < length; i++)
        if (reference[i] < L' ' || reference[i] > 0x7E || reference[i] == L'\\' || reference[i] == L'/')
            return 0;
    return 1;
}

void kb_reference_device_name(const kb_slot *s, unsigned index, WCHAR *buffer, UNICODE_STRING *name)
{
    kb_device_name(((kb_device *)s->device->DeviceExtension)->slot, buffer, name);
    size_t n = name->Length / sizeof(WCHAR);
    buffer[n++] = L'r';
    if (index >= 10)
        buffer[n++] = (WCHAR)(L'0' + index / 10);
    buffer[n++] = (WCHAR)(L'0' + index % 10);
    buffer[n] = 0;
    name->Length = (USHORT)(n * sizeof(WCHAR));
    name->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
}

/* Whether the device object serves exactly this reference string (case kept: each link's driver
 * gets its own spelling). */
static int serves(PDEVICE_OBJECT dev, const WCHAR *reference, size_t length)
{
    const kb_device *x = dev->DeviceExtension;
    for (size_t i = 0; i < length; i++)
        if (x->reference[i] != reference[i])
            return 0;
    return x->reference[length] == 0;
}

static NTSTATUS create(kb_slot *s, unsigned index)
{
    WCHAR buffer[48];
    UNICODE_STRING name;
    kb_reference_device_name(s, index, buffer, &name);
    PDEVICE_OBJECT dev;
    NTSTATUS status = IoCreateDevice(g_kb.driver, sizeof(kb_device), &name, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status))
        return status;
    kb_device *x = dev->DeviceExtension;
    memset(x, 0, sizeof *x);
    x->slot = ((kb_device *)s->device->DeviceExtension)->slot;
    dev->Flags |= DO_DIRECT_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    s->reference_devices[index] = dev;
    return STATUS_SUCCESS;
}

NTSTATUS kb_reference_device(kb_slot *s, const WCHAR *reference, size_t length, unsigned *index)
{
    if (!kb_reference_valid(reference, length))
        return STATUS_INVALID_PARAMETER;
    unsigned free_index = KB_MAX_REFERENCES;
    for (unsigned i = 0; i < KB_MAX_REFERENCES; i++) {
        PDEVICE_OBJECT dev = s->reference_devices[i];
        if (dev && serves(dev, reference, length)) {
            *index = i;
            return STATUS_SUCCESS;
        }
        if (free_index == KB_MAX_REFERENCES && (!dev || !((kb_device *)dev->DeviceExtension)->reference[0]))
            free_index = i;
    }
    if (free_index == KB_MAX_REFERENCES)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (!s->reference_devices[free_index]) {
        NTSTATUS status = create(s, free_index);
        if (!NT_SUCCESS(status))
            return status;
    }
    kb_device *x = s->reference_devices[free_index]->DeviceExtension;
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    memcpy(x->reference, reference, length * sizeof(WCHAR));
    x->reference[length] = 0;
    KeReleaseSpinLock(&g_kb.lock, old);
    *index = free_index;
    return STATUS_SUCCESS;
}

void kb_references_drop(kb_slot *s)
{
    KIRQL old;
    KeAcquireSpinLock(&g_kb.lock, &old);
    for (unsigned i = 0; i < KB_MAX_REFERENCES; i++)
        if (s->reference_devices[i])
            ((kb_device *)s->reference_devices[i]->DeviceExtension)->reference[0] = 0;
    KeReleaseSpinLock(&g_kb.lock, old);
}
