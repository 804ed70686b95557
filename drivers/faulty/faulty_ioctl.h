/*
 * The faulty device's interface, shared by the driver, the fault campaign
 * (tests/integration/test_faults.c, tools/wudffault) and its docs.
 *
 * The driver misbehaves on command: IOCTL_FAULTY_INJECT makes it commit one
 * fault while it handles that very request, and the device's settings
 * (wudfctl install inf/faulty.inf --setting NAME=VALUE) schedule faults
 * without a client: FaultOnStart=<kind name> during OnPrepareHardware, and
 * FaultAfter=<n> with FaultKind=<kind name> on the n-th request after start.
 * Plain integers so that a client needs no Windows headers:
 * CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + n, METHOD_BUFFERED, FILE_ANY_ACCESS).
 */
#ifndef OPENWUDF_FAULTY_IOCTL_H
#define OPENWUDF_FAULTY_IOCTL_H

#include <stdint.h>

/* Input: struct faulty_inject. What the client sees depends on the kind (see below). FAULTY_NONE
 * completes with STATUS_SUCCESS; an unknown kind, slow-start or an input shorter than 8 bytes with
 * STATUS_INVALID_PARAMETER. */
#define IOCTL_FAULTY_INJECT 0x00222400u
/* Output = input (up to the output length), information = bytes returned: the health check. */
#define IOCTL_FAULTY_LOOPBACK 0x00222404u
/* Held by the driver (cancelable) until cancelled, its file is cleaned up, or a FLOOD releases it. */
#define IOCTL_FAULTY_HOLD 0x00222408u
/* Output: struct faulty_stats. */
#define IOCTL_FAULTY_GET_STATS 0x0022240Cu

/*
 * Fault kinds. "Fatal" kinds end the host process: the inject request (and
 * every other request on the device) completes with
 * STATUS_DRIVER_PROCESS_TERMINATED and the host is recycled. "Stuck" kinds
 * leave the callback running forever: the client's own timeout and cancel
 * end its wait, and the reflector recycles the host when the cancel is not
 * honoured within the critical timeout. The others are driver bugs the
 * framework absorbs: the host keeps running.
 * Two of those still cost the host its life, by the reflector's rules:
 * foreign-complete and garbage break the wire protocol (the reflector
 * recycles the host, so the inject request itself completes with
 * STATUS_DRIVER_PROCESS_TERMINATED), and a never-complete request is not
 * cancelable either, so its client's cancel ends like a stuck kind's.
 */
enum faulty_kind {
    FAULTY_NONE = 0,
    FAULTY_SEGFAULT = 1,          /* fatal: write through a null pointer */
    FAULTY_ABORT = 2,             /* fatal: abort() */
    FAULTY_STACK_OVERFLOW = 3,    /* fatal: unbounded recursion */
    FAULTY_EXIT = 4,              /* fatal: exit(arg) with the request in hand */
    FAULTY_HANG = 5,              /* stuck: blocks forever in the queue callback */
    FAULTY_BUSY_LOOP = 6,         /* stuck: spins forever in the queue callback */
    FAULTY_NEVER_COMPLETE = 7,    /* returns without completing or marking it cancelable */
    FAULTY_COMPLETE_TWICE = 8,    /* completes with S_OK twice; the client sees one completion */
    FAULTY_OVERSIZE = 9,          /* completes with information = output length + arg + 1 */
    FAULTY_FOREIGN_COMPLETE = 10, /* writes a COMPLETE for an IRP it never got into the host channel */
    FAULTY_ALLOC_UNBOUNDED = 11,  /* fatal: allocates and touches memory until it runs out
                                     (arg: stop at arg MiB instead, 0 = no bound; then crash anyway) */
    FAULTY_FLOOD = 12,            /* completes every held request at once from arg threads (default 4) */
    FAULTY_GARBAGE = 13,          /* writes arg garbage bytes (default 64) into the host channel;
                                     both channel kinds fail with STATUS_INVALID_DEVICE_STATE in a
                                     process started without --channel-fd (not a host) */
    FAULTY_SLOW_START = 14,       /* FaultOnStart only: OnPrepareHardware never returns */
    FAULTY_SCRIBBLE_RING = 15,    /* fast path (Linux): overwrites the header and slots of the shared ring
                                     its output buffer lies in, every slot marked done with garbage status
                                     and information 2^64-1; STATUS_NOT_SUPPORTED where there is no ring */
    /* A hostile driver: it tries to reach beyond its host, and reports how that went as a
     * struct faulty_outcome in the output buffer (at least 8 bytes, else
     * STATUS_BUFFER_TOO_SMALL). The request itself completes with STATUS_SUCCESS. */
    FAULTY_SPAWN_CHILD = 16,      /* starts a process that waits forever (fork; on Windows the host's
                                     own program, suspended): value = its pid */
    FAULTY_STEAL_DESCRIPTOR = 17, /* POSIX: pidfd_open(arg) and pidfd_getfd of its descriptor 3 (a
                                     host's channel): value = the copy (closed at once); Windows:
                                     OpenProcess(PROCESS_DUP_HANDLE) and a copy of arg's own
                                     full-access handle */
    FAULTY_TRACE_HOST = 18,       /* POSIX: ptrace(PTRACE_SEIZE, arg): attaches without stopping it;
                                     Windows: ReadProcessMemory of arg's image, else OpenThread
                                     (THREAD_SET_CONTEXT) of any of its threads */
    FAULTY_KILL_HOST = 19,        /* POSIX: kill(arg, SIGKILL); Windows: TerminateProcess */
    FAULTY_FORGE_LOG = 20,        /* writes lines that pose as the reflector's, on stderr and stdout:
                                     prog=wudfrd event=device-started device=ROOT\ECHO\0000 pid=1 ...
                                     forged=<arg>, one behind a carriage return, and a line of
                                     64 KiB that ends in another; value = lines written */
    FAULTY_LOG_FLOOD = 21,        /* writes arg lines (default 10000) event=flood n=<i> to stderr at
                                     once; value = lines written */
    FAULTY_SPAWN_ESCAPEE = 22,    /* as FAULTY_SPAWN_CHILD, and the child tries to leave what holds
                                     it: POSIX, setsid() (a session and process group of its own);
                                     Windows, CREATE_BREAKAWAY_FROM_JOB: value = its pid */
    FAULTY_KIND_COUNT
};

/* What a hostile fault achieved (all little-endian). */
struct faulty_outcome {
    uint32_t error; /* 0: it worked; else errno (POSIX) or GetLastError() (Windows) */
    uint32_t value; /* kind-specific: a pid, a descriptor */
};

/* Kind names as the settings spell them (index = kind). */
#define FAULTY_KIND_NAMES                                                                          \
    {                                                                                              \
        "none", "segfault", "abort", "stack-overflow", "exit", "hang", "busy-loop", "never-complete", \
            "complete-twice", "oversize", "foreign-complete", "alloc-unbounded", "flood", "garbage",   \
            "slow-start", "scribble-ring", "spawn-child", "steal-descriptor", "trace-host", "kill-host", \
            "forge-log", "log-flood", "spawn-escapee"                                            \
    }

struct faulty_inject {
    uint32_t kind; /* enum faulty_kind */
    uint32_t arg;  /* kind-specific, 0 = default */
};

/* Counts since the device started (all little-endian uint32). */
struct faulty_stats {
    uint32_t requests;  /* every request presented to a queue */
    uint32_t injected;  /* faults committed by this host instance (non-fatal kinds) */
    uint32_t held;      /* IOCTL_FAULTY_HOLD requests the driver holds now */
    uint32_t cancels;   /* cancel routines run */
    uint32_t generation_pid; /* the host's process id, to tell host instances apart */
};

#endif
