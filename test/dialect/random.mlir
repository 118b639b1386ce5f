// Round trip of the generator state type and the random ops, custom and
// generic forms.
//
// RUN: tensorjit-opt %s | tensorjit-opt | FileCheck %s
// RUN: tensorjit-opt %s --mlir-print-op-generic | tensorjit-opt | FileCheck %s

// CHECK-LABEL: func.func @mrg
// CHECK:         %[[RNG:.*]] = tj.make_rng %{{.*}} : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
// CHECK:         %[[U:.*]], %[[NEXT:.*]] = tj.random_uniform %[[RNG]][%{{.*}}] : !tj.rng<mrg31k3p> -> tensor<?x2xf32>
// CHECK:         %{{.*}}, %[[NEXT2:.*]] = tj.random_normal %[[NEXT]] : !tj.rng<mrg31k3p> -> tensor<3xf64>
// CHECK:         tj.rng_data %[[NEXT2]] : !tj.rng<mrg31k3p> -> tensor<?x6xi32>
func.func @mrg(%s: tensor<?x6xi32>, %n: index) -> (tensor<?x2xf32>, tensor<3xf64>, tensor<?x6xi32>) {
  %rng = tj.make_rng %s : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
  %u, %next = tj.random_uniform %rng[%n] : !tj.rng<mrg31k3p> -> tensor<?x2xf32>
  %z, %next2 = tj.random_normal %next : !tj.rng<mrg31k3p> -> tensor<3xf64>
  %d = tj.rng_data %next2 : !tj.rng<mrg31k3p> -> tensor<?x6xi32>
  return %u, %z, %d : tensor<?x2xf32>, tensor<3xf64>, tensor<?x6xi32>
}

// CHECK-LABEL: func.func @mt
// CHECK:         tj.make_rng %{{.*}} : tensor<314xi64> -> !tj.rng<mt19937>
// CHECK:         tj.random_integers %{{.*}}[%{{.*}}] {high = 10 : i64, low = -3 : i64} : !tj.rng<mt19937> -> tensor<?xi64>
// CHECK:         tj.random_binomial %{{.*}} {n = 10 : i64, p = 2.500000e-01 : f64} : !tj.rng<mt19937> -> tensor<2x2xi64>
// CHECK:         tj.random_uniform %{{.*}} : !tj.rng<mt19937> -> tensor<f64>
func.func @mt(%s: tensor<314xi64>, %n: index) -> (tensor<?xi64>, tensor<2x2xi64>, tensor<f64>, !tj.rng<mt19937>) {
  %rng = tj.make_rng %s : tensor<314xi64> -> !tj.rng<mt19937>
  %i, %n1 = tj.random_integers %rng[%n] {low = -3, high = 10} : !tj.rng<mt19937> -> tensor<?xi64>
  %b, %n2 = tj.random_binomial %n1 {n = 10, p = 0.25} : !tj.rng<mt19937> -> tensor<2x2xi64>
  %u, %n3 = tj.random_uniform %n2 : !tj.rng<mt19937> -> tensor<f64>
  return %i, %b, %u, %n3 : tensor<?xi64>, tensor<2x2xi64>, tensor<f64>, !tj.rng<mt19937>
}
