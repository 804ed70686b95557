# What the cmake -P checks of tests/wdk share. check("<if() condition>" "what it says"): the condition
# is CMake code, evaluated as written; a failure is counted in `failures` and reported at once.
set(failures 0)
function(check condition what)
  cmake_language(EVAL CODE "if(${condition})\nset(check_ok TRUE)\nelse()\nset(check_ok FALSE)\nendif()")
  if(check_ok)
    message(STATUS "ok: ${what}")
  else()
    message(SEND_ERROR "FAILED: ${what}")
    math(EXPR failures "${failures} + 1")
    set(failures ${failures} PARENT_SCOPE)
  endif()
endfunction()
