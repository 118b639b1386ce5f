//===- array.h - Host n-d arrays --------------------------------*- C++ -*-===//

#ifndef TENSORJIT_ARRAY_H
#define TENSORJIT_ARRAY_H

#include "tensorjit/dtype.h"
#include "tensorjit/error.h"

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace tensorjit {

using Shape = std::vector<int64_t>;

/// A host-side n-d array: a dtype, a shape and contiguous row-major data,
/// reference-counted (copies of an Array share their data; `copy()` does
/// not). C++ scalars convert to 0-d arrays as numpy's Python scalars do:
/// double -> float64, int -> int64, bool -> bool (float -> float32).
class Array {
public:
  /// A 0-d float64 zero.
  Array();
  Array(double value);
  Array(float value);
  Array(int value);
  Array(long value);
  Array(long long value);
  Array(bool value);
  /// A zero-filled array.
  Array(DType dtype, Shape shape);
  /// numpy's empty: an array whose elements are not initialized (what
  /// compiled functions write their outputs into).
  static Array empty(DType dtype, Shape shape);

  DType dtype() const { return dtype_; }
  const Shape &shape() const { return shape_; }
  int64_t ndim() const { return static_cast<int64_t>(shape_.size()); }
  /// The number of elements.
  int64_t size() const { return size_; }
  size_t nbytes() const { return size_ * itemsize(dtype_); }

  /// Typed access to the elements; U must be the dtype's C++ type.
  template <typename U> U *data() {
    check_access(dtype_of<U>());
    return static_cast<U *>(raw_data());
  }
  template <typename U> const U *data() const {
    check_access(dtype_of<U>());
    return static_cast<const U *>(raw_data());
  }
  void *raw_data() { return data_.get(); }
  const void *raw_data() const { return data_.get(); }

  /// The only element of a one-element array, converted to U.
  template <typename U> U item() const {
    if (size_ != 1)
      throw Error("Array::item: the array has " + std::to_string(size_) +
                  " elements, not 1");
    return convert<U>(0);
  }
  /// The element at an index (one per dimension), converted to U.
  template <typename U, typename... Index> U at(Index... index) const {
    return convert<U>(offset({static_cast<int64_t>(index)...}));
  }

  /// A converted copy (numpy's astype: floats truncate into integers,
  /// anything to bool is != 0).
  Array astype(DType dtype) const;
  /// A deep copy.
  Array copy() const;
  /// numpy's str(): "[[0.5        0.73105858]\n [0.26894142 0.11920292]]".
  std::string str() const;

private:
  /// Zero-filled, or not initialized when `zeroed` is false.
  Array(DType dtype, Shape shape, bool zeroed);
  void check_access(DType requested) const;
  int64_t offset(std::initializer_list<int64_t> index) const;
  double element_as_double(int64_t flat) const;
  int64_t element_as_int(int64_t flat) const;
  template <typename U> U convert(int64_t flat) const {
    if constexpr (std::is_same_v<U, bool>)
      return is_float(dtype_) ? element_as_double(flat) != 0
                              : element_as_int(flat) != 0;
    else if constexpr (std::is_floating_point_v<U>)
      return static_cast<U>(element_as_double(flat));
    else
      return is_float(dtype_) ? static_cast<U>(element_as_double(flat))
                              : static_cast<U>(element_as_int(flat));
  }

  DType dtype_ = DType::Float64;
  Shape shape_;
  int64_t size_ = 1;
  std::shared_ptr<void> data_;
};

std::ostream &operator<<(std::ostream &os, const Array &array);

namespace detail {
/// The dtype nested literals get: numpy's defaults for Python scalars.
template <typename T> constexpr DType literal_dtype() {
  if constexpr (std::is_same_v<T, bool>)
    return DType::Bool;
  else if constexpr (std::is_integral_v<T>)
    return DType::Int64;
  else if constexpr (std::is_same_v<T, float>)
    return DType::Float32;
  else
    return DType::Float64;
}
Array array_from_doubles(DType dtype, Shape shape,
                         const std::vector<double> &values);
} // namespace detail

/// Arrays from nested braces, numpy-style: T::array({{0., 1.}, {-1., -2.}}).
/// Integers give int64, floating literals float64, bools bool.
template <typename T> Array array(std::initializer_list<T> values) {
  return detail::array_from_doubles(
      detail::literal_dtype<T>(), {static_cast<int64_t>(values.size())},
      std::vector<double>(values.begin(), values.end()));
}
template <typename T>
Array array(std::initializer_list<std::initializer_list<T>> rows) {
  std::vector<double> values;
  int64_t columns =
      rows.size() ? static_cast<int64_t>(rows.begin()->size()) : 0;
  for (const auto &row : rows) {
    if (static_cast<int64_t>(row.size()) != columns)
      throw Error("T::array: rows have different lengths (" +
                  std::to_string(columns) + " and " +
                  std::to_string(row.size()) + ")");
    values.insert(values.end(), row.begin(), row.end());
  }
  return detail::array_from_doubles(
      detail::literal_dtype<T>(), {static_cast<int64_t>(rows.size()), columns},
      values);
}
template <typename T>
Array array(
    std::initializer_list<std::initializer_list<std::initializer_list<T>>>
        planes) {
  std::vector<double> values;
  Shape shape = {static_cast<int64_t>(planes.size()), 0, 0};
  bool first = true;
  for (const auto &plane : planes) {
    Array p = array<T>(plane);
    if (!first && (p.shape()[0] != shape[1] || p.shape()[1] != shape[2]))
      throw Error("T::array: planes have different shapes");
    shape[1] = p.shape()[0];
    shape[2] = p.shape()[1];
    first = false;
    for (int64_t i = 0; i < p.size(); ++i)
      values.push_back(p.at<double>(i / shape[2], i % shape[2]));
  }
  return detail::array_from_doubles(detail::literal_dtype<T>(), shape, values);
}
/// An array of U's dtype holding `values` with `shape` (row-major).
template <typename U> Array array(const std::vector<U> &values, Shape shape) {
  Array result(dtype_of<U>(), std::move(shape));
  if (static_cast<size_t>(result.size()) != values.size())
    throw Error("T::array: " + std::to_string(values.size()) +
                " values do not fill a shape of " +
                std::to_string(result.size()) + " elements");
  std::copy(values.begin(), values.end(), result.template data<U>());
  return result;
}

Array zeros(Shape shape, DType dtype = config().floatX);
Array ones(Shape shape, DType dtype = config().floatX);
Array full(Shape shape, double value, DType dtype = config().floatX);

/// numpy's allclose: |a - b| <= atol + rtol * |b| elementwise, with
/// broadcasting; NaNs are never close.
bool allclose(const Array &a, const Array &b, double rtol = 1e-05,
              double atol = 1e-08);

} // namespace tensorjit

#endif // TENSORJIT_ARRAY_H
