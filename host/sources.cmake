# wudfhost and the framework library its unit tests link (wudf_host_core).
set(WUDF_HOST_CORE_SOURCES
  channel.c
  device.c
  device_init.c
  device_names.c
  dispatch.c
  driver.c
  file.c
  file_order.c
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
  ring_server.c
  text.c
  usb_descriptors.c
  usb_device.c
  usb_format.c
  usb_interface.c
  usb_open.c
  usb_params.c
  usb_pipe.c
  usb_transfer.c
  workers.c
)
# The platform seam: the one file that differs between Linux and Windows.
if(WIN32)
  list(APPEND WUDF_HOST_CORE_SOURCES platform_win.c)
else()
  list(APPEND WUDF_HOST_CORE_SOURCES platform_unix.c)
endif()
# libusb's events: on the host's loop where libusb offers descriptors to poll, else a thread of their own.
if(WIN32)
  list(APPEND WUDF_HOST_CORE_SOURCES usb_events_win.c)
else()
  list(APPEND WUDF_HOST_CORE_SOURCES usb_events_unix.c usb_lib_unix.c)
endif()
list(TRANSFORM WUDF_HOST_CORE_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)

add_library(wudf_host_core STATIC ${WUDF_HOST_CORE_SOURCES})
target_include_directories(wudf_host_core PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(wudf_host_core PUBLIC wudf_common)
# USB devices (usb*.c): libusb-1.0, from the system or the Windows dependency prefix. On Linux
# the host loads it at its first USB open (usb_lib.h), so only its headers are needed here.
pkg_check_modules(LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0)
if(WIN32)
  target_link_libraries(wudf_host_core PUBLIC PkgConfig::LIBUSB)
else()
  target_include_directories(wudf_host_core PUBLIC ${LIBUSB_INCLUDE_DIRS})
  target_link_libraries(wudf_host_core PUBLIC ${CMAKE_DL_LIBS})
endif()

add_executable(wudfhost ${CMAKE_CURRENT_LIST_DIR}/main.c)
target_link_libraries(wudfhost PRIVATE wudf_host_core)
set_target_properties(wudfhost PROPERTIES WUDF_STATIC_LIBUV ON)
