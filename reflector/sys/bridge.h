/*
 * reflector.sys's state: the control device wudfrd holds, one device object
 * per device handle wudfrd announced, the queue of packets waiting for a
 * TRANSACT, and the IRPs that wudfrd has and will complete.
 */
#ifndef OPENWUDF_REFLECTOR_SYS_BRIDGE_H
#define OPENWUDF_REFLECTOR_SYS_BRIDGE_H

#include <ntddk.h>
#include <stdint.h>

#include "openwudf/kbridge.h"
#include "openwudf/status.h"

#define KB_TAG 0x66647557u /* "Wudf" */
#define KB_MAX_SLOTS 256
#define KB_MAX_LINKS 8
#define KB_MAX_INTERFACES 8
#define KB_MAX_REFERENCES (KB_MAX_LINKS + KB_MAX_INTERFACES) /* reference strings of one slot */

/* Something for wudfrd: an IRP's packet or a cancel. */
typedef struct kb_irp kb_irp;
typedef struct kb_out {
    LIST_ENTRY link;
    uint8_t *data;
    uint32_t size;
    int queued;
    int is_cancel;
    kb_irp *owner;
} kb_out;

typedef enum kb_irp_state {
    KB_HELD,      /* its file's CREATE is still with wudfrd; the cancel routine completes it */
    KB_QUEUED,    /* packet waits for a TRANSACT; the cancel routine completes it */
    KB_DELIVERED, /* wudfrd has it; a cancel is forwarded, wudfrd completes it */
    KB_DONE       /* claimed while its cancel routine was starting: that routine completes it */
} kb_irp_state;

/* An IRP reflector.sys forwarded (in Tail.Overlay.DriverContext[0]). */
struct kb_irp {
    LIST_ENTRY link;           /* delivered list */
    kb_out packet;
    kb_out cancel;
    uint8_t cancel_header[WUDF_MSG_HEADER_SIZE];
    PIRP irp;                  /* NULL for a packet that needs no answer (CLOSE) */
    struct kb_file *file;
    uint64_t id;
    uint8_t major;
    kb_irp_state state;
    int cancel_ran;
    NTSTATUS status;
    ULONG_PTR information;
};

typedef enum kb_file_state {
    KB_FILE_CREATING, /* wudfrd has the CREATE: later IRPs wait (Wine lets CreateFile return now) */
    KB_FILE_OPEN,
    KB_FILE_FAILED    /* the CREATE failed: later IRPs fail with its status */
} kb_file_state;

/* A file object opened on one of the devices (FsContext). */
typedef struct kb_file {
    uint32_t id;
    uint32_t session;
    uint32_t handle;
    uint32_t slot;
    kb_file_state state;
    NTSTATUS create_status;
    int closed;               /* its CLOSE came while it was being created: freed once created */
} kb_file;

/* A device object's extension. */
typedef struct kb_device {
    int control;
    uint32_t slot;
    /* A reference string's device object (reference.c): its opens are of "\\reference" on the slot's
     * device; "" when it is the slot's device, or serves no reference string now. */
    WCHAR reference[WUDF_KBRIDGE_MAX_REFERENCE + 1];
} kb_device;

/* A device interface registered for a slot's device object. */
typedef struct kb_interface {
    GUID guid;
    WCHAR reference[WUDF_KBRIDGE_MAX_REFERENCE + 1];
    UNICODE_STRING symlink;    /* what IoRegisterDeviceInterface returned */
    int enabled;
    int by_hand;               /* enabled by pnp.c itself, where Wine's IoSetDeviceInterfaceState cannot */
    HANDLE directory;          /* by hand, with a reference string: the object directory of its link */
} kb_interface;

typedef struct kb_slot {
    PDEVICE_OBJECT device;     /* kept once created: files may still point at it */
    uint32_t handle;           /* wudfrd's devnode handle, 0 = free */
    int live;
    UNICODE_STRING links[KB_MAX_LINKS];
    unsigned link_count;
    /* The devnode's instance id, for IRP_MN_QUERY_ID (read under g_kb.lock) */
    WCHAR instance_id[WUDF_KBRIDGE_MAX_INSTANCE / 2 + 1];
    kb_interface interfaces[KB_MAX_INTERFACES];
    unsigned interface_count;
    /* reference.c's, one per reference string its links and interfaces have, kept once created as
     * device is */
    PDEVICE_OBJECT reference_devices[KB_MAX_REFERENCES];
} kb_slot;

typedef struct kb_state {
    PDRIVER_OBJECT driver;
    PDEVICE_OBJECT control;
    KSPIN_LOCK lock;           /* everything below */
    KMUTEX config;             /* slots' device objects and links (created at PASSIVE_LEVEL) */
    PFILE_OBJECT owner;        /* wudfrd's handle on the control device, NULL when it is gone */
    uint32_t session;          /* grows each time wudfrd attaches or leaves */
    LIST_ENTRY out;            /* kb_out for wudfrd, oldest first */
    LIST_ENTRY delivered;      /* kb_irp wudfrd holds */
    LIST_ENTRY waiting;        /* TRANSACT IRPs pended without input */
    LIST_ENTRY held;           /* kb_irp (packet.link) of files still being created, oldest first */
    uint64_t batch_seq;        /* TRANSACT outputs with packets so far */
    uint64_t next_irp_id;
    uint32_t next_file_id;
    kb_slot slots[KB_MAX_SLOTS];
} kb_state;

extern kb_state g_kb;

/* io.c: the devices' IRPs */
NTSTATUS kb_device_dispatch(PDEVICE_OBJECT dev, PIRP irp);
/* Completes wudfrd's answer to one IRP: copies the output, then completes it (or leaves it to
 * its cancel routine). */
void kb_complete_from_user(uint64_t id, NTSTATUS status, ULONG_PTR information, const uint8_t *data,
                           uint32_t length);
/* wudfrd is gone: every IRP it had or would have had completes with STATUS_DRIVER_PROCESS_TERMINATED. */
void kb_fail_all(void);
/* Under g_kb.lock: hands queued packets to a waiting TRANSACT; returns it for completion, or NULL. */
PIRP kb_take_waiting_locked(void);
/* Under g_kb.lock: copies packets into a TRANSACT's output; returns the bytes used. */
ULONG kb_fill_locked(uint8_t *buffer, ULONG capacity);

/* pnp.c: IRP_MJ_PNP on the devices; device interfaces (config mutex held) */
NTSTATUS kb_pnp_dispatch(PDEVICE_OBJECT dev, PIRP irp);
NTSTATUS kb_interface_set(kb_slot *s, const WCHAR *text, ULONG chars, int enable);
void kb_interfaces_drop(kb_slot *s);

/* reference.c: device objects of reference strings (config mutex held) */
/* Whether length characters are a reference string reflector.sys serves: 1 to
 * WUDF_KBRIDGE_MAX_REFERENCE printable ASCII characters, no backslash or slash. */
int kb_reference_valid(const WCHAR *reference, size_t length);
/* The slot's device object for the reference string (made when no link or interface of the slot has
 * it yet); *index names it for kb_reference_device_name. */
NTSTATUS kb_reference_device(kb_slot *s, const WCHAR *reference, size_t length, unsigned *index);
/* \Device\OpenWudf<slot>r<index> (buffer: 48 characters). */
void kb_reference_device_name(const kb_slot *s, unsigned index, WCHAR *buffer, UNICODE_STRING *name);
/* The slot goes: its device objects of reference strings serve none until it is used again. */
void kb_references_drop(kb_slot *s);

/* control.c: the control device, and the driver's entry point (the linker's --entry) */
NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry);
/* The name of slot index's device object (buffer: 40 characters). */
void kb_device_name(uint32_t index, WCHAR *buffer, UNICODE_STRING *name);
NTSTATUS kb_control_dispatch(PDEVICE_OBJECT dev, PIRP irp);
void kb_remove_all_devices(void);

#endif
