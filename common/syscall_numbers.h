/* Linux system call numbers that older headers may lack (x86_64 and aarch64 share them): the
 * host's seccomp filter names them, and its test calls them. */
#ifndef OPENWUDF_COMMON_SYSCALL_NUMBERS_H
#define OPENWUDF_COMMON_SYSCALL_NUMBERS_H

#include <sys/syscall.h>

#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif

#endif
