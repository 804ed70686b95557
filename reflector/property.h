/*
 * A devnode's registry keys and device properties (common/reg_store.h), kept in d->settings as
 * reg.hw/reg.sw/reg.dp/reg.if entries: filled at install from the INF's AddReg, written to the
 * device store, sent to each host in DEVICE_START, changed by the host's HOST_EVENTs (what its
 * driver wrote; reg.if: the keys of the device interfaces its driver created) and by wudfctl
 * property. reg.map entries are what its driver wrote under HKLM\HARDWARE\DEVICEMAP: sent to its
 * hosts like the others but never stored, so they go with the reflector as Windows' DEVICEMAP goes
 * at a restart.
 */
#ifndef OPENWUDF_REFLECTOR_PROPERTY_H
#define OPENWUDF_REFLECTOR_PROPERTY_H

#include "inf.h"
#include "reflector.h"
#include "reg_store.h"

/* At install: the AddReg of the INF (software key, then hardware key), the device properties the
 * system sets (hardware and compatible ids, description, manufacturer, class, provider, driver
 * date and version), then the request's values for the hardware key (reg.hw entries, or
 * setting.NAME strings). */
int wudf_property_install(wudf_devnode *d, const wudf_inf *inf, const wudf_inf_install *ins, const wudf_kv *req,
                          wudf_error *err);
/* A HOST_EVENT event=property of d's host: checked like any host input, applied, saved. */
void wudf_property_host_event(wudf_devnode *d, const wudf_kv *event);
/* Writes the device store now if a driver's change waits for it (the reflector's teardown). */
void wudf_property_flush(void);
/* Whether the device store keeps entry i of d->settings (a volatile key and what it holds are not
 * kept: they go with the reflector, as Windows drops them at a restart). */
int wudf_property_persistent(const wudf_devnode *d, size_t i);
/* A line of the device store: a reg.* entry, or setting.NAME of an older store. */
int wudf_property_load_field(wudf_devnode *d, const char *key, const char *value, wudf_error *err);

/* d->settings as a store, and back (replacing d->settings; wudf_kernel_devicemap_changed(d) when
 * its reg.map entries differ). */
int wudf_property_read(const wudf_devnode *d, wudf_reg_store *store, wudf_error *err);
int wudf_property_write(wudf_devnode *d, const wudf_reg_store *store, wudf_error *err);
/* The same without telling anyone: for a copy read back from where the keys live. 0, or -1. */
int wudf_property_replace(wudf_devnode *d, const wudf_reg_store *store);

/*
 * DEVICEMAP. Each devnode holds the values its driver wrote (IWDFPropertyStoreFactory with
 * WdfPropertyStoreRootClassLegacyHardwareKey); the machine's map is all of them together. A value
 * one device writes under a name another device holds in the same key replaces that one (logged
 * event=devicemap-replaced), as the registry has one key for all. Every change of a devnode's
 * values calls wudf_kernel_devicemap_changed for it: a driver's write or delete, a replaced value
 * (first for the device that lost it, then for the writer), its removal.
 */
typedef struct wudf_devicemap_value {
    const char *map;        /* the DEVICEMAP key: "SERIALCOMM" (one key name, as the driver spelled it) */
    const char *name;       /* the value's name: "\\Device\\VSerial0" */
    uint32_t type;          /* WUDF_REG_SZ, WUDF_REG_DWORD, ... (Windows' numbers) */
    const uint8_t *data;    /* reg_store.h's form: a string UTF-8 without its NUL, numbers little-endian */
    size_t size;
} wudf_devicemap_value;
/* Return nonzero to stop; that value is returned by wudf_property_devicemap_each. */
typedef int (*wudf_devicemap_visit)(void *context, const wudf_devicemap_value *value);
/* Visits d's DEVICEMAP values in the order they were first written; the pointers last for the
 * call only. 0 once all were visited. After wudf_property_devnode_removed d has none: whoever
 * mirrors the map keeps what it mirrored, or rebuilds a key from every devnode. */
int wudf_property_devicemap_each(const wudf_devnode *d, wudf_devicemap_visit visit, void *context);
/* d is being uninstalled: its DEVICEMAP values go (the hook runs if it had any). */
void wudf_property_devnode_removed(wudf_devnode *d);

/* tool_property.c: op=property (wudfctl property). */
void wudf_tool_property(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const wudf_kv *req);

#endif
