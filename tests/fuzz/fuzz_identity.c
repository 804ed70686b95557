/* Connections made as an unprivileged user, so that fuzzing reaches the access checks a
 * non-administrator meets (reflector/access.c). Running as root, the fuzzer's thread takes the
 * effective identity of "nobody" (no supplementary groups) just for the connect(): the reflector
 * reads those credentials from the socket, as it would a real user's. Raw system calls change
 * only the calling thread, where the libc wrappers would change every thread of the process. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "fuzz_world.h"

#define SAVED_GROUPS 64

static const char *endpoint;
static uid_t nobody_uid;
static gid_t nobody_gid;

int fuzz_identity_start(const char *endpoint_path, char *group, size_t size)
{
    if (geteuid() != 0)
        return 0;
    const struct passwd *pw = getpwnam("nobody");
    const struct group *gr = pw ? getgrgid(pw->pw_gid) : NULL;
    if (!pw || !gr || strlen(gr->gr_name) >= size)
        return 0;
    snprintf(group, size, "%s", gr->gr_name);
    nobody_uid = pw->pw_uid;
    nobody_gid = pw->pw_gid;
    endpoint = endpoint_path;
    return 1;
}

int fuzz_identity_connect(void)
{
    if (!endpoint)
        return -1;
    gid_t saved[SAVED_GROUPS];
    int saved_count = getgroups(SAVED_GROUPS, saved);
    FUZZ_CHECK(saved_count >= 0);
    int fd = -1;
    if (syscall(SYS_setgroups, 0, NULL) == 0 && syscall(SYS_setresgid, -1, nobody_gid, -1) == 0 &&
        syscall(SYS_setresuid, -1, nobody_uid, -1) == 0) {
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_un addr;
        memset(&addr, 0, sizeof addr);
        addr.sun_family = AF_UNIX;
        snprintf(addr.sun_path, sizeof addr.sun_path, "%s", endpoint);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
            close(fd);
            fd = -1;
        }
    }
    /* Root again: the real and saved ids never changed. */
    FUZZ_CHECK(syscall(SYS_setresuid, -1, 0, -1) == 0);
    FUZZ_CHECK(syscall(SYS_setresgid, -1, 0, -1) == 0);
    FUZZ_CHECK(syscall(SYS_setgroups, saved_count, saved) == 0);
    FUZZ_CHECK(geteuid() == 0);
    return fd;
}
