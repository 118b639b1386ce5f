// tj-split-reductions (what the GPU pipeline runs before making kernels),
// here run on the CPU: reductions become a parallel loop of partial folds
// (C chunks of about 32 elements, chunk c holding every C-th element from
// c) and a loop per output folding those (a full reduction of more than
// 32 partials has a second level in between), and give the numbers of the
// plain reduction. Each fold loads 8 elements before combining them (past
// the end, clamped and not combined). Below 128 elements per output (a
// run-time choice) the reduction stays as it was. The second run splits
// every size, so that 3 elements split too; the third allows 4 partials
// only, so that the 300 x 501 partial reductions, whose 300 or 501 outputs
// are more than half of that, stay as they were and the full ones fold
// 150300 elements in 4 chunks (no second level). The fourth gives the
// reductions of 33 to 512 neighbouring elements per output a block of
// min(16, r) threads each (cooperative-threads=16): the rows of 501 and
// 40, the full sums of 400 and 500; and the columns of 33 to 128 elements
// (the 40 x 10 matrix's) a block per 4 columns, 4 threads each; the other
// columns, and the full sums of 150300 and 70000, split as before.
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
// RUN: tensorjit-opt %s --tj-split-reductions=partials=4 --convert-linalg-to-loops \
// RUN:   --lower-affine --convert-scf-to-cf --convert-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s
// RUN: tensorjit-opt %s --tj-split-reductions=cooperative-threads=16 \
// RUN: | FileCheck %s --check-prefix=BLOCKS
// RUN: not tensorjit-opt %s --tj-split-reductions=cooperative-threads=1025 2>&1 \
// RUN: | FileCheck %s --check-prefix=TOO-MANY
// RUN: not tensorjit-opt %s --tj-split-reductions=minimum-size=0 2>&1 \
// RUN: | FileCheck %s --check-prefix=NONE
// TOO-MANY: tj-split-reductions: cooperative-threads must be between 0 and 1024
// RUN: tensorjit-opt %s --tj-split-reductions="cooperative-threads=16 outputs-per-block=2" \
// RUN: | FileCheck %s --check-prefix=PAIRS
// RUN: not tensorjit-opt %s --tj-split-reductions=outputs-per-block=33 2>&1 \
// RUN: | FileCheck %s --check-prefix=TOO-WIDE
// TOO-WIDE: tj-split-reductions: outputs-per-block must be between 1 and 32
// NONE: tj-split-reductions: partials and minimum-size must be >= 1
// RUN: tensorjit-opt %s --tj-split-reductions=cooperative-threads=16 --convert-linalg-to-loops \
// RUN:   --lower-affine --convert-scf-to-cf --convert-to-llvm \
// RUN:   --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// A full reduction: C = min(ceil(n / 32), 65536 / 1) chunks, a second
// level of min(ceil(C / 32), 256), and one output folding those.
// SPLIT-LABEL: func.func @sum_of_squares(
// SPLIT:         %[[N:.*]] = arith.muli %{{[0-9]+}}, %dim
// SPLIT:         %[[FEW:.*]] = arith.cmpi ule, %{{.*}}, %c65536
// SPLIT:         %[[BIG:.*]] = arith.cmpi uge, %[[N]], %c128
// SPLIT:         %[[LARGE:.*]] = arith.andi %[[BIG]], %[[FEW]]
// SPLIT:         scf.if %[[LARGE]] {
// SPLIT:         %[[CAP:.*]] = arith.maxui
// SPLIT:         %[[WANT:.*]] = arith.ceildivui %[[N]], %c32
// SPLIT:         %[[C:.*]] = arith.minui %[[WANT]], %[[CAP]]
// SPLIT:         %[[T:.*]] = arith.muli %{{.*}}, %[[C]]
// SPLIT:         %[[FIRST:.*]] = memref.alloc(%[[T]]) : memref<?xf64>
// SPLIT:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[T]])
// SPLIT:           arith.mulf
// SPLIT:           %[[LASTK:.*]] = arith.subi %[[N]], %c1
// SPLIT:           %[[STEP8:.*]] = arith.muli %[[C]], %c8
// SPLIT:           scf.for %[[K:.*]] = %{{.*}} to %[[N]] step %[[STEP8]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT-NOT:         arith.addf
// SPLIT:             %[[AT:.*]] = arith.addi %[[K]], %{{.*}}
// SPLIT-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[AT]], %[[N]]
// SPLIT-NEXT:        arith.minui %[[AT]], %[[LASTK]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT-NOT:         arith.addf
// SPLIT:             %[[AT:.*]] = arith.addi %[[K]], %{{.*}}
// SPLIT-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[AT]], %[[N]]
// SPLIT-NEXT:        arith.minui %[[AT]], %[[LASTK]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT-NOT:         arith.addf
// SPLIT:             %[[AT:.*]] = arith.addi %[[K]], %{{.*}}
// SPLIT-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[AT]], %[[N]]
// SPLIT-NEXT:        arith.minui %[[AT]], %[[LASTK]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT-NOT:         arith.addf
// SPLIT:             %[[AT:.*]] = arith.addi %[[K]], %{{.*}}
// SPLIT-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[AT]], %[[N]]
// SPLIT-NEXT:        arith.minui %[[AT]], %[[LASTK]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT-NOT:         arith.addf
// SPLIT:             %[[AT:.*]] = arith.addi %[[K]], %{{.*}}
// SPLIT-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[AT]], %[[N]]
// SPLIT-NEXT:        arith.minui %[[AT]], %[[LASTK]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT-NOT:         arith.addf
// SPLIT:             %[[AT:.*]] = arith.addi %[[K]], %{{.*}}
// SPLIT-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[AT]], %[[N]]
// SPLIT-NEXT:        arith.minui %[[AT]], %[[LASTK]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT-NOT:         arith.addf
// SPLIT:             %[[AT:.*]] = arith.addi %[[K]], %{{.*}}
// SPLIT-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[AT]], %[[N]]
// SPLIT-NEXT:        arith.minui %[[AT]], %[[LASTK]]
// SPLIT-NOT:         arith.addf
// SPLIT:             memref.load %arg0
// SPLIT:             arith.addf
// SPLIT-NOT:         memref.load
// SPLIT:             %[[SUM:.*]] = arith.addf
// SPLIT-NEXT:        arith.select %{{.*}}, %[[SUM]], %{{.*}}
// SPLIT:             %[[SUM:.*]] = arith.addf
// SPLIT-NEXT:        arith.select %{{.*}}, %[[SUM]], %{{.*}}
// SPLIT:             %[[SUM:.*]] = arith.addf
// SPLIT-NEXT:        arith.select %{{.*}}, %[[SUM]], %{{.*}}
// SPLIT:             %[[SUM:.*]] = arith.addf
// SPLIT-NEXT:        arith.select %{{.*}}, %[[SUM]], %{{.*}}
// SPLIT:             %[[SUM:.*]] = arith.addf
// SPLIT-NEXT:        arith.select %{{.*}}, %[[SUM]], %{{.*}}
// SPLIT:             %[[SUM:.*]] = arith.addf
// SPLIT-NEXT:        arith.select %{{.*}}, %[[SUM]], %{{.*}}
// SPLIT:             %[[SUM:.*]] = arith.addf
// SPLIT-NEXT:        arith.select %{{.*}}, %[[SUM]], %{{.*}}
// SPLIT:           memref.store %{{.*}}, %[[FIRST]][%{{.*}}]
// SPLIT:         %[[NEEDED:.*]] = arith.cmpi ugt, %[[C]], %c32
// SPLIT:         %[[C2:.*]] = arith.minui %{{.*}}, %c256
// SPLIT:         %[[THREADS:.*]] = arith.select %[[NEEDED]], %[[C2]], %c0
// SPLIT:         %[[SECOND:.*]] = memref.alloc(%[[THREADS]])
// SPLIT:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[THREADS]])
// SPLIT:           %[[STEP2:.*]] = arith.muli %[[C2]], %c8
// SPLIT:           scf.for %{{.*}} = %{{.*}} to %[[C]] step %[[STEP2]]
// SPLIT:         %[[LAST:.*]] = arith.select %[[NEEDED]], %[[SECOND]], %[[FIRST]]
// SPLIT:         %[[LASTC:.*]] = arith.select %[[NEEDED]], %[[C2]], %[[C]]
// SPLIT:         scf.parallel
// SPLIT:           memref.load %arg1[] : memref<f64>
// SPLIT:           arith.muli %{{.*}}, %[[LASTC]]
// SPLIT:           scf.for
// SPLIT:             memref.load %[[LAST]]
// SPLIT:           memref.store %{{.*}}, %arg1[] : memref<f64>
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

// Partial reductions, one output per row or column: C = min(ceil(r / 32),
// max(1, 65536 / m)) chunks per output, no second level. Summing along
// rows, the innermost dimension is reduced and thread t is chunk t % C of
// output t / C (neighbouring threads read neighbouring elements); along
// columns it is output t % m, chunk t / m.
// SPLIT-LABEL: func.func @row_sums(
// SPLIT:         %[[ROWS:.*]] = arith.muli %c1{{.*}}, %dim
// SPLIT:         %[[COLS:.*]] = arith.muli %c1{{.*}}, %dim
// SPLIT:         scf.if
// SPLIT:         %[[C:.*]] = arith.minui
// SPLIT:         scf.parallel (%[[T:.*]]) =
// SPLIT:           %[[O:.*]] = arith.divui %[[T]], %[[C]]
// SPLIT:           %[[CHUNK:.*]] = arith.remui %[[T]], %[[C]]
// SPLIT:           affine.apply #{{.*}}(%[[O]], %[[CHUNK]])
// SPLIT:           scf.for %{{.*}} = %{{.*}} to %[[COLS]] step %{{.*}}
// SPLIT:         scf.parallel (%[[O2:.*]]) = (%{{.*}}) to (%[[ROWS]])
// SPLIT:           memref.load %arg1[%[[O2]]]
// SPLIT:           arith.muli %[[O2]], %[[C]]
// SPLIT:           scf.for
// SPLIT:           memref.store %{{.*}}, %arg1[%[[O2]]]
// SPLIT-NOT:     scf.parallel
// SPLIT:         } else {
// SPLIT-NEXT:      linalg.generic
// SPLIT-LABEL: func.func @column_sums(
// SPLIT:         %[[M:.*]] = arith.muli %c1{{.*}}, %dim
// SPLIT:         scf.if
// SPLIT:         scf.parallel (%[[T:.*]]) =
// SPLIT:           %[[CHUNK:.*]] = arith.divui %[[T]], %[[M]]
// SPLIT:           %[[O:.*]] = arith.remui %[[T]], %[[M]]
// SPLIT:           affine.apply #{{.*}}(%[[O]], %[[CHUNK]])
// SPLIT:         } else {
// A product (a named op) is generalized and split the same way.
// SPLIT-LABEL: func.func @matvec(
// SPLIT:         scf.if
// SPLIT:         scf.parallel
// SPLIT:           memref.load %arg0
// SPLIT:           memref.load %arg1
// SPLIT:           arith.mulf
// SPLIT:           scf.for
// SPLIT:         } else {
// SPLIT-NEXT:      linalg.fill
// SPLIT-NEXT:      linalg.generic
// With cooperative-threads: rows of 33 to 16 * 32 elements are one block
// each (a loop mapped to blocks), whose min(16, r) threads (a loop mapped
// to threads, from the row's value) fold every 16th element from their
// own and combine their folds; then the row is stored. Otherwise the
// choice between split and plain, as above.
// BLOCKS-LABEL: func.func @row_sums(
// BLOCKS:         %[[ROWS:.*]] = arith.muli %c1{{.*}}, %dim
// BLOCKS:         %[[COLS:.*]] = arith.muli %c1{{.*}}, %dim
// BLOCKS:         %[[AT_MOST:.*]] = arith.cmpi ule, %[[COLS]], %c512
// BLOCKS:         %[[ABOVE:.*]] = arith.cmpi ugt, %[[COLS]], %c32
// BLOCKS:         %[[IN_RANGE:.*]] = arith.andi %[[ABOVE]], %[[AT_MOST]]
// BLOCKS:         %[[GRID:.*]] = arith.cmpi ule, %[[ROWS]], %c2147483647
// BLOCKS:         %[[FITS:.*]] = arith.andi %[[IN_RANGE]], %[[GRID]]
// BLOCKS:         scf.if %[[FITS]] {
// BLOCKS:           %[[T:.*]] = arith.minui %c16, %[[COLS]]
// BLOCKS:           scf.parallel (%[[O:.*]]) = (%{{.*}}) to (%[[ROWS]]) step (%{{.*}}) {
// BLOCKS-NEXT:        %[[INIT:.*]] = memref.load %arg1[%[[O]]]
// BLOCKS:             %[[TOTAL:.*]] = scf.parallel (%[[TH:.*]]) = (%{{.*}}) to (%[[T]]) step (%{{.*}}) init (%[[INIT]]) -> f64 {
// BLOCKS:               %[[NEXT:.*]] = arith.addi %[[TH]], %[[T]]
// BLOCKS:               %[[OWN:.*]] = memref.load %arg0
// BLOCKS:               %[[STEP:.*]] = arith.muli %[[T]], %c8
// BLOCKS:               %[[FOLDED:.*]] = scf.for %{{.*}} = %[[NEXT]] to %[[COLS]] step %[[STEP]] iter_args(%{{.*}} = %[[OWN]])
// BLOCKS:               scf.reduce(%[[FOLDED]] : f64) {
// BLOCKS-NEXT:          ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64):
// BLOCKS-NEXT:            %[[SUM:.*]] = arith.addf %[[A]], %[[B]] : f64
// BLOCKS-NEXT:            scf.reduce.return %[[SUM]] : f64
// BLOCKS:             } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// BLOCKS-NEXT:        memref.store %[[TOTAL]], %arg1[%[[O]]]
// BLOCKS-NEXT:        scf.reduce
// BLOCKS-NEXT:      } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// BLOCKS-NEXT:    } else {
// BLOCKS:           scf.if
// BLOCKS:           } else {
// BLOCKS-NEXT:        linalg.generic
// Columns of 33 to 4 * 32 elements (cooperative-threads=16 holds 4
// columns of 4 threads): a block per 4 neighbouring outputs (fewer if
// there are fewer), a thread_x per output and thread_y threads for its
// elements; past the last output the fold is of the last one, and the
// store is left out. Not with more outputs than 65536 / 2; with none, no
// block.
// With outputs-per-block=2, blocks of 2 columns of 8 threads each (rows
// of 33 to 8 * 32).
// PAIRS-LABEL: func.func @column_sums(
// PAIRS:         arith.cmpi ule, %{{.*}}, %c256
// PAIRS:         arith.ceildivui %{{.*}}, %c2
// PAIRS:         scf.if
// PAIRS:           arith.minui %c8{{.*}}, %{{.*}}
// PAIRS:           arith.minui %c2{{.*}}, %{{.*}}
// BLOCKS-LABEL: func.func @column_sums(
// BLOCKS:         %[[COLS:.*]] = arith.muli %c1{{.*}}, %dim
// BLOCKS:         %[[ROWS:.*]] = arith.muli %c1{{.*}}, %dim
// BLOCKS:         %[[AT_MOST:.*]] = arith.cmpi ule, %[[ROWS]], %c128
// BLOCKS:         %[[ABOVE:.*]] = arith.cmpi ugt, %[[ROWS]], %c32
// BLOCKS:         %[[IN_RANGE:.*]] = arith.andi %[[ABOVE]], %[[AT_MOST]]
// BLOCKS:         %[[GRID:.*]] = arith.ceildivui %[[COLS]], %c4
// BLOCKS:         %[[GRID_FITS:.*]] = arith.cmpi ule, %[[GRID]], %c2147483647
// BLOCKS:         %[[SIZES_FIT:.*]] = arith.andi %[[IN_RANGE]], %[[GRID_FITS]]
// BLOCKS:         %[[TWICE:.*]] = arith.muli %[[COLS]], %c2
// BLOCKS:         %[[FEW:.*]] = arith.cmpi ule, %[[TWICE]], %c65536
// BLOCKS:         %[[FITS:.*]] = arith.andi %[[SIZES_FIT]], %[[FEW]]
// BLOCKS:         scf.if %[[FITS]] {
// BLOCKS:           %[[T:.*]] = arith.minui %c4{{.*}}, %[[ROWS]]
// BLOCKS:           %[[SOME:.*]] = arith.maxui %[[COLS]], %c1
// BLOCKS:           %[[LANES:.*]] = arith.minui %c4{{.*}}, %[[SOME]]
// BLOCKS:           %[[LAST:.*]] = arith.subi %[[COLS]], %c1
// BLOCKS:           %[[BLOCKS:.*]] = arith.ceildivui %[[COLS]], %[[LANES]]
// BLOCKS:           scf.parallel (%[[B:.*]]) = (%{{.*}}) to (%[[BLOCKS]]) step (%{{.*}}) {
// BLOCKS:             scf.parallel (%[[X:.*]]) = (%{{.*}}) to (%[[LANES]]) step (%{{.*}}) {
// BLOCKS-NEXT:          %[[BASE:.*]] = arith.muli %[[B]], %[[LANES]]
// BLOCKS-NEXT:          %[[O:.*]] = arith.addi %[[BASE]], %[[X]]
// BLOCKS-NEXT:          %[[STORES:.*]] = arith.cmpi ult, %[[O]], %[[COLS]]
// BLOCKS-NEXT:          %[[OWN:.*]] = arith.minui %[[O]], %[[LAST]]
// BLOCKS-NEXT:          %[[INIT:.*]] = memref.load %arg1[%[[OWN]]]
// BLOCKS:               %[[TOTAL:.*]] = scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[T]]) step (%{{.*}}) init (%[[INIT]]) -> f64 {
// BLOCKS:                 scf.reduce(%{{.*}} : f64) {
// BLOCKS:                   arith.addf
// BLOCKS:               } {mapping = [#gpu.loop_dim_map<processor = thread_y, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// BLOCKS-NEXT:          scf.if %[[STORES]] {
// BLOCKS-NEXT:            memref.store %[[TOTAL]], %arg1[%[[OWN]]]
// BLOCKS-NEXT:          }
// BLOCKS-NEXT:          scf.reduce
// BLOCKS-NEXT:        } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// BLOCKS-NEXT:        scf.reduce
// BLOCKS-NEXT:      } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// BLOCKS-NEXT:    } else {
// A fill's value is where the blocks start.
// BLOCKS-LABEL: func.func @matvec(
// BLOCKS:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// BLOCKS:         scf.parallel
// BLOCKS-NOT:       memref.load %arg2
// BLOCKS:           scf.parallel ({{.*}}) = ({{.*}}) to ({{.*}}) step ({{.*}}) init (%[[ZERO]]) -> f64
// BLOCKS:         } else {
// An epilogue that writes the vector the product reads (v = 2 x.v, in
// place) would race with the blocks still reading v: it follows them.
// BLOCKS-LABEL: func.func @matvec_in_place(
// BLOCKS:         scf.if
// BLOCKS:           scf.parallel
// BLOCKS:             scf.parallel
// BLOCKS:             memref.store
// BLOCKS-NEXT:        scf.reduce
// BLOCKS-NEXT:      } {mapping = [#gpu.loop_dim_map<processor = block_x
// BLOCKS-NEXT:      linalg.generic {{.*}} outs(%arg1 : memref<?xf64>)
// BLOCKS:         } else {
// Not split: a combiner that is not associative.
// SPLIT-LABEL: func.func @not_associative(
// SPLIT-NOT:     scf.if
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
func.func @column_sums(%x: memref<?x?xf64>, %out: memref<?xf64>) {
  linalg.generic {indexing_maps = [affine_map<(j, i) -> (i, j)>,
                                   affine_map<(j, i) -> (j)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%out : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  return
}
func.func @matvec(%x: memref<?x?xf64>, %v: memref<?xf64>, %out: memref<?xf64>) {
  %zero = arith.constant 0.0 : f64
  linalg.fill ins(%zero : f64) outs(%out : memref<?xf64>)
  linalg.matvec ins(%x, %v : memref<?x?xf64>, memref<?xf64>)
                outs(%out : memref<?xf64>)
  return
}
func.func @matvec_in_place(%x: memref<?x?xf64>, %v: memref<?xf64>, %s: memref<?xf64>) {
  %zero = arith.constant 0.0 : f64
  %two = arith.constant 2.0 : f64
  linalg.fill ins(%zero : f64) outs(%s : memref<?xf64>)
  linalg.matvec ins(%x, %v : memref<?x?xf64>, memref<?xf64>)
                outs(%s : memref<?xf64>)
  linalg.generic {indexing_maps = [#all1, #all1], iterator_types = ["parallel"]}
      ins(%s : memref<?xf64>) outs(%v : memref<?xf64>) {
  ^bb0(%a: f64, %unused: f64):
    %d = arith.mulf %a, %two : f64
    linalg.yield %d : f64
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
  call @check_partial_sums(%x, %rows, %cols) : (memref<?x?xf64>, index, index) -> ()
  call @epilogues(%x, %rows, %cols) : (memref<?x?xf64>, index, index) -> ()
  call @column_update(%x, %cols) : (memref<?x?xf64>, index) -> ()
  memref.dealloc %x : memref<?x?xf64>
  memref.dealloc %out : memref<f64>
  return
}

/// Elementwise kernels on reductions' outputs: y = 2 * rowsum(x) + 1 and
/// u = sum(x) / 2 run in the last step of their reductions (an unrelated
/// fill between does not stop that; in the plain branch they follow the
/// reduction). z = 2 * s + 1 for row sums s overwritten with 3 in between
/// stays after it (and sees the 3s). Prints y[0], y[rows - 1], u, z[0].
// SPLIT-LABEL: func.func @epilogues(
// SPLIT:         %[[S:.*]] = memref.alloc(%arg1) : memref<?xf64>
// SPLIT:         scf.if
// SPLIT:           scf.parallel
// SPLIT:           scf.parallel
// SPLIT:             memref.store %{{.*}}, %[[S]][%{{.*}}]
// SPLIT-NEXT:        %[[D:.*]] = arith.mulf %{{.*}}, %cst
// SPLIT-NEXT:        %[[Y:.*]] = arith.addf %[[D]], %cst
// SPLIT-NEXT:        %[[AT:.*]] = affine.apply
// SPLIT-NEXT:        memref.store %[[Y]], %[[YBUF:.*]][%[[AT]]]
// SPLIT:         } else {
// SPLIT:           linalg.generic
// SPLIT:           linalg.generic {{.*}} ins(%[[S]] : memref<?xf64>) outs(%[[YBUF]] : memref<?xf64>)
// SPLIT:         linalg.fill
// SPLIT-NOT:     linalg.generic
// SPLIT:         scf.if
// SPLIT:           scf.parallel
// SPLIT:             memref.store %{{.*}}, %{{.*}}[] : memref<f64>
// SPLIT-NEXT:        arith.mulf
// SPLIT-NEXT:        memref.store %{{.*}}, %{{.*}}[] : memref<f64>
// SPLIT:         scf.if
// SPLIT:           scf.parallel
// SPLIT:           scf.parallel
// SPLIT:               scf.yield
// SPLIT-NEXT:        }
// SPLIT-NEXT:        memref.store %{{.*}}, %[[S2:[a-z0-9_]+]][
// SPLIT-NEXT:        scf.reduce
// SPLIT:           linalg.fill ins(%{{.*}} : f64) outs(%[[S2]] : memref<?xf64>)
// SPLIT-NEXT:      linalg.generic {{.*}} ins(%arg0
// SPLIT:         linalg.fill ins(%{{.*}} : f64) outs(%[[S2]] : memref<?xf64>)
// SPLIT-NEXT:    linalg.generic {{.*}} ins(%[[S2]] : memref<?xf64>)
// SPLIT:         return
// In a block, the first thread runs the epilogue after the store; a full
// reduction is one block too.
// BLOCKS-LABEL: func.func @epilogues(
// BLOCKS:         scf.parallel
// BLOCKS:           %[[ROW:.*]] = scf.parallel
// BLOCKS:           memref.store %[[ROW]], %{{.*}}[%[[O:.*]]]
// BLOCKS-NEXT:      %[[D:.*]] = arith.mulf %[[ROW]], %cst
// BLOCKS-NEXT:      %[[Y:.*]] = arith.addf %[[D]], %cst
// BLOCKS-NEXT:      %[[AT:.*]] = affine.apply #{{.*}}(%[[O]])
// BLOCKS-NEXT:      memref.store %[[Y]], %{{.*}}[%[[AT]]]
// BLOCKS-NEXT:      scf.reduce
// BLOCKS-NEXT:    } {mapping = [#gpu.loop_dim_map<processor = block_x
// BLOCKS:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%c1{{.*}}) step
// BLOCKS:           %[[ALL:.*]] = scf.parallel
// BLOCKS:           memref.store %[[ALL]], %{{.*}}[] : memref<f64>
// BLOCKS-NEXT:      %[[HALF:.*]] = arith.mulf %[[ALL]]
// BLOCKS-NEXT:      memref.store %[[HALF]], %{{.*}}[] : memref<f64>
// BLOCKS:         return
#row = affine_map<(i, j) -> (i, j)>
#rowout = affine_map<(i, j) -> (i)>
#vec = affine_map<(i) -> (i)>
#scalar = affine_map<() -> ()>
func.func @epilogues(%x: memref<?x?xf64>, %rows: index, %cols: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %two = arith.constant 2.0 : f64
  %three = arith.constant 3.0 : f64
  %half = arith.constant 0.5 : f64
  %s = memref.alloc(%rows) : memref<?xf64>
  %y = memref.alloc(%rows) : memref<?xf64>
  %other = memref.alloc() : memref<f64>
  %t = memref.alloc() : memref<f64>
  %u = memref.alloc() : memref<f64>
  %s2 = memref.alloc(%rows) : memref<?xf64>
  %z = memref.alloc(%rows) : memref<?xf64>
  linalg.fill ins(%zero : f64) outs(%s : memref<?xf64>)
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  linalg.fill ins(%zero : f64) outs(%other : memref<f64>)
  linalg.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]}
      ins(%s : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %unused: f64):
    %d = arith.mulf %a, %two : f64
    %r = arith.addf %d, %one : f64
    linalg.yield %r : f64
  }
  linalg.fill ins(%zero : f64) outs(%t : memref<f64>)
  linalg.generic {indexing_maps = [#row, affine_map<(i, j) -> ()>],
                  iterator_types = ["reduction", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%t : memref<f64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  linalg.generic {indexing_maps = [#scalar, #scalar], iterator_types = []}
      ins(%t : memref<f64>) outs(%u : memref<f64>) {
  ^bb0(%a: f64, %unused: f64):
    %r = arith.mulf %a, %half : f64
    linalg.yield %r : f64
  }
  linalg.fill ins(%zero : f64) outs(%s2 : memref<?xf64>)
  linalg.generic {indexing_maps = [#row, #rowout],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%s2 : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %r = arith.addf %a, %acc : f64
    linalg.yield %r : f64
  }
  linalg.fill ins(%three : f64) outs(%s2 : memref<?xf64>)
  linalg.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]}
      ins(%s2 : memref<?xf64>) outs(%z : memref<?xf64>) {
  ^bb0(%a: f64, %unused: f64):
    %d = arith.mulf %a, %two : f64
    %r = arith.addf %d, %one : f64
    linalg.yield %r : f64
  }
  %results = memref.alloc() : memref<4xf64>
  %last = arith.subi %rows, %c1 : index
  %y0 = memref.load %y[%c0] : memref<?xf64>
  %ylast = memref.load %y[%last] : memref<?xf64>
  %u0 = memref.load %u[] : memref<f64>
  %z0 = memref.load %z[%c0] : memref<?xf64>
  memref.store %y0, %results[%c0] : memref<4xf64>
  memref.store %ylast, %results[%c1] : memref<4xf64>
  memref.store %u0, %results[%c2] : memref<4xf64>
  memref.store %z0, %results[%c3] : memref<4xf64>
  %print = memref.cast %results : memref<4xf64> to memref<*xf64>
  call @printMemrefF64(%print) : (memref<*xf64>) -> ()
  memref.dealloc %results : memref<4xf64>
  memref.dealloc %s : memref<?xf64>
  memref.dealloc %y : memref<?xf64>
  memref.dealloc %other : memref<f64>
  memref.dealloc %t : memref<f64>
  memref.dealloc %u : memref<f64>
  memref.dealloc %s2 : memref<?xf64>
  memref.dealloc %z : memref<?xf64>
  return
}

/// v = w - colsum(x) with w = 1, an epilogue of the column sums (with
/// cooperative-threads, blocks of 4 columns: the first thread of each
/// column runs it; the threads past the last column fold the last one
/// again and store nothing). Prints v[0], v[cols - 1].
// BLOCKS-LABEL: func.func @column_update(
// BLOCKS:         scf.if
// BLOCKS:           scf.parallel
// BLOCKS:             scf.parallel
// BLOCKS:               %[[STORES:.*]] = arith.cmpi ult
// BLOCKS-NEXT:          %[[OWN:.*]] = arith.minui
// BLOCKS:               %[[TOTAL:.*]] = scf.parallel ({{.*}}) init (%cst) -> f64 {
// BLOCKS:               } {mapping = [#gpu.loop_dim_map<processor = thread_y
// BLOCKS-NEXT:          scf.if %[[STORES]] {
// BLOCKS-NEXT:            memref.store %[[TOTAL]], %{{.*}}[%[[OWN]]]
// BLOCKS-NEXT:            %[[AT:.*]] = affine.apply #{{.*}}(%[[OWN]])
// BLOCKS-NEXT:            %[[W:.*]] = memref.load %{{.*}}[%[[AT]]]
// BLOCKS-NEXT:            %[[V:.*]] = arith.subf %[[W]], %[[TOTAL]]
// BLOCKS-NEXT:            %[[AT2:.*]] = affine.apply #{{.*}}(%[[OWN]])
// BLOCKS-NEXT:            memref.store %[[V]], %{{.*}}[%[[AT2]]]
// BLOCKS-NEXT:          }
// BLOCKS:         } else {
func.func @column_update(%x: memref<?x?xf64>, %cols: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %c = memref.alloc(%cols) : memref<?xf64>
  %w = memref.alloc(%cols) : memref<?xf64>
  %v = memref.alloc(%cols) : memref<?xf64>
  linalg.fill ins(%one : f64) outs(%w : memref<?xf64>)
  linalg.fill ins(%zero : f64) outs(%c : memref<?xf64>)
  linalg.generic {indexing_maps = [affine_map<(j, i) -> (i, j)>,
                                   affine_map<(j, i) -> (j)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%c : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  linalg.generic {indexing_maps = [#vec, #vec, #vec],
                  iterator_types = ["parallel"]}
      ins(%c, %w : memref<?xf64>, memref<?xf64>) outs(%v : memref<?xf64>) {
  ^bb0(%a: f64, %old: f64, %unused: f64):
    %r = arith.subf %old, %a : f64
    linalg.yield %r : f64
  }
  %results = memref.alloc() : memref<2xf64>
  %last = arith.subi %cols, %c1 : index
  %v0 = memref.load %v[%c0] : memref<?xf64>
  %vlast = memref.load %v[%last] : memref<?xf64>
  memref.store %v0, %results[%c0] : memref<2xf64>
  memref.store %vlast, %results[%c1] : memref<2xf64>
  %print = memref.cast %results : memref<2xf64> to memref<*xf64>
  call @printMemrefF64(%print) : (memref<*xf64>) -> ()
  memref.dealloc %results : memref<2xf64>
  memref.dealloc %c : memref<?xf64>
  memref.dealloc %w : memref<?xf64>
  memref.dealloc %v : memref<?xf64>
  return
}

/// Row sums, column sums and x . v (v[j] = j mod 3) of `x` against plain
/// loops: prints how many of the rows + cols + rows results differ (all
/// are integers, exact in f64), then the last row's sum.
func.func @check_partial_sums(%x: memref<?x?xf64>, %rows: index, %cols: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f64
  %byrow = memref.alloc(%rows) : memref<?xf64>
  %bycol = memref.alloc(%cols) : memref<?xf64>
  %product = memref.alloc(%rows) : memref<?xf64>
  %v = memref.alloc(%cols) : memref<?xf64>
  scf.for %j = %c0 to %cols step %c1 {
    %r = arith.remui %j, %c3 : index
    %ri = arith.index_cast %r : index to i64
    %rf = arith.sitofp %ri : i64 to f64
    memref.store %rf, %v[%j] : memref<?xf64>
    memref.store %zero, %bycol[%j] : memref<?xf64>
  }
  scf.for %i = %c0 to %rows step %c1 {
    memref.store %zero, %byrow[%i] : memref<?xf64>
  }
  call @row_sums(%x, %byrow) : (memref<?x?xf64>, memref<?xf64>) -> ()
  call @column_sums(%x, %bycol) : (memref<?x?xf64>, memref<?xf64>) -> ()
  call @matvec(%x, %v, %product) : (memref<?x?xf64>, memref<?xf64>, memref<?xf64>) -> ()
  %bad_rows = scf.for %i = %c0 to %rows step %c1 iter_args(%bad = %c0) -> (index) {
    %sums:2 = scf.for %j = %c0 to %cols step %c1 iter_args(%s = %zero, %p = %zero) -> (f64, f64) {
      %e = memref.load %x[%i, %j] : memref<?x?xf64>
      %vj = memref.load %v[%j] : memref<?xf64>
      %s2 = arith.addf %s, %e : f64
      %ev = arith.mulf %e, %vj : f64
      %p2 = arith.addf %p, %ev : f64
      scf.yield %s2, %p2 : f64, f64
    }
    %got = memref.load %byrow[%i] : memref<?xf64>
    %gotp = memref.load %product[%i] : memref<?xf64>
    %ne = arith.cmpf une, %got, %sums#0 : f64
    %nep = arith.cmpf une, %gotp, %sums#1 : f64
    %a = arith.index_cast %ne : i1 to index
    %b = arith.index_cast %nep : i1 to index
    %bad1 = arith.addi %bad, %a : index
    %bad2 = arith.addi %bad1, %b : index
    scf.yield %bad2 : index
  }
  %bad_all = scf.for %j = %c0 to %cols step %c1 iter_args(%bad = %bad_rows) -> (index) {
    %sum = scf.for %i = %c0 to %rows step %c1 iter_args(%s = %zero) -> (f64) {
      %e = memref.load %x[%i, %j] : memref<?x?xf64>
      %s2 = arith.addf %s, %e : f64
      scf.yield %s2 : f64
    }
    %got = memref.load %bycol[%j] : memref<?xf64>
    %ne = arith.cmpf une, %got, %sum : f64
    %a = arith.index_cast %ne : i1 to index
    %bad2 = arith.addi %bad, %a : index
    scf.yield %bad2 : index
  }
  vector.print %bad_all : index
  %last = arith.subi %rows, %c1 : index
  %l = memref.load %byrow[%last] : memref<?xf64>
  vector.print %l : f64
  memref.dealloc %byrow : memref<?xf64>
  memref.dealloc %bycol : memref<?xf64>
  memref.dealloc %product : memref<?xf64>
  memref.dealloc %v : memref<?xf64>
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
  // Then no row sum, column sum or product differs from the plain loops',
  // and the last row sums 299 * 501 * 501 + 0 + ... + 500 = 75174549.
  // The epilogues: 2 * 125250 + 1, 2 * 75174549 + 1, 11294969850 / 2, and
  // 2 * 3 + 1 (with 3 elements: 2 * 3 + 1 twice, 3 / 2, 7).
  // CHECK: [1.13175e+15]
  // CHECK: [1.1295e+10]
  // CHECK-NEXT: 0
  // CHECK-NEXT: 7.51745e+07
  // CHECK: [250501,  1.50349e+08,  5.64748e+09,  7]
  // CHECK: [-2.24698e+07,  -2.26198e+07]
  call @squares(%c300, %c501) : (index, index) -> ()
  // CHECK: [5.5]
  // CHECK: [3.25]
  // CHECK-NEXT: 0
  // CHECK-NEXT: 3
  // CHECK: [7,  7,  1.5,  7]
  // CHECK: [1,  -1]
  call @squares(%c1, %c3) : (index, index) -> ()
  // 10 x 40 (blocks with cooperative-threads): the squares of 0 ... 399
  // sum to 21253400, their sum is 79800; the last row sums 40 * 360 +
  // 780; the epilogues give 2 * 780 + 1, 2 * 15180 + 1, 79800 / 2, 7.
  // CHECK: [2.12534e+07]
  // CHECK: [79800.2]
  // CHECK-NEXT: 0
  // CHECK-NEXT: 15180
  // CHECK: [1561,  30361,  39900,  7]
  // CHECK: [-1799,  -2189]
  %c10 = arith.constant 10 : index
  %c40 = arith.constant 40 : index
  call @squares(%c10, %c40) : (index, index) -> ()
  // 40 x 10 (the column sums, of 40, in blocks of 4 columns with
  // cooperative-threads, 2 of them in the last): the same squares and sum;
  // the last row sums 3900 + 45, the first 45; column j sums 7800 + 40 j.
  // CHECK: [2.12534e+07]
  // CHECK: [79800.2]
  // CHECK-NEXT: 0
  // CHECK-NEXT: 3945
  // CHECK: [91,  7891,  39900,  7]
  // CHECK: [-7799,  -8159]
  call @squares(%c40, %c10) : (index, index) -> ()

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
  // The first 500 (one block with cooperative-threads): 495.
  %c500 = arith.constant 500 : index
  %first = memref.alloc(%c500) : memref<?xi64>
  scf.for %i = %c0 to %c500 step %c1 {
    %v = memref.load %x[%i] : memref<?xi64>
    memref.store %v, %first[%i] : memref<?xi64>
  }
  memref.store %low, %out[] : memref<i64>
  call @max_of_index_minus_x(%first, %out) : (memref<?xi64>, memref<i64>) -> ()
  // CHECK: [495]
  call @printMemrefI64(%print) : (memref<*xi64>) -> ()
  memref.dealloc %first : memref<?xi64>
  memref.dealloc %x : memref<?xi64>
  memref.dealloc %out : memref<i64>
  return
}
