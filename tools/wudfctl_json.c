/*
 * wudfctl --json: the writer, the envelope and the failure document (docs/json.md). Whatever goes
 * wrong, and wherever, stdout gets one document that says so in the same shape; the one line on
 * stderr stays for the person at the terminal.
 */
#include "wudfctl_json.h"

#include <string.h>

#include <openwudf/status.h>

#include "wudfctl.h"

/* Before a value: the comma after the previous member or element. */
static void separate(wudfctl_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0 && j->more[j->depth - 1])
        fputc(',', j->out);
    if (j->depth > 0)
        j->more[j->depth - 1] = 1;
}

void wudfctl_json_init(wudfctl_json *j, FILE *out)
{
    memset(j, 0, sizeof *j);
    j->out = out;
}

static void write_string(FILE *out, const char *s, size_t n);

void wudfctl_json_key(wudfctl_json *j, const char *key)
{
    separate(j);
    write_string(j->out, key, strlen(key));
    fputc(':', j->out);
    j->after_key = 1;
}

static void open_container(wudfctl_json *j, char c)
{
    separate(j);
    fputc(c, j->out);
    if (j->depth < WUDFCTL_JSON_DEPTH)
        j->more[j->depth] = 0;
    j->depth++;
}

static void close_container(wudfctl_json *j, char c)
{
    fputc(c, j->out);
    j->depth--;
}

void wudfctl_json_object(wudfctl_json *j) { open_container(j, '{'); }
void wudfctl_json_array(wudfctl_json *j) { open_container(j, '['); }
void wudfctl_json_end_object(wudfctl_json *j) { close_container(j, '}'); }
void wudfctl_json_end_array(wudfctl_json *j) { close_container(j, ']'); }

/* The length of the UTF-8 sequence at s (at most n bytes), 0 when it is not one. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 && s[0] < 0xf0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    /* No overlong forms, no surrogates, nothing past U+10FFFF. */
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
        (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return len;
}

static void write_string(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            fprintf(out, "\\%c", c);
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(out, "\\u%04x", c);
        } else if (c >= 0x80) {
            size_t len = utf8_length(p + i, n - i);
            if (len)
                fwrite(p + i, 1, len, out);
            else
                fputs("\\ufffd", out);
            i += len ? len : 1;
            continue;
        } else {
            fputc(c, out);
        }
        i++;
    }
    fputc('"', out);
}

void wudfctl_json_text_n(wudfctl_json *j, const char *s, size_t n)
{
    separate(j);
    write_string(j->out, s, n);
}

void wudfctl_json_text(wudfctl_json *j, const char *s)
{
    if (s)
        wudfctl_json_text_n(j, s, strlen(s));
    else
        wudfctl_json_null(j);
}

void wudfctl_json_int(wudfctl_json *j, long long v)
{
    separate(j);
    fprintf(j->out, "%lld", v);
}

void wudfctl_json_bool(wudfctl_json *j, int v)
{
    separate(j);
    fputs(v ? "true" : "false", j->out);
}

void wudfctl_json_null(wudfctl_json *j)
{
    separate(j);
    fputs("null", j->out);
}

void wudfctl_json_hex(wudfctl_json *j, const uint8_t *data, size_t length)
{
    separate(j);
    fputc('"', j->out);
    for (size_t i = 0; i < length; i++)
        fprintf(j->out, "%02x", data[i]);
    fputc('"', j->out);
}

void wudfctl_json_status(wudfctl_json *j, int32_t status)
{
    separate(j);
    fprintf(j->out, "\"0x%08x\"", (unsigned)status);
}

/* What this run has said so far. */
static struct {
    int on, stream, printed;
    char command[32];
    struct {
        int exit_code, has_status;
        int32_t status;
        char message[1200], remedy[600];
    } failure;
} run;

void wudfctl_json_mode(int json, const char *command)
{
    run.on = json;
    snprintf(run.command, sizeof run.command, "%s", command ? command : "");
}

int wudfctl_json_on(void)
{
    return run.on;
}

void wudfctl_json_stream(void)
{
    run.stream = 1;
}

void wudfctl_json_failure(int exit_code, const int32_t *status, const char *message, const char *remedy)
{
    if (run.failure.exit_code || !exit_code)
        return; /* the first failure is the cause; what follows from it adds nothing */
    run.failure.exit_code = exit_code;
    run.failure.has_status = status != NULL;
    run.failure.status = status ? *status : 0;
    snprintf(run.failure.message, sizeof run.failure.message, "%s", message ? message : "");
    snprintf(run.failure.remedy, sizeof run.failure.remedy, "%s", remedy ? remedy : "");
}

/* The error's kind: one per exit code, and a timeout told apart from other failures. */
static const char *failure_kind(int exit_code, int has_status, int32_t status)
{
    switch (exit_code) {
    case WUDFCTL_EXIT_USAGE: return "usage";
    case WUDFCTL_EXIT_NO_REFLECTOR: return "no-reflector";
    case WUDFCTL_EXIT_DENIED: return "denied";
    case WUDFCTL_EXIT_LOST: return "lost";
    case WUDFCTL_EXIT_BUSY: return "busy";
    default: return has_status && status == WUDF_STATUS_IO_TIMEOUT ? "timeout" : "failed";
    }
}

static void status_members(wudfctl_json *j, int has_status, int32_t status)
{
    const char *name = has_status ? wudf_status_name(status) : NULL;
    wudfctl_json_key(j, "status");
    if (has_status)
        wudfctl_json_status(j, status);
    else
        wudfctl_json_null(j);
    wudfctl_json_key(j, "status_name");
    wudfctl_json_text(j, name);
}

static void error_member(wudfctl_json *j, int exit_code, int has_status, int32_t status, const char *message)
{
    wudfctl_json_key(j, "error");
    if (!exit_code) {
        wudfctl_json_null(j);
        return;
    }
    /* A failure nothing recorded (it cannot happen by design) still has the shape. */
    int recorded = run.failure.exit_code != 0;
    if (recorded) {
        has_status = run.failure.has_status;
        status = run.failure.status;
        message = run.failure.message;
    }
    wudfctl_json_object(j);
    wudfctl_json_key(j, "kind");
    wudfctl_json_text(j, failure_kind(exit_code, has_status, status));
    wudfctl_json_key(j, "message");
    wudfctl_json_text(j, message && *message ? message : "the command failed");
    status_members(j, has_status, status);
    wudfctl_json_key(j, "remedy");
    wudfctl_json_text(j, recorded && run.failure.remedy[0] ? run.failure.remedy : NULL);
    wudfctl_json_end_object(j);
}

void wudfctl_json_begin(wudfctl_json *j, int exit_code, const int32_t *status, const char *message)
{
    wudfctl_json_init(j, stdout);
    run.printed = 1;
    int has_status = status != NULL;
    int32_t value = status ? *status : 0;
    if (!has_status && exit_code && run.failure.exit_code) {
        has_status = run.failure.has_status;
        value = run.failure.status;
    }
    if (!message && exit_code && run.failure.exit_code)
        message = run.failure.message;
    wudfctl_json_object(j);
    wudfctl_json_key(j, "version");
    wudfctl_json_int(j, WUDFCTL_JSON_VERSION);
    wudfctl_json_key(j, "command");
    wudfctl_json_text(j, run.command[0] ? run.command : NULL);
    wudfctl_json_key(j, "ok");
    wudfctl_json_bool(j, exit_code == 0);
    wudfctl_json_key(j, "exit_code");
    wudfctl_json_int(j, exit_code);
    status_members(j, has_status, value);
    wudfctl_json_key(j, "message");
    wudfctl_json_text(j, message && *message ? message : NULL);
    error_member(j, exit_code, has_status, value, message);
}

void wudfctl_json_end(wudfctl_json *j)
{
    wudfctl_json_end_object(j);
    fputc('\n', j->out);
    fflush(j->out);
}

void wudfctl_json_finish(int exit_code)
{
    if (!run.on || run.printed || (run.stream && !exit_code))
        return;
    wudfctl_json j;
    wudfctl_json_begin(&j, exit_code, NULL, NULL);
    wudfctl_json_end(&j);
}
