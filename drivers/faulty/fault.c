/*
 * The fault catalogue of faulty_ioctl.h. Each fault is committed for real, the way a buggy driver
 * would commit it, so that what the host and the reflector see is what they would see from one:
 * a real null write, a real abort, a real stack overflow, a real stray message on the channel.
 */
#include "faulty.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openwudf/proto.h>
#include <openwudf/ring.h>

/* An irp id the reflector never hands out: its ids count up from 1 per reflector run. */
#define FAULTY_FOREIGN_IRP_ID 0xFA017ED000000001ull
#define FAULTY_GARBAGE_DEFAULT_BYTES 64u
#define FAULTY_BLOCK_BYTES (1024u * 1024u)

void faulty_log(const char *level, const char *event, const char *fields, ...)
{
    char stamp[32];
    char line[1024];
    faulty_utc_stamp(stamp, sizeof stamp);
    int n = snprintf(line, sizeof line, "ts=%s level=%s prog=WudfFaulty pid=%lu event=%s ", stamp, level,
                     (unsigned long)faulty_process_id(), event);
    if (n < 0)
        return;
    if ((size_t)n < sizeof line) {
        va_list ap;
        va_start(ap, fields);
        int m = vsnprintf(line + n, sizeof line - (size_t)n, fields, ap);
        va_end(ap);
        if (m > 0)
            n += m;
    }
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    line[n] = '\0';
    /* One write per line: the host's other threads log to the same stderr. */
    fputs(line, stderr);
    fflush(stderr);
}

/* --- Fatal kinds ----------------------------------------------------------------------------------- */

/* Volatile, so the compiler cannot prove the pointer null and trap or drop the store. */
static int *volatile faulty_null_target;

/* The store must reach the MMU even in a sanitizer build, where UBSan would otherwise stop it first. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((no_sanitize("null")))
#endif
static void write_through_null(void)
{
    *faulty_null_target = 1;
}

/* Each frame keeps a buffer alive across the call and reads it afterwards, and the call goes through a
 * volatile pointer: no tail call, no inlining, no loop. */
static unsigned recurse(volatile unsigned char *caller, unsigned depth);
static unsigned (*volatile recurse_next)(volatile unsigned char *, unsigned) = recurse;

static unsigned recurse(volatile unsigned char *caller, unsigned depth)
{
    volatile unsigned char frame[4096];
    frame[0] = (unsigned char)depth;
    frame[sizeof frame - 1] = caller ? caller[0] : 0;
    unsigned below = recurse_next(frame, depth + 1);
    return below + frame[depth % sizeof frame];
}

/* Kept reachable so that nothing can prove the blocks dead and drop them. */
static void *volatile faulty_hoard;

/* Allocates and touches 1 MiB blocks until malloc fails (or limit_mib, when not 0), then crashes: the
 * process is out of memory and the fault is a crash either way. The OS may end it sooner (OOM killer). */
static void exhaust_memory(uint32_t limit_mib)
{
    unsigned long mib = 0;
    for (;;) {
        if (limit_mib && mib >= limit_mib)
            break;
        void **block = malloc(FAULTY_BLOCK_BYTES);
        if (!block)
            break;
        memset(block, 0xA5, FAULTY_BLOCK_BYTES);
        block[0] = faulty_hoard;
        faulty_hoard = block;
        mib++;
    }
    faulty_log("error", "fault-out-of-memory", "allocated_mib=%lu", mib);
    abort();
}

static _Noreturn void crash(uint32_t kind, uint32_t arg)
{
    switch (kind) {
    case FAULTY_SEGFAULT:
        write_through_null();
        break;
    case FAULTY_ABORT:
        abort();
    case FAULTY_STACK_OVERFLOW:
        recurse_next(NULL, 0);
        break;
    case FAULTY_EXIT:
        exit((int)arg);
    case FAULTY_ALLOC_UNBOUNDED:
        exhaust_memory(arg);
        break;
    default:
        break;
    }
    /* A platform where page zero is writable, or a recursion that returned: still a crash. */
    abort();
}

static int is_fatal(uint32_t kind)
{
    return kind == FAULTY_SEGFAULT || kind == FAULTY_ABORT || kind == FAULTY_STACK_OVERFLOW || kind == FAULTY_EXIT ||
           kind == FAULTY_ALLOC_UNBOUNDED;
}

/* --- Stuck kinds ----------------------------------------------------------------------------------- */

static volatile unsigned long faulty_spins;

static _Noreturn void spin_forever(void)
{
    for (;;)
        faulty_spins++;
}

static _Noreturn void stuck(uint32_t kind)
{
    if (kind == FAULTY_BUSY_LOOP)
        spin_forever();
    faulty_block_forever();
}

static int is_stuck(uint32_t kind)
{
    return kind == FAULTY_HANG || kind == FAULTY_BUSY_LOOP || kind == FAULTY_SLOW_START;
}

_Noreturn void faulty_fault_at_cleanup(uint32_t kind)
{
    faulty_log("warn", "fault-inject", "kind=%s trigger=cleanup", faulty_kind_name(kind));
    stuck(kind);
}

/* --- Writes into the host's channel ---------------------------------------------------------------- */

static void put_le(unsigned char *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static HRESULT channel_result(int rc)
{
    if (rc == -1)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE); /* not running in a host */
    return rc ? HRESULT_FROM_WIN32(ERROR_BROKEN_PIPE) : S_OK;
}

/* A well-formed COMPLETE, as the host would send it, for an IRP this host was never given. */
static HRESULT write_foreign_complete(void)
{
    unsigned char m[WUDF_MSG_HEADER_SIZE];
    memset(m, 0, sizeof m);
    put_le(m + WUDF_HDR_OFF_SIZE, WUDF_MSG_HEADER_SIZE, 4);
    put_le(m + WUDF_HDR_OFF_TYPE, WUDF_MSG_COMPLETE, 2);
    put_le(m + WUDF_HDR_OFF_IRP_ID, FAULTY_FOREIGN_IRP_ID, 8);
    /* The rest stays zero: STATUS_SUCCESS, information 0, no payload. */
    return channel_result(faulty_channel_write(m, sizeof m));
}

static HRESULT write_garbage(uint32_t bytes)
{
    if (!bytes)
        bytes = FAULTY_GARBAGE_DEFAULT_BYTES;
    /* xorshift64: any bytes will do, as long as they differ from run to run. */
    uint64_t x = (uint64_t)time(NULL) ^ ((uint64_t)faulty_process_id() << 32) ^ (uint64_t)(uintptr_t)&bytes;
    if (!x)
        x = 0x9E3779B97F4A7C15ull;
    unsigned char chunk[4096];
    int rc = 0;
    while (bytes && !rc) {
        uint32_t n = bytes < sizeof chunk ? bytes : (uint32_t)sizeof chunk;
        for (uint32_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk[i] = (unsigned char)(x >> 24);
        }
        rc = faulty_channel_write(chunk, n);
        bytes -= n;
    }
    return channel_result(rc);
}

/* A host gone bad: its driver overwrites the shared ring its output buffer lies in. */
static HRESULT scribble_ring(IWDFIoRequest *request)
{
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetOutputMemory(request, &memory);
    unsigned char *ring = memory ? faulty_ring_of(IWDFMemory_GetDataBuffer(memory, NULL)) : NULL;
    if (memory)
        IWDFMemory_Release(memory);
    if (!ring)
        return HRESULT_FROM_NT(STATUS_NOT_SUPPORTED);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (uint32_t i = 0; i < WUDF_RING_ARENA_OFFSET; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ring[i] = (unsigned char)(x >> 24);
    }
    wudf_ring_slot *slots = (wudf_ring_slot *)(void *)(ring + WUDF_RING_SLOTS_OFFSET);
    for (uint32_t i = 0; i < WUDF_RING_SLOTS; i++) {
        slots[i].information = UINT64_MAX;
        __atomic_store_n(&slots[i].state, WUDF_SLOT_DONE, __ATOMIC_RELEASE);
    }
    faulty_signal_eventfds();
    return S_OK;
}

/* --- Beyond the host ------------------------------------------------------------------------------- */

static int is_hostile(uint32_t kind)
{
    return kind >= FAULTY_SPAWN_CHILD && kind < FAULTY_KIND_COUNT;
}

#define FAULTY_FORGED_DEVICE "ROOT\\ECHO\\0000"
#define FAULTY_LONG_LINE (64u * 1024u)

/* One line on stream, written whole. */
static void put_line(FILE *stream, const char *line)
{
    fputs(line, stream);
    fflush(stream);
}

/* Lines the reflector would write, and would be believed if hosts still wrote to its log. */
static uint32_t forge_log(uint32_t marker)
{
    char stamp[32], line[512];
    faulty_utc_stamp(stamp, sizeof stamp);
    snprintf(line, sizeof line,
             "ts=%s level=info prog=wudfrd event=device-started device=" FAULTY_FORGED_DEVICE
             " pid=1 status=0x00000000 symlinks=0 forged=%lu\n",
             stamp, (unsigned long)marker);
    put_line(stderr, line);
    put_line(stdout, line);
    char hidden[600];
    snprintf(hidden, sizeof hidden, "ok\r%s", line); /* a terminal would show only the forgery */
    put_line(stderr, hidden);
    /* A line too long to keep: its tail, another forgery, must not come out as a line of its own. */
    size_t tail = strlen(line);
    char *text = malloc(FAULTY_LONG_LINE + tail + 1);
    if (!text)
        return 3;
    memset(text, 'z', FAULTY_LONG_LINE);
    memcpy(text, "event=long-line text=", 21);
    text[FAULTY_LONG_LINE - 1] = ' ';
    memcpy(text + FAULTY_LONG_LINE, line, tail + 1);
    put_line(stderr, text);
    free(text);
    return 4;
}

static uint32_t flood_log(uint32_t lines)
{
    if (!lines)
        lines = 10000;
    for (uint32_t i = 1; i <= lines; i++)
        faulty_log("info", "flood", "n=%lu", (unsigned long)i);
    return lines;
}

/* Tries, and reports what happened in the output buffer: the request itself succeeds. */
static void reach_out(faulty_device *dev, IWDFIoRequest *request, uint32_t kind, uint32_t arg, SIZE_T out_size)
{
    if (out_size < 8) {
        IWDFIoRequest_Complete(request, HRESULT_FROM_NT(STATUS_BUFFER_TOO_SMALL));
        return;
    }
    struct faulty_outcome outcome = {0, 0};
    if (kind == FAULTY_FORGE_LOG)
        outcome.value = forge_log(arg);
    else if (kind == FAULTY_LOG_FLOOD)
        outcome.value = flood_log(arg);
    else
        faulty_reach_out(kind, arg, &outcome);
    faulty_log("warn", "fault-outcome", "kind=%s arg=%lu error=%lu value=%lu", faulty_kind_name(kind),
               (unsigned long)arg, (unsigned long)outcome.error, (unsigned long)outcome.value);
    unsigned char bytes[8];
    put_le(bytes, outcome.error, 4);
    put_le(bytes + 4, outcome.value, 4);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetOutputMemory(request, &memory);
    HRESULT hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, bytes, sizeof bytes) : E_POINTER;
    if (memory)
        IWDFMemory_Release(memory);
    faulty_device_count_injected(dev);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? sizeof bytes : 0);
}

/* --- Committing ------------------------------------------------------------------------------------ */

void faulty_fault_commit(faulty_device *dev, IWDFIoRequest *request, uint32_t kind, uint32_t arg, SIZE_T out_size,
                         const char *trigger)
{
    if (kind == FAULTY_NONE) {
        IWDFIoRequest_CompleteWithInformation(request, S_OK, 0);
        return;
    }
    if (kind >= FAULTY_KIND_COUNT || kind == FAULTY_SLOW_START) {
        faulty_log("warn", "fault-refused", "kind=%lu trigger=%s reason=\"%s\"", (unsigned long)kind, trigger,
                   kind == FAULTY_SLOW_START ? "slow-start is a FaultOnStart setting" : "no such kind");
        IWDFIoRequest_Complete(request, HRESULT_FROM_NT(STATUS_INVALID_PARAMETER));
        return;
    }
    faulty_log("warn", "fault-inject", "kind=%s arg=%lu trigger=%s", faulty_kind_name(kind), (unsigned long)arg,
               trigger);
    if (is_fatal(kind))
        crash(kind, arg);
    if (is_hostile(kind)) {
        reach_out(dev, request, kind, arg, out_size);
        return;
    }
    HRESULT hr;
    switch (kind) {
    case FAULTY_HANG:
    case FAULTY_BUSY_LOOP:
        faulty_device_count_injected(dev);
        stuck(kind);
    case FAULTY_NEVER_COMPLETE:
        /* Neither completed nor cancelable: only the supervisor can end the client's wait. */
        faulty_device_count_injected(dev);
        return;
    case FAULTY_COMPLETE_TWICE:
        faulty_device_count_injected(dev);
        IWDFIoRequest_CompleteWithInformation(request, S_OK, 0);
        IWDFIoRequest_CompleteWithInformation(request, S_OK, 0);
        return;
    case FAULTY_OVERSIZE:
        faulty_device_count_injected(dev);
        IWDFIoRequest_CompleteWithInformation(request, S_OK, out_size + (SIZE_T)arg + 1);
        return;
    case FAULTY_FLOOD:
        faulty_device_count_injected(dev);
        faulty_held_flood(dev, arg);
        IWDFIoRequest_CompleteWithInformation(request, S_OK, 0);
        return;
    case FAULTY_SCRIBBLE_RING:
        hr = scribble_ring(request);
        if (SUCCEEDED(hr))
            faulty_device_count_injected(dev);
        IWDFIoRequest_CompleteWithInformation(request, hr, 0);
        return;
    case FAULTY_FOREIGN_COMPLETE:
    case FAULTY_GARBAGE:
        hr = kind == FAULTY_GARBAGE ? write_garbage(arg) : write_foreign_complete();
        if (SUCCEEDED(hr))
            faulty_device_count_injected(dev);
        else
            faulty_log("warn", "fault-failed", "kind=%s hr=0x%08lX", faulty_kind_name(kind), (unsigned long)(ULONG)hr);
        IWDFIoRequest_CompleteWithInformation(request, hr, 0);
        return;
    default:
        IWDFIoRequest_Complete(request, HRESULT_FROM_NT(STATUS_INVALID_PARAMETER));
        return;
    }
}

HRESULT faulty_fault_at_start(uint32_t kind)
{
    if (kind == FAULTY_NONE)
        return S_OK;
    if (kind == FAULTY_NEVER_COMPLETE || kind == FAULTY_COMPLETE_TWICE || kind == FAULTY_OVERSIZE ||
        kind == FAULTY_FLOOD || is_hostile(kind) || kind >= FAULTY_KIND_COUNT) {
        faulty_log("error", "settings-refused",
                   "reason=\"FaultOnStart=%s needs a request in hand; schedule it with FaultAfter=<n> and "
                   "FaultKind=%s\"",
                   faulty_kind_name(kind), faulty_kind_name(kind));
        return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    }
    faulty_log("warn", "fault-inject", "kind=%s arg=0 trigger=FaultOnStart", faulty_kind_name(kind));
    if (is_fatal(kind))
        crash(kind, 0);
    if (is_stuck(kind))
        stuck(kind);
    HRESULT hr = kind == FAULTY_GARBAGE ? write_garbage(0) : write_foreign_complete();
    if (FAILED(hr))
        faulty_log("error", "fault-failed", "kind=%s hr=0x%08lX", faulty_kind_name(kind), (unsigned long)(ULONG)hr);
    return hr;
}
