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

  section("Using random numbers");
  T::RandomStreams srng(234);
  auto rv_u = srng.uniform({2, 2});
  auto rv_n = srng.normal({2, 2});
  auto f_u = T::function({}, rv_u);
  auto g_n = T::function({}, rv_n, {.no_default_updates = true});
  auto nearly_zeros = T::function({}, rv_u + rv_u - 2 * rv_u);
  std::cout << "f() =\n"
            << f_u() << "\n   (Theano: [[0.12672381 0.97091597] "
            << "[0.13989098 0.88754825]])\n";
  std::cout << "f() =\n"
            << f_u() << "\n   (Theano: [[0.31971415 0.47584377] "
            << "[0.24129163 0.42046081]])\n";
  std::cout << "g() =\n" << g_n() << "\n";
  std::cout << "g() =\n" << g_n() << "\n   (the same: no default updates)\n";
  std::cout << "nearly_zeros() =\n"
            << nearly_zeros() << "\n   (one value of rv_u per call)\n";

  section("Seeding streams");
  T::RandomState rng_val = rv_u.rng().get_value();
  rng_val.seed(89234);           // seeds the generator
  rv_u.rng().set_value(rng_val); // assigns it back to the stream
  srng.seed(902340); // seeds rv_u and rv_n with different seeds each
  std::cout << "after srng.seed(902340): f() =\n" << f_u() << "\n";

  section("Sharing streams between functions");
  T::GeneratorState state_after_v0 = rv_u.rng().get_value().get_state();
  nearly_zeros(); // this affects rv_u's generator
  T::Array v1 = f_u();
  T::RandomState rng = rv_u.rng().get_value();
  rng.set_state(state_after_v0);
  rv_u.rng().set_value(rng);
  T::Array v2 = f_u(); // v2 != v1
  T::Array v3 = f_u(); // v3 == v1
  std::cout << "v1 =\n"
            << v1 << "\nv2 =\n"
            << v2 << "\nv3 =\n"
            << v3 << "\n   (v2 != v1, v3 == v1)\n";

  section("Copying random state between graphs");
  // The seed's Graph: a stream and a function drawing from it.
  struct Graph {
    explicit Graph(int64_t seed)
        : rng(seed), y(rng.uniform({1})), f(T::function({}, y)) {}
    T::RandomStreams rng;
    T::RandomVariable y;
    T::Function f;
  };
  auto copy_random_state = [](const Graph &g1, Graph &g2) {
    std::vector<T::StateUpdate> from = g1.rng.state_updates(),
                                to = g2.rng.state_updates();
    for (size_t i = 0; i < from.size(); ++i)
      to[i].rng.set_value(from[i].rng.get_value());
  };
  Graph g1(123), g2(987);
  std::cout << "g1.f() = " << g1.f() << "   (Theano: [0.72803009])\n";
  std::cout << "g2.f() = " << g2.f() << "   (Theano: [0.55056769])\n";
  copy_random_state(g1, g2);
  std::cout << "g1.f() = " << g1.f() << "   (Theano: [0.59044123])\n";
  std::cout << "g2.f() = " << g2.f() << "   (Theano: [0.59044123])\n";

  section("Other random distributions");
  auto coins = srng.binomial({10}, 1, 0.5);
  auto dice = srng.integers({10}, 1, 7);
  auto draws = T::function({}, std::vector<T::Output>{coins, dice});
  T::Outputs drawn = draws();
  std::cout << "binomial(n=1, p=0.5): " << drawn[0]
            << "\nintegers(1, 7):       " << drawn[1] << "\n";

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
