//===- Reference.cpp - Reference evaluator for tensorjit graphs ----------===//
//
// See Reference.h. Everything here is element-by-element and written for
// clarity, from numpy's documented behaviour and docs/architecture.md.
//
//===----------------------------------------------------------------------===//

#include "Reference.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace tjref {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void type_error(const std::string &message) {
  throw TypeError(message);
}
[[noreturn]] void shape_error(const std::string &message) {
  throw std::runtime_error(message);
}

/// Unit roundoff of a float dtype.
double unit(DType dtype) {
  return dtype == DType::Float32 ? std::ldexp(1.0, -24) : std::ldexp(1.0, -53);
}
/// The smallest subnormal of a float dtype.
double tiny(DType dtype) {
  return dtype == DType::Float32 ? std::numeric_limits<float>::denorm_min()
                                 : std::numeric_limits<double>::denorm_min();
}

/// Ulps of error (library plus reference, with a margin) per operation.
/// Correctly rounded operations (+ - * / sqrt, casts) of exact operands are
/// exact: the library and the reference round the same value (a float32
/// result computed in double then rounded is the correctly rounded float32
/// result for these operations).
constexpr double kBasicUlps = 2;          // + - * / sqrt, casts
constexpr double kTranscendentalUlps = 8; // exp, log, tanh, pow, ...
constexpr double kExact = 0;

/// Whether summing exact `terms` in any order is exact in `dtype`: they are
/// multiples of 2^-8 and their magnitudes add up to less than 2^(p-8), p the
/// mantissa's width, so every partial sum is representable.
bool exact_in_any_order(const std::vector<double> &terms, DType dtype) {
  double limit = std::ldexp(1.0, (dtype == DType::Float32 ? 24 : 53) - 8);
  double total = 0;
  for (double t : terms) {
    double scaled = t * 256;
    if (!std::isfinite(scaled) || std::trunc(scaled) != scaled)
      return false;
    total += std::fabs(t);
  }
  return total < limit;
}

/// One element while computing: a float value with its error bound, or an
/// integer; `unknown` as in Array.
struct El {
  double x = 0;
  int64_t n = 0;
  double e = 0;
  bool unknown = false;
  /// x is a zero whose sign the library may have the other way.
  bool zero_sign = false;
};

El unknown_el() {
  El el;
  el.x = kNaN;
  el.unknown = true;
  return el;
}
El int_el(int64_t n) {
  El el;
  el.n = n;
  el.x = static_cast<double>(n);
  return el;
}
El exact_float(double x) {
  El el;
  el.x = x;
  return el;
}

El get(const Array &a, int64_t k) {
  El el;
  el.unknown = a.unknown[k] == kUnknown;
  el.zero_sign = a.unknown[k] == kZeroSign;
  if (a.floating()) {
    el.x = a.f[k];
    el.e = a.err[k];
  } else {
    el.n = a.n[k];
    el.x = static_cast<double>(el.n);
  }
  return el;
}

void put(Array &a, int64_t k, const El &el) {
  a.unknown[k] = el.unknown                                  ? kUnknown
                 : el.zero_sign && el.x == 0 && a.floating() ? kZeroSign
                                                             : kKnown;
  if (a.floating()) {
    a.f[k] = el.x;
    a.err[k] = el.unknown ? 0 : el.e;
  } else {
    a.n[k] = el.unknown ? 0 : el.n;
  }
}

/// A float result `r` computed in double from the operands' reference
/// values, `dev` the largest change of the result over the operands' error
/// intervals: rounds to `out` and sets the error bound. Non-finite results
/// are exact (error 0); results the library may round to infinity while the
/// reference does not (or the reverse) are unknown.
El finish(DType out, double r, double dev, double ulps) {
  if (!std::isfinite(dev))
    return unknown_el();
  El el;
  double ro = round_to(out, r);
  if (std::isnan(ro)) {
    el.x = kNaN;
    return el;
  }
  double bound = dev + ulps * unit(out) * std::fabs(r) + 2 * tiny(out);
  if (std::isinf(ro)) {
    if (!std::isinf(r) && std::isfinite(round_to(out, std::fabs(r) - bound)))
      return unknown_el();
    el.x = ro;
    return el;
  }
  el.x = ro;
  // A correctly rounded operation whose result does not move over the
  // operands' intervals gives the reference's value exactly.
  if (dev == 0 && ulps <= kBasicUlps)
    return el;
  el.e = dev + ulps * unit(out) * std::fabs(ro) + 2 * tiny(out);
  if (!std::isfinite(round_to(out, std::fabs(ro) + el.e)))
    return unknown_el();
  return el;
}

/// Widens `dev` by the distance between a corner value `c` and the result
/// `r`; false where they disagree on NaN or on an infinity.
bool corner(double r, double c, double &dev) {
  if (std::isnan(r) || std::isnan(c))
    return std::isnan(r) && std::isnan(c);
  if (std::isinf(r) || std::isinf(c))
    return r == c;
  dev = std::max(dev, std::fabs(c - r));
  return true;
}

/// The endpoints of an element's interval (the value itself when exact).
std::vector<double> endpoints(const El &el) {
  if (el.e == 0)
    return {el.x};
  return {el.x - el.e, el.x + el.e};
}

int64_t int_min(DType dtype) {
  if (dtype == DType::Bool)
    return 0;
  // -2^(w-1) without overflowing (w = 64 is INT64_MIN itself).
  return static_cast<int64_t>(~uint64_t{0} << (bit_width(dtype) - 1));
}

/// Converts an element between dtypes as the library's cast does: float to
/// int truncates (NaN, infinities and out-of-range values are undefined,
/// hence unknown), anything to bool is != 0, ints wrap.
El convert(const El &a, DType from, DType to) {
  if (a.unknown)
    return unknown_el();
  if (from == to)
    return a;
  if (is_float_dtype(to)) {
    if (!is_float_dtype(from))
      return exact_float(round_to(to, static_cast<double>(a.n)));
    if (to == DType::Float64)
      return a; // float32 -> float64 is exact
    if (std::isnan(a.x) || std::isinf(a.x))
      return exact_float(a.x);
    El el = finish(to, a.x, a.e, a.e == 0 ? kExact : kBasicUlps);
    el.zero_sign = a.zero_sign;
    return el;
  }
  if (to == DType::Bool) {
    if (!is_float_dtype(from))
      return int_el(a.n != 0);
    if (std::isnan(a.x))
      return int_el(1);
    if (a.e > 0 && std::fabs(a.x) <= a.e)
      return unknown_el();
    return int_el(a.x != 0);
  }
  if (!is_float_dtype(from))
    return int_el(wrap_to(to, a.n));
  if (!std::isfinite(a.x))
    return unknown_el();
  double t = std::trunc(a.x);
  if (a.e > 0 && (std::trunc(a.x - a.e) != t || std::trunc(a.x + a.e) != t))
    return unknown_el();
  double lo = static_cast<double>(int_min(to));
  if (t < lo || t >= -lo)
    return unknown_el();
  return int_el(static_cast<int64_t>(t));
}

//===----------------------------------------------------------------------===//
// Elementwise operations
//===----------------------------------------------------------------------===//

bool transcendental(Op op) {
  switch (op) {
  case Op::Exp:
  case Op::Log:
  case Op::Log1p:
  case Op::Expm1:
  case Op::Tanh:
  case Op::Sigmoid:
  case Op::Softplus:
  case Op::Sin:
  case Op::Cos:
  case Op::Pow:
    return true;
  default:
    return false;
  }
}

double unary_fn(Op op, double x) {
  switch (op) {
  case Op::Neg:
    return -x;
  case Op::Abs:
    return std::fabs(x);
  case Op::Sqr:
    return x * x;
  case Op::Exp:
    return std::exp(x);
  case Op::Log:
    return std::log(x);
  case Op::Log1p:
    return std::log1p(x);
  case Op::Expm1:
    return std::expm1(x);
  case Op::Sqrt:
    return std::sqrt(x);
  case Op::Tanh:
    return std::tanh(x);
  case Op::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case Op::Softplus:
    if (std::isnan(x))
      return x;
    return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x)));
  case Op::Sin:
    return std::sin(x);
  case Op::Cos:
    return std::cos(x);
  case Op::Floor:
    return std::floor(x);
  case Op::Ceil:
    return std::ceil(x);
  case Op::Round:
    return std::nearbyint(x); // the default mode rounds halves to even
  default:
    break;
  }
  shape_error(std::string("not a unary op: ") + op_name(op));
}

/// Values C's Annex F (IEEE 754) requires exactly: exp(0) = cos(0) = 1,
/// log(1) = 0, sin/tanh/log1p/expm1(0) = 0; so sigmoid(0) = 0.5.
bool exact_special(Op op, double x) {
  switch (op) {
  case Op::Exp:
  case Op::Cos:
  case Op::Sin:
  case Op::Tanh:
  case Op::Log1p:
  case Op::Expm1:
  case Op::Sigmoid:
    return x == 0;
  case Op::Log:
    return x == 1;
  default:
    return false;
  }
}

El unary_float(Op op, DType out, const El &a) {
  if (a.unknown)
    return unknown_el();
  double r = unary_fn(op, a.x);
  double dev = 0;
  if (a.e > 0) {
    switch (op) {
    case Op::Neg:
    case Op::Abs:
      dev = a.e;
      break;
    case Op::Sin:
    case Op::Cos:
      dev = std::min(a.e, 2.0); // 1-Lipschitz and bounded
      break;
    case Op::Floor:
    case Op::Ceil:
    case Op::Round: {
      // Steps: certain only if the whole interval rounds the same way.
      double lo = unary_fn(op, a.x - a.e), hi = unary_fn(op, a.x + a.e);
      if (lo != hi)
        return unknown_el();
      return exact_float(r);
    }
    default:
      // Monotone (exp, log, ...) or with extremes at the ends (sqr).
      for (double c : endpoints(a))
        if (!corner(r, unary_fn(op, c), dev))
          return unknown_el();
      break;
    }
  }
  El el;
  if (op == Op::Floor || op == Op::Ceil || op == Op::Round)
    el = exact_float(r);
  else if (a.e == 0 && exact_special(op, a.x))
    el = finish(out, r, 0, kExact);
  else
    el = finish(out, r, dev,
                transcendental(op) ? kTranscendentalUlps
                : a.e == 0         ? kExact
                                   : kBasicUlps);
  // A zero result keeps the operand's sign (sin, tanh, floor of -0 are
  // -0), except abs and sqr.
  el.zero_sign = a.zero_sign && op != Op::Abs && op != Op::Sqr;
  return el;
}

El unary_int(Op op, DType dtype, const El &a) {
  if (a.unknown)
    return unknown_el();
  uint64_t u = static_cast<uint64_t>(a.n);
  switch (op) {
  case Op::Neg:
    return int_el(wrap_to(dtype, static_cast<int64_t>(uint64_t{0} - u)));
  case Op::Abs:
    return int_el(
        wrap_to(dtype, a.n < 0 ? static_cast<int64_t>(uint64_t{0} - u) : a.n));
  case Op::Sqr:
    return int_el(wrap_to(dtype, static_cast<int64_t>(u * u)));
  default:
    break;
  }
  shape_error(std::string("not an integer unary op: ") + op_name(op));
}

double binary_fn(Op op, double x, double y) {
  switch (op) {
  case Op::Add:
    return x + y;
  case Op::Sub:
    return x - y;
  case Op::Mul:
    return x * y;
  case Op::Div:
    return x / y;
  case Op::Pow:
    return std::pow(x, y);
  case Op::Maximum:
    return std::isnan(x) || std::isnan(y) ? kNaN : std::max(x, y);
  case Op::Minimum:
    return std::isnan(x) || std::isnan(y) ? kNaN : std::min(x, y);
  default:
    break;
  }
  shape_error(std::string("not a float binary op: ") + op_name(op));
}

/// Whether the sign of a zero result `r` of a float binary operation is
/// uncertain: it follows an operand's uncertain sign, or comes from two
/// zeros (the library folds `x + 0` to x, so -0 + 0 is -0 there and +0 in
/// numpy; maximum(-0, +0) is +0 for IEEE's maximum and -0 for numpy's).
bool zero_sign_of(Op op, double r, const El &a, const El &b) {
  if (r != 0)
    return false;
  bool both_zero = a.x == 0 && b.x == 0;
  switch (op) {
  case Op::Add:
  case Op::Sub:
    return both_zero;
  case Op::Maximum:
  case Op::Minimum:
    return a.zero_sign || b.zero_sign ||
           (both_zero && std::signbit(a.x) != std::signbit(b.x));
  case Op::Pow:
    return a.zero_sign;
  default: // mul, div: the sign is the product of the signs
    return a.zero_sign || b.zero_sign;
  }
}

/// A float binary operation.
El binary_float(Op op, DType out, const El &a, const El &b) {
  if (a.unknown || b.unknown)
    return unknown_el();
  double r = binary_fn(op, a.x, b.x);
  if (op == Op::Pow && ((b.x == 0 && b.e == 0) || (a.x == 1 && a.e == 0)))
    return exact_float(1.0); // Annex F, even for NaN operands
  if (op == Op::Div) {
    // x / ±0 is ±inf: unknown when the zero's sign is.
    if (b.x == 0 && b.e == 0 && b.zero_sign && !std::isnan(a.x) && a.x != 0)
      return unknown_el();
    if (b.e > 0 && std::fabs(b.x) <= b.e)
      return unknown_el();
  }
  if (op == Op::Pow) {
    if (a.x == 0 && a.e == 0 && a.zero_sign && b.x < 0)
      return unknown_el(); // ±inf
    if (a.e > 0 && std::fabs(a.x) <= a.e)
      return unknown_el();
    if (a.x < 0 && b.e > 0) {
      // A negative base to a power in an interval without an integer is
      // NaN; otherwise the result may be finite or NaN.
      double lo = b.x - b.e, hi = b.x + b.e;
      if (std::floor(lo) == std::floor(hi) && std::floor(lo) != lo &&
          std::isfinite(b.x) && a.x - a.e < 0 && a.x + a.e < 0)
        return exact_float(kNaN);
      return unknown_el();
    }
  }
  double dev = 0;
  if (a.e > 0 || b.e > 0) {
    // Each operation here is monotone in each operand (on the intervals
    // allowed above), so the extremes are at the corners.
    for (double x : endpoints(a))
      for (double y : endpoints(b))
        if (!corner(r, binary_fn(op, x, y), dev))
          return unknown_el();
  }
  El el = finish(out, r, dev,
                 op == Op::Pow          ? kTranscendentalUlps
                 : a.e == 0 && b.e == 0 ? kExact
                                        : kBasicUlps);
  el.zero_sign = zero_sign_of(op, r, a, b);
  return el;
}

int64_t int_pow(int64_t base, int64_t exponent) {
  uint64_t result = 1, b = static_cast<uint64_t>(base);
  uint64_t e = static_cast<uint64_t>(exponent);
  while (e) {
    if (e & 1)
      result *= b;
    b *= b;
    e >>= 1;
  }
  return static_cast<int64_t>(result);
}

El binary_int(Op op, DType dtype, const El &a, const El &b) {
  if (a.unknown || b.unknown)
    return unknown_el();
  if (dtype == DType::Bool) {
    switch (op) {
    case Op::Add:
    case Op::Maximum:
      return int_el(a.n || b.n);
    case Op::Mul:
    case Op::Minimum:
      return int_el(a.n && b.n);
    default:
      shape_error(std::string("bool ") + op_name(op));
    }
  }
  uint64_t x = static_cast<uint64_t>(a.n), y = static_cast<uint64_t>(b.n);
  switch (op) {
  case Op::Add:
    return int_el(wrap_to(dtype, static_cast<int64_t>(x + y)));
  case Op::Sub:
    return int_el(wrap_to(dtype, static_cast<int64_t>(x - y)));
  case Op::Mul:
    return int_el(wrap_to(dtype, static_cast<int64_t>(x * y)));
  case Op::Maximum:
    return int_el(std::max(a.n, b.n));
  case Op::Minimum:
    return int_el(std::min(a.n, b.n));
  case Op::Pow:
    // numpy raises for a negative integer exponent; the library leaves it
    // undefined.
    if (b.n < 0)
      return unknown_el();
    return int_el(wrap_to(dtype, int_pow(a.n, b.n)));
  default:
    break;
  }
  shape_error(std::string("not an integer binary op: ") + op_name(op));
}

bool is_comparison(Op op) { return op >= Op::Lt && op <= Op::Ne; }

El compare(Op op, DType kind, const El &a, const El &b) {
  if (a.unknown || b.unknown)
    return unknown_el();
  auto exact = [&](double x, double y) -> bool {
    switch (op) {
    case Op::Lt:
      return x < y;
    case Op::Le:
      return x <= y;
    case Op::Gt:
      return x > y;
    case Op::Ge:
      return x >= y;
    case Op::Eq:
      return x == y;
    default:
      return x != y;
    }
  };
  if (!is_float_dtype(kind)) {
    switch (op) {
    case Op::Lt:
      return int_el(a.n < b.n);
    case Op::Le:
      return int_el(a.n <= b.n);
    case Op::Gt:
      return int_el(a.n > b.n);
    case Op::Ge:
      return int_el(a.n >= b.n);
    case Op::Eq:
      return int_el(a.n == b.n);
    default:
      return int_el(a.n != b.n);
    }
  }
  if (std::isnan(a.x) || std::isnan(b.x) || (a.e == 0 && b.e == 0))
    return int_el(exact(a.x, b.x));
  // Certain only when the intervals decide it.
  double alo = a.x - a.e, ahi = a.x + a.e, blo = b.x - b.e, bhi = b.x + b.e;
  bool all_true =
      exact(alo, bhi) && exact(ahi, blo) && exact(alo, blo) && exact(ahi, bhi);
  bool all_false = !exact(alo, bhi) && !exact(ahi, blo) && !exact(alo, blo) &&
                   !exact(ahi, bhi);
  bool disjoint = ahi < blo || bhi < alo;
  if ((op == Op::Eq || op == Op::Ne) && !disjoint)
    return unknown_el();
  if (all_true)
    return int_el(1);
  if (all_false)
    return int_el(0);
  return unknown_el();
}

//===----------------------------------------------------------------------===//
// Shapes and indexing
//===----------------------------------------------------------------------===//

std::vector<int64_t> unravel(int64_t flat, const Shape &shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return index;
}

int64_t ravel(const std::vector<int64_t> &index, const Shape &shape) {
  int64_t flat = 0;
  for (size_t d = 0; d < shape.size(); ++d)
    flat = flat * shape[d] + index[d];
  return flat;
}

Shape broadcast_shapes(const std::vector<Shape> &shapes) {
  size_t rank = 0;
  for (const Shape &s : shapes)
    rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const Shape &s : shapes) {
    size_t offset = rank - s.size();
    for (size_t d = 0; d < s.size(); ++d) {
      int64_t &o = out[offset + d];
      if (s[d] == o || s[d] == 1)
        continue;
      if (o != 1) {
        std::string all;
        for (const Shape &t : shapes)
          all += shape_str(t) + " ";
        shape_error("shapes do not broadcast: " + all);
      }
      o = s[d];
    }
  }
  return out;
}

/// The flat index into an operand of shape `in` of each element of `out`.
std::vector<int64_t> broadcast_map(const Shape &in, const Shape &out) {
  std::vector<int64_t> map(numel(out));
  size_t offset = out.size() - in.size();
  for (size_t k = 0; k < map.size(); ++k) {
    std::vector<int64_t> index = unravel(static_cast<int64_t>(k), out);
    std::vector<int64_t> src(in.size());
    for (size_t d = 0; d < in.size(); ++d)
      src[d] = in[d] == 1 ? 0 : index[offset + d];
    map[k] = ravel(src, in);
  }
  return map;
}

std::vector<int64_t> normalize_axes(const std::vector<int64_t> &axes,
                                    int64_t rank, const char *what) {
  std::vector<int64_t> result;
  for (int64_t axis : axes) {
    if (axis < -rank || axis >= rank)
      type_error(std::string(what) + ": axis " + std::to_string(axis) +
                 " out of bounds for rank " + std::to_string(rank));
    result.push_back(axis < 0 ? axis + rank : axis);
  }
  std::sort(result.begin(), result.end());
  if (std::adjacent_find(result.begin(), result.end()) != result.end())
    type_error(std::string(what) + ": repeated axis");
  return result;
}

NodeP make(Op op, std::vector<NodeP> inputs, DType dtype, int64_t rank,
           std::vector<int64_t> ints = {}, bool keepdims = false) {
  auto node = std::make_shared<Node>();
  node->op = op;
  node->inputs = std::move(inputs);
  node->dtype = dtype;
  node->rank = rank;
  node->ints = std::move(ints);
  node->keepdims = keepdims;
  return node;
}

//===----------------------------------------------------------------------===//
// The evaluator
//===----------------------------------------------------------------------===//

class Evaluator {
public:
  explicit Evaluator(const std::vector<Array> &inputs) : inputs_(inputs) {}

  const Array &eval(const NodeP &node) {
    auto it = memo_.find(node.get());
    if (it != memo_.end())
      return it->second;
    Array value = compute(*node);
    if (value.dtype != node->dtype ||
        static_cast<int64_t>(value.shape.size()) != node->rank)
      shape_error(std::string("reference: internal error in ") +
                  op_name(node->op));
    if (trace_)
      std::fprintf(stderr, "reference: %s -> %s\n", op_name(node->op),
                   value.str().c_str());
    return memo_.emplace(node.get(), std::move(value)).first->second;
  }

private:
  Array compute(const Node &node) {
    switch (node.op) {
    case Op::Input: {
      if (node.input_index >= static_cast<int>(inputs_.size()))
        shape_error("reference: missing input");
      const Array &given = inputs_[node.input_index];
      if (static_cast<int64_t>(given.shape.size()) != node.rank)
        shape_error("reference: input rank mismatch");
      Array out(node.dtype, given.shape);
      for (int64_t k = 0; k < out.size(); ++k)
        put(out, k, convert(get(given, k), given.dtype, node.dtype));
      return out;
    }
    case Op::Constant:
      return node.value;
    case Op::Where:
      return where(node);
    case Op::Cast: {
      const Array &x = eval(node.inputs[0]);
      Array out(node.dtype, x.shape);
      for (int64_t k = 0; k < out.size(); ++k)
        put(out, k, convert(get(x, k), x.dtype, node.dtype));
      return out;
    }
    case Op::Sum:
    case Op::Mean:
    case Op::Max:
    case Op::Min:
    case Op::Prod:
      return reduce(node);
    case Op::Argmax:
      return argmax(node);
    case Op::Dot:
      return dot(node);
    case Op::Transpose:
      return transpose(node);
    case Op::Reshape:
      return reshape(node);
    case Op::Dimshuffle:
      return dimshuffle(node);
    default:
      break;
    }
    if (is_unary(node.op))
      return unary(node);
    if (is_binary(node.op))
      return binary(node);
    shape_error(std::string("reference: unhandled op ") + op_name(node.op));
  }

  Array unary(const Node &node) {
    const Array &x = eval(node.inputs[0]);
    Array out(node.dtype, x.shape);
    for (int64_t k = 0; k < out.size(); ++k) {
      El a = convert(get(x, k), x.dtype, node.dtype);
      El r;
      if (is_float_dtype(node.dtype))
        r = unary_float(node.op, node.dtype, a);
      else if (node.dtype == DType::Bool) // abs, sqr of bool: identity
        r = a;
      else
        r = unary_int(node.op, node.dtype, a);
      put(out, k, r);
    }
    return out;
  }

  Array binary(const Node &node) {
    const Array &x = eval(node.inputs[0]);
    const Array &y = eval(node.inputs[1]);
    Shape shape = broadcast_shapes({x.shape, y.shape});
    std::vector<int64_t> mx = broadcast_map(x.shape, shape);
    std::vector<int64_t> my = broadcast_map(y.shape, shape);
    DType kind =
        is_comparison(node.op) ? promote(x.dtype, y.dtype) : node.dtype;
    Array out(node.dtype, shape);
    for (int64_t k = 0; k < out.size(); ++k) {
      El a = convert(get(x, mx[k]), x.dtype, kind);
      El b = convert(get(y, my[k]), y.dtype, kind);
      El r;
      if (is_comparison(node.op))
        r = compare(node.op, kind, a, b);
      else if (is_float_dtype(kind))
        r = binary_float(node.op, kind, a, b);
      else
        r = binary_int(node.op, kind, a, b);
      put(out, k, r);
    }
    return out;
  }

  Array where(const Node &node) {
    const Array &c = eval(node.inputs[0]);
    const Array &x = eval(node.inputs[1]);
    const Array &y = eval(node.inputs[2]);
    Shape shape = broadcast_shapes({c.shape, x.shape, y.shape});
    std::vector<int64_t> mc = broadcast_map(c.shape, shape);
    std::vector<int64_t> mx = broadcast_map(x.shape, shape);
    std::vector<int64_t> my = broadcast_map(y.shape, shape);
    Array out(node.dtype, shape);
    for (int64_t k = 0; k < out.size(); ++k) {
      El cond = convert(get(c, mc[k]), c.dtype, DType::Bool);
      if (cond.unknown) {
        put(out, k, unknown_el());
        continue;
      }
      put(out, k,
          cond.n ? convert(get(x, mx[k]), x.dtype, node.dtype)
                 : convert(get(y, my[k]), y.dtype, node.dtype));
    }
    return out;
  }

  /// Groups the flat indices of `x` by the output element they reduce into.
  std::vector<std::vector<int64_t>>
  groups(const Shape &in, const std::vector<int64_t> &axes, Shape &kept) {
    std::vector<bool> reduced(in.size(), false);
    for (int64_t axis : axes)
      reduced[axis] = true;
    kept.clear();
    for (size_t d = 0; d < in.size(); ++d)
      if (!reduced[d])
        kept.push_back(in[d]);
    std::vector<std::vector<int64_t>> result(numel(kept));
    for (int64_t k = 0; k < static_cast<int64_t>(numel(in)); ++k) {
      std::vector<int64_t> index = unravel(k, in), out;
      for (size_t d = 0; d < in.size(); ++d)
        if (!reduced[d])
          out.push_back(index[d]);
      result[ravel(out, kept)].push_back(k);
    }
    return result;
  }

  Shape reduced_shape(const Shape &in, const std::vector<int64_t> &axes,
                      bool keepdims, const Shape &kept) {
    if (!keepdims)
      return kept;
    Shape shape = in;
    for (int64_t axis : axes)
      shape[axis] = 1;
    return shape;
  }

  Array reduce(const Node &node) {
    const Array &x = eval(node.inputs[0]);
    Shape kept;
    auto gs = groups(x.shape, node.ints, kept);
    Array out(node.dtype,
              reduced_shape(x.shape, node.ints, node.keepdims, kept));
    for (size_t g = 0; g < gs.size(); ++g)
      put(out, g, reduce_group(node.op, x, gs[g], node.dtype));
    return out;
  }

  El reduce_group(Op op, const Array &x, const std::vector<int64_t> &group,
                  DType out) {
    int64_t count = static_cast<int64_t>(group.size());
    for (int64_t k : group)
      if (x.unknown[k] == kUnknown)
        return unknown_el();
    if (count == 0)
      shape_error("reference: reduction over an empty axis");
    if (!x.floating()) {
      // Integers and bool: exact, wrapping in the result's width.
      if (op == Op::Max || op == Op::Min) {
        int64_t r = x.n[group[0]];
        for (int64_t k : group)
          r = op == Op::Max ? std::max(r, x.n[k]) : std::min(r, x.n[k]);
        return int_el(r);
      }
      uint64_t acc = op == Op::Prod ? 1 : 0;
      for (int64_t k : group)
        acc = op == Op::Prod ? acc * static_cast<uint64_t>(x.n[k])
                             : acc + static_cast<uint64_t>(x.n[k]);
      int64_t total = static_cast<int64_t>(acc);
      if (op == Op::Mean)
        return finish(out, static_cast<double>(total) / count, 0, kExact);
      return int_el(wrap_to(out, total));
    }
    DType dt = x.dtype; // float reductions keep the dtype
    bool any_nan = false, any_inf = false;
    for (int64_t k : group) {
      any_nan |= std::isnan(x.f[k]);
      any_inf |= std::isinf(x.f[k]);
    }
    if (any_nan)
      return exact_float(kNaN);
    double limit = std::isinf(round_to(dt, 1e300))
                       ? std::numeric_limits<float>::max()
                       : std::numeric_limits<double>::max();
    switch (op) {
    case Op::Max:
    case Op::Min: {
      bool max = op == Op::Max;
      double r = x.f[group[0]];
      for (int64_t k : group)
        r = max ? std::max(r, x.f[k]) : std::min(r, x.f[k]);
      if (std::isinf(r))
        return exact_float(r);
      double lo = -INFINITY, hi = -INFINITY;
      if (!max)
        lo = hi = INFINITY;
      for (int64_t k : group) {
        double v = x.f[k], e = x.err[k];
        if (std::isinf(v))
          continue;
        lo = max ? std::max(lo, v - e) : std::min(lo, v - e);
        hi = max ? std::max(hi, v + e) : std::min(hi, v + e);
      }
      El el = exact_float(r);
      el.e = std::max(hi - r, r - lo);
      for (int64_t k : group) // max(-0, +0) depends on the order
        el.zero_sign |= r == 0 && x.f[k] == 0 &&
                        (x.unknown[k] == kZeroSign ||
                         std::signbit(x.f[k]) != std::signbit(r));
      return el;
    }
    case Op::Sum:
    case Op::Mean: {
      double r = 0, abs_sum = 0, err = 0;
      for (int64_t k : group) {
        r += x.f[k];
        if (std::isfinite(x.f[k]))
          abs_sum += std::fabs(x.f[k]);
        err += x.err[k];
      }
      // Partial sums in another order may overflow where ours do not.
      if (abs_sum + err >= limit)
        return unknown_el();
      if (any_inf)
        return exact_float(op == Op::Mean ? r / count : r);
      double dev = err + 2.0 * count * unit(dt) * abs_sum;
      std::vector<double> terms;
      for (int64_t k : group)
        terms.push_back(x.f[k]);
      if (err == 0 && exact_in_any_order(terms, dt))
        dev = 0;
      El el = op == Op::Mean ? finish(dt, r / count, dev / count, kBasicUlps)
                             : finish(dt, r, dev, kBasicUlps);
      el.zero_sign = true; // the library starts from +0, numpy from x[0]
      return el;
    }
    case Op::Prod: {
      double r = 1, lo = 1, hi = 1, big = 1, small = 1;
      bool exact = true;
      for (int64_t k : group) {
        double v = x.f[k], e = x.err[k];
        exact &= e == 0;
        r *= v;
        double c[4] = {lo * (v - e), lo * (v + e), hi * (v - e), hi * (v + e)};
        lo = *std::min_element(c, c + 4);
        hi = *std::max_element(c, c + 4);
        if (std::isfinite(v) && v != 0) {
          big *= std::max(std::fabs(v) + e, 1.0);
          small *= std::min(std::fabs(v), 1.0);
        }
      }
      // Intermediate overflow or underflow depends on the order.
      if (big >= limit / 4)
        return unknown_el();
      double min_normal = dt == DType::Float32
                              ? std::numeric_limits<float>::min()
                              : std::numeric_limits<double>::min();
      if (r != 0 && small < min_normal * 1e6)
        return unknown_el();
      if (any_inf || std::isnan(r))
        return exact ? exact_float(r) : unknown_el();
      double dev = 0;
      if (!corner(r, lo, dev) || !corner(r, hi, dev))
        return unknown_el();
      El el = finish(dt, r, dev + 2.0 * count * unit(dt) * std::fabs(r),
                     kBasicUlps);
      for (int64_t k : group)
        el.zero_sign |= x.unknown[k] == kZeroSign;
      return el;
    }
    default:
      break;
    }
    shape_error("reference: bad reduction");
  }

  Array argmax(const Node &node) {
    const Array &x = eval(node.inputs[0]);
    // No axis: the flattened array.
    Shape shape = x.shape;
    int64_t axis = 0;
    if (node.ints.empty())
      shape = {x.size()};
    else
      axis = node.ints[0];
    Shape kept;
    auto gs = groups(shape, {axis}, kept);
    Shape out_shape = kept;
    if (node.keepdims) {
      out_shape = node.ints.empty() ? Shape(x.shape.size(), 1) : x.shape;
      if (!node.ints.empty())
        out_shape[axis] = 1;
    }
    Array out(DType::Int64, out_shape);
    for (size_t g = 0; g < gs.size(); ++g)
      put(out, g, argmax_group(x, gs[g]));
    return out;
  }

  El argmax_group(const Array &x, const std::vector<int64_t> &group) {
    if (group.empty())
      shape_error("reference: argmax of an empty axis");
    for (int64_t k : group)
      if (x.unknown[k] == kUnknown)
        return unknown_el();
    if (!x.floating()) {
      int64_t best = 0;
      for (size_t i = 1; i < group.size(); ++i)
        if (x.n[group[i]] > x.n[group[best]])
          best = static_cast<int64_t>(i);
      return int_el(best);
    }
    // The first NaN, else the first maximum.
    for (size_t i = 0; i < group.size(); ++i)
      if (std::isnan(x.f[group[i]]))
        return int_el(static_cast<int64_t>(i));
    size_t best = 0;
    for (size_t i = 1; i < group.size(); ++i)
      if (x.f[group[i]] > x.f[group[best]])
        best = i;
    double v = x.f[group[best]], e = x.err[group[best]];
    for (size_t i = 0; i < group.size(); ++i) {
      if (i == best)
        continue;
      double w = x.f[group[i]], f = x.err[group[i]];
      if (e == 0 && f == 0)
        continue; // exact: ties go to the first, as computed
      if (w + f >= v - e)
        return unknown_el(); // another element may be the maximum
    }
    return int_el(static_cast<int64_t>(best));
  }

  Array dot(const Node &node) {
    const Array &a = eval(node.inputs[0]);
    const Array &b = eval(node.inputs[1]);
    // View both as matrices: a (m, k), b (k, n).
    bool avec = a.shape.size() == 1, bvec = b.shape.size() == 1;
    int64_t m = avec ? 1 : a.shape[0], ka = a.shape.back();
    int64_t kb = b.shape[0], n = bvec ? 1 : b.shape[1];
    if (ka != kb)
      shape_error("reference: dot shapes " + shape_str(a.shape) + " and " +
                  shape_str(b.shape) + " are not aligned");
    Shape shape;
    if (!avec)
      shape.push_back(m);
    if (!bvec)
      shape.push_back(n);
    DType dt = node.dtype;
    Array out(dt, shape);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        std::vector<El> xs, ys;
        bool unknown = false;
        for (int64_t p = 0; p < ka; ++p) {
          xs.push_back(convert(get(a, i * ka + p), a.dtype, dt));
          ys.push_back(convert(get(b, p * n + j), b.dtype, dt));
          unknown |= xs.back().unknown || ys.back().unknown;
        }
        put(out, i * n + j, unknown ? unknown_el() : dot_el(dt, xs, ys));
      }
    return out;
  }

  El dot_el(DType dt, const std::vector<El> &xs, const std::vector<El> &ys) {
    if (!is_float_dtype(dt)) {
      uint64_t acc = 0;
      for (size_t p = 0; p < xs.size(); ++p)
        acc += static_cast<uint64_t>(xs[p].n) * static_cast<uint64_t>(ys[p].n);
      return int_el(wrap_to(dt, static_cast<int64_t>(acc)));
    }
    double r = 0, abs_sum = 0, err = 0;
    bool exact = true, finite = true;
    for (size_t p = 0; p < xs.size(); ++p) {
      const El &x = xs[p], &y = ys[p];
      r += x.x * y.x;
      abs_sum += std::fabs(x.x * y.x);
      err += std::fabs(x.x) * y.e + std::fabs(y.x) * x.e + x.e * y.e;
      exact &= x.e == 0 && y.e == 0;
      finite &= std::isfinite(x.x) && std::isfinite(y.x);
    }
    if (!finite)
      return exact || std::isnan(r) ? exact_float(r) : unknown_el();
    double limit = dt == DType::Float32 ? std::numeric_limits<float>::max()
                                        : std::numeric_limits<double>::max();
    if (abs_sum + err >= limit / 2)
      return unknown_el();
    double dev = err + 2.0 * (xs.size() + 1) * unit(dt) * abs_sum;
    if (exact) {
      std::vector<double> terms;
      for (size_t p = 0; p < xs.size(); ++p)
        terms.push_back(xs[p].x * ys[p].x);
      bool products_exact = true;
      for (size_t p = 0; p < xs.size(); ++p)
        products_exact &= round_to(dt, terms[p]) == terms[p] &&
                          std::fma(xs[p].x, ys[p].x, -terms[p]) == 0;
      if (products_exact && exact_in_any_order(terms, dt))
        dev = 0;
    }
    El el = finish(dt, r, dev, kBasicUlps);
    el.zero_sign = true;
    return el;
  }

  Array transpose(const Node &node) {
    const Array &x = eval(node.inputs[0]);
    const std::vector<int64_t> &perm = node.ints;
    Shape shape;
    for (int64_t axis : perm)
      shape.push_back(x.shape[axis]);
    Array out(node.dtype, shape);
    for (int64_t k = 0; k < out.size(); ++k) {
      std::vector<int64_t> index = unravel(k, shape), src(x.shape.size());
      for (size_t p = 0; p < perm.size(); ++p)
        src[perm[p]] = index[p];
      put(out, k, get(x, ravel(src, x.shape)));
    }
    return out;
  }

  Array reshape(const Node &node) {
    const Array &x = eval(node.inputs[0]);
    Shape shape = node.ints;
    int64_t known = 1, inferred = -1;
    for (size_t d = 0; d < shape.size(); ++d) {
      if (shape[d] == -1)
        inferred = static_cast<int64_t>(d);
      else
        known *= shape[d];
    }
    if (inferred >= 0) {
      if (known == 0 || x.size() % known != 0)
        shape_error("reference: cannot reshape " + shape_str(x.shape) +
                    " into " + shape_str(node.ints));
      shape[inferred] = x.size() / known;
    }
    if (static_cast<int64_t>(numel(shape)) != x.size())
      shape_error("reference: cannot reshape " + shape_str(x.shape) + " into " +
                  shape_str(node.ints));
    Array out(node.dtype, shape);
    for (int64_t k = 0; k < out.size(); ++k)
      put(out, k, get(x, k));
    return out;
  }

  Array dimshuffle(const Node &node) {
    const Array &x = eval(node.inputs[0]);
    Shape shape;
    std::vector<bool> used(x.shape.size(), false);
    for (int64_t axis : node.ints) {
      shape.push_back(axis < 0 ? 1 : x.shape[axis]);
      if (axis >= 0)
        used[axis] = true;
    }
    for (size_t d = 0; d < used.size(); ++d)
      if (!used[d] && x.shape[d] != 1)
        shape_error("reference: dimshuffle drops a dimension of size " +
                    std::to_string(x.shape[d]));
    Array out(node.dtype, shape);
    for (int64_t k = 0; k < out.size(); ++k) {
      std::vector<int64_t> index = unravel(k, shape), src(x.shape.size(), 0);
      for (size_t p = 0; p < node.ints.size(); ++p)
        if (node.ints[p] >= 0)
          src[node.ints[p]] = index[p];
      put(out, k, get(x, ravel(src, x.shape)));
    }
    return out;
  }

  const std::vector<Array> &inputs_;
  /// TJREF_TRACE=1 prints every node's value (for debugging a report).
  bool trace_ = std::getenv("TJREF_TRACE") != nullptr;
  std::unordered_map<const Node *, Array> memo_;
};

} // namespace

//===----------------------------------------------------------------------===//
// Dtype rules
//===----------------------------------------------------------------------===//

bool is_float_dtype(DType dtype) {
  return dtype == DType::Float32 || dtype == DType::Float64;
}
bool is_int_dtype(DType dtype) {
  return !is_float_dtype(dtype) && dtype != DType::Bool;
}

int bit_width(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return 1;
  case DType::Int8:
    return 8;
  case DType::Int16:
    return 16;
  case DType::Int32:
  case DType::Float32:
    return 32;
  case DType::Int64:
  case DType::Float64:
    return 64;
  }
  return 0;
}

std::string dtype_str(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "bool";
  case DType::Int8:
    return "int8";
  case DType::Int16:
    return "int16";
  case DType::Int32:
    return "int32";
  case DType::Int64:
    return "int64";
  case DType::Float32:
    return "float32";
  case DType::Float64:
    return "float64";
  }
  return "?";
}

DType promote(DType a, DType b) {
  if (a == b)
    return a;
  if (a == DType::Bool)
    return b;
  if (b == DType::Bool)
    return a;
  if (is_float_dtype(a) && is_float_dtype(b))
    return DType::Float64;
  if (is_int_dtype(a) && is_int_dtype(b))
    return bit_width(a) >= bit_width(b) ? a : b;
  // One float, one integer: float32 holds int8/int16 exactly, not wider.
  DType f = is_float_dtype(a) ? a : b, i = is_float_dtype(a) ? b : a;
  if (f == DType::Float32 && bit_width(i) >= 32)
    return DType::Float64;
  return f;
}

DType upgrade_to_float(DType dtype) {
  if (is_float_dtype(dtype))
    return dtype;
  return bit_width(dtype) >= 32 ? DType::Float64 : DType::Float32;
}

DType literal_dtype(double value, bool integral, DType like) {
  if (is_float_dtype(like))
    return like;
  if (!integral)
    return tensorjit::config().floatX;
  if (value >= -128 && value < 128)
    return DType::Int8;
  if (value >= -32768 && value < 32768)
    return DType::Int16;
  if (value >= -2147483648.0 && value < 2147483648.0)
    return DType::Int32;
  return DType::Int64;
}

//===----------------------------------------------------------------------===//
// Arrays
//===----------------------------------------------------------------------===//

size_t numel(const Shape &shape) {
  size_t n = 1;
  for (int64_t s : shape)
    n *= static_cast<size_t>(s);
  return n;
}

std::string shape_str(const Shape &shape) {
  std::string s = "(";
  for (size_t d = 0; d < shape.size(); ++d)
    s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

Array::Array(DType dtype_, Shape shape_)
    : dtype(dtype_), shape(std::move(shape_)) {
  size_t count = numel(shape);
  if (is_float_dtype(dtype)) {
    f.assign(count, 0.0);
    err.assign(count, 0.0);
  } else {
    n.assign(count, 0);
  }
  unknown.assign(count, 0);
}

double Array::value(int64_t k) const {
  return floating() ? f[k] : static_cast<double>(n[k]);
}

void Array::set(int64_t k, double v) {
  if (floating()) {
    f[k] = round_to(dtype, v);
    err[k] = 0;
  } else if (dtype == DType::Bool) {
    n[k] = v != 0;
  } else {
    n[k] = wrap_to(dtype, static_cast<int64_t>(v));
  }
  unknown[k] = 0;
}

std::string Array::element_str(int64_t k) const {
  if (unknown[k] == kUnknown)
    return "?";
  if (dtype == DType::Bool)
    return n[k] ? "True" : "False";
  if (!floating())
    return std::to_string(n[k]);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer,
                dtype == DType::Float32 ? "%.9g" : "%.17g", f[k]);
  return buffer;
}

std::string Array::str() const {
  std::string s = dtype_str(dtype) + " " + shape_str(shape) + " [";
  for (int64_t k = 0; k < size(); ++k)
    s += (k ? ", " : "") + element_str(k);
  return s + "]";
}

double round_to(DType dtype, double value) {
  if (dtype == DType::Float32)
    return static_cast<double>(static_cast<float>(value));
  return value;
}

int64_t wrap_to(DType dtype, int64_t value) {
  switch (dtype) {
  case DType::Bool:
    return value != 0;
  case DType::Int8:
    return static_cast<int8_t>(static_cast<uint8_t>(value));
  case DType::Int16:
    return static_cast<int16_t>(static_cast<uint16_t>(value));
  case DType::Int32:
    return static_cast<int32_t>(static_cast<uint32_t>(value));
  default:
    return value;
  }
}

//===----------------------------------------------------------------------===//
// Graph builders
//===----------------------------------------------------------------------===//

const char *op_name(Op op) {
  static const char *names[] = {
      "input",     "constant", "neg",    "abs",   "sqr",       "exp",
      "log",       "log1p",    "expm1",  "sqrt",  "tanh",      "sigmoid",
      "softplus",  "sin",      "cos",    "floor", "ceil",      "round",
      "add",       "sub",      "mul",    "div",   "pow",       "maximum",
      "minimum",   "lt",       "le",     "gt",    "ge",        "eq",
      "ne",        "where",    "cast",   "sum",   "mean",      "max",
      "min",       "prod",     "argmax", "dot",   "transpose", "reshape",
      "dimshuffle"};
  static_assert(sizeof(names) / sizeof(names[0]) ==
                static_cast<size_t>(Op::Dimshuffle) + 1);
  return names[static_cast<int>(op)];
}

bool is_unary(Op op) { return op >= Op::Neg && op <= Op::Round; }
bool is_binary(Op op) { return op >= Op::Add && op <= Op::Ne; }
bool is_reduction(Op op) { return op >= Op::Sum && op <= Op::Prod; }

NodeP input(int index, DType dtype, int64_t rank) {
  auto node = std::make_shared<Node>();
  node->op = Op::Input;
  node->dtype = dtype;
  node->rank = rank;
  node->input_index = index;
  return node;
}

NodeP constant(Array value) {
  auto node = std::make_shared<Node>();
  node->op = Op::Constant;
  node->dtype = value.dtype;
  node->rank = static_cast<int64_t>(value.shape.size());
  node->value = std::move(value);
  return node;
}

NodeP literal(double value, bool integral, const NodeP &like) {
  Array a(literal_dtype(value, integral, like->dtype), {});
  a.set(0, value);
  return constant(std::move(a));
}

NodeP unary(Op op, const NodeP &x) {
  if (!is_unary(op))
    type_error(std::string(op_name(op)) + " is not unary");
  DType dtype;
  switch (op) {
  case Op::Neg:
    if (x->dtype == DType::Bool)
      type_error("neg of bool (numpy refuses it)");
    dtype = x->dtype;
    break;
  case Op::Abs:
  case Op::Sqr:
    dtype = x->dtype;
    break;
  default:
    dtype = upgrade_to_float(x->dtype);
  }
  return make(op, {x}, dtype, x->rank);
}

NodeP binary(Op op, const NodeP &a, const NodeP &b) {
  if (!is_binary(op))
    type_error(std::string(op_name(op)) + " is not binary");
  DType promoted = promote(a->dtype, b->dtype), dtype = promoted;
  if ((op == Op::Sub || op == Op::Pow) && promoted == DType::Bool)
    type_error(std::string(op_name(op)) + " of two bools (numpy refuses it)");
  if (op == Op::Div)
    dtype = upgrade_to_float(promoted);
  if (is_comparison(op))
    dtype = DType::Bool;
  return make(op, {a, b}, dtype, std::max(a->rank, b->rank));
}

NodeP where(const NodeP &cond, const NodeP &a, const NodeP &b) {
  NodeP c = cond->dtype == DType::Bool ? cond : cast(cond, DType::Bool);
  return make(Op::Where, {c, a, b}, promote(a->dtype, b->dtype),
              std::max({c->rank, a->rank, b->rank}));
}

NodeP cast(const NodeP &x, DType dtype) {
  if (x->dtype == dtype)
    return x;
  return make(Op::Cast, {x}, dtype, x->rank);
}

NodeP reduce(Op op, const NodeP &x, std::optional<std::vector<int64_t>> axes,
             bool keepdims) {
  std::vector<int64_t> normalized;
  if (axes) {
    normalized = normalize_axes(*axes, x->rank, op_name(op));
  } else {
    normalized.resize(x->rank);
    std::iota(normalized.begin(), normalized.end(), 0);
  }
  DType dtype = x->dtype;
  switch (op) {
  case Op::Sum:
  case Op::Prod:
    if (!is_float_dtype(dtype))
      dtype = DType::Int64;
    break;
  case Op::Mean:
    if (!is_float_dtype(dtype))
      dtype = DType::Float64;
    break;
  case Op::Max:
  case Op::Min:
    break;
  default:
    type_error(std::string(op_name(op)) + " is not a reduction");
  }
  int64_t rank =
      keepdims ? x->rank : x->rank - static_cast<int64_t>(normalized.size());
  return make(op, {x}, dtype, rank, normalized, keepdims);
}

NodeP argmax(const NodeP &x, std::optional<int64_t> axis, bool keepdims) {
  std::vector<int64_t> ints;
  int64_t rank = keepdims ? x->rank : 0;
  if (axis) {
    ints = normalize_axes({*axis}, x->rank, "argmax");
    rank = keepdims ? x->rank : x->rank - 1;
  }
  return make(Op::Argmax, {x}, DType::Int64, rank, ints, keepdims);
}

NodeP dot(const NodeP &a, const NodeP &b) {
  if (a->rank < 1 || a->rank > 2 || b->rank < 1 || b->rank > 2)
    type_error("dot takes vectors and matrices");
  DType dtype = promote(a->dtype, b->dtype);
  if (dtype == DType::Bool)
    type_error("dot of two bools");
  return make(Op::Dot, {a, b}, dtype, (a->rank - 1) + (b->rank - 1));
}

NodeP transpose(const NodeP &x, std::optional<std::vector<int64_t>> perm) {
  std::vector<int64_t> p;
  if (perm) {
    for (int64_t axis : *perm)
      p.push_back(axis < 0 ? axis + x->rank : axis);
    std::vector<int64_t> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < sorted.size(); ++i)
      if (sorted[i] != static_cast<int64_t>(i))
        type_error("transpose: not a permutation");
    if (static_cast<int64_t>(p.size()) != x->rank)
      type_error("transpose: permutation of the wrong length");
  } else {
    for (int64_t i = x->rank - 1; i >= 0; --i)
      p.push_back(i);
  }
  return make(Op::Transpose, {x}, x->dtype, x->rank, p);
}

NodeP reshape(const NodeP &x, Shape target) {
  int inferred = 0;
  for (int64_t s : target) {
    if (s == -1)
      ++inferred;
    else if (s < 0)
      type_error("reshape: negative size");
  }
  if (inferred > 1)
    type_error("reshape: more than one -1");
  int64_t rank = static_cast<int64_t>(target.size());
  return make(Op::Reshape, {x}, x->dtype, rank, std::move(target));
}

NodeP dimshuffle(const NodeP &x, std::vector<int64_t> pattern) {
  std::vector<bool> used(x->rank, false);
  for (int64_t axis : pattern) {
    if (axis < -1 || axis >= x->rank)
      type_error("dimshuffle: axis out of bounds");
    if (axis >= 0) {
      if (used[axis])
        type_error("dimshuffle: repeated axis");
      used[axis] = true;
    }
  }
  int64_t rank = static_cast<int64_t>(pattern.size());
  return make(Op::Dimshuffle, {x}, x->dtype, rank, std::move(pattern));
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

std::vector<Array> evaluate(const std::vector<NodeP> &outputs,
                            const std::vector<Array> &inputs) {
  Evaluator evaluator(inputs);
  std::vector<Array> results;
  for (const NodeP &output : outputs)
    results.push_back(evaluator.eval(output));
  return results;
}

double tolerance(const Array &expected, int64_t k) {
  DType dt = expected.dtype;
  return 2 * expected.err[k] + 4 * unit(dt) * std::fabs(expected.f[k]) +
         4 * tiny(dt);
}

} // namespace tjref
