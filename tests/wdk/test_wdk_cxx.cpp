/*
 * What openwudf/wdk/ gives C++ sources written for the WDK: __super (the base's member, called
 * non-virtually; in class templates too), L"..." as WCHAR strings with the C++ forms of the wide
 * functions, SAL 1 and SAL 2 annotations alongside the standard library, DllMain with C linkage,
 * and WPP traces that name the qualified function, as MSVC's __FUNCTION__ does.
 */
#include <windows.h>
#include <strsafe.h>
#include <wudfddi.h>

/* Standard headers read after the SAL 1 macros exist (wdk.h has read those that use the names). */
#include <array>
#include <bitset>
#include <chrono>
#include <condition_variable>
#include <cwchar>
#include <deque>
#include <functional>
#include <iomanip>
#include <iostream>
#include <list>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
extern "C" { /* cmocka.h declares print_error without C linkage */
#include <cmocka.h>
}

#include "wpp_test_trace.h"
#include "test_wdk_cxx.tmh"

/* ---- __super ---- */

struct Base {
    virtual ~Base() {}
    virtual int Value(int x) { return x + 1; }
    int Twice() const { return 2; }
};

struct Derived : Base {
    int Value(int x) override { return __super::Value(x) * 10; }
    int Twice() const { return __super::Twice() * 2; }
    int FromLambda()
    {
        auto f = [this](int x) { return __super::Value(x); };
        return f(4);
    }
};

struct Second {
    virtual ~Second() {}
    virtual int Value(int) { return -1; }
};

/* Two bases that both have Value: __super is the first one. */
struct Both : Base, Second {
    int Value(int x) override { return __super::Value(x); }
};

template <class T> struct TemplateBase {
    virtual ~TemplateBase() {}
    virtual T Get() const { return T(3); }
};

template <class T> struct TemplateDerived : TemplateBase<T> {
    T Get() const override { return __super::Get() + T(1); }
};

static_assert(std::is_same<openwudf_wdk::super_t<Both &>, Base>::value, "__super is the first direct base");
static_assert(std::is_same<openwudf_wdk::super_t<const Derived &>, Base>::value, "in const member functions too");

static void super_calls_the_base_version_not_the_override(void **state)
{
    (void)state;
    Derived d;
    Base &b = d;
    assert_int_equal(b.Value(1), 20); /* virtual dispatch to Derived, whose __super call reaches Base */
    assert_int_equal(d.Twice(), 4);
    assert_int_equal(d.FromLambda(), 5);
}

static void super_works_in_class_templates(void **state)
{
    (void)state;
    TemplateDerived<int> i;
    TemplateBase<int> &bi = i;
    assert_int_equal(bi.Get(), 4);
    TemplateDerived<long long> l;
    assert_true(l.Get() == 4);
}

static void super_is_the_first_direct_base(void **state)
{
    (void)state;
    Both both;
    Second &second = both;
    assert_int_equal(second.Value(1), 2); /* Base::Value, not Second::Value */
}

/* ---- wide strings ---- */

static_assert(sizeof(WCHAR) == 2 && std::is_same<WCHAR, wchar_t>::value, "L\"...\" literals are WCHAR strings");
#ifndef _WIN32 /* as MSVC's headers have it; mingw-w64's wcschr returns wchar_t * either way */
static_assert(std::is_same<decltype(std::wcschr(std::declval<const wchar_t *>(), L'x')), const wchar_t *>::value,
              "wcschr keeps const in C++");
#endif

static void wide_literals_and_functions_are_utf16_in_cxx(void **state)
{
    (void)state;
    PCWSTR text = L"hello";
    WCHAR buffer[8];
    assert_int_equal(wcscpy_s(buffer, text), 0); /* the array form */
    assert_int_equal(std::wcslen(buffer), 5);
    using std::wcslen;
    assert_int_equal(wcslen(L"abc"), 3);
    const WCHAR *found = wcschr(text, L'l');
    assert_int_equal(found - text, 2);
    WCHAR *mutable_found = wcsstr(buffer, L"lo");
    assert_int_equal(mutable_found - buffer, 3);
    WCHAR out[32];
    assert_int_equal(StringCchPrintfW(out, ARRAYSIZE(out), L"%s=%d", text, 5), S_OK);
    assert_int_equal(wcscmp(out, L"hello=5"), 0);
    assert_int_equal(WUDF_WSTR("x")[0], L'x');
}

/* ---- annotations ---- */

static HRESULT Annotated(__in PCWSTR in, __out_ecount(count) PWSTR out, __in size_t count, __inout_opt PULONG calls,
                         __deref_out_opt PVOID *cookie, _In_range_(0, 9) int digit)
{
    if (calls)
        (*calls)++;
    *cookie = NULL;
    return StringCchPrintfW(out, count, L"%s%d", in, digit);
}

_Success_(return != FALSE) _Must_inspect_result_ _IRQL_requires_max_(PASSIVE_LEVEL)
static BOOL Annotated2(_In_reads_bytes_(size) const void *data, _In_ size_t size, _Out_ size_t *sum,
                       _When_(size > 0, _In_) int unused)
{
    (void)unused;
    size_t total = 0;
    for (size_t i = 0; i < size; i++)
        total += static_cast<const BYTE *>(data)[i];
    *sum = total;
    return TRUE;
}

static void sal_annotations_build_with_the_standard_library(void **state)
{
    (void)state;
    WCHAR out[16];
    ULONG calls = 0;
    PVOID cookie = &calls;
    assert_int_equal(Annotated(L"n", out, ARRAYSIZE(out), &calls, &cookie, 7), S_OK);
    assert_int_equal(wcscmp(out, L"n7"), 0);
    assert_int_equal(calls, 1);
    assert_null(cookie);
    const BYTE data[] = {1, 2, 3};
    size_t sum = 0;
    assert_true(Annotated2(data, sizeof data, &sum, 0));
    assert_int_equal(sum, 6);
    /* std::pair's get and std::map, whose headers name parameters __in and __out */
    std::map<int, std::pair<int, int>> m{{1, {2, 3}}};
    assert_int_equal(std::get<1>(m.at(1)), 3);
    std::ostringstream s;
    s << std::setw(3) << 7;
    assert_string_equal(s.str().c_str(), "  7");
}

/* ---- DllMain ---- */

static int dllmain_calls;

/* Without extern "C", as WDK drivers often write it. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    UNREFERENCED_PARAMETER(instance);
    UNREFERENCED_PARAMETER(reserved);
    dllmain_calls++;
    return reason == DLL_PROCESS_ATTACH;
}

extern "C" int wdk_call_dllmain_from_c(DWORD reason);

static void dllmain_has_c_linkage(void **state)
{
    (void)state;
    assert_int_equal(wdk_call_dllmain_from_c(DLL_PROCESS_ATTACH), TRUE);
    assert_int_equal(dllmain_calls, 1);
}

/* ---- WPP in C++ ---- */

static char captured[8192];
static size_t captured_length;

static void capture(const char *line, size_t length)
{
    if (captured_length + length < sizeof captured) {
        memcpy(captured + captured_length, line, length);
        captured_length += length;
        captured[captured_length] = '\0';
    }
}

namespace Outer {
struct Inner {
    static void Run() { TraceEvents(TRACE_LEVEL_ERROR, TEST_ALPHA, "in %!FUNC! %ws", L"wide"); }
};
} // namespace Outer

template <class T> struct Tracer {
    void Go() const { BetaTrace(TRACE_LEVEL_ERROR, "size %Iu", sizeof(T)); }
};

static void wpp_traces_name_the_qualified_function(void **state)
{
    (void)state;
    wudf_wpp_module_control.Writer = capture;
    Outer::Inner::Run();
    Tracer<short>().Go();
    Enter(TEST_GAMMA); /* verbose: off by default */
    assert_non_null(strstr(captured, "flags=TEST_ALPHA func=Outer::Inner::Run file=test_wdk_cxx.cpp line="));
    assert_non_null(strstr(captured, "msg=\"in Outer::Inner::Run wide\"\n"));
    assert_non_null(strstr(captured, "flags=TEST_BETA func=Tracer<T>::Go file=test_wdk_cxx.cpp"));
    assert_non_null(strstr(captured, "msg=\"size 2\"\n"));
    assert_null(strstr(captured, "entered"));
}

int main(void)
{
    /* The tests read the default levels and flags, whatever the environment they run in. */
#ifdef _WIN32
    _putenv("WUDF_WPP_LEVEL=");
    _putenv("WUDF_WPP_FLAGS=");
#else
    unsetenv("WUDF_WPP_LEVEL");
    unsetenv("WUDF_WPP_FLAGS");
#endif
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(super_calls_the_base_version_not_the_override),
        cmocka_unit_test(super_works_in_class_templates),
        cmocka_unit_test(super_is_the_first_direct_base),
        cmocka_unit_test(wide_literals_and_functions_are_utf16_in_cxx),
        cmocka_unit_test(sal_annotations_build_with_the_standard_library),
        cmocka_unit_test(dllmain_has_c_linkage),
        cmocka_unit_test(wpp_traces_name_the_qualified_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
