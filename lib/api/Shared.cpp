//===- Shared.cpp - Shared variables --------------------------------------===//

#include "tensorjit/shared.h"

#include "lib/api/Graph.h"
#include "lib/runtime/DTypes.h"

#include "absl/strings/str_cat.h"

namespace tensorjit {

using detail::Node;
using detail::SharedState;

Shared shared(Array value, std::string name, Device device) {
  auto state = std::make_shared<SharedState>();
  // Shared values are the variable's own: later changes to `value` by the
  // caller do not reach it.
  state->device = device;
  if (device.is_cuda()) {
    detail::use_device(
        device, absl::StrCat("T::shared('", name, "') on ", device.str()));
    state->device_value =
        detail::DeviceArray::from_host(device.ordinal(), value);
  } else {
    state->value = value.copy();
  }
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
  if (s.device.is_cuda()) {
    if (options.borrow)
      throw Error(absl::StrCat(
          "tensorjit.Shared.get_value: ", detail::describe(*this), " lives on ",
          s.device.str(),
          "; borrow = true aliases host memory, so it is for CPU variables "
          "only (get a copy instead)"));
    return s.device_value.to_host();
  }
  return options.borrow ? s.value : s.value.copy();
}

Device Shared::device() const { return state()->device; }

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
  if (s.device.is_cuda())
    s.device_value =
        detail::DeviceArray::from_host(s.device.ordinal(), converted);
  else
    s.value = std::move(converted);
}

} // namespace tensorjit
