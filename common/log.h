/*
 * Event log: one logfmt line per event on stderr, e.g.
 *   ts=2026-11-23T20:55:01.123Z level=info prog=wudfrd event=host-exit device=ROOT\ECHO\0000 state=restarting status=0xc0000450 pid=812
 * Values with spaces, quotes or '=' are quoted by wudf_log_field.
 */
#ifndef OPENWUDF_COMMON_LOG_H
#define OPENWUDF_COMMON_LOG_H

#include <stddef.h>

#include "error.h"

typedef enum wudf_log_level { WUDF_LOG_DEBUG, WUDF_LOG_INFO, WUDF_LOG_WARN, WUDF_LOG_ERROR } wudf_log_level;

/* Program name for the prog= field, and the lowest level printed. */
void wudf_log_setup(const char *program, wudf_log_level min_level);
int wudf_log_level_parse(const char *text, wudf_log_level *level);

/*
 * Logs event with its fields: fields is a printf format producing
 * `key=value` pairs separated by spaces (use wudf_log_field or the q()
 * helper below for free text).
 */
/* The time now in UTC, ISO 8601 ("2026-11-23T22:19:42Z", with .mmm before the Z if with_ms). */
void wudf_utc_time(char *buf, size_t size, int with_ms);
void wudf_log(wudf_log_level level, const char *event, const char *fields, ...) WUDF_PRINTF(3, 4);

/* A rate limit for one kind of line, so that a peer that misbehaves in a loop cannot flood the log:
 * at most per_second lines a second; the rest are counted, and the next line written says how many
 * went unwritten (dropped=N). One thread only. */
typedef struct wudf_log_limit {
    unsigned long long window_ms; /* start of the current second */
    unsigned written;             /* lines written in it */
    unsigned dropped;             /* lines held back since the last one written */
} wudf_log_limit;
/* 1 when the caller may write its line now, with *dropped the count to report on it (0 usually). */
int wudf_log_limit_pass(wudf_log_limit *limit, unsigned per_second, unsigned *dropped);
/* For a periodic check: 1 when lines were held back and their second is over, with *dropped their
 * count (then reset), so that the caller logs it even when no later line comes to carry it. */
int wudf_log_limit_flush(wudf_log_limit *limit, unsigned *dropped);

/* The longest fields wudf_log_relay takes. */
#define WUDF_LOG_RELAY_MAX 8192
/* One line another process wrote, logged by this one: ts, level and prog=program are this
 * process's; fields (logfmt, one line, already checked by the caller) follow. */
void wudf_log_relay(wudf_log_level level, const char *program, const char *fields);

/* Formats value as a logfmt value (quoted and escaped when needed) into buf. */
const char *wudf_log_quote(char *buf, size_t size, const char *value);

#endif
