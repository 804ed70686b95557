# INF parser tests. They read the real INF files from the source tree and write scratch files
# (UTF-16, over-size) to the build tree.
wudf_unit_test(test_inf test_inf.c)
target_compile_definitions(test_inf PRIVATE
  WUDF_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  WUDF_TEST_TMPDIR="${CMAKE_CURRENT_BINARY_DIR}")
