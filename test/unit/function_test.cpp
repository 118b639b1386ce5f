//===- function_test.cpp - function(), calls, the compile cache -----------===//
//
// The seed tutorial's examples (SPEC.md §3) with the numbers Theano printed.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include "test/unit/ExpectError.h"
#include "test/unit/ScopedEnvironment.h"
#include "test/unit/TemporaryDirectory.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char **environ;

namespace T = tensorjit;
using namespace tensorjit::literals;

namespace {

void expectArray(const T::Array &actual, const T::Array &expected,
                 double rtol = 1e-12) {
  ASSERT_EQ(actual.shape(), expected.shape());
  ASSERT_EQ(actual.dtype(), expected.dtype());
  EXPECT_TRUE(T::allclose(actual, expected, rtol, 0))
      << "actual:\n"
      << actual << "\nexpected:\n"
      << expected;
}

TEST(Tensor, OneElementPatternIsAPatternNotARank) {
  // {false} used to convert to the int rank 0 (a scalar), {true} to rank 1.
  auto v = T::tensor(T::DType::Float64, {false}, "v");
  EXPECT_EQ(v.ndim(), 1);
  EXPECT_EQ(v.broadcastable(), std::vector<bool>{false});
  auto r = T::tensor(T::DType::Float64, {true}, "r");
  EXPECT_EQ(r.broadcastable(), std::vector<bool>{true});
  EXPECT_EQ(T::tensor(T::DType::Float64, 2).ndim(), 2);
  EXPECT_EQ(T::tensor(T::DType::Int32, int64_t{3}).ndim(), 3);
  EXPECT_EQ(T::tensor(T::DType::Float32, size_t{1}).broadcastable(),
            std::vector<bool>{false});
  EXPECT_THROW(T::tensor(T::DType::Float64, -1), T::Error);
}

TEST(Seed, LogisticFunction) {
  auto x = T::dmatrix("x");
  auto s = 1 / (1 + T::exp(-x));
  auto logistic = T::function({x}, s);
  T::Array result = logistic(T::array({{0., 1.}, {-1., -2.}}));
  expectArray(result, T::array({{0.5, 0.7310585786300049},
                                {0.2689414213699951, 0.11920292202211755}}));
  EXPECT_EQ(result.str(),
            "[[0.5        0.73105858]\n [0.26894142 0.11920292]]");
}

TEST(Seed, LogisticThroughTanh) {
  auto x = T::dmatrix("x");
  auto s2 = (1 + T::tanh(x / 2)) / 2;
  auto logistic2 = T::function({x}, s2);
  T::Array result = logistic2(T::array({{0., 1.}, {-1., -2.}}));
  EXPECT_EQ(result.str(),
            "[[0.5        0.73105858]\n [0.26894142 0.11920292]]");
}

TEST(Seed, SeveralOutputs) {
  auto [a, b] = T::dmatrices("a", "b");
  auto diff = a - b;
  auto abs_diff = abs(diff);
  auto diff_squared = diff * diff;
  auto f = T::function({a, b}, {diff, abs_diff, diff_squared, T::pow(diff, 2)});
  T::Outputs outs =
      f(T::array({{1., 1.}, {1., 1.}}), T::array({{0., 1.}, {2., 3.}}));
  ASSERT_EQ(outs.size(), 4u);
  expectArray(outs[0], T::array({{1., 0.}, {-1., -2.}}));
  expectArray(outs[1], T::array({{1., 0.}, {1., 2.}}));
  expectArray(outs[2], T::array({{1., 0.}, {1., 4.}}));
  expectArray(outs[3], T::array({{1., 0.}, {1., 4.}}));
  EXPECT_EQ(outs[0].str(), "[[ 1.  0.]\n [-1. -2.]]");
}

TEST(Seed, DefaultValues) {
  auto [x, y] = T::dscalars("x", "y");
  auto z = x + y;
  auto f = T::function({x, T::In(y, 1)}, z);
  EXPECT_EQ(T::Array(f(33)).str(), "34.0");
  EXPECT_EQ(T::Array(f(33, 2)).str(), "35.0");
}

TEST(Seed, KeywordArguments) {
  auto [x, y, w] = T::dscalars("x", "y", "w");
  auto z = (x + y) * w;
  auto f = T::function({x, T::In(y, 1), T::In(w, 2, "w_by_name")}, z);
  EXPECT_EQ(T::Array(f(33)).item<double>(), 68.0);
  EXPECT_EQ(T::Array(f(33, 2)).item<double>(), 70.0);
  EXPECT_EQ(T::Array(f(33, 0, 1)).item<double>(), 33.0);
  EXPECT_EQ(T::Array(f(33, "w_by_name"_a = 1)).item<double>(), 34.0);
  EXPECT_EQ(T::Array(f(33, "w_by_name"_a = 1, "y"_a = 0)).item<double>(), 33.0);
}

TEST(Cache, CompilesOncePerSignature) {
  auto x = T::dmatrix("x");
  auto f = T::function({x}, T::exp(x) * 2);
  EXPECT_EQ(f.stats().compiles, 0u) << "function() must not compile";
  f(T::ones({2, 3}));
  f(T::ones({2, 3}));
  // A new batch size with the same size-1 pattern reuses the code.
  f(T::ones({7, 3}));
  EXPECT_EQ(f.stats().calls, 3u);
  EXPECT_EQ(f.stats().compiles, 1u);
  EXPECT_EQ(f.stats().cache_hits, 2u);
  // A size-1 dimension and a new argument dtype are new signatures.
  expectArray(f(T::ones({1, 3})), T::full({1, 3}, 2 * std::exp(1.0)));
  expectArray(f(T::ones({2, 2}, T::DType::Float32)),
              T::full({2, 2}, 2 * std::exp(1.0)));
  EXPECT_EQ(f.stats().compiles, 3u);
  EXPECT_NE(f.ir(T::Stage::Tj).find("tj.exp"), std::string::npos);
  EXPECT_NE(f.ir(T::Stage::Tj).find("tj.cast"), std::string::npos);
  EXPECT_NE(f.ir(T::Stage::Linalg).find("linalg.generic"), std::string::npos);
  EXPECT_NE(f.ir(T::Stage::LLVM).find("llvm.func"), std::string::npos);
}

TEST(Cache, DumpsEveryStageWhenAsked) {
  TemporaryDirectory dump("TENSORJIT_DUMP_IR", "dump-test");
  auto x = T::dvector("x");
  auto f = T::function({x}, T::sqrt(x), {.name = "dumped"});
  f(T::ones({3}));
  for (const char *stage : {"tj", "linalg", "llvm"}) {
    std::ifstream file(dump.path /
                       (std::string("tj_dumped.1.") + stage + ".mlir"));
    std::string text((std::istreambuf_iterator<char>(file)),
                     std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("tj_dumped"), std::string::npos) << stage;
  }
}

TEST(Cache, ThreadsShareOneCompile) {
  auto x = T::dvector("x");
  auto f = T::function({x}, T::sqrt(x) + 1);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        T::Array v = T::full({5 + t}, double(i * i));
        T::Array r = f(v);
        if (!T::allclose(r, T::full({5 + t}, i + 1.0)))
          ++wrong;
      }
    });
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(f.stats().compiles, 1u);
  EXPECT_EQ(f.stats().calls, 80u);
}

/// A named function (so that another process's compile of it has the same
/// key) with an update and a tj-stabilize rewrite: log(sigmoid(x)) of x,
/// and x added into `acc`.
struct Persisted {
  T::Shared acc = T::shared(T::zeros({3}), "acc");
  T::Var x = T::dvector("x");
  T::Function f =
      T::function({x}, T::log(T::sigmoid(x)),
                  {.updates = {{acc, acc + x}}, .name = "persisted"});

  /// Calls it twice on [-1, 0, 2] and checks the outputs and the update.
  void check() {
    T::Array in = T::array({-1.0, 0.0, 2.0});
    T::Array expected = T::array({-std::log1p(std::exp(1.0)), -std::log1p(1.0),
                                  -std::log1p(std::exp(-2.0))});
    expectArray(f(in), expected);
    expectArray(f(in), expected);
    expectArray(acc.get_value(), T::array({-2.0, 0.0, 4.0}));
    EXPECT_EQ(f.stats().compiles, 1u);
  }
};

TEST(PersistentCache, ASecondProcessLoadsWhatTheFirstCompiled) {
  if (std::getenv("TENSORJIT_TEST_CACHE_CHILD")) {
    // The second process (below): its compile is a load.
    Persisted second;
    second.check();
    EXPECT_EQ(second.f.stats().persistent_hits, 1u);
    EXPECT_EQ(second.f.rewrites_applied(),
              std::vector<std::string>{"log_sigmoid"});
    return;
  }
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "persistent-test");
  Persisted first;
  first.check();
  EXPECT_EQ(first.f.stats().persistent_hits, 0u);
  ASSERT_EQ(cache.files().size(), 1u);
  // Another function of this process with the same graph and name loads
  // it, with the IR of every stage.
  Persisted again;
  again.check();
  EXPECT_EQ(again.f.stats().persistent_hits, 1u);
  for (T::Stage stage :
       {T::Stage::Tj, T::Stage::Fused, T::Stage::Linalg, T::Stage::LLVM})
    EXPECT_EQ(again.f.ir(stage), first.f.ir(stage));
  EXPECT_EQ(again.f.rewrites_applied(), first.f.rewrites_applied());
  // And another process: this test again, as the child.
  std::string filter =
      "--gtest_filter=PersistentCache.ASecondProcessLoadsWhatTheFirstCompiled";
  char *argv[] = {const_cast<char *>("function_test"), filter.data(), nullptr};
  pid_t child;
  int spawned;
  {
    ScopedEnvironment asChild("TENSORJIT_TEST_CACHE_CHILD", "1");
    spawned =
        posix_spawn(&child, "/proc/self/exe", nullptr, nullptr, argv, environ);
  }
  ASSERT_EQ(spawned, 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(cache.files().size(), 1u);
}

/// The logistic loss's prediction and gradients on 64 x 40 (a module large
/// enough to be compiled in parts, on threads: jit/ModuleParts.h), from a
/// new function, and its persistent cache hits.
std::pair<T::Outputs, uint64_t> lrGradients() {
  auto x = T::dmatrix("x");
  auto y = T::dvector("y");
  auto w = T::dvector("w");
  auto b = T::dscalar("b");
  auto p = T::sigmoid(T::dot(x, w) + b);
  auto cost = (-y * T::log(p) - (1 - y) * T::log(1 - p)).mean();
  T::Function f =
      T::function({x, y, w, b}, {p, T::grad(cost, w), T::grad(cost, b)},
                  {.name = "lr_gradients"});
  T::Array input = T::Array::empty(T::DType::Float64, {64, 40});
  T::Array labels = T::Array::empty(T::DType::Float64, {64});
  T::Array weights = T::Array::empty(T::DType::Float64, {40});
  for (int64_t i = 0; i < 64 * 40; ++i)
    input.data<double>()[i] = std::sin(0.1 * i);
  for (int64_t i = 0; i < 64; ++i)
    labels.data<double>()[i] = i % 2;
  for (int64_t j = 0; j < 40; ++j)
    weights.data<double>()[j] = 0.01 * j - 0.2;
  T::Outputs out = f(input, labels, weights, T::Array(0.5));
  return {out, f.stats().persistent_hits};
}

TEST(PersistentCache, ACompileInPartsKeepsAndLoadsEveryPart) {
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "parts-test");
  auto [compiled, missed] = lrGradients();
  EXPECT_EQ(missed, 0u);
  ASSERT_EQ(cache.files().size(), 1u);
  // With two threads or more, the file holds an ELF object per part.
  std::ifstream file(cache.files()[0], std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), {});
  size_t objects = 0;
  for (size_t at = bytes.find("\x7f"
                              "ELF");
       at != std::string::npos; at = bytes.find("\x7f"
                                                "ELF",
                                                at + 1))
    ++objects;
  if (std::thread::hardware_concurrency() >= 2)
    EXPECT_GE(objects, 2u);
  else
    EXPECT_EQ(objects, 1u);
  // Loaded, the parts link into the same function.
  auto [loaded, hit] = lrGradients();
  EXPECT_EQ(hit, 1u);
  ASSERT_EQ(loaded.size(), compiled.size());
  for (size_t i = 0; i < loaded.size(); ++i)
    expectArray(loaded[i], compiled[i]);
}

TEST(PersistentCache, ADamagedFileIsCompiledAgainAndReplaced) {
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "damaged-test");
  Persisted first;
  first.check();
  ASSERT_EQ(cache.files().size(), 1u);
  std::filesystem::path file = cache.files()[0];
  auto size = std::filesystem::file_size(file);
  // Cut short, or a byte of the object changed.
  for (auto damaged : {size / 2, size - 1, decltype(size)(3), size}) {
    if (damaged == size) {
      std::fstream bytes(file, std::ios::in | std::ios::out | std::ios::binary);
      bytes.seekg(100);
      char byte = char(bytes.get() ^ 0x5a);
      bytes.seekp(100);
      bytes.put(byte);
    } else {
      std::filesystem::resize_file(file, damaged);
    }
    Persisted next;
    next.check();
    EXPECT_EQ(next.f.stats().persistent_hits, 0u) << damaged;
    EXPECT_EQ(std::filesystem::file_size(file), size) << damaged;
  }
  Persisted last;
  last.check();
  EXPECT_EQ(last.f.stats().persistent_hits, 1u);
}

TEST(PersistentCache, EachSignatureIsAFileOfItsOwn) {
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "signatures-test");
  auto x = T::dmatrix("x");
  auto f = T::function({x}, T::exp(x) * 2, {.name = "signatures"});
  f(T::ones({2, 3}));
  f(T::ones({1, 3}));
  f(T::ones({2, 3}, T::DType::Float32));
  EXPECT_EQ(cache.files().size(), 3u);
  auto g = T::function({x}, T::exp(x) * 2, {.name = "signatures"});
  expectArray(g(T::ones({1, 3}, T::DType::Float32)),
              T::full({1, 3}, 2 * std::exp(1.0)));
  EXPECT_EQ(g.stats().persistent_hits, 0u);
  EXPECT_EQ(cache.files().size(), 4u);
  // Another name is another function.
  auto h = T::function({x}, T::exp(x) * 2, {.name = "other"});
  h(T::ones({2, 3}));
  EXPECT_EQ(h.stats().persistent_hits, 0u);
  EXPECT_EQ(cache.files().size(), 5u);
}

TEST(PersistentCache, AnUnusableDirectoryMeansNoCaching) {
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "unusable-test");
  // A path under a regular file cannot be a directory.
  std::filesystem::create_directories(cache.path);
  std::ofstream(cache.path / "file") << "x";
  setenv("TENSORJIT_CACHE_DIR", (cache.path / "file" / "cache").c_str(), 1);
  for (int i = 0; i < 2; ++i) {
    Persisted attempt;
    attempt.check();
    EXPECT_EQ(attempt.f.stats().persistent_hits, 0u);
  }
  EXPECT_EQ(cache.files().size(), 1u);
}

/// Makes `exp(x) * 2` named `name` and calls it on a 2 x 3 matrix: whether
/// its compile was a load from the persistent cache.
bool compileNamed(const char *name) {
  auto x = T::dmatrix("x");
  auto f = T::function({x}, T::exp(x) * 2, {.name = name});
  expectArray(f(T::ones({2, 3})), T::full({2, 3}, 2 * std::exp(1.0)));
  return f.stats().persistent_hits == 1;
}

TEST(PersistentCache, ItKeepsToItsSizeRemovingTheLeastRecentlyUsed) {
  namespace fs = std::filesystem;
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "size-test");
  EXPECT_FALSE(compileNamed("lru_a"));
  ASSERT_EQ(cache.files().size(), 1u);
  uintmax_t bytes = fs::file_size(cache.files()[0]);
  // Room for two: the names are as long, so the files about as large.
  ScopedEnvironment limit("TENSORJIT_CACHE_MAX_SIZE",
                          std::to_string(bytes * 5 / 2));
  // Other files stay, however large or old; a temporary file abandoned
  // two hours ago goes, one being written now stays.
  fs::path notes = cache.path / "notes.txt";
  std::ofstream(notes) << std::string(4 * bytes, 'x');
  fs::last_write_time(notes, fs::file_time_type::clock::now() -
                                 std::chrono::hours(48));
  fs::path abandoned = cache.path / (std::string(64, 'a') + ".12345678.tmp");
  fs::path writing = cache.path / (std::string(64, 'b') + ".12345678.tmp");
  std::ofstream(abandoned) << "half";
  std::ofstream(writing) << "half";
  fs::last_write_time(abandoned,
                      fs::file_time_type::clock::now() - std::chrono::hours(2));
  auto keys = [&] { return cache.files().size() - 2; };

  EXPECT_FALSE(compileNamed("lru_b"));
  EXPECT_TRUE(compileNamed("lru_a")); // a: now used after b
  EXPECT_EQ(keys(), 2u);
  EXPECT_FALSE(compileNamed("lru_c")); // three: b goes
  EXPECT_EQ(keys(), 2u);
  EXPECT_FALSE(fs::exists(abandoned));
  EXPECT_TRUE(fs::exists(writing));
  EXPECT_TRUE(fs::exists(notes));
  EXPECT_TRUE(compileNamed("lru_c"));
  EXPECT_TRUE(compileNamed("lru_a"));
  EXPECT_FALSE(compileNamed("lru_b")); // compiled again: c goes
  EXPECT_TRUE(compileNamed("lru_a"));
  EXPECT_FALSE(compileNamed("lru_c"));
  EXPECT_EQ(keys(), 2u);
}

TEST(PersistentCache, ItsSizeIsBytesOrKMGT) {
  TemporaryDirectory cache("TENSORJIT_CACHE_DIR", "size-units-test");
  // Less than one file: only the newest stays.
  for (const char *small : {"1", "1k", "1KB", "1KiB"}) {
    ScopedEnvironment limit("TENSORJIT_CACHE_MAX_SIZE", small);
    EXPECT_FALSE(compileNamed("units_a")) << small;
    EXPECT_FALSE(compileNamed("units_b")) << small;
    EXPECT_EQ(cache.files().size(), 1u) << small;
    EXPECT_TRUE(compileNamed("units_b")) << small;
  }
  // Room for both; 0 is no limit.
  for (const char *large : {"3M", "2MiB", "1g", "1T", "0"}) {
    ScopedEnvironment limit("TENSORJIT_CACHE_MAX_SIZE", large);
    compileNamed("units_a");
    compileNamed("units_b");
    EXPECT_TRUE(compileNamed("units_a")) << large;
    EXPECT_EQ(cache.files().size(), 2u) << large;
  }
  for (const char *bad : {"", "1 G", "G", "1X", "1GBs", "-1", "1.5G",
                          "99999999999999999999", "20000000T"}) {
    ScopedEnvironment limit("TENSORJIT_CACHE_MAX_SIZE", bad);
    expectError(
        [] { compileNamed("units_bad"); },
        {"TENSORJIT_CACHE_MAX_SIZE='" + std::string(bad) + "' is not a size",
         "K, M, G or T"});
  }
}

} // namespace

// A call reuses the shapes its thread last inferred only for the same
// function and the same input shapes.
TEST(Function, ArgumentsAreLvaluesTemporariesAndConversions) {
  // An Array variable is read in place (not copied); a temporary, and the
  // Array an Outputs converts to, are held by the call until it is done.
  auto x = T::vector("x");
  auto twice = T::function({x}, x * 2);
  const T::Array a = T::array({1.0, 2.0});
  EXPECT_EQ(T::Array(twice(a)).str(), "[2. 4.]");
  EXPECT_EQ(T::Array(twice(T::array({3.0}))).str(), "[6.]");
  EXPECT_EQ(T::Array(twice(twice(a))).str(), "[4. 8.]");
  EXPECT_EQ(T::Array(twice("x"_a = a)).str(), "[2. 4.]");
  EXPECT_EQ(a.str(), "[1. 2.]");
}

TEST(Function, OutputsOfOneTwoAndNone) {
  auto x = T::vector("x");
  auto acc = T::shared(0.0, "acc");
  for (size_t count : {0u, 1u, 2u}) {
    SCOPED_TRACE(count);
    std::vector<T::Output> outs;
    for (size_t k = 0; k < count; ++k)
      outs.push_back(x * double(k + 1));
    auto f = T::function({x}, outs, {.updates = {{acc, acc + x.sum()}}});
    T::Outputs got = f(T::array({1.0, 2.0}));
    ASSERT_EQ(got.size(), count);
    size_t seen = 0;
    for (const T::Array &value : got)
      EXPECT_EQ(value.str(), T::Array(got[seen++]).str());
    EXPECT_EQ(seen, count);
    if (count >= 1) {
      EXPECT_EQ(got[0].str(), "[1. 2.]");
    }
    if (count == 2) {
      EXPECT_EQ(got[1].str(), "[2. 4.]");
    }
    EXPECT_THROW(got[count], std::out_of_range);
    if (count == 1)
      EXPECT_EQ(T::Array(got).str(), "[1. 2.]");
    else
      EXPECT_THROW((void)static_cast<T::Array>(got), T::Error);
  }
  EXPECT_EQ(acc.get_value().item<double>(), 9.0);
}

TEST(Function, ShapesAreInferredAgainWhenTheInputsChange) {
  auto x = T::vector("x");
  auto y = T::vector("y");
  auto add = T::function({x, y}, x + y);
  auto twice = T::function({x}, T::outer(x, x));
  T::Array first = add(T::array({1.0, 2.0}), T::array({3.0, 4.0}));
  EXPECT_EQ(first.shape(), T::Shape({2}));
  EXPECT_THROW(add(T::array({1.0, 2.0, 3.0}), T::array({1.0, 2.0})), T::Error);
  T::Array second = add(T::array({1.0, 2.0, 3.0}), T::array({1.0, 2.0, 3.0}));
  EXPECT_EQ(second.str(), "[2. 4. 6.]");
  // Another function in between, with the same input shape.
  EXPECT_EQ(T::Array(twice(T::array({1.0, 2.0, 3.0}))).shape(),
            T::Shape({3, 3}));
  EXPECT_EQ(
      T::Array(add(T::array({1.0, 2.0, 3.0}), T::array({0.0, 0.0, 1.0}))).str(),
      "[1. 2. 4.]");
}

namespace {

/// A call with the previous call's function, input dtypes and shapes
/// reuses what that call worked out (signature, shapes, compiled code,
/// descriptors); a new dtype, a new argument shape or a shared variable of
/// a new shape is worked out again.
TEST(Function, ACallLikeThePreviousReusesOnlyWhatStillHolds) {
  auto x = T::dvector("x");
  auto s = T::shared(T::array({1.0, 2.0, 3.0}), "s");
  auto f = T::function({x}, x * 2);
  auto g = T::function({}, s * 2);
  EXPECT_EQ(T::Array(f(T::array({1.0, 2.0}))).str(), "[2. 4.]");
  EXPECT_EQ(T::Array(f(T::array({5.0, 6.0}))).str(), "[10. 12.]");
  // The same shape in float32: a new signature.
  T::Array narrow = f(T::array({1.5, 2.5}).astype(T::DType::Float32));
  EXPECT_EQ(narrow.dtype(), T::DType::Float64);
  EXPECT_EQ(narrow.str(), "[3. 5.]");
  EXPECT_EQ(f.stats().compiles, 2u);
  EXPECT_EQ(T::Array(f(T::array({7.0, 8.0}))).str(), "[14. 16.]");
  EXPECT_EQ(f.stats().compiles, 2u);
  EXPECT_EQ(f.stats().cache_hits, 2u);

  EXPECT_EQ(T::Array(g()).str(), "[2. 4. 6.]");
  s.set_value(T::array({1.0, 2.0}));
  EXPECT_EQ(T::Array(g()).str(), "[2. 4.]");
  s.set_value(T::array({4.0, 5.0, 6.0, 7.0}));
  EXPECT_EQ(T::Array(g()).str(), "[ 8. 10. 12. 14.]");
  EXPECT_EQ(g.stats().compiles, 1u);
  EXPECT_EQ(g.stats().calls, 3u);
}

/// What C leaves undefined has one answer in compiled code, in the
/// constant folder and in Array::astype: an integer to a negative power is
/// 1 / x^-y truncated (0 for 0; numpy raises), and NaN or a float out of an
/// integer's range converts to its minimum (numpy on x86).
TEST(Function, IntegerNegativePowersAndWildCastsAreDefined) {
  for (T::DType dtype : {T::DType::Int8, T::DType::Int32, T::DType::Int64}) {
    SCOPED_TRACE(T::dtype_name(dtype));
    auto x = T::tensor(dtype, 1, "x");
    auto y = T::tensor(dtype, 1, "y");
    auto f = T::function({x, y}, T::pow(x, y));
    std::vector<int64_t> base = {2, 1, -1, -1, 0, -3, 0, 3, -2};
    std::vector<int64_t> exponent = {-1, -5, -3, -2, -1, -1, 0, 2, 3};
    std::vector<int64_t> expected = {0, 1, -1, 1, 0, 0, 1, 9, -8};
    T::Array got = f(T::array(base, {9}).astype(dtype),
                     T::array(exponent, {9}).astype(dtype))[0]
                       .astype(T::DType::Int64);
    for (size_t i = 0; i < base.size(); ++i)
      EXPECT_EQ(got.data<int64_t>()[i], expected[i])
          << base[i] << " ** " << exponent[i];
    // A constant exponent, folded or not, gives the same.
    auto g = T::function({x}, T::pow(x, T::cast(T::constant(-1), dtype)));
    EXPECT_EQ(
        g(T::array(std::vector<int64_t>{0, 1, -1, 5}, {4}).astype(dtype))[0]
            .astype(T::DType::Int64)
            .str(),
        "[ 0  1 -1  0]");
  }
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> wild = {std::nan(""), inf,   -inf,   3e9,  -3e9,
                              2.7,          -2.7,  300.5,  -129, 1e19,
                              -9.3e18,      127.9, -128.9, 0.0};
  for (T::DType from : {T::DType::Float64, T::DType::Float32}) {
    T::Array input = T::array(wild, {int64_t(wild.size())}).astype(from);
    auto x = T::tensor(from, 1, "x");
    for (T::DType to :
         {T::DType::Int8, T::DType::Int16, T::DType::Int32, T::DType::Int64}) {
      SCOPED_TRACE(std::string(T::dtype_name(from)) + " -> " +
                   std::string(T::dtype_name(to)));
      auto f = T::function({x}, T::cast(x, to));
      EXPECT_EQ(f(input)[0].str(), input.astype(to).str());
    }
  }
}

} // namespace
