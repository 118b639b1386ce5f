//===- training_test.cpp - The seed's logistic regression, and stability --===//
//
// SPEC.md §6: the training loop learns (100% accuracy) and its final w, b
// equal a plain C++ float64 implementation of the same updates on the same
// data; updates of the forms tj-linalg-to-blas accumulates products into
// equal plain loops; log(sigmoid) forms stay finite at +-1000, with their
// gradients.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

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

/// Row-major (rows x cols) matrix of `a` as float64 values.
std::vector<double> values(const T::Array &a) {
  T::Array d = a.astype(T::DType::Float64);
  return std::vector<double>(d.data<double>(), d.data<double>() + d.size());
}

/// Updates whose new value is E + alpha * dot(...) (SGD, momentum-like,
/// scaled products on either side, vectors) give what plain loops give,
/// over two steps, with an output that reads the weights before the
/// update. tj-linalg-to-blas turns each into a BLAS call accumulating into
/// the update's buffer, so the step allocates no temporaries
/// (test/passes/linalg-to-blas.mlir shows the IR).
void checkAccumulatedUpdates(T::DType dtype, double tolerance) {
  const int64_t n = 7, k = 5, m = 3;
  T::RandomState rng(3);
  T::Array dx = rng.randn({n, k}).astype(dtype);
  T::Array dg = rng.randn({n, m}).astype(dtype);
  T::Array dg2 = rng.randn({n, m}).astype(dtype);
  T::Array dv = rng.randn({n}).astype(dtype);
  T::Array dv2 = rng.randn({n}).astype(dtype);
  auto x = T::tensor(dtype, 2, "x"), g = T::tensor(dtype, 2, "g");
  auto g2 = T::tensor(dtype, 2, "g2");
  auto v = T::tensor(dtype, 1, "v"), v2 = T::tensor(dtype, 1, "v2");
  auto w = T::shared(rng.randn({k, m}).astype(dtype), "w");
  auto mom = T::shared(rng.randn({k, m}).astype(dtype), "mom");
  auto u = T::shared(rng.randn({m, k}).astype(dtype), "u");
  auto c = T::shared(rng.randn({k}).astype(dtype), "c");
  auto d = T::shared(rng.randn({k}).astype(dtype), "d");
  auto step = T::function({x, g, g2, v, v2}, T::dot(x, w),
                          {.updates = {{w, w - 0.05 * T::dot(x.T(), g)},
                                       {mom, 0.9 * mom + T::dot(x.T(), g2)},
                                       {u, T::dot(g.T(), x) * 0.5 + u},
                                       {c, c - T::dot(v, x)},
                                       {d, d + T::dot(x.T(), v2) * 2.0}}});

  std::vector<double> X = values(dx), G = values(dg), G2 = values(dg2),
                      V = values(dv), V2 = values(dv2);
  std::vector<double> W = values(w.get_value()), M = values(mom.get_value()),
                      U = values(u.get_value()), C = values(c.get_value()),
                      D = values(d.get_value());
  for (int iteration = 0; iteration < 2; ++iteration) {
    T::Array out = step(dx, dg, dg2, dv, dv2);
    std::vector<double> XW(n * m, 0.0), XtG(k * m, 0.0), XtG2(k * m, 0.0),
        XtV(k, 0.0), XtV2(k, 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t p = 0; p < k; ++p) {
        for (int64_t j = 0; j < m; ++j) {
          XW[i * m + j] += X[i * k + p] * W[p * m + j];
          XtG[p * m + j] += X[i * k + p] * G[i * m + j];
          XtG2[p * m + j] += X[i * k + p] * G2[i * m + j];
        }
        XtV[p] += X[i * k + p] * V[i];
        XtV2[p] += X[i * k + p] * V2[i];
      }
    for (int64_t p = 0; p < k; ++p) {
      for (int64_t j = 0; j < m; ++j) {
        W[p * m + j] -= 0.05 * XtG[p * m + j];
        M[p * m + j] = 0.9 * M[p * m + j] + XtG2[p * m + j];
        U[j * k + p] += 0.5 * XtG[p * m + j];
      }
      C[p] -= XtV[p];
      D[p] += 2.0 * XtV2[p];
    }
    auto expectNear = [&](const T::Array &actual,
                          const std::vector<double> &expected,
                          const char *what) {
      std::vector<double> got = values(actual);
      ASSERT_EQ(got.size(), expected.size()) << what;
      for (size_t i = 0; i < got.size(); ++i)
        ASSERT_NEAR(got[i], expected[i],
                    tolerance * (1 + std::fabs(expected[i])))
            << what << "[" << i << "], step " << iteration;
    };
    expectNear(out, XW, "dot(x, w)");
    expectNear(w.get_value(), W, "w");
    expectNear(mom.get_value(), M, "mom");
    expectNear(u.get_value(), U, "u");
    expectNear(c.get_value(), C, "c");
    expectNear(d.get_value(), D, "d");
  }
  // Each product went straight into its update's buffer: no temporaries.
  // (Not in the GPU pipeline's loops, run on the CPU: no BLAS there.)
  if (std::getenv("TENSORJIT_GPU_LOOPS_ON_CPU"))
    return;
  std::string llvm = step.ir(T::Stage::LLVM);
  EXPECT_EQ(llvm.find("llvm.call @malloc"), std::string::npos) << llvm;
}

TEST(Updates, ProductsAccumulatedIntoUpdatesMatchPlainLoops) {
  checkAccumulatedUpdates(T::DType::Float64, 1e-12);
  checkAccumulatedUpdates(T::DType::Float32, 1e-5);
}

/// A value borrowed before a commit is the next call's spare buffer. Passed
/// back as an input, it is not where the update is written: the update
/// `w - dot(x, x)` copies w into its buffer before the product reads x.
TEST(Updates, ABorrowedValuePassedBackIsNotTheUpdatesBuffer) {
  T::RandomState rng(5);
  auto w = T::shared(rng.randn({3, 3}), "w");
  auto x = T::matrix("x");
  auto step = T::function({x}, std::vector<T::Output>{},
                          {.updates = {{w, w - T::dot(x, x)}}});
  T::Array borrowed = w.get_value({.borrow = true});
  std::vector<double> X = values(borrowed);
  step(rng.randn({3, 3}));
  // `borrowed` is now the spare buffer.
  std::vector<double> W = values(w.get_value());
  step(borrowed);
  std::vector<double> got = values(w.get_value());
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double product = 0;
      for (int p = 0; p < 3; ++p)
        product += X[i * 3 + p] * X[p * 3 + j];
      EXPECT_NEAR(got[i * 3 + j], W[i * 3 + j] - product, 1e-12)
          << i << ", " << j;
    }
  EXPECT_EQ(values(borrowed), X);
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
