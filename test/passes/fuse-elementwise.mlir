// tj-fuse-elementwise: maximal groups of elementwise ops with results of
// one shape become one tj.fused op each; values used outside a group become
// its results; groups stay convex.
//
// RUN: %memcheck tensorjit-opt %s --tj-fuse-elementwise | FileCheck %s

// The seed's logistic function: four ops, one kernel; the broadcast scalar
// constant is an input.
// CHECK-LABEL: func.func @logistic
// CHECK:         %[[ONE:.*]] = tj.constant
// CHECK:         %[[S:.*]] = tj.fused(%{{.*}}, %[[ONE]]) : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64> {
// CHECK:           tj.neg
// CHECK-NEXT:      tj.exp
// CHECK-NEXT:      tj.add
// CHECK-NEXT:      %[[R:.*]] = tj.div
// CHECK-NEXT:      tj.yield %[[R]] : tensor<?x?xf64>
// CHECK:         return %[[S]]
// CHECK-NOT:     tj.fused
func.func @logistic(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %n = tj.neg %x : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %e = tj.exp %n : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %d = tj.add %one, %e : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %s = tj.div %one, %d : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// The seed's diff, abs_diff and diff_squared: three outputs of one kernel.
// CHECK-LABEL: func.func @seedOutputs
// CHECK:         %[[F:.*]]:3 = tj.fused(%{{.*}}, %{{.*}}) : (tensor<?x?xf64>, tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>)
// CHECK:           %[[D:.*]] = tj.sub
// CHECK:           %[[A:.*]] = tj.abs %[[D]]
// CHECK:           %[[Q:.*]] = tj.sqr %[[D]]
// CHECK:           tj.yield %[[D]], %[[A]], %[[Q]]
// CHECK:         return %[[F]]#0, %[[F]]#1, %[[F]]#2
func.func @seedOutputs(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %diff = tj.sub %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %abs = tj.abs %diff : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %sq = tj.sqr %diff : (tensor<?x?xf64>) -> tensor<?x?xf64>
  return %diff, %abs, %sq : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}

// A shared variable's update and a user output from one kernel: the
// intermediate that both read is computed once, and each destination gets
// its own result.
// CHECK-LABEL: func.func @updateBoundary
// CHECK:         %[[F:.*]]:2 = tj.fused
// CHECK:           %[[G:.*]] = tj.mul
// CHECK:           %[[W:.*]] = tj.sub %{{.*}}, %[[G]]
// CHECK:           tj.yield %[[G]], %[[W]]
// CHECK:         bufferization.materialize_in_destination %[[F]]#0 in restrict writable %{{.*}}
// CHECK:         bufferization.materialize_in_destination %[[F]]#1 in restrict writable %{{.*}}
func.func @updateBoundary(%w: tensor<?xf64>, %g: tensor<?xf64>, %lr: tensor<f64>, %out: memref<?xf64>, %wNext: memref<?xf64>) {
  %step = tj.mul %lr, %g : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %w1 = tj.sub %w, %step : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  bufferization.materialize_in_destination %step in restrict writable %out : (tensor<?xf64>, memref<?xf64>) -> ()
  bufferization.materialize_in_destination %w1 in restrict writable %wNext : (tensor<?xf64>, memref<?xf64>) -> ()
  return
}

// exp(x) feeds a reduction whose result the division needs: the division
// cannot join exp's group (the fused op would depend on itself), so exp
// stays alone and the division joins tanh's group.
// CHECK-LABEL: func.func @convex
// CHECK:         %[[E:.*]] = tj.exp
// CHECK:         %[[S:.*]] = tj.sum %[[E]]
// CHECK:         tj.fused(%{{.*}}, %[[E]], %[[S]])
// CHECK:           tj.tanh
// CHECK:           tj.div
// CHECK:           tj.add
func.func @convex(%x: tensor<?xf64>) -> tensor<?xf64> {
  %e = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  %s = tj.sum %e axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %t = tj.tanh %x : (tensor<?xf64>) -> tensor<?xf64>
  %d = tj.div %e, %s : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  %r = tj.add %d, %t : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// Two groups that each read the other's size: the first is fused, the
// second would then depend on itself and stays as it is.
// CHECK-LABEL: func.func @mutual
// CHECK-COUNT-1: tj.fused
// CHECK-NOT:     tj.fused
// CHECK:         return
func.func @mutual(%x: tensor<?xf64>, %one: tensor<1xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %sin = tj.sin %x : (tensor<?xf64>) -> tensor<?xf64>
  %n1 = tensor.dim %sin, %c0 : tensor<?xf64>
  %b1 = tj.broadcast_to %one[%n1] : tensor<1xf64> -> tensor<?xf64>
  %cos = tj.cos %x : (tensor<?xf64>) -> tensor<?xf64>
  %m1 = tj.mul %b1, %cos : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %n2 = tensor.dim %cos, %c0 : tensor<?xf64>
  %b2 = tj.broadcast_to %one[%n2] : tensor<1xf64> -> tensor<?xf64>
  %m2 = tj.mul %b2, %sin : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %r = tj.neg %m2 : (tensor<?xf64>) -> tensor<?xf64>
  return %m1, %r : tensor<?xf64>, tensor<?xf64>
}

// Results of another shape stay outside: a row vector broadcast into a
// matrix chain is an input, and a lone op is left as it is.
// CHECK-LABEL: func.func @shapes
// CHECK:         %[[V:.*]] = tj.exp %{{.*}} : (tensor<?xf64>) -> tensor<?xf64>
// CHECK:         tj.fused(%{{.*}}, %[[V]]) : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?x?xf64>
func.func @shapes(%m: tensor<?x?xf64>, %v: tensor<?xf64>) -> tensor<?x?xf64> {
  %e = tj.exp %v : (tensor<?xf64>) -> tensor<?xf64>
  %a = tj.add %m, %e : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  %t = tj.tanh %a : (tensor<?x?xf64>) -> tensor<?x?xf64>
  return %t : tensor<?x?xf64>
}
