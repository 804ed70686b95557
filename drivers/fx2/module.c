/*
 * The FX2 driver module: its CLSID and what OnDeviceAdd does; the COM entry points and the
 * driver object are shared by the sample drivers (drivers/common/com_module.c).
 */
#include "fx2.h"

/* {6F3B2C1E-8D47-4A95-B0E2-5C9A1D7F3E64}, the DriverCLSID of inf/fx2.inf. */
const CLSID wudf_module_clsid = {0x6f3b2c1e, 0x8d47, 0x4a95, {0xb0, 0xe2, 0x5c, 0x9a, 0x1d, 0x7f, 0x3e, 0x64}};

HRESULT wudf_module_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    return fx2_device_add(driver, init);
}
