// Large kernels on several threads (tj-cpu-parallelize): an elementwise
// kernel and row sums over 600 x 500 elements, with TENSORJIT_NUM_THREADS=4
// so that the runtime asks for 4 threads even on a smaller machine. The
// totals are exact in f64, so a row or element that a thread skipped or
// wrote twice changes them.
// RUN: tensorjit-opt %s --tj-cpu-pipeline | FileCheck %s --check-prefix=IR
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | env TENSORJIT_NUM_THREADS=4 mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

// Both kernels of @kernel fork through the OpenMP runtime.
// IR-LABEL: llvm.func @kernel
// IR-COUNT-2: llvm.call @tj_rt_cpu_threads
// IR-LABEL: llvm.func @main

// y = 2x + 1 and its row sums.
func.func @kernel(%x: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %two = tj.constant dense<2.0> : tensor<f64>
  %one = tj.constant dense<1.0> : tensor<f64>
  %m = tj.mul %x, %two : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
  %y = tj.add %m, %one : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
  %r = tj.sum %y axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  return %y, %r : tensor<?x?xf64>, tensor<?xf64>
}

// Totals, on one thread (a full reduction is not split).
func.func @total2(%y: tensor<?x?xf64>) -> tensor<f64> {
  %t = tj.sum %y axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  return %t : tensor<f64>
}
func.func @total1(%r: tensor<?xf64>) -> tensor<f64> {
  %t = tj.sum %r axes = [0] : (tensor<?xf64>) -> tensor<f64>
  return %t : tensor<f64>
}

func.func @main() {
  %rows = arith.constant 600 : index
  %cols = arith.constant 500 : index
  // x[i, j] = 500 i + j: 0 .. 299999 in order.
  %x = tensor.generate %rows, %cols {
  ^bb0(%i: index, %j: index):
    %k = affine.apply affine_map<(i, j) -> (i * 500 + j)>(%i, %j)
    %k64 = arith.index_cast %k : index to i64
    %v = arith.sitofp %k64 : i64 to f64
    tensor.yield %v : f64
  } : tensor<?x?xf64>
  %y, %r = call @kernel(%x) : (tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>)
  // Sum of 2k + 1 for k < 300000: 300000^2.
  // CHECK: [9e+10]
  %ty = call @total2(%y) : (tensor<?x?xf64>) -> tensor<f64>
  call @print(%ty) : (tensor<f64>) -> ()
  // Row i sums to 500000 i + 250000 (299750000 for the last); all rows to
  // 9e10 again.
  // CHECK: [9e+10]
  %tr = call @total1(%r) : (tensor<?xf64>) -> tensor<f64>
  call @print(%tr) : (tensor<f64>) -> ()
  // CHECK: [250000]
  // CHECK: [2.9975e+08]
  %c0 = arith.constant 0 : index
  %c599 = arith.constant 599 : index
  %first = tensor.extract_slice %r[%c0] [1] [1] : tensor<?xf64> to tensor<1xf64>
  %last = tensor.extract_slice %r[%c599] [1] [1] : tensor<?xf64> to tensor<1xf64>
  %f = tensor.collapse_shape %first [] : tensor<1xf64> into tensor<f64>
  %l = tensor.collapse_shape %last [] : tensor<1xf64> into tensor<f64>
  call @print(%f) : (tensor<f64>) -> ()
  call @print(%l) : (tensor<f64>) -> ()
  return
}

func.func @print(%t: tensor<f64>) {
  %m = bufferization.to_buffer %t : tensor<f64> to memref<f64>
  %u = memref.cast %m : memref<f64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
