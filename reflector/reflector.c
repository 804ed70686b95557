/*
 * The reflector's life: start (directories, instance lock, device store,
 * endpoint, hosts), the event loop, orderly shutdown and teardown. main.c
 * only reads the options; tests and fuzz targets embed the same core.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "kernel.h"
#include "platform.h"
#include "log.h"
#include "property.h"
#include "reflector.h"

wudf_reflector *g_reflector;

static uv_timer_t shutdown_timer;
static uint64_t shutdown_deadline;

static void close_any(uv_handle_t *handle, void *arg)
{
    (void)arg;
    if (!uv_is_closing(handle))
        uv_close(handle, NULL);
}

static int hosts_remaining(void)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        if (WUDF_CONTAINER_OF(pos, wudf_devnode, link)->host)
            return 1;
    }
    return 0;
}

static void on_shutdown_tick(uv_timer_t *t)
{
    (void)t;
    /* A host's last lines (leaks it found, its exit) come after its DEVICE_STOPPED: wait for them. */
    if ((hosts_remaining() || !wudf_list_empty(&g_reflector->host_outputs)) && wudf_now_ms() < shutdown_deadline)
        return;
    uv_stop(g_reflector->loop);
}

static void on_signal(uv_signal_t *sig, int signum)
{
    (void)sig;
    char why[32];
    snprintf(why, sizeof why, "signal-%d", signum);
    wudf_reflector_shutdown(why);
}

void wudf_reflector_shutdown(const char *why)
{
    if (g_reflector->shutting_down)
        return;
    wudf_log(WUDF_LOG_INFO, "shutdown", "reason=%s", why);
    char status[96];
    snprintf(status, sizeof status, "stopping its hosts (%s)", why);
    wudf_notify_stopping(status);
    uv_close((uv_handle_t *)&g_reflector->listener, NULL);
    wudf_kernel_stop();
    wudf_usb_pnp_stop();
    wudf_usbip_pnp_stop();
    wudf_admission_stop();
    wudf_supervisor_shutdown(g_reflector);
    shutdown_deadline = wudf_now_ms() + 5000;
    uv_timer_init(g_reflector->loop, &shutdown_timer);
    uv_timer_start(&shutdown_timer, on_shutdown_tick, 0, 20);
}

static void teardown(wudf_reflector *r)
{
    wudf_property_flush();
    /* Hosts still alive after the orderly stop are killed; their channels close. */
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->host)
            wudf_supervisor_host_lost(d->host, "reflector shutting down");
    }
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->conns) {
        wudf_conn_close(WUDF_CONTAINER_OF(pos, wudf_conn, link), "reflector shutting down");
    }
    wudf_kernel_exit();
    wudf_host_output_close_all(r);
    while (!wudf_list_empty(&r->devnodes))
        wudf_devnode_free(WUDF_CONTAINER_OF(r->devnodes.next, wudf_devnode, link));
    while (!wudf_list_empty(&r->files)) {
        wudf_list *f = r->files.next;
        wudf_list_remove(f);
        free(WUDF_CONTAINER_OF(f, wudf_file, all_link));
    }
    wudf_usb_pnp_stop(); /* its handles close with their own callbacks, which free them */
    wudf_usbip_pnp_stop();
    wudf_admission_stop();
    wudf_spawn_retry_stop_all();
    /* Let every close callback run, including those of exiting hosts. */
    uv_walk(r->loop, close_any, NULL);
    uv_run(r->loop, UV_RUN_DEFAULT);
    wudf_host_groups_close(); /* after the last host's exit */
    free(r->pending_hash);
    wudf_host_ids_free(r);
    wudf_store_free_packages(r);
    wudf_events_close();
    wudf_usb_pnp_exit();
    uv_loop_close(r->loop);
}

void wudf_config_defaults(wudf_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->restart_limit = 5;
    cfg->restart_reset_ms = 30ull * 60 * 1000;
    cfg->critical_timeout_ms = 60000;
    cfg->heartbeat_ms = 1000;
    cfg->heartbeat_timeout_ms = 10000;
    snprintf(cfg->log_level, sizeof cfg->log_level, "info");
    cfg->host_memory_mb = 2048;
    cfg->host_log_rate = WUDF_HOST_LOG_RATE;
    cfg->host_uid_first = WUDF_HOST_UID_FIRST;
    cfg->host_uid_last = WUDF_HOST_UID_LAST;
    cfg->max_connections = 1024;
    cfg->max_connections_per_user = 64;
    cfg->hello_timeout_ms = 5000;
    cfg->message_timeout_ms = 30000;
    cfg->max_partial_mb = 256;
    cfg->usbip_poll_ms = 1000;
}

/* Connections must leave descriptors for hosts to be respawned, whatever clients do. */
static void limit_connections(wudf_config *cfg)
{
    uint64_t descriptors = wudf_raise_descriptor_limit();
    if (!descriptors)
        return;
    uint64_t room = descriptors > WUDF_DESCRIPTOR_RESERVE + WUDF_ADMIN_RESERVE + 16
                        ? descriptors - WUDF_DESCRIPTOR_RESERVE - WUDF_ADMIN_RESERVE
                        : 16;
    if (cfg->max_connections > room) {
        wudf_log(WUDF_LOG_WARN, "connections-limited", "max_connections=%llu descriptors=%llu reserve=%u",
                 (unsigned long long)room, (unsigned long long)descriptors, WUDF_DESCRIPTOR_RESERVE);
        cfg->max_connections = (unsigned)room;
    }
}

int wudf_reflector_init(wudf_reflector *r, wudf_error *err)
{
    g_reflector = r;
    r->loop = uv_default_loop();
    wudf_list_init(&r->devnodes);
    wudf_list_init(&r->conns);
    wudf_list_init(&r->files);
    wudf_list_init(&r->packages);
    wudf_list_init(&r->host_outputs);
    wudf_process_init();
    char protected_as[96];
    wudf_process_protect(0, protected_as, sizeof protected_as); /* before any host exists */
    wudf_log(WUDF_LOG_INFO, "process-protected", "pid=%d %s", (int)uv_os_getpid(), protected_as);
    wudf_notify_init(); /* before any host starts: none inherits NOTIFY_SOCKET */
    limit_connections(&r->config);
    /* 0711: a host running as a user of its own may pass through to its driver's copy in the
     * driver store (driverstore/, 0755); all else below stays its owner's (0700 and 0600). */
    int rc = wudf_make_dir(r->config.state_dir, 0711, err);
    if (!rc)
        rc = wudf_runtime_dir_create(r->config.runtime_dir, err);
    if (!rc)
        rc = wudf_host_ids_setup(r, err);
    if (!rc)
        rc = wudf_instance_lock(r->config.runtime_dir, "wudfrd.lock", "the runtime directory", err);
    if (!rc)
        rc = wudf_instance_lock(r->config.state_dir, "store.lock", "the device store", err);
    if (!rc) {
        /* The store lock makes what an earlier reflector of this store left in the hosts' cgroups
         * its own to kill. */
        char applied[WUDF_PATH_MAX * 2 + 300];
        wudf_host_groups_open(r->config.state_dir, applied, sizeof applied);
        wudf_log(WUDF_LOG_INFO, "host-groups", "%s", applied);
    }
    if (!rc)
        rc = wudf_store_load(r, err);
    if (!rc)
        wudf_events_load(r); /* a history it cannot read is logged, never a reason not to start */
    if (!rc)
        rc = wudf_endpoint_listen(r, err);
    if (!rc)
        rc = wudf_kernel_start(r, err);
    if (rc) {
        char q[400];
        wudf_log(WUDF_LOG_ERROR, "startup-failed", "status=%s reason=%s", wudf_errc_name(err->code),
                 wudf_log_quote(q, sizeof q, err->message));
        wudf_host_groups_close();
        return rc;
    }
    uv_signal_init(r->loop, &r->sigint);
    uv_signal_init(r->loop, &r->sigterm);
    uv_signal_start(&r->sigint, on_signal, SIGINT);
    uv_signal_start(&r->sigterm, on_signal, SIGTERM);
    uv_unref((uv_handle_t *)&r->sigint);
    uv_unref((uv_handle_t *)&r->sigterm);

    wudf_admission_start(r);
    wudf_usb_pnp_start(r);
    wudf_usbip_pnp_start(r);
    unsigned count = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_supervisor_start(WUDF_CONTAINER_OF(pos, wudf_devnode, link));
        count++;
    }
    char q1[WUDF_PATH_MAX + 8], q2[WUDF_PATH_MAX + 8], hosts_as[80];
    if (r->host_ids_each)
        snprintf(hosts_as, sizeof hosts_as, "host_uids=%lld-%lld", (long long)r->host_ids.first,
                 (long long)r->host_ids.last);
    else
        snprintf(hosts_as, sizeof hosts_as, "host_uid=%lld", (long long)r->host_uid);
    wudf_log(WUDF_LOG_INFO, "ready", "endpoint=%s state_dir=%s devices=%u pid=%d %s host_memory_mb=%llu version=%s",
             wudf_log_quote(q1, sizeof q1, r->config.endpoint), wudf_log_quote(q2, sizeof q2, r->config.state_dir),
             count, (int)uv_os_getpid(), hosts_as, (unsigned long long)r->config.host_memory_mb, wudf_version());
    char status[WUDF_PATH_MAX + 64];
    snprintf(status, sizeof status, "devices: %u, endpoint: %s", count, r->config.endpoint);
    wudf_notify_ready(status);
    return 0;
}

void wudf_reflector_run(wudf_reflector *r)
{
    uv_run(r->loop, UV_RUN_DEFAULT);
    teardown(r);
    wudf_log(WUDF_LOG_INFO, "exit", "status=0");
}
