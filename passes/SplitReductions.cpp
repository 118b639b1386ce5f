//===- SplitReductions.cpp - Full reductions as parallel partials ---------===//
//
// out = combine(out, f(x_0), f(x_1), ...) becomes
//   partial1[p] = combine over k = p, p + P1, ... of f(x_k)    (P1 threads)
//   partial2[q] = combine over k = q, q + P2, ... of partial1[k] (P2 threads)
//   out = combine(out, partial2[0], ..., partial2[P2 - 1])      (one loop)
// with P1 = min(n, partials) and P2 = min(P1, 256), so every partial has at
// least one element and no identity value is needed. Below `minimum-size`
// elements (decided at run time) the reduction stays as it was.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJSPLITREDUCTIONS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

constexpr int64_t kSecondStep = 256;

/// The combiner of a full reduction `op` (the op the body yields, taking
/// the accumulator once), or null if `op` is not one this pass splits.
Operation *splittableCombiner(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() == 0 || op.getNumParallelLoops() != 0)
    return nullptr;
  auto output = dyn_cast<MemRefType>(op.getDpsInitOperand(0)->get().getType());
  if (!output || output.getRank() != 0)
    return nullptr;
  Block &body = op.getRegion().front();
  BlockArgument accumulator = body.getArguments().back();
  Operation *yield = body.getTerminator();
  Operation *combiner = yield->getOperand(0).getDefiningOp();
  if (!combiner || !accumulator.hasOneUse() ||
      accumulator.getUses().begin()->getOwner() != combiner ||
      combiner->getNumOperands() != 2 ||
      !isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
           arith::MaxNumFOp, arith::MinNumFOp, arith::AddIOp, arith::MulIOp,
           arith::MaxSIOp, arith::MinSIOp, arith::MaxUIOp, arith::MinUIOp,
           arith::AndIOp, arith::OrIOp, arith::XOrIOp>(combiner))
    return nullptr;
  return combiner;
}

/// `combiner` applied to `a` and `b` (a clone with new operands).
Value combine(OpBuilder &b, Operation *combiner, Value a, Value c) {
  Operation *clone = b.clone(*combiner);
  clone->setOperands({a, c});
  return clone->getResult(0);
}

class Splitter {
public:
  Splitter(linalg::GenericOp op, Operation *combiner, int64_t partials,
           int64_t minimumSize)
      : op_(op), combiner_(combiner), partials_(partials),
        minimumSize_(minimumSize), builder_(op), loc_(op.getLoc()) {}

  void run() {
    // A fill of the output just before moves into both branches: the small
    // one fills and reduces in one loop (one kernel on a GPU), the split one
    // starts its last step from the fill's value.
    auto fill = dyn_cast_or_null<linalg::FillOp>(op_->getPrevNode());
    if (fill &&
        fill.getDpsInitOperand(0)->get() != op_.getDpsInitOperand(0)->get())
      fill = nullptr;
    Value zero = index(0), one = index(1);
    // The loops' sizes, and their product n.
    SmallVector<Value> sizes;
    for (Range range : cast<linalg::LinalgOp>(op_.getOperation())
                           .createLoopRanges(builder_, loc_))
      sizes.push_back(
          getValueOrCreateConstantIndexOp(builder_, loc_, range.size));
    Value n = one;
    for (Value size : sizes)
      n = arith::MulIOp::create(builder_, loc_, n, size);
    Type element = combiner_->getResult(0).getType();

    // Small reductions stay one loop (fewer kernels); the choice is made
    // when the size is known, on the host.
    Value large = arith::CmpIOp::create(
        builder_, loc_, arith::CmpIPredicate::uge, n, index(minimumSize_));
    auto choice = scf::IfOp::create(builder_, loc_, large, /*withElse=*/true);
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPoint(choice.elseBlock()->getTerminator());
    if (fill)
      builder_.clone(*fill);
    builder_.clone(*op_);
    builder_.setInsertionPoint(choice.thenBlock()->getTerminator());
    zero = index(0);
    one = index(1);

    // Step 1: thread p of P1 folds f(x_k) for k = p, p + P1, ...
    Value p1 = arith::MinUIOp::create(builder_, loc_, n, index(partials_));
    Value first = alloc(element, p1);
    parallel(p1, [&](OpBuilder &b, Value p) {
      Value start = elementAt(b, sizes, p);
      Value after = arith::AddIOp::create(b, loc_, p, p1);
      auto loop = scf::ForOp::create(
          b, loc_, after, n, p1, ValueRange{start},
          [&](OpBuilder &b, Location, Value k, ValueRange acc) {
            Value next = combine(b, combiner_, acc[0], elementAt(b, sizes, k));
            scf::YieldOp::create(b, loc_, next);
          });
      memref::StoreOp::create(b, loc_, loop.getResult(0), first, p);
    });
    // Step 2: thread q of P2 folds partial1[k] for k = q, q + P2, ...
    Value p2 = arith::MinUIOp::create(builder_, loc_, p1, index(kSecondStep));
    Value second = alloc(element, p2);
    parallel(p2, [&](OpBuilder &b, Value q) {
      Value start = memref::LoadOp::create(b, loc_, first, q);
      Value after = arith::AddIOp::create(b, loc_, q, p2);
      auto loop = scf::ForOp::create(
          b, loc_, after, p1, p2, ValueRange{start},
          [&](OpBuilder &b, Location, Value k, ValueRange acc) {
            Value partial = memref::LoadOp::create(b, loc_, first, k);
            scf::YieldOp::create(b, loc_,
                                 combine(b, combiner_, acc[0], partial));
          });
      memref::StoreOp::create(b, loc_, loop.getResult(0), second, q);
    });
    // Step 3: the output, from its initial value, folds the P2 partials.
    Value out = op_.getDpsInitOperand(0)->get();
    Value init = fill ? fill.getDpsInputOperand(0)->get()
                      : memref::LoadOp::create(builder_, loc_, out).getResult();
    auto last = scf::ForOp::create(
        builder_, loc_, zero, p2, one, ValueRange{init},
        [&](OpBuilder &b, Location, Value k, ValueRange acc) {
          Value partial = memref::LoadOp::create(b, loc_, second, k);
          scf::YieldOp::create(b, loc_, combine(b, combiner_, acc[0], partial));
        });
    memref::StoreOp::create(builder_, loc_, last.getResult(0), out);
    memref::DeallocOp::create(builder_, loc_, first);
    memref::DeallocOp::create(builder_, loc_, second);
    op_.erase();
    if (fill)
      fill.erase();
  }

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(builder_, loc_, value);
  }
  Value alloc(Type element, Value size) {
    return memref::AllocOp::create(
        builder_, loc_, MemRefType::get({ShapedType::kDynamic}, element),
        ValueRange{size});
  }
  void parallel(Value count, function_ref<void(OpBuilder &, Value)> body) {
    Value zero = index(0), one = index(1);
    scf::ParallelOp::create(
        builder_, loc_, ValueRange{zero}, ValueRange{count}, ValueRange{one},
        [&](OpBuilder &b, Location, ValueRange ivs) { body(b, ivs[0]); });
  }

  /// f(x_k): the body up to the combiner, at the loop indices of the
  /// row-major linear index `k`.
  Value elementAt(OpBuilder &b, ArrayRef<Value> sizes, Value k) {
    SmallVector<Value> indices(sizes.size());
    Value rest = k;
    for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
      indices[d] =
          d == 0 ? rest
                 : arith::RemUIOp::create(b, loc_, rest, sizes[d]).getResult();
      if (d > 0)
        rest = arith::DivUIOp::create(b, loc_, rest, sizes[d]);
    }
    Block &body = op_.getRegion().front();
    IRMapping mapping;
    for (OpOperand *input : op_.getDpsInputOperands()) {
      BlockArgument argument = body.getArgument(input->getOperandNumber());
      Value source = input->get();
      if (!isa<MemRefType>(source.getType())) { // a scalar operand
        mapping.map(argument, source);
        continue;
      }
      AffineMap map = op_.getMatchingIndexingMap(input);
      SmallVector<Value> at;
      for (AffineExpr result : map.getResults())
        at.push_back(affine::AffineApplyOp::create(
            b, loc_, AffineMap::get(map.getNumDims(), 0, result), indices));
      mapping.map(argument, memref::LoadOp::create(b, loc_, source, at));
    }
    for (Operation &inner : body.without_terminator()) {
      if (&inner == combiner_)
        break;
      if (auto position = dyn_cast<linalg::IndexOp>(inner))
        mapping.map(position.getResult(), indices[position.getDim()]);
      else
        b.clone(inner, mapping);
    }
    Value accumulator = body.getArguments().back();
    Value element = combiner_->getOperand(0) == accumulator
                        ? combiner_->getOperand(1)
                        : combiner_->getOperand(0);
    return mapping.lookupOrDefault(element);
  }

  linalg::GenericOp op_;
  Operation *combiner_;
  int64_t partials_, minimumSize_;
  OpBuilder builder_;
  Location loc_;
};

struct TjSplitReductions : tj::impl::TjSplitReductionsBase<TjSplitReductions> {
  using Base::Base;

  void runOnOperation() override {
    if (partials < 1 || minimumSize < 1) {
      getOperation().emitError(
          "tj-split-reductions: partials and minimum-size must be >= 1");
      return signalPassFailure();
    }
    SmallVector<std::pair<linalg::GenericOp, Operation *>> splits;
    getOperation().walk([&](linalg::GenericOp op) {
      if (Operation *combiner = splittableCombiner(op))
        splits.push_back({op, combiner});
    });
    for (auto [op, combiner] : splits)
      Splitter(op, combiner, partials, minimumSize).run();
  }
};

} // namespace
