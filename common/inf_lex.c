/* INF syntax: text encoding (UTF-8, UTF-16LE) and the split of the text into logical lines of
 * section headers, keys and values. Knows nothing of what the sections mean (see inf.c). */
#include "inf.h"

#include <stdlib.h>
#include <string.h>

/* Room for the longest logical line plus one NUL per field (key + values). */
#define INF_LEX_FIELDS (WUDF_INF_MAX_VALUES + 1u)
#define INF_LEX_BUF (WUDF_INF_MAX_LINE + INF_LEX_FIELDS + 1u)

typedef struct inf_lexer {
    const char *name;
    const unsigned char *p;
    size_t len;
    size_t pos;
    unsigned line;              /* current physical line */
    unsigned first_line;        /* first physical line of the logical line */
    size_t raw;                 /* bytes of the logical line so far (limit check) */
    bool in_strings;            /* inside [Strings] or [Strings.*]: values run to end of line */
    wudf_error *err;

    char buf[INF_LEX_BUF];      /* fields of the logical line, NUL-separated */
    size_t used;
    size_t field_start;
    size_t keep;                /* end of the current field without trailing unquoted blanks */
    bool started;               /* the current field has content (or quotes) */
    size_t offsets[INF_LEX_FIELDS];
    size_t field_count;
    bool has_key;
    const char *values[WUDF_INF_MAX_VALUES];
} inf_lexer;

static bool inf_is_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* Length of the well-formed UTF-8 sequence at p (1..4), or 0. Overlong forms, surrogates and
 * code points above U+10FFFF are not well-formed. */
static size_t inf_utf8_length(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

/* Checks the character at the current position and returns its length in bytes; counts it
 * against the line limit. Line ends are handled by the caller. */
static int inf_lex_char(inf_lexer *lx, size_t *length)
{
    unsigned char c = lx->p[lx->pos];
    size_t n = 1;
    if (c == 0)
        return wudf_error_set(lx->err, WUDF_EPARSE,
                              "%s:%u: NUL byte (a UTF-16 file without byte-order mark?)", lx->name,
                              lx->line);
    if ((c < 0x20 && c != '\t') || c == 0x7F)
        return wudf_error_set(lx->err, WUDF_EPARSE, "%s:%u: control character 0x%02X", lx->name,
                              lx->line, (unsigned)c);
    if (c >= 0x80) {
        n = inf_utf8_length(lx->p + lx->pos, lx->len - lx->pos);
        if (n == 0)
            return wudf_error_set(lx->err, WUDF_EPARSE, "%s:%u: invalid UTF-8", lx->name,
                                  lx->line);
    }
    lx->raw += n;
    if (lx->raw > WUDF_INF_MAX_LINE)
        return wudf_error_set(lx->err, WUDF_ETOOBIG, "%s:%u: line longer than %u bytes", lx->name,
                              lx->first_line, (unsigned)WUDF_INF_MAX_LINE);
    *length = n;
    return 0;
}

/* Length of the line end at pos (LF or CRLF), 0 if there is none. */
static size_t inf_eol_length(const inf_lexer *lx, size_t pos)
{
    if (pos < lx->len && lx->p[pos] == '\n')
        return 1;
    if (pos + 1 < lx->len && lx->p[pos] == '\r' && lx->p[pos + 1] == '\n')
        return 2;
    return 0;
}

static void inf_lex_append(inf_lexer *lx, const unsigned char *s, size_t n)
{
    /* The line limit bounds used; the buffer has one spare byte per field for NULs. */
    memcpy(lx->buf + lx->used, s, n);
    lx->used += n;
}

static int inf_lex_end_field(inf_lexer *lx)
{
    size_t limit = lx->has_key ? INF_LEX_FIELDS : WUDF_INF_MAX_VALUES;
    if (lx->field_count >= limit)
        return wudf_error_set(lx->err, WUDF_ETOOBIG, "%s:%u: more than %u values on one line",
                              lx->name, lx->first_line, (unsigned)WUDF_INF_MAX_VALUES);
    lx->used = lx->keep;
    lx->buf[lx->used++] = '\0';
    lx->offsets[lx->field_count++] = lx->field_start;
    lx->field_start = lx->keep = lx->used;
    lx->started = false;
    return 0;
}

static bool inf_name_is_strings(const char *s)
{
    static const char strings[] = "strings";
    for (size_t i = 0; i < sizeof strings - 1; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != strings[i])
            return false;
    }
    return s[sizeof strings - 1] == '\0' || s[sizeof strings - 1] == '.';
}

/* "[name]" followed only by blanks or a comment; pos is just past '['. */
static int inf_lex_section(inf_lexer *lx, wudf_inf_line_fn fn, void *context)
{
    size_t start = lx->used, n;
    int rc;
    for (;;) {
        if (lx->pos >= lx->len || inf_eol_length(lx, lx->pos))
            return wudf_error_set(lx->err, WUDF_EPARSE, "%s:%u: unterminated section name",
                                  lx->name, lx->line);
        if (lx->p[lx->pos] == ']')
            break;
        if ((rc = inf_lex_char(lx, &n)) != 0)
            return rc;
        inf_lex_append(lx, lx->p + lx->pos, n);
        lx->pos += n;
    }
    lx->pos++; /* ']' */
    while (start < lx->used && inf_is_blank((unsigned char)lx->buf[start]))
        start++;
    while (lx->used > start && inf_is_blank((unsigned char)lx->buf[lx->used - 1]))
        lx->used--;
    lx->buf[lx->used] = '\0';
    if (lx->used == start)
        return wudf_error_set(lx->err, WUDF_EPARSE, "%s:%u: empty section name", lx->name,
                              lx->line);
    if (lx->used - start > WUDF_INF_MAX_SECTION_NAME)
        return wudf_error_set(lx->err, WUDF_ETOOBIG, "%s:%u: section name longer than %u bytes",
                              lx->name, lx->line, (unsigned)WUDF_INF_MAX_SECTION_NAME);
    /* Only blanks or a comment may follow. */
    bool comment = false;
    while (lx->pos < lx->len && !inf_eol_length(lx, lx->pos)) {
        unsigned char c = lx->p[lx->pos];
        if ((rc = inf_lex_char(lx, &n)) != 0)
            return rc;
        if (c == ';')
            comment = true;
        else if (!comment && !inf_is_blank(c))
            return wudf_error_set(lx->err, WUDF_EPARSE,
                                  "%s:%u: unexpected text after section name [%s]", lx->name,
                                  lx->line, lx->buf + start);
        lx->pos += n;
    }
    lx->in_strings = inf_name_is_strings(lx->buf + start);
    wudf_inf_syntax_line line = {lx->first_line, lx->buf + start, NULL, 0, NULL};
    return fn(context, &line, lx->err);
}

/* If a '\' at pos is followed only by blanks up to the line end (or the end of the text), joins
 * the next physical line and returns true. */
static bool inf_lex_continuation(inf_lexer *lx)
{
    size_t q = lx->pos + 1, eol;
    while (q < lx->len && inf_is_blank(lx->p[q]))
        q++;
    eol = inf_eol_length(lx, q);
    if (q < lx->len && eol == 0)
        return false;
    lx->raw += q - lx->pos - 1; /* the blanks; '\' itself was counted */
    lx->pos = q + eol;
    if (eol)
        lx->line++;
    return true;
}

/* One logical line starting at pos: calls fn unless it is blank or a comment. */
static int inf_lex_line(inf_lexer *lx, wudf_inf_line_fn fn, void *context)
{
    bool in_quote = false, comment = false, pending = false, content = false;
    size_t n = 0, eol = 0;
    int rc;

    lx->first_line = lx->line;
    lx->raw = 0;
    lx->used = lx->field_start = lx->keep = 0;
    lx->started = false;
    lx->field_count = 0;
    lx->has_key = false;

    while (lx->pos < lx->len && (eol = inf_eol_length(lx, lx->pos)) == 0) {
        unsigned char c = lx->p[lx->pos];
        if ((rc = inf_lex_char(lx, &n)) != 0)
            return rc;
        if (comment) {
            lx->pos += n;
            continue;
        }
        if (in_quote) {
            if (c == '"') {
                if (lx->pos + 1 < lx->len && lx->p[lx->pos + 1] == '"') {
                    lx->raw++;
                    lx->pos++;
                    inf_lex_append(lx, &c, 1);
                } else
                    in_quote = false;
            } else
                inf_lex_append(lx, lx->p + lx->pos, n);
            lx->keep = lx->used;
            lx->pos += n;
            continue;
        }
        if (c == '[' && !content) {
            lx->pos++;
            return inf_lex_section(lx, fn, context);
        }
        if (c == '\\' && inf_lex_continuation(lx))
            continue;
        lx->pos += n;
        if (c == ';') {
            comment = true;
            continue;
        }
        if (inf_is_blank(c)) {
            if (lx->started)
                inf_lex_append(lx, &c, 1);
            continue;
        }
        content = true;
        /* As SetupAPI: '=' ends the key only in the first field ("=a" has the empty key); after
         * a comma the line has no key, and '=' is text ("a,b=c" is the values a and b=c). */
        if (c == '=' && !lx->has_key && lx->field_count == 0) {
            lx->has_key = true;
            if ((rc = inf_lex_end_field(lx)) != 0)
                return rc;
            continue;
        }
        if (c == ',' && !(lx->in_strings && lx->has_key)) {
            if ((rc = inf_lex_end_field(lx)) != 0)
                return rc;
            pending = true;
            continue;
        }
        if (c == '"')
            in_quote = true;
        else
            inf_lex_append(lx, lx->p + lx->pos - n, n);
        lx->started = true;
        lx->keep = lx->used;
    }
    if (in_quote)
        return wudf_error_set(lx->err, WUDF_EPARSE, "%s:%u: unterminated quoted string", lx->name,
                              lx->line);
    if (lx->pos < lx->len) {
        lx->pos += eol;
        lx->line++;
    }
    if (lx->started || pending)
        if ((rc = inf_lex_end_field(lx)) != 0)
            return rc;
    if (!content)
        return 0;

    size_t first = lx->has_key ? 1 : 0;
    for (size_t i = first; i < lx->field_count; i++)
        lx->values[i - first] = lx->buf + lx->offsets[i];
    wudf_inf_syntax_line line = {lx->first_line, NULL, lx->has_key ? lx->buf : NULL,
                                 lx->field_count - first, lx->values};
    return fn(context, &line, lx->err);
}

static void inf_put_utf8(unsigned char *out, size_t *n, unsigned long cp)
{
    if (cp < 0x80)
        out[(*n)++] = (unsigned char)cp;
    else if (cp < 0x800) {
        out[(*n)++] = (unsigned char)(0xC0 | (cp >> 6));
        out[(*n)++] = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*n)++] = (unsigned char)(0xE0 | (cp >> 12));
        out[(*n)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*n)++] = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        out[(*n)++] = (unsigned char)(0xF0 | (cp >> 18));
        out[(*n)++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        out[(*n)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*n)++] = (unsigned char)(0x80 | (cp & 0x3F));
    }
}

/* UTF-16LE (after the BOM) to UTF-8. Each code unit becomes at most 3 bytes. */
static int inf_utf16_to_utf8(const char *name, const unsigned char *p, size_t len,
                             unsigned char **out, size_t *out_len, wudf_error *err)
{
    unsigned line = 1;
    size_t n = 0;
    if (len % 2 != 0)
        return wudf_error_set(err, WUDF_EPARSE, "%s: UTF-16 text with an odd number of bytes",
                              name);
    unsigned char *u = malloc(len / 2 * 3 + 1);
    if (!u)
        return wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", name);
    for (size_t i = 0; i < len; i += 2) {
        unsigned long cp = (unsigned long)p[i] | ((unsigned long)p[i + 1] << 8);
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            free(u);
            return wudf_error_set(err, WUDF_EPARSE, "%s:%u: unpaired UTF-16 surrogate", name,
                                  line);
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned long lo = i + 3 < len ? ((unsigned long)p[i + 2] | ((unsigned long)p[i + 3] << 8)) : 0;
            if (lo < 0xDC00 || lo > 0xDFFF) {
                free(u);
                return wudf_error_set(err, WUDF_EPARSE, "%s:%u: unpaired UTF-16 surrogate", name,
                                      line);
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        }
        if (cp == '\n')
            line++;
        inf_put_utf8(u, &n, cp);
    }
    *out = u;
    *out_len = n;
    return 0;
}

int wudf_inf_lex(const char *name, const void *data, size_t len, wudf_inf_line_fn fn,
                 void *context, wudf_error *err)
{
    const unsigned char *p = data;
    unsigned char *converted = NULL;
    int rc = 0;

    if (!name)
        name = "(inf)";
    if (!fn || (!data && len))
        return wudf_error_set(err, WUDF_EINVAL, "%s: no data or callback", name);
    if (len > WUDF_INF_MAX_FILE_SIZE)
        return wudf_error_set(err, WUDF_ETOOBIG, "%s: larger than %u bytes", name,
                              (unsigned)WUDF_INF_MAX_FILE_SIZE);
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return wudf_error_set(err, WUDF_EPARSE,
                              "%s: UTF-16 big-endian is not supported (save as UTF-16LE or UTF-8)",
                              name);
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        if ((rc = inf_utf16_to_utf8(name, p + 2, len - 2, &converted, &len, err)) != 0)
            return rc;
        p = converted;
    } else if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        len -= 3;
    }
    if (len == 0) {
        free(converted);
        return wudf_error_set(err, WUDF_EPARSE, "%s: empty file", name);
    }

    inf_lexer *lx = malloc(sizeof *lx);
    if (!lx) {
        free(converted);
        return wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", name);
    }
    lx->name = name;
    lx->p = p;
    lx->len = len;
    lx->pos = 0;
    lx->line = 1;
    lx->in_strings = false;
    lx->err = err;
    while (rc == 0 && lx->pos < lx->len)
        rc = inf_lex_line(lx, fn, context);
    free(lx);
    free(converted);
    return rc;
}
