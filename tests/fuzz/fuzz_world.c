/* The in-process reflector of the wire fuzz targets (see fuzz_world.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "fuzz_world.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"

/* A reflector that has not settled after this many turns is stuck. */
#define FUZZ_MAX_TURNS 5000
#define FUZZ_MAX_PEERS 8

static wudf_reflector reflector;
static char root[128];
static fuzz_peer *peers[FUZZ_MAX_PEERS];

static void fail_with(const char *what, const char *detail)
{
    char text[600];
    snprintf(text, sizeof text, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    fuzz_fail(__FILE__, __LINE__, text);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_root(void)
{
    if (root[0])
        nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fuzzer that crashed or was killed left its directory (no atexit then): the next one removes
 * the directories of processes that are gone. */
static void remove_stale(const char *base)
{
    DIR *dir = opendir(base);
    if (!dir)
        return;
    char path[300];
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        int pid;
        if (sscanf(e->d_name, "openwudf-fuzz-%*[a-z]-%d-", &pid) != 1 || pid <= 0)
            continue;
        if (kill(pid, 0) == 0 || errno != ESRCH)
            continue;
        snprintf(path, sizeof path, "%s/%s", base, e->d_name);
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    closedir(dir);
}

/* Whole or not at all: fuzzers running side by side share the file. */
static void write_text(const char *path, const char *text)
{
    char temp[256];
    snprintf(temp, sizeof temp, "%s.%ld", path, (long)getpid());
    FILE *f = fopen(temp, "w");
    FUZZ_CHECK(f != NULL);
    fputs(text, f);
    FUZZ_CHECK(fclose(f) == 0);
    FUZZ_CHECK(rename(temp, path) == 0);
}

/* A tool that installs it sees the install path run to the end (the seeds name it). */
static const char fuzz_inf[] =
    "[Version]\nSignature=\"$Windows NT$\"\nClass=Sample\n"
    "ClassGuid={78A1C341-4539-11D3-B88D-00C04FAD5171}\nProvider=%P%\nDriverVer=06/21/2024,1.0.0.1\n"
    "[Manufacturer]\n%P%=Models,NTamd64,NTx86,NTarm64\n"
    "[Models.NTamd64]\n%D%=Inst,ROOT\\FUZZINST\n%D%=Inst,USB\\VID_0547&PID_1002\n"
    "[Models.NTx86]\n%D%=Inst,ROOT\\FUZZINST\n"
    "[Models.NTarm64]\n%D%=Inst,ROOT\\FUZZINST\n"
    "[Inst.NT]\nCopyFiles=F\n[Inst.NT.Wdf]\nUmdfService=Fuzz,Fuzz_Install\nUmdfServiceOrder=Fuzz\n"
    "[Fuzz_Install]\nUmdfLibraryVersion=1.11.0\nServiceBinary=%12%\\UMDF\\Fuzz.dll\n"
    "DriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
    "[Strings]\nP=\"openwudf fuzz\"\nD=\"fuzz device\"\n";

wudf_reflector *fuzz_world_start(const char *name, unsigned restart_limit)
{
    /* tmpfs when there is one: the device store fsyncs on every change. */
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    remove_stale(base);
    snprintf(root, sizeof root, "%s/openwudf-fuzz-%s-%ld-XXXXXX", base, name, (long)getpid());
    FUZZ_CHECK(mkdtemp(root) != NULL);
    atexit(remove_root);
    /* Nothing a peer names may block the loop on the terminal. */
    FUZZ_CHECK(freopen("/dev/null", "r", stdin) != NULL);
    write_text(FUZZ_INSTALL_INF, fuzz_inf);

    const char *level_name = getenv("OPENWUDF_FUZZ_LOG");
    wudf_log_level level = WUDF_LOG_ERROR;
    if (level_name)
        wudf_log_level_parse(level_name, &level);
    wudf_log_setup("wudfrd", level);

    /* The configuration wudfrd's parse_args makes, inside root; no host program exists there. */
    wudf_config *cfg = &reflector.config;
    wudf_config_defaults(cfg);
    cfg->restart_limit = restart_limit;
    snprintf(cfg->log_level, sizeof cfg->log_level, "error");
    snprintf(cfg->host_user, sizeof cfg->host_user, "%s", geteuid() == 0 ? "root" : "");
    snprintf(cfg->runtime_dir, sizeof cfg->runtime_dir, "%s/run", root);
    snprintf(cfg->state_dir, sizeof cfg->state_dir, "%s/state", root);
    snprintf(cfg->driver_dir, sizeof cfg->driver_dir, "%s/drivers", root);
    snprintf(cfg->host_path, sizeof cfg->host_path, "%s/no-such-wudfhost", root);
    wudf_error err;
    FUZZ_CHECK(wudf_endpoint_name(cfg->runtime_dir, cfg->endpoint, sizeof cfg->endpoint, &err) == 0);
    /* The unprivileged identity reaches the endpoint through the device group. */
    if (fuzz_identity_start(cfg->endpoint, cfg->device_group, sizeof cfg->device_group))
        FUZZ_CHECK(chmod(root, 0711) == 0);
    if (wudf_reflector_init(&reflector, &err))
        fail_with("the reflector did not start", err.message);
    /* libFuzzer handles SIGINT itself. */
    uv_signal_stop(&reflector.sigint);
    uv_signal_stop(&reflector.sigterm);
    /* The device tree is only what the harness builds: no USB device of this machine joins it. */
    wudf_usb_pnp_stop();
    wudf_usb_pnp_exit();
    return &reflector;
}

static void add_peer(fuzz_peer *p)
{
    for (size_t i = 0; i < FUZZ_MAX_PEERS; i++)
        if (!peers[i]) {
            peers[i] = p;
            return;
        }
    fail_with("too many peers", NULL);
}

void fuzz_peer_open(fuzz_peer *p, int fd, fuzz_on_message on_message, void *context)
{
    memset(p, 0, sizeof *p);
    p->fd = fd;
    p->on_message = on_message;
    p->context = context;
    wudf_framer_init(&p->in);
    FUZZ_CHECK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0);
    add_peer(p);
}

void fuzz_peer_close(fuzz_peer *p)
{
    for (size_t i = 0; i < FUZZ_MAX_PEERS; i++)
        if (peers[i] == p)
            peers[i] = NULL;
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
    wudf_framer_free(&p->in);
    free(p->out);
    p->out = NULL;
    p->out_start = p->out_length = p->out_capacity = 0;
}

static void peer_queue(fuzz_peer *p, const void *data, size_t size)
{
    if (p->fd < 0)
        return; /* closed: a host that exited halfway through its bytes */
    if (p->out_length + size > p->out_capacity) {
        size_t cap = p->out_capacity ? p->out_capacity : 4096;
        while (cap < p->out_length + size)
            cap *= 2;
        p->out = realloc(p->out, cap);
        FUZZ_CHECK(p->out != NULL);
        p->out_capacity = cap;
    }
    memcpy(p->out + p->out_length, data, size);
    p->out_length += size;
}

void fuzz_peer_send(fuzz_peer *p, const wudf_msg *msg)
{
    wudf_error err;
    size_t length;
    uint8_t *bytes = wudf_msg_encode_alloc(msg, &length, &err);
    if (!bytes)
        fail_with("the harness built a bad message", err.message);
    peer_queue(p, bytes, length);
    free(bytes);
}

void fuzz_peer_send_hello(fuzz_peer *p, wudf_role role)
{
    uint8_t payload[WUDF_HELLO_SIZE];
    wudf_hello hello;
    wudf_hello_make(&hello, role, (uint32_t)getpid());
    wudf_hello_encode(&hello, payload);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_HELLO);
    m.payload = payload;
    m.payload_length = sizeof payload;
    fuzz_peer_send(p, &m);
}

void fuzz_peer_shutdown(fuzz_peer *p)
{
    p->shut_wanted = 1;
}

static int peer_write(fuzz_peer *p)
{
    int moved = 0;
    while (p->out_start < p->out_length) {
        ssize_t n = send(p->fd, p->out + p->out_start, p->out_length - p->out_start, MSG_NOSIGNAL);
        if (n > 0) {
            p->out_start += (size_t)n;
            moved = 1;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return moved;
        } else {
            /* The reflector closed the connection: the rest is never read. */
            p->out_start = p->out_length;
        }
    }
    p->out_start = p->out_length = 0;
    if (p->shut_wanted && !p->shut_done) {
        shutdown(p->fd, SHUT_WR);
        p->shut_done = 1;
        moved = 1;
    }
    return moved;
}

static int peer_read(fuzz_peer *p)
{
    int moved = 0;
    wudf_error err;
    while (!p->eof) {
        uint8_t *space;
        size_t room;
        if (wudf_framer_reserve(&p->in, 65536, &space, &room, &err))
            fail_with("harness framer", err.message);
        ssize_t n = read(p->fd, space, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        moved = 1;
        if (n <= 0) {
            p->eof = 1;
            break;
        }
        wudf_framer_commit(&p->in, (size_t)n);
        wudf_msg msg;
        int rc;
        while ((rc = wudf_framer_next(&p->in, &msg, &err)) == 1) {
            p->received++;
            if (p->on_message)
                p->on_message(p, &msg);
        }
        if (rc < 0)
            fail_with("the reflector sent a malformed message", err.message);
    }
    return moved;
}

static int peer_service(fuzz_peer *p)
{
    if (p->fd < 0)
        return 0;
    int moved = peer_write(p);
    moved |= peer_read(p);
    moved |= peer_write(p); /* what the messages just read made the harness answer */
    return moved;
}

void fuzz_peer_connect(fuzz_peer *p, fuzz_on_message on_message, void *context)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    FUZZ_CHECK(fd >= 0);
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", reflector.config.endpoint);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
        fail_with("cannot connect to the endpoint", strerror(errno));
    fuzz_peer_open(p, fd, on_message, context);
}

void fuzz_peer_connect_unprivileged(fuzz_peer *p, fuzz_on_message on_message, void *context)
{
    int fd = fuzz_identity_connect();
    if (fd < 0)
        fuzz_peer_connect(p, on_message, context);
    else
        fuzz_peer_open(p, fd, on_message, context);
}

void fuzz_peer_feed(fuzz_peer *p, const uint8_t *data, size_t size)
{
    /* A header cut after its size field, then the rest of it, then reads as they come. */
    static const size_t first[] = {5, 61};
    size_t done = 0;
    for (size_t i = 0; done < size && p->fd >= 0; i++) {
        size_t n = i < 2 ? first[i] : 4096;
        if (n > size - done)
            n = size - done;
        peer_queue(p, data + done, n);
        done += n;
        fuzz_turn();
    }
}

size_t fuzz_open_connections(void)
{
    size_t n = 0;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &reflector.conns) {
        if (WUDF_CONTAINER_OF(pos, wudf_conn, link)->kind != WUDF_CONN_HOST)
            n++;
    }
    return n;
}

void fuzz_check_quiet(void)
{
    wudf_reflector *r = &reflector;
    FUZZ_CHECK(r->pending_count == 0);
    for (size_t b = 0; b < r->pending_buckets; b++)
        FUZZ_CHECK(r->pending_hash[b] == NULL);
    FUZZ_CHECK(wudf_list_empty(&r->files));
    FUZZ_CHECK(fuzz_open_connections() == 0);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->conns) {
        wudf_conn *c = WUDF_CONTAINER_OF(pos, wudf_conn, link);
        FUZZ_CHECK(wudf_list_empty(&c->pending) && wudf_list_empty(&c->files));
    }
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        FUZZ_CHECK(d->pending == 0 && d->open_files == 0);
        FUZZ_CHECK(wudf_list_empty(&d->waiters));
        FUZZ_CHECK(!d->host || d->host->devnode == d);
        if (d->host)
            FUZZ_CHECK(wudf_list_empty(&d->host->pending));
    }
}

int fuzz_turn(void)
{
    uv_run(reflector.loop, UV_RUN_NOWAIT);
    int moved = 0;
    for (size_t i = 0; i < FUZZ_MAX_PEERS; i++)
        if (peers[i])
            moved |= peer_service(peers[i]);
    moved |= fuzz_hosts_reap();
    return moved;
}

void fuzz_settle(int (*done)(void *context), void *context, const char *what)
{
    /* Three quiet turns: a write's callback and a close's callback each need one more. */
    int quiet = 0;
    for (unsigned turn = 0; turn < FUZZ_MAX_TURNS; turn++) {
        quiet = fuzz_turn() ? 0 : quiet + 1;
        if (quiet >= 3 && (!done || done(context)))
            return;
    }
    fail_with("the reflector did not settle", what);
}

wudf_devnode *fuzz_devnode_add(const char *instance_id, int enabled)
{
    wudf_devnode *d = wudf_devnode_new(&reflector);
    FUZZ_CHECK(d != NULL);
    snprintf(d->instance_id, sizeof d->instance_id, "%s", instance_id);
    snprintf(d->hardware_id, sizeof d->hardware_id, "ROOT\\FUZZ");
    snprintf(d->description, sizeof d->description, "fuzz device");
    d->service_count = 1;
    snprintf(d->services[0].name, sizeof d->services[0].name, "Fuzz");
    snprintf(d->services[0].clsid, sizeof d->services[0].clsid, "{A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}");
    snprintf(d->services[0].binary, sizeof d->services[0].binary, "%s/UMDF/Fuzz.so", reflector.config.driver_dir);
    d->enabled = enabled;
    wudf_list_add_tail(&reflector.devnodes, &d->link);
    /* What the device store does for a device it loads disabled. */
    if (!enabled)
        wudf_devnode_set_state(d, WUDF_DN_DISABLED, CM_PROB_DISABLED);
    return d;
}

static int no_host_left(void *context)
{
    (void)context;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &reflector.devnodes) {
        if (WUDF_CONTAINER_OF(pos, wudf_devnode, link)->host)
            return 0;
    }
    return fuzz_hosts_alive() == 0;
}

void fuzz_devnodes_clear(void)
{
    /* As the reflector's own teardown: with shutting_down set, a lost host is not restarted. */
    reflector.shutting_down = 1;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &reflector.devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->host)
            wudf_supervisor_host_lost(d->host, "fuzz world reset");
    }
    fuzz_settle(no_host_left, NULL, "hosts exiting at a reset");
    while (!wudf_list_empty(&reflector.devnodes)) {
        wudf_devnode *d = WUDF_CONTAINER_OF(reflector.devnodes.next, wudf_devnode, link);
        wudf_io_forget_devnode_files(d);
        wudf_devnode_free(d);
    }
    reflector.shutting_down = 0;
}
