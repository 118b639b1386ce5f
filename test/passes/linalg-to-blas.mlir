// tj-linalg-to-blas: contractions on f32/f64 buffers become runtime BLAS
// calls on fully dynamic strided views, with beta 1 (accumulate) or 0 (the
// output's fill of zeros just before is dropped); others stay.
//
// RUN: tensorjit-opt %s --tj-linalg-to-blas | FileCheck %s

// CHECK-DAG: func.func private @tj_rt_blas_gemm_f64(memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>, f64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @tj_rt_blas_gemv_f32(
// CHECK-DAG: func.func private @tj_rt_blas_gevm_f64(
// CHECK-DAG: func.func private @tj_rt_blas_dot_f64(memref<?xf64, strided<[?], offset: ?>>, memref<?xf64, strided<[?], offset: ?>>, memref<f64, strided<[], offset: ?>>, f64)

// CHECK-LABEL: func.func @gemm
// CHECK:         %[[A:.*]] = memref.cast %arg0 : memref<4x?xf64> to memref<?x?xf64, strided<[?, ?], offset: ?>>
// CHECK:         %[[C:.*]] = memref.cast %arg2
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:         call @tj_rt_blas_gemm_f64(%[[A]], %arg1, %[[C]], %[[ONE]])
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

// A fill of zeros into the output just before (pure ops between) goes:
// beta 0. A fill of another value, a fill of another buffer, or a fill
// followed by a write of the output stays: beta 1.
// CHECK-LABEL: func.func @fills
// CHECK-NOT:     linalg.fill
// CHECK:         memref.dim
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gemv_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[Z]])
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%arg4
// CHECK:         %[[O1:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gevm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %[[O1]])
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%arg5
// CHECK:         memref.store
// CHECK:         %[[O2:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_gevm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %[[O2]])
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%arg6
// CHECK:         %[[O3:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    call @tj_rt_blas_dot_f64(%{{.*}}, %{{.*}}, %{{.*}}, %[[O3]])
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
