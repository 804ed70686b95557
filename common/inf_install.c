/* UMDF 1 driver install from a parsed INF: [Version], [Manufacturer] and models sections with
 * platform decorations, DDInstall and DDInstall.Wdf, and the UMDF service install sections.
 * Uses only the read access of inf.h; the rules follow what Windows does with the same INF. */
#include "inf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INF_NONE SIZE_MAX
/* A query visits at most this many models lines, so that a hostile INF (many manufacturers
 * naming one huge models section) cannot make it quadratic. */
#define INF_MAX_MODEL_VISITS 1000000u

static int inf_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool inf_prefix(const char *s, const char *prefix, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0' || inf_lower((unsigned char)s[i]) != inf_lower((unsigned char)prefix[i]))
            return false;
    return true;
}

static bool inf_iequal(const char *a, const char *b)
{
    size_t n = strlen(b);
    return inf_prefix(a, b, n) && a[n] == '\0';
}

static int inf_copy_text(const wudf_inf *inf, char *dst, size_t size, const char *src, wudf_error *err)
{
    size_t n = strlen(src);
    if (n >= size)
        return wudf_error_set(err, WUDF_ETOOBIG, "%s: '%.60s' is longer than %u bytes",
                              wudf_inf_name(inf), src, (unsigned)size - 1);
    memcpy(dst, src, n + 1);
    return 0;
}

/* The line of a directive that may appear at most once, with min..max values; *line is
 * INF_NONE when it is absent and not required. */
static int inf_directive(const wudf_inf *inf, const char *section, const char *key, bool required,
                         size_t min, size_t max, size_t *line, wudf_error *err)
{
    size_t again;
    *line = INF_NONE;
    if (!wudf_inf_find_key(inf, section, key, 0, line)) {
        *line = INF_NONE;
        if (required)
            return wudf_error_set(err, WUDF_EPARSE, "%s: [%s] has no %s line", wudf_inf_name(inf),
                                  section, key);
        return 0;
    }
    unsigned number = wudf_inf_line_number(inf, section, *line);
    size_t count = wudf_inf_value_count(inf, section, *line);
    if (wudf_inf_find_key(inf, section, key, *line + 1, &again))
        return wudf_error_set(err, WUDF_EPARSE, "%s:%u: %s given again in [%s] (first on line %u)",
                              wudf_inf_name(inf), wudf_inf_line_number(inf, section, again), key,
                              section, number);
    if (count < min || count > max) {
        if (min == max)
            return wudf_error_set(err, WUDF_EPARSE, "%s:%u: %s takes %u value(s), found %u",
                                  wudf_inf_name(inf), number, key, (unsigned)min, (unsigned)count);
        return wudf_error_set(err, WUDF_EPARSE, "%s:%u: %s takes %u to %u values, found %u",
                              wudf_inf_name(inf), number, key, (unsigned)min, (unsigned)max,
                              (unsigned)count);
    }
    return 0;
}

/* A required directive with one value, substituted into buf. */
static int inf_single(const wudf_inf *inf, const char *section, const char *key, char *buf,
                      size_t len, unsigned *number, wudf_error *err)
{
    size_t line;
    int rc = inf_directive(inf, section, key, true, 1, 1, &line, err);
    if (rc == 0)
        rc = wudf_inf_value(inf, section, line, 0, NULL, buf, len, err);
    if (rc == 0 && number)
        *number = wudf_inf_line_number(inf, section, line);
    return rc;
}

/* An optional directive whose value is one of choices (choices[0] is the default); the result is
 * spelled as in choices. */
static int inf_choice(const wudf_inf *inf, const char *section, const char *key,
                      const char *const *choices, char *out, wudf_error *err)
{
    char value[WUDF_INF_TEXT_SIZE], list[WUDF_INF_TEXT_SIZE] = "";
    size_t line;
    int rc = inf_directive(inf, section, key, false, 1, 1, &line, err);
    if (rc != 0)
        return rc;
    if (line == INF_NONE)
        return inf_copy_text(inf, out, WUDF_INF_TEXT_SIZE, choices[0], err);
    if ((rc = wudf_inf_value(inf, section, line, 0, NULL, value, sizeof value, err)) != 0)
        return rc;
    for (size_t i = 0; choices[i]; i++) {
        if (inf_iequal(value, choices[i]))
            return inf_copy_text(inf, out, WUDF_INF_TEXT_SIZE, choices[i], err);
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, choices[i], sizeof list - strlen(list) - 1);
    }
    return wudf_error_set(err, WUDF_EPARSE, "%s:%u: %s '%.60s' is not one of: %s",
                          wudf_inf_name(inf), wudf_inf_line_number(inf, section, line), key,
                          value, list);
}

static int inf_read_version(const wudf_inf *inf, wudf_inf_install *r, wudf_error *err)
{
    const char *name = wudf_inf_name(inf);
    char value[WUDF_INF_TEXT_SIZE];
    unsigned number;
    size_t line;
    int rc;
    if (!wudf_inf_has_section(inf, "Version"))
        return wudf_error_set(err, WUDF_EPARSE, "%s: no [Version] section", name);
    if ((rc = inf_single(inf, "Version", "Signature", value, sizeof value, &number, err)) != 0)
        return rc;
    if (!inf_iequal(value, "$Windows NT$") && !inf_iequal(value, "$Chicago$"))
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s:%u: Signature '%.60s' is not one of: $Windows NT$, $Chicago$",
                              name, number, value);
    if ((rc = inf_single(inf, "Version", "Class", r->class_name, sizeof r->class_name, NULL, err)) ||
        (rc = inf_single(inf, "Version", "Provider", r->provider, sizeof r->provider, NULL, err)) ||
        (rc = inf_single(inf, "Version", "ClassGuid", value, sizeof value, &number, err)))
        return rc;
    if (!wudf_inf_parse_guid(value, r->class_guid))
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s:%u: ClassGuid '%.60s' is not a GUID of the form "
                              "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", name, number, value);
    if ((rc = inf_directive(inf, "Version", "CatalogFile", false, 1, 1, &line, err)) != 0 ||
        (line != INF_NONE && (rc = wudf_inf_value(inf, "Version", line, 0, NULL, r->catalog_file,
                                                  sizeof r->catalog_file, err)) != 0))
        return rc;

    if ((rc = inf_directive(inf, "Version", "DriverVer", true, 1, 2, &line, err)) != 0 ||
        (rc = wudf_inf_value(inf, "Version", line, 0, NULL, value, sizeof value, err)) != 0)
        return rc;
    number = wudf_inf_line_number(inf, "Version", line);
    if (!wudf_inf_parse_date(value, r->driver_date))
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s:%u: DriverVer date '%.60s' is not a valid date mm/dd/yyyy", name,
                              number, value);
    if (wudf_inf_value_count(inf, "Version", line) == 2) {
        unsigned long v[4] = {0, 0, 0, 0};
        size_t n;
        if ((rc = wudf_inf_value(inf, "Version", line, 1, NULL, value, sizeof value, err)) != 0)
            return rc;
        if (!wudf_inf_parse_version(value, v, 1, 4, &n))
            return wudf_error_set(err, WUDF_EPARSE,
                                  "%s:%u: DriverVer version '%.60s' is not w.x.y.z (numbers 0-65535)",
                                  name, number, value);
        snprintf(r->driver_version, sizeof r->driver_version, "%lu.%lu.%lu.%lu", v[0], v[1], v[2],
                 v[3]);
    }
    return 0;
}

/* How well a [Manufacturer] decoration fits the platform: 2 = the platform (with or without an
 * OS version), 1 = any NT platform ("NT", "NT.6.1"), 0 = not at all. OS versions are not
 * compared: we do not emulate a particular Windows release. */
static int inf_decoration_fit(const char *decoration, const char *platform)
{
    size_t n = strlen(platform);
    if (inf_prefix(decoration, platform, n) && (decoration[n] == '\0' || decoration[n] == '.'))
        return 2;
    if (inf_prefix(decoration, "NT", 2) && (decoration[2] == '\0' || decoration[2] == '.'))
        return 1;
    return 0;
}

/* Called per models line: 0 goes on, -1 stops (found), anything else is an error. */
typedef int (*inf_model_fn)(void *context, const char *models, size_t line, size_t manufacturer);

/* Walks the models lines that apply to platform, in file order. Returns -1 if fn stopped. */
static int inf_for_each_model(const wudf_inf *inf, const char *platform, inf_model_fn fn,
                              void *context, wudf_error *err)
{
    const char *name = wudf_inf_name(inf);
    size_t visits = 0;
    if (!wudf_inf_has_section(inf, "Manufacturer"))
        return wudf_error_set(err, WUDF_EPARSE, "%s: no [Manufacturer] section", name);
    for (size_t m = 0; m < wudf_inf_line_count(inf, "Manufacturer"); m++) {
        char base[WUDF_INF_TEXT_SIZE], decoration[WUDF_INF_TEXT_SIZE], best[WUDF_INF_TEXT_SIZE];
        char models[2 * WUDF_INF_TEXT_SIZE];
        unsigned number = wudf_inf_line_number(inf, "Manufacturer", m);
        size_t count = wudf_inf_value_count(inf, "Manufacturer", m);
        int fit = 0, rc;
        if (!wudf_inf_line_has_key(inf, "Manufacturer", m) || count == 0)
            return wudf_error_set(err, WUDF_EPARSE,
                                  "%s:%u: [Manufacturer] line needs 'name = models-section[, "
                                  "decoration...]'", name, number);
        if ((rc = wudf_inf_value(inf, "Manufacturer", m, 0, NULL, base, sizeof base, err)) != 0)
            return rc;
        if (base[0] == '\0')
            return wudf_error_set(err, WUDF_EPARSE, "%s:%u: empty models section name", name,
                                  number);
        for (size_t v = 1; v < count; v++) {
            int f;
            if ((rc = wudf_inf_value(inf, "Manufacturer", m, v, NULL, decoration,
                                     sizeof decoration, err)) != 0)
                return rc;
            if ((f = inf_decoration_fit(decoration, platform)) > fit) {
                fit = f;
                memcpy(best, decoration, sizeof best);
            }
        }
        if (fit) {
            snprintf(models, sizeof models, "%s.%s", base, best);
            if (!wudf_inf_has_section(inf, models))
                return wudf_error_set(err, WUDF_ENOTFOUND,
                                      "%s:%u: models section [%.200s] named by [Manufacturer] not "
                                      "found", name, number, models);
        } else {
            memcpy(models, base, sizeof base);
            if (!wudf_inf_has_section(inf, models)) {
                if (count > 1)
                    continue; /* only decorated sections, none for this platform */
                return wudf_error_set(err, WUDF_ENOTFOUND,
                                      "%s:%u: models section [%s] named by [Manufacturer] not found",
                                      name, number, models);
            }
        }
        for (size_t l = 0; l < wudf_inf_line_count(inf, models); l++) {
            if (++visits > INF_MAX_MODEL_VISITS)
                return wudf_error_set(err, WUDF_ETOOBIG, "%s: more than %u models lines to search",
                                      name, INF_MAX_MODEL_VISITS);
            if ((rc = fn(context, models, l, m)) != 0)
                return rc;
        }
    }
    return 0;
}

static int inf_check_model_line(const wudf_inf *inf, const char *models, size_t line,
                                wudf_error *err)
{
    if (!wudf_inf_line_has_key(inf, models, line) || wudf_inf_value_count(inf, models, line) < 2)
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s:%u: models line needs 'description = install-section, "
                              "hardware-id[, compatible-id...]'", wudf_inf_name(inf),
                              wudf_inf_line_number(inf, models, line));
    return 0;
}

typedef struct inf_match {
    const wudf_inf *inf;
    const char *wanted;        /* find: the hardware id; list: NULL */
    bool compatible;           /* find: second pass, over compatible ids */
    size_t index;              /* list: which id */
    char id[WUDF_INF_TEXT_SIZE];
    char models[2 * WUDF_INF_TEXT_SIZE];
    size_t line, manufacturer;
    wudf_error *err;
} inf_match;

static int inf_match_model(void *context, const char *models, size_t line, size_t manufacturer)
{
    inf_match *m = context;
    size_t count = wudf_inf_value_count(m->inf, models, line);
    int rc = inf_check_model_line(m->inf, models, line, m->err);
    if (rc != 0)
        return rc;
    if (!m->wanted && m->index-- > 0)
        return 0;
    for (size_t v = m->compatible ? 2 : 1; v < (m->compatible ? count : 2); v++) {
        if ((rc = wudf_inf_value(m->inf, models, line, v, NULL, m->id, sizeof m->id, m->err)) != 0)
            return rc;
        if (!m->wanted || inf_iequal(m->id, m->wanted)) {
            memcpy(m->models, models, strlen(models) + 1);
            m->line = line;
            m->manufacturer = manufacturer;
            return -1;
        }
    }
    return 0;
}

/* DDInstall: [X.<platform>], else [X.NT], else [X]. */
static int inf_find_ddinstall(const wudf_inf *inf, const inf_match *m, const char *platform,
                              wudf_inf_install *r, wudf_error *err)
{
    char base[WUDF_INF_TEXT_SIZE], name[2 * WUDF_INF_TEXT_SIZE];
    const char *suffixes[] = {platform, "NT", NULL};
    int rc = wudf_inf_value(inf, m->models, m->line, 0, NULL, base, sizeof base, err);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < 3; i++) {
        int n = suffixes[i] ? snprintf(name, sizeof name, "%s.%s", base, suffixes[i])
                            : snprintf(name, sizeof name, "%s", base);
        if (n < 0 || (size_t)n >= sizeof r->install_section)
            continue; /* longer than any section name */
        if (base[0] && wudf_inf_has_section(inf, name))
            return inf_copy_text(inf, r->install_section, sizeof r->install_section, name, err);
    }
    return wudf_error_set(err, WUDF_ENOTFOUND,
                          "%s:%u: install section '%.60s' for hardware id '%.60s' not found "
                          "(no [%.60s.%.20s], [%.60s.NT] or [%.60s])", wudf_inf_name(inf),
                          wudf_inf_line_number(inf, m->models, m->line), base, m->id, base,
                          platform, base, base);
}

/* ServiceBinary comes from an untrusted INF: it must be a file under one of the directories the
 * dirids stand for, with no component that climbs out. */
static int inf_check_binary(const wudf_inf *inf, unsigned number, char *path,
                            const wudf_inf_dirs *dirs, wudf_error *err)
{
    const char *d[] = {dirs->drivers, dirs->system, dirs->windows, dirs->driver_store,
                       dirs->inf_dir ? dirs->inf_dir : wudf_inf_directory(inf)};
    const char *name = wudf_inf_name(inf), *rest = NULL;
    for (char *p = path; *p; p++)
        if (*p == '\\')
            *p = '/';
    for (size_t i = 0; i < sizeof d / sizeof d[0] && !rest; i++) {
        size_t n = d[i] && d[i][0] ? wudf_inf_path_in_dir(path, d[i]) : 0;
        if (n)
            rest = path + n;
    }
    if (!rest)
        return wudf_error_set(err, WUDF_EINVAL,
                              "%s:%u: ServiceBinary '%.80s' must start with a directory id "
                              "(%%12%%, %%11%%, %%10%%, %%13%% or %%1%%)", name, number, path);
    if (strchr(rest, ':'))
        return wudf_error_set(err, WUDF_EINVAL, "%s:%u: ServiceBinary '%.80s' contains ':'", name,
                              number, path);
    if (wudf_inf_path_has_dotdot(rest))
        return wudf_error_set(err, WUDF_EINVAL,
                              "%s:%u: ServiceBinary '%.80s' has a '..' component", name, number,
                              path);
    if (rest[strspn(rest, "/")] == '\0' || path[strlen(path) - 1] == '/')
        return wudf_error_set(err, WUDF_EINVAL, "%s:%u: ServiceBinary '%.80s' does not name a file",
                              name, number, path);
    return 0;
}

static int inf_read_service(const wudf_inf *inf, unsigned service_line, wudf_inf_service *s,
                            const wudf_inf_dirs *dirs, wudf_error *err)
{
    const char *name = wudf_inf_name(inf), *section = s->install_section;
    char value[WUDF_INF_TEXT_SIZE];
    unsigned long parts[3];
    size_t n, line;
    unsigned number;
    int rc;
    if (!wudf_inf_has_section(inf, section))
        return wudf_error_set(err, WUDF_ENOTFOUND,
                              "%s:%u: service install section [%.100s] of UmdfService %.60s not found",
                              name, service_line, section, s->name);
    if ((rc = inf_single(inf, section, "UmdfLibraryVersion", value, sizeof value, &number, err)) != 0)
        return rc;
    if (!wudf_inf_parse_version(value, parts, 2, 3, &n))
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s:%u: UmdfLibraryVersion '%.60s' is not a version 1.x.y", name,
                              number, value);
    if (parts[0] != 1)
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s:%u: UmdfLibraryVersion %.60s is not supported: openwudf "
                              "implements UMDF 1 (1.x.y)", name, number, value);
    if ((rc = inf_copy_text(inf, s->library_version, sizeof s->library_version, value, err)) != 0 ||
        (rc = inf_single(inf, section, "DriverCLSID", value, sizeof value, &number, err)) != 0)
        return rc;
    if (!wudf_inf_parse_guid(value, s->clsid))
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s:%u: DriverCLSID '%.60s' is not a GUID of the form "
                              "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", name, number, value);
    if ((rc = inf_directive(inf, section, "ServiceBinary", true, 1, 1, &line, err)) != 0 ||
        (rc = wudf_inf_value(inf, section, line, 0, dirs, s->binary, sizeof s->binary, err)) != 0)
        return rc;
    return inf_check_binary(inf, wudf_inf_line_number(inf, section, line), s->binary, dirs, err);
}

/* The device-wide directives UMDF 1.11 reads from [DDInstall.Wdf] (Microsoft Learn, "Specifying
 * WDF Directives in INF Files"), each with its values, the default first. */
static const char *const inf_sharing[] = {"ProcessSharingEnabled", "ProcessSharingDisabled", NULL};
static const char *const inf_kernel_clients[] = {"RejectKernelModeClients", "AllowKernelModeClients",
                                                 NULL};
static const char *const inf_dispatcher[] = {"FileHandle", "WinUsb", "NativeUSB", NULL};
static const char *const inf_impersonation[] = {"Identification", "Anonymous", "Impersonation",
                                                "Delegation", NULL};
static const char *const inf_method_neither[] = {"Reject", "Copy", NULL};
static const char *const inf_file_objects[] = {"RejectNullAndUnknownFileObjects",
                                               "AllowNullAndUnknownFileObjects", NULL};
static const char *const inf_fs_context[] = {"CanUseFsContext", "CanUseFsContext2",
                                             "CannotUseFsContexts", NULL};
static const char *const inf_hardware[] = {"RejectDirectHardwareAccess", "AllowDirectHardwareAccess",
                                           NULL};
static const char *const inf_registers[] = {"RegisterAccessUsingSystemCall",
                                            "RegisterAccessUsingUserModeMapping", NULL};

static const struct inf_wdf_directive {
    const char *key;
    size_t offset; /* of its field in wudf_inf_install */
    const char *const *choices;
} inf_wdf_directives[] = {
    {"UmdfHostProcessSharing", offsetof(wudf_inf_install, host_process_sharing), inf_sharing},
    {"UmdfKernelModeClientPolicy", offsetof(wudf_inf_install, kernel_mode_client_policy),
     inf_kernel_clients},
    {"UmdfDispatcher", offsetof(wudf_inf_install, dispatcher), inf_dispatcher},
    {"UmdfImpersonationLevel", offsetof(wudf_inf_install, impersonation_level), inf_impersonation},
    {"UmdfMethodNeitherAction", offsetof(wudf_inf_install, method_neither_action), inf_method_neither},
    {"UmdfFileObjectPolicy", offsetof(wudf_inf_install, file_object_policy), inf_file_objects},
    {"UmdfFsContextUsePolicy", offsetof(wudf_inf_install, fs_context_use_policy), inf_fs_context},
    {"UmdfDirectHardwareAccess", offsetof(wudf_inf_install, direct_hardware_access), inf_hardware},
    {"UmdfRegisterAccessMode", offsetof(wudf_inf_install, register_access_mode), inf_registers},
};

/* A line of [DDInstall.Wdf] that Windows' UMDF 1 installer does not look up: it finds directives by
 * name, so such a line is passed over (the section is shared with the KMDF co-installer, whose
 * Kmdf* lines the UMDF one must leave alone). Kept as a warning for the installer to report. */
static void inf_warn(const wudf_inf *inf, const char *wdf, size_t line, wudf_inf_install *r)
{
    static const char *const umdf2[] = {"UmdfHostPriority", NULL};
    const char *name = wudf_inf_name(inf), *why = "is not a WDF directive";
    char key[WUDF_INF_TEXT_SIZE] = "";
    size_t length = strlen(name), kept = sizeof r->warnings / sizeof r->warnings[0];
    wudf_error ignored;
    if (wudf_inf_line_has_key(inf, wdf, line) &&
        wudf_inf_key(inf, wdf, line, key, sizeof key, &ignored) != 0)
        snprintf(key, sizeof key, "(a long key)");
    if (inf_prefix(key, "Kmdf", 4))
        why = "is the KMDF co-installer's (openwudf runs no kernel-mode driver)";
    else if (inf_prefix(key, "Umdf", 4))
        why = "is not a UMDF 1 directive";
    for (size_t i = 0; umdf2[i]; i++)
        if (inf_iequal(key, umdf2[i]))
            why = "is a UMDF 2 directive, not read for a UMDF 1 driver";
    if (r->warning_count < kept)
        snprintf(r->warnings[r->warning_count], sizeof r->warnings[0], "%s%s:%u: %.60s %s; ignored",
                 length > 100 ? "..." : "", length > 100 ? name + length - 100 : name,
                 wudf_inf_line_number(inf, wdf, line), key[0] ? key : "a line without a key", why);
    r->warning_count++;
}

/* The device-wide directives: validated, defaults filled in, unknown lines turned into warnings. */
static int inf_read_wdf_directives(const wudf_inf *inf, const char *wdf, wudf_inf_install *r,
                                   wudf_error *err)
{
    const size_t count = sizeof inf_wdf_directives / sizeof inf_wdf_directives[0];
    size_t line;
    int rc;
    for (size_t i = 0; i < count; i++)
        if ((rc = inf_choice(inf, wdf, inf_wdf_directives[i].key, inf_wdf_directives[i].choices,
                             (char *)r + inf_wdf_directives[i].offset, err)) != 0)
            return rc;
    /* Hardware resources (registers, ports, interrupts) are what it allows; openwudf has none to
     * give, so a driver that asks for them cannot work here. */
    if (strcmp(r->direct_hardware_access, "AllowDirectHardwareAccess") == 0 &&
        wudf_inf_find_key(inf, wdf, "UmdfDirectHardwareAccess", 0, &line))
        return wudf_error_set(err, WUDF_EINVAL,
                              "%s:%u: UmdfDirectHardwareAccess=AllowDirectHardwareAccess cannot be "
                              "honoured: openwudf gives drivers no hardware resources (registers, "
                              "ports, interrupts)", wudf_inf_name(inf),
                              wudf_inf_line_number(inf, wdf, line));
    for (line = 0; line < wudf_inf_line_count(inf, wdf); line++) {
        char key[WUDF_INF_TEXT_SIZE] = "";
        wudf_error ignored;
        if (wudf_inf_line_has_key(inf, wdf, line) &&
            wudf_inf_key(inf, wdf, line, key, sizeof key, &ignored) != 0)
            key[0] = '\0';
        int known = key[0] && (inf_iequal(key, "UmdfService") || inf_iequal(key, "UmdfServiceOrder"));
        for (size_t i = 0; i < count && key[0] && !known; i++)
            known = inf_iequal(key, inf_wdf_directives[i].key);
        if (!known)
            inf_warn(inf, wdf, line, r);
    }
    return 0;
}

/* [DDInstall.Wdf]: services in UmdfServiceOrder order, and the device-wide directives. */
static int inf_read_wdf(const wudf_inf *inf, wudf_inf_install *r, const wudf_inf_dirs *dirs,
                        wudf_error *err)
{
    const char *name = wudf_inf_name(inf);
    char wdf[WUDF_INF_TEXT_SIZE + 8], value[WUDF_INF_TEXT_SIZE];
    wudf_inf_service found[WUDF_INF_MAX_SERVICES];
    unsigned lines[WUDF_INF_MAX_SERVICES];
    bool placed[WUDF_INF_MAX_SERVICES] = {false};
    size_t count = 0, line = 0, order;
    int rc;

    snprintf(wdf, sizeof wdf, "%s.Wdf", r->install_section);
    if (!wudf_inf_has_section(inf, wdf))
        return wudf_error_set(err, WUDF_ENOTFOUND,
                              "%s: section [%s] not found: a UMDF driver needs it (UmdfService, "
                              "UmdfServiceOrder)", name, wdf);
    for (size_t at = 0; wudf_inf_find_key(inf, wdf, "UmdfService", at, &line); at = line + 1) {
        unsigned number = wudf_inf_line_number(inf, wdf, line);
        wudf_inf_service *s = &found[count];
        if (count == WUDF_INF_MAX_SERVICES)
            return wudf_error_set(err, WUDF_ETOOBIG, "%s:%u: more than %u UmdfService lines", name,
                                  number, (unsigned)WUDF_INF_MAX_SERVICES);
        memset(s, 0, sizeof *s);
        if (wudf_inf_value_count(inf, wdf, line) != 2)
            return wudf_error_set(err, WUDF_EPARSE,
                                  "%s:%u: UmdfService needs 'UmdfService = name, install-section'",
                                  name, number);
        if ((rc = wudf_inf_value(inf, wdf, line, 0, NULL, s->name, sizeof s->name, err)) != 0 ||
            (rc = wudf_inf_value(inf, wdf, line, 1, NULL, s->install_section,
                                 sizeof s->install_section, err)) != 0)
            return rc;
        if (!s->name[0] || !s->install_section[0])
            return wudf_error_set(err, WUDF_EPARSE, "%s:%u: UmdfService with an empty name or section",
                                  name, number);
        for (size_t i = 0; i < count; i++)
            if (inf_iequal(found[i].name, s->name))
                return wudf_error_set(err, WUDF_EPARSE, "%s:%u: UmdfService '%.60s' defined twice",
                                      name, number, s->name);
        lines[count++] = number;
    }
    if (count == 0)
        return wudf_error_set(err, WUDF_EPARSE, "%s: [%s] has no UmdfService line", name, wdf);

    if ((rc = inf_directive(inf, wdf, "UmdfServiceOrder", true, 1, WUDF_INF_MAX_VALUES, &line,
                            err)) != 0)
        return rc;
    unsigned number = wudf_inf_line_number(inf, wdf, line);
    for (order = 0; order < wudf_inf_value_count(inf, wdf, line); order++) {
        size_t i = 0;
        if ((rc = wudf_inf_value(inf, wdf, line, order, NULL, value, sizeof value, err)) != 0)
            return rc;
        while (i < count && !inf_iequal(found[i].name, value))
            i++;
        if (i == count)
            return wudf_error_set(err, WUDF_EPARSE,
                                  "%s:%u: UmdfServiceOrder names '%.60s', which no UmdfService "
                                  "line defines", name, number, value);
        if (placed[i])
            return wudf_error_set(err, WUDF_EPARSE, "%s:%u: UmdfServiceOrder names '%.60s' twice",
                                  name, number, value);
        placed[i] = true;
        r->services[order] = found[i];
        r->services[order].order = (unsigned)order;
        if ((rc = inf_read_service(inf, lines[i], &r->services[order], dirs, err)) != 0)
            return rc;
    }
    for (size_t i = 0; i < count; i++)
        if (!placed[i])
            return wudf_error_set(err, WUDF_EPARSE,
                                  "%s:%u: UmdfServiceOrder does not name UmdfService '%.60s'", name,
                                  number, found[i].name);
    r->service_count = count;
    return inf_read_wdf_directives(inf, wdf, r, err);
}

int wudf_inf_find_install(const wudf_inf *inf, const char *hardware_id, const char *platform,
                          const wudf_inf_dirs *dirs, wudf_inf_install *out, wudf_error *err)
{
    if (!out)
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_find_install: no result");
    memset(out, 0, sizeof *out);
    if (!inf || !hardware_id || !hardware_id[0] || !platform || !platform[0] || !dirs)
        return wudf_error_set(err, WUDF_EINVAL,
                              "wudf_inf_find_install: missing INF, hardware id, platform or dirs");
    wudf_inf_install *r = calloc(1, sizeof *r);
    inf_match *m = calloc(1, sizeof *m);
    int rc = 0;
    if (!r || !m)
        rc = wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", wudf_inf_name(inf));
    if (rc == 0)
        rc = inf_read_version(inf, r, err);
    if (rc == 0) {
        m->inf = inf;
        m->wanted = hardware_id;
        m->err = err;
        rc = inf_for_each_model(inf, platform, inf_match_model, m, err);
        if (rc == 0) {
            m->compatible = true;
            rc = inf_for_each_model(inf, platform, inf_match_model, m, err);
        }
        if (rc == 0)
            rc = wudf_error_set(err, WUDF_ENOTFOUND,
                                "%s: hardware id '%.100s' not found in the models sections for %.20s",
                                wudf_inf_name(inf), hardware_id, platform);
        else if (rc == -1)
            rc = 0;
    }
    if (rc == 0) {
        if ((rc = inf_copy_text(inf, r->hardware_id, sizeof r->hardware_id, m->id, err)) == 0 &&
            (rc = inf_copy_text(inf, r->models_section, sizeof r->models_section, m->models, err)) == 0 &&
            (rc = wudf_inf_key(inf, m->models, m->line, r->description, sizeof r->description, err)) == 0)
            rc = wudf_inf_key(inf, "Manufacturer", m->manufacturer, r->manufacturer,
                              sizeof r->manufacturer, err);
    }
    if (rc == 0)
        rc = inf_find_ddinstall(inf, m, platform, r, err);
    if (rc == 0)
        rc = inf_read_wdf(inf, r, dirs, err);
    if (rc == 0)
        memcpy(out, r, sizeof *out);
    free(m);
    free(r);
    return rc;
}

int wudf_inf_hardware_id(const wudf_inf *inf, const char *platform, size_t index, char *buf,
                         size_t len, wudf_error *err)
{
    if (!buf || len == 0)
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_hardware_id: no buffer");
    buf[0] = '\0';
    if (!inf || !platform || !platform[0])
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_hardware_id: missing INF or platform");
    inf_match *m = calloc(1, sizeof *m);
    if (!m)
        return wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", wudf_inf_name(inf));
    m->inf = inf;
    m->index = index;
    m->err = err;
    int rc = inf_for_each_model(inf, platform, inf_match_model, m, err);
    if (rc == 0)
        rc = wudf_error_set(err, WUDF_ENOTFOUND, "%s: no hardware id number %u for %.20s",
                            wudf_inf_name(inf), (unsigned)index + 1, platform);
    else if (rc == -1)
        rc = inf_copy_text(inf, buf, len, m->id, err);
    free(m);
    return rc;
}

int wudf_inf_first_hardware_id(const wudf_inf *inf, const char *platform, char *buf, size_t len,
                               wudf_error *err)
{
    return wudf_inf_hardware_id(inf, platform, 0, buf, len, err);
}

/* ---- what a driver package registers: every models line's hardware id ---- */

typedef struct inf_ids {
    const wudf_inf *inf;
    char *buf;
    size_t len, used, count;
    wudf_error *err;
} inf_ids;

static bool inf_ids_has(const inf_ids *c, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = c->buf; *p;) {
        const char *end = strchr(p, ',');
        size_t k = end ? (size_t)(end - p) : strlen(p);
        if (k == n && inf_prefix(p, id, n))
            return true;
        p += k + (end ? 1 : 0);
    }
    return false;
}

static int inf_collect_id(void *context, const char *models, size_t line, size_t manufacturer)
{
    inf_ids *c = context;
    char id[WUDF_INF_TEXT_SIZE];
    (void)manufacturer;
    int rc = inf_check_model_line(c->inf, models, line, c->err);
    if (rc == 0)
        rc = wudf_inf_value(c->inf, models, line, 1, NULL, id, sizeof id, c->err);
    if (rc != 0 || !id[0] || inf_ids_has(c, id))
        return rc;
    size_t n = strlen(id) + (c->used ? 1 : 0);
    if (c->used + n >= c->len)
        return wudf_error_set(c->err, WUDF_ETOOBIG, "%s: its hardware ids take more than %u bytes",
                              wudf_inf_name(c->inf), (unsigned)c->len - 1);
    snprintf(c->buf + c->used, c->len - c->used, "%s%s", c->used ? "," : "", id);
    c->used += n;
    c->count++;
    return 0;
}

int wudf_inf_hardware_ids(const wudf_inf *inf, const char *platform, char *buf, size_t len, size_t *count,
                          wudf_error *err)
{
    if (count)
        *count = 0;
    if (!buf || len == 0)
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_hardware_ids: no buffer");
    buf[0] = '\0';
    if (!inf || !platform || !platform[0])
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_hardware_ids: missing INF or platform");
    inf_ids c = {inf, buf, len, 0, 0, err};
    int rc = inf_for_each_model(inf, platform, inf_collect_id, &c, err);
    if (rc == 0 && c.count == 0)
        rc = wudf_error_set(err, WUDF_ENOTFOUND, "%s: no hardware id in the models sections for %.20s",
                            wudf_inf_name(inf), platform);
    if (rc != 0)
        buf[0] = '\0';
    else if (count)
        *count = c.count;
    return rc;
}
