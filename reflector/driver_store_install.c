/*
 * op=install: the INF goes to the driver store as a package with every models line's hardware id
 * (pnputil /add-driver; a USB device of any of them binds to it, now or when plugged in), and the
 * id the install is for gets a root-enumerated device. Request key existing: "new" makes a new
 * device whatever is there (devcon install; what the op has always done, and the default); "keep"
 * makes none when a root device of that hardware id exists (pnputil /add-driver /install), and
 * says so: `wudfctl install` asks for that unless --new-device. A USB\ id gets no root device, as
 * no root device can stand for USB hardware. docs/install.md gives the rule.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_store.h"
#include "events.h"
#include "inf.h"
#include "log.h"
#include "property.h"

/* ROOT\ECHO -> ROOT\ECHO\0000, the next free number (devcon names root devices the same way). */
static int make_instance_id(const char *hwid, char *buf, size_t size)
{
    char base[300];
    /* Hardware ids are case-insensitive: Root\Thermo is ROOT\THERMO. */
    int root = 1;
    for (size_t i = 0; i < 5 && root; i++)
        root = tolower((unsigned char)hwid[i]) == "root\\"[i];
    if (root) {
        snprintf(base, sizeof base, "ROOT\\%s", hwid + 5);
    } else {
        snprintf(base, sizeof base, "ROOT\\%s", hwid);
        for (char *p = base + 5; *p; p++)
            if (*p == '\\')
                *p = '_';
    }
    for (char *p = base; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    for (unsigned n = 0; n < 10000; n++) {
        int w = snprintf(buf, size, "%s\\%04u", base, n);
        if (w < 0 || (size_t)w >= size)
            return -1;
        if (!wudf_devnode_find(g_reflector, buf))
            return 0;
    }
    return -1;
}

/* The first root-enumerated device of hardware id hwid (compared as Windows compares ids) that is
 * not on its way out, or NULL. */
static wudf_devnode *root_device_of(const char *hwid)
{
    wudf_list *pos;
    for (pos = g_reflector->devnodes.next; pos != &g_reflector->devnodes; pos = pos->next) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (!d->usb && !d->removed && d->stop_then != WUDF_STOP_THEN_REMOVE && wudf_hardware_id_equal(d->hardware_id, hwid))
            return d;
    }
    return NULL;
}

/* A USB hardware id: the package is what there is to install (pnputil /add-driver /install). The
 * reply waits for a device that binds at once, if one does. */
static void install_usb(wudf_conn *c, uint64_t irp_id, wudf_package *p, int added)
{
    char note[700], msg[800];
    wudf_package_note(p, added, note, sizeof note);
    wudf_usb_pnp_rescan();
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->usb && strcmp(d->inf_name, p->inf_name) == 0 && d->state == WUDF_DN_STARTING) {
            wudf_tool_wait(c, irp_id, d, "install", note);
            return;
        }
    }
    snprintf(msg, sizeof msg, "%s; no such device is present: it starts when plugged in", note);
    wudf_tool_reply(c, irp_id, WUDF_STATUS_SUCCESS, msg, NULL);
}

/* The id has a root device already and the install asked for none more: the package is added, the
 * device stays as it is, and the answer says what to do for another device or for the new driver. */
static void install_existing(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, wudf_package *p, int added,
                             const wudf_kv *req)
{
    if (wudf_tool_save_store(c, irp_id)) {
        wudf_package_unstage(p, added);
        return;
    }
    char note[700], msg[1800];
    wudf_package_note(p, added, note, sizeof note);
    int w = snprintf(msg, sizeof msg, "install: %s already exists for %s, so no device was added (`wudfctl install "
                     "--new-device` adds another); %s", d->instance_id, d->hardware_id, note);
    if (w > 0 && (size_t)w < sizeof msg && strcmp(d->inf_name, p->inf_name) != 0)
        w += snprintf(msg + w, sizeof msg - (size_t)w, "; %s keeps driver package %s (`wudfctl update` moves it onto "
                      "%s)", d->instance_id, d->inf_name[0] ? d->inf_name : "(none)", p->inf_name);
    if (w > 0 && (size_t)w < sizeof msg && (wudf_kv_get(req, "acl") || wudf_kv_get(req, "reg.hw")))
        snprintf(msg + w, sizeof msg - (size_t)w, "; --allow and --setting apply to a new device only");
    wudf_log(WUDF_LOG_INFO, "device-exists", "device=%s inf=%s hardware_id=%s", d->instance_id, p->inf_name,
             d->hardware_id);
    wudf_tool_reply(c, irp_id, WUDF_STATUS_SUCCESS, msg, d);
    if (added)
        wudf_usb_pnp_rescan();
}

/* The new root device d of package p: kept, started, and answered for once it has settled. */
static void install_device(wudf_conn *c, uint64_t irp_id, wudf_devnode *d, wudf_package *p, int added)
{
    wudf_list_add_tail(&g_reflector->devnodes, &d->link);
    if (wudf_tool_save_store(c, irp_id)) {
        wudf_devnode_free(d);
        wudf_package_unstage(p, added);
        return;
    }
    char note[700];
    wudf_package_note(p, added, note, sizeof note);
    char stack[WUDF_MAX_SERVICES * 258];
    wudf_devnode_stack_names(d, stack, sizeof stack);
    wudf_log(WUDF_LOG_INFO, "device-installed", "device=%s inf=%s service=%s stack=%s binary=%s", d->instance_id,
             d->inf_name, wudf_devnode_top_service(d)->name, stack, wudf_devnode_top_service(d)->binary);
    wudf_access_log_unreachable(d);
    wudf_events_installed(d);
    wudf_supervisor_start(d);
    wudf_tool_wait(c, irp_id, d, "install", note);
    /* Its other models lines may be for USB devices that are present (devcon installs on those too). */
    if (added)
        wudf_usb_pnp_rescan();
}

static int is_usb_id(const char *hwid)
{
    return (hwid[0] == 'U' || hwid[0] == 'u') && (hwid[1] == 'S' || hwid[1] == 's') &&
           (hwid[2] == 'B' || hwid[2] == 'b') && hwid[3] == '\\';
}

/* The INF at inf_path, read on the event loop (a FIFO or a device named here would block every
 * client): NULL after the answer when it cannot be used. */
wudf_inf *wudf_tool_read_inf(wudf_conn *c, uint64_t irp_id, const char *op, const char *inf_path)
{
    char msg[600];
    wudf_error err;
    wudf_inf *inf;
    if (!inf_path) {
        snprintf(msg, sizeof msg, "%s: no INF file given", op);
        wudf_tool_reply(c, irp_id, WUDF_STATUS_INVALID_PARAMETER, msg, NULL);
        return NULL;
    }
    uv_fs_t st;
    int regular = uv_fs_stat(NULL, &st, inf_path, NULL) == 0 && (st.statbuf.st_mode & S_IFMT) == S_IFREG;
    uv_fs_req_cleanup(&st);
    if (!regular) {
        snprintf(msg, sizeof msg, "%s: %.500s is not a regular file", op, inf_path);
        wudf_tool_reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, msg, NULL);
        return NULL;
    }
    if (wudf_inf_parse_file(inf_path, &inf, &err)) {
        wudf_tool_reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, err.message, NULL);
        return NULL;
    }
    return inf;
}

void wudf_tool_install(wudf_conn *c, uint64_t irp_id, const wudf_kv *req)
{
    const char *inf_path = wudf_kv_get(req, "inf"), *hwid = wudf_kv_get(req, "hwid");
    const char *existing = wudf_kv_get(req, "existing");
    wudf_error err;
    wudf_inf *inf = wudf_tool_read_inf(c, irp_id, "install", inf_path);
    if (!inf)
        return;
    char first[256];
    if (!hwid) {
        if (wudf_inf_first_hardware_id(inf, WUDF_INF_PLATFORM, first, sizeof first, &err)) {
            wudf_inf_free(inf);
            wudf_tool_reply(c, irp_id, WUDF_STATUS_UNSUCCESSFUL, err.message, NULL);
            return;
        }
        hwid = first;
    }
    int usb = is_usb_id(hwid), keep = existing && strcmp(existing, "keep") == 0;
    wudf_inf_dirs dirs = {g_reflector->config.driver_dir, NULL, NULL, NULL, NULL};
    wudf_inf_install *ins = calloc(1, sizeof *ins);
    wudf_package *p = NULL;
    int added = 0;
    int rc = ins ? wudf_inf_find_install(inf, hwid, WUDF_INF_PLATFORM, &dirs, ins, &err)
                 : wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
    if (!rc && existing && !keep && strcmp(existing, "new") != 0)
        rc = wudf_error_set(&err, WUDF_EINVAL, "install: existing must be keep or new, not '%.40s'", existing);
    /* The parser refuses a stack it cannot describe (no service, more than the maximum, an order
     * that names a service no UmdfService line defines); this only guards the devnode's bound. */
    if (!rc && (ins->service_count == 0 || ins->service_count > WUDF_MAX_SERVICES))
        rc = wudf_error_set(&err, WUDF_EINVAL, "%s: %zu UMDF services in one device stack; openwudf runs 1 to %u",
                            inf_path, ins->service_count, WUDF_MAX_SERVICES);
    wudf_devnode *there = !rc && !usb && keep ? root_device_of(ins->hardware_id) : NULL;
    char acl[WUDF_ACL_MAX] = "";
    if (!rc && wudf_kv_get(req, "acl"))
        rc = wudf_acl_normalize(wudf_kv_get(req, "acl"), acl, sizeof acl, &err);
    wudf_devnode *d = rc || usb || there ? NULL : wudf_devnode_new(g_reflector);
    if (!rc && !usb && !there && !d)
        rc = wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
    if (!rc && d && make_instance_id(ins->hardware_id, d->instance_id, sizeof d->instance_id))
        rc = wudf_error_set(&err, WUDF_ETOOBIG, "no free instance id for %s", ins->hardware_id);
    if (!rc && d)
        rc = wudf_property_install(d, inf, ins, req, &err);
    /* Last, so that an install refused above leaves no copy of its INF behind. */
    if (!rc)
        rc = wudf_package_stage(inf_path, inf, hwid, &p, &added, &err);
    wudf_inf_free(inf);
    if (rc) {
        if (d)
            wudf_devnode_free(d);
        free(ins);
        wudf_tool_reply(c, irp_id, rc == WUDF_ENOTFOUND || rc == WUDF_EPARSE || rc == WUDF_EINVAL
                                       ? WUDF_STATUS_UNSUCCESSFUL : WUDF_STATUS_INSUFFICIENT_RESOURCES, err.message, NULL);
        return;
    }
    if (usb) {
        /* --allow is for the devices bound to the package; an install without it keeps the package's. */
        if (acl[0] || added)
            snprintf(p->acl, sizeof p->acl, "%s", acl);
        free(ins);
        if (wudf_tool_save_store(c, irp_id)) {
            wudf_package_unstage(p, added);
            return;
        }
        install_usb(c, irp_id, p, added);
        return;
    }
    if (there) {
        free(ins);
        install_existing(c, irp_id, there, p, added, req);
        return;
    }
    if (acl[0])
        snprintf(d->acl, sizeof d->acl, "%s", acl);
    snprintf(d->inf_name, sizeof d->inf_name, "%s", p->inf_name);
    wudf_devnode_fill(d, ins, inf_path);
    wudf_driver_store_bind(d, p);
    d->installed_now = 1;
    free(ins);
    install_device(c, irp_id, d, p, added);
}
