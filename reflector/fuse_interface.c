/*
 * The FUSE mount's by-interface view: by-interface/{GUID}/ holds one file per interface of that class
 * that is enabled on a started device, named as its path without the \\?\ (ROOT#ECHO#0000#{GUID}, with
 * \reference when it has one), so that a Linux program finds a device by its interface class as a
 * Windows program does with SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE | DIGCF_PRESENT). Opening one
 * opens the device through that path: the driver gets the reference string as the file name. Like the
 * root, it is computed from the live device tree at every lookup and listing.
 */
#include "fuse_endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "device_interface.h"

#define LINK_PREFIX 4 /* \\?\ */

/* A file name the kernel can take: no '/', not "." or "..", at most NAME_MAX bytes. */
static const char *file_name(const wudf_interface_info *itf)
{
    const char *name = itf->link + LINK_PREFIX;
    size_t n = strlen(name);
    return n && n <= WUDF_FUSE_NAME_MAX && !strchr(name, '/') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0
               ? name
               : NULL;
}

static int shown(const wudf_interface_info *itf)
{
    return itf->enabled && itf->devnode->state == WUDF_DN_STARTED && file_name(itf);
}

typedef struct classes {
    int (*fn)(const char *name, void *ctx);
    void *ctx;
    char (*seen)[WUDF_INF_GUID_SIZE];
    size_t count;
    int stopped;
} classes;

static int each_class(const wudf_interface_info *itf, void *ctx)
{
    classes *c = ctx;
    if (!shown(itf))
        return 0;
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->seen[i], itf->guid) == 0)
            return 0;
    if (c->count >= WUDF_INTERFACE_LIST_MAX)
        return 1;
    memcpy(c->seen[c->count++], itf->guid, WUDF_INF_GUID_SIZE);
    c->stopped = c->fn(itf->guid, c->ctx);
    return c->stopped;
}

void wudf_fuse_interface_classes(int (*fn)(const char *name, void *ctx), void *ctx)
{
    classes c = {fn, ctx, calloc(WUDF_INTERFACE_LIST_MAX, WUDF_INF_GUID_SIZE), 0, 0};
    if (c.seen)
        wudf_interface_each(NULL, 0, each_class, &c);
    free(c.seen);
}

static int any_shown(const wudf_interface_info *itf, void *ctx)
{
    *(int *)ctx = shown(itf);
    return *(int *)ctx;
}

int wudf_fuse_interface_class(const char *name, char guid[WUDF_INF_GUID_SIZE])
{
    /* Only the braced form, as listed: one directory has one name. */
    if (name[0] != '{' || wudf_interface_guid_parse(name, guid))
        return -1;
    int found = 0;
    wudf_interface_each(guid, 0, any_shown, &found);
    return found ? 0 : -1;
}

typedef struct files {
    int (*fn)(const char *name, void *ctx);
    void *ctx;
} files;

static int each_file(const wudf_interface_info *itf, void *ctx)
{
    files *f = ctx;
    return shown(itf) ? f->fn(file_name(itf), f->ctx) : 0;
}

void wudf_fuse_interface_files(const char *guid, int (*fn)(const char *name, void *ctx), void *ctx)
{
    files f = {fn, ctx};
    wudf_interface_each(guid, 0, each_file, &f);
}

typedef struct lookup {
    const char *name;
    char *spelling;
    size_t size;
    wudf_devnode *found;
} lookup;

static int find_file(const wudf_interface_info *itf, void *ctx)
{
    lookup *l = ctx;
    if (!shown(itf) || strcasecmp(file_name(itf), l->name) != 0)
        return 0;
    snprintf(l->spelling, l->size, "%s", file_name(itf));
    l->found = (wudf_devnode *)itf->devnode;
    return 1;
}

wudf_devnode *wudf_fuse_interface_find(const char *guid, const char *name, char *spelling, size_t size)
{
    lookup l = {name, spelling, size, NULL};
    wudf_interface_each(guid, 0, find_file, &l);
    return l.found;
}
