//===- Pipeline.h - Pass pipelines per target -------------------*- C++ -*-===//
//
// The one place that says which passes turn tj IR into code for a target.
// The JIT and tensorjit-opt (as `--tj-cpu-pipeline`) both use it.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_JIT_PIPELINE_H
#define TENSORJIT_JIT_PIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace mlir::tj {

struct CpuPipelineOptions {
  /// See tj-lower-to-linalg's option of the same name.
  bool assumeNoRuntimeBroadcast = false;
};

/// tj -> tj: stabilized, differentiated, simplified, and elementwise
/// chains grouped into tj.fused ops (what Stage::Fused shows).
void buildTjFusionPipeline(OpPassManager &pm);
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

/// Registers `tj-cpu-pipeline` for tensorjit-opt.
void registerPipelines();

} // namespace mlir::tj

#endif // TENSORJIT_JIT_PIPELINE_H
