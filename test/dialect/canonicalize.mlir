// Folders (TjFolders.cpp) and canonicalization patterns (TjCanonicalize.cpp)
// of the tj dialect: one function per rule, named after the rule. Functions
// named @noFold... are negative cases that must stay as written.
//
// RUN: tensorjit-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s

//===----------------------------------------------------------------------===//
// Algebraic identities
//===----------------------------------------------------------------------===//

// x * 1 -> x when the result type is x's type (the scalar 1 broadcasts
// without changing x's shape).
// CHECK-LABEL: func.func @foldMulByOne(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xf64>)
// CHECK-NOT:     tj.mul
// CHECK:         return %[[X]] : tensor<?x3xf64>
func.func @foldMulByOne(%x: tensor<?x3xf64>) -> tensor<?x3xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %0 = tj.mul %x, %one : (tensor<?x3xf64>, tensor<f64>) -> tensor<?x3xf64>
  return %0 : tensor<?x3xf64>
}

// -----

// 1 * x -> x.
// CHECK-LABEL: func.func @foldOneMulX(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3xf32>)
// CHECK-NOT:     tj.mul
// CHECK:         return %[[X]] : tensor<2x3xf32>
func.func @foldOneMulX(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %one = tj.constant dense<1.0> : tensor<3xf32>
  %0 = tj.mul %one, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// x + 0 -> x.
// CHECK-LABEL: func.func @foldAddZero(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xi32>)
// CHECK-NOT:     tj.add
// CHECK:         return %[[X]] : tensor<?xi32>
func.func @foldAddZero(%x: tensor<?xi32>) -> tensor<?xi32> {
  %zero = tj.constant dense<0> : tensor<i32>
  %0 = tj.add %x, %zero : (tensor<?xi32>, tensor<i32>) -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

// 0 + x -> x.
// CHECK-LABEL: func.func @foldZeroAdd(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.add
// CHECK:         return %[[X]] : tensor<?x?xf64>
func.func @foldZeroAdd(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %zero = tj.constant dense<0.0> : tensor<f64>
  %0 = tj.add %zero, %x : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// x - 0 -> x.
// CHECK-LABEL: func.func @foldSubZero(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<4xf64>)
// CHECK-NOT:     tj.sub
// CHECK:         return %[[X]] : tensor<4xf64>
func.func @foldSubZero(%x: tensor<4xf64>) -> tensor<4xf64> {
  %zero = tj.constant dense<0.0> : tensor<4xf64>
  %0 = tj.sub %x, %zero : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// x / 1 -> x for a float x.
// CHECK-LABEL: func.func @foldDivByOneFloat(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xf32>)
// CHECK-NOT:     tj.div
// CHECK:         return %[[X]] : tensor<?xf32>
func.func @foldDivByOneFloat(%x: tensor<?xf32>) -> tensor<?xf32> {
  %one = tj.constant dense<1.0> : tensor<f32>
  %0 = tj.div %x, %one : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// x ** 1 -> x.
// CHECK-LABEL: func.func @foldPowOne(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xf64>)
// CHECK-NOT:     tj.pow
// CHECK:         return %[[X]] : tensor<?xf64>
func.func @foldPowOne(%x: tensor<?xf64>) -> tensor<?xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %0 = tj.pow %x, %one : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// -(-x) -> x.
// CHECK-LABEL: func.func @foldNegNeg(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xi32>)
// CHECK-NOT:     tj.neg
// CHECK:         return %[[X]] : tensor<?xi32>
func.func @foldNegNeg(%x: tensor<?xi32>) -> tensor<?xi32> {
  %0 = tj.neg %x : (tensor<?xi32>) -> tensor<?xi32>
  %1 = tj.neg %0 : (tensor<?xi32>) -> tensor<?xi32>
  return %1 : tensor<?xi32>
}

// -----

// |-x| -> |x| and ||x|| -> |x|.
// CHECK-LABEL: func.func @foldAbsNeg(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xf64>)
// CHECK-NOT:     tj.neg
// CHECK:         %[[A:.*]] = tj.abs %[[X]]
// CHECK-NOT:     tj.abs
// CHECK:         return %[[A]], %[[A]] : tensor<?xf64>, tensor<?xf64>
func.func @foldAbsNeg(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %0 = tj.neg %x : (tensor<?xf64>) -> tensor<?xf64>
  %1 = tj.abs %0 : (tensor<?xf64>) -> tensor<?xf64>
  %2 = tj.abs %1 : (tensor<?xf64>) -> tensor<?xf64>
  return %1, %2 : tensor<?xf64>, tensor<?xf64>
}

// -----

// x * 1 must not fold when broadcasting makes the result bigger than x: a
// scalar times a vector of ones is a vector.
// CHECK-LABEL: func.func @noFoldMulByOneThatBroadcasts(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<f64>)
// CHECK:         %[[ONES:.+]] = tj.constant dense<1.000000e+00> : tensor<3xf64>
// CHECK:         %[[R:.+]] = tj.mul %[[X]], %[[ONES]] : (tensor<f64>, tensor<3xf64>) -> tensor<3xf64>
// CHECK:         return %[[R]] : tensor<3xf64>
func.func @noFoldMulByOneThatBroadcasts(%x: tensor<f64>) -> tensor<3xf64> {
  %ones = tj.constant dense<1.0> : tensor<3xf64>
  %0 = tj.mul %x, %ones : (tensor<f64>, tensor<3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// x + 0 must not fold when promotion changes the type: int32 + float64 zero
// is float64.
// CHECK-LABEL: func.func @noFoldAddZeroThatPromotes(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<3xi32>)
// CHECK:         %[[Z:.+]] = tj.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[R:.+]] = tj.add %[[X]], %[[Z]] : (tensor<3xi32>, tensor<f64>) -> tensor<3xf64>
// CHECK:         return %[[R]] : tensor<3xf64>
func.func @noFoldAddZeroThatPromotes(%x: tensor<3xi32>) -> tensor<3xf64> {
  %zero = tj.constant dense<0.0> : tensor<f64>
  %0 = tj.add %x, %zero : (tensor<3xi32>, tensor<f64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// An integer x / 1 is float-valued, so it is not x.
// CHECK-LABEL: func.func @noFoldIntDivByOne(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xi32>)
// CHECK:         %[[ONE:.+]] = tj.constant dense<1> : tensor<i32>
// CHECK:         %[[R:.+]] = tj.div %[[X]], %[[ONE]] : (tensor<?xi32>, tensor<i32>) -> tensor<?xf64>
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @noFoldIntDivByOne(%x: tensor<?xi32>) -> tensor<?xf64> {
  %one = tj.constant dense<1> : tensor<i32>
  %0 = tj.div %x, %one : (tensor<?xi32>, tensor<i32>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// 0 - x is not an identity.
// CHECK-LABEL: func.func @noFoldZeroSub(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xf64>)
// CHECK:         %[[R:.+]] = tj.sub %{{.+}}, %[[X]] : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @noFoldZeroSub(%x: tensor<?xf64>) -> tensor<?xf64> {
  %zero = tj.constant dense<0.0> : tensor<f64>
  %0 = tj.sub %zero, %x : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

//===----------------------------------------------------------------------===//
// Shape ops and casts
//===----------------------------------------------------------------------===//

// -----

// transpose(transpose(x, p), q) -> x when q undoes p.
// CHECK-LABEL: func.func @foldInverseTransposes(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x4xf64>)
// CHECK-NOT:     tj.transpose
// CHECK:         return %[[X]] : tensor<2x3x4xf64>
func.func @foldInverseTransposes(%x: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
  %0 = tj.transpose %x permutation = [1, 2, 0] : (tensor<2x3x4xf64>) -> tensor<3x4x2xf64>
  %1 = tj.transpose %0 permutation = [2, 0, 1] : (tensor<3x4x2xf64>) -> tensor<2x3x4xf64>
  return %1 : tensor<2x3x4xf64>
}

// -----

// transpose(transpose(x, p), q) -> transpose(x, p o q), i.e. the permutation
// whose entry i is p[q[i]]; here [1, 2, 0] twice gives [2, 0, 1].
// CHECK-LABEL: func.func @composeTransposes(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x4xf64>)
// CHECK:         %[[R:.+]] = tj.transpose %[[X]] permutation = [2, 0, 1] : (tensor<2x3x4xf64>) -> tensor<4x2x3xf64>
// CHECK-NOT:     tj.transpose
// CHECK:         return %[[R]] : tensor<4x2x3xf64>
func.func @composeTransposes(%x: tensor<2x3x4xf64>) -> tensor<4x2x3xf64> {
  %0 = tj.transpose %x permutation = [1, 2, 0] : (tensor<2x3x4xf64>) -> tensor<3x4x2xf64>
  %1 = tj.transpose %0 permutation = [1, 2, 0] : (tensor<3x4x2xf64>) -> tensor<4x2x3xf64>
  return %1 : tensor<4x2x3xf64>
}

// -----

// The identity permutation folds away.
// CHECK-LABEL: func.func @foldIdentityTranspose(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xi32>)
// CHECK-NOT:     tj.transpose
// CHECK:         return %[[X]] : tensor<?x3xi32>
func.func @foldIdentityTranspose(%x: tensor<?x3xi32>) -> tensor<?x3xi32> {
  %0 = tj.transpose %x permutation = [0, 1] : (tensor<?x3xi32>) -> tensor<?x3xi32>
  return %0 : tensor<?x3xi32>
}

// -----

// reshape(reshape(x)) -> reshape(x): only the last shape matters.
// CHECK-LABEL: func.func @composeReshapes(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<6xf64>)
// CHECK:         %[[R:.+]] = tj.reshape %[[X]] : tensor<6xf64> -> tensor<3x2xf64>
// CHECK-NOT:     tj.reshape
// CHECK:         return %[[R]] : tensor<3x2xf64>
func.func @composeReshapes(%x: tensor<6xf64>) -> tensor<3x2xf64> {
  %0 = tj.reshape %x : tensor<6xf64> -> tensor<2x3xf64>
  %1 = tj.reshape %0 : tensor<2x3xf64> -> tensor<3x2xf64>
  return %1 : tensor<3x2xf64>
}

// -----

// reshape(reshape(x)) -> reshape(x) with dynamic sizes: the outer reshape's
// size operands are kept, the inner one's dropped.
// CHECK-LABEL: func.func @composeDynamicReshapes(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xf64>, %[[N:[^:]+]]: index, %[[M:[^:]+]]: index)
// CHECK:         %[[R:.+]] = tj.reshape %[[X]][%[[M]]] : tensor<?x3xf64> -> tensor<?x2xf64>
// CHECK-NOT:     tj.reshape
// CHECK:         return %[[R]] : tensor<?x2xf64>
func.func @composeDynamicReshapes(%x: tensor<?x3xf64>, %n: index,
                                  %m: index) -> tensor<?x2xf64> {
  %0 = tj.reshape %x [%n] : tensor<?x3xf64> -> tensor<?xf64>
  %1 = tj.reshape %0 [%m] : tensor<?xf64> -> tensor<?x2xf64>
  return %1 : tensor<?x2xf64>
}

// -----

// A reshape to the operand's own static type is the operand.
// CHECK-LABEL: func.func @foldReshapeSameType(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3xf64>)
// CHECK-NOT:     tj.reshape
// CHECK:         return %[[X]] : tensor<2x3xf64>
func.func @foldReshapeSameType(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %0 = tj.reshape %x : tensor<2x3xf64> -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

// A cast to the operand's own type is the operand.
// CHECK-LABEL: func.func @foldCastSameType(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xf32>)
// CHECK-NOT:     tj.cast
// CHECK:         return %[[X]] : tensor<?xf32>
func.func @foldCastSameType(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tj.cast %x : tensor<?xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// select with a constant all-true condition is its true value.
// CHECK-LABEL: func.func @foldSelectTrue(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<3xf64>, %[[Y:[^:]+]]: tensor<3xf64>)
// CHECK-NOT:     tj.select
// CHECK:         return %[[X]] : tensor<3xf64>
func.func @foldSelectTrue(%x: tensor<3xf64>, %y: tensor<3xf64>) -> tensor<3xf64> {
  %t = tj.constant dense<true> : tensor<i1>
  %0 = tj.select %t, %x, %y : (tensor<i1>, tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// select with a constant all-false condition is its false value.
// CHECK-LABEL: func.func @foldSelectFalse(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<3xf64>, %[[Y:[^:]+]]: tensor<3xf64>)
// CHECK-NOT:     tj.select
// CHECK:         return %[[Y]] : tensor<3xf64>
func.func @foldSelectFalse(%x: tensor<3xf64>, %y: tensor<3xf64>) -> tensor<3xf64> {
  %f = tj.constant dense<false> : tensor<3xi1>
  %0 = tj.select %f, %x, %y : (tensor<3xi1>, tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// select with a constant true condition does not fold when the true value
// would first be promoted (float32 with float64 is float64).
// CHECK-LABEL: func.func @noFoldSelectOfPromotedValue(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<3xf32>, %[[Y:[^:]+]]: tensor<3xf64>)
// CHECK:         %[[R:.+]] = tj.select %{{.+}}, %[[X]], %[[Y]] : (tensor<i1>, tensor<3xf32>, tensor<3xf64>) -> tensor<3xf64>
// CHECK:         return %[[R]] : tensor<3xf64>
func.func @noFoldSelectOfPromotedValue(%x: tensor<3xf32>, %y: tensor<3xf64>) -> tensor<3xf64> {
  %t = tj.constant dense<true> : tensor<i1>
  %0 = tj.select %t, %x, %y : (tensor<i1>, tensor<3xf32>, tensor<3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// broadcast_to the operand's own static type is the operand.
// CHECK-LABEL: func.func @foldBroadcastToSameType(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3xf64>)
// CHECK-NOT:     tj.broadcast_to
// CHECK:         return %[[X]] : tensor<2x3xf64>
func.func @foldBroadcastToSameType(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %0 = tj.broadcast_to %x : tensor<2x3xf64> -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

// broadcast_to a dynamic type equal to the operand's does not fold: a size
// of 1 at run time may still be stretched.
// CHECK-LABEL: func.func @noFoldBroadcastToDynamic(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xf64>, %[[N:[^:]+]]: index)
// CHECK:         %[[R:.+]] = tj.broadcast_to %[[X]][%[[N]]] : tensor<?xf64> -> tensor<?xf64>
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @noFoldBroadcastToDynamic(%x: tensor<?xf64>, %n: index) -> tensor<?xf64> {
  %0 = tj.broadcast_to %x [%n] : tensor<?xf64> -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

//===----------------------------------------------------------------------===//
// Constant folding
//===----------------------------------------------------------------------===//

// -----

// add of float64 constants, a splat scalar broadcast against a vector.
// CHECK-LABEL: func.func @foldAddF64Broadcast()
// CHECK:         %[[C:.+]] = tj.constant dense<[2.500000e+00, 3.500000e+00, 4.500000e+00]> : tensor<3xf64>
// CHECK-NOT:     tj.add
// CHECK:         return %[[C]] : tensor<3xf64>
func.func @foldAddF64Broadcast() -> tensor<3xf64> {
  %a = tj.constant dense<1.5> : tensor<f64>
  %b = tj.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %0 = tj.add %a, %b : (tensor<f64>, tensor<3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// mul of float32 constants, (2x1) broadcast with (3) to (2x3).
// CHECK-LABEL: func.func @foldMulF32Broadcast()
// CHECK:         %[[C:.+]] = tj.constant dense<{{\[\[}}5.000000e-01, 2.500000e-01, 3.000000e+00], [1.000000e+00, 5.000000e-01, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT:     tj.mul
// CHECK:         return %[[C]] : tensor<2x3xf32>
func.func @foldMulF32Broadcast() -> tensor<2x3xf32> {
  %a = tj.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = tj.constant dense<[0.5, 0.25, 3.0]> : tensor<3xf32>
  %0 = tj.mul %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// mul of int32 constants, (2x1) broadcast with (3) to (2x3).
// CHECK-LABEL: func.func @foldMulI32Broadcast()
// CHECK:         %[[C:.+]] = tj.constant dense<{{\[\[}}3, -4, 5], [6, -8, 10]]> : tensor<2x3xi32>
// CHECK-NOT:     tj.mul
// CHECK:         return %[[C]] : tensor<2x3xi32>
func.func @foldMulI32Broadcast() -> tensor<2x3xi32> {
  %a = tj.constant dense<[[1], [2]]> : tensor<2x1xi32>
  %b = tj.constant dense<[3, -4, 5]> : tensor<3xi32>
  %0 = tj.mul %a, %b : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// sub of int32 constants, a vector minus a splat scalar and a splat scalar
// minus a vector.
// CHECK-LABEL: func.func @foldSubI32Broadcast()
// CHECK-DAG:     %[[C0:.+]] = tj.constant dense<[7, 17]> : tensor<2xi32>
// CHECK-DAG:     %[[C1:.+]] = tj.constant dense<[-7, -17]> : tensor<2xi32>
// CHECK-NOT:     tj.sub
// CHECK:         return %[[C0]], %[[C1]] : tensor<2xi32>, tensor<2xi32>
func.func @foldSubI32Broadcast() -> (tensor<2xi32>, tensor<2xi32>) {
  %a = tj.constant dense<[10, 20]> : tensor<2xi32>
  %b = tj.constant dense<3> : tensor<i32>
  %0 = tj.sub %a, %b : (tensor<2xi32>, tensor<i32>) -> tensor<2xi32>
  %1 = tj.sub %b, %a : (tensor<i32>, tensor<2xi32>) -> tensor<2xi32>
  return %0, %1 : tensor<2xi32>, tensor<2xi32>
}

// -----

// div of float64 constants, including division by zero (IEEE infinities).
// CHECK-LABEL: func.func @foldDivF64()
// CHECK-DAG:     %[[C0:.+]] = tj.constant dense<[2.500000e-01, -7.500000e-01]> : tensor<2xf64>
// CHECK-DAG:     %[[C1:.+]] = tj.constant dense<[0x7FF0000000000000, 0xFFF0000000000000]> : tensor<2xf64>
// CHECK-NOT:     tj.div
// CHECK:         return %[[C0]], %[[C1]] : tensor<2xf64>, tensor<2xf64>
func.func @foldDivF64() -> (tensor<2xf64>, tensor<2xf64>) {
  %a = tj.constant dense<[1.0, -3.0]> : tensor<2xf64>
  %b = tj.constant dense<4.0> : tensor<f64>
  %z = tj.constant dense<0.0> : tensor<f64>
  %0 = tj.div %a, %b : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>
  %1 = tj.div %a, %z : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>
  return %0, %1 : tensor<2xf64>, tensor<2xf64>
}

// -----

// div of int32 constants is true division in float64: 7 / 2 = 3.5.
// CHECK-LABEL: func.func @foldDivI32IsFloat64()
// CHECK:         %[[C:.+]] = tj.constant dense<3.500000e+00> : tensor<f64>
// CHECK-NOT:     tj.div
// CHECK:         return %[[C]] : tensor<f64>
func.func @foldDivI32IsFloat64() -> tensor<f64> {
  %a = tj.constant dense<7> : tensor<i32>
  %b = tj.constant dense<2> : tensor<i32>
  %0 = tj.div %a, %b : (tensor<i32>, tensor<i32>) -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// div of int8 constants is true division in float32: 7 / 3 rounded to
// float32.
// CHECK-LABEL: func.func @foldDivI8IsFloat32()
// CHECK:         %[[C:.+]] = tj.constant dense<2.33333325> : tensor<f32>
// CHECK-NOT:     tj.div
// CHECK:         return %[[C]] : tensor<f32>
func.func @foldDivI8IsFloat32() -> tensor<f32> {
  %a = tj.constant dense<7> : tensor<i8>
  %b = tj.constant dense<3> : tensor<i8>
  %0 = tj.div %a, %b : (tensor<i8>, tensor<i8>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// int32 + float32 computes in float64: 16777217 + 1 is exact there (float32
// would round 16777217 to 16777216). MLIR prints 16777218.0 in hex:
// 0x4170000020000000 = 2^24 * (1 + 2^-23).
// CHECK-LABEL: func.func @foldAddI32F32InFloat64()
// CHECK:         %[[C:.+]] = tj.constant dense<0x4170000020000000> : tensor<f64>
// CHECK-NOT:     tj.add
// CHECK:         return %[[C]] : tensor<f64>
func.func @foldAddI32F32InFloat64() -> tensor<f64> {
  %a = tj.constant dense<16777217> : tensor<i32>
  %b = tj.constant dense<1.0> : tensor<f32>
  %0 = tj.add %a, %b : (tensor<i32>, tensor<f32>) -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// Comparisons of constants give bool constants (a vector against a splat).
// CHECK-LABEL: func.func @foldComparisons()
// CHECK-DAG:     %[[LT:.+]] = tj.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG:     %[[LE:.+]] = tj.constant dense<[true, true, false]> : tensor<3xi1>
// CHECK-DAG:     %[[GT:.+]] = tj.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK-DAG:     %[[GE:.+]] = tj.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-DAG:     %[[EQ:.+]] = tj.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG:     %[[NE:.+]] = tj.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-NOT:     tj.{{lt|le|gt|ge|eq|ne}}
// CHECK:         return %[[LT]], %[[LE]], %[[GT]], %[[GE]], %[[EQ]], %[[NE]] :
func.func @foldComparisons() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>,
                                 tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %a = tj.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %b = tj.constant dense<2> : tensor<i32>
  %0 = tj.lt %a, %b : (tensor<3xf64>, tensor<i32>) -> tensor<3xi1>
  %1 = tj.le %a, %b : (tensor<3xf64>, tensor<i32>) -> tensor<3xi1>
  %2 = tj.gt %a, %b : (tensor<3xf64>, tensor<i32>) -> tensor<3xi1>
  %3 = tj.ge %a, %b : (tensor<3xf64>, tensor<i32>) -> tensor<3xi1>
  %4 = tj.eq %a, %b : (tensor<3xf64>, tensor<i32>) -> tensor<3xi1>
  %5 = tj.ne %a, %b : (tensor<3xf64>, tensor<i32>) -> tensor<3xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>,
                                  tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// NaN compares unequal to everything, itself included.
// CHECK-LABEL: func.func @foldComparisonsWithNaN()
// CHECK-DAG:     %[[EQ:.+]] = tj.constant dense<[false, true]> : tensor<2xi1>
// CHECK-DAG:     %[[NE:.+]] = tj.constant dense<[true, false]> : tensor<2xi1>
// CHECK-NOT:     tj.{{eq|ne}}
// CHECK:         return %[[EQ]], %[[NE]] :
func.func @foldComparisonsWithNaN() -> (tensor<2xi1>, tensor<2xi1>) {
  %a = tj.constant dense<[0x7FF8000000000000, 1.0]> : tensor<2xf64>
  %0 = tj.eq %a, %a : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xi1>
  %1 = tj.ne %a, %a : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xi1>
  return %0, %1 : tensor<2xi1>, tensor<2xi1>
}

// -----

// maximum propagates NaN.
// CHECK-LABEL: func.func @foldMaximumNaN()
// CHECK:         %[[C:.+]] = tj.constant dense<[0x7FF8000000000000, 1.000000e+00]> : tensor<2xf64>
// CHECK-NOT:     tj.maximum
// CHECK:         return %[[C]] : tensor<2xf64>
func.func @foldMaximumNaN() -> tensor<2xf64> {
  %a = tj.constant dense<[0x7FF8000000000000, 1.0]> : tensor<2xf64>
  %z = tj.constant dense<0.0> : tensor<f64>
  %0 = tj.maximum %a, %z : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// exp of float64 constants.
// CHECK-LABEL: func.func @foldExp()
// CHECK:         %[[C:.+]] = tj.constant dense<[1.000000e+00, 2.7182818284590451]> : tensor<2xf64>
// CHECK-NOT:     tj.exp
// CHECK:         return %[[C]] : tensor<2xf64>
func.func @foldExp() -> tensor<2xf64> {
  %a = tj.constant dense<[0.0, 1.0]> : tensor<2xf64>
  %0 = tj.exp %a : (tensor<2xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// exp of an int64 constant is float64, of an int16 constant float32.
// CHECK-LABEL: func.func @foldExpOfIntegers()
// CHECK-DAG:     %[[C64:.+]] = tj.constant dense<[1.000000e+00, 2.7182818284590451]> : tensor<2xf64>
// CHECK-DAG:     %[[C32:.+]] = tj.constant dense<2.71828175> : tensor<f32>
// CHECK-NOT:     tj.exp
// CHECK:         return %[[C64]], %[[C32]] : tensor<2xf64>, tensor<f32>
func.func @foldExpOfIntegers() -> (tensor<2xf64>, tensor<f32>) {
  %a = tj.constant dense<[0, 1]> : tensor<2xi64>
  %b = tj.constant dense<1> : tensor<i16>
  %0 = tj.exp %a : (tensor<2xi64>) -> tensor<2xf64>
  %1 = tj.exp %b : (tensor<i16>) -> tensor<f32>
  return %0, %1 : tensor<2xf64>, tensor<f32>
}

// -----

// log of float64 constants.
// CHECK-LABEL: func.func @foldLog()
// CHECK:         %[[C:.+]] = tj.constant dense<[0.000000e+00, 4.6051701859880918]> : tensor<2xf64>
// CHECK-NOT:     tj.log
// CHECK:         return %[[C]] : tensor<2xf64>
func.func @foldLog() -> tensor<2xf64> {
  %a = tj.constant dense<[1.0, 100.0]> : tensor<2xf64>
  %0 = tj.log %a : (tensor<2xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// sqrt of float64 constants.
// CHECK-LABEL: func.func @foldSqrt()
// CHECK:         %[[C:.+]] = tj.constant dense<[2.000000e+00, 1.4142135623730951]> : tensor<2xf64>
// CHECK-NOT:     tj.sqrt
// CHECK:         return %[[C]] : tensor<2xf64>
func.func @foldSqrt() -> tensor<2xf64> {
  %a = tj.constant dense<[4.0, 2.0]> : tensor<2xf64>
  %0 = tj.sqrt %a : (tensor<2xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// sigmoid of float32 constants: sigmoid(0) = 0.5, sigmoid(1) and sigmoid(-1)
// rounded to float32.
// CHECK-LABEL: func.func @foldSigmoid()
// CHECK:         %[[C:.+]] = tj.constant dense<[5.000000e-01, 0.731058597, 0.268941432]> : tensor<3xf32>
// CHECK-NOT:     tj.sigmoid
// CHECK:         return %[[C]] : tensor<3xf32>
func.func @foldSigmoid() -> tensor<3xf32> {
  %a = tj.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %0 = tj.sigmoid %a : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// softplus of float64 constants: log(2) at 0, and no overflow for large
// arguments (softplus(1000) = 1000, softplus(-1000) = 0).
// CHECK-LABEL: func.func @foldSoftplus()
// CHECK:         %[[C:.+]] = tj.constant dense<[0.69314718055994529, 1.000000e+03, 0.000000e+00]> : tensor<3xf64>
// CHECK-NOT:     tj.softplus
// CHECK:         return %[[C]] : tensor<3xf64>
func.func @foldSoftplus() -> tensor<3xf64> {
  %a = tj.constant dense<[0.0, 1000.0, -1000.0]> : tensor<3xf64>
  %0 = tj.softplus %a : (tensor<3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

// round takes halves to even (numpy's rule), keeping the sign of zero.
// CHECK-LABEL: func.func @foldRoundHalfToEven()
// CHECK:         %[[C:.+]] = tj.constant dense<[0.000000e+00, 2.000000e+00, 2.000000e+00, -0.000000e+00]> : tensor<4xf64>
// CHECK-NOT:     tj.round
// CHECK:         return %[[C]] : tensor<4xf64>
func.func @foldRoundHalfToEven() -> tensor<4xf64> {
  %a = tj.constant dense<[0.5, 1.5, 2.5, -0.5]> : tensor<4xf64>
  %0 = tj.round %a : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// int8 arithmetic wraps as compiled code does: 127 + 1 = -128.
// CHECK-LABEL: func.func @foldAddI8Wraps()
// CHECK:         %[[C:.+]] = tj.constant dense<-128> : tensor<i8>
// CHECK-NOT:     tj.add
// CHECK:         return %[[C]] : tensor<i8>
func.func @foldAddI8Wraps() -> tensor<i8> {
  %a = tj.constant dense<127> : tensor<i8>
  %b = tj.constant dense<1> : tensor<i8>
  %0 = tj.add %a, %b : (tensor<i8>, tensor<i8>) -> tensor<i8>
  return %0 : tensor<i8>
}

// -----

// bool + bool is logical or (numpy): true + true = true.
// CHECK-LABEL: func.func @foldAddBool()
// CHECK:         %[[C:.+]] = tj.constant dense<[true, true, false]> : tensor<3xi1>
// CHECK-NOT:     tj.add
// CHECK:         return %[[C]] : tensor<3xi1>
func.func @foldAddBool() -> tensor<3xi1> {
  %a = tj.constant dense<[true, true, false]> : tensor<3xi1>
  %b = tj.constant dense<[true, false, false]> : tensor<3xi1>
  %0 = tj.add %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// Integer powers fold for non-negative exponents.
// CHECK-LABEL: func.func @foldPowInt()
// CHECK:         %[[C:.+]] = tj.constant dense<[1, 8, 1024]> : tensor<3xi32>
// CHECK-NOT:     tj.pow
// CHECK:         return %[[C]] : tensor<3xi32>
func.func @foldPowInt() -> tensor<3xi32> {
  %a = tj.constant dense<2> : tensor<i32>
  %b = tj.constant dense<[0, 3, 10]> : tensor<3xi32>
  %0 = tj.pow %a, %b : (tensor<i32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// An integer to a negative power is 1 / x^-y truncated, as in compiled
// code: 1 for 1, +-1 for -1, 0 for anything else, 0 included.
// CHECK-LABEL: func.func @foldPowIntNegativeExponent()
// CHECK:         %[[C:.+]] = tj.constant dense<[0, 1, -1, 1, 0, 0]> : tensor<6xi32>
// CHECK-NOT:     tj.pow
// CHECK:         return %[[C]] : tensor<6xi32>
func.func @foldPowIntNegativeExponent() -> tensor<6xi32> {
  %a = tj.constant dense<[2, 1, -1, -1, 0, -3]> : tensor<6xi32>
  %b = tj.constant dense<[-1, -5, -3, -2, -1, -1]> : tensor<6xi32>
  %0 = tj.pow %a, %b : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

// float64 -> int32 truncates toward zero.
// CHECK-LABEL: func.func @foldCastF64ToI32Truncates()
// CHECK:         %[[C:.+]] = tj.constant dense<[2, -2]> : tensor<2xi32>
// CHECK-NOT:     tj.cast
// CHECK:         return %[[C]] : tensor<2xi32>
func.func @foldCastF64ToI32Truncates() -> tensor<2xi32> {
  %a = tj.constant dense<[2.7, -2.7]> : tensor<2xf64>
  %0 = tj.cast %a : tensor<2xf64> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// int32 -> bool is != 0.
// CHECK-LABEL: func.func @foldCastI32ToBool()
// CHECK:         %[[C:.+]] = tj.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-NOT:     tj.cast
// CHECK:         return %[[C]] : tensor<3xi1>
func.func @foldCastI32ToBool() -> tensor<3xi1> {
  %a = tj.constant dense<[0, 5, -1]> : tensor<3xi32>
  %0 = tj.cast %a : tensor<3xi32> -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// bool -> float64 is 0 or 1.
// CHECK-LABEL: func.func @foldCastBoolToF64()
// CHECK:         %[[C:.+]] = tj.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf64>
// CHECK-NOT:     tj.cast
// CHECK:         return %[[C]] : tensor<2xf64>
func.func @foldCastBoolToF64() -> tensor<2xf64> {
  %a = tj.constant dense<[true, false]> : tensor<2xi1>
  %0 = tj.cast %a : tensor<2xi1> -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// int64 -> float32 rounds once, to nearest even, as sitofp does:
// 2^53 + 2^29 + 1 is just above the midpoint of 2^53 and 2^53 + 2^30, so it
// becomes 2^53 + 2^30 = 9.0072003E+15 (going through float64 first would
// round it to the midpoint and then to 2^53).
// CHECK-LABEL: func.func @foldCastI64ToF32RoundsOnce()
// CHECK:         %[[C:.+]] = tj.constant dense<9.007200e+15> : tensor<f32>
// CHECK-NOT:     tj.cast
// CHECK:         return %[[C]] : tensor<f32>
func.func @foldCastI64ToF32RoundsOnce() -> tensor<f32> {
  %a = tj.constant dense<9007199791611905> : tensor<i64>
  %0 = tj.cast %a : tensor<i64> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// A float outside the target integer's range, or NaN, converts to the
// integer's minimum, as in compiled code and Array::astype (numpy on x86).
// CHECK-LABEL: func.func @foldCastOutOfRangeToI32()
// CHECK:         %[[C:.+]] = tj.constant dense<[-2147483648, -2147483648, -2147483648, 2147483647, -2147483648]> : tensor<5xi32>
// CHECK-NOT:     tj.cast
// CHECK:         return %[[C]] : tensor<5xi32>
func.func @foldCastOutOfRangeToI32() -> tensor<5xi32> {
  %a = tj.constant dense<[3.0e9, -3.0e9, 0x7FF8000000000000, 2147483647.9, -2147483648.9]> : tensor<5xf64>
  %0 = tj.cast %a : tensor<5xf64> -> tensor<5xi32>
  return %0 : tensor<5xi32>
}

// -----

// reshape of a constant is a constant of the new shape, elements in
// row-major order.
// CHECK-LABEL: func.func @foldReshapeConstant()
// CHECK:         %[[C:.+]] = tj.constant dense<{{\[\[}}1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>
// CHECK-NOT:     tj.reshape
// CHECK:         return %[[C]] : tensor<3x2xi32>
func.func @foldReshapeConstant() -> tensor<3x2xi32> {
  %a = tj.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = tj.reshape %a : tensor<2x3xi32> -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// broadcast_to of a splat constant is a bigger splat constant.
// CHECK-LABEL: func.func @foldBroadcastToSplat()
// CHECK:         %[[C:.+]] = tj.constant dense<2.000000e+00> : tensor<2x3xf64>
// CHECK-NOT:     tj.broadcast_to
// CHECK:         return %[[C]] : tensor<2x3xf64>
func.func @foldBroadcastToSplat() -> tensor<2x3xf64> {
  %a = tj.constant dense<2.0> : tensor<3xf64>
  %0 = tj.broadcast_to %a : tensor<3xf64> -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

// dot(transpose(A), v) -> dot(v, A); dot(v, transpose(A)) -> dot(A, v).
// CHECK-LABEL: func.func @dotOfTransposedMatrix
// CHECK-SAME:    (%[[A:.*]]: tensor<?x3xf64>, %[[V:.*]]: tensor<?xf64>, %[[W:.*]]: tensor<3xf64>)
// CHECK-NOT:     tj.transpose
// CHECK:         %[[X:.*]] = tj.dot %[[V]], %[[A]] : (tensor<?xf64>, tensor<?x3xf64>) -> tensor<3xf64>
// CHECK:         %[[Y:.*]] = tj.dot %[[A]], %[[W]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?xf64>
// CHECK:         return %[[X]], %[[Y]]
func.func @dotOfTransposedMatrix(%a: tensor<?x3xf64>, %v: tensor<?xf64>, %w: tensor<3xf64>) -> (tensor<3xf64>, tensor<?xf64>) {
  %t = tj.transpose %a permutation = [1, 0] : (tensor<?x3xf64>) -> tensor<3x?xf64>
  %x = tj.dot %t, %v : (tensor<3x?xf64>, tensor<?xf64>) -> tensor<3xf64>
  %y = tj.dot %w, %t : (tensor<3xf64>, tensor<3x?xf64>) -> tensor<?xf64>
  return %x, %y : tensor<3xf64>, tensor<?xf64>
}
