//===- GpuBlockReductions.cpp - Block-mapped reductions as kernels --------===//
//
// tj-split-reductions maps a reduction of a few dozen to a few thousand
// elements per output to blocks: an scf.parallel mapped to blocks holding
// one mapped to threads whose scf.reduce combines the threads' folds
// (rows, one output a block), or one mapped to thread_x over a few
// neighbouring outputs holding that reduction mapped to thread_y
// (columns). Upstream's convert-parallel-loops-to-gpu lowers no
// scf.parallel with a reduction; this pass lowers those nests to a
// gpu.launch whose threads combine through gpu.all_reduce (rows; shuffles
// and shared memory once lowered to NVVM) or pairwise in workgroup memory
// between barriers (columns, one combination per output). See Passes.td
// for the forms it takes.
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

/// The loop mapped to `processor` in `container`'s body (a loop mapped to
/// blocks, `blocks`, or to thread_x in it), with `results` reductions and
/// after it, if `last`, nothing; or failure with a diagnostic on `blocks`.
/// What comes before it may only read.
FailureOr<scf::ParallelOp> loopIn(scf::ParallelOp container,
                                  scf::ParallelOp blocks,
                                  gpu::Processor processor, unsigned results,
                                  bool last) {
  auto fail = [&](const Twine &why) {
    return blocks.emitOpError("mapped to blocks cannot become a kernel: ")
           << why;
  };
  if (!countsFromZero(container, blocks) || container.getNumResults() != 0)
    return fail("expected one dimension from 0 by 1, its bound defined "
                "outside, and no reduction");
  scf::ParallelOp inner;
  for (Operation &op : container.getBody()->without_terminator()) {
    if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
      if (inner)
        return fail("expected one loop mapped to threads");
      inner = loop;
    } else if (!inner && !onlyReads(&op)) {
      return fail("what comes before the thread loop may only read memory");
    } else if (inner && last) {
      return fail("expected nothing after the loop mapped to thread_x that "
                  "holds one mapped to thread_y");
    }
  }
  if (!inner || mappedTo(inner) != processor ||
      !countsFromZero(inner, blocks) || inner.getNumResults() != results)
    return fail("expected one loop mapped to ")
           << gpu::stringifyProcessor(processor)
           << " from 0 by 1, its bound defined outside, "
           << (results == 1 ? "with one reduction" : "without a reduction");
  if (results == 0)
    return inner;
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(inner.getBody()->getTerminator()->getRegion(0),
                            captured);
  if (!captured.empty())
    return fail("its combiner uses values from outside");
  return inner;
}

/// A block reduction (see Passes.td): the loop mapped to blocks, the one
/// mapped to thread_x holding outputs (columns) if any, and the reduction.
struct Nest {
  scf::ParallelOp blocks, lanes, reduction;
};

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

/// The condition true in each output's first thread, and what builds in
/// that thread the threads' folds combined across the output's threads.
using Combined = std::pair<Value, std::function<Value(OpBuilder &)>>;

/// Rows: one output per block, combined by gpu.all_reduce. NVVM shuffles
/// 32 bits at a time, so narrower values travel widened: whatever reads one
/// narrows it first, so the bits it is widened with never matter.
Combined allReduce(OpBuilder &builder, gpu::LaunchOp launch, Region &combiner,
                   Value folded) {
  Location loc = launch.getLoc();
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
  auto narrow = [=](OpBuilder &b, Value value) -> Value {
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
  Value first = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::eq, launch.getThreadIds().x,
      arith::ConstantIndexOp::create(builder, loc, 0));
  Value result = all.getResult();
  return {first, [=](OpBuilder &b) { return narrow(b, result); }};
}

/// A constant bound of thread loop bound `value`: a constant, or the
/// smaller of one and something (at least 1: a loop of none has no thread
/// to use a slot); else CUDA's most threads in a block.
int64_t threadsAtMost(Value value) {
  constexpr int64_t kMaxThreads = 1024;
  if (std::optional<int64_t> constant = getConstantIntValue(value))
    return std::clamp<int64_t>(*constant, 1, kMaxThreads);
  Operation *op = value.getDefiningOp();
  if (isa_and_nonnull<arith::MinUIOp, arith::MinSIOp>(op))
    for (Value operand : op->getOperands())
      if (std::optional<int64_t> constant = getConstantIntValue(operand))
        return std::clamp<int64_t>(*constant, 1, kMaxThreads);
  return kMaxThreads;
}

/// Columns: each output's folds (threads x, y for y < blockDim.y) go to
/// workgroup memory at y * blockDim.x + x and are combined pairwise, halving
/// the count each step between barriers; the result is at x.
Combined segmented(OpBuilder &builder, gpu::LaunchOp launch, Nest nest,
                   Region &combiner, Value folded) {
  Location loc = launch.getLoc();
  Type type = folded.getType();
  int64_t slots =
      std::min<int64_t>(threadsAtMost(nest.lanes.getUpperBound()[0]) *
                            threadsAtMost(nest.reduction.getUpperBound()[0]),
                        1024);
  MLIRContext *context = builder.getContext();
  Value shared = launch.addWorkgroupAttribution(
      MemRefType::get(
          {slots}, type, MemRefLayoutAttrInterface(),
          gpu::AddressSpaceAttr::get(
              context, gpu::GPUDialect::getWorkgroupAddressSpace())),
      loc);
  Value x = launch.getThreadIds().x, y = launch.getThreadIds().y;
  Value lanes = launch.getBlockSize().x;
  auto slot = [&](OpBuilder &b, Value row) {
    return arith::AddIOp::create(b, loc,
                                 arith::MulIOp::create(b, loc, row, lanes), x)
        .getResult();
  };
  auto index = [&](OpBuilder &b, int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value).getResult();
  };
  memref::StoreOp::create(builder, loc, folded, shared, slot(builder, y));
  // While more than one fold is left per output, the first half (rounded
  // up) of the rows takes in the second.
  auto halves = scf::WhileOp::create(
      builder, loc, TypeRange{builder.getIndexType()},
      ValueRange{launch.getBlockSize().y},
      [&](OpBuilder &b, Location, ValueRange rows) {
        scf::ConditionOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, rows[0],
                                  index(b, 1)),
            rows);
      },
      [&](OpBuilder &b, Location, ValueRange rows) {
        Value half = arith::CeilDivUIOp::create(b, loc, rows[0], index(b, 2));
        gpu::BarrierOp::create(b, loc);
        Value partner = arith::AddIOp::create(b, loc, y, half);
        auto pairs = scf::IfOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, partner,
                                  rows[0]),
            /*withElse=*/false);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(pairs.thenBlock()->getTerminator());
          Value own = slot(b, y);
          Value mine = memref::LoadOp::create(b, loc, shared, own);
          Value theirs =
              memref::LoadOp::create(b, loc, shared, slot(b, partner));
          Value sum = combine(b, combiner, mine, theirs);
          memref::StoreOp::create(b, loc, sum, shared, own);
        }
        scf::YieldOp::create(b, loc, half);
      });
  (void)halves;
  gpu::BarrierOp::create(builder, loc);
  Value first = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq, y,
                                      index(builder, 0));
  return {first, [=](OpBuilder &b) {
            return memref::LoadOp::create(b, loc, shared, x).getResult();
          }};
}

/// Replaces `nest` by a gpu.launch: every thread runs what comes before
/// the reduction loop and its body, the block combines the folds, and each
/// output's first thread combines them into the loop's init and runs the
/// rest of the body the reduction loop is in.
void lower(Nest nest) {
  scf::ParallelOp outer = nest.blocks;
  scf::ParallelOp inner = nest.reduction;
  Location loc = outer.getLoc();
  OpBuilder builder(outer);
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  Value lanes = nest.lanes ? nest.lanes.getUpperBound()[0] : one;
  Value rows = nest.lanes ? inner.getUpperBound()[0] : one;
  Value threads = nest.lanes ? lanes : inner.getUpperBound()[0];
  auto launch = gpu::LaunchOp::create(builder, loc, outer.getUpperBound()[0],
                                      one, one, threads, rows, one);
  Block &body = launch.getBody().front();
  builder.setInsertionPointToEnd(&body);
  auto end = gpu::TerminatorOp::create(builder, loc);
  builder.setInsertionPoint(end);

  IRMapping mapping;
  mapping.map(outer.getInductionVars()[0], launch.getBlockIds().x);
  mapping.map(outer.getUpperBound()[0], launch.getGridSize().x);
  if (nest.lanes) {
    mapping.map(nest.lanes.getInductionVars()[0], launch.getThreadIds().x);
    mapping.map(lanes, launch.getBlockSize().x);
    mapping.map(inner.getInductionVars()[0], launch.getThreadIds().y);
    mapping.map(rows, launch.getBlockSize().y);
  } else {
    mapping.map(inner.getInductionVars()[0], launch.getThreadIds().x);
    mapping.map(threads, launch.getBlockSize().x);
  }
  // Every thread: what comes before the reduction loop, and its body.
  scf::ParallelOp holder = nest.lanes ? nest.lanes : outer;
  if (nest.lanes)
    for (Operation &op : outer.getBody()->without_terminator()) {
      if (&op == nest.lanes.getOperation())
        break;
      builder.clone(op, mapping);
    }
  Block *holderBody = holder.getBody();
  auto at = holderBody->without_terminator().begin();
  for (; &*at != inner.getOperation(); ++at)
    builder.clone(*at, mapping);
  for (Operation &op : inner.getBody()->without_terminator())
    builder.clone(op, mapping);
  auto reduce = cast<scf::ReduceOp>(inner.getBody()->getTerminator());
  Region &combiner = reduce.getReductions()[0];
  Value folded = mapping.lookupOrDefault(reduce.getOperands()[0]);
  auto [first, combined] =
      nest.lanes ? segmented(builder, launch, nest, combiner, folded)
                 : allReduce(builder, launch, combiner, folded);
  // The first thread: the result, and what comes after the reduction loop.
  auto single = scf::IfOp::create(builder, loc, first, /*withElse=*/false);
  builder.setInsertionPoint(single.thenBlock()->getTerminator());
  mapping.map(inner.getResult(0),
              combine(builder, combiner,
                      mapping.lookupOrDefault(inner.getInitVals()[0]),
                      combined(builder)));
  for (++at; at != holderBody->without_terminator().end(); ++at)
    builder.clone(*at, mapping);
  outer.erase();
}

/// The block reduction whose reduction loop is `loop`, or failure with a
/// diagnostic.
FailureOr<Nest> nestOf(scf::ParallelOp loop) {
  auto parent = dyn_cast<scf::ParallelOp>(loop->getParentOp());
  auto grandparent =
      parent ? dyn_cast<scf::ParallelOp>(parent->getParentOp()) : nullptr;
  Nest nest;
  if (mappedTo(loop) == gpu::Processor::ThreadX && parent &&
      mappedTo(parent) == gpu::Processor::BlockX) {
    nest.blocks = parent;
    FailureOr<scf::ParallelOp> reduction =
        loopIn(parent, parent, gpu::Processor::ThreadX, 1, /*last=*/false);
    if (failed(reduction))
      return failure();
    nest.reduction = *reduction;
    // gpu.all_reduce's lowering takes these types only.
    Type type = loop.getResult(0).getType();
    if (!tj::isBlockReducible(type))
      return parent.emitOpError("mapped to blocks cannot become a kernel: "
                                "gpu.all_reduce takes integers and floats of "
                                "up to 32 bits or of 64, not ")
             << type;
    return nest;
  }
  if (mappedTo(loop) == gpu::Processor::ThreadY && grandparent &&
      mappedTo(parent) == gpu::Processor::ThreadX &&
      mappedTo(grandparent) == gpu::Processor::BlockX) {
    nest.blocks = grandparent;
    FailureOr<scf::ParallelOp> lanes = loopIn(
        grandparent, grandparent, gpu::Processor::ThreadX, 0, /*last=*/true);
    if (failed(lanes))
      return failure();
    FailureOr<scf::ParallelOp> reduction =
        loopIn(*lanes, grandparent, gpu::Processor::ThreadY, 1, /*last=*/false);
    if (failed(reduction))
      return failure();
    nest.lanes = *lanes;
    nest.reduction = *reduction;
    return nest;
  }
  return loop.emitOpError("with a reduction becomes a kernel only as a "
                          "one-dimensional loop mapped to thread_x in one "
                          "mapped to block_x, or to thread_y in thread_x in "
                          "block_x");
}

struct TjGpuBlockReductions
    : tj::impl::TjGpuBlockReductionsBase<TjGpuBlockReductions> {
  void runOnOperation() override {
    // Mapped loops without a reduction are left to
    // convert-parallel-loops-to-gpu.
    SmallVector<Nest> nests;
    WalkResult walk = getOperation().walk([&](scf::ParallelOp loop) {
      if (loop.getNumResults() == 0 ||
          !loop->hasAttr(gpu::getMappingAttrName()))
        return WalkResult::advance();
      FailureOr<Nest> nest = nestOf(loop);
      if (failed(nest))
        return WalkResult::interrupt();
      nests.push_back(*nest);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (Nest nest : nests)
      lower(nest);
  }
};

} // namespace
