// Two reductions whose zero-filled inits CSE merges, each written into its
// own destination buffer: both results must survive. (MLIR 22's
// eliminate-empty-tensors puts both into one output unless tj-unshare-inits
// has given each reduction its own init first.)
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

func.func @two_sums(%a: tensor<?xf64>, %b: tensor<?xf64>, %out0: memref<f64>, %out1: memref<f64>) {
  %s0 = tj.sum %a axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %s1 = tj.sum %b axes = [0] : (tensor<?xf64>) -> tensor<f64>
  bufferization.materialize_in_destination %s0 in restrict writable %out0 : (tensor<f64>, memref<f64>) -> ()
  bufferization.materialize_in_destination %s1 in restrict writable %out1 : (tensor<f64>, memref<f64>) -> ()
  return
}

func.func @main() {
  %ca = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %cb = arith.constant dense<[10.0, 20.0]> : tensor<2xf64>
  %a = tensor.cast %ca : tensor<3xf64> to tensor<?xf64>
  %b = tensor.cast %cb : tensor<2xf64> to tensor<?xf64>
  %out0 = memref.alloca() : memref<f64>
  %out1 = memref.alloca() : memref<f64>
  call @two_sums(%a, %b, %out0, %out1) : (tensor<?xf64>, tensor<?xf64>, memref<f64>, memref<f64>) -> ()
  %u0 = memref.cast %out0 : memref<f64> to memref<*xf64>
  %u1 = memref.cast %out1 : memref<f64> to memref<*xf64>
  call @printMemrefF64(%u0) : (memref<*xf64>) -> ()
  // CHECK: rank = 0
  // CHECK-NEXT: [6]
  call @printMemrefF64(%u1) : (memref<*xf64>) -> ()
  // CHECK: rank = 0
  // CHECK-NEXT: [30]
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
