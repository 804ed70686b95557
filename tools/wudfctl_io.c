/*
 * wudfctl ioctl, read and write: open a device, send one request, print what came back (hex dump
 * or JSON), close. Every number and hex string is checked before anything is sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wudfctl.h"
#include "wudfctl_format.h"
#include "wudfctl_json.h"

static int open_device(const wudfctl_options *o, const char *name, wudf_client **c, wudf_handle *f)
{
    int rc = wudfctl_connect(o, WUDF_ROLE_CLIENT, c);
    if (rc)
        return rc;
    wudf_status st = wudf_open(*c, name, o->timeout_ms, f);
    if (st < 0) {
        rc = wudfctl_failed(*c, name, st, NULL, 1);
        wudf_disconnect(*c);
        return rc;
    }
    return 0;
}

/* The I/O document of --json: the device as given, the control code (ioctl), the bytes the request
 * transferred, and what came back (read, ioctl) in hex. */
static void print_json(int rc, int32_t status, const char *device, const uint32_t *code, const uint8_t *data,
                       uint32_t length)
{
    wudfctl_json j;
    wudfctl_json_begin(&j, rc, &status, NULL);
    wudfctl_json_key(&j, "device");
    wudfctl_json_text(&j, device);
    wudfctl_json_key(&j, "code");
    if (code)
        wudfctl_json_int(&j, *code);
    else
        wudfctl_json_null(&j);
    wudfctl_json_key(&j, "information");
    wudfctl_json_int(&j, length);
    wudfctl_json_key(&j, "data");
    if (data)
        wudfctl_json_hex(&j, data, length);
    else
        wudfctl_json_null(&j);
    wudfctl_json_end(&j);
}

static int finish_io(const wudfctl_options *o, wudf_client *c, wudf_status st, const char *device,
                     const uint32_t *code, const uint8_t *data, uint32_t length)
{
    int rc = 0;
    int lost = st == WUDF_STATUS_PIPE_BROKEN && wudf_client_lost(c);
    if (lost)
        rc = wudfctl_failed(c, o->verb, st, NULL, 0);
    else if (st < 0)
        rc = wudfctl_failed(c, o->verb, st, NULL, 1);
    if (o->json && !lost) {
        print_json(rc, st, device, code, data, length);
    } else if (!o->json && st >= 0) {
        printf("%s: %u bytes\n", o->verb, (unsigned)length);
        if (data && length)
            wudfctl_print_hex(stdout, data, length);
    }
    /* --timeout-ms bounds the whole command: after a request that ran out of time, the file's cleanup
     * and close would wait on the same driver. */
    if (st == WUDF_STATUS_IO_TIMEOUT)
        wudf_client_abandon(c);
    else
        wudf_disconnect(c);
    return rc;
}

int wudfctl_ioctl(const wudfctl_options *o, const wudfctl_args *a)
{
    uint32_t out_len = 4096, code = 0, in_len = 0;
    const char *out_text = wudfctl_option(a, "--out");
    int rc = out_text ? wudfctl_number(o->verb, "--out", out_text, 0, WUDFCTL_MAX_DATA, &out_len) : 0;
    if (!rc)
        rc = wudfctl_number(o->verb, "CODE", a->operands[1], 0, 0xffffffffu, &code);
    uint8_t *in = NULL;
    if (!rc && a->count > 2)
        rc = wudfctl_hex(o->verb, "HEX", a->operands[2], &in, &in_len);
    if (rc)
        return rc;
    uint8_t *out = malloc(out_len ? out_len : 1);
    wudf_client *c;
    wudf_handle f;
    rc = out ? open_device(o, a->operands[0], &c, &f)
             : wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "ioctl: out of memory");
    if (!rc) {
        uint32_t returned = 0;
        wudf_status st = wudf_ioctl(c, f, code, in, in_len, out_len ? out : NULL, out_len, &returned, o->timeout_ms);
        rc = finish_io(o, c, st, a->operands[0], &code, out, returned);
    }
    free(in);
    free(out);
    return rc;
}

int wudfctl_read(const wudfctl_options *o, const wudfctl_args *a)
{
    uint32_t len = 0;
    int rc = wudfctl_number(o->verb, "LENGTH", a->operands[1], 0, WUDFCTL_MAX_DATA, &len);
    if (rc)
        return rc;
    uint8_t *buf = malloc(len ? len : 1);
    wudf_client *c;
    wudf_handle f;
    rc = buf ? open_device(o, a->operands[0], &c, &f)
             : wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "read: out of memory");
    if (!rc) {
        uint32_t got = 0;
        wudf_status st = wudf_read(c, f, buf, len, 0, &got, o->timeout_ms);
        rc = finish_io(o, c, st, a->operands[0], NULL, buf, got);
    }
    free(buf);
    return rc;
}

int wudfctl_write(const wudfctl_options *o, const wudfctl_args *a)
{
    const char *hex = wudfctl_option(a, "--hex");
    if ((hex != NULL) == (a->count == 2))
        return wudfctl_usage_error(o->verb, hex ? "give TEXT or --hex HEX, not both" : "no TEXT to write (or --hex HEX)");
    uint8_t *data = NULL;
    uint32_t len = 0;
    if (hex) {
        int rc = wudfctl_hex(o->verb, "--hex", hex, &data, &len);
        if (rc)
            return rc;
    } else {
        size_t n = strlen(a->operands[1]);
        if (n > WUDFCTL_MAX_DATA)
            return wudfctl_usage_error(o->verb, "TEXT is %lu bytes: at most %u go in one request", (unsigned long)n,
                                       WUDFCTL_MAX_DATA);
        len = (uint32_t)n;
        data = malloc(n + 1);
        if (data)
            memcpy(data, a->operands[1], n + 1);
    }
    wudf_client *c;
    wudf_handle f;
    int rc = data ? open_device(o, a->operands[0], &c, &f)
                  : wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "write: out of memory");
    if (!rc) {
        uint32_t done = 0;
        wudf_status st = wudf_write(c, f, data, len, 0, &done, o->timeout_ms);
        rc = finish_io(o, c, st, a->operands[0], NULL, NULL, done);
    }
    free(data);
    return rc;
}
