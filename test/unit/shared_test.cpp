//===- shared_test.cpp - Shared variables, updates, givens ----------------===//
//
// SPEC.md §4 with Theano's numbers, the double-buffered updates, their
// atomicity, and the errors.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace T = tensorjit;

namespace {

int64_t valueOf(const T::Shared &s) { return s.get_value().item<int64_t>(); }

TEST(Shared, TheSeedSequence) {
  T::Shared state = T::shared(0);
  EXPECT_EQ(state.dtype(), T::DType::Int64);
  auto inc = T::iscalar("inc");
  auto accumulator =
      T::function({inc}, state, {.updates = {{state, state + inc}}});
  EXPECT_EQ(valueOf(state), 0);
  EXPECT_EQ(T::Array(accumulator(1)).item<int64_t>(), 0);
  EXPECT_EQ(valueOf(state), 1);
  EXPECT_EQ(T::Array(accumulator(300)).item<int64_t>(), 1);
  EXPECT_EQ(valueOf(state), 301);
  state.set_value(-1);
  EXPECT_EQ(T::Array(accumulator(3)).item<int64_t>(), -1);
  EXPECT_EQ(valueOf(state), 2);

  auto decrementor =
      T::function({inc}, state, {.updates = {{state, state - inc}}});
  EXPECT_EQ(T::Array(decrementor(2)).item<int64_t>(), 2);
  EXPECT_EQ(valueOf(state), 0);

  auto fn_of_state = state * 2 + inc;
  auto foo = T::scalar("foo", state.dtype());
  auto skip_shared =
      T::function({inc, foo}, fn_of_state, {.givens = {{state, foo}}});
  EXPECT_EQ(T::Array(skip_shared(1, 3)).item<int64_t>(), 7);
  EXPECT_EQ(valueOf(state), 0);
  // The printed forms are the seed's.
  EXPECT_EQ(state.get_value().str(), "0");
}

TEST(Shared, SteadyStateUpdatesAllocateNothing) {
  T::Shared w = T::shared(T::zeros({1000}), "w");
  auto step = T::function({}, w.sum(), {.updates = {{w, w + 1}}});
  std::set<const void *> buffers;
  for (int i = 0; i < 10; ++i) {
    step();
    buffers.insert(w.get_value({.borrow = true}).raw_data());
  }
  // Double buffering: the value alternates between two buffers.
  EXPECT_EQ(buffers.size(), 2u);
  EXPECT_EQ(w.get_value().at<double>(999), 10.0);
}

TEST(Shared, OutputsSeeValuesFromBeforeTheCall) {
  T::Shared a = T::shared(1.0, "a");
  T::Shared b = T::shared(2.0, "b");
  // Swap a and b, returning their sum and a as it was.
  auto swap = T::function({}, {a + b, a}, {.updates = {{a, b}, {b, a}}});
  T::Outputs outs = swap();
  EXPECT_EQ(outs[0].item<double>(), 3.0);
  EXPECT_EQ(outs[1].item<double>(), 1.0);
  EXPECT_EQ(a.get_value().item<double>(), 2.0);
  EXPECT_EQ(b.get_value().item<double>(), 1.0);
}

TEST(Shared, AFailedCallCommitsNothing) {
  T::Shared total = T::shared(T::zeros({3}), "total");
  auto x = T::dvector("x");
  auto add = T::function({x}, total, {.updates = {{total, total + x}}});
  add(T::ones({3}));
  EXPECT_THROW(add(T::ones({4})), T::Error);
  EXPECT_EQ(total.get_value().str(), "[1. 1. 1.]");
  add(T::ones({3}));
  EXPECT_EQ(total.get_value().str(), "[2. 2. 2.]");
}

TEST(Shared, SetValueBetweenCallsIsHonoured) {
  T::Shared v = T::shared(T::ones({2}), "v");
  auto twice = T::function({}, v * 2);
  EXPECT_EQ(T::Array(twice()).str(), "[2. 2.]");
  v.set_value(T::array({3., 4., 5.}));
  EXPECT_EQ(T::Array(twice()).str(), "[ 6.  8. 10.]");
  // A lossless conversion is accepted and keeps the dtype.
  v.set_value(T::array({1, 2}));
  EXPECT_EQ(v.get_value().dtype(), T::DType::Float64);
  // Values are the variable's own.
  T::Array source = T::ones({2});
  T::Shared copy = T::shared(source, "copy");
  source.data<double>()[0] = 9;
  EXPECT_EQ(copy.get_value().at<double>(0), 1.0);
}

TEST(Shared, ThreadsDoNotLoseUpdates) {
  T::Shared count = T::shared(0, "count");
  auto inc = T::lscalar("inc");
  auto add = T::function({inc}, count, {.updates = {{count, count + inc}}});
  auto sub = T::function({inc}, count, {.updates = {{count, count - inc}}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        if (t % 2)
          sub(1);
        else
          add(3);
      }
    });
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(valueOf(count), 2 * 500 * 3 - 2 * 500 * 1);
}

TEST(SharedErrors, Updates) {
  T::Shared s = T::shared(0, "s");
  auto x = T::dscalar("x");
  try {
    T::function({x}, x, {.updates = {{s, s + x}}, .name = "bad"});
    ADD_FAILURE();
  } catch (const T::Error &error) {
    EXPECT_STREQ(error.what(),
                 "function 'bad': updates: the update of s: int64 scalar is "
                 "float64 scalar; it must have the shared variable's rank and "
                 "a dtype that converts to int64 without loss");
  }
  EXPECT_THROW(T::function({x}, x, {.updates = {{s, s + 1}, {s, s + 2}}}),
               T::Error);
  auto v = T::lvector("v");
  EXPECT_THROW(T::function({v}, v, {.updates = {{s, v}}}), T::Error);
  // A shared variable is not passed as an argument.
  EXPECT_THROW(T::function({s}, s * 2), T::Error);
}

TEST(SharedErrors, GivensMustKeepTheType) {
  T::Shared s = T::shared(0, "s");
  auto f = T::dscalar("f");
  auto v = T::lvector("v");
  EXPECT_THROW(T::function({f}, s + f, {.givens = {{s, f}}}), T::Error);
  EXPECT_THROW(T::function({v}, s * 2, {.givens = {{s, v}}}), T::Error);
  // Any variable can be replaced, not only shared ones.
  auto [a, b] = T::dscalars("a", "b");
  auto g = T::function({b}, a * 10, {.givens = {{a, b + 1}}});
  EXPECT_EQ(T::Array(g(2.0)).item<double>(), 30.0);
}

TEST(SharedErrors, SetValueKeepsTheType) {
  T::Shared s = T::shared(T::zeros({2}, T::DType::Int32), "s");
  EXPECT_THROW(s.set_value(T::zeros({2, 2}, T::DType::Int32)), T::Error);
  EXPECT_THROW(s.set_value(T::ones({2})), T::Error);
  s.set_value(T::array(std::vector<int16_t>{7, 8}, {2}));
  EXPECT_EQ(s.get_value().str(), "[7 8]");
}

} // namespace
