//===- Graph.cpp - Building the expression graph with eager types ---------===//
//
// Every Var is typed when it is built, with the same rules the tj dialect
// verifies (dialects/tj/TypeRules.h): a dtype and a rank, and per dimension
// whether its size is statically 1. Errors name the operation and operands.
//
//===----------------------------------------------------------------------===//

#include "lib/api/Graph.h"

#include "dialects/tj/TypeRules.h"
#include "lib/runtime/DTypes.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

namespace tensorjit {
namespace detail {

namespace {

using mlir::tj::kDynamicSize;

/// The static shape of a node: 1 where broadcastable, dynamic elsewhere.
mlir::tj::Shape staticShape(const Node &node) {
  mlir::tj::Shape shape;
  for (bool one : node.broadcastable)
    shape.push_back(one ? 1 : kDynamicSize);
  return shape;
}

std::vector<bool> onesOf(llvm::ArrayRef<int64_t> shape) {
  std::vector<bool> ones;
  for (int64_t size : shape)
    ones.push_back(size == 1);
  return ones;
}

} // namespace

uint64_t next_node_id() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}

std::string describe(const Var &var) {
  const Node &node = *var.node();
  static const char *kRanks[] = {"scalar", "vector", "matrix"};
  std::string rank =
      node.broadcastable.size() < 3
          ? kRanks[node.broadcastable.size()]
          : absl::StrCat("rank-", node.broadcastable.size(), " tensor");
  std::string type =
      absl::StrCat(std::string(dtype_name(node.dtype)), " ", rank);
  return node.name.empty() ? type : absl::StrCat(node.name, ": ", type);
}

namespace {

[[noreturn]] void fail(OpKind op, const std::vector<Var> &inputs,
                       absl::string_view message) {
  std::vector<std::string> operands;
  for (const Var &input : inputs)
    operands.push_back(describe(input));
  throw Error(absl::StrCat("tensorjit.", op_name(op), "(",
                           absl::StrJoin(operands, ", "), "): ", message));
}

template <typename T>
T check(absl::StatusOr<T> result, OpKind op, const std::vector<Var> &inputs) {
  if (!result.ok())
    fail(op, inputs, result.status().message());
  return *std::move(result);
}

mlir::tj::UnaryRule unaryRule(OpKind op) {
  switch (op) {
  case OpKind::Neg:
    return mlir::tj::UnaryRule::Numeric;
  case OpKind::Abs:
  case OpKind::Sqr:
    return mlir::tj::UnaryRule::SameKind;
  default:
    return mlir::tj::UnaryRule::FloatValued;
  }
}

mlir::tj::BinaryRule binaryRule(OpKind op) {
  switch (op) {
  case OpKind::Sub:
  case OpKind::Pow:
    return mlir::tj::BinaryRule::NoBool;
  case OpKind::Div:
    return mlir::tj::BinaryRule::TrueDivide;
  case OpKind::Lt:
  case OpKind::Le:
  case OpKind::Gt:
  case OpKind::Ge:
  case OpKind::Eq:
  case OpKind::Ne:
    return mlir::tj::BinaryRule::Comparison;
  default:
    return mlir::tj::BinaryRule::Arithmetic;
  }
}

Var unary(OpKind op, const Var &x) {
  const Node &node = node_of(x, op_name(op));
  DType dtype = to_dtype(check(
      mlir::tj::unaryResultKind(unaryRule(op), to_kind(node.dtype)), op, {x}));
  return make(op, {x}, dtype, node.broadcastable);
}

Var binary(OpKind op, const Var &a, const Var &b) {
  const Node &lhs = node_of(a, op_name(op));
  const Node &rhs = node_of(b, op_name(op));
  DType dtype = to_dtype(
      check(mlir::tj::binaryResultKind(binaryRule(op), to_kind(lhs.dtype),
                                       to_kind(rhs.dtype)),
            op, {a, b}));
  mlir::tj::Shape shape =
      check(mlir::tj::broadcastShapes({staticShape(lhs), staticShape(rhs)}), op,
            {a, b});
  return make(op, {a, b}, dtype, onesOf(shape));
}

/// numpy axes: none means all; negative counts from the end. Sorted.
std::vector<int64_t> normalizeAxes(const Axes &axes, const Var &x, OpKind op) {
  int64_t rank = x.ndim();
  std::vector<int64_t> result;
  if (!axes.get()) {
    result.resize(rank);
    std::iota(result.begin(), result.end(), 0);
    return result;
  }
  for (int64_t axis : *axes.get()) {
    if (axis < -rank || axis >= rank)
      fail(op, {x},
           absl::StrCat("axis ", axis, " is out of bounds for rank ", rank));
    result.push_back(axis < 0 ? axis + rank : axis);
  }
  std::sort(result.begin(), result.end());
  if (std::adjacent_find(result.begin(), result.end()) != result.end())
    fail(op, {x}, "an axis is repeated");
  return result;
}

Var reduce(OpKind op, mlir::tj::ReductionKind kind, const Var &x,
           const Axes &axis, bool keepdims) {
  const Node &node = node_of(x, op_name(op));
  std::vector<int64_t> axes = normalizeAxes(axis, x, op);
  mlir::tj::Shape shape =
      check(mlir::tj::reduceShape(staticShape(node), axes, keepdims), op, {x});
  DType dtype =
      to_dtype(mlir::tj::reductionResultKind(kind, to_kind(node.dtype)));
  return make(op, {x}, dtype, onesOf(shape), axes, keepdims);
}

/// Validates a reshape/broadcast_to target: sizes >= 0, one -1 if allowed.
void checkTarget(OpKind op, const Var &x, const std::vector<int64_t> &shape,
                 bool allowInferred) {
  int inferred = 0;
  for (int64_t size : shape) {
    if (size == -1 && allowInferred)
      ++inferred;
    else if (size < 0)
      fail(op, {x},
           absl::StrCat("invalid size ", size, " in the target ", "shape ",
                        shape_string(shape)));
  }
  if (inferred > 1)
    fail(op, {x}, "can only infer one size (-1) of the target shape");
}

} // namespace

const char *op_name(OpKind op) {
  static const char *kNames[] = {
      "input",    "constant",   "shared",
      "neg",      "abs",        "sqr",
      "exp",      "log",        "log1p",
      "expm1",    "sqrt",       "tanh",
      "sigmoid",  "softplus",   "sin",
      "cos",      "floor",      "ceil",
      "round",    "add",        "sub",
      "mul",      "true_div",   "pow",
      "maximum",  "minimum",    "lt",
      "le",       "gt",         "ge",
      "eq",       "neq",        "where",
      "cast",     "sum",        "mean",
      "max",      "min",        "prod",
      "argmax",   "dot",        "transpose",
      "reshape",  "dimshuffle", "broadcast_to",
      "grad",     "uniform",    "normal",
      "integers", "binomial",   "random_state_update"};
  // One name per OpKind: the last kind must be the last name.
  static_assert(sizeof(kNames) / sizeof(kNames[0]) ==
                static_cast<size_t>(OpKind::RandomNext) + 1);
  return kNames[static_cast<int>(op)];
}

bool is_unary(OpKind op) { return op >= OpKind::Neg && op <= OpKind::Round; }
bool is_binary(OpKind op) { return op >= OpKind::Add && op <= OpKind::Ne; }
bool is_random_draw(OpKind op) {
  return op >= OpKind::RandomUniform && op <= OpKind::RandomBinomial;
}

Var make(OpKind op, std::vector<Var> inputs, DType dtype,
         std::vector<bool> broadcastable, std::vector<int64_t> ints,
         bool keepdims) {
  if (!is_random_draw(op) && op != OpKind::RandomNext)
    for (const Var &input : inputs)
      if (node_of(input, op_name(op)).rng)
        fail(op, inputs,
             absl::StrCat(input.name().empty() ? "an operand" : input.name(),
                          " is a random generator state, not a tensor"));
  auto node = std::make_shared<Node>();
  node->op = op;
  node->inputs = std::move(inputs);
  node->dtype = dtype;
  node->broadcastable = std::move(broadcastable);
  node->ints = std::move(ints);
  node->keepdims = keepdims;
  node->id = next_node_id();
  return Var(std::move(node));
}

const Node &node_of(const Var &var, const char *where) {
  if (!var.node())
    throw Error(absl::StrCat("tensorjit.", where,
                             ": a null Var (default-constructed) was used"));
  return *var.node();
}

std::vector<const Node *> topological_order(const std::vector<Var> &outputs) {
  std::vector<const Node *> order;
  absl::flat_hash_set<const Node *> visited;
  // Iterative post-order DFS: graphs can be deep (long training loops).
  std::vector<std::pair<const Node *, size_t>> stack;
  for (const Var &output : outputs) {
    const Node *root = &node_of(output, "function");
    if (!visited.insert(root).second)
      continue;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto &[node, next] = stack.back();
      if (next < node->inputs.size()) {
        const Node *input = node->inputs[next++].node().get();
        if (visited.insert(input).second)
          stack.push_back({input, 0});
        continue;
      }
      order.push_back(node);
      stack.pop_back();
    }
  }
  return order;
}

Var substitute(const Var &var,
               const std::vector<std::pair<const Node *, Var>> &replacements) {
  absl::flat_hash_map<const Node *, Var> done;
  for (const auto &[node, replacement] : replacements)
    done[node] = replacement;
  // Post-order over the original graph: rebuild a node when an operand
  // changed.
  for (const Node *node : topological_order({var})) {
    if (done.contains(node))
      continue;
    bool changed = false;
    std::vector<Var> inputs;
    for (const Var &input : node->inputs) {
      auto it = done.find(input.node().get());
      inputs.push_back(it == done.end() ? input : it->second);
      changed |= it != done.end() && it->second.node() != input.node();
    }
    if (!changed)
      continue;
    auto copy = std::make_shared<Node>(*node);
    copy->inputs = std::move(inputs);
    copy->id = next_node_id();
    done[node] = Var(std::move(copy));
  }
  auto it = done.find(var.node().get());
  return it == done.end() ? var : it->second;
}

Var literal(double value, bool integral, const Var &like) {
  DType near = node_of(like, "literal").dtype;
  DType dtype;
  if (is_float(near)) {
    dtype = near;
  } else if (!integral) {
    dtype = config().floatX;
  } else {
    // The smallest integer type holding the value (Theano's autocast).
    dtype = DType::Int64;
    for (DType candidate : {DType::Int8, DType::Int16, DType::Int32}) {
      double limit = std::ldexp(1.0, 8 * itemsize(candidate) - 1);
      if (value >= -limit && value < limit) {
        dtype = candidate;
        break;
      }
    }
  }
  return constant(full({}, value, dtype));
}

} // namespace detail

using detail::Node;
using detail::OpKind;

DimSpec::DimSpec(char x) : axis_(-1) {
  if (x != 'x')
    throw Error(std::string("dimshuffle: a pattern entry is an axis or 'x', "
                            "not '") +
                x + "'");
}

const std::string &Var::name() const {
  return detail::node_of(*this, "name").name;
}
DType Var::dtype() const { return detail::node_of(*this, "dtype").dtype; }
int64_t Var::ndim() const {
  return detail::node_of(*this, "ndim").broadcastable.size();
}
const std::vector<bool> &Var::broadcastable() const {
  return detail::node_of(*this, "broadcastable").broadcastable;
}
const std::shared_ptr<const detail::Node> &Var::node() const { return node_; }

Var Var::sum(Axes axis, bool keepdims) const {
  return tensorjit::sum(*this, axis, keepdims);
}
Var Var::mean(Axes axis, bool keepdims) const {
  return tensorjit::mean(*this, axis, keepdims);
}
Var Var::max(Axes axis, bool keepdims) const {
  return tensorjit::max(*this, axis, keepdims);
}
Var Var::min(Axes axis, bool keepdims) const {
  return tensorjit::min(*this, axis, keepdims);
}
Var Var::prod(Axes axis, bool keepdims) const {
  return tensorjit::prod(*this, axis, keepdims);
}
Var Var::argmax(std::optional<int> axis, bool keepdims) const {
  return tensorjit::argmax(*this, axis, keepdims);
}
Var Var::T() const { return transpose(*this); }
Var Var::reshape(std::vector<int64_t> shape) const {
  return tensorjit::reshape(*this, std::move(shape));
}
Var Var::astype(DType dtype) const { return cast(*this, dtype); }

Var Var::dimshuffle(std::vector<DimSpec> pattern) const {
  const Node &node = detail::node_of(*this, "dimshuffle");
  int64_t rank = ndim();
  std::vector<int64_t> ints;
  std::vector<bool> used(rank, false), ones;
  for (const DimSpec &spec : pattern) {
    int64_t axis = spec.axis();
    if (axis >= rank || axis < -1)
      detail::fail(
          OpKind::Dimshuffle, {*this},
          absl::StrCat("axis ", axis, " is out of bounds for rank ", rank));
    if (axis >= 0 && used[axis])
      detail::fail(OpKind::Dimshuffle, {*this},
                   absl::StrCat("axis ", axis, " appears twice"));
    if (axis >= 0)
      used[axis] = true;
    ints.push_back(axis);
    ones.push_back(axis < 0 || node.broadcastable[axis]);
  }
  for (int64_t axis = 0; axis < rank; ++axis)
    if (!used[axis] && !node.broadcastable[axis])
      detail::fail(OpKind::Dimshuffle, {*this},
                   absl::StrCat("cannot drop axis ", axis,
                                ": it is not broadcastable (size 1)"));
  return detail::make(OpKind::Dimshuffle, {*this}, node.dtype, ones, ints);
}

Var tensor(DType dtype, std::vector<bool> broadcastable, std::string name) {
  auto node = std::make_shared<Node>();
  node->op = OpKind::Input;
  node->dtype = dtype;
  node->broadcastable = std::move(broadcastable);
  node->name = std::move(name);
  node->id = detail::next_node_id();
  return Var(std::move(node));
}

Var detail::tensor_of_rank(DType dtype, int64_t rank, std::string name) {
  if (rank < 0)
    throw Error("tensorjit.tensor: negative rank " + std::to_string(rank));
  return tensor(dtype, std::vector<bool>(rank, false), std::move(name));
}

Var constant(Array value, std::string name) {
  auto node = std::make_shared<Node>();
  node->op = OpKind::Constant;
  node->dtype = value.dtype();
  node->broadcastable = detail::onesOf(value.shape());
  node->name = std::move(name);
  node->value = std::move(value);
  node->id = detail::next_node_id();
  return Var(std::move(node));
}

#define TENSORJIT_FLOATX_CONSTRUCTOR(name, ...)                                \
  Var name(std::string varName, std::optional<DType> dtype) {                  \
    return tensor(dtype.value_or(config().floatX), __VA_ARGS__,                \
                  std::move(varName));                                         \
  }
TENSORJIT_FLOATX_CONSTRUCTOR(scalar, std::vector<bool>{})
TENSORJIT_FLOATX_CONSTRUCTOR(vector, std::vector<bool>{false})
TENSORJIT_FLOATX_CONSTRUCTOR(row, std::vector<bool>{true, false})
TENSORJIT_FLOATX_CONSTRUCTOR(col, std::vector<bool>{false, true})
TENSORJIT_FLOATX_CONSTRUCTOR(matrix, 2)
TENSORJIT_FLOATX_CONSTRUCTOR(tensor3, 3)
TENSORJIT_FLOATX_CONSTRUCTOR(tensor4, 4)
#undef TENSORJIT_FLOATX_CONSTRUCTOR

#define TENSORJIT_UNARY(function, kind)                                        \
  Var function(const Var &x) { return detail::unary(OpKind::kind, x); }
TENSORJIT_UNARY(neg, Neg)
TENSORJIT_UNARY(abs, Abs)
TENSORJIT_UNARY(exp, Exp)
TENSORJIT_UNARY(log, Log)
TENSORJIT_UNARY(log1p, Log1p)
TENSORJIT_UNARY(expm1, Expm1)
TENSORJIT_UNARY(sqrt, Sqrt)
TENSORJIT_UNARY(sqr, Sqr)
TENSORJIT_UNARY(tanh, Tanh)
TENSORJIT_UNARY(sigmoid, Sigmoid)
TENSORJIT_UNARY(softplus, Softplus)
TENSORJIT_UNARY(sin, Sin)
TENSORJIT_UNARY(cos, Cos)
TENSORJIT_UNARY(floor, Floor)
TENSORJIT_UNARY(ceil, Ceil)
TENSORJIT_UNARY(round, Round)
#undef TENSORJIT_UNARY
Var operator-(const Var &x) { return neg(x); }

#define TENSORJIT_BINARY(function, kind)                                       \
  Var function(const Var &a, const Var &b) {                                   \
    return detail::binary(OpKind::kind, a, b);                                 \
  }
TENSORJIT_BINARY(add, Add)
TENSORJIT_BINARY(sub, Sub)
TENSORJIT_BINARY(mul, Mul)
TENSORJIT_BINARY(true_div, Div)
TENSORJIT_BINARY(pow, Pow)
TENSORJIT_BINARY(maximum, Maximum)
TENSORJIT_BINARY(minimum, Minimum)
TENSORJIT_BINARY(lt, Lt)
TENSORJIT_BINARY(le, Le)
TENSORJIT_BINARY(gt, Gt)
TENSORJIT_BINARY(ge, Ge)
TENSORJIT_BINARY(eq, Eq)
TENSORJIT_BINARY(neq, Ne)
#undef TENSORJIT_BINARY

Var cast(const Var &x, DType dtype) {
  const Node &node = detail::node_of(x, "cast");
  if (node.dtype == dtype)
    return x;
  return detail::make(OpKind::Cast, {x}, dtype, node.broadcastable);
}

Var where(const Var &cond, const Var &a, const Var &b) {
  detail::node_of(cond, "where");
  // numpy and Theano take any condition, true where nonzero.
  Var condition = cond.dtype() == DType::Bool ? cond : cast(cond, DType::Bool);
  const Node &c = *condition.node();
  const Node &x = detail::node_of(a, "where");
  const Node &y = detail::node_of(b, "where");
  mlir::tj::Shape shape = detail::check(
      mlir::tj::broadcastShapes({detail::staticShape(c), detail::staticShape(x),
                                 detail::staticShape(y)}),
      OpKind::Select, {cond, a, b});
  return detail::make(OpKind::Select, {condition, a, b},
                      promote_types(x.dtype, y.dtype), detail::onesOf(shape));
}

#define TENSORJIT_REDUCTION(function, kind)                                    \
  Var function(const Var &x, Axes axis, bool keepdims) {                       \
    return detail::reduce(OpKind::kind, mlir::tj::ReductionKind::kind, x,      \
                          axis, keepdims);                                     \
  }
TENSORJIT_REDUCTION(sum, Sum)
TENSORJIT_REDUCTION(mean, Mean)
TENSORJIT_REDUCTION(max, Max)
TENSORJIT_REDUCTION(min, Min)
TENSORJIT_REDUCTION(prod, Prod)
#undef TENSORJIT_REDUCTION

Var argmax(const Var &x, std::optional<int> axis, bool keepdims) {
  detail::node_of(x, "argmax");
  if (!axis) {
    // numpy: the index into the flattened array.
    Var flat = x.ndim() == 1 ? x : reshape(x, {-1});
    Var index = detail::reduce(OpKind::Argmax, mlir::tj::ReductionKind::Argmax,
                               flat, Axes(0), false);
    return keepdims ? reshape(index, std::vector<int64_t>(x.ndim(), 1)) : index;
  }
  return detail::reduce(OpKind::Argmax, mlir::tj::ReductionKind::Argmax, x,
                        Axes(*axis), keepdims);
}

Var dot(const Var &a, const Var &b) {
  const Node &lhs = detail::node_of(a, "dot");
  const Node &rhs = detail::node_of(b, "dot");
  mlir::tj::Shape shape = detail::check(
      mlir::tj::dotShape(detail::staticShape(lhs), detail::staticShape(rhs)),
      OpKind::Dot, {a, b});
  DType dtype = promote_types(lhs.dtype, rhs.dtype);
  if (dtype == DType::Bool)
    detail::fail(OpKind::Dot, {a, b},
                 "does not accept two bool operands; cast them first");
  return detail::make(OpKind::Dot, {a, b}, dtype, detail::onesOf(shape));
}

Var outer(const Var &a, const Var &b) {
  if (a.ndim() != 1 || b.ndim() != 1)
    detail::fail(OpKind::Mul, {a, b}, "outer takes two vectors");
  return a.dimshuffle({0, 'x'}) * b.dimshuffle({'x', 0});
}

Var transpose(const Var &x, std::optional<std::vector<int64_t>> axes) {
  const Node &node = detail::node_of(x, "transpose");
  int64_t rank = x.ndim();
  std::vector<int64_t> permutation;
  if (axes) {
    for (int64_t axis : *axes)
      permutation.push_back(axis < 0 ? axis + rank : axis);
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      permutation.push_back(i);
  }
  mlir::tj::Shape shape = detail::check(
      mlir::tj::transposeShape(detail::staticShape(node), permutation),
      OpKind::Transpose, {x});
  return detail::make(OpKind::Transpose, {x}, node.dtype, detail::onesOf(shape),
                      permutation);
}

Var reshape(const Var &x, std::vector<int64_t> shape) {
  const Node &node = detail::node_of(x, "reshape");
  detail::checkTarget(OpKind::Reshape, x, shape, /*allowInferred=*/true);
  std::vector<bool> ones;
  for (int64_t size : shape)
    ones.push_back(size == 1);
  return detail::make(OpKind::Reshape, {x}, node.dtype, ones, shape);
}

Var broadcast_to(const Var &x, std::vector<int64_t> shape) {
  const Node &node = detail::node_of(x, "broadcast_to");
  detail::checkTarget(OpKind::BroadcastTo, x, shape, /*allowInferred=*/false);
  absl::Status status =
      mlir::tj::checkBroadcastTo(detail::staticShape(node), shape);
  if (!status.ok())
    detail::fail(OpKind::BroadcastTo, {x}, status.message());
  return detail::make(OpKind::BroadcastTo, {x}, node.dtype,
                      detail::onesOf(shape), shape);
}

} // namespace tensorjit

namespace tensorjit {

Var grad(const Var &cost, const Var &wrt) {
  const Node &c = detail::node_of(cost, "grad");
  const Node &w = detail::node_of(wrt, "grad");
  if (!c.broadcastable.empty() || !is_float(c.dtype))
    detail::fail(OpKind::Grad, {cost, wrt},
                 "the cost must be a float scalar (rank 0)");
  if (!is_float(w.dtype))
    detail::fail(OpKind::Grad, {cost, wrt},
                 "gradients are taken with respect to float variables");
  std::vector<const Node *> ancestors = detail::topological_order({cost});
  if (std::find(ancestors.begin(), ancestors.end(), &w) == ancestors.end())
    detail::fail(OpKind::Grad, {cost, wrt},
                 "the cost does not depend on this variable (Theano's "
                 "disconnected input)");
  return detail::make(OpKind::Grad, {cost, wrt}, w.dtype, w.broadcastable);
}

} // namespace tensorjit
