//===- array_test.cpp - Arrays and numpy-style printing -------------------===//
//
// Expected strings are numpy 1.24's str() of the same arrays.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace T = tensorjit;

namespace {

T::Array arange(int64_t n, double scale = 1.0) {
  std::vector<double> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = i * scale;
  return T::array(values, {n});
}

TEST(ArrayPrint, Floats) {
  EXPECT_EQ(T::array({{0.5, 0.7310585786300049},
                      {0.2689414213699951, 0.11920292202211755}})
                .str(),
            "[[0.5        0.73105858]\n [0.26894142 0.11920292]]");
  EXPECT_EQ(T::array({{1., 0.}, {-1., -2.}}).str(), "[[ 1.  0.]\n [-1. -2.]]");
  EXPECT_EQ(T::array({-0.0, 0.0}).str(), "[-0.  0.]");
  EXPECT_EQ(T::array<double>({NAN, INFINITY, -INFINITY, 1.25}).str(),
            "[ nan  inf -inf 1.25]");
}

TEST(ArrayPrint, Scientific) {
  EXPECT_EQ(T::array({1e-20, 1.5}).str(), "[1.0e-20 1.5e+00]");
  EXPECT_EQ(T::array({1e10, 1.0, -3.5}).str(), "[ 1.0e+10  1.0e+00 -3.5e+00]");
  EXPECT_EQ(T::array({{1e-5, 1.0}}).str(), "[[1.e-05 1.e+00]]");
}

TEST(ArrayPrint, IntegersAndBools) {
  EXPECT_EQ(T::array({1, -20, 300}).str(), "[  1 -20 300]");
  EXPECT_EQ(T::array({true, false}).str(), "[ True False]");
}

TEST(ArrayPrint, Float32UsesItsOwnShortestDigits) {
  EXPECT_EQ(T::array({0.1, 0.25}).astype(T::DType::Float32).str(),
            "[0.1  0.25]");
  EXPECT_EQ(T::Array(0.1f).str(), "0.1");
  EXPECT_EQ(T::array({0.3}).astype(T::DType::Float32).str(), "[0.3]");
}

TEST(ArrayPrint, Scalars) {
  EXPECT_EQ(T::Array(34.0).str(), "34.0");
  EXPECT_EQ(T::Array(1e-5).str(), "1e-05");
  EXPECT_EQ(T::Array(3).str(), "3");
  EXPECT_EQ(T::Array(true).str(), "True");
}

TEST(ArrayPrint, NestedWrappedAndSummarized) {
  T::Array cube = T::array(std::vector<double>(24), {2, 3, 4});
  for (int i = 0; i < 24; ++i)
    cube.data<double>()[i] = i;
  EXPECT_EQ(cube.str(), "[[[ 0.  1.  2.  3.]\n  [ 4.  5.  6.  7.]\n"
                        "  [ 8.  9. 10. 11.]]\n\n [[12. 13. 14. 15.]\n"
                        "  [16. 17. 18. 19.]\n  [20. 21. 22. 23.]]]");
  EXPECT_EQ(arange(30, 1.1).str(),
            "[ 0.   1.1  2.2  3.3  4.4  5.5  6.6  7.7  8.8  9.9 11.  12.1 13.2 "
            "14.3\n 15.4 16.5 17.6 18.7 19.8 20.9 22.  23.1 24.2 25.3 26.4 "
            "27.5 28.6 29.7\n 30.8 31.9]");
  EXPECT_EQ(arange(2000).str(),
            "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 "
            "1.999e+03]");
  EXPECT_EQ(T::zeros({0}).str(), "[]");
  T::Array wide = arange(40, 1.1);
  EXPECT_EQ(T::array(std::vector<double>(wide.data<double>(),
                                         wide.data<double>() + 40),
                     {2, 20})
                .str(),
            "[[ 0.   1.1  2.2  3.3  4.4  5.5  6.6  7.7  8.8  9.9 11.  12.1 "
            "13.2 14.3\n  15.4 16.5 17.6 18.7 19.8 20.9]\n [22.  23.1 24.2 "
            "25.3 26.4 27.5 28.6 29.7 30.8 31.9 33.  34.1 35.2 36.3\n  37.4 "
            "38.5 39.6 40.7 41.8 42.9]]");
  std::vector<int64_t> counts(3000);
  std::iota(counts.begin(), counts.end(), 0);
  EXPECT_EQ(T::array(counts, {1000, 3}).str(),
            "[[   0    1    2]\n [   3    4    5]\n [   6    7    8]\n ...\n"
            " [2991 2992 2993]\n [2994 2995 2996]\n [2997 2998 2999]]");
}

TEST(Array, ConstructionAndAccess) {
  T::Array a = T::array({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(a.dtype(), T::DType::Int64);
  EXPECT_EQ(a.shape(), (T::Shape{2, 3}));
  EXPECT_EQ(a.ndim(), 2);
  EXPECT_EQ(a.size(), 6);
  EXPECT_EQ(a.at<int64_t>(1, 2), 6);
  EXPECT_EQ(a.at<double>(-1, -3), 4.0);
  EXPECT_EQ(T::Array(2.5).dtype(), T::DType::Float64);
  EXPECT_EQ(T::Array(true).dtype(), T::DType::Bool);
  EXPECT_EQ(T::array(std::vector<int32_t>{1, 2}, {2}).dtype(), T::DType::Int32);
  EXPECT_THROW(a.data<double>(), T::Error);
  EXPECT_THROW(a.at<int>(2, 0), T::Error);
  EXPECT_THROW(a.item<int>(), T::Error);
  EXPECT_THROW(T::array({{1, 2}, {3}}), T::Error);
  EXPECT_THROW(T::array(std::vector<double>{1, 2, 3}, {2, 2}), T::Error);
}

TEST(Array, AstypeFollowsNumpy) {
  T::Array a = T::array<double>({-2.7, 0.5, 2.5, NAN});
  T::Array i = a.astype(T::DType::Int32);
  EXPECT_EQ(i.at<int>(0), -2);
  EXPECT_EQ(i.at<int>(2), 2);
  T::Array b = a.astype(T::DType::Bool);
  EXPECT_EQ(b.str(), "[ True  True  True  True]");
  EXPECT_EQ(T::array({true, false}).astype(T::DType::Float64).str(), "[1. 0.]");
  // Copies share nothing; plain copies share data.
  T::Array shared = a;
  T::Array deep = a.copy();
  a.data<double>()[0] = 7;
  EXPECT_EQ(shared.at<double>(0), 7);
  EXPECT_EQ(deep.at<double>(0), -2.7);
}

TEST(Array, Allclose) {
  EXPECT_TRUE(T::allclose(T::array({1.0, 2.0}), T::array({1.0, 2.0 + 1e-9})));
  EXPECT_FALSE(T::allclose(T::array({1.0, 2.0}), T::array({1.0, 2.1})));
  EXPECT_FALSE(T::allclose(T::array<double>({NAN}), T::array<double>({NAN})));
  EXPECT_TRUE(
      T::allclose(T::array<double>({INFINITY}), T::array<double>({INFINITY})));
}

} // namespace
