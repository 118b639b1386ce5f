//===- LowerRandom.cpp - tj random ops -> scf, linalg, runtime calls ------===//
//
// Part of tj-lower-to-linalg. `!tj.rng` values become their storage tensors
// (rngStorageType). Each draw is made flat, then given the result's shape by
// a tj.reshape that the reshape pattern lowers.
//
// - mrg31k3p draws are generated inline: an scf.for over the streams, each
//   running its own recurrence over the elements i = stream, stream +
//   streams, ... (Theano's mrg_uniform). For a GPU (mrg-draws-per-thread)
//   the loop is over stretches of each stream instead, each starting from
//   the stream's state jumped ahead by matrix powers: more threads, the
//   same bits.
// - mt19937 draws are made by the runtime (`tj_rt_mt19937_<op>`, with the C
//   interface): the state buffer is read, the next state and the draws are
//   written into fresh buffers.
//
//===----------------------------------------------------------------------===//

#include "passes/LowerRandom.h"

#include "dialects/tj/TjDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <numbers>

using namespace mlir;
using namespace mlir::tj;

namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value i32Constant(OpBuilder &b, Location loc, int32_t value) {
  return arith::ConstantIntOp::create(b, loc, b.getI32Type(), value);
}

/// The number of elements of a random op's result.
Value elementCount(OpBuilder &b, Location loc, RankedTensorType type,
                   ValueRange sizes) {
  Value count = indexConstant(b, loc, 1);
  auto dynamic = sizes.begin();
  for (int64_t size : type.getShape())
    count = arith::MulIOp::create(
        b, loc, count,
        ShapedType::isDynamic(size) ? *dynamic++ : indexConstant(b, loc, size));
  return count;
}

/// `flat` (rank 1) given the shape of `op`'s result.
Value shapeLike(OpBuilder &b, Location loc, Value flat, Operation *op,
                ValueRange sizes) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (flat.getType() == type)
    return flat;
  return ReshapeOp::create(b, loc, type, flat, sizes);
}

//===----------------------------------------------------------------------===//
// mrg31k3p
//===----------------------------------------------------------------------===//

constexpr int32_t kM1 = 2147483647, kM2 = 2147462579;

/// `y - m` where y < 0 or y >= m, else y (the wrap-around of Theano's C
/// code, in i32 arithmetic that wraps as it does).
Value reduceModulo(OpBuilder &b, Location loc, Value y, int32_t m) {
  Value zero = i32Constant(b, loc, 0), modulus = i32Constant(b, loc, m);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
  Value tooLarge =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, y, modulus);
  Value wrap = arith::OrIOp::create(b, loc, negative, tooLarge);
  Value reduced = arith::SubIOp::create(b, loc, y, modulus);
  return arith::SelectOp::create(b, loc, wrap, reduced, y);
}

/// One step of MRG31k3p on the six state words `x`: returns the new words
/// and the draw scaled to `element` as Theano scales it.
std::pair<SmallVector<Value>, Value> mrgStep(OpBuilder &b, Location loc,
                                             ValueRange x, Type element) {
  auto c = [&](int32_t v) { return i32Constant(b, loc, v); };
  auto andi = [&](Value v, int32_t m) {
    return arith::AndIOp::create(b, loc, v, c(m)).getResult();
  };
  auto shl = [&](Value v, int32_t s) {
    return arith::ShLIOp::create(b, loc, v, c(s)).getResult();
  };
  auto shr = [&](Value v, int32_t s) {
    return arith::ShRSIOp::create(b, loc, v, c(s)).getResult();
  };
  auto add = [&](Value p, Value q) {
    return arith::AddIOp::create(b, loc, p, q).getResult();
  };
  Value x11 = x[0], x12 = x[1], x13 = x[2], x21 = x[3], x22 = x[4], x23 = x[5];
  // First component.
  Value y1 = add(add(shl(andi(x12, 511), 22), shr(x12, 9)),
                 add(shl(andi(x13, 16777215), 7), shr(x13, 24)));
  y1 = reduceModulo(b, loc, y1, kM1);
  y1 = reduceModulo(b, loc, add(y1, x13), kM1);
  // Second component.
  auto mult2 = [&](Value v) {
    return add(shl(andi(v, 65535), 15),
               arith::MulIOp::create(b, loc, c(21069), shr(v, 16)));
  };
  Value z1 = reduceModulo(b, loc, mult2(x21), kM2);
  Value z2 = reduceModulo(b, loc, mult2(x23), kM2);
  z2 = reduceModulo(b, loc, add(z2, x23), kM2);
  z2 = reduceModulo(b, loc, add(z2, z1), kM2);
  SmallVector<Value> next = {y1, x11, x12, z2, x21, x22};

  // (x11 - x21 + M1) if x11 <= x21 else (x11 - x21), times NORM.
  Value difference = arith::SubIOp::create(b, loc, y1, z2);
  Value le = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, y1, z2);
  Value integer =
      arith::SelectOp::create(b, loc, le, add(difference, c(kM1)), difference);
  // Theano's NORM constants: float32(1 / (2**31 + 65)) rounds the product
  // below 1; float64 is exactly 2**-31.
  double norm = element.isF32() ? 4.6566126e-10 : 4.656612873077392578125e-10;
  Value asFloat = arith::SIToFPOp::create(b, loc, element, integer);
  Value scale =
      arith::ConstantOp::create(b, loc, b.getFloatAttr(element, norm));
  return {next, arith::MulFOp::create(b, loc, asFloat, scale)};
}

/// A 3x3 matrix of MRG31k3p's, row-major, entries below its modulus.
using MrgMatrix = std::array<uint64_t, 9>;

/// a * b mod m, at compile time.
MrgMatrix multiply(const MrgMatrix &a, const MrgMatrix &b, uint64_t m) {
  MrgMatrix c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        c[3 * i + j] = (c[3 * i + j] + a[3 * i + k] * b[3 * k + j] % m) % m;
  return c;
}

/// The matrices of one step of MRG31k3p's two components (L'Ecuyer and
/// Touzin; what mrgStep computes with shifts).
constexpr MrgMatrix kMrgStep1 = {0, 4194304, 129, 1, 0, 0, 0, 1, 0};
constexpr MrgMatrix kMrgStep2 = {32768, 0, 32769, 1, 0, 0, 0, 1, 0};

/// `x` (the six words of a state) advanced by `steps` (a non-negative
/// index) steps: for each set bit k of `steps`, the words are multiplied by
/// the constant matrices of 2^k * `unit` steps (at most 32 bits).
SmallVector<Value> mrgJump(OpBuilder &b, Location loc, ValueRange x,
                           Value steps, uint64_t unit) {
  std::array<MrgMatrix, 2> power = {MrgMatrix{1, 0, 0, 0, 1, 0, 0, 0, 1},
                                    MrgMatrix{1, 0, 0, 0, 1, 0, 0, 0, 1}};
  std::array<MrgMatrix, 2> base = {kMrgStep1, kMrgStep2};
  const std::array<uint64_t, 2> moduli = {uint64_t(kM1), uint64_t(kM2)};
  for (uint64_t u = unit; u; u >>= 1) { // power = step^unit
    for (int c = 0; c < 2; ++c) {
      if (u & 1)
        power[c] = multiply(power[c], base[c], moduli[c]);
      base[c] = multiply(base[c], base[c], moduli[c]);
    }
  }
  Type i64 = b.getI64Type();
  SmallVector<Value> words;
  for (Value word : x)
    words.push_back(arith::ExtUIOp::create(b, loc, i64, word));
  Value count = arith::IndexCastUIOp::create(b, loc, i64, steps);
  for (int bit = 0; bit < 32; ++bit) {
    Value set = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne,
        arith::AndIOp::create(
            b, loc, count,
            arith::ConstantIntOp::create(b, loc, i64, int64_t(1) << bit)),
        arith::ConstantIntOp::create(b, loc, i64, 0));
    auto jump = scf::IfOp::create(b, loc, TypeRange(SmallVector<Type>(6, i64)),
                                  set, /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(jump.thenBlock());
      SmallVector<Value> next;
      for (int c = 0; c < 2; ++c) {
        Value m = arith::ConstantIntOp::create(b, loc, i64, moduli[c]);
        for (int i = 0; i < 3; ++i) {
          Value sum = arith::ConstantIntOp::create(b, loc, i64, 0);
          for (int k = 0; k < 3; ++k) {
            // Each product is below 2^62, so the sum of three fits in 64
            // unsigned bits.
            Value entry = arith::ConstantIntOp::create(
                b, loc, i64, int64_t(power[c][3 * i + k]));
            sum = arith::AddIOp::create(
                b, loc, sum,
                arith::MulIOp::create(b, loc, entry, words[3 * c + k]));
          }
          next.push_back(arith::RemUIOp::create(b, loc, sum, m));
        }
      }
      scf::YieldOp::create(b, loc, next);
      b.setInsertionPointToStart(jump.elseBlock());
      scf::YieldOp::create(b, loc, words);
    }
    words.assign(jump.getResults().begin(), jump.getResults().end());
    for (int c = 0; c < 2; ++c)
      power[c] = multiply(power[c], power[c], moduli[c]);
  }
  SmallVector<Value> result;
  for (Value word : words)
    result.push_back(arith::TruncIOp::create(b, loc, b.getI32Type(), word));
  return result;
}

/// `count` uniform draws of `element` from the streams in `state`
/// (tensor<?x6xi32>): element i comes from stream i mod streams. Returns the
/// flat draws and the next state.
///
/// With `drawsPerThread` 0, iteration s of the loop draws all of stream s's
/// elements, s, s + streams, ... (a CPU runs the streams in turn). With a
/// positive D, iteration t draws stretch p = t / streams of stream
/// s = t mod streams (neighbouring iterations write neighbouring elements):
/// the stream's draws p D to (p + 1) D - 1, from its first state advanced
/// p D steps by matrix powers, so that a GPU has threads enough while the
/// bits stay the same; the stream's last stretch writes its next state, and
/// every stretch reads the states as they were, so the iterations are
/// independent either way.
std::pair<Value, Value> mrgUniform(OpBuilder &b, Location loc, Value state,
                                   Value count, Type element,
                                   int64_t drawsPerThread) {
  Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1);
  Value streams = tensor::DimOp::create(b, loc, state, 0);
  Value init =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{ShapedType::kDynamic},
                              element, ValueRange{count});
  bool stretches = drawsPerThread > 0;
  Value d = indexConstant(b, loc, std::max<int64_t>(drawsPerThread, 1));
  // The iterations: a stream each, or its stretches, enough for the most
  // draws a stream makes (stream 0's), at least one.
  Value iterations = streams;
  if (stretches)
    iterations = arith::MulIOp::create(
        b, loc, streams,
        arith::MaxUIOp::create(
            b, loc, one,
            arith::CeilDivUIOp::create(
                b, loc, arith::CeilDivUIOp::create(b, loc, count, streams),
                d)));
  auto outer = scf::ForOp::create(
      b, loc, zero, iterations, one, ValueRange{init, state},
      [&](OpBuilder &b, Location loc, Value t, ValueRange carried) {
        Value stream = t, stretch = zero;
        if (stretches) {
          stream = arith::RemUIOp::create(b, loc, t, streams);
          stretch = arith::DivUIOp::create(b, loc, t, streams);
        }
        SmallVector<Value> columns, words;
        for (int64_t k = 0; k < kMrgStreamWords; ++k) {
          columns.push_back(indexConstant(b, loc, k));
          words.push_back(
              tensor::ExtractOp::create(b, loc, stretches ? state : carried[1],
                                        ValueRange{stream, columns.back()}));
        }
        // The elements stream + j streams for the stretch's draws j.
        Value from = stream, to = count, last = nullptr;
        if (stretches) {
          // The stream's draws: ceil((count - s) / streams), 0 if s >= count.
          Value draws = arith::SelectOp::create(
              b, loc,
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, count,
                                    stream),
              arith::CeilDivUIOp::create(
                  b, loc, arith::SubIOp::create(b, loc, count, stream),
                  streams),
              zero);
          Value begin = arith::MulIOp::create(b, loc, stretch, d);
          Value end = arith::MinUIOp::create(
              b, loc, arith::AddIOp::create(b, loc, begin, d), draws);
          auto elementOf = [&](Value j) {
            return arith::AddIOp::create(
                b, loc, stream, arith::MulIOp::create(b, loc, j, streams));
          };
          from = elementOf(begin);
          to = elementOf(end);
          words = mrgJump(b, loc, words, stretch, drawsPerThread);
          // The last stretch (the first, for a stream without draws).
          last = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::eq, stretch,
              arith::SubIOp::create(
                  b, loc,
                  arith::MaxUIOp::create(
                      b, loc, one,
                      arith::CeilDivUIOp::create(b, loc, draws, d)),
                  one));
        }
        SmallVector<Value> innerInit = {carried[0]};
        innerInit.append(words);
        auto inner = scf::ForOp::create(
            b, loc, from, to, streams, innerInit,
            [&](OpBuilder &b, Location loc, Value i, ValueRange values) {
              auto [next, draw] = mrgStep(b, loc, values.drop_front(), element);
              SmallVector<Value> yielded = {
                  tensor::InsertOp::create(b, loc, draw, values[0], i)};
              yielded.append(next);
              scf::YieldOp::create(b, loc, yielded);
            });
        auto writeState = [&](OpBuilder &b) {
          Value nextState = carried[1];
          for (int64_t k = 0; k < kMrgStreamWords; ++k)
            nextState = tensor::InsertOp::create(
                b, loc, inner.getResult(1 + k), nextState,
                ValueRange{stream, columns[k]});
          return nextState;
        };
        Value nextState;
        if (!last) {
          nextState = writeState(b);
        } else {
          auto write = scf::IfOp::create(b, loc, TypeRange{state.getType()},
                                         last, /*withElseRegion=*/true);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(write.thenBlock());
          scf::YieldOp::create(b, loc, writeState(b));
          b.setInsertionPointToStart(write.elseBlock());
          scf::YieldOp::create(b, loc, carried[1]);
          nextState = write.getResult(0);
        }
        scf::YieldOp::create(b, loc, ValueRange{inner.getResult(0), nextState});
      });
  // Iterations touch disjoint elements and state rows: tj-gpu-parallelize
  // runs them in parallel.
  outer->setAttr(tj::kIndependentIterations, b.getUnitAttr());
  return {outer.getResult(0), outer.getResult(1)};
}

/// Theano's MRG normal: Box-Muller on `count` rounded up to even uniforms u;
/// with h = half of them, element i < h is r(u[i]) cos(t(u[i + h])) and
/// element i >= h is r(u[i - h]) sin(t(u[i])), where r(a) = sqrt(-2 log a)
/// and t(a) = 2 pi a, all in `element`.
std::pair<Value, Value> mrgNormal(OpBuilder &b, Location loc, Value state,
                                  Value count, Type element,
                                  int64_t drawsPerThread) {
  Value two = indexConstant(b, loc, 2);
  Value even = arith::AddIOp::create(
      b, loc, count, arith::RemUIOp::create(b, loc, count, two));
  auto [uniform, next] =
      mrgUniform(b, loc, state, even, element, drawsPerThread);
  Value half = arith::DivUIOp::create(b, loc, even, two);

  auto flatType = RankedTensorType::get({ShapedType::kDynamic}, element);
  Value init = tensor::EmptyOp::create(b, loc, flatType.getShape(), element,
                                       ValueRange{count});
  AffineMap identity = b.getMultiDimIdentityMap(1);
  auto generic = linalg::GenericOp::create(
      b, loc, flatType, ValueRange{}, ValueRange{init},
      ArrayRef<AffineMap>{identity},
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &b, Location loc, ValueRange) {
        Value i = linalg::IndexOp::create(b, loc, 0);
        Value first =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, i, half);
        Value plus = arith::AddIOp::create(b, loc, i, half);
        Value minus = arith::SubIOp::create(b, loc, i, half);
        Value radiusAt = arith::SelectOp::create(b, loc, first, i, minus);
        Value angleAt = arith::SelectOp::create(b, loc, first, plus, i);
        Value u1 = tensor::ExtractOp::create(b, loc, uniform, radiusAt);
        Value u2 = tensor::ExtractOp::create(b, loc, uniform, angleAt);
        Value minusTwo =
            arith::ConstantOp::create(b, loc, b.getFloatAttr(element, -2.0));
        Value twoPi = arith::ConstantOp::create(
            b, loc, b.getFloatAttr(element, 2.0 * std::numbers::pi));
        Value radius = math::SqrtOp::create(
            b, loc,
            arith::MulFOp::create(b, loc, minusTwo,
                                  math::LogOp::create(b, loc, u1)));
        Value theta = arith::MulFOp::create(b, loc, twoPi, u2);
        Value cos = math::CosOp::create(b, loc, theta);
        Value sin = math::SinOp::create(b, loc, theta);
        Value trig = arith::SelectOp::create(b, loc, first, cos, sin);
        linalg::YieldOp::create(
            b, loc, ValueRange{arith::MulFOp::create(b, loc, radius, trig)});
      });
  return {generic.getResult(0), next};
}

//===----------------------------------------------------------------------===//
// mt19937 (runtime calls)
//===----------------------------------------------------------------------===//

/// Calls `tj_rt_mt19937_<what>(state, next, draws, scalars...)` and returns
/// the flat draws and the next state as tensors.
std::pair<Value, Value> mtDraw(OpBuilder &b, Operation *op, StringRef what,
                               Value state, Value count, Type element,
                               ValueRange scalars) {
  Location loc = op->getLoc();
  auto stateType = cast<RankedTensorType>(state.getType());
  auto stateBuffer =
      MemRefType::get(stateType.getShape(), stateType.getElementType());
  auto drawBuffer = MemRefType::get({ShapedType::kDynamic}, element);
  SmallVector<Type> argTypes = {stateBuffer, stateBuffer, drawBuffer};
  for (Value scalar : scalars)
    argTypes.push_back(scalar.getType());
  std::string name = ("tj_rt_mt19937_" + what).str();
  tj::declareFunction(op->getParentOfType<ModuleOp>(), name,
                      b.getFunctionType(argTypes, {}))
      ->setAttr("llvm.emit_c_interface", b.getUnitAttr());

  Value read = bufferization::ToBufferOp::create(b, loc, stateBuffer, state,
                                                 /*read_only=*/true);
  Value next = memref::AllocOp::create(b, loc, stateBuffer);
  Value draws = memref::AllocOp::create(b, loc, drawBuffer, ValueRange{count});
  SmallVector<Value> args = {read, next, draws};
  args.append(scalars.begin(), scalars.end());
  func::CallOp::create(b, loc, name, TypeRange{}, args);
  auto asTensor = [&](Value buffer) {
    return bufferization::ToTensorOp::create(
               b, loc, memref::getTensorTypeFromMemRefType(buffer.getType()),
               buffer, /*restrict=*/true, /*writable=*/true)
        .getResult();
  };
  return {asTensor(draws), asTensor(next)};
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// make_rng and rng_data: the operand, as the converted result type (a
/// state's storage tensor, or the tensor type asked for).
template <typename OpTy> struct StorageLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = this->getTypeConverter()->convertType(op.getType());
    Value data = adaptor.getOperands()[0];
    if (data.getType() != type)
      data = tensor::CastOp::create(rewriter, op.getLoc(), type, data);
    rewriter.replaceOp(op, data);
    return success();
  }
};

/// The four random ops: `draw` makes the flat draws and the next state from
/// the state storage and the element count.
template <typename OpTy> struct RandomLowering : OpConversionPattern<OpTy> {
  using OpAdaptor = typename OpTy::Adaptor;
  RandomLowering(TypeConverter &converter, MLIRContext *context,
                 int64_t mrgDrawsPerThread)
      : OpConversionPattern<OpTy>(converter, context),
        mrgDrawsPerThread(mrgDrawsPerThread) {}

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getResult().getType());
    Value count = elementCount(rewriter, loc, type, adaptor.getSizes());
    auto [flat, next] =
        draw(rewriter, op, adaptor.getRng(), count, type.getElementType());
    rewriter.replaceOp(
        op, {shapeLike(rewriter, loc, flat, op, adaptor.getSizes()), next});
    return success();
  }

  std::pair<Value, Value> draw(OpBuilder &b, OpTy op, Value state, Value count,
                               Type element) const {
    bool mrg = op.getRng().getType().getKind() == RngKind::MRG31k3p;
    Location loc = op.getLoc();
    if constexpr (std::is_same_v<OpTy, RandomUniformOp>) {
      return mrg ? mrgUniform(b, loc, state, count, element, mrgDrawsPerThread)
                 : mtDraw(b, op, "uniform", state, count, element, {});
    } else if constexpr (std::is_same_v<OpTy, RandomNormalOp>) {
      return mrg ? mrgNormal(b, loc, state, count, element, mrgDrawsPerThread)
                 : mtDraw(b, op, "normal", state, count, element, {});
    } else if constexpr (std::is_same_v<OpTy, RandomIntegersOp>) {
      Value low = arith::ConstantOp::create(b, loc, op.getLowAttr());
      Value high = arith::ConstantOp::create(b, loc, op.getHighAttr());
      return mtDraw(b, op, "integers", state, count, element, {low, high});
    } else {
      Value n = arith::ConstantOp::create(b, loc, op.getNAttr());
      Value p = arith::ConstantOp::create(b, loc, op.getPAttr());
      return mtDraw(b, op, "binomial", state, count, element, {n, p});
    }
  }

  /// See mrgUniform.
  int64_t mrgDrawsPerThread;
};

} // namespace

void mlir::tj::populateRandomLoweringPatterns(RewritePatternSet &patterns,
                                              TypeConverter &converter,
                                              int64_t mrgDrawsPerThread) {
  converter.addConversion(
      [](RngType type) -> Type { return rngStorageType(type); });
  patterns.add<StorageLowering<MakeRngOp>, StorageLowering<RngDataOp>>(
      converter, patterns.getContext());
  patterns
      .add<RandomLowering<RandomUniformOp>, RandomLowering<RandomNormalOp>,
           RandomLowering<RandomIntegersOp>, RandomLowering<RandomBinomialOp>>(
          converter, patterns.getContext(), mrgDrawsPerThread);
}
