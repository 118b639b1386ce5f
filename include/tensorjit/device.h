//===- device.h - Where values live and code runs ---------------*- C++ -*-===//

#ifndef TENSORJIT_DEVICE_H
#define TENSORJIT_DEVICE_H

#include <string>

namespace tensorjit {

/// The CPU, or one NVIDIA GPU by its CUDA ordinal. Shared variables live on
/// a device; a function runs on the device of its shared variables.
class Device {
public:
  enum class Kind { Cpu, Cuda };

  /// The host CPU (the default everywhere).
  static Device cpu() { return Device(Kind::Cpu, 0); }
  /// The CUDA device `ordinal`. Naming it needs no GPU; using it (a shared
  /// variable on it, a call) needs one, else a tensorjit::Error.
  static Device cuda(int ordinal = 0) { return Device(Kind::Cuda, ordinal); }

  Kind kind() const { return kind_; }
  int ordinal() const { return ordinal_; }
  bool is_cuda() const { return kind_ == Kind::Cuda; }
  /// "cpu" or "cuda:0".
  std::string str() const;

  /// How many CUDA devices this process can use: 0 without a driver or a
  /// GPU (never an error).
  static int cuda_device_count();

  friend bool operator==(const Device &, const Device &) = default;

private:
  Device(Kind kind, int ordinal) : kind_(kind), ordinal_(ordinal) {}
  Kind kind_;
  int ordinal_;
};

} // namespace tensorjit

#endif // TENSORJIT_DEVICE_H
