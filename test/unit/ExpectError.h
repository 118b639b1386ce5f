//===- ExpectError.h - Checking tensorjit::Error messages -------*- C++ -*-===//

#ifndef TENSORJIT_TEST_UNIT_EXPECTERROR_H
#define TENSORJIT_TEST_UNIT_EXPECTERROR_H

#include <tensorjit/error.h>

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

/// Runs `body`, expects a tensorjit::Error whose message contains every
/// fragment.
template <typename Body>
void expectError(Body body, std::initializer_list<std::string> fragments) {
  try {
    body();
    ADD_FAILURE() << "no tensorjit::Error was thrown";
  } catch (const tensorjit::Error &error) {
    std::string message = error.what();
    for (const std::string &fragment : fragments)
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "message: " << message << "\nmissing: " << fragment;
  }
}

#endif // TENSORJIT_TEST_UNIT_EXPECTERROR_H
