// tj-fuse-over-rows: a vecmat g.x whose g comes row by row from a matvec
// x.w of the same x is tiled along x's rows, with the matvec, the row-wise
// chain and their fills computed tile by tile in the loop, under a
// run-time choice: tj_rt_cpu_threads(rows * columns) == 1 takes the loop,
// more threads the ops as they were.
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
// CHECK:         %[[ROWS:.*]] = tensor.dim %[[X]], %c0
// CHECK:         %[[COLS:.*]] = tensor.dim %[[X]], %c1
// CHECK:         %[[N:.*]] = arith.muli %[[ROWS]], %[[COLS]]
// CHECK:         %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK:         %[[T:.*]] = call @tj_rt_cpu_threads(%[[N64]])
// CHECK:         %[[ONE:.*]] = arith.cmpi eq, %[[T]], %c1_i32
// CHECK:         %[[IF:.*]]:2 = scf.if %[[ONE]] -> (tensor<?xf64>, tensor<?xf64>) {
// CHECK:           %[[LOOP:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %c32 iter_args(%[[ACC:.*]] = %{{.*}}, %[[G:.*]] = %{{.*}})
// CHECK:             %[[TILE:.*]] = affine.min
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
// CHECK:           scf.yield %[[LOOP]]#1, %[[LOOP]]#0
// CHECK:         } else {
// CHECK-NOT:       scf.for
// CHECK:           linalg.matvec ins(%[[X]]
// CHECK:           linalg.generic
// CHECK:           linalg.vecmat
// CHECK:           scf.yield
// CHECK:         }
// CHECK-NOT:     linalg.matvec
// CHECK-NOT:     linalg.vecmat
// The sum of g now follows the branch.
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[IF]]#0
// CHECK:         return %[[IF]]#0, %[[SUM]], %[[IF]]#1
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
// CHECK-NOT:     scf.if
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
// CHECK-NOT:     scf.if
// CHECK:         linalg.vecmat
func.func @noProduct(%x: tensor<?x?xf64>, %g: tensor<?xf64>, %out: tensor<?xf64>) -> tensor<?xf64> {
  %gx = linalg.vecmat ins(%g, %x : tensor<?xf64>, tensor<?x?xf64>) outs(%out : tensor<?xf64>) -> tensor<?xf64>
  return %gx : tensor<?xf64>
}

// -----

// g - sum(g) reads g whole before any row of g.x: not one pass.
// CHECK-LABEL: func.func @centered(
// CHECK-NOT:     scf.if
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
