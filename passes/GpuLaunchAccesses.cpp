//===- GpuLaunchAccesses.cpp - Tell the runtime what each kernel touches --===//
//
// A call's kernels are replayed as a CUDA graph, whose nodes need only
// wait for the kernels they depend on. The runtime sees a launch's
// parameters, not which buffers the kernel reads or writes; this pass says
// so before each gpu.launch_func, calling tj_rt_gpu_access(pointer,
// writes) for each buffer operand, with the buffer's aligned pointer and
// whether the kernel may write it. A launch whose kernel's writes cannot
// be told apart (an op of unknown effects, a write through memory not
// derived from a buffer argument) or that passes memory other than ranked
// memrefs (a pointer, an unranked memref) gets no call: the runtime then
// orders it after and before everything.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJGPULAUNCHACCESSES
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kAccess = "tj_rt_gpu_access";

/// The kernel argument `value` is a view of, or -1 if it is memory of the
/// kernel's own (an alloca, workgroup or private memory), or -2 if it
/// cannot be told.
int64_t argumentOf(gpu::GPUFuncOp kernel, Value value) {
  while (true) {
    if (auto argument = dyn_cast<BlockArgument>(value)) {
      if (argument.getOwner() != &kernel.getBody().front())
        return -2;
      unsigned number = argument.getArgNumber();
      return number < kernel.getNumArguments() ? int64_t(number) : -1;
    }
    Operation *op = value.getDefiningOp();
    if (isa<memref::AllocaOp>(op))
      return -1;
    if (auto view = dyn_cast<ViewLikeOpInterface>(op)) {
      value = view.getViewSource();
      continue;
    }
    return -2;
  }
}

/// Which of `kernel`'s arguments it may write, if that can be told.
std::optional<llvm::BitVector> writtenArguments(gpu::GPUFuncOp kernel) {
  llvm::BitVector written(kernel.getNumArguments());
  WalkResult walk = kernel.walk([&](Operation *op) {
    // Synchronization and a block's combination touch no buffer.
    if (op == kernel || op->hasTrait<OpTrait::IsTerminator>() ||
        isa<gpu::BarrierOp, gpu::AllReduceOp>(op) ||
        op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return WalkResult::advance();
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effects)
      return WalkResult::interrupt();
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    for (const MemoryEffects::EffectInstance &instance : instances) {
      if (isa<MemoryEffects::Read>(instance.getEffect()))
        continue;
      Value value = instance.getValue();
      if (!value)
        return WalkResult::interrupt();
      int64_t argument = argumentOf(kernel, value);
      if (argument == -2 ||
          (argument >= 0 && !isa<MemRefType>(value.getType())))
        return WalkResult::interrupt();
      if (argument >= 0)
        written.set(argument);
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return std::nullopt;
  return written;
}

struct TjGpuLaunchAccesses
    : tj::impl::TjGpuLaunchAccessesBase<TjGpuLaunchAccesses> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::LaunchFuncOp> launches;
    module.walk([&](gpu::LaunchFuncOp launch) { launches.push_back(launch); });
    if (launches.empty())
      return;
    OpBuilder builder(module.getBodyRegion());
    builder.setInsertionPointToStart(module.getBody());
    Type i64 = builder.getI64Type();
    auto type = builder.getFunctionType({i64, i64}, {});
    func::FuncOp access = tj::declareFunction(module, kAccess, type);
    if (access.getFunctionType() != type) {
      access.emitOpError("is not (i64, i64) -> ()");
      return signalPassFailure();
    }
    llvm::DenseMap<Operation *, std::optional<llvm::BitVector>> written;
    for (gpu::LaunchFuncOp launch : launches) {
      auto kernel = SymbolTable::lookupNearestSymbolFrom<gpu::GPUFuncOp>(
          launch, launch.getKernel());
      if (!kernel) {
        launch.emitOpError("launches no gpu.func the pass can read");
        return signalPassFailure();
      }
      auto [found, inserted] = written.try_emplace(kernel);
      if (inserted)
        found->second = writtenArguments(kernel);
      // Buffers as ranked memrefs only, besides numbers.
      const std::optional<llvm::BitVector> &writes = found->second;
      if (!writes || llvm::any_of(launch.getKernelOperands(), [](Value v) {
            Type type = v.getType();
            return !isa<MemRefType>(type) && !type.isIntOrIndexOrFloat();
          }))
        continue;
      builder.setInsertionPoint(launch);
      Location loc = launch.getLoc();
      for (auto [i, operand] : llvm::enumerate(launch.getKernelOperands())) {
        if (!isa<MemRefType>(operand.getType()))
          continue;
        Value pointer = arith::IndexCastOp::create(
            builder, loc, i64,
            memref::ExtractAlignedPointerAsIndexOp::create(builder, loc,
                                                           operand));
        Value written = arith::ConstantIntOp::create(
            builder, loc, i64, i < writes->size() && (*writes)[i]);
        func::CallOp::create(builder, loc, access,
                             ValueRange{pointer, written});
      }
    }
  }
};

} // namespace
