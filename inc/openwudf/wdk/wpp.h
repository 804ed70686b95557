/*
 * WPP software tracing for WDK drivers, without ETW: each trace that is enabled becomes ONE logfmt
 * line on the host's standard error, which the reflector relays into its log line by line, e.g.
 *
 *   event=wpp level=info trace_level=information component=MyDriverTraceGuid flags=TRACE_DRIVER
 *     func=CMyDevice::OnPrepareHardware file=device.cpp line=42 msg="prepared, 2 endpoints"
 *
 * level= is the reflector's (error for TRACE_LEVEL_CRITICAL and _ERROR, warn for _WARNING, info
 * otherwise), so the relayed line is filed as such; trace_level= is WPP's own (none, critical,
 * error, warning, information, verbose, or the number); DoTraceMessage, which has no level, has no
 * trace_level=. msg= is quoted as the reflector quotes its values; a line stays under the reflector's
 * 2048-byte limit (a longer message is cut and marked msg_truncated=1).
 *
 * Which traces print: those with trace level <= TRACE_LEVEL_INFORMATION, all flags, unless
 *   WUDF_WPP_LEVEL   a level name (none critical fatal error warning information verbose, with or
 *                    without TRACE_LEVEL_, any case) or number (0-255); 0/none turns off every trace
 *                    that has a level;
 *   WUDF_WPP_FLAGS   a hexadecimal mask (0x.. or digits; bit n is the n-th WPP_DEFINE_BIT of each
 *                    control), or flag names separated by , | + or spaces, or "all".
 * say otherwise. They are read once per module, at its first trace or at WPP_INIT_TRACING. A host's
 * environment is not the reflector's: start wudfrd with --host-env WUDF_WPP_LEVEL,WUDF_WPP_FLAGS to
 * pass them on. An unreadable value is reported once (event=wpp-config level=warn) and ignored.
 *
 * WPP_INIT_TRACING (UMDF 1's one argument, or KMDF's two) and WPP_CLEANUP are accepted: traces work
 * without them; after WPP_CLEANUP nothing is traced until WPP_INIT_TRACING.
 *
 * Message formats: printf with MSVC's rules for a narrow format (msvcfmt.h: %s narrow, %S/%ls/%ws
 * wide, %I64x, %Iu, %p...) and WPP's extensions:
 *   no argument:   %!FUNC! %!FILE! %!LINE! %!LEVEL! (TRACE_LEVEL_ name) %!FLAGS! %!COMPNAME!
 *                  %!STDPREFIX! (empty: ts, pid and device are the reflector's fields)
 *   an argument:   %!STATUS! (NTSTATUS) %!HRESULT! %!WINERROR! (by name when common, else hex)
 *                  %!GUID! %!CLSID! %!IID! %!LIBID! (a GUID *) %!bool! %!BOOLEAN! %!irql!
 *                  %!TIME! %!TIMESTAMP! %!datetime! (a LONGLONG system time, shown in UTC)
 *                  %!delta! %!WAITTIME! %!due! (a LONGLONG of milliseconds) %!sid! (a PSID)
 * Another %!NAME! is an error of openwudf_wpp at build time; formatting stops at it.
 *
 * Static functions and one module-wide control block (weak, or selectany on Windows): nothing to link.
 * The %!NAME! extensions are in wpp_format.h; the per-file part is wpp_control.h, which each
 * generated .tmh file reads.
 */
#ifndef OPENWUDF_WDK_WPP_H
#define OPENWUDF_WDK_WPP_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#include <evntrace.h>
#else
#include <unistd.h>
#include "evntrace.h"
#endif

#include "wpp_format.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WPP_WUDF_MAX_BITS 256
#define WPP_WUDF_LINE_MAX 2000 /* under the reflector's WUDF_HOST_LINE_MAX (2048) */

/* What WPP_CONTROL(bit) gives: trace.h files test .Level and .Flags[WPP_FLAG_NO(bit)] themselves. */
typedef struct wudf_wpp_control {
    int State;  /* 0: environment not read, 1: being read, 2: ready */
    int Logger; /* nonzero while tracing is on */
    int Level;
    unsigned int Flags[WPP_WUDF_MAX_BITS / 32]; /* by bit number (the WPP_BIT_ enumerators) */
    /* Where lines go instead of standard error when set (a test that reads its own traces). */
    void (*Writer)(const char *line, size_t length);
} wudf_wpp_control;

#ifdef _WIN32
#define WUDF_WPP_MODULE_DATA __declspec(selectany)
#else
#define WUDF_WPP_MODULE_DATA __attribute__((weak, visibility("hidden")))
#endif
WUDF_WPP_MODULE_DATA wudf_wpp_control wudf_wpp_module_control = {0, 0, 0, {0}, NULL};

/* ---- text helpers ---- */

typedef struct wudf_wpp_text {
    char *at;
    size_t size, length;
} wudf_wpp_text;

static inline void wudf_wpp_append(wudf_wpp_text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->length + 1 >= t->size)
        return;
    if (t->length + n + 1 > t->size)
        n = t->size - t->length - 1;
    memcpy(t->at + t->length, s, n);
    t->length += n;
    t->at[t->length] = '\0';
}

/* key=value, quoted as the reflector quotes (common/log.c): plain when it has no space, quote,
 * equals sign or control character. Returns 0 when the value had to be cut to fit. */
static inline int wudf_wpp_append_field(wudf_wpp_text *t, const char *key, const char *value)
{
    int plain = value[0] != '\0';
    for (const char *p = value; *p; p++)
        if (*p == ' ' || *p == '"' || *p == '=' || (unsigned char)*p < 0x20)
            plain = 0;
    wudf_wpp_append(t, " ");
    wudf_wpp_append(t, key);
    wudf_wpp_append(t, "=");
    if (plain) {
        size_t before = t->length;
        wudf_wpp_append(t, value);
        return t->length - before == strlen(value);
    }
    int whole = 1;
    size_t room = t->size - t->length;
    if (room < 3)
        return 0;
    char *o = t->at + t->length;
    size_t n = 0;
    o[n++] = '"';
    for (const char *p = value; *p; p++) {
        unsigned char c = (unsigned char)*p;
        size_t need = (c == '"' || c == '\\' || c == '\n') ? 2 : 1;
        if (n + need + 2 > room) {
            whole = 0;
            break;
        }
        if (need == 2) {
            o[n++] = '\\';
            o[n++] = c == '\n' ? 'n' : (char)c;
        } else {
            o[n++] = c < 0x20 ? '?' : (char)c;
        }
    }
    o[n++] = '"';
    o[n] = '\0';
    t->length += n;
    return whole;
}

/* The writer: one write of the whole line, so lines of concurrent traces never mix. */
static inline void wudf_wpp_write_line(const char *line, size_t length)
{
    if (wudf_wpp_module_control.Writer) {
        wudf_wpp_module_control.Writer(line, length);
        return;
    }
#ifdef _WIN32
    DWORD written = 0;
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), line, (DWORD)length, &written, NULL);
#else
    ssize_t written = write(2, line, length);
    (void)written;
#endif
}

static inline void wudf_wpp_warn(const char *message)
{
    char line[512];
    wudf_wpp_text t = {line, sizeof line - 1, 0};
    line[0] = '\0';
    wudf_wpp_append(&t, "event=wpp-config level=warn");
    wudf_wpp_append_field(&t, "msg", message);
    wudf_wpp_append(&t, "\n");
    wudf_wpp_write_line(line, t.length);
}

/* ---- levels and flags from the environment ---- */

static inline const char *wudf_wpp_level_name(int level)
{
    static const char *const names[] = {"none", "critical", "error", "warning", "information", "verbose"};
    return level >= 0 && level <= 5 ? names[level] : NULL;
}

static inline int wudf_wpp_parse_level(const char *text, int *level)
{
    static const struct {
        const char *name;
        int level;
    } names[] = {{"none", 0},    {"critical", 1},    {"fatal", 1},   {"error", 2},  {"warning", 3},
                 {"warn", 3},    {"information", 4}, {"info", 4},    {"verbose", 5}};
    if (strlen(text) > 12 && wudf_wpp_same(text, 12, "TRACE_LEVEL_"))
        text += 12;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (wudf_wpp_same(text, strlen(text), names[i].name))
            return *level = names[i].level, 0;
    char *end = NULL;
    long n = strtol(text, &end, 10);
    if (end == text || *end || n < 0 || n > 255)
        return -1;
    *level = (int)n;
    return 0;
}

static inline int wudf_wpp_is_hex(const char *s)
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
            return 0;
    return 1;
}

static inline void wudf_wpp_set_bit(wudf_wpp_control *c, int bit)
{
    if (bit >= 0 && bit < WPP_WUDF_MAX_BITS)
        c->Flags[bit >> 5] |= 1u << (bit & 31);
}

/* The flags of WUDF_WPP_FLAGS over the module's bits (names[]: WPP_CONTROL_GUIDS as a table). */
static inline void wudf_wpp_parse_flags(wudf_wpp_control *c, const char *text, const wudf_wpp_name *names,
                                        int count)
{
    memset(c->Flags, 0, sizeof c->Flags);
    if (wudf_wpp_same(text, strlen(text), "all") || strcmp(text, "*") == 0) {
        memset(c->Flags, 0xff, sizeof c->Flags);
        return;
    }
    if (wudf_wpp_is_hex(text)) {
        unsigned long long mask = strtoull(text, NULL, 16);
        for (int i = 0, position = 0; i < count; i++) {
            position = names[i].is_control ? 0 : position + 1;
            if (!names[i].is_control && position <= 64 && (mask >> (position - 1) & 1))
                wudf_wpp_set_bit(c, i);
        }
        return;
    }
    char token[128];
    const char *p = text;
    while (*p) {
        size_t n = 0;
        while (*p && strchr(",|+ \t", *p))
            p++;
        while (*p && !strchr(",|+ \t", *p))
            if (n + 1 < sizeof token)
                token[n++] = *p++;
            else
                p++;
        token[n] = '\0';
        if (!n)
            break;
        int found = 0;
        for (int i = 0; i < count; i++)
            if (!names[i].is_control && wudf_wpp_same(token, n, names[i].name))
                wudf_wpp_set_bit(c, i), found = 1;
        if (!found) {
            char message[200];
            snprintf(message, sizeof message, "WUDF_WPP_FLAGS: no trace flag named %s", token);
            wudf_wpp_warn(message);
        }
    }
}

static inline void wudf_wpp_read_environment(wudf_wpp_control *c, const wudf_wpp_name *names, int count)
{
    const char *level = getenv("WUDF_WPP_LEVEL"), *flags = getenv("WUDF_WPP_FLAGS");
    c->Level = TRACE_LEVEL_INFORMATION;
    if (level && *level && wudf_wpp_parse_level(level, &c->Level) != 0) {
        char message[200];
        snprintf(message, sizeof message, "WUDF_WPP_LEVEL: '%.100s' is not a trace level; information is used", level);
        wudf_wpp_warn(message);
        c->Level = TRACE_LEVEL_INFORMATION;
    }
    if (flags && *flags)
        wudf_wpp_parse_flags(c, flags, names, count);
    else
        memset(c->Flags, 0xff, sizeof c->Flags);
}

/* The module's control block, its environment read on first use (by one thread, the others wait). */
static inline wudf_wpp_control *wudf_wpp_control_get(const wudf_wpp_name *names, int count)
{
    wudf_wpp_control *c = &wudf_wpp_module_control;
    int state = __atomic_load_n(&c->State, __ATOMIC_ACQUIRE);
    if (state == 2)
        return c;
    int expected = 0;
    if (__atomic_compare_exchange_n(&c->State, &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        wudf_wpp_read_environment(c, names, count);
        __atomic_store_n(&c->Logger, 1, __ATOMIC_RELEASE);
        __atomic_store_n(&c->State, 2, __ATOMIC_RELEASE);
        return c;
    }
    /* reading two variables takes microseconds: let the reading thread run */
    while (__atomic_load_n(&c->State, __ATOMIC_ACQUIRE) != 2) {
#ifdef _WIN32
        Sleep(0);
#else
        sleep(0);
#endif
    }
    return c;
}

static inline void wudf_wpp_init_tracing(const wudf_wpp_name *names, int count)
{
    __atomic_store_n(&wudf_wpp_control_get(names, count)->Logger, 1, __ATOMIC_RELEASE);
}

static inline void wudf_wpp_cleanup(void)
{
    __atomic_store_n(&wudf_wpp_module_control.Logger, 0, __ATOMIC_RELEASE);
}

/* ---- one trace ---- */

/* "virtual HRESULT CMyDevice::OnPrepareHardware(IWDFDevice*)" -> "CMyDevice::OnPrepareHardware"
 * (g++'s __PRETTY_FUNCTION__, for the qualified name MSVC's __FUNCTION__ gives); C's __func__ is
 * taken as it is. */
static inline void wudf_wpp_function_name(const char *pretty, char *out, size_t size)
{
    size_t open = 0, depth = 0, n = strlen(pretty);
    for (size_t i = 0; i < n; i++) {
        char c = pretty[i];
        if (c == '<')
            depth++;
        else if (c == '>' && depth)
            depth--;
        else if (c == '(' && depth == 0) {
            /* operator() names the function; its parameters follow */
            if (i >= 8 && strncmp(pretty + i - 8, "operator", 8) == 0 && pretty[i + 1] == ')') {
                i++;
                continue;
            }
            open = i;
            break;
        }
    }
    if (!open)
        open = n;
    size_t start = open;
    depth = 0;
    while (start > 0) {
        char c = pretty[start - 1];
        if (c == '>')
            depth++;
        else if (c == '<' && depth)
            depth--;
        else if ((c == ' ' || c == '*' || c == '&') && depth == 0)
            break;
        start--;
    }
    size_t length = open - start < size - 1 ? open - start : size - 1;
    memcpy(out, pretty + start, length);
    out[length] = '\0';
}

static inline const char *wudf_wpp_base_name(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

static inline const char *wudf_wpp_component(const wudf_wpp_name *names, const char *flag)
{
    const char *control = NULL, *first = NULL;
    for (int i = 0; names && names[i].name; i++) {
        if (names[i].is_control) {
            control = names[i].name;
            if (!first)
                first = control;
        } else if (flag[0] && strcmp(names[i].name, flag) == 0) {
            return control ? control : "";
        }
    }
    return first ? first : "";
}

/* The message of a trace into msg (UTF-8); 0 when the format was understood to its end. */
static inline int wudf_wpp_vformat_message(char *msg, size_t size, wudf_wpp_site *site, const char *format,
                                           va_list args)
{
    wudf_fmt_sink out;
    va_list copy;
    va_copy(copy, args);
    wudf_fmt_sink_init(&out, msg, size, 0);
    int rc = wudf_fmt_vformat(&out, format, 0, &copy, wudf_wpp_extension, site);
    va_end(copy);
    if (rc != WUDF_FMT_OK) {
        wudf_fmt_put_utf8(&out, " [format not understood: ");
        wudf_fmt_put_utf8(&out, format);
        wudf_fmt_put_utf8(&out, "]");
    }
    wudf_fmt_sink_finish(&out);
    /* WPP prefixes (%!STDPREFIX!) leave blanks at the ends */
    size_t n = strlen(msg), start = 0;
    while (n && msg[n - 1] == ' ')
        msg[--n] = '\0';
    while (msg[start] == ' ')
        start++;
    memmove(msg, msg + start, n - start + 1);
    return rc;
}

/* The line of one trace, "\n" included, into out (WPP_WUDF_LINE_MAX + 2 bytes); its length. */
static inline size_t wudf_wpp_vformat_line(char *out, const wudf_wpp_name *names, int level, const char *flag,
                                           const char *function, const char *file, int line, const char *format,
                                           va_list args)
{
    wudf_wpp_site site;
    site.names = names;
    site.level = level;
    site.flag = flag ? flag : "";
    site.component = wudf_wpp_component(names, site.flag);
    wudf_wpp_function_name(function, site.function, sizeof site.function);
    site.file = wudf_wpp_base_name(file);
    site.line = line;

    char msg[1400], number[24];
    wudf_wpp_vformat_message(msg, sizeof msg, &site, format, args);
    wudf_wpp_text t = {out, WPP_WUDF_LINE_MAX, 0};
    out[0] = '\0';
    wudf_wpp_append(&t, "event=wpp");
    wudf_wpp_append_field(&t, "level", level == 1 || level == 2 ? "error" : level == 3 ? "warn" : "info");
    if (level >= 0) {
        const char *name = wudf_wpp_level_name(level);
        snprintf(number, sizeof number, "%d", level);
        wudf_wpp_append_field(&t, "trace_level", name ? name : number);
    }
    if (site.component[0])
        wudf_wpp_append_field(&t, "component", site.component);
    if (site.flag[0])
        wudf_wpp_append_field(&t, "flags", site.flag);
    wudf_wpp_append_field(&t, "func", site.function);
    wudf_wpp_append_field(&t, "file", site.file);
    snprintf(number, sizeof number, "%d", line);
    wudf_wpp_append_field(&t, "line", number);
    t.size = WPP_WUDF_LINE_MAX - 20; /* room for the mark below */
    if (!wudf_wpp_append_field(&t, "msg", msg)) {
        t.size = WPP_WUDF_LINE_MAX;
        wudf_wpp_append(&t, " msg_truncated=1");
    }
    t.size = WPP_WUDF_LINE_MAX + 2;
    wudf_wpp_append(&t, "\n");
    return t.length;
}

static inline void wudf_wpp_vtrace(long long logger, const wudf_wpp_name *names, int level, const char *flag,
                                   const char *function, const char *file, int line, const char *format,
                                   va_list args)
{
    if (!logger || !__atomic_load_n(&wudf_wpp_module_control.Logger, __ATOMIC_ACQUIRE))
        return;
    char out[WPP_WUDF_LINE_MAX + 2];
    size_t length = wudf_wpp_vformat_line(out, names, level, flag, function, file, line, format, args);
    wudf_wpp_write_line(out, length);
}

/* What each generated trace macro calls (the logger argument comes from the WPP_..._LOGGER macro,
 * whose expansion ends with a comma). */
static inline void wudf_wpp_trace(long long logger, const wudf_wpp_name *names, int level, const char *flag,
                                  const char *function, const char *file, int line, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    wudf_wpp_vtrace(logger, names, level, flag, function, file, line, format, args);
    va_end(args);
}

#ifdef __cplusplus
}
#endif

#endif /* OPENWUDF_WDK_WPP_H */
