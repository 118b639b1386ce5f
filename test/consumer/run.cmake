# ctest driver: install the build tree into a scratch prefix, build the
# consumer project against it, run it and check what it prints.
#   cmake -DBINARY_DIR=<build> -DSOURCE_DIR=<this folder>
#         [-DCXX_FLAGS=... -DLINKER_FLAGS=...] -P run.cmake
# The flags are the build's own (the asan preset's sanitizers must reach the
# consumer too).
set(prefix "${BINARY_DIR}/consumer-test/install")
set(build "${BINARY_DIR}/consumer-test/build")
file(REMOVE_RECURSE "${BINARY_DIR}/consumer-test")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${out}\n${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BINARY_DIR}" --prefix "${prefix}")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${build}" -G Ninja
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
run(${CMAKE_COMMAND} --build "${build}")
run("${build}/consumer")
set(expected "[[0.5        0.73105858]\n [0.26894142 0.11920292]]\n")
if(NOT output STREQUAL expected)
  message(FATAL_ERROR "consumer printed:\n${output}\nexpected:\n${expected}")
endif()
message(STATUS "consumer printed the seed's numbers")
