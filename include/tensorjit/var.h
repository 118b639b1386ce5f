//===- var.h - Symbolic variables and expressions ---------------*- C++ -*-===//
//
// A Var is a cheap, copyable handle to a node of an immutable expression
// graph. Types (dtype, rank, which dimensions are known to be 1) are
// inferred when a Var is built, so type errors throw at graph-building time.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_VAR_H
#define TENSORJIT_VAR_H

#include "tensorjit/array.h"
#include "tensorjit/dtype.h"

#include <array>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tensorjit {

namespace detail {
struct Node;
} // namespace detail

/// Axes of a reduction: none (all axes), one axis, or a list. Negative axes
/// count from the end, as in numpy.
class Axes {
public:
  Axes() = default;
  Axes(int axis) : axes_(std::vector<int64_t>{axis}) {}
  Axes(std::initializer_list<int> axes)
      : axes_(std::vector<int64_t>(axes.begin(), axes.end())) {}
  Axes(std::vector<int64_t> axes) : axes_(std::move(axes)) {}
  const std::optional<std::vector<int64_t>> &get() const { return axes_; }

private:
  std::optional<std::vector<int64_t>> axes_;
};

/// One entry of a dimshuffle pattern: an input axis, or 'x' for a new
/// broadcastable axis (Theano's notation).
class DimSpec {
public:
  DimSpec(int axis) : axis_(axis) {}
  DimSpec(char x);
  /// The input axis, or -1 for a new axis.
  int64_t axis() const { return axis_; }

private:
  int64_t axis_;
};

class Var {
public:
  /// A null handle; using it throws.
  Var() = default;

  const std::string &name() const;
  DType dtype() const;
  int64_t ndim() const;
  /// Per dimension: whether it is known to have size 1 (Theano's
  /// broadcastable pattern; a `row` is {true, false}).
  const std::vector<bool> &broadcastable() const;

  Var sum(Axes axis = {}, bool keepdims = false) const;
  Var mean(Axes axis = {}, bool keepdims = false) const;
  Var max(Axes axis = {}, bool keepdims = false) const;
  Var min(Axes axis = {}, bool keepdims = false) const;
  Var prod(Axes axis = {}, bool keepdims = false) const;
  Var argmax(std::optional<int> axis = {}, bool keepdims = false) const;
  /// The transpose (all axes reversed).
  Var T() const;
  /// numpy reshape; one size may be -1 (inferred).
  Var reshape(std::vector<int64_t> shape) const;
  /// Theano's dimshuffle: permute axes, add 'x' axes, drop broadcastable
  /// ones: x.dimshuffle({1, 'x', 0}).
  Var dimshuffle(std::vector<DimSpec> pattern) const;
  Var astype(DType dtype) const;

  /// The graph node (for the library's internals).
  const std::shared_ptr<const detail::Node> &node() const;
  explicit Var(std::shared_ptr<const detail::Node> node)
      : node_(std::move(node)) {}

private:
  std::shared_ptr<const detail::Node> node_;
};

//===----------------------------------------------------------------------===//
// Constructors
//===----------------------------------------------------------------------===//

/// An input variable of `dtype` with the given broadcastable pattern.
Var tensor(DType dtype, std::vector<bool> broadcastable, std::string name = "");

namespace detail {
Var tensor_of_rank(DType dtype, int64_t rank, std::string name);
} // namespace detail

/// An input variable of `dtype` and `rank` (no dimension known to be 1).
/// A template, so that a one-element pattern such as `{false}` takes the
/// overload above: as an `int` parameter it would convert to rank 0.
template <std::integral Rank>
requires(!std::same_as<Rank, bool>) Var
    tensor(DType dtype, Rank rank, std::string name = "") {
  return detail::tensor_of_rank(dtype, static_cast<int64_t>(rank),
                                std::move(name));
}
/// A constant (a graph leaf holding `value`).
Var constant(Array value, std::string name = "");

namespace detail {
template <typename... Names>
std::array<Var, sizeof...(Names)> many(Var (*make)(std::string),
                                       Names &&...names) {
  return {make(std::string(std::forward<Names>(names)))...};
}
} // namespace detail

// Theano's constructors: prefix b (int8), w (int16), i (int32), l (int64),
// f (float32), d (float64); ranks scalar, vector, row, col, matrix, tensor3,
// tensor4; plural forms take several names and return a std::array.
#define TENSORJIT_CONSTRUCTORS(prefix, dtype)                                  \
  inline Var prefix##scalar(std::string name = "") {                           \
    return tensor(dtype, std::vector<bool>{}, std::move(name));                \
  }                                                                            \
  inline Var prefix##vector(std::string name = "") {                           \
    return tensor(dtype, std::vector<bool>{false}, std::move(name));           \
  }                                                                            \
  inline Var prefix##row(std::string name = "") {                              \
    return tensor(dtype, std::vector<bool>{true, false}, std::move(name));     \
  }                                                                            \
  inline Var prefix##col(std::string name = "") {                              \
    return tensor(dtype, std::vector<bool>{false, true}, std::move(name));     \
  }                                                                            \
  inline Var prefix##matrix(std::string name = "") {                           \
    return tensor(dtype, 2, std::move(name));                                  \
  }                                                                            \
  inline Var prefix##tensor3(std::string name = "") {                          \
    return tensor(dtype, 3, std::move(name));                                  \
  }                                                                            \
  inline Var prefix##tensor4(std::string name = "") {                          \
    return tensor(dtype, 4, std::move(name));                                  \
  }                                                                            \
  template <typename... N> auto prefix##scalars(N &&...names) {                \
    return detail::many(&prefix##scalar, std::forward<N>(names)...);           \
  }                                                                            \
  template <typename... N> auto prefix##vectors(N &&...names) {                \
    return detail::many(&prefix##vector, std::forward<N>(names)...);           \
  }                                                                            \
  template <typename... N> auto prefix##rows(N &&...names) {                   \
    return detail::many(&prefix##row, std::forward<N>(names)...);              \
  }                                                                            \
  template <typename... N> auto prefix##cols(N &&...names) {                   \
    return detail::many(&prefix##col, std::forward<N>(names)...);              \
  }                                                                            \
  template <typename... N> auto prefix##matrices(N &&...names) {               \
    return detail::many(&prefix##matrix, std::forward<N>(names)...);           \
  }                                                                            \
  template <typename... N> auto prefix##tensor3s(N &&...names) {               \
    return detail::many(&prefix##tensor3, std::forward<N>(names)...);          \
  }                                                                            \
  template <typename... N> auto prefix##tensor4s(N &&...names) {               \
    return detail::many(&prefix##tensor4, std::forward<N>(names)...);          \
  }

TENSORJIT_CONSTRUCTORS(b, DType::Int8)
TENSORJIT_CONSTRUCTORS(w, DType::Int16)
TENSORJIT_CONSTRUCTORS(i, DType::Int32)
TENSORJIT_CONSTRUCTORS(l, DType::Int64)
TENSORJIT_CONSTRUCTORS(f, DType::Float32)
TENSORJIT_CONSTRUCTORS(d, DType::Float64)
#undef TENSORJIT_CONSTRUCTORS

// Without a prefix the dtype is config().floatX, or the one given.
Var scalar(std::string name = "", std::optional<DType> dtype = {});
Var vector(std::string name = "", std::optional<DType> dtype = {});
Var row(std::string name = "", std::optional<DType> dtype = {});
Var col(std::string name = "", std::optional<DType> dtype = {});
Var matrix(std::string name = "", std::optional<DType> dtype = {});
Var tensor3(std::string name = "", std::optional<DType> dtype = {});
Var tensor4(std::string name = "", std::optional<DType> dtype = {});
template <typename... N> auto scalars(N &&...names) {
  return std::array<Var, sizeof...(N)>{scalar(std::string(names))...};
}
template <typename... N> auto vectors(N &&...names) {
  return std::array<Var, sizeof...(N)>{vector(std::string(names))...};
}
template <typename... N> auto matrices(N &&...names) {
  return std::array<Var, sizeof...(N)>{matrix(std::string(names))...};
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

namespace detail {
template <typename S>
concept Scalar = std::is_arithmetic_v<S>;
/// Var and the classes derived from it (Shared).
template <typename V>
concept VarLike = std::is_base_of_v<Var, std::decay_t<V>>;
/// A C++ scalar next to `like` becomes a constant as Theano autocast Python
/// numbers: a float keeps a float variable's dtype (else floatX), an integer
/// takes the smallest integer dtype holding it (or a float variable's).
Var literal(double value, bool integral, const Var &like);
template <Scalar S> Var literal(S value, const Var &like) {
  return literal(static_cast<double>(value), std::is_integral_v<S>, like);
}
} // namespace detail

/// Defines `op(Var, Var)`, `op(Var, scalar)` and `op(scalar, Var)`.
#define TENSORJIT_BINARY(name, op)                                             \
  Var name(const Var &a, const Var &b);                                        \
  template <detail::Scalar S> Var name(const Var &a, S b) {                    \
    return name(a, detail::literal(b, a));                                     \
  }                                                                            \
  template <detail::Scalar S> Var name(S a, const Var &b) {                    \
    return name(detail::literal(a, b), b);                                     \
  }                                                                            \
  template <typename A, typename B>                                            \
  requires(detail::VarLike<A> || detail::VarLike<B>) Var operator op(          \
      const A &a, const B &b) {                                                \
    return name(a, b);                                                         \
  }

TENSORJIT_BINARY(add, +)
TENSORJIT_BINARY(sub, -)
TENSORJIT_BINARY(mul, *)
TENSORJIT_BINARY(true_div, /)
TENSORJIT_BINARY(lt, <)
TENSORJIT_BINARY(le, <=)
TENSORJIT_BINARY(gt, >)
TENSORJIT_BINARY(ge, >=)
#undef TENSORJIT_BINARY

/// Defines `name(Var, Var)` and the scalar variants (no operator).
#define TENSORJIT_BINARY_FUNCTION(name)                                        \
  Var name(const Var &a, const Var &b);                                        \
  template <detail::Scalar S> Var name(const Var &a, S b) {                    \
    return name(a, detail::literal(b, a));                                     \
  }                                                                            \
  template <detail::Scalar S> Var name(S a, const Var &b) {                    \
    return name(detail::literal(a, b), b);                                     \
  }

/// Elementwise equality and inequality (== and != are not overloaded).
TENSORJIT_BINARY_FUNCTION(eq)
TENSORJIT_BINARY_FUNCTION(neq)
TENSORJIT_BINARY_FUNCTION(pow)
TENSORJIT_BINARY_FUNCTION(maximum)
TENSORJIT_BINARY_FUNCTION(minimum)
#undef TENSORJIT_BINARY_FUNCTION

Var operator-(const Var &x);
Var neg(const Var &x);
Var abs(const Var &x);
Var exp(const Var &x);
Var log(const Var &x);
Var log1p(const Var &x);
Var expm1(const Var &x);
Var sqrt(const Var &x);
Var sqr(const Var &x);
Var tanh(const Var &x);
Var sigmoid(const Var &x);
Var softplus(const Var &x);
Var sin(const Var &x);
Var cos(const Var &x);
Var floor(const Var &x);
Var ceil(const Var &x);
/// Rounds halves to even (numpy).
Var round(const Var &x);
Var cast(const Var &x, DType dtype);

/// numpy where / Theano switch: a where cond is true, else b (broadcast).
Var where(const Var &cond, const Var &a, const Var &b);
template <typename A, typename B>
requires(!detail::VarLike<A> || !detail::VarLike<B>) Var
    where(const Var &cond, const A &a, const B &b) {
  auto as_var = [&](const auto &v, const auto &other) -> Var {
    if constexpr (detail::VarLike<decltype(v)>)
      return v;
    else if constexpr (detail::VarLike<decltype(other)>)
      return detail::literal(v, other);
    else
      return constant(Array(v));
  };
  return where(cond, as_var(a, b), as_var(b, a));
}
template <typename A, typename B>
Var switch_(const Var &cond, const A &a, const B &b) {
  return where(cond, a, b);
}
/// min(max(x, lo), hi).
template <typename L, typename H>
Var clip(const Var &x, const L &lo, const H &hi) {
  return minimum(maximum(x, lo), hi);
}

Var sum(const Var &x, Axes axis = {}, bool keepdims = false);
Var mean(const Var &x, Axes axis = {}, bool keepdims = false);
Var max(const Var &x, Axes axis = {}, bool keepdims = false);
Var min(const Var &x, Axes axis = {}, bool keepdims = false);
Var prod(const Var &x, Axes axis = {}, bool keepdims = false);
/// Index of the maximum along `axis` (of the flattened input without one).
Var argmax(const Var &x, std::optional<int> axis = {}, bool keepdims = false);

/// numpy dot for vectors and matrices.
Var dot(const Var &a, const Var &b);
/// The outer product of two vectors.
Var outer(const Var &a, const Var &b);
Var transpose(const Var &x, std::optional<std::vector<int64_t>> axes = {});
Var reshape(const Var &x, std::vector<int64_t> shape);
Var broadcast_to(const Var &x, std::vector<int64_t> shape);

} // namespace tensorjit

#endif // TENSORJIT_VAR_H
