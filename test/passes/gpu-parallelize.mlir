// tj-gpu-parallelize on bufferized host functions: linalg becomes one
// collapsed, tiled parallel loop (parallel dimensions outermost, the
// reduction looping inside each thread), sequential code a one-iteration
// parallel loop, and allocations GPU allocations.
//
// RUN: %memcheck tensorjit-opt %s --tj-gpu-parallelize=block-size=128 --split-input-file --verify-diagnostics | FileCheck %s

// A 2-d elementwise op: one loop over rows*cols, tiled by 128, the 2-d
// indices recovered by div/rem.
// CHECK-LABEL: func.func @elementwise(
// CHECK:         %[[N:.*]] = arith.muli %{{[0-9]+}}, %dim{{.*}} : index
// CHECK:         %[[C128:.*]] = arith.constant 128 : index
// CHECK:         %[[STEP:.*]] = arith.muli %{{.*}}, %[[C128]] : index
// CHECK:         scf.parallel (%{{[a-z0-9_]+}}) = (%{{[a-z0-9_]+}}) to (%[[N]]) step (%[[STEP]]) {
// CHECK-NEXT:      scf.parallel (%{{[a-z0-9_]+}}) = (%{{[a-z0-9_]+}}) to (%[[STEP]])
// CHECK:             scf.if
// CHECK:               arith.remsi
// CHECK:               arith.divsi
// CHECK:               math.exp
// CHECK:               memref.store
// CHECK-NOT:     scf.parallel
// CHECK:         return
#id2 = affine_map<(i, j) -> (i, j)>
func.func @elementwise(%x: memref<?x?xf32>, %y: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [#id2, #id2],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x?xf32>) outs(%y : memref<?x?xf32>) {
  ^bb0(%a: f32, %b: f32):
    %e = math.exp %a : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// A column sum written reduction-first: the parallel dimension (columns)
// becomes the threads, each looping over the rows.
// CHECK-LABEL: func.func @column_sum(
// CHECK:         scf.parallel
// CHECK:           scf.parallel
// CHECK:             scf.if
// CHECK:               scf.for
// CHECK:                 memref.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<?x?xf64>
// CHECK:                 arith.addf
#rowmajor = affine_map<(k, j) -> (k, j)>
#col = affine_map<(k, j) -> (j)>
func.func @column_sum(%x: memref<?x?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#rowmajor, #col],
                  iterator_types = ["reduction", "parallel"]}
      ins(%x : memref<?x?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %s = arith.addf %a, %b : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// A scalar store of a value read from memory, the scalar arithmetic on
// what it loads and a full reduction run in order in one single-thread
// loop; the temporary is a GPU allocation, made and freed asynchronously
// and waited for.
// CHECK-LABEL: func.func @sequential(
// CHECK:         %[[S:.*]] = gpu.wait async
// CHECK:         %[[T:.*]], %{{.*}} = gpu.alloc async [%[[S]]] () : memref<f64>
// CHECK:         gpu.wait [
// CHECK:         scf.parallel (%{{[a-z0-9_]+}}) = (%c0{{[_0-9]*}}) to (%c1{{[_0-9]*}}) step (%c1{{[_0-9]*}}) {
// CHECK-NEXT:      memref.load %arg0
// CHECK-NEXT:      memref.store %{{.*}}, %[[T]][]
// CHECK-NEXT:      memref.load %[[T]][]
// CHECK-NEXT:      arith.mulf
// CHECK-NEXT:      memref.store
// CHECK-NEXT:      scf.for
// CHECK:         gpu.dealloc async
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
// CHECK:         return
#all = affine_map<(i) -> (i)>
#none = affine_map<(i) -> ()>
func.func @sequential(%x: memref<?xf64>, %out: memref<f64>, %sum: memref<f64>) {
  %c = arith.constant 2.0 : f64
  %i0 = arith.constant 0 : index
  %tmp = memref.alloc() : memref<f64>
  %first = memref.load %x[%i0] : memref<?xf64>
  memref.store %first, %tmp[] : memref<f64>
  %v = memref.load %tmp[] : memref<f64>
  %w = arith.mulf %v, %c : f64
  memref.store %w, %out[] : memref<f64>
  linalg.generic {indexing_maps = [#all, #none], iterator_types = ["reduction"]}
      ins(%x : memref<?xf64>) outs(%sum : memref<f64>) {
  ^bb0(%a: f64, %b: f64):
    %s = arith.addf %a, %b : f64
    linalg.yield %s : f64
  }
  memref.dealloc %tmp : memref<f64>
  return
}

// -----

func.func private @tj_rt_mt19937_uniform_f64(memref<?xi64>)

func.func @host_call(%state: memref<?xi64>) {
  // expected-error@+1 {{calls host function @tj_rt_mt19937_uniform_f64 on memory, which cannot run on the GPU}}
  func.call @tj_rt_mt19937_uniform_f64(%state) : (memref<?xi64>) -> ()
  return
}

// -----

func.func @host_needs_value(%n: memref<index>) {
  // expected-error@+1 {{reads device memory into a value the host needs}}
  %size = memref.load %n[] : memref<index>
  %buffer = memref.alloc(%size) : memref<?xf32>
  memref.dealloc %buffer : memref<?xf32>
  return
}

// -----

// A loop whose iterations touch disjoint memory (the mrg31k3p streams) runs
// them as threads: it becomes a tiled parallel loop, its body per thread.
// CHECK-LABEL: func.func @independent(
// CHECK:         scf.parallel
// CHECK-NEXT:      scf.parallel
// CHECK:             scf.if
// CHECK:               memref.load %{{.*}}[%{{.*}}] : memref<?xi32>
// CHECK:               arith.addi
// CHECK:               memref.store
// CHECK-NOT:     scf.for
// CHECK:         return
func.func @independent(%streams: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %n = memref.dim %streams, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %streams[%i] : memref<?xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %streams[%i] : memref<?xi32>
  } {tj.independent_iterations}
  return
}

// -----

// Without the mark, a loop runs in order, on one thread.
// CHECK-LABEL: func.func @dependent(
// CHECK:         scf.parallel (%{{[a-z0-9_]+}}) = (%c0{{[_0-9]*}}) to (%c1{{[_0-9]*}}) step (%c1{{[_0-9]*}}) {
// CHECK-NEXT:      scf.for
func.func @dependent(%streams: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %n = memref.dim %streams, %c0 : memref<?xi32>
  scf.for %i = %c1 to %n step %c1 {
    %j = arith.subi %i, %c1 : index
    %v = memref.load %streams[%j] : memref<?xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %streams[%i] : memref<?xi32>
  }
  return
}

// -----

// The branches of an scf.if (a choice tj-split-reductions makes on the
// host) are host code: each memory access in them goes into a kernel there.
// CHECK-LABEL: func.func @choice(
// CHECK:         scf.if
// CHECK:           scf.parallel (%{{[a-z0-9_]+}}) = (%c0{{[_0-9]*}}) to (%c1{{[_0-9]*}}) step (%c1{{[_0-9]*}}) {
// CHECK-NEXT:        memref.store
// CHECK:         } else {
// CHECK:           scf.parallel
// CHECK-NEXT:        scf.parallel
// CHECK:               memref.store
func.func @choice(%flag: i1, %x: memref<?xf64>, %out: memref<f64>) {
  %zero = arith.constant 0.0 : f64
  scf.if %flag {
    memref.store %zero, %out[] : memref<f64>
  } else {
    linalg.generic {indexing_maps = [affine_map<(i) -> (i)>],
                    iterator_types = ["parallel"]}
        outs(%x : memref<?xf64>) {
    ^bb0(%a: f64):
      linalg.yield %zero : f64
    }
  }
  return
}

// -----

// A zero fill of a product's output just before it: each thread stores the
// zero into its own element before its reduction loop, and there is no
// loop (kernel) for the fill.
// CHECK-LABEL: func.func @fill_then_matvec(
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         scf.parallel
// CHECK-NEXT:      scf.parallel
// CHECK:             scf.if
// CHECK:               memref.store %[[ZERO]], %{{.*}}[%{{.*}}] : memref<?xf64>
// CHECK-NEXT:          scf.for
// CHECK-NOT:     scf.parallel
// CHECK:         return
func.func @fill_then_matvec(%a: memref<?x?xf64>, %v: memref<?xf64>, %out: memref<?xf64>) {
  %zero = arith.constant 0.0 : f64
  linalg.fill ins(%zero : f64) outs(%out : memref<?xf64>)
  linalg.matvec ins(%a, %v : memref<?x?xf64>, memref<?xf64>) outs(%out : memref<?xf64>)
  return
}

// -----

// A 0-d temporary holding a value the host computes (the element count a
// mean divides by) is that value: no buffer, no one-thread kernel storing
// it; the elementwise loop uses the value itself.
// CHECK-LABEL: func.func @forwarded_scalar(
// CHECK:         %[[DIM:.*]] = memref.dim %arg0
// CHECK:         %[[N:.*]] = arith.sitofp
// CHECK-NOT:     memref<f64>
// CHECK:         scf.parallel
// CHECK-NEXT:      scf.parallel
// CHECK:             arith.divf %{{.*}}, %[[N]] : f64
// CHECK-NOT:     scf.parallel
// CHECK:         return
func.func @forwarded_scalar(%x: memref<?xf64>, %y: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %dim = memref.dim %x, %c0 : memref<?xf64>
  %i = arith.index_cast %dim : index to i64
  %n = arith.sitofp %i : i64 to f64
  %count = memref.alloc() : memref<f64>
  memref.store %n, %count[] : memref<f64>
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>,
                                   affine_map<(i) -> (i)>],
                  iterator_types = ["parallel"]}
      ins(%x, %count : memref<?xf64>, memref<f64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %c: f64, %b: f64):
    %m = arith.divf %a, %c : f64
    linalg.yield %m : f64
  }
  memref.dealloc %count : memref<f64>
  return
}

// -----

// A loop mapped already (tj-split-reductions' block per output) is neither
// collapsed nor tiled; its buffers still become GPU allocations.
// CHECK-LABEL: func.func @mapped(
// CHECK:         %[[S:[a-z0-9_]+]], %{{.*}} = gpu.alloc async
// CHECK:         scf.parallel (%[[O:.*]]) = (%{{.*}}) to (%arg1) step (%{{.*}}) {
// CHECK-NEXT:      %[[T:.*]] = scf.parallel (%{{.*}}) = (%{{.*}}) to (%arg2) step (%{{.*}}) init
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = thread_x
// CHECK-NEXT:      memref.store %[[T]], %[[S]][%[[O]]]
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    } {mapping = [#gpu.loop_dim_map<processor = block_x
#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
func.func @mapped(%x: memref<?xf64>, %rows: index, %threads: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %s = memref.alloc(%rows) : memref<?xf64>
  scf.parallel (%o) = (%c0) to (%rows) step (%c1) {
    %total = scf.parallel (%t) = (%c0) to (%threads) step (%c1) init (%zero) -> f64 {
      %e = memref.load %x[%t] : memref<?xf64>
      scf.reduce(%e : f64) {
      ^bb0(%a: f64, %b: f64):
        %r = arith.addf %a, %b : f64
        scf.reduce.return %r : f64
      }
    } {mapping = [#thread]}
    memref.store %total, %s[%o] : memref<?xf64>
    scf.reduce
  } {mapping = [#block]}
  memref.dealloc %s : memref<?xf64>
  return
}

// -----

// A copy of a buffer onto itself (through a cast) is dropped: no kernel
// reads and writes it again. A copy between two buffers stays one.
// CHECK-LABEL: func.func @copies(
// CHECK-SAME:    %[[X:[a-z0-9]+]]: memref<?xf64>, %[[Y:[a-z0-9]+]]: memref<?xf64>
// CHECK:         scf.parallel
// CHECK:           %[[V:.*]] = memref.load %[[X]]
// CHECK:           memref.store %[[V]], %[[Y]]
// CHECK-NOT:     memref.load
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @copies(%x: memref<?xf64>, %y: memref<?xf64>) {
  %same = memref.cast %x : memref<?xf64> to memref<8xf64>
  memref.copy %same, %x : memref<8xf64> to memref<?xf64>
  memref.copy %x, %y : memref<?xf64> to memref<?xf64>
  return
}
