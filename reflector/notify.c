/*
 * Telling a service manager how wudfrd is doing: systemd's notification protocol (sd_notify(3)),
 * written out here so that wudfrd needs no libsystemd. One datagram when the endpoint accepts
 * connections, one when the orderly stop begins; nothing when NOTIFY_SOCKET is not set.
 */
#include "reflector.h"

#ifdef _WIN32

/* A Windows service reports to the service control manager, which wudfrd does not use (yet). */
void wudf_notify_init(void)
{
}

void wudf_notify_ready(const char *status)
{
    (void)status;
}

void wudf_notify_stopping(const char *status)
{
    (void)status;
}

#else

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un address;
static socklen_t address_length; /* 0: no service manager listens */
static int warned;               /* a failure is logged once: the service runs on without it */

static void warn_once(const char *what, int error)
{
    if (warned)
        return;
    warned = 1;
    char q[160];
    wudf_log(WUDF_LOG_WARN, "notify-failed", "what=%s reason=%s", what,
             wudf_log_quote(q, sizeof q, strerror(error)));
}

/* The address NOTIFY_SOCKET names: a socket path, or '@' then a name in the abstract namespace. Its
 * length is bounded by sun_path (a path keeps room for its NUL; an abstract name needs none). */
static int parse(const char *value, struct sockaddr_un *out, socklen_t *length)
{
    size_t n = strlen(value);
    memset(out, 0, sizeof *out);
    out->sun_family = AF_UNIX;
    if (value[0] == '/' && n < sizeof out->sun_path) {
        memcpy(out->sun_path, value, n + 1);
        *length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
        return 0;
    }
    if (value[0] == '@' && n >= 2 && n <= sizeof out->sun_path) {
        memcpy(out->sun_path + 1, value + 1, n - 1); /* sun_path[0] stays '\0' */
        *length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
        return 0;
    }
    return -1;
}

void wudf_notify_init(void)
{
    const char *value = getenv("NOTIFY_SOCKET");
    address_length = 0;
    if (!value)
        return;
    if (parse(value, &address, &address_length)) {
        char q[160], shown[64];
        snprintf(shown, sizeof shown, "%s", value); /* cut: it may be any length */
        wudf_log(WUDF_LOG_WARN, "notify-socket-invalid", "value=%s reason=\"not an absolute socket path or "
                 "@name of at most %u bytes\"", wudf_log_quote(q, sizeof q, shown),
                 (unsigned)sizeof address.sun_path);
        address_length = 0;
    }
    /* Hosts and anything else this process starts must not talk to the service manager as wudfrd
     * (hosts get an environment of their own anyway, but --host-env could name this variable). */
    unsetenv("NOTIFY_SOCKET");
}

static void send_state(const char *text)
{
    if (!address_length)
        return;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        warn_once("socket", errno);
        return;
    }
    /* MSG_DONTWAIT: a service manager that does not read its socket never holds the reflector up. */
    ssize_t sent = sendto(fd, text, strlen(text), MSG_DONTWAIT | MSG_NOSIGNAL, (const struct sockaddr *)&address,
                          address_length);
    if (sent < 0)
        warn_once("send", errno);
    close(fd);
}

/* STATUS= is one line of the message: a line break in status would start another assignment. */
static void one_line(char *text)
{
    for (; *text; text++)
        if (*text == '\n' || *text == '\r')
            *text = ' ';
}

void wudf_notify_ready(const char *status)
{
    char line[400], text[512];
    snprintf(line, sizeof line, "%s", status);
    one_line(line);
    snprintf(text, sizeof text, "READY=1\nSTATUS=%s\nMAINPID=%ld", line, (long)getpid());
    send_state(text);
}

void wudf_notify_stopping(const char *status)
{
    char line[400], text[512];
    snprintf(line, sizeof line, "%s", status);
    one_line(line);
    snprintf(text, sizeof text, "STOPPING=1\nSTATUS=%s", line);
    send_state(text);
}

#endif
