//===- CacheDirectory.h - A persistent compile cache for a test -*- C++ -*-===//

#ifndef TENSORJIT_TEST_UNIT_CACHEDIRECTORY_H
#define TENSORJIT_TEST_UNIT_CACHEDIRECTORY_H

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

/// A new, empty directory that TENSORJIT_CACHE_DIR names while this lives
/// (compiles from then on use it); removed, and the variable unset, after.
struct CacheDirectory {
  std::filesystem::path path;

  explicit CacheDirectory(const std::string &name)
      : path(std::filesystem::temp_directory_path() /
             ("tensorjit-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path);
    setenv("TENSORJIT_CACHE_DIR", path.c_str(), 1);
  }
  ~CacheDirectory() {
    unsetenv("TENSORJIT_CACHE_DIR");
    std::filesystem::remove_all(path);
  }

  /// The files compiles left (none while the directory does not exist).
  std::vector<std::filesystem::path> files() const {
    std::vector<std::filesystem::path> found;
    if (std::filesystem::exists(path))
      for (const auto &entry : std::filesystem::directory_iterator(path))
        found.push_back(entry.path());
    return found;
  }
};

#endif // TENSORJIT_TEST_UNIT_CACHEDIRECTORY_H
