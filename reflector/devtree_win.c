/*
 * wudfrd --kernel (Windows): the devnodes in the machine's device tree, where
 * SetupAPI and CfgMgr32 find them. A driver's OnDeviceAdd may look itself up
 * by the id RetrieveDeviceInstanceId gives it (SetupDiOpenDeviceInfo, then
 * SetupDiGetDeviceRegistryProperty), so each devnode is there, with its ids,
 * description, manufacturer and class, before its first host starts. It
 * stays while the reflector is down, as a device not present does on Windows,
 * and leaves when it is uninstalled. Only the reflector attached to
 * reflector.sys writes there: there is one per machine.
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <initguid.h>
#include <devpkey.h>
#include <setupapi.h>

#include "kernel.h"
#include "kernel_win.h"
#include "log.h"
#include "reflector.h"

/* "Other devices", where Windows puts a device whose INF names no class. */
#define OTHER_CLASS_GUID "{4D36E97E-E325-11CE-BFC1-08002BE10318}"
#define TRACKED_MAX 1024

/* DN_ flags of cfg.h, whose CM_PROB_ names reflector.h has too. */
#define NODE_ROOT_ENUMERATED 0x1u
#define NODE_DRIVER_LOADED 0x2u
#define NODE_STARTED 0x8u
#define NODE_HAS_PROBLEM 0x400u
#define NODE_DISABLEABLE 0x2000u

/* A devnode written this session, with the state its status properties last said. */
typedef struct tracked_node {
    uint32_t handle;
    int state;
    int problem;
} tracked_node;

static tracked_node tracked[TRACKED_MAX];
static size_t tracked_count;

static tracked_node *find_tracked(uint32_t handle)
{
    for (size_t i = 0; i < tracked_count; i++)
        if (tracked[i].handle == handle)
            return &tracked[i];
    return NULL;
}

static void untrack(uint32_t handle)
{
    tracked_node *t = find_tracked(handle);
    if (t)
        *t = tracked[--tracked_count];
}

/* Its problem code and status, as CfgMgr32 reports them and SetupAPI's device properties hold them
 * (DEVPKEY_Device_ProblemCode, DEVPKEY_Device_DevNodeStatus): Wine's CM_Get_DevNode_Status is a
 * stub, so programs under Wine read these. */
static int write_status(HDEVINFO set, SP_DEVINFO_DATA *data, const wudf_devnode *d)
{
    ULONG problem = (ULONG)d->problem;
    ULONG status = NODE_DISABLEABLE | (_strnicmp(d->instance_id, "ROOT\\", 5) == 0 ? NODE_ROOT_ENUMERATED : 0);
    if (d->state == WUDF_DN_STARTED)
        status |= NODE_DRIVER_LOADED | NODE_STARTED;
    if (problem)
        status |= NODE_HAS_PROBLEM;
    return SetupDiSetDevicePropertyW(set, data, &DEVPKEY_Device_ProblemCode, DEVPROP_TYPE_UINT32, (const BYTE *)&problem,
                                     sizeof problem, 0) &&
                   SetupDiSetDevicePropertyW(set, data, &DEVPKEY_Device_DevNodeStatus, DEVPROP_TYPE_UINT32,
                                             (const BYTE *)&status, sizeof status, 0)
               ? 0
               : -1;
}

/* UTF-16 of UTF-8 text into out (count characters); NULL when it does not convert. */
WCHAR *kwin_widen(const char *text, WCHAR *out, int count)
{
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, out, count) > 0 ? out : NULL;
}

WCHAR *kwin_registry_text(const uint8_t *data, size_t size, DWORD *bytes)
{
    WCHAR *text = malloc((size + 1) * sizeof(WCHAR));
    int n = !text || !size ? 0 : MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, (const char *)data, (int)size,
                                                      text, (int)size);
    if (!text || (size && n <= 0)) {
        free(text);
        return NULL;
    }
    text[n++] = 0;
    *bytes = (DWORD)(n * sizeof(WCHAR));
    return text;
}

HDEVINFO kwin_open_devinfo(const wudf_devnode *d, SP_DEVINFO_DATA *data)
{
    WCHAR id[KWIN_DEVICE_ID_MAX];
    memset(data, 0, sizeof *data);
    data->cbSize = sizeof *data;
    if (!kwin_widen(d->instance_id, id, KWIN_DEVICE_ID_MAX)) {
        SetLastError(ERROR_INVALID_DEVINST_NAME);
        return INVALID_HANDLE_VALUE;
    }
    HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
    if (set != INVALID_HANDLE_VALUE && !SetupDiOpenDeviceInfoW(set, id, NULL, 0, data)) {
        DWORD error = GetLastError();
        SetupDiDestroyDeviceInfoList(set);
        SetLastError(error);
        return INVALID_HANDLE_VALUE;
    }
    return set;
}

int kwin_parse_guid(const char *text, GUID *guid)
{
    unsigned long d1;
    unsigned d2, d3, b[8];
    if (strlen(text) != 38 || sscanf(text, "{%8lx-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &d1, &d2, &d3, &b[0], &b[1],
                                     &b[2], &b[3], &b[4], &b[5], &b[6], &b[7]) != 11)
        return -1;
    guid->Data1 = (DWORD)d1;
    guid->Data2 = (WORD)d2;
    guid->Data3 = (WORD)d3;
    for (int i = 0; i < 8; i++)
        guid->Data4[i] = (BYTE)b[i];
    return 0;
}

/* A REG_MULTI_SZ of also's ids, then list's (each separated by commas or semicolons); its size in bytes. */
static DWORD multi_sz(const char *list, const char *also, WCHAR *out, size_t count)
{
    size_t at = 0;
    for (const char *src = also; src; src = src == also ? list : NULL) {
        const char *p = src;
        while (*p) {
            while (*p == ' ' || *p == ',' || *p == ';')
                p++;
            size_t n = strcspn(p, ",;");
            while (n && p[n - 1] == ' ')
                n--;
            if (n && at + n + 2 < count) {
                for (size_t i = 0; i < n; i++)
                    out[at++] = (WCHAR)(unsigned char)p[i];
                out[at++] = 0;
            }
            p += strcspn(p, ",;");
        }
    }
    out[at++] = 0;
    return (DWORD)(at * sizeof(WCHAR));
}

static BOOL set_text(HDEVINFO set, SP_DEVINFO_DATA *data, DWORD property, const char *text)
{
    WCHAR w[512];
    if (!text[0] || !kwin_widen(text, w, 512))
        return TRUE;
    return SetupDiSetDeviceRegistryPropertyW(set, data, property, (const BYTE *)w,
                                             (DWORD)((wcslen(w) + 1) * sizeof(WCHAR)));
}

/* The driver key's description of the installed driver, as Windows writes it at installation
 * (SetupAPI's driver node: DriverDesc, ProviderName, DriverVersion, DriverDate, InfPath, InfSection,
 * MatchingDeviceId); SetupDiCreateDevRegKey also links it from the devnode (SPDRP_DRIVER). */
static int write_driver_key(HDEVINFO set, SP_DEVINFO_DATA *data, const wudf_devnode *d)
{
    HKEY key = SetupDiCreateDevRegKeyW(set, data, DICS_FLAG_GLOBAL, 0, DIREG_DRV, NULL, NULL);
    if (key == INVALID_HANDLE_VALUE)
        return -1;
    const struct {
        const char *name;
        const char *value;
    } values[] = {
        {"DriverDesc", d->description},     {"ProviderName", d->provider},  {"DriverVersion", d->driver_version},
        {"DriverDate", d->driver_date},     {"InfPath", d->inf_name},       {"InfSection", d->install_section},
        {"MatchingDeviceId", d->hardware_id},
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        WCHAR name[32], text[512];
        if (!values[i].value[0])
            continue;
        if (!kwin_widen(values[i].name, name, 32) || !kwin_widen(values[i].value, text, 512) ||
            RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)text, (DWORD)((wcslen(text) + 1) * sizeof(WCHAR))))
            rc = -1;
    }
    RegCloseKey(key);
    return rc;
}

static int write_properties(HDEVINFO set, SP_DEVINFO_DATA *data, const wudf_devnode *d, const char *class_guid)
{
    WCHAR ids[700];
    /* A USB devnode's ids are its device's (hardware, then compatible, as usb_ids lists them); a root
     * devnode's is the INF's hardware id. */
    DWORD size = multi_sz(d->usb ? d->usb_ids : "", d->usb ? NULL : d->hardware_id, ids, 700);
    if (!SetupDiSetDeviceRegistryPropertyW(set, data, SPDRP_HARDWAREID, (const BYTE *)ids, size))
        return -1;
    const char *class_name = d->class_name[0] ? d->class_name : "Unknown";
    if (!set_text(set, data, SPDRP_DEVICEDESC, d->description) || !set_text(set, data, SPDRP_MFG, d->manufacturer) ||
        !set_text(set, data, SPDRP_CLASS, class_name) || !set_text(set, data, SPDRP_CLASSGUID, class_guid))
        return -1;
    DWORD flags = 0;
    if (!SetupDiSetDeviceRegistryPropertyW(set, data, SPDRP_CONFIGFLAGS, (const BYTE *)&flags, sizeof flags))
        return -1;
    return write_driver_key(set, data, d);
}

int kwin_devtree_has(uint32_t handle)
{
    return find_tracked(handle) != NULL;
}

void kwin_devtree_update(const wudf_devnode *d)
{
    tracked_node *t = d->removed ? NULL : find_tracked(d->handle);
    if (d->removed || (t && t->state == (int)d->state && t->problem == d->problem))
        return;
    if (!t && tracked_count >= TRACKED_MAX) {
        wudf_log(WUDF_LOG_WARN, "devtree-refused", "device=%s reason=\"more than %d devices\"", d->instance_id,
                 TRACKED_MAX);
        return;
    }
    const char *class_guid = d->class_guid[0] ? d->class_guid : OTHER_CLASS_GUID;
    GUID guid;
    WCHAR id[KWIN_DEVICE_ID_MAX], description[256];
    if (kwin_parse_guid(class_guid, &guid) || !kwin_widen(d->instance_id, id, KWIN_DEVICE_ID_MAX)) {
        wudf_log(WUDF_LOG_WARN, "devtree-refused", "device=%s reason=\"bad class guid or instance id\"", d->instance_id);
        return;
    }
    HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA data;
    memset(&data, 0, sizeof data);
    data.cbSize = sizeof data;
    const char *step = "create";
    int created = 0;
    if (set == INVALID_HANDLE_VALUE) {
        step = "open-set";
    } else if (t) {
        step = SetupDiOpenDeviceInfoW(set, id, NULL, 0, &data) ? NULL : "open";
    } else if (SetupDiCreateDeviceInfoW(set, id, &guid, kwin_widen(d->description, description, 256), NULL, 0, &data)) {
        created = 1;
        step = SetupDiRegisterDeviceInfo(set, &data, 0, NULL, NULL, NULL) ? NULL : "register";
    } else if (GetLastError() == ERROR_DEVINST_ALREADY_EXISTS) {
        step = SetupDiOpenDeviceInfoW(set, id, NULL, 0, &data) ? NULL : "open";
    }
    /* Its keys first (they may be replaced), then the install's facts on top of them. */
    if (!step && !t)
        kwin_registry_adopt(d);
    if (!step && !t && write_properties(set, &data, d, class_guid))
        step = "properties";
    if (!step && write_status(set, &data, d))
        step = "status";
    DWORD error = step ? GetLastError() : 0;
    if (set != INVALID_HANDLE_VALUE)
        SetupDiDestroyDeviceInfoList(set);
    if (step) {
        wudf_log(WUDF_LOG_WARN, "devtree-failed", "device=%s step=%s error=%lu", d->instance_id, step, error);
        return;
    }
    if (!t) {
        t = &tracked[tracked_count++];
        t->handle = d->handle;
        wudf_log(WUDF_LOG_INFO, "devtree-device", "device=%s class=%s action=%s", d->instance_id, class_guid,
                 created ? "created" : "updated");
    }
    t->state = (int)d->state;
    t->problem = d->problem;
    wudf_log(WUDF_LOG_DEBUG, "devtree-status", "device=%s state=%s problem=%d", d->instance_id,
             wudf_devnode_state_name(d), d->problem);
}

void wudf_kernel_devnode_uninstalled(wudf_devnode *d)
{
    if (!kwin_active())
        return;
    untrack(d->handle);
    SP_DEVINFO_DATA data;
    HDEVINFO set = kwin_open_devinfo(d, &data);
    BOOL ok = set != INVALID_HANDLE_VALUE && SetupDiRemoveDevice(set, &data);
    DWORD error = ok ? 0 : GetLastError();
    if (set != INVALID_HANDLE_VALUE)
        SetupDiDestroyDeviceInfoList(set);
    if (ok)
        wudf_log(WUDF_LOG_INFO, "devtree-device", "device=%s action=removed", d->instance_id);
    else if (error != ERROR_NO_SUCH_DEVINST)
        wudf_log(WUDF_LOG_WARN, "devtree-failed", "device=%s step=remove error=%lu", d->instance_id, error);
}
