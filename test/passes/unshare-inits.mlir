// tj-unshare-inits: a fill (or generalized fill) and the empty tensor it
// fills get one copy per use, so that eliminate-empty-tensors can give
// each consumer its own output buffer.
//
// RUN: %memcheck tensorjit-opt %s --tj-unshare-inits | FileCheck %s

#id = affine_map<(d0) -> (d0)>
#red = affine_map<(d0) -> ()>
#scalar = affine_map<() -> ()>

// CHECK-LABEL: func.func @generalizedFill
// CHECK:         %[[E1:.*]] = tensor.empty() : tensor<f64>
// CHECK:         %[[E2:.*]] = tensor.empty() : tensor<f64>
// CHECK:         %[[F2:.*]] = linalg.generic {{.*}} outs(%[[E2]] : tensor<f64>)
// CHECK:         %[[F1:.*]] = linalg.generic {{.*}} outs(%[[E1]] : tensor<f64>)
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}) outs(%[[F2]] : tensor<f64>)
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}) outs(%[[F1]] : tensor<f64>)
func.func @generalizedFill(%a: tensor<?xf64>, %b: tensor<?xf64>) -> (tensor<f64>, tensor<f64>) {
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %f = linalg.generic {indexing_maps = [#scalar], iterator_types = []} outs(%e : tensor<f64>) {
  ^bb0(%out: f64):
    linalg.yield %zero : f64
  } -> tensor<f64>
  %s0 = linalg.generic {indexing_maps = [#id, #red], iterator_types = ["reduction"]} ins(%a : tensor<?xf64>) outs(%f : tensor<f64>) {
  ^bb0(%in: f64, %out: f64):
    %r = arith.addf %in, %out : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %s1 = linalg.generic {indexing_maps = [#id, #red], iterator_types = ["reduction"]} ins(%b : tensor<?xf64>) outs(%f : tensor<f64>) {
  ^bb0(%in: f64, %out: f64):
    %r = arith.addf %in, %out : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  return %s0, %s1 : tensor<f64>, tensor<f64>
}

// CHECK-LABEL: func.func @fillAndEmpty
// CHECK-COUNT-3: tensor.empty(%{{.*}}) : tensor<?xf64>
// CHECK-COUNT-2: linalg.fill
// CHECK-NOT:     tensor.empty
func.func @fillAndEmpty(%n: index) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %one = arith.constant 1.0 : f64
  %e = tensor.empty(%n) : tensor<?xf64>
  %f = linalg.fill ins(%one : f64) outs(%e : tensor<?xf64>) -> tensor<?xf64>
  return %f, %f, %e : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
