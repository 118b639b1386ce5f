//===- LowerToLinalg.cpp - tj -> linalg, tensor, arith, math --------------===//
//
// Elementwise ops (everything with the BroadcastingElementwise trait) share
// one pattern: a linalg.generic over the broadcast result whose body is the
// op's scalar function from the table in `buildScalar`. Reductions, dot,
// transpose, reshape and broadcast_to each have a pattern of their own.
//
//===----------------------------------------------------------------------===//

#include "dialects/tj/TjDialect.h"
#include "passes/LowerRandom.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

namespace mlir::tj {
#define GEN_PASS_DEF_TJLOWERTOLINALG
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;
using namespace mlir::tj;

namespace {

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

Value constantScalar(OpBuilder &b, Location loc, Type type, double value) {
  if (auto f = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(f, value));
  return arith::ConstantOp::create(
      b, loc, type, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

/// The largest (or, with `lowest`, smallest) value of a scalar type: the
/// identity of min (max) reductions. Bool counts as {false, true}.
Value extremeScalar(OpBuilder &b, Location loc, Type type, bool lowest) {
  if (auto f = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, type,
        b.getFloatAttr(f, lowest ? -std::numeric_limits<double>::infinity()
                                 : std::numeric_limits<double>::infinity()));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = width == 1 ? APInt(1, lowest ? 0 : 1)
                           : (lowest ? APInt::getSignedMinValue(width)
                                     : APInt::getSignedMaxValue(width));
  return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, value));
}

/// numpy's astype for one element: bool is 0/1 and `!= 0`, floats truncate
/// toward zero into integers, integers are signed. NaN and floats out of
/// the integer's range give its minimum, as numpy on x86 (and Array::astype)
/// do: fptosi alone would give LLVM's poison.
Value convertScalar(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (to.isInteger(1)) {
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   constantScalar(b, loc, from, 0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value,
                                 constantScalar(b, loc, from, 0));
  }
  if (from.isInteger(1))
    return toFloat ? Value(arith::UIToFPOp::create(b, loc, to, value))
                   : Value(arith::ExtUIOp::create(b, loc, to, value));
  if (fromFloat && toFloat)
    return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
               ? Value(arith::ExtFOp::create(b, loc, to, value))
               : Value(arith::TruncFOp::create(b, loc, to, value));
  if (fromFloat) {
    // In range: -2^(w-1) <= trunc(x) < 2^(w-1), both bounds exact floats
    // (false for NaN).
    double limit = std::ldexp(1.0, to.getIntOrFloatBitWidth() - 1);
    Value truncated = math::TruncOp::create(b, loc, value);
    Value notBelow =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, truncated,
                              constantScalar(b, loc, from, -limit));
    Value notAbove =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, truncated,
                              constantScalar(b, loc, from, limit));
    Value inRange = arith::AndIOp::create(b, loc, notBelow, notAbove);
    Value converted = arith::FPToSIOp::create(b, loc, to, value);
    return arith::SelectOp::create(b, loc, inRange, converted,
                                   extremeScalar(b, loc, to, /*lowest=*/true));
  }
  if (toFloat)
    return arith::SIToFPOp::create(b, loc, to, value);
  return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
             ? Value(arith::ExtSIOp::create(b, loc, to, value))
             : Value(arith::TruncIOp::create(b, loc, to, value));
}

enum class Compare { Lt, Le, Gt, Ge, Eq, Ne };

/// Ordered float comparisons (false with NaN) except `ne`, which is true with
/// NaN as in numpy. Bool compares unsigned (true is 1, not -1).
Value compareScalars(OpBuilder &b, Location loc, Compare compare, Value lhs,
                     Value rhs) {
  if (isa<FloatType>(lhs.getType())) {
    static constexpr arith::CmpFPredicate predicates[] = {
        arith::CmpFPredicate::OLT, arith::CmpFPredicate::OLE,
        arith::CmpFPredicate::OGT, arith::CmpFPredicate::OGE,
        arith::CmpFPredicate::OEQ, arith::CmpFPredicate::UNE};
    return arith::CmpFOp::create(b, loc, predicates[int(compare)], lhs, rhs);
  }
  bool isBool = lhs.getType().isInteger(1);
  arith::CmpIPredicate predicates[] = {
      isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt,
      isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle,
      isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt,
      isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge,
      arith::CmpIPredicate::eq,
      arith::CmpIPredicate::ne};
  return arith::CmpIOp::create(b, loc, predicates[int(compare)], lhs, rhs);
}

/// maximum/minimum: NaN-propagating for floats (numpy's maximum), or/and
/// for bool.
Value extremum(OpBuilder &b, Location loc, bool max, Value x, Value y) {
  Type type = x.getType();
  if (isa<FloatType>(type))
    return max ? Value(arith::MaximumFOp::create(b, loc, x, y))
               : Value(arith::MinimumFOp::create(b, loc, x, y));
  if (type.isInteger(1))
    return max ? Value(arith::OrIOp::create(b, loc, x, y))
               : Value(arith::AndIOp::create(b, loc, x, y));
  return max ? Value(arith::MaxSIOp::create(b, loc, x, y))
             : Value(arith::MinSIOp::create(b, loc, x, y));
}

Value mulScalars(OpBuilder &b, Location loc, Value x, Value y) {
  Type type = x.getType();
  if (isa<FloatType>(type))
    return arith::MulFOp::create(b, loc, x, y);
  if (type.isInteger(1))
    return arith::AndIOp::create(b, loc, x, y);
  return arith::MulIOp::create(b, loc, x, y);
}

/// |x| of a float, looking through negations: |-y| is |y|, so that CSE
/// shares what is computed from it (softplus(z) and softplus(-z), the two
/// halves of a cross-entropy, share exp(-|z|) and its log1p).
Value absF(OpBuilder &b, Location loc, Value x) {
  while (auto neg = x.getDefiningOp<arith::NegFOp>())
    x = neg.getOperand();
  return math::AbsFOp::create(b, loc, x);
}

/// exp(x) - 1 without cancellation near 0: Kahan's (u - 1) * x / log(u)
/// with u = exp(x) for |x| < 0.5 (u = 1 gives x), plain u - 1 beyond, where
/// nothing cancels (and Kahan's product would overflow). The LLVM lowering
/// of math.expm1 computes exp(x) - 1, which gives 0 for x = 1e-20.
Value expm1Scalar(OpBuilder &b, Location loc, Value x) {
  Type type = x.getType();
  Value one = constantScalar(b, loc, type, 1);
  Value u = math::ExpOp::create(b, loc, x);
  Value uMinusOne = arith::SubFOp::create(b, loc, u, one);
  Value kahan =
      arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, uMinusOne, x),
                            math::LogOp::create(b, loc, u));
  Value small = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                      math::AbsFOp::create(b, loc, x),
                                      constantScalar(b, loc, type, 0.5));
  Value uIsOne =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, u, one);
  Value nearZero = arith::SelectOp::create(b, loc, uIsOne, x, kahan);
  return arith::SelectOp::create(b, loc, small, nearZero, uMinusOne);
}

/// Unary functions of one element, already converted to the result type.
Value unaryScalar(Operation *op, OpBuilder &b, Location loc, Value x) {
  Type type = x.getType();
  bool isFloatType = isa<FloatType>(type), isBool = type.isInteger(1);
  auto zero = [&] { return constantScalar(b, loc, type, 0); };
  auto one = [&] { return constantScalar(b, loc, type, 1); };
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](NegOp) {
        return isFloatType ? Value(arith::NegFOp::create(b, loc, x))
                           : Value(arith::SubIOp::create(b, loc, zero(), x));
      })
      .Case([&](AbsOp) {
        if (isBool)
          return x;
        return isFloatType ? absF(b, loc, x)
                           : Value(math::AbsIOp::create(b, loc, x));
      })
      .Case([&](SqrOp) { return mulScalars(b, loc, x, x); })
      .Case([&](ExpOp) { return math::ExpOp::create(b, loc, x); })
      .Case([&](LogOp) { return math::LogOp::create(b, loc, x); })
      .Case([&](Log1pOp) { return math::Log1pOp::create(b, loc, x); })
      .Case([&](Expm1Op) { return expm1Scalar(b, loc, x); })
      .Case([&](SqrtOp) { return math::SqrtOp::create(b, loc, x); })
      .Case([&](TanhOp) { return math::TanhOp::create(b, loc, x); })
      .Case([&](SigmoidOp) {
        // 1 / (1 + exp(-x)): exact limits 0 and 1, no NaN for any x.
        Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
        return arith::DivFOp::create(b, loc, one(),
                                     arith::AddFOp::create(b, loc, one(), e));
      })
      .Case([&](SoftplusOp) {
        // max(x, 0) + log1p(exp(-|x|)): no overflow for large |x|.
        Value negAbs = arith::NegFOp::create(b, loc, absF(b, loc, x));
        Value tail =
            math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs));
        return arith::AddFOp::create(
            b, loc, arith::MaximumFOp::create(b, loc, x, zero()), tail);
      })
      .Case([&](SinOp) { return math::SinOp::create(b, loc, x); })
      .Case([&](CosOp) { return math::CosOp::create(b, loc, x); })
      .Case([&](FloorOp) { return math::FloorOp::create(b, loc, x); })
      .Case([&](CeilOp) { return math::CeilOp::create(b, loc, x); })
      .Case([&](RoundOp) { return math::RoundEvenOp::create(b, loc, x); })
      .Default([](Operation *) { return Value(); });
}

/// Binary functions of two elements, already converted to the op's compute
/// type (see binaryComputeKind).
Value binaryScalar(Operation *op, OpBuilder &b, Location loc, Value x,
                   Value y) {
  bool isFloatType = isa<FloatType>(x.getType());
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](AddOp) { return tj::addScalars(b, loc, x, y); })
      .Case([&](SubOp) {
        return isFloatType ? Value(arith::SubFOp::create(b, loc, x, y))
                           : Value(arith::SubIOp::create(b, loc, x, y));
      })
      .Case([&](MulOp) { return mulScalars(b, loc, x, y); })
      .Case([&](DivOp) { return arith::DivFOp::create(b, loc, x, y); })
      .Case([&](PowOp) {
        if (isFloatType)
          return Value(math::PowFOp::create(b, loc, x, y));
        // A negative exponent gives 1 / x^-y truncated: 1, -1 or 0.
        // ipowi's expansion divides 1 by 0 for 0 to a negative power
        // (undefined); 2 in its place gives the 0 every other base but
        // +-1 gives (numpy raises; compiled code has no error channel).
        Value zero = constantScalar(b, loc, x.getType(), 0);
        Value zeroBase =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, zero);
        Value negative =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
        Value zeroToNegative =
            arith::AndIOp::create(b, loc, zeroBase, negative);
        Value two = constantScalar(b, loc, x.getType(), 2);
        Value base = arith::SelectOp::create(b, loc, zeroToNegative, two, x);
        return Value(math::IPowIOp::create(b, loc, base, y));
      })
      .Case([&](MaximumOp) { return extremum(b, loc, true, x, y); })
      .Case([&](MinimumOp) { return extremum(b, loc, false, x, y); })
      .Case([&](LtOp) { return compareScalars(b, loc, Compare::Lt, x, y); })
      .Case([&](LeOp) { return compareScalars(b, loc, Compare::Le, x, y); })
      .Case([&](GtOp) { return compareScalars(b, loc, Compare::Gt, x, y); })
      .Case([&](GeOp) { return compareScalars(b, loc, Compare::Ge, x, y); })
      .Case([&](EqOp) { return compareScalars(b, loc, Compare::Eq, x, y); })
      .Case([&](NeOp) { return compareScalars(b, loc, Compare::Ne, x, y); })
      .Default([](Operation *) { return Value(); });
}

/// The scalar function of an elementwise op applied to its operands'
/// elements `args`: converts them to the type the op computes in, then
/// applies the op.
Value buildScalar(Operation *op, OpBuilder &b, Location loc, ValueRange args) {
  Type resultType = getElementTypeOrSelf(op->getResult(0).getType());
  if (isa<CastOp>(op))
    return convertScalar(b, loc, args[0], resultType);
  if (isa<SelectOp>(op))
    return arith::SelectOp::create(b, loc, args[0],
                                   convertScalar(b, loc, args[1], resultType),
                                   convertScalar(b, loc, args[2], resultType));
  if (args.size() == 1)
    return unaryScalar(op, b, loc, convertScalar(b, loc, args[0], resultType));
  // Binary: comparisons (the binary ops with a bool result, with add and mul
  // of bools) compute in the promoted operand type, the rest in the result
  // type (binaryComputeKind).
  Type computeType = resultType;
  if (resultType.isInteger(1))
    computeType = elementTypeOf(op->getContext(),
                                promote(*elementKindOf(args[0].getType()),
                                        *elementKindOf(args[1].getType())));
  return binaryScalar(op, b, loc, convertScalar(b, loc, args[0], computeType),
                      convertScalar(b, loc, args[1], computeType));
}

//===----------------------------------------------------------------------===//
// Broadcasting linalg.generic
//===----------------------------------------------------------------------===//

using ScalarBody = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// Builds `linalg.generic` computing `body` over `operands` broadcast (numpy
/// rules, aligned on the right) to a result of `resultType` with `sizes`.
/// `owner[i]` is the operand whose size at result dimension i is known to be
/// the result's (or -1): such a dimension needs no run-time broadcast.
/// Operands whose dynamic sizes might be a broadcast 1 are read with
/// tensor.extract at index 0 where their size is 1.
/// The values of several results of one shape (`resultTypes`) at once, from
/// one loop nest: `body` returns one scalar per result.
using ScalarsBody =
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;
SmallVector<Value>
buildBroadcastingGeneric(OpBuilder &b, Location loc, ValueRange operands,
                         ArrayRef<RankedTensorType> resultTypes,
                         ArrayRef<OpFoldResult> sizes, ArrayRef<int64_t> owner,
                         bool assumeNoRuntimeBroadcast, ScalarsBody body) {
  RankedTensorType resultType = resultTypes.front();
  int64_t rank = resultType.getRank();
  MLIRContext *context = b.getContext();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  // For each operand: its position among `inputs`, or -1 when gathered.
  SmallVector<int64_t> inputIndex;
  for (auto [k, operand] : llvm::enumerate(operands)) {
    auto type = cast<RankedTensorType>(operand.getType());
    int64_t offset = rank - type.getRank();
    bool gather = false;
    SmallVector<AffineExpr> exprs;
    for (int64_t j = 0; j < type.getRank(); ++j) {
      int64_t size = type.getDimSize(j), i = offset + j;
      if (size == 1) {
        exprs.push_back(getAffineConstantExpr(0, context));
        continue;
      }
      exprs.push_back(getAffineDimExpr(i, context));
      bool known = !ShapedType::isDynamic(size) || owner[i] == int64_t(k) ||
                   assumeNoRuntimeBroadcast || resultType.getDimSize(i) == 1;
      gather |= !known;
    }
    if (gather) {
      inputIndex.push_back(-1);
      continue;
    }
    inputIndex.push_back(inputs.size());
    inputs.push_back(operand);
    maps.push_back(AffineMap::get(rank, 0, exprs, context));
  }
  for (size_t r = 0; r < resultTypes.size(); ++r)
    maps.push_back(b.getMultiDimIdentityMap(rank));

  // Outside the loop: for gathered operands, whether each dynamic size is 1.
  SmallVector<SmallVector<Value>> isOne(operands.size());
  for (auto [k, operand] : llvm::enumerate(operands)) {
    if (inputIndex[k] >= 0)
      continue;
    auto type = cast<RankedTensorType>(operand.getType());
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t j = 0; j < type.getRank(); ++j)
      isOne[k].push_back(
          type.isDynamicDim(j)
              ? Value(arith::CmpIOp::create(
                    b, loc, arith::CmpIPredicate::eq,
                    tensor::DimOp::create(b, loc, operand, j), one))
              : Value());
  }

  SmallVector<Value> inits;
  SmallVector<Type> types;
  for (RankedTensorType type : resultTypes) {
    inits.push_back(
        tensor::EmptyOp::create(b, loc, sizes, type.getElementType()));
    types.push_back(type);
  }
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, types, inputs, inits, maps, iterators,
      [&](OpBuilder &nested, Location loc, ValueRange blockArgs) {
        SmallVector<Value> args;
        for (auto [k, operand] : llvm::enumerate(operands)) {
          if (inputIndex[k] >= 0) {
            args.push_back(blockArgs[inputIndex[k]]);
            continue;
          }
          auto type = cast<RankedTensorType>(operand.getType());
          int64_t offset = rank - type.getRank();
          Value zero = arith::ConstantIndexOp::create(nested, loc, 0);
          SmallVector<Value> indices;
          for (int64_t j = 0; j < type.getRank(); ++j) {
            if (type.getDimSize(j) == 1) {
              indices.push_back(zero);
              continue;
            }
            Value index = linalg::IndexOp::create(nested, loc, offset + j);
            indices.push_back(isOne[k][j]
                                  ? Value(arith::SelectOp::create(
                                        nested, loc, isOne[k][j], zero, index))
                                  : index);
          }
          args.push_back(
              tensor::ExtractOp::create(nested, loc, operand, indices));
        }
        linalg::YieldOp::create(nested, loc, body(nested, loc, args));
      });
  return generic.getResults();
}

/// One result: `body` returns its scalar.
Value buildBroadcastingGeneric(OpBuilder &b, Location loc, ValueRange operands,
                               RankedTensorType resultType,
                               ArrayRef<OpFoldResult> sizes,
                               ArrayRef<int64_t> owner,
                               bool assumeNoRuntimeBroadcast, ScalarBody body) {
  return buildBroadcastingGeneric(
      b, loc, operands, ArrayRef<RankedTensorType>{resultType}, sizes, owner,
      assumeNoRuntimeBroadcast,
      [&](OpBuilder &nested, Location loc, ValueRange args) {
        return SmallVector<Value>{body(nested, loc, args)};
      })[0];
}

/// Result sizes of broadcasting `operands` to `resultType`, and the owner of
/// each dimension (see buildBroadcastingGeneric). A dynamic result size is
/// the first operand size that is not 1 (numpy's rule), decided at run time
/// when several operands have a dynamic size there.
std::pair<SmallVector<OpFoldResult>, SmallVector<int64_t>>
broadcastSizes(OpBuilder &b, Location loc, ValueRange operands,
               RankedTensorType resultType, bool assumeNoRuntimeBroadcast) {
  int64_t rank = resultType.getRank();
  SmallVector<OpFoldResult> sizes;
  SmallVector<int64_t> owner(rank, -1);
  for (int64_t i = 0; i < rank; ++i) {
    if (!resultType.isDynamicDim(i)) {
      sizes.push_back(b.getIndexAttr(resultType.getDimSize(i)));
      continue;
    }
    SmallVector<std::pair<int64_t, Value>> candidates;
    for (auto [k, operand] : llvm::enumerate(operands)) {
      auto type = cast<RankedTensorType>(operand.getType());
      int64_t j = i - (rank - type.getRank());
      if (j >= 0 && type.isDynamicDim(j))
        candidates.push_back(
            {k, tensor::DimOp::create(b, loc, operand, j).getResult()});
    }
    Value size = candidates.front().second;
    if (candidates.size() == 1 || assumeNoRuntimeBroadcast) {
      owner[i] = candidates.front().first;
    } else {
      Value one = arith::ConstantIndexOp::create(b, loc, 1);
      for (auto &candidate : llvm::drop_begin(candidates)) {
        Value isOne =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size, one);
        size = arith::SelectOp::create(b, loc, isOne, candidate.second, size);
      }
    }
    sizes.push_back(size);
  }
  return {sizes, owner};
}

/// `value` converted elementwise to `elementType` (unchanged if it has it).
Value castTensor(OpBuilder &b, Location loc, Value value, Type elementType) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType() == elementType)
    return value;
  auto resultType = type.clone(elementType);
  auto [sizes, owner] = broadcastSizes(b, loc, value, resultType, true);
  return buildBroadcastingGeneric(
      b, loc, value, resultType, sizes, owner, true,
      [&](OpBuilder &nested, Location loc, ValueRange args) {
        return convertScalar(nested, loc, args[0], elementType);
      });
}

/// Mixed static/dynamic sizes of a result type whose dynamic sizes are
/// given by `dynamicSizes`, in order (the tensor.empty convention).
SmallVector<OpFoldResult> mixedSizes(OpBuilder &b, RankedTensorType type,
                                     ValueRange dynamicSizes) {
  SmallVector<OpFoldResult> sizes;
  auto next = dynamicSizes.begin();
  for (int64_t size : type.getShape())
    sizes.push_back(ShapedType::isDynamic(size) ? OpFoldResult(*next++)
                                                : b.getIndexAttr(size));
  return sizes;
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Every op with the BroadcastingElementwise trait.
struct ElementwiseLowering : ConversionPattern {
  ElementwiseLowering(MLIRContext *context, bool assumeNoRuntimeBroadcast)
      : ConversionPattern(MatchTraitOpTypeTag(),
                          TypeID::get<BroadcastingElementwise>(),
                          /*benefit=*/1, context),
        assumeNoRuntimeBroadcast(assumeNoRuntimeBroadcast) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op->getLoc();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    auto [sizes, owner] = broadcastSizes(rewriter, loc, operands, resultType,
                                         assumeNoRuntimeBroadcast);
    Value result = buildBroadcastingGeneric(
        rewriter, loc, operands, resultType, sizes, owner,
        assumeNoRuntimeBroadcast,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return buildScalar(op, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  bool assumeNoRuntimeBroadcast;
};

/// A pattern told whether dynamic sizes may be a run-time broadcast 1.
template <typename OpTy>
struct BroadcastingPattern : OpConversionPattern<OpTy> {
  BroadcastingPattern(MLIRContext *context, bool assumeNoRuntimeBroadcast)
      : OpConversionPattern<OpTy>(context),
        assumeNoRuntimeBroadcast(assumeNoRuntimeBroadcast) {}
  bool assumeNoRuntimeBroadcast;
};

/// tj.fused: one linalg.generic computing every op of the region per
/// element, with one result per yielded value.
struct FusedLowering : BroadcastingPattern<FusedOp> {
  using BroadcastingPattern::BroadcastingPattern;

  LogicalResult
  matchAndRewrite(FusedOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<RankedTensorType> resultTypes;
    for (Type type : op.getResultTypes())
      resultTypes.push_back(cast<RankedTensorType>(type));
    auto [sizes, owner] =
        broadcastSizes(rewriter, loc, adaptor.getInputs(), resultTypes.front(),
                       assumeNoRuntimeBroadcast);
    Block &body = op.getBody().front();
    SmallVector<Value> results = buildBroadcastingGeneric(
        rewriter, loc, adaptor.getInputs(), resultTypes, sizes, owner,
        assumeNoRuntimeBroadcast,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          // Each region value's scalar at the current element.
          DenseMap<Value, Value> scalars;
          for (auto [argument, scalar] : llvm::zip(body.getArguments(), args))
            scalars[argument] = scalar;
          for (Operation &inner : body.without_terminator()) {
            SmallVector<Value> operands;
            for (Value operand : inner.getOperands())
              operands.push_back(scalars.at(operand));
            scalars[inner.getResult(0)] = buildScalar(&inner, b, loc, operands);
          }
          SmallVector<Value> yielded;
          for (Value value : body.getTerminator()->getOperands())
            yielded.push_back(scalars.at(value));
          return yielded;
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct BroadcastToLowering : BroadcastingPattern<BroadcastToOp> {
  using BroadcastingPattern::BroadcastingPattern;

  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<OpFoldResult> sizes =
        mixedSizes(rewriter, op.getType(), adaptor.getSizes());
    SmallVector<int64_t> owner(op.getType().getRank(), -1);
    rewriter.replaceOp(
        op,
        buildBroadcastingGeneric(
            rewriter, op.getLoc(), adaptor.getInput(), op.getType(), sizes,
            owner, assumeNoRuntimeBroadcast,
            [](OpBuilder &, Location, ValueRange args) { return args[0]; }));
    return success();
  }
};

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getValue());
    return success();
  }
};

/// With `keepdims`, the reduced axes come back as size 1.
Value restoreKeptDims(OpBuilder &b, Location loc, Value reduced,
                      RankedTensorType resultType, ArrayRef<int64_t> axes,
                      ArrayRef<OpFoldResult> inputSizes) {
  if (reduced.getType() == resultType)
    return reduced;
  // Each kept dimension groups with the reduced (size 1) ones before it; the
  // trailing reduced ones join the last group.
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  SmallVector<OpFoldResult> outputShape;
  for (int64_t i = 0; i < resultType.getRank(); ++i) {
    pending.push_back(i);
    bool isReduced = llvm::is_contained(axes, i);
    outputShape.push_back(isReduced ? b.getIndexAttr(1) : inputSizes[i]);
    if (!isReduced) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!groups.empty())
    groups.back().append(pending.begin(), pending.end());
  return tensor::ExpandShapeOp::create(b, loc, resultType, reduced, groups,
                                       outputShape);
}

/// The iteration space of a reduction of `input` over `axes`: the input's
/// sizes, the kept sizes and their indexing map, the iterator types.
struct ReductionSpace {
  SmallVector<OpFoldResult> inputSizes, keptSizes;
  AffineMap keptMap;
  SmallVector<utils::IteratorType> iterators;

  ReductionSpace(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> axes) {
    inputSizes = tensor::getMixedSizes(b, loc, input);
    int64_t rank = inputSizes.size();
    SmallVector<AffineExpr> keptExprs;
    for (int64_t i = 0; i < rank; ++i) {
      bool reduced = llvm::is_contained(axes, i);
      iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
      if (!reduced) {
        keptSizes.push_back(inputSizes[i]);
        keptExprs.push_back(getAffineDimExpr(i, b.getContext()));
      }
    }
    keptMap = AffineMap::get(rank, 0, keptExprs, b.getContext());
  }
};

/// A tensor of `sizes` and `value`'s type filled with `value`.
Value filled(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
             Value value) {
  Value empty = tensor::EmptyOp::create(b, loc, sizes, value.getType());
  return linalg::FillOp::create(b, loc, value, empty).getResult(0);
}

/// sum, mean, max, min, prod: a linalg.generic reducing into a filled init.
template <typename OpTy> struct ReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type accType = resultType.getElementType();
    ArrayRef<int64_t> axes = op.getAxes();
    // Over no axes every reduction is the input itself, in the result's
    // type. (As a reduction with only parallel iterators, elementwise fusion
    // would accumulate into a consumer's output.)
    if (axes.empty()) {
      rewriter.replaceOp(op, castTensor(rewriter, loc, input, accType));
      return success();
    }
    ReductionSpace space(rewriter, loc, input, axes);
    Value init = filled(rewriter, loc, space.keptSizes,
                        identityOf(rewriter, loc, accType));
    SmallVector<AffineMap> maps = {
        rewriter.getMultiDimIdentityMap(inputType.getRank()), space.keptMap};
    Value reducedValue =
        linalg::GenericOp::create(
            rewriter, loc, init.getType(), input, init, maps, space.iterators,
            [&](OpBuilder &b, Location loc, ValueRange args) {
              Value x = convertScalar(b, loc, args[0], accType);
              linalg::YieldOp::create(b, loc, combine(b, loc, x, args[1]));
            })
            .getResult(0);

    if constexpr (std::is_same_v<OpTy, MeanOp>)
      reducedValue = divideByCount(rewriter, loc, reducedValue,
                                   space.inputSizes, axes, space.keptSizes);
    rewriter.replaceOp(op, restoreKeptDims(rewriter, loc, reducedValue,
                                           resultType, axes, space.inputSizes));
    return success();
  }

  static Value identityOf(OpBuilder &b, Location loc, Type type) {
    if constexpr (std::is_same_v<OpTy, MaxOp>)
      return extremeScalar(b, loc, type, /*lowest=*/true);
    else if constexpr (std::is_same_v<OpTy, MinOp>)
      return extremeScalar(b, loc, type, /*lowest=*/false);
    else if constexpr (std::is_same_v<OpTy, ProdOp>)
      return constantScalar(b, loc, type, 1);
    else
      return constantScalar(b, loc, type, 0);
  }

  static Value combine(OpBuilder &b, Location loc, Value x, Value acc) {
    if constexpr (std::is_same_v<OpTy, MaxOp>)
      return extremum(b, loc, true, x, acc);
    else if constexpr (std::is_same_v<OpTy, MinOp>)
      return extremum(b, loc, false, x, acc);
    else if constexpr (std::is_same_v<OpTy, ProdOp>)
      return mulScalars(b, loc, x, acc);
    else
      return tj::addScalars(b, loc, x, acc);
  }

  /// mean = sum / (product of the reduced sizes).
  static Value divideByCount(OpBuilder &b, Location loc, Value sum,
                             ArrayRef<OpFoldResult> inputSizes,
                             ArrayRef<int64_t> axes,
                             ArrayRef<OpFoldResult> keptSizes) {
    Value count = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t axis : axes)
      count = arith::MulIOp::create(
          b, loc, count,
          getValueOrCreateConstantIndexOp(b, loc, inputSizes[axis]));
    auto type = cast<RankedTensorType>(sum.getType());
    Type elementType = type.getElementType();
    Value countValue = arith::SIToFPOp::create(
        b, loc, elementType,
        arith::IndexCastOp::create(b, loc, b.getI64Type(), count));
    SmallVector<int64_t> owner(type.getRank(), 0);
    return buildBroadcastingGeneric(
        b, loc, sum, type, keptSizes, owner, true,
        [&](OpBuilder &nested, Location loc, ValueRange args) {
          return arith::DivFOp::create(nested, loc, args[0], countValue);
        });
  }
};

/// argmax along one axis: the index of the first maximum (of the first NaN
/// if there is one, as numpy).
struct ArgmaxLowering : OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type elementType = inputType.getElementType();
    Type indexType = rewriter.getI64Type();
    int64_t axis = op.getAxes()[0];
    ReductionSpace space(rewriter, loc, input, op.getAxes());
    Value initValue =
        filled(rewriter, loc, space.keptSizes,
               extremeScalar(rewriter, loc, elementType, /*lowest=*/true));
    Value initIndex = filled(rewriter, loc, space.keptSizes,
                             constantScalar(rewriter, loc, indexType, 0));
    SmallVector<AffineMap> maps = {
        rewriter.getMultiDimIdentityMap(inputType.getRank()), space.keptMap,
        space.keptMap};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{initValue.getType(), initIndex.getType()},
        input, ValueRange{initValue, initIndex}, maps, space.iterators,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value take = compareScalars(b, loc, Compare::Gt, x, best);
          if (isa<FloatType>(elementType)) {
            Value xIsNaN =
                arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
            Value bestIsNaN = arith::CmpFOp::create(
                b, loc, arith::CmpFPredicate::UNO, best, best);
            Value firstNaN = arith::AndIOp::create(
                b, loc, xIsNaN,
                arith::XOrIOp::create(
                    b, loc, bestIsNaN,
                    arith::ConstantIntOp::create(b, loc, 1, 1)));
            take = arith::OrIOp::create(b, loc, take, firstNaN);
          }
          Value index = arith::IndexCastOp::create(
              b, loc, indexType, linalg::IndexOp::create(b, loc, axis));
          linalg::YieldOp::create(
              b, loc,
              ValueRange{
                  arith::SelectOp::create(b, loc, take, x, best),
                  arith::SelectOp::create(b, loc, take, index, bestIndex)});
        });
    rewriter.replaceOp(op, restoreKeptDims(rewriter, loc, generic.getResult(1),
                                           op.getType(), op.getAxes(),
                                           space.inputSizes));
    return success();
  }
};

/// numpy dot as linalg.dot / matvec / vecmat / matmul, operands promoted.
struct DotLowering : OpConversionPattern<DotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    Value lhs = castTensor(rewriter, loc, adaptor.getLhs(), elementType);
    Value rhs = castTensor(rewriter, loc, adaptor.getRhs(), elementType);
    int64_t lhsRank = op.getLhs().getType().getRank();
    int64_t rhsRank = op.getRhs().getType().getRank();

    SmallVector<OpFoldResult> sizes;
    if (lhsRank == 2)
      sizes.push_back(tensor::getMixedSize(rewriter, loc, lhs, 0));
    if (rhsRank == 2)
      sizes.push_back(tensor::getMixedSize(rewriter, loc, rhs, 1));
    Value init = filled(rewriter, loc, sizes,
                        constantScalar(rewriter, loc, elementType, 0));
    Operation *product;
    if (lhsRank == 2 && rhsRank == 2)
      product = linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                         ValueRange{lhs, rhs}, init);
    else if (lhsRank == 2)
      product = linalg::MatvecOp::create(rewriter, loc, TypeRange{resultType},
                                         ValueRange{lhs, rhs}, init);
    else if (rhsRank == 2)
      product = linalg::VecmatOp::create(rewriter, loc, TypeRange{resultType},
                                         ValueRange{lhs, rhs}, init);
    else
      product = linalg::DotOp::create(rewriter, loc, TypeRange{resultType},
                                      ValueRange{lhs, rhs}, init);
    rewriter.replaceOp(op, product->getResults());
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, adaptor.getInput());
    SmallVector<OpFoldResult> sizes;
    for (int64_t axis : op.getPermutation())
      sizes.push_back(inputSizes[axis]);
    Value init = tensor::EmptyOp::create(rewriter, loc, sizes,
                                         op.getType().getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, loc,
                                                       adaptor.getInput(), init,
                                                       op.getPermutation())
                               ->getResults());
    return success();
  }
};

/// The row-major reshape of the 1-D `flat` to `type` as a copy: element
/// (i0, ..., in) is flat[((i0 * s1 + i1) * s2 + ...) + in].
Value gatherFromFlat(OpBuilder &b, Location loc, Value flat,
                     RankedTensorType type, ArrayRef<OpFoldResult> sizes) {
  int64_t rank = type.getRank();
  Value init = tensor::EmptyOp::create(b, loc, sizes, type.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, type, ValueRange{}, init, b.getMultiDimIdentityMap(rank),
      iterators, [&](OpBuilder &nested, Location loc, ValueRange) {
        Value linear = linalg::IndexOp::create(nested, loc, 0);
        for (int64_t d = 1; d < rank; ++d) {
          Value size = getValueOrCreateConstantIndexOp(nested, loc, sizes[d]);
          linear = arith::AddIOp::create(
              nested, loc, arith::MulIOp::create(nested, loc, linear, size),
              linalg::IndexOp::create(nested, loc, d));
        }
        linalg::YieldOp::create(
            nested, loc,
            tensor::ExtractOp::create(nested, loc, flat, linear).getResult());
      });
  return generic.getResult(0);
}

/// reshape = collapse to one dimension, then expand to the result shape
/// (row-major order is kept; memref.reshape has no LLVM lowering for
/// dynamic results).
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    RankedTensorType resultType = op.getType();
    int64_t flatSize = resultType.hasStaticShape() ? resultType.getNumElements()
                                                   : ShapedType::kDynamic;
    auto flatType =
        RankedTensorType::get({flatSize}, resultType.getElementType());

    Value flat;
    if (inputType.getRank() == 0) {
      flat = tensor::ExpandShapeOp::create(
          rewriter, loc, flatType.clone({1}), input,
          ArrayRef<ReassociationIndices>{}, {rewriter.getIndexAttr(1)});
    } else if (inputType.getRank() == 1) {
      flat = input;
    } else {
      ReassociationIndices all =
          llvm::to_vector<2>(llvm::seq<int64_t>(0, inputType.getRank()));
      flat = tensor::CollapseShapeOp::create(
          rewriter, loc, input, ArrayRef<ReassociationIndices>{all});
    }
    if (flat.getType() != flatType)
      flat = tensor::CastOp::create(rewriter, loc, flatType, flat);

    Value result;
    if (resultType.getRank() == 0) {
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, resultType, flat, ArrayRef<ReassociationIndices>{});
    } else if (resultType.getRank() == 1) {
      result = flat;
    } else {
      // Sizes known as constants are static in the expanded type:
      // expand-strided-metadata in MLIR 22 crashes on a dynamic size given
      // by a constant, and on an expansion with two dynamic sizes.
      SmallVector<OpFoldResult> sizes =
          mixedSizes(rewriter, resultType, adaptor.getSizes());
      SmallVector<int64_t> shape;
      for (OpFoldResult &size : sizes) {
        std::optional<int64_t> constant = getConstantIntValue(size);
        if (constant)
          size = rewriter.getIndexAttr(*constant);
        shape.push_back(constant ? *constant : ShapedType::kDynamic);
      }
      auto expandedType = resultType.clone(shape);
      if (expandedType.hasStaticShape() && !flatType.hasStaticShape())
        flat = tensor::CastOp::create(
            rewriter, loc, flatType.clone({expandedType.getNumElements()}),
            flat);
      if (expandedType.getNumDynamicDims() <= 1) {
        ReassociationIndices all =
            llvm::to_vector<2>(llvm::seq<int64_t>(0, resultType.getRank()));
        result = tensor::ExpandShapeOp::create(
            rewriter, loc, expandedType, flat,
            ArrayRef<ReassociationIndices>{all}, sizes);
      } else {
        result = gatherFromFlat(rewriter, loc, flat, expandedType, sizes);
      }
    }
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct TjLowerToLinalg : public tj::impl::TjLowerToLinalgBase<TjLowerToLinalg> {
  using TjLowerToLinalgBase::TjLowerToLinalgBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    WalkResult grads = module.walk([](GradOp grad) {
      grad.emitOpError("must be expanded by tj-autodiff before "
                       "tj-lower-to-linalg");
      return WalkResult::interrupt();
    });
    if (grads.wasInterrupted())
      return signalPassFailure();

    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<ElementwiseLowering, FusedLowering, BroadcastToLowering>(
        context, assumeNoRuntimeBroadcast);
    patterns
        .add<ConstantLowering, ReductionLowering<SumOp>,
             ReductionLowering<MeanOp>, ReductionLowering<MaxOp>,
             ReductionLowering<MinOp>, ReductionLowering<ProdOp>,
             ArgmaxLowering, DotLowering, TransposeLowering, ReshapeLowering>(
            context);

    TypeConverter converter;
    converter.addConversion([](Type type) { return type; });
    populateRandomLoweringPatterns(patterns, converter, mrgDrawsPerThread);

    ConversionTarget target(*context);
    target.addIllegalDialect<TjDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
