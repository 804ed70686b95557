# Host framework (host/) tests: in-process tests against the test driver,
# and a process-level test that runs the real wudfhost.
set(WUDF_HOSTDRV_SOURCES ${CMAKE_CURRENT_LIST_DIR}/hostdrv/testdrv.c ${CMAKE_CURRENT_LIST_DIR}/hostdrv/testdrv_queue.c
  ${CMAKE_CURRENT_LIST_DIR}/hostdrv/testdrv_state.c)

# The test driver as a module, where only this test looks for it (not bin/drivers/UMDF).
add_library(wudf_hostdrv MODULE ${WUDF_HOSTDRV_SOURCES})
target_include_directories(wudf_hostdrv PRIVATE ${PROJECT_SOURCE_DIR}/inc)
target_link_libraries(wudf_hostdrv PRIVATE PkgConfig::LIBUV)
set_target_properties(wudf_hostdrv PROPERTIES PREFIX "" C_VISIBILITY_PRESET hidden
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/hostdrv RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/hostdrv)

foreach(name queue objects)
  wudf_unit_test(test_host_${name} ${CMAKE_CURRENT_LIST_DIR}/test_host_${name}.c
    ${CMAKE_CURRENT_LIST_DIR}/test_host_harness.c ${WUDF_HOSTDRV_SOURCES})
  target_link_libraries(test_host_${name} PRIVATE wudf_host_core)
  target_include_directories(test_host_${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
endforeach()

wudf_unit_test(test_host_process ${CMAKE_CURRENT_LIST_DIR}/test_host_process.c ${CMAKE_CURRENT_LIST_DIR}/host_channel.c)
target_include_directories(test_host_process PRIVATE ${CMAKE_CURRENT_LIST_DIR})
add_dependencies(test_host_process wudfhost wudf_hostdrv)
# The INF names the module "….dll"; on Linux the host finds the .so next to that name.
target_compile_definitions(test_host_process PRIVATE
  WUDFHOST_PATH="$<TARGET_FILE:wudfhost>"
  HOSTDRV_PATH="$<TARGET_FILE_DIR:wudf_hostdrv>/wudf_hostdrv.dll")
