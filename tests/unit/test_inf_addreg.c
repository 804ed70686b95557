/* Specification of INF AddReg for a device install (common/inf_addreg.c) and of the device's keys it
 * fills (common/reg_store.h): every value type and flag as SetupAPI reads them, the two keys, the
 * exact "file:line:" error of a bad line, and the text form the wire and the device store carry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inf.h"
#include "reg_store.h"

static void check_message(const wudf_error *err, const char *needle)
{
    if (!strstr(err->message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err->message, needle);
}

static wudf_inf *parse(const char *text)
{
    wudf_inf *inf = NULL;
    wudf_error err = {WUDF_OK, ""};
    if (wudf_inf_parse_buffer("t.inf", text, strlen(text), &inf, &err) != 0)
        fail_msg("parse failed: %s", err.message);
    return inf;
}

static int warnings;
static char last_warning[400];

static void on_warning(void *context, const char *message)
{
    (void)context;
    warnings++;
    snprintf(last_warning, sizeof last_warning, "%s", message);
}

/* Applies the AddReg of [Inst] (and [Inst.HW]) of text into s; the return code. */
static int apply(const char *text, wudf_reg_store *s, wudf_error *err)
{
    wudf_inf *inf = parse(text);
    wudf_reg_store_init(s);
    warnings = 0;
    int rc = wudf_inf_apply_addreg(inf, "Inst", s, on_warning, NULL, err);
    wudf_inf_free(inf);
    return rc;
}

/* The text form of the value (root, path, name), or "" when there is none. */
static const char *value_text(const wudf_reg_store *s, wudf_reg_root root, const char *path, const char *name)
{
    static char text[1024];
    long at = wudf_reg_store_find(s, root, path, name);
    text[0] = '\0';
    if (at >= 0) {
        char *t = wudf_reg_entry_format(&s->entries[at]);
        snprintf(text, sizeof text, "%s", t);
        free(t);
    }
    return text;
}

static void hkr_lines_fill_the_software_and_hardware_keys_with_every_type(void **state)
{
    wudf_reg_store s;
    wudf_error err;
    const char *text = "[Inst]\nAddReg=Sw\n"
                       "[Sw]\nHKR,,Name,,\"%S%\"\nHKR,Sub\\Deeper,Path,0x00020000,\"%%SystemRoot%%\\x\"\n"
                       "[Inst.HW]\nAddReg = Hw1, Hw2\n"
                       "[Hw1]\nHKR,,Baud,0x00010001,9600\nHKR,,Hex,0x00010001,0x2580\n"
                       "HKR,,Bytes,0x00010001,80,25,00,00\n"
                       "HKR,,List,0x00010000,\"a\",\"b, c\"\nHKR,,Blob,1,de,AD,0x01\nHKR,,Big,0x000B0001,0x10000000000\n"
                       "HKR,,Nothing,0x00020001\nHKR,,Raw,0x00040001,01,00,00,00\n"
                       "[Hw2]\nHKR,Keyed\nHKR,Only,,0x10\nHKR,,,,default\n"
                       "[Strings]\nS=\"text; with, a comma\"\n";
    assert_int_equal(apply(text, &s, &err), 0);
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "", "Name"), ";Name;sz;text%3B with%2C a comma");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "sub\\deeper", "path"),
                        "Sub\\Deeper;Path;expand_sz;%25SystemRoot%25\\x");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "Baud"), ";Baud;dword;9600");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "Hex"), ";Hex;dword;9600");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "Bytes"), ";Bytes;dword;9600");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "List"), ";List;multi_sz;a,b%2C c");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "Blob"), ";Blob;binary;dead01");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "Big"), ";Big;qword;1099511627776");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "Nothing"), ";Nothing;none;");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "Raw"), ";Raw;dword;1"); /* type 4 in the high word */
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", ""), ";;sz;default");
    /* keys without values */
    assert_true(wudf_reg_store_find(&s, WUDF_REG_ROOT_HW, "Keyed", NULL) >= 0);
    assert_true(wudf_reg_store_find(&s, WUDF_REG_ROOT_HW, "Only", NULL) >= 0);
    assert_true(wudf_reg_store_key_exists(&s, WUDF_REG_ROOT_SW, "Sub"));
    assert_false(wudf_reg_store_key_exists(&s, WUDF_REG_ROOT_SW, "Other"));
    assert_int_equal(warnings, 0);
    wudf_reg_store_free(&s);
}

static void flags_noclobber_append_delval_and_overwriteonly_act_as_setupapi(void **state)
{
    wudf_reg_store s;
    wudf_error err;
    const char *text = "[Inst]\nAddReg=A\n"
                       "[A]\nHKR,,Port,,COM1\nHKR,,Port,2,COM9\n"
                       "HKR,,List,0x10000,x,y\nHKR,,List,0x10008,y,z\nHKR,,List,0x10004,x\n"
                       "HKR,,Gone,,1\nHKR,,Gone,4\nHKR,,New,0x20,1\nHKR,,Port2,,a\nHKR,,Port2,0x20,b\n"
                       "HKR,,Twice,,one\nHKR,,twice,,two\n";
    assert_int_equal(apply(text, &s, &err), 0);
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "", "Port"), ";Port;sz;COM1");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "", "List"), ";List;multi_sz;y,z");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "", "Gone"), "");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "", "New"), "");
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "", "Port2"), ";Port2;sz;b");
    /* names are case-insensitive and keep their first spelling */
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_SW, "", "TWICE"), ";Twice;sz;two");
    assert_int_equal(wudf_reg_store_value_count(&s, WUDF_REG_ROOT_SW, ""), 4);
    wudf_reg_store_free(&s);
    /* FLG_ADDREG_APPEND is for REG_MULTI_SZ only */
    assert_int_equal(apply("[Inst]\nAddReg=A\n[A]\nHKR,,Fresh,8,c\n", &s, &err), WUDF_EPARSE);
    check_message(&err, "t.inf:4: [A] FLG_ADDREG_APPEND is for REG_MULTI_SZ values only");
    wudf_reg_store_free(&s);
}

static void other_roots_are_skipped_with_a_warning(void **state)
{
    wudf_reg_store s;
    wudf_error err;
    assert_int_equal(apply("[Inst]\nAddReg=A\n[A]\nHKLM,Software\\X,V,,1\nhkcu,,V,,1\nHKR,,Kept,,1\n", &s, &err), 0);
    assert_int_equal(warnings, 2);
    assert_non_null(strstr(last_warning, "t.inf:5: [A] hkcu line ignored"));
    assert_int_equal(s.count, 1);
    wudf_reg_store_free(&s);
}

static void bad_lines_are_refused_with_file_and_line(void **state)
{
    static const struct {
        const char *section, *message;
    } cases[] = {
        {"HKQ,,V,,1\n", "t.inf:4: [A] 'HKQ' is not a registry root"},
        {"HKR,,V,abc,1\n", "t.inf:4: [A] flags 'abc' are not a number"},
        {"HKR,,V,0x40,1\n", "t.inf:4: [A] flags 0x40 hold bits AddReg does not define"},
        {"HKR,,V,0x00030000,1\n", "t.inf:4: [A] flags 0x00030000 name no string type"},
        {"HKR,,V,0x10001,12x\n", "t.inf:4: [A] '12x' is not a number for this value"},
        {"HKR,,V,0x10001,4294967296\n", "t.inf:4: [A] '4294967296' is not a number"},
        {"HKR,,V,0x10001,1,2\n", "t.inf:4: [A] a number value takes one number or its bytes"},
        {"HKR,,V,1,zz\n", "t.inf:4: [A] 'zz' is not a hex byte of a binary value"},
        {"HKR,,V,,a,b\n", "t.inf:4: [A] a string value takes one field"},
        {"HKR,,V,0x10000,a,\"\"\n", "t.inf:4: [A] a REG_MULTI_SZ value holds an empty string"},
        {"HKR,a\\\\b,V,,1\n", "t.inf:4: [A] key path 'a\\\\b' has an empty key name"},
        {"HKR,..,V,,1\n", "t.inf:4: [A] key path '..' has a '.' or '..' key"},
        {"V=HKR\n", "t.inf:4: [A] an add-registry line is"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        wudf_reg_store s;
        wudf_error err = {WUDF_OK, ""};
        snprintf(text, sizeof text, "[Inst]\nAddReg=A\n[A]\n%s", cases[i].section);
        if (apply(text, &s, &err) == 0)
            fail_msg("'%s' was accepted", cases[i].section);
        check_message(&err, cases[i].message);
        wudf_reg_store_free(&s);
    }
    wudf_reg_store s;
    wudf_error err;
    assert_int_equal(apply("[Inst]\nAddReg=Missing\n", &s, &err), WUDF_ENOTFOUND);
    check_message(&err, "t.inf:2: add-registry section [Missing] named by [Inst] not found");
    wudf_reg_store_free(&s);
}

static void model_ids_are_the_matched_line_s_ids(void **state)
{
    const char *text = "[Version]\nSignature=\"$Windows NT$\"\nClass=Ports\n"
                       "ClassGuid={4D36E978-E325-11CE-BFC1-08002BE10318}\nProvider=P\nDriverVer=1/2/2024,1.0\n"
                       "[Manufacturer]\nM=Models\n[Models]\nD1=Inst,ROOT\\OTHER\nD2=Inst,ROOT\\SERIAL,*PNP0501,PNP0500\n"
                       "[Inst]\n[Inst.Wdf]\nUmdfService=Svc,Svc_Install\nUmdfServiceOrder=Svc\n"
                       "[Svc_Install]\nUmdfLibraryVersion=1.11.0\nDriverCLSID={A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}\n"
                       "ServiceBinary=%12%\\UMDF\\Svc.dll\n";
    wudf_inf *inf = parse(text);
    wudf_inf_dirs dirs = {"/drv", NULL, NULL, NULL, NULL};
    wudf_inf_install *ins = calloc(1, sizeof *ins);
    wudf_error err;
    assert_int_equal(wudf_inf_find_install(inf, "root\\serial", "NTamd64", &dirs, ins, &err), 0);
    char hw[128], compat[128];
    assert_int_equal(wudf_inf_model_ids(inf, ins, hw, sizeof hw, compat, sizeof compat, &err), 0);
    assert_string_equal(hw, "ROOT\\SERIAL");
    assert_string_equal(compat, "*PNP0501,PNP0500");
    free(ins);
    wudf_inf_free(inf);
}

static void text_form_round_trips_and_refuses_what_breaks_its_rules(void **state)
{
    wudf_reg_entry e;
    wudf_error err;
    assert_int_equal(wudf_reg_entry_parse(WUDF_REG_ROOT_HW, "A\\b;N%3Bx;multi_sz;p%2Cq,r%25", &e, &err), 0);
    assert_string_equal(e.name, "N;x");
    assert_int_equal(e.size, 7);
    assert_memory_equal(e.data, "p,q\0r%\0", 7);
    char *text = wudf_reg_entry_format(&e);
    assert_string_equal(text, "A\\b;N%3Bx;multi_sz;p%2Cq,r%25");
    free(text);
    wudf_reg_entry_free(&e);
    assert_int_equal(wudf_reg_entry_parse(WUDF_REG_ROOT_SW, "K;;key;volatile", &e, &err), 0);
    assert_null(e.name);
    assert_true(e.is_volatile);
    wudf_reg_entry_free(&e);
    assert_int_equal(wudf_reg_entry_parse(WUDF_REG_ROOT_DP, "{A45C254E-DF1C-4EFD-8020-67D146A850E0};14;string;x", &e,
                                          &err),
                     0);
    wudf_reg_entry_free(&e);
    static const char *const bad[] = {
        "a;b;c",                   /* three fields */
        "a;b;sz;x;y",              /* five */
        ";n;sz;%0",                /* a cut escape */
        ";n;sz;%00",               /* a NUL */
        ";n;sz;\xc3",              /* not UTF-8 */
        ";n\x01;sz;x",             /* a control character */
        ";n;dword;-1",             /* not a 32-bit number */
        ";n;dword;4294967296",
        ";n;binary;abc",           /* odd hex */
        ";n;multi_sz;a,,b",        /* an empty item */
        ";n;double;1",             /* no such type */
        ";n;key;",                 /* a key with a name */
        "x\\;n;sz;1",              /* an empty key name */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (wudf_reg_entry_parse(WUDF_REG_ROOT_HW, bad[i], &e, &err) == 0)
            fail_msg("'%s' was accepted", bad[i]);
    assert_int_not_equal(wudf_reg_entry_parse(WUDF_REG_ROOT_DP, "{a45c254e-df1c-4efd-8020-67d146a850e0};1;string;x",
                                              &e, &err),
                         0);
    assert_int_not_equal(wudf_reg_entry_parse(WUDF_REG_ROOT_DP, "{A45C254E-DF1C-4EFD-8020-67D146A850E0};01;string;x",
                                              &e, &err),
                         0);
}

static void store_keeps_its_limits_and_volatile_keys_stay_out_of_the_device_store(void **state)
{
    wudf_reg_store s;
    wudf_reg_store_init(&s);
    wudf_error err;
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "reg.hw", "Own;Count;dword;3", NULL);
    wudf_kv_add(&kv, "reg.hw", "Own\\Session;;key;volatile", NULL);
    wudf_kv_add(&kv, "reg.hw", "Own\\Session;Id;sz;x", NULL);
    wudf_kv_add(&kv, "setting.legacy", "v", NULL);
    wudf_kv_add(&kv, "instance_id", "ignored", NULL);
    assert_int_equal(wudf_reg_store_from_kv(&s, &kv, &err), 0);
    assert_int_equal(s.count, 4);
    assert_string_equal(value_text(&s, WUDF_REG_ROOT_HW, "", "legacy"), ";legacy;sz;v");
    assert_true(wudf_reg_store_key_volatile(&s, WUDF_REG_ROOT_HW, "own\\session"));
    wudf_kv out;
    wudf_kv_init(&out);
    assert_int_equal(wudf_reg_store_to_kv(&s, &out, 1, &err), 0);
    assert_int_equal(out.count, 2); /* the volatile key and its value stay out */
    wudf_kv_free(&out);
    assert_int_equal(wudf_reg_store_delete_key(&s, WUDF_REG_ROOT_HW, "OWN"), 0);
    assert_int_equal(s.count, 1);
    assert_int_equal(wudf_reg_store_delete(&s, WUDF_REG_ROOT_HW, "", "nope"), WUDF_ENOTFOUND);
    /* a bad entry names its key and place */
    wudf_kv_add(&kv, "reg.sw", "bad", NULL);
    wudf_reg_store_free(&s);
    wudf_reg_store_init(&s);
    assert_int_equal(wudf_reg_store_from_kv(&s, &kv, &err), WUDF_EINVAL);
    check_message(&err, "reg.sw entry 5:");
    wudf_reg_store_free(&s);
    wudf_kv_free(&kv);
    /* the entry count limit */
    wudf_reg_store_init(&s);
    int rc = 0;
    for (unsigned i = 0; i <= WUDF_REG_ENTRIES_MAX && !rc; i++) {
        char name[16];
        snprintf(name, sizeof name, "v%u", i);
        wudf_reg_entry e;
        assert_int_equal(wudf_reg_entry_make(WUDF_REG_ROOT_HW, "", name, "dword", "1", &e, &err), 0);
        rc = wudf_reg_store_set(&s, &e, &err);
        wudf_reg_entry_free(&e);
    }
    assert_int_equal(rc, WUDF_ETOOBIG);
    assert_int_equal(s.count, WUDF_REG_ENTRIES_MAX);
    wudf_reg_store_free(&s);
}

static void drivers_may_not_write_the_system_s_properties_or_the_framework_s_keys(void **state)
{
    wudf_reg_entry e = {WUDF_REG_ROOT_DP, (char *)WUDF_DEVPKEY_FMTID_DEVICE, (char *)"3", 0, NULL, 0, 0};
    assert_false(wudf_reg_driver_may_write(&e));
    e.name = (char *)"14";
    assert_true(wudf_reg_driver_may_write(&e)); /* FriendlyName */
    e.path = (char *)"{5C7E3A10-2B64-4F0D-9E83-71A2C4D6B8F1}";
    assert_true(wudf_reg_driver_may_write(&e));
    e.path = (char *)WUDF_DEVPKEY_FMTID_INSTANCE;
    e.name = (char *)"256";
    assert_false(wudf_reg_driver_may_write(&e));
    wudf_reg_entry k = {WUDF_REG_ROOT_HW, (char *)"wudf\\x", (char *)"v", 1, NULL, 0, 0};
    assert_false(wudf_reg_driver_may_write(&k));
    k.path = (char *)"WDFX";
    assert_true(wudf_reg_driver_may_write(&k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hkr_lines_fill_the_software_and_hardware_keys_with_every_type),
        cmocka_unit_test(flags_noclobber_append_delval_and_overwriteonly_act_as_setupapi),
        cmocka_unit_test(other_roots_are_skipped_with_a_warning),
        cmocka_unit_test(bad_lines_are_refused_with_file_and_line),
        cmocka_unit_test(model_ids_are_the_matched_line_s_ids),
        cmocka_unit_test(text_form_round_trips_and_refuses_what_breaks_its_rules),
        cmocka_unit_test(store_keeps_its_limits_and_volatile_keys_stay_out_of_the_device_store),
        cmocka_unit_test(drivers_may_not_write_the_system_s_properties_or_the_framework_s_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
