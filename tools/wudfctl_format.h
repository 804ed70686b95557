/* How wudfctl shows device records: a table, a property sheet, one line per device, or JSON. */
#ifndef OPENWUDF_WUDFCTL_FORMAT_H
#define OPENWUDF_WUDFCTL_FORMAT_H

#include <stdio.h>

#include "wire.h"

void wudfctl_print_table(FILE *out, const wudf_kv *reply);
void wudfctl_print_list(FILE *out, const wudf_kv *reply);
void wudfctl_print_details(FILE *out, const wudf_kv *reply);
void wudfctl_print_json(FILE *out, int32_t status, const wudf_kv *reply);
/* s as a JSON string, quotes and escapes included. */
void wudfctl_json_string(FILE *out, const char *s);
void wudfctl_print_hex(FILE *out, const uint8_t *data, uint32_t length);
/* wudfctl packages: the driver packages ("package" starts each record), as text or JSON. */
void wudfctl_print_packages(FILE *out, int json, int32_t status, const wudf_kv *reply);

#endif
