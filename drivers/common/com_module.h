/*
 * The COM plumbing the sample drivers share, as Microsoft's UMDF samples
 * share their comsup code: DllGetClassObject hands out a class factory for
 * the module's CLSID (its INF's DriverCLSID), whose CreateInstance makes the
 * driver object (IDriverEntry: nothing driver-wide to set up, as all state
 * belongs to the device; OnDeviceAdd is the driver's own); DllCanUnloadNow
 * answers from the module's live objects and IClassFactory::LockServer locks.
 * Each driver module defines the CLSID and its OnDeviceAdd, and counts its
 * objects with the two calls below.
 */
#ifndef OPENWUDF_DRIVERS_COM_MODULE_H
#define OPENWUDF_DRIVERS_COM_MODULE_H

#include <wudfddi.h>

extern const CLSID wudf_module_clsid;
HRESULT wudf_module_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init);

void wudf_module_object_created(void);
void wudf_module_object_destroyed(void);

#endif
