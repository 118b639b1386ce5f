// tj-fuse-elementwise with assume-no-runtime-broadcast (what the JIT runs):
// a size of an elementwise result is read from an operand with a dynamic
// size in that dimension, so chains that only need each other's sizes
// fuse. Without the option they stay apart (fuse-elementwise.mlir @mutual).
//
// RUN: %memcheck tensorjit-opt %s --tj-fuse-elementwise=assume-no-runtime-broadcast=true --cse | FileCheck %s
// RUN: %memcheck tensorjit-opt %s --tj-fuse-elementwise | FileCheck %s --check-prefix=PLAIN

// Each chain reads the other's size. With the sizes read from %x, neither
// depends on the other and both fuse; without, the second would depend on
// itself and stays unfused.
// CHECK-LABEL: func.func @mutual
// CHECK-NOT:     tensor.dim %{{[0-9]+}}
// CHECK-COUNT-2: tj.fused
// CHECK:         return
// PLAIN-LABEL: func.func @mutual
// PLAIN:         tj.fused
// PLAIN-NOT:     tj.fused
// PLAIN:         tj.neg
// PLAIN:         return
func.func @mutual(%x: tensor<?xf64>, %one: tensor<1xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %sin = tj.sin %x : (tensor<?xf64>) -> tensor<?xf64>
  %n1 = tensor.dim %sin, %c0 : tensor<?xf64>
  %b1 = tj.broadcast_to %one[%n1] : tensor<1xf64> -> tensor<?xf64>
  %cos = tj.cos %x : (tensor<?xf64>) -> tensor<?xf64>
  %m1 = tj.mul %b1, %cos : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %n2 = tensor.dim %cos, %c0 : tensor<?xf64>
  %b2 = tj.broadcast_to %one[%n2] : tensor<1xf64> -> tensor<?xf64>
  %m2 = tj.mul %b2, %sin : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %r = tj.neg %m2 : (tensor<?xf64>) -> tensor<?xf64>
  return %m1, %r : tensor<?xf64>, tensor<?xf64>
}

// Dimensions align from the right, and the first operand with a dynamic
// size there gives it: both sizes of `exp(m + v)` are the matrix's. A
// non-elementwise producer (tj.dot) ends the search; a chain computed only
// for its size goes.
// CHECK-LABEL: func.func @dims
// CHECK:         %[[COLS:.*]] = tensor.dim %arg0, %c1 : tensor<?x?xf64>
// CHECK:         %[[ROWS:.*]] = tensor.dim %arg0, %c0 : tensor<?x?xf64>
// CHECK:         %[[D:.*]] = tj.dot
// CHECK:         %[[N:.*]] = tensor.dim %[[D]], %{{.*}} : tensor<?xf64>
// CHECK-NOT:     tj.sin
// CHECK:         return %[[COLS]], %[[ROWS]], %[[N]]
func.func @dims(%m: tensor<?x?xf64>, %v: tensor<?xf64>, %w: tensor<?xf64>) -> (index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = tj.add %m, %v : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  %e = tj.exp %a : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %cols = tensor.dim %e, %c1 : tensor<?x?xf64>
  %rows = tensor.dim %e, %c0 : tensor<?x?xf64>
  %d = tj.dot %m, %w : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %s = tj.sin %d : (tensor<?xf64>) -> tensor<?xf64>
  %n = tensor.dim %s, %c0 : tensor<?xf64>
  return %cols, %rows, %n : index, index, index
}
