/*
 * The simulated FX2 (fx2_sim.h) behind umockdev: the usbfs side. The kit itself is fx2_model.c.
 *
 * URBs the program submits go to the model, which answers them at once (control transfers, writes,
 * reads with data waiting), later (a read of an empty FIFO, the interrupt endpoint before a switch
 * change), or never (muted control transfers, until discarded). An answered URB waits in `done` until
 * the program reaps it. Like usbfs, the device node reports POLLOUT only while there is something to reap: the node is
 * a pty whose output this side stops (tcflow TCOOFF) when `done` runs empty and restarts (TCOON) when
 * a URB is answered, so the program's event loop sleeps until there is work, as with a real device.
 *
 * Each time the kit is plugged in it gets a device node of its own (/dev/bus/usb/001/<address>) with
 * its own ioctl handler, pty and generation number; ioctls on the node of an earlier plug fail with
 * ENODEV, as they do on a usbfs node whose device has gone.
 */
#include "fx2_sim.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/usbdevice_fs.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <umockdev.h>

#include "fx2_model.h"

#define SYSPATH "/devices/pci0000:00/0000:00:14.0/usb1/1-2"
#define MAX_PLUGS 8

/* The model speaks Linux's errno values, which usbfs passes on as they are. */
_Static_assert(WUDF_USBIP_EPIPE == -EPIPE && WUDF_USBIP_ENOENT == -ENOENT && WUDF_USBIP_ESHUTDOWN == -ESHUTDOWN &&
                   WUDF_USBIP_ENODEV == -ENODEV && FX2_MODEL_EINVAL == -EINVAL && FX2_MODEL_ENOMEM == -ENOMEM,
               "the model's statuses are usbfs's");

typedef struct urb_ref {
    fx2_urb urb;                /* what the model sees: owner is the client, id the program's URB address */
    struct urb_ref *next;       /* in `done` */
    UMockdevIoctlData *usbfs;   /* the program's struct usbdevfs_urb, resolved */
    UMockdevIoctlData *buffer;  /* its buffer, resolved */
    uint8_t empty[1];           /* the data of a URB without a buffer */
} urb_ref;

/* One time the kit was plugged in. */
typedef struct plug {
    UMockdevIoctlBase *handler;
    char node[32];   /* /dev/bus/usb/001/005 */
    int pty_master;  /* kept open until the end: closing it would hang up a program still holding the node */
    int pty_slave;   /* for tcflow: POLLOUT on the program's descriptor */
} plug;

struct fx2_sim {
    UMockdevTestbed *testbed;
    fx2_model *model;
    plug plugs[MAX_PLUGS];
    unsigned plug_count;  /* the last one is the kit's current node */
    int in_sysfs;         /* listed in the testbed */
    /* Taken inside the model's lock (its answers), so never held while calling the model. */
    GMutex lock;
    unsigned generation;  /* of the current plug; the handlers of earlier plugs answer ENODEV */
    urb_ref *done;        /* answered, in order, waiting to be reaped */
    unsigned long long uevent_seqnum;
};

static struct usbdevfs_urb *urb_of(urb_ref *r)
{
    return (struct usbdevfs_urb *)(void *)r->usbfs->data;
}

static urb_ref *ref_of(fx2_urb *u)
{
    return (urb_ref *)(void *)u;
}

static void urb_ref_free(urb_ref *r)
{
    g_object_unref(r->usbfs);
    if (r->buffer)
        g_object_unref(r->buffer);
    g_free(r);
}

static void free_model_list(fx2_urb *list)
{
    while (list) {
        fx2_urb *next = list->next;
        urb_ref_free(ref_of(list));
        list = next;
    }
}

/* Lock held: the pty of the node the kit is on now. */
static int current_pty(const fx2_sim *sim)
{
    return sim->plugs[sim->generation - 1].pty_slave;
}

/* Lock held: the URB can be reaped. */
static void push_done(fx2_sim *sim, urb_ref *r, int status, int actual)
{
    urb_of(r)->status = status;
    urb_of(r)->actual_length = actual;
    r->next = NULL;
    urb_ref **link = &sim->done;
    while (*link)
        link = &(*link)->next;
    *link = r;
    tcflow(current_pty(sim), TCOON);
}

/* The model answered a URB (under its lock, on any thread). */
static void on_answer(void *context, fx2_urb *u)
{
    fx2_sim *sim = context;
    g_mutex_lock(&sim->lock);
    push_done(sim, ref_of(u), u->status, (int)u->actual);
    g_mutex_unlock(&sim->lock);
}

static long resolve_uint(UMockdevIoctlData *arg, unsigned *value)
{
    UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned), NULL);
    if (!d)
        return -EFAULT;
    memcpy(value, d->data, sizeof *value);
    return 0;
}

/* Takes the oldest answered URB of client out of `done`. */
static urb_ref *take_done(fx2_sim *sim, UMockdevIoctlClient *client)
{
    for (urb_ref **link = &sim->done; *link; link = &(*link)->next)
        if ((*link)->urb.owner == client) {
            urb_ref *r = *link;
            *link = r->next;
            return r;
        }
    return NULL;
}

static int submit(fx2_sim *sim, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
    UMockdevIoctlData *u = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
    if (!u)
        return -EFAULT;
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)(void *)u->data;
    if (urb->buffer_length < 0)
        return -EINVAL;
    int control = urb->type == USBDEVFS_URB_TYPE_CONTROL;
    if (!control && urb->endpoint == 0)
        return -ENOENT;
    urb_ref *r = g_new0(urb_ref, 1);
    r->usbfs = g_object_ref(u);
    r->urb.owner = client;
    r->urb.id = u->client_addr;
    r->urb.endpoint = control ? 0 : urb->endpoint;
    r->urb.zero_packet = (urb->flags & USBDEVFS_URB_ZERO_PACKET) != 0;
    r->urb.data = r->empty;
    r->urb.length = (size_t)urb->buffer_length;
    if (urb->buffer_length > 0) {
        r->buffer = umockdev_ioctl_data_resolve(u, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                                (gsize)urb->buffer_length, NULL);
        if (!r->buffer) {
            urb_ref_free(r);
            return -EFAULT;
        }
        g_object_ref(r->buffer);
        r->urb.data = r->buffer->data;
    }
    int rc = fx2_model_submit(sim->model, &r->urb);
    if (rc)
        urb_ref_free(r);
    return rc;
}

static int reap(fx2_sim *sim, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
    UMockdevIoctlData *where = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
    if (!where)
        return -EFAULT;
    g_mutex_lock(&sim->lock);
    urb_ref *r = take_done(sim, client);
    if (!sim->done)
        tcflow(current_pty(sim), TCOOFF);
    g_mutex_unlock(&sim->lock);
    if (!r)
        return fx2_model_is_unplugged(sim->model) ? -ENODEV : -EAGAIN;
    umockdev_ioctl_data_set_ptr(where, 0, r->usbfs);
    urb_ref_free(r);
    return 0;
}

/* One ioctl; returns -errno or 0. The caller completes the client with it. */
static int handle(fx2_sim *sim, UMockdevIoctlClient *client, gulong request, UMockdevIoctlData *arg)
{
    if (fx2_model_is_unplugged(sim->model) && request != USBDEVFS_REAPURB && request != USBDEVFS_REAPURBNDELAY)
        return -ENODEV;
    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
        if (!d)
            return -EFAULT;
        guint32 caps = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                       USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_SUSPEND;
        memcpy(d->data, &caps, sizeof caps);
        return 0;
    }
    case USBDEVFS_SETINTERFACE: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_setinterface), NULL);
        if (!d)
            return -EFAULT;
        struct usbdevfs_setinterface set;
        memcpy(&set, d->data, sizeof set);
        return fx2_model_set_interface(sim->model, set.interface, set.altsetting);
    }
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
    case USBDEVFS_DISCONNECT_CLAIM:
    case USBDEVFS_RESETEP:
    case USBDEVFS_RESET:
        return 0;
    case USBDEVFS_GETDRIVER:
    case USBDEVFS_IOCTL:
        return -ENODATA; /* no kernel driver holds the kit */
    case USBDEVFS_CLEAR_HALT: {
        unsigned endpoint;
        if (resolve_uint(arg, &endpoint))
            return -EFAULT;
        fx2_model_clear_halt(sim->model, (uint8_t)endpoint);
        return 0;
    }
    /* Runtime power management: the kernel suspends at once here (no autosuspend delay). A URB for a
     * suspended device fails, as the kernel's do. */
    case USBDEVFS_ALLOW_SUSPEND:
    case USBDEVFS_FORBID_SUSPEND:
        fx2_model_set_suspended(sim->model, request == USBDEVFS_ALLOW_SUSPEND);
        return 0;
    case USBDEVFS_SUBMITURB:
        if (fx2_sim_suspended(sim))
            return -EHOSTUNREACH;
        return submit(sim, client, arg);
    case USBDEVFS_DISCARDURB: {
        gulong address;
        memcpy(&address, arg->data, sizeof address);
        fx2_urb *u = fx2_model_cancel(sim->model, client, address);
        if (!u)
            return -EINVAL; /* answered already: the program reaps it as it is */
        g_mutex_lock(&sim->lock);
        push_done(sim, ref_of(u), -ENOENT, 0);
        g_mutex_unlock(&sim->lock);
        return 0;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
        return reap(sim, client, arg);
    default:
        return -ENOTTY;
    }
}

static gboolean on_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer data)
{
    fx2_sim *sim = data;
    unsigned generation = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(handler), "fx2-generation"));
    g_mutex_lock(&sim->lock);
    int current = generation == sim->generation;
    g_mutex_unlock(&sim->lock);
    int rc = !current ? -ENODEV
                      : handle(sim, client, umockdev_ioctl_client_get_request(client),
                               umockdev_ioctl_client_get_arg(client));
    umockdev_ioctl_client_complete(client, rc < 0 ? -1 : 0, rc < 0 ? -rc : 0);
    return TRUE;
}

/* Lock held: drops client's answered URBs (NULL: everyone's). */
static void drop_done(fx2_sim *sim, UMockdevIoctlClient *client)
{
    urb_ref **list = &sim->done;
    while (*list) {
        urb_ref *r = *list;
        if (!client || r->urb.owner == client) {
            *list = r->next;
            urb_ref_free(r);
        } else {
            list = &r->next;
        }
    }
}

/* A program closed the node (or died): like usbfs, the kit forgets the URBs it had submitted there. */
static void on_client_vanished(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer data)
{
    fx2_sim *sim = data;
    free_model_list(fx2_model_take_pending(sim->model, client));
    g_mutex_lock(&sim->lock);
    drop_done(sim, client);
    if (!sim->done && sim->generation)
        tcflow(current_pty(sim), TCOOFF);
    g_mutex_unlock(&sim->lock);
}

static char *hex(const uint8_t *data, size_t length)
{
    char *out = g_malloc(length * 2 + 1);
    for (size_t i = 0; i < length; i++)
        snprintf(out + 2 * i, 3, "%02x", data[i]);
    return out;
}

/* The device node becomes a pty, so the program can poll it (see the top of the file). */
static int make_pollable_node(fx2_sim *sim, plug *p)
{
    char name[128];
    if (openpty(&p->pty_master, &p->pty_slave, name, NULL, NULL)) {
        fprintf(stderr, "fx2_sim: openpty: %s\n", strerror(errno));
        return -1;
    }
    struct termios tio;
    tcgetattr(p->pty_slave, &tio);
    cfmakeraw(&tio);
    tcsetattr(p->pty_slave, TCSANOW, &tio);
    fcntl(p->pty_slave, F_SETFL, O_NONBLOCK);
    tcflow(p->pty_slave, TCOOFF); /* nothing to reap yet */
    gchar *root = umockdev_testbed_get_root_dir(sim->testbed);
    gchar *node = g_build_filename(root, p->node, NULL);
    int rc = 0;
    if (unlink(node) || symlink(name, node)) {
        fprintf(stderr, "fx2_sim: cannot point %s at %s: %s\n", node, name, strerror(errno));
        rc = -1;
    }
    g_free(node);
    g_free(root);
    return rc;
}

/* The URBs of an earlier plug go with it. */
static void forget_urbs(fx2_sim *sim)
{
    free_model_list(fx2_model_take_pending(sim->model, NULL));
    g_mutex_lock(&sim->lock);
    drop_done(sim, NULL);
    g_mutex_unlock(&sim->lock);
}

/* The kit appears at address on the same port: its own node, ioctl handler and pty, its sysfs entry
 * (what libusb enumerates: the kit's own descriptors, whatever GET_DESCRIPTOR answers), and a
 * freshly powered device behind them. 0, or -1 with a message on stderr. */
static int add_device(fx2_sim *sim, unsigned address)
{
    if (sim->plug_count == MAX_PLUGS || address < 1 || address > 127) {
        fprintf(stderr, "fx2_sim: cannot plug the kit in at address %u\n", address);
        return -1;
    }
    plug *p = &sim->plugs[sim->plug_count];
    p->pty_master = p->pty_slave = -1;
    snprintf(p->node, sizeof p->node, "/dev/bus/usb/%03d/%03u", FX2_SIM_BUS, address);
    p->handler = umockdev_ioctl_base_new();
    g_object_set_data(G_OBJECT(p->handler), "fx2-generation", GUINT_TO_POINTER(sim->plug_count + 1));
    g_signal_connect(p->handler, "handle-ioctl", G_CALLBACK(on_ioctl), sim);
    g_signal_connect(p->handler, "client-vanished", G_CALLBACK(on_client_vanished), sim);
    GError *error = NULL;
    /* The handler is in place before the node exists, so no program opens the node without it. */
    if (!umockdev_testbed_attach_ioctl(sim->testbed, p->node, p->handler, &error)) {
        fprintf(stderr, "fx2_sim: attach_ioctl: %s\n", error->message);
        g_error_free(error);
        g_clear_object(&p->handler);
        return -1;
    }
    size_t device_length, config_length;
    const uint8_t *device = fx2_model_device_descriptor(&device_length);
    const uint8_t *config = fx2_model_config_descriptor(&config_length);
    uint8_t *all = g_malloc(device_length + config_length);
    memcpy(all, device, device_length);
    memcpy(all + device_length, config, config_length);
    char *descriptors = hex(all, device_length + config_length);
    g_free(all);
    gchar *record = g_strdup_printf("P: %s\n"
                                    "N: %s\n"
                                    "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n"
                                    "E: BUSNUM=%03d\nE: DEVNUM=%03u\nE: DEVNAME=%s\n"
                                    "E: PRODUCT=547/1002/0\n"
                                    "A: busnum=%d\\n\nA: devnum=%u\\n\nA: bConfigurationValue=1\\n\n"
                                    "A: speed=480\\n\nA: idVendor=0547\\n\nA: idProduct=1002\\n\n"
                                    "H: descriptors=%s\n",
                                    SYSPATH, p->node + 5, FX2_SIM_BUS, address, p->node, FX2_SIM_BUS, address,
                                    descriptors);
    g_free(descriptors);
    int ok = umockdev_testbed_add_from_string(sim->testbed, record, &error);
    g_free(record);
    if (!ok) {
        fprintf(stderr, "fx2_sim: add_from_string: %s\n", error->message);
        g_error_free(error);
    }
    sim->in_sysfs = ok;
    /* Counted from here on, so that fx2_sim_free lets go of what was made even on failure. */
    g_mutex_lock(&sim->lock);
    sim->plug_count++;
    g_mutex_unlock(&sim->lock);
    if (!ok || make_pollable_node(sim, p))
        return -1;
    forget_urbs(sim);
    fx2_model_plug(sim->model);
    g_mutex_lock(&sim->lock);
    sim->generation = sim->plug_count;
    g_mutex_unlock(&sim->lock);
    return 0;
}

fx2_sim *fx2_sim_new(const fx2_sim_options *options)
{
    fx2_sim *sim = g_new0(fx2_sim, 1);
    g_mutex_init(&sim->lock);
    const uint8_t *config = options ? options->config_override : NULL;
    sim->model = fx2_model_new(config, config ? options->config_override_length : 0, on_answer, sim);
    if (!sim->model) {
        fprintf(stderr, "fx2_sim: out of memory\n");
        g_mutex_clear(&sim->lock);
        g_free(sim);
        return NULL;
    }
    sim->testbed = umockdev_testbed_new();
    if (add_device(sim, FX2_SIM_ADDRESS)) {
        fx2_sim_free(sim);
        return NULL;
    }
    return sim;
}

void fx2_sim_free(fx2_sim *sim)
{
    if (!sim)
        return;
    for (unsigned i = 0; i < sim->plug_count; i++) {
        plug *p = &sim->plugs[i];
        umockdev_testbed_detach_ioctl(sim->testbed, p->node, NULL);
        g_clear_object(&p->handler);
        if (p->pty_slave >= 0)
            close(p->pty_slave);
        if (p->pty_master >= 0)
            close(p->pty_master);
    }
    g_clear_object(&sim->testbed);
    forget_urbs(sim);
    fx2_model_free(sim->model);
    g_mutex_clear(&sim->lock);
    g_free(sim);
}

const char *fx2_sim_usbip_server(fx2_sim *sim)
{
    (void)sim;
    return NULL;
}

fx2_model *fx2_sim_model(fx2_sim *sim)
{
    return sim->model;
}

/*
 * Uevents, as a udev daemon sends them to libudev monitors. umockdev_testbed_uevent does the same, but it
 * reads the device through libudev, which finds the testbed's sysfs only under umockdev's preload, and
 * the preload must stay out of this process: it tracks every /dev path opened here (libuv opens
 * /dev/null for each loop) as an emulated node, misses libuv's closes (raw close syscalls), and later
 * sends ioctls on reused descriptor numbers to the handler of a testbed already freed, where they wait
 * forever. So the message is built here from the testbed's files: a header in libudev's monitor format,
 * then the NUL-separated properties. A monitor under the preload listens on <root>/event<fd>; the preload
 * makes what arrives there look as if udev had sent it over netlink.
 */
#define UEVENT_SUBSYSTEM "usb"
#define UEVENT_DEVTYPE "usb_device"
#define UEVENT_MAX 4096

typedef struct uevent_header {
    char prefix[8];             /* "libudev" */
    uint32_t magic;             /* network order */
    uint32_t header_size;       /* the rest in host order but the hashes */
    uint32_t properties_offset;
    uint32_t properties_length;
    uint32_t subsystem_hash;    /* network order: a monitor's socket filter compares these */
    uint32_t devtype_hash;
    uint32_t tag_bloom_high;
    uint32_t tag_bloom_low;
} uevent_header;

#define UEVENT_MAGIC 0xfeedcafeu

/* MurmurHash2 of s with seed 0: the hash libudev's monitor filters match subsystem and type with. */
static uint32_t filter_hash(const char *s)
{
    const uint32_t m = 0x5bd1e995u;
    size_t n = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    uint32_t h = (uint32_t)n;
    for (; n >= 4; n -= 4, p += 4) {
        uint32_t k;
        memcpy(&k, p, sizeof k);
        k *= m;
        k ^= k >> 24;
        k *= m;
        h = (h * m) ^ k;
    }
    switch (n) {
    case 3:
        h ^= (uint32_t)p[2] << 16;
        /* fall through */
    case 2:
        h ^= (uint32_t)p[1] << 8;
        /* fall through */
    case 1:
        h ^= p[0];
        h *= m;
    }
    h ^= h >> 13;
    h *= m;
    return h ^ (h >> 15);
}

/* Appends "name=value" and its NUL; 0, or -1 when it does not fit. */
static int add_property(char *to, size_t *length, const char *name, const char *value, size_t value_length)
{
    size_t name_length = strlen(name);
    if (*length + name_length + 1 + value_length + 1 > UEVENT_MAX)
        return -1;
    memcpy(to + *length, name, name_length);
    to[*length + name_length] = '=';
    memcpy(to + *length + name_length + 1, value, value_length);
    *length += name_length + 1 + value_length;
    to[(*length)++] = '\0';
    return 0;
}

/* The event's properties: its own, then the device's uevent attribute line by line (what udev adds). */
static int uevent_properties(fx2_sim *sim, const char *action, char *to, size_t *length)
{
    char seqnum[24];
    snprintf(seqnum, sizeof seqnum, "%llu", ++sim->uevent_seqnum);
    *length = 0;
    if (add_property(to, length, "ACTION", action, strlen(action)) ||
        add_property(to, length, "DEVPATH", SYSPATH, strlen(SYSPATH)) ||
        add_property(to, length, "SUBSYSTEM", UEVENT_SUBSYSTEM, strlen(UEVENT_SUBSYSTEM)) ||
        add_property(to, length, "SEQNUM", seqnum, strlen(seqnum)))
        return -1;
    gchar *sys = umockdev_testbed_get_sys_dir(sim->testbed);
    gchar *path = g_build_filename(sys, SYSPATH, "uevent", NULL);
    g_free(sys);
    gchar *lines = NULL;
    gsize size = 0;
    int ok = g_file_get_contents(path, &lines, &size, NULL);
    g_free(path);
    if (!ok)
        return -1;
    int rc = 0;
    for (char *line = lines, *end; !rc && line < lines + size; line = end + 1) {
        end = memchr(line, '\n', (size_t)(lines + size - line));
        if (!end)
            end = lines + size;
        char *equals = memchr(line, '=', (size_t)(end - line));
        if (!equals)
            continue;
        *equals = '\0';
        rc = add_property(to, length, line, equals + 1, (size_t)(end - equals - 1));
    }
    g_free(lines);
    return rc;
}

/* Sends one datagram to a monitor's socket; a monitor that went away (its socket refuses or is gone) is
 * skipped, as udev skips it. */
static int send_to_monitor(int fd, const char *path, const struct msghdr *message)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path)
        return -1;
    memcpy(address.sun_path, path, strlen(path) + 1);
    struct msghdr m = *message;
    m.msg_name = &address;
    m.msg_namelen = sizeof address;
    if (sendmsg(fd, &m, MSG_DONTWAIT) >= 0 || errno == ECONNREFUSED || errno == ENOENT)
        return 0;
    fprintf(stderr, "fx2_sim: cannot send a uevent to %s: %s\n", path, strerror(errno));
    return -1;
}

/* The kit's "add" or "remove" to every libudev monitor in the testbed. 0, or -1 with a message. */
static int send_uevent(fx2_sim *sim, const char *action)
{
    char properties[UEVENT_MAX];
    size_t length;
    if (uevent_properties(sim, action, properties, &length)) {
        fprintf(stderr, "fx2_sim: cannot build the %s uevent from the testbed\n", action);
        return -1;
    }
    uevent_header header = {.prefix = "libudev",
                            .magic = htonl(UEVENT_MAGIC),
                            .header_size = sizeof header,
                            .properties_offset = sizeof header,
                            .properties_length = (uint32_t)length,
                            .subsystem_hash = htonl(filter_hash(UEVENT_SUBSYSTEM)),
                            .devtype_hash = htonl(filter_hash(UEVENT_DEVTYPE))};
    struct iovec parts[2] = {{&header, sizeof header}, {properties, length}};
    struct msghdr message = {.msg_iov = parts, .msg_iovlen = 2};
    gchar *root = umockdev_testbed_get_root_dir(sim->testbed);
    gchar *pattern = g_build_filename(root, "event[0-9]*", NULL);
    g_free(root);
    glob_t monitors;
    int listed = glob(pattern, 0, NULL, &monitors);
    g_free(pattern);
    if (listed == GLOB_NOMATCH)
        return 0; /* nobody listens */
    int fd = listed == 0 ? socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0) : -1;
    if (fd < 0)
        fprintf(stderr, "fx2_sim: cannot send the %s uevent: %s\n", action,
                listed ? "the testbed cannot be listed" : strerror(errno));
    int rc = fd < 0 ? -1 : 0;
    for (size_t i = 0; fd >= 0 && i < monitors.gl_pathc; i++)
        rc |= send_to_monitor(fd, monitors.gl_pathv[i], &message);
    if (fd >= 0)
        close(fd);
    if (listed == 0)
        globfree(&monitors);
    return rc;
}

void fx2_sim_unplug(fx2_sim *sim)
{
    fx2_model_unplug(sim->model); /* usbfs gives URBs killed by a disconnect -ESHUTDOWN too */
    g_mutex_lock(&sim->lock);
    tcflow(current_pty(sim), TCOON); /* the program notices on its next reap (ENODEV) */
    g_mutex_unlock(&sim->lock);
}

void fx2_sim_remove(fx2_sim *sim)
{
    fx2_sim_unplug(sim);
    if (!sim->in_sysfs)
        return;
    /* The event is made from the device's sysfs entry, so it goes out before the entry does. */
    send_uevent(sim, "remove");
    umockdev_testbed_remove_device(sim->testbed, "/sys" SYSPATH);
    sim->in_sysfs = 0;
    gchar *root = umockdev_testbed_get_root_dir(sim->testbed);
    gchar *node = g_build_filename(root, sim->plugs[sim->plug_count - 1].node, NULL);
    unlink(node);
    g_free(node);
    g_free(root);
}

int fx2_sim_plug(fx2_sim *sim, unsigned address)
{
    if (sim->in_sysfs) {
        fprintf(stderr, "fx2_sim: the kit is plugged in already\n");
        return -1;
    }
    if (add_device(sim, address))
        return -1;
    return send_uevent(sim, "add");
}

