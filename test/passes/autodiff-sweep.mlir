// tj-autodiff's backward sweep (passes/Autodiff.cpp): one sweep per cost,
// shared by every tj.grad of that cost and built where the first of them
// is; cotangents of a value with several uses are added before its defining
// op's rule reads them; grads are expanded in program order, so a grad of a
// gradient differentiates the expanded inner sweep; tensor.cast passes the
// gradient through.
//
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-autodiff | FileCheck %s
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-autodiff | FileCheck %s --check-prefix=NOGRAD
//
// No tj.grad survives anywhere in the output.
// NOGRAD-NOT: tj.grad

// Two grads of one cost share one sweep: one seed, one broadcast of it, the
// two cotangents of the mul. The sweep is built at the first grad, so the
// tj.exp that used the first gradient (between the two grads) comes after
// the whole sweep, and nothing is built at the second grad.
// CHECK-LABEL: func.func @one_sweep_for_two_grads(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[GX:.*]] = tj.mul %[[G]], %[[Z]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GZ:.*]] = tj.mul %[[G]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[E:.*]] = tj.exp %[[GX]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.constant
// CHECK-NOT:     tj.broadcast_to
// CHECK-NOT:     tj.grad
// CHECK:         return %[[E]], %[[GZ]] : tensor<?xf64>, tensor<?xf64>
func.func @one_sweep_for_two_grads(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.mul %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %e = tj.exp %gx : (tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %e, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// The same, counted: three grads of one cost, exactly one seed.
// CHECK-LABEL: func.func @one_seed_for_three_grads(
// CHECK-COUNT-1: tj.constant dense<1.000000e+00>
// CHECK-NOT:     tj.constant dense<1.000000e+00>
// CHECK:         return
func.func @one_seed_for_three_grads(%x: tensor<?xf64>, %z: tensor<?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %y = tj.mul %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %t = tj.add %y, %w : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %t axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gw = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz, %gw : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Grads of two different costs get a sweep each: two seeds, each broadcast
// to the size of its own summed value.
// CHECK-LABEL: func.func @two_costs_two_sweeps(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[SQ:.*]] = tj.sqr %[[X]]
// CHECK:         %[[E:.*]] = tj.exp %[[X]]
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[N1:.*]] = tensor.dim %[[SQ]]
// CHECK:         %[[G1:.*]] = tj.broadcast_to %{{.*}}[%[[N1]]]
// CHECK:         %[[R1:.*]] = tj.mul %[[G1]], %{{.*}} : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[N2:.*]] = tensor.dim %[[E]]
// CHECK:         %[[G2:.*]] = tj.broadcast_to %{{.*}}[%[[N2]]]
// CHECK:         %[[R2:.*]] = tj.mul %[[G2]], %[[E]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R1]], %[[R2]] : tensor<?xf64>, tensor<?xf64>
func.func @two_costs_two_sweeps(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.sqr %x : (tensor<?xf64>) -> tensor<?xf64>
  %c1 = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %e = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  %c2 = tj.sum %e axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g1 = tj.grad %c1, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %g2 = tj.grad %c2, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g1, %g2 : tensor<?xf64>, tensor<?xf64>
}

// -----

// x * x written as one tj.mul with x twice: each operand's cotangent g * x,
// added.
// CHECK-LABEL: func.func @two_uses_accumulate(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[A:.*]] = tj.mul %[[G]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[B:.*]] = tj.mul %[[G]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[S:.*]] = tj.add %[[A]], %[[B]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[S]] : tensor<?xf64>
func.func @two_uses_accumulate(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.mul %x, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// Uses by different ops: sum(exp(x) + x). The add's cotangent g reaches x
// directly first; the exp rule's g * exp(x) is added to it.
// CHECK-LABEL: func.func @uses_by_two_ops_accumulate(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[E:.*]] = tj.exp %[[X]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[M:.*]] = tj.mul %[[G]], %[[E]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[S:.*]] = tj.add %[[G]], %[[M]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[S]] : tensor<?xf64>
func.func @uses_by_two_ops_accumulate(%x: tensor<?xf64>) -> tensor<?xf64> {
  %e = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  %y = tj.add %e, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// An intermediate with two uses (h + h, h = exp(x)): its cotangents are
// added before the exp rule runs, which multiplies the sum, not a part.
// CHECK-LABEL: func.func @accumulated_before_rule(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[H:.*]] = tj.exp %[[X]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[A:.*]] = tj.add %[[G]], %[[G]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[A]], %[[H]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @accumulated_before_rule(%x: tensor<?xf64>) -> tensor<?xf64> {
  %h = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  %y = tj.add %h, %h : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// Grad of a gradient: cost = sum(x * x * x), g = grad(cost, x) = 3x^2 (as
// an add of the three cotangents), cost2 = sum(g), gg = grad(cost2, x). The
// inner grad is expanded first (its seed, its adds), then the outer sweep
// (a second seed, broadcast to g's size) differentiates those ops. No
// tj.grad is left and the function returns a value of the outer sweep.
// CHECK-LABEL: func.func @grad_of_grad(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[X2:.*]] = tj.mul %[[X]], %[[X]]
// CHECK:         %[[X3:.*]] = tj.mul %[[X2]], %[[X]]
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[N1:.*]] = tensor.dim %[[X3]]
// CHECK:         %[[G1:.*]] = tj.broadcast_to %{{.*}}[%[[N1]]]
// CHECK:         tj.add
// CHECK:         %[[G:.*]] = tj.add
// CHECK:         tj.sum %[[G]] axes = [0] : (tensor<?xf64>) -> tensor<f64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[N2:.*]] = tensor.dim %[[G]]
// CHECK:         %[[G2:.*]] = tj.broadcast_to %{{.*}}[%[[N2]]]
// The outer sweep goes through the inner sweep's ops: the inner rule
// g1 * x2 (x2 = x * x) gives x2 the cotangent g2 * g1; last, through the
// forward x2 = x * x, x gets (g2 * g1) * x twice, added to what it had.
// CHECK:         %[[D:.*]] = tj.mul %[[G2]], %[[G1]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[A:.*]] = tj.mul %[[D]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[B:.*]] = tj.mul %[[D]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[S:.*]] = tj.add %{{.*}}, %[[A]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GG:.*]] = tj.add %[[S]], %[[B]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GG]] : tensor<?xf64>
func.func @grad_of_grad(%x: tensor<?xf64>) -> tensor<?xf64> {
  %x2 = tj.mul %x, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %x3 = tj.mul %x2, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %x3 axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %c2 = tj.sum %g axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gg = tj.grad %c2, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gg : tensor<?xf64>
}

// -----

// A grad w.r.t. an intermediate value h = x * x of cost = sum(exp(h)) is
// h's adjoint g * exp(h); x's contributions (g * x, twice) are built by
// the sweep but are not what the grad returns.
// CHECK-LABEL: func.func @wrt_intermediate(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[H:.*]] = tj.mul %[[X]], %[[X]]
// CHECK:         %[[E:.*]] = tj.exp %[[H]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[GH:.*]] = tj.mul %[[G]], %[[E]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GH]] : tensor<?xf64>
func.func @wrt_intermediate(%x: tensor<?xf64>) -> tensor<?xf64> {
  %h = tj.mul %x, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %e = tj.exp %h : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %e axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %h : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// The gradient of a cost w.r.t. itself is the seed, which takes the cost's
// type (f32 here); its gradient w.r.t. x shares that seed.
// CHECK-LABEL: func.func @wrt_cost_f32(
// CHECK-SAME:      %[[X:.*]]: tensor<f32>)
// CHECK:         %[[Y:.*]] = tj.exp %[[X]] : (tensor<f32>) -> tensor<f32>
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[GX:.*]] = tj.mul %[[ONE]], %[[Y]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[ONE]], %[[GX]] : tensor<f32>, tensor<f32>
func.func @wrt_cost_f32(%x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %y = tj.exp %x : (tensor<f32>) -> tensor<f32>
  %g = tj.grad %y, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %gx = tj.grad %y, %x : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %g, %gx : tensor<f32>, tensor<f32>
}

// -----

// tensor.cast in the forward graph: the gradient flows through it, cast
// back to the source's static type; a grad w.r.t. the cast's result is the
// dynamic cotangent itself.
// CHECK-LABEL: func.func @through_tensor_cast(
// CHECK-SAME:      %[[X:.*]]: tensor<3xf64>)
// CHECK:         %[[XD:.*]] = tensor.cast %[[X]] : tensor<3xf64> to tensor<?xf64>
// CHECK:         %[[E:.*]] = tj.exp %[[XD]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[GD:.*]] = tj.mul %[[G]], %[[E]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GX:.*]] = tensor.cast %[[GD]] : tensor<?xf64> to tensor<3xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]], %[[GD]] : tensor<3xf64>, tensor<?xf64>
func.func @through_tensor_cast(%x: tensor<3xf64>) -> (tensor<3xf64>, tensor<?xf64>) {
  %xd = tensor.cast %x : tensor<3xf64> to tensor<?xf64>
  %y = tj.exp %xd : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<3xf64>) -> tensor<3xf64>
  %gd = tj.grad %c, %xd : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g, %gd : tensor<3xf64>, tensor<?xf64>
}

// -----

// Sizes computed from forward values (tensor.dim, arith) carry no gradient
// and do not stop the sweep: reshape (2, ?) -> (?) with n = 2 * dim(x, 1).
// CHECK-LABEL: func.func @through_size_arith(
// CHECK-SAME:      %[[X:.*]]: tensor<2x?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.reshape %[[G]][%{{.*}}] : tensor<?xf64> -> tensor<2x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<2x?xf64>
func.func @through_size_arith(%x: tensor<2x?xf64>) -> tensor<2x?xf64> {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %m = tensor.dim %x, %c1 : tensor<2x?xf64>
  %n = arith.muli %m, %c2 : index
  %r = tj.reshape %x[%n] : tensor<2x?xf64> -> tensor<?xf64>
  %c = tj.sum %r axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<2x?xf64>) -> tensor<2x?xf64>
  return %g : tensor<2x?xf64>
}
