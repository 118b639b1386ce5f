// tj.grad is a placeholder that tj-autodiff must expand; tj-lower-to-linalg
// reports it as an error instead of leaving it in lowered code.
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg -verify-diagnostics

// A tj.grad on its own is rejected with the pass's message.
func.func @grad_is_rejected(%cost: tensor<f64>, %w: tensor<4xf64>) -> tensor<4xf64> {
  // expected-error @+1 {{'tj.grad' op must be expanded by tj-autodiff before tj-lower-to-linalg}}
  %g = tj.grad %cost, %w : (tensor<f64>, tensor<4xf64>) -> tensor<4xf64>
  return %g : tensor<4xf64>
}

// -----

// The check walks the whole module: a tj.grad in a later function, after
// ops the pass could lower, still fails the pass.
func.func @lowerable(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

func.func @grad_after_lowerable_code(%w: tensor<f64>) -> tensor<f64> {
  %c = tj.sqr %w : (tensor<f64>) -> tensor<f64>
  // expected-error @+1 {{must be expanded by tj-autodiff before tj-lower-to-linalg}}
  %g = tj.grad %c, %w : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}
