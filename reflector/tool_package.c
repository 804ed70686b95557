/*
 * Driver packages, as the Windows driver store keeps them: every `wudfctl install` adds its INF
 * (pnputil /add-driver), once for the same bytes (dp_add compares the files, not their names), with
 * the hardware id of each of its models lines. A USB device binds to a package through any of its
 * models lines (usb_pnp.c); a root-enumerated device is created only for the id an install names
 * (devcon install). `wudfctl packages` lists them (pnputil /enum-drivers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inf.h"
#include "log.h"
#include "reflector.h"

/* Whether the stored copy of p holds exactly these bytes. */
static int same_inf(const wudf_package *p, const char *data, size_t length)
{
    char dir[WUDF_PATH_MAX], path[WUDF_PATH_MAX];
    char *stored;
    size_t stored_length;
    wudf_error err;
    if (wudf_path_join(dir, sizeof dir, g_reflector->config.state_dir, "inf", &err) ||
        wudf_path_join(path, sizeof path, dir, p->inf_name, &err) ||
        wudf_read_file(path, WUDF_INF_MAX_FILE_SIZE, &stored, &stored_length, &err))
        return 0;
    int same = stored_length == length && memcmp(stored, data, length) == 0;
    free(stored);
    return same;
}

int wudf_package_stage(const char *inf_path, const wudf_inf *inf, const char *hwid, wudf_package **out,
                       int *added, wudf_error *err)
{
    *out = NULL;
    *added = 0;
    if (strlen(hwid) >= sizeof((wudf_package *)0)->hardware_id)
        return wudf_error_set(err, WUDF_ETOOBIG, "hardware id too long");
    char *data;
    size_t length;
    int rc = wudf_read_file(inf_path, WUDF_INF_MAX_FILE_SIZE, &data, &length, err);
    if (rc)
        return rc;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->packages) {
        wudf_package *p = WUDF_CONTAINER_OF(pos, wudf_package, link);
        if (same_inf(p, data, length)) {
            free(data);
            *out = p;
            return 0;
        }
    }
    wudf_package *p = calloc(1, sizeof *p);
    rc = p ? wudf_inf_hardware_ids(inf, WUDF_INF_PLATFORM, p->hardware_ids, sizeof p->hardware_ids, NULL, err)
           : wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    if (!rc)
        rc = wudf_store_inf_data(data, length, p->inf_name, sizeof p->inf_name, err);
    free(data);
    if (rc) {
        free(p);
        return rc;
    }
    snprintf(p->hardware_id, sizeof p->hardware_id, "%s", hwid);
    snprintf(p->inf_origin, sizeof p->inf_origin, "%s", inf_path);
    wudf_list_add_tail(&g_reflector->packages, &p->link);
    char origin[2 * WUDF_PATH_MAX + 3], ids[600], quoted[2 * sizeof ids + 3];
    wudf_package_ids_text(p, ids, sizeof ids);
    wudf_log(WUDF_LOG_INFO, "package-added", "inf=%s origin=%s hardware_ids=%s", p->inf_name,
             wudf_log_quote(origin, sizeof origin, p->inf_origin), wudf_log_quote(quoted, sizeof quoted, ids));
    *out = p;
    *added = 1;
    return 0;
}

void wudf_package_ids_text(const wudf_package *p, char *buf, size_t size)
{
    size_t w = 0;
    const char *s = p->hardware_ids;
    if (size < 4) {
        if (size)
            buf[0] = '\0';
        return;
    }
    for (; *s && w + 5 < size; s++) {
        buf[w++] = *s;
        if (*s == ',')
            buf[w++] = ' ';
    }
    if (*s) {
        memcpy(buf + w, "...", 3);
        w += 3;
    }
    buf[w] = '\0';
}

void wudf_tool_packages(wudf_conn *c, uint64_t irp_id)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    int rc = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->packages) {
        wudf_package *p = WUDF_CONTAINER_OF(pos, wudf_package, link);
        rc = rc ? rc : wudf_kv_add(&kv, "package", p->inf_name, &err);
        rc = rc ? rc : wudf_kv_add(&kv, "inf_origin", p->inf_origin, &err);
        rc = rc ? rc : wudf_kv_add(&kv, "hardware_ids", p->hardware_ids, &err);
        rc = rc ? rc : wudf_kv_add(&kv, "installed_for", p->hardware_id, &err);
        wudf_list *dpos, *dtmp;
        WUDF_LIST_FOREACH_SAFE(dpos, dtmp, &g_reflector->devnodes) {
            wudf_devnode *d = WUDF_CONTAINER_OF(dpos, wudf_devnode, link);
            if (!rc && strcmp(d->inf_name, p->inf_name) == 0)
                rc = wudf_kv_add(&kv, "device", d->instance_id, &err);
        }
    }
    if (rc)
        wudf_tool_reply(c, irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message, NULL);
    else
        wudf_conn_send_kv(c, WUDF_MSG_TOOL_REPLY, WUDF_STATUS_SUCCESS, irp_id, &kv);
    wudf_kv_free(&kv);
}
