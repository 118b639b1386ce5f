//===- ModuleParts.cpp - A module split for parallel compilation ---------===//

#include "jit/ModuleParts.h"

#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <algorithm>

namespace {

using llvm::GlobalValue;

/// Calls `visit` on each global value `value` is or uses through constant
/// expressions (not through other globals' initializers).
void forEachGlobal(const llvm::Value *value,
                   llvm::function_ref<void(const GlobalValue *)> visit,
                   llvm::SmallPtrSetImpl<const llvm::Constant *> &seen) {
  if (auto *global = llvm::dyn_cast<GlobalValue>(value)) {
    visit(global);
    return;
  }
  auto *constant = llvm::dyn_cast<llvm::Constant>(value);
  if (!constant || !seen.insert(constant).second)
    return;
  for (const llvm::Use &operand : constant->operands())
    forEachGlobal(operand.get(), visit, seen);
}

/// Whether `user` and the global `used` it refers to must share a part:
/// `used` is local to the module, or a function `user` may inline, or
/// `user` is an appending array (llvm.used and the like).
bool mustShare(const GlobalValue &user, const GlobalValue &used) {
  if (used.isDeclaration())
    return false;
  if (used.hasLocalLinkage() || user.hasAppendingLinkage())
    return true;
  auto *function = llvm::dyn_cast<llvm::Function>(&used);
  return function && !function->hasFnAttribute(llvm::Attribute::NoInline);
}

/// How many times an instruction in a loop counts in a function's cost
/// (vectorized, a loop becomes several). On the LR training step, parts
/// weighed so compile in 36 and 38 ms; by instructions alone, in 29 and 45.
constexpr size_t kLoopWeight = 4;

/// The estimated cost of compiling `function`: its instructions, those in
/// loops kLoopWeight times.
size_t cost(const llvm::Function &function) {
  llvm::DominatorTree dominators(const_cast<llvm::Function &>(function));
  llvm::LoopInfo loops(dominators);
  size_t total = 0;
  for (const llvm::BasicBlock &block : function)
    total += block.size() * (loops.getLoopFor(&block) ? kLoopWeight : 1);
  return total;
}

} // namespace

namespace mlir::tj {

std::vector<std::string> splitOffParts(llvm::Module &module, size_t parts,
                                       size_t minInstructions) {
  if (parts < 2 || !module.alias_empty() || !module.ifunc_empty())
    return {};
  // Groups of globals that must share a part.
  llvm::EquivalenceClasses<const GlobalValue *> groups;
  // Joins `user` with what `value` refers to that it must share a part
  // with; each user walks constant expressions afresh (two functions may
  // use one).
  auto joinUses = [&](const GlobalValue &user, const llvm::Value *value,
                      llvm::SmallPtrSetImpl<const llvm::Constant *> &seen) {
    forEachGlobal(
        value,
        [&](const GlobalValue *used) {
          if (mustShare(user, *used))
            groups.unionSets(&user, used);
        },
        seen);
  };
  size_t instructions = 0;
  for (const llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    groups.insert(&function);
    instructions += function.getInstructionCount();
    llvm::SmallPtrSet<const llvm::Constant *, 32> seen;
    for (const llvm::BasicBlock &block : function)
      for (const llvm::Instruction &instruction : block)
        for (const llvm::Use &operand : instruction.operands())
          joinUses(function, operand.get(), seen);
  }
  for (const llvm::GlobalVariable &variable : module.globals()) {
    if (variable.isDeclaration())
      continue;
    groups.insert(&variable);
    llvm::SmallPtrSet<const llvm::Constant *, 32> seen;
    joinUses(variable, variable.getInitializer(), seen);
  }
  if (instructions < minInstructions)
    return {};

  // The groups, costliest first, each to the part of least cost so far.
  std::vector<std::pair<size_t, const GlobalValue *>> sizes;
  for (auto group = groups.begin(); group != groups.end(); ++group) {
    if (!(*group)->isLeader())
      continue;
    size_t size = 0;
    for (auto member = groups.member_begin(**group);
         member != groups.member_end(); ++member)
      if (auto *function = llvm::dyn_cast<llvm::Function>(*member))
        size += cost(*function);
    sizes.emplace_back(size, (*group)->getData());
  }
  std::stable_sort(sizes.begin(), sizes.end(),
                   [](auto &a, auto &b) { return a.first > b.first; });
  std::vector<size_t> load(parts, 0);
  llvm::DenseMap<const GlobalValue *, size_t> partOfLeader;
  for (auto &[size, leader] : sizes) {
    // Variables alone stay in the first part.
    size_t part =
        size == 0 ? 0
                  : std::min_element(load.begin(), load.end()) - load.begin();
    load[part] += size;
    partOfLeader[leader] = part;
  }
  if (std::count_if(load.begin(), load.end(),
                    [](size_t size) { return size > 0; }) < 2)
    return {};
  auto partOf = [&](const GlobalValue *global) {
    return partOfLeader.lookup(groups.getLeaderValue(global));
  };

  std::vector<std::string> bitcode;
  for (size_t part = 1; part < parts; ++part) {
    if (load[part] == 0)
      continue;
    llvm::ValueToValueMapTy map;
    std::unique_ptr<llvm::Module> copy =
        llvm::CloneModule(module, map, [&](const GlobalValue *global) {
          return partOf(global) == part;
        });
    llvm::raw_string_ostream os(bitcode.emplace_back());
    llvm::WriteBitcodeToFile(*copy, os);
  }
  // The first part is what stays defined here.
  for (llvm::Function &function : module)
    if (!function.isDeclaration() && partOf(&function) != 0)
      function.deleteBody();
  for (llvm::GlobalVariable &variable : module.globals())
    if (!variable.isDeclaration() && partOf(&variable) != 0) {
      variable.setInitializer(nullptr);
      variable.setLinkage(GlobalValue::ExternalLinkage);
      variable.setComdat(nullptr);
    }
  return bitcode;
}

} // namespace mlir::tj
