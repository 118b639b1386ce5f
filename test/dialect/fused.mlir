// Round trip of tj.fused, custom and generic forms.
//
// RUN: tensorjit-opt %s | tensorjit-opt | FileCheck %s
// RUN: tensorjit-opt %s --mlir-print-op-generic | tensorjit-opt | FileCheck %s

// CHECK-LABEL: func.func @twoResults
// CHECK:         %{{.*}}:2 = tj.fused(%{{.*}}, %{{.*}}) : (tensor<?xf32>, tensor<f32>) -> (tensor<?xf32>, tensor<?xi1>) {
// CHECK:         ^bb0(%[[A:.*]]: tensor<?xf32>, %[[B:.*]]: tensor<f32>):
// CHECK:           %[[M:.*]] = tj.mul %[[A]], %[[B]]
// CHECK:           %[[L:.*]] = tj.lt %[[M]], %[[B]]
// CHECK:           tj.yield %[[M]], %[[L]] : tensor<?xf32>, tensor<?xi1>
func.func @twoResults(%x: tensor<?xf32>, %s: tensor<f32>) -> (tensor<?xf32>, tensor<?xi1>) {
  %r:2 = tj.fused(%x, %s) : (tensor<?xf32>, tensor<f32>) -> (tensor<?xf32>, tensor<?xi1>) {
  ^bb0(%a: tensor<?xf32>, %b: tensor<f32>):
    %m = tj.mul %a, %b : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
    %l = tj.lt %m, %b : (tensor<?xf32>, tensor<f32>) -> tensor<?xi1>
    tj.yield %m, %l : tensor<?xf32>, tensor<?xi1>
  }
  return %r#0, %r#1 : tensor<?xf32>, tensor<?xi1>
}
