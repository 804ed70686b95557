/* Value formats of INF directives: GUIDs, DriverVer dates, dotted versions, and the checks that
 * keep a path from an untrusted INF inside the directory its dirid names. */
#include "inf.h"

#include <stdio.h>
#include <string.h>

static bool inf_is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool wudf_inf_parse_guid(const char *text, char out[WUDF_INF_GUID_SIZE])
{
    if (!text || strlen(text) != WUDF_INF_GUID_SIZE - 1 || text[0] != '{' || text[37] != '}')
        return false;
    for (size_t i = 1; i < 37; i++) {
        bool dash = i == 9 || i == 14 || i == 19 || i == 24;
        if (dash ? text[i] != '-' : !inf_is_hex(text[i]))
            return false;
    }
    for (size_t i = 0; i < WUDF_INF_GUID_SIZE; i++)
        out[i] = (text[i] >= 'a' && text[i] <= 'f') ? (char)(text[i] - 'a' + 'A') : text[i];
    return true;
}

/* Unsigned decimal of 1..max_digits digits at *s; advances *s past them. */
static bool inf_number(const char **s, size_t max_digits, unsigned long *value)
{
    size_t digits = 0;
    *value = 0;
    while (**s >= '0' && **s <= '9') {
        if (++digits > max_digits)
            return false;
        *value = *value * 10 + (unsigned long)(**s - '0');
        (*s)++;
    }
    return digits > 0;
}

bool wudf_inf_parse_version(const char *text, unsigned long *parts, size_t min_parts,
                            size_t max_parts, size_t *count)
{
    size_t n = 0;
    if (!text)
        return false;
    for (;;) {
        unsigned long v;
        if (n == max_parts || !inf_number(&text, 5, &v) || v > 65535 ||
            (*text != '.' && *text != '\0'))
            return false;
        parts[n++] = v;
        if (*text == '\0')
            break;
        text++;
    }
    *count = n;
    return n >= min_parts;
}

bool wudf_inf_parse_date(const char *text, char out[WUDF_INF_DATE_SIZE])
{
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned long m, d, y;
    const char *s = text, *year;
    if (!s || !inf_number(&s, 2, &m) || *s++ != '/' || !inf_number(&s, 2, &d) || *s++ != '/')
        return false;
    year = s;
    if (!inf_number(&s, 4, &y) || *s != '\0' || s - year != 4 || m < 1 || m > 12 || y < 1601)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d < 1 || d > days[m - 1] + (m == 2 && leap))
        return false;
    /* m, d and y were range-checked above; the casts let the compiler see the width. */
    snprintf(out, WUDF_INF_DATE_SIZE, "%02u/%02u/%04u", (unsigned)(m % 100), (unsigned)(d % 100), (unsigned)(y % 10000));
    return true;
}

size_t wudf_inf_path_in_dir(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && (dir[n - 1] == '/' || dir[n - 1] == '\\'))
        n--;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (path[i] != (dir[i] == '\\' ? '/' : dir[i]))
            return 0;
    /* A root directory ("/") already ends in its separator. */
    if (dir[n - 1] == '/' || dir[n - 1] == '\\' || path[n] == '/')
        return n;
    return 0;
}

bool wudf_inf_path_has_dotdot(const char *path)
{
    while (*path) {
        size_t len = strcspn(path, "/\\"), dots = 0, other = 0;
        for (size_t i = 0; i < len; i++) {
            if (path[i] == '.')
                dots++;
            else if (path[i] != ' ')
                other++;
        }
        if (dots >= 2 && other == 0)
            return true;
        path += len;
        if (*path)
            path++;
    }
    return false;
}
