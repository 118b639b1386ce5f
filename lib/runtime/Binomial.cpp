//===- Binomial.cpp - numpy's legacy binomial draws -----------------------===//
//
// numpy's legacy RandomState.binomial (legacy_random_binomial): with
// r = min(p, 1 - p), the inversion method when n*r <= 30 and Kachitvichyanukul
// & Schmeiser's BTPE otherwise, counting n - x when p > 0.5. Both consume
// next_double() draws in numpy's order and evaluate their floating-point
// expressions in numpy's order (this file is built without FMA contraction),
// so test/data/randomstate.txt's numpy draws are reproduced bit for bit.
//
//===----------------------------------------------------------------------===//

#include "tensorjit/random.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace tensorjit {
namespace {

/// Inversion (numpy's random_binomial_inversion) for n*p <= 30, p <= 0.5:
/// walks the cumulative probabilities from P(0) = q**n, restarting with a
/// new uniform past a bound far in the tail.
class Inversion {
public:
  Inversion(int64_t n, double p)
      : n_(n), p_(p), q_(1.0 - p), qn_(std::exp(n * std::log(q_))) {
    double np = n * p;
    bound_ = static_cast<int64_t>(
        std::min(static_cast<double>(n), np + 10.0 * std::sqrt(np * q_ + 1)));
  }

  int64_t draw(RandomState &rng) const {
    int64_t x = 0;
    double px = qn_;
    double u = rng.next_double();
    while (u > px) {
      ++x;
      if (x > bound_) {
        x = 0;
        px = qn_;
        u = rng.next_double();
      } else {
        u -= px;
        px = ((n_ - x + 1) * p_ * px) / (x * q_);
      }
    }
    return x;
  }

private:
  int64_t n_;
  double p_, q_, qn_;
  int64_t bound_;
};

/// BTPE (numpy's random_binomial_btpe) for n*p > 30, p <= 0.5: a triangle,
/// a parallelogram and two exponential tails under the scaled density,
/// with a squeeze and Stirling-series bounds for the final test.
class Btpe {
public:
  Btpe(int64_t n, double p) : n_(n), r_(std::min(p, 1.0 - p)), q_(1.0 - r_) {
    fm_ = n * r_ + r_;
    m_ = static_cast<int64_t>(std::floor(fm_));
    p1_ = std::floor(2.195 * std::sqrt(n * r_ * q_) - 4.6 * q_) + 0.5;
    xm_ = m_ + 0.5;
    xl_ = xm_ - p1_;
    xr_ = xm_ + p1_;
    c_ = 0.134 + 20.5 / (15.3 + m_);
    double a = (fm_ - xl_) / (fm_ - xl_ * r_);
    laml_ = a * (1.0 + a / 2.0);
    a = (xr_ - fm_) / (xr_ * q_);
    lamr_ = a * (1.0 + a / 2.0);
    p2_ = p1_ * (1.0 + 2.0 * c_);
    p3_ = p2_ + c_ / laml_;
    p4_ = p3_ + c_ / lamr_;
  }

  int64_t draw(RandomState &rng) const {
    while (true) {
      double u = rng.next_double() * p4_;
      double v = rng.next_double();
      int64_t y;
      if (u <= p1_)
        return static_cast<int64_t>(std::floor(xm_ - p1_ * v + u));
      if (u <= p2_) {
        double x = xl_ + (u - p1_) / c_;
        v = v * c_ + 1.0 - std::fabs(m_ - x + 0.5) / p1_;
        if (v > 1.0)
          continue;
        y = static_cast<int64_t>(std::floor(x));
      } else if (u <= p3_) {
        // numpy rejects v == 0 after the (then undefined) cast; testing it
        // first rejects the same draws.
        if (v == 0.0)
          continue;
        y = static_cast<int64_t>(std::floor(xl_ + std::log(v) / laml_));
        if (y < 0)
          continue;
        v = v * (u - p2_) * laml_;
      } else {
        if (v == 0.0)
          continue;
        y = static_cast<int64_t>(std::floor(xr_ - std::log(v) / lamr_));
        if (y > n_)
          continue;
        v = v * (u - p3_) * lamr_;
      }
      if (accepts(y, v))
        return y;
    }
  }

private:
  /// Step 50: the exact ratio f(y)/f(m) near the mode, else step 52.
  bool accepts(int64_t y, double v) const {
    double nrq = n_ * r_ * q_;
    int64_t k = y > m_ ? y - m_ : m_ - y;
    if (k > 20 && k < nrq / 2.0 - 1)
      return acceptsFar(y, v, k, nrq);
    double s = r_ / q_, a = s * (n_ + 1), f = 1.0;
    if (m_ < y) {
      for (int64_t i = m_ + 1; i <= y; ++i)
        f *= (a / i - s);
    } else if (m_ > y) {
      for (int64_t i = y + 1; i <= m_; ++i)
        f /= (a / i - s);
    }
    return v <= f;
  }

  /// Stirling-series remainder term of log(x!) as numpy writes it.
  static double stirling(double x) {
    double x2 = x * x;
    return (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x /
           166320.;
  }

  /// Step 52: squeeze on log(v), then the bound from Stirling's formula.
  bool acceptsFar(int64_t y, double v, int64_t k, double nrq) const {
    double rho =
        (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    double t = -k * k / (2 * nrq);
    double logV = std::log(v);
    if (logV < t - rho)
      return true;
    if (logV > t + rho)
      return false;
    double x1 = y + 1, f1 = m_ + 1, z = n_ + 1 - m_, w = n_ - y + 1;
    double bound = xm_ * std::log(f1 / x1) + (n_ - m_ + 0.5) * std::log(z / w) +
                   (y - m_) * std::log(w * r_ / (x1 * q_)) + stirling(f1) +
                   stirling(z) + stirling(x1) + stirling(w);
    return !(logV > bound);
  }

  int64_t n_;
  double r_, q_, fm_;
  int64_t m_;
  double p1_, xm_, xl_, xr_, c_, laml_, lamr_, p2_, p3_, p4_;
};

} // namespace

Array RandomState::binomial(int64_t n, double p, Shape shape) {
  if (n < 0)
    throw Error("RandomState.binomial: n must be >= 0, got " +
                std::to_string(n));
  if (!(p >= 0.0 && p <= 1.0))
    throw Error("RandomState.binomial: p must be in [0, 1], got " +
                std::to_string(p));
  Array result(DType::Int64, std::move(shape));
  int64_t *out = result.data<int64_t>();
  // numpy draws for min(p, 1 - p) and counts failures when p > 0.5.
  bool failures = p > 0.5;
  double r = failures ? 1.0 - p : p;
  auto fill = [&](const auto &sampler) {
    for (int64_t i = 0; i < result.size(); ++i) {
      int64_t x = sampler.draw(*this);
      out[i] = failures ? n - x : x;
    }
  };
  if (r * n <= 30.0)
    fill(Inversion(n, r));
  else
    fill(Btpe(n, r));
  return result;
}

} // namespace tensorjit
