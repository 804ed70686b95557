/*
 * A test program for the OSR USB-FX2 learning kit, as a board vendor ships one: Win32 calls only
 * (SetupAPI to find the device, CreateFile, DeviceIoControl, ReadFile/WriteFile on an overlapped
 * handle). test_fx2_app runs it under Wine against the simulated kit. The interface class and I/O
 * controls are those of OSR's samples, so a real kit with OSR's driver should answer it the same way
 * (only the simulated kit is tested).
 *
 *   fx2_app [--link] COMMAND [ARGS]
 *     bargraph [VALUE]        sets the bar graph LEDs to VALUE, or prints them
 *     segment [VALUE]         sets the seven-segment display to VALUE, or prints it
 *     switches                prints the DIP switches
 *     wait-switches TIMEOUT_MS  waits (at most TIMEOUT_MS) for the switches to change, prints them
 *     loopback N              writes N bytes of a pattern to the bulk OUT pipe, reads them back, compares
 *     session                 prints "ready", then runs one command per line of standard input on
 *                             the same open handle, "done" after each, until input ends
 *
 * The device is the first present interface of the kit's class (GUID_DEVINTERFACE_OSRUSBFX2); with
 * --link, \\.\OsrUsbFx2_0, the symbolic link the driver creates. Values are decimal or 0x hex.
 *
 * Output is one line per result, "WHAT key=value ...":
 *   device path=PATH
 *   bargraph set=0xA5 | bargraph get=0xA5 | segment set=0x3F | segment get=0x3F | switches get=0x81
 *   wait-switches pending timeout_ms=N | wait-switches changed=0x81 | wait-switches timeout
 *   loopback bytes=N match=yes|no
 *   error op=OP call=FUNCTION win32=N message="..."
 * Exit codes: 0 all went well, 1 a command failed, 2 usage, 3 no device found, 4 wait-switches timed out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <initguid.h>
#include <setupapi.h>

#include "fx2_ioctl.h"

/* {573E8C73-0CB4-4471-A1BF-FAB26C31D384}: the OSR USB-FX2 device interface class. */
DEFINE_GUID(GUID_DEVINTERFACE_OSRUSBFX2, 0x573e8c73, 0x0cb4, 0x4471, 0xa1, 0xbf, 0xfa, 0xb2, 0x6c, 0x31, 0xd3,
            0x84);

#define FX2_LINK "\\\\.\\OsrUsbFx2_0"
/* How long a call that should answer at once may take: the device may be remote (USB/IP). */
#define CALL_TIMEOUT_MS 30000

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_NO_DEVICE = 3, EXIT_TIMEOUT = 4 };

/* A result line, out at once: the Windows C runtime buffers a pipe fully, line buffering or not, and a
 * test reads the lines while the program runs. */
static void say(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    fflush(stdout);
}

static int report(const char *op, const char *call, DWORD error)
{
    char message[256] = "";
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, error, 0, message,
                             sizeof message, NULL);
    while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == '\r' || message[n - 1] == ' ' ||
                     message[n - 1] == '.'))
        message[--n] = '\0';
    for (DWORD i = 0; i < n; i++)
        if (message[i] == '"')
            message[i] = '\'';
    say("error op=%s call=%s win32=%lu message=\"%s\"\n", op, call, (unsigned long)error,
           n ? message : "unknown error");
    return EXIT_FAILED;
}

/* ---- Finding and opening the device ---- */

/* The path of the first present interface of the kit's class; 0 when there is one. */
static int interface_path(char *path, size_t size)
{
    const GUID *guid = &GUID_DEVINTERFACE_OSRUSBFX2;
    HDEVINFO set = SetupDiGetClassDevsA(guid, NULL, NULL, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    if (set == INVALID_HANDLE_VALUE)
        return -1;
    SP_DEVICE_INTERFACE_DATA itf;
    memset(&itf, 0, sizeof itf);
    itf.cbSize = sizeof itf;
    int rc = -1;
    if (SetupDiEnumDeviceInterfaces(set, NULL, guid, 0, &itf)) {
        DWORD needed = 0;
        SetupDiGetDeviceInterfaceDetailA(set, &itf, NULL, 0, &needed, NULL);
        SP_DEVICE_INTERFACE_DETAIL_DATA_A *detail = needed ? calloc(1, needed) : NULL;
        if (detail) {
            detail->cbSize = sizeof *detail;
            if (SetupDiGetDeviceInterfaceDetailA(set, &itf, detail, needed, NULL, NULL) &&
                strlen(detail->DevicePath) < size) {
                strcpy(path, detail->DevicePath);
                rc = 0;
            }
        }
        free(detail);
    }
    SetupDiDestroyDeviceInfoList(set);
    return rc;
}

static int open_device(int by_link, HANDLE *device)
{
    char path[512];
    if (by_link)
        snprintf(path, sizeof path, "%s", FX2_LINK);
    else if (interface_path(path, sizeof path)) {
        say("error op=find call=SetupDiEnumDeviceInterfaces win32=%lu message=\"no OSR USB-FX2 device is "
               "present\"\n",
               (unsigned long)GetLastError());
        return EXIT_NO_DEVICE;
    }
    say("device path=%s\n", path);
    *device = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                          OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    if (*device == INVALID_HANDLE_VALUE) {
        DWORD error = GetLastError();
        report("open", "CreateFile", error);
        return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND ? EXIT_NO_DEVICE : EXIT_FAILED;
    }
    return EXIT_OK;
}

/* ---- Overlapped I/O with a bound ---- */

typedef struct pending_call {
    OVERLAPPED overlapped;
    BOOL started;   /* what the call returned */
    DWORD error;    /* its GetLastError */
} pending_call;

static int call_begin(pending_call *call)
{
    memset(call, 0, sizeof *call);
    call->overlapped.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    return call->overlapped.hEvent ? 0 : -1;
}

/* Waits up to timeout_ms for the call to end, then cancels it. 1 when it ended by itself (*ok, *done and
 * the last error say how), 0 when the cancel ended it. */
static int call_end(HANDLE device, pending_call *call, DWORD timeout_ms, BOOL *ok, DWORD *done)
{
    *done = 0;
    if (!call->started && call->error != ERROR_IO_PENDING) {
        *ok = FALSE;
        CloseHandle(call->overlapped.hEvent);
        SetLastError(call->error);
        return 1;
    }
    int cancelled = 0;
    if (WaitForSingleObject(call->overlapped.hEvent, timeout_ms) != WAIT_OBJECT_0) {
        CancelIoEx(device, &call->overlapped);
        cancelled = 1;
        /* The OVERLAPPED must outlive the call: a call the cancel does not end ends the program. */
        if (WaitForSingleObject(call->overlapped.hEvent, CALL_TIMEOUT_MS) != WAIT_OBJECT_0) {
            say("error op=cancel call=CancelIoEx win32=%lu message=\"the cancelled call did not end\"\n",
                (unsigned long)ERROR_TIMEOUT);
            ExitProcess(EXIT_FAILED);
        }
    }
    *ok = GetOverlappedResult(device, &call->overlapped, done, FALSE);
    DWORD error = GetLastError();
    CloseHandle(call->overlapped.hEvent);
    SetLastError(error);
    return !cancelled || *ok || error != ERROR_OPERATION_ABORTED;
}

static int ioctl(HANDLE device, const char *op, DWORD code, void *in, DWORD in_size, void *out, DWORD out_size,
                 DWORD *done)
{
    pending_call call;
    if (call_begin(&call))
        return report(op, "CreateEvent", GetLastError());
    call.started = DeviceIoControl(device, code, in, in_size, out, out_size, done, &call.overlapped);
    call.error = GetLastError();
    BOOL ok;
    if (!call_end(device, &call, CALL_TIMEOUT_MS, &ok, done))
        return report(op, "DeviceIoControl", ERROR_TIMEOUT);
    return ok ? EXIT_OK : report(op, "DeviceIoControl", GetLastError());
}

/* ---- The commands ---- */

static int parse_byte(const char *text, UCHAR *value)
{
    char *end = NULL;
    unsigned long v = strtoul(text, &end, 0);
    if (!*text || *end || v > 0xff)
        return -1;
    *value = (UCHAR)v;
    return 0;
}

/* A one-byte display: set it (value given) or print it. */
static int display(HANDLE device, const char *name, DWORD set_code, DWORD get_code, const char *value)
{
    UCHAR byte = 0;
    DWORD done = 0;
    if (value) {
        if (parse_byte(value, &byte)) {
            say("error op=%s call=none win32=0 message=\"%s is not a byte value\"\n", name, value);
            return EXIT_USAGE;
        }
        int rc = ioctl(device, name, set_code, &byte, 1, NULL, 0, &done);
        if (rc == EXIT_OK)
            say("%s set=0x%02X\n", name, byte);
        return rc;
    }
    int rc = ioctl(device, name, get_code, NULL, 0, &byte, 1, &done);
    if (rc != EXIT_OK)
        return rc;
    if (done != 1) {
        say("error op=%s call=DeviceIoControl win32=0 message=\"%lu bytes returned, expected 1\"\n", name,
               (unsigned long)done);
        return EXIT_FAILED;
    }
    say("%s get=0x%02X\n", name, byte);
    return EXIT_OK;
}

static int read_switches(HANDLE device)
{
    UCHAR switches = 0;
    DWORD done = 0;
    int rc = ioctl(device, "switches", IOCTL_OSRUSBFX2_READ_SWITCHES, NULL, 0, &switches, 1, &done);
    if (rc == EXIT_OK)
        say("switches get=0x%02X\n", switches);
    return rc;
}

/* The interrupt message is pended by the driver until the switches change. */
static int wait_switches(HANDLE device, const char *timeout_text)
{
    char *end = NULL;
    unsigned long timeout_ms = strtoul(timeout_text, &end, 0);
    if (!*timeout_text || *end || timeout_ms >= INFINITE) {
        say("error op=wait-switches call=none win32=0 message=\"%s is not a timeout in ms\"\n", timeout_text);
        return EXIT_USAGE;
    }
    pending_call call;
    if (call_begin(&call))
        return report("wait-switches", "CreateEvent", GetLastError());
    UCHAR switches = 0;
    DWORD done = 0;
    call.started = DeviceIoControl(device, IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE, NULL, 0, &switches, 1, &done,
                                   &call.overlapped);
    call.error = GetLastError();
    if (!call.started && call.error == ERROR_IO_PENDING)
        say("wait-switches pending timeout_ms=%lu\n", timeout_ms);
    BOOL ok;
    if (!call_end(device, &call, (DWORD)timeout_ms, &ok, &done)) {
        say("wait-switches timeout\n");
        return EXIT_TIMEOUT;
    }
    if (!ok)
        return report("wait-switches", "DeviceIoControl", GetLastError());
    say("wait-switches changed=0x%02X\n", switches);
    return EXIT_OK;
}

static int transfer(HANDLE device, const char *op, int write, UCHAR *buffer, DWORD size, DWORD *done)
{
    pending_call call;
    if (call_begin(&call))
        return report(op, "CreateEvent", GetLastError());
    call.started = write ? WriteFile(device, buffer, size, done, &call.overlapped)
                         : ReadFile(device, buffer, size, done, &call.overlapped);
    call.error = GetLastError();
    BOOL ok;
    const char *name = write ? "WriteFile" : "ReadFile";
    if (!call_end(device, &call, CALL_TIMEOUT_MS, &ok, done))
        return report(op, name, ERROR_TIMEOUT);
    return ok ? EXIT_OK : report(op, name, GetLastError());
}

static int loopback(HANDLE device, const char *count_text)
{
    char *end = NULL;
    unsigned long size = strtoul(count_text, &end, 0);
    if (!*count_text || *end || size == 0 || size > 16ul * 1024 * 1024) {
        say("error op=loopback call=none win32=0 message=\"%s is not a byte count (1 to 16 MiB)\"\n",
               count_text);
        return EXIT_USAGE;
    }
    UCHAR *out = malloc(size), *in = malloc(size);
    if (!out || !in) {
        free(out);
        free(in);
        return report("loopback", "malloc", ERROR_NOT_ENOUGH_MEMORY);
    }
    for (unsigned long i = 0; i < size; i++)
        out[i] = (UCHAR)(i * 13 + (i >> 8) + 1);
    memset(in, 0, size);
    DWORD written = 0, read = 0;
    int rc = transfer(device, "loopback", 1, out, (DWORD)size, &written);
    if (rc == EXIT_OK && written != size) {
        say("error op=loopback call=WriteFile win32=0 message=\"wrote %lu of %lu bytes\"\n",
               (unsigned long)written, size);
        rc = EXIT_FAILED;
    }
    /* The kit may hand the bytes back in more than one read (a short packet ends each). */
    while (rc == EXIT_OK && read < size) {
        DWORD got = 0;
        rc = transfer(device, "loopback", 0, in + read, (DWORD)size - read, &got);
        if (rc == EXIT_OK && got == 0) {
            say("error op=loopback call=ReadFile win32=0 message=\"read ended after %lu of %lu bytes\"\n",
                   (unsigned long)read, size);
            rc = EXIT_FAILED;
        }
        read += got;
    }
    if (rc == EXIT_OK) {
        int match = memcmp(in, out, size) == 0;
        say("loopback bytes=%lu match=%s\n", size, match ? "yes" : "no");
        rc = match ? EXIT_OK : EXIT_FAILED;
    }
    free(out);
    free(in);
    return rc;
}

static void usage(void)
{
    fprintf(stderr, "usage: fx2_app [--link] bargraph [VALUE] | segment [VALUE] | switches |\n"
                    "       wait-switches TIMEOUT_MS | loopback N | session\n");
}

static int known(const char *command)
{
    static const char *const commands[] = {"bargraph", "segment", "switches", "wait-switches", "loopback"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(command, commands[i]) == 0)
            return 1;
    return 0;
}

/* One command on an open device; argv[0] is its name. */
static int run(HANDLE device, int argc, char **argv)
{
    const char *command = argv[0];
    const char *arg = argc >= 2 ? argv[1] : NULL;
    if (argc > 2)
        goto bad;
    if (strcmp(command, "bargraph") == 0)
        return display(device, "bargraph", IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY,
                       IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY, arg);
    if (strcmp(command, "segment") == 0)
        return display(device, "segment", IOCTL_OSRUSBFX2_SET_7_SEGMENT_DISPLAY,
                       IOCTL_OSRUSBFX2_GET_7_SEGMENT_DISPLAY, arg);
    if (strcmp(command, "switches") == 0 && !arg)
        return read_switches(device);
    if (strcmp(command, "wait-switches") == 0 && arg)
        return wait_switches(device, arg);
    if (strcmp(command, "loopback") == 0 && arg)
        return loopback(device, arg);
bad:
    usage();
    return EXIT_USAGE;
}

/* Commands from standard input, one a line, on one handle: what a handle does across a removal. */
static int session(HANDLE device)
{
    int rc = EXIT_OK;
    char line[256];
    say("ready\n");
    while (fgets(line, sizeof line, stdin)) {
        char *argv[4];
        int argc = 0;
        for (char *word = strtok(line, " \t\r\n"); word && argc < 4; word = strtok(NULL, " \t\r\n"))
            argv[argc++] = word;
        if (argc == 0)
            continue;
        int one = run(device, argc, argv);
        if (one != EXIT_OK)
            rc = one;
        say("done\n");
    }
    return rc;
}

int main(int argc, char **argv)
{
    int by_link = 0;
    int first = 1;
    if (argc > first && strcmp(argv[first], "--link") == 0)
        by_link = 1, first++;
    if (argc <= first) {
        usage();
        return EXIT_USAGE;
    }
    int is_session = strcmp(argv[first], "session") == 0;
    if (is_session ? argc != first + 1 : !known(argv[first])) {
        usage();
        return EXIT_USAGE;
    }
    HANDLE device;
    int rc = open_device(by_link, &device);
    if (rc != EXIT_OK)
        return rc;
    rc = is_session ? session(device) : run(device, argc - first, argv + first);
    CloseHandle(device);
    return rc;
}
