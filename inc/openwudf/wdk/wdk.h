/*
 * What the WDK's compiler and headers give a UMDF 1 driver and GCC lacks, so that driver sources
 * written for the WDK build unchanged with g++ on Linux and with mingw-w64 for Windows.
 * openwudf_add_driver(<name> WDK ...) reads this header before each C and C++ source (-include),
 * defines UNICODE and _UNICODE as WDK projects do, and on Linux compiles with -fshort-wchar and puts
 * this folder on the include path, so that <sal.h>, <driverspecs.h>, <strsafe.h>, <windows.h>,
 * <evntrace.h>... resolve here (mingw-w64 has its own).
 *
 * Wide strings. On Linux -fshort-wchar makes wchar_t 16 bits, so L"text" is UTF-16 and WCHAR is
 * wchar_t (openwudf/wintypes.h): the same size and encoding as the framework's WCHAR, which the host
 * (compiled without -fshort-wchar) reads as uint16_t, so nothing changes at the binary interface.
 * glibc's wide functions and libstdc++'s wide classes were compiled for a 32-bit wchar_t, though:
 * wcs16.h replaces the wcs* functions drivers call (std::wcslen and `using std::wcslen` reach the
 * replacements too) and refuses glibc's wide I/O at compile time; std::wstring, wide iostreams and
 * the other wide library classes are NOT usable and not caught (wcs16.h has the list). On Windows
 * wchar_t is 16 bits and msvcrt's functions are used.
 *
 * SAL and driver annotations: sal.h, driverspecs.h (all expand to nothing). In C++ the SAL 1 names
 * __in, __out, __range and __success are parameter names in libstdc++, so this header first reads the
 * standard headers that use them (below; about a second of compile time per C++ file) and only then
 * defines those four. Standard headers read later are unaffected, except libstdc++'s tr1/, tr2/,
 * experimental/, parallel/ and pstl/ ones, which then fail to compile. OPENWUDF_WDK_NO_SAL1 (-D)
 * skips both the reading and the four names.
 *
 * __super (C++, g++ only): the first direct base of the enclosing class; super.h has the rules, and
 * which misuses fail to compile or to link.
 *
 * printf: on Windows msvcrt's printf family with MSVC's rules (%s wide in the wide functions, %I64d)
 * instead of mingw-w64's C99 one: this header sets __USE_MINGW_ANSI_STDIO to 0. On Linux <strsafe.h>,
 * the wide printf family and _snprintf format with MSVC's rules (msvcfmt.h).
 *
 * Also: in C++, min and max are function templates (windows.h's macros in C). DllMain is declared
 * extern "C" in C++, so that one defined without extern "C" is still the one the loader calls (MSVC
 * gives it C linkage by itself), and on Linux it is exported, for the host calls it. On Linux a few
 * MSVC keywords are mapped to GCC's: __declspec(...) (novtable, selectany, noinline, noreturn,
 * nothrow, noalias, restrict, dllexport, dllimport, thread, deprecated, uuid(...), align(n)),
 * __forceinline, __int64/32/16/8, __noop, __assume. (mingw-w64 maps __declspec(x) to
 * __attribute__((x)), under which novtable and uuid(...) are unknown attributes: -Wattributes warns.)
 *
 * WPP tracing is not read here: a source includes its .tmh file (openwudf_wpp, openwudf/wdk/wpp.h).
 */
#ifndef OPENWUDF_WDK_WDK_H
#define OPENWUDF_WDK_WDK_H

#ifdef _WIN32
/* Before any system header: msvcrt's printf family, with MSVC's rules. */
#undef __USE_MINGW_ANSI_STDIO
#define __USE_MINGW_ANSI_STDIO 0
#endif

/* ---- C++: the standard headers whose parameters are named __in, __out, __range, __success ---- */
#if defined(__cplusplus) && !defined(OPENWUDF_WDK_NO_SAL1)
#include <algorithm>
#include <atomic>
#include <istream>
#include <locale>
#include <memory>
#include <ostream>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#if __cplusplus >= 202002L
#if __has_include(<span>)
#include <span>
#endif
#if __has_include(<stop_token>)
#include <stop_token>
#endif
#endif
#define OPENWUDF_WDK_CXX_SAL1 1
#endif

/* ---- SAL and driver annotations: mingw-w64's first where it has them, then what they lack ---- */
#ifdef _WIN32
#include <sal.h>
#include <driverspecs.h>
#endif
#include "sal.h"
#include "driverspecs.h"

/* ---- __super ---- */
#ifdef __cplusplus
#include "super.h"
#endif

/* ---- 16-bit wide C library functions (Linux with -fshort-wchar) ---- */
#if !defined(_WIN32) && defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#include "wcs16.h"
#endif

/* ---- MSVC keywords (Linux; mingw-w64's GCC has them) ---- */
#ifndef _WIN32
#ifndef __declspec
#define __declspec(x) WUDF_WDK_DECLSPEC_##x
#define WUDF_WDK_DECLSPEC_novtable
#define WUDF_WDK_DECLSPEC_selectany __attribute__((weak))
#define WUDF_WDK_DECLSPEC_noinline __attribute__((noinline))
#define WUDF_WDK_DECLSPEC_noreturn __attribute__((noreturn))
#define WUDF_WDK_DECLSPEC_nothrow __attribute__((nothrow))
#define WUDF_WDK_DECLSPEC_noalias
#define WUDF_WDK_DECLSPEC_restrict
#define WUDF_WDK_DECLSPEC_dllexport __attribute__((visibility("default")))
#define WUDF_WDK_DECLSPEC_dllimport
#define WUDF_WDK_DECLSPEC_thread __thread
#define WUDF_WDK_DECLSPEC_deprecated __attribute__((deprecated))
#define WUDF_WDK_DECLSPEC_uuid(x)
#define WUDF_WDK_DECLSPEC_align(n) __attribute__((aligned(n)))
#endif
#ifndef __forceinline
#define __forceinline inline __attribute__((always_inline))
#endif
#ifndef __int64
#define __int64 long long
#define __int32 int
#define __int16 short
#define __int8 char
#endif
#ifndef __noop
#define __noop(...) ((void)0)
#endif
#ifndef __assume
#define __assume(e) ((void)0)
#endif
#endif

/* ---- min and max in C++: windows.h's macros would break standard headers read after them (mingw-w64
 * leaves them out of C++, and its libstdc++ defines NOMINMAX); function templates of the same names do
 * not, and a std::min or std::max of one type still wins overload resolution against them. ---- */
#if defined(__cplusplus)
#include <type_traits>
extern "C++" {
/* Compared in the common type, as the macro's usual arithmetic conversions would. */
template <class A, class B> constexpr typename std::common_type<A, B>::type min(A a, B b)
{
    typedef typename std::common_type<A, B>::type C;
    return C(b) < C(a) ? C(b) : C(a);
}
template <class A, class B> constexpr typename std::common_type<A, B>::type max(A a, B b)
{
    typedef typename std::common_type<A, B>::type C;
    return C(a) < C(b) ? C(b) : C(a);
}
}
#endif

/* ---- DllMain: C linkage in C++; on Linux visible (drivers build with -fvisibility=hidden) so that
 * the host finds it. Declared with the types windows.h will give it. ---- */
#ifdef _WIN32
#ifdef __cplusplus
struct HINSTANCE__;
extern "C" int __stdcall DllMain(HINSTANCE__ *instance, unsigned long reason, void *reserved);
#endif
#else
#ifdef __cplusplus
extern "C"
#endif
__attribute__((visibility("default"))) int DllMain(void *instance, unsigned int reason, void *reserved);
#endif

#endif /* OPENWUDF_WDK_WDK_H */
