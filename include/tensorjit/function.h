//===- function.h - Compiling graphs into callables -------------*- C++ -*-===//

#ifndef TENSORJIT_FUNCTION_H
#define TENSORJIT_FUNCTION_H

#include "tensorjit/array.h"
#include "tensorjit/shared.h"
#include "tensorjit/var.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tensorjit {

/// An input with a default value and, optionally, a keyword name (Theano's
/// In/Param). Without a name, the variable's name is its keyword.
struct In {
  In(Var var, Array default_value, std::string name = "")
      : var(std::move(var)), default_value(std::move(default_value)),
        name(std::move(name)) {}
  Var var;
  std::optional<Array> default_value;
  std::string name;
};

/// What function() takes as an input: a Var or an In.
struct Input {
  Input(Var var) : var(std::move(var)) {}
  Input(In in)
      : var(std::move(in.var)), default_value(std::move(in.default_value)),
        name(std::move(in.name)) {}
  Var var;
  std::optional<Array> default_value;
  std::string name;
};

/// What function() takes as an output.
struct Output {
  Output(Var var) : var(std::move(var)) {}
  Var var;
};

/// What to do with an input no output depends on (Theano's on_unused_input).
enum class OnUnusedInput { Raise, Warn, Ignore };

struct FunctionOptions {
  /// New values of shared variables, all computed from the values before
  /// the call and committed together after it.
  std::vector<std::pair<Shared, Var>> updates = {};
  /// Substitutions made before compiling: each variable (shared or not) is
  /// replaced by an expression of the same type.
  std::vector<std::pair<Var, Var>> givens = {};
  /// Leave the states of random variables where they are after a call
  /// (without it, each random variable's state advances: its default
  /// update, unless `updates` updates it).
  bool no_default_updates = false;
  /// Used in error messages and IR dumps.
  std::string name = {};
  OnUnusedInput on_unused_input = OnUnusedInput::Raise;
  /// Where the function runs. Unset: on the device of its shared variables
  /// (the CPU if it has none). Every shared variable it reads or updates
  /// must live there; host arrays passed to a GPU function are copied in,
  /// and its outputs come back as host arrays.
  std::optional<Device> device = std::nullopt;
};

/// Counters of a Function.
struct Stats {
  uint64_t calls = 0;
  /// Signatures compiled (first calls with new dtypes or size-1 patterns).
  uint64_t compiles = 0;
  /// Calls that reused compiled code.
  uint64_t cache_hits = 0;
  /// Of `compiles`, those whose code an earlier process left in the
  /// persistent compile cache (the directory TENSORJIT_CACHE_DIR names).
  uint64_t persistent_hits = 0;
};

/// The stages whose IR `Function::ir` returns.
enum class Stage {
  Tj,     ///< the tj dialect as emitted from the graph
  Fused,  ///< tj after stabilization, autodiff and fusion: one tj.fused
          ///< op per elementwise kernel
  Linalg, ///< after tj-lower-to-linalg and linalg fusion, on tensors
  LLVM,   ///< the LLVM dialect handed to ORC (for a GPU function: the
          ///< host code that launches the kernels)
  PTX     ///< the kernels' PTX (GPU functions; empty on the CPU)
};

/// A keyword argument: "name"_a = value.
namespace detail {
/// A C++ scalar as a 0-d array: integers int64, floating float64 (float
/// float32), bool bool.
template <Scalar S> Array scalar_array(S value) {
  if constexpr (std::is_same_v<S, bool>)
    return Array(value);
  else if constexpr (std::is_integral_v<S>)
    return Array(static_cast<long long>(value));
  else if constexpr (std::is_same_v<S, float>)
    return Array(value);
  else
    return Array(static_cast<double>(value));
}
} // namespace detail

/// A keyword argument: "name"_a = value. A C++ scalar value is weakly typed
/// (see `Function`).
struct KeywordArgument {
  std::string name;
  Array value;
  bool weak = false;
};
struct KeywordName {
  std::string name;
  KeywordArgument operator=(Array value) const {
    return {name, std::move(value), false};
  }
  template <detail::Scalar S> KeywordArgument operator=(S value) const {
    return {name, detail::scalar_array(value), true};
  }
};
namespace literals {
inline KeywordName operator""_a(const char *name, size_t size) {
  return {std::string(name, size)};
}
} // namespace literals

/// The results of a call: indexable, iterable, and convertible to an Array
/// when there is exactly one.
class Outputs {
public:
  explicit Outputs(std::vector<Array> arrays) : arrays_(std::move(arrays)) {}
  /// One output, held in place (a call's common case allocates no vector).
  explicit Outputs(Array one) : one_(std::move(one)) {}
  size_t size() const { return one_ ? 1 : arrays_.size(); }
  /// Output `i`; throws std::out_of_range past the end.
  const Array &operator[](size_t i) const {
    return one_ && i == 0 ? *one_ : arrays_.at(one_ ? i - 1 : i);
  }
  const Array *begin() const { return one_ ? &*one_ : arrays_.data(); }
  const Array *end() const { return begin() + size(); }
  /// The single output; throws if there are several. (`T::Array y =
  /// f(x);` moves it out of the temporary Outputs.)
  operator Array() const &;
  operator Array() &&;

private:
  std::optional<Array> one_;
  std::vector<Array> arrays_;
};

namespace detail {
class FunctionImpl;
/// One argument of a call: a positional value or a keyword.
struct Argument {
  const std::string *keyword = nullptr;
  /// The value, when the argument holds it (a scalar, an array built at
  /// run time).
  std::optional<Array> value;
  /// From a C++ scalar: converted to the input's dtype when the value is
  /// exactly representable there (Theano's rule for Python numbers).
  bool weak = false;
  /// The value, when the caller keeps it alive for the call (an Array
  /// passed to Function::operator(), which outlives the call's full
  /// expression): not copied.
  const Array *borrowed = nullptr;

  const Array &array() const { return borrowed ? *borrowed : *value; }
};
inline Argument to_argument(const KeywordArgument &keyword) {
  return {&keyword.name, std::nullopt, keyword.weak, &keyword.value};
}
inline Argument to_argument(const Array &value) {
  return {nullptr, std::nullopt, false, &value};
}
/// A temporary (an Array or what converts to one) is held: a conversion's
/// result would not outlive the building of the arguments.
inline Argument to_argument(Array &&value) {
  return {nullptr, std::move(value), false};
}
template <Scalar S> Argument to_argument(S value) {
  return {nullptr, scalar_array(value), true};
}
} // namespace detail

/// A compiled-on-demand callable. Calling it with a new signature (argument
/// dtypes and which dimensions are 1) compiles the graph once; later calls
/// with that signature reuse the code. Thread-safe; copies share the cache.
/// Arguments are Arrays, whose dtype must convert losslessly to the
/// input's, or C++ scalars, which are converted when their value fits the
/// input's dtype exactly (1 into an int32 input; 0.1 rounds into float32).
/// Calls that read or update the same shared variables are serialized.
class Function {
public:
  template <typename... Args> Outputs operator()(Args &&...args) const {
    std::array<detail::Argument, sizeof...(Args)> arguments = {
        detail::to_argument(std::forward<Args>(args))...};
    return call(arguments);
  }
  /// Calls with arguments built at run time.
  Outputs call(std::span<const detail::Argument> arguments) const;

  Stats stats() const;
  /// The module text at `stage` for the signature of the latest call.
  std::string ir(Stage stage) const;
  /// The numerical-stability rewrites (tj-stabilize) applied when the
  /// latest call's signature was compiled: "sigmoid", "log_sigmoid",
  /// "log_one_minus_sigmoid", "log_one_plus_exp", "log1p_exp",
  /// "log_sum_exp".
  std::vector<std::string> rewrites_applied() const;
  const std::string &name() const;

  explicit Function(std::shared_ptr<detail::FunctionImpl> impl)
      : impl_(std::move(impl)) {}

private:
  std::shared_ptr<detail::FunctionImpl> impl_;
};

/// Builds a callable from inputs to outputs; cheap (compiles nothing).
/// (One output is a Var, so that `T::function({x}, {y})` means the list.)
Function function(std::vector<Input> inputs, const Var &output,
                  FunctionOptions options = {});
Function function(std::vector<Input> inputs, std::vector<Output> outputs,
                  FunctionOptions options = {});

} // namespace tensorjit

#endif // TENSORJIT_FUNCTION_H
