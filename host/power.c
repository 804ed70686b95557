/*
 * The device's power policy (IWDFDevice2 idle and wake settings, StopIdle/ResumeIdle) and its
 * simulated power states. There is no hardware to power down, but the driver's callbacks run in
 * the order UMDF runs them:
 *   - idle: with nothing in its power-managed queues and no StopIdle for the idle timeout, the
 *     device leaves D0 (OnSelfManagedIoSuspend, OnArmWakeFromS0 when it can wake,
 *     OnD0ExitPreInterruptsDisabled, OnD0Exit(Dx)); the next request for a power-managed queue, or
 *     StopIdle, brings it back (OnD0Entry(Dx), OnD0EntryPostInterruptsEnabled, OnDisarmWakeFromS0,
 *     OnSelfManagedIoRestart), and the queues go on. The interrupt callbacks come where WDF's D0
 *     entry and exit have them, though no device here has interrupts;
 *   - system sleep (WUDF_MSG_POWER, `wudfctl suspend`): the power-managed queues stop, requests the
 *     driver holds from them get OnIoStop and must be acknowledged, then the same way down to D3
 *     (OnArmWakeFromSx when wake from Sx is enabled); resume comes back and OnIoResume follows;
 *   - the device's wake signal (`wudfctl wake`): armed in an idle Dx, it comes back to D0 with
 *     OnWakeFromS0Triggered between OnD0Entry and OnDisarmWakeFromS0; armed while the system
 *     sleeps, the system resumes with OnWakeFromSxTriggered in the same place; unarmed, refused.
 * One thread per device makes every transition, so transitions never overlap and never run on the
 * dispatcher, which keeps taking messages (cancels among them) while the driver stops its I/O.
 */
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "usb_hooks.h"
#include "watchdog.h"

/* The framework's default idle timeout (IdleTimeoutDefaultValue), as WDF documents it: 5 s. */
#define DEFAULT_IDLE_TIMEOUT_MS 5000u

typedef struct wudf_power wudf_power;
struct wudf_power {
    wudf_device *device;
    uv_thread_t thread;
    uv_cond_t wake;         /* the thread's own: host->changed is broadcast for every request */
    int running;
    int quit;
    /* AssignS0IdleSettings */
    int idle_assigned;
    WDF_POWER_POLICY_S0_IDLE_CAPABILITIES idle_caps;
    DEVICE_POWER_STATE idle_state;
    ULONG idle_timeout_ms;
    int idle_enabled;
    /* AssignSxWakeSettings */
    int wake_assigned;
    DEVICE_POWER_STATE wake_state;
    int wake_enabled;
    /* The simulated state, under the host lock. */
    DEVICE_POWER_STATE state;
    int held;               /* power-managed queues do not present: the device is leaving or out of D0 */
    int sleeping;           /* the system is in S3 */
    int slept_in_d0;        /* it was in D0 when the system went to sleep: it comes back on resume */
    int up_on_wake;         /* PowerUpIdleDeviceOnSystemWake: back to D0 on resume even from idle */
    int armed_s0, armed_sx;
    unsigned stop_idle;     /* StopIdle references */
    uint64_t active_ms;     /* the last activity of a power-managed queue */
    int want_d0;            /* a request or StopIdle waits for D0 */
    int winusb_down;        /* WinUSB idled it: only a transfer brings it back, as WinUSB.sys resumes for one */
    int winusb_misuse_told; /* a power-managed queue's request waited meanwhile: told once per idle */
    unsigned want_system;   /* wudf_power_minor asked by the reflector, 0 for none */
    unsigned idle_downs, wakeups;
    char usb_bus[240];      /* a USB device's bus (wudf_usb_bus_power), "" for another device */
    POWER_ACTION action;
    IPowerPolicyCallbackWakeFromS0 *wake_s0;
    IPowerPolicyCallbackWakeFromSx *wake_sx;
};

static const char *state_name(DEVICE_POWER_STATE s)
{
    static const char *const names[] = {"unspecified", "D0", "D1", "D2", "D3"};
    return s >= PowerDeviceUnspecified && s <= PowerDeviceD3 ? names[s] : "?";
}

/* Only a USB device can signal wake here: a root-enumerated device's capabilities say it cannot
 * (DeviceWake unspecified), so Windows refuses wake settings for it with STATUS_POWER_STATE_INVALID. */
static int can_wake(wudf_device *d)
{
    return d->obj.host->usb != NULL;
}

/* Host lock held. */
static int busy_locked(wudf_power *p)
{
    if (p->stop_idle)
        return 1;
    wudf_list *pos;
    for (pos = p->device->queues.next; pos != &p->device->queues; pos = pos->next) {
        wudf_queue *q = WUDF_CONTAINER_OF(pos, wudf_queue, device_link);
        if (q->power_managed && (q->waiting_count || q->in_driver))
            return 1;
    }
    return 0;
}

/* Tells the reflector the device's power state; with a request (suspend/resume), its outcome too. */
static void report(wudf_power *p, const char *reason, const char *request, NTSTATUS status, const char *message)
{
    wudf_host *host = p->device->obj.host;
    wudf_kv kv;
    wudf_error err;
    char idle[128], wake[96];
    uint64_t due;
    unsigned delay = 0;
    int winusb = wudf_usb_winusb_idle(host, &due, &delay);
    uv_mutex_lock(&host->lock);
    DEVICE_POWER_STATE state = p->state;
    int sleeping = p->sleeping;
    unsigned downs = p->idle_downs, ups = p->wakeups;
    char bus[sizeof p->usb_bus];
    snprintf(bus, sizeof bus, "%s", p->usb_bus);
    if (p->idle_assigned)
        snprintf(idle, sizeof idle, "%s, %s after %lu ms, %s", p->idle_enabled ? "enabled" : "disabled",
                 state_name(p->idle_state), (unsigned long)p->idle_timeout_ms,
                 p->idle_caps == IdleCannotWakeFromS0 ? "cannot wake"
                 : p->idle_caps == IdleCanWakeFromS0  ? "can wake"
                                                      : "USB selective suspend");
    else if (winusb)
        snprintf(idle, sizeof idle, "WinUSB selective suspend after %u ms", delay);
    else
        snprintf(idle, sizeof idle, "not assigned");
    if (p->wake_assigned)
        snprintf(wake, sizeof wake, "%s, %s", p->wake_enabled ? "enabled" : "disabled", state_name(p->wake_state));
    else
        snprintf(wake, sizeof wake, "not assigned");
    uv_mutex_unlock(&host->lock);
    wudf_kv_init(&kv);
    int rc = wudf_kv_add(&kv, "event", "power", &err);
    rc = rc ? rc : wudf_kv_add(&kv, "power_state", state_name(state), &err);
    rc = rc ? rc : wudf_kv_add(&kv, "system_state", sleeping ? "S3" : "S0", &err);
    rc = rc ? rc : wudf_kv_add(&kv, "reason", reason, &err);
    rc = rc ? rc : wudf_kv_add(&kv, "idle", idle, &err);
    rc = rc ? rc : wudf_kv_add(&kv, "wake", wake, &err);
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "idle_downs", "%u", downs);
    rc = rc ? rc : wudf_kv_addf(&kv, &err, "wakeups", "%u", ups);
    if (bus[0])
        rc = rc ? rc : wudf_kv_add(&kv, "usb_bus", bus, &err);
    if (request) {
        rc = rc ? rc : wudf_kv_add(&kv, "request", request, &err);
        rc = rc ? rc : wudf_kv_addf(&kv, &err, "status", "0x%08lx", (unsigned long)(ULONG)status);
        if (message)
            rc = rc ? rc : wudf_kv_add(&kv, "message", message, &err);
    }
    if (rc)
        wudf_log(WUDF_LOG_ERROR, "power-report", "reason=\"%s\"", err.message);
    else
        wudf_host_send_event(host, &kv);
    wudf_kv_free(&kv);
    wudf_log(WUDF_LOG_INFO, "power", "state=%s system=%s reason=%s idle_downs=%u wakeups=%u", state_name(state),
             sleeping ? "S3" : "S0", reason, downs, ups);
}

/* Power callbacks are not serialized with the I/O callbacks by the device-level lock, as in WDF:
 * an I/O callback may wait in StopIdle(TRUE) for the OnD0Entry that brings the device back. They
 * are watched like any callback, so one that never returns still recycles the host. */
static void power_enter(void)
{
    wudf_watchdog_enter();
}

static void power_leave(void)
{
    wudf_watchdog_leave();
}

static void log_failed(const char *callback, HRESULT hr)
{
    wudf_log(WUDF_LOG_WARN, "pnp-callback-failed", "callback=%s hr=0x%08lX", callback, (unsigned long)(ULONG)hr);
}

/* D0 -> dx: self-managed I/O suspended, wake armed, OnD0Exit. The queues are held already. winusb: WinUSB
 * idles the device, not the driver's policy: no wake callbacks (the driver is no power policy owner), and the
 * bus arms the device's remote wakeup as WinUSB has it armed for selective suspend. */
static void leave_d0(wudf_power *p, DEVICE_POWER_STATE dx, int system, int winusb)
{
    wudf_device *d = p->device;
    IWDFDevice *device = (IWDFDevice *)(void *)d;
    IWDFDevice3 *device3 = (IWDFDevice3 *)(void *)d;
    HRESULT hr;
    int arm_s0 = 0, arm_sx = 0;
    uv_mutex_lock(&d->obj.host->lock);
    /* The framework arms what the settings say; the callbacks only tell the driver (WDF calls them when
     * the driver has them), and one that fails keeps the device unarmed. */
    if (system)
        arm_sx = p->wake_assigned && p->wake_enabled;
    else if (!winusb)
        arm_s0 = p->idle_caps != IdleCannotWakeFromS0;
    uv_mutex_unlock(&d->obj.host->lock);
    power_enter();
    if (d->self_managed_io && FAILED(hr = IPnpCallbackSelfManagedIo_OnSelfManagedIoSuspend(d->self_managed_io, device)))
        log_failed("OnSelfManagedIoSuspend", hr);
    if (arm_s0 && p->wake_s0 && FAILED(hr = IPowerPolicyCallbackWakeFromS0_OnArmWakeFromS0(p->wake_s0, device))) {
        log_failed("OnArmWakeFromS0", hr);
        arm_s0 = 0;
    }
    if (arm_sx && p->wake_sx && FAILED(hr = IPowerPolicyCallbackWakeFromSx_OnArmWakeFromSx(p->wake_sx, device))) {
        log_failed("OnArmWakeFromSx", hr);
        arm_sx = 0;
    }
    if (d->hardware_interrupt && FAILED(hr = IPnpCallbackHardwareInterrupt_OnD0ExitPreInterruptsDisabled(
                                      d->hardware_interrupt, device3, (WDF_POWER_DEVICE_STATE)dx)))
        log_failed("OnD0ExitPreInterruptsDisabled", hr);
    if (d->pnp && FAILED(hr = IPnpCallback_OnD0Exit(d->pnp, device, (WDF_POWER_DEVICE_STATE)dx)))
        log_failed("OnD0Exit", hr);
    power_leave();
    /* Out of D0, a USB device's port is suspended, as Windows' hub driver does for D1-D3. */
    char bus[sizeof p->usb_bus];
    wudf_usb_bus_power(d->obj.host, 1, arm_s0 || arm_sx || winusb, bus, sizeof bus);
    uv_mutex_lock(&d->obj.host->lock);
    snprintf(p->usb_bus, sizeof p->usb_bus, "%s", bus);
    p->state = dx;
    p->armed_s0 = arm_s0;
    p->armed_sx = arm_sx;
    uv_mutex_unlock(&d->obj.host->lock);
}

/* Dx -> D0: OnD0Entry, wake disarmed, self-managed I/O restarted, then the queues go on. When the
 * device signalled wake (woke), the Triggered callback of what it was armed for comes between
 * OnD0Entry and the disarm, as WDF calls it. Returns 0, or -1 when OnD0Entry failed (the host is
 * then recycled, as a device that fails to power up is removed). */
static int enter_d0(wudf_power *p, const char *reason, int woke)
{
    wudf_device *d = p->device;
    wudf_host *host = d->obj.host;
    IWDFDevice *device = (IWDFDevice *)(void *)d;
    IWDFDevice3 *device3 = (IWDFDevice3 *)(void *)d;
    HRESULT hr = S_OK;
    uv_mutex_lock(&host->lock);
    DEVICE_POWER_STATE from = p->state;
    int armed_s0 = p->armed_s0, armed_sx = p->armed_sx;
    uv_mutex_unlock(&host->lock);
    /* The bus resumes the device before its driver's OnD0Entry can touch it. */
    char bus[sizeof p->usb_bus];
    wudf_usb_bus_power(host, 0, 0, bus, sizeof bus);
    uv_mutex_lock(&host->lock);
    snprintf(p->usb_bus, sizeof p->usb_bus, "%s", bus);
    uv_mutex_unlock(&host->lock);
    const char *failed = "OnD0Entry";
    power_enter();
    if (d->pnp)
        hr = IPnpCallback_OnD0Entry(d->pnp, device, (WDF_POWER_DEVICE_STATE)from);
    if (SUCCEEDED(hr) && d->hardware_interrupt) {
        failed = "OnD0EntryPostInterruptsEnabled";
        hr = IPnpCallbackHardwareInterrupt_OnD0EntryPostInterruptsEnabled(d->hardware_interrupt, device3,
                                                                          (WDF_POWER_DEVICE_STATE)from);
    }
    if (SUCCEEDED(hr)) {
        if (woke && armed_s0 && p->wake_s0)
            IPowerPolicyCallbackWakeFromS0_OnWakeFromS0Triggered(p->wake_s0, device);
        if (woke && armed_sx && p->wake_sx)
            IPowerPolicyCallbackWakeFromSx_OnWakeFromSxTriggered(p->wake_sx, device);
        if (armed_s0 && p->wake_s0)
            IPowerPolicyCallbackWakeFromS0_OnDisarmWakeFromS0(p->wake_s0, device);
        if (armed_sx && p->wake_sx)
            IPowerPolicyCallbackWakeFromSx_OnDisarmWakeFromSx(p->wake_sx, device);
        if (d->self_managed_io &&
            FAILED(hr = IPnpCallbackSelfManagedIo_OnSelfManagedIoRestart(d->self_managed_io, device)))
            log_failed("OnSelfManagedIoRestart", hr);
        hr = S_OK;
    }
    power_leave();
    if (FAILED(hr)) {
        char message[160];
        snprintf(message, sizeof message, "%s(%s) failed with 0x%08lX", failed, state_name(from),
                 (unsigned long)(ULONG)hr);
        wudf_log(WUDF_LOG_ERROR, "power-up-failed", "reason=%s hr=0x%08lX", reason, (unsigned long)(ULONG)hr);
        report(p, "power-up-failed", NULL, STATUS_POWER_STATE_INVALID, message);
        wudf_kv kv;
        wudf_error err;
        wudf_kv_init(&kv);
        if (!wudf_kv_add(&kv, "event", "power-failed", &err) && !wudf_kv_add(&kv, "message", message, &err))
            wudf_host_send_event(host, &kv);
        wudf_kv_free(&kv);
        return -1;
    }
    uv_mutex_lock(&host->lock);
    p->state = PowerDeviceD0;
    p->winusb_down = 0;
    p->armed_s0 = p->armed_sx = 0;
    p->wakeups++;
    p->active_ms = wudf_now_ms();
    uv_mutex_unlock(&host->lock);
    return 0;
}

/* Host lock held: power-managed queues present again. */
static void release_queues_locked(wudf_power *p)
{
    p->held = 0;
    wudf_list *pos;
    for (pos = p->device->queues.next; pos != &p->device->queues; pos = pos->next)
        wudf_queue_pump_locked(WUDF_CONTAINER_OF(pos, wudf_queue, device_link));
    uv_cond_broadcast(&p->device->obj.host->changed);
}

/* request: the reflector's request this answers ("wake"), or NULL. */
static void power_up(wudf_power *p, const char *reason, const char *request, int woke)
{
    if (enter_d0(p, reason, woke))
        return;
    uv_mutex_lock(&p->device->obj.host->lock);
    release_queues_locked(p);
    uv_mutex_unlock(&p->device->obj.host->lock);
    report(p, reason, request, STATUS_SUCCESS, NULL);
}

static void system_suspend(wudf_power *p)
{
    wudf_device *d = p->device;
    wudf_host *host = d->obj.host;
    char message[200] = "";
    uv_mutex_lock(&host->lock);
    if (p->sleeping) {
        uv_mutex_unlock(&host->lock);
        report(p, "suspend", "suspend", STATUS_SUCCESS, "the system is asleep already");
        return;
    }
    p->held = 1;
    p->action = PowerActionSleep;
    int in_d0 = p->state == PowerDeviceD0;
    uv_mutex_unlock(&host->lock);
    if (in_d0) {
        unsigned told = wudf_queue_power_stop(d, WdfRequestStopActionSuspend, 1);
        unsigned left = told ? wudf_queue_power_wait_stopped(d, wudf_now_ms() + host->options.stop_timeout_ms) : 0;
        if (left) {
            snprintf(message, sizeof message,
                     "%u of %u requests held by the driver were not acknowledged (StopAcknowledge) in %u ms", left,
                     told, host->options.stop_timeout_ms);
            wudf_driver_bug("stop-not-acknowledged", message);
        }
        leave_d0(p, PowerDeviceD3, 1, 0);
    }
    uv_mutex_lock(&host->lock);
    p->sleeping = 1;
    p->slept_in_d0 = in_d0;
    p->action = PowerActionNone;
    uv_mutex_unlock(&host->lock);
    report(p, "suspend", "suspend", STATUS_SUCCESS, message[0] ? message : NULL);
}

/* request: "resume", or "wake" when the device's wake signal resumes the system (woke). */
static void system_resume(wudf_power *p, const char *request, int woke)
{
    wudf_host *host = p->device->obj.host;
    uv_mutex_lock(&host->lock);
    if (!p->sleeping) {
        uv_mutex_unlock(&host->lock);
        report(p, request, request, STATUS_SUCCESS, "the system is not asleep");
        return;
    }
    p->sleeping = 0;
    int back = p->slept_in_d0 || p->up_on_wake;
    p->action = back ? PowerActionSleep : PowerActionNone;
    uv_mutex_unlock(&host->lock);
    /* A device that had idled down before the sleep stays down until it is needed, as in WDF. */
    if (back && enter_d0(p, request, woke))
        return;
    if (back)
        wudf_queue_power_resume(p->device);
    uv_mutex_lock(&host->lock);
    p->action = PowerActionNone;
    if (back)
        release_queues_locked(p);
    else if (p->want_d0 || busy_locked(p))
        p->want_d0 = 1; /* requests came while asleep: the loop brings the device up */
    uv_mutex_unlock(&host->lock);
    report(p, request, request, STATUS_SUCCESS, NULL);
}

/* The device signals wake, as its hardware would: only a device armed for it is heard. Armed for
 * wake from Sx, the device left D0 with the system, so the system resume brings it back. */
static void device_wake(wudf_power *p)
{
    wudf_host *host = p->device->obj.host;
    uv_mutex_lock(&host->lock);
    int from_sx = p->sleeping && p->armed_sx;
    int from_s0 = !p->sleeping && p->armed_s0 && p->state != PowerDeviceD0;
    uv_mutex_unlock(&host->lock);
    if (from_sx)
        system_resume(p, "wake", 1);
    else if (from_s0)
        power_up(p, "wake", "wake", 1);
    else
        report(p, "wake", "wake", STATUS_INVALID_DEVICE_STATE, "the device is not armed for wake");
}

/* winusb: WinUSB's selective suspend (usb_winusb_idle.c), to D2, the state it chooses for a device that can
 * wake; else the driver's idle settings. */
static void idle_down(wudf_power *p, int winusb)
{
    wudf_host *host = p->device->obj.host;
    uv_mutex_lock(&host->lock);
    DEVICE_POWER_STATE dx = winusb ? PowerDeviceD2 : p->idle_state;
    p->idle_downs++;
    uv_mutex_unlock(&host->lock);
    leave_d0(p, dx, 0, winusb);
    report(p, "idle", NULL, STATUS_SUCCESS, NULL);
}

/* Host lock held, the device in D0 and idling by one policy (winusb: WinUSB's, else the driver's): down
 * to Dx once due (the lock let go meanwhile); else a wait until then, or busy_wait_ms while busy (due
 * UINT64_MAX), looked at again then rather than woken by every request that ends. */
static void idle_when_due(wudf_power *p, uint64_t due, uint64_t busy_wait_ms, int winusb)
{
    wudf_host *host = p->device->obj.host;
    uint64_t now = wudf_now_ms();
    if (due != UINT64_MAX && now >= due) {
        p->held = 1; /* checked idle under the lock: nothing can slip into the driver now */
        p->winusb_down = winusb;
        p->winusb_misuse_told = 0;
        uv_mutex_unlock(&host->lock);
        idle_down(p, winusb);
        uv_mutex_lock(&host->lock);
        return;
    }
    uv_cond_timedwait(&p->wake, &host->lock, (due == UINT64_MAX ? busy_wait_ms : due - now) * 1000000u);
}

/* Host lock held, the device in D0 with no idle settings of its driver: WinUSB's policy, when it applies,
 * suspends it or says how long to wait (1); 0 when it does not apply. The lock is let go meanwhile. */
static int winusb_idle(wudf_power *p)
{
    wudf_host *host = p->device->obj.host;
    uint64_t due = 0;
    unsigned delay = 0;
    uv_mutex_unlock(&host->lock);
    int applies = wudf_usb_winusb_idle(host, &due, &delay);
    uv_mutex_lock(&host->lock);
    if (!applies)
        return 0;
    if (p->quit || p->want_system || p->want_d0 || p->state != PowerDeviceD0 || p->sleeping || p->idle_assigned)
        return 1; /* something changed meanwhile: the loop looks again */
    idle_when_due(p, due, (uint64_t)delay + 1, 1);
    return 1;
}

static void power_thread(void *arg)
{
    wudf_power *p = arg;
    wudf_host *host = p->device->obj.host;
    uv_mutex_lock(&host->lock);
    while (!p->quit) {
        if (p->want_system) {
            unsigned what = p->want_system;
            p->want_system = 0;
            uv_mutex_unlock(&host->lock);
            if (what == WUDF_POWER_MINOR_SUSPEND)
                system_suspend(p);
            else if (what == WUDF_POWER_MINOR_WAKE)
                device_wake(p);
            else
                system_resume(p, "resume", 0);
            uv_mutex_lock(&host->lock);
            continue;
        }
        if (p->want_d0 && !p->sleeping && p->state != PowerDeviceD0) {
            p->want_d0 = 0;
            uv_mutex_unlock(&host->lock);
            power_up(p, p->stop_idle ? "stop-idle" : "io", NULL, 0);
            uv_mutex_lock(&host->lock);
            continue;
        }
        p->want_d0 = 0;
        if (p->state == PowerDeviceD0 && !p->sleeping && !p->idle_assigned && host->usb && winusb_idle(p))
            continue;
        if (p->state == PowerDeviceD0 && !p->sleeping && p->idle_assigned && p->idle_enabled)
            idle_when_due(p, busy_locked(p) ? UINT64_MAX : p->active_ms + p->idle_timeout_ms, p->idle_timeout_ms, 0);
        else
            uv_cond_wait(&p->wake, &host->lock);
    }
    uv_mutex_unlock(&host->lock);
}

int wudf_power_create(wudf_device *d)
{
    wudf_power *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    if (uv_cond_init(&p->wake)) {
        free(p);
        return -1;
    }
    p->device = d;
    p->state = PowerDeviceD0;
    p->action = PowerActionNone;
    p->wake_s0 = wudf_object_query_callback(&d->obj, &IID_IPowerPolicyCallbackWakeFromS0);
    p->wake_sx = wudf_object_query_callback(&d->obj, &IID_IPowerPolicyCallbackWakeFromSx);
    d->power = p;
    return 0;
}

void wudf_power_free(wudf_device *d)
{
    wudf_power *p = d->power;
    if (!p)
        return;
    WUDF_RELEASE(p->wake_s0);
    WUDF_RELEASE(p->wake_sx);
    uv_cond_destroy(&p->wake);
    free(p);
    d->power = NULL;
}

void wudf_power_start(wudf_device *d)
{
    wudf_power *p = d->power;
    if (!p || p->running)
        return;
    uv_mutex_lock(&d->obj.host->lock);
    p->active_ms = wudf_now_ms();
    if (d->obj.host->usb)
        snprintf(p->usb_bus, sizeof p->usb_bus, "active");
    uv_mutex_unlock(&d->obj.host->lock);
    if (uv_thread_create(&p->thread, power_thread, p)) {
        wudf_log(WUDF_LOG_ERROR, "power-thread", "reason=\"cannot create the thread: the device never idles\"");
        return;
    }
    p->running = 1;
    report(p, "start", NULL, STATUS_SUCCESS, NULL);
}

void wudf_power_stop(wudf_device *d, int *in_d0)
{
    wudf_power *p = d->power;
    if (!p)
        return;
    wudf_host *host = d->obj.host;
    uv_mutex_lock(&host->lock);
    p->quit = 1;
    uv_cond_signal(&p->wake);
    uv_mutex_unlock(&host->lock);
    if (p->running)
        uv_thread_join(&p->thread);
    p->running = 0;
    uv_mutex_lock(&host->lock);
    /* Removed while out of D0: OnD0Exit ran already, it does not run again. */
    if (p->state != PowerDeviceD0)
        *in_d0 = 0;
    p->want_d0 = 0;
    uv_cond_broadcast(&host->changed); /* StopIdle(TRUE) callers give up */
    uv_mutex_unlock(&host->lock);
}

static const char *request_name(unsigned minor)
{
    return minor == WUDF_POWER_MINOR_SUSPEND ? "suspend" : minor == WUDF_POWER_MINOR_WAKE ? "wake" : "resume";
}

void wudf_power_system(wudf_host *host, unsigned minor)
{
    /* The stack's transitions are its power policy owner's (stack.h). */
    wudf_device *d = wudf_stack_power_owner(host);
    uv_mutex_lock(&host->lock);
    wudf_power *p = d && host->state == WUDF_HOST_STARTED ? d->power : NULL;
    if (p && p->running) {
        p->want_system = minor;
        uv_cond_signal(&p->wake);
    }
    uv_mutex_unlock(&host->lock);
    int refused = !p || !p->running;
    if (d)
        wudf_object_release(&d->obj);
    if (refused) {
        wudf_kv kv;
        wudf_error err;
        wudf_kv_init(&kv);
        int rc = wudf_kv_add(&kv, "event", "power", &err);
        rc = rc ? rc : wudf_kv_add(&kv, "request", request_name(minor), &err);
        rc = rc ? rc : wudf_kv_addf(&kv, &err, "status", "0x%08lx", (unsigned long)(ULONG)STATUS_INVALID_DEVICE_STATE);
        rc = rc ? rc : wudf_kv_add(&kv, "message", "the device is not started", &err);
        if (!rc)
            wudf_host_send_event(host, &kv);
        wudf_kv_free(&kv);
    }
}

static int valid_tri_state(WDF_TRI_STATE t)
{
    return t == WdfFalse || t == WdfTrue || t == WdfUseDefault;
}

HRESULT wudf_power_assign_s0_idle(wudf_device *d, WDF_POWER_POLICY_S0_IDLE_CAPABILITIES caps, DEVICE_POWER_STATE dx,
                                  ULONG timeout, WDF_POWER_POLICY_S0_IDLE_USER_CONTROL control, WDF_TRI_STATE enabled)
{
    wudf_power *p = d->power;
    if (!d->power_policy_owner)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    if (caps < IdleCannotWakeFromS0 || caps > IdleUsbSelectiveSuspend ||
        (control != IdleDoNotAllowUserControl && control != IdleAllowUserControl) || !valid_tri_state(enabled))
        return E_INVALIDARG;
    if (dx == PowerDeviceMaximum)
        dx = PowerDeviceD3; /* "the deepest state the device can wake from", D3 for the devices here */
    if (dx < PowerDeviceD1 || dx > PowerDeviceD3)
        return HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID);
    if (caps != IdleCannotWakeFromS0 && !can_wake(d))
        return HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID);
    wudf_host *host = d->obj.host;
    uv_mutex_lock(&host->lock);
    p->idle_assigned = 1;
    p->idle_caps = caps;
    p->idle_state = dx;
    p->idle_timeout_ms = timeout == IdleTimeoutDefaultValue ? DEFAULT_IDLE_TIMEOUT_MS : timeout;
    /* No user here to change it: the driver's choice stands, enabled by default. */
    p->idle_enabled = enabled != WdfFalse;
    p->active_ms = wudf_now_ms();
    if (!p->idle_enabled && p->state != PowerDeviceD0)
        p->want_d0 = 1; /* idle turned off while idle: the device comes back */
    uv_cond_signal(&p->wake);
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_INFO, "power-idle-settings", "caps=%d state=%s timeout_ms=%lu enabled=%d", (int)caps,
             state_name(dx), (unsigned long)(timeout == IdleTimeoutDefaultValue ? DEFAULT_IDLE_TIMEOUT_MS : timeout),
             enabled != WdfFalse);
    if (p->running)
        report(p, "settings", NULL, STATUS_SUCCESS, NULL);
    return S_OK;
}

HRESULT wudf_power_assign_s0_idle_ex(wudf_device *d, const WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS *settings)
{
    /* The structure's size says which version the driver was built with: only this one exists. */
    if (!settings || settings->Size != sizeof *settings || !valid_tri_state(settings->PowerUpIdleDeviceOnSystemWake) ||
        !valid_tri_state(settings->ExcludeD3Cold))
        return E_INVALIDARG;
    HRESULT hr = wudf_power_assign_s0_idle(d, settings->IdleCaps, settings->DxState, settings->IdleTimeout,
                                           settings->UserControlOfIdleSettings, settings->Enabled);
    /* WDF: PowerUpIdleDeviceOnSystemWake applies to a device that cannot wake itself; there is no
     * D3cold here, so ExcludeD3Cold changes nothing. */
    if (SUCCEEDED(hr)) {
        uv_mutex_lock(&d->obj.host->lock);
        d->power->up_on_wake =
            settings->IdleCaps == IdleCannotWakeFromS0 && settings->PowerUpIdleDeviceOnSystemWake == WdfTrue;
        uv_mutex_unlock(&d->obj.host->lock);
    }
    return hr;
}

HRESULT wudf_power_assign_sx_wake(wudf_device *d, DEVICE_POWER_STATE dx, WDF_POWER_POLICY_SX_WAKE_USER_CONTROL control,
                                  WDF_TRI_STATE enabled)
{
    wudf_power *p = d->power;
    if (!d->power_policy_owner)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    if ((control != WakeDoNotAllowUserControl && control != WakeAllowUserControl) || !valid_tri_state(enabled))
        return E_INVALIDARG;
    if (dx == PowerDeviceMaximum)
        dx = PowerDeviceD3;
    if (dx < PowerDeviceD1 || dx > PowerDeviceD3 || !can_wake(d))
        return HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID);
    uv_mutex_lock(&d->obj.host->lock);
    p->wake_assigned = 1;
    p->wake_state = dx;
    p->wake_enabled = enabled != WdfFalse;
    uv_mutex_unlock(&d->obj.host->lock);
    wudf_log(WUDF_LOG_INFO, "power-wake-settings", "state=%s enabled=%d", state_name(dx), enabled != WdfFalse);
    if (p->running)
        report(p, "settings", NULL, STATUS_SUCCESS, NULL);
    return S_OK;
}

HRESULT wudf_power_stop_idle(wudf_device *d, BOOL wait_for_d0)
{
    wudf_power *p = d->power;
    wudf_host *host = d->obj.host;
    if (!d->power_policy_owner)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    uv_mutex_lock(&host->lock);
    p->stop_idle++;
    if (p->state == PowerDeviceD0 && !p->held) {
        uv_mutex_unlock(&host->lock);
        return S_OK;
    }
    p->want_d0 = 1;
    uv_cond_signal(&p->wake);
    if (!wait_for_d0) {
        uv_mutex_unlock(&host->lock);
        return HRESULT_FROM_NT(STATUS_PENDING);
    }
    uv_thread_t self = uv_thread_self();
    if (p->running && uv_thread_equal(&self, &p->thread)) {
        /* From a power callback: the transition it waits for is the one it is in. */
        uv_mutex_unlock(&host->lock);
        wudf_driver_bug("stop-idle-wait-in-power-callback",
                        "StopIdle(TRUE) from a power callback would wait for itself");
        return HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID);
    }
    while ((p->state != PowerDeviceD0 || p->held) && p->running && !p->quit)
        uv_cond_wait(&host->changed, &host->lock);
    int up = p->state == PowerDeviceD0 && !p->held;
    uv_mutex_unlock(&host->lock);
    return up ? S_OK : HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID);
}

/* Signals the stack's power thread (the owner's, or the function device's); want_d0 asks for D0 too. */
static void poke(wudf_host *host, int want_d0)
{
    wudf_device *d = wudf_stack_power_owner(host);
    if (!d)
        return;
    wudf_power *p = d->power;
    uv_mutex_lock(&host->lock);
    /* Asked even in D0: the device may be on its way out (its bus suspends before its state says Dx);
     * the thread drops the wish if the device is in D0 when it looks. */
    if (p && want_d0)
        p->want_d0 = 1;
    if (p)
        uv_cond_signal(&p->wake);
    uv_mutex_unlock(&host->lock);
    wudf_object_release(&d->obj);
}

void wudf_power_policy_changed(wudf_host *host)
{
    poke(host, 0);
}

void wudf_power_io_wants_d0(wudf_host *host)
{
    poke(host, 1);
}

void wudf_power_resume_idle(wudf_device *d)
{
    wudf_power *p = d->power;
    wudf_host *host = d->obj.host;
    uv_mutex_lock(&host->lock);
    int unbalanced = p->stop_idle == 0;
    if (!unbalanced && --p->stop_idle == 0) {
        p->active_ms = wudf_now_ms();
        uv_cond_signal(&p->wake);
    }
    uv_mutex_unlock(&host->lock);
    if (unbalanced)
        wudf_driver_bug("resume-idle-unbalanced",
                        "ResumeIdle without a StopIdle: more ResumeIdle calls than StopIdle calls");
}

POWER_ACTION wudf_power_action(wudf_device *d)
{
    uv_mutex_lock(&d->obj.host->lock);
    POWER_ACTION action = d->power->action;
    uv_mutex_unlock(&d->obj.host->lock);
    return action;
}

int wudf_power_queue_may_dispatch_locked(wudf_queue *q)
{
    wudf_power *p = q->device->power;
    if (!p)
        return 1;
    if (p->idle_assigned && p->idle_enabled)
        p->active_ms = wudf_now_ms();
    if (!p->held)
        return 1;
    if (wudf_list_empty(&q->waiting) || p->sleeping)
        return 0;
    /* Idled by WinUSB, the device has no power policy owner above it to ask for D0: the request waits until
     * a transfer resumes the device, as on Windows, where a driver that leaves selective suspend to WinUSB
     * "must not use power-managed queues" (Learn, Selective suspend in USB UMDF drivers). */
    if (p->winusb_down) {
        if (!p->winusb_misuse_told) {
            p->winusb_misuse_told = 1;
            wudf_driver_bug("power-managed-queue-under-winusb",
                            "a request waits in a power-managed queue while WinUSB has the device suspended: a driver "
                            "that leaves selective suspend to WinUSB must not use power-managed queues");
        }
        return 0;
    }
    /* Also while the device is still leaving D0: the thread brings it back once it is out. */
    p->want_d0 = 1;
    uv_cond_signal(&p->wake);
    return 0;
}
