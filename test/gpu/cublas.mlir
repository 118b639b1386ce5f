// A matmul through the GPU pipeline with cuBLAS (cublas-min-size, what the
// JIT sets for CUDA): the host code asks the runtime whether cuBLAS is
// ready when m n k reaches the size, calls its tj_rt_cublas_gemm_f64 on
// the device buffers if so, and otherwise launches the product's own
// kernels; tanh is a kernel either way.
//
// REQUIRES: libdevice
// RUN: tensorjit-opt %s --tj-gpu-pipeline="assume-no-runtime-broadcast=true cublas-min-size=262144" | FileCheck %s

// CHECK:       llvm.func @_mlir_ciface_tj_rt_cublas_gemm_f64(!llvm.ptr, !llvm.ptr, !llvm.ptr, f64, f64)
// CHECK-LABEL: llvm.func @tj_mm(
// CHECK-NOT:     {{scf\.|memref\.|linalg\.|func\.call}}
// CHECK:         %[[LARGE:.*]] = llvm.icmp "uge" %{{.*}}, %{{.*}} : i64
// CHECK:         llvm.cond_br %[[LARGE]], ^[[ASK:.*]], ^[[CHOOSE:[^(]*]](
// CHECK:       ^[[ASK]]:
// CHECK-NEXT:    %[[READY:.*]] = llvm.call @tj_rt_cublas_ready() : () -> i1
// CHECK-NEXT:    llvm.br ^[[CHOOSE]](%[[READY]] : i1)
// CHECK:         llvm.call @tj_rt_cublas_gemm_f64(
// CHECK:         gpu.launch_func
// CHECK:         llvm.return
func.func @tj_mm(%arg0: tensor<?x?xf64> {bufferization.writable = false}, %arg1: tensor<?x?xf64> {bufferization.writable = false}, %arg2: memref<?x?xf64>) attributes {llvm.emit_c_interface} {
  %0 = tj.dot %arg0, %arg1 : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %1 = tj.tanh %0 : (tensor<?x?xf64>) -> tensor<?x?xf64>
  bufferization.materialize_in_destination %1 in restrict writable %arg2 : (tensor<?x?xf64>, memref<?x?xf64>) -> ()
  return
}
