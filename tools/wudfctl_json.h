/*
 * wudfctl --json (docs/json.md): a writer that puts the separators where they go, the envelope every
 * document starts with, the one failure shape, and the reflector's text records typed by one table
 * of fields per record kind.
 */
#ifndef OPENWUDF_WUDFCTL_JSON_H
#define OPENWUDF_WUDFCTL_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wire.h"

/* The schema's version: docs/json.md says what changes it. */
#define WUDFCTL_JSON_VERSION 1

#define WUDFCTL_JSON_DEPTH 16

typedef struct wudfctl_json {
    FILE *out;
    int depth;
    unsigned char more[WUDFCTL_JSON_DEPTH]; /* the container at this depth has a member already */
    int after_key;
} wudfctl_json;

void wudfctl_json_init(wudfctl_json *j, FILE *out);
void wudfctl_json_key(wudfctl_json *j, const char *key);
void wudfctl_json_object(wudfctl_json *j);
void wudfctl_json_array(wudfctl_json *j);
void wudfctl_json_end_object(wudfctl_json *j);
void wudfctl_json_end_array(wudfctl_json *j);
/* A string (NULL: null); bytes that are not UTF-8 become U+FFFD. */
void wudfctl_json_text(wudfctl_json *j, const char *s);
void wudfctl_json_text_n(wudfctl_json *j, const char *s, size_t n);
void wudfctl_json_int(wudfctl_json *j, long long v);
void wudfctl_json_bool(wudfctl_json *j, int v);
void wudfctl_json_null(wudfctl_json *j);
/* Bytes as a string of two lowercase hex digits each. */
void wudfctl_json_hex(wudfctl_json *j, const uint8_t *data, size_t length);
/* An NTSTATUS as "0x" and eight lowercase hex digits. */
void wudfctl_json_status(wudfctl_json *j, int32_t status);

/* This run's --json and its command (NULL until one is known). */
void wudfctl_json_mode(int json, const char *command);
int wudfctl_json_on(void);
/* The command's output is a stream of lines (events -f): only a failure ends it with a document. */
void wudfctl_json_stream(void);
/* Keeps the first failure of the run for the failure document: its exit code, its NTSTATUS (NULL:
 * none), the message and what to do about it (NULL: nothing to add). */
void wudfctl_json_failure(int exit_code, const int32_t *status, const char *message, const char *remedy);

/* Starts the command's document on stdout with the envelope: version, command, ok, exit_code, status
 * (the answer's; NULL: the failure's, or null), status_name, message (NULL: the failure's, or null)
 * and error. The caller adds its members, then calls wudfctl_json_end. */
void wudfctl_json_begin(wudfctl_json *j, int exit_code, const int32_t *status, const char *message);
void wudfctl_json_end(wudfctl_json *j);
/* When the run ends: the failure document if the command printed no document of its own. */
void wudfctl_json_finish(int exit_code);

/* The record kinds of the reflector's replies: each a table of fields and types (wudfctl_json_records.c). */
typedef enum wudfctl_record_kind {
    WUDFCTL_RECORD_DEVICE,    /* list, status, install, remove, enable ... ("device" starts one) */
    WUDFCTL_RECORD_PACKAGE,   /* packages ("package") */
    WUDFCTL_RECORD_DRIVER,    /* drivers ("package") */
    WUDFCTL_RECORD_INTERFACE, /* interfaces ("interface") */
    WUDFCTL_RECORD_EVENT      /* events ("seq", or "dropped") */
} wudfctl_record_kind;

/* Member name: an array of every record of that kind in reply. */
void wudfctl_json_records(wudfctl_json *j, const char *name, wudfctl_record_kind kind, const wudf_kv *reply);
/* A reply's whole document: the envelope (the reply's status and message), then its records of that
 * kind as member. */
void wudfctl_json_reply(int exit_code, int32_t status, const wudf_kv *reply, const char *member,
                        wudfctl_record_kind kind);
/* Each record of that kind as a line of its own, "version" first (events -f). */
void wudfctl_json_record_lines(FILE *out, wudfctl_record_kind kind, const wudf_kv *reply);
/* Member name: the registry values and device properties of a property reply, typed by their types. */
void wudfctl_json_reg_entries(wudfctl_json *j, const char *name, const wudf_kv *reply);

#endif
