// The seed's logistic function 1 / (1 + exp(-x)), lowered by the CPU
// pipeline and run by mlir-runner.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s
// The same function as scripts/demo runs it, from examples/:
// RUN: tensorjit-opt %S/../../examples/seed_logistic.mlir --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s --check-prefix=EXAMPLE
// EXAMPLE: sizes = [2, 2] strides = [2, 1] data =
// EXAMPLE-NEXT: {{\[}}[0.5, 0.731059],
// EXAMPLE-NEXT: [0.268941, 0.119203]]

func.func @logistic(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %n = tj.neg %x : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %e = tj.exp %n : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %d = tj.add %one, %e : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %s = tj.div %one, %d : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// The same numbers through tj.sigmoid and through (1 + tanh(x / 2)) / 2.
func.func @sigmoid(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %s = tj.sigmoid %x : (tensor<?x?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

func.func @tanh_form(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %two = tj.constant dense<2.0> : tensor<f64>
  %h = tj.div %x, %two : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
  %t = tj.tanh %h : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %p = tj.add %one, %t : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %s = tj.div %p, %two : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

func.func @print(%t: tensor<?x?xf64>) {
  %m = bufferization.to_buffer %t : tensor<?x?xf64> to memref<?x?xf64>
  %u = memref.cast %m : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func @main() {
  %c = arith.constant dense<[[0.0, 1.0], [-1.0, -2.0]]> : tensor<2x2xf64>
  %x = tensor.cast %c : tensor<2x2xf64> to tensor<?x?xf64>
  %a = call @logistic(%x) : (tensor<?x?xf64>) -> tensor<?x?xf64>
  call @print(%a) : (tensor<?x?xf64>) -> ()
  %b = call @sigmoid(%x) : (tensor<?x?xf64>) -> tensor<?x?xf64>
  call @print(%b) : (tensor<?x?xf64>) -> ()
  %c2 = call @tanh_form(%x) : (tensor<?x?xf64>) -> tensor<?x?xf64>
  call @print(%c2) : (tensor<?x?xf64>) -> ()
  return
}
// logistic, sigmoid and the tanh form each print the seed's numbers:
// CHECK: sizes = [2, 2] strides = [2, 1] data =
// CHECK-NEXT: {{\[}}[0.5, 0.731059],
// CHECK-NEXT: [0.268941, 0.119203]]
// CHECK: sizes = [2, 2] strides = [2, 1] data =
// CHECK-NEXT: {{\[}}[0.5, 0.731059],
// CHECK-NEXT: [0.268941, 0.119203]]
// CHECK: sizes = [2, 2] strides = [2, 1] data =
// CHECK-NEXT: {{\[}}[0.5, 0.731059],
// CHECK-NEXT: [0.268941, 0.119203]]
// CHECK-NOT: data =

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
