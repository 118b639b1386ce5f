// Verifier tests: one case per rule, each with the exact message.
// Ops whose result type is inferred report the rule that failed and
// then MLIR's generic "failed to infer returned types".
//
// RUN: tensorjit-opt %s -split-input-file -verify-diagnostics

// Operands must have one of the seven tj element types: f16 is refused.
func.func @unaryF16Operand(%x: tensor<3xf16>) {
  // expected-error@+1 {{'tj.neg' op operand #0 must be ranked tensor of 1-bit signless integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 32-bit float or 64-bit float values, but got 'tensor<3xf16>'}}
  %0 = tj.neg %x : (tensor<3xf16>) -> tensor<3xf16>
  return
}

// -----

// i4 is not a tj element type either.
func.func @binaryI4Operand(%x: tensor<3xi4>) {
  // expected-error@+1 {{'tj.add' op operand #0 must be ranked tensor of 1-bit signless integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 32-bit float or 64-bit float values, but got 'tensor<3xi4>'}}
  %0 = tj.add %x, %x : (tensor<3xi4>, tensor<3xi4>) -> tensor<3xi4>
  return
}

// -----

// Operands must be ranked.
func.func @unaryUnrankedOperand(%x: tensor<*xf64>) {
  // expected-error@+1 {{'tj.exp' op operand #0 must be ranked tensor of 1-bit signless integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 32-bit float or 64-bit float values, but got 'tensor<*xf64>'}}
  %0 = tj.exp %x : (tensor<*xf64>) -> tensor<*xf64>
  return
}

// -----

// The select condition must be ranked too.
func.func @selectUnrankedCondition(%c: tensor<*xi1>, %x: tensor<3xf64>) {
  // expected-error@+2 {{'tj.select' op condition must be a ranked tensor of i1, got 'tensor<*xi1>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.select %c, %x, %x : (tensor<*xi1>, tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return
}

// -----

// Constants hold tj element types only.
func.func @constantF16() {
  // expected-error@+1 {{'tj.constant' op result #0 must be ranked tensor of 1-bit signless integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 32-bit float or 64-bit float values, but got 'tensor<2xf16>'}}
  %0 = tj.constant dense<1.0> : tensor<2xf16>
  return
}

// -----

// A constant's result type is its value's type; a dense attribute cannot
// have a dynamic shape, so a dynamic result type can only be written in
// generic form, where it differs from the value's type.
func.func @constantDynamicResult() {
  // expected-error@+1 {{'tj.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "tj.constant"() <{value = dense<1.0> : tensor<1xf64>}> : () -> tensor<?xf64>
  return
}

// -----

// Unary: exp of int32 is float64 (upgrade_to_float), not float32.
func.func @unaryWrongResultType(%x: tensor<3xi32>) {
  // expected-error@+2 {{'tj.exp' op inferred type(s) 'tensor<3xf64>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.exp %x : (tensor<3xi32>) -> tensor<3xf32>
  return
}

// -----

// Unary: neg keeps the shape, static sizes included.
func.func @unaryWrongResultShape(%x: tensor<3xf64>) {
  // expected-error@+2 {{'tj.neg' op inferred type(s) 'tensor<3xf64>' are incompatible with return type(s) of operation 'tensor<?xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.neg %x : (tensor<3xf64>) -> tensor<?xf64>
  return
}

// -----

// Binary: int32 + float32 promotes to float64.
func.func @binaryWrongPromotion(%x: tensor<3xi32>, %y: tensor<3xf32>) {
  // expected-error@+2 {{'tj.add' op inferred type(s) 'tensor<3xf64>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.add %x, %y : (tensor<3xi32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

// Binary: (?x1) broadcast with (3) is (?x3).
func.func @binaryWrongBroadcastShape(%x: tensor<?x1xf64>, %y: tensor<3xf64>) {
  // expected-error@+2 {{'tj.mul' op inferred type(s) 'tensor<?x3xf64>' are incompatible with return type(s) of operation 'tensor<?x1xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.mul %x, %y : (tensor<?x1xf64>, tensor<3xf64>) -> tensor<?x1xf64>
  return
}

// -----

// Binary: true division of integers is float-valued.
func.func @divIntegerResult(%x: tensor<3xi32>) {
  // expected-error@+2 {{'tj.div' op inferred type(s) 'tensor<3xf64>' are incompatible with return type(s) of operation 'tensor<3xi32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.div %x, %x : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

// Comparisons give bool.
func.func @comparisonNotBool(%x: tensor<3xf64>) {
  // expected-error@+2 {{'tj.lt' op inferred type(s) 'tensor<3xi1>' are incompatible with return type(s) of operation 'tensor<3xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.lt %x, %x : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return
}

// -----

// Select promotes its two values: float64 and int32 give float64.
func.func @selectWrongResultType(%c: tensor<3xi1>, %x: tensor<3xf64>, %y: tensor<3xi32>) {
  // expected-error@+2 {{'tj.select' op inferred type(s) 'tensor<3xf64>' are incompatible with return type(s) of operation 'tensor<3xi32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.select %c, %x, %y : (tensor<3xi1>, tensor<3xf64>, tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

// Reduction: sum of int32 accumulates in int64.
func.func @sumWrongResultType(%x: tensor<3x4xi32>) {
  // expected-error@+2 {{'tj.sum' op inferred type(s) 'tensor<3xi64>' are incompatible with return type(s) of operation 'tensor<3xi32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.sum %x axes = [1] : (tensor<3x4xi32>) -> tensor<3xi32>
  return
}

// -----

// Reduction: mean of int32 is float64.
func.func @meanWrongResultType(%x: tensor<3x4xi32>) {
  // expected-error@+2 {{'tj.mean' op inferred type(s) 'tensor<4xf64>' are incompatible with return type(s) of operation 'tensor<4xi64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.mean %x axes = [0] : (tensor<3x4xi32>) -> tensor<4xi64>
  return
}

// -----

// Reduction: without keepdims the reduced axis is dropped.
func.func @maxWrongResultShape(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.max' op inferred type(s) 'tensor<4xf64>' are incompatible with return type(s) of operation 'tensor<1x4xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.max %x axes = [0] : (tensor<3x4xf64>) -> tensor<1x4xf64>
  return
}

// -----

// Reduction: argmax gives int64.
func.func @argmaxWrongResultType(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.argmax' op inferred type(s) 'tensor<3xi64>' are incompatible with return type(s) of operation 'tensor<3xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.argmax %x axes = [1] : (tensor<3x4xf64>) -> tensor<3xf64>
  return
}

// -----

// dot: matrix . vector is a vector.
func.func @dotWrongResultType(%x: tensor<2x3xf64>, %y: tensor<3xf64>) {
  // expected-error@+2 {{'tj.dot' op inferred type(s) 'tensor<2xf64>' are incompatible with return type(s) of operation 'tensor<2x3xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.dot %x, %y : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  return
}

// -----

// transpose: result dimension i is operand dimension permutation[i].
func.func @transposeWrongResultType(%x: tensor<2x3xf64>) {
  // expected-error@+2 {{'tj.transpose' op inferred type(s) 'tensor<3x2xf64>' are incompatible with return type(s) of operation 'tensor<2x3xf64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.transpose %x permutation = [1, 0] : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return
}

// -----

// grad has the type of wrt.
func.func @gradWrongResultType(%c: tensor<f64>, %w: tensor<3xf64>) {
  // expected-error@+2 {{'tj.grad' op inferred type(s) 'tensor<3xf64>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.grad %c, %w : (tensor<f64>, tensor<3xf64>) -> tensor<3xf32>
  return
}

// -----

// Static sizes 3 and 4 do not broadcast.
func.func @binaryIncompatibleShapes(%x: tensor<3xi32>, %y: tensor<4xi32>) {
  // expected-error@+2 {{'tj.add' op shapes (3,) and (4,) are not broadcastable: axis -1 has sizes 3 and 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.add %x, %y : (tensor<3xi32>, tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

// Sizes are aligned on the right: (2, 3) and (2,) do not broadcast.
func.func @binaryIncompatibleShapesRightAligned(%x: tensor<2x3xf64>, %y: tensor<2xf64>) {
  // expected-error@+2 {{'tj.gt' op shapes (2, 3) and (2,) are not broadcastable: axis -1 has sizes 3 and 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.gt %x, %y : (tensor<2x3xf64>, tensor<2xf64>) -> tensor<2x3xi1>
  return
}

// -----

// select broadcasts its condition with its values.
func.func @selectIncompatibleShapes(%c: tensor<2xi1>, %x: tensor<3xf64>) {
  // expected-error@+2 {{'tj.select' op shapes (2,) and (3,) and (3,) are not broadcastable: axis -1 has sizes 2 and 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.select %c, %x, %x : (tensor<2xi1>, tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return
}

// -----

// sub refuses two bool operands (numpy does too).
func.func @subBool(%x: tensor<3xi1>) {
  // expected-error@+2 {{'tj.sub' op does not accept two bool operands (numpy refuses it too); cast them first}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.sub %x, %x : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

// pow refuses two bool operands.
func.func @powBool(%x: tensor<3xi1>) {
  // expected-error@+2 {{'tj.pow' op does not accept two bool operands (numpy refuses it too); cast them first}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.pow %x, %x : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

// neg refuses a bool operand.
func.func @negBool(%x: tensor<3xi1>) {
  // expected-error@+2 {{'tj.neg' op does not accept a bool operand (numpy refuses it too); cast it first}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.neg %x : (tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

// dot refuses two bool operands.
func.func @dotBool(%x: tensor<3xi1>) {
  // expected-error@+2 {{'tj.dot' op does not accept two bool operands; cast them first}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.dot %x, %x : (tensor<3xi1>, tensor<3xi1>) -> tensor<i1>
  return
}

// -----

// The select condition must be bool.
func.func @selectNonBoolCondition(%c: tensor<3xi32>, %x: tensor<3xf64>) {
  // expected-error@+1 {{'tj.select' op operand #0 must be tensor of 1-bit signless integer values, but got 'tensor<3xi32>'}}
  %0 = tj.select %c, %x, %x : (tensor<3xi32>, tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return
}

// -----

// Reduction axes must be in range.
func.func @reductionAxisOutOfRange(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.sum' op axis 2 is out of range for rank 2 (valid axes are 0 to 1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.sum %x axes = [2] : (tensor<3x4xf64>) -> tensor<3x4xf64>
  return
}

// -----

// Reduction axes are non-negative (no numpy-style negative axes).
func.func @reductionNegativeAxis(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.mean' op axis -1 is out of range for rank 2 (valid axes are 0 to 1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.mean %x axes = [-1] : (tensor<3x4xf64>) -> tensor<3xf64>
  return
}

// -----

// A rank-0 tensor has no axis to reduce.
func.func @reductionAxisOfScalar(%x: tensor<f64>) {
  // expected-error@+2 {{'tj.prod' op axis 0 is out of range for rank 0 (a rank-0 operand has no axes)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.prod %x axes = [0] : (tensor<f64>) -> tensor<f64>
  return
}

// -----

// Reduction axes must be distinct.
func.func @reductionRepeatedAxis(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.min' op axis 0 is repeated}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.min %x axes = [0, 0] : (tensor<3x4xf64>) -> tensor<4xf64>
  return
}

// -----

// argmax takes exactly one axis, not two.
func.func @argmaxTwoAxes(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.argmax' op takes exactly one axis, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.argmax %x axes = [0, 1] : (tensor<3x4xf64>) -> tensor<i64>
  return
}

// -----

// argmax takes exactly one axis, not none.
func.func @argmaxNoAxis(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.argmax' op takes exactly one axis, got 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.argmax %x axes = [] : (tensor<3x4xf64>) -> tensor<3x4xi64>
  return
}

// -----

// dot takes vectors and matrices: rank 3 is refused.
func.func @dotRank3(%x: tensor<2x3x4xf64>, %y: tensor<4xf64>) {
  // expected-error@+2 {{'tj.dot' op takes vectors and matrices, got ranks 3 and 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.dot %x, %y : (tensor<2x3x4xf64>, tensor<4xf64>) -> tensor<2x3xf64>
  return
}

// -----

// dot takes vectors and matrices: rank 0 is refused.
func.func @dotRank0(%x: tensor<f64>, %y: tensor<3xf64>) {
  // expected-error@+2 {{'tj.dot' op takes vectors and matrices, got ranks 0 and 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.dot %x, %y : (tensor<f64>, tensor<3xf64>) -> tensor<3xf64>
  return
}

// -----

// dot: static contracted sizes must agree (matrix . vector).
func.func @dotContractionMismatch(%x: tensor<2x3xf64>, %y: tensor<4xf64>) {
  // expected-error@+2 {{'tj.dot' op shapes (2, 3) and (4,) are not aligned: 3 (dim 1) != 4 (dim 0)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.dot %x, %y : (tensor<2x3xf64>, tensor<4xf64>) -> tensor<2xf64>
  return
}

// -----

// dot: static contracted sizes must agree (vector . matrix).
func.func @dotContractionMismatchVectorMatrix(%x: tensor<3xf64>, %y: tensor<4x5xf64>) {
  // expected-error@+2 {{'tj.dot' op shapes (3,) and (4, 5) are not aligned: 3 (dim 0) != 4 (dim 0)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.dot %x, %y : (tensor<3xf64>, tensor<4x5xf64>) -> tensor<5xf64>
  return
}

// -----

// transpose: the permutation has one entry per dimension.
func.func @transposeWrongLength(%x: tensor<2x3xf64>) {
  // expected-error@+2 {{'tj.transpose' op permutation has length 1 but the operand has rank 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.transpose %x permutation = [0] : (tensor<2x3xf64>) -> tensor<2xf64>
  return
}

// -----

// transpose: permutation entries are distinct.
func.func @transposeRepeatedEntry(%x: tensor<2x3xf64>) {
  // expected-error@+2 {{'tj.transpose' op permutation is invalid: axis 0 is repeated}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.transpose %x permutation = [0, 0] : (tensor<2x3xf64>) -> tensor<2x2xf64>
  return
}

// -----

// transpose: permutation entries are in range.
func.func @transposeOutOfRange(%x: tensor<2x3xf64>) {
  // expected-error@+2 {{'tj.transpose' op permutation is invalid: axis 2 is out of range for rank 2 (valid axes are 0 to 1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.transpose %x permutation = [0, 2] : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return
}

// -----

// transpose: permutation entries are non-negative.
func.func @transposeNegativeEntry(%x: tensor<3x4xf64>) {
  // expected-error@+2 {{'tj.transpose' op permutation is invalid: axis -1 is out of range for rank 2 (valid axes are 0 to 1)}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tj.transpose %x permutation = [-1, 0] : (tensor<3x4xf64>) -> tensor<4x3xf64>
  return
}

// -----

// reshape: static element counts must agree.
func.func @reshapeCountMismatch(%x: tensor<2x3xf64>) {
  // expected-error@+1 {{'tj.reshape' op cannot reshape (2, 3) (6 elements) to (7,) (7 elements)}}
  %0 = tj.reshape %x : tensor<2x3xf64> -> tensor<7xf64>
  return
}

// -----

// reshape: a static result takes no size operands.
func.func @reshapeTooManySizes(%x: tensor<2x3xf64>, %n: index) {
  // expected-error@+1 {{'tj.reshape' op result type 'tensor<6xf64>' has 0 dynamic size(s) but 1 size operand(s) were given}}
  %0 = tj.reshape %x [%n] : tensor<2x3xf64> -> tensor<6xf64>
  return
}

// -----

// reshape: each dynamic result size needs a size operand.
func.func @reshapeMissingSize(%x: tensor<?x3xf64>) {
  // expected-error@+1 {{'tj.reshape' op result type 'tensor<?xf64>' has 1 dynamic size(s) but 0 size operand(s) were given}}
  %0 = tj.reshape %x : tensor<?x3xf64> -> tensor<?xf64>
  return
}

// -----

// reshape keeps the element type (use tj.cast to change it).
func.func @reshapeChangesElementType(%x: tensor<6xf64>) {
  // expected-error@+1 {{'tj.reshape' op changes the element type from 'f64' to 'i32'}}
  %0 = tj.reshape %x : tensor<6xf64> -> tensor<2x3xi32>
  return
}

// -----

// broadcast_to: each dynamic result size needs a size operand.
func.func @broadcastToMissingSize(%x: tensor<3xf64>) {
  // expected-error@+1 {{'tj.broadcast_to' op result type 'tensor<?x3xf64>' has 1 dynamic size(s) but 0 size operand(s) were given}}
  %0 = tj.broadcast_to %x : tensor<3xf64> -> tensor<?x3xf64>
  return
}

// -----

// broadcast_to: a static result takes no size operands.
func.func @broadcastToTooManySizes(%x: tensor<3xf64>, %n: index) {
  // expected-error@+1 {{'tj.broadcast_to' op result type 'tensor<2x3xf64>' has 0 dynamic size(s) but 1 size operand(s) were given}}
  %0 = tj.broadcast_to %x [%n] : tensor<3xf64> -> tensor<2x3xf64>
  return
}

// -----

// broadcast_to: only size-1 dimensions stretch.
func.func @broadcastToIncompatible(%x: tensor<3xf64>) {
  // expected-error@+1 {{'tj.broadcast_to' op cannot broadcast shape (3,) to (2, 4): size 3 does not match 4}}
  %0 = tj.broadcast_to %x : tensor<3xf64> -> tensor<2x4xf64>
  return
}

// -----

// broadcast_to never drops dimensions.
func.func @broadcastToLowerRank(%x: tensor<2x3xf64>) {
  // expected-error@+1 {{'tj.broadcast_to' op cannot broadcast shape (2, 3) to the lower-rank shape (3,)}}
  %0 = tj.broadcast_to %x : tensor<2x3xf64> -> tensor<3xf64>
  return
}

// -----

// broadcast_to keeps the element type.
func.func @broadcastToChangesElementType(%x: tensor<3xf64>) {
  // expected-error@+1 {{'tj.broadcast_to' op changes the element type from 'f64' to 'f32'}}
  %0 = tj.broadcast_to %x : tensor<3xf64> -> tensor<2x3xf32>
  return
}

// -----

// cast changes only the element type, not the shape.
func.func @castChangesShape(%x: tensor<3xf64>) {
  // expected-error@+1 {{'tj.cast' op changes the shape from (3,) to (1, 3); only the element type may change}}
  %0 = tj.cast %x : tensor<3xf64> -> tensor<1x3xi32>
  return
}

// -----

// cast does not turn a static size into a dynamic one.
func.func @castStaticToDynamic(%x: tensor<3xf64>) {
  // expected-error@+1 {{'tj.cast' op changes the shape from (3,) to (?,); only the element type may change}}
  %0 = tj.cast %x : tensor<3xf64> -> tensor<?xi32>
  return
}

// -----

// grad: the cost is a scalar.
func.func @gradNonScalarCost(%c: tensor<3xf64>, %w: tensor<3xf64>) {
  // expected-error@+1 {{'tj.grad' op operand #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<3xf64>'}}
  %0 = tj.grad %c, %w : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return
}

// -----

// grad: the cost is a float.
func.func @gradIntegerCost(%c: tensor<i32>, %w: tensor<3xf64>) {
  // expected-error@+1 {{'tj.grad' op operand #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<i32>'}}
  %0 = tj.grad %c, %w : (tensor<i32>, tensor<3xf64>) -> tensor<3xf64>
  return
}

// -----

// grad: wrt is a float tensor.
func.func @gradIntegerWrt(%c: tensor<f64>, %w: tensor<3xi32>) {
  // expected-error@+1 {{'tj.grad' op operand #1 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<3xi32>'}}
  %0 = tj.grad %c, %w : (tensor<f64>, tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

// Generic form without the required permutation.
func.func @genericTransposeNoPermutation(%x: tensor<2x3xf64>) {
  // expected-error@+1 {{'tj.transpose' op requires attribute 'permutation'}}
  %0 = "tj.transpose"(%x) : (tensor<2x3xf64>) -> tensor<3x2xf64>
  return
}

// -----

// Generic form without the required axes.
func.func @genericSumNoAxes(%x: tensor<2x3xf64>) {
  // expected-error@+1 {{'tj.sum' op requires attribute 'axes'}}
  %0 = "tj.sum"(%x) : (tensor<2x3xf64>) -> tensor<3xf64>
  return
}

// -----

// Generic form of a binary op with one operand.
func.func @genericAddOneOperand(%x: tensor<2x3xf64>) {
  // expected-error@+1 {{'tj.add' op expected 2 operands, but found 1}}
  %0 = "tj.add"(%x) : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return
}

// -----

// Generic form of grad with one operand.
func.func @genericGradOneOperand(%c: tensor<f64>) {
  // expected-error@+1 {{'tj.grad' op expected 2 operands, but found 1}}
  %0 = "tj.grad"(%c) : (tensor<f64>) -> tensor<f64>
  return
}

// -----

// Generic form of a constant without a value.
func.func @genericConstantNoValue() {
  // expected-error@+1 {{'tj.constant' op requires attribute 'value'}}
  %0 = "tj.constant"() : () -> tensor<f64>
  return
}

// -----

// With dynamic target sizes, the static ones must divide the element count.
func.func @reshapeStaticSizesDoNotDivide(%x: tensor<6xf64>, %n: index) {
  // expected-error@+1 {{'tj.reshape' op cannot reshape (6,) (6 elements) to (?, 4): 6 is not a multiple of 4}}
  %0 = tj.reshape %x[%n] : tensor<6xf64> -> tensor<?x4xf64>
  return
}
