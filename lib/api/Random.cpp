//===- Random.cpp - Random streams, shared states, random variables -------===//
//
// A random variable is a draw node (RandomUniform ... RandomBinomial) from a
// shared state, followed by the arithmetic Theano applied to the raw draw
// (scaling, casts, comparisons), written as ordinary graph operations so
// that the numbers match Theano's operation for operation. The state after
// the draw is a RandomNext node, which function() makes the state's default
// update.
//
//===----------------------------------------------------------------------===//

#include "tensorjit/random.h"

#include "lib/api/Graph.h"
#include "lib/runtime/DTypes.h"
#include "lib/runtime/Mrg31k3p.h"
#include "lib/runtime/RandomStorage.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace tensorjit {

using detail::Node;
using detail::OpKind;
using detail::RandomStateAccess;

//===----------------------------------------------------------------------===//
// Shared states
//===----------------------------------------------------------------------===//

SharedRandomState shared(const RandomState &state, std::string name,
                         Device device) {
  if (device.is_cuda() && state.generator() == Generator::MT19937)
    throw Error(absl::StrCat("T::shared('", name, "') of a random state on ",
                             device.str(),
                             ": MT19937 draws run on the host; use "
                             "MRGRandomStreams (MRG31k3p) on a GPU"));
  return SharedRandomState(
      detail::shared_variable(RandomStateAccess::storage(state),
                              std::move(name), device, state.generator()));
}

SharedRandomState::SharedRandomState(Var var) : Shared(std::move(var)) {
  if (!node()->rng)
    throw Error("tensorjit.SharedRandomState: " + detail::describe(*this) +
                " holds an array, not a random state");
}

Generator SharedRandomState::generator() const { return *node()->rng; }

RandomState SharedRandomState::get_value() const {
  detail::SharedState &s = *state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return RandomStateAccess::fromStorage(generator(), s.host_copy());
}

void SharedRandomState::set_value(const RandomState &value) const {
  if (value.generator() != generator())
    throw Error(absl::StrCat(
        "tensorjit.SharedRandomState.set_value: ", detail::describe(*this),
        " holds an ",
        generator() == Generator::MT19937 ? "MT19937" : "MRG31k3p",
        " state; a state of the other generator cannot be set on it"));
  detail::SharedState &s = *state();
  std::lock_guard<std::mutex> lock(s.mutex);
  s.assign(RandomStateAccess::storage(value));
}

namespace detail {

Var random_next(const Var &draw) {
  const Var &state = draw.node()->inputs[0];
  const Node &stateNode = *state.node();
  Var next = make(OpKind::RandomNext, {draw, state}, stateNode.dtype,
                  stateNode.broadcastable);
  std::const_pointer_cast<Node>(next.node())->rng = stateNode.rng;
  return next;
}

} // namespace detail

//===----------------------------------------------------------------------===//
// Streams
//===----------------------------------------------------------------------===//

struct RandomStreams::Impl {
  Impl(Generator generator, int64_t seed, Device device = Device::cpu())
      : generator(generator), device(device),
        seeder(generator == Generator::MT19937 ? seed : 0) {
    if (generator == Generator::MRG31k3p)
      master = detail::mrg_master_state(seed);
  }

  Generator generator;
  /// Where the states live.
  Device device;
  /// MT19937: the master generator each new state's seed is drawn from.
  RandomState seeder;
  /// MRG31k3p: the state the next block of streams is jumped from.
  detail::MrgState master{};
  struct Stream {
    StateUpdate update;
    /// MRG31k3p: how many streams the state has.
    int64_t streams;
  };
  std::vector<Stream> made;
  std::mutex mutex;
};

namespace {

[[noreturn]] void fail(const char *method, const std::string &message) {
  throw Error(absl::StrCat("tensorjit.RandomStreams.", method, ": ", message));
}

int64_t elementCount(const char *method, const Shape &shape) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (size < 0)
      fail(method, absl::StrCat("invalid size ", size, " in the shape ",
                                detail::shape_string(shape)));
    count *= size;
  }
  return count;
}

void requireFloat(const char *method, DType dtype) {
  if (!is_float(dtype))
    fail(method,
         absl::StrCat("draws floats; dtype ", std::string(dtype_name(dtype)),
                      " is not float32 or float64"));
}

/// A fresh state for a draw of `elements` values, recorded in `impl`.
SharedRandomState newState(RandomStreams::Impl &impl, int64_t elements,
                           int64_t &streams) {
  if (impl.generator == Generator::MT19937) {
    streams = 1;
    int64_t seed = impl.seeder.randint(0, int64_t{1} << 30, {}).item<int64_t>();
    return shared(RandomState(seed));
  }
  streams = detail::mrg_guess_n_streams(std::max<int64_t>(elements, 1));
  Array words(DType::Int32, {streams, 6});
  detail::mrg_substream_rstates(impl.master, streams, words.data<int32_t>());
  return shared(RandomStateAccess::fromStorage(Generator::MRG31k3p, words), "",
                impl.device);
}

} // namespace

RandomStreams::RandomStreams(int64_t seed)
    : impl_(std::make_shared<Impl>(Generator::MT19937, seed)) {}

RandomStreams::RandomStreams(std::shared_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

MRGRandomStreams::MRGRandomStreams(int64_t seed, Device device)
    : RandomStreams(std::make_shared<Impl>(Generator::MRG31k3p, seed, device)) {
}

namespace {

/// A draw of `op` with `shape` from a new state of `impl`, of `dtype`; the
/// caller turns it into the random variable's value.
struct Draw {
  Var value;
  SharedRandomState rng;
  Var update;
};

Draw draw(RandomStreams::Impl &impl, OpKind op, const Shape &shape, DType dtype,
          int64_t elements, detail::RandomParams params = {}) {
  int64_t streams;
  SharedRandomState rng = newState(impl, elements, streams);
  std::vector<bool> ones;
  for (int64_t size : shape)
    ones.push_back(size == 1);
  Var value = detail::make(op, {rng}, dtype, ones, shape);
  std::const_pointer_cast<Node>(value.node())->random = params;
  Var update = detail::random_next(value);
  impl.made.push_back({{rng, update}, streams});
  return {value, rng, update};
}

} // namespace

RandomVariable RandomStreams::uniform(Shape shape, double low, double high,
                                      DType dtype) {
  int64_t elements = elementCount("uniform", shape);
  requireFloat("uniform", dtype);
  if (!(low <= high) || !std::isfinite(high - low))
    fail("uniform", absl::StrCat("needs finite low <= high, got low = ", low,
                                 ", high = ", high));
  std::lock_guard<std::mutex> lock(impl_->mutex);
  bool unit = low == 0.0 && high == 1.0;
  if (impl_->generator == Generator::MT19937) {
    // numpy: low + (high - low) * random_sample(), in float64.
    Draw d =
        draw(*impl_, OpKind::RandomUniform, shape, DType::Float64, elements);
    Var value = unit ? d.value : low + (high - low) * d.value;
    return {dtype == DType::Float64 ? value : cast(value, dtype), d.rng,
            d.update};
  }
  // Theano: u * (high - low) + low, in dtype.
  Draw d = draw(*impl_, OpKind::RandomUniform, shape, dtype, elements);
  return {unit ? d.value : d.value * (high - low) + low, d.rng, d.update};
}

RandomVariable RandomStreams::normal(Shape shape, double mean, double std,
                                     DType dtype) {
  int64_t elements = elementCount("normal", shape);
  requireFloat("normal", dtype);
  if (!(std >= 0.0) || !std::isfinite(mean) || !std::isfinite(std))
    fail("normal", absl::StrCat("needs a finite mean and std >= 0, got mean "
                                "= ",
                                mean, ", std = ", std));
  std::lock_guard<std::mutex> lock(impl_->mutex);
  bool standard = mean == 0.0 && std == 1.0;
  if (impl_->generator == Generator::MT19937) {
    // numpy: loc + scale * gauss(), in float64.
    Draw d =
        draw(*impl_, OpKind::RandomNormal, shape, DType::Float64, elements);
    Var value = standard ? d.value : mean + std * d.value;
    return {dtype == DType::Float64 ? value : cast(value, dtype), d.rng,
            d.update};
  }
  // Theano: Box-Muller on an even number of uniforms (the streams are
  // guessed for that many), then samples * std + mean.
  Draw d =
      draw(*impl_, OpKind::RandomNormal, shape, dtype, elements + elements % 2);
  return {standard ? d.value : d.value * std + mean, d.rng, d.update};
}

RandomVariable RandomStreams::binomial(Shape shape, int64_t n, double p) {
  int64_t elements = elementCount("binomial", shape);
  if (n < 0)
    fail("binomial", absl::StrCat("needs n >= 0, got ", n));
  if (!(p >= 0.0 && p <= 1.0))
    fail("binomial", absl::StrCat("needs p in [0, 1], got ", p));
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->generator == Generator::MT19937) {
    Draw d = draw(*impl_, OpKind::RandomBinomial, shape, DType::Int64, elements,
                  {.trials = n, .probability = p});
    return {d.value, d.rng, d.update};
  }
  // Theano: cast(uniform < p, int64); n trials are n uniforms per element
  // (a leading axis of n), summed.
  Shape trials = shape;
  trials.insert(trials.begin(), n);
  Draw d = draw(*impl_, OpKind::RandomUniform, trials, config().floatX,
                elements * n);
  Var value = cast(d.value < p, DType::Int64).sum(std::vector<int64_t>{0});
  return {value, d.rng, d.update};
}

RandomVariable RandomStreams::integers(Shape shape, int64_t low, int64_t high) {
  int64_t elements = elementCount("integers", shape);
  if (high <= low)
    fail("integers",
         absl::StrCat("needs low < high, got low = ", low, ", high = ", high));
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->generator == Generator::MT19937) {
    Draw d = draw(*impl_, OpKind::RandomIntegers, shape, DType::Int64, elements,
                  {.low = low, .high = high});
    return {d.value, d.rng, d.update};
  }
  // floor(u * (high - low)) + low, kept below high where u * (high - low)
  // rounds up to it.
  Draw d = draw(*impl_, OpKind::RandomUniform, shape, DType::Float64, elements);
  Var offset =
      cast(floor(d.value * static_cast<double>(high - low)), DType::Int64);
  Var value = minimum(offset + low, high - 1);
  return {value, d.rng, d.update};
}

void RandomStreams::seed(int64_t seed) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->generator == Generator::MT19937) {
    // Theano: a new master generator for the existing states only.
    RandomState seeder(seed);
    for (Impl::Stream &stream : impl_->made)
      stream.update.rng.set_value(
          RandomState(seeder.randint(0, int64_t{1} << 30, {}).item<int64_t>()));
    return;
  }
  impl_->master = detail::mrg_master_state(seed);
  for (Impl::Stream &stream : impl_->made) {
    Array words(DType::Int32, {stream.streams, 6});
    detail::mrg_substream_rstates(impl_->master, stream.streams,
                                  words.data<int32_t>());
    stream.update.rng.set_value(
        RandomStateAccess::fromStorage(Generator::MRG31k3p, words));
  }
}

std::vector<StateUpdate> RandomStreams::state_updates() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::vector<StateUpdate> updates;
  for (const Impl::Stream &stream : impl_->made)
    updates.push_back(stream.update);
  return updates;
}

} // namespace tensorjit
