/*
 * Who a host runs as. When wudfrd runs as root on Linux, every host gets a uid/gid pair of its own
 * from --host-uid-range, as systemd's DynamicUser gives a service one: taken when the host is
 * spawned, given back once its process has exited, never one that belongs to an account or a
 * group. Hosts then cannot signal, trace or read one another by their user. --host-user NAME runs
 * every host as that one user instead; elsewhere hosts keep the reflector's identity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "reflector.h"

static int64_t range_size(const wudf_host_ids *ids)
{
    return ids->last - ids->first + 1;
}

static int pool_init(wudf_host_ids *ids, int64_t first, int64_t last, wudf_error *err)
{
    if (first < 1 || last < first || last - first >= WUDF_HOST_IDS_MAX)
        return wudf_error_set(err, WUDF_EINVAL, "host uid range %lld-%lld is not 1 or more ids, at most %d",
                              (long long)first, (long long)last, WUDF_HOST_IDS_MAX);
    ids->first = first;
    ids->last = last;
    ids->next = first;
    ids->taken = calloc((size_t)range_size(ids), 1);
    if (!ids->taken)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory for the host uid range");
    return 0;
}

/* The next free id after the last one given, so that a recycled host does not get the id of the
 * host it replaces. */
static int pool_take(wudf_host_ids *ids, int64_t *id, wudf_error *err)
{
    int64_t size = range_size(ids);
    for (int64_t i = 0; i < size; i++) {
        int64_t candidate = ids->first + (ids->next - ids->first + i) % size;
        if (ids->taken[candidate - ids->first] || wudf_account_id_exists(candidate))
            continue;
        ids->taken[candidate - ids->first] = 1;
        ids->in_use++;
        ids->next = candidate + 1 > ids->last ? ids->first : candidate + 1;
        *id = candidate;
        return 0;
    }
    return wudf_error_set(err, WUDF_ETOOBIG,
                          "no host identity is free in %lld-%lld (--host-uid-range): %u held by running hosts, "
                          "the others belong to accounts or groups",
                          (long long)ids->first, (long long)ids->last, ids->in_use);
}

static void pool_give_back(wudf_host_ids *ids, int64_t id)
{
    if (!ids->taken || id < ids->first || id > ids->last || !ids->taken[id - ids->first])
        return;
    ids->taken[id - ids->first] = 0;
    ids->in_use--;
}

/* The program and the drivers must be reachable by whoever hosts run as. */
static int check_reach(wudf_reflector *r, int64_t uid, int64_t gid, wudf_error *err)
{
    const char *paths[] = {r->config.host_path, r->config.driver_dir, NULL};
    return wudf_account_can_reach(uid, gid, paths, err);
}

int wudf_host_ids_setup(wudf_reflector *r, wudf_error *err)
{
    wudf_config *cfg = &r->config;
    if (cfg->host_user[0]) {
        int rc = wudf_account_host_ids(cfg->host_user, &r->host_drop, &r->host_uid, &r->host_gid, err);
        return rc || !r->host_drop ? rc : check_reach(r, r->host_uid, r->host_gid, err);
    }
    r->host_uid = r->host_gid = -1;
    if (!wudf_account_can_give_ids())
        return 0;
    if (!cfg->host_uid_first && !cfg->host_uid_last) {
        cfg->host_uid_first = WUDF_HOST_UID_FIRST;
        cfg->host_uid_last = WUDF_HOST_UID_LAST;
    }
    int64_t sample = -1;
    int rc = pool_init(&r->host_ids, cfg->host_uid_first, cfg->host_uid_last, err);
    if (!rc)
        rc = pool_take(&r->host_ids, &sample, err);
    if (rc)
        return rc;
    /* Every id of the range is an "other" without groups: one stands for all, checked before any host starts. */
    rc = check_reach(r, sample, sample, err);
    pool_give_back(&r->host_ids, sample);
    r->host_drop = 1;
    r->host_ids_each = 1;
    return rc;
}

void wudf_host_ids_free(wudf_reflector *r)
{
    free(r->host_ids.taken);
    memset(&r->host_ids, 0, sizeof r->host_ids);
}

int wudf_host_ids_take(wudf_reflector *r, wudf_host *h, wudf_error *err)
{
    h->uid = r->host_uid;
    h->gid = r->host_gid;
    if (!r->host_ids_each)
        return 0;
    int64_t id = -1;
    int rc = pool_take(&r->host_ids, &id, err);
    if (rc)
        return rc;
    h->uid = h->gid = id;
    h->own_ids = 1;
    /* Not checked again here: every id of the range reaches what the one checked at setup reaches (an
     * "other" without groups), and the check forks and waits, which the loop must not do per spawn. */
    return 0;
}

void wudf_host_ids_give_back(wudf_reflector *r, wudf_host *h)
{
    if (!h->own_ids)
        return;
    pool_give_back(&r->host_ids, h->uid);
    h->own_ids = 0;
}
