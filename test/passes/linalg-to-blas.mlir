// tj-linalg-to-blas: contractions on f32/f64 buffers become runtime BLAS
// calls on fully dynamic strided views; others stay.
//
// RUN: tensorjit-opt %s --tj-linalg-to-blas | FileCheck %s

// CHECK-DAG: func.func private @tj_rt_blas_gemm_f64(memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @tj_rt_blas_gemv_f32(
// CHECK-DAG: func.func private @tj_rt_blas_gevm_f64(
// CHECK-DAG: func.func private @tj_rt_blas_dot_f64(memref<?xf64, strided<[?], offset: ?>>, memref<?xf64, strided<[?], offset: ?>>, memref<f64, strided<[], offset: ?>>)

// CHECK-LABEL: func.func @gemm
// CHECK:         %[[A:.*]] = memref.cast %arg0 : memref<4x?xf64> to memref<?x?xf64, strided<[?, ?], offset: ?>>
// CHECK:         %[[C:.*]] = memref.cast %arg2
// CHECK:         call @tj_rt_blas_gemm_f64(%[[A]], %arg1, %[[C]])
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

// Integer contractions and tensors are left as they are.
// CHECK-LABEL: func.func @untouched
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : memref<?x?xi64>
// CHECK:         linalg.matvec ins(%{{.*}}, %{{.*}} : tensor<?x?xf64>
func.func @untouched(%a: memref<?x?xi64>, %c: memref<?x?xi64>, %t: tensor<?x?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  linalg.matmul ins(%a, %a : memref<?x?xi64>, memref<?x?xi64>) outs(%c : memref<?x?xi64>)
  %r = linalg.matvec ins(%t, %v : tensor<?x?xf64>, tensor<?xf64>) outs(%v : tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}
