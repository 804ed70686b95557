/*
 * wudfhost on the simulated kit (fx2_host.h).
 */
#include "fx2_host.h"

#include <stdio.h>
#include <stdlib.h>

int fx2_host_spawn(host_proc *host, fx2_sim *sim, const char *wudfhost, int *spawned)
{
    /* Behind umockdev: its preload in front of the host, and ASan told that it is not first. Over USB/IP the
     * kit is a server the host connects to: nothing to put in front of it. */
    char asan[512];
    const char *old = getenv("ASAN_OPTIONS");
    snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%sverify_asan_link_order=0", old ? old : "", old && *old ? ":" : "");
    const char *preload[] = {"LD_PRELOAD=libumockdev-preload.so.0", asan, NULL};
    if (host_proc_spawn(host, wudfhost, fx2_sim_usbip_server(sim) ? NULL : preload))
        return -1;
    *spawned = 1;
    return host_proc_handshake(host);
}

void fx2_host_driver_keys(wudf_kv *kv, fx2_sim *sim, const char *service, const char *clsid, const char *binary)
{
    wudf_kv_add(kv, "instance_id", "USB\\VID_0547&PID_1002\\5&2F1A0B3C&0&2", NULL);
    wudf_kv_add(kv, "hardware_id", "USB\\VID_0547&PID_1002", NULL);
    wudf_kv_add(kv, "service_count", "1", NULL);
    wudf_kv_add(kv, "service.0.name", service, NULL);
    wudf_kv_add(kv, "service.0.clsid", clsid, NULL);
    wudf_kv_add(kv, "service.0.binary", binary, NULL);
    wudf_kv_add(kv, "log_level", "debug", NULL);
    fx2_host_usb_keys(kv, sim, FX2_SIM_PORT_PATH);
}

void fx2_host_usb_keys(wudf_kv *kv, fx2_sim *sim, const char *port_path)
{
    wudf_kv_addf(kv, NULL, "usb.bus", "%d", FX2_SIM_BUS);
    wudf_kv_addf(kv, NULL, "usb.address", "%d", FX2_SIM_ADDRESS);
    wudf_kv_add(kv, "usb.vid", "0547", NULL);
    wudf_kv_add(kv, "usb.pid", "1002", NULL);
    wudf_kv_add(kv, "usb.port_path", port_path, NULL);
    if (fx2_sim_usbip_server(sim)) {
        wudf_kv_add(kv, "usb.usbip", fx2_sim_usbip_server(sim), NULL);
        wudf_kv_add(kv, "usb.busid", port_path, NULL);
    }
}
