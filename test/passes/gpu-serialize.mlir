// tj-gpu-serialize: each gpu.module becomes a gpu.binary holding its PTX
// (compiled for its #nvvm.target, the modules on threads of their own), in
// the host module's order, and the launches still name them. The
// object's properties hold no compile times (upstream's serializer records
// one; the output would differ from run to run). The same
// with the context single-threaded, as the JIT runs it (the pass turns
// the context's threads on for the compile). A module with no target is
// an error.
//
// RUN: %memcheck tensorjit-opt %s --split-input-file --verify-diagnostics --tj-gpu-serialize | FileCheck %s
// RUN: tensorjit-opt %s --split-input-file --verify-diagnostics --mlir-disable-threading --tj-gpu-serialize | FileCheck %s

// CHECK-LABEL: func.func @host(
// CHECK:         gpu.launch_func @first::@scale
// CHECK:         gpu.launch_func @second::@shift
// CHECK:       gpu.binary @first [#gpu.object<#nvvm.target<chip = "sm_90", features = "+ptx80">, properties = {O = 2 : i32}, assembly = "
// CHECK-SAME:    .target sm_90
// CHECK-SAME:    .visible .entry scale(
// CHECK-SAME:    mul.rn.f32
// CHECK-NEXT:  gpu.binary @second [#gpu.object<#nvvm.target<chip = "sm_90", features = "+ptx80">, properties = {O = 2 : i32}, assembly = "
// CHECK-SAME:    .visible .entry shift(
// CHECK-SAME:    add.rn.f32
// CHECK-NOT:   gpu.module
module attributes {gpu.container_module} {
  func.func @host(%x: !llvm.ptr<1>, %n: index) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @first::@scale blocks in (%n, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : !llvm.ptr<1>)
    gpu.launch_func @second::@shift blocks in (%n, %c1, %c1)
        threads in (%c1, %c1, %c1) args(%x : !llvm.ptr<1>)
    return
  }
  gpu.module @first [#nvvm.target<chip = "sm_90", features = "+ptx80">] {
    llvm.func @scale(%x: !llvm.ptr<1>) attributes {gpu.kernel, nvvm.kernel} {
      %i = nvvm.read.ptx.sreg.ctaid.x : i32
      %p = llvm.getelementptr %x[%i] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
      %v = llvm.load %p : !llvm.ptr<1> -> f32
      %r = llvm.fmul %v, %v : f32
      llvm.store %r, %p : f32, !llvm.ptr<1>
      llvm.return
    }
  }
  gpu.module @second [#nvvm.target<chip = "sm_90", features = "+ptx80">] {
    llvm.func @shift(%x: !llvm.ptr<1>) attributes {gpu.kernel, nvvm.kernel} {
      %i = nvvm.read.ptx.sreg.ctaid.x : i32
      %p = llvm.getelementptr %x[%i] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
      %v = llvm.load %p : !llvm.ptr<1> -> f32
      %r = llvm.fadd %v, %v : f32
      llvm.store %r, %p : f32, !llvm.ptr<1>
      llvm.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  // expected-error @+1 {{tj-gpu-serialize: a kernel module needs a target}}
  gpu.module @untargeted {
    llvm.func @k() attributes {gpu.kernel, nvvm.kernel} {
      llvm.return
    }
  }
}
