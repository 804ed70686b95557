# openwudf_add_driver(<name> [DEF <file.def>] <source>...)
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
function(openwudf_add_driver name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DEF" "")
  if(NOT arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "openwudf_add_driver(${name}): no sources")
  endif()
  add_library(${name} MODULE ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE openwudf::umdf)
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
      # No MinGW runtime DLLs to ship beside the driver.
      target_link_options(${name} PRIVATE -static-libgcc $<$<LINK_LANGUAGE:CXX>:-static-libstdc++>)
    endif()
  elseif(NOT APPLE)
    set(exports DllGetClassObject DllCanUnloadNow)
    if(def)
      _openwudf_def_exports(${def} exports)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${def})
    endif()
    # wudfddi.h defines it in every driver; the host reads it before anything else.
    list(APPEND exports Microsoft_WDF_UMDF_Version)
    list(REMOVE_DUPLICATES exports)
    list(JOIN exports ";\n    " globals)
    set(script ${CMAKE_CURRENT_BINARY_DIR}/${name}.exports.map)
    file(CONFIGURE OUTPUT ${script} CONTENT "{\n  global:\n    ${globals};\n  local:\n    *;\n};\n")
    target_link_options(${name} PRIVATE "LINKER:--version-script=${script}")
    set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${script})
  endif()
endfunction()

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
