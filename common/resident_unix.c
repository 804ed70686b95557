/*
 * An idle host's resident memory (Linux). At start-up the kernel maps code and constants a
 * window at a time around each page the loader and libc touch ("fault-around"), so most of the
 * host's and libc's text is resident before the driver runs a line. DESIGN.md wants an idle host
 * under 2 MiB: once started, the host drops those clean file pages from its page tables and asks
 * for one page per fault from then on, so what stays is what it runs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dl_iterate_phdr */
#endif
#include "platform.h"

#if defined(__linux__)
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

/* Read-only, not relocated at load (outside PT_GNU_RELRO): the pages are the file's, and
 * dropping them loses nothing. A relocated page is private to the process and must stay. */
static int clean_segment(const struct dl_phdr_info *info, const ElfW(Phdr) *p)
{
    if (p->p_type != PT_LOAD || (p->p_flags & PF_W))
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *r = &info->dlpi_phdr[i];
        if (r->p_type == PT_GNU_RELRO && r->p_vaddr < p->p_vaddr + p->p_memsz &&
            p->p_vaddr < r->p_vaddr + r->p_memsz)
            return 0;
    }
    return 1;
}

static int trim_object(struct dl_phdr_info *info, size_t size, void *data)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    (void)size, (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (!clean_segment(info, p))
            continue;
        uintptr_t start = (info->dlpi_addr + p->p_vaddr) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + p->p_vaddr + p->p_filesz) & ~(page - 1); /* whole pages only */
        if (end <= start)
            continue;
        madvise((void *)start, end - start, MADV_RANDOM);
        madvise((void *)start, end - start, MADV_DONTNEED);
    }
    return 0;
}

void wudf_host_trim_resident(void)
{
    dl_iterate_phdr(trim_object, NULL);
}
#else
void wudf_host_trim_resident(void)
{
}
#endif
