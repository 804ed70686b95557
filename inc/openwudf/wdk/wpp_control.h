/*
 * The part of WPP that depends on the driver's WPP_CONTROL_GUIDS, read once per translation unit by
 * the .tmh files openwudf_wpp generates (after trace.h, as with tracewpp).
 *
 *   WPP_DEFINE_CONTROL_GUID(Name, (guid), WPP_DEFINE_BIT(A) WPP_DEFINE_BIT(B) ...)
 * gives the enumerators WPP_BIT_A, WPP_BIT_B... (numbered across all controls) and a table of the
 * names for WUDF_WPP_FLAGS, %!FLAGS! and %!COMPNAME!. Then the macros trace.h files build on:
 * WPP_CONTROL(bit) (.Level, .Flags[WPP_FLAG_NO(bit)], .Logger), WPP_MASK, WPP_FLAG_NO,
 * WPP_LEVEL_ENABLED(flag) and WPP_LEVEL_LOGGER(flag) (WPP's defaults, keyed by a flag name),
 * WPP_INIT_TRACING, WPP_CLEANUP.
 */
#ifndef OPENWUDF_WDK_WPP_CONTROL_H
#define OPENWUDF_WDK_WPP_CONTROL_H

#include "wpp.h"

#ifndef WPP_CONTROL_GUIDS
#error "WPP_CONTROL_GUIDS is not defined: include the header that defines it (trace.h) before the .tmh file"
#endif

#define WPP_DEFINE_BIT(Name) WPP_BIT_##Name,
#define WPP_DEFINE_CONTROL_GUID(Name, Guid, Bits) WPP_WUDF_CONTROL_##Name, Bits
enum { WPP_CONTROL_GUIDS WPP_WUDF_BIT_COUNT };
#undef WPP_DEFINE_BIT
#undef WPP_DEFINE_CONTROL_GUID

#ifdef __cplusplus
static_assert(WPP_WUDF_BIT_COUNT <= WPP_WUDF_MAX_BITS, "too many WPP_DEFINE_BIT");
#else
_Static_assert(WPP_WUDF_BIT_COUNT <= WPP_WUDF_MAX_BITS, "too many WPP_DEFINE_BIT");
#endif

#define WPP_DEFINE_BIT(Name) {#Name, 0},
#define WPP_DEFINE_CONTROL_GUID(Name, Guid, Bits) {#Name, 1}, Bits
__attribute__((unused)) static const wudf_wpp_name wpp_wudf_names[] = {WPP_CONTROL_GUIDS{NULL, 0}};
#undef WPP_DEFINE_BIT
#undef WPP_DEFINE_CONTROL_GUID

static inline wudf_wpp_control *wpp_wudf_control(void)
{
    return wudf_wpp_control_get(wpp_wudf_names, WPP_WUDF_BIT_COUNT);
}

#define WPP_CONTROL(CTL) (*wpp_wudf_control())
#define WPP_FLAG_NO(CTL) ((CTL) >> 5)
#define WPP_MASK(CTL) (1u << ((CTL)&31))
#define WPP_LEVEL_ENABLED(FLAG) \
    ((WPP_CONTROL(WPP_BIT_##FLAG).Flags[WPP_FLAG_NO(WPP_BIT_##FLAG)] & WPP_MASK(WPP_BIT_##FLAG)) != 0)
#define WPP_LEVEL_LOGGER(FLAG) (WPP_CONTROL(WPP_BIT_##FLAG).Logger),

/* UMDF 1: WPP_INIT_TRACING(L"name") and WPP_CLEANUP(); KMDF: (driver, registry path) and (driver). */
#define WPP_INIT_TRACING(...) wudf_wpp_init_tracing(wpp_wudf_names, WPP_WUDF_BIT_COUNT)
#define WPP_CLEANUP(...) wudf_wpp_cleanup()

/* The function name for %!FUNC! and func=: qualified in C++, as MSVC's __FUNCTION__ is. */
#ifdef __cplusplus
#define WPP_WUDF_FUNCTION __PRETTY_FUNCTION__
#else
#define WPP_WUDF_FUNCTION __func__
#endif

#endif /* OPENWUDF_WDK_WPP_CONTROL_H */
