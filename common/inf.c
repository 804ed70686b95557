/* A parsed INF file: sections (merged by name) of lines, the [Strings] table, and read access
 * with %strkey% and dirid substitution. The syntax itself is in inf_lex.c, file reading in
 * inf_file.c. */
#include "inf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INF_NONE SIZE_MAX
#define INF_NO_KEY UINT32_MAX

typedef struct inf_line {
    unsigned number;       /* physical line in the file */
    uint32_t key;          /* offset in text, or INF_NO_KEY */
    uint32_t first_value;  /* index in values */
    uint32_t value_count;
} inf_line;

typedef struct inf_section {
    uint32_t name;         /* offset in text, as first written */
    uint32_t *lines;       /* indexes in wudf_inf.lines, file order */
    size_t count, cap;
} inf_section;

typedef struct inf_string {
    const char *key, *value;
    size_t order;          /* so that the first definition of a key wins */
} inf_string;

struct wudf_inf {
    char *name;            /* for messages */
    char *dir;             /* %1% unless the caller gives one */
    char *text;            /* every key, value and section name, NUL-terminated */
    size_t text_len, text_cap;
    inf_line *lines;
    size_t line_count, line_cap;
    uint32_t *values;      /* offsets in text */
    size_t value_total, value_cap;
    inf_section *sections;
    size_t section_count, section_cap;
    uint32_t *table;       /* open-addressing hash of sections: index + 1, 0 = free */
    size_t table_cap;
    inf_string *strings;   /* [Strings], sorted by key (case-insensitive), then order */
    size_t string_count;
    size_t current;        /* section being filled while parsing */
    unsigned orphan_line;  /* first line of text before the first section, 0 if none */
};

static int inf_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int inf_compare_n(const char *a, size_t alen, const char *b)
{
    for (size_t i = 0; i < alen; i++) {
        int d = inf_lower((unsigned char)a[i]) - inf_lower((unsigned char)b[i]);
        if (d != 0 || b[i] == '\0')
            return d ? d : 1;
    }
    return b[alen] == '\0' ? 0 : -1;
}

static bool inf_equal(const char *a, const char *b)
{
    return inf_compare_n(a, strlen(a), b) == 0;
}

/* [Strings] and [Strings.<LCID>] hold literal text: never substituted, never checked. */
static bool inf_is_strings(const char *section)
{
    return inf_equal(section, "strings") ||
           (strlen(section) >= 8 && inf_compare_n(section, 8, "strings.") == 0);
}

static void *inf_grow(void *items, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 16;
    if (need <= *cap)
        return items;
    while (n < need) {
        if (n > SIZE_MAX / 4 / size)
            return NULL;
        n *= 2;
    }
    void *p = realloc(items, n * size);
    if (p)
        *cap = n;
    return p;
}

static int inf_nomem(const wudf_inf *inf, wudf_error *err)
{
    return wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", inf->name);
}

/* Copies s into text; returns its offset or INF_NO_KEY when out of memory. */
static uint32_t inf_store(wudf_inf *inf, const char *s)
{
    size_t n = strlen(s) + 1;
    if (inf->text_len + n >= INF_NO_KEY)
        return INF_NO_KEY;
    char *p = inf_grow(inf->text, &inf->text_cap, inf->text_len + n, 1);
    if (!p)
        return INF_NO_KEY;
    inf->text = p;
    memcpy(inf->text + inf->text_len, s, n);
    inf->text_len += n;
    return (uint32_t)(inf->text_len - n);
}

static uint32_t inf_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint32_t)inf_lower((unsigned char)*s)) * 16777619u;
    return h;
}

static size_t inf_section_index(const wudf_inf *inf, const char *name)
{
    if (!inf || !name || inf->table_cap == 0)
        return INF_NONE;
    size_t mask = inf->table_cap - 1;
    for (size_t i = inf_hash(name) & mask; inf->table[i]; i = (i + 1) & mask) {
        size_t s = inf->table[i] - 1;
        if (inf_equal(inf->text + inf->sections[s].name, name))
            return s;
    }
    return INF_NONE;
}

static void inf_table_put(uint32_t *table, size_t cap, const char *name, size_t index)
{
    size_t i = inf_hash(name) & (cap - 1);
    while (table[i])
        i = (i + 1) & (cap - 1);
    table[i] = (uint32_t)(index + 1);
}

static size_t inf_add_section(wudf_inf *inf, const char *name)
{
    if ((inf->section_count + 1) * 2 > inf->table_cap) {
        size_t cap = inf->table_cap ? inf->table_cap * 2 : 64;
        uint32_t *table = calloc(cap, sizeof *table);
        if (!table)
            return INF_NONE;
        for (size_t s = 0; s < inf->section_count; s++)
            inf_table_put(table, cap, inf->text + inf->sections[s].name, s);
        free(inf->table);
        inf->table = table;
        inf->table_cap = cap;
    }
    inf_section *sections = inf_grow(inf->sections, &inf->section_cap, inf->section_count + 1,
                                     sizeof *sections);
    if (!sections)
        return INF_NONE;
    inf->sections = sections;
    uint32_t offset = inf_store(inf, name);
    if (offset == INF_NO_KEY)
        return INF_NONE;
    inf_section *s = &inf->sections[inf->section_count];
    s->name = offset;
    s->lines = NULL;
    s->count = s->cap = 0;
    inf_table_put(inf->table, inf->table_cap, name, inf->section_count);
    return inf->section_count++;
}

/* Lexer callback: builds sections and lines. */
static int inf_on_line(void *context, const wudf_inf_syntax_line *l, wudf_error *err)
{
    wudf_inf *inf = context;
    if (l->section) {
        size_t s = inf_section_index(inf, l->section);
        if (s == INF_NONE && (s = inf_add_section(inf, l->section)) == INF_NONE)
            return inf_nomem(inf, err);
        inf->current = s;
        return 0;
    }
    if (inf->current == INF_NONE) {
        /* Kept for wudf_inf_parse_buffer, which knows at the end whether Windows would ignore it. */
        if (!inf->orphan_line)
            inf->orphan_line = l->line;
        return 0;
    }

    inf_section *s = &inf->sections[inf->current];
    inf_line *lines = inf_grow(inf->lines, &inf->line_cap, inf->line_count + 1, sizeof *lines);
    if (!lines)
        return inf_nomem(inf, err);
    inf->lines = lines;
    uint32_t *values = inf_grow(inf->values, &inf->value_cap, inf->value_total + l->value_count,
                                sizeof *values);
    if (!values)
        return inf_nomem(inf, err);
    inf->values = values;
    uint32_t *indexes = inf_grow(s->lines, &s->cap, s->count + 1, sizeof *indexes);
    if (!indexes)
        return inf_nomem(inf, err);
    s->lines = indexes;

    inf_line *line = &inf->lines[inf->line_count];
    line->number = l->line;
    line->key = INF_NO_KEY;
    if (l->key && (line->key = inf_store(inf, l->key)) == INF_NO_KEY)
        return inf_nomem(inf, err);
    line->first_value = (uint32_t)inf->value_total;
    line->value_count = (uint32_t)l->value_count;
    for (size_t i = 0; i < l->value_count; i++) {
        uint32_t offset = inf_store(inf, l->values[i]);
        if (offset == INF_NO_KEY)
            return inf_nomem(inf, err);
        inf->values[inf->value_total++] = offset;
    }
    s->lines[s->count++] = (uint32_t)inf->line_count++;
    return 0;
}

static int inf_string_order(const void *a, const void *b)
{
    const inf_string *x = a, *y = b;
    int d = inf_compare_n(x->key, strlen(x->key), y->key);
    if (d != 0)
        return d;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The first definition of key[0..len) in [Strings], or NULL. */
static const char *inf_lookup_string(const wudf_inf *inf, const char *key, size_t len)
{
    size_t lo = 0, hi = inf->string_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (inf_compare_n(key, len, inf->strings[mid].key) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < inf->string_count && inf_compare_n(key, len, inf->strings[lo].key) == 0)
        return inf->strings[lo].value;
    return NULL;
}

static int inf_build_strings(wudf_inf *inf, wudf_error *err)
{
    size_t s = inf_section_index(inf, "Strings");
    if (s == INF_NONE || inf->sections[s].count == 0)
        return 0;
    const inf_section *sec = &inf->sections[s];
    inf->strings = malloc(sec->count * sizeof *inf->strings);
    if (!inf->strings)
        return inf_nomem(inf, err);
    for (size_t i = 0; i < sec->count; i++) {
        const inf_line *l = &inf->lines[sec->lines[i]];
        if (l->key == INF_NO_KEY)
            return wudf_error_set(err, WUDF_EPARSE, "%s:%u: [Strings] line needs 'name = value'",
                                  inf->name, l->number);
        inf_string *str = &inf->strings[inf->string_count++];
        str->key = inf->text + l->key;
        str->value = l->value_count ? inf->text + inf->values[l->first_value] : "";
        str->order = i;
    }
    qsort(inf->strings, inf->string_count, sizeof *inf->strings, inf_string_order);
    return 0;
}

/* Output with a bound; buf NULL only measures. */
typedef struct inf_out {
    char *buf;
    size_t len, n;
    bool overflow;
} inf_out;

static void inf_put(inf_out *o, const char *s, size_t n)
{
    if (o->overflow)
        return;
    if (o->buf) {
        if (n >= o->len - o->n) {
            o->overflow = true;
            return;
        }
        memcpy(o->buf + o->n, s, n);
    }
    o->n += n;
}

static int inf_dirid(const wudf_inf *inf, unsigned number, const char *id, size_t len,
                     const wudf_inf_dirs *dirs, const char **dir, wudf_error *err)
{
    static const struct { const char *id, *what; } known[] = {
        {"1", "the INF's directory"}, {"10", "windows"}, {"11", "system"},
        {"12", "drivers"}, {"13", "driver store"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strlen(known[i].id) != len || memcmp(known[i].id, id, len) != 0)
            continue;
        const char *d[] = {dirs->inf_dir ? dirs->inf_dir : inf->dir, dirs->windows, dirs->system,
                           dirs->drivers, dirs->driver_store};
        if (!d[i])
            return wudf_error_set(err, WUDF_EINVAL, "%s:%u: no directory configured for %%%s%% (%s)",
                                  inf->name, number, known[i].id, known[i].what);
        *dir = d[i];
        return 0;
    }
    return wudf_error_set(err, WUDF_EPARSE,
                          "%s:%u: unknown directory id %%%.*s%% (known: %%1%%, %%10%%, %%11%%, "
                          "%%12%%, %%13%%)", inf->name, number, (int)len, id);
}

/* Substitutes %strkey% (not recursively: inserted text is not scanned again) and %%, and
 * dirids when dirs is given. buf NULL: only checks. */
static int inf_expand(const wudf_inf *inf, unsigned number, const char *src,
                      const wudf_inf_dirs *dirs, char *buf, size_t len, wudf_error *err)
{
    inf_out o = {buf, len, 0, false};
    const char *p = src;
    if (buf && len == 0)
        o.overflow = true;
    while (*p && !o.overflow) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            inf_put(&o, p, strlen(p));
            break;
        }
        inf_put(&o, p, (size_t)(pct - p));
        const char *end = strchr(pct + 1, '%');
        if (!end)
            return wudf_error_set(err, WUDF_EPARSE,
                                  "%s:%u: unterminated %%string%% reference in \"%.80s\"",
                                  inf->name, number, src);
        const char *key = pct + 1;
        size_t klen = (size_t)(end - key), digits = 0;
        const char *value;
        while (digits < klen && key[digits] >= '0' && key[digits] <= '9')
            digits++;
        if (klen == 0)
            inf_put(&o, "%", 1);
        else if ((value = inf_lookup_string(inf, key, klen)) != NULL)
            inf_put(&o, value, strlen(value));
        else if (digits == klen && !dirs)
            inf_put(&o, pct, klen + 2);
        else if (digits == klen) {
            const char *dir = NULL;
            int rc = inf_dirid(inf, number, key, klen, dirs, &dir, err);
            if (rc != 0)
                return rc;
            inf_put(&o, dir, strlen(dir));
        } else
            return wudf_error_set(err, WUDF_EPARSE, "%s:%u: undefined string %%%.*s%% (not in [Strings])",
                                  inf->name, number, (int)klen, key);
        p = end + 1;
    }
    if (o.overflow)
        return wudf_error_set(err, WUDF_ETOOBIG, "%s:%u: value longer than %u bytes: \"%.60s\"",
                              inf->name, number, (unsigned)(len ? len - 1 : 0), src);
    if (buf)
        buf[o.n] = '\0';
    return 0;
}

/* Every reference must resolve now, so that a bad INF fails at parse time with its line. */
static int inf_check_references(const wudf_inf *inf, wudf_error *err)
{
    for (size_t s = 0; s < inf->section_count; s++) {
        const inf_section *sec = &inf->sections[s];
        if (inf_is_strings(inf->text + sec->name))
            continue;
        for (size_t i = 0; i < sec->count; i++) {
            const inf_line *l = &inf->lines[sec->lines[i]];
            int rc;
            if (l->key != INF_NO_KEY &&
                (rc = inf_expand(inf, l->number, inf->text + l->key, NULL, NULL, 0, err)) != 0)
                return rc;
            for (size_t v = 0; v < l->value_count; v++)
                if ((rc = inf_expand(inf, l->number, inf->text + inf->values[l->first_value + v],
                                     NULL, NULL, 0, err)) != 0)
                    return rc;
        }
    }
    return 0;
}

static char *inf_strdup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void wudf_inf_free(wudf_inf *inf)
{
    if (!inf)
        return;
    for (size_t s = 0; s < inf->section_count; s++)
        free(inf->sections[s].lines);
    free(inf->sections);
    free(inf->table);
    free(inf->strings);
    free(inf->values);
    free(inf->lines);
    free(inf->text);
    free(inf->dir);
    free(inf->name);
    free(inf);
}

int wudf_inf_parse_buffer(const char *name, const void *data, size_t len, wudf_inf **out,
                          wudf_error *err)
{
    int rc;
    if (!out)
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_parse_buffer: no result pointer");
    *out = NULL;
    if (!name)
        name = "(inf)";
    wudf_inf *inf = calloc(1, sizeof *inf);
    if (!inf)
        return wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", name);
    inf->current = INF_NONE;
    size_t cut = strlen(name);
    while (cut > 0 && name[cut - 1] != '/' && name[cut - 1] != '\\')
        cut--;
    inf->name = inf_strdup(name, strlen(name));
    inf->dir = cut == 0 ? inf_strdup(".", 1) : inf_strdup(name, cut > 1 ? cut - 1 : 1);
    if (!inf->name || !inf->dir) {
        wudf_inf_free(inf);
        return wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", name);
    }
    rc = wudf_inf_lex(inf->name, data, len, inf_on_line, inf, err);
    if (rc == 0 && inf->section_count == 0)
        rc = wudf_error_set(err, WUDF_EPARSE, "%s: no [section] (not an INF file)", inf->name);
    /* SetupAPI ignores text before the first section in a file that has a [Strings] section and
     * refuses it otherwise (ERROR_EXPECTED_SECTION_NAME at its first line), as Wine's parser tests
     * record of Windows. Driver INFs have [Strings], so a stray first line does not refuse them. */
    if (rc == 0 && inf->orphan_line && inf_section_index(inf, "Strings") == INF_NONE)
        rc = wudf_error_set(err, WUDF_EPARSE,
                            "%s:%u: text before the first [section] (allowed only in a file with a "
                            "[Strings] section, as on Windows)",
                            inf->name, inf->orphan_line);
    if (rc == 0)
        rc = inf_build_strings(inf, err);
    if (rc == 0)
        rc = inf_check_references(inf, err);
    if (rc != 0) {
        wudf_inf_free(inf);
        return rc;
    }
    *out = inf;
    return 0;
}

const char *wudf_inf_name(const wudf_inf *inf)
{
    return inf ? inf->name : "(inf)";
}

const char *wudf_inf_directory(const wudf_inf *inf)
{
    return inf ? inf->dir : ".";
}

static const inf_line *inf_get_line(const wudf_inf *inf, const char *section, size_t line)
{
    size_t s = inf_section_index(inf, section);
    if (s == INF_NONE || line >= inf->sections[s].count)
        return NULL;
    return &inf->lines[inf->sections[s].lines[line]];
}

bool wudf_inf_has_section(const wudf_inf *inf, const char *section)
{
    return inf_section_index(inf, section) != INF_NONE;
}

size_t wudf_inf_line_count(const wudf_inf *inf, const char *section)
{
    size_t s = inf_section_index(inf, section);
    return s == INF_NONE ? 0 : inf->sections[s].count;
}

unsigned wudf_inf_line_number(const wudf_inf *inf, const char *section, size_t line)
{
    const inf_line *l = inf_get_line(inf, section, line);
    return l ? l->number : 0;
}

size_t wudf_inf_value_count(const wudf_inf *inf, const char *section, size_t line)
{
    const inf_line *l = inf_get_line(inf, section, line);
    return l ? l->value_count : 0;
}

bool wudf_inf_line_has_key(const wudf_inf *inf, const char *section, size_t line)
{
    const inf_line *l = inf_get_line(inf, section, line);
    return l && l->key != INF_NO_KEY;
}

bool wudf_inf_find_key(const wudf_inf *inf, const char *section, const char *key, size_t start,
                       size_t *line)
{
    size_t s = inf_section_index(inf, section);
    if (s == INF_NONE || !key)
        return false;
    for (size_t i = start; i < inf->sections[s].count; i++) {
        const inf_line *l = &inf->lines[inf->sections[s].lines[i]];
        if (l->key != INF_NO_KEY && inf_equal(inf->text + l->key, key)) {
            if (line)
                *line = i;
            return true;
        }
    }
    return false;
}

/* Copies text from a line: literal in [Strings*], substituted elsewhere. */
static int inf_copy(const wudf_inf *inf, const char *section, unsigned number, const char *src,
                    const wudf_inf_dirs *dirs, char *buf, size_t len, wudf_error *err)
{
    if (!buf)
        return wudf_error_set(err, WUDF_EINVAL, "%s:%u: no buffer", inf->name, number);
    if (inf_is_strings(section)) {
        size_t n = strlen(src);
        if (n >= len)
            return wudf_error_set(err, WUDF_ETOOBIG, "%s:%u: value longer than %u bytes",
                                  inf->name, number, (unsigned)(len ? len - 1 : 0));
        memcpy(buf, src, n + 1);
        return 0;
    }
    return inf_expand(inf, number, src, dirs, buf, len, err);
}

int wudf_inf_key(const wudf_inf *inf, const char *section, size_t line, char *buf, size_t len,
                 wudf_error *err)
{
    const inf_line *l = inf_get_line(inf, section, line);
    if (!l)
        return wudf_error_set(err, WUDF_EINVAL, "%s: no line %u in [%s]", wudf_inf_name(inf),
                              (unsigned)line, section ? section : "");
    return inf_copy(inf, section, l->number, l->key == INF_NO_KEY ? "" : inf->text + l->key, NULL,
                    buf, len, err);
}

int wudf_inf_value(const wudf_inf *inf, const char *section, size_t line, size_t index,
                   const wudf_inf_dirs *dirs, char *buf, size_t len, wudf_error *err)
{
    const inf_line *l = inf_get_line(inf, section, line);
    if (!l)
        return wudf_error_set(err, WUDF_EINVAL, "%s: no line %u in [%s]", wudf_inf_name(inf),
                              (unsigned)line, section ? section : "");
    if (index >= l->value_count)
        return wudf_error_set(err, WUDF_EINVAL, "%s:%u: no value %u on this line", inf->name,
                              l->number, (unsigned)index + 1);
    return inf_copy(inf, section, l->number, inf->text + inf->values[l->first_value + index],
                    dirs, buf, len, err);
}

int wudf_inf_key_value(const wudf_inf *inf, const char *section, const char *key, size_t index,
                       char *buf, size_t len, wudf_error *err)
{
    size_t line;
    if (!wudf_inf_has_section(inf, section))
        return wudf_error_set(err, WUDF_ENOTFOUND, "%s: no [%s] section", wudf_inf_name(inf),
                              section ? section : "");
    if (!wudf_inf_find_key(inf, section, key, 0, &line))
        return wudf_error_set(err, WUDF_ENOTFOUND, "%s: [%s] has no %s line", inf->name, section,
                              key ? key : "");
    if (index >= wudf_inf_value_count(inf, section, line))
        return wudf_error_set(err, WUDF_ENOTFOUND, "%s:%u: %s has no value %u", inf->name,
                              wudf_inf_line_number(inf, section, line), key, (unsigned)index + 1);
    return wudf_inf_value(inf, section, line, index, NULL, buf, len, err);
}
