// A reshape size known as a constant becomes a static size of the
// expanded type: MLIR 22's expand-strided-metadata crashes on a dynamic
// memref.expand_shape size given by a constant.
// RUN: tensorjit-opt %s -tj-lower-to-linalg | FileCheck %s
// RUN: tensorjit-opt %s --tj-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: func.func @halves
// CHECK: %[[EXPANDED:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [2, %{{.*}}] : tensor<?xf64> into tensor<2x?xf64>
// CHECK: tensor.cast %[[EXPANDED]] : tensor<2x?xf64> to tensor<?x?xf64>
// LLVM: llvm.func @halves
func.func @halves(%v: tensor<?xf64>, %out: memref<?x?xf64>) {
  %c2 = arith.constant 2 : index
  %c0 = arith.constant 0 : index
  %n = tensor.dim %v, %c0 : tensor<?xf64>
  %d = arith.divui %n, %c2 : index
  %r = tj.reshape %v[%c2, %d] : tensor<?xf64> -> tensor<?x?xf64>
  bufferization.materialize_in_destination %r in restrict writable %out : (tensor<?x?xf64>, memref<?x?xf64>) -> ()
  return
}
