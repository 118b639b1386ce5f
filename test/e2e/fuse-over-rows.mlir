// tj-fuse-over-rows end to end: a logistic loss's g = sigmoid(x.w) - y
// and g.x on 35 rows (a tile of 32 and a partial one), through the CPU
// pipeline as the JIT runs it (no run-time broadcasting), against numpy's
// values.
// RUN: tensorjit-opt %s --tj-cpu-pipeline=assume-no-runtime-broadcast=true \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s
// The pipeline made the loop over tiles of rows:
// RUN: tensorjit-opt %s --tj-cpu-pipeline=assume-no-runtime-broadcast=true --mlir-print-ir-after=tj-fuse-over-rows -o /dev/null 2>&1 \
// RUN: | FileCheck %s --check-prefix=FUSED
// FUSED:     call @tj_rt_cpu_threads
// FUSED:     scf.forall
// FUSED:     scf.for {{.*}} step %c32

func.func @step(%x: tensor<?x?xf64>, %y: tensor<?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %one = tj.constant dense<1.0> : tensor<f64>
  %z = tj.dot %x, %w : (tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %nz = tj.neg %z : (tensor<?xf64>) -> tensor<?xf64>
  %e = tj.exp %nz : (tensor<?xf64>) -> tensor<?xf64>
  %d = tj.add %one, %e : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %p = tj.div %one, %d : (tensor<f64>, tensor<?xf64>) -> tensor<?xf64>
  %g = tj.sub %p, %y : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  %gx = tj.dot %g, %x : (tensor<?xf64>, tensor<?x?xf64>) -> tensor<?xf64>
  return %g, %gx : tensor<?xf64>, tensor<?xf64>
}

func.func @main() {
  %cx = arith.constant dense<[[-1.0, -0.4, 0.2], [0.4, 1.0, -0.6], [-0.4, 0.2, 0.8], [1.0, -0.6, 0.0], [0.2, 0.8, -0.8], [-0.6, 0.0, 0.6], [0.8, -0.8, -0.2], [0.0, 0.6, -1.0], [-0.8, -0.2, 0.4], [0.6, -1.0, -0.4], [-0.2, 0.4, 1.0], [-1.0, -0.4, 0.2], [0.4, 1.0, -0.6], [-0.4, 0.2, 0.8], [1.0, -0.6, 0.0], [0.2, 0.8, -0.8], [-0.6, 0.0, 0.6], [0.8, -0.8, -0.2], [0.0, 0.6, -1.0], [-0.8, -0.2, 0.4], [0.6, -1.0, -0.4], [-0.2, 0.4, 1.0], [-1.0, -0.4, 0.2], [0.4, 1.0, -0.6], [-0.4, 0.2, 0.8], [1.0, -0.6, 0.0], [0.2, 0.8, -0.8], [-0.6, 0.0, 0.6], [0.8, -0.8, -0.2], [0.0, 0.6, -1.0], [-0.8, -0.2, 0.4], [0.6, -1.0, -0.4], [-0.2, 0.4, 1.0], [-1.0, -0.4, 0.2], [0.4, 1.0, -0.6]]> : tensor<35x3xf64>
  %cy = arith.constant dense<[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0]> : tensor<35xf64>
  %cw = arith.constant dense<[0.5, -0.25, 0.75]> : tensor<3xf64>
  %x = tensor.cast %cx : tensor<35x3xf64> to tensor<?x?xf64>
  %y = tensor.cast %cy : tensor<35xf64> to tensor<?xf64>
  %w = tensor.cast %cw : tensor<3xf64> to tensor<?xf64>
  %g, %gx = call @step(%x, %y, %w) : (tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>)
  %0 = bufferization.to_buffer %g : tensor<?xf64> to memref<?xf64>
  %1 = memref.cast %0 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%1) : (memref<*xf64>) -> ()
  // CHECK: sizes = [35]
  // CHECK-NEXT: [-0.562177, 0.377541, 0.586618, -0.34299, 0.331812, 0.53743, -0.389361, 0.28905, 0.487503, -0.437823, 0.634136, 0.437823, -0.622459, 0.586618, 0.65701, -0.668188, 0.53743, 0.610639, -0.71095, 0.487503, 0.562177, -0.365864, 0.437823, 0.377541, -0.413382, 0.65701, 0.331812, -0.46257, 0.610639, 0.28905, -0.512497, 0.562177, 0.634136, -0.562177, 0.377541]
  %2 = bufferization.to_buffer %gx : tensor<?xf64> to memref<?xf64>
  %3 = memref.cast %2 : memref<?xf64> to memref<*xf64>
  call @printMemrefF64(%3) : (memref<*xf64>) -> ()
  // CHECK: sizes = [3]
  // CHECK-NEXT: [1.27854, -0.987965, 1.40233]
  return
}

func.func private @printMemrefF64(memref<*xf64>)
