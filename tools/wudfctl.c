/*
 * wudfctl: install, list, inspect and drive devices, in the manner of
 * pnputil/devcon/Device Manager. Exit codes: 0 done, 1 the operation failed,
 * 2 bad usage, 3 no reflector to talk to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_internal.h"
#include "platform.h"
#include "reg_store.h"
#include "wudfctl_format.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_NO_REFLECTOR 3

typedef struct options {
    const char *endpoint;
    int json;
    uint32_t timeout_ms;
} options;

static void usage(FILE *out)
{
    fputs("usage: wudfctl [--endpoint PATH] [--json] [--timeout-ms N] COMMAND [ARGS]\n"
          "commands:\n"
          "  install INF [--hwid ID] [--setting NAME=VALUE]... [--allow user:NAME|group:NAME|everyone]...\n"
          "                                      add the INF's driver package (every models line's hardware\n"
          "                                      id) and a root-enumerated device for ID (default: the first\n"
          "                                      models line; a USB\\ id: the package only); --allow: who may\n"
          "                                      open it besides administrators (default: wudfrd's\n"
          "                                      --device-group)\n"
          "  remove DEVICE                       remove a device\n"
          "  list                                one line per device\n"
          "  packages                            the driver packages in the store: their hardware ids\n"
          "                                      and the devices installed from them\n"
          "  status [DEVICE]                     state, problem, driver, host, I/O counts, last failure\n"
          "  restart | enable | disable DEVICE   change a device's state\n"
          "  suspend | resume DEVICE             simulate the system going to sleep (S3) and coming back:\n"
          "                                      the device's queues stop (OnIoStop) and it leaves D0\n"
          "  ioctl DEVICE CODE [HEX] [--out N]   send a device-control request (CODE in hex or decimal)\n"
          "  read DEVICE LENGTH                  read bytes and print them in hex\n"
          "  write DEVICE TEXT | --hex HEX       write bytes\n"
          "  property DEVICE [--key hw|sw|dp] [--subkey PATH] [NAME[=TYPE:VALUE]] | --delete NAME | --delete-key\n"
          "                                      a device's registry values and device properties: list,\n"
          "                                      show one, set (TYPE sz, expand_sz, multi_sz, dword, qword,\n"
          "                                      binary), delete; the driver reads them when it starts\n"
          "  shutdown                            stop every host in order, then the reflector\n"
          "  kernel install [SYS] | remove | status\n"
          "                                      the reflector.sys service (Windows): \\\\.\\ names for\n"
          "                                      unmodified programs, served by wudfrd --kernel\n"
          "  --version                           the release, then exit\n"
          "DEVICE is an instance id (ROOT\\ECHO\\0000) or a symbolic link (\\\\.\\Echo0).\n"
          "The reflector is found through --endpoint, WUDF_ENDPOINT or WUDF_RUNTIME_DIR.\n",
          out);
}

static int usage_error(const char *what)
{
    fprintf(stderr, "wudfctl: %s\n", what);
    usage(stderr);
    return EXIT_USAGE;
}

static void print_status_error(const char *what, int32_t status)
{
    const char *name = wudf_status_name(status);
    fprintf(stderr, "wudfctl: %s: %s (0x%08x)\n", what, name ? name : "status", (unsigned)status);
}

static int connect_as(const options *o, int role, wudf_client **c)
{
    if (wudf_client_connect_role(o->endpoint, role, c) < 0) {
        fprintf(stderr, "wudfctl: %s\n", wudf_client_error(*c));
        wudf_disconnect(*c);
        *c = NULL;
        return EXIT_NO_REFLECTOR;
    }
    return 0;
}

/* Sends a tool request built from op and name=value pairs, prints the outcome. */
static int tool(const options *o, const wudf_kv *req, int show_devices)
{
    wudf_client *c;
    int rc = connect_as(o, WUDF_ROLE_TOOL, &c);
    if (rc)
        return rc;
    wudf_kv reply;
    wudf_kv_init(&reply);
    int32_t status = 0;
    if (wudf_client_tool(c, req, o->timeout_ms, &status, &reply)) {
        fprintf(stderr, "wudfctl: %s\n", wudf_client_error(c));
        wudf_kv_free(&reply);
        wudf_disconnect(c);
        return EXIT_FAILED;
    }
    const char *message = wudf_kv_get(&reply, "message");
    if (o->json && show_devices == 4) {
        wudfctl_print_packages(stdout, 1, status, &reply);
    } else if (o->json) {
        wudfctl_print_json(stdout, status, &reply);
    } else {
        if (message)
            fprintf(status < 0 ? stderr : stdout, "%s\n", message);
        if (show_devices == 1)
            wudfctl_print_table(stdout, &reply);
        else if (show_devices == 2)
            wudfctl_print_details(stdout, &reply);
        else if (show_devices == 3)
            wudfctl_print_list(stdout, &reply);
        else if (show_devices == 4 && status >= 0 && !wudf_kv_get(&reply, "package"))
            fputs("no driver package in the store\n", stdout);
        else if (show_devices == 4)
            wudfctl_print_packages(stdout, 0, status, &reply);
        if (status < 0 && !message)
            print_status_error(wudf_kv_get(req, "op"), status);
    }
    wudf_kv_free(&reply);
    wudf_disconnect(c);
    return status < 0 ? EXIT_FAILED : 0;
}

static int simple_op(const options *o, const char *op, int argc, char **argv)
{
    if (argc != 1)
        return usage_error("this command takes one DEVICE");
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    wudf_kv_add(&req, "op", op, &err);
    if (wudf_kv_add(&req, "device", argv[0], &err)) {
        wudf_kv_free(&req);
        return usage_error(err.message);
    }
    int rc = tool(o, &req, strcmp(op, "status") == 0 ? 2 : 0);
    wudf_kv_free(&req);
    return rc;
}

static int cmd_install(const options *o, int argc, char **argv)
{
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    wudf_kv_add(&req, "op", "install", &err);
    const char *inf = NULL;
    int rc = 0;
    char acl[1024] = "";
    for (int i = 0; i < argc && !rc; i++) {
        if (strcmp(argv[i], "--hwid") == 0 && i + 1 < argc) {
            rc = wudf_kv_add(&req, "hwid", argv[++i], &err);
        } else if (strcmp(argv[i], "--allow") == 0 && i + 1 < argc) {
            size_t used = strlen(acl);
            if (snprintf(acl + used, sizeof acl - used, "%s%s", used ? "," : "", argv[++i]) >= (int)(sizeof acl - used))
                rc = wudf_error_set(&err, WUDF_ETOOBIG, "--allow: access list too long");
        } else if (strcmp(argv[i], "--setting") == 0 && i + 1 < argc) {
            char name[96];
            const char *s = argv[++i], *eq = strchr(s, '=');
            if (!eq || eq == s || (size_t)(eq - s) > 80)
                rc = wudf_error_set(&err, WUDF_EINVAL, "--setting wants NAME=VALUE, got '%s'", s);
            else {
                /* A string value of the hardware key, as the INF's [DDInstall.HW] AddReg would set it. */
                wudf_reg_entry e;
                snprintf(name, sizeof name, "%.*s", (int)(eq - s), s);
                rc = wudf_reg_entry_make(WUDF_REG_ROOT_HW, "", name, "sz", eq + 1, &e, &err);
                char *text = rc ? NULL : wudf_reg_entry_format(&e);
                if (!rc)
                    rc = text ? wudf_kv_add(&req, "reg.hw", text, &err) : wudf_error_set(&err, WUDF_ENOMEM, "out of memory");
                free(text);
                if (!rc)
                    wudf_reg_entry_free(&e);
            }
        } else if (argv[i][0] == '-' || inf) {
            rc = wudf_error_set(&err, WUDF_EINVAL, "unexpected argument '%s'", argv[i]);
        } else {
            inf = argv[i];
        }
    }
    char path[WUDF_PATH_MAX];
    if (!rc && acl[0])
        rc = wudf_kv_add(&req, "acl", acl, &err);
    if (!rc && !inf)
        rc = wudf_error_set(&err, WUDF_EINVAL, "install needs an INF file");
    if (!rc)
        rc = wudf_path_absolute(inf, path, sizeof path, &err);
    if (!rc)
        rc = wudf_kv_add(&req, "inf", path, &err);
    if (rc) {
        wudf_kv_free(&req);
        return usage_error(err.message);
    }
    rc = tool(o, &req, 2);
    wudf_kv_free(&req);
    return rc;
}

static int cmd_list_or_status(const options *o, int argc, char **argv, int details)
{
    if (argc == 1 && details)
        return simple_op(o, "status", argc, argv);
    if (argc)
        return usage_error(details ? "status takes at most one DEVICE" : "list takes no arguments");
    wudf_kv req;
    wudf_error err;
    wudf_kv_init(&req);
    wudf_kv_add(&req, "op", "status", &err);
    int rc = tool(o, &req, details ? 1 : 3);
    wudf_kv_free(&req);
    return rc;
}

static int parse_hex(const char *s, uint8_t **out, uint32_t *len)
{
    size_t n = strlen(s);
    if (n % 2)
        return -1;
    uint8_t *b = malloc(n / 2 + 1);
    if (!b)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) {
            free(b);
            return -1;
        }
        b[i] = (uint8_t)v;
    }
    *out = b;
    *len = (uint32_t)(n / 2);
    return 0;
}

static int open_device(const options *o, const char *name, wudf_client **c, wudf_handle *f)
{
    int rc = connect_as(o, WUDF_ROLE_CLIENT, c);
    if (rc)
        return rc;
    wudf_status st = wudf_open(*c, name, o->timeout_ms, f);
    if (st < 0) {
        print_status_error(name, st);
        wudf_disconnect(*c);
        return EXIT_FAILED;
    }
    return 0;
}

static int finish_io(const options *o, wudf_client *c, const char *what, wudf_status st, const uint8_t *data,
                     uint32_t length)
{
    if (o->json) {
        printf("{\"status\":\"0x%08x\",\"status_name\":\"%s\",\"information\":%u,\"data\":\"", (unsigned)st,
               wudf_status_name(st) ? wudf_status_name(st) : "", (unsigned)length);
        for (uint32_t i = 0; data && i < length; i++)
            printf("%02x", data[i]);
        printf("\"}\n");
    } else if (st < 0) {
        print_status_error(what, st);
    } else {
        printf("%s: %u bytes\n", what, (unsigned)length);
        if (data && length)
            wudfctl_print_hex(stdout, data, length);
    }
    /* --timeout-ms bounds the whole command: after a request that ran out of time, the file's cleanup
     * and close would wait on the same driver. */
    if (st == WUDF_STATUS_IO_TIMEOUT)
        wudf_client_abandon(c);
    else
        wudf_disconnect(c);
    return st < 0 ? EXIT_FAILED : 0;
}

static int cmd_ioctl(const options *o, int argc, char **argv)
{
    uint32_t out_len = 4096;
    const char *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out_len = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (npos < 3)
            pos[npos++] = argv[i];
        else
            return usage_error("ioctl DEVICE CODE [HEX] [--out N]");
    }
    if (npos < 2)
        return usage_error("ioctl DEVICE CODE [HEX] [--out N]");
    char *end;
    unsigned long code = strtoul(pos[1], &end, 0);
    if (*end || code > 0xffffffffUL)
        return usage_error("CODE must be a number such as 0x222003");
    uint8_t *in = NULL;
    uint32_t in_len = 0;
    if (pos[2] && parse_hex(pos[2], &in, &in_len))
        return usage_error("input must be hex bytes such as 0a0b0c");
    uint8_t *out = out_len ? malloc(out_len) : NULL;
    wudf_client *c;
    wudf_handle f;
    int rc = open_device(o, pos[0], &c, &f);
    if (rc) {
        free(in);
        free(out);
        return rc;
    }
    uint32_t returned = 0;
    wudf_status st = wudf_ioctl(c, f, (uint32_t)code, in, in_len, out, out_len, &returned, o->timeout_ms);
    rc = finish_io(o, c, "ioctl", st, out, returned);
    free(in);
    free(out);
    return rc;
}

static int cmd_read(const options *o, int argc, char **argv)
{
    if (argc != 2)
        return usage_error("read DEVICE LENGTH");
    uint32_t len = (uint32_t)strtoul(argv[1], NULL, 0);
    uint8_t *buf = malloc(len ? len : 1);
    wudf_client *c;
    wudf_handle f;
    int rc = open_device(o, argv[0], &c, &f);
    if (!rc) {
        uint32_t got = 0;
        wudf_status st = wudf_read(c, f, buf, len, 0, &got, o->timeout_ms);
        rc = finish_io(o, c, "read", st, buf, got);
    }
    free(buf);
    return rc;
}

static int cmd_write(const options *o, int argc, char **argv)
{
    uint8_t *data = NULL;
    uint32_t len = 0;
    if (argc == 3 && strcmp(argv[1], "--hex") == 0) {
        if (parse_hex(argv[2], &data, &len))
            return usage_error("--hex wants hex bytes such as 0a0b0c");
    } else if (argc == 2) {
        len = (uint32_t)strlen(argv[1]);
        data = malloc(len + 1);
        memcpy(data, argv[1], len + 1);
    } else {
        return usage_error("write DEVICE TEXT | write DEVICE --hex HEX");
    }
    wudf_client *c;
    wudf_handle f;
    int rc = open_device(o, argv[0], &c, &f);
    if (!rc) {
        uint32_t done = 0;
        wudf_status st = wudf_write(c, f, data, len, 0, &done, o->timeout_ms);
        rc = finish_io(o, c, "write", st, NULL, done);
    }
    free(data);
    return rc;
}

int main(int argc, char **argv)
{
    /* A reflector that drops the connection mid-reply is an error to report, not SIGPIPE. */
    wudf_process_init();
    if (wudf_version_asked(argc, argv, "wudfctl"))
        return 0;
    options o = {NULL, 0, 120000};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--json") == 0)
            o.json = 1;
        else if (strcmp(argv[i], "--endpoint") == 0 && i + 1 < argc)
            o.endpoint = argv[++i];
        else if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc)
            o.timeout_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else
            return usage_error("unknown option");
    }
    if (i >= argc)
        return usage_error("no command");
    const char *cmd = argv[i];
    int n = argc - i - 1;
    char **args = argv + i + 1;
    if (strcmp(cmd, "install") == 0)
        return cmd_install(&o, n, args);
    if (strcmp(cmd, "list") == 0)
        return cmd_list_or_status(&o, n, args, 0);
    if (strcmp(cmd, "status") == 0)
        return cmd_list_or_status(&o, n, args, 1);
    if (strcmp(cmd, "packages") == 0) {
        if (n)
            return usage_error("packages takes no arguments");
        wudf_kv req;
        wudf_kv_init(&req);
        wudf_kv_add(&req, "op", "packages", NULL);
        int rc = tool(&o, &req, 4);
        wudf_kv_free(&req);
        return rc;
    }
    if (strcmp(cmd, "remove") == 0 || strcmp(cmd, "restart") == 0 || strcmp(cmd, "enable") == 0 ||
        strcmp(cmd, "disable") == 0 || strcmp(cmd, "suspend") == 0 || strcmp(cmd, "resume") == 0)
        return simple_op(&o, cmd, n, args);
    if (strcmp(cmd, "shutdown") == 0) {
        if (n)
            return usage_error("shutdown takes no arguments");
        wudf_kv req;
        wudf_kv_init(&req);
        wudf_kv_add(&req, "op", "shutdown", NULL);
        int rc = tool(&o, &req, 0);
        wudf_kv_free(&req);
        return rc;
    }
    if (strcmp(cmd, "kernel") == 0)
        return wudfctl_kernel(o.json, n, args);
    if (strcmp(cmd, "property") == 0)
        return wudfctl_property(o.endpoint, o.json, o.timeout_ms, n, args);
    if (strcmp(cmd, "ioctl") == 0)
        return cmd_ioctl(&o, n, args);
    if (strcmp(cmd, "read") == 0)
        return cmd_read(&o, n, args);
    if (strcmp(cmd, "write") == 0)
        return cmd_write(&o, n, args);
    char msg[128];
    snprintf(msg, sizeof msg, "unknown command '%s'", cmd);
    return usage_error(msg);
}
