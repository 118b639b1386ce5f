//===- Shared.cpp - Shared variables --------------------------------------===//

#include "tensorjit/shared.h"

#include "lib/api/Graph.h"
#include "lib/runtime/DTypes.h"

#include "absl/strings/str_cat.h"

namespace tensorjit {

using detail::Node;
using detail::SharedState;

Shared shared(Array value, std::string name) {
  auto state = std::make_shared<SharedState>();
  // Shared values are the variable's own: later changes to `value` by the
  // caller do not reach it.
  state->value = value.copy();
  auto node = std::make_shared<Node>();
  node->op = detail::OpKind::Shared;
  node->dtype = value.dtype();
  // As in Theano, no dimension of a shared variable is broadcastable.
  node->broadcastable.assign(value.ndim(), false);
  node->name = std::move(name);
  node->shared = std::move(state);
  node->id = detail::next_node_id();
  return Shared(Var(std::move(node)));
}

Shared::Shared(Var var) : Var(std::move(var)) {
  if (detail::node_of(*this, "Shared").op != detail::OpKind::Shared)
    throw Error("tensorjit.Shared: " + detail::describe(*this) +
                " is not a shared variable");
}

const std::shared_ptr<SharedState> &Shared::state() const {
  return detail::node_of(*this, "Shared").shared;
}

Array Shared::get_value(GetValueOptions options) const {
  SharedState &s = *state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return options.borrow ? s.value : s.value.copy();
}

void Shared::set_value(const Array &value) const {
  SharedState &s = *state();
  const Node &node = *this->node();
  if (value.ndim() != static_cast<int64_t>(node.broadcastable.size()) ||
      !can_cast(value.dtype(), node.dtype))
    throw Error(absl::StrCat(
        "tensorjit.Shared.set_value: ", detail::describe(*this),
        " keeps its type; got a ", std::string(dtype_name(value.dtype())),
        " array of shape ", detail::shape_string(value.shape()),
        value.ndim() == static_cast<int64_t>(node.broadcastable.size())
            ? " (the conversion would lose precision)"
            : " (another rank)"));
  Array converted =
      value.dtype() == node.dtype ? value.copy() : value.astype(node.dtype);
  std::lock_guard<std::mutex> lock(s.mutex);
  s.value = std::move(converted);
}

} // namespace tensorjit
