/* INF files: the Windows INF syntax (inf_lex.c), a parsed file with read access and %string%
 * substitution (inf.c, inf_file.c), value formats (inf_value.c), and the UMDF 1 driver-install
 * queries the installer needs (inf_install.c), and AddReg of a device install (inf_addreg.c).
 * INF files are untrusted input: every limit below is enforced with an error, never by truncation. */
#ifndef OPENWUDF_COMMON_INF_H
#define OPENWUDF_COMMON_INF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Hard limits. A file or line beyond them is rejected with WUDF_ETOOBIG. */
#define WUDF_INF_MAX_FILE_SIZE (4u * 1024u * 1024u) /* bytes as stored (before UTF-16 conversion) */
#define WUDF_INF_MAX_LINE 4096u                     /* bytes of one logical line, continuations joined */
#define WUDF_INF_MAX_VALUES 64u                     /* values after '=' (or on a key-less line) */
#define WUDF_INF_MAX_SECTION_NAME 255u              /* as Windows allows */

/* Buffer sizes of the install result (NUL included). A longer value is an error. */
#define WUDF_INF_MAX_SERVICES 8u
#define WUDF_INF_TEXT_SIZE 256u    /* names, ids, display strings */
#define WUDF_INF_PATH_SIZE 1024u   /* ServiceBinary after dirid resolution */
#define WUDF_INF_GUID_SIZE 39u     /* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" */
#define WUDF_INF_VERSION_SIZE 24u  /* "65535.65535.65535.65535" */
#define WUDF_INF_DATE_SIZE 11u     /* "mm/dd/yyyy" */

/* ---- Syntax only (inf_lex.c) ----------------------------------------------------------------
 * Exposed for the parser below and for fuzzing. The input may be UTF-8 (optional BOM) or UTF-16LE
 * with BOM, CRLF or LF; it is converted to UTF-8. One callback per non-blank logical line: quotes
 * are removed ("" inside quotes is one "), comments dropped, continuation lines joined, unquoted
 * whitespace around values trimmed. %strings% are NOT substituted here. In [Strings] and
 * [Strings.*] sections a value runs to the end of the line (commas are part of it). */
typedef struct wudf_inf_syntax_line {
    unsigned line;              /* first physical line, 1-based */
    const char *section;        /* a section header: its name; otherwise NULL */
    const char *key;            /* "key = ..." lines: the key; key-less lines and headers: NULL */
    size_t value_count;
    const char *const *values;  /* value_count strings */
} wudf_inf_syntax_line;

/* Return 0 to go on; anything else stops the lexer and is returned (set err first). Pointers in
 * line are valid only during the call. */
typedef int (*wudf_inf_line_fn)(void *context, const wudf_inf_syntax_line *line, wudf_error *err);

/* name is used in messages ("name:line: what"). Returns 0 or a wudf_errc. */
int wudf_inf_lex(const char *name, const void *data, size_t len, wudf_inf_line_fn fn, void *context,
                 wudf_error *err);

/* ---- Parsed file (inf.c; reading the file: inf_file.c) --------------------------------------- */
typedef struct wudf_inf wudf_inf;

/* Directories that directory ids (dirids) in paths map to. NULL: that dirid is not available. */
typedef struct wudf_inf_dirs {
    const char *drivers;      /* %12% */
    const char *system;       /* %11% */
    const char *windows;      /* %10% */
    const char *driver_store; /* %13% */
    const char *inf_dir;      /* %1%; NULL: the directory part of the name given to the parser */
} wudf_inf_dirs;

/* Parse a whole file. On success *out owns the result (wudf_inf_free); on error *out is NULL.
 * Sections with the same name (case-insensitive) are merged in file order, as Windows does.
 * Every %strkey% reference outside [Strings*] must be defined in [Strings] ([Strings.<LCID>]
 * sections are accepted but not used); a numeric %N% that [Strings] does not define is kept as a
 * dirid. Errors: WUDF_EIO/WUDF_ENOTFOUND (file), WUDF_ETOOBIG (limits), WUDF_EPARSE, WUDF_ENOMEM. */
int wudf_inf_parse_file(const char *path, wudf_inf **out, wudf_error *err);
/* Same from memory; name is used in messages and for %1%. */
int wudf_inf_parse_buffer(const char *name, const void *data, size_t len, wudf_inf **out,
                          wudf_error *err);
void wudf_inf_free(wudf_inf *inf);

/* The name used in messages (the path or the name given to the parser). */
const char *wudf_inf_name(const wudf_inf *inf);
/* The directory part of that name ("." if it has none): what %1% means unless dirs says. */
const char *wudf_inf_directory(const wudf_inf *inf);

/* Read access. Section and key names compare case-insensitively; keys compare as written (before
 * substitution). Lines are numbered 0..count-1 within a (merged) section. */
bool wudf_inf_has_section(const wudf_inf *inf, const char *section);
size_t wudf_inf_line_count(const wudf_inf *inf, const char *section);    /* 0: no such section */
unsigned wudf_inf_line_number(const wudf_inf *inf, const char *section, size_t line); /* 0: none */
size_t wudf_inf_value_count(const wudf_inf *inf, const char *section, size_t line);
bool wudf_inf_line_has_key(const wudf_inf *inf, const char *section, size_t line);
/* First line at index >= start whose key equals key; false if none. */
bool wudf_inf_find_key(const wudf_inf *inf, const char *section, const char *key, size_t start,
                       size_t *line);

/* Copy the key ("" for a key-less line) or value index of a line into buf, with %strkey%
 * substituted and %% turned into %. dirs NULL: a dirid stays as written ("%12%"); otherwise it is
 * replaced by its directory, and an unknown or unconfigured dirid is an error. Errors: WUDF_EINVAL
 * (no such line or value), WUDF_ETOOBIG (does not fit in len bytes), WUDF_EPARSE (dirid). */
int wudf_inf_key(const wudf_inf *inf, const char *section, size_t line, char *buf, size_t len,
                 wudf_error *err);
int wudf_inf_value(const wudf_inf *inf, const char *section, size_t line, size_t index,
                   const wudf_inf_dirs *dirs, char *buf, size_t len, wudf_error *err);
/* Value index of the first line with that key; WUDF_ENOTFOUND if section, key or value is absent. */
int wudf_inf_key_value(const wudf_inf *inf, const char *section, const char *key, size_t index,
                       char *buf, size_t len, wudf_error *err);

/* ---- Value formats (inf_value.c) ------------------------------------------------------------ */
/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" in any case; out gets it upper-case. */
bool wudf_inf_parse_guid(const char *text, char out[WUDF_INF_GUID_SIZE]);
/* DriverVer date "mm/dd/yyyy" (one-digit month and day allowed), a real calendar date from
 * 1601 on; out gets it zero-padded. */
bool wudf_inf_parse_date(const char *text, char out[WUDF_INF_DATE_SIZE]);
/* "a.b[.c…]": min_parts..max_parts numbers 0-65535 into parts (room for max_parts). */
bool wudf_inf_parse_version(const char *text, unsigned long *parts, size_t min_parts,
                            size_t max_parts, size_t *count);
/* Length of dir's prefix in path when path ('/'-separated) lies under dir ('/' or '\'), else 0. */
size_t wudf_inf_path_in_dir(const char *path, const char *dir);
/* Whether a component of path ('/' or '\' separated) climbs up: "..", and what Windows reads as
 * ".." once it strips trailing dots and blanks ("...", ".. "). */
bool wudf_inf_path_has_dotdot(const char *path);

/* ---- UMDF 1 driver install (inf_install.c) -------------------------------------------------- */
typedef struct wudf_inf_service {
    char name[WUDF_INF_TEXT_SIZE];                   /* UmdfService name */
    char install_section[WUDF_INF_TEXT_SIZE];        /* its service install section */
    char clsid[WUDF_INF_GUID_SIZE];                  /* DriverCLSID, upper-case, with braces */
    char binary[WUDF_INF_PATH_SIZE];                 /* ServiceBinary, dirids resolved, '/' only */
    char library_version[WUDF_INF_VERSION_SIZE];     /* UmdfLibraryVersion, "1.x.y" */
    unsigned order;                                  /* 0-based position in UmdfServiceOrder */
} wudf_inf_service;

typedef struct wudf_inf_install {
    char hardware_id[WUDF_INF_TEXT_SIZE];   /* the id that matched, as the models line spells it */
    char description[WUDF_INF_TEXT_SIZE];   /* device description (models line key) */
    char manufacturer[WUDF_INF_TEXT_SIZE];  /* [Manufacturer] line key */
    char models_section[WUDF_INF_TEXT_SIZE];/* decorated name actually used */
    char provider[WUDF_INF_TEXT_SIZE];
    char class_name[WUDF_INF_TEXT_SIZE];
    char class_guid[WUDF_INF_GUID_SIZE];    /* upper-case, with braces */
    char catalog_file[WUDF_INF_TEXT_SIZE];  /* "" when absent */
    char driver_date[WUDF_INF_DATE_SIZE];   /* DriverVer date, "mm/dd/yyyy" zero-padded */
    char driver_version[WUDF_INF_VERSION_SIZE]; /* DriverVer version "w.x.y.z"; "" when absent */
    char install_section[WUDF_INF_TEXT_SIZE];   /* DDInstall: decorated name actually used */
    /* From [DDInstall.Wdf], spelled canonically; defaults when absent (Microsoft Learn, "Specifying
     * WDF Directives in INF Files"): ProcessSharingEnabled, RejectKernelModeClients, FileHandle,
     * Identification, Reject, RejectNullAndUnknownFileObjects, CanUseFsContext,
     * RejectDirectHardwareAccess, RegisterAccessUsingSystemCall. */
    char host_process_sharing[WUDF_INF_TEXT_SIZE];
    char kernel_mode_client_policy[WUDF_INF_TEXT_SIZE];
    char dispatcher[WUDF_INF_TEXT_SIZE];
    char impersonation_level[WUDF_INF_TEXT_SIZE];
    char method_neither_action[WUDF_INF_TEXT_SIZE];
    char file_object_policy[WUDF_INF_TEXT_SIZE];
    char fs_context_use_policy[WUDF_INF_TEXT_SIZE];
    char direct_hardware_access[WUDF_INF_TEXT_SIZE];
    char register_access_mode[WUDF_INF_TEXT_SIZE];
    /* Lines of [DDInstall.Wdf] that UMDF 1 does not read and Windows passes over ("file:line:
     * message"): the installer reports them. warning_count may exceed the lines kept. */
    size_t warning_count;
    char warnings[4][WUDF_INF_TEXT_SIZE];
    size_t service_count;
    wudf_inf_service services[WUDF_INF_MAX_SERVICES]; /* in UmdfServiceOrder order */
} wudf_inf_install;

/* Find the model for hardware_id and resolve everything above. platform is the decoration of the
 * machine, e.g. "NTamd64", "NTx86", "NTarm64". Models: a [Manufacturer] line that lists a
 * decoration equal to platform (or platform followed by ".version") uses [Models.<decoration>],
 * else one for any NT platform ("NT", "NT.6.1"), else [Models] (a line that lists only other
 * platforms' decorations and has no [Models] is skipped). The first models line whose hardware id equals hardware_id
 * (case-insensitive) wins; failing that, the first whose compatible id does. DDInstall is
 * [X.<platform>], else [X.NT], else [X]. On error *out is zeroed. Errors: WUDF_ENOTFOUND
 * (hardware id, sections), WUDF_EPARSE (bad or missing directives), WUDF_EINVAL (unsafe
 * ServiceBinary, bad arguments), WUDF_ETOOBIG. */
int wudf_inf_find_install(const wudf_inf *inf, const char *hardware_id, const char *platform,
                          const wudf_inf_dirs *dirs, wudf_inf_install *out, wudf_error *err);

/* The index-th hardware id (0-based) named by the models sections used on platform, in file
 * order; WUDF_ENOTFOUND past the last one. */
int wudf_inf_hardware_id(const wudf_inf *inf, const char *platform, size_t index, char *buf,
                         size_t len, wudf_error *err);
/* wudf_inf_hardware_id(inf, platform, 0, ...): what `install` without --hwid uses. */
int wudf_inf_first_hardware_id(const wudf_inf *inf, const char *platform, char *buf, size_t len,
                               wudf_error *err);
/* Every hardware id the models sections used on platform name (each models line's first id), in
 * file order, each once (compared case-insensitively), comma-separated: what a driver package
 * registers in the driver store. *count (may be NULL) gets how many. WUDF_ENOTFOUND when there is
 * none, WUDF_ETOOBIG when they do not fit in len bytes. */
int wudf_inf_hardware_ids(const wudf_inf *inf, const char *platform, char *buf, size_t len, size_t *count,
                          wudf_error *err);

/* ---- AddReg of a device install (inf_addreg.c) ----------------------------------------------- */
struct wudf_reg_store;
/* Called with a message for each line that is skipped rather than refused. */
typedef void (*wudf_inf_warn_fn)(void *context, const char *message);
/* Applies to store the add-registry sections that the AddReg lines of install_section (the
 * decorated DDInstall, as wudf_inf_find_install found it) name, to the software key, then those of
 * [install_section.HW], to the hardware key's Device Parameters; sections and lines in file order,
 * later lines over earlier ones. A line is "root, [subkey], [value name], [flags], [value...]",
 * read as SetupAPI reads it: flags FLG_ADDREG_TYPE_* (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ,
 * REG_DWORD, REG_BINARY, REG_NONE, REG_QWORD, a raw type in the high word with BINVALUETYPE),
 * NOCLOBBER, APPEND, DELVAL, KEYONLY, OVERWRITEONLY; a line with no value name field creates the
 * key only. Lines whose root is HKCR, HKCU, HKLM or HKU are skipped with a call of warn (Windows
 * writes them outside the device's keys, which no property store reaches). Anything else wrong is
 * an error "file:line: [section] what" (WUDF_EPARSE, WUDF_ETOOBIG, WUDF_ENOTFOUND for a section
 * that is named and missing). */
int wudf_inf_apply_addreg(const wudf_inf *inf, const char *install_section, struct wudf_reg_store *store,
                          wudf_inf_warn_fn warn, void *context, wudf_error *err);
/* The hardware id and the compatible ids of the models line ins was installed from, as
 * comma-separated lists (the unified device properties HardwareIds and CompatibleIds). */
int wudf_inf_model_ids(const wudf_inf *inf, const wudf_inf_install *ins, char *hardware_ids, size_t hw_size,
                       char *compatible_ids, size_t compat_size, wudf_error *err);

#endif
