/*
 * In-process view of the host tests' driver (testdrv.h): its counters and
 * the requests it holds, for unit tests that link the driver's sources and
 * drive the framework objects directly. Waits are bounded by timeout_ms and
 * return nonzero when the condition did not come true in time.
 */
#ifndef OPENWUDF_TESTS_HOSTDRV_TESTDRV_API_H
#define OPENWUDF_TESTS_HOSTDRV_TESTDRV_API_H

#define COBJMACROS
#include <wudfddi.h>

#include "testdrv.h"

void testdrv_reset(void);
uint32_t testdrv_count(enum testdrv_counter counter);
int testdrv_wait_count(enum testdrv_counter counter, uint32_t at_least, unsigned timeout_ms);
/* Requests kept by HOLD / HOLD_CANCELABLE, oldest first. */
int testdrv_wait_held(unsigned count, unsigned timeout_ms);
unsigned testdrv_held_count(void);
/* The index-th held request, left in the list (no reference change). */
IWDFIoRequest *testdrv_peek_held(unsigned index);
/* Takes the oldest held request out of the driver's list (no reference change). */
IWDFIoRequest *testdrv_take_held(void);
/* Callbacks running right now. */
int testdrv_wait_running(unsigned count, unsigned timeout_ms);
unsigned testdrv_running(void);
/* Waits until no callback of the driver runs. */
int testdrv_wait_idle(unsigned timeout_ms);
void testdrv_unblock(void);
/* Makes a step fail (testdrv.h failstep values) without a device setting, e.g. "initialize". */
void testdrv_set_failstep(const char *step);
/* Whether OnCancel completes the request (default 1). */
void testdrv_set_cancel_completes(int completes);
IRequestCallbackCancel *testdrv_cancel_callback(void);
IQueueCallbackStateChange *testdrv_queue_callback_state(void);
/* Framework objects the driver saw (weak pointers, valid while the device lives). */
IWDFDriver *testdrv_driver(void);
IWDFDevice *testdrv_device(void);
IWDFIoQueue *testdrv_queue(void);
/* References the framework still holds on the driver's callback objects. */
long testdrv_callback_references(void);
/* What OnDeviceAdd read through IWDFDeviceInitialize::RetrieveDeviceInstanceId (UTF-8). */
const char *testdrv_instance_id(void);
/* Size RetrieveDeviceInstanceId reported for a NULL buffer. */
unsigned long testdrv_instance_id_size(void);
/* Name of the last file OnCreateFile saw (UTF-8). */
const char *testdrv_last_file_name(void);

#endif
