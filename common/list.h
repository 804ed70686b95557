/* Intrusive doubly-linked lists: an object can sit on several lists without allocation. */
#ifndef OPENWUDF_COMMON_LIST_H
#define OPENWUDF_COMMON_LIST_H

#include <stddef.h>

typedef struct wudf_list {
    struct wudf_list *next;
    struct wudf_list *prev;
} wudf_list;

#define WUDF_CONTAINER_OF(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

static inline void wudf_list_init(wudf_list *l)
{
    l->next = l->prev = l;
}

static inline int wudf_list_empty(const wudf_list *l)
{
    return l->next == l;
}

static inline void wudf_list_add_tail(wudf_list *head, wudf_list *item)
{
    item->prev = head->prev;
    item->next = head;
    head->prev->next = item;
    head->prev = item;
}

/* Removes item and leaves it self-linked, so removing twice is harmless. */
static inline void wudf_list_remove(wudf_list *item)
{
    item->prev->next = item->next;
    item->next->prev = item->prev;
    wudf_list_init(item);
}

#define WUDF_LIST_FOREACH_SAFE(pos, tmp, head) \
    for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); (pos) = (tmp), (tmp) = (pos)->next)

#endif
