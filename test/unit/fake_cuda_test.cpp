//===- fake_cuda_test.cpp - The device path over a fake CUDA driver -------===//
//
// Runs against libtensorjit_fake_cuda.so (fake_cuda.cpp): a driver on host
// memory that runs no kernel but logs each launch with its parameters. So
// these tests run on every machine, GPU or not, and check what does not
// need a kernel's results: how our runtime batches a call's launches and
// replays them as CUDA graphs, the order of its work, when it returns
// blocks to the cache, its errors (out of memory included), and the whole
// path of a function on `cuda:0` (a training loop's launches and copies).
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include "jit/CudaRuntime.h"
#include "test/unit/ExpectError.h"
#include "test/unit/ScopedEnvironment.h"
#include "test/unit/TemporaryDirectory.h"

#include "absl/strings/str_cat.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

namespace T = tensorjit;
namespace cuda = mlir::tj::cuda;

namespace {

/// The fake driver: where it was built, else (a binary carried to another
/// machine by scripts/gpu-bundle) next to this binary or in ../lib.
const std::string &fakeLibrary() {
  static const std::string path = [] {
    namespace fs = std::filesystem;
    fs::path self = fs::read_symlink("/proc/self/exe").parent_path();
    const char *name = "libtensorjit_fake_cuda.so";
    for (const fs::path &candidate :
         {fs::path(TENSORJIT_FAKE_CUDA), self / name, self / "../lib" / name})
      if (fs::exists(candidate))
        return candidate.string();
    return std::string(TENSORJIT_FAKE_CUDA);
  }();
  return path;
}

/// The fake driver's test functions (the same library the runtime loaded).
struct Fake {
  size_t (*count)(const char *);
  const char *(*takeEvents)();
  long (*runParams)(size_t, void *, size_t);
  bool (*runShape)(size_t, unsigned *);
  void (*setMemoryLimit)(size_t);
  void (*failGraphLaunches)(bool);
  void (*failCublasCreates)(size_t);

  static const Fake &get() {
    static const Fake fake = [] {
      void *library = dlopen(fakeLibrary().c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!library)
        std::abort();
      Fake loaded;
      auto resolve = [&](auto &slot, const char *name) {
        slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(
            dlsym(library, name));
        if (!slot)
          std::abort();
      };
      resolve(loaded.count, "fakeCudaCount");
      resolve(loaded.takeEvents, "fakeCudaTakeEvents");
      resolve(loaded.runParams, "fakeCudaRunParams");
      resolve(loaded.runShape, "fakeCudaRunShape");
      resolve(loaded.setMemoryLimit, "fakeCudaSetMemoryLimit");
      resolve(loaded.failGraphLaunches, "fakeCudaFailGraphLaunches");
      resolve(loaded.failCublasCreates, "fakeCublasFailCreates");
      return loaded;
    }();
    return fake;
  }
  std::string events() const { return takeEvents(); }
  /// The last kernel run's grid and block sizes: {gx, gy, gz, bx, by, bz}.
  std::array<unsigned, 6> lastShape() const {
    std::array<unsigned, 6> shape{};
    size_t runs = count("kernels");
    if (runs == 0 || !runShape(runs - 1, shape.data()))
      ADD_FAILURE() << "no kernel has run";
    return shape;
  }
};

/// The mgpu* entry points compiled code calls, from the runtime's table.
template <typename F> F *entry(const char *name) {
  for (const auto &[symbol, address] : cuda::gpuRuntimeSymbols())
    if (symbol == name)
      return reinterpret_cast<F *>(address);
  std::abort();
}
const auto moduleLoadJIT = entry<void *(void *, int)>("mgpuModuleLoadJIT");
const auto moduleUnload = entry<void(void *)>("mgpuModuleUnload");
const auto moduleGetFunction =
    entry<void *(void *, const char *)>("mgpuModuleGetFunction");
const auto launchKernel =
    entry<void(void *, intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
               intptr_t, int32_t, void *, void **, void **, size_t)>(
        "mgpuLaunchKernel");
const auto memAlloc = entry<void *(uint64_t, void *, bool)>("mgpuMemAlloc");
const auto memFree = entry<void(void *, void *)>("mgpuMemFree");
const auto memset32 =
    entry<void(void *, unsigned, size_t, void *)>("mgpuMemset32");
const auto access = entry<void(int64_t, int64_t)>("tj_rt_gpu_access");

/// Two kernels: scale(u64 n, ptr p, f32 s) at offsets 0, 8, 16; shift(u64
/// n, 16 bytes aligned to 8) at 0, 8.
char kPtx[] = R"(.version 8.0
.target sm_90
.address_size 64

.visible .entry scale(
	.param .u64 scale_param_0,
	.param .u64 .ptr .align 1 scale_param_1,
	.param .f32 scale_param_2
)
{
	ret;
}

.visible .entry shift(
	.param .u64 shift_param_0,
	.param .align 8 .b8 shift_param_1[16]
)
{
	ret;
}
)";

/// A row-major rows x cols matrix of distinct values.
std::vector<double> matrix(int64_t rows, int64_t cols, double seed) {
  std::vector<double> values(rows * cols);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = seed + 0.25 * double(i % 37) - 0.125 * double(i % 11);
  return values;
}

/// alpha a b + beta c, row-major, in plain loops.
std::vector<double> product(const std::vector<double> &a,
                            const std::vector<double> &b, std::vector<double> c,
                            int64_t m, int64_t n, int64_t k, double alpha,
                            double beta) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += a[i * k + p] * b[p * n + j];
      c[i * n + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * n + j]);
    }
  return c;
}

/// `f(a, b) = dot(a, b)` on cuda:0.
T::Function deviceDot(T::DType dtype) {
  auto a = T::matrix("a", dtype), b = T::matrix("b", dtype);
  return T::function({a, b}, T::dot(a, b), {.device = T::Device::cuda(0)});
}

/// `f` (a deviceDot) called at m x k by k x n: the fake's log of the call,
/// and, where cuBLAS computed it (the fake's kernels compute nothing), its
/// result checked against plain loops.
template <typename Element>
std::string matmulOnDevice(const T::Function &f, int64_t m, int64_t n,
                           int64_t k) {
  const Fake &fake = Fake::get();
  T::DType dtype = sizeof(Element) == 8 ? T::DType::Float64 : T::DType::Float32;
  std::vector<double> va = matrix(m, k, 1), vb = matrix(k, n, -2);
  T::Array ha = T::array(va, {m, k}).astype(dtype),
           hb = T::array(vb, {k, n}).astype(dtype);
  fake.events();
  T::Array out = f(ha, hb);
  std::string events = fake.events();
  std::vector<double> expected =
      product(va, vb, std::vector<double>(m * n), m, n, k, 1, 0);
  if (events.find("cublas") != std::string::npos) {
    T::Array got = out.astype(T::DType::Float64);
    EXPECT_EQ(got.shape(), T::Shape({m, n}));
    const double *values = got.data<double>();
    for (int64_t i = 0; i < m * n; ++i)
      EXPECT_NEAR(values[i], expected[i],
                  (sizeof(Element) == 8 ? 1e-12 : 1e-4) *
                      (1 + std::abs(expected[i])))
          << i;
  }
  return events;
}

/// The same for a new function.
template <typename Element>
std::string matmulOnDevice(int64_t m, int64_t n, int64_t k) {
  return matmulOnDevice<Element>(
      deviceDot(sizeof(Element) == 8 ? T::DType::Float64 : T::DType::Float32),
      m, n, k);
}

constexpr const char *kDgemmCall =
    "copy to device; copy to device; cublas dgemm N N 90x80x100; copy to host";

// First in the file: nothing asked for cuBLAS before it. A process loads
// cuBLAS (and makes a handle) only when a large product runs.
TEST(FakeCublas, OnlyALargeProductLoadsIt) {
  const Fake &fake = Fake::get();
  ASSERT_EQ(fake.count("cublasCreates"), 0u) << "run in the file's order";
  auto x = T::vector("x");
  auto f = T::function({x}, T::sigmoid(x) * 2, {.device = T::Device::cuda(0)});
  f(T::array({1.0, 2.0, 3.0}));
  std::string small = matmulOnDevice<double>(4, 6, 5);
  EXPECT_NE(small.find("kernel"), std::string::npos) << small;
  EXPECT_EQ(fake.count("cublasCreates"), 0u);
}

// Second: no cuBLAS handle is made before it.
TEST(FakeCublas, AHandleThatCannotBeMadeMeansNoCublas) {
  const Fake &fake = Fake::get();
  ASSERT_EQ(fake.count("cublasHandles"), 0u) << "run in the file's order";
  size_t asked = fake.count("cublasCreates");
  // Failing twice (the second try after releasing the cached blocks): none.
  fake.failCublasCreates(2);
  EXPECT_FALSE(cuda::cublasAvailable());
  EXPECT_EQ(fake.count("cublasCreates"), asked + 2);
  // A large product asking then runs its own kernels, and no error.
  T::Function dot = deviceDot(T::DType::Float64);
  fake.failCublasCreates(2);
  std::string without = matmulOnDevice<double>(dot, 80, 90, 100);
  EXPECT_NE(without.find("kernel"), std::string::npos) << without;
  EXPECT_EQ(without.find("cublas"), std::string::npos) << without;
  EXPECT_EQ(fake.count("cublasCreates"), asked + 4);
  // Failing once: the retry makes it, and it is kept.
  fake.failCublasCreates(1);
  EXPECT_TRUE(cuda::cublasAvailable());
  EXPECT_TRUE(cuda::cublasAvailable());
  EXPECT_EQ(fake.count("cublasCreates"), asked + 6);
  EXPECT_EQ(fake.count("cublasHandles"), 1u);
  // The same function's next call uses it.
  EXPECT_EQ(matmulOnDevice<double>(dot, 80, 90, 100), kDgemmCall);
}

class Batches : public testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(cuda::setDevice(0).ok());
    cuda::setGraphs(true);
    module_ = moduleLoadJIT(kPtx, 2);
    ASSERT_NE(module_, nullptr) << cuda::takeLaunchError();
    scale_ = moduleGetFunction(module_, "scale");
    shift_ = moduleGetFunction(module_, "shift");
    ASSERT_NE(scale_, nullptr);
    ASSERT_NE(shift_, nullptr);
    ASSERT_TRUE(cuda::takeLaunchError().ok());
    block_ = memAlloc(256, nullptr, false);
    ASSERT_NE(block_, nullptr);
    fake().events();
  }
  void TearDown() override {
    memFree(block_, nullptr);
    moduleUnload(module_);
    cuda::setGraphs(true);
    EXPECT_EQ(fake().count("rejected"), 0u) << "the driver rejected a call";
  }

  static const Fake &fake() { return Fake::get(); }

  void launchScale(uint64_t n, void *p, float s) {
    void *params[] = {&n, &p, &s};
    launchKernel(scale_, 4, 1, 1, 128, 1, 1, 0, nullptr, params, nullptr, 3);
  }
  void launchShift(uint64_t n, uint64_t a, uint64_t b) {
    struct {
      uint64_t a, b;
    } pair{a, b};
    void *params[] = {&n, &pair};
    launchKernel(shift_, 1, 1, 1, 32, 1, 1, 0, nullptr, params, nullptr, 2);
  }
  /// scale, passing 2 of its 3 parameters.
  void launchScaleWithoutItsLast() {
    uint64_t n = 1;
    float s = 1;
    void *params[] = {&n, &block_, &s};
    launchKernel(scale_, 1, 1, 1, 1, 1, 1, 0, nullptr, params, nullptr, 2);
  }
  /// One call of two kernels.
  void call(uint64_t n, float s) {
    cuda::LaunchBatch batch;
    launchScale(n, block_, s);
    launchShift(n, 1, 2);
  }
  /// The `index`th kernel run's parameter bytes.
  std::string runBytes(size_t index) {
    char bytes[64];
    long size = fake().runParams(index, bytes, sizeof(bytes));
    return size < 0 ? "" : std::string(bytes, size);
  }

  void *module_ = nullptr, *scale_ = nullptr, *shift_ = nullptr;
  /// What scale's pointer parameter points to (the driver checks it).
  void *block_ = nullptr;
};

TEST_F(Batches, QueuedWhenTheCallEnds) {
  size_t launches = cuda::launchStats().launches;
  {
    cuda::LaunchBatch batch;
    launchScale(10, block_, 1);
    launchShift(10, 1, 2);
    EXPECT_EQ(fake().events(), "");
  }
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift");
  EXPECT_EQ(cuda::launchStats().launches, launches + 2);
  EXPECT_TRUE(cuda::takeLaunchError().ok());
}

TEST_F(Batches, TheSameBatchAgainIsOneGraph) {
  cuda::LaunchStats before = cuda::launchStats();
  size_t instantiated = fake().count("instantiated");
  size_t first = fake().count("kernels");
  call(7, 0.5f);
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift");
  call(7, 0.5f);
  EXPECT_EQ(fake().events(), "graph 2");
  call(7, 0.5f);
  EXPECT_EQ(fake().events(), "graph 2");
  cuda::LaunchStats after = cuda::launchStats();
  EXPECT_EQ(after.launches, before.launches + 6);
  EXPECT_EQ(after.graphLaunches, before.graphLaunches + 2);
  EXPECT_EQ(after.graphsBuilt, before.graphsBuilt + 1);
  EXPECT_EQ(fake().count("instantiated"), instantiated + 1);
  // The graph's kernels got the parameters the call passed: n at 0, the
  // pointer at 8, the float at 16; for shift, the 16-byte pair at 8.
  for (size_t run : {first, first + 2, first + 4}) {
    std::string scale = runBytes(run), shift = runBytes(run + 1);
    ASSERT_EQ(scale.size(), 20u);
    ASSERT_EQ(shift.size(), 24u);
    uint64_t n, a, b;
    float s;
    std::memcpy(&n, scale.data(), 8);
    std::memcpy(&s, scale.data() + 16, 4);
    EXPECT_EQ(n, 7u);
    EXPECT_EQ(s, 0.5f);
    std::memcpy(&a, shift.data() + 8, 8);
    std::memcpy(&b, shift.data() + 16, 8);
    EXPECT_EQ(a, 1u);
    EXPECT_EQ(b, 2u);
  }
}

TEST_F(Batches, GraphNodesWaitOnlyForTheKernelsTheyConflictWith) {
  // What tj-gpu-launch-accesses tells before each launch: 0 writes a, 1
  // reads a and writes b, 2 reads a and writes c, 3 reads b and c.
  void *a = block_, *b = memAlloc(256, nullptr, false),
       *c = memAlloc(256, nullptr, false);
  auto touch = [](void *pointer, bool writes) {
    access(reinterpret_cast<int64_t>(pointer), writes);
  };
  auto step = [&](void *interior) {
    cuda::LaunchBatch batch;
    touch(a, true);
    launchScale(1, a, 1);
    touch(a, false);
    touch(b, true);
    launchScale(2, b, 1);
    touch(a, false);
    touch(interior ? interior : c, true);
    launchScale(3, c, 1);
    touch(b, false);
    touch(c, false);
    launchScale(4, c, 1);
  };
  step(nullptr);
  EXPECT_EQ(fake().events(),
            "kernel scale; kernel scale; kernel scale; kernel scale");
  step(nullptr);
  // 1 and 2 both wait for 0 only; 3 for both.
  EXPECT_EQ(fake().events(), "graph 4, 2<0, 3<1+2");
  // A pointer inside a block (not one the allocator handed out) could be
  // any buffer's: that launch waits for everything before it, and
  // everything after waits for it.
  step(static_cast<char *>(c) + 8);
  step(static_cast<char *>(c) + 8);
  EXPECT_EQ(fake().events(), "kernel scale; kernel scale; kernel scale; "
                             "kernel scale; graph 4");
  // So does a launch told nothing (the other tests' kernels: their graphs
  // are chains).
  EXPECT_TRUE(cuda::takeLaunchError().ok());
  memFree(b, nullptr);
  memFree(c, nullptr);
}

TEST_F(Batches, ParametersAreTakenWhenLaunched) {
  size_t first = fake().count("kernels");
  {
    cuda::LaunchBatch batch;
    float s = 1.5f;
    uint64_t n = 3;
    void *p = block_;
    void *params[] = {&n, &p, &s};
    launchKernel(scale_, 1, 1, 1, 1, 1, 1, 0, nullptr, params, nullptr, 3);
    s = 9;
    n = 9;
  }
  std::string bytes = runBytes(first);
  ASSERT_EQ(bytes.size(), 20u);
  float s;
  std::memcpy(&s, bytes.data() + 16, 4);
  EXPECT_EQ(s, 1.5f);
  EXPECT_EQ(bytes[0], 3);
}

TEST_F(Batches, OtherParametersAreAnotherBatch) {
  size_t built = cuda::launchStats().graphsBuilt;
  // A training step alternates between two batches (each variable swaps
  // with its spare): both become graphs.
  call(1, 1);
  call(2, 1);
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift; kernel scale; "
                             "kernel shift");
  call(1, 1);
  call(2, 1);
  call(1, 1);
  EXPECT_EQ(fake().events(), "graph 2; graph 2; graph 2");
  call(1, 2); // another float
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift");
  EXPECT_EQ(cuda::launchStats().graphsBuilt, built + 2);
}

TEST_F(Batches, AGraphTheDriverWillNotLaunchGoesKernelByKernel) {
  fake().failGraphLaunches(true);
  for (int i = 0; i < 3; ++i)
    call(6, 1);
  fake().failGraphLaunches(false);
  call(6, 1);
  // The second call built the graph, which failed to launch: that call and
  // every later one of the batch queue their kernels.
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift; kernel scale; "
                             "kernel shift; kernel scale; kernel shift; "
                             "kernel scale; kernel shift");
  EXPECT_EQ(fake().count("liveExecs"), 0u);
  EXPECT_TRUE(cuda::takeLaunchError().ok());
}

TEST_F(Batches, ALaunchWithTooFewParametersEndsTheRecording) {
  // Its bytes could not all be recorded: what came before is queued, then
  // it, as it is, and the rest of the call one kernel at a time.
  for (int i = 0; i < 2; ++i) {
    cuda::LaunchBatch batch;
    launchShift(1, 2, 3);
    launchShift(1, 2, 3);
    launchScaleWithoutItsLast();
    launchShift(1, 2, 3);
  }
  EXPECT_EQ(fake().events(), "kernel shift; kernel shift; kernel scale; "
                             "kernel shift; graph 2; kernel scale; "
                             "kernel shift");
}

TEST_F(Batches, TooFewParametersAfterAFullLaunchAlsoEndTheRecording) {
  // The kernel's layout is known from the full launch: the short one must
  // not be recorded against it with bytes missing.
  for (int i = 0; i < 2; ++i) {
    cuda::LaunchBatch batch;
    launchScale(1, block_, 1);
    launchScaleWithoutItsLast();
    launchShift(1, 2, 3);
  }
  EXPECT_EQ(fake().events(), "kernel scale; kernel scale; kernel shift; "
                             "kernel scale; kernel scale; kernel shift");
}

TEST_F(Batches, ABatchOfOneKernelIsNoGraph) {
  for (int i = 0; i < 3; ++i) {
    cuda::LaunchBatch batch;
    launchScale(5, block_, 1);
  }
  EXPECT_EQ(fake().events(), "kernel scale; kernel scale; kernel scale");
}

TEST_F(Batches, OtherWorkQueuesTheBatchFirst) {
  void *block = memAlloc(64, nullptr, false);
  ASSERT_NE(block, nullptr);
  fake().events();
  for (int i = 0; i < 3; ++i) {
    cuda::LaunchBatch batch;
    launchScale(1, block, 1);
    launchScale(2, block, 1);
    memset32(block, 0, 16, nullptr);
    launchShift(3, 4, 5);
    launchShift(3, 4, 5);
  }
  // The batch ends at the memset; the kernels after it go out one by one.
  EXPECT_EQ(fake().events(),
            "kernel scale; kernel scale; memset; kernel shift; kernel shift; "
            "graph 2; memset; kernel shift; kernel shift; "
            "graph 2; memset; kernel shift; kernel shift");
  memFree(block, nullptr);
}

TEST_F(Batches, BlocksFreedInACallReturnAfterIt) {
  void *first = nullptr, *second = nullptr;
  {
    cuda::LaunchBatch batch;
    first = memAlloc(1000, nullptr, false);
    launchScale(1, first, 1);
    memFree(first, nullptr);
    // Not `first`: the kernel that uses it is not queued yet.
    second = memAlloc(1000, nullptr, false);
    launchScale(1, second, 1);
    memFree(second, nullptr);
  }
  ASSERT_NE(first, nullptr);
  EXPECT_NE(second, first);
  cuda::AllocatorStats before = cuda::allocatorStats(0);
  void *again = memAlloc(1000, nullptr, false);
  EXPECT_TRUE(again == first || again == second);
  EXPECT_EQ(cuda::allocatorStats(0).cacheHits, before.cacheHits + 1);
  memFree(again, nullptr);
}

TEST_F(Batches, ScopesNest) {
  {
    cuda::LaunchBatch outer;
    launchScale(1, block_, 1);
    {
      cuda::LaunchBatch inner;
      launchScale(2, block_, 1);
    }
    EXPECT_EQ(fake().events(), "");
  }
  EXPECT_EQ(fake().events(), "kernel scale; kernel scale");
}

TEST_F(Batches, GraphsCanBeTurnedOff) {
  EXPECT_TRUE(cuda::graphsAvailable());
  cuda::setGraphs(false);
  EXPECT_FALSE(cuda::graphsAvailable());
  for (int i = 0; i < 3; ++i)
    call(4, 1);
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift; kernel scale; "
                             "kernel shift; kernel scale; kernel shift");
}

TEST_F(Batches, AFailedAllocationQueuesNothing) {
  size_t kernels = fake().count("kernels");
  fake().setMemoryLimit(cuda::allocatorStats(0).inUse +
                        cuda::allocatorStats(0).cached + (1 << 20));
  {
    cuda::LaunchBatch batch;
    launchScale(1, block_, 1);
    EXPECT_EQ(memAlloc(64 << 20, nullptr, false), nullptr);
    launchScale(2, block_, 1);
  }
  fake().setMemoryLimit(SIZE_MAX);
  EXPECT_EQ(fake().events(), "");
  EXPECT_EQ(fake().count("kernels"), kernels);
  absl::Status error = cuda::takeLaunchError();
  EXPECT_EQ(error.code(), absl::StatusCode::kResourceExhausted) << error;
  EXPECT_NE(error.message().find("CUDA_ERROR_OUT_OF_MEMORY"), std::string::npos)
      << error;
  // The next call runs.
  call(1, 1);
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift");
}

TEST_F(Batches, RunningOutOfMemoryQueuesTheBatchToReuseItsFreedBlocks) {
  // Room for one more block of 600 KiB: the call frees its first before it
  // asks for a second, which then reuses it once the batch is queued.
  cuda::releaseCache();
  fake().setMemoryLimit(cuda::allocatorStats(0).inUse + (1 << 20));
  void *first = nullptr, *second = nullptr;
  {
    cuda::LaunchBatch batch;
    first = memAlloc(600 << 10, nullptr, false);
    launchScale(1, first, 1);
    memFree(first, nullptr);
    second = memAlloc(600 << 10, nullptr, false);
    launchScale(2, second, 1);
    memFree(second, nullptr);
  }
  fake().setMemoryLimit(SIZE_MAX);
  EXPECT_TRUE(cuda::takeLaunchError().ok());
  EXPECT_NE(first, nullptr);
  EXPECT_EQ(second, first);
  EXPECT_EQ(fake().events(), "kernel scale; kernel scale");
}

TEST_F(Batches, UnloadingAModuleDropsItsGraphs) {
  call(3, 1);
  call(3, 1);
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift; graph 2");
  EXPECT_EQ(fake().count("liveExecs"), 1u);
  moduleUnload(module_);
  module_ = moduleLoadJIT(kPtx, 2);
  scale_ = moduleGetFunction(module_, "scale");
  shift_ = moduleGetFunction(module_, "shift");
  call(3, 1);
  // Even if the new kernels have the old handles, the old graph is gone.
  EXPECT_EQ(fake().events(), "kernel scale; kernel shift");
  EXPECT_EQ(fake().count("liveExecs"), 0u);
}

//===----------------------------------------------------------------------===//
// Functions on cuda:0.
//===----------------------------------------------------------------------===//

/// The seed's logistic-regression step on cuda:0, x of rows x cols, with
/// its state resident (updates only); `w` is set to its weights.
T::Function seedStep(int64_t rows, int64_t cols, T::Shared &w) {
  T::Device gpu = T::Device::cuda(0);
  T::RandomState rng(1);
  auto x = T::shared(rng.randn({rows, cols}), "x", gpu);
  auto y =
      T::shared(rng.randint(0, 2, {rows}).astype(T::DType::Float64), "y", gpu);
  w = T::shared(T::zeros({cols}), "w", gpu);
  auto b = T::shared(T::Array(0.0), "b", gpu);
  auto p = 1 / (1 + T::exp(-T::dot(x, w) - b));
  auto cost =
      (-y * T::log(p) - (1 - y) * T::log(1 - p)).mean() + 0.01 * (w * w).sum();
  auto [gw, gb] = T::grad(cost, {w, b});
  return T::function(
      {}, std::vector<T::Output>{},
      {.updates = {{w, w - 0.1 * gw}, {b, b - 0.1 * gb}}, .device = gpu});
}

TEST(FakeDevice, TrainingStepsReplayAsGraphs) {
  const Fake &fake = Fake::get();
  T::Shared w;
  T::Function train = seedStep(40, 30, w);
  fake.events();
  size_t kernels = fake.count("kernels");
  train();
  size_t perStep = fake.count("kernels") - kernels;
  EXPECT_GE(perStep, 3u);
  std::string first = fake.events();
  EXPECT_EQ(first.find("copy"), std::string::npos) << first;
  EXPECT_EQ(first.find("graph"), std::string::npos) << first;
  // Each variable alternates with its spare, and the temporaries settle
  // into a cycle: from the third step on, each step is one graph (whose
  // nodes wait for those they conflict with, the same each step).
  train();
  fake.events();
  cuda::LaunchStats before = cuda::launchStats();
  std::string graph;
  for (int i = 0; i < 6; ++i) {
    kernels = fake.count("kernels");
    train();
    EXPECT_EQ(fake.count("kernels") - kernels, perStep);
    std::string event = fake.events();
    EXPECT_EQ(event.rfind("graph " + std::to_string(perStep), 0), 0u) << event;
    if (i == 0)
      graph = event;
    EXPECT_EQ(event, graph) << i;
  }
  cuda::LaunchStats after = cuda::launchStats();
  EXPECT_EQ(after.graphLaunches, before.graphLaunches + 6);
  EXPECT_EQ(after.launches, before.launches + 6 * perStep);
  EXPECT_EQ(after.hostToDevice + after.deviceToHost,
            before.hostToDevice + before.deviceToHost);
  // Reading a value copies it to the host, once.
  (void)w.get_value();
  EXPECT_EQ(fake.events(), "copy to host");
  EXPECT_EQ(fake.count("rejected"), 0u);
}

TEST(FakeDevice, TheSeedStepAtItsSizesIsThreeKernels) {
  // 400 x 784, as in benchmark #6: x.w one block per row of 784, with the
  // forward and backward chains (one kernel) run by each block's first
  // thread; the bias gradient's sum of 400 one block, with b's update;
  // g.x, whose reduction runs down columns, one block per 4 columns, with
  // w's update. The last two both read g and write apart: in the graph,
  // each waits only for the first (tj-gpu-launch-accesses).
  T::Shared w;
  T::Function train = seedStep(400, 784, w);
  for (int i = 0; i < 3; ++i)
    train();
  Fake::get().events();
  train();
  EXPECT_EQ(Fake::get().events(), "graph 3, 2<0");
}

TEST(FakeDevice, ManyKernelsCompileInPartsOnThreads) {
  // The seed step's 15 kernels (about 1200 operations) compile in as many
  // parts as the JIT has compile threads (the machine's, up to 4; at least
  // 250 operations a part), each part a module of its own, compiled on a
  // thread of its own and loaded once; the kernels run as before.
  const Fake &fake = Fake::get();
  size_t parts = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  size_t modules = fake.count("liveModules");
  T::Shared w;
  T::Function train = seedStep(400, 784, w);
  for (int i = 0; i < 3; ++i)
    train();
  EXPECT_EQ(fake.count("liveModules"), modules + parts);
  std::string ptx = train.ir(T::Stage::PTX);
  size_t binaries = 0, kernels = 0;
  for (size_t at = ptx.find("// gpu.binary @"); at != std::string::npos;
       at = ptx.find("// gpu.binary @", at + 1))
    ++binaries;
  for (size_t at = ptx.find(".visible .entry"); at != std::string::npos;
       at = ptx.find(".visible .entry", at + 1))
    ++kernels;
  EXPECT_EQ(binaries, parts);
  EXPECT_EQ(kernels, 15u);
  fake.events();
  train();
  EXPECT_EQ(fake.events(), "graph 3, 2<0");
  EXPECT_EQ(fake.count("rejected"), 0u);
}

TEST(FakeDevice, CallsWithHostInputsCopyThemIn) {
  const Fake &fake = Fake::get();
  auto a = T::vector("a");
  auto f = T::function({a}, T::exp(a) * 2 + a,
                       {.name = "f", .device = T::Device::cuda(0)});
  fake.events();
  T::Array out = f(T::ones({3}));
  EXPECT_EQ(out.shape(), T::Shape({3}));
  EXPECT_EQ(fake.events(), "copy to device; kernel tj_f_kernel; copy to host");
  EXPECT_EQ(fake.count("rejected"), 0u);
}

TEST(FakeDevice, FunctionsFromThePersistentCacheLoadAndUnloadTheirKernels) {
  // The kernels' PTX is inside the host object the cache keeps, loaded by
  // its constructors when the object is linked, unloaded by its
  // destructors when the function goes.
  const Fake &fake = Fake::get();
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "fake-cuda-test");
  auto make = [] {
    auto a = T::vector("a");
    return T::function({a}, T::exp(a) * 2 + a,
                       {.name = "kept", .device = T::Device::cuda(0)});
  };
  size_t modules = fake.count("liveModules");
  for (uint64_t hits : {0, 1, 1}) {
    {
      T::Function f = make();
      fake.events();
      T::Array out = f(T::ones({3}));
      EXPECT_EQ(out.shape(), T::Shape({3}));
      EXPECT_EQ(f.stats().persistent_hits, hits);
      EXPECT_EQ(fake.events(),
                "copy to device; kernel tj_kept_kernel; copy to host");
      EXPECT_EQ(fake.count("liveModules"), modules + 1);
    }
    EXPECT_EQ(fake.count("liveModules"), modules);
  }
  EXPECT_EQ(cache.files().size(), 1u);
  EXPECT_EQ(fake.count("rejected"), 0u);
}

TEST(FakeDevice, ReductionsOfAFewThousandAreOneKernel) {
  // tj-split-reductions' cooperative branch: a full sum of 1000 and row
  // sums of 300 x 200, one block per output; column sums of 300 x 200, one
  // block per 4 columns; each one kernel, where split each would be two.
  // Columns of more than 64 x 32 elements (64 threads an output) still
  // split.
  const Fake &fake = Fake::get();
  auto v = T::vector("v");
  auto m = T::matrix("m");
  T::Device gpu = T::Device::cuda(0);
  auto total = T::function({v}, T::sum(v), {.name = "total", .device = gpu});
  auto rows = T::function({m}, T::sum(m, {1}), {.name = "rows", .device = gpu});
  auto cols = T::function({m}, T::sum(m, {0}), {.name = "cols", .device = gpu});
  T::Array ones = T::ones({1000}), grid = T::ones({300, 200});
  fake.events();
  T::Array sum = total(ones);
  EXPECT_EQ(sum.shape(), T::Shape({}));
  EXPECT_EQ(fake.events(), "copy to device; kernel tj_total_kernel; "
                           "copy to host");
  T::Array byRow = rows(grid);
  EXPECT_EQ(byRow.shape(), T::Shape({300}));
  EXPECT_EQ(fake.events(), "copy to device; kernel tj_rows_kernel; "
                           "copy to host");
  T::Array byColumn = cols(grid);
  EXPECT_EQ(byColumn.shape(), T::Shape({200}));
  EXPECT_EQ(fake.events(), "copy to device; kernel tj_cols_kernel; "
                           "copy to host");
  T::Array longColumns = cols(T::ones({3000, 10}));
  EXPECT_EQ(longColumns.shape(), T::Shape({10}));
  // Kernels are named after their launch site (one module a function):
  // the blocks are the first, the two split steps the next two.
  EXPECT_EQ(fake.events(), "copy to device; kernel tj_cols_kernel_0; "
                           "kernel tj_cols_kernel_1; copy to host");
  // TENSORJIT_GPU_BLOCK_REDUCTIONS=0: functions compiled from then on split.
  auto split = T::function({v}, T::sum(v), {.name = "split", .device = gpu});
  T::Array again = [&] {
    ScopedEnvironment splitting("TENSORJIT_GPU_BLOCK_REDUCTIONS", "0");
    return split(ones);
  }();
  EXPECT_EQ(again.shape(), T::Shape({}));
  EXPECT_EQ(fake.events(), "copy to device; kernel tj_split_kernel; "
                           "kernel tj_split_kernel_1; copy to host");
  EXPECT_EQ(fake.count("rejected"), 0u);
}

/// An elementwise kernel takes 2 elements a thread, its 2 loads first
/// (tj-gpu-parallelize's elements-per-thread); under
/// TENSORJIT_GPU_ELEMENTS_PER_THREAD=1, functions compiled from then on take
/// one. Other values than 1 to 16 are an error.
TEST(FakeDevice, ElementwiseKernelsTakeTwoElementsAThread) {
  const Fake &fake = Fake::get();
  T::Device gpu = T::Device::cuda(0);
  auto v = T::dvector("v");
  auto loads = [&](const char *name) {
    auto f =
        T::function({v}, 1 / (1 + T::exp(-v)), {.name = name, .device = gpu});
    T::Array out = f(T::ones({1000}));
    EXPECT_EQ(out.shape(), T::Shape({1000}));
    std::string ptx = f.ir(T::Stage::PTX);
    size_t count = 0;
    for (size_t at = ptx.find("ld.global"); at != std::string::npos;
         at = ptx.find("ld.global", at + 1))
      ++count;
    return count;
  };
  EXPECT_EQ(loads("two_a_thread"), 2u);
  {
    ScopedEnvironment one("TENSORJIT_GPU_ELEMENTS_PER_THREAD", "1");
    EXPECT_EQ(loads("one_a_thread"), 1u);
  }
  for (const char *bad : {"0", "17", "-4", "four", "4x", ""}) {
    ScopedEnvironment wrong("TENSORJIT_GPU_ELEMENTS_PER_THREAD", bad);
    expectError([&] { loads("bad"); },
                {"TENSORJIT_GPU_ELEMENTS_PER_THREAD='" + std::string(bad) +
                 "' is not a number from 1 to 16"});
  }
  EXPECT_EQ(fake.count("rejected"), 0u);
}

/// A block of a column reduction holds 4 neighbouring outputs, 64 threads
/// each, and one of a row reduction min(256, r) threads;
/// TENSORJIT_GPU_COLUMN_OUTPUTS and TENSORJIT_GPU_BLOCK_SIZE set others for
/// functions compiled from then on (tuning for a device run). Other values
/// than 1 to 32, and than powers of two from 32 to 1024, are an error.
TEST(FakeDevice, TuningKnobsShapeTheReductionBlocks) {
  const Fake &fake = Fake::get();
  T::Device gpu = T::Device::cuda(0);
  auto m = T::matrix("m");
  using Shape = std::array<unsigned, 6>;
  auto launched = [&](const char *name, int axis) {
    auto f = T::function({m}, T::sum(m, {axis}), {.name = name, .device = gpu});
    T::Array sums = f(T::ones({300, 200})); // not computed by the fake
    EXPECT_EQ(sums.shape(), T::Shape({axis == 0 ? 200 : 300})) << name;
    return fake.lastShape();
  };
  EXPECT_EQ(launched("columns", 0), (Shape{50, 1, 1, 4, 64, 1}));
  EXPECT_EQ(launched("rows", 1), (Shape{300, 1, 1, 200, 1, 1}));
  {
    ScopedEnvironment eight("TENSORJIT_GPU_COLUMN_OUTPUTS", "8");
    EXPECT_EQ(launched("columns_8", 0), (Shape{25, 1, 1, 8, 32, 1}));
  }
  {
    ScopedEnvironment small("TENSORJIT_GPU_BLOCK_SIZE", "128");
    EXPECT_EQ(launched("columns_128", 0), (Shape{50, 1, 1, 4, 32, 1}));
    EXPECT_EQ(launched("rows_128", 1), (Shape{300, 1, 1, 128, 1, 1}));
  }
  for (const char *bad : {"0", "33", "-1", "four", ""}) {
    ScopedEnvironment wrong("TENSORJIT_GPU_COLUMN_OUTPUTS", bad);
    expectError([&] { launched("bad", 0); },
                {"TENSORJIT_GPU_COLUMN_OUTPUTS='" + std::string(bad) +
                 "' is not a number from 1 to 32"});
  }
  for (const char *bad : {"16", "100", "2048", "x"}) {
    ScopedEnvironment wrong("TENSORJIT_GPU_BLOCK_SIZE", bad);
    expectError([&] { launched("bad", 0); },
                {"TENSORJIT_GPU_BLOCK_SIZE='" + std::string(bad) +
                 "' is not a power of two from 32 to 1024"});
  }
  EXPECT_EQ(fake.count("rejected"), 0u);
}

TEST(FakeDevice, OutOfMemoryIsAnError) {
  const Fake &fake = Fake::get();
  cuda::releaseCache();
  fake.setMemoryLimit(cuda::allocatorStats(0).inUse + (3 << 20));
  expectError([] { T::shared(T::zeros({1 << 20}), "big", T::Device::cuda(0)); },
              {"T::shared('big') on cuda:0", "CUDA_ERROR_OUT_OF_MEMORY"});
  // An update whose new buffer does not fit fails the call.
  auto v = T::shared(T::ones({1 << 18}), "v", T::Device::cuda(0));
  auto step =
      T::function({}, std::vector<T::Output>{},
                  {.updates = {{v, v * 2}}, .device = T::Device::cuda(0)});
  expectError([&] { step(); }, {"out of memory"});
  fake.setMemoryLimit(SIZE_MAX);
  step();
  EXPECT_EQ(v.get_value().shape(), T::Shape({1 << 18}));
  EXPECT_EQ(fake.count("rejected"), 0u);
}

// --- cuBLAS: the fake's gemm computes (matmulOnDevice checks the numbers) -

/// The C interface's 2-d memref descriptor.
struct Descriptor {
  double *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
};
using Gemm = void(Descriptor *, Descriptor *, Descriptor *, double, double);

/// A device copy of `values`, described as rows x cols with `strides`.
Descriptor onDevice(const std::vector<double> &values, int64_t rows,
                    int64_t cols, std::array<int64_t, 2> strides) {
  size_t bytes = values.size() * sizeof(double);
  auto *block = static_cast<double *>(*cuda::allocate(0, bytes));
  EXPECT_TRUE(cuda::copyToDevice(0, block, values.data(), bytes).ok());
  return {block, block, 0, {rows, cols}, {strides[0], strides[1]}};
}

std::vector<double> onHost(const Descriptor &d, size_t elements) {
  std::vector<double> values(elements);
  EXPECT_TRUE(
      cuda::copyToHost(0, values.data(), d.aligned, elements * sizeof(double))
          .ok());
  return values;
}

/// A transposed copy of a row-major rows x cols matrix.
std::vector<double> transposed(const std::vector<double> &a, int64_t rows,
                               int64_t cols) {
  std::vector<double> t(a.size());
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      t[j * rows + i] = a[i * cols + j];
  return t;
}

TEST(FakeCublas, GemmTakesRowMajorAndTransposedViews) {
  ASSERT_TRUE(cuda::setDevice(0).ok());
  const Fake &fake = Fake::get();
  auto gemm = entry<Gemm>("_mlir_ciface_tj_rt_cublas_gemm_f64");
  const int64_t m = 3, n = 4, k = 5;
  std::vector<double> a = matrix(m, k, 1), b = matrix(k, n, -2),
                      c = matrix(m, n, 0.5);
  size_t calls = cuda::launchStats().libraryCalls;
  fake.events();
  // a and b each as stored (row-major) or as a transposed view of its
  // transpose (outer stride 1).
  for (bool aView : {false, true})
    for (bool bView : {false, true}) {
      Descriptor da = aView ? onDevice(transposed(a, m, k), m, k, {1, m})
                            : onDevice(a, m, k, {k, 1});
      Descriptor db = bView ? onDevice(transposed(b, k, n), k, n, {1, k})
                            : onDevice(b, k, n, {n, 1});
      Descriptor dc = onDevice(c, m, n, {n, 1});
      gemm(&da, &db, &dc, 0.5, 1.0);
      ASSERT_TRUE(cuda::takeLaunchError().ok());
      std::vector<double> expected = product(a, b, c, m, n, k, 0.5, 1.0);
      std::vector<double> got = onHost(dc, m * n);
      for (size_t i = 0; i < got.size(); ++i)
        EXPECT_DOUBLE_EQ(got[i], expected[i]) << aView << bView << i;
      // Column-major c^T = b^T a^T: b's flag first.
      EXPECT_EQ(fake.events(),
                absl::StrCat("copy to device; copy to device; copy to device; "
                             "cublas dgemm ",
                             bView ? "T " : "N ", aView ? "T " : "N ",
                             "4x3x5; copy to host"));
      for (Descriptor *d : {&da, &db, &dc})
        cuda::release(0, d->allocated);
    }
  EXPECT_EQ(cuda::launchStats().libraryCalls, calls + 4);

  // beta 0 does not read the output (NaN there stays out).
  std::vector<double> nan(m * n, std::nan(""));
  Descriptor da = onDevice(a, m, k, {k, 1}), db = onDevice(b, k, n, {n, 1});
  Descriptor dc = onDevice(nan, m, n, {n, 1});
  gemm(&da, &db, &dc, 1.0, 0.0);
  EXPECT_EQ(onHost(dc, m * n), product(a, b, c, m, n, k, 1.0, 0.0));
  // k = 0 only adds nothing: with beta 1 there is nothing to do; otherwise
  // (which the compiler never asks) an error, as for a layout cuBLAS
  // cannot take (every other element).
  Descriptor empty = da;
  empty.sizes[1] = 0;
  Descriptor none = db;
  none.sizes[0] = 0;
  gemm(&empty, &none, &dc, 1.0, 1.0);
  ASSERT_TRUE(cuda::takeLaunchError().ok());
  Descriptor strided = da;
  strided.sizes[1] = 2;
  strided.strides[1] = 2;
  Descriptor shortB = db;
  shortB.sizes[0] = 2;
  for (auto [left, right] : {std::pair{&empty, &none}, {&strided, &shortB}}) {
    fake.events();
    gemm(left, right, &dc, 1.0, 0.0);
    absl::Status error = cuda::takeLaunchError();
    EXPECT_EQ(error.code(), absl::StatusCode::kUnimplemented);
    EXPECT_NE(error.message().find("not one cuBLAS takes"), std::string::npos)
        << error;
    EXPECT_EQ(fake.events(), "");
  }

  for (Descriptor *d : {&da, &db, &dc})
    cuda::release(0, d->allocated);
  EXPECT_EQ(fake.count("rejected"), 0u);
}

TEST(FakeDevice, LargeMatmulsCallCublas) {
  ASSERT_TRUE(cuda::cublasAvailable());
  size_t calls = cuda::launchStats().libraryCalls;
  // 80 x 100 by 100 x 90: m n k = 720000, from kCublasMinSize (524288) on.
  EXPECT_EQ(matmulOnDevice<double>(80, 90, 100), kDgemmCall);
  EXPECT_EQ(matmulOnDevice<float>(80, 90, 100),
            "copy to device; copy to device; cublas sgemm N N 90x80x100; "
            "copy to host");
  EXPECT_EQ(cuda::launchStats().libraryCalls, calls + 2);
  // Below it (4 x 5 by 5 x 6, and 70 x 80 by 80 x 90: 504000), the
  // product's own kernels.
  for (std::string small :
       {matmulOnDevice<double>(4, 6, 5), matmulOnDevice<double>(70, 90, 80)}) {
    EXPECT_NE(small.find("kernel"), std::string::npos) << small;
    EXPECT_EQ(small.find("cublas"), std::string::npos) << small;
  }
  // Turned off, no function uses it, compiled before or after; turned on
  // again, they do.
  T::Function before = deviceDot(T::DType::Float64);
  EXPECT_EQ(matmulOnDevice<double>(before, 80, 90, 100), kDgemmCall);
  cuda::setCublas(false);
  EXPECT_FALSE(cuda::cublasAvailable());
  for (std::string off : {matmulOnDevice<double>(before, 80, 90, 100),
                          matmulOnDevice<double>(80, 90, 100)}) {
    EXPECT_NE(off.find("kernel"), std::string::npos) << off;
    EXPECT_EQ(off.find("cublas"), std::string::npos) << off;
  }
  cuda::setCublas(true);
  EXPECT_EQ(matmulOnDevice<double>(before, 80, 90, 100), kDgemmCall);
  EXPECT_EQ(Fake::get().count("rejected"), 0u);
}

} // namespace

int main(int argc, char **argv) {
  // The fake driver (and cuBLAS), for the runtime's first use (before any
  // test runs).
  setenv("TENSORJIT_LIBCUDA", fakeLibrary().c_str(), 1);
  setenv("TENSORJIT_LIBCUBLAS", fakeLibrary().c_str(), 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
/// A shared variable updated with mrg31k3p draws gets them in place: 3
/// kernels (the streams' states read, the draws, the next states), with no
/// copy of the draws onto themselves (tj-gpu-parallelize drops it; with
/// it, "graph 4, 3<1").
TEST(FakeDevice, MrgDrawsGoStraightIntoTheUpdatedVariable) {
  T::Device gpu = T::Device::cuda(0);
  T::MRGRandomStreams streams(1, gpu);
  auto out =
      T::shared(T::Array::empty(T::DType::Float64, {100000}), "out", gpu);
  auto draw = T::function(
      {}, std::vector<T::Output>{},
      {.updates = {{out, streams.uniform({100000}, 0, 1, T::DType::Float64)}},
       .name = "draw"});
  for (int i = 0; i < 3; ++i)
    draw();
  const Fake &fake = Fake::get();
  fake.events();
  draw();
  EXPECT_EQ(fake.events(), "graph 3");
  EXPECT_EQ(fake.count("rejected"), 0u);
}
