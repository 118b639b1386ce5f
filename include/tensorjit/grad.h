//===- grad.h - Symbolic gradients ------------------------------*- C++ -*-===//

#ifndef TENSORJIT_GRAD_H
#define TENSORJIT_GRAD_H

#include "tensorjit/var.h"

#include <array>
#include <cstddef>

namespace tensorjit {

/// The gradient of the float scalar `cost` with respect to `wrt` (reverse
/// mode, computed when the function is compiled). The result is an ordinary
/// Var with wrt's type: use it in outputs, updates, or differentiate again.
/// A non-scalar cost, an integer `wrt`, or a `wrt` the cost does not depend
/// on throws.
Var grad(const Var &cost, const Var &wrt);

/// Several gradients of one cost, computed in one backward sweep:
/// auto [gw, gb] = T::grad(cost, {w, b});
template <size_t N>
std::array<Var, N> grad(const Var &cost, const Var (&wrt)[N]) {
  std::array<Var, N> result;
  for (size_t i = 0; i < N; ++i)
    result[i] = grad(cost, wrt[i]);
  return result;
}

} // namespace tensorjit

#endif // TENSORJIT_GRAD_H
