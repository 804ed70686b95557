/* One registry entry and its text form (reg_store.h): parsing with every check, formatting, and
 * the parts as a user types them. */
#include "reg_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const root_keys[WUDF_REG_ROOT_COUNT] = {"reg.hw", "reg.sw", "reg.dp", "reg.map", "reg.if"};
static const char *const root_names[WUDF_REG_ROOT_COUNT] = {"hw", "sw", "dp", "map", "if"};

const char *wudf_reg_root_key(wudf_reg_root root)
{
    return root < WUDF_REG_ROOT_COUNT ? root_keys[root] : "reg.?";
}

int wudf_reg_root_from_key(const char *key, wudf_reg_root *root)
{
    for (int i = 0; i < WUDF_REG_ROOT_COUNT; i++)
        if (strcmp(key, root_keys[i]) == 0) {
            *root = (wudf_reg_root)i;
            return 0;
        }
    return -1;
}

const char *wudf_reg_root_name(wudf_reg_root root)
{
    return root < WUDF_REG_ROOT_COUNT ? root_names[root] : "?";
}

int wudf_reg_root_parse(const char *name, wudf_reg_root *root)
{
    for (int i = 0; i < WUDF_REG_ROOT_COUNT; i++)
        if (strcmp(name, root_names[i]) == 0) {
            *root = (wudf_reg_root)i;
            return 0;
        }
    return -1;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int wudf_reg_equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower((unsigned char)*a) != lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int wudf_reg_path_within(const char *path, const char *key)
{
    size_t n = strlen(key);
    if (n == 0)
        return 1;
    if (strlen(path) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)path[i]) != lower((unsigned char)key[i]))
            return 0;
    return path[n] == '\0' || path[n] == '\\';
}

int wudf_reg_check_utf8(const char *text, size_t length)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + length;
    while (p < end) {
        unsigned c = *p++;
        size_t more = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
        if (more == 9 || (size_t)(end - p) < more)
            return -1;
        uint32_t cp = more == 0 ? c : more == 1 ? c & 0x1f : more == 2 ? c & 0x0f : c & 0x07;
        for (size_t i = 0; i < more; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        p += more;
        static const uint32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[more] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return -1;
    }
    return 0;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

int wudf_reg_check_name(const char *name, wudf_error *err)
{
    size_t n = strlen(name);
    if (n > WUDF_REG_NAME_MAX)
        return wudf_error_set(err, WUDF_ETOOBIG, "value name of %zu bytes (at most %u)", n, WUDF_REG_NAME_MAX);
    if (has_control(name) || wudf_reg_check_utf8(name, n))
        return wudf_error_set(err, WUDF_EINVAL, "value name '%.60s' is not UTF-8 text without control characters",
                              name);
    return 0;
}

int wudf_reg_check_path(const char *path, wudf_error *err)
{
    size_t n = strlen(path);
    if (n > WUDF_REG_PATH_MAX)
        return wudf_error_set(err, WUDF_ETOOBIG, "key path of %zu bytes (at most %u)", n, WUDF_REG_PATH_MAX);
    if (has_control(path) || wudf_reg_check_utf8(path, n))
        return wudf_error_set(err, WUDF_EINVAL, "key path '%.60s' is not UTF-8 text without control characters",
                              path);
    const char *start = path;
    while (n) {
        const char *sep = strchr(start, '\\');
        size_t len = sep ? (size_t)(sep - start) : strlen(start);
        if (len == 0)
            return wudf_error_set(err, WUDF_EINVAL, "key path '%.60s' has an empty key name", path);
        if (len > WUDF_REG_COMPONENT_MAX)
            return wudf_error_set(err, WUDF_ETOOBIG, "key path '%.60s' has a key name longer than %u bytes", path,
                                  WUDF_REG_COMPONENT_MAX);
        if ((len == 1 && start[0] == '.') || (len == 2 && start[0] == '.' && start[1] == '.'))
            return wudf_error_set(err, WUDF_EINVAL, "key path '%.60s' has a '.' or '..' key", path);
        if (!sep)
            break;
        start = sep + 1;
    }
    return 0;
}

/* ---- types ---- */

typedef wudf_reg_kind kind;
#define K_TEXT WUDF_REG_KIND_TEXT
#define K_LIST WUDF_REG_KIND_LIST
#define K_NUMBER WUDF_REG_KIND_NUMBER
#define K_BYTES WUDF_REG_KIND_BYTES
#define K_KEY WUDF_REG_KIND_KEY

typedef struct type_spec {
    const char *name;
    uint32_t type;
    kind kind;
    size_t width; /* K_NUMBER: bytes */
} type_spec;

static const type_spec reg_types[] = {
    {"sz", WUDF_REG_SZ, K_TEXT, 0},         {"expand_sz", WUDF_REG_EXPAND_SZ, K_TEXT, 0},
    {"multi_sz", WUDF_REG_MULTI_SZ, K_LIST, 0}, {"dword", WUDF_REG_DWORD, K_NUMBER, 4},
    {"qword", WUDF_REG_QWORD, K_NUMBER, 8},  {"binary", WUDF_REG_BINARY, K_BYTES, 0},
    {"none", WUDF_REG_NONE, K_BYTES, 0},     {NULL, 0, K_BYTES, 0},
};
static const type_spec dp_types[] = {
    {"string", WUDF_DEVPROP_TYPE_STRING, K_TEXT, 0}, {"string_list", WUDF_DEVPROP_TYPE_STRING_LIST, K_LIST, 0},
    {"uint32", WUDF_DEVPROP_TYPE_UINT32, K_NUMBER, 4}, {"uint64", WUDF_DEVPROP_TYPE_UINT64, K_NUMBER, 8},
    {NULL, 0, K_BYTES, 0},
};

static const type_spec *spec_of(wudf_reg_root root, uint32_t type)
{
    const type_spec *t = root == WUDF_REG_ROOT_DP ? dp_types : reg_types;
    for (; t->name; t++)
        if (t->type == type)
            return t;
    return NULL;
}

wudf_reg_kind wudf_reg_kind_of(const wudf_reg_entry *e)
{
    if (!e->name)
        return K_KEY;
    const type_spec *t = spec_of(e->root, e->type);
    return t ? t->kind : K_BYTES;
}

const char *wudf_reg_type_name(const wudf_reg_entry *e, char buf[12])
{
    if (!e->name)
        return "key";
    const type_spec *t = spec_of(e->root, e->type);
    if (t)
        return t->name;
    snprintf(buf, 12, "0x%x", (unsigned)e->type);
    return buf;
}

static int parse_type(wudf_reg_root root, const char *text, uint32_t *type, int *is_key, wudf_error *err)
{
    *is_key = strcmp(text, "key") == 0;
    if (*is_key)
        return 0;
    for (const type_spec *t = root == WUDF_REG_ROOT_DP ? dp_types : reg_types; t->name; t++)
        if (strcmp(text, t->name) == 0) {
            *type = t->type;
            return 0;
        }
    char *end;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X') && text[2]) {
        unsigned long long v = strtoull(text + 2, &end, 16);
        if (!*end && v <= 0xffffffffull) {
            *type = (uint32_t)v;
            return 0;
        }
    }
    return wudf_error_set(err, WUDF_EINVAL, "unknown value type '%.40s'", text);
}

/* ---- data ---- */

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int parse_number(const char *text, size_t width, uint8_t *out, wudf_error *err)
{
    char *end;
    int hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    if (!text[hex ? 2 : 0] || hex_digit((unsigned char)text[hex ? 2 : 0]) < 0)
        return wudf_error_set(err, WUDF_EINVAL, "'%.40s' is not a number", text);
    unsigned long long v = strtoull(text, &end, hex ? 16 : 10);
    if (*end || (width == 4 && v > 0xffffffffull))
        return wudf_error_set(err, WUDF_EINVAL, "'%.40s' is not a %zu-bit number", text, width * 8);
    for (size_t i = 0; i < width; i++)
        out[i] = (uint8_t)(v >> (8 * i));
    return 0;
}

/* text (already unescaped) as the bytes of a value of kind k into a new buffer. */
static int convert(kind k, size_t width, const char *text, uint8_t **data, size_t *size, wudf_error *err)
{
    size_t n = strlen(text);
    uint8_t *d = malloc(n + 9);
    if (!d)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    int rc = 0;
    *size = 0;
    if (k == K_TEXT) {
        memcpy(d, text, n);
        *size = n;
        if (wudf_reg_check_utf8(text, n))
            rc = wudf_error_set(err, WUDF_EINVAL, "string data is not UTF-8");
    } else if (k == K_NUMBER) {
        rc = parse_number(text, width, d, err);
        *size = width;
    } else {
        if (n % 2)
            rc = wudf_error_set(err, WUDF_EINVAL, "binary data '%.40s' is not pairs of hex digits", text);
        for (size_t i = 0; !rc && i < n / 2; i++) {
            int hi = hex_digit((unsigned char)text[2 * i]), lo = hex_digit((unsigned char)text[2 * i + 1]);
            if (hi < 0 || lo < 0)
                rc = wudf_error_set(err, WUDF_EINVAL, "binary data '%.40s' is not pairs of hex digits", text);
            d[i] = (uint8_t)(hi * 16 + lo);
        }
        *size = n / 2;
    }
    if (rc) {
        free(d);
        return rc;
    }
    *data = d;
    return 0;
}

/* Checks a list held as NUL-ended items: every item non-empty UTF-8. */
static int check_list(const uint8_t *d, size_t size, wudf_error *err)
{
    size_t at = 0;
    while (at < size) {
        const char *item = (const char *)d + at;
        size_t len = strnlen(item, size - at);
        if (len == 0 || at + len >= size)
            return wudf_error_set(err, WUDF_EINVAL, "a string list holds an empty or unterminated string");
        if (wudf_reg_check_utf8(item, len))
            return wudf_error_set(err, WUDF_EINVAL, "a string of a list is not UTF-8");
        at += len + 1;
    }
    return 0;
}

static int unescape(char *s)
{
    char *w = s;
    for (char *p = s; *p; p++) {
        if (*p == '%') {
            int hi = hex_digit((unsigned char)p[1]), lo = hi < 0 ? -1 : hex_digit((unsigned char)p[2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return -1;
            *w++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return 0;
}

static int check_dp_key(const char *path, const char *name, wudf_error *err)
{
    static const char form[] = "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}";
    int ok = strlen(path) == sizeof form - 1;
    for (size_t i = 0; ok && form[i]; i++)
        ok = form[i] == 'X' ? hex_digit((unsigned char)path[i]) >= 0 && !(path[i] >= 'a' && path[i] <= 'f')
                            : path[i] == form[i];
    if (!ok)
        return wudf_error_set(err, WUDF_EINVAL, "a device property's key '%.60s' is not an upper-case {GUID}", path);
    char *end = NULL;
    unsigned long long pid = name[0] >= '0' && name[0] <= '9' ? strtoull(name, &end, 10) : 0;
    if (!end || *end || pid > 0xffffffffull || (name[0] == '0' && name[1]))
        return wudf_error_set(err, WUDF_EINVAL, "a device property's id '%.20s' is not a decimal number", name);
    return 0;
}

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* Takes data (may be NULL when size is 0) and checks the whole entry. */
static int build(wudf_reg_root root, const char *path, const char *name, uint32_t type, uint8_t *data, size_t size,
                 int is_volatile, wudf_reg_entry *out, wudf_error *err)
{
    memset(out, 0, sizeof *out);
    out->root = root;
    out->type = type;
    out->data = data;
    out->size = size;
    out->is_volatile = is_volatile;
    out->path = dup_text(path);
    out->name = name ? dup_text(name) : NULL;
    int rc = 0;
    if (!out->path || (name && !out->name))
        rc = wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    if (!rc)
        rc = wudf_reg_check_path(path, err);
    if (!rc && name)
        rc = wudf_reg_check_name(name, err);
    if (!rc && root == WUDF_REG_ROOT_DP)
        rc = name ? check_dp_key(path, name, err)
                  : wudf_error_set(err, WUDF_EINVAL, "device properties have no keys of their own");
    if (!rc && size > WUDF_REG_DATA_MAX)
        rc = wudf_error_set(err, WUDF_ETOOBIG, "value data of %zu bytes (at most %u)", size, WUDF_REG_DATA_MAX);
    if (!rc && wudf_reg_kind_of(out) == K_LIST)
        rc = check_list(data, size, err);
    if (rc)
        wudf_reg_entry_free(out);
    return rc;
}

/* items: split at sep; each item passes through fix (may be NULL), then joined NUL-ended. */
static int join_list(char *text, int (*fix)(char *), uint8_t **data, size_t *size, wudf_error *err)
{
    size_t n = strlen(text);
    uint8_t *d = malloc(n + 1);
    if (!d)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    size_t w = 0;
    char *item = text;
    while (n) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        if ((fix && fix(item)) || !item[0]) {
            free(d);
            return wudf_error_set(err, WUDF_EINVAL, "a string list has an empty or badly escaped item");
        }
        size_t len = strlen(item);
        memcpy(d + w, item, len + 1);
        w += len + 1;
        if (!comma)
            break;
        item = comma + 1;
    }
    *data = d;
    *size = w;
    return 0;
}

static int make(wudf_reg_root root, const char *path, const char *name, const char *type_text, char *data_text,
                int escaped, wudf_reg_entry *out, wudf_error *err)
{
    memset(out, 0, sizeof *out);
    if (root >= WUDF_REG_ROOT_COUNT)
        return wudf_error_set(err, WUDF_EINVAL, "no such root");
    uint32_t type = 0;
    int is_key = 0;
    int rc = parse_type(root, type_text, &type, &is_key, err);
    if (rc)
        return rc;
    if (is_key) {
        if (escaped && unescape(data_text))
            return wudf_error_set(err, WUDF_EINVAL, "bad %%XX escape");
        if (name[0] || (data_text[0] && strcmp(data_text, "volatile") != 0))
            return wudf_error_set(err, WUDF_EINVAL, "a key entry has no name, and no data but 'volatile'");
        return build(root, path, NULL, 0, NULL, 0, data_text[0] != '\0', out, err);
    }
    const type_spec *t = spec_of(root, type);
    kind k = t ? t->kind : K_BYTES;
    uint8_t *data = NULL;
    size_t size = 0;
    if (k == K_LIST)
        rc = join_list(data_text, escaped ? unescape : NULL, &data, &size, err);
    else if (escaped && unescape(data_text))
        rc = wudf_error_set(err, WUDF_EINVAL, "bad %%XX escape in the data");
    else
        rc = convert(k, t ? t->width : 0, data_text, &data, &size, err);
    if (rc)
        return rc;
    return build(root, path, name, type, data, size, 0, out, err);
}

int wudf_reg_entry_make(wudf_reg_root root, const char *path, const char *name, const char *type,
                        const char *data, wudf_reg_entry *out, wudf_error *err)
{
    char *copy = dup_text(data ? data : "");
    if (!copy) {
        memset(out, 0, sizeof *out);
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    }
    int rc = make(root, path ? path : "", name ? name : "", type, copy, 0, out, err);
    free(copy);
    return rc;
}

int wudf_reg_entry_from_data(wudf_reg_root root, const char *path, const char *name, uint32_t type,
                             const void *data, size_t size, wudf_reg_entry *out, wudf_error *err)
{
    memset(out, 0, sizeof *out);
    if (root >= WUDF_REG_ROOT_COUNT)
        return wudf_error_set(err, WUDF_EINVAL, "no such root");
    if (size > WUDF_REG_DATA_MAX)
        return wudf_error_set(err, WUDF_ETOOBIG, "value data of %zu bytes (at most %u)", size, WUDF_REG_DATA_MAX);
    uint8_t *copy = size ? malloc(size) : NULL;
    if (size && !copy)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    if (size)
        memcpy(copy, data, size);
    return build(root, path ? path : "", name ? name : "", type, copy, size, 0, out, err);
}

int wudf_reg_entry_parse(wudf_reg_root root, const char *text, wudf_reg_entry *out, wudf_error *err)
{
    memset(out, 0, sizeof *out);
    char *copy = dup_text(text);
    if (!copy)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    char *field[4] = {copy, NULL, NULL, NULL};
    int count = 1;
    for (char *p = copy; *p && count <= 4; p++)
        if (*p == ';') {
            if (count < 4)
                field[count] = p + 1;
            count++;
            *p = '\0';
        }
    int rc;
    if (count != 4)
        rc = wudf_error_set(err, WUDF_EINVAL, "entry '%.60s' is not PATH;NAME;TYPE;DATA", text);
    else if (unescape(field[0]) || unescape(field[1]) || unescape(field[2]))
        rc = wudf_error_set(err, WUDF_EINVAL, "entry '%.60s' has a bad %%XX escape", text);
    else
        rc = make(root, field[0], field[1], field[2], field[3], 1, out, err);
    free(copy);
    return rc;
}

