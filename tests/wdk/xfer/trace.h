/*++

Module Name:

    trace.h

Abstract:

    WPP tracing of the transfer-type test driver: its control GUID, its flags and the trace function
    tracewpp generates from the begin_wpp config block.

--*/

#pragma once

//
// Tracing GUID - {2D84A0C6-5E1B-4F93-8C27-B9E04D6A1F35}
//
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        XferTraceGuid, (2D84A0C6,5E1B,4F93,8C27,B9E04D6A1F35),         \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                   \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                    \
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
