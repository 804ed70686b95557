/*
 * The part of fx2_sim.h that only reads or sets the kit's state: the same over either transport, so
 * one copy over fx2_sim_model.
 */
#include <stdio.h>
#include <string.h>

#include "fx2_model.h"
#include "fx2_sim.h"

const char *fx2_sim_busid(fx2_sim *sim)
{
    (void)sim;
    return FX2_SIM_PORT_PATH;
}

void fx2_sim_usbip_instance_id(fx2_sim *sim, char *out, size_t size)
{
    const char *server = fx2_sim_usbip_server(sim);
    if (!server) {
        snprintf(out, size, "%s", "");
        return;
    }
    snprintf(out, size, "USB\\VID_0547&PID_1002\\USBIP_%s_%s", server, fx2_sim_busid(sim));
    /* The server is 127.0.0.1:PORT; a ':' may not stand in an instance id. */
    char *colon = strrchr(out, ':');
    if (colon)
        *colon = '_';
}

uint8_t fx2_sim_bar_graph(fx2_sim *sim)
{
    return fx2_model_bar_graph(fx2_sim_model(sim));
}

uint8_t fx2_sim_seven_segment(fx2_sim *sim)
{
    return fx2_model_seven_segment(fx2_sim_model(sim));
}

void fx2_sim_set_switches(fx2_sim *sim, uint8_t switches)
{
    fx2_model_set_switches(fx2_sim_model(sim), switches);
}

void fx2_sim_halt(fx2_sim *sim, uint8_t endpoint)
{
    fx2_model_halt(fx2_sim_model(sim), endpoint);
}

int fx2_sim_is_halted(fx2_sim *sim, uint8_t endpoint)
{
    return fx2_model_is_halted(fx2_sim_model(sim), endpoint);
}

unsigned fx2_sim_clear_halt_count(fx2_sim *sim, uint8_t endpoint)
{
    return fx2_model_clear_halt_count(fx2_sim_model(sim), endpoint);
}

void fx2_sim_mute_control(fx2_sim *sim, int muted)
{
    fx2_model_mute_control(fx2_sim_model(sim), muted);
}

unsigned fx2_sim_discard_count(fx2_sim *sim)
{
    return fx2_model_cancel_count(fx2_sim_model(sim));
}

static fx2_model_power_state power_of(fx2_sim *sim)
{
    fx2_model_power_state p;
    fx2_model_power(fx2_sim_model(sim), &p);
    return p;
}

int fx2_sim_suspended(fx2_sim *sim)
{
    return power_of(sim).suspended;
}

unsigned fx2_sim_suspend_count(fx2_sim *sim)
{
    return power_of(sim).suspends;
}

unsigned fx2_sim_resume_count(fx2_sim *sim)
{
    return power_of(sim).resumes;
}

int fx2_sim_remote_wakeup(fx2_sim *sim)
{
    return power_of(sim).remote_wakeup;
}

unsigned fx2_sim_alternate_setting(fx2_sim *sim)
{
    return fx2_model_alternate_setting(fx2_sim_model(sim));
}

unsigned fx2_sim_zero_packet_count(fx2_sim *sim)
{
    return fx2_model_zero_packet_count(fx2_sim_model(sim));
}

int fx2_sim_wait_pending(fx2_sim *sim, uint8_t endpoint, unsigned wanted, unsigned timeout_ms)
{
    return fx2_model_wait_pending(fx2_sim_model(sim), endpoint, wanted, timeout_ms);
}
