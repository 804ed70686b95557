/* logfmt event lines on stderr, written whole so lines of threads never interleave. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <uv.h>

static const char *log_program = "openwudf";
static wudf_log_level log_min = WUDF_LOG_INFO;

void wudf_log_setup(const char *program, wudf_log_level min_level)
{
    log_program = program;
    log_min = min_level;
}

int wudf_log_level_parse(const char *text, wudf_log_level *level)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
        if (strcmp(text, names[i]) == 0) {
            *level = (wudf_log_level)i;
            return 0;
        }
    return -1;
}

const char *wudf_log_quote(char *buf, size_t size, const char *value)
{
    int plain = value[0] != '\0';
    for (const char *p = value; *p; p++)
        if (*p == ' ' || *p == '"' || *p == '=' || (unsigned char)*p < 0x20)
            plain = 0;
    if (plain) {
        snprintf(buf, size, "%s", value);
        return buf;
    }
    size_t n = 0;
    if (size < 3) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    buf[n++] = '"';
    for (const char *p = value; *p && n + 4 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)c;
        } else if (c == '\n') {
            buf[n++] = '\\';
            buf[n++] = 'n';
        } else if (c < 0x20) {
            buf[n++] = '?';
        } else {
            buf[n++] = (char)c;
        }
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return buf;
}

void wudf_utc_time(char *buf, size_t size, int with_ms)
{
    uv_timeval64_t tv;
    snprintf(buf, size, "?");
    if (uv_gettimeofday(&tv) != 0)
        return;
    time_t secs = (time_t)tv.tv_sec;
    struct tm tm;
#ifdef _WIN32
    gmtime_s(&tm, &secs);
#else
    gmtime_r(&secs, &tm);
#endif
    int n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, with_ms ? ".%03dZ" : "Z", (int)(tv.tv_usec / 1000));
}

static const char *const level_names[] = {"debug", "info", "warn", "error"};

/* Ends the line (cut to fit) and writes it at once: a line is never left half in a buffer. */
static void write_line(char *line, size_t size, size_t n)
{
    if (n > size - 2)
        n = size - 2;
    line[n++] = '\n';
    line[n] = '\0';
    fputs(line, stderr);
    fflush(stderr);
}

void wudf_log_relay(wudf_log_level level, const char *program, const char *fields)
{
    if (level < log_min)
        return;
    char stamp[96];
    wudf_utc_time(stamp, sizeof stamp, 1);
    char line[WUDF_LOG_RELAY_MAX + 160];
    int n = snprintf(line, sizeof line - 1, "ts=%s level=%s prog=%s %s", stamp, level_names[level], program, fields);
    if (n >= 0)
        write_line(line, sizeof line, (size_t)n);
}

void wudf_log(wudf_log_level level, const char *event, const char *fields, ...)
{
    if (level < log_min)
        return;
    char stamp[96];
    wudf_utc_time(stamp, sizeof stamp, 1);
    char line[2048];
    int n = snprintf(line, sizeof line, "ts=%s level=%s prog=%s event=%s", stamp, level_names[level], log_program, event);
    if (n < 0)
        return;
    if (fields && *fields && (size_t)n < sizeof line - 2) {
        line[n++] = ' ';
        va_list ap;
        va_start(ap, fields);
        int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fields, ap);
        va_end(ap);
        if (m > 0)
            n += m;
    }
    write_line(line, sizeof line, (size_t)n);
}

int wudf_log_limit_pass(wudf_log_limit *limit, unsigned per_second, unsigned *dropped)
{
    unsigned long long now = uv_hrtime() / 1000000u;
    if (now - limit->window_ms >= 1000) {
        limit->window_ms = now;
        limit->written = 0;
    }
    if (limit->written >= per_second) {
        limit->dropped++;
        return 0;
    }
    limit->written++;
    *dropped = limit->dropped;
    limit->dropped = 0;
    return 1;
}

int wudf_log_limit_flush(wudf_log_limit *limit, unsigned *dropped)
{
    unsigned long long now = uv_hrtime() / 1000000u;
    if (!limit->dropped || now - limit->window_ms < 1000)
        return 0;
    *dropped = limit->dropped;
    limit->dropped = 0;
    return 1;
}
