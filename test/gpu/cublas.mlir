// A matmul through the GPU pipeline with cuBLAS (cublas-min-size, what the
// JIT sets where cuBLAS loads): the host code calls the runtime's
// tj_rt_cublas_gemm_f64 on the device buffers when m n k reaches the size,
// and otherwise launches the product's own kernels; tanh is a kernel
// either way.
//
// REQUIRES: libdevice
// RUN: tensorjit-opt %s --tj-gpu-pipeline="assume-no-runtime-broadcast=true cublas-min-size=262144" | FileCheck %s

// CHECK:       llvm.func @_mlir_ciface_tj_rt_cublas_gemm_f64(!llvm.ptr, !llvm.ptr, !llvm.ptr, f64, f64)
// CHECK-LABEL: llvm.func @tj_mm(
// CHECK-NOT:     {{scf\.|memref\.|linalg\.|func\.call}}
// CHECK:         llvm.icmp "uge" %{{.*}}, %{{.*}} : i64
// CHECK:         llvm.call @tj_rt_cublas_gemm_f64(
// CHECK:         gpu.launch_func
// CHECK:         llvm.return
func.func @tj_mm(%arg0: tensor<?x?xf64> {bufferization.writable = false}, %arg1: tensor<?x?xf64> {bufferization.writable = false}, %arg2: memref<?x?xf64>) attributes {llvm.emit_c_interface} {
  %0 = tj.dot %arg0, %arg1 : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %1 = tj.tanh %0 : (tensor<?x?xf64>) -> tensor<?x?xf64>
  bufferization.materialize_in_destination %1 in restrict writable %arg2 : (tensor<?x?xf64>, memref<?x?xf64>) -> ()
  return
}
