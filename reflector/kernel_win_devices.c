/*
 * wudfrd --kernel (Windows): the devices reflector.sys shows. A devnode that
 * runs (starting, started, restarting, stopping) has a device object there,
 * which answers the kernel's Plug and Play queries with its instance id; its
 * symbolic links and its enabled device interfaces lead to it. Interfaces are
 * registered with the kernel, so SetupAPI lists them and programs registered
 * for arrivals hear of them. devtree_win.c keeps the devnode in SetupAPI's
 * device tree itself.
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

#define LINK_NAME_MAX 64
#define KDEV_INTERFACES 8

typedef struct kitf {
    char guid[40];
    char reference[WUDF_KBRIDGE_MAX_REFERENCE + 1];
    int enabled;
} kitf;

typedef struct kdev {
    wudf_list link;
    uint32_t handle;
    char links[WUDF_MAX_SYMLINKS][128];
    unsigned link_count;
    kitf interfaces[KDEV_INTERFACES];
    unsigned interface_count;
    char open_name[400];      /* what an open through the kernel names: a link or an interface */
} kdev;

/* A link whose creation is logged once reflector.sys has taken the message that makes it. */
typedef struct link_note {
    wudf_list link;
    uint64_t seq;
    char device[300];
    char name[300];
} link_note;

static wudf_list devices;
static wudf_list notes;

/* UTF-16LE of ASCII text; its length in bytes, 0 when it does not fit. */
static uint32_t wide(const char *text, uint8_t *out, size_t size)
{
    uint32_t length = 0;
    for (const char *p = text; *p; p++, length += 2) {
        if (length + 2 > size)
            return 0;
        wudf_put16(out + length, (uint16_t)(unsigned char)*p);
    }
    return length;
}

/* A message whose payload is text, then, when there is one, a NUL and the reference string (LINK_ADD). */
static uint64_t message_with(uint16_t type, uint32_t handle, uint32_t status, const char *text, const char *reference)
{
    uint8_t buf[WUDF_MSG_HEADER_SIZE + WUDF_KBRIDGE_MAX_INSTANCE];
    uint8_t *payload = buf + WUDF_MSG_HEADER_SIZE;
    uint32_t length = text ? wide(text, payload, WUDF_KBRIDGE_MAX_INSTANCE) : 0;
    if (text && !length)
        return 0;
    if (reference && reference[0]) {
        uint32_t more = length + 2 < WUDF_KBRIDGE_MAX_INSTANCE
                            ? wide(reference, payload + length + 2, WUDF_KBRIDGE_MAX_INSTANCE - length - 2)
                            : 0;
        if (!more)
            return 0;
        wudf_put16(payload + length, 0);
        length += 2 + more;
    }
    memset(buf, 0, WUDF_MSG_HEADER_SIZE);
    wudf_put32(buf + WUDF_HDR_OFF_SIZE, WUDF_MSG_HEADER_SIZE + length);
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, (uint16_t)type);
    wudf_put32(buf + WUDF_HDR_OFF_DEVICE_ID, handle);
    wudf_put32(buf + WUDF_HDR_OFF_STATUS, status);
    return kwin_put(buf, WUDF_MSG_HEADER_SIZE + length);
}

static uint64_t message(uint16_t type, uint32_t handle, uint32_t status, const char *text)
{
    return message_with(type, handle, status, text, NULL);
}

static void note(uint64_t seq, const wudf_devnode *d, const char *name)
{
    link_note *n = seq ? calloc(1, sizeof *n) : NULL;
    if (n) {
        n->seq = seq;
        snprintf(n->device, sizeof n->device, "%s", d->instance_id);
        snprintf(n->name, sizeof n->name, "%s", name);
        wudf_list_add_tail(&notes, &n->link);
    }
}

static kdev *find(uint32_t handle)
{
    wudf_list *pos;
    for (pos = devices.next; pos != &devices; pos = pos->next) {
        kdev *k = WUDF_CONTAINER_OF(pos, kdev, link);
        if (k->handle == handle)
            return k;
    }
    return NULL;
}

/* The Ports class: its devices may be serial ports, COMn. */
#define PORTS_CLASS_GUID "{4D36E978-E325-11CE-BFC1-08002BE10318}"

/* COM1 to COM256, as Windows numbers serial ports. */
static int is_com_name(const char *name)
{
    if (_strnicmp(name, "COM", 3) != 0 || name[3] < '1' || name[3] > '9')
        return 0;
    char *end;
    unsigned long n = strtoul(name + 3, &end, 10);
    return *end == '\0' && n >= 1 && n <= 256;
}

/* The name after \DosDevices\ (or \??\, \GLOBAL??\) if it is one a driver may take: no drive
 * letters, paths or DOS device names, so a host cannot shadow C: or COM1. A serial port's driver
 * (com: its devnode is of the Ports class) may take a COMn name. */
static const char *link_name(const char *link, int com)
{
    static const char *const prefixes[] = {"\\DosDevices\\", "\\??\\", "\\GLOBAL??\\"};
    static const char *const reserved[] = {"CON", "PRN", "AUX", "NUL", WUDF_KBRIDGE_SERVICE};
    const char *name = NULL;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0] && !name; i++)
        if (_strnicmp(link, prefixes[i], strlen(prefixes[i])) == 0)
            name = link + strlen(prefixes[i]);
    if (!name)
        return NULL;
    size_t n = strlen(name);
    if (n < 2 || n > LINK_NAME_MAX)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
              ch == '-' || ch == '.'))
            return NULL;
    }
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (_stricmp(name, reserved[i]) == 0)
            return NULL;
    if (com && is_com_name(name))
        return name;
    if (n >= 4 && (_strnicmp(name, "COM", 3) == 0 || _strnicmp(name, "LPT", 3) == 0) && name[3] >= '0' &&
        name[3] <= '9')
        return NULL;
    return name;
}

/* The COM name arbiter's database (msports' ComDB): one bit per port number, COM1 first, which
 * installers read to pick a free port. A port is marked while a device of ours has its name. */
static void com_db_mark(unsigned port, int claimed)
{
    HKEY key;
    if (port < 1 || port > 256 ||
        RegCreateKeyExA(HKEY_LOCAL_MACHINE, "SYSTEM\\CurrentControlSet\\Control\\COM Name Arbiter", 0, NULL, 0,
                        KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &key, NULL) != ERROR_SUCCESS)
        return;
    BYTE bits[32];
    DWORD size = sizeof bits, type;
    memset(bits, 0, sizeof bits);
    if (RegQueryValueExA(key, "ComDB", NULL, &type, bits, &size) != ERROR_SUCCESS || type != REG_BINARY)
        memset(bits, 0, sizeof bits);
    BYTE mask = (BYTE)(1u << ((port - 1) % 8));
    bits[(port - 1) / 8] = (BYTE)(claimed ? bits[(port - 1) / 8] | mask : bits[(port - 1) / 8] & ~mask);
    RegSetValueExA(key, "ComDB", 0, REG_BINARY, bits, sizeof bits);
    RegCloseKey(key);
}

/* The port number of a \DosDevices\COMn link, 0 for any other. */
static unsigned com_port_of(const char *link)
{
    const char *name = strrchr(link, '\\');
    name = name ? name + 1 : link;
    return is_com_name(name) ? (unsigned)strtoul(name + 3, NULL, 10) : 0;
}

/* A reference string reflector.sys can serve (kbridge.h): printable ASCII, bounded; NULL when it
 * can, else why not. The host already refused separators and over-long ones (wudf_link_reference_problem). */
static const char *reference_problem(const char *reference)
{
    if (strlen(reference) > WUDF_KBRIDGE_MAX_REFERENCE)
        return "reference longer than the kernel's";
    for (const char *p = reference; *p; p++)
        if (*p < ' ' || *p > '~' || *p == '\\' || *p == '/')
            return "reference not printable ASCII";
    return NULL;
}

static void announce_link(kdev *k, const wudf_devnode *d, const char *link, const char *reference)
{
    for (unsigned i = 0; i < k->link_count; i++)
        if (strcmp(k->links[i], link) == 0)
            return;
    const char *name = link_name(link, _stricmp(d->class_guid, PORTS_CLASS_GUID) == 0);
    const char *why = reference_problem(reference);
    char q[200], target[300];
    if (!name || why || k->link_count >= WUDF_MAX_SYMLINKS) {
        wudf_log(WUDF_LOG_WARN, "kernel-link-refused", "device=%s link=%s%s%s%s", d->instance_id,
                 wudf_log_quote(q, sizeof q, link), why ? " reason=\"" : "", why ? why : "", why ? "\"" : "");
        return;
    }
    /* A serial port name another port has (Wine's own for a host port, another program's) stays
     * theirs, as the COM name arbiter keeps it on Windows. */
    if (is_com_name(name) && QueryDosDeviceA(name, target, sizeof target)) {
        char t[340];
        wudf_log(WUDF_LOG_WARN, "kernel-link-refused", "device=%s link=%s reason=\"in use\" target=%s", d->instance_id,
                 wudf_log_quote(q, sizeof q, link), wudf_log_quote(t, sizeof t, target));
        return;
    }
    char full[160];
    snprintf(full, sizeof full, "\\DosDevices\\%s", name);
    uint64_t seq = message_with(WUDF_KMSG_LINK_ADD, d->handle, 0, full, reference);
    snprintf(k->links[k->link_count++], sizeof k->links[0], "%s", link);
    char qr[160];
    wudf_log(WUDF_LOG_INFO, "kernel-link", "device=%s link=%s reference=%s", d->instance_id, full,
             wudf_log_quote(qr, sizeof qr, reference));
    note(seq, d, full);
    com_db_mark(com_port_of(full), 1);
}

/* \\?\ROOT#ECHO#0000#{GUID}, the form the reflector resolves (remote_interface.c). */
static void interface_path(const wudf_devnode *d, const kitf *itf, char *out, size_t size)
{
    int n = snprintf(out, size, "\\\\?\\%s#%s", d->instance_id, itf->guid);
    for (int i = 4; i < n && (size_t)i < size; i++)
        if (out[i] == '\\')
            out[i] = '#';
}

/* The name opens through the kernel resolve d by when reflector.sys gives them whole: a plain link
 * of d, else an enabled interface's path (without its reference string). Either passes on what follows
 * it unchanged, so the driver gets the name reflector.sys sent, "\reference" first when the open came
 * through a reference string's device object, as on Windows. */
static void update_open_name(kdev *k, const wudf_devnode *d)
{
    k->open_name[0] = '\0';
    const char *plain = wudf_devnode_plain_link(d);
    if (plain) {
        snprintf(k->open_name, sizeof k->open_name, "%s", plain);
        return;
    }
    for (unsigned i = 0; i < k->interface_count; i++)
        if (k->interfaces[i].enabled) {
            interface_path(d, &k->interfaces[i], k->open_name, sizeof k->open_name);
            return;
        }
}

const char *kwin_device_open_name(const wudf_devnode *d, const char *name, size_t length, size_t *skip)
{
    *skip = 0;
    kdev *k = find(d->handle);
    if (!k)
        return NULL;
    if (k->open_name[0])
        return k->open_name;
    /* Only links with reference strings: the link of the one the name starts with puts it back. */
    for (unsigned i = 0; i < d->symlink_count && i < WUDF_MAX_SYMLINKS; i++) {
        const char *reference = d->symlink_references[i];
        size_t n = strlen(reference);
        if (n && length > n && name[0] == '\\' && memcmp(name + 1, reference, n) == 0 &&
            (length == n + 1 || name[n + 1] == '\\')) {
            *skip = n + 1;
            return d->symlinks[i];
        }
    }
    return NULL;
}

static void send_interface(kdev *k, const wudf_devnode *d, const kitf *itf)
{
    char text[40 + WUDF_KBRIDGE_MAX_REFERENCE + 2];
    snprintf(text, sizeof text, "%s%s%s", itf->guid, itf->reference[0] ? "\\" : "", itf->reference);
    uint64_t seq = message(WUDF_KMSG_INTERFACE, k->handle, itf->enabled ? 1u : 0u, text);
    char path[400];
    interface_path(d, itf, path, sizeof path);
    wudf_log(WUDF_LOG_INFO, "kernel-interface", "device=%s guid=%s reference=\"%s\" enabled=%d", d->instance_id,
             itf->guid, itf->reference, itf->enabled);
    if (itf->enabled)
        note(seq, d, path);
}

void wudf_kernel_interface_changed(wudf_devnode *d, const char *guid, const char *reference, int enable)
{
    kdev *k = kwin_active() ? find(d->handle) : NULL;
    if (!k)
        return;
    if (strlen(reference) > WUDF_KBRIDGE_MAX_REFERENCE) {
        wudf_log(WUDF_LOG_WARN, "kernel-interface-refused", "device=%s guid=%s reason=\"reference longer than %u\"",
                 d->instance_id, guid, WUDF_KBRIDGE_MAX_REFERENCE);
        return;
    }
    kitf *itf = NULL;
    for (unsigned i = 0; i < k->interface_count && !itf; i++)
        if (_stricmp(k->interfaces[i].guid, guid) == 0 && strcmp(k->interfaces[i].reference, reference) == 0)
            itf = &k->interfaces[i];
    if (!itf) {
        if (!enable)
            return;
        if (k->interface_count >= KDEV_INTERFACES) {
            wudf_log(WUDF_LOG_WARN, "kernel-interface-refused", "device=%s guid=%s reason=\"more than %u interfaces\"",
                     d->instance_id, guid, KDEV_INTERFACES);
            return;
        }
        itf = &k->interfaces[k->interface_count++];
        snprintf(itf->guid, sizeof itf->guid, "%s", guid);
        snprintf(itf->reference, sizeof itf->reference, "%s", reference);
    }
    if (itf->enabled == !!enable)
        return;
    itf->enabled = !!enable;
    send_interface(k, d, itf);
    update_open_name(k, d);
}

void wudf_kernel_devnode_changed(wudf_devnode *d)
{
    if (!kwin_active())
        return;
    kwin_devtree_update(d);
    kdev *k = find(d->handle);
    /* The device object lives while the device runs; its links stay while it starts, restarts or
     * stops, so opens then fail with its state. */
    int want = !d->removed && (d->state == WUDF_DN_STARTED || d->state == WUDF_DN_STARTING ||
                               d->state == WUDF_DN_RESTARTING || d->state == WUDF_DN_STOPPING);
    if (!want) {
        if (k) {
            message(WUDF_KMSG_DEVICE_REMOVE, d->handle, 0, NULL);
            for (unsigned i = 0; i < k->link_count; i++)
                com_db_mark(com_port_of(k->links[i]), 0);
            wudf_list_remove(&k->link);
            free(k);
            wudf_log(WUDF_LOG_INFO, "kernel-device-removed", "device=%s state=%s", d->instance_id,
                     wudf_devnode_state_name(d));
        }
        return;
    }
    if (!k) {
        k = calloc(1, sizeof *k);
        if (!k)
            return;
        k->handle = d->handle;
        wudf_list_add_tail(&devices, &k->link);
        if (!message(WUDF_KMSG_DEVICE_ADD, d->handle, 0, d->instance_id))
            wudf_log(WUDF_LOG_WARN, "kernel-device-refused", "device=%s reason=\"instance id too long\"",
                     d->instance_id);
    }
    for (unsigned i = 0; i < d->symlink_count; i++)
        announce_link(k, d, d->symlinks[i], d->symlink_references[i]);
    update_open_name(k, d);
}

void kwin_devices_after_packets(void)
{
    uint64_t done = kwin_done_seq();
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &notes) {
        link_note *n = WUDF_CONTAINER_OF(pos, link_note, link);
        if (n->seq > done)
            break;
        wudf_log(WUDF_LOG_INFO, "kernel-link-ready", "device=%s link=%s", n->device, n->name);
        wudf_list_remove(&n->link);
        free(n);
    }
}

void kwin_devices_init(void)
{
    wudf_list_init(&devices);
    wudf_list_init(&notes);
}

void kwin_devices_exit(void)
{
    while (!wudf_list_empty(&devices)) {
        kdev *k = WUDF_CONTAINER_OF(devices.next, kdev, link);
        wudf_list_remove(&k->link);
        free(k);
    }
    while (!wudf_list_empty(&notes)) {
        link_note *n = WUDF_CONTAINER_OF(notes.next, link_note, link);
        wudf_list_remove(&n->link);
        free(n);
    }
}
