/*
 * The symbolic link of a sample device: its prefix and the number that ends the device's instance id,
 * so that ROOT\ECHO\0000 is \DosDevices\Echo0 and ROOT\ECHO\0001 is \DosDevices\Echo1. Each installed
 * device gets a name of its own: as on Windows, a second claim of a name another device holds fails
 * with STATUS_OBJECT_NAME_COLLISION.
 */
#ifndef OPENWUDF_DRIVERS_SAMPLE_LINK_H
#define OPENWUDF_DRIVERS_SAMPLE_LINK_H

#include <wudfddi.h>

/* Creates \DosDevices\<prefix><n> for device; prefix is ASCII. */
HRESULT wudf_sample_create_link(IWDFDevice *device, const char *prefix);

#endif
