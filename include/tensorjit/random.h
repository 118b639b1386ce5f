//===- random.h - Random number generators and streams ----------*- C++ -*-===//

#ifndef TENSORJIT_RANDOM_H
#define TENSORJIT_RANDOM_H

#include "tensorjit/array.h"
#include "tensorjit/shared.h"
#include "tensorjit/var.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tensorjit {

namespace detail {
struct RandomStateAccess;
} // namespace detail

/// The two generators, both as in Theano.
enum class Generator : uint8_t {
  /// numpy's legacy RandomState (Theano's RandomStreams).
  MT19937,
  /// L'Ecuyer's MRG31k3p in independent streams (Theano's
  /// MRG_RandomStreams): the same numbers on CPU and GPU.
  MRG31k3p
};

/// A generator's whole state, as numpy's `get_state()` gives it.
struct GeneratorState {
  /// "MT19937" or "MRG31k3p".
  std::string kind;
  /// MT19937: the 624 key words (int64 values in [0, 2**32)). MRG31k3p: the
  /// streams, an int32 array of shape (streams, 6).
  Array key;
  /// MT19937 only: the position in the key, and the cached gaussian.
  int64_t pos = 624;
  bool has_gauss = false;
  double cached_gaussian = 0.0;
};

/// A random generator's state, as a value: copies are independent.
///
/// By default numpy's legacy `RandomState` (MT19937), reproducing its draws
/// bit for bit: seeding with an integer (init_genrand), `random_sample` from
/// two 32-bit draws, `randn` by the polar method with its cached second
/// value, `randint` by masked rejection, `binomial` by inversion or BTPE.
/// `mrg31k3p()` makes an MRG31k3p state instead; its draws are made by
/// compiled functions (MRGRandomStreams), so the host draw methods refuse it.
class RandomState {
public:
  /// numpy.random.RandomState(seed); seed in [0, 2**32 - 1].
  explicit RandomState(int64_t seed = 0);
  /// The streams Theano's MRG_RandomStreams(seed) gives its first random
  /// variable of `streams` streams; seed in [1, 2147462579).
  static RandomState mrg31k3p(int64_t seed, int64_t streams = 1);

  Generator generator() const { return generator_; }
  /// Reseeds as the constructor does (MRG31k3p: keeping the stream count).
  void seed(int64_t seed);
  GeneratorState get_state() const;
  /// Restores a get_state() of the same generator (another kind, a key of
  /// the wrong shape, values out of range: Error).
  void set_state(const GeneratorState &state);

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

  bool operator==(const RandomState &other) const;

private:
  friend struct detail::RandomStateAccess;
  void requireMT19937(const char *method) const;
  // The MT19937 draws without the generator check (inlined in the loops).
  uint32_t word();
  double unit();
  double gauss();

  Generator generator_ = Generator::MT19937;
  std::array<uint32_t, 624> key_{};
  int position_ = 0;
  bool hasGauss_ = false;
  double gauss_ = 0.0;
  /// MRG31k3p: six words per stream.
  std::vector<int32_t> streams_;
};

/// A shared variable holding a generator state: what each random variable
/// draws from, advanced by its function's (default) updates.
class SharedRandomState : public Shared {
public:
  SharedRandomState() = default;
  RandomState get_value() const;
  /// Replaces the state by one of the same generator (else Error).
  void set_value(const RandomState &state) const;
  Generator generator() const;

  explicit SharedRandomState(Var var);
};

/// A shared variable holding `state`, on `device`: MRG31k3p states may
/// live on a GPU (their draws are compiled for it); MT19937 draws call the
/// host, so an MT19937 state on a GPU is an error.
SharedRandomState shared(const RandomState &state, std::string name = "",
                         Device device = Device::cpu());

/// A random draw in a graph. Within one call of a function it has one value
/// wherever it is used; after the call its state moves on (the default
/// update) unless the function was made with `.no_default_updates = true`
/// or updates the state itself.
class RandomVariable : public Var {
public:
  RandomVariable(Var value, SharedRandomState rng, Var update)
      : Var(std::move(value)), rng_(std::move(rng)),
        update_(std::move(update)) {}
  /// The state it draws from.
  SharedRandomState rng() const { return rng_; }
  /// The state after the draw (Theano's default_update).
  Var update() const { return update_; }

private:
  SharedRandomState rng_;
  Var update_;
};

/// A random variable's state and the state after its draw.
struct StateUpdate {
  SharedRandomState rng;
  Var update;
};

/// Theano's RandomStreams: every draw gets its own state, seeded from a
/// master generator (`seed_i = RandomState(seed).randint(2**30)` for the
/// i-th draw), and reproduces Theano's (numpy's) numbers bit for bit:
/// uniform is numpy's `uniform`, normal numpy's `normal`, binomial numpy's
/// `binomial`, integers numpy's `randint`. Copies share the streams.
class RandomStreams {
public:
  explicit RandomStreams(int64_t seed);

  /// Floats in [low, high) of `dtype`.
  RandomVariable uniform(Shape shape, double low = 0.0, double high = 1.0,
                         DType dtype = config().floatX);
  RandomVariable normal(Shape shape, double mean = 0.0, double std = 1.0,
                        DType dtype = config().floatX);
  /// int64 counts of successes in `n` trials of probability `p`.
  RandomVariable binomial(Shape shape, int64_t n = 1, double p = 0.5);
  /// int64 integers in [low, high).
  RandomVariable integers(Shape shape, int64_t low, int64_t high);

  /// Reseeds every stream made so far from a new master seed.
  void seed(int64_t seed);
  /// One {state, update} per random variable made, in order.
  std::vector<StateUpdate> state_updates() const;

  struct Impl;

protected:
  explicit RandomStreams(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

/// Theano's MRG_RandomStreams (MRG31k3p): each draw gets its own block of
/// streams (as many as Theano's guess for its size), jumped ahead from a
/// master state [seed]*6; element i of a draw comes from stream i mod
/// streams. uniform is Theano's `mrg_uniform` scaled, normal Box-Muller on
/// uniforms, binomial `uniform < p` summed over n draws, integers
/// `floor(uniform * (high - low)) + low`.
/// With `device` = T::Device::cuda(i) the states live on that GPU, so
/// functions that draw from them run there, with the CPU's numbers.
class MRGRandomStreams : public RandomStreams {
public:
  explicit MRGRandomStreams(int64_t seed = 12345,
                            Device device = Device::cpu());
};

} // namespace tensorjit

#endif // TENSORJIT_RANDOM_H
