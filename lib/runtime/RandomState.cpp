//===- RandomState.cpp - numpy's legacy MT19937 RandomState ---------------===//
//
// The algorithms of numpy's legacy generator (mt19937 seeding and state
// update, random_sample from 53 bits, the polar Box-Muller `gauss` with its
// cached second value, masked-rejection bounded integers), written from
// their published descriptions; test/data/randomstate.txt holds numpy's
// own draws, which tests compare bit for bit.
//
//===----------------------------------------------------------------------===//

#include "tensorjit/random.h"

#include "lib/runtime/DTypes.h"
#include "lib/runtime/Mrg31k3p.h"
#include "lib/runtime/RandomStorage.h"

#include "absl/strings/str_cat.h"

#include <cmath>
#include <cstring>
#include <string>

namespace tensorjit {

namespace {
constexpr int kN = 624, kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU, kUpperMask = 0x80000000U,
                   kLowerMask = 0x7fffffffU;
} // namespace

RandomState::RandomState(int64_t seed) { this->seed(seed); }

RandomState RandomState::mrg31k3p(int64_t seed, int64_t streams) {
  if (streams < 1)
    throw Error(absl::StrCat("RandomState.mrg31k3p: the stream count must be "
                             "at least 1, got ",
                             streams));
  RandomState state;
  state.generator_ = Generator::MRG31k3p;
  state.streams_.assign(streams * 6, 0);
  state.seed(seed);
  return state;
}

void RandomState::requireMT19937(const char *method) const {
  if (generator_ != Generator::MT19937)
    throw Error(absl::StrCat(
        "RandomState.", method,
        ": host draws are MT19937's; an MRG31k3p state draws in compiled "
        "functions (MRGRandomStreams)"));
}

bool RandomState::operator==(const RandomState &other) const {
  if (generator_ != other.generator_)
    return false;
  if (generator_ == Generator::MRG31k3p)
    return streams_ == other.streams_;
  return key_ == other.key_ && position_ == other.position_ &&
         hasGauss_ == other.hasGauss_ && (!hasGauss_ || gauss_ == other.gauss_);
}

void RandomState::seed(int64_t seed) {
  if (generator_ == Generator::MRG31k3p) {
    detail::MrgState master = detail::mrg_master_state(seed);
    detail::mrg_substream_rstates(master, streams_.size() / 6, streams_.data());
    return;
  }
  if (seed < 0 || seed > 0xffffffffLL)
    throw Error("RandomState: the seed must be between 0 and 2**32 - 1, got " +
                std::to_string(seed));
  // init_genrand
  key_[0] = static_cast<uint32_t>(seed);
  for (int i = 1; i < kN; ++i)
    key_[i] = 1812433253U * (key_[i - 1] ^ (key_[i - 1] >> 30)) +
              static_cast<uint32_t>(i);
  position_ = kN;
  hasGauss_ = false;
  gauss_ = 0.0;
}

GeneratorState RandomState::get_state() const {
  GeneratorState state;
  if (generator_ == Generator::MRG31k3p) {
    state.kind = "MRG31k3p";
    int64_t streams = streams_.size() / 6;
    state.key = Array(DType::Int32, {streams, 6});
    std::memcpy(state.key.data<int32_t>(), streams_.data(),
                streams_.size() * sizeof(int32_t));
    state.pos = 0;
    return state;
  }
  state.kind = "MT19937";
  state.key = Array(DType::Int64, {kN});
  for (int i = 0; i < kN; ++i)
    state.key.data<int64_t>()[i] = key_[i];
  state.pos = position_;
  state.has_gauss = hasGauss_;
  state.cached_gaussian = gauss_;
  return state;
}

void RandomState::set_state(const GeneratorState &state) {
  const char *mine = generator_ == Generator::MT19937 ? "MT19937" : "MRG31k3p";
  if (state.kind != mine)
    throw Error(absl::StrCat("RandomState.set_state: this is an ", mine,
                             " generator; a state of kind '", state.kind,
                             "' cannot be set on it"));
  const Array &key = state.key;
  if (generator_ == Generator::MRG31k3p) {
    if (key.ndim() != 2 || key.shape()[1] != 6 || key.shape()[0] < 1)
      throw Error(absl::StrCat("RandomState.set_state: an MRG31k3p key has "
                               "shape (streams, 6), got ",
                               detail::shape_string(key.shape())));
    Array words = key.astype(DType::Int64);
    const int64_t *data = words.data<int64_t>();
    for (int64_t i = 0; i < key.size(); ++i) {
      int32_t modulus = i % 6 < 3 ? detail::kMrgM1 : detail::kMrgM2;
      if (data[i] < 0 || data[i] >= modulus)
        throw Error(absl::StrCat("RandomState.set_state: MRG31k3p word ",
                                 data[i], " is outside [0, ", modulus, ")"));
    }
    streams_.assign(data, data + key.size());
    return;
  }
  if (key.ndim() != 1 || key.shape()[0] != kN)
    throw Error(absl::StrCat("RandomState.set_state: an MT19937 key has "
                             "shape (624,), got ",
                             detail::shape_string(key.shape())));
  if (state.pos < 0 || state.pos > kN)
    throw Error(absl::StrCat("RandomState.set_state: pos must be in [0, 624], "
                             "got ",
                             state.pos));
  Array words = key.astype(DType::Int64);
  for (int i = 0; i < kN; ++i) {
    int64_t word = words.data<int64_t>()[i];
    if (word < 0 || word > 0xffffffffLL)
      throw Error(absl::StrCat("RandomState.set_state: key word ", word,
                               " is not a 32-bit unsigned integer"));
    key_[i] = static_cast<uint32_t>(word);
  }
  position_ = static_cast<int>(state.pos);
  hasGauss_ = state.has_gauss;
  gauss_ = state.has_gauss ? state.cached_gaussian : 0.0;
}

inline uint32_t RandomState::word() {
  if (position_ == kN) {
    // Regenerate the whole state (genrand_int32's refill), in three runs so
    // that no index wraps.
    auto twist = [](uint32_t upper, uint32_t lower, uint32_t far) {
      uint32_t y = (upper & kUpperMask) | (lower & kLowerMask);
      return far ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
    };
    int i = 0;
    for (; i < kN - kM; ++i)
      key_[i] = twist(key_[i], key_[i + 1], key_[i + kM]);
    for (; i < kN - 1; ++i)
      key_[i] = twist(key_[i], key_[i + 1], key_[i + kM - kN]);
    key_[kN - 1] = twist(key_[kN - 1], key_[0], key_[kM - 1]);
    position_ = 0;
  }
  uint32_t y = key_[position_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

inline double RandomState::unit() {
  int32_t a = static_cast<int32_t>(word() >> 5);
  int32_t b = static_cast<int32_t>(word() >> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

inline double RandomState::gauss() {
  if (hasGauss_) {
    hasGauss_ = false;
    return gauss_;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * unit() - 1.0;
    x2 = 2.0 * unit() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  double f = std::sqrt(-2.0 * std::log(r2) / r2);
  gauss_ = f * x1;
  hasGauss_ = true;
  return f * x2;
}

uint32_t RandomState::next_uint32() {
  requireMT19937("next_uint32");
  return word();
}

double RandomState::next_double() {
  requireMT19937("next_double");
  return unit();
}

double RandomState::next_gauss() {
  requireMT19937("next_gauss");
  return gauss();
}

Array RandomState::random_sample(Shape shape) {
  return uniform(std::move(shape), 0.0, 1.0);
}

Array RandomState::uniform(Shape shape, double low, double high) {
  requireMT19937("uniform");
  Array result(DType::Float64, std::move(shape));
  double *out = result.data<double>();
  for (int64_t i = 0; i < result.size(); ++i)
    out[i] = low + (high - low) * unit();
  return result;
}

Array RandomState::randn(Shape shape) { return normal(std::move(shape)); }

Array RandomState::normal(Shape shape, double loc, double scale) {
  if (scale < 0)
    throw Error("RandomState.normal: scale must be >= 0, got " +
                std::to_string(scale));
  requireMT19937("normal");
  Array result(DType::Float64, std::move(shape));
  double *out = result.data<double>();
  for (int64_t i = 0; i < result.size(); ++i)
    out[i] = loc + scale * gauss();
  return result;
}

Array RandomState::randint(int64_t low, int64_t high, Shape shape) {
  if (high <= low)
    throw Error("RandomState.randint: high (" + std::to_string(high) +
                ") must be greater than low (" + std::to_string(low) + ")");
  requireMT19937("randint");
  Array result(DType::Int64, std::move(shape));
  int64_t *out = result.data<int64_t>();
  uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low) - 1;
  // The smallest all-ones mask covering the range.
  uint64_t mask = range;
  for (int shift = 1; shift < 64; shift <<= 1)
    mask |= mask >> shift;
  for (int64_t i = 0; i < result.size(); ++i) {
    uint64_t value;
    if (range == 0) {
      value = 0;
    } else if (range <= 0xffffffffULL) {
      // 32-bit draws while the range fits (numpy's bounded uint32 path).
      if (range == 0xffffffffULL)
        value = word();
      else
        while ((value = word() & mask) > range) {
        }
    } else {
      while (true) {
        uint64_t hi = word(), lo = word();
        value = ((hi << 32) | lo) & mask;
        if (value <= range)
          break;
      }
    }
    out[i] = static_cast<int64_t>(static_cast<uint64_t>(low) + value);
  }
  return result;
}

} // namespace tensorjit

//===----------------------------------------------------------------------===//
// Storage and the runtime functions of compiled code
//===----------------------------------------------------------------------===//

namespace tensorjit::detail {

namespace {

/// The storage of an MT19937 state (tj::kMt19937StateWords int64 words).
struct MtStorage {
  uint32_t key[kN];
  int32_t position;
  int32_t hasGauss;
  double gauss;
};
static_assert(sizeof(MtStorage) == 314 * sizeof(int64_t));

/// A memref descriptor of rank 1 (the C interface of compiled code).
template <typename T> struct Buffer1D {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
  T *begin() const { return aligned + offset; }
};

} // namespace

Array RandomStateAccess::storage(const RandomState &state) {
  if (state.generator_ == Generator::MRG31k3p)
    return state.get_state().key;
  Array result(DType::Int64, {314});
  auto *storage = static_cast<MtStorage *>(result.raw_data());
  std::memcpy(storage->key, state.key_.data(), sizeof(storage->key));
  storage->position = state.position_;
  storage->hasGauss = state.hasGauss_;
  storage->gauss = state.gauss_;
  return result;
}

RandomState RandomStateAccess::fromStorage(Generator generator,
                                           const Array &storage) {
  RandomState state;
  if (generator == Generator::MRG31k3p) {
    state.generator_ = Generator::MRG31k3p;
    const int32_t *words = storage.data<int32_t>();
    state.streams_.assign(words, words + storage.size());
    return state;
  }
  const auto *mt = static_cast<const MtStorage *>(storage.raw_data());
  std::memcpy(state.key_.data(), mt->key, sizeof(mt->key));
  state.position_ = mt->position;
  state.hasGauss_ = mt->hasGauss != 0;
  state.gauss_ = mt->gauss;
  return state;
}

namespace {

/// Runs `fill(state, draws)` on the state in `in`, writing the state after
/// it to `next`.
template <typename T, typename Fill>
void drawMT(Buffer1D<int64_t> *in, Buffer1D<int64_t> *next, Buffer1D<T> *draws,
            Fill fill) {
  Array storage(DType::Int64, {314});
  std::memcpy(storage.raw_data(), in->begin(), sizeof(MtStorage));
  RandomState state =
      RandomStateAccess::fromStorage(Generator::MT19937, storage);
  fill(state, draws->begin(), draws->size);
  Array after = RandomStateAccess::storage(state);
  std::memcpy(next->begin(), after.raw_data(), sizeof(MtStorage));
}

/// Copies the draws of an array-returning method into `out`.
template <typename T> void copyDraws(const Array &values, T *out) {
  std::memcpy(out, values.raw_data(), values.size() * sizeof(T));
}

} // namespace

void RandomStateAccess::fillUniform(RandomState &state, double *out,
                                    int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    out[i] = state.unit();
}

void RandomStateAccess::fillNormal(RandomState &state, double *out, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    out[i] = state.gauss();
}

namespace {

extern "C" void tj_rt_mt19937_uniform(Buffer1D<int64_t> *in,
                                      Buffer1D<int64_t> *next,
                                      Buffer1D<double> *draws) {
  drawMT(in, next, draws, RandomStateAccess::fillUniform);
}

extern "C" void tj_rt_mt19937_normal(Buffer1D<int64_t> *in,
                                     Buffer1D<int64_t> *next,
                                     Buffer1D<double> *draws) {
  drawMT(in, next, draws, RandomStateAccess::fillNormal);
}

extern "C" void tj_rt_mt19937_integers(Buffer1D<int64_t> *in,
                                       Buffer1D<int64_t> *next,
                                       Buffer1D<int64_t> *draws, int64_t low,
                                       int64_t high) {
  drawMT(in, next, draws, [&](RandomState &s, int64_t *out, int64_t n) {
    copyDraws(s.randint(low, high, {n}), out);
  });
}

extern "C" void tj_rt_mt19937_binomial(Buffer1D<int64_t> *in,
                                       Buffer1D<int64_t> *next,
                                       Buffer1D<int64_t> *draws, int64_t n,
                                       double p) {
  drawMT(in, next, draws, [&](RandomState &s, int64_t *out, int64_t count) {
    copyDraws(s.binomial(n, p, {count}), out);
  });
}

} // namespace

std::vector<std::pair<std::string, void *>> random_runtime_symbols() {
  return {
      {"_mlir_ciface_tj_rt_mt19937_uniform",
       reinterpret_cast<void *>(&tj_rt_mt19937_uniform)},
      {"_mlir_ciface_tj_rt_mt19937_normal",
       reinterpret_cast<void *>(&tj_rt_mt19937_normal)},
      {"_mlir_ciface_tj_rt_mt19937_integers",
       reinterpret_cast<void *>(&tj_rt_mt19937_integers)},
      {"_mlir_ciface_tj_rt_mt19937_binomial",
       reinterpret_cast<void *>(&tj_rt_mt19937_binomial)},
  };
}

} // namespace tensorjit::detail
