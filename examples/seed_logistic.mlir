// The seed tutorial's first example, as the tj IR that
// `T::function({x}, 1 / (1 + T::exp(-x)))` will emit (SPEC.md §3), with a
// driver that calls it on [[0, 1], [-1, -2]] and prints the result.
// scripts/demo shows it at each stage of the CPU pipeline and runs it.

func.func @logistic(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %one = tj.constant dense<1.0> : tensor<f64>
  %neg = tj.neg %x : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %exp = tj.exp %neg : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %den = tj.add %one, %exp : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %s = tj.div %one, %den : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

func.func @main() {
  %c = arith.constant dense<[[0.0, 1.0], [-1.0, -2.0]]> : tensor<2x2xf64>
  %x = tensor.cast %c : tensor<2x2xf64> to tensor<?x?xf64>
  %s = call @logistic(%x) : (tensor<?x?xf64>) -> tensor<?x?xf64>
  %m = bufferization.to_buffer %s : tensor<?x?xf64> to memref<?x?xf64>
  %u = memref.cast %m : memref<?x?xf64> to memref<*xf64>
  call @printMemrefF64(%u) : (memref<*xf64>) -> ()
  return
}

func.func private @printMemrefF64(memref<*xf64>) attributes {llvm.emit_c_interface}
