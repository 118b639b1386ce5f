//===- Stabilize.cpp - tj-stabilize: numerically stable rewrites ----------===//

#include "dialects/tj/TjDialect.h"
#include "passes/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJSTABILIZE
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;
using namespace mlir::tj;

namespace {

/// Whether `value` is a constant splat equal to `expected`.
bool isSplat(Value value, double expected) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return false;
  if (isa<FloatType>(attr.getElementType()))
    return attr.getSplatValue<APFloat>().convertToDouble() == expected;
  return attr.getSplatValue<APInt>().getSExtValue() == expected;
}

/// The other operand of a commutative `add(c, v)` / `add(v, c)` whose
/// constant side is the splat `constant`.
Value addOf(Value value, double constant) {
  auto add = value.getDefiningOp<AddOp>();
  if (!add)
    return {};
  if (isSplat(add.getRhs(), constant))
    return add.getLhs();
  if (isSplat(add.getLhs(), constant))
    return add.getRhs();
  return {};
}

/// Records the rewrites that fire, by name.
using Fired = llvm::SetVector<StringRef>;

/// Base of the rewrites. Each rewrite computes its replacement from a value
/// `source` of the op's own type (checked first, before creating anything,
/// so that a broadcast or a promotion is never dropped).
template <typename OpTy> struct Rewrite : OpRewritePattern<OpTy> {
  Rewrite(MLIRContext *context, Fired &fired, StringRef name)
      : OpRewritePattern<OpTy>(context), fired(fired), name(name) {}

  static bool fits(OpTy op, Value source) {
    return source && source.getType() == op.getType();
  }
  LogicalResult replace(PatternRewriter &rewriter, OpTy op,
                        Value replacement) const {
    rewriter.replaceOp(op, replacement);
    fired.insert(name);
    return success();
  }

  Fired &fired;
  StringRef name;
};

/// 1 / (1 + exp(a)) -> sigmoid(-a).
struct RecognizeSigmoid : Rewrite<DivOp> {
  using Rewrite::Rewrite;
  LogicalResult matchAndRewrite(DivOp op,
                                PatternRewriter &rewriter) const override {
    if (!isSplat(op.getLhs(), 1))
      return failure();
    Value e = addOf(op.getRhs(), 1);
    auto exp = e ? e.getDefiningOp<ExpOp>() : ExpOp();
    if (!exp || !fits(op, exp.getInput()))
      return failure();
    Location loc = op.getLoc();
    Value a = exp.getInput();
    Value minusA = a.getDefiningOp<NegOp>()
                       ? a.getDefiningOp<NegOp>().getInput()
                       : NegOp::create(rewriter, loc, a).getResult();
    return replace(rewriter, op, SigmoidOp::create(rewriter, loc, minusA));
  }
};

/// log(sigmoid(x)) -> -softplus(-x).
struct LogSigmoid : Rewrite<LogOp> {
  using Rewrite::Rewrite;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    auto sigmoid = op.getInput().getDefiningOp<SigmoidOp>();
    if (!sigmoid || !fits(op, sigmoid.getInput()))
      return failure();
    Location loc = op.getLoc();
    Value x = sigmoid.getInput();
    Value softplus =
        SoftplusOp::create(rewriter, loc, NegOp::create(rewriter, loc, x));
    return replace(rewriter, op, NegOp::create(rewriter, loc, softplus));
  }
};

/// log(1 - sigmoid(x)) -> -softplus(x).
struct LogOneMinusSigmoid : Rewrite<LogOp> {
  using Rewrite::Rewrite;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    auto sub = op.getInput().getDefiningOp<SubOp>();
    if (!sub || !isSplat(sub.getLhs(), 1))
      return failure();
    auto sigmoid = sub.getRhs().getDefiningOp<SigmoidOp>();
    if (!sigmoid || !fits(op, sigmoid.getInput()))
      return failure();
    Location loc = op.getLoc();
    Value softplus = SoftplusOp::create(rewriter, loc, sigmoid.getInput());
    return replace(rewriter, op, NegOp::create(rewriter, loc, softplus));
  }
};

/// log(1 + exp(x)) -> softplus(x).
struct LogOnePlusExp : Rewrite<LogOp> {
  using Rewrite::Rewrite;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    Value e = addOf(op.getInput(), 1);
    auto exp = e ? e.getDefiningOp<ExpOp>() : ExpOp();
    if (!exp || !fits(op, exp.getInput()))
      return failure();
    return replace(rewriter, op,
                   SoftplusOp::create(rewriter, op.getLoc(), exp.getInput()));
  }
};

/// log1p(exp(x)) -> softplus(x).
struct Log1pExp : Rewrite<Log1pOp> {
  using Rewrite::Rewrite;
  LogicalResult matchAndRewrite(Log1pOp op,
                                PatternRewriter &rewriter) const override {
    auto exp = op.getInput().getDefiningOp<ExpOp>();
    if (!exp || !fits(op, exp.getInput()))
      return failure();
    return replace(rewriter, op,
                   SoftplusOp::create(rewriter, op.getLoc(), exp.getInput()));
  }
};

/// log(sum(exp(x))) -> m + log(sum(exp(x - m))), m = max(x) over the axes.
struct LogSumExp : Rewrite<LogOp> {
  using Rewrite::Rewrite;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    auto sum = op.getInput().getDefiningOp<SumOp>();
    auto exp = sum ? sum.getInput().getDefiningOp<ExpOp>() : ExpOp();
    if (!exp || !fits(op, sum.getResult()) ||
        sum.getType().getElementType() != exp.getType().getElementType())
      return failure();
    Location loc = op.getLoc();
    Value x = exp.getInput();
    ArrayRef<int64_t> axes = sum.getAxes();
    // Already shifted (this rewrite's own result): exp(x - max(x)).
    if (auto shift = x.getDefiningOp<SubOp>())
      if (auto max = shift.getRhs().getDefiningOp<MaxOp>();
          max && max.getInput() == shift.getLhs())
        return failure();
    Value kept = MaxOp::create(rewriter, loc, x, axes, /*keepdims=*/true);
    Value shifted =
        ExpOp::create(rewriter, loc, SubOp::create(rewriter, loc, x, kept));
    Value total =
        SumOp::create(rewriter, loc, shifted, axes, sum.getKeepdims());
    Value m = sum.getKeepdims()
                  ? kept
                  : MaxOp::create(rewriter, loc, x, axes, false).getResult();
    return replace(
        rewriter, op,
        AddOp::create(rewriter, loc, m, LogOp::create(rewriter, loc, total)));
  }
};

struct TjStabilize : public tj::impl::TjStabilizeBase<TjStabilize> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    MLIRContext *context = &getContext();
    Fired fired;
    RewritePatternSet patterns(context);
    patterns.add<RecognizeSigmoid>(context, fired, "sigmoid");
    patterns.add<LogSigmoid>(context, fired, "log_sigmoid");
    patterns.add<LogOneMinusSigmoid>(context, fired, "log_one_minus_sigmoid");
    patterns.add<LogOnePlusExp>(context, fired, "log_one_plus_exp");
    patterns.add<Log1pExp>(context, fired, "log1p_exp");
    patterns.add<LogSumExp>(context, fired, "log_sum_exp");
    if (failed(applyPatternsGreedily(function, std::move(patterns))))
      return signalPassFailure();
    if (fired.empty())
      return;
    // Keep the names of earlier runs (the pipeline runs the pass twice).
    llvm::SetVector<StringRef> names;
    if (auto previous = function->getAttrOfType<ArrayAttr>("tj.rewrites"))
      for (Attribute name : previous)
        names.insert(cast<StringAttr>(name).getValue());
    names.insert(fired.begin(), fired.end());
    SmallVector<Attribute> attrs;
    for (StringRef name : names)
      attrs.push_back(StringAttr::get(context, name));
    function->setAttr("tj.rewrites", ArrayAttr::get(context, attrs));
  }
};

} // namespace
