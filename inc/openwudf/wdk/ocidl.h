/* <ocidl.h> for WDK driver sources on Linux: what a driver takes from it (and what a header generated
 * from the driver's IDL file includes it for) is in openwudf's <windows.h>. */
#ifndef OPENWUDF_WDK_OCIDL_H
#define OPENWUDF_WDK_OCIDL_H
#include "windows.h"
#endif
