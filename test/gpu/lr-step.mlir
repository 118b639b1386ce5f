// The seed's logistic-regression training step (what T::function emits for
// it: x, y, w, b in; prediction, cross-entropy and the updates of w and b
// out), through the GPU pipeline. Everything runs in kernels: the
// elementwise chains fused (the forward and the backward one into one
// kernel, since the row count the mean divides by is read from y, not
// from the forward chain's result). A reduction of 33 to 8192 neighbouring
// elements per output (x.w's rows, the bias gradient's sum over the rows)
// is one block per output whose threads combine their folds with
// gpu.all_reduce; g.x, which reduces columns of 33 to 1024 elements, is
// one block per 8 neighbouring columns, 32 threads each, combining through
// workgroup memory; longer reductions become partial folds (chunks of about
// 32 elements, one thread each) then one thread per output folding those;
// short ones stay one thread per output. The zero fills of the products' and the sum's outputs
// go into every branch, as the blocks' or the last step's start or as
// stores at the start of each output's thread, not kernels of their own,
// and the element count the mean divides by is a kernel argument, not a
// one-thread kernel storing it. The chain runs where x.w's outputs are
// final (a block's first thread, the last split step), the updates of w
// and b likewise where g.x and the sum are (the plain branches run them
// after the reduction). The host launches three kernels at the seed's sizes
// (fifteen launch sites) and allocates the temporaries on the device.
//
// REQUIRES: libdevice
// RUN: tensorjit-opt %s --tj-gpu-pipeline=assume-no-runtime-broadcast=true -o %t.mlir
// RUN: FileCheck %s --input-file=%t.mlir
// RUN: rm -rf %t.ptx && %python %extract_ptx %t.mlir %t.ptx | count 1
// RUN: grep -c '^.visible .entry' %t.ptx/tj_train_kernel.ptx | grep -x 15
// RUN: FileCheck %s --input-file=%t.ptx/tj_train_kernel.ptx --check-prefix=COLUMNS
// g.x with w's update: 4 columns (ntid.x) by 64 threads (ntid.y) of f64
// in 2048 bytes of workgroup memory; each thread folds 8 loads of x and g
// at a time, then the rows combine in shared memory between barriers, and
// each column's first thread stores the gradient and w's new value.
// COLUMNS:     .visible .entry tj_train_kernel_9(
// COLUMNS:     .shared .align 8 .b8 __wg_tj_train_kernel_9_0[2048];
// COLUMNS-DAG: mov.u32 {{.*}}%tid.y;
// COLUMNS-DAG: mov.u32 {{.*}}%ntid.x;
// COLUMNS-DAG: mov.u32 {{.*}}%ntid.y;
// COLUMNS-COUNT-16: ld.global.b64
// COLUMNS:     st.shared.b64
// COLUMNS:     bar.sync
// COLUMNS:     ld.shared.b64
// COLUMNS:     sub.rn.f64
// COLUMNS:     st.global.b64
// COLUMNS:     bar.sync
// COLUMNS:     ld.shared.b64
// COLUMNS:     ld.shared.b64
// COLUMNS:     st.shared.b64
// With blocks of 128 threads (block-size, TENSORJIT_GPU_BLOCK_SIZE), g.x's
// workgroup memory holds 128 f64s.
// RUN: tensorjit-opt %s --tj-gpu-pipeline="assume-no-runtime-broadcast=true block-size=128 column-outputs=8" -o %t128.mlir
// RUN: rm -rf %t128.ptx && %python %extract_ptx %t128.mlir %t128.ptx | count 1
// RUN: FileCheck %s --input-file=%t128.ptx/tj_train_kernel.ptx --check-prefix=SMALL
// SMALL: .visible .entry tj_train_kernel_9(
// SMALL: .shared .align 8 .b8 __wg_tj_train_kernel_9_0[1024];
// In parts, as the JIT compiles it on a machine of 4 threads or more
// (compile-threads=4: about 1200 operations of kernels, at least 250 a
// part): four binaries, compiled on threads of their own, of the same
// fifteen kernels.
// RUN: tensorjit-opt %s --tj-gpu-pipeline="assume-no-runtime-broadcast=true compile-threads=4" -o %t4.mlir
// RUN: rm -rf %t4.ptx && %python %extract_ptx %t4.mlir %t4.ptx | count 4
// RUN: cat %t.ptx/*.ptx | grep '^.visible .entry' | sort > %t.entries
// RUN: cat %t4.ptx/*.ptx | grep '^.visible .entry' | sort | diff - %t.entries
// RUN: grep -c 'gpu.launch_func' %t4.mlir | grep -x 15
// Without the blocks (TENSORJIT_GPU_BLOCK_REDUCTIONS=0): 12 launch sites.
// RUN: tensorjit-opt %s --tj-gpu-pipeline="assume-no-runtime-broadcast=true block-reductions=false" \
// RUN: | FileCheck %s --check-prefix=SPLIT
// SPLIT-NOT:       gpu.all_reduce
// SPLIT-COUNT-12:  gpu.launch_func
// SPLIT-NOT:       gpu.launch_func
// SPLIT-NOT:       shfl.sync

// CHECK-LABEL: llvm.func @tj_train(
// CHECK-NOT:     {{scf\.|memref\.|linalg\.|llvm\.call @malloc|llvm\.call @free}}
// CHECK:         llvm.call @mgpuMemAlloc
// CHECK-COUNT-15: gpu.launch_func
// CHECK-NOT:     gpu.launch_func
// CHECK:         llvm.call @mgpuMemFree
// CHECK:         llvm.return
// The fifteen kernels in one module, one binary.
// CHECK:         gpu.binary @tj_train_kernel {{.*}}.visible .entry tj_train_kernel({{.*}}.visible .entry tj_train_kernel_13(
// CHECK-NOT:     gpu.binary
func.func @tj_train(%arg0: tensor<?x?xf64> {bufferization.writable = false}, %arg1: tensor<?xi64> {bufferization.writable = false}, %arg2: tensor<?xf64> {bufferization.writable = false}, %arg3: tensor<f64> {bufferization.writable = false}, %arg4: memref<?xi1>, %arg5: memref<?xf64>, %arg6: memref<?xf64>, %arg7: memref<f64>) attributes {llvm.emit_c_interface} {
  %0 = tj.cast %arg1 : tensor<?xi64> -> tensor<?xf64>
  %1 = tj.constant dense<1.000000e+00> : tensor<f64>
  %2 = tj.constant dense<1.000000e+00> : tensor<f64>
  %3 = tj.dot %arg0, %arg2 : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %4 = tj.neg %3 : (tensor<?xf64>) -> tensor<?xf64>
  %5 = tj.sub %4, %arg3 : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  %6 = tj.exp %5 : (tensor<?xf64>) -> tensor<?xf64>
  %7 = tj.add %2, %6 : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %8 = tj.div %1, %7 : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %9 = tj.constant dense<5.000000e-01> : tensor<f64>
  %10 = tj.gt %8, %9 : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>
  %11 = tj.neg %0 : (tensor<?xf64>) -> tensor<?xf64>
  %12 = tj.log %8 : (tensor<?xf64>) -> tensor<?xf64>
  %13 = tj.mul %11, %12 : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %14 = tj.constant dense<1.000000e+00> : tensor<f64>
  %15 = tj.sub %14, %0 : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %16 = tj.constant dense<1.000000e+00> : tensor<f64>
  %17 = tj.sub %16, %8 : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %18 = tj.log %17 : (tensor<?xf64>) -> tensor<?xf64>
  %19 = tj.mul %15, %18 : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %20 = tj.sub %13, %19 : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %21 = tj.constant dense<1.000000e-01> : tensor<f64>
  %22 = tj.mean %20 axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %23 = tj.constant dense<1.000000e-02> : tensor<f64>
  %24 = tj.mul %arg2, %arg2 : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %25 = tj.sum %24 axes = [0] : (tensor<?xf64>) -> tensor<f64>
  %26 = tj.mul %23, %25 : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %27 = tj.add %22, %26 : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %28 = tj.grad %27, %arg2 : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %29 = tj.mul %21, %28 : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %30 = tj.sub %arg2, %29 : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %31 = tj.constant dense<1.000000e-01> : tensor<f64>
  %32 = tj.grad %27, %arg3 : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %33 = tj.mul %31, %32 : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %34 = tj.sub %arg3, %33 : (tensor<f64>, tensor<f64>) -> tensor<f64>
  bufferization.materialize_in_destination %10 in restrict writable %arg4 : (tensor<?xi1>, memref<?xi1>) -> ()
  bufferization.materialize_in_destination %20 in restrict writable %arg5 : (tensor<?xf64>, memref<?xf64>) -> ()
  bufferization.materialize_in_destination %30 in restrict writable %arg6 : (tensor<?xf64>, memref<?xf64>) -> ()
  bufferization.materialize_in_destination %34 in restrict writable %arg7 : (tensor<f64>, memref<f64>) -> ()
  return
}
