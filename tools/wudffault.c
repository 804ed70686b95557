/*
 * wudffault: a fault campaign against a running reflector. Installs faulty
 * devices (inf/faulty.inf) and a healthy echo device, injects faults while
 * clients use them all, checks every promise (docs/reliability.md) and
 * prints the figures. Exit 0 when every check held, 1 when one broke, 2 on
 * bad usage. The stuck kinds take the reflector's critical timeout each:
 * run wudfrd with --critical-timeout-ms 500 for long campaigns (much shorter, and a driver's cancel
 * routine waiting for the device lock on a loaded machine can miss it: a recycle the campaign
 * reports as a broken promise).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "client_internal.h"
#include "platform.h"

static void usage(FILE *out)
{
    fputs("usage: wudffault [--endpoint PATH] [--faults N] [--seed N] [--devices N] [--clients N]\n"
          "                 [--timeout-ms N] [--bound-ms N] [--kinds K1,K2,...] [--inf-dir DIR] [--keep]\n"
          "  --faults N      faults to inject (default 1000)\n"
          "  --devices N     faulty devices to install (default 2, at most 8)\n"
          "  --clients N     background clients per faulty device (default 2); 2 on the echo device\n"
          "  --timeout-ms N  a client's timeout on the inject request (default 300)\n"
          "  --bound-ms N    every client call must return within this (default 20000)\n"
          "  --kinds LIST    fault kinds by name (default: all a client can inject)\n"
          "  --inf-dir DIR   where faulty.inf and echo.inf are (default: the INF directory of this build or\n"
          "                  install, share/openwudf/inf)\n"
          "  --keep          leave the devices installed\n"
          "  --version       the release, then exit\n"
          "The reflector is found through --endpoint, WUDF_ENDPOINT or WUDF_RUNTIME_DIR.\n",
          out);
}

/* One tool request (op with one argument key=value); 0, with the reply's device id in id if asked. */
static int tool_request(const char *endpoint, const char *op, const char *key, const char *value, char *id,
                        size_t size)
{
    wudf_client *c;
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", op, NULL);
    wudf_kv_add(&req, key, value, NULL);
    int32_t status = WUDF_STATUS_UNSUCCESSFUL;
    if (wudf_client_connect_role(endpoint, WUDF_ROLE_TOOL, &c) >= 0)
        wudf_client_tool(c, &req, 60000, &status, &reply);
    const char *message = wudf_kv_get(&reply, "message"), *dev = wudf_kv_get(&reply, "device");
    int rc = status < 0 || (id && !dev) ? -1 : 0;
    if (rc)
        fprintf(stderr, "wudffault: %s %s: %s\n", op, value, message ? message : wudf_client_error(c));
    if (id)
        snprintf(id, size, "%s", dev ? dev : "");
    wudf_disconnect(c);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return rc;
}

static int parse_kinds(const char *list, unsigned *mask)
{
    static const char *const names[] = FAULTY_KIND_NAMES;
    char copy[512];
    snprintf(copy, sizeof copy, "%s", list);
    *mask = 0;
    for (char *tok = copy, *next; tok && *tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        unsigned k = 1;
        while (k < FAULTY_SLOW_START && strcmp(names[k], tok) != 0)
            k++;
        if (k == FAULTY_SLOW_START) {
            fprintf(stderr, "wudffault: unknown fault kind '%s'\n", tok);
            return -1;
        }
        *mask |= 1u << k;
    }
    return 0;
}

int main(int argc, char **argv)
{
    campaign_options o;
    memset(&o, 0, sizeof o);
    o.faults = 1000;
    o.seed = 1;
    o.request_timeout_ms = 300;
    o.bound_ms = 20000;
    o.clients_per_device = 2;
    o.healthy_clients = 2;
    o.verbose = 1;
    unsigned devices = 2;
    int keep = 0;
    char inf_dir_found[WUDF_PATH_MAX];
    const char *inf_dir = inf_dir_found;
    if (wudf_install_path(WUDF_INSTALL_INF_DIR, inf_dir_found, sizeof inf_dir_found, NULL))
        inf_dir = ".";
    if (wudf_version_asked(argc, argv, "wudffault"))
        return 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--keep") == 0) {
            keep = 1;
            continue;
        }
        if (!v) {
            usage(stderr);
            return 2;
        }
        i++;
        char *end = NULL;
        unsigned long n = strtoul(v, &end, 10);
        int numeric = *v && !*end;
        if (strcmp(a, "--endpoint") == 0)
            o.endpoint = v;
        else if (strcmp(a, "--inf-dir") == 0)
            inf_dir = v;
        else if (strcmp(a, "--kinds") == 0) {
            if (parse_kinds(v, &o.kinds_mask))
                return 2;
        } else if (numeric && strcmp(a, "--faults") == 0)
            o.faults = (unsigned)n;
        else if (numeric && strcmp(a, "--seed") == 0)
            o.seed = (uint32_t)n;
        else if (numeric && strcmp(a, "--devices") == 0 && n >= 1 && n <= CAMPAIGN_MAX_FAULTY)
            devices = (unsigned)n;
        else if (numeric && strcmp(a, "--clients") == 0 && n <= 64)
            o.clients_per_device = (unsigned)n;
        else if (numeric && strcmp(a, "--timeout-ms") == 0 && n > 0)
            o.request_timeout_ms = (uint32_t)n;
        else if (numeric && strcmp(a, "--bound-ms") == 0 && n > 0)
            o.bound_ms = (uint32_t)n;
        else {
            fprintf(stderr, "wudffault: bad option or value: %s %s\n", a, v);
            usage(stderr);
            return 2;
        }
    }
    if (!o.endpoint)
        o.endpoint = wudf_default_endpoint();
    char ids[CAMPAIGN_MAX_FAULTY + 1][300], inf[WUDF_PATH_MAX], faulty_inf[WUDF_PATH_MAX];
    wudf_error err;
    if (wudf_path_join(inf, sizeof inf, inf_dir, "echo.inf", &err) ||
        wudf_path_join(faulty_inf, sizeof faulty_inf, inf_dir, "faulty.inf", &err)) {
        fprintf(stderr, "wudffault: %s\n", err.message);
        return 2;
    }
    if (tool_request(o.endpoint, "install", "inf", inf, ids[CAMPAIGN_MAX_FAULTY], sizeof ids[0]))
        return 1;
    o.healthy = ids[CAMPAIGN_MAX_FAULTY];
    int rc = 0;
    for (unsigned i = 0; i < devices && !rc; i++) {
        rc = tool_request(o.endpoint, "install", "inf", faulty_inf, ids[i], sizeof ids[i]);
        if (!rc)
            o.faulty[o.faulty_count++] = ids[i];
    }
    campaign_result r;
    char failure[512] = "";
    if (!rc) {
        fprintf(stderr, "wudffault: %u faults on %u devices, seed %u\n", o.faults, o.faulty_count, o.seed);
        rc = campaign_run(&o, &r, failure, sizeof failure);
        campaign_print(&o, &r, stdout);
        if (rc)
            printf("BROKEN: %s\n", failure);
        else
            printf("every check held\n");
    }
    if (!keep) {
        for (unsigned i = 0; i < o.faulty_count; i++)
            tool_request(o.endpoint, "remove", "device", o.faulty[i], NULL, 0);
        tool_request(o.endpoint, "remove", "device", o.healthy, NULL, 0);
    }
    return rc ? 1 : 0;
}
