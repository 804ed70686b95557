/* What the project's own tools use of the client library beyond inc/openwudf/client.h. */
#ifndef OPENWUDF_CLIENT_INTERNAL_H
#define OPENWUDF_CLIENT_INTERNAL_H

#include "openwudf/client.h"
#include "wire.h"

/* Connects with a given role (WUDF_ROLE_CLIENT or WUDF_ROLE_TOOL). */
wudf_status wudf_client_connect_role(const char *endpoint, int role, wudf_client **client);
/* Sends a tool request and waits for its reply (entries appended to reply). 0, or -1 with
 * wudf_client_error set. */
int wudf_client_tool(wudf_client *client, const wudf_kv *request, uint32_t timeout_ms, int32_t *status,
                     wudf_kv *reply);
/* A tool request answered in parts (op=events): each TOOL_REPLY with the request's id is one part,
 * information 1 while more follow, 0 on the last. open sends it (NULL with wudf_client_error set);
 * next waits up to timeout_ms for the next part: 1 with its status and entries (appended to part)
 * and *last, 0 when none came in time, -1 when the connection is lost. Close the stream before
 * disconnecting. */
typedef struct wudf_tool_stream wudf_tool_stream;
wudf_tool_stream *wudf_client_stream_open(wudf_client *client, const wudf_kv *request);
int wudf_client_stream_next(wudf_tool_stream *stream, uint32_t timeout_ms, int32_t *status, wudf_kv *part,
                            int *last);
void wudf_client_stream_close(wudf_tool_stream *stream);
/* Drops the connection at once, without waiting for the cleanup and close of its open files: the
 * reflector runs them as it does for a client that died. For a tool whose time is up. */
void wudf_client_abandon(wudf_client *client);
/* 1 once the connection is gone (the reflector closed it, or a write or read failed): requests then
 * end with WUDF_STATUS_PIPE_BROKEN. */
int wudf_client_lost(const wudf_client *client);

#endif
