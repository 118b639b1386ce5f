// Gradients built by tj-autodiff (the first pass of --tj-cpu-pipeline),
// compiled and run: the numbers, checked against values worked out by hand
// or with numpy.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

// d sum(x * x) / dx = 2x (x * x as one tj.mul: two cotangents added).
func.func @grad_square(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.mul %x, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// Logistic regression's loss, -mean(y log p + (1 - y) log(1 - p)) with
// p = sigmoid(X . w + b), and its gradients (one sweep for both):
// dw = X^T (p - y) / n, db = mean(p - y).
func.func @grad_logistic(%X: tensor<?x?xf64>, %y: tensor<?xf64>, %w: tensor<?xf64>, %b: tensor<f64>)
    -> (tensor<f64>, tensor<?xf64>, tensor<f64>) {
  %one = tj.constant dense<1.0> : tensor<f64>
  %xw = tj.dot %X, %w : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %z = tj.add %xw, %b : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  %p = tj.sigmoid %z : (tensor<?xf64>) -> tensor<?xf64>
  %lp = tj.log %p : (tensor<?xf64>) -> tensor<?xf64>
  %q = tj.sub %one, %p : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %lq = tj.log %q : (tensor<?xf64>) -> tensor<?xf64>
  %ny = tj.sub %one, %y : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %t1 = tj.mul %y, %lp : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %t2 = tj.mul %ny, %lq : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %ll = tj.add %t1, %t2 : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %m = tj.mean %ll axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %cost = tj.neg %m : (tensor<f64>) -> tensor<f64>
  %gw = tj.grad %cost, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gb = tj.grad %cost, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %cost, %gw, %gb : tensor<f64>, tensor<?xf64>, tensor<f64>
}

// d sum(tanh x) / dx = 1 - tanh(x)^2.
func.func @grad_sum_tanh(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.tanh %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// sum(a + b) with a (3, 1) and b (2) broadcast to (3, 2): each element of
// a is used twice, each element of b three times.
func.func @grad_broadcast_add(%a: tensor<?x1xf64>, %b: tensor<?xf64>) -> (tensor<?x1xf64>, tensor<?xf64>) {
  %s = tj.add %a, %b : (tensor<?x1xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  %c = tj.sum %s axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %ga = tj.grad %c, %a : (tensor<f64>, tensor<?x1xf64>) -> tensor<?x1xf64>
  %gb = tj.grad %c, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %ga, %gb : tensor<?x1xf64>, tensor<?xf64>
}

// sum(A . v): dA[i, j] = v[j] in every row, dv = the column sums of A.
func.func @grad_matvec(%A: tensor<?x?xf64>, %v: tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %y = tj.dot %A, %v : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gA = tj.grad %c, %A : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %gv = tj.grad %c, %v : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gA, %gv : tensor<?x?xf64>, tensor<?xf64>
}

// The second derivative of x^3 (written with tj.mul) through a grad of a
// gradient: d/dx sum(d/dx sum(x^3)) = d/dx sum(3x^2) = 6x.
func.func @grad_second_cube(%x: tensor<?xf64>) -> tensor<?xf64> {
  %x2 = tj.mul %x, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %x3 = tj.mul %x2, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %x3 axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %c2 = tj.sum %g axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gg = tj.grad %c2, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gg : tensor<?xf64>
}

// A grad of a gradient through sigmoid, dot and mean: g = grad(mean(
// sigmoid(A . w)), w), then grad(g . g, w); checked against numpy's
// central differences of g . g.
func.func @grad_second_logistic(%A: tensor<?x?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %z = tj.dot %A, %w : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %s = tj.sigmoid %z : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.mean %s axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %c2 = tj.dot %g, %g : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  %gg = tj.grad %c2, %w : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g, %gg : tensor<?xf64>, tensor<?xf64>
}

func.func @print0(%t: tensor<f64>) {
  %m = bufferization.to_buffer %t : tensor<f64> to memref<f64>
  %u = memref.cast %m : memref<f64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func @print1(%t: tensor<?xf64>) {
  %m = bufferization.to_buffer %t : tensor<?xf64> to memref<?xf64>
  %u = memref.cast %m : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func @print2(%t: tensor<?x?xf64>) {
  %m = bufferization.to_buffer %t : tensor<?x?xf64> to memref<?x?xf64>
  %u = memref.cast %m : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func @main() {
  %v123 = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %x123 = tensor.cast %v123 : tensor<3xf64> to tensor<?xf64>
  %r1 = call @grad_square(%x123) : (tensor<?xf64>) -> tensor<?xf64>
  call @print1(%r1) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [2, 4, 6]

  // X = [[1, 2], [-1, 0.5], [0, -2]], y = [1, 0, 1], w = [0.5, -0.25],
  // b = 0.1: z = [0.1, -0.525, 0.6], p = [0.524979, 0.371684, 0.645656].
  %Xc = arith.constant dense<[[1.0, 2.0], [-1.0, 0.5], [0.0, -2.0]]> : tensor<3x2xf64>
  %yc = arith.constant dense<[1.0, 0.0, 1.0]> : tensor<3xf64>
  %wc = arith.constant dense<[0.5, -0.25]> : tensor<2xf64>
  %b = arith.constant dense<0.1> : tensor<f64>
  %X = tensor.cast %Xc : tensor<3x2xf64> to tensor<?x?xf64>
  %y = tensor.cast %yc : tensor<3xf64> to tensor<?xf64>
  %w = tensor.cast %wc : tensor<2xf64> to tensor<?xf64>
  %loss, %gw, %gb = call @grad_logistic(%X, %y, %w, %b)
      : (tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<f64>) -> (tensor<f64>, tensor<?xf64>, tensor<f64>)
  call @print0(%loss) : (tensor<f64>) -> ()
  call @print1(%gw) : (tensor<?xf64>) -> ()
  call @print0(%gb) : (tensor<f64>) -> ()
  // CHECK: sizes = [] strides = [] data =
  // CHECK-NEXT: [0.515532]
  // CHECK: sizes = [2] strides = [1] data =
  // CHECK-NEXT: [-0.282235, -0.0185041]
  // CHECK: sizes = [] strides = [] data =
  // CHECK-NEXT: [-0.15256]

  %tc = arith.constant dense<[0.0, 0.5, -1.0]> : tensor<3xf64>
  %t = tensor.cast %tc : tensor<3xf64> to tensor<?xf64>
  %r3 = call @grad_sum_tanh(%t) : (tensor<?xf64>) -> tensor<?xf64>
  call @print1(%r3) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 0.786448, 0.419974]

  %colc = arith.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf64>
  %rowc = arith.constant dense<[10.0, 20.0]> : tensor<2xf64>
  %col = tensor.cast %colc : tensor<3x1xf64> to tensor<?x1xf64>
  %row = tensor.cast %rowc : tensor<2xf64> to tensor<?xf64>
  %ga, %gbb = call @grad_broadcast_add(%col, %row) : (tensor<?x1xf64>, tensor<?xf64>) -> (tensor<?x1xf64>, tensor<?xf64>)
  %gad = tensor.cast %ga : tensor<?x1xf64> to tensor<?x?xf64>
  call @print2(%gad) : (tensor<?x?xf64>) -> ()
  call @print1(%gbb) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [3, 1] strides = [1, 1] data =
  // CHECK-NEXT: {{\[}}[2],
  // CHECK-NEXT:  [2],
  // CHECK-NEXT:  [2]]
  // CHECK: sizes = [2] strides = [1] data =
  // CHECK-NEXT: [3, 3]

  %Ac = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>
  %vc = arith.constant dense<[1.0, -1.0, 2.0]> : tensor<3xf64>
  %A = tensor.cast %Ac : tensor<2x3xf64> to tensor<?x?xf64>
  %v = tensor.cast %vc : tensor<3xf64> to tensor<?xf64>
  %gA, %gv = call @grad_matvec(%A, %v) : (tensor<?x?xf64>, tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>)
  call @print2(%gA) : (tensor<?x?xf64>) -> ()
  call @print1(%gv) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[1, -1, 2],
  // CHECK-NEXT:  [1, -1, 2]]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [5, 7, 9]

  // 6x at x = 2 and x = -1.
  %sc = arith.constant dense<[2.0, -1.0]> : tensor<2xf64>
  %s = tensor.cast %sc : tensor<2xf64> to tensor<?xf64>
  %r6 = call @grad_second_cube(%s) : (tensor<?xf64>) -> tensor<?xf64>
  call @print1(%r6) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [2] strides = [1] data =
  // CHECK-NEXT: [12, -6]

  // A = X and w above: g = A^T (p (1 - p)) / 3 with p = sigmoid(A . w).
  %g1, %g2 = call @grad_second_logistic(%X, %w) : (tensor<?x?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  call @print1(%g1) : (tensor<?xf64>) -> ()
  call @print1(%g2) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [2] strides = [1] data =
  // CHECK-NEXT: [0.0076361, 0.0478461]
  // CHECK: sizes = [2] strides = [1] data =
  // CHECK-NEXT: [-0.000746409, -0.00697045]
  // CHECK-NOT: data =
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
