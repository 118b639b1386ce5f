// tj-gpu-launch-accesses: before each kernel launch, one call of
// tj_rt_gpu_access(aligned pointer, writes) per buffer operand, so that
// the runtime can order a CUDA graph's kernels by what they touch. A
// kernel writes an argument when one of its ops writes a view of it; its
// own memory (allocas, workgroup memory) does not count, nor do barriers
// and gpu.all_reduce. A launch whose kernel has an op of unknown effects,
// or writes memory not derived from a buffer argument, or that passes a
// pointer, gets no call: the runtime orders it after and before
// everything.
//
// RUN: %memcheck tensorjit-opt %s --tj-gpu-launch-accesses | FileCheck %s

// CHECK-LABEL: func.func private @tj_rt_gpu_access(i64, i64)

// CHECK-LABEL: func.func @host(
// CHECK-SAME:    %[[X:[a-z0-9]+]]: memref<?xf32>, %[[Y:[a-z0-9]+]]: memref<?xf32>, %[[N:[a-z0-9]+]]: index,
// x is read, y written (through a subview); n is no buffer.
// CHECK:         %[[XP:.*]] = memref.extract_aligned_pointer_as_index %[[X]]
// CHECK-NEXT:    %[[XI:.*]] = arith.index_cast %[[XP]] : index to i64
// CHECK-NEXT:    %[[READ:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    call @tj_rt_gpu_access(%[[XI]], %[[READ]])
// CHECK-NEXT:    %[[YP:.*]] = memref.extract_aligned_pointer_as_index %[[Y]]
// CHECK-NEXT:    %[[YI:.*]] = arith.index_cast %[[YP]] : index to i64
// CHECK-NEXT:    %[[WRITE:.*]] = arith.constant 1 : i64
// CHECK-NEXT:    call @tj_rt_gpu_access(%[[YI]], %[[WRITE]])
// CHECK-NEXT:    gpu.launch_func @kernels::@copy
// The block reduction writes only y (its workgroup memory and barrier do
// not count, nor does gpu.all_reduce).
// CHECK:         arith.constant 0 : i64
// CHECK-NEXT:    call @tj_rt_gpu_access
// CHECK:         arith.constant 1 : i64
// CHECK-NEXT:    call @tj_rt_gpu_access
// CHECK-NEXT:    gpu.launch_func @kernels::@block_sum
// A call of unknown effects, a write to a global, a pointer: nothing told.
// CHECK-NEXT:    gpu.launch_func @kernels::@opaque
// CHECK-NEXT:    gpu.launch_func @kernels::@global
// CHECK-NEXT:    gpu.launch_func @kernels::@pointer
// Its own alloca written, x only read.
// CHECK:         arith.constant 0 : i64
// CHECK-NEXT:    call @tj_rt_gpu_access
// CHECK-NEXT:    gpu.launch_func @kernels::@scratch
module attributes {gpu.container_module} {
  func.func @host(%x: memref<?xf32>, %y: memref<?xf32>, %n: index,
                  %p: !llvm.ptr) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@copy blocks in (%n, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>, %y : memref<?xf32>, %n : index)
    gpu.launch_func @kernels::@block_sum blocks in (%c1, %c1, %c1)
        threads in (%n, %c1, %c1) args(%x : memref<?xf32>, %y : memref<?xf32>)
    gpu.launch_func @kernels::@opaque blocks in (%c1, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>, %y : memref<?xf32>)
    gpu.launch_func @kernels::@global blocks in (%c1, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    gpu.launch_func @kernels::@pointer blocks in (%c1, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>, %p : !llvm.ptr)
    gpu.launch_func @kernels::@scratch blocks in (%c1, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : memref<?xf32>)
    return
  }
  gpu.module @kernels {
    gpu.func @copy(%x: memref<?xf32>, %y: memref<?xf32>, %n: index) kernel {
      %i = gpu.block_id x
      %c1 = arith.constant 1 : index
      %v = memref.load %x[%i] : memref<?xf32>
      %tail = memref.subview %y[%i] [1] [1] : memref<?xf32> to memref<1xf32, strided<[1], offset: ?>>
      %c0 = arith.constant 0 : index
      memref.store %v, %tail[%c0] : memref<1xf32, strided<[1], offset: ?>>
      gpu.return
    }
    gpu.func @block_sum(%x: memref<?xf32>, %y: memref<?xf32>)
        workgroup(%shared : memref<32xf32, #gpu.address_space<workgroup>>) kernel {
      %t = gpu.thread_id x
      %v = memref.load %x[%t] : memref<?xf32>
      memref.store %v, %shared[%t] : memref<32xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %all = gpu.all_reduce add %v uniform {} : (f32) -> f32
      %c0 = arith.constant 0 : index
      memref.store %all, %y[%c0] : memref<?xf32>
      gpu.return
    }
    func.func private @unknown(memref<?xf32>)
    gpu.func @opaque(%x: memref<?xf32>, %y: memref<?xf32>) kernel {
      func.call @unknown(%x) : (memref<?xf32>) -> ()
      gpu.return
    }
    memref.global "private" @state : memref<4xf32> = uninitialized
    gpu.func @global(%x: memref<?xf32>) kernel {
      %c0 = arith.constant 0 : index
      %v = memref.load %x[%c0] : memref<?xf32>
      %state = memref.get_global @state : memref<4xf32>
      memref.store %v, %state[%c0] : memref<4xf32>
      gpu.return
    }
    gpu.func @pointer(%x: memref<?xf32>, %p: !llvm.ptr) kernel {
      %c0 = arith.constant 0 : index
      %v = memref.load %x[%c0] : memref<?xf32>
      llvm.store %v, %p : f32, !llvm.ptr
      gpu.return
    }
    gpu.func @scratch(%x: memref<?xf32>) kernel {
      %c0 = arith.constant 0 : index
      %own = memref.alloca() : memref<4xf32>
      %v = memref.load %x[%c0] : memref<?xf32>
      memref.store %v, %own[%c0] : memref<4xf32>
      gpu.return
    }
  }
}
