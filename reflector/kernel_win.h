/*
 * wudfrd --kernel (Windows), shared by its two files: kernel_win.c moves
 * bytes to and from reflector.sys; kernel_win_files.c turns packets into
 * IRPs on internal client connections; kernel_win_devices.c and devtree_win.c
 * make devnodes devices there and in SetupAPI's tree.
 */
#ifndef OPENWUDF_REFLECTOR_KERNEL_WIN_H
#define OPENWUDF_REFLECTOR_KERNEL_WIN_H

#include <stddef.h>
#include <stdint.h>

#include <windows.h>
#include <setupapi.h>

#include "reflector.h"

#define KWIN_DEVICE_ID_MAX 200 /* MAX_DEVICE_ID_LEN of cfgmgr32.h, whose CM_PROB_ names reflector.h has too */

/* Windows Vista's; mingw-w64's setupapi.h does not declare it, its import library has it. */
WINSETUPAPI BOOL WINAPI SetupDiSetDevicePropertyW(HDEVINFO set, PSP_DEVINFO_DATA data, const DEVPROPKEY *key,
                                                  DEVPROPTYPE type, const BYTE *buffer, DWORD size, DWORD flags);

/* kernel_win.c: the transport (loop thread only) */
int kwin_active(void);
/* Queues a message for reflector.sys; its sequence number, 0 if it was dropped. */
uint64_t kwin_put(const uint8_t *data, size_t length);
/* Every message up to this sequence number is in reflector.sys. */
uint64_t kwin_done_seq(void);
/* Runs kwin_after_packets soon, from the loop. */
void kwin_wake(void);

/* kernel_win_devices.c: devices, links and interfaces in reflector.sys */
void kwin_devices_init(void);
void kwin_devices_exit(void);
/* Logs the links and interfaces reflector.sys has taken since. */
void kwin_devices_after_packets(void);
/* The name an open through the kernel resolves to d by (a link or an interface path), for a CREATE
 * whose name reflector.sys gave as name (length bytes, "\reference" first through a reference
 * string's device object); the resolved name is that followed by name + *skip, and gives d's driver
 * name itself as the file name. NULL when d has no such name in the kernel. */
const char *kwin_device_open_name(const wudf_devnode *d, const char *name, size_t length, size_t *skip);

/* devtree_win.c: d in SetupAPI's device tree (written once per session) */
void kwin_devtree_update(const wudf_devnode *d);
/* UTF-16 of NUL-terminated UTF-8 text into out (count WCHARs); NULL when it does not convert or fit. */
WCHAR *kwin_widen(const char *text, WCHAR *out, int count);
/* A string value's data as the store holds it (a string without its terminator, a list with one
 * after each string) in the registry's form, one terminator more; malloc'd, its size in bytes in
 * *bytes. NULL when it does not convert. */
WCHAR *kwin_registry_text(const uint8_t *data, size_t size, DWORD *bytes);
/* d's devinfo, in a set of its own (SetupDiDestroyDeviceInfoList it); INVALID_HANDLE_VALUE when d is
 * not in the tree, GetLastError saying why. */
HDEVINFO kwin_open_devinfo(const wudf_devnode *d, SP_DEVINFO_DATA *data);
/* "{XXXXXXXX-...}" as a GUID; 0, or -1 when it is not one. */
int kwin_parse_guid(const char *text, GUID *guid);
/* Whether d's devnode was written into the tree this session. */
int kwin_devtree_has(uint32_t handle);

/* registry_win.c: d's hardware and software keys in the registry, created from d's copy where they
 * do not exist yet (a devnode new to the tree). */
void kwin_registry_adopt(const wudf_devnode *d);

/* kernel_win_files.c: what the packets mean */
void kwin_files_init(void);
void kwin_take_packets(const uint8_t *data, size_t length);
/* After each wake-up: deferred closes, and links now made. */
void kwin_after_packets(void);
void kwin_files_exit(void);

#endif
