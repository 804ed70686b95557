/*
 * IWDFIoRequest::Impersonate. UMDF checks the level against what the INF
 * (UmdfImpersonationLevel) and the client's handle allow, runs the driver's
 * OnImpersonate on the calling thread under the client's identity, reverts,
 * and returns. A host here cannot take its client's identity (it holds no
 * token of the client, by design: docs/architecture.md), so the checks are
 * UMDF's and the callback runs under the host's own identity, which the log
 * says each time.
 */
#include "framework.h"

#include <string.h>

#include "log.h"

#ifndef ERROR_BAD_IMPERSONATION_LEVEL
#define ERROR_BAD_IMPERSONATION_LEVEL 1346L
#endif

static const char *const level_names[] = {"Anonymous", "Identification", "Impersonation", "Delegation"};

int wudf_impersonation_level_parse(const char *text)
{
    for (int i = 0; text && i < (int)(sizeof level_names / sizeof level_names[0]); i++)
        if (strcmp(text, level_names[i]) == 0)
            return i;
    /* Microsoft Learn, "Specifying WDF Directives in INF Files": Identification unless the INF says otherwise. */
    if (text && *text)
        wudf_log(WUDF_LOG_WARN, "impersonation-level-unknown", "value=\"%.40s\" used=Identification", text);
    return SecurityIdentification;
}

/*
 * The most a client's handle allows. The wire carries no quality of service of
 * the client's CreateFile, so a client counts as having opened without
 * SECURITY_SQOS_PRESENT, which Windows takes as SecurityImpersonation.
 */
static int client_allows(void)
{
    return SecurityImpersonation;
}

HRESULT wudf_request_impersonate(wudf_request *r, SECURITY_IMPERSONATION_LEVEL level, IImpersonateCallback *callback,
                                 void *context)
{
    wudf_host *host = r->obj.host;
    /* As WdfRequestImpersonate (the UMDF 2 source): an unknown level or no callback is an invalid parameter. */
    if ((int)level < SecurityAnonymous || (int)level > SecurityDelegation || !callback)
        return E_INVALIDARG;
    uv_mutex_lock(&host->lock);
    int completed = r->state == REQUEST_COMPLETED;
    uv_mutex_unlock(&host->lock);
    /* Only a client's create, read, write or ioctl has a requestor to impersonate; a completed one has none left. */
    if (!r->from_reflector || completed)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    int allowed = host->impersonation_level < client_allows() ? host->impersonation_level : client_allows();
    if ((int)level > allowed) {
        wudf_log(WUDF_LOG_WARN, "impersonate-refused", "irp=%llu level=%s allowed=%s",
                 (unsigned long long)r->irp_id, level_names[level], level_names[allowed]);
        return HRESULT_FROM_WIN32(ERROR_BAD_IMPERSONATION_LEVEL);
    }
    wudf_log(WUDF_LOG_INFO, "impersonate", "irp=%llu level=%s allowed=%s identity=host-unchanged",
             (unsigned long long)r->irp_id, level_names[level], level_names[allowed]);
    IImpersonateCallback_OnImpersonate(callback, context);
    return S_OK;
}
