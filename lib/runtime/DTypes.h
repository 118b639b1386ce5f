//===- DTypes.h - Element access by dtype (internal) ------------*- C++ -*-===//

#ifndef TENSORJIT_LIB_RUNTIME_DTYPES_H
#define TENSORJIT_LIB_RUNTIME_DTYPES_H

#include "dialects/tj/TypeRules.h"
#include "tensorjit/array.h"
#include "tensorjit/dtype.h"

#include <string>

namespace tensorjit::detail {

/// DType and the dialect's ElementKind are the same list in the same order.
inline mlir::tj::ElementKind to_kind(DType dtype) {
  return static_cast<mlir::tj::ElementKind>(dtype);
}
inline DType to_dtype(mlir::tj::ElementKind kind) {
  return static_cast<DType>(kind);
}

/// Calls `f` with a value of the C++ element type of `dtype` (the one
/// place dtypes are dispatched to C++ types).
template <typename F> auto visit_dtype(DType dtype, F f) {
  switch (dtype) {
  case DType::Bool:
    return f(bool{});
  case DType::Int8:
    return f(int8_t{});
  case DType::Int16:
    return f(int16_t{});
  case DType::Int32:
    return f(int32_t{});
  case DType::Int64:
    return f(int64_t{});
  case DType::Float32:
    return f(float{});
  case DType::Float64:
    break;
  }
  return f(double{});
}

double load_double(DType dtype, const void *data, int64_t index);
int64_t load_int(DType dtype, const void *data, int64_t index);
/// Stores `value` converted as numpy's astype would.
void store_double(DType dtype, void *data, int64_t index, double value);
/// Converts `count` elements between dtypes (numpy's astype rules).
void convert_elements(DType from, const void *source, DType to, void *target,
                      int64_t count);

/// "(2, 3)", "(5,)", "()".
std::string shape_string(const Shape &shape);

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_DTYPES_H
