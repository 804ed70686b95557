/*
 * The kit's interface and pipes beyond plain reads and writes: the pipes of the selected setting, selecting
 * another setting, aborting the bulk pipes, pipe policies, and what the selected setting looks like. The
 * I/O controls openwudf adds to the OSR set (fx2_ioctl.h) come here.
 *
 * Selecting a setting makes the framework delete the old pipe objects and create new ones, so the device
 * keeps its pipes under its lock and every user takes a reference (fx2_pipe) for as long as it needs one.
 */
#include "fx2.h"

#include <string.h>

IWDFUsbTargetPipe *fx2_pipe(fx2_device *dev, int which)
{
    fx2_lock_acquire(&dev->lock);
    IWDFUsbTargetPipe *pipe = dev->pipes[which];
    if (pipe)
        IWDFUsbTargetPipe_AddRef(pipe);
    fx2_lock_release(&dev->lock);
    return pipe;
}

void fx2_pipes_release(IWDFUsbTargetPipe *pipes[FX2_PIPES])
{
    for (int i = 0; i < FX2_PIPES; i++) {
        if (pipes[i])
            IWDFUsbTargetPipe_Release(pipes[i]);
        pipes[i] = NULL;
    }
}

/* Which of the kit's pipes this is, or -1. */
static int kind_of(IWDFUsbTargetPipe *pipe)
{
    WINUSB_PIPE_INFORMATION info;
    IWDFUsbTargetPipe_GetInformation(pipe, &info);
    if (info.PipeType == UsbdPipeTypeBulk)
        return IWDFUsbTargetPipe_IsInEndPoint(pipe) ? FX2_PIPE_BULK_IN : FX2_PIPE_BULK_OUT;
    if (info.PipeType == UsbdPipeTypeInterrupt && IWDFUsbTargetPipe_IsInEndPoint(pipe))
        return FX2_PIPE_SWITCHES;
    return -1;
}

HRESULT fx2_pipes_retrieve(fx2_device *dev, IWDFUsbTargetPipe *pipes[FX2_PIPES])
{
    HRESULT hr = S_OK;
    UCHAR count = IWDFUsbInterface_GetNumEndPoints(dev->usb_interface);
    for (UCHAR i = 0; i < count && SUCCEEDED(hr); i++) {
        IWDFUsbTargetPipe *pipe = NULL;
        hr = IWDFUsbInterface_RetrieveUsbPipeObject(dev->usb_interface, i, &pipe);
        if (FAILED(hr))
            break;
        int kind = kind_of(pipe);
        if (kind >= 0 && !pipes[kind])
            pipes[kind] = pipe;
        else
            IWDFUsbTargetPipe_Release(pipe);
    }
    /* Not a kit without its three pipes. */
    if (SUCCEEDED(hr) && (!pipes[FX2_PIPE_BULK_IN] || !pipes[FX2_PIPE_BULK_OUT] || !pipes[FX2_PIPE_SWITCHES]))
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
    if (SUCCEEDED(hr) && dev->bulk_timeout_ms) {
        ULONG timeout = dev->bulk_timeout_ms;
        hr = IWDFUsbTargetPipe_SetPipePolicy(pipes[FX2_PIPE_BULK_IN], PIPE_TRANSFER_TIMEOUT, sizeof timeout, &timeout);
        if (SUCCEEDED(hr))
            hr = IWDFUsbTargetPipe_SetPipePolicy(pipes[FX2_PIPE_BULK_OUT], PIPE_TRANSFER_TIMEOUT, sizeof timeout,
                                                 &timeout);
    }
    return hr;
}

HRESULT fx2_select_setting(fx2_device *dev, UCHAR setting)
{
    if (!dev->usb_interface)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    /* The old interrupt pipe's reader stops (its reads cancelled); the new pipe gets a reader of its own. */
    fx2_reader_stop(dev);
    HRESULT hr = IWDFUsbInterface_SelectSetting(dev->usb_interface, setting);
    IWDFUsbTargetPipe *pipes[FX2_PIPES] = {NULL, NULL, NULL};
    if (SUCCEEDED(hr)) {
        /* The old pipe objects are deleted now: whatever the new setting has replaces them, even when short. */
        hr = fx2_pipes_retrieve(dev, pipes);
        if (SUCCEEDED(hr))
            hr = fx2_reader_configure(dev, pipes[FX2_PIPE_SWITCHES]);
        fx2_lock_acquire(&dev->lock);
        for (int i = 0; i < FX2_PIPES; i++) {
            IWDFUsbTargetPipe *old = dev->pipes[i];
            dev->pipes[i] = pipes[i];
            pipes[i] = old;
        }
        fx2_lock_release(&dev->lock);
    }
    fx2_pipes_release(pipes);
    HRESULT started = fx2_reader_start(dev);
    return SUCCEEDED(hr) ? started : hr;
}

HRESULT fx2_abort_bulk_pipes(fx2_device *dev)
{
    IWDFUsbTargetPipe *in = fx2_pipe(dev, FX2_PIPE_BULK_IN), *out = fx2_pipe(dev, FX2_PIPE_BULK_OUT);
    HRESULT hr = in && out ? S_OK : HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    if (SUCCEEDED(hr))
        hr = IWDFUsbTargetPipe_Abort(in);
    if (SUCCEEDED(hr))
        hr = IWDFUsbTargetPipe_Abort(out);
    if (in)
        IWDFUsbTargetPipe_Release(in);
    if (out)
        IWDFUsbTargetPipe_Release(out);
    return hr;
}

/* The selected setting's pipe at endpoint, referenced, or NULL. */
static IWDFUsbTargetPipe *pipe_at(fx2_device *dev, UCHAR endpoint)
{
    for (int i = 0; i < FX2_PIPES; i++) {
        IWDFUsbTargetPipe *pipe = fx2_pipe(dev, i);
        if (!pipe)
            continue;
        WINUSB_PIPE_INFORMATION info;
        IWDFUsbTargetPipe_GetInformation(pipe, &info);
        if (info.PipeId == endpoint)
            return pipe;
        IWDFUsbTargetPipe_Release(pipe);
    }
    return NULL;
}

HRESULT fx2_get_pipe_policy(fx2_device *dev, UCHAR endpoint, ULONG policy, void *value, ULONG *length)
{
    IWDFUsbTargetPipe *pipe = pipe_at(dev, endpoint);
    if (!pipe)
        return E_INVALIDARG;
    HRESULT hr = IWDFUsbTargetPipe_RetrievePipePolicy(pipe, policy, length, value);
    IWDFUsbTargetPipe_Release(pipe);
    return hr;
}

HRESULT fx2_set_pipe_policy(fx2_device *dev, UCHAR endpoint, ULONG policy, void *value, ULONG length)
{
    IWDFUsbTargetPipe *pipe = pipe_at(dev, endpoint);
    if (!pipe)
        return E_INVALIDARG;
    HRESULT hr = IWDFUsbTargetPipe_SetPipePolicy(pipe, policy, length, value);
    IWDFUsbTargetPipe_Release(pipe);
    return hr;
}

HRESULT fx2_interface_information(fx2_device *dev, UCHAR *out, ULONG size, ULONG *length)
{
    *length = 0;
    if (!dev->usb_interface)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    UCHAR count = IWDFUsbInterface_GetNumEndPoints(dev->usb_interface);
    ULONG needed = 2 + 4u * count;
    if (size < needed)
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    out[0] = IWDFUsbInterface_GetConfiguredSettingIndex(dev->usb_interface);
    out[1] = count;
    for (UCHAR i = 0; i < count; i++) {
        IWDFUsbTargetPipe *pipe = NULL;
        HRESULT hr = IWDFUsbInterface_RetrieveUsbPipeObject(dev->usb_interface, i, &pipe);
        if (FAILED(hr))
            return hr;
        WINUSB_PIPE_INFORMATION info;
        IWDFUsbTargetPipe_GetInformation(pipe, &info);
        IWDFUsbTargetPipe_Release(pipe);
        UCHAR *entry = out + 2 + 4u * i;
        entry[0] = info.PipeId;
        entry[1] = (UCHAR)info.PipeType;
        entry[2] = (UCHAR)(info.MaximumPacketSize & 0xff);
        entry[3] = (UCHAR)(info.MaximumPacketSize >> 8);
    }
    *length = needed;
    return S_OK;
}

/* AUTO_SUSPEND and SUSPEND_DELAY as the device's target reports them. */
static HRESULT read_power_policies(IWDFUsbTargetDevice *usb, UCHAR *auto_suspend, UCHAR delay[4])
{
    ULONG length = 1;
    HRESULT hr = IWDFUsbTargetDevice_RetrievePowerPolicy(usb, AUTO_SUSPEND, &length, auto_suspend);
    ULONG value = 0;
    length = sizeof value;
    if (SUCCEEDED(hr))
        hr = IWDFUsbTargetDevice_RetrievePowerPolicy(usb, SUSPEND_DELAY, &length, &value);
    for (int i = 0; i < 4; i++)
        delay[i] = (UCHAR)(value >> (8 * i));
    return hr;
}

/* Sets both policies; the values are ones a driver passes (a UCHAR and a ULONG). */
static HRESULT set_power_policies(IWDFUsbTargetDevice *usb, UCHAR auto_suspend, ULONG delay)
{
    HRESULT hr = IWDFUsbTargetDevice_SetPowerPolicy(usb, AUTO_SUSPEND, sizeof auto_suspend, &auto_suspend);
    if (SUCCEEDED(hr))
        hr = IWDFUsbTargetDevice_SetPowerPolicy(usb, SUSPEND_DELAY, sizeof delay, &delay);
    return hr;
}

static void pipe_bits(IWDFUsbInterface *usb_interface, UCHAR *out_pipes, UCHAR *flushed)
{
    UCHAR count = IWDFUsbInterface_GetNumEndPoints(usb_interface);
    for (UCHAR i = 0; i < count && i < 8; i++) {
        IWDFUsbTargetPipe *pipe = NULL;
        if (FAILED(IWDFUsbInterface_RetrieveUsbPipeObject(usb_interface, i, &pipe)))
            continue;
        if (IWDFUsbTargetPipe_IsOutEndPoint(pipe))
            *out_pipes |= (UCHAR)(1u << i);
        if (IWDFUsbTargetPipe_Flush(pipe) == S_OK)
            *flushed |= (UCHAR)(1u << i);
        IWDFUsbTargetPipe_Release(pipe);
    }
}

HRESULT fx2_device_information(fx2_device *dev, UCHAR out[FX2_DEVICE_INFORMATION_SIZE])
{
    memset(out, 0, FX2_DEVICE_INFORMATION_SIZE);
    if (!dev->usb || !dev->usb_interface)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    out[FX2_INFO_INTERFACES] = IWDFUsbTargetDevice_GetNumInterfaces(dev->usb);
    ULONG length = 1;
    HRESULT hr = IWDFUsbTargetDevice_RetrieveDeviceInformation(dev->usb, DEVICE_SPEED, &length,
                                                                &out[FX2_INFO_SPEED]);
    if (FAILED(hr))
        return hr;
    out[FX2_INFO_INTERFACE_NUMBER] = IWDFUsbInterface_GetInterfaceNumber(dev->usb_interface);
    USB_INTERFACE_DESCRIPTOR descriptor;
    memset(&descriptor, 0, sizeof descriptor);
    IWDFUsbInterface_GetInterfaceDescriptor(dev->usb_interface, &descriptor);
    out[FX2_INFO_DESCRIPTOR] = descriptor.bInterfaceNumber;
    out[FX2_INFO_DESCRIPTOR + 1] = descriptor.bNumEndpoints;
    out[FX2_INFO_DESCRIPTOR + 2] = descriptor.bInterfaceClass;
    out[FX2_INFO_HANDLES] = (UCHAR)((IWDFUsbTargetDevice_GetWinUsbHandle(dev->usb) != NULL) |
                                    (IWDFUsbInterface_GetWinUsbHandle(dev->usb_interface) != NULL) << 1);
    pipe_bits(dev->usb_interface, &out[FX2_INFO_OUT_PIPES], &out[FX2_INFO_FLUSHED]);
    hr = read_power_policies(dev->usb, &out[FX2_INFO_AUTO_SUSPEND], &out[FX2_INFO_SUSPEND_DELAY]);
    if (SUCCEEDED(hr))
        hr = set_power_policies(dev->usb, 0, 2000);
    if (SUCCEEDED(hr))
        hr = read_power_policies(dev->usb, &out[FX2_INFO_AUTO_SUSPEND_SET], &out[FX2_INFO_SUSPEND_DELAY_SET]);
    if (SUCCEEDED(hr)) {
        const UCHAR *d = &out[FX2_INFO_SUSPEND_DELAY];
        hr = set_power_policies(dev->usb, out[FX2_INFO_AUTO_SUSPEND],
                                (ULONG)d[0] | (ULONG)d[1] << 8 | (ULONG)d[2] << 16 | (ULONG)d[3] << 24);
    }
    return hr;
}
