//===- more_examples.cpp - The seed tutorial's "more examples" in C++ -----===//
//
// Theano's tutorial, section by section, as far as tensorjit implements it
// (SPEC.md §3): each result is printed as numpy prints it, next to what
// Theano printed.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <iostream>

namespace T = tensorjit;
using namespace tensorjit::literals;

static void section(const char *title) {
  std::cout << "\n== " << title << "\n";
}

int main() {
  section("Logistic function: s = 1 / (1 + exp(-x))");
  auto x = T::dmatrix("x");
  auto s = 1 / (1 + T::exp(-x));
  auto logistic = T::function({x}, s, {.name = "logistic"});
  std::cout << logistic(T::array({{0., 1.}, {-1., -2.}})) << "\n";
  std::cout << "(Theano: [[0.5        0.73105858]\n"
               "          [0.26894142 0.11920292]])\n";

  section("The same with s2 = (1 + tanh(x / 2)) / 2");
  auto s2 = (1 + T::tanh(x / 2)) / 2;
  auto logistic2 = T::function({x}, s2, {.name = "logistic2"});
  std::cout << logistic2(T::array({{0., 1.}, {-1., -2.}})) << "\n";

  section("Computing more than one thing at the same time");
  auto [a, b] = T::dmatrices("a", "b");
  auto diff = a - b;
  auto abs_diff = abs(diff);
  auto diff_squared = diff * diff;
  auto f = T::function({a, b}, {diff, abs_diff, diff_squared},
                       {.name = "differences"});
  for (const T::Array &out :
       f(T::array({{1., 1.}, {1., 1.}}), T::array({{0., 1.}, {2., 3.}})))
    std::cout << out << "\n";
  std::cout << "(Theano: [[ 1.  0.] [-1. -2.]], [[1. 0.] [1. 2.]], "
               "[[1. 0.] [1. 4.]])\n";

  section("Setting a default value for an argument");
  auto [x1, y1] = T::dscalars("x", "y");
  auto g = T::function({x1, T::In(y1, 1)}, x1 + y1, {.name = "plus"});
  std::cout << "g(33) = " << g(33) << "   (Theano: 34.0)\n";
  std::cout << "g(33, 2) = " << g(33, 2) << "   (Theano: 35.0)\n";

  auto [p, q, w] = T::dscalars("x", "y", "w");
  auto h = T::function({p, T::In(q, 1), T::In(w, 2, "w_by_name")}, (p + q) * w,
                       {.name = "weighted"});
  std::cout << "h(33) = " << h(33) << "   (Theano: 68.0)\n";
  std::cout << "h(33, 2) = " << h(33, 2) << "   (Theano: 70.0)\n";
  std::cout << "h(33, 0, 1) = " << h(33, 0, 1) << "   (Theano: 33.0)\n";
  std::cout << "h(33, w_by_name=1) = " << h(33, "w_by_name"_a = 1)
            << "   (Theano: 34.0)\n";
  std::cout << "h(33, w_by_name=1, y=0) = "
            << h(33, "w_by_name"_a = 1, "y"_a = 0) << "   (Theano: 33.0)\n";

  section("Using shared variables");
  T::Shared state = T::shared(0);
  auto inc = T::iscalar("inc");
  auto accumulator = T::function(
      {inc}, state, {.updates = {{state, state + inc}}, .name = "accumulator"});
  std::cout << "state.get_value() = " << state.get_value()
            << "   (Theano: 0)\n";
  std::cout << "accumulator(1) = " << accumulator(1) << "   (Theano: 0)\n";
  std::cout << "state.get_value() = " << state.get_value()
            << "   (Theano: 1)\n";
  std::cout << "accumulator(300) = " << accumulator(300) << "   (Theano: 1)\n";
  std::cout << "state.get_value() = " << state.get_value()
            << "   (Theano: 301)\n";
  state.set_value(-1);
  std::cout << "after state.set_value(-1): accumulator(3) = " << accumulator(3)
            << "   (Theano: -1)\n";
  std::cout << "state.get_value() = " << state.get_value()
            << "   (Theano: 2)\n";
  auto decrementor = T::function(
      {inc}, state, {.updates = {{state, state - inc}}, .name = "decrementor"});
  std::cout << "decrementor(2) = " << decrementor(2) << "   (Theano: 2)\n";
  std::cout << "state.get_value() = " << state.get_value()
            << "   (Theano: 0)\n";

  section("Replacing a shared variable with givens");
  auto fn_of_state = state * 2 + inc;
  auto foo = T::scalar("foo", state.dtype());
  auto skip_shared =
      T::function({inc, foo}, fn_of_state,
                  {.givens = {{state, foo}}, .name = "skip_shared"});
  std::cout << "skip_shared(1, 3) = " << skip_shared(1, 3)
            << "   (Theano: 7)\n";
  std::cout << "state.get_value() = " << state.get_value()
            << "   (Theano: 0, unchanged)\n";

  section("Compilation happens once per signature");
  logistic(T::array({{3., 4., 5.}}));
  logistic(T::array({{0.5, 1.5, 2.5}, {1., 2., 3.}}));
  logistic(T::array({{0.5, 1.5, 2.5}, {1., 2., 3.}, {4., 5., 6.}}));
  T::Stats stats = logistic.stats();
  std::cout << "logistic: " << stats.calls << " calls, " << stats.compiles
            << " compiles, " << stats.cache_hits
            << " cache hits (a 1-row batch is its own signature)\n";

  section("Errors name the function, the input and the mismatch");
  try {
    f(T::ones({2, 2}), T::ones({3, 3}));
  } catch (const T::Error &error) {
    std::cout << "tensorjit::Error: " << error.what() << "\n";
  }

  section("The tj IR that logistic's first signature compiled from");
  std::cout << logistic.ir(T::Stage::Tj);
  return 0;
}
