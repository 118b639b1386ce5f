// Gradients through broadcasting, with the size-1 dimensions static as the
// JIT emits them (lib/emit/Emit.cpp): `unbroadcast` sums each cotangent
// over the dimensions its operand lacks or has as a static 1. tj-autodiff
// requires this typing: a dynamic dimension that is 1 at run time while the
// result's is not is not summed (see passes/Passes.td, docs/architecture.md).
//
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

// sum(a + b) with a (3, 1) and b (1, 2): each element of a is used twice,
// each element of b three times.
func.func @grad_broadcast_add(%a: tensor<?x1xf64>, %b: tensor<1x?xf64>) -> (tensor<?x1xf64>, tensor<1x?xf64>) {
  %s = tj.add %a, %b : (tensor<?x1xf64>, tensor<1x?xf64>) -> tensor<?x?xf64>
  %c = tj.sum %s axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %ga = tj.grad %c, %a : (tensor<f64>, tensor<?x1xf64>) -> tensor<?x1xf64>
  %gb = tj.grad %c, %b : (tensor<f64>, tensor<1x?xf64>) -> tensor<1x?xf64>
  return %ga, %gb : tensor<?x1xf64>, tensor<1x?xf64>
}

func.func @print2(%t: tensor<?x?xf64>) {
  %m = bufferization.to_buffer %t : tensor<?x?xf64> to memref<?x?xf64>
  %u = memref.cast %m : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func @main() {
  %colc = arith.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf64>
  %rowc = arith.constant dense<[[10.0, 20.0]]> : tensor<1x2xf64>
  %col = tensor.cast %colc : tensor<3x1xf64> to tensor<?x1xf64>
  %row = tensor.cast %rowc : tensor<1x2xf64> to tensor<1x?xf64>
  %ga, %gb = call @grad_broadcast_add(%col, %row) : (tensor<?x1xf64>, tensor<1x?xf64>) -> (tensor<?x1xf64>, tensor<1x?xf64>)
  %ga2 = tensor.cast %ga : tensor<?x1xf64> to tensor<?x?xf64>
  %gb2 = tensor.cast %gb : tensor<1x?xf64> to tensor<?x?xf64>
  call @print2(%ga2) : (tensor<?x?xf64>) -> ()
  call @print2(%gb2) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [3, 1] strides = [1, 1] data =
  // CHECK-NEXT: {{\[}}[2],
  // CHECK-NEXT:  [2],
  // CHECK-NEXT:  [2]]
  // CHECK: sizes = [1, 2] strides = [2, 1] data =
  // CHECK-NEXT: {{\[}}[3, 3]]
  // CHECK-NOT: data =
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
