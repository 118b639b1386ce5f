// tj-cpu-parallelize: each outermost parallel loop moves into a function
// of its range, and asks the runtime for a thread count from its size: with
// more than one, each thread of an omp.parallel region calls the function
// on its own range; else the caller calls it on the whole range. A loop
// over as many chunks as the runtime gave threads takes that count. A
// reduction over outer rows (column sums: a loop over rows around a
// parallel loop over the outputs) is split by its outputs first, the loops
// over the rows inside one parallel loop over thread count chunks. Loops
// that are nested, reduce, call or read no memory stay as they are.
// RUN: %memcheck tensorjit-opt %s --tj-cpu-parallelize --canonicalize | FileCheck %s

// CHECK-DAG: func.func private @tj_rt_cpu_threads(i64) -> i32
// CHECK-DAG: func.func private @omp_get_thread_num() -> i32
// CHECK-DAG: func.func private @omp_get_num_threads() -> i32
func.func private @tj_rt_cpu_threads(i64) -> i32

// One dimension: the elements are its trip count; each thread's range is
// a multiple of 16 iterations.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: memref<?xf64>, %[[B:.*]]: memref<?xf64>)
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[N:.*]] = memref.dim %[[A]]
// CHECK: %[[M:.*]] = arith.maxsi %[[N]], %c0
// CHECK: %[[N64:.*]] = arith.index_cast %[[M]] : index to i64
// CHECK: %[[T:.*]] = call @tj_rt_cpu_threads(%[[N64]])
// CHECK: %[[MANY:.*]] = arith.cmpi sgt, %[[T]], %c1_i32
// CHECK: scf.if %[[MANY]] {
// CHECK:   omp.parallel num_threads(%[[T]] : i32) {
// CHECK:     %[[ID:.*]] = func.call @omp_get_thread_num()
// CHECK:     %[[TEAM:.*]] = func.call @omp_get_num_threads()
// CHECK:     arith.ceildivsi %[[N]],
// CHECK:     arith.ceildivsi {{.*}}, %[[C16]]
// CHECK:     %[[CHUNK:.*]] = arith.muli {{.*}}, %[[C16]]
// CHECK:     %[[START:.*]] = arith.muli {{.*}}, %[[CHUNK]]
// CHECK:     %[[END:.*]] = arith.addi %[[START]], %[[CHUNK]]
// CHECK:     %[[LO:.*]] = arith.minsi %[[START]], %[[N]]
// CHECK:     %[[HI:.*]] = arith.minsi %[[END]], %[[N]]
// CHECK:     func.call @[[LOOP:elementwise_loop[0-9]+]](%[[LO]], %[[HI]], %[[A]], %[[B]])
// CHECK:     omp.terminator
// CHECK: } else {
// CHECK:   func.call @[[LOOP]](%c0, %[[N]], %[[A]], %[[B]])
func.func @elementwise(%a: memref<?xf64>, %b: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?xf64>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %x = memref.load %a[%i] : memref<?xf64>
    %e = math.exp %x : f64
    memref.store %e, %b[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// Rows reduced by an inner loop: the elements are rows * columns, the
// threads split the rows, with no rounding.
// CHECK-LABEL: func.func @row_sums
// CHECK-DAG: %[[R:.*]] = memref.dim %arg0, %c0
// CHECK-DAG: %[[C:.*]] = memref.dim %arg0, %c1
// CHECK-DAG: %[[CM:.*]] = arith.maxsi %[[C]], %c0
// CHECK-DAG: %[[RM:.*]] = arith.maxsi %[[R]], %c0
// CHECK-DAG: %[[C64:.*]] = arith.index_cast %[[CM]] : index to i64
// CHECK-DAG: %[[R64:.*]] = arith.index_cast %[[RM]] : index to i64
// CHECK: %[[E:.*]] = arith.muli %[[C64]], %[[R64]] : i64
// CHECK: call @tj_rt_cpu_threads(%[[E]])
// CHECK: omp.parallel
// CHECK-NOT: %c16
// CHECK: func.call @[[ROWS:row_sums_loop[0-9]+]](
// CHECK: omp.terminator
// CHECK: func.call @[[ROWS]](%c0, %[[R]], %arg0, %arg1, %[[C]])
func.func @row_sums(%x: memref<?x?xf64>, %s: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %x, %c0 : memref<?x?xf64>
  %cols = memref.dim %x, %c1 : memref<?x?xf64>
  scf.parallel (%i) = (%c0) to (%rows) step (%c1) {
    scf.for %j = %c0 to %cols step %c1 {
      %v = memref.load %x[%i, %j] : memref<?x?xf64>
      %acc = memref.load %s[%i] : memref<?xf64>
      %sum = arith.addf %acc, %v : f64
      memref.store %sum, %s[%i] : memref<?xf64>
    }
    scf.reduce
  }
  return
}

// A first dimension of static size 1 is not split: the second is, and
// as the innermost, in multiples of 16.
// CHECK-LABEL: func.func @one_row
// CHECK: %[[COLS:.*]] = memref.dim %arg0, %c1
// CHECK: omp.parallel
// CHECK: %[[PER:.*]] = arith.ceildivsi %[[COLS]],
// CHECK: arith.ceildivsi %[[PER]], %c16
func.func @one_row(%x: memref<1x?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cols = memref.dim %x, %c1 : memref<1x?xf64>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c1, %cols) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<1x?xf64>
    %s = arith.mulf %v, %v : f64
    memref.store %s, %x[%i, %j] : memref<1x?xf64>
    scf.reduce
  }
  return
}

// A loop over [0, tj_rt_cpu_threads(n)) (tj-fuse-over-rows's chunks), one
// that allocates: the threads are that call's, asked for once; each chunk
// allocates and frees its own buffer (malloc and free are thread-safe).
// CHECK-LABEL: func.func @chunks
// CHECK-SAME: (%[[X:.*]]: memref<?x?xf64>, %[[N:.*]]: i64)
// CHECK: %[[T:.*]] = call @tj_rt_cpu_threads(%[[N]])
// CHECK: %[[CHUNKS:.*]] = arith.index_cast %[[T]] : i32 to index
// CHECK-NOT: tj_rt_cpu_threads
// CHECK: %[[MANY:.*]] = arith.cmpi sgt, %[[T]], %c1_i32
// CHECK: scf.if %[[MANY]] {
// CHECK:   omp.parallel num_threads(%[[T]] : i32) {
// CHECK:     func.call @[[LOOP:chunks_loop[0-9]+]](
// CHECK: } else {
// CHECK:   func.call @[[LOOP]](%c0, %[[CHUNKS]], %{{.*}}, %[[X]])
func.func @chunks(%x: memref<?x?xf64>, %n: i64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = call @tj_rt_cpu_threads(%n) : (i64) -> i32
  %chunks = arith.index_cast %t : i32 to index
  %cols = memref.dim %x, %c1 : memref<?x?xf64>
  scf.parallel (%c) = (%c0) to (%chunks) step (%c1) {
    %row = memref.alloc(%cols) : memref<?xf64>
    scf.for %j = %c0 to %cols step %c1 {
      %v = memref.load %x[%c, %j] : memref<?x?xf64>
      %d = arith.addf %v, %v : f64
      memref.store %d, %row[%j] : memref<?xf64>
    }
    %first = memref.load %row[%c0] : memref<?xf64>
    memref.store %first, %x[%c, %c0] : memref<?x?xf64>
    memref.dealloc %row : memref<?xf64>
    scf.reduce
  }
  return
}

// Column sums: the 8-row loop tj-cpu-reductions makes (with its rows'
// indices computed beside the parallel loop) and the loop over the rows
// left over, both over the same columns, split together by columns: one
// loop over as many chunks as the runtime gives threads for all their
// elements, each chunk a range of columns in multiples of 16, the rows
// inside.
// CHECK-LABEL: func.func @column_sums
// CHECK: %[[E1:.*]] = arith.muli {{.*}} : i64
// CHECK: %[[E2:.*]] = arith.muli {{.*}} : i64
// CHECK: %[[E:.*]] = arith.addi %[[E1]], %[[E2]] : i64
// CHECK: %[[T:.*]] = call @tj_rt_cpu_threads(%[[E]])
// CHECK: %[[TI:.*]] = arith.index_cast %[[T]] : i32 to index
// CHECK: omp.parallel num_threads(%[[T]] : i32) {
// CHECK:   func.call @[[COLUMNS:column_sums_loop[0-9]+]](
// CHECK: } else {
// CHECK:   func.call @[[COLUMNS]](%c0, %[[TI]],
// CHECK-NOT: scf.for
// CHECK: return
func.func @column_sums(%x: memref<?x?xf64>, %s: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %rows = memref.dim %x, %c0 : memref<?x?xf64>
  %cols = memref.dim %x, %c1 : memref<?x?xf64>
  %whole = arith.divsi %rows, %c8 : index
  %jammed = arith.muli %whole, %c8 : index
  scf.for %i = %c0 to %jammed step %c8 {
    %next = arith.addi %i, %c1 : index
    scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
      %a = memref.load %x[%i, %j] : memref<?x?xf64>
      %b = memref.load %x[%next, %j] : memref<?x?xf64>
      %acc = memref.load %s[%j] : memref<?xf64>
      %t = arith.addf %a, %acc : f64
      %u = arith.addf %b, %t : f64
      memref.store %u, %s[%j] : memref<?xf64>
      scf.reduce
    }
  }
  scf.for %i = %jammed to %rows step %c1 {
    scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
      %a = memref.load %x[%i, %j] : memref<?x?xf64>
      %acc = memref.load %s[%j] : memref<?xf64>
      %t = arith.addf %a, %acc : f64
      memref.store %t, %s[%j] : memref<?xf64>
      scf.reduce
    }
  }
  return
}

// Not split by columns: the fold of the threads' partial rows (a loop over
// tj_rt_cpu_threads rows), a loop over rows that also stores beside its
// parallel loop, one inside another loop, and one whose columns read one
// another's results (the next column's, written in the previous row).
// CHECK-LABEL: func.func @rows_left_alone
// CHECK: call @tj_rt_cpu_threads(%arg2)
// CHECK-NOT: tj_rt_cpu_threads
// CHECK-NOT: omp.parallel
// CHECK: return
func.func @rows_left_alone(%x: memref<?x?xf64>, %s: memref<?xf64>, %n: i64, %flag: memref<index>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %x, %c0 : memref<?x?xf64>
  %cols = memref.dim %x, %c1 : memref<?x?xf64>
  %threads = func.call @tj_rt_cpu_threads(%n) : (i64) -> i32
  %parts = arith.index_cast %threads : i32 to index
  scf.for %i = %c0 to %parts step %c1 {
    scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
      %a = memref.load %x[%i, %j] : memref<?x?xf64>
      memref.store %a, %s[%j] : memref<?xf64>
      scf.reduce
    }
  }
  scf.for %i = %c0 to %rows step %c1 {
    memref.store %i, %flag[] : memref<index>
    scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
      %a = memref.load %x[%i, %j] : memref<?x?xf64>
      memref.store %a, %s[%j] : memref<?xf64>
      scf.reduce
    }
  }
  scf.for %k = %c0 to %c1 step %c1 {
    scf.for %i = %c0 to %rows step %c1 {
      scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
        %a = memref.load %x[%i, %j] : memref<?x?xf64>
        memref.store %a, %s[%j] : memref<?xf64>
        scf.reduce
      }
    }
  }
  %last = arith.subi %cols, %c1 : index
  scf.for %i = %c0 to %rows step %c1 {
    scf.parallel (%j) = (%c0) to (%last) step (%c1) {
      %next = arith.addi %j, %c1 : index
      %a = memref.load %x[%i, %j] : memref<?x?xf64>
      %b = memref.load %s[%next] : memref<?xf64>
      %t = arith.addf %a, %b : f64
      memref.store %t, %s[%j] : memref<?xf64>
      scf.reduce
    }
  }
  return
}

// Left as they are: a loop inside a sequential loop (a fill of rows), a
// loop with a reduction result, a loop that allocates and reads nothing, a
// fill.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: tj_rt_cpu_threads
// CHECK-NOT: omp.parallel
// CHECK: return
func.func @left_alone(%x: memref<?x?xf64>, %out: memref<f64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %x, %c0 : memref<?x?xf64>
  %cols = memref.dim %x, %c1 : memref<?x?xf64>
  %zero = arith.constant 0.0 : f64
  scf.for %i = %c0 to %rows step %c1 {
    scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
      memref.store %zero, %x[%i, %j] : memref<?x?xf64>
      scf.reduce
    }
  }
  %total = scf.parallel (%i) = (%c0) to (%rows) step (%c1) init (%zero) -> f64 {
    %v = memref.load %x[%i, %c0] : memref<?x?xf64>
    scf.reduce(%v : f64) {
    ^bb0(%l: f64, %r: f64):
      %s = arith.addf %l, %r : f64
      scf.reduce.return %s : f64
    }
  }
  memref.store %total, %out[] : memref<f64>
  scf.parallel (%i) = (%c0) to (%rows) step (%c1) {
    %tmp = memref.alloc() : memref<f64>
    memref.store %zero, %tmp[] : memref<f64>
    memref.dealloc %tmp : memref<f64>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%rows, %cols) step (%c1, %c1) {
    memref.store %zero, %x[%i, %j] : memref<?x?xf64>
    scf.reduce
  }
  return
}

// The loops, moved to the end of the module, once each, over the range
// they are given; never inlined.
// CHECK-LABEL: func.func private @elementwise_loop
// CHECK-SAME: (%[[FROM:.*]]: index, %[[TO:.*]]: index, %{{.*}}: memref<?xf64>, %{{.*}}: memref<?xf64>)
// CHECK-SAME: passthrough = ["noinline"]
// CHECK:   scf.parallel ({{.*}}) = (%[[FROM]]) to (%[[TO]])
// CHECK:     math.exp
// CHECK-LABEL: func.func private @row_sums_loop
// CHECK:   scf.parallel
// CHECK:     scf.for
// CHECK-LABEL: func.func private @chunks_loop
// CHECK:   scf.parallel
// CHECK:     memref.alloc
// CHECK:     memref.dealloc
// CHECK-LABEL: func.func private @column_sums_loop
// CHECK-SAME: (%[[FROM:[^:]*]]: index, %[[TO:[^:]*]]: index,
// CHECK:   %[[C16:.*]] = arith.constant 16 : index
// CHECK:   scf.parallel (%[[CHUNK:.*]]) = (%[[FROM]]) to (%[[TO]])
// CHECK:     %[[PER:.*]] = arith.ceildivsi %[[COLS:.*]], %[[PARTS:.*]] : index
// CHECK:     arith.ceildivsi %[[PER]], %[[C16]]
// CHECK:     %[[LO:.*]] = arith.minsi
// CHECK:     %[[HI:.*]] = arith.minsi
// CHECK:     scf.for
// CHECK:       scf.parallel ({{.*}}) = (%[[LO]]) to (%[[HI]])
// CHECK:     scf.for
// CHECK:       scf.parallel ({{.*}}) = (%[[LO]]) to (%[[HI]])
