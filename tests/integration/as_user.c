/*
 * as_user USER PROGRAM [ARGS...]: runs PROGRAM as USER (its uid, its primary
 * group, no supplementary groups), for tests of what other users may do.
 * Must start as root. POSIX only.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: as_user USER PROGRAM [ARGS...]\n");
        return 125;
    }
    const struct passwd *pw = getpwnam(argv[1]);
    if (!pw) {
        fprintf(stderr, "as_user: no user %s\n", argv[1]);
        return 125;
    }
    if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        perror("as_user");
        return 125;
    }
    execv(argv[2], argv + 2);
    perror("as_user: exec");
    return 126;
}
