/*
 * Supervision of host processes: spawn with a private channel, handshake,
 * start the device, watch it (exit, heartbeat, critical-request deadlines),
 * and recycle it by the UMDF policy: every pending IRP completes with
 * STATUS_DRIVER_PROCESS_TERMINATED, the host restarts up to restart_limit
 * times (the count resets after restart_reset_ms without failure), then the
 * device fails with problem 43.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openwudf/ring.h>

#include "events.h"
#include "kernel.h"
#include "platform.h"
#include "log.h"
#include "property.h"
#include "reflector.h"

#define WUDF_TICK_MS 100
/* How long a host that closed its channel has to exit before it is killed. */
#define WUDF_EXIT_GRACE_MS 200

static void host_maybe_free(wudf_host *h)
{
    if (h->handles_open == 0 && !h->conn)
        free(h);
}

void wudf_host_handle_closed(uv_handle_t *handle)
{
    wudf_host *h = handle->data;
    h->handles_open--;
    host_maybe_free(h);
}

static void detach(wudf_host *h)
{
    wudf_remote_host_gone(h);
    if (h->devnode && h->devnode->host == h)
        h->devnode->host = NULL;
    h->devnode = NULL;
}

static void apply_after_stop(wudf_devnode *d);
static void host_spawn(wudf_devnode *d);

/* Its last message is read: the channel closes from this side, which tells the host it may exit
 * (a pipe closed by its writer may lose what the reader has not read yet, on Windows). */
static void close_channel(wudf_host *h, const char *why)
{
    if (!h->conn)
        return;
    wudf_conn *c = h->conn;
    h->conn = NULL;
    c->host = NULL;
    wudf_conn_close(c, why);
}

/* A crash, a hang or a protocol violation: recycle per policy. */
static void recycle(wudf_devnode *d, const char *reason)
{
    const wudf_config *cfg = &g_reflector->config;
    uint64_t now = wudf_now_ms();
    if (d->last_failure_ms && now - d->last_failure_ms > cfg->restart_reset_ms)
        d->restart_count = 0;
    d->last_failure_ms = now;
    snprintf(d->last_failure, sizeof d->last_failure, "%s", reason);
    wudf_utc_time(d->last_failure_time, sizeof d->last_failure_time, 0);
    if (g_reflector->shutting_down)
        return;
    if (d->restart_count >= cfg->restart_limit) {
        char why[320];
        snprintf(why, sizeof why, "%s; restart limit of %u reached", reason, cfg->restart_limit);
        wudf_devnode_fail(d, CM_PROB_FAILED_POST_START, why);
        return;
    }
    d->restart_count++;
    wudf_devnode_set_state(d, WUDF_DN_RESTARTING, CM_PROB_NONE);
    host_spawn(d);
}

void wudf_supervisor_host_lost(wudf_host *h, const char *reason)
{
    if (h->state == WUDF_HOST_DEAD) {
        /* Its channel may be the last thing that closes: the host record goes then. */
        host_maybe_free(h);
        return;
    }
    wudf_host_state was = h->state;
    h->state = WUDF_HOST_DEAD;
    wudf_devnode *d = h->devnode;
    char q[400];
    wudf_log(WUDF_LOG_WARN, "host-lost", "device=%s state=%s status=0x%08x pid=%lld reason=%s",
             d ? d->instance_id : "-", d ? wudf_devnode_state_name(d) : "-",
             (unsigned)WUDF_STATUS_DRIVER_PROCESS_TERMINATED, (long long)h->pid,
             wudf_log_quote(q, sizeof q, reason));
    wudf_events_host_lost(h, reason);
    uv_timer_stop(&h->timer);
    wudf_io_fail_host_pending(h, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    if (!h->exited)
        uv_process_kill(&h->process, 9);
    wudf_host_group_kill(&h->group); /* and whatever it started */
    if (h->conn) {
        wudf_conn *c = h->conn;
        h->conn = NULL;
        c->host = NULL;
        wudf_conn_close(c, reason);
    }
    detach(h);
    if (!d)
        return;
    if (was == WUDF_HOST_STOPPING || d->stop_then) {
        apply_after_stop(d);
        return;
    }
    recycle(d, reason);
}

/* "host terminated by signal 11 (SIGSEGV)", "host exited with 0xC0000005 (STATUS_ACCESS_VIOLATION)". */
static void exit_reason(char *buf, size_t size, int64_t exit_status, int term_signal)
{
    static const struct {
        int number;
        const char *name;
    } signals[] = {{SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGILL, "SIGILL"}, {SIGFPE, "SIGFPE"},
                   {SIGTERM, "SIGTERM"}, {9, "SIGKILL"},
#ifdef SIGBUS
                   {SIGBUS, "SIGBUS"},
#endif
    };
    if (term_signal) {
        const char *name = "?";
        for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
            if (signals[i].number == term_signal)
                name = signals[i].name;
        snprintf(buf, size, "host terminated by signal %d (%s)", term_signal, name);
    } else if (exit_status >= 0xC0000000ll && exit_status <= 0xFFFFFFFFll) {
        const char *name = wudf_status_name((wudf_status)(uint32_t)exit_status);
        snprintf(buf, size, "host exited with 0x%08llX (%s)", (unsigned long long)exit_status, name ? name : "?");
    } else {
        snprintf(buf, size, "host exited with status %lld", (long long)exit_status);
    }
}

void wudf_supervisor_channel_closed(wudf_host *h)
{
    /* A host that dies closes its channel a moment before its exit is reported: wait for the exit
     * (on_tick bounds the wait) so that the failure names the signal or the exception. */
    if (h->exited || h->state == WUDF_HOST_DEAD) {
        wudf_supervisor_host_lost(h, "host closed its channel");
        return;
    }
    h->channel_closed_ms = wudf_now_ms();
}

void wudf_supervisor_host_exited(wudf_host *h, const char *reason)
{
    wudf_supervisor_host_lost(h, reason);
    /* Only now can nothing of the host write to its rings any more. */
    wudf_fast_path_host_exited(h, h->stopped ? WUDF_STATUS_CANCELLED : WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
}

static void on_host_exit(uv_process_t *process, int64_t exit_status, int term_signal)
{
    wudf_host *h = process->data;
    h->exited = 1;
    char reason[128];
    exit_reason(reason, sizeof reason, exit_status, term_signal);
    wudf_log(h->state == WUDF_HOST_DEAD ? WUDF_LOG_DEBUG : WUDF_LOG_INFO, "host-exit",
             "device=%s pid=%lld exit_status=%lld signal=%d", h->devnode ? h->devnode->instance_id : "-",
             (long long)h->pid, (long long)exit_status, term_signal);
    wudf_host_group_release(&h->group); /* nothing it started outlives it */
    wudf_host_ids_give_back(g_reflector, h);
    wudf_events_host_exit(h, exit_status, term_signal);
    wudf_supervisor_host_exited(h, reason);
    uv_close((uv_handle_t *)&h->process, wudf_host_handle_closed);
    uv_close((uv_handle_t *)&h->timer, wudf_host_handle_closed);
}

static void on_tick(uv_timer_t *timer)
{
    wudf_host *h = timer->data;
    const wudf_config *cfg = &g_reflector->config;
    uint64_t now = wudf_now_ms();
    if (h->state == WUDF_HOST_DEAD)
        return;
    if (h->channel_closed_ms) {
        if (now - h->channel_closed_ms > WUDF_EXIT_GRACE_MS)
            wudf_supervisor_host_lost(h, "host closed its channel and did not exit");
        return;
    }
    if (h->deadline_ms && now > h->deadline_ms) {
        const char *what = h->state == WUDF_HOST_STOPPING ? "device stop"
                           : h->querying                    ? "the drivers' answer to the query-remove"
                                                            : "device start";
        char why[128];
        snprintf(why, sizeof why, "%s did not finish within the critical timeout", what);
        wudf_supervisor_host_lost(h, why);
        return;
    }
    if (h->ping_sent_ms && now - h->ping_sent_ms > cfg->heartbeat_timeout_ms) {
        wudf_supervisor_host_lost(h, "host stopped answering heartbeats");
        return;
    }
    wudf_io_check_cancels(h, now);
    if (h->state == WUDF_HOST_DEAD || !h->conn)
        return;
    /* No ping before the host's hello is answered: it expects the hello first. The start
     * deadline covers a host stuck in its handshake. */
    if (h->state != WUDF_HOST_HANDSHAKE && !h->ping_sent_ms && now - h->last_pong_ms >= cfg->heartbeat_ms) {
        wudf_msg m;
        wudf_msg_init(&m, WUDF_MSG_PING);
        m.irp_id = ++h->ping_id;
        h->ping_sent_ms = now;
        wudf_conn_send(h->conn, &m);
    }
}

wudf_host *wudf_host_new(wudf_devnode *d)
{
    wudf_host *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    wudf_list_init(&h->pending);
    wudf_list_init(&h->rings);
    h->bell_fd = -1;
    h->devnode = d;
    h->generation = ++d->generation;
    h->state = WUDF_HOST_HANDSHAKE;
    h->pid = -1;
    h->uid = h->gid = -1;
    return h;
}

/* What a host gets besides its program: an identity, an environment, its output pipe (stdio 1 and 2)
 * and its channel (stdio 3). NULL, with h freed and d failed with the reason, when one of them
 * cannot be had. */
static char **spawn_resources(wudf_reflector *r, wudf_host *h, uv_stdio_container_t *stdio, wudf_host_output **output)
{
    wudf_devnode *d = h->devnode;
    wudf_error err;
    wudf_error_clear(&err);
    *output = NULL;
    if (wudf_host_ids_take(r, h, &err)) {
        free(h);
        wudf_devnode_fail(d, CM_PROB_FAILED_START, err.message);
        return NULL;
    }
    int uv_error = UV_ENOMEM;
    char **env = wudf_host_env_new(&r->config);
    *output = env ? wudf_host_output_new(r->loop, d->instance_id, &stdio[1], &stdio[2], &uv_error, &err) : NULL;
    h->conn = *output ? wudf_conn_adopt_host_channel(r, h) : NULL;
    if (h->conn) {
        stdio[0].flags = UV_IGNORE;
        stdio[3].flags = (uv_stdio_flags)(UV_CREATE_PIPE | UV_READABLE_PIPE | UV_WRITABLE_PIPE);
        stdio[3].data.stream = (uv_stream_t *)&h->conn->pipe;
        return env;
    }
    if (*output) {
        wudf_host_output_start(*output, -1);
        uv_error = UV_ENOMEM;
    }
    wudf_host_env_free(env);
    wudf_host_ids_give_back(r, h);
    free(h);
    const char *why = *output || !env ? "out of memory starting the host" : err.message;
    if (!wudf_spawn_retry(d, uv_error, why))
        wudf_devnode_fail(d, CM_PROB_FAILED_START, why);
    return NULL;
}

/* The user the host runs as, when the reflector chooses one. */
static void spawn_user(wudf_reflector *r, wudf_host *h, uv_process_options_t *opts)
{
    wudf_devnode *d = h->devnode;
    wudf_error err;
    if (!r->host_drop)
        return;
    /* The driver gets no more rights than it needs: UMDF runs hosts as LocalService, we run each as a
     * user of its own. Its USB device, if it has one, is the one device node it may open. */
    opts->flags |= UV_PROCESS_SETUID | UV_PROCESS_SETGID;
    opts->uid = (uv_uid_t)h->uid;
    opts->gid = (uv_gid_t)h->gid;
    if (d->usb && !d->usbip_server[0] && wudf_account_give_usb_device(d->usb_bus, d->usb_address, h->uid, h->gid, &err))
        wudf_log(WUDF_LOG_WARN, "usb-device-not-given", "device=%s reason=\"%s\"", d->instance_id, err.message);
}

static void spawn_failed(wudf_reflector *r, wudf_host *h, int rc)
{
    wudf_devnode *d = h->devnode;
    char why[WUDF_PATH_MAX + 64];
    snprintf(why, sizeof why, "cannot start host %s: %s", r->config.host_path, uv_strerror(rc));
    h->state = WUDF_HOST_DEAD;
    h->exited = 1;
    wudf_host_ids_give_back(r, h);
    wudf_conn *c = h->conn;
    h->conn = NULL;
    c->host = NULL;
    wudf_conn_close(c, why);
    detach(h);
    uv_close((uv_handle_t *)&h->process, wudf_host_handle_closed);
    uv_close((uv_handle_t *)&h->timer, wudf_host_handle_closed);
    if (!wudf_spawn_retry(d, rc, why))
        wudf_devnode_fail(d, CM_PROB_FAILED_START, why);
}

void wudf_supervisor_spawn_again(wudf_devnode *d)
{
    if (d->enabled && !d->host && !g_reflector->shutting_down &&
        (d->state == WUDF_DN_STARTING || d->state == WUDF_DN_RESTARTING))
        host_spawn(d);
}

static void host_spawn(wudf_devnode *d)
{
    wudf_reflector *r = g_reflector;
    wudf_host *h = wudf_host_new(d);
    if (!h) {
        wudf_devnode_fail(d, CM_PROB_FAILED_START, "out of memory starting the host");
        return;
    }
    uv_stdio_container_t stdio[4];
    wudf_host_output *output;
    char **env = spawn_resources(r, h, stdio, &output);
    if (!env)
        return;
    char memory[24];
    snprintf(memory, sizeof memory, "%llu", (unsigned long long)r->config.host_memory_mb);
    const char *args[] = {r->config.host_path, "--channel-fd", "3", "--memory-mb", memory, "--log-level",
                          r->config.log_level, r->config.host_no_seccomp ? "--no-seccomp" : NULL, NULL};
    uv_process_options_t opts;
    memset(&opts, 0, sizeof opts);
    opts.file = r->config.host_path;
    opts.args = (char **)args; /* libuv's type; it does not write them */
    opts.exit_cb = on_host_exit;
    opts.stdio = stdio;
    opts.stdio_count = 4;
    opts.env = env; /* not the reflector's: host_env.c */
    opts.flags = wudf_host_group_spawn_flags();
    spawn_user(r, h, &opts);
    h->process.data = h;
    uv_timer_init(r->loop, &h->timer);
    h->timer.data = h;
    h->handles_open = 2;
    d->host = h;
    int rc = uv_spawn(r->loop, &h->process, &opts);
    wudf_host_env_free(env);
    wudf_host_output_start(output, rc ? -1 : h->process.pid);
    if (rc) {
        spawn_failed(r, h, rc);
        return;
    }
    h->pid = h->process.pid;
    d->spawn_retry_ms = 0;
    wudf_error err;
    if (wudf_host_group_attach(&h->group, &h->process, &err)) {
        /* Not before the spawn, but before its driver loads: DEVICE_START comes after the hello. */
        wudf_conn_start_reading(h->conn);
        wudf_supervisor_host_lost(h, err.message);
        return;
    }
    h->last_pong_ms = wudf_now_ms();
    h->deadline_ms = h->last_pong_ms + r->config.critical_timeout_ms;
    uint64_t tick = r->config.heartbeat_ms < WUDF_TICK_MS ? r->config.heartbeat_ms : WUDF_TICK_MS;
    uv_timer_start(&h->timer, on_tick, tick, tick);
    wudf_conn_start_reading(h->conn);
    wudf_log(WUDF_LOG_INFO, "host-spawn", "device=%s state=%s pid=%lld generation=%u uid=%lld gid=%lld",
             d->instance_id, wudf_devnode_state_name(d), (long long)h->pid, h->generation,
             (long long)(r->host_drop ? h->uid : -1), (long long)(r->host_drop ? h->gid : -1));
}

static void send_device_start(wudf_host *h)
{
    wudf_devnode *d = h->devnode;
    /* Its keys as the registry has them now, where that holds them: drivers read at start. */
    wudf_kernel_registry_load(d);
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    int rc = wudf_kv_add(&kv, "instance_id", d->instance_id, &err);
    rc = rc ? rc : wudf_kv_add(&kv, "hardware_id", d->hardware_id, &err);
    rc = rc ? rc : wudf_kv_add(&kv, "description", d->description, &err);
    /* The stack, lowest first: the host loads every driver of it (UmdfServiceOrder's order). */
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "service_count", "%u", d->service_count);
    for (unsigned i = 0; !rc && i < d->service_count; i++) {
        char key[32];
        snprintf(key, sizeof key, "service.%u.name", i);
        rc = wudf_kv_add(&kv, key, d->services[i].name, &err);
        snprintf(key, sizeof key, "service.%u.clsid", i);
        rc = rc ? rc : wudf_kv_add(&kv, key, d->services[i].clsid, &err);
        snprintf(key, sizeof key, "service.%u.binary", i);
        rc = rc ? rc : wudf_kv_add(&kv, key, d->services[i].binary, &err);
    }
    rc = rc ? rc : wudf_kv_add(&kv, "log_level", g_reflector->config.log_level, &err);
    /* Absent (a store from before these keys): the host applies the INF defaults. */
    if (d->method_neither_action[0])
        rc = rc ? rc : wudf_kv_add(&kv, "wdf.method_neither_action", d->method_neither_action, &err);
    if (d->file_object_policy[0])
        rc = rc ? rc : wudf_kv_add(&kv, "wdf.file_object_policy", d->file_object_policy, &err);
    if (d->impersonation_level[0])
        rc = rc ? rc : wudf_kv_add(&kv, "wdf.impersonation_level", d->impersonation_level, &err);
    if (d->usb) {
        rc = rc ? rc : wudf_kv_addf(&kv, &err, "usb.bus", "%u", d->usb_bus);
        rc = rc ? rc : wudf_kv_addf(&kv, &err, "usb.address", "%u", d->usb_address);
        rc = rc ? rc : wudf_kv_add(&kv, "usb.port_path", d->usb_port, &err);
        rc = rc ? rc : wudf_kv_addf(&kv, &err, "usb.vid", "%04x", d->usb_vid);
        rc = rc ? rc : wudf_kv_addf(&kv, &err, "usb.pid", "%04x", d->usb_pid);
        /* A device a USB/IP server exports: the host imports it from there (bus and address are the server's). */
        if (d->usbip_server[0]) {
            rc = rc ? rc : wudf_kv_add(&kv, "usb.usbip", d->usbip_server, &err);
            rc = rc ? rc : wudf_kv_add(&kv, "usb.busid", d->usb_busid, &err);
        }
    }
    for (size_t i = 0; !rc && i < d->settings.count; i++)
        rc = wudf_kv_add(&kv, d->settings.keys[i], d->settings.values[i], &err);
    if (rc) {
        wudf_kv_free(&kv);
        wudf_supervisor_host_lost(h, err.message);
        return;
    }
    wudf_msg m;
    uint8_t *payload;
    uint32_t length;
    if (wudf_kv_encode(&kv, &payload, &length, &err) == 0) {
        wudf_msg_init(&m, WUDF_MSG_DEVICE_START);
        m.device_id = d->handle;
        m.payload = payload;
        m.payload_length = length;
        wudf_conn_send(h->conn, &m);
        free(payload);
    }
    wudf_kv_free(&kv);
}

/* A link's reference string as the host reported it: one path component within its bound. */
static int link_reference_ok(const wudf_devnode *d, const char *name, const char *reference)
{
    const char *why = wudf_link_reference_problem(reference);
    if (!why)
        return 1;
    char q[160];
    wudf_log(WUDF_LOG_WARN, "symlink-refused", "device=%s name=%s reason=%s", d->instance_id,
             wudf_log_quote(q, sizeof q, name), why);
    return 0;
}

/* Adds a link d's driver created, with its reference string (NULL or "" for none); 0, or -1 when another
 * device holds the name (then *holder says which). */
static int add_symlink(wudf_devnode *d, const char *name, const char *reference, wudf_devnode **holder)
{
    *holder = NULL;
    reference = reference ? reference : "";
    if (!link_reference_ok(d, name, reference))
        return 0;
    for (unsigned i = 0; i < d->symlink_count; i++)
        if (strcmp(d->symlinks[i], name) == 0)
            return 0;
    /* As IoCreateSymbolicLink: a name another device holds is not taken over (STATUS_OBJECT_NAME_COLLISION). */
    *holder = wudf_devnode_link_taken(g_reflector, name, d);
    if (*holder) {
        char q[160];
        wudf_log(WUDF_LOG_WARN, "symlink-refused", "device=%s name=%s holder=%s status=STATUS_OBJECT_NAME_COLLISION",
                 d->instance_id, wudf_log_quote(q, sizeof q, name), (*holder)->instance_id);
        return -1;
    }
    if (d->symlink_count >= WUDF_MAX_SYMLINKS || strlen(name) >= sizeof d->symlinks[0]) {
        wudf_log(WUDF_LOG_WARN, "symlink-refused", "device=%s reason=limit", d->instance_id);
        return 0;
    }
    snprintf(d->symlink_references[d->symlink_count], sizeof d->symlink_references[0], "%s", reference);
    snprintf(d->symlinks[d->symlink_count++], sizeof d->symlinks[0], "%s", name);
    return 0;
}

static void on_started(wudf_host *h, const wudf_msg *msg)
{
    wudf_devnode *d = h->devnode;
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, &err)) {
        wudf_supervisor_host_lost(h, err.message);
        return;
    }
    if (msg->status < 0) {
        const char *m = wudf_kv_get(&kv, "message");
        char why[400];
        snprintf(why, sizeof why, "driver failed to start: %s (status 0x%08x)", m ? m : "no reason given",
                 (unsigned)msg->status);
        int problem = m && strstr(m, "OnDeviceAdd") ? CM_PROB_FAILED_ADD : CM_PROB_FAILED_START;
        /* The driver refused: restarting it would not help. */
        h->state = WUDF_HOST_DEAD;
        uv_timer_stop(&h->timer);
        detach(h);
        close_channel(h, NULL);
        wudf_devnode_fail(d, problem, why);
        wudf_kv_free(&kv);
        return;
    }
    d->symlink_count = 0;
    h->state = WUDF_HOST_RUNNING;
    h->deadline_ms = 0;
    wudf_devnode *holder = NULL;
    for (size_t i = 0; i < kv.count && !holder; i++) {
        if (strcmp(kv.keys[i], "symlink") != 0)
            continue;
        /* A link's reference string, if it has one, is the entry right after it. */
        const char *reference = NULL;
        if (i + 1 < kv.count && strcmp(kv.keys[i + 1], "symlink-reference") == 0)
            reference = kv.values[i + 1];
        if (add_symlink(d, kv.values[i], reference, &holder)) {
            /* The start fails, as a driver's whose CreateSymbolicLink failed; its host stops in order. */
            snprintf(d->last_failure, sizeof d->last_failure,
                     "symbolic link %s is held by %s (STATUS_OBJECT_NAME_COLLISION)", kv.values[i], holder->instance_id);
            wudf_utc_time(d->last_failure_time, sizeof d->last_failure_time, 0);
            d->symlink_count = 0;
        }
    }
    wudf_kv_free(&kv);
    if (holder) {
        wudf_supervisor_stop(d, WUDF_STOP_THEN_FAIL);
        return;
    }
    wudf_log(WUDF_LOG_INFO, "device-started", "device=%s pid=%lld status=0x%08x symlinks=%u", d->instance_id,
             (long long)h->pid, (unsigned)msg->status, d->symlink_count);
    wudf_devnode_set_state(d, WUDF_DN_STARTED, CM_PROB_NONE);
    wudf_remote_device_started(h, msg);
}

static void on_event(wudf_host *h, const wudf_msg *msg)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, &err)) {
        wudf_supervisor_host_lost(h, err.message);
        return;
    }
    const char *event = wudf_kv_get(&kv, "event"), *name = wudf_kv_get(&kv, "name");
    if (event && strcmp(event, "power") == 0)
        wudf_power_host_event(h, &kv);
    if (event && strcmp(event, "power-failed") == 0) {
        /* The device could not come back to D0: as Windows removes it, the host is recycled. */
        char why[300];
        snprintf(why, sizeof why, "the device failed to power up: %.200s",
                 wudf_kv_get(&kv, "message") ? wudf_kv_get(&kv, "message") : "no reason given");
        wudf_kv_free(&kv);
        wudf_supervisor_host_lost(h, why);
        return;
    }
    wudf_devnode *holder;
    if (event && name && strcmp(event, "symlink") == 0 && h->devnode &&
        add_symlink(h->devnode, name, wudf_kv_get(&kv, "reference"), &holder) == 0)
        wudf_kernel_devnode_changed(h->devnode);
    if (event && strcmp(event, "property") == 0 && h->devnode)
        wudf_property_host_event(h->devnode, &kv);
    if (event && strcmp(event, "custom") == 0 && h->devnode)
        wudf_custom_event(h->devnode, &kv);
    if (event && strcmp(event, "interface") == 0 && h->devnode)
        wudf_remote_interface_event(h, &kv);
    if (event && strcmp(event, "surprise-removal") == 0 && h->devnode && h->devnode->usb) {
        /* libusb may list the device a moment longer: it is not taken as new until it leaves. */
        h->devnode->gone_until_replug = 1;
        wudf_usb_pnp_gone(h->devnode, wudf_kv_get(&kv, "reason") ? wudf_kv_get(&kv, "reason") : "surprise removal");
    }
    wudf_kv_free(&kv);
}

static void on_stopped(wudf_host *h, const wudf_msg *msg)
{
    wudf_devnode *d = h->devnode;
    /* The host reports the framework objects still alive after teardown (0 when nothing leaked). */
    wudf_log(msg->information ? WUDF_LOG_WARN : WUDF_LOG_INFO, "device-stopped", "device=%s pid=%lld live_objects=%llu",
             d ? d->instance_id : "-", (long long)h->pid, (unsigned long long)msg->information);
    /* Anything still pending was abandoned by the orderly stop. */
    wudf_io_fail_host_pending(h, WUDF_STATUS_CANCELLED);
    h->stopped = 1;
    h->state = WUDF_HOST_DEAD;
    uv_timer_stop(&h->timer);
    detach(h);
    close_channel(h, NULL);
    if (d)
        apply_after_stop(d);
}

void wudf_supervisor_host_message(wudf_host *h, const wudf_msg *msg)
{
    if (h->state == WUDF_HOST_DEAD)
        return;
    switch (msg->type) {
    case WUDF_MSG_HELLO:
        h->state = WUDF_HOST_STARTING;
        send_device_start(h);
        return;
    case WUDF_MSG_DEVICE_STARTED:
        if (h->state == WUDF_HOST_STARTING) {
            on_started(h, msg);
            return;
        }
        break;
    case WUDF_MSG_COMPLETE:
        if (msg->minor == WUDF_COMPLETE_MINOR_FAST_PATH) {
            wudf_fast_path_cancel_done(h, msg);
            return;
        }
        if (h->state == WUDF_HOST_RUNNING || h->state == WUDF_HOST_STOPPING) {
            wudf_io_host_complete(h, msg);
            return;
        }
        break;
    case WUDF_MSG_PONG:
        if (msg->irp_id == h->ping_id && h->ping_sent_ms) {
            h->ping_sent_ms = 0;
            h->last_pong_ms = wudf_now_ms();
            /* The channel answers while a driver callback blocks: the pong says for how long one has. */
            if (msg->information > g_reflector->config.critical_timeout_ms) {
                char why[160];
                snprintf(why, sizeof why, "a driver callback has not returned for %llu ms (critical timeout %llu ms)",
                         (unsigned long long)msg->information,
                         (unsigned long long)g_reflector->config.critical_timeout_ms);
                wudf_supervisor_host_lost(h, why);
            }
            return;
        }
        break;
    case WUDF_MSG_HOST_EVENT:
        on_event(h, msg);
        return;
    case WUDF_MSG_REMOTE_IRP:
    case WUDF_MSG_REMOTE_CANCEL:
    case WUDF_MSG_REMOTE_EVENT:
        wudf_remote_host_message(h, msg);
        return;
    case WUDF_MSG_RING:
        if (msg->minor == WUDF_RING_FD_RING && (h->state == WUDF_HOST_RUNNING || h->state == WUDF_HOST_STOPPING)) {
            wudf_fast_path_host_ack(h, msg);
            return;
        }
        break;
    case WUDF_MSG_DEVICE_STOPPED:
        if (msg->minor == WUDF_STOP_MINOR_QUERY_REMOVE && h->querying && h->state == WUDF_HOST_RUNNING) {
            wudf_pnp_query_answer(h, msg);
            return;
        }
        if (msg->minor == WUDF_STOP_MINOR_QUERY_REMOVE && h->state == WUDF_HOST_STOPPING)
            return; /* a stop that asks nobody (shutdown, unplug) overtook the query */
        if (!msg->minor && h->state == WUDF_HOST_STOPPING) {
            on_stopped(h, msg);
            return;
        }
        break;
    default:
        break;
    }
    char why[128];
    snprintf(why, sizeof why, "host sent an unexpected %s message", wudf_msg_type_name(msg->type));
    wudf_supervisor_host_lost(h, why);
}

void wudf_supervisor_start(wudf_devnode *d)
{
    if (!d->enabled || d->host || g_reflector->shutting_down || (d->usb && !d->present))
        return;
    wudf_devnode_set_state(d, WUDF_DN_STARTING, CM_PROB_NONE);
    host_spawn(d);
}

static void apply_after_stop(wudf_devnode *d)
{
    int then = d->stop_then;
    d->stop_then = 0;
    wudf_error err;
    switch (then) {
    case WUDF_STOP_THEN_RESTART: /* a fresh start, as `devcon restart` gives */
        d->restart_count = 0;
        d->last_failure_ms = 0;
        wudf_devnode_set_state(d, WUDF_DN_STOPPED, CM_PROB_NONE);
        wudf_supervisor_start(d);
        break;
    case WUDF_STOP_THEN_DISABLE:
        wudf_devnode_set_state(d, WUDF_DN_DISABLED, CM_PROB_DISABLED);
        break;
    case WUDF_STOP_THEN_FAIL:
        wudf_devnode_set_state(d, WUDF_DN_FAILED, CM_PROB_FAILED_START);
        break;
    case WUDF_STOP_THEN_NOT_PRESENT:
        wudf_devnode_set_state(d, WUDF_DN_STOPPED, CM_PROB_DEVICE_NOT_THERE);
        break;
    case WUDF_STOP_THEN_REMOVE:
        wudf_log(WUDF_LOG_INFO, "device-removed", "device=%s", d->instance_id);
        wudf_devnode_set_state(d, WUDF_DN_STOPPED, CM_PROB_NONE);
        wudf_io_forget_devnode_files(d);
        wudf_property_devnode_removed(d);
        wudf_kernel_devnode_uninstalled(d);
        wudf_events_removed(d);
        wudf_devnode_free(d);
        if (wudf_store_save(g_reflector, &err))
            wudf_log(WUDF_LOG_ERROR, "store-failed", "status=%s", err.message);
        break;
    default:
        if (!g_reflector->shutting_down)
            recycle(d, "host stopped without being asked");
        else
            wudf_devnode_set_state(d, WUDF_DN_STOPPED, CM_PROB_NONE);
        break;
    }
}

void wudf_supervisor_stop(wudf_devnode *d, int then)
{
    if (wudf_remote_query_remove(d, then))
        return; /* the hosts holding remote files on d are asked first */
    if (then == WUDF_STOP_THEN_RESTART)
        wudf_driver_store_restart_agreed(d); /* an update moves d only once its removal goes ahead */
    d->stop_then = then;
    wudf_host *h = d->host;
    if (!h) {
        apply_after_stop(d);
        return;
    }
    if (h->state == WUDF_HOST_RUNNING && h->conn) {
        h->querying = 0; /* a query still out is answered into the void */
        h->state = WUDF_HOST_STOPPING;
        h->deadline_ms = wudf_now_ms() + g_reflector->config.critical_timeout_ms;
        wudf_devnode_set_state(d, WUDF_DN_STOPPING, d->problem);
        wudf_msg m;
        wudf_msg_init(&m, WUDF_MSG_DEVICE_STOP);
        m.device_id = d->handle;
        wudf_conn_send(h->conn, &m);
        return;
    }
    if (h->state == WUDF_HOST_STOPPING)
        return;
    wudf_supervisor_host_lost(h, "stopped while starting");
}

void wudf_supervisor_shutdown(wudf_reflector *r)
{
    r->shutting_down = 1;
    wudf_spawn_retry_stop_all();
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->host)
            wudf_supervisor_stop(d, 0);
    }
}
