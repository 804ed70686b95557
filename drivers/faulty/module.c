/*
 * The faulty driver module: its CLSID and what OnDeviceAdd does; the COM entry points and the
 * driver object are shared by the sample drivers (drivers/common/com_module.c).
 */
#include "faulty.h"

/* {8519CD3F-A049-4085-BC17-6A6718589950}, the DriverCLSID of inf/faulty.inf. */
const CLSID wudf_module_clsid = { 0x8519cd3f, 0xa049, 0x4085, { 0xbc, 0x17, 0x6a, 0x67, 0x18, 0x58, 0x99, 0x50 } };

HRESULT wudf_module_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    return faulty_device_add(driver, init);
}
