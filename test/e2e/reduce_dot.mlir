// Reductions (with keepdims and accumulator promotion), argmax, dot in its
// four numpy forms, transpose and reshape, run end to end.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

func.func @reductions(%x: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<f64>, tensor<?x1xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xi64>) {
  %sum = tj.sum %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  %mean = tj.mean %x axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %max = tj.max %x axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xf64>
  %min = tj.min %x axes = [0] : (tensor<?x?xf64>) -> tensor<?xf64>
  %prod = tj.prod %x axes = [0] : (tensor<?x?xf64>) -> tensor<?xf64>
  %arg = tj.argmax %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xi64>
  return %sum, %mean, %max, %min, %prod, %arg : tensor<?xf64>, tensor<f64>, tensor<?x1xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xi64>
}

// int32 sums accumulate in int64 (numpy): no overflow at 2^31.
func.func @int_sum(%x: tensor<?xi32>) -> tensor<i64> {
  %s = tj.sum %x axes = [0] : (tensor<?xi32>) -> tensor<i64>
  return %s : tensor<i64>
}

func.func @dots(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %v: tensor<?xf64>, %w: tensor<?xf64>)
    -> (tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<f64>) {
  %mm = tj.dot %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %mv = tj.dot %a, %v : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %vm = tj.dot %w, %a : (tensor<?xf64>, tensor<?x?xf64>) -> tensor<?xf64>
  %vv = tj.dot %v, %v : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  return %mm, %mv, %vm, %vv : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<f64>
}

// An int32 matrix times a float64 vector: promoted to float64.
func.func @mixed_dot(%a: tensor<2x3xi32>, %v: tensor<3xf64>) -> tensor<2xf64> {
  %r = tj.dot %a, %v : (tensor<2x3xi32>, tensor<3xf64>) -> tensor<2xf64>
  return %r : tensor<2xf64>
}

func.func @shapes(%x: tensor<?x?xf64>, %n: index) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %t = tj.transpose %x permutation = [1, 0] : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %r = tj.reshape %t [%n] : tensor<?x?xf64> -> tensor<?xf64>
  return %t, %r : tensor<?x?xf64>, tensor<?xf64>
}

func.func @two_dynamic(%x: tensor<?xf64>, %n: index, %m: index) -> tensor<?x?xf64> {
  %r = tj.reshape %x[%n, %m] : tensor<?xf64> -> tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

func.func @main() {
  %c = arith.constant dense<[[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]]> : tensor<2x3xf64>
  %x = tensor.cast %c : tensor<2x3xf64> to tensor<?x?xf64>
  %sum, %mean, %max, %min, %prod, %arg = call @reductions(%x) : (tensor<?x?xf64>) -> (tensor<?xf64>, tensor<f64>, tensor<?x1xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xi64>)
  %0 = bufferization.to_buffer %sum : tensor<?xf64> to memref<?xf64>
  %1 = memref.cast %0 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%1) : (memref<*xf64>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [9, 12]
  %2 = bufferization.to_buffer %mean : tensor<f64> to memref<f64>
  %3 = memref.cast %2 : memref<f64> to memref<*xf64>
  call @printMemrefF64(%3) : (memref<*xf64>) -> ()
  // CHECK: rank = 0
  // CHECK-NEXT: [3.5]
  %4 = bufferization.to_buffer %max : tensor<?x1xf64> to memref<?x1xf64>
  %5 = memref.cast %4 : memref<?x1xf64> to memref<*xf64>
  call @printMemrefF64(%5) : (memref<*xf64>) -> ()
  // CHECK: sizes = [2, 1]
  // CHECK-NEXT: {{\[}}[5],
  // CHECK-NEXT:  [6]]
  %6 = bufferization.to_buffer %min : tensor<?xf64> to memref<?xf64>
  %7 = memref.cast %6 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%7) : (memref<*xf64>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [1, 2, 3]
  %8 = bufferization.to_buffer %prod : tensor<?xf64> to memref<?xf64>
  %9 = memref.cast %8 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%9) : (memref<*xf64>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [4, 10, 18]
  %10 = bufferization.to_buffer %arg : tensor<?xi64> to memref<?xi64>
  %11 = memref.cast %10 : memref<?xi64> to memref<*xi64>
  call @printMemrefI64(%11) : (memref<*xi64>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [1, 2]

  %big = arith.constant dense<[2000000000, 2000000000]> : tensor<2xi32>
  %bigd = tensor.cast %big : tensor<2xi32> to tensor<?xi32>
  %isum = call @int_sum(%bigd) : (tensor<?xi32>) -> tensor<i64>
  %12 = bufferization.to_buffer %isum : tensor<i64> to memref<i64>
  %13 = memref.cast %12 : memref<i64> to memref<*xi64>
  call @printMemrefI64(%13) : (memref<*xi64>) -> ()
  // CHECK: rank = 0
  // CHECK-NEXT: [4000000000]

  %bc = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]> : tensor<3x2xf64>
  %b = tensor.cast %bc : tensor<3x2xf64> to tensor<?x?xf64>
  %vc = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %v = tensor.cast %vc : tensor<3xf64> to tensor<?xf64>
  %wc = arith.constant dense<[1.0, -1.0]> : tensor<2xf64>
  %w = tensor.cast %wc : tensor<2xf64> to tensor<?xf64>
  %mm, %mv, %vm, %vv = call @dots(%x, %b, %v, %w) : (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<f64>)
  %14 = bufferization.to_buffer %mm : tensor<?x?xf64> to memref<?x?xf64>
  %15 = memref.cast %14 : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%15) : (memref<*xf64>) -> ()
  // CHECK: sizes = [2, 2]
  // CHECK-NEXT: {{\[}}[4, 8],
  // CHECK-NEXT:  [10, 8]]
  %16 = bufferization.to_buffer %mv : tensor<?xf64> to memref<?xf64>
  %17 = memref.cast %16 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%17) : (memref<*xf64>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [20, 26]
  %18 = bufferization.to_buffer %vm : tensor<?xf64> to memref<?xf64>
  %19 = memref.cast %18 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%19) : (memref<*xf64>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [-3, 3, -3]
  %20 = bufferization.to_buffer %vv : tensor<f64> to memref<f64>
  %21 = memref.cast %20 : memref<f64> to memref<*xf64>
  call @printMemrefF64(%21) : (memref<*xf64>) -> ()
  // CHECK: rank = 0
  // CHECK-NEXT: [14]

  %ia = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %fv = arith.constant dense<[0.5, 0.25, 0.125]> : tensor<3xf64>
  %md = call @mixed_dot(%ia, %fv) : (tensor<2x3xi32>, tensor<3xf64>) -> tensor<2xf64>
  %22 = bufferization.to_buffer %md : tensor<2xf64> to memref<2xf64>
  %23 = memref.cast %22 : memref<2xf64> to memref<*xf64>
  call @printMemrefF64(%23) : (memref<*xf64>) -> ()
  // CHECK: sizes = [2]
  // CHECK-NEXT: [1.375, 4]

  %n = arith.constant 6 : index
  %t, %r = call @shapes(%x, %n) : (tensor<?x?xf64>, index) -> (tensor<?x?xf64>, tensor<?xf64>)
  %24 = bufferization.to_buffer %t : tensor<?x?xf64> to memref<?x?xf64>
  %25 = memref.cast %24 : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%25) : (memref<*xf64>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: {{\[}}[1, 4],
  // CHECK-NEXT:  [5, 2],
  // CHECK-NEXT:  [3, 6]]
  %26 = bufferization.to_buffer %r : tensor<?xf64> to memref<?xf64>
  %27 = memref.cast %26 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%27) : (memref<*xf64>) -> ()
  // CHECK: sizes = [6]
  // CHECK-NEXT: [1, 4, 5, 2, 3, 6]

  // Back to two dynamic sizes (a row-major copy, see LowerToLinalg.cpp).
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %back = call @two_dynamic(%r, %c2, %c3) : (tensor<?xf64>, index, index) -> tensor<?x?xf64>
  %28 = bufferization.to_buffer %back : tensor<?x?xf64> to memref<?x?xf64>
  %29 = memref.cast %28 : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%29) : (memref<*xf64>) -> ()
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[}}[1, 4, 5],
  // CHECK-NEXT:  [2, 3, 6]]
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}
