// tj-linalg-to-blas with library=cublas (the GPU pipeline, on device
// buffers): a matmul of at least min-size multiply-adds (m n k, tested at
// run time) calls cuBLAS if the runtime says it is ready (asked only for a
// large one), beta 0 when its output was just filled with zeros; a smaller
// one, or one with cuBLAS not ready, runs as it was, fill included. Other contractions
// stay (the GPU pipeline makes kernels of them). tj-gpu-parallelize then
// leaves the call on the host (test/gpu/cublas.mlir).
//
// RUN: %memcheck tensorjit-opt %s --tj-linalg-to-blas="library=cublas min-size=4096" | FileCheck %s
// RUN: not tensorjit-opt %s --tj-linalg-to-blas="library=mkl" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not tensorjit-opt %s --tj-linalg-to-blas="library=cublas min-size=0" 2>&1 | FileCheck %s --check-prefix=ZERO

// BAD: tj-linalg-to-blas: library must be openblas or cublas, not 'mkl'
// ZERO: tj-linalg-to-blas: min-size must be >= 1

// CHECK-DAG: func.func private @tj_rt_cublas_gemm_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, f64, f64) attributes {llvm.emit_c_interface, tj.device_library}
// CHECK-DAG: func.func private @tj_rt_cublas_gemm_f64(
// CHECK-DAG: func.func private @tj_rt_cublas_ready() -> i1 attributes {tj.device_library}
// CHECK-NOT: func.func private @tj_rt_blas

// CHECK-LABEL: func.func @filled
// CHECK:         %[[M:.*]] = memref.dim %arg2, %c0
// CHECK:         %[[N:.*]] = memref.dim %arg2, %c1
// CHECK:         %[[MN:.*]] = arith.muli %[[M]], %[[N]]
// CHECK:         %[[K:.*]] = memref.dim %arg0, %c1
// CHECK:         %[[MNK:.*]] = arith.muli %[[MN]], %[[K]]
// CHECK:         %[[LARGE:.*]] = arith.cmpi uge, %[[MNK]], %c4096
// CHECK:         %[[USE:.*]] = scf.if %[[LARGE]] -> (i1) {
// CHECK-NEXT:      %[[READY:.*]] = func.call @tj_rt_cublas_ready() : () -> i1
// CHECK-NEXT:      scf.yield %[[READY]] : i1
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %[[NO:.*]] = arith.constant false
// CHECK-NEXT:      scf.yield %[[NO]] : i1
// CHECK-NEXT:    }
// CHECK-NEXT:    scf.if %[[USE]] {
// CHECK:           %[[ALPHA:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:      %[[BETA:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:      call @tj_rt_cublas_gemm_f64(%{{.*}}, %{{.*}}, %{{.*}}, %[[ALPHA]], %[[BETA]])
// CHECK-NEXT:    } else {
// CHECK-NEXT:      linalg.fill ins(%cst : f64) outs(%arg2
// CHECK-NEXT:      linalg.matmul ins(%arg0, %arg1
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @filled(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %c: memref<?x?xf64>) {
  %zero = arith.constant 0.0 : f64
  linalg.fill ins(%zero : f64) outs(%c : memref<?x?xf64>)
  linalg.matmul ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>)
  return
}

// Accumulating (no fill): beta 1, and the else branch has no fill.
// CHECK-LABEL: func.func @accumulates
// CHECK:         scf.if
// CHECK:           %[[ALPHA:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:      %[[BETA:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:      call @tj_rt_cublas_gemm_f32({{.*}}, %[[ALPHA]], %[[BETA]])
// CHECK-NEXT:    } else {
// CHECK-NEXT:      linalg.matmul
// CHECK-NEXT:    }
func.func @accumulates(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// An elementwise kernel right after it on its output goes into both
// branches (the short one's product can then take it into its last step).
// CHECK-LABEL: func.func @with_consumer
// CHECK:         scf.if
// CHECK:           call @tj_rt_cublas_gemm_f64
// CHECK-NEXT:      linalg.generic {{.*}} ins(%arg2 : memref<?x?xf64>) outs(%arg3
// CHECK:           math.tanh
// CHECK:         } else {
// CHECK-NEXT:      linalg.fill
// CHECK-NEXT:      linalg.matmul
// CHECK-NEXT:      linalg.generic {{.*}} ins(%arg2 : memref<?x?xf64>) outs(%arg3
// CHECK:           math.tanh
// CHECK-NOT:     linalg.generic
func.func @with_consumer(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %c: memref<?x?xf64>, %d: memref<?x?xf64>) {
  %zero = arith.constant 0.0 : f64
  linalg.fill ins(%zero : f64) outs(%c : memref<?x?xf64>)
  linalg.matmul ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<?x?xf64>) outs(%d : memref<?x?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %t = math.tanh %in : f64
    linalg.yield %t : f64
  }
  return
}

// A matrix-vector product and an integer matmul stay.
// CHECK-LABEL: func.func @others
// CHECK-NOT:     call
// CHECK:         linalg.matvec
// CHECK:         linalg.matmul
// CHECK-NOT:     call
// CHECK:         return
func.func @others(%a: memref<?x?xf64>, %x: memref<?xf64>, %y: memref<?xf64>,
                  %i: memref<?x?xi32>, %j: memref<?x?xi32>) {
  linalg.matvec ins(%a, %x : memref<?x?xf64>, memref<?xf64>) outs(%y : memref<?xf64>)
  linalg.matmul ins(%i, %i : memref<?x?xi32>, memref<?x?xi32>) outs(%j : memref<?x?xi32>)
  return
}
