// MRG31k3p draws generated inline by the CPU pipeline, run by mlir-runner:
// the first stream of seed 12345 gives L'Ecuyer's reference numbers (the
// first five of Theano's samples_MRG31k3p_12_7_5), and its state moves on.
// RUN: tensorjit-opt %s --tj-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%tensorjit_runtime \
// RUN: | FileCheck %s

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
  return
}
