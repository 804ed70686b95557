/*
 * wudfctl's parts: a command line split into global options, a verb, the verb's own options and its
 * operands; the verbs; and how errors become one line and an exit code (man wudfctl, EXIT STATUS).
 */
#ifndef OPENWUDF_WUDFCTL_H
#define OPENWUDF_WUDFCTL_H

#include <stdint.h>

#include "client_internal.h"

enum wudfctl_exit {
    WUDFCTL_EXIT_OK = 0,
    WUDFCTL_EXIT_FAILED = 1,       /* the reflector or the device answered with an error */
    WUDFCTL_EXIT_USAGE = 2,        /* the command line is wrong */
    WUDFCTL_EXIT_NO_REFLECTOR = 3, /* nothing answered at the endpoint */
    WUDFCTL_EXIT_DENIED = 4,       /* this user may not do it */
    WUDFCTL_EXIT_LOST = 5,         /* the reflector dropped the connection before it answered */
    WUDFCTL_EXIT_BUSY = 6          /* refused while something uses it (STATUS_DEVICE_BUSY, or
                                      STATUS_PLUGPLAY_QUERY_VETOED for a vetoed removal): the message names what */
};

/* The largest LENGTH, --out and data of one request: what one message can carry. */
#define WUDFCTL_MAX_DATA (16u * 1024u * 1024u)

/* The global options, which go anywhere on the line. */
typedef struct wudfctl_options {
    const char *endpoint; /* NULL: the default endpoint */
    int json;
    uint32_t timeout_ms;
    const char *verb; /* the verb being run, for messages */
} wudfctl_options;

/* A verb's own options in the order given (values NULL for a flag), then its operands in order. */
typedef struct wudfctl_args {
    int option_count;
    const char **options; /* "--hwid" */
    const char **values;
    int count;
    char **operands;
} wudfctl_args;

/* The verbs (the table is in wudfctl.c). Each returns an exit code. */
typedef int (*wudfctl_run)(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_install(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_device_op(const wudfctl_options *o, const wudfctl_args *a); /* remove, restart, ...: op = o->verb */
int wudfctl_list(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_status(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_packages(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_shutdown(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_ioctl(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_read(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_write(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_property(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_kernel(const wudfctl_options *o, const wudfctl_args *a);
/* wudfctl_property.c: the name of a system device property ("DeviceDesc"), "" for another. */
const char *wudfctl_devpkey_name(const char *fmtid, const char *pid);
int wudfctl_interfaces(const wudfctl_options *o, const wudfctl_args *a); /* wudfctl_interfaces.c */
int wudfctl_events(const wudfctl_options *o, const wudfctl_args *a);     /* wudfctl_events.c */
int wudfctl_drivers(const wudfctl_options *o, const wudfctl_args *a);    /* wudfctl_drivers.c */
int wudfctl_delete_driver(const wudfctl_options *o, const wudfctl_args *a);
int wudfctl_update(const wudfctl_options *o, const wudfctl_args *a);

/* wudfctl_args.c: strict values. Each returns 0, or WUDFCTL_EXIT_USAGE after one line naming the
 * value and what is accepted (wudfctl_fail). verb may be NULL (a global option). */
int wudfctl_usage_error(const char *verb, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Decimal, or hexadecimal after 0x, from min to max. */
int wudfctl_number(const char *verb, const char *what, const char *text, uint32_t min, uint32_t max, uint32_t *out);
/* Two hex digits a byte ("0a0b0c"; "" is no bytes); *out is malloc'd. */
int wudfctl_hex(const char *verb, const char *what, const char *text, uint8_t **out, uint32_t *length);
/* The value of the last of the verb's options named name, or NULL. */
const char *wudfctl_option(const wudfctl_args *a, const char *name);

/* wudfctl_session.c: a connection, and a failure as one line and its exit code. Every failure goes
 * through wudfctl_fail. */
/* Says on stderr "wudfctl: " the message, then "; " and the remedy when there is one, and keeps it
 * for the --json failure document (wudfctl_json.h); returns exit_code. status: the NTSTATUS behind
 * it, NULL when none is. */
int wudfctl_fail(int exit_code, const int32_t *status, const char *remedy, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
int wudfctl_connect(const wudfctl_options *o, int role, wudf_client **c);
/* Says why what failed with status (the reflector's message when there is one) and returns the exit
 * code: lost connection, permission denied (with the remedy), refused as busy, or a plain failure. device: the
 * failure is the device's own access list (open), not the reflector's. */
int wudfctl_failed(wudf_client *c, const char *what, int32_t status, const char *message, int device);
/* A tool request and its reply: 0 with *status and reply filled in, or the exit code after one line
 * (no reflector, not allowed to connect, connection lost, no answer in time). */
int wudfctl_tool_request(const wudfctl_options *o, const wudf_kv *req, int32_t *status, wudf_kv *reply);
/* The exit code of a reply's status: 0 for success; otherwise one line says what went wrong. */
int wudfctl_reply_exit(const wudfctl_options *o, int32_t status, const wudf_kv *reply);

#endif
