// MRG31k3p draws generated inline by the CPU pipeline, run by mlir-runner:
// the first stream of seed 12345 gives L'Ecuyer's reference numbers (the
// first five of Theano's samples_MRG31k3p_12_7_5), and its state moves on.
// The other runs draw each stream's numbers in stretches of 1, 2 and 3 (as
// the GPU does, in 256), each from the stream's state jumped ahead by
// matrix powers, and must give the same bits and the same next states.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s
// RUN: tensorjit-opt %s --tj-cpu-pipeline=mrg-draws-per-thread=1 \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s
// RUN: tensorjit-opt %s --tj-cpu-pipeline=mrg-draws-per-thread=2 \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s
// RUN: tensorjit-opt %s --tj-cpu-pipeline=mrg-draws-per-thread=3 \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s
// RUN: tensorjit-opt %s --tj-lower-to-linalg=mrg-draws-per-thread=256 \
// RUN: | FileCheck %s --check-prefix=STRETCHES

func.func private @printMemrefF64(memref<*xf64>)
func.func private @printMemrefF32(memref<*xf32>)
func.func private @printMemrefI32(memref<*xi32>)

func.func @main() {
  %c = arith.constant dense<12345> : tensor<1x6xi32>
  %s = tensor.cast %c : tensor<1x6xi32> to tensor<?x6xi32>
  %rng = tj.make_rng %s : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
  %u, %next = tj.random_uniform %rng : !tj.rng<mrg31k3p> -> tensor<5xf64>
  %um = bufferization.to_buffer %u : tensor<5xf64> to memref<5xf64>
  %uu = memref.cast %um : memref<5xf64> to memref<*xf64>
  call @printMemrefF64(%uu) : (memref<*xf64>) -> ()
  // CHECK: [0.735324,  0.614207,  0.110078,  0.648774,  0.366194]

  // The same state drawn as float32 gives the same numbers, rounded.
  %f, %n2 = tj.random_uniform %rng : !tj.rng<mrg31k3p> -> tensor<5xf32>
  %fm = bufferization.to_buffer %f : tensor<5xf32> to memref<5xf32>
  %fu = memref.cast %fm : memref<5xf32> to memref<*xf32>
  call @printMemrefF32(%fu) : (memref<*xf32>) -> ()
  // CHECK: [0.735324,  0.614207,  0.110078,  0.648774,  0.366194]

  // The next state continues the stream: these are draws 6 and 7.
  %v, %n3 = tj.random_uniform %next : !tj.rng<mrg31k3p> -> tensor<2x1xf64>
  %vm = bufferization.to_buffer %v : tensor<2x1xf64> to memref<2x1xf64>
  %vu = memref.cast %vm : memref<2x1xf64> to memref<*xf64>
  call @printMemrefF64(%vu) : (memref<*xf64>) -> ()
  // CHECK: {{\[}}[0.108823],
  // CHECK-NEXT: [0.533055]]

  // Box-Muller pairs u[i] with u[i + 1] for two draws: sqrt(-2 log u0) *
  // cos(2 pi u1) and sqrt(-2 log u0) * sin(2 pi u1).
  %z, %n4 = tj.random_normal %rng : !tj.rng<mrg31k3p> -> tensor<2xf64>
  %zm = bufferization.to_buffer %z : tensor<2xf64> to memref<2xf64>
  %zu = memref.cast %zm : memref<2xf64> to memref<*xf64>
  call @printMemrefF64(%zu) : (memref<*xf64>) -> ()
  // CHECK: [-0.590773,  -0.51563]

  %d = tj.rng_data %n3 : !tj.rng<mrg31k3p> -> tensor<?x6xi32>
  %dm = bufferization.to_buffer %d : tensor<?x6xi32> to memref<?x6xi32>
  %du = memref.cast %dm : memref<?x6xi32> to memref<*xi32>
  call @printMemrefI32(%du) : (memref<*xi32>) -> ()
  // CHECK: {{\[}}[414175463,   1167281028,   1918428443,   1416932659,   933585541,   1132031887]]

  // Three streams, 8 draws: streams 0 and 1 give 3 (elements 0, 3, 6 and
  // 1, 4, 7), stream 2 gives 2; each stream's state moves on by as many.
  %c3 = arith.constant dense<[[12345, 12345, 12345, 12345, 12345, 12345],
                              [1, 2, 3, 4, 5, 6],
                              [2000000000, 7, 99, 2100000000, 8, 1000]]>
      : tensor<3x6xi32>
  %s3 = tensor.cast %c3 : tensor<3x6xi32> to tensor<?x6xi32>
  %rng3 = tj.make_rng %s3 : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
  %w, %n5 = tj.random_uniform %rng3 : !tj.rng<mrg31k3p> -> tensor<8xf64>
  %wm = bufferization.to_buffer %w : tensor<8xf64> to memref<8xf64>
  %wu = memref.cast %wm : memref<8xf64> to memref<*xf64>
  call @printMemrefF64(%wu) : (memref<*xf64>) -> ()
  // CHECK: [0.735324,  0.00375384,  0.227013,  0.614207,  0.00173634,  0.311924,  0.110078,  0.648224]
  %d3 = tj.rng_data %n5 : !tj.rng<mrg31k3p> -> tensor<?x6xi32>
  %d3m = bufferization.to_buffer %d3 : tensor<?x6xi32> to memref<?x6xi32>
  %d3u = memref.cast %d3m : memref<?x6xi32> to memref<*xi32>
  call @printMemrefI32(%d3u) : (memref<*xi32>) -> ()
  // CHECK: {{\[}}[878672095,   240667857,   240667857,   642281259,   1069151070,   809054265],
  // CHECK-NEXT: [1623212161,   4194562,   8388995,   231161887,   465798,   327686],
  // CHECK-NEXT: [3907153,   29372899,   2000000000,   1481538373,   1689350103,   2100000000]]
  return
}

// The loop over streams in stretches: iterations over streams x stretches,
// each state jumped ahead (32 conditional matrix products, one per bit of
// the stretch number), only the last stretch writing the next state.
// STRETCHES-LABEL: func.func @main
// STRETCHES:         %[[D:.*]] = arith.constant 256 : index
// STRETCHES:         scf.for
// STRETCHES-SAME:      iter_args
// STRETCHES:           %[[STREAM:.*]] = arith.remui
// STRETCHES:           %[[STRETCH:.*]] = arith.divui
// STRETCHES-COUNT-32:  scf.if %{{.*}} -> (i64, i64, i64, i64, i64, i64)
// STRETCHES:           scf.for
// STRETCHES:           arith.cmpi eq, %[[STRETCH]]
// STRETCHES:           scf.if %{{.*}} -> (tensor<?x6xi32>)
// STRETCHES:             tensor.insert
// STRETCHES:         } {tj.independent_iterations}
