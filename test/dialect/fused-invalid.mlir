// Verifier tests of tj.fused, each with its exact message.
//
// RUN: tensorjit-opt %s -split-input-file -verify-diagnostics

func.func @shapesDiffer(%x: tensor<?xf64>, %m: tensor<?x?xf64>) {
  // expected-error@+1 {{'tj.fused' op results must all have one shape (one loop nest), got 'tensor<?xf64>' and 'tensor<?x?xf64>'}}
  %r:2 = tj.fused(%x, %m) : (tensor<?xf64>, tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>) {
  ^bb0(%a: tensor<?xf64>, %b: tensor<?x?xf64>):
    %n = tj.neg %a : (tensor<?xf64>) -> tensor<?xf64>
    %p = tj.neg %b : (tensor<?x?xf64>) -> tensor<?x?xf64>
    tj.yield %n, %p : tensor<?xf64>, tensor<?x?xf64>
  }
  return
}

// -----

func.func @notElementwise(%x: tensor<?xf64>) {
  %r = tj.fused(%x) : (tensor<?xf64>) -> tensor<f64> {
  ^bb0(%a: tensor<?xf64>):
    // expected-error@+1 {{'tj.sum' op cannot be fused: only elementwise tj ops go into a tj.fused region}}
    %s = tj.sum %a axes = [0] : (tensor<?xf64>) -> tensor<f64>
    tj.yield %s : tensor<f64>
  }
  return
}

// -----

func.func @argumentTypes(%x: tensor<?xf64>) {
  // expected-error@+1 {{'tj.fused' op block arguments must have the input types}}
  %r = tj.fused(%x) : (tensor<?xf64>) -> tensor<?xf32> {
  ^bb0(%a: tensor<?xf32>):
    %n = tj.neg %a : (tensor<?xf32>) -> tensor<?xf32>
    tj.yield %n : tensor<?xf32>
  }
  return
}

// -----

func.func @yieldTypes(%x: tensor<?xf64>) {
  // expected-error@+1 {{'tj.fused' op yields 'tensor<?xf64>' for results of types 'tensor<?xf32>'}}
  %r = tj.fused(%x) : (tensor<?xf64>) -> tensor<?xf32> {
  ^bb0(%a: tensor<?xf64>):
    %n = tj.neg %a : (tensor<?xf64>) -> tensor<?xf64>
    tj.yield %n : tensor<?xf64>
  }
  return
}
