/*
 * Loading a driver module (the INF's service binary) with uv_dlopen and
 * finding its COM entry point, DllGetClassObject. A module built with a
 * UMDF header newer than this host (Microsoft_WDF_UMDF_Version) is refused.
 */
#include "host.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "platform.h"

struct wudf_module {
    uv_lib_t lib;
    char path[1024];
};

int wudf_module_load(const char *binary, wudf_module **out, wudf_get_class_object_fn *get_class_object,
                     wudf_error *err)
{
    wudf_module *m = calloc(1, sizeof *m);
    if (!m)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    int rc = wudf_host_module_path(binary, m->path, sizeof m->path, err);
    if (rc) {
        free(m);
        return rc;
    }
    if (uv_dlopen(m->path, &m->lib)) {
        rc = wudf_error_set(err, WUDF_EIO, "cannot load %s: %s", m->path, uv_dlerror(&m->lib));
        uv_dlclose(&m->lib);
        free(m);
        return rc;
    }
    void *version = NULL;
    if (uv_dlsym(&m->lib, "Microsoft_WDF_UMDF_Version", &version) == 0 && version) {
        const UMDF_VERSION_DATA *v = version;
        if (v->MajorNumber > 1 || (v->MajorNumber == 1 && v->MinorNumber > 11)) {
            rc = wudf_error_set(err, WUDF_ESTATE, "%s was built for UMDF %lu.%lu; this host provides 1.11", m->path,
                                (unsigned long)v->MajorNumber, (unsigned long)v->MinorNumber);
            uv_dlclose(&m->lib);
            free(m);
            return rc;
        }
        wudf_log(WUDF_LOG_DEBUG, "module-version", "umdf=%lu.%lu.%lu", (unsigned long)v->MajorNumber,
                 (unsigned long)v->MinorNumber, (unsigned long)v->ServiceNumber);
    }
    void *entry = NULL;
    if (uv_dlsym(&m->lib, "DllGetClassObject", &entry) || !entry) {
        rc = wudf_error_set(err, WUDF_EINVAL, "%s does not export DllGetClassObject", m->path);
        uv_dlclose(&m->lib);
        free(m);
        return rc;
    }
    /* Data and function pointers share a representation on every platform libuv supports. */
    memcpy(get_class_object, &entry, sizeof entry);
    wudf_log(WUDF_LOG_INFO, "module-loaded", "path=%s", m->path);
    *out = m;
    return 0;
}

void wudf_module_unload(wudf_module *m)
{
    if (!m)
        return;
    uv_dlclose(&m->lib);
    free(m);
}
