/*
 * A strict JSON reader for the tests of wudfctl --json (docs/json.md): RFC 8259's grammar, UTF-8
 * only, no duplicate member names, nothing after the value but white space. It builds a tree a test
 * can ask for members and types, and checks the envelope and the failure shape every document has.
 */
#ifndef OPENWUDF_TEST_JSON_CHECK_H
#define OPENWUDF_TEST_JSON_CHECK_H

#include <stddef.h>

typedef enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    int boolean;
    double number;
    int integer;  /* the number has no fraction and no exponent */
    long long as_integer;
    char *string; /* unescaped, NUL-terminated */
    size_t count; /* array elements, object members */
    char **names; /* object member names */
    struct json_value **items;
} json_value;

/* The value in text[0, length), or NULL with why in error (a message and the offset). */
json_value *json_parse(const char *text, size_t length, char *error, size_t error_size);
void json_free(json_value *v);

/* A member of an object (NULL when there is none, or v is not an object). */
const json_value *json_get(const json_value *v, const char *name);
const char *json_type_name(json_type type);

/* Parses out as one document, failing the test (with the text) when it is not exactly one. */
json_value *json_document(const char *out);
/* Fails the test unless v has the member with that type (JSON_NULL too: "null or the type"). */
void json_assert_member(const json_value *v, const char *name, json_type type, int may_be_null);
/* Fails the test unless doc has docs/json.md's envelope: version 1 first, command, ok as exit_code
 * says, exit_code, status and status_name, message, and error null on success; on failure, error
 * with kind, message, status, status_name and remedy. */
void json_assert_envelope(const json_value *doc, const char *command, int exit_code);
/* The same, and the failure is of this kind ("usage", "no-reflector", ...). */
void json_assert_failure(const json_value *doc, const char *command, int exit_code, const char *kind);

#endif
