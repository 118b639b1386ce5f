//===- error.h - tensorjit::Error -------------------------------*- C++ -*-===//

#ifndef TENSORJIT_ERROR_H
#define TENSORJIT_ERROR_H

#include <stdexcept>

namespace tensorjit {

/// Every misuse of the API throws this. The message names the function, the
/// input (by position and name), what was expected and what was given. After
/// an Error, functions and shared variables are unchanged and usable.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace tensorjit

#endif // TENSORJIT_ERROR_H
