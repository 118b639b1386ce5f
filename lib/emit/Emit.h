//===- Emit.h - Graph -> tj dialect (internal) ------------------*- C++ -*-===//

#ifndef TENSORJIT_LIB_EMIT_EMIT_H
#define TENSORJIT_LIB_EMIT_EMIT_H

#include "lib/api/Graph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace tensorjit::detail {

/// A function's graph: its inputs, outputs and every node in between.
struct FunctionGraph {
  std::string name;
  std::vector<const Node *> inputs;
  std::vector<Var> outputs;
  /// All nodes the outputs depend on, operands first.
  std::vector<const Node *> order;
};

/// What a compiled function is specialized for (the compile cache key).
struct Signature {
  /// Per input: the argument's dtype (a lossless upcast of the input's
  /// dtype happens in compiled code) and which dimensions have size 1.
  struct Input {
    DType dtype;
    std::vector<bool> ones;
    bool operator==(const Input &) const = default;
  };
  std::vector<Input> inputs;
  /// Per reshape with an inferred (-1) size, in graph order: whether that
  /// size is 1. Every other size-1 dimension follows from the inputs.
  std::vector<bool> inferredOnes;
  /// The CUDA ordinal the code is for, or -1 for the CPU.
  int device = -1;
  bool operator==(const Signature &) const = default;
  template <typename H> friend H AbslHashValue(H h, const Signature &s) {
    for (const Input &input : s.inputs)
      h = H::combine(std::move(h), input.dtype, input.ones);
    return H::combine(std::move(h), s.inferredOnes, s.device);
  }
};

/// Emits `func.func @<name>(inputs as tensors..., outputs as memrefs)` with
/// the C interface: size-1 dimensions are static 1, the others dynamic; the
/// outputs are written into the caller's buffers (destination passing).
mlir::OwningOpRef<mlir::ModuleOp> emit(mlir::MLIRContext &context,
                                       const FunctionGraph &graph,
                                       const Signature &signature);

/// The symbol name of the emitted function.
std::string symbol_name(const FunctionGraph &graph);

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_EMIT_EMIT_H
