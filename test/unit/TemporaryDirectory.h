//===- TemporaryDirectory.h - A directory an environment variable names ---===//

#ifndef TENSORJIT_TEST_UNIT_TEMPORARYDIRECTORY_H
#define TENSORJIT_TEST_UNIT_TEMPORARYDIRECTORY_H

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

/// A new, empty temporary directory that the environment variable
/// `variable` names while this lives (TENSORJIT_CACHE_DIR,
/// TENSORJIT_DUMP_IR: compiles from then on use it); removed, and the
/// variable unset, after, even when a test fails half-way.
struct TemporaryDirectory {
  std::string variable;
  std::filesystem::path path;

  TemporaryDirectory(std::string variable, const std::string &name)
      : variable(std::move(variable)),
        path(std::filesystem::temp_directory_path() /
             ("tensorjit-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path);
    setenv(this->variable.c_str(), path.c_str(), 1);
  }
  ~TemporaryDirectory() {
    unsetenv(variable.c_str());
    std::filesystem::remove_all(path);
  }

  /// The files in it (none while it does not exist).
  std::vector<std::filesystem::path> files() const {
    std::vector<std::filesystem::path> found;
    if (std::filesystem::exists(path))
      for (const auto &entry : std::filesystem::directory_iterator(path))
        found.push_back(entry.path());
    return found;
  }
};

#endif // TENSORJIT_TEST_UNIT_TEMPORARYDIRECTORY_H
