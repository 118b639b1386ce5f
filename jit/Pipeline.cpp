//===- Pipeline.cpp - Pass pipelines per target ---------------------------===//

#include "jit/Pipeline.h"

#include "passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void tj::buildTjFusionPipeline(OpPassManager &pm,
                               const CpuPipelineOptions &options) {
  // Stable forms first, so that gradients are built from them; gradients
  // next, so that everything after sees the adjoint graph; stable forms
  // again, for the gradient graph.
  pm.addNestedPass<func::FuncOp>(createTjStabilize());
  pm.addNestedPass<func::FuncOp>(createTjAutodiff());
  pm.addNestedPass<func::FuncOp>(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createTjStabilize());
  // Fold tj constants and the size arithmetic around them first, so that
  // sizes known as constants reach the lowering as constants.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Elementwise chains become one kernel each (tj.fused).
  TjFuseElementwiseOptions fusion;
  fusion.assumeNoRuntimeBroadcast = options.assumeNoRuntimeBroadcast;
  pm.addNestedPass<func::FuncOp>(createTjFuseElementwise(fusion));
}

void tj::buildTjLoweringPipeline(OpPassManager &pm,
                                 const CpuPipelineOptions &options) {
  // tj -> linalg on tensors.
  TjLowerToLinalgOptions lowering;
  lowering.assumeNoRuntimeBroadcast = options.assumeNoRuntimeBroadcast;
  lowering.mrgDrawsPerThread = options.mrgDrawsPerThread;
  pm.addPass(createTjLowerToLinalg(lowering));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Named contractions stay named: tj-linalg-to-blas calls the BLAS for
  // them once they are on buffers.
  pm.addPass(createLinalgElementwiseOpFusionPass());
}

void tj::buildTjToLinalgPipeline(OpPassManager &pm,
                                 const CpuPipelineOptions &options) {
  buildTjFusionPipeline(pm, options);
  buildTjLoweringPipeline(pm, options);
}

/// linalg on tensors -> linalg on buffers, with deallocations, for either
/// target.
static void buildBufferizationPipeline(OpPassManager &pm) {
  // Kernels write straight into the outputs (eliminate-empty-tensors). In
  // MLIR 22 that miscompiles an init CSE shared between two reductions
  // (both land in one output; test/e2e/shared-init.mlir), so inits are
  // unshared first.
  pm.addNestedPass<func::FuncOp>(tj::createTjUnshareInits());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  // Tensors -> buffers. Function arguments and results become memrefs with
  // the identity layout, so callers pass plain row-major buffers.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
}

/// Loops on buffers -> LLVM, for the CPU.
static void buildLoopsToLLVMPipeline(OpPassManager &pm) {
  pm.addPass(createConvertBufferizationToMemRefPass());
  // Integer powers become calls to generated functions (written with scf).
  pm.addPass(createConvertMathToFuncs());
  // Reshapes of buffers become descriptor arithmetic (affine.apply), so
  // affine is lowered after them.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  // Math with an LLVM intrinsic goes there; log1p is kept exact (the
  // default approximates it as log(1 + x)) and, with what has no intrinsic,
  // becomes a libm call.
  ConvertMathToLLVMPassOptions math;
  math.approximateLog1p = false;
  pm.addPass(createConvertMathToLLVMPass(math));
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // What MLIR knew of distinct buffers, for LLVM's vectorizer.
  pm.addPass(tj::createTjAliasScopes());
}

void tj::buildLinalgToLLVMPipeline(OpPassManager &pm) {
  // A gradient step's x.w and g.x share one pass over x.
  pm.addPass(tj::createTjFuseOverRows());
  pm.addPass(createCanonicalizerPass());
  buildBufferizationPipeline(pm);
  pm.addPass(createTjLinalgToBlas());
  // Its split between threads is a parallel loop like the others.
  pm.addPass(createForallToParallelLoopPass());
  // Copies between strided slices as loops (there is no memrefCopy to
  // call).
  pm.addNestedPass<func::FuncOp>(tj::createTjCopiesToLinalg());
  // What is left of linalg becomes loops, parallel ones over its parallel
  // dimensions; the large ones run on several threads.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  // Reductions accumulate in registers, which LLVM vectorizes.
  pm.addNestedPass<func::FuncOp>(tj::createTjCpuReductions());
  pm.addPass(tj::createTjCpuParallelize());
  buildLoopsToLLVMPipeline(pm);
}

/// Buffers -> the loops a GPU runs: full reductions split, every memory
/// access in a parallel loop (tj-gpu-parallelize), on `allocations`.
static void buildGpuLoopsPipeline(OpPassManager &pm,
                                  const tj::GpuTargetOptions &target,
                                  bool gpuAllocations) {
  buildBufferizationPipeline(pm);
  // Large matmuls call cuBLAS (below the size, kernels of their own).
  if (target.cublasMinSize > 0) {
    tj::TjLinalgToBlasOptions blas;
    blas.library = "cublas";
    blas.minSize = target.cublasMinSize;
    pm.addPass(tj::createTjLinalgToBlas(blas));
  }
  // Deallocations become memref.dealloc, which tj-gpu-parallelize turns
  // into gpu.dealloc with the allocations.
  pm.addPass(createConvertBufferizationToMemRefPass());
  // Reductions as parallel partial folds, or a block per output, not one
  // thread's loop.
  tj::TjSplitReductionsOptions split;
  split.cooperativeThreads = target.blockReductions ? target.blockSize : 0;
  split.outputsPerBlock = target.columnOutputs;
  pm.addNestedPass<func::FuncOp>(tj::createTjSplitReductions(split));
  tj::TjGpuParallelizeOptions parallelize;
  parallelize.blockSize = target.blockSize;
  parallelize.elementsPerThread = target.elementsPerThread;
  parallelize.gpuAllocations = gpuAllocations;
  pm.addNestedPass<func::FuncOp>(tj::createTjGpuParallelize(parallelize));
}

void tj::buildGpuLoopsOnCpuPipeline(OpPassManager &pm,
                                    const GpuTargetOptions &target) {
  buildGpuLoopsPipeline(pm, target, /*gpuAllocations=*/false);
  buildLoopsToLLVMPipeline(pm);
}

/// Kernels -> NVVM -> PTX (embedded in a gpu.binary, loaded by the driver's
/// JIT), libdevice linked for the math; the host side -> LLVM, calling the
/// mgpu* entry points of jit/CudaRuntime. The passes of upstream's
/// gpu-lower-to-nvvm-pipeline, but for its own nvvm-attach-target: ours
/// links libdevice, and a second target would compile every kernel twice
/// (a gpu.binary holds an object per target; the runtime loads the first).
static void buildKernelsToPtxPipeline(OpPassManager &pm,
                                      const tj::GpuTargetOptions &target) {
  pm.addPass(createConvertNVGPUToNVVMPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  GpuNVVMAttachTargetOptions attach;
  attach.chip = target.chip;
  attach.features = target.features;
  attach.optLevel = 3;
  if (!target.libdevice.empty())
    attach.linkLibs.push_back(target.libdevice);
  pm.addPass(createGpuNVVMAttachTarget(attach));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  ConvertIndexToLLVMPassOptions index;
  index.indexBitwidth = 64;
  pm.addPass(createConvertIndexToLLVMPass(index));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  ConvertGpuOpsToNVVMOpsOptions kernels;
  kernels.indexBitwidth = 64;
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps(kernels));
  pm.addNestedPass<gpu::GPUModuleOp>(createCanonicalizerPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCSEPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createReconcileUnrealizedCastsPass());
  pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(tj::createTjGpuSerialize());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void tj::buildLinalgToGpuPipeline(OpPassManager &pm,
                                  const GpuTargetOptions &target) {
  buildGpuLoopsPipeline(pm, target, /*gpuAllocations=*/true);
  // Integer powers become generated functions, which kernel outlining
  // copies into the kernels' module.
  pm.addPass(createConvertMathToFuncs());
  // The block reductions first: upstream's conversion lowers no reduction.
  pm.addNestedPass<func::FuncOp>(tj::createTjGpuBlockReductions());
  pm.addNestedPass<func::FuncOp>(createGpuMapParallelLoopsPass());
  pm.addNestedPass<func::FuncOp>(createConvertParallelLoopToGpuPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  // What each launch reads and writes, for the CUDA graphs' dependencies.
  pm.addPass(tj::createTjGpuLaunchAccesses());
  // One kernel module, compiled and loaded once.
  tj::TjGpuMergeModulesOptions merge;
  merge.parts = target.compileThreads;
  merge.minPartSize = kMinKernelOpsPerPart;
  pm.addPass(tj::createTjGpuMergeModules(merge));
  buildKernelsToPtxPipeline(pm, target);
}

void tj::buildGpuPipeline(OpPassManager &pm, CpuPipelineOptions options,
                          const GpuTargetOptions &target) {
  options.mrgDrawsPerThread = target.mrgDrawsPerThread;
  buildTjToLinalgPipeline(pm, options);
  buildLinalgToGpuPipeline(pm, target);
}

void tj::buildCpuPipeline(OpPassManager &pm,
                          const CpuPipelineOptions &options) {
  buildTjToLinalgPipeline(pm, options);
  buildLinalgToLLVMPipeline(pm);
}

namespace {
struct CpuPipelineCliOptions
    : public PassPipelineOptions<CpuPipelineCliOptions> {
  Option<bool> assumeNoRuntimeBroadcast{
      *this, "assume-no-runtime-broadcast",
      llvm::cl::desc("See tj-lower-to-linalg"), llvm::cl::init(false)};
  Option<int64_t> mrgDrawsPerThread{
      *this, "mrg-draws-per-thread",
      llvm::cl::desc("See tj-lower-to-linalg (for tests: the GPU's MRG "
                     "stretches on the CPU)"),
      llvm::cl::init(0)};
};
} // namespace

struct GpuPipelineCliOptions
    : public PassPipelineOptions<GpuPipelineCliOptions> {
  Option<bool> assumeNoRuntimeBroadcast{
      *this, "assume-no-runtime-broadcast",
      llvm::cl::desc("See tj-lower-to-linalg"), llvm::cl::init(false)};
  Option<std::string> chip{*this, "chip", llvm::cl::desc("GPU architecture"),
                           llvm::cl::init(tj::GpuTargetOptions().chip)};
  Option<std::string> libdevice{
      *this, "libdevice", llvm::cl::desc("libdevice bitcode to link"),
      llvm::cl::init(tj::GpuTargetOptions().libdevice)};
  Option<int64_t> cublasMinSize{
      *this, "cublas-min-size",
      llvm::cl::desc("Matmuls of at least this m n k call cuBLAS (0: none)"),
      llvm::cl::init(0)};
  Option<bool> blockReductions{
      *this, "block-reductions",
      llvm::cl::desc("Short reductions of neighbours as a block per output"),
      llvm::cl::init(tj::GpuTargetOptions().blockReductions)};
  Option<int64_t> elementsPerThread{
      *this, "elements-per-thread", llvm::cl::desc("See tj-gpu-parallelize"),
      llvm::cl::init(tj::GpuTargetOptions().elementsPerThread)};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("Threads per block"),
                            llvm::cl::init(tj::GpuTargetOptions().blockSize)};
  Option<int64_t> columnOutputs{
      *this, "column-outputs",
      llvm::cl::desc("See tj-split-reductions' outputs-per-block"),
      llvm::cl::init(tj::GpuTargetOptions().columnOutputs)};
  Option<unsigned> compileThreads{
      *this, "compile-threads",
      llvm::cl::desc("The most parts the kernels compile in, in parallel"),
      llvm::cl::init(tj::GpuTargetOptions().compileThreads)};
};

void tj::registerPipelines() {
  PassPipelineRegistration<CpuPipelineCliOptions>(
      "tj-cpu-pipeline",
      "Lower tj to the LLVM dialect for the CPU (what the JIT runs)",
      [](OpPassManager &pm, const CpuPipelineCliOptions &cli) {
        CpuPipelineOptions options;
        options.assumeNoRuntimeBroadcast = cli.assumeNoRuntimeBroadcast;
        options.mrgDrawsPerThread = cli.mrgDrawsPerThread;
        buildCpuPipeline(pm, options);
      });
  PassPipelineRegistration<>(
      "tj-gpu-loops-on-cpu-pipeline",
      "For tests: the GPU pipeline's loops compiled for the CPU",
      [](OpPassManager &pm) {
        CpuPipelineOptions options;
        options.assumeNoRuntimeBroadcast = true;
        options.mrgDrawsPerThread = GpuTargetOptions().mrgDrawsPerThread;
        buildTjToLinalgPipeline(pm, options);
        buildGpuLoopsOnCpuPipeline(pm);
      });
  PassPipelineRegistration<GpuPipelineCliOptions>(
      "tj-gpu-pipeline",
      "Lower tj to PTX kernels and LLVM host code calling them (what the "
      "JIT runs on a CUDA device)",
      [](OpPassManager &pm, const GpuPipelineCliOptions &cli) {
        CpuPipelineOptions options;
        options.assumeNoRuntimeBroadcast = cli.assumeNoRuntimeBroadcast;
        GpuTargetOptions target;
        target.chip = cli.chip;
        target.libdevice = cli.libdevice;
        target.cublasMinSize = cli.cublasMinSize;
        target.blockReductions = cli.blockReductions;
        target.elementsPerThread = cli.elementsPerThread;
        target.blockSize = cli.blockSize;
        target.columnOutputs = cli.columnOutputs;
        target.compileThreads = cli.compileThreads;
        buildGpuPipeline(pm, options, target);
      });
}
