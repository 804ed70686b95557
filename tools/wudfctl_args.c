/*
 * Values on wudfctl's command line, checked strictly: a number or hex string that is not exactly
 * one is refused with one line that names it and says what is accepted, never read as 0.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wudfctl.h"

int wudfctl_usage_error(const char *verb, const char *format, ...)
{
    char what[600], remedy[80];
    va_list ap;
    va_start(ap, format);
    vsnprintf(what, sizeof what, format, ap);
    va_end(ap);
    snprintf(remedy, sizeof remedy, "try 'wudfctl help%s%.40s'", verb ? " " : "", verb ? verb : "");
    if (verb)
        return wudfctl_fail(WUDFCTL_EXIT_USAGE, NULL, remedy, "%s: %s", verb, what);
    return wudfctl_fail(WUDFCTL_EXIT_USAGE, NULL, remedy, "%s", what);
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 0 with the value, -1 when text is not a number, 1 when it is one above 32 bits. */
static int parse_u32(const char *text, uint32_t *out)
{
    unsigned base = 10;
    const char *p = text;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (!*p)
        return -1;
    uint64_t v = 0;
    int over = 0;
    for (; *p; p++) {
        int d = digit_value(*p);
        if (d < 0 || (unsigned)d >= base)
            return -1;
        v = v * base + (unsigned)d;
        if (v > 0xffffffffu) {
            over = 1;
            v = 0xffffffffu; /* keeps the product in range; the digits are still checked */
        }
    }
    *out = (uint32_t)v;
    return over;
}

int wudfctl_number(const char *verb, const char *what, const char *text, uint32_t min, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;
    int rc = parse_u32(text, &v);
    if (rc < 0)
        return wudfctl_usage_error(verb, "%s '%s' is not a number: give one from %lu to %lu (decimal, or hexadecimal "
                                   "after 0x)", what, text, (unsigned long)min, (unsigned long)max);
    if (rc > 0 || v < min || v > max)
        return wudfctl_usage_error(verb, "%s %s is out of range: give one from %lu to %lu", what, text,
                                   (unsigned long)min, (unsigned long)max);
    *out = v;
    return 0;
}

int wudfctl_hex(const char *verb, const char *what, const char *text, uint8_t **out, uint32_t *length)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i++)
        if (digit_value(text[i]) < 0)
            return wudfctl_usage_error(verb, "%s '%s': '%c' is not a hex digit (two digits a byte, such as 0a0b0c)",
                                       what, text, text[i]);
    if (n % 2)
        return wudfctl_usage_error(verb, "%s '%s' has an odd number of hex digits (two digits a byte, such as "
                                   "0a0b0c)", what, text);
    if (n / 2 > WUDFCTL_MAX_DATA)
        return wudfctl_usage_error(verb, "%s is %lu bytes: at most %u go in one request", what,
                                   (unsigned long)(n / 2), WUDFCTL_MAX_DATA);
    uint8_t *b = malloc(n / 2 + 1);
    if (!b)
        return wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "%s: out of memory", verb ? verb : "wudfctl");
    for (size_t i = 0; i < n / 2; i++)
        b[i] = (uint8_t)(digit_value(text[2 * i]) << 4 | digit_value(text[2 * i + 1]));
    *out = b;
    *length = (uint32_t)(n / 2);
    return 0;
}

const char *wudfctl_option(const wudfctl_args *a, const char *name)
{
    const char *found = NULL;
    for (int i = 0; i < a->option_count; i++)
        if (strcmp(a->options[i], name) == 0)
            found = a->values[i] ? a->values[i] : "";
    return found;
}
