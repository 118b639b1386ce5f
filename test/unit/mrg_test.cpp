//===- mrg_test.cpp - MRG31k3p against Theano's and L'Ecuyer's draws ------===//
//
// test/data/mrg31k3p_java_samples.txt holds the draws of L'Ecuyer's Java
// MRG31k3p that Theano's test_consistency_randomstreams compares with;
// test/data/mrg31k3p.txt holds a Python reference of Theano's rng_mrg
// (regenerate with test/data/make_mrg31k3p.py), which must match exactly.
//
//===----------------------------------------------------------------------===//

#include "lib/runtime/Mrg31k3p.h"
#include "test/unit/ReferenceRecords.h"

#include <tensorjit/error.h>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace T = tensorjit;
namespace D = tensorjit::detail;

namespace {

std::vector<int64_t> integers(const std::vector<std::string> &words) {
  std::vector<int64_t> result;
  for (const std::string &word : words)
    result.push_back(std::stoll(word));
  return result;
}

/// The states as one flat list of integers.
std::vector<int64_t> flatten(const std::vector<D::MrgState> &states) {
  std::vector<int64_t> result;
  for (const D::MrgState &state : states)
    result.insert(result.end(), state.begin(), state.end());
  return result;
}

/// Theano's test_consistency_randomstreams: for each of 12 streams,
/// uniform(size=(7,), nstreams=7) evaluated 5 times, the 5 x 7 draws
/// listed substream by substream.
std::vector<double> consistency_randomstreams() {
  D::MrgState master = D::mrg_master_state(12345);
  std::vector<double> samples;
  for (int stream = 0; stream < 12; ++stream) {
    std::vector<int32_t> rstates(7 * 6);
    D::mrg_substream_rstates(master, 7, rstates.data());
    std::vector<std::vector<double>> calls(5, std::vector<double>(7));
    for (std::vector<double> &call : calls)
      D::mrg_uniform_fill(rstates.data(), 7, call.data(), 7);
    for (int substream = 0; substream < 7; ++substream)
      for (const std::vector<double> &call : calls)
        samples.push_back(call[substream]);
  }
  return samples;
}

TEST(Mrg31k3p, MatchesLEcuyerJavaSamples) {
  std::ifstream file(TENSORJIT_TEST_DATA "/mrg31k3p_java_samples.txt");
  ASSERT_TRUE(file.good()) << "missing test data";
  std::vector<double> java;
  std::string line;
  while (std::getline(file, line))
    if (!line.empty() && line[0] != '#')
      java.push_back(std::stod(line));
  std::vector<double> samples = consistency_randomstreams();
  ASSERT_EQ(java.size(), 420u);
  ASSERT_EQ(samples.size(), java.size());
  for (size_t i = 0; i < java.size(); ++i)
    ASSERT_NEAR(samples[i], java[i], 1e-12 * java[i]) << "sample " << i;
}

/// Draws `record`'s uniform values (`uniform dtype seed n_streams n1 n2`:
/// fresh streams, then calls of n1 and n2 draws) as doubles.
template <typename Float>
std::vector<double> uniform_draws(const std::vector<std::string> &head) {
  D::MrgState master = D::mrg_master_state(std::stoll(head[2]));
  int64_t n_streams = std::stoll(head[3]);
  std::vector<int32_t> rstates(6 * n_streams);
  D::mrg_substream_rstates(master, n_streams, rstates.data());
  std::vector<double> result;
  for (size_t call = 4; call < head.size(); ++call) {
    std::vector<Float> out(std::stoll(head[call]));
    D::mrg_uniform_fill(rstates.data(), n_streams, out.data(), out.size());
    result.insert(result.end(), out.begin(), out.end());
  }
  return result;
}

void check_uniform(const T::reference::ReferenceRecord &record) {
  bool single = record.head[1] == "float32";
  std::vector<double> got = single ? uniform_draws<float>(record.head)
                                   : uniform_draws<double>(record.head);
  ASSERT_EQ(got.size(), record.values.size());
  for (size_t i = 0; i < got.size(); ++i) {
    double want = std::stod(record.values[i]);
    if (single)
      ASSERT_EQ(static_cast<float>(got[i]), static_cast<float>(want)) << i;
    else
      ASSERT_EQ(got[i], want) << "draw " << i;
  }
}

/// `jump_stream seed` / `jump_substream seed`: five jumps from [seed]*6.
std::vector<int64_t> jumps(const std::vector<std::string> &head) {
  D::MrgState state = D::mrg_master_state(std::stoll(head[1]));
  std::vector<D::MrgState> chain;
  for (int i = 0; i < 5; ++i) {
    state = head[0] == "jump_stream" ? D::mrg_jump_stream(state)
                                     : D::mrg_jump_substream(state);
    chain.push_back(state);
  }
  return flatten(chain);
}

TEST(Mrg31k3p, MatchesTheanoReference) {
  std::vector<T::reference::ReferenceRecord> records =
      T::reference::load_records("mrg31k3p.txt");
  ASSERT_EQ(records.size(), 21u);
  // substream_rstates records draw one after another from one master.
  D::MrgState master = D::mrg_master_state(12345);
  for (const T::reference::ReferenceRecord &record : records) {
    const std::string &kind = record.head[0];
    SCOPED_TRACE(kind + " " + record.head.back());
    std::vector<int64_t> want = integers(record.values);
    if (kind == "uniform") {
      check_uniform(record);
    } else if (kind == "next_int") {
      D::MrgState state = D::mrg_master_state(std::stoll(record.head[1]));
      for (size_t i = 0; i < want.size(); ++i)
        ASSERT_EQ(D::mrg_next(state), want[i]) << "step " << i;
    } else if (kind == "substream_rstates") {
      int64_t n_streams = std::stoll(record.head[2]);
      std::vector<int32_t> rows(6 * n_streams);
      D::mrg_substream_rstates(master, n_streams, rows.data());
      std::vector<int64_t> got(rows.begin(), rows.end());
      got.insert(got.end(), master.begin(), master.end());
      EXPECT_EQ(got, want);
    } else if (kind == "jump_stream" || kind == "jump_substream") {
      EXPECT_EQ(jumps(record.head), want);
    } else if (kind == "guess_n_streams") {
      for (size_t i = 0; i + 1 < want.size(); i += 2)
        EXPECT_EQ(D::mrg_guess_n_streams(want[i]), want[i + 1]) << want[i];
    } else {
      ADD_FAILURE() << "unknown record " << kind;
    }
  }
}

TEST(Mrg31k3p, ScalingStaysBelowOne) {
  EXPECT_EQ(D::mrg_to_float64(D::kMrgM1), 1.0 - std::ldexp(1.0, -31));
  EXPECT_EQ(D::mrg_to_float32(D::kMrgM1), 1.0f - std::ldexp(1.0f, -24));
  EXPECT_EQ(D::mrg_to_float64(1), std::ldexp(1.0, -31));
}

TEST(Mrg31k3p, Errors) {
  EXPECT_THROW(D::mrg_master_state(0), T::Error);
  EXPECT_THROW(D::mrg_master_state(D::kMrgM2), T::Error);
  EXPECT_THROW(D::mrg_master_state(int64_t{1} << 40), T::Error);
  EXPECT_THROW(D::mrg_master_state(-5), T::Error);
  EXPECT_EQ(D::mrg_master_state(D::kMrgM2 - 1)[5], D::kMrgM2 - 1);
  D::MrgState master = D::mrg_master_state(1);
  int32_t row[6];
  EXPECT_THROW(D::mrg_substream_rstates(master, 0, row), T::Error);
  EXPECT_THROW(D::mrg_guess_n_streams(0), T::Error);
  double out[1];
  EXPECT_THROW(D::mrg_uniform_fill(row, 0, out, 1), T::Error);
}

} // namespace
