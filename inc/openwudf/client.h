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
 * memory; free it with wudf_disconnect. WUDF_STATUS_ACCESS_DENIED: this
 * user may not connect (the endpoint's permissions, or the reflector
 * refused); WUDF_STATUS_OBJECT_NAME_NOT_FOUND: nothing listens there.
 */
wudf_status wudf_connect(const char *endpoint, wudf_client **client);
/* Closes every open file (cleanup + close in the driver) and disconnects. */
void wudf_disconnect(wudf_client *client);
const char *wudf_client_error(const wudf_client *client);
/* Default endpoint path this client would use (for messages). */
const char *wudf_default_endpoint(void);

/*
 * Opens a device by instance id ("ROOT\\ECHO\\0000"), by a symbolic link
 * the driver created ("\\\\.\\Echo0", "\\DosDevices\\Echo0") or by the path of
 * one of its device interfaces (wudf_get_device_interface_list); text after the
 * link name ("\\\\.\\Echo0\\pipe1") or the interface's name (its reference
 * string) reaches the driver as the file name.
 */
wudf_status wudf_open(wudf_client *client, const char *name, uint32_t timeout_ms, wudf_handle *file);
/* Cleanup then close, as CloseHandle does. */
wudf_status wudf_close(wudf_client *client, wudf_handle file);

/*
 * Device interfaces, as CM_Get_Device_Interface_List finds them: the paths of the interfaces of class
 * interface_guid ("{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}"; the braces may be left out, any case)
 * of devices whose access list admits the caller, such as \\?\ROOT#ECHO#0000#{6E3B2A9C-...}, with \reference after it
 * when the driver gave the interface a reference string. wudf_open opens such a path; the reference
 * string and what follows reach the driver as the file name.
 *   WUDF_INTERFACE_LIST_PRESENT      the interfaces enabled on running devices (DIGCF_PRESENT)
 *   WUDF_INTERFACE_LIST_ALL_DEVICES  every registered one, also of disabled, stopped or failed devices
 * The list is a multi-string in buffer: each path with its terminating NUL, then one more NUL; an empty
 * list is a single NUL. *required gets its size in bytes. A buffer of NULL and length 0 asks for the
 * size only (WUDF_STATUS_SUCCESS); a buffer too small gives WUDF_STATUS_BUFFER_TOO_SMALL and an empty
 * list in it when length is at least 1. Devices may come and go between two calls: ask again then.
 * A malformed GUID or unknown flags give WUDF_STATUS_INVALID_PARAMETER; no answer from the reflector
 * within timeout_ms, WUDF_STATUS_IO_TIMEOUT.
 */
#define WUDF_INTERFACE_LIST_PRESENT 0x0u
#define WUDF_INTERFACE_LIST_ALL_DEVICES 0x1u
wudf_status wudf_get_device_interface_list(wudf_client *client, const char *interface_guid, uint32_t flags,
                                           char *buffer, uint32_t length, uint32_t *required,
                                           uint32_t timeout_ms);

/*
 * A device's custom events: what its driver posts with IWDFDevice::PostEvent, as an application gets them
 * as DBT_CUSTOMEVENT after RegisterDeviceNotification with DBT_DEVTYP_HANDLE on an open handle. Register on
 * one of this client's open files; from then on each event of that file's device is kept (in order, up to
 * 256 untaken; later ones are lost, as Windows does not promise delivery either) until
 * wudf_get_custom_event takes it. wudf_close ends the registration and drops what waits for it.
 *   register:   WUDF_STATUS_INVALID_HANDLE for a file that is not open; WUDF_STATUS_INSUFFICIENT_RESOURCES
 *               beyond 64 registrations of a client; registering twice is no error.
 *   unregister: WUDF_STATUS_INVALID_HANDLE when the file was not registered; events still waiting stay.
 *   get:        waits up to timeout_ms for an event: WUDF_STATUS_SUCCESS with *event filled and its
 *               event->size bytes in data; WUDF_STATUS_BUFFER_TOO_SMALL with *event filled and nothing
 *               taken (ask again with event->size bytes); WUDF_STATUS_IO_TIMEOUT when none came;
 *               WUDF_STATUS_PIPE_BROKEN once the connection is lost and nothing waits.
 * Events arrive while any call on the client runs the connection (wudf_poll, synchronous calls).
 */
#define WUDF_CUSTOM_EVENT_MAX_DATA 65499u /* PostEvent's bound: 0xFFFF - FIELD_OFFSET(..., CustomDataBuffer) */
typedef struct wudf_custom_event {
    wudf_handle file;    /* the registered file whose device posted it */
    char guid[39];       /* the event's GUID, "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" */
    int32_t name_offset; /* NameBufferOffset: where a string starts in the data; -1, PostEvent posts none */
    uint32_t size;       /* bytes of data */
} wudf_custom_event;
wudf_status wudf_register_custom_events(wudf_client *client, wudf_handle file, uint32_t timeout_ms);
wudf_status wudf_unregister_custom_events(wudf_client *client, wudf_handle file, uint32_t timeout_ms);
wudf_status wudf_get_custom_event(wudf_client *client, wudf_custom_event *event, void *data, uint32_t length,
                                  uint32_t timeout_ms);

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
