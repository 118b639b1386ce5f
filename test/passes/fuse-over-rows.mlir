// tj-fuse-over-rows: a vecmat g.x whose g comes row by row from a matvec
// x.w of the same x is tiled along x's rows, with the matvec, the row-wise
// chain and their fills computed tile by tile in the loop; the rows are
// split between tj_rt_cpu_threads(rows * columns) threads (an scf.forall
// over chunks of rows), whose partial products are summed after.
//
// RUN: %memcheck tensorjit-opt %s --split-input-file --tj-fuse-over-rows --cse | FileCheck %s
// RUN: tensorjit-opt %s --split-input-file --tj-fuse-over-rows=rows-per-tile=8 | FileCheck %s --check-prefix=TILE8

#id = affine_map<(d0) -> (d0)>
#red = affine_map<(d0) -> ()>

// A gradient step: z = x.w, g = sigmoid(z) - y, the sum of g (for a bias;
// before g.x in the block), g.x. g and g.x are used after the loop, z is
// not.
// CHECK-LABEL: func.func private @tj_rt_cpu_threads(i64) -> i32
// CHECK-LABEL: func.func @step(
// CHECK-SAME:    %[[X:[a-z0-9]+]]: tensor<?x?xf64>
// CHECK:         %[[COLS:.*]] = tensor.dim %[[X]], %c1
// CHECK:         %[[GX0:.*]] = linalg.fill ins(%{{.*}}) outs(%{{.*}} : tensor<?xf64>)
// CHECK:         %[[ROWS:.*]] = tensor.dim
// CHECK:         %[[N:.*]] = arith.muli %[[ROWS]], %[[COLS]]
// CHECK:         %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK:         %[[T32:.*]] = call @tj_rt_cpu_threads(%[[N64]])
// CHECK:         %[[T:.*]] = arith.index_cast %[[T32]] : i32 to index
// A chunk is ceil(rows / threads) rows.
// CHECK:         %[[CHUNK:.*]] = arith.ceildivui %[[ROWS]], %[[T]]
// CHECK:         %[[PARTIALS:.*]] = tensor.empty(%[[T]], %[[COLS]]) : tensor<?x?xf64>
// CHECK:         %[[ALL:.*]]:2 = scf.forall (%[[C:.*]]) in (%[[T]]) shared_outs(%[[P:.*]] = %[[PARTIALS]], %[[GOUT:.*]] = %{{.*}}) -> (tensor<?x?xf64>, tensor<?xf64>) {
// CHECK:           %[[START:.*]] = arith.muli %[[C]], %[[CHUNK]]
// CHECK:           %[[LO:.*]] = arith.minui %[[START]], %[[ROWS]]
// CHECK:           %[[END:.*]] = arith.addi %[[LO]], %[[CHUNK]]
// CHECK:           %[[HI:.*]] = arith.minui %[[END]], %[[ROWS]]
// CHECK:           %[[COUNT:.*]] = arith.subi %[[HI]], %[[LO]]
// CHECK:           %[[PROW:.*]] = tensor.extract_slice %[[P]][%[[C]], 0] [1, %[[COLS]]] [1, 1] : tensor<?x?xf64> to tensor<?xf64>
// CHECK:           %[[PZERO:.*]] = linalg.fill ins(%{{.*}}) outs(%[[PROW]] : tensor<?xf64>)
// CHECK:           %[[LOOP:.*]]:2 = scf.for %[[I:.*]] = %[[LO]] to %[[HI]] step %c32 iter_args(%[[ACC:.*]] = %[[PZERO]], %[[G:.*]] = %[[GOUT]])
// The tile is clipped at the chunk's end.
// CHECK:             %[[TILE:.*]] = affine.min #{{.*}}(%[[I]])[%[[HI]]]
// CHECK:             %[[XT:.*]] = tensor.extract_slice %[[X]][%[[I]], 0] [%[[TILE]], %{{.*}}] [1, 1]
// CHECK:             %[[ZERO:.*]] = linalg.fill
// CHECK:             %[[ZT:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[XT]], %{{.*}}) outs(%[[ZERO]]
// CHECK:             %[[GT:.*]] = linalg.generic {{.*}} ins(%[[ZT]], %{{.*}})
// CHECK:               math.exp
// The vecmat reads the same tile of x, row by row.
// CHECK:             %[[GX:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%[[GT]], %[[XT]] : {{.*}}) outs(%{{.*}}
// CHECK:             %[[NEWACC:.*]] = tensor.insert_slice %[[GX]] into %[[ACC]][0]
// CHECK:             %[[NEWG:.*]] = tensor.insert_slice %[[GT]] into %[[G]][%[[I]]] [%[[TILE]]]
// CHECK:             scf.yield %[[NEWACC]], %[[NEWG]]
// CHECK:           %[[GCHUNK:.*]] = tensor.extract_slice %[[LOOP]]#1[%[[LO]]] [%[[COUNT]]] [1]
// CHECK:           scf.forall.in_parallel {
// CHECK:             tensor.parallel_insert_slice %[[LOOP]]#0 into %[[P]][%[[C]], 0] [1, %[[COLS]]] [1, 1] : tensor<?xf64> into tensor<?x?xf64>
// CHECK:             tensor.parallel_insert_slice %[[GCHUNK]] into %[[GOUT]][%[[LO]]] [%[[COUNT]]] [1]
// CHECK-NOT:     linalg.matvec
// CHECK-NOT:     linalg.vecmat
// g.x: the partial products summed over the threads.
// CHECK:         %[[SUMGX:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%[[ALL]]#0 : tensor<?x?xf64>) outs(%[[GX0]] : tensor<?xf64>)
// CHECK:           arith.addf
// The sum of g now follows the loop.
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[ALL]]#1
// CHECK:         return %[[ALL]]#1, %[[SUM]], %[[SUMGX]]
// TILE8-LABEL:   func.func @step(
// TILE8:           scf.for {{.*}} step %c8
func.func @step(%x: tensor<?x?xf64>, %w: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<f64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %rows = tensor.dim %x, %c0 : tensor<?x?xf64>
  %cols = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e0 = tensor.empty(%rows) : tensor<?xf64>
  %f0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<?xf64>) -> tensor<?xf64>
  %z = linalg.matvec ins(%x, %w : tensor<?x?xf64>, tensor<?xf64>) outs(%f0 : tensor<?xf64>) -> tensor<?xf64>
  %e1 = tensor.empty(%rows) : tensor<?xf64>
  %g = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%z, %y : tensor<?xf64>, tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %out: f64):
    %n = arith.negf %a : f64
    %e = math.exp %n : f64
    %d = arith.addf %one, %e : f64
    %p = arith.divf %one, %d : f64
    %r = arith.subf %p, %b : f64
    linalg.yield %r : f64
  } -> tensor<?xf64>
  %es = tensor.empty() : tensor<f64>
  %fs = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [#id, #red], iterator_types = ["reduction"]} ins(%g : tensor<?xf64>) outs(%fs : tensor<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %s = arith.addf %in, %acc : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %e2 = tensor.empty(%cols) : tensor<?xf64>
  %f2 = linalg.fill ins(%zero : f64) outs(%e2 : tensor<?xf64>) -> tensor<?xf64>
  %gx = linalg.vecmat ins(%g, %x : tensor<?xf64>, tensor<?x?xf64>) outs(%f2 : tensor<?xf64>) -> tensor<?xf64>
  return %g, %sum, %gx : tensor<?xf64>, tensor<f64>, tensor<?xf64>
}

// -----

// g.u where g comes from x.w, another matrix: two passes over two
// matrices, nothing to share.
// CHECK-LABEL: func.func @otherMatrix(
// CHECK-NOT:     scf.forall
// CHECK-NOT:     scf.for
// CHECK:         linalg.matvec
// CHECK:         linalg.vecmat
func.func @otherMatrix(%x: tensor<?x?xf64>, %u: tensor<?x?xf64>, %w: tensor<?xf64>, %init: tensor<?xf64>, %out: tensor<?xf64>) -> tensor<?xf64> {
  %z = linalg.matvec ins(%x, %w : tensor<?x?xf64>, tensor<?xf64>) outs(%init : tensor<?xf64>) -> tensor<?xf64>
  %gu = linalg.vecmat ins(%z, %u : tensor<?xf64>, tensor<?x?xf64>) outs(%out : tensor<?xf64>) -> tensor<?xf64>
  return %gu : tensor<?xf64>
}

// -----

// g.x with g an argument: no pass over x to share.
// CHECK-LABEL: func.func @noProduct(
// CHECK-NOT:     scf.for
// CHECK:         linalg.vecmat
func.func @noProduct(%x: tensor<?x?xf64>, %g: tensor<?xf64>, %out: tensor<?xf64>) -> tensor<?xf64> {
  %gx = linalg.vecmat ins(%g, %x : tensor<?xf64>, tensor<?x?xf64>) outs(%out : tensor<?xf64>) -> tensor<?xf64>
  return %gx : tensor<?xf64>
}

// -----

// g - sum(g) reads g whole before any row of g.x: not one pass.
// CHECK-LABEL: func.func @centered(
// CHECK-NOT:     scf.forall
// CHECK-NOT:     scf.for
// CHECK:         linalg.vecmat
func.func @centered(%x: tensor<?x?xf64>, %w: tensor<?xf64>, %init: tensor<?xf64>, %out: tensor<?xf64>) -> tensor<?xf64> {
  %zero = arith.constant 0.0 : f64
  %g = linalg.matvec ins(%x, %w : tensor<?x?xf64>, tensor<?xf64>) outs(%init : tensor<?xf64>) -> tensor<?xf64>
  %es = tensor.empty() : tensor<f64>
  %fs = linalg.fill ins(%zero : f64) outs(%es : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>], iterator_types = ["reduction"]} ins(%g : tensor<?xf64>) outs(%fs : tensor<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %s = arith.addf %in, %acc : f64
    linalg.yield %s : f64
  } -> tensor<f64>
  %c = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%g, %sum : tensor<?xf64>, tensor<f64>) outs(%init : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %d = arith.subf %a, %b : f64
    linalg.yield %d : f64
  } -> tensor<?xf64>
  %gx = linalg.vecmat ins(%c, %x : tensor<?xf64>, tensor<?x?xf64>) outs(%out : tensor<?xf64>) -> tensor<?xf64>
  return %gx : tensor<?xf64>
}

// -----

// Integers: the threads' partial products are added with arith.addi.
// CHECK-LABEL: func.func @integers(
// CHECK:         scf.forall
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%{{.*}} : tensor<?x?xi64>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: i64, %[[OUT:.*]]: i64):
// CHECK-NEXT:      arith.addi %[[OUT]], %[[IN]] : i64
func.func @integers(%x: tensor<?x?xi64>, %w: tensor<?xi64>, %init: tensor<?xi64>, %out: tensor<?xi64>) -> tensor<?xi64> {
  %z = linalg.matvec ins(%x, %w : tensor<?x?xi64>, tensor<?xi64>) outs(%init : tensor<?xi64>) -> tensor<?xi64>
  %zx = linalg.vecmat ins(%z, %x : tensor<?xi64>, tensor<?x?xi64>) outs(%out : tensor<?xi64>) -> tensor<?xi64>
  return %zx : tensor<?xi64>
}

// -----

// g feeds only g.x while z is also returned: z is yielded, g is not, and
// the untiled g (moved after the loop, as it reads z's result) must not be
// what the loop's bound is read from (it was: "operand #0 does not
// dominate this use").
// CHECK-LABEL: func.func @chain_only_for_the_vecmat(
// CHECK:         %[[ROWS:.*]] = tensor.dim %{{.*}}, %c0 : tensor<?xf64>
// CHECK:         call @tj_rt_cpu_threads
// CHECK:         %[[ALL:.*]]:2 = scf.forall
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c32
// CHECK:             math.tanh
// CHECK:         %[[GX:.*]] = linalg.generic {{.*}} ins(%[[ALL]]#0
// CHECK:         return %[[GX]], %[[ALL]]#1
#id2 = affine_map<(d0) -> (d0)>
func.func @chain_only_for_the_vecmat(%x: tensor<?x?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %rows = tensor.dim %x, %c0 : tensor<?x?xf64>
  %cols = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e0 = tensor.empty(%rows) : tensor<?xf64>
  %f0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<?xf64>) -> tensor<?xf64>
  %z = linalg.matvec ins(%x, %w : tensor<?x?xf64>, tensor<?xf64>) outs(%f0 : tensor<?xf64>) -> tensor<?xf64>
  %e1 = tensor.empty(%rows) : tensor<?xf64>
  %g = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel"]} ins(%z : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %out: f64):
    %t = math.tanh %a : f64
    linalg.yield %t : f64
  } -> tensor<?xf64>
  %e2 = tensor.empty(%cols) : tensor<?xf64>
  %f2 = linalg.fill ins(%zero : f64) outs(%e2 : tensor<?xf64>) -> tensor<?xf64>
  %gx = linalg.vecmat ins(%g, %x : tensor<?xf64>, tensor<?x?xf64>) outs(%f2 : tensor<?xf64>) -> tensor<?xf64>
  return %gx, %z : tensor<?xf64>, tensor<?xf64>
}
