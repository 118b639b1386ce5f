//===- training_test.cpp - The seed's logistic regression, and stability --===//
//
// SPEC.md §6: the training loop learns (100% accuracy) and its final w, b
// equal a plain C++ float64 implementation of the same updates on the same
// data; log(sigmoid) forms stay finite at +-1000, with their gradients.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace T = tensorjit;

namespace {

/// Gradient descent on the seed's cost in plain C++ (float64), for `steps`.
void referenceTraining(const T::Array &dx, const T::Array &dy,
                       std::vector<double> &w, double &b, int steps) {
  const int64_t n = dx.shape()[0], feats = dx.shape()[1];
  const double *x = dx.data<double>();
  std::vector<double> p(n), gw(feats);
  for (int step = 0; step < steps; ++step) {
    double gb = 0;
    for (int64_t i = 0; i < n; ++i) {
      double z = b;
      for (int64_t j = 0; j < feats; ++j)
        z += x[i * feats + j] * w[j];
      p[i] = 1 / (1 + std::exp(-z));
      gb += p[i] - dy.at<int64_t>(i);
    }
    // d cost / d w = X^T (p - y) / N + 0.02 w
    for (int64_t j = 0; j < feats; ++j) {
      double sum = 0;
      for (int64_t i = 0; i < n; ++i)
        sum += x[i * feats + j] * (p[i] - dy.at<int64_t>(i));
      gw[j] = sum / n + 0.02 * w[j];
    }
    for (int64_t j = 0; j < feats; ++j)
      w[j] -= 0.1 * gw[j];
    b -= 0.1 * gb / n;
  }
}

TEST(LogisticRegression, LearnsAndMatchesAPlainFloat64Reference) {
  const int N = 400, feats = 784, steps = 1000;
  T::RandomState rng(0);
  T::Array Dx = rng.randn({N, feats});
  T::Array Dy = rng.randint(0, 2, {N});
  T::Array w0 = rng.randn({feats});

  auto x = T::matrix("x");
  auto y = T::vector("y");
  auto w = T::shared(w0, "w");
  auto b = T::shared(0., "b");
  auto p_1 = 1 / (1 + T::exp(-T::dot(x, w) - b));
  auto prediction = p_1 > 0.5;
  auto xent = -y * T::log(p_1) - (1 - y) * T::log(1 - p_1);
  auto cost = xent.mean() + 0.01 * (w * w).sum();
  auto [gw, gb] = T::grad(cost, {w, b});
  auto train = T::function({x, y}, {prediction, xent},
                           {.updates = {{w, w - 0.1 * gw}, {b, b - 0.1 * gb}}});
  auto predict = T::function({x}, prediction);
  for (int i = 0; i < steps; ++i)
    train(Dx, Dy);

  // The stable forms were used (the cost is finite from the first step).
  std::vector<std::string> rewrites = train.rewrites_applied();
  for (const char *name : {"sigmoid", "log_sigmoid", "log_one_minus_sigmoid"})
    EXPECT_NE(std::find(rewrites.begin(), rewrites.end(), name), rewrites.end())
        << name;

  T::Array predicted = predict(Dx);
  for (int i = 0; i < N; ++i)
    ASSERT_EQ(predicted.at<bool>(i), Dy.at<int64_t>(i) == 1) << "row " << i;

  std::vector<double> wRef(w0.data<double>(), w0.data<double>() + feats);
  double bRef = 0;
  referenceTraining(Dx, Dy, wRef, bRef, steps);
  T::Array wFinal = w.get_value();
  for (int j = 0; j < feats; ++j)
    ASSERT_NEAR(wFinal.at<double>(j), wRef[j], 1e-9 * std::fabs(wRef[j]))
        << "w[" << j << "]";
  EXPECT_NEAR(b.get_value().item<double>(), bRef, 1e-9 * std::fabs(bRef));
}

TEST(Stability, LogSigmoidFormsStayFiniteAtTheExtremes) {
  auto x = T::dvector("x");
  auto logSigmoid = T::log(1 / (1 + T::exp(-x)));
  auto logOneMinus = T::log(1 - T::sigmoid(x));
  auto f =
      T::function({x}, {logSigmoid, logOneMinus, T::grad(logSigmoid.sum(), x),
                        T::grad(logOneMinus.sum(), x)});
  T::Outputs out = f(T::array({-1000., 0., 1000.}));
  // log(sigmoid(x)) = -softplus(-x); log(1 - sigmoid(x)) = -softplus(x).
  EXPECT_EQ(out[0].at<double>(0), -1000.0);
  EXPECT_NEAR(out[0].at<double>(1), -std::log(2.0), 1e-15);
  EXPECT_EQ(out[0].at<double>(2), 0.0);
  EXPECT_EQ(out[1].at<double>(0), 0.0);
  EXPECT_EQ(out[1].at<double>(2), -1000.0);
  // Their derivatives: 1 - sigmoid(x) and -sigmoid(x).
  EXPECT_EQ(out[2].at<double>(0), 1.0);
  EXPECT_EQ(out[2].at<double>(1), 0.5);
  EXPECT_EQ(out[2].at<double>(2), 0.0);
  EXPECT_EQ(out[3].at<double>(0), -0.0);
  EXPECT_EQ(out[3].at<double>(2), -1.0);
  std::vector<std::string> rewrites = f.rewrites_applied();
  EXPECT_NE(std::find(rewrites.begin(), rewrites.end(), "log_sigmoid"),
            rewrites.end());
}

TEST(Stability, SoftplusAndLogSumExp) {
  auto x = T::dvector("x");
  auto f = T::function({x}, {T::log(1 + T::exp(x)), T::log(T::exp(x).sum())});
  T::Outputs out = f(T::array({1000., 0., -1000.}));
  EXPECT_EQ(out[0].at<double>(0), 1000.0);
  EXPECT_NEAR(out[0].at<double>(1), std::log(2.0), 1e-15);
  EXPECT_EQ(out[1].item<double>(), 1000.0);
  std::vector<std::string> rewrites = f.rewrites_applied();
  for (const char *name : {"log_one_plus_exp", "log_sum_exp"})
    EXPECT_NE(std::find(rewrites.begin(), rewrites.end(), name), rewrites.end())
        << name;
}

} // namespace
