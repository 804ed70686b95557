/* The project error type. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int wudf_error_set(wudf_error *err, wudf_errc code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return (int)code;
}

void wudf_error_clear(wudf_error *err)
{
    if (err) {
        err->code = WUDF_OK;
        err->message[0] = '\0';
    }
}

const char *wudf_errc_name(wudf_errc code)
{
    static const char *const names[] = {
        "ok", "invalid", "parse", "protocol", "nomem", "io", "notfound",
        "exists", "access", "timedout", "state", "toobig",
    };
    if ((unsigned)code < sizeof names / sizeof names[0])
        return names[code];
    return "unknown";
}
