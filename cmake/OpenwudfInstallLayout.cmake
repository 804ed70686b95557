# Where `cmake --install` puts each part (GNU directories, so a Debian package and /usr/local alike),
# and the same places relative to the programs' directory, which the programs use to find the rest:
# a moved install still works.
#   bin/                          wudfrd, wudfctl, wudffault, wudfbench (and reflector.sys on Windows)
#   libexec/openwudf/             wudfhost, which only wudfrd starts
#   lib/openwudf/drivers/UMDF/    the sample drivers: the %12%\UMDF of INF files
#   share/openwudf/inf/           their INF files
#   include/openwudf/, lib/       the client library and the driver SDK (cmake/openwudfConfig.cmake.in)
include(GNUInstallDirs)

set(OPENWUDF_INSTALL_HOST_DIR ${CMAKE_INSTALL_LIBEXECDIR}/openwudf)
# A cache entry: a distribution package may keep the drivers out of a multiarch libdir (debian/rules).
set(OPENWUDF_INSTALL_DRIVER_DIR ${CMAKE_INSTALL_LIBDIR}/openwudf/drivers CACHE STRING "Driver modules, under the prefix")
set(OPENWUDF_INSTALL_INF_DIR ${CMAKE_INSTALL_DATADIR}/openwudf/inf)
set(OPENWUDF_INSTALL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/openwudf)

function(openwudf_relative_to_bin out dir)
  cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY ${CMAKE_INSTALL_PREFIX} NORMALIZE OUTPUT_VARIABLE to)
  cmake_path(ABSOLUTE_PATH CMAKE_INSTALL_BINDIR BASE_DIRECTORY ${CMAKE_INSTALL_PREFIX} NORMALIZE OUTPUT_VARIABLE from)
  file(RELATIVE_PATH rel ${from} ${to})
  set(${out} ${rel} PARENT_SCOPE)
endfunction()
openwudf_relative_to_bin(WUDF_RELATIVE_HOST_DIR ${OPENWUDF_INSTALL_HOST_DIR})
openwudf_relative_to_bin(WUDF_RELATIVE_DRIVER_DIR ${OPENWUDF_INSTALL_DRIVER_DIR})
openwudf_relative_to_bin(WUDF_RELATIVE_INF_DIR ${OPENWUDF_INSTALL_INF_DIR})
configure_file(${PROJECT_SOURCE_DIR}/common/build_info.h.in ${PROJECT_BINARY_DIR}/generated/build_info.h @ONLY)

# The build tree keeps the INF files where the programs in bin/ look for them, as installed.
cmake_path(ABSOLUTE_PATH WUDF_RELATIVE_INF_DIR BASE_DIRECTORY ${CMAKE_RUNTIME_OUTPUT_DIRECTORY} NORMALIZE
           OUTPUT_VARIABLE WUDF_BUILD_INF_DIR)
file(GLOB sample_infs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/inf/*.inf)
foreach(inf IN LISTS sample_infs)
  get_filename_component(name ${inf} NAME)
  configure_file(${inf} ${WUDF_BUILD_INF_DIR}/${name} COPYONLY)
endforeach()
install(FILES ${sample_infs} DESTINATION ${OPENWUDF_INSTALL_INF_DIR} COMPONENT runtime)
