//===- BufferAccess.cpp - Which buffers an op may touch -------------------===//

#include "passes/BufferAccess.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

Value tj::rootOf(Value value) {
  while (true) {
    if (auto view = value.getDefiningOp<ViewLikeOpInterface>())
      value = view.getViewSource();
    else if (auto transpose = value.getDefiningOp<memref::TransposeOp>())
      value = transpose.getIn();
    else
      return value;
  }
}

bool tj::mayAlias(Value a, Value b) {
  Value rootA = rootOf(a), rootB = rootOf(b);
  if (rootA == rootB)
    return true;
  auto known = [](Value root) {
    if (auto argument = dyn_cast<BlockArgument>(root))
      return isa<func::FuncOp>(argument.getOwner()->getParentOp());
    return isa_and_present<memref::AllocOp, memref::AllocaOp>(
        root.getDefiningOp());
  };
  return !known(rootA) || !known(rootB);
}

bool tj::sameElement(memref::LoadOp load, memref::StoreOp store) {
  return load.getMemRef() == store.getMemRef() &&
         load.getIndices() == store.getIndices();
}

bool tj::mayAliasAny(ArrayRef<Value> values, Value value) {
  return llvm::any_of(values, [&](Value v) { return mayAlias(v, value); });
}

bool tj::mayAccess(Operation *op, ArrayRef<Value> buffers, bool writesOnly) {
  if (isMemoryEffectFree(op))
    return false;
  // The calls tj-linalg-to-blas makes read their operands and write the
  // last buffer (C) only.
  if (auto call = dyn_cast<func::CallOp>(op);
      call && (call.getCallee().starts_with("tj_rt_blas_") ||
               call.getCallee().starts_with("tj_rt_cublas_")))
    return llvm::any_of(call.getOperands().take_front(3), [&](Value operand) {
      return (!writesOnly || operand == call.getOperand(2)) &&
             mayAliasAny(buffers, operand);
    });
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects) {
    // An op with regions and no effects of its own (scf.if) touches what
    // the ops in them touch. (A linalg op, with effects of its own on its
    // operands, is taken by those.)
    if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return true;
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (Operation &nested : block)
          if (mayAccess(&nested, buffers, writesOnly))
            return true;
    return false;
  }
  SmallVector<MemoryEffects::EffectInstance> instances;
  effects.getEffects(instances);
  for (const MemoryEffects::EffectInstance &effect : instances) {
    if (isa<MemoryEffects::Allocate>(effect.getEffect()) ||
        (writesOnly && isa<MemoryEffects::Read>(effect.getEffect())))
      continue;
    Value accessed = effect.getValue();
    if (!accessed || !isa<BaseMemRefType>(accessed.getType()) ||
        mayAliasAny(buffers, accessed))
      return true;
  }
  return false;
}
