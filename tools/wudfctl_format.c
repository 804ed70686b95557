/* Rendering of the reflector's device records (a "device" key starts each record). */
#include "wudfctl_format.h"

#include <stdio.h>
#include <string.h>

/* Calls fn for each record: [start, end) index range in reply. */
static void each_record(const wudf_kv *r, void (*fn)(FILE *, const wudf_kv *, size_t, size_t, void *), FILE *out,
                        void *ctx)
{
    size_t start = r->count;
    for (size_t i = 0; i <= r->count; i++) {
        if (i == r->count || strcmp(r->keys[i], "device") == 0) {
            if (start < i)
                fn(out, r, start, i, ctx);
            start = i;
        }
    }
}

static const char *field(const wudf_kv *r, size_t start, size_t end, const char *key)
{
    for (size_t i = start; i < end; i++)
        if (strcmp(r->keys[i], key) == 0)
            return r->values[i];
    return "";
}

/* A table's columns, each as wide as its widest value or title; the last one unpadded. */
typedef struct column {
    const char *key, *title;
    int width;
} column;

typedef struct table {
    column *columns;
    size_t count;
} table;

/* A cell's text: the value, except that a failure the device has started after is marked as past,
 * so that a started device does not read as failing. */
static const char *cell(const wudf_kv *r, size_t s, size_t e, const char *key, char *buf, size_t size)
{
    const char *v = field(r, s, e, key);
    if (strcmp(key, "last_failure") == 0 && *v && strcmp(field(r, s, e, "last_failure_current"), "0") == 0) {
        snprintf(buf, size, "(recovered) %s", v);
        return buf;
    }
    return v;
}

static void widen(FILE *out, const wudf_kv *r, size_t s, size_t e, void *ctx)
{
    (void)out;
    table *t = ctx;
    char buf[600];
    for (size_t i = 0; i < t->count; i++) {
        int n = (int)strlen(cell(r, s, e, t->columns[i].key, buf, sizeof buf));
        if (n > t->columns[i].width)
            t->columns[i].width = n;
    }
}

/* Padded to the column widths, with nothing after the last value that is not empty. */
static void print_row(FILE *out, const table *t, const char *const *values)
{
    size_t last = t->count - 1;
    while (last > 0 && !*values[last])
        last--;
    for (size_t i = 0; i < last; i++)
        fprintf(out, "%-*s ", t->columns[i].width, values[i]);
    fprintf(out, "%s\n", values[last]);
}

static void table_row(FILE *out, const wudf_kv *r, size_t s, size_t e, void *ctx)
{
    const table *t = ctx;
    const char *values[16];
    char buf[600];
    for (size_t i = 0; i < t->count; i++)
        values[i] = cell(r, s, e, t->columns[i].key, buf, sizeof buf);
    print_row(out, t, values);
}

static void print_columns(FILE *out, const wudf_kv *reply, column *columns, size_t count, int titles)
{
    table t = {columns, count};
    const char *values[16];
    for (size_t i = 0; i < count; i++) {
        values[i] = columns[i].title;
        columns[i].width = titles ? (int)strlen(columns[i].title) : 0;
    }
    each_record(reply, widen, out, &t);
    if (titles)
        print_row(out, &t, values);
    each_record(reply, table_row, out, &t);
}

void wudfctl_print_table(FILE *out, const wudf_kv *reply)
{
    column columns[] = {
        {"device", "DEVICE", 0},  {"state", "STATE", 0},        {"problem", "PROBLEM", 0},
        {"service", "DRIVER", 0}, {"host_pid", "PID", 0},       {"restarts", "RESTARTS", 0},
        {"open_files", "FILES", 0}, {"pending", "PENDING", 0}, {"last_failure", "LAST FAILURE", 0},
    };
    print_columns(out, reply, columns, sizeof columns / sizeof columns[0], 1);
}

void wudfctl_print_list(FILE *out, const wudf_kv *reply)
{
    column columns[] = {{"device", "DEVICE", 0}, {"state", "STATE", 0}, {"description", "DESCRIPTION", 0}};
    print_columns(out, reply, columns, sizeof columns / sizeof columns[0], 0);
}

static void details(FILE *out, const wudf_kv *r, size_t s, size_t e, void *ctx)
{
    (void)ctx;
    static const char *const labels[][2] = {
        {"device", "Instance ID"},       {"description", "Description"},    {"hardware_id", "Hardware ID"},
        {"manufacturer", "Manufacturer"}, {"provider", "Driver provider"}, {"service", "Driver service"},
        {"stack", "Driver stack"},        {"binary", "Driver binary"},      {"driver_version", "Driver version"}, {"driver_date", "Driver date"},
        {"driver_clsid", "Driver CLSID"}, {"framework", "Framework"},      {"inf", "INF"},
        {"state", "State"},               {"enabled", "Enabled"},          {"problem", "Problem code"},
        {"power_state", "Power state"},   {"system_state", "System state"}, {"idle", "Idle power-down"},
        {"wake", "Wake from sleep"},      {"idle_downs", "Idle power-downs"}, {"wakeups", "Returns to D0"},
        {"problem_text", "Problem"},      {"host_pid", "Host PID"},        {"heartbeat_age_ms", "Heartbeat age (ms)"},
        {"uptime_ms", "Uptime (ms)"},
        {"restarts", "Restarts"},         {"restart_limit", "Restart limit"}, {"open_files", "Open files"},
        {"pending", "Pending requests"},  {"pending_fast_path", "  in shared rings"}, {"last_failure", "Last failure"}, {"last_failure_time", "Last failure at"},
        {"last_event", "Last event"},     {"driver_bugs", "Driver bugs"},  {"custom_events", "Custom events"}, {"last_custom_event", "  last one"},
        {"access", "May open"},       {"ids", "Device ids"},           {"location", "Location"},
        {"usbip_server", "USB/IP server"}, {"usbip_busid", "USB/IP bus id"}, {"usb_bus", "USB bus"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        const char *v = field(r, s, e, labels[i][0]);
        if (!*v)
            continue;
        fprintf(out, "  %-18s %s", labels[i][1], v);
        /* A failure a restart has recovered from is history, not the device's state. */
        const char *recovered = field(r, s, e, "last_failure_recovered_at");
        if (strcmp(labels[i][0], "last_failure_time") == 0 && *recovered)
            fprintf(out, ", before the restart that succeeded (%s)", recovered);
        if (strcmp(labels[i][0], "last_event") == 0)
            fprintf(out, " at %s", field(r, s, e, "last_event_time"));
        if (strcmp(labels[i][0], "driver_bugs") == 0 && *field(r, s, e, "last_driver_bug"))
            fprintf(out, " (last: %s at %s)", field(r, s, e, "last_driver_bug"), field(r, s, e, "last_driver_bug_time"));
        fputc('\n', out);
    }
    for (size_t i = s; i < e; i++)
        if (strcmp(r->keys[i], "symlink") == 0)
            fprintf(out, "  %-18s %s\n", "Symbolic link", r->values[i]);
    fputc('\n', out);
}

void wudfctl_print_details(FILE *out, const wudf_kv *reply)
{
    each_record(reply, details, out, NULL);
}

void wudfctl_print_hex(FILE *out, const uint8_t *data, uint32_t length)
{
    for (uint32_t i = 0; i < length; i += 16) {
        fprintf(out, "%08x ", (unsigned)i);
        for (uint32_t j = i; j < i + 16; j++) {
            if (j < length)
                fprintf(out, " %02x", data[j]);
            else
                fputs("   ", out);
        }
        fputs("  ", out);
        for (uint32_t j = i; j < i + 16 && j < length; j++)
            fputc(data[j] >= 0x20 && data[j] < 0x7f ? data[j] : '.', out);
        fputc('\n', out);
    }
}

/* A comma-separated list (hardware_ids) as "a, b". */
static void print_id_list(FILE *out, const char *list)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        fprintf(out, "%.*s", (int)n, p);
        p += n;
        if (*p) {
            fputs(", ", out);
            p++;
        }
    }
}

void wudfctl_print_packages(FILE *out, const wudf_kv *reply)
{
    static const char *const labels[][2] = {
        {"inf_origin", "Added from"}, {"hardware_ids", "Hardware IDs"}, {"installed_for", "Installed for"}};
    int open = 0, devices = 0;
    for (size_t i = 0; i < reply->count; i++) {
        const char *k = reply->keys[i], *v = reply->values[i];
        if (strcmp(k, "package") == 0) {
            fprintf(out, "%s%s\n", open ? "\n" : "", v);
            open = 1;
            devices = 0;
        } else if (open && strcmp(k, "device") == 0) {
            fprintf(out, "  %-18s %s\n", devices++ ? "" : "Devices", v);
        } else if (open && !devices) {
            for (size_t l = 0; l < sizeof labels / sizeof labels[0]; l++) {
                if (strcmp(k, labels[l][0]) != 0)
                    continue;
                fprintf(out, "  %-18s ", labels[l][1]);
                if (strcmp(k, "hardware_ids") == 0)
                    print_id_list(out, v);
                else
                    fputs(v, out);
                fputc('\n', out);
            }
        }
    }
    if (open)
        fputc('\n', out);
}
