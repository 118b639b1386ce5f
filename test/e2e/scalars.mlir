// The scalar semantics of the elementwise table: numpy's casts, NaN rules,
// round-half-to-even, integer powers and wrapping, bool arithmetic, and the
// numerically careful softplus/log1p/expm1/sigmoid.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

func.func @f64(%x: tensor<?xf64>) {
  %m = bufferization.to_buffer %x : tensor<?xf64> to memref<?xf64>
  %u = memref.cast %m : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}
func.func @i64(%x: tensor<?xi64>) {
  %m = bufferization.to_buffer %x : tensor<?xi64> to memref<?xi64>
  %u = memref.cast %m : memref<?xi64> to memref<*xi64>
  call @printMemrefI64(%u) : (memref<*xi64>) -> ()
  return
}
func.func @bool(%x: tensor<?xi1>) {
  %i = tj.cast %x : tensor<?xi1> -> tensor<?xi64>
  call @i64(%i) : (tensor<?xi64>) -> ()
  return
}

func.func @main() {
  %c = arith.constant dense<[-2.7, -0.5, 0.5, 1.5, 2.5, 0x7FF8000000000000]> : tensor<6xf64>
  %x = tensor.cast %c : tensor<6xf64> to tensor<?xf64>

  // Casts to int32 truncate toward zero (NaN excluded: undefined in numpy).
  %five5 = tensor.extract_slice %x[0] [5] [1] : tensor<?xf64> to tensor<5xf64>
  %five = tensor.cast %five5 : tensor<5xf64> to tensor<?xf64>
  %i = tj.cast %five : tensor<?xf64> -> tensor<?xi32>
  %i64 = tj.cast %i : tensor<?xi32> -> tensor<?xi64>
  call @i64(%i64) : (tensor<?xi64>) -> ()
  // CHECK: [-2, 0, 0, 1, 2]

  // Floats to bool are != 0, so NaN is true.
  %b = tj.cast %x : tensor<?xf64> -> tensor<?xi1>
  call @bool(%b) : (tensor<?xi1>) -> ()
  // CHECK: [1, 1, 1, 1, 1, 1]

  // round halves to even.
  %r = tj.round %x : (tensor<?xf64>) -> tensor<?xf64>
  call @f64(%r) : (tensor<?xf64>) -> ()
  // CHECK: [-3, -0, 0, 2, 2, nan]

  // x != x is true only for NaN; x < x is false for everything.
  %ne = tj.ne %x, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xi1>
  call @bool(%ne) : (tensor<?xi1>) -> ()
  // CHECK: [0, 0, 0, 0, 0, 1]

  // maximum propagates NaN.
  %zero = tj.constant dense<0.0> : tensor<f64>
  %mx = tj.maximum %x, %zero : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  call @f64(%mx) : (tensor<?xf64>) -> ()
  // CHECK: [0, 0, 0.5, 1.5, 2.5, nan]

  // argmax returns the first NaN if there is one.
  %am = tj.argmax %x axes = [0] : (tensor<?xf64>) -> tensor<i64>
  %amv = tensor.expand_shape %am [] output_shape [1] : tensor<i64> into tensor<1xi64>
  %amd = tensor.cast %amv : tensor<1xi64> to tensor<?xi64>
  call @i64(%amd) : (tensor<?xi64>) -> ()
  // CHECK: [5]

  // softplus, sigmoid, log1p and expm1 at the extremes.
  %e = arith.constant dense<[-1000.0, 1000.0, 1.0e-20]> : tensor<3xf64>
  %ed = tensor.cast %e : tensor<3xf64> to tensor<?xf64>
  %sp = tj.softplus %ed : (tensor<?xf64>) -> tensor<?xf64>
  call @f64(%sp) : (tensor<?xf64>) -> ()
  // CHECK: [0, 1000, 0.693147]
  %sg = tj.sigmoid %ed : (tensor<?xf64>) -> tensor<?xf64>
  call @f64(%sg) : (tensor<?xf64>) -> ()
  // CHECK: [0, 1, 0.5]
  %tiny1 = tensor.extract_slice %ed[2] [1] [1] : tensor<?xf64> to tensor<1xf64>
  %tiny = tensor.cast %tiny1 : tensor<1xf64> to tensor<?xf64>
  %lp = tj.log1p %tiny : (tensor<?xf64>) -> tensor<?xf64>
  call @f64(%lp) : (tensor<?xf64>) -> ()
  // CHECK: [1e-20]
  %em = tj.expm1 %ed : (tensor<?xf64>) -> tensor<?xf64>
  call @f64(%em) : (tensor<?xf64>) -> ()
  // CHECK: [-1, inf, 1e-20]

  // Integers: pow, neg, abs, true division, int8 wrapping.
  %ic = arith.constant dense<[-3, 2, 5]> : tensor<3xi64>
  %iv = tensor.cast %ic : tensor<3xi64> to tensor<?xi64>
  %three = tj.constant dense<3> : tensor<i64>
  %p = tj.pow %iv, %three : (tensor<?xi64>, tensor<i64>) -> tensor<?xi64>
  call @i64(%p) : (tensor<?xi64>) -> ()
  // CHECK: [-27, 8, 125]
  %n = tj.neg %iv : (tensor<?xi64>) -> tensor<?xi64>
  call @i64(%n) : (tensor<?xi64>) -> ()
  // CHECK: [3, -2, -5]
  %a = tj.abs %iv : (tensor<?xi64>) -> tensor<?xi64>
  call @i64(%a) : (tensor<?xi64>) -> ()
  // CHECK: [3, 2, 5]
  %two = tj.constant dense<2> : tensor<i64>
  %d = tj.div %iv, %two : (tensor<?xi64>, tensor<i64>) -> tensor<?xf64>
  call @f64(%d) : (tensor<?xf64>) -> ()
  // CHECK: [-1.5, 1, 2.5]
  %bytes = arith.constant dense<[127, -128]> : tensor<2xi8>
  %bd = tensor.cast %bytes : tensor<2xi8> to tensor<?xi8>
  %onei8 = tj.constant dense<1> : tensor<i8>
  %w = tj.add %bd, %onei8 : (tensor<?xi8>, tensor<i8>) -> tensor<?xi8>
  %w64 = tj.cast %w : tensor<?xi8> -> tensor<?xi64>
  call @i64(%w64) : (tensor<?xi64>) -> ()
  // CHECK: [-128, -127]

  // Bool arithmetic is logical (True + True is True) and bool compares
  // unsigned (True > False).
  %bc = arith.constant dense<[true, true, false, false]> : tensor<4xi1>
  %bb = arith.constant dense<[true, false, true, false]> : tensor<4xi1>
  %bcd = tensor.cast %bc : tensor<4xi1> to tensor<?xi1>
  %bbd = tensor.cast %bb : tensor<4xi1> to tensor<?xi1>
  %or = tj.add %bcd, %bbd : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  call @bool(%or) : (tensor<?xi1>) -> ()
  // CHECK: [1, 1, 1, 0]
  %gt = tj.gt %bcd, %bbd : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  call @bool(%gt) : (tensor<?xi1>) -> ()
  // CHECK: [0, 1, 0, 0]
  %bsum = tj.sum %bcd axes = [0] : (tensor<?xi1>) -> tensor<i64>
  %bsv = tensor.expand_shape %bsum [] output_shape [1] : tensor<i64> into tensor<1xi64>
  %bsd = tensor.cast %bsv : tensor<1xi64> to tensor<?xi64>
  call @i64(%bsd) : (tensor<?xi64>) -> ()
  // CHECK: [2]
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}
