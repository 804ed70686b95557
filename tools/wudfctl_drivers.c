/*
 * The driver store's verbs, as pnputil has them: drivers (/enum-drivers) lists the packages as a
 * table sized to its content or as JSON, delete-driver (/delete-driver [/uninstall] [/force]) and
 * update (/add-driver /install, devcon update) change it; the reflector says what it did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openwudf/status.h>

#include "platform.h"
#include "wudfctl.h"
#include "wudfctl_format.h"
#include "wudfctl_json.h"

#define COLUMNS 8
#define CELL 512

static const char *const titles[COLUMNS] = {"PUBLISHED NAME", "ORIGINAL NAME", "PROVIDER", "CLASS",
                                            "VERSION",        "DATE",          "DEVICES",  "HARDWARE IDS"};
/* The reply's key of each column; the devices are each a "device" of the record. */
static const char *const keys[COLUMNS] = {"package", "original_name", "provider", "class",
                                          "version", "date",          "device",   "hardware_ids"};

typedef struct row {
    char cells[COLUMNS][CELL];
} row;

/* Appends text to a cell, after ", " when it has something; "..." when it is full. */
static void append(char *cell, const char *text)
{
    size_t used = strlen(cell);
    int n = snprintf(cell + used, CELL - used, "%s%s", used ? ", " : "", text);
    if (n < 0 || (size_t)n >= CELL - used)
        memcpy(cell + CELL - 4, "...", 4);
}

/* The end of the record that starts at start (a "package" key): the next record's start. */
static size_t record_end(const wudf_kv *reply, size_t start)
{
    size_t end = start + 1;
    while (end < reply->count && strcmp(reply->keys[end], "package") != 0)
        end++;
    return end;
}

/* Each id of a comma-separated list, in turn. */
static const char *next_id(const char *s, char *id, size_t size)
{
    size_t n = strcspn(s, ",");
    snprintf(id, size, "%.*s", (int)(n < size ? n : size - 1), s);
    return s + n + (s[n] == ',');
}

/* The record [start, end) of reply as one row. */
static void fill_row(const wudf_kv *reply, size_t start, size_t end, row *r)
{
    memset(r, 0, sizeof *r);
    for (size_t k = start; k < end; k++)
        for (int c = 0; c < COLUMNS; c++) {
            if (strcmp(reply->keys[k], keys[c]) != 0)
                continue;
            char id[CELL];
            if (c != COLUMNS - 1)
                append(r->cells[c], reply->values[k]);
            else /* "a,b" as "a, b" */
                for (const char *s = reply->values[k]; *s;) {
                    s = next_id(s, id, sizeof id);
                    append(r->cells[c], id);
                }
        }
}

static void print_table(const wudf_kv *reply)
{
    size_t count = 0;
    for (size_t i = 0; i < reply->count; i++)
        count += strcmp(reply->keys[i], "package") == 0;
    if (!count) {
        fputs("no driver package in the store\n", stdout);
        return;
    }
    row *rows = calloc(count, sizeof *rows);
    if (!rows) {
        fputs("wudfctl: out of memory\n", stderr);
        return;
    }
    size_t n = 0, i = 0;
    while (i < reply->count && strcmp(reply->keys[i], "package") != 0)
        i++;
    for (size_t end; i < reply->count && n < count; i = end) {
        end = record_end(reply, i);
        fill_row(reply, i, end, &rows[n++]);
    }
    int width[COLUMNS];
    for (int c = 0; c < COLUMNS; c++) {
        width[c] = (int)strlen(titles[c]);
        for (size_t r = 0; r < n; r++) {
            if (!rows[r].cells[c][0])
                snprintf(rows[r].cells[c], CELL, "-"); /* an empty cell would shift the eye to the next column */
            if ((int)strlen(rows[r].cells[c]) > width[c])
                width[c] = (int)strlen(rows[r].cells[c]);
        }
    }
    for (size_t r = 0; r <= n; r++)
        for (int c = 0; c < COLUMNS; c++) {
            const char *v = r ? rows[r - 1].cells[c] : titles[c];
            if (c < COLUMNS - 1)
                printf("%-*s ", width[c], v);
            else
                printf("%s\n", v); /* the last column unpadded */
        }
    free(rows);
}

/* Sends req; the reply as a message, or as the drivers' listing (text or JSON). */
static int request(const wudfctl_options *o, wudf_kv *req, int listing)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    int32_t status = 0;
    int rc = wudfctl_tool_request(o, req, &status, &reply);
    if (!rc && o->json) {
        /* The drivers' records, or the devices' a change names. */
        rc = wudfctl_reply_exit(o, status, &reply);
        wudfctl_json_reply(rc, status, &reply, listing ? "drivers" : "devices",
                           listing ? WUDFCTL_RECORD_DRIVER : WUDFCTL_RECORD_DEVICE);
    } else if (!rc) {
        const char *message = wudf_kv_get(&reply, "message");
        if (listing && status >= 0)
            print_table(&reply);
        else if (message && status >= 0)
            printf("%s\n", message);
        rc = wudfctl_reply_exit(o, status, &reply);
    }
    wudf_kv_free(&reply);
    wudf_kv_free(req);
    return rc;
}

int wudfctl_drivers(const wudfctl_options *o, const wudfctl_args *a)
{
    (void)a;
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    if (wudf_kv_add(&req, "op", "packages", &err)) {
        wudf_kv_free(&req);
        return wudfctl_usage_error(o->verb, "%s", err.message);
    }
    return request(o, &req, 1);
}

int wudfctl_delete_driver(const wudfctl_options *o, const wudfctl_args *a)
{
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    int rc = wudf_kv_add(&req, "op", "delete-driver", &err);
    rc = rc ? rc : wudf_kv_add(&req, "inf", a->operands[0], &err);
    if (!rc && wudfctl_option(a, "--uninstall"))
        rc = wudf_kv_add(&req, "uninstall", "1", &err);
    if (!rc && wudfctl_option(a, "--force"))
        rc = wudf_kv_add(&req, "force", "1", &err);
    if (rc) {
        wudf_kv_free(&req);
        return wudfctl_usage_error(o->verb, "%s", err.message);
    }
    return request(o, &req, 0);
}

int wudfctl_update(const wudfctl_options *o, const wudfctl_args *a)
{
    wudf_kv req;
    wudf_error err;
    char path[WUDF_PATH_MAX];
    wudf_kv_init(&req);
    int rc = wudf_kv_add(&req, "op", "update", &err);
    rc = rc ? rc : wudf_path_absolute(a->operands[0], path, sizeof path, &err);
    rc = rc ? rc : wudf_kv_add(&req, "inf", path, &err);
    if (!rc && wudfctl_option(a, "--hwid"))
        rc = wudf_kv_add(&req, "hwid", wudfctl_option(a, "--hwid"), &err);
    if (rc) {
        wudf_kv_free(&req);
        return wudfctl_usage_error(o->verb, "%s", err.message);
    }
    return request(o, &req, 0);
}
