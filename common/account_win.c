/* Account checks on Windows: names resolve to SIDs, tested against the peer's token. */
#include "platform.h"

#include <stdio.h>
#include <windows.h>

/* The SID of an account name, in buf (SECURITY_MAX_SID_SIZE bytes); 0 or -1. */
static int lookup_sid(const char *name, BYTE *buf, SID_NAME_USE *use)
{
    DWORD sid_size = SECURITY_MAX_SID_SIZE;
    char domain[256];
    DWORD domain_size = sizeof domain;
    return LookupAccountNameA(NULL, name, buf, &sid_size, domain, &domain_size, use) ? 0 : -1;
}

int wudf_account_exists(wudf_account_kind kind, const char *name, wudf_error *err)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    SID_NAME_USE use;
    if (lookup_sid(name, sid, &use) == 0)
        return 0;
    return wudf_error_set(err, WUDF_ENOTFOUND, "no %s named '%s' (error %lu)",
                          kind == WUDF_ACCOUNT_USER ? "user" : "group", name, GetLastError());
}

/* 1 if the token's user is sid. */
static int token_user_is(HANDLE token, PSID sid)
{
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD len = 0;
    if (!GetTokenInformation(token, TokenUser, buf, sizeof buf, &len))
        return 0;
    return EqualSid(((TOKEN_USER *)buf)->User.Sid, sid) ? 1 : 0;
}

int wudf_account_may_connect(wudf_account_kind kind, const char *name, const char *endpoint_group)
{
    /* The pipe keeps Windows' default security; whether a non-administrator may write to it is for the
     * system to decide (docs/security.md). */
    (void)kind, (void)name, (void)endpoint_group;
    return 1;
}

int wudf_peer_is_user(const wudf_peer *peer, const char *name)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    SID_NAME_USE use;
    return peer->token && lookup_sid(name, sid, &use) == 0 && token_user_is(peer->token, sid);
}

int wudf_peer_in_group(const wudf_peer *peer, const char *name)
{
    BYTE sid[SECURITY_MAX_SID_SIZE];
    SID_NAME_USE use;
    BOOL member = FALSE;
    if (!peer->token || lookup_sid(name, sid, &use) != 0)
        return 0;
    return CheckTokenMembership(peer->token, sid, &member) && member;
}

int wudf_peer_is_admin(const wudf_peer *peer)
{
    if (!peer->token)
        return 0;
    BYTE admins[SECURITY_MAX_SID_SIZE], system[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof admins;
    BOOL member = FALSE;
    if (CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, admins, &size) &&
        CheckTokenMembership(peer->token, admins, &member) && member)
        return 1;
    size = sizeof system;
    if (CreateWellKnownSid(WinLocalSystemSid, NULL, system, &size) && token_user_is(peer->token, system))
        return 1;
    /* The same user as the reflector. */
    HANDLE self = NULL;
    int same = 0;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &self)) {
        BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
        DWORD len = 0;
        if (GetTokenInformation(self, TokenUser, buf, sizeof buf, &len))
            same = token_user_is(peer->token, ((TOKEN_USER *)buf)->User.Sid);
        CloseHandle(self);
    }
    return same;
}

void wudf_peer_user_name(const wudf_peer *peer, char *buf, size_t size)
{
    BYTE info[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD len = 0;
    char name[256], domain[256];
    DWORD name_size = sizeof name, domain_size = sizeof domain;
    SID_NAME_USE use;
    if (peer->token && GetTokenInformation(peer->token, TokenUser, info, sizeof info, &len) &&
        LookupAccountSidA(NULL, ((TOKEN_USER *)info)->User.Sid, name, &name_size, domain, &domain_size, &use))
        snprintf(buf, size, "%s\\%s", domain, name);
    else
        snprintf(buf, size, "?");
}

int wudf_account_host_ids(const char *user, int *drop, int64_t *uid, int64_t *gid, wudf_error *err)
{
    /* Hosts run with the reflector's token; a service account is chosen by how wudfrd runs. */
    (void)user;
    (void)err;
    *drop = 0;
    *uid = *gid = -1;
    return 0;
}

int wudf_account_can_give_ids(void)
{
    return 0; /* hosts keep the reflector's token */
}

int wudf_account_id_exists(int64_t id)
{
    (void)id;
    return 1; /* nothing to hand out */
}

int wudf_account_can_reach(int64_t uid, int64_t gid, const char *const *paths, wudf_error *err)
{
    (void)uid;
    (void)gid;
    (void)paths;
    (void)err;
    return 0;
}

int wudf_account_give_usb_device(unsigned bus, unsigned address, int64_t uid, int64_t gid, wudf_error *err)
{
    /* WinUSB devices are opened with the host's token; nothing to hand over. */
    (void)bus;
    (void)address;
    (void)uid;
    (void)gid;
    (void)err;
    return 0;
}
