// tj-autodiff: where the sweep gives `wrt` no adjoint, its gradient is
// zeros shaped like `wrt` at run time: the cost reaches it only through ops
// without a gradient (floor, ceil, round, comparisons, argmax, a cast to an
// integer type; their derivative almost everywhere, as Theano, JAX and
// PyTorch give), or not at all after canonicalization (a select of a
// constant condition drops a branch). T::grad, not the pass, refuses a
// `wrt` that is not among the cost's ancestors (errors_test, grad_test).
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-autodiff | FileCheck %s

// floor is piecewise constant: zero gradient.
// CHECK-LABEL: func.func @only_through_floor(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @only_through_floor(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.floor %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// ceil: zero gradient.
// CHECK-LABEL: func.func @only_through_ceil(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @only_through_ceil(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.ceil %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// round: zero gradient, even behind differentiable ops (exp of the rounded
// value).
// CHECK-LABEL: func.func @only_through_round(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @only_through_round(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.round %x : (tensor<?xf64>) -> tensor<?xf64>
  %e = tj.exp %y : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %e axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A comparison decides which value is selected, but neither depends on x.
// CHECK-LABEL: func.func @only_through_comparison(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK-COUNT-2: tj.select
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @only_through_comparison(%x: tensor<?xf64>, %a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %zero = tj.constant dense<0.0> : tensor<f64>
  %p = tj.gt %x, %zero : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
  %s = tj.select %p, %a, %b : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %s axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A comparison turned back into numbers: (x > 0) as f64.
// CHECK-LABEL: func.func @comparison_cast_to_float(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @comparison_cast_to_float(%x: tensor<?xf64>) -> tensor<?xf64> {
  %zero = tj.constant dense<0.0> : tensor<f64>
  %p = tj.gt %x, %zero : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
  %f = tj.cast %p : tensor<?xi1> -> tensor<?xf64>
  %c = tj.sum %f axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// argmax gives integer indices: zero gradient.
// CHECK-LABEL: func.func @only_through_argmax(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    arith.constant 1 : index
// CHECK-NEXT:    %[[N1:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]], %[[N1]]] : tensor<f64> -> tensor<?x?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @only_through_argmax(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %i = tj.argmax %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xi64>
  %f = tj.cast %i : tensor<?xi64> -> tensor<?xf64>
  %c = tj.sum %f axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// A round trip through an integer type cuts the gradient.
// CHECK-LABEL: func.func @through_integer_cast(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf64>
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[X]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @through_integer_cast(%x: tensor<?xf64>) -> tensor<?xf64> {
  %i = tj.cast %x : tensor<?xf64> -> tensor<?xi32>
  %f = tj.cast %i : tensor<?xi32> -> tensor<?xf64>
  %c = tj.sum %f axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A scalar `wrt`: the zero constant itself.
// CHECK-LABEL: func.func @scalar_through_floor(
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    return %[[ZERO]] : tensor<f64>
func.func @scalar_through_floor(%s: tensor<f64>) -> tensor<f64> {
  %y = tj.floor %s : (tensor<f64>) -> tensor<f64>
  %g = tj.grad %y, %s : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}

// -----

// The cost does not use `wrt` (as after a select of a constant condition).
// CHECK-LABEL: func.func @independent(
// CHECK-SAME:      %{{[^:]*}}: tensor<?xf64>, %[[W:[^:]*]]: tensor<?xf64>)
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[W]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @independent(%x: tensor<?xf64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// `wrt` computed after the cost: its shape is read where the grad is.
// CHECK-LABEL: func.func @wrt_defined_after_cost(
// CHECK:         %[[E:.*]] = tj.exp
// CHECK:         %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[E]]
// CHECK-NEXT:    %[[G:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[G]]
func.func @wrt_defined_after_cost(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %e = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  %g = tj.grad %c, %e : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// Of two grads of one cost, one gets the sweep's adjoint (the seed
// broadcast), the other zeros.
// CHECK-LABEL: func.func @second_grad_independent(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf64>, %[[W:[^:]*]]: tensor<?xf64>)
// CHECK:         %[[GX:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK-NEXT:    %[[ZERO:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    %[[N0:.*]] = tensor.dim %[[W]]
// CHECK-NEXT:    %[[GW:.*]] = tj.broadcast_to %[[ZERO]][%[[N0]]] : tensor<f64> -> tensor<?xf64>
// CHECK-NEXT:    return %[[GX]], %[[GW]]
func.func @second_grad_independent(%x: tensor<?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gw = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gw : tensor<?xf64>, tensor<?xf64>
}
