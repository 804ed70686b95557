# openwudf_idl(<target> IDL <file.idl>... [DEPENDS <file>...])
#
# The header of a driver's own IDL file, as MIDL makes it in a WDK project: for each <file.idl>,
# `widl -h` writes <name>.h into <binary dir>/<target>.idl (on the target's include path),
# regenerated when the file changes. openwudf::umdf's include directories are on widl's import path,
# so a file that says `import "wudfddi.idl";` gets a header that includes <wudfddi.h> for it.
# On Windows one source includes <initguid.h> before that header to define the IIDs and CLSIDs it
# declares (as with MIDL's headers); on Linux DEFINE_GUID always defines them. DEPENDS: other files
# whose change regenerates the headers (IDL files they import).
#
# widl: OPENWUDF_WIDL, else `widl` on the PATH (Debian 12: package wine64-tools, whose widl brings
# the Windows IDL files, unknwn.idl, oaidl.idl..., that a driver's IDL file imports).
include_guard(GLOBAL)

function(openwudf_idl target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "IDL;DEPENDS")
  if(arg_UNPARSED_ARGUMENTS OR NOT arg_IDL)
    message(FATAL_ERROR "openwudf_idl(<target> IDL <file.idl>... [DEPENDS <file>...])")
  endif()
  find_program(OPENWUDF_WIDL NAMES widl widl-stable PATHS /usr/lib/wine DOC "widl, the IDL compiler")
  if(NOT OPENWUDF_WIDL)
    message(FATAL_ERROR "openwudf_idl(${target}): widl not found (Debian: apt-get install wine64-tools, "
                        "or -DOPENWUDF_WIDL=<path>)")
  endif()
  if(TARGET openwudf::umdf)
    set(umdf openwudf::umdf)
  else()
    set(umdf openwudf_umdf) # inside openwudf's own tree
  endif()
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}.idl)
  set(imports "$<TARGET_PROPERTY:${umdf},INTERFACE_INCLUDE_DIRECTORIES>")
  set(headers "")
  foreach(idl IN LISTS arg_IDL)
    cmake_path(ABSOLUTE_PATH idl BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} NORMALIZE)
    cmake_path(GET idl STEM LAST_ONLY name)
    cmake_path(GET idl PARENT_PATH idl_dir)
    set(header ${out_dir}/${name}.h)
    add_custom_command(OUTPUT ${header}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
      COMMAND ${OPENWUDF_WIDL} -h -o ${header} -I ${idl_dir} "-I$<JOIN:${imports},;-I>" ${idl}
      DEPENDS ${idl} ${arg_DEPENDS}
      COMMENT "widl ${name}.idl"
      COMMAND_EXPAND_LISTS VERBATIM)
    list(APPEND headers ${header})
  endforeach()
  target_sources(${target} PRIVATE ${headers})
  target_include_directories(${target} PRIVATE ${out_dir})
endfunction()
