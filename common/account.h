/*
 * Accounts and access checks for device ACLs: does an account exist, is a
 * connected peer a given user, a member of a given group, an administrator.
 * Linux answers from the peer's credentials (SO_PEERCRED/SO_PEERGROUPS),
 * Windows from its access token (CheckTokenMembership).
 */
#ifndef OPENWUDF_ACCOUNT_H
#define OPENWUDF_ACCOUNT_H

#include "error.h"
#include "platform.h"

typedef enum wudf_account_kind { WUDF_ACCOUNT_USER, WUDF_ACCOUNT_GROUP } wudf_account_kind;

/* 0 if the account exists; WUDF_ENOTFOUND with a message if not. */
int wudf_account_exists(wudf_account_kind kind, const char *name, wudf_error *err);
/* 1 if the peer is that user / a member of that group, 0 otherwise (also when unknown). */
int wudf_peer_is_user(const wudf_peer *peer, const char *name);
int wudf_peer_in_group(const wudf_peer *peer, const char *name);
/* 1 if the peer runs as an administrator (root; Windows: Administrators or SYSTEM) or as the
 * same user as this process: the people who may install drivers and open any device. */
int wudf_peer_is_admin(const wudf_peer *peer);
/* The ids a host runs as: *drop = 1 with user's uid and primary group when this process runs as
 * root (POSIX); *drop = 0 otherwise (not root, user is root, or Windows). */
int wudf_account_host_ids(const char *user, int *drop, int64_t *uid, int64_t *gid, wudf_error *err);
/* 0 if a process running as uid/gid can read and search every path that exists (NULL-terminated
 * list);
 * otherwise an error naming the first it cannot reach. Checked before hosts are started as
 * another user, so that a bad setup fails at once with a clear message. */
int wudf_account_can_reach(int64_t uid, int64_t gid, const char *const *paths, wudf_error *err);
/* Gives a USB device's node to the user a host runs as, so that the host, not the reflector, opens
 * it (Linux: /dev/bus/usb/BBB/DDD, owner uid and mode 0600; elsewhere nothing to do). */
int wudf_account_give_usb_device(unsigned bus, unsigned address, int64_t uid, int64_t gid, wudf_error *err);
/* The peer's user name for logs ("uid 1000" / "?" when it has none). */
void wudf_peer_user_name(const wudf_peer *peer, char *buf, size_t size);

#endif
