//===- GpuBlockReductions.cpp - Block-mapped reductions as kernels --------===//
//
// tj-split-reductions maps a reduction of short neighbouring runs to one
// block per output: an scf.parallel mapped to blocks holding one mapped to
// threads, whose scf.reduce combines the threads' folds. Upstream's
// convert-parallel-loops-to-gpu lowers no scf.parallel with a reduction;
// this pass lowers that nest to a gpu.launch whose threads combine through
// gpu.all_reduce (shuffles and shared memory once lowered to NVVM). See
// Passes.td for the form it takes.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJGPUBLOCKREDUCTIONS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// The processor a one-dimensional scf.parallel is mapped to, if it is.
std::optional<gpu::Processor> mappedTo(scf::ParallelOp loop) {
  auto mapping = loop->getAttrOfType<ArrayAttr>(gpu::getMappingAttrName());
  if (!mapping || mapping.size() != 1 || loop.getNumLoops() != 1)
    return std::nullopt;
  auto dimension = dyn_cast<gpu::ParallelLoopDimMappingAttr>(mapping[0]);
  if (!dimension)
    return std::nullopt;
  return dimension.getProcessor();
}

/// Whether `loop` runs from 0 by 1 to a bound defined outside `outer`.
bool countsFromZero(scf::ParallelOp loop, scf::ParallelOp outer) {
  return isConstantIntValue(loop.getLowerBound()[0], 0) &&
         isConstantIntValue(loop.getStep()[0], 1) &&
         outer.isDefinedOutsideOfLoop(loop.getUpperBound()[0]);
}

/// Whether `op` only reads memory, if it touches any.
bool onlyReads(Operation *op) {
  if (op->getNumRegions() != 0)
    return false;
  if (isMemoryEffectFree(op))
    return true;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  return effects && effects.onlyHasEffect<MemoryEffects::Read>();
}

/// The thread loop of the block reduction `outer` (see Passes.td), or
/// failure with a diagnostic on `outer`.
FailureOr<scf::ParallelOp> threadLoopOf(scf::ParallelOp outer) {
  auto fail = [&](const Twine &why) {
    return outer.emitOpError("mapped to blocks cannot become a kernel: ")
           << why;
  };
  if (!countsFromZero(outer, outer) || outer.getNumResults() != 0)
    return fail("expected one dimension from 0 by 1, its bound defined "
                "outside, and no reduction");
  scf::ParallelOp inner;
  for (Operation &op : outer.getBody()->without_terminator()) {
    if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
      if (inner)
        return fail("expected one loop mapped to threads");
      inner = loop;
    } else if (!inner && !onlyReads(&op)) {
      return fail("what comes before the thread loop may only read memory");
    }
  }
  if (!inner || mappedTo(inner) != gpu::Processor::ThreadX ||
      !countsFromZero(inner, outer) || inner.getNumResults() != 1)
    return fail("expected one loop mapped to thread_x from 0 by 1, its bound "
                "defined outside, with one reduction");
  Type type = inner.getResult(0).getType();
  if (!tj::isBlockReducible(type))
    return fail("gpu.all_reduce takes integers and floats of up to 32 bits "
                "or of 64, not ")
           << type;
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(inner.getBody()->getTerminator()->getRegion(0),
                            captured);
  if (!captured.empty())
    return fail("its combiner uses values from outside");
  return inner;
}

/// The ops of `combiner` (an scf.reduce region) at `a` and `b`, cloned at
/// `builder`; what it returns.
Value combine(OpBuilder &builder, Region &combiner, Value a, Value b) {
  Block &block = combiner.front();
  IRMapping mapping;
  mapping.map(block.getArgument(0), a);
  mapping.map(block.getArgument(1), b);
  for (Operation &op : block.without_terminator())
    builder.clone(op, mapping);
  return mapping.lookupOrDefault(block.getTerminator()->getOperand(0));
}

/// Replaces `outer` and `inner` (threadLoopOf) by a gpu.launch.
void lower(scf::ParallelOp outer, scf::ParallelOp inner) {
  Location loc = outer.getLoc();
  OpBuilder builder(outer);
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  auto launch =
      gpu::LaunchOp::create(builder, loc, outer.getUpperBound()[0], one, one,
                            inner.getUpperBound()[0], one, one);
  Block &body = launch.getBody().front();
  builder.setInsertionPointToEnd(&body);
  auto end = gpu::TerminatorOp::create(builder, loc);
  builder.setInsertionPoint(end);

  IRMapping mapping;
  mapping.map(outer.getInductionVars()[0], launch.getBlockIds().x);
  mapping.map(outer.getUpperBound()[0], launch.getGridSize().x);
  mapping.map(inner.getInductionVars()[0], launch.getThreadIds().x);
  mapping.map(inner.getUpperBound()[0], launch.getBlockSize().x);
  Block *outerBody = outer.getBody();
  auto at = outerBody->without_terminator().begin();
  // Every thread: what comes before the thread loop, and its body.
  for (; &*at != inner.getOperation(); ++at)
    builder.clone(*at, mapping);
  for (Operation &op : inner.getBody()->without_terminator())
    builder.clone(op, mapping);
  auto reduce = cast<scf::ReduceOp>(inner.getBody()->getTerminator());
  Region &combiner = reduce.getReductions()[0];
  Value folded = mapping.lookupOrDefault(reduce.getOperands()[0]);
  // The block combines its threads' folds. NVVM shuffles 32 bits at a
  // time, so narrower values travel widened: whatever reads one narrows it
  // first, so the bits it is widened with never matter.
  Type type = folded.getType();
  unsigned width = type.getIntOrFloatBitWidth();
  Type bits = builder.getIntegerType(width), carried = type;
  if (width < 32)
    carried = builder.getI32Type();
  auto widen = [&](OpBuilder &b, Value value) -> Value {
    if (carried == type)
      return value;
    if (bits != type)
      value = arith::BitcastOp::create(b, loc, bits, value);
    return arith::ExtUIOp::create(b, loc, carried, value);
  };
  auto narrow = [&](OpBuilder &b, Value value) -> Value {
    if (carried == type)
      return value;
    value = arith::TruncIOp::create(b, loc, bits, value);
    return bits == type ? value : arith::BitcastOp::create(b, loc, type, value);
  };
  auto all = gpu::AllReduceOp::create(builder, loc, widen(builder, folded),
                                      /*op=*/nullptr, /*uniform=*/true);
  {
    OpBuilder::InsertionGuard guard(builder);
    Block *block =
        builder.createBlock(&all.getBody(), {}, {carried, carried}, {loc, loc});
    Value a = narrow(builder, block->getArgument(0));
    Value b = narrow(builder, block->getArgument(1));
    gpu::YieldOp::create(builder, loc,
                         widen(builder, combine(builder, combiner, a, b)));
  }
  // The first thread: the result, and what comes after the thread loop.
  Value first = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::eq, launch.getThreadIds().x,
      arith::ConstantIndexOp::create(builder, loc, 0));
  auto single = scf::IfOp::create(builder, loc, first, /*withElse=*/false);
  builder.setInsertionPoint(single.thenBlock()->getTerminator());
  mapping.map(inner.getResult(0),
              combine(builder, combiner,
                      mapping.lookupOrDefault(inner.getInitVals()[0]),
                      narrow(builder, all.getResult())));
  for (++at; at != outerBody->without_terminator().end(); ++at)
    builder.clone(*at, mapping);
  outer.erase();
}

struct TjGpuBlockReductions
    : tj::impl::TjGpuBlockReductionsBase<TjGpuBlockReductions> {
  void runOnOperation() override {
    // Mapped loops without a reduction are left to
    // convert-parallel-loops-to-gpu.
    SmallVector<std::pair<scf::ParallelOp, scf::ParallelOp>> nests;
    WalkResult walk = getOperation().walk([&](scf::ParallelOp loop) {
      if (loop.getNumResults() == 0 ||
          !loop->hasAttr(gpu::getMappingAttrName()))
        return WalkResult::advance();
      auto outer = dyn_cast<scf::ParallelOp>(loop->getParentOp());
      if (mappedTo(loop) != gpu::Processor::ThreadX || !outer ||
          mappedTo(outer) != gpu::Processor::BlockX) {
        loop.emitOpError("with a reduction becomes a kernel only as a "
                         "one-dimensional loop mapped to thread_x in one "
                         "mapped to block_x");
        return WalkResult::interrupt();
      }
      FailureOr<scf::ParallelOp> inner = threadLoopOf(outer);
      if (failed(inner))
        return WalkResult::interrupt();
      nests.push_back({outer, *inner});
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (auto [outer, inner] : nests)
      lower(outer, inner);
  }
};

} // namespace
