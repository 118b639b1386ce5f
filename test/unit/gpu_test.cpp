//===- gpu_test.cpp - Functions and shared variables on a CUDA device -----===//
//
// The Device API everywhere; without a GPU, clear errors. On a GPU (the
// CudaDevice tests skip when there is none): the same graphs give the CPU's
// numbers, shared variables stay on the device, and a training loop copies
// nothing between host and device after its first step.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include "jit/CudaRuntime.h"
#include "test/unit/ScopedEnvironment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace T = tensorjit;

namespace {

/// Skips the test, saying why, when this process has no CUDA device.
#define REQUIRE_GPU()                                                          \
  do {                                                                         \
    if (T::Device::cuda_device_count() == 0)                                   \
      GTEST_SKIP() << "no CUDA device: "                                       \
                   << mlir::tj::cuda::deviceCount().status().message();        \
  } while (false)

/// The error message of `f()`, which must throw a tensorjit::Error.
template <typename F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const T::Error &error) {
    return error.what();
  }
  ADD_FAILURE() << "no tensorjit::Error was thrown";
  return "";
}

/// Elementwise |a - b| <= tolerance * max(1, |b|), same shape and dtype.
void expectClose(const T::Array &a, const T::Array &b, double tolerance) {
  ASSERT_EQ(a.dtype(), b.dtype());
  ASSERT_EQ(a.shape(), b.shape());
  T::Array fa = a.astype(T::DType::Float64), fb = b.astype(T::DType::Float64);
  const double *pa = fa.data<double>(), *pb = fb.data<double>();
  for (int64_t i = 0; i < a.size(); ++i)
    ASSERT_LE(std::abs(pa[i] - pb[i]),
              tolerance * std::max(1.0, std::abs(pb[i])))
        << "element " << i << ": " << pa[i] << " vs " << pb[i];
}

TEST(Device, NamesAndEquality) {
  EXPECT_EQ(T::Device::cpu().str(), "cpu");
  EXPECT_EQ(T::Device::cuda(1).str(), "cuda:1");
  EXPECT_EQ(T::Device::cuda().ordinal(), 0);
  EXPECT_TRUE(T::Device::cuda(0) == T::Device::cuda());
  EXPECT_FALSE(T::Device::cuda(0) == T::Device::cuda(1));
  EXPECT_FALSE(T::Device::cpu() == T::Device::cuda(0));
  EXPECT_TRUE(T::shared(1.0).device() == T::Device::cpu());
  // Asking never fails, with or without a GPU.
  EXPECT_GE(T::Device::cuda_device_count(), 0);
}

TEST(Device, WithoutAGpuSharedOnCudaIsAnError) {
  if (T::Device::cuda_device_count() > 0)
    GTEST_SKIP() << "this machine has a GPU";
  std::string message =
      errorOf([] { T::shared(T::zeros({3}), "w", T::Device::cuda(0)); });
  EXPECT_NE(message.find("T::shared('w') on cuda:0"), std::string::npos)
      << message;
  EXPECT_NE(message.find("no CUDA"), std::string::npos) << message;
}

TEST(Device, WithoutAGpuCallingOnCudaIsAnError) {
  if (T::Device::cuda_device_count() > 0)
    GTEST_SKIP() << "this machine has a GPU";
  auto x = T::vector("x");
  auto f = T::function({x}, x + 1, {.name = "f", .device = T::Device::cuda(0)});
  std::string message = errorOf([&] { f(T::array({1.0, 2.0})); });
  EXPECT_NE(message.find("function 'f'"), std::string::npos) << message;
  EXPECT_NE(message.find("no CUDA"), std::string::npos) << message;
  EXPECT_EQ(f.stats().compiles, 0u);
}

TEST(Device, NegativeOrdinalIsAnError) {
  auto x = T::vector("x");
  auto f = T::function({x}, x + 1, {.device = T::Device::cuda(-1)});
  EXPECT_NE(errorOf([&] { f(T::array({1.0})); }).find("no CUDA device -1"),
            std::string::npos);
}

TEST(Device, SharedVariablesMustLiveOnTheFunctionsDevice) {
  // A CPU variable in a function asked to run on a GPU: caught by
  // function(), with no GPU needed.
  auto w = T::shared(T::zeros({2}), "w");
  auto x = T::vector("x");
  std::string message = errorOf([&] {
    T::function({x}, x * w, {.name = "g", .device = T::Device::cuda(0)});
  });
  EXPECT_NE(message.find("the shared variable w lives on cpu but the "
                         "function runs on cuda:0"),
            std::string::npos)
      << message;
}

TEST(Device, Mt19937StatesStayOnTheCpu) {
  std::string message =
      errorOf([] { T::shared(T::RandomState(1), "r", T::Device::cuda(0)); });
  EXPECT_NE(message.find("MT19937 draws run on the host; use "
                         "MRGRandomStreams"),
            std::string::npos)
      << message;
}

TEST(Device, CpuFunctionsHaveNoPtx) {
  auto x = T::vector("x");
  auto f = T::function({x}, T::exp(x));
  f(T::array({1.0}));
  EXPECT_EQ(f.ir(T::Stage::PTX), "");
  EXPECT_NE(f.ir(T::Stage::LLVM), "");
}

// ---- On a GPU -------------------------------------------------------------

/// `outputs` of `inputs` on the CPU and on cuda:0, compared.
void expectSameOnGpu(std::vector<T::Var> inputs, std::vector<T::Var> outputs,
                     const std::vector<std::vector<T::Array>> &cases,
                     double tolerance) {
  std::vector<T::Input> in(inputs.begin(), inputs.end());
  std::vector<T::Output> out(outputs.begin(), outputs.end());
  auto cpu = T::function(in, out);
  auto gpu = T::function(in, out, {.device = T::Device::cuda(0)});
  for (const std::vector<T::Array> &arguments : cases) {
    std::vector<T::detail::Argument> args;
    for (const T::Array &a : arguments)
      args.push_back({nullptr, a, false});
    T::Outputs expected = cpu.call(args);
    T::Outputs got = gpu.call(args);
    ASSERT_EQ(expected.size(), got.size());
    for (size_t i = 0; i < got.size(); ++i)
      expectClose(got[i], expected[i], tolerance);
  }
  EXPECT_NE(gpu.ir(T::Stage::PTX).find(".target sm_90"), std::string::npos);
}

void expectSameOnGpu(std::vector<T::Var> inputs, std::vector<T::Var> outputs,
                     const std::vector<T::Array> &arguments, double tolerance) {
  expectSameOnGpu(std::move(inputs), std::move(outputs),
                  std::vector<std::vector<T::Array>>{arguments}, tolerance);
}

TEST(CudaDevice, ElementwiseChainsMatchTheCpu) {
  REQUIRE_GPU();
  T::RandomState rng(1);
  for (T::DType dtype : {T::DType::Float64, T::DType::Float32}) {
    auto x = T::matrix("x", dtype);
    auto y = T::matrix("y", dtype);
    T::Array a = rng.randn({37, 1001}).astype(dtype);
    T::Array b = rng.randn({37, 1001}).astype(dtype);
    double tolerance = dtype == T::DType::Float64 ? 1e-13 : 1e-5;
    expectSameOnGpu({x, y},
                    {1 / (1 + T::exp(-x)), x * y + x, T::log1p(T::exp(y)),
                     T::tanh(x) > 0.5, T::maximum(x, y)},
                    {a, b}, tolerance);
  }
}

TEST(CudaDevice, EmptyArrays) {
  REQUIRE_GPU();
  auto x = T::vector("x");
  auto f = T::function({x}, {x + 1, x.sum()}, {.device = T::Device::cuda(0)});
  T::Outputs out = f(T::Array(T::DType::Float64, {0}));
  EXPECT_EQ(out[0].shape(), T::Shape({0}));
  EXPECT_EQ(out[1].item<double>(), 0.0);
}

TEST(CudaDevice, ReductionsAndProductsMatchTheCpu) {
  REQUIRE_GPU();
  T::RandomState rng(2);
  auto x = T::matrix("x");
  auto v = T::vector("v");
  auto m = T::matrix("m");
  expectSameOnGpu(
      {x, v, m},
      {x.sum(), x.sum(0), x.mean(1), x.max(0), T::dot(x, v),
       T::dot(v.reshape({1, -1}), T::transpose(x)), T::dot(x, m)},
      {rng.randn({300, 200}), rng.randn({200}), rng.randn({200, 50})}, 1e-11);
}

TEST(CudaDevice, BlockReductionsMatchTheCpuAtTheirEdges) {
  // Rows of 33 to 8192 elements are one block each (gpu.all_reduce over
  // min(256, r) threads, partial warps included); 8193 splits. Integers
  // narrower than 32 bits travel widened between threads.
  REQUIRE_GPU();
  T::RandomState rng(4);
  for (int64_t cols : {33, 63, 200, 257, 8192, 8193}) {
    for (T::DType dtype : {T::DType::Float64, T::DType::Float32}) {
      auto x = T::matrix("x", dtype);
      expectSameOnGpu({x},
                      {x.sum(1), x.max(1), x.min(1), x.mean(1), x.sum(),
                       T::exp(x.max(1)) + 1},
                      {rng.randn({3, cols}).astype(dtype)},
                      dtype == T::DType::Float64 ? 1e-11 : 1e-4);
    }
    for (T::DType dtype : {T::DType::Int8, T::DType::Int16, T::DType::Int64}) {
      auto x = T::matrix("x", dtype);
      expectSameOnGpu({x}, {x.max(1), x.min(1), x.sum(1), x.max()},
                      {rng.randint(-100, 100, {3, cols}).astype(dtype)}, 0);
    }
  }
}

TEST(CudaDevice, ColumnReductionsMatchTheCpuAtTheirEdges) {
  // Columns of 33 to 32 x (256 / W) = 2048 elements are a block per W = 4
  // neighbouring columns; one more splits. (Up to the twenty-second
  // session W was 64 bytes of them: the edges were 1024 f64 and int64,
  // 512 f32, 256 int8 and int16, kept here.) With 1 and 33 columns, most
  // lanes and one lane of the last block fold a column again and store
  // nothing.
  REQUIRE_GPU();
  T::RandomState rng(5);
  auto shapes = {std::pair<int64_t, int64_t>{33, 1},
                 {33, 33},
                 {256, 33},
                 {257, 1},
                 {512, 33},
                 {513, 33},
                 {1024, 1},
                 {1024, 33},
                 {1025, 33},
                 {2048, 5},
                 {2049, 5}};
  for (T::DType dtype : {T::DType::Float64, T::DType::Float32}) {
    auto x = T::matrix("x", dtype);
    std::vector<std::vector<T::Array>> cases;
    for (auto [rows, cols] : shapes)
      cases.push_back({rng.randn({rows, cols}).astype(dtype)});
    expectSameOnGpu(
        {x}, {x.sum(0), x.max(0), x.min(0), x.mean(0), T::exp(x.max(0)) + 1},
        cases, dtype == T::DType::Float64 ? 1e-11 : 1e-4);
  }
  for (T::DType dtype : {T::DType::Int8, T::DType::Int16, T::DType::Int64}) {
    auto x = T::matrix("x", dtype);
    std::vector<std::vector<T::Array>> cases;
    for (auto [rows, cols] : shapes)
      cases.push_back({rng.randint(-100, 100, {rows, cols}).astype(dtype)});
    expectSameOnGpu({x}, {x.max(0), x.min(0), x.sum(0)}, cases, 0);
  }
}

TEST(CudaDevice, LargeMatmulsMatchTheCpuThroughCublas) {
  REQUIRE_GPU();
  T::RandomState rng(3);
  for (T::DType dtype : {T::DType::Float64, T::DType::Float32}) {
    auto a = T::matrix("a", dtype);
    auto b = T::matrix("b", dtype);
    size_t calls = mlir::tj::cuda::launchStats().libraryCalls;
    // m n k = 15e6, past kCublasMinSize: cuBLAS where it loads; the tanh
    // is a kernel on its result.
    expectSameOnGpu({a, b}, {T::dot(a, b), T::tanh(T::dot(a, b))},
                    {rng.randn({300, 200}).astype(dtype),
                     rng.randn({200, 250}).astype(dtype)},
                    dtype == T::DType::Float64 ? 1e-11 : 1e-4);
    if (mlir::tj::cuda::cublasAvailable()) {
      EXPECT_GT(mlir::tj::cuda::launchStats().libraryCalls, calls);
    }
  }
}

TEST(CudaDevice, SharedValuesRoundTrip) {
  REQUIRE_GPU();
  T::Array value = T::array({{1.0, 2.0}, {3.0, 4.0}});
  auto w = T::shared(value, "w", T::Device::cuda(0));
  EXPECT_TRUE(w.device() == T::Device::cuda(0));
  expectClose(w.get_value(), value, 0);
  w.set_value(T::array({{5, 6}, {7, 8}}));
  expectClose(w.get_value(), T::array({{5.0, 6.0}, {7.0, 8.0}}), 0);
  EXPECT_NE(errorOf([&] {
              w.get_value({.borrow = true});
            }).find("for CPU variables only"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { w.set_value(T::zeros({3})); }).find("another rank"),
            std::string::npos);
}

TEST(CudaDevice, TheSeedAccumulator) {
  REQUIRE_GPU();
  T::Shared state = T::shared(0, "state", T::Device::cuda(0));
  auto inc = T::iscalar("inc");
  auto accumulator =
      T::function({inc}, state, {.updates = {{state, state + inc}}});
  EXPECT_EQ(T::Array(accumulator(1)).item<int64_t>(), 0);
  EXPECT_EQ(T::Array(accumulator(300)).item<int64_t>(), 1);
  EXPECT_EQ(state.get_value().item<int64_t>(), 301);
  state.set_value(-1);
  EXPECT_EQ(T::Array(accumulator(3)).item<int64_t>(), -1);
  EXPECT_EQ(state.get_value().item<int64_t>(), 2);
  auto foo = T::scalar("foo", state.dtype());
  auto skip_shared =
      T::function({inc, foo}, state * 2 + inc, {.givens = {{state, foo}}});
  EXPECT_EQ(T::Array(skip_shared(1, 3)).item<int64_t>(), 7);
  EXPECT_EQ(state.get_value().item<int64_t>(), 2);
}

TEST(CudaDevice, MixingDevicesIsAnError) {
  REQUIRE_GPU();
  auto a = T::shared(1.0, "a", T::Device::cuda(0));
  auto b = T::shared(2.0, "b");
  EXPECT_NE(errorOf([&] {
              T::function({}, a + b);
            }).find("must all live on its device"),
            std::string::npos);
}

TEST(CudaDevice, MissingLibdeviceIsAnError) {
  REQUIRE_GPU();
  // scripts/test-gpu may set it for this machine: put back after.
  std::string message;
  {
    ScopedEnvironment missing("TENSORJIT_LIBDEVICE",
                              "/nonexistent/libdevice.10.bc");
    auto x = T::vector("x");
    auto f = T::function({x}, T::exp(x), {.device = T::Device::cuda(0)});
    message = errorOf([&] { f(T::array({1.0})); });
  }
  EXPECT_NE(message.find("/nonexistent/libdevice.10.bc"), std::string::npos)
      << message;
  EXPECT_NE(message.find("TENSORJIT_LIBDEVICE"), std::string::npos);
}

TEST(CudaDevice, MrgDrawsAreTheCpusBits) {
  REQUIRE_GPU();
  T::MRGRandomStreams cpuStreams(234), gpuStreams(234, T::Device::cuda(0));
  auto draws = [](T::MRGRandomStreams &streams) {
    return std::vector<T::Output>{
        streams.uniform({10007}),
        streams.uniform({3, 301}, -1, 2, T::DType::Float32),
        streams.normal({2, 5001}),
        streams.normal({999}, 0, 1, T::DType::Float32),
        // 261 draws from each of 15360 streams: two stretches each.
        streams.uniform({2000, 2000}, 0, 1, T::DType::Float32)};
  };
  auto cpu = T::function({}, draws(cpuStreams));
  auto gpu = T::function({}, draws(gpuStreams));
  // Three calls: the states move on alike.
  for (int call = 0; call < 3; ++call) {
    T::Outputs expected = cpu(), got = gpu();
    expectClose(got[0], expected[0], 0);
    expectClose(got[1], expected[1], 0);
    // Box-Muller's log, sqrt, sin and cos are libdevice's on the GPU.
    expectClose(got[2], expected[2], 1e-12);
    expectClose(got[3], expected[3], 1e-5);
    expectClose(got[4], expected[4], 0);
  }
}

/// The seed's logistic-regression step with x and y in shared variables on
/// `device` (Theano's GPU idiom): `steps` steps, then w and b.
std::pair<T::Array, T::Array>
trainLogistic(T::Device device, int steps,
              mlir::tj::cuda::LaunchStats *after1 = nullptr) {
  const int N = 400, feats = 784;
  T::RandomState rng(0);
  auto x = T::shared(rng.randn({N, feats}), "x", device);
  auto y =
      T::shared(rng.randint(0, 2, {N}).astype(T::DType::Float64), "y", device);
  auto w = T::shared(rng.randn({feats}), "w", device);
  auto b = T::shared(0., "b", device);
  auto p_1 = 1 / (1 + T::exp(-T::dot(x, w) - b));
  auto xent = -y * T::log(p_1) - (1 - y) * T::log(1 - p_1);
  auto cost = xent.mean() + 0.01 * (w * w).sum();
  auto [gw, gb] = T::grad(cost, {w, b});
  auto train = T::function({}, std::vector<T::Output>{},
                           {.updates = {{w, w - 0.1 * gw}, {b, b - 0.1 * gb}}});
  for (int i = 0; i < steps; ++i) {
    train();
    if (i == 0 && after1)
      *after1 = mlir::tj::cuda::launchStats();
  }
  return {w.get_value(), b.get_value()};
}

TEST(CudaDevice, LogisticRegressionMatchesTheCpuWithoutCopies) {
  REQUIRE_GPU();
  mlir::tj::cuda::LaunchStats afterFirst;
  auto [wGpu, bGpu] = trainLogistic(T::Device::cuda(0), 50, &afterFirst);
  mlir::tj::cuda::LaunchStats end = mlir::tj::cuda::launchStats();
  // Steps 2..50 copied nothing either way (get_value at the end copies w
  // and b back: two copies).
  EXPECT_EQ(end.hostToDevice, afterFirst.hostToDevice);
  EXPECT_EQ(end.deviceToHost, afterFirst.deviceToHost + 2);
  EXPECT_GT(end.launches, afterFirst.launches);
  // From the third step on, each step is one CUDA graph (the first two are
  // the two batches a step alternates between, launched kernel by kernel).
  if (mlir::tj::cuda::graphsAvailable()) {
    EXPECT_EQ(end.graphLaunches - afterFirst.graphLaunches, 48u);
  }
  auto [wCpu, bCpu] = trainLogistic(T::Device::cpu(), 50);
  expectClose(wGpu, wCpu, 1e-9);
  expectClose(bGpu, bCpu, 1e-9);
}

} // namespace
