/*
 * Property stores end to end, with a driver written the WDK way (tests/wdk/serialport) installed from
 * its stamped INF into the real reflector:
 *   - what the INF's AddReg put in the hardware key (Device Parameters, a subkey) and the software
 *     key reaches the driver through IWDFDeviceInitialize's store, IWDFPropertyStoreFactory (root,
 *     default service subkey, subkeys, create flags and dispositions) and IWDFNamedPropertyStore2,
 *     with UMDF's types; its unified store has the device's hardware ids;
 *   - its COM port interface's key (WdfPropertyStoreRootClassDeviceInterfaceKey), named and unified:
 *     there once the driver created the interface, STATUS_OBJECT_NAME_NOT_FOUND for one it did not;
 *   - what the driver writes (a counter, a port name, its friendly name, the interface's values)
 *     persists across a `wudfctl restart` and a restart of the reflector, and its volatile key only
 *     across the first;
 *   - a value set with wudfctl property is what the driver reads at its next start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "serialport_ioctl.h"

#define T 15000
#define DEVICE "ROOT\\SERIALPORT\\0000"
/* GUID_DEVINTERFACE_COMPORT's key in the interface root: no reference string. */
#define COMPORT_KEY "{86E0D1E0-8089-11D0-9CE4-08003E301F73}\\#"

static harness the_harness;

static int start(void **state)
{
    harness_options options;
    memset(&options, 0, sizeof options);
    if (harness_start(&the_harness, &options))
        return -1;
    *state = &the_harness;
    return 0;
}

static int stop(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000);
    harness_cleanup(h);
    return rc == 0 ? 0 : -1;
}

/* The driver's report (serialport_ioctl.h), NUL-terminated. */
static void report(harness *h, char *out, size_t size)
{
    wudf_client *c = harness_client(h);
    wudf_handle f;
    uint32_t n = 0;
    assert_int_equal(wudf_open(c, "\\\\.\\SerialPort0", T, &f), 0);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_SERIALPORT_REPORT, NULL, 0, out, (uint32_t)size - 1, &n, T), 0);
    out[n] = '\0';
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* Asserts that the report has the line "name=value". */
static void expect(const char *text, const char *name, const char *value)
{
    char line[300];
    snprintf(line, sizeof line, "%s=%s\n", name, value);
    const char *at = strstr(text, line);
    while (at && at != text && at[-1] != '\n')
        at = strstr(at + 1, line);
    if (!at) {
        fprintf(stderr, "report lacks '%s=%s':\n%s", name, value, text);
        fail();
    }
}

static int32_t property(harness *h, const char *action, const char *root, const char *path, const char *name,
                        const char *entry, wudf_kv *reply)
{
    wudf_kv req;
    wudf_kv_init(&req);
    wudf_kv_add(&req, "op", "property", NULL);
    wudf_kv_add(&req, "device", DEVICE, NULL);
    if (action)
        wudf_kv_add(&req, "action", action, NULL);
    if (root)
        wudf_kv_add(&req, "root", root, NULL);
    if (path)
        wudf_kv_add(&req, "path", path, NULL);
    if (name)
        wudf_kv_add(&req, "name", name, NULL);
    if (entry)
        wudf_kv_add(&req, "entry", entry, NULL);
    int32_t st = harness_tool_kv(h, &req, reply);
    wudf_kv_free(&req);
    return st;
}

/* Whether the listing of the device's values has this entry (its text form). */
static int listed(harness *h, const char *key, const char *entry)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(property(h, NULL, NULL, NULL, NULL, NULL, &reply), 0);
    int found = 0;
    for (size_t i = 0; i < reply.count && !found; i++)
        found = strcmp(reply.keys[i], key) == 0 && strcmp(reply.values[i], entry) == 0;
    wudf_kv_free(&reply);
    return found;
}

static void driver_reads_its_inf_settings_through_every_store(void **state)
{
    harness *h = *state;
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", SERIALPORT_INF, NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", SERIALPORT_INF, wudf_kv_get(&reply, "message"));
    assert_int_equal(st, 0);
    assert_string_equal(wudf_kv_get(&reply, "device"), DEVICE);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    /* The HKLM line is not the device's: skipped with a warning, the install goes on. */
    assert_int_equal(harness_wait_log(h, "event=addreg-skipped device=" DEVICE, 0, T), 0);

    char text[4096];
    report(h, text, sizeof text);
    /* Device Parameters, from [..NT.hw] AddReg: REG_DWORD, REG_SZ kept by FLG_ADDREG_NOCLOBBER,
     * REG_MULTI_SZ with FLG_ADDREG_APPEND, REG_BINARY, REG_QWORD, a value FLG_ADDREG_DELVAL took out. */
    expect(text, "add_baud", "9600");
    expect(text, "baud", "9600");
    expect(text, "port", "COM1");
    expect(text, "protocols", "RS232,RS485,RS422");
    expect(text, "signature", "deadbeef");
    expect(text, "capacity", "1099511627776");
    expect(text, "obsolete", "0x80070002");
    expect(text, "root_names", "UpperFilters,BaudRate,PortName,Protocols,Signature,Capacity");
    expect(text, "root_write", "0x80070005");
    expect(text, "fifo", "16");
    expect(text, "legacy_fifo", "16");
    expect(text, "legacy_missing", "0x80070002");
    /* the software key and its subkey */
    expect(text, "preferred", "COM5");
    expect(text, "modes", "Default,Fallback");
    /* its own subkey, made at this first start */
    expect(text, "own_key", "1");
    expect(text, "starts", "1");
    expect(text, "assigned", "COM5");
    expect(text, "deleted_again", "0x80070002");
    expect(text, "own_names", "StartCount,AssignedPort");
    expect(text, "session", "1");
    /* the unified store: 34 bytes are "ROOT\SERIALPORT" twice terminated in UTF-16 */
    expect(text, "hwids_size", "0x8007007a 34 8210");
    expect(text, "hwids", "ROOT\\SERIALPORT");
    expect(text, "friendly_before", "");
    expect(text, "friendly", "openwudf serial port (COM5)");
    expect(text, "hwids_write", "0x80070005");
    /* the COM port interface's key, there since the driver created the interface in OnDeviceAdd; another
     * GUID or reference string is an interface it did not create: STATUS_OBJECT_NAME_NOT_FOUND */
    expect(text, "if_starts", "1");
    expect(text, "if_sub", "1");
    expect(text, "if_wrong_guid", "0xd0000034");
    expect(text, "if_wrong_ref", "0xd0000034");
    expect(text, "if_no_guid", "0x80070057");
    /* its unified store: enabled (DEVPROP_TYPE_BOOLEAN, DEVPROP_TRUE), its class, read-only both */
    expect(text, "if_enabled", "17 0xff");
    expect(text, "if_class", "yes");
    expect(text, "if_class_write", "0x80070005");
    expect(text, "if_friendly_before", "");
    expect(text, "if_friendly", "COM5 (start 1)");
}

static void driver_writes_persist_and_tool_values_reach_it(void **state)
{
    harness *h = *state;
    char text[4096];
    /* What the driver wrote is the reflector's now. */
    assert_true(listed(h, "reg.hw", "WudfSerialPort;StartCount;dword;1"));
    assert_true(listed(h, "reg.hw", "WudfSerialPort;AssignedPort;sz;COM5"));
    assert_true(listed(h, "reg.dp", "{A45C254E-DF1C-4EFD-8020-67D146A850E0};14;string;openwudf serial port (COM5)"));
    assert_true(listed(h, "reg.dp", "{5C7E3A10-2B64-4F0D-9E83-71A2C4D6B8F1};2;uint32;1"));
    assert_true(listed(h, "reg.if", COMPORT_KEY "\\Device Parameters;InterfaceStarts;dword;1"));
    assert_true(listed(h, "reg.if", COMPORT_KEY "\\Device Parameters\\Ports;;key;"));

    /* wudfctl restart: a new host reads what the last one wrote; the volatile key is still there. */
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "restart", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    report(h, text, sizeof text);
    expect(text, "own_key", "2");
    expect(text, "starts", "2");
    expect(text, "session", "2");
    expect(text, "friendly_before", "openwudf serial port (COM5)");
    expect(text, "if_starts", "2");
    expect(text, "if_sub", "2");
    expect(text, "if_friendly_before", "COM5 (start 1)");

    /* A value set with the tool is what the driver reads when it starts again. */
    wudf_kv_init(&reply);
    assert_int_equal(property(h, "set", "hw", NULL, NULL, ";BaudRate;dword;115200", &reply), 0);
    assert_non_null(strstr(wudf_kv_get(&reply, "message"), "wudfctl restart"));
    wudf_kv_free(&reply);
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "restart", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    report(h, text, sizeof text);
    expect(text, "add_baud", "115200");
    expect(text, "baud", "115200");
    expect(text, "starts", "3");

    /* A restart of the reflector: the store keeps all of it but the volatile key. */
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_stop(h, 15000), 0);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, DEVICE, "started", mark, T), 0);
    report(h, text, sizeof text);
    expect(text, "baud", "115200");
    expect(text, "starts", "4");
    expect(text, "own_key", "2");
    expect(text, "session", "1");
    expect(text, "friendly_before", "openwudf serial port (COM5)");
    expect(text, "port", "COM1");
    expect(text, "if_starts", "4");
    expect(text, "if_sub", "2");
    expect(text, "if_friendly_before", "COM5 (start 3)");
}

static void tool_refuses_what_it_may_not_change(void **state)
{
    harness *h = *state;
    wudf_kv reply;
    wudf_kv_init(&reply);
    /* the system's device properties are read-only */
    assert_int_equal(property(h, "set", "dp", NULL, NULL, "{A45C254E-DF1C-4EFD-8020-67D146A850E0};3;string_list;X",
                              &reply),
                     (int32_t)WUDF_STATUS_ACCESS_DENIED);
    wudf_kv_free(&reply);
    wudf_kv_init(&reply);
    assert_int_equal(property(h, "set", "hw", NULL, NULL, "no;fields", &reply), (int32_t)WUDF_STATUS_INVALID_PARAMETER);
    wudf_kv_free(&reply);
    wudf_kv_init(&reply);
    assert_int_equal(property(h, "delete", "sw", "Modes", "NoSuchValue", NULL, &reply),
                     (int32_t)WUDF_STATUS_OBJECT_NAME_NOT_FOUND);
    wudf_kv_free(&reply);
    wudf_kv_init(&reply);
    assert_int_equal(property(h, "delete", "sw", "Modes", "Fallback", NULL, &reply), 0);
    wudf_kv_free(&reply);
    assert_false(listed(h, "reg.sw", "Modes;Fallback;sz;7E1"));
    assert_true(listed(h, "reg.sw", "Modes;Default;sz;8N1"));

    /* wudfctl shows them, as reg query would */
    harness_child out;
    char prog[1024];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *list_args[] = {prog, "--endpoint", h->endpoint, "property", DEVICE, NULL};
    assert_int_equal(harness_run(&out, list_args, 30000), 0);
    assert_non_null(strstr(out.buffer, "BaudRate"));
    assert_non_null(strstr(out.buffer, "115200 (0x1c200)"));
    assert_non_null(strstr(out.buffer, "HardwareIds"));
    const char *set_args[] = {prog, "--endpoint", h->endpoint, "property", DEVICE, "--key", "sw", "Spare=dword:7", NULL};
    assert_int_equal(harness_run(&out, set_args, 30000), 0);
    assert_true(listed(h, "reg.sw", ";Spare;dword;7"));
    /* and the interface's key, as its own key */
    const char *if_args[] = {prog, "--endpoint", h->endpoint, "property", DEVICE, "--key", "if", NULL};
    assert_int_equal(harness_run(&out, if_args, 30000), 0);
    assert_non_null(strstr(out.buffer, "InterfaceStarts"));
    assert_null(strstr(out.buffer, "BaudRate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(driver_reads_its_inf_settings_through_every_store),
        cmocka_unit_test(driver_writes_persist_and_tool_values_reach_it),
        cmocka_unit_test(tool_refuses_what_it_may_not_change),
    };
    return cmocka_run_group_tests_name("serialport", tests, start, stop);
}
