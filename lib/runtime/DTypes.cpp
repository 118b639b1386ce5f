//===- DTypes.cpp - dtypes, element access and conversions ----------------===//

#include "lib/runtime/DTypes.h"

#include <cmath>
#include <limits>

namespace tensorjit {

static_assert(static_cast<int>(DType::Float64) ==
              static_cast<int>(mlir::tj::ElementKind::Float64));

std::string_view dtype_name(DType dtype) {
  return mlir::tj::kindName(detail::to_kind(dtype));
}

size_t itemsize(DType dtype) {
  switch (dtype) {
  case DType::Bool:
  case DType::Int8:
    return 1;
  case DType::Int16:
    return 2;
  case DType::Int32:
  case DType::Float32:
    return 4;
  case DType::Int64:
  case DType::Float64:
    return 8;
  }
  return 0;
}

bool is_float(DType dtype) { return mlir::tj::isFloat(detail::to_kind(dtype)); }

DType promote_types(DType a, DType b) {
  return detail::to_dtype(
      mlir::tj::promote(detail::to_kind(a), detail::to_kind(b)));
}

bool can_cast(DType from, DType to) { return promote_types(from, to) == to; }

Config &config() {
  static Config instance;
  return instance;
}

namespace detail {

namespace {

/// numpy's float -> integer conversion: truncation; NaN and out-of-range
/// values (undefined in C++) become the type's minimum, as numpy on x86.
template <typename I> I float_to_int(double value) {
  double truncated = std::trunc(value);
  if (!(truncated >= static_cast<double>(std::numeric_limits<I>::min()) &&
        truncated < -static_cast<double>(std::numeric_limits<I>::min())))
    return std::numeric_limits<I>::min();
  return static_cast<I>(truncated);
}
} // namespace

double load_double(DType dtype, const void *data, int64_t index) {
  return visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    return static_cast<double>(static_cast<const T *>(data)[index]);
  });
}

int64_t load_int(DType dtype, const void *data, int64_t index) {
  return visit_dtype(dtype, [&](auto tag) -> int64_t {
    using T = decltype(tag);
    T value = static_cast<const T *>(data)[index];
    if constexpr (std::is_floating_point_v<T>)
      return float_to_int<int64_t>(value);
    else
      return static_cast<int64_t>(value);
  });
}

void store_double(DType dtype, void *data, int64_t index, double value) {
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    T &out = static_cast<T *>(data)[index];
    if constexpr (std::is_same_v<T, bool>)
      out = value != 0 || std::isnan(value);
    else if constexpr (std::is_floating_point_v<T>)
      out = static_cast<T>(value);
    else
      out = float_to_int<T>(value);
    return 0;
  });
}

void convert_elements(DType from, const void *source, DType to, void *target,
                      int64_t count) {
  visit_dtype(from, [&](auto fromTag) {
    using F = decltype(fromTag);
    const F *in = static_cast<const F *>(source);
    return visit_dtype(to, [&](auto toTag) {
      using T = decltype(toTag);
      T *out = static_cast<T *>(target);
      for (int64_t i = 0; i < count; ++i) {
        if constexpr (std::is_same_v<T, bool>)
          out[i] = in[i] != 0 || (std::is_floating_point_v<F> &&
                                  std::isnan(static_cast<double>(in[i])));
        else if constexpr (std::is_floating_point_v<F> &&
                           !std::is_floating_point_v<T>)
          out[i] = float_to_int<T>(in[i]);
        else
          out[i] = static_cast<T>(in[i]);
      }
      return 0;
    });
  });
}

std::string shape_string(const Shape &shape) {
  return mlir::tj::shapeString(shape);
}

} // namespace detail
} // namespace tensorjit
