/*++

Module Name:

    trace.h

Abstract:

    WPP tracing for the Thermo sample: one control GUID with a flag per part of the driver, and
    TraceEvents(LEVEL, FLAGS, MSG, ...) as the trace function (see the configuration block below).

--*/

#pragma once

//
// The tracing id given to WPP_INIT_TRACING in DllMain.
//
#define MYDRIVER_TRACING_ID      L"openwudf\\Examples\\Thermo"

//
// {6F3E2A91-4C7B-4D2E-9A15-3B8C0D7E6F42}
//
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        ThermoTraceGuid, (6F3E2A91,4C7B,4D2E,9A15,3B8C0D7E6F42),       \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                   \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                    \
        WPP_DEFINE_BIT(TRACE_SAMPLER)                                  \
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
// The trace preprocessor (tracewpp -scan:trace.h, or openwudf_wpp(... SCAN trace.h)) reads the
// block below: it declares the trace function the sources call.
//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
