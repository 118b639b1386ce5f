//===- Blas.cpp - The BLAS calls of compiled code -------------------------===//
//
// tj-linalg-to-blas turns contractions on buffers into calls of these
// functions (C interface: pointers to memref descriptors with dynamic
// strides, then alpha and beta). Each computes C = alpha A B + beta C
// through OpenBLAS's CBLAS: beta 1 accumulates, as the linalg op it
// replaces does (alpha other than 1: an update `w - rate * dot(a, b)`
// accumulated in place); beta 0 (the output was a fill of zeros)
// overwrites, never reading the output.
// A matrix whose inner stride is 1 is passed as is; one whose outer stride
// is 1 (a transposed view) is passed transposed; any other layout takes a
// plain loop.
//
//===----------------------------------------------------------------------===//

#include "lib/runtime/Blas.h"

#include <cstdint>

// The CBLAS entry points used (the standard C interface to the BLAS).
extern "C" {
enum { kRowMajor = 101, kNoTrans = 111, kTrans = 112 };
void cblas_dgemm(int, int, int, int, int, int, double, const double *, int,
                 const double *, int, double, double *, int);
void cblas_sgemm(int, int, int, int, int, int, float, const float *, int,
                 const float *, int, float, float *, int);
void cblas_dgemv(int, int, int, int, double, const double *, int,
                 const double *, int, double, double *, int);
void cblas_sgemv(int, int, int, int, float, const float *, int, const float *,
                 int, float, float *, int);
double cblas_ddot(int, const double *, int, const double *, int);
float cblas_sdot(int, const float *, int, const float *, int);
}

namespace tensorjit::detail {

namespace {

/// CBLAS's transpose flag for a layout.
int transposeFlag(const MatrixLayout &layout) {
  return layout.transposed ? kTrans : kNoTrans;
}

template <typename T> T &at(const Buffer<T, 2> &m, int64_t i, int64_t j) {
  return m.data()[i * m.strides[0] + j * m.strides[1]];
}
template <typename T> T &at(const Buffer<T, 1> &v, int64_t i) {
  return v.data()[i * v.strides[0]];
}

/// beta y, where beta 0 gives 0 whatever y holds, NaN included (the BLAS
/// convention: an output filled with beta 0 may hold anything).
template <typename T> T scaled(double beta, T y) {
  return beta == 0 ? T(0) : beta == 1 ? y : static_cast<T>(beta) * y;
}

template <typename T>
void gemm(Buffer<T, 2> *a, Buffer<T, 2> *b, Buffer<T, 2> *c, double alpha,
          double beta) {
  int64_t m = c->sizes[0], n = c->sizes[1], k = a->sizes[1];
  if (m == 0 || n == 0 || (k == 0 && beta == 1))
    return;
  MatrixLayout la = layoutOf(*a), lb = layoutOf(*b), lc = layoutOf(*c);
  if (k > 0 && la.ok && lb.ok && lc.ok && !lc.transposed) {
    if constexpr (sizeof(T) == 8)
      cblas_dgemm(kRowMajor, transposeFlag(la), transposeFlag(lb), m, n, k,
                  alpha, a->data(), la.leading, b->data(), lb.leading, beta,
                  c->data(), lc.leading);
    else
      cblas_sgemm(kRowMajor, transposeFlag(la), transposeFlag(lb), m, n, k,
                  static_cast<float>(alpha), a->data(), la.leading, b->data(),
                  lb.leading, static_cast<float>(beta), c->data(), lc.leading);
    return;
  }
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      T sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += at(*a, i, p) * at(*b, p, j);
      at(*c, i, j) = static_cast<T>(alpha) * sum + scaled(beta, at(*c, i, j));
    }
}

/// y = alpha op(A) x + beta y, where op(A) is A (`transposed` false) or
/// A^T.
template <typename T>
void gemv(Buffer<T, 2> *a, Buffer<T, 1> *x, Buffer<T, 1> *y, bool transposed,
          double alpha, double beta) {
  int64_t rows = a->sizes[0], cols = a->sizes[1];
  int64_t outputs = transposed ? cols : rows;
  if (outputs == 0)
    return;
  MatrixLayout la = layoutOf(*a);
  if (rows > 0 && cols > 0 && la.ok && x->strides[0] >= 1 &&
      y->strides[0] >= 1) {
    // A transposed view read transposed is the matrix as it is stored.
    int trans = la.transposed != transposed ? kTrans : kNoTrans;
    int64_t storedRows = la.transposed ? cols : rows;
    int64_t storedCols = la.transposed ? rows : cols;
    if constexpr (sizeof(T) == 8)
      cblas_dgemv(kRowMajor, trans, storedRows, storedCols, alpha, a->data(),
                  la.leading, x->data(), x->strides[0], beta, y->data(),
                  y->strides[0]);
    else
      cblas_sgemv(kRowMajor, trans, storedRows, storedCols,
                  static_cast<float>(alpha), a->data(), la.leading, x->data(),
                  x->strides[0], static_cast<float>(beta), y->data(),
                  y->strides[0]);
    return;
  }
  int64_t inner = transposed ? rows : cols;
  for (int64_t i = 0; i < outputs; ++i) {
    T sum = 0;
    for (int64_t p = 0; p < inner; ++p)
      sum += (transposed ? at(*a, p, i) : at(*a, i, p)) * at(*x, p);
    at(*y, i) = static_cast<T>(alpha) * sum + scaled(beta, at(*y, i));
  }
}

template <typename T>
void dot(Buffer<T, 1> *x, Buffer<T, 1> *y, Buffer<T, 0> *out, double alpha,
         double beta) {
  int64_t n = x->sizes[0];
  T sum = 0;
  if (n > 0 && x->strides[0] >= 1 && y->strides[0] >= 1) {
    if constexpr (sizeof(T) == 8)
      sum = cblas_ddot(n, x->data(), x->strides[0], y->data(), y->strides[0]);
    else
      sum = cblas_sdot(n, x->data(), x->strides[0], y->data(), y->strides[0]);
  } else {
    for (int64_t i = 0; i < n; ++i)
      sum += at(*x, i) * at(*y, i);
  }
  *out->data() = static_cast<T>(alpha) * sum + scaled(beta, *out->data());
}

} // namespace

} // namespace tensorjit::detail

using tensorjit::detail::Buffer;

// The entry points, with C linkage and default visibility: the JIT gets
// their addresses from blas_runtime_symbols(), mlir-runner finds them in
// libtensorjit_runtime.so.
#define TJ_BLAS(T, suffix)                                                     \
  extern "C" void _mlir_ciface_tj_rt_blas_gemm_##suffix(                       \
      Buffer<T, 2> *a, Buffer<T, 2> *b, Buffer<T, 2> *c, double alpha,         \
      double beta) {                                                           \
    tensorjit::detail::gemm(a, b, c, alpha, beta);                             \
  }                                                                            \
  extern "C" void _mlir_ciface_tj_rt_blas_gemv_##suffix(                       \
      Buffer<T, 2> *a, Buffer<T, 1> *x, Buffer<T, 1> *y, double alpha,         \
      double beta) {                                                           \
    tensorjit::detail::gemv(a, x, y, false, alpha, beta);                      \
  }                                                                            \
  extern "C" void _mlir_ciface_tj_rt_blas_gevm_##suffix(                       \
      Buffer<T, 1> *x, Buffer<T, 2> *a, Buffer<T, 1> *y, double alpha,         \
      double beta) {                                                           \
    tensorjit::detail::gemv(a, x, y, true, alpha, beta);                       \
  }                                                                            \
  extern "C" void _mlir_ciface_tj_rt_blas_dot_##suffix(                        \
      Buffer<T, 1> *x, Buffer<T, 1> *y, Buffer<T, 0> *out, double alpha,       \
      double beta) {                                                           \
    tensorjit::detail::dot(x, y, out, alpha, beta);                            \
  }
TJ_BLAS(double, f64)
TJ_BLAS(float, f32)
#undef TJ_BLAS

namespace tensorjit::detail {

std::vector<std::pair<std::string, void *>> blas_runtime_symbols() {
  std::vector<std::pair<std::string, void *>> symbols;
#define TJ_SYMBOL(name)                                                        \
  symbols.push_back({#name, reinterpret_cast<void *>(&name)});
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_gemm_f64)
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_gemv_f64)
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_gevm_f64)
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_dot_f64)
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_gemm_f32)
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_gemv_f32)
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_gevm_f32)
  TJ_SYMBOL(_mlir_ciface_tj_rt_blas_dot_f32)
#undef TJ_SYMBOL
  return symbols;
}

} // namespace tensorjit::detail
