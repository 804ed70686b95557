# The drivers built against inc/ only (included from drivers/CMakeLists.txt). Each folder builds its
# module with wudf_driver() into bin/drivers/UMDF and registers its unit test.
# The COM entry points the C sample drivers share (drivers/common/com_module.c).
function(wudf_sample_com_module target)
  target_sources(${target} PRIVATE ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/common/com_module.c)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/common)
endfunction()

add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/echo ${CMAKE_CURRENT_BINARY_DIR}/echo)
add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/cppsample ${CMAKE_CURRENT_BINARY_DIR}/cppsample)
add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/faulty ${CMAKE_CURRENT_BINARY_DIR}/faulty)
add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/fx2 ${CMAKE_CURRENT_BINARY_DIR}/fx2)
