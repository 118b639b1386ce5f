//===- cuda_runtime_test.cpp - Our CUDA runtime over the driver API -------===//
//
// Tests of jit/CudaRuntime. Those of the `CudaDevice` fixture need a GPU and
// skip without one; those of `NoCudaDevice` check the errors on a machine
// without one and skip where there is one. The `DriverOverride` tests load
// another library as the driver, in a child process, since the driver is
// loaded once per process.
//
//===----------------------------------------------------------------------===//

#include "jit/CudaRuntime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace cuda = mlir::tj::cuda;

namespace {

/// Expects a non-OK status whose message contains every fragment.
void expectError(const absl::Status &status,
                 std::initializer_list<std::string> fragments) {
  ASSERT_FALSE(status.ok()) << "expected an error";
  std::string message(status.message());
  for (const std::string &fragment : fragments)
    EXPECT_NE(message.find(fragment), std::string::npos)
        << "message: " << message << "\nmissing: " << fragment;
}

/// An mgpu* entry point from gpuRuntimeSymbols(), as a function pointer.
template <typename Function> Function *mgpu(const std::string &name) {
  for (const auto &[symbol, address] : cuda::gpuRuntimeSymbols())
    if (symbol == name)
      return reinterpret_cast<Function *>(address);
  ADD_FAILURE() << "gpuRuntimeSymbols() lacks " << name;
  return nullptr;
}

using ModuleLoadJIT = void *(void *, int);
using ModuleGetFunction = void *(void *, const char *);
using ModuleUnload = void(void *);
using LaunchKernel = void(void *, intptr_t, intptr_t, intptr_t, intptr_t,
                          intptr_t, intptr_t, int32_t, void *, void **, void **,
                          size_t);
using MemAlloc = void *(uint64_t, void *, bool);
using MemFree = void(void *, void *);
using Memcpy = void(void *, void *, size_t, void *);
using Memset32 = void(void *, unsigned, size_t, void *);
using Memset16 = void(void *, unsigned short, size_t, void *);

/// out[i] = i * scale, i the global thread index.
constexpr char kFillPtx[] = R"(
.version 8.0
.target sm_90
.address_size 64

.visible .entry fill(.param .u64 out, .param .u32 scale)
{
  .reg .b32 %r<5>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [scale];
  cvta.to.global.u64 %rd1, %rd1;
  mov.u32 %r2, %tid.x;
  mov.u32 %r3, %ctaid.x;
  mov.u32 %r4, %ntid.x;
  mad.lo.u32 %r3, %r3, %r4, %r2;
  mul.wide.u32 %rd2, %r3, 4;
  add.s64 %rd3, %rd1, %rd2;
  mul.lo.u32 %r2, %r3, %r1;
  st.global.u32 [%rd3], %r2;
  ret;
}
)";

/// Uses a register it never declared.
constexpr char kBadPtx[] = R"(
.version 8.0
.target sm_90
.address_size 64

.visible .entry broken()
{
  mov.u32 %r9, 1;
  ret;
}
)";

//===----------------------------------------------------------------------===//
// Without a device.
//===----------------------------------------------------------------------===//

class NoCudaDevice : public testing::Test {
protected:
  void SetUp() override {
    absl::StatusOr<int> count = cuda::deviceCount();
    if (count.ok() && *count > 0)
      GTEST_SKIP() << "this machine has a CUDA device";
  }
};

TEST_F(NoCudaDevice, DeviceCountIsStable) {
  absl::StatusOr<int> first = cuda::deviceCount();
  absl::StatusOr<int> second = cuda::deviceCount();
  EXPECT_EQ(first.status(), second.status());
  if (first.ok())
    EXPECT_EQ(*first, *second);
  else
    expectError(first.status(), {"CUDA"});
}

TEST_F(NoCudaDevice, HostEntryPointsReportNoDevice) {
  std::vector<uint32_t> host(16);
  expectError(cuda::setDevice(0), {"CUDA"});
  expectError(cuda::deviceDescription(0).status(), {"CUDA"});
  expectError(cuda::allocate(0, 1024).status(), {"CUDA"});
  expectError(cuda::copyToDevice(0, host.data(), host.data(), 64), {"CUDA"});
  expectError(cuda::copyToHost(0, host.data(), host.data(), 64), {"CUDA"});
  expectError(cuda::copyOnDevice(0, host.data(), host.data(), 64), {"CUDA"});
  expectError(cuda::synchronize(0), {"CUDA"});
  cuda::release(0, host.data());
  cuda::releaseCache();
  cuda::AllocatorStats stats = cuda::allocatorStats(0);
  EXPECT_EQ(stats.inUse, 0u);
  EXPECT_EQ(stats.allocations, 0u);
}

// An empty array's kernel has an empty grid: the launch does nothing and
// is no error (the driver would reject it), with or without a device.
TEST(CudaRuntime, EmptyGridsLaunchNothing) {
  (void)cuda::takeLaunchError();
  size_t launches = cuda::launchStats().launches;
  int notAKernel = 0;
  mgpu<LaunchKernel>("mgpuLaunchKernel")(&notAKernel, 0, 1, 1, 256, 1, 1, 0,
                                         nullptr, nullptr, nullptr, 0);
  EXPECT_TRUE(cuda::takeLaunchError().ok());
  EXPECT_EQ(cuda::launchStats().launches, launches);
}

TEST_F(NoCudaDevice, MgpuEntryPointsRecordErrors) {
  (void)cuda::takeLaunchError();
  void *module =
      mgpu<ModuleLoadJIT>("mgpuModuleLoadJIT")(const_cast<char *>(kFillPtx), 3);
  EXPECT_EQ(module, nullptr);
  expectError(cuda::takeLaunchError(), {"CUDA"});
  EXPECT_TRUE(cuda::takeLaunchError().ok()) << "the error was not cleared";

  void *function =
      mgpu<ModuleGetFunction>("mgpuModuleGetFunction")(module, "fill");
  EXPECT_EQ(function, nullptr);
  mgpu<LaunchKernel>("mgpuLaunchKernel")(function, 1, 1, 1, 32, 1, 1, 0,
                                         nullptr, nullptr, nullptr, 0);
  expectError(cuda::takeLaunchError(), {"fill"});

  EXPECT_EQ(mgpu<MemAlloc>("mgpuMemAlloc")(1024, nullptr, false), nullptr);
  expectError(cuda::takeLaunchError(), {"CUDA"});
  EXPECT_EQ(mgpu<MemAlloc>("mgpuMemAlloc")(1024, nullptr, true), nullptr);
  expectError(cuda::takeLaunchError(), {"host_shared"});

  uint32_t host[4] = {};
  mgpu<Memcpy>("mgpuMemcpy")(host, host, sizeof(host), nullptr);
  expectError(cuda::takeLaunchError(), {"CUDA"});
  mgpu<Memset32>("mgpuMemset32")(host, 1, 4, nullptr);
  expectError(cuda::takeLaunchError(), {"CUDA"});
  mgpu<MemFree>("mgpuMemFree")(host, nullptr);
  mgpu<ModuleUnload>("mgpuModuleUnload")(module);
  EXPECT_TRUE(cuda::takeLaunchError().ok());
}

TEST(GpuRuntimeSymbols, NamesEveryEntryPointOnce) {
  std::vector<std::pair<std::string, void *>> symbols =
      cuda::gpuRuntimeSymbols();
  for (const char *name :
       {"mgpuModuleLoadJIT", "mgpuModuleLoad", "mgpuModuleUnload",
        "mgpuModuleGetFunction", "mgpuStreamCreate", "mgpuStreamDestroy",
        "mgpuStreamSynchronize", "mgpuLaunchKernel", "mgpuMemAlloc",
        "mgpuMemFree", "mgpuMemcpy", "mgpuMemset32", "mgpuMemset16",
        "mgpuEventCreate", "mgpuEventDestroy", "mgpuEventSynchronize",
        "mgpuEventRecord", "mgpuStreamWaitEvent", "mgpuSetDefaultDevice"}) {
    int found = 0;
    for (const auto &[symbol, address] : symbols)
      if (symbol == name) {
        ++found;
        EXPECT_NE(address, nullptr) << name;
      }
    EXPECT_EQ(found, 1) << name;
  }
}

//===----------------------------------------------------------------------===//
// Another library as the driver, in a child process.
//===----------------------------------------------------------------------===//

/// In the child: deviceCount() and setDevice() fail with the expected text.
TEST(DriverOverride, Child) {
  const char *expected = std::getenv("TENSORJIT_TEST_EXPECTED_ERROR");
  if (!expected)
    GTEST_SKIP() << "runs in a child process of the DriverOverride tests";
  absl::StatusOr<int> count = cuda::deviceCount();
  expectError(count.status(), {expected});
  EXPECT_EQ(count.status().code(), absl::StatusCode::kFailedPrecondition);
  expectError(cuda::setDevice(0), {expected});
  expectError(cuda::allocate(0, 64).status(), {expected});
}

/// Runs DriverOverride.Child in a child process with TENSORJIT_LIBCUDA set
/// to `library`; expects it to pass.
void expectChildPasses(const std::string &library,
                       const std::string &expected) {
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string command = "TENSORJIT_LIBCUDA='" + library +
                        "' TENSORJIT_TEST_EXPECTED_ERROR='" + expected + "' '" +
                        self + "' --gtest_filter=DriverOverride.Child 2>&1";
  FILE *child = popen(command.c_str(), "r");
  ASSERT_NE(child, nullptr) << "cannot run " << command;
  std::string output;
  char buffer[4096];
  while (size_t read = fread(buffer, 1, sizeof(buffer), child))
    output.append(buffer, read);
  int status = pclose(child);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("[  PASSED  ] 1 test"), std::string::npos) << output;
}

TEST(DriverOverride, MissingLibrary) {
  expectChildPasses("/nonexistent/libcuda.so.1",
                    "no CUDA driver: /nonexistent/libcuda.so.1 could not be "
                    "loaded (/nonexistent/libcuda.so.1: cannot open");
}

TEST(DriverOverride, StubLibrary) {
  const char *stub = "/usr/local/cuda/lib64/stubs/libcuda.so";
  if (!std::filesystem::exists(stub))
    GTEST_SKIP() << "no " << stub;
  expectChildPasses(stub,
                    "no CUDA device: cuInit failed: CUDA_ERROR_STUB_LIBRARY");
}

//===----------------------------------------------------------------------===//
// With a device.
//===----------------------------------------------------------------------===//

class CudaDevice : public testing::Test {
protected:
  void SetUp() override {
    absl::StatusOr<int> count = cuda::deviceCount();
    if (!count.ok())
      GTEST_SKIP() << count.status().message();
    if (*count == 0)
      GTEST_SKIP() << "no CUDA device";
    ASSERT_TRUE(cuda::setDevice(0).ok());
    (void)cuda::takeLaunchError();
  }
};

TEST_F(CudaDevice, DescribesTheDevice) {
  absl::StatusOr<std::string> description = cuda::deviceDescription(0);
  ASSERT_TRUE(description.ok()) << description.status();
  EXPECT_NE(description->find("(sm_"), std::string::npos) << *description;
  expectError(cuda::setDevice(*cuda::deviceCount()), {"no CUDA device"});
}

TEST_F(CudaDevice, CopiesRoundTrip) {
  constexpr size_t kBytes = size_t(1) << 20;
  std::vector<uint32_t> input(kBytes / 4), output(kBytes / 4);
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = static_cast<uint32_t>(i * 2654435761u);
  absl::StatusOr<void *> first = cuda::allocate(0, kBytes);
  absl::StatusOr<void *> second = cuda::allocate(0, kBytes);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE(cuda::copyToDevice(0, *first, input.data(), kBytes).ok());
  ASSERT_TRUE(cuda::copyOnDevice(0, *second, *first, kBytes).ok());
  ASSERT_TRUE(cuda::copyToHost(0, output.data(), *second, kBytes).ok());
  EXPECT_TRUE(cuda::synchronize(0).ok());
  EXPECT_EQ(input, output);
  cuda::release(0, *first);
  cuda::release(0, *second);
}

TEST_F(CudaDevice, ReusesCachedBlocks) {
  absl::StatusOr<void *> first = cuda::allocate(0, 1000);
  ASSERT_TRUE(first.ok()) << first.status();
  cuda::release(0, *first);
  cuda::AllocatorStats before = cuda::allocatorStats(0);
  EXPECT_GE(before.cached, 1000u);
  absl::StatusOr<void *> second = cuda::allocate(0, 1000);
  ASSERT_TRUE(second.ok()) << second.status();
  cuda::AllocatorStats after = cuda::allocatorStats(0);
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(after.cacheHits, before.cacheHits + 1);
  EXPECT_EQ(after.allocations, before.allocations + 1);
  cuda::release(0, *second);
  cuda::releaseCache();
  EXPECT_EQ(cuda::allocatorStats(0).cached, 0u);
}

TEST_F(CudaDevice, OutOfMemoryIsResourceExhausted) {
  constexpr size_t kPebibyte = size_t(1) << 50;
  absl::StatusOr<void *> huge = cuda::allocate(0, kPebibyte);
  expectError(huge.status(),
              {std::to_string(kPebibyte), "out of memory", "bytes free of"});
  EXPECT_EQ(huge.status().code(), absl::StatusCode::kResourceExhausted);
  absl::StatusOr<void *> small = cuda::allocate(0, 4096);
  ASSERT_TRUE(small.ok()) << small.status();
  cuda::release(0, *small);
}

TEST_F(CudaDevice, AllocatesFromSeveralThreads) {
  size_t inUse = cuda::allocatorStats(0).inUse;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) {
        absl::StatusOr<void *> block = cuda::allocate(0, 512 * (t + i % 3));
        ASSERT_TRUE(block.ok()) << block.status();
        cuda::release(0, *block);
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(cuda::allocatorStats(0).inUse, inUse);
}

TEST_F(CudaDevice, LaunchesAJitCompiledKernel) {
  cuda::LaunchStats before = cuda::launchStats();
  void *module =
      mgpu<ModuleLoadJIT>("mgpuModuleLoadJIT")(const_cast<char *>(kFillPtx), 3);
  ASSERT_NE(module, nullptr) << cuda::takeLaunchError();
  auto getFunction = mgpu<ModuleGetFunction>("mgpuModuleGetFunction");
  void *function = getFunction(module, "fill");
  ASSERT_NE(function, nullptr) << cuda::takeLaunchError();
  EXPECT_EQ(getFunction(module, "fill"), function);

  constexpr int kThreads = 256;
  absl::StatusOr<void *> out = cuda::allocate(0, kThreads * 4);
  ASSERT_TRUE(out.ok()) << out.status();
  void *pointer = *out;
  uint32_t scale = 3;
  void *params[] = {&pointer, &scale};
  mgpu<LaunchKernel>("mgpuLaunchKernel")(function, 2, 1, 1, kThreads / 2, 1, 1,
                                         0, nullptr, params, nullptr, 2);
  std::vector<uint32_t> host(kThreads);
  ASSERT_TRUE(cuda::copyToHost(0, host.data(), pointer, kThreads * 4).ok());
  EXPECT_TRUE(cuda::takeLaunchError().ok());
  for (int i = 0; i < kThreads; ++i)
    EXPECT_EQ(host[i], uint32_t(i) * scale) << "at " << i;
  cuda::LaunchStats after = cuda::launchStats();
  EXPECT_EQ(after.launches, before.launches + 1);
  EXPECT_EQ(after.modulesLoaded, before.modulesLoaded + 1);
  cuda::release(0, pointer);
  mgpu<ModuleUnload>("mgpuModuleUnload")(module);
}

// A call whose allocation failed queues nothing more (a kernel on the null
// buffer would fault and break the context); the next call works.
TEST_F(CudaDevice, NothingIsLaunchedAfterAFailedAllocation) {
  void *module =
      mgpu<ModuleLoadJIT>("mgpuModuleLoadJIT")(const_cast<char *>(kFillPtx), 3);
  ASSERT_NE(module, nullptr) << cuda::takeLaunchError();
  void *function =
      mgpu<ModuleGetFunction>("mgpuModuleGetFunction")(module, "fill");
  ASSERT_NE(function, nullptr) << cuda::takeLaunchError();
  size_t launches = cuda::launchStats().launches;
  void *pointer =
      mgpu<MemAlloc>("mgpuMemAlloc")(size_t{1} << 50, nullptr, false);
  EXPECT_EQ(pointer, nullptr);
  uint32_t scale = 3;
  void *params[] = {&pointer, &scale};
  mgpu<LaunchKernel>("mgpuLaunchKernel")(function, 1, 1, 1, 32, 1, 1, 0,
                                         nullptr, params, nullptr, 2);
  EXPECT_EQ(cuda::launchStats().launches, launches);
  expectError(cuda::takeLaunchError(), {"CUDA_ERROR_OUT_OF_MEMORY"});
  // The device is fine afterwards.
  EXPECT_TRUE(cuda::synchronize(0).ok());
  mgpu<ModuleUnload>("mgpuModuleUnload")(module);
}

TEST_F(CudaDevice, BadPtxRecordsTheJitLog) {
  void *module =
      mgpu<ModuleLoadJIT>("mgpuModuleLoadJIT")(const_cast<char *>(kBadPtx), 2);
  EXPECT_EQ(module, nullptr);
  expectError(cuda::takeLaunchError(),
              {"cuModuleLoadDataEx(PTX, -O2) on CUDA device 0", "JIT log: "});
}

TEST_F(CudaDevice, MgpuMemoryEntryPoints) {
  constexpr size_t kCount = 256;
  void *block = mgpu<MemAlloc>("mgpuMemAlloc")(kCount * 4, nullptr, false);
  ASSERT_NE(block, nullptr) << cuda::takeLaunchError();
  std::vector<uint32_t> words(kCount);
  mgpu<Memset32>("mgpuMemset32")(block, 0xdeadbeef, kCount, nullptr);
  mgpu<Memcpy>("mgpuMemcpy")(words.data(), block, kCount * 4, nullptr);
  EXPECT_EQ(words, std::vector<uint32_t>(kCount, 0xdeadbeef));
  std::vector<uint16_t> halves(kCount);
  mgpu<Memset16>("mgpuMemset16")(block, 0x1234, kCount, nullptr);
  mgpu<Memcpy>("mgpuMemcpy")(halves.data(), block, kCount * 2, nullptr);
  EXPECT_EQ(halves, std::vector<uint16_t>(kCount, 0x1234));
  mgpu<MemFree>("mgpuMemFree")(block, nullptr);
  EXPECT_TRUE(cuda::takeLaunchError().ok());
}

} // namespace
