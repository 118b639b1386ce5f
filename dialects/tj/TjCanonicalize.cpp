//===- TjCanonicalize.cpp - Canonicalization patterns ---------------------===//
//
// Rewrites that create new ops (folders in TjFolders.cpp only replace values).
//
//===----------------------------------------------------------------------===//

#include "dialects/tj/TjDialect.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::tj;

namespace {

/// transpose(transpose(x, p), q) -> transpose(x, p o q).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    SmallVector<int64_t> composed;
    for (int64_t axis : op.getPermutation())
      composed.push_back(inner.getPermutation()[axis]);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, inner.getInput(), composed);
    return success();
  }
};

/// reshape(reshape(x)) -> reshape(x): only the last shape matters.
struct ComposeReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), inner.getInput(),
                                           op.getSizes());
    return success();
  }
};

/// dot(transpose(A), v) -> dot(v, A) and dot(v, transpose(A)) -> dot(A, v)
/// for a matrix A and a vector v: the same sums, without moving A.
struct DotOfTransposedMatrix : OpRewritePattern<DotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DotOp op,
                                PatternRewriter &rewriter) const override {
    for (bool matrixFirst : {true, false}) {
      Value matrix = matrixFirst ? op.getLhs() : op.getRhs();
      Value vector = matrixFirst ? op.getRhs() : op.getLhs();
      auto transpose = matrix.getDefiningOp<TransposeOp>();
      if (!transpose || transpose.getType().getRank() != 2 ||
          cast<RankedTensorType>(vector.getType()).getRank() != 1)
        continue;
      rewriter.replaceOpWithNewOp<DotOp>(
          op, op.getType(), matrixFirst ? vector : transpose.getInput(),
          matrixFirst ? transpose.getInput() : vector);
      return success();
    }
    return failure();
  }
};

} // namespace

void DotOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<DotOfTransposedMatrix>(context);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<ComposeTransposes>(context);
}

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ComposeReshapes>(context);
}
