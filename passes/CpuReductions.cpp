//===- CpuReductions.cpp - Reductions that accumulate in registers --------===//
//
// convert-linalg-to-parallel-loops makes each reduction an scf.for whose
// body loads the output element, combines it with the next input and
// stores it back: one add's latency per element, which keeps LLVM from
// vectorizing. Here the element is loaded before the loop, carried through
// it and stored after, and the op that combines it is made reassociable,
// so that LLVM's loop vectorizer keeps partial results in vector registers.
//
//===----------------------------------------------------------------------===//

#include "passes/BufferAccess.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJCPUREDUCTIONS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// Whether `load` and `store` name the same element.
bool sameElement(memref::LoadOp load, memref::StoreOp store) {
  return load.getMemRef() == store.getMemRef() &&
         load.getIndices() == store.getIndices();
}

/// The ops whose chains LLVM vectorizes as reductions once reassociable.
bool isCombiner(Operation *op) {
  return isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
             arith::MaxNumFOp, arith::MinNumFOp>(op);
}

/// An element of a buffer that `loop`'s body loads once and then stores
/// once, at indices fixed for the loop, and that nothing else in the loop
/// may touch: the accumulator of a reduction.
std::optional<std::pair<memref::LoadOp, memref::StoreOp>>
findAccumulator(scf::ForOp loop) {
  Block *body = loop.getBody();
  for (memref::StoreOp store : body->getOps<memref::StoreOp>()) {
    if (!loop.isDefinedOutsideOfLoop(store.getMemRef()) ||
        !llvm::all_of(store.getIndices(), [&](Value index) {
          return loop.isDefinedOutsideOfLoop(index);
        }))
      continue;
    SmallVector<memref::LoadOp> loads;
    for (memref::LoadOp load : body->getOps<memref::LoadOp>())
      if (sameElement(load, store))
        loads.push_back(load);
    if (loads.size() != 1 || !loads[0]->isBeforeInBlock(store))
      continue;
    Value buffer = store.getMemRef();
    bool alone = llvm::none_of(*body, [&](Operation &op) {
      return &op != loads[0] && &op != store &&
             tj::mayAccess(&op, buffer, /*writesOnly=*/false);
    });
    if (alone)
      return std::pair{loads[0], store};
  }
  return std::nullopt;
}

/// Carries `load`'s element through `loop`: loaded before it, stored after
/// it. Returns the new loop, which replaces `loop` (erased).
scf::ForOp carry(scf::ForOp loop, memref::LoadOp load, memref::StoreOp store) {
  MLIRContext *context = loop.getContext();
  IRRewriter rewriter(context);
  rewriter.setInsertionPoint(loop);
  Value initial = memref::LoadOp::create(rewriter, load.getLoc(),
                                         load.getMemRef(), load.getIndices());
  Value stored = store.getValueToStore();
  auto carried = cast<scf::ForOp>(
      loop.replaceWithAdditionalYields(
              rewriter, initial, /*replaceInitOperandUsesInLoop=*/false,
              [&](OpBuilder &, Location, ArrayRef<BlockArgument>) {
                return SmallVector<Value>{stored};
              })
          ->getOperation());
  if (Operation *combiner = stored.getDefiningOp();
      combiner && isCombiner(combiner) &&
      llvm::is_contained(combiner->getOperands(), load.getResult())) {
    auto fastMath = cast<arith::ArithFastMathInterface>(combiner);
    combiner->setAttr(fastMath.getFastMathAttrName(),
                      arith::FastMathFlagsAttr::get(
                          context, fastMath.getFastMathFlagsAttr().getValue() |
                                       arith::FastMathFlags::reassoc));
  }
  rewriter.replaceAllUsesWith(load.getResult(),
                              carried.getRegionIterArgs().back());
  rewriter.setInsertionPointAfter(carried);
  memref::StoreOp::create(rewriter, store.getLoc(), carried.getResults().back(),
                          store.getMemRef(), store.getIndices());
  rewriter.eraseOp(store);
  rewriter.eraseOp(load);
  return carried;
}

struct TjCpuReductions : tj::impl::TjCpuReductionsBase<TjCpuReductions> {
  void runOnOperation() override {
    // Innermost first: an outer loop then finds the element its inner loop
    // now loads before and stores after.
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops)
      while (auto accumulator = findAccumulator(loop))
        loop = carry(loop, accumulator->first, accumulator->second);
  }
};

} // namespace
