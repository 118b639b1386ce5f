//===- SplitReductions.cpp - Reductions as parallel partial folds ---------===//
//
// A reduction of r elements into each of m outputs (m = 1 for a full
// reduction), out[o] = combine(out[o], f(o, 0), f(o, 1), ...), becomes
//   partial[o][c] = combine over k = c, c + C, ... of f(o, k)   (m * C threads)
//   out[o] = combine(out[o], partial[o][0], ..., partial[o][C - 1])
//                                                                (m threads)
// with C = min(ceil(r / 32), max(1, partials / m)) chunks, so that each
// chunk has at least one element (no identity value is needed) and the
// threads together number at most `partials`. A full reduction of more
// than 32 partials has one more level between the two, C2 = min(ceil(C /
// 32), 256) threads folding the partials, so that its last step is one
// short loop (with fewer, that level's loop is empty: no kernel on a GPU).
// Each fold loads 8 elements before combining them (past the end, clamped
// and not combined).
// Below `minimum-size` elements per output, or with more outputs than half the
// partials (each output's own thread is then parallel enough), the reduction
// stays as it was; the choice is made at run time.
//
// With `cooperative-threads` T > 0, a reduction whose threads can read
// neighbouring elements has a third branch, taken first: one kernel, whose
// blocks combine their threads' folds. A full reduction, or one whose
// largest input's innermost dimension is reduced (rows), when 32 < r <=
// 32 T: a block of min(T, r) threads per output, thread t folding the
// elements t, t + T, ... (an scf.parallel with a reduction, mapped to
// thread_x, in one mapped to block_x). One whose largest input's innermost
// dimension is the last parallel one (columns), when 32 < r <= 32 T / W
// and 2m <= partials (more outputs fill the threads one each): a block per
// W neighbouring outputs (outputs-per-block, 4), T / W threads each (the
// reduction mapped to thread_y, in a loop over the W outputs mapped to
// thread_x, in one mapped to block_x). tj-gpu-block-reductions makes
// either a kernel. Each output's first thread stores it and runs the
// epilogue.
//
//===----------------------------------------------------------------------===//

#include "passes/BufferAccess.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJSPLITREDUCTIONS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;
using mlir::tj::mayAccess;
using mlir::tj::mayAlias;
using mlir::tj::mayAliasAny;

namespace {

/// Elements each thread of a level folds, where the threads allow.
constexpr int64_t kPerThread = 32;
/// Threads of a full reduction's second level, at most.
constexpr int64_t kSecondStep = 256;
/// Elements whose loads each thread issues together.
constexpr int64_t kUnroll = 8;
/// A block's threads and a grid's blocks, at most (CUDA's limits).
constexpr int64_t kMaxThreads = 1024;
constexpr int64_t kMaxBlocks = (int64_t(1) << 31) - 1;

/// The combiner of a reduction `op` (the op the body yields, taking the
/// accumulator once), or null if `op` is not one this pass splits: one
/// output, each of whose elements one parallel iteration owns.
Operation *splittableCombiner(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0)
    return nullptr;
  if (!isa<MemRefType>(op.getDpsInitOperand(0)->get().getType()))
    return nullptr;
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!output.isProjectedPermutation() ||
      output.getNumResults() != op.getNumParallelLoops() ||
      !llvm::all_of(output.getResults(), [&](AffineExpr result) {
        return linalg::isParallelIterator(
            op.getIteratorTypesArray()[cast<AffineDimExpr>(result)
                                           .getPosition()]);
      }))
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

/// `map`'s results at the loop indices `indices`.
SmallVector<Value> apply(OpBuilder &b, Location loc, AffineMap map,
                         ArrayRef<Value> indices) {
  SmallVector<Value> at;
  for (AffineExpr result : map.getResults())
    at.push_back(affine::AffineApplyOp::create(
        b, loc, AffineMap::get(map.getNumDims(), 0, result), indices));
  return at;
}

/// `op`'s body at the loop indices `indices`, cloned up to `stop` (or its
/// terminator) into `mapping`: each input's block argument is its element
/// there (a load; a scalar operand as it is), unless `mapping` has it.
void cloneBodyAt(OpBuilder &b, Location loc, linalg::GenericOp op,
                 ArrayRef<Value> indices, IRMapping &mapping,
                 Operation *stop = nullptr) {
  for (OpOperand *input : op.getDpsInputOperands()) {
    BlockArgument argument = op.getMatchingBlockArgument(input);
    Value source = input->get();
    if (mapping.contains(argument))
      continue;
    mapping.map(
        argument,
        isa<MemRefType>(source.getType())
            ? memref::LoadOp::create(
                  b, loc, source,
                  apply(b, loc, op.getMatchingIndexingMap(input), indices))
                  .getResult()
            : source);
  }
  for (Operation &inner : op.getRegion().front().without_terminator()) {
    if (&inner == stop)
      break;
    if (auto position = dyn_cast<linalg::IndexOp>(inner))
      mapping.map(position.getResult(), indices[position.getDim()]);
    else
      b.clone(inner, mapping);
  }
}

/// The ops between `op` and `user` in their block that `user`'s operands
/// and the values its regions use are computed by, in block order, if all
/// of them may run before `op` instead: computations free of memory
/// effects, and fresh allocations with the stores into them (`op` cannot
/// touch a buffer allocated after it). Null if one may not.
std::optional<SmallVector<Operation *>> hoistableInputs(Operation *op,
                                                        Operation *user) {
  Block *block = op->getBlock();
  auto after = [&](Value value) -> Operation * {
    Operation *def = value.getDefiningOp();
    return def && def->getBlock() == block && !def->isBeforeInBlock(op)
               ? def
               : nullptr;
  };
  llvm::SetVector<Value> used(user->getOperands().begin(),
                              user->getOperands().end());
  for (Region &region : user->getRegions())
    getUsedValuesDefinedAbove(region, used);
  llvm::SetVector<Operation *> slice;
  SmallVector<Operation *> worklist;
  for (Value value : used)
    if (Operation *def = after(value))
      worklist.push_back(def);
  while (!worklist.empty()) {
    Operation *def = worklist.pop_back_val();
    if (!slice.insert(def))
      continue;
    if (def->getNumRegions() != 0)
      return std::nullopt;
    if (auto alloc = dyn_cast<memref::AllocOp>(def)) {
      // Whatever uses the buffer before `user` stores into it, and moves
      // with it.
      for (Operation *other : alloc->getUsers()) {
        Operation *at = block->findAncestorOpInBlock(*other);
        if (!at || at == user || user->isBeforeInBlock(at))
          continue;
        auto store = dyn_cast<memref::StoreOp>(other);
        if (!store || at != other || store.getMemRef() != alloc.getResult())
          return std::nullopt;
        worklist.push_back(store);
      }
    } else if (!isMemoryEffectFree(def) && !isa<memref::StoreOp>(def)) {
      return std::nullopt;
    }
    for (Value operand : def->getOperands())
      if (Operation *producer = after(operand))
        worklist.push_back(producer);
  }
  SmallVector<Operation *> ordered(slice.begin(), slice.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return ordered;
}

/// An elementwise kernel after `op` whose threads could each take one of
/// `op`'s outputs as it is folded, and the ops it needs that move before
/// `op` with it.
struct Epilogue {
  linalg::GenericOp op;
  SmallVector<Operation *> hoisted;
};

/// `op`'s epilogue: a linalg.generic in the same block over the output's
/// index space, reading the output buffer once through the identity map
/// (and no other view of it) and not reading its own outputs, its body
/// free of memory effects, with operands (and values its body uses)
/// defined before `op` or computed by ops that may move there
/// (hoistableInputs) and outputs apart from its inputs, such that nothing
/// else between the two writes its inputs or the output or touches its
/// outputs. Null if there is none.
Epilogue epilogueOf(linalg::GenericOp op) {
  Value out = op.getDpsInitOperand(0)->get();
  linalg::GenericOp epilogue;
  for (Operation *next = op->getNextNode(); next && !epilogue;
       next = next->getNextNode())
    if (auto generic = dyn_cast<linalg::GenericOp>(next);
        generic && llvm::is_contained(generic->getOperands(), out))
      epilogue = generic;
  if (!epilogue || !epilogue.hasPureBufferSemantics() ||
      epilogue.getNumReductionLoops() != 0 ||
      llvm::count(epilogue->getOperands(), out) != 1)
    return {};
  // The buffers it reads: `out` once, where each output is, and nothing
  // else that shares memory with it (another thread's output may not be
  // stored yet).
  SmallVector<Value> inputs, outputs;
  for (OpOperand *input : epilogue.getDpsInputOperands()) {
    Value value = input->get();
    if (value == out
            ? !epilogue.getMatchingIndexingMap(input).isIdentity()
            : isa<BaseMemRefType>(value.getType()) && mayAlias(value, out))
      return {};
    if (isa<BaseMemRefType>(value.getType()))
      inputs.push_back(value);
  }
  for (OpOperand &init : epilogue.getDpsInitsMutable()) {
    if (!epilogue.getMatchingBlockArgument(&init).use_empty() ||
        mayAliasAny(inputs, init.get()))
      return {};
    outputs.push_back(init.get());
  }
  // Its body computes (no memory of its own to check).
  if (!llvm::is_contained(inputs, out) ||
      !llvm::all_of(epilogue.getRegion().front().without_terminator(),
                    [](Operation &op) { return isMemoryEffectFree(&op); }))
    return {};
  // Its operands and the values its body uses from outside must be there
  // before `op`, or be computed by what may move there.
  std::optional<SmallVector<Operation *>> hoisted =
      hoistableInputs(op, epilogue);
  if (!hoisted)
    return {};
  for (Operation *between = op->getNextNode(); between != epilogue;
       between = between->getNextNode())
    if (!llvm::is_contained(*hoisted, between) &&
        (mayAccess(between, inputs, /*writesOnly=*/true) ||
         mayAccess(between, outputs, /*writesOnly=*/false)))
      return {};
  return {epilogue, std::move(*hoisted)};
}

class Splitter {
public:
  Splitter(linalg::GenericOp op, Operation *combiner, int64_t partials,
           int64_t minimumSize, int64_t cooperativeThreads,
           int64_t outputsPerBlock)
      : op_(op), combiner_(combiner), partials_(partials),
        minimumSize_(minimumSize), cooperativeThreads_(cooperativeThreads),
        outputsPerBlock_(outputsPerBlock), builder_(op), loc_(op.getLoc()) {}

  void run() {
    // A fill of the output just before moves into both branches: the plain
    // one fills and reduces in one loop (one kernel on a GPU), the split
    // one's last step starts from the fill's value.
    auto fill = dyn_cast_or_null<linalg::FillOp>(op_->getPrevNode());
    if (fill &&
        fill.getDpsInitOperand(0)->get() != op_.getDpsInitOperand(0)->get())
      fill = nullptr;
    // An elementwise kernel on the outputs moves into both branches too: the
    // plain one runs it after the reduction, the split one's last step runs
    // it on each output as it is folded (one kernel fewer on a GPU).
    auto [epilogue, hoisted] = epilogueOf(op_);
    for (Operation *input : hoisted)
      input->moveBefore(fill ? fill.getOperation() : op_.getOperation());
    for (Range range : cast<linalg::LinalgOp>(op_.getOperation())
                           .createLoopRanges(builder_, loc_))
      sizes_.push_back(
          getValueOrCreateConstantIndexOp(builder_, loc_, range.size));
    for (auto [i, type] : llvm::enumerate(op_.getIteratorTypesArray()))
      (linalg::isParallelIterator(type) ? parallel_ : reduction_).push_back(i);
    Value m = product(parallel_), r = product(reduction_);
    Type element = combiner_->getResult(0).getType();
    // Which elements neighbouring threads read: the largest input's
    // innermost dimension is a reduction loop (the elements of one output
    // are neighbours), or the last parallel one (neighbouring outputs
    // read neighbours).
    AffineExpr innermost = innermostOfLargest();
    auto innermostIs = [&](ArrayRef<unsigned> dims) {
      auto dim = dyn_cast_or_null<AffineDimExpr>(innermost);
      return dim && llvm::is_contained(dims, dim.getPosition());
    };
    bool chunksAdjacent = !innermost || innermostIs(reduction_);
    bool outputsAdjacent =
        !parallel_.empty() && innermostIs(ArrayRef(parallel_).back());
    Value out = op_.getDpsInitOperand(0)->get();
    OpBuilder::InsertionGuard guard(builder_);

    // Outputs of a few dozen to a few thousand elements: one kernel, of a
    // block per output, or per few neighbouring outputs.
    bool rows = parallel_.empty() || chunksAdjacent;
    int64_t width = !tj::isBlockReducible(element) ? 0
                    : rows                         ? 1
                           : std::min(outputsPerBlock_, cooperativeThreads_);
    int64_t perOutput = width > 0 ? cooperativeThreads_ / width : 0;
    if (cooperativeThreads_ > 0 && (rows || outputsAdjacent) && perOutput > 1) {
      Value fits = arith::AndIOp::create(
          builder_, loc_,
          arith::CmpIOp::create(builder_, loc_, arith::CmpIPredicate::ugt, r,
                                index(kPerThread)),
          arith::CmpIOp::create(builder_, loc_, arith::CmpIPredicate::ule, r,
                                index(perOutput * kPerThread)));
      Value blocks = width == 1 ? m
                                : arith::CeilDivUIOp::create(builder_, loc_, m,
                                                             index(width));
      fits = arith::AndIOp::create(
          builder_, loc_, fits,
          arith::CmpIOp::create(builder_, loc_, arith::CmpIPredicate::ule,
                                blocks, index(kMaxBlocks)));
      // Columns with outputs enough to fill the threads stay one thread per
      // output below (neighbours read neighbours there too).
      if (!rows)
        fits = arith::AndIOp::create(
            builder_, loc_, fits,
            arith::CmpIOp::create(
                builder_, loc_, arith::CmpIPredicate::ule,
                arith::MulIOp::create(builder_, loc_, m, index(2)),
                index(partials_)));
      auto cooperative =
          scf::IfOp::create(builder_, loc_, fits, /*withElse=*/true);
      builder_.setInsertionPoint(cooperative.thenBlock()->getTerminator());
      cooperate(m, r, width, perOutput, fill, epilogue);
      builder_.setInsertionPoint(cooperative.elseBlock()->getTerminator());
    }

    // Short reductions, and those with outputs enough to fill the threads,
    // stay one loop nest (fewer kernels); the choice is made when the sizes
    // are known, on the host.
    Value large = arith::AndIOp::create(
        builder_, loc_,
        arith::CmpIOp::create(builder_, loc_, arith::CmpIPredicate::uge, r,
                              index(minimumSize_)),
        arith::CmpIOp::create(
            builder_, loc_, arith::CmpIPredicate::ule,
            arith::MulIOp::create(builder_, loc_, m, index(2)),
            index(partials_)));
    auto choice = scf::IfOp::create(builder_, loc_, large, /*withElse=*/true);
    builder_.setInsertionPoint(choice.elseBlock()->getTerminator());
    if (fill)
      builder_.clone(*fill);
    builder_.clone(*op_);
    if (epilogue)
      builder_.clone(*epilogue);
    builder_.setInsertionPoint(choice.thenBlock()->getTerminator());

    // Level 1: thread (o, c) folds f(o, k) for k = c, c + C, ...; the
    // threads of one output are neighbours when the largest input's
    // innermost dimension is reduced (neighbours then read neighbours).
    Value cap = arith::MaxUIOp::create(
        builder_, loc_, index(1),
        arith::DivUIOp::create(builder_, loc_, index(partials_), m));
    Value chunks = arith::MinUIOp::create(
        builder_, loc_,
        arith::CeilDivUIOp::create(builder_, loc_, r, index(kPerThread)), cap);
    Value threads = arith::MulIOp::create(builder_, loc_, m, chunks);
    Value first = alloc(element, threads);
    parallel(threads, [&](OpBuilder &b, Value t) {
      // (o, c) = (t / C, t % C) or (t % m, t / m).
      Value minor = chunksAdjacent ? chunks : m;
      Value high = arith::DivUIOp::create(b, loc_, t, minor);
      Value low = arith::RemUIOp::create(b, loc_, t, minor);
      Value o = chunksAdjacent ? high : low, c = chunksAdjacent ? low : high;
      Value folded = fold(
          b, elementAt(b, o, c), arith::AddIOp::create(b, loc_, c, chunks),
          chunks, r, [&](OpBuilder &b, Value k) { return elementAt(b, o, k); });
      memref::StoreOp::create(b, loc_, folded, first, flat(b, o, chunks, c));
    });
    Value last = first, lastChunks = chunks;
    // Level 2 of a full reduction, when there are more partials than one
    // thread folds: thread q folds partial[k] for k = q, q + C2, ... With
    // fewer its loop is empty (no kernel is launched) and the last step
    // folds the partials.
    Value second;
    if (parallel_.empty()) {
      Value needed = arith::CmpIOp::create(
          builder_, loc_, arith::CmpIPredicate::ugt, chunks, index(kPerThread));
      Value secondChunks = arith::MinUIOp::create(
          builder_, loc_,
          arith::CeilDivUIOp::create(builder_, loc_, chunks, index(kPerThread)),
          index(kSecondStep));
      Value threads = arith::SelectOp::create(builder_, loc_, needed,
                                              secondChunks, index(0));
      second = alloc(element, threads);
      parallel(threads, [&](OpBuilder &b, Value q) {
        Value folded = fold(b, memref::LoadOp::create(b, loc_, first, q),
                            arith::AddIOp::create(b, loc_, q, secondChunks),
                            secondChunks, chunks, [&](OpBuilder &b, Value k) {
                              return memref::LoadOp::create(b, loc_, first, k);
                            });
        memref::StoreOp::create(b, loc_, folded, second, q);
      });
      last = arith::SelectOp::create(builder_, loc_, needed, second, first);
      lastChunks =
          arith::SelectOp::create(builder_, loc_, needed, secondChunks, chunks);
    }
    // The outputs, each from its initial value, fold their partials.
    parallel(m, [&](OpBuilder &b, Value o) {
      SmallVector<Value> at = outputIndices(b, o);
      Value init = fill ? fill.getDpsInputOperand(0)->get()
                        : memref::LoadOp::create(b, loc_, out, at).getResult();
      Value base = arith::MulIOp::create(b, loc_, o, lastChunks);
      Value folded = fold(b, init, base, index(b, 1),
                          arith::AddIOp::create(b, loc_, base, lastChunks),
                          [&](OpBuilder &b, Value k) {
                            return memref::LoadOp::create(b, loc_, last, k);
                          });
      memref::StoreOp::create(b, loc_, folded, out, at);
      if (epilogue)
        runEpilogue(b, epilogue, at, folded);
    });
    memref::DeallocOp::create(builder_, loc_, first);
    if (second)
      memref::DeallocOp::create(builder_, loc_, second);
    op_.erase();
    if (fill)
      fill.erase();
    if (epilogue)
      epilogue.erase();
  }

private:
  /// The cooperative branch. With `width` 1, block o's threads t <
  /// min(perOutput, r) each fold f(o, t), f(o, t + T), ..., and the block
  /// combines the folds (a loop mapped to thread_x, in one mapped to
  /// block_x). With more, block b holds outputs o = b * W + x for x < W =
  /// min(width, m), each with threads y < min(perOutput, r) (loops mapped to
  /// thread_x and thread_y): neighbouring threads read neighbouring
  /// outputs' elements; past the last output a thread folds the last one
  /// again and stores nothing. The folds start from the output's initial
  /// value (the fill's, or the output's); then the output's first thread
  /// stores it and runs `epilogue` on it, unless the epilogue may write what
  /// the reduction reads (other blocks may still be reading it): then the
  /// epilogue follows the blocks.
  void cooperate(Value m, Value r, int64_t width, int64_t perOutput,
                 linalg::FillOp fill, linalg::GenericOp epilogue) {
    Value out = op_.getDpsInitOperand(0)->get();
    SmallVector<Value> read;
    for (OpOperand *input : op_.getDpsInputOperands())
      if (isa<BaseMemRefType>(input->get().getType()))
        read.push_back(input->get());
    linalg::GenericOp after;
    if (epilogue && llvm::any_of(epilogue.getDpsInits(), [&](Value init) {
          return mayAliasAny(read, init);
        }))
      std::swap(epilogue, after);
    Value threads = arith::MinUIOp::create(builder_, loc_, index(perOutput), r);
    MLIRContext *context = builder_.getContext();
    auto mapped = [&](scf::ParallelOp loop, gpu::Processor processor) {
      AffineMap identity = AffineMap::getMultiDimIdentityMap(1, context);
      (void)gpu::setMappingAttr(
          loop, gpu::ParallelLoopDimMappingAttr::get(context, processor,
                                                     identity, identity));
    };
    auto loop = [&](OpBuilder &b, Value count, gpu::Processor processor,
                    function_ref<void(OpBuilder &, Value)> body) {
      auto loop = scf::ParallelOp::create(
          b, loc_, ValueRange{index(b, 0)}, ValueRange{count},
          ValueRange{index(b, 1)},
          [&](OpBuilder &b, Location, ValueRange ivs) { body(b, ivs[0]); });
      mapped(loop, processor);
    };
    // Output o, at `at`, reduced by `threads` threads mapped to `processor`
    // and stored by the first if `stores`.
    auto reduce = [&](OpBuilder &b, Value o, ArrayRef<Value> at,
                      gpu::Processor processor, Value stores) {
      Value init = fill ? fill.getDpsInputOperand(0)->get()
                        : memref::LoadOp::create(b, loc_, out, at).getResult();
      auto block = scf::ParallelOp::create(
          b, loc_, ValueRange{index(b, 0)}, ValueRange{threads},
          ValueRange{index(b, 1)}, ValueRange{init},
          [&](OpBuilder &b, Location, ValueRange ivs, ValueRange) {
            Value t = ivs[0];
            Value folded =
                fold(b, elementAt(b, o, t),
                     arith::AddIOp::create(b, loc_, t, threads), threads, r,
                     [&](OpBuilder &b, Value k) { return elementAt(b, o, k); });
            auto combined = scf::ReduceOp::create(b, loc_, folded);
            Block &combining = combined.getReductions()[0].front();
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPointToStart(&combining);
            scf::ReduceReturnOp::create(b, loc_,
                                        combine(b, combiner_,
                                                combining.getArgument(0),
                                                combining.getArgument(1)));
          });
      mapped(block, processor);
      Value total = block.getResult(0);
      OpBuilder::InsertionGuard guard(b);
      if (stores) {
        auto inside = scf::IfOp::create(b, loc_, stores, /*withElse=*/false);
        b.setInsertionPoint(inside.thenBlock()->getTerminator());
      }
      memref::StoreOp::create(b, loc_, total, out, at);
      if (epilogue)
        runEpilogue(b, epilogue, at, total);
    };
    if (width == 1) {
      loop(builder_, m, gpu::Processor::BlockX, [&](OpBuilder &b, Value o) {
        reduce(b, o, outputIndices(b, o), gpu::Processor::ThreadX, Value());
      });
    } else {
      // The bounds are defined outside the blocks (as a kernel's are). Fewer
      // outputs than `width` take one block of that many lanes (none: no
      // block, of one lane, not a division by zero).
      Value lanes = arith::MinUIOp::create(
          builder_, loc_, index(width),
          arith::MaxUIOp::create(builder_, loc_, m, index(1)));
      Value lastOutput = arith::SubIOp::create(builder_, loc_, m, index(1));
      loop(builder_, arith::CeilDivUIOp::create(builder_, loc_, m, lanes),
           gpu::Processor::BlockX, [&](OpBuilder &b, Value block) {
             loop(b, lanes, gpu::Processor::ThreadX,
                  [&](OpBuilder &b, Value x) {
                    Value o = flat(b, block, lanes, x);
                    Value stores = arith::CmpIOp::create(
                        b, loc_, arith::CmpIPredicate::ult, o, m);
                    o = arith::MinUIOp::create(b, loc_, o, lastOutput);
                    reduce(b, o, outputIndices(b, o), gpu::Processor::ThreadY,
                           stores);
                  });
           });
    }
    if (after)
      builder_.clone(*after);
  }

  Value index(int64_t value) { return index(builder_, value); }
  Value index(OpBuilder &b, int64_t value) {
    return arith::ConstantIndexOp::create(b, loc_, value);
  }
  Value alloc(Type element, Value size) {
    return memref::AllocOp::create(
        builder_, loc_, MemRefType::get({ShapedType::kDynamic}, element),
        ValueRange{size});
  }
  void parallel(Value count, function_ref<void(OpBuilder &, Value)> body) {
    scf::ParallelOp::create(
        builder_, loc_, ValueRange{index(0)}, ValueRange{count},
        ValueRange{index(1)},
        [&](OpBuilder &b, Location, ValueRange ivs) { body(b, ivs[0]); });
  }
  /// The product of the loop sizes of `dims` (1 for none).
  Value product(ArrayRef<unsigned> dims) {
    Value result = index(1);
    for (unsigned d : dims)
      result = arith::MulIOp::create(builder_, loc_, result, sizes_[d]);
    return result;
  }
  /// o * count + c.
  Value flat(OpBuilder &b, Value o, Value count, Value c) {
    return arith::AddIOp::create(b, loc_,
                                 arith::MulIOp::create(b, loc_, o, count), c);
  }
  /// `start` combined with element(k) for k = first, first + step, ...
  /// below `end`, in that order, kUnroll elements an iteration whose loads
  /// are all issued before the first is combined: a thread waits for memory
  /// once per kUnroll elements, not once per element. Past `end` the index
  /// is clamped (the load stays in bounds) and the element not combined,
  /// so there is no remainder loop.
  Value fold(OpBuilder &b, Value start, Value first, Value step, Value end,
             function_ref<Value(OpBuilder &, Value)> element) {
    Value lastIndex = arith::SubIOp::create(b, loc_, end, index(b, 1));
    auto loop = scf::ForOp::create(
        b, loc_, first, end,
        arith::MulIOp::create(b, loc_, step, index(b, kUnroll)),
        ValueRange{start},
        [&](OpBuilder &b, Location, Value k, ValueRange acc) {
          SmallVector<Value> valid, elements;
          for (int64_t i = 0; i < kUnroll; ++i) {
            Value at =
                i == 0 ? k
                       : arith::AddIOp::create(
                             b, loc_, k,
                             arith::MulIOp::create(b, loc_, step, index(b, i)))
                             .getResult();
            valid.push_back(
                i == 0 ? Value()
                       : arith::CmpIOp::create(
                             b, loc_, arith::CmpIPredicate::ult, at, end)
                             .getResult());
            elements.push_back(element(
                b, i == 0 ? at
                          : arith::MinUIOp::create(b, loc_, at, lastIndex)
                                .getResult()));
          }
          Value folded = acc[0];
          for (int64_t i = 0; i < kUnroll; ++i) {
            Value next = combine(b, combiner_, folded, elements[i]);
            folded = i == 0 ? next
                            : arith::SelectOp::create(b, loc_, valid[i], next,
                                                      folded)
                                  .getResult();
          }
          scf::YieldOp::create(b, loc_, folded);
        });
    return loop.getResult(0);
  }

  /// The largest input's innermost index (null without inputs of rank
  /// one or more).
  AffineExpr innermostOfLargest() {
    OpOperand *largest = nullptr;
    for (OpOperand *input : op_.getDpsInputOperands()) {
      auto type = dyn_cast<MemRefType>(input->get().getType());
      if (type && type.getRank() > 0 &&
          (!largest ||
           type.getRank() >
               cast<MemRefType>(largest->get().getType()).getRank()))
        largest = input;
    }
    if (!largest)
      return AffineExpr();
    return op_.getMatchingIndexingMap(largest).getResults().back();
  }

  /// Row-major decomposition of `linear` over the loops `dims` into
  /// `indices`.
  void decompose(OpBuilder &b, Value linear, ArrayRef<unsigned> dims,
                 SmallVectorImpl<Value> &indices) {
    Value rest = linear;
    for (int64_t i = static_cast<int64_t>(dims.size()) - 1; i >= 0; --i) {
      unsigned d = dims[i];
      indices[d] =
          i == 0 ? rest
                 : arith::RemUIOp::create(b, loc_, rest, sizes_[d]).getResult();
      if (i > 0)
        rest = arith::DivUIOp::create(b, loc_, rest, sizes_[d]);
    }
  }
  /// The output's indices at output number `o`.
  SmallVector<Value> outputIndices(OpBuilder &b, Value o) {
    SmallVector<Value> indices(sizes_.size());
    decompose(b, o, parallel_, indices);
    SmallVector<Value> at;
    for (AffineExpr result :
         op_.getMatchingIndexingMap(op_.getDpsInitOperand(0)).getResults())
      at.push_back(indices[cast<AffineDimExpr>(result).getPosition()]);
    return at;
  }

  /// `epilogue`'s body at the output's indices `at`, where the output is
  /// `folded`, storing what it yields.
  void runEpilogue(OpBuilder &b, linalg::GenericOp epilogue, ArrayRef<Value> at,
                   Value folded) {
    IRMapping mapping;
    Value out = op_.getDpsInitOperand(0)->get();
    for (OpOperand *input : epilogue.getDpsInputOperands())
      if (input->get() == out)
        mapping.map(epilogue.getMatchingBlockArgument(input), folded);
    cloneBodyAt(b, loc_, epilogue, at, mapping);
    Operation *yield = epilogue.getRegion().front().getTerminator();
    for (auto [init, value] :
         llvm::zip(epilogue.getDpsInitsMutable(), yield->getOperands()))
      memref::StoreOp::create(
          b, loc_, mapping.lookupOrDefault(value), init.get(),
          apply(b, loc_, epilogue.getMatchingIndexingMap(&init), at));
  }

  /// f(o, k): the body up to the combiner, at output number `o` and
  /// reduction element `k` (each row-major over its loops).
  Value elementAt(OpBuilder &b, Value o, Value k) {
    SmallVector<Value> indices(sizes_.size());
    decompose(b, o, parallel_, indices);
    decompose(b, k, reduction_, indices);
    IRMapping mapping;
    cloneBodyAt(b, loc_, op_, indices, mapping, combiner_);
    Block &body = op_.getRegion().front();
    Value accumulator = body.getArguments().back();
    Value element = combiner_->getOperand(0) == accumulator
                        ? combiner_->getOperand(1)
                        : combiner_->getOperand(0);
    return mapping.lookupOrDefault(element);
  }

  linalg::GenericOp op_;
  Operation *combiner_;
  int64_t partials_, minimumSize_, cooperativeThreads_, outputsPerBlock_;
  OpBuilder builder_;
  Location loc_;
  SmallVector<Value> sizes_;
  SmallVector<unsigned> parallel_, reduction_;
};

struct TjSplitReductions : tj::impl::TjSplitReductionsBase<TjSplitReductions> {
  using Base::Base;

  void runOnOperation() override {
    if (partials < 1 || minimumSize < 1) {
      getOperation().emitError(
          "tj-split-reductions: partials and minimum-size must be >= 1");
      return signalPassFailure();
    }
    if (cooperativeThreads < 0 || cooperativeThreads > kMaxThreads) {
      getOperation().emitError("tj-split-reductions: cooperative-threads "
                               "must be between 0 and ")
          << kMaxThreads;
      return signalPassFailure();
    }
    if (outputsPerBlock < 1 || outputsPerBlock > 32) {
      getOperation().emitError("tj-split-reductions: outputs-per-block must "
                               "be between 1 and 32");
      return signalPassFailure();
    }
    // Named reductions (products) first become linalg.generic.
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> named;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!isa<linalg::GenericOp>(op) && op.getNumReductionLoops() > 0 &&
          op.hasPureBufferSemantics())
        named.push_back(op);
    });
    for (linalg::LinalgOp op : named) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }
    SmallVector<std::pair<linalg::GenericOp, Operation *>> splits;
    getOperation().walk([&](linalg::GenericOp op) {
      if (Operation *combiner = splittableCombiner(op))
        splits.push_back({op, combiner});
    });
    for (auto [op, combiner] : splits)
      Splitter(op, combiner, partials, minimumSize, cooperativeThreads,
               outputsPerBlock)
          .run();
  }
};

} // namespace
