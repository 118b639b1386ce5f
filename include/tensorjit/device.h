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

/// The most CPU threads one loop of compiled code runs on. A loop uses
/// more than one only when it is large (from 2^17 innermost iterations,
/// one thread per 2^16); smaller ones run on the calling thread. Initially
/// the TENSORJIT_NUM_THREADS environment variable, else the hardware's
/// thread count.
int num_threads();
/// Sets num_threads() and OpenBLAS's thread count for products (1: all
/// compiled code on the calling thread); at least 1, else a
/// tensorjit::Error. Loops already running keep their threads. Setting
/// TENSORJIT_NUM_THREADS bounds OpenBLAS the same way; without it,
/// OpenBLAS keeps its own default.
void set_num_threads(int threads);

} // namespace tensorjit

#endif // TENSORJIT_DEVICE_H
