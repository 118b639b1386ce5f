// A constant array a kernel reads is in the kernel's module, in device
// memory (tj-gpu-parallelize reads it through memref.get_global in the
// loop; kernel outlining copies the global). Before, the kernel was
// passed the host global's address, which a GPU cannot read.
//
// REQUIRES: libdevice
// RUN: tensorjit-opt %s --tj-gpu-pipeline=assume-no-runtime-broadcast=true -o %t.mlir
// RUN: FileCheck %s --check-prefix=HOST --input-file=%t.mlir
// RUN: rm -rf %t.ptx && %python %extract_ptx %t.mlir %t.ptx | count 1
// RUN: FileCheck %s --input-file=%t.ptx/shift_kernel.ptx

// No host global's address is taken: the launch passes only the
// arguments' pointers.
// HOST-NOT:  llvm.mlir.addressof
// HOST:      gpu.launch_func
// HOST-NOT:  llvm.mlir.addressof

// CHECK:     .global .align {{[0-9]+}} .b8 __constant_4xf64[32] = {
// CHECK:     .visible .entry shift_kernel(
// CHECK:     mov.b64 [[C:%rd[0-9]+]], __constant_4xf64;
// CHECK:     add.s64 [[AT:%rd[0-9]+]], [[C]],
// CHECK:     ld.global.nc.b64 {{%rd[0-9]+}}, {{\[}}[[AT]]]
// CHECK:     ret;

func.func @shift(%a: tensor<4xf64> {bufferization.writable = false},
                 %out: memref<4xf64>) attributes {llvm.emit_c_interface} {
  %c = tj.constant dense<[1.0, 2.0, 4.0, 8.0]> : tensor<4xf64>
  %s = tj.add %a, %c : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  bufferization.materialize_in_destination %s in restrict writable %out
      : (tensor<4xf64>, memref<4xf64>) -> ()
  return
}
