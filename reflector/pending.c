/* The pending-IRP table: every IRP sent to a host and not yet completed, by id. */
#include <stdlib.h>

#include "reflector.h"

static size_t bucket(const wudf_reflector *r, uint64_t id)
{
    return (size_t)((id * 0x9E3779B97F4A7C15ull) >> 32) & (r->pending_buckets - 1);
}

static int grow(wudf_reflector *r)
{
    size_t n = r->pending_buckets ? r->pending_buckets * 2 : 256;
    wudf_pending **table = calloc(n, sizeof *table);
    if (!table)
        return -1;
    for (size_t i = 0; i < r->pending_buckets; i++) {
        wudf_pending *p = r->pending_hash[i];
        while (p) {
            wudf_pending *next = p->hash_next;
            size_t b = (size_t)((p->id * 0x9E3779B97F4A7C15ull) >> 32) & (n - 1);
            p->hash_next = table[b];
            table[b] = p;
            p = next;
        }
    }
    free(r->pending_hash);
    r->pending_hash = table;
    r->pending_buckets = n;
    return 0;
}

wudf_pending *wudf_pending_new(wudf_reflector *r, wudf_host *h, wudf_conn *c, uint64_t client_irp_id)
{
    if ((r->pending_count + 1) * 2 > r->pending_buckets && grow(r))
        return NULL;
    wudf_pending *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->id = ++r->next_irp_id;
    p->host = h;
    p->conn = c;
    p->client_irp_id = client_irp_id;
    p->sent_ms = wudf_now_ms();
    wudf_list_init(&p->conn_link);
    wudf_list_add_tail(&h->pending, &p->host_link);
    if (c)
        wudf_list_add_tail(&c->pending, &p->conn_link);
    size_t b = bucket(r, p->id);
    p->hash_next = r->pending_hash[b];
    r->pending_hash[b] = p;
    r->pending_count++;
    if (h->devnode)
        h->devnode->pending++;
    return p;
}

wudf_pending *wudf_pending_find(wudf_reflector *r, uint64_t id)
{
    if (!r->pending_buckets)
        return NULL;
    for (wudf_pending *p = r->pending_hash[bucket(r, id)]; p; p = p->hash_next)
        if (p->id == id)
            return p;
    return NULL;
}

wudf_pending *wudf_pending_find_client(wudf_conn *c, uint64_t client_irp_id)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &c->pending) {
        wudf_pending *p = WUDF_CONTAINER_OF(pos, wudf_pending, conn_link);
        if (p->client_irp_id == client_irp_id)
            return p;
    }
    return NULL;
}

void wudf_pending_free(wudf_reflector *r, wudf_pending *p)
{
    wudf_pending **pp = &r->pending_hash[bucket(r, p->id)];
    while (*pp && *pp != p)
        pp = &(*pp)->hash_next;
    if (*pp)
        *pp = p->hash_next;
    r->pending_count--;
    wudf_list_remove(&p->host_link);
    wudf_list_remove(&p->conn_link);
    if (p->host && p->host->devnode && p->host->devnode->pending)
        p->host->devnode->pending--;
    free(p);
}
