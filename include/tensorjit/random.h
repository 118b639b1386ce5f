//===- random.h - Host random number generators -----------------*- C++ -*-===//

#ifndef TENSORJIT_RANDOM_H
#define TENSORJIT_RANDOM_H

#include "tensorjit/array.h"

#include <array>
#include <cstdint>

namespace tensorjit {

/// numpy's legacy `RandomState` (MT19937), reproducing its draws bit for
/// bit: seeding with an integer (init_genrand), `random_sample` from two
/// 32-bit draws, `randn` by the polar method with its cached second value,
/// `randint` by masked rejection. A value type: copies are independent.
class RandomState {
public:
  /// numpy.random.RandomState(seed); seed in [0, 2**32 - 1].
  explicit RandomState(int64_t seed = 0);
  /// Reseeds as the constructor does.
  void seed(int64_t seed);

  /// Uniform floats in [0, 1): numpy's random_sample / rand.
  Array random_sample(Shape shape);
  /// Uniform floats in [low, high).
  Array uniform(Shape shape, double low = 0.0, double high = 1.0);
  /// Standard normal floats: numpy's randn / standard_normal.
  Array randn(Shape shape);
  /// Normal floats with mean `loc` and standard deviation `scale`.
  Array normal(Shape shape, double loc = 0.0, double scale = 1.0);
  /// int64 integers in [low, high) (numpy's randint with the default dtype).
  Array randint(int64_t low, int64_t high, Shape shape);
  /// int64 counts of successes in `n` trials of probability `p` (numpy's
  /// legacy binomial: inversion for n*min(p,1-p) <= 30, BTPE above).
  Array binomial(int64_t n, double p, Shape shape);

  /// One draw of each kind (the building blocks above).
  uint32_t next_uint32();
  double next_double();
  double next_gauss();

private:
  std::array<uint32_t, 624> key_{};
  int position_ = 0;
  bool hasGauss_ = false;
  double gauss_ = 0.0;
};

} // namespace tensorjit

#endif // TENSORJIT_RANDOM_H
