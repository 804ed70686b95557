/*
 * The event history on disk: <state>/events.log, one line per event, appended as it happens (one
 * write of a whole line, no fsync: a reflector killed with -9 loses nothing the kernel has, and a
 * state transition never waits on the disk). Each line ends with a CRC-32 of itself, so that a line
 * torn by a power loss or damaged otherwise is skipped at load, never misread. When the file holds
 * well over what the bounds keep, it is rewritten with only that, as devices.db is written: temporary
 * file, fsync, rename, fsync of the directory (wudf_write_file_atomic), so a crash at any moment
 * leaves the old file or the new one.
 *
 *   openwudf-events 1
 *   dropped=37 device=ROOT\ECHO\0000 crc=...                (written by a rewrite: drops before it)
 *   seq=12 time_ms=... device=... type=host-lost state=restarting problem=0 pid=... cause=signal ... crc=...
 *
 * Values are percent-encoded (%, space, =, control bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

#define EVENTS_MAGIC "openwudf-events 1"
#define EVENTS_FILE_MAX (64u * 1024u * 1024u)
#define LINE_MAX_BYTES 2048

static char path[WUDF_PATH_MAX];
static uv_file fd = -1;
static unsigned lines;       /* records in the file, to know when a rewrite is due */
static int failed_logged;

static uint32_t crc32_of(const char *data, size_t length)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++) {
        crc ^= (unsigned char)data[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

typedef struct line_buf {
    char text[LINE_MAX_BYTES];
    size_t length;
} line_buf;

static void put(line_buf *b, const char *key, const char *value)
{
    char enc[LINE_MAX_BYTES];
    size_t n = 0;
    for (const char *p = value; *p && n + 4 < sizeof enc; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '%' || c == ' ' || c == '=' || c < 0x20 || c == 0x7f)
            n += (size_t)snprintf(enc + n, sizeof enc - n, "%%%02X", c);
        else
            enc[n++] = (char)c;
    }
    enc[n] = '\0';
    int w = snprintf(b->text + b->length, sizeof b->text - b->length, "%s%s=%s", b->length ? " " : "", key, enc);
    if (w > 0 && (size_t)w < sizeof b->text - b->length)
        b->length += (size_t)w;
}

static void put_number(line_buf *b, const char *key, long long value)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", value);
    put(b, key, text);
}

static void finish(line_buf *b)
{
    char crc[24];
    snprintf(crc, sizeof crc, " crc=%08x\n", (unsigned)crc32_of(b->text, b->length));
    size_t n = strlen(crc);
    if (b->length + n < sizeof b->text) {
        memcpy(b->text + b->length, crc, n + 1);
        b->length += n;
    }
}

static void format_event(line_buf *b, const char *device, const wudf_event *e)
{
    b->length = 0;
    put_number(b, "seq", (long long)e->seq);
    put_number(b, "time_ms", (long long)e->time_ms);
    put(b, "device", device);
    put(b, "type", wudf_event_type_name(e->type));
    put(b, "state", e->state);
    put_number(b, "problem", e->problem);
    if (e->fields & WUDF_EVF_PID)
        put_number(b, "pid", e->pid);
    if (e->fields & WUDF_EVF_SIGNAL)
        put_number(b, "signal", e->signal);
    if (e->fields & WUDF_EVF_EXIT)
        put_number(b, "exit_code", e->exit_code);
    if (e->fields & WUDF_EVF_FAILED_REQUESTS)
        put_number(b, "failed_requests", e->failed_requests);
    if (e->fields & WUDF_EVF_RESTARTS) {
        put_number(b, "restarts", e->restarts);
        put_number(b, "restart_limit", e->restart_limit);
    }
    if (e->fields & WUDF_EVF_POWER) {
        put(b, "power_state", e->power_state);
        put(b, "system_state", e->system_state);
    }
    if (e->cause[0])
        put(b, "cause", e->cause);
    if (e->text[0])
        put(b, "text", e->text);
    finish(b);
}

/* ---- reading ---- */

static int unescape(char *s)
{
    char *w = s;
    for (char *p = s; *p; p++) {
        unsigned v;
        if (*p != '%') {
            *w++ = *p;
        } else if (p[1] && p[2] && sscanf(p + 1, "%2X", &v) == 1 && v) {
            *w++ = (char)v;
            p += 2;
        } else {
            return -1;
        }
    }
    *w = '\0';
    return 0;
}

static int number(const char *text, long long min, long long max, long long *out)
{
    char *end;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int copy_text(char *dest, size_t size, const char *value)
{
    if (strlen(value) >= size)
        return -1;
    strcpy(dest, value);
    return 0;
}

/* One key of an event line; -1 when the value is not one the reflector writes. */
static int event_field(wudf_event *e, char *device, const char *key, const char *value)
{
    long long v = 0;
    static const struct {
        const char *key;
        unsigned flag;
    } numbers[] = {{"seq", 0}, {"time_ms", 0}, {"problem", 0}, {"pid", WUDF_EVF_PID}, {"signal", WUDF_EVF_SIGNAL},
                   {"exit_code", WUDF_EVF_EXIT}, {"failed_requests", WUDF_EVF_FAILED_REQUESTS},
                   {"restarts", WUDF_EVF_RESTARTS}, {"restart_limit", WUDF_EVF_RESTARTS}};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        if (strcmp(key, numbers[i].key) != 0)
            continue;
        if (number(value, i < 2 ? 1 : -(1ll << 62), 1ll << 62, &v))
            return -1;
        e->fields |= (uint8_t)numbers[i].flag;
        switch (i) {
        case 0: e->seq = (uint64_t)v; break;
        case 1: e->time_ms = (uint64_t)v; break;
        case 2: e->problem = (int32_t)v; break;
        case 3: e->pid = v; break;
        case 4: e->signal = (int32_t)v; break;
        case 5: e->exit_code = v; break;
        case 6: e->failed_requests = (uint32_t)v; break;
        case 7: e->restarts = (uint32_t)v; break;
        default: e->restart_limit = (uint32_t)v; break;
        }
        return 0;
    }
    if (strcmp(key, "type") == 0) {
        int t = wudf_event_type_from_name(value);
        e->type = (uint8_t)(t < 0 ? 0 : t);
        return t < 0 ? -1 : 0;
    }
    if (strcmp(key, "power_state") == 0 || strcmp(key, "system_state") == 0) {
        e->fields |= WUDF_EVF_POWER;
        return copy_text(key[0] == 'p' ? e->power_state : e->system_state, sizeof e->power_state, value);
    }
    if (strcmp(key, "device") == 0)
        return copy_text(device, sizeof ((wudf_event_log *)0)->device, value);
    if (strcmp(key, "state") == 0)
        return copy_text(e->state, sizeof e->state, value);
    if (strcmp(key, "cause") == 0)
        return copy_text(e->cause, sizeof e->cause, value);
    if (strcmp(key, "text") == 0)
        return copy_text(e->text, sizeof e->text, value);
    return 0; /* a key from a newer version */
}

/* One line (without its newline): 0 when it was taken. */
static int take_line(char *line)
{
    char *crc = strstr(line, " crc=");
    char *end;
    if (!crc || strchr(crc + 1, ' ') || strtoul(crc + 5, &end, 16) != crc32_of(line, (size_t)(crc - line)) ||
        end != crc + 13 || *end)
        return -1;
    *crc = '\0';
    wudf_event e;
    memset(&e, 0, sizeof e);
    e.type = WUDF_EVENT_TYPE_COUNT; /* until the line names one */
    char device[sizeof ((wudf_event_log *)0)->device] = "";
    long long dropped = -1;
    for (char *save = line, *token; (token = save) != NULL;) {
        char *space = strchr(token, ' ');
        save = space ? space + 1 : NULL;
        if (space)
            *space = '\0';
        char *eq = strchr(token, '=');
        if (!eq || unescape(eq + 1))
            return -1;
        *eq = '\0';
        if (strcmp(token, "dropped") == 0 ? number(eq + 1, 0, 1ll << 62, &dropped) : event_field(&e, device, token, eq + 1))
            return -1;
    }
    if (!device[0])
        return -1;
    if (dropped >= 0)
        return wudf_events_add_dropped(device, (uint64_t)dropped);
    if (!e.seq || !e.time_ms || !e.state[0] || e.type >= WUDF_EVENT_TYPE_COUNT)
        return -1;
    return wudf_events_insert(device, &e) ? 0 : -1;
}

/* ---- writing ---- */

static void open_for_append(void)
{
    uv_fs_t req;
    fd = uv_fs_open(NULL, &req, path, UV_FS_O_WRONLY | UV_FS_O_APPEND | UV_FS_O_CREAT, 0600, NULL);
    uv_fs_req_cleanup(&req);
    if (fd < 0 && !failed_logged++)
        wudf_log(WUDF_LOG_ERROR, "events-store-failed", "path=\"%s\" status=\"%s\" kept=memory", path, uv_strerror(fd));
}

static void close_fd(void)
{
    if (fd < 0)
        return;
    uv_fs_t req;
    uv_fs_close(NULL, &req, fd, NULL);
    uv_fs_req_cleanup(&req);
    fd = -1;
}

static int by_seq(const void *a, const void *b)
{
    const wudf_event *x = ((const wudf_event *const *)a)[0], *y = ((const wudf_event *const *)b)[0];
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

typedef struct entry {
    const wudf_event *event;
    const char *device;
} entry;

typedef struct text_buf {
    char *data;
    size_t used, capacity;
    int failed;
} text_buf;

static void add_line(text_buf *t, const line_buf *b)
{
    if (t->failed)
        return;
    if (t->used + b->length + 1 > t->capacity) {
        size_t capacity = t->capacity ? t->capacity * 2 : 65536;
        while (t->used + b->length + 1 > capacity)
            capacity *= 2;
        char *bigger = realloc(t->data, capacity);
        if (!bigger) {
            t->failed = 1;
            return;
        }
        t->data = bigger;
        t->capacity = capacity;
    }
    memcpy(t->data + t->used, b->text, b->length);
    t->used += b->length;
}

/* The file rewritten with what memory keeps: the counts of what was dropped, then every event in the
 * order it happened, as appends had written them. */
static void rewrite(void)
{
    wudf_list *all = wudf_events_logs(), *pos;
    unsigned count = wudf_events_total(), n = 0;
    entry *entries = calloc(count ? count : 1, sizeof *entries);
    text_buf t = {NULL, 0, 0, !entries};
    line_buf b;
    b.length = (size_t)snprintf(b.text, sizeof b.text, "%s\n", EVENTS_MAGIC);
    add_line(&t, &b);
    for (pos = all->next; pos != all; pos = pos->next) {
        const wudf_event_log *log = WUDF_CONTAINER_OF(pos, wudf_event_log, link);
        for (unsigned i = 0; i < log->count && n < count; i++, n++)
            entries[n] = (entry){wudf_event_at(log, i), log->device};
        if (!log->dropped)
            continue;
        b.length = 0;
        put_number(&b, "dropped", (long long)log->dropped);
        put(&b, "device", log->device);
        finish(&b);
        add_line(&t, &b);
    }
    if (entries)
        qsort(entries, n, sizeof *entries, by_seq);
    for (unsigned i = 0; i < n && !t.failed; i++) {
        format_event(&b, entries[i].device, entries[i].event);
        add_line(&t, &b);
    }
    free(entries);
    if (t.failed) {
        free(t.data);
        return; /* the appended file stays: it loads the same */
    }
    close_fd();
    wudf_error err;
    if (wudf_write_file_atomic(path, t.data, t.used, &err))
        wudf_log(WUDF_LOG_ERROR, "events-store-failed", "status=\"%s\"", err.message);
    else
        lines = n;
    free(t.data);
    open_for_append();
}

void wudf_events_store_append(const char *device, const wudf_event *e)
{
    if (fd < 0)
        return;
    line_buf b;
    format_event(&b, device, e);
    uv_buf_t buf = uv_buf_init(b.text, (unsigned)b.length);
    uv_fs_t req;
    int rc = uv_fs_write(NULL, &req, fd, &buf, 1, -1, NULL);
    uv_fs_req_cleanup(&req);
    if (rc != (int)b.length) {
        wudf_log(WUDF_LOG_ERROR, "events-store-failed", "path=\"%s\" status=\"%s\" kept=memory", path,
                 rc < 0 ? uv_strerror(rc) : "short write");
        close_fd();
        return;
    }
    if (++lines > 2 * wudf_events_total() + 2 * WUDF_EVENTS_PER_DEVICE)
        rewrite();
}

uint64_t wudf_events_store_load(const char *state_dir)
{
    wudf_error err;
    failed_logged = 0;
    lines = 0;
    if (wudf_path_join(path, sizeof path, state_dir, "events.log", &err)) {
        wudf_log(WUDF_LOG_ERROR, "events-store-failed", "status=\"%s\" kept=memory", err.message);
        return 0;
    }
    char *data = NULL;
    size_t length = 0;
    int rc = wudf_read_file(path, EVENTS_FILE_MAX, &data, &length, &err);
    unsigned bad = 0;
    uint64_t last = 0;
    if (rc == 0 && strncmp(data, EVENTS_MAGIC "\n", sizeof EVENTS_MAGIC) != 0)
        rc = wudf_error_set(&err, WUDF_EPARSE, "%s: not an openwudf event history", path);
    for (char *save = rc ? NULL : data + sizeof EVENTS_MAGIC, *line; save && *(line = save);) {
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (!nl) {
            bad++; /* an unfinished last line, torn: the rewrite below ends the file cleanly again */
            break;
        }
        *nl = '\0';
        if (nl - line >= LINE_MAX_BYTES || take_line(line))
            bad++;
        else
            lines++;
    }
    free(data);
    wudf_list *all = wudf_events_logs(), *pos;
    for (pos = all->next; pos != all; pos = pos->next) {
        const wudf_event_log *log = WUDF_CONTAINER_OF(pos, wudf_event_log, link);
        if (log->count && wudf_event_at(log, log->count - 1)->seq > last)
            last = wudf_event_at(log, log->count - 1)->seq;
    }
    if (rc && rc != WUDF_ENOTFOUND)
        wudf_log(WUDF_LOG_WARN, "events-store-reset", "reason=\"%s\"", err.message);
    if (bad)
        wudf_log(WUDF_LOG_WARN, "events-lines-skipped", "path=\"%s\" lines=%u reason=\"damaged or torn\"", path, bad);
    wudf_log(WUDF_LOG_INFO, "events-loaded", "events=%u last_seq=%llu", wudf_events_total(), (unsigned long long)last);
    /* A fresh file, one with damage, or one past its size: rewritten now, so it is clean again. */
    if (rc || bad || lines > 2 * wudf_events_total() + 2 * WUDF_EVENTS_PER_DEVICE)
        rewrite();
    else
        open_for_append();
    return last;
}

void wudf_events_store_close(void)
{
    close_fd();
}
