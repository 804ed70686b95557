/* Fuzz target for the INF parser (common/inf*.c). Each input is parsed as it is (UTF-8, or
 * UTF-16LE when it starts with that byte-order mark) and again as UTF-16LE text, then queried the
 * way the installer does (hardware ids, models, DDInstall, its .Wdf section and services, dirids)
 * and through the read access with buffers of several sizes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "inf.h"

#define MAX_SECTIONS 24
#define MAX_LINES 48

/* What the reflector passes (tool.c: only %12%) and a full set. */
static const wudf_inf_dirs reflector_dirs = {"/opt/openwudf/drivers", NULL, NULL, NULL, NULL};
static const wudf_inf_dirs all_dirs = {"/drv", "/sys", "/win", "/store", "/infdir"};

typedef struct names {
    char section[MAX_SECTIONS][WUDF_INF_MAX_SECTION_NAME + 1];
    size_t count;
} names;

/* The lexer's promises to its callback. */
static int on_syntax_line(void *context, const wudf_inf_syntax_line *line, wudf_error *err)
{
    names *n = context;
    (void)err;
    FUZZ_CHECK(line->line >= 1);
    if (line->section) {
        size_t len = strlen(line->section);
        FUZZ_CHECK(len >= 1 && len <= WUDF_INF_MAX_SECTION_NAME);
        FUZZ_CHECK(line->key == NULL && line->value_count == 0);
        if (n->count < MAX_SECTIONS)
            memcpy(n->section[n->count++], line->section, len + 1);
        return 0;
    }
    FUZZ_CHECK(line->value_count <= WUDF_INF_MAX_VALUES);
    size_t total = line->key ? strlen(line->key) : 0;
    for (size_t i = 0; i < line->value_count; i++)
        total += strlen(line->values[i]);
    FUZZ_CHECK(total <= WUDF_INF_MAX_LINE);
    return 0;
}

static void check_text(const char *text, size_t size)
{
    FUZZ_CHECK(strnlen(text, size) < size);
}

static void check_install(const wudf_inf_install *ins, const wudf_inf_dirs *dirs)
{
    FUZZ_CHECK(ins->service_count >= 1 && ins->service_count <= WUDF_INF_MAX_SERVICES);
    check_text(ins->hardware_id, sizeof ins->hardware_id);
    check_text(ins->install_section, sizeof ins->install_section);
    FUZZ_CHECK(strlen(ins->class_guid) == WUDF_INF_GUID_SIZE - 1);
    FUZZ_CHECK(strlen(ins->driver_date) == WUDF_INF_DATE_SIZE - 1);
    for (size_t i = 0; i < ins->service_count; i++) {
        const wudf_inf_service *s = &ins->services[i];
        FUZZ_CHECK(strlen(s->clsid) == WUDF_INF_GUID_SIZE - 1);
        check_text(s->binary, sizeof s->binary);
        /* The property that matters: a driver binary stays under a configured directory. */
        FUZZ_CHECK(!wudf_inf_path_has_dotdot(s->binary));
        FUZZ_CHECK(strchr(s->binary, '\\') == NULL);
        const char *allowed[] = {dirs->drivers, dirs->system, dirs->windows, dirs->driver_store,
                                 dirs->inf_dir ? dirs->inf_dir : "fuzz"};
        size_t inside = 0;
        for (size_t d = 0; d < 5 && !inside; d++)
            inside = allowed[d] ? wudf_inf_path_in_dir(s->binary, allowed[d]) : 0;
        FUZZ_CHECK(inside != 0);
    }
}

static void install_queries(const wudf_inf *inf)
{
    wudf_inf_install *ins = malloc(sizeof *ins);
    FUZZ_CHECK(ins != NULL);
    wudf_error err;
    char id[WUDF_INF_TEXT_SIZE];
    for (size_t i = 0; i < 4; i++) {
        if (wudf_inf_hardware_id(inf, "NTamd64", i, id, sizeof id, &err))
            break;
        check_text(id, sizeof id);
        if (wudf_inf_find_install(inf, id, "NTamd64", &reflector_dirs, ins, &err) == 0)
            check_install(ins, &reflector_dirs);
        if (i == 0 && wudf_inf_find_install(inf, id, "NTx86", &all_dirs, ins, &err) == 0)
            check_install(ins, &all_dirs);
    }
    /* An id the file may not have: the compatible-id pass runs to the end. */
    wudf_inf_find_install(inf, "ROOT\\ECHO", "NTarm64", &all_dirs, ins, &err);
    wudf_inf_first_hardware_id(inf, "NT", id, 2, &err);
    free(ins);
}

/* Read access on the sections the file names, as the installer and tools use it. */
static void read_queries(const wudf_inf *inf, const names *n)
{
    static const size_t sizes[] = {1, 7, WUDF_INF_TEXT_SIZE};
    char buf[WUDF_INF_TEXT_SIZE];
    wudf_error err;
    for (size_t s = 0; s < n->count; s++) {
        const char *section = n->section[s];
        FUZZ_CHECK(wudf_inf_has_section(inf, section));
        size_t lines = wudf_inf_line_count(inf, section);
        for (size_t l = 0; l < lines && l < MAX_LINES; l++) {
            FUZZ_CHECK(wudf_inf_line_number(inf, section, l) >= 1);
            size_t size = sizes[l % 3];
            if (wudf_inf_key(inf, section, l, buf, size, &err) == 0)
                check_text(buf, size);
            size_t values = wudf_inf_value_count(inf, section, l);
            for (size_t v = 0; v <= values && v < 4; v++) {
                const wudf_inf_dirs *dirs = v % 2 ? &all_dirs : NULL;
                if (wudf_inf_value(inf, section, l, v, dirs, buf, sizes[(l + v) % 3], &err) == 0) {
                    check_text(buf, sizes[(l + v) % 3]);
                    char guid[WUDF_INF_GUID_SIZE], date[WUDF_INF_DATE_SIZE];
                    unsigned long parts[4];
                    size_t count;
                    wudf_inf_parse_guid(buf, guid);
                    wudf_inf_parse_date(buf, date);
                    wudf_inf_parse_version(buf, parts, 1, 4, &count);
                    wudf_inf_path_has_dotdot(buf);
                    wudf_inf_path_in_dir(buf, "/drv");
                }
            }
        }
    }
    wudf_inf_key_value(inf, "Version", "Signature", 0, buf, sizeof buf, &err);
    wudf_inf_key_value(inf, "Strings", "Prov", 0, buf, sizeof buf, &err);
    size_t line;
    wudf_inf_find_key(inf, "Manufacturer", "%Mfg%", 0, &line);
}

static void parse(const void *data, size_t size)
{
    names *n = calloc(1, sizeof *n);
    FUZZ_CHECK(n != NULL);
    wudf_error err;
    int lexed = wudf_inf_lex("fuzz/test.inf", data, size, on_syntax_line, n, &err);
    wudf_inf *inf = NULL;
    int rc = wudf_inf_parse_buffer("fuzz/test.inf", data, size, &inf, &err);
    FUZZ_CHECK((rc == 0) == (inf != NULL));
    if (rc == 0) {
        FUZZ_CHECK(lexed == 0); /* the parser accepts nothing the lexer refuses */
        FUZZ_CHECK(strcmp(wudf_inf_directory(inf), "fuzz") == 0);
        read_queries(inf, n);
        install_queries(inf);
        wudf_inf_free(inf);
    }
    free(n);
}

/* UTF-8 (ill-formed bytes read as Latin-1) to UTF-16LE with a byte-order mark. */
static uint8_t *to_utf16(const uint8_t *p, size_t size, size_t *out_size)
{
    uint8_t *out = malloc(2 + size * 2 + 2), *o = out;
    FUZZ_CHECK(out != NULL);
    *o++ = 0xFF;
    *o++ = 0xFE;
    for (size_t i = 0; i < size;) {
        unsigned long cp = p[i];
        size_t n = 1;
        if (cp >= 0xC2 && cp <= 0xDF && i + 1 < size && (p[i + 1] & 0xC0) == 0x80) {
            cp = ((cp & 0x1F) << 6) | (p[i + 1] & 0x3F);
            n = 2;
        } else if (cp >= 0xE0 && cp <= 0xEF && i + 2 < size && (p[i + 1] & 0xC0) == 0x80 &&
                   (p[i + 2] & 0xC0) == 0x80) {
            /* Surrogates pass through as they are: the parser must refuse unpaired ones. */
            cp = ((cp & 0x0F) << 12) | ((unsigned long)(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            n = 3;
        } else if (cp >= 0xF0 && cp <= 0xF4 && i + 3 < size && (p[i + 1] & 0xC0) == 0x80 &&
                   (p[i + 2] & 0xC0) == 0x80 && (p[i + 3] & 0xC0) == 0x80) {
            cp = ((cp & 0x07) << 18) | ((unsigned long)(p[i + 1] & 0x3F) << 12) |
                 ((unsigned long)(p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
            n = 4;
        }
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            unsigned long v = cp - 0x10000;
            unsigned long hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
            *o++ = (uint8_t)hi;
            *o++ = (uint8_t)(hi >> 8);
            *o++ = (uint8_t)lo;
            *o++ = (uint8_t)(lo >> 8);
        } else {
            cp &= 0xFFFF;
            *o++ = (uint8_t)cp;
            *o++ = (uint8_t)(cp >> 8);
        }
        i += n;
    }
    *out_size = (size_t)(o - out);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse(data, size);
    if (size >= 2 && data[0] == 0xFF && data[1] == 0xFE)
        return 0; /* already UTF-16 */
    size_t skip = size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
    size_t wide_size;
    uint8_t *wide = to_utf16(data + skip, size - skip, &wide_size);
    parse(wide, wide_size);
    free(wide);
    return 0;
}
