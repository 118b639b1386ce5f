//===- dtype.h - Element types and configuration ----------------*- C++ -*-===//

#ifndef TENSORJIT_DTYPE_H
#define TENSORJIT_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tensorjit {

/// The element types of arrays and variables (numpy's names in dtype_name).
enum class DType : uint8_t {
  Bool,
  Int8,
  Int16,
  Int32,
  Int64,
  Float32,
  Float64
};

/// numpy's name: "bool", "int8", ..., "float64".
std::string_view dtype_name(DType dtype);
/// Bytes per element.
size_t itemsize(DType dtype);
bool is_float(DType dtype);

/// numpy's promote_types on tensorjit's dtypes (int32 + float32 -> float64).
DType promote_types(DType a, DType b);
/// numpy's can_cast(from, to, "safe"): a lossless conversion.
bool can_cast(DType from, DType to);

/// Global settings, as Theano's `config`.
struct Config {
  /// The dtype of `scalar`, `vector`, `matrix`, ... without a prefix.
  DType floatX = DType::Float64;
};
/// The process-wide configuration (change it before building graphs).
Config &config();

/// The C++ type of each dtype's elements, and back.
template <typename T> constexpr DType dtype_of();
template <> constexpr DType dtype_of<bool>() { return DType::Bool; }
template <> constexpr DType dtype_of<int8_t>() { return DType::Int8; }
template <> constexpr DType dtype_of<int16_t>() { return DType::Int16; }
template <> constexpr DType dtype_of<int32_t>() { return DType::Int32; }
template <> constexpr DType dtype_of<int64_t>() { return DType::Int64; }
template <> constexpr DType dtype_of<float>() { return DType::Float32; }
template <> constexpr DType dtype_of<double>() { return DType::Float64; }

} // namespace tensorjit

#endif // TENSORJIT_DTYPE_H
