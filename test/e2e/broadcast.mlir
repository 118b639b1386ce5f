// numpy broadcasting, decided statically (size-1 dims in the type) and at
// run time (dynamic dims that turn out to be 1), with dtype promotion.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

// (?, 1) + (?,): the 1 is in the type.
func.func @static_pattern(%a: tensor<?x1xf64>, %b: tensor<?xf64>) -> tensor<?x?xf64> {
  %s = tj.add %a, %b : (tensor<?x1xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// (?, ?) * (?, ?) where the sizes are (3, 1) and (1, 2) at run time.
func.func @runtime_pattern(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %s = tj.mul %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// int32 (3, 1) - float32 (2,) promotes to float64 (numpy).
func.func @promote(%a: tensor<3x1xi32>, %b: tensor<2xf32>) -> tensor<3x2xf64> {
  %s = tj.sub %a, %b : (tensor<3x1xi32>, tensor<2xf32>) -> tensor<3x2xf64>
  return %s : tensor<3x2xf64>
}

// where(a > 1.5, a, b) with a column and a row.
func.func @where(%a: tensor<?x1xf64>, %b: tensor<?xf64>) -> tensor<?x?xf64> {
  %t = tj.constant dense<1.5> : tensor<f64>
  %c = tj.gt %a, %t : (tensor<?x1xf64>, tensor<f64>) -> tensor<?x1xi1>
  %s = tj.select %c, %a, %b : (tensor<?x1xi1>, tensor<?x1xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// broadcast_to a run-time size.
func.func @broadcast_to(%v: tensor<?xf64>, %n: index) -> tensor<?x?xf64> {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %v, %c0 : tensor<?xf64>
  %b = tj.broadcast_to %v [%n, %m] : tensor<?xf64> -> tensor<?x?xf64>
  return %b : tensor<?x?xf64>
}

func.func @print(%t: tensor<?x?xf64>) {
  %m = bufferization.to_buffer %t : tensor<?x?xf64> to memref<?x?xf64>
  %u = memref.cast %m : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func @main() {
  %col = arith.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf64>
  %row = arith.constant dense<[[10.0, 20.0]]> : tensor<1x2xf64>
  %vec = arith.constant dense<[10.0, 20.0]> : tensor<2xf64>
  %col_d = tensor.cast %col : tensor<3x1xf64> to tensor<?x1xf64>
  %vec_d = tensor.cast %vec : tensor<2xf64> to tensor<?xf64>

  %r1 = call @static_pattern(%col_d, %vec_d) : (tensor<?x1xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  call @print(%r1) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: {{\[}}[11, 21],
  // CHECK-NEXT:  [12, 22],
  // CHECK-NEXT:  [13, 23]]

  %col_dd = tensor.cast %col : tensor<3x1xf64> to tensor<?x?xf64>
  %row_dd = tensor.cast %row : tensor<1x2xf64> to tensor<?x?xf64>
  %r2 = call @runtime_pattern(%col_dd, %row_dd) : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  call @print(%r2) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: {{\[}}[10, 20],
  // CHECK-NEXT:  [20, 40],
  // CHECK-NEXT:  [30, 60]]
  %r2b = call @runtime_pattern(%row_dd, %col_dd) : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  call @print(%r2b) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: {{\[}}[10, 20],
  // CHECK-NEXT:  [20, 40],
  // CHECK-NEXT:  [30, 60]]

  %icol = arith.constant dense<[[1], [2], [3]]> : tensor<3x1xi32>
  %frow = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %r3 = call @promote(%icol, %frow) : (tensor<3x1xi32>, tensor<2xf32>) -> tensor<3x2xf64>
  %r3d = tensor.cast %r3 : tensor<3x2xf64> to tensor<?x?xf64>
  call @print(%r3d) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: {{\[}}[0.5, 0.75],
  // CHECK-NEXT:  [1.5, 1.75],
  // CHECK-NEXT:  [2.5, 2.75]]

  %r4 = call @where(%col_d, %vec_d) : (tensor<?x1xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  call @print(%r4) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [3, 2]
  // CHECK-NEXT: {{\[}}[10, 20],
  // CHECK-NEXT:  [2, 2],
  // CHECK-NEXT:  [3, 3]]

  %n = arith.constant 2 : index
  %r5 = call @broadcast_to(%vec_d, %n) : (tensor<?xf64>, index) -> tensor<?x?xf64>
  call @print(%r5) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 2]
  // CHECK-NEXT: {{\[}}[10, 20],
  // CHECK-NEXT:  [10, 20]]
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
