//===- GpuMergeModules.cpp - Few kernel modules per host module -----------===//
//
// gpu-kernel-outlining puts each kernel in a gpu.module of its own, with a
// copy of every symbol it uses. Each module becomes a gpu.binary on its
// own: libdevice is loaded and linked, LLVM's pipeline set up and the
// NVPTX backend run once per kernel, and at run time the driver loads and
// JIT-compiles one PTX module per kernel. This pass moves the kernels into
// as few modules as there are compile threads (one, unless `parts` says
// more and the kernels are large enough to be worth a thread each; of
// about equal size), each under its old module's name (unique in the host
// module), keeps one copy of the other symbols in each, and points the
// launches at the merged modules. tj-gpu-serialize then compiles the
// modules on threads of their own. It also gives every module NVPTX's LLVM
// data layout.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

#include <algorithm>

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

/// The operations in `kernels`' kernels: how long they take to compile.
size_t kernelSize(gpu::GPUModuleOp kernels) {
  size_t size = 0;
  for (auto function : kernels.getOps<gpu::GPUFuncOp>())
    if (function.isKernel())
      function.walk([&](Operation *) { ++size; });
  return size;
}

/// The kernel modules, of kernelSize `sizes`, in `count` groups of about
/// equal size (largest first, each to the smallest group; a group in
/// module order), or in one group when `count` is 1.
SmallVector<SmallVector<gpu::GPUModuleOp>>
groupModules(ArrayRef<gpu::GPUModuleOp> modules, ArrayRef<size_t> sizes,
             size_t count) {
  auto order = llvm::to_vector(llvm::seq<size_t>(0, modules.size()));
  llvm::stable_sort(order,
                    [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
  SmallVector<size_t> groupOf(modules.size()), load(count, 0);
  for (size_t index : order) {
    size_t group = llvm::min_element(load) - load.begin();
    groupOf[index] = group;
    load[group] += sizes[index];
  }
  SmallVector<SmallVector<gpu::GPUModuleOp>> groups(count);
  for (auto [index, module] : llvm::enumerate(modules))
    groups[groupOf[index]].push_back(module);
  return groups;
}

/// (old module, old kernel) -> the kernel's module and name after merging.
using Moves = llvm::DenseMap<std::pair<StringAttr, StringAttr>, SymbolRefAttr>;

/// Moves every kernel of `group`'s modules into its first, the other
/// symbols once, and records where each kernel went in `moved`.
LogicalResult merge(ArrayRef<gpu::GPUModuleOp> group, Moves &moved) {
  auto isKernel = [](Operation &op) {
    auto function = dyn_cast<gpu::GPUFuncOp>(op);
    return function && function.isKernel();
  };
  // Outlining's one kernel takes its module's name (as in the first module
  // of the host module, whose names do not change); kernels of a module
  // with several keep theirs. Either is made unique on insertion.
  auto alone = [&](gpu::GPUModuleOp kernels) {
    return llvm::count_if(*kernels.getBody(), isKernel) == 1;
  };
  gpu::GPUModuleOp merged = group.front();
  SymbolTable symbols(merged);
  if (alone(merged)) {
    Operation *kernel = &*llvm::find_if(*merged.getBody(), isKernel);
    StringAttr name = SymbolTable::getSymbolName(kernel);
    if (name != merged.getSymNameAttr() &&
        !symbols.lookup(merged.getSymNameAttr()) &&
        succeeded(symbols.rename(kernel, merged.getSymNameAttr())))
      moved[{merged.getSymNameAttr(), name}] =
          SymbolRefAttr::get(merged.getSymNameAttr(),
                             {FlatSymbolRefAttr::get(merged.getSymNameAttr())});
  }
  for (gpu::GPUModuleOp from : llvm::drop_begin(group)) {
    bool single = alone(from);
    // A gpu.module's body has no terminator.
    for (Operation &op : llvm::make_early_inc_range(*from.getBody())) {
      if (isKernel(op)) {
        StringAttr name = SymbolTable::getSymbolName(&op);
        op.remove();
        if (single)
          SymbolTable::setSymbolName(&op, from.getSymNameAttr());
        StringAttr inserted = symbols.insert(&op);
        moved[{from.getSymNameAttr(), name}] = SymbolRefAttr::get(
            merged.getSymNameAttr(), {FlatSymbolRefAttr::get(inserted)});
        continue;
      }
      auto symbol = dyn_cast<SymbolOpInterface>(op);
      Operation *kept = symbol ? symbols.lookup(symbol.getNameAttr()) : nullptr;
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
      if (printed(kept) != printed(&op))
        return op.emitError("tj-gpu-merge-modules: kernel modules define @")
               << symbol.getName() << " differently";
      op.erase();
    }
    from.erase();
  }
  return success();
}

struct TjGpuMergeModules
    : public tj::impl::TjGpuMergeModulesBase<TjGpuMergeModules> {
  using Base::Base;

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
    SmallVector<size_t> sizes = llvm::map_to_vector(kernelModules, kernelSize);
    size_t total = llvm::sum_of(sizes);
    size_t count = std::min<size_t>(
        {std::max<size_t>(parts, 1), kernelModules.size(),
         std::max<size_t>(total / std::max<size_t>(minPartSize, 1), 1)});
    Moves moved;
    for (ArrayRef<gpu::GPUModuleOp> group :
         groupModules(kernelModules, sizes, count))
      if (!group.empty() && failed(merge(group, moved)))
        return signalPassFailure();
    module.walk([&](gpu::LaunchFuncOp launch) {
      SymbolRefAttr kernel = launch.getKernel();
      auto found =
          moved.find({kernel.getRootReference(), kernel.getLeafReference()});
      if (found != moved.end())
        launch.setKernelAttr(found->second);
    });
  }
};

} // namespace
