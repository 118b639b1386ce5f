//===- UnshareInits.cpp - One tensor.empty / fill per use -----------------===//

#include "passes/Passes.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJUNSHAREINITS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// Gives each use of `op`'s single result but the first a clone of `op`.
void unshare(Operation *op) {
  SmallVector<OpOperand *> uses;
  for (OpOperand &use : op->getResult(0).getUses())
    uses.push_back(&use);
  OpBuilder builder(op);
  for (OpOperand *use : llvm::drop_begin(uses))
    use->set(builder.clone(*op)->getResult(0));
}

struct TjUnshareInits : tj::impl::TjUnshareInitsBase<TjUnshareInits> {
  void runOnOperation() override {
    // Fills first: their clones add uses to the empties they fill.
    SmallVector<Operation *> fills, empties;
    getOperation().walk([&](Operation *op) {
      // A fill: linalg.fill, or a generic with no inputs (generalized),
      // of an empty tensor.
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (linalgOp &&
          (isa<linalg::FillOp>(op) || linalgOp.getNumDpsInputs() == 0) &&
          op->getNumResults() == 1 &&
          linalgOp.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>())
        fills.push_back(op);
      else if (isa<tensor::EmptyOp>(op))
        empties.push_back(op);
    });
    for (Operation *fill : fills)
      unshare(fill);
    for (Operation *empty : empties)
      unshare(empty);
  }
};

} // namespace
