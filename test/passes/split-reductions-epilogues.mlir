// tj-split-reductions moves an elementwise kernel on a reduction's outputs
// into the reduction's last step only when each thread reads the output it
// just folded and nothing else of that buffer, and its body only computes.
// (test/e2e/split-reductions.mlir runs the moved ones.)
//
// RUN: %memcheck tensorjit-opt %s --tj-split-reductions | FileCheck %s

#row = affine_map<(i, j) -> (i, j)>
#rowout = affine_map<(i, j) -> (i)>
#vec = affine_map<(i) -> (i)>
#first = affine_map<(i) -> (0)>
#none = affine_map<(i) -> ()>

// A scalar operand is fine: moved.
// CHECK-LABEL: func.func @scaled
// CHECK:         scf.parallel
// CHECK:         scf.parallel
// CHECK:           memref.store %[[F:.*]], %arg1[
// CHECK-NEXT:      arith.mulf %[[F]], %arg3
// CHECK:           memref.store
// CHECK-NEXT:      scf.reduce
// CHECK:         } else {
func.func @scaled(%x: memref<?x?xf64>, %s: memref<?xf64>, %y: memref<?xf64>, %rate: f64) {
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  linalg.generic {indexing_maps = [#vec, #none, #vec], iterator_types = ["parallel"]}
      ins(%s, %rate : memref<?xf64>, f64) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64, %unused: f64):
    %r = arith.mulf %a, %b : f64
    linalg.yield %r : f64
  }
  return
}

// s[i] / s[0], s[0] read through another view of s: thread i would read
// it before thread 0 stores it. Stays after the reduction.
// CHECK-LABEL: func.func @reads_another_output
// CHECK:         scf.parallel
// CHECK:         scf.parallel
// CHECK:           memref.store %{{.*}}, %arg1[
// CHECK-NEXT:      scf.reduce
// CHECK-COUNT-1: linalg.generic {{.*}} ins(%arg1, %{{.*}} : memref<?xf64>, memref<?xf64>)
// CHECK:         return
func.func @reads_another_output(%x: memref<?x?xf64>, %s: memref<?xf64>, %y: memref<?xf64>) {
  %s0 = memref.cast %s : memref<?xf64> to memref<?xf64>
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  linalg.generic {indexing_maps = [#vec, #first, #vec], iterator_types = ["parallel"]}
      ins(%s, %s0 : memref<?xf64>, memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64, %unused: f64):
    %r = arith.divf %a, %b : f64
    linalg.yield %r : f64
  }
  return
}

// A body that loads memory of its own is not checked against the ops it
// would move across: it stays.
// CHECK-LABEL: func.func @loads_in_body
// CHECK:         scf.parallel
// CHECK:         scf.parallel
// CHECK:           memref.store %{{.*}}, %arg1[
// CHECK-NEXT:      scf.reduce
// CHECK-COUNT-1: linalg.generic {{.*}} ins(%arg1 : memref<?xf64>)
// CHECK:         return
func.func @loads_in_body(%x: memref<?x?xf64>, %s: memref<?xf64>, %y: memref<?xf64>, %t: memref<f64>) {
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  linalg.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]}
      ins(%s : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %unused: f64):
    %v = memref.load %t[] : memref<f64>
    %r = arith.addf %a, %v : f64
    linalg.yield %r : f64
  }
  return
}

// What it needs that is computed after the reduction moves before it: the
// row count as a 0-d buffer the host stores it in, its output's
// allocation, a constant its body uses.
// CHECK-LABEL: func.func @inputs_computed_after
// CHECK:         %[[N:.*]] = memref.dim %arg0, %c0
// CHECK:         %[[COUNT:.*]] = memref.alloc() : memref<f64>
// CHECK:         memref.store %{{.*}}, %[[COUNT]][]
// CHECK:         %[[OUT:.*]] = memref.alloc(%[[N]])
// CHECK:         %[[TWO:.*]] = arith.constant 2.0
// CHECK:         scf.if
// CHECK:         scf.parallel
// CHECK:         scf.parallel
// CHECK:           memref.store %[[F:.*]], %arg1[
// CHECK-NEXT:      %[[C:.*]] = memref.load %[[COUNT]][]
// CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[F]], %[[C]]
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[Q]], %[[TWO]]
// CHECK:           memref.store %[[R]], %[[OUT]][
// CHECK:         } else {
// CHECK:           linalg.generic {{.*}} outs(%arg1
// CHECK:           linalg.generic {{.*}} outs(%[[OUT]]
// CHECK:         return %[[OUT]]
func.func @inputs_computed_after(%x: memref<?x?xf64>, %s: memref<?xf64>) -> memref<?xf64> {
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x?xf64>
  %ni = arith.index_cast %n : index to i64
  %nf = arith.sitofp %ni : i64 to f64
  %count = memref.alloc() : memref<f64>
  memref.store %nf, %count[] : memref<f64>
  %out = memref.alloc(%n) : memref<?xf64>
  %two = arith.constant 2.0 : f64
  linalg.generic {indexing_maps = [#vec, #none, #vec], iterator_types = ["parallel"]}
      ins(%s, %count : memref<?xf64>, memref<f64>) outs(%out : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64, %unused: f64):
    %q = arith.divf %a, %b : f64
    %r = arith.mulf %q, %two : f64
    linalg.yield %r : f64
  }
  return %out : memref<?xf64>
}

// A buffer filled by a kernel after the reduction does not move: neither
// does the kernel reading it.
// CHECK-LABEL: func.func @input_filled_after
// CHECK:         scf.if
// CHECK:         } else {
// CHECK:         }
// CHECK:         %[[T:.*]] = memref.alloc() : memref<f64>
// CHECK-NEXT:    linalg.fill ins(%arg2 : f64) outs(%[[T]] : memref<f64>)
// CHECK-NEXT:    linalg.generic {{.*}} ins(%arg1, %[[T]] : memref<?xf64>, memref<f64>)
func.func @input_filled_after(%x: memref<?x?xf64>, %s: memref<?xf64>, %v: f64, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  %t = memref.alloc() : memref<f64>
  linalg.fill ins(%v : f64) outs(%t : memref<f64>)
  linalg.generic {indexing_maps = [#vec, #none, #vec], iterator_types = ["parallel"]}
      ins(%s, %t : memref<?xf64>, memref<f64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64, %unused: f64):
    %r = arith.addf %a, %b : f64
    linalg.yield %r : f64
  }
  return
}

// Nor does one stored in a branch.
// CHECK-LABEL: func.func @input_stored_in_branch
// CHECK:         scf.if
// CHECK:         } else {
// CHECK:         }
// CHECK:         %[[T:.*]] = memref.alloc() : memref<f64>
// CHECK-NEXT:    scf.if %arg4 {
// CHECK-NEXT:      memref.store %arg2, %[[T]][]
// CHECK:         linalg.generic {{.*}} ins(%arg1, %[[T]] : memref<?xf64>, memref<f64>)
func.func @input_stored_in_branch(%x: memref<?x?xf64>, %s: memref<?xf64>, %v: f64, %y: memref<?xf64>, %c: i1) {
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  %t = memref.alloc() : memref<f64>
  scf.if %c {
    memref.store %v, %t[] : memref<f64>
  }
  linalg.generic {indexing_maps = [#vec, #none, #vec], iterator_types = ["parallel"]}
      ins(%s, %t : memref<?xf64>, memref<f64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64, %unused: f64):
    %r = arith.addf %a, %b : f64
    linalg.yield %r : f64
  }
  return
}

// A branch in between that touches none of its buffers does not keep it
// out.
// CHECK-LABEL: func.func @branch_in_between
// CHECK:         scf.parallel
// CHECK:         scf.parallel
// CHECK:           memref.store %[[F:.*]], %arg1[
// CHECK-NEXT:      arith.addf %[[F]], %arg2
// CHECK:         } else {
// CHECK:         scf.if %arg5 {
// CHECK-NEXT:      memref.store %arg2, %arg4[]
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @branch_in_between(%x: memref<?x?xf64>, %s: memref<?xf64>, %v: f64, %y: memref<?xf64>, %other: memref<f64>, %c: i1) {
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  scf.if %c {
    memref.store %v, %other[] : memref<f64>
  }
  linalg.generic {indexing_maps = [#vec, #none, #vec], iterator_types = ["parallel"]}
      ins(%s, %v : memref<?xf64>, f64) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64, %unused: f64):
    %r = arith.addf %a, %b : f64
    linalg.yield %r : f64
  }
  return
}
