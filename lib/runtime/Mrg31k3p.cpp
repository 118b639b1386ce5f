//===- Mrg31k3p.cpp - Theano's MRG31k3p generator -------------------------===//
//
// The recurrences x1[n] = 2**22 x1[n-2] + (2**7 + 1) x1[n-3] mod M1 and
// x2[n] = 2**15 x2[n-1] + (2**15 + 1) x2[n-3] mod M2, stepped with the
// shift-and-mask int32 arithmetic of Theano's mrg_uniform C code. That code
// lets int32 sums wrap and then corrects them (`y < 0 || y >= M`); here the
// wrapping sums are done in uint32, which gives the same bits without
// undefined behaviour. test/data/make_mrg31k3p.py derives the jump matrices
// (powers of the one-step matrices) and checks them against Theano's.
//
//===----------------------------------------------------------------------===//

#include "lib/runtime/Mrg31k3p.h"

#include "tensorjit/error.h"

#include <algorithm>
#include <string>

namespace tensorjit::detail {
namespace {

using Matrix = std::array<std::array<int64_t, 3>, 3>;

// A1**(2**72) mod M1 and A2**(2**72) mod M2: the next substream.
constexpr Matrix kA1p72 = {{{1516919229, 758510237, 499121365},
                            {1884998244, 1516919229, 335398200},
                            {601897748, 1884998244, 358115744}}};
constexpr Matrix kA2p72 = {{{1228857673, 1496414766, 954677935},
                            {1133297478, 1407477216, 1496414766},
                            {2002613992, 1639496704, 1407477216}}};
// A1**(2**134) mod M1 and A2**(2**134) mod M2: the next stream.
constexpr Matrix kA1p134 = {{{1702500920, 1849582496, 1656874625},
                             {828554832, 1702500920, 1512419905},
                             {1143731069, 828554832, 102237247}}};
constexpr Matrix kA2p134 = {{{796789021, 1464208080, 607337906},
                             {1241679051, 1431130166, 1464208080},
                             {1401213391, 1178684362, 1431130166}}};

// Theano's float32 scale: the largest float below 2**-31, so that
// float(M1) * scale = 1 - 2**-24 < 1. float64 scales by 2**-31 exactly.
constexpr float kNormFloat32 = 4.6566126e-10f;
constexpr double kNormFloat64 = 4.656612873077392578125e-10;
constexpr int64_t kMaxStreamsGuess = 60 * 256;

/// An int32 sum that wraps as the C code's does.
int32_t wrapping_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) +
                              static_cast<uint32_t>(b));
}

/// Theano's correction `if (y < 0 || y >= m) y -= m;` after a sum that may
/// have wrapped.
int32_t correct(int32_t y, int32_t m) {
  return (y < 0 || y >= m) ? wrapping_add(y, -m) : y;
}

/// 2**15 x mod M2 (before correction): 2**31 = 21069 mod M2.
int32_t times_2p15_mod_m2(int32_t x) {
  return wrapping_add((x & 65535) << 15, 21069 * (x >> 16));
}

/// (a1 s[0:3] mod M1, a2 s[3:6] mod M2): Theano's DotModulo.
MrgState multiply(const Matrix &a1, const Matrix &a2, const MrgState &s) {
  MrgState result;
  for (int half = 0; half < 2; ++half) {
    const Matrix &a = half == 0 ? a1 : a2;
    int64_t m = half == 0 ? kMrgM1 : kMrgM2;
    for (int i = 0; i < 3; ++i) {
      int64_t sum = 0;
      for (int j = 0; j < 3; ++j)
        sum += a[i][j] * s[3 * half + j] % m;
      result[3 * half + i] = static_cast<int32_t>(sum % m);
    }
  }
  return result;
}

template <typename T, typename Scale>
void uniform_fill(int32_t *rstates, int64_t n_streams, T *out, int64_t n,
                  Scale scale) {
  if (n_streams < 1)
    throw Error("mrg_uniform: n_streams must be >= 1, got " +
                std::to_string(n_streams));
  if (n > kMrgM1)
    throw Error("mrg_uniform: at most 2**31 - 1 samples per call, got " +
                std::to_string(n));
  // Element i comes from stream i % n_streams; streams are independent, so
  // each one is run through its elements in turn.
  for (int64_t stream = 0; stream < n_streams && stream < n; ++stream) {
    int32_t *row = rstates + 6 * stream;
    MrgState state;
    std::copy(row, row + 6, state.begin());
    for (int64_t i = stream; i < n; i += n_streams)
      out[i] = scale(mrg_next(state));
    std::copy(state.begin(), state.end(), row);
  }
}

} // namespace

int32_t mrg_next(MrgState &s) {
  auto [x11, x12, x13, x21, x22, x23] = s;
  // First component: 2**22 x12 + 2**7 x13 + x13 mod M1 (2**31 = 1 mod M1).
  int32_t y1 = wrapping_add(wrapping_add((x12 & 511) << 22, x12 >> 9),
                            wrapping_add((x13 & 16777215) << 7, x13 >> 24));
  y1 = correct(y1, kMrgM1);
  y1 = correct(wrapping_add(y1, x13), kMrgM1);
  // Second component: 2**15 x21 + 2**15 x23 + x23 mod M2.
  int32_t z1 = correct(times_2p15_mod_m2(x21), kMrgM2);
  int32_t z2 = correct(times_2p15_mod_m2(x23), kMrgM2);
  z2 = correct(wrapping_add(z2, x23), kMrgM2);
  z2 = correct(wrapping_add(z2, z1), kMrgM2);
  s = {y1, x11, x12, z2, x21, x22};
  int64_t difference = static_cast<int64_t>(y1) - z2;
  return static_cast<int32_t>(difference > 0 ? difference
                                             : difference + kMrgM1);
}

float mrg_to_float32(int32_t v) { return static_cast<float>(v) * kNormFloat32; }

double mrg_to_float64(int32_t v) { return v * kNormFloat64; }

MrgState mrg_jump_substream(const MrgState &s) {
  return multiply(kA1p72, kA2p72, s);
}

MrgState mrg_jump_stream(const MrgState &s) {
  return multiply(kA1p134, kA2p134, s);
}

MrgState mrg_master_state(int64_t seed) {
  if (seed == 0)
    throw Error("MRG_RandomStreams: the seed must not be 0");
  if (seed < 0 || seed >= kMrgM2)
    throw Error("MRG_RandomStreams: the seed must be between 1 and " +
                std::to_string(kMrgM2 - 1) + ", got " + std::to_string(seed));
  int32_t value = static_cast<int32_t>(seed);
  return {value, value, value, value, value, value};
}

void mrg_substream_rstates(MrgState &master, int64_t n_streams, int32_t *out) {
  if (n_streams < 1)
    throw Error("MRG_RandomStreams: n_streams must be >= 1, got " +
                std::to_string(n_streams));
  MrgState row = master;
  for (int64_t i = 0; i < n_streams; ++i) {
    if (i > 0)
      row = mrg_jump_substream(row);
    std::copy(row.begin(), row.end(), out + 6 * i);
  }
  master = mrg_jump_stream(master);
}

int64_t mrg_guess_n_streams(int64_t n_elements) {
  if (n_elements < 1)
    throw Error("MRG_RandomStreams: the number of elements must be >= 1, "
                "got " +
                std::to_string(n_elements));
  int64_t guess = n_elements > 6 ? n_elements / 6 : n_elements;
  return std::min(guess, kMaxStreamsGuess);
}

void mrg_uniform_fill(int32_t *rstates, int64_t n_streams, float *out,
                      int64_t n) {
  uniform_fill(rstates, n_streams, out, n, mrg_to_float32);
}

void mrg_uniform_fill(int32_t *rstates, int64_t n_streams, double *out,
                      int64_t n) {
  uniform_fill(rstates, n_streams, out, n, mrg_to_float64);
}

} // namespace tensorjit::detail
