//===- Shared.cpp - Shared variables --------------------------------------===//

#include "tensorjit/shared.h"

#include "lib/api/Graph.h"
#include "lib/runtime/DTypes.h"

#include "absl/strings/str_cat.h"

namespace tensorjit {

using detail::Node;
using detail::SharedState;

void SharedState::assign(const Array &host) {
  if (device.is_cuda())
    device_value = DeviceArray::from_host(device.ordinal(), host);
  else
    value = host.copy();
}

Array SharedState::host_copy() const {
  return device.is_cuda() ? device_value.to_host() : value.copy();
}

namespace detail {
Var shared_variable(const Array &value, std::string name, Device device,
                    std::optional<Generator> rng) {
  auto state = std::make_shared<SharedState>();
  state->device = device;
  auto what = [&] {
    return absl::StrCat("T::shared('", name, "') on ", device.str());
  };
  use_device(device, what);
  // Shared values are the variable's own: later changes to `value` by the
  // caller do not reach it.
  try {
    state->assign(value);
  } catch (const Error &error) { // out of device memory, say
    throw Error(absl::StrCat(what(), ": ", error.what()));
  }
  auto node = std::make_shared<Node>();
  node->op = OpKind::Shared;
  node->dtype = value.dtype();
  // As in Theano, no dimension of a shared variable is broadcastable.
  node->broadcastable.assign(value.ndim(), false);
  node->name = std::move(name);
  node->shared = std::move(state);
  node->rng = rng;
  node->id = next_node_id();
  return Var(std::move(node));
}
} // namespace detail

Shared shared(Array value, std::string name, Device device) {
  return Shared(
      detail::shared_variable(value, std::move(name), device, std::nullopt));
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
  if (s.device.is_cuda() && options.borrow)
    throw Error(absl::StrCat(
        "tensorjit.Shared.get_value: ", detail::describe(*this), " lives on ",
        s.device.str(),
        "; borrow = true aliases host memory, so it is for CPU variables "
        "only (get a copy instead)"));
  return options.borrow ? s.value : s.host_copy();
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
      value.dtype() == node.dtype ? value : value.astype(node.dtype);
  std::lock_guard<std::mutex> lock(s.mutex);
  s.assign(converted);
}

} // namespace tensorjit
