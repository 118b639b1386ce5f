//===- LinalgToBlas.cpp - Contractions on buffers -> BLAS calls -----------===//
//
// linalg.matmul, linalg.matvec, linalg.vecmat and linalg.dot on f32/f64
// buffers become calls of the runtime's `tj_rt_blas_<op>_<type>` (C
// interface), which compute C = A B + beta C through an optimized BLAS.
// beta is 1 (accumulate, as the linalg ops do) unless the output was just
// filled with zeros: then the fill goes and beta is 0, so the BLAS neither
// reads the output nor has it written twice. Operands are passed with fully
// dynamic strided layouts; the runtime reads the strides, so a transposed
// view needs no copy.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJLINALGTOBLAS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// `type` with dynamic sizes and a fully dynamic strided layout (what the
/// runtime takes, one declaration per function).
MemRefType stridedType(MemRefType type) {
  SmallVector<int64_t> dynamic(type.getRank(), ShapedType::kDynamic);
  return MemRefType::get(
      dynamic, type.getElementType(),
      StridedLayoutAttr::get(type.getContext(), ShapedType::kDynamic, dynamic));
}

/// The runtime's name for a contraction, or "" if it is not one it takes.
std::string runtimeName(linalg::LinalgOp op) {
  const char *what = isa<linalg::MatmulOp>(op)   ? "gemm"
                     : isa<linalg::MatvecOp>(op) ? "gemv"
                     : isa<linalg::VecmatOp>(op) ? "gevm"
                     : isa<linalg::DotOp>(op)    ? "dot"
                                                 : nullptr;
  if (!what || !op.hasPureBufferSemantics())
    return "";
  Type element = getElementTypeOrSelf(op->getOperand(0).getType());
  for (Value operand : op->getOperands())
    if (getElementTypeOrSelf(operand.getType()) != element)
      return "";
  if (!element.isF32() && !element.isF64())
    return "";
  // Named ops only: a generic body or a cast in the op is not a plain
  // contraction.
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
    if (matmul.hasUserDefinedMaps())
      return "";
  return std::string("tj_rt_blas_") + what +
         (element.isF32() ? "_f32" : "_f64");
}

/// The fill of zeros that `op`'s output buffer holds when `op` starts: a
/// linalg.fill of 0 into that buffer earlier in the block, with only ops
/// without memory effects in between. Null if there is none.
linalg::FillOp zeroFillOf(linalg::LinalgOp op) {
  Value output = op.getDpsInitOperand(0)->get();
  for (Operation *before = op->getPrevNode(); before;
       before = before->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(before)) {
      if (fill.hasPureBufferSemantics() && fill.getOutputs()[0] == output &&
          matchPattern(fill.value(), m_AnyZeroFloat()))
        return fill;
    }
    if (!isMemoryEffectFree(before))
      return nullptr;
  }
  return nullptr;
}

struct TjLinalgToBlas : tj::impl::TjLinalgToBlasBase<TjLinalgToBlas> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<linalg::LinalgOp, std::string>> calls;
    module.walk([&](linalg::LinalgOp op) {
      std::string name = runtimeName(op);
      if (!name.empty())
        calls.push_back({op, name});
    });
    OpBuilder builder(module.getContext());
    for (auto &[op, name] : calls) {
      builder.setInsertionPoint(op);
      Location loc = op.getLoc();
      SmallVector<Value> args;
      for (Value operand : op->getOperands()) {
        MemRefType type = stridedType(cast<MemRefType>(operand.getType()));
        args.push_back(
            operand.getType() == type
                ? operand
                : memref::CastOp::create(builder, loc, type, operand));
      }
      linalg::FillOp fill = zeroFillOf(op);
      args.push_back(arith::ConstantOp::create(
          builder, loc, builder.getF64FloatAttr(fill ? 0.0 : 1.0)));
      if (fill)
        fill->erase();
      if (!module.lookupSymbol(name)) {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(module.getBody());
        auto declaration = func::FuncOp::create(
            builder, loc, name,
            builder.getFunctionType(ValueRange(args).getTypes(), {}));
        declaration.setPrivate();
        declaration->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
      }
      func::CallOp::create(builder, loc, name, TypeRange{}, args);
      op->erase();
    }
  }
};

} // namespace
