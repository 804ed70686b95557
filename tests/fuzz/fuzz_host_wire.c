/* Fuzz target: the bytes a host process sends on its channel to the reflector. The real reflector
 * core runs in this process (fuzz_world.h); the host's record sits on a socketpair. The first byte
 * of an input says where the host is when the rest arrives:
 *   0  before its hello;
 *   1  starting: its hello answered, DEVICE_START sent;
 *   2  running, with a client's file open (create was id 1, asking for a ring: the host acked it,
 *      so the client holds file 1's ring) and four requests pending: read (id 2, cancel sent),
 *      ioctl (3), write (4), a second create (5); a cancel of ring request 77 of file 1 waiting
 *      for the host's ack; a heartbeat outstanding (ping 1);
 *   3  as 2, then stopping (DEVICE_STOP sent).
 * In 2 and 3, "!CONN" in the host's bytes is where the client disconnects: the reflector then
 * cancels its requests and closes its file (cleanup id 6, close id 7). Then the host's process
 * ends. Whatever the bytes, the reflector must stay consistent: every request of a client still
 * there completes exactly once, the device ends failed or disabled without a host, and nothing is
 * left behind. The restart limit is 0 so that recycling never spawns a process. */
#include <string.h>

#include "fuzz_world.h"

enum { AT_HELLO, AT_STARTING, AT_RUNNING, AT_STOPPING };

#define CLIENT_REQUESTS 6 /* ids 1..5 */

static const char separator[] = "!CONN";

typedef struct client_view {
    unsigned completions[CLIENT_REQUESTS];
    int32_t status[CLIENT_REQUESTS];
    int hello;
    unsigned ring_fds[WUDF_RING_FD_NOTIFY + 1]; /* descriptors passed, by kind */
} client_view;

static wudf_reflector *reflector;

static void on_client_message(fuzz_peer *peer, const wudf_msg *msg)
{
    client_view *view = peer->context;
    if (msg->type == WUDF_MSG_HELLO) {
        FUZZ_CHECK(msg->status == WUDF_STATUS_SUCCESS);
        view->hello++;
        return;
    }
    if (msg->type == WUDF_MSG_RING) {
        /* The eventfd once per connection, file 1's bell and ring once each. */
        FUZZ_CHECK(msg->minor >= WUDF_RING_FD_BELL && msg->minor <= WUDF_RING_FD_NOTIFY);
        FUZZ_CHECK(msg->file_id == (msg->minor == WUDF_RING_FD_NOTIFY ? 0u : 1u));
        FUZZ_CHECK(view->ring_fds[msg->minor]++ == 0);
        return;
    }
    FUZZ_CHECK(msg->type == WUDF_MSG_COMPLETE);
    FUZZ_CHECK(msg->irp_id >= 1 && msg->irp_id < CLIENT_REQUESTS);
    /* Exactly once, whoever completes it: the host, or the reflector when the host is gone. */
    FUZZ_CHECK(view->completions[msg->irp_id]++ == 0);
    view->status[msg->irp_id] = msg->status;
}

static void send_irp(fuzz_peer *client, uint64_t id, uint8_t major, uint32_t file, uint32_t ioctl_code,
                     const char *input, uint32_t output_length)
{
    wudf_msg m;
    wudf_msg_init_irp(&m, major, file, ioctl_code, input, input ? (uint32_t)strlen(input) : 0, output_length);
    m.irp_id = id;
    fuzz_peer_send(client, &m);
}

typedef struct state_wait {
    const fuzz_host *host;
    wudf_host_state state;
} state_wait;

static int host_state_is(void *context)
{
    const state_wait *w = context;
    return w->host->record && w->host->record->state == w->state;
}

static int created(void *context)
{
    const client_view *view = context;
    return view->hello && view->completions[1] == 1;
}

typedef struct count_wait {
    const fuzz_peer *peer;
    unsigned count;
} count_wait;

static int received(void *context)
{
    const count_wait *w = context;
    return w->peer->received >= w->count;
}

static int all_completed(void *context)
{
    const client_view *view = context;
    for (size_t id = 2; id < CLIENT_REQUESTS; id++)
        if (view->completions[id] != 1)
            return 0;
    return 1;
}

/* Where word starts at or after from, or size. */
static size_t find(const uint8_t *data, size_t size, size_t from, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = from; i + n <= size; i++)
        if (memcmp(data + i, word, n) == 0)
            return i;
    return size;
}

static int peer_gone(void *context)
{
    const fuzz_peer *peer = context;
    return peer->eof && fuzz_open_connections() == 0;
}

static void settle_host_state(const fuzz_host *host, wudf_host_state state, const char *what)
{
    state_wait w = {host, state};
    fuzz_settle(host_state_is, &w, what);
}

static void send_cancel(fuzz_peer *client, uint64_t id, uint8_t minor, uint32_t file)
{
    wudf_msg cancel;
    wudf_msg_init(&cancel, WUDF_MSG_CANCEL);
    cancel.irp_id = id;
    cancel.minor = minor;
    cancel.file_id = file;
    fuzz_peer_send(client, &cancel);
}

static void start_running(fuzz_host *host, fuzz_peer *client, client_view *view)
{
    fuzz_peer_connect(client, on_client_message, view);
    fuzz_peer_send_hello(client, WUDF_ROLE_CLIENT);
    wudf_msg create;
    wudf_msg_init_irp(&create, WUDF_IRP_MJ_CREATE, 1, 0, "\\??\\FuzzHost", 12, 0);
    create.irp_id = 1;
    create.minor = WUDF_CREATE_MINOR_FAST_PATH;
    fuzz_peer_send(client, &create);
    fuzz_settle(created, view, "the client's create");
    FUZZ_CHECK(view->status[1] == WUDF_STATUS_SUCCESS);
    FUZZ_CHECK(view->ring_fds[WUDF_RING_FD_RING] == 1);

    /* From here on the host keeps what it gets: the input's bytes answer it. */
    host->automatic = 0;
    count_wait w = {&host->peer, host->peer.received + 6};
    send_irp(client, 2, WUDF_IRP_MJ_READ, 1, 0, NULL, 32);
    send_irp(client, 3, WUDF_IRP_MJ_DEVICE_CONTROL, 1, 0x222004, "ioctl-in", 16);
    send_irp(client, 4, WUDF_IRP_MJ_WRITE, 1, 0, "write-in", 0);
    send_irp(client, 5, WUDF_IRP_MJ_CREATE, 2, 0, "ROOT\\FUZZHOST\\0000", 0);
    send_cancel(client, 2, 0, 0);
    send_cancel(client, 77, WUDF_CANCEL_MINOR_FAST_PATH, 1);
    fuzz_settle(received, &w, "four requests and two cancels reaching the host");
    FUZZ_CHECK(reflector->pending_count == 4);

    /* A heartbeat outstanding, as supervisor.c's tick leaves it. */
    wudf_host *h = host->record;
    wudf_msg ping;
    wudf_msg_init(&ping, WUDF_MSG_PING);
    ping.irp_id = h->ping_id = 1;
    h->ping_sent_ms = wudf_now_ms();
    wudf_conn_send(h->conn, &ping);
    w.count = host->peer.received + 1;
    fuzz_settle(received, &w, "the ping reaching the host");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    reflector = fuzz_world_start("host", 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned at = data[0] % 4;
    /* Reflector-wide ids from 1 again, so that an input can name the requests it was given. */
    FUZZ_CHECK(reflector->pending_count == 0);
    reflector->next_irp_id = 0;
    reflector->next_file_id = 0;

    wudf_devnode *d = fuzz_devnode_add("ROOT\\FUZZHOST\\0000", 1);
    fuzz_host host;
    fuzz_peer client;
    client_view view;
    memset(&view, 0, sizeof view);
    fuzz_host_start(&host, d, at >= AT_RUNNING, "\\??\\FuzzHost");
    if (at >= AT_STARTING) {
        fuzz_host_send_hello(&host);
        if (at == AT_STARTING)
            settle_host_state(&host, WUDF_HOST_STARTING, "the host's hello");
        else
            settle_host_state(&host, WUDF_HOST_RUNNING, "the device starting");
    }
    if (at >= AT_RUNNING)
        start_running(&host, &client, &view);
    if (at == AT_STOPPING) {
        count_wait w = {&host.peer, host.peer.received + 1};
        wudf_supervisor_stop(d, 2);
        fuzz_settle(received, &w, "DEVICE_STOP reaching the host");
    }

    int client_there = at >= AT_RUNNING;
    for (size_t start = 1;;) {
        size_t end = find(data, size, start, separator);
        fuzz_peer_feed(&host.peer, data + start, end - start);
        if (end == size)
            break;
        start = end + strlen(separator);
        if (client_there) {
            client_there = 0;
            fuzz_peer_shutdown(&client);
            fuzz_settle(peer_gone, &client, "the client's disconnect");
        }
    }
    fuzz_settle(NULL, NULL, "the host's bytes");
    /* Then its process ends, unless the reflector has ended it already. */
    fuzz_host_exit(&host);
    if (client_there) {
        fuzz_settle(all_completed, &view, "every request completed after the host exit");
        fuzz_peer_shutdown(&client);
        fuzz_settle(peer_gone, &client, "the client's disconnect");
    } else {
        fuzz_settle(NULL, NULL, "the host exit");
    }
    if (at >= AT_RUNNING)
        fuzz_peer_close(&client);
    FUZZ_CHECK(d->host == NULL);
    FUZZ_CHECK(d->state == WUDF_DN_FAILED || d->state == WUDF_DN_DISABLED);
    fuzz_check_quiet();
    fuzz_devnodes_clear();
    return 0;
}
