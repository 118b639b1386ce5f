//===- Allocator.h - Memory for compiled code (internal) --------*- C++ -*-===//

#ifndef TENSORJIT_LIB_RUNTIME_ALLOCATOR_H
#define TENSORJIT_LIB_RUNTIME_ALLOCATOR_H

#include <string>
#include <utility>
#include <vector>

namespace tensorjit::detail {

/// malloc and free for compiled code: large blocks (>= 1 MiB) come from the
/// cache of recently freed blocks that arrays use too (Array.cpp).
std::vector<std::pair<std::string, void *>> allocator_runtime_symbols();

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_ALLOCATOR_H
