/*
 * The I/O control of the serial-port-style test driver (tests/wdk/serialport), shared with its test.
 * CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS).
 */
#ifndef OPENWUDF_SERIALPORT_IOCTL_H
#define OPENWUDF_SERIALPORT_IOCTL_H

/* Output: what the driver read from and wrote to its property stores while it started, as UTF-8
 * lines "name=value\n" (no terminator): add_baud (IWDFDeviceInitialize's store in OnDeviceAdd),
 * baud, port, protocols (a REG_MULTI_SZ, items joined by ','), signature (REG_BINARY in hex),
 * capacity (REG_QWORD), root_names (IWDFNamedPropertyStore2 enumeration of Device Parameters, ','),
 * root_write (the HRESULT a write to that read-only root got), fifo (a subkey), preferred and
 * modes (the software key and its subkey), starts (the counter it keeps, after counting this
 * start), assigned (the port name it wrote), own_names (its own subkey's names), session (the
 * disposition of its volatile key: 1 created, 2 opened), hwids, friendly_before, friendly (the
 * unified store), hwids_write (the HRESULT a write of HardwareIds got); of its COM port interface's key:
 * if_starts (the counter it keeps there), if_sub (the disposition of a subkey it makes there),
 * if_wrong_guid, if_wrong_ref and if_no_guid (the HRESULTs an interface it did not create, one with
 * another reference string and a NULL GUID got), if_friendly_before and if_friendly (the interface's
 * unified store), if_enabled (DEVPKEY_DeviceInterface_Enabled's type and value), if_class (whether
 * _ClassGuid is the interface's class), if_class_write (the HRESULT a write of it got). */
#define IOCTL_SERIALPORT_REPORT 0x001b2400u

#endif
