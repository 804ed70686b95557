/*
 * Text at the UMDF boundary: drivers speak UTF-16 (WCHAR), the wire speaks
 * UTF-8. Conversions here replace broken sequences with U+FFFD instead of
 * failing, because a name from a client must never crash the host.
 */
#ifndef OPENWUDF_HOST_TEXT_H
#define OPENWUDF_HOST_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* New NUL-terminated UTF-16 copy of UTF-8 text (length bytes); *units gets its length. NULL if out of memory. */
uint16_t *wudf_utf8_to_utf16(const char *text, size_t length, size_t *units);
/* New NUL-terminated UTF-8 copy of NUL-terminated UTF-16 text. NULL if out of memory. */
char *wudf_utf16_to_utf8(const uint16_t *text);
size_t wudf_utf16_length(const uint16_t *text);
/* New copy of a NUL-terminated string, or NULL (strdup is not C11, and MinGW hides it). */
char *wudf_text_copy(const char *text);
/* Case-insensitive compare of ASCII letters (names of settings). */
int wudf_utf16_equal_nocase(const uint16_t *a, const uint16_t *b);

#endif
