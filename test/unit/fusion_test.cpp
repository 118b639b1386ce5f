//===- fusion_test.cpp - One kernel per elementwise chain -----------------===//
//
// BENCHMARKS.md #4's chains and the seed's outputs through function():
// Stage::Fused shows one tj.fused op per chain and Stage::Linalg one
// linalg.generic, and the fused kernels compute what the ops do one by one.
// Their math functions vectorize through libmvec. Reductions at the sizes
// where the GPU pipeline changes how it runs them match plain loops.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include "test/unit/TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace T = tensorjit;

namespace {

int count(const std::string &text, const std::string &what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++n;
  return n;
}

TEST(Fusion, LogisticIsOneKernel) {
  auto x = T::dmatrix("x");
  auto f = T::function({x}, 1 / (1 + T::exp(-x)));
  T::Array out = f(T::array({{0., 1.}, {-1., -2.}}));
  EXPECT_NEAR(out.at<double>(0, 1), 0.7310585786300049, 1e-15);
  EXPECT_NEAR(out.at<double>(1, 1), 0.11920292202211755, 1e-15);
  std::string fused = f.ir(T::Stage::Fused);
  // Stabilized to sigmoid(x): one op, nothing to fuse, one kernel.
  EXPECT_EQ(count(f.ir(T::Stage::Linalg), "linalg.generic"), 1) << fused;
}

TEST(Fusion, ChainsAreOneKernelEach) {
  auto [a, b, c] = T::dvectors("a", "b", "c");
  struct Case {
    const char *name;
    T::Var expr;
  } cases[] = {
      {"a*b+c", a * b + c},
      {"a^2+b^2+2ab", T::sqr(a) + T::sqr(b) + 2 * a * b},
      {"exp chain", T::exp(-a) * T::tanh(b) - T::log1p(T::abs(c))},
  };
  T::Array va = T::array({0.5, -1.5, 2.0}), vb = T::array({1.0, 2.0, -3.0}),
           vc = T::array({-0.25, 4.0, 1.5});
  for (const Case &test : cases) {
    SCOPED_TRACE(test.name);
    auto f = T::function({a, b, c}, test.expr,
                         {.on_unused_input = T::OnUnusedInput::Ignore});
    T::Array out = f(va, vb, vc);
    std::string fused = f.ir(T::Stage::Fused);
    EXPECT_EQ(count(fused, "tj.fused("), 1) << fused;
    EXPECT_EQ(count(f.ir(T::Stage::Linalg), "linalg.generic"), 1);
    for (int i = 0; i < 3; ++i) {
      double x = va.at<double>(i), y = vb.at<double>(i), z = vc.at<double>(i);
      double expected = test.name[0] == 'a' && test.name[1] == '*' ? x * y + z
                        : test.name[0] == 'a' ? x * x + y * y + 2 * x * y
                                              : std::exp(-x) * std::tanh(y) -
                                                    std::log1p(std::abs(z));
      EXPECT_NEAR(out.at<double>(i), expected,
                  1e-14 * (1 + std::abs(expected)));
    }
  }
}

TEST(Fusion, SeedOutputsComeFromOneKernel) {
  auto [a, b] = T::dmatrices("a", "b");
  auto diff = a - b;
  auto f = T::function({a, b}, {diff, T::abs(diff), diff * diff});
  T::Outputs out =
      f(T::array({{1., 1.}, {1., 1.}}), T::array({{0., 1.}, {2., 3.}}));
  EXPECT_EQ(out[0].at<double>(1, 1), -2.0);
  EXPECT_EQ(out[1].at<double>(1, 1), 2.0);
  EXPECT_EQ(out[2].at<double>(1, 1), 4.0);
  std::string fused = f.ir(T::Stage::Fused);
  EXPECT_EQ(count(fused, "tj.fused("), 1) << fused;
  EXPECT_EQ(count(fused, "tj.yield"), 1);
  EXPECT_EQ(count(f.ir(T::Stage::Linalg), "linalg.generic"), 1);
}

TEST(Fusion, UpdateAndOutputShareAKernel) {
  auto g = T::dvector("g");
  auto w = T::shared(T::array({1.0, 2.0, 3.0}), "w");
  auto step = 0.5 * g;
  auto f = T::function({g}, step, {.updates = {{w, w - step}}});
  T::Array out = f(T::array({2.0, 4.0, 6.0}));
  EXPECT_EQ(out.at<double>(2), 3.0);
  EXPECT_EQ(w.get_value().at<double>(2), 0.0);
  // The step is computed once for the output and the update.
  std::string fused = f.ir(T::Stage::Fused);
  EXPECT_EQ(count(fused, "tj.fused("), 1) << fused;
  EXPECT_EQ(count(fused, "tj.mul"), 1);
  EXPECT_EQ(count(f.ir(T::Stage::Linalg), "linalg.generic"), 1);
}

TEST(Fusion, ReductionsSplitChains) {
  // softmax: exp(x - max) feeds a sum the division needs, so the kernels
  // are: max, exp(x - max) (fused), sum, division.
  auto x = T::dvector("x");
  auto e = T::exp(x - x.max());
  auto f = T::function({x}, e / e.sum());
  T::Array out = f(T::array({1.0, 2.0, 3.0}));
  double total = std::exp(-2.0) + std::exp(-1.0) + 1.0;
  EXPECT_NEAR(out.at<double>(2), 1.0 / total, 1e-15);
  std::string fused = f.ir(T::Stage::Fused);
  EXPECT_EQ(count(fused, "tj.fused("), 1) << fused;
}

/// Row and column sums, maxima and minima of a rows x cols matrix of
/// integers in [-100, 100] (exact in every type here) against loops.
template <typename E>
void expectReductionsMatchLoops(T::DType dtype, int64_t rows, int64_t cols) {
  T::Array x(dtype, {rows, cols});
  for (int64_t k = 0; k < rows * cols; ++k)
    x.data<E>()[k] = static_cast<E>((k * 37 + 11) % 201 - 100);
  auto m = T::matrix("m", dtype);
  auto f = T::function({m}, {m.sum(0), m.max(0), m.sum(1), m.min(1)});
  T::Outputs got = f(x);
  std::vector<T::Array> as;
  for (const T::Array &out : got)
    as.push_back(out.astype(T::DType::Float64));
  // The sum and the largest (or smallest) of `count` elements from
  // `first`, `stride` apart.
  auto line = [&](int64_t first, int64_t stride, int64_t count, bool largest) {
    double sum = 0, extreme = static_cast<double>(x.data<E>()[first]);
    for (int64_t k = 0; k < count; ++k) {
      double e = static_cast<double>(x.data<E>()[first + k * stride]);
      sum += e;
      extreme = largest ? std::max(extreme, e) : std::min(extreme, e);
    }
    return std::pair{sum, extreme};
  };
  for (int64_t j = 0; j < cols; ++j) {
    auto [sum, max] = line(j, cols, rows, true);
    ASSERT_EQ(as[0].data<double>()[j], sum)
        << rows << " x " << cols << " " << j;
    ASSERT_EQ(as[1].data<double>()[j], max)
        << rows << " x " << cols << " " << j;
  }
  for (int64_t i = 0; i < rows; ++i) {
    auto [sum, min] = line(i * cols, 1, cols, false);
    ASSERT_EQ(as[2].data<double>()[i], sum)
        << rows << " x " << cols << " " << i;
    ASSERT_EQ(as[3].data<double>()[i], min)
        << rows << " x " << cols << " " << i;
  }
}

TEST(Reductions, AtTheGpuPipelinesEdgesMatchLoops) {
  // The GPU pipeline (gpu_loops_on_cpu.fusion runs its loops here): rows
  // of 33 to 8192 are a block each; columns of 33 to 32 x 256 / W = 2048,
  // W = 4 columns a block (of 32 x 256 / 16 = 512 and 32 x 256 / 8 = 1024
  // f32 and f64, 256 int8, before the twenty-second session); beyond,
  // partial folds; below, a thread per output.
  std::vector<std::pair<int64_t, int64_t>> shapes = {
      {33, 1},   {33, 33},  {256, 9},  {257, 9},  {512, 17},
      {513, 17}, {1024, 1}, {1025, 3}, {2048, 5}, {2049, 5},
      {3, 8193}, {5, 8192}, {40, 300}, {32, 32}};
  for (auto [rows, cols] : shapes) {
    expectReductionsMatchLoops<double>(T::DType::Float64, rows, cols);
    expectReductionsMatchLoops<float>(T::DType::Float32, rows, cols);
    expectReductionsMatchLoops<int8_t>(T::DType::Int8, rows, cols);
  }
  // No columns (the column blocks' width once divided by zero), no rows.
  auto m = T::dmatrix("m");
  auto sums = T::function({m}, {m.sum(0), m.sum(1)});
  for (auto [rows, cols] : {std::pair<int64_t, int64_t>{40, 0}, {0, 40}}) {
    T::Outputs got = sums(T::Array(T::DType::Float64, {rows, cols}));
    EXPECT_EQ(got[0].shape(), T::Shape({cols}));
    EXPECT_EQ(got[1].shape(), T::Shape({rows}));
    for (int64_t i = 0; i < rows; ++i)
      EXPECT_EQ(got[1].data<double>()[i], 0.0);
  }
}

TEST(Fusion, ForwardAndBackwardChainsOfAStepShareAKernel) {
  // The seed's training step: the gradient of the mean needs the row count,
  // a size of the forward chain's result. Read from the inputs, it no
  // longer ties the backward chain to the forward one: elementwise work is
  // one kernel between the two products (then the update of w and of b).
  const int64_t rows = 5, cols = 3;
  T::RandomState rng(3);
  T::Array xv = rng.randn({rows, cols}),
           yv = T::Array::empty(T::DType::Float64, {rows});
  for (int64_t i = 0; i < rows; ++i)
    yv.data<double>()[i] = i % 2;
  auto x = T::dmatrix("x");
  auto y = T::dvector("y");
  auto w = T::shared(T::array({0.5, -0.25, 1.0}), "w");
  auto b = T::shared(T::Array(0.125), "b");
  auto p = 1 / (1 + T::exp(-T::dot(x, w) - b));
  auto cost =
      (-y * T::log(p) - (1 - y) * T::log(1 - p)).mean() + 0.01 * (w * w).sum();
  auto [gw, gb] = T::grad(cost, {w, b});
  auto step = T::function({x, y}, std::vector<T::Output>{},
                          {.updates = {{w, w - 0.1 * gw}, {b, b - 0.1 * gb}}});
  step(xv, yv);
  std::string fused = step.ir(T::Stage::Fused);
  EXPECT_EQ(count(fused, "tj.fused("), 3) << fused;
  // The same step in plain loops.
  double wv[cols] = {0.5, -0.25, 1.0}, bv = 0.125, g[rows], gsum = 0;
  for (int64_t i = 0; i < rows; ++i) {
    double z = bv;
    for (int64_t j = 0; j < cols; ++j)
      z += xv.at<double>(i, j) * wv[j];
    double pi = 1 / (1 + std::exp(-z));
    g[i] = (pi - yv.data<double>()[i]) / rows;
    gsum += g[i];
  }
  for (int64_t j = 0; j < cols; ++j) {
    double gj = 0.02 * wv[j];
    for (int64_t i = 0; i < rows; ++i)
      gj += xv.at<double>(i, j) * g[i];
    EXPECT_NEAR(w.get_value().at<double>(j), wv[j] - 0.1 * gj, 1e-14);
  }
  EXPECT_NEAR(b.get_value().item<double>(), bv - 0.1 * gsum, 1e-14);
}

TEST(ArrayEmpty, HasTheShapeAndIsWritable) {
  T::Array a = T::Array::empty(T::DType::Float32, {2, 3});
  EXPECT_EQ(a.dtype(), T::DType::Float32);
  EXPECT_EQ(a.shape(), (T::Shape{2, 3}));
  EXPECT_EQ(a.size(), 6);
  for (int i = 0; i < 6; ++i)
    a.data<float>()[i] = static_cast<float>(i);
  EXPECT_EQ(a.at<float>(1, 2), 5.0f);
  EXPECT_THROW(T::Array::empty(T::DType::Float64, {-1}), T::Error);
}

} // namespace

namespace {

TEST(ArrayEmpty, ReusedLargeBuffersAreZeroedForZeroArrays) {
  const int64_t n = 1 << 20; // 8 MiB: from the large-block cache
  {
    T::Array ones = T::Array::empty(T::DType::Float64, {n});
    for (int64_t i = 0; i < n; ++i)
      ones.data<double>()[i] = 1.0;
  }
  T::Array zeros(T::DType::Float64, {n});
  double sum = 0;
  for (int64_t i = 0; i < n; ++i)
    sum += zeros.data<double>()[i];
  EXPECT_EQ(sum, 0.0);
}

} // namespace

namespace {

/// Compiled code's large temporaries come from the block cache (its malloc
/// and free are the runtime's): repeated calls, each reusing the previous
/// call's blocks, stay correct.
TEST(CompiledMemory, LargeTemporariesAreReusedCorrectly) {
  const int64_t n = 300000; // 2.4 MB temporaries
  auto x = T::dvector("x");
  auto e = T::exp(x - x.max());
  auto f = T::function({x}, e / e.sum());
  for (int call = 0; call < 4; ++call) {
    T::Array input = T::Array::empty(T::DType::Float64, {n});
    for (int64_t i = 0; i < n; ++i)
      input.data<double>()[i] = static_cast<double>((i * 7 + call) % 13);
    T::Array out = f(input);
    double total = 0;
    for (int64_t i = 0; i < n; ++i)
      total += out.data<double>()[i];
    EXPECT_NEAR(total, 1.0, 1e-9) << "call " << call;
    double maxInput = 12.0;
    double expected0 = std::exp(input.data<double>()[0] - maxInput);
    double sum = 0;
    for (int64_t i = 0; i < n; ++i)
      sum += std::exp(input.data<double>()[i] - maxInput);
    EXPECT_NEAR(out.data<double>()[0], expected0 / sum, 1e-15) << call;
  }
}

} // namespace

namespace {

std::string readFile(const std::filesystem::path &path) {
  std::ifstream file(path);
  return {std::istreambuf_iterator<char>(file),
          std::istreambuf_iterator<char>()};
}

/// Kernels calling exp, log, tanh, log1p, sin and cos vectorize through
/// glibc's libmvec (jit/Engine.cpp): the optimized module that
/// TENSORJIT_DUMP_IR writes calls the _ZGV* vector function (the AVX-512
/// variant on a CPU that has it), in f64 and f32, and the results stay
/// within a few ulp of libm's.
TEST(VectorMath, KernelsCallLibmvec) {
  struct Case {
    const char *name;
    T::Var (*op)(const T::Var &);
    double (*reference)(double);
  } cases[] = {
      {"exp", T::exp, [](double v) { return std::exp(v); }},
      {"log", T::log, [](double v) { return std::log(v); }},
      {"tanh", T::tanh, [](double v) { return std::tanh(v); }},
      {"log1p", T::log1p, [](double v) { return std::log1p(v); }},
      {"sin", T::sin, [](double v) { return std::sin(v); }},
      {"cos", T::cos, [](double v) { return std::cos(v); }},
  };
  TemporaryDirectory dump("TENSORJIT_DUMP_IR", "vector-math-test");
  const int64_t n = 1000;
  const bool avx512 = __builtin_cpu_supports("avx512f");
  for (T::DType dtype : {T::DType::Float64, T::DType::Float32}) {
    bool f32 = dtype == T::DType::Float32;
    T::Array input = T::Array::empty(dtype, {n});
    for (int64_t i = 0; i < n; ++i) {
      double v = 0.01 + 3.0 * static_cast<double>(i) / n;
      if (f32)
        input.data<float>()[i] = static_cast<float>(v);
      else
        input.data<double>()[i] = v;
    }
    for (const Case &test : cases) {
      std::string name = std::string(test.name) + (f32 ? "_f32" : "_f64");
      SCOPED_TRACE(name);
      auto x = T::vector("x", dtype);
      auto f = T::function({x}, test.op(x), {.name = name});
      T::Array out = f(input);
      // On a CPU with AVX-512 the widest variants ('e': 8 doubles, 16
      // floats), elsewhere any. (Not for the GPU's loops run on the CPU,
      // whose kernels take 2 elements a thread, loads first: vectorizing
      // those is no GPU's concern.)
      std::string variants = avx512 ? "e" : "bcde";
      std::regex call(std::string("call .*@_ZGV[") + variants + "]N[0-9]+v_" +
                      test.name + (f32 ? "f\\(" : "\\("));
      if (!std::getenv("TENSORJIT_GPU_LOOPS_ON_CPU"))
        EXPECT_TRUE(std::regex_search(
            readFile(dump.path / ("tj_" + name + ".1.opt.ll")), call))
            << "no libmvec call (variants " << variants
            << ") in the optimized module";
      double tolerance = f32 ? 1e-6 : 1e-14;
      for (int64_t i = 0; i < n; ++i) {
        double v = f32 ? input.data<float>()[i] : input.data<double>()[i];
        double got = f32 ? out.data<float>()[i] : out.data<double>()[i];
        double expected = test.reference(v);
        ASSERT_NEAR(got, expected, tolerance * (1 + std::abs(expected)))
            << "at " << v;
      }
    }
  }
}

} // namespace

namespace {

/// Element i of the reduction tests' inputs: small integers (exact as
/// floats whatever the order of the additions), with one 5 and one -5
/// placed in the middle and at the end, so that a vector body and its tail
/// both hold an extreme.
double reductionInput(int64_t i, int64_t n) {
  if (n > 2 && i == n / 2)
    return 5;
  if (n > 1 && i == n - 1)
    return -5;
  return static_cast<double>((i * 7919) % 7 - 3);
}

/// `x` (f64 or f32) of n such elements, and their exact sum and sum of
/// squares.
T::Array reductionArray(T::DType dtype, std::initializer_list<int64_t> shape,
                        double &sum, double &squares) {
  T::Array a = T::Array::empty(dtype, T::Shape(shape));
  int64_t n = a.size();
  sum = squares = 0;
  for (int64_t i = 0; i < n; ++i) {
    double v = reductionInput(i, n);
    sum += v;
    squares += v * v;
    if (dtype == T::DType::Float32)
      a.data<float>()[i] = static_cast<float>(v);
    else
      a.data<double>()[i] = v;
  }
  return a;
}

double element(const T::Array &a, int64_t i) {
  return a.dtype() == T::DType::Float32 ? a.data<float>()[i]
                                        : a.data<double>()[i];
}

/// Reductions keep their accumulator in registers and LLVM vectorizes
/// them (tj-cpu-reductions): each element still counts once, at every
/// length around the vector widths and with a tail.
TEST(Reductions, EveryElementCountsOnceAtAnyLength) {
  for (T::DType dtype : {T::DType::Float64, T::DType::Float32}) {
    auto x = T::vector("x", dtype);
    auto f = T::function({x}, {x.sum(), (x * x).sum(), x.max(), x.min()});
    for (int64_t n :
         {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 127, 1000, 100003}) {
      SCOPED_TRACE(testing::Message()
                   << "n " << n << " " << T::dtype_name(dtype));
      double sum, squares;
      T::Array input = reductionArray(dtype, {n}, sum, squares);
      double max = -INFINITY, min = INFINITY;
      for (int64_t i = 0; i < n; ++i) {
        max = std::max(max, element(input, i));
        min = std::min(min, element(input, i));
      }
      T::Outputs out = f(input);
      EXPECT_EQ(element(out[0], 0), sum);
      EXPECT_EQ(element(out[1], 0), squares);
      EXPECT_EQ(element(out[2], 0), max);
      EXPECT_EQ(element(out[3], 0), min);
    }
  }
}

/// Rows (the reduced dimension innermost, carried) and columns (one
/// output per column) of a long matrix, and a NaN anywhere: the sum and
/// the maximum are NaN.
/// Reductions over the first axis (column sums: tj-cpu-reductions combines
/// 8 rows in registers before each store, then the rows left over) at row
/// counts around multiples of 8 and 16: each column's result is the same
/// bits as combining its rows in order. (The GPU pipeline's loops, run on
/// the CPU, fold 33 rows or more in a block's threads first: there, to
/// rounding.)
TEST(Reductions, ColumnsGiveTheSameBitsAtAnyRowCount) {
  const bool gpuLoops = std::getenv("TENSORJIT_GPU_LOOPS_ON_CPU") != nullptr;
  auto same = [&](double got, double want, double rounding) {
    if (gpuLoops)
      EXPECT_NEAR(got, want, rounding * (1 + std::abs(want)));
    else
      EXPECT_EQ(got, want);
  };
  T::RandomState rng(3);
  for (T::DType dtype : {T::DType::Float64, T::DType::Float32}) {
    bool f32 = dtype == T::DType::Float32;
    auto a = T::matrix("a", dtype);
    auto f = T::function({a}, {a.sum(0), (a * a).sum(0), a.max(0)});
    for (int64_t rows : {1, 7, 8, 9, 16, 17, 63}) {
      for (int64_t cols : {1, 5, 33}) {
        SCOPED_TRACE(testing::Message()
                     << rows << " x " << cols << " " << T::dtype_name(dtype));
        T::Array input = rng.randn({rows, cols}).astype(dtype);
        T::Outputs out = f(input);
        // Each column combined in row order, in the input's precision.
        auto check = [&]<typename E>(E, double rounding) {
          const E *in = input.data<E>();
          for (int64_t j = 0; j < cols; ++j) {
            E sum = 0, squares = 0, max = -INFINITY;
            for (int64_t i = 0; i < rows; ++i) {
              E v = in[i * cols + j];
              sum += v, squares += v * v, max = std::max(max, v);
            }
            same(out[0].data<E>()[j], sum, rounding);
            same(out[1].data<E>()[j], squares, rounding);
            EXPECT_EQ(out[2].data<E>()[j], max) << j;
          }
        };
        if (f32)
          check(float(), 1e-5);
        else
          check(double(), 1e-13);
      }
    }
  }
}

TEST(Reductions, RowsColumnsAndNaN) {
  const int64_t rows = 3, cols = 100003;
  double sum, squares;
  T::Array input =
      reductionArray(T::DType::Float64, {rows, cols}, sum, squares);
  auto a = T::dmatrix("a");
  auto f = T::function({a}, {a.sum(1), a.sum(0), a.max(1)});
  T::Outputs out = f(input);
  const double *in = input.data<double>();
  for (int64_t i = 0; i < rows; ++i) {
    double row = 0, max = -INFINITY;
    for (int64_t j = 0; j < cols; ++j) {
      row += in[i * cols + j];
      max = std::max(max, in[i * cols + j]);
    }
    EXPECT_EQ(out[0].data<double>()[i], row) << i;
    EXPECT_EQ(out[2].data<double>()[i], max) << i;
  }
  for (int64_t j = 0; j < cols; ++j)
    ASSERT_EQ(out[1].data<double>()[j], in[j] + in[cols + j] + in[2 * cols + j])
        << j;
  for (int64_t at : {int64_t(0), cols / 2, cols - 1}) {
    T::Array poisoned = input.copy();
    poisoned.data<double>()[cols + at] = NAN;
    T::Outputs nan = f(poisoned);
    EXPECT_TRUE(std::isnan(nan[0].data<double>()[1])) << at;
    EXPECT_TRUE(std::isnan(nan[2].data<double>()[1])) << at;
    EXPECT_EQ(nan[0].data<double>()[0], out[0].data<double>()[0]) << at;
  }
}

/// The optimized code of a float sum adds vectors (reassociable), rather
/// than one element after another. (The CPU pipeline's: the GPU pipeline's
/// loops, run on the CPU, split reductions their own way.)
TEST(Reductions, FloatSumsAreVectorized) {
  if (std::getenv("TENSORJIT_GPU_LOOPS_ON_CPU"))
    GTEST_SKIP() << "the GPU pipeline's loops";
  TemporaryDirectory dump("TENSORJIT_DUMP_IR", "reductions-test");
  auto x = T::dvector("x");
  auto f = T::function({x}, x.sum(), {.name = "vector_sum"});
  EXPECT_EQ(element(f(T::ones({100})), 0), 100);
  std::string optimized = readFile(dump.path / "tj_vector_sum.1.opt.ll");
  EXPECT_TRUE(std::regex_search(optimized,
                                std::regex("fadd reassoc <[0-9]+ x double>")))
      << optimized;
}

/// LLVM vectorizes the seed's loops without run-time overlap checks: the
/// loads and stores carry their buffers' alias scopes (tj-alias-scopes),
/// also where a buffer reaches a loop through an outlined function or the
/// OpenMP runtime.
TEST(AliasScopes, SeedLoopsVectorizeWithoutOverlapChecks) {
  if (std::getenv("TENSORJIT_GPU_LOOPS_ON_CPU"))
    GTEST_SKIP() << "the GPU pipeline's loops";
  TemporaryDirectory dump("TENSORJIT_DUMP_IR", "alias-scopes-test");
  auto x = T::dmatrix("x");
  auto y = T::dvector("y");
  auto w = T::shared(T::zeros({4}, T::DType::Float64), "w");
  auto b = T::shared(T::Array(0.0), "b");
  auto p = 1 / (1 + T::exp(-T::dot(x, w) - b));
  auto cost =
      (-y * T::log(p) - (1 - y) * T::log(1 - p)).mean() + 0.01 * (w * w).sum();
  auto [gw, gb] = T::grad(cost, {w, b});
  auto train = T::function({x, y}, {p > 0.5},
                           {.updates = {{w, w - 0.1 * gw}, {b, b - 0.1 * gb}},
                            .name = "scoped_train"});
  auto predict = T::function({x}, p > 0.5, {.name = "scoped_predict"});
  T::Array xv = T::ones({6, 4}), yv = T::ones({6});
  train(xv, yv);
  // w moved towards the labels: every prediction is now true.
  T::Array predicted = predict(xv);
  for (int64_t i = 0; i < 6; ++i)
    EXPECT_TRUE(predicted.data<bool>()[i]);
  for (const char *name : {"scoped_train", "scoped_predict"}) {
    SCOPED_TRACE(name);
    std::string optimized =
        readFile(dump.path / (std::string("tj_") + name + ".1.opt.ll"));
    EXPECT_NE(optimized.find("!alias.scope"), std::string::npos);
    EXPECT_EQ(optimized.find("vector.memcheck"), std::string::npos)
        << optimized;
  }
}

} // namespace
