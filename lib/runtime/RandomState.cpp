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

#include <cmath>
#include <string>

namespace tensorjit {

namespace {
constexpr int kN = 624, kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU, kUpperMask = 0x80000000U,
                   kLowerMask = 0x7fffffffU;
} // namespace

RandomState::RandomState(int64_t seed) { this->seed(seed); }

void RandomState::seed(int64_t seed) {
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

uint32_t RandomState::next_uint32() {
  if (position_ == kN) {
    // Regenerate the whole state (genrand_int32's refill).
    for (int i = 0; i < kN; ++i) {
      uint32_t y = (key_[i] & kUpperMask) | (key_[(i + 1) % kN] & kLowerMask);
      key_[i] = key_[(i + kM) % kN] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
    }
    position_ = 0;
  }
  uint32_t y = key_[position_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

double RandomState::next_double() {
  int32_t a = static_cast<int32_t>(next_uint32() >> 5);
  int32_t b = static_cast<int32_t>(next_uint32() >> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double RandomState::next_gauss() {
  if (hasGauss_) {
    hasGauss_ = false;
    return gauss_;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * next_double() - 1.0;
    x2 = 2.0 * next_double() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  double f = std::sqrt(-2.0 * std::log(r2) / r2);
  gauss_ = f * x1;
  hasGauss_ = true;
  return f * x2;
}

Array RandomState::random_sample(Shape shape) {
  return uniform(std::move(shape), 0.0, 1.0);
}

Array RandomState::uniform(Shape shape, double low, double high) {
  Array result(DType::Float64, std::move(shape));
  double *out = result.data<double>();
  for (int64_t i = 0; i < result.size(); ++i)
    out[i] = low + (high - low) * next_double();
  return result;
}

Array RandomState::randn(Shape shape) { return normal(std::move(shape)); }

Array RandomState::normal(Shape shape, double loc, double scale) {
  if (scale < 0)
    throw Error("RandomState.normal: scale must be >= 0, got " +
                std::to_string(scale));
  Array result(DType::Float64, std::move(shape));
  double *out = result.data<double>();
  for (int64_t i = 0; i < result.size(); ++i)
    out[i] = loc + scale * next_gauss();
  return result;
}

Array RandomState::randint(int64_t low, int64_t high, Shape shape) {
  if (high <= low)
    throw Error("RandomState.randint: high (" + std::to_string(high) +
                ") must be greater than low (" + std::to_string(low) + ")");
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
        value = next_uint32();
      else
        while ((value = next_uint32() & mask) > range) {
        }
    } else {
      while (true) {
        uint64_t hi = next_uint32(), lo = next_uint32();
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
