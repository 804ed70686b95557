/*
 * The OSR USB-FX2 learning kit's own behaviour, whatever carries its URBs (umockdev's usbfs in
 * fx2_sim.c, USB/IP in fx2_sim_usbip.c): its descriptors, the standard and vendor control requests,
 * the bar graph, seven-segment display and switches, bulk loopback 0x02 -> 0x86, switch reports on
 * interrupt endpoint 0x81, halted endpoints, alternate settings, and reads that wait for data.
 *
 * A transport submits URBs; the model answers each exactly once through the answer callback, at once
 * or later (from whichever thread makes the data arrive), unless the transport takes it back first
 * (cancel, take_pending). The model has a lock of its own: every function may be called from any
 * thread. The callback runs with that lock held, so it must not call the model; it may take a lock of
 * the transport's that the transport never holds while calling the model.
 */
#ifndef OPENWUDF_TESTS_FX2_MODEL_H
#define OPENWUDF_TESTS_FX2_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "usbip.h" /* URB statuses: Linux's negative errno values (WUDF_USBIP_EPIPE ...) */

/* Refusals of a submit (the URB stays the transport's), besides WUDF_USBIP_ENODEV (unplugged) and
 * WUDF_USBIP_ENOENT (no such endpoint): Linux's errno values too. */
#define FX2_MODEL_ENOMEM (-12) /* the loopback FIFO would overflow */
#define FX2_MODEL_EINVAL (-22) /* a control transfer shorter than its setup packet says */

#define FX2_MODEL_FIFO_LIMIT (1024u * 1024u)

typedef struct fx2_model fx2_model;

typedef struct fx2_urb {
    struct fx2_urb *next; /* the model's while it holds the URB; links the lists it hands back */
    const void *owner;    /* the transport's: who submitted it (a client, a connection) */
    uint64_t id;          /* the transport's name for it, unique per owner */
    uint8_t endpoint;     /* 0x00 control, 0x02 bulk OUT, 0x86 bulk IN, 0x81 interrupt IN */
    int zero_packet;      /* an OUT transfer of whole packets ends with a zero-length one */
    uint8_t *data;        /* control: the 8-byte setup packet, then the data stage */
    size_t length;
    /* The answer. */
    int32_t status;       /* 0 or a WUDF_USBIP_E* status */
    size_t actual;        /* bytes transferred (control: of the data stage) */
} fx2_urb;

typedef void fx2_model_answer_fn(void *context, fx2_urb *urb);

/* A freshly powered kit. config: what GET_DESCRIPTOR(CONFIGURATION) answers (NULL: the kit's own). */
fx2_model *fx2_model_new(const uint8_t *config, size_t config_length, fx2_model_answer_fn *on_answer, void *context);
/* The transport has taken back every URB first (fx2_model_take_pending(model, NULL)). */
void fx2_model_free(fx2_model *model);

/* The kit's own descriptors, as sysfs or a USB/IP device list describes it. */
const uint8_t *fx2_model_device_descriptor(size_t *length);
const uint8_t *fx2_model_config_descriptor(size_t *length);

/* 0: the model holds the URB and answers it (maybe before returning); else a refusal, see above. */
int fx2_model_submit(fx2_model *model, fx2_urb *urb);
/* Takes back a URB still waiting for its answer (counted as a discard); NULL when it was answered. */
fx2_urb *fx2_model_cancel(fx2_model *model, const void *owner, uint64_t id);
/* Takes back, unanswered, every waiting URB of owner (NULL: of everyone), as a list. */
fx2_urb *fx2_model_take_pending(fx2_model *model, const void *owner);

/* What usbfs does with ioctls and USB/IP with standard control requests. -EINVAL for a setting the kit
 * does not have. */
int fx2_model_set_interface(fx2_model *model, unsigned interface_number, unsigned alternate_setting);
void fx2_model_clear_halt(fx2_model *model, uint8_t endpoint);

/* Unplug answers every waiting URB with -ESHUTDOWN and refuses later submits (-ENODEV); plug makes a
 * freshly powered kit (LEDs off, FIFO empty, setting 0, nothing halted or muted). */
void fx2_model_unplug(fx2_model *model);
int fx2_model_is_unplugged(fx2_model *model);
void fx2_model_plug(fx2_model *model);

/* Selective suspend as the bus does it: suspended or resumed (each change counted). The transport
 * decides what a suspended kit does with a transfer. Remote wakeup is what the program enabled with
 * SET_FEATURE(DEVICE_REMOTE_WAKEUP) (the configuration says the kit supports it). */
typedef struct fx2_model_power_state {
    int suspended;
    unsigned suspends, resumes;
    int remote_wakeup;
} fx2_model_power_state;
void fx2_model_set_suspended(fx2_model *model, int suspended);
void fx2_model_power(fx2_model *model, fx2_model_power_state *out);

/* The state and controls of fx2_sim.h. */
uint8_t fx2_model_bar_graph(fx2_model *model);
uint8_t fx2_model_seven_segment(fx2_model *model);
void fx2_model_set_switches(fx2_model *model, uint8_t switches);
void fx2_model_halt(fx2_model *model, uint8_t endpoint);
int fx2_model_is_halted(fx2_model *model, uint8_t endpoint);
unsigned fx2_model_clear_halt_count(fx2_model *model, uint8_t endpoint);
void fx2_model_mute_control(fx2_model *model, int muted);
unsigned fx2_model_cancel_count(fx2_model *model);
unsigned fx2_model_alternate_setting(fx2_model *model);
unsigned fx2_model_zero_packet_count(fx2_model *model);
/* Waits up to timeout_ms until count URBs wait on endpoint (0x86, 0x81; anything else: control); 0 when they do. */
int fx2_model_wait_pending(fx2_model *model, uint8_t endpoint, unsigned count, unsigned timeout_ms);

#endif
