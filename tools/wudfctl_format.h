/* How wudfctl shows device records as text: a table, a property sheet, one line per device (JSON:
 * wudfctl_json.h). */
#ifndef OPENWUDF_WUDFCTL_FORMAT_H
#define OPENWUDF_WUDFCTL_FORMAT_H

#include <stdio.h>

#include "wire.h"

void wudfctl_print_table(FILE *out, const wudf_kv *reply);
void wudfctl_print_list(FILE *out, const wudf_kv *reply);
void wudfctl_print_details(FILE *out, const wudf_kv *reply);
void wudfctl_print_hex(FILE *out, const uint8_t *data, uint32_t length);
/* wudfctl packages: the driver packages ("package" starts each record). */
void wudfctl_print_packages(FILE *out, const wudf_kv *reply);

#endif
