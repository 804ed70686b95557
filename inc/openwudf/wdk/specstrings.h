/* <specstrings.h> for WDK driver sources on Linux: the SAL annotations (sal.h). */
#ifndef OPENWUDF_WDK_SPECSTRINGS_H
#define OPENWUDF_WDK_SPECSTRINGS_H
#include "sal.h"
#endif
