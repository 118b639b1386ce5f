// tj-gpu-parallelize's elements-per-thread: a loop whose body loads, then
// computes, then stores runs that many iterations in each thread (t,
// t + block size, ...), all their loads first at indices clamped to the
// last, held there by an inline asm of moves for a GPU (gpu-allocations),
// then the computations, then the stores of the iterations in range.
// Other loops keep one iteration per thread.
//
// RUN: %memcheck tensorjit-opt %s --tj-gpu-parallelize="block-size=128 elements-per-thread=4" --split-input-file --verify-diagnostics | FileCheck %s
// RUN: tensorjit-opt %s --tj-gpu-parallelize="block-size=128 elements-per-thread=4 gpu-allocations=false" --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=CPU
// RUN: tensorjit-opt %s --tj-gpu-parallelize="block-size=128" --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=ONE
// RUN: not tensorjit-opt %s --tj-gpu-parallelize="elements-per-thread=0" --split-input-file 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: tj-gpu-parallelize: block-size and elements-per-thread must be positive

// CHECK-LABEL: func.func @elementwise(
// CHECK:         %[[TILE:.*]] = arith.constant 512 : index
// CHECK:         scf.parallel (%[[B:[a-z0-9_]+]]) = (%{{[a-z0-9_]+}}) to (%[[N:[a-z0-9_]+]]) step (%[[TILE]]) {
// CHECK:           %[[THREADS:.*]] = arith.constant 128 : index
// CHECK:           scf.parallel (%[[T:[a-z0-9_]+]]) = (%{{[a-z0-9_]+}}) to (%[[THREADS]]) step (%{{[a-z0-9_]+}}) {
// CHECK:             %[[FIRST:.*]] = arith.addi %[[B]], %[[T]] : index
// CHECK:             %[[LAST:.*]] = arith.subi %[[N]], %{{.*}} : index
// CHECK:             %[[I0:.*]] = arith.addi %[[FIRST]], %{{.*}} : index
// CHECK:             %[[IN0:.*]] = arith.cmpi ult, %[[I0]], %[[N]] : index
// CHECK:             %[[AT0:.*]] = arith.minui %[[I0]], %[[LAST]] : index
// CHECK-COUNT-3:     arith.minui %{{.*}}, %[[LAST]] : index
// CHECK:             arith.remsi %[[AT0]]
// CHECK:             %[[X0:.*]] = memref.load %arg0
// CHECK-COUNT-3:     memref.load %arg0
// The output's own element, which the body does not use, is not read.
// CHECK-NOT:         memref.load %arg1
// CHECK:             %[[HELD:.*]] = llvm.inline_asm "mov.b32 $0, $4;\0A\09mov.b32 $1, $5;\0A\09mov.b32 $2, $6;\0A\09mov.b32 $3, $7;", "=f,=f,=f,=f,f,f,f,f" %[[X0]], %{{.*}}, %{{.*}}, %{{.*}} : (f32, f32, f32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK:             %[[H0:.*]] = llvm.extractvalue %[[HELD]][0]
// CHECK-NOT:         memref.store
// CHECK:             %[[E0:.*]] = math.exp %[[H0]] : f32
// CHECK-COUNT-3:     math.exp
// CHECK:             scf.if %[[IN0]] {
// CHECK-NEXT:          memref.store %[[E0]], %arg1
// CHECK-NEXT:        }
// CHECK-COUNT-3:     memref.store
// CHECK-NOT:       memref.load
// CHECK:         return

// On the CPU (tests of the GPU's loops there) the same, without the asm.
// CPU-LABEL: func.func @elementwise(
// CPU-COUNT-4:   memref.load %arg0
// CPU-NOT:       llvm.inline_asm
// CPU-COUNT-4:   math.exp
// CPU:           return

// One element a thread, as before: the load guarded with the store.
// ONE-LABEL: func.func @elementwise(
// ONE-NOT:       arith.minui
// ONE:           scf.if
// ONE:             memref.load %arg0
// ONE-NOT:       llvm.inline_asm
// ONE:           math.exp
// ONE-NOT:       math.exp
// ONE:           return
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

// A load after a store could read what the store wrote: one iteration a
// thread.
// CHECK-LABEL: func.func @load_after_store(
// CHECK-NOT:     arith.minui
// CHECK-NOT:     llvm.inline_asm
// CHECK:         scf.if
// CHECK:           memref.store
// CHECK:           memref.load
// CHECK:           memref.store
// CHECK:         return
func.func @load_after_store(%x: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %a = memref.load %x[%i] : memref<?xf64>
    %b = arith.addf %a, %a : f64
    memref.store %b, %x[%i] : memref<?xf64>
    %c = memref.load %x[%i] : memref<?xf64>
    %d = arith.mulf %c, %c : f64
    memref.store %d, %x[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// -----

// A reduction (a loop inside each thread) and a fill (nothing to load but
// the output's element, which it does not use): one output element a
// thread.
// CHECK-LABEL: func.func @row_sums(
// CHECK-NOT:     arith.minui
// CHECK-NOT:     llvm.inline_asm
// CHECK:         scf.for
// CHECK:         return
// CHECK-LABEL: func.func @fill(
// CHECK-NOT:     arith.minui
// CHECK:         memref.store
// CHECK:         return
#rows = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
func.func @row_sums(%x: memref<?x?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#rows, #row],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %s = arith.addf %a, %b : f64
    linalg.yield %s : f64
  }
  return
}
func.func @fill(%y: memref<?xf64>) {
  %zero = arith.constant 0.0 : f64
  linalg.fill ins(%zero : f64) outs(%y : memref<?xf64>)
  return
}

// -----

// Integers travel in their own registers ("r" for 32 bits, "l" for 64);
// an i8 has no NVPTX register constraint and passes unpinned.
// CHECK-LABEL: func.func @integers(
// CHECK-COUNT-12: memref.load
// CHECK:         llvm.inline_asm "mov.b32 $0, $8;\0A\09mov.b64 $1, $9;{{.*}}mov.b64 $7, $15;", "=r,=l,=r,=l,=r,=l,=r,=l,r,l,r,l,r,l,r,l"
// CHECK-SAME:      : (i32, i64, i32, i64, i32, i64, i32, i64) -> !llvm.struct<(i32, i64, i32, i64, i32, i64, i32, i64)>
// CHECK:         return
#id = affine_map<(i) -> (i)>
func.func @integers(%a: memref<?xi32>, %b: memref<?xi64>, %c: memref<?xi8>,
                    %o: memref<?xi64>) {
  linalg.generic {indexing_maps = [#id, #id, #id, #id],
                  iterator_types = ["parallel"]}
      ins(%a, %b, %c : memref<?xi32>, memref<?xi64>, memref<?xi8>)
      outs(%o : memref<?xi64>) {
  ^bb0(%x: i32, %y: i64, %z: i8, %out: i64):
    %xe = arith.extsi %x : i32 to i64
    %ze = arith.extsi %z : i8 to i64
    %s = arith.addi %xe, %y : i64
    %t = arith.addi %s, %ze : i64
    linalg.yield %t : i64
  }
  return
}
