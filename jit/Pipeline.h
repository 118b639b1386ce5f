//===- Pipeline.h - Pass pipelines per target -------------------*- C++ -*-===//
//
// The one place that says which passes turn tj IR into code for a target.
// The JIT and tensorjit-opt (as `--tj-cpu-pipeline`) both use it.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_JIT_PIPELINE_H
#define TENSORJIT_JIT_PIPELINE_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir::tj {

struct CpuPipelineOptions {
  /// See the option of the same name of tj-lower-to-linalg and
  /// tj-fuse-elementwise (both take it).
  bool assumeNoRuntimeBroadcast = false;
  /// See tj-lower-to-linalg's mrg-draws-per-thread: 0 on the CPU; GPU
  /// compilations take GpuTargetOptions::mrgDrawsPerThread.
  int64_t mrgDrawsPerThread = 0;
};

/// tj -> tj: stabilized, differentiated, simplified, and elementwise
/// chains grouped into tj.fused ops (what Stage::Fused shows).
void buildTjFusionPipeline(OpPassManager &pm,
                           const CpuPipelineOptions &options);
/// Fused tj -> linalg on tensors.
void buildTjLoweringPipeline(OpPassManager &pm,
                             const CpuPipelineOptions &options);
/// Both of the above.
void buildTjToLinalgPipeline(OpPassManager &pm,
                             const CpuPipelineOptions &options);
/// linalg on tensors -> buffers -> loops -> LLVM dialect, ready for
/// translation to LLVM IR and execution by ORC or mlir-runner.
void buildLinalgToLLVMPipeline(OpPassManager &pm);
/// Both of the above.
void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options);

/// The NVIDIA target of GPU compilation.
struct GpuTargetOptions {
  std::string chip = "sm_90";
  /// PTX 8.0 is the first to know sm_90 (the default, 6.0, fails).
  std::string features = "+ptx80";
  /// libdevice, for math in kernels (the CUDA toolkit's, found at
  /// configure time); empty links none.
  std::string libdevice = TENSORJIT_LIBDEVICE;
  /// Threads per block. The JIT takes TENSORJIT_GPU_BLOCK_SIZE.
  int64_t blockSize = 256;
  /// Iterations per thread of a kernel that loads, computes and stores
  /// (tj-gpu-parallelize's elements-per-thread), with every iteration's
  /// loads first. 2: on the H200, sigmoid over 1e8 f64 took 0.470 ms at 1,
  /// 0.409 at 2 and 0.425 at 4 (a*b+c 0.72 at each; RESULTS.md, fifteenth
  /// session). The JIT takes TENSORJIT_GPU_ELEMENTS_PER_THREAD.
  int64_t elementsPerThread = 2;
  /// Short reductions of neighbouring elements as one block per output
  /// (tj-split-reductions' cooperative-threads = blockSize); off, they
  /// split as longer ones do. The JIT turns it off under
  /// TENSORJIT_GPU_BLOCK_REDUCTIONS=0.
  bool blockReductions = true;
  /// Neighbouring outputs a block of a column reduction holds
  /// (tj-split-reductions' outputs-per-block), each with blockSize / this
  /// threads. 4: a warp reads 8 rows of 4 outputs (32 bytes of f64, a
  /// whole sector). On the H200 (RESULTS.md, fifteenth session), the LR
  /// step's g.x (400 x 784) in blocks of 4 columns took 8.2-8.4 us a step
  /// f64 and 8.2 f32; in blocks of 64 bytes (8 f64, 16 f32: 98 and 49
  /// blocks, fewer than the device's 132 SMs) 8.6-8.8 and 9.6-9.7; in
  /// blocks of 2 f64, 8.8-8.9. The JIT takes TENSORJIT_GPU_COLUMN_OUTPUTS.
  int64_t columnOutputs = 4;
  /// MRG31k3p draws per thread (tj-lower-to-linalg's
  /// mrg-draws-per-thread): Theano's at most 15360 streams would otherwise
  /// be as many threads, a few percent of what an H200 holds.
  int64_t mrgDrawsPerThread = 256;
  /// Matmuls of at least this many multiply-adds (m n k, tested at run
  /// time, with whether cuBLAS is usable then: cuda::cublasAvailable())
  /// call cuBLAS (tj-linalg-to-blas library=cublas); 0: none. The JIT sets
  /// kCublasMinSize for every CUDA function.
  int64_t cublasMinSize = 0;
  /// The kernels compile in this many parts at most, on threads of their
  /// own (tj-gpu-merge-modules' parts, then tj-gpu-serialize); a part
  /// holds at least kMinKernelOpsPerPart operations of kernels. The JIT
  /// sets its compile threads (up to 4).
  unsigned compileThreads = 1;
};

/// The fewest operations of kernels (before their lowering to NVVM) that
/// are worth a compile thread of their own: a part costs its own libdevice
/// link and NVPTX set-up, 3 to 5 ms here, where the LR training step's
/// 15 kernels (about 1200 operations) take about 100 ms in one part.
inline constexpr unsigned kMinKernelOpsPerPart = 250;

/// The m n k from which the JIT hands a matmul to cuBLAS: 2^19 (about
/// 81^3), where the two paths cross on an H200 (tensorjit_gpu_bench's
/// BM_MatmulDevice, RESULTS.md fifteenth session: square products of 64
/// took 12.9 us on our kernels and 16.0 through cuBLAS, of 128 27.0 and
/// 21.8, f64; f32 alike).
inline constexpr int64_t kCublasMinSize = int64_t(1) << 19;

/// linalg on tensors -> buffers -> parallel loops -> kernels: PTX in a
/// gpu.binary and host code in the LLVM dialect that launches them through
/// the mgpu* entry points (jit/CudaRuntime.h).
void buildLinalgToGpuPipeline(OpPassManager &pm,
                              const GpuTargetOptions &target);
/// For tests: the loops of the GPU pipeline (split reductions, every memory
/// access in a parallel loop, one-thread loops) compiled for the CPU, where
/// parallel loops run in order: the GPU's loop structure checked against
/// the CPU's numbers on a machine without a GPU.
void buildGpuLoopsOnCpuPipeline(OpPassManager &pm,
                                const GpuTargetOptions &target = {});
/// tj -> the above.
void buildGpuPipeline(OpPassManager &pm, CpuPipelineOptions options,
                      const GpuTargetOptions &target);

/// Registers `tj-cpu-pipeline` and `tj-gpu-pipeline` for tensorjit-opt.
void registerPipelines();

} // namespace mlir::tj

#endif // TENSORJIT_JIT_PIPELINE_H
