// tj-cpu-parallelize, a loop whose split dimension's upper bound is also
// another dimension's: the outlined function takes that value as well as
// its range. (It was left undefined there once, found by a random graph:
// eq of a tensor with its transpose.)
// RUN: %memcheck tensorjit-opt %s --tj-cpu-parallelize --canonicalize | FileCheck %s

// CHECK-LABEL: func.func @square
// CHECK-SAME: (%[[A:.*]]: memref<?x?xf64>, %[[B:.*]]: memref<?x?xf64>)
// CHECK: %[[N:.*]] = memref.dim %[[A]], %c0
// CHECK: func.call @[[LOOP:square_loop[0-9]+]](%{{.*}}, %{{.*}}, %[[A]], %[[B]], %[[N]])
// CHECK: func.call @[[LOOP]](%c0, %[[N]], %[[A]], %[[B]], %[[N]])
// CHECK: func.func private @[[LOOP]](%[[LO:.*]]: index, %[[HI:.*]]: index, %{{.*}}: memref<?x?xf64>, %{{.*}}: memref<?x?xf64>, %[[SIZE:.*]]: index)
// CHECK:   scf.parallel (%{{.*}}, %{{.*}}) = (%[[LO]], %c0{{.*}}) to (%[[HI]], %[[SIZE]])
func.func @square(%a: memref<?x?xf64>, %b: memref<?x?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?x?xf64>
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %n) step (%c1, %c1) {
    %x = memref.load %a[%j, %i] : memref<?x?xf64>
    memref.store %x, %b[%i, %j] : memref<?x?xf64>
    scf.reduce
  }
  return
}
