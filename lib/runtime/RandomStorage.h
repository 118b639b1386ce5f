//===- RandomStorage.h - Generator states as arrays (internal) --*- C++ -*-===//
//
// A shared random state holds its generator state as an array in the
// layout compiled code reads (the `!tj.rng` storage of TjTypes.td):
// MT19937 as 314 int64 words, MRG31k3p as an int32 (streams, 6) array.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_LIB_RUNTIME_RANDOMSTORAGE_H
#define TENSORJIT_LIB_RUNTIME_RANDOMSTORAGE_H

#include "tensorjit/random.h"

#include <string>
#include <utility>
#include <vector>

namespace tensorjit::detail {

struct RandomStateAccess {
  /// The storage array of `state`.
  static Array storage(const RandomState &state);
  /// The state stored in `storage` (which holds a `generator` state).
  static RandomState fromStorage(Generator generator, const Array &storage);
  /// MT19937 draws written straight into `out` (what compiled code gets).
  static void fillUniform(RandomState &state, double *out, int64_t n);
  static void fillNormal(RandomState &state, double *out, int64_t n);
};

/// The runtime functions compiled code calls for MT19937 draws, by symbol.
std::vector<std::pair<std::string, void *>> random_runtime_symbols();

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_RANDOMSTORAGE_H
