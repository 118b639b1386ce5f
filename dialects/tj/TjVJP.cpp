//===- TjVJP.cpp - Gradient rules (vector-Jacobian products) --------------===//
//
// One short rule per op, as a table: `g` is the cotangent of the result,
// `x`/`a`/`b` the operands, `y` the result. Rules return cotangents shaped
// like the result (or like the operand, for shape-changing ops);
// tj-autodiff sums them back over broadcast dimensions with `unbroadcast`
// and drops those of integer operands. A null value means "no gradient".
//
//===----------------------------------------------------------------------===//

#include "dialects/tj/TjDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include <array>

using namespace mlir;
using namespace mlir::tj;

namespace {

/// Builds the tj ops the rules are written with.
struct Rules {
  OpBuilder &b;
  Location loc;

  /// A 0-d constant with `like`'s element type.
  Value constant(Value like, double value) {
    auto type = RankedTensorType::get(
        {}, cast<RankedTensorType>(like.getType()).getElementType());
    Attribute element =
        isa<FloatType>(type.getElementType())
            ? Attribute(b.getFloatAttr(type.getElementType(), value))
            : Attribute(b.getIntegerAttr(type.getElementType(),
                                         static_cast<int64_t>(value)));
    return ConstantOp::create(b, loc, DenseElementsAttr::get(type, element));
  }
  /// `x` with `like`'s element type.
  Value castElements(Value x, Value like) {
    auto type = cast<RankedTensorType>(x.getType());
    Type element = cast<RankedTensorType>(like.getType()).getElementType();
    if (type.getElementType() == element)
      return x;
    return CastOp::create(b, loc, type.clone(element), x);
  }
  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value eq(Value x, Value y) { return EqOp::create(b, loc, x, y); }
  Value select(Value c, Value x, Value y) {
    return SelectOp::create(b, loc, c, x, y);
  }
  /// g where `condition`, else 0.
  Value where(Value condition, Value g) {
    return select(condition, g, constant(g, 0));
  }

  /// The run-time size of dimension `d` of `value`.
  Value size(Value value, int64_t d) {
    auto type = cast<RankedTensorType>(value.getType());
    if (!type.isDynamicDim(d))
      return arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
    return tensor::DimOp::create(b, loc, value, d);
  }
  /// Operands for the dynamic sizes of `shape`, taken from `like`'s sizes
  /// at `dims[i]`.
  SmallVector<Value> dynamicSizes(ArrayRef<int64_t> shape, Value like,
                                  ArrayRef<int64_t> dims) {
    SmallVector<Value> sizes;
    for (auto [i, size] : llvm::enumerate(shape))
      if (ShapedType::isDynamic(size))
        sizes.push_back(this->size(like, dims[i]));
    return sizes;
  }
  /// `value` reshaped to `type`. Only a static type says the shape is the
  /// same: two dynamic shapes of one rank (2x3 and 3x2) share a type.
  Value reshape(Value value, RankedTensorType type, ValueRange sizes) {
    if (value.getType() == type && type.hasStaticShape())
      return value;
    return ReshapeOp::create(b, loc, type, value, sizes);
  }
  /// `value` broadcast to the shape of `like`.
  Value broadcastLike(Value value, Value like) {
    auto target = cast<RankedTensorType>(like.getType());
    auto type =
        target.clone(cast<RankedTensorType>(value.getType()).getElementType());
    if (value.getType() == type)
      return value;
    auto dims = llvm::to_vector(llvm::seq<int64_t>(0, target.getRank()));
    return BroadcastToOp::create(b, loc, type, value,
                                 dynamicSizes(type.getShape(), like, dims));
  }
  /// A reduction's `g` (or result) back at the input's shape: the reduced
  /// axes reinserted as 1, then broadcast.
  Value expandReduced(Value g, Value input, ArrayRef<int64_t> axes,
                      bool keepdims) {
    auto inputType = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> shape, dims;
    for (int64_t d = 0; d < inputType.getRank(); ++d) {
      bool reduced = llvm::is_contained(axes, d);
      shape.push_back(reduced ? 1 : inputType.getDimSize(d));
      dims.push_back(d);
    }
    auto keptType = RankedTensorType::get(
        shape, cast<RankedTensorType>(g.getType()).getElementType());
    if (!keepdims)
      g = reshape(g, keptType, dynamicSizes(shape, input, dims));
    return broadcastLike(g, input);
  }
  /// The element count of the reduced axes as a 0-d tensor like `like`.
  Value count(Value input, ArrayRef<int64_t> axes, Value like) {
    Value n = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t axis : axes)
      n = arith::MulIOp::create(b, loc, n, size(input, axis));
    Type element = cast<RankedTensorType>(like.getType()).getElementType();
    Value scalar = arith::SIToFPOp::create(
        b, loc, element, arith::IndexCastOp::create(b, loc, b.getI64Type(), n));
    return tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({}, element), scalar);
  }
  /// (n) -> (n, 1) or (1, n): a vector as a column or a row.
  Value asMatrix(Value vector, bool column) {
    auto type = cast<RankedTensorType>(vector.getType());
    SmallVector<int64_t> shape = {type.getDimSize(0)};
    shape.insert(column ? shape.end() : shape.begin(), 1);
    // Both sizes of the matrix come from the vector's only dimension.
    auto matrixType = type.clone(shape);
    return reshape(vector, matrixType, dynamicSizes(shape, vector, {0, 0}));
  }
  /// maximum/minimum's cotangents: g to the operand equal to the result
  /// `y`, g / 2 to each on a tie.
  std::array<Value, 2> splitTies(Value y, Value lhs, Value rhs, Value g) {
    Value lhsWins = eq(y, lhs), rhsWins = eq(y, rhs);
    Value half = mul(g, constant(g, 0.5));
    return {where(lhsWins, select(rhsWins, half, g)),
            where(rhsWins, select(lhsWins, half, g))};
  }
  /// max/min's cotangent: g shared evenly by the elements of `x` equal to
  /// the extremum `y` over `axes`.
  Value shareAmongExtrema(Value y, Value x, Value g, ArrayRef<int64_t> axes,
                          bool keepdims) {
    Value extremum = expandReduced(y, x, axes, keepdims);
    Value isExtremum = eq(x, extremum);
    Value indicator = castElements(isExtremum, g);
    Value count = SumOp::create(b, loc, indicator, axes, /*keepdims=*/true);
    Value share = div(expandReduced(g, x, axes, keepdims), count);
    return where(isExtremum, share);
  }
  Value transpose(Value x) {
    return TransposeOp::create(b, loc, x, ArrayRef<int64_t>{1, 0});
  }
  Value dot(Value x, Value y) { return DotOp::create(b, loc, x, y); }
};

} // namespace

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

#define TJ_VJP(Op)                                                             \
  void Op::buildVJP(OpBuilder &builder, Value g,                               \
                    SmallVectorImpl<Value> &out) {                             \
    Rules r{builder, getLoc()};                                                \
    (void)r;
#define TJ_END }

TJ_VJP(NegOp) out.push_back(r.neg(g));
TJ_END
TJ_VJP(AbsOp)
Value x = getInput();
Value zero = r.constant(x, 0);
out.push_back(r.select(GtOp::create(builder, getLoc(), x, zero), g,
                       r.select(LtOp::create(builder, getLoc(), x, zero),
                                r.neg(g), r.constant(g, 0))));
TJ_END
TJ_VJP(SqrOp) out.push_back(r.mul(g, r.mul(r.constant(g, 2), getInput())));
TJ_END
TJ_VJP(ExpOp) out.push_back(r.mul(g, getResult()));
TJ_END
TJ_VJP(LogOp) out.push_back(r.div(g, getInput()));
TJ_END
TJ_VJP(Log1pOp) out.push_back(r.div(g, r.add(r.constant(g, 1), getInput())));
TJ_END
TJ_VJP(Expm1Op) out.push_back(r.mul(g, r.add(getResult(), r.constant(g, 1))));
TJ_END
TJ_VJP(SqrtOp) out.push_back(r.div(g, r.mul(r.constant(g, 2), getResult())));
TJ_END
TJ_VJP(TanhOp)
Value y = getResult();
out.push_back(r.mul(g, r.sub(r.constant(g, 1), r.mul(y, y))));
TJ_END
TJ_VJP(SigmoidOp)
Value y = getResult();
out.push_back(r.mul(g, r.mul(y, r.sub(r.constant(g, 1), y))));
TJ_END
TJ_VJP(SoftplusOp)
out.push_back(r.mul(g, SigmoidOp::create(builder, getLoc(), getInput())));
TJ_END
TJ_VJP(SinOp)
out.push_back(r.mul(g, CosOp::create(builder, getLoc(), getInput())));
TJ_END
TJ_VJP(CosOp)
out.push_back(r.neg(r.mul(g, SinOp::create(builder, getLoc(), getInput()))));
TJ_END
// Piecewise constant: no gradient.
TJ_VJP(FloorOp) out.push_back(Value());
TJ_END
TJ_VJP(CeilOp) out.push_back(Value());
TJ_END
TJ_VJP(RoundOp) out.push_back(Value());
TJ_END
TJ_VJP(CastOp) out.push_back(g);
TJ_END

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

TJ_VJP(AddOp) out.append({g, g});
TJ_END
TJ_VJP(SubOp) out.append({g, r.neg(g)});
TJ_END
TJ_VJP(MulOp) out.append({r.mul(g, getRhs()), r.mul(g, getLhs())});
TJ_END
TJ_VJP(DivOp)
Value a = getLhs(), b = getRhs();
out.append({r.div(g, b), r.neg(r.div(r.mul(g, a), r.mul(b, b)))});
TJ_END
// At a zero the rules take the limits JAX and PyTorch take: a^0 is 1 even
// at a = 0, so d/da is 0 where b is 0; 0^b is 0 for b > 0, so d/db is 0
// where a is 0 (log(a) replaced by log(1)).
TJ_VJP(PowOp)
Value a = getLhs(), y = getResult();
// The exponent in the result's float type: b - 1 of a bool exponent has
// no type, and of an integer one it would wrap.
Value b = r.castElements(getRhs(), y);
Value bMinus1 = r.sub(b, r.constant(b, 1));
Value da = r.mul(b, PowOp::create(builder, getLoc(), a, bMinus1));
Value bIsZero = r.eq(b, r.constant(b, 0));
da = r.select(bIsZero, r.constant(da, 0), da);
Value aIsZero = r.eq(a, r.constant(a, 0));
Value aOr1 = r.select(aIsZero, r.constant(a, 1), a);
Value db = r.mul(LogOp::create(builder, getLoc(), aOr1), y);
out.append({r.mul(g, da), r.mul(g, db)});
TJ_END
// On a tie each operand gets half: the derivative along the tie (1 for
// maximum(x, x)), as JAX and PyTorch; Theano gave both the whole of g.
TJ_VJP(MaximumOp)
auto [lhs, rhs] = r.splitTies(getResult(), getLhs(), getRhs(), g);
out.append({lhs, rhs});
TJ_END
TJ_VJP(MinimumOp)
auto [lhs, rhs] = r.splitTies(getResult(), getLhs(), getRhs(), g);
out.append({lhs, rhs});
TJ_END
TJ_VJP(LtOp) out.append({Value(), Value()});
TJ_END
TJ_VJP(LeOp) out.append({Value(), Value()});
TJ_END
TJ_VJP(GtOp) out.append({Value(), Value()});
TJ_END
TJ_VJP(GeOp) out.append({Value(), Value()});
TJ_END
TJ_VJP(EqOp) out.append({Value(), Value()});
TJ_END
TJ_VJP(NeOp) out.append({Value(), Value()});
TJ_END
TJ_VJP(SelectOp)
Value c = getCondition();
out.append({Value(), r.where(c, g), r.select(c, r.constant(g, 0), g)});
TJ_END

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

TJ_VJP(SumOp)
out.push_back(r.expandReduced(g, getInput(), getAxes(), getKeepdims()));
TJ_END
TJ_VJP(MeanOp)
Value expanded = r.expandReduced(g, getInput(), getAxes(), getKeepdims());
out.push_back(r.div(expanded, r.count(getInput(), getAxes(), g)));
TJ_END
// The gradient is shared evenly by the elements equal to the extremum (JAX
// and PyTorch; Theano gave each of them the whole of it).
TJ_VJP(MaxOp)
out.push_back(r.shareAmongExtrema(getResult(), getInput(), g, getAxes(),
                                  getKeepdims()));
TJ_END
TJ_VJP(MinOp)
out.push_back(r.shareAmongExtrema(getResult(), getInput(), g, getAxes(),
                                  getKeepdims()));
TJ_END
// d prod / dx_i is the product of the other elements: prod / x_i where
// the slice has no zero; where it has one, that product at the zero and 0
// elsewhere; where it has more, 0 (Theano, JAX and PyTorch).
TJ_VJP(ProdOp)
Value x = getInput();
ArrayRef<int64_t> axes = getAxes();
Value isZero = r.eq(x, r.constant(x, 0));
Value nonzero = r.select(isZero, r.constant(x, 1), x);
Value product =
    ProdOp::create(builder, getLoc(), nonzero, axes, /*keepdims=*/true);
Value zeros = SumOp::create(builder, getLoc(), r.castElements(isZero, x), axes,
                            /*keepdims=*/true);
Value noZero = r.eq(zeros, r.constant(zeros, 0));
Value atNonzero = r.where(noZero, r.div(product, nonzero));
Value oneZero = r.eq(zeros, r.constant(zeros, 1));
Value atZero = r.where(oneZero, product);
Value others = r.select(isZero, atZero, atNonzero);
out.push_back(r.mul(r.expandReduced(g, x, axes, getKeepdims()), others));
TJ_END
TJ_VJP(ArgmaxOp) out.push_back(Value());
TJ_END

//===----------------------------------------------------------------------===//
// Linear algebra and shapes
//===----------------------------------------------------------------------===//

TJ_VJP(DotOp)
Value a = getLhs(), b = getRhs();
int64_t aRank = cast<RankedTensorType>(a.getType()).getRank();
int64_t bRank = cast<RankedTensorType>(b.getType()).getRank();
if (aRank == 1 && bRank == 1) { // () = (k).(k)
  out.append({r.mul(g, b), r.mul(g, a)});
} else if (aRank == 2 && bRank == 1) { // (m) = (m,k).(k)
  out.append({r.mul(r.asMatrix(g, true), r.asMatrix(b, false)),
              r.dot(r.transpose(a), g)});
} else if (aRank == 1) { // (n) = (k).(k,n)
  out.append({r.dot(b, g), r.mul(r.asMatrix(a, true), r.asMatrix(g, false))});
} else { // (m,n) = (m,k).(k,n)
  out.append({r.dot(g, r.transpose(b)), r.dot(r.transpose(a), g)});
}
TJ_END
TJ_VJP(TransposeOp)
ArrayRef<int64_t> permutation = getPermutation();
SmallVector<int64_t> inverse(permutation.size());
for (auto [i, axis] : llvm::enumerate(permutation))
  inverse[axis] = i;
out.push_back(TransposeOp::create(builder, getLoc(), g, inverse));
TJ_END
TJ_VJP(ReshapeOp)
Value x = getInput();
auto type = cast<RankedTensorType>(x.getType())
                .clone(cast<RankedTensorType>(g.getType()).getElementType());
auto dims = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
out.push_back(r.reshape(g, type, r.dynamicSizes(type.getShape(), x, dims)));
for (size_t i = 0; i < getSizes().size(); ++i)
  out.push_back(Value());
TJ_END
TJ_VJP(BroadcastToOp)
out.push_back(g);
for (size_t i = 0; i < getSizes().size(); ++i)
  out.push_back(Value());
TJ_END

#undef TJ_VJP
#undef TJ_END

//===----------------------------------------------------------------------===//
// unbroadcast
//===----------------------------------------------------------------------===//

Value mlir::tj::unbroadcast(OpBuilder &builder, Location loc, Value cotangent,
                            Value operand) {
  auto from = cast<RankedTensorType>(cotangent.getType());
  auto to = cast<RankedTensorType>(operand.getType());
  int64_t leading = from.getRank() - to.getRank();
  Value g = cotangent;
  // Dimensions the operand lacks.
  if (leading > 0) {
    auto axes = llvm::to_vector(llvm::seq<int64_t>(0, leading));
    g = SumOp::create(builder, loc, g, axes, /*keepdims=*/false);
  }
  // Dimensions where the operand is a static 1 and the result is not.
  SmallVector<int64_t> ones;
  auto current = cast<RankedTensorType>(g.getType());
  for (int64_t d = 0; d < to.getRank(); ++d)
    if (to.getDimSize(d) == 1 && current.getDimSize(d) != 1)
      ones.push_back(d);
  if (!ones.empty())
    g = SumOp::create(builder, loc, g, ones, /*keepdims=*/true);
  current = cast<RankedTensorType>(g.getType());
  if (current.getElementType() != to.getElementType())
    g = CastOp::create(builder, loc, current.clone(to.getElementType()), g);
  if (g.getType() != to)
    g = tensor::CastOp::create(builder, loc, to, g);
  return g;
}

Value mlir::tj::zerosLike(OpBuilder &builder, Location loc, Value like) {
  Rules r{builder, loc};
  return r.broadcastLike(r.constant(like, 0), like);
}
