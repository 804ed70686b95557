/* Hosts played by the harness (see fuzz_world.h): the reflector's host record on one end of a
 * socketpair, made as supervisor.c's host_spawn makes it but without a process, and on the other
 * end what a well-behaved host answers. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz_world.h"

#define FUZZ_MAX_HOSTS 8
#define FUZZ_REPLY_MAX 48

static fuzz_host *hosts[FUZZ_MAX_HOSTS];

static void send_complete(fuzz_host *fh, uint64_t id, int32_t status, const uint8_t *data, uint32_t length,
                          uint64_t information)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = id;
    m.status = status;
    m.information = information;
    m.payload = length ? data : NULL;
    m.payload_length = length;
    fuzz_peer_send(&fh->peer, &m);
}

static void send_kv(fuzz_host *fh, wudf_msg_type type, const char *key, const char *value)
{
    wudf_kv kv;
    wudf_error err;
    uint8_t *payload;
    uint32_t length;
    wudf_kv_init(&kv);
    if (key)
        FUZZ_CHECK(wudf_kv_add(&kv, key, value, &err) == 0);
    FUZZ_CHECK(wudf_kv_encode(&kv, &payload, &length, &err) == 0);
    wudf_msg m;
    wudf_msg_init(&m, type);
    m.payload = payload;
    m.payload_length = length;
    fuzz_peer_send(&fh->peer, &m);
    free(payload);
    wudf_kv_free(&kv);
}

static int is_ioctl(uint8_t major)
{
    return major == WUDF_IRP_MJ_DEVICE_CONTROL || major == WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL;
}

/* The client decides, through the request, whether the driver keeps it until it is cancelled:
 * an odd offset, or an ioctl of METHOD_NEITHER. */
static int hold(fuzz_host *fh, const wudf_msg *m)
{
    int wanted = m->major == WUDF_IRP_MJ_READ || m->major == WUDF_IRP_MJ_WRITE ? (int)(m->offset & 1)
                 : is_ioctl(m->major)                                         ? (m->ioctl_code & 3) == 3
                                                                              : 0;
    if (!wanted || fh->held_count == FUZZ_MAX_HELD)
        return 0;
    fh->held[fh->held_count++] = m->irp_id;
    return 1;
}

static int contains(const uint8_t *data, size_t size, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, word, n) == 0)
            return 1;
    return 0;
}

static void answer_irp(fuzz_host *fh, const wudf_msg *m)
{
    uint8_t out[FUZZ_REPLY_MAX];
    uint32_t n = 0;
    int32_t status = WUDF_STATUS_SUCCESS;
    uint64_t information = 0;
    if (hold(fh, m))
        return;
    switch (m->major) {
    case WUDF_IRP_MJ_CREATE:
        if (contains(m->payload, m->payload_length, "deny"))
            status = WUDF_STATUS_ACCESS_DENIED;
        break;
    case WUDF_IRP_MJ_READ:
        n = m->output_length < sizeof out ? m->output_length : sizeof out;
        memset(out, 0xA5, n);
        information = n;
        break;
    case WUDF_IRP_MJ_WRITE:
        information = m->input_length;
        break;
    case WUDF_IRP_MJ_DEVICE_CONTROL:
    case WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL:
        n = m->output_length < m->input_length ? m->output_length : m->input_length;
        if (n > sizeof out)
            n = sizeof out;
        if (n)
            memcpy(out, m->payload, n);
        information = n;
        break;
    default:
        break;
    }
    send_complete(fh, m->irp_id, status, out, n, information);
}

static void answer_cancel(fuzz_host *fh, uint64_t id)
{
    for (size_t i = 0; i < fh->held_count; i++) {
        if (fh->held[i] == id) {
            fh->held[i] = fh->held[--fh->held_count];
            send_complete(fh, id, WUDF_STATUS_CANCELLED, NULL, 0, 0);
            return;
        }
    }
    /* Already completed: the cancel crossed the completion. */
}

static void on_host_message(fuzz_peer *peer, const wudf_msg *msg)
{
    fuzz_host *fh = peer->context;
    if (!fh->automatic)
        return;
    switch (msg->type) {
    case WUDF_MSG_HELLO:
        FUZZ_CHECK(msg->status == WUDF_STATUS_SUCCESS);
        break;
    case WUDF_MSG_DEVICE_START:
        send_kv(fh, WUDF_MSG_DEVICE_STARTED, fh->symlink ? "symlink" : NULL, fh->symlink);
        break;
    case WUDF_MSG_IRP:
        answer_irp(fh, msg);
        break;
    case WUDF_MSG_CANCEL:
        if (msg->minor == WUDF_CANCEL_MINOR_FAST_PATH) {
            /* A ring request's cancel: the played host serves no ring, so it only confirms. */
            wudf_msg m;
            wudf_msg_init(&m, WUDF_MSG_COMPLETE);
            m.minor = WUDF_COMPLETE_MINOR_FAST_PATH;
            m.file_id = msg->file_id;
            m.irp_id = msg->irp_id;
            fuzz_peer_send(peer, &m);
        } else {
            answer_cancel(fh, msg->irp_id);
        }
        break;
    case WUDF_MSG_RING:
        /* A ring is acked as mapped; its descriptor was dropped by the read, and the played host
         * serves nothing from it. */
        if (msg->minor == WUDF_RING_FD_RING) {
            wudf_msg m;
            wudf_msg_init(&m, WUDF_MSG_RING);
            m.minor = WUDF_RING_FD_RING;
            m.file_id = msg->file_id;
            fuzz_peer_send(peer, &m);
        }
        break;
    case WUDF_MSG_PING: {
        wudf_msg m;
        wudf_msg_init(&m, WUDF_MSG_PONG);
        m.irp_id = msg->irp_id;
        fuzz_peer_send(peer, &m);
        break;
    }
    case WUDF_MSG_DEVICE_STOP: {
        wudf_msg m;
        wudf_msg_init(&m, WUDF_MSG_DEVICE_STOPPED);
        if (msg->minor == WUDF_STOP_MINOR_QUERY_REMOVE) {
            /* The query before a removal: the played drivers agree, and the stop follows. */
            m.minor = WUDF_STOP_MINOR_QUERY_REMOVE;
        } else {
            /* The reflector cancels what is left once the device has stopped. */
            fh->held_count = 0;
        }
        fuzz_peer_send(peer, &m);
        break;
    }
    default:
        break;
    }
}

void fuzz_host_start(fuzz_host *fh, wudf_devnode *d, int automatic, const char *symlink)
{
    wudf_reflector *r = g_reflector;
    int sv[2];
    FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    wudf_host *h = wudf_host_new(d);
    FUZZ_CHECK(h != NULL);
    h->pid = (int64_t)getpid(); /* the host is played by this process */
    h->exited = 1;              /* there is no process: the supervisor must never signal one */
    h->conn = wudf_conn_adopt_host_channel(r, h);
    FUZZ_CHECK(h->conn != NULL);
    FUZZ_CHECK(uv_pipe_open(&h->conn->pipe, sv[0]) == 0);
    uv_timer_init(r->loop, &h->timer);
    h->timer.data = h;
    h->process.data = h;
    h->handles_open = 2; /* process and timer, as for a spawned host */
    h->last_pong_ms = wudf_now_ms();
    wudf_devnode_set_state(d, WUDF_DN_STARTING, CM_PROB_NONE);
    d->host = h;
    FUZZ_CHECK(wudf_conn_start_reading(h->conn) == 0);

    memset(fh, 0, sizeof *fh);
    fh->record = h;
    fh->automatic = automatic;
    fh->symlink = symlink;
    fuzz_peer_open(&fh->peer, sv[1], on_host_message, fh);
    for (size_t i = 0; i < FUZZ_MAX_HOSTS; i++)
        if (!hosts[i]) {
            hosts[i] = fh;
            return;
        }
    FUZZ_CHECK(!"too many hosts");
}

void fuzz_host_send_hello(fuzz_host *fh)
{
    fuzz_peer_send_hello(&fh->peer, WUDF_ROLE_HOST);
}

/* The record goes with its last handle and its channel, as supervisor.c's host_maybe_free says. */
static void on_timer_closed(uv_handle_t *handle)
{
    wudf_host *h = handle->data;
    if (--h->handles_open == 0 && !h->conn)
        free(h);
}

void fuzz_host_exit(fuzz_host *fh)
{
    wudf_host *h = fh->record;
    if (!h)
        return;
    fh->record = NULL;
    for (size_t i = 0; i < FUZZ_MAX_HOSTS; i++)
        if (hosts[i] == fh)
            hosts[i] = NULL;
    fuzz_peer_close(&fh->peer);
    /* What on_host_exit does when the process is gone; the process handle was never a real one. */
    wudf_supervisor_host_exited(h, "host exited with status 0");
    h->handles_open--;
    uv_close((uv_handle_t *)&h->timer, on_timer_closed);
}

int fuzz_hosts_reap(void)
{
    int any = 0;
    for (size_t i = 0; i < FUZZ_MAX_HOSTS; i++) {
        fuzz_host *fh = hosts[i];
        if (fh && fh->record && fh->record->state == WUDF_HOST_DEAD) {
            /* Detached from its devnode: the reflector is done with this instance. */
            FUZZ_CHECK(fh->record->devnode == NULL);
            fuzz_host_exit(fh);
            any = 1;
        }
    }
    return any;
}

size_t fuzz_hosts_alive(void)
{
    size_t n = 0;
    for (size_t i = 0; i < FUZZ_MAX_HOSTS; i++)
        n += hosts[i] && hosts[i]->record;
    return n;
}
