/*
 * A vendor's test program: it finds devices the standard way, with SetupAPI
 * (by device-interface class, DIGCF_PRESENT, then
 * SetupDiGetDeviceInterfaceDetail and CreateFile on the path), or looks a
 * devnode up by its instance id. test_devtree runs it under Wine; it prints
 * what it saw and exits 0 when all was as asked.
 *
 *   devtree_app count GUID            prints "present N": the interfaces of that class now present
 *   devtree_app echo GUID             opens the first, writes, reads back the same bytes
 *   devtree_app report GUID           opens the first, prints the serial-port driver's report
 *   devtree_app name GUID             opens the first, prints "name=" and the file name the WDK sample
 *                                     driver got (its interface's reference string)
 *   devtree_app watch GUID N [PROBE]  registers for the class's arrivals and removals (a message-only
 *                                     window), prints "watching", then each event until N came;
 *                                     events of the class PROBE too, printed as "probe ...", not
 *                                     counted: they show the registration is live (Wine's listener
 *                                     starts after RegisterDeviceNotification returns)
 *   devtree_app lookup ID             prints the devnode's description, class and hardware ids
 *   devtree_app absent ID             the devnode is not in the tree (ERROR_NO_SUCH_DEVINST)
 *   devtree_app problem ID            prints "problem=N status=0xS" (DEVPKEY_Device_ProblemCode and
 *                                     DEVPKEY_Device_DevNodeStatus)
 *   devtree_app property ID FMTID PID prints "property=N", a UINT32 device property
 *   devtree_app serialcomm            prints the serial ports HKLM\HARDWARE\DEVICEMAP\SERIALCOMM lists,
 *                                     then "comdb" and the port numbers the COM name arbiter holds
 *   devtree_app reg ID dev|drv PATH [N]  prints "NAME=VALUE" of a value in the devnode's hardware
 *                                     (DIREG_DEV) or software (DIREG_DRV) key, PATH "Sub\Name", as
 *                                     a vendor's tool reads it; with N, sets that REG_DWORD first
 *   devtree_app define NAME           makes NAME a DOS device (\Device\Null), as a port of Wine's own
 *                                     is, prints "defined", and keeps it until its input ends
 *   devtree_app comm PORT             a terminal program's calls on PORT (COM7): SetCommState and
 *                                     GetCommState, SetCommTimeouts, WriteFile then ReadFile back,
 *                                     PurgeComm, ClearCommError
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <initguid.h>
#include <devpkey.h>
#include <setupapi.h>
#include <dbt.h>
#include <rpc.h>

#include "serialport_ioctl.h"
#include "wdksample_ioctl.h"

/* "{...}" as a program gets it from its own header or a command line. */
static int parse_guid(const char *text, GUID *guid)
{
    char bare[40];
    size_t n = strlen(text);
    if (n != 38 || text[0] != '{' || text[37] != '}')
        return -1;
    memcpy(bare, text + 1, 36);
    bare[36] = '\0';
    return UuidFromStringA((RPC_CSTR)bare, guid) == RPC_S_OK ? 0 : -1;
}

/* The path of the index-th present interface of the class into path; 0 when there is one. */
static int interface_path(const GUID *guid, DWORD index, char *path, size_t size, char *description, size_t dsize)
{
    HDEVINFO set = SetupDiGetClassDevsA(guid, NULL, NULL, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    if (set == INVALID_HANDLE_VALUE)
        return -1;
    SP_DEVICE_INTERFACE_DATA itf;
    memset(&itf, 0, sizeof itf);
    itf.cbSize = sizeof itf;
    int rc = -1;
    if (SetupDiEnumDeviceInterfaces(set, NULL, guid, index, &itf)) {
        DWORD needed = 0;
        SetupDiGetDeviceInterfaceDetailA(set, &itf, NULL, 0, &needed, NULL);
        SP_DEVICE_INTERFACE_DETAIL_DATA_A *detail = needed ? calloc(1, needed) : NULL;
        SP_DEVINFO_DATA dev;
        memset(&dev, 0, sizeof dev);
        dev.cbSize = sizeof dev;
        if (detail) {
            detail->cbSize = sizeof *detail;
            if (SetupDiGetDeviceInterfaceDetailA(set, &itf, detail, needed, NULL, &dev) &&
                strlen(detail->DevicePath) < size) {
                strcpy(path, detail->DevicePath);
                description[0] = '\0';
                SetupDiGetDeviceRegistryPropertyA(set, &dev, SPDRP_DEVICEDESC, NULL, (BYTE *)description,
                                                  (DWORD)dsize, NULL);
                rc = 0;
            }
        }
        free(detail);
    }
    SetupDiDestroyDeviceInfoList(set);
    return rc;
}

static int count(const GUID *guid)
{
    char path[512], description[256];
    DWORD n = 0;
    while (interface_path(guid, n, path, sizeof path, description, sizeof description) == 0) {
        printf("interface %s (%s)\n", path, description);
        n++;
    }
    printf("present %lu\n", (unsigned long)n);
    return 0;
}

static HANDLE open_first(const GUID *guid)
{
    char path[512], description[256];
    if (interface_path(guid, 0, path, sizeof path, description, sizeof description)) {
        printf("FAILED no present interface (error %lu)\n", GetLastError());
        return INVALID_HANDLE_VALUE;
    }
    printf("interface %s (%s)\n", path, description);
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD error = GetLastError();
        /* What the path's link leads to, if anything: the kernel's side of the failure. */
        char target[300] = "nothing";
        char *reference = strchr(path + 4, '\\');
        if (reference)
            *reference = '\0';
        QueryDosDeviceA(path + 4, target, sizeof target);
        printf("FAILED open (error %lu; %s links to %s)\n", (unsigned long)error, path + 4, target);
    }
    return h;
}

static int echo(const GUID *guid)
{
    HANDLE h = open_first(guid);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    static const char text[] = "found by its interface";
    char back[64] = "";
    DWORD done = 0;
    BOOL ok = WriteFile(h, text, sizeof text, &done, NULL) && done == sizeof text &&
              ReadFile(h, back, sizeof back, &done, NULL) && done == sizeof text && memcmp(back, text, done) == 0;
    printf("%s round trip (error %lu)\n", ok ? "ok" : "FAILED", ok ? 0ul : GetLastError());
    CloseHandle(h);
    return ok ? 0 : 1;
}

static int report(const GUID *guid)
{
    HANDLE h = open_first(guid);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    char out[4097];
    DWORD done = 0;
    BOOL ok = DeviceIoControl(h, IOCTL_SERIALPORT_REPORT, NULL, 0, out, sizeof out - 1, &done, NULL);
    out[ok ? done : 0] = '\0';
    printf("%s report (error %lu)\n%s", ok ? "ok" : "FAILED", ok ? 0ul : GetLastError(), out);
    CloseHandle(h);
    return ok ? 0 : 1;
}

static int name(const GUID *guid)
{
    HANDLE h = open_first(guid);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    char out[256];
    DWORD done = 0;
    BOOL ok = DeviceIoControl(h, IOCTL_WDKSAMPLE_FILE_NAME, NULL, 0, out, sizeof out - 1, &done, NULL);
    out[ok ? done : 0] = '\0';
    printf("%s name=%s (error %lu)\n", ok ? "ok" : "FAILED", out, ok ? 0ul : GetLastError());
    CloseHandle(h);
    return ok ? 0 : 1;
}

static int events_seen, events_wanted;
static GUID probe_class;

static LRESULT CALLBACK on_message(HWND window, UINT message, WPARAM wparam, LPARAM lparam)
{
    if (message == WM_DEVICECHANGE && (wparam == DBT_DEVICEARRIVAL || wparam == DBT_DEVICEREMOVECOMPLETE)) {
        const DEV_BROADCAST_HDR *header = (const DEV_BROADCAST_HDR *)lparam;
        if (header && header->dbch_devicetype == DBT_DEVTYP_DEVICEINTERFACE) {
            const DEV_BROADCAST_DEVICEINTERFACE_W *itf = (const DEV_BROADCAST_DEVICEINTERFACE_W *)header;
            int probe = IsEqualGUID(&itf->dbcc_classguid, &probe_class);
            printf("%s%s %ls\n", probe ? "probe " : "", wparam == DBT_DEVICEARRIVAL ? "arrival" : "removal",
                   itf->dbcc_name);
            fflush(stdout);
            if (!probe && ++events_seen >= events_wanted)
                PostQuitMessage(0);
        }
        return TRUE;
    }
    return DefWindowProcW(window, message, wparam, lparam);
}

/* Bounded: a missing event ends the watch after 60 s with a failure, not a hang. */
static int watch(const GUID *guid, int wanted, const GUID *probe)
{
    events_wanted = wanted;
    WNDCLASSW wc;
    memset(&wc, 0, sizeof wc);
    wc.lpfnWndProc = on_message;
    wc.hInstance = GetModuleHandleA(NULL);
    wc.lpszClassName = L"devtree_app";
    HWND window = RegisterClassW(&wc) ? CreateWindowW(L"devtree_app", L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                                                      wc.hInstance, NULL)
                                      : NULL;
    DEV_BROADCAST_DEVICEINTERFACE_W filter;
    memset(&filter, 0, sizeof filter);
    filter.dbcc_size = sizeof filter;
    filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
    filter.dbcc_classguid = *guid;
    HDEVNOTIFY note = window ? RegisterDeviceNotificationW(window, &filter, DEVICE_NOTIFY_WINDOW_HANDLE) : NULL, probing = NULL;
    if (note && probe) {
        probe_class = *probe;
        filter.dbcc_classguid = *probe;
        probing = RegisterDeviceNotificationW(window, &filter, DEVICE_NOTIFY_WINDOW_HANDLE);
    }
    if (!note || (probe && !probing)) {
        printf("FAILED register (error %lu)\n", GetLastError());
        return 1;
    }
    printf("watching\n");
    fflush(stdout);
    SetTimer(window, 1, 60000, NULL);
    MSG msg;
    while (events_seen < events_wanted && GetMessageW(&msg, NULL, 0, 0) > 0) {
        if (msg.message == WM_TIMER)
            break;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    UnregisterDeviceNotification(note);
    if (probing)
        UnregisterDeviceNotification(probing);
    DestroyWindow(window);
    printf("%s %d of %d events\n", events_seen >= events_wanted ? "ok" : "FAILED", events_seen, events_wanted);
    return events_seen >= events_wanted ? 0 : 1;
}

static int lookup(const char *id, int want_present)
{
    HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA dev;
    memset(&dev, 0, sizeof dev);
    dev.cbSize = sizeof dev;
    BOOL found = set != INVALID_HANDLE_VALUE && SetupDiOpenDeviceInfoA(set, id, NULL, 0, &dev);
    DWORD error = found ? 0 : GetLastError();
    int rc;
    if (!want_present) {
        rc = !found && error == ERROR_NO_SUCH_DEVINST ? 0 : 1;
        printf("%s %s is not in the tree (error %lu)\n", rc ? "FAILED" : "ok", id, (unsigned long)error);
    } else if (!found) {
        rc = 1;
        printf("FAILED %s (error %lu)\n", id, (unsigned long)error);
    } else {
        static const struct {
            const char *name;
            DWORD property;
        } properties[] = {{"desc", SPDRP_DEVICEDESC}, {"class", SPDRP_CLASS},       {"mfg", SPDRP_MFG},
                          {"hwid", SPDRP_HARDWAREID}, {"friendly", SPDRP_FRIENDLYNAME}};
        for (size_t i = 0; i < sizeof properties / sizeof properties[0]; i++) {
            char value[512] = "";
            SetupDiGetDeviceRegistryPropertyA(set, &dev, properties[i].property, NULL, (BYTE *)value, sizeof value - 1,
                                              NULL);
            printf("%s=%s\n", properties[i].name, value);
        }
        rc = 0;
    }
    if (set != INVALID_HANDLE_VALUE)
        SetupDiDestroyDeviceInfoList(set);
    return rc;
}

static int problem(const char *id)
{
    HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA dev;
    memset(&dev, 0, sizeof dev);
    dev.cbSize = sizeof dev;
    ULONG code = 0, status = 0;
    DEVPROPTYPE type;
    BOOL ok = set != INVALID_HANDLE_VALUE && SetupDiOpenDeviceInfoA(set, id, NULL, 0, &dev) &&
              SetupDiGetDevicePropertyW(set, &dev, &DEVPKEY_Device_ProblemCode, &type, (BYTE *)&code, sizeof code,
                                        NULL, 0) &&
              SetupDiGetDevicePropertyW(set, &dev, &DEVPKEY_Device_DevNodeStatus, &type, (BYTE *)&status,
                                        sizeof status, NULL, 0);
    printf("%s problem=%lu status=0x%lx (error %lu)\n", ok ? "ok" : "FAILED", code, status, ok ? 0ul : GetLastError());
    if (set != INVALID_HANDLE_VALUE)
        SetupDiDestroyDeviceInfoList(set);
    return ok ? 0 : 1;
}

static int serialcomm(void)
{
    HKEY key;
    if (RegOpenKeyExA(HKEY_LOCAL_MACHINE, "HARDWARE\\DEVICEMAP\\SERIALCOMM", 0, KEY_READ, &key) != ERROR_SUCCESS) {
        printf("no SERIALCOMM key\n");
        return 0;
    }
    for (DWORD i = 0;; i++) {
        char name[256], data[256];
        DWORD name_size = sizeof name, data_size = sizeof data - 1, type;
        if (RegEnumValueA(key, i, name, &name_size, NULL, &type, (BYTE *)data, &data_size) != ERROR_SUCCESS)
            break;
        data[data_size] = '\0';
        printf("serial %s=%s\n", name, type == REG_SZ ? data : "(not a string)");
    }
    RegCloseKey(key);
    BYTE bits[32];
    DWORD size = sizeof bits;
    printf("comdb");
    if (RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SYSTEM\\CurrentControlSet\\Control\\COM Name Arbiter", 0, KEY_READ, &key) ==
        ERROR_SUCCESS) {
        if (RegQueryValueExA(key, "ComDB", NULL, NULL, bits, &size) == ERROR_SUCCESS)
            for (DWORD i = 0; i < size * 8; i++)
                if (bits[i / 8] & (1u << (i % 8)))
                    printf(" COM%lu", (unsigned long)i + 1);
        RegCloseKey(key);
    }
    printf("\n");
    return 0;
}

static int property(const char *id, const char *fmtid, const char *pid)
{
    DEVPROPKEY key;
    if (parse_guid(fmtid, &key.fmtid))
        return 2;
    key.pid = (DEVPROPID)strtoul(pid, NULL, 10);
    HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA dev;
    memset(&dev, 0, sizeof dev);
    dev.cbSize = sizeof dev;
    ULONG value = 0;
    DEVPROPTYPE type = 0;
    BOOL ok = set != INVALID_HANDLE_VALUE && SetupDiOpenDeviceInfoA(set, id, NULL, 0, &dev) &&
              SetupDiGetDevicePropertyW(set, &dev, &key, &type, (BYTE *)&value, sizeof value, NULL, 0) &&
              type == DEVPROP_TYPE_UINT32;
    printf("%s property=%lu (error %lu)\n", ok ? "ok" : "FAILED", value, ok ? 0ul : GetLastError());
    if (set != INVALID_HANDLE_VALUE)
        SetupDiDestroyDeviceInfoList(set);
    return ok ? 0 : 1;
}

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s (error %lu)\n", ok ? "ok" : "FAILED", what, ok ? 0ul : GetLastError());
    failures += !ok;
}

static int comm(const char *port)
{
    char path[64];
    snprintf(path, sizeof path, "\\\\.\\%s", port);
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    check(h != INVALID_HANDLE_VALUE, "open");
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    DCB dcb;
    memset(&dcb, 0, sizeof dcb);
    dcb.DCBlength = sizeof dcb;
    check(GetCommState(h, &dcb), "GetCommState");
    dcb.BaudRate = CBR_115200;
    dcb.ByteSize = 8;
    dcb.Parity = NOPARITY;
    dcb.StopBits = ONESTOPBIT;
    check(SetCommState(h, &dcb), "SetCommState 115200 8N1");
    DCB back;
    memset(&back, 0, sizeof back);
    back.DCBlength = sizeof back;
    check(GetCommState(h, &back) && back.BaudRate == CBR_115200 && back.ByteSize == 8 && back.Parity == NOPARITY &&
              back.StopBits == ONESTOPBIT,
          "GetCommState says 115200 8N1");
    COMMTIMEOUTS timeouts;
    memset(&timeouts, 0, sizeof timeouts);
    timeouts.ReadTotalTimeoutConstant = 5000;
    timeouts.WriteTotalTimeoutConstant = 5000;
    check(SetCommTimeouts(h, &timeouts), "SetCommTimeouts");
    static const char text[] = "AT\r";
    char reply[16] = "";
    DWORD done = 0;
    check(WriteFile(h, text, 3, &done, NULL) && done == 3, "WriteFile");
    check(ReadFile(h, reply, 3, &done, NULL) && done == 3 && memcmp(reply, text, 3) == 0, "ReadFile loops it back");
    check(PurgeComm(h, PURGE_RXCLEAR | PURGE_TXCLEAR), "PurgeComm");
    DWORD errors = 0;
    COMSTAT stat;
    check(ClearCommError(h, &errors, &stat) && stat.cbInQue == 0, "ClearCommError, nothing queued");
    CloseHandle(h);
    return failures ? 1 : 0;
}

static int reg(const char *id, const char *which, const char *path, const char *set_to)
{
    HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA dev;
    memset(&dev, 0, sizeof dev);
    dev.cbSize = sizeof dev;
    HKEY root = INVALID_HANDLE_VALUE;
    if (set != INVALID_HANDLE_VALUE && SetupDiOpenDeviceInfoA(set, id, NULL, 0, &dev))
        root = SetupDiOpenDevRegKey(set, &dev, DICS_FLAG_GLOBAL, 0, strcmp(which, "drv") == 0 ? DIREG_DRV : DIREG_DEV,
                                    KEY_ALL_ACCESS);
    if (set != INVALID_HANDLE_VALUE)
        SetupDiDestroyDeviceInfoList(set);
    if (root == INVALID_HANDLE_VALUE) {
        printf("FAILED no %s key (error %lu)\n", which, GetLastError());
        return 1;
    }
    char sub[256] = "";
    const char *name = strrchr(path, '\\');
    if (name) {
        snprintf(sub, sizeof sub, "%.*s", (int)(name - path), path);
        name++;
    } else {
        name = path;
    }
    HKEY key = root;
    LONG rc = sub[0] ? RegOpenKeyExA(root, sub, 0, KEY_ALL_ACCESS, &key) : ERROR_SUCCESS;
    if (rc == ERROR_SUCCESS && set_to) {
        DWORD value = (DWORD)strtoul(set_to, NULL, 0);
        rc = RegSetValueExA(key, name, 0, REG_DWORD, (const BYTE *)&value, sizeof value);
    }
    BYTE data[512];
    DWORD type = 0, size = sizeof data - 1;
    if (rc == ERROR_SUCCESS)
        rc = RegQueryValueExA(key, name, NULL, &type, data, &size);
    if (rc != ERROR_SUCCESS)
        printf("FAILED %s (error %ld)\n", path, (long)rc);
    else if (type == REG_DWORD)
        printf("%s=%lu\n", path, (unsigned long)*(const DWORD *)data);
    else if (type == REG_SZ)
        printf("%s=%.*s\n", path, (int)size, (const char *)data);
    else
        printf("%s=(type %lu)\n", path, (unsigned long)type);
    if (key != root)
        RegCloseKey(key);
    RegCloseKey(root);
    return rc == ERROR_SUCCESS ? 0 : 1;
}

static int define(const char *name)
{
    if (!DefineDosDeviceA(DDD_RAW_TARGET_PATH, name, "\\Device\\Null")) {
        printf("FAILED define %s (error %lu)\n", name, GetLastError());
        return 1;
    }
    char target[300] = "";
    QueryDosDeviceA(name, target, sizeof target);
    printf("defined %s=%s\n", name, target);
    char line[16];
    while (fgets(line, sizeof line, stdin))
        ;
    DefineDosDeviceA(DDD_RAW_TARGET_PATH | DDD_REMOVE_DEFINITION | DDD_EXACT_MATCH_ON_REMOVE, name, "\\Device\\Null");
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    GUID guid;
    if (argc == 3 && strcmp(argv[1], "lookup") == 0)
        return lookup(argv[2], 1);
    if (argc == 3 && strcmp(argv[1], "absent") == 0)
        return lookup(argv[2], 0);
    if (argc == 3 && strcmp(argv[1], "problem") == 0)
        return problem(argv[2]);
    if (argc == 5 && strcmp(argv[1], "property") == 0)
        return property(argv[2], argv[3], argv[4]);
    if (argc == 2 && strcmp(argv[1], "serialcomm") == 0)
        return serialcomm();
    if (argc == 3 && strcmp(argv[1], "comm") == 0)
        return comm(argv[2]);
    if (argc == 3 && strcmp(argv[1], "define") == 0)
        return define(argv[2]);
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "reg") == 0)
        return reg(argv[2], argv[3], argv[4], argc == 6 ? argv[5] : NULL);
    if (argc == 3 && parse_guid(argv[2], &guid) == 0) {
        if (strcmp(argv[1], "count") == 0)
            return count(&guid);
        if (strcmp(argv[1], "echo") == 0)
            return echo(&guid);
        if (strcmp(argv[1], "report") == 0)
            return report(&guid);
        if (strcmp(argv[1], "name") == 0)
            return name(&guid);
    }
    GUID probe;
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "watch") == 0 && parse_guid(argv[2], &guid) == 0 &&
        (argc == 4 || parse_guid(argv[4], &probe) == 0))
        return watch(&guid, atoi(argv[3]), argc == 5 ? &probe : NULL);
    fprintf(stderr, "usage: devtree_app count|echo|report|name {GUID} | watch {GUID} N [{PROBE}] | lookup|absent|problem INSTANCE-ID | property ID FMTID PID | serialcomm | comm|define PORT | reg ID dev|drv PATH [N]\n");
    return 2;
}
