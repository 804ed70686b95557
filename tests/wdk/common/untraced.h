/*++

Module Name:

    untraced.h

Abstract:

    For a driver without WPP tracing (no trace.h, no openwudf_wpp): the common sources' traces and
    WPP_INIT_TRACING / WPP_CLEANUP compile to nothing, as no .tmh is generated for them.

--*/

#pragma once

#define TraceEvents(...) ((void)0)
#define WPP_INIT_TRACING(...) ((void)0)
#define WPP_CLEANUP() ((void)0)
