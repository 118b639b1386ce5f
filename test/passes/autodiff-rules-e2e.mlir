// The number every gradient rule gives, run end to end (--tj-cpu-pipeline,
// whose first pass is tj-autodiff): one grad per rule at fixed points,
// checked against the derivative worked out by hand or with numpy. Where
// the cost sums a reduction or a shape op, it is weighted (by a dot or a
// product with fixed weights) so that the incoming cotangent is not all
// ones.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

// Unary rules: the gradient of sum(f(x)) is f'(x), at x = [0.25, -0.5, 2]
// (log, log1p and sqrt at xp = [0.25, 0.5, 2]).
func.func @grad_unary(%x: tensor<?xf64>, %xp: tensor<?xf64>)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %y_neg = tj.neg %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_neg = tj.sum %y_neg axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_neg = tj.grad %c_neg, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_abs = tj.abs %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_abs = tj.sum %y_abs axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_abs = tj.grad %c_abs, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_sqr = tj.sqr %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_sqr = tj.sum %y_sqr axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_sqr = tj.grad %c_sqr, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_exp = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_exp = tj.sum %y_exp axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_exp = tj.grad %c_exp, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_expm1 = tj.expm1 %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_expm1 = tj.sum %y_expm1 axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_expm1 = tj.grad %c_expm1, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_tanh = tj.tanh %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_tanh = tj.sum %y_tanh axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_tanh = tj.grad %c_tanh, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_sigmoid = tj.sigmoid %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_sigmoid = tj.sum %y_sigmoid axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_sigmoid = tj.grad %c_sigmoid, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_softplus = tj.softplus %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_softplus = tj.sum %y_softplus axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_softplus = tj.grad %c_softplus, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_sin = tj.sin %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_sin = tj.sum %y_sin axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_sin = tj.grad %c_sin, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_cos = tj.cos %x : (tensor<?xf64>) -> tensor<?xf64>
  %c_cos = tj.sum %y_cos axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_cos = tj.grad %c_cos, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_log = tj.log %xp : (tensor<?xf64>) -> tensor<?xf64>
  %c_log = tj.sum %y_log axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_log = tj.grad %c_log, %xp : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_log1p = tj.log1p %xp : (tensor<?xf64>) -> tensor<?xf64>
  %c_log1p = tj.sum %y_log1p axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_log1p = tj.grad %c_log1p, %xp : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %y_sqrt = tj.sqrt %xp : (tensor<?xf64>) -> tensor<?xf64>
  %c_sqrt = tj.sum %y_sqrt axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_sqrt = tj.grad %c_sqrt, %xp : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g_neg, %g_abs, %g_sqr, %g_exp, %g_expm1, %g_tanh, %g_sigmoid, %g_softplus, %g_sin, %g_cos, %g_log, %g_log1p, %g_sqrt
      : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// Binary rules at a = [0.5, 2, 1.5], b = [1.5, 2, -0.5]: d(a op b)/da and
// d(a op b)/db, the cost being sum(a op b).
func.func @grad_binary(%a: tensor<?xf64>, %b: tensor<?xf64>)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
        tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
        tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %add = tj.add %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_add = tj.sum %add axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %add_a = tj.grad %c_add, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %add_b = tj.grad %c_add, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %sub = tj.sub %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_sub = tj.sum %sub axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %sub_a = tj.grad %c_sub, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %sub_b = tj.grad %c_sub, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %mul = tj.mul %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_mul = tj.sum %mul axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %mul_a = tj.grad %c_mul, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %mul_b = tj.grad %c_mul, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %div = tj.div %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_div = tj.sum %div axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %div_a = tj.grad %c_div, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %div_b = tj.grad %c_div, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %pow = tj.pow %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_pow = tj.sum %pow axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %pow_a = tj.grad %c_pow, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %pow_b = tj.grad %c_pow, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %max = tj.maximum %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_max = tj.sum %max axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %max_a = tj.grad %c_max, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %max_b = tj.grad %c_max, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %min = tj.minimum %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_min = tj.sum %min axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %min_a = tj.grad %c_min, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %min_b = tj.grad %c_min, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %add_a, %add_b, %sub_a, %sub_b, %mul_a, %mul_b, %div_a, %div_b,
         %pow_a, %pow_b, %max_a, %max_b, %min_a, %min_b
      : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
        tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
        tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// select(a > 1, a * a, b): 2a where a > 1, else 0; b gets 1 where a <= 1.
func.func @grad_select(%a: tensor<?xf64>, %b: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %one = tj.constant dense<1.0> : tensor<f64>
  %p = tj.gt %a, %one : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
  %sq = tj.mul %a, %a : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %s = tj.select %p, %sq, %b : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %s axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %ga = tj.grad %c, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gb = tj.grad %c, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %ga, %gb : tensor<?xf64>, tensor<?xf64>
}

// Reductions of X = [[1, 5, 5], [4, 2, 6]], each weighted by dot with w so
// that the incoming cotangent is not all ones:
//   max axes [1] (rows 5, 6) . [2, 3]: the tie 5, 5 shares 2, 1 each.
//   min axes [0] keepdims (1, 2, 5), reshaped (1, 3) -> (3), . [1, 2, 3].
//   mean axes [0, 1]: 1/6 everywhere.
//   prod axes [1] (25, 48) . [2, 3]: 2 * 25 / x in row 0, 3 * 48 / x in row 1.
func.func @grad_reductions(%x: tensor<?x?xf64>, %w2: tensor<?xf64>, %w3: tensor<3xf64>)
    -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %max = tj.max %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  %c_max = tj.dot %max, %w2 : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  %g_max = tj.grad %c_max, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %min = tj.min %x axes = [0] keepdims : (tensor<?x?xf64>) -> tensor<1x?xf64>
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c1 : tensor<?x?xf64>
  %min_v = tj.reshape %min[%n] : tensor<1x?xf64> -> tensor<?xf64>
  %c_min = tj.dot %min_v, %w3 : (tensor<?xf64>, tensor<3xf64>) -> tensor<f64>
  %g_min = tj.grad %c_min, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %mean = tj.mean %x axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %g_mean = tj.grad %mean, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %prod = tj.prod %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  %c_prod = tj.dot %prod, %w2 : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  %g_prod = tj.grad %c_prod, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g_max, %g_min, %g_mean, %g_prod : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}

// The four dot forms with A = [[1, 2, 3], [4, 5, 6]], B = [[1, 2], [3, 4],
// [5, 6]], u = [1, -1], v = [1, -1, 2], t = [3, 0.5, -1]:
//   sum(A . B): dA = 1 . B^T (rows [3, 7, 11]), dB = A^T . 1 (rows 5, 7, 9).
//   sum(u . A): du = A . 1 = [6, 15], dA = outer(u, 1).
//   v . t: dv = t, dt = v.
func.func @grad_dots(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %u: tensor<?xf64>, %v: tensor<?xf64>, %t: tensor<?xf64>)
    -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %mm = tj.dot %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %c_mm = tj.sum %mm axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %mm_a = tj.grad %c_mm, %a : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %mm_b = tj.grad %c_mm, %b : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %vm = tj.dot %u, %a : (tensor<?xf64>, tensor<?x?xf64>) -> tensor<?xf64>
  %c_vm = tj.sum %vm axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %vm_u = tj.grad %c_vm, %u : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %vm_a = tj.grad %c_vm, %a : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %vv = tj.dot %v, %t : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  %vv_v = tj.grad %vv, %v : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %vv_t = tj.grad %vv, %t : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %mm_a, %mm_b, %vm_u, %vm_a, %vv_v, %vv_t
      : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
}

// Shape ops, each weighted by W = [[1, 2, 3], [4, 5, 6]] in some layout:
//   transpose (2, 3, 1) -> (3, 1, 2) by [1, 2, 0], weighted by
//   [[[1, 2]], [[3, 4]], [[5, 6]]]: the inverse permutation [2, 0, 1] gives
//   [[[1], [3], [5]], [[2], [4], [6]]].
//   reshape (2, 3) -> (6), weighted by [1 .. 6]: [[1, 2, 3], [4, 5, 6]].
//   broadcast_to (3) -> (2, 3), weighted by W: the column sums [5, 7, 9].
func.func @grad_shapes(%x3: tensor<2x3x1xf64>, %w3: tensor<3x1x2xf64>,
                       %x: tensor<?x?xf64>, %w6: tensor<6xf64>,
                       %v: tensor<?xf64>, %w: tensor<2x3xf64>)
    -> (tensor<2x3x1xf64>, tensor<?x?xf64>, tensor<?xf64>) {
  %t = tj.transpose %x3 permutation = [1, 2, 0] : (tensor<2x3x1xf64>) -> tensor<3x1x2xf64>
  %tw = tj.mul %t, %w3 : (tensor<3x1x2xf64>, tensor<3x1x2xf64>) -> tensor<3x1x2xf64>
  %c_t = tj.sum %tw axes = [0, 1, 2] : (tensor<3x1x2xf64>) -> tensor<f64>
  %g_t = tj.grad %c_t, %x3 : (tensor<f64>, tensor<2x3x1xf64>) -> tensor<2x3x1xf64>
  %n = arith.constant 6 : index
  %r = tj.reshape %x[%n] : tensor<?x?xf64> -> tensor<?xf64>
  %c_r = tj.dot %r, %w6 : (tensor<?xf64>, tensor<6xf64>) -> tensor<f64>
  %g_r = tj.grad %c_r, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %b = tj.broadcast_to %v : tensor<?xf64> -> tensor<2x3xf64>
  %bw = tj.mul %b, %w : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %c_b = tj.sum %bw axes = [0, 1] : (tensor<2x3xf64>) -> tensor<f64>
  %g_b = tj.grad %c_b, %v : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g_t, %g_r, %g_b : tensor<2x3x1xf64>, tensor<?x?xf64>, tensor<?xf64>
}

// dtypes: sum(cast(x, f64)^2) for x: f32 is 2x in f32; an f32 (3) times an
// f64 (2, 3) W gets the column sums of W in f32; an f64 times an i32 k gets
// k (k itself gets nothing).
func.func @grad_dtypes(%x: tensor<?xf32>, %w: tensor<2x3xf64>, %y: tensor<?xf64>, %k: tensor<?xi32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf64>) {
  %c = tj.cast %x : tensor<?xf32> -> tensor<?xf64>
  %sq = tj.mul %c, %c : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c_sq = tj.sum %sq axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_cast = tj.grad %c_sq, %x : (tensor<f64>, tensor<?xf32>) -> tensor<?xf32>
  %m = tj.mul %x, %w : (tensor<?xf32>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %c_m = tj.sum %m axes = [0, 1] : (tensor<2x3xf64>) -> tensor<f64>
  %g_mixed = tj.grad %c_m, %x : (tensor<f64>, tensor<?xf32>) -> tensor<?xf32>
  %yk = tj.mul %y, %k : (tensor<?xf64>, tensor<?xi32>) -> tensor<?xf64>
  %c_yk = tj.sum %yk axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g_int = tj.grad %c_yk, %y : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g_cast, %g_mixed, %g_int : tensor<?xf32>, tensor<?xf32>, tensor<?xf64>
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

func.func @print3(%t: tensor<?x?x?xf64>) {
  %m = bufferization.to_buffer %t : tensor<?x?x?xf64> to memref<?x?x?xf64>
  %u = memref.cast %m : memref<?x?x?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func @print1f32(%t: tensor<?xf32>) {
  %m = bufferization.to_buffer %t : tensor<?xf32> to memref<?xf32>
  %u = memref.cast %m : memref<?xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}

func.func @main() {
  %xc = arith.constant dense<[0.25, -0.5, 2.0]> : tensor<3xf64>
  %x = tensor.cast %xc : tensor<3xf64> to tensor<?xf64>
  %xpc = arith.constant dense<[0.25, 0.5, 2.0]> : tensor<3xf64>
  %xp = tensor.cast %xpc : tensor<3xf64> to tensor<?xf64>
  %u_neg, %u_abs, %u_sqr, %u_exp, %u_expm1, %u_tanh, %u_sigmoid, %u_softplus, %u_sin, %u_cos, %u_log, %u_log1p, %u_sqrt = call @grad_unary(%x, %xp)
      : (tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
  call @print1(%u_neg) : (tensor<?xf64>) -> ()
  // neg: -1
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [-1, -1, -1]
  call @print1(%u_abs) : (tensor<?xf64>) -> ()
  // abs: sign(x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, -1, 1]
  call @print1(%u_sqr) : (tensor<?xf64>) -> ()
  // sqr: 2x
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.5, -1, 4]
  call @print1(%u_exp) : (tensor<?xf64>) -> ()
  // exp: exp(x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1.28403, 0.606531, 7.38906]
  call @print1(%u_expm1) : (tensor<?xf64>) -> ()
  // expm1: exp(x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1.28403, 0.606531, 7.38906]
  call @print1(%u_tanh) : (tensor<?xf64>) -> ()
  // tanh: 1 - tanh(x)^2
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.940015, 0.786448, 0.0706508]
  call @print1(%u_sigmoid) : (tensor<?xf64>) -> ()
  // sigmoid: s (1 - s), s = sigmoid(x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.246134, 0.235004, 0.104994]
  call @print1(%u_softplus) : (tensor<?xf64>) -> ()
  // softplus: sigmoid(x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.562177, 0.377541, 0.880797]
  call @print1(%u_sin) : (tensor<?xf64>) -> ()
  // sin: cos(x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.968912, 0.877583, -0.416147]
  call @print1(%u_cos) : (tensor<?xf64>) -> ()
  // cos: -sin(x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [-0.247404, 0.479426, -0.909297]
  call @print1(%u_log) : (tensor<?xf64>) -> ()
  // log: 1 / x
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [4, 2, 0.5]
  call @print1(%u_log1p) : (tensor<?xf64>) -> ()
  // log1p: 1 / (1 + x)
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.8, 0.666667, 0.333333]
  call @print1(%u_sqrt) : (tensor<?xf64>) -> ()
  // sqrt: 1 / (2 sqrt(x))
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 0.707107, 0.353553]

  %ac = arith.constant dense<[0.5, 2.0, 1.5]> : tensor<3xf64>
  %bc = arith.constant dense<[1.5, 2.0, -0.5]> : tensor<3xf64>
  %a = tensor.cast %ac : tensor<3xf64> to tensor<?xf64>
  %b = tensor.cast %bc : tensor<3xf64> to tensor<?xf64>
  %add_a, %add_b, %sub_a, %sub_b, %mul_a, %mul_b, %div_a, %div_b, %pow_a, %pow_b, %max_a, %max_b, %min_a, %min_b = call @grad_binary(%a, %b)
      : (tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
        tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>,
        tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
  call @print1(%add_a) : (tensor<?xf64>) -> ()
  call @print1(%add_b) : (tensor<?xf64>) -> ()
  // add: 1 and 1.
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 1, 1]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 1, 1]
  call @print1(%sub_a) : (tensor<?xf64>) -> ()
  call @print1(%sub_b) : (tensor<?xf64>) -> ()
  // sub: 1 and -1.
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 1, 1]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [-1, -1, -1]
  call @print1(%mul_a) : (tensor<?xf64>) -> ()
  call @print1(%mul_b) : (tensor<?xf64>) -> ()
  // mul: b and a.
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1.5, 2, -0.5]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.5, 2, 1.5]
  call @print1(%div_a) : (tensor<?xf64>) -> ()
  call @print1(%div_b) : (tensor<?xf64>) -> ()
  // div: 1 / b and -a / b^2.
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0.666667, 0.5, -2]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [-0.222222, -0.5, -6]
  call @print1(%pow_a) : (tensor<?xf64>) -> ()
  call @print1(%pow_b) : (tensor<?xf64>) -> ()
  // pow: b a^(b - 1) and log(a) a^b.
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1.06066, 4, -0.272166]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [-0.245065, 2.77259, 0.331061]
  call @print1(%max_a) : (tensor<?xf64>) -> ()
  call @print1(%max_b) : (tensor<?xf64>) -> ()
  // maximum: 1 where the operand is the max; the tie 2 = 2 gives 0.5 to each.
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0, 0.5, 1]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 0.5, 0]
  call @print1(%min_a) : (tensor<?xf64>) -> ()
  call @print1(%min_b) : (tensor<?xf64>) -> ()
  // minimum: the same for the min.
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 0.5, 0]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0, 0.5, 1]

  %sel_a, %sel_b = call @grad_select(%a, %b) : (tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  call @print1(%sel_a) : (tensor<?xf64>) -> ()
  call @print1(%sel_b) : (tensor<?xf64>) -> ()
  // a > 1 is [false, true, true].
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [0, 4, 3]
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 0, 0]

  %rc = arith.constant dense<[[1.0, 5.0, 5.0], [4.0, 2.0, 6.0]]> : tensor<2x3xf64>
  %r = tensor.cast %rc : tensor<2x3xf64> to tensor<?x?xf64>
  %w2c = arith.constant dense<[2.0, 3.0]> : tensor<2xf64>
  %w2 = tensor.cast %w2c : tensor<2xf64> to tensor<?xf64>
  %w3 = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %g_max, %g_min, %g_mean, %g_prod = call @grad_reductions(%r, %w2, %w3)
      : (tensor<?x?xf64>, tensor<?xf64>, tensor<3xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>)
  call @print2(%g_max) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[0, 1, 1],
  // CHECK-NEXT:  [0, 0, 3]]
  call @print2(%g_min) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[1, 0, 3],
  // CHECK-NEXT:  [0, 2, 0]]
  call @print2(%g_mean) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[0.166667, 0.166667, 0.166667],
  // CHECK-NEXT:  [0.166667, 0.166667, 0.166667]]
  call @print2(%g_prod) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[50, 10, 10],
  // CHECK-NEXT:  [36, 72, 24]]

  %Ac = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>
  %Bc = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf64>
  %uc = arith.constant dense<[1.0, -1.0]> : tensor<2xf64>
  %vc = arith.constant dense<[1.0, -1.0, 2.0]> : tensor<3xf64>
  %tc = arith.constant dense<[3.0, 0.5, -1.0]> : tensor<3xf64>
  %A = tensor.cast %Ac : tensor<2x3xf64> to tensor<?x?xf64>
  %B = tensor.cast %Bc : tensor<3x2xf64> to tensor<?x?xf64>
  %u = tensor.cast %uc : tensor<2xf64> to tensor<?xf64>
  %v = tensor.cast %vc : tensor<3xf64> to tensor<?xf64>
  %t = tensor.cast %tc : tensor<3xf64> to tensor<?xf64>
  %mm_a, %mm_b, %vm_u, %vm_a, %vv_v, %vv_t = call @grad_dots(%A, %B, %u, %v, %t)
      : (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>)
     -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>)
  call @print2(%mm_a) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[3, 7, 11],
  // CHECK-NEXT:  [3, 7, 11]]
  call @print2(%mm_b) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [3, 2] strides = [2, 1] data =
  // CHECK-NEXT: {{\[}}[5, 5],
  // CHECK-NEXT:  [7, 7],
  // CHECK-NEXT:  [9, 9]]
  call @print1(%vm_u) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [2] strides = [1] data =
  // CHECK-NEXT: [6, 15]
  call @print2(%vm_a) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[1, 1, 1],
  // CHECK-NEXT:  [-1, -1, -1]]
  call @print1(%vv_v) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [3, 0.5, -1]
  call @print1(%vv_t) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, -1, 2]

  %x3 = arith.constant dense<0.0> : tensor<2x3x1xf64>
  %wt = arith.constant dense<[[[1.0, 2.0]], [[3.0, 4.0]], [[5.0, 6.0]]]> : tensor<3x1x2xf64>
  %w6 = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf64>
  %g_t, %g_r, %g_b = call @grad_shapes(%x3, %wt, %A, %w6, %v, %Ac)
      : (tensor<2x3x1xf64>, tensor<3x1x2xf64>, tensor<?x?xf64>, tensor<6xf64>, tensor<?xf64>, tensor<2x3xf64>)
     -> (tensor<2x3x1xf64>, tensor<?x?xf64>, tensor<?xf64>)
  %g_td = tensor.cast %g_t : tensor<2x3x1xf64> to tensor<?x?x?xf64>
  call @print3(%g_td) : (tensor<?x?x?xf64>) -> ()
  // CHECK: sizes = [2, 3, 1] strides = [3, 1, 1] data =
  // CHECK-NEXT: {{\[}}{{\[}}[1],
  // CHECK-NEXT:   [3],
  // CHECK-NEXT:   [5]],
  // CHECK-NEXT:  {{\[}}[2],
  // CHECK-NEXT:   [4],
  // CHECK-NEXT:   [6]]]
  call @print2(%g_r) : (tensor<?x?xf64>) -> ()
  // CHECK: sizes = [2, 3] strides = [3, 1] data =
  // CHECK-NEXT: {{\[}}[1, 2, 3],
  // CHECK-NEXT:  [4, 5, 6]]
  call @print1(%g_b) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [5, 7, 9]

  %fc = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %f = tensor.cast %fc : tensor<3xf32> to tensor<?xf32>
  %kc = arith.constant dense<[1, 2, 3]> : tensor<3xi32>
  %k = tensor.cast %kc : tensor<3xi32> to tensor<?xi32>
  %g_cast, %g_mixed, %g_int = call @grad_dtypes(%f, %Ac, %x, %k)
      : (tensor<?xf32>, tensor<2x3xf64>, tensor<?xf64>, tensor<?xi32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf64>)
  call @print1f32(%g_cast) : (tensor<?xf32>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [2, 4, 6]
  call @print1f32(%g_mixed) : (tensor<?xf32>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [5, 7, 9]
  call @print1(%g_int) : (tensor<?xf64>) -> ()
  // CHECK: sizes = [3] strides = [1] data =
  // CHECK-NEXT: [1, 2, 3]
  // CHECK-NOT: data =
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
