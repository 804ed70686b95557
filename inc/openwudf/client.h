/*
 * openwudf client API: what an application links to do I/O on a device served
 * by a user-mode driver, the way kernel32's CreateFile/ReadFile/WriteFile/
 * DeviceIoControl/CancelIoEx/CloseHandle reach a kernel driver.
 *
 * Every call returns an NTSTATUS (WUDF_STATUS_SUCCESS is 0; negative values
 * are failures), exactly as the driver or the reflector completed the request;
 * <openwudf/status.h> names them. wudf_client_error() gives a sentence about
 * the last local failure.
 *
 * A wudf_client is one connection to the reflector. It is not thread-safe:
 * use one per thread. Asynchronous completions are delivered from inside
 * wudf_poll() or any synchronous call on the same client.
 */
#ifndef OPENWUDF_CLIENT_H
#define OPENWUDF_CLIENT_H

#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t wudf_handle;       /* an open file on a device, per client */
typedef uint64_t wudf_request_id;   /* an asynchronous request, per client */
typedef struct wudf_client wudf_client;

#define WUDF_INFINITE 0xffffffffu   /* no timeout */

/*
 * Connects to the reflector. endpoint NULL means the default: the
 * WUDF_ENDPOINT environment variable, else the endpoint inside
 * WUDF_RUNTIME_DIR, else the platform's default runtime directory.
 * On failure *client is still set (for wudf_client_error) unless out of
 * memory; free it with wudf_disconnect.
 */
wudf_status wudf_connect(const char *endpoint, wudf_client **client);
/* Closes every open file (cleanup + close in the driver) and disconnects. */
void wudf_disconnect(wudf_client *client);
const char *wudf_client_error(const wudf_client *client);
/* Default endpoint path this client would use (for messages). */
const char *wudf_default_endpoint(void);

/*
 * Opens a device by instance id ("ROOT\\ECHO\\0000") or by a symbolic link
 * the driver created ("\\\\.\\Echo0", "\\DosDevices\\Echo0"); text after the
 * link name ("\\\\.\\Echo0\\pipe1") reaches the driver as the file name.
 */
wudf_status wudf_open(wudf_client *client, const char *name, uint32_t timeout_ms, wudf_handle *file);
/* Cleanup then close, as CloseHandle does. */
wudf_status wudf_close(wudf_client *client, wudf_handle file);

/* Synchronous I/O. On timeout the request is cancelled and WUDF_STATUS_IO_TIMEOUT
 * or the driver's completion status is returned. */
wudf_status wudf_read(wudf_client *client, wudf_handle file, void *buffer, uint32_t length, uint64_t offset,
                      uint32_t *transferred, uint32_t timeout_ms);
wudf_status wudf_write(wudf_client *client, wudf_handle file, const void *buffer, uint32_t length,
                       uint64_t offset, uint32_t *transferred, uint32_t timeout_ms);
wudf_status wudf_ioctl(wudf_client *client, wudf_handle file, uint32_t code, const void *input,
                       uint32_t input_length, void *output, uint32_t output_length, uint32_t *returned,
                       uint32_t timeout_ms);

/* Asynchronous I/O: buffers must stay valid until the completion runs. */
typedef void (*wudf_completion)(wudf_client *client, wudf_request_id id, wudf_status status,
                                uint64_t information, void *context);
wudf_status wudf_read_async(wudf_client *client, wudf_handle file, void *buffer, uint32_t length,
                            uint64_t offset, wudf_completion done, void *context, wudf_request_id *id);
wudf_status wudf_write_async(wudf_client *client, wudf_handle file, const void *buffer, uint32_t length,
                             uint64_t offset, wudf_completion done, void *context, wudf_request_id *id);
wudf_status wudf_ioctl_async(wudf_client *client, wudf_handle file, uint32_t code, const void *input,
                             uint32_t input_length, void *output, uint32_t output_length,
                             wudf_completion done, void *context, wudf_request_id *id);
/* Asks for cancellation; the request still completes once, usually with WUDF_STATUS_CANCELLED. */
wudf_status wudf_cancel(wudf_client *client, wudf_request_id id);
/* Runs completions for up to timeout_ms; returns how many ran, or -1 if the connection is lost. */
int wudf_poll(wudf_client *client, uint32_t timeout_ms);
/* Requests issued and not yet completed. */
uint32_t wudf_outstanding(const wudf_client *client);

#ifdef __cplusplus
}
#endif

#endif
