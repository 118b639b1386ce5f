// The toolkit's PTX assembler accepts every kernel the GPU pipeline makes
// for the seed's logistic-regression training step (the function
// `T::function` emits for it, with its gradient) and the logistic test's function.
//
// REQUIRES: libdevice, ptxas
// RUN: tensorjit-opt %S/lr-step.mlir --tj-gpu-pipeline=assume-no-runtime-broadcast=true -o %t.mlir
// RUN: rm -rf %t.ptx && %python %extract_ptx %t.mlir %t.ptx > %t.names
// RUN: for k in $(cat %t.names); do %ptxas -arch=sm_90 %t.ptx/$k.ptx -o /dev/null || exit 1; done
// RUN: tensorjit-opt %S/logistic.mlir --tj-gpu-pipeline -o %t2.mlir
// RUN: rm -rf %t2.ptx && %python %extract_ptx %t2.mlir %t2.ptx > %t2.names
// RUN: for k in $(cat %t2.names); do %ptxas -arch=sm_90 %t2.ptx/$k.ptx -o /dev/null || exit 1; done
