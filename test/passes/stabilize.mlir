// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-stabilize | FileCheck %s

// The seed's 1 / (1 + exp(-z)) is sigmoid(z); the rewrite is recorded.
// CHECK-LABEL: func.func @recognizeSigmoid(
// CHECK-SAME:    %[[Z:.*]]: tensor<?xf64>) -> tensor<?xf64> attributes {tj.rewrites = ["sigmoid"]}
// CHECK:         %[[S:.*]] = tj.sigmoid %[[Z]]
// CHECK-NOT:     tj.div
// CHECK:         return %[[S]]
func.func @recognizeSigmoid(%z: tensor<?xf64>) -> tensor<?xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %n = tj.neg %z : (tensor<?xf64>) -> tensor<?xf64>
  %e = tj.exp %n : (tensor<?xf64>) -> tensor<?xf64>
  %d = tj.add %e, %one : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  %s = tj.div %one, %d : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  return %s : tensor<?xf64>
}

// -----

// log(sigmoid(x)) -> -softplus(-x).
// CHECK-LABEL: func.func @logSigmoid(
// CHECK-SAME:    %[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[N:.*]] = tj.neg %[[X]]
// CHECK:         %[[P:.*]] = tj.softplus %[[N]]
// CHECK:         %[[R:.*]] = tj.neg %[[P]]
// CHECK-NOT:     tj.log
// CHECK:         return %[[R]]
func.func @logSigmoid(%x: tensor<?xf64>) -> tensor<?xf64> {
  %s = tj.sigmoid %x : (tensor<?xf64>) -> tensor<?xf64>
  %l = tj.log %s : (tensor<?xf64>) -> tensor<?xf64>
  return %l : tensor<?xf64>
}

// -----

// log(1 - sigmoid(x)) -> -softplus(x), through the recognized sigmoid too.
// CHECK-LABEL: func.func @logOneMinusSigmoid(
// CHECK-SAME:    %[[X:.*]]: tensor<?xf64>) -> tensor<?xf64> attributes {tj.rewrites = ["sigmoid", "log_one_minus_sigmoid"]}
// CHECK:         %[[P:.*]] = tj.softplus %[[X]]
// CHECK:         %[[R:.*]] = tj.neg %[[P]]
// CHECK-NOT:     tj.log
// CHECK:         return %[[R]]
func.func @logOneMinusSigmoid(%x: tensor<?xf64>) -> tensor<?xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %n = tj.neg %x : (tensor<?xf64>) -> tensor<?xf64>
  %e = tj.exp %n : (tensor<?xf64>) -> tensor<?xf64>
  %d = tj.add %one, %e : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %s = tj.div %one, %d : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %m = tj.sub %one, %s : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %l = tj.log %m : (tensor<?xf64>) -> tensor<?xf64>
  return %l : tensor<?xf64>
}

// -----

// log(1 + exp(x)) and log1p(exp(x)) -> softplus(x).
// CHECK-LABEL: func.func @softplusForms(
// CHECK-SAME:    %[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[A:.*]] = tj.softplus %[[X]]
// CHECK:         %[[B:.*]] = tj.softplus %[[X]]
// CHECK-NOT:     tj.log
// CHECK:         return %[[A]], %[[B]]
func.func @softplusForms(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %one = tj.constant dense<1.0> : tensor<f32>
  %e = tj.exp %x : (tensor<?xf32>) -> tensor<?xf32>
  %d = tj.add %one, %e : (tensor<f32>, tensor<?xf32>) -> tensor<?xf32>
  %l = tj.log %d : (tensor<?xf32>) -> tensor<?xf32>
  %p = tj.log1p %e : (tensor<?xf32>) -> tensor<?xf32>
  return %l, %p : tensor<?xf32>, tensor<?xf32>
}

// -----

// log(sum(exp(x))) -> max + log(sum(exp(x - max))), once.
// CHECK-LABEL: func.func @logSumExp(
// CHECK-SAME:    %[[X:.*]]: tensor<?x?xf64>) -> tensor<?xf64> attributes {tj.rewrites = ["log_sum_exp"]}
// CHECK:         %[[K:.*]] = tj.max %[[X]] axes = [1] keepdims
// CHECK:         %[[D:.*]] = tj.sub %[[X]], %[[K]]
// CHECK:         %[[E:.*]] = tj.exp %[[D]]
// CHECK:         %[[S:.*]] = tj.sum %[[E]] axes = [1]
// CHECK-DAG:     %[[M:.*]] = tj.max %[[X]] axes = [1] :
// CHECK-DAG:     %[[L:.*]] = tj.log %[[S]]
// CHECK:         %[[R:.*]] = tj.add %[[M]], %[[L]]
// CHECK-NOT:     tj.exp
// CHECK:         return %[[R]]
func.func @logSumExp(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  %e = tj.exp %x : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %s = tj.sum %e axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  %l = tj.log %s : (tensor<?xf64>) -> tensor<?xf64>
  return %l : tensor<?xf64>
}

// -----

// Not rewritten: the sigmoid form would drop the broadcast against the
// (3,) numerator (the result type differs from sigmoid's), and log of a
// plain value has nothing to stabilize. No attribute is added.
// CHECK-LABEL: func.func @noRewrite(
// CHECK-NOT:     tj.rewrites
// CHECK:         tj.div
// CHECK-NOT:     tj.sigmoid
// CHECK:         tj.log
func.func @noRewrite(%z: tensor<f64>, %x: tensor<?xf64>) -> (tensor<3xf64>, tensor<?xf64>) {
  %ones = tj.constant dense<1.0> : tensor<3xf64>
  %one = tj.constant dense<1.0> : tensor<f64>
  %e = tj.exp %z : (tensor<f64>) -> tensor<f64>
  %d = tj.add %one, %e : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %s = tj.div %ones, %d : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %l = tj.log %x : (tensor<?xf64>) -> tensor<?xf64>
  return %s, %l : tensor<3xf64>, tensor<?xf64>
}
