//===- TjFolders.cpp - Constant folding and identity folds ----------------===//
//
// Each op's folder is one line naming its scalar function; the shared
// machinery evaluates it over dense constants with numpy broadcasting and
// the op's promotion rule. Integers wrap as in compiled code; a value that
// compiled code would leave undefined (an integer to a negative power, a
// float out of an integer's range) is not folded.
//
//===----------------------------------------------------------------------===//

#include "dialects/tj/TjDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <type_traits>

using namespace mlir;
using namespace mlir::tj;

namespace {

/// Constants bigger than this are left for run time.
constexpr int64_t kMaxFoldedElements = 1 << 16;

/// One element during folding: a float in `f` when `floating`, else an
/// integer (bool as 0/1) in `i`.
struct Scalar {
  int64_t i = 0;
  double f = 0;
  bool floating = false;
};

template <typename T> Scalar toScalar(T value) {
  if constexpr (std::is_floating_point_v<T>)
    return {0, static_cast<double>(value), true};
  else
    return {static_cast<int64_t>(value), 0, false};
}

// Integer arithmetic that wraps instead of overflowing (as compiled code).
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}
int64_t wrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) -
                              static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) *
                              static_cast<uint64_t>(b));
}

template <typename T> T add(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return wrapAdd(a, b);
  else
    return a + b;
}
template <typename T> T sub(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return wrapSub(a, b);
  else
    return a - b;
}
template <typename T> T mul(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return wrapMul(a, b);
  else
    return a * b;
}
template <typename T> T maximum(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    if (std::isnan(a) || std::isnan(b))
      return NAN;
  return a > b ? a : b;
}
template <typename T> T minimum(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    if (std::isnan(a) || std::isnan(b))
      return NAN;
  return a < b ? a : b;
}
/// Integer powers by squaring. A negative exponent gives 1 / a^-b truncated
/// toward zero: 1 for 1, 1 or -1 for -1, and 0 for anything else, 0
/// included (numpy raises there; compiled code cannot, see
/// tj-lower-to-linalg).
template <typename T> T power(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if (b < 0)
      return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;
    int64_t result = 1;
    for (; b; b >>= 1, a = wrapMul(a, a))
      if (b & 1)
        result = wrapMul(result, a);
    return result;
  } else {
    return std::pow(a, b);
  }
}
/// The float-valued functions never see integers: they compute in a float
/// kind. The integral branch only satisfies the generic lambda.
template <typename T, typename F> T floatOnly(T a, F fn) {
  if constexpr (std::is_floating_point_v<T>)
    return fn(a);
  else
    return a;
}

int bitWidthOf(ElementKind kind) {
  switch (kind) {
  case ElementKind::Int8:
    return 8;
  case ElementKind::Int16:
    return 16;
  case ElementKind::Int32:
    return 32;
  default:
    return 64;
  }
}

int64_t readInt(const APInt &value) {
  return value.getBitWidth() == 1 ? static_cast<int64_t>(value.getZExtValue())
                                  : value.getSExtValue();
}

/// Reads the elements of `attr` (kind `from`) as scalars of kind `to`, as
/// compiled code converts them.
void readElements(DenseIntOrFPElementsAttr attr, ElementKind from,
                  ElementKind to, SmallVectorImpl<Scalar> &out) {
  auto toFloat = [&](double v) {
    return to == ElementKind::Float32
               ? static_cast<double>(static_cast<float>(v))
               : v;
  };
  if (isFloat(from)) {
    for (APFloat v : attr.getValues<APFloat>()) {
      double d = v.convertToDouble();
      if (isFloat(to)) {
        out.push_back(toScalar(toFloat(d)));
      } else if (to == ElementKind::Bool) {
        out.push_back(toScalar(d != 0 || std::isnan(d)));
      } else {
        // NaN and values out of the target's range give its minimum, as
        // compiled code and Array::astype do (numpy on x86).
        double limit = std::ldexp(1.0, bitWidthOf(to) - 1);
        double truncated = std::trunc(d);
        bool inRange = truncated >= -limit && truncated < limit;
        out.push_back(toScalar(inRange ? static_cast<int64_t>(truncated)
                                       : static_cast<int64_t>(-limit)));
      }
    }
    return;
  }
  for (APInt v : attr.getValues<APInt>()) {
    int64_t i = readInt(v);
    // Integers convert to float32 in one rounding, as sitofp does.
    if (to == ElementKind::Float32)
      out.push_back(toScalar(static_cast<double>(static_cast<float>(i))));
    else if (isFloat(to))
      out.push_back(toScalar(static_cast<double>(i)));
    else
      out.push_back(toScalar(to == ElementKind::Bool ? int64_t(i != 0) : i));
  }
}

/// Builds the dense attribute of `type` from `values`, converting them as
/// compiled code would.
DenseElementsAttr writeElements(RankedTensorType type,
                                ArrayRef<Scalar> values) {
  ElementKind resultKind = *elementKindOf(type.getElementType());
  if (isFloat(resultKind)) {
    SmallVector<APFloat> floats;
    for (const Scalar &v : values) {
      double d = v.floating ? v.f : static_cast<double>(v.i);
      floats.push_back(resultKind == ElementKind::Float32
                           ? APFloat(static_cast<float>(d))
                           : APFloat(d));
    }
    return DenseElementsAttr::get(type, floats);
  }
  unsigned width = type.getElementType().getIntOrFloatBitWidth();
  SmallVector<APInt> ints;
  for (const Scalar &v : values) {
    // Float results never reach an integer type: casts convert when reading.
    int64_t i = v.floating ? static_cast<int64_t>(v.f) : v.i;
    if (resultKind == ElementKind::Bool)
      i = (v.floating ? v.f != 0 : v.i != 0);
    ints.push_back(APInt(64, static_cast<uint64_t>(i), true).trunc(width));
  }
  return DenseElementsAttr::get(type, ints);
}

/// The flat index into an operand of shape `shape`, broadcast against the
/// result position `index` (aligned on the right).
int64_t broadcastIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> index) {
  int64_t flat = 0, offset = index.size() - shape.size();
  for (size_t j = 0; j < shape.size(); ++j)
    flat = flat * shape[j] + (shape[j] == 1 ? 0 : index[offset + j]);
  return flat;
}

/// Evaluates `fn` elementwise over constant `operands` (kinds converted to
/// `computeKind`) into `resultType`. `fn` takes and returns Scalars.
template <typename Fn>
Attribute evaluate(ArrayRef<Attribute> operands, TypeRange operandTypes,
                   ElementKind computeKind, RankedTensorType resultType,
                   Fn fn) {
  if (!resultType.hasStaticShape() ||
      resultType.getNumElements() > kMaxFoldedElements)
    return {};
  SmallVector<SmallVector<Scalar>> values(operands.size());
  SmallVector<ArrayRef<int64_t>> shapes;
  for (auto [attr, type, out] : llvm::zip(operands, operandTypes, values)) {
    auto dense = dyn_cast_or_null<DenseIntOrFPElementsAttr>(attr);
    if (!dense)
      return {};
    auto tensor = cast<RankedTensorType>(type);
    readElements(dense, *elementKindOf(tensor.getElementType()), computeKind,
                 out);
    shapes.push_back(tensor.getShape());
  }
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> index(shape.size(), 0);
  SmallVector<Scalar> results, args(operands.size());
  for (int64_t n = 0; n < resultType.getNumElements(); ++n) {
    for (size_t k = 0; k < operands.size(); ++k) {
      const SmallVector<Scalar> &v = values[k];
      args[k] = v.size() == 1 ? v[0] : v[broadcastIndex(shapes[k], index)];
    }
    results.push_back(fn(args));
    for (int64_t d = shape.size() - 1; d >= 0 && ++index[d] == shape[d]; --d)
      index[d] = 0;
  }
  return writeElements(resultType, results);
}

/// Lifts a generic scalar lambda to Scalars of `kind`. The lambda may return
/// a value or a bool (comparisons).
template <size_t Arity, typename Fn>
Scalar apply(ElementKind kind, Fn fn, ArrayRef<Scalar> args) {
  bool f = isFloat(kind);
  if constexpr (Arity == 1)
    return f ? toScalar(fn(args[0].f)) : toScalar(fn(args[0].i));
  else
    return f ? toScalar(fn(args[0].f, args[1].f))
             : toScalar(fn(args[0].i, args[1].i));
}

template <typename OpTy, typename Fn>
OpFoldResult foldUnary(OpTy op, ArrayRef<Attribute> operands, Fn fn) {
  ElementKind kind = *elementKindOf(op.getType().getElementType());
  return evaluate(
      operands, op->getOperandTypes(), kind, op.getType(),
      [&](ArrayRef<Scalar> args) { return apply<1>(kind, fn, args); });
}

bool isSplatOf(Attribute attr, double value) {
  auto dense = dyn_cast_or_null<DenseIntOrFPElementsAttr>(attr);
  if (!dense || !dense.isSplat())
    return false;
  if (isa<FloatType>(dense.getElementType()))
    return dense.getSplatValue<APFloat>().convertToDouble() == value;
  return static_cast<double>(readInt(dense.getSplatValue<APInt>())) == value;
}

/// `x op identity` folds to x when the result type is x's type.
Value identityFold(Operation *op, Value x, Attribute other, double identity) {
  if (x.getType() == op->getResult(0).getType() && isSplatOf(other, identity))
    return x;
  return {};
}

template <typename OpTy, typename Fn>
OpFoldResult foldBinary(OpTy op, ArrayRef<Attribute> operands, Fn fn) {
  auto lhs = *elementKindOf(op.getLhs().getType().getElementType());
  auto rhs = *elementKindOf(op.getRhs().getType().getElementType());
  ElementKind kind = binaryComputeKind(OpTy::kRule, lhs, rhs);
  return evaluate(
      operands, op->getOperandTypes(), kind, op.getType(),
      [&](ArrayRef<Scalar> args) { return apply<2>(kind, fn, args); });
}

} // namespace

//===----------------------------------------------------------------------===//
// The table of folders
//===----------------------------------------------------------------------===//

#define TJ_FOLD_UNARY(Op, expr)                                                \
  OpFoldResult Op::fold(FoldAdaptor adaptor) {                                 \
    return foldUnary(*this, adaptor.getOperands(),                             \
                     [](auto x) { return expr; });                             \
  }

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getInput().getDefiningOp<NegOp>())
    return inner.getInput();
  return foldUnary(*this, adaptor.getOperands(),
                   [](auto x) { return sub(decltype(x)(0), x); });
}
OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  // |-x| is |x| (in place), and ||x|| is |x|.
  if (auto inner = getInput().getDefiningOp<NegOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  if (auto inner = getInput().getDefiningOp<AbsOp>())
    return inner.getResult();
  return foldUnary(*this, adaptor.getOperands(),
                   [](auto x) { return x < 0 ? sub(decltype(x)(0), x) : x; });
}
TJ_FOLD_UNARY(SqrOp, mul(x, x))
TJ_FOLD_UNARY(ExpOp, floatOnly(x, [](double v) { return std::exp(v); }))
TJ_FOLD_UNARY(LogOp, floatOnly(x, [](double v) { return std::log(v); }))
TJ_FOLD_UNARY(Log1pOp, floatOnly(x, [](double v) { return std::log1p(v); }))
TJ_FOLD_UNARY(Expm1Op, floatOnly(x, [](double v) { return std::expm1(v); }))
TJ_FOLD_UNARY(SqrtOp, floatOnly(x, [](double v) { return std::sqrt(v); }))
TJ_FOLD_UNARY(TanhOp, floatOnly(x, [](double v) { return std::tanh(v); }))
TJ_FOLD_UNARY(SigmoidOp,
              floatOnly(x, [](double v) { return 1 / (1 + std::exp(-v)); }))
TJ_FOLD_UNARY(SoftplusOp, floatOnly(x, [](double v) {
                return std::max(v, 0.0) + std::log1p(std::exp(-std::abs(v)));
              }))
TJ_FOLD_UNARY(SinOp, floatOnly(x, [](double v) { return std::sin(v); }))
TJ_FOLD_UNARY(CosOp, floatOnly(x, [](double v) { return std::cos(v); }))
TJ_FOLD_UNARY(FloorOp, floatOnly(x, [](double v) { return std::floor(v); }))
TJ_FOLD_UNARY(CeilOp, floatOnly(x, [](double v) { return std::ceil(v); }))
TJ_FOLD_UNARY(RoundOp, floatOnly(x, [](double v) { return std::nearbyint(v); }))
#undef TJ_FOLD_UNARY

#define TJ_FOLD_BINARY(Op, expr)                                               \
  OpFoldResult Op::fold(FoldAdaptor adaptor) {                                 \
    if (Value x = identities(*this, adaptor))                                  \
      return x;                                                                \
    return foldBinary(*this, adaptor.getOperands(),                            \
                      [](auto x, auto y) { return expr; });                    \
  }

namespace {
/// Algebraic identities, per op: x + 0, x - 0, x * 1, 1 * x, x / 1, x ** 1.
/// Adding zero ignores the sign of a zero x (-0 + 0 is +0), as Theano did.
template <typename OpTy>
Value identities(OpTy op, typename OpTy::FoldAdaptor a) {
  Value lhs = op.getLhs(), rhs = op.getRhs();
  Attribute l = a.getLhs(), r = a.getRhs();
  if constexpr (std::is_same_v<OpTy, AddOp>) {
    if (Value x = identityFold(op, lhs, r, 0))
      return x;
    return identityFold(op, rhs, l, 0);
  } else if constexpr (std::is_same_v<OpTy, MulOp>) {
    if (Value x = identityFold(op, lhs, r, 1))
      return x;
    return identityFold(op, rhs, l, 1);
  } else if constexpr (std::is_same_v<OpTy, SubOp>) {
    return identityFold(op, lhs, r, 0);
  } else if constexpr (std::is_same_v<OpTy, DivOp> ||
                       std::is_same_v<OpTy, PowOp>) {
    return identityFold(op, lhs, r, 1);
  }
  return {};
}
} // namespace

TJ_FOLD_BINARY(AddOp, add(x, y))
TJ_FOLD_BINARY(SubOp, sub(x, y))
TJ_FOLD_BINARY(MulOp, mul(x, y))
TJ_FOLD_BINARY(DivOp, x / y)
TJ_FOLD_BINARY(PowOp, power(x, y))
TJ_FOLD_BINARY(MaximumOp, maximum(x, y))
TJ_FOLD_BINARY(MinimumOp, minimum(x, y))
TJ_FOLD_BINARY(LtOp, x < y)
TJ_FOLD_BINARY(LeOp, x <= y)
TJ_FOLD_BINARY(GtOp, x > y)
TJ_FOLD_BINARY(GeOp, x >= y)
TJ_FOLD_BINARY(EqOp, x == y)
TJ_FOLD_BINARY(NeOp, x != y)
#undef TJ_FOLD_BINARY

//===----------------------------------------------------------------------===//
// Other ops
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  ElementKind to = *elementKindOf(getType().getElementType());
  return evaluate(adaptor.getOperands(), getOperation()->getOperandTypes(), to,
                  getType(), [](ArrayRef<Scalar> args) { return args[0]; });
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  auto condition =
      dyn_cast_or_null<DenseIntOrFPElementsAttr>(adaptor.getCondition());
  if (condition && condition.isSplat()) {
    Value chosen =
        condition.getSplatValue<bool>() ? getTrueValue() : getFalseValue();
    if (chosen.getType() == getType())
      return chosen;
  }
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  // transpose(transpose(x)) whose permutations cancel.
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    bool cancels = true;
    for (size_t i = 0; i < perm.size(); ++i)
      cancels &= innerPerm[perm[i]] == static_cast<int64_t>(i);
    if (cancels)
      return inner.getInput();
  }
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (!getType().hasStaticShape())
    return {};
  if (getInput().getType() == getType())
    return getInput();
  if (auto dense =
          dyn_cast_or_null<DenseIntOrFPElementsAttr>(adaptor.getInput()))
    return dense.reshape(getType());
  return {};
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (!getType().hasStaticShape())
    return {};
  if (getInput().getType() == getType())
    return getInput();
  auto dense = dyn_cast_or_null<DenseIntOrFPElementsAttr>(adaptor.getInput());
  if (dense && dense.isSplat())
    return dense.resizeSplat(getType());
  return {};
}
