/*
 * A devnode's registry keys and device properties (common/reg_store.h), kept in d->settings as
 * reg.hw/reg.sw/reg.dp entries: filled at install from the INF's AddReg, written to the device
 * store, sent to each host in DEVICE_START, changed by the host's HOST_EVENTs (what its driver
 * wrote) and by wudfctl property.
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

/* d->settings as a store, and back (replacing d->settings). */
int wudf_property_read(const wudf_devnode *d, wudf_reg_store *store, wudf_error *err);
int wudf_property_write(wudf_devnode *d, const wudf_reg_store *store, wudf_error *err);

/* tool_property.c: op=property (wudfctl property). */
void wudf_tool_property(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, const wudf_kv *req);

#endif
