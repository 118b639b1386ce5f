//===- threads_test.cpp - Large CPU loops on several threads --------------===//
//
// tj-cpu-parallelize splits each large parallel loop between threads; the
// runtime picks the count from the loop's size, bounded by
// tensorjit::num_threads(). The results must not depend on the count, bit
// for bit, but for tj-fuse-over-rows's one-pass gradients, whose threads'
// partial sums add in an order that depends on the count.
//
//===----------------------------------------------------------------------===//

#include "lib/runtime/CpuThreads.h"

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace T = tensorjit;
using tensorjit::detail::kElementsPerThread;

namespace {

/// Restores num_threads() when a test ends.
struct ThreadsGuard {
  int saved = T::num_threads();
  ~ThreadsGuard() { T::set_num_threads(saved); }
};

TEST(Threads, NumThreadsIsSetAndChecked) {
  ThreadsGuard guard;
  EXPECT_GE(T::num_threads(), 1);
  T::set_num_threads(3);
  EXPECT_EQ(T::num_threads(), 3);
  try {
    T::set_num_threads(0);
    FAIL() << "set_num_threads(0) did not throw";
  } catch (const T::Error &error) {
    EXPECT_STREQ(error.what(),
                 "set_num_threads: expected at least 1 thread, got 0");
  }
  EXPECT_EQ(T::num_threads(), 3);
}

TEST(Threads, CountGrowsWithTheSize) {
  ThreadsGuard guard;
  T::set_num_threads(4);
  EXPECT_EQ(tj_rt_cpu_threads(0), 1);
  EXPECT_EQ(tj_rt_cpu_threads(1000), 1);
  EXPECT_EQ(tj_rt_cpu_threads(2 * kElementsPerThread - 1), 1);
  EXPECT_EQ(tj_rt_cpu_threads(2 * kElementsPerThread), 2);
  EXPECT_EQ(tj_rt_cpu_threads(3 * kElementsPerThread + 5), 3);
  EXPECT_EQ(tj_rt_cpu_threads(100 * kElementsPerThread), 4);
  T::set_num_threads(1);
  EXPECT_EQ(tj_rt_cpu_threads(100 * kElementsPerThread), 1);
}

/// x[i, j] with a pattern that makes every element distinct.
T::Array pattern(int64_t rows, int64_t cols) {
  T::Array x = T::Array::empty(T::DType::Float64, {rows, cols});
  double *data = x.data<double>();
  for (int64_t k = 0; k < rows * cols; ++k)
    data[k] = static_cast<double>((k * 37) % 1001) / 250.0 - 2.0;
  return x;
}

bool sameBits(const T::Array &a, const T::Array &b) {
  return a.shape() == b.shape() && a.dtype() == b.dtype() &&
         std::memcmp(a.data<double>(), b.data<double>(),
                     a.size() * sizeof(double)) == 0;
}

/// An elementwise kernel, row reductions and a column reduction on sizes
/// that split into ranges of unequal length (an odd number of rows, a
/// single row), compared with a plain C++ reference and, bit for bit,
/// with one thread.
TEST(Threads, LargeKernelsMatchTheReferenceAndOneThread) {
  ThreadsGuard guard;
  auto x = T::dmatrix("x");
  auto y = T::exp(x) * 2 + x;
  T::Function f = T::function({x}, {y, y.sum(1), x.max(1), x.sum(0)});
  for (auto [rows, cols] :
       {std::pair<int64_t, int64_t>{701, 513}, {1, 300001}}) {
    T::Array input = pattern(rows, cols);
    T::set_num_threads(4);
    T::Outputs many = f(input);
    T::set_num_threads(1);
    T::Outputs one = f(input);
    for (size_t k = 0; k < 4; ++k)
      EXPECT_TRUE(sameBits(many[k], one[k])) << "output " << k << ", " << rows;
    const double *in = input.data<double>();
    const double *out = many[0].data<double>();
    for (int64_t i = 0; i < rows; ++i) {
      double sum = 0, max = -INFINITY;
      for (int64_t j = 0; j < cols; ++j) {
        double v = in[i * cols + j];
        double expected = std::exp(v) * 2 + v;
        // libmvec's exp is within 4 ulp.
        ASSERT_NEAR(out[i * cols + j], expected,
                    1e-15 * (2 * std::exp(v) + std::abs(v)))
            << i << ", " << j;
        sum += expected;
        max = std::max(max, v);
      }
      ASSERT_NEAR(many[1].data<double>()[i], sum, 1e-10 * std::abs(sum)) << i;
      ASSERT_EQ(many[2].data<double>()[i], max) << i;
    }
    for (int64_t j = 0; j < cols; j += 97) {
      double sum = 0;
      for (int64_t i = 0; i < rows; ++i)
        sum += in[i * cols + j];
      ASSERT_NEAR(many[3].data<double>()[j], sum, 1e-12 * rows) << j;
    }
  }
  // The parallel regions are in the code handed to the JIT.
  EXPECT_NE(f.ir(T::Stage::LLVM).find("omp.parallel"), std::string::npos);
}

/// A logistic cross-entropy's gradients, x.w and g.x: on one thread
/// tj-fuse-over-rows computes them in one pass over tiles of x's rows (403
/// rows: the last tile is partial), on more the products run as two
/// passes on the BLAS's threads. Both match a plain C++ reference.
/// The logistic loss's prediction and gradients, computed in one pass over
/// x by tj-fuse-over-rows with x's rows split between threads, against a
/// plain C++ reference, on `rows` x `cols` with 1 to 4 threads.
void expectOnePassGradients(int64_t rows, int64_t cols) {
  auto x = T::dmatrix("x");
  auto y = T::dvector("y");
  auto w = T::dvector("w");
  auto b = T::scalar("b", T::DType::Float64);
  auto p = T::sigmoid(T::dot(x, w) + b);
  auto cost = (-y * T::log(p) - (1 - y) * T::log(1 - p)).mean();
  T::Function f =
      T::function({x, y, w, b}, {p, T::grad(cost, w), T::grad(cost, b)});

  T::Array input = pattern(rows, cols);
  T::Array labels = T::Array::empty(T::DType::Float64, {rows});
  T::Array weights = T::Array::empty(T::DType::Float64, {cols});
  for (int64_t i = 0; i < rows; ++i)
    labels.data<double>()[i] = static_cast<double>(i % 3 == 0);
  for (int64_t j = 0; j < cols; ++j)
    weights.data<double>()[j] = static_cast<double>(j % 7) / 100.0 - 0.03;
  const double bias = 0.25;

  std::vector<double> error(rows), gradient(cols, 0.0);
  double biasGradient = 0;
  const double *in = input.data<double>();
  for (int64_t i = 0; i < rows; ++i) {
    double z = bias;
    for (int64_t j = 0; j < cols; ++j)
      z += in[i * cols + j] * weights.data<double>()[j];
    error[i] = 1 / (1 + std::exp(-z)) - labels.data<double>()[i];
    biasGradient += error[i] / rows;
    for (int64_t j = 0; j < cols; ++j)
      gradient[j] += error[i] * in[i * cols + j] / rows;
  }

  for (int threads : {1, 2, 3, 4}) {
    T::set_num_threads(threads);
    T::Outputs out = f(input, labels, weights, T::Array(bias));
    for (int64_t i = 0; i < rows; ++i)
      ASSERT_NEAR(out[0].data<double>()[i], error[i] + labels.data<double>()[i],
                  1e-13)
          << threads << " threads, row " << i;
    for (int64_t j = 0; j < cols; ++j)
      ASSERT_NEAR(out[1].data<double>()[j], gradient[j], 1e-13)
          << threads << " threads, column " << j;
    EXPECT_NEAR(out[2].data<double>()[0], biasGradient, 1e-13) << threads;
  }
}

TEST(Threads, OnePassGradientsMatchTheReferenceOnAnyThreadCount) {
  ThreadsGuard guard;
  // Three threads at most: chunks of 135, 135 and 133 rows, each ending
  // in a partial tile of 32.
  ASSERT_GE(403 * 517, 3 * kElementsPerThread);
  expectOnePassGradients(403, 517);
  // Four threads: chunks of 10 rows, within one tile each.
  ASSERT_GE(40 * 6600, 4 * kElementsPerThread);
  expectOnePassGradients(40, 6600);
  // Four threads on 5 rows: chunks of 2, 2, 1 and none.
  ASSERT_GE(5 * 60000, 4 * kElementsPerThread);
  expectOnePassGradients(5, 60000);
}

/// Integer products go through the same one pass, summed exactly: the
/// same numbers on any thread count.
TEST(Threads, OnePassIntegerProductsAreExact) {
  ThreadsGuard guard;
  const int64_t rows = 70, cols = 5000;
  ASSERT_GE(rows * cols, 4 * kElementsPerThread);
  auto x = T::lmatrix("x");
  auto w = T::lvector("w");
  T::Function f = T::function({x, w}, {T::dot(T::dot(x, w) * 2 - 1, x)});
  T::Array input = T::Array::empty(T::DType::Int64, {rows, cols});
  T::Array weights = T::Array::empty(T::DType::Int64, {cols});
  int64_t *in = input.data<int64_t>();
  for (int64_t i = 0; i < rows * cols; ++i)
    in[i] = i % 7 - 3;
  for (int64_t j = 0; j < cols; ++j)
    weights.data<int64_t>()[j] = j % 5 - 2;
  std::vector<int64_t> expected(cols, 0);
  for (int64_t i = 0; i < rows; ++i) {
    int64_t z = 0;
    for (int64_t j = 0; j < cols; ++j)
      z += in[i * cols + j] * weights.data<int64_t>()[j];
    for (int64_t j = 0; j < cols; ++j)
      expected[j] += (z * 2 - 1) * in[i * cols + j];
  }
  for (int threads : {1, 4}) {
    T::set_num_threads(threads);
    T::Array out = f(input, weights)[0];
    ASSERT_EQ(out.dtype(), T::DType::Int64);
    for (int64_t j = 0; j < cols; ++j)
      ASSERT_EQ(out.data<int64_t>()[j], expected[j])
          << threads << " threads, column " << j;
  }
}

/// g - mean(g) needs all of g before any row of g.x: such a chain is not
/// fused into one pass (it compiled to invalid IR before it was checked).
TEST(Threads, AChainReadingAllOfItsVectorStaysTwoPasses) {
  const int64_t rows = 40, cols = 7;
  auto x = T::dmatrix("x");
  auto w = T::dvector("w");
  auto z = T::dot(x, w);
  T::Function f = T::function({x, w}, {T::dot(z - z.mean(), x)});
  T::Array input = pattern(rows, cols);
  T::Array weights = T::Array::empty(T::DType::Float64, {cols});
  for (int64_t j = 0; j < cols; ++j)
    weights.data<double>()[j] = static_cast<double>(j) / 10.0 - 0.2;
  const double *in = input.data<double>();
  std::vector<double> centered(rows);
  double mean = 0;
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < cols; ++j)
      centered[i] += in[i * cols + j] * weights.data<double>()[j];
    mean += centered[i] / rows;
  }
  T::Array out = f(input, weights)[0];
  for (int64_t j = 0; j < cols; ++j) {
    double expected = 0;
    for (int64_t i = 0; i < rows; ++i)
      expected += (centered[i] - mean) * in[i * cols + j];
    EXPECT_NEAR(out.data<double>()[j], expected, 1e-12) << j;
  }
}

/// Column sums (a reduction over the first axis) large enough for threads
/// run split by their columns, each column's rows added in order on one
/// thread: the same bits as the in-order sum at 1 to 4 threads, for column
/// counts that do not divide evenly (37, 130) and row counts that are not
/// multiples of the 8 rows tj-cpu-reductions adds at a time; with the
/// parallel region in the code.
TEST(Threads, ColumnSumsSplitByColumnsKeepTheirBits) {
  ThreadsGuard guard;
  auto x = T::dmatrix("x");
  T::Function f = T::function({x}, {x.sum(0), (x * x).max(0)});
  for (auto [rows, cols] :
       {std::pair<int64_t, int64_t>{5003, 37}, {2001, 130}}) {
    T::Array input = pattern(rows, cols);
    const double *in = input.data<double>();
    std::vector<double> sums(cols, 0.0), maxima(cols, -INFINITY);
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) {
        double v = in[i * cols + j];
        sums[j] = v + sums[j];
        maxima[j] = std::max(maxima[j], v * v);
      }
    for (int threads : {1, 2, 3, 4}) {
      T::set_num_threads(threads);
      T::Outputs out = f(input);
      for (int64_t j = 0; j < cols; ++j) {
        ASSERT_EQ(out[0].data<double>()[j], sums[j])
            << threads << " threads, " << rows << " x " << cols << ", " << j;
        ASSERT_EQ(out[1].data<double>()[j], maxima[j])
            << threads << " threads, " << rows << " x " << cols << ", " << j;
      }
    }
  }
  EXPECT_NE(f.ir(T::Stage::LLVM).find("omp.parallel"), std::string::npos);
}

} // namespace
