/*++

Module Name:

    trace.h

Abstract:

    WPP tracing of the virtual serial port driver: its control GUID, its trace flags and the trace
    functions tracewpp generates from the begin_wpp block.

--*/

#pragma once

//
// Tracing GUID - {B5EA859F-7571-4782-A4F5-EAE63CE2B35F}
//
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        VSerialTraceGuid, (B5EA859F,7571,4782,A4F5,EAE63CE2B35F),      \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                   \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                    \
        WPP_DEFINE_BIT(TRACE_IOCTL)                                    \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl,flags)                              \
    WPP_LEVEL_LOGGER(flags)

#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags)                            \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
