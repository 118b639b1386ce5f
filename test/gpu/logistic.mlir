// The GPU pipeline on the seed's logistic function with a full sum: every
// memory access runs in a kernel (the 2-d elementwise chain collapsed to one
// dimension, 256 threads a block, 2 elements a thread with their loads
// first; the sum, of 33 to 8192 elements, by one
// block whose threads combine their sums with shuffles, above that as two
// parallel steps of partial sums and a last one-thread step, and below
// that by one thread), the host only computes sizes, chooses and launches, and
// the kernels are PTX for sm_90 with libdevice's exp inlined. ptxas (when
// the toolkit has it) accepts the PTX.
//
// REQUIRES: libdevice
// RUN: tensorjit-opt %s --tj-gpu-pipeline=assume-no-runtime-broadcast=true -o %t.mlir
// RUN: FileCheck %s --input-file=%t.mlir
// RUN: FileCheck %s --input-file=%t.mlir --check-prefix=HOST
// The six kernels are one module (tj-gpu-merge-modules), compiled once:
// one gpu.binary with one object, for the one target, which links
// libdevice.
// RUN: rm -rf %t.ptx && %python %extract_ptx %t.mlir %t.ptx | count 1
// RUN: grep -c '^.visible .entry' %t.ptx/logistic_kernel.ptx | grep -x 6
// RUN: grep -o '#gpu.object<' %t.mlir | count 1
// RUN: grep -o '#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80", link = \[".*libdevice' %t.mlir | count 1
// RUN: FileCheck %s --input-file=%t.ptx/logistic_kernel.ptx --check-prefix=PTX
// RUN: FileCheck %s --input-file=%t.ptx/logistic_kernel.ptx --check-prefix=GROUP
// RUN: FileCheck %s --input-file=%t.ptx/logistic_kernel.ptx --check-prefix=SUM

// CHECK-LABEL: llvm.func @logistic(
// CHECK-DAG:     %[[WRITES:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-DAG:     %[[READS:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK:         %[[BLOCK:.*]] = llvm.mlir.constant(256 : index) : i64
// CHECK:         %[[TILE:.*]] = llvm.mlir.constant(512 : index) : i64
// CHECK:         %[[ONE:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK:         %[[N:.*]] = llvm.mul
// CHECK:         llvm.sdiv %{{.*}}, %[[TILE]] : i64
// CHECK:         %[[GRID:.*]] = llvm.select
// The kernel reads x and writes the output (tj-gpu-launch-accesses).
// CHECK-NEXT:    %[[X:.*]] = llvm.ptrtoint %arg1 : !llvm.ptr to i64
// CHECK-NEXT:    llvm.call @tj_rt_gpu_access(%[[X]], %[[READS]]) : (i64, i64) -> ()
// CHECK-NEXT:    %[[OUT:.*]] = llvm.ptrtoint %arg8 : !llvm.ptr to i64
// CHECK-NEXT:    llvm.call @tj_rt_gpu_access(%[[OUT]], %[[WRITES]]) : (i64, i64) -> ()
// CHECK-NEXT:    gpu.launch_func @logistic_kernel::@logistic_kernel blocks in (%[[GRID]], %[[ONE]], %[[ONE]]) threads in (%[[BLOCK]], %[[ONE]], %[[ONE]])
// The choice by size; the sum's zero fill goes into every branch (the block
// and the last split step start from zero, the small one fills and sums
// in one one-thread kernel).
// CHECK:         %[[R:.*]] = llvm.mul
// CHECK:         %[[AT_MOST:.*]] = llvm.icmp "ule" %[[R]], %{{.*}} : i64
// CHECK:         %[[ABOVE:.*]] = llvm.icmp "ugt" %[[R]], %{{.*}} : i64
// CHECK:         %[[FITS:.*]] = llvm.and %[[ABOVE]], %[[AT_MOST]] : i1
// CHECK:         llvm.cond_br %[[FITS]], ^[[ONE_BLOCK:bb[0-9]+]], ^[[OTHER:bb[0-9]+]]
// CHECK:       ^[[ONE_BLOCK]]:
// CHECK:         %[[THREADS:.*]] = llvm.intr.umin(%[[R]], %[[BLOCK]])
// CHECK:         gpu.launch_func @logistic_kernel::@logistic_kernel_0 blocks in (%[[ONE]], %[[ONE]], %[[ONE]]) threads in (%[[THREADS]], %[[ONE]], %[[ONE]])
// CHECK:       ^[[OTHER]]:
// CHECK:         %[[LARGE:.*]] = llvm.icmp "uge" %[[R]], %{{.*}} : i64
// CHECK:         llvm.cond_br %[[LARGE]], ^[[SPLIT:bb[0-9]+]], ^[[SMALL:bb[0-9]+]]
// CHECK:       ^[[SPLIT]]:
// CHECK:         gpu.launch_func @logistic_kernel::@logistic_kernel_1 blocks in (%{{.*}}, %[[ONE]], %[[ONE]]) threads in (%[[BLOCK]], %[[ONE]], %[[ONE]])
// CHECK:         gpu.launch_func @logistic_kernel::@logistic_kernel_2 blocks in (%{{.*}}, %[[ONE]], %[[ONE]]) threads in (%[[BLOCK]], %[[ONE]], %[[ONE]])
// CHECK:         gpu.launch_func @logistic_kernel::@logistic_kernel_3 blocks in (%[[ONE]], %[[ONE]], %[[ONE]]) threads in (%[[ONE]], %[[ONE]], %[[ONE]])
// CHECK:       ^[[SMALL]]:
// CHECK:         gpu.launch_func @logistic_kernel::@logistic_kernel_4 blocks in (%[[ONE]], %[[ONE]], %[[ONE]]) threads in (%[[ONE]], %[[ONE]], %[[ONE]])
// CHECK:         llvm.return
// CHECK:       gpu.binary @logistic_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80", link = ["{{.*}}libdevice.10.bc"]>{{.*}}assembly = "
// CHECK-NOT:   gpu.binary

// Nothing but launches touches memory on the host: no loads or stores of
// the buffers, no loops, no host allocation.
// HOST-LABEL: llvm.func @logistic(
// HOST-NOT:     {{scf\.|memref\.|linalg\.|llvm\.call @malloc|llvm\.load %arg}}
// HOST:         llvm.return

// PTX-DAG: .target sm_90
// PTX-DAG: .version 8.0
// Each thread's two elements: their loads first, at indices clamped to
// the last (held before the first branch by tj-gpu-parallelize's moves),
// then the computations, then the stores of those in range.
// PTX:     .visible .entry logistic_kernel(
// PTX:     mov.u32 {{.*}}%ctaid.x;
// PTX:     mov.u32 {{.*}}%tid.x;
// PTX-COUNT-2: min.u64
// PTX-COUNT-2: ld.global.b64
// PTX-NOT: {{bra|st.global}}
// PTX:     mov.b64
// PTX-NOT: {{bra|st.global}}
// PTX:     neg.f64
// PTX:     fma.rn.f64
// PTX-NOT: call
// PTX:     setp.ge.u64
// PTX:     div.rn.f64
// PTX:     st.global.b64
// PTX:     st.global.b64
// PTX-NOT: ld.global
// PTX:     ret;

// The block: thread t adds the elements t, t + T, ... (8 loads at a time),
// the warps combine their sums with shuffles (f64 as two 32-bit halves),
// the warps' sums meet in shared memory, and the first thread stores.
// GROUP:     .visible .entry logistic_kernel_0(
// GROUP:     .shared .align 8 .b8 __wg_logistic_kernel_0
// GROUP:     mov.u32 {{.*}}%tid.x;
// GROUP:     mov.u32 {{.*}}%ntid.x;
// GROUP-COUNT-8: ld.global.b64
// GROUP:     add.rn.f64
// GROUP:     shfl.sync.bfly.b32
// GROUP-NEXT: shfl.sync.bfly.b32
// GROUP:     bar.sync
// GROUP:     st.global.b64

// The first split step: thread p adds the elements p, p + P, ...
// SUM:     .visible .entry logistic_kernel_1(
// SUM:     mov.u32 {{.*}}%tid.x;
// SUM:     ld.global.b64
// SUM:     add.rn.f64
// SUM:     st.global.b64

func.func @logistic(%x: tensor<?x?xf64> {bufferization.writable = false},
                    %out: memref<?x?xf64>, %total: memref<f64>)
    attributes {llvm.emit_c_interface} {
  %one = tj.constant dense<1.0> : tensor<f64>
  %n = tj.neg %x : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %e = tj.exp %n : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %d = tj.add %one, %e : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %s = tj.div %one, %d : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %r = tj.sum %s axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  bufferization.materialize_in_destination %s in restrict writable %out
      : (tensor<?x?xf64>, memref<?x?xf64>) -> ()
  bufferization.materialize_in_destination %r in restrict writable %total
      : (tensor<f64>, memref<f64>) -> ()
  return
}
