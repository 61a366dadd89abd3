# cmake -DBUILD_DIR=… -DTARGET=… -DHEADER=… -P expect-refused.cmake
# Passes only when building TARGET fails because the compiler cannot find
# HEADER: a failure for any other reason is a failure of this check.
execute_process(
    COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
if(result EQUAL 0)
    message(FATAL_ERROR "${TARGET} compiled, so its layer can see ${HEADER}")
endif()
string(FIND "${output}" "${HEADER}: No such file or directory" found)
if(found EQUAL -1)
    message(FATAL_ERROR "${TARGET} failed for another reason than ${HEADER} being out of sight:\n${output}")
endif()
message(STATUS "${TARGET}: ${HEADER} is out of sight, as it should be")
