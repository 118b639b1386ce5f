// mrg31k3p draws on the GPU: one thread per stretch of 256 draws of a
// stream (the loop over streams x stretches is marked independent by the
// lowering and becomes a parallel loop), each starting from its stream's
// state jumped ahead by matrix powers and stepping it through its draws in
// the same i32 arithmetic as on the CPU, so the bits are the CPU's
// (test/e2e/random-mrg.mlir checks that on the CPU).
//
// REQUIRES: libdevice
// RUN: tensorjit-opt %s --tj-gpu-pipeline=assume-no-runtime-broadcast=true | FileCheck %s

// CHECK-LABEL: llvm.func @mrg_uniform(
// CHECK-DAG:     %[[BLOCK:.*]] = llvm.mlir.constant(256 : index) : i64
// CHECK-DAG:     %[[ONE:.*]] = llvm.mlir.constant(1 : index) : i64
// The state copied into a temporary, the draws (256 threads a block), the
// temporary copied into the next state.
// CHECK:         gpu.launch_func @mrg_uniform_kernel::@mrg_uniform_kernel blocks in (%{{.*}}, %[[ONE]], %[[ONE]]) threads in (%[[BLOCK]], %[[ONE]], %[[ONE]])
// CHECK:         gpu.launch_func @mrg_uniform_kernel::@mrg_uniform_kernel_0 blocks in (%{{.*}}, %[[ONE]], %[[ONE]]) threads in (%[[BLOCK]], %[[ONE]], %[[ONE]])
// CHECK:         gpu.launch_func @mrg_uniform_kernel::@mrg_uniform_kernel_1
// CHECK-NOT:     gpu.launch_func
// CHECK:       gpu.binary @mrg_uniform_kernel {{.*}}.visible .entry mrg_uniform_kernel_0({{.*}}%tid.x{{.*}}ld.global.b32{{.*}}st.global.b64
func.func @mrg_uniform(%s: tensor<?x6xi32> {bufferization.writable = false},
                       %n: index, %out: memref<?xf64>, %next: memref<?x6xi32>) {
  %rng = tj.make_rng %s : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
  %u, %r = tj.random_uniform %rng[%n] : !tj.rng<mrg31k3p> -> tensor<?xf64>
  %d = tj.rng_data %r : !tj.rng<mrg31k3p> -> tensor<?x6xi32>
  bufferization.materialize_in_destination %u in restrict writable %out
      : (tensor<?xf64>, memref<?xf64>) -> ()
  bufferization.materialize_in_destination %d in restrict writable %next
      : (tensor<?x6xi32>, memref<?x6xi32>) -> ()
  return
}
