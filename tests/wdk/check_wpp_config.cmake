# test_wdk_wpp_config: openwudfWpp.cmake's reading of begin_wpp config blocks and FUNC signatures, and
# the .tmh it generates, run by CMake itself.
#   cmake -DWPP=<openwudfWpp.cmake> -DDATA=<tests/wdk> -DWORK=<scratch dir> -P check_wpp_config.cmake
cmake_minimum_required(VERSION 3.20)
include(${WPP})

include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# ---- the scan ----
_openwudf_wpp_scan(${DATA}/wpp_config_sample.h scan)
list(LENGTH scan_FUNCS nfuncs)
check("nfuncs EQUAL 4" "four FUNC statements, two of them on one line (${scan_FUNCS})")
list(GET scan_FUNCS 2 third)
check("third STREQUAL \"FUNC TraceQuiet(FLAGS, MSG)\"" "the second statement of a line")
check("scan_FIX_COUNT EQUAL 2" "one USEPREFIX and one USESUFFIX")
check("scan_FIX_0_KIND STREQUAL PREFIX AND scan_FIX_0_FUNC STREQUAL TraceEvents AND scan_FIX_0_FORMAT STREQUAL \"[%!FUNC!\""
      "USEPREFIX with an unbalanced bracket")
check("scan_FIX_1_KIND STREQUAL SUFFIX AND scan_FIX_1_FORMAT STREQUAL \" hr=%!HRESULT!\" AND scan_FIX_1_ARGS STREQUAL HR"
      "USESUFFIX with its argument")
check("scan_IGNORED MATCHES \"^CUSTOM_TYPE\\\\(IRQL, ItemEnum\\\\(_IRQL\\\\)\\\\)\nDEFINE_CPLX_TYPE\""
      "CUSTOM_TYPE and DEFINE_CPLX_TYPE are reported as ignored")

# ---- FUNC signatures ----
_openwudf_wpp_parse_func("FUNC Trace{FLAG=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);" f)
check("f_ERROR STREQUAL \"\" AND f_NAME STREQUAL Trace AND f_STATIC_NAMES STREQUAL FLAG AND f_STATIC_VALUES STREQUAL MYDRIVER_ALL_INFO AND f_PARAMS STREQUAL LEVEL AND f_HAS_MSG AND f_HAS_VARARGS"
      "a signature with a fixed value")
foreach(bad "Bad(MSG, LEVEL)" "NoParentheses" "X{A}(MSG)" "Y(LEVEL, ..., MSG)" "Z(1LEVEL, MSG)")
  _openwudf_wpp_parse_func("${bad}" f)
  check("NOT f_ERROR STREQUAL \"\"" "'${bad}' is refused: ${f_ERROR}")
endforeach()

# ---- generation ----
set(config ${WORK}/config.cmake)
file(WRITE ${config} "set(OPENWUDF_WPP_SCAN [==[${DATA}/wpp_config_sample.h]==])\nset(OPENWUDF_WPP_FUNCS [==[Extra(FLAGS, MSG, ...)]==])\n")
file(WRITE ${WORK}/good.c "void f(void) { TraceEvents(TRACE_LEVEL_ERROR, X, \"%!STATUS! %!hresult! %d\", 1, 2, 3); }\n")
execute_process(COMMAND ${CMAKE_COMMAND} -DOPENWUDF_WPP_SOURCE=${WORK}/good.c -DOPENWUDF_WPP_OUTPUT=${WORK}/good.tmh
                        -DOPENWUDF_WPP_CONFIG=${config} -P ${WPP}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
check("rc EQUAL 0" "a .tmh is generated (${err})")
file(READ ${WORK}/good.tmh tmh)
check("tmh MATCHES \"#include <openwudf/wdk/wpp_control.h>\"" "the .tmh reads wpp_control.h")
check("tmh MATCHES \"#define DoTraceMessage\\\\(wpp_a0, wpp_msg, \\\\.\\\\.\\\\.\\\\)\"" "DoTraceMessage is always there")
check("tmh MATCHES \"#ifndef WPP_LEVEL_FLAGS_ENABLED\n#define WPP_LEVEL_FLAGS_ENABLED\\\\(LEVEL, FLAGS\\\\) \\\\(WPP_LEVEL_ENABLED\\\\(FLAGS\\\\) && WPP_CONTROL\\\\(WPP_BIT_##FLAGS\\\\).Level >= \\\\(LEVEL\\\\)\\\\)\""
      "a default ENABLED macro, unless trace.h has one")
check("tmh MATCHES \"#define TraceEvents\\\\(wpp_a0, wpp_a1, wpp_msg, \\\\.\\\\.\\\\.\\\\)\"" "TraceEvents(LEVEL, FLAGS, MSG, ...)")
check("tmh MATCHES \"if \\\\(WPP_LEVEL_FLAGS_ENABLED\\\\(wpp_a0, wpp_a1\\\\)\\\\)\"" "TraceEvents tests WPP_LEVEL_FLAGS_ENABLED")
check("tmh MATCHES \"\\\"\\\\[%!FUNC!\\\" wpp_msg \\\"\\\"\"" "USEPREFIX goes before the message")
check("tmh MATCHES \"if \\\\(WPP_FLAG_LEVEL_ENABLED\\\\(MYDRIVER_ALL_INFO, wpp_a0\\\\)\\\\)\"" "a fixed value comes first")
check("tmh MATCHES \"wpp_wudf_names, \\\\(int\\\\)\\\\(TRACE_LEVEL_VERBOSE\\\\), #wpp_a0,\"" "FuncExit's fixed level and its flag")
check("tmh MATCHES \"\\\"\\\" \\\" hr=%!HRESULT!\\\", wpp_a1\\\\)\"" "USESUFFIX and its argument after the message")
check("tmh MATCHES \"#define TraceQuiet\\\\(wpp_a0, wpp_msg\\\\)\"" "a FUNC without ...")
check("tmh MATCHES \"#define Extra\\\\(wpp_a0, wpp_msg, \\\\.\\\\.\\\\.\\\\)\"" "a FUNC given to openwudf_wpp")
check("tmh MATCHES \"wpp_wudf_names, -1, #wpp_a0,\"" "a FUNC without LEVEL has no level")

file(WRITE ${WORK}/bad.c "void f(void) { TraceEvents(TRACE_LEVEL_ERROR, X, \"%!IPADDR!\", 0); }\n")
execute_process(COMMAND ${CMAKE_COMMAND} -DOPENWUDF_WPP_SOURCE=${WORK}/bad.c -DOPENWUDF_WPP_OUTPUT=${WORK}/bad.tmh
                        -DOPENWUDF_WPP_CONFIG=${config} -P ${WPP}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
string(REGEX REPLACE "[ \n]+" " " err "${err}") # CMake wraps long messages
check("NOT rc EQUAL 0 AND err MATCHES \"bad.c: %!IPADDR! is not a WPP format openwudf supports\"" "an unsupported %!NAME! fails the build")

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} check(s) failed")
endif()
