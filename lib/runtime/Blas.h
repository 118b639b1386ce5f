//===- Blas.h - The BLAS calls of compiled code (internal) ------*- C++ -*-===//

#ifndef TENSORJIT_LIB_RUNTIME_BLAS_H
#define TENSORJIT_LIB_RUNTIME_BLAS_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tensorjit::detail {

/// A memref descriptor as compiled code passes it (C interface).
template <typename T, int Rank> struct Buffer {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];
  T *data() const { return aligned + offset; }
};
template <typename T> struct Buffer<T, 0> {
  T *allocated;
  T *aligned;
  int64_t offset;
  T *data() const { return aligned + offset; }
};

/// How a matrix goes to a row-major BLAS call: as stored (inner stride 1)
/// or transposed (outer stride 1, a transposed view), with its leading
/// dimension; `ok` false for layouts a BLAS cannot take.
struct MatrixLayout {
  bool ok;
  bool transposed;
  int64_t leading;
};

template <typename T> MatrixLayout layoutOf(const Buffer<T, 2> &m) {
  int64_t rows = m.sizes[0], cols = m.sizes[1];
  if (m.strides[1] == 1 || cols == 1) {
    int64_t ld = rows == 1 ? cols : m.strides[0];
    if (ld >= cols && ld >= 1)
      return {true, false, ld};
  }
  if (m.strides[0] == 1 || rows == 1) {
    int64_t ld = cols == 1 ? rows : m.strides[1];
    if (ld >= rows && ld >= 1)
      return {true, true, ld};
  }
  return {false, false, 0};
}

/// The functions tj-linalg-to-blas calls (tj_rt_blas_*), by symbol.
std::vector<std::pair<std::string, void *>> blas_runtime_symbols();

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_BLAS_H
