# Tests of the public headers (inc/) and of common/status.c.
#
# test_headers_c.c is built three ways: the C test program; a second translation unit (object
# library) linked into both test programs, to link the header's data from two files and to make C
# binding calls into the C++ test's objects; and a driver module built like real drivers, which the C
# test loads to see what a driver exports.

add_library(headers_second_tu OBJECT test_headers_c.c)
target_compile_definitions(headers_second_tu PRIVATE WUDF_HEADERS_TEST_SECOND_TU)
target_include_directories(headers_second_tu PRIVATE ${PROJECT_SOURCE_DIR}/inc)

wudf_driver(headers_test_driver test_headers_c.c)
target_compile_definitions(headers_test_driver PRIVATE WUDF_HEADERS_TEST_DRIVER)
if(WIN32)
  target_link_libraries(headers_test_driver PRIVATE uuid)
endif()

wudf_unit_test(test_headers_c test_headers_c.c $<TARGET_OBJECTS:headers_second_tu>)
add_dependencies(test_headers_c headers_test_driver)
# The test driver sits next to the test program, not among the real drivers. Windows finds it there by
# file name (Wine may not understand a Unix absolute path); dlopen needs the full path.
set_target_properties(headers_test_driver PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY $<TARGET_FILE_DIR:test_headers_c> LIBRARY_OUTPUT_DIRECTORY $<TARGET_FILE_DIR:test_headers_c>)
if(WIN32)
  target_compile_definitions(test_headers_c PRIVATE WUDF_TEST_DRIVER_PATH="$<TARGET_FILE_NAME:headers_test_driver>")
  target_link_libraries(test_headers_c PRIVATE uuid)
else()
  target_compile_definitions(test_headers_c PRIVATE WUDF_TEST_DRIVER_PATH="$<TARGET_FILE:headers_test_driver>")
endif()

wudf_unit_test(test_headers_cpp test_headers_cpp.cpp $<TARGET_OBJECTS:headers_second_tu>)
if(WIN32)
  target_link_libraries(test_headers_cpp PRIVATE uuid)
endif()
