/* Checks inside fuzz targets: a broken property is a finding, reported like a sanitizer error (the
 * summary line reaches libFuzzer's log even when the target's stderr is closed) and then aborted,
 * so that libFuzzer saves the input. */
#ifndef OPENWUDF_FUZZ_CHECK_H
#define OPENWUDF_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <sanitizer/common_interface_defs.h>

static inline void fuzz_fail(const char *file, int line, const char *what)
{
    char summary[512];
    snprintf(summary, sizeof summary, "fuzz check failed at %s:%d: %s", file, line, what);
    __sanitizer_report_error_summary(summary);
    abort();
}

/* What libFuzzer calls: once per input (every target), and once before the first (targets that
 * set up a world). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_fail(__FILE__, __LINE__, #cond);                                                  \
    } while (0)

#endif
