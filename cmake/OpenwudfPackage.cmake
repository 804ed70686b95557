# What lets other projects build against an install: the CMake package (find_package(openwudf)) and
# the pkg-config files, both relocatable (paths relative to where they are installed).
include(CMakePackageConfigHelpers)

install(TARGETS wudfrd wudfctl EXPORT openwudfTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(EXPORT openwudfTargets NAMESPACE openwudf:: DESTINATION ${OPENWUDF_INSTALL_CMAKE_DIR} COMPONENT sdk)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/openwudfConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sdk/openwudfConfig.cmake INSTALL_DESTINATION ${OPENWUDF_INSTALL_CMAKE_DIR}
  PATH_VARS OPENWUDF_INSTALL_DRIVER_DIR OPENWUDF_INSTALL_INF_DIR)
# 0.x: a minor release may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sdk/openwudfConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sdk/openwudfConfig.cmake ${PROJECT_BINARY_DIR}/sdk/openwudfConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/openwudfDriver.cmake ${CMAKE_CURRENT_LIST_DIR}/openwudfWpp.cmake
  ${CMAKE_CURRENT_LIST_DIR}/openwudfStampInf.cmake ${CMAKE_CURRENT_LIST_DIR}/openwudfIdl.cmake DESTINATION ${OPENWUDF_INSTALL_CMAKE_DIR} COMPONENT sdk)

set(pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
cmake_path(ABSOLUTE_PATH pc_dir BASE_DIRECTORY ${CMAKE_INSTALL_PREFIX} NORMALIZE OUTPUT_VARIABLE pc_full)
file(RELATIVE_PATH WUDF_PC_TO_PREFIX ${pc_full} ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" WUDF_PC_TO_PREFIX "${WUDF_PC_TO_PREFIX}")
if(WIN32)
  set(WUDF_PC_PRIVATE_LIBS "-lws2_32 -liphlpapi -luserenv -lpsapi -ldbghelp -lole32 -ladvapi32")
else()
  set(WUDF_PC_PRIVATE_LIBS "")
endif()
foreach(pc openwudf openwudf-umdf)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${PROJECT_BINARY_DIR}/sdk/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/sdk/${pc}.pc DESTINATION ${pc_dir} COMPONENT sdk)
endforeach()
