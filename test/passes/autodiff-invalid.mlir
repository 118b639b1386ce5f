// tj-autodiff refuses a tj.grad whose cost does not depend on `wrt` at all
// (one that depends on it only through ops without a gradient gets zeros:
// autodiff-zeros.mlir).
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-autodiff -verify-diagnostics

// The cost does not use `wrt` at all.
func.func @independent(%x: tensor<?xf64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  // expected-error @+1 {{'tj.grad' op the cost does not depend on `wrt`}}
  %g = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A cost that is a function argument depends on nothing.
func.func @cost_is_argument(%c: tensor<f64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{the cost does not depend on `wrt`}}
  %g = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// `wrt` used only after the cost is computed.
func.func @wrt_defined_after_cost(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %e = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  // expected-error @+1 {{the cost does not depend on `wrt`}}
  %g = tj.grad %c, %e : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// Of two grads of one cost, the one whose `wrt` is disconnected is
// reported; the other one is fine.
func.func @second_grad_disconnected(%x: tensor<?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c = tj.sum %x axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  // expected-error @+1 {{the cost does not depend on `wrt`}}
  %gw = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gw : tensor<?xf64>, tensor<?xf64>
}
