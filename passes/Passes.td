//===- Passes.td - tensorjit passes ----------------------------*- tablegen -*-===//

#ifndef TENSORJIT_PASSES
#define TENSORJIT_PASSES

include "mlir/Pass/PassBase.td"

def TjLowerToLinalg : Pass<"tj-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower the tj dialect to linalg, tensor, arith and math";
  let description = [{
    Every tj op becomes linalg, tensor, arith or math ops on tensors with the
    same (static or dynamic) shapes. Elementwise ops become one
    `linalg.generic` whose indexing maps broadcast static size-1 dimensions.
    A dynamic dimension that may be 1 at run time while the result's is not
    is broadcast at run time: the operand is read with `tensor.extract` at
    index 0 where its size is 1. `tj.grad` must be expanded by `tj-autodiff`
    first; the pass reports it as an error.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"assumeNoRuntimeBroadcast", "assume-no-runtime-broadcast", "bool",
           /*default=*/"false",
           "Assume a dynamic dimension is never a broadcast size 1 (the JIT "
           "guarantees it by compiling size-1 dimensions as static 1), so "
           "dynamic sizes in one position are equal and need no run-time "
           "broadcasting">
  ];
}

#endif // TENSORJIT_PASSES
