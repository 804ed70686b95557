# Toolchain file: cross-build openwudf for 64-bit Windows with Debian's mingw-w64
# (packages gcc-mingw-w64-x86-64, g++-mingw-w64-x86-64) and run its tests under
# Wine. Usage (see docs/windows.md, .ci/windows-test.sh):
#
#   .ci/windows-deps.sh build-win/deps
#   cmake -S . -B build-win -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
#         -DOPENWUDF_WINDEPS=$PWD/build-win/deps
#
# OPENWUDF_WINDEPS is the prefix that .ci/windows-deps.sh fills with static
# libuv, libusb-1.0 and cmocka (lib/, include/, lib/pkgconfig/*.pc).

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_VERSION 6.1)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(OPENWUDF_MINGW_TRIPLE x86_64-w64-mingw32)

# The posix-threads variant: C++ std::thread/std::mutex work (the win32 variant
# of GCC 12 has none). Its libwinpthread is linked statically (-static below),
# so no MinGW runtime DLL has to be shipped next to the programs.
find_program(OPENWUDF_MINGW_CC NAMES ${OPENWUDF_MINGW_TRIPLE}-gcc-posix ${OPENWUDF_MINGW_TRIPLE}-gcc REQUIRED)
find_program(OPENWUDF_MINGW_CXX NAMES ${OPENWUDF_MINGW_TRIPLE}-g++-posix ${OPENWUDF_MINGW_TRIPLE}-g++ REQUIRED)
find_program(OPENWUDF_MINGW_RC NAMES ${OPENWUDF_MINGW_TRIPLE}-windres REQUIRED)
set(CMAKE_C_COMPILER ${OPENWUDF_MINGW_CC})
set(CMAKE_CXX_COMPILER ${OPENWUDF_MINGW_CXX})
set(CMAKE_RC_COMPILER ${OPENWUDF_MINGW_RC})

# Link every runtime (libgcc, libstdc++, libwinpthread) statically.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")

# The dependency prefix: cache variable, else environment, else <build>/deps.
if(NOT OPENWUDF_WINDEPS AND DEFINED ENV{OPENWUDF_WINDEPS})
  set(OPENWUDF_WINDEPS "$ENV{OPENWUDF_WINDEPS}")
endif()
if(NOT OPENWUDF_WINDEPS)
  set(OPENWUDF_WINDEPS "${CMAKE_BINARY_DIR}/deps")
endif()
# A relative path is taken from the source tree (the documented build-win/deps).
get_filename_component(OPENWUDF_WINDEPS "${OPENWUDF_WINDEPS}" ABSOLUTE BASE_DIR "${CMAKE_SOURCE_DIR}")
set(OPENWUDF_WINDEPS "${OPENWUDF_WINDEPS}" CACHE PATH
    "Prefix holding the Windows builds of libuv, libusb-1.0, cmocka (.ci/windows-deps.sh)" FORCE)
# try_compile projects re-read this file: hand them the same prefix.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES OPENWUDF_WINDEPS)

set(CMAKE_FIND_ROOT_PATH /usr/${OPENWUDF_MINGW_TRIPLE} "${OPENWUDF_WINDEPS}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config sees only the prefix's .pc files, never the build machine's.
# The .pc files use ${pcfiledir}, so no sysroot rewriting is wanted.
set(ENV{PKG_CONFIG_LIBDIR} "${OPENWUDF_WINDEPS}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
set(PKG_CONFIG_USE_CMAKE_PREFIX_PATH OFF)

# CTest runs each .exe test through Wine, with a Wine prefix inside the build
# tree (boot it once per run: cmake/wine-run.sh --wineprefix DIR --boot) and
# the prefix's bin/ on WINEPATH (empty today: every dependency is static).
# (Run through bash so the script's exec bit does not matter.)
find_program(OPENWUDF_BASH NAMES bash REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR
    "${OPENWUDF_BASH}" "${CMAKE_CURRENT_LIST_DIR}/wine-run.sh"
    "--wineprefix" "${CMAKE_BINARY_DIR}/wineprefix"
    "--winepath" "${OPENWUDF_WINDEPS}/bin"
    "--")
