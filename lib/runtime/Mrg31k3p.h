//===- Mrg31k3p.h - Theano's MRG31k3p generator (internal) ------*- C++ -*-===//
//
// L'Ecuyer's combined multiple recursive generator MRG31k3p exactly as
// Theano's theano/sandbox/rng_mrg.py runs it: MRG_RandomStreams seeding,
// substreams 2**72 steps apart and streams 2**134 apart, and the CPU
// mrg_uniform op's C code (its int32 arithmetic and its float32/float64
// scaling), so that seeds give Theano's draws bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_LIB_RUNTIME_MRG31K3P_H
#define TENSORJIT_LIB_RUNTIME_MRG31K3P_H

#include <array>
#include <cstdint>

namespace tensorjit::detail {

/// One stream's state: x11 x12 x13 (modulo M1) then x21 x22 x23 (modulo M2),
/// newest first.
using MrgState = std::array<int32_t, 6>;
inline constexpr int32_t kMrgM1 = 2147483647, kMrgM2 = 2147462579;

/// Advances one stream by one step (Theano's mrg_next_value) and returns the
/// integer Theano scales: (x11 - x21) if x11 > x21 else (x11 - x21 + M1),
/// in [1, M1].
int32_t mrg_next(MrgState &s);

/// That integer scaled as Theano's C code does: float32 rounds the integer
/// to float and multiplies by the float 4.6566126e-10f (the largest float
/// below 2**-31, so M1 maps below 1); float64 multiplies by 2**-31 exactly.
float mrg_to_float32(int32_t v);
double mrg_to_float64(int32_t v);

/// Jump-ahead: the state 2**72 steps on (next substream) and 2**134 steps on
/// (next stream), by Theano's A1p72/A2p72 and A1p134/A2p134 matrices.
MrgState mrg_jump_substream(const MrgState &s);
MrgState mrg_jump_stream(const MrgState &s);

/// Theano's MRG_RandomStreams seeding: an int seed s gives master rstate
/// [s]*6. Throws Error for seed 0 or >= M2 (as Theano) and for negative
/// seeds (which Theano would turn into an invalid state).
MrgState mrg_master_state(int64_t seed);

/// get_substream_rstates: writes n_streams states (row 0 = master, row i =
/// jump_substream(row i-1)) into out[n_streams*6], then advances master by
/// jump_stream (inc_rstate). n_streams must be >= 1.
void mrg_substream_rstates(MrgState &master, int64_t n_streams, int32_t *out);

/// Theano's guess_n_streams for a known number of elements (>= 1): the
/// count divided by 6 when above 6, at most 60*256.
int64_t mrg_guess_n_streams(int64_t n_elements);

/// mrg_uniform's perform: element i comes from stream i % n_streams; advances
/// the states (n_streams rows of 6) in place.
void mrg_uniform_fill(int32_t *rstates, int64_t n_streams, float *out,
                      int64_t n);
void mrg_uniform_fill(int32_t *rstates, int64_t n_streams, double *out,
                      int64_t n);

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_MRG31K3P_H
