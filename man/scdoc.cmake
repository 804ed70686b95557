# One man page: SOURCE (scdoc) -> OUTPUT (roff), with @VERSION@ filled in. Run by the build as
#   cmake -DSCDOC=... -DSOURCE=x.8.scd -DOUTPUT=.../x.8 -DVERSION=0.1.0 -P scdoc.cmake
# The page is written under another name and renamed, so that a failed run leaves no half page
# that a later build would take as up to date. scdoc takes the page's date from SOURCE_DATE_EPOCH
# when it is set (reproducible packages).
cmake_minimum_required(VERSION 3.20) # new policies: "@VERSION@" below is text, not a variable
foreach(var SCDOC SOURCE OUTPUT VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "scdoc.cmake: ${var} is not set")
  endif()
endforeach()

file(READ ${SOURCE} text)
string(REPLACE "@VERSION@" "${VERSION}" text "${text}")
get_filename_component(dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
file(WRITE ${OUTPUT}.scd.tmp "${text}")
execute_process(COMMAND ${SCDOC} INPUT_FILE ${OUTPUT}.scd.tmp OUTPUT_FILE ${OUTPUT}.tmp
                ERROR_VARIABLE problem RESULT_VARIABLE rc)
file(REMOVE ${OUTPUT}.scd.tmp)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "scdoc failed on ${SOURCE}: ${problem}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
