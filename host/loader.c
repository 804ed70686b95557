/*
 * Loading a driver module (the INF's service binary) with uv_dlopen and
 * finding its COM entry point, DllGetClassObject. A module built with a
 * UMDF header newer than this host (Microsoft_WDF_UMDF_Version) is refused.
 *
 * Windows' loader calls a DLL's DllMain with DLL_PROCESS_ATTACH when it is
 * loaded and DLL_PROCESS_DETACH when it is unloaded; WDK drivers start and
 * stop their tracing there (WPP_INIT_TRACING, WPP_CLEANUP). Elsewhere the
 * host does the same for a module that exports DllMain, and a FALSE from
 * DLL_PROCESS_ATTACH fails the load as LoadLibrary fails it.
 */
#include "host.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "platform.h"

typedef BOOL(WINAPI *dll_main_fn)(HINSTANCE instance, DWORD reason, LPVOID reserved);

struct wudf_module {
    uv_lib_t lib;
    dll_main_fn dll_main; /* NULL on Windows, where the system loader calls it */
    char path[1024];
};

#ifdef _WIN32
static int module_attach(wudf_module *m, wudf_error *err)
{
    (void)m;
    (void)err;
    return 0;
}
#else
static int module_attach(wudf_module *m, wudf_error *err)
{
    void *entry = NULL;
    if (uv_dlsym(&m->lib, "DllMain", &entry) || !entry)
        return 0;
    memcpy(&m->dll_main, &entry, sizeof entry);
    if (!m->dll_main((HINSTANCE)m->lib.handle, DLL_PROCESS_ATTACH, NULL)) {
        m->dll_main = NULL; /* Windows sends no DLL_PROCESS_DETACH after a failed attach */
        return wudf_error_set(err, WUDF_EIO, "%s: DllMain(DLL_PROCESS_ATTACH) returned FALSE", m->path);
    }
    return 0;
}
#endif

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
    if ((rc = module_attach(m, err)) != 0) {
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
    if (m->dll_main)
        m->dll_main((HINSTANCE)m->lib.handle, DLL_PROCESS_DETACH, NULL);
    uv_dlclose(&m->lib);
    free(m);
}
