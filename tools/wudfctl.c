/*
 * wudfctl: install, list, inspect and drive devices, in the manner of pnputil/devcon/Device
 * Manager. This file reads the command line (global options anywhere, a verb's options after the
 * verb, -- ending them) and holds the verb table; the verbs are in wudfctl_*.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "wudfctl.h"
#include "wudfctl_json.h"

static int help(const wudfctl_options *o, const wudfctl_args *a);

typedef struct wudfctl_verb {
    const char *name;
    const char *synopsis; /* its operands and options, as usage lines show them */
    const char *options;  /* its own options, each followed by '=' when it takes a value */
    int min_operands, max_operands;
    wudfctl_run run;
    const char *help; /* what it does: lines of at most 60 characters */
} wudfctl_verb;

/* The verbs, in the order `wudfctl help` lists them. A new verb is one entry here, its function
 * declared in wudfctl.h; its usage lines, its --help and its option checks all come from the entry. */
static const wudfctl_verb verbs[] = {
    {"install", "INF [--hwid ID] [--new-device] [--setting NAME=VALUE]... [--allow user:NAME|group:NAME|everyone]...",
     "--hwid= --new-device --setting= --allow=", 1, 1, wudfctl_install,
     "add the INF's driver package (every models line's hardware\n"
     "id) and a root-enumerated device for ID (default: the first\n"
     "models line; a USB\\ id: the package only), unless ID has\n"
     "one already; --new-device: another one all the same;\n"
     "--allow: who may open it besides administrators (default:\n"
     "wudfrd's --device-group); --setting: a string value of the\n"
     "device's hardware key"},
    {"remove", "DEVICE", "", 1, 1, wudfctl_device_op, "stop a device in order and remove it"},
    {"list", "", "", 0, 0, wudfctl_list, "one line per device"},
    {"packages", "", "", 0, 0, wudfctl_packages,
     "the driver packages in the store: their hardware ids\nand the devices installed from them"},
    {"drivers", "", "", 0, 0, wudfctl_drivers,
     "the driver store as a table (pnputil /enum-drivers):\n"
     "published and original INF name, provider, class, version,\n"
     "date, devices, hardware ids"},
    {"delete-driver", "oemN.inf [--uninstall] [--force]", "--uninstall --force", 1, 1, wudfctl_delete_driver,
     "delete a driver package: refused while devices use it;\n"
     "--uninstall removes them first; --force deletes it while\n"
     "they keep running"},
    {"update", "INF [--hwid ID]", "--hwid=", 1, 1, wudfctl_update,
     "add the INF's driver package and move the devices of its\n"
     "hardware ids (or of ID) onto it, restarting them; the old\n"
     "package stays in the store"},
    {"interfaces", "[GUID] [--all]", "--all", 0, 1, wudfctl_interfaces,
     "the device interfaces of class GUID (default: every\n"
     "class) that are enabled on running devices, with --all\n"
     "every registered one: paths that read, write and ioctl\n"
     "open"},
    {"status", "[DEVICE]", "", 0, 1, wudfctl_status,
     "state, problem, driver, host, I/O counts, last failure:\na table of every device, or one device's details"},
    {"events", "[DEVICE] [--since TIME] [-f|--follow]", "--since= -f --follow", 0, 1, wudfctl_events,
     "what happened to devices (starts, crashes, restarts...);\n"
     "TIME: UTC, or an age (10m); -f: follow live"},
    {"restart", "DEVICE", "", 1, 1, wudfctl_device_op, "stop the device's host and start a new one"},
    {"enable", "DEVICE", "", 1, 1, wudfctl_device_op, "enable a device and start it"},
    {"disable", "DEVICE", "", 1, 1, wudfctl_device_op, "stop a device and keep it disabled"},
    {"suspend", "DEVICE", "", 1, 1, wudfctl_device_op,
     "simulate the system going to sleep (S3): the device's\nqueues stop (OnIoStop) and it leaves D0"},
    {"resume", "DEVICE", "", 1, 1, wudfctl_device_op, "bring a suspended device back"},
    {"wake", "DEVICE", "", 1, 1, wudfctl_device_op,
     "the device signals wake, as its hardware would: armed\nfor it, it returns to D0 (and a sleeping system resumes)"},
    {"ioctl", "DEVICE CODE [HEX] [--out N]", "--out=", 2, 3, wudfctl_ioctl,
     "send a device-control request: CODE from 0 to 0xffffffff\n"
     "(decimal, or hexadecimal after 0x), input bytes HEX (two\n"
     "hex digits a byte), an output buffer of N bytes (0 to\n"
     "16777216, default 4096)"},
    {"read", "DEVICE LENGTH", "", 2, 2, wudfctl_read,
     "read LENGTH bytes (0 to 16777216) and print them in hex"},
    {"write", "DEVICE TEXT | --hex HEX", "--hex=", 1, 2, wudfctl_write,
     "write the bytes of TEXT, or the bytes HEX spells (two hex\n"
     "digits a byte); TEXT that starts with '-' goes after --"},
    {"property", "DEVICE [--key hw|sw|dp|if|map] [--subkey PATH] [NAME[=TYPE:VALUE]] | --delete NAME | --delete-key",
     "--key= --subkey= --delete= --delete-key", 1, 2, wudfctl_property,
     "a device's registry values and device properties: list,\n"
     "show one, set (TYPE sz, expand_sz, multi_sz, dword, qword,\n"
     "binary), delete; the driver reads them when it starts"},
    {"shutdown", "", "", 0, 0, wudfctl_shutdown, "stop every host in order, then the reflector"},
    {"kernel", "install [SYS] | remove | status", "", 1, 2, wudfctl_kernel,
     "the reflector.sys service (Windows): \\\\.\\ names for\nunmodified programs, served by wudfrd --kernel"},
    {"help", "[COMMAND]", "", 0, 1, help, "a command's usage (also: wudfctl COMMAND --help)"},
};

#define VERB_COUNT (sizeof verbs / sizeof verbs[0])

static const wudfctl_verb *find_verb(const char *name)
{
    for (size_t i = 0; i < VERB_COUNT; i++)
        if (strcmp(verbs[i].name, name) == 0)
            return &verbs[i];
    return NULL;
}

/* Lines of text, each after indent spaces (the first after first_indent). */
static void print_lines(FILE *out, const char *text, int first_indent, int indent)
{
    for (int n = first_indent; *text; n = indent) {
        size_t len = strcspn(text, "\n");
        fprintf(out, "%*s%.*s\n", n, "", (int)len, text);
        text += len + (text[len] == '\n');
    }
}

static void usage(FILE *out)
{
    fputs("usage: wudfctl [--endpoint PATH] [--json] [--timeout-ms N] COMMAND [ARGS]\n"
          "Global options go anywhere on the line, a command's own after the command; -- ends the options.\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < VERB_COUNT; i++) {
        char head[160];
        int n = snprintf(head, sizeof head, "%s%s%s", verbs[i].name, verbs[i].synopsis[0] ? " " : "",
                         verbs[i].synopsis);
        /* The description starts at column 38, on the next line when the head is too long for it. */
        if (n <= 33) {
            fprintf(out, "  %-35s ", head);
            print_lines(out, verbs[i].help, 0, 38);
        } else {
            fprintf(out, "  %s\n", head);
            print_lines(out, verbs[i].help, 38, 38);
        }
    }
    fputs("DEVICE is an instance id (ROOT\\ECHO\\0000) or a symbolic link (\\\\.\\Echo0).\n"
          "The reflector is found through --endpoint, WUDF_ENDPOINT or WUDF_RUNTIME_DIR.\n"
          "options:\n"
          "  --endpoint PATH                     the reflector's endpoint\n"
          "  --json                              print the answer as JSON\n"
          "  --timeout-ms N                      how long to wait for each answer: 1 to 2147483647\n"
          "                                      (default 120000)\n"
          "  -h, --help                          this, or with a command its usage\n"
          "  --version                           the release, then exit\n"
          "exit status: 0 done, 1 failed, 2 bad usage, 3 no reflector at the endpoint, 4 permission\n"
          "denied, 5 the reflector dropped the connection, 6 refused while in use\n",
          out);
}

static void verb_usage(FILE *out, const wudfctl_verb *v)
{
    fprintf(out, "usage: wudfctl %s%s%s\n", v->name, v->synopsis[0] ? " " : "", v->synopsis);
    print_lines(out, v->help, 2, 2);
    fputs("global options (anywhere): --endpoint PATH, --json, --timeout-ms N; see 'wudfctl help'\n", out);
}

/* A verb as the help document of --json has it: its name, usage, options and what it does. */
static void json_verb(wudfctl_json *j, const wudfctl_verb *v)
{
    wudfctl_json_object(j);
    wudfctl_json_key(j, "name");
    wudfctl_json_text(j, v->name);
    wudfctl_json_key(j, "synopsis");
    wudfctl_json_text(j, v->synopsis);
    wudfctl_json_key(j, "options");
    wudfctl_json_array(j);
    for (const char *p = v->options; *p;) {
        size_t n = strcspn(p, " ");
        int valued = n && p[n - 1] == '=';
        wudfctl_json_object(j);
        wudfctl_json_key(j, "name");
        wudfctl_json_text_n(j, p, n - (size_t)valued);
        wudfctl_json_key(j, "takes_value");
        wudfctl_json_bool(j, valued);
        wudfctl_json_end_object(j);
        p += n + (p[n] == ' ');
    }
    wudfctl_json_end_array(j);
    /* The description's lines are for a terminal; a program gets them as one text. */
    char text[600];
    snprintf(text, sizeof text, "%s", v->help);
    for (char *nl = strchr(text, '\n'); nl; nl = strchr(nl, '\n'))
        *nl = ' ';
    wudfctl_json_key(j, "description");
    wudfctl_json_text(j, text);
    wudfctl_json_end_object(j);
}

/* The help document: one verb, or all of them (v NULL). */
static void json_help(const wudfctl_verb *v)
{
    wudfctl_json j;
    wudfctl_json_begin(&j, 0, NULL, NULL);
    wudfctl_json_key(&j, "commands");
    wudfctl_json_array(&j);
    for (size_t i = 0; i < VERB_COUNT; i++)
        if (!v || v == &verbs[i])
            json_verb(&j, &verbs[i]);
    wudfctl_json_end_array(&j);
    wudfctl_json_end(&j);
}

static void show_help(const wudfctl_options *o, const wudfctl_verb *v)
{
    if (o->json)
        json_help(v);
    else if (v)
        verb_usage(stdout, v);
    else
        usage(stdout);
}

static int help(const wudfctl_options *o, const wudfctl_args *a)
{
    const wudfctl_verb *v = a->count ? find_verb(a->operands[0]) : NULL;
    if (a->count && !v)
        return wudfctl_usage_error(NULL, "unknown command '%s'", a->operands[0]);
    show_help(o, v);
    return 0;
}

/* --version: a line, or with --json the release in the envelope. */
static void show_version(int json)
{
    if (!json) {
        printf("wudfctl (openwudf) %s\n", wudf_version());
        return;
    }
    wudfctl_json j;
    wudfctl_json_begin(&j, 0, NULL, NULL);
    wudfctl_json_key(&j, "program");
    wudfctl_json_text(&j, "wudfctl");
    wudfctl_json_key(&j, "release");
    wudfctl_json_text(&j, wudf_version());
    wudfctl_json_end(&j);
}

/* 1 when the verb has an option of this name; *valued says whether it takes a value. */
static int verb_option(const wudfctl_verb *v, const char *name, size_t length, int *valued)
{
    for (const char *p = v->options; *p;) {
        size_t n = strcspn(p, " ");
        size_t bare = n && p[n - 1] == '=' ? n - 1 : n;
        if (bare == length && strncmp(p, name, length) == 0) {
            *valued = bare != n;
            return 1;
        }
        p += n + (p[n] == ' ');
    }
    return 0;
}

/* A word that is an operand, not an option: "-" and negative numbers included (the number check
 * then says what is wrong with them). */
static int is_operand(const char *arg)
{
    return arg[0] != '-' || arg[1] == '\0' || (arg[1] >= '0' && arg[1] <= '9');
}

typedef struct command_line {
    wudfctl_options o;
    const wudfctl_verb *verb;
    wudfctl_args a;
    int help;
} command_line;

/* One option at argv[*i]: a global one, or the verb's. 0, or an exit code; -1: done (--version). */
static int take_option(command_line *cl, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *value = NULL;
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    size_t length = eq ? (size_t)(eq - arg) : strlen(arg);
    int valued = 0;
    const char *verb = cl->verb ? cl->verb->name : NULL;
#define IS(name) (length == strlen(name) && strncmp(arg, name, length) == 0)
    if (IS("--json") || IS("--help") || IS("-h") || IS("--version")) {
        if (eq)
            return wudfctl_usage_error(verb, "%.*s takes no value", (int)length, arg);
        if (IS("--version"))
            return -1;
        *(IS("--json") ? &cl->o.json : &cl->help) = 1;
        return 0;
    }
    int global = IS("--endpoint") || IS("--timeout-ms");
    if (!global && !cl->verb)
        return wudfctl_usage_error(NULL, "unknown option '%.*s'", (int)length, arg);
    if (!global && !verb_option(cl->verb, arg, length, &valued))
        return wudfctl_usage_error(verb, "unknown option '%.*s'", (int)length, arg);
    if (global || valued) {
        value = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
        if (!value)
            return wudfctl_usage_error(global ? NULL : verb, "%s needs a value", arg);
    } else if (eq) {
        return wudfctl_usage_error(verb, "%.*s takes no value", (int)length, arg);
    }
    if (IS("--endpoint") && !*value)
        return wudfctl_usage_error(NULL, "--endpoint needs a PATH");
    if (IS("--endpoint"))
        cl->o.endpoint = value;
    else if (IS("--timeout-ms"))
        return wudfctl_number(NULL, "--timeout-ms", value, 1, 2147483647u, &cl->o.timeout_ms);
    else {
        if (eq)
            argv[*i][length] = '\0'; /* "--hex=0a": the name alone, its value after it */
        cl->a.options[cl->a.option_count] = arg;
        cl->a.values[cl->a.option_count++] = value;
    }
#undef IS
    return 0;
}

static int parse(command_line *cl, int argc, char **argv)
{
    int only_operands = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_operands && strcmp(arg, "--") == 0) {
            only_operands = 1;
        } else if (!only_operands && !is_operand(arg)) {
            int rc = take_option(cl, argc, argv, &i);
            if (rc)
                return rc;
        } else if (!cl->verb) {
            cl->verb = find_verb(arg);
            if (!cl->verb)
                return wudfctl_usage_error(NULL, "unknown command '%s'", arg);
            wudfctl_json_mode(wudfctl_json_on(), cl->verb->name);
        } else {
            cl->a.operands[cl->a.count++] = argv[i];
        }
    }
    return 0;
}

static int run(command_line *cl)
{
    const wudfctl_verb *v = cl->verb;
    if (cl->help && (!v || v->run != help)) {
        show_help(&cl->o, v);
        return 0;
    }
    if (!v)
        return wudfctl_usage_error(NULL, "no command given");
    if (cl->a.count < v->min_operands)
        return wudfctl_usage_error(v->name, "missing an argument: wudfctl %s %s", v->name, v->synopsis);
    if (cl->a.count > v->max_operands)
        return wudfctl_usage_error(v->name, "unexpected argument '%s'", cl->a.operands[v->max_operands]);
    cl->o.verb = v->name;
    return v->run(&cl->o, &cl->a);
}

/* Whether --json is on the line, known before the line is read so that an error in reading it is
 * said as JSON too: up to --, the values of the global options passed over. */
static int json_asked(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--json") == 0)
            return 1;
        if (strcmp(argv[i], "--endpoint") == 0 || strcmp(argv[i], "--timeout-ms") == 0)
            i++;
    }
    return 0;
}

int main(int argc, char **argv)
{
    /* A reflector that drops the connection mid-reply is an error to report, not SIGPIPE. */
    wudf_process_init();
    command_line cl;
    memset(&cl, 0, sizeof cl);
    cl.o.timeout_ms = 120000;
    cl.a.operands = calloc((size_t)argc, sizeof *cl.a.operands);
    cl.a.options = calloc((size_t)argc, sizeof *cl.a.options);
    cl.a.values = calloc((size_t)argc, sizeof *cl.a.values);
    wudfctl_json_mode(json_asked(argc, argv), NULL);
    int rc = WUDFCTL_EXIT_FAILED;
    if (cl.a.operands && cl.a.options && cl.a.values) {
        rc = parse(&cl, argc, argv);
        if (rc < 0)
            show_version(wudfctl_json_on());
        wudfctl_json_mode(rc > 0 ? wudfctl_json_on() : cl.o.json, cl.verb ? cl.verb->name : NULL);
        rc = rc < 0 ? 0 : rc ? rc : run(&cl);
    } else {
        rc = wudfctl_fail(WUDFCTL_EXIT_FAILED, NULL, NULL, "out of memory");
    }
    wudfctl_json_finish(rc);
    free(cl.a.operands);
    free(cl.a.options);
    free(cl.a.values);
    return rc;
}
