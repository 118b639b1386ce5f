//===- ScopedEnvironment.h - An environment variable set for a scope ------===//

#ifndef TENSORJIT_TEST_UNIT_SCOPEDENVIRONMENT_H
#define TENSORJIT_TEST_UNIT_SCOPEDENVIRONMENT_H

#include <cstdlib>
#include <optional>
#include <string>

/// Sets the environment variable `name` to `value` while it lives, then
/// puts back what was there (or unsets it), even when a test fails
/// half-way.
class ScopedEnvironment {
public:
  ScopedEnvironment(std::string name, const std::string &value)
      : name_(std::move(name)) {
    if (const char *previous = std::getenv(name_.c_str()))
      previous_ = previous;
    setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    if (previous_)
      setenv(name_.c_str(), previous_->c_str(), 1);
    else
      unsetenv(name_.c_str());
  }
  ScopedEnvironment(const ScopedEnvironment &) = delete;
  ScopedEnvironment &operator=(const ScopedEnvironment &) = delete;

private:
  std::string name_;
  std::optional<std::string> previous_;
};

#endif // TENSORJIT_TEST_UNIT_SCOPEDENVIRONMENT_H
