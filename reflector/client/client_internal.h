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
/* Drops the connection at once, without waiting for the cleanup and close of its open files: the
 * reflector runs them as it does for a client that died. For a tool whose time is up. */
void wudf_client_abandon(wudf_client *client);

#endif
