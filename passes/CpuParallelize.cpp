//===- CpuParallelize.cpp - Large parallel loops on several CPU threads ---===//
//
// Each outermost scf.parallel of a host function (what
// convert-linalg-to-parallel-loops makes of an elementwise kernel or of the
// parallel dimensions of a reduction) asks the runtime at run time how many
// threads its size deserves, `tj_rt_cpu_threads(elements)`; a loop over as
// many chunks as such a call gave (tj-fuse-over-rows's) asks no more. With
// one, the loop runs as it was; with more, an omp.parallel region runs it,
// each thread on its own contiguous range of one dimension (the first that
// is not a static 1). A reduction over outer rows (column sums) first
// becomes such a loop over chunks of its outputs.
//
//===----------------------------------------------------------------------===//

#include "passes/BufferAccess.h"
#include "passes/Passes.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJCPUPARALLELIZE
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// The dimension of `loop` the threads split: the first one that is not
/// known to have a single iteration (a size-1 dimension of the signature).
unsigned splitDimension(scf::ParallelOp loop) {
  for (unsigned d = 0; d < loop.getNumLoops(); ++d) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
    if (!lb || !ub || *ub - *lb > 1)
      return d;
  }
  return 0;
}

/// Whether the dimension split is `loop`'s innermost loop (its last, with
/// no loop inside), whose neighbouring iterations touch neighbouring
/// elements.
bool splitsInnermost(scf::ParallelOp loop) {
  if (splitDimension(loop) + 1 != loop.getNumLoops())
    return false;
  WalkResult loops = loop.getBody()->walk(
      [](LoopLikeOpInterface) { return WalkResult::interrupt(); });
  return !loops.wasInterrupted();
}

/// Whether `op` is in no loop and no parallel region.
bool isOutermost(Operation *op) {
  return !op->getParentOfType<LoopLikeOpInterface>() &&
         !op->getParentOfType<omp::ParallelOp>();
}

/// Whether `loop`'s iterations of the dimension split may run on threads: a
/// unit step there, and a body that reads memory and only computes, touches
/// memory it is given and allocates its own (malloc and free are
/// thread-safe; calls are the runtime's, not known to be).
bool bodyCanRunOnThreads(scf::ParallelOp loop) {
  if (getConstantIntValue(loop.getStep()[splitDimension(loop)]) != 1)
    return false;
  // A fill (stores of values read from nowhere) runs at memset speed, and
  // the fill of a reduction's output is as small as the output: not worth
  // the code a split adds to every compile.
  bool loads = false;
  WalkResult calls = loop.getBody()->walk([&](Operation *op) {
    loads |= isa<memref::LoadOp>(op);
    return isa<CallOpInterface>(op) ? WalkResult::interrupt()
                                    : WalkResult::advance();
  });
  return !calls.wasInterrupted() && loads;
}

/// Whether `loop` is worth and safe to split between threads: outermost in
/// its function, no reduction results, and bodyCanRunOnThreads.
bool canParallelize(scf::ParallelOp loop) {
  return isOutermost(loop) && loop.getInitVals().empty() &&
         bodyCanRunOnThreads(loop);
}

/// (ub - lb) / step as an i64 before `loop`, or nullptr if a bound is
/// computed inside `outer` (its trip count differs per iteration).
Value tripCount(OpBuilder &builder, Location loc, Operation *outer, Value lb,
                Value ub, Value step) {
  for (Value bound : {lb, ub, step})
    if (outer->isAncestor(bound.getParentRegion()->getParentOp()))
      return nullptr;
  Value span = arith::SubIOp::create(builder, loc, ub, lb);
  Value count = arith::CeilDivSIOp::create(builder, loc, span, step);
  count = arith::MaxSIOp::create(
      builder, loc, count, arith::ConstantIndexOp::create(builder, loc, 0));
  return arith::IndexCastOp::create(builder, loc, builder.getI64Type(), count);
}

Value iterations(OpBuilder &builder, Location loc, Operation *outer,
                 Block &block);

/// The innermost iterations of `op` if it is a loop (its trip counts, as
/// known before `outer`, times its body's iterations), else nullptr.
Value loopIterations(OpBuilder &builder, Location loc, Operation *outer,
                     Operation &op) {
  Value count;
  Block *body = nullptr;
  auto multiply = [&](Value dim) {
    if (dim)
      count = count ? arith::MulIOp::create(builder, loc, count, dim) : dim;
  };
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    multiply(tripCount(builder, loc, outer, loop.getLowerBound(),
                       loop.getUpperBound(), loop.getStep()));
    body = loop.getBody();
  } else if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
    for (auto [lb, ub, step] :
         llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep()))
      multiply(tripCount(builder, loc, outer, lb, ub, step));
    body = loop.getBody();
  } else {
    return nullptr;
  }
  Value inner = iterations(builder, loc, outer, *body);
  return count ? arith::MulIOp::create(builder, loc, inner, count) : inner;
}

/// The innermost iterations of `block` per execution of it, as an i64
/// computed before `outer`: the sum over its loops of trip count times
/// the iterations of their bodies (1 for a body without loops, and for a
/// loop whose bounds vary inside `outer`).
Value iterations(OpBuilder &builder, Location loc, Operation *outer,
                 Block &block) {
  Value total;
  auto add = [&](Value count) {
    total = total ? arith::AddIOp::create(builder, loc, total, count) : count;
  };
  for (Operation &op : block) {
    if (Value count = loopIterations(builder, loc, outer, op)) {
      add(count);
      continue;
    }
    for (Region &region : op.getRegions())
      for (Block &nested : region)
        add(iterations(builder, loc, outer, nested));
  }
  return total ? total
               : arith::ConstantIntOp::create(builder, loc,
                                              builder.getI64Type(), 1)
                     .getResult();
}

/// Part `part` of `parts` of [lb, ub): [lb + part * chunk, lb + (part + 1)
/// * chunk) clipped to the range, chunk = ceil((ub - lb) / parts) rounded up
/// to `alignment` iterations (a vector's worth when the dimension is the
/// innermost, so that no thread writes part of another's cache line).
std::pair<Value, Value> partOf(OpBuilder &builder, Location loc, Value part,
                               Value parts, Value lb, Value ub,
                               int64_t alignment) {
  Value n = arith::SubIOp::create(builder, loc, ub, lb);
  Value chunk = arith::CeilDivSIOp::create(builder, loc, n, parts);
  Value align = arith::ConstantIndexOp::create(builder, loc, alignment);
  chunk = arith::MulIOp::create(
      builder, loc, arith::CeilDivSIOp::create(builder, loc, chunk, align),
      align);
  Value start = arith::MulIOp::create(builder, loc, part, chunk);
  Value end = arith::AddIOp::create(builder, loc, start, chunk);
  start = arith::AddIOp::create(builder, loc, lb,
                                arith::MinSIOp::create(builder, loc, start, n));
  end = arith::AddIOp::create(builder, loc, lb,
                              arith::MinSIOp::create(builder, loc, end, n));
  return {start, end};
}

/// Whether the iterations of `columns` for different values of its
/// induction variable `d` touch disjoint memory, whatever the row: its body
/// has no regions, each store writes an element indexed by that variable,
/// and a load from a buffer that may be one stored to reads the element
/// the store writes (a column's own accumulator).
bool columnsAreIndependent(scf::ParallelOp columns, unsigned d) {
  Value column = columns.getInductionVars()[d];
  Block *body = columns.getBody();
  SmallVector<memref::StoreOp> stores;
  for (Operation &op : body->without_terminator()) {
    if (op.getNumRegions() != 0)
      return false;
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      if (!llvm::is_contained(store.getIndices(), column))
        return false;
      stores.push_back(store);
    } else if (!isa<memref::LoadOp>(op) && !isMemoryEffectFree(&op)) {
      return false;
    }
  }
  return llvm::all_of(body->getOps<memref::LoadOp>(), [&](memref::LoadOp load) {
    return llvm::all_of(stores, [&](memref::StoreOp store) {
      return !tj::mayAlias(load.getMemRef(), store.getMemRef()) ||
             tj::sameElement(load, store);
    });
  });
}

/// The parallel loop of a reduction over outer rows that its outputs could
/// be split for: `rows` is an outermost scf.for without results whose body
/// is one scf.parallel (a column sum's outputs), with bounds fixed for the
/// loop, a body that may run on threads and columns that are independent
/// (columnsAreIndependent), and what that loop's bounds or
/// body need computed beside it (the rows' indices). Not a loop over the
/// threads' partial results (tj_rt_cpu_threads rows, a few: not worth the
/// code).
scf::ParallelOp columnsOfRows(scf::ForOp rows) {
  if (!isOutermost(rows) || rows.getNumResults() != 0 ||
      tj::cpuThreadCount(rows.getUpperBound()))
    return nullptr;
  scf::ParallelOp columns;
  for (Operation &op : rows.getBody()->without_terminator()) {
    if (auto loop = dyn_cast<scf::ParallelOp>(op); loop && !columns) {
      columns = loop;
      continue;
    }
    if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op))
      return nullptr;
  }
  if (!columns || !columns.getInitVals().empty() ||
      !bodyCanRunOnThreads(columns) ||
      !columnsAreIndependent(columns, splitDimension(columns)))
    return nullptr;
  for (Value bound : columns->getOperands())
    if (!rows.isDefinedOutsideOfLoop(bound))
      return nullptr;
  return columns;
}

/// Splits reductions over outer rows (columnsOfRows), run one after the
/// other over the same outputs (tj-cpu-reductions' 8-row loop and the rows
/// left over), between threads by their outputs:
///   scf.parallel (%t) = (0) to (tj_rt_cpu_threads(rows * columns)) {
///     scf.for rows { scf.parallel (%j) = (thread t's columns) { body } }
///     ...
///   }
/// which the split below runs one iteration a thread. Each output still
/// combines its rows in order, on one thread: the same bits on any thread
/// count. A thread's columns are a multiple of `alignment` (no shared cache
/// lines).
void splitColumns(ArrayRef<std::pair<scf::ForOp, scf::ParallelOp>> loops,
                  int64_t alignment) {
  scf::ForOp first = loops.front().first;
  scf::ParallelOp columns = loops.front().second;
  OpBuilder builder(first);
  Location loc = first.getLoc();
  unsigned d = splitDimension(columns);
  Value lb = columns.getLowerBound()[d], ub = columns.getUpperBound()[d];
  Value elements;
  for (auto [rows, unused] : loops) {
    Value count = loopIterations(builder, loc, rows, *rows);
    elements =
        elements ? arith::AddIOp::create(builder, loc, elements, count) : count;
  }
  Value threads = arith::IndexCastOp::create(
      builder, loc, builder.getIndexType(),
      tj::callCpuThreads(builder, loc, first->getParentOfType<ModuleOp>(),
                         elements));
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  auto split = scf::ParallelOp::create(builder, loc, ValueRange{zero},
                                       ValueRange{threads}, ValueRange{one});
  builder.setInsertionPointToStart(split.getBody());
  auto [start, end] = partOf(builder, loc, split.getInductionVars()[0], threads,
                             lb, ub, alignment);
  for (auto [rows, loop] : loops) {
    rows->moveBefore(split.getBody()->getTerminator());
    loop.getLowerBoundMutable()[d].assign(start);
    loop.getUpperBoundMutable()[d].assign(end);
  }
}

/// Groups of reductions over outer rows (columnsOfRows) to split together:
/// those next to one another over the same outputs (the same bounds, the
/// same split dimension).
SmallVector<SmallVector<std::pair<scf::ForOp, scf::ParallelOp>>>
rowReductions(ModuleOp module) {
  SmallVector<SmallVector<std::pair<scf::ForOp, scf::ParallelOp>>> groups;
  module.walk([&](scf::ForOp rows) {
    scf::ParallelOp columns = columnsOfRows(rows);
    if (!columns)
      return;
    if (!groups.empty()) {
      auto [previous, previousColumns] = groups.back().back();
      if (previous->getNextNode() == rows &&
          previousColumns.getLowerBound() == columns.getLowerBound() &&
          previousColumns.getUpperBound() == columns.getUpperBound() &&
          splitDimension(previousColumns) == splitDimension(columns)) {
        groups.back().push_back({rows, columns});
        return;
      }
    }
    groups.push_back({{rows, columns}});
  });
  return groups;
}

/// Moves `loop` into a new private function `name(lo, hi, captured...)`
/// that runs it over [lo, hi) of dimension `d`, and returns the function
/// and the values to pass after lo and hi. Constants are cloned, not
/// passed. The function is never inlined: both branches below call it, so
/// the loop is compiled once.
std::pair<func::FuncOp, SmallVector<Value>>
outline(scf::ParallelOp loop, unsigned d, StringRef name) {
  // What the loop uses but dimension d's bounds, which become lo and hi: a
  // bound value also used elsewhere (another dimension of the same size)
  // is passed too.
  SetVector<Value> used;
  getUsedValuesDefinedAbove(loop->getRegions(), used);
  OpOperand *lb = &loop.getLowerBoundMutable()[d];
  OpOperand *ub = &loop.getUpperBoundMutable()[d];
  for (OpOperand &operand : loop->getOpOperands())
    if (&operand != lb && &operand != ub)
      used.insert(operand.get());
  SmallVector<Value> captured;
  SmallVector<Operation *> constants;
  for (Value value : used) {
    Operation *def = value.getDefiningOp();
    if (def && def->hasTrait<OpTrait::ConstantLike>())
      constants.push_back(def);
    else
      captured.push_back(value);
  }
  auto module = loop->getParentOfType<ModuleOp>();
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  Type index = builder.getIndexType();
  SmallVector<Type> inputs = {index, index};
  for (Value value : captured)
    inputs.push_back(value.getType());
  auto function = func::FuncOp::create(builder, loop.getLoc(), name,
                                       builder.getFunctionType(inputs, {}));
  function.setPrivate();
  // func-to-llvm drops func.func's no_inline; LLVM's attribute passes.
  function->setAttr("passthrough",
                    builder.getArrayAttr(builder.getStringAttr("noinline")));
  Block *body = function.addEntryBlock();
  builder.setInsertionPointToStart(body);
  IRMapping mapping;
  for (Operation *constant : constants)
    builder.clone(*constant, mapping);
  for (auto [value, argument] :
       llvm::zip(captured, body->getArguments().drop_front(2)))
    mapping.map(value, argument);
  auto part = cast<scf::ParallelOp>(builder.clone(*loop, mapping));
  part.getLowerBoundMutable()[d].assign(body->getArgument(0));
  part.getUpperBoundMutable()[d].assign(body->getArgument(1));
  func::ReturnOp::create(builder, loop.getLoc());
  return {function, captured};
}

/// The thread count `loop` runs over, if its split dimension is
/// [0, tj_rt_cpu_threads(...)) (tj-fuse-over-rows's chunks, one a thread:
/// their own size asks for no other count); else nullptr.
Value threadCountLoop(scf::ParallelOp loop) {
  unsigned d = splitDimension(loop);
  func::CallOp call = tj::cpuThreadCount(loop.getUpperBound()[d]);
  if (!call || !isZeroInteger(loop.getLowerBound()[d]))
    return nullptr;
  return call.getResult(0);
}

/// Rewrites `loop` as
///   %threads = tj_rt_cpu_threads(elements)
///   scf.if %threads > 1 {
///     omp.parallel num_threads(%threads) {
///       call @name(this thread's range of one dimension, captured...)
///     }
///   } else { call @name(the whole range, captured...) }
/// with the loop in @name (outline).
void parallelize(scf::ParallelOp loop, int64_t alignment, StringRef name) {
  OpBuilder builder(loop);
  Location loc = loop.getLoc();
  Type i32 = builder.getI32Type();
  // The loop's own bounds are known before it.
  Value threads = threadCountLoop(loop);
  if (!threads)
    threads =
        tj::callCpuThreads(builder, loc, loop->getParentOfType<ModuleOp>(),
                           loopIterations(builder, loc, loop, *loop));
  Value many =
      arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::sgt, threads,
                            arith::ConstantIntOp::create(builder, loc, i32, 1));
  auto branch = scf::IfOp::create(builder, loc, many, /*withElseRegion=*/true);
  unsigned d = splitDimension(loop);
  Value lb = loop.getLowerBound()[d], ub = loop.getUpperBound()[d];
  auto [function, captured] = outline(loop, d, name);
  auto callOn = [&](Value from, Value to) {
    SmallVector<Value> operands = {from, to};
    operands.append(captured.begin(), captured.end());
    func::CallOp::create(builder, loc, function, operands);
  };
  // The else branch: the whole range on this thread.
  builder.setInsertionPoint(branch.elseBlock()->getTerminator());
  callOn(lb, ub);

  builder.setInsertionPoint(branch.thenBlock()->getTerminator());
  omp::ParallelOperands clauses;
  clauses.numThreads = threads;
  auto region = omp::ParallelOp::create(builder, loc, clauses);
  Block *body = builder.createBlock(&region.getRegion());
  builder.setInsertionPointToStart(body);
  omp::TerminatorOp::create(builder, loc);
  builder.setInsertionPointToStart(body);
  Type index = builder.getIndexType();
  auto asIndex = [&](Value value) {
    return arith::IndexCastOp::create(builder, loc, index, value).getResult();
  };
  // The team may be smaller than asked for (OMP_THREAD_LIMIT, nesting).
  Value id =
      asIndex(func::CallOp::create(builder, loc, "omp_get_thread_num", i32, {})
                  .getResult(0));
  Value team =
      asIndex(func::CallOp::create(builder, loc, "omp_get_num_threads", i32, {})
                  .getResult(0));
  // Thread t takes part t of the split dimension.
  auto [start, end] = partOf(builder, loc, id, team, lb, ub, alignment);
  callOn(start, end);
  loop->erase();
}

struct TjCpuParallelize : tj::impl::TjCpuParallelizeBase<TjCpuParallelize> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Reductions over outer rows (column sums) first become parallel loops
    // over their outputs' chunks.
    for (auto &group : rowReductions(module))
      splitColumns(group, alignment);
    SmallVector<scf::ParallelOp> loops;
    module.walk([&](scf::ParallelOp loop) {
      if (canParallelize(loop))
        loops.push_back(loop);
    });
    if (loops.empty())
      return;
    MLIRContext *context = module.getContext();
    Type i32 = IntegerType::get(context, 32);
    tj::declareFunction(module, "omp_get_thread_num",
                        FunctionType::get(context, {}, i32));
    tj::declareFunction(module, "omp_get_num_threads",
                        FunctionType::get(context, {}, i32));
    for (auto [i, loop] : llvm::enumerate(loops)) {
      std::string name = (loop->getParentOfType<func::FuncOp>().getSymName() +
                          "_loop" + Twine(i))
                             .str();
      parallelize(loop, splitsInnermost(loop) ? alignment : 1, name);
    }
  }
};

} // namespace
