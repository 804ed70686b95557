/*
 * A device's registry keys as openwudf keeps them: its hardware key ("Device Parameters"), its
 * software key, its unified device properties, what its driver put under HKLM\HARDWARE\DEVICEMAP
 * and its device interfaces' keys, each a tree of subkeys that hold typed values.
 * One text form serves the wire (DEVICE_START, HOST_EVENT, tool requests), the device store and
 * wudfctl, so that every reader checks the same rules. Every entry is untrusted input until
 * wudf_reg_entry_parse has accepted it.
 */
#ifndef OPENWUDF_COMMON_REG_STORE_H
#define OPENWUDF_COMMON_REG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "wire.h"

/* Registry value types, with Windows' numbers (winnt.h). */
#define WUDF_REG_NONE 0u
#define WUDF_REG_SZ 1u
#define WUDF_REG_EXPAND_SZ 2u
#define WUDF_REG_BINARY 3u
#define WUDF_REG_DWORD 4u
#define WUDF_REG_MULTI_SZ 7u
#define WUDF_REG_QWORD 11u

/* The DEVPROPTYPEs (devpropdef.h) the text form spells by name; any other is a hex number. */
#define WUDF_DEVPROP_TYPE_EMPTY 0x0u
#define WUDF_DEVPROP_TYPE_UINT32 0x7u
#define WUDF_DEVPROP_TYPE_UINT64 0x9u
#define WUDF_DEVPROP_TYPE_GUID 0xdu
#define WUDF_DEVPROP_TYPE_STRING 0x12u
#define WUDF_DEVPROP_TYPE_STRING_LIST 0x2012u

typedef enum wudf_reg_root {
    WUDF_REG_ROOT_HW,  /* the hardware key's "Device Parameters": [DDInstall.HW] AddReg */
    WUDF_REG_ROOT_SW,  /* the software (driver) key: [DDInstall] AddReg */
    WUDF_REG_ROOT_DP,  /* unified device properties: path "{fmtid}", name the pid in decimal */
    WUDF_REG_ROOT_MAP, /* HKLM\HARDWARE\DEVICEMAP: path one key name ("SERIALCOMM"); volatile, never stored */
    WUDF_REG_ROOT_IF,  /* its device interfaces' keys: path "{GUID}\#REF\Device Parameters..." (REF may be
                        * empty), and "{GUID}\#REF\Properties\{fmtid}" for the interface's properties */
    WUDF_REG_ROOT_COUNT
} wudf_reg_root;

/* Limits; an entry beyond them is refused, never cut. */
#define WUDF_REG_PATH_MAX 512u       /* bytes of a subkey path, components joined with '\' */
#define WUDF_REG_COMPONENT_MAX 255u  /* bytes of one key name */
#define WUDF_REG_NAME_MAX 255u       /* bytes of a value name */
#define WUDF_REG_DATA_MAX 16384u     /* bytes of a value's data */
#define WUDF_REG_ENTRIES_MAX 1024u   /* entries of one device */
#define WUDF_REG_BYTES_MAX (1024u * 1024u)

/* One value (name != NULL) or one key (name == NULL). Data as the framework hands it out:
 * strings UTF-8 without terminator, string lists as UTF-8 strings each ended by a NUL, numbers
 * little-endian, anything else raw. */
typedef struct wudf_reg_entry {
    wudf_reg_root root;
    char *path;          /* below the root, "" for the root itself */
    char *name;          /* "" is the key's default value */
    uint32_t type;       /* WUDF_REG_* (hw, sw, map) or a DEVPROPTYPE (dp) */
    uint8_t *data;
    size_t size;
    int is_volatile;     /* keys: gone with the reflector (WdfPropertyStoreCreateVolatile) */
} wudf_reg_entry;

typedef struct wudf_reg_store {
    wudf_reg_entry *entries;
    size_t count, capacity;
    size_t bytes;        /* data and names held, against WUDF_REG_BYTES_MAX */
} wudf_reg_store;

/* How a value's data reads: text, a string list, a little-endian number, raw bytes; or a key. */
typedef enum wudf_reg_kind {
    WUDF_REG_KIND_TEXT,
    WUDF_REG_KIND_LIST,
    WUDF_REG_KIND_NUMBER,
    WUDF_REG_KIND_BYTES,
    WUDF_REG_KIND_KEY
} wudf_reg_kind;
wudf_reg_kind wudf_reg_kind_of(const wudf_reg_entry *e);

/* The kv key of a root's entries ("reg.hw", "reg.sw", "reg.dp", "reg.map", "reg.if"), and back (-1 for another
 * key). */
const char *wudf_reg_root_key(wudf_reg_root root);
int wudf_reg_root_from_key(const char *key, wudf_reg_root *root);

/* "hw", "sw", "dp", "map", "if", and back. */
const char *wudf_reg_root_name(wudf_reg_root root);
int wudf_reg_root_parse(const char *name, wudf_reg_root *root);

/* Text form: "PATH;NAME;TYPE;DATA" with %, ;, the comma and control characters as %XX. TYPE is
 * key (NAME empty, DATA "" or "volatile"), sz, expand_sz, multi_sz (DATA: items separated by
 * commas), dword, qword (decimal or 0x hex), binary, none (hex bytes), or 0xN (another type, hex
 * bytes); for dp: string, string_list, uint32, uint64 or 0xN. */
int wudf_reg_entry_parse(wudf_reg_root root, const char *text, wudf_reg_entry *out, wudf_error *err);
/* Builds an entry from parts as a user types them (wudfctl, INF lines): TYPE and DATA as above,
 * unescaped. */
int wudf_reg_entry_make(wudf_reg_root root, const char *path, const char *name, const char *type,
                        const char *data, wudf_reg_entry *out, wudf_error *err);
/* From the data itself (copied), as a reader of another format (INF AddReg) has it. */
int wudf_reg_entry_from_data(wudf_reg_root root, const char *path, const char *name, uint32_t type,
                             const void *data, size_t size, wudf_reg_entry *out, wudf_error *err);
/* New string (free), NULL when out of memory. */
char *wudf_reg_entry_format(const wudf_reg_entry *e);
/* The data alone as wudfctl shows it (strings unescaped, lists "a, b"), into buf; "" on NULL. */
void wudf_reg_data_text(const wudf_reg_entry *e, char *buf, size_t size);
const char *wudf_reg_type_name(const wudf_reg_entry *e, char buf[12]);
int wudf_reg_entry_copy(wudf_reg_entry *dst, const wudf_reg_entry *src);
void wudf_reg_entry_free(wudf_reg_entry *e);

/* Checks of the parts alone (the same rules as the parser). */
int wudf_reg_check_path(const char *path, wudf_error *err);
int wudf_reg_check_name(const char *name, wudf_error *err);
int wudf_reg_check_utf8(const char *text, size_t length);
/* Registry names compare case-insensitively (ASCII letters). */
int wudf_reg_equal_nocase(const char *a, const char *b);
/* path is key or lies below it ("" is every key's ancestor). */
int wudf_reg_path_within(const char *path, const char *key);

void wudf_reg_store_init(wudf_reg_store *s);
void wudf_reg_store_free(wudf_reg_store *s);
/* Index of the value (name != NULL) or of the key entry (name == NULL), or -1. */
long wudf_reg_store_find(const wudf_reg_store *s, wudf_reg_root root, const char *path, const char *name);
/* The key exists: the root, a key entry, or anything at or below it. */
int wudf_reg_store_key_exists(const wudf_reg_store *s, wudf_reg_root root, const char *path);
/* path or a key above it was created volatile. */
int wudf_reg_store_key_volatile(const wudf_reg_store *s, wudf_reg_root root, const char *path);
/* Adds or replaces a copy of e (a key entry is added once). WUDF_ETOOBIG past the limits. */
int wudf_reg_store_set(wudf_reg_store *s, const wudf_reg_entry *e, wudf_error *err);
/* 0, or WUDF_ENOTFOUND. */
int wudf_reg_store_delete(wudf_reg_store *s, wudf_reg_root root, const char *path, const char *name);
/* Removes the key with its subkeys and values; 0, or WUDF_ENOTFOUND. */
int wudf_reg_store_delete_key(wudf_reg_store *s, wudf_reg_root root, const char *path);
/* The values of one key, in the order they were first set. */
size_t wudf_reg_store_value_count(const wudf_reg_store *s, wudf_reg_root root, const char *path);
const wudf_reg_entry *wudf_reg_store_value_at(const wudf_reg_store *s, wudf_reg_root root, const char *path,
                                              size_t index);

/* The fmtids of the system's device properties (devpkey.h): DEVPKEY_Device_* (DeviceDesc 2,
 * HardwareIds 3, CompatibleIds 4, Service 6, Class 9, ClassGuid 10, Manufacturer 13, FriendlyName
 * 14), DEVPKEY_Device_Driver* (DriverVersion 3, DriverProvider 9) and DEVPKEY_Device_InstanceId 256. */
#define WUDF_DEVPKEY_FMTID_DEVICE "{A45C254E-DF1C-4EFD-8020-67D146A850E0}"
#define WUDF_DEVPKEY_FMTID_DRIVER "{A8B865DD-2E3D-4094-AD97-E593A70C75D6}"
#define WUDF_DEVPKEY_FMTID_INSTANCE "{78C34FC8-104A-4ACA-9EA4-524D52996E57}"
/* Whether a driver may write e: not the system's device properties but the friendly name, not
 * the framework's own Device Parameters\WDF and \WUDF, and in DEVICEMAP only one key deep. */
int wudf_reg_driver_may_write(const wudf_reg_entry *e);

/* Reads the reg.* entries of kv (other keys are not its business), and setting.NAME, the older
 * form of a hardware-key string. */
int wudf_reg_store_from_kv(wudf_reg_store *s, const wudf_kv *kv, wudf_error *err);
/* Appends the entries; persistent_only leaves out volatile keys and what lies below them. */
int wudf_reg_store_to_kv(const wudf_reg_store *s, wudf_kv *kv, int persistent_only, wudf_error *err);

#endif
