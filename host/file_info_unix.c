/*
 * A file-handle target's query and set of file information on Linux (file_info_unix.h), with the
 * checks and answers of NtQueryInformationFile / NtSetInformationFile, which serve a target's
 * handle on Windows. The checks are NT's, shared with Windows (file_info.h): a class outside the
 * NT numbering, or one that cannot be queried (or set), is STATUS_INVALID_INFO_CLASS; a buffer
 * shorter than the class's structure is STATUS_INFO_LENGTH_MISMATCH. The classes answered here
 * are the ones a descriptor can answer: basic (times, attributes), standard (sizes, links),
 * internal (the inode), position, end of file and allocation. Another valid class is
 * STATUS_NOT_SUPPORTED. As Wine's ntdll does for the same descriptors, basic information exists
 * only for files and directories (STATUS_INVALID_INFO_CLASS for a socket or a pipe), and times
 * that cannot be set on Linux (creation, change) are left alone.
 */
#define _GNU_SOURCE 1 /* fallocate, statx */

#include "file_info_unix.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file_info.h"

/* The NT structures' sizes (x86 and x64 alike: LARGE_INTEGERs are 8-aligned). */
#define BASIC_SIZE 40u    /* 4 times, FileAttributes, padding */
#define STANDARD_SIZE 24u /* AllocationSize, EndOfFile, NumberOfLinks, DeletePending, Directory */

/* FILE_ATTRIBUTE_* (winnt.h). */
#define ATTRIBUTE_READONLY 0x01u
#define ATTRIBUTE_DIRECTORY 0x10u
#define ATTRIBUTE_ARCHIVE 0x20u

/* Seconds from 1601-01-01 (NT times) to 1970-01-01, and NT time units (100 ns) in a second. */
#define EPOCH_DIFFERENCE 11644473600LL
#define TICKS_PER_SECOND 10000000LL

/* Whether a descriptor can answer class c (for a query, or a set): the other classes NT takes are
 * STATUS_NOT_SUPPORTED here. */
static int served(WDF_FILE_INFORMATION_CLASS c, int set)
{
    switch (c) {
    case WdfFileInformationBasic:
    case WdfFileInformationPosition: return 1;
    case WdfFileInformationStandard:
    case WdfFileInformationInternal: return !set;
    case WdfFileInformationEndOfFile:
    case WdfFileInformationAllocation: return set;
    default: return 0;
    }
}

/* NT's checks (file_info.c) first, as both calls make them before the handle is looked at. */
static NTSTATUS check(WDF_FILE_INFORMATION_CLASS c, size_t length, int set)
{
    NTSTATUS status = wudf_file_info_check(c, length, set);
    if (status == STATUS_SUCCESS && !served(c, set))
        status = STATUS_NOT_SUPPORTED;
    return status;
}

static void put_u32(uint8_t *at, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        at[i] = (uint8_t)(v >> (8 * i));
}

static void put_i64(uint8_t *at, int64_t value)
{
    uint64_t v = (uint64_t)value;
    for (int i = 0; i < 8; i++)
        at[i] = (uint8_t)(v >> (8 * i));
}

static int64_t get_i64(const uint8_t *at)
{
    uint64_t v = 0;
    for (int i = 8; i > 0; i--)
        v = (v << 8) | at[i - 1];
    return (int64_t)v;
}

static int64_t nt_time(struct timespec t)
{
    return ((int64_t)t.tv_sec + EPOCH_DIFFERENCE) * TICKS_PER_SECOND + t.tv_nsec / 100;
}

/* An NT time a driver set: 0 and -1 leave the time as it is (FILE_BASIC_INFORMATION on Learn). */
static struct timespec unix_time(int64_t nt)
{
    struct timespec t = {0, UTIME_OMIT};
    if (nt == 0 || nt == -1)
        return t;
    t.tv_sec = (time_t)(nt / TICKS_PER_SECOND - EPOCH_DIFFERENCE);
    t.tv_nsec = (long)(nt % TICKS_PER_SECOND) * 100;
    if (t.tv_nsec < 0) {
        t.tv_sec--;
        t.tv_nsec += 1000000000L;
    }
    return t;
}

static NTSTATUS from_errno(void)
{
    return wudf_file_status_from_errno(errno);
}

/* The file's birth time where the kernel keeps one, else its last write. */
static struct timespec created(int fd, const struct stat *st)
{
#ifdef STATX_BTIME
    struct statx sx;
    if (statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &sx) == 0 && (sx.stx_mask & STATX_BTIME)) {
        struct timespec t = {(time_t)sx.stx_btime.tv_sec, (long)sx.stx_btime.tv_nsec};
        return t;
    }
#endif
    return st->st_mtim;
}

static NTSTATUS query_basic(int fd, const struct stat *st, uint8_t *out)
{
    if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
        return STATUS_INVALID_INFO_CLASS;
    uint32_t attributes = S_ISDIR(st->st_mode) ? ATTRIBUTE_DIRECTORY : ATTRIBUTE_ARCHIVE;
    if (!(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        attributes |= ATTRIBUTE_READONLY;
    memset(out, 0, BASIC_SIZE);
    put_i64(out, nt_time(created(fd, st)));
    put_i64(out + 8, nt_time(st->st_atim));
    put_i64(out + 16, nt_time(st->st_mtim));
    put_i64(out + 24, nt_time(st->st_ctim));
    put_u32(out + 32, attributes);
    return STATUS_SUCCESS;
}

static void query_standard(const struct stat *st, uint8_t *out)
{
    memset(out, 0, STANDARD_SIZE);
    put_i64(out, (int64_t)st->st_blocks * 512);
    put_i64(out + 8, S_ISREG(st->st_mode) ? (int64_t)st->st_size : 0);
    put_u32(out + 16, (uint32_t)st->st_nlink);
    out[21] = S_ISDIR(st->st_mode) ? 1 : 0; /* DeletePending (out[20]) stays FALSE */
}

NTSTATUS wudf_file_info_query(int fd, WDF_FILE_INFORMATION_CLASS c, uint8_t *out, size_t length, size_t *written)
{
    *written = 0;
    NTSTATUS status = check(c, length, 0);
    if (status != STATUS_SUCCESS)
        return status;
    struct stat st;
    if (c == WdfFileInformationPosition) {
        off_t at = lseek(fd, 0, SEEK_CUR);
        if (at < 0)
            return errno == ESPIPE ? STATUS_INVALID_PARAMETER : from_errno(); /* a socket or a pipe has none */
        put_i64(out, (int64_t)at);
    } else if (fstat(fd, &st) != 0) {
        return from_errno();
    } else if (c == WdfFileInformationBasic) {
        status = query_basic(fd, &st, out);
    } else if (c == WdfFileInformationStandard) {
        query_standard(&st, out);
    } else {
        put_i64(out, (int64_t)st.st_ino); /* FileInternalInformation: the file's index number */
    }
    if (status == STATUS_SUCCESS)
        *written = wudf_file_info_length(c, 0);
    return status;
}

static NTSTATUS set_basic(int fd, const uint8_t *in)
{
    struct timespec times[2] = {unix_time(get_i64(in + 8)), unix_time(get_i64(in + 16))}; /* access, write */
    if ((times[0].tv_nsec != UTIME_OMIT || times[1].tv_nsec != UTIME_OMIT) && futimens(fd, times) != 0)
        return from_errno();
    uint32_t attributes = (uint32_t)in[32] | (uint32_t)in[33] << 8 | (uint32_t)in[34] << 16 | (uint32_t)in[35] << 24;
    if (!attributes)
        return STATUS_SUCCESS; /* 0: the attributes stay */
    struct stat st;
    if (fstat(fd, &st) != 0)
        return from_errno();
    /* Read-only is what a mode can say; the other attributes have no place on Linux. */
    mode_t mode = (attributes & ATTRIBUTE_READONLY) ? st.st_mode & ~(mode_t)(S_IWUSR | S_IWGRP | S_IWOTH)
                                                     : st.st_mode | S_IWUSR;
    if (!S_ISDIR(st.st_mode) && mode != st.st_mode && fchmod(fd, mode & 07777) != 0)
        return from_errno();
    return STATUS_SUCCESS;
}

/* AllocationSize: below the end of file the file is cut there, as NTFS does; above it, space is reserved. */
static NTSTATUS set_allocation(int fd, int64_t size)
{
    struct stat st;
    if (size < 0)
        return STATUS_INVALID_PARAMETER;
    if (fstat(fd, &st) != 0)
        return from_errno();
    if (size < (int64_t)st.st_size)
        return ftruncate(fd, (off_t)size) == 0 ? STATUS_SUCCESS : from_errno();
    if (size > 0 && fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)size) != 0 && errno != EOPNOTSUPP)
        return from_errno();
    return STATUS_SUCCESS;
}

NTSTATUS wudf_file_info_set(int fd, WDF_FILE_INFORMATION_CLASS c, const uint8_t *in, size_t length)
{
    NTSTATUS status = check(c, length, 1);
    if (status != STATUS_SUCCESS)
        return status;
    int64_t value = get_i64(in);
    switch (c) {
    case WdfFileInformationBasic:
        return set_basic(fd, in);
    case WdfFileInformationPosition:
        if (value < 0)
            return STATUS_INVALID_PARAMETER;
        return lseek(fd, (off_t)value, SEEK_SET) < 0 ? (errno == ESPIPE ? STATUS_INVALID_PARAMETER : from_errno())
                                                     : STATUS_SUCCESS;
    case WdfFileInformationEndOfFile:
        if (value < 0)
            return STATUS_INVALID_PARAMETER;
        return ftruncate(fd, (off_t)value) == 0 ? STATUS_SUCCESS : from_errno();
    default:
        return set_allocation(fd, value);
    }
}
