//===- ShapeInference.h - Host shape inference (internal) -------*- C++ -*-===//
//
// Before any kernel runs, the runtime computes every value's shape from the
// arguments' shapes with the dialect's rules (TypeRules.h), so that bad
// shapes raise tensorjit::Error and outputs can be allocated by the caller.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_LIB_RUNTIME_SHAPEINFERENCE_H
#define TENSORJIT_LIB_RUNTIME_SHAPEINFERENCE_H

#include "lib/emit/Emit.h"

#include <vector>

namespace tensorjit::detail {

/// The graph in evaluation order with operands as positions: built once per
/// Function, used on every call.
struct ShapePlan {
  struct Step {
    const Node *node;
    /// Positions of the operands in `steps`.
    std::vector<int> operands;
    /// For inputs: the position among the function's inputs, else -1.
    int input = -1;
  };
  std::vector<Step> steps;
  /// Positions of the outputs in `steps`.
  std::vector<int> outputs;

  explicit ShapePlan(const FunctionGraph &graph);
};

/// Fills `shapes` (one per step) from the input shapes and appends to
/// `inferredOnes` whether each inferred reshape size is 1 (see Signature).
/// Throws Error naming `function` and the inputs the bad value depends on.
void infer_shapes(const ShapePlan &plan, const FunctionGraph &graph,
                  const std::vector<const Shape *> &inputShapes,
                  std::vector<Shape> &shapes, std::vector<bool> &inferredOnes);

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_SHAPEINFERENCE_H
