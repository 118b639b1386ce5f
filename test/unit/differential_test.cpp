//===- differential_test.cpp - Random graphs against a reference ---------===//
//
// A seeded generator builds random expression graphs with the public API
// and, alongside, the same graph for the plain C++ reference evaluator in
// test/reference. Each graph is compiled with T::function and called with
// random arrays (sometimes several times with other sizes, to exercise the
// compile cache); results are compared with the reference: dtype (the
// promotion rules), shape, and values within tolerances derived from error
// bounds the reference carries (see Reference.h).
//
// Shapes are symbolic while generating: each dimension is a symbol whose
// size is fixed for the graph or varies from call to call, and operands are
// generated top-down from the shape their consumer needs, so that every
// graph is valid for all its calls. On a mismatch the test prints the graph
// as C++ code, the arguments and both results.
//
//===----------------------------------------------------------------------===//

#include "../reference/Reference.h"

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <variant>

namespace T = tensorjit;
namespace R = tjref;
using R::Op;
using T::DType;

namespace {

constexpr int kShards = 10;
/// 100: 30 missed the tj-cpu-parallelize bug a soak of 100 found (4a7a71a);
/// each shard takes about 6 s on the CPU, as many with the GPU's loops.
constexpr int kGraphsPerShard = 100;

//===----------------------------------------------------------------------===//
// Formatting
//===----------------------------------------------------------------------===//

std::string dtype_cpp(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "T::DType::Bool";
  case DType::Int8:
    return "T::DType::Int8";
  case DType::Int16:
    return "T::DType::Int16";
  case DType::Int32:
    return "T::DType::Int32";
  case DType::Int64:
    return "T::DType::Int64";
  case DType::Float32:
    return "T::DType::Float32";
  case DType::Float64:
    return "T::DType::Float64";
  }
  return "?";
}

std::string ctype(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "bool";
  case DType::Int8:
    return "int8_t";
  case DType::Int16:
    return "int16_t";
  case DType::Int32:
    return "int32_t";
  case DType::Int64:
    return "int64_t";
  case DType::Float32:
    return "float";
  case DType::Float64:
    return "double";
  }
  return "?";
}

/// A C++ literal for a double ("2.0", "-0.5", "1e-300", "NAN").
std::string double_cpp(double v, bool single = false) {
  if (std::isnan(v))
    return "NAN";
  if (std::isinf(v))
    return v > 0 ? "INFINITY" : "-INFINITY";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, single ? "%.9g" : "%.17g", v);
  std::string s = buffer;
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  return single ? s + "f" : s;
}

std::string int_cpp(int64_t v) {
  if (v >= -2147483647 && v <= 2147483647)
    return std::to_string(v);
  return std::to_string(v) + "LL";
}

std::string shape_cpp(const R::Shape &shape) {
  std::string s = "{";
  for (size_t d = 0; d < shape.size(); ++d)
    s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + "}";
}

/// `T::array(std::vector<double>{...}, T::Shape{...})` for a reference array.
std::string array_cpp(const R::Array &a) {
  std::string s = "T::array(std::vector<" + ctype(a.dtype) + ">{";
  for (int64_t k = 0; k < a.size(); ++k) {
    if (k)
      s += ", ";
    if (a.dtype == DType::Bool)
      s += a.n[k] ? "true" : "false";
    else if (a.floating())
      s += double_cpp(a.f[k], a.dtype == DType::Float32);
    else
      s += int_cpp(a.n[k]);
  }
  return s + "}, T::Shape" + shape_cpp(a.shape) + ")";
}

//===----------------------------------------------------------------------===//
// Conversions between library and reference arrays
//===----------------------------------------------------------------------===//

T::Array to_library(const R::Array &a) {
  T::Array out(a.dtype, a.shape);
  for (int64_t k = 0; k < a.size(); ++k) {
    switch (a.dtype) {
    case DType::Bool:
      out.data<bool>()[k] = a.n[k] != 0;
      break;
    case DType::Int8:
      out.data<int8_t>()[k] = static_cast<int8_t>(a.n[k]);
      break;
    case DType::Int16:
      out.data<int16_t>()[k] = static_cast<int16_t>(a.n[k]);
      break;
    case DType::Int32:
      out.data<int32_t>()[k] = static_cast<int32_t>(a.n[k]);
      break;
    case DType::Int64:
      out.data<int64_t>()[k] = a.n[k];
      break;
    case DType::Float32:
      out.data<float>()[k] = static_cast<float>(a.f[k]);
      break;
    case DType::Float64:
      out.data<double>()[k] = a.f[k];
      break;
    }
  }
  return out;
}

R::Array from_library(const T::Array &a) {
  R::Array out(a.dtype(), a.shape());
  for (int64_t k = 0; k < a.size(); ++k) {
    switch (a.dtype()) {
    case DType::Bool:
      out.n[k] = a.data<bool>()[k];
      break;
    case DType::Int8:
      out.n[k] = a.data<int8_t>()[k];
      break;
    case DType::Int16:
      out.n[k] = a.data<int16_t>()[k];
      break;
    case DType::Int32:
      out.n[k] = a.data<int32_t>()[k];
      break;
    case DType::Int64:
      out.n[k] = a.data<int64_t>()[k];
      break;
    case DType::Float32:
      out.f[k] = a.data<float>()[k];
      break;
    case DType::Float64:
      out.f[k] = a.data<double>()[k];
      break;
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// The generator
//===----------------------------------------------------------------------===//

/// A size symbol: its size in each call. Symbol 0 is the constant 1.
struct Sym {
  std::vector<int64_t> values;
  bool fixed = true;
};
constexpr int kOne = 0;

/// What a consumer needs of one dimension of an operand: the symbol, whether
/// the operand may have a (broadcasting) 1 there instead, and whether the
/// operand's type must know the dimension is 1 (to be dropped by
/// dimshuffle).
struct DimReq {
  int sym = kOne;
  bool may_one = true;
  bool static_one = false;
};
using Reqs = std::vector<DimReq>;

/// An expression: the library's Var, the reference's node, the C++ text,
/// and per dimension its symbol and whether its type knows it is 1.
struct E {
  T::Var var;
  R::NodeP node;
  std::string text;
  std::vector<int> dims;
  std::vector<bool> ones;
  DType dtype() const { return node->dtype; }
  int rank() const { return static_cast<int>(dims.size()); }
};

struct InputInfo {
  T::Var var;
  R::NodeP node;
  std::string name;
  DType dtype;
  std::vector<int> dims;
  std::vector<bool> declared_ones;
};

/// A failure while building a graph (a library exception or a type that
/// disagrees with the reference's rules).
struct BuildFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Generator {
public:
  /// What a graph is for: values (in one of several dtype flavors), or
  /// finite differences. Graphs for gradients have random reals without
  /// the ties of integers and halves, and float64 values only
  /// (`Gradients`), or float32 and float64 ones (`MixedGradients`, whose
  /// differences are taken of the graph with float64 for float32).
  enum class Purpose { Values, Gradients, MixedGradients };

  explicit Generator(uint32_t seed, Purpose purpose = Purpose::Values)
      : rng_(seed) {
    syms_.push_back(Sym{std::vector<int64_t>(kMaxCalls, 1), true});
    calls_ = pick({1, 1, 1, 2, 2, 3});
    flavor_ = pick({Flavor::Mixed, Flavor::Mixed, Flavor::Mixed, Flavor::Mixed,
                    Flavor::Mixed, Flavor::Float32, Flavor::Float32,
                    Flavor::Integer, Flavor::Integer, Flavor::Integer});
    if (purpose == Purpose::Gradients)
      flavor_ = Flavor::Gradient;
    else if (purpose == Purpose::MixedGradients)
      flavor_ = Flavor::MixedGradient;
  }

  int calls() const { return calls_; }
  bool gradients() const {
    return flavor_ == Flavor::Gradient || flavor_ == Flavor::MixedGradient;
  }
  const std::vector<InputInfo> &inputs() const { return inputs_; }
  const std::vector<Sym> &syms() const { return syms_; }
  /// Per reshape with a -1 size (the library's and argmax's flattening):
  /// the symbols whose product is that size.
  const std::vector<std::vector<int>> &inferred() const { return inferred_; }
  std::vector<std::string> &checks() { return checks_; }

  /// A random output: rank 0-3, depth 1-5.
  E output() {
    int rank = uniform(0, 3);
    Reqs reqs;
    for (int d = 0; d < rank; ++d)
      reqs.push_back({random_sym(), true, false});
    return gen(pick({1, 2, 3, 3, 4, 4, 5, 5}), reqs, true);
  }

  /// A random float output (a cast of an integer or bool one, whose
  /// gradient is zero).
  E float_output() {
    E out = output();
    return R::is_float_dtype(out.dtype()) ? out : cast(out, float_dtype());
  }

  std::string declarations() const {
    std::string s;
    for (const InputInfo &in : inputs_) {
      s += "  auto " + in.name + " = T::tensor(" + dtype_cpp(in.dtype) + ", {";
      for (size_t d = 0; d < in.declared_ones.size(); ++d)
        s += std::string(d ? ", " : "") +
             (in.declared_ones[d] ? "true" : "false");
      s += "}, \"" + in.name + "\");\n";
    }
    return s;
  }

  int uniform(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_);
  }
  double real(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng_);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename V> V pick(std::initializer_list<V> values) {
    auto it = values.begin();
    std::advance(it, uniform(0, static_cast<int>(values.size()) - 1));
    return *it;
  }
  template <typename V> V pick_from(const std::vector<V> &values) {
    return values[uniform(0, static_cast<int>(values.size()) - 1)];
  }
  std::mt19937 &rng() { return rng_; }

  /// A random value for an input or constant of `dtype`: mostly moderate
  /// reals, with exact integers, halves and zeros (ties for round and
  /// comparisons) mixed in.
  double random_value(DType dtype) {
    if (dtype == DType::Bool)
      return chance(0.5);
    if (!R::is_float_dtype(dtype))
      return chance(0.9) ? uniform(-5, 5) : uniform(-100, 100);
    if (gradients())
      return chance(0.9) ? real(-3, 3) : real(-10, 10);
    int kind = uniform(0, 19);
    if (kind < 13)
      return real(-3, 3);
    if (kind < 15)
      return uniform(-3, 3);
    if (kind < 17)
      return uniform(-4, 3) + 0.5;
    if (kind < 18)
      return 0.0;
    return real(-20, 20);
  }

  /// A float dtype for a cast: float64 in graphs for gradients of float64
  /// values, either one in mixed ones.
  DType float_dtype() {
    if (flavor_ == Flavor::Gradient)
      return DType::Float64;
    return pick({DType::Float32, DType::Float64});
  }

  R::Array random_array(DType dtype, const R::Shape &shape) {
    R::Array a(dtype, shape);
    for (int64_t k = 0; k < a.size(); ++k)
      a.set(k, random_value(dtype));
    return a;
  }

private:
  static constexpr int kMaxCalls = 3;

  //===--------------------------------------------------------------------===//
  // Symbols
  //===--------------------------------------------------------------------===//

  int new_sym() {
    Sym sym;
    sym.fixed = chance(0.4);
    // Mostly small sizes; one larger one per graph at most (vectorized
    // loops with remainders).
    bool big = !big_ && chance(0.1);
    big_ |= big;
    int64_t first = big ? pick({8, 13, 17, 32}) : uniform(2, 5);
    sym.values.push_back(first);
    for (int c = 1; c < kMaxCalls; ++c)
      sym.values.push_back(sym.fixed ? first
                           : big     ? uniform(1, 40)
                                     : uniform(1, 7));
    syms_.push_back(sym);
    return static_cast<int>(syms_.size()) - 1;
  }

  int random_sym() {
    if (chance(0.12))
      return kOne;
    if (syms_.size() < 2 || (syms_.size() < 5 && chance(0.3)))
      return new_sym();
    return uniform(1, static_cast<int>(syms_.size()) - 1);
  }

  /// A symbol for a dimension that is reduced or contracted.
  int any_sym() { return chance(0.1) ? kOne : random_sym(); }

  //===--------------------------------------------------------------------===//
  // Checking what the library says about each expression
  //===--------------------------------------------------------------------===//

  /// Builds an E from the library's Var (built by `lib`), the reference
  /// node, text and shape; checks dtype, rank and broadcastable pattern.
  template <typename Lib>
  E make(Lib &&lib, R::NodeP node, std::string text, std::vector<int> dims,
         std::vector<bool> ones) {
    T::Var var;
    try {
      var = lib();
    } catch (const std::exception &error) {
      throw BuildFailure("the library refused " + text + ": " + error.what());
    }
    if (var.dtype() != node->dtype)
      checks_.push_back("dtype of " + text + ": library " +
                        std::string(T::dtype_name(var.dtype())) +
                        ", reference rule " + R::dtype_str(node->dtype));
    if (var.ndim() != node->rank ||
        var.ndim() != static_cast<int64_t>(dims.size()))
      throw BuildFailure("rank of " + text + ": library " +
                         std::to_string(var.ndim()) + ", reference " +
                         std::to_string(node->rank));
    if (var.broadcastable() != ones) {
      std::string lib_ones, ref_ones;
      for (bool b : var.broadcastable())
        lib_ones += b ? "1" : "?";
      for (bool b : ones)
        ref_ones += b ? "1" : "?";
      checks_.push_back("broadcastable pattern of " + text + ": library " +
                        lib_ones + ", expected " + ref_ones);
    }
    return E{var, std::move(node), std::move(text), std::move(dims),
             std::move(ones)};
  }

  /// numpy broadcasting of the operands' symbols (aligned on the right) and
  /// of their static ones (a dimension is statically 1 if it is in all).
  static void broadcast(const std::vector<const E *> &es,
                        std::vector<int> &dims, std::vector<bool> &ones) {
    size_t rank = 0;
    for (const E *e : es)
      rank = std::max(rank, e->dims.size());
    dims.assign(rank, kOne);
    ones.assign(rank, true);
    for (const E *e : es) {
      size_t offset = rank - e->dims.size();
      for (size_t d = 0; d < e->dims.size(); ++d) {
        if (e->dims[d] != kOne)
          dims[offset + d] = e->dims[d];
        if (!e->ones[d])
          ones[offset + d] = false;
      }
    }
  }

  //===--------------------------------------------------------------------===//
  // Building blocks: each builds the library's and the reference's node
  //===--------------------------------------------------------------------===//

  static T::Var lib_unary(Op op, const T::Var &x) {
    switch (op) {
    case Op::Neg:
      return -x;
    case Op::Abs:
      return T::abs(x);
    case Op::Sqr:
      return T::sqr(x);
    case Op::Exp:
      return T::exp(x);
    case Op::Log:
      return T::log(x);
    case Op::Log1p:
      return T::log1p(x);
    case Op::Expm1:
      return T::expm1(x);
    case Op::Sqrt:
      return T::sqrt(x);
    case Op::Tanh:
      return T::tanh(x);
    case Op::Sigmoid:
      return T::sigmoid(x);
    case Op::Softplus:
      return T::softplus(x);
    case Op::Sin:
      return T::sin(x);
    case Op::Cos:
      return T::cos(x);
    case Op::Floor:
      return T::floor(x);
    case Op::Ceil:
      return T::ceil(x);
    case Op::Round:
      return T::round(x);
    default:
      throw BuildFailure("not unary");
    }
  }

  E unary(Op op, const E &x) {
    std::string text = op == Op::Neg ? "(-" + x.text + ")"
                                     : "T::" + std::string(R::op_name(op)) +
                                           "(" + x.text + ")";
    return make([&] { return lib_unary(op, x.var); }, R::unary(op, x.node),
                text, x.dims, x.ones);
  }

  /// The binary operation through the public API, for Vars and C++ scalars.
  template <typename A, typename B>
  static T::Var lib_binary(Op op, const A &a, const B &b) {
    switch (op) {
    case Op::Add:
      return a + b;
    case Op::Sub:
      return a - b;
    case Op::Mul:
      return a * b;
    case Op::Div:
      return a / b;
    case Op::Pow:
      return T::pow(a, b);
    case Op::Maximum:
      return T::maximum(a, b);
    case Op::Minimum:
      return T::minimum(a, b);
    case Op::Lt:
      return a < b;
    case Op::Le:
      return a <= b;
    case Op::Gt:
      return a > b;
    case Op::Ge:
      return a >= b;
    case Op::Eq:
      return T::eq(a, b);
    case Op::Ne:
      return T::neq(a, b);
    default:
      throw BuildFailure("not binary");
    }
  }

  static std::string binary_text(Op op, const std::string &a,
                                 const std::string &b) {
    const char *infix = nullptr;
    switch (op) {
    case Op::Add:
      infix = " + ";
      break;
    case Op::Sub:
      infix = " - ";
      break;
    case Op::Mul:
      infix = " * ";
      break;
    case Op::Div:
      infix = " / ";
      break;
    case Op::Lt:
      infix = " < ";
      break;
    case Op::Le:
      infix = " <= ";
      break;
    case Op::Gt:
      infix = " > ";
      break;
    case Op::Ge:
      infix = " >= ";
      break;
    default:
      break;
    }
    if (infix)
      return "(" + a + infix + b + ")";
    const char *name = op == Op::Pow       ? "pow"
                       : op == Op::Maximum ? "maximum"
                       : op == Op::Minimum ? "minimum"
                       : op == Op::Eq      ? "eq"
                                           : "neq";
    return "T::" + std::string(name) + "(" + a + ", " + b + ")";
  }

  E binary(Op op, const E &a, const E &b) {
    std::vector<int> dims;
    std::vector<bool> ones;
    broadcast({&a, &b}, dims, ones);
    return make([&] { return lib_binary(op, a.var, b.var); },
                R::binary(op, a.node, b.node), binary_text(op, a.text, b.text),
                dims, ones);
  }

  /// A C++ scalar literal: an integer or a double.
  struct Literal {
    double value;
    bool integral;
    std::string text() const {
      return integral ? int_cpp(static_cast<int64_t>(value))
                      : double_cpp(value);
    }
  };

  Literal random_literal() {
    if (chance(0.45)) {
      int64_t v = pick<int64_t>({0, 1, 1, 2, 2, 3, -1, -2, 5, 7, 100, 300, -200,
                                 40000, 70000, 3000000000LL});
      return {static_cast<double>(v), true};
    }
    return {pick({0.5, -0.5, 1.5, 2.0, -3.25, 0.1, 1e-3, 10.0, 2.5, -1.0}),
            false};
  }

  /// `x op literal` or `literal op x`, as C++ scalars (the library autocasts).
  E binary_literal(Op op, const E &x, Literal lit, bool literal_left) {
    R::NodeP lnode = R::literal(lit.value, lit.integral, x.node);
    std::string text = literal_left ? binary_text(op, lit.text(), x.text)
                                    : binary_text(op, x.text, lit.text());
    auto lib = [&]() -> T::Var {
      if (lit.integral) {
        long long v = static_cast<long long>(lit.value);
        return literal_left ? lib_binary(op, v, x.var)
                            : lib_binary(op, x.var, v);
      }
      return literal_left ? lib_binary(op, lit.value, x.var)
                          : lib_binary(op, x.var, lit.value);
    };
    R::NodeP node = literal_left ? R::binary(op, lnode, x.node)
                                 : R::binary(op, x.node, lnode);
    return make(lib, node, text, x.dims, x.ones);
  }

  E cast(const E &x, DType dtype) {
    bool method = chance(0.5);
    std::string text =
        method ? x.text + ".astype(" + dtype_cpp(dtype) + ")"
               : "T::cast(" + x.text + ", " + dtype_cpp(dtype) + ")";
    return make(
        [&] { return method ? x.var.astype(dtype) : T::cast(x.var, dtype); },
        R::cast(x.node, dtype), text, x.dims, x.ones);
  }

  /// `abs(x) + c`, a positive argument for log, sqrt, pow.
  E positive(const E &x, double c) {
    E a = x.dtype() == DType::Bool
              ? cast(x, flavor_ == Flavor::Gradient ? DType::Float64
                                                    : DType::Float32)
              : x;
    return binary_literal(Op::Add, unary(Op::Abs, a), {c, false}, false);
  }

  //===--------------------------------------------------------------------===//
  // Leaves
  //===--------------------------------------------------------------------===//

  /// Whether input `in` fits `reqs` (rank `reqs.size()` exactly unless
  /// `flexible`, which allows dropping leading dimensions that may be 1).
  static bool fits(const InputInfo &in, const Reqs &reqs, bool flexible) {
    size_t rank = in.dims.size();
    if (rank > reqs.size() || (!flexible && rank != reqs.size()))
      return false;
    size_t offset = reqs.size() - rank;
    for (size_t d = 0; d < offset; ++d)
      if (!reqs[d].may_one)
        return false;
    for (size_t d = 0; d < rank; ++d) {
      const DimReq &r = reqs[offset + d];
      if (r.static_one && !in.declared_ones[d])
        return false;
      if (in.dims[d] == r.sym)
        continue;
      if (in.dims[d] == kOne && r.may_one)
        continue;
      return false;
    }
    return true;
  }

  E leaf(const Reqs &reqs, bool flexible) {
    if (chance(0.35)) {
      std::vector<int> candidates;
      for (size_t i = 0; i < inputs_.size(); ++i)
        if (fits(inputs_[i], reqs, flexible))
          candidates.push_back(static_cast<int>(i));
      if (!candidates.empty()) {
        const InputInfo &in = inputs_[pick_from(candidates)];
        return make([&] { return in.var; }, in.node, in.name, in.dims,
                    in.declared_ones);
      }
    }
    if (chance(0.1)) {
      bool constant_ok = true;
      for (const DimReq &r : reqs)
        constant_ok &= r.may_one || syms_[r.sym].fixed;
      if (constant_ok)
        return constant_leaf(reqs);
    }
    return new_input(reqs, flexible);
  }

  E new_input(const Reqs &reqs, bool flexible) {
    size_t skip = 0;
    if (flexible)
      while (skip < reqs.size() && reqs[skip].may_one && chance(0.3))
        ++skip;
    InputInfo in;
    switch (flavor_) {
    case Flavor::Mixed:
      in.dtype =
          pick({DType::Float64, DType::Float64, DType::Float64, DType::Float64,
                DType::Float32, DType::Float32, DType::Float32, DType::Int32,
                DType::Int64, DType::Bool});
      break;
    case Flavor::Float32:
      in.dtype = pick({DType::Float32, DType::Float32, DType::Float32,
                       DType::Float32, DType::Bool});
      break;
    case Flavor::Integer:
      in.dtype = pick({DType::Int32, DType::Int32, DType::Int64, DType::Int64,
                       DType::Bool, DType::Float64});
      break;
    case Flavor::Gradient:
      in.dtype =
          pick({DType::Float64, DType::Float64, DType::Float64, DType::Float64,
                DType::Float64, DType::Int32, DType::Bool});
      break;
    case Flavor::MixedGradient:
      in.dtype =
          pick({DType::Float64, DType::Float64, DType::Float64, DType::Float32,
                DType::Float32, DType::Float32, DType::Int32, DType::Bool});
      break;
    }
    for (size_t d = skip; d < reqs.size(); ++d) {
      const DimReq &r = reqs[d];
      int sym = r.sym;
      if (r.static_one)
        sym = kOne;
      else if (r.may_one && chance(0.2))
        sym = kOne;
      in.dims.push_back(sym);
      in.declared_ones.push_back(r.static_one || (sym == kOne && chance(0.7)));
    }
    in.name = "x" + std::to_string(inputs_.size());
    in.var = T::tensor(in.dtype, in.declared_ones, in.name);
    in.node = R::input(static_cast<int>(inputs_.size()), in.dtype,
                       static_cast<int64_t>(in.dims.size()));
    inputs_.push_back(in);
    const InputInfo &stored = inputs_.back();
    return make([&] { return stored.var; }, stored.node, stored.name,
                stored.dims, stored.declared_ones);
  }

  E constant_leaf(const Reqs &reqs) {
    std::vector<int> dims;
    R::Shape shape;
    for (const DimReq &r : reqs) {
      int sym =
          r.may_one && (!syms_[r.sym].fixed || chance(0.5)) ? kOne : r.sym;
      dims.push_back(sym);
      shape.push_back(syms_[sym].values[0]);
    }
    DType dtype =
        flavor_ == Flavor::Gradient
            ? pick({DType::Float64, DType::Float64, DType::Int64, DType::Bool})
        : flavor_ == Flavor::MixedGradient
            ? pick({DType::Float64, DType::Float32, DType::Int64, DType::Bool})
            : pick({DType::Float64, DType::Float64, DType::Float32,
                    DType::Int64, DType::Int32, DType::Bool});
    R::Array value = random_array(dtype, shape);
    std::vector<bool> ones;
    for (int64_t s : shape)
      ones.push_back(s == 1);
    std::string text = "T::constant(" + array_cpp(value) + ")";
    return make([&] { return T::constant(to_library(value)); },
                R::constant(value), text, dims, ones);
  }

  //===--------------------------------------------------------------------===//
  // Operations
  //===--------------------------------------------------------------------===//

  E gen(int depth, const Reqs &reqs, bool flexible) {
    if (depth <= 0)
      return leaf(reqs, flexible);
    for (;;) {
      int kind = uniform(0, 99);
      std::optional<E> e;
      if (kind < 24)
        e = gen_unary(depth, reqs, flexible);
      else if (kind < 52)
        e = gen_binary(depth, reqs, flexible);
      else if (kind < 58)
        e = gen_where(depth, reqs, flexible);
      else if (kind < 69)
        e = gen_reduction(depth, reqs, flexible);
      else if (kind < 72)
        e = gen_argmax(depth, reqs, flexible);
      else if (kind < 79)
        e = gen_dot(depth, reqs, flexible);
      else if (kind < 83)
        e = gen_transpose(depth, reqs);
      else if (kind < 88)
        e = gen_dimshuffle(depth, reqs);
      else if (kind < 94)
        e = gen_reshape(depth, reqs);
      else if (kind < 97)
        e = gen_cast(depth, reqs, flexible);
      else
        e = gen_broadcast_to(depth, reqs);
      if (e)
        return *e;
    }
  }

  /// Requirements for a second operand: any dimension may be 1 except
  /// those that must be statically 1.
  static Reqs relaxed(Reqs reqs) {
    for (DimReq &r : reqs)
      r.may_one = true;
    return reqs;
  }

  std::optional<E> gen_unary(int depth, const Reqs &reqs, bool flexible) {
    E x = gen(depth - 1, reqs, flexible);
    if (chance(0.08)) {
      // T::clip(x, lo, hi) is minimum(maximum(x, lo), hi) with literals.
      Literal lo = random_literal(), hi = random_literal();
      if (hi.value < lo.value)
        std::swap(lo, hi);
      E low = binary_literal(Op::Maximum, x, lo, false);
      R::NodeP node = R::binary(Op::Minimum, low.node,
                                R::literal(hi.value, hi.integral, low.node));
      auto scalar = [](const Literal &l) -> std::variant<long long, double> {
        if (l.integral)
          return static_cast<long long>(l.value);
        return l.value;
      };
      return make(
          [&] {
            return std::visit(
                [&](auto l, auto h) { return T::clip(x.var, l, h); },
                scalar(lo), scalar(hi));
          },
          node, "T::clip(" + x.text + ", " + lo.text() + ", " + hi.text() + ")",
          x.dims, x.ones);
    }
    Op op = pick({Op::Neg, Op::Abs, Op::Sqr, Op::Exp, Op::Log, Op::Log1p,
                  Op::Expm1, Op::Sqrt, Op::Tanh, Op::Sigmoid, Op::Softplus,
                  Op::Sin, Op::Cos, Op::Floor, Op::Ceil, Op::Round});
    if (op == Op::Neg && x.dtype() == DType::Bool)
      op = Op::Abs;
    // Keep most arguments in the functions' domains (NaNs are tested too).
    if ((op == Op::Log || op == Op::Sqrt) && chance(0.7))
      x = positive(x, op == Op::Log ? 0.5 : 0.0);
    if (op == Op::Log1p && chance(0.7))
      x = positive(x, 0.0);
    if (op == Op::Exp && chance(0.3))
      x = unary(Op::Tanh, x);
    return unary(op, x);
  }

  std::optional<E> gen_binary(int depth, const Reqs &reqs, bool flexible) {
    Op op = pick({Op::Add, Op::Add, Op::Sub, Op::Mul, Op::Mul, Op::Div, Op::Div,
                  Op::Pow, Op::Maximum, Op::Minimum, Op::Lt, Op::Le, Op::Gt,
                  Op::Ge, Op::Eq, Op::Ne});
    E a = gen(depth - 1, reqs, flexible);
    if (chance(0.3)) {
      Literal lit = random_literal();
      bool left = chance(0.35);
      if (op == Op::Pow) {
        // Exponents: small, and never negative for integers.
        left = false;
        lit = chance(0.5) ? Literal{static_cast<double>(uniform(0, 3)), true}
                          : Literal{pick({0.5, 2.0, -1.0, 1.5, 3.0}), false};
        if (R::is_float_dtype(a.dtype()) && chance(0.5))
          a = positive(a, 0.25);
      }
      return binary_literal(op, a, lit, left);
    }
    E b = gen(depth - 1, relaxed(reqs), flexible);
    if (chance(0.5))
      std::swap(a, b);
    // Float zero divisors give infinities whose sign the reference does not
    // model (see Reference.cpp): keep many divisors away from zero.
    if (op == Op::Div && R::is_float_dtype(b.dtype()) && chance(0.5))
      b = positive(b, 0.5);
    if ((op == Op::Sub || op == Op::Pow) &&
        R::promote(a.dtype(), b.dtype()) == DType::Bool)
      b = cast(b, pick({DType::Int8, DType::Int32, DType::Float64}));
    if (op == Op::Pow) {
      DType result = R::promote(a.dtype(), b.dtype());
      if (!R::is_float_dtype(result)) {
        // An integer power: a small non-negative exponent.
        b = binary_literal(Op::Minimum, unary(Op::Abs, b), {3, true}, false);
      } else if (chance(0.6)) {
        a = positive(a, 0.25);
        if (chance(0.5))
          b = unary(Op::Tanh, b);
      }
    }
    return binary(op, a, b);
  }

  std::optional<E> gen_where(int depth, const Reqs &reqs, bool flexible) {
    // With two C++ scalars the condition alone has the result's shape.
    bool scalars = chance(0.08);
    Reqs cond_reqs = scalars ? reqs : relaxed(reqs);
    std::optional<E> cond;
    if (chance(0.6)) {
      Op op = pick({Op::Lt, Op::Gt, Op::Le, Op::Ne});
      E lhs = gen(depth - 1, cond_reqs, flexible);
      E rhs = gen(std::max(0, depth - 2), relaxed(reqs), flexible);
      cond = binary(op, lhs, rhs);
    } else {
      cond = gen(depth - 1, cond_reqs, flexible);
    }
    return where_of(*cond, depth, reqs, flexible, scalars);
  }

  E where_of(const E &cond, int depth, const Reqs &reqs, bool flexible,
             bool scalars) {
    if (scalars) {
      // Two C++ scalars: numpy's default dtypes (int64, float64).
      Literal l1 = random_literal(), l2 = random_literal();
      auto scalar = [](const Literal &l) -> std::variant<long long, double> {
        if (l.integral)
          return static_cast<long long>(l.value);
        return l.value;
      };
      auto node_of = [](const Literal &l) {
        R::Array v(l.integral ? DType::Int64 : DType::Float64, {});
        v.set(0, l.value);
        return R::constant(v);
      };
      return make(
          [&] {
            return std::visit(
                [&](auto x, auto y) { return T::where(cond.var, x, y); },
                scalar(l1), scalar(l2));
          },
          R::where(cond.node, node_of(l1), node_of(l2)),
          "T::where(" + cond.text + ", " + l1.text() + ", " + l2.text() + ")",
          cond.dims, cond.ones);
    }
    E a = gen(depth - 1, reqs, flexible);
    if (chance(0.35)) {
      // A C++ scalar on one side.
      Literal lit = random_literal();
      bool left = chance(0.5);
      R::NodeP lnode = R::literal(lit.value, lit.integral, a.node);
      std::string text =
          "T::where(" + cond.text + ", " +
          (left ? lit.text() + ", " + a.text : a.text + ", " + lit.text()) +
          ")";
      std::vector<int> dims;
      std::vector<bool> ones;
      broadcast({&cond, &a}, dims, ones);
      auto lib = [&]() -> T::Var {
        if (lit.integral) {
          long long v = static_cast<long long>(lit.value);
          return left ? T::where(cond.var, v, a.var)
                      : T::where(cond.var, a.var, v);
        }
        return left ? T::where(cond.var, lit.value, a.var)
                    : T::where(cond.var, a.var, lit.value);
      };
      return make(lib,
                  left ? R::where(cond.node, lnode, a.node)
                       : R::where(cond.node, a.node, lnode),
                  text, dims, ones);
    }
    E b = gen(depth - 1, relaxed(reqs), flexible);
    if (chance(0.5))
      std::swap(a, b);
    std::vector<int> dims;
    std::vector<bool> ones;
    broadcast({&cond, &a, &b}, dims, ones);
    return make([&] { return T::where(cond.var, a.var, b.var); },
                R::where(cond.node, a.node, b.node),
                "T::where(" + cond.text + ", " + a.text + ", " + b.text + ")",
                dims, ones);
  }

  /// Axes as the API takes them, sometimes negative, as text too.
  struct AxesArg {
    std::optional<std::vector<int64_t>> axes; // none: all
    std::string text;
  };
  AxesArg axes_arg(std::vector<int64_t> axes, int rank) {
    std::shuffle(axes.begin(), axes.end(), rng_);
    for (int64_t &a : axes)
      if (chance(0.3))
        a -= rank;
    std::string text;
    if (axes.size() == 1 && chance(0.5)) {
      text = std::to_string(axes[0]);
    } else {
      text = "std::vector<int64_t>{";
      for (size_t i = 0; i < axes.size(); ++i)
        text += (i ? ", " : "") + std::to_string(axes[i]);
      text += "}";
    }
    return {axes, text};
  }

  E reduction(Op op, const E &x, const AxesArg &axes, bool keepdims,
              std::vector<int> dims, std::vector<bool> ones) {
    const char *name = R::op_name(op);
    bool method = chance(0.5);
    std::string args = axes.axes ? axes.text + (keepdims ? ", true" : "")
                                 : (keepdims ? "{}, true" : "");
    std::string text = method ? x.text + "." + name + "(" + args + ")"
                              : "T::" + std::string(name) + "(" + x.text +
                                    (args.empty() ? "" : ", " + args) + ")";
    auto lib = [&]() -> T::Var {
      T::Axes a = axes.axes ? T::Axes(*axes.axes) : T::Axes();
      switch (op) {
      case Op::Sum:
        return method ? x.var.sum(a, keepdims) : T::sum(x.var, a, keepdims);
      case Op::Mean:
        return method ? x.var.mean(a, keepdims) : T::mean(x.var, a, keepdims);
      case Op::Max:
        return method ? x.var.max(a, keepdims) : T::max(x.var, a, keepdims);
      case Op::Min:
        return method ? x.var.min(a, keepdims) : T::min(x.var, a, keepdims);
      default:
        return method ? x.var.prod(a, keepdims) : T::prod(x.var, a, keepdims);
      }
    };
    return make(lib, R::reduce(op, x.node, axes.axes, keepdims), text,
                std::move(dims), std::move(ones));
  }

  std::optional<E> gen_reduction(int depth, const Reqs &reqs, bool flexible) {
    Op op = pick({Op::Sum, Op::Sum, Op::Mean, Op::Max, Op::Min, Op::Prod});
    int mode = uniform(0, 9);
    if (mode < 2 && flexible) {
      // All axes, to a scalar.
      int rank = uniform(0, 3);
      Reqs child;
      for (int d = 0; d < rank; ++d)
        child.push_back({any_sym(), true, false});
      E x = gen(depth - 1, child, true);
      std::vector<int64_t> all(x.rank());
      std::iota(all.begin(), all.end(), 0);
      AxesArg axes =
          chance(0.5) ? AxesArg{std::nullopt, ""} : axes_arg(all, x.rank());
      return reduction(op, x, axes, false, {}, {});
    }
    Reqs child = reqs;
    std::vector<int64_t> axes;
    bool keepdims = mode >= 7;
    if (keepdims) {
      // Reduce positions where a 1 is acceptable; they stay, as static 1s.
      for (size_t d = 0; d < reqs.size(); ++d)
        if (reqs[d].may_one && chance(0.5)) {
          axes.push_back(static_cast<int64_t>(d));
          child[d] = {any_sym(), true, false};
        }
    } else {
      // Insert reduced dimensions.
      int extra =
          std::min<int>(uniform(0, 2), 3 - static_cast<int>(reqs.size()));
      for (int i = 0; i < extra; ++i) {
        int position = uniform(0, static_cast<int>(child.size()));
        child.insert(child.begin() + position, {any_sym(), true, false});
        for (int64_t &a : axes)
          if (a >= position)
            ++a;
        axes.push_back(position);
      }
    }
    E x = gen(depth - 1, child, false);
    std::vector<int> dims;
    std::vector<bool> ones;
    std::set<int64_t> reduced(axes.begin(), axes.end());
    for (int d = 0; d < x.rank(); ++d) {
      if (!reduced.count(d)) {
        dims.push_back(x.dims[d]);
        ones.push_back(x.ones[d]);
      } else if (keepdims) {
        dims.push_back(kOne);
        ones.push_back(true);
      }
    }
    return reduction(op, x, axes_arg(axes, x.rank()), keepdims, dims, ones);
  }

  std::optional<E> gen_argmax(int depth, const Reqs &reqs, bool flexible) {
    bool keepdims = chance(0.3);
    if (chance(0.3)) {
      // No axis: the flattened array.
      Reqs child;
      if (keepdims) {
        for (const DimReq &r : reqs)
          if (!r.may_one)
            return std::nullopt;
        for (size_t d = 0; d < reqs.size(); ++d)
          child.push_back({any_sym(), true, false});
      } else {
        if (!flexible && !reqs.empty())
          return std::nullopt;
        for (int d = uniform(0, 3); d > 0; --d)
          child.push_back({any_sym(), true, false});
      }
      E x = gen(depth - 1, child, keepdims ? false : true);
      if (x.rank() != 1) {
        std::vector<int> flat;
        for (int s : x.dims)
          if (s != kOne)
            flat.push_back(s);
        inferred_.push_back(flat);
      }
      std::string text =
          "T::argmax(" + x.text + (keepdims ? ", std::nullopt, true)" : ")");
      std::vector<int> dims(keepdims ? x.rank() : 0, kOne);
      std::vector<bool> ones(dims.size(), true);
      return make([&] { return T::argmax(x.var, std::nullopt, keepdims); },
                  R::argmax(x.node, std::nullopt, keepdims), text, dims, ones);
    }
    Reqs child = reqs;
    int64_t axis;
    if (keepdims) {
      std::vector<int64_t> candidates;
      for (size_t d = 0; d < reqs.size(); ++d)
        if (reqs[d].may_one)
          candidates.push_back(static_cast<int64_t>(d));
      if (candidates.empty())
        return std::nullopt;
      axis = pick_from(candidates);
      child[axis] = {any_sym(), true, false};
    } else {
      if (reqs.size() >= 3)
        return std::nullopt;
      axis = uniform(0, static_cast<int>(reqs.size()));
      child.insert(child.begin() + axis, {any_sym(), true, false});
    }
    E x = gen(depth - 1, child, false);
    int64_t given = chance(0.3) ? axis - x.rank() : axis;
    bool method = chance(0.5);
    std::string args = std::to_string(given) + (keepdims ? ", true" : "");
    std::string text = method ? x.text + ".argmax(" + args + ")"
                              : "T::argmax(" + x.text + ", " + args + ")";
    std::vector<int> dims;
    std::vector<bool> ones;
    for (int d = 0; d < x.rank(); ++d) {
      if (d != axis) {
        dims.push_back(x.dims[d]);
        ones.push_back(x.ones[d]);
      } else if (keepdims) {
        dims.push_back(kOne);
        ones.push_back(true);
      }
    }
    return make(
        [&] {
          return method ? x.var.argmax(static_cast<int>(given), keepdims)
                        : T::argmax(x.var, static_cast<int>(given), keepdims);
        },
        R::argmax(x.node, given, keepdims), text, dims, ones);
  }

  std::optional<E> gen_dot(int depth, const Reqs &reqs_in, bool flexible) {
    Reqs reqs = reqs_in;
    if (reqs.size() > 2) {
      if (!flexible)
        return std::nullopt;
      for (size_t d = 0; d + 2 < reqs.size(); ++d)
        if (!reqs[d].may_one)
          return std::nullopt;
      reqs.erase(reqs.begin(), reqs.end() - 2);
    }
    if (reqs.size() == 2 && chance(0.2)) {
      // T::outer of two vectors (a dimshuffle each).
      E a = gen(depth - 1, {reqs[0]}, false);
      E b = gen(depth - 1, {reqs[1]}, false);
      R::NodeP node = R::binary(Op::Mul, R::dimshuffle(a.node, {0, -1}),
                                R::dimshuffle(b.node, {-1, 0}));
      return make([&] { return T::outer(a.var, b.var); }, node,
                  "T::outer(" + a.text + ", " + b.text + ")",
                  {a.dims[0], b.dims[0]}, {a.ones[0], b.ones[0]});
    }
    DimReq k{any_sym(), false, false};
    Reqs ra, rb;
    switch (reqs.size()) {
    case 0:
      ra = {k};
      rb = {k};
      break;
    case 1:
      if (chance(0.5)) {
        ra = {reqs[0], k};
        rb = {k};
      } else {
        ra = {k};
        rb = {k, reqs[0]};
      }
      break;
    default:
      ra = {reqs[0], k};
      rb = {k, reqs[1]};
      break;
    }
    E a = gen(depth - 1, ra, false);
    E b = gen(depth - 1, rb, false);
    if (R::promote(a.dtype(), b.dtype()) == DType::Bool)
      b = cast(b, pick({DType::Int32, DType::Float32, DType::Float64}));
    std::vector<int> dims;
    std::vector<bool> ones;
    if (a.rank() == 2) {
      dims.push_back(a.dims[0]);
      ones.push_back(a.ones[0]);
    }
    if (b.rank() == 2) {
      dims.push_back(b.dims[1]);
      ones.push_back(b.ones[1]);
    }
    return make([&] { return T::dot(a.var, b.var); }, R::dot(a.node, b.node),
                "T::dot(" + a.text + ", " + b.text + ")", dims, ones);
  }

  /// T::broadcast_to to the sizes of fixed symbols (its sizes are
  /// static) of an operand of those or of 1, with fewer dimensions or as
  /// many. The reference broadcasts with where(true, x, x).
  std::optional<E> gen_broadcast_to(int depth, const Reqs &reqs) {
    std::vector<int64_t> shape;
    std::vector<int> dims;
    std::vector<bool> ones;
    Reqs child;
    for (const DimReq &r : reqs) {
      if (!syms_[r.sym].fixed)
        return std::nullopt;
      shape.push_back(syms_[r.sym].values[0]);
      dims.push_back(r.sym);
      ones.push_back(shape.back() == 1);
      child.push_back({r.sym, true, false});
    }
    E x = gen(depth - 1, child, true);
    R::Array all(DType::Bool, shape);
    for (int64_t k = 0; k < all.size(); ++k)
      all.set(k, 1);
    std::string text = "T::broadcast_to(" + x.text + ", {";
    for (size_t d = 0; d < shape.size(); ++d)
      text += (d ? ", " : "") + std::to_string(shape[d]);
    text += "})";
    return make([&] { return T::broadcast_to(x.var, shape); },
                R::where(R::constant(all), x.node, x.node), text, dims, ones);
  }

  std::optional<E> gen_transpose(int depth, const Reqs &reqs) {
    int rank = static_cast<int>(reqs.size());
    std::vector<int64_t> perm(rank);
    std::iota(perm.begin(), perm.end(), 0);
    bool reverse = chance(0.5);
    if (reverse)
      std::reverse(perm.begin(), perm.end());
    else
      std::shuffle(perm.begin(), perm.end(), rng_);
    // Output dimension p is input dimension perm[p].
    Reqs child(rank);
    for (int p = 0; p < rank; ++p)
      child[perm[p]] = reqs[p];
    E x = gen(depth - 1, child, false);
    std::vector<int> dims;
    std::vector<bool> ones;
    for (int p = 0; p < rank; ++p) {
      dims.push_back(x.dims[perm[p]]);
      ones.push_back(x.ones[perm[p]]);
    }
    if (reverse) {
      bool method = chance(0.6);
      return make([&] { return method ? x.var.T() : T::transpose(x.var); },
                  R::transpose(x.node),
                  method ? x.text + ".T()" : "T::transpose(" + x.text + ")",
                  dims, ones);
    }
    std::string text = "T::transpose(" + x.text + ", std::vector<int64_t>{";
    for (int p = 0; p < rank; ++p)
      text += (p ? ", " : "") + std::to_string(perm[p]);
    text += "})";
    return make([&] { return T::transpose(x.var, perm); },
                R::transpose(x.node, perm), text, dims, ones);
  }

  std::optional<E> gen_dimshuffle(int depth, const Reqs &reqs) {
    // Output positions that are new axes ('x').
    std::vector<bool> is_x(reqs.size(), false);
    std::vector<int> kept;
    for (size_t p = 0; p < reqs.size(); ++p) {
      is_x[p] = reqs[p].may_one && chance(0.3);
      if (!is_x[p])
        kept.push_back(static_cast<int>(p));
    }
    // The input has the kept dimensions in a random order, plus perhaps a
    // static 1 that is dropped.
    std::vector<int> order =
        kept; // input axis i holds output position order[i]
    std::shuffle(order.begin(), order.end(), rng_);
    int drop = -1;
    if (chance(0.4) && order.size() < 3) {
      drop = uniform(0, static_cast<int>(order.size()));
      order.insert(order.begin() + drop, -1);
    }
    Reqs child;
    for (int p : order)
      child.push_back(p < 0 ? DimReq{kOne, true, true} : reqs[p]);
    E x = gen(depth - 1, child, false);
    std::vector<int64_t> pattern;
    std::vector<int> dims;
    std::vector<bool> ones;
    for (size_t p = 0; p < reqs.size(); ++p) {
      if (is_x[p]) {
        pattern.push_back(-1);
        dims.push_back(kOne);
        ones.push_back(true);
        continue;
      }
      int axis = static_cast<int>(
          std::find(order.begin(), order.end(), static_cast<int>(p)) -
          order.begin());
      pattern.push_back(axis);
      dims.push_back(x.dims[axis]);
      ones.push_back(x.ones[axis]);
    }
    std::string text = x.text + ".dimshuffle({";
    std::vector<T::DimSpec> specs;
    for (size_t i = 0; i < pattern.size(); ++i) {
      text += i ? ", " : "";
      if (pattern[i] < 0) {
        text += "'x'";
        specs.emplace_back('x');
      } else {
        text += std::to_string(pattern[i]);
        specs.emplace_back(static_cast<int>(pattern[i]));
      }
    }
    text += "})";
    return make([&] { return x.var.dimshuffle(specs); },
                R::dimshuffle(x.node, pattern), text, dims, ones);
  }

  std::optional<E> gen_reshape(int depth, const Reqs &reqs) {
    R::Shape target;
    std::vector<int> dims;
    std::vector<bool> ones;
    int inferred = -1;
    std::vector<int> child_syms;
    for (size_t p = 0; p < reqs.size(); ++p) {
      const DimReq &r = reqs[p];
      if (r.static_one || r.sym == kOne || (r.may_one && chance(0.25))) {
        target.push_back(1);
        dims.push_back(kOne);
        ones.push_back(true);
        continue;
      }
      const Sym &sym = syms_[r.sym];
      if (sym.fixed && (inferred >= 0 || chance(0.7))) {
        target.push_back(sym.values[0]);
      } else {
        if (inferred >= 0)
          return std::nullopt; // two varying sizes: cannot be expressed
        inferred = static_cast<int>(p);
        target.push_back(-1);
      }
      dims.push_back(r.sym);
      ones.push_back(false);
      child_syms.push_back(r.sym);
    }
    // The input: the same sizes in another order, with 1s.
    if (chance(0.5) && child_syms.size() < 4)
      child_syms.push_back(kOne);
    std::shuffle(child_syms.begin(), child_syms.end(), rng_);
    Reqs child;
    for (int s : child_syms)
      child.push_back({s, s == kOne, false});
    E x = gen(depth - 1, child, false);
    if (inferred >= 0)
      inferred_.push_back({dims[inferred]});
    bool method = chance(0.5);
    std::string shape_text = "{";
    for (size_t i = 0; i < target.size(); ++i)
      shape_text += (i ? ", " : "") + std::to_string(target[i]);
    shape_text += "}";
    std::string text = method
                           ? x.text + ".reshape(" + shape_text + ")"
                           : "T::reshape(" + x.text + ", " + shape_text + ")";
    return make(
        [&] {
          return method ? x.var.reshape(target) : T::reshape(x.var, target);
        },
        R::reshape(x.node, target), text, dims, ones);
  }

  std::optional<E> gen_cast(int depth, const Reqs &reqs, bool flexible) {
    E x = gen(depth - 1, reqs, flexible);
    DType to = flavor_ == Flavor::Gradient
                   ? pick({DType::Bool, DType::Int32, DType::Int64,
                           DType::Float64, DType::Float64})
               : flavor_ == Flavor::MixedGradient
                   ? pick({DType::Bool, DType::Int32, DType::Int64,
                           DType::Float32, DType::Float64})
                   : pick({DType::Bool, DType::Int8, DType::Int16, DType::Int32,
                           DType::Int64, DType::Float32, DType::Float32,
                           DType::Float64, DType::Float64});
    if (R::is_float_dtype(x.dtype()) && !R::is_float_dtype(to) &&
        to != DType::Bool && chance(0.5))
      x = unary(Op::Round, x); // exact integers: no truncation near ties
    return cast(x, to);
  }

  std::mt19937 rng_;
  int calls_ = 1;
  bool big_ = false;
  /// Which input dtypes the graph prefers.
  enum class Flavor {
    Mixed,
    Float32,
    Integer,
    Gradient,
    MixedGradient
  } flavor_ = Flavor::Mixed;
  std::vector<Sym> syms_;
  std::vector<InputInfo> inputs_;
  std::vector<std::vector<int>> inferred_;
  std::vector<std::string> checks_;
};

//===----------------------------------------------------------------------===//
// Running and comparing
//===----------------------------------------------------------------------===//

struct Totals {
  int graphs = 0;
  int calls = 0;
  int compiles = 0;
  int failures = 0;
  int64_t compared = 0;
  int64_t skipped = 0;
};

/// Compares one output; returns "" or a description of the mismatches.
std::string compare(const R::Array &expected, const R::Array &got,
                    Totals &totals) {
  if (got.dtype != expected.dtype)
    return "dtype: got " + R::dtype_str(got.dtype) + ", expected " +
           R::dtype_str(expected.dtype) + "\n";
  if (got.shape != expected.shape)
    return "shape: got " + R::shape_str(got.shape) + ", expected " +
           R::shape_str(expected.shape) + "\n";
  std::string report;
  int shown = 0;
  for (int64_t k = 0; k < expected.size(); ++k) {
    if (expected.unknown[k] == R::kUnknown) {
      ++totals.skipped;
      continue;
    }
    ++totals.compared;
    bool ok;
    std::string detail;
    if (!expected.floating()) {
      ok = got.n[k] == expected.n[k];
    } else {
      double e = expected.f[k], g = got.f[k];
      if (std::isnan(e) || std::isnan(g))
        ok = std::isnan(e) && std::isnan(g);
      else if (std::isinf(e) || std::isinf(g))
        ok = e == g;
      else
        ok = std::fabs(g - e) <= R::tolerance(expected, k);
      char buffer[160];
      std::snprintf(buffer, sizeof buffer, " (|diff| %.3g, tolerance %.3g)",
                    std::fabs(g - e), R::tolerance(expected, k));
      detail = buffer;
    }
    if (!ok && shown++ < 8)
      report += "  element " + std::to_string(k) + ": got " +
                got.element_str(k) + ", expected " + expected.element_str(k) +
                detail + "\n";
  }
  if (shown > 8)
    report += "  ... " + std::to_string(shown - 8) + " more\n";
  return report;
}

/// A random argument for an input: its dtype, or sometimes a narrower one
/// that casts safely (the library upcasts it).
DType argument_dtype(Generator &g, DType declared) {
  if (g.gradients() || !g.chance(0.12))
    return declared;
  switch (declared) {
  case DType::Float64:
    return g.pick({DType::Float32, DType::Int32, DType::Bool});
  case DType::Float32:
    return g.pick({DType::Int16, DType::Bool});
  case DType::Int64:
    return g.pick({DType::Int32, DType::Int8});
  case DType::Int32:
    return g.pick({DType::Int16, DType::Bool});
  default:
    return declared;
  }
}

/// One call's random arguments and its signature (dtypes, which sizes are
/// 1), to predict the number of compiles.
struct CallArgs {
  std::vector<R::Array> args;
  std::vector<int64_t> signature;
};

CallArgs random_call_args(Generator &g, int call) {
  CallArgs result;
  for (const InputInfo &in : g.inputs()) {
    R::Shape shape;
    for (int s : in.dims)
      shape.push_back(g.syms()[s].values[call]);
    R::Array arg = g.random_array(argument_dtype(g, in.dtype), shape);
    result.signature.push_back(static_cast<int64_t>(arg.dtype));
    for (int64_t s : shape)
      result.signature.push_back(s == 1);
    result.args.push_back(arg);
  }
  for (const std::vector<int> &syms : g.inferred()) {
    int64_t size = 1;
    for (int s : syms)
      size *= g.syms()[s].values[call];
    result.signature.push_back(size == 1);
  }
  return result;
}

std::vector<T::detail::Argument>
library_args(const std::vector<R::Array> &args) {
  std::vector<T::detail::Argument> result;
  for (const R::Array &arg : args)
    result.push_back({nullptr, to_library(arg)});
  return result;
}

/// The call as C++ code, for reports.
std::string call_cpp(const std::vector<R::Array> &args) {
  std::string text = "  f(";
  for (size_t i = 0; i < args.size(); ++i)
    text += (i ? ",\n    " : "") + array_cpp(args[i]);
  return text + ");\n";
}

/// Runs `build`, which generates a graph's outputs. A library refusal
/// becomes `failure`; a graph the reference's rules refuse is a generator
/// bug, not a library one: reported here, and false returned.
template <typename Build>
bool generate(uint32_t seed, std::string &failure, Build &&build) {
  try {
    build();
  } catch (const BuildFailure &error) {
    failure = std::string("graph construction: ") + error.what() + "\n";
  } catch (const R::TypeError &error) {
    ADD_FAILURE() << "seed " << seed
                  << ": the generator built an invalid graph: " << error.what();
    return false;
  }
  return true;
}

/// How the graphs' functions are made: unused inputs allowed, and on the
/// GPU with DIFFERENTIAL_DEVICE=cuda (scripts/test-gpu; every call then
/// fails on a machine without one).
T::FunctionOptions function_options() {
  T::FunctionOptions options;
  options.on_unused_input = T::OnUnusedInput::Ignore;
  const char *device = std::getenv("DIFFERENTIAL_DEVICE");
  if (device && std::string(device) == "cuda")
    options.device = T::Device::cuda(0);
  return options;
}

/// Builds, compiles, calls and checks graph number `seed`; returns false and
/// prints a report on failure.
bool run_graph(uint32_t seed, Totals &totals) {
  Generator g(seed);
  int64_t compared_before = totals.compared, skipped_before = totals.skipped;
  std::vector<E> outputs;
  std::string failure;
  if (!generate(seed, failure, [&] {
        outputs.push_back(g.output());
        if (g.chance(0.25))
          outputs.push_back(g.output());
      }))
    return false;
  ++totals.graphs;

  std::string program = g.declarations();
  for (size_t i = 0; i < outputs.size(); ++i)
    program +=
        "  auto out" + std::to_string(i) + " = " + outputs[i].text + ";\n";
  if (!outputs.empty()) {
    program += "  auto f = T::function({";
    for (size_t i = 0; i < g.inputs().size(); ++i)
      program += (i ? ", " : "") + g.inputs()[i].name;
    // One output without braces: function({x}, {y}) is ambiguous in C++.
    program += outputs.size() == 1 ? "}, " : "}, {";
    for (size_t i = 0; i < outputs.size(); ++i)
      program += (i ? ", " : "") + std::string("out") + std::to_string(i);
    program += outputs.size() == 1 ? ");\n" : "});\n";
  }
  for (const std::string &check : g.checks())
    failure += "type check: " + check + "\n";
  if (std::getenv("DIFFERENTIAL_SEED")) // before a crash, if there is one
  {
    std::printf("seed %u, %d calls:\n%s", seed, g.calls(), program.c_str());
    std::fflush(stdout);
  }

  if (failure.empty()) {
    std::vector<T::Input> ins;
    for (const InputInfo &in : g.inputs())
      ins.emplace_back(in.var);
    std::vector<T::Output> outs;
    std::vector<R::NodeP> nodes;
    for (const E &e : outputs) {
      outs.emplace_back(e.var);
      nodes.push_back(e.node);
    }
    T::Function f = T::function(ins, outs, function_options());

    // Signatures, to predict the number of compiles.
    std::set<std::vector<int64_t>> signatures;
    for (int call = 0; call < g.calls() && failure.empty(); ++call) {
      CallArgs call_args = random_call_args(g, call);
      const std::vector<R::Array> &args = call_args.args;
      std::vector<T::detail::Argument> lib_args = library_args(args);
      signatures.insert(call_args.signature);
      std::string call_text = call_cpp(args);

      std::vector<R::Array> expected;
      try {
        expected = R::evaluate(nodes, args);
      } catch (const std::exception &error) {
        ADD_FAILURE() << "seed " << seed
                      << ": the reference failed: " << error.what() << "\n"
                      << program << call_text;
        return false;
      }
      std::optional<T::Outputs> results;
      try {
        results = f.call(lib_args);
      } catch (const std::exception &error) {
        failure = std::string("call ") + std::to_string(call) +
                  " threw: " + error.what() + "\n" + call_text;
        break;
      }
      ++totals.calls;
      for (size_t i = 0; i < outputs.size(); ++i) {
        R::Array got = from_library((*results)[i]);
        std::string report = compare(expected[i], got, totals);
        if (!report.empty())
          failure += "call " + std::to_string(call) + ", out" +
                     std::to_string(i) + ":\n" + report +
                     "  expected: " + expected[i].str() + "\n" +
                     "  got:      " + got.str() + "\n" + call_text;
      }
    }
    T::Stats stats = f.stats();
    totals.compiles += static_cast<int>(stats.compiles);
    if (failure.empty() && stats.compiles != signatures.size())
      failure += "compiles: " + std::to_string(stats.compiles) + " for " +
                 std::to_string(signatures.size()) + " signatures in " +
                 std::to_string(g.calls()) + " calls\n";
  }
  if (std::getenv("DIFFERENTIAL_STATS")) {
    // Which ops and dtypes the graph used, and how much it compared.
    std::map<std::string, int> ops;
    std::set<const R::Node *> seen;
    std::vector<R::NodeP> stack;
    for (const E &e : outputs)
      stack.push_back(e.node);
    while (!stack.empty()) {
      R::NodeP n = stack.back();
      stack.pop_back();
      if (!seen.insert(n.get()).second)
        continue;
      ++ops[std::string(R::op_name(n->op)) + ":" + R::dtype_str(n->dtype)];
      for (const R::NodeP &in : n->inputs)
        stack.push_back(in);
    }
    std::printf("stats seed %u compared %lld skipped %lld:", seed,
                static_cast<long long>(totals.compared - compared_before),
                static_cast<long long>(totals.skipped - skipped_before));
    for (const auto &[op, count] : ops)
      std::printf(" %s=%d", op.c_str(), count);
    std::printf("\n");
  }
  if (failure.empty())
    return true;
  ++totals.failures;
  ADD_FAILURE() << "seed " << seed << ":\n" << failure << "graph:\n" << program;
  return false;
}

/// Runs shard `shard`'s graphs with `run` and prints what they did.
/// DIFFERENTIAL_SEED=n runs only graph n (in the shard that holds it);
/// DIFFERENTIAL_GRAPHS=n runs n graphs per shard (a longer soak, with fresh
/// seeds from `soak_seeds` on beyond the default ones).
Totals run_shard(const char *what, int shard, int graphs_per_shard,
                 uint32_t first_seed, uint32_t soak_seeds,
                 bool (*run)(uint32_t, Totals &)) {
  Totals totals;
  auto start = std::chrono::steady_clock::now();
  const char *only = std::getenv("DIFFERENTIAL_SEED");
  const char *graphs = std::getenv("DIFFERENTIAL_GRAPHS");
  int per_shard = graphs ? std::atoi(graphs) : graphs_per_shard;
  for (int i = 0; i < per_shard; ++i) {
    uint32_t seed = first_seed + shard * graphs_per_shard + i;
    if (i >= graphs_per_shard)
      seed = soak_seeds + shard * per_shard + i;
    if (only && std::to_string(seed) != only)
      continue;
    run(seed, totals);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("%s shard %d: %d graphs, %d calls, %d compiles, %lld elements "
              "compared, %lld skipped, %d failing, %.1f s\n",
              what, shard, totals.graphs, totals.calls, totals.compiles,
              static_cast<long long>(totals.compared),
              static_cast<long long>(totals.skipped), totals.failures, seconds);
  return totals;
}

/// Whether the run covered at least a shard's default graphs (not
/// DIFFERENTIAL_SEED's one, nor fewer DIFFERENTIAL_GRAPHS).
bool whole_shard(int graphs_per_shard) {
  const char *graphs = std::getenv("DIFFERENTIAL_GRAPHS");
  return std::getenv("DIFFERENTIAL_SEED") == nullptr &&
         (!graphs || std::atoi(graphs) >= graphs_per_shard);
}

class Differential : public ::testing::TestWithParam<int> {};

TEST_P(Differential, RandomGraphs) {
  Totals totals =
      run_shard("values", GetParam(), kGraphsPerShard, 1000, 100000, run_graph);
  // The comparison must mostly compare (skipped: undetermined elements).
  if (whole_shard(kGraphsPerShard)) {
    EXPECT_GT(totals.compared, 2 * totals.skipped);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, Differential, ::testing::Range(0, kShards));

//===----------------------------------------------------------------------===//
// Gradients of random graphs against finite differences
//===----------------------------------------------------------------------===//
//
// A random float graph `out` becomes the cost sum(out * w), w random
// weights of out's dtype, and T::grad gives its gradient with respect to
// every float input the graph reads. Each gradient element is checked
// against central differences of the *reference's* cost, so the check
// shares nothing with the library but the graph. Elements where the
// derivative is undefined are not compared:
// - a step crosses a discontinuity: a piecewise-constant value in the graph
//   (floor, ceil, round, a comparison, argmax, a cast to an integer) differs
//   between the two steps and the point;
// - a kink: one-sided differences disagree (abs at 0, a tie of maximum, a
//   near-singularity);
// - the library's gradient is not finite where the chain rule meets an
//   infinite value or derivative, as Theano's, JAX's and PyTorch's would
//   be: a value in the graph is not finite (pow(inf, 0) is 1, but its
//   gradient is 0 * inf), or an op is at its singularity (sqrt(0) of a
//   constant zero, log(0), x / 0, 0 ** b).
// Half the graphs are float64 only; the other half (the mixed ones) have
// float32 values too. Those are differenced as their float64 twin, the
// same graph with float64 wherever it has float32, which the library's
// float32 arithmetic approximates: its gradients must agree within
// float32's precision (kFloat32Relative) where the twin and the float32
// graph agree on every piecewise-constant value and the float32 values are
// well-conditioned (the reference's error bounds within kConditioning of
// the values). Their second order is differenced twice (the twin's
// derivative along v, differenced along each input).

constexpr int kGradientShards = 4;
constexpr int kMixedGradientShards = 4;
constexpr int kGradientGraphsPerShard = 100;
/// Gradient elements checked per input and call (at random beyond it), of
/// the first order and of the second.
constexpr int64_t kElementsPerInput = 12;
constexpr int64_t kSecondOrderElementsPerInput = 4;
/// The relative tolerance of a gradient in a graph with float32 values.
constexpr double kFloat32Relative = 1e-3;
/// Calls where a float32 graph's value has an error bound above this
/// fraction of it (cancellation, overflow nearby) are not differenced.
constexpr double kConditioning = 1e-4;
/// Calls of a float32 graph at inputs a few float32 ulps away, to measure
/// the rounding of its gradients (the backward pass's cancellations).
constexpr int kJitters = 3;

/// The reference's evaluation of a gradient graph at one point.
struct Point {
  double cost = NAN; ///< sum(out * w); NaN where undefined or not finite
  double noise = 0;  ///< a bound on the cost's rounding
  double scale = 0;  ///< sum(|out * w|)
  /// The largest error bound of a finite float value relative to it.
  double conditioning = 0;
  std::vector<R::Array> steps; ///< the piecewise-constant values
  /// Some float value is not finite, or some op is at its singularity.
  bool singular_inside = false;
};

/// The graph's nodes: the float ones, the piecewise-constant ones, and the
/// operands where an op's derivative is infinite at a value.
struct GraphNodes {
  R::NodeP out;
  std::vector<R::NodeP> floats, steps;
  std::vector<std::pair<R::NodeP, double>> singularities;
};

GraphNodes graph_nodes(const R::NodeP &out) {
  GraphNodes nodes;
  nodes.out = out;
  std::set<const R::Node *> seen;
  std::vector<R::NodeP> stack = {out};
  while (!stack.empty()) {
    R::NodeP n = stack.back();
    stack.pop_back();
    if (!seen.insert(n.get()).second)
      continue;
    bool leaf = n->op == Op::Input || n->op == Op::Constant;
    if (R::is_float_dtype(n->dtype))
      nodes.floats.push_back(n);
    if (!leaf && (!R::is_float_dtype(n->dtype) || n->op == Op::Floor ||
                  n->op == Op::Ceil || n->op == Op::Round))
      nodes.steps.push_back(n);
    switch (n->op) {
    case Op::Sqrt:
    case Op::Log:
    case Op::Pow:
      nodes.singularities.push_back({n->inputs[0], 0.0});
      break;
    case Op::Log1p:
      nodes.singularities.push_back({n->inputs[0], -1.0});
      break;
    case Op::Div:
      nodes.singularities.push_back({n->inputs[1], 0.0});
      break;
    default:
      break;
    }
    for (const R::NodeP &in : n->inputs)
      stack.push_back(in);
  }
  return nodes;
}

Point evaluate_point(const GraphNodes &nodes, const std::vector<R::Array> &args,
                     const R::Array &w) {
  std::vector<R::NodeP> wanted = {nodes.out};
  wanted.insert(wanted.end(), nodes.steps.begin(), nodes.steps.end());
  wanted.insert(wanted.end(), nodes.floats.begin(), nodes.floats.end());
  for (const auto &[operand, value] : nodes.singularities)
    wanted.push_back(operand);
  std::vector<R::Array> values = R::evaluate(wanted, args);
  Point point;
  size_t floats = 1 + nodes.steps.size();
  size_t singular = floats + nodes.floats.size();
  point.steps.assign(values.begin() + 1, values.begin() + floats);
  for (size_t i = floats; i < singular; ++i) {
    const R::Array &value = values[i];
    for (int64_t k = 0; k < value.size(); ++k) {
      double v = value.f[k], err = value.err[k];
      point.singular_inside |= !std::isfinite(v);
      if (std::isfinite(v) && value.unknown[k] != R::kUnknown && err > 0)
        point.conditioning = std::max(
            point.conditioning, v == 0 ? std::numeric_limits<double>::infinity()
                                       : err / std::fabs(v));
    }
  }
  for (size_t i = singular; i < values.size(); ++i)
    for (int64_t k = 0; k < values[i].size(); ++k)
      point.singular_inside |=
          values[i].value(k) == nodes.singularities[i - singular].second;
  const R::Array &out = values[0];
  double sum = 0, bound = 0, scale = 0;
  for (int64_t k = 0; k < out.size(); ++k) {
    if (out.unknown[k] == R::kUnknown)
      return point;
    sum += out.f[k] * w.f[k];
    bound += std::fabs(w.f[k]) * out.err[k];
    scale += std::fabs(out.f[k] * w.f[k]);
  }
  point.noise = bound + 4 * std::numeric_limits<double>::epsilon() * scale;
  point.scale = scale;
  if (std::isfinite(sum) && std::isfinite(point.noise))
    point.cost = sum;
  return point;
}

/// At most `count` of the element indices below `size`, at random.
std::vector<int64_t> some_elements(int64_t size, int64_t count,
                                   std::mt19937 &rng) {
  std::vector<int64_t> elements(size);
  std::iota(elements.begin(), elements.end(), 0);
  std::shuffle(elements.begin(), elements.end(), rng);
  elements.resize(std::min(size, count));
  return elements;
}

/// The spacing of `dtype`'s values at 1 (a float dtype).
double epsilon(DType dtype) {
  return dtype == DType::Float32 ? std::numeric_limits<float>::epsilon()
                                 : std::numeric_limits<double>::epsilon();
}

/// "" if a gradient has its input's dtype and shape, else what it has.
std::string check_type(const R::Array &gradient, DType dtype,
                       const R::Shape &shape) {
  if (gradient.dtype == dtype && gradient.shape == shape)
    return "";
  return R::dtype_str(gradient.dtype) + " " + R::shape_str(gradient.shape) +
         ", expected " + R::dtype_str(dtype) + " " + R::shape_str(shape) + "\n";
}

/// `node`'s graph with float64 wherever it has float32 (inputs, casts,
/// constants, results): what the library's float32 arithmetic approximates.
/// Nodes with no float32 at or below them are shared.
R::NodeP float64_twin(const R::NodeP &node,
                      std::map<const R::Node *, R::NodeP> &memo) {
  auto it = memo.find(node.get());
  if (it != memo.end())
    return it->second;
  std::vector<R::NodeP> inputs;
  bool changed = node->dtype == DType::Float32;
  for (const R::NodeP &in : node->inputs) {
    inputs.push_back(float64_twin(in, memo));
    changed |= inputs.back() != in;
  }
  R::NodeP twin = node;
  if (changed) {
    auto copy = std::make_shared<R::Node>(*node);
    copy->inputs = std::move(inputs);
    if (copy->dtype == DType::Float32) {
      copy->dtype = DType::Float64;
      copy->value.dtype = DType::Float64; // a constant's values, exact
    }
    twin = copy;
  }
  memo.emplace(node.get(), twin);
  return twin;
}

/// Whether two points see the same piecewise-constant values.
bool same_steps(const Point &a, const Point &b) {
  for (size_t i = 0; i < a.steps.size(); ++i) {
    const R::Array &x = a.steps[i], &y = b.steps[i];
    if (x.n != y.n || x.unknown != y.unknown)
      return false;
    for (size_t k = 0; k < x.f.size(); ++k)
      if (x.f[k] != y.f[k] && !(std::isnan(x.f[k]) && std::isnan(y.f[k])))
        return false;
  }
  return true;
}

/// A function sampled at x - h, x and x + h; `noise` bounds the values'
/// rounding.
struct Samples {
  double down, center, up;
  double x_down, x, x_up;
  double noise;
};

/// Checks the derivative `symbolic` against central differences of
/// `samples`, within `relative` of its size: "" if it matches or cannot be
/// judged, counted in `totals`; else a report line naming `what`. Not
/// judged: a kink (one-sided differences disagree, or `symbolic` is off
/// the central difference but between the one-sided ones, as a tie's
/// gradient is), a gradient that is not finite where `singular`, or one
/// that overflowed its dtype where the derivative may exceed it.
struct Tolerance {
  double relative;
  double absolute = 0; ///< the library's rounding, measured
  double limit = std::numeric_limits<double>::max(); ///< the dtype's largest
};
std::string check_derivative(const std::string &what, double symbolic,
                             const Samples &s, const Tolerance &allowed,
                             bool singular, Totals &totals) {
  double forward = (s.up - s.center) / (s.x_up - s.x);
  double backward = (s.center - s.down) / (s.x - s.x_down);
  double central = (s.up - s.down) / (s.x_up - s.x_down);
  double magnitude = std::max(1.0, std::fabs(central));
  double slack = 4 * s.noise / (s.x_up - s.x);
  if (std::fabs(forward - backward) > 1e-3 * magnitude + slack ||
      (!std::isfinite(symbolic) && singular)) {
    ++totals.skipped; // no derivative here, or 0 * inf as in the peers
    return "";
  }
  double tolerance = allowed.relative * magnitude + allowed.absolute + slack;
  if (std::isinf(symbolic) && std::fabs(central) + tolerance >= allowed.limit) {
    ++totals.skipped; // the derivative may overflow the gradient's dtype
    return "";
  }
  if (std::fabs(symbolic - central) > tolerance &&
      symbolic >= std::min(forward, backward) - tolerance &&
      symbolic <= std::max(forward, backward) + tolerance) {
    ++totals.skipped; // a milder kink: one of the one-sided derivatives
    return "";
  }
  ++totals.compared;
  if (std::fabs(symbolic - central) <= tolerance)
    return "";
  char line[300];
  std::snprintf(line, sizeof line,
                "  %s: got %.17g, finite differences %.17g (forward %.17g, "
                "backward %.17g, tolerance %.3g)\n",
                what.c_str(), symbolic, central, forward, backward, tolerance);
  return line;
}

/// The second order of a graph with float32 values: the library's
/// gradient of s = sum(d cost / d x_j2 * v) with respect to each input
/// `wrt` (results[1 + wrt.size() + j]) against central differences of the
/// twin's derivative of the cost along v, itself a central difference
/// (steps of 1e-4: rounding of 1e-16 / 1e-8), at a few elements each.
template <typename Report>
void check_second_order_of_twin(
    const GraphNodes &nodes, const Point &center,
    const std::vector<R::Array> &args64, const R::Array &w, const R::Array &v,
    const std::vector<size_t> &wrt, size_t j2, const T::Outputs &results,
    const std::vector<std::vector<double>> &rounding, bool singular,
    Generator &g, Totals &totals, Report &&mismatch) {
  const size_t i2 = wrt[j2];
  const double t = 1e-4;
  // The twin's derivative along v at `at` (nan where a step crosses a
  // discontinuity), and a bound on its rounding.
  auto along_v = [&](const std::vector<R::Array> &at, double &noise) {
    std::vector<R::Array> up = at, down = at;
    for (int64_t k = 0; k < v.size(); ++k) {
      up[i2].set(k, at[i2].f[k] + t * v.f[k]);
      down[i2].set(k, at[i2].f[k] - t * v.f[k]);
    }
    Point p_up = evaluate_point(nodes, up, w);
    Point p_down = evaluate_point(nodes, down, w);
    noise = std::max(p_up.noise, p_down.noise) / t;
    if (!same_steps(center, p_up) || !same_steps(center, p_down))
      return static_cast<double>(NAN);
    return (p_up.cost - p_down.cost) / (2 * t);
  };
  double noise0;
  const double d0 = along_v(args64, noise0);
  for (size_t j = 0; j < wrt.size() && std::isfinite(d0); ++j) {
    size_t i = wrt[j];
    const R::Array hv = from_library(results[1 + wrt.size() + j]);
    if (hv.shape != args64[i].shape)
      continue; // reported with its dtype
    for (int64_t k : some_elements(args64[i].size(),
                                   kSecondOrderElementsPerInput, g.rng())) {
      double x = args64[i].f[k];
      double h = 1e-4 * std::max(1.0, std::fabs(x));
      std::vector<R::Array> moved = args64;
      moved[i].set(k, x + h);
      double noise_up, noise_down;
      double d_up = along_v(moved, noise_up);
      moved[i].set(k, x - h);
      double d_down = along_v(moved, noise_down);
      if (!std::isfinite(d_up) || !std::isfinite(d_down)) {
        ++totals.skipped; // across a discontinuity, or not finite
        continue;
      }
      Samples samples{d_down,
                      d0,
                      d_up,
                      x - h,
                      x,
                      x + h,
                      std::max({noise0, noise_up, noise_down})};
      std::string line = check_derivative(
          "d (d cost / d x" + std::to_string(i2) + " . v) / d x" +
              std::to_string(i) + "[" + std::to_string(k) + "]",
          hv.f[k], samples,
          {kFloat32Relative, 4 * rounding[wrt.size() + j][k],
           hv.dtype == DType::Float32 ? std::numeric_limits<float>::max()
                                      : std::numeric_limits<double>::max()},
          singular, totals);
      if (!line.empty())
        mismatch(line);
    }
  }
}

/// Builds graph number `seed` for gradients, compiles its cost and
/// gradients, calls it and checks every gradient; returns false and prints
/// a report on failure.
bool run_gradient_graph(uint32_t seed, Totals &totals,
                        Generator::Purpose purpose) {
  Generator g(seed, purpose);
  std::optional<E> out;
  std::string failure;
  if (!generate(seed, failure, [&] { out = g.float_output(); }))
    return false;
  ++totals.graphs;
  for (const std::string &check : g.checks())
    failure += "type check: " + check + "\n";

  // The graph's nodes (`own`), those of its float64 twin (`nodes`, which
  // are differenced; the same graph where it has no float32 value), and
  // the float inputs the output reads.
  GraphNodes own, nodes;
  std::vector<size_t> wrt;
  bool float32 = false;
  DType out_dtype = DType::Float64;
  if (out) {
    own = graph_nodes(out->node);
    std::map<const R::Node *, R::NodeP> memo;
    nodes = graph_nodes(float64_twin(out->node, memo));
    for (const R::NodeP &n : own.floats)
      float32 |= n->dtype == DType::Float32;
    out_dtype = out->dtype();
    for (size_t i = 0; i < g.inputs().size(); ++i)
      if (R::is_float_dtype(g.inputs()[i].dtype) &&
          std::find(own.floats.begin(), own.floats.end(), g.inputs()[i].node) !=
              own.floats.end())
        wrt.push_back(i);
  }
  if (failure.empty() && wrt.empty())
    return true; // no float input: nothing to differentiate
  // The input whose gradient is differentiated again.
  const size_t j2 =
      wrt.empty() ? 0 : g.uniform(0, static_cast<int>(wrt.size()) - 1);

  std::string program = g.declarations();
  std::string w_ones, v_ones;
  if (out && !wrt.empty()) {
    for (bool one : g.inputs()[wrt[j2]].declared_ones)
      v_ones +=
          std::string(v_ones.empty() ? "" : ", ") + (one ? "true" : "false");
    for (size_t d = 0; d < out->ones.size(); ++d)
      w_ones += std::string(d ? ", " : "") + (out->ones[d] ? "true" : "false");
    program += "  auto out = " + out->text + ";\n" + "  auto w = T::tensor(" +
               dtype_cpp(out_dtype) + ", {" + w_ones +
               "}, \"w\");\n  auto cost = (out * w).sum();\n" +
               "  auto v = T::tensor(" + dtype_cpp(g.inputs()[wrt[j2]].dtype) +
               ", {" + v_ones + "}, \"v\");\n" + "  auto f = T::function({";
    for (const InputInfo &in : g.inputs())
      program += in.name + ", ";
    program += "w, v}, {cost";
    for (size_t i : wrt)
      program += ", T::grad(cost, " + g.inputs()[i].name + ")";
    std::string s_text =
        "(T::grad(cost, " + g.inputs()[wrt[j2]].name + ") * v).sum()";
    for (size_t i : wrt)
      program += ", T::grad(" + s_text + ", " + g.inputs()[i].name + ")";
    program += "});\n";
  }
  if (std::getenv("DIFFERENTIAL_SEED")) {
    std::printf("seed %u, %d calls:\n%s", seed, g.calls(), program.c_str());
    std::fflush(stdout);
  }

  std::optional<T::Function> f;
  if (failure.empty()) {
    try {
      T::Var w = T::tensor(out_dtype, out->ones, "w");
      T::Var cost = (out->var * w).sum();
      std::vector<T::Input> ins;
      for (const InputInfo &in : g.inputs())
        ins.emplace_back(in.var);
      ins.emplace_back(w);
      std::vector<T::Output> outs = {cost};
      std::vector<T::Var> gradients;
      for (size_t i : wrt)
        gradients.push_back(T::grad(cost, g.inputs()[i].var));
      outs.insert(outs.end(), gradients.begin(), gradients.end());
      // Second order: a Hessian-vector product for one input's gradient.
      const InputInfo &in2 = g.inputs()[wrt[j2]];
      T::Var v = T::tensor(in2.dtype, in2.declared_ones, "v");
      ins.emplace_back(v);
      T::Var s = (gradients[j2] * v).sum();
      for (size_t i : wrt)
        outs.emplace_back(T::grad(s, g.inputs()[i].var));
      f = T::function(ins, outs, function_options());
    } catch (const std::exception &error) {
      failure +=
          std::string("building the gradients threw: ") + error.what() + "\n";
    }
  }

  std::set<std::vector<int64_t>> signatures;
  for (int call = 0; f && call < g.calls() && failure.empty(); ++call) {
    CallArgs call_args = random_call_args(g, call);
    std::vector<R::Array> args = call_args.args;
    // The twin's arguments: float32 ones as float64 (the same values), so
    // that the steps below are not rounded to float32.
    std::vector<R::Array> args64 = args;
    for (R::Array &arg : args64)
      if (arg.dtype == DType::Float32)
        arg.dtype = DType::Float64;
    R::Array value;
    try {
      value = R::evaluate({out->node}, args)[0];
    } catch (const std::exception &error) {
      ADD_FAILURE() << "seed " << seed
                    << ": the reference failed: " << error.what() << "\n"
                    << program;
      return false;
    }
    R::Array w(out_dtype, value.shape);
    for (int64_t k = 0; k < w.size(); ++k)
      w.set(k, g.real(-1, 1));
    for (int64_t size : value.shape)
      call_args.signature.push_back(size == 1);
    signatures.insert(call_args.signature);
    R::Array v(g.inputs()[wrt[j2]].dtype, args[wrt[j2]].shape);
    for (int64_t k = 0; k < v.size(); ++k)
      v.set(k, g.real(-1, 1));
    std::vector<T::detail::Argument> lib_args = library_args(args);
    lib_args.push_back({nullptr, to_library(w)});
    lib_args.push_back({nullptr, to_library(v)});
    std::vector<R::Array> call_values = args;
    call_values.push_back(w);
    call_values.push_back(v);
    std::string call_text = call_cpp(call_values);

    std::optional<T::Outputs> results;
    try {
      results = f->call(lib_args);
    } catch (const std::exception &error) {
      failure = "call " + std::to_string(call) + " threw: " + error.what() +
                "\n" + call_text;
      break;
    }
    ++totals.calls;
    Point center = evaluate_point(nodes, args64, w);
    Point own_center = float32 ? evaluate_point(own, args, w) : center;
    double c0 = center.cost;
    if (std::isnan(c0) || std::isnan(own_center.cost)) {
      ++totals.skipped; // undefined or overflowing values: no derivative
      continue;
    }
    if (float32 && (!same_steps(center, own_center) ||
                    own_center.conditioning > kConditioning)) {
      ++totals.skipped; // float32 takes another branch, or is inexact
      continue;
    }
    const bool singular = center.singular_inside || own_center.singular_inside;
    std::string report;
    int shown = 0;
    auto mismatch = [&](const std::string &line) {
      if (shown++ < 8)
        report += line;
    };
    // The library's sum of products, rounded in out's dtype, against the
    // reference's of the same graph.
    double got_cost = from_library((*results)[0]).value(0);
    double cost_noise = own_center.noise + static_cast<double>(w.size() + 2) *
                                               epsilon(out_dtype) *
                                               own_center.scale;
    if (!(std::fabs(got_cost - own_center.cost) <= cost_noise))
      mismatch("  cost: got " + std::to_string(got_cost) + ", expected " +
               std::to_string(own_center.cost) + "\n");

    // The reference at element `k` of argument `i` moved to `x`.
    auto moved_point = [&](size_t i, int64_t k, double x) {
      std::vector<R::Array> moved = args64;
      moved[i].set(k, x);
      return evaluate_point(nodes, moved, w);
    };
    // The library's own rounding through float32 values: how far its
    // gradients move when every float input moves by a few float32 ulps, a
    // move the exact gradient barely feels (x / x's gradient, 1 / x - x /
    // x^2, is 0 give or take the ulps of 1 / x).
    // Per output after the cost: the gradients, then the second order's.
    std::vector<std::vector<double>> rounding(2 * wrt.size());
    for (size_t j = 0; j < rounding.size(); ++j)
      rounding[j].assign(args[wrt[j % wrt.size()]].size(), 0.0);
    for (int jitter = 0; float32 && jitter < kJitters; ++jitter) {
      std::vector<R::Array> moved = args;
      for (R::Array &arg : moved)
        for (int64_t k = 0; arg.floating() && k < arg.size(); ++k)
          arg.set(k,
                  arg.f[k] * (1 + g.uniform(-4, 4) * epsilon(DType::Float32)));
      if (!same_steps(own_center, evaluate_point(own, moved, w)))
        continue;
      std::vector<T::detail::Argument> moved_args = library_args(moved);
      moved_args.push_back(lib_args[args.size()]);
      moved_args.push_back(lib_args[args.size() + 1]);
      T::Outputs o = f->call(moved_args);
      for (size_t j = 0; j < rounding.size(); ++j) {
        R::Array at = from_library(o[1 + j]),
                 there = from_library((*results)[1 + j]);
        for (int64_t k = 0; k < at.size() && at.shape == there.shape; ++k)
          if (std::isfinite(at.f[k]) && std::isfinite(there.f[k]))
            rounding[j][k] =
                std::max(rounding[j][k], std::fabs(at.f[k] - there.f[k]));
      }
    }

    for (size_t j = 0; j < wrt.size(); ++j) {
      size_t i = wrt[j];
      const R::Array gradient = from_library((*results)[1 + j]);
      const R::Array &arg = args64[i];
      std::string type = check_type(gradient, g.inputs()[i].dtype, arg.shape);
      if (!type.empty()) {
        mismatch("  d cost / d " + g.inputs()[i].name + ": " + type);
        continue;
      }
      for (int64_t k : some_elements(arg.size(), kElementsPerInput, g.rng())) {
        double x = arg.f[k];
        double h = 1e-6 * std::max(1.0, std::fabs(x));
        double up = x + h, down = x - h;
        Point at_up = moved_point(i, k, up), at_down = moved_point(i, k, down);
        double c_up = at_up.cost, c_down = at_down.cost;
        if (std::isnan(c_up) || std::isnan(c_down) ||
            !same_steps(center, at_up) || !same_steps(center, at_down)) {
          ++totals.skipped; // undefined, or across a discontinuity
          continue;
        }
        Samples samples{c_down,
                        c0,
                        c_up,
                        down,
                        x,
                        up,
                        std::max({center.noise, at_up.noise, at_down.noise})};
        std::string line = check_derivative(
            "d cost / d " + g.inputs()[i].name + "[" + std::to_string(k) + "]",
            gradient.f[k], samples,
            {float32 ? kFloat32Relative : 1e-5, 4 * rounding[j][k],
             g.inputs()[i].dtype == DType::Float32
                 ? std::numeric_limits<float>::max()
                 : std::numeric_limits<double>::max()},
            singular, totals);
        if (!line.empty())
          mismatch(line);
      }
    }

    // Second order: the gradient of s = sum(d cost / d x_j * v) with
    // respect to each input against central differences of the library's
    // own d cost / d x_j (checked above), at a few elements. Through
    // float32 values, differences of the library's gradient would be
    // noise: there they are taken of the twin's derivative along v.
    const size_t second = 1 + wrt.size();
    for (size_t j = 0; j < wrt.size(); ++j) {
      const InputInfo &in = g.inputs()[wrt[j]];
      std::string type = check_type(from_library((*results)[second + j]),
                                    in.dtype, args[wrt[j]].shape);
      if (!type.empty())
        mismatch("  d (d cost / d " + g.inputs()[wrt[j2]].name + " . v) / d " +
                 in.name + ": " + type);
    }
    auto s_at = [&](std::vector<T::detail::Argument> &moved, double &noise) {
      T::Outputs o = f->call(moved);
      const T::Array &gradient = o[1 + j2];
      double sum = 0, scale = 0;
      for (int64_t k = 0; k < v.size(); ++k) {
        sum += gradient.data<double>()[k] * v.f[k];
        scale += std::fabs(gradient.data<double>()[k] * v.f[k]);
      }
      noise = 64 * std::numeric_limits<double>::epsilon() * scale;
      return sum;
    };
    if (float32)
      check_second_order_of_twin(nodes, center, args64, w, v, wrt, j2, *results,
                                 rounding, singular, g, totals, mismatch);
    double noise0 = 0;
    double s0 = float32 ? NAN : s_at(lib_args, noise0);
    for (size_t j = 0; j < wrt.size() && std::isfinite(s0); ++j) {
      size_t i = wrt[j];
      const T::Array &hv = (*results)[second + j];
      for (int64_t k : some_elements(args[i].size(),
                                     kSecondOrderElementsPerInput, g.rng())) {
        double x = args[i].f[k];
        double h = 1e-5 * std::max(1.0, std::fabs(x));
        double up = x + h, down = x - h;
        if (!same_steps(center, moved_point(i, k, up)) ||
            !same_steps(center, moved_point(i, k, down))) {
          ++totals.skipped;
          continue;
        }
        std::vector<T::detail::Argument> moved = lib_args;
        T::Array at = to_library(args[i]);
        at.data<double>()[k] = up;
        moved[i] = {nullptr, at};
        double noise_up, noise_down;
        double s_up = s_at(moved, noise_up);
        at = to_library(args[i]);
        at.data<double>()[k] = down;
        moved[i] = {nullptr, at};
        double s_down = s_at(moved, noise_down);
        if (!std::isfinite(s_up) || !std::isfinite(s_down)) {
          ++totals.skipped;
          continue;
        }
        Samples samples{s_down,
                        s0,
                        s_up,
                        down,
                        x,
                        up,
                        std::max({noise0, noise_up, noise_down})};
        std::string line = check_derivative(
            "d (d cost / d " + g.inputs()[wrt[j2]].name + " . v) / d " +
                g.inputs()[i].name + "[" + std::to_string(k) + "]",
            hv.data<double>()[k], samples, {1e-4}, singular, totals);
        if (!line.empty())
          mismatch(line);
      }
    }
    if (shown > 8)
      report += "  ... " + std::to_string(shown - 8) + " more\n";
    if (!report.empty())
      failure += "call " + std::to_string(call) + ":\n" + report + call_text;
  }
  if (f && failure.empty()) {
    T::Stats stats = f->stats();
    totals.compiles += static_cast<int>(stats.compiles);
    if (stats.compiles != signatures.size())
      failure += "compiles: " + std::to_string(stats.compiles) + " for " +
                 std::to_string(signatures.size()) + " signatures\n";
  }
  if (failure.empty())
    return true;
  ++totals.failures;
  ADD_FAILURE() << "seed " << seed << " (gradients):\n"
                << failure << "graph:\n"
                << program;
  return false;
}

bool run_float64_gradient_graph(uint32_t seed, Totals &totals) {
  return run_gradient_graph(seed, totals, Generator::Purpose::Gradients);
}

bool run_mixed_gradient_graph(uint32_t seed, Totals &totals) {
  return run_gradient_graph(seed, totals, Generator::Purpose::MixedGradients);
}

class DifferentialGradients : public ::testing::TestWithParam<int> {};

TEST_P(DifferentialGradients, RandomGraphs) {
  Totals totals = run_shard("gradients", GetParam(), kGradientGraphsPerShard,
                            5000, 500000, run_float64_gradient_graph);
  // Skipped: kinks, discontinuities, undefined values.
  if (whole_shard(kGradientGraphsPerShard)) {
    EXPECT_GT(totals.compared, 4 * totals.skipped);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DifferentialGradients,
                         ::testing::Range(0, kGradientShards));

class DifferentialMixedGradients : public ::testing::TestWithParam<int> {};

TEST_P(DifferentialMixedGradients, RandomGraphs) {
  Totals totals =
      run_shard("mixed gradients", GetParam(), kGradientGraphsPerShard, 7000,
                700000, run_mixed_gradient_graph);
  // Skipped also: calls where float32 is inexact or takes another branch.
  if (whole_shard(kGradientGraphsPerShard)) {
    EXPECT_GT(totals.compared, 4 * totals.skipped);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DifferentialMixedGradients,
                         ::testing::Range(0, kMixedGradientShards));

//===----------------------------------------------------------------------===//
// Library bugs the random graphs found, kept as minimal regression tests.
//===----------------------------------------------------------------------===//

TEST(DifferentialRegressions, SumOfScalarBroadcast) {
  // numpy: m + np.sum(s) and m + np.sum(s, axis=()) are m + s. The library
  // used to add s once more per row, [[3, 5], [7, 9], [11, 13]] (prod and
  // mean too: a reduction over no axes fused into its consumer).
  auto m = T::dmatrix("m");
  auto s = T::dscalar("s");
  auto f = T::function({m, s},
                       {m + T::sum(s), m + T::sum(s, std::vector<int64_t>{})});
  T::Outputs got = f(T::ones({3, 2}), T::Array(2.0));
  EXPECT_TRUE(T::allclose(got[0], T::full({3, 2}, 3.0))) << got[0];
  EXPECT_TRUE(T::allclose(got[1], T::full({3, 2}, 3.0))) << got[1];
}

TEST(DifferentialRegressions, DotOfSumOverNoAxes) {
  auto a = T::dmatrix("a");
  auto b = T::dmatrix("b");
  auto f = T::function({a, b}, T::dot(a, T::sum(b, std::vector<int64_t>{})));
  T::Array got = f(T::array({{1., 0.}, {0., 1.}, {1., 1.}}),
                   T::array({{1., 2.}, {3., 4.}}));
  EXPECT_TRUE(
      T::allclose(got, T::array({{1., 2.}, {3., 4.}, {4., 6.}}), 1e-12, 0))
      << got;
}

TEST(DifferentialRegressions, ReshapeToStaticMatrix) {
  auto m = T::dmatrix("m");
  auto f = T::function({m}, m.reshape({2, 2}));
  T::Array got;
  ASSERT_NO_THROW(got = f(T::array({{1., 2., 3., 4.}})));
  EXPECT_TRUE(T::allclose(got, T::array({{1., 2.}, {3., 4.}}), 0, 0)) << got;
}

TEST(DifferentialRegressions, TwoReductionOutputs) {
  // Before eff0750 the second output was the first one's value: 7 and 1
  // where numpy gives 11 and 0.
  auto a = T::dvector("a");
  auto b = T::dvector("b");
  auto f = T::function({a, b}, {T::sum(a), T::sum(b)});
  T::Outputs got = f(T::array({3.0, 4.0}), T::array({5.0, 6.0}));
  EXPECT_EQ(got[0].item<double>(), 7.0);
  EXPECT_EQ(got[1].item<double>(), 11.0);
  auto g = T::function({a, b}, {T::argmax(a), T::argmax(-b)});
  T::Outputs indices = g(T::array({3.0, 4.0}), T::array({5.0, 6.0}));
  EXPECT_EQ(indices[0].item<int64_t>(), 1);
  EXPECT_EQ(indices[1].item<int64_t>(), 0);
}

TEST(DifferentialRegressions, SquareLoopSplitBetweenThreads) {
  // Seed 100894 of a longer soak (DIFFERENTIAL_GRAPHS=100): the kernel of
  // eq(x^T, x), written into a temporary that .T() then reads, loops over
  // (n, m, n) with one size value for both n; tj-cpu-parallelize outlined
  // it without passing n for the third dimension ("'scf.parallel' op
  // using value defined outside the region").
  auto x = T::tensor(T::DType::Bool, {true, false, false}, "x");
  auto f =
      T::function({x}, T::eq(x.dimshuffle({2, 1, 0}),
                             T::transpose(x, std::vector<int64_t>{0, 1, 2}))
                           .T());
  const int64_t m = 2, n = 3;
  std::vector<bool> values = {true, false, false, true, true, false};
  T::Array got = f(T::array(values, T::Shape{1, m, n}));
  ASSERT_EQ(got.shape(), (T::Shape{n, m, n}));
  // got[k, j, i] = (x[0, j, i] == x[0, j, k])
  for (int64_t k = 0; k < n; ++k)
    for (int64_t j = 0; j < m; ++j)
      for (int64_t i = 0; i < n; ++i)
        EXPECT_EQ(got.data<bool>()[(k * m + j) * n + i],
                  values[j * n + i] == values[j * n + k])
            << k << j << i;
}

TEST(DifferentialRegressions, RowChainOnlyForTheVecmat) {
  // Gradient seed 500684 of a soak, reduced: tanh(x.w) feeds only the
  // vecmat, x.w is also an output. tj-fuse-over-rows read the loop's row
  // count from the untiled tanh, which it had moved after the loop ("operand
  // #0 does not dominate this use"); then bufferization copied slices
  // through MLIR's memrefCopy, which the JIT does not link.
  auto x = T::dmatrix("x");
  auto w = T::dvector("w");
  auto z = T::dot(x, w);
  auto f = T::function({x, w}, {T::dot(T::tanh(z), x), z});
  const int64_t rows = 70, columns = 5;
  T::Array xv = T::zeros({rows, columns});
  for (int64_t i = 0; i < xv.size(); ++i)
    xv.data<double>()[i] = std::sin(0.37 * static_cast<double>(i));
  T::Array wv = T::array({0.5, -0.25, 0.125, 1.0, -1.0});
  std::optional<T::Outputs> got;
  ASSERT_NO_THROW(got = f(xv, wv));
  std::vector<double> zs(rows), gx(columns, 0.0);
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < columns; ++j)
      zs[i] += xv.at<double>(i, j) * wv.at<double>(j);
    for (int64_t j = 0; j < columns; ++j)
      gx[j] += std::tanh(zs[i]) * xv.at<double>(i, j);
  }
  for (int64_t j = 0; j < columns; ++j)
    EXPECT_NEAR((*got)[0].at<double>(j), gx[j], 1e-12) << j;
  for (int64_t i = 0; i < rows; ++i)
    EXPECT_NEAR((*got)[1].at<double>(i), zs[i], 1e-14) << i;
}

TEST(DifferentialRegressions, FusedRowsWithCopiedSlices) {
  // Gradient seed 500684 of a soak: after the fix above, bufferization of
  // the fused loop copied strided slices (several yielded results shared one
  // init), lowered to calls of MLIR's memrefCopy: "Symbols not found:
  // memrefCopy". tj-copies-to-linalg makes them loops.
  using D = T::DType;
  auto x0 = T::tensor(D::Float64, {false}, "x0");
  auto x1 = T::tensor(D::Float64, {false}, "x1");
  auto x2 = T::tensor(D::Float64, {false, false}, "x2");
  auto x3 = T::tensor(D::Float64, {false}, "x3");
  auto x4 = T::tensor(D::Float64, {false, false}, "x4");
  auto zero_if_ne = T::eq(
      T::constant(T::array(std::vector<int64_t>{4, -4, -2, -4}, T::Shape{4})),
      0.1);
  auto left = (T::transpose(T::tanh(x1), std::vector<int64_t>{0}) *
               T::pow(T::abs(T::mean(x0, 0, true)) + 0.25, zero_if_ne))
                  .max(std::vector<int64_t>{}, true);
  auto right =
      T::log1p(T::dot(T::sigmoid(x2.astype(D::Int32)),
                      T::dot(T::dot(x3, x4), T::pow(T::abs(x2) + 0.25, 2.0))));
  auto cost = (T::dot(left, right) * 0.5).sum();
  auto f = T::function({x0, x1, x2, x3, x4}, {cost, T::grad(cost, x3)});
  T::RandomState r(1);
  // x3 and x4 positive: log1p's argument is.
  std::vector<T::Array> args = {r.randn({3}), r.randn({4}), r.randn({4, 4}),
                                r.uniform({3}, 0.1, 1.0),
                                r.uniform({3, 4}, 0.1, 1.0)};
  auto call = [&] { return f(args[0], args[1], args[2], args[3], args[4]); };
  std::optional<T::Outputs> got;
  ASSERT_NO_THROW(got = call());
  T::Array x3v = args[3].copy();
  for (int64_t k = 0; k < 3; ++k) {
    const double h = 1e-6;
    args[3] = x3v.copy();
    args[3].data<double>()[k] += h;
    double up = call()[0].item<double>();
    args[3].data<double>()[k] -= 2 * h;
    double down = call()[0].item<double>();
    double numeric = (up - down) / (2 * h);
    EXPECT_NEAR((*got)[1].at<double>(k), numeric,
                1e-6 * std::max(1.0, std::fabs(numeric)))
        << k;
  }
}

TEST(DifferentialRegressions, ReshapeInferredOne) {
  // The -1 is 1 for this call, so the compiled result type is static.
  auto v = T::dvector("v");
  auto f = T::function({v}, v.reshape({5, -1}));
  T::Array got;
  ASSERT_NO_THROW(got = f(T::ones({5})));
  EXPECT_EQ(got.shape(), (T::Shape{5, 1}));
}

TEST(DifferentialRegressions, ReshapeConstant) {
  auto x = T::dscalar("x");
  auto c = T::constant(T::array({{1., 2.}, {3., 4.}}));
  auto f = T::function({x}, x + c.reshape({-1, 1}));
  T::Array got;
  ASSERT_NO_THROW(got = f(T::Array(0.0)));
  EXPECT_TRUE(T::allclose(got, T::array({{1.}, {2.}, {3.}, {4.}}), 0, 0))
      << got;
}

TEST(DifferentialRegressions, Expm1Overflow) {
  // numpy: expm1(705.0) = 1.5052499e306, expm1(float32(85)) = 8.2230e36.
  auto x = T::dvector("x");
  T::Array got = T::function({x}, T::expm1(x))(T::array({705.0}));
  EXPECT_TRUE(T::allclose(got, T::array({std::expm1(705.0)}), 1e-13, 0)) << got;
  auto y = T::fvector("y");
  T::Array got32 =
      T::function({y}, T::expm1(y))(T::array(std::vector<float>{85.f}, {1}));
  EXPECT_TRUE(T::allclose(
      got32, T::array(std::vector<float>{std::expm1(85.f)}, {1}), 1e-6, 0))
      << got32;
}

/// Exits with 0 if m.dimshuffle({'x', 0, 1}) of a matrix is right.
void dimshuffle_new_axis_on_matrix() {
  auto m = T::dmatrix("m");
  auto f = T::function({m}, m.dimshuffle({'x', 0, 1}));
  T::Array got = f(T::array({{1., 2., 3.}, {4., 5., 6.}}));
  bool ok = got.shape() == T::Shape{1, 2, 3} && got.at<double>(0, 1, 2) == 6.0;
  std::exit(ok ? 0 : 1);
}

// Crashed while compiling (SIGSEGV) before 5d04a05; a regression would
// crash again, so it runs in a child process.
TEST(DifferentialRegressionsDeathTest, DimshuffleNewAxisOnMatrix) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(dimshuffle_new_axis_on_matrix(), ::testing::ExitedWithCode(0),
              "");
}

} // namespace
