// tj-gpu-merge-modules: the kernels outlining put in modules of their own
// move into the first module, each named after the module it leaves; a
// helper every module has a copy of is kept once; each launch names the
// merged module, which has NVPTX's data layout (i64 aligned to 8 bytes).
// Copies of a name that differ are an error.
// With parts=2 (two compile threads) the kernels go into two modules of
// about equal size, counted in operations: the largest module (f_kernel_1,
// two kernels, 8 operations) alone, the two of 6 together in the first;
// each module keeps its own copy of @helper. A minimum part size larger
// than all the kernels together leaves one module. With parts=3 every
// module stays apart, but a module's one kernel still takes the module's
// name (f_kernel_0's), as it would have merged.
//
// RUN: %memcheck tensorjit-opt %s --split-input-file --verify-diagnostics --tj-gpu-merge-modules | FileCheck %s
// RUN: tensorjit-opt %s --split-input-file --verify-diagnostics --tj-gpu-merge-modules="parts=2 min-part-size=100" | FileCheck %s
// RUN: tensorjit-opt %s --split-input-file --verify-diagnostics --tj-gpu-merge-modules=parts=2 | FileCheck %s --check-prefix=PARTS
// RUN: tensorjit-opt %s --split-input-file --verify-diagnostics --tj-gpu-merge-modules=parts=3 | FileCheck %s --check-prefix=THREE

// THREE-LABEL: func.func @host(
// THREE:         gpu.launch_func @f_kernel::@f_kernel blocks
// THREE:         gpu.launch_func @f_kernel_0::@f_kernel_0 blocks
// THREE:         gpu.launch_func @f_kernel_1::@f_kernel blocks
// THREE:         gpu.launch_func @f_kernel_1::@other blocks
// THREE:       gpu.module @f_kernel attributes
// THREE-NEXT:    gpu.func @f_kernel(
// THREE:       gpu.module @f_kernel_0 attributes
// THREE-NEXT:    gpu.func @f_kernel_0(
// THREE:       gpu.module @f_kernel_1 attributes
// THREE-NEXT:    gpu.func @f_kernel(
// THREE:         gpu.func @other(

// PARTS-LABEL: func.func @host(
// PARTS:         gpu.launch_func @f_kernel::@f_kernel blocks
// PARTS:         gpu.launch_func @f_kernel::@f_kernel_0 blocks
// PARTS:         gpu.launch_func @f_kernel_1::@f_kernel blocks
// PARTS:         gpu.launch_func @f_kernel_1::@other blocks
// PARTS:       gpu.module @f_kernel attributes {llvm.data_layout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"} {
// PARTS-NEXT:    gpu.func @f_kernel(%{{.*}}: memref<?xf32>) kernel {
// PARTS:           func.call @helper(
// PARTS:         func.func private @helper(
// PARTS:         gpu.func @f_kernel_0(%{{.*}}: memref<?xf32>) kernel {
// PARTS:           arith.mulf
// PARTS-NOT:     gpu.func
// PARTS:       gpu.module @f_kernel_1 attributes {llvm.data_layout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"} {
// PARTS-NEXT:    gpu.func @f_kernel(%{{.*}}: memref<?xf32>) kernel {
// PARTS:           func.call @helper(
// PARTS:         gpu.func @other(%{{.*}}: memref<?xf32>) kernel {
// PARTS:         func.func private @helper(
// PARTS-NOT:   gpu.module

// CHECK-LABEL: func.func @host(
// CHECK:         gpu.launch_func @f_kernel::@f_kernel blocks
// CHECK:         gpu.launch_func @f_kernel::@f_kernel_0 blocks
// CHECK:         gpu.launch_func @f_kernel::@f_kernel_1 blocks
// CHECK:         gpu.launch_func @f_kernel::@other blocks
// CHECK:       gpu.module @f_kernel attributes {llvm.data_layout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"} {
// CHECK-NEXT:    gpu.func @f_kernel(%{{.*}}: memref<?xf32>) kernel {
// CHECK:           func.call @helper(
// CHECK:         func.func private @helper(
// CHECK:         gpu.func @f_kernel_0(%{{.*}}: memref<?xf32>) kernel {
// CHECK:           arith.mulf
// CHECK:         gpu.func @f_kernel_1(%{{.*}}: memref<?xf32>) kernel {
// CHECK:           func.call @helper(
// CHECK:         gpu.func @other(%{{.*}}: memref<?xf32>) kernel {
// CHECK-NOT:     func.func private @helper(
// CHECK-NOT:   gpu.module
module attributes {gpu.container_module} {
  func.func @host(%x: memref<?xf32>, %n: index) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @f_kernel::@f_kernel blocks in (%n, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    gpu.launch_func @f_kernel_0::@f_kernel blocks in (%n, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    gpu.launch_func @f_kernel_1::@f_kernel blocks in (%n, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    gpu.launch_func @f_kernel_1::@other blocks in (%n, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
  gpu.module @f_kernel {
    gpu.func @f_kernel(%x: memref<?xf32>) kernel {
      %i = gpu.block_id x
      %v = memref.load %x[%i] : memref<?xf32>
      %r = func.call @helper(%v) : (f32) -> f32
      memref.store %r, %x[%i] : memref<?xf32>
      gpu.return
    }
    func.func private @helper(%v: f32) -> f32 {
      %r = arith.addf %v, %v : f32
      return %r : f32
    }
  }
  gpu.module @f_kernel_0 {
    gpu.func @f_kernel(%x: memref<?xf32>) kernel {
      %i = gpu.block_id x
      %v = memref.load %x[%i] : memref<?xf32>
      %r = arith.mulf %v, %v : f32
      memref.store %r, %x[%i] : memref<?xf32>
      gpu.return
    }
  }
  // Two kernels in one module: each keeps its name, f_kernel made unique.
  gpu.module @f_kernel_1 {
    gpu.func @f_kernel(%x: memref<?xf32>) kernel {
      %i = gpu.block_id x
      %v = memref.load %x[%i] : memref<?xf32>
      %r = func.call @helper(%v) : (f32) -> f32
      memref.store %r, %x[%i] : memref<?xf32>
      gpu.return
    }
    gpu.func @other(%x: memref<?xf32>) kernel {
      gpu.return
    }
    func.func private @helper(%v: f32) -> f32 {
      %r = arith.addf %v, %v : f32
      return %r : f32
    }
  }
}

// -----

// Copies of @helper that differ cannot be merged.
module attributes {gpu.container_module} {
  gpu.module @g_kernel {
    func.func private @helper(%v: f32) -> f32 {
      %r = arith.addf %v, %v : f32
      return %r : f32
    }
  }
  gpu.module @g_kernel_0 {
    // expected-error @+1 {{tj-gpu-merge-modules: kernel modules define @helper differently}}
    func.func private @helper(%v: f32) -> f32 {
      %r = arith.mulf %v, %v : f32
      return %r : f32
    }
  }
}
