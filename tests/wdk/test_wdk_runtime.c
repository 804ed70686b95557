/*
 * What openwudf/wdk/ gives C sources written for the WDK, compiled as openwudf_add_driver(... WDK ...)
 * compiles them (wdk.h first; on Linux -fshort-wchar): <strsafe.h> with the SDK's results, printf with
 * MSVC's rules, the C library's wide functions on 16-bit strings, and WPP (the formatter, the line,
 * the environment, the macros openwudf_wpp generates). On Windows the same assertions hold for
 * mingw-w64's strsafe.h and msvcrt, which is the point: they say what the WDK's environment does.
 */
/* As WDK sources read the full NTSTATUS list, and keep the C library's string functions. */
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#define STRSAFE_NO_DEPRECATE
#include <strsafe.h>
#include <wudfddi.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "wpp_test_trace.h"
#include "test_wdk_runtime.tmh"

/* UTF-16 strings compared unit by unit, shown as ASCII ('?' for the rest) when they differ. */
static void assert_wide(const WCHAR *got, const WCHAR *want)
{
    size_t i = 0;
    while (got[i] && got[i] == want[i])
        i++;
    if (got[i] != want[i]) {
        char g[256], w[256];
        size_t n;
        for (n = 0; got[n] && n < 255; n++)
            g[n] = got[n] < 0x80 ? (char)got[n] : '?';
        g[n] = '\0';
        for (n = 0; want[n] && n < 255; n++)
            w[n] = want[n] < 0x80 ? (char)want[n] : '?';
        w[n] = '\0';
        fail_msg("got \"%s\", want \"%s\" (unit %u differs)", g, w, (unsigned)i);
    }
}

/* ---- annotations: every one below expands to nothing (sal.h, driverspecs.h), in C here ---- */

_Success_(return == S_OK) _Check_return_ _Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
_IRQL_requires_(PASSIVE_LEVEL) _Function_class_(WDK_ANNOTATED) _When_(count > 0, _Post_satisfies_(count > 0))
static HRESULT Annotated(_In_ int a, _Out_ int *b, _Inout_ int *c, _In_opt_ const int *d,
                         _Out_writes_(count) int *e, _Out_writes_bytes_(bytes) void *f, _In_reads_bytes_(bytes) const void *g,
                         _Outptr_ void **h, _Outptr_result_maybenull_ void **i, _COM_Outptr_ void **j,
                         _Inout_updates_(count) int *k, _Inout_updates_bytes_(bytes) void *l, _In_z_ const char *m,
                         _In_reads_(count) const int *n, _Out_opt_ int *o, _Outptr_opt_ void **p, _Deref_out_ void **q,
                         __in int r, __out int *s, __inout int *t, __in_opt const int *u, __out_ecount(count) int *v,
                         __deref_out_opt void **w, _Printf_format_string_ const char *format, _In_ size_t count,
                         _In_ size_t bytes)
{
    _Analysis_assume_(count > 0);
    __analysis_assume(bytes > 0);
    *b = a;
    (*c)++;
    *h = *i = *j = *p = *q = *w = NULL;
    *s = r;
    *t += u ? *u : 0;
    if (o)
        *o = 0;
    memset(e, 0, count * sizeof *e);
    memcpy(f, g, bytes);
    (void)d, (void)k, (void)l, (void)m, (void)n, (void)v, (void)format;
    return S_OK;
}

typedef struct Annotated_struct {
    _Field_size_(count) int *items;
    _Field_range_(0, 8) size_t count;
} Annotated_struct;

_Ret_maybenull_ _Pre_ _Post_ static Annotated_struct *annotated_null(void)
{
    return NULL;
}

_Use_decl_annotations_ static void annotations_expand_to_nothing(void **state)
{
    (void)state;
    int b, c = 1, e[2] = {0, 0}, o, s, t = 0, u = 2;
    char f[3];
    void *h, *i, *j, *p, *q, *w;
    assert_int_equal(Annotated(5, &b, &c, NULL, e, f, "ab", &h, &i, &j, e, f, "z", e, &o, &p, &q, 7, &s, &t, &u, e, &w,
                               "%d", 2, sizeof f),
                     S_OK);
    assert_int_equal(b, 5);
    assert_int_equal(c, 2);
    assert_int_equal(s, 7);
    assert_int_equal(t, 2);
    assert_null(annotated_null());
}

/* ---- strsafe.h ---- */

static void strsafe_copy_fits_exactly_or_truncates_with_insufficient_buffer(void **state)
{
    (void)state;
    WCHAR w[8];
    char a[8];
    assert_int_equal(StringCchCopyW(w, 7, L"abcdef"), S_OK);
    assert_wide(w, L"abcdef");
    assert_int_equal(StringCchCopyW(w, 4, L"abcdef"), STRSAFE_E_INSUFFICIENT_BUFFER);
    assert_wide(w, L"abc");
    assert_int_equal(StringCchCopyA(a, 3, "xyz"), STRSAFE_E_INSUFFICIENT_BUFFER);
    assert_string_equal(a, "xy");
    assert_int_equal(StringCchCopyNW(w, 8, L"abcdef", 2), S_OK);
    assert_wide(w, L"ab");
    assert_int_equal(StringCchCopyNA(a, 3, "abcdef", 4), STRSAFE_E_INSUFFICIENT_BUFFER);
    assert_string_equal(a, "ab");
}

static void strsafe_rejects_a_zero_or_oversized_destination(void **state)
{
    (void)state;
    WCHAR w[4] = {L'k', 0};
    assert_int_equal(StringCchCopyW(w, 0, L"x"), STRSAFE_E_INVALID_PARAMETER);
    assert_int_equal(w[0], L'k');
    assert_int_equal(StringCchCopyW(w, (size_t)STRSAFE_MAX_CCH + 1, L"x"), STRSAFE_E_INVALID_PARAMETER);
    assert_int_equal(StringCbCopyW(w, 1, L"x"), STRSAFE_E_INVALID_PARAMETER); /* less than one WCHAR */
    assert_int_equal(StringCchPrintfW(w, 0, L"%d", 1), STRSAFE_E_INVALID_PARAMETER);
}

static void strsafe_cat_appends_truncates_and_rejects_an_unterminated_destination(void **state)
{
    (void)state;
    WCHAR w[8] = L"ab";
    assert_int_equal(StringCchCatW(w, 5, L"cd"), S_OK);
    assert_wide(w, L"abcd");
    assert_int_equal(StringCchCatW(w, 5, L"e"), STRSAFE_E_INSUFFICIENT_BUFFER);
    assert_wide(w, L"abcd");
    WCHAR full[4] = {L'x', L'x', L'x', L'x'};
    assert_int_equal(StringCchCatW(full, 4, L"y"), STRSAFE_E_INVALID_PARAMETER);
    assert_int_equal(full[3], L'x');
    char a[6] = "ab";
    assert_int_equal(StringCchCatNA(a, sizeof a, "cdef", 2), S_OK);
    assert_string_equal(a, "abcd");
    assert_int_equal(StringCbCatA(a, sizeof a, "xyz"), STRSAFE_E_INSUFFICIENT_BUFFER);
    assert_string_equal(a, "abcdx");
}

static void strsafe_length_counts_within_the_maximum_only(void **state)
{
    (void)state;
    size_t n = 99;
    assert_int_equal(StringCchLengthW(L"abc", 10, &n), S_OK);
    assert_int_equal(n, 3);
    assert_int_equal(StringCchLengthW(L"abc", 3, &n), STRSAFE_E_INVALID_PARAMETER);
    assert_int_equal(n, 0);
    assert_int_equal(StringCbLengthW(L"abc", 100, &n), S_OK);
    assert_int_equal(n, 3 * sizeof(WCHAR));
    assert_int_equal(StringCchLengthA("hello", 6, &n), S_OK);
    assert_int_equal(n, 5);
    assert_int_equal(StringCchLengthA(NULL, 6, &n), STRSAFE_E_INVALID_PARAMETER);
}

/* ---- printf with MSVC's rules ---- */

static void w_printf_takes_wide_s_and_narrow_S(void **state)
{
    (void)state;
    WCHAR w[128];
    assert_int_equal(StringCchPrintfW(w, 128, L"[%s|%S|%ls|%hs|%ws|%c|%C|%hc|%lc]", L"wide", "narrow", L"l", "h", L"w",
                                      L'x', 'y', 'z', L'q'),
                     S_OK);
    assert_wide(w, L"[wide|narrow|l|h|w|x|y|z|q]");
}

static void a_printf_takes_narrow_s_and_wide_S(void **state)
{
    (void)state;
    char a[128];
    assert_int_equal(StringCchPrintfA(a, sizeof a, "[%s|%S|%ls|%hs|%ws|%c|%C]", "narrow", L"wide", L"l", "h", L"w", 'x',
                                      L'y'),
                     S_OK);
    assert_string_equal(a, "[narrow|wide|l|h|w|x|y]");
}

static void printf_sizes_flags_width_and_precision_are_msvc_s(void **state)
{
    (void)state;
    char a[256];
    assert_int_equal(StringCchPrintfA(a, sizeof a, "%I64d|%I64u|%I64x|%I64X|%I32d|%Iu|%Id|%lld|%hd|%lu|%ld", -5LL,
                                      18446744073709551615ULL, 0xabcdef0123ULL, 0xABCDEF0123ULL, -7, (size_t)42,
                                      (SSIZE_T)-42, 1LL << 40, -2, (ULONG)4000000000u, (LONG)-3),
                     S_OK);
    assert_string_equal(a, "-5|18446744073709551615|abcdef0123|ABCDEF0123|-7|42|-42|1099511627776|-2|4000000000|-3");
    assert_int_equal(StringCchPrintfA(a, sizeof a, "[%5d|%-5d|%05d|%+d|% d|%#x|%#o|%.3d|%8.3f|%.3s|%5s|%-5s|%c%%]", 42,
                                      42, 42, 42, 42, 255, 8, 7, 3.14159, "abcdef", "ab", "ab", 'z'),
                     S_OK);
    assert_string_equal(a, "[   42|42   |00042|+42| 42|0xff|010|007|   3.142|abc|   ab|ab   |z%]");
    assert_int_equal(StringCchPrintfA(a, sizeof a, "%p|%*d|%.*s", (void *)0x1234, 4, 7, 2, "xyz"), S_OK);
    assert_string_equal(a, sizeof(void *) == 8 ? "0000000000001234|   7|xy" : "00001234|   7|xy");
    WCHAR w[64];
    assert_int_equal(StringCchPrintfW(w, 64, L"%I64x-%Iu-%08.3f", 0x1234567890ULL, (size_t)9, 2.5), S_OK);
    assert_wide(w, L"1234567890-9-0002.500");
}

static void printf_truncates_and_reports_insufficient_buffer(void **state)
{
    (void)state;
    WCHAR w[8];
    char a[8];
    assert_int_equal(StringCchPrintfW(w, 5, L"%d", 123456), STRSAFE_E_INSUFFICIENT_BUFFER);
    assert_wide(w, L"1234");
    assert_int_equal(StringCchPrintfW(w, 5, L"%d", 1234), S_OK);
    assert_wide(w, L"1234");
    assert_int_equal(StringCbPrintfA(a, 4, "%s", "abcdef"), STRSAFE_E_INSUFFICIENT_BUFFER);
    assert_string_equal(a, "abc");
}

#ifndef _WIN32
/* msvcrt converts with the C locale instead, and stops at %n in its invalid-parameter handler. */
static void printf_converts_between_utf8_and_utf16_and_refuses_percent_n(void **state)
{
    (void)state;
    char a[64];
    /* e-acute, euro sign, and U+1F600 as a surrogate pair */
    const WCHAR wide[] = {0x00e9, 0x20ac, 0xd83d, 0xde00, 0};
    assert_int_equal(StringCchPrintfA(a, sizeof a, "<%S>", wide), S_OK);
    assert_string_equal(a, "<\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80>");
    WCHAR w[16];
    assert_int_equal(StringCchPrintfW(w, 16, L"%S", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), S_OK);
    assert_wide(w, wide);
    int count = 0;
    assert_int_equal(StringCchPrintfA(a, sizeof a, "x%n", &count), STRSAFE_E_INVALID_PARAMETER);
    assert_int_equal(count, 0);
    assert_int_equal(StringCchPrintfA(a, sizeof a, "bad %y"), STRSAFE_E_INVALID_PARAMETER);
}
#endif

/* ---- the C library's wide functions ---- */

static void wide_c_functions_work_on_utf16_strings(void **state)
{
    (void)state;
    WCHAR w[16];
    assert_int_equal(sizeof(L'x'), sizeof(WCHAR) == 2 && sizeof(wchar_t) == 2 ? 2 : 0);
    assert_int_equal(wcslen(L"hello"), 5);
    assert_true(wcscmp(L"abc", L"abd") < 0);
    assert_true(wcscmp(L"abd", L"abc") > 0);
    assert_int_equal(wcsncmp(L"abcx", L"abcy", 3), 0);
    assert_int_equal(_wcsicmp(L"Hello", L"hELLO"), 0);
    assert_true(_wcsnicmp(L"ABCd", L"abce", 4) < 0);
    wmemset(w, L'#', 16);
    wcsncpy(w, L"ab", 5);
    assert_int_equal(w[1], L'b');
    assert_int_equal(w[4], 0);
    assert_int_equal(w[5], L'#');
    wcscpy(w, L"abc");
    wcscat(w, L"abc");
    assert_wide(w, L"abcabc");
    assert_int_equal(wcschr(w, L'c') - w, 2);
    assert_int_equal(wcsrchr(w, L'c') - w, 5);
    assert_null(wcschr(w, L'z'));
    assert_int_equal(wcsstr(L"hello world", L"o w") - L"hello world", 4);
    assert_int_equal(wcsspn(L"aabbc", L"ab"), 4);
    assert_int_equal(wcscspn(L"abcde", L"dc"), 2);
    assert_int_equal(wmemcmp(L"abc", L"abd", 3) < 0, 1);
    WCHAR *copy = _wcsdup(L"dup");
    assert_non_null(copy);
    assert_wide(copy, L"dup");
    free(copy);
    WCHAR *end = NULL;
    assert_int_equal(wcstol(L"  -123xyz", &end, 10), -123);
    assert_int_equal(end - L"  -123xyz", 6);
    assert_int_equal(wcstoul(L"ff", NULL, 16), 255);
    assert_int_equal(_wtoi(L"77"), 77);
}

static void secure_wide_functions_copy_and_truncate(void **state)
{
    (void)state;
    WCHAR w[8];
    assert_int_equal(wcscpy_s(w, 8, L"abc"), 0);
    assert_int_equal(wcscat_s(w, 8, L"de"), 0);
    assert_wide(w, L"abcde");
    assert_int_equal(wcsncpy_s(w, 4, L"abcdef", _TRUNCATE), STRUNCATE);
    assert_wide(w, L"abc");
    assert_int_equal(wcsncpy_s(w, 8, L"abcdef", 2), 0);
    assert_wide(w, L"ab");
}

static void msvc_snwprintf_fills_without_terminator_when_full(void **state)
{
    (void)state;
    WCHAR w[8];
    wmemset(w, L'#', 8);
    assert_int_equal(_snwprintf(w, 3, L"%d", 12345), -1);
    assert_int_equal(w[2], L'3');
    assert_int_equal(w[3], L'#');
    assert_int_equal(_snwprintf(w, 3, L"%s", L"ab"), 2);
    assert_wide(w, L"ab");
}

#ifndef _WIN32
/* msvcrt's _s functions call the invalid-parameter handler here, which ends the process. */
static void secure_wide_functions_report_errors_and_empty_the_destination(void **state)
{
    (void)state;
    WCHAR w[4] = L"xyz";
    assert_int_equal(wcscpy_s(w, 3, L"abc"), ERANGE);
    assert_int_equal(w[0], 0);
    wcscpy(w, L"ab");
    assert_int_equal(wcscat_s(w, 4, L"cd"), ERANGE);
    assert_int_equal(w[0], 0);
    assert_int_equal(wcscpy_s(NULL, 4, L"a"), EINVAL);
    assert_int_equal(swprintf(w, 4, L"%d", 12345), -1);
    assert_wide(w, L"123");
    assert_int_equal(swprintf(w, 4, L"%d", 12), 2);
    char utf8[16];
    assert_int_equal(wcstombs(utf8, L"a\x00e9", sizeof utf8), 3);
    assert_string_equal(utf8, "a\xc3\xa9");
    assert_int_equal(mbstowcs(w, "a\xc3\xa9", 4), 2);
    assert_wide(w, L"a\x00e9");
}
#endif

/* ---- WPP: the formatter and the line ---- */

static char captured[16384];
static size_t captured_length;

static void capture(const char *line, size_t length)
{
    if (captured_length + length < sizeof captured) {
        memcpy(captured + captured_length, line, length);
        captured_length += length;
        captured[captured_length] = '\0';
    }
}

static size_t wpp_line(char *out, int level, const char *flag, const char *function, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    size_t n = wudf_wpp_vformat_line(out, wpp_wudf_names, level, flag, function, "/src/some dir/thing.c", 42, format,
                                     args);
    va_end(args);
    return n;
}

static void wpp_line_is_logfmt_with_the_message_quoted(void **state)
{
    (void)state;
    char out[WPP_WUDF_LINE_MAX + 2];
    size_t n = wpp_line(out, TRACE_LEVEL_INFORMATION, "TEST_BETA", "Thing", "%s said \"%d\\n\"", "it", 5);
    assert_string_equal(out, "event=wpp level=info trace_level=information component=TestTraceGuid flags=TEST_BETA "
                             "func=Thing file=thing.c line=42 msg=\"it said \\\"5\\\\n\\\"\"\n");
    assert_int_equal(n, strlen(out));
    wpp_line(out, TRACE_LEVEL_ERROR, "OTHER_TWO", "f", "plain");
    assert_string_equal(out, "event=wpp level=error trace_level=error component=OtherTraceGuid flags=OTHER_TWO func=f "
                             "file=thing.c line=42 msg=plain\n");
    wpp_line(out, -1, "TEST_ALPHA", "f", "");
    assert_string_equal(out, "event=wpp level=info component=TestTraceGuid flags=TEST_ALPHA func=f file=thing.c line=42 "
                             "msg=\"\"\n");
    wpp_line(out, TRACE_LEVEL_WARNING, "", "f", "x");
    assert_non_null(strstr(out, "level=warn trace_level=warning component=TestTraceGuid func=f"));
    wpp_line(out, TRACE_LEVEL_CRITICAL, "", "f", "x");
    assert_non_null(strstr(out, "level=error trace_level=critical "));
    wpp_line(out, 7, "", "f", "x");
    assert_non_null(strstr(out, "level=info trace_level=7 "));
}

static void wpp_formats_its_extensions(void **state)
{
    (void)state;
    char out[WPP_WUDF_LINE_MAX + 2];
    static const GUID guid = {0x8d3b7f21, 0x6c4e, 0x4f0a, {0x9b, 0x62, 0x1e, 0x5d, 0x7a, 0x9c, 0x3f, 0x48}};
    wpp_line(out, TRACE_LEVEL_VERBOSE, "TEST_GAMMA", "Fn",
             "%!FUNC! %!FILE! %!LINE! %!LEVEL! %!FLAGS! %!COMPNAME! %!STATUS! %!STATUS! %!HRESULT! %!HRESULT! "
             "%!HRESULT! %!HRESULT! %!WINERROR! %!WINERROR! %!GUID! %!bool! %!BOOLEAN! %!irql!",
             (int)STATUS_BUFFER_TOO_SMALL, (int)0xC0001234, (int)E_INVALIDARG,
             (int)HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), (int)HRESULT_FROM_NT(STATUS_CANCELLED), (int)0x80FF0001,
             (unsigned)ERROR_NOT_FOUND, 4242u, &guid, 0, (int)(BOOLEAN)TRUE, 2);
    assert_non_null(strstr(out, "msg=\"Fn thing.c 42 TRACE_LEVEL_VERBOSE TEST_GAMMA TestTraceGuid "
                                "STATUS_BUFFER_TOO_SMALL 0xC0001234 E_INVALIDARG "
                                "HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) HRESULT_FROM_NT(STATUS_CANCELLED) "
                                "0x80FF0001 ERROR_NOT_FOUND 4242 8d3b7f21-6c4e-4f0a-9b62-1e5d7a9c3f48 FALSE TRUE "
                                "DISPATCH_LEVEL\"\n"));
    /* 2024-02-29 13:14:15.678 UTC in 100-ns units since 1601, a 90-minute duration, a SID */
    long long filetime = (1709212455LL + 11644473600LL) * 10000000LL + 6780000LL;
    static const unsigned char sid[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0};
    wpp_line(out, TRACE_LEVEL_VERBOSE, "", "Fn", "%!TIME! %!delta! %!sid! %!STDPREFIX!end", filetime,
             90LL * 60 * 1000 + 5, sid);
    assert_non_null(strstr(out, "msg=\"2024-02-29 13:14:15.678 0~01:30:00.005 S-1-5-32-544 end\"\n"));
}

static void wpp_stops_at_an_unknown_extension_and_says_so(void **state)
{
    (void)state;
    char out[WPP_WUDF_LINE_MAX + 2];
    /* split, or openwudf_wpp would refuse this source at build time */
    wpp_line(out, TRACE_LEVEL_VERBOSE, "", "Fn", "a=%d %!" "NOPE! b=%d", 1, 2);
    assert_non_null(strstr(out, "msg=\"a=1  [format not understood: a=%d %!" "NOPE! b=%d]\""));
}

static void wpp_cuts_a_long_message_and_keeps_the_line_whole(void **state)
{
    (void)state;
    char out[WPP_WUDF_LINE_MAX + 2], big[3000];
    memset(big, '"', sizeof big - 1); /* every character doubles when quoted */
    big[sizeof big - 1] = '\0';
    size_t n = wpp_line(out, TRACE_LEVEL_ERROR, "TEST_ALPHA", "Fn", "%s", big);
    assert_true(n < 2048);
    assert_int_equal(out[n - 1], '\n');
    assert_non_null(strstr(out, "\" msg_truncated=1\n"));
}

static void wpp_function_names_are_qualified_like_msvc_s(void **state)
{
    (void)state;
    char name[128];
    static const char *const cases[][2] = {
        {"virtual HRESULT CMyDevice::OnPrepareHardware(IWDFDevice*)", "CMyDevice::OnPrepareHardware"},
        {"long int CMyQueue::Greet(IWDFIoQueue*, IWDFIoRequest*, SIZE_T, SIZE_T, SIZE_T*)", "CMyQueue::Greet"},
        {"T Outer<T>::Inner::get() const [with T = int]", "Outer<T>::Inner::get"},
        {"std::map<int, int> ns::Build(int)", "ns::Build"},
        {"bool Functor::operator()(int)", "Functor::operator()"},
        {"void CMyQueue::OnRead(IWDFIoQueue*)::<lambda()>", "CMyQueue::OnRead"},
        {"const char* Names::First()", "Names::First"},
        {"OnDeviceAdd", "OnDeviceAdd"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wudf_wpp_function_name(cases[i][0], name, sizeof name);
        assert_string_equal(name, cases[i][1]);
    }
}

/* ---- WPP: the environment ---- */

static void set_env(const char *name, const char *value)
{
#ifdef _WIN32
    char text[256];
    snprintf(text, sizeof text, "%s=%s", name, value ? value : "");
    _putenv(text);
#else
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
#endif
}

/* Tracing as a module starts it: the environment read again at the next trace, lines captured. */
static void restart_tracing(const char *level, const char *flags)
{
    set_env("WUDF_WPP_LEVEL", level);
    set_env("WUDF_WPP_FLAGS", flags);
    wudf_wpp_module_control.State = 0;
    wudf_wpp_module_control.Writer = capture;
    captured_length = 0;
    captured[0] = '\0';
}

static int bit_set(const wudf_wpp_control *c, int bit)
{
    return (c->Flags[bit >> 5] >> (bit & 31)) & 1;
}

static void wpp_environment_selects_the_level_and_the_flags(void **state)
{
    (void)state;
    int level = -1;
    static const char *const good[] = {"verbose", "TRACE_LEVEL_VERBOSE", "Trace_Level_Verbose", "5", "VERBOSE"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(wudf_wpp_parse_level(good[i], &level), 0);
        assert_int_equal(level, 5);
    }
    assert_int_equal(wudf_wpp_parse_level("fatal", &level), 0);
    assert_int_equal(level, 1);
    assert_int_equal(wudf_wpp_parse_level("none", &level), 0);
    assert_int_equal(level, 0);
    assert_int_equal(wudf_wpp_parse_level("loud", &level), -1);
    assert_int_equal(wudf_wpp_parse_level("256", &level), -1);

    wudf_wpp_control c;
    memset(&c, 0, sizeof c);
    /* hex: bit n is the n-th WPP_DEFINE_BIT of every control */
    wudf_wpp_parse_flags(&c, "0x2", wpp_wudf_names, WPP_WUDF_BIT_COUNT);
    assert_false(bit_set(&c, WPP_BIT_TEST_ALPHA));
    assert_true(bit_set(&c, WPP_BIT_TEST_BETA));
    assert_true(bit_set(&c, WPP_BIT_OTHER_TWO));
    assert_false(bit_set(&c, WPP_BIT_OTHER_ONE));
    wudf_wpp_parse_flags(&c, "test_gamma | OTHER_ONE", wpp_wudf_names, WPP_WUDF_BIT_COUNT);
    assert_true(bit_set(&c, WPP_BIT_TEST_GAMMA));
    assert_true(bit_set(&c, WPP_BIT_OTHER_ONE));
    assert_false(bit_set(&c, WPP_BIT_TEST_BETA));
    wudf_wpp_parse_flags(&c, "all", wpp_wudf_names, WPP_WUDF_BIT_COUNT);
    assert_true(bit_set(&c, WPP_BIT_TEST_ALPHA) && bit_set(&c, WPP_BIT_OTHER_TWO));

    restart_tracing("loud", "TEST_ALPHA,NO_SUCH_FLAG");
    TraceEvents(TRACE_LEVEL_INFORMATION, TEST_ALPHA, "still traced");
    assert_non_null(strstr(captured, "event=wpp-config level=warn msg=\"WUDF_WPP_LEVEL: 'loud' is not a trace level; "
                                     "information is used\"\n"));
    assert_non_null(strstr(captured, "event=wpp-config level=warn msg=\"WUDF_WPP_FLAGS: no trace flag named "
                                     "NO_SUCH_FLAG\"\n"));
    assert_non_null(strstr(captured, "msg=\"still traced\""));
}

/* ---- WPP: the generated macros ---- */

static void wpp_macros_trace_information_and_below_by_default(void **state)
{
    (void)state;
    restart_tracing(NULL, NULL);
    TraceEvents(TRACE_LEVEL_ERROR, TEST_ALPHA, "error %d", 1);
    TraceEvents(TRACE_LEVEL_INFORMATION, OTHER_ONE, "information %s", "two");
    TraceEvents(TRACE_LEVEL_VERBOSE, TEST_ALPHA, "verbose");
    BetaTrace(TRACE_LEVEL_WARNING, "beta %S", L"wide");
    Enter(TEST_GAMMA);
    Leave(TEST_GAMMA, 7);
    DoTraceMessage(TEST_BETA, "do %!bool!", 1);
    TraceFlags(OTHER_TWO, "flags only %I64u", 5ULL);
    assert_non_null(strstr(captured, "event=wpp level=error trace_level=error component=TestTraceGuid flags=TEST_ALPHA "
                                     "func=wpp_macros_trace_information_and_below_by_default file=test_wdk_runtime.c"));
    assert_non_null(strstr(captured, "msg=\"error 1\"\n"));
    assert_non_null(strstr(captured, "component=OtherTraceGuid flags=OTHER_ONE "));
    assert_non_null(strstr(captured, "msg=\"information two\"\n"));
    assert_null(strstr(captured, "msg=verbose"));
    assert_non_null(strstr(captured, "level=warn trace_level=warning component=TestTraceGuid flags=TEST_BETA "));
    assert_non_null(strstr(captured, "msg=\"beta wide\"\n"));
    assert_null(strstr(captured, "entered"));
    assert_non_null(strstr(captured, "msg=\"[wpp_macros_trace_information_and_below_by_default] left with 7\"\n"));
    assert_non_null(strstr(captured, "event=wpp level=info component=TestTraceGuid flags=TEST_BETA "));
    assert_non_null(strstr(captured, "msg=\"do TRUE\"\n"));
    assert_non_null(strstr(captured, "flags=OTHER_TWO "));
    assert_non_null(strstr(captured, "msg=\"flags only 5\"\n"));
    /* every trace is one line */
    unsigned lines = 0;
    for (const char *p = captured; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 6);
}

static void wpp_macros_follow_wudf_wpp_level_and_flags(void **state)
{
    (void)state;
    restart_tracing("verbose", "TEST_GAMMA,OTHER_ONE");
    TraceEvents(TRACE_LEVEL_VERBOSE, OTHER_ONE, "verbose one");
    TraceEvents(TRACE_LEVEL_ERROR, TEST_ALPHA, "alpha is off");
    Enter(TEST_GAMMA);
    DoTraceMessage(TEST_BETA, "beta is off");
    assert_non_null(strstr(captured, "trace_level=verbose component=OtherTraceGuid flags=OTHER_ONE "));
    assert_non_null(strstr(captured, "msg=\"[wpp_macros_follow_wudf_wpp_level_and_flags] entered\"\n"));
    assert_null(strstr(captured, "is off"));

    restart_tracing("none", NULL);
    TraceEvents(TRACE_LEVEL_CRITICAL, TEST_ALPHA, "critical is off too");
    DoTraceMessage(TEST_BETA, "a trace without a level is on");
    assert_null(strstr(captured, "is off"));
    assert_non_null(strstr(captured, "msg=\"a trace without a level is on\""));
}

static void wpp_cleanup_stops_tracing_until_init(void **state)
{
    (void)state;
    restart_tracing(NULL, NULL);
    WPP_INIT_TRACING(L"Test\\Tracing");
    TraceEvents(TRACE_LEVEL_ERROR, TEST_ALPHA, "before");
    WPP_CLEANUP();
    TraceEvents(TRACE_LEVEL_ERROR, TEST_ALPHA, "after cleanup");
    WPP_INIT_TRACING(NULL, NULL); /* KMDF's form */
    TraceEvents(TRACE_LEVEL_ERROR, TEST_ALPHA, "after init");
    assert_non_null(strstr(captured, "msg=before"));
    assert_null(strstr(captured, "after cleanup"));
    assert_non_null(strstr(captured, "msg=\"after init\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(annotations_expand_to_nothing),
        cmocka_unit_test(strsafe_copy_fits_exactly_or_truncates_with_insufficient_buffer),
        cmocka_unit_test(strsafe_rejects_a_zero_or_oversized_destination),
        cmocka_unit_test(strsafe_cat_appends_truncates_and_rejects_an_unterminated_destination),
        cmocka_unit_test(strsafe_length_counts_within_the_maximum_only),
        cmocka_unit_test(w_printf_takes_wide_s_and_narrow_S),
        cmocka_unit_test(a_printf_takes_narrow_s_and_wide_S),
        cmocka_unit_test(printf_sizes_flags_width_and_precision_are_msvc_s),
        cmocka_unit_test(printf_truncates_and_reports_insufficient_buffer),
#ifndef _WIN32
        cmocka_unit_test(printf_converts_between_utf8_and_utf16_and_refuses_percent_n),
        cmocka_unit_test(secure_wide_functions_report_errors_and_empty_the_destination),
#endif
        cmocka_unit_test(wide_c_functions_work_on_utf16_strings),
        cmocka_unit_test(secure_wide_functions_copy_and_truncate),
        cmocka_unit_test(msvc_snwprintf_fills_without_terminator_when_full),
        cmocka_unit_test(wpp_line_is_logfmt_with_the_message_quoted),
        cmocka_unit_test(wpp_formats_its_extensions),
        cmocka_unit_test(wpp_stops_at_an_unknown_extension_and_says_so),
        cmocka_unit_test(wpp_cuts_a_long_message_and_keeps_the_line_whole),
        cmocka_unit_test(wpp_function_names_are_qualified_like_msvc_s),
        cmocka_unit_test(wpp_environment_selects_the_level_and_the_flags),
        cmocka_unit_test(wpp_macros_trace_information_and_below_by_default),
        cmocka_unit_test(wpp_macros_follow_wudf_wpp_level_and_flags),
        cmocka_unit_test(wpp_cleanup_stops_tracing_until_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
