//===- Graph.h - Nodes of the expression graph (internal) -------*- C++ -*-===//

#ifndef TENSORJIT_LIB_API_GRAPH_H
#define TENSORJIT_LIB_API_GRAPH_H

#include "tensorjit/array.h"
#include "tensorjit/random.h"
#include "tensorjit/var.h"

#include "lib/runtime/DeviceArray.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tensorjit::detail {

/// What a node computes. Elementwise kinds map one to one onto tj ops.
enum class OpKind : uint8_t {
  Input,
  Constant,
  Shared,
  // Unary elementwise.
  Neg,
  Abs,
  Sqr,
  Exp,
  Log,
  Log1p,
  Expm1,
  Sqrt,
  Tanh,
  Sigmoid,
  Softplus,
  Sin,
  Cos,
  Floor,
  Ceil,
  Round,
  // Binary elementwise.
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Maximum,
  Minimum,
  Lt,
  Le,
  Gt,
  Ge,
  Eq,
  Ne,
  Select,
  Cast,
  // Reductions (`axes`, `keepdims`).
  Sum,
  Mean,
  Max,
  Min,
  Prod,
  Argmax,
  Dot,
  Transpose,   // `ints` is the permutation
  Reshape,     // `ints` is the target shape, one entry may be -1
  Dimshuffle,  // `ints` is the pattern, -1 for a new axis
  BroadcastTo, // `ints` is the target shape
  Grad,        // inputs: cost, wrt
  // Random draws: inputs {rng state}, `ints` is the shape, `random` the
  // parameters. Each also yields the next state, which RandomNext names.
  RandomUniform,
  RandomNormal,
  RandomIntegers,
  RandomBinomial,
  RandomNext, // inputs: the draw, its rng state
};

/// The parameters of a random draw the generator computes itself.
struct RandomParams {
  int64_t low = 0, high = 0; ///< integers: [low, high)
  int64_t trials = 0;        ///< binomial: n
  double probability = 0;    ///< binomial: p
};

/// The user-facing name of an op, for messages ("sub", "dot").
const char *op_name(OpKind op);
bool is_unary(OpKind op);
bool is_binary(OpKind op);
/// The draws: RandomUniform ... RandomBinomial.
bool is_random_draw(OpKind op);

/// The value of a shared variable, double-buffered: an update is computed
/// into `spare` and the two are swapped after the call.
struct SharedState {
  /// Held while a function that reads or updates the variable runs, and by
  /// get_value/set_value.
  std::mutex mutex;
  /// Where the value lives: on the CPU `value` holds it, on a CUDA device
  /// `device_value` (and `value` is unused).
  Device device = Device::cpu();
  Array value;
  /// The buffer the next update writes into (null until the first one).
  std::optional<Array> spare;
  DeviceArray device_value;
  std::optional<DeviceArray> device_spare;

  /// Replaces the value by a copy of `value` on the variable's device (the
  /// caller holds `mutex`, or is the state's only user).
  void assign(const Array &value);
  /// A host copy of the value.
  Array host_copy() const;
};

struct Node {
  OpKind op;
  std::vector<Var> inputs;
  DType dtype;
  /// Per dimension, whether its size is statically 1.
  std::vector<bool> broadcastable;
  std::string name;
  std::vector<int64_t> ints;
  bool keepdims = false;
  /// The value of a Constant.
  std::optional<Array> value;
  /// The state of a Shared variable.
  std::shared_ptr<SharedState> shared;
  /// Set on random states (shared or RandomNext): their generator.
  std::optional<Generator> rng;
  RandomParams random;
  /// A process-unique number: graph traversals order and key nodes by it.
  uint64_t id = 0;
};

/// A new shared variable holding a copy of `value` on `device` (a random
/// state's storage when `rng` is set); throws if the device is not usable.
Var shared_variable(const Array &value, std::string name, Device device,
                    std::optional<Generator> rng);

/// A fresh process-unique node id.
uint64_t next_node_id();

/// The node behind a Var; throws for a null Var.
const Node &node_of(const Var &var, const char *where);

/// Every node `outputs` depend on, inputs before users (topological).
std::vector<const Node *> topological_order(const std::vector<Var> &outputs);

/// `var` with every node that is a key of `replacements` replaced by its
/// value (Theano's givens); unchanged parts are shared, not copied.
Var substitute(const Var &var,
               const std::vector<std::pair<const Node *, Var>> &replacements);

/// A new node; throws if an input is a random state and `op` is not random.
Var make(OpKind op, std::vector<Var> inputs, DType dtype,
         std::vector<bool> broadcastable, std::vector<int64_t> ints = {},
         bool keepdims = false);

/// The state after the random draw `draw` (a RandomNext node).
Var random_next(const Var &draw);

/// "x: float64 matrix": a variable's name and type, for messages.
std::string describe(const Var &var);

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_API_GRAPH_H
