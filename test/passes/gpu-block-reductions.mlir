// tj-gpu-block-reductions: tj-split-reductions' block reductions (a loop
// mapped to blocks holding one mapped to threads that reduces) become a
// gpu.launch of one block per output: every thread runs what comes before
// the thread loop and its own fold, the block combines the folds with
// gpu.all_reduce (narrow integers widened to 32 bits, as NVVM shuffles
// them), and the first thread combines that into the init and runs the
// rest. Mapped loops without a reduction are left to upstream's
// conversion; other mapped reductions are errors.
//
// RUN: %memcheck tensorjit-opt %s --tj-gpu-block-reductions --split-input-file \
// RUN:   --verify-diagnostics | FileCheck %s

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// CHECK-LABEL: func.func @row_sums(
// CHECK-SAME:    %[[X:[a-z0-9]+]]: memref<?x?xf64>, %[[OUT:[a-z0-9]+]]: memref<?xf64>, %[[ROWS:[a-z0-9]+]]: index, %[[T:[a-z0-9]+]]: index, %[[COLS:[a-z0-9]+]]: index)
// CHECK:         gpu.launch blocks(%[[O:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[ROWS]], %{{.*}} = %[[ONE:[a-z0-9_]+]], %{{.*}} = %[[ONE]]) threads(%[[TH:.*]], %{{.*}}, %{{.*}}) in (%[[BLOCK:.*]] = %[[T]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]]) {
// CHECK-NEXT:      %[[INIT:.*]] = memref.load %[[OUT]][%[[O]]]
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.0
// CHECK-NEXT:      %[[FOLDED:.*]] = scf.for %[[K:.*]] = %[[TH]] to %[[COLS]] step %[[BLOCK]] iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (f64) {
// CHECK-NEXT:        %[[E:.*]] = memref.load %[[X]][%[[O]], %[[K]]]
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addf %[[ACC]], %[[E]]
// CHECK-NEXT:        scf.yield %[[NEXT]]
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[ALL:.*]] = gpu.all_reduce %[[FOLDED]] uniform {
// CHECK-NEXT:      ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64):
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[A]], %[[B]] : f64
// CHECK-NEXT:        gpu.yield %[[S]] : f64
// CHECK-NEXT:      } : (f64) -> f64
// CHECK-NEXT:      %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[FIRST:.*]] = arith.cmpi eq, %[[TH]], %[[C0]] : index
// CHECK-NEXT:      scf.if %[[FIRST]] {
// CHECK-NEXT:        %[[TOTAL:.*]] = arith.addf %[[INIT]], %[[ALL]] : f64
// CHECK-NEXT:        memref.store %[[TOTAL]], %[[OUT]][%[[O]]]
// CHECK-NEXT:        %[[TWICE:.*]] = arith.addf %[[TOTAL]], %[[TOTAL]] : f64
// CHECK-NEXT:        memref.store %[[TWICE]], %[[OUT]][%[[O]]]
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }
// CHECK-NOT:     scf.parallel
// CHECK:         return
// CHECK:       }
func.func @row_sums(%x: memref<?x?xf64>, %out: memref<?xf64>, %rows: index,
                    %threads: index, %cols: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%o) = (%c0) to (%rows) step (%c1) {
    %init = memref.load %out[%o] : memref<?xf64>
    %total = scf.parallel (%t) = (%c0) to (%threads) step (%c1) init (%init) -> f64 {
      %zero = arith.constant 0.0 : f64
      %folded = scf.for %k = %t to %cols step %threads iter_args(%acc = %zero) -> (f64) {
        %e = memref.load %x[%o, %k] : memref<?x?xf64>
        %next = arith.addf %acc, %e : f64
        scf.yield %next : f64
      }
      scf.reduce(%folded : f64) {
      ^bb0(%a: f64, %b: f64):
        %s = arith.addf %a, %b : f64
        scf.reduce.return %s : f64
      }
    } {mapping = [#thread]}
    memref.store %total, %out[%o] : memref<?xf64>
    %twice = arith.addf %total, %total : f64
    memref.store %twice, %out[%o] : memref<?xf64>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// An i16 maximum travels as i32 between threads.
// CHECK-LABEL: func.func @narrow(
// CHECK:         gpu.launch
// CHECK:           %[[OWN:.*]] = memref.load %{{.*}}[%{{.*}}] : memref<?xi16>
// CHECK-NEXT:      %[[WIDE:.*]] = arith.extui %[[OWN]] : i16 to i32
// CHECK-NEXT:      %[[ALL:.*]] = gpu.all_reduce %[[WIDE]] uniform {
// CHECK-NEXT:      ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32):
// CHECK-NEXT:        %[[A16:.*]] = arith.trunci %[[A]] : i32 to i16
// CHECK-NEXT:        %[[B16:.*]] = arith.trunci %[[B]] : i32 to i16
// CHECK-NEXT:        %[[M:.*]] = arith.maxsi %[[A16]], %[[B16]] : i16
// CHECK-NEXT:        %[[M32:.*]] = arith.extui %[[M]] : i16 to i32
// CHECK-NEXT:        gpu.yield %[[M32]] : i32
// CHECK-NEXT:      } : (i32) -> i32
// CHECK:           scf.if
// CHECK-NEXT:        %[[ALL16:.*]] = arith.trunci %[[ALL]] : i32 to i16
// CHECK-NEXT:        %[[TOTAL:.*]] = arith.maxsi %{{.*}}, %[[ALL16]] : i16
// CHECK-NEXT:        memref.store %[[TOTAL]]
func.func @narrow(%x: memref<?xi16>, %out: memref<i16>, %threads: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %low = arith.constant -32768 : i16
  scf.parallel (%o) = (%c0) to (%c1) step (%c1) {
    %total = scf.parallel (%t) = (%c0) to (%threads) step (%c1) init (%low) -> i16 {
      %own = memref.load %x[%t] : memref<?xi16>
      scf.reduce(%own : i16) {
      ^bb0(%a: i16, %b: i16):
        %m = arith.maxsi %a, %b : i16
        scf.reduce.return %m : i16
      }
    } {mapping = [#thread]}
    memref.store %total, %out[] : memref<i16>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// Mapped loops without a reduction stay for convert-parallel-loops-to-gpu.
// CHECK-LABEL: func.func @no_reduction(
// CHECK-NOT:     gpu.launch
// CHECK:         scf.parallel
// CHECK:           scf.parallel
func.func @no_reduction(%out: memref<?xf64>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  scf.parallel (%o) = (%c0) to (%n) step (%c1) {
    scf.parallel (%t) = (%c0) to (%m) step (%c1) {
      memref.store %zero, %out[%t] : memref<?xf64>
    } {mapping = [#thread]}
  } {mapping = [#block]}
  return
}

// -----

#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

func.func @threads_alone(%x: memref<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  // expected-error @+1 {{with a reduction becomes a kernel only as a one-dimensional loop mapped to thread_x in one mapped to block_x}}
  %total = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
    %e = memref.load %x[%t] : memref<?xf64>
    scf.reduce(%e : f64) {
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      scf.reduce.return %s : f64
    }
  } {mapping = [#thread]}
  return %total : f64
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// Every thread would store: not a block reduction.
func.func @store_before(%x: memref<?xf64>, %out: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  // expected-error @+1 {{mapped to blocks cannot become a kernel: what comes before the thread loop may only read memory}}
  scf.parallel (%o) = (%c0) to (%n) step (%c1) {
    memref.store %zero, %out[%o] : memref<?xf64>
    %total = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
      %e = memref.load %x[%t] : memref<?xf64>
      scf.reduce(%e : f64) {
      ^bb0(%a: f64, %b: f64):
        %s = arith.addf %a, %b : f64
        scf.reduce.return %s : f64
      }
    } {mapping = [#thread]}
    memref.store %total, %out[%o] : memref<?xf64>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// The threads' bound must be known before the launch.
func.func @bound_inside(%x: memref<?xf64>, %out: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  // expected-error @+1 {{expected one loop mapped to thread_x from 0 by 1, its bound defined outside, with one reduction}}
  scf.parallel (%o) = (%c0) to (%n) step (%c1) {
    %m = arith.addi %o, %c1 : index
    %total = scf.parallel (%t) = (%c0) to (%m) step (%c1) init (%zero) -> f64 {
      %e = memref.load %x[%t] : memref<?xf64>
      scf.reduce(%e : f64) {
      ^bb0(%a: f64, %b: f64):
        %s = arith.addf %a, %b : f64
        scf.reduce.return %s : f64
      }
    } {mapping = [#thread]}
    memref.store %total, %out[%o] : memref<?xf64>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// NVVM shuffles 32 bits, or 64 in two halves.
func.func @too_wide(%x: memref<?xi128>, %out: memref<i128>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i128
  // expected-error @+1 {{gpu.all_reduce takes integers and floats of up to 32 bits or of 64, not 'i128'}}
  scf.parallel (%o) = (%c0) to (%c1) step (%c1) {
    %total = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%zero) -> i128 {
      %e = memref.load %x[%t] : memref<?xi128>
      scf.reduce(%e : i128) {
      ^bb0(%a: i128, %b: i128):
        %s = arith.addi %a, %b : i128
        scf.reduce.return %s : i128
      }
    } {mapping = [#thread]}
    memref.store %total, %out[] : memref<i128>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// A bool "any": i1 travels as i32 too.
// CHECK-LABEL: func.func @any(
// CHECK:         %[[WIDE:.*]] = arith.extui %{{.*}} : i1 to i32
// CHECK-NEXT:    gpu.all_reduce %[[WIDE]] uniform {
// CHECK:           arith.trunci %{{.*}} : i32 to i1
// CHECK:           arith.ori %{{.*}}, %{{.*}} : i1
// CHECK:       } : (i32) -> i32
func.func @any(%x: memref<?xi1>, %out: memref<i1>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %false = arith.constant false
  scf.parallel (%o) = (%c0) to (%c1) step (%c1) {
    %total = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%false) -> i1 {
      %e = memref.load %x[%t] : memref<?xi1>
      scf.reduce(%e : i1) {
      ^bb0(%a: i1, %b: i1):
        %r = arith.ori %a, %b : i1
        scf.reduce.return %r : i1
      }
    } {mapping = [#thread]}
    memref.store %total, %out[] : memref<i1>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#thread = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>

// One reduction a block: a second thread loop is not lowered.
func.func @two_thread_loops(%x: memref<?xf64>, %out: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  // expected-error @+1 {{mapped to blocks cannot become a kernel: expected one loop mapped to threads}}
  scf.parallel (%o) = (%c0) to (%n) step (%c1) {
    %first = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
      %e = memref.load %x[%t] : memref<?xf64>
      scf.reduce(%e : f64) {
      ^bb0(%a: f64, %b: f64):
        %r = arith.addf %a, %b : f64
        scf.reduce.return %r : f64
      }
    } {mapping = [#thread]}
    %second = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%first) -> f64 {
      %e = memref.load %x[%t] : memref<?xf64>
      scf.reduce(%e : f64) {
      ^bb0(%a: f64, %b: f64):
        %r = arith.maxnumf %a, %b : f64
        scf.reduce.return %r : f64
      }
    } {mapping = [#thread]}
    memref.store %second, %out[%o] : memref<?xf64>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#lane = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#row = #gpu.loop_dim_map<processor = thread_y, map = (d0) -> (d0), bound = (d0) -> (d0)>

// Columns: a block of 8 outputs (thread_x) by min(4, n) threads each
// (thread_y). The folds go to workgroup memory (8 x 4 slots, from the
// bounds) at y * 8 + x; while more than one row of them is left, the first
// half (rounded up) takes in the second, between barriers; then each
// output's first thread (y = 0) combines slot x into the init and runs the
// rest, here a guarded store.
// CHECK-LABEL: func.func @column_sums(
// CHECK-SAME:    %[[X:[a-z0-9]+]]: memref<?x?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[M:[a-z0-9]+]]: index, %[[N:[a-z0-9]+]]: index)
// CHECK:         %[[LANES:.*]] = arith.constant 8 : index
// CHECK:         %[[ROWS:.*]] = arith.minui %c4, %[[N]]
// CHECK:         %[[GRID:.*]] = arith.ceildivui %[[M]], %[[LANES]]
// CHECK:         gpu.launch blocks(%[[B:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[GRID]], %{{.*}} = %[[ONE:[a-z0-9_]+]], %{{.*}} = %[[ONE]]) threads(%[[TX:.*]], %[[TY:.*]], %{{.*}}) in (%[[BX:.*]] = %[[LANES]], %[[BY:.*]] = %[[ROWS]], %{{.*}} = %[[ONE]]) workgroup(%[[SHARED:.*]] : memref<32xf32, #gpu.address_space<workgroup>>) {
// CHECK-NEXT:      %[[BASE:.*]] = arith.muli %[[B]], %[[BX]]
// CHECK-NEXT:      %[[O:.*]] = arith.addi %[[BASE]], %[[TX]]
// CHECK-NEXT:      %[[INIT:.*]] = memref.load %[[OUT]][%[[O]]]
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.0
// CHECK-NEXT:      %[[FOLDED:.*]] = scf.for %[[K:.*]] = %[[TY]] to %[[N]] step %[[BY]] iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (f32) {
// CHECK-NEXT:        %[[E:.*]] = memref.load %[[X]][%[[K]], %[[O]]]
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addf %[[ACC]], %[[E]]
// CHECK-NEXT:        scf.yield %[[NEXT]]
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[ROW_START:.*]] = arith.muli %[[TY]], %[[BX]]
// CHECK-NEXT:      %[[SLOT:.*]] = arith.addi %[[ROW_START]], %[[TX]]
// CHECK-NEXT:      memref.store %[[FOLDED]], %[[SHARED]][%[[SLOT]]]
// CHECK-NEXT:      %{{.*}} = scf.while (%[[LEFT:.*]] = %[[BY]]) : (index) -> index {
// CHECK-NEXT:        %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:        %[[MORE:.*]] = arith.cmpi ugt, %[[LEFT]], %[[C1]]
// CHECK-NEXT:        scf.condition(%[[MORE]]) %[[LEFT]]
// CHECK-NEXT:      } do {
// CHECK-NEXT:      ^bb0(%[[NOW:.*]]: index):
// CHECK-NEXT:        %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT:        %[[HALF:.*]] = arith.ceildivui %[[NOW]], %[[C2]]
// CHECK-NEXT:        gpu.barrier
// CHECK-NEXT:        %[[PARTNER:.*]] = arith.addi %[[TY]], %[[HALF]]
// CHECK-NEXT:        %[[PAIRED:.*]] = arith.cmpi ult, %[[PARTNER]], %[[NOW]]
// CHECK-NEXT:        scf.if %[[PAIRED]] {
// CHECK-NEXT:          %[[OWN_START:.*]] = arith.muli %[[TY]], %[[BX]]
// CHECK-NEXT:          %[[OWN:.*]] = arith.addi %[[OWN_START]], %[[TX]]
// CHECK-NEXT:          %[[MINE:.*]] = memref.load %[[SHARED]][%[[OWN]]]
// CHECK-NEXT:          %[[THEIR_START:.*]] = arith.muli %[[PARTNER]], %[[BX]]
// CHECK-NEXT:          %[[THEIR:.*]] = arith.addi %[[THEIR_START]], %[[TX]]
// CHECK-NEXT:          %[[THEIRS:.*]] = memref.load %[[SHARED]][%[[THEIR]]]
// CHECK-NEXT:          %[[BOTH:.*]] = arith.addf %[[MINE]], %[[THEIRS]]
// CHECK-NEXT:          memref.store %[[BOTH]], %[[SHARED]][%[[OWN]]]
// CHECK-NEXT:        }
// CHECK-NEXT:        scf.yield %[[HALF]]
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.barrier
// CHECK-NEXT:      %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[FIRST:.*]] = arith.cmpi eq, %[[TY]], %[[C0]]
// CHECK-NEXT:      scf.if %[[FIRST]] {
// CHECK-NEXT:        %[[COLUMN:.*]] = memref.load %[[SHARED]][%[[TX]]]
// CHECK-NEXT:        %[[TOTAL:.*]] = arith.addf %[[INIT]], %[[COLUMN]]
// CHECK-NEXT:        %[[INSIDE:.*]] = arith.cmpi ult, %[[O]], %[[M]]
// CHECK-NEXT:        scf.if %[[INSIDE]] {
// CHECK-NEXT:          memref.store %[[TOTAL]], %[[OUT]][%[[O]]]
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.terminator
// CHECK-NEXT:    }
// CHECK-NOT:     scf.parallel
// CHECK:         return
func.func @column_sums(%x: memref<?x?xf32>, %out: memref<?xf32>, %m: index,
                       %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %lanes = arith.constant 8 : index
  %rows = arith.minui %c4, %n : index
  %blocks = arith.ceildivui %m, %lanes : index
  scf.parallel (%b) = (%c0) to (%blocks) step (%c1) {
    scf.parallel (%l) = (%c0) to (%lanes) step (%c1) {
      %base = arith.muli %b, %lanes : index
      %o = arith.addi %base, %l : index
      %init = memref.load %out[%o] : memref<?xf32>
      %total = scf.parallel (%t) = (%c0) to (%rows) step (%c1) init (%init) -> f32 {
        %zero = arith.constant 0.0 : f32
        %folded = scf.for %k = %t to %n step %rows iter_args(%acc = %zero) -> (f32) {
          %e = memref.load %x[%k, %o] : memref<?x?xf32>
          %next = arith.addf %acc, %e : f32
          scf.yield %next : f32
        }
        scf.reduce(%folded : f32) {
        ^bb0(%a: f32, %b2: f32):
          %s = arith.addf %a, %b2 : f32
          scf.reduce.return %s : f32
        }
      } {mapping = [#row]}
      %inside = arith.cmpi ult, %o, %m : index
      scf.if %inside {
        memref.store %total, %out[%o] : memref<?xf32>
      }
      scf.reduce
    } {mapping = [#lane]}
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#lane = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#row = #gpu.loop_dim_map<processor = thread_y, map = (d0) -> (d0), bound = (d0) -> (d0)>

// The blocks' loop holds nothing after the lanes' loop (no thread would
// run it).
func.func @after_lanes(%x: memref<?x?xf32>, %out: memref<?xf32>, %m: index,
                       %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %lanes = arith.constant 8 : index
  // expected-error @+1 {{mapped to blocks cannot become a kernel: expected nothing after the loop mapped to thread_x that holds one mapped to thread_y}}
  scf.parallel (%b) = (%c0) to (%m) step (%c1) {
    scf.parallel (%l) = (%c0) to (%lanes) step (%c1) {
      %init = memref.load %out[%l] : memref<?xf32>
      %total = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%init) -> f32 {
        %e = memref.load %x[%t, %l] : memref<?x?xf32>
        scf.reduce(%e : f32) {
        ^bb0(%a: f32, %b2: f32):
          %s = arith.addf %a, %b2 : f32
          scf.reduce.return %s : f32
        }
      } {mapping = [#row]}
      memref.store %total, %out[%l] : memref<?xf32>
      scf.reduce
    } {mapping = [#lane]}
    %gone = arith.constant 0.0 : f32
    memref.store %gone, %out[%b] : memref<?xf32>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#row = #gpu.loop_dim_map<processor = thread_y, map = (d0) -> (d0), bound = (d0) -> (d0)>

// A thread_y reduction directly in the blocks' loop has no lanes.
func.func @rows_without_lanes(%x: memref<?x?xf32>, %out: memref<?xf32>,
                              %m: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%b) = (%c0) to (%m) step (%c1) {
    %init = memref.load %out[%b] : memref<?xf32>
    // expected-error @+1 {{with a reduction becomes a kernel only as a one-dimensional loop mapped to thread_x in one mapped to block_x, or to thread_y in thread_x in block_x}}
    %total = scf.parallel (%t) = (%c0) to (%n) step (%c1) init (%init) -> f32 {
      %e = memref.load %x[%t, %b] : memref<?x?xf32>
      scf.reduce(%e : f32) {
      ^bb0(%a: f32, %b2: f32):
        %s = arith.addf %a, %b2 : f32
        scf.reduce.return %s : f32
      }
    } {mapping = [#row]}
    memref.store %total, %out[%b] : memref<?xf32>
    scf.reduce
  } {mapping = [#block]}
  return
}

// -----

#block = #gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#lane = #gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>
#row = #gpu.loop_dim_map<processor = thread_y, map = (d0) -> (d0), bound = (d0) -> (d0)>

// Bounds with no constant limit: as many slots as a block has threads at
// most (1024).
// CHECK-LABEL: func.func @unbounded(
// CHECK:         gpu.launch {{.*}} workgroup(%{{.*}} : memref<1024xi8, #gpu.address_space<workgroup>>)
func.func @unbounded(%x: memref<?x?xi8>, %out: memref<?xi8>, %m: index,
                     %lanes: index, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%b) = (%c0) to (%m) step (%c1) {
    scf.parallel (%l) = (%c0) to (%lanes) step (%c1) {
      %init = memref.load %out[%l] : memref<?xi8>
      %total = scf.parallel (%t) = (%c0) to (%rows) step (%c1) init (%init) -> i8 {
        %e = memref.load %x[%t, %l] : memref<?x?xi8>
        scf.reduce(%e : i8) {
        ^bb0(%a: i8, %b2: i8):
          %s = arith.maxsi %a, %b2 : i8
          scf.reduce.return %s : i8
        }
      } {mapping = [#row]}
      memref.store %total, %out[%l] : memref<?xi8>
      scf.reduce
    } {mapping = [#lane]}
    scf.reduce
  } {mapping = [#block]}
  return
}
