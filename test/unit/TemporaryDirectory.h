//===- TemporaryDirectory.h - A directory an environment variable names ---===//

#ifndef TENSORJIT_TEST_UNIT_TEMPORARYDIRECTORY_H
#define TENSORJIT_TEST_UNIT_TEMPORARYDIRECTORY_H

#include "test/unit/ScopedEnvironment.h"

#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

/// A new, empty temporary directory that the environment variable
/// `variable` names while this lives (TENSORJIT_CACHE_DIR,
/// TENSORJIT_DUMP_IR: compiles from then on use it); removed, and the
/// variable put back, after, even when a test fails half-way.
struct TemporaryDirectory {
  std::filesystem::path path;

  TemporaryDirectory(const std::string &variable, const std::string &name)
      : path(std::filesystem::temp_directory_path() /
             ("tensorjit-" + name + "-" + std::to_string(getpid()))),
        naming_(variable, path.string()) {
    std::filesystem::remove_all(path);
  }
  ~TemporaryDirectory() { std::filesystem::remove_all(path); }

  /// The files in it (none while it does not exist).
  std::vector<std::filesystem::path> files() const {
    std::vector<std::filesystem::path> found;
    if (std::filesystem::exists(path))
      for (const auto &entry : std::filesystem::directory_iterator(path))
        found.push_back(entry.path());
    return found;
  }

private:
  ScopedEnvironment naming_;
};

#endif // TENSORJIT_TEST_UNIT_TEMPORARYDIRECTORY_H
