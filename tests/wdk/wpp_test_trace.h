/*
 * WPP configuration of the unit tests (test_wdk_runtime.c, test_wdk_cxx.cpp): two controls, and trace
 * functions without ENABLED/LOGGER macros of their own, so the generated defaults are what is tested.
 */
#ifndef WPP_TEST_TRACE_H
#define WPP_TEST_TRACE_H

#define WPP_CONTROL_GUIDS                                                                          \
    WPP_DEFINE_CONTROL_GUID(TestTraceGuid, (0B6C2A6E,5D31,4E77,8A02,7C9D5E4F3B21),                 \
                            WPP_DEFINE_BIT(TEST_ALPHA) WPP_DEFINE_BIT(TEST_BETA) WPP_DEFINE_BIT(TEST_GAMMA)) \
    WPP_DEFINE_CONTROL_GUID(OtherTraceGuid, (6A1F0C42,93B8,4D15,B7E6,2F8A4C0D9E53),                \
                            WPP_DEFINE_BIT(OTHER_ONE) WPP_DEFINE_BIT(OTHER_TWO))

/*
 * begin_wpp config
 * FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
 * FUNC BetaTrace{FLAGS=TEST_BETA}(LEVEL, MSG, ...);
 * FUNC Enter{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS);
 * USEPREFIX(Enter, "%!STDPREFIX! [%!FUNC!] entered");
 * FUNC Leave{LEVEL=TRACE_LEVEL_INFORMATION}(FLAGS, CODE);
 * USEPREFIX(Leave, "[%!FUNC!] left");
 * USESUFFIX(Leave, " with %d", CODE);
 * end_wpp
 */

#endif
