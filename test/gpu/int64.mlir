// 64-bit integers in kernels load and store 8 bytes at a time: the kernel
// module has NVPTX's data layout (tj-gpu-merge-modules), where LLVM's
// default would align i64 to 4 and split each access in two 32-bit ones.
//
// REQUIRES: libdevice
// RUN: tensorjit-opt %s --tj-gpu-pipeline=assume-no-runtime-broadcast=true -o %t.mlir
// RUN: rm -rf %t.ptx && %python %extract_ptx %t.mlir %t.ptx | count 1
// RUN: FileCheck %s --input-file=%t.ptx/iadd_kernel.ptx

// CHECK:     .visible .entry iadd_kernel(
// CHECK:     ld.global.b32
// CHECK:     ld.global.b64
// CHECK:     st.global.b64
// CHECK-NOT: {{(ld|st)}}.global.b32 {{.*}}+4]
// CHECK:     ret;

func.func @iadd(%a: tensor<?xi64> {bufferization.writable = false},
                %b: tensor<?xi32> {bufferization.writable = false},
                %out: memref<?xi64>) attributes {llvm.emit_c_interface} {
  %c = tj.cast %b : tensor<?xi32> -> tensor<?xi64>
  %s = tj.add %a, %c : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xi64>
  bufferization.materialize_in_destination %s in restrict writable %out
      : (tensor<?xi64>, memref<?xi64>) -> ()
  return
}
