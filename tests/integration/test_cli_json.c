/*
 * wudfctl --json as an interface (docs/json.md): every command prints exactly one document on
 * stdout (events -f one per line) that a strict reader accepts, with the schema's version first,
 * values of their documented types, and every failure, local or the reflector's, in the same shape
 * with the exit code unchanged. --json goes anywhere on the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "json_check.h"
#include "platform.h"

#define ECHO_ID "ROOT\\ECHO\\0000"
#define ECHO_LINK "\\\\.\\Echo0"
#define LOOPBACK "0x222008"

static void program_path(char *out, size_t size)
{
    snprintf(out, size, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
}

/* Runs wudfctl with the words given (NULL-terminated); its stdout alone in out. */
static int run(harness_child *out, const char *first, ...)
{
    char prog[WUDF_PATH_MAX];
    program_path(prog, sizeof prog);
    const char *args[24] = {prog, first};
    size_t n = 2;
    va_list ap;
    va_start(ap, first);
    for (const char *w = va_arg(ap, const char *); w && n < 23; w = va_arg(ap, const char *))
        args[n++] = w;
    va_end(ap);
    args[n] = NULL;
    int rc = harness_run(out, args, 60000);
    if (out->length >= sizeof out->buffer - 1)
        fail_msg("the output did not fit the test's buffer");
    return rc;
}

/* The document of a command that exits `want`, with the envelope checked; free with json_free. */
static json_value *document(const harness_child *out, int rc, int want, const char *command)
{
    if (rc != want)
        fail_msg("%s: exit %d, not %d: %s", command ? command : "wudfctl", rc, want, out->buffer);
    json_value *doc = json_document(out->buffer);
    json_assert_envelope(doc, command, want);
    return doc;
}

static const json_value *array_member(const json_value *doc, const char *name)
{
    json_assert_member(doc, name, JSON_ARRAY, 0);
    return json_get(doc, name);
}

static void each_string(const json_value *array)
{
    for (size_t i = 0; i < array->count; i++)
        if (array->items[i]->type != JSON_STRING)
            fail_msg("an element is %s, not a string", json_type_name(array->items[i]->type));
}

/* A device record: docs/json.md's device table. */
static void assert_device_record(const json_value *d)
{
    static const char *const strings[] = {"description", "hardware_id", "manufacturer", "provider", "inf",
                                          "inf_origin", "service", "driver_clsid", "binary", "driver_version",
                                          "driver_date", "framework", "problem_text", "power_state", "system_state",
                                          "idle", "wake", "location", "usbip_server", "usbip_busid", "access", "last_failure", "last_failure_time",
                                          "last_failure_recovered_at", "last_event", "last_event_time",
                                          "last_driver_bug", "last_driver_bug_time", "last_custom_event"};
    static const char *const numbers[] = {"problem", "uptime_ms", "restarts", "restart_limit", "open_files",
                                          "pending", "pending_fast_path", "driver_bugs", "custom_events"};
    static const char *const optional_numbers[] = {"host_pid", "heartbeat_age_ms", "idle_downs", "wakeups"};
    json_assert_member(d, "device", JSON_STRING, 0);
    json_assert_member(d, "state", JSON_STRING, 0);
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        json_assert_member(d, strings[i], JSON_STRING, 1);
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
        json_assert_member(d, numbers[i], JSON_NUMBER, 0);
    for (size_t i = 0; i < sizeof optional_numbers / sizeof optional_numbers[0]; i++)
        json_assert_member(d, optional_numbers[i], JSON_NUMBER, 1);
    json_assert_member(d, "enabled", JSON_BOOL, 0);
    json_assert_member(d, "last_failure_current", JSON_BOOL, 0);
    json_assert_member(d, "ids", JSON_ARRAY, 1);
    each_string(array_member(d, "stack"));
    each_string(array_member(d, "symlinks"));
    /* One value a member: "restarting 1/5" is restarting, with restarts and restart_limit beside it. */
    if (strchr(json_get(d, "state")->string, '/'))
        fail_msg("state '%s' holds more than a state", json_get(d, "state")->string);
}

/* The devices member, each record checked; the one of id (NULL when there is none). */
static const json_value *devices(const json_value *doc, const char *id)
{
    const json_value *list = array_member(doc, "devices"), *found = NULL;
    for (size_t i = 0; i < list->count; i++) {
        assert_device_record(list->items[i]);
        if (id && strcmp(json_get(list->items[i], "device")->string, id) == 0)
            found = list->items[i];
    }
    return found;
}

static void device_verbs_print_typed_device_records(void **state)
{
    harness *h = *state;
    const char *ep = h->endpoint;
    harness_child out;
    char echo_inf[WUDF_PATH_MAX];
    snprintf(echo_inf, sizeof echo_inf, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    json_value *doc = document(&out, run(&out, "--endpoint", ep, "status", "--json", NULL), 0, "status");
    const json_value *echo = devices(doc, ECHO_ID);
    assert_non_null(echo);
    assert_string_equal(json_get(echo, "state")->string, "started");
    assert_true(json_get(echo, "enabled")->boolean);
    assert_int_equal(json_get(echo, "problem")->as_integer, 0);
    assert_true(json_get(echo, "host_pid")->type == JSON_NUMBER && json_get(echo, "host_pid")->as_integer > 0);
    assert_false(json_get(echo, "last_failure_current")->boolean);
    assert_int_equal(json_get(echo, "ids")->type, JSON_NULL); /* a root device has no USB ids */
    assert_int_equal(json_get(echo, "last_failure")->type, JSON_NULL);
    assert_string_equal(json_get(echo, "stack")->items[0]->string, "WudfEcho");
    assert_string_equal(json_get(echo, "symlinks")->items[0]->string, "\\DosDevices\\Echo0");
    json_free(doc);
    /* The same records from every verb that answers with devices. */
    static const char *const verbs[][2] = {{"list", NULL},    {"status", ECHO_ID},  {"restart", ECHO_ID},
                                           {"disable", ECHO_ID}, {"enable", ECHO_ID}, {"suspend", ECHO_ID},
                                           {"resume", ECHO_ID}};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        int rc = verbs[i][1] ? run(&out, verbs[i][0], verbs[i][1], "--endpoint", ep, "--json", NULL)
                             : run(&out, "--json", verbs[i][0], "--endpoint", ep, NULL);
        doc = document(&out, rc, 0, verbs[i][0]);
        echo = devices(doc, ECHO_ID);
        if (!echo)
            fail_msg("%s: no record of %s: %s", verbs[i][0], ECHO_ID, out.buffer);
        if (strcmp(verbs[i][0], "disable") == 0)
            assert_false(json_get(echo, "enabled")->boolean);
        json_free(doc);
    }
    /* A second install keeps the one device, and says so. */
    doc = document(&out, run(&out, "--endpoint", ep, "install", echo_inf, "--json", NULL), 0, "install");
    assert_non_null(devices(doc, ECHO_ID));
    json_assert_member(doc, "message", JSON_STRING, 0);
    json_free(doc);
    /* Refused by the reflector: the error, and the device record the refusal is about. */
    assert_int_equal(harness_tool(h, "disable", ECHO_ID, NULL), 0);
    doc = document(&out, run(&out, "--endpoint", ep, "--json", "restart", ECHO_ID, NULL), 1, "restart");
    json_assert_failure(doc, "restart", 1, "failed");
    assert_string_equal(json_get(doc, "status_name")->string, "STATUS_INVALID_DEVICE_STATE");
    assert_non_null(devices(doc, ECHO_ID));
    json_free(doc);
    assert_int_equal(harness_tool(h, "enable", ECHO_ID, NULL), 0);
}

/* The history, then each new event as a line of its own: a restart's two, in order. */
static void events_print_a_document_and_follow_prints_a_line_each(void **state)
{
    harness *h = *state;
    harness_child out;
    json_value *doc =
        document(&out, run(&out, "events", ECHO_ID, "--json", "--endpoint", h->endpoint, NULL), 0, "events");
    const json_value *events = array_member(doc, "events");
    assert_true(events->count >= 2);
    long long last = 0;
    for (size_t i = 0; i < events->count; i++) {
        const json_value *e = events->items[i];
        json_assert_member(e, "seq", JSON_NUMBER, 0);
        json_assert_member(e, "time_ms", JSON_NUMBER, 0);
        json_assert_member(e, "type", JSON_STRING, 0);
        json_assert_member(e, "problem", JSON_NUMBER, 0);
        json_assert_member(e, "pid", JSON_NUMBER, 1);
        json_assert_member(e, "restarts", JSON_NUMBER, 1);
        json_assert_member(e, "reason", JSON_STRING, 1);
        assert_true(json_get(e, "seq")->as_integer > last);
        last = json_get(e, "seq")->as_integer;
    }
    assert_string_equal(json_get(events->items[0], "type")->string, "installed");
    json_free(doc);

    char prog[WUDF_PATH_MAX], want[64];
    program_path(prog, sizeof prog);
    const char *follow[] = {prog, "--endpoint", h->endpoint, "events", "-f", "--json", ECHO_ID, NULL};
    harness_child f;
    snprintf(want, sizeof want, "\"seq\":%lld,", last);
    assert_true(harness_child_start(&f, follow, want, 30000) > 0);
    assert_int_equal(harness_tool(h, "restart", ECHO_ID, NULL), 0);
    snprintf(want, sizeof want, "\"seq\":%lld,", last + 2);
    int seen = harness_child_wait_output(&f, want, 30000);
    /* The output up to the last whole line: the follower is killed, it never ends by itself. */
    char *end = strrchr(f.buffer, '\n');
    assert_non_null(end);
    end[1] = '\0';
    harness_child_kill(&f);
    assert_int_equal(seen, 0);
    const char *types[8];
    size_t n = 0;
    long long previous = 0;
    json_value *lines[64];
    size_t line_count = 0;
    for (char *line = f.buffer, *nl; (nl = strchr(line, '\n')) != NULL && line_count < 64; line = nl + 1) {
        *nl = '\0';
        json_value *e = json_document(line);
        lines[line_count++] = e;
        if (e->type != JSON_OBJECT || strcmp(e->names[0], "version") != 0 || json_get(e, "version")->as_integer != 1)
            fail_msg("a followed event does not start with version 1: %s", line);
        json_assert_member(e, "seq", JSON_NUMBER, 0);
        json_assert_member(e, "type", JSON_STRING, 0);
        json_assert_member(e, "device", JSON_STRING, 0);
        assert_null(json_get(e, "error")); /* only the failure that ends a stream has one */
        assert_true(json_get(e, "seq")->as_integer > previous);
        previous = json_get(e, "seq")->as_integer;
        if (previous > last && n < 8)
            types[n++] = json_get(e, "type")->string;
    }
    assert_int_equal(n, 2);
    assert_string_equal(types[0], "stopped");
    assert_string_equal(types[1], "started");
    for (size_t i = 0; i < line_count; i++)
        json_free(lines[i]);
    /* A stream that cannot start is one failure document. */
    doc = document(&out, run(&out, "--endpoint", h->endpoint, "events", "-f", "ROOT\\NOPE\\0000", "--json", NULL), 1,
                   "events");
    json_assert_failure(doc, "events", 1, "failed");
    json_free(doc);
}

static void store_verbs_print_typed_records(void **state)
{
    harness *h = *state;
    const char *ep = h->endpoint;
    harness_child out;
    json_value *doc = document(&out, run(&out, "--endpoint", ep, "drivers", "--json", NULL), 0, "drivers");
    const json_value *drivers = array_member(doc, "drivers");
    assert_int_equal(drivers->count, 1);
    const json_value *d = drivers->items[0];
    static const char *const strings[] = {"published_name", "original_name", "inf_origin", "provider", "class",
                                          "class_guid", "version", "date", "installed_for"};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        json_assert_member(d, strings[i], JSON_STRING, 1);
    json_assert_member(d, "files_copied", JSON_BOOL, 0);
    each_string(array_member(d, "hardware_ids"));
    each_string(array_member(d, "devices"));
    assert_string_equal(json_get(d, "published_name")->string, "oem0.inf");
    assert_string_equal(json_get(d, "devices")->items[0]->string, ECHO_ID);
    json_free(doc);

    doc = document(&out, run(&out, "--json", "--endpoint", ep, "packages", NULL), 0, "packages");
    const json_value *p = array_member(doc, "packages")->items[0];
    json_assert_member(p, "package", JSON_STRING, 0);
    each_string(array_member(p, "hardware_ids"));
    assert_string_equal(array_member(p, "hardware_ids")->items[0]->string, "ROOT\\ECHO");
    json_free(doc);

    doc = document(&out, run(&out, "--endpoint", ep, "interfaces", "--all", "--json", NULL), 0, "interfaces");
    const json_value *itf = array_member(doc, "interfaces")->items[0];
    json_assert_member(itf, "interface", JSON_STRING, 0);
    json_assert_member(itf, "enabled", JSON_BOOL, 0);
    assert_true(json_get(itf, "enabled")->boolean);
    json_free(doc);

    /* In use: refused as busy, exit 6. */
    doc = document(&out, run(&out, "--endpoint", ep, "delete-driver", "oem0.inf", "--json", NULL), 6, "delete-driver");
    json_assert_failure(doc, "delete-driver", 6, "busy");
    assert_string_equal(json_get(doc, "status_name")->string, "STATUS_DEVICE_BUSY");
    json_free(doc);
    doc = document(&out, run(&out, "--endpoint", ep, "delete-driver", "oem9.inf", "--json", NULL), 1, "delete-driver");
    json_assert_failure(doc, "delete-driver", 1, "failed");
    json_free(doc);
    char echo_inf[WUDF_PATH_MAX];
    snprintf(echo_inf, sizeof echo_inf, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    doc = document(&out, run(&out, "--endpoint", ep, "update", echo_inf, "--json", NULL), 0, "update");
    devices(doc, NULL);
    json_free(doc);
}

static void property_values_have_their_registry_types(void **state)
{
    harness *h = *state;
    const char *ep = h->endpoint;
    harness_child out;
    json_value *doc = document(&out, run(&out, "--endpoint", ep, "property", ECHO_ID, "Count=dword:7", "--json", NULL),
                               0, "property");
    assert_int_equal(array_member(doc, "entries")->count, 0);
    json_free(doc);
    assert_int_equal(run(&out, "--endpoint", ep, "property", ECHO_ID, "Names=multi_sz:a,b", NULL), 0);
    doc = document(&out, run(&out, "--endpoint", ep, "property", ECHO_ID, "--json", NULL), 0, "property");
    assert_string_equal(json_get(doc, "device")->string, ECHO_ID);
    const json_value *entries = array_member(doc, "entries");
    int count = 0, names = 0, guid = 0;
    for (size_t i = 0; i < entries->count; i++) {
        const json_value *e = entries->items[i];
        json_assert_member(e, "key", JSON_STRING, 0);
        json_assert_member(e, "path", JSON_STRING, 0);
        json_assert_member(e, "type", JSON_STRING, 0);
        json_assert_member(e, "volatile", JSON_BOOL, 0);
        const json_value *name = json_get(e, "name"), *value = json_get(e, "value");
        const json_value *property = json_get(e, "property");
        if (name && name->type == JSON_STRING && strcmp(name->string, "Count") == 0) {
            assert_int_equal(value->type, JSON_NUMBER);
            assert_int_equal(value->as_integer, 7);
            count = 1;
        }
        if (name && name->type == JSON_STRING && strcmp(name->string, "Names") == 0) {
            assert_int_equal(value->type, JSON_ARRAY);
            assert_int_equal(value->count, 2);
            assert_string_equal(value->items[1]->string, "b");
            names = 1;
        }
        if (property && property->type == JSON_STRING && strcmp(property->string, "ClassGuid") == 0) {
            assert_int_equal(value->type, JSON_STRING);
            assert_int_equal(value->string[0], '{');
            guid = 1;
        }
    }
    assert_true(count && names && guid);
    json_free(doc);
    doc = document(&out, run(&out, "--endpoint", ep, "property", ECHO_ID, "Missing", "--json", NULL), 1, "property");
    json_assert_failure(doc, "property", 1, "failed");
    json_free(doc);
    assert_int_equal(run(&out, "--endpoint", ep, "property", ECHO_ID, "--delete", "Count", NULL), 0);
    assert_int_equal(run(&out, "--endpoint", ep, "property", ECHO_ID, "--delete", "Names", NULL), 0);
}

static void io_verbs_print_what_was_transferred(void **state)
{
    harness *h = *state;
    const char *ep = h->endpoint;
    harness_child out;
    json_value *doc = document(&out, run(&out, "--endpoint", ep, "--json", "write", ECHO_LINK, "openwudf", NULL), 0,
                               "write");
    assert_int_equal(json_get(doc, "information")->as_integer, 8);
    assert_int_equal(json_get(doc, "data")->type, JSON_NULL);
    assert_int_equal(json_get(doc, "code")->type, JSON_NULL);
    json_free(doc);
    doc = document(&out, run(&out, "--endpoint", ep, "read", ECHO_LINK, "64", "--json", NULL), 0, "read");
    json_assert_member(doc, "information", JSON_NUMBER, 0);
    assert_int_equal(json_get(doc, "information")->as_integer, 8);
    assert_string_equal(json_get(doc, "data")->string, "6f70656e77756466");
    json_free(doc);
    doc = document(&out, run(&out, "--endpoint", ep, "ioctl", ECHO_LINK, LOOPBACK, "0a0b", "--out=8", "--json", NULL),
                   0, "ioctl");
    assert_int_equal(json_get(doc, "code")->as_integer, 0x222008);
    assert_string_equal(json_get(doc, "data")->string, "0a0b");
    assert_string_equal(json_get(doc, "device")->string, ECHO_LINK);
    json_free(doc);
    /* The driver's refusal: the error, and what the request transferred. */
    doc = document(&out, run(&out, "--endpoint", ep, "ioctl", ECHO_LINK, "0x229999", "--json", NULL), 1, "ioctl");
    json_assert_failure(doc, "ioctl", 1, "failed");
    assert_string_equal(json_get(doc, "status")->string, "0xc0000010");
    assert_int_equal(json_get(doc, "information")->as_integer, 0);
    json_free(doc);
    /* No such device: the open fails. */
    doc = document(&out, run(&out, "--endpoint", ep, "read", "\\\\.\\NoSuch0", "4", "--json", NULL), 1, "read");
    json_assert_failure(doc, "read", 1, "failed");
    json_assert_member(json_get(doc, "error"), "status", JSON_STRING, 0);
    json_free(doc);
}

static void help_and_version_are_documents(void **state)
{
    (void)state;
    harness_child out;
    json_value *doc = document(&out, run(&out, "help", "--json", NULL), 0, "help");
    const json_value *commands = array_member(doc, "commands");
    assert_true(commands->count > 20);
    for (size_t i = 0; i < commands->count; i++) {
        json_assert_member(commands->items[i], "name", JSON_STRING, 0);
        json_assert_member(commands->items[i], "description", JSON_STRING, 0);
        array_member(commands->items[i], "options");
    }
    json_free(doc);
    doc = document(&out, run(&out, "write", "--help", "--json", NULL), 0, "write");
    commands = array_member(doc, "commands");
    assert_int_equal(commands->count, 1);
    const json_value *hex = array_member(commands->items[0], "options")->items[0];
    assert_string_equal(json_get(hex, "name")->string, "--hex");
    assert_true(json_get(hex, "takes_value")->boolean);
    json_free(doc);
    doc = document(&out, run(&out, "--json", "--version", NULL), 0, NULL);
    json_assert_member(doc, "release", JSON_STRING, 0);
    json_free(doc);
}

/* Usage errors: exit 2 and the failure document, wherever --json is on the line. */
static void usage_errors_are_failure_documents(void **state)
{
    harness *h = *state;
    const char *ep = h->endpoint;
    static const struct {
        const char *command, *words[6];
    } cases[] = {
        {NULL, {"frobnicate", "--json"}},
        {NULL, {"--json"}},
        {NULL, {"--json", "--timeout-ms", "abc", "list"}},
        {NULL, {"--json", "--endpoint="}},
        {"help", {"help", "frobnicate", "--json"}},
        {"read", {"read", ECHO_LINK, "--json"}},
        {"read", {"read", ECHO_LINK, "abc", "--json"}},
        {"read", {"--json", "read", ECHO_LINK, "-5"}},
        {"ioctl", {"ioctl", "--json", ECHO_LINK, "0g"}},
        {"ioctl", {"ioctl", ECHO_LINK, LOOPBACK, "--out=-1", "--json"}},
        {"write", {"write", ECHO_LINK, "--hex", "abc", "--json"}},
        {"status", {"status", "--hex", "00", "--json"}},
        {"list", {"list", "extra", "--json"}},
        {"events", {"events", "--since", "yesterday", "--json"}},
        {"interfaces", {"interfaces", "not-a-guid", "--json"}},
#ifndef _WIN32
        {"kernel", {"kernel", "status", "--json"}},
#endif
    };
    harness_child out;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const *w = cases[i].words;
        int rc = run(&out, "--endpoint", ep, w[0], w[1], w[2], w[3], w[4], w[5], NULL);
        json_value *doc = document(&out, rc, 2, cases[i].command);
        json_assert_failure(doc, cases[i].command, 2, "usage");
        const json_value *e = json_get(doc, "error");
        assert_int_equal(json_get(e, "status")->type, JSON_NULL);
        json_assert_member(e, "remedy", JSON_STRING, 0);
        json_free(doc);
    }
}

static void a_missing_reflector_is_a_failure_document(void **state)
{
    harness *h = *state;
    char none[WUDF_PATH_MAX];
    snprintf(none, sizeof none, "%s-none", h->endpoint);
    harness_child out;
    json_value *doc = document(&out, run(&out, "list", "--json", "--endpoint", none, NULL), 3, "list");
    json_assert_failure(doc, "list", 3, "no-reflector");
    json_free(doc);
    doc = document(&out, run(&out, "read", ECHO_LINK, "4", "--json", "--endpoint", none, NULL), 3, "read");
    json_assert_failure(doc, "read", 3, "no-reflector");
    json_free(doc);
}

/* Another device installed and removed, then the reflector shut down: each says so in a document. */
static void remove_and_shutdown_print_documents(void **state)
{
    harness *h = *state;
    harness_child out;
    char echo_inf[WUDF_PATH_MAX];
    snprintf(echo_inf, sizeof echo_inf, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    json_value *doc =
        document(&out, run(&out, "--endpoint", h->endpoint, "install", echo_inf, "--new-device", "--json", NULL), 0,
                 "install");
    assert_non_null(devices(doc, "ROOT\\ECHO\\0001"));
    json_free(doc);
    doc = document(&out, run(&out, "--endpoint", h->endpoint, "remove", "ROOT\\ECHO\\0001", "--json", NULL), 0,
                   "remove");
    devices(doc, NULL);
    json_free(doc);
    doc = document(&out, run(&out, "--endpoint", h->endpoint, "shutdown", "--json", NULL), 0, "shutdown");
    devices(doc, NULL);
    json_free(doc);
    assert_int_equal(harness_wait_exit(h, 30000), 0);
}

/* The reader the other tests trust: it refuses what a strict one refuses. */
static void the_reader_refuses_what_is_not_json(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",      "{\"a\":1,}", "{\"a\":1,\"a\":2}", "[1 2]",       "{\"a\" 1}",       "\"tab\there\"",
        "01",    "1.",         "0x10",              "\"\\ud800\"", "\"\\x41\"",       "[\"\xc3\x28\"]",
        "{} {}", "nul",        "[1,]",              "\"open",
    };
    static const char *const good[] = {"{\"a\":[1,-2.5e3,true,false,null,\"\\u00e9\\ud83d\\ude00\"]}", " [] \n",
                                       "\"\xc3\xa9\""};
    char error[200];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_value *v = json_parse(bad[i], strlen(bad[i]), error, sizeof error);
        if (v)
            fail_msg("accepted %s", bad[i]);
        assert_true(error[0] != '\0');
    }
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        json_value *v = json_parse(good[i], strlen(good[i]), error, sizeof error);
        if (!v)
            fail_msg("refused %s: %s", good[i], error);
        json_free(v);
    }
}

static int start_with_echo(void **state)
{
    return fixture_start_with_echo(state, NULL);
}

/* The reflector has stopped by itself: only the cleanup is left. */
static int cleanup_after_shutdown(void **state)
{
    harness_cleanup(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(events_print_a_document_and_follow_prints_a_line_each),
        cmocka_unit_test(device_verbs_print_typed_device_records),
        cmocka_unit_test(store_verbs_print_typed_records),
        cmocka_unit_test(property_values_have_their_registry_types),
        cmocka_unit_test(io_verbs_print_what_was_transferred),
        cmocka_unit_test(help_and_version_are_documents),
        cmocka_unit_test(usage_errors_are_failure_documents),
        cmocka_unit_test(a_missing_reflector_is_a_failure_document),
    };
    const struct CMUnitTest reader[] = {
        cmocka_unit_test(the_reader_refuses_what_is_not_json),
    };
    const struct CMUnitTest last[] = {
        cmocka_unit_test_setup_teardown(remove_and_shutdown_print_documents, start_with_echo, cleanup_after_shutdown),
    };
    int failed = cmocka_run_group_tests_name("json-reader", reader, NULL, NULL);
    failed += cmocka_run_group_tests_name("cli-json", tests, start_with_echo, fixture_stop);
    return failed + cmocka_run_group_tests_name("cli-json-shutdown", last, NULL, NULL);
}
