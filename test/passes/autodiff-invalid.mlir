// tj-autodiff refuses a tj.grad whose cost does not depend on `wrt` through
// differentiable operations: not at all, or only through ops whose rule
// gives no gradient (floor, ceil, round, comparisons, argmax, a cast to an
// integer type).
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-autodiff -verify-diagnostics

// The cost does not use `wrt` at all.
func.func @independent(%x: tensor<?xf64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{'tj.grad' op the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A cost that is a function argument depends on nothing.
func.func @cost_is_argument(%c: tensor<f64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// `wrt` used only after the cost is computed.
func.func @wrt_defined_after_cost(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %e = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %e : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// floor is piecewise constant: no gradient.
func.func @only_through_floor(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.floor %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// ceil: no gradient.
func.func @only_through_ceil(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.ceil %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// round: no gradient, even behind differentiable ops (exp of the rounded
// value).
func.func @only_through_round(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.round %x : (tensor<?xf64>) -> tensor<?xf64>
  %e = tj.exp %y : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %e axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A comparison decides which value is selected, but neither depends on x.
func.func @only_through_comparison(%x: tensor<?xf64>, %a: tensor<?xf64>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %zero = tj.constant dense<0.0> : tensor<f64>
  %p = tj.gt %x, %zero : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
  %s = tj.select %p, %a, %b : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %s axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A comparison turned back into numbers: (x > 0) as f64.
func.func @comparison_cast_to_float(%x: tensor<?xf64>) -> tensor<?xf64> {
  %zero = tj.constant dense<0.0> : tensor<f64>
  %p = tj.gt %x, %zero : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
  %f = tj.cast %p : tensor<?xi1> -> tensor<?xf64>
  %c = tj.sum %f axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// argmax gives integer indices: no gradient.
func.func @only_through_argmax(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %i = tj.argmax %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xi64>
  %f = tj.cast %i : tensor<?xi64> -> tensor<?xf64>
  %c = tj.sum %f axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// A round trip through an integer type cuts the gradient.
func.func @through_integer_cast(%x: tensor<?xf64>) -> tensor<?xf64> {
  %i = tj.cast %x : tensor<?xf64> -> tensor<?xi32>
  %f = tj.cast %i : tensor<?xi32> -> tensor<?xf64>
  %c = tj.sum %f axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// Of two grads of one cost, the one whose `wrt` is disconnected is
// reported; the other one is fine.
func.func @second_grad_disconnected(%x: tensor<?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  // expected-error @+1 {{the cost does not depend on `wrt` through differentiable operations}}
  %gw = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gw : tensor<?xf64>, tensor<?xf64>
}
