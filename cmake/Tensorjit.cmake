# Helpers shared by every directory of the build.

# Libraries that use MLIR or LLVM link the two shared libraries only
# (DESIGN.md §4): static libMLIR*.a next to the dylib would load two copies.
set(TENSORJIT_MLIR_LIBS MLIR LLVM)

# tensorjit_library(name SOURCES... [DEPENDS tablegen-targets...]
#                   [LINK libs...])
function(tensorjit_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK} ${TENSORJIT_MLIR_LIBS})
endfunction()
