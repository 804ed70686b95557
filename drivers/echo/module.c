/*
 * The echo driver module: its CLSID and what OnDeviceAdd does; the COM entry points and the
 * driver object are shared by the sample drivers (drivers/common/com_module.c).
 */
#include "echo.h"

/* {A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}, the DriverCLSID of inf/echo.inf. */
const CLSID wudf_module_clsid = { 0xa1b8e9f2, 0x0c4d, 0x4e5a, { 0x9f, 0x61, 0x2b, 0x7c, 0x3d, 0x8e, 0x4f, 0x50 } };

HRESULT wudf_module_device_add(IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    return echo_device_add(driver, init);
}
