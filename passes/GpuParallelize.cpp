//===- GpuParallelize.cpp - linalg on buffers -> GPU-ready loops ----------===//
//
// After this pass every access to memory in a host function is inside a
// one-dimensional, tiled scf.parallel (what gpu-map-parallel-loops and
// convert-parallel-loops-to-gpu turn into kernels), and its buffers are GPU
// allocations. See Passes.td for the rules.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/FormatVariadic.h"

#include <numeric>

namespace mlir::tj {
#define GEN_PASS_DEF_TJGPUPARALLELIZE
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// The permutation that puts a linalg op's parallel dimensions first,
/// keeping their order and that of the reductions.
SmallVector<unsigned> parallelFirst(linalg::GenericOp op) {
  SmallVector<unsigned> parallel, reduction;
  for (auto [i, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (type == utils::IteratorType::parallel ? parallel : reduction).push_back(i);
  parallel.append(reduction);
  return parallel;
}

/// The fill `op` absorbs, if any: a linalg.fill of its only output just
/// before it, when `op` reduces and each of its parallel iterations owns
/// one output element (the output's map is a permutation of the parallel
/// dimensions). The fill then becomes a store at the start of that
/// iteration, one kernel fewer.
linalg::FillOp absorbedFill(linalg::LinalgOp op) {
  auto fill = dyn_cast_or_null<linalg::FillOp>(op->getPrevNode());
  if (!fill || op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0 ||
      op.getNumParallelLoops() == 0 ||
      fill.getDpsInitOperand(0)->get() != op.getDpsInitOperand(0)->get())
    return nullptr;
  AffineMap map = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!map.isProjectedPermutation() ||
      map.getNumResults() != op.getNumParallelLoops())
    return nullptr;
  for (AffineExpr result : map.getResults())
    if (!linalg::isParallelIterator(
            op.getIteratorTypesArray()[cast<AffineDimExpr>(result)
                                           .getPosition()]))
      return nullptr;
  return fill;
}

/// Every linalg op (memref.copy first becomes one, tj::copiesToLinalg) as
/// scf.parallel over its parallel dimensions. A copy of a buffer onto itself
/// goes: bufferization leaves one where a result was computed in its
/// destination (the draws of an mrg31k3p update), and as a kernel it would
/// read and write every element once more (LLVM drops such a store of what
/// was just loaded, but not past pinInRegisters).
LogicalResult lowerLinalgToParallelLoops(func::FuncOp function) {
  IRRewriter rewriter(function.getContext());
  tj::copiesToLinalg(function, /*all=*/true);
  SmallVector<linalg::LinalgOp> ops;
  llvm::DenseMap<Operation *, linalg::FillOp> fills;
  llvm::SmallPtrSet<Operation *, 8> absorbed;
  function.walk([&](linalg::LinalgOp op) {
    ops.push_back(op);
    if (linalg::FillOp fill = absorbedFill(op)) {
      fills[op] = fill;
      absorbed.insert(fill);
    }
  });
  for (linalg::LinalgOp op : ops) {
    if (absorbed.contains(op))
      continue;
    rewriter.setInsertionPoint(op);
    linalg::FillOp fill = fills.lookup(op);
    linalg::GenericOp generic = dyn_cast<linalg::GenericOp>(op.getOperation());
    if (!generic) {
      FailureOr<linalg::GenericOp> generalized =
          linalg::generalizeNamedOp(rewriter, op);
      if (failed(generalized))
        return op->emitOpError("cannot be generalized for the GPU");
      generic = *generalized;
    }
    SmallVector<unsigned> order = parallelFirst(generic);
    FailureOr<linalg::GenericOp> interchanged = generic;
    if (!llvm::is_sorted(order))
      interchanged = linalg::interchangeGenericOp(rewriter, generic, order);
    if (failed(interchanged))
      return generic->emitOpError("cannot be lowered to parallel loops");
    // The output's map, now in terms of the loops (parallel ones first).
    AffineMap outputMap = interchanged->getMatchingIndexingMap(
        interchanged->getDpsInitOperand(0));
    // Without dimensions there is no loop, only the body on scalars.
    FailureOr<linalg::LinalgLoops> loops =
        generic.getNumLoops() == 0
            ? linalg::linalgOpToLoops(rewriter, *interchanged)
            : linalg::linalgOpToParallelLoops(rewriter, *interchanged);
    if (failed(loops))
      return generic->emitOpError("cannot be lowered to parallel loops");
    if (fill) {
      auto outer = dyn_cast<scf::ParallelOp>(loops->front());
      if (!outer || outer.getNumLoops() != interchanged->getNumParallelLoops())
        return generic->emitOpError(
            "tensorjit internal error: no parallel loop owns the output "
            "elements of this reduction");
      rewriter.setInsertionPointToStart(outer.getBody());
      SmallVector<Value> at;
      for (AffineExpr result : outputMap.getResults())
        at.push_back(
            outer
                .getInductionVars()[cast<AffineDimExpr>(result).getPosition()]);
      memref::StoreOp::create(rewriter, fill.getLoc(),
                              fill.getDpsInputOperand(0)->get(),
                              fill.getDpsInitOperand(0)->get(), at);
      rewriter.eraseOp(fill);
    }
    rewriter.eraseOp(*interchanged);
  }
  return success();
}

/// Top-level scf.for loops marked kIndependentIterations (and carrying
/// no values) become scf.parallel loops: their iterations become threads.
void parallelizeIndependentLoops(Block &host) {
  SmallVector<scf::ForOp> loops;
  for (Operation &op : host)
    if (auto loop = dyn_cast<scf::ForOp>(&op);
        loop && loop->hasAttr(tj::kIndependentIterations) &&
        loop.getNumResults() == 0)
      loops.push_back(loop);
  IRRewriter rewriter(host.getParentOp()->getContext());
  for (scf::ForOp loop : loops) {
    rewriter.setInsertionPoint(loop);
    auto parallel = scf::ParallelOp::create(
        rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
        ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
    Block *body = parallel.getBody();
    rewriter.eraseOp(loop.getBody()->getTerminator());
    rewriter.inlineBlockBefore(loop.getBody(), body->getTerminator(),
                               body->getArguments());
    rewriter.eraseOp(loop);
  }
}

/// The blocks that run on the host: the function's body and, within it,
/// the branches of scf.if ops (size-dependent choices, as
/// tj-split-reductions makes), recursively.
SmallVector<Block *> hostBlocks(func::FuncOp function) {
  SmallVector<Block *> blocks = {&function.getBody().front()};
  for (size_t i = 0; i < blocks.size(); ++i)
    for (Operation &op : *blocks[i])
      if (auto choice = dyn_cast<scf::IfOp>(op))
        for (Region &region : choice->getRegions())
          for (Block &block : region)
            blocks.push_back(&block);
  return blocks;
}

/// Whether `value` is computed on the host from the function's arguments
/// and sizes alone (no memory read), so that a kernel can take it as an
/// argument.
bool computedOnHost(Value value, int depth = 0) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return isa<func::FuncOp>(value.getParentBlock()->getParentOp());
  return depth < 16 && isMemoryEffectFree(op) &&
         llvm::all_of(op->getOperands(), [&](Value operand) {
           return computedOnHost(operand, depth + 1);
         });
}

/// A 0-d buffer the host allocates and stores a host-computed value in,
/// and that is otherwise only read, is that value: its loads (in kernels
/// or on the host) become the value, and the buffer, its store and its
/// deallocation go (the store would be a one-thread kernel of its own, as
/// the element count a mean divides by is).
void forwardHostScalars(Block &host) {
  SmallVector<memref::AllocOp> allocs;
  for (Operation &op : host)
    if (auto alloc = dyn_cast<memref::AllocOp>(op);
        alloc && alloc.getType().getRank() == 0)
      allocs.push_back(alloc);
  for (memref::AllocOp alloc : allocs) {
    memref::StoreOp store;
    SmallVector<memref::LoadOp> loads;
    SmallVector<Operation *> deallocs;
    bool forwardable = true;
    for (Operation *user : alloc->getUsers()) {
      if (auto write = dyn_cast<memref::StoreOp>(user);
          write && !store && write->getBlock() == &host &&
          write.getMemRef() == alloc.getResult() &&
          computedOnHost(write.getValueToStore()))
        store = write;
      else if (auto read = dyn_cast<memref::LoadOp>(user))
        loads.push_back(read);
      else if (isa<memref::DeallocOp>(user))
        deallocs.push_back(user);
      else
        forwardable = false;
    }
    if (!forwardable || !store ||
        !llvm::all_of(loads, [&](memref::LoadOp load) {
          Operation *at = host.findAncestorOpInBlock(*load);
          return at && store->isBeforeInBlock(at);
        }))
      continue;
    for (memref::LoadOp load : loads) {
      load.getResult().replaceAllUsesWith(store.getValueToStore());
      load.erase();
    }
    store.erase();
    for (Operation *dealloc : deallocs)
      dealloc->erase();
    alloc.erase();
  }
}

/// Whether a top-level op of a host function touches memory, so that it
/// must run on the device. Allocations stay on the host (they become GPU
/// allocations); launches are already device code.
bool touchesDeviceMemory(Operation *op) {
  // scf.if is host control flow: its blocks are host code (hostBlocks).
  if (isa<scf::ParallelOp, scf::IfOp, scf::YieldOp, memref::AllocOp,
          memref::DeallocOp, memref::AllocaOp, func::ReturnOp>(op))
    return false;
  // A device library's call queues its work from the host.
  if (auto call = dyn_cast<func::CallOp>(op))
    if (auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
            call, call.getCalleeAttr());
        callee && callee->hasAttr(tj::kDeviceLibrary))
      return false;
  return !isMemoryEffectFree(op);
}

/// Wraps each run of memory-touching ops outside a parallel loop into a
/// one-iteration scf.parallel (one GPU thread, in order). A run goes on
/// across ops free of memory effects (index arithmetic, constants); those
/// that compute on its values join it, the others stay on the host. So
/// moving the run down to its last op reorders no memory access.
LogicalResult wrapSequentialCode(Block &host) {
  SmallVector<SmallVector<Operation *>> runs;
  llvm::SmallPtrSet<Operation *, 16> inRun;
  bool open = false;
  for (Operation &op : host) {
    bool joins = touchesDeviceMemory(&op);
    if (auto call = dyn_cast<func::CallOp>(&op); call && joins)
      return call.emitOpError("calls host function @")
             << call.getCallee()
             << " on memory, which cannot run on the GPU (mt19937 draws "
                "and the BLAS are CPU-only)";
    if (!joins && open && isMemoryEffectFree(&op)) {
      joins = llvm::any_of(op.getOperands(), [&](Value operand) {
        return inRun.contains(operand.getDefiningOp());
      });
      if (!joins)
        continue; // stays on the host; the run goes on
    }
    if (!joins) {
      open = false;
      continue;
    }
    if (!open)
      runs.emplace_back();
    runs.back().push_back(&op);
    inRun.insert(&op);
    open = true;
  }
  for (ArrayRef<Operation *> run : runs) {
    for (Operation *op : run)
      for (Operation *user : op->getUsers())
        if (!inRun.contains(user))
          return op->emitOpError("reads device memory into a value the "
                                 "host needs, which the GPU cannot provide");
    OpBuilder builder(run.back());
    Location loc = run.front()->getLoc();
    Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
    Value one = arith::ConstantIndexOp::create(builder, loc, 1);
    auto single = scf::ParallelOp::create(builder, loc, ValueRange{zero},
                                          ValueRange{one}, ValueRange{one});
    Operation *terminator = single.getBody()->getTerminator();
    for (Operation *op : run)
      op->moveBefore(terminator);
  }
  return success();
}

/// Whether a collapsed loop's iterations can run `elements-per-thread` to a
/// thread with their loads first: from 0 by 1, one block of loads, stores
/// and memory-effect-free ops without regions, at least one load whose value
/// is used and no load after a store (it could read what the store wrote).
/// Iterations of a parallel loop are independent, so one's loads may go
/// before another's stores.
bool loadsFirst(scf::ParallelOp loop) {
  if (loop.getNumLoops() != 1 || loop.getNumReductions() != 0 ||
      !isConstantIntValue(loop.getLowerBound()[0], 0) ||
      !isConstantIntValue(loop.getStep()[0], 1))
    return false;
  bool loads = false, stored = false;
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (isa<memref::StoreOp>(op)) {
      stored = true;
    } else if (isa<memref::LoadOp>(op)) {
      if (stored)
        return false;
      loads |= !op.use_empty();
    } else if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op)) {
      return false;
    }
  }
  return loads && stored;
}

/// `values` (loads' results) as they pass through an NVPTX inline asm of
/// moves, which keeps the loads where they stand in a kernel: without it
/// LLVM's machine sinking moves each load down to its first use, past the
/// branches of the computations before it (libdevice's exp), and the
/// loads-first iterations would wait for memory one at a time again. The
/// asm has no side effects (ptxas drops the moves); what holds the loads is
/// that its results are used before any branch. Values of types without an
/// NVPTX register constraint pass as they are.
SmallVector<Value> pinInRegisters(OpBuilder &builder, Location loc,
                                  ValueRange values) {
  auto constraintOf = [](Type type) -> StringRef {
    return type.isF64()         ? "d"
           : type.isF32()       ? "f"
           : type.isInteger(64) ? "l"
           : type.isInteger(32) ? "r"
           : type.isInteger(16) ? "h"
                                : "";
  };
  SmallVector<Value> operands;
  for (Value value : values)
    if (!constraintOf(value.getType()).empty())
      operands.push_back(value);
  SmallVector<Value> result(values);
  if (operands.empty())
    return result;
  // Output k is a move of input count + k: "=d,=d,d,d".
  size_t count = operands.size();
  SmallVector<std::string> moves, outputs, inputs;
  SmallVector<Type> types;
  for (auto [k, value] : llvm::enumerate(operands)) {
    Type type = value.getType();
    types.push_back(type);
    moves.push_back(llvm::formatv("mov.b{0} ${1}, ${2};",
                                  type.getIntOrFloatBitWidth(), k, count + k)
                        .str());
    outputs.push_back(("=" + constraintOf(type)).str());
    inputs.push_back(constraintOf(type).str());
  }
  auto assembly = LLVM::InlineAsmOp::create(
      builder, loc,
      LLVM::LLVMStructType::getLiteral(builder.getContext(), types), operands,
      llvm::join(moves, "\n\t"),
      llvm::join(outputs, ",") + "," + llvm::join(inputs, ","),
      /*has_side_effects=*/false, /*is_align_stack=*/false,
      LLVM::tailcallkind::TailCallKind::None, /*asm_dialect=*/nullptr,
      /*operand_attrs=*/nullptr);
  size_t k = 0;
  for (Value &value : result)
    if (!constraintOf(value.getType()).empty())
      value = LLVM::ExtractValueOp::create(builder, loc, assembly.getRes(),
                                           ArrayRef<int64_t>{int64_t(k++)});
  return result;
}

/// Tiles `loop` (loadsFirst) as a grid of blocks of `blockSize` threads,
/// each running the iterations t, t + blockSize, ... `perThread` of them, of
/// its block's tile: first every iteration's loads (at an index clamped to
/// the last, so that none is out of bounds), pinned in registers there for
/// a GPU (`pin`), then their computations, then the stores of those in
/// range. A thread so has `perThread` loads in flight, not one: what a
/// kernel that computes between its load and its store (sigmoid's exp and
/// division) needs to keep memory busy.
void tileLoadsFirst(scf::ParallelOp loop, int64_t blockSize, int64_t perThread,
                    bool pin) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  Value n = loop.getUpperBound()[0];
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto grid = scf::ParallelOp::create(b, loc, ValueRange{zero}, ValueRange{n},
                                      ValueRange{arith::ConstantIndexOp::create(
                                          b, loc, blockSize * perThread)});
  b.setInsertionPointToStart(grid.getBody());
  auto threads = scf::ParallelOp::create(
      b, loc, ValueRange{zero},
      ValueRange{arith::ConstantIndexOp::create(b, loc, blockSize)},
      ValueRange{one});
  b.setInsertionPointToStart(threads.getBody());
  Value first = arith::AddIOp::create(b, loc, grid.getInductionVars()[0],
                                      threads.getInductionVars()[0]);
  Value last = arith::SubIOp::create(b, loc, n, one);
  Block *body = loop.getBody();
  SmallVector<IRMapping> copies(perThread);
  SmallVector<Value> inRange;
  for (int64_t c = 0; c < perThread; ++c) {
    Value i = arith::AddIOp::create(
        b, loc, first, arith::ConstantIndexOp::create(b, loc, c * blockSize));
    inRange.push_back(
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, i, n));
    copies[c].map(body->getArgument(0),
                  arith::MinUIOp::create(b, loc, i, last));
  }
  // The loads and the ops their indices come from.
  llvm::SmallPtrSet<Operation *, 16> feedLoads;
  SmallVector<Operation *> work;
  body->walk([&](memref::LoadOp load) { work.push_back(load); });
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    if (!feedLoads.insert(op).second)
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp();
          def && def->getBlock() == body)
        work.push_back(def);
  }
  // Loads whose value nothing uses (a linalg op's output read) go.
  SmallVector<std::pair<IRMapping *, Value>> loaded;
  for (bool loads : {true, false}) {
    for (IRMapping &copy : copies)
      for (Operation &op : body->without_terminator())
        if (!isa<memref::StoreOp>(op) && feedLoads.contains(&op) == loads &&
            !(isa<memref::LoadOp>(op) && op.use_empty())) {
          b.clone(op, copy);
          if (isa<memref::LoadOp>(op))
            loaded.emplace_back(&copy, op.getResult(0));
        }
    if (loads && pin) {
      SmallVector<Value> values;
      for (auto [copy, value] : loaded)
        values.push_back(copy->lookup(value));
      for (auto [load, pinned] :
           llvm::zip(loaded, pinInRegisters(b, loc, values)))
        load.first->map(load.second, pinned);
    }
  }
  for (auto [copy, store] : llvm::zip(copies, inRange)) {
    auto write = scf::IfOp::create(b, loc, store, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(write.thenBlock());
    for (auto op : body->getOps<memref::StoreOp>())
      b.clone(*op, copy);
  }
  loop.erase();
}

/// Collapses each top-level parallel loop to one dimension and tiles it:
/// the outer loop becomes the grid, the inner one the threads of a block
/// (each thread `perThread` iterations, loads first, where loadsFirst).
void collapseAndTile(Block &host, int64_t blockSize, int64_t perThread,
                     bool pin) {
  SmallVector<scf::ParallelOp> loops;
  for (Operation &op : host)
    if (auto loop = dyn_cast<scf::ParallelOp>(&op))
      loops.push_back(loop);
  IRRewriter rewriter(host.getParentOp()->getContext());
  for (scf::ParallelOp loop : loops) {
    // A single thread's loop (wrapSequentialCode) stays one iteration, and
    // a loop mapped already (tj-split-reductions' blocks) as it is.
    if (loop->hasAttr(gpu::getMappingAttrName()))
      continue;
    if (loop.getNumLoops() == 1 &&
        getConstantIntValue(loop.getLowerBound()[0]) == 0 &&
        getConstantIntValue(loop.getUpperBound()[0]) == 1)
      continue;
    if (loop.getNumLoops() > 1) {
      std::vector<unsigned> all(loop.getNumLoops());
      std::iota(all.begin(), all.end(), 0);
      rewriter.setInsertionPoint(loop);
      // collapseParallelLoops replaces the loop; find the new one.
      Operation *before = loop->getPrevNode();
      collapseParallelLoops(rewriter, loop, {all});
      loop =
          cast<scf::ParallelOp>(before ? before->getNextNode() : &host.front());
      while (!isa<scf::ParallelOp>(loop.getOperation()))
        loop = cast<scf::ParallelOp>(loop->getNextNode());
    }
    if (perThread > 1 && loadsFirst(loop))
      tileLoadsFirst(loop, blockSize, perThread, pin);
    else
      scf::tileParallelLoop(loop, {blockSize}, /*noMinMaxBounds=*/true);
  }
}

/// Host allocations become device allocations. gpu-to-llvm lowers only
/// asynchronous ones, so each is made asynchronous on a stream of its own
/// and waited for (jit/CudaRuntime makes those streams the device's one
/// stream, and the waits free).
void allocateOnDevice(Block &host) {
  MLIRContext *context = host.getParentOp()->getContext();
  IRRewriter rewriter(context);
  SmallVector<Operation *> ops;
  for (Operation &op : host)
    if (isa<memref::AllocOp, memref::DeallocOp>(op))
      ops.push_back(&op);
  Type token = gpu::AsyncTokenType::get(context);
  for (Operation *op : ops) {
    rewriter.setInsertionPoint(op);
    Location loc = op->getLoc();
    Value stream =
        gpu::WaitOp::create(rewriter, loc, token, ValueRange{}).getAsyncToken();
    Value done;
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      auto device = gpu::AllocOp::create(
          rewriter, loc, alloc.getType(), token, ValueRange{stream},
          alloc.getDynamicSizes(), alloc.getSymbolOperands(),
          /*hostShared=*/nullptr);
      rewriter.replaceAllUsesWith(alloc.getResult(), device.getMemref());
      done = device.getAsyncToken();
    } else {
      done = gpu::DeallocOp::create(rewriter, loc, token, ValueRange{stream},
                                    cast<memref::DeallocOp>(op).getMemref())
                 .getAsyncToken();
    }
    gpu::WaitOp::create(rewriter, loc, Type(), ValueRange{done});
    rewriter.eraseOp(op);
  }
}

/// Constants (memref.get_global of a constant memref.global, what
/// bufferization makes of a tensor constant) read inside the parallel
/// loops that become kernels are read there from a copy of the global in
/// the kernel's module: kernel outlining clones the globals a kernel
/// refers to into its module, where the NVPTX backend puts them in device
/// memory. Passed from the host instead, the kernel would read a host
/// address.
void constantsOnDevice(Block &host) {
  SmallVector<memref::GetGlobalOp> globals;
  for (Operation &op : host)
    if (auto global = dyn_cast<memref::GetGlobalOp>(&op))
      globals.push_back(global);
  OpBuilder builder(host.getParentOp()->getContext());
  for (memref::GetGlobalOp global : globals) {
    auto definition = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        global, global.getNameAttr());
    if (!definition || !definition.getConstant())
      continue;
    for (OpOperand &use : llvm::make_early_inc_range(global->getUses())) {
      Operation *user = use.getOwner();
      if (!user->getParentOfType<scf::ParallelOp>())
        continue;
      builder.setInsertionPoint(user);
      use.set(builder.clone(*global)->getResult(0));
    }
  }
}

struct TjGpuParallelize : tj::impl::TjGpuParallelizeBase<TjGpuParallelize> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return;
    if (blockSize <= 0 || elementsPerThread <= 0) {
      function.emitError("tj-gpu-parallelize: block-size and "
                         "elements-per-thread must be positive");
      return signalPassFailure();
    }
    SmallVector<Block *> host = hostBlocks(function);
    for (Block *block : host)
      parallelizeIndependentLoops(*block);
    if (failed(lowerLinalgToParallelLoops(function)))
      return signalPassFailure();
    for (Block *block : host)
      forwardHostScalars(*block);
    for (Block *block : host)
      if (failed(wrapSequentialCode(*block)))
        return signalPassFailure();
    for (Block *block : host) {
      collapseAndTile(*block, blockSize, elementsPerThread, gpuAllocations);
      if (gpuAllocations) {
        allocateOnDevice(*block);
        constantsOnDevice(*block);
      }
    }
  }
};

} // namespace
