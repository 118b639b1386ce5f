//===- errors_test.cpp - Every misuse raises tensorjit::Error -------------===//
//
// SPEC.md §8: the message names the function, the input (position and
// name), what was expected and what was given; afterwards the function
// still works.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include "ExpectError.h"

namespace T = tensorjit;
using namespace tensorjit::literals;

namespace {

class CallErrors : public ::testing::Test {
protected:
  CallErrors()
      : x(T::dmatrix("x")), y(T::dvector("y")),
        f(T::function({x, T::In(y, T::zeros({3}))}, x + y,
                      {.name = "affine"})) {}

  /// The function still works after an error.
  void expectStillWorks() {
    T::Array result = f(T::ones({2, 3}), T::ones({3}));
    EXPECT_TRUE(T::allclose(result, T::full({2, 3}, 2.0)));
  }

  T::Var x, y;
  T::Function f;
};

TEST_F(CallErrors, TooManyArguments) {
  expectError(
      [&] {
        f(T::ones({2, 3}), T::ones({3}), 1.0);
      },
      {"function 'affine'", "takes 2 argument(s)"});
  expectStillWorks();
}

TEST_F(CallErrors, MissingArgument) {
  expectError([&] { f(); },
              {"function 'affine'", "missing argument for input 'x' (#0)"});
  expectStillWorks();
}

TEST_F(CallErrors, UnknownKeyword) {
  expectError(
      [&] {
        f(T::ones({2, 3}), "z"_a = 1.0);
      },
      {"function 'affine'", "unknown keyword argument 'z'", "'x', 'y'"});
  expectStillWorks();
}

TEST_F(CallErrors, KeywordRepeatsPositional) {
  expectError(
      [&] {
        f(T::ones({2, 3}), T::ones({3}), "y"_a = T::ones({3}));
      },
      {"keyword argument 'y' repeats input 'y' (#1)"});
  expectStillWorks();
}

TEST_F(CallErrors, WrongRank) {
  expectError([&] { f(T::ones({6})); },
              {"function 'affine'", "input 'x' (#0) expects rank 2",
               "shape (6,) (rank 1)"});
  expectStillWorks();
}

TEST_F(CallErrors, LossyDtype) {
  auto n = T::ivector("n");
  auto g = T::function({n}, n * 2, {.name = "twice"});
  expectError([&] { g(T::ones({3}, T::DType::Float64)); },
              {"function 'twice'", "input 'n' (#0) is int32",
               "an argument of dtype float64 would lose precision"});
  // int64 into int32 loses range too.
  expectError([&] { g(T::array({1, 2})); }, {"dtype int64"});
  // float32 into float64 is a lossless upcast, accepted.
  T::Array upcast = f(T::ones({2, 3}, T::DType::Float32), T::ones({3}));
  EXPECT_EQ(upcast.dtype(), T::DType::Float64);
  T::Array small = g(T::array(std::vector<int16_t>{1, 2}, {2}));
  EXPECT_EQ(small.str(), "[2 4]");
}

TEST_F(CallErrors, CppScalarsConvertWhenTheValueFits) {
  auto k = T::iscalar("k");
  auto g = T::function({k}, k + 1, {.name = "next"});
  // 41 is an int (int64) but fits an int32 exactly, as Theano allows.
  T::Array fits = g(41);
  EXPECT_EQ(fits.dtype(), T::DType::Int32);
  EXPECT_EQ(fits.item<int>(), 42);
  expectError([&] { g(2.5); }, {"function 'next'", "dtype float64"});
  expectError([&] { g(3000000000LL); }, {"dtype int64"});
  // A float scalar rounds into a float32 input.
  auto h = T::fscalar("h");
  T::Array rounded = T::function({h}, h * 1)(0.1);
  EXPECT_EQ(rounded.dtype(), T::DType::Float32);
  EXPECT_EQ(rounded.item<float>(), 0.1f);
}

TEST_F(CallErrors, ShapesThatDoNotBroadcast) {
  expectError(
      [&] {
        f(T::ones({2, 3}), T::ones({4}));
      },
      {"function 'affine'", "add of inputs 'x' (#0), 'y' (#1)",
       "shapes (2, 3) and (4,) are not broadcastable"});
  EXPECT_EQ(f.stats().compiles, 0u) << "the error came before compiling";
  expectStillWorks();
}

TEST_F(CallErrors, DotDimensionsDisagree) {
  auto [a, b] = T::dmatrices("a", "b");
  auto g = T::function({a, b}, T::dot(a, b), {.name = "matmul"});
  expectError(
      [&] {
        g(T::ones({2, 3}), T::ones({4, 5}));
      },
      {"function 'matmul'", "dot of inputs 'a' (#0), 'b' (#1)",
       "shapes (2, 3) and (4, 5) are not aligned"});
  T::Array ok = g(T::ones({2, 3}), T::ones({3, 5}));
  EXPECT_EQ(ok.shape(), (T::Shape{2, 5}));
}

TEST_F(CallErrors, BroadcastableDimensionMustBeOne) {
  auto r = T::drow("r");
  auto g = T::function({r}, r * 2, {.name = "rows"});
  expectError(
      [&] {
        g(T::ones({2, 3}));
      },
      {"input 'r' (#0) has size 1 in dimension 0", "shape (2, 3)"});
}

TEST_F(CallErrors, ReshapeSizeMismatch) {
  auto v = T::dvector("v");
  auto g = T::function({v}, v.reshape({2, -1}), {.name = "halves"});
  expectError([&] { g(T::ones({5})); },
              {"function 'halves'", "cannot reshape an array of size 5"});
  EXPECT_EQ(T::Array(g(T::ones({6}))).shape(), (T::Shape{2, 3}));
}

TEST_F(CallErrors, EmptyMaxHasNoIdentity) {
  auto v = T::dvector("v");
  auto g = T::function({v}, v.max(), {.name = "top"});
  expectError([&] { g(T::zeros({0})); }, {"zero-size axis 0"});
}

TEST(FunctionErrors, MissingInput) {
  auto [a, b] = T::dscalars("a", "b");
  expectError(
      [&] { T::function({a}, a + b, {.name = "g"}); },
      {"function 'g'", "depends on the variable 'b'", "not among the inputs"});
}

TEST(FunctionErrors, UnusedInput) {
  auto [a, b] = T::dscalars("a", "b");
  expectError(
      [&] {
        T::function({a, b}, a * 2, {.name = "g"});
      },
      {"input 'b' (#1) is not used"});
  auto g =
      T::function({a, b}, a * 2,
                  {.name = "g2", .on_unused_input = T::OnUnusedInput::Ignore});
  EXPECT_EQ(T::Array(g(1.0, 5.0)).item<double>(), 2.0);
}

TEST(FunctionErrors, InputsMustBeVariables) {
  auto a = T::dscalar("a");
  expectError([&] { T::function({a * 2}, a, {.name = "g"}); },
              {"input #0 is not an input variable"});
  expectError(
      [&] {
        T::function({a, a}, a, {.name = "g"});
      },
      {"input 'a' (#1) is given twice"});
  expectError([&] { T::function({T::In(a, T::ones({2}))}, a); },
              {"default value of input 'a' (#0)"});
}

TEST(GraphErrors, RankAndDtypeMistakesThrowWhenBuilding) {
  auto m = T::dmatrix("m");
  auto t = T::dtensor3("t");
  expectError([&] { T::dot(m, t); },
              {"tensorjit.dot(m: float64 matrix, t: float64 rank-3 tensor)",
               "takes vectors and matrices, got ranks 2 and 3"});
  expectError([&] { m.sum(2); }, {"axis 2 is out of bounds for rank 2"});
  expectError([&] { m.sum({0, -2}); }, {"an axis is repeated"});
  auto flag = T::bvector("flag").astype(T::DType::Bool);
  expectError([&] { flag - flag; }, {"tensorjit.sub", "two bool operands"});
  expectError([&] { m.dimshuffle({0}); },
              {"cannot drop axis 1: it is not broadcastable"});
  expectError([&] { m.reshape({-1, -1}); }, {"can only infer one size"});
  expectError(
      [&] {
        T::transpose(m, std::vector<int64_t>{0, 0});
      },
      {"permutation is invalid"});
  expectError([&] { T::Var().ndim(); }, {"null Var"});
  expectError([&] { T::broadcast_to(m, {3}); },
              {"cannot broadcast shape (?, ?) to the lower-rank shape (3,)"});
}

TEST(OutputsErrors, SingleArrayConversion) {
  auto a = T::dscalar("a");
  auto g = T::function({a}, {a + 1, a + 2});
  expectError([&] { T::Array one = g(1.0); }, {"exactly one output"});
}

} // namespace
