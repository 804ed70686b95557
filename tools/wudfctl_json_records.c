/*
 * The reflector answers in text key/values; --json gives them types here and only here: one table
 * per record kind names each member, the reply's key it comes from and its type (docs/json.md lists
 * the same). Every member of a table is in every record, null when it does not apply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_store.h"
#include "wudfctl.h"
#include "wudfctl_json.h"

typedef enum field_type {
    FIELD_TEXT,   /* a string; absent or empty: null */
    FIELD_NUMBER, /* a decimal integer; absent or not a number: null */
    FIELD_PID,    /* a process id; absent or 0 (no process): null */
    FIELD_BOOL,   /* 1, yes or true; 0, no or false; absent: null */
    FIELD_STATE,  /* a state's name, without the count that may follow it ("restarting 1/5": restarts and
                   * restart_limit are members of their own) */
    FIELD_LIST,   /* a list in one value, items split at sep: an array, [] when empty; absent: null */
    FIELD_EACH    /* each value of the key in the record, in order: an array, never null */
} field_type;

typedef struct field {
    const char *name; /* the member */
    const char *key;  /* the reply's key */
    field_type type;
    const char *sep;    /* FIELD_LIST: between items */
    const char *absent; /* FIELD_TEXT: the value when the key is missing (NULL: null) */
} field;

typedef struct record_table {
    const char *starts[2]; /* a record starts at either key */
    const field *fields;
    size_t count;
} record_table;

#define TEXT(name) {name, name, FIELD_TEXT, NULL, NULL}
#define NUMBER(name) {name, name, FIELD_NUMBER, NULL, NULL}
#define BOOL(name) {name, name, FIELD_BOOL, NULL, NULL}

static const field device_fields[] = {
    TEXT("device"),
    TEXT("description"),
    TEXT("hardware_id"),
    TEXT("manufacturer"),
    TEXT("provider"),
    TEXT("inf"),
    TEXT("inf_origin"),
    TEXT("service"),
    {"stack", "stack", FIELD_LIST, ",", NULL},
    TEXT("driver_clsid"),
    TEXT("binary"),
    TEXT("driver_version"),
    TEXT("driver_date"),
    TEXT("framework"),
    {"state", "state", FIELD_STATE, NULL, NULL},
    BOOL("enabled"),
    NUMBER("problem"),
    TEXT("problem_text"),
    TEXT("power_state"),
    TEXT("system_state"),
    TEXT("idle"),
    TEXT("wake"),
    NUMBER("idle_downs"),
    NUMBER("wakeups"),
    {"ids", "ids", FIELD_LIST, "; ", NULL},
    TEXT("location"),
    TEXT("usbip_server"),
    TEXT("usbip_busid"),
    TEXT("usb_bus"),
    TEXT("access"),
    {"host_pid", "host_pid", FIELD_PID, NULL, NULL},
    NUMBER("uptime_ms"),
    NUMBER("heartbeat_age_ms"),
    NUMBER("restarts"),
    NUMBER("restart_limit"),
    NUMBER("open_files"),
    NUMBER("pending"),
    NUMBER("pending_fast_path"),
    TEXT("last_failure"),
    TEXT("last_failure_time"),
    BOOL("last_failure_current"),
    TEXT("last_failure_recovered_at"),
    TEXT("last_event"),
    TEXT("last_event_time"),
    NUMBER("driver_bugs"),
    TEXT("last_driver_bug"),
    TEXT("last_driver_bug_time"),
    NUMBER("custom_events"),
    TEXT("last_custom_event"),
    {"symlinks", "symlink", FIELD_EACH, NULL, NULL},
};

static const field package_fields[] = {
    TEXT("package"),
    TEXT("inf_origin"),
    {"hardware_ids", "hardware_ids", FIELD_LIST, ",", NULL},
    TEXT("installed_for"),
    {"devices", "device", FIELD_EACH, NULL, NULL},
};

static const field driver_fields[] = {
    {"published_name", "package", FIELD_TEXT, NULL, NULL},
    TEXT("original_name"),
    TEXT("inf_origin"),
    TEXT("provider"),
    TEXT("class"),
    TEXT("class_guid"),
    TEXT("version"),
    TEXT("date"),
    TEXT("installed_for"),
    {"hardware_ids", "hardware_ids", FIELD_LIST, ",", NULL},
    BOOL("files_copied"),
    {"devices", "device", FIELD_EACH, NULL, NULL},
};

static const field interface_fields[] = {
    TEXT("interface"), TEXT("guid"), TEXT("device"), {"state", "state", FIELD_STATE, NULL, NULL}, BOOL("enabled"),
};

/* An event, or the count of a device's events that were dropped before the oldest one kept. */
static const field event_fields[] = {
    NUMBER("seq"),
    TEXT("time"),
    NUMBER("time_ms"),
    TEXT("device"),
    {"type", "type", FIELD_TEXT, NULL, "dropped"},
    {"state", "state", FIELD_STATE, NULL, NULL},
    NUMBER("problem"),
    {"pid", "pid", FIELD_PID, NULL, NULL},
    TEXT("cause"),
    NUMBER("signal"),
    NUMBER("exit_code"),
    NUMBER("failed_requests"),
    NUMBER("restarts"),
    NUMBER("restart_limit"),
    TEXT("power_state"),
    TEXT("system_state"),
    TEXT("inf"),
    TEXT("reason"),
    NUMBER("dropped"),
};

#define TABLE(fields, a, b) {{a, b}, fields, sizeof fields / sizeof fields[0]}

static const record_table tables[] = {
    [WUDFCTL_RECORD_DEVICE] = TABLE(device_fields, "device", NULL),
    [WUDFCTL_RECORD_PACKAGE] = TABLE(package_fields, "package", NULL),
    [WUDFCTL_RECORD_DRIVER] = TABLE(driver_fields, "package", NULL),
    [WUDFCTL_RECORD_INTERFACE] = TABLE(interface_fields, "interface", NULL),
    [WUDFCTL_RECORD_EVENT] = TABLE(event_fields, "seq", "dropped"),
};

static const char *value_of(const wudf_kv *r, size_t start, size_t end, const char *key)
{
    for (size_t i = start; i < end; i++)
        if (strcmp(r->keys[i], key) == 0)
            return r->values[i];
    return NULL;
}

/* 1 with the number when text is exactly a decimal integer. */
static int decimal(const char *text, long long *out)
{
    if (!text || !*text)
        return 0;
    char *end;
    *out = strtoll(text, &end, 10);
    return *end == '\0' && (text[0] == '-' || (text[0] >= '0' && text[0] <= '9'));
}

/* The length of the state's name in v: all of it but a last word of the form N/M. */
static size_t state_length(const char *v)
{
    const char *space = strrchr(v, ' ');
    if (!space)
        return strlen(v);
    const char *count = space + 1;
    size_t n = strspn(count, "0123456789");
    if (n && count[n] == '/' && count[n + 1] && strspn(count + n + 1, "0123456789") == strlen(count + n + 1))
        return (size_t)(space - v);
    return strlen(v);
}

static void list_member(wudfctl_json *j, const char *v, const char *sep)
{
    wudfctl_json_array(j);
    size_t step = strlen(sep);
    while (*v) {
        const char *next = strstr(v, sep);
        size_t n = next ? (size_t)(next - v) : strlen(v);
        wudfctl_json_text_n(j, v, n);
        v += n + (next ? step : 0);
    }
    wudfctl_json_end_array(j);
}

static void field_member(wudfctl_json *j, const field *f, const wudf_kv *r, size_t start, size_t end)
{
    const char *v = value_of(r, start, end, f->key);
    long long n = 0;
    wudfctl_json_key(j, f->name);
    switch (f->type) {
    case FIELD_TEXT:
        wudfctl_json_text(j, v && *v ? v : v ? NULL : f->absent);
        break;
    case FIELD_NUMBER:
    case FIELD_PID:
        if (decimal(v, &n) && !(f->type == FIELD_PID && n <= 0))
            wudfctl_json_int(j, n);
        else
            wudfctl_json_null(j);
        break;
    case FIELD_BOOL:
        if (v && (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0))
            wudfctl_json_bool(j, 1);
        else if (v && (strcmp(v, "0") == 0 || strcmp(v, "no") == 0 || strcmp(v, "false") == 0))
            wudfctl_json_bool(j, 0);
        else
            wudfctl_json_null(j);
        break;
    case FIELD_STATE:
        if (v && *v)
            wudfctl_json_text_n(j, v, state_length(v));
        else
            wudfctl_json_null(j);
        break;
    case FIELD_LIST:
        if (v)
            list_member(j, v, f->sep);
        else
            wudfctl_json_null(j);
        break;
    case FIELD_EACH:
        wudfctl_json_array(j);
        for (size_t i = start; i < end; i++)
            if (strcmp(r->keys[i], f->key) == 0)
                wudfctl_json_text(j, r->values[i]);
        wudfctl_json_end_array(j);
        break;
    }
}

static int starts_record(const record_table *t, const char *key)
{
    return strcmp(key, t->starts[0]) == 0 || (t->starts[1] && strcmp(key, t->starts[1]) == 0);
}

/* Each record [start, end) as an object (lines: a document of its own on its line); what comes before
 * the first one is the reply's own. */
static void each_record(wudfctl_json *base, wudfctl_record_kind kind, const wudf_kv *reply, int lines)
{
    const record_table *t = &tables[kind];
    size_t start = reply->count;
    for (size_t i = 0; i <= reply->count; i++) {
        if (i < reply->count && !starts_record(t, reply->keys[i]))
            continue;
        if (start < i) {
            wudfctl_json line, *j = base;
            if (lines) {
                j = &line;
                wudfctl_json_init(j, base->out);
            }
            wudfctl_json_object(j);
            if (lines) {
                wudfctl_json_key(j, "version");
                wudfctl_json_int(j, WUDFCTL_JSON_VERSION);
            }
            for (size_t f = 0; f < t->count; f++)
                field_member(j, &t->fields[f], reply, start, i);
            wudfctl_json_end_object(j);
            if (lines)
                fputc('\n', j->out);
        }
        start = i;
    }
}

void wudfctl_json_records(wudfctl_json *j, const char *name, wudfctl_record_kind kind, const wudf_kv *reply)
{
    wudfctl_json_key(j, name);
    wudfctl_json_array(j);
    each_record(j, kind, reply, 0);
    wudfctl_json_end_array(j);
}

void wudfctl_json_reply(int exit_code, int32_t status, const wudf_kv *reply, const char *member,
                        wudfctl_record_kind kind)
{
    wudfctl_json j;
    wudfctl_json_begin(&j, exit_code, &status, wudf_kv_get(reply, "message"));
    wudfctl_json_records(&j, member, kind, reply);
    wudfctl_json_end(&j);
}

void wudfctl_json_record_lines(FILE *out, wudfctl_record_kind kind, const wudf_kv *reply)
{
    wudfctl_json j;
    wudfctl_json_init(&j, out);
    each_record(&j, kind, reply, 1);
}

/* A DEVPROP_TYPE_GUID as GUIDs are written ({78A1C341-4539-11D3-B88D-00C04FAD5171}): its first three
 * fields are little-endian. */
static void guid_value(wudfctl_json *j, const uint8_t *b)
{
    char text[40];
    snprintf(text, sizeof text, "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}", b[3], b[2],
             b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    wudfctl_json_text(j, text);
}

/* A value's data as its kind reads: a string, an array of strings, a number, hex bytes; a key has none. */
static void reg_value(wudfctl_json *j, const wudf_reg_entry *e)
{
    switch (wudf_reg_kind_of(e)) {
    case WUDF_REG_KIND_TEXT:
        wudfctl_json_text_n(j, (const char *)e->data, e->size);
        break;
    case WUDF_REG_KIND_LIST:
        wudfctl_json_array(j);
        for (size_t at = 0; at < e->size;) {
            const uint8_t *nul = memchr(e->data + at, 0, e->size - at);
            size_t n = nul ? (size_t)(nul - (e->data + at)) : e->size - at;
            if (n)
                wudfctl_json_text_n(j, (const char *)e->data + at, n);
            at += n + 1;
        }
        wudfctl_json_end_array(j);
        break;
    case WUDF_REG_KIND_NUMBER: {
        uint64_t v = 0;
        for (size_t i = e->size < 8 ? e->size : 8; i > 0; i--)
            v = v << 8 | e->data[i - 1];
        /* A QWORD past 2^63 keeps its bits as the signed number they make. */
        wudfctl_json_int(j, (long long)v);
        break;
    }
    case WUDF_REG_KIND_BYTES:
        if (e->root == WUDF_REG_ROOT_DP && e->type == WUDF_DEVPROP_TYPE_GUID && e->size == 16)
            guid_value(j, e->data);
        else
            wudfctl_json_hex(j, e->data, e->size);
        break;
    case WUDF_REG_KIND_KEY:
        wudfctl_json_null(j);
        break;
    }
}

static void reg_entry(wudfctl_json *j, const wudf_reg_entry *e)
{
    char type[12];
    int dp = e->root == WUDF_REG_ROOT_DP;
    const char *property = dp && e->name ? wudfctl_devpkey_name(e->path, e->name) : "";
    wudfctl_json_object(j);
    wudfctl_json_key(j, "key");
    wudfctl_json_text(j, wudf_reg_root_name(e->root));
    wudfctl_json_key(j, "path");
    wudfctl_json_text(j, e->path);
    wudfctl_json_key(j, "name");
    wudfctl_json_text(j, e->name);
    wudfctl_json_key(j, "property");
    wudfctl_json_text(j, *property ? property : NULL);
    wudfctl_json_key(j, "type");
    wudfctl_json_text(j, wudf_reg_type_name(e, type));
    wudfctl_json_key(j, "value");
    reg_value(j, e);
    wudfctl_json_key(j, "volatile");
    wudfctl_json_bool(j, e->is_volatile);
    wudfctl_json_end_object(j);
}

void wudfctl_json_reg_entries(wudfctl_json *j, const char *name, const wudf_kv *reply)
{
    wudfctl_json_key(j, name);
    wudfctl_json_array(j);
    for (size_t i = 0; i < reply->count; i++) {
        wudf_reg_root root;
        wudf_reg_entry e;
        if (wudf_reg_root_from_key(reply->keys[i], &root) || wudf_reg_entry_parse(root, reply->values[i], &e, NULL))
            continue;
        reg_entry(j, &e);
        wudf_reg_entry_free(&e);
    }
    wudfctl_json_end_array(j);
}
