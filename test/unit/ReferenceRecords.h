//===- ReferenceRecords.h - Reading test/data reference files ---*- C++ -*-===//
//
// The reference files in test/data (written by the make_*.py scripts next to
// them) hold one record per line, `head words... : values...`, with `#`
// comment lines.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_TEST_UNIT_REFERENCERECORDS_H
#define TENSORJIT_TEST_UNIT_REFERENCERECORDS_H

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tensorjit::reference {

/// One line: the words before " : " and those after.
struct ReferenceRecord {
  std::vector<std::string> head;
  std::vector<std::string> values;
};

/// Reads TENSORJIT_TEST_DATA/`name`; a missing file fails the test.
inline std::vector<ReferenceRecord> load_records(const std::string &name) {
  std::ifstream file(std::string(TENSORJIT_TEST_DATA) + "/" + name);
  EXPECT_TRUE(file.good()) << "missing test data " << name;
  std::vector<ReferenceRecord> records;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream in(line);
    ReferenceRecord record;
    std::string word;
    while (in >> word && word != ":")
      record.head.push_back(word);
    while (in >> word)
      record.values.push_back(word);
    records.push_back(std::move(record));
  }
  return records;
}

} // namespace tensorjit::reference

#endif // TENSORJIT_TEST_UNIT_REFERENCERECORDS_H
