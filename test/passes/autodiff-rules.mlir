// tj-autodiff, one case per gradient rule (the VJPOpInterface rules in
// dialects/tj/TjVJP.cpp) and for `unbroadcast`. Each case differentiates
// cost = sum(op(x)) (or a 0-d op directly), so the backward sweep starts
// with the seed dense<1.0> : tensor<f64> that the sum's rule broadcasts back
// to x's shape (reshape to 1s, broadcast_to with the summed input's sizes);
// the rule's ops come after it and their result is what the function
// returns in place of the tj.grad.
//
// Where a rule builds two ops as arguments of one call, C++ leaves their
// order to the compiler (GCC builds the last argument first, Clang the
// first): those are matched with CHECK-DAG.
//
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-autodiff | FileCheck %s
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-autodiff | FileCheck %s --check-prefix=NOGRAD
//
// No tj.grad survives anywhere in the output.
// NOGRAD-NOT: tj.grad

//===----------------------------------------------------------------------===//
// The seed and sum (no keepdims) over all axes
//===----------------------------------------------------------------------===//

// d sum(exp x) / dx = g * exp(x), with g the seed 1.0 reshaped to (1) and
// broadcast to the size of the summed value exp(x). The rule reuses the
// forward result: no second tj.exp.
// CHECK-LABEL: func.func @exp(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.exp %[[X]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK:         tj.sum %[[Y]] axes = [0]
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ONES:.*]] = tj.reshape %[[ONE]] : tensor<f64> -> tensor<1xf64>
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[Y]], %[[C0]] : tensor<?xf64>
// CHECK:         %[[G:.*]] = tj.broadcast_to %[[ONES]][%[[N]]] : tensor<1xf64> -> tensor<?xf64>
// CHECK-NOT:     tj.exp
// CHECK:         %[[R:.*]] = tj.mul %[[G]], %[[Y]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @exp(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// A rank-2 sum over both axes: the seed becomes (1, 1), broadcast to both
// sizes of the summed value.
// CHECK-LABEL: func.func @sum_all_rank2(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ONES:.*]] = tj.reshape %[[ONE]] : tensor<f64> -> tensor<1x1xf64>
// CHECK:         %[[N0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xf64>
// CHECK:         %[[N1:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xf64>
// CHECK:         %[[G:.*]] = tj.broadcast_to %[[ONES]][%[[N0]], %[[N1]]] : tensor<1x1xf64> -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[G]] : tensor<?x?xf64>
func.func @sum_all_rank2(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c = tj.sum %x axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// sum with keepdims: its cotangent (?, 1) is already at the input's rank and
// is broadcast back without a reshape.
// CHECK-LABEL: func.func @sum_keepdims(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK:         %[[S:.*]] = tj.sum %[[X]] axes = [1] keepdims
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<?x1xf64>
// CHECK-NOT:     tj.reshape
// CHECK:         %[[GX:.*]] = tj.broadcast_to %[[G]][%{{.*}}, %{{.*}}] : tensor<?x1xf64> -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]] : tensor<?x?xf64>
func.func @sum_keepdims(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %s = tj.sum %x axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xf64>
  %c = tj.sum %s axes = [0, 1] : (tensor<?x1xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

// -----

// neg: -g.
// CHECK-LABEL: func.func @neg(
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[R:.*]] = tj.neg %[[G]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @neg(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.neg %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// abs: select(x > 0, g, select(x < 0, -g, 0)); both comparisons against one
// zero of x's type.
// CHECK-LABEL: func.func @abs(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK-DAG:     %[[GT:.*]] = tj.gt %[[X]], %[[Z:.*]] : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
// CHECK-DAG:     %[[LT:.*]] = tj.lt %[[X]], %[[Z]] : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
// CHECK-DAG:     %[[Z]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[NEG:.*]] = tj.neg %[[G]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK-DAG:     %[[IN:.*]] = tj.select %[[LT]], %[[NEG]], %{{.*}} : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK-DAG:     %[[R:.*]] = tj.select %[[GT]], %[[G]], %[[IN]] : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @abs(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.abs %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// sqr: g * (2 * x).
// CHECK-LABEL: func.func @sqr(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[TWO:.*]] = tj.constant dense<2.000000e+00> : tensor<f64>
// CHECK:         %[[TX:.*]] = tj.mul %[[TWO]], %[[X]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[G]], %[[TX]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @sqr(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.sqr %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// log: g / x.
// CHECK-LABEL: func.func @log(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[R:.*]] = tj.div %[[G]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @log(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.log %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// log1p: g / (1 + x).
// CHECK-LABEL: func.func @log1p(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[D:.*]] = tj.add %[[ONE]], %[[X]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.div %[[G]], %[[D]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @log1p(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.log1p %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// expm1: g * (y + 1), from the forward result y = expm1(x).
// CHECK-LABEL: func.func @expm1(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.expm1 %[[X]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[E:.*]] = tj.add %[[Y]], %[[ONE]] : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[G]], %[[E]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @expm1(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.expm1 %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// sqrt: g / (2 * y), from the forward result y = sqrt(x).
// CHECK-LABEL: func.func @sqrt(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.sqrt %[[X]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[TWO:.*]] = tj.constant dense<2.000000e+00> : tensor<f64>
// CHECK:         %[[D:.*]] = tj.mul %[[TWO]], %[[Y]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.div %[[G]], %[[D]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @sqrt(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.sqrt %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// tanh: g * (1 - y * y), from the forward result y = tanh(x).
// CHECK-LABEL: func.func @tanh(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.tanh %[[X]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK-DAG:     %[[YY:.*]] = tj.mul %[[Y]], %[[Y]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-DAG:     %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[D:.*]] = tj.sub %[[ONE]], %[[YY]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[G]], %[[D]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @tanh(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.tanh %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// sigmoid: g * (y * (1 - y)), from the forward result y = sigmoid(x).
// CHECK-LABEL: func.func @sigmoid(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.sigmoid %[[X]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[Q:.*]] = tj.sub %[[ONE]], %[[Y]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[D:.*]] = tj.mul %[[Y]], %[[Q]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[G]], %[[D]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @sigmoid(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.sigmoid %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// softplus: g * sigmoid(x).
// CHECK-LABEL: func.func @softplus(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[S:.*]] = tj.sigmoid %[[X]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[G]], %[[S]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @softplus(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.softplus %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// sin: g * cos(x).
// CHECK-LABEL: func.func @sin(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[C:.*]] = tj.cos %[[X]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[G]], %[[C]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @sin(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.sin %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// cos: -(g * sin(x)).
// CHECK-LABEL: func.func @cos(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[S:.*]] = tj.sin %[[X]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[M:.*]] = tj.mul %[[G]], %[[S]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.neg %[[M]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @cos(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.cos %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// floor, ceil and round carry no gradient (see autodiff-invalid.mlir when
// they are the only path); next to a differentiable path they add nothing:
// the gradient of sum(floor(x) + ceil(x) + round(x) + x) is the seed alone.
// CHECK-LABEL: func.func @rounding_adds_nothing(
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK-NOT:     tj.add
// CHECK-NOT:     tj.grad
// CHECK:         return %[[G]] : tensor<?xf64>
func.func @rounding_adds_nothing(%x: tensor<?xf64>) -> tensor<?xf64> {
  %f = tj.floor %x : (tensor<?xf64>) -> tensor<?xf64>
  %c = tj.ceil %x : (tensor<?xf64>) -> tensor<?xf64>
  %r = tj.round %x : (tensor<?xf64>) -> tensor<?xf64>
  %s1 = tj.add %f, %c : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %s2 = tj.add %s1, %r : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %s3 = tj.add %s2, %x : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %cost = tj.sum %s3 axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %cost, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// cast passes g through; unbroadcast casts it back to the operand's f32.
// CHECK-LABEL: func.func @cast(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[Y:.*]] = tj.cast %[[X]] : tensor<?xf32> -> tensor<?xf64>
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK:         %[[R:.*]] = tj.cast %[[G]] : tensor<?xf64> -> tensor<?xf32>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf32>
func.func @cast(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = tj.cast %x : tensor<?xf32> -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf32>) -> tensor<?xf32>
  return %g : tensor<?xf32>
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

// -----

// add: g to both operands, the same value.
// CHECK-LABEL: func.func @add(
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK-NOT:     tj.grad
// CHECK:         return %[[G]], %[[G]] : tensor<?xf64>, tensor<?xf64>
func.func @add(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.add %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// sub: g and -g.
// CHECK-LABEL: func.func @sub(
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[N:.*]] = tj.neg %[[G]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[G]], %[[N]] : tensor<?xf64>, tensor<?xf64>
func.func @sub(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.sub %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// mul: g * z for x, g * x for z.
// CHECK-LABEL: func.func @mul(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[GX:.*]] = tj.mul %[[G]], %[[Z]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GZ:.*]] = tj.mul %[[G]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]], %[[GZ]] : tensor<?xf64>, tensor<?xf64>
func.func @mul(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.mul %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// div: g / z for x, -((g * x) / (z * z)) for z.
// CHECK-LABEL: func.func @div(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[GX:.*]] = tj.div %[[G]], %[[Z]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-DAG:     %[[GA:.*]] = tj.mul %[[G]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-DAG:     %[[ZZ:.*]] = tj.mul %[[Z]], %[[Z]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[Q:.*]] = tj.div %[[GA]], %[[ZZ]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GZ:.*]] = tj.neg %[[Q]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]], %[[GZ]] : tensor<?xf64>, tensor<?xf64>
func.func @div(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.div %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// pow: g * (z * x ** (z - 1)) for x, 0 where z is 0 (x ** 0 is 1, even at
// x = 0); g * (log(x) * y) for z, y = x ** z the forward result, with
// log(1) where x is 0 (0 ** z is 0 for z > 0): the limits JAX and PyTorch
// take.
// CHECK-LABEL: func.func @pow(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.pow %[[X]], %[[Z]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ZM1:.*]] = tj.sub %[[Z]], %[[ONE]] : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK:         %[[P:.*]] = tj.pow %[[X]], %[[ZM1]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[DX0:.*]] = tj.mul %[[Z]], %[[P]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[Z0:.*]] = tj.eq %[[Z]], %{{.*}} : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
// CHECK:         %[[DX:.*]] = tj.select %[[Z0]], %{{.*}}, %[[DX0]] : (tensor<?xi1>, tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[X0:.*]] = tj.eq %[[X]], %{{.*}} : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
// CHECK:         %[[ONE2:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[XOR1:.*]] = tj.select %[[X0]], %[[ONE2]], %[[X]] : (tensor<?xi1>, tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[L:.*]] = tj.log %[[XOR1]] : (tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[DZ:.*]] = tj.mul %[[L]], %[[Y]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GX:.*]] = tj.mul %[[G]], %[[DX]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GZ:.*]] = tj.mul %[[G]], %[[DZ]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]], %[[GZ]] : tensor<?xf64>, tensor<?xf64>
func.func @pow(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.pow %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// pow with an integer exponent: k is cast to the result's float type first
// (k - 1 of a bool exponent has no type, of an integer one it could wrap);
// k itself gets no gradient (the grad is w.r.t. x only).
// CHECK-LABEL: func.func @pow_int_exponent(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[K:.*]]: tensor<i64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[KF:.*]] = tj.cast %[[K]] : tensor<i64> -> tensor<f64>
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[KM1:.*]] = tj.sub %[[KF]], %[[ONE]] : (tensor<f64>, tensor<f64>) -> tensor<f64>
// CHECK:         %[[P:.*]] = tj.pow %[[X]], %[[KM1]] : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK:         %[[DX0:.*]] = tj.mul %[[KF]], %[[P]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[DX:.*]] = tj.select %{{.*}}, %{{.*}}, %[[DX0]] : (tensor<i1>, tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GX:.*]] = tj.mul %[[G]], %[[DX]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]] : tensor<?xf64>
func.func @pow_int_exponent(%x: tensor<?xf64>, %k: tensor<i64>) -> tensor<?xf64> {
  %y = tj.pow %x, %k : (tensor<?xf64>, tensor<i64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx : tensor<?xf64>
}

// -----

// maximum: g where the result equals the operand, else 0, for each operand;
// on a tie g / 2 to each (JAX, PyTorch; the derivative of maximum(x, x)).
// CHECK-LABEL: func.func @maximum(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.maximum %[[X]], %[[Z]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[EX:.*]] = tj.eq %[[Y]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xi1>
// CHECK:         %[[EZ:.*]] = tj.eq %[[Y]], %[[Z]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xi1>
// CHECK:         %[[H:.*]] = tj.constant dense<5.000000e-01> : tensor<f64>
// CHECK:         %[[HALF:.*]] = tj.mul %[[G]], %[[H]]
// CHECK:         %[[TX:.*]] = tj.select %[[EZ]], %[[HALF]], %[[G]] : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[Z0:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[GX:.*]] = tj.select %[[EX]], %[[TX]], %[[Z0]] : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK:         %[[TZ:.*]] = tj.select %[[EX]], %[[HALF]], %[[G]] : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[Z1:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[GZ:.*]] = tj.select %[[EZ]], %[[TZ]], %[[Z1]] : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]], %[[GZ]] : tensor<?xf64>, tensor<?xf64>
func.func @maximum(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.maximum %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// minimum: as maximum.
// CHECK-LABEL: func.func @minimum(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[Y:.*]] = tj.minimum %[[X]], %[[Z]]
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[EX:.*]] = tj.eq %[[Y]], %[[X]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xi1>
// CHECK:         %[[EZ:.*]] = tj.eq %[[Y]], %[[Z]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xi1>
// CHECK:         %[[HALF:.*]] = tj.mul %[[G]], %{{.*}}
// CHECK:         %[[TX:.*]] = tj.select %[[EZ]], %[[HALF]], %[[G]]
// CHECK:         %[[GX:.*]] = tj.select %[[EX]], %[[TX]], %{{.*}} : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK:         %[[TZ:.*]] = tj.select %[[EX]], %[[HALF]], %[[G]]
// CHECK:         %[[GZ:.*]] = tj.select %[[EZ]], %[[TZ]], %{{.*}} : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]], %[[GZ]] : tensor<?xf64>, tensor<?xf64>
func.func @minimum(%x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.minimum %x, %z : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

// -----

// select: g where the condition holds for the true value, g where it does
// not for the false value; the i1 condition gets nothing.
// CHECK-LABEL: func.func @select(
// CHECK-SAME:      %[[P:.*]]: tensor<?xi1>, %[[X:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[Z0:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[GX:.*]] = tj.select %[[P]], %[[G]], %[[Z0]] : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK:         %[[Z1:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[GZ:.*]] = tj.select %[[P]], %[[Z1]], %[[G]] : (tensor<?xi1>, tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]], %[[GZ]] : tensor<?xf64>, tensor<?xf64>
func.func @select(%p: tensor<?xi1>, %x: tensor<?xf64>, %z: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.select %p, %x, %z : (tensor<?xi1>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %gx = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gz = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %gx, %gz : tensor<?xf64>, tensor<?xf64>
}

//===----------------------------------------------------------------------===//
// unbroadcast: broadcasting, dtypes, integer operands
//===----------------------------------------------------------------------===//

// -----

// (?, 1) + (?): the result is (?, ?). a's cotangent is summed over its
// static 1 (axis 1, keepdims); b's over the leading axis it lacks (axis 0).
// CHECK-LABEL: func.func @add_broadcast(
// CHECK-SAME:      %[[A:.*]]: tensor<?x1xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[GA:.*]] = tj.sum %[[G]] axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xf64>
// CHECK:         %[[GB:.*]] = tj.sum %[[G]] axes = [0] : (tensor<?x?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GA]], %[[GB]] : tensor<?x1xf64>, tensor<?xf64>
func.func @add_broadcast(%a: tensor<?x1xf64>, %b: tensor<?xf64>) -> (tensor<?x1xf64>, tensor<?xf64>) {
  %y = tj.add %a, %b : (tensor<?x1xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  %c = tj.sum %y axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %ga = tj.grad %c, %a : (tensor<f64>, tensor<?x1xf64>) -> tensor<?x1xf64>
  %gb = tj.grad %c, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %ga, %gb : tensor<?x1xf64>, tensor<?xf64>
}

// -----

// A 0-d operand of a (2, 3) product: its cotangent g * x is summed over
// both (leading) axes.
// CHECK-LABEL: func.func @mul_scalar_operand(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf64>, %[[S:.*]]: tensor<f64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<2x3xf64>
// CHECK:         %[[GS:.*]] = tj.mul %[[G]], %[[X]] : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
// CHECK:         %[[R:.*]] = tj.sum %[[GS]] axes = [0, 1] : (tensor<2x3xf64>) -> tensor<f64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<f64>
func.func @mul_scalar_operand(%x: tensor<2x3xf64>, %s: tensor<f64>) -> tensor<f64> {
  %y = tj.mul %x, %s : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  %c = tj.sum %y axes = [0, 1] : (tensor<2x3xf64>) -> tensor<f64>
  %g = tj.grad %c, %s : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}

// -----

// Mixed dtypes: an f32 (3) times an f64 (2, 3) is f64; the f32 operand's
// cotangent g * z is summed over the leading axis, then cast back to f32.
// CHECK-LABEL: func.func @mixed_dtype(
// CHECK-SAME:      %[[X:.*]]: tensor<3xf32>, %[[Z:.*]]: tensor<2x3xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<2x3xf64>
// CHECK:         %[[GX:.*]] = tj.mul %[[G]], %[[Z]] : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
// CHECK:         %[[S:.*]] = tj.sum %[[GX]] axes = [0] : (tensor<2x3xf64>) -> tensor<3xf64>
// CHECK:         %[[R:.*]] = tj.cast %[[S]] : tensor<3xf64> -> tensor<3xf32>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<3xf32>
func.func @mixed_dtype(%x: tensor<3xf32>, %z: tensor<2x3xf64>) -> tensor<3xf32> {
  %y = tj.mul %x, %z : (tensor<3xf32>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %c = tj.sum %y axes = [0, 1] : (tensor<2x3xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<3xf32>) -> tensor<3xf32>
  return %g : tensor<3xf32>
}

// -----

// A dynamic operand of a static result ((?) + (3) is (3)): the cotangent
// is tensor.cast to the operand's dynamic type.
// CHECK-LABEL: func.func @dynamic_operand_static_result(
// CHECK-SAME:      %[[X:.*]]: tensor<3xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<3xf64>
// CHECK:         %[[R:.*]] = tensor.cast %[[G]] : tensor<3xf64> to tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @dynamic_operand_static_result(%x: tensor<3xf64>, %z: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.add %z, %x : (tensor<?xf64>, tensor<3xf64>) -> tensor<3xf64>
  %c = tj.sum %y axes = [0] : (tensor<3xf64>) -> tensor<f64>
  %g = tj.grad %c, %z : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// An integer operand gets no gradient: the grad is w.r.t. the f64 operand
// only, g * k with the i32 k, and nothing is cast to or summed for k.
// CHECK-LABEL: func.func @int_operand(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[K:.*]]: tensor<?xi32>)
// CHECK:         %[[G:.*]] = tj.broadcast_to
// CHECK:         %[[GX:.*]] = tj.mul %[[G]], %[[K]] : (tensor<?xf64>, tensor<?xi32>) -> tensor<?xf64>
// CHECK-NOT:     tj.cast
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GX]] : tensor<?xf64>
func.func @int_operand(%x: tensor<?xf64>, %k: tensor<?xi32>) -> tensor<?xf64> {
  %y = tj.mul %x, %k : (tensor<?xf64>, tensor<?xi32>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

// mean over axis 1 of (?, ?): g reshaped to (?, 1), broadcast to x's sizes,
// divided by the count dim(x, 1) as a 0-d f64.
// CHECK-LABEL: func.func @mean(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK:         %[[GK:.*]] = tj.reshape %[[G]][%{{.*}}] : tensor<?xf64> -> tensor<?x1xf64>
// CHECK:         %[[GB:.*]] = tj.broadcast_to %[[GK]][%{{.*}}, %{{.*}}] : tensor<?x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<?x?xf64>
// CHECK:         %[[M:.*]] = arith.muli %[[ONE]], %[[N]] : index
// CHECK:         %[[I:.*]] = arith.index_cast %[[M]] : index to i64
// CHECK:         %[[F:.*]] = arith.sitofp %[[I]] : i64 to f64
// CHECK:         %[[CNT:.*]] = tensor.from_elements %[[F]] : tensor<f64>
// CHECK:         %[[R:.*]] = tj.div %[[GB]], %[[CNT]] : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?x?xf64>
func.func @mean(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %y = tj.mean %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// max over axis 1: g (expanded to x's shape) shared by the elements equal
// to the max (expanded the same way): divided by their count, 0 elsewhere
// (JAX, PyTorch).
// CHECK-LABEL: func.func @max(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK:         %[[Y:.*]] = tj.max %[[X]] axes = [1]
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK:         %[[YK:.*]] = tj.reshape %[[Y]][%{{.*}}] : tensor<?xf64> -> tensor<?x1xf64>
// CHECK:         %[[YB:.*]] = tj.broadcast_to %[[YK]][%{{.*}}, %{{.*}}] : tensor<?x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[EQ:.*]] = tj.eq %[[X]], %[[YB]] : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xi1>
// CHECK:         %[[ONES:.*]] = tj.cast %[[EQ]] : tensor<?x?xi1> -> tensor<?x?xf64>
// CHECK:         %[[N:.*]] = tj.sum %[[ONES]] axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xf64>
// CHECK:         %[[GK:.*]] = tj.reshape %[[G]][%{{.*}}] : tensor<?xf64> -> tensor<?x1xf64>
// CHECK:         %[[GB:.*]] = tj.broadcast_to %[[GK]][%{{.*}}, %{{.*}}] : tensor<?x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[SHARE:.*]] = tj.div %[[GB]], %[[N]] : (tensor<?x?xf64>, tensor<?x1xf64>) -> tensor<?x?xf64>
// CHECK:         %[[Z:.*]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[R:.*]] = tj.select %[[EQ]], %[[SHARE]], %[[Z]] : (tensor<?x?xi1>, tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?x?xf64>
func.func @max(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %y = tj.max %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// min over axis 0 with keepdims: the (1, ?) result and cotangent need no
// reshape, only the broadcast back.
// CHECK-LABEL: func.func @min_keepdims(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK:         %[[Y:.*]] = tj.min %[[X]] axes = [0] keepdims
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<1x?xf64>
// CHECK-NOT:     tj.reshape
// CHECK:         %[[YB:.*]] = tj.broadcast_to %[[Y]][%{{.*}}, %{{.*}}] : tensor<1x?xf64> -> tensor<?x?xf64>
// CHECK:         %[[EQ:.*]] = tj.eq %[[X]], %[[YB]] : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xi1>
// CHECK:         %[[N:.*]] = tj.sum %{{.*}} axes = [0] keepdims : (tensor<?x?xf64>) -> tensor<1x?xf64>
// CHECK:         %[[GB:.*]] = tj.broadcast_to %[[G]][%{{.*}}, %{{.*}}] : tensor<1x?xf64> -> tensor<?x?xf64>
// CHECK:         %[[SHARE:.*]] = tj.div %[[GB]], %[[N]] : (tensor<?x?xf64>, tensor<1x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[R:.*]] = tj.select %[[EQ]], %[[SHARE]], %{{.*}} : (tensor<?x?xi1>, tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?x?xf64>
func.func @min_keepdims(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %y = tj.min %x axes = [0] keepdims : (tensor<?x?xf64>) -> tensor<1x?xf64>
  %c = tj.sum %y axes = [0, 1] : (tensor<1x?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// prod over axis 1: g times the product of the other elements of the row
// (g expanded to x's shape): P / x with P the product of the row's nonzero
// elements, where the row has no zero; P at the zero of a row with one
// zero; 0 elsewhere.
// CHECK-LABEL: func.func @prod(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK:         tj.prod %[[X]] axes = [1]
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK:         %[[ISZ:.*]] = tj.eq %[[X]], %{{.*}} : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xi1>
// CHECK:         %[[NZ:.*]] = tj.select %[[ISZ]], %{{.*}}, %[[X]] : (tensor<?x?xi1>, tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[P:.*]] = tj.prod %[[NZ]] axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xf64>
// CHECK:         %[[ZF:.*]] = tj.cast %[[ISZ]] : tensor<?x?xi1> -> tensor<?x?xf64>
// CHECK:         %[[NZEROS:.*]] = tj.sum %[[ZF]] axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xf64>
// CHECK:         %[[NONE:.*]] = tj.eq %[[NZEROS]], %{{.*}} : (tensor<?x1xf64>, tensor<f64>) -> tensor<?x1xi1>
// CHECK:         %[[Q:.*]] = tj.div %[[P]], %[[NZ]] : (tensor<?x1xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[ATNZ:.*]] = tj.select %[[NONE]], %[[Q]], %{{.*}} : (tensor<?x1xi1>, tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
// CHECK:         %[[ONEZ:.*]] = tj.eq %[[NZEROS]], %{{.*}} : (tensor<?x1xf64>, tensor<f64>) -> tensor<?x1xi1>
// CHECK:         %[[ATZ:.*]] = tj.select %[[ONEZ]], %[[P]], %{{.*}} : (tensor<?x1xi1>, tensor<?x1xf64>, tensor<f64>) -> tensor<?x1xf64>
// CHECK:         %[[OTHERS:.*]] = tj.select %[[ISZ]], %[[ATZ]], %[[ATNZ]] : (tensor<?x?xi1>, tensor<?x1xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[GK:.*]] = tj.reshape %[[G]][%{{.*}}] : tensor<?xf64> -> tensor<?x1xf64>
// CHECK:         %[[GB:.*]] = tj.broadcast_to %[[GK]][%{{.*}}, %{{.*}}] : tensor<?x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[R:.*]] = tj.mul %[[GB]], %[[OTHERS]] : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?x?xf64>
func.func @prod(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %y = tj.prod %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

//===----------------------------------------------------------------------===//
// dot in its four forms
//===----------------------------------------------------------------------===//

// -----

// () = (k) . (k), itself the cost: g * b for a, g * a for b, g the 0-d seed.
// CHECK-LABEL: func.func @dot_vv(
// CHECK-SAME:      %[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK:         %[[ONE:.*]] = tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[GA:.*]] = tj.mul %[[ONE]], %[[B]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[GB:.*]] = tj.mul %[[ONE]], %[[A]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GA]], %[[GB]] : tensor<?xf64>, tensor<?xf64>
func.func @dot_vv(%a: tensor<?xf64>, %b: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %y = tj.dot %a, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  %ga = tj.grad %y, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gb = tj.grad %y, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %ga, %gb : tensor<?xf64>, tensor<?xf64>
}

// -----

// (m) = (m, k) . (k): the outer product g (column) * b (row) for a,
// transpose(a) . g for b.
// CHECK-LABEL: func.func @dot_mv(
// CHECK-SAME:      %[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK-DAG:     %[[GC:.*]] = tj.reshape %[[G]][%{{.*}}] : tensor<?xf64> -> tensor<?x1xf64>
// CHECK-DAG:     %[[BR:.*]] = tj.reshape %[[B]][%{{.*}}] : tensor<?xf64> -> tensor<1x?xf64>
// CHECK:         %[[GA:.*]] = tj.mul %[[GC]], %[[BR]] : (tensor<?x1xf64>, tensor<1x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[AT:.*]] = tj.transpose %[[A]] permutation = [1, 0] : (tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[GB:.*]] = tj.dot %[[AT]], %[[G]] : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GA]], %[[GB]] : tensor<?x?xf64>, tensor<?xf64>
func.func @dot_mv(%a: tensor<?x?xf64>, %b: tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?xf64>) {
  %y = tj.dot %a, %b : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %ga = tj.grad %c, %a : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %gb = tj.grad %c, %b : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %ga, %gb : tensor<?x?xf64>, tensor<?xf64>
}

// -----

// (n) = (k) . (k, n): b . g for a, the outer product a (column) * g (row)
// for b.
// CHECK-LABEL: func.func @dot_vm(
// CHECK-SAME:      %[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK:         %[[GA:.*]] = tj.dot %[[B]], %[[G]] : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK-DAG:     %[[AC:.*]] = tj.reshape %[[A]][%{{.*}}] : tensor<?xf64> -> tensor<?x1xf64>
// CHECK-DAG:     %[[GR:.*]] = tj.reshape %[[G]][%{{.*}}] : tensor<?xf64> -> tensor<1x?xf64>
// CHECK:         %[[GB:.*]] = tj.mul %[[AC]], %[[GR]] : (tensor<?x1xf64>, tensor<1x?xf64>) -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GA]], %[[GB]] : tensor<?xf64>, tensor<?x?xf64>
func.func @dot_vm(%a: tensor<?xf64>, %b: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>) {
  %y = tj.dot %a, %b : (tensor<?xf64>, tensor<?x?xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %ga = tj.grad %c, %a : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %gb = tj.grad %c, %b : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %ga, %gb : tensor<?xf64>, tensor<?x?xf64>
}

// -----

// (m, n) = (m, k) . (k, n): g . transpose(b) for a, transpose(a) . g for b.
// CHECK-LABEL: func.func @dot_mm(
// CHECK-SAME:      %[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[BT:.*]] = tj.transpose %[[B]] permutation = [1, 0] : (tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[GA:.*]] = tj.dot %[[G]], %[[BT]] : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[AT:.*]] = tj.transpose %[[A]] permutation = [1, 0] : (tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         %[[GB:.*]] = tj.dot %[[AT]], %[[G]] : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[GA]], %[[GB]] : tensor<?x?xf64>, tensor<?x?xf64>
func.func @dot_mm(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %y = tj.dot %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %c = tj.sum %y axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %ga = tj.grad %c, %a : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %gb = tj.grad %c, %b : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %ga, %gb : tensor<?x?xf64>, tensor<?x?xf64>
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

// -----

// transpose by [1, 2, 0]: g transposed by the inverse permutation [2, 0, 1].
// CHECK-LABEL: func.func @transpose(
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1x1xf64> -> tensor<?x4x2xf64>
// CHECK:         %[[R:.*]] = tj.transpose %[[G]] permutation = [2, 0, 1] : (tensor<?x4x2xf64>) -> tensor<2x?x4xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<2x?x4xf64>
func.func @transpose(%x: tensor<2x?x4xf64>) -> tensor<2x?x4xf64> {
  %y = tj.transpose %x permutation = [1, 2, 0] : (tensor<2x?x4xf64>) -> tensor<?x4x2xf64>
  %c = tj.sum %y axes = [0, 1, 2] : (tensor<?x4x2xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<2x?x4xf64>) -> tensor<2x?x4xf64>
  return %g : tensor<2x?x4xf64>
}

// -----

// reshape (?, 3) -> (?): g reshaped back, its dynamic size dim(x, 0); the
// index operand of the reshape gets nothing.
// CHECK-LABEL: func.func @reshape(
// CHECK-SAME:      %[[X:.*]]: tensor<?x3xf64>, %[[N:.*]]: index)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1xf64> -> tensor<?xf64>
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x3xf64>
// CHECK:         %[[R:.*]] = tj.reshape %[[G]][%[[D]]] : tensor<?xf64> -> tensor<?x3xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?x3xf64>
func.func @reshape(%x: tensor<?x3xf64>, %n: index) -> tensor<?x3xf64> {
  %y = tj.reshape %x[%n] : tensor<?x3xf64> -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?x3xf64>) -> tensor<?x3xf64>
  return %g : tensor<?x3xf64>
}

// -----

// reshape (?, ?) -> (?, ?): one type, but not one shape (2x3 -> 3x2), so g
// is reshaped back to x's sizes all the same.
// CHECK-LABEL: func.func @reshape_same_type(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>, %{{.*}}: index, %{{.*}}: index)
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xf64>
// CHECK:         %[[D1:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xf64>
// CHECK:         %[[R:.*]] = tj.reshape %[[G]][%[[D0]], %[[D1]]] : tensor<?x?xf64> -> tensor<?x?xf64>
// CHECK:         return %[[R]] : tensor<?x?xf64>
func.func @reshape_same_type(%x: tensor<?x?xf64>, %r: index, %c: index) -> tensor<?x?xf64> {
  %y = tj.reshape %x[%r, %c] : tensor<?x?xf64> -> tensor<?x?xf64>
  %s = tj.sum %y axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %g = tj.grad %s, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// -----

// broadcast_to (?) -> (?, ?): g, summed by unbroadcast over the leading
// axis the operand lacks.
// CHECK-LABEL: func.func @broadcast_to(
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<?x?xf64>
// CHECK:         %[[R:.*]] = tj.sum %[[G]] axes = [0] : (tensor<?x?xf64>) -> tensor<?xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @broadcast_to(%x: tensor<?xf64>, %n: index) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?xf64>
  %y = tj.broadcast_to %x[%n, %m] : tensor<?xf64> -> tensor<?x?xf64>
  %c = tj.sum %y axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// -----

// broadcast_to (1, 3) -> (4, 3): the static 1 is summed with keepdims.
// CHECK-LABEL: func.func @broadcast_to_static_one(
// CHECK:         %[[G:.*]] = tj.broadcast_to %{{.*}} : tensor<1x1xf64> -> tensor<4x3xf64>
// CHECK:         %[[R:.*]] = tj.sum %[[G]] axes = [0] keepdims : (tensor<4x3xf64>) -> tensor<1x3xf64>
// CHECK-NOT:     tj.grad
// CHECK:         return %[[R]] : tensor<1x3xf64>
func.func @broadcast_to_static_one(%x: tensor<1x3xf64>) -> tensor<1x3xf64> {
  %y = tj.broadcast_to %x : tensor<1x3xf64> -> tensor<4x3xf64>
  %c = tj.sum %y axes = [0, 1] : (tensor<4x3xf64>) -> tensor<f64>
  %g = tj.grad %c, %x : (tensor<f64>, tensor<1x3xf64>) -> tensor<1x3xf64>
  return %g : tensor<1x3xf64>
}
