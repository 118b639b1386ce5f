// Verifier tests of the random ops, each with its exact message.
//
// RUN: tensorjit-opt %s -split-input-file -verify-diagnostics

func.func @mtStoredWrongly(%s: tensor<?x6xi32>) {
  // expected-error@+1 {{'tj.make_rng' op a '!tj.rng<mt19937>' state is stored as 'tensor<314xi64>', not 'tensor<?x6xi32>'}}
  %rng = tj.make_rng %s : tensor<?x6xi32> -> !tj.rng<mt19937>
  return
}

// -----

func.func @mrgStoredWrongly(%s: tensor<?x5xi32>) {
  // expected-error@+1 {{'tj.make_rng' op a '!tj.rng<mrg31k3p>' state is stored as 'tensor<?x6xi32>', not 'tensor<?x5xi32>'}}
  %rng = tj.make_rng %s : tensor<?x5xi32> -> !tj.rng<mrg31k3p>
  return
}

// -----

func.func @rngDataWrongType(%r: !tj.rng<mt19937>) {
  // expected-error@+1 {{'tj.rng_data' op a '!tj.rng<mt19937>' state is stored as 'tensor<314xi64>', not 'tensor<313xi64>'}}
  %d = tj.rng_data %r : !tj.rng<mt19937> -> tensor<313xi64>
  return
}

// -----

func.func @missingSize(%r: !tj.rng<mrg31k3p>) {
  // expected-error@+1 {{'tj.random_uniform' op result type 'tensor<?xf64>' has 1 dynamic size(s) but 0 size operand(s) were given}}
  %u, %n = tj.random_uniform %r : !tj.rng<mrg31k3p> -> tensor<?xf64>
  return
}

// -----

func.func @mtDrawsF64Only(%r: !tj.rng<mt19937>) {
  // expected-error@+1 {{'tj.random_normal' op draws f64 values from a '!tj.rng<mt19937>' state, not 'f32'}}
  %u, %n = tj.random_normal %r : !tj.rng<mt19937> -> tensor<3xf32>
  return
}

// -----

func.func @mrgDrawsFloats(%r: !tj.rng<mrg31k3p>) {
  // expected-error@+1 {{'tj.random_uniform' op draws f32 or f64 values from a '!tj.rng<mrg31k3p>' state, not 'i32'}}
  %u, %n = tj.random_uniform %r : !tj.rng<mrg31k3p> -> tensor<3xi32>
  return
}

// -----

func.func @mrgIntegers(%r: !tj.rng<mrg31k3p>) {
  // expected-error@+1 {{'tj.random_integers' op is drawn from mt19937 states only (mrg31k3p integers are arithmetic on uniform draws)}}
  %u, %n = tj.random_integers %r {low = 0, high = 3} : !tj.rng<mrg31k3p> -> tensor<3xi64>
  return
}

// -----

func.func @emptyRange(%r: !tj.rng<mt19937>) {
  // expected-error@+1 {{'tj.random_integers' op needs low < high, got [4, 4)}}
  %u, %n = tj.random_integers %r {low = 4, high = 4} : !tj.rng<mt19937> -> tensor<3xi64>
  return
}

// -----

func.func @integersI32(%r: !tj.rng<mt19937>) {
  // expected-error@+1 {{'tj.random_integers' op draws i64 values, not 'i32'}}
  %u, %n = tj.random_integers %r {low = 0, high = 4} : !tj.rng<mt19937> -> tensor<3xi32>
  return
}

// -----

func.func @badProbability(%r: !tj.rng<mt19937>) {
  // expected-error@+1 {{'tj.random_binomial' op needs p in [0, 1], got 1.5}}
  %u, %n = tj.random_binomial %r {n = 3, p = 1.5} : !tj.rng<mt19937> -> tensor<3xi64>
  return
}

// -----

func.func @negativeTrials(%r: !tj.rng<mt19937>) {
  // expected-error@+1 {{'tj.random_binomial' op needs n >= 0, got -1}}
  %u, %n = tj.random_binomial %r {n = -1, p = 0.5} : !tj.rng<mt19937> -> tensor<3xi64>
  return
}

// -----

func.func @stateKindsMatch(%r: !tj.rng<mt19937>) {
  // expected-error@+1 {{'tj.random_uniform' op failed to verify that all of {rng, next} have same type}}
  %u, %n = "tj.random_uniform"(%r) : (!tj.rng<mt19937>) -> (tensor<3xf64>, !tj.rng<mrg31k3p>)
  return
}
