/*
 * The simulated FX2 kit's behaviour (fx2_model.h). URBs wait in one list per kind (control while
 * muted, bulk IN, interrupt IN) until data arrives for them, they are cancelled or the kit goes away.
 */
#include "fx2_model.h"

#include <stdlib.h>
#include <string.h>

#include <uv.h>

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

struct fx2_model {
    uv_mutex_t lock;
    uv_cond_t changed; /* a URB started or stopped waiting */
    fx2_model_answer_fn *answer;
    void *context;
    uint8_t *config;
    size_t config_length;
    uint8_t bar_graph;
    uint8_t seven_segment;
    uint8_t switches;
    uint8_t reports[16]; /* switch reports not yet read from the interrupt endpoint */
    unsigned report_count;
    uint8_t *fifo;       /* bulk loopback */
    size_t fifo_length;
    int halted_in, halted_out, halted_interrupt;
    unsigned clear_halts_in, clear_halts_out, clear_halts_interrupt;
    int muted;
    int unplugged;
    unsigned alternate_setting;
    unsigned zero_packets;
    unsigned cancels;
    int suspended;
    unsigned suspends, resumes;
    int remote_wakeup;   /* SET_FEATURE(DEVICE_REMOTE_WAKEUP), until CLEAR_FEATURE */
    fx2_urb *control_waiting;
    fx2_urb *bulk_waiting;
    fx2_urb *interrupt_waiting;
};

static void push(fx2_urb **list, fx2_urb *u)
{
    u->next = NULL;
    while (*list)
        list = &(*list)->next;
    *list = u;
}

static fx2_urb *pop(fx2_urb **list)
{
    fx2_urb *u = *list;
    if (u)
        *list = u->next;
    return u;
}

static unsigned count(const fx2_urb *list)
{
    unsigned n = 0;
    for (; list; list = list->next)
        n++;
    return n;
}

/* Lock held. */
static void answer(fx2_model *m, fx2_urb *u, int32_t status, size_t actual)
{
    u->next = NULL;
    u->status = status;
    u->actual = actual;
    m->answer(m->context, u);
    uv_cond_broadcast(&m->changed);
}

/* Lock held: bulk reads waiting take what the FIFO holds. */
static void feed_bulk_reads(fx2_model *m)
{
    while (m->bulk_waiting && m->fifo_length) {
        fx2_urb *u = pop(&m->bulk_waiting);
        size_t n = u->length < m->fifo_length ? u->length : m->fifo_length;
        memcpy(u->data, m->fifo, n);
        memmove(m->fifo, m->fifo + n, m->fifo_length - n);
        m->fifo_length -= n;
        answer(m, u, 0, n);
    }
}

/* Lock held: interrupt reads waiting take the oldest switch reports. */
static void feed_interrupt_reads(fx2_model *m)
{
    while (m->interrupt_waiting && m->report_count) {
        fx2_urb *u = pop(&m->interrupt_waiting);
        size_t n = 0;
        if (u->length >= 1) {
            u->data[0] = m->reports[0];
            n = 1;
        }
        memmove(m->reports, m->reports + 1, --m->report_count);
        answer(m, u, 0, n);
    }
}

/* Lock held. */
static int set_interface(fx2_model *m, unsigned interface_number, unsigned alternate_setting)
{
    if (interface_number != 0 || alternate_setting > 1)
        return FX2_MODEL_EINVAL;
    m->alternate_setting = alternate_setting;
    uv_cond_broadcast(&m->changed);
    return 0;
}

/* Lock held. */
static void clear_halt(fx2_model *m, uint8_t endpoint)
{
    if (endpoint == 0x86) {
        m->halted_in = 0;
        m->clear_halts_in++;
    } else if (endpoint == 0x02) {
        m->halted_out = 0;
        m->clear_halts_out++;
    } else if (endpoint == 0x81) {
        m->halted_interrupt = 0;
        m->clear_halts_interrupt++;
    }
    uv_cond_broadcast(&m->changed);
}

/* Lock held: GET_DESCRIPTOR; the descriptor, or NULL for one the kit has not. */
static const uint8_t *descriptor(const fx2_model *m, uint16_t value, size_t *length)
{
    uint8_t kind = (uint8_t)(value >> 8), index = (uint8_t)value;
    if (kind == 1 && index == 0) {
        *length = sizeof device_descriptor;
        return device_descriptor;
    }
    if (kind == 2 && index == 0) {
        *length = m->config_length;
        return m->config;
    }
    if (kind == 3 && index == 0) {
        *length = sizeof language_ids;
        return language_ids;
    }
    return NULL;
}

/* Lock held: the standard requests the kit takes (the ones usbfs sends as ioctls). */
static int32_t standard_request(fx2_model *m, const uint8_t *setup, uint8_t *data, size_t wanted, size_t *actual)
{
    uint8_t type = setup[0], request = setup[1];
    uint16_t value = (uint16_t)(setup[2] | setup[3] << 8), index = (uint16_t)(setup[4] | setup[5] << 8);
    if (type == 0x00 && request == 0x09) /* SET_CONFIGURATION */
        return value <= 1 ? 0 : WUDF_USBIP_EPIPE;
    if (type == 0x80 && request == 0x08 && wanted >= 1) { /* GET_CONFIGURATION */
        data[0] = 1;
        *actual = 1;
        return 0;
    }
    if (type == 0x01 && request == 0x0b) /* SET_INTERFACE */
        return set_interface(m, index, value) ? WUDF_USBIP_EPIPE : 0;
    if (type == 0x00 && (request == 0x01 || request == 0x03) && value == 1) { /* DEVICE_REMOTE_WAKEUP */
        m->remote_wakeup = request == 0x03;
        return 0;
    }
    if (type == 0x80 && request == 0x00 && wanted >= 2) { /* GET_STATUS(device): bus-powered */
        data[0] = m->remote_wakeup ? 0x02 : 0x00;
        data[1] = 0;
        *actual = 2;
        return 0;
    }
    if (type == 0x02 && request == 0x01 && value == 0) { /* CLEAR_FEATURE(ENDPOINT_HALT) */
        clear_halt(m, (uint8_t)index);
        return 0;
    }
    return WUDF_USBIP_EPIPE; /* the kit stalls requests it does not know */
}

/* Lock held: a control transfer's status; EPIPE for what the kit does not know. */
static int32_t control(fx2_model *m, const uint8_t *setup, uint8_t *data, size_t wanted, size_t *actual)
{
    uint8_t type = setup[0], request = setup[1];
    uint16_t value = (uint16_t)(setup[2] | setup[3] << 8);
    *actual = 0;
    if (type == 0x80 && request == 0x06) { /* GET_DESCRIPTOR */
        size_t length;
        const uint8_t *reply = descriptor(m, value, &length);
        if (!reply)
            return WUDF_USBIP_EPIPE;
        *actual = length < wanted ? length : wanted;
        memcpy(data, reply, *actual);
        return 0;
    }
    if (type == 0xc0 && wanted >= 1 && (request == 0xd4 || request == 0xd6 || request == 0xd7)) {
        data[0] = request == 0xd4 ? m->seven_segment : request == 0xd6 ? m->switches : m->bar_graph;
        *actual = 1;
        return 0;
    }
    if (type == 0x40 && wanted >= 1 && (request == 0xd8 || request == 0xdb)) {
        if (request == 0xd8)
            m->bar_graph = data[0];
        else
            m->seven_segment = data[0];
        *actual = 1;
        return 0;
    }
    return standard_request(m, setup, data, wanted, actual);
}

/* Lock held. */
static int submit_control(fx2_model *m, fx2_urb *u)
{
    if (u->length < 8)
        return FX2_MODEL_EINVAL;
    size_t wanted = (size_t)(u->data[6] | u->data[7] << 8);
    if (wanted > u->length - 8)
        return FX2_MODEL_EINVAL;
    if (m->muted) {
        push(&m->control_waiting, u);
        uv_cond_broadcast(&m->changed);
        return 0;
    }
    size_t actual;
    int32_t status = control(m, u->data, u->data + 8, wanted, &actual);
    answer(m, u, status, actual);
    return 0;
}

/* Lock held. */
static int submit_bulk_out(fx2_model *m, fx2_urb *u)
{
    /* The host controller ends a transfer of whole packets with a zero-length one when asked. */
    if (u->zero_packet && u->length % (m->alternate_setting ? 64 : 512) == 0)
        m->zero_packets++;
    if (m->halted_out) {
        answer(m, u, WUDF_USBIP_EPIPE, 0);
        return 0;
    }
    if (m->fifo_length + u->length > FX2_MODEL_FIFO_LIMIT)
        return FX2_MODEL_ENOMEM;
    memcpy(m->fifo + m->fifo_length, u->data, u->length);
    m->fifo_length += u->length;
    answer(m, u, 0, u->length);
    feed_bulk_reads(m);
    return 0;
}

/* Lock held. */
static int submit(fx2_model *m, fx2_urb *u)
{
    if (m->unplugged)
        return WUDF_USBIP_ENODEV;
    switch (u->endpoint) {
    case 0x00:
        return submit_control(m, u);
    case 0x02:
        return submit_bulk_out(m, u);
    case 0x86:
        if (m->halted_in) {
            answer(m, u, WUDF_USBIP_EPIPE, 0);
        } else {
            push(&m->bulk_waiting, u);
            feed_bulk_reads(m);
        }
        uv_cond_broadcast(&m->changed);
        return 0;
    case 0x81:
        if (m->halted_interrupt) {
            answer(m, u, WUDF_USBIP_EPIPE, 0);
            uv_cond_broadcast(&m->changed);
            return 0;
        }
        push(&m->interrupt_waiting, u);
        feed_interrupt_reads(m);
        uv_cond_broadcast(&m->changed);
        return 0;
    default:
        return WUDF_USBIP_ENOENT;
    }
}

int fx2_model_submit(fx2_model *m, fx2_urb *u)
{
    uv_mutex_lock(&m->lock);
    int rc = submit(m, u);
    uv_mutex_unlock(&m->lock);
    return rc;
}

/* Lock held: unlinks the URBs of owner (NULL: all) from list onto taken. */
static void take_from(fx2_urb **list, const void *owner, int one, uint64_t id, fx2_urb ***taken)
{
    while (*list) {
        fx2_urb *u = *list;
        if ((!owner || u->owner == owner) && (!one || u->id == id)) {
            *list = u->next;
            u->next = NULL;
            **taken = u;
            *taken = &u->next;
            if (one)
                return;
        } else {
            list = &u->next;
        }
    }
}

/* Lock held. */
static fx2_urb *take(fx2_model *m, const void *owner, int one, uint64_t id)
{
    fx2_urb *taken = NULL, **tail = &taken;
    fx2_urb **lists[] = {&m->control_waiting, &m->bulk_waiting, &m->interrupt_waiting};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0] && !(one && taken); i++)
        take_from(lists[i], owner, one, id, &tail);
    uv_cond_broadcast(&m->changed);
    return taken;
}

fx2_urb *fx2_model_cancel(fx2_model *m, const void *owner, uint64_t id)
{
    uv_mutex_lock(&m->lock);
    fx2_urb *u = take(m, owner, 1, id);
    if (u)
        m->cancels++;
    uv_mutex_unlock(&m->lock);
    return u;
}

fx2_urb *fx2_model_take_pending(fx2_model *m, const void *owner)
{
    uv_mutex_lock(&m->lock);
    fx2_urb *list = take(m, owner, 0, 0);
    uv_mutex_unlock(&m->lock);
    return list;
}

int fx2_model_set_interface(fx2_model *m, unsigned interface_number, unsigned alternate_setting)
{
    uv_mutex_lock(&m->lock);
    int rc = set_interface(m, interface_number, alternate_setting);
    uv_mutex_unlock(&m->lock);
    return rc;
}

void fx2_model_clear_halt(fx2_model *m, uint8_t endpoint)
{
    uv_mutex_lock(&m->lock);
    clear_halt(m, endpoint);
    uv_mutex_unlock(&m->lock);
}

void fx2_model_unplug(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    m->unplugged = 1;
    fx2_urb **lists[] = {&m->control_waiting, &m->bulk_waiting, &m->interrupt_waiting};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        fx2_urb *u;
        while ((u = pop(lists[i])))
            answer(m, u, WUDF_USBIP_ESHUTDOWN, 0); /* what URBs killed by a disconnect get */
    }
    uv_cond_broadcast(&m->changed);
    uv_mutex_unlock(&m->lock);
}

int fx2_model_is_unplugged(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    int unplugged = m->unplugged;
    uv_mutex_unlock(&m->lock);
    return unplugged;
}

void fx2_model_plug(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    m->unplugged = 0;
    m->bar_graph = m->seven_segment = m->switches = 0;
    m->report_count = 0;
    m->fifo_length = 0;
    m->halted_in = m->halted_out = m->halted_interrupt = 0;
    m->muted = 0;
    m->suspended = m->remote_wakeup = 0;
    m->alternate_setting = 0;
    uv_cond_broadcast(&m->changed);
    uv_mutex_unlock(&m->lock);
}

fx2_model *fx2_model_new(const uint8_t *config, size_t config_length, fx2_model_answer_fn *on_answer, void *context)
{
    fx2_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    if (!config) {
        config = config_descriptor;
        config_length = sizeof config_descriptor;
    }
    m->fifo = malloc(FX2_MODEL_FIFO_LIMIT);
    m->config = malloc(config_length ? config_length : 1);
    if (!m->fifo || !m->config || uv_mutex_init(&m->lock)) {
        free(m->fifo);
        free(m->config);
        free(m);
        return NULL;
    }
    if (uv_cond_init(&m->changed)) {
        uv_mutex_destroy(&m->lock);
        free(m->fifo);
        free(m->config);
        free(m);
        return NULL;
    }
    memcpy(m->config, config, config_length);
    m->config_length = config_length;
    m->answer = on_answer;
    m->context = context;
    return m;
}

void fx2_model_free(fx2_model *m)
{
    if (!m)
        return;
    uv_cond_destroy(&m->changed);
    uv_mutex_destroy(&m->lock);
    free(m->fifo);
    free(m->config);
    free(m);
}

const uint8_t *fx2_model_device_descriptor(size_t *length)
{
    *length = sizeof device_descriptor;
    return device_descriptor;
}

const uint8_t *fx2_model_config_descriptor(size_t *length)
{
    *length = sizeof config_descriptor;
    return config_descriptor;
}

uint8_t fx2_model_bar_graph(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    uint8_t v = m->bar_graph;
    uv_mutex_unlock(&m->lock);
    return v;
}

uint8_t fx2_model_seven_segment(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    uint8_t v = m->seven_segment;
    uv_mutex_unlock(&m->lock);
    return v;
}

void fx2_model_set_switches(fx2_model *m, uint8_t switches)
{
    uv_mutex_lock(&m->lock);
    m->switches = switches;
    if (m->report_count < sizeof m->reports)
        m->reports[m->report_count++] = switches;
    feed_interrupt_reads(m);
    uv_mutex_unlock(&m->lock);
}

void fx2_model_halt(fx2_model *m, uint8_t endpoint)
{
    uv_mutex_lock(&m->lock);
    if (endpoint == 0x86) {
        m->halted_in = 1;
    } else if (endpoint == 0x02) {
        m->halted_out = 1;
    } else if (endpoint == 0x81) {
        /* The host polls an interrupt endpoint: the reads waiting there see the stall at once. */
        m->halted_interrupt = 1;
        while (m->interrupt_waiting) {
            fx2_urb *u = m->interrupt_waiting;
            m->interrupt_waiting = u->next;
            answer(m, u, WUDF_USBIP_EPIPE, 0);
        }
        uv_cond_broadcast(&m->changed);
    }
    uv_mutex_unlock(&m->lock);
}

int fx2_model_is_halted(fx2_model *m, uint8_t endpoint)
{
    uv_mutex_lock(&m->lock);
    int halted = endpoint == 0x86   ? m->halted_in
                 : endpoint == 0x02 ? m->halted_out
                 : endpoint == 0x81 ? m->halted_interrupt
                                    : 0;
    uv_mutex_unlock(&m->lock);
    return halted;
}

unsigned fx2_model_clear_halt_count(fx2_model *m, uint8_t endpoint)
{
    uv_mutex_lock(&m->lock);
    unsigned n = endpoint == 0x86   ? m->clear_halts_in
                 : endpoint == 0x02 ? m->clear_halts_out
                 : endpoint == 0x81 ? m->clear_halts_interrupt
                                    : 0;
    uv_mutex_unlock(&m->lock);
    return n;
}

void fx2_model_set_suspended(fx2_model *m, int suspended)
{
    uv_mutex_lock(&m->lock);
    if (suspended && !m->suspended)
        m->suspends++;
    if (!suspended && m->suspended)
        m->resumes++;
    m->suspended = suspended;
    uv_cond_broadcast(&m->changed);
    uv_mutex_unlock(&m->lock);
}

void fx2_model_power(fx2_model *m, fx2_model_power_state *out)
{
    uv_mutex_lock(&m->lock);
    out->suspended = m->suspended;
    out->suspends = m->suspends;
    out->resumes = m->resumes;
    out->remote_wakeup = m->remote_wakeup;
    uv_mutex_unlock(&m->lock);
}

void fx2_model_mute_control(fx2_model *m, int muted)
{
    uv_mutex_lock(&m->lock);
    m->muted = muted;
    uv_mutex_unlock(&m->lock);
}

unsigned fx2_model_cancel_count(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    unsigned n = m->cancels;
    uv_mutex_unlock(&m->lock);
    return n;
}

unsigned fx2_model_alternate_setting(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    unsigned n = m->alternate_setting;
    uv_mutex_unlock(&m->lock);
    return n;
}

unsigned fx2_model_zero_packet_count(fx2_model *m)
{
    uv_mutex_lock(&m->lock);
    unsigned n = m->zero_packets;
    uv_mutex_unlock(&m->lock);
    return n;
}

/* Lock held. */
static unsigned waiting(const fx2_model *m, uint8_t endpoint)
{
    return count(endpoint == 0x86 ? m->bulk_waiting : endpoint == 0x81 ? m->interrupt_waiting : m->control_waiting);
}

int fx2_model_wait_pending(fx2_model *m, uint8_t endpoint, unsigned wanted, unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    uv_mutex_lock(&m->lock);
    for (;;) {
        uint64_t now = uv_hrtime();
        if (waiting(m, endpoint) >= wanted || now >= deadline)
            break;
        uv_cond_timedwait(&m->changed, &m->lock, deadline - now);
    }
    int ok = waiting(m, endpoint) >= wanted;
    uv_mutex_unlock(&m->lock);
    return ok ? 0 : -1;
}
