/* The project's one error type: a category code plus a message a user can act on. */
#ifndef OPENWUDF_COMMON_ERROR_H
#define OPENWUDF_COMMON_ERROR_H

#include <stddef.h>

typedef enum wudf_errc {
    WUDF_OK = 0,
    WUDF_EINVAL,    /* bad argument or bad input */
    WUDF_EPARSE,    /* malformed text (INF, command line) */
    WUDF_EPROTO,    /* malformed wire message */
    WUDF_ENOMEM,
    WUDF_EIO,       /* operating-system I/O failure */
    WUDF_ENOTFOUND,
    WUDF_EEXIST,
    WUDF_EACCESS,
    WUDF_ETIMEDOUT,
    WUDF_ESTATE,    /* operation not allowed in the current state */
    WUDF_ETOOBIG    /* exceeds a hard limit */
} wudf_errc;

typedef struct wudf_error {
    wudf_errc code;
    char message[320];
} wudf_error;

#if defined(__MINGW32__)
/* MinGW builds use their own C99 printf (__USE_MINGW_ANSI_STDIO), not msvcrt's. */
#define WUDF_PRINTF(a, b) __attribute__((format(gnu_printf, a, b)))
#elif defined(__GNUC__)
#define WUDF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WUDF_PRINTF(a, b)
#endif

/* Sets err (if not NULL) and returns code, so callers can `return wudf_error_set(...)`. */
int wudf_error_set(wudf_error *err, wudf_errc code, const char *fmt, ...) WUDF_PRINTF(3, 4);
void wudf_error_clear(wudf_error *err);
const char *wudf_errc_name(wudf_errc code);

#endif
