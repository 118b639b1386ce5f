//===- Reference.h - A plain C++ reference evaluator for tensorjit graphs -===//
//
// An independent, deliberately simple model of tensorjit's semantics (numpy
// broadcasting and dtype rules plus the decisions in docs/architecture.md
// "Type rules"), used by the differential test. It shares no code with the
// library: graphs are described with this file's own nodes, built alongside
// the library's Vars, and evaluated element by element.
//
// Values: float dtypes are held as doubles (rounded to float after every
// operation whose result is float32), integers and bool as int64 wrapped to
// the dtype's width. Every float element also carries a bound on how far the
// library's value may be from the reference value (rounding of the library's
// kernels, transcendental functions a few ulps off, reductions summed in
// another order, propagated through later operations by interval corners),
// and every element an `unknown` flag: set where the value is undefined
// (float -> int of NaN, integer power with a negative exponent) or decided by
// a discontinuity the error bound straddles (a comparison of two values
// closer than their error bounds, floor near an integer, the sign of a zero
// divisor). Unknown elements are not compared.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_TEST_REFERENCE_REFERENCE_H
#define TENSORJIT_TEST_REFERENCE_REFERENCE_H

#include <tensorjit/dtype.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tjref {

using tensorjit::DType;
using Shape = std::vector<int64_t>;

/// A graph the rules refuse (numpy refuses it too, or tensorjit decided to).
struct TypeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

//===----------------------------------------------------------------------===//
// Dtype rules (written from numpy and docs/architecture.md, not the library)
//===----------------------------------------------------------------------===//

bool is_float_dtype(DType dtype);
/// The signed integer dtypes (not bool).
bool is_int_dtype(DType dtype);
int bit_width(DType dtype);
std::string dtype_str(DType dtype);
/// numpy's promote_types.
DType promote(DType a, DType b);
/// Theano's upgrade_to_float: bool/int8/int16 -> float32, int32/int64 ->
/// float64, floats unchanged.
DType upgrade_to_float(DType dtype);
/// The dtype of a C++ scalar literal next to a variable of dtype `like`
/// (Theano's autocast): a float variable's dtype; else floatX for a
/// non-integral value; else the smallest of int8/int16/int32/int64 holding it.
DType literal_dtype(double value, bool integral, DType like);

//===----------------------------------------------------------------------===//
// Arrays
//===----------------------------------------------------------------------===//

size_t numel(const Shape &shape);
std::string shape_str(const Shape &shape);

/// Values of Array::unknown.
enum : uint8_t {
  kKnown = 0,
  kUnknown = 1, ///< not compared
  kZeroSign = 2 ///< a zero whose sign may differ in the library (compared)
};

struct Array {
  DType dtype = DType::Float64;
  Shape shape;
  std::vector<double> f;        ///< values of a float array
  std::vector<int64_t> n;       ///< values of an integer or bool array
  std::vector<double> err;      ///< float: bound on |library - reference|
  std::vector<uint8_t> unknown; ///< kKnown, kUnknown or kZeroSign

  Array() = default;
  /// Zeros, exact.
  Array(DType dtype, Shape shape);
  int64_t size() const { return static_cast<int64_t>(numel(shape)); }
  bool floating() const { return is_float_dtype(dtype); }
  /// Element k as a double (ints converted).
  double value(int64_t k) const;
  /// Element k, set from a double (rounded or wrapped to the dtype), exact.
  void set(int64_t k, double v);
  /// "1.5", "-3", "True", "nan".
  std::string element_str(int64_t k) const;
  /// All elements: "float64 (2, 3) [1, 2, 3, 4, 5, 6]".
  std::string str() const;
};

/// Rounds to float32 when `dtype` is float32; identity for float64.
double round_to(DType dtype, double value);
/// Wraps to the width of an integer dtype (two's complement); 0/1 for bool.
int64_t wrap_to(DType dtype, int64_t value);

//===----------------------------------------------------------------------===//
// Graphs
//===----------------------------------------------------------------------===//

enum class Op {
  Input,
  Constant,
  // unary
  Neg,
  Abs,
  Sqr,
  Exp,
  Log,
  Log1p,
  Expm1,
  Sqrt,
  Tanh,
  Sigmoid,
  Softplus,
  Sin,
  Cos,
  Floor,
  Ceil,
  Round,
  // binary
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Maximum,
  Minimum,
  Lt,
  Le,
  Gt,
  Ge,
  Eq,
  Ne,
  // others
  Where,
  Cast,
  Sum,
  Mean,
  Max,
  Min,
  Prod,
  Argmax,
  Dot,
  Transpose,
  Reshape,
  Dimshuffle
};
const char *op_name(Op op);
bool is_unary(Op op);
bool is_binary(Op op);
/// sum, mean, max, min, prod (not argmax).
bool is_reduction(Op op);

struct Node;
using NodeP = std::shared_ptr<const Node>;

struct Node {
  Op op = Op::Input;
  std::vector<NodeP> inputs;
  DType dtype = DType::Float64;
  int64_t rank = 0;
  /// Reductions: normalized sorted axes; argmax: the axis (empty for the
  /// flattened array); transpose: the permutation; reshape: the target with
  /// -1; dimshuffle: the pattern with -1 for 'x'.
  std::vector<int64_t> ints;
  bool keepdims = false;
  /// Input: the position in the argument list.
  int input_index = -1;
  /// Constant: the value.
  Array value;
};

// Builders. Each computes the result dtype and rank by the rules above and
// throws TypeError on what the rules refuse.
NodeP input(int index, DType dtype, int64_t rank);
NodeP constant(Array value);
/// A C++ scalar next to `like`, as the library's operators autocast it.
NodeP literal(double value, bool integral, const NodeP &like);
NodeP unary(Op op, const NodeP &x);
NodeP binary(Op op, const NodeP &a, const NodeP &b);
NodeP where(const NodeP &cond, const NodeP &a, const NodeP &b);
NodeP cast(const NodeP &x, DType dtype);
/// sum, mean, max, min, prod; no axes means all; negative axes allowed.
NodeP reduce(Op op, const NodeP &x, std::optional<std::vector<int64_t>> axes,
             bool keepdims);
NodeP argmax(const NodeP &x, std::optional<int64_t> axis, bool keepdims);
NodeP dot(const NodeP &a, const NodeP &b);
/// No permutation: all axes reversed.
NodeP transpose(const NodeP &x,
                std::optional<std::vector<int64_t>> perm = std::nullopt);
NodeP reshape(const NodeP &x, Shape target);
/// Theano's dimshuffle; -1 stands for 'x'.
NodeP dimshuffle(const NodeP &x, std::vector<int64_t> pattern);

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

/// Evaluates `outputs` given one array per input (of any dtype; cast to the
/// input's declared dtype as the library's call does). Throws
/// std::runtime_error on shapes numpy rejects.
std::vector<Array> evaluate(const std::vector<NodeP> &outputs,
                            const std::vector<Array> &inputs);

/// The tolerance for comparing element k of `expected` (a float array) with
/// the library's value: the carried bound with a safety factor, and a floor
/// of a few ulps.
double tolerance(const Array &expected, int64_t k);

} // namespace tjref

#endif // TENSORJIT_TEST_REFERENCE_REFERENCE_H
