/* How long the oldest driver callback in progress has run (watchdog.c). */
#ifndef OPENWUDF_HOST_WATCHDOG_H
#define OPENWUDF_HOST_WATCHDOG_H

#include <stdint.h>

/* Around every call into the driver (wudf_device_enter and wudf_device_leave make them). */
void wudf_watchdog_enter(void);
void wudf_watchdog_leave(void);
/* Milliseconds the oldest callback in progress has run; 0 when none runs. */
uint64_t wudf_watchdog_oldest_ms(void);

#endif
