# wudfhost and the framework library its unit tests link (wudf_host_core).
set(WUDF_HOST_CORE_SOURCES
  channel.c
  device.c
  device_init.c
  device_names.c
  dispatch.c
  driver.c
  file.c
  host.c
  io_target.c
  loader.c
  memory.c
  object.c
  pnp.c
  pnp_stop.c
  property_store.c
  queue.c
  queue_state.c
  request.c
  request_cancel.c
  request_methods.c
  request_send.c
  text.c
  workers.c
)
# The platform seam: the one file that differs between Linux and Windows.
if(WIN32)
  list(APPEND WUDF_HOST_CORE_SOURCES platform_win.c)
else()
  list(APPEND WUDF_HOST_CORE_SOURCES platform_unix.c)
endif()
list(TRANSFORM WUDF_HOST_CORE_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)

add_library(wudf_host_core STATIC ${WUDF_HOST_CORE_SOURCES})
target_include_directories(wudf_host_core PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(wudf_host_core PUBLIC wudf_common)
if(NOT WIN32)
  target_link_libraries(wudf_host_core PUBLIC ${CMAKE_DL_LIBS})
endif()

add_executable(wudfhost ${CMAKE_CURRENT_LIST_DIR}/main.c)
target_link_libraries(wudfhost PRIVATE wudf_host_core)
