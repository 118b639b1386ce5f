//===- CpuReductions.cpp - Reductions that accumulate in registers --------===//
//
// convert-linalg-to-parallel-loops makes each reduction an scf.for whose
// body loads the output element, combines it with the next input and
// stores it back: one add's latency per element, which keeps LLVM from
// vectorizing. Here the element is loaded before the loop, carried through
// it and stored after, and the op that combines it is made reassociable,
// so that LLVM's loop vectorizer keeps partial results in vector registers.
// A reduction over outer rows (column sums) is unrolled by 8 rows and
// jammed, so that each output element is loaded and stored once per 8 rows.
//
//===----------------------------------------------------------------------===//

#include "passes/BufferAccess.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJCPUREDUCTIONS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

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
      if (tj::sameElement(load, store))
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

/// Iterations of a reduction over outer rows whose outputs are combined
/// in registers before they are stored (jam()).
constexpr int64_t kRowsJammed = 8;

/// The most operations (the terminator aside) a row's parallel loop body
/// may have to be jammed: each copy is compiled again, and a longer body
/// spends less of its time on the output's load and store.
constexpr size_t kMaxJammedBody = 12;

/// A reduction whose loop runs over the outer rows, with a parallel loop
/// over each row's outputs inside (a column sum): `loop`'s body is that
/// one scf.parallel, whose body loads its output element, combines it and
/// stores it back, and touches that buffer nothing else. Returns the
/// parallel loop and the output's load and store in it.
struct RowsReduction {
  scf::ParallelOp row;
  memref::LoadOp load;
  memref::StoreOp store;
};
std::optional<RowsReduction> findRowsReduction(scf::ForOp loop) {
  Block *body = loop.getBody();
  // Not a loop inside another (a tile's, whose rows are in cache: there
  // the copies cost more than the loads and stores they save), nor one over
  // the threads' partial results (fewer rows than are jammed).
  if (loop->getParentOfType<LoopLikeOpInterface>() ||
      tj::cpuThreadCount(loop.getUpperBound()) || loop.getNumResults() != 0 ||
      !llvm::hasSingleElement(body->without_terminator()))
    return std::nullopt;
  auto row = dyn_cast<scf::ParallelOp>(&body->front());
  if (!row || row.getNumResults() != 0)
    return std::nullopt;
  Block *rowBody = row.getBody();
  size_t size = std::distance(rowBody->without_terminator().begin(),
                              rowBody->without_terminator().end());
  if (size > kMaxJammedBody)
    return std::nullopt;
  // What the loop writes: only the output element.
  auto stores = rowBody->getOps<memref::StoreOp>();
  if (!llvm::hasSingleElement(stores))
    return std::nullopt;
  memref::StoreOp store = *stores.begin();
  if (!loop.isDefinedOutsideOfLoop(store.getMemRef()) ||
      llvm::any_of(store.getIndices(), [&](Value index) {
        return !loop.isDefinedOutsideOfLoop(index) &&
               !llvm::is_contained(row.getInductionVars(), index);
      }))
    return std::nullopt;
  SmallVector<memref::LoadOp> loads;
  for (memref::LoadOp load : rowBody->getOps<memref::LoadOp>())
    if (tj::sameElement(load, store))
      loads.push_back(load);
  if (loads.size() != 1 || !loads[0]->isBeforeInBlock(store))
    return std::nullopt;
  Value buffer = store.getMemRef();
  for (Operation &op : rowBody->without_terminator()) {
    if (&op == loads[0] || &op == store)
      continue;
    if (op.getNumRegions() != 0 ||
        !(isMemoryEffectFree(&op) || isa<memref::LoadOp>(op)) ||
        tj::mayAccess(&op, buffer, /*writesOnly=*/false))
      return std::nullopt;
  }
  return RowsReduction{row, loads[0], store};
}

/// Unroll-and-jam of a reduction over rows (findRowsReduction) by
/// kRowsJammed: the loop steps over kRowsJammed rows at a time, and its
/// parallel loop loads each output element once, combines it with that
/// many rows' values in turn and stores it once; a loop as before does the
/// rows left over. Each element combines the same values in the same order
/// (the results are the same bits), but its load and store, and the row
/// loop's set-up, come once per kRowsJammed rows, not once per row.
void jam(scf::ForOp loop, RowsReduction reduction) {
  IRRewriter rewriter(loop.getContext());
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  Value lower = loop.getLowerBound(), upper = loop.getUpperBound(),
        step = loop.getStep();
  // The jammed loop's end: lower + (upper - lower) / (step K) * (step K).
  Value jammedStep = arith::MulIOp::create(
      rewriter, loc, step,
      arith::ConstantIndexOp::create(rewriter, loc, kRowsJammed));
  Value span = arith::SubIOp::create(rewriter, loc, upper, lower);
  Value whole = arith::MulIOp::create(
      rewriter, loc, arith::DivSIOp::create(rewriter, loc, span, jammedStep),
      jammedStep);
  Value jammedEnd = arith::AddIOp::create(rewriter, loc, lower, whole);
  auto jammed = scf::ForOp::create(rewriter, loc, lower, jammedEnd, jammedStep);
  rewriter.setInsertionPointToStart(jammed.getBody());
  IRMapping mapping;
  mapping.map(loop.getInductionVar(), jammed.getInductionVar());
  auto row = cast<scf::ParallelOp>(rewriter.clone(*reduction.row, mapping));
  // The first row's body is the clone's; each further row's goes before
  // its terminator, reading the previous row's result for the element.
  Block *rowBody = row.getBody();
  auto previous =
      cast<memref::StoreOp>(mapping.lookup(reduction.store.getOperation()));
  for (int64_t k = 1; k < kRowsJammed; ++k) {
    rewriter.setInsertionPoint(row);
    Value offset = arith::MulIOp::create(
        rewriter, loc, step, arith::ConstantIndexOp::create(rewriter, loc, k));
    IRMapping copy;
    copy.map(
        loop.getInductionVar(),
        arith::AddIOp::create(rewriter, loc, jammed.getInductionVar(), offset));
    for (auto [from, to] :
         llvm::zip(reduction.row.getInductionVars(), row.getInductionVars()))
      copy.map(from, to);
    copy.map(reduction.load.getResult(), previous.getValueToStore());
    rewriter.setInsertionPoint(rowBody->getTerminator());
    for (Operation &op : reduction.row.getBody()->without_terminator())
      if (&op != reduction.load)
        rewriter.clone(op, copy);
    rewriter.eraseOp(previous);
    previous =
        cast<memref::StoreOp>(copy.lookup(reduction.store.getOperation()));
  }
  // The rows left over, as before.
  rewriter.modifyOpInPlace(
      loop, [&] { loop.getLowerBoundMutable().assign(jammedEnd); });
}

struct TjCpuReductions : tj::impl::TjCpuReductionsBase<TjCpuReductions> {
  void runOnOperation() override {
    // Innermost first: an outer loop then finds the element its inner loop
    // now loads before and stores after.
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      while (auto accumulator = findAccumulator(loop))
        loop = carry(loop, accumulator->first, accumulator->second);
      if (auto rows = findRowsReduction(loop))
        jam(loop, *rows);
    }
  }
};

} // namespace
