/*
 * Who may do what. Every open is checked against the device's ACL with the
 * credentials the client had when it connected; administrators (root, the
 * reflector's own user; on Windows Administrators and SYSTEM) may open any
 * device, as SYSTEM may on Windows. Tool operations that change the device
 * tree are for administrators only; anyone who can connect may read status.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "platform.h"
#include "log.h"
#include "reflector.h"

#define ACL_MAX_ENTRIES 16
#define ACL_MAX_NAME 64

/* The entry "drivers": every host, for its remote I/O targets (UMDF's SDDL_USER_MODE_DRIVERS, "UD"). */
#define ACL_DRIVERS 3

/* Splits "kind:name" in place; returns the kind or -1. "everyone" and "drivers" have no name. */
static int parse_entry(char *entry, char **name)
{
    *name = NULL;
    if (strcmp(entry, "everyone") == 0)
        return 2;
    if (strcmp(entry, "drivers") == 0)
        return ACL_DRIVERS;
    char *colon = strchr(entry, ':');
    if (!colon)
        return -1;
    *colon = '\0';
    *name = colon + 1;
    if (strcmp(entry, "user") == 0)
        return WUDF_ACCOUNT_USER;
    if (strcmp(entry, "group") == 0)
        return WUDF_ACCOUNT_GROUP;
    return -1;
}

/* The next comma-separated entry of *cursor (cut in place), or NULL at the end. */
static char *next_entry(char **cursor)
{
    char *start = *cursor;
    if (!start)
        return NULL;
    char *comma = strchr(start, ',');
    if (comma)
        *comma = '\0';
    *cursor = comma ? comma + 1 : NULL;
    return start;
}

static void trim(char **s)
{
    while (isspace((unsigned char)**s))
        (*s)++;
    size_t n = strlen(*s);
    while (n && isspace((unsigned char)(*s)[n - 1]))
        (*s)[--n] = '\0';
}

static int valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > ACL_MAX_NAME)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == ',' || name[i] == ':')
            return 0;
    return 1;
}

int wudf_acl_normalize(const char *text, char *out, size_t size, wudf_error *err)
{
    char copy[WUDF_ACL_MAX];
    if (strlen(text) >= sizeof copy)
        return wudf_error_set(err, WUDF_ETOOBIG, "access list is longer than %d bytes", WUDF_ACL_MAX - 1);
    snprintf(copy, sizeof copy, "%s", text);
    out[0] = '\0';
    size_t used = 0;
    unsigned count = 0;
    char *cursor = copy;
    for (char *tok; (tok = next_entry(&cursor)) != NULL;) {
        trim(&tok);
        if (!*tok)
            continue;
        char shown[WUDF_ACL_MAX];
        snprintf(shown, sizeof shown, "%s", tok);
        char *name;
        int kind = parse_entry(tok, &name);
        if (kind < 0)
            return wudf_error_set(err, WUDF_EINVAL, "access entry '%s' is not user:NAME, group:NAME or everyone",
                                  shown);
        if (name) {
            trim(&name);
            if (!valid_name(name))
                return wudf_error_set(err, WUDF_EINVAL, "access entry '%s': bad account name", shown);
            int rc = wudf_account_exists((wudf_account_kind)kind, name, err);
            if (rc)
                return rc;
        }
        if (++count > ACL_MAX_ENTRIES)
            return wudf_error_set(err, WUDF_ETOOBIG, "more than %d access entries", ACL_MAX_ENTRIES);
        int n = name ? snprintf(out + used, size - used, "%s%s:%s", used ? "," : "",
                                kind == WUDF_ACCOUNT_USER ? "user" : "group", name)
                     : snprintf(out + used, size - used, "%s%s", used ? "," : "",
                                kind == ACL_DRIVERS ? "drivers" : "everyone");
        if (n < 0 || (size_t)n >= size - used)
            return wudf_error_set(err, WUDF_ETOOBIG, "access list too long");
        used += (size_t)n;
    }
    return 0;
}

/* 1 if the peer matches one entry of a normalized list; host: the peer is a host (remote.c). */
static int acl_matches(const char *acl, const wudf_peer *peer, int host)
{
    char copy[WUDF_ACL_MAX];
    snprintf(copy, sizeof copy, "%s", acl);
    char *cursor = copy;
    for (char *tok; (tok = next_entry(&cursor)) != NULL;) {
        char *name;
        int kind = parse_entry(tok, &name);
        if (kind == 2 || (kind == ACL_DRIVERS && host) || (kind == WUDF_ACCOUNT_USER && wudf_peer_is_user(peer, name)) ||
            (kind == WUDF_ACCOUNT_GROUP && wudf_peer_in_group(peer, name)))
            return 1;
    }
    return 0;
}

int wudf_access_may_see(const wudf_conn *c, const wudf_devnode *d)
{
    /* A host opening another device is checked with its own account, never as an administrator (UMDF runs
     * hosts as LocalService); without a list of its own a device admits hosts, as Windows' default device
     * security admits LocalService. */
    int host = wudf_remote_conn_is_host(c);
    if (!host && wudf_peer_is_admin(&c->peer))
        return 1;
    const char *group = g_reflector->config.device_group;
    return d->acl[0] ? acl_matches(d->acl, &c->peer, host) : host || (group[0] && wudf_peer_in_group(&c->peer, group));
}

int wudf_access_may_open(const wudf_conn *c, const wudf_devnode *d)
{
    int allowed = wudf_access_may_see(c, d);
    if (!allowed) {
        int host = wudf_remote_conn_is_host(c);
        char user[300], acl[WUDF_ACL_MAX + 64];
        wudf_peer_user_name(&c->peer, user, sizeof user);
        wudf_access_describe(d, acl, sizeof acl);
        char q1[320], q2[sizeof acl + 16];
        wudf_log(WUDF_LOG_WARN, "open-denied",
                 "device=%s state=%s status=STATUS_ACCESS_DENIED pid=%lld user=%s access=%s host=%d",
                 d->instance_id, wudf_devnode_state_name(d), (long long)c->peer.pid,
                 wudf_log_quote(q1, sizeof q1, user), wudf_log_quote(q2, sizeof q2, acl), host);
    }
    return allowed;
}

int wudf_access_may_change(const wudf_conn *c, const char *op)
{
    if (strcmp(op, "status") == 0 || strcmp(op, "info") == 0 || strcmp(op, "packages") == 0 ||
        strcmp(op, "interfaces") == 0 || strcmp(op, "events") == 0 || wudf_peer_is_admin(&c->peer))
        return 1;
    char user[300], q[320];
    wudf_peer_user_name(&c->peer, user, sizeof user);
    wudf_log(WUDF_LOG_WARN, "tool-denied", "op=%s status=STATUS_ACCESS_DENIED pid=%lld user=%s", op,
             (long long)c->peer.pid, wudf_log_quote(q, sizeof q, user));
    return 0;
}

/* What entry cannot do, in words, or NULL when its accounts reach wudfrd. Through the FUSE mount
 * everyone reaches the device files and the ACL decides alone, so nothing is lost then. */
static const char *unreachable_note(int kind, const char *name, char *note, size_t size)
{
    const wudf_config *cfg = &g_reflector->config;
    if (kind == ACL_DRIVERS)
        return NULL; /* hosts reach wudfrd on their own channels */
    if (cfg->kernel_mount[0] || wudf_account_may_connect((wudf_account_kind)kind, name, cfg->device_group))
        return NULL;
    const char *group = cfg->device_group[0] ? cfg->device_group : NULL;
    if (kind == WUDF_ACCOUNT_USER)
        snprintf(note, size, "cannot connect: not in %s%s", group ? "group " : "wudfrd's group", group ? group : "");
    else if (group)
        snprintf(note, size, "only those in group %s can connect", group);
    else
        snprintf(note, size, "only those in wudfrd's group can connect");
    return note;
}

void wudf_access_describe(const wudf_devnode *d, char *buf, size_t size)
{
    const char *group = g_reflector->config.device_group;
    if (!d->acl[0]) {
        if (group[0])
            snprintf(buf, size, "administrators,group:%s (default)", group);
        else
            snprintf(buf, size, "administrators (default)");
        return;
    }
    /* Each entry as set, and a note where the accounts it names cannot reach the endpoint at all. */
    size_t used = (size_t)snprintf(buf, size, "administrators");
    char copy[WUDF_ACL_MAX];
    snprintf(copy, sizeof copy, "%s", d->acl);
    char *cursor = copy;
    for (char *tok; (tok = next_entry(&cursor)) != NULL && used < size;) {
        char shown[WUDF_ACL_MAX], note[160];
        snprintf(shown, sizeof shown, "%s", tok);
        char *name;
        int kind = parse_entry(tok, &name);
        const char *why = kind < 0 ? NULL : unreachable_note(kind, name, note, sizeof note);
        int n = why ? snprintf(buf + used, size - used, ",%s (%s)", shown, why)
                    : snprintf(buf + used, size - used, ",%s", shown);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

void wudf_access_log_unreachable(const wudf_devnode *d)
{
    char copy[WUDF_ACL_MAX];
    snprintf(copy, sizeof copy, "%s", d->acl);
    char *cursor = copy;
    for (char *tok; (tok = next_entry(&cursor)) != NULL;) {
        char shown[WUDF_ACL_MAX], note[160], q[200];
        snprintf(shown, sizeof shown, "%s", tok);
        char *name;
        int kind = parse_entry(tok, &name);
        const char *why = kind < 0 ? NULL : unreachable_note(kind, name, note, sizeof note);
        if (why)
            wudf_log(WUDF_LOG_WARN, "access-entry-unreachable", "device=%s entry=%s reason=%s", d->instance_id, shown,
                     wudf_log_quote(q, sizeof q, why));
    }
}
