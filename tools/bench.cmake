# wudfbench: the performance figures of docs/performance.md. A program, not a
# test: it is not registered with CTest, because timings on shared machines
# make poor assertions; people read its table.
add_executable(wudfbench wudfbench.c wudfbench_base.c wudfbench_env.c wudfbench_host.c wudfbench_io.c wudfbench_kernel.c)
# echo_ioctl.h is the echo device's public I/O-control header, shared with tools by design.
target_include_directories(wudfbench PRIVATE ${PROJECT_SOURCE_DIR}/drivers/echo)
# The default INF to install; a run from elsewhere can pass --inf.
target_compile_definitions(wudfbench PRIVATE WUDFBENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(wudfbench PRIVATE openwudf)
if(NOT WIN32)
  target_link_libraries(wudfbench PRIVATE m)
endif()
