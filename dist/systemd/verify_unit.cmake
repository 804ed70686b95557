# test_systemd_unit: `systemd-analyze verify` of the configured wudfrd.service (cmake -P).
#   ANALYZE            systemd-analyze
#   UNIT               the configured unit, naming INSTALLED_PROGRAM
#   INSTALLED_PROGRAM  where the unit expects wudfrd
#   BUILT_PROGRAM      the build tree's wudfrd, which verify can find
#   WORK_DIR           scratch directory
# verify reports a bad directive on stderr and still exits 0, so any output fails the test; a broken
# copy of the unit must produce output, or this check could not fail.

file(REMOVE_RECURSE ${WORK_DIR})
file(READ ${UNIT} text)

string(FIND "${text}" "\nExecStart=${INSTALLED_PROGRAM} " at)
if(at EQUAL -1)
  message(FATAL_ERROR "${UNIT} does not start ${INSTALLED_PROGRAM}")
endif()
string(REPLACE "\nExecStart=${INSTALLED_PROGRAM} " "\nExecStart=${BUILT_PROGRAM} " text "${text}")

# The unit file, under its own name (verify takes the unit's name from the file's).
function(verify name content out_result out_output)
  file(WRITE ${WORK_DIR}/${name}/wudfrd.service "${content}")
  execute_process(COMMAND ${ANALYZE} verify --man=no ${WORK_DIR}/${name}/wudfrd.service
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output TIMEOUT 60)
  set(${out_result} "${result}" PARENT_SCOPE)
  set(${out_output} "${output}" PARENT_SCOPE)
endfunction()

verify(unit "${text}" result output)
if(NOT result EQUAL 0 OR NOT output STREQUAL "")
  message(FATAL_ERROR "systemd-analyze verify of wudfrd.service (exit ${result}):\n${output}")
endif()
message(STATUS "systemd-analyze verify: wudfrd.service is clean")

# The control: a value systemd cannot parse, and a key it does not know.
string(REPLACE "\nKillMode=mixed\n" "\nKillMode=gently\n" broken "${text}")
string(REPLACE "\nRestart=on-failure\n" "\nRestart=on-failure\nRestartEverything=yes\n" broken "${broken}")
if(broken STREQUAL text)
  message(FATAL_ERROR "the unit no longer has the lines the broken copy changes: update this test")
endif()
verify(broken "${broken}" result output)
if(NOT output MATCHES "gently" OR NOT output MATCHES "RestartEverything")
  message(FATAL_ERROR "systemd-analyze verify did not report a broken unit (exit ${result}):\n${output}")
endif()
message(STATUS "systemd-analyze verify reports a broken unit:\n${output}")
