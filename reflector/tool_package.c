/*
 * Driver packages, as the Windows driver store keeps them: every `wudfctl install` adds its INF
 * (pnputil /add-driver), once for the same bytes (dp_add compares the files, not their names), with
 * the hardware id of each of its models lines. A USB device binds to a package through any of its
 * models lines (usb_pnp.c); a root-enumerated device is created only for the id an install names
 * (devcon install). `wudfctl packages` and `wudfctl drivers` list them (pnputil /enum-drivers).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_store.h"
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

/* A package without its copy of its files still installs: its devices load them where the INF says.
 * A package of an older store gets its copy the next time it is installed; its devices load from
 * the copy at their next start. */
static void copy_files(wudf_package *p, const wudf_inf *inf)
{
    wudf_error err;
    char q[2 * sizeof err.message];
    int had = p->has_copy;
    if (wudf_driver_store_copy(p, inf, &err)) {
        wudf_log(WUDF_LOG_WARN, "package-files-not-copied", "inf=%s reason=%s", p->inf_name,
                 wudf_log_quote(q, sizeof q, err.message));
        return;
    }
    wudf_list *pos;
    for (pos = g_reflector->devnodes.next; !had && pos != &g_reflector->devnodes; pos = pos->next) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (strcmp(d->inf_name, p->inf_name) == 0)
            wudf_driver_store_bind(d, p);
    }
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
            copy_files(p, inf); /* a package of an older store gets its copy now */
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
    copy_files(p, inf);
    char origin[2 * WUDF_PATH_MAX + 3], ids[600], quoted[2 * sizeof ids + 3];
    wudf_package_ids_text(p, ids, sizeof ids);
    wudf_log(WUDF_LOG_INFO, "package-added", "inf=%s origin=%s hardware_ids=%s", p->inf_name,
             wudf_log_quote(origin, sizeof origin, p->inf_origin), wudf_log_quote(quoted, sizeof quoted, ids));
    *out = p;
    *added = 1;
    return 0;
}

int wudf_hardware_id_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int wudf_package_has_id(const wudf_package *p, const char *id)
{
    char one[256];
    for (const char *s = p->hardware_ids; *s;) {
        size_t n = strcspn(s, ",");
        snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), s);
        if (wudf_hardware_id_equal(one, id))
            return 1;
        s += n + (s[n] == ',');
    }
    return 0;
}

void wudf_package_note(const wudf_package *p, int added, char *buf, size_t size)
{
    char ids[560];
    wudf_package_ids_text(p, ids, sizeof ids);
    snprintf(buf, size, "driver package %.64s %s for %s", p->inf_name, added ? "added" : "(already added)", ids);
}

void wudf_package_unstage(wudf_package *p, int added)
{
    if (!added)
        return;
    wudf_driver_store_delete_files(p);
    wudf_list_remove(&p->link);
    free(p);
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

/* What pnputil /enum-drivers shows of p beside its name: read from its stored INF, for the id it
 * was installed for. */
static int add_driver_fields(const wudf_package *p, wudf_kv *kv, wudf_error *err)
{
    const char *origin = p->inf_origin, *base = origin;
    for (const char *s = origin; *s; s++)
        if (*s == '/' || *s == '\\')
            base = s + 1;
    int rc = wudf_kv_add(kv, "original_name", base, err);
    char dir[WUDF_PATH_MAX], path[WUDF_PATH_MAX];
    wudf_inf *inf = NULL;
    wudf_inf_install *ins = calloc(1, sizeof *ins);
    wudf_inf_dirs dirs = {g_reflector->config.driver_dir, NULL, NULL, NULL, NULL};
    int found = ins && !wudf_path_join(dir, sizeof dir, g_reflector->config.state_dir, "inf", NULL) &&
                !wudf_path_join(path, sizeof path, dir, p->inf_name, NULL) && !wudf_inf_parse_file(path, &inf, NULL) &&
                !wudf_inf_find_install(inf, p->hardware_id, WUDF_INF_PLATFORM, &dirs, ins, NULL);
    const char *fields[][2] = {
        {"provider", found ? ins->provider : ""},      {"class", found ? ins->class_name : ""},
        {"class_guid", found ? ins->class_guid : ""}, {"version", found ? ins->driver_version : ""},
        {"date", found ? ins->driver_date : ""},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        rc = rc ? rc : wudf_kv_add(kv, fields[i][0], fields[i][1], err);
    wudf_inf_free(inf);
    free(ins);
    rc = rc ? rc : wudf_kv_add(kv, "files_copied", p->has_copy ? "1" : "0", err);
    return rc;
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
        rc = rc ? rc : add_driver_fields(p, &kv, &err);
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
