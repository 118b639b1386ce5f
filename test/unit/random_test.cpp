//===- random_test.cpp - T::RandomState against numpy's own draws ---------===//
//
// test/data/randomstate.txt holds numpy 1.24's legacy RandomState draws,
// binomial included (regenerate with test/data/make_randomstate.py); every
// value must match exactly.
//
//===----------------------------------------------------------------------===//

#include "test/unit/ReferenceRecords.h"

#include <tensorjit/tensorjit.h>

#include <gtest/gtest.h>

#include <cmath>

namespace T = tensorjit;

namespace {

struct Record {
  int64_t seed;
  std::string kind;
  std::vector<std::string> args;
  std::vector<std::string> values;
};

/// randomstate.txt's records: `seed kind args... : values`.
std::vector<Record> load() {
  std::vector<Record> records;
  for (T::reference::ReferenceRecord &line :
       T::reference::load_records("randomstate.txt"))
    records.push_back({std::stoll(line.head[0]),
                       line.head[1],
                       {line.head.begin() + 2, line.head.end()},
                       std::move(line.values)});
  return records;
}

TEST(RandomState, MatchesNumpyBitForBit) {
  std::vector<Record> records = load();
  ASSERT_EQ(records.size(), 72u);
  for (const Record &record : records) {
    SCOPED_TRACE(std::to_string(record.seed) + " " + record.kind);
    T::RandomState rng(record.seed);
    int64_t n = record.values.size();
    std::vector<double> got;
    if (record.kind == "random_sample") {
      T::Array a = rng.random_sample({n});
      got.assign(a.data<double>(), a.data<double>() + n);
    } else if (record.kind == "randn") {
      T::Array a = rng.randn({n});
      got.assign(a.data<double>(), a.data<double>() + n);
    } else if (record.kind == "uniform") {
      T::Array a = rng.uniform({n}, std::stod(record.args[0]),
                               std::stod(record.args[1]));
      got.assign(a.data<double>(), a.data<double>() + n);
    } else if (record.kind == "randint" || record.kind == "binomial") {
      T::Array a = record.kind == "randint"
                       ? rng.randint(std::stoll(record.args[0]),
                                     std::stoll(record.args[1]), {n})
                       : rng.binomial(std::stoll(record.args[0]),
                                      std::stod(record.args[1]), {n});
      ASSERT_EQ(a.dtype(), T::DType::Int64);
      for (int64_t i = 0; i < n; ++i)
        ASSERT_EQ(a.data<int64_t>()[i], std::stoll(record.values[i])) << i;
      continue;
    } else if (record.kind == "binomial_then_sample") {
      rng.binomial(0, 0.4, {3});
      rng.binomial(20, 1.0, {2});
      rng.binomial(1000, 0.2, {5});
      T::Array a = rng.random_sample({n});
      got.assign(a.data<double>(), a.data<double>() + n);
    } else if (record.kind == "mixed") {
      T::Array a = rng.randn({3}), b = rng.random_sample({2}),
               c = rng.randn({2});
      for (const T::Array *part : {&a, &b, &c})
        got.insert(got.end(), part->data<double>(),
                   part->data<double>() + part->size());
    }
    ASSERT_EQ(static_cast<int64_t>(got.size()), n);
    for (int64_t i = 0; i < n; ++i)
      ASSERT_EQ(got[i], std::stod(record.values[i])) << "draw " << i;
  }
}

TEST(RandomState, ShapesReseedAndErrors) {
  T::RandomState rng(0);
  T::Array m = rng.randn({400, 784});
  EXPECT_EQ(m.shape(), (T::Shape{400, 784}));
  T::RandomState again(0);
  EXPECT_EQ(again.randn({400, 784}).at<double>(399, 783),
            m.at<double>(399, 783));
  rng.seed(0);
  EXPECT_EQ(rng.randn({1}).at<double>(0), m.at<double>(0, 0));
  EXPECT_THROW(T::RandomState(-1), T::Error);
  EXPECT_THROW(rng.randint(3, 3, {2}), T::Error);
  EXPECT_THROW(rng.normal({2}, 0, -1), T::Error);
}

TEST(RandomState, BinomialShapesAndErrors) {
  T::RandomState rng(0);
  T::Array counts = rng.binomial(7, 0.25, {3, 4});
  EXPECT_EQ(counts.shape(), (T::Shape{3, 4}));
  EXPECT_EQ(counts.dtype(), T::DType::Int64);
  EXPECT_EQ(rng.binomial(5, 0.5, {0}).size(), 0);
  EXPECT_THROW(rng.binomial(-1, 0.5, {2}), T::Error);
  EXPECT_THROW(rng.binomial(10, -0.1, {2}), T::Error);
  EXPECT_THROW(rng.binomial(10, 1.5, {2}), T::Error);
  EXPECT_THROW(rng.binomial(10, std::nan(""), {2}), T::Error);
  try {
    rng.binomial(10, 2.0, {1});
    FAIL() << "expected an Error";
  } catch (const T::Error &error) {
    EXPECT_NE(std::string(error.what()).find("binomial: p"), std::string::npos)
        << error.what();
  }
}

} // namespace
