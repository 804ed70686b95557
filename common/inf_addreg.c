/* INF AddReg for a device install: the HKR lines of the add-registry sections that [DDInstall]
 * (the software key) and [DDInstall.HW] (the hardware key's Device Parameters) name, read the way
 * SetupAPI reads them (root, subkey, value name, flags, value...), checked line by line, and applied
 * to the device's keys (reg_store.h). Uses only the read access of inf.h. */
#include "inf.h"
#include "reg_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* AddReg flags (setupapi.h). */
#define FLG_ADDREG_BINVALUETYPE 0x00000001u
#define FLG_ADDREG_NOCLOBBER 0x00000002u
#define FLG_ADDREG_DELVAL 0x00000004u
#define FLG_ADDREG_APPEND 0x00000008u
#define FLG_ADDREG_KEYONLY 0x00000010u
#define FLG_ADDREG_OVERWRITEONLY 0x00000020u
#define FLG_ADDREG_64BITKEY 0x00001000u
#define FLG_ADDREG_KEYONLY_COMMON 0x00002000u
#define FLG_ADDREG_32BITKEY 0x00004000u
#define FLG_ADDREG_KNOWN 0x0000703fu

#define ADDREG_VALUE_MAX WUDF_INF_MAX_LINE

typedef struct addreg {
    const wudf_inf *inf;
    const char *section;
    size_t line;
    unsigned number;
    wudf_reg_root root;
    wudf_reg_store *store;
    wudf_inf_warn_fn warn;
    void *context;
    wudf_error *err;
} addreg;

static int line_error(const addreg *a, int code, const char *fmt, const char *detail)
{
    char what[sizeof ((wudf_error *)0)->message + 64];
    snprintf(what, sizeof what, fmt, detail);
    return wudf_error_set(a->err, code, "%s:%u: [%s] %s", wudf_inf_name(a->inf), a->number, a->section, what);
}

static int field(const addreg *a, size_t index, char *buf, size_t size)
{
    buf[0] = '\0';
    if (index >= wudf_inf_value_count(a->inf, a->section, a->line))
        return 0;
    return wudf_inf_value(a->inf, a->section, a->line, index, NULL, buf, size, a->err);
}

static int iequal(const char *a, const char *b)
{
    return wudf_reg_equal_nocase(a, b);
}

/* SetupGetIntField's reading: decimal, or hex with 0x. */
static int parse_flags(const char *text, unsigned long *value)
{
    char *end;
    if (!text[0] || text[0] == '-' || text[0] == '+')
        return -1;
    unsigned long long v = strtoull(text, &end, 0);
    if (*end || v > 0xffffffffull)
        return -1;
    *value = (unsigned long)v;
    return 0;
}

/* The registry type the flags give: SetupAPI's FLG_ADDREG_TYPE_* encoding. */
static int value_type(const addreg *a, unsigned long flags, uint32_t *type)
{
    unsigned high = (unsigned)(flags >> 16);
    if (flags & FLG_ADDREG_BINVALUETYPE) {
        *type = high == 0 ? WUDF_REG_BINARY : high == 1 ? WUDF_REG_DWORD : high == 2 ? WUDF_REG_NONE : high;
        return 0;
    }
    if (high > 2) {
        char text[24];
        snprintf(text, sizeof text, "0x%08lx", flags);
        return line_error(a, WUDF_EPARSE, "flags %s name no string type (FLG_ADDREG_TYPE_*)", text);
    }
    static const uint32_t text_types[] = {WUDF_REG_SZ, WUDF_REG_MULTI_SZ, WUDF_REG_EXPAND_SZ};
    *type = text_types[high];
    return 0;
}

/* One hex byte of a binary value: "1f", "0x1f". */
static int parse_byte(const char *text, uint8_t *out)
{
    const char *p = text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? text + 2 : text;
    char *end;
    size_t n = strlen(p);
    if (n == 0 || n > 2)
        return -1;
    unsigned long v = strtoul(p, &end, 16);
    if (*end)
        return -1;
    *out = (uint8_t)v;
    return 0;
}

/* The value's data from fields 4..: strings, a number, or bytes. */
static int value_data(const addreg *a, uint32_t type, uint8_t *data, size_t *size)
{
    size_t count = wudf_inf_value_count(a->inf, a->section, a->line);
    size_t fields = count > 4 ? count - 4 : 0;
    char text[ADDREG_VALUE_MAX];
    int rc;
    *size = 0;
    if (type == WUDF_REG_SZ || type == WUDF_REG_EXPAND_SZ) {
        if (fields > 1)
            return line_error(a, WUDF_EPARSE, "a string value takes one field (quote a string that holds commas)%s",
                              "");
        if ((rc = field(a, 4, text, sizeof text)) != 0)
            return rc;
        *size = strlen(text);
        memcpy(data, text, *size);
        return 0;
    }
    if (type == WUDF_REG_MULTI_SZ) {
        for (size_t i = 0; i < fields; i++) {
            if ((rc = field(a, 4 + i, text, sizeof text)) != 0)
                return rc;
            size_t n = strlen(text);
            if (n == 0)
                return line_error(a, WUDF_EPARSE, "a REG_MULTI_SZ value holds an empty string%s", "");
            if (*size + n + 1 > WUDF_REG_DATA_MAX)
                return line_error(a, WUDF_ETOOBIG, "a REG_MULTI_SZ value longer than the limit%s", "");
            memcpy(data + *size, text, n + 1);
            *size += n + 1;
        }
        return 0;
    }
    size_t width = type == WUDF_REG_DWORD ? 4 : type == WUDF_REG_QWORD ? 8 : 0;
    if (width && fields == 1) {
        /* One field: the number itself, as SetupAPI reads a REG_DWORD. */
        char *end;
        if ((rc = field(a, 4, text, sizeof text)) != 0)
            return rc;
        unsigned long long v = text[0] && text[0] != '-' && text[0] != '+' ? strtoull(text, &end, 0) : 0;
        if (!text[0] || text[0] == '-' || text[0] == '+' || *end || (width == 4 && v > 0xffffffffull))
            return line_error(a, WUDF_EPARSE, "'%.60s' is not a number for this value", text);
        for (size_t i = 0; i < width; i++)
            data[i] = (uint8_t)(v >> (8 * i));
        *size = width;
        return 0;
    }
    if (width && fields != width && fields != 0)
        return line_error(a, WUDF_EPARSE, "a number value takes one number or its bytes, one a field%s", "");
    if (fields > WUDF_REG_DATA_MAX)
        return line_error(a, WUDF_ETOOBIG, "a binary value longer than the limit%s", "");
    for (size_t i = 0; i < fields; i++) {
        if ((rc = field(a, 4 + i, text, sizeof text)) != 0)
            return rc;
        if (parse_byte(text, &data[i]))
            return line_error(a, WUDF_EPARSE, "'%.60s' is not a hex byte of a binary value", text);
    }
    *size = fields;
    return 0;
}

static int store_entry(const addreg *a, const char *path, const char *name, uint32_t type, const uint8_t *data,
                       size_t size)
{
    wudf_reg_entry e;
    int rc = name ? wudf_reg_entry_from_data(a->root, path, name, type, data, size, &e, a->err)
                  : wudf_reg_entry_make(a->root, path, NULL, "key", "", &e, a->err);
    if (!rc) {
        rc = wudf_reg_store_set(a->store, &e, a->err);
        wudf_reg_entry_free(&e);
    }
    if (rc) {
        char why[sizeof a->err->message];
        memcpy(why, a->err->message, sizeof why);
        return line_error(a, rc, "%s", why);
    }
    return 0;
}

/* Adds to an existing REG_MULTI_SZ the strings it lacks, or takes them out (FLG_ADDREG_DELVAL). */
static int merge_list(const addreg *a, const char *path, const char *name, const uint8_t *add, size_t add_size,
                      int remove)
{
    long at = wudf_reg_store_find(a->store, a->root, path, name);
    const wudf_reg_entry *old = at >= 0 ? &a->store->entries[at] : NULL;
    if (old && old->type != WUDF_REG_MULTI_SZ)
        return line_error(a, WUDF_EPARSE, "value '%.60s' is not a REG_MULTI_SZ to append to or take from", name);
    uint8_t merged[WUDF_REG_DATA_MAX + 1];
    size_t size = 0;
    for (size_t at_old = 0; old && at_old < old->size;) {
        const char *s = (const char *)old->data + at_old;
        size_t n = strlen(s) + 1;
        int drop = 0;
        for (size_t i = 0; remove && i < add_size; i += strlen((const char *)add + i) + 1)
            drop |= iequal(s, (const char *)add + i);
        if (!drop) {
            memcpy(merged + size, s, n);
            size += n;
        }
        at_old += n;
    }
    for (size_t i = 0; !remove && i < add_size; i += strlen((const char *)add + i) + 1) {
        const char *s = (const char *)add + i;
        size_t n = strlen(s) + 1;
        int present = 0;
        for (size_t j = 0; j < size; j += strlen((const char *)merged + j) + 1)
            present |= iequal(s, (const char *)merged + j);
        if (present)
            continue;
        if (size + n > WUDF_REG_DATA_MAX)
            return line_error(a, WUDF_ETOOBIG, "appending to '%.60s' passes the value size limit", name);
        memcpy(merged + size, s, n);
        size += n;
    }
    if (remove && !old)
        return 0;
    return store_entry(a, path, name, WUDF_REG_MULTI_SZ, merged, size);
}

static int apply_line(addreg *a)
{
    char root[64], path[WUDF_REG_PATH_MAX + 2], name[WUDF_REG_NAME_MAX + 2], flags_text[64];
    size_t count = wudf_inf_value_count(a->inf, a->section, a->line);
    int rc;
    if (wudf_inf_line_has_key(a->inf, a->section, a->line))
        return line_error(a, WUDF_EPARSE, "an add-registry line is 'root, [subkey], [value name], [flags], [value]', "
                                          "not 'name = ...'%s", "");
    if ((rc = field(a, 0, root, sizeof root)) || (rc = field(a, 1, path, sizeof path)) ||
        (rc = field(a, 2, name, sizeof name)) || (rc = field(a, 3, flags_text, sizeof flags_text)))
        return rc == WUDF_ETOOBIG ? line_error(a, rc, "a root, subkey, value name or flags field is too long%s", "")
                                  : rc;
    if (iequal(root, "HKCR") || iequal(root, "HKCU") || iequal(root, "HKLM") || iequal(root, "HKU")) {
        /* Windows writes these outside the device's keys, where no property store reaches: the
         * install goes on without them, and says so. */
        char msg[400];
        snprintf(msg, sizeof msg, "%s:%u: [%s] %s line ignored: openwudf keeps only the device's own keys (HKR)",
                 wudf_inf_name(a->inf), a->number, a->section, root);
        if (a->warn)
            a->warn(a->context, msg);
        return 0;
    }
    if (!iequal(root, "HKR"))
        return line_error(a, WUDF_EPARSE, "'%.40s' is not a registry root (HKR, HKCR, HKCU, HKLM, HKU)", root);
    if (wudf_reg_check_path(path, a->err) != 0) {
        char why[sizeof a->err->message];
        memcpy(why, a->err->message, sizeof why);
        return line_error(a, WUDF_EPARSE, "%s", why);
    }
    unsigned long flags = 0;
    if (flags_text[0] && parse_flags(flags_text, &flags))
        return line_error(a, WUDF_EPARSE, "flags '%.40s' are not a number", flags_text);
    if (flags & 0xffffu & ~FLG_ADDREG_KNOWN)
        return line_error(a, WUDF_EPARSE, "flags %.40s hold bits AddReg does not define", flags_text);
    if (count <= 2 || (flags & (FLG_ADDREG_KEYONLY | FLG_ADDREG_KEYONLY_COMMON)))
        return store_entry(a, path, NULL, 0, NULL, 0);
    if (wudf_reg_check_name(name, a->err) != 0) {
        char why[sizeof a->err->message];
        memcpy(why, a->err->message, sizeof why);
        return line_error(a, WUDF_EPARSE, "%s", why);
    }
    uint32_t type = 0;
    if ((rc = value_type(a, flags, &type)) != 0)
        return rc;
    uint8_t data[WUDF_REG_DATA_MAX + 8];
    size_t size = 0;
    if ((rc = value_data(a, type, data, &size)) != 0)
        return rc;
    long existing = wudf_reg_store_find(a->store, a->root, path, name);
    if (flags & FLG_ADDREG_DELVAL) {
        if (type == WUDF_REG_MULTI_SZ && size)
            return merge_list(a, path, name, data, size, 1);
        wudf_reg_store_delete(a->store, a->root, path, name);
        return 0;
    }
    if ((flags & FLG_ADDREG_NOCLOBBER) && existing >= 0)
        return 0;
    if ((flags & FLG_ADDREG_OVERWRITEONLY) && existing < 0)
        return 0;
    if (flags & FLG_ADDREG_APPEND) {
        if (type != WUDF_REG_MULTI_SZ)
            return line_error(a, WUDF_EPARSE, "FLG_ADDREG_APPEND is for REG_MULTI_SZ values only%s", "");
        return merge_list(a, path, name, data, size, 0);
    }
    return store_entry(a, path, name, type, data, size);
}

/* Every AddReg line of install_section, each naming add-registry sections, in file order. */
static int apply_section(const wudf_inf *inf, const char *install_section, wudf_reg_root root,
                         wudf_reg_store *store, wudf_inf_warn_fn warn, void *context, wudf_error *err)
{
    size_t line = 0;
    for (size_t at = 0; wudf_inf_find_key(inf, install_section, "AddReg", at, &line); at = line + 1) {
        for (size_t v = 0; v < wudf_inf_value_count(inf, install_section, line); v++) {
            char name[WUDF_INF_TEXT_SIZE];
            int rc = wudf_inf_value(inf, install_section, line, v, NULL, name, sizeof name, err);
            if (rc)
                return rc;
            if (!name[0])
                continue;
            if (!wudf_inf_has_section(inf, name))
                return wudf_error_set(err, WUDF_ENOTFOUND, "%s:%u: add-registry section [%s] named by [%s] not found",
                                      wudf_inf_name(inf), wudf_inf_line_number(inf, install_section, line), name,
                                      install_section);
            addreg a = {inf, name, 0, 0, root, store, warn, context, err};
            for (a.line = 0; a.line < wudf_inf_line_count(inf, name); a.line++) {
                a.number = wudf_inf_line_number(inf, name, a.line);
                if ((rc = apply_line(&a)) != 0)
                    return rc;
            }
        }
    }
    return 0;
}

int wudf_inf_apply_addreg(const wudf_inf *inf, const char *install_section, struct wudf_reg_store *store,
                          wudf_inf_warn_fn warn, void *context, wudf_error *err)
{
    char hw[WUDF_INF_TEXT_SIZE + 4];
    if (!inf || !install_section || !store)
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_apply_addreg: missing INF, section or store");
    if (!wudf_inf_has_section(inf, install_section))
        return wudf_error_set(err, WUDF_ENOTFOUND, "%s: install section [%.200s] not found", wudf_inf_name(inf),
                              install_section);
    int rc = apply_section(inf, install_section, WUDF_REG_ROOT_SW, store, warn, context, err);
    snprintf(hw, sizeof hw, "%s.HW", install_section);
    if (!rc && wudf_inf_has_section(inf, hw))
        rc = apply_section(inf, hw, WUDF_REG_ROOT_HW, store, warn, context, err);
    return rc;
}

/* Appends id to a comma-separated list. */
static int add_id(char *list, size_t size, const char *id)
{
    size_t used = strlen(list);
    int n = snprintf(list + used, size - used, "%s%s", used ? "," : "", id);
    return n < 0 || (size_t)n >= size - used ? -1 : 0;
}

int wudf_inf_model_ids(const wudf_inf *inf, const wudf_inf_install *ins, char *hardware_ids, size_t hw_size,
                       char *compatible_ids, size_t compat_size, wudf_error *err)
{
    hardware_ids[0] = compatible_ids[0] = '\0';
    const char *models = ins->models_section;
    for (size_t line = 0; line < wudf_inf_line_count(inf, models); line++) {
        size_t count = wudf_inf_value_count(inf, models, line);
        int match = 0;
        char id[WUDF_INF_TEXT_SIZE];
        for (size_t v = 1; v < count && !match; v++)
            match = wudf_inf_value(inf, models, line, v, NULL, id, sizeof id, NULL) == 0 &&
                    iequal(id, ins->hardware_id);
        if (!match)
            continue;
        for (size_t v = 1; v < count; v++) {
            if (wudf_inf_value(inf, models, line, v, NULL, id, sizeof id, err))
                return WUDF_ETOOBIG;
            if (id[0] && add_id(v == 1 ? hardware_ids : compatible_ids, v == 1 ? hw_size : compat_size, id))
                return wudf_error_set(err, WUDF_ETOOBIG, "%s: the ids of [%s] do not fit", wudf_inf_name(inf), models);
        }
        return 0;
    }
    return wudf_error_set(err, WUDF_ENOTFOUND, "%s: no line of [%s] names '%s'", wudf_inf_name(inf), models,
                          ins->hardware_id);
}
