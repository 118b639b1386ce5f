//===- workloads.h - The benchmark workloads, shared by ours and peers ----===//
//
// Sizes, data and work counts of BENCHMARKS.md #1, #4 and #5 and of the
// large sums, defined once for tensorjit's benchmarks and the in-process
// C, OpenBLAS and Eigen peers. The Python peers (peers/workloads.py)
// define the same workloads.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_BENCHMARKS_WORKLOADS_H
#define TENSORJIT_BENCHMARKS_WORKLOADS_H

#include <tensorjit/tensorjit.h>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <type_traits>
#include <unistd.h>
#include <vector>

namespace bench {
namespace T = tensorjit;

/// Records the work of one iteration; scripts/bench divides it by the
/// median time to get FLOP/s and bytes/s against the machine's limits.
inline void setWork(benchmark::State &state, double flop, double bytes) {
  state.counters["flop"] = flop;
  state.counters["bytes"] = bytes;
}

/// The dtype of a C++ floating-point type.
template <class Real>
constexpr T::DType dtypeOf =
    std::is_same_v<Real, double> ? T::DType::Float64 : T::DType::Float32;

/// Registers NAME/{f64,f32}_{train,forward} (microseconds) calling
/// f64(state, train) and f32(state, train); returns true for a static.
template <class F64, class F32>
bool registerPrecisions(const std::string &name, F64 f64, F32 f32) {
  for (bool train : {true, false}) {
    std::string mode = train ? "_train" : "_forward";
    benchmark::RegisterBenchmark((name + "/f64" + mode).c_str(), f64, train)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/f32" + mode).c_str(), f32, train)
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}

/// Registers NAME/{f64,f32}_{train,forward} calling fn(state, dtype, train).
template <class F> bool registerDTypes(const std::string &name, F fn) {
  return registerPrecisions(
      name,
      [fn](benchmark::State &s, bool train) {
        fn(s, T::DType::Float64, train);
      },
      [fn](benchmark::State &s, bool train) {
        fn(s, T::DType::Float32, train);
      });
}

/// Times f(args...) per iteration after a first, compiling call.
template <class... Args>
void timeCalls(benchmark::State &state, const T::Function &f,
               const Args &...args) {
  f(args...);
  for (auto _ : state)
    benchmark::DoNotOptimize(f(args...));
}

//===- #1 logistic regression (the seed tutorial) -------------------------===//
// p = sigmoid(x.w + b), xent = -y log p - (1-y) log(1-p),
// cost = mean(xent) + 0.01 sum(w^2); w -= 0.1 gw, b -= 0.1 gb.

constexpr int kLRRows = 400, kLRFeats = 784;

struct LRData {
  T::Array x, y, w; // y holds 0 and 1 in the data's dtype
  explicit LRData(T::DType dtype) {
    T::RandomState rng(0);
    x = rng.randn({kLRRows, kLRFeats}).astype(dtype);
    y = rng.randint(0, 2, {kLRRows}).astype(dtype);
    w = rng.randn({kLRFeats}).astype(dtype);
  }
};

/// The seed's training step on shared (resident) data, with outputs
/// none: the cost's gradient and the updates of w and b. Named, so that the
/// persistent compile cache finds each new copy of it.
inline T::Function lrTrainStep(const T::Shared &x, const T::Shared &y,
                               const T::Shared &w, const T::Shared &b) {
  auto p_1 = 1 / (1 + T::exp(-T::dot(x, w) - b));
  auto xent = -y * T::log(p_1) - (1 - y) * T::log(1 - p_1);
  auto cost = xent.mean() + 0.01 * (w * w).sum();
  auto [gw, gb] = T::grad(cost, {w, b});
  return T::function(
      {}, std::vector<T::Output>{},
      {.updates = {{w, w - 0.1 * gw}, {b, b - 0.1 * gb}}, .name = "train"});
}

/// #3 from the persistent compile cache: times `call` (which makes a new
/// function and calls it once) loading what its first, untimed, call left
/// in a new cache directory (TENSORJIT_CACHE_DIR; removed after).
inline void timeFromCache(benchmark::State &state,
                          const std::function<void()> &call) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("tensorjit-bench-cache-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  setenv("TENSORJIT_CACHE_DIR", dir.c_str(), 1);
  call();
  for (auto _ : state)
    call();
  unsetenv("TENSORJIT_CACHE_DIR");
  std::filesystem::remove_all(dir);
}

/// x.w, and for training also x^T (p - y): one multiply-add per element of x
/// each.
inline double lrFlop(bool train) {
  return (train ? 4.0 : 2.0) * kLRRows * kLRFeats;
}

//===- #4 fused elementwise chains (float64) ------------------------------===//

enum class Chain {
  AxBPlusC,     ///< a*b + c
  SquareOfSum,  ///< a*a + b*b + 2*a*b
  Sigmoid,      ///< 1 / (1 + exp(-a))
  SoftplusXent, ///< b*softplus(-a) + (1-b)*softplus(a), b in {0, 1}
};

inline int chainInputs(Chain chain) {
  return chain == Chain::AxBPlusC ? 3 : chain == Chain::Sigmoid ? 1 : 2;
}

/// Bytes moved per call: every input read once, the output written once.
inline double chainBytes(Chain chain, int64_t n) {
  return (chainInputs(chain) + 1) * 8.0 * n;
}

/// The chain's inputs a, b, c (as many as it takes) of n float64 elements;
/// SoftplusXent's b is a 0/1 label.
inline std::vector<T::Array> chainInputsData(Chain chain, int64_t n) {
  T::RandomState rng(0);
  std::vector<T::Array> inputs;
  for (int i = 0; i < chainInputs(chain); ++i)
    inputs.push_back(chain == Chain::SoftplusXent && i == 1
                         ? rng.randint(0, 2, {n}).astype(T::DType::Float64)
                         : rng.randn({n}));
  return inputs;
}

/// Registers a chain benchmark at 1e3, 1e5 and 1e7 elements.
inline void chainSizes(benchmark::internal::Benchmark *b) {
  b->Arg(1000)->Arg(100000)->Arg(10000000);
}

/// Registers NAME/{axbpc,sq_sum,sigmoid,softplus_xent}/{1e3,1e5,1e7}
/// calling fn(state, chain).
template <class F> bool registerChains(const std::string &name, F fn) {
  for (auto [suffix, chain] :
       {std::pair{"/axbpc", Chain::AxBPlusC},
        std::pair{"/sq_sum", Chain::SquareOfSum},
        std::pair{"/sigmoid", Chain::Sigmoid},
        std::pair{"/softplus_xent", Chain::SoftplusXent}})
    benchmark::RegisterBenchmark((name + suffix).c_str(), fn, chain)
        ->Apply(chainSizes);
  return true;
}

//===- Sums: #4's measure (bandwidth / triad) for large reductions -------===//
// A full sum, the row sums of a few long rows and the column sums of many
// short rows, 1e7 float64 elements each: reductions whose outputs are too
// few, or not outermost, for the CPU's threads to split.

struct SumCase {
  const char *name;
  int64_t rows, cols;
  int axis; ///< -1: every element (the data is then a vector)
};
inline constexpr SumCase kSums[] = {{"all", 1, 10000000, -1},
                                    {"few_rows", 4, 2500000, 1},
                                    {"columns", 100000, 100, 0}};

/// The case's float64 data: a vector for a full sum, else a matrix.
inline T::Array sumData(const SumCase &c) {
  T::RandomState rng(0);
  if (c.axis < 0)
    return rng.randn({c.rows * c.cols});
  return rng.randn({c.rows, c.cols});
}

/// Bytes moved per call: the data read once (the outputs are small).
inline double sumBytes(const SumCase &c) { return 8.0 * c.rows * c.cols; }

//===- #5 MLP 784-500-10 (the Theano 2010 paper's benchmark) --------------===//
// h = tanh(x W1 + b1), z = h W2 + b2, p = softmax(z) (z minus its row max),
// cost = -mean(sum(Y * log p, axis=1)) with Y one-hot; SGD with rate 0.01
// on W1, b1, W2, b2. The forward pass computes the cost alone.

constexpr int kBatch = 60, kIn = 784, kHidden = 500, kOut = 10;
constexpr double kMLPRate = 0.01;

struct MLPData {
  T::Array x, y, w1, b1, w2, b2; // y: one-hot (kBatch, kOut)
  explicit MLPData(T::DType dtype) {
    T::RandomState rng(0);
    x = rng.randn({kBatch, kIn}).astype(dtype);
    T::Array labels = rng.randint(0, kOut, {kBatch});
    std::vector<double> onehot(kBatch * kOut, 0.0);
    for (int i = 0; i < kBatch; ++i)
      onehot[i * kOut + labels.at<int64_t>(i)] = 1;
    y = T::array(onehot, {kBatch, kOut}).astype(dtype);
    w1 = T::array(scaled(rng.randn({kIn, kHidden}), 0.05), {kIn, kHidden})
             .astype(dtype);
    w2 = T::array(scaled(rng.randn({kHidden, kOut}), 0.05), {kHidden, kOut})
             .astype(dtype);
    b1 = T::zeros({kHidden}).astype(dtype);
    b2 = T::zeros({kOut}).astype(dtype);
  }

private:
  static std::vector<double> scaled(const T::Array &a, double s) {
    std::vector<double> out(a.data<double>(), a.data<double>() + a.size());
    for (double &v : out)
      v *= s;
    return out;
  }
};

/// The matrix products at 2 FLOP a multiply-add: forward x W1 and h W2;
/// training adds one product of each size for the gradient of the weights
/// and one for the gradient of the layer below (none for x).
inline double mlpFlop(bool train) {
  double layers = 2.0 * kBatch * (double(kIn) * kHidden + kHidden * kOut);
  double below = 2.0 * kBatch * kHidden * kOut; // h's gradient
  return train ? 2 * layers + below : layers;
}

} // namespace bench

#endif // TENSORJIT_BENCHMARKS_WORKLOADS_H
