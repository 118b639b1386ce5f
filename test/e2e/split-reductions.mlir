// tj-split-reductions (what the GPU pipeline runs before making kernels),
// here run on the CPU: the full reductions become two parallel loops of
// partials and a final loop, and give the numbers of the plain reduction.
// 300 x 501 = 150300 elements is more than the 65536 first-step partials,
// so some threads fold three elements and others two. Below 16384 elements
// (a run-time choice) the reduction stays as it was; the second run splits
// every size, so that 3 elements (fewer than the partials) split too.
//
// RUN: tensorjit-opt %s --tj-split-reductions | FileCheck %s --check-prefix=SPLIT
// RUN: tensorjit-opt %s --tj-split-reductions --convert-linalg-to-loops \
// RUN:   --lower-affine --convert-scf-to-cf --convert-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s
// RUN: tensorjit-opt %s --tj-split-reductions=minimum-size=1 --convert-linalg-to-loops \
// RUN:   --lower-affine --convert-scf-to-cf --convert-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// SPLIT-LABEL: func.func @sum_of_squares(
// SPLIT:         %[[N:.*]] = arith.muli %{{[0-9]+}}, %dim
// SPLIT:         %[[LARGE:.*]] = arith.cmpi uge, %[[N]], %c16384
// SPLIT:         scf.if %[[LARGE]] {
// SPLIT:         %[[P1:.*]] = arith.minui %[[N]], %c65536
// SPLIT:         %[[FIRST:.*]] = memref.alloc(%[[P1]]) : memref<?xf64>
// SPLIT:         scf.parallel (%[[P:.*]]) = (%{{.*}}) to (%[[P1]])
// SPLIT:           arith.mulf
// SPLIT:           scf.for %{{.*}} = %{{.*}} to %[[N]] step %[[P1]]
// SPLIT:             arith.divui
// SPLIT:             arith.mulf
// SPLIT:             arith.addf
// SPLIT:           memref.store %{{.*}}, %[[FIRST]][%[[P]]]
// SPLIT:         %[[P2:.*]] = arith.minui %[[P1]], %c256
// SPLIT:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[P2]])
// SPLIT:           scf.for %{{.*}} = %{{.*}} to %[[P1]] step %[[P2]]
// SPLIT:         memref.load %arg1[] : memref<f64>
// SPLIT:         scf.for %{{.*}} = %{{.*}} to %[[P2]]
// SPLIT:         memref.store %{{.*}}, %arg1[] : memref<f64>
// SPLIT-NOT:     linalg.generic
// SPLIT:         } else {
// SPLIT-NEXT:      linalg.generic
// SPLIT:         return
#all2 = affine_map<(i, j) -> (i, j)>
#none2 = affine_map<(i, j) -> ()>
func.func @sum_of_squares(%x: memref<?x?xf64>, %out: memref<f64>) {
  linalg.generic {indexing_maps = [#all2, #none2],
                  iterator_types = ["reduction", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%out : memref<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %sq = arith.mulf %a, %a : f64
    %s = arith.addf %sq, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// A fill of the output just before: into both branches, and the split
// one's last step starts from the fill's value, not a load.
// SPLIT-LABEL: func.func @filled_sum(
// SPLIT:         %[[Q:.*]] = arith.constant 2.500000e-01 : f64
// SPLIT:         scf.if
// SPLIT-NOT:     memref.load %arg1[]
// SPLIT:         scf.for %{{.*}} iter_args(%{{.*}} = %[[Q]])
// SPLIT:         } else {
// SPLIT-NEXT:      linalg.fill
// SPLIT-NEXT:      linalg.generic
func.func @filled_sum(%x: memref<?x?xf64>, %out: memref<f64>) {
  %quarter = arith.constant 0.25 : f64
  linalg.fill ins(%quarter : f64) outs(%out : memref<f64>)
  linalg.generic {indexing_maps = [#all2, #none2],
                  iterator_types = ["reduction", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%out : memref<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// An integer maximum, with the element's index in the body (linalg.index).
// SPLIT-LABEL: func.func @max_of_index_minus_x(
// SPLIT:         scf.parallel
// SPLIT-NOT:     linalg.index
// SPLIT:         arith.maxsi
// SPLIT:         } else {
#all1 = affine_map<(i) -> (i)>
#none1 = affine_map<(i) -> ()>
func.func @max_of_index_minus_x(%x: memref<?xi64>, %out: memref<i64>) {
  linalg.generic {indexing_maps = [#all1, #none1], iterator_types = ["reduction"]}
      ins(%x : memref<?xi64>) outs(%out : memref<i64>) {
  ^bb0(%a: i64, %acc: i64):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %d = arith.subi %ii, %a : i64
    %m = arith.maxsi %d, %acc : i64
    linalg.yield %m : i64
  }
  return
}

// Not split: a reduction with a parallel dimension, and a combiner that is
// not associative.
// SPLIT-LABEL: func.func @row_sums(
// SPLIT:         linalg.generic
// SPLIT-LABEL: func.func @not_associative(
// SPLIT:         linalg.generic
func.func @row_sums(%x: memref<?x?xf64>, %out: memref<?xf64>) {
  linalg.generic {indexing_maps = [#all2, affine_map<(i, j) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%out : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  return
}
func.func @not_associative(%x: memref<?xf64>, %out: memref<f64>) {
  linalg.generic {indexing_maps = [#all1, #none1], iterator_types = ["reduction"]}
      ins(%x : memref<?xf64>) outs(%out : memref<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.subf %a, %acc : f64
    linalg.yield %s : f64
  }
  return
}

func.func private @printMemrefF64(memref<*xf64>)
func.func private @printMemrefI64(memref<*xi64>)

/// x[i][j] = i * cols + j: the sum of squares of 0 .. n-1, plus 0.5 in out.
func.func @squares(%rows: index, %cols: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x = memref.alloc(%rows, %cols) : memref<?x?xf64>
  scf.for %i = %c0 to %rows step %c1 {
    scf.for %j = %c0 to %cols step %c1 {
      %ic = arith.muli %i, %cols : index
      %k = arith.addi %ic, %j : index
      %ki = arith.index_cast %k : index to i64
      %kf = arith.sitofp %ki : i64 to f64
      memref.store %kf, %x[%i, %j] : memref<?x?xf64>
    }
  }
  %out = memref.alloc() : memref<f64>
  %half = arith.constant 0.5 : f64
  memref.store %half, %out[] : memref<f64>
  call @sum_of_squares(%x, %out) : (memref<?x?xf64>, memref<f64>) -> ()
  %print = memref.cast %out : memref<f64> to memref<*xf64>
  call @printMemrefF64(%print) : (memref<*xf64>) -> ()
  // The plain sum, from the fill's 0.25 (out's 0.5 is overwritten).
  call @filled_sum(%x, %out) : (memref<?x?xf64>, memref<f64>) -> ()
  call @printMemrefF64(%print) : (memref<*xf64>) -> ()
  memref.dealloc %x : memref<?x?xf64>
  memref.dealloc %out : memref<f64>
  return
}

func.func @main() {
  %c3 = arith.constant 3 : index
  %c300 = arith.constant 300 : index
  %c501 = arith.constant 501 : index
  %c1 = arith.constant 1 : index
  // 0 + 1 + ... + 150299 + 0.25 = 11294969850.25; with 3 elements,
  // 0 + 1 + 2 + 0.25 (split too in the second run: the fill's value is
  // where the last step starts).
  // CHECK: [1.13175e+15]
  // CHECK: [1.1295e+10]
  call @squares(%c300, %c501) : (index, index) -> ()
  // CHECK: [5.5]
  // CHECK: [3.25]
  call @squares(%c1, %c3) : (index, index) -> ()

  // max over i of (i - x[i]) with x[i] = 7 * (i mod 5), n = 70000: the
  // largest is at i = 69995 (x = 0).
  %c0 = arith.constant 0 : index
  %n = arith.constant 70000 : index
  %x = memref.alloc(%n) : memref<?xi64>
  %c5 = arith.constant 5 : index
  %seven = arith.constant 7 : i64
  scf.for %i = %c0 to %n step %c1 {
    %r = arith.remui %i, %c5 : index
    %ri = arith.index_cast %r : index to i64
    %v = arith.muli %ri, %seven : i64
    memref.store %v, %x[%i] : memref<?xi64>
  }
  %out = memref.alloc() : memref<i64>
  %low = arith.constant -1000000 : i64
  memref.store %low, %out[] : memref<i64>
  call @max_of_index_minus_x(%x, %out) : (memref<?xi64>, memref<i64>) -> ()
  %print = memref.cast %out : memref<i64> to memref<*xi64>
  // CHECK: [69995]
  call @printMemrefI64(%print) : (memref<*xi64>) -> ()
  memref.dealloc %x : memref<?xi64>
  memref.dealloc %out : memref<i64>
  return
}
