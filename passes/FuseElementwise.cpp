//===- FuseElementwise.cpp - Group elementwise ops into tj.fused ----------===//
//
// Elementwise ops (the BroadcastingElementwise trait) joined by
// producer-consumer edges, with results of one shape, form a group; every
// group of two or more ops becomes one tj.fused op, which lowers to one loop
// nest. A value of the group used outside it (another op, a function
// output, a shared variable's update) becomes a result of the fused op, so
// several outputs come from one kernel. A group stays convex: an op does
// not join when one of its other operands depends on the group through an
// op outside it (a reduction of the group's values, say), since the fused
// op would then depend on itself. With assume-no-runtime-broadcast, sizes
// are read from the operands first, so that depending on a group's size is
// not depending on the group.
//
//===----------------------------------------------------------------------===//

#include "dialects/tj/TjDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJFUSEELEMENTWISE
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;
using namespace mlir::tj;

namespace {

bool isFusable(Operation *op) {
  return op->hasTrait<BroadcastingElementwise>() && op->getNumResults() == 1 &&
         isa<RankedTensorType>(op->getResult(0).getType());
}

ArrayRef<int64_t> shapeOf(Operation *op) {
  return cast<RankedTensorType>(op->getResult(0).getType()).getShape();
}

/// With no dynamic size a broadcast 1, dynamic dimension `i` of a
/// broadcasting elementwise op's result is that of any operand with a
/// dynamic size there: `tensor.dim` reads it from there, back to the first
/// value that is not such a result.
void readSizesFromOperands(func::FuncOp function) {
  llvm::SetVector<Operation *> unused;
  function.walk([&](tensor::DimOp dim) {
    std::optional<int64_t> index = dim.getConstantIndex();
    if (!index)
      return;
    Value source = dim.getSource();
    int64_t i = *index;
    while (Operation *def = source.getDefiningOp()) {
      if (!isFusable(def) || i < 0 || i >= int64_t(shapeOf(def).size()) ||
          !ShapedType::isDynamic(shapeOf(def)[i]))
        break;
      int64_t rank = shapeOf(def).size();
      Value from;
      for (Value operand : def->getOperands()) {
        auto type = dyn_cast<RankedTensorType>(operand.getType());
        int64_t j = type ? i - (rank - type.getRank()) : -1;
        if (j >= 0 && type.isDynamicDim(j)) {
          from = operand;
          i = j;
          break;
        }
      }
      if (!from)
        break;
      source = from;
    }
    if (source == dim.getSource())
      return;
    unused.insert(dim.getSource().getDefiningOp());
    OpBuilder builder(dim);
    dim.getSourceMutable().assign(source);
    dim.getIndexMutable().assign(
        arith::ConstantIndexOp::create(builder, dim.getLoc(), i));
  });
  // What was computed only for its size goes.
  DenseSet<Operation *> erased;
  while (!unused.empty()) {
    Operation *op = unused.pop_back_val();
    if (!op || erased.contains(op) || !isFusable(op) || !isOpTriviallyDead(op))
      continue;
    for (Value operand : op->getOperands())
      unused.insert(operand.getDefiningOp());
    erased.insert(op);
    op->erase();
  }
}

struct Group {
  llvm::SetVector<Operation *> ops;
};

/// Whether `value` depends on an op of `group` through ops outside it. Only
/// ops after the group's first op can.
bool dependsOn(Value value, const Group &group,
               DenseMap<Operation *, bool> &memo) {
  Operation *def = value.getDefiningOp();
  Operation *first = group.ops.front();
  if (!def || def->getBlock() != first->getBlock() ||
      def->isBeforeInBlock(first))
    return false;
  if (group.ops.contains(def))
    return true;
  if (auto it = memo.find(def); it != memo.end())
    return it->second;
  bool result = false;
  for (Value operand : def->getOperands())
    if (dependsOn(operand, group, memo)) {
      result = true;
      break;
    }
  return memo[def] = result;
}

/// Replaces `group` by one tj.fused op placed at its last op; ops between
/// that use the group's values move after it (none of the group depends on
/// them: the group is convex).
void fuse(Group &group) {
  // Fusing an earlier group may have moved some of these ops: restore
  // program order.
  SmallVector<Operation *> ordered(group.ops.begin(), group.ops.end());
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  group.ops = llvm::SetVector<Operation *>(ordered.begin(), ordered.end());
  // Groups are convex when formed, but two of them may each depend on the
  // other through outside ops (each one's tensor.dim of the other's
  // value, say); the first one fused then makes the second non-convex.
  // Such a group stays unfused.
  DenseMap<Operation *, bool> memo;
  for (Operation *op : group.ops)
    for (Value operand : op->getOperands())
      if (!group.ops.contains(operand.getDefiningOp()) &&
          dependsOn(operand, group, memo))
        return;
  Operation *last = group.ops.back();

  // Inputs: operands defined outside the group, once each. Results: values
  // of the group used outside it.
  llvm::SetVector<Value> inputs;
  SmallVector<Value> results;
  for (Operation *op : group.ops) {
    for (Value operand : op->getOperands())
      if (!group.ops.contains(operand.getDefiningOp()))
        inputs.insert(operand);
    for (OpOperand &use : op->getResult(0).getUses())
      if (!group.ops.contains(use.getOwner())) {
        results.push_back(op->getResult(0));
        break;
      }
  }

  OpBuilder builder(last->getContext());
  builder.setInsertionPointAfter(last);
  Location loc = FusedLoc::get(last->getContext(), [&] {
    SmallVector<Location> locs;
    for (Operation *op : group.ops)
      locs.push_back(op->getLoc());
    return locs;
  }());
  auto fused = FusedOp::create(builder, loc, ValueRange(results).getTypes(),
                               inputs.getArrayRef());
  Block *body = builder.createBlock(&fused.getBody());
  IRMapping mapping;
  for (Value input : inputs)
    mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
  for (Operation *op : group.ops)
    builder.clone(*op, mapping);
  SmallVector<Value> yielded;
  for (Value result : results)
    yielded.push_back(mapping.lookup(result));
  YieldOp::create(builder, loc, yielded);

  // Users of the group before the fused op move after it, in order.
  SmallVector<Operation *> moved;
  DenseSet<Operation *> dependent(group.ops.begin(), group.ops.end());
  for (Operation *op = group.ops.front()->getNextNode(); op != fused;
       op = op->getNextNode()) {
    if (dependent.contains(op))
      continue;
    if (llvm::any_of(op->getOperands(), [&](Value v) {
          return dependent.contains(v.getDefiningOp());
        })) {
      dependent.insert(op);
      moved.push_back(op);
    }
  }
  Operation *after = fused;
  for (Operation *op : moved) {
    op->moveAfter(after);
    after = op;
  }
  for (auto [result, value] : llvm::zip(fused.getResults(), results))
    value.replaceAllUsesWith(result);
  for (Operation *op : llvm::reverse(group.ops))
    op->erase();
}

struct TjFuseElementwise : tj::impl::TjFuseElementwiseBase<TjFuseElementwise> {
  using Base::Base;

  void runOnOperation() override {
    // Groups are built in program order: an op joins the group of an
    // operand's producer when the shapes agree and the group stays convex;
    // two groups it could join are merged when that keeps them convex.
    if (assumeNoRuntimeBroadcast)
      readSizesFromOperands(getOperation());
    SmallVector<std::unique_ptr<Group>> groups;
    DenseMap<Operation *, Group *> groupOf;
    getOperation().walk([&](Operation *op) {
      if (!isFusable(op) || isa<FusedOp>(op->getParentOp()))
        return;
      Group *joined = nullptr;
      for (Value operand : op->getOperands()) {
        Operation *def = operand.getDefiningOp();
        auto it = groupOf.find(def);
        if (it == groupOf.end() || it->second == joined ||
            def->getBlock() != op->getBlock() || shapeOf(def) != shapeOf(op))
          continue;
        Group *candidate = it->second;
        // Convexity: no other operand may reach the candidate (or the
        // group already joined) through ops outside them.
        // (One memo per group asked about: the answers differ.)
        DenseMap<Operation *, bool> memoCandidate, memoJoined;
        bool convex = true;
        for (Value other : op->getOperands()) {
          Operation *otherDef = other.getDefiningOp();
          if (otherDef && (candidate->ops.contains(otherDef) ||
                           (joined && joined->ops.contains(otherDef))))
            continue;
          if (dependsOn(other, *candidate, memoCandidate) ||
              (joined && dependsOn(other, *joined, memoJoined))) {
            convex = false;
            break;
          }
        }
        // Merging two groups: neither may reach the other through ops
        // outside both.
        auto reaches = [&](const Group &from, const Group &to) {
          DenseMap<Operation *, bool> memo;
          for (Operation *member : from.ops)
            for (Value v : member->getOperands())
              if (!from.ops.contains(v.getDefiningOp()) &&
                  !to.ops.contains(v.getDefiningOp()) && dependsOn(v, to, memo))
                return true;
          return false;
        };
        if (convex && joined)
          convex =
              !reaches(*candidate, *joined) && !reaches(*joined, *candidate);
        if (!convex)
          continue;
        if (!joined) {
          joined = candidate;
          continue;
        }
        // Merge `candidate` into `joined`, keeping program order.
        llvm::SetVector<Operation *> merged;
        auto a = joined->ops.begin(), b = candidate->ops.begin();
        while (a != joined->ops.end() || b != candidate->ops.end()) {
          bool takeA = b == candidate->ops.end() ||
                       (a != joined->ops.end() && (*a)->isBeforeInBlock(*b));
          merged.insert(takeA ? *a++ : *b++);
        }
        joined->ops = std::move(merged);
        for (Operation *member : candidate->ops)
          groupOf[member] = joined;
        candidate->ops.clear();
      }
      if (!joined) {
        groups.push_back(std::make_unique<Group>());
        joined = groups.back().get();
      }
      joined->ops.insert(op);
      groupOf[op] = joined;
    });
    for (auto &group : groups)
      if (group->ops.size() >= 2)
        fuse(*group);
  }
};

} // namespace
