/*
 * The real wudfhost on the simulated kit, for tests that play the reflector on its channel: started
 * the way the kit's transport needs (under umockdev's preload, or plainly when it imports the kit over
 * USB/IP), and the usb.* keys of a DEVICE_START that name the kit.
 */
#ifndef OPENWUDF_TESTS_FX2_HOST_H
#define OPENWUDF_TESTS_FX2_HOST_H

#include "fx2_sim.h"
#include "host_channel.h"
#include "wire.h"

/* Spawns wudfhost (*spawned = 1 once it runs: host_proc_cleanup is then due) and does the handshake: 0, or
 * -1 with a message on stderr. */
int fx2_host_spawn(host_proc *host, fx2_sim *sim, const char *wudfhost, int *spawned);
/* A DEVICE_START's keys for one driver (service, its CLSID and module) on the kit at FX2_SIM_PORT_PATH,
 * with debug logging. */
void fx2_host_driver_keys(wudf_kv *kv, fx2_sim *sim, const char *service, const char *clsid, const char *binary);
/* The usb.* keys for the kit at port_path (over USB/IP: the busid port_path on the kit's server). */
void fx2_host_usb_keys(wudf_kv *kv, fx2_sim *sim, const char *port_path);

#endif
