//===- grad_test.cpp - T::grad against finite differences -----------------===//
//
// Theano's verify_grad idea: for each differentiable op, random shapes
// (with broadcasting) in float64, the symbolic gradient of a weighted sum
// of the op's result equals central differences of the compiled cost.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

namespace T = tensorjit;

namespace {

using Build = std::function<T::Var(const std::vector<T::Var> &)>;

/// Random float64 values in [low, high) with `shape`.
T::Array randomArray(std::mt19937 &rng, T::Shape shape, double low,
                     double high) {
  T::Array a = T::zeros(std::move(shape));
  std::uniform_real_distribution<double> u(low, high);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<double>()[i] = u(rng);
  return a;
}

/// Checks d cost / d input_k for every input against central differences,
/// where cost = sum(build(inputs) * weights) with fixed random weights.
void verifyGrad(const std::string &what, const Build &build,
                std::vector<T::Array> values, uint32_t seed = 1) {
  SCOPED_TRACE(what);
  std::mt19937 rng(seed);
  std::vector<T::Var> vars;
  for (size_t k = 0; k < values.size(); ++k)
    vars.push_back(T::tensor(T::DType::Float64, values[k].ndim(),
                             "x" + std::to_string(k)));
  T::Var out = build(vars);
  T::Var weights = T::tensor(T::DType::Float64, out.ndim(), "weights");
  T::Var cost = (out * weights).sum();
  std::vector<T::Output> outputs = {cost};
  for (const T::Var &var : vars)
    outputs.push_back(T::grad(cost, var));
  std::vector<T::Input> inputs(vars.begin(), vars.end());
  inputs.push_back(weights);
  T::Function f = T::function(inputs, outputs);

  auto call = [&](const std::vector<T::Array> &args, const T::Array &w) {
    std::vector<T::detail::Argument> arguments;
    for (const T::Array &a : args)
      arguments.push_back({nullptr, a, false});
    arguments.push_back({nullptr, w, false});
    return f.call(arguments);
  };
  // The output's shape, for the weights: evaluate it once.
  std::vector<T::Input> forwardInputs(vars.begin(), vars.end());
  std::vector<T::detail::Argument> plain;
  for (const T::Array &a : values)
    plain.push_back({nullptr, a, false});
  T::Array outValue = T::function(forwardInputs, out).call(plain)[0];
  T::Array w = randomArray(rng, outValue.shape(), -1, 1);

  T::Outputs result = call(values, w);
  for (size_t k = 0; k < values.size(); ++k) {
    const T::Array &gradient = result[1 + k];
    ASSERT_EQ(gradient.shape(), values[k].shape()) << "input " << k;
    for (int64_t i = 0; i < values[k].size(); ++i) {
      std::vector<T::Array> plus = values, minus = values;
      plus[k] = values[k].copy();
      minus[k] = values[k].copy();
      double x = values[k].data<double>()[i];
      double h = 1e-6 * std::max(1.0, std::fabs(x));
      plus[k].data<double>()[i] = x + h;
      minus[k].data<double>()[i] = x - h;
      double numeric =
          (call(plus, w)[0].item<double>() - call(minus, w)[0].item<double>()) /
          (2 * h);
      double symbolic = gradient.data<double>()[i];
      EXPECT_NEAR(symbolic, numeric, 1e-6 * std::max(1.0, std::fabs(numeric)))
          << "input " << k << " element " << i;
    }
  }
}

class Grad : public ::testing::Test {
protected:
  std::mt19937 rng{42};
  T::Array r(T::Shape shape, double low = -2, double high = 2) {
    return randomArray(rng, std::move(shape), low, high);
  }
};

TEST_F(Grad, Unary) {
  using V = const std::vector<T::Var> &;
  verifyGrad("neg", [](V x) { return -x[0]; }, {r({3, 4})});
  verifyGrad("abs", [](V x) { return abs(x[0]); }, {r({5})});
  verifyGrad("sqr", [](V x) { return T::sqr(x[0]); }, {r({2, 3})});
  verifyGrad("exp", [](V x) { return T::exp(x[0]); }, {r({4})});
  verifyGrad("log", [](V x) { return T::log(x[0]); }, {r({4}, 0.5, 3)});
  verifyGrad("log1p", [](V x) { return T::log1p(x[0]); }, {r({4}, -0.5, 3)});
  verifyGrad("expm1", [](V x) { return T::expm1(x[0]); }, {r({4})});
  verifyGrad("sqrt", [](V x) { return T::sqrt(x[0]); }, {r({4}, 0.5, 3)});
  verifyGrad("tanh", [](V x) { return T::tanh(x[0]); }, {r({2, 2})});
  verifyGrad("sigmoid", [](V x) { return T::sigmoid(x[0]); }, {r({3})});
  verifyGrad("softplus", [](V x) { return T::softplus(x[0]); }, {r({3})});
  verifyGrad("sin", [](V x) { return T::sin(x[0]); }, {r({3})});
  verifyGrad("cos", [](V x) { return T::cos(x[0]); }, {r({3})});
}

TEST_F(Grad, BinaryWithBroadcasting) {
  using V = const std::vector<T::Var> &;
  verifyGrad("add", [](V x) { return x[0] + x[1]; }, {r({3, 1}), r({4})});
  verifyGrad("sub", [](V x) { return x[0] - x[1]; }, {r({2, 3}), r({1, 3})});
  verifyGrad("mul", [](V x) { return x[0] * x[1]; }, {r({3, 1}), r({2})});
  verifyGrad("div", [](V x) { return x[0] / x[1]; },
             {r({2, 2}), r({2}, 0.5, 2)});
  verifyGrad("pow", [](V x) { return T::pow(x[0], x[1]); },
             {r({3}, 0.5, 2), r({3})});
  verifyGrad("maximum", [](V x) { return T::maximum(x[0], x[1]); },
             {r({4}), r({4})});
  verifyGrad("minimum", [](V x) { return T::minimum(x[0], x[1]); },
             {r({4}), r({1})});
  verifyGrad("where", [](V x) { return T::where(x[0] > 0, x[0], x[1]); },
             {r({5}), r({5})});
  verifyGrad("scalar literal", [](V x) { return 3.0 * x[0] - 1; }, {r({2})});
  verifyGrad("scalar input", [](V x) { return x[0] * x[1]; }, {r({}), r({3})});
}

TEST_F(Grad, Reductions) {
  using V = const std::vector<T::Var> &;
  verifyGrad("sum axis", [](V x) { return x[0].sum(1); }, {r({2, 3})});
  verifyGrad("sum keepdims", [](V x) { return x[0].sum(0, true); },
             {r({2, 3})});
  verifyGrad("mean", [](V x) { return x[0].mean(); }, {r({3, 2})});
  verifyGrad("mean axis",
             [](V x) {
               return x[0].mean({0, 2});
             },
             {r({2, 3, 2})});
  verifyGrad("max", [](V x) { return x[0].max(1); }, {r({3, 4})});
  verifyGrad("min", [](V x) { return x[0].min(); }, {r({5})});
  verifyGrad("prod", [](V x) { return x[0].prod(0); }, {r({3, 2}, 0.5, 2)});
}

TEST_F(Grad, LinearAlgebraAndShapes) {
  using V = const std::vector<T::Var> &;
  verifyGrad("dot vv", [](V x) { return T::dot(x[0], x[1]); },
             {r({4}), r({4})});
  verifyGrad("dot mv", [](V x) { return T::dot(x[0], x[1]); },
             {r({3, 4}), r({4})});
  verifyGrad("dot vm", [](V x) { return T::dot(x[0], x[1]); },
             {r({3}), r({3, 2})});
  verifyGrad("dot mm", [](V x) { return T::dot(x[0], x[1]); },
             {r({2, 3}), r({3, 4})});
  verifyGrad("transpose", [](V x) { return x[0].T(); }, {r({2, 3})});
  verifyGrad("reshape", [](V x) { return x[0].reshape({3, -1}); }, {r({2, 3})});
  // Reshapes between two dynamic shapes of one rank (2x3 -> 3x2 -> 2x3),
  // whose gradient meets the input's in an elementwise op.
  verifyGrad("reshape round trip times the input",
             [](V x) {
               return x[0] * x[0].reshape({3, -1}).reshape({2, -1});
             },
             {r({2, 3})});
  verifyGrad("dimshuffle",
             [](V x) {
               return x[0].dimshuffle({1, 'x', 0});
             },
             {r({2, 3})});
  verifyGrad("outer", [](V x) { return T::outer(x[0], x[1]); },
             {r({2}), r({3})});
}

TEST(GradClosedForm, LogisticRegressionCostMatchesXtPMinusYOverN) {
  std::mt19937 rng(7);
  const int64_t n = 20, feats = 5;
  T::Array dx = randomArray(rng, {n, feats}, -1, 1);
  T::Array dy = T::zeros({n});
  for (int64_t i = 0; i < n; ++i)
    dy.data<double>()[i] = i % 3 == 0;
  T::Array w0 = randomArray(rng, {feats}, -1, 1);
  auto x = T::dmatrix("x");
  auto y = T::dvector("y");
  auto w = T::dvector("w");
  auto p1 = 1 / (1 + T::exp(-T::dot(x, w)));
  auto xent = -y * T::log(p1) - (1 - y) * T::log(1 - p1);
  auto f = T::function({x, y, w}, {p1, T::grad(xent.mean(), w)});
  T::Outputs out = f(dx, dy, w0);
  for (int64_t j = 0; j < feats; ++j) {
    double expected = 0;
    for (int64_t i = 0; i < n; ++i)
      expected +=
          dx.at<double>(i, j) * (out[0].at<double>(i) - dy.at<double>(i));
    expected /= n;
    EXPECT_NEAR(out[1].at<double>(j), expected, 1e-12);
  }
}

TEST(GradNested, SecondDerivative) {
  auto s = T::dscalar("s");
  auto first = T::grad(s * s * s, s);
  auto second = T::grad(first, s);
  auto f = T::function({s}, {first, second});
  T::Outputs out = f(2.0);
  EXPECT_DOUBLE_EQ(out[0].item<double>(), 12.0);
  EXPECT_DOUBLE_EQ(out[1].item<double>(), 12.0);
}

TEST(GradZeros, PiecewiseConstantPathsGiveZeros) {
  // A cost that reaches x only through floor, a comparison, argmax or an
  // integer cast is constant almost everywhere: zeros like x (Theano, JAX
  // and PyTorch agree). Before, the first call failed with an internal
  // error from tj-autodiff.
  auto x = T::dmatrix("x");
  auto f64 = T::DType::Float64;
  std::vector<std::pair<std::string, T::Var>> costs = {
      {"floor", T::floor(x).sum()},
      {"comparison", (x > 0).astype(f64).sum()},
      {"integer cast", x.astype(T::DType::Int32).sum().astype(f64)},
      {"where's condition", T::where(x > 0, 1.0, 2.0).sum()},
      {"argmax", T::argmax(x, 1).astype(f64).sum()},
  };
  T::Array value = T::array({{-1.5, 0.25, 2.7}, {3.5, -0.5, 1.0}});
  for (const auto &[what, cost] : costs) {
    SCOPED_TRACE(what);
    T::Array g = T::function({x}, T::grad(cost, x))(value);
    EXPECT_EQ(g.shape(), value.shape());
    EXPECT_TRUE(T::allclose(g, T::zeros({2, 3}), 0, 0)) << g;
  }
  // Beside a differentiable path they add nothing: d(round(x) * x) is
  // round(x).
  T::Array g = T::function({x}, T::grad((T::round(x) * x).sum(), x))(value);
  EXPECT_TRUE(T::allclose(g, T::array({{-2., 0., 3.}, {4., -0., 1.}}), 0, 0))
      << g;
}

TEST(GradTies, ShareTheGradientEvenly) {
  // JAX and PyTorch: the derivative along the tie. maximum(x, x) is x;
  // Theano's rule gave 2.
  auto x = T::dvector("x");
  T::Array v = T::array({-1.0, 3.0, 3.0, 0.0});
  auto f = T::function(
      {x}, {T::grad(T::maximum(x, x).sum(), x),
            T::grad(T::minimum(x, 0.0).sum(), x), T::grad(x.max(), x),
            T::grad(T::min(x.dimshuffle({'x', 0}), 1).sum(), x)});
  T::Outputs g = f(v);
  EXPECT_TRUE(T::allclose(g[0], T::array({1., 1., 1., 1.}), 0, 0)) << g[0];
  EXPECT_TRUE(T::allclose(g[1], T::array({1., 0., 0., 0.5}), 0, 0)) << g[1];
  EXPECT_TRUE(T::allclose(g[2], T::array({0., 0.5, 0.5, 0.}), 0, 0)) << g[2];
  EXPECT_TRUE(T::allclose(g[3], T::array({1., 0., 0., 0.}), 0, 0)) << g[3];
  // Three tied maxima per row, and max over several axes.
  auto m = T::dmatrix("m");
  T::Array mv = T::array({{2., 2., 1., 2.}, {0., 5., -1., 4.}});
  auto h =
      T::function({m}, {T::grad(m.max(1).sum(), m), T::grad(m.max({0, 1}), m)});
  T::Outputs gm = h(mv);
  const double third = 1.0 / 3;
  EXPECT_TRUE(T::allclose(
      gm[0], T::array({{third, third, 0., third}, {0., 1., 0., 0.}}), 1e-15, 0))
      << gm[0];
  EXPECT_TRUE(
      T::allclose(gm[1], T::array({{0., 0., 0., 0.}, {0., 1., 0., 0.}}), 0, 0))
      << gm[1];
}

TEST(GradAtZeros, ProdAndPowTakeTheLimits) {
  // prod: the product of the other elements, also where there are zeros
  // (rows with none, one and two zeros). Before: 0 / 0, NaN.
  auto m = T::dmatrix("m");
  T::Array mv = T::array({{2., 3., 4.}, {2., 0., 4.}, {0., 3., 0.}});
  T::Array gm = T::function({m}, T::grad(m.prod(1).sum(), m))(mv);
  EXPECT_TRUE(T::allclose(
      gm, T::array({{12., 8., 6.}, {0., 8., 0.}, {0., 0., 0.}}), 0, 0))
      << gm;
  // pow: d/da a ** 0 is 0 at a = 0 (0 * inf before), d/db 0 ** b is 0 for
  // b > 0 (log(0) * 0 before), as JAX and PyTorch.
  auto a = T::dvector("a");
  auto b = T::dvector("b");
  auto cost = T::pow(a, b).sum();
  T::Outputs g = T::function({a, b}, {T::grad(cost, a), T::grad(cost, b)})(
      T::array({0., 0., 2.}), T::array({0., 2., 3.}));
  EXPECT_TRUE(T::allclose(g[0], T::array({0., 0., 12.}), 0, 0)) << g[0];
  EXPECT_TRUE(T::allclose(g[1], T::array({0., 0., 8 * std::log(2.)}), 1e-15, 0))
      << g[1];
}

TEST(GradErrors, Misuse) {
  auto v = T::dvector("v");
  auto s = T::dscalar("s");
  auto n = T::iscalar("n");
  EXPECT_THROW(T::grad(v * 2, v), T::Error);         // not a scalar cost
  EXPECT_THROW(T::grad((v * n).sum(), n), T::Error); // integer wrt
  EXPECT_THROW(T::grad(v.sum(), s), T::Error);       // disconnected
  try {
    T::grad(v.sum(), s);
  } catch (const T::Error &error) {
    EXPECT_NE(std::string(error.what()).find("does not depend"),
              std::string::npos);
  }
}

} // namespace
