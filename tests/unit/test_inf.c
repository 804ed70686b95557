/* Specification of the INF parser (common/inf*.c): Windows INF syntax, %string% substitution,
 * the UMDF 1 install queries, and the exact error a malformed INF produces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inf.h"

#ifndef WUDF_SOURCE_DIR
#error "WUDF_SOURCE_DIR must name the source tree (see tests/unit/inf.cmake)"
#endif
#ifndef WUDF_TEST_TMPDIR
#error "WUDF_TEST_TMPDIR must name a writable directory (see tests/unit/inf.cmake)"
#endif

static const wudf_inf_dirs test_dirs = {"/drv", "/sys", "/win", "/store", "/infdir"};

/* A minimal valid UMDF 1 INF, in pieces so that a test can replace one piece. Section order does
 * not matter in an INF, so a test puts the piece it checks first and knows its line numbers. */
#define VERSION_S                                                                                 \
    "[Version]\nSignature=\"$Windows NT$\"\nClass=Sample\n"                                       \
    "ClassGuid={78a1c341-4539-11d3-b88d-00c04fad5171}\nProvider=%Prov%\n"                         \
    "DriverVer=1/2/2024,1.2.3.4\n"
#define MFG_S "[Manufacturer]\n%Mfg%=Models,NTamd64\n"
#define MODELS_S "[Models.NTamd64]\n%Desc%=Inst,ROOT\\TEST\n"
#define INST_S "[Inst.NT]\nCopyFiles=Files\n"
#define WDF_S "[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n"
#define SVC_VERSION "UmdfLibraryVersion=1.11.0\n"
#define SVC_CLSID "DriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
#define SVC_BINARY "ServiceBinary=%12%\\UMDF\\Svc.dll\n"
#define SVC_S "[Svc_Install]\n" SVC_VERSION SVC_CLSID SVC_BINARY
#define STRINGS_S "[Strings]\nProv=P\nMfg=M\nDesc=D\n"
#define ALL_BUT_VERSION MFG_S MODELS_S INST_S WDF_S SVC_S STRINGS_S
#define ALL_BUT_WDF VERSION_S MFG_S MODELS_S INST_S SVC_S STRINGS_S
#define ALL_BUT_SVC VERSION_S MFG_S MODELS_S INST_S WDF_S STRINGS_S

static void check_message(const wudf_error *err, const char *needle)
{
    if (!strstr(err->message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err->message, needle);
}

static wudf_inf *parse_named(const char *name, const void *data, size_t len)
{
    wudf_inf *inf = NULL;
    wudf_error err = {WUDF_OK, ""};
    if (wudf_inf_parse_buffer(name, data, len, &inf, &err) != 0)
        fail_msg("parse failed: %s", err.message);
    assert_non_null(inf);
    return inf;
}

static wudf_inf *parse_text(const char *text)
{
    return parse_named("test.inf", text, strlen(text));
}

static void expect_parse_error_n(const void *data, size_t len, wudf_errc code, const char *needle)
{
    wudf_inf *inf = (wudf_inf *)&inf; /* must be reset to NULL */
    wudf_error err = {WUDF_OK, ""};
    int rc = wudf_inf_parse_buffer("test.inf", data, len, &inf, &err);
    if (rc != (int)code)
        fail_msg("expected %s, got %s: %s", wudf_errc_name(code), wudf_errc_name((wudf_errc)rc),
                 err.message);
    assert_int_equal(err.code, code);
    assert_null(inf);
    check_message(&err, needle);
}

static void expect_parse_error(const char *text, wudf_errc code, const char *needle)
{
    expect_parse_error_n(text, strlen(text), code, needle);
}

static void install_from(const wudf_inf *inf, const char *hwid, const char *platform,
                         wudf_inf_install *out)
{
    wudf_error err = {WUDF_OK, ""};
    if (wudf_inf_find_install(inf, hwid, platform, &test_dirs, out, &err) != 0)
        fail_msg("install failed: %s", err.message);
}

static wudf_inf_install *install_text(const char *text, const char *hwid, const char *platform)
{
    wudf_inf *inf = parse_text(text);
    wudf_inf_install *out = malloc(sizeof *out);
    assert_non_null(out);
    install_from(inf, hwid, platform, out);
    wudf_inf_free(inf);
    return out;
}

static void expect_install_error_with(const char *text, const char *hwid,
                                      const wudf_inf_dirs *dirs, wudf_errc code,
                                      const char *needle)
{
    wudf_inf *inf = parse_text(text);
    wudf_inf_install *out = malloc(sizeof *out);
    wudf_error err = {WUDF_OK, ""};
    assert_non_null(out);
    memset(out, 'x', sizeof *out);
    int rc = wudf_inf_find_install(inf, hwid, "NTamd64", dirs, out, &err);
    if (rc != (int)code)
        fail_msg("expected %s, got %s: %s", wudf_errc_name(code), wudf_errc_name((wudf_errc)rc),
                 err.message);
    check_message(&err, needle);
    /* Never a half-filled result. */
    assert_string_equal(out->hardware_id, "");
    assert_string_equal(out->install_section, "");
    assert_int_equal(out->service_count, 0);
    free(out);
    wudf_inf_free(inf);
}

static void expect_install_error(const char *text, wudf_errc code, const char *needle)
{
    expect_install_error_with(text, "ROOT\\TEST", &test_dirs, code, needle);
}

/* UTF-8 test text to UTF-16LE with a byte-order mark. */
static unsigned char *to_utf16le(const char *utf8, size_t *len)
{
    unsigned char *out = malloc(2 + strlen(utf8) * 4);
    const unsigned char *p = (const unsigned char *)utf8;
    size_t n = 0;
    assert_non_null(out);
    out[n++] = 0xFF;
    out[n++] = 0xFE;
    while (*p) {
        unsigned long cp;
        int extra = *p < 0x80 ? 0 : *p < 0xE0 ? 1 : *p < 0xF0 ? 2 : 3;
        cp = extra == 0 ? *p : *p & (0x3F >> extra);
        for (p++; extra > 0; extra--)
            cp = (cp << 6) | (*p++ & 0x3F);
        unsigned long units[2] = {cp, 0};
        int count = 1;
        if (cp >= 0x10000) {
            units[0] = 0xD800 | ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 | ((cp - 0x10000) & 0x3FF);
            count = 2;
        }
        for (int i = 0; i < count; i++) {
            out[n++] = (unsigned char)(units[i] & 0xFF);
            out[n++] = (unsigned char)(units[i] >> 8);
        }
    }
    *len = n;
    return out;
}

/* ---- the real INF files ---------------------------------------------------------------------- */

static void echo_inf_resolves_root_echo_on_amd64(void **state)
{
    wudf_inf *inf = NULL;
    wudf_error err = {WUDF_OK, ""};
    wudf_inf_install out;
    char hwid[WUDF_INF_TEXT_SIZE];
    (void)state;
    if (wudf_inf_parse_file(WUDF_SOURCE_DIR "/inf/echo.inf", &inf, &err) != 0)
        fail_msg("%s", err.message);
    install_from(inf, "root\\echo", "NTamd64", &out);
    assert_string_equal(out.hardware_id, "ROOT\\ECHO");
    assert_string_equal(out.description, "openwudf Echo Device (UMDF 1)");
    assert_string_equal(out.manufacturer, "openwudf samples; echo, test devices");
    assert_string_equal(out.models_section, "Openwudf.NTamd64");
    assert_string_equal(out.provider, "openwudf project");
    assert_string_equal(out.class_name, "Sample");
    assert_string_equal(out.class_guid, "{78A1C341-4539-11D3-B88D-00C04FAD5171}");
    assert_string_equal(out.catalog_file, "WudfEcho.cat");
    assert_string_equal(out.driver_date, "06/21/2024");
    assert_string_equal(out.driver_version, "1.0.0.1");
    assert_string_equal(out.install_section, "Echo_Install.NT");
    assert_string_equal(out.host_process_sharing, "ProcessSharingEnabled");
    assert_string_equal(out.kernel_mode_client_policy, "AllowKernelModeClients");
    assert_string_equal(out.dispatcher, "FileHandle");
    assert_string_equal(out.impersonation_level, "Identification");
    assert_string_equal(out.method_neither_action, "Copy");
    assert_int_equal(out.service_count, 1);
    assert_string_equal(out.services[0].name, "WudfEcho");
    assert_string_equal(out.services[0].install_section, "WudfEcho_Install");
    assert_string_equal(out.services[0].clsid, "{A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}");
    assert_string_equal(out.services[0].binary, "/drv/UMDF/WudfEcho.dll");
    assert_string_equal(out.services[0].library_version, "1.11.0");
    assert_int_equal(out.services[0].order, 0);
    assert_int_equal(wudf_inf_first_hardware_id(inf, "NTamd64", hwid, sizeof hwid, &err), 0);
    assert_string_equal(hwid, "ROOT\\ECHO");
    wudf_inf_free(inf);
}

static void cppsample_inf_resolves_root_cppsample_on_arm64(void **state)
{
    wudf_inf *inf = NULL;
    wudf_error err = {WUDF_OK, ""};
    wudf_inf_install out;
    (void)state;
    if (wudf_inf_parse_file(WUDF_SOURCE_DIR "/inf/cppsample.inf", &inf, &err) != 0)
        fail_msg("%s", err.message);
    install_from(inf, "ROOT\\CPPSAMPLE", "NTarm64", &out);
    assert_string_equal(out.models_section, "Openwudf.NTarm64");
    assert_string_equal(out.install_section, "CppSample_Install.NT");
    assert_int_equal(out.service_count, 1);
    assert_string_equal(out.services[0].name, "WudfCppSample");
    assert_string_equal(out.services[0].clsid, "{5C3E1A7B-9D2F-4B6E-8A1C-7F0E2D4B6A93}");
    assert_string_equal(out.services[0].binary, "/drv/UMDF/WudfCppSample.dll");
    wudf_inf_free(inf);
}

static void missing_file_is_not_found(void **state)
{
    wudf_inf *inf = NULL;
    wudf_error err = {WUDF_OK, ""};
    (void)state;
    assert_int_equal(wudf_inf_parse_file(WUDF_SOURCE_DIR "/inf/no-such.inf", &inf, &err),
                     WUDF_ENOTFOUND);
    check_message(&err, "no-such.inf");
    assert_null(inf);
}

/* ---- syntax ----------------------------------------------------------------------------------- */

static void quotes_keep_separators_and_double_quotes_and_comments_are_dropped(void **state)
{
    wudf_inf *inf = parse_text("; leading comment\n"
                               "[A]  ; comment after a header\n"
                               "k = \"x;y, z\" , \"say \"\"hi\"\"\" ; comment\n"
                               "  padded  =  \" in \"  ,  a b  \n"
                               "HKR,,Icon,,\"-10\"\n"
                               "pct = 100%%, \"%%\"\n"
                               "eq = a=b\n"
                               "empty =\n");
    char buf[64];
    wudf_error err = {WUDF_OK, ""};
    size_t line;
    (void)state;
    assert_int_equal(wudf_inf_line_count(inf, "a"), 6);
    assert_int_equal(wudf_inf_value_count(inf, "A", 0), 2);
    assert_int_equal(wudf_inf_value(inf, "A", 0, 0, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "x;y, z");
    assert_int_equal(wudf_inf_value(inf, "A", 0, 1, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "say \"hi\"");
    assert_true(wudf_inf_find_key(inf, "A", "PADDED", 0, &line));
    assert_int_equal(line, 1);
    assert_int_equal(wudf_inf_value(inf, "A", 1, 0, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, " in ");
    assert_int_equal(wudf_inf_value(inf, "A", 1, 1, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "a b");
    assert_false(wudf_inf_line_has_key(inf, "A", 2));
    assert_int_equal(wudf_inf_value_count(inf, "A", 2), 5);
    assert_int_equal(wudf_inf_value(inf, "A", 2, 1, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "");
    assert_int_equal(wudf_inf_value(inf, "A", 2, 4, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "-10");
    assert_int_equal(wudf_inf_key_value(inf, "a", "pct", 0, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "100%");
    assert_int_equal(wudf_inf_key_value(inf, "a", "pct", 1, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "%");
    assert_int_equal(wudf_inf_key_value(inf, "a", "eq", 0, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "a=b");
    assert_int_equal(wudf_inf_value_count(inf, "A", 5), 0);
    assert_int_equal(wudf_inf_line_number(inf, "A", 5), 8);
    wudf_inf_free(inf);
}

static void continuation_lines_join_and_keep_line_numbers(void **state)
{
    wudf_inf *inf = parse_text("[A]\n"
                               "k = one, \\\n"
                               "    two, \\  \n"
                               "    three\n"
                               "next = x\n");
    char buf[32];
    wudf_error err = {WUDF_OK, ""};
    (void)state;
    assert_int_equal(wudf_inf_line_count(inf, "A"), 2);
    assert_int_equal(wudf_inf_value_count(inf, "A", 0), 3);
    assert_int_equal(wudf_inf_value(inf, "A", 0, 2, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "three");
    assert_int_equal(wudf_inf_line_number(inf, "A", 0), 2);
    assert_int_equal(wudf_inf_line_number(inf, "A", 1), 5);
    wudf_inf_free(inf);
    /* An error after a continued line still names its physical line. */
    expect_parse_error("[A]\nk = a, \\\n b\nbad = \"open\n", WUDF_EPARSE,
                       "test.inf:4: unterminated quoted string");
}

static void strings_substitute_in_keys_and_values_but_not_recursively(void **state)
{
    wudf_inf *inf = parse_text("[A]\n"
                               "%Name% = %Value%-x, %NESTED%, %12%\\f\n"
                               "[Strings]\n"
                               "name = KeyText\n"
                               "Value = \"v; 1, 2\"\n"
                               "nested = %Value%\n"
                               "[Strings.0407]\n"
                               "Value = deutsch\n");
    char buf[64];
    wudf_error err = {WUDF_OK, ""};
    (void)state;
    assert_int_equal(wudf_inf_key(inf, "A", 0, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "KeyText");
    assert_int_equal(wudf_inf_value(inf, "A", 0, 0, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "v; 1, 2-x");
    assert_int_equal(wudf_inf_value(inf, "A", 0, 1, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "%Value%");
    /* Without dirs a dirid stays as written; with dirs it is the directory. */
    assert_int_equal(wudf_inf_value(inf, "A", 0, 2, NULL, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "%12%\\f");
    assert_int_equal(wudf_inf_value(inf, "A", 0, 2, &test_dirs, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "/drv\\f");
    /* A value that does not fit is an error, not a truncation. */
    assert_int_equal(wudf_inf_value(inf, "A", 0, 0, NULL, buf, 5, &err), WUDF_ETOOBIG);
    check_message(&err, "test.inf:2: value longer than 4 bytes");
    wudf_inf_free(inf);
}

static void strings_lines_keep_commas_unquoted(void **state)
{
    wudf_inf *inf = parse_text("[Strings]\nProvider = Contoso, Inc.\n");
    char buf[64];
    wudf_error err = {WUDF_OK, ""};
    (void)state;
    assert_int_equal(wudf_inf_key_value(inf, "strings", "provider", 0, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "Contoso, Inc.");
    wudf_inf_free(inf);
}

static void duplicate_sections_merge_in_file_order(void **state)
{
    wudf_inf_install *out =
        install_text(VERSION_S MFG_S MODELS_S INST_S
                     "[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\n"
                     "[Strings]\nProv=P\n" SVC_S
                     "[INST.nt.WDF]\nUmdfServiceOrder=Svc\nUmdfDispatcher=WinUsb\n"
                     "[strings]\nMfg=M\nDesc=Merged description\n",
                     "ROOT\\TEST", "NTamd64");
    (void)state;
    assert_string_equal(out->description, "Merged description");
    assert_string_equal(out->dispatcher, "WinUsb");
    assert_int_equal(out->service_count, 1);
    free(out);
}

static void crlf_line_ends_and_utf8_bom_are_accepted(void **state)
{
    const char *text = "\xEF\xBB\xBF[Version]\r\nSignature=\"$Chicago$\"\r\nClass=Sample\r\n"
                       "ClassGuid={78A1C341-4539-11D3-B88D-00C04FAD5171}\r\nProvider=P\r\n"
                       "DriverVer=12/31/2020\r\n" ALL_BUT_VERSION;
    wudf_inf_install *out = install_text(text, "ROOT\\TEST", "NTamd64");
    (void)state;
    assert_string_equal(out->class_name, "Sample");
    assert_string_equal(out->provider, "P");
    assert_string_equal(out->driver_date, "12/31/2020");
    assert_string_equal(out->driver_version, "");
    free(out);
}

static void utf16le_with_bom_is_converted_to_utf8(void **state)
{
    size_t len;
    unsigned char *data = to_utf16le(VERSION_S MFG_S MODELS_S INST_S WDF_S SVC_S
                                     "[Strings]\r\nProv=P\r\nMfg=M\r\n"
                                     "Desc=\"Ger\xC3\xA4t \xE2\x82\xAC \xF0\x9F\x98\x80\"\r\n",
                                     &len);
    wudf_inf *inf = parse_named("utf16.inf", data, len);
    wudf_inf_install out;
    (void)state;
    install_from(inf, "ROOT\\TEST", "NTamd64", &out);
    assert_string_equal(out.description, "Ger\xC3\xA4t \xE2\x82\xAC \xF0\x9F\x98\x80");
    assert_string_equal(out.services[0].binary, "/drv/UMDF/Svc.dll");
    wudf_inf_free(inf);

    /* The same from a file. */
    const char *path = WUDF_TEST_TMPDIR "/test_inf_utf16.inf";
    FILE *f = fopen(path, "wb");
    wudf_error err = {WUDF_OK, ""};
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(wudf_inf_parse_file(path, &inf, &err), 0);
    assert_int_equal(wudf_inf_line_count(inf, "Strings"), 3);
    wudf_inf_free(inf);
    remove(path);
    free(data);
}

/* ---- platform decorations and model matching ---------------------------------------------------- */

#define DECORATED                                                                                 \
    VERSION_S "[Manufacturer]\n%Mfg%=Models,NTamd64,NTx86\n"                                      \
    "[Models]\n%Desc%=Plain,ROOT\\TEST\n"                                                         \
    "[Models.NTamd64]\n%Desc%=Inst,ROOT\\TEST\n"                                                  \
    "[Models.NTx86]\n%Desc%=Inst,ROOT\\TEST\n"                                                    \
    "[Inst.NTamd64]\n[Inst.NTamd64.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n"     \
    "[Inst.NT]\n" WDF_S                                                                           \
    "[Plain]\n[Plain.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n" SVC_S STRINGS_S

static void listed_decoration_is_preferred_for_models_and_install_sections(void **state)
{
    wudf_inf_install *out = install_text(DECORATED, "ROOT\\TEST", "NTamd64");
    (void)state;
    assert_string_equal(out->models_section, "Models.NTamd64");
    assert_string_equal(out->install_section, "Inst.NTamd64");
    free(out);
    /* NTx86 has its models section but no [Inst.NTx86]: the .NT install section is used. */
    out = install_text(DECORATED, "ROOT\\TEST", "NTx86");
    assert_string_equal(out->models_section, "Models.NTx86");
    assert_string_equal(out->install_section, "Inst.NT");
    free(out);
}

static void undecorated_models_are_used_when_the_platform_is_not_listed(void **state)
{
    wudf_inf_install *out = install_text(DECORATED, "ROOT\\TEST", "NTarm64");
    (void)state;
    assert_string_equal(out->models_section, "Models");
    assert_string_equal(out->install_section, "Plain");
    free(out);
}

static void only_decorated_models_and_other_platform_finds_nothing(void **state)
{
    (void)state;
    wudf_inf *inf = parse_text(VERSION_S ALL_BUT_VERSION);
    wudf_inf_install out;
    wudf_error err = {WUDF_OK, ""};
    assert_int_equal(wudf_inf_find_install(inf, "ROOT\\TEST", "NTx86", &test_dirs, &out, &err),
                     WUDF_ENOTFOUND);
    check_message(&err, "hardware id 'ROOT\\TEST' not found in the models sections for NTx86");
    wudf_inf_free(inf);
}

#define MULTI                                                                                     \
    VERSION_S "[Manufacturer]\n%Mfg%=Models,NTamd64\nSecond Maker=Other,NTamd64.10.0\n"           \
    "[Models.NTamd64]\n%Desc%=Inst,ROOT\\TEST\n"                                                  \
    "[Other.NTamd64.10.0]\n"                                                                      \
    "First Other = Inst, ROOT\\FIRST\n"                                                           \
    "Second Other = Inst2, USB\\VID_0547&PID_1002, USB\\Class_FF\n" INST_S WDF_S                  \
    "[Inst2]\n[Inst2.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n" SVC_S STRINGS_S

static void several_manufacturers_and_models_match_case_insensitively(void **state)
{
    wudf_inf_install *out = install_text(MULTI, "usb\\vid_0547&pid_1002", "NTamd64");
    wudf_inf *inf = parse_text(MULTI);
    wudf_error err = {WUDF_OK, ""};
    char buf[WUDF_INF_TEXT_SIZE];
    (void)state;
    assert_string_equal(out->hardware_id, "USB\\VID_0547&PID_1002");
    assert_string_equal(out->manufacturer, "Second Maker");
    assert_string_equal(out->description, "Second Other");
    assert_string_equal(out->models_section, "Other.NTamd64.10.0");
    assert_string_equal(out->install_section, "Inst2");
    free(out);
    /* A compatible id matches when no hardware id does. */
    out = install_text(MULTI, "USB\\CLASS_FF", "NTamd64");
    assert_string_equal(out->description, "Second Other");
    assert_string_equal(out->hardware_id, "USB\\Class_FF");
    free(out);
    /* Hardware ids in file order. */
    assert_int_equal(wudf_inf_hardware_id(inf, "NTamd64", 1, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "ROOT\\FIRST");
    assert_int_equal(wudf_inf_hardware_id(inf, "NTamd64", 2, buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "USB\\VID_0547&PID_1002");
    assert_int_equal(wudf_inf_hardware_id(inf, "NTamd64", 3, buf, sizeof buf, &err),
                     WUDF_ENOTFOUND);
    wudf_inf_free(inf);
}

/* What a package registers: every models line's hardware id for the platform, in file order (the
 * [Manufacturer] lines' order, then each models section's), once each, its compatible ids not. */
static void every_models_line_registers_its_hardware_id_once(void **state)
{
    wudf_inf *inf = parse_text(MULTI);
    wudf_error err = {WUDF_OK, ""};
    char buf[256];
    size_t count = 0;
    (void)state;
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTamd64", buf, sizeof buf, &count, &err), 0);
    assert_string_equal(buf, "ROOT\\TEST,ROOT\\FIRST,USB\\VID_0547&PID_1002");
    assert_int_equal(count, 3);
    /* The count may be left out. */
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTamd64", buf, sizeof buf, NULL, &err), 0);
    assert_string_equal(buf, "ROOT\\TEST,ROOT\\FIRST,USB\\VID_0547&PID_1002");
    /* Exactly the room the list and its NUL need, then one byte less: no partial list. */
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTamd64", buf, strlen("ROOT\\TEST,ROOT\\FIRST,USB\\VID_0547&PID_1002") + 1,
                                           &count, &err), 0);
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTamd64", buf, strlen("ROOT\\TEST,ROOT\\FIRST,USB\\VID_0547&PID_1002"),
                                           &count, &err), WUDF_ETOOBIG);
    assert_string_equal(buf, "");
    assert_int_equal(count, 0);
    check_message(&err, "hardware ids take more than");
    /* No models section for this platform's decorations, and no undecorated one. */
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTx86", buf, sizeof buf, &count, &err), WUDF_ENOTFOUND);
    check_message(&err, "no hardware id in the models sections for NTx86");
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTamd64", NULL, 0, &count, &err), WUDF_EINVAL);
    assert_int_equal(wudf_inf_hardware_ids(NULL, "NTamd64", buf, sizeof buf, &count, &err), WUDF_EINVAL);
    wudf_inf_free(inf);
}

#define REPEATED                                                                                  \
    VERSION_S "[Manufacturer]\n%Mfg%=Models,NTamd64\n"                                            \
    "[Models.NTamd64]\n%Desc%=Inst,Root\\Dup\nOther = Inst, ROOT\\DUP, ROOT\\COMPAT\n"            \
    "Third = Inst, Root\\Next\n" INST_S WDF_S SVC_S STRINGS_S

static void a_hardware_id_on_several_models_lines_is_registered_once(void **state)
{
    wudf_inf *inf = parse_text(REPEATED);
    wudf_error err = {WUDF_OK, ""};
    char buf[256];
    size_t count = 0;
    (void)state;
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTamd64", buf, sizeof buf, &count, &err), 0);
    /* Spelled as its first line has it; ROOT\COMPAT is a compatible id. */
    assert_string_equal(buf, "Root\\Dup,Root\\Next");
    assert_int_equal(count, 2);
    wudf_inf_free(inf);
    /* A malformed models line is reported, not skipped. */
    inf = parse_text(VERSION_S MFG_S "[Models.NTamd64]\n%Desc%=Inst,ROOT\\TEST\nBroken = Inst\n" INST_S WDF_S SVC_S
                     STRINGS_S);
    assert_int_equal(wudf_inf_hardware_ids(inf, "NTamd64", buf, sizeof buf, &count, &err), WUDF_EPARSE);
    check_message(&err, "models line needs");
    assert_string_equal(buf, "");
    wudf_inf_free(inf);
}

static void two_services_come_in_umdf_service_order(void **state)
{
    wudf_inf_install *out = install_text(
        "[Inst.NT.Wdf]\nUmdfService=Filter,Filter_Install\nUmdfService=Func,Func_Install\n"
        "UmdfServiceOrder=func,FILTER\nUmdfHostProcessSharing=processsharingdisabled\n"
        "[Filter_Install]\n" SVC_VERSION SVC_CLSID "ServiceBinary=%13%\\filter.dll\n"
        "[Func_Install]\nUmdfLibraryVersion=1.9\n"
        "DriverCLSID={5c3e1a7b-9d2f-4b6e-8a1c-7f0e2d4b6a93}\nServiceBinary=%1%\\func.dll\n"
        VERSION_S MFG_S MODELS_S INST_S STRINGS_S,
        "ROOT\\TEST", "NTamd64");
    (void)state;
    assert_int_equal(out->service_count, 2);
    assert_string_equal(out->services[0].name, "Func");
    assert_int_equal(out->services[0].order, 0);
    assert_string_equal(out->services[0].clsid, "{5C3E1A7B-9D2F-4B6E-8A1C-7F0E2D4B6A93}");
    assert_string_equal(out->services[0].binary, "/infdir/func.dll");
    assert_string_equal(out->services[0].library_version, "1.9");
    assert_string_equal(out->services[1].name, "Filter");
    assert_int_equal(out->services[1].order, 1);
    assert_string_equal(out->services[1].binary, "/store/filter.dll");
    assert_string_equal(out->host_process_sharing, "ProcessSharingDisabled");
    free(out);
}

static void inf_directory_dirid_defaults_to_the_directory_of_the_inf(void **state)
{
    const char *text = "[Svc_Install]\n" SVC_VERSION SVC_CLSID "ServiceBinary=%1%\\sub\\d.dll\n"
                       ALL_BUT_SVC;
    wudf_inf *inf = parse_named("some/dir/test.inf", text, strlen(text));
    wudf_inf_dirs dirs = test_dirs;
    wudf_inf_install out;
    wudf_error err = {WUDF_OK, ""};
    (void)state;
    dirs.inf_dir = NULL;
    assert_int_equal(wudf_inf_find_install(inf, "ROOT\\TEST", "NTamd64", &dirs, &out, &err), 0);
    assert_string_equal(out.services[0].binary, "some/dir/sub/d.dll");
    wudf_inf_free(inf);
}

static void value_formats_are_checked_strictly(void **state)
{
    char guid[WUDF_INF_GUID_SIZE], date[WUDF_INF_DATE_SIZE];
    unsigned long parts[4];
    size_t n;
    (void)state;
    assert_true(wudf_inf_parse_guid("{a1b8e9f2-0c4d-4e5a-9f61-2b7c3d8e4f50}", guid));
    assert_string_equal(guid, "{A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}");
    assert_true(wudf_inf_parse_date("2/9/2000", date));
    assert_string_equal(date, "02/09/2000");
    assert_false(wudf_inf_parse_date("2/29/1900", date)); /* not a leap year */
    assert_true(wudf_inf_parse_version("1.11.0", parts, 2, 3, &n));
    assert_int_equal(n, 3);
    assert_int_equal(parts[1], 11);
    assert_false(wudf_inf_parse_version("1", parts, 2, 3, &n));
    assert_false(wudf_inf_parse_version("1.2.3.4", parts, 2, 3, &n));
    assert_false(wudf_inf_parse_version("1..2", parts, 2, 3, &n));
    assert_false(wudf_inf_parse_version("1.2.", parts, 2, 3, &n));
    /* A directory prefix must end at a separator: /drv does not contain /drvx/a. */
    assert_int_equal(wudf_inf_path_in_dir("/drv/a.dll", "/drv/"), 4);
    assert_int_equal(wudf_inf_path_in_dir("/drvx/a.dll", "/drv"), 0);
    assert_int_equal(wudf_inf_path_in_dir("C:/Windows/a.dll", "C:\\Windows"), 10);
    assert_int_equal(wudf_inf_path_in_dir("/a.dll", "/"), 1);
    assert_true(wudf_inf_path_has_dotdot("a\\..\\b"));
    assert_true(wudf_inf_path_has_dotdot("a/.../b"));
    assert_false(wudf_inf_path_has_dotdot("a/..b/c.dll"));
}

/* ---- malformed syntax ------------------------------------------------------------------------- */

static void unterminated_section_name_is_rejected(void **state)
{
    (void)state;
    expect_parse_error("; comment\n\n[Version\nSignature=x\n", WUDF_EPARSE,
                       "test.inf:3: unterminated section name");
}

static void text_after_section_name_is_rejected(void **state)
{
    (void)state;
    expect_parse_error("[A] junk\n", WUDF_EPARSE, "test.inf:1: unexpected text after section name [A]");
    expect_parse_error("[ ]\n", WUDF_EPARSE, "test.inf:1: empty section name");
}

static void unterminated_quote_is_rejected(void **state)
{
    (void)state;
    expect_parse_error("[A]\nk = \"abc ; not a comment\n", WUDF_EPARSE,
                       "test.inf:2: unterminated quoted string");
}

/* As SetupAPI (Wine's parser tests record it): "=x" has the empty key; after a comma '=' is text. */
static void equals_after_a_comma_is_text_and_a_key_may_be_empty(void **state)
{
    (void)state;
    wudf_inf *inf = parse_text("[A]\n = x, y\na, b = x\n");
    char text[32];
    wudf_error err = {WUDF_OK, ""};
    assert_int_equal(wudf_inf_line_count(inf, "A"), 2);
    assert_int_equal(wudf_inf_value_count(inf, "A", 0), 2);
    assert_int_equal(wudf_inf_value(inf, "A", 0, 0, NULL, text, sizeof text, &err), 0);
    assert_string_equal(text, "x");
    assert_int_equal(wudf_inf_value_count(inf, "A", 1), 2);
    assert_int_equal(wudf_inf_value(inf, "A", 1, 0, NULL, text, sizeof text, &err), 0);
    assert_string_equal(text, "a");
    assert_int_equal(wudf_inf_value(inf, "A", 1, 1, NULL, text, sizeof text, &err), 0);
    assert_string_equal(text, "b = x");
    wudf_inf_free(inf);
}

/* As SetupAPI: text before the first section is an error at its first line, unless the file has a
 * [Strings] section, where it is ignored (a driver INF whose first comment lost its ';'). */
static void text_before_first_section_is_rejected(void **state)
{
    (void)state;
    expect_parse_error("k = v\n[A]\n", WUDF_EPARSE, "test.inf:1: text before the first [section]");
    expect_parse_error("; comment\ngarbage1\ngarbage2\n[Version]\nSignature=\"$Windows NT$\"\n[abc]\n",
                       WUDF_EPARSE, "test.inf:2: text before the first [section]");
}

static void text_before_first_section_is_ignored_with_strings(void **state)
{
    (void)state;
    wudf_inf *inf = parse_text("Thermo.inf - a comment that lost its ';'\n   continued on a second line\n"
                               "[Version]\nSignature=\"$Windows NT$\"\nProvider=%P%\n[strings]\nP=\"x\"\n");
    assert_int_equal(wudf_inf_line_count(inf, "Version"), 2);
    wudf_inf_free(inf);
}

static void line_longer_than_limit_is_rejected(void **state)
{
    size_t n = WUDF_INF_MAX_LINE + 100;
    char *text = malloc(n + 16);
    (void)state;
    assert_non_null(text);
    strcpy(text, "[A]\nk = ");
    memset(text + 8, 'x', n - 8);
    strcpy(text + n, "\n");
    expect_parse_error(text, WUDF_ETOOBIG, "test.inf:2: line longer than 4096 bytes");
    /* The limit applies after joining continuation lines. */
    memset(text + 8, ' ', n - 8);
    for (size_t i = 100; i < n - 2; i += 100) {
        text[i] = '\\';
        text[i + 1] = '\n';
    }
    expect_parse_error(text, WUDF_ETOOBIG, "test.inf:2: line longer than 4096 bytes");
    free(text);
}

static void file_larger_than_limit_is_rejected(void **state)
{
    size_t n = WUDF_INF_MAX_FILE_SIZE + 1;
    char *data = malloc(n);
    (void)state;
    assert_non_null(data);
    memset(data, '\n', n);
    memcpy(data, "[A]", 3);
    expect_parse_error_n(data, n, WUDF_ETOOBIG, "test.inf: larger than 4194304 bytes");

    const char *path = WUDF_TEST_TMPDIR "/test_inf_huge.inf";
    FILE *f = fopen(path, "wb");
    wudf_inf *inf = NULL;
    wudf_error err = {WUDF_OK, ""};
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(wudf_inf_parse_file(path, &inf, &err), WUDF_ETOOBIG);
    check_message(&err, "larger than 4194304 bytes");
    assert_null(inf);
    remove(path);
    free(data);
}

static void nul_byte_is_rejected(void **state)
{
    static const char text[] = "[A]\nk = a\0b\n";
    (void)state;
    expect_parse_error_n(text, sizeof text - 1, WUDF_EPARSE, "test.inf:2: NUL byte");
}

static void control_characters_and_invalid_utf8_are_rejected(void **state)
{
    (void)state;
    expect_parse_error("[A]\n\nk = a\x01\n", WUDF_EPARSE, "test.inf:3: control character 0x01");
    expect_parse_error("[A]\nk = a\rb\n", WUDF_EPARSE, "test.inf:2: control character 0x0D");
    expect_parse_error("[A]\nk = \xC3\x28\n", WUDF_EPARSE, "test.inf:2: invalid UTF-8");
    expect_parse_error("[A]\nk = \xED\xA0\x80\n", WUDF_EPARSE, "test.inf:2: invalid UTF-8");
}

static void too_many_values_on_a_line_are_rejected(void **state)
{
    char text[512] = "[A]\nk = v";
    (void)state;
    for (unsigned i = 1; i < WUDF_INF_MAX_VALUES; i++)
        strcat(text, ",v");
    wudf_inf *inf = parse_text(text); /* exactly the limit is fine */
    assert_int_equal(wudf_inf_value_count(inf, "A", 0), WUDF_INF_MAX_VALUES);
    wudf_inf_free(inf);
    strcat(text, ",v");
    expect_parse_error(text, WUDF_ETOOBIG, "test.inf:2: more than 64 values on one line");
}

static void empty_file_is_rejected(void **state)
{
    (void)state;
    expect_parse_error_n("", 0, WUDF_EPARSE, "test.inf: empty file");
    expect_parse_error("\xEF\xBB\xBF", WUDF_EPARSE, "test.inf: empty file");
    expect_parse_error("; only a comment\n\n", WUDF_EPARSE, "test.inf: no [section]");
}

static void odd_length_utf16_is_rejected(void **state)
{
    static const unsigned char text[] = {0xFF, 0xFE, '[', 0, 'A', 0, ']'};
    (void)state;
    expect_parse_error_n(text, sizeof text, WUDF_EPARSE, "test.inf: UTF-16 text with an odd number of bytes");
}

static void bad_utf16_is_rejected(void **state)
{
    static const unsigned char big_endian[] = {0xFE, 0xFF, 0, '[', 0, 'A', 0, ']'};
    static const unsigned char surrogate[] = {0xFF, 0xFE, '[', 0, 'A', 0, ']', 0, '\n', 0,
                                              'k', 0, '=', 0, 0x00, 0xD8, 'x', 0};
    (void)state;
    expect_parse_error_n(big_endian, sizeof big_endian, WUDF_EPARSE, "UTF-16 big-endian is not supported");
    expect_parse_error_n(surrogate, sizeof surrogate, WUDF_EPARSE,
                         "test.inf:2: unpaired UTF-16 surrogate");
}

static void undefined_string_is_rejected(void **state)
{
    (void)state;
    expect_parse_error("[A]\nk = x\nk2 = pre%Nope%post\n[Strings]\nYes=1\n", WUDF_EPARSE,
                       "test.inf:3: undefined string %Nope% (not in [Strings])");
    /* [Strings.<LCID>] is allowed but does not define strings. */
    expect_parse_error("[A]\nk = %Only%\n[Strings.0409]\nOnly=1\n", WUDF_EPARSE,
                       "test.inf:2: undefined string %Only%");
}

static void unterminated_string_reference_is_rejected(void **state)
{
    (void)state;
    expect_parse_error("[A]\nk = %Nope\n", WUDF_EPARSE,
                       "test.inf:2: unterminated %string% reference in \"%Nope\"");
}

static void strings_line_without_key_is_rejected(void **state)
{
    (void)state;
    expect_parse_error("[Strings]\nA = 1\njust text\n", WUDF_EPARSE,
                       "test.inf:3: [Strings] line needs 'name = value'");
}

/* ---- malformed driver-install content -------------------------------------------------------- */

static void missing_install_section_is_not_found(void **state)
{
    (void)state;
    expect_install_error(VERSION_S MFG_S MODELS_S WDF_S SVC_S STRINGS_S, WUDF_ENOTFOUND,
                         "install section 'Inst' for hardware id 'ROOT\\TEST' not found");
}

static void missing_wdf_section_is_not_found(void **state)
{
    (void)state;
    expect_install_error(ALL_BUT_WDF, WUDF_ENOTFOUND,
                         "test.inf: section [Inst.NT.Wdf] not found: a UMDF driver needs it");
}

static void missing_umdf_service_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Inst.NT.Wdf]\nUmdfServiceOrder=Svc\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf: [Inst.NT.Wdf] has no UmdfService line");
}

static void umdf_service_order_naming_an_unknown_service_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc,Other\n"
                         ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:3: UmdfServiceOrder names 'Other', which no UmdfService line "
                         "defines");
}

static void umdf_service_order_missing_a_service_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfService=B,Svc_Install\n"
                         "UmdfServiceOrder=Svc\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfServiceOrder does not name UmdfService 'B'");
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc,svc\n"
                         ALL_BUT_WDF, WUDF_EPARSE, "test.inf:3: UmdfServiceOrder names 'svc' twice");
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf: [Inst.NT.Wdf] has no UmdfServiceOrder line");
}

static void bad_driver_clsid_shapes_are_rejected(void **state)
{
    static const char *const bad[] = {
        "A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50",     /* no braces */
        "{A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F5}",    /* one digit short */
        "{A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F500}",  /* one digit too many */
        "{A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4G50}",   /* not hex */
        "{A1B8E9F20-C4D-4E5A-9F61-2B7C3D8E4F50}",   /* dash misplaced */
        "{A1B8E9F2+0C4D-4E5A-9F61-2B7C3D8E4F50}",   /* not a dash */
        "(A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50)",   /* wrong brackets */
        "",
    };
    char text[2048], needle[128];
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "[Svc_Install]\n%sDriverCLSID=\"%s\"\n%s%s", SVC_VERSION,
                 bad[i], SVC_BINARY, ALL_BUT_SVC);
        snprintf(needle, sizeof needle, "test.inf:3: DriverCLSID '%s' is not a GUID", bad[i]);
        expect_install_error(text, WUDF_EPARSE, needle);
    }
    expect_install_error("[Svc_Install]\n" SVC_VERSION SVC_BINARY ALL_BUT_SVC, WUDF_EPARSE,
                         "test.inf: [Svc_Install] has no DriverCLSID line");
}

static void unknown_dirid_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Svc_Install]\n" SVC_VERSION SVC_CLSID "ServiceBinary=%99%\\x.dll\n"
                         ALL_BUT_SVC, WUDF_EPARSE, "test.inf:4: unknown directory id %99%");
}

static void dirid_without_a_configured_directory_is_rejected(void **state)
{
    wudf_inf_dirs dirs = test_dirs;
    (void)state;
    dirs.driver_store = NULL;
    expect_install_error_with("[Svc_Install]\n" SVC_VERSION SVC_CLSID "ServiceBinary=%13%\\x.dll\n"
                              ALL_BUT_SVC, "ROOT\\TEST", &dirs, WUDF_EINVAL,
                              "test.inf:4: no directory configured for %13% (driver store)");
}

static void service_binary_climbing_out_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Svc_Install]\n" SVC_VERSION SVC_CLSID
                         "ServiceBinary=%12%\\UMDF\\..\\..\\evil.dll\n" ALL_BUT_SVC,
                         WUDF_EINVAL, "test.inf:4: ServiceBinary '/drv/UMDF/../../evil.dll' has a '..' component");
    expect_install_error("[Svc_Install]\n" SVC_VERSION SVC_CLSID
                         "ServiceBinary=%12%/.. /evil.dll\n" ALL_BUT_SVC,
                         WUDF_EINVAL, "has a '..' component");
    expect_install_error("[Svc_Install]\n" SVC_VERSION SVC_CLSID
                         "ServiceBinary=C:\\Windows\\evil.dll\n" ALL_BUT_SVC,
                         WUDF_EINVAL, "test.inf:4: ServiceBinary 'C:/Windows/evil.dll' must start with a directory id");
    expect_install_error("[Svc_Install]\n" SVC_VERSION SVC_CLSID
                         "ServiceBinary=%12%\\UMDF/\n" ALL_BUT_SVC,
                         WUDF_EINVAL, "does not name a file");
}

static void bad_driver_ver_is_rejected(void **state)
{
    static const char *const bad[] = {"13/01/2024", "02/30/2024", "2/29/2023", "2024-01-01",
                                      "1/1/24", "00/10/2024", "1/1/2024x"};
    char text[2048], needle[128];
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "[Version]\nDriverVer=%s,1.0.0.0\nSignature=\"$Windows NT$\"\n"
                 "Class=Sample\nClassGuid={78A1C341-4539-11D3-B88D-00C04FAD5171}\nProvider=P\n%s",
                 bad[i], ALL_BUT_VERSION);
        snprintf(needle, sizeof needle, "test.inf:2: DriverVer date '%s' is not a valid date", bad[i]);
        expect_install_error(text, WUDF_EPARSE, needle);
    }
    /* Leap day is fine; the version must be numbers 0-65535. */
    wudf_inf_install *out = install_text(
        "[Version]\nDriverVer=2/29/2024,10.0.65535\nSignature=\"$Windows NT$\"\nClass=Sample\n"
        "ClassGuid={78A1C341-4539-11D3-B88D-00C04FAD5171}\nProvider=P\n" ALL_BUT_VERSION,
        "ROOT\\TEST", "NTamd64");
    assert_string_equal(out->driver_date, "02/29/2024");
    assert_string_equal(out->driver_version, "10.0.65535.0");
    free(out);
    expect_install_error("[Version]\nDriverVer=1/1/2024,1.2.3.65536\nSignature=\"$Windows NT$\"\n"
                         "Class=Sample\nClassGuid={78A1C341-4539-11D3-B88D-00C04FAD5171}\n"
                         "Provider=P\n" ALL_BUT_VERSION, WUDF_EPARSE,
                         "test.inf:2: DriverVer version '1.2.3.65536' is not w.x.y.z");
}

static void bad_signature_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Version]\nSignature=\"$Windows 3.1$\"\nClass=Sample\n"
                         "ClassGuid={78A1C341-4539-11D3-B88D-00C04FAD5171}\nProvider=P\n"
                         "DriverVer=1/1/2024\n" ALL_BUT_VERSION, WUDF_EPARSE,
                         "test.inf:2: Signature '$Windows 3.1$' is not one of: $Windows NT$, $Chicago$");
}

static void umdf_library_version_2_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Svc_Install]\nUmdfLibraryVersion=2.0\n" SVC_CLSID SVC_BINARY ALL_BUT_SVC,
                         WUDF_EPARSE,
                         "test.inf:2: UmdfLibraryVersion 2.0 is not supported: openwudf implements UMDF 1");
    expect_install_error("[Svc_Install]\nUmdfLibraryVersion=1.x\n" SVC_CLSID SVC_BINARY ALL_BUT_SVC,
                         WUDF_EPARSE, "test.inf:2: UmdfLibraryVersion '1.x' is not a version 1.x.y");
}

static void unknown_umdf_dispatcher_is_rejected(void **state)
{
    (void)state;
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n"
                         "UmdfDispatcher=Serial\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfDispatcher 'Serial' is not one of: FileHandle, WinUsb, NativeUSB");
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n"
                         "UmdfKernelModeClientPolicy=Maybe\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "'Maybe' is not one of: RejectKernelModeClients, AllowKernelModeClients");
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n"
                         "UmdfDispatcher=WinUsb\nUmdfDispatcher=FileHandle\n" ALL_BUT_WDF,
                         WUDF_EPARSE, "test.inf:5: UmdfDispatcher given again in [Inst.NT.Wdf] (first on line 4)");
}

static void hardware_id_not_found_is_reported(void **state)
{
    (void)state;
    expect_install_error_with(VERSION_S ALL_BUT_VERSION, "ROOT\\NOPE", &test_dirs, WUDF_ENOTFOUND,
                              "test.inf: hardware id 'ROOT\\NOPE' not found");
}

static void missing_models_section_and_bad_models_line_are_rejected(void **state)
{
    (void)state;
    expect_install_error("[Manufacturer]\n%Mfg%=Nowhere,NTamd64\n" VERSION_S MODELS_S INST_S WDF_S
                         SVC_S STRINGS_S, WUDF_ENOTFOUND,
                         "test.inf:2: models section [Nowhere.NTamd64] named by [Manufacturer] not found");
    expect_install_error("[Models.NTamd64]\n%Desc%=Inst\n" VERSION_S MFG_S INST_S WDF_S SVC_S
                         STRINGS_S, WUDF_EPARSE, "test.inf:2: models line needs");
}

static void missing_service_install_section_is_not_found(void **state)
{
    (void)state;
    expect_install_error("[Inst.NT.Wdf]\nUmdfService=Svc,Nowhere\nUmdfServiceOrder=Svc\n" ALL_BUT_WDF,
                         WUDF_ENOTFOUND, "test.inf:2: service install section [Nowhere] of UmdfService Svc not found");
}

static void over_long_value_is_an_error_not_a_truncation(void **state)
{
    char text[4096], desc[300];
    (void)state;
    memset(desc, 'd', sizeof desc - 1);
    desc[sizeof desc - 1] = '\0';
    snprintf(text, sizeof text, "[Strings]\nDesc=%s\n%s", desc,
             VERSION_S MFG_S MODELS_S INST_S WDF_S SVC_S "[Strings]\nProv=P\nMfg=M\n");
    expect_install_error(text, WUDF_ETOOBIG, "value longer than 255 bytes");
}

#define WDF_HEAD "[Inst.NT.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n"

static void wdf_directives_default_as_umdf_1_11_documents(void **state)
{
    wudf_inf_install *out = install_text(VERSION_S ALL_BUT_VERSION, "ROOT\\TEST", "NTamd64");
    (void)state;
    assert_string_equal(out->host_process_sharing, "ProcessSharingEnabled");
    assert_string_equal(out->kernel_mode_client_policy, "RejectKernelModeClients");
    assert_string_equal(out->dispatcher, "FileHandle");
    assert_string_equal(out->impersonation_level, "Identification");
    assert_string_equal(out->method_neither_action, "Reject");
    assert_string_equal(out->file_object_policy, "RejectNullAndUnknownFileObjects");
    assert_string_equal(out->fs_context_use_policy, "CanUseFsContext");
    assert_string_equal(out->direct_hardware_access, "RejectDirectHardwareAccess");
    assert_string_equal(out->register_access_mode, "RegisterAccessUsingSystemCall");
    assert_int_equal(out->warning_count, 0);
    free(out);
}

static void every_umdf_1_wdf_directive_is_read_in_any_case(void **state)
{
    wudf_inf_install *out = install_text(
        WDF_HEAD "umdfmethodneitheraction=copy\nUMDFFILEOBJECTPOLICY=allownullandunknownfileobjects\n"
                 "UmdfFsContextUsePolicy=CannotUseFsContexts\nUmdfDirectHardwareAccess=RejectDirectHardwareAccess\n"
                 "UmdfRegisterAccessMode=RegisterAccessUsingUserModeMapping\nUmdfImpersonationLevel=Delegation\n"
                 "UmdfKernelModeClientPolicy=AllowKernelModeClients\nUmdfHostProcessSharing=ProcessSharingDisabled\n"
                 "UmdfDispatcher=NativeUSB\n" ALL_BUT_WDF,
        "ROOT\\TEST", "NTamd64");
    (void)state;
    assert_string_equal(out->method_neither_action, "Copy");
    assert_string_equal(out->file_object_policy, "AllowNullAndUnknownFileObjects");
    assert_string_equal(out->fs_context_use_policy, "CannotUseFsContexts");
    assert_string_equal(out->direct_hardware_access, "RejectDirectHardwareAccess");
    assert_string_equal(out->register_access_mode, "RegisterAccessUsingUserModeMapping");
    assert_string_equal(out->impersonation_level, "Delegation");
    assert_string_equal(out->kernel_mode_client_policy, "AllowKernelModeClients");
    assert_string_equal(out->host_process_sharing, "ProcessSharingDisabled");
    assert_string_equal(out->dispatcher, "NativeUSB");
    assert_int_equal(out->warning_count, 0);
    free(out);
    out = install_text(WDF_HEAD "UmdfFsContextUsePolicy=CanUseFsContext2\nUmdfMethodNeitherAction=Reject\n" ALL_BUT_WDF,
                       "ROOT\\TEST", "NTamd64");
    assert_string_equal(out->fs_context_use_policy, "CanUseFsContext2");
    assert_string_equal(out->method_neither_action, "Reject");
    free(out);
}

static void bad_values_of_the_transfer_directives_are_rejected_with_their_line(void **state)
{
    (void)state;
    expect_install_error(WDF_HEAD "UmdfMethodNeitherAction=Buffered\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfMethodNeitherAction 'Buffered' is not one of: Reject, Copy");
    expect_install_error(WDF_HEAD "UmdfFileObjectPolicy=AllowNull\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfFileObjectPolicy 'AllowNull' is not one of: "
                         "RejectNullAndUnknownFileObjects, AllowNullAndUnknownFileObjects");
    expect_install_error(WDF_HEAD "UmdfFsContextUsePolicy=FsContext3\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfFsContextUsePolicy 'FsContext3' is not one of: CanUseFsContext, "
                         "CanUseFsContext2, CannotUseFsContexts");
    expect_install_error(WDF_HEAD "UmdfRegisterAccessMode=Mapped\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfRegisterAccessMode 'Mapped' is not one of");
    expect_install_error(WDF_HEAD "UmdfDirectHardwareAccess=Yes\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfDirectHardwareAccess 'Yes' is not one of");
    expect_install_error(WDF_HEAD "UmdfMethodNeitherAction=Copy,Reject\n" ALL_BUT_WDF, WUDF_EPARSE,
                         "test.inf:4: UmdfMethodNeitherAction takes 1 value(s), found 2");
    expect_install_error(WDF_HEAD "UmdfMethodNeitherAction=Copy\nUmdfMethodNeitherAction=Copy\n" ALL_BUT_WDF,
                         WUDF_EPARSE, "test.inf:5: UmdfMethodNeitherAction given again in [Inst.NT.Wdf] (first on line 4)");
}

static void direct_hardware_access_cannot_be_honoured_and_is_refused(void **state)
{
    (void)state;
    expect_install_error(WDF_HEAD "UmdfDirectHardwareAccess=allowdirecthardwareaccess\n" ALL_BUT_WDF, WUDF_EINVAL,
                         "test.inf:4: UmdfDirectHardwareAccess=AllowDirectHardwareAccess cannot be honoured: "
                         "openwudf gives drivers no hardware resources");
}

static void lines_umdf_1_does_not_read_are_warnings_with_their_line(void **state)
{
    wudf_inf_install *out = install_text(
        WDF_HEAD "UmdfHostPriority=PriorityHigh\nKmdfService=Lower,Lower_Install\nUmdfMethodNeitherActions=Copy\n"
                 "Colour=Blue\n" ALL_BUT_WDF,
        "ROOT\\TEST", "NTamd64");
    (void)state;
    assert_int_equal(out->warning_count, 4);
    assert_string_equal(out->warnings[0],
                        "test.inf:4: UmdfHostPriority is a UMDF 2 directive, not read for a UMDF 1 driver; ignored");
    assert_string_equal(out->warnings[1], "test.inf:5: KmdfService is the KMDF co-installer's (openwudf runs no "
                                          "kernel-mode driver); ignored");
    assert_string_equal(out->warnings[2], "test.inf:6: UmdfMethodNeitherActions is not a UMDF 1 directive; ignored");
    assert_string_equal(out->warnings[3], "test.inf:7: Colour is not a WDF directive; ignored");
    /* the misspelt directive did not count */
    assert_string_equal(out->method_neither_action, "Reject");
    free(out);
}

static void warnings_beyond_those_kept_are_counted(void **state)
{
    wudf_inf_install *out = install_text(WDF_HEAD "A=1\nB=2\nLoneValue\nD=4\nE=5\nF=6\n" ALL_BUT_WDF, "ROOT\\TEST",
                                         "NTamd64");
    (void)state;
    assert_int_equal(out->warning_count, 6);
    assert_string_equal(out->warnings[2], "test.inf:6: a line without a key is not a WDF directive; ignored");
    assert_string_equal(out->warnings[3], "test.inf:7: D is not a WDF directive; ignored");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(echo_inf_resolves_root_echo_on_amd64),
        cmocka_unit_test(wdf_directives_default_as_umdf_1_11_documents),
        cmocka_unit_test(every_umdf_1_wdf_directive_is_read_in_any_case),
        cmocka_unit_test(bad_values_of_the_transfer_directives_are_rejected_with_their_line),
        cmocka_unit_test(direct_hardware_access_cannot_be_honoured_and_is_refused),
        cmocka_unit_test(lines_umdf_1_does_not_read_are_warnings_with_their_line),
        cmocka_unit_test(warnings_beyond_those_kept_are_counted),
        cmocka_unit_test(cppsample_inf_resolves_root_cppsample_on_arm64),
        cmocka_unit_test(missing_file_is_not_found),
        cmocka_unit_test(quotes_keep_separators_and_double_quotes_and_comments_are_dropped),
        cmocka_unit_test(continuation_lines_join_and_keep_line_numbers),
        cmocka_unit_test(strings_substitute_in_keys_and_values_but_not_recursively),
        cmocka_unit_test(strings_lines_keep_commas_unquoted),
        cmocka_unit_test(duplicate_sections_merge_in_file_order),
        cmocka_unit_test(crlf_line_ends_and_utf8_bom_are_accepted),
        cmocka_unit_test(utf16le_with_bom_is_converted_to_utf8),
        cmocka_unit_test(listed_decoration_is_preferred_for_models_and_install_sections),
        cmocka_unit_test(undecorated_models_are_used_when_the_platform_is_not_listed),
        cmocka_unit_test(only_decorated_models_and_other_platform_finds_nothing),
        cmocka_unit_test(several_manufacturers_and_models_match_case_insensitively),
        cmocka_unit_test(every_models_line_registers_its_hardware_id_once),
        cmocka_unit_test(a_hardware_id_on_several_models_lines_is_registered_once),
        cmocka_unit_test(two_services_come_in_umdf_service_order),
        cmocka_unit_test(inf_directory_dirid_defaults_to_the_directory_of_the_inf),
        cmocka_unit_test(value_formats_are_checked_strictly),
        cmocka_unit_test(unterminated_section_name_is_rejected),
        cmocka_unit_test(text_after_section_name_is_rejected),
        cmocka_unit_test(unterminated_quote_is_rejected),
        cmocka_unit_test(equals_after_a_comma_is_text_and_a_key_may_be_empty),
        cmocka_unit_test(text_before_first_section_is_rejected),
        cmocka_unit_test(text_before_first_section_is_ignored_with_strings),
        cmocka_unit_test(line_longer_than_limit_is_rejected),
        cmocka_unit_test(file_larger_than_limit_is_rejected),
        cmocka_unit_test(nul_byte_is_rejected),
        cmocka_unit_test(control_characters_and_invalid_utf8_are_rejected),
        cmocka_unit_test(too_many_values_on_a_line_are_rejected),
        cmocka_unit_test(empty_file_is_rejected),
        cmocka_unit_test(odd_length_utf16_is_rejected),
        cmocka_unit_test(bad_utf16_is_rejected),
        cmocka_unit_test(undefined_string_is_rejected),
        cmocka_unit_test(unterminated_string_reference_is_rejected),
        cmocka_unit_test(strings_line_without_key_is_rejected),
        cmocka_unit_test(missing_install_section_is_not_found),
        cmocka_unit_test(missing_wdf_section_is_not_found),
        cmocka_unit_test(missing_umdf_service_is_rejected),
        cmocka_unit_test(umdf_service_order_naming_an_unknown_service_is_rejected),
        cmocka_unit_test(umdf_service_order_missing_a_service_is_rejected),
        cmocka_unit_test(bad_driver_clsid_shapes_are_rejected),
        cmocka_unit_test(unknown_dirid_is_rejected),
        cmocka_unit_test(dirid_without_a_configured_directory_is_rejected),
        cmocka_unit_test(service_binary_climbing_out_is_rejected),
        cmocka_unit_test(bad_driver_ver_is_rejected),
        cmocka_unit_test(bad_signature_is_rejected),
        cmocka_unit_test(umdf_library_version_2_is_rejected),
        cmocka_unit_test(unknown_umdf_dispatcher_is_rejected),
        cmocka_unit_test(hardware_id_not_found_is_reported),
        cmocka_unit_test(missing_models_section_and_bad_models_line_are_rejected),
        cmocka_unit_test(missing_service_install_section_is_not_found),
        cmocka_unit_test(over_long_value_is_an_error_not_a_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
