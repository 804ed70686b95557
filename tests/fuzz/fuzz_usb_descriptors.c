/*
 * libFuzzer target for the USB descriptor checks (common/usb_descriptors.c): any bytes a device could
 * send as its device or configuration descriptor. Built with -DOPENWUDF_FUZZ=ON and clang.
 */
#include <stddef.h>
#include <stdint.h>

#include "usb_descriptors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wudf_usb_device_info info;
    wudf_usb_parse_device_descriptor(data, size, &info, NULL);
    wudf_usb_check_config(data, size);
    return 0;
}
