# Compiler flags, dependencies and the helpers every folder uses.

if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  add_compile_options(-Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wwrite-strings
                      $<$<COMPILE_LANGUAGE:C>:-Wmissing-prototypes>)
  if(NOT WIN32)
    add_compile_definitions(_POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)
  endif()
endif()

if(OPENWUDF_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(WIN32)
  # Ship no MinGW runtime DLLs: link the GCC runtime statically.
  add_link_options(-static-libgcc $<$<COMPILE_LANGUAGE:CXX>:-static-libstdc++>)
  # __USE_MINGW_ANSI_STDIO: MinGW's C99 printf family (%zu, %lld, %ju), not msvcrt's.
  add_compile_definitions(WIN32_LEAN_AND_MEAN _WIN32_WINNT=0x0601 __USE_MINGW_ANSI_STDIO=1)
endif()

find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBUV REQUIRED IMPORTED_TARGET libuv)
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

# wudf_unit_test(name SOURCES...): a cmocka test that CTest runs (under the
# cross-compiling emulator, Wine, for the Windows build).
function(wudf_unit_test name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE wudf_common PkgConfig::CMOCKA)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

# wudf_driver(name [DEF file.def] SOURCES...): a driver module built as vendors build theirs, with the
# SDK's openwudf_add_driver (against inc/ only), into bin/drivers/UMDF.
include(openwudfDriver)
function(wudf_driver name)
  openwudf_add_driver(${name} ${ARGN})
  set_target_properties(${name} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${WUDF_DRIVER_OUTPUT_DIRECTORY} RUNTIME_OUTPUT_DIRECTORY ${WUDF_DRIVER_OUTPUT_DIRECTORY})
endfunction()
