//===- AliasScopes.cpp - Distinct buffers as LLVM alias scopes ------------===//
//
// The pass's contract is in Passes.td (tj-alias-scopes). MLIR's memrefs say
// which buffer each access touches; the LLVM dialect keeps that only as
// the def-use chains of pointers, which LLVM loses once it outlines the
// OpenMP regions (their pointers are then loaded from a struct) or where a
// loop is a function of its own. Alias scopes carry it through.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJALIASSCOPES
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// Whether `value` is an integer computed from constants only.
bool isConstantInteger(Value value, int depth = 4) {
  Operation *def = value.getDefiningOp();
  if (!def || depth == 0)
    return false;
  if (isa<LLVM::ConstantOp>(def))
    return true;
  if (!isa<LLVM::AddOp, LLVM::SubOp, LLVM::MulOp>(def))
    return false;
  return llvm::all_of(def->getOperands(), [&](Value operand) {
    return isConstantInteger(operand, depth - 1);
  });
}

/// The functions whose memref arguments are buffers of their own: the
/// entries tensorjit calls (through their C-interface wrappers).
bool isEntry(LLVM::LLVMFuncOp function) {
  return function->hasAttr("llvm.emit_c_interface") &&
         !function.getName().starts_with("_mlir_ciface_");
}

/// The buffer a pointer points into, found through the def-use chains of
/// the LLVM dialect (see Passes.td), or null.
class BufferRoots {
public:
  explicit BufferRoots(ModuleOp module) {
    module.walk([&](LLVM::CallOp call) {
      if (std::optional<StringRef> callee = call.getCallee())
        callers[*callee].push_back(call);
    });
  }

  Value of(Value pointer) {
    auto [it, inserted] = roots.try_emplace(pointer, Value());
    if (!inserted)
      return it->second; // Known, or being traced (a cycle): null.
    Value root = trace(pointer);
    roots[pointer] = root;
    return root;
  }

private:
  Value trace(Value pointer) {
    if (auto argument = dyn_cast<BlockArgument>(pointer))
      return ofArgument(argument);
    Operation *def = pointer.getDefiningOp();
    return TypeSwitch<Operation *, Value>(def)
        .Case([&](LLVM::GEPOp gep) { return of(gep.getBase()); })
        .Case([&](LLVM::ExtractValueOp extract) {
          return ofField(extract.getContainer(), extract.getPosition());
        })
        .Case([&](LLVM::CallOp call) {
          std::optional<StringRef> callee = call.getCallee();
          bool allocates =
              callee && (*callee == "malloc" || *callee == "aligned_alloc" ||
                         *callee == "calloc");
          return allocates ? pointer : Value();
        })
        .Case([&](LLVM::AllocaOp) { return pointer; })
        .Case([&](LLVM::IntToPtrOp cast) { return ofAligned(cast.getArg()); })
        .Case([&](LLVM::AddrSpaceCastOp cast) { return of(cast.getArg()); })
        .Default([](Operation *) { return Value(); });
  }

  /// A field of a struct built by insertvalue ops.
  Value ofField(Value aggregate, ArrayRef<int64_t> position) {
    while (auto insert = aggregate.getDefiningOp<LLVM::InsertValueOp>()) {
      ArrayRef<int64_t> at = insert.getPosition();
      if (at == position)
        return of(insert.getValue());
      size_t common = std::min(at.size(), position.size());
      if (at.take_front(common) == position.take_front(common))
        return Value(); // A part of the field, or a field around it.
      aggregate = insert.getContainer();
    }
    return Value();
  }

  /// The aligned pointer of a memref.alloc: (p + k) - (p + k) % a, p the
  /// allocated address, k and a constants.
  Value ofAligned(Value address) {
    auto sub = address.getDefiningOp<LLVM::SubOp>();
    if (!sub)
      return Value();
    auto rem = sub.getRhs().getDefiningOp<LLVM::URemOp>();
    auto add = sub.getLhs().getDefiningOp<LLVM::AddOp>();
    if (!rem || !add || rem.getLhs() != sub.getLhs() ||
        !isConstantInteger(rem.getRhs()))
      return Value();
    for (auto [pointer, offset] : {std::pair(add.getLhs(), add.getRhs()),
                                   std::pair(add.getRhs(), add.getLhs())})
      if (auto cast = pointer.getDefiningOp<LLVM::PtrToIntOp>();
          cast && isConstantInteger(offset))
        return of(cast.getArg());
    return Value();
  }

  Value ofArgument(BlockArgument argument) {
    auto function =
        dyn_cast<LLVM::LLVMFuncOp>(argument.getOwner()->getParentOp());
    if (!function || !argument.getOwner()->isEntryBlock())
      return Value();
    unsigned index = argument.getArgNumber();
    if (isEntry(function)) {
      // A memref is (allocated, aligned, offset, sizes..., strides...): a
      // pointer after a pointer is the aligned one of the same buffer.
      if (!isa<LLVM::LLVMPointerType>(argument.getType()))
        return Value();
      return function.getArgument(pairStart(function.getArguments(), index));
    }
    if (!function.isPrivate())
      return Value();
    auto it = callers.find(function.getName());
    if (it == callers.end())
      return Value();
    Value common;
    for (LLVM::CallOp call : it->second) {
      if (index >= call.getArgOperands().size())
        return Value();
      Value root = of(call.getArgOperands()[index]);
      if (!root || (common && root != common))
        return Value();
      common = root;
    }
    return common;
  }

  /// The first pointer of the (allocated, aligned) pair `index` is in.
  static unsigned pairStart(Block::BlockArgListType arguments, unsigned index) {
    unsigned start = 0;
    bool inPair = false;
    for (unsigned i = 0; i <= index; ++i) {
      bool pointer = isa<LLVM::LLVMPointerType>(arguments[i].getType());
      if (pointer && inPair) {
        inPair = false; // The aligned pointer closes the pair.
        continue;
      }
      if (pointer) {
        start = i;
        inPair = true;
        continue;
      }
      inPair = false;
    }
    return start;
  }

  llvm::StringMap<SmallVector<LLVM::CallOp>> callers;
  DenseMap<Value, Value> roots;
};

struct TjAliasScopes : tj::impl::TjAliasScopesBase<TjAliasScopes> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Functions that call one another share a domain: an outlined loop
    // sees its caller's buffers.
    llvm::EquivalenceClasses<Operation *> groups;
    llvm::StringMap<Operation *> functions;
    module.walk([&](LLVM::LLVMFuncOp function) {
      groups.insert(function);
      functions[function.getName()] = function;
    });
    module.walk([&](LLVM::CallOp call) {
      std::optional<StringRef> callee = call.getCallee();
      auto it = callee ? functions.find(*callee) : functions.end();
      if (it != functions.end())
        groups.unionSets(call->getParentOfType<LLVM::LLVMFuncOp>(), it->second);
    });

    // Each group's accesses by buffer, in the order of the module.
    BufferRoots roots(module);
    llvm::MapVector<Operation *,
                    llvm::MapVector<Value, SmallVector<Operation *>>>
        accesses;
    module.walk([&](LLVM::AliasAnalysisOpInterface op) {
      SmallVector<Value> operands = op.getAccessedOperands();
      if (operands.size() != 1 || op.getAliasScopesOrNull() ||
          op.getNoAliasScopesOrNull())
        return;
      if (Value root = roots.of(operands.front())) {
        Operation *group =
            groups.getLeaderValue(op->getParentOfType<LLVM::LLVMFuncOp>());
        accesses[group][root].push_back(op);
      }
    });

    MLIRContext *context = module.getContext();
    for (auto &[group, buffers] : accesses) {
      if (buffers.size() < 2)
        continue; // Nothing to tell apart.
      auto domain = LLVM::AliasScopeDomainAttr::get(
          context, StringAttr::get(context, "tensorjit buffers"));
      SmallVector<Attribute> scopes;
      for (size_t i = 0; i < buffers.size(); ++i)
        scopes.push_back(LLVM::AliasScopeAttr::get(domain));
      for (auto [i, entry] : llvm::enumerate(buffers)) {
        SmallVector<Attribute> others(scopes);
        others.erase(others.begin() + i);
        auto own = ArrayAttr::get(context, scopes[i]);
        auto noalias = ArrayAttr::get(context, others);
        for (Operation *op : entry.second) {
          auto access = cast<LLVM::AliasAnalysisOpInterface>(op);
          access.setAliasScopes(own);
          access.setNoAliasScopes(noalias);
        }
      }
    }
  }
};

} // namespace
