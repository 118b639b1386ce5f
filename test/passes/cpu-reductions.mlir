// tj-cpu-reductions: the element a reduction loop loads and stores each
// iteration is loaded before the loop, carried through it and stored after
// (inner loops first), and the op combining it becomes reassociable, so
// that LLVM vectorizes the loop. Loops where something else may touch the
// element's buffer stay as they were. A reduction over outer rows (column
// sums: a loop over rows holding a parallel loop over the row's outputs)
// is unrolled by 8 rows and jammed: the parallel loop loads each output
// once, adds 8 rows' values in order and stores it once; a second loop
// does the rows left over as before. Not when the parallel loop's body is
// long or touches the output otherwise, when the rows' loop is inside
// another loop (a tile's), or when it runs over the threads' partial
// results (tj_rt_cpu_threads rows).
//
// RUN: %memcheck tensorjit-opt %s --split-input-file --convert-linalg-to-parallel-loops --tj-cpu-reductions | FileCheck %s

// Row sums: each row's element is carried through the column loop.
// CHECK-LABEL: func.func @rows
// CHECK:         scf.parallel (%[[I:.*]]) =
// CHECK-NEXT:      %[[INIT:.*]] = memref.load %arg1[%[[I]]] : memref<?xf64>
// CHECK-NEXT:      %[[SUM:.*]] = scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f64) {
// CHECK-NEXT:        %[[X:.*]] = memref.load %arg0[%[[I]], %[[J]]]
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addf %[[X]], %[[ACC]] fastmath<reassoc> : f64
// CHECK-NEXT:        scf.yield %[[NEXT]] : f64
// CHECK-NEXT:      }
// CHECK-NEXT:      memref.store %[[SUM]], %arg1[%[[I]]] : memref<?xf64>
#rows_in = affine_map<(d0, d1) -> (d0, d1)>
#rows_out = affine_map<(d0, d1) -> (d0)>
func.func @rows(%a: memref<?x?xf64>, %out: memref<?xf64>) {
  linalg.generic {indexing_maps = [#rows_in, #rows_out], iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<?x?xf64>) outs(%out : memref<?xf64>) {
  ^bb0(%in: f64, %acc: f64):
    %s = arith.addf %in, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// A full reduction of a matrix (a sum of squares) is carried through both
// loops; the product is not the combining op and keeps its flags.
// CHECK-LABEL: func.func @all
// CHECK:         %[[INIT:.*]] = memref.load %arg1[] : memref<f32>
// CHECK-NEXT:    %[[OUTER:.*]] = scf.for {{.*}} iter_args(%[[A:.*]] = %[[INIT]]) -> (f32) {
// CHECK-NEXT:      %[[INNER:.*]] = scf.for {{.*}} iter_args(%[[B:.*]] = %[[A]]) -> (f32) {
// CHECK-NEXT:        %[[X:.*]] = memref.load %arg0
// CHECK-NEXT:        %[[SQ:.*]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addf %[[B]], %[[SQ]] fastmath<reassoc> : f32
// CHECK-NEXT:        scf.yield %[[NEXT]] : f32
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.yield %[[INNER]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.store %[[OUTER]], %arg1[] : memref<f32>
// CHECK-NEXT:    return
#all_in = affine_map<(d0, d1) -> (d0, d1)>
#all_out = affine_map<(d0, d1) -> ()>
func.func @all(%a: memref<?x?xf32>, %out: memref<f32>) {
  linalg.generic {indexing_maps = [#all_in, #all_out], iterator_types = ["reduction", "reduction"]}
      ins(%a : memref<?x?xf32>) outs(%out : memref<f32>) {
  ^bb0(%in: f32, %acc: f32):
    %m = arith.mulf %in, %in : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Maxima: maximumf becomes reassociable too; integers have no flags to
// set, and are carried all the same.
// CHECK-LABEL: func.func @max_and_count
// CHECK:         scf.for {{.*}} iter_args(%[[M:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}) -> (f64, i64) {
// CHECK-DAG:       arith.maximumf %{{.*}}, %[[M]] fastmath<reassoc> : f64
// CHECK-DAG:       arith.addi {{.*}}%[[C]]{{.*}} : i64
// CHECK:         }
// CHECK-DAG:     memref.store %{{.*}}, %arg1[] : memref<f64>
// CHECK-DAG:     memref.store %{{.*}}, %arg2[] : memref<i64>
#v = affine_map<(d0) -> (d0)>
#s = affine_map<(d0) -> ()>
func.func @max_and_count(%a: memref<?xf64>, %max: memref<f64>, %count: memref<i64>) {
  linalg.generic {indexing_maps = [#v, #s, #s], iterator_types = ["reduction"]}
      ins(%a : memref<?xf64>) outs(%max, %count : memref<f64>, memref<i64>) {
  ^bb0(%in: f64, %m: f64, %c: i64):
    %one = arith.constant 1 : i64
    %nm = arith.maximumf %in, %m : f64
    %nc = arith.addi %one, %c : i64
    linalg.yield %nm, %nc : f64, i64
  }
  return
}

// -----

// The stored value does not combine the loaded one directly (a select
// keeps the first of equal maxima's index): carried, no flag.
// CHECK-LABEL: func.func @selected
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f64) {
// CHECK:           %[[PICK:.*]] = arith.select %{{.*}}, %{{.*}}, %[[ACC]] : f64
// CHECK-NEXT:      scf.yield %[[PICK]] : f64
// CHECK-NOT:     fastmath
#sel_in = affine_map<(d0) -> (d0)>
#sel_out = affine_map<(d0) -> ()>
func.func @selected(%a: memref<?xf64>, %out: memref<f64>) {
  linalg.generic {indexing_maps = [#sel_in, #sel_out], iterator_types = ["reduction"]}
      ins(%a : memref<?xf64>) outs(%out : memref<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %gt = arith.cmpf ogt, %in, %acc : f64
    %pick = arith.select %gt, %in, %acc : f64
    linalg.yield %pick : f64
  }
  return
}

// -----

// The loop also reads the buffer elsewhere (the input is a view of the
// output): nothing moves.
// CHECK-LABEL: func.func @aliased
// CHECK:         scf.for
// CHECK-NOT:       iter_args
// CHECK:           memref.load %{{.*}}[%{{.*}}] : memref<?xf64, strided<[1], offset: 1>>
// CHECK:           memref.load %arg0[%c0] : memref<?xf64>
// CHECK:           arith.addf
// CHECK-NOT:       fastmath
// CHECK:           memref.store %{{.*}}, %arg0[%c0] : memref<?xf64>
#view = affine_map<(d0) -> (d0)>
#first = affine_map<(d0) -> (0)>
func.func @aliased(%buffer: memref<?xf64>, %n: index) {
  %tail = memref.subview %buffer[1] [%n] [1] : memref<?xf64> to memref<?xf64, strided<[1], offset: 1>>
  linalg.generic {indexing_maps = [#view, #first], iterator_types = ["reduction"]}
      ins(%tail : memref<?xf64, strided<[1], offset: 1>>) outs(%buffer : memref<?xf64>) {
  ^bb0(%in: f64, %acc: f64):
    %s = arith.addf %in, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// Column sums: 8 rows a time in registers, in order, then the rest.
// CHECK-LABEL: func.func @columns
// CHECK:         %[[ROWS:.*]] = memref.dim %arg0, %c0
// CHECK:         %[[C8:.*]] = arith.constant 8 : index
// CHECK-NEXT:    %[[STEP:.*]] = arith.muli %c1, %[[C8]] : index
// CHECK-NEXT:    %[[SPAN:.*]] = arith.subi %[[ROWS]], %c0 : index
// CHECK-NEXT:    %[[WHOLE:.*]] = arith.divsi %[[SPAN]], %[[STEP]] : index
// CHECK-NEXT:    %[[JAMMED:.*]] = arith.muli %[[WHOLE]], %[[STEP]] : index
// CHECK-NEXT:    %[[END:.*]] = arith.addi %c0, %[[JAMMED]] : index
// CHECK-NEXT:    scf.for %[[R:.*]] = %c0 to %[[END]] step %[[STEP]] {
// CHECK:           %[[R1:.*]] = arith.addi %[[R]], %{{.*}} : index
// CHECK-COUNT-6:   arith.addi %[[R]]
// CHECK:           scf.parallel (%[[J:.*]]) =
// CHECK-NEXT:        %[[X0:.*]] = memref.load %arg0[%[[R]], %[[J]]]
// CHECK-NEXT:        %[[OUT:.*]] = memref.load %arg1[%[[J]]]
// CHECK-NEXT:        %[[S0:.*]] = arith.addf %[[X0]], %[[OUT]] : f64
// CHECK-NEXT:        %[[X1:.*]] = memref.load %arg0[%[[R1]], %[[J]]]
// CHECK-NEXT:        %[[S1:.*]] = arith.addf %[[X1]], %[[S0]] : f64
// CHECK-COUNT-6:     arith.addf
// CHECK-NOT:         memref.load %arg1
// CHECK:             memref.store %{{.*}}, %arg1[%[[J]]]
// CHECK-NEXT:        scf.reduce
// CHECK:         scf.for %[[REST:.*]] = %[[END]] to %[[ROWS]] step %c1 {
// CHECK-NEXT:      scf.parallel (%[[K:.*]]) =
// CHECK-NEXT:        memref.load %arg0[%[[REST]], %[[K]]]
// CHECK-NEXT:        memref.load %arg1[%[[K]]]
// CHECK-NEXT:        arith.addf
// CHECK-NEXT:        memref.store %{{.*}}, %arg1[%[[K]]]
#cols_in = affine_map<(d0, d1) -> (d0, d1)>
#cols_out = affine_map<(d0, d1) -> (d1)>
func.func @columns(%a: memref<?x?xf64>, %out: memref<?xf64>) {
  linalg.generic {indexing_maps = [#cols_in, #cols_out], iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<?x?xf64>) outs(%out : memref<?xf64>) {
  ^bb0(%in: f64, %acc: f64):
    %s = arith.addf %in, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// A long body (more than 12 operations) is not jammed.
// CHECK-LABEL: func.func @long_columns
// CHECK-NOT:     arith.divsi
// CHECK:         scf.for
// CHECK-NOT:     scf.for
#long_in = affine_map<(d0, d1) -> (d0, d1)>
#long_out = affine_map<(d0, d1) -> (d1)>
func.func @long_columns(%a: memref<?x?xf64>, %out: memref<?xf64>) {
  linalg.generic {indexing_maps = [#long_in, #long_out], iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<?x?xf64>) outs(%out : memref<?xf64>) {
  ^bb0(%in: f64, %acc: f64):
    %e = math.exp %in : f64
    %l = math.log1p %e : f64
    %m = arith.mulf %l, %in : f64
    %n = arith.negf %m : f64
    %q = arith.mulf %n, %n : f64
    %r = arith.subf %q, %in : f64
    %t = math.tanh %r : f64
    %u = arith.addf %t, %e : f64
    %v = arith.mulf %u, %l : f64
    %s = arith.addf %v, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// The rows' loop also writes another buffer: not jammed.
// CHECK-LABEL: func.func @columns_and_copy
// CHECK-NOT:     arith.divsi
// CHECK:         scf.for
// CHECK-NOT:     scf.for
#copy_in = affine_map<(d0, d1) -> (d0, d1)>
#copy_out = affine_map<(d0, d1) -> (d1)>
func.func @columns_and_copy(%a: memref<?x?xf64>, %out: memref<?xf64>, %copy: memref<?x?xf64>) {
  linalg.generic {indexing_maps = [#copy_in, #copy_out, #copy_in], iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<?x?xf64>) outs(%out, %copy : memref<?xf64>, memref<?x?xf64>) {
  ^bb0(%in: f64, %acc: f64, %c: f64):
    %s = arith.addf %in, %acc : f64
    linalg.yield %s, %in : f64, f64
  }
  return
}

// -----

// Column sums inside a loop over tiles, and over the threads' partial
// rows: not jammed.
// CHECK-LABEL: func.func @tile_and_threads
// CHECK-NOT:     arith.divsi
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:         scf.for
// CHECK-NOT:     scf.for
#tile_in = affine_map<(d0, d1) -> (d0, d1)>
#tile_out = affine_map<(d0, d1) -> (d1)>
func.func private @tj_rt_cpu_threads(i64) -> i32
func.func @tile_and_threads(%a: memref<?x?xf64>, %out: memref<?xf64>, %tiles: index, %n: i64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %tiles step %c1 {
    linalg.generic {indexing_maps = [#tile_in, #tile_out], iterator_types = ["reduction", "parallel"]}
        ins(%a : memref<?x?xf64>) outs(%out : memref<?xf64>) {
    ^bb0(%in: f64, %acc: f64):
      %s = arith.addf %in, %acc : f64
      linalg.yield %s : f64
    }
  }
  %threads = func.call @tj_rt_cpu_threads(%n) : (i64) -> i32
  %count = arith.index_cast %threads : i32 to index
  %c8 = arith.constant 8 : index
  %partials = memref.subview %a[0, 0] [%count, %c8] [1, 1] : memref<?x?xf64> to memref<?x?xf64, strided<[?, 1]>>
  %row = memref.subview %out[0] [%c8] [1] : memref<?xf64> to memref<?xf64, strided<[1]>>
  linalg.generic {indexing_maps = [#tile_in, #tile_out], iterator_types = ["reduction", "parallel"]}
      ins(%partials : memref<?x?xf64, strided<[?, 1]>>) outs(%row : memref<?xf64, strided<[1]>>) {
  ^bb0(%in: f64, %acc: f64):
    %s = arith.addf %in, %acc : f64
    linalg.yield %s : f64
  }
  return
}
