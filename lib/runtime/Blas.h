//===- Blas.h - The BLAS calls of compiled code (internal) ------*- C++ -*-===//

#ifndef TENSORJIT_LIB_RUNTIME_BLAS_H
#define TENSORJIT_LIB_RUNTIME_BLAS_H

#include <string>
#include <utility>
#include <vector>

namespace tensorjit::detail {

/// The functions tj-linalg-to-blas calls (tj_rt_blas_*), by symbol.
std::vector<std::pair<std::string, void *>> blas_runtime_symbols();

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_BLAS_H
