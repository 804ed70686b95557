/*
 * A strict JSON reader for the tests of wudfctl --json: see json_check.h. Recursive descent over
 * RFC 8259's grammar; anything it does not accept is a failure with the offset, since a document a
 * strict reader refuses is a broken interface.
 */
#include "json_check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAX_DEPTH 64

typedef struct reader {
    const char *p, *end, *start;
    char *error;
    size_t error_size;
    int depth;
} reader;

static json_value *refuse(reader *r, const char *why)
{
    if (!r->error[0])
        snprintf(r->error, r->error_size, "%s at offset %zu", why, (size_t)(r->p - r->start));
    return NULL;
}

static void skip_space(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static json_value *new_value(json_type type)
{
    json_value *v = calloc(1, sizeof *v);
    if (v)
        v->type = type;
    return v;
}

/* Appends a (name, item) to a container; 0, or -1 when out of memory. */
static int append(json_value *v, char *name, json_value *item)
{
    json_value **items = realloc(v->items, (v->count + 1) * sizeof *items);
    if (!items)
        return -1;
    v->items = items;
    if (v->type == JSON_OBJECT) {
        char **names = realloc(v->names, (v->count + 1) * sizeof *names);
        if (!names)
            return -1;
        v->names = names;
        v->names[v->count] = name;
    }
    v->items[v->count++] = item;
    return 0;
}

static int hex4(reader *r, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++, r->p++) {
        char c = r->p < r->end ? *r->p : '\0';
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (unsigned)d;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* The length of a well-formed UTF-8 sequence at p, 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *p, size_t n)
{
    size_t len = p[0] >= 0xf0 && p[0] <= 0xf4   ? 4
                 : p[0] >= 0xe0 && p[0] < 0xf0 ? 3
                 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2
                                               : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) || (p[0] == 0xf0 && p[1] < 0x90) ||
        (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return len;
}

/* A string at r->p (on its opening quote): malloc'd and unescaped, or NULL. */
static char *read_string(reader *r)
{
    r->p++;
    char *out = malloc((size_t)(r->end - r->p) + 1), *w = out;
    if (!out)
        return (char *)refuse(r, "out of memory");
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20) {
            free(out);
            return (char *)refuse(r, "a control character in a string");
        }
        if (c >= 0x80) {
            size_t n = utf8_sequence((const unsigned char *)r->p, (size_t)(r->end - r->p));
            if (!n) {
                free(out);
                return (char *)refuse(r, "bytes that are not UTF-8");
            }
            memcpy(w, r->p, n);
            w += n;
            r->p += n;
            continue;
        }
        if (c != '\\') {
            *w++ = (char)c;
            r->p++;
            continue;
        }
        r->p++;
        char e = r->p < r->end ? *r->p++ : '\0';
        static const char escaped[] = "\"\\/bfnrt", meant[] = "\"\\/\b\f\n\r\t";
        const char *simple = e ? strchr(escaped, e) : NULL;
        if (simple) {
            *w++ = meant[simple - escaped];
            continue;
        }
        unsigned cp, low;
        if (e != 'u' || hex4(r, &cp)) {
            free(out);
            return (char *)refuse(r, "a bad escape");
        }
        if (cp >= 0xd800 && cp < 0xdc00) {
            if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' || (r->p += 2, hex4(r, &low)) || low < 0xdc00 ||
                low > 0xdfff) {
                free(out);
                return (char *)refuse(r, "a lone surrogate");
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        } else if (cp >= 0xdc00 && cp < 0xe000) {
            free(out);
            return (char *)refuse(r, "a lone surrogate");
        }
        w += put_utf8(w, cp);
    }
    if (r->p >= r->end) {
        free(out);
        return (char *)refuse(r, "an unterminated string");
    }
    r->p++;
    *w = '\0';
    return out;
}

static json_value *read_number(reader *r)
{
    const char *s = r->p;
    int integer = 1;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    if (r->p < r->end && *r->p == '0')
        r->p++;
    else if (r->p < r->end && *r->p >= '1' && *r->p <= '9')
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    else
        return refuse(r, "a bad number");
    if (r->p < r->end && *r->p == '.') {
        integer = 0;
        if (++r->p >= r->end || *r->p < '0' || *r->p > '9')
            return refuse(r, "a bad fraction");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        integer = 0;
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9')
            return refuse(r, "a bad exponent");
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
    }
    char text[64];
    size_t n = (size_t)(r->p - s);
    if (n >= sizeof text)
        return refuse(r, "a number too long for these tests");
    memcpy(text, s, n);
    text[n] = '\0';
    json_value *v = new_value(JSON_NUMBER);
    if (!v)
        return refuse(r, "out of memory");
    v->number = strtod(text, NULL);
    v->integer = integer;
    v->as_integer = integer ? strtoll(text, NULL, 10) : 0;
    return v;
}

static json_value *read_value(reader *r);

static json_value *read_container(reader *r, json_type type)
{
    char close = type == JSON_OBJECT ? '}' : ']';
    if (++r->depth > MAX_DEPTH)
        return refuse(r, "nested too deep");
    r->p++;
    json_value *v = new_value(type);
    if (!v)
        return refuse(r, "out of memory");
    skip_space(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        r->depth--;
        return v;
    }
    for (;;) {
        char *name = NULL;
        skip_space(r);
        if (type == JSON_OBJECT) {
            if (r->p >= r->end || *r->p != '"' || !(name = read_string(r)))
                break;
            for (size_t i = 0; i < v->count; i++)
                if (strcmp(v->names[i], name) == 0) {
                    refuse(r, "a member name twice");
                    free(name);
                    name = NULL;
                    break;
                }
            skip_space(r);
            if (!name || r->p >= r->end || *r->p != ':') {
                free(name);
                refuse(r, "no ':' after a member name");
                break;
            }
            r->p++;
        }
        json_value *item = read_value(r);
        if (!item || append(v, name, item)) {
            free(name);
            json_free(item);
            break;
        }
        skip_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            r->depth--;
            return v;
        }
        refuse(r, type == JSON_OBJECT ? "no ',' or '}' after a member" : "no ',' or ']' after an element");
        break;
    }
    json_free(v);
    return refuse(r, "a bad container");
}

static json_value *read_literal(reader *r, const char *word, json_type type, int boolean)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return refuse(r, "an unexpected character");
    r->p += n;
    json_value *v = new_value(type);
    if (!v)
        return refuse(r, "out of memory");
    v->boolean = boolean;
    return v;
}

static json_value *read_value(reader *r)
{
    skip_space(r);
    if (r->p >= r->end)
        return refuse(r, "the text ends before a value");
    switch (*r->p) {
    case '{': return read_container(r, JSON_OBJECT);
    case '[': return read_container(r, JSON_ARRAY);
    case 't': return read_literal(r, "true", JSON_BOOL, 1);
    case 'f': return read_literal(r, "false", JSON_BOOL, 0);
    case 'n': return read_literal(r, "null", JSON_NULL, 0);
    case '"': {
        char *s = read_string(r);
        json_value *v = s ? new_value(JSON_STRING) : NULL;
        if (v)
            v->string = s;
        else
            free(s);
        return v;
    }
    default: return read_number(r);
    }
}

json_value *json_parse(const char *text, size_t length, char *error, size_t error_size)
{
    reader r = {text, text + length, text, error, error_size, 0};
    error[0] = '\0';
    json_value *v = read_value(&r);
    skip_space(&r);
    if (v && r.p != r.end) {
        json_free(v);
        return refuse(&r, "more after the value");
    }
    return v;
}

void json_free(json_value *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->count; i++) {
        json_free(v->items[i]);
        if (v->names)
            free(v->names[i]);
    }
    free(v->items);
    free(v->names);
    free(v->string);
    free(v);
}

const json_value *json_get(const json_value *v, const char *name)
{
    for (size_t i = 0; v && v->type == JSON_OBJECT && i < v->count; i++)
        if (strcmp(v->names[i], name) == 0)
            return v->items[i];
    return NULL;
}

const char *json_type_name(json_type type)
{
    static const char *const names[] = {"null", "boolean", "number", "string", "array", "object"};
    return names[type];
}

json_value *json_document(const char *out)
{
    char error[200];
    json_value *v = json_parse(out, strlen(out), error, sizeof error);
    if (!v)
        fail_msg("not one JSON document: %s:\n%s", error, out);
    return v;
}

void json_assert_member(const json_value *v, const char *name, json_type type, int may_be_null)
{
    const json_value *m = json_get(v, name);
    if (!m)
        fail_msg("no member '%s'", name);
    if (m->type != type && !(may_be_null && m->type == JSON_NULL))
        fail_msg("member '%s' is %s, not %s%s", name, json_type_name(m->type), json_type_name(type),
                 may_be_null ? " or null" : "");
    if (type == JSON_NUMBER && m->type == JSON_NUMBER && !m->integer)
        fail_msg("member '%s' is not an integer", name);
}

/* "0x" and eight lowercase hex digits, or null. */
static void assert_status_members(const json_value *v)
{
    json_assert_member(v, "status", JSON_STRING, 1);
    json_assert_member(v, "status_name", JSON_STRING, 1);
    const json_value *s = json_get(v, "status");
    if (s->type == JSON_STRING &&
        (strlen(s->string) != 10 || strncmp(s->string, "0x", 2) != 0 || strspn(s->string + 2, "0123456789abcdef") != 8))
        fail_msg("status '%s' is not 0x and eight hex digits", s->string);
}

void json_assert_envelope(const json_value *doc, const char *command, int exit_code)
{
    if (doc->type != JSON_OBJECT || doc->count == 0 || strcmp(doc->names[0], "version") != 0)
        fail_msg("the document does not start with \"version\"");
    const json_value *version = json_get(doc, "version");
    if (version->type != JSON_NUMBER || !version->integer || version->as_integer != 1)
        fail_msg("version is not 1");
    json_assert_member(doc, "command", JSON_STRING, command == NULL);
    const json_value *c = json_get(doc, "command");
    if (command && strcmp(c->string, command) != 0)
        fail_msg("command is '%s', not '%s'", c->string, command);
    json_assert_member(doc, "ok", JSON_BOOL, 0);
    json_assert_member(doc, "exit_code", JSON_NUMBER, 0);
    if (json_get(doc, "ok")->boolean != (exit_code == 0) || json_get(doc, "exit_code")->as_integer != exit_code)
        fail_msg("ok and exit_code do not say exit %d", exit_code);
    assert_status_members(doc);
    json_assert_member(doc, "message", JSON_STRING, 1);
    json_assert_member(doc, "error", exit_code ? JSON_OBJECT : JSON_NULL, 0);
    const json_value *e = json_get(doc, "error");
    if (!exit_code)
        return;
    json_assert_member(e, "kind", JSON_STRING, 0);
    json_assert_member(e, "message", JSON_STRING, 0);
    assert_status_members(e);
    json_assert_member(e, "remedy", JSON_STRING, 1);
    if (!json_get(e, "message")->string[0])
        fail_msg("the error has an empty message");
}

void json_assert_failure(const json_value *doc, const char *command, int exit_code, const char *kind)
{
    json_assert_envelope(doc, command, exit_code);
    const char *k = json_get(json_get(doc, "error"), "kind")->string;
    if (strcmp(k, kind) != 0)
        fail_msg("error kind is '%s', not '%s'", k, kind);
}
