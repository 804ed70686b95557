/* Fuzz target: the bytes clients and tools send to the reflector's endpoint. The real reflector
 * core runs in this process (fuzz_world.h) over a fixed device tree: a started device whose host
 * answers like a driver, a disabled one, a failed one that admits only root, and one still
 * starting. An input is the bytes of one connection, or of up to three:
 *   "!CONN"  the next piece goes to the next connection, in turn (so that a tool can remove a
 *            device between two requests of a client);
 *   "!ANON"  the same, and a connection it opens is an unprivileged user's (fuzz_identity.c);
 *   "!WAIT"  everything settles first, as a client waits for its create to complete.
 * The pieces are written in order, then the connections half-closed. Every answer must match a
 * question (at most one per request sent), and once the reflector has settled it must hold no
 * request, file or connection of them, whatever the bytes were. A tool may change the device tree
 * (install a device or a USB driver package, disable, remove ...): it is rebuilt before the next
 * input. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_world.h"

#define TREE_SIZE 4
#define CONNECTIONS 3

/* The markers have the same length. */
static const char next_connection[] = "!CONN", next_unprivileged[] = "!ANON", wait_here[] = "!WAIT";

static wudf_reflector *reflector;
static fuzz_host started_host, starting_host;
static uint32_t tree_handles[TREE_SIZE];
static const wudf_devnode_state tree_states[TREE_SIZE] = {WUDF_DN_STARTED, WUDF_DN_DISABLED, WUDF_DN_FAILED,
                                                          WUDF_DN_STARTING};

static wudf_devnode *tree_node(size_t index)
{
    size_t i = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &reflector->devnodes) {
        if (i++ == index)
            return WUDF_CONTAINER_OF(pos, wudf_devnode, link);
    }
    return NULL;
}

static int tree_started(void *context)
{
    (void)context;
    return tree_node(0)->state == WUDF_DN_STARTED && starting_host.record &&
           starting_host.record->state == WUDF_HOST_STARTING;
}

static void build_tree(void)
{
    wudf_devnode *d = fuzz_devnode_add("ROOT\\FUZZ\\0000", 1);
    fuzz_host_start(&started_host, d, 1, "\\??\\FuzzEcho");
    fuzz_host_send_hello(&started_host);
    fuzz_devnode_add("ROOT\\FUZZ\\0001", 0);
    d = fuzz_devnode_add("ROOT\\FUZZ\\0002", 1);
    wudf_devnode_fail(d, CM_PROB_FAILED_POST_START, "host crashed too often");
    snprintf(d->acl, sizeof d->acl, "user:root");
    /* Its host never answers DEVICE_START: the device stays starting. */
    d = fuzz_devnode_add("ROOT\\FUZZ\\0003", 1);
    fuzz_host_start(&starting_host, d, 0, NULL);
    fuzz_host_send_hello(&starting_host);
    fuzz_settle(tree_started, NULL, "the device tree starting");
    for (size_t i = 0; i < TREE_SIZE; i++)
        tree_handles[i] = tree_node(i)->handle;
}

static int tree_intact(void)
{
    size_t count = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (count >= TREE_SIZE || d->handle != tree_handles[count] || d->state != tree_states[count] ||
            d->restart_count || d->stop_then)
            return 0;
        count++;
    }
    return count == TREE_SIZE && wudf_list_empty(&reflector->packages) && started_host.record && started_host.record->state == WUDF_HOST_RUNNING &&
           tree_node(0)->host == started_host.record && tree_node(0)->symlink_count == 1 &&
           starting_host.record && tree_node(3)->host == starting_host.record;
}

/* Installs copy the INF to <state>/inf/oemN.inf; a rebuilt tree starts without them. */
static void clear_inf_store(void)
{
    char dir_path[WUDF_PATH_MAX + 8], path[WUDF_PATH_MAX + 300];
    snprintf(dir_path, sizeof dir_path, "%s/inf", reflector->config.state_dir);
    DIR *dir = opendir(dir_path);
    if (!dir)
        return;
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir_path, e->d_name);
        unlink(path);
    }
    closedir(dir);
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

/* What a connection asked, framed as the reflector frames it, so that every answer can be checked
 * against a question: each request (IRP or tool request, by id) is answered at most once per time
 * it was sent, and only hellos, completions, tool replies and the fast path's descriptors come back:
 * the eventfd once per connection, a bell and a ring at most once per create that asked for one.
 * op=events answers in parts: a reply whose information is 1 says more follow (a follower's go on
 * for as long as it stays), so only its last part, information 0, is the answer. */
#define LEDGER_IDS 512

typedef struct ledger_entry {
    uint64_t id;
    uint16_t type;
    int parts; /* asked op=events at least once */
    unsigned asked, answered;
} ledger_entry;

typedef struct ledger {
    wudf_framer sent;
    int stopped;      /* framing failed there (the reflector closes) or too many ids to track */
    unsigned hellos;
    unsigned ring_creates;                   /* creates that asked for a ring */
    unsigned ring_fds[WUDF_RING_FD_NOTIFY + 1]; /* descriptors passed, by kind */
    size_t count;
    ledger_entry entry[LEDGER_IDS];
} ledger;

static ledger_entry *ledger_find(ledger *l, uint16_t type, uint64_t id, int add)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->entry[i].id == id && l->entry[i].type == type)
            return &l->entry[i];
    if (!add || l->count == LEDGER_IDS)
        return NULL;
    ledger_entry *e = &l->entry[l->count++];
    memset(e, 0, sizeof *e);
    e->id = id;
    e->type = type;
    return e;
}

static int asks_events(const wudf_msg *msg)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    const char *op = wudf_kv_decode(msg->payload, msg->payload_length, &kv, &err) ? NULL : wudf_kv_get(&kv, "op");
    int events = op && strcmp(op, "events") == 0;
    wudf_kv_free(&kv);
    return events;
}

static void ledger_sent(ledger *l, const uint8_t *data, size_t size)
{
    wudf_error err;
    wudf_msg msg;
    int rc;
    if (l->stopped)
        return;
    FUZZ_CHECK(wudf_framer_push(&l->sent, data, size, &err) == 0);
    while ((rc = wudf_framer_next(&l->sent, &msg, &err)) == 1) {
        if (msg.type != WUDF_MSG_IRP && msg.type != WUDF_MSG_TOOL_REQUEST)
            continue;
        if (msg.type == WUDF_MSG_IRP && msg.major == WUDF_IRP_MJ_CREATE && msg.minor == WUDF_CREATE_MINOR_FAST_PATH)
            l->ring_creates++;
        ledger_entry *e = ledger_find(l, msg.type, msg.irp_id, 1);
        if (!e) {
            l->stopped = 1;
            return;
        }
        e->asked++;
        e->parts |= msg.type == WUDF_MSG_TOOL_REQUEST && asks_events(&msg);
    }
    if (rc < 0)
        l->stopped = 1;
}

static void on_answer(fuzz_peer *peer, const wudf_msg *msg)
{
    ledger *l = peer->context;
    if (msg->type == WUDF_MSG_HELLO) {
        FUZZ_CHECK(++l->hellos == 1);
        return;
    }
    if (msg->type == WUDF_MSG_RING) {
        if (l->stopped)
            return; /* creates past the stop were not counted */
        FUZZ_CHECK(msg->minor >= WUDF_RING_FD_BELL && msg->minor <= WUDF_RING_FD_NOTIFY);
        unsigned n = ++l->ring_fds[msg->minor];
        FUZZ_CHECK(n <= (msg->minor == WUDF_RING_FD_NOTIFY ? 1u : l->ring_creates));
        FUZZ_CHECK(l->ring_creates > 0);
        return;
    }
    FUZZ_CHECK(msg->type == WUDF_MSG_COMPLETE || msg->type == WUDF_MSG_TOOL_REPLY);
    if (l->stopped && l->count == LEDGER_IDS)
        return;
    ledger_entry *e = ledger_find(l, msg->type == WUDF_MSG_COMPLETE ? WUDF_MSG_IRP : WUDF_MSG_TOOL_REQUEST,
                                  msg->irp_id, 0);
    /* An answer for something never asked, or a second answer to one question. */
    FUZZ_CHECK(e != NULL);
    if (e->parts && msg->type == WUDF_MSG_TOOL_REPLY && msg->information == 1)
        return;
    FUZZ_CHECK(++e->answered <= e->asked);
}

typedef struct connections {
    fuzz_peer peer[CONNECTIONS];
    ledger book[CONNECTIONS];
    int open[CONNECTIONS];
    int unprivileged[CONNECTIONS];
} connections;

static int peers_gone(void *context)
{
    const connections *c = context;
    for (size_t i = 0; i < CONNECTIONS; i++)
        if (c->open[i] && !c->peer[i].eof)
            return 0;
    return fuzz_open_connections() == 0 && reflector->pending_count == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    reflector = fuzz_world_start("client", 5);
    build_tree();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The orderly stop ends the reflector by design (the integration tests cover it): an input
     * asking for it is not run. */
    if (find(data, size, 0, "shutdown") != size)
        return -1;
    if (!tree_intact()) {
        fuzz_devnodes_clear();
        wudf_store_free_packages(reflector);
        clear_inf_store();
        build_tree();
    }
    static connections c;
    memset(&c, 0, sizeof c);
    for (size_t start = 0, i = 0;;) {
        size_t next = find(data, size, start, next_connection), wait = find(data, size, start, wait_here);
        size_t anon = find(data, size, start, next_unprivileged);
        size_t end = next < wait ? next : wait;
        end = anon < end ? anon : end;
        if (!c.open[i]) {
            wudf_framer_init(&c.book[i].sent);
            if (c.unprivileged[i])
                fuzz_peer_connect_unprivileged(&c.peer[i], on_answer, &c.book[i]);
            else
                fuzz_peer_connect(&c.peer[i], on_answer, &c.book[i]);
            c.open[i] = 1;
        }
        ledger_sent(&c.book[i], data + start, end - start);
        fuzz_peer_feed(&c.peer[i], data + start, end - start);
        if (end == size)
            break;
        if (end == wait) {
            fuzz_settle(NULL, NULL, "a pause in the input");
        } else {
            i = (i + 1) % CONNECTIONS;
            c.unprivileged[i] |= end == anon && !c.open[i];
        }
        start = end + strlen(wait_here);
    }
    for (size_t i = 0; i < CONNECTIONS; i++)
        if (c.open[i])
            fuzz_peer_shutdown(&c.peer[i]);
    fuzz_settle(peers_gone, &c, "the peers' disconnect");
    fuzz_check_quiet();
    if (started_host.record)
        FUZZ_CHECK(started_host.held_count == 0);
    for (size_t i = 0; i < CONNECTIONS; i++)
        if (c.open[i]) {
            fuzz_peer_close(&c.peer[i]);
            wudf_framer_free(&c.book[i].sent);
        }
    return 0;
}
