/*
 * The simulated FX2 (fx2_sim.h).
 *
 * URBs the program submits are answered here: at once (control transfers, writes, reads with data
 * waiting), later (a read of an empty FIFO, the interrupt endpoint before a switch change), or never
 * (muted control transfers, until discarded). An answered URB waits in `done` until the program reaps
 * it. Like usbfs, the device node reports POLLOUT only while there is something to reap: the node is
 * a pty whose output this side stops (tcflow TCOOFF) when `done` runs empty and restarts (TCOON) when
 * a URB is answered, so the program's event loop sleeps until there is work, as with a real device.
 *
 * Each time the kit is plugged in it gets a device node of its own (/dev/bus/usb/001/<address>) with
 * its own ioctl handler, pty and generation number; ioctls on the node of an earlier plug fail with
 * ENODEV, as they do on a usbfs node whose device has gone.
 */
#include "fx2_sim.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/usbdevice_fs.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <umockdev.h>

#define SYSPATH "/devices/pci0000:00/0000:00:14.0/usb1/1-2"
#define FIFO_LIMIT (1024u * 1024u)
#define MAX_PLUGS 8

/* The kit: one configuration, interface 0 with the three endpoints in setting 0 and again, with
 * full-speed packet sizes, in setting 1. */
static const uint8_t device_descriptor[18] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x47, 0x05, 0x02, 0x10, 0x00, 0x00, 0x01, 0x02, 0x00, 0x01,
};
static const uint8_t config_descriptor[] = {
    0x09, 0x02, 0x45, 0x00, 0x01, 0x01, 0x00, 0xa0, 0x32,
    0x09, 0x04, 0x00, 0x00, 0x03, 0xff, 0x00, 0x00, 0x00,
    0x07, 0x05, 0x81, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x05, 0x02, 0x02, 0x00, 0x02, 0x00,
    0x07, 0x05, 0x86, 0x02, 0x00, 0x02, 0x00,
    0x09, 0x04, 0x00, 0x01, 0x03, 0xff, 0x00, 0x00, 0x00,
    0x07, 0x05, 0x81, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,
    0x07, 0x05, 0x86, 0x02, 0x40, 0x00, 0x00,
};
static const uint8_t language_ids[4] = {0x04, 0x03, 0x09, 0x04};

typedef struct urb_ref {
    struct urb_ref *next;
    UMockdevIoctlClient *client; /* the program's open node it was submitted on (identity only) */
    UMockdevIoctlData *urb;     /* the program's struct usbdevfs_urb, resolved */
    UMockdevIoctlData *buffer;  /* its buffer, resolved */
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
    plug plugs[MAX_PLUGS];
    unsigned plug_count;  /* the last one is the kit's current node */
    int in_sysfs;         /* listed in the testbed */
    GMutex lock;
    GCond changed;
    uint8_t *config;
    size_t config_length;
    /* Device state. */
    uint8_t bar_graph;
    uint8_t seven_segment;
    uint8_t switches;
    uint8_t reports[16];  /* switch reports not yet read from the interrupt endpoint */
    unsigned report_count;
    uint8_t *fifo;        /* bulk loopback */
    size_t fifo_length;
    int halted_in, halted_out;
    unsigned clear_halts_in, clear_halts_out;
    int muted;
    int unplugged;
    unsigned generation;  /* of the current plug; the handlers of earlier plugs answer ENODEV */
    unsigned alternate_setting;
    unsigned zero_packets;
    unsigned discards;
    /* URBs by state. */
    urb_ref *control_waiting;
    urb_ref *bulk_waiting;
    urb_ref *interrupt_waiting;
    urb_ref *done;  /* answered, in order, waiting to be reaped */
};

static struct usbdevfs_urb *urb_of(urb_ref *r)
{
    return (struct usbdevfs_urb *)(void *)r->urb->data;
}

static void push(urb_ref **list, urb_ref *r)
{
    r->next = NULL;
    while (*list)
        list = &(*list)->next;
    *list = r;
}

static urb_ref *pop(urb_ref **list)
{
    urb_ref *r = *list;
    if (r)
        *list = r->next;
    return r;
}

static unsigned count(const urb_ref *list)
{
    unsigned n = 0;
    for (; list; list = list->next)
        n++;
    return n;
}

static void urb_ref_free(urb_ref *r)
{
    g_object_unref(r->urb);
    if (r->buffer)
        g_object_unref(r->buffer);
    g_free(r);
}

/* Lock held: the pty of the node the kit is on now. */
static int current_pty(const fx2_sim *sim)
{
    return sim->plugs[sim->generation - 1].pty_slave;
}

/* Lock held: the URB is answered and can be reaped. */
static void answer(fx2_sim *sim, urb_ref *r, int status, int actual)
{
    urb_of(r)->status = status;
    urb_of(r)->actual_length = actual;
    push(&sim->done, r);
    tcflow(current_pty(sim), TCOON);
    g_cond_broadcast(&sim->changed);
}

/* Lock held: bulk reads waiting take what the FIFO holds. */
static void feed_bulk_reads(fx2_sim *sim)
{
    while (sim->bulk_waiting && sim->fifo_length) {
        urb_ref *r = pop(&sim->bulk_waiting);
        size_t n = (size_t)urb_of(r)->buffer_length;
        if (n > sim->fifo_length)
            n = sim->fifo_length;
        memcpy(r->buffer->data, sim->fifo, n);
        memmove(sim->fifo, sim->fifo + n, sim->fifo_length - n);
        sim->fifo_length -= n;
        answer(sim, r, 0, (int)n);
    }
}

/* Lock held: interrupt reads waiting take the oldest switch reports. */
static void feed_interrupt_reads(fx2_sim *sim)
{
    while (sim->interrupt_waiting && sim->report_count) {
        urb_ref *r = pop(&sim->interrupt_waiting);
        r->buffer->data[0] = sim->reports[0];
        memmove(sim->reports, sim->reports + 1, --sim->report_count);
        answer(sim, r, 0, 1);
    }
}

/* Lock held: the data stage of a control transfer; -EPIPE for what the kit does not know. */
static int control(fx2_sim *sim, uint8_t *packet, int length, int *actual)
{
    uint8_t type = packet[0], request = packet[1];
    uint16_t value = (uint16_t)(packet[2] | packet[3] << 8);
    uint16_t wanted = (uint16_t)(packet[6] | packet[7] << 8);
    uint8_t *data = packet + 8;
    const uint8_t *reply = NULL;
    size_t reply_length = 0;
    *actual = 0;
    if (wanted > length - 8)
        return -EINVAL;
    if (type == 0x80 && request == 0x06) { /* GET_DESCRIPTOR */
        uint8_t kind = (uint8_t)(value >> 8), index = (uint8_t)value;
        if (kind == 1 && index == 0) {
            reply = device_descriptor;
            reply_length = sizeof device_descriptor;
        } else if (kind == 2 && index == 0) {
            reply = sim->config;
            reply_length = sim->config_length;
        } else if (kind == 3 && index == 0) {
            reply = language_ids;
            reply_length = sizeof language_ids;
        } else {
            return -EPIPE;
        }
    } else if (type == 0xc0 && wanted >= 1 && (request == 0xd4 || request == 0xd6 || request == 0xd7)) {
        data[0] = request == 0xd4 ? sim->seven_segment : request == 0xd6 ? sim->switches : sim->bar_graph;
        *actual = 1;
        return 0;
    } else if (type == 0x40 && wanted >= 1 && (request == 0xd8 || request == 0xdb)) {
        if (request == 0xd8)
            sim->bar_graph = data[0];
        else
            sim->seven_segment = data[0];
        *actual = 1;
        return 0;
    } else {
        return -EPIPE; /* the kit stalls requests it does not know */
    }
    size_t n = reply_length < wanted ? reply_length : wanted;
    memcpy(data, reply, n);
    *actual = (int)n;
    return 0;
}

/* Lock held. */
static int submit(fx2_sim *sim, urb_ref *r)
{
    struct usbdevfs_urb *urb = urb_of(r);
    if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
        if (urb->buffer_length < 8)
            return -EINVAL;
        if (sim->muted) {
            push(&sim->control_waiting, r);
            return 0;
        }
        int actual;
        int status = control(sim, r->buffer->data, urb->buffer_length, &actual);
        if (status == -EINVAL)
            return status;
        answer(sim, r, status, actual);
        return 0;
    }
    switch (urb->endpoint) {
    case 0x02:
        /* The host controller ends a transfer of whole packets with a zero-length one when asked. */
        if ((urb->flags & USBDEVFS_URB_ZERO_PACKET) && urb->buffer_length % (sim->alternate_setting ? 64 : 512) == 0)
            sim->zero_packets++;
        if (sim->halted_out) {
            answer(sim, r, -EPIPE, 0);
        } else if (sim->fifo_length + (size_t)urb->buffer_length > FIFO_LIMIT) {
            return -ENOMEM;
        } else {
            memcpy(sim->fifo + sim->fifo_length, r->buffer->data, (size_t)urb->buffer_length);
            sim->fifo_length += (size_t)urb->buffer_length;
            answer(sim, r, 0, urb->buffer_length);
            feed_bulk_reads(sim);
        }
        return 0;
    case 0x86:
        if (sim->halted_in) {
            answer(sim, r, -EPIPE, 0);
        } else {
            push(&sim->bulk_waiting, r);
            feed_bulk_reads(sim);
        }
        g_cond_broadcast(&sim->changed);
        return 0;
    case 0x81:
        push(&sim->interrupt_waiting, r);
        feed_interrupt_reads(sim);
        g_cond_broadcast(&sim->changed);
        return 0;
    default:
        return -ENOENT;
    }
}

/* Lock held: takes the URB the program's pointer names out of the waiting lists. */
static urb_ref *take_waiting(fx2_sim *sim, UMockdevIoctlClient *client, gulong address)
{
    urb_ref **lists[] = {&sim->control_waiting, &sim->bulk_waiting, &sim->interrupt_waiting};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        for (urb_ref **link = lists[i]; *link; link = &(*link)->next)
            if ((*link)->client == client && (*link)->urb->client_addr == address) {
                urb_ref *r = *link;
                *link = r->next;
                return r;
            }
    return NULL;
}

static long resolve_uint(UMockdevIoctlData *arg, unsigned *value)
{
    UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned), NULL);
    if (!d)
        return -EFAULT;
    memcpy(value, d->data, sizeof *value);
    return 0;
}

/* Lock held: takes the oldest answered URB of client out of `done`. */
static urb_ref *take_done(fx2_sim *sim, UMockdevIoctlClient *client)
{
    for (urb_ref **link = &sim->done; *link; link = &(*link)->next)
        if ((*link)->client == client) {
            urb_ref *r = *link;
            *link = r->next;
            return r;
        }
    return NULL;
}

/* One ioctl; returns -errno or 0. The caller completes the client with it. */
static int handle(fx2_sim *sim, UMockdevIoctlClient *client, gulong request, UMockdevIoctlData *arg)
{
    if (sim->unplugged && request != USBDEVFS_REAPURB && request != USBDEVFS_REAPURBNDELAY)
        return -ENODEV;
    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
        if (!d)
            return -EFAULT;
        guint32 caps = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                       USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
        memcpy(d->data, &caps, sizeof caps);
        return 0;
    }
    case USBDEVFS_SETINTERFACE: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_setinterface), NULL);
        if (!d)
            return -EFAULT;
        struct usbdevfs_setinterface set;
        memcpy(&set, d->data, sizeof set);
        if (set.interface != 0 || set.altsetting > 1)
            return -EINVAL;
        sim->alternate_setting = set.altsetting;
        g_cond_broadcast(&sim->changed);
        return 0;
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
        if (endpoint == 0x86) {
            sim->halted_in = 0;
            sim->clear_halts_in++;
        } else if (endpoint == 0x02) {
            sim->halted_out = 0;
            sim->clear_halts_out++;
        }
        g_cond_broadcast(&sim->changed);
        return 0;
    }
    case USBDEVFS_SUBMITURB: {
        UMockdevIoctlData *u = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        if (!u)
            return -EFAULT;
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *)(void *)u->data;
        if (urb->buffer_length < 0)
            return -EINVAL;
        urb_ref *r = g_new0(urb_ref, 1);
        r->client = client;
        r->urb = g_object_ref(u);
        if (urb->buffer_length > 0) {
            r->buffer = umockdev_ioctl_data_resolve(u, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                                    (gsize)urb->buffer_length, NULL);
            if (!r->buffer) {
                urb_ref_free(r);
                return -EFAULT;
            }
            g_object_ref(r->buffer);
        }
        int rc = submit(sim, r);
        if (rc)
            urb_ref_free(r);
        return rc;
    }
    case USBDEVFS_DISCARDURB: {
        gulong address;
        memcpy(&address, arg->data, sizeof address);
        urb_ref *r = take_waiting(sim, client, address);
        if (!r)
            return -EINVAL; /* answered already: the program reaps it as it is */
        sim->discards++;
        answer(sim, r, -ENOENT, 0);
        return 0;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
        int pty = current_pty(sim);
        UMockdevIoctlData *where = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
        if (!where)
            return -EFAULT;
        urb_ref *r = take_done(sim, client);
        if (!sim->done)
            tcflow(pty, TCOOFF);
        if (!r)
            return sim->unplugged ? -ENODEV : -EAGAIN;
        umockdev_ioctl_data_set_ptr(where, 0, r->urb);
        urb_ref_free(r);
        return 0;
    }
    default:
        return -ENOTTY;
    }
}

static gboolean on_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer data)
{
    fx2_sim *sim = data;
    unsigned generation = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(handler), "fx2-generation"));
    g_mutex_lock(&sim->lock);
    int rc = generation != sim->generation ? -ENODEV
                                           : handle(sim, client, umockdev_ioctl_client_get_request(client),
                                                    umockdev_ioctl_client_get_arg(client));
    g_mutex_unlock(&sim->lock);
    umockdev_ioctl_client_complete(client, rc < 0 ? -1 : 0, rc < 0 ? -rc : 0);
    return TRUE;
}

/* Lock held: drops client's URBs from list. */
static void drop_client_urbs(urb_ref **list, UMockdevIoctlClient *client)
{
    while (*list) {
        urb_ref *r = *list;
        if (r->client == client) {
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
    g_mutex_lock(&sim->lock);
    drop_client_urbs(&sim->control_waiting, client);
    drop_client_urbs(&sim->bulk_waiting, client);
    drop_client_urbs(&sim->interrupt_waiting, client);
    drop_client_urbs(&sim->done, client);
    if (!sim->done && sim->generation)
        tcflow(current_pty(sim), TCOOFF);
    g_cond_broadcast(&sim->changed);
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

static void free_list(urb_ref *list)
{
    while (list) {
        urb_ref *next = list->next;
        urb_ref_free(list);
        list = next;
    }
}

/* Lock held: the URBs of an earlier plug go with it. */
static void forget_urbs(fx2_sim *sim)
{
    free_list(sim->control_waiting);
    free_list(sim->bulk_waiting);
    free_list(sim->interrupt_waiting);
    free_list(sim->done);
    sim->control_waiting = sim->bulk_waiting = sim->interrupt_waiting = sim->done = NULL;
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
    uint8_t all[sizeof device_descriptor + sizeof config_descriptor];
    memcpy(all, device_descriptor, sizeof device_descriptor);
    memcpy(all + sizeof device_descriptor, config_descriptor, sizeof config_descriptor);
    char *descriptors = hex(all, sizeof all);
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
    g_mutex_lock(&sim->lock);
    forget_urbs(sim);
    sim->generation = sim->plug_count;
    sim->unplugged = 0;
    sim->bar_graph = sim->seven_segment = sim->switches = 0;
    sim->report_count = 0;
    sim->fifo_length = 0;
    sim->halted_in = sim->halted_out = 0;
    sim->muted = 0;
    sim->alternate_setting = 0;
    g_cond_broadcast(&sim->changed);
    g_mutex_unlock(&sim->lock);
    return 0;
}

fx2_sim *fx2_sim_new(const fx2_sim_options *options)
{
    fx2_sim *sim = g_new0(fx2_sim, 1);
    g_mutex_init(&sim->lock);
    g_cond_init(&sim->changed);
    sim->fifo = g_malloc(FIFO_LIMIT);
    if (options && options->config_override) {
        sim->config = g_memdup2(options->config_override, options->config_override_length);
        sim->config_length = options->config_override_length;
    } else {
        sim->config = g_memdup2(config_descriptor, sizeof config_descriptor);
        sim->config_length = sizeof config_descriptor;
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
    g_free(sim->config);
    g_free(sim->fifo);
    g_cond_clear(&sim->changed);
    g_mutex_clear(&sim->lock);
    g_free(sim);
}

uint8_t fx2_sim_bar_graph(fx2_sim *sim)
{
    g_mutex_lock(&sim->lock);
    uint8_t v = sim->bar_graph;
    g_mutex_unlock(&sim->lock);
    return v;
}

uint8_t fx2_sim_seven_segment(fx2_sim *sim)
{
    g_mutex_lock(&sim->lock);
    uint8_t v = sim->seven_segment;
    g_mutex_unlock(&sim->lock);
    return v;
}

void fx2_sim_set_switches(fx2_sim *sim, uint8_t switches)
{
    g_mutex_lock(&sim->lock);
    sim->switches = switches;
    if (sim->report_count < sizeof sim->reports)
        sim->reports[sim->report_count++] = switches;
    feed_interrupt_reads(sim);
    g_mutex_unlock(&sim->lock);
}

void fx2_sim_halt(fx2_sim *sim, uint8_t endpoint)
{
    g_mutex_lock(&sim->lock);
    if (endpoint == 0x86)
        sim->halted_in = 1;
    else if (endpoint == 0x02)
        sim->halted_out = 1;
    g_mutex_unlock(&sim->lock);
}

int fx2_sim_is_halted(fx2_sim *sim, uint8_t endpoint)
{
    g_mutex_lock(&sim->lock);
    int halted = endpoint == 0x86 ? sim->halted_in : endpoint == 0x02 ? sim->halted_out : 0;
    g_mutex_unlock(&sim->lock);
    return halted;
}

unsigned fx2_sim_clear_halt_count(fx2_sim *sim, uint8_t endpoint)
{
    g_mutex_lock(&sim->lock);
    unsigned n = endpoint == 0x86 ? sim->clear_halts_in : endpoint == 0x02 ? sim->clear_halts_out : 0;
    g_mutex_unlock(&sim->lock);
    return n;
}

void fx2_sim_mute_control(fx2_sim *sim, int muted)
{
    g_mutex_lock(&sim->lock);
    sim->muted = muted;
    g_mutex_unlock(&sim->lock);
}

unsigned fx2_sim_discard_count(fx2_sim *sim)
{
    g_mutex_lock(&sim->lock);
    unsigned n = sim->discards;
    g_mutex_unlock(&sim->lock);
    return n;
}

void fx2_sim_unplug(fx2_sim *sim)
{
    g_mutex_lock(&sim->lock);
    sim->unplugged = 1;
    urb_ref **lists[] = {&sim->control_waiting, &sim->bulk_waiting, &sim->interrupt_waiting};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        urb_ref *r;
        while ((r = pop(lists[i])))
            answer(sim, r, -ESHUTDOWN, 0); /* what usbfs gives URBs killed by a disconnect */
    }
    tcflow(current_pty(sim), TCOON); /* the program notices on its next reap (ENODEV) */
    g_cond_broadcast(&sim->changed);
    g_mutex_unlock(&sim->lock);
}

void fx2_sim_remove(fx2_sim *sim)
{
    fx2_sim_unplug(sim);
    if (!sim->in_sysfs)
        return;
    /* The event is made from the device's sysfs entry, so it goes out before the entry does. */
    umockdev_testbed_uevent(sim->testbed, "/sys" SYSPATH, "remove");
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
    umockdev_testbed_uevent(sim->testbed, "/sys" SYSPATH, "add");
    return 0;
}

unsigned fx2_sim_alternate_setting(fx2_sim *sim)
{
    g_mutex_lock(&sim->lock);
    unsigned n = sim->alternate_setting;
    g_mutex_unlock(&sim->lock);
    return n;
}

unsigned fx2_sim_zero_packet_count(fx2_sim *sim)
{
    g_mutex_lock(&sim->lock);
    unsigned n = sim->zero_packets;
    g_mutex_unlock(&sim->lock);
    return n;
}

int fx2_sim_wait_pending(fx2_sim *sim, uint8_t endpoint, unsigned wanted, unsigned timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    g_mutex_lock(&sim->lock);
    for (;;) {
        const urb_ref *list = endpoint == 0x86   ? sim->bulk_waiting
                              : endpoint == 0x81 ? sim->interrupt_waiting
                                                 : sim->control_waiting;
        if (count(list) >= wanted)
            break;
        if (!g_cond_wait_until(&sim->changed, &sim->lock, deadline))
            break;
    }
    const urb_ref *list = endpoint == 0x86 ? sim->bulk_waiting : endpoint == 0x81 ? sim->interrupt_waiting
                                                                                  : sim->control_waiting;
    int ok = count(list) >= wanted;
    g_mutex_unlock(&sim->lock);
    return ok ? 0 : -1;
}
