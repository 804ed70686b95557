/*
 * WPP configuration read by test_wdk_wpp_config (check_wpp_config.cmake): both comment styles, two
 * statements on a line, brackets in a prefix, a suffix with an argument, and statements openwudf does
 * not support.
 */

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// FUNC Trace{FLAG=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...); FUNC TraceQuiet(FLAGS, MSG);
// USEPREFIX(TraceEvents, "[%!FUNC!");
// CUSTOM_TYPE(IRQL, ItemEnum(_IRQL));
// end_wpp
//

/*
begin_wpp config
  FUNC FuncExit{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS, HR);
  USESUFFIX (FuncExit, " hr=%!HRESULT!", HR);
  DEFINE_CPLX_TYPE(HEXDUMP, WPP_LOGHEXDUMP, WPP_HEXDUMP, ItemHEXDump, "s", _HEX_, 0, 2);
end_wpp
*/
