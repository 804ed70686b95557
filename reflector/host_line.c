/*
 * One line a host wrote to its stdout or stderr, as a line of the reflector's log. A host's own
 * logfmt keeps its event and fields, but ts, level and prog are the reflector's (prog=wudfhost),
 * and device= and pid= are what the reflector knows the host to be: whatever the host claims to be
 * is kept beside them as host_prog=, host_device=, host_pid=. Anything else is quoted whole as
 * text=. So a host cannot write a line that reads as the reflector's, or as another device's.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "reflector.h"

typedef struct out_buf {
    char *at;
    size_t size, length;
} out_buf;

static void append(out_buf *o, const char *text)
{
    size_t n = strlen(text);
    if (o->length + n + 1 > o->size)
        n = o->size - o->length - 1;
    memcpy(o->at + o->length, text, n);
    o->length += n;
    o->at[o->length] = '\0';
}

/* key=value, the value quoted as the reflector quotes its own. */
static void append_field(out_buf *o, const char *prefix, const char *key, const char *value)
{
    char quoted[WUDF_HOST_LINE_MAX * 2 + 8];
    append(o, " ");
    append(o, prefix);
    append(o, key);
    append(o, "=");
    append(o, wudf_log_quote(quoted, sizeof quoted, value));
}

static int key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

/* The next key=value of text at *pos into key and value (unquoted); 0, or -1 when text is not logfmt
 * from there. */
static int next_pair(const char *text, size_t length, size_t *pos, char *key, size_t key_size, char *value,
                     size_t value_size)
{
    size_t i = *pos, k = 0, v = 0;
    while (i < length && key_char(text[i]) && k + 1 < key_size)
        key[k++] = text[i++];
    key[k] = '\0';
    if (!k || i >= length || text[i++] != '=')
        return -1;
    if (i < length && text[i] == '"') {
        for (i++; i < length && text[i] != '"'; i++) {
            char c = text[i];
            if (c == '\\' && i + 1 < length)
                c = text[++i] == 'n' ? '\n' : text[i];
            if (v + 1 < value_size)
                value[v++] = c;
        }
        if (i++ >= length)
            return -1; /* no closing quote */
    } else {
        while (i < length && text[i] != ' ' && text[i] != '"' && text[i] != '=')
            if (v + 1 < value_size)
                value[v++] = text[i++];
            else
                i++;
        if (i < length && text[i] != ' ')
            return -1;
    }
    value[v] = '\0';
    while (i < length && text[i] == ' ')
        i++;
    *pos = i;
    return 0;
}

/* 1 when text is logfmt throughout. */
static int is_logfmt(const char *text, size_t length)
{
    char key[64], value[WUDF_HOST_LINE_MAX + 1];
    size_t pos = 0;
    if (!length)
        return 0;
    while (pos < length)
        if (next_pair(text, length, &pos, key, sizeof key, value, sizeof value))
            return 0;
    return 1;
}

/* What the reflector knows of the host, against which the host's claims are kept or marked. */
typedef struct known {
    const char *device;
    char pid[24];
} known;

static void append_claim(out_buf *o, const known *k, const char *key, const char *value)
{
    int own = (strcmp(key, "prog") == 0 && strcmp(value, "wudfhost") == 0) ||
              (strcmp(key, "device") == 0 && strcmp(value, k->device) == 0) ||
              (strcmp(key, "pid") == 0 && strcmp(value, k->pid) == 0);
    if (!own)
        append_field(o, "host_", key, value);
}

static void append_fields(out_buf *o, const known *k, const char *text, size_t length, wudf_log_level *level)
{
    char key[64], value[WUDF_HOST_LINE_MAX + 1];
    size_t pos = 0;
    int had_event = 0;
    while (pos < length && next_pair(text, length, &pos, key, sizeof key, value, sizeof value) == 0) {
        if (strcmp(key, "ts") == 0)
            continue;
        if (strcmp(key, "level") == 0 && wudf_log_level_parse(value, level) == 0)
            continue;
        if (strcmp(key, "event") == 0 && !had_event++)
            continue; /* first, before device= */
        if (strcmp(key, "prog") == 0 || strcmp(key, "device") == 0 || strcmp(key, "pid") == 0 ||
            strcmp(key, "event") == 0 || strcmp(key, "level") == 0)
            append_claim(o, k, key, value);
        else
            append_field(o, "", key, value);
    }
}

/* The value of the first event= in logfmt text, or "" without one. */
static void first_event(const char *text, size_t length, char *event, size_t size)
{
    char key[64], value[WUDF_HOST_LINE_MAX + 1];
    size_t pos = 0;
    event[0] = '\0';
    while (pos < length && next_pair(text, length, &pos, key, sizeof key, value, sizeof value) == 0)
        if (strcmp(key, "event") == 0) {
            snprintf(event, size, "%s", value);
            return;
        }
}

void wudf_host_line_format(const char *text, size_t length, const char *device, int64_t pid, int truncated,
                           wudf_log_level *level, char *out, size_t size)
{
    out_buf o = {out, size, 0};
    known k = {device, ""};
    char event[WUDF_HOST_LINE_MAX + 1], quoted[WUDF_HOST_LINE_MAX * 2 + 8];
    snprintf(k.pid, sizeof k.pid, "%lld", (long long)pid);
    out[0] = '\0';
    *level = WUDF_LOG_INFO;
    if (length > WUDF_HOST_LINE_MAX)
        length = WUDF_HOST_LINE_MAX;
    int logfmt = is_logfmt(text, length);
    if (logfmt)
        first_event(text, length, event, sizeof event);
    append(&o, "event=");
    append(&o, logfmt && event[0] ? wudf_log_quote(quoted, sizeof quoted, event) : "output");
    append_field(&o, "", "device", device);
    append(&o, " pid=");
    append(&o, k.pid);
    if (logfmt) {
        append_fields(&o, &k, text, length, level);
    } else {
        char raw[WUDF_HOST_LINE_MAX + 1];
        for (size_t i = 0; i < length; i++)
            raw[i] = text[i] ? text[i] : '?'; /* a NUL would end the text early */
        raw[length] = '\0';
        append_field(&o, "", "text", raw);
    }
    if (truncated)
        append(&o, " truncated=1");
}
