//===- ShapeInference.cpp - Host shape inference --------------------------===//

#include "lib/runtime/ShapeInference.h"

#include "dialects/tj/TypeRules.h"
#include "lib/runtime/DTypes.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tensorjit::detail {

ShapePlan::ShapePlan(const FunctionGraph &graph) {
  absl::flat_hash_map<const Node *, int> position;
  absl::flat_hash_map<const Node *, int> inputPosition;
  for (auto [i, node] : llvm::enumerate(graph.inputs))
    inputPosition[node] = i;
  for (const Node *node : graph.order) {
    Step step{node, {}, -1};
    for (const Var &operand : node->inputs)
      step.operands.push_back(position.at(operand.node().get()));
    if (auto it = inputPosition.find(node); it != inputPosition.end())
      step.input = it->second;
    position[node] = steps.size();
    steps.push_back(std::move(step));
  }
  for (const Var &output : graph.outputs)
    outputs.push_back(position.at(output.node().get()));
}

namespace {

/// "inputs 'a' (#0) and 'b' (#1)": the function inputs `step` depends on.
std::string dependencies(const ShapePlan &plan, int step) {
  std::vector<std::string> names;
  absl::flat_hash_set<int> seen;
  std::vector<int> stack = {step};
  std::vector<int> inputs;
  while (!stack.empty()) {
    int current = stack.back();
    stack.pop_back();
    if (!seen.insert(current).second)
      continue;
    const ShapePlan::Step &s = plan.steps[current];
    if (s.input >= 0)
      inputs.push_back(s.input);
    for (int operand : s.operands)
      stack.push_back(operand);
  }
  std::sort(inputs.begin(), inputs.end());
  for (int input : inputs) {
    const Node *node = nullptr;
    for (const ShapePlan::Step &s : plan.steps)
      if (s.input == input)
        node = s.node;
    names.push_back(absl::StrCat("'", node->name, "' (#", input, ")"));
  }
  if (names.empty())
    return "constants only";
  return absl::StrCat(names.size() == 1 ? "input " : "inputs ",
                      absl::StrJoin(names, ", "));
}

[[noreturn]] void fail(const ShapePlan &plan, const FunctionGraph &graph,
                       int step, absl::string_view message) {
  throw Error(absl::StrCat("function '", graph.name,
                           "': ", op_name(plan.steps[step].node->op), " of ",
                           dependencies(plan, step), ": ", message));
}

mlir::tj::Shape toRules(const Shape &shape) {
  return mlir::tj::Shape(shape.begin(), shape.end());
}

int64_t count(const Shape &shape) {
  int64_t n = 1;
  for (int64_t size : shape)
    n *= size;
  return n;
}

} // namespace

void infer_shapes(const ShapePlan &plan, const FunctionGraph &graph,
                  const std::vector<const Shape *> &inputShapes,
                  std::vector<Shape> &shapes, std::vector<bool> &inferredOnes) {
  shapes.resize(plan.steps.size());
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const ShapePlan::Step &step = plan.steps[i];
    const Node &node = *step.node;
    auto operand = [&](size_t k) -> const Shape & {
      return shapes[step.operands[k]];
    };
    Shape &out = shapes[i];
    // Writes a rule's shape into `out`, reusing its storage from the
    // previous call (no allocation on a steady-state call).
    auto check = [&](auto result) {
      if (!result.ok())
        fail(plan, graph, i, result.status().message());
      out.assign(result->begin(), result->end());
    };
    if (step.input >= 0) {
      out = *inputShapes[step.input];
      continue;
    }
    switch (node.op) {
    case OpKind::Input:
      // An input that is not a function input: function() rejects this.
      fail(plan, graph, i, "is not an input of the function");
    case OpKind::Constant:
      out = node.value->shape();
      break;
    case OpKind::Cast:
      out = operand(0);
      break;
    case OpKind::Grad:
    case OpKind::RandomNext: // the shape of the state
      out = operand(1);
      break;
    case OpKind::Select:
      check(mlir::tj::broadcastShapes(
          {toRules(operand(0)), toRules(operand(1)), toRules(operand(2))}));
      break;
    case OpKind::Dot:
      check(mlir::tj::dotShape(operand(0), operand(1)));
      break;
    case OpKind::Transpose:
      check(mlir::tj::transposeShape(operand(0), node.ints));
      break;
    case OpKind::Dimshuffle:
      out.clear();
      for (int64_t axis : node.ints)
        out.push_back(axis < 0 ? 1 : operand(0)[axis]);
      break;
    case OpKind::BroadcastTo: {
      absl::Status status = mlir::tj::checkBroadcastTo(operand(0), node.ints);
      if (!status.ok())
        fail(plan, graph, i, status.message());
      out = node.ints;
      break;
    }
    case OpKind::Reshape: {
      int64_t total = count(operand(0)), known = 1;
      int inferred = -1;
      out = node.ints;
      for (size_t d = 0; d < out.size(); ++d) {
        if (out[d] == -1)
          inferred = d;
        else
          known *= out[d];
      }
      if (inferred >= 0 && known != 0 && total % known == 0)
        out[inferred] = total / known;
      if (count(out) != total || (inferred >= 0 && known == 0))
        fail(plan, graph, i,
             absl::StrCat("cannot reshape an array of size ", total, " (shape ",
                          shape_string(operand(0)), ") into shape ",
                          shape_string(node.ints)));
      if (inferred >= 0)
        inferredOnes.push_back(out[inferred] == 1);
      break;
    }
    default:
      if (is_random_draw(node.op)) {
        out = node.ints;
      } else if (is_unary(node.op)) {
        out = operand(0);
      } else if (is_binary(node.op)) {
        check(mlir::tj::broadcastShapes(
            {toRules(operand(0)), toRules(operand(1))}));
      } else {
        // Reductions. max, min and argmax have no identity (numpy refuses
        // an empty reduction).
        const Shape &in = operand(0);
        bool noIdentity = node.op == OpKind::Max || node.op == OpKind::Min ||
                          node.op == OpKind::Argmax;
        if (noIdentity)
          for (int64_t axis : node.ints)
            if (in[axis] == 0)
              fail(plan, graph, i,
                   absl::StrCat("zero-size axis ", axis, " of shape ",
                                shape_string(in),
                                " has no identity for this reduction"));
        check(mlir::tj::reduceShape(in, node.ints, node.keepdims));
      }
    }
  }
}

} // namespace tensorjit::detail
