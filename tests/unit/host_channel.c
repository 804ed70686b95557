/*
 * The reflector's side of a host channel for tests (host_channel.h): a private libuv loop that owns
 * the child, its channel and its log, run only while a test waits for something.
 */
#include "host_channel.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_exit_cb(uv_process_t *process, int64_t status, int signal)
{
    host_proc *p = process->data;
    p->exited = 1;
    p->exit_status = signal ? -signal : status;
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    host_proc *p = handle->data;
    if (handle == (uv_handle_t *)&p->channel) {
        uint8_t *space = NULL;
        size_t length = 0;
        if (wudf_framer_reserve(&p->framer, 65536, &space, &length, NULL))
            length = 0;
        *buf = uv_buf_init((char *)space, (unsigned)length);
    } else {
        *buf = uv_buf_init(malloc(suggested), (unsigned)suggested);
    }
}

static void keep(host_proc *p, const wudf_msg *msg)
{
    wudf_msg *copy = malloc(sizeof *copy + msg->payload_length);
    wudf_msg **grown = realloc(p->messages, (p->count + 1) * sizeof *grown);
    if (!copy || !grown) {
        free(copy);
        fprintf(stderr, "host_channel: out of memory\n");
        abort();
    }
    p->messages = grown;
    *copy = *msg;
    if (msg->payload_length) {
        memcpy(copy + 1, msg->payload, msg->payload_length);
        copy->payload = (const uint8_t *)(copy + 1);
    }
    p->messages[p->count++] = copy;
}

static void on_channel_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    host_proc *p = stream->data;
    if (nread < 0) {
        uv_read_stop(stream);
        return;
    }
    wudf_framer_commit(&p->framer, (size_t)nread);
    wudf_msg msg;
    wudf_error err;
    int rc;
    while ((rc = wudf_framer_next(&p->framer, &msg, &err)) == 1)
        keep(p, &msg);
    if (rc < 0) {
        fprintf(stderr, "host_channel: the host sent a malformed message: %s\n", err.message);
        uv_read_stop(stream);
    }
}

static void on_log_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    host_proc *p = stream->data;
    if (nread > 0) {
        char *grown = realloc(p->log, p->log_length + (size_t)nread + 1);
        if (grown) {
            p->log = grown;
            memcpy(p->log + p->log_length, buf->base, (size_t)nread);
            p->log_length += (size_t)nread;
            p->log[p->log_length] = '\0';
        }
    } else if (nread < 0) {
        uv_read_stop(stream);
        p->log_done = 1;
    }
    free(buf->base);
}

static void on_timer(uv_timer_t *timer)
{
    ((host_proc *)timer->data)->timed_out = 1;
}

/* environ plus extra (which wins for names it sets), as uv_spawn wants it; NULL-terminated. */
static char **build_env(const char *const *extra)
{
    uv_env_item_t *items = NULL;
    int count = 0;
    if (uv_os_environ(&items, &count))
        count = 0;
    size_t extras = 0;
    while (extra[extras])
        extras++;
    char **env = calloc((size_t)count + extras + 1, sizeof *env);
    size_t n = 0;
    for (int i = 0; env && i < count; i++) {
        int replaced = 0;
        size_t name_length = strlen(items[i].name);
        for (size_t e = 0; e < extras; e++)
            replaced |= strncmp(extra[e], items[i].name, name_length) == 0 && extra[e][name_length] == '=';
        if (replaced)
            continue;
        size_t size = name_length + strlen(items[i].value) + 2;
        env[n] = malloc(size);
        if (env[n])
            snprintf(env[n++], size, "%s=%s", items[i].name, items[i].value);
    }
    for (size_t e = 0; env && e < extras; e++) {
        size_t size = strlen(extra[e]) + 1;
        env[n] = malloc(size);
        if (env[n])
            memcpy(env[n++], extra[e], size);
    }
    uv_os_free_environ(items, count);
    return env;
}

static void free_env(char **env)
{
    for (size_t i = 0; env && env[i]; i++)
        free(env[i]);
    free(env);
}

int host_proc_spawn(host_proc *p, const char *wudfhost, const char *const *extra_env)
{
    memset(p, 0, sizeof *p);
    uv_loop_init(&p->loop);
    wudf_framer_init(&p->framer);
    uv_pipe_init(&p->loop, &p->channel, 0);
    uv_pipe_init(&p->loop, &p->errors, 0);
    uv_timer_init(&p->loop, &p->timer);
    p->channel.data = p->errors.data = p->timer.data = p->process.data = p;
    const char *args[] = {wudfhost, "--channel-fd", "3", "--log-level", "debug", NULL};
    uv_stdio_container_t stdio[4];
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = UV_INHERIT_FD;
    stdio[1].data.fd = 1;
    stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
    stdio[2].data.stream = (uv_stream_t *)&p->errors;
    stdio[3].flags = UV_CREATE_PIPE | UV_READABLE_PIPE | UV_WRITABLE_PIPE;
    stdio[3].data.stream = (uv_stream_t *)&p->channel;
    char **env = extra_env ? build_env(extra_env) : NULL;
    uv_process_options_t options;
    memset(&options, 0, sizeof options);
    options.file = wudfhost;
    options.args = (char **)args; /* libuv's type; it does not write them */
    options.env = env;
    options.exit_cb = on_exit_cb;
    options.stdio = stdio;
    options.stdio_count = 4;
    int rc = uv_spawn(&p->loop, &p->process, &options);
    free_env(env);
    if (rc) {
        fprintf(stderr, "host_channel: cannot spawn %s: %s\n", wudfhost, uv_strerror(rc));
        p->exited = 1;
        return -1;
    }
    uv_read_start((uv_stream_t *)&p->channel, on_alloc, on_channel_read);
    uv_read_start((uv_stream_t *)&p->errors, on_alloc, on_log_read);
    return 0;
}

static void on_written(uv_write_t *req, int status)
{
    free(req->data);
    free(req);
}

/* Writes data (malloc'd, freed when written) on the channel. */
static void write_owned(host_proc *p, uint8_t *data, size_t length)
{
    uv_write_t *req = malloc(sizeof *req);
    if (!req)
        abort();
    req->data = data;
    uv_buf_t buf = uv_buf_init((char *)data, (unsigned)length);
    if (uv_write(req, (uv_stream_t *)&p->channel, &buf, 1, on_written)) {
        free(data);
        free(req);
    }
}

void host_proc_send(host_proc *p, const wudf_msg *msg)
{
    size_t length;
    uint8_t *data = wudf_msg_encode_alloc(msg, &length, NULL);
    if (!data) {
        fprintf(stderr, "host_channel: cannot encode a %s message\n", wudf_msg_type_name(msg->type));
        abort();
    }
    write_owned(p, data, length);
}

void host_proc_send_bytes(host_proc *p, const void *bytes, size_t length)
{
    uint8_t *data = malloc(length ? length : 1);
    if (!data)
        abort();
    memcpy(data, bytes, length);
    write_owned(p, data, length);
}

void host_proc_hang_up(host_proc *p)
{
    if (!uv_is_closing((uv_handle_t *)&p->channel))
        uv_close((uv_handle_t *)&p->channel, NULL);
}

void host_proc_send_kv(host_proc *p, uint16_t type, uint32_t device_id, const wudf_kv *kv)
{
    uint8_t *payload = NULL;
    uint32_t length = 0;
    if (wudf_kv_encode(kv, &payload, &length, NULL)) {
        fprintf(stderr, "host_channel: cannot encode a kv payload\n");
        abort();
    }
    wudf_msg m;
    wudf_msg_init(&m, type);
    m.device_id = device_id;
    m.payload = payload;
    m.payload_length = length;
    host_proc_send(p, &m);
    free(payload);
}

void host_proc_irp(host_proc *p, uint64_t irp_id, uint8_t major, uint32_t file, uint32_t code, const void *in,
                   uint32_t in_length, uint32_t out_length)
{
    wudf_msg m;
    wudf_msg_init_irp(&m, major, file, code, in, in_length, out_length);
    m.irp_id = irp_id;
    m.device_id = 3;
    host_proc_send(p, &m);
}

void host_proc_simple(host_proc *p, uint16_t type, uint64_t irp_id)
{
    wudf_msg m;
    wudf_msg_init(&m, type);
    m.irp_id = irp_id;
    host_proc_send(p, &m);
}

const wudf_msg *host_proc_find(host_proc *p, uint16_t type, uint64_t irp_id)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->messages[i]->type == type && (irp_id == 0 || p->messages[i]->irp_id == irp_id))
            return p->messages[i];
    return NULL;
}

/* Runs the loop until found(p, arg) or timeout_ms. */
static int run_until(host_proc *p, int (*found)(host_proc *, const void *), const void *arg, unsigned timeout_ms)
{
    p->timed_out = 0;
    uv_timer_start(&p->timer, on_timer, timeout_ms, 0);
    while (!found(p, arg) && !p->timed_out)
        uv_run(&p->loop, UV_RUN_ONCE);
    uv_timer_stop(&p->timer);
    return found(p, arg);
}

typedef struct wanted {
    uint16_t type;
    uint64_t irp_id;
    const char *event;
} wanted;

static const wudf_msg *find_event(host_proc *p, const char *event)
{
    for (size_t i = 0; i < p->count; i++) {
        if (p->messages[i]->type != WUDF_MSG_HOST_EVENT)
            continue;
        char *value = host_proc_kv_value(p->messages[i], "event");
        int match = value && strcmp(value, event) == 0;
        free(value);
        if (match)
            return p->messages[i];
    }
    return NULL;
}

static int has_wanted(host_proc *p, const void *arg)
{
    const wanted *w = arg;
    return w->event ? find_event(p, w->event) != NULL : host_proc_find(p, w->type, w->irp_id) != NULL;
}

const wudf_msg *host_proc_wait(host_proc *p, uint16_t type, uint64_t irp_id, unsigned timeout_ms)
{
    wanted w = {type, irp_id, NULL};
    run_until(p, has_wanted, &w, timeout_ms);
    return host_proc_find(p, type, irp_id);
}

const wudf_msg *host_proc_wait_event(host_proc *p, const char *event, unsigned timeout_ms)
{
    wanted w = {WUDF_MSG_HOST_EVENT, 0, event};
    run_until(p, has_wanted, &w, timeout_ms);
    return find_event(p, event);
}

void host_proc_poll(host_proc *p)
{
    uv_run(&p->loop, UV_RUN_NOWAIT);
}

int host_proc_handshake(host_proc *p)
{
    const wudf_msg *hello = host_proc_wait(p, WUDF_MSG_HELLO, 0, 10000);
    wudf_hello h;
    wudf_error err;
    if (!hello) {
        fprintf(stderr, "host_channel: no HELLO from the host\n%s\n", p->log ? p->log : "");
        return -1;
    }
    if (wudf_hello_decode(hello, &h, &err) || h.role != WUDF_ROLE_HOST || h.pid != (uint32_t)p->process.pid) {
        fprintf(stderr, "host_channel: bad HELLO from the host\n");
        return -1;
    }
    uint8_t payload[WUDF_HELLO_SIZE];
    wudf_hello_make(&h, WUDF_ROLE_HOST, (uint32_t)uv_os_getpid());
    wudf_hello_encode(&h, payload);
    wudf_msg reply;
    wudf_msg_init(&reply, WUDF_MSG_HELLO);
    reply.payload = payload;
    reply.payload_length = sizeof payload;
    host_proc_send(p, &reply);
    return 0;
}

static int has_exited(host_proc *p, const void *arg)
{
    return p->exited;
}

/* The host's final message came (DEVICE_STOPPED, or a DEVICE_STARTED that failed). */
static int said_goodbye(host_proc *p)
{
    const wudf_msg *started = host_proc_find(p, WUDF_MSG_DEVICE_STARTED, 0);
    return host_proc_find(p, WUDF_MSG_DEVICE_STOPPED, 0) || (started && started->status < 0);
}

int host_proc_wait_exit(host_proc *p, unsigned timeout_ms, int64_t *status)
{
    /* As the reflector does: once the final message is read, this end closes, and the host,
     * which waits for that before it exits, goes. */
    if (said_goodbye(p))
        host_proc_hang_up(p);
    if (!run_until(p, has_exited, NULL, timeout_ms))
        return -1;
    *status = p->exit_status;
    return 0;
}

static int log_closed(host_proc *p, const void *arg)
{
    return p->log_done;
}

int host_proc_wait_log(host_proc *p, unsigned timeout_ms)
{
    return run_until(p, log_closed, NULL, timeout_ms) ? 0 : -1;
}

static void on_closed(uv_handle_t *handle)
{
}

void host_proc_cleanup(host_proc *p)
{
    if (!p->exited) {
        uv_process_kill(&p->process, SIGKILL);
        run_until(p, has_exited, NULL, 10000);
    }
    uv_close((uv_handle_t *)&p->process, on_closed);
    if (!uv_is_closing((uv_handle_t *)&p->channel))
        uv_close((uv_handle_t *)&p->channel, on_closed);
    uv_close((uv_handle_t *)&p->errors, on_closed);
    uv_close((uv_handle_t *)&p->timer, on_closed);
    uv_run(&p->loop, UV_RUN_DEFAULT);
    uv_loop_close(&p->loop);
    for (size_t i = 0; i < p->count; i++)
        free(p->messages[i]);
    free(p->messages);
    free(p->log);
    wudf_framer_free(&p->framer);
    memset(p, 0, sizeof *p);
}

char *host_proc_kv_value(const wudf_msg *msg, const char *key)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    char *copy = NULL;
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, NULL) == 0) {
        const char *v = wudf_kv_get(&kv, key);
        if (v) {
            size_t n = strlen(v) + 1;
            copy = malloc(n);
            if (copy)
                memcpy(copy, v, n);
        }
    }
    wudf_kv_free(&kv);
    return copy;
}
