//===- shared.h - Shared variables ------------------------------*- C++ -*-===//

#ifndef TENSORJIT_SHARED_H
#define TENSORJIT_SHARED_H

#include "tensorjit/array.h"
#include "tensorjit/device.h"
#include "tensorjit/var.h"

#include <memory>
#include <string>

namespace tensorjit {

namespace detail {
struct SharedState;
} // namespace detail

struct GetValueOptions {
  /// Return an Array aliasing the live buffer instead of a copy. Later calls
  /// that update the variable may write into it (Theano's borrow=True).
  bool borrow = false;
};

/// A variable whose value lives between calls (Theano's shared variable).
/// Functions read it without it being passed, and `.updates` replace its
/// value after a call. Copies of a Shared are the same variable.
class Shared : public Var {
public:
  Shared() = default;

  /// The current value: a copy, or the live buffer with `.borrow = true`
  /// (on the CPU only). A value on a GPU is copied to the host.
  Array get_value(GetValueOptions options = {}) const;
  /// Replaces the value (copying it to the variable's device). The dtype
  /// and rank stay: a value of another rank, or whose dtype does not
  /// convert losslessly, is an error.
  void set_value(const Array &value) const;
  /// Where the value lives (fixed when the variable is made).
  Device device() const;

  /// The shared state (for the library's internals).
  const std::shared_ptr<detail::SharedState> &state() const;
  explicit Shared(Var var);
};

/// A shared variable holding `value` (its dtype and rank are fixed; no
/// dimension is broadcastable, as in Theano). C++ scalars give 0-d values:
/// T::shared(0) is an int64 scalar, T::shared(0.) a float64 one. On
/// `T::Device::cuda(i)` the value lives in that GPU's memory, and functions
/// that use the variable run there; without a usable GPU this throws.
Shared shared(Array value, std::string name = "",
              Device device = Device::cpu());

} // namespace tensorjit

#endif // TENSORJIT_SHARED_H
