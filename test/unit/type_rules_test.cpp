//===- type_rules_test.cpp - Broadcasting and promotion rules -------------===//
//
// The rules every layer shares, checked against numpy's answers.
//
//===----------------------------------------------------------------------===//

#include "dialects/tj/TypeRules.h"

#include <gtest/gtest.h>

namespace mlir::tj {
namespace {

constexpr int64_t D = kDynamicSize;
using K = ElementKind;

TEST(Promote, FollowsNumpy) {
  EXPECT_EQ(promote(K::Int32, K::Int64), K::Int64);
  EXPECT_EQ(promote(K::Int8, K::Int16), K::Int16);
  EXPECT_EQ(promote(K::Bool, K::Int8), K::Int8);
  EXPECT_EQ(promote(K::Bool, K::Float32), K::Float32);
  EXPECT_EQ(promote(K::Int8, K::Float32), K::Float32);
  EXPECT_EQ(promote(K::Int16, K::Float32), K::Float32);
  EXPECT_EQ(promote(K::Int32, K::Float32), K::Float64);
  EXPECT_EQ(promote(K::Int64, K::Float32), K::Float64);
  EXPECT_EQ(promote(K::Float32, K::Float64), K::Float64);
  EXPECT_EQ(promote(K::Float64, K::Int8), K::Float64);
  for (int a = 0; a <= int(K::Float64); ++a)
    for (int b = 0; b <= int(K::Float64); ++b)
      EXPECT_EQ(promote(K(a), K(b)), promote(K(b), K(a)));
}

TEST(UpgradeToFloat, FollowsTheano) {
  EXPECT_EQ(upgradeToFloat(K::Bool), K::Float32);
  EXPECT_EQ(upgradeToFloat(K::Int16), K::Float32);
  EXPECT_EQ(upgradeToFloat(K::Int32), K::Float64);
  EXPECT_EQ(upgradeToFloat(K::Int64), K::Float64);
  EXPECT_EQ(upgradeToFloat(K::Float32), K::Float32);
}

TEST(BinaryResultKind, Rules) {
  EXPECT_EQ(*binaryResultKind(BinaryRule::TrueDivide, K::Int64, K::Int64),
            K::Float64);
  EXPECT_EQ(*binaryResultKind(BinaryRule::TrueDivide, K::Int32, K::Int32),
            K::Float64);
  EXPECT_EQ(*binaryResultKind(BinaryRule::Comparison, K::Float64, K::Int32),
            K::Bool);
  EXPECT_EQ(binaryComputeKind(BinaryRule::Comparison, K::Float32, K::Int32),
            K::Float64);
  EXPECT_EQ(*binaryResultKind(BinaryRule::Arithmetic, K::Bool, K::Bool),
            K::Bool);
  absl::StatusOr<K> sub =
      binaryResultKind(BinaryRule::NoBool, K::Bool, K::Bool);
  ASSERT_FALSE(sub.ok());
  EXPECT_NE(sub.status().message().find("bool"), std::string::npos);
  EXPECT_EQ(*binaryResultKind(BinaryRule::NoBool, K::Bool, K::Int8), K::Int8);
  EXPECT_FALSE(unaryResultKind(UnaryRule::Numeric, K::Bool).ok());
  EXPECT_EQ(*unaryResultKind(UnaryRule::FloatValued, K::Int64), K::Float64);
}

TEST(ReductionResultKind, AccumulatesLikeNumpy) {
  EXPECT_EQ(reductionResultKind(ReductionKind::Sum, K::Int32), K::Int64);
  EXPECT_EQ(reductionResultKind(ReductionKind::Sum, K::Bool), K::Int64);
  EXPECT_EQ(reductionResultKind(ReductionKind::Sum, K::Float32), K::Float32);
  EXPECT_EQ(reductionResultKind(ReductionKind::Mean, K::Int8), K::Float64);
  EXPECT_EQ(reductionResultKind(ReductionKind::Mean, K::Float32), K::Float32);
  EXPECT_EQ(reductionResultKind(ReductionKind::Max, K::Int16), K::Int16);
  EXPECT_EQ(reductionResultKind(ReductionKind::Argmax, K::Float32), K::Int64);
}

TEST(Broadcast, StaticAndDynamic) {
  EXPECT_EQ(*broadcastShapes({{2, 1}, {3}}), Shape({2, 3}));
  EXPECT_EQ(*broadcastShapes({{}, {4, 5}}), Shape({4, 5}));
  EXPECT_EQ(*broadcastShapes({{D, 1}, {3}}), Shape({D, 3}));
  EXPECT_EQ(*broadcastShapes({{D}, {1}}), Shape({D}));
  EXPECT_EQ(*broadcastShapes({{D}, {5}}), Shape({5}));
  EXPECT_EQ(*broadcastShapes({{D}, {D}}), Shape({D}));
  EXPECT_EQ(*broadcastShapes({{1}, {1}}), Shape({1}));
  EXPECT_EQ(*broadcastShapes({{0}, {1}}), Shape({0}));
  absl::StatusOr<Shape> bad = broadcastShapes({{2, 3}, {4}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "shapes (2, 3) and (4,) are not broadcastable: axis -1 has sizes "
            "3 and 4");
}

TEST(Reduce, Axes) {
  EXPECT_EQ(*reduceShape({2, 3, 4}, {1}, false), Shape({2, 4}));
  EXPECT_EQ(*reduceShape({2, 3, 4}, {0, 2}, true), Shape({1, 3, 1}));
  EXPECT_EQ(*reduceShape({2, 3}, {0, 1}, false), Shape({}));
  EXPECT_FALSE(reduceShape({2, 3}, {2}, false).ok());
  EXPECT_FALSE(reduceShape({2, 3}, {-1}, false).ok());
  EXPECT_EQ(reduceShape({2, 3}, {1, 1}, false).status().message(),
            "axis 1 is repeated");
}

TEST(Dot, NumpySemantics) {
  EXPECT_EQ(*dotShape({3}, {3}), Shape({}));
  EXPECT_EQ(*dotShape({2, 3}, {3}), Shape({2}));
  EXPECT_EQ(*dotShape({3}, {3, 4}), Shape({4}));
  EXPECT_EQ(*dotShape({2, 3}, {3, 4}), Shape({2, 4}));
  EXPECT_EQ(*dotShape({D, D}, {D, 7}), Shape({D, 7}));
  absl::StatusOr<Shape> bad = dotShape({2, 3}, {4, 5});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "shapes (2, 3) and (4, 5) are not aligned: 3 (dim 1) != 4 (dim 0)");
  EXPECT_FALSE(dotShape({2, 3, 4}, {4}).ok());
  EXPECT_FALSE(dotShape({}, {4}).ok());
}

TEST(Transpose, Permutations) {
  EXPECT_EQ(*transposeShape({2, D, 4}, {2, 0, 1}), Shape({4, 2, D}));
  EXPECT_FALSE(transposeShape({2, 3}, {0}).ok());
  EXPECT_FALSE(transposeShape({2, 3}, {0, 0}).ok());
  EXPECT_FALSE(transposeShape({2, 3}, {0, 2}).ok());
}

TEST(BroadcastTo, Rules) {
  EXPECT_TRUE(checkBroadcastTo({3}, {2, 3}).ok());
  EXPECT_TRUE(checkBroadcastTo({1, 3}, {D, 3}).ok());
  EXPECT_TRUE(checkBroadcastTo({D}, {4}).ok());
  EXPECT_FALSE(checkBroadcastTo({2}, {3}).ok());
  EXPECT_FALSE(checkBroadcastTo({2, 3}, {3}).ok());
}

TEST(Reshape, ElementCounts) {
  EXPECT_TRUE(checkReshape({2, 3}, {6}).ok());
  EXPECT_TRUE(checkReshape({D, 3}, {6}).ok());
  EXPECT_TRUE(checkReshape({}, {1, 1}).ok());
  absl::Status bad = checkReshape({2, 3}, {4});
  EXPECT_EQ(bad.message(),
            "cannot reshape (2, 3) (6 elements) to (4,) (4 elements)");
}

TEST(Names, NumpyStyle) {
  EXPECT_STREQ(kindName(K::Float32), "float32");
  EXPECT_EQ(shapeString({}), "()");
  EXPECT_EQ(shapeString({5}), "(5,)");
  EXPECT_EQ(shapeString({D, 2}), "(?, 2)");
}

} // namespace
} // namespace mlir::tj
