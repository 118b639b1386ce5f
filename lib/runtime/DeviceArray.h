//===- DeviceArray.h - Arrays in GPU memory (internal) ----------*- C++ -*-===//

#ifndef TENSORJIT_LIB_RUNTIME_DEVICEARRAY_H
#define TENSORJIT_LIB_RUNTIME_DEVICEARRAY_H

#include "absl/functional/function_ref.h"
#include "tensorjit/array.h"
#include "tensorjit/device.h"

#include <memory>

namespace tensorjit::detail {

/// A dense row-major array in the memory of a CUDA device, from the
/// caching allocator of jit/CudaRuntime. Copies share the buffer. Failures
/// (no device, out of memory, a driver error) throw tensorjit::Error.
class DeviceArray {
public:
  DeviceArray() = default;
  /// An uninitialized array.
  static DeviceArray empty(int ordinal, DType dtype, Shape shape);
  /// A copy of a host array.
  static DeviceArray from_host(int ordinal, const Array &host);
  /// A copy on the host.
  Array to_host() const;

  DType dtype() const { return dtype_; }
  const Shape &shape() const { return shape_; }
  int64_t ndim() const { return static_cast<int64_t>(shape_.size()); }
  int ordinal() const { return ordinal_; }
  size_t nbytes() const;
  /// The device address (not dereferenceable on the host).
  void *data() const { return data_.get(); }

private:
  DType dtype_ = DType::Float64;
  Shape shape_;
  int ordinal_ = 0;
  std::shared_ptr<void> data_;
};

/// Makes `device` current on this thread (CUDA), or throws a
/// tensorjit::Error that names `what()` and why ("no CUDA driver ...").
/// `what` is called only to describe a failure (calls pass through here).
void use_device(const Device &device, absl::FunctionRef<std::string()> what);

} // namespace tensorjit::detail

#endif // TENSORJIT_LIB_RUNTIME_DEVICEARRAY_H
