/*
 * WinUSB's selective suspend, for a USB device whose stack has no power policy owner. By default
 * WinUSB.sys owns the power policy of a UMDF USB driver's stack (Learn, "Selective suspend in USB UMDF
 * drivers"); it suspends the device once nothing but bulk or interrupt IN transfers has been pending for
 * SUSPEND_DELAY, when the device's INF enabled it (DeviceIdleEnabled in the hardware key) and AUTO_SUSPEND
 * is on (IWDFUsbTargetDevice::SetPowerPolicy; WinUsb_SetPowerPolicy's defaults come from DefaultIdleState
 * and DefaultIdleTimeout, else TRUE and 5 s). The stack then goes to D2, so the driver hears OnD0Exit;
 * the next transfer it sends brings the device back (OnD0Entry) before it goes out, as WinUSB resumes a
 * device for a transfer. power.c makes the transitions; this file keeps the policy and the transfers'
 * side of it.
 */
#include "usb_internal.h"

#include "log.h"
#include "property.h"
#include "stack.h"

/* The DWORD name in the hardware key, or fallback when it is absent or no DWORD. */
static uint32_t hw_dword(wudf_host *host, const char *name, uint32_t fallback)
{
    uint32_t v;
    return wudf_props_get_dword(host, WUDF_REG_ROOT_HW, "", name, &v) > 0 ? v : fallback;
}

void wudf_usb_policy_init(wudf_usb *usb)
{
    usb->device_idle_enabled = hw_dword(usb->host, "DeviceIdleEnabled", 0) != 0;
    usb->auto_suspend = hw_dword(usb->host, "DefaultIdleState", 1) != 0;
    usb->suspend_delay = hw_dword(usb->host, "DefaultIdleTimeout", 5000);
    usb->last_activity_ms = wudf_now_ms();
}

/* usb->lock held. */
static int idle_applies_locked(const wudf_usb *usb)
{
    return usb->state == USB_OPEN && usb->device_idle_enabled && usb->auto_suspend;
}

int wudf_usb_winusb_idle(wudf_host *host, uint64_t *due_ms, unsigned *delay_ms)
{
    wudf_usb *usb = host->usb;
    if (!usb || wudf_stack_has_power_owner(host))
        return 0;
    uv_mutex_lock(&usb->lock);
    int applies = idle_applies_locked(usb);
    int busy = 0;
    for (wudf_list *pos = usb->transfers.next; pos != &usb->transfers && !busy; pos = pos->next) {
        const struct libusb_transfer *x = WUDF_CONTAINER_OF(pos, wudf_usb_transfer, link)->xfer;
        int quiet_in = (x->endpoint & LIBUSB_ENDPOINT_IN) &&
                       (x->type == LIBUSB_TRANSFER_TYPE_BULK || x->type == LIBUSB_TRANSFER_TYPE_INTERRUPT);
        busy = !quiet_in;
    }
    *delay_ms = usb->suspend_delay;
    *due_ms = busy ? UINT64_MAX : usb->last_activity_ms + usb->suspend_delay;
    uv_mutex_unlock(&usb->lock);
    return applies;
}

void wudf_usb_policy_set(wudf_usb *usb, int auto_suspend, uint32_t suspend_delay)
{
    uv_mutex_lock(&usb->lock);
    if (auto_suspend >= 0)
        usb->auto_suspend = auto_suspend != 0;
    else
        usb->suspend_delay = suspend_delay;
    uv_mutex_unlock(&usb->lock);
    wudf_power_policy_changed(usb->host); /* the idle timer starts, stops or moves */
}

void wudf_usb_policy_get(wudf_usb *usb, UCHAR *auto_suspend, ULONG *suspend_delay)
{
    uv_mutex_lock(&usb->lock);
    *auto_suspend = (UCHAR)usb->auto_suspend;
    *suspend_delay = usb->suspend_delay;
    uv_mutex_unlock(&usb->lock);
}

void wudf_usb_activity_locked(wudf_usb *usb)
{
    usb->last_activity_ms = wudf_now_ms();
}

void wudf_usb_low_power(wudf_usb *usb, int suspended)
{
    int winusb = suspended && !wudf_stack_has_power_owner(usb->host);
    uv_mutex_lock(&usb->lock);
    usb->resume_for_io = winusb && idle_applies_locked(usb);
    if (!suspended)
        usb->last_activity_ms = wudf_now_ms(); /* the delay runs again from the resume */
    uv_cond_broadcast(&usb->changed);
    uv_mutex_unlock(&usb->lock);
}

HRESULT wudf_usb_resume_for_io(wudf_usb *usb)
{
    uv_mutex_lock(&usb->lock);
    int asleep = usb->resume_for_io;
    uv_mutex_unlock(&usb->lock);
    if (!asleep)
        return S_OK;
    wudf_power_io_wants_d0(usb->host);
    uint64_t deadline = wudf_now_ms() + usb->host->options.stop_timeout_ms;
    uv_mutex_lock(&usb->lock);
    while (usb->resume_for_io && usb->state == USB_OPEN) {
        uint64_t now = wudf_now_ms();
        if (now >= deadline)
            break;
        uv_cond_timedwait(&usb->changed, &usb->lock, (deadline - now) * 1000000u);
    }
    asleep = usb->resume_for_io;
    uv_mutex_unlock(&usb->lock);
    if (asleep)
        wudf_log(WUDF_LOG_WARN, "usb-resume-timeout", "device=\"%s\" ms=%u", usb->name,
                 usb->host->options.stop_timeout_ms);
    return asleep ? HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID) : S_OK;
}
