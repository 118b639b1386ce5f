// tj-lower-to-linalg on the random ops: generator states become their
// storage tensors, mrg31k3p draws loops over the streams, mt19937 draws
// runtime calls on buffers.
//
// RUN: tensorjit-opt %s --tj-lower-to-linalg | FileCheck %s

// The runtime functions mt19937 draws call, declared once each.
// CHECK-LABEL: func.func private @tj_rt_mt19937_binomial(memref<314xi64>, memref<314xi64>, memref<?xi64>, i64, f64) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func private @tj_rt_mt19937_uniform(memref<314xi64>, memref<314xi64>, memref<?xf64>) attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @mrg(
// CHECK-SAME:    %[[S:.*]]: tensor<?x6xi32>, %[[N:.*]]: index
// CHECK-NOT:     tj.
// CHECK:         %[[STREAMS:.*]] = tensor.dim %[[S]], %{{.*}} : tensor<?x6xi32>
// CHECK:         %[[OUT:.*]]:2 = scf.for %[[STREAM:.*]] = %{{.*}} to %[[STREAMS]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[S]]) -> (tensor<?xf32>, tensor<?x6xi32>)
// CHECK-COUNT-6: tensor.extract
// CHECK:           scf.for %{{.*}} = %[[STREAM]] to %{{.*}} step %[[STREAMS]] iter_args({{.*}}) -> (tensor<?xf32>, i32, i32, i32, i32, i32, i32)
// The two components' moduli and the float32 scale.
// CHECK-DAG:         arith.constant 2147483647 : i32
// CHECK-DAG:         arith.constant 2147462579 : i32
// CHECK:             arith.sitofp %{{.*}} : i32 to f32
// CHECK-NEXT:        arith.constant 4.6566126E-10 : f32
// CHECK:             tensor.insert %{{.*}} : tensor<?xf32>
// CHECK-COUNT-6:   tensor.insert %{{.*}} : tensor<?x6xi32>
// CHECK:         tensor.expand_shape %[[OUT]]#0
// CHECK:         return %{{.*}}, %[[OUT]]#1 : tensor<?x2xf32>, tensor<?x6xi32>
func.func @mrg(%s: tensor<?x6xi32>, %n: index) -> (tensor<?x2xf32>, tensor<?x6xi32>) {
  %rng = tj.make_rng %s : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
  %u, %next = tj.random_uniform %rng[%n] : !tj.rng<mrg31k3p> -> tensor<?x2xf32>
  %d = tj.rng_data %next : !tj.rng<mrg31k3p> -> tensor<?x6xi32>
  return %u, %d : tensor<?x2xf32>, tensor<?x6xi32>
}

// Box-Muller after the uniform loop: one linalg.generic reading the
// uniforms at i and i +- half.
// CHECK-LABEL: func.func @mrgNormal(
// CHECK:         scf.for
// CHECK:         linalg.generic
// CHECK:           linalg.index 0
// CHECK:           math.log
// CHECK:           math.sqrt
// CHECK:           math.cos
// CHECK:           math.sin
func.func @mrgNormal(%s: tensor<?x6xi32>) -> tensor<7xf64> {
  %rng = tj.make_rng %s : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
  %z, %next = tj.random_normal %rng : !tj.rng<mrg31k3p> -> tensor<7xf64>
  return %z : tensor<7xf64>
}

// CHECK-LABEL: func.func @mt(
// CHECK-SAME:    %[[S:.*]]: tensor<?xi64>
// CHECK:         %[[STATE:.*]] = tensor.cast %[[S]] : tensor<?xi64> to tensor<314xi64>
// CHECK:         %[[READ:.*]] = bufferization.to_buffer %[[STATE]] read_only
// CHECK:         %[[NEXT:.*]] = memref.alloc() : memref<314xi64>
// CHECK:         %[[DRAWS:.*]] = memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK:         call @tj_rt_mt19937_uniform(%[[READ]], %[[NEXT]], %[[DRAWS]])
// CHECK:         bufferization.to_tensor %[[DRAWS]] restrict writable
// CHECK:         %[[NEXTT:.*]] = bufferization.to_tensor %[[NEXT]] restrict writable
// CHECK:         %[[READ2:.*]] = bufferization.to_buffer %[[NEXTT]] read_only
// CHECK:         call @tj_rt_mt19937_binomial(%[[READ2]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (memref<314xi64>, memref<314xi64>, memref<?xi64>, i64, f64) -> ()
func.func @mt(%s: tensor<?xi64>, %n: index) -> (tensor<?xf64>, tensor<?xi64>, tensor<314xi64>) {
  %rng = tj.make_rng %s : tensor<?xi64> -> !tj.rng<mt19937>
  %u, %next = tj.random_uniform %rng[%n] : !tj.rng<mt19937> -> tensor<?xf64>
  %b, %next2 = tj.random_binomial %next[%n] {n = 10, p = 0.25} : !tj.rng<mt19937> -> tensor<?xi64>
  %d = tj.rng_data %next2 : !tj.rng<mt19937> -> tensor<314xi64>
  return %u, %b, %d : tensor<?xf64>, tensor<?xi64>, tensor<314xi64>
}
