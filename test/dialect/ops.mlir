// Round-trip test of every tj op: the custom form parses, prints and parses
// again unchanged, and so does the generic form. The types written here are
// the ones the verifiers infer, so this file also pins the broadcasting and
// dtype promotion rules of TypeRules.h (numpy / Theano).
//
// RUN: tensorjit-opt %s | tensorjit-opt | FileCheck %s
// RUN: tensorjit-opt %s --mlir-print-op-generic | tensorjit-opt | FileCheck %s

//===----------------------------------------------------------------------===//
// tj.constant
//===----------------------------------------------------------------------===//

// Constants of every element kind, scalar, splat and non-splat.
// CHECK-LABEL: func.func @constants()
// CHECK:         tj.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         tj.constant dense<{{\[\[}}0.000000e+00, 1.000000e+00], [-1.000000e+00, -2.000000e+00]]> : tensor<2x2xf64>
// CHECK:         tj.constant dense<2.500000e+00> : tensor<3xf32>
// CHECK:         tj.constant dense<[true, false]> : tensor<2xi1>
// CHECK:         tj.constant dense<-128> : tensor<i8>
// CHECK:         tj.constant dense<[1, -2]> : tensor<2xi16>
// CHECK:         tj.constant dense<7> : tensor<2x3xi32>
// CHECK:         tj.constant dense<9223372036854775807> : tensor<i64>
// CHECK:         tj.constant dense<> : tensor<0xf64>
func.func @constants() {
  %0 = tj.constant dense<1.0> : tensor<f64>
  %1 = tj.constant dense<[[0.0, 1.0], [-1.0, -2.0]]> : tensor<2x2xf64>
  %2 = tj.constant dense<2.5> : tensor<3xf32>
  %3 = tj.constant dense<[true, false]> : tensor<2xi1>
  %4 = tj.constant dense<-128> : tensor<i8>
  %5 = tj.constant dense<[1, -2]> : tensor<2xi16>
  %6 = tj.constant dense<7> : tensor<2x3xi32>
  %7 = tj.constant dense<9223372036854775807> : tensor<i64>
  %8 = tj.constant dense<> : tensor<0xf64>
  return
}

//===----------------------------------------------------------------------===//
// tj.cast
//===----------------------------------------------------------------------===//

// cast changes only the element type; dynamic sizes stay dynamic.
// CHECK-LABEL: func.func @cast(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xf64>, %[[B:[^:]+]]: tensor<2xi1>)
// CHECK:         tj.cast %[[X]] : tensor<?x3xf64> -> tensor<?x3xi32>
// CHECK:         tj.cast %[[X]] : tensor<?x3xf64> -> tensor<?x3xi1>
// CHECK:         tj.cast %[[B]] : tensor<2xi1> -> tensor<2xf32>
// CHECK:         tj.cast %[[B]] : tensor<2xi1> -> tensor<2xi64>
// CHECK:         tj.cast %[[X]] : tensor<?x3xf64> -> tensor<?x3xf64>
func.func @cast(%x: tensor<?x3xf64>, %b: tensor<2xi1>) {
  %0 = tj.cast %x : tensor<?x3xf64> -> tensor<?x3xi32>
  %1 = tj.cast %x : tensor<?x3xf64> -> tensor<?x3xi1>
  %2 = tj.cast %b : tensor<2xi1> -> tensor<2xf32>
  %3 = tj.cast %b : tensor<2xi1> -> tensor<2xi64>
  %4 = tj.cast %x : tensor<?x3xf64> -> tensor<?x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

// All 16 unary ops on a float64 tensor with a dynamic size keep the type.
// CHECK-LABEL: func.func @unaryF64(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xf64>)
// CHECK:         tj.neg %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.abs %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.sqr %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.exp %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.log %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.log1p %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.expm1 %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.sqrt %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.tanh %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.sigmoid %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.softplus %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.sin %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.cos %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.floor %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.ceil %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.round %[[X]] : (tensor<?x3xf64>) -> tensor<?x3xf64>
func.func @unaryF64(%x: tensor<?x3xf64>) {
  %0 = tj.neg %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %1 = tj.abs %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %2 = tj.sqr %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %3 = tj.exp %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %4 = tj.log %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %5 = tj.log1p %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %6 = tj.expm1 %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %7 = tj.sqrt %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %8 = tj.tanh %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %9 = tj.sigmoid %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %10 = tj.softplus %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %11 = tj.sin %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %12 = tj.cos %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %13 = tj.floor %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %14 = tj.ceil %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %15 = tj.round %x : (tensor<?x3xf64>) -> tensor<?x3xf64>
  return
}

// float32 stays float32 under every rule.
// CHECK-LABEL: func.func @unaryF32(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<4xf32>)
// CHECK:         tj.neg %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         tj.sqr %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         tj.exp %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
func.func @unaryF32(%x: tensor<4xf32>) {
  %0 = tj.neg %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tj.sqr %x : (tensor<4xf32>) -> tensor<4xf32>
  %2 = tj.exp %x : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// SameKind (abs, sqr) and Numeric (neg) keep integer kinds; abs and sqr also
// accept bool.
// CHECK-LABEL: func.func @unaryKeepsIntegerKind(
// CHECK-SAME:    %[[I:[^:]+]]: tensor<?xi32>, %[[S:[^:]+]]: tensor<2xi8>, %[[B:[^:]+]]: tensor<2xi1>)
// CHECK:         tj.neg %[[I]] : (tensor<?xi32>) -> tensor<?xi32>
// CHECK:         tj.abs %[[I]] : (tensor<?xi32>) -> tensor<?xi32>
// CHECK:         tj.sqr %[[S]] : (tensor<2xi8>) -> tensor<2xi8>
// CHECK:         tj.abs %[[B]] : (tensor<2xi1>) -> tensor<2xi1>
// CHECK:         tj.sqr %[[B]] : (tensor<2xi1>) -> tensor<2xi1>
func.func @unaryKeepsIntegerKind(%i: tensor<?xi32>, %s: tensor<2xi8>,
                                 %b: tensor<2xi1>) {
  %0 = tj.neg %i : (tensor<?xi32>) -> tensor<?xi32>
  %1 = tj.abs %i : (tensor<?xi32>) -> tensor<?xi32>
  %2 = tj.sqr %s : (tensor<2xi8>) -> tensor<2xi8>
  %3 = tj.abs %b : (tensor<2xi1>) -> tensor<2xi1>
  %4 = tj.sqr %b : (tensor<2xi1>) -> tensor<2xi1>
  return
}

// FloatValued (Theano's upgrade_to_float): int32/int64 -> float64;
// bool/int8/int16 -> float32.
// CHECK-LABEL: func.func @unaryUpgradeToFloat(
// CHECK-SAME:    %[[I64:[^:]+]]: tensor<?xi64>, %[[I32:[^:]+]]: tensor<2xi32>, %[[I16:[^:]+]]: tensor<2xi16>, %[[I8:[^:]+]]: tensor<2xi8>, %[[B:[^:]+]]: tensor<2xi1>)
// CHECK:         tj.exp %[[I64]] : (tensor<?xi64>) -> tensor<?xf64>
// CHECK:         tj.log %[[I32]] : (tensor<2xi32>) -> tensor<2xf64>
// CHECK:         tj.round %[[I32]] : (tensor<2xi32>) -> tensor<2xf64>
// CHECK:         tj.exp %[[I16]] : (tensor<2xi16>) -> tensor<2xf32>
// CHECK:         tj.tanh %[[I8]] : (tensor<2xi8>) -> tensor<2xf32>
// CHECK:         tj.sqrt %[[B]] : (tensor<2xi1>) -> tensor<2xf32>
// CHECK:         tj.floor %[[I64]] : (tensor<?xi64>) -> tensor<?xf64>
func.func @unaryUpgradeToFloat(%i64: tensor<?xi64>, %i32: tensor<2xi32>,
                               %i16: tensor<2xi16>, %i8: tensor<2xi8>,
                               %b: tensor<2xi1>) {
  %0 = tj.exp %i64 : (tensor<?xi64>) -> tensor<?xf64>
  %1 = tj.log %i32 : (tensor<2xi32>) -> tensor<2xf64>
  %2 = tj.round %i32 : (tensor<2xi32>) -> tensor<2xf64>
  %3 = tj.exp %i16 : (tensor<2xi16>) -> tensor<2xf32>
  %4 = tj.tanh %i8 : (tensor<2xi8>) -> tensor<2xf32>
  %5 = tj.sqrt %b : (tensor<2xi1>) -> tensor<2xf32>
  %6 = tj.floor %i64 : (tensor<?xi64>) -> tensor<?xf64>
  return
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops and comparisons
//===----------------------------------------------------------------------===//

// All 13 binary ops with numpy broadcasting (?x3) with (3) -> (?x3) and a
// float64 scalar with a matrix.
// CHECK-LABEL: func.func @binaryF64(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xf64>, %[[Y:[^:]+]]: tensor<3xf64>, %[[S:[^:]+]]: tensor<f64>)
// CHECK:         tj.add %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.sub %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.mul %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.div %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.pow %[[X]], %[[S]] : (tensor<?x3xf64>, tensor<f64>) -> tensor<?x3xf64>
// CHECK:         tj.maximum %[[S]], %[[X]] : (tensor<f64>, tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.minimum %[[X]], %[[S]] : (tensor<?x3xf64>, tensor<f64>) -> tensor<?x3xf64>
// CHECK:         tj.lt %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
// CHECK:         tj.le %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
// CHECK:         tj.gt %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
// CHECK:         tj.ge %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
// CHECK:         tj.eq %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
// CHECK:         tj.ne %[[X]], %[[Y]] : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
func.func @binaryF64(%x: tensor<?x3xf64>, %y: tensor<3xf64>, %s: tensor<f64>) {
  %0 = tj.add %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %1 = tj.sub %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %2 = tj.mul %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %3 = tj.div %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %4 = tj.pow %x, %s : (tensor<?x3xf64>, tensor<f64>) -> tensor<?x3xf64>
  %5 = tj.maximum %s, %x : (tensor<f64>, tensor<?x3xf64>) -> tensor<?x3xf64>
  %6 = tj.minimum %x, %s : (tensor<?x3xf64>, tensor<f64>) -> tensor<?x3xf64>
  %7 = tj.lt %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
  %8 = tj.le %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
  %9 = tj.gt %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
  %10 = tj.ge %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
  %11 = tj.eq %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
  %12 = tj.ne %x, %y : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xi1>
  return
}

// numpy broadcasting: sizes align on the right, 1 stretches, a dynamic size
// is kept unless the other operand fixes it with a static size other than 1.
// CHECK-LABEL: func.func @broadcasting(
// CHECK-SAME:    %[[A:[^:]+]]: tensor<?x1xf64>, %[[B:[^:]+]]: tensor<3xf64>, %[[C:[^:]+]]: tensor<2x1xf64>, %[[D:[^:]+]]: tensor<1x3xf64>, %[[E:[^:]+]]: tensor<?xf64>, %[[F:[^:]+]]: tensor<1xf64>, %[[G:[^:]+]]: tensor<1x?xf64>, %[[H:[^:]+]]: tensor<4x1xf64>, %[[K:[^:]+]]: tensor<5x1x?xf64>)
// CHECK:         tj.add %[[A]], %[[B]] : (tensor<?x1xf64>, tensor<3xf64>) -> tensor<?x3xf64>
// CHECK:         tj.add %[[C]], %[[D]] : (tensor<2x1xf64>, tensor<1x3xf64>) -> tensor<2x3xf64>
// CHECK:         tj.add %[[E]], %[[E]] : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         tj.add %[[E]], %[[F]] : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
// CHECK:         tj.add %[[E]], %[[B]] : (tensor<?xf64>, tensor<3xf64>) -> tensor<3xf64>
// CHECK:         tj.add %[[G]], %[[H]] : (tensor<1x?xf64>, tensor<4x1xf64>) -> tensor<4x?xf64>
// CHECK:         tj.add %[[K]], %[[B]] : (tensor<5x1x?xf64>, tensor<3xf64>) -> tensor<5x1x3xf64>
// CHECK:         tj.add %[[A]], %[[K]] : (tensor<?x1xf64>, tensor<5x1x?xf64>) -> tensor<5x?x?xf64>
func.func @broadcasting(%a: tensor<?x1xf64>, %b: tensor<3xf64>,
                        %c: tensor<2x1xf64>, %d: tensor<1x3xf64>,
                        %e: tensor<?xf64>, %f: tensor<1xf64>,
                        %g: tensor<1x?xf64>, %h: tensor<4x1xf64>,
                        %k: tensor<5x1x?xf64>) {
  %0 = tj.add %a, %b : (tensor<?x1xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %1 = tj.add %c, %d : (tensor<2x1xf64>, tensor<1x3xf64>) -> tensor<2x3xf64>
  %2 = tj.add %e, %e : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %3 = tj.add %e, %f : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
  %4 = tj.add %e, %b : (tensor<?xf64>, tensor<3xf64>) -> tensor<3xf64>
  %5 = tj.add %g, %h : (tensor<1x?xf64>, tensor<4x1xf64>) -> tensor<4x?xf64>
  %6 = tj.add %k, %b : (tensor<5x1x?xf64>, tensor<3xf64>) -> tensor<5x1x3xf64>
  %7 = tj.add %a, %k : (tensor<?x1xf64>, tensor<5x1x?xf64>) -> tensor<5x?x?xf64>
  return
}

// numpy promote_types: wider integer wins, bool is the narrowest integer,
// float32 holds int8/int16 but int32/int64 with float32 give float64.
// CHECK-LABEL: func.func @promotion(
// CHECK-SAME:    %[[I32:[^:]+]]: tensor<3xi32>, %[[I64:[^:]+]]: tensor<3xi64>, %[[F32:[^:]+]]: tensor<3xf32>, %[[I8:[^:]+]]: tensor<3xi8>, %[[I16:[^:]+]]: tensor<3xi16>, %[[B:[^:]+]]: tensor<3xi1>, %[[F64:[^:]+]]: tensor<3xf64>)
// CHECK:         tj.add %[[I32]], %[[I64]] : (tensor<3xi32>, tensor<3xi64>) -> tensor<3xi64>
// CHECK:         tj.add %[[I32]], %[[F32]] : (tensor<3xi32>, tensor<3xf32>) -> tensor<3xf64>
// CHECK:         tj.mul %[[F32]], %[[I64]] : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf64>
// CHECK:         tj.add %[[I8]], %[[F32]] : (tensor<3xi8>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         tj.sub %[[I16]], %[[F32]] : (tensor<3xi16>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         tj.add %[[B]], %[[I8]] : (tensor<3xi1>, tensor<3xi8>) -> tensor<3xi8>
// CHECK:         tj.add %[[B]], %[[B]] : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
// CHECK:         tj.mul %[[B]], %[[F32]] : (tensor<3xi1>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         tj.sub %[[B]], %[[I32]] : (tensor<3xi1>, tensor<3xi32>) -> tensor<3xi32>
// CHECK:         tj.add %[[F32]], %[[F64]] : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf64>
// CHECK:         tj.maximum %[[I8]], %[[I16]] : (tensor<3xi8>, tensor<3xi16>) -> tensor<3xi16>
// CHECK:         tj.minimum %[[I64]], %[[F64]] : (tensor<3xi64>, tensor<3xf64>) -> tensor<3xf64>
// CHECK:         tj.pow %[[I32]], %[[I8]] : (tensor<3xi32>, tensor<3xi8>) -> tensor<3xi32>
// CHECK:         tj.pow %[[F32]], %[[B]] : (tensor<3xf32>, tensor<3xi1>) -> tensor<3xf32>
func.func @promotion(%i32: tensor<3xi32>, %i64: tensor<3xi64>,
                     %f32: tensor<3xf32>, %i8: tensor<3xi8>,
                     %i16: tensor<3xi16>, %b: tensor<3xi1>,
                     %f64: tensor<3xf64>) {
  %0 = tj.add %i32, %i64 : (tensor<3xi32>, tensor<3xi64>) -> tensor<3xi64>
  %1 = tj.add %i32, %f32 : (tensor<3xi32>, tensor<3xf32>) -> tensor<3xf64>
  %2 = tj.mul %f32, %i64 : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf64>
  %3 = tj.add %i8, %f32 : (tensor<3xi8>, tensor<3xf32>) -> tensor<3xf32>
  %4 = tj.sub %i16, %f32 : (tensor<3xi16>, tensor<3xf32>) -> tensor<3xf32>
  %5 = tj.add %b, %i8 : (tensor<3xi1>, tensor<3xi8>) -> tensor<3xi8>
  %6 = tj.add %b, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  %7 = tj.mul %b, %f32 : (tensor<3xi1>, tensor<3xf32>) -> tensor<3xf32>
  %8 = tj.sub %b, %i32 : (tensor<3xi1>, tensor<3xi32>) -> tensor<3xi32>
  %9 = tj.add %f32, %f64 : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf64>
  %10 = tj.maximum %i8, %i16 : (tensor<3xi8>, tensor<3xi16>) -> tensor<3xi16>
  %11 = tj.minimum %i64, %f64 : (tensor<3xi64>, tensor<3xf64>) -> tensor<3xf64>
  %12 = tj.pow %i32, %i8 : (tensor<3xi32>, tensor<3xi8>) -> tensor<3xi32>
  %13 = tj.pow %f32, %b : (tensor<3xf32>, tensor<3xi1>) -> tensor<3xf32>
  return
}

// True division is float-valued: int32/int64 quotients are float64, int8,
// int16 and bool quotients float32 (Theano's upgrade_to_float).
// CHECK-LABEL: func.func @trueDivide(
// CHECK-SAME:    %[[I32:[^:]+]]: tensor<?xi32>, %[[I64:[^:]+]]: tensor<?xi64>, %[[I8:[^:]+]]: tensor<?xi8>, %[[I16:[^:]+]]: tensor<?xi16>, %[[B:[^:]+]]: tensor<?xi1>, %[[F32:[^:]+]]: tensor<?xf32>)
// CHECK:         tj.div %[[I32]], %[[I32]] : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xf64>
// CHECK:         tj.div %[[I64]], %[[I64]] : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xf64>
// CHECK:         tj.div %[[I8]], %[[I8]] : (tensor<?xi8>, tensor<?xi8>) -> tensor<?xf32>
// CHECK:         tj.div %[[I16]], %[[I8]] : (tensor<?xi16>, tensor<?xi8>) -> tensor<?xf32>
// CHECK:         tj.div %[[B]], %[[B]] : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xf32>
// CHECK:         tj.div %[[F32]], %[[F32]] : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
// CHECK:         tj.div %[[I32]], %[[F32]] : (tensor<?xi32>, tensor<?xf32>) -> tensor<?xf64>
// CHECK:         tj.div %[[I16]], %[[F32]] : (tensor<?xi16>, tensor<?xf32>) -> tensor<?xf32>
func.func @trueDivide(%i32: tensor<?xi32>, %i64: tensor<?xi64>,
                      %i8: tensor<?xi8>, %i16: tensor<?xi16>,
                      %b: tensor<?xi1>, %f32: tensor<?xf32>) {
  %0 = tj.div %i32, %i32 : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xf64>
  %1 = tj.div %i64, %i64 : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xf64>
  %2 = tj.div %i8, %i8 : (tensor<?xi8>, tensor<?xi8>) -> tensor<?xf32>
  %3 = tj.div %i16, %i8 : (tensor<?xi16>, tensor<?xi8>) -> tensor<?xf32>
  %4 = tj.div %b, %b : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xf32>
  %5 = tj.div %f32, %f32 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %6 = tj.div %i32, %f32 : (tensor<?xi32>, tensor<?xf32>) -> tensor<?xf64>
  %7 = tj.div %i16, %f32 : (tensor<?xi16>, tensor<?xf32>) -> tensor<?xf32>
  return
}

// Comparisons give bool whatever the operand kinds, with broadcasting, and
// accept bool operands.
// CHECK-LABEL: func.func @comparisons(
// CHECK-SAME:    %[[I:[^:]+]]: tensor<?x1xi32>, %[[F:[^:]+]]: tensor<3xf32>, %[[B:[^:]+]]: tensor<3xi1>)
// CHECK:         tj.lt %[[I]], %[[F]] : (tensor<?x1xi32>, tensor<3xf32>) -> tensor<?x3xi1>
// CHECK:         tj.le %[[F]], %[[F]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
// CHECK:         tj.gt %[[I]], %[[I]] : (tensor<?x1xi32>, tensor<?x1xi32>) -> tensor<?x1xi1>
// CHECK:         tj.ge %[[B]], %[[F]] : (tensor<3xi1>, tensor<3xf32>) -> tensor<3xi1>
// CHECK:         tj.eq %[[B]], %[[B]] : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
// CHECK:         tj.ne %[[I]], %[[B]] : (tensor<?x1xi32>, tensor<3xi1>) -> tensor<?x3xi1>
func.func @comparisons(%i: tensor<?x1xi32>, %f: tensor<3xf32>,
                       %b: tensor<3xi1>) {
  %0 = tj.lt %i, %f : (tensor<?x1xi32>, tensor<3xf32>) -> tensor<?x3xi1>
  %1 = tj.le %f, %f : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %2 = tj.gt %i, %i : (tensor<?x1xi32>, tensor<?x1xi32>) -> tensor<?x1xi1>
  %3 = tj.ge %b, %f : (tensor<3xi1>, tensor<3xf32>) -> tensor<3xi1>
  %4 = tj.eq %b, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  %5 = tj.ne %i, %b : (tensor<?x1xi32>, tensor<3xi1>) -> tensor<?x3xi1>
  return
}

//===----------------------------------------------------------------------===//
// tj.select
//===----------------------------------------------------------------------===//

// select broadcasts its three operands together and promotes the two values.
// CHECK-LABEL: func.func @select(
// CHECK-SAME:    %[[C:[^:]+]]: tensor<?xi1>, %[[X:[^:]+]]: tensor<?xf64>, %[[S:[^:]+]]: tensor<f64>, %[[M:[^:]+]]: tensor<2x1xi1>, %[[I:[^:]+]]: tensor<3xi32>, %[[F:[^:]+]]: tensor<f32>, %[[B:[^:]+]]: tensor<i1>)
// CHECK:         tj.select %[[C]], %[[X]], %[[S]] : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
// CHECK:         tj.select %[[M]], %[[I]], %[[F]] : (tensor<2x1xi1>, tensor<3xi32>, tensor<f32>) -> tensor<2x3xf64>
// CHECK:         tj.select %[[B]], %[[B]], %[[B]] : (tensor<i1>, tensor<i1>, tensor<i1>) -> tensor<i1>
func.func @select(%c: tensor<?xi1>, %x: tensor<?xf64>, %s: tensor<f64>,
                  %m: tensor<2x1xi1>, %i: tensor<3xi32>, %f: tensor<f32>,
                  %b: tensor<i1>) {
  %0 = tj.select %c, %x, %s : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  %1 = tj.select %m, %i, %f : (tensor<2x1xi1>, tensor<3xi32>, tensor<f32>) -> tensor<2x3xf64>
  %2 = tj.select %b, %b, %b : (tensor<i1>, tensor<i1>, tensor<i1>) -> tensor<i1>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// sum/prod accumulate bool and integers in int64 and keep floats; reduced
// axes are dropped or kept as size 1 with keepdims.
// CHECK-LABEL: func.func @sumProd(
// CHECK-SAME:    %[[I:[^:]+]]: tensor<?x?xi32>, %[[F:[^:]+]]: tensor<2x?x4xf32>, %[[B:[^:]+]]: tensor<5xi1>, %[[S:[^:]+]]: tensor<3xi16>)
// CHECK:         tj.sum %[[I]] axes = [1] : (tensor<?x?xi32>) -> tensor<?xi64>
// CHECK:         tj.sum %[[I]] axes = [0, 1] : (tensor<?x?xi32>) -> tensor<i64>
// CHECK:         tj.sum %[[F]] axes = [0, 2] keepdims : (tensor<2x?x4xf32>) -> tensor<1x?x1xf32>
// CHECK:         tj.sum %[[F]] axes = [2, 0] : (tensor<2x?x4xf32>) -> tensor<?xf32>
// CHECK:         tj.sum %[[B]] axes = [0] : (tensor<5xi1>) -> tensor<i64>
// CHECK:         tj.sum %[[F]] axes = [] : (tensor<2x?x4xf32>) -> tensor<2x?x4xf32>
// CHECK:         tj.prod %[[S]] axes = [0] : (tensor<3xi16>) -> tensor<i64>
// CHECK:         tj.prod %[[F]] axes = [1] keepdims : (tensor<2x?x4xf32>) -> tensor<2x1x4xf32>
func.func @sumProd(%i: tensor<?x?xi32>, %f: tensor<2x?x4xf32>,
                   %b: tensor<5xi1>, %s: tensor<3xi16>) {
  %0 = tj.sum %i axes = [1] : (tensor<?x?xi32>) -> tensor<?xi64>
  %1 = tj.sum %i axes = [0, 1] : (tensor<?x?xi32>) -> tensor<i64>
  %2 = tj.sum %f axes = [0, 2] keepdims : (tensor<2x?x4xf32>) -> tensor<1x?x1xf32>
  %3 = tj.sum %f axes = [2, 0] : (tensor<2x?x4xf32>) -> tensor<?xf32>
  %4 = tj.sum %b axes = [0] : (tensor<5xi1>) -> tensor<i64>
  %5 = tj.sum %f axes = [] : (tensor<2x?x4xf32>) -> tensor<2x?x4xf32>
  %6 = tj.prod %s axes = [0] : (tensor<3xi16>) -> tensor<i64>
  %7 = tj.prod %f axes = [1] keepdims : (tensor<2x?x4xf32>) -> tensor<2x1x4xf32>
  return
}

// mean is float-valued: integers and bool give float64, floats keep their
// kind.
// CHECK-LABEL: func.func @mean(
// CHECK-SAME:    %[[I:[^:]+]]: tensor<?x3xi32>, %[[S:[^:]+]]: tensor<4xi8>, %[[F:[^:]+]]: tensor<?x3xf32>, %[[D:[^:]+]]: tensor<?x?xf64>)
// CHECK:         tj.mean %[[I]] axes = [0] : (tensor<?x3xi32>) -> tensor<3xf64>
// CHECK:         tj.mean %[[S]] axes = [0] : (tensor<4xi8>) -> tensor<f64>
// CHECK:         tj.mean %[[F]] axes = [1] keepdims : (tensor<?x3xf32>) -> tensor<?x1xf32>
// CHECK:         tj.mean %[[D]] axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
func.func @mean(%i: tensor<?x3xi32>, %s: tensor<4xi8>, %f: tensor<?x3xf32>,
                %d: tensor<?x?xf64>) {
  %0 = tj.mean %i axes = [0] : (tensor<?x3xi32>) -> tensor<3xf64>
  %1 = tj.mean %s axes = [0] : (tensor<4xi8>) -> tensor<f64>
  %2 = tj.mean %f axes = [1] keepdims : (tensor<?x3xf32>) -> tensor<?x1xf32>
  %3 = tj.mean %d axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  return
}

// max/min keep the element kind (bool included).
// CHECK-LABEL: func.func @maxMin(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xf64>, %[[I:[^:]+]]: tensor<2x3xi8>, %[[B:[^:]+]]: tensor<4xi1>)
// CHECK:         tj.max %[[X]] axes = [0] keepdims : (tensor<?x3xf64>) -> tensor<1x3xf64>
// CHECK:         tj.max %[[I]] axes = [1] : (tensor<2x3xi8>) -> tensor<2xi8>
// CHECK:         tj.min %[[X]] axes = [0] : (tensor<?x3xf64>) -> tensor<3xf64>
// CHECK:         tj.min %[[B]] axes = [0] : (tensor<4xi1>) -> tensor<i1>
func.func @maxMin(%x: tensor<?x3xf64>, %i: tensor<2x3xi8>, %b: tensor<4xi1>) {
  %0 = tj.max %x axes = [0] keepdims : (tensor<?x3xf64>) -> tensor<1x3xf64>
  %1 = tj.max %i axes = [1] : (tensor<2x3xi8>) -> tensor<2xi8>
  %2 = tj.min %x axes = [0] : (tensor<?x3xf64>) -> tensor<3xf64>
  %3 = tj.min %b axes = [0] : (tensor<4xi1>) -> tensor<i1>
  return
}

// argmax reduces exactly one axis and always gives int64.
// CHECK-LABEL: func.func @argmax(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x?xf64>, %[[I:[^:]+]]: tensor<2x5xi32>, %[[B:[^:]+]]: tensor<3xi1>)
// CHECK:         tj.argmax %[[X]] axes = [1] : (tensor<?x?xf64>) -> tensor<?xi64>
// CHECK:         tj.argmax %[[I]] axes = [0] keepdims : (tensor<2x5xi32>) -> tensor<1x5xi64>
// CHECK:         tj.argmax %[[I]] axes = [1] keepdims : (tensor<2x5xi32>) -> tensor<2x1xi64>
// CHECK:         tj.argmax %[[B]] axes = [0] : (tensor<3xi1>) -> tensor<i64>
func.func @argmax(%x: tensor<?x?xf64>, %i: tensor<2x5xi32>, %b: tensor<3xi1>) {
  %0 = tj.argmax %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xi64>
  %1 = tj.argmax %i axes = [0] keepdims : (tensor<2x5xi32>) -> tensor<1x5xi64>
  %2 = tj.argmax %i axes = [1] keepdims : (tensor<2x5xi32>) -> tensor<2x1xi64>
  %3 = tj.argmax %b axes = [0] : (tensor<3xi1>) -> tensor<i64>
  return
}

//===----------------------------------------------------------------------===//
// tj.dot
//===----------------------------------------------------------------------===//

// dot in its four rank combinations; a dynamic contracted size matches
// anything.
// CHECK-LABEL: func.func @dot(
// CHECK-SAME:    %[[V:[^:]+]]: tensor<784xf64>, %[[M:[^:]+]]: tensor<?x784xf64>, %[[N:[^:]+]]: tensor<784x10xf64>, %[[D:[^:]+]]: tensor<?xf64>)
// CHECK:         tj.dot %[[V]], %[[V]] : (tensor<784xf64>, tensor<784xf64>) -> tensor<f64>
// CHECK:         tj.dot %[[M]], %[[V]] : (tensor<?x784xf64>, tensor<784xf64>) -> tensor<?xf64>
// CHECK:         tj.dot %[[V]], %[[N]] : (tensor<784xf64>, tensor<784x10xf64>) -> tensor<10xf64>
// CHECK:         tj.dot %[[M]], %[[N]] : (tensor<?x784xf64>, tensor<784x10xf64>) -> tensor<?x10xf64>
// CHECK:         tj.dot %[[D]], %[[N]] : (tensor<?xf64>, tensor<784x10xf64>) -> tensor<10xf64>
func.func @dot(%v: tensor<784xf64>, %m: tensor<?x784xf64>,
               %n: tensor<784x10xf64>, %d: tensor<?xf64>) {
  %0 = tj.dot %v, %v : (tensor<784xf64>, tensor<784xf64>) -> tensor<f64>
  %1 = tj.dot %m, %v : (tensor<?x784xf64>, tensor<784xf64>) -> tensor<?xf64>
  %2 = tj.dot %v, %n : (tensor<784xf64>, tensor<784x10xf64>) -> tensor<10xf64>
  %3 = tj.dot %m, %n : (tensor<?x784xf64>, tensor<784x10xf64>) -> tensor<?x10xf64>
  %4 = tj.dot %d, %n : (tensor<?xf64>, tensor<784x10xf64>) -> tensor<10xf64>
  return
}

// dot promotes its operands like the arithmetic ops.
// CHECK-LABEL: func.func @dotPromotion(
// CHECK-SAME:    %[[I:[^:]+]]: tensor<2x3xi32>, %[[F:[^:]+]]: tensor<3xf32>, %[[S:[^:]+]]: tensor<3xi8>, %[[B:[^:]+]]: tensor<3xi1>)
// CHECK:         tj.dot %[[I]], %[[F]] : (tensor<2x3xi32>, tensor<3xf32>) -> tensor<2xf64>
// CHECK:         tj.dot %[[I]], %[[S]] : (tensor<2x3xi32>, tensor<3xi8>) -> tensor<2xi32>
// CHECK:         tj.dot %[[B]], %[[F]] : (tensor<3xi1>, tensor<3xf32>) -> tensor<f32>
func.func @dotPromotion(%i: tensor<2x3xi32>, %f: tensor<3xf32>,
                        %s: tensor<3xi8>, %b: tensor<3xi1>) {
  %0 = tj.dot %i, %f : (tensor<2x3xi32>, tensor<3xf32>) -> tensor<2xf64>
  %1 = tj.dot %i, %s : (tensor<2x3xi32>, tensor<3xi8>) -> tensor<2xi32>
  %2 = tj.dot %b, %f : (tensor<3xi1>, tensor<3xf32>) -> tensor<f32>
  return
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

// Result dimension i of transpose is operand dimension permutation[i].
// CHECK-LABEL: func.func @transpose(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x?xf64>, %[[Y:[^:]+]]: tensor<2x3x4xi32>, %[[S:[^:]+]]: tensor<f32>)
// CHECK:         tj.transpose %[[X]] permutation = [1, 0] : (tensor<2x?xf64>) -> tensor<?x2xf64>
// CHECK:         tj.transpose %[[Y]] permutation = [2, 0, 1] : (tensor<2x3x4xi32>) -> tensor<4x2x3xi32>
// CHECK:         tj.transpose %[[Y]] permutation = [0, 1, 2] : (tensor<2x3x4xi32>) -> tensor<2x3x4xi32>
// CHECK:         tj.transpose %[[S]] permutation = [] : (tensor<f32>) -> tensor<f32>
func.func @transpose(%x: tensor<2x?xf64>, %y: tensor<2x3x4xi32>,
                     %s: tensor<f32>) {
  %0 = tj.transpose %x permutation = [1, 0] : (tensor<2x?xf64>) -> tensor<?x2xf64>
  %1 = tj.transpose %y permutation = [2, 0, 1] : (tensor<2x3x4xi32>) -> tensor<4x2x3xi32>
  %2 = tj.transpose %y permutation = [0, 1, 2] : (tensor<2x3x4xi32>) -> tensor<2x3x4xi32>
  %3 = tj.transpose %s permutation = [] : (tensor<f32>) -> tensor<f32>
  return
}

// reshape takes one index operand per dynamic result size and none for a
// static result.
// CHECK-LABEL: func.func @reshape(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x3xf64>, %[[V:[^:]+]]: tensor<6xi32>, %[[N:[^:]+]]: index, %[[M:[^:]+]]: index)
// CHECK:         tj.reshape %[[X]][%[[N]]] : tensor<?x3xf64> -> tensor<?xf64>
// CHECK:         tj.reshape %[[V]] : tensor<6xi32> -> tensor<2x3xi32>
// CHECK:         tj.reshape %[[X]][%[[N]], %[[M]]] : tensor<?x3xf64> -> tensor<?x?xf64>
// CHECK:         tj.reshape %[[X]] : tensor<?x3xf64> -> tensor<3x2xf64>
// CHECK:         tj.reshape %[[V]][%[[M]]] : tensor<6xi32> -> tensor<3x?xi32>
// CHECK:         tj.reshape %[[V]] : tensor<6xi32> -> tensor<1x6x1xi32>
func.func @reshape(%x: tensor<?x3xf64>, %v: tensor<6xi32>, %n: index,
                   %m: index) {
  %0 = tj.reshape %x [%n] : tensor<?x3xf64> -> tensor<?xf64>
  %1 = tj.reshape %v : tensor<6xi32> -> tensor<2x3xi32>
  %2 = tj.reshape %x [%n, %m] : tensor<?x3xf64> -> tensor<?x?xf64>
  %3 = tj.reshape %x : tensor<?x3xf64> -> tensor<3x2xf64>
  %4 = tj.reshape %v [%m] : tensor<6xi32> -> tensor<3x?xi32>
  %5 = tj.reshape %v : tensor<6xi32> -> tensor<1x6x1xi32>
  return
}

// broadcast_to stretches size-1 dimensions and prepends dimensions; one
// index operand per dynamic result size.
// CHECK-LABEL: func.func @broadcastTo(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<3xf64>, %[[Y:[^:]+]]: tensor<?x1xi1>, %[[S:[^:]+]]: tensor<f32>, %[[N:[^:]+]]: index, %[[M:[^:]+]]: index)
// CHECK:         tj.broadcast_to %[[X]][%[[N]]] : tensor<3xf64> -> tensor<?x3xf64>
// CHECK:         tj.broadcast_to %[[X]] : tensor<3xf64> -> tensor<2x3xf64>
// CHECK:         tj.broadcast_to %[[Y]][%[[N]], %[[M]]] : tensor<?x1xi1> -> tensor<?x?xi1>
// CHECK:         tj.broadcast_to %[[Y]] : tensor<?x1xi1> -> tensor<5x4x7xi1>
// CHECK:         tj.broadcast_to %[[S]] : tensor<f32> -> tensor<2x2xf32>
// CHECK:         tj.broadcast_to %[[X]] : tensor<3xf64> -> tensor<3xf64>
func.func @broadcastTo(%x: tensor<3xf64>, %y: tensor<?x1xi1>, %s: tensor<f32>,
                       %n: index, %m: index) {
  %0 = tj.broadcast_to %x [%n] : tensor<3xf64> -> tensor<?x3xf64>
  %1 = tj.broadcast_to %x : tensor<3xf64> -> tensor<2x3xf64>
  %2 = tj.broadcast_to %y [%n, %m] : tensor<?x1xi1> -> tensor<?x?xi1>
  %3 = tj.broadcast_to %y : tensor<?x1xi1> -> tensor<5x4x7xi1>
  %4 = tj.broadcast_to %s : tensor<f32> -> tensor<2x2xf32>
  %5 = tj.broadcast_to %x : tensor<3xf64> -> tensor<3xf64>
  return
}

//===----------------------------------------------------------------------===//
// tj.grad
//===----------------------------------------------------------------------===//

// grad of a float scalar cost has the type of wrt.
// CHECK-LABEL: func.func @grad(
// CHECK-SAME:    %[[W:[^:]+]]: tensor<784xf64>, %[[X:[^:]+]]: tensor<?x784xf64>, %[[V:[^:]+]]: tensor<?xf32>)
// CHECK:         %[[Y:[^ ]+]] = tj.dot %[[X]], %[[W]]
// CHECK:         %[[C:[^ ]+]] = tj.sum %[[Y]] axes = [0]
// CHECK:         tj.grad %[[C]], %[[W]] : (tensor<f64>, tensor<784xf64>) -> tensor<784xf64>
// CHECK:         tj.grad %[[C]], %[[X]] : (tensor<f64>, tensor<?x784xf64>) -> tensor<?x784xf64>
// CHECK:         %[[D:[^ ]+]] = tj.mean %[[V]] axes = [0]
// CHECK:         tj.grad %[[D]], %[[V]] : (tensor<f32>, tensor<?xf32>) -> tensor<?xf32>
// CHECK:         tj.grad %[[D]], %[[W]] : (tensor<f32>, tensor<784xf64>) -> tensor<784xf64>
func.func @grad(%w: tensor<784xf64>, %x: tensor<?x784xf64>,
                %v: tensor<?xf32>) {
  %y = tj.dot %x, %w : (tensor<?x784xf64>, tensor<784xf64>) -> tensor<?xf64>
  %c = tj.sum %y axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %0 = tj.grad %c, %w : (tensor<f64>, tensor<784xf64>) -> tensor<784xf64>
  %1 = tj.grad %c, %x : (tensor<f64>, tensor<?x784xf64>) -> tensor<?x784xf64>
  %d = tj.mean %v axes = [0] : (tensor<?xf32>) -> tensor<f32>
  %2 = tj.grad %d, %v : (tensor<f32>, tensor<?xf32>) -> tensor<?xf32>
  %3 = tj.grad %d, %w : (tensor<f32>, tensor<784xf64>) -> tensor<784xf64>
  return
}
