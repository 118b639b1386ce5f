//===- GpuMergeModules.cpp - One kernel module per host module ------------===//
//
// gpu-kernel-outlining puts each kernel in a gpu.module of its own, with a
// copy of every symbol it uses. Each module becomes a gpu.binary on its
// own: libdevice is loaded and linked, LLVM's pipeline set up and the
// NVPTX backend run once per kernel, and at run time the driver loads and
// JIT-compiles one PTX module per kernel. This pass moves every kernel
// into the first module, under its old module's name (unique in the host
// module), keeps one copy of the other symbols, and points the launches at
// the merged module. It also gives the module NVPTX's LLVM data layout.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJGPUMERGEMODULES
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// The NVPTX backend's data layout for 64-bit pointers.
constexpr llvm::StringLiteral kNvptxDataLayout =
    "e-i64:64-i128:128-v16:16-v32:32-n16:32:64";

/// `op` printed without locations, its values numbered from its own
/// scope: copies of one symbol print alike.
std::string printed(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os, OpPrintingFlags().useLocalScope());
  return text;
}

struct TjGpuMergeModules
    : public tj::impl::TjGpuMergeModulesBase<TjGpuMergeModules> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernelModules(
        module.getOps<gpu::GPUModuleOp>());
    // Without a data layout the translation to LLVM IR takes LLVM's
    // default, which aligns i64 to 4 bytes: NVPTX then splits every i64
    // load and store in two 32-bit ones. NVPTX's own (libdevice's) aligns
    // it to 8, as device allocations are.
    for (gpu::GPUModuleOp kernels : kernelModules)
      kernels->setAttr(LLVM::LLVMDialect::getDataLayoutAttrName(),
                       StringAttr::get(&getContext(), kNvptxDataLayout));
    if (kernelModules.size() < 2)
      return;
    gpu::GPUModuleOp merged = kernelModules.front();
    SymbolTable symbols(merged);
    // (old module, old kernel) -> the kernel's name in `merged`.
    llvm::DenseMap<std::pair<StringAttr, StringAttr>, StringAttr> moved;
    for (gpu::GPUModuleOp from : llvm::drop_begin(kernelModules)) {
      auto isKernel = [](Operation &op) {
        auto function = dyn_cast<gpu::GPUFuncOp>(op);
        return function && function.isKernel();
      };
      // Outlining's one kernel takes its module's name; kernels of a module
      // with several keep theirs. Either is made unique on insertion.
      bool alone = llvm::count_if(*from.getBody(), isKernel) == 1;
      // A gpu.module's body has no terminator.
      for (Operation &op : llvm::make_early_inc_range(*from.getBody())) {
        if (isKernel(op)) {
          StringAttr name = SymbolTable::getSymbolName(&op);
          op.remove();
          if (alone)
            SymbolTable::setSymbolName(&op, from.getSymNameAttr());
          moved[{from.getSymNameAttr(), name}] = symbols.insert(&op);
          continue;
        }
        auto symbol = dyn_cast<SymbolOpInterface>(op);
        Operation *kept =
            symbol ? symbols.lookup(symbol.getNameAttr()) : nullptr;
        if (!kept) {
          op.remove();
          if (symbol)
            symbols.insert(&op);
          else
            merged.getBody()->push_back(&op);
          continue;
        }
        // Outlining copies what a kernel uses from the host module, so
        // symbols of one name are copies of one symbol.
        if (printed(kept) != printed(&op)) {
          op.emitError("tj-gpu-merge-modules: kernel modules define @")
              << symbol.getName() << " differently";
          return signalPassFailure();
        }
        op.erase();
      }
      from.erase();
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      SymbolRefAttr kernel = launch.getKernel();
      auto found =
          moved.find({kernel.getRootReference(), kernel.getLeafReference()});
      if (found == moved.end())
        return;
      launch.setKernelAttr(SymbolRefAttr::get(
          merged.getSymNameAttr(), {FlatSymbolRefAttr::get(found->second)}));
    });
  }
};

} // namespace
