// tj-linalg-to-blas: contractions on f32/f64 buffers become runtime BLAS
// calls on fully dynamic strided views, with alpha and beta: beta 1
// (accumulate) or 0 (the output's fill of zeros before is dropped); a
// product an elementwise kernel only adds (scaled) to something is
// accumulated into the kernel's output; transposed copies become views;
// others stay.
//
// RUN: %memcheck tensorjit-opt %s --tj-linalg-to-blas | FileCheck %s

// CHECK-DAG: func.func private @tj_rt_blas_gemm_f64(memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>, f64, f64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @tj_rt_blas_gemv_f32(
// CHECK-DAG: func.func private @tj_rt_blas_gevm_f64(
// CHECK-DAG: func.func private @tj_rt_blas_dot_f64(memref<?xf64, strided<[?], offset: ?>>, memref<?xf64, strided<[?], offset: ?>>, memref<f64, strided<[], offset: ?>>, f64, f64)

// CHECK-LABEL: func.func @gemm
// CHECK:         %[[A:.*]] = memref.cast %arg0 : memref<4x?xf64> to memref<?x?xf64, strided<[?, ?], offset: ?>>
// CHECK:         %[[C:.*]] = memref.cast %arg2
// CHECK:         %[[ALPHA:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:         %[[BETA:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:         call @tj_rt_blas_gemm_f64(%[[A]], %arg1, %[[C]], %[[ALPHA]], %[[BETA]])
// CHECK-NOT:     linalg.matmul
func.func @gemm(%a: memref<4x?xf64>, %b: memref<?x?xf64, strided<[?, ?], offset: ?>>, %c: memref<4x?xf64>) {
  linalg.matmul ins(%a, %b : memref<4x?xf64>, memref<?x?xf64, strided<[?, ?], offset: ?>>) outs(%c : memref<4x?xf64>)
  return
}

// CHECK-LABEL: func.func @vectors
// CHECK:         call @tj_rt_blas_gemv_f32(
// CHECK:         call @tj_rt_blas_gevm_f64(
// CHECK:         call @tj_rt_blas_dot_f64(
func.func @vectors(%a: memref<?x?xf32>, %x: memref<?xf32>, %y: memref<?xf32>,
                   %b: memref<?x?xf64>, %u: memref<?xf64>, %v: memref<?xf64>, %s: memref<f64>) {
  linalg.matvec ins(%a, %x : memref<?x?xf32>, memref<?xf32>) outs(%y : memref<?xf32>)
  linalg.vecmat ins(%u, %b : memref<?xf64>, memref<?x?xf64>) outs(%v : memref<?xf64>)
  linalg.dot ins(%u, %v : memref<?xf64>, memref<?xf64>) outs(%s : memref<f64>)
  return
}

// A fill of zeros into the output before, with nothing between touching
// the output, goes: beta 0. A fill of another value, a fill of another
// buffer, or a fill followed by a write of the output stays: beta 1.
// CHECK-LABEL: func.func @fills
// CHECK-NOT:     linalg.fill
// CHECK:         memref.dim
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gemv_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[Z]])
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%arg4
// CHECK:         arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %[[O1:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gevm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[O1]])
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%arg5
// CHECK:         memref.store
// CHECK:         arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %[[O2:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gevm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[O2]])
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%arg6
// CHECK:         arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %[[O3:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_dot_f64(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[O3]])
func.func @fills(%a: memref<?x?xf32>, %x: memref<?xf32>, %y: memref<?xf32>,
                 %b: memref<?x?xf64>, %u: memref<?xf64>, %v: memref<?xf64>,
                 %s: memref<f64>, %t: memref<f64>) {
  %zero32 = arith.constant 0.0 : f32
  %zero = arith.constant 0.0 : f64
  %two = arith.constant 2.0 : f64
  %c0 = arith.constant 0 : index
  linalg.fill ins(%zero32 : f32) outs(%y : memref<?xf32>)
  %n = memref.dim %y, %c0 : memref<?xf32>
  linalg.matvec ins(%a, %x : memref<?x?xf32>, memref<?xf32>) outs(%y : memref<?xf32>)
  linalg.fill ins(%two : f64) outs(%u : memref<?xf64>)
  linalg.vecmat ins(%v, %b : memref<?xf64>, memref<?x?xf64>) outs(%u : memref<?xf64>)
  linalg.fill ins(%zero : f64) outs(%v : memref<?xf64>)
  memref.store %two, %v[%c0] : memref<?xf64>
  linalg.vecmat ins(%u, %b : memref<?xf64>, memref<?x?xf64>) outs(%v : memref<?xf64>)
  linalg.fill ins(%zero : f64) outs(%s : memref<f64>)
  linalg.dot ins(%u, %u : memref<?xf64>, memref<?xf64>) outs(%t : memref<f64>)
  return
}

// Integer contractions and tensors are left as they are.
// CHECK-LABEL: func.func @untouched
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : memref<?x?xi64>
// CHECK:         linalg.matvec ins(%{{.*}}, %{{.*}} : tensor<?x?xf64>
func.func @untouched(%a: memref<?x?xi64>, %c: memref<?x?xi64>, %t: tensor<?x?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  linalg.matmul ins(%a, %a : memref<?x?xi64>, memref<?x?xi64>) outs(%c : memref<?x?xi64>)
  %r = linalg.matvec ins(%t, %v : tensor<?x?xf64>, tensor<?xf64>) outs(%v : tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// Two fills before two products: each product's fill is found past the
// other's fill and product, which do not touch its output.
// CHECK-LABEL: func.func @interleaved_fills
// CHECK-NOT:     linalg.fill
// CHECK:         arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %[[Z1:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gemv_f64(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[Z1]])
// CHECK:         arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %[[Z2:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gemv_f64(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[Z2]])
func.func @interleaved_fills(%a: memref<?x?xf64>, %x: memref<?xf64>, %y: memref<?xf64>, %z: memref<?xf64>) {
  %zero = arith.constant 0.0 : f64
  linalg.fill ins(%zero : f64) outs(%y : memref<?xf64>)
  linalg.fill ins(%zero : f64) outs(%z : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%y : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%z : memref<?xf64>)
  return
}

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#id1 = affine_map<(d0) -> (d0)>

// An SGD update w - rate * (a b): the kernel without the product copies w
// into the output, and the BLAS call adds -rate a b there (beta 1); the
// temporary, its fill and its deallocation go. The product moves down past
// an op that writes another buffer.
// CHECK-LABEL: func.func @sgd
// CHECK-NOT:     memref.alloc
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%arg4
// CHECK:         linalg.generic {{.*}} ins(%arg2 : memref<?x?xf64>) outs(%arg3 : memref<?x?xf64>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      linalg.yield %[[IN]] : f64
// CHECK:         %[[OUT:.*]] = memref.cast %arg3
// CHECK:         %[[ALPHA:.*]] = arith.constant -1.000000e-02 : f64
// CHECK-NEXT:    %[[BETA:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:         call @tj_rt_blas_gemm_f64(%{{.*}}, %{{.*}}, %[[OUT]], %[[ALPHA]], %[[BETA]])
// CHECK-NOT:     memref.dealloc
func.func @sgd(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %w: memref<?x?xf64>, %out: memref<?x?xf64>, %other: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rate = arith.constant 0.01 : f64
  %zero = arith.constant 0.0 : f64
  %m = memref.dim %a, %c0 : memref<?x?xf64>
  %n = memref.dim %b, %c1 : memref<?x?xf64>
  %t = memref.alloc(%m, %n) : memref<?x?xf64>
  linalg.fill ins(%zero : f64) outs(%t : memref<?x?xf64>)
  linalg.matmul ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%t : memref<?x?xf64>)
  linalg.fill ins(%rate : f64) outs(%other : memref<?xf64>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %w : memref<?x?xf64>, memref<?x?xf64>) outs(%out : memref<?x?xf64>) {
  ^bb0(%p: f64, %v: f64, %o: f64):
    %s = arith.mulf %p, %rate : f64
    %r = arith.subf %v, %s : f64
    linalg.yield %r : f64
  }
  memref.dealloc %t : memref<?x?xf64>
  return
}

// The other forms, f32: E + t (alpha 1, E a computation of its own with a
// broadcast input), alpha * t + E with alpha first (its f32 constant as an
// f64), E - (-t) (alpha 1), and E - alpha * t (alpha negated).
// CHECK-LABEL: func.func @forms
// CHECK-NOT:     memref.alloc
// CHECK:         linalg.generic {{.*}} ins(%arg2, %arg3 : memref<?x?xf32>, memref<?xf32>) outs(%arg4 : memref<?x?xf32>)
// CHECK:           %[[M:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT:      linalg.yield %[[M]] : f32
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:         call @tj_rt_blas_gemm_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]], %{{.*}})
// CHECK:         %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-NEXT:    %[[B2:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gemv_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[HALF]], %[[B2]])
// CHECK:         %[[PLUS:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %[[B3:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gemv_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[PLUS]], %[[B3]])
// CHECK:         %[[NEGATED:.*]] = arith.constant -5.000000e-01 : f64
// CHECK-NEXT:    %[[B4:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gemv_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[NEGATED]], %[[B4]])
// CHECK-NOT:     memref.dealloc
func.func @forms(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %m: memref<?x?xf32>, %bias: memref<?xf32>, %out: memref<?x?xf32>, %x: memref<?xf32>, %y: memref<?xf32>, %out2: memref<?xf32>, %out3: memref<?xf32>, %out4: memref<?xf32>) {
  %alpha = arith.constant 0.5 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %rows = memref.dim %a, %c0 : memref<?x?xf32>
  %cols = memref.dim %b, %c1 : memref<?x?xf32>
  %t = memref.alloc(%rows, %cols) : memref<?x?xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<?x?xf32>)
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%t : memref<?x?xf32>)
  linalg.generic {indexing_maps = [#id, #id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%m, %t, %bias : memref<?x?xf32>, memref<?x?xf32>, memref<?xf32>) outs(%out : memref<?x?xf32>) {
  ^bb0(%e: f32, %p: f32, %bb: f32, %o: f32):
    %s = arith.mulf %e, %bb : f32
    %r = arith.addf %s, %p : f32
    linalg.yield %r : f32
  }
  %u = memref.alloc(%rows) : memref<?xf32>
  linalg.fill ins(%zero : f32) outs(%u : memref<?xf32>)
  linalg.matvec ins(%a, %x : memref<?x?xf32>, memref<?xf32>) outs(%u : memref<?xf32>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%u, %y : memref<?xf32>, memref<?xf32>) outs(%out2 : memref<?xf32>) {
  ^bb0(%p: f32, %e: f32, %o: f32):
    %s = arith.mulf %alpha, %p : f32
    %r = arith.addf %s, %e : f32
    linalg.yield %r : f32
  }
  %v = memref.alloc(%rows) : memref<?xf32>
  linalg.fill ins(%zero : f32) outs(%v : memref<?xf32>)
  linalg.matvec ins(%a, %x : memref<?x?xf32>, memref<?xf32>) outs(%v : memref<?xf32>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%y, %v : memref<?xf32>, memref<?xf32>) outs(%out3 : memref<?xf32>) {
  ^bb0(%e: f32, %p: f32, %o: f32):
    %n = arith.negf %p : f32
    %r = arith.subf %e, %n : f32
    linalg.yield %r : f32
  }
  %q = memref.alloc(%rows) : memref<?xf32>
  linalg.fill ins(%zero : f32) outs(%q : memref<?xf32>)
  linalg.matvec ins(%a, %x : memref<?x?xf32>, memref<?xf32>) outs(%q : memref<?xf32>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%y, %q : memref<?xf32>, memref<?xf32>) outs(%out4 : memref<?xf32>) {
  ^bb0(%e: f32, %p: f32, %o: f32):
    %s = arith.mulf %p, %alpha : f32
    %r = arith.subf %e, %s : f32
    linalg.yield %r : f32
  }
  memref.dealloc %t : memref<?x?xf32>
  memref.dealloc %u : memref<?xf32>
  memref.dealloc %v : memref<?xf32>
  memref.dealloc %q : memref<?xf32>
  return
}

// Products that stay in their temporary (the kernels unchanged): read by a
// second kernel; an operand written between the product and the kernel;
// the product's element used twice; a scale computed in the body; the
// kernel's output an operand of the product; alpha * t - E; alpha not a
// constant; alpha 0 (the BLAS would not read A and B, and lose their NaN).
// CHECK-LABEL: func.func @kept
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.generic {{.*}} ins(%[[T1:.*]], %arg2 : {{.*}}) outs(%arg3
// CHECK:         linalg.generic {{.*}} ins(%[[T1]], %arg2 : {{.*}}) outs(%arg4
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.fill
// CHECK-NEXT:    linalg.generic {{.*}} outs(%arg5
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.generic {{.*}} outs(%arg6
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.generic {{.*}} outs(%arg7
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.generic {{.*}} outs(%arg8
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.generic {{.*}} outs(%arg9
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.generic {{.*}} outs(%arg9
// CHECK:         call @tj_rt_blas_gemv_f64
// CHECK-NEXT:    linalg.generic {{.*}} outs(%arg9
// CHECK-COUNT-8: memref.dealloc
func.func @kept(%a: memref<?x?xf64>, %x: memref<?xf64>, %y: memref<?xf64>, %o1: memref<?xf64>, %o2: memref<?xf64>, %o3: memref<?xf64>, %o4: memref<?xf64>, %o5: memref<?xf64>, %o6: memref<?xf64>, %o7: memref<?xf64>, %scratch: memref<?xf64>, %rate: f64) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f64
  %two = arith.constant 2.0 : f64
  %rows = memref.dim %a, %c0 : memref<?x?xf64>
  %t1 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t1 : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%t1 : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t1, %y : memref<?xf64>, memref<?xf64>) outs(%o1 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %r = arith.addf %e, %p : f64
    linalg.yield %r : f64
  }
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t1, %y : memref<?xf64>, memref<?xf64>) outs(%o2 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %r = arith.subf %e, %p : f64
    linalg.yield %r : f64
  }
  %t2 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t2 : memref<?xf64>)
  linalg.matvec ins(%a, %scratch : memref<?x?xf64>, memref<?xf64>) outs(%t2 : memref<?xf64>)
  linalg.fill ins(%two : f64) outs(%scratch : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t2, %y : memref<?xf64>, memref<?xf64>) outs(%o3 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %r = arith.addf %e, %p : f64
    linalg.yield %r : f64
  }
  %t3 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t3 : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%t3 : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t3, %y : memref<?xf64>, memref<?xf64>) outs(%o4 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %s = arith.mulf %p, %p : f64
    %r = arith.addf %e, %s : f64
    linalg.yield %r : f64
  }
  %t4 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t4 : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%t4 : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t4, %y : memref<?xf64>, memref<?xf64>) outs(%o5 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %s = arith.mulf %p, %e : f64
    %r = arith.addf %e, %s : f64
    linalg.yield %r : f64
  }
  %t5 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t5 : memref<?xf64>)
  linalg.matvec ins(%a, %o6 : memref<?x?xf64>, memref<?xf64>) outs(%t5 : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t5, %y : memref<?xf64>, memref<?xf64>) outs(%o6 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %r = arith.addf %e, %p : f64
    linalg.yield %r : f64
  }
  %t6 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t6 : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%t6 : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t6, %y : memref<?xf64>, memref<?xf64>) outs(%o7 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %s = arith.mulf %p, %two : f64
    %r = arith.subf %s, %e : f64
    linalg.yield %r : f64
  }
  %t7 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t7 : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%t7 : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t7, %y : memref<?xf64>, memref<?xf64>) outs(%o7 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %s = arith.mulf %p, %rate : f64
    %r = arith.addf %e, %s : f64
    linalg.yield %r : f64
  }
  %t8 = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%t8 : memref<?xf64>)
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%t8 : memref<?xf64>)
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%t8, %y : memref<?xf64>, memref<?xf64>) outs(%o7 : memref<?xf64>) {
  ^bb0(%p: f64, %e: f64, %o: f64):
    %s = arith.mulf %p, %zero : f64
    %r = arith.addf %e, %s : f64
    linalg.yield %r : f64
  }
  memref.dealloc %t1 : memref<?xf64>
  memref.dealloc %t2 : memref<?xf64>
  memref.dealloc %t3 : memref<?xf64>
  memref.dealloc %t4 : memref<?xf64>
  memref.dealloc %t5 : memref<?xf64>
  memref.dealloc %t6 : memref<?xf64>
  memref.dealloc %t7 : memref<?xf64>
  memref.dealloc %t8 : memref<?xf64>
  return
}

// A transposed copy read by products only becomes a transposed view, and
// the copy goes; one whose matrix is written before the product, which
// another op reads, or whose matrix is the product's output, stays.
// CHECK-LABEL: func.func @transposes
// CHECK:         %[[VIEW:.*]] = memref.transpose %arg0 (d0, d1) -> (d1, d0) : memref<?x?xf64> to memref<?x?xf64, strided<[1, ?]>>
// CHECK:         %[[CAST:.*]] = memref.cast %[[VIEW]]
// CHECK:         call @tj_rt_blas_gemm_f64(%[[CAST]],
// CHECK:         linalg.transpose ins(%arg1
// CHECK:         linalg.fill
// CHECK:         call @tj_rt_blas_gemm_f64(
// CHECK:         linalg.transpose ins(%arg4
// CHECK:         call @tj_rt_blas_gemm_f64(
// CHECK:         linalg.generic
// CHECK:         linalg.transpose ins(%arg5
// CHECK:         call @tj_rt_blas_gemm_f64(
// CHECK-NOT:     linalg.transpose
func.func @transposes(%a: memref<?x?xf64>, %c: memref<?x?xf64>, %b: memref<?x?xf64>, %out: memref<?x?xf64>, %d: memref<?x?xf64>, %out2: memref<?x?xf64>, %out3: memref<?x?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f64
  %m = memref.dim %a, %c0 : memref<?x?xf64>
  %n = memref.dim %a, %c1 : memref<?x?xf64>
  %at = memref.alloc(%n, %m) : memref<?x?xf64>
  linalg.transpose ins(%a : memref<?x?xf64>) outs(%at : memref<?x?xf64>) permutation = [1, 0]
  linalg.matmul ins(%at, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%out : memref<?x?xf64>)
  memref.dealloc %at : memref<?x?xf64>
  %ct = memref.alloc(%n, %m) : memref<?x?xf64>
  linalg.transpose ins(%c : memref<?x?xf64>) outs(%ct : memref<?x?xf64>) permutation = [1, 0]
  linalg.fill ins(%two : f64) outs(%c : memref<?x?xf64>)
  linalg.matmul ins(%ct, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%out2 : memref<?x?xf64>)
  memref.dealloc %ct : memref<?x?xf64>
  %dt = memref.alloc(%n, %m) : memref<?x?xf64>
  linalg.transpose ins(%d : memref<?x?xf64>) outs(%dt : memref<?x?xf64>) permutation = [1, 0]
  linalg.matmul ins(%dt, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%out2 : memref<?x?xf64>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%dt : memref<?x?xf64>) outs(%out3 : memref<?x?xf64>) {
  ^bb0(%v: f64, %o: f64):
    linalg.yield %v : f64
  }
  memref.dealloc %dt : memref<?x?xf64>
  %st = memref.alloc(%n, %m) : memref<?x?xf64>
  linalg.transpose ins(%out2 : memref<?x?xf64>) outs(%st : memref<?x?xf64>) permutation = [1, 0]
  linalg.matmul ins(%st, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%out2 : memref<?x?xf64>)
  memref.dealloc %st : memref<?x?xf64>
  return
}

// The MLP's weight update w - rate * (x^T g): the transposed copy of x
// becomes a view, and the product accumulates into the update's buffer.
// CHECK-LABEL: func.func @sgd_transposed
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     linalg.transpose
// CHECK:         linalg.generic {{.*}} ins(%arg2 : memref<?x?xf32>) outs(%arg3 : memref<?x?xf32>)
// CHECK:         %[[XT:.*]] = memref.transpose %arg0 (d0, d1) -> (d1, d0)
// CHECK:         %[[A:.*]] = memref.cast %[[XT]]
// CHECK:         %[[ALPHA:.*]] = arith.constant -0.0099999997764825821 : f64
// CHECK:         call @tj_rt_blas_gemm_f32(%[[A]], %{{.*}}, %{{.*}}, %[[ALPHA]], %{{.*}})
// CHECK-NOT:     memref.dealloc
func.func @sgd_transposed(%x: memref<?x?xf32>, %g: memref<?x?xf32>, %w: memref<?x?xf32>, %out: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rate = arith.constant 0.01 : f32
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %k = memref.dim %x, %c1 : memref<?x?xf32>
  %m = memref.dim %g, %c1 : memref<?x?xf32>
  %xt = memref.alloc(%k, %n) : memref<?x?xf32>
  linalg.transpose ins(%x : memref<?x?xf32>) outs(%xt : memref<?x?xf32>) permutation = [1, 0]
  %t = memref.alloc(%k, %m) : memref<?x?xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<?x?xf32>)
  linalg.matmul ins(%xt, %g : memref<?x?xf32>, memref<?x?xf32>) outs(%t : memref<?x?xf32>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %w : memref<?x?xf32>, memref<?x?xf32>) outs(%out : memref<?x?xf32>) {
  ^bb0(%p: f32, %v: f32, %o: f32):
    %s = arith.mulf %p, %rate : f32
    %r = arith.subf %v, %s : f32
    linalg.yield %r : f32
  }
  memref.dealloc %t : memref<?x?xf32>
  memref.dealloc %xt : memref<?x?xf32>
  return
}
