/* <winioctl.h> for WDK driver sources on Linux: what it declares is in openwudf's <windows.h>. */
#ifndef OPENWUDF_WDK_WINIOCTL_H
#define OPENWUDF_WDK_WINIOCTL_H
#include "windows.h"
#endif
