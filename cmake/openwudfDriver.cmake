# openwudf_add_driver(<name> [WDK] [DEF <file.def>] <source>...)
#
# A UMDF 1 driver module as wudfhost loads it: <name>.so on Linux, <name>.dll with mingw-w64, without
# a "lib" prefix, so that an INF's ServiceBinary = %12%\UMDF\<name>.dll names it on both. It is built
# against the UMDF headers (wudfddi.h, wudfusb.h: target openwudf::umdf) and links nothing of
# openwudf: the host hands the driver its framework objects.
#
# It exports what its .def file lists, and the framework version data, as the WDK's linker would: on
# Windows the .def is linked as is; on Linux it becomes a version script, because C++ code otherwise
# exports every template instantiation of namespace std despite -fvisibility=hidden. Without a .def:
# DllGetClassObject and DllCanUnloadNow. Shipped with the SDK; openwudf's sample drivers use it too.
#
# WDK: the sources were written for the WDK and build unchanged (target openwudf::wdk): every C and C++
# source reads openwudf/wdk/wdk.h first (SAL, driverspecs.h, __super, the 16-bit wide C functions),
# UNICODE is defined, and on Linux wchar_t is 16 bits (-fshort-wchar, so L"..." is UTF-16) and
# <strsafe.h>, <sal.h>, <windows.h>... resolve to openwudf/wdk/. On Linux the module also exports
# DllMain, which the host calls as Windows' loader does (WPP_INIT_TRACING is there), and links with
# -z defs, so that a call that cannot be resolved (__super reaching a pure virtual function) fails the
# link instead of the load. openwudf_wpp (WPP tracing) and openwudf_stampinf (INX files) come with it.
function(openwudf_add_driver name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "WDK" "DEF" "")
  if(NOT arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "openwudf_add_driver(${name}): no sources")
  endif()
  add_library(${name} MODULE ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE openwudf::umdf)
  if(arg_WDK)
    target_link_libraries(${name} PRIVATE openwudf::wdk)
  endif()
  set_target_properties(${name} PROPERTIES PREFIX "" C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
                                           VISIBILITY_INLINES_HIDDEN ON)
  set(def "")
  if(arg_DEF)
    cmake_path(ABSOLUTE_PATH arg_DEF BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} NORMALIZE OUTPUT_VARIABLE def)
    if(NOT EXISTS ${def})
      message(FATAL_ERROR "openwudf_add_driver(${name}): no file ${def}")
    endif()
  endif()
  if(WIN32)
    if(def)
      target_sources(${name} PRIVATE ${def})
    endif()
    target_link_libraries(${name} PRIVATE uuid) # IID_IUnknown, IID_IClassFactory
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR CMAKE_C_COMPILER_ID STREQUAL "GNU")
      # No MinGW runtime DLL to ship beside the driver: libgcc, libstdc++ and the posix-thread
      # variant's libwinpthread are linked in, whatever the toolchain file says.
      target_link_options(${name} PRIVATE -static)
    endif()
  elseif(NOT APPLE)
    set(exports DllGetClassObject DllCanUnloadNow)
    if(def)
      _openwudf_def_exports(${def} exports)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${def})
    endif()
    # wudfddi.h defines it in every driver; the host reads it before anything else.
    list(APPEND exports Microsoft_WDF_UMDF_Version)
    if(arg_WDK)
      list(APPEND exports DllMain) # the host calls it (host/loader.c); a WDK .def does not list it
      target_link_options(${name} PRIVATE "LINKER:-z,defs")
    endif()
    list(REMOVE_DUPLICATES exports)
    list(JOIN exports ";\n    " globals)
    set(script ${CMAKE_CURRENT_BINARY_DIR}/${name}.exports.map)
    file(CONFIGURE OUTPUT ${script} CONTENT "{\n  global:\n    ${globals};\n  local:\n    *;\n};\n")
    target_link_options(${name} PRIVATE "LINKER:--version-script=${script}")
    set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${script})
  endif()
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/openwudfWpp.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/openwudfStampInf.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/openwudfIdl.cmake)

# The names a .def file's EXPORTS section lists (ordinals, PRIVATE, DATA and comments left out).
function(_openwudf_def_exports def out)
  file(STRINGS ${def} lines)
  set(names "")
  set(in_exports FALSE)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE ";.*" "" line "${line}")
    string(STRIP "${line}" line)
    if(line STREQUAL "")
      continue()
    endif()
    if(line MATCHES "^(EXPORTS)([ \t]+(.*))?$")
      set(in_exports TRUE)
      set(line "${CMAKE_MATCH_3}")
      if(line STREQUAL "")
        continue()
      endif()
    elseif(line MATCHES "^(LIBRARY|NAME|DESCRIPTION|STACKSIZE|SECTIONS|HEAPSIZE|VERSION)([ \t]|$)")
      set(in_exports FALSE)
      continue()
    endif()
    if(in_exports AND line MATCHES "^([A-Za-z_][A-Za-z0-9_@?$]*)")
      list(APPEND names ${CMAKE_MATCH_1})
    endif()
  endforeach()
  if(NOT names)
    message(FATAL_ERROR "${def}: no EXPORTS")
  endif()
  set(${out} ${names} PARENT_SCOPE)
endfunction()
