# test_wdk_stampinf: openwudfStampInf.cmake run by itself (cmake -P), as the build runs it, on the INX
# files of tests/wdk/stampinf, and the INF the build stamped for the WDK-style sample driver.
#   cmake -DSTAMPINF=<openwudfStampInf.cmake> -DDATA=<tests/wdk/stampinf> -DWORK=<scratch dir>
#         -DBUILT_INF=<build>/tests/wdk/WudfWdkSample.inf -P check_stampinf.cmake
cmake_minimum_required(VERSION 3.20)

include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# Runs the stamping; rc and err in <out>_RC and <out>_ERR, the output text in <out>_TEXT.
function(stamp out input output)
  execute_process(COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} ${ARGN} -P ${STAMPINF}
                  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  set(text "")
  if(rc EQUAL 0)
    file(READ ${output} text)
  endif()
  string(REGEX REPLACE "[ \n]+" " " err "${err}") # CMake wraps long messages
  set(${out}_RC ${rc} PARENT_SCOPE)
  set(${out}_ERR "${err}" PARENT_SCOPE)
  set(${out}_TEXT "${text}" PARENT_SCOPE)
endfunction()

file(READ ${DATA}/sample.inx sample)
file(READ ${DATA}/sample.expected.inf expected)
string(TIMESTAMP today "%m/%d/%Y")

# Every option given: the expected file, byte for byte.
stamp(full ${DATA}/sample.inx ${WORK}/full.inf -DARCH=arm64 -DDATE=5/6/2024 -DVERSION=2.0.1.7
      -DUMDF_VERSION=1.9.0 -DKMDF_VERSION=1.15 -DCATALOG=sample.cat)
check("full_RC EQUAL 0" "every option: stamps (${full_ERR})")
file(READ ${WORK}/full.inf full_hex HEX)
file(READ ${DATA}/sample.expected.inf expected_hex HEX)
check("full_hex STREQUAL expected_hex" "every option: the output is sample.expected.inf")

# Defaults: amd64 on x86_64, UMDF 1.11.0, KMDF 1.11, today, the input's own version, no CatalogFile change.
cmake_host_system_information(RESULT platform QUERY OS_PLATFORM)
stamp(defaults ${DATA}/sample.inx ${WORK}/defaults.inf)
string(TIMESTAMP after "%m/%d/%Y") # the run may cross midnight
check("defaults_RC EQUAL 0" "defaults: stamps (${defaults_ERR})")
if(platform MATCHES "x86_64|AMD64")
  check("defaults_TEXT MATCHES \"%Mfg%=Models,NTamd64\n\"" "defaults: $ARCH$ is amd64 on x86_64")
endif()
check("defaults_TEXT MATCHES \"UmdfLibraryVersion=1.11.0\n\"" "defaults: UMDF 1.11.0")
check("defaults_TEXT MATCHES \"WUDFUpdate_01011.dll\"" "defaults: UMDF co-installer version 01011")
check("defaults_TEXT MATCHES \"KmdfLibraryVersion=1.11\n\"" "defaults: KMDF 1.11")
check("defaults_TEXT MATCHES \"\nDriverVer=(${today}|${after}),9\\\\.8\\\\.7\\\\.6 ; replaced\n\"" "defaults: today, the input's version")
check("defaults_TEXT MATCHES \"\nCatalogFile=old.cat\n\"" "defaults: CatalogFile left alone")
check("defaults_TEXT MATCHES \"\nDriverVer=not \\\\[Version\\\\], so kept\n\"" "only [Version]'s DriverVer changes")

# "*": today, and the time of day as the version.
stamp(star ${DATA}/sample.inx ${WORK}/star.inf "-DDATE=*" "-DVERSION=*")
string(TIMESTAMP after "%m/%d/%Y")
check("star_RC EQUAL 0" "*: stamps (${star_ERR})")
check("star_TEXT MATCHES \"\nDriverVer=(${today}|${after}),([0-9]|1[0-9]|2[0-3])\\\\.[0-5]?[0-9]\\\\.[0-5]?[0-9]\\\\.[0-9]+ ; replaced\n\""
      "*: DriverVer is today, hours.minutes.seconds.milliseconds")

# The environment's STAMPINF_DATE and STAMPINF_VERSION, when the options are not given.
execute_process(COMMAND ${CMAKE_COMMAND} -E env STAMPINF_DATE=07/08/2023 STAMPINF_VERSION=3.3.3.3
                        ${CMAKE_COMMAND} -DINPUT=${DATA}/sample.inx -DOUTPUT=${WORK}/env.inf -P ${STAMPINF}
                RESULT_VARIABLE env_rc OUTPUT_QUIET ERROR_QUIET)
file(READ ${WORK}/env.inf env_text)
check("env_rc EQUAL 0 AND env_text MATCHES \"\nDriverVer=07/08/2023,3.3.3.3 ; replaced\n\"" "STAMPINF_DATE and STAMPINF_VERSION")

# No DriverVer, no CatalogFile: both added after [Version]'s last directive, before the blank line.
string(REGEX REPLACE "\nDriverVer=01[^\n]*" "" bare "${sample}")
string(REGEX REPLACE "\nCatalogFile=old.cat" "" bare "${bare}")
file(WRITE ${WORK}/bare.inx "${bare}")
stamp(added ${WORK}/bare.inx ${WORK}/bare.inf -DDATE=12/31/2025 -DCATALOG=new.cat)
check("added_RC EQUAL 0" "added: stamps (${added_ERR})")
check("added_TEXT MATCHES \"\nProvider=%Mfg%\nDriverVer = 12/31/2025,1.0.0.0\nCatalogFile = new.cat\n\n\\\\[Manufacturer\\\\]\""
      "added: DriverVer (version 1.0.0.0) and CatalogFile at the end of [Version]")

# CRLF line ends and a UTF-8 byte-order mark are kept.
string(ASCII 239 187 191 bom)
string(REPLACE "\n" "\r\n" crlf "${sample}")
file(WRITE ${WORK}/crlf.inx "${bom}${crlf}")
stamp(crlf ${WORK}/crlf.inx ${WORK}/crlf.inf -DARCH=arm64 -DDATE=5/6/2024 -DVERSION=2.0.1.7
      -DUMDF_VERSION=1.9.0 -DKMDF_VERSION=1.15 -DCATALOG=sample.cat)
string(REPLACE "\n" "\r\n" expected_crlf "${expected}")
file(WRITE ${WORK}/crlf.expected "${bom}${expected_crlf}")
file(READ ${WORK}/crlf.inf crlf_hex HEX)
file(READ ${WORK}/crlf.expected crlf_expected_hex HEX)
check("crlf_RC EQUAL 0 AND crlf_hex STREQUAL crlf_expected_hex" "CRLF and byte-order mark kept")

# Refused: UTF-16, bad dates and versions, no [Version].
stamp(utf16 ${DATA}/utf16.inx ${WORK}/utf16.inf)
check("NOT utf16_RC EQUAL 0 AND utf16_ERR MATCHES \"UTF-16\"" "UTF-16 input is refused, saying so")
check("NOT EXISTS ${WORK}/utf16.inf" "UTF-16 input: no output")
stamp(bad_date ${DATA}/sample.inx ${WORK}/bad.inf -DDATE=13/40/2024)
check("NOT bad_date_RC EQUAL 0 AND bad_date_ERR MATCHES \"DATE\"" "a month 13 is refused")
stamp(bad_version ${DATA}/sample.inx ${WORK}/bad.inf -DVERSION=1.2.x)
check("NOT bad_version_RC EQUAL 0 AND bad_version_ERR MATCHES \"VERSION\"" "a version 1.2.x is refused")
stamp(bad_umdf ${DATA}/sample.inx ${WORK}/bad.inf -DUMDF_VERSION=one)
check("NOT bad_umdf_RC EQUAL 0 AND bad_umdf_ERR MATCHES \"UMDF_VERSION\"" "a UMDF version 'one' is refused")
file(WRITE ${WORK}/noversion.inx "[Strings]\nA=b\n")
stamp(no_version ${WORK}/noversion.inx ${WORK}/bad.inf)
check("NOT no_version_RC EQUAL 0 AND no_version_ERR MATCHES \"no \\\\[Version\\\\]\"" "an INX without [Version] is refused")

# What the build stamped for the WDK-style sample driver (openwudf_stampinf(... DATE * VERSION 1.2.3.4
# CATALOG WudfWdkSample.cat)).
if(NOT EXISTS ${BUILT_INF})
  check("FALSE" "the build stamped ${BUILT_INF}")
else()
  file(READ ${BUILT_INF} built)
  check("built MATCHES \"\nDriverVer = [01][0-9]/[0-3][0-9]/20[0-9][0-9],1.2.3.4\nCatalogFile = WudfWdkSample.cat\n\""
        "the sample's INF: DriverVer and CatalogFile added")
  check("built MATCHES \"\nUmdfLibraryVersion = 1.11.0\n\"" "the sample's INF: UMDF 1.11.0")
  check("built MATCHES \"%MfgName% = Openwudf, NT(amd64|x86|arm64|arm)\n\" AND NOT built MATCHES \"\\\\$ARCH\\\\$\""
        "the sample's INF: $ARCH$ replaced")
endif()

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} check(s) failed")
endif()
