/* Reading an INF file with stdio (the one place the parser touches the file system), then
 * parsing it from memory. */
#include "inf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wudf_inf_parse_file(const char *path, wudf_inf **out, wudf_error *err)
{
    if (!out || !path)
        return wudf_error_set(err, WUDF_EINVAL, "wudf_inf_parse_file: no path or result pointer");
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return wudf_error_set(err, errno == ENOENT ? WUDF_ENOTFOUND : WUDF_EIO, "%s: %s", path,
                              strerror(errno));
    /* Read in growing chunks rather than trusting a size from the file system: it may be a pipe,
     * and one byte past the limit is enough to reject it. */
    size_t cap = 0, len = 0;
    unsigned char *data = NULL;
    int rc = 0;
    for (;;) {
        if (len == cap) {
            size_t grown = cap ? cap * 2 : 65536;
            unsigned char *p = realloc(data, grown);
            if (!p) {
                rc = wudf_error_set(err, WUDF_ENOMEM, "%s: out of memory", path);
                break;
            }
            data = p;
            cap = grown;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (len > WUDF_INF_MAX_FILE_SIZE) {
            rc = wudf_error_set(err, WUDF_ETOOBIG, "%s: larger than %u bytes", path,
                                (unsigned)WUDF_INF_MAX_FILE_SIZE);
            break;
        }
        if (got == 0) {
            if (ferror(f))
                rc = wudf_error_set(err, WUDF_EIO, "%s: read error", path);
            break;
        }
    }
    fclose(f);
    if (rc == 0)
        rc = wudf_inf_parse_buffer(path, data, len, out, err);
    free(data);
    return rc;
}
