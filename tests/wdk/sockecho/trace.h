/*++

Module Name:

    trace.h

Abstract:

    WPP tracing of the socket-backed WDK-style driver: its control GUID, its trace flags and the trace
    functions tracewpp generates (the begin_wpp config block), as WDK driver templates declare them.

--*/

#pragma once

//
// Tracing GUID - {3A6C1E94-2B7D-4C58-A0F3-6E1B9D2C4A87}
//
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        SockEchoTraceGuid, (3A6C1E94,2B7D,4C58,A0F3,6E1B9D2C4A87),    \
        WPP_DEFINE_BIT(MYDRIVER_ALL_INFO)                              \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                   \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                    \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)                             \
    WPP_LEVEL_LOGGER(flag)

#define WPP_FLAG_LEVEL_ENABLED(flag, level)                            \
    (WPP_LEVEL_ENABLED(flag) &&                                        \
     WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl,flags)                              \
    WPP_LEVEL_LOGGER(flags)

#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags)                            \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// The exit trace carries the HRESULT; it is enabled like any other trace of its level and flags.
//
#define WPP_LEVEL_FLAGS_HR_LOGGER(lvl, flags, hr) WPP_LEVEL_FLAGS_LOGGER(lvl, flags)
#define WPP_LEVEL_FLAGS_HR_ENABLED(lvl, flags, hr) WPP_LEVEL_FLAGS_ENABLED(lvl, flags)

//
// This comment block is scanned by the trace preprocessor to define our
// Trace function.
//
// begin_wpp config
// FUNC Trace{FLAG=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// FUNC FuncEntry{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS);
// FUNC FuncExit{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS, HR);
// USEPREFIX(FuncEntry, "%!STDPREFIX! [%!FUNC!] --> entry");
// USEPREFIX(FuncExit, "%!STDPREFIX! [%!FUNC!] <-- exit,");
// USESUFFIX(FuncExit, " hr=%!HRESULT!", HR);
// end_wpp
//
