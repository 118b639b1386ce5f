//===- Autodiff.cpp - tj-autodiff: reverse-mode differentiation -----------===//

#include "dialects/tj/TjDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJAUTODIFF
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;
using namespace mlir::tj;

namespace {

bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Builds the backward sweep of `cost` before `insertionPoint` and returns
/// the adjoint of every value the cost depends on through float values.
llvm::DenseMap<Value, Value> backwardSweep(Value cost,
                                           Operation *insertionPoint) {
  OpBuilder builder(insertionPoint);
  Location loc = insertionPoint->getLoc();
  llvm::DenseMap<Value, Value> adjoint;
  auto accumulate = [&](Value value, Value cotangent) {
    auto [it, inserted] = adjoint.try_emplace(value, cotangent);
    if (!inserted)
      it->second = AddOp::create(builder, loc, it->second, cotangent);
  };

  auto costType = cast<RankedTensorType>(cost.getType());
  adjoint[cost] = ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(
          costType, builder.getFloatAttr(costType.getElementType(), 1.0)));

  // Every op the cost depends on precedes the first grad of it, in the same
  // block; walk them backwards.
  for (Operation *op = insertionPoint->getPrevNode(); op;
       op = op->getPrevNode()) {
    if (op->getNumResults() != 1)
      continue;
    auto it = adjoint.find(op->getResult(0));
    if (it == adjoint.end())
      continue;
    Value g = it->second;
    if (auto cast = dyn_cast<tensor::CastOp>(op)) {
      // A static/dynamic shape cast: the gradient flows through unchanged.
      if (isFloatTensor(cast.getSource()))
        accumulate(cast.getSource(),
                   tensor::CastOp::create(builder, loc,
                                          cast.getSource().getType(), g));
      continue;
    }
    auto vjp = dyn_cast<VJPOpInterface>(op);
    if (!vjp)
      continue; // tensor.dim, arith and other ops of sizes carry none.
    SmallVector<Value> cotangents;
    vjp.buildVJP(builder, g, cotangents);
    for (auto [operand, cotangent] : llvm::zip(op->getOperands(), cotangents))
      if (cotangent && isFloatTensor(operand))
        accumulate(operand, unbroadcast(builder, loc, cotangent, operand));
  }
  return adjoint;
}

struct TjAutodiff : public tj::impl::TjAutodiffBase<TjAutodiff> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    // In program order, so that inner grads are expanded before a grad of a
    // gradient differentiates them.
    while (true) {
      GradOp first;
      function.walk([&](GradOp grad) {
        if (!first)
          first = grad;
      });
      if (!first)
        return;
      Value cost = first.getCost();
      SmallVector<GradOp> group;
      for (Operation *op = first; op; op = op->getNextNode())
        if (auto grad = dyn_cast<GradOp>(op); grad && grad.getCost() == cost)
          group.push_back(grad);

      llvm::DenseMap<Value, Value> adjoint = backwardSweep(cost, first);
      for (GradOp grad : group) {
        // No adjoint: the cost reaches `wrt` only through ops without a
        // gradient (floor, a comparison, argmax, a cast to an integer), or
        // not at all once canonicalized (a select of a constant condition).
        // Zero almost everywhere, as Theano, JAX and PyTorch give; T::grad
        // refuses a `wrt` that is not among the cost's ancestors.
        OpBuilder builder(grad);
        auto it = adjoint.find(grad.getWrt());
        Value result = it != adjoint.end()
                           ? it->second
                           : zerosLike(builder, grad.getLoc(), grad.getWrt());
        if (result.getType() != grad.getType())
          result = tensor::CastOp::create(builder, grad.getLoc(),
                                          grad.getType(), result);
        grad.replaceAllUsesWith(result);
        grad.erase();
      }
    }
  }
};

} // namespace
