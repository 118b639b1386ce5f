//===- GpuSerialize.cpp - Kernel modules to PTX, on threads ---------------===//
//
// Upstream's gpu-module-to-binary compiles the gpu.modules one after
// another. Most of a GPU function's compile is there (the LR training
// step: libdevice linked, LLVM's O3 and NVPTX code generation of 15
// kernels, 110 of its 185 ms), so this pass compiles each module (a part
// of the kernels, tj-gpu-merge-modules) on a thread of its own, through
// the same serializer, and then replaces the modules by their gpu.binary
// in the host module's order.
//
// The JIT's MLIR context runs single-threaded (its compiles are serialized
// and need no thread pool): for the compile the pass turns the context's
// multithreading on, which makes its uniquing of attributes and types safe
// from several threads, and back off after.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/GPU/IR/CompilationInterfaces.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Threading.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJGPUSERIALIZE
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// Each target's object of one kernel module, in its targets' order.
using Objects = SmallVector<SmallVector<char, 0>>;

/// `kernels` compiled for each of its targets, or failure (diagnosed).
FailureOr<Objects> serialize(gpu::GPUModuleOp kernels,
                             const gpu::TargetOptions &options) {
  Objects objects;
  for (Attribute attribute : kernels.getTargetsAttr()) {
    auto target = dyn_cast<gpu::TargetAttrInterface>(attribute);
    if (!target)
      return kernels.emitError("tj-gpu-serialize: target ")
             << attribute << " cannot compile kernels";
    std::optional<SmallVector<char, 0>> object =
        target.serializeToObject(kernels, options);
    if (!object)
      return kernels.emitError("tj-gpu-serialize: compiling for ")
             << attribute << " failed";
    objects.push_back(std::move(*object));
  }
  return objects;
}

struct TjGpuSerialize : public tj::impl::TjGpuSerializeBase<TjGpuSerialize> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernelModules(
        module.getOps<gpu::GPUModuleOp>());
    for (gpu::GPUModuleOp kernels : kernelModules)
      if (!kernels.getTargetsAttr() || kernels.getTargetsAttr().empty()) {
        kernels.emitError("tj-gpu-serialize: a kernel module needs a target");
        return signalPassFailure();
      }
    gpu::TargetOptions options({}, {}, {}, {},
                               gpu::CompilationTarget::Assembly);
    SmallVector<FailureOr<Objects>> compiled(kernelModules.size(), failure());
    MLIRContext &context = getContext();
    bool threaded = context.isMultithreadingEnabled();
    if (kernelModules.size() > 1 && !threaded)
      context.enableMultithreading(true);
    LogicalResult result = failableParallelForEachN(
        &context, 0, kernelModules.size(), [&](size_t index) {
          compiled[index] = serialize(kernelModules[index], options);
          return success(succeeded(compiled[index]));
        });
    if (context.isMultithreadingEnabled() != threaded)
      context.enableMultithreading(threaded);
    if (failed(result))
      return signalPassFailure();

    for (auto [kernels, objects] : llvm::zip(kernelModules, compiled)) {
      // NVVM's serializer notes how long it took on the module, which its
      // objects would keep: the same module would compile to different IR
      // each time.
      kernels->removeAttr("LLVMIRToISATimeInMs");
      kernels->removeAttr("ISAToBinaryTimeInMs");
      OpBuilder builder(kernels);
      SmallVector<Attribute> attributes;
      for (auto [target, object] :
           llvm::zip(kernels.getTargetsAttr(), *objects))
        attributes.push_back(
            cast<gpu::TargetAttrInterface>(target).createObject(kernels, object,
                                                                options));
      gpu::BinaryOp::create(builder, kernels.getLoc(), kernels.getName(),
                            kernels.getOffloadingHandlerAttr(),
                            builder.getArrayAttr(attributes));
      kernels.erase();
    }
  }
};

} // namespace
