//===- FuseOverRows.cpp - x.w, its row chain and g.x in one pass ----------===//
//
// A gradient step of a linear model reads its matrix twice: z = x.w (a
// linalg.matvec), a chain of elementwise ops over the rows gives g, then
// the weights' gradient is g.x (a linalg.vecmat), whose reduction runs over
// the same rows. Row i of g.x needs only g_i, so both products can share
// one pass over x: this pass tiles the vecmat along its rows (an scf.for
// over tiles of `rows-per-tile` rows, accumulating into the vecmat's
// output) and fuses into each tile the row-wise ops that produce its g --
// the chain's generics, the matvec of the same matrix, the fills of their
// outputs. A tile of x is then still in cache when the vecmat reads it.
// Results of fused ops used elsewhere (the chain's other outputs, g for the
// bias's sum) are yielded by the loop, so nothing is computed twice.
//
// The rows are split between the threads the runtime gives the matrix's
// size (`tj_rt_cpu_threads`): an scf.forall over chunks of rows, each
// accumulating into a row of partial products, which are summed after
// it. On one thread that is one chunk, the loop over every tile.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJFUSEOVERROWS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// Whether `op` is an elementwise generic over one dimension, writing
/// every output in order (its inputs are vectors or scalars).
bool isRowwiseGeneric(linalg::GenericOp op) {
  if (op.getNumLoops() != 1 || op.getNumParallelLoops() != 1)
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    bool output = op.isDpsInit(&operand);
    if (!map.isIdentity() && (output || map.getNumResults() != 0))
      return false;
  }
  return true;
}

/// The operands of `op` indexed by the row dimension, through which the
/// ops producing them can be fused: a row-wise generic's vectors, a
/// matvec's or a fill's output. Empty if `op` is none of those.
SmallVector<Value> rowOperands(Operation *op) {
  SmallVector<Value> operands;
  if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    if (!isRowwiseGeneric(generic))
      return {};
    for (Value operand : op->getOperands())
      if (auto type = dyn_cast<ShapedType>(operand.getType());
          type && type.getRank() == 1)
        operands.push_back(operand);
  } else if (isa<linalg::MatvecOp, linalg::FillOp>(op)) {
    operands.push_back(cast<linalg::LinalgOp>(op).getDpsInitOperand(0)->get());
  }
  return operands;
}

/// Whether an op of `ops` reads, through ops outside them, a result of
/// `ops` whole (g - mean(g)): a tile could not be computed from its rows.
bool readsItsOwnWhole(const llvm::SetVector<Operation *> &ops) {
  llvm::SmallPtrSet<Operation *, 16> seen;
  SmallVector<Operation *> worklist;
  for (Operation *op : ops)
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp();
          producer && !ops.contains(producer))
        worklist.push_back(producer);
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (ops.contains(op))
      return true;
    if (!seen.insert(op).second)
      continue;
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        worklist.push_back(producer);
  }
  return false;
}

/// The ops in `vecmat`'s block that produce its vector row by row (through
/// row-wise generics, matvecs and fills), in block order, if one of them is
/// a matvec of the vecmat's matrix; else none.
SmallVector<Operation *> rowProducers(linalg::VecmatOp vecmat) {
  Value matrix = vecmat.getDpsInputs()[1];
  llvm::SetVector<Operation *> ops;
  SmallVector<Value> worklist{vecmat.getDpsInputs()[0]};
  bool readsMatrix = false;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val().getDefiningOp();
    if (!op || op->getBlock() != vecmat->getBlock() || ops.contains(op))
      continue;
    SmallVector<Value> operands = rowOperands(op);
    if (operands.empty())
      continue;
    ops.insert(op);
    if (auto matvec = dyn_cast<linalg::MatvecOp>(op))
      readsMatrix |= matvec.getDpsInputs()[0] == matrix;
    llvm::append_range(worklist, operands);
  }
  if (!readsMatrix || readsItsOwnWhole(ops))
    return {};
  SmallVector<Operation *> ordered = ops.takeVector();
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return ordered;
}

/// Moves the ops before `op` that use its results, directly or not, after
/// it, in their order. (The users of fused results may precede the vecmat,
/// where the new ops are.)
void moveUsersAfter(RewriterBase &rewriter, Operation *op) {
  llvm::SmallPtrSet<Operation *, 8> moved{op};
  SmallVector<Operation *> users;
  for (Operation &before : *op->getBlock()) {
    if (&before == op)
      break;
    bool usesMoved = llvm::any_of(before.getOperands(), [&](Value operand) {
      Operation *producer = operand.getDefiningOp();
      return producer && moved.contains(producer);
    });
    if (usesMoved) {
      moved.insert(&before);
      users.push_back(&before);
    }
  }
  Operation *after = op;
  for (Operation *user : users) {
    rewriter.moveOpAfter(user, after);
    after = user;
  }
}

/// The (offsets, sizes, strides) of row `row` of a matrix of `columns`
/// columns, as a 1-D slice.
struct RowSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  RowSlice(OpBuilder &builder, OpFoldResult row, OpFoldResult columns)
      : offsets{row, builder.getIndexAttr(0)}, sizes{builder.getIndexAttr(1),
                                                     columns},
        strides(2, builder.getIndexAttr(1)) {}
};

/// Splits the rows of `loop` -- the tiled vecmat's scf.for over
/// [0, rows) whose first iter_arg is the vecmat's accumulator, the others
/// row-indexed outputs -- between the threads the runtime gives the
/// matrix, as chunks of rows:
///   %threads = tj_rt_cpu_threads(rows * columns)
///   %r = scf.forall (%t) in (%threads)
///       shared_outs(%p = empty(threads, columns), %o = outputs...) {
///     %acc = fill 0 into %p[%t, :]
///     %l = the loop over chunk t's rows [lo, hi), from %acc and %o...
///     in_parallel { %l#0 into %p[%t, :], %l#k[lo, hi) into %o_k[lo, hi) }
///   }
///   accumulator + the sum of %r#0's rows
/// Chunks are ceil(rows / threads) rows (the last may be shorter or
/// empty), their last tile clipped at the chunk's end.
void splitBetweenThreads(RewriterBase &rewriter, scf::ForOp loop,
                         Value matrix) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  Value accumulator = loop.getInitArgs().front();
  auto vectorType = cast<RankedTensorType>(accumulator.getType());
  Type element = vectorType.getElementType();
  Type index = rewriter.getIndexType();
  Value rows = loop.getUpperBound();
  OpFoldResult columns = tensor::getMixedSize(rewriter, loc, matrix, 1);
  Value elements = arith::IndexCastOp::create(
      rewriter, loc, rewriter.getI64Type(),
      arith::MulIOp::create(
          rewriter, loc, rows,
          getValueOrCreateConstantIndexOp(rewriter, loc, columns)));
  Value threads = arith::IndexCastOp::create(
      rewriter, loc, index,
      tj::callCpuThreads(rewriter, loc, loop->getParentOfType<ModuleOp>(),
                         elements));
  Value chunk = arith::CeilDivUIOp::create(rewriter, loc, rows, threads);
  Value partials = tensor::EmptyOp::create(
      rewriter, loc, ArrayRef<OpFoldResult>{threads, columns}, element);
  SmallVector<Value> outputs{partials};
  llvm::append_range(outputs, loop.getInitArgs().drop_front());
  auto forall = scf::ForallOp::create(rewriter, loc,
                                      ArrayRef<OpFoldResult>{threads}, outputs,
                                      /*mapping=*/std::nullopt);

  // The sum of the threads' partial products, added to the accumulator:
  // out[j] = acc[j] + sum over t of partial[t][j].
  MLIRContext *context = rewriter.getContext();
  AffineExpr t = getAffineDimExpr(0, context), j = getAffineDimExpr(1, context);
  auto sum = linalg::GenericOp::create(
      rewriter, loc, vectorType, forall.getResult(0), accumulator,
      {AffineMap::get(2, 0, {t, j}, context),
       AffineMap::get(2, 0, {j}, context)},
      {utils::IteratorType::reduction, utils::IteratorType::parallel},
      [](OpBuilder &builder, Location loc, ValueRange arguments) {
        linalg::YieldOp::create(
            builder, loc,
            tj::addScalars(builder, loc, arguments[1], arguments[0]));
      });
  rewriter.replaceAllUsesWith(loop.getResult(0), sum.getResult(0));
  for (auto [old, shared] : llvm::zip(loop.getResults().drop_front(),
                                      forall.getResults().drop_front()))
    rewriter.replaceAllUsesWith(old, shared);

  // The chunk's rows [lo, hi), lo = min(t * chunk, rows).
  Block *body = forall.getBody();
  rewriter.setInsertionPointToStart(body);
  Value thread = forall.getInductionVar(0);
  Value lo = arith::MinUIOp::create(
      rewriter, loc, arith::MulIOp::create(rewriter, loc, thread, chunk), rows);
  Value hi = arith::MinUIOp::create(
      rewriter, loc, arith::AddIOp::create(rewriter, loc, lo, chunk), rows);
  Value count = arith::SubIOp::create(rewriter, loc, hi, lo);
  ValueRange shared = forall.getRegionIterArgs();
  RowSlice row(rewriter, thread, columns);
  Value partial =
      tensor::ExtractSliceOp::create(rewriter, loc, vectorType, shared.front(),
                                     row.offsets, row.sizes, row.strides);
  Value zero = arith::ConstantOp::create(rewriter, loc, element,
                                         rewriter.getZeroAttr(element));
  partial = linalg::FillOp::create(rewriter, loc, zero, partial).getResult(0);
  rewriter.moveOpBefore(loop, forall.getTerminator());
  rewriter.modifyOpInPlace(loop, [&] {
    loop.getLowerBoundMutable().assign(lo);
    loop.getUpperBoundMutable().assign(hi);
    loop.getInitArgsMutable()[0].assign(partial);
    for (auto [k, output] : llvm::enumerate(shared.drop_front()))
      loop.getInitArgsMutable()[k + 1].assign(output);
  });
  // The tiles' sizes, clipped at `rows` in the body (min(tile, rows - i)),
  // are clipped at the chunk's end.
  for (auto min : loop.getBody()->getOps<affine::AffineMinOp>())
    if (llvm::is_contained(min.getOperands(), loop.getInductionVar()))
      for (OpOperand &operand : min->getOpOperands())
        if (operand.get() == rows)
          rewriter.modifyOpInPlace(min, [&] { operand.set(hi); });
  rewriter.setInsertionPointAfter(loop);
  SmallVector<Value> chunks;
  OpFoldResult one = rewriter.getIndexAttr(1);
  for (Value result : loop.getResults().drop_front())
    chunks.push_back(tensor::ExtractSliceOp::create(
        rewriter, loc, result, ArrayRef<OpFoldResult>{lo},
        ArrayRef<OpFoldResult>{count}, ArrayRef<OpFoldResult>{one}));
  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(rewriter, loc, loop.getResult(0),
                                        shared.front(), row.offsets, row.sizes,
                                        row.strides);
  for (auto [slice, output] : llvm::zip(chunks, shared.drop_front()))
    tensor::ParallelInsertSliceOp::create(
        rewriter, loc, slice, output, ArrayRef<OpFoldResult>{lo},
        ArrayRef<OpFoldResult>{count}, ArrayRef<OpFoldResult>{one});
}

/// Tiles `vecmat` along its rows, fusing `producers` into the loop, which
/// it returns.
FailureOr<scf::ForOp> fuse(RewriterBase &rewriter, linalg::VecmatOp vecmat,
                           ArrayRef<Operation *> producers,
                           int64_t rowsPerTile) {
  // Tiling adds uses (the slices of the fused ops' results), so what
  // must be yielded is decided first.
  llvm::SmallPtrSet<Operation *, 8> set(producers.begin(), producers.end());
  llvm::SmallPtrSet<Operation *, 8> yielded;
  for (Operation *op : producers)
    if (llvm::any_of(op->getUsers(), [&](Operation *user) {
          return user != vecmat && !set.contains(user);
        }))
      yielded.insert(op);

  // The vecmat's loops: the columns (parallel), then the rows.
  SmallVector<OpFoldResult> tileSizes;
  for (utils::IteratorType type : vecmat.getIteratorTypesArray())
    tileSizes.push_back(rewriter.getIndexAttr(
        type == utils::IteratorType::reduction ? rowsPerTile : 0));
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(tileSizes);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *op = producer.getOwner();
        if (!set.contains(op))
          return std::nullopt;
        return scf::SCFTileAndFuseOptions::ControlFnResult{
            yielded.contains(op)};
      });
  rewriter.setInsertionPoint(vecmat);
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(vecmat.getOperation()), options);
  if (failed(result))
    return vecmat.emitError("tj-fuse-over-rows: tiling failed"), failure();

  // The loop's bounds are sizes of the old values: sizes of their outputs'
  // inits instead, so that nothing outside the loop reads the old ops --
  // those yielded, and those not: an old op that reads a yielded result
  // moves after the loop (moveUsersAfter) until DCE removes it.
  Operation *loop = result->loops.front();
  for (Operation *op : producers)
    for (OpResult old : op->getResults()) {
      Value init =
          cast<DestinationStyleOpInterface>(op).getTiedOpOperand(old)->get();
      for (OpOperand &use : llvm::make_early_inc_range(old.getUses()))
        if (isa<tensor::DimOp>(use.getOwner()))
          rewriter.modifyOpInPlace(use.getOwner(), [&] { use.set(init); });
    }
  // The loop's own slices of the old values are left dead (the fused ops
  // read the tiled ones); uses outside it take the loop's results.
  for (auto [old, replacement] : result->replacements)
    rewriter.replaceUsesWithIf(old, replacement, [&](OpOperand &use) {
      return !loop->isAncestor(use.getOwner());
    });
  moveUsersAfter(rewriter, loop);

  // The tile's products as loops of their own (not BLAS calls on a few
  // rows): the matvec's rows each a dot product, the vecmat row by row
  // (axpys into the accumulator), not column by column.
  for (Operation *op : result->tiledAndFusedOps) {
    if (!isa<linalg::MatvecOp, linalg::VecmatOp>(op))
      continue;
    bool rowByRow = isa<linalg::VecmatOp>(op);
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::GenericOp> generic =
        linalg::generalizeNamedOp(rewriter, cast<linalg::LinalgOp>(op));
    if (succeeded(generic) && rowByRow)
      generic = linalg::interchangeGenericOp(rewriter, *generic, {1, 0});
    if (failed(generic))
      return vecmat.emitError("tj-fuse-over-rows: tile not generalized"),
             failure();
  }
  return cast<scf::ForOp>(loop);
}

struct TjFuseOverRows : tj::impl::TjFuseOverRowsBase<TjFuseOverRows> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::VecmatOp> vecmats;
    module.walk([&](linalg::VecmatOp op) {
      if (op.hasPureTensorSemantics())
        vecmats.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    llvm::SetVector<Region *> bodies;
    for (linalg::VecmatOp vecmat : vecmats) {
      SmallVector<Operation *> ops = rowProducers(vecmat);
      if (ops.empty())
        continue;
      Value matrix = vecmat.getDpsInputs()[1];
      bodies.insert(vecmat->getParentRegion());
      FailureOr<scf::ForOp> loop = fuse(rewriter, vecmat, ops, rowsPerTile);
      if (failed(loop))
        return signalPassFailure();
      splitBetweenThreads(rewriter, *loop, matrix);
    }
    // The untiled ops and the loops' slices of their results.
    for (Region *body : bodies)
      (void)runRegionDCE(rewriter, *body);
  }
};

} // namespace
