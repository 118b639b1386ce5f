//===- random_streams_test.cpp - RandomStreams in compiled functions ------===//
//
// SPEC.md §5. Compiled draws are checked against the host generators:
// MT19937 against T::RandomState (itself checked bit for bit against numpy
// in random_test), MRG31k3p against the host MRG31k3p (checked against
// Theano's reference samples in mrg_test).
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include "lib/runtime/Mrg31k3p.h"

#include <gtest/gtest.h>

#include "ExpectError.h"

#include <cmath>
#include <numbers>
#include <sstream>

namespace T = tensorjit;

namespace {

std::string str(const T::Array &a) {
  std::ostringstream os;
  os << a;
  return os.str();
}

std::vector<double> values(const T::Array &a) {
  T::Array d = a.astype(T::DType::Float64);
  return {d.data<double>(), d.data<double>() + d.size()};
}

/// The state Theano's RandomStreams(seed) gives its i-th draw.
T::RandomState nthState(int64_t seed, int i) {
  T::RandomState master(seed);
  int64_t s = 0;
  for (int k = 0; k <= i; ++k)
    s = master.randint(0, int64_t{1} << 30, {}).item<int64_t>();
  return T::RandomState(s);
}

TEST(RandomStreams, Spec5PrintsTheanosNumbers) {
  T::RandomStreams srng(234);
  auto rv_u = srng.uniform({2, 2});
  auto rv_n = srng.normal({2, 2});
  auto f = T::function({}, rv_u);
  auto g = T::function({}, rv_n, {.no_default_updates = true});
  auto nearly_zeros = T::function({}, rv_u + rv_u - 2 * rv_u);
  EXPECT_EQ(str(f()), "[[0.12672381 0.97091597]\n [0.13989098 0.88754825]]");
  EXPECT_EQ(str(f()), "[[0.31971415 0.47584377]\n [0.24129163 0.42046081]]");
  EXPECT_EQ(str(g()),
            "[[ 0.37328447 -0.65746672]\n [-0.36302373 -0.97484625]]");
  EXPECT_EQ(str(g()),
            "[[ 0.37328447 -0.65746672]\n [-0.36302373 -0.97484625]]");
  EXPECT_EQ(str(nearly_zeros()), "[[0. 0.]\n [0. 0.]]");
}

TEST(RandomStreams, MT19937DrawsAreNumpysBitForBit) {
  T::RandomStreams srng(7);
  auto u = srng.uniform({3, 5}, -2.0, 3.0);
  auto n = srng.normal({7}, 1.5, 0.25);
  auto b = srng.binomial({4, 6}, 40, 0.3);
  auto i = srng.integers({9}, -5, 100);
  auto u32 = srng.uniform({5}, 0.0, 1.0, T::DType::Float32);
  auto f = T::function({}, std::vector<T::Output>{u, n, b, i, u32});
  for (int call = 0; call < 3; ++call) {
    T::Outputs out = f();
    // Each state advances past its draws and nothing else.
    T::RandomState su = nthState(7, 0), sn = nthState(7, 1),
                   sb = nthState(7, 2), si = nthState(7, 3),
                   s32 = nthState(7, 4);
    for (int k = 0; k < call; ++k) {
      su.uniform({3, 5}, -2.0, 3.0);
      sn.normal({7}, 1.5, 0.25);
      sb.binomial(40, 0.3, {4, 6});
      si.randint(-5, 100, {9});
      s32.uniform({5});
    }
    EXPECT_EQ(values(out[0]), values(su.uniform({3, 5}, -2.0, 3.0)));
    EXPECT_EQ(values(out[1]), values(sn.normal({7}, 1.5, 0.25)));
    EXPECT_EQ(out[2].dtype(), T::DType::Int64);
    EXPECT_EQ(values(out[2]), values(sb.binomial(40, 0.3, {4, 6})));
    EXPECT_EQ(values(out[3]), values(si.randint(-5, 100, {9})));
    EXPECT_EQ(out[4].dtype(), T::DType::Float32);
    EXPECT_EQ(values(out[4]),
              values(s32.uniform({5}).astype(T::DType::Float32)));
  }
}

TEST(RandomStreams, OneValuePerCallWhereverUsed) {
  T::RandomStreams srng(1);
  auto u = srng.uniform({100});
  auto f = T::function({}, std::vector<T::Output>{u, u * 2, (u - u).sum()});
  T::Outputs out = f();
  std::vector<double> a = values(out[0]), twice = values(out[1]);
  for (size_t k = 0; k < a.size(); ++k)
    EXPECT_EQ(twice[k], 2 * a[k]);
  EXPECT_EQ(out[2].item<double>(), 0.0);
}

TEST(RandomStreams, ExplicitUpdateReplacesTheDefault) {
  T::RandomStreams srng(3);
  auto u = srng.uniform({4});
  // Updating the state with itself keeps it: every call draws the same.
  auto frozen = T::function({}, u, {.updates = {{u.rng(), u.rng()}}});
  EXPECT_EQ(values(frozen()), values(frozen()));
  // Updating it with the draw's own next state is the default update.
  auto stepped = T::function({}, u, {.updates = {{u.rng(), u.update()}}});
  T::RandomState expected = nthState(3, 0);
  EXPECT_EQ(values(stepped()), values(expected.uniform({4})));
  EXPECT_EQ(values(stepped()), values(expected.uniform({4})));
}

TEST(RandomStreams, SeedReseedsEveryStream) {
  T::RandomStreams srng(5);
  auto u = srng.uniform({3});
  auto n = srng.normal({3});
  auto f = T::function({}, std::vector<T::Output>{u, n});
  f();
  srng.seed(99);
  T::Outputs out = f();
  EXPECT_EQ(values(out[0]), values(nthState(99, 0).uniform({3})));
  EXPECT_EQ(values(out[1]), values(nthState(99, 1).randn({3})));
}

TEST(RandomStreams, StateValueRoundTrips) {
  T::RandomStreams srng(11);
  auto u = srng.uniform({6});
  auto f = T::function({}, u);
  T::RandomState saved = u.rng().get_value();
  T::Array first = f();
  EXPECT_FALSE(u.rng().get_value() == saved);
  u.rng().set_value(saved);
  EXPECT_EQ(values(f()), values(first));

  // get_state / set_state as numpy's.
  T::GeneratorState state = saved.get_state();
  EXPECT_EQ(state.kind, "MT19937");
  EXPECT_EQ(state.key.shape(), T::Shape{624});
  T::RandomState other(0);
  other.set_state(state);
  EXPECT_TRUE(other == saved);
  EXPECT_EQ(values(other.uniform({6})), values(first));
}

/// The seed's copy_random_state: after copying every state of g1's streams
/// into g2's, both graphs draw the same numbers.
TEST(RandomStreams, CopyRandomStateBetweenGraphs) {
  for (bool mrg : {false, true}) {
    SCOPED_TRACE(mrg ? "MRG31k3p" : "MT19937");
    auto make = [&](int64_t seed) -> T::RandomStreams {
      if (mrg)
        return T::MRGRandomStreams(seed);
      return T::RandomStreams(seed);
    };
    T::RandomStreams s1 = make(123), s2 = make(987);
    auto a1 = s1.uniform({2, 3}), b1 = s1.normal({4});
    auto a2 = s2.uniform({2, 3}), b2 = s2.normal({4});
    auto g1 = T::function({}, std::vector<T::Output>{a1 + 1, b1});
    auto g2 = T::function({}, std::vector<T::Output>{a2 + 1, b2});
    g1();
    std::vector<T::StateUpdate> u1 = s1.state_updates(),
                                u2 = s2.state_updates();
    ASSERT_EQ(u1.size(), 2u);
    for (size_t k = 0; k < u1.size(); ++k)
      u2[k].rng.set_value(u1[k].rng.get_value());
    T::Outputs o1 = g1(), o2 = g2();
    EXPECT_EQ(values(o1[0]), values(o2[0]));
    EXPECT_EQ(values(o1[1]), values(o2[1]));
  }
}

/// Theano's mrg_uniform on the host: the streams of the i-th draw of
/// MRG_RandomStreams(seed) over `count` elements.
std::vector<double> hostMrgUniform(int64_t seed, int i, int64_t count, bool f32,
                                   int calls = 1) {
  T::detail::MrgState master = T::detail::mrg_master_state(seed);
  std::vector<int32_t> states;
  for (int k = 0; k <= i; ++k) {
    int64_t streams = T::detail::mrg_guess_n_streams(count);
    states.assign(streams * 6, 0);
    T::detail::mrg_substream_rstates(master, streams, states.data());
  }
  std::vector<double> out;
  for (int call = 0; call < calls; ++call) {
    out.clear();
    if (f32) {
      std::vector<float> v(count);
      T::detail::mrg_uniform_fill(states.data(), states.size() / 6, v.data(),
                                  count);
      out.assign(v.begin(), v.end());
    } else {
      out.resize(count);
      T::detail::mrg_uniform_fill(states.data(), states.size() / 6, out.data(),
                                  count);
    }
  }
  return out;
}

TEST(MRGRandomStreams, UniformIsTheHostGeneratorBitForBit) {
  // 4000000 draws are 261 from each of 15360 streams: two stretches of a
  // stream where the GPU's loops draw 256 at a time (gpu_loops_on_cpu).
  for (bool f32 : {false, true})
    for (int64_t count : {1, 5, 7, 100, 1001, 200000, 4000000}) {
      SCOPED_TRACE(std::to_string(count) + (f32 ? " f32" : " f64"));
      T::MRGRandomStreams srng(12345);
      auto u = srng.uniform({count}, 0.0, 1.0,
                            f32 ? T::DType::Float32 : T::DType::Float64);
      auto f = T::function({}, u);
      f();
      EXPECT_EQ(values(f()), hostMrgUniform(12345, 0, count, f32, 2));
    }
}

TEST(MRGRandomStreams, EachDrawGetsTheNextBlockOfStreams) {
  T::MRGRandomStreams srng(42);
  auto a = srng.uniform({10});
  auto b = srng.uniform({3, 4}, -1.0, 1.0);
  auto f = T::function({}, std::vector<T::Output>{a, b});
  T::Outputs out = f();
  EXPECT_EQ(values(out[0]), hostMrgUniform(42, 0, 10, false));
  std::vector<double> expected = hostMrgUniform(42, 1, 12, false);
  for (double &v : expected)
    v = v * 2.0 + -1.0;
  EXPECT_EQ(values(out[1]), expected);
}

TEST(MRGRandomStreams, NormalIsBoxMullerOnTheUniforms) {
  for (bool f32 : {false, true})
    for (int64_t count : {1, 6, 9, 1000}) {
      SCOPED_TRACE(std::to_string(count) + (f32 ? " f32" : " f64"));
      T::MRGRandomStreams srng(2024);
      auto z = srng.normal({count}, 0.5, 2.0,
                           f32 ? T::DType::Float32 : T::DType::Float64);
      std::vector<double> got = values(T::function({}, z)());
      int64_t even = count + count % 2;
      std::vector<double> u = hostMrgUniform(2024, 0, even, f32);
      for (int64_t k = 0; k < count; ++k) {
        int64_t h = even / 2;
        double u1 = k < h ? u[k] : u[k - h], u2 = k < h ? u[k + h] : u[k];
        double r = std::sqrt(-2.0 * std::log(u1)),
               t = 2.0 * std::numbers::pi * u2;
        double expected =
            (k < h ? r * std::cos(t) : r * std::sin(t)) * 2.0 + 0.5;
        EXPECT_NEAR(got[k], expected,
                    (f32 ? 2e-5 : 1e-12) * (1 + std::abs(expected)))
            << "element " << k;
      }
    }
}

TEST(MRGRandomStreams, BinomialAndIntegers) {
  T::MRGRandomStreams srng(7);
  auto coin = srng.binomial({20000}, 1, 0.25);
  auto count = srng.binomial({5000}, 4, 0.5);
  auto dice = srng.integers({20000}, 1, 7);
  T::Outputs out = T::function({}, std::vector<T::Output>{coin, count, dice})();
  std::vector<double> c = values(out[0]), k = values(out[1]),
                      d = values(out[2]);
  double mean = 0;
  for (double v : c) {
    ASSERT_TRUE(v == 0 || v == 1);
    mean += v / c.size();
  }
  EXPECT_NEAR(mean, 0.25, 0.02);
  mean = 0;
  for (double v : k) {
    ASSERT_TRUE(v >= 0 && v <= 4 && v == std::floor(v));
    mean += v / k.size();
  }
  EXPECT_NEAR(mean, 2.0, 0.06);
  std::vector<int> seen(8, 0);
  for (double v : d) {
    ASSERT_TRUE(v >= 1 && v <= 6 && v == std::floor(v));
    ++seen[static_cast<int>(v)];
  }
  for (int face = 1; face <= 6; ++face)
    EXPECT_NEAR(seen[face] / 20000.0, 1 / 6.0, 0.02) << face;
  // The first coin flips are uniform < p on the host streams.
  std::vector<double> u = hostMrgUniform(7, 0, 20000, false);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(c[i], u[i] < 0.25 ? 1.0 : 0.0);
}

TEST(MRGRandomStreams, SeedAndStates) {
  T::MRGRandomStreams srng(1);
  auto u = srng.uniform({30});
  auto f = T::function({}, u);
  f();
  srng.seed(12345);
  EXPECT_EQ(values(f()), hostMrgUniform(12345, 0, 30, false));
  T::RandomState state = u.rng().get_value();
  EXPECT_EQ(state.generator(), T::Generator::MRG31k3p);
  T::GeneratorState st = state.get_state();
  EXPECT_EQ(st.kind, "MRG31k3p");
  EXPECT_EQ(st.key.shape(), (T::Shape{5, 6}));
  // RandomState::mrg31k3p gives the first draw's streams.
  T::RandomState fresh = T::RandomState::mrg31k3p(12345, 5);
  u.rng().set_value(fresh);
  EXPECT_EQ(values(f()), hostMrgUniform(12345, 0, 30, false));
}

TEST(RandomErrors, ClearMessages) {
  T::RandomStreams srng(0);
  T::MRGRandomStreams mrg(1);
  expectError(
      [&] {
        srng.uniform({2, -1});
      },
      {"RandomStreams.uniform", "invalid size -1"});
  expectError([&] { srng.integers({3}, 5, 5); },
              {"integers", "low < high", "low = 5, high = 5"});
  expectError([&] { mrg.integers({3}, 2, 1); }, {"low < high"});
  expectError([&] { srng.uniform({3}, 2.0, 1.0); }, {"low <= high"});
  expectError([&] { srng.binomial({3}, 1, 1.5); }, {"p in [0, 1]", "1.5"});
  expectError([&] { mrg.binomial({3}, 1, -0.1); }, {"p in [0, 1]"});
  expectError([&] { srng.binomial({3}, -2, 0.5); }, {"n >= 0"});
  expectError([&] { srng.normal({3}, 0.0, -1.0); }, {"std >= 0"});
  expectError([&] { srng.uniform({3}, 0, 1, T::DType::Int32); },
              {"draws floats", "int32"});
  expectError([] { T::MRGRandomStreams(0); }, {"seed"});

  auto u = srng.uniform({3});
  auto m = mrg.uniform({3});
  expectError([&] { u.rng().set_value(m.rng().get_value()); },
              {"set_value", "MT19937", "other generator"});
  expectError(
      [&] { T::RandomState(0).set_state(m.rng().get_value().get_state()); },
      {"set_state", "MT19937", "'MRG31k3p'"});
  expectError(
      [&] {
        T::GeneratorState state = T::RandomState(0).get_state();
        state.key = T::zeros({10}, T::DType::Int64);
        T::RandomState(0).set_state(state);
      },
      {"set_state", "(624,)", "(10,)"});
  expectError([&] { m.rng().get_value().uniform({2}); },
              {"host draws are MT19937's"});
  expectError([&] { (void)(u.rng() + 1); }, {"random generator state"});
  expectError(
      [&] {
        T::function({}, u, {.updates = {{u.rng(), m.rng()}}});
      },
      {"updates", "same generator"});
  expectError(
      [&] {
        T::function({}, u, {.updates = {{T::shared(T::zeros({3})), u.rng()}}});
      },
      {"updates", "random state"});
}

} // namespace
