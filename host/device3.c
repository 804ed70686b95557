/*
 * IWDFDevice3 (UMDF 1.11): work items, the extended idle settings, and direct hardware access.
 * A device here has no hardware resources (no registers, ports or interrupts to map: nothing in
 * its resource lists), so the hardware methods answer what UMDF answers a driver that asks for
 * a resource it was not given: a failed HRESULT where there is one (HRESULT_FROM_NT(
 * STATUS_NOT_SUPPORTED)), nothing read, nothing written, and a driver-bug line in the log that
 * names the method, since a driver that gets here would have crashed or misbehaved on Windows.
 */
#include "framework.h"

#include <stdio.h>

#include <wudfworkitem.h>

#include "log.h"

static wudf_device *dev_of(IWDFDevice3 *This)
{
    return (wudf_device *)(void *)This;
}

static void no_hardware(const char *method)
{
    char detail[120];
    snprintf(detail, sizeof detail, "%s: the device has no hardware resources", method);
    wudf_driver_bug("direct-hardware-access", detail);
}

HRESULT STDMETHODCALLTYPE wudf_device3_MapIoSpace(IWDFDevice3 *This, PHYSICAL_ADDRESS address, SIZE_T bytes,
                                                  MEMORY_CACHING_TYPE caching, void **base)
{
    if (base)
        *base = NULL;
    no_hardware("IWDFDevice3::MapIoSpace");
    return HRESULT_FROM_NT(STATUS_NOT_SUPPORTED);
}

void STDMETHODCALLTYPE wudf_device3_UnmapIoSpace(IWDFDevice3 *This, void *base, SIZE_T bytes)
{
    no_hardware("IWDFDevice3::UnmapIoSpace");
}

void *STDMETHODCALLTYPE wudf_device3_GetHardwareRegisterMappedAddress(IWDFDevice3 *This, void *base)
{
    no_hardware("IWDFDevice3::GetHardwareRegisterMappedAddress");
    return NULL;
}

SIZE_T STDMETHODCALLTYPE wudf_device3_ReadFromHardware(IWDFDevice3 *This, WDF_DEVICE_HWACCESS_TARGET_TYPE type,
                                                       WDF_DEVICE_HWACCESS_TARGET_SIZE size, void *address,
                                                       void *buffer, ULONG count)
{
    no_hardware("IWDFDevice3::ReadFromHardware");
    return 0;
}

void STDMETHODCALLTYPE wudf_device3_WriteToHardware(IWDFDevice3 *This, WDF_DEVICE_HWACCESS_TARGET_TYPE type,
                                                    WDF_DEVICE_HWACCESS_TARGET_SIZE size, void *address, SIZE_T value,
                                                    void *buffer, ULONG count)
{
    no_hardware("IWDFDevice3::WriteToHardware");
}

HRESULT STDMETHODCALLTYPE wudf_device3_CreateInterrupt(IWDFDevice3 *This, PWUDF_INTERRUPT_CONFIG config,
                                                       IWDFInterrupt **interrupt)
{
    if (interrupt)
        *interrupt = NULL;
    no_hardware("IWDFDevice3::CreateInterrupt");
    return HRESULT_FROM_NT(STATUS_NOT_SUPPORTED);
}

HRESULT STDMETHODCALLTYPE wudf_device3_CreateWorkItem(IWDFDevice3 *This, PWUDF_WORKITEM_CONFIG config,
                                                      IWDFObject *parent, IWDFWorkItem **item)
{
    return wudf_workitem_create(dev_of(This), config, parent, item);
}

HRESULT STDMETHODCALLTYPE wudf_device3_AssignS0IdleSettingsEx(IWDFDevice3 *This,
                                                              PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS settings)
{
    return wudf_power_assign_s0_idle_ex(dev_of(This), settings);
}
